//! `wire::classify_reply`: what a receiver's answer to a notification
//! means, as both ports judged it before it moved here (the embassy port's
//! `classify` after the HTTP head, the tokio driver's `deliver`).

use baton_feedback::wire::{classify_reply, ReplyClass};
use baton_feedback::Outcome;

const ACK: &[u8] = b"<methodResponse><params><param><value><string>ok</string></value></param></params></methodResponse>";
const FAULT: &[u8] = b"<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>1</int></value></member><member><name>faultString</name><value><string>x</string></value></member></struct></value></fault></methodResponse>";

fn class(status: u16, body: &[u8]) -> (Outcome, String) {
    let mut body = body.to_vec();
    let c = classify_reply(status, &mut body);
    (c.outcome(), c.to_string())
}

/// Delivered = HTTP 2xx and the body decodes as an acknowledgement (a
/// `methodResponse` with any value); a fault, garbage, an empty body or
/// any other status is a failure.
#[test]
fn delivered_is_2xx_and_a_body_that_decodes_as_an_acknowledgement() {
    assert_eq!(class(200, ACK), (Outcome::Delivered, "acknowledged".into()));
    assert_eq!(class(204, ACK).0, Outcome::Delivered);
    assert_eq!(class(299, ACK).0, Outcome::Delivered);
    // Any value acknowledges: the spec gives the answer no shape.
    let int = b"<?xml version=\"1.0\"?><methodResponse><params><param><value><int>1</int></value></param></params></methodResponse>";
    assert_eq!(class(200, int).0, Outcome::Delivered);
    let empty_struct = b"<methodResponse><params><param><value><struct></struct></value></param></params></methodResponse>";
    assert_eq!(class(200, empty_struct).0, Outcome::Delivered);

    assert_eq!(class(200, FAULT), (Outcome::Failed, "fault 1: x".into()));
    let mut fault = FAULT.to_vec();
    assert!(matches!(
        classify_reply(200, &mut fault),
        ReplyClass::Fault(f) if f.code == 1 && f.string == "x"
    ));
    for status in [100, 199, 300, 404, 500] {
        assert_eq!(
            class(status, ACK),
            (Outcome::Failed, format!("HTTP status {status}"))
        );
    }
    for garbage in [&b""[..], b"garbage", &ACK[..ACK.len() - 1]] {
        let (outcome, text) = class(200, garbage);
        assert_eq!(outcome, Outcome::Failed);
        assert!(text.starts_with("garbage: "), "{text}");
    }
}
