//! The crate's [`Error`]: what a client call, a delivery or a setup step
//! can fail with, kept apart so callers can tell a transport failure from
//! an HTTP error, a fault or a reply that does not decode.

use core::fmt;

/// An error of the client, the feedback driver or TLS setup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// Connecting, sending or receiving failed (connection refused or
    /// reset, TLS handshake or certificate failure, ...); the message
    /// starts with the URL tried.
    Transport(String),
    /// No response within the configured time (connect or response).
    Timeout,
    /// The server answered with an HTTP error status (XML-RPC over a
    /// non-200 answer, or a REST status without the spec's error body).
    Http {
        /// The HTTP status.
        status: u16,
        /// The URL that answered it.
        url: String,
        /// The response body (possibly truncated).
        body: String,
    },
    /// A REST error body (`{"details", "error_code", "message"}`).
    Rest {
        /// The HTTP status.
        status: u16,
        /// The URL that answered it.
        url: String,
        /// `error_code`, e.g. `20`, `100:404`.
        error_code: String,
        /// `message`.
        message: String,
        /// `details`, as JSON text.
        details: String,
    },
    /// The XML-RPC server answered with a fault.
    Fault {
        /// `faultCode`.
        code: i32,
        /// `faultString`.
        string: String,
    },
    /// The reply is not what the call returns (not XML-RPC, wrong types,
    /// invalid JSON...).
    Decode(String),
    /// The request could not be encoded.
    Encode(String),
    /// A URI, certificate or key could not be used.
    Config(String),
    /// An enumeration stopped at its page cap with more pages to follow.
    PageCap {
        /// Pages fetched.
        pages: usize,
    },
}

impl Error {
    /// The fault code, when the server answered with a fault.
    pub fn fault_code(&self) -> Option<i32> {
        match self {
            Error::Fault { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// The HTTP status, for [`Error::Http`] and [`Error::Rest`].
    pub fn http_status(&self) -> Option<u16> {
        match self {
            Error::Http { status, .. } | Error::Rest { status, .. } => Some(*status),
            _ => None,
        }
    }

    pub(crate) fn transport(e: impl fmt::Display) -> Self {
        Error::Transport(e.to_string())
    }

    /// A transport error's message prefixed with the URL tried.
    pub(crate) fn at(self, url: &str) -> Self {
        match self {
            Error::Transport(e) => Error::Transport(format!("{url}: {e}")),
            e => e,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Transport(e) => write!(f, "transport error: {e}"),
            Error::Timeout => f.write_str("timed out"),
            Error::Http { status, url, .. } => write!(f, "HTTP status {status} from {url}"),
            Error::Rest {
                status,
                url,
                error_code,
                message,
                ..
            } => write!(f, "HTTP {status} from {url}, error {error_code}: {message}"),
            Error::Fault { code, string } => write!(f, "fault {code}: {string}"),
            Error::Decode(e) => write!(f, "reply does not decode: {e}"),
            Error::Encode(e) => write!(f, "request does not encode: {e}"),
            Error::Config(e) => write!(f, "configuration error: {e}"),
            Error::PageCap { pages } => {
                write!(f, "enumeration stopped at its cap of {pages} pages")
            }
        }
    }
}

impl std::error::Error for Error {}
