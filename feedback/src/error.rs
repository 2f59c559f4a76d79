//! The crate's one error type.

use core::fmt;

/// What can go wrong in this crate (spec faults for bad
/// `feedbackReceiver.*` params are [`baton_rpc::Fault`] values instead).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum Error {
    /// The output buffer is too small; this many bytes are needed.
    BufferTooSmall {
        /// Bytes the encoding needs.
        needed: usize,
    },
    /// The codec failed for a reason other than buffer size.
    Encode,
    /// An input did not decode; `offset` is where, in bytes.
    Decode {
        /// Byte offset of the problem in the input.
        offset: usize,
    },
    /// An [`crate::OwnedEvent`]'s arguments do not fit its inline buffer.
    EventTooLarge,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::BufferTooSmall { needed } => {
                write!(f, "output buffer too small: {needed} bytes needed")
            }
            Error::Encode => f.write_str("encoding failed"),
            Error::Decode { offset } => write!(f, "input does not decode (at byte {offset})"),
            Error::EventTooLarge => f.write_str("event arguments exceed the event's buffer"),
        }
    }
}

impl core::error::Error for Error {}
