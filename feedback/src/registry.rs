//! The spec's rules for `feedbackReceiver.extended.configure` /
//! `remove`: which slot a configure call lands in, and which fault a bad
//! call gets. Pure functions over "which slots are in use", so the rules
//! are tested on their own.

use baton_rpc::{AnyEventName, EventName, Fault, FaultCode};

use crate::uri::ReceiverUri;

/// Bytes of `receiverURI` a slot stores; a longer URI is fault 102
/// `invalid parameter - receiverURI`.
pub const URI_CAPACITY: usize = 256;

/// Bytes of `sourceIdentifier` a slot stores; a longer one is fault 102
/// `invalid parameter - sourceIdentifier`.
pub const SOURCE_IDENTIFIER_CAPACITY: usize = 128;

/// The subscription mask for every event (`subscribedEvents` absent).
pub const ALL_EVENTS: u16 = (1 << EventName::ALL.len()) - 1;

/// Fault 102 `invalid parameter - receiverIndex`.
pub fn invalid_receiver_index() -> Fault {
    Fault::invalid_parameter("receiverIndex")
}

/// The fault when a configure call with a negative `receiverIndex` finds
/// every slot in use: 201 `operation failed` (the spec's table has no
/// specific "too many receivers" code; 201 is its generic failure), with
/// the reason appended.
pub fn no_free_slot() -> Fault {
    Fault::with_message(
        FaultCode::OperationFailed,
        "operation failed - no free feedback receiver slot",
    )
}

/// Validates `receiverURI` (http/https, host, port; fits
/// [`URI_CAPACITY`]): fault 102 `invalid parameter - receiverURI` if not.
pub fn check_uri(uri: &str) -> Result<ReceiverUri<'_>, Fault> {
    if uri.len() > URI_CAPACITY || baton_xmlrpc::text::first_non_xml_char(uri).is_some() {
        return Err(Fault::invalid_parameter("receiverURI"));
    }
    ReceiverUri::parse(uri).map_err(|_| Fault::invalid_parameter("receiverURI"))
}

/// Validates `sourceIdentifier` (fits [`SOURCE_IDENTIFIER_CAPACITY`], and
/// holds only XML characters: it is written into every notification, so
/// one that cannot be encoded would stop them all).
pub fn check_source_identifier(source: &str) -> Result<(), Fault> {
    if source.len() > SOURCE_IDENTIFIER_CAPACITY
        || baton_xmlrpc::text::first_non_xml_char(source).is_some()
    {
        Err(Fault::invalid_parameter("sourceIdentifier"))
    } else {
        Ok(())
    }
}

