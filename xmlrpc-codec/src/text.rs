//! Text content as found in the document, and its unescaping.
//!
//! A [`Text`] is the content of one element (or an untyped `<value>`): either plain (no
//! entity references, CDATA sections, comments or processing instructions: the `&str` is the
//! string itself) or escaped (the raw text, already checked to be well formed, which
//! [`Text::pieces`], [`Text::chars`] and [`Text::unescape_into`] decode lazily).
//!
//! No end-of-line normalization is applied: a raw CR stays a CR (CPython writes `\r` raw and
//! expects it back).

use core::fmt;

use crate::error::{Error, ErrorKind};

/// The text content of an element.
///
/// Escaped text is kept as written (a view of the input); compare, iterate
/// or unescape it without allocating:
///
/// ```
/// use baton_xmlrpc::view::{parse_from_slice, Document};
/// use baton_xmlrpc::Text;
///
/// let body = b"<methodCall><methodName>a&amp;b<![CDATA[<c>]]></methodName></methodCall>";
/// let Document::Call { method, .. } = parse_from_slice(body).unwrap() else { panic!() };
/// assert!(method.is_escaped());
/// assert_eq!(method.as_plain(), None);
/// assert_eq!(method.raw(), "a&amp;b<![CDATA[<c>]]>");
/// assert!(method.eq_str("a&b<c>"));
/// assert_eq!(method.decoded_len(), 6);
/// assert_eq!(method.chars().filter(|c| *c == '<').count(), 1);
/// let mut out = [0u8; 6];
/// assert_eq!(method.unescape_into(&mut out).unwrap(), "a&b<c>");
/// assert!(method.unescape_into(&mut [0u8; 5]).is_err()); // too small: an error, not a cut
/// assert_eq!(method.to_string(), "a&b<c>"); // Display unescapes too
///
/// assert_eq!(Text::Plain("x").as_plain(), Some("x"));
/// assert!(Text::Plain(" \n").is_whitespace());
/// ```
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Text<'a> {
    /// The text itself (nothing to unescape).
    Plain(&'a str),
    /// Raw, well-formed text with entity/character references, CDATA sections, comments or
    /// processing instructions.
    Escaped(&'a str),
}

impl<'a> Text<'a> {
    /// The string, if it needed no unescaping.
    pub fn as_plain(&self) -> Option<&'a str> {
        match *self {
            Text::Plain(s) => Some(s),
            Text::Escaped(_) => None,
        }
    }

    /// The text as written in the document.
    pub fn raw(&self) -> &'a str {
        match *self {
            Text::Plain(s) | Text::Escaped(s) => s,
        }
    }

    /// Whether decoding is needed.
    pub fn is_escaped(&self) -> bool {
        matches!(self, Text::Escaped(_))
    }

    /// The decoded text as a sequence of borrowed pieces (lazy, no allocation).
    pub fn pieces(&self) -> Pieces<'a> {
        match *self {
            Text::Plain(s) => Pieces {
                rest: "",
                plain: Some(s),
            },
            Text::Escaped(s) => Pieces {
                rest: s,
                plain: None,
            },
        }
    }

    /// The decoded text, one `char` at a time (lazy, no allocation).
    pub fn chars(&self) -> impl Iterator<Item = char> + 'a {
        self.pieces().flat_map(Piece::chars)
    }

    /// Length in bytes of the decoded text.
    pub fn decoded_len(&self) -> usize {
        self.pieces().map(|p| p.len()).sum()
    }

    /// Whether the decoded text is empty or XML whitespace only.
    pub fn is_whitespace(&self) -> bool {
        self.pieces().all(|p| match p {
            Piece::Str(s) => s.bytes().all(is_xml_space),
            Piece::Char(c) => c.is_ascii() && is_xml_space(c as u8),
        })
    }

    /// Decodes into `out` and returns the decoded string (a prefix of `out`).
    ///
    /// Fails with [`ErrorKind::ScratchTooSmall`] when `out` is too short (offset 0).
    pub fn unescape_into<'b>(&self, out: &'b mut [u8]) -> Result<&'b str, Error> {
        let len = unescape_to(self, out)?;
        let bytes = out
            .get(..len)
            .ok_or(Error::new(ErrorKind::ScratchTooSmall, 0))?;
        core::str::from_utf8(bytes).map_err(|_| Error::new(ErrorKind::InvalidUtf8, 0))
    }

    /// Compares the decoded text with `s` without decoding it anywhere.
    pub fn eq_str(&self, s: &str) -> bool {
        match *self {
            Text::Plain(p) => p == s,
            Text::Escaped(_) => {
                let mut rest = s.as_bytes();
                for piece in self.pieces() {
                    let mut tmp = [0u8; 4];
                    let p = match piece {
                        Piece::Str(p) => p.as_bytes(),
                        Piece::Char(c) => c.encode_utf8(&mut tmp).as_bytes(),
                    };
                    match (rest.get(..p.len()), rest.get(p.len()..)) {
                        (Some(head), Some(tail)) if head == p => rest = tail,
                        _ => return false,
                    }
                }
                rest.is_empty()
            }
        }
    }
}

