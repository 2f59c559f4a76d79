//! What the publisher queues: any [`PublishedEvent`], e.g. an
//! [`OwnedEvent`] (name plus arguments in a fixed inline buffer) or a bare
//! [`EventName`] for events without arguments.

use baton_rpc::{EventArgs, EventName, SourceAliases};

/// An event the publisher can queue and encode.
///
/// It is cloned once per subscribed receiver, so keep it small (or make
/// `Clone` cheap).
pub trait PublishedEvent: Clone {
    /// The event's name: it decides which receivers get it.
    fn name(&self) -> EventName;
    /// The event's `args` struct, borrowing from the event.
    fn args(&self) -> EventArgs<'_>;
}

/// A bare event name carries no arguments (`partitionRecovery`,
/// `applicationStarted`, `alarmsChanged`).
impl PublishedEvent for EventName {
    fn name(&self) -> EventName {
        *self
    }
    fn args(&self) -> EventArgs<'_> {
        EventArgs::default()
    }
}

/// Bytes of argument text an [`OwnedEvent`] holds by default.
pub const OWNED_EVENT_TEXT_CAPACITY: usize = 192;

/// Aliases an [`OwnedEvent`] holds (`unauthenticated_source_alias`).
pub const OWNED_EVENT_ALIASES: usize = 4;

const FIELDS: usize = 4 + OWNED_EVENT_ALIASES;
const FACTORY_CONFERENCE_ID: usize = 0;
const REQUEST_ID: usize = 1;
const CONFERENCE_NAME: usize = 2;
const PARTICIPANT_ROLE: usize = 3;
const ALIAS0: usize = 4;

/// An event with its arguments copied into a fixed inline buffer of `T`
/// bytes (no allocation). The builder methods fail with
/// [`crate::Error::EventTooLarge`] when the text does not fit.
///
/// ```
/// use baton_feedback::{Error, OwnedEvent, PublishedEvent};
/// use baton_rpc::EventName;
///
/// let e: OwnedEvent = OwnedEvent::new(EventName::ConferenceJoined)
///     .with_conference_name("Weekly")?
///     .with_participant_role("host")?
///     .with_source_alias("sip:alice@example.com")?;
/// assert_eq!(e.name(), EventName::ConferenceJoined);
/// let args = e.args();
/// assert_eq!((args.conference_name, args.participant_role), (Some("Weekly"), Some("host")));
/// assert_eq!(args.unauthenticated_source_alias.unwrap().as_slice(), ["sip:alice@example.com"]);
///
/// // A fixed buffer: text that does not fit is an error, never cut.
/// let small = OwnedEvent::<8>::new(EventName::ConferenceCreate).with_conference_name("much too long");
/// assert_eq!(small.unwrap_err(), Error::EventTooLarge);
/// # Ok::<(), Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OwnedEvent<const T: usize = OWNED_EVENT_TEXT_CAPACITY> {
    name: EventName,
    text: heapless::String<T>,
    // (start, end) into `text` for each field; `None` when absent.
    fields: [Option<(u16, u16)>; FIELDS],
    aliases: u8,
}

impl<const T: usize> From<EventName> for OwnedEvent<T> {
    fn from(name: EventName) -> Self {
        OwnedEvent::new(name)
    }
}

impl<const T: usize> OwnedEvent<T> {
    /// An event without arguments.
    pub const fn new(name: EventName) -> Self {
        OwnedEvent {
            name,
            text: heapless::String::new(),
            fields: [None; FIELDS],
            aliases: 0,
        }
    }

    fn set(&mut self, field: usize, value: &str) -> Result<(), crate::Error> {
        let start = self.text.len();
        let end = start
            .checked_add(value.len())
            .ok_or(crate::Error::EventTooLarge)?;
        let (Ok(s), Ok(e)) = (u16::try_from(start), u16::try_from(end)) else {
            return Err(crate::Error::EventTooLarge);
        };
        self.text
            .push_str(value)
            .map_err(|_| crate::Error::EventTooLarge)?;
        if let Some(slot) = self.fields.get_mut(field) {
            *slot = Some((s, e));
        }
        Ok(())
    }

