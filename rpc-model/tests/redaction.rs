//! Issue 14 point 8: `Debug` of a params struct or a `Request` never prints the password
//! (a logged request does not leak it); the wire form keeps it.

mod common;

use baton_rpc::auth::{Account, Role, Users};
use baton_rpc::{Method, Request};

const SECRET: &str = "hunter2-Secret";

/// One call of each method a client sends (credentials included), written by CPython.
const CALLS: &[(&str, &str)] = &[
    ("conference.create", "'conferenceName': 'c'"),
    ("conference.destroy", "'conferenceName': 'c'"),
    ("conference.end", "'conferenceName': 'c'"),
    ("conference.enumerate", ""),
    ("conference.modify", "'conferenceName': 'c'"),
    ("device.network.query", ""),
    ("device.query", ""),
    ("factory.conferencecreate", "'conferenceAlias': 'a'"),
    ("factory.conferencemodify", "'conferenceName': 'c'"),
    ("factory.health.query", ""),
    ("factory.webex.add", "'conferenceName': 'c', 'sipUri': 's'"),
    ("feedbackReceiver.configure", "'receiverURI': 'http://h/RPC2'"),
    ("feedbackReceiver.extended.configure", "'receiverURI': 'http://h/RPC2', 'sourceIdentifier': 's'"),
    ("feedbackReceiver.extended.query", ""),
    ("feedbackReceiver.extended.remove", "'receiverIndex': 1"),
    ("feedbackReceiver.query", ""),
    ("participant.add", "'conferenceName': 'c', 'participantName': 'p', 'address': 'a'"),
    ("participant.diagnostics", "'conferenceName': 'c', 'participantName': 'p', 'participantProtocol': 'sip', 'participantType': 'by_name'"),
    ("participant.disconnect", "'conferenceName': 'c', 'participantName': 'p', 'participantProtocol': 'sip', 'participantType': 'by_name'"),
    ("participant.enumerate", ""),
    ("participant.message", "'conferenceName': 'c', 'participantName': 'p', 'message': 'm'"),
    ("participant.modify", "'conferenceName': 'c', 'participantName': 'p', 'participantProtocol': 'sip', 'participantType': 'by_name'"),
    ("participant.remove", "'conferenceName': 'c', 'participantName': 'p', 'participantProtocol': 'sip', 'participantType': 'by_name'"),
];

#[test]
fn debug_of_params_and_requests_redacts_the_password() {
    // Every method but eventNotification (which carries no credentials) is covered.
    let covered: Vec<&str> = CALLS.iter().map(|(m, _)| *m).collect();
    for m in Method::ALL {
        assert!(
            *m == Method::EventNotification || covered.contains(&m.as_str()),
            "{m} not covered"
        );
    }
    for (method, members) in CALLS {
        let sep = if members.is_empty() { "" } else { ", " };
        let mut xml = common::dumps_call(
            method,
            &format!(
                "{{{members}{sep}'authenticationUser': 'admin', 'authenticationPassword': {SECRET:?}}}"
            ),
        );
        let req = Request::decode_in_place(&mut xml).unwrap_or_else(|f| panic!("{method}: {f:?}"));
        for shown in [format!("{req:?}"), format!("{req:#?}")] {
            assert!(!shown.contains(SECRET), "{method}: {shown}");
            assert!(
                shown.contains("authentication_password: \"***\""),
                "{method}: {shown}"
            );
            assert!(
                shown.contains("\"admin\""),
                "{method}: the user is shown: {shown}"
            );
        }
        // The wire keeps it: the JSON form and the re-encoded call carry the password.
        let json = serde_json::to_string(&req).unwrap();
        assert!(
            json.contains(&format!("\"authenticationPassword\":\"{SECRET}\"")),
            "{json}"
        );
        let mut out = vec![0u8; 64 * 1024];
        let n = req.encode(&mut out).unwrap();
        let text = std::str::from_utf8(&out[..n]).unwrap();
        assert!(text.contains(SECRET), "{method}: {text}");
    }
}

#[test]
fn debug_of_accounts_and_users_redacts_the_password() {
    let accounts = [Account {
        user: "admin",
        password: SECRET,
        role: Role::Admin,
    }];
    for shown in [
        format!("{:?}", accounts[0]),
        format!("{:?}", Users::new(&accounts)),
    ] {
        assert!(!shown.contains(SECRET), "{shown}");
        assert!(shown.contains("admin"), "{shown}");
    }
}
