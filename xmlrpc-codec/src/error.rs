//! The decoding error: what went wrong ([`ErrorKind`]), where (byte offset into the input)
//! and, for errors raised while filling a typed struct, which member was involved.

use core::fmt;

/// Longest member name kept in an [`Error`] (longer names are cut at a char boundary).
pub const MEMBER_NAME_CAPACITY: usize = 48;

/// What went wrong while decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum ErrorKind {
    /// The document ended in the middle of something.
    UnexpectedEof,
    /// The input is not valid UTF-8.
    InvalidUtf8,
    /// A character XML 1.0 does not allow (control characters other than tab, LF, CR;
    /// U+FFFE, U+FFFF), raw or as a character reference.
    InvalidChar,
    /// Malformed markup (a `<` that starts nothing valid, a broken attribute, comment, ...).
    Syntax,
    /// The XML declaration is malformed.
    InvalidXmlDeclaration,
    /// The XML declaration names an encoding other than UTF-8 / US-ASCII.
    UnsupportedEncoding,
    /// A DOCTYPE or entity declaration (never expanded, always refused).
    Doctype,
    /// An entity reference other than the five predefined ones.
    UnknownEntity,
    /// A malformed character reference (`&#...;`).
    InvalidCharRef,
    /// An element that does not belong here (unknown tag in a value, wrong root, ...).
    UnexpectedElement,
    /// Text where only elements (and whitespace) may appear.
    UnexpectedText,
    /// A closing tag that does not match the open element.
    MismatchedTag,
    /// Two type elements in one `<value>`.
    TwoTypesInValue,
    /// Content after the root element.
    TrailingContent,
    /// `int`/`i4` outside i32 or `i8` outside i64.
    IntegerOutOfRange,
    /// An integer with more than 32 digits.
    IntegerTooLong,
    /// An integer that is not `[+-]digits`.
    InvalidInteger,
    /// A `boolean` other than `0` or `1`.
    InvalidBoolean,
    /// A malformed `double`, NaN or infinity.
    InvalidDouble,
    /// An invalid `dateTime.iso8601`.
    InvalidDateTime,
    /// Invalid `base64`.
    InvalidBase64,
    /// Nesting deeper than [`DecodeOptions::max_depth`](crate::DecodeOptions::max_depth).
    DepthLimit,
    /// A text longer than [`DecodeOptions::max_text_len`](crate::DecodeOptions::max_text_len).
    TextTooLong,
    /// The caller's scratch buffer is too small for the unescaped text / decoded base64.
    ScratchTooSmall,
    /// A `methodResponse` must carry exactly one param (or a fault).
    ParamCount,
    /// A `<fault>` without an int `faultCode` and a string `faultString`.
    InvalidFault,
    /// A struct member required by the target type is absent (serde `missing_field`).
    MissingMember,
    /// A value has the wrong XML-RPC type for the target (serde `invalid_type`).
    InvalidType,
    /// A value of the right type but not acceptable (serde `invalid_value`, unknown enum
    /// variant, wrong length).
    InvalidValue,
    /// The same member twice in a struct, where the target cannot take the last one.
    DuplicateMember,
    /// Another error raised by a `Deserialize` implementation (serde `custom`).
    Custom,
}

