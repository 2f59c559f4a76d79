//! The methods of the Conductor's XML-RPC API.

pub use crate::table::{Method, MethodSet, Methods};

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
