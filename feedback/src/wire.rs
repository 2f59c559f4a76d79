//! The `eventNotification` body on the wire: serde views over the
//! publisher's queue, encoded by the codec without copying events.

use serde::ser::{Serialize, SerializeSeq, SerializeStruct, Serializer};

use crate::event::PublishedEvent;
use crate::publisher::{Encoded, Outgoing};
use crate::Error;
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
    match baton_xmlrpc::encode::call_to_slice(buf, EVENT_NOTIFICATION, &params) {
        Ok(len) => Ok(Encoded::Written(len)),
        Err(EncodeError::BufferTooSmall) => {
            match baton_xmlrpc::encode::call_len(EVENT_NOTIFICATION, &params) {
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
