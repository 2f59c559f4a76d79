//! What handlers return: XML-RPC replies encoded as soon as they are made
//! ([`Answer`]), REST replies and errors ([`RestReply`], [`RestError`]).
//!
//! The typed reply structs of `baton-rpc` borrow their strings; a handler
//! builds one from whatever it holds (a lock guard, a local) and turns it
//! into an [`Answer`] before returning, so nothing has to outlive the call.
//! [`ReplyTo`] (from `baton-rpc`'s method table) ties each reply struct
//! to the method it answers, so a handler cannot answer `device.query`
//! with a participant list.

use core::marker::PhantomData;

use bytes::Bytes;
use http::StatusCode;
use serde::Serialize;

use baton_rest::{Encode, ErrorBody, ErrorCode};
use baton_rpc::value::StatusReply;
use baton_rpc::Fault;
/// Marks a reply struct as answering calls with params `P` (generated
/// from the method table of `baton-rpc`).
pub use baton_rpc::ReplyTo;

/// An encoded `methodResponse` answering a call with params `P`.
///
/// ```
/// use baton_tokio::baton_rpc::device::{DeviceQueryParams, DeviceQueryReply};
/// use baton_tokio::baton_rpc::conference::ConferenceDestroyParams;
/// use baton_tokio::{success, Answer};
///
/// let reply = DeviceQueryReply { serial: Some("S1"), ..Default::default() };
/// // Only a reply of device.query answers device.query (checked at compile time).
/// let answer: Answer<DeviceQueryParams<'static>> = Answer::new(&reply).unwrap();
/// let bytes = answer.into_bytes();
/// assert!(bytes.starts_with(b"<?xml"));
/// assert!(std::str::from_utf8(&bytes).unwrap().contains("<string>S1</string>"));
/// // A status-only success ("operation successful").
/// let ok: Answer<ConferenceDestroyParams<'static>> = success().unwrap();
/// assert!(std::str::from_utf8(&ok.into_bytes()).unwrap().contains("operation successful"));
/// // A reply XML cannot carry is fault 201, never a broken document.
/// let bad = DeviceQueryReply { serial: Some("S\u{1}"), ..Default::default() };
/// assert_eq!(Answer::<DeviceQueryParams<'static>>::new(&bad).unwrap_err().code(), 201);
/// ```
pub struct Answer<P> {
    body: Bytes,
    _params: PhantomData<fn() -> P>,
}

impl<P> Answer<P> {
    /// Encodes `reply`; a reply the codec refuses (e.g. a string with a
    /// control character XML cannot carry) is fault 201.
    pub fn new<R: ReplyTo<P>>(reply: &R) -> Result<Self, Fault> {
        Self::any(reply)
    }

    /// Encodes any value as the reply, for the members the spec leaves to
    /// the bridge ("as documented in the MCU API reference", e.g.
    /// `participant.diagnostics`).
    pub fn any<R: Serialize + ?Sized>(reply: &R) -> Result<Self, Fault> {
        match baton_xmlrpc::encode::response(Vec::new(), reply) {
            Ok(body) => Ok(Answer {
                body: Bytes::from(body),
                _params: PhantomData,
            }),
            Err(_) => Err(Fault::operation_failed()),
        }
    }

    /// The `methodResponse` bytes.
    pub fn into_bytes(self) -> Bytes {
        self.body
    }
}

impl<P> core::fmt::Debug for Answer<P> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Answer")
            .field("len", &self.body.len())
            .finish()
    }
}

/// Shorthand for a status-only success answer of any method whose reply
/// is [`StatusReply`].
pub fn success<P>() -> Result<Answer<P>, Fault>
where
    for<'a> StatusReply<'a>: ReplyTo<P>,
{
    Answer::new(&StatusReply::success())
}

/// What an XML-RPC handler method returns.
pub type RpcResult<P> = Result<Answer<P>, Fault>;

