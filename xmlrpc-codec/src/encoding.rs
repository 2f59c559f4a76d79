//! The character encoding a document declares (XML 1.0 §4.3.3 and
//! Appendix F): its byte order mark, else the `encoding` pseudo-attribute
//! of its XML declaration, else UTF-8.
//!
//! The decoders read UTF-8 (and its US-ASCII subset) only, in place. A
//! server with memory to spare transcodes other encodings first with
//! [`transcode_to_utf8`] (ISO-8859-1 and UTF-16 with a BOM); one without
//! refuses them naming the encoding ([`Encoding::name`]).

/// A document's encoding, as [`declared_encoding`] finds it.
///
/// ```
/// use baton_xmlrpc::encoding::{declared_encoding, Encoding};
///
/// let e = declared_encoding(b"<?xml version='1.0' encoding='windows-1252'?><methodCall/>");
/// assert_eq!(e, Encoding::Other("windows-1252"));
/// assert_eq!(e.name(), "windows-1252"); // for the fault that names it
/// assert!(!e.is_utf8());
/// assert!(Encoding::Utf8.is_utf8());
/// assert_eq!(Encoding::Utf16 { big_endian: true }.name(), "UTF-16BE");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding<'a> {
    /// UTF-8: a UTF-8 BOM, a declaration of `UTF-8` / `US-ASCII`, or none.
    Utf8,
    /// ISO-8859-1 (Latin-1) declared (`ISO-8859-1`, `latin1`, `l1`, ...).
    Latin1,
    /// UTF-16 with a byte order mark (`big_endian` for `FE FF`).
    Utf16 {
        /// `FE FF` (true) or `FF FE` (false).
        big_endian: bool,
    },
    /// Another declared encoding (its name as written, ASCII), or UTF-16
    /// declared without a BOM (`UTF-16`).
    Other(&'a str),
}

impl Encoding<'_> {
    /// The encoding's name, for a fault naming it (`UTF-8`,
    /// `ISO-8859-1`, `UTF-16BE`, `UTF-16LE` or the declared name).
    pub fn name(&self) -> &str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Latin1 => "ISO-8859-1",
            Encoding::Utf16 { big_endian: true } => "UTF-16BE",
            Encoding::Utf16 { big_endian: false } => "UTF-16LE",
            Encoding::Other(name) => name,
        }
    }

    /// Whether the decoders read it as it is (UTF-8 / US-ASCII).
    pub fn is_utf8(&self) -> bool {
        matches!(self, Encoding::Utf8)
    }
}

const LATIN1_NAMES: &[&[u8]] = &[
    b"iso-8859-1",
    b"iso8859-1",
    b"iso_8859-1",
    b"iso_8859-1:1987",
    b"latin1",
    b"latin-1",
    b"l1",
    b"iso-ir-100",
    b"ibm819",
    b"cp819",
    b"csisolatin1",
];

const UTF8_NAMES: &[&[u8]] = &[b"utf-8", b"utf8", b"us-ascii", b"ascii"];

/// Classifies an `encoding` pseudo-attribute value.
pub(crate) fn named(value: &[u8]) -> Encoding<'_> {
    let is = |names: &[&[u8]]| names.iter().any(|n| value.eq_ignore_ascii_case(n));
    if is(UTF8_NAMES) {
        Encoding::Utf8
    } else if is(LATIN1_NAMES) {
        Encoding::Latin1
    } else {
        // The declaration is ASCII (or the reader refuses it later).
        Encoding::Other(core::str::from_utf8(value).unwrap_or("?"))
    }
}

