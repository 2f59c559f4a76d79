//! In-place decoding of a mutable input before it is read (the `&mut [u8]` entry points).
//!
//! Every text run that needs unescaping (entity/character references, CDATA sections,
//! comments, processing instructions) and every `base64` content is decoded where it lies,
//! and marked with a *frame* so the reader can find it again:
//!
//! * text: `0x01`, the decoded text, then `0x00` bytes up to the run's end (decoding always
//!   saves at least 3 bytes, and decoded text never contains `0x00`);
//! * base64: `0x00` padding, then `0x02` + LEB128 length + the bytes, ending exactly where the
//!   content ended; or `0x03` + exactly 3 bytes when only one byte was saved (`AAAA`).
//!
//! Bytes `0x00`-`0x03` are not XML characters, so a document that contains them raw is
//! refused before anything is rewritten: frames cannot be forged.
//!
//! Why decode everything first rather than while deserializing: the reader then works on one
//! shared `&'de [u8]` for the whole document, so typed decoding can *restart* (to honour
//! "last duplicate member wins", see [`crate::de`]) and read the already decoded text again.
//! Documents without escapes or base64 are only scanned (memchr), never written.

use crate::base64;
use crate::error::{Error, ErrorKind};
use crate::options::DecodeOptions;
use crate::reader::{varint_len, write_varint, Reader, FRAME_B64, FRAME_B64_3, FRAME_TEXT};
use crate::text::{entity_char, is_xml_space};

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// First byte `< 0x04` (a frame marker or NUL).
fn find_low(b: &[u8]) -> Option<usize> {
    let mut i = 0;
    while let Some(chunk) = b.get(i..i + 8) {
        let Ok(arr) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let w = u64::from_le_bytes(arr);
        let m = w.wrapping_sub(LO * 4) & !w & HI;
        if m != 0 {
            return Some(i + (m.trailing_zeros() / 8) as usize);
        }
        i += 8;
    }
    b.get(i..)?.iter().position(|&c| c < 4).map(|p| p + i)
}

/// Decodes text runs and base64 contents of `buf` in place (see the module docs). Returns
/// whether the whole document's UTF-8 was checked (before base64 was decoded into it).
///
/// Errors come in document order, as the `&[u8]` entry points report them: when the rewrite
/// meets a problem (a raw control byte, a bad reference, bad base64), an error the reader
/// meets before it (a mismatched tag earlier in the document, say) is reported instead.
pub(crate) fn normalize(buf: &mut [u8], opts: DecodeOptions) -> Result<bool, Error> {
    if let Some(i) = find_low(buf) {
        // Nothing is rewritten yet: the error of reading the document as it is.
        let e = crate::view::first_error(buf, false, false, opts);
        return Err(e.unwrap_or(Error::new(ErrorKind::InvalidChar, i)));
    }
    let mut utf8_checked = false;
    match rewrite(buf, opts, &mut utf8_checked) {
        Ok(()) => Ok(utf8_checked),
        // Before the problem the document is rewritten (framed), after it not: the framed
        // reader reads the part before it as the plain reader reads the original.
        Err(e) => Err(
            match crate::view::first_error(buf, true, utf8_checked, opts) {
                Some(first) if first.offset() < e.offset() => first,
                _ => e,
            },
        ),
    }
}

/// The rewrite of [`normalize`]; sets `utf8_checked` when it checked the document's UTF-8
/// (before the first base64 is decoded into it).
fn rewrite(buf: &mut [u8], opts: DecodeOptions, utf8_checked: &mut bool) -> Result<(), Error> {
    let mut floor = 0;
    if buf.starts_with(&[0xEF, 0xBB, 0xBF]) {
        floor = 3;
    }
    if buf.get(floor..).is_some_and(|b| b.starts_with(b"<?xml")) {
        match crate::text::find(buf.get(floor..).unwrap_or(&[]), b"?>") {
            Some(end) => floor += end + 2,
            None => return Ok(()), // the reader reports it
        }
    }
    // Building a memmem searcher costs more than scanning a small document for `6`; bare
    // metal documents are small, and the searcher's code is not worth its flash there.
    let b64_finder = if cfg!(not(baton_compact)) && buf.len() > 16 * 1024 {
        Some(memchr::memmem::Finder::new(b"64"))
    } else {
        None
    };
    // Next candidate positions; `usize::MAX`: none left. Recomputed only when passed.
    let mut text_cand = 0usize;
    let mut b64_cand = 0usize;
    let mut first = true;
    // Decoded base64 makes the buffer invalid UTF-8 for the reader's up-front check: the
    // document is checked here, once, before the first base64 is rewritten.
    loop {
        if first || (text_cand < floor) {
            text_cand = next_text_candidate(buf, floor).unwrap_or(usize::MAX);
        }
        if first || (b64_cand < floor) {
            b64_cand = next_b64_candidate(buf, floor, b64_finder.as_ref()).unwrap_or(usize::MAX);
        }
        first = false;
        let next = if text_cand == usize::MAX && b64_cand == usize::MAX {
            return Ok(());
        } else if b64_cand < text_cand {
            Candidate::Base64(b64_cand)
        } else {
            Candidate::Text(text_cand)
        };
        floor = match next {
            Candidate::Text(m) => text_run(buf, floor, m, opts)?,
            Candidate::Base64(t) => base64_run(buf, t, opts, utf8_checked)?,
        };
    }
}

