//! Feedback events (spec, "Feedback Events") and the `eventNotification`
//! message that carries them.
//!
//! A [`Notification`] is the single struct param of the `eventNotification`
//! methodCall: `sourceIdentifier`, `seqn` and `events`, each event a `name`
//! and an `args` struct. Event names the spec does not list are kept as
//! [`AnyEventName::Unknown`] and argument members it does not list are
//! ignored, so one unfamiliar event never fails a whole notification.

use core::fmt;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::ser::{SerializeSeq, Serializer};
use serde::{Deserialize, Serialize};

/// Capacity of [`Notification::events`] when not given: how many events one
/// notification may bundle.
pub const DEFAULT_EVENTS_CAPACITY: usize = 16;

/// Capacity of [`SourceAliases`]: how many `unauthenticated_source_alias`
/// entries one event may carry.
pub const SOURCE_ALIASES_CAPACITY: usize = 10;

macro_rules! event_names {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, )*) => {
        /// One of the spec's ten feedback event names.
        ///
        /// ```
        /// use baton_rpc::EventName;
        ///
        /// let e = EventName::from_name("conferenceJoined").unwrap();
        /// assert_eq!(e, EventName::ConferenceJoined);
        /// assert_eq!(e.as_str(), "conferenceJoined");
        /// assert_eq!(EventName::from_name("conferencejoined"), None); // exact spelling
        /// // Each has its own bit, for subscription masks.
        /// assert_eq!(EventName::ALL.iter().fold(0u16, |m, e| m | e.bit()).count_ones(), 10);
        /// ```
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        pub enum EventName {
            $( $(#[$doc])* $variant, )*
        }

        impl EventName {
            /// All ten events, in the spec's order.
            pub const ALL: [EventName; 10] = [ $( EventName::$variant, )* ];

            /// The exact spelling on the wire.
            pub const fn as_str(self) -> &'static str {
                match self { $( EventName::$variant => $name, )* }
            }

            /// The event with this exact (case-sensitive) name.
            pub fn from_name(name: &str) -> Option<EventName> {
                match name { $( $name => Some(EventName::$variant), )* _ => None }
            }
        }
    };
}

event_names! {
    /// `conferenceCreate`: args `factory_conference_id`, `request_id`, `conference_name`.
    ConferenceCreate = "conferenceCreate",
    /// `conferenceDestroyed`: args `factory_conference_id`.
    ConferenceDestroyed = "conferenceDestroyed",
    /// `conferenceJoined`: args `factory_conference_id`,
    /// `unauthenticated_source_alias`, `participant_role`, `request_id`.
    ConferenceJoined = "conferenceJoined",
    /// `joinCreateRequestReceived`: args `request_id`.
    JoinCreateRequestReceived = "joinCreateRequestReceived",
    /// `cascadeCreated`: args `factory_conference_id`, `request_id`.
    CascadeCreated = "cascadeCreated",
    /// `cascadeDestroyed`: args `factory_conference_id`.
    CascadeDestroyed = "cascadeDestroyed",
    /// `partitionRecovery`: no args.
    PartitionRecovery = "partitionRecovery",
    /// `joinCreateRequestFailed`: args `request_id`, `factory_conference_id`.
    JoinCreateRequestFailed = "joinCreateRequestFailed",
    /// `applicationStarted`: no args.
    ApplicationStarted = "applicationStarted",
    /// `alarmsChanged`: no args.
    AlarmsChanged = "alarmsChanged",
}

impl EventName {
    /// This event's bit in a subscription mask (bit `i` for `ALL[i]`).
    pub const fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

impl fmt::Display for EventName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for EventName {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Deserializes a known event name; an unknown name is an error (use
/// [`AnyEventName`] to keep unknown names).
impl<'de> Deserialize<'de> for EventName {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = EventName;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a feedback event name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<EventName, E> {
                EventName::from_name(v)
                    .ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
            }
        }
        deserializer.deserialize_str(V)
    }
}

/// An event name as received: one of the spec's ten, or any other name
/// kept verbatim.
///
/// ```
/// use baton_rpc::{AnyEventName, EventName};
///
/// assert_eq!(AnyEventName::new("alarmsChanged"), AnyEventName::Known(EventName::AlarmsChanged));
/// let other = AnyEventName::new("vendorThing");
/// assert_eq!(other, AnyEventName::Unknown("vendorThing"));
/// assert_eq!(other.as_str(), "vendorThing");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AnyEventName<'a> {
    /// One of the spec's events.
    Known(EventName),
    /// A name the spec does not list (e.g. an MCU or TelePresence Server
    /// event forwarded by the bridge).
    Unknown(&'a str),
}

impl<'a> AnyEventName<'a> {
    /// Classifies `name`.
    pub fn new(name: &'a str) -> Self {
        match EventName::from_name(name) {
            Some(known) => AnyEventName::Known(known),
            None => AnyEventName::Unknown(name),
        }
    }