    fn field(&self, field: usize) -> Option<&str> {
        let (s, e) = (*self.fields.get(field)?)?;
        self.text.get(usize::from(s)..usize::from(e))
    }

    /// Sets `factory_conference_id`.
    pub fn with_factory_conference_id(mut self, id: &str) -> Result<Self, crate::Error> {
        self.set(FACTORY_CONFERENCE_ID, id)?;
        Ok(self)
    }

    /// Sets `request_id`.
    pub fn with_request_id(mut self, id: &str) -> Result<Self, crate::Error> {
        self.set(REQUEST_ID, id)?;
        Ok(self)
    }

    /// Sets `conference_name`.
    pub fn with_conference_name(mut self, name: &str) -> Result<Self, crate::Error> {
        self.set(CONFERENCE_NAME, name)?;
        Ok(self)
    }

    /// Sets `participant_role`.
    pub fn with_participant_role(mut self, role: &str) -> Result<Self, crate::Error> {
        self.set(PARTICIPANT_ROLE, role)?;
        Ok(self)
    }

    /// Appends one `unauthenticated_source_alias` (at most
    /// [`OWNED_EVENT_ALIASES`]).
    pub fn with_source_alias(mut self, alias: &str) -> Result<Self, crate::Error> {
        let field = ALIAS0 + usize::from(self.aliases);
        if field >= FIELDS {
            return Err(crate::Error::EventTooLarge);
        }
        self.set(field, alias)?;
        self.aliases += 1;
        Ok(self)
    }
}

impl<const T: usize> PublishedEvent for OwnedEvent<T> {
    fn name(&self) -> EventName {
        self.name
    }

    fn args(&self) -> EventArgs<'_> {
        let unauthenticated_source_alias = if self.aliases == 0 {
            None
        } else {
            let mut list = SourceAliases::default();
            for i in 0..usize::from(self.aliases) {
                if let Some(alias) = self.field(ALIAS0 + i) {
                    // Cannot fail: OWNED_EVENT_ALIASES <= SOURCE_ALIASES_CAPACITY.
                    let _ = list.0.push(alias);
                }
            }
            Some(list)
        };
        EventArgs {
            factory_conference_id: self.field(FACTORY_CONFERENCE_ID),
            request_id: self.field(REQUEST_ID),
            conference_name: self.field(CONFERENCE_NAME),
            unauthenticated_source_alias,
            participant_role: self.field(PARTICIPANT_ROLE),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owned_event_keeps_every_argument() {
        let e: OwnedEvent = OwnedEvent::new(EventName::ConferenceJoined)
            .with_factory_conference_id("a7062510-5625-11e1-bdb0-0010f31a4434")
            .and_then(|e| e.with_request_id("r1"))
            .and_then(|e| e.with_participant_role("guest"))
            .and_then(|e| e.with_source_alias("alice@example.com"))
            .and_then(|e| e.with_source_alias("1234"))
            .unwrap();
        let a = e.args();
        assert_eq!(e.name(), EventName::ConferenceJoined);
        assert_eq!(
            a.factory_conference_id,
            Some("a7062510-5625-11e1-bdb0-0010f31a4434")
        );
        assert_eq!(a.request_id, Some("r1"));
        assert_eq!(a.conference_name, None);
        assert_eq!(a.participant_role, Some("guest"));
        assert_eq!(
            a.unauthenticated_source_alias.unwrap().as_slice(),
            &["alice@example.com", "1234"]
        );
    }

    #[test]
    fn owned_event_too_much_text_is_an_error() {
        let e: OwnedEvent<8> = OwnedEvent::new(EventName::ConferenceCreate);
        assert_eq!(
            e.with_conference_name("123456789"),
            Err(crate::Error::EventTooLarge)
        );
        let mut e: OwnedEvent = OwnedEvent::new(EventName::ConferenceJoined);
        for _ in 0..OWNED_EVENT_ALIASES {
            e = e.with_source_alias("a").unwrap();
        }
        assert_eq!(e.with_source_alias("a"), Err(crate::Error::EventTooLarge));
    }
}
