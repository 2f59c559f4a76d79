//! The streaming reader gives the whole-document decoder's events and errors for every
//! chunking: golden documents, the benchmark payloads, one-byte chunks, small buffers.

mod stream_support;

use baton_xmlrpc::stream::{Event, Stream};
use baton_xmlrpc::ErrorKind;
use stream_support::{check, streamed, whole, Ev};

fn golden_docs() -> Vec<(String, Vec<u8>)> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata");
    let mut out = Vec::new();
    for dir in ["spec", "golden", "bench"] {
        let Ok(rd) = std::fs::read_dir(format!("{root}/{dir}")) else {
            continue;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "xml") {
                let bytes = std::fs::read(&p).unwrap();
                if bytes.len() < 100_000 {
                    out.push((p.display().to_string(), bytes));
                }
            }
        }
    }
    out.sort();
    out
}

#[test]
fn golden_documents_one_byte_at_a_time_give_the_same_events() {
    let docs = golden_docs();
    assert!(docs.len() >= 5, "testdata found");
    for (name, doc) in &docs {
        eprintln!("{name}");
        assert!(whole(doc).is_ok(), "{name} decodes whole");
        check(doc, doc.len() + 64, &[1]);
        check(doc, 4096, &[1460]);
        check(doc, 512, &[3, 7, 1, 100]);
    }
}

#[test]
fn participant_enumerate_through_a_4_kib_buffer_in_1460_byte_chunks() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../testdata/bench/participant_enumerate.xml"
    );
    let Ok(doc) = std::fs::read(path) else {
        eprintln!("skipped: run scripts/gen_bench_payloads.py");
        return;
    };
    let reference = whole(&doc).unwrap();
    let (events, end) = streamed(&doc, 4096, &[1460]);
    end.unwrap();
    assert_eq!(events.len(), reference.len());
    assert!(events == reference);
    assert_eq!(
        events
            .iter()
            .filter(|e| **e == Ev::Member("participantName".into()))
            .count(),
        2400
    );
}

#[test]
fn need_more_instead_of_failing_on_an_incomplete_token() {
    let mut s = Stream::new([0u8; 256]);
    s.push(b"<?xml version=\"1.0\"?><methodResponse><params><param><value><str");
    assert!(matches!(s.next_event(), Ok(Event::Response)));
    assert!(matches!(s.next_event(), Ok(Event::Param)));
    assert!(matches!(s.next_event(), Ok(Event::NeedMore)));
    s.push(b"ing>a&amp;b</string></value></param></params></methodResponse>");
    match s.next_event() {
        Ok(Event::Scalar(baton_xmlrpc::view::Value::String(t))) => {
            assert_eq!(t.chars().collect::<String>(), "a&b")
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(s.next_event(), Ok(Event::NeedMore)));
    s.finish();
    assert!(matches!(s.next_event(), Ok(Event::End)));
    assert!(matches!(s.next_event(), Ok(Event::End)));
}

#[test]
fn errors_carry_the_document_offset_after_compaction() {
    // A bad boolean far into the document, through a small buffer.
    let mut doc = b"<methodResponse><params><param><value><array><data>".to_vec();
    for _ in 0..200 {
        doc.extend_from_slice(b"<value><int>7</int></value>");
    }
    let at = doc.len();
    doc.extend_from_slice(b"<value><boolean>2</boolean></value></data></array></value></param></params></methodResponse>");
    let e = whole(&doc).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidBoolean);
    assert!(e.offset() > at);
    check(&doc, 200, &[13]);
    let (_, end) = streamed(&doc, 200, &[13]);
    assert_eq!(end.unwrap_err(), e);
}

#[test]
fn a_token_larger_than_the_buffer_is_scratch_too_small() {
    let mut doc = b"<methodResponse><params><param><value><string>".to_vec();
    doc.extend(std::iter::repeat_n(b'x', 1000));
    doc.extend_from_slice(b"</string></value></param></params></methodResponse>");
    let (_, end) = streamed(&doc, 512, &[100]);
    assert_eq!(end.unwrap_err().kind(), ErrorKind::ScratchTooSmall);
    let (_, end) = streamed(&doc, 2048, &[100]);
    end.unwrap();
}

#[test]
fn depth_limit_and_text_limit_are_the_decoders() {
    let deep = format!(
        "<methodResponse><params><param>{}{}</param></params></methodResponse>",
        "<value><array><data>".repeat(70),
        "</data></array></value>".repeat(70)
    );
    let e = whole(deep.as_bytes()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::DepthLimit);
    check(deep.as_bytes(), 300, &[1]);
    let (_, end) = streamed(deep.as_bytes(), 300, &[1]);
    assert_eq!(end.unwrap_err(), e);
}

#[test]
fn trailing_content_and_missing_end_are_reported_at_the_end() {
    for doc in [
        &b"<methodResponse><params/></methodResponse>x"[..],
        b"<methodResponse><params/></methodResponse><!-- ok -->",
        b"<methodResponse><params><param><value>1</value></param>",
        b"<methodCall><methodName>m</methodName></methodCall>",
        b"<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>4</int></value></member><member><name>faultString</name><value>no &amp; way</value></member></struct></value></fault></methodResponse>",
    ] {
        for c in [1, 2, 5, 1000] {
            check(doc, 256, &[c]);
            check(doc, doc.len() + 64, &[c]);
        }
    }
}

#[test]
fn a_response_whose_first_child_is_not_params_or_fault_fails_before_any_event() {
    // The whole-document decoder's error, and no `Response` event for a document that is
    // not one (the head is read by the same grammar).
    let doc = b"<methodResponse><foo/></methodResponse>";
    let e = whole(doc).unwrap_err();
    assert_eq!((e.kind(), e.offset()), (ErrorKind::UnexpectedElement, 16));
    let mut s = Stream::new([0u8; 256]);
    s.push(doc);
    s.finish();
    assert_eq!(s.next_event().unwrap_err(), e);
}