/// A successful REST answer: status, content type and body.
///
/// ```
/// use baton_tokio::baton_rest::SipDomainSpec;
/// use baton_tokio::RestReply;
///
/// let reply = RestReply::json(&SipDomainSpec { sip_domain: Some("example.com") });
/// assert_eq!(reply.status(), 200);
/// assert_eq!(reply.body(), br#"{"SIPDomain": "example.com"}"#);
/// assert_eq!(RestReply::json_text("{}").with_status(201).status(), 201);
/// assert_eq!(RestReply::no_content().status(), 204);
/// ```
#[derive(Clone, Debug)]
pub struct RestReply {
    pub(crate) status: StatusCode,
    pub(crate) content_type: Option<&'static str>,
    pub(crate) body: Bytes,
}

impl RestReply {
    /// 200 with the JSON text of a `baton-rest` object.
    pub fn json<T: Encode + ?Sized>(value: &T) -> Self {
        RestReply {
            status: StatusCode::OK,
            content_type: Some("application/json"),
            body: Bytes::from(baton_rest::to_vec(value)),
        }
    }

    /// 200 with JSON text made elsewhere (e.g. external API records).
    pub fn json_text(text: impl Into<String>) -> Self {
        RestReply {
            status: StatusCode::OK,
            content_type: Some("application/json"),
            body: Bytes::from(text.into()),
        }
    }

    /// 200 with an XML document (`Accept: application/xml`, `format=xml`,
    /// `systemunit.xml`).
    pub fn xml(text: impl Into<String>) -> Self {
        RestReply {
            status: StatusCode::OK,
            content_type: Some("application/xml"),
            body: Bytes::from(text.into()),
        }
    }

    /// 204 No Content (e.g. `PUT /api/4.0/sipdomain`).
    pub fn no_content() -> Self {
        RestReply {
            status: StatusCode::NO_CONTENT,
            content_type: None,
            body: Bytes::new(),
        }
    }

    /// The same reply with another status (e.g. 201 for a ConfBundle PUT
    /// that created it).
    pub fn with_status(mut self, status: u16) -> Self {
        self.status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
        self
    }

    /// The status.
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// The body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

/// A REST error: the spec's error body with its HTTP status.
///
/// ```
/// use baton_tokio::baton_rest::ErrorCode;
/// use baton_tokio::RestError;
///
/// let e = RestError::not_found();
/// assert_eq!(e.status(), 404);
/// let body: serde_json::Value = serde_json::from_slice(e.body()).unwrap();
/// assert_eq!(body["error_code"], "10");
/// let e = RestError::with_info(ErrorCode::Validation, "bad alias");
/// assert_eq!(e.status(), 400);
/// assert!(std::str::from_utf8(e.body()).unwrap().contains("bad alias"));
/// assert_eq!(RestError::method_not_allowed().status(), 405);
/// ```
#[derive(Clone, Debug)]
pub struct RestError {
    pub(crate) status: StatusCode,
    pub(crate) body: Bytes,
    pub(crate) allow: Option<String>,
}

impl RestError {
    /// The error body for `code` with empty details.
    pub fn new(code: ErrorCode) -> Self {
        Self::from_body(&ErrorBody::new(code))
    }

    /// The error body for `code` with `{"info": text}` details.
    pub fn with_info(code: ErrorCode, text: &str) -> Self {
        Self::from_body(&ErrorBody {
            code,
            details: baton_rest::Details::Info(text),
        })
    }

    /// Any error body (e.g. a validation verdict's).
    pub fn from_body(body: &ErrorBody<'_>) -> Self {
        RestError {
            status: StatusCode::from_u16(body.http_status())
                .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            body: Bytes::from(baton_rest::to_vec(body)),
            allow: None,
        }
    }

    /// `100:405` "The method is not allowed for the requested URL." (what
    /// the handler's default methods answer).
    pub fn method_not_allowed() -> Self {
        Self::new(ErrorCode::Http(405))
    }

    /// `10`: the object requested does not exist (404).
    pub fn not_found() -> Self {
        Self::new(ErrorCode::NotFound)
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status.as_u16()
    }

    /// The JSON error body.
    pub fn body(&self) -> &[u8] {
        &self.body
    }
}

impl core::fmt::Display for RestError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "HTTP {}: {}",
            self.status.as_u16(),
            String::from_utf8_lossy(&self.body)
        )
    }
}

impl std::error::Error for RestError {}

/// What a REST handler method returns.
pub type RestResult = Result<RestReply, RestError>;
