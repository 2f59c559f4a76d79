//! Golden vectors: the spec's own XML examples decode to the expected values.

use baton_xmlrpc::{decode_response_from_slice, CallDecoder, Response};
use serde::Deserialize;

fn read(path: &str) -> Vec<u8> {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(path);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
struct Notification<'a> {
    source_identifier: &'a str,
    seqn: i32,
    #[serde(borrow)]
    events: heapless::Vec<Event<'a>, 4>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Event<'a> {
    name: &'a str,
    #[serde(borrow)]
    args: Args<'a>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Args<'a> {
    factory_conference_id: Option<&'a str>,
    request_id: Option<&'a str>,
    conference_name: Option<&'a str>,
}

fn expected() -> Notification<'static> {
    let mut events = heapless::Vec::new();
    events
        .push(Event {
            name: "conferenceCreate",
            args: Args {
                factory_conference_id: Some("a7062510-5625-11e1-bdb0-0010f31a4434"),
                request_id: Some("a7049626-5625-11e1-ad66-0010f31a4434"),
                conference_name: None,
            },
        })
        .unwrap();
    Notification {
        source_identifier: "id1",
        seqn: 0,
        events,
    }
}

#[test]
fn spec_event_notification_verbatim_decodes_in_place() {
    let mut doc = read("testdata/spec/event_notification.xml");
    let call = CallDecoder::in_place(&mut doc).unwrap();
    assert_eq!(call.method_name(), "eventNotification");
    let (n,): (Notification<'_>,) = call.params().unwrap();
    assert_eq!(n, expected());
}

#[test]
fn spec_event_notification_verbatim_decodes_from_slice() {
    let doc = read("testdata/spec/event_notification.xml");
    let call = CallDecoder::from_slice(&doc, &mut []).unwrap();
    assert_eq!(call.method_name(), "eventNotification");
    let n: Option<Notification<'_>> = call.first_param().unwrap();
    assert_eq!(n.unwrap(), expected());
}

#[test]
fn cpython_form_of_event_notification_decodes() {
    let doc = read("testdata/bench/event_notification_canonical.xml");
    let call = CallDecoder::from_slice(&doc, &mut []).unwrap();
    let (n,): (Notification<'_>,) = call.params().unwrap();
    assert_eq!(n, expected());
}

#[test]
fn fault_response() {
    let doc = b"<?xml version=\"1.0\"?><methodResponse><fault><value><struct><member><name>faultCode</name><value><int>4</int></value></member><member><name>faultString</name><value><string>no such conference or auto attendant</string></value></member></struct></value></fault></methodResponse>";
    let r: Response<'_, i32> = decode_response_from_slice(doc, &mut []).unwrap();
    match r {
        Response::Fault(f) => {
            assert_eq!(f.code, 4);
            assert_eq!(f.string, "no such conference or auto attendant");
        }
        Response::Value(_) => panic!("expected a fault"),
    }
}
