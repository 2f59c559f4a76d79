//! Text content: `&`, `<`, `>` escaped, CR written as `&#13;` (so XML line-end
//! normalization cannot turn it into LF), and characters XML 1.0 cannot carry rejected.
//!
//! Runs of plain bytes are found eight at a time (SWAR over a `u64`) and copied to the sink
//! in one piece; only the special bytes are looked at one by one.

use super::sink::Sink;
use super::EncodeError;

/// Byte classes.
const PLAIN: u8 = 0;
/// `&`, `<`, `>`, CR: written as a reference.
const ESCAPE: u8 = 1;
/// C0 controls other than tab, LF, CR: never valid in XML 1.0.
const CONTROL: u8 = 2;
/// First byte of U+F000..U+FFFF, which includes the invalid U+FFFE / U+FFFF.
const LEAD_EF: u8 = 3;

const CLASS: [u8; 256] = {
    let mut t = [PLAIN; 256];
    // The one rule: `crate::text::is_xml_char` (only bytes below 0x20 can be a whole
    // non-`Char` in UTF-8; U+FFFE / U+FFFF start with 0xEF, checked below).
    let mut i = 0;
    while i < 0x20 {
        if !crate::text::is_xml_char(i as u32) {
            t[i] = CONTROL;
        }
        i += 1;
    }
    t[b'\r' as usize] = ESCAPE;
    t[b'&' as usize] = ESCAPE;
    t[b'<' as usize] = ESCAPE;
    t[b'>' as usize] = ESCAPE;
    t[0xEF] = LEAD_EF;
    t
};

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// Whether some byte of `x` is zero (exact as a yes/no answer).
#[inline(always)]
fn has_zero(x: u64) -> bool {
    x.wrapping_sub(ONES) & !x & HIGHS != 0
}

/// Whether one of the eight bytes may need attention: below 0x20, `&`, `<`, `>` or 0xEF.
/// False positives (tab, LF) are sorted out by the byte loop.
#[inline(always)]
fn word_has_special(x: u64) -> bool {
    // Bytes below 0x20: `x - 0x20..` borrows only from them (exact as a yes/no answer for
    // thresholds up to 0x80).
    let low = x.wrapping_sub(ONES * 0x20) & !x & HIGHS;
    low != 0
        || has_zero(x ^ (ONES * u64::from(b'&')))
        // `<` (0x3C) and `>` (0x3E) are the only bytes that OR 0x02 turns into 0x3E.
        || has_zero((x | (ONES * 0x02)) ^ (ONES * u64::from(b'>')))
        || has_zero(x ^ (ONES * 0xEF))
}

/// Index of the first byte whose class is not [`PLAIN`] (tab and LF are plain).
#[inline]
fn find_special(bytes: &[u8]) -> Option<usize> {
    let mut base = 0;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        if word_has_special(u64::from_le_bytes(word)) {
            if let Some(i) = chunk.iter().position(|&b| CLASS[usize::from(b)] != PLAIN) {
                return Some(base + i);
            }
        }
        base += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&b| CLASS[usize::from(b)] != PLAIN)
        .map(|i| base + i)
}

/// Writes `text` as XML character data.
pub(crate) fn write_text<S: Sink>(out: &mut S, text: &str) -> Result<(), EncodeError> {
    let bytes = text.as_bytes();
    let mut start = 0; // first byte not yet written
    let mut pos = 0; // where to look next
    while let Some(rest) = bytes.get(pos..) {
        let Some(off) = find_special(rest) else {
            break;
        };
        let at = pos + off;
        let b = bytes.get(at).copied().unwrap_or(0);
        match CLASS[usize::from(b)] {
            ESCAPE => {
                out.put(bytes.get(start..at).unwrap_or_default())?;
                out.put(match b {
                    b'&' => b"&amp;",
                    b'<' => b"&lt;",
                    b'>' => b"&gt;",
                    _ => b"&#13;",
                })?;
                start = at + 1;
            }
            CONTROL => return Err(EncodeError::InvalidChar(char::from(b))),
            _ => {
                // 0xEF: U+FFFE is EF BF BE, U+FFFF is EF BF BF.
                if bytes.get(at + 1) == Some(&0xBF) {
                    match bytes.get(at + 2) {
                        Some(0xBE) => return Err(EncodeError::InvalidChar('\u{FFFE}')),
                        Some(0xBF) => return Err(EncodeError::InvalidChar('\u{FFFF}')),
                        _ => {}
                    }
                }
            }
        }
        pos = at + 1;
    }
    out.put(bytes.get(start..).unwrap_or_default())
}