impl fmt::Debug for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"")?;
        for c in self.chars() {
            fmt::Display::fmt(&c.escape_debug(), f)?;
        }
        f.write_str("\"")
    }
}

impl fmt::Display for Text<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for piece in self.pieces() {
            match piece {
                Piece::Str(s) => f.write_str(s)?,
                Piece::Char(c) => fmt::Write::write_char(f, c)?,
            }
        }
        Ok(())
    }
}

/// Writes the decoded text into `out`, returning its length.
pub(crate) fn unescape_to(text: &Text<'_>, out: &mut [u8]) -> Result<usize, Error> {
    let mut len = 0usize;
    for piece in text.pieces() {
        let mut tmp = [0u8; 4];
        let p = match piece {
            Piece::Str(p) => p.as_bytes(),
            Piece::Char(c) => c.encode_utf8(&mut tmp).as_bytes(),
        };
        let end = len + p.len();
        out.get_mut(len..end)
            .ok_or(Error::new(ErrorKind::ScratchTooSmall, 0))?
            .copy_from_slice(p);
        len = end;
    }
    Ok(len)
}

/// A piece of decoded text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// A run of literal text (or a CDATA section's content).
    Str(&'a str),
    /// A character from an entity or character reference.
    Char(char),
}

impl<'a> Piece<'a> {
    /// Length in bytes (UTF-8).
    pub fn len(&self) -> usize {
        match self {
            Piece::Str(s) => s.len(),
            Piece::Char(c) => c.len_utf8(),
        }
    }

    /// Whether the piece is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn chars(self) -> PieceChars<'a> {
        match self {
            Piece::Str(s) => PieceChars::Str(s.chars()),
            Piece::Char(c) => PieceChars::One(Some(c)),
        }
    }
}

enum PieceChars<'a> {
    Str(core::str::Chars<'a>),
    One(Option<char>),
}

impl Iterator for PieceChars<'_> {
    type Item = char;
    fn next(&mut self) -> Option<char> {
        match self {
            PieceChars::Str(c) => c.next(),
            PieceChars::One(c) => c.take(),
        }
    }
}

/// Lazy decoder over a well-formed raw text (see [`Text::pieces`]).
#[derive(Debug, Clone)]
pub struct Pieces<'a> {
    rest: &'a str,
    plain: Option<&'a str>,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = Piece<'a>;

    fn next(&mut self) -> Option<Piece<'a>> {
        if let Some(p) = self.plain.take() {
            return (!p.is_empty()).then_some(Piece::Str(p));
        }
        loop {
            let s = self.rest;
            let b = s.as_bytes();
            let first = *b.first()?;
            if first == b'&' {
                let end = memchr::memchr(b';', b)?;
                let c = entity_char(b.get(1..end)?)?;
                self.rest = s.get(end + 1..)?;
                return Some(Piece::Char(c));
            }
            if first == b'<' {
                if let Some(body) = s.strip_prefix("<![CDATA[") {
                    let end = crate::text::find(body.as_bytes(), b"]]>")?;
                    self.rest = body.get(end + 3..)?;
                    let content = body.get(..end)?;
                    if content.is_empty() {
                        continue;
                    }
                    return Some(Piece::Str(content));
                }
                // Search after the opener: `<!-->` is a comment starting with `>`.
                let (open, close) = if s.starts_with("<!--") {
                    (4, "-->")
                } else {
                    (2, "?>")
                };
                let end = crate::text::find(b.get(open..)?, close.as_bytes())?;
                self.rest = s.get(open + end + close.len()..)?;
                continue;
            }
            let end = memchr::memchr2(b'&', b'<', b).unwrap_or(b.len());
            self.rest = s.get(end..)?;
            return Some(Piece::Str(s.get(..end)?));
        }
    }
}

