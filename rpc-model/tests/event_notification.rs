//! The spec's `eventNotification` example decodes to a [`Notification`],
//! and notifications round-trip through CPython.

mod common;

use baton_rpc::{
    AnyEventName, Event, EventArgs, EventName, Method, Notification, Request, SourceAliases,
};

const SPEC_EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../testdata/spec/event_notification.xml"
);

#[test]
fn spec_event_notification_example_decodes_to_a_notification() {
    let mut xml = std::fs::read(SPEC_EXAMPLE).expect("spec example present");
    let req = Request::decode_in_place(&mut xml).unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(req.method(), Method::EventNotification);
    let Request::EventNotification(n) = req else {
        panic!()
    };
    assert_eq!(n.source_identifier, "id1");
    assert_eq!(n.seqn, 0);
    assert_eq!(n.events.len(), 1);
    assert_eq!(
        n.events[0],
        Event {
            name: AnyEventName::Known(EventName::ConferenceCreate),
            args: EventArgs {
                factory_conference_id: Some("a7062510-5625-11e1-bdb0-0010f31a4434"),
                request_id: Some("a7049626-5625-11e1-ad66-0010f31a4434"),
                ..Default::default()
            },
        }
    );
}

#[test]
fn notification_encodes_for_cpython_with_alias_array() {
    let mut events = heapless::Vec::new();
    let _ = events.push(Event {
        name: AnyEventName::Known(EventName::ConferenceJoined),
        args: EventArgs {
            factory_conference_id: Some("f1"),
            unauthenticated_source_alias: SourceAliases::from_slice(&["alice@example.com"]),
            participant_role: Some("guest"),
            request_id: Some("r1"),
            conference_name: None,
        },
    });
    let _ = events.push(Event::new(EventName::AlarmsChanged));
    let n: Notification = Notification {
        source_identifier: "id1",
        seqn: 7,
        events,
    };
    let mut buf = vec![0u8; 4096];
    let len = n.encode(&mut buf).unwrap();
    assert_eq!(len, n.encoded_len().unwrap());
    let read = common::loads(&buf[..len]);
    assert_eq!(
        read,
        serde_json::json!({
            "method": "eventNotification",
            "params": [{
                "sourceIdentifier": "id1",
                "seqn": 7,
                "events": [
                    {"name": "conferenceJoined", "args": {
                        "factory_conference_id": "f1",
                        "request_id": "r1",
                        "unauthenticated_source_alias": ["alice@example.com"],
                        "participant_role": "guest"}},
                    {"name": "alarmsChanged", "args": {}}
                ]
            }]
        })
    );
    let req = Request::decode_in_place(&mut buf[..len]).unwrap();
    assert_eq!(req, Request::EventNotification(n));
}

#[test]
fn notification_with_unknown_event_still_decodes() {
    let mut xml = common::dumps_call(
        "eventNotification",
        "{'sourceIdentifier': 's', 'seqn': 1, 'events': [{'name': 'participantJoined', 'args': {'participantName': 'x'}}, {'name': 'conferenceDestroyed', 'args': {'factory_conference_id': 'f'}}]}",
    );
    let Request::EventNotification(n) = Request::decode_in_place(&mut xml).unwrap() else {
        panic!()
    };
    assert_eq!(n.events[0].name, AnyEventName::Unknown("participantJoined"));
    assert_eq!(n.events[1].args.factory_conference_id, Some("f"));
}