/// The subscription mask for `subscribedEvents`: all events when absent;
/// a name the spec does not list is fault 102
/// `invalid parameter - subscribedEvents`.
pub fn subscription_mask(subscribed: Option<&[AnyEventName<'_>]>) -> Result<u16, Fault> {
    let Some(names) = subscribed else {
        return Ok(ALL_EVENTS);
    };
    let mut mask = 0;
    for name in names {
        match name.known() {
            Some(event) => mask |= event.bit(),
            None => return Err(Fault::invalid_parameter("subscribedEvents")),
        }
    }
    Ok(mask)
}

/// The 0-based slot a configure call uses, given `slots` receivers and
/// the slot already holding the same `receiverURI` (if any):
///
/// 1. `receiverIndex` present but 0 or above `slots` -> fault 102
///    `invalid parameter - receiverIndex` (checked first: a bad index is an
///    error even for a known URI);
/// 2. the URI is already registered -> its slot ("the call will use the
///    receiverIndex of the existing feedbackReceiver");
/// 3. absent -> slot 1;
/// 4. negative -> the first free slot, or [`no_free_slot`];
/// 5. 1..=`slots` -> that slot (replacing whatever receiver is there).
pub fn choose_slot(
    receiver_index: Option<i32>,
    slots: usize,
    same_uri: Option<usize>,
    mut is_free: impl FnMut(usize) -> bool,
) -> Result<usize, Fault> {
    let requested = match receiver_index {
        None => Some(0),
        Some(i) if i < 0 => None,
        Some(i) => match usize::try_from(i) {
            Ok(one_based @ 1..) if one_based <= slots => Some(one_based - 1),
            _ => return Err(invalid_receiver_index()),
        },
    };
    if let Some(existing) = same_uri {
        return Ok(existing);
    }
    match requested {
        Some(slot) => Ok(slot),
        None => (0..slots).find(|&s| is_free(s)).ok_or_else(no_free_slot),
    }
}

/// The 0-based slot a remove call names: fault 102
/// `invalid parameter - receiverIndex` unless 1..=`slots` and in use.
pub fn remove_slot(
    receiver_index: i32,
    slots: usize,
    in_use: impl FnOnce(usize) -> bool,
) -> Result<usize, Fault> {
    match usize::try_from(receiver_index) {
        Ok(one_based @ 1..) if one_based <= slots && in_use(one_based - 1) => Ok(one_based - 1),
        _ => Err(invalid_receiver_index()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn free_from(first_free: usize) -> impl FnMut(usize) -> bool {
        move |s| s >= first_free
    }

    #[test]
    fn stored_text_must_be_xml_characters_in_receiver_uri_and_source_identifier() {
        assert!(check_source_identifier("device 1\t").is_ok());
        for bad in ["dev\u{1}", "\u{FFFF}"] {
            let f = check_source_identifier(bad).unwrap_err();
            assert_eq!(f.message(), "invalid parameter - sourceIdentifier");
        }
        let f = check_uri("http://127.0.0.1/RPC2\u{1}").unwrap_err();
        assert_eq!(f.message(), "invalid parameter - receiverURI");
    }

    #[test]
    fn receiver_index_absent_is_assumed_to_be_1() {
        assert_eq!(choose_slot(None, 20, None, free_from(0)), Ok(0));
        assert_eq!(choose_slot(None, 20, None, free_from(20)), Ok(0));
    }

    #[test]
    fn receiver_index_negative_finds_any_available_slot() {
        assert_eq!(choose_slot(Some(-1), 20, None, free_from(3)), Ok(3));
        assert_eq!(choose_slot(Some(i32::MIN), 20, None, free_from(0)), Ok(0));
    }

    #[test]
    fn receiver_index_negative_with_no_free_slot_is_fault_201() {
        let f = choose_slot(Some(-1), 20, None, free_from(20)).unwrap_err();
        assert_eq!(f.code(), 201);
        assert!(f.message().starts_with("operation failed"));
    }

    #[test]
    fn receiver_index_must_be_in_the_range_1_to_20() {
        assert_eq!(choose_slot(Some(1), 20, None, free_from(0)), Ok(0));
        assert_eq!(choose_slot(Some(20), 20, None, free_from(0)), Ok(19));
        for bad in [0, 21, i32::MAX] {
            let f = choose_slot(Some(bad), 20, None, free_from(0)).unwrap_err();
            assert_eq!(f.code(), 102);
            assert_eq!(f.message(), "invalid parameter - receiverIndex");
        }
    }

    #[test]
    fn existing_receiver_uri_uses_its_receiver_index() {
        assert_eq!(choose_slot(Some(7), 20, Some(2), free_from(0)), Ok(2));
        assert_eq!(choose_slot(Some(-1), 20, Some(2), free_from(20)), Ok(2));
        assert_eq!(choose_slot(None, 20, Some(5), free_from(0)), Ok(5));
        // a bad index is still a fault
        assert_eq!(
            choose_slot(Some(0), 20, Some(5), free_from(0))
                .unwrap_err()
                .code(),
            102
        );
    }

    #[test]
    fn remove_of_an_empty_or_out_of_range_slot_is_fault_102() {
        assert_eq!(remove_slot(3, 20, |_| true), Ok(2));
        for bad in [0, -1, 21] {
            assert_eq!(
                remove_slot(bad, 20, |_| true),
                Err(invalid_receiver_index())
            );
        }
        assert_eq!(remove_slot(3, 20, |_| false), Err(invalid_receiver_index()));
    }

    #[test]
    fn subscribed_events_absent_means_all_notifications() {
        assert_eq!(subscription_mask(None), Ok(ALL_EVENTS));
        assert_eq!(ALL_EVENTS, 0x3ff);
        let names = [
            AnyEventName::Known(EventName::ConferenceCreate),
            AnyEventName::Known(EventName::AlarmsChanged),
        ];
        assert_eq!(
            subscription_mask(Some(&names)),
            Ok(EventName::ConferenceCreate.bit() | EventName::AlarmsChanged.bit())
        );
        assert_eq!(subscription_mask(Some(&[])), Ok(0));
    }

    #[test]
    fn subscribed_events_unknown_name_is_fault_102() {
        let names = [AnyEventName::Unknown("participantJoined")];
        let f = subscription_mask(Some(&names)).unwrap_err();
        assert_eq!(f.message(), "invalid parameter - subscribedEvents");
    }

    #[test]
    fn receiver_uri_invalid_is_fault_102() {
        assert_eq!(
            check_uri("ftp://x/").unwrap_err().message(),
            "invalid parameter - receiverURI"
        );
        let long = "http://h/".repeat(40);
        assert_eq!(check_uri(&long).unwrap_err().code(), 102);
        assert!(check_uri("http://10.2.134.40:5050/RPC2").is_ok());
    }
}
