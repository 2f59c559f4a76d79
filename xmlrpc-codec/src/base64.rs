//! Standard-alphabet base64 decoding that skips XML whitespace (CPython writes 76-column
//! lines, xmlrpc-c CRLF) and requires correct `=` padding. Decodes in place too: the output
//! never overtakes the input.

use crate::error::ErrorKind;
use crate::text::is_xml_space;

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
    let mut acc = 0u32;
    let mut bits = 0u32;
    let mut w = 0usize;
    for &c in src {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