impl ErrorKind {
    /// A short description.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::UnexpectedEof => "unexpected end of document",
            ErrorKind::InvalidUtf8 => "invalid UTF-8",
            ErrorKind::InvalidChar => "character not allowed in XML",
            ErrorKind::Syntax => "malformed markup",
            ErrorKind::InvalidXmlDeclaration => "malformed XML declaration",
            ErrorKind::UnsupportedEncoding => "unsupported encoding (only UTF-8)",
            ErrorKind::Doctype => "DOCTYPE / entity declarations are not accepted",
            ErrorKind::UnknownEntity => "unknown entity",
            ErrorKind::InvalidCharRef => "invalid character reference",
            ErrorKind::UnexpectedElement => "unexpected element",
            ErrorKind::UnexpectedText => "unexpected text",
            ErrorKind::MismatchedTag => "mismatched closing tag",
            ErrorKind::TwoTypesInValue => "two types in one value",
            ErrorKind::TrailingContent => "content after the root element",
            ErrorKind::IntegerOutOfRange => "integer out of range",
            ErrorKind::IntegerTooLong => "integer longer than 32 digits",
            ErrorKind::InvalidInteger => "invalid integer",
            ErrorKind::InvalidBoolean => "invalid boolean (0 or 1)",
            ErrorKind::InvalidDouble => "invalid double",
            ErrorKind::InvalidDateTime => "invalid dateTime.iso8601",
            ErrorKind::InvalidBase64 => "invalid base64",
            ErrorKind::DepthLimit => "nesting too deep",
            ErrorKind::TextTooLong => "text too long",
            ErrorKind::ScratchTooSmall => "scratch buffer too small",
            ErrorKind::ParamCount => "a response carries exactly one param",
            ErrorKind::InvalidFault => "malformed fault",
            ErrorKind::MissingMember => "missing member",
            ErrorKind::InvalidType => "wrong type",
            ErrorKind::InvalidValue => "invalid value",
            ErrorKind::DuplicateMember => "duplicate member",
            ErrorKind::Custom => "rejected by the target type",
        }
    }
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A member name kept inline (no allocation).
#[derive(Clone, PartialEq, Eq)]
struct Name {
    len: u8,
    buf: [u8; MEMBER_NAME_CAPACITY],
}

impl Name {
    const EMPTY: Name = Name {
        len: 0,
        buf: [0; MEMBER_NAME_CAPACITY],
    };

    fn new(s: &str) -> Name {
        let mut end = s.len().min(MEMBER_NAME_CAPACITY);
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        let mut name = Name::EMPTY;
        if let (Some(dst), Some(src)) = (name.buf.get_mut(..end), s.as_bytes().get(..end)) {
            dst.copy_from_slice(src);
            name.len = end as u8;
        }
        // An empty name is stored as a single marker so "set but empty" differs from unset.
        if end == 0 {
            name.len = u8::MAX;
        }
        name
    }

    fn get(&self) -> Option<&str> {
        match self.len {
            0 => None,
            u8::MAX => Some(""),
            n => core::str::from_utf8(self.buf.get(..usize::from(n))?).ok(),
        }
    }
}

/// A decoding error: kind, byte offset and (for typed decoding) the member names involved.
///
/// ```
/// use baton_xmlrpc::{decode_response_from_slice, ErrorKind};
///
/// #[derive(Debug, serde::Deserialize)]
/// struct Reply { ports: i32 }
/// let body = b"<methodResponse><params><param><value><struct>\
///     <member><name>ports</name><value><string>eighty</string></value></member>\
///     </struct></value></param></params></methodResponse>";
/// let mut scratch = [0u8; 64];
/// let e = decode_response_from_slice::<Reply>(body, &mut scratch).unwrap_err();
/// assert_eq!(e.kind(), ErrorKind::InvalidType);
/// assert_eq!(e.member(), Some("ports"));
/// assert_eq!(&body[e.offset()..e.offset() + 7], b"<value>"); // where the value starts
/// ```
///
/// Allocation-free: member names are kept in a small inline buffer (cut at
/// [`MEMBER_NAME_CAPACITY`] bytes).
///
/// Size: 112 bytes (`size_of::<Error>()`, the same for `Result<(), Error>`), 98 of them the
/// two names. Measured (BENCHMARKS.md, "Error size"): with no names at all (a 16-byte error,
/// the bound for any lighter form, such as the reader answering kind + offset and the serde
/// layer attaching the names) the typed decode of the 2,400-participant response runs 0.6%
/// fewer instructions and [`crate::stream::Items`] 0.8% fewer, so the host does not gain from
/// a lighter error; the firmware image is 10,364 B (8.2%) smaller, which is where a lighter
/// form would pay. The form is kept as it is for now.
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    offset: usize,
    member: Name,
    param_member: Name,
}

/// Marks an offset not known yet (serde errors raised inside a visitor).
const NO_OFFSET: usize = usize::MAX;

impl Error {
    /// An error of `kind` at byte `offset`.
    pub fn new(kind: ErrorKind, offset: usize) -> Error {
        Error {
            kind,
            offset,
            member: Name::EMPTY,
            param_member: Name::EMPTY,
        }
    }

