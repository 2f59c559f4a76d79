//! # baton-rest
//!
//! The Cisco TelePresence Conductor (XC4.3.1) REST/JSON APIs: the
//! Capacity Management, Provisioning, SIP Domain and Owners objects, the
//! external API's result envelope, the routes (method + path + query ->
//! [`Operation`]) and the error bodies (`{"details", "error_code",
//! "message"}`) with their HTTP statuses.
//!
//! - Decoding ([`from_slice_in_place`], [`decode::decode_in_place`]):
//!   strings borrow from the input (escapes unescaped in place, or into a
//!   caller buffer with [`from_slice`]); every unknown key is reported by
//!   name (error 20), a JSON syntax error with its position (error 50,
//!   worded like the Conductor's: `Expecting property name: line 11
//!   column 1 (char 314)`).
//! - Encoding ([`to_slice`], `to_vec` with `alloc`): any object or
//!   [`ErrorBody`].
//! - `advanced_parameters` are kept as [`json::RawObject`] whose members
//!   can be inspected.
//!
//! `#![no_std]`, no allocation, no panics on any input. The JSON reader
//! and writer are this crate's own (see [`json`] for why not
//! `serde-json-core`); with feature `std`, `to_json_value` hands any
//! object to `serde_json`.
#![no_std]
#![deny(unsafe_code)]
#![warn(missing_docs)]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(any(test, feature = "std"))]
extern crate std;

#[macro_use]
mod macros;

pub mod accept;
pub mod decode;
mod encode;
pub mod error_body;
pub mod json;
pub mod objects;
pub mod path;
pub mod route;

use core::fmt;

pub use decode::{Decode, Issue, IssueKind, Issues, List};
pub use encode::{encoded_len, to_slice};
#[cfg(feature = "alloc")]
pub use encode::{to_string, to_vec};
pub use error_body::{Details, ErrorBody, ErrorCode, ErrorResponse};
pub use json::{Encode, RawArray, RawObject, SyntaxError};
pub use objects::*;
pub use path::JsonPath;
pub use route::{route, route_target, HttpMethod, Operation, RouteError};

/// This crate's error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error<'a> {
    /// The JSON is malformed (error 50).
    Syntax(SyntaxError),
    /// The JSON is well-formed but a key is unknown or a value has the
    /// wrong type (error 20): the first such issue. Use
    /// [`decode::decode_in_place`] to get all of them.
    Invalid(Issue<'a>),
    /// The output buffer is too small.
    BufferTooSmall,
}

impl Error<'_> {
    /// The error body the Conductor answers for this error.
    pub fn error_body(&self) -> ErrorBody<'_> {
        match self {
            Error::Syntax(e) => ErrorBody::syntax(*e),
            Error::Invalid(issue) => {
                ErrorBody::validation(ErrorCode::Validation, core::slice::from_ref(issue))
            }
            Error::BufferTooSmall => ErrorBody::new(ErrorCode::Limit),
        }
    }
}

impl fmt::Display for Error<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Syntax(e) => write!(f, "JSON syntax error: {e}"),
            Error::Invalid(issue) => write!(f, "invalid request: {issue}"),
            Error::BufferTooSmall => f.write_str("output buffer too small"),
        }
    }
}

impl core::error::Error for Error<'_> {}

fn strict<'de, T>(
    result: Result<Option<T>, SyntaxError>,
    issues: &Issues<'de>,
) -> Result<T, Error<'de>> {
    let value = result.map_err(Error::Syntax)?;
    if let Some(first) = issues.as_slice().first() {
        return Err(Error::Invalid(*first));
    }
    // `None` always comes with an issue; this is a fallback.
    value.ok_or(Error::Invalid(Issue {
        path: JsonPath::ROOT,
        kind: IssueKind::Message("expected a dictionary"),
    }))
}

/// Decodes a `T` from the JSON document in `buf`, unescaping strings in
/// place; fails on the first unknown key or wrongly typed value.
///
/// ```
/// use baton_rest::{from_slice_in_place, ConfBundle, Error, ErrorCode};
///
/// let mut body = *br#"{"conference_display_name": "Weekly \"sync\"", "service_preference_id": "1",
///     "aliases": [{"role": "host", "exact_match": "weekly@example.com"}],
///     "host_quality": "hq", "guest_quality": "gq"}"#;
/// let bundle: ConfBundle = from_slice_in_place(&mut body).unwrap();
/// assert_eq!(bundle.conference_display_name, Some("Weekly \"sync\"")); // unescaped in place
/// assert_eq!(bundle.aliases.as_ref().unwrap()[0].exact_match, Some("weekly@example.com"));
///
/// // An unknown key: error 20, by name; a syntax error: error 50, with its position.
/// let mut body = *br#"{"conference_type": "meeting"}"#;
/// let e = from_slice_in_place::<ConfBundle>(&mut body).unwrap_err();
/// assert!(matches!(e, Error::Invalid(_)));
/// assert_eq!((e.error_body().code, e.error_body().http_status()), (ErrorCode::Validation, 400));
/// assert!(e.to_string().ends_with("unrecognized key 'conference_type'"), "{e}");
/// let mut body = *b"{\"aliases\": [}";
/// let e = from_slice_in_place::<ConfBundle>(&mut body).unwrap_err();
/// assert_eq!(e.error_body().code, ErrorCode::Syntax);
/// ```
pub fn from_slice_in_place<'de, T: Decode<'de>>(buf: &'de mut [u8]) -> Result<T, Error<'de>> {
    let mut issues = Issues::new();
    let result = decode::decode_in_place(buf, &mut issues);
    strict(result, &issues)
}

/// Decodes a `T` from `input`; escaped strings are unescaped into `scratch`.
///
/// ```
/// use baton_rest::{from_slice, ErrorCode, SipDomainSpec};
///
/// let input = br#"{"SIPDomain": "ex\u0061mple.com"}"#;
/// let mut scratch = [0u8; 32];
/// let spec: SipDomainSpec = from_slice(input, &mut scratch).unwrap();
/// assert_eq!(spec.sip_domain, Some("example.com"));
/// // Too little scratch for the unescaped text: error 40, never a cut string.
/// let mut tiny = [0u8; 4];
/// let e = from_slice::<SipDomainSpec>(input, &mut tiny).unwrap_err();
/// assert_eq!(e.error_body().code, ErrorCode::Limit);
/// ```
pub fn from_slice<'de, T: Decode<'de>>(
    input: &'de [u8],
    scratch: &'de mut [u8],
) -> Result<T, Error<'de>> {
    let mut issues = Issues::new();
    let result = decode::decode_with_scratch(input, scratch, &mut issues);
    strict(result, &issues)
}

/// Any object as a `serde_json::Value` (by way of its JSON text).
#[cfg(feature = "std")]
pub fn to_json_value<T: Encode + ?Sized>(value: &T) -> serde_json::Value {
    // This crate writes valid JSON; Null is a fallback never taken.
    serde_json::from_slice(&to_vec(value)).unwrap_or(serde_json::Value::Null)
}