    /// The name as on the wire.
    pub fn as_str(&self) -> &'a str {
        match *self {
            AnyEventName::Known(known) => known.as_str(),
            AnyEventName::Unknown(raw) => raw,
        }
    }

    /// The known event, if it is one.
    pub fn known(&self) -> Option<EventName> {
        match *self {
            AnyEventName::Known(known) => Some(known),
            AnyEventName::Unknown(_) => None,
        }
    }
}

impl From<EventName> for AnyEventName<'_> {
    fn from(name: EventName) -> Self {
        AnyEventName::Known(name)
    }
}

impl fmt::Display for AnyEventName<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for AnyEventName<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Known names are recognised from any string; an unknown name must borrow
/// from the input (it is kept as `&'a str`).
impl<'de: 'a, 'a> Deserialize<'de> for AnyEventName<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = AnyEventName<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an event name string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(AnyEventName::new(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                EventName::from_name(v)
                    .map(AnyEventName::Known)
                    .ok_or_else(|| E::invalid_type(de::Unexpected::Str(v), &self))
            }
        }
        deserializer.deserialize_str(V)
    }
}

/// The `unauthenticated_source_alias` argument of `conferenceJoined`.
///
/// The spec changed its type from a string to an array of strings: both are
/// accepted (a string becomes a one-element list) and it is always emitted
/// as an array. Holds up to [`SOURCE_ALIASES_CAPACITY`] aliases; more is a
/// deserialization error.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct SourceAliases<'a>(pub heapless::Vec<&'a str, SOURCE_ALIASES_CAPACITY>);

impl<'a> SourceAliases<'a> {
    /// The aliases, in order.
    pub fn as_slice(&self) -> &[&'a str] {
        self.0.as_slice()
    }

    /// A list holding `aliases`, or `None` if there are more than
    /// [`SOURCE_ALIASES_CAPACITY`].
    pub fn from_slice(aliases: &[&'a str]) -> Option<Self> {
        heapless::Vec::from_slice(aliases).ok().map(SourceAliases)
    }
}

impl Serialize for SourceAliases<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0.len()))?;
        for alias in &self.0 {
            seq.serialize_element(alias)?;
        }
        seq.end()
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for SourceAliases<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = SourceAliases<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an alias string or an array of alias strings")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                let mut list = heapless::Vec::new();
                // Cannot fail: capacity is at least one.
                let _ = list.push(v);
                Ok(SourceAliases(list))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut list = heapless::Vec::new();
                while let Some(alias) = seq.next_element::<&'de str>()? {
                    if list.push(alias).is_err() {
                        return Err(de::Error::invalid_length(
                            SOURCE_ALIASES_CAPACITY + 1,
                            &"at most SOURCE_ALIASES_CAPACITY aliases",
                        ));
                    }
                }
                Ok(SourceAliases(list))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// The `args` struct of an event: every argument the spec lists, each
/// optional ("The parameters documented below can be returned
/// optionally"). Members the spec does not list are ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventArgs<'a> {
    /// `factory_conference_id`: the Conductor's conference identifier.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub factory_conference_id: Option<&'a str>,
    /// `request_id`: the identifier of the join/create request.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<&'a str>,
    /// `conference_name`: the conference's name.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub conference_name: Option<&'a str>,
    /// `unauthenticated_source_alias`: the joining caller's aliases.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub unauthenticated_source_alias: Option<SourceAliases<'a>>,
    /// `participant_role`: the joining participant's role.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub participant_role: Option<&'a str>,
}

/// One event of a notification: its `name` and `args`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event<'a> {
    /// `name`: the event name.
    #[serde(borrow)]
    pub name: AnyEventName<'a>,
    /// `args`: the event's arguments (absent args decode as empty).
    #[serde(borrow, default)]
    pub args: EventArgs<'a>,
}

impl<'a> Event<'a> {
    /// An event of a known kind with no args.
    pub fn new(name: EventName) -> Self {
        Event {
            name: AnyEventName::Known(name),
            args: EventArgs::default(),
        }
    }
}

/// The `eventNotification` param: `sourceIdentifier`, `seqn`, `events`.
///
/// Holds up to `N` events ([`DEFAULT_EVENTS_CAPACITY`] unless given); more
/// is a deserialization error.
///
/// ```
/// use baton_rpc::{Event, EventName, Notification, Request};
///
/// let mut created = Event::new(EventName::ConferenceCreate);
/// created.args.conference_name = Some("Weekly");
/// let mut n: Notification<'_> = Notification {
///     source_identifier: "conductor-1",
///     seqn: 7,
///     events: Default::default(),
/// };
/// n.events.push(created).unwrap();
///
/// let mut buf = [0u8; 1024];
/// let len = n.encode(&mut buf).unwrap();
/// assert_eq!(len, n.encoded_len().unwrap());
/// // A receiver decodes it back (see baton-feedback's Receiver for the classification).
/// let Ok(Request::EventNotification(back)) = Request::decode_in_place(&mut buf[..len]) else {
///     panic!()
/// };
/// assert_eq!((back.source_identifier, back.seqn), ("conductor-1", 7));
/// assert_eq!(back.events[0].args.conference_name, Some("Weekly"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification<'a, const N: usize = DEFAULT_EVENTS_CAPACITY> {
    /// `sourceIdentifier`: the string the receiver was configured with.
    #[serde(rename = "sourceIdentifier", borrow)]
    pub source_identifier: &'a str,
    /// `seqn`: the notification's sequence number.
    pub seqn: u32,
    /// `events`: the bundled events, in order.
    #[serde(borrow)]
    pub events: heapless::Vec<Event<'a>, N>,
}