/// XML whitespace.
#[inline]
pub(crate) fn is_xml_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

/// XML 1.0 `Char` (production \[2\]): `#x9 | #xA | #xD | [#x20-#xD7FF] |
/// [#xE000-#xFFFD] | [#x10000-#x10FFFF]`, for a code point.
///
/// This is the one definition of "a character XML-RPC can carry": the reader refuses the
/// others, the encoder never writes them ([`crate::EncodeError::InvalidChar`]) and
/// [`first_non_xml_char`] is the rule every text that can be stored and re-encoded passes.
///
/// ```
/// use baton_xmlrpc::text::is_xml_char;
/// assert!(is_xml_char('\t' as u32) && is_xml_char(0x10FFFF));
/// assert!(!is_xml_char(0x1) && !is_xml_char(0xFFFE) && !is_xml_char(0xD800));
/// ```
pub const fn is_xml_char(c: u32) -> bool {
    matches!(c, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

/// The first character of `s` that XML 1.0 cannot carry (see [`is_xml_char`]), if any:
/// `None` means `s` can be stored and later written as XML-RPC text (and as JSON) without
/// fail. A `&str` holds no surrogate, so only C0 controls other than tab, LF and CR, and
/// U+FFFE / U+FFFF, are found.
///
/// ```
/// use baton_xmlrpc::text::first_non_xml_char;
/// assert_eq!(first_non_xml_char("Room 1\t\r\n\u{7f}\u{FFFD}"), None);
/// assert_eq!(first_non_xml_char("Room\u{1}"), Some('\u{1}'));
/// assert_eq!(first_non_xml_char("\u{FFFF}"), Some('\u{FFFF}'));
/// ```
pub fn first_non_xml_char(s: &str) -> Option<char> {
    // Fast path: every byte that can start a non-`Char` is below 0x20 or 0xEF.
    if !s.bytes().any(|b| b < 0x20 || b == 0xEF) {
        return None;
    }
    s.chars().find(|&c| !is_xml_char(c as u32))
}

/// The character an entity body (between `&` and `;`) stands for, if valid.
pub(crate) fn entity_char(body: &[u8]) -> Option<char> {
    match body {
        b"lt" => Some('<'),
        b"gt" => Some('>'),
        b"amp" => Some('&'),
        b"apos" => Some('\''),
        b"quot" => Some('"'),
        [b'#', b'x', hex @ ..] => char_ref(hex, 16),
        [b'#', dec @ ..] => char_ref(dec, 10),
        _ => None,
    }
}

fn char_ref(digits: &[u8], radix: u32) -> Option<char> {
    if digits.is_empty() || digits.len() > 10 {
        return None;
    }
    let mut v: u32 = 0;
    for &d in digits {
        let d = (d as char).to_digit(radix)?;
        v = v.checked_mul(radix)?.checked_add(d)?;
    }
    if !is_xml_char(v) {
        return None;
    }
    char::from_u32(v)
}

/// Where `needle` first occurs in `hay`: memchr's searcher on hosts, a plain scan on bare
/// metal (these searches are for rare constructs: comments, PIs, CDATA; the plain scan keeps
/// the searcher's code out of firmware).
#[inline]
pub(crate) fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    #[cfg(baton_compact)]
    return match needle.len() {
        0 => Some(0),
        n => hay.windows(n).position(|w| w == needle),
    };
    #[cfg(not(baton_compact))]
    memchr::memmem::find(hay, needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_decode_entities_cdata_and_skip_comments() {
        let t = Text::Escaped("a&lt;b&#x41;&#66;<![CDATA[<&>]]>c<!-- x -->d<?pi x?>e&amp;");
        let mut buf = [0u8; 64];
        assert_eq!(t.unescape_into(&mut buf).unwrap(), "a<bAB<&>cde&");
        assert_eq!(t.decoded_len(), 12);
        assert!(t.eq_str("a<bAB<&>cde&"));
        assert!(!t.eq_str("a<bAB<&>cde"));
    }

    #[test]
    fn invalid_char_refs_are_refused() {
        assert_eq!(entity_char(b"#0"), None);
        assert_eq!(entity_char(b"#x1"), None);
        assert_eq!(entity_char(b"#xD800"), None);
        assert_eq!(entity_char(b"#xFFFE"), None);
        assert_eq!(entity_char(b"#x110000"), None);
        assert_eq!(entity_char(b"nbsp"), None);
        assert_eq!(entity_char(b"#13"), Some('\r'));
    }
}
