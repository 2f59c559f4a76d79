//! The encoding error: why a value could not be written as XML-RPC.

use core::fmt;

/// Why encoding failed. Nothing is ever emitted for a value that cannot be represented:
/// the encoder stops with one of these instead (the output written so far is incomplete).
///
/// ```
/// use baton_xmlrpc::encode::{self, EncodeError};
///
/// let mut buf = [0u8; 256];
/// assert_eq!(encode::response(&mut buf[..], &"bell\u{7}"), Err(EncodeError::InvalidChar('\u{7}')));
/// assert_eq!(encode::response(&mut buf[..], &f64::NAN), Err(EncodeError::NonFiniteDouble));
/// assert_eq!(encode::response(&mut buf[..8], &"fits?"), Err(EncodeError::BufferTooSmall));
/// assert!(encode::response(&mut buf[..], &"fine").is_ok());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum EncodeError {
    /// The output slice is too small for the document (use the `*_len` functions to size it).
    BufferTooSmall,
    /// The [`embedded_io::Write`] writer failed (`WriteZero` if it accepted nothing).
    Write(embedded_io::ErrorKind),
    /// A text (string, member name, method name, faultString) contains a character XML 1.0
    /// cannot carry: a control character other than tab, LF and CR, or U+FFFE / U+FFFF.
    InvalidChar(char),
    /// A NaN or infinite `f32`/`f64`: XML-RPC doubles are finite.
    NonFiniteDouble,
    /// An integer outside i64 (a `u64` above `i64::MAX`, a wide `i128`/`u128`), or a value
    /// forced to `<i8>` that is not an integer.
    IntegerOutOfRange,
    /// A map key that is not a string (XML-RPC member names are text).
    KeyNotString,
    /// A value passed through the dateTime newtype
    /// ([`DATETIME_NEWTYPE`](crate::magic::DATETIME_NEWTYPE)) that is not a valid
    /// `dateTime.iso8601` text.
    InvalidDateTime,
    /// A call's params that do not serialize as a tuple or sequence (each element is one
    /// `<param>`; `()` is no params).
    ParamsNotSequence,
    /// The document length does not fit in `usize`.
    TooLong,
    /// An error raised by a `Serialize` implementation (serde's `custom`).
    Custom,
}

impl fmt::Display for EncodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EncodeError::BufferTooSmall => f.write_str("output buffer too small"),
            EncodeError::Write(kind) => write!(f, "writer failed: {kind:?}"),
            EncodeError::InvalidChar(c) => {
                write!(
                    f,
                    "character U+{:04X} cannot be written in XML",
                    u32::from(*c)
                )
            }
            EncodeError::NonFiniteDouble => f.write_str("NaN or infinite double"),
            EncodeError::IntegerOutOfRange => f.write_str("integer outside i64"),
            EncodeError::KeyNotString => {
                f.write_str("struct member name (map key) is not a string")
            }
            EncodeError::InvalidDateTime => f.write_str("invalid dateTime.iso8601 value"),
            EncodeError::ParamsNotSequence => {
                f.write_str("call params must serialize as a tuple or sequence")
            }
            EncodeError::TooLong => f.write_str("document length overflows usize"),
            EncodeError::Custom => f.write_str("rejected by the value's Serialize impl"),
        }
    }
}

impl core::error::Error for EncodeError {}

impl serde::ser::Error for EncodeError {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        EncodeError::Custom
    }
}
