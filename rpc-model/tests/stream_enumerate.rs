//! `participant.enumerate` / `conference.enumerate` replies streamed one item at a time
//! give what decoding the whole reply gives: the 2,400-participant benchmark reply through
//! a 4 KiB buffer in 1,460-byte chunks, and encoded replies with the list before and after
//! the other members.

use baton_rpc::conference::{Conference, ConferenceEnumerateReply};
use baton_rpc::participant::{Participant, ParticipantEnumerateReply};
use baton_rpc::server::{encode_fault, encode_reply};
use baton_rpc::stream::{ConferenceStream, EnumerateItem, ParticipantStream};
use baton_rpc::value::IntOrStr;
use baton_rpc::{Fault, FaultCode};
use baton_xmlrpc::{decode_response_in_place, Response};

/// Streams `doc` through a participant stream; (participants, enumerateID, currentRevision).
fn participants(
    doc: &[u8],
    cap: usize,
    chunk: usize,
) -> (Vec<String>, Option<String>, Option<i32>) {
    let mut s = ParticipantStream::new(vec![0u8; cap]);
    let (mut out, mut id, mut rev) = (Vec::new(), None, None);
    let mut rest = doc;
    loop {
        match s.next_item().expect("decodes") {
            EnumerateItem::NeedMore if rest.is_empty() => s.finish(),
            EnumerateItem::NeedMore => {
                let n = s.push(&rest[..chunk.min(rest.len())]);
                assert!(n > 0);
                rest = &rest[n..];
            }
            EnumerateItem::Item(p) => out.push(format!("{p:?}")),
            EnumerateItem::EnumerateId(e) => id = e.map(|e| format!("{e:?}")),
            EnumerateItem::CurrentRevision(r) => rev = r,
            EnumerateItem::Fault(f) => panic!("fault {f:?}"),
            EnumerateItem::End => return (out, id, rev),
        }
    }
}

fn whole(doc: &[u8]) -> (Vec<String>, Option<String>, Option<i32>) {
    let mut buf = doc.to_vec();
    match decode_response_in_place::<ParticipantEnumerateReply<'_, Vec<Participant<'_>>>>(&mut buf)
        .unwrap()
    {
        Response::Value(r) => (
            r.participants.iter().map(|p| format!("{p:?}")).collect(),
            r.enumerate_id.map(|e| format!("{e:?}")),
            r.current_revision,
        ),
        Response::Fault(f) => panic!("fault {f:?}"),
    }
}

#[test]
fn the_2400_participant_reply_one_at_a_time() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../testdata/bench/participant_enumerate.xml"
    );
    let Ok(doc) = std::fs::read(path) else {
        eprintln!("skipped: run scripts/gen_bench_payloads.py");
        return;
    };
    let reference = whole(&doc);
    assert_eq!(reference.0.len(), 2400);
    assert_eq!(participants(&doc, 4096, 1460), reference);
}

#[test]
fn members_before_and_after_the_list() {
    let list = [
        Participant {
            participant_name: Some("a & b"),
            display_name: Some("<x>"),
            audio_rx_muted: Some(true),
            ..Participant::default()
        },
        Participant {
            participant_name: Some("c"),
            ..Participant::default()
        },
    ];
    let reply = ParticipantEnumerateReply {
        enumerate_id: Some(IntOrStr::Str("next-page")),
        current_revision: Some(12),
        participants: &list[..],
    };
    let mut buf = vec![0u8; 4096];
    let n = encode_reply(&mut buf, &reply).unwrap();
    let doc = &buf[..n];
    let reference = whole(doc);
    assert_eq!(reference.0.len(), 2);
    assert_eq!(reference.1.as_deref(), Some("Str(\"next-page\")"));
    for chunk in [1, 3, 50, 5000] {
        assert_eq!(participants(doc, 1024, chunk), reference, "chunk {chunk}");
    }
    // The list first, the other members after it (the encoder writes field order).
    let text = String::from_utf8(doc.to_vec()).unwrap();
    let start = text.find("<member><name>participants").unwrap();
    let end = text.rfind("</member></struct></value></param>").unwrap() + "</member>".len();
    let moved = format!(
        "{}{}{}",
        &text[..text.find("<member><name>enumerateID").unwrap()],
        &text[start..end],
        &text[text.find("<member><name>enumerateID").unwrap()..start]
    ) + &text[end..];
    assert!(moved.find("participants").unwrap() < moved.find("enumerateID").unwrap());
    assert_eq!(participants(moved.as_bytes(), 1024, 7), reference);
}

#[test]
fn an_escaped_enumerate_id_is_the_same_as_the_whole_document_decoder_gives() {
    for id in [
        "<string>a&amp;b&lt;c&#62;&#x263A;</string>",
        "a&amp;b",
        "<![CDATA[page&2]]>",
    ] {
        let doc = format!(
            "<?xml version=\"1.0\"?><methodResponse><params><param><value><struct>\
             <member><name>enumerateID</name><value>{id}</value></member>\
             <member><name>participants</name><value><array><data>\
             <value><struct><member><name>participantName</name><value>p</value></member>\
             </struct></value></data></array></value></member>\
             </struct></value></param></params></methodResponse>"
        );
        let reference = whole(doc.as_bytes());
        assert!(reference.1.is_some(), "{id}");
        for chunk in [1, 5, 4096] {
            assert_eq!(
                participants(doc.as_bytes(), 512, chunk),
                reference,
                "{id} chunk {chunk}"
            );
        }
    }
}

#[test]
fn conferences_and_faults() {
    let list = [Conference {
        conference_name: Some("Oslo"),
        ..Conference::default()
    }];
    let reply = ConferenceEnumerateReply {
        enumerate_id: None,
        current_revision: None,
        conferences: &list[..],
    };
    let mut buf = vec![0u8; 2048];
    let n = encode_reply(&mut buf, &reply).unwrap();
    let mut s = ConferenceStream::new([0u8; 1024]);
    assert_eq!(s.push(&buf[..n]), n);
    s.finish();
    match s.next_item().unwrap() {
        EnumerateItem::Item(c) => assert_eq!(c.conference_name, Some("Oslo")),
        other => panic!("{other:?}"),
    }
    assert!(matches!(s.next_item().unwrap(), EnumerateItem::End));

    let n = encode_fault(&mut buf, &Fault::new(FaultCode::InvalidEnumerateId)).unwrap();
    let mut s = ConferenceStream::new([0u8; 1024]);
    s.push(&buf[..n]);
    s.finish();
    match s.next_item().unwrap() {
        EnumerateItem::Fault(f) => assert_eq!(f.code, 16),
        other => panic!("{other:?}"),
    }
}

/// The no_std example's own code (simulated peer + streaming decode), run on the host.
#[path = "../../examples/nostd-stream/src/feed.rs"]
#[allow(dead_code)]
mod feed;

#[test]
fn the_firmware_example_decodes_2400_participants_through_4_kib() {
    let mut buf = [0u8; feed::BUFFER];
    let s = feed::run(&mut buf, feed::PARTICIPANTS);
    assert!(!s.failed, "{s:?}");
    assert_eq!(s.participants, 2400);
    assert_eq!(s.name_bytes, 2400 * "participant-00000".len());
    assert_eq!(s.muted, 800);
    assert_eq!(s.revision, Some(48213));
    assert!(s.more);
    assert!(s.bytes > 2_000_000, "{} bytes", s.bytes);
    eprintln!("{} bytes through {} bytes", s.bytes, feed::BUFFER);
}
