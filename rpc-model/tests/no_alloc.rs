//! Server and client paths allocate nothing: a counting global allocator
//! sees zero allocations while decoding requests and replies and encoding
//! calls, replies and faults.

mod common;

#[path = "../../xmlrpc-codec/tests/alloc_count/mod.rs"]
mod alloc_count;

use baton_rpc::conference::{Conference, ConferenceEnumerateParams, ConferenceEnumerateReply};
use baton_rpc::server::{encode_fault, encode_response};
use baton_rpc::value::StatusReply;
use baton_rpc::{decode_reply_in_place, Fault, Reply, Request};

/// The allocations made on this thread while `f` ran, and its result.
fn allocations_during<T>(f: impl FnOnce() -> T) -> (usize, T) {
    let m = alloc_count::measure(f);
    (m.allocations, m.value)
}

#[test]
fn server_and_client_paths_allocate_nothing() {
    // Inputs are prepared (allocating) outside the measured sections.
    let mut request = common::dumps_call(
        "participant.modify",
        "{'authenticationUser': 'admin', 'authenticationPassword': 'pw', 'conferenceName': 'c &amp; d', \
          'participantName': 'p', 'participantProtocol': 'sip', 'participantType': 'ad_hoc', \
          'audioRxMuted': True, 'suppressDtmf': 'never', 'unknown': {'a': [1, 2.5, 'x']}}",
    );
    let mut bad_request = common::dumps_call(
        "participant.modify",
        "{'authenticationUser': 'admin', 'authenticationPassword': 'pw', 'conferenceName': 'c', \
          'participantName': 'p', 'participantProtocol': 'skype', 'participantType': 'ad_hoc'}",
    );
    let mut notification = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../testdata/spec/event_notification.xml"
    ))
    .expect("spec example present");
    let mut reply_xml = common::dumps_response(
        "{'conferences': [{'conferenceName': 'a', 'isCascaded': 0, 'factoryTemplateType': 'lesson'}], 'enumerateID': 3}",
    );
    let mut fault_xml = common::dumps_fault(4, "no such conference or auto attendant");
    let mut out = vec![0u8; 16 * 1024];
    let conferences = [Conference {
        conference_name: Some("x"),
        ..Default::default()
    }];
    let enumerate_reply = ConferenceEnumerateReply {
        enumerate_id: None,
        current_revision: Some(1),
        conferences: &conferences[..],
    };

    let (n, ()) = allocations_during(|| {
        let req = Request::decode_in_place(&mut request).expect("decodes");
        assert!(matches!(req, Request::ParticipantModify(_)));
        let len = req.encode(&mut out).expect("encodes call");
        assert!(len > 0);
        let fault = Request::decode_in_place(&mut bad_request).expect_err("fault");
        // An unknown participantProtocol: fault 19 `unsupported protocol`.
        assert_eq!(fault.code(), 19);
        let len = encode_fault(&mut out, &fault).expect("encodes fault");
        assert!(len > 0);
        let len = encode_response(&mut out, Ok::<_, &Fault>(&StatusReply::success()))
            .expect("encodes reply");
        assert!(len > 0);
        let len = encode_response(&mut out, Ok::<_, &Fault>(&enumerate_reply)).expect("encodes");
        assert!(len > 0);
        let note = Request::decode_in_place(&mut notification).expect("notification");
        assert!(matches!(note, Request::EventNotification(_)));
        match decode_reply_in_place::<ConferenceEnumerateParams>(&mut reply_xml).expect("reply") {
            Reply::Value(v) => assert_eq!(v.conferences.len(), 1),
            Reply::Fault(f) => panic!("{f:?}"),
        }
        match decode_reply_in_place::<ConferenceEnumerateParams>(&mut fault_xml)
            .expect("fault reply")
        {
            Reply::Fault(f) => assert_eq!(f.code, 4),
            Reply::Value(_) => panic!("expected fault"),
        }
    });
    assert_eq!(n, 0, "allocations on the server/client paths");
}