/// The encoding `input` is in: its BOM, else the `encoding` of its XML
/// declaration (only read when the declaration is well-formed enough to
/// find it), else UTF-8.
///
/// ```
/// use baton_xmlrpc::encoding::{declared_encoding, Encoding};
/// let latin1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><methodCall/>";
/// assert_eq!(declared_encoding(latin1), Encoding::Latin1);
/// assert_eq!(declared_encoding(b"<methodCall/>"), Encoding::Utf8);
/// assert_eq!(declared_encoding(b"\xFF\xFE<\0"), Encoding::Utf16 { big_endian: false });
/// ```
pub fn declared_encoding(input: &[u8]) -> Encoding<'_> {
    match input {
        [0xFE, 0xFF, ..] => return Encoding::Utf16 { big_endian: true },
        [0xFF, 0xFE, ..] => return Encoding::Utf16 { big_endian: false },
        _ => {}
    }
    let rest = input.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(input);
    match declaration_encoding(rest) {
        Some((_, value)) => named(value),
        None => Encoding::Utf8,
    }
}

/// In a document starting with `<?xml`: the declaration's length (through
/// `?>`) and its `encoding` value, if it has one.
fn declaration_encoding(doc: &[u8]) -> Option<(usize, &[u8])> {
    if !doc.starts_with(b"<?xml") {
        return None;
    }
    let end = crate::text::find(doc, b"?>")?;
    let decl = doc.get(5..end)?;
    let at = crate::text::find(decl, b"encoding")?;
    let after = decl.get(at + 8..)?;
    let after = after.get(
        after
            .iter()
            .position(|&b| b != b' ' && b != b'\t' && b != b'\r' && b != b'\n')?..,
    )?;
    let after = after.strip_prefix(b"=")?;
    let after = after.get(
        after
            .iter()
            .position(|&b| b != b' ' && b != b'\t' && b != b'\r' && b != b'\n')?..,
    )?;
    let quote = *after.first()?;
    if quote != b'"' && quote != b'\'' {
        return None;
    }
    let value = after.get(1..)?;
    let len = value.iter().position(|&b| b == quote)?;
    Some((end + 2, value.get(..len)?))
}

/// Why [`transcode_to_utf8`] could not transcode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TranscodeError {
    /// The encoding is not one this function transcodes.
    Unsupported,
    /// `out` is too small (3 × the input length always suffices).
    OutputTooSmall,
    /// UTF-16 input with an odd length or an unpaired surrogate.
    Malformed,
}

/// Transcodes `input` (in `encoding`: [`Encoding::Latin1`] or
/// [`Encoding::Utf16`]) into UTF-8 in `out`, dropping the BOM and
/// rewriting an XML declaration that names an encoding to
/// `<?xml version="1.0"?>`, so that the result decodes in place; returns
/// the length written. `out.len() >= 3 * input.len()` always suffices
/// (Latin-1 needs at most 2×, UTF-16 at most 1.5×).
///
/// ```
/// use baton_xmlrpc::encoding::{declared_encoding, transcode_to_utf8};
/// let latin1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><v>caf\xE9</v>";
/// let mut out = [0u8; 3 * 60];
/// let n = transcode_to_utf8(latin1, declared_encoding(latin1), &mut out).unwrap();
/// assert_eq!(&out[..n], "<?xml version=\"1.0\"?><v>café</v>".as_bytes());
/// ```
pub fn transcode_to_utf8(
    input: &[u8],
    encoding: Encoding<'_>,
    out: &mut [u8],
) -> Result<usize, TranscodeError> {
    let mut n = 0usize;
    let mut put = |c: char, n: &mut usize| -> Result<(), TranscodeError> {
        let mut tmp = [0u8; 4];
        let s = c.encode_utf8(&mut tmp).as_bytes();
        out.get_mut(*n..*n + s.len())
            .ok_or(TranscodeError::OutputTooSmall)?
            .copy_from_slice(s);
        *n += s.len();
        Ok(())
    };
    match encoding {
        Encoding::Latin1 => {
            for &b in input {
                put(char::from(b), &mut n)?;
            }
        }
        Encoding::Utf16 { big_endian } => {
            let body = input.get(2..).unwrap_or(&[]);
            if body.len() % 2 != 0 {
                return Err(TranscodeError::Malformed);
            }
            let units = body.chunks_exact(2).map(|p| {
                let pair = [p[0], p[1]];
                if big_endian {
                    u16::from_be_bytes(pair)
                } else {
                    u16::from_le_bytes(pair)
                }
            });
            for c in char::decode_utf16(units) {
                put(c.map_err(|_| TranscodeError::Malformed)?, &mut n)?;
            }
        }
        Encoding::Utf8 | Encoding::Other(_) => return Err(TranscodeError::Unsupported),
    }
    let written = out.get_mut(..n).ok_or(TranscodeError::OutputTooSmall)?;
    Ok(rewrite_declaration(written))
}

