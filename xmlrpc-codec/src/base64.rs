//! base64 as XML-RPC writes it: the standard alphabet with `=` padding; decoding skips XML
//! whitespace (CPython writes 76-column lines, xmlrpc-c CRLF) and requires correct padding,
//! and decodes in place too (the output never overtakes the input). The codec's decoder,
//! view and encoder use this module, and so does the `baton` CLI: the one base64 of the
//! project.
//!
//! Decoding checks the text here (XML whitespace anywhere, exact padding) and decodes with
//! the `base64` crate: XML whitespace is stripped into a 256-byte stack chunk, each chunk
//! decoded by the crate (`decode_slice`; in place, back into the buffer behind the reading
//! position). BENCHMARKS.md ("base64") measures it against the bit-at-a-time loop it
//! replaced. The compact profile (`baton_compact`, the firmware) keeps that loop: the crate
//! adds 2,572 B to the firmware image, which its flash budget does not hold.
//!
//! ```
//! use baton_xmlrpc::base64;
//!
//! let text = b"AAEC\r\n/w==";
//! let mut bytes = [0u8; 4];
//! let n = base64::decode(text, &mut bytes).unwrap();
//! assert_eq!(&bytes[..n], &[0, 1, 2, 255]);
//!
//! let mut out = [0u8; 8];
//! let n = base64::encode(&bytes, &mut out).unwrap();
//! assert_eq!(&out[..n], b"AAEC/w==");
//! ```

use crate::encode::sink::Sink;
use crate::encode::EncodeError;
use crate::error::ErrorKind;
use crate::text::is_xml_space;

/// The decoded length of base64 text, after checking it: the standard alphabet, XML
/// whitespace (space, tab, CR, LF) anywhere, `=` padding exactly as needed.
///
/// ```
/// use baton_xmlrpc::{base64, ErrorKind};
///
/// assert_eq!(base64::decoded_len(b"Zm9v\nYmE="), Ok(5));
/// assert_eq!(base64::decoded_len(b"Zm9vYmE"), Err(ErrorKind::InvalidBase64));
/// ```
pub fn decoded_len(text: &[u8]) -> Result<usize, ErrorKind> {
    validate(text)
}

/// Checks base64 text (as [`decoded_len`]) and decodes it into `out`; returns the decoded
/// length (a prefix of `out`). `ScratchTooSmall` when `out` cannot hold it.
///
/// ```
/// use baton_xmlrpc::{base64, ErrorKind};
///
/// let mut out = [0u8; 6];
/// assert_eq!(base64::decode(b" Zm9v\r\nYmFy ", &mut out), Ok(6));
/// assert_eq!(&out, b"foobar");
/// assert_eq!(base64::decode(b"Zm9vYmFy", &mut out[..5]), Err(ErrorKind::ScratchTooSmall));
/// assert_eq!(base64::decode(b"Zm9v=", &mut out), Err(ErrorKind::InvalidBase64));
/// ```
pub fn decode(text: &[u8], out: &mut [u8]) -> Result<usize, ErrorKind> {
    let n = validate(text)?;
    let dst = out.get_mut(..n).ok_or(ErrorKind::ScratchTooSmall)?;
    decode_to(text, dst)
}

/// [`decode`] into a new `Vec`.
///
/// ```
/// use baton_xmlrpc::base64;
///
/// assert_eq!(base64::decode_to_vec(b"aGk=").unwrap(), b"hi");
/// assert!(base64::decode_to_vec(b"a=bc").is_err());
/// ```
#[cfg(feature = "alloc")]
pub fn decode_to_vec(text: &[u8]) -> Result<alloc::vec::Vec<u8>, ErrorKind> {
    let mut v = alloc::vec![0u8; validate(text)?];
    decode_to(text, &mut v)?;
    Ok(v)
}

/// The length of `n` bytes base64-encoded (with padding, no line breaks).
///
/// ```
/// assert_eq!(baton_xmlrpc::base64::encoded_len(5), 8);
/// ```
pub const fn encoded_len(n: usize) -> usize {
    n.div_ceil(3) * 4
}

