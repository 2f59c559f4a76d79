//! base64 as XML-RPC writes it: the standard alphabet with `=` padding; decoding skips XML
//! whitespace (CPython writes 76-column lines, xmlrpc-c CRLF) and requires correct padding,
//! and decodes in place too (the output never overtakes the input). The codec's decoder,
//! view and encoder use this module, and so does the `baton` CLI: the one base64 of the
//! project.
//!
//! Not the `base64` crate: XML-RPC allows whitespace inside base64, which the crate's
//! decoders refuse, so it needs a whitespace-stripping copy first, and it cannot decode in
//! place (separate input and output slices). BENCHMARKS.md ("base64") measures both side by
//! side: strip + crate is 3.5-8.9x faster than this bit-at-a-time loop, so speed is no
//! reason to keep it; decoding the stripped text with the crate is the planned next step.
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

/// [`validate`] over a byte iterator (for text that still has entities).
pub(crate) fn validate_iter(src: impl Iterator<Item = u8>) -> Result<usize, ErrorKind> {
    let mut chars = 0usize;
    let mut pad = 0usize;
    for c in src {
        if is_xml_space(c) {
            continue;
        }
        if c == b'=' {
            pad += 1;
            if pad > 2 {
                return Err(ErrorKind::InvalidBase64);
            }
        } else if pad > 0 || sextet(c).is_none() {
            return Err(ErrorKind::InvalidBase64);
        } else {
            chars += 1;
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

/// Decodes validated `src` into `out` (which must hold the decoded length); returns it.
pub(crate) fn decode_to(src: &[u8], out: &mut [u8]) -> Result<usize, ErrorKind> {
    decode_iter_to(src.iter().copied(), out)
}

/// [`decode_to`] over a byte iterator (for text that still has entities).
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
