//! The crate's [`Error`]: what a client call, a delivery or a setup step
//! can fail with, kept apart so callers can tell a transport failure from
//! an HTTP error, a fault or a reply that does not decode. Each variant
//! keeps its cause: [`std::error::Error::source`] hands out the hyper,
//! rustls, codec or JSON error it came from, typed.

use core::fmt;
use std::time::Duration;

/// A cause kept by [`Error::Transport`] and [`Error::Config`].
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

/// An XML-RPC fault answered by the server, owned (`faultCode`,
/// `faultString`): a call's [`Err`] as [`Error::Fault`].
///
/// ```
/// use baton_tokio::{Error, Fault};
///
/// let e = Error::Fault(Fault { code: 15, string: "authorization failed".into() });
/// assert_eq!(e.fault_code(), Some(15));
/// assert_eq!(e.to_string(), "fault 15: authorization failed");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// `faultCode`.
    pub code: i32,
    /// `faultString`.
    pub string: String,
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "fault {}: {}", self.code, self.string)
    }
}

impl std::error::Error for Fault {}

impl From<baton_xmlrpc::Fault<'_>> for Fault {
    fn from(f: baton_xmlrpc::Fault<'_>) -> Self {
        Fault {
            code: f.code,
            string: f.string.to_owned(),
        }
    }
}

impl From<baton_rpc::client::RemoteFault<'_>> for Fault {
    fn from(f: baton_rpc::client::RemoteFault<'_>) -> Self {
        Fault {
            code: f.code,
            string: f.string.to_owned(),
        }
    }
}

/// Why a reply did not decode: the codec's own error (kind, byte offset,
/// member names) for XML-RPC, the JSON reader's for REST.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// The `methodResponse` is not XML-RPC or not what the call returns.
    Xmlrpc(baton_xmlrpc::Error),
    /// The REST body is not JSON (line, column, character).
    JsonSyntax(baton_rest::SyntaxError),
    /// The REST body is JSON but a key is unknown or a value has the wrong
    /// type: the first such issue, with its path.
    JsonInvalid(String),
    /// The decode buffer is too small for the REST body.
    BufferTooSmall,
}

impl DecodeError {
    pub(crate) fn rest(e: baton_rest::Error<'_>) -> Self {
        match e {
            baton_rest::Error::Syntax(s) => DecodeError::JsonSyntax(s),
            baton_rest::Error::Invalid(issue) => DecodeError::JsonInvalid(issue.to_string()),
            baton_rest::Error::BufferTooSmall => DecodeError::BufferTooSmall,
            other => DecodeError::JsonInvalid(other.to_string()),
        }
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Xmlrpc(e) => e.fmt(f),
            DecodeError::JsonSyntax(e) => write!(f, "JSON syntax error: {e}"),
            DecodeError::JsonInvalid(issue) => write!(f, "invalid JSON: {issue}"),
            DecodeError::BufferTooSmall => f.write_str("decode buffer too small"),
        }
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DecodeError::Xmlrpc(e) => Some(e),
            DecodeError::JsonSyntax(e) => Some(e),
            _ => None,
        }
    }
}

/// An error of the client, the feedback driver or TLS setup.
///
/// Every error of an HTTP exchange names the URL tried. `Display` gives
/// one line for an operator (a transport error includes its causes'
/// text); [`std::error::Error::source`] gives the typed cause.
///
/// ```
/// use std::error::Error as _;
/// use baton_tokio::client::ClientConfig;
/// use baton_tokio::{ConductorClient, Error};
///
/// let e = ConductorClient::new(ClientConfig::new("ftp://h", "u", "p")).unwrap_err();
/// assert!(matches!(e, Error::Config { .. }), "{e:?}");
/// assert!(e.source().is_none());
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Connecting, sending or receiving failed (connection refused or
    /// reset, TLS handshake or certificate failure, ...).
    Transport {
        /// The URL tried.
        url: String,
        /// The cause: a `hyper_util` client error (with the `io::Error` or
        /// `rustls::Error` below it), a body read error, ...
        source: BoxError,
    },
    /// An `https://` URL answered by a server that does not speak TLS (a
    /// plain-HTTP port): rustls found no TLS record.
    NotTls {
        /// The URL tried.
        url: String,
        /// The hyper error carrying the `rustls::Error`.
        source: BoxError,
    },
    /// No response within the configured time (connect or response).
    Timeout {
        /// The URL tried.
        url: String,
        /// The time allowed.
        after: Duration,
    },
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
    Fault(Fault),
    /// The reply is not what the call returns (not XML-RPC, wrong types,
    /// invalid JSON...).
    Decode {
        /// The URL that answered.
        url: String,
        /// The decoder's error (boxed: the codec's error keeps member names inline).
        source: Box<DecodeError>,
    },
    /// The request could not be encoded (the codec's error).
    Encode(baton_xmlrpc::EncodeError),
    /// More values than a request can carry.
    TooMany {
        /// What, e.g. `factoryConferenceIds`.
        what: &'static str,
        /// The most it takes.
        max: usize,
    },
    /// A URI, certificate or key could not be used.
    Config {
        /// What could not be used (and why, when there is no typed cause).
        what: String,
        /// The typed cause, when there is one (`http::uri::InvalidUri`,
        /// `rustls::Error`, a PEM error...).
        source: Option<BoxError>,
    },
    /// An enumeration stopped at its page cap with more pages to follow.
    PageCap {
        /// Pages fetched.
        pages: usize,
    },
    /// The feedback receiver's reply was over the limit read.
    ReplyTooLarge {
        /// The URL that answered.
        url: String,
        /// The limit, in bytes.
        limit: usize,
    },
}