    pub(crate) fn serde(kind: ErrorKind) -> Error {
        Error::new(kind, NO_OFFSET)
    }

    /// What went wrong.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Byte offset into the input where the problem was found (for typed-decoding errors:
    /// the start of the value involved).
    pub fn offset(&self) -> usize {
        if self.offset == NO_OFFSET {
            0
        } else {
            self.offset
        }
    }

    /// The innermost struct member involved: the member whose value was rejected, or the
    /// member that is missing.
    pub fn member(&self) -> Option<&str> {
        self.member.get()
    }

    /// The member of the top-level param struct under which the error occurred (the name
    /// the rpc layer reports as the parameter: `missing parameter - <name>`).
    pub fn param_member(&self) -> Option<&str> {
        self.param_member.get()
    }

    /// The same error with its offset moved from a position in a window (whose first byte
    /// is at `window_start`) to the document (where that byte is at `doc_start`).
    pub(crate) fn rebased(mut self, window_start: usize, doc_start: usize) -> Error {
        if self.offset != NO_OFFSET {
            self.offset = self.offset.saturating_sub(window_start) + doc_start;
        }
        self
    }

    pub(crate) fn at_if_unset(mut self, offset: usize) -> Error {
        if self.offset == NO_OFFSET {
            self.offset = offset;
        }
        self
    }

    pub(crate) fn with_member(mut self, name: &str) -> Error {
        if self.member.len == 0 {
            self.member = Name::new(name);
        }
        self
    }

    pub(crate) fn with_param_member(mut self, name: &str) -> Error {
        if self.param_member.len == 0 {
            self.param_member = Name::new(name);
        }
        self
    }

    /// For a missing member of the top-level struct: the member is the parameter.
    pub(crate) fn member_is_param(mut self) -> Error {
        if self.param_member.len == 0 {
            self.param_member = self.member.clone();
        }
        self
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("Error");
        d.field("kind", &self.kind).field("offset", &self.offset());
        if let Some(m) = self.member() {
            d.field("member", &m);
        }
        if let Some(m) = self.param_member() {
            d.field("param_member", &m);
        }
        d.finish()
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.kind, self.offset())?;
        if let Some(m) = self.member() {
            write!(f, " (member `{m}`")?;
            match self.param_member() {
                Some(p) if p != m => write!(f, " in `{p}`)"),
                _ => f.write_str(")"),
            }?;
        }
        Ok(())
    }
}

impl core::error::Error for Error {}

impl serde::de::Error for Error {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        Error::serde(ErrorKind::Custom)
    }

    fn invalid_type(_unexp: serde::de::Unexpected<'_>, _exp: &dyn serde::de::Expected) -> Self {
        Error::serde(ErrorKind::InvalidType)
    }

    fn invalid_value(_unexp: serde::de::Unexpected<'_>, _exp: &dyn serde::de::Expected) -> Self {
        Error::serde(ErrorKind::InvalidValue)
    }

    fn invalid_length(_len: usize, _exp: &dyn serde::de::Expected) -> Self {
        Error::serde(ErrorKind::InvalidValue)
    }

    fn unknown_variant(_variant: &str, _expected: &'static [&'static str]) -> Self {
        Error::serde(ErrorKind::InvalidValue)
    }

    fn unknown_field(field: &str, _expected: &'static [&'static str]) -> Self {
        Error::serde(ErrorKind::InvalidValue).with_member(field)
    }

    fn missing_field(field: &'static str) -> Self {
        Error::serde(ErrorKind::MissingMember).with_member(field)
    }

    fn duplicate_field(field: &'static str) -> Self {
        Error::serde(ErrorKind::DuplicateMember).with_member(field)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_names_are_cut_at_a_char_boundary() {
        let long = "ééééééééééééééééééééééééééééé"; // 58 bytes
        let e = Error::new(ErrorKind::Custom, 1).with_member(long);
        let m = e.member().unwrap();
        assert!(m.len() <= MEMBER_NAME_CAPACITY && long.starts_with(m));
    }

    #[test]
    fn empty_member_name_is_kept() {
        let e = Error::new(ErrorKind::Custom, 1).with_member("");
        assert_eq!(e.member(), Some(""));
    }
}