/// Encodes `bytes` into `out` as the codec writes `<base64>` (standard alphabet, `=`
/// padding, no line breaks); returns the encoded length ([`encoded_len`]), or
/// [`EncodeError::BufferTooSmall`] when `out` is shorter.
///
/// ```
/// let mut out = [0u8; 8];
/// assert_eq!(baton_xmlrpc::base64::encode(b"fooba", &mut out), Ok(8));
/// assert_eq!(&out, b"Zm9vYmE=");
/// ```
pub fn encode(bytes: &[u8], out: &mut [u8]) -> Result<usize, EncodeError> {
    let total = out.len();
    let mut sink: &mut [u8] = out;
    write_base64(&mut sink, bytes)?;
    Ok(total - sink.len())
}

/// [`encode`] into a new `String`.
///
/// ```
/// assert_eq!(baton_xmlrpc::base64::encode_to_string(&[0, 255, 254, 62, 63]), "AP/+Pj8=");
/// ```
#[cfg(feature = "alloc")]
pub fn encode_to_string(bytes: &[u8]) -> alloc::string::String {
    let mut v = alloc::vec::Vec::with_capacity(encoded_len(bytes.len()));
    // A Vec never runs out of room, and the alphabet is ASCII.
    let _ = write_base64(&mut v, bytes);
    alloc::string::String::from_utf8(v).unwrap_or_default()
}

#[cfg(baton_compact)]
fn sextet(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// Checks `src` and returns the decoded length.
pub(crate) fn validate(src: &[u8]) -> Result<usize, ErrorKind> {
    validate_iter(src.iter().copied())
}

/// What a byte is in base64 text.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    /// One of the 64 characters.
    Char,
    /// XML whitespace (skipped).
    Space,
    /// `=`.
    Pad,
    /// Anything else.
    Bad,
}

/// [`Class`] of every byte, looked up in one load (the check runs over every byte of every
/// `<base64>`: the table halved the codec's check + decode time, BENCHMARKS.md "base64").
#[cfg(not(baton_compact))]
const CLASSES: [Class; 256] = {
    let mut t = [Class::Bad; 256];
    let mut i = 0;
    while i < 256 {
        let c = i as u8;
        t[i] = if c.is_ascii_alphanumeric() || c == b'+' || c == b'/' {
            Class::Char
        } else if c == b' ' || c == b'\t' || c == b'\r' || c == b'\n' {
            Class::Space
        } else if c == b'=' {
            Class::Pad
        } else {
            Class::Bad
        };
        i += 1;
    }
    t
};

#[cfg(not(baton_compact))]
fn class(c: u8) -> Class {
    CLASSES[usize::from(c)]
}

/// The compact profile compares (no 256-byte table in flash).
#[cfg(baton_compact)]
fn class(c: u8) -> Class {
    if is_xml_space(c) {
        Class::Space
    } else if c == b'=' {
        Class::Pad
    } else if sextet(c).is_some() {
        Class::Char
    } else {
        Class::Bad
    }
}

/// [`validate`] over a byte iterator (for text that still has entities).
pub(crate) fn validate_iter(src: impl Iterator<Item = u8>) -> Result<usize, ErrorKind> {
    let mut chars = 0usize;
    let mut pad = 0usize;
    for c in src {
        match class(c) {
            Class::Space => {}
            Class::Pad => {
                pad += 1;
                if pad > 2 {
                    return Err(ErrorKind::InvalidBase64);
                }
            }
            Class::Char if pad == 0 => chars += 1,
            Class::Char | Class::Bad => return Err(ErrorKind::InvalidBase64),
        }
    }
    let ok = match chars % 4 {
        0 => pad == 0,
        2 => pad == 2,
        3 => pad == 1,
        _ => false,
    };
    if ok {
        Ok(chars / 4 * 3 + (chars % 4).saturating_sub(1))
    } else {
        Err(ErrorKind::InvalidBase64)
    }
}

