//! Interop with CPython's `xmlrpc.client`: notifications the publisher
//! encodes are read by `loads`; the spec's example and CPython-encoded
//! notifications are classified by the receiver; its acknowledgement and
//! the registration calls are read by CPython, and CPython's replies by
//! the registration.

mod common;

use baton_feedback::{
    CallKind, Classification, Config, Outcome, OwnedEvent, Publisher, Receiver, Registration,
    RegistrationConfig,
};
use baton_rpc::{AnyEventName, EventName};
use serde_json::json;

const SPEC_EXAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../testdata/spec/event_notification.xml"
);

#[test]
fn publisher_notification_is_read_by_cpython_loads() {
    let mut p: Publisher = Publisher::new(Config::default(), 1);
    p.configure("http://10.2.134.40:5050/RPC2", "id1", None, None)
        .unwrap();
    let joined = OwnedEvent::new(EventName::ConferenceJoined)
        .with_factory_conference_id("a7062510-5625-11e1-bdb0-0010f31a4434")
        .and_then(|e| e.with_source_alias("alice@example.com"))
        .and_then(|e| e.with_participant_role("guest"))
        .and_then(|e| e.with_request_id("r<&>1"))
        .unwrap();
    p.publish(joined, baton_feedback::Instant::from_millis(0));
    p.publish(
        OwnedEvent::new(EventName::AlarmsChanged),
        baton_feedback::Instant::from_millis(0),
    );
    let mut buf = [0u8; 4096];
    let t = p
        .poll_transmit(baton_feedback::Instant::from_millis(0), &mut buf)
        .unwrap()
        .expect("a notification");
    assert_eq!((t.seqn, t.events), (0, 2));
    let got = common::loads(&buf[..t.len]);
    assert_eq!(
        got,
        json!([[{
            "sourceIdentifier": "id1",
            "seqn": 0,
            "events": [
                {"name": "conferenceJoined", "args": {
                    "factory_conference_id": "a7062510-5625-11e1-bdb0-0010f31a4434",
                    "request_id": "r<&>1",
                    "unauthenticated_source_alias": ["alice@example.com"],
                    "participant_role": "guest"}},
                {"name": "alarmsChanged", "args": {}}
            ]
        }], "eventNotification"])
    );
    // a retry is byte-identical
    p.on_outcome(
        t.receiver,
        t.seqn,
        Outcome::Failed,
        baton_feedback::Instant::from_millis(0),
    );
    let mut again = [0u8; 4096];
    let r = p
        .poll_transmit(baton_feedback::Instant::from_millis(60_000), &mut again)
        .unwrap()
        .expect("retry");
    assert_eq!(&again[..r.len], &buf[..t.len]);
}

#[test]
fn notification_too_big_for_the_buffer_bundles_fewer_events() {
    let mut p: Publisher = Publisher::new(Config::default(), 1);
    p.configure("http://h/", "s", None, None).unwrap();
    for _ in 0..8 {
        p.publish(
            OwnedEvent::new(EventName::PartitionRecovery),
            baton_feedback::Instant::from_millis(0),
        );
    }
    let mut big = [0u8; 8192];
    let full = p
        .poll_transmit(baton_feedback::Instant::from_millis(0), &mut big)
        .unwrap()
        .unwrap();
    assert_eq!(full.events, 8);
    let mut p2: Publisher = Publisher::new(Config::default(), 1);
    p2.configure("http://h/", "s", None, None).unwrap();
    for _ in 0..8 {
        p2.publish(
            OwnedEvent::new(EventName::PartitionRecovery),
            baton_feedback::Instant::from_millis(0),
        );
    }
    let mut small = vec![0u8; full.len / 2];
    let t = p2
        .poll_transmit(baton_feedback::Instant::from_millis(0), &mut small)
        .unwrap()
        .unwrap();
    assert!(t.events < 8 && t.events > 0);
    assert_eq!(
        common::loads(&small[..t.len])[0][0]["events"]
            .as_array()
            .unwrap()
            .len(),
        t.events
    );
}

#[test]
fn spec_example_notification_is_classified_and_acknowledged() {
    let mut body = std::fs::read(SPEC_EXAMPLE).expect("spec example present");
    let mut r: Receiver = Receiver::new();
    let mut reply = [0u8; 512];
    let a = r
        .on_request::<16>(&mut body, &mut reply)
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(a.notification.source_identifier, "id1");
    assert_eq!(a.notification.seqn, 0);
    assert_eq!(a.notification.events.len(), 1);
    assert_eq!(
        a.notification.events[0].name,
        AnyEventName::Known(EventName::ConferenceCreate)
    );
    assert_eq!(
        a.notification.events[0].args.request_id,
        Some("a7049626-5625-11e1-ad66-0010f31a4434")
    );
    assert_eq!(a.class, Classification::First);
    // CPython accepts the acknowledgement
    let ack = common::loads(&reply[..a.reply_len]);
    assert!(ack[0].is_array(), "{ack}");
    assert!(ack.get("faultCode").is_none());
    // the same again is a duplicate
    let mut body = std::fs::read(SPEC_EXAMPLE).unwrap();
    let b = r.on_request::<16>(&mut body, &mut reply).unwrap();
    assert_eq!(b.class, Classification::Duplicate);
}

fn cpython_notification(seqn: u32, event: &str) -> Vec<u8> {
    common::dumps_call(
        "eventNotification",
        &format!(
            "{{'sourceIdentifier': 'conductor-7', 'seqn': {seqn}, 'events': \
             [{{'name': '{event}', 'args': {{'factory_conference_id': 'f{seqn}'}}}}]}}"
        ),
    )
}

