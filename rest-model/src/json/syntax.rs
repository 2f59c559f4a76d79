//! JSON syntax errors, positioned and worded like the Conductor's own
//! (Python 2 `json`) messages, e.g.
//! `Expecting property name: line 11 column 1 (char 314)`.

use core::fmt;

/// What is wrong at a [`SyntaxError`]'s position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum SyntaxKind {
    /// The document holds no JSON value at all (empty or only whitespace).
    NoJsonObject,
    /// A value was expected (Python: `Expecting object`).
    ExpectingValue,
    /// An object member name (a string) was expected, e.g. after a
    /// trailing comma.
    ExpectingPropertyName,
    /// `:` was expected after a member name.
    ExpectingColon,
    /// `,` (or the closing bracket) was expected after a value.
    ExpectingComma,
    /// A string has no closing quote (the position is its opening quote).
    UnterminatedString,
    /// A raw control character (below U+0020) inside a string.
    InvalidControlCharacter,
    /// A backslash escape that JSON does not define.
    InvalidEscape,
    /// A malformed `\uXXXX` escape, or a lone surrogate.
    InvalidUnicodeEscape,
    /// Text after the document's value.
    ExtraData,
    /// Bytes that are not UTF-8 inside a string.
    InvalidUtf8,
    /// Containers nested deeper than [`MAX_DEPTH`](super::MAX_DEPTH).
    TooDeep,
    /// The caller's unescape buffer is too small for the document's
    /// escaped strings (not the input's fault: answered as error 40).
    ScratchFull,
}

impl SyntaxKind {
    /// The message text (the Conductor's wording where it has one).
    pub const fn message(self) -> &'static str {
        match self {
            SyntaxKind::NoJsonObject => "No JSON object could be decoded",
            SyntaxKind::ExpectingValue => "Expecting object",
            SyntaxKind::ExpectingPropertyName => "Expecting property name",
            SyntaxKind::ExpectingColon => "Expecting : delimiter",
            SyntaxKind::ExpectingComma => "Expecting , delimiter",
            SyntaxKind::UnterminatedString => "Unterminated string starting at",
            SyntaxKind::InvalidControlCharacter => "Invalid control character at",
            SyntaxKind::InvalidEscape => "Invalid \\escape",
            SyntaxKind::InvalidUnicodeEscape => "Invalid \\uXXXX escape",
            SyntaxKind::ExtraData => "Extra data",
            SyntaxKind::InvalidUtf8 => "Invalid UTF-8",
            SyntaxKind::TooDeep => "Nesting too deep",
            SyntaxKind::ScratchFull => "Unescape buffer too small",
        }
    }
}

/// A JSON syntax error: the REST error 50 (`details.info`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct SyntaxError {
    /// What is wrong.
    pub kind: SyntaxKind,
    /// Byte offset in the input.
    pub offset: usize,
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: usize,
    /// 0-based character index in the input (Python's `char`).
    pub char_index: usize,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: line {} column {} (char {})",
            self.kind.message(),
            self.line,
            self.column,
            self.char_index
        )
    }
}

impl core::error::Error for SyntaxError {}
