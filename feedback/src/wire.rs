//! The `eventNotification` on the wire: the body (serde views over the
//! publisher's queue, encoded by the codec without copying events) and
//! what a receiver's answer to it means ([`classify_reply`]).

use serde::ser::{Serialize, SerializeSeq, SerializeStruct, Serializer};

use crate::event::PublishedEvent;
use crate::publisher::{Encoded, Outcome, Outgoing};
use crate::Error;
use baton_rpc::value::Ack;
use baton_xmlrpc::EncodeError;

/// The XML-RPC method name of a notification.
pub const EVENT_NOTIFICATION: &str = "eventNotification";

struct Body<'o, 'a, E, const Q: usize>(&'o Outgoing<'a, E, Q>);
struct Events<'o, 'a, E, const Q: usize>(&'o Outgoing<'a, E, Q>);
struct WireEvent<'e, E>(&'e E);

impl<E: PublishedEvent, const Q: usize> Serialize for Body<'_, '_, E, Q> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Notification", 3)?;
        s.serialize_field("sourceIdentifier", self.0.source_identifier)?;
        s.serialize_field("seqn", &self.0.seqn)?;
        s.serialize_field("events", &Events(self.0))?;
        s.end()
    }
}

impl<E: PublishedEvent, const Q: usize> Serialize for Events<'_, '_, E, Q> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for event in self.0.events() {
            seq.serialize_element(&WireEvent(event))?;
        }
        seq.end()
    }
}

impl<E: PublishedEvent> Serialize for WireEvent<'_, E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Event", 2)?;
        s.serialize_field("name", self.0.name().as_str())?;
        s.serialize_field("args", &self.0.args())?;
        s.end()
    }
}

/// Encodes `out` as an `eventNotification` `methodCall` into `buf`.
pub fn encode_notification<E: PublishedEvent, const Q: usize>(
    out: &Outgoing<'_, E, Q>,
    buf: &mut [u8],
) -> Result<Encoded, Error> {
    let params = (Body(out),);
    match baton_xmlrpc::encode::call(&mut buf[..], EVENT_NOTIFICATION, &params) {
        Ok(len) => Ok(Encoded::Written(len)),
        Err(EncodeError::BufferTooSmall) => {
            match baton_xmlrpc::encode::call(
                baton_xmlrpc::encode::Count,
                EVENT_NOTIFICATION,
                &params,
            ) {
                Ok(needed) if needed > buf.len() => Ok(Encoded::TooLarge(needed)),
                Ok(_) => Err(Error::Encode),
                Err(_) => Ok(Encoded::Unencodable),
            }
        }
        // What the events hold cannot be written as XML-RPC (a text XML
        // cannot carry, ...), whatever the buffer.
        Err(_) => Ok(Encoded::Unencodable),
    }
}

/// What a receiver answered to an `eventNotification` POST
/// ([`classify_reply`]).
#[derive(Clone, Debug, PartialEq)]
pub enum ReplyClass<'b> {
    /// HTTP 2xx and a `methodResponse` with a value (any value: it is an
    /// acknowledgement): delivered.
    Acknowledged,
    /// An HTTP status outside 2xx (the body does not count).
    Status(u16),
    /// HTTP 2xx, but the `methodResponse` is a fault.
    Fault(baton_xmlrpc::Fault<'b>),
    /// HTTP 2xx, but the body is not a well-formed `methodResponse`.
    Malformed(baton_xmlrpc::Error),
}

impl ReplyClass<'_> {
    /// What the publisher is told ([`crate::Publisher::on_outcome`]):
    /// delivered only when acknowledged.
    #[inline]
    pub fn outcome(&self) -> Outcome {
        match self {
            ReplyClass::Acknowledged => Outcome::Delivered,
            _ => Outcome::Failed,
        }
    }
}

impl core::fmt::Display for ReplyClass<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            ReplyClass::Acknowledged => f.write_str("acknowledged"),
            ReplyClass::Status(s) => write!(f, "HTTP status {s}"),
            ReplyClass::Fault(fault) => write!(f, "{fault}"),
            ReplyClass::Malformed(e) => write!(f, "garbage: {e}"),
        }
    }
}

/// Whether an answer with HTTP `status` can acknowledge a notification
/// (2xx): with any other the body is not looked at, so a port need not
/// wait for it.
///
/// ```
/// use baton_feedback::wire::status_can_acknowledge;
/// assert!(status_can_acknowledge(200) && status_can_acknowledge(204));
/// assert!(!status_can_acknowledge(199) && !status_can_acknowledge(300));
/// ```
#[inline]
pub const fn status_can_acknowledge(status: u16) -> bool {
    200 <= status && status < 300
}

/// Classifies a receiver's answer to a notification from its HTTP
/// `status` and its `body` (decoded in place): delivered is HTTP 2xx and a
/// body that decodes as an acknowledgement, a `methodResponse` that is not
/// a fault. The body of any other status is not looked at.
///
/// ```
/// use baton_feedback::wire::{classify_reply, ReplyClass};
/// use baton_feedback::Outcome;
///
/// let mut ack = b"<methodResponse><params><param><value>ok</value></param></params></methodResponse>".to_vec();
/// assert_eq!(classify_reply(200, &mut ack), ReplyClass::Acknowledged);
/// assert_eq!(classify_reply(500, &mut ack.clone()).outcome(), Outcome::Failed);
/// ```
#[inline]
pub fn classify_reply(status: u16, body: &mut [u8]) -> ReplyClass<'_> {
    if !status_can_acknowledge(status) {
        return ReplyClass::Status(status);
    }
    match baton_xmlrpc::decode_response_in_place::<Ack>(body) {
        Ok(baton_xmlrpc::Response::Value(Ack)) => ReplyClass::Acknowledged,
        Ok(baton_xmlrpc::Response::Fault(fault)) => ReplyClass::Fault(fault),
        Err(e) => ReplyClass::Malformed(e),
    }
}