/// Replaces a declaration naming an encoding by `<?xml version="1.0"?>`
/// (always shorter); returns the new length.
fn rewrite_declaration(doc: &mut [u8]) -> usize {
    const PLAIN: &[u8] = b"<?xml version=\"1.0\"?>";
    let Some((decl_len, _)) = declaration_encoding(doc) else {
        return doc.len();
    };
    if decl_len < PLAIN.len() {
        return doc.len();
    }
    let len = doc.len();
    doc.copy_within(decl_len..len, PLAIN.len());
    if let Some(head) = doc.get_mut(..PLAIN.len()) {
        head.copy_from_slice(PLAIN);
    }
    len - (decl_len - PLAIN.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declared_encodings_are_found_by_bom_then_declaration() {
        assert_eq!(
            declared_encoding(b"<?xml version='1.0' encoding='latin1'?><a/>"),
            Encoding::Latin1
        );
        assert_eq!(
            declared_encoding(b"\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"UTF-8\"?><a/>"),
            Encoding::Utf8
        );
        assert_eq!(
            declared_encoding(b"<?xml version=\"1.0\" encoding = \"Shift_JIS\"?><a/>"),
            Encoding::Other("Shift_JIS")
        );
        assert_eq!(
            declared_encoding(b"<?xml version=\"1.0\"?><a/>"),
            Encoding::Utf8
        );
        assert_eq!(
            declared_encoding(b"\xFE\xFF\0<"),
            Encoding::Utf16 { big_endian: true }
        );
    }

    #[test]
    fn utf16_with_a_bom_transcodes_and_its_declaration_is_rewritten() {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><v>é€😀</v>";
        for big_endian in [true, false] {
            let mut input = [0u8; 256];
            input[..2].copy_from_slice(if big_endian {
                &[0xFE, 0xFF]
            } else {
                &[0xFF, 0xFE]
            });
            let mut len = 2;
            for u in text.encode_utf16() {
                let b = if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                };
                input[len..len + 2].copy_from_slice(&b);
                len += 2;
            }
            let input = &input[..len];
            let mut out = [0u8; 768];
            let n = transcode_to_utf8(input, declared_encoding(input), &mut out).unwrap();
            assert_eq!(
                core::str::from_utf8(&out[..n]).unwrap(),
                "<?xml version=\"1.0\"?><v>é€😀</v>"
            );
        }
    }

    #[test]
    fn transcoding_refuses_what_it_cannot_do() {
        let mut out = [0u8; 8];
        assert_eq!(
            transcode_to_utf8(b"\xE9\xE9\xE9\xE9\xE9", Encoding::Latin1, &mut out),
            Err(TranscodeError::OutputTooSmall)
        );
        assert_eq!(
            transcode_to_utf8(
                b"\xFF\xFE\x00",
                Encoding::Utf16 { big_endian: false },
                &mut out
            ),
            Err(TranscodeError::Malformed)
        );
        assert_eq!(
            transcode_to_utf8(
                b"\xFF\xFE\x00\xD8",
                Encoding::Utf16 { big_endian: false },
                &mut out
            ),
            Err(TranscodeError::Malformed)
        );
        assert_eq!(
            transcode_to_utf8(b"x", Encoding::Other("Shift_JIS"), &mut out),
            Err(TranscodeError::Unsupported)
        );
    }
}