impl Error {
    /// The fault code, when the server answered with a fault.
    pub fn fault_code(&self) -> Option<i32> {
        match self {
            Error::Fault(f) => Some(f.code),
            _ => None,
        }
    }

    /// The fault, when the server answered with one.
    ///
    /// ```
    /// use baton_tokio::{Error, Fault};
    ///
    /// let e = Error::Fault(Fault { code: 4, string: "no such conference".into() });
    /// assert_eq!(e.fault().map(|f| f.string.as_str()), Some("no such conference"));
    /// ```
    pub fn fault(&self) -> Option<&Fault> {
        match self {
            Error::Fault(f) => Some(f),
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

    /// The URL tried, for every error of an HTTP exchange.
    ///
    /// ```
    /// use baton_tokio::Error;
    ///
    /// let e = Error::Timeout { url: "http://h/RPC2".into(), after: std::time::Duration::from_secs(1) };
    /// assert_eq!(e.url(), Some("http://h/RPC2"));
    /// ```
    pub fn url(&self) -> Option<&str> {
        match self {
            Error::Transport { url, .. }
            | Error::NotTls { url, .. }
            | Error::Timeout { url, .. }
            | Error::Http { url, .. }
            | Error::Rest { url, .. }
            | Error::Decode { url, .. }
            | Error::ReplyTooLarge { url, .. } => Some(url),
            _ => None,
        }
    }

    /// Whether the device could not be reached or did not answer in time
    /// (a transport error, a non-TLS answer or a timeout).
    pub fn is_transport(&self) -> bool {
        matches!(
            self,
            Error::Transport { .. } | Error::NotTls { .. } | Error::Timeout { .. }
        )
    }

    pub(crate) fn transport(url: &str, e: impl Into<BoxError>) -> Self {
        Error::Transport {
            url: url.to_owned(),
            source: e.into(),
        }
    }

    pub(crate) fn config(what: impl Into<String>, e: impl Into<BoxError>) -> Self {
        Error::Config {
            what: what.into(),
            source: Some(e.into()),
        }
    }

    pub(crate) fn config_msg(what: impl Into<String>) -> Self {
        Error::Config {
            what: what.into(),
            source: None,
        }
    }

    pub(crate) fn decode(url: &str, source: DecodeError) -> Self {
        Error::Decode {
            url: url.to_owned(),
            source: Box::new(source),
        }
    }
}

impl From<Fault> for Error {
    fn from(f: Fault) -> Self {
        Error::Fault(f)
    }
}

impl From<baton_xmlrpc::EncodeError> for Error {
    fn from(e: baton_xmlrpc::EncodeError) -> Self {
        Error::Encode(e)
    }
}

/// `e`'s text followed by its causes', `": "`-separated.
fn chain(f: &mut fmt::Formatter<'_>, e: &(dyn std::error::Error + 'static)) -> fmt::Result {
    write!(f, "{e}")?;
    let mut source = e.source();
    while let Some(s) = source {
        write!(f, ": {s}")?;
        source = s.source();
    }
    Ok(())
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Transport { url, source } => {
                write!(f, "transport error: {url}: ")?;
                chain(f, source.as_ref())
            }
            Error::NotTls { url, .. } => write!(
                f,
                "transport error: {url}: TLS handshake failed: the server did not answer \
                 in TLS (a plain-HTTP port? try http://)"
            ),
            Error::Timeout { url, after } => {
                write!(f, "timed out after {} ms: {url}", after.as_millis())
            }
            Error::Http { status, url, .. } => write!(f, "HTTP status {status} from {url}"),
            Error::Rest {
                status,
                url,
                error_code,
                message,
                ..
            } => write!(f, "HTTP {status} from {url}, error {error_code}: {message}"),
            Error::Fault(fault) => fault.fmt(f),
            Error::Decode { url, source } => {
                write!(f, "reply from {url} does not decode: {source}")
            }
            Error::Encode(e) => write!(f, "request does not encode: {e}"),
            Error::TooMany { what, max } => {
                write!(f, "request does not encode: more than {max} {what}")
            }
            Error::Config { what, source } => {
                write!(f, "configuration error: {what}")?;
                match source {
                    Some(s) => {
                        f.write_str(": ")?;
                        chain(f, s.as_ref())
                    }
                    None => Ok(()),
                }
            }
            Error::PageCap { pages } => {
                write!(f, "enumeration stopped at its cap of {pages} pages")
            }
            Error::ReplyTooLarge { url, limit } => {
                write!(f, "reply from {url} over {limit} bytes")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } | Error::NotTls { source, .. } => Some(source.as_ref()),
            Error::Decode { source, .. } => Some(source.as_ref()),
            Error::Encode(e) => Some(e),
            Error::Config {
                source: Some(s), ..
            } => Some(s.as_ref()),
            _ => None,
        }
    }
}