/// A [`core::fmt::Write`] adapter that escapes what it is given (for `collect_str`).
pub(crate) struct TextWriter<'a, S> {
    pub(crate) out: &'a mut S,
    pub(crate) error: Option<EncodeError>,
}

impl<S: Sink> core::fmt::Write for TextWriter<'_, S> {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        write_text(self.out, s).map_err(|e| {
            self.error = Some(e);
            core::fmt::Error
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::sink::SliceSink;

    fn esc(s: &str) -> Result<heapless::String<256>, EncodeError> {
        let mut buf = [0u8; 256];
        let mut sink = SliceSink::new(&mut buf);
        write_text(&mut sink, s)?;
        let n = sink.len();
        let mut out = heapless::String::new();
        out.push_str(core::str::from_utf8(&buf[..n]).unwrap())
            .unwrap();
        Ok(out)
    }

    #[test]
    fn escapes_in_every_position() {
        assert_eq!(esc("").unwrap(), "");
        assert_eq!(
            esc("plain text, long enough for words").unwrap(),
            "plain text, long enough for words"
        );
        assert_eq!(esc("<").unwrap(), "&lt;");
        assert_eq!(esc("a&b<c>d\re").unwrap(), "a&amp;b&lt;c&gt;d&#13;e");
        assert_eq!(esc("0123456789abcdef<").unwrap(), "0123456789abcdef&lt;");
        assert_eq!(esc("0123456&89abcdef").unwrap(), "0123456&amp;89abcdef");
        assert_eq!(
            esc("tab\tnew\nline\"quote'apos").unwrap(),
            "tab\tnew\nline\"quote'apos"
        );
        assert_eq!(
            esc("=?;:\u{FF01}\u{FFFD}\u{10FFFF}").unwrap(),
            "=?;:\u{FF01}\u{FFFD}\u{10FFFF}"
        );
    }

    #[test]
    fn word_scan_agrees_with_the_table() {
        for b in 0..=255u8 {
            for lane in 0..8 {
                let mut w = [b'a'; 8];
                w[lane] = b;
                let hit = word_has_special(u64::from_le_bytes(w));
                if CLASS[usize::from(b)] != PLAIN {
                    assert!(hit, "byte {b:#x} lane {lane}");
                }
            }
        }
    }

    /// The encoder refuses exactly what `text::first_non_xml_char` finds.
    #[test]
    fn encoder_refuses_exactly_the_non_xml_chars_of_the_one_rule() {
        let mut probes: heapless::Vec<char, 64> = heapless::Vec::new();
        for c in (0u32..0x21)
            .chain([0x7F, 0x80, 0xD7FF, 0xE000, 0xEFFF, 0xF000, 0xFFFD])
            .chain([0xFFFE, 0xFFFF, 0x10000, 0x10FFFF])
        {
            probes.push(char::from_u32(c).unwrap()).unwrap();
        }
        for c in probes {
            let mut s = heapless::String::<16>::new();
            s.push_str("ab").unwrap();
            s.push(c).unwrap();
            let refused = esc(&s).is_err();
            assert_eq!(
                refused,
                crate::text::first_non_xml_char(&s).is_some(),
                "{:#x}",
                c as u32
            );
        }
    }

    #[test]
    fn rejects_xml_invalid_chars() {
        assert_eq!(esc("a\u{0}"), Err(EncodeError::InvalidChar('\u{0}')));
        assert_eq!(
            esc("0123456789\u{1b}"),
            Err(EncodeError::InvalidChar('\u{1b}'))
        );
        assert_eq!(esc("x\u{FFFE}"), Err(EncodeError::InvalidChar('\u{FFFE}')));
        assert_eq!(esc("\u{FFFF}"), Err(EncodeError::InvalidChar('\u{FFFF}')));
    }
}