#[test]
fn cpython_encoded_notifications_are_classified() {
    let mut r: Receiver = Receiver::new();
    let mut reply = [0u8; 512];
    let steps: [(u32, &str, Classification); 7] = [
        (0, "conferenceCreate", Classification::First),
        (1, "conferenceJoined", Classification::InOrder),
        (1, "conferenceJoined", Classification::Duplicate),
        (4, "conferenceDestroyed", Classification::Gap { missed: 2 }),
        (5, "applicationStarted", Classification::Restart),
        (0, "alarmsChanged", Classification::Restart),
        (1, "partitionRecovery", Classification::InOrder),
    ];
    for (seqn, event, want) in steps {
        let mut body = cpython_notification(seqn, event);
        let a = r.on_request::<16>(&mut body, &mut reply).unwrap();
        assert_eq!(a.class, want, "seqn {seqn} {event}");
        assert_eq!(a.notification.seqn, seqn);
    }
}

#[test]
fn other_methods_get_fault_1_that_cpython_reads() {
    let mut r: Receiver = Receiver::new();
    let mut reply = [0u8; 512];
    let mut body = common::dumps_call("conference.enumerate", "{}");
    let e = r.on_request::<16>(&mut body, &mut reply).unwrap_err();
    assert_eq!(e.fault.code(), 1);
    let f = common::loads(&reply[..e.reply_len]);
    assert_eq!(f["faultCode"], 1);
    assert_eq!(r.sources(), 0, "nothing recorded for a rejected request");
}

#[test]
fn malformed_notification_gets_a_spec_fault() {
    let mut r: Receiver = Receiver::new();
    let mut reply = [0u8; 512];
    let mut body = common::dumps_call(
        "eventNotification",
        "{'sourceIdentifier': 's', 'seqn': 'x', 'events': []}",
    );
    let e = r.on_request::<16>(&mut body, &mut reply).unwrap_err();
    assert!([101, 102, 103].contains(&e.fault.code()), "{:?}", e.fault);
    let mut body = common::dumps_call("eventNotification", "{'seqn': 1, 'events': []}");
    let e = r.on_request::<16>(&mut body, &mut reply).unwrap_err();
    assert_eq!(e.fault.code(), 101);
    assert!(e.fault.message().contains("sourceIdentifier"));
}

#[test]
fn registration_calls_are_read_by_cpython_and_replies_understood() {
    let subscribed = [EventName::ConferenceCreate, EventName::AlarmsChanged];
    let config = RegistrationConfig {
        subscribed_events: Some(&subscribed),
        ..RegistrationConfig::new("http://10.0.0.9:5050/RPC2", "me", "admin", "pw")
    };
    let mut reg = Registration::new(config, 1, baton_feedback::Instant::from_millis(0));
    let mut buf = [0u8; 2048];
    let (kind, len) = reg
        .poll_transmit(baton_feedback::Instant::from_millis(0), &mut buf)
        .unwrap()
        .unwrap();
    assert_eq!(kind, CallKind::Configure);
    assert_eq!(
        common::loads(&buf[..len]),
        json!([[{
            "receiverURI": "http://10.0.0.9:5050/RPC2",
            "sourceIdentifier": "me",
            "receiverIndex": -1,
            "subscribedEvents": ["conferenceCreate", "alarmsChanged"],
            "authenticationUser": "admin",
            "authenticationPassword": "pw"
        }], "feedbackReceiver.extended.configure"])
    );
    let mut reply = common::dumps_response("{'receiverIndex': 3}");
    reg.on_response(&mut reply, baton_feedback::Instant::from_millis(10));
    assert_eq!(reg.receiver_index(), Some(3));

    let (kind, len) = reg
        .poll_transmit(baton_feedback::Instant::from_millis(60_010), &mut buf)
        .unwrap()
        .unwrap();
    assert_eq!(kind, CallKind::Query);
    assert_eq!(
        common::loads(&buf[..len])[1],
        "feedbackReceiver.extended.query"
    );
    let mut reply = common::dumps_response(
        "{'receivers': [{'receiverURI': 'http://10.0.0.9:5050/RPC2', 'sourceIdentifier': 'me', 'index': 3}]}",
    );
    reg.on_response(&mut reply, baton_feedback::Instant::from_millis(60_020));
    assert!(reg.is_registered());
    // the device lost us: configure again
    let (kind, _) = reg
        .poll_transmit(baton_feedback::Instant::from_millis(120_020), &mut buf)
        .unwrap()
        .unwrap();
    assert_eq!(kind, CallKind::Query);
    let mut reply = common::dumps_response("{'receivers': []}");
    reg.on_response(&mut reply, baton_feedback::Instant::from_millis(120_030));
    assert!(!reg.is_registered());
    let (kind, _) = reg
        .poll_transmit(baton_feedback::Instant::from_millis(120_030), &mut buf)
        .unwrap()
        .unwrap();
    assert_eq!(kind, CallKind::Configure);
    // a fault is a failure: retried later
    let mut reply = common::dumps_fault(201, "operation failed");
    reg.on_response(&mut reply, baton_feedback::Instant::from_millis(120_040));
    assert!(reg
        .poll_transmit(baton_feedback::Instant::from_millis(120_040), &mut buf)
        .unwrap()
        .is_none());
    assert!(reg.poll_timeout().unwrap() > baton_feedback::Instant::from_millis(120_040));
}
