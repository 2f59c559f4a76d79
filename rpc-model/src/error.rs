//! The crate's [`Error`]: what can go wrong when encoding a message or
//! decoding a reply (request decoding answers with a [`crate::Fault`]
//! instead).

use core::fmt;

/// An encoding or reply-decoding error.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The response (or call) could not be decoded.
    Decode(baton_xmlrpc::Error),
    /// The message could not be encoded (e.g. the buffer is too small).
    Encode(baton_xmlrpc::EncodeError),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Decode(e) => write!(f, "decoding failed: {e}"),
            Error::Encode(e) => write!(f, "encoding failed: {e}"),
        }
    }
}

impl core::error::Error for Error {}

impl From<baton_xmlrpc::Error> for Error {
    fn from(e: baton_xmlrpc::Error) -> Self {
        Error::Decode(e)
    }
}

impl From<baton_xmlrpc::EncodeError> for Error {
    fn from(e: baton_xmlrpc::EncodeError) -> Self {
        Error::Encode(e)
    }
}