/// The `base64` crate's decoder for text [`validate`] accepted: the standard alphabet,
/// padding checked by `validate` already (indifferent here), and the bits after the last
/// byte ignored as this module always has (`Zm9=` is `fo`; the crate's strict engine would
/// refuse it).
#[cfg(not(baton_compact))]
const ENGINE: ::base64::engine::GeneralPurpose = ::base64::engine::GeneralPurpose::new(
    &::base64::alphabet::STANDARD,
    ::base64::engine::GeneralPurposeConfig::new()
        .with_decode_allow_trailing_bits(true)
        .with_decode_padding_mode(::base64::engine::DecodePaddingMode::Indifferent),
);

/// Characters gathered (whitespace stripped) per call of the crate's decoder: a multiple
/// of 4, so only the last gather holds padding.
#[cfg(not(baton_compact))]
const GATHER: usize = 256;

/// Decodes whole quads of stripped characters (no padding but in the last one) into `out`;
/// returns the bytes written. The last quad goes through a 3-byte stack copy, so `out`
/// needs only the exact decoded length.
#[cfg(not(baton_compact))]
fn decode_quads(chars: &[u8], out: &mut [u8]) -> Result<usize, ErrorKind> {
    use ::base64::engine::Engine as _;
    use ::base64::DecodeSliceError;
    let split = chars.len().saturating_sub(4);
    let (body, last) = chars.split_at(split);
    let map = |e: DecodeSliceError| match e {
        DecodeSliceError::OutputSliceTooSmall => ErrorKind::ScratchTooSmall,
        DecodeSliceError::DecodeError(_) => ErrorKind::InvalidBase64,
    };
    let w = ENGINE.decode_slice(body, out).map_err(map)?;
    let mut tail = [0u8; 3];
    let t = ENGINE.decode_slice(last, &mut tail).map_err(map)?;
    let dst = out.get_mut(w..w + t).ok_or(ErrorKind::ScratchTooSmall)?;
    dst.copy_from_slice(tail.get(..t).unwrap_or_default());
    Ok(w + t)
}

/// Decodes validated `src` into `out` (which must hold the decoded length); returns it.
pub(crate) fn decode_to(src: &[u8], out: &mut [u8]) -> Result<usize, ErrorKind> {
    decode_iter_to(src.iter().copied(), out)
}

/// [`decode_to`] over a byte iterator (for text that still has entities): XML whitespace
/// stripped into a stack chunk, each chunk decoded by the `base64` crate (3.5-8.9x faster
/// than a bit-at-a-time loop, BENCHMARKS.md "base64").
#[cfg(not(baton_compact))]
pub(crate) fn decode_iter_to(
    src: impl Iterator<Item = u8>,
    out: &mut [u8],
) -> Result<usize, ErrorKind> {
    let mut chunk = [0u8; GATHER];
    let (mut n, mut w) = (0usize, 0usize);
    for c in src {
        if is_xml_space(c) {
            continue;
        }
        if n == GATHER {
            // A full chunk is flushed only when more follows: the last one (with any
            // padding) is flushed below.
            let dst = out.get_mut(w..).ok_or(ErrorKind::ScratchTooSmall)?;
            w += decode_quads(&chunk, dst)?;
            n = 0;
        }
        if let Some(slot) = chunk.get_mut(n) {
            *slot = c;
        }
        n += 1;
    }
    let dst = out.get_mut(w..).ok_or(ErrorKind::ScratchTooSmall)?;
    Ok(w + decode_quads(chunk.get(..n).unwrap_or_default(), dst)?)
}