enum Candidate {
    /// Position of `&`, or of the `<` of `<!` / `<?`.
    Text(usize),
    /// Position of the `<` of `<base64`.
    Base64(usize),
}

fn next_text_candidate(buf: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    loop {
        let off = memchr::memchr3(b'&', b'!', b'?', buf.get(i..)?)?;
        let at = i + off;
        if buf.get(at) == Some(&b'&') {
            return Some(at);
        }
        if at > from && buf.get(at - 1) == Some(&b'<') {
            return Some(at - 1);
        }
        i = at + 1;
    }
}

fn next_b64_candidate(
    buf: &[u8],
    from: usize,
    finder: Option<&memchr::memmem::Finder<'_>>,
) -> Option<usize> {
    let mut i = from;
    loop {
        let hay = buf.get(i..)?;
        let at = i + match finder {
            Some(f) => f.find(hay)?,
            None => {
                let mut j = 0;
                loop {
                    j += memchr::memchr(b'6', hay.get(j..)?)?;
                    if hay.get(j + 1) == Some(&b'4') {
                        break j;
                    }
                    j += 1;
                }
            }
        };
        if at >= from + 5 {
            let tag = buf.get(at - 5..at)?;
            if tag.first() == Some(&b'<') && tag.get(1..)?.eq_ignore_ascii_case(b"base") {
                let after = buf.get(at + 2).copied();
                if matches!(after, Some(b'>' | b'/')) || after.is_some_and(is_xml_space) {
                    return Some(at - 5);
                }
            }
        }
        i = at + 1;
    }
}

/// End (index after `>`) of the tag starting at `buf[t] == b'<'`, quotes respected.
fn tag_end(buf: &[u8], t: usize) -> Option<usize> {
    let mut i = t + 1;
    let mut quote = 0u8;
    loop {
        let c = *buf.get(i)?;
        if quote != 0 {
            if c == quote {
                quote = 0;
            }
        } else if c == b'"' || c == b'\'' {
            quote = c;
        } else if c == b'>' {
            return Some(i + 1);
        }
        i += 1;
    }
}

/// Handles the text candidate at `m`; returns the new scan floor.
fn text_run(buf: &mut [u8], floor: usize, m: usize, opts: DecodeOptions) -> Result<usize, Error> {
    // The run starts after the last tag before `m` (or at the floor, in the prolog).
    let start = match memchr::memrchr(b'<', buf.get(floor..m).unwrap_or(&[])) {
        Some(off) => {
            let t = floor + off;
            match tag_end(buf, t) {
                Some(e) if e > m => return Ok(e), // inside a tag: an attribute value
                Some(e) => e,
                None => return Ok(buf.len()), // unterminated: the reader reports it
            }
        }
        None => floor,
    };
    let mut reader = Reader::unchecked(buf, opts);
    reader.pos = start;
    let escaped = match reader.text() {
        Ok(t) => t.is_escaped(),
        // A run the document ends in (comments after the root, or a truncated document):
        // left as it is for the reader.
        Err(e) if e.kind() == ErrorKind::UnexpectedEof => return Ok(buf.len()),
        Err(e) => return Err(e),
    };
    let end = reader.pos;
    if escaped {
        frame_text(buf, start, end)?;
    }
    Ok(end)
}

/// Decodes the checked raw run `buf[a..b]` to its start; returns the decoded length.
fn decode_run(buf: &mut [u8], a: usize, b: usize) -> usize {
    let mut r = a;
    let mut w = a;
    while r < b {
        let Some(seg) = buf.get(r..b) else { break };
        let Some(&first) = seg.first() else { break };
        if first == b'&' {
            let semi = memchr::memchr(b';', seg).unwrap_or(seg.len());
            let c = seg.get(1..semi).and_then(entity_char).unwrap_or('\u{FFFD}');
            let mut tmp = [0u8; 4];
            let enc = c.encode_utf8(&mut tmp).as_bytes();
            if let Some(dst) = buf.get_mut(w..w + enc.len()) {
                dst.copy_from_slice(enc);
            }
            w += enc.len();
            r += semi + 1;
        } else if first == b'<' {
            if seg.starts_with(b"<![CDATA[") {
                let len = crate::text::find(seg, b"]]>").unwrap_or(seg.len()) - 9;
                buf.copy_within(r + 9..r + 9 + len, w);
                w += len;
                r += 9 + len + 3;
            } else {
                // Search after the opener: `<!-->` is a comment starting with `>`.
                let (open, close): (usize, &[u8]) = if seg.starts_with(b"<!--") {
                    (4, b"-->")
                } else {
                    (2, b"?>")
                };
                let body = seg.get(open..).unwrap_or(&[]);
                let len = crate::text::find(body, close).unwrap_or(body.len());
                r += open + len + close.len();
            }
        } else {
            let len = memchr::memchr2(b'&', b'<', seg).unwrap_or(seg.len());
            buf.copy_within(r..r + len, w);
            w += len;
            r += len;
        }
    }
    w - a
}

