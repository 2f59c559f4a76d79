//! Streamed enumerate replies against CPython's `SimpleXMLRPCServer` (the independent peer,
//! over 127.0.0.1): 2,400 participants decoded while the body arrives through a 4 KiB
//! buffer give the same participants, `enumerateID` and `currentRevision` as decoding the
//! whole reply; faults and conferences too.

mod common;

use baton_tokio::baton_rpc::conference::ConferenceEnumerateParams;
use baton_tokio::baton_rpc::participant::{
    Participant, ParticipantEnumerateParams, ParticipantEnumerateReply,
};
use baton_tokio::baton_rpc::value::IntOrStr;
use baton_tokio::client::EnumerateIdOwned;
use baton_tokio::{ClientConfig, ConductorClient, Error, Fault};
use common::child::PyChild;

const DEVICE: &str = r#"
import sys, datetime
from xmlrpc.server import SimpleXMLRPCServer
from xmlrpc.client import Fault

def participant(i):
    return {
        "mcuIPAddress": "10.0.%d.%d" % (i % 250, i % 7),
        "factoryConferenceId": "106c6833-1493-11e1-7ef0-%012x" % (i * 7919),
        "participantName": "participant-%05d" % i,
        "participantType": "by_name",
        "conferenceName": "Oslo meeting %02d & co" % (i % 40),
        "displayName": "Kateřina <%d>" % i,
        "audioRxMuted": i % 3 == 0,
        "videoTxMuted": False,
        "callState": "connected",
        "connectTime": datetime.datetime(2024, 3, 14, 9, i % 60, 0),
    }

def participant_enumerate(params):
    if params.get("enumerateID") == "page-2":
        return {"currentRevision": 9, "participants": [participant(i) for i in range(2400, 2410)]}
    return {"currentRevision": 8, "participants": [participant(i) for i in range(2400)], "enumerateID": "page-2"}

def conference_enumerate(params):
    if params.get("enumerateID") is not None:
        raise Fault(16, "invalid enumerateID value")
    return {"conferences": [{"conferenceName": "c%d" % i, "uniqueId": i} for i in range(30)]}

server = SimpleXMLRPCServer(("127.0.0.1", 0), logRequests=False, allow_none=True)
server.register_function(participant_enumerate, "participant.enumerate")
server.register_function(conference_enumerate, "conference.enumerate")
print(server.server_address[1], flush=True)
server.serve_forever()
"#;

fn client(port: u16) -> ConductorClient {
    ConductorClient::new(ClientConfig::new(
        &format!("http://127.0.0.1:{port}"),
        "u",
        "p",
    ))
    .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn participants_streamed_through_4_kib_equal_the_whole_reply() {
    let py = tokio::task::spawn_blocking(|| PyChild::spawn(DEVICE, &[]))
        .await
        .unwrap();
    let c = client(py.port);

    let mut streamed = Vec::new();
    let page = c
        .participant_enumerate_stream(ParticipantEnumerateParams::default(), 4096, |p| {
            streamed.push(format!("{p:?}"))
        })
        .await
        .unwrap();
    assert_eq!(page.items, 2400);
    assert_eq!(
        page.enumerate_id,
        Some(EnumerateIdOwned::Str("page-2".into()))
    );
    assert_eq!(page.current_revision, Some(8));
    assert!(page.bytes > 2_000_000, "{} bytes", page.bytes);

    // The whole reply, decoded at once.
    let mut reply = c
        .participant_enumerate(ParticipantEnumerateParams::default())
        .await
        .unwrap();
    let whole: ParticipantEnumerateReply<'_, Vec<Participant<'_>>> = reply.get_as().unwrap();
    let whole: Vec<String> = whole
        .participants
        .iter()
        .map(|p| format!("{p:?}"))
        .collect();
    assert_eq!(streamed, whole);
    assert!(streamed[5].contains("Kateřina <5>"), "{}", streamed[5]);

    // The next page, with the enumerateID sent back as received.
    let id = page.enumerate_id.unwrap();
    let mut n = 0;
    let page2 = c
        .participant_enumerate_stream(
            ParticipantEnumerateParams {
                enumerate_id: Some(id.as_id()),
                ..Default::default()
            },
            4096,
            |_| n += 1,
        )
        .await
        .unwrap();
    assert_eq!(
        (n, page2.items, page2.enumerate_id, page2.current_revision),
        (10, 10, None, Some(9))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn conferences_faults_and_a_buffer_too_small() {
    let py = tokio::task::spawn_blocking(|| PyChild::spawn(DEVICE, &[]))
        .await
        .unwrap();
    let c = client(py.port);
    let mut names = Vec::new();
    let page = c
        .conference_enumerate_stream(ConferenceEnumerateParams::default(), 0, |c| {
            names.push(c.conference_name.unwrap_or_default().to_owned())
        })
        .await
        .unwrap();
    assert_eq!(page.items, 30);
    assert_eq!(names[29], "c29");

    let e = c
        .conference_enumerate_stream(
            ConferenceEnumerateParams {
                enumerate_id: Some(IntOrStr::Int(3)),
                ..Default::default()
            },
            0,
            |_| {},
        )
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Fault(Fault { code: 16, .. })), "{e:?}");

    // A participant does not fit in 300 bytes: a decode error, not a hang.
    let e = c
        .participant_enumerate_stream(ParticipantEnumerateParams::default(), 300, |_| {})
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Decode { .. }), "{e:?}");
}
