//! `base64` content: the standard alphabet with `=` padding, no line breaks.

use super::sink::Sink;
use super::EncodeError;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Input bytes per flush of the small stack chunk (a multiple of 3).
const CHUNK_IN: usize = 48;

fn sym(v: u32) -> u8 {
    ALPHABET[(v & 63) as usize]
}

/// Writes `bytes` base64-encoded.
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