/// Rewrites the escaped run `buf[a..b]` as a text frame.
fn frame_text(buf: &mut [u8], a: usize, b: usize) -> Result<(), Error> {
    let n = decode_run(buf, a, b);
    if n + 2 > b - a {
        return Err(Error::new(ErrorKind::Syntax, a));
    }
    buf.copy_within(a..a + n, a + 1);
    if let Some(first) = buf.get_mut(a) {
        *first = FRAME_TEXT;
    }
    if let Some(pad) = buf.get_mut(a + 1 + n..b) {
        pad.fill(0);
    }
    Ok(())
}

/// Handles `<base64` at `t`; returns the new scan floor.
fn base64_run(
    buf: &mut [u8],
    t: usize,
    opts: DecodeOptions,
    utf8_checked: &mut bool,
) -> Result<usize, Error> {
    let Some(a) = tag_end(buf, t) else {
        return Ok(buf.len());
    };
    if buf.get(a.saturating_sub(2)) == Some(&b'/') {
        return Ok(a); // <base64/>
    }
    let mut reader = Reader::unchecked(buf, opts);
    reader.pos = a;
    let text = match reader.text() {
        Ok(t) => t,
        Err(e) if e.kind() == ErrorKind::UnexpectedEof => return Ok(buf.len()),
        Err(e) => return Err(e),
    };
    let b = reader.pos;
    if !buf.get(b..).is_some_and(|r| r.starts_with(b"</")) {
        return Ok(b); // the reader reports what is wrong
    }
    let escaped = text.is_escaped();
    let content_end = if escaped {
        a + decode_run(buf, a, b)
    } else {
        b
    };
    let src = buf.get(a..content_end).unwrap_or(&[]);
    let d = base64::validate(src).map_err(|k| Error::new(k, a))?;
    if d == 0 && content_end == b {
        return Ok(b); // whitespace only: nothing to rewrite
    }
    if !*utf8_checked {
        if let Err(e) = core::str::from_utf8(buf) {
            return Err(Error::new(ErrorKind::InvalidUtf8, e.valid_up_to()));
        }
        *utf8_checked = true;
    }
    let region = buf.get_mut(a..content_end).unwrap_or(&mut []);
    let d = base64::decode_in_place(region);
    let room = b - a;
    let v = varint_len(d);
    if room >= 1 + v + d {
        // [0x00 ...][0x02][len][data] ending at b.
        let data_at = b - d;
        buf.copy_within(a..a + d, data_at);
        let header = data_at - 1 - v;
        if let Some(pad) = buf.get_mut(a..header) {
            pad.fill(0);
        }
        if let Some(m) = buf.get_mut(header) {
            *m = FRAME_B64;
        }
        write_varint(d, buf.get_mut(header + 1..data_at).unwrap_or(&mut []))
            .ok_or(Error::new(ErrorKind::Syntax, a))?;
    } else if d == 3 && room == 4 {
        buf.copy_within(a..a + 3, a + 1);
        if let Some(m) = buf.get_mut(a) {
            *m = FRAME_B64_3;
        }
    } else {
        return Err(Error::new(ErrorKind::InvalidBase64, a));
    }
    Ok(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(doc: &str) -> heapless::Vec<u8, 256> {
        let mut v = heapless::Vec::<u8, 256>::new();
        v.extend_from_slice(doc.as_bytes()).unwrap();
        normalize(&mut v, DecodeOptions::default()).unwrap();
        v
    }

    #[test]
    fn text_frame_layout() {
        let v = norm("<string>a&lt;b</string>");
        assert_eq!(&v[..], b"<string>\x01a<b\0\0</string>");
    }

    #[test]
    fn base64_frames() {
        let v = norm("<base64>AAEC</base64>");
        assert_eq!(&v[..], b"<base64>\x03\x00\x01\x02</base64>");
        let v = norm("<base64>AAECAw==</base64>");
        assert_eq!(&v[..], b"<base64>\0\0\x02\x04\x00\x01\x02\x03</base64>");
    }

    #[test]
    fn raw_frame_bytes_are_refused() {
        // (In a whole document: errors come in document order, and a fragment's first
        // error is its root.)
        let mut doc = *b"<methodCall><methodName>\x01x\x00</methodName></methodCall>";
        assert_eq!(
            normalize(&mut doc, DecodeOptions::default())
                .unwrap_err()
                .kind(),
            ErrorKind::InvalidChar
        );
    }
}