/// Decodes validated base64 in place; returns the decoded length (a prefix of `buf`).
///
/// The characters are gathered into a stack chunk and decoded by the `base64` crate back
/// into `buf`, behind the reading position (every 4 characters read give at most 3 bytes).
#[cfg(not(baton_compact))]
pub(crate) fn decode_in_place(buf: &mut [u8]) -> usize {
    let mut chunk = [0u8; GATHER];
    let (mut n, mut w) = (0usize, 0usize);
    for r in 0..buf.len() {
        let Some(c) = buf.get(r).copied().filter(|&c| !is_xml_space(c)) else {
            continue;
        };
        if n == GATHER {
            // Writes at most buf[w..w + 192], all before r (already read).
            w += buf
                .get_mut(w..)
                .and_then(|dst| decode_quads(&chunk, dst).ok())
                .unwrap_or(0);
            n = 0;
        }
        if let Some(slot) = chunk.get_mut(n) {
            *slot = c;
        }
        n += 1;
    }
    w + buf
        .get_mut(w..)
        .and_then(|dst| decode_quads(chunk.get(..n).unwrap_or_default(), dst).ok())
        .unwrap_or(0)
}

/// [`decode_to`] over a byte iterator (for text that still has entities). The compact
/// profile keeps this bit-at-a-time loop: no decode table, no engine code in flash.
#[cfg(baton_compact)]
pub(crate) fn decode_iter_to(
    src: impl Iterator<Item = u8>,
    out: &mut [u8],
) -> Result<usize, ErrorKind> {
    let mut acc = 0u32;
    let mut bits = 0u32;
    let mut w = 0usize;
    for c in src {
        let Some(v) = sextet(c) else { continue };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            *out.get_mut(w).ok_or(ErrorKind::ScratchTooSmall)? = (acc >> bits) as u8;
            w += 1;
        }
    }
    Ok(w)
}