impl<'a, const N: usize> crate::request::DecodeParams<'a> for Notification<'a, N> {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_names_have_the_spec_spelling() {
        let names: [&str; 10] = EventName::ALL.map(EventName::as_str);
        assert_eq!(
            names,
            [
                "conferenceCreate",
                "conferenceDestroyed",
                "conferenceJoined",
                "joinCreateRequestReceived",
                "cascadeCreated",
                "cascadeDestroyed",
                "partitionRecovery",
                "joinCreateRequestFailed",
                "applicationStarted",
                "alarmsChanged",
            ]
        );
        for e in EventName::ALL {
            assert_eq!(EventName::from_name(e.as_str()), Some(e));
        }
    }

    #[test]
    fn event_names_are_case_sensitive() {
        assert_eq!(EventName::from_name("ConferenceCreate"), None);
        assert_eq!(
            AnyEventName::new("conferencecreate"),
            AnyEventName::Unknown("conferencecreate")
        );
    }

    #[test]
    fn event_bits_are_distinct() {
        let mut mask = 0u16;
        for e in EventName::ALL {
            assert_eq!(mask & e.bit(), 0);
            mask |= e.bit();
        }
        assert_eq!(mask, 0x3ff);
    }

    #[test]
    fn notification_serde_uses_spec_member_names() {
        let json = r#"{"sourceIdentifier":"id1","seqn":0,"events":[{"name":"conferenceCreate","args":{"factory_conference_id":"a7062510","request_id":"a7049626","conference_name":"meet"}}]}"#;
        let n: Notification = serde_json::from_str(json).unwrap();
        assert_eq!(n.source_identifier, "id1");
        assert_eq!(n.seqn, 0);
        assert_eq!(n.events.len(), 1);
        let e = &n.events[0];
        assert_eq!(e.name, AnyEventName::Known(EventName::ConferenceCreate));
        assert_eq!(e.args.factory_conference_id, Some("a7062510"));
        assert_eq!(e.args.request_id, Some("a7049626"));
        assert_eq!(e.args.conference_name, Some("meet"));
        assert_eq!(serde_json::to_string(&n).unwrap(), json);
    }

    #[test]
    fn unauthenticated_source_alias_accepts_string_and_emits_array() {
        let old = r#"{"unauthenticated_source_alias":"alice@example.com"}"#;
        let args: EventArgs = serde_json::from_str(old).unwrap();
        assert_eq!(
            args.unauthenticated_source_alias
                .as_ref()
                .unwrap()
                .as_slice(),
            &["alice@example.com"]
        );
        assert_eq!(
            serde_json::to_string(&args).unwrap(),
            r#"{"unauthenticated_source_alias":["alice@example.com"]}"#
        );
        let new = r#"{"unauthenticated_source_alias":["a@x","1234"],"participant_role":"guest"}"#;
        let args: EventArgs = serde_json::from_str(new).unwrap();
        assert_eq!(
            args.unauthenticated_source_alias.unwrap().as_slice(),
            &["a@x", "1234"]
        );
        assert_eq!(args.participant_role, Some("guest"));
    }

    #[test]
    fn unknown_event_names_are_kept_and_unknown_args_ignored() {
        let json = r#"{"sourceIdentifier":"s","seqn":7,"events":[{"name":"participantJoined","args":{"participantName":"p1","request_id":"r"}},{"name":"alarmsChanged"}]}"#;
        let n: Notification = serde_json::from_str(json).unwrap();
        assert_eq!(n.events[0].name, AnyEventName::Unknown("participantJoined"));
        assert_eq!(n.events[0].args.request_id, Some("r"));
        assert_eq!(n.events[1].name.known(), Some(EventName::AlarmsChanged));
        assert_eq!(n.events[1].args, EventArgs::default());
    }

    #[test]
    fn notification_over_capacity_is_an_error_not_a_panic() {
        let json = r#"{"sourceIdentifier":"s","seqn":1,"events":[{"name":"alarmsChanged"},{"name":"alarmsChanged"},{"name":"alarmsChanged"}]}"#;
        assert!(serde_json::from_str::<Notification<'_, 2>>(json).is_err());
        assert!(serde_json::from_str::<Notification<'_, 3>>(json).is_ok());
    }
}
