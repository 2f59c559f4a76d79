//! JSON string escapes: decoding one escape, unescaping in place or into
//! a buffer, and comparing escaped text with plain text without a buffer.

/// Reads the 4 hex digits at `bytes[at..at + 4]`.
fn hex4(bytes: &[u8], at: usize) -> Option<u32> {
    let digits = bytes.get(at..at.checked_add(4)?)?;
    let mut value = 0u32;
    for &d in digits {
        value = value * 16 + (d as char).to_digit(16)?;
    }
    Some(value)
}

/// Decodes the escape that starts with the backslash at `bytes[at]`:
/// the character and the number of input bytes it used. `None` for an
/// invalid escape (including a lone surrogate).
pub(crate) fn decode_escape(bytes: &[u8], at: usize) -> Option<(char, usize)> {
    let c = match *bytes.get(at.checked_add(1)?)? {
        b'"' => '"',
        b'\\' => '\\',
        b'/' => '/',
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => {
            let first = hex4(bytes, at + 2)?;
            return match first {
                0xD800..=0xDBFF => {
                    if bytes.get(at + 6) != Some(&b'\\') || bytes.get(at + 7) != Some(&b'u') {
                        return None;
                    }
                    let second = hex4(bytes, at + 8)?;
                    if !(0xDC00..=0xDFFF).contains(&second) {
                        return None;
                    }
                    let code = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
                    Some((char::from_u32(code)?, 12))
                }
                0xDC00..=0xDFFF => None,
                _ => Some((char::from_u32(first)?, 6)),
            };
        }
        _ => return None,
    };
    Some((c, 2))
}

/// Unescapes the string content in `buf` in place; returns the new
/// length. The output never outgrows the input (each escape is at least
/// as long as the UTF-8 it stands for). Invalid escapes are copied as they
/// are (the reader has rejected them before).
pub(crate) fn unescape_in_place(buf: &mut [u8]) -> usize {
    let (mut r, mut w) = (0usize, 0usize);
    while let Some(&b) = buf.get(r) {
        if b == b'\\' {
            if let Some((c, used)) = decode_escape(buf, r) {
                let mut tmp = [0u8; 4];
                for &x in c.encode_utf8(&mut tmp).as_bytes() {
                    if let Some(slot) = buf.get_mut(w) {
                        *slot = x;
                    }
                    w += 1;
                }
                r += used;
                continue;
            }
        }
        if let Some(slot) = buf.get_mut(w) {
            *slot = b;
        }
        w += 1;
        r += 1;
    }
    w
}

/// Unescapes `src` into `dst`; the length written, or `None` when `dst`
/// is too small.
pub(crate) fn unescape_into(src: &[u8], dst: &mut [u8]) -> Option<usize> {
    let (mut r, mut w) = (0usize, 0usize);
    while let Some(&b) = src.get(r) {
        let mut tmp = [b, 0, 0, 0];
        let (len, used) = match (b == b'\\').then(|| decode_escape(src, r)).flatten() {
            Some((c, used)) => (c.encode_utf8(&mut tmp).len(), used),
            None => (1, 1),
        };
        let end = w.checked_add(len)?;
        dst.get_mut(w..end)?.copy_from_slice(tmp.get(..len)?);
        w = end;
        r += used;
    }
    Some(w)
}

/// The characters of escaped JSON string content, unescaped on the fly.
#[derive(Clone, Debug)]
pub struct Unescape<'a> {
    raw: &'a str,
    at: usize,
}

impl<'a> Unescape<'a> {
    /// Iterates the characters of `raw` (string content without quotes).
    pub fn new(raw: &'a str) -> Self {
        Unescape { raw, at: 0 }
    }
}

impl Iterator for Unescape<'_> {
    type Item = char;

    fn next(&mut self) -> Option<char> {
        let rest = self.raw.get(self.at..)?;
        let c = rest.chars().next()?;
        if c == '\\' {
            if let Some((c, used)) = decode_escape(self.raw.as_bytes(), self.at) {
                self.at += used;
                return Some(c);
            }
        }
        self.at += c.len_utf8();
        Some(c)
    }
}

/// Whether escaped string content `raw` stands for `plain`.
pub fn escaped_eq(raw: &str, plain: &str) -> bool {
    if !raw.contains('\\') {
        return raw == plain;
    }
    Unescape::new(raw).eq(plain.chars())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescape_in_place_handles_every_escape() {
        let mut buf = *br#"a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00"#;
        let n = unescape_in_place(&mut buf);
        assert_eq!(
            core::str::from_utf8(&buf[..n]).unwrap(),
            "a\"b\\c/d\u{8}\u{c}\n\r\t\u{e9}\u{1f600}"
        );
    }

    #[test]
    fn unescape_into_reports_a_small_buffer() {
        let mut dst = [0u8; 3];
        assert_eq!(unescape_into(br"ab\n", &mut dst), Some(3));
        assert_eq!(unescape_into(br"abcd", &mut dst), None);
    }

    #[test]
    fn lone_surrogates_are_invalid() {
        assert!(decode_escape(br"\ud800", 0).is_none());
        assert!(decode_escape(br"\udc00", 0).is_none());
        assert!(decode_escape(br"\ud800\u0041", 0).is_none());
    }

    #[test]
    fn escaped_eq_compares_unescaped_text() {
        assert!(escaped_eq(r"gu\u0065stPin", "guestPin"));
        assert!(!escaped_eq(r"gu\u0065stPin", "guestpin"));
        assert!(escaped_eq("pin", "pin"));
    }
}