/// Decodes validated base64 in place; returns the decoded length (a prefix of `buf`).
#[cfg(baton_compact)]
pub(crate) fn decode_in_place(buf: &mut [u8]) -> usize {
    let mut acc = 0u32;
    let mut bits = 0u32;
    let mut w = 0usize;
    for r in 0..buf.len() {
        let Some(v) = buf.get(r).copied().and_then(sextet) else {
            continue;
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            // w <= r: every output byte needs at least one more input char than it takes.
            if let Some(slot) = buf.get_mut(w) {
                *slot = (acc >> bits) as u8;
            }
            w += 1;
        }
    }
    w
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Input bytes per flush of the small stack chunk (a multiple of 3).
const CHUNK_IN: usize = 48;

fn sym(v: u32) -> u8 {
    ALPHABET[(v & 63) as usize]
}

/// Writes `bytes` base64-encoded (the `<base64>` encoder).
pub(crate) fn write_base64<S: Sink>(out: &mut S, bytes: &[u8]) -> Result<(), EncodeError> {
    let mut chunk = [0u8; CHUNK_IN / 3 * 4];
    for block in bytes.chunks(CHUNK_IN) {
        let mut n = 0;
        for triple in block.chunks(3) {
            let (b0, b1, b2) = match *triple {
                [a, b, c] => (a, Some(b), Some(c)),
                [a, b] => (a, Some(b), None),
                [a] => (a, None, None),
                _ => break,
            };
            let v =
                u32::from(b0) << 16 | u32::from(b1.unwrap_or(0)) << 8 | u32::from(b2.unwrap_or(0));
            let quad = [
                sym(v >> 18),
                sym(v >> 12),
                if b1.is_some() { sym(v >> 6) } else { b'=' },
                if b2.is_some() { sym(v) } else { b'=' },
            ];
            if let Some(dst) = chunk.get_mut(n..n + 4) {
                dst.copy_from_slice(&quad);
            }
            n += 4;
        }
        out.put(chunk.get(..n).unwrap_or_default())?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::sink::SliceSink;

    #[test]
    fn lines_and_padding() {
        let src = b"AAEC\r\n/w==\n";
        assert_eq!(validate(src), Ok(4));
        let mut out = [0u8; 4];
        assert_eq!(decode_to(src, &mut out), Ok(4));
        assert_eq!(out, [0, 1, 2, 255]);
        let mut inplace = *src;
        let n = decode_in_place(&mut inplace);
        assert_eq!(&inplace[..n], &[0, 1, 2, 255]);
    }

    /// Text of `bytes` with XML whitespace every few characters (76-column lines, CRLF,
    /// spaces), so that chunks of the gathering decoder split anywhere.
    fn spaced(bytes: &[u8], every: usize) -> heapless::Vec<u8, 8192> {
        let mut plain = [0u8; 2048];
        let n = encode(bytes, &mut plain).unwrap();
        let mut text = heapless::Vec::new();
        for (i, &c) in plain[..n].iter().enumerate() {
            if i % every == 0 {
                text.extend_from_slice(match i % 3 {
                    0 => &b"\r\n"[..],
                    1 => b" ",
                    _ => b"\t",
                })
                .unwrap();
            }
            text.push(c).unwrap();
        }
        text.push(b'\n').unwrap();
        text
    }

    #[test]
    fn every_length_and_split_decodes_to_the_bytes() {
        let bytes: [u8; 1200] = core::array::from_fn(|i| (i * 37 % 256) as u8);
        for len in (0..=1200).step_by(7).chain(190..200) {
            for every in [1, 3, 76, 1000] {
                let want = &bytes[..len];
                let text = spaced(want, every);
                assert_eq!(validate(&text), Ok(len));
                let mut out = [0u8; 1200];
                let out = &mut out[..len];
                assert_eq!(decode_to(&text, out), Ok(len), "len {len} every {every}");
                assert_eq!(out, want, "decode_to, len {len} every {every}");
                let mut inplace = text.clone();
                let n = decode_in_place(&mut inplace);
                assert_eq!(&inplace[..n], want, "in place, len {len} every {every}");
            }
        }
    }

    #[test]
    fn bits_after_the_last_byte_are_ignored() {
        // `9` is 111101: its low 2 bits are past the last byte (a strict decoder refuses).
        let mut out = [0u8; 2];
        assert_eq!(decode(b"Zm9=", &mut out), Ok(2));
        assert_eq!(&out, b"fo");
        let mut inplace = *b"Zm9=";
        let n = decode_in_place(&mut inplace);
        assert_eq!(&inplace[..n], b"fo");
    }

    #[test]
    fn an_output_short_of_the_decoded_length_is_scratch_too_small() {
        let mut out = [0u8; 300];
        let text = spaced(&[7u8; 301], 76);
        assert_eq!(decode_to(&text, &mut out), Err(ErrorKind::ScratchTooSmall));
        assert_eq!(
            decode_to(b"Zm9v", &mut out[..2]),
            Err(ErrorKind::ScratchTooSmall)
        );
    }

    #[test]
    fn bad_base64() {
        for bad in [
            &b"A"[..],
            b"AA",
            b"AA=",
            b"A===",
            b"AA==AA==",
            b"AA*A",
            b"=AAA",
        ] {
            assert_eq!(validate(bad), Err(ErrorKind::InvalidBase64), "{bad:?}");
        }
        assert_eq!(validate(b""), Ok(0));
    }

    fn b64(input: &[u8]) -> heapless::String<256> {
        let mut buf = [0u8; 256];
        let mut sink = SliceSink::new(&mut buf);
        write_base64(&mut sink, input).unwrap();
        let n = sink.len();
        let mut s = heapless::String::new();
        s.push_str(core::str::from_utf8(&buf[..n]).unwrap())
            .unwrap();
        s
    }

    #[test]
    fn rfc4648_vectors() {
        assert_eq!(b64(b""), "");
        assert_eq!(b64(b"f"), "Zg==");
        assert_eq!(b64(b"fo"), "Zm8=");
        assert_eq!(b64(b"foo"), "Zm9v");
        assert_eq!(b64(b"foob"), "Zm9vYg==");
        assert_eq!(b64(b"fooba"), "Zm9vYmE=");
        assert_eq!(b64(b"foobar"), "Zm9vYmFy");
        assert_eq!(b64(&[0x00, 0xff, 0xfe]), "AP/+");
    }

    #[test]
    fn long_input_has_no_line_breaks() {
        let input = [0xABu8; 100];
        let s = b64(&input);
        assert_eq!(s.len(), 136);
        assert!(!s.contains('\n') && !s.contains('\r'));
        assert!(s.ends_with("qw=="));
    }
}
