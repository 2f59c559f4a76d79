//! The methods of the Conductor's XML-RPC API.

use core::fmt;

macro_rules! methods {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, deprecated: $dep:literal; )*) => {
        /// Every method the spec documents, plus the `eventNotification`
        /// callback a feedback receiver serves.
        ///
        /// Names are exact and case-sensitive; any other name is fault 1
        /// `method not supported`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "defmt", derive(defmt::Format))]
        pub enum Method {
            $( $(#[$doc])* $variant, )*
        }

        impl Method {
            /// Every method, alphabetically by wire name.
            pub const ALL: &'static [Method] = &[ $( Method::$variant, )* ];

            /// The exact `methodName`.
            pub const fn as_str(self) -> &'static str {
                match self { $( Method::$variant => $name, )* }
            }

            /// The method with this exact `methodName`.
            pub fn from_name(name: &str) -> Option<Method> {
                match name { $( $name => Some(Method::$variant), )* _ => None }
            }

            /// Whether the spec marks the method as deprecated.
            pub const fn is_deprecated(self) -> bool {
                match self { $( Method::$variant => $dep, )* }
            }
        }
    };
}

/// A set of [`Method`]s, as bits (const-constructible).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Methods(u64);

impl Methods {
    /// Every method.
    pub const ALL: Methods = Methods::of(Method::ALL);

    /// The set of `methods`.
    pub const fn of(methods: &[Method]) -> Methods {
        let mut bits = 0u64;
        let mut i = 0;
        while i < methods.len() {
            bits |= 1 << (methods[i] as u32);
            i += 1;
        }
        Methods(bits)
    }

    /// Whether `method` is in the set.
    pub const fn contains(self, method: Method) -> bool {
        self.0 & (1 << (method as u32)) != 0
    }
}

/// The methods a server decodes (see `Request::decode_only`).
pub trait MethodSet {
    /// The methods.
    const METHODS: Methods;
}

methods! {
    /// `conference.create` (deprecated: use `factory.conferencecreate`).
    ConferenceCreate = "conference.create", deprecated: true;
    /// `conference.destroy`: disconnect everyone and end the conference.
    ConferenceDestroy = "conference.destroy", deprecated: false;
    /// `conference.end` (deprecated alias of `conference.destroy`).
    ConferenceEnd = "conference.end", deprecated: true;
    /// `conference.enumerate`: all active conferences.
    ConferenceEnumerate = "conference.enumerate", deprecated: false;
    /// `conference.modify` (deprecated: use `factory.conferencemodify`).
    ConferenceModify = "conference.modify", deprecated: true;
    /// `device.network.query`: network information.
    DeviceNetworkQuery = "device.network.query", deprecated: false;
    /// `device.query`: high-level status.
    DeviceQuery = "device.query", deprecated: false;
    /// `eventNotification`: the feedback callback sent to receivers.
    EventNotification = "eventNotification", deprecated: false;
    /// `factory.conferencecreate`: create a conference.
    FactoryConferenceCreate = "factory.conferencecreate", deprecated: false;
    /// `factory.conferencemodify`: modify a managed conference.
    FactoryConferenceModify = "factory.conferencemodify", deprecated: false;
    /// `factory.health.query`: system health.
    FactoryHealthQuery = "factory.health.query", deprecated: false;
    /// `factory.webex.add`: add a WebEx conference.
    FactoryWebexAdd = "factory.webex.add", deprecated: false;
    /// `feedbackReceiver.configure` (deprecated: use the extended calls).
    FeedbackReceiverConfigure = "feedbackReceiver.configure", deprecated: true;
    /// `feedbackReceiver.extended.configure`: register a feedback receiver.
    FeedbackReceiverExtendedConfigure = "feedbackReceiver.extended.configure", deprecated: false;
    /// `feedbackReceiver.extended.query`: list feedback receivers.
    FeedbackReceiverExtendedQuery = "feedbackReceiver.extended.query", deprecated: false;
    /// `feedbackReceiver.extended.remove`: remove a feedback receiver.
    FeedbackReceiverExtendedRemove = "feedbackReceiver.extended.remove", deprecated: false;
    /// `feedbackReceiver.query` (deprecated: use the extended calls).
    FeedbackReceiverQuery = "feedbackReceiver.query", deprecated: true;
    /// `participant.add`: add a participant.
    ParticipantAdd = "participant.add", deprecated: false;
    /// `participant.diagnostics`: diagnostics of a participant.
    ParticipantDiagnostics = "participant.diagnostics", deprecated: false;
    /// `participant.disconnect` (deprecated since XC2.3: use `participant.remove`).
    ParticipantDisconnect = "participant.disconnect", deprecated: true;
    /// `participant.enumerate`: participants of active conferences.
    ParticipantEnumerate = "participant.enumerate", deprecated: false;
    /// `participant.message`: show a message to a participant.
    ParticipantMessage = "participant.message", deprecated: false;
    /// `participant.modify`: change a participant's active state.
    ParticipantModify = "participant.modify", deprecated: false;
    /// `participant.remove`: tear down a participant's connection.
    ParticipantRemove = "participant.remove", deprecated: false;
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Method {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spec_method_name_is_recognised_exactly() {
        let names = [
            "conference.create",
            "conference.destroy",
            "conference.end",
            "conference.enumerate",
            "conference.modify",
            "device.network.query",
            "device.query",
            "eventNotification",
            "factory.conferencecreate",
            "factory.conferencemodify",
            "factory.health.query",
            "factory.webex.add",
            "feedbackReceiver.configure",
            "feedbackReceiver.extended.configure",
            "feedbackReceiver.extended.query",
            "feedbackReceiver.extended.remove",
            "feedbackReceiver.query",
            "participant.add",
            "participant.diagnostics",
            "participant.disconnect",
            "participant.enumerate",
            "participant.message",
            "participant.modify",
            "participant.remove",
        ];
        assert_eq!(Method::ALL.len(), names.len());
        for (m, n) in Method::ALL.iter().zip(names) {
            assert_eq!(m.as_str(), n);
            assert_eq!(Method::from_name(n), Some(*m));
        }
    }

    #[test]
    fn method_names_are_case_sensitive() {
        assert_eq!(Method::from_name("Conference.Destroy"), None);
        assert_eq!(Method::from_name("factory.conferenceCreate"), None);
        assert_eq!(Method::from_name("feedback.configure"), None);
        assert_eq!(Method::from_name(""), None);
    }

    #[test]
    fn deprecated_methods_are_flagged() {
        let deprecated: std::vec::Vec<&str> = Method::ALL
            .iter()
            .filter(|m| m.is_deprecated())
            .map(|m| m.as_str())
            .collect();
        assert_eq!(
            deprecated,
            [
                "conference.create",
                "conference.end",
                "conference.modify",
                "feedbackReceiver.configure",
                "feedbackReceiver.query",
                "participant.disconnect"
            ]
        );
    }
}
