//! Issue 14 points 6 and 7: a parameter of the wrong XML-RPC type is fault 103
//! `malformed parameter - <name>` (the spec's fault table: "a parameter of the correct
//! name is present, but cannot be read ... for example the parameter is supposed to be an
//! Integer, but is given as a String"), never converted; the credentials given twice are
//! fault 103 too; conversions are an opt-in that never applies to the credentials.

mod common;

use baton_rpc::Request;
use baton_xmlrpc::DecodeOptions;

const USER: &str = "'authenticationUser': 'admin'";
const PASSWORD: &str = "'authenticationPassword': 'pw'";
const PID: &str = "'conferenceName': 'c', 'participantName': 'p', 'participantProtocol': 'sip', 'participantType': 'by_name'";

fn decode(xml: &mut [u8]) -> Result<Request<'_>, (i32, String)> {
    Request::decode_in_place(xml).map_err(|f| (f.code(), f.message().to_owned()))
}

fn fault(method: &str, params: &str) -> (i32, String) {
    let mut xml = common::dumps_call(method, &format!("{{{params}}}"));
    let r = match decode(&mut xml) {
        Ok(r) => panic!("{method} {params}: decoded {r:?}"),
        Err(f) => f,
    };
    r
}

fn malformed(name: &str) -> (i32, String) {
    (103, format!("malformed parameter - {name}"))
}

#[test]
fn base64_where_a_string_is_expected_is_fault_103() {
    // base64 of the right password does not log in: it is not a string.
    assert_eq!(
        fault(
            "device.query",
            &format!("{USER}, 'authenticationPassword': xmlrpc.client.Binary(b'pw')")
        ),
        malformed("authenticationPassword")
    );
    assert_eq!(
        fault(
            "device.query",
            &format!("'authenticationUser': xmlrpc.client.Binary(b'admin'), {PASSWORD}")
        ),
        malformed("authenticationUser")
    );
    assert_eq!(
        fault(
            "conference.destroy",
            &format!("{USER}, {PASSWORD}, 'conferenceName': xmlrpc.client.Binary(b'c')")
        ),
        malformed("conferenceName")
    );
}

#[test]
fn datetime_where_a_string_is_expected_is_fault_103() {
    assert_eq!(
        fault(
            "device.query",
            &format!("{USER}, 'authenticationPassword': DateTime('20240102T03:04:05')")
        ),
        malformed("authenticationPassword")
    );
    assert_eq!(
        fault("participant.message", &format!("{USER}, {PASSWORD}, 'conferenceName': 'c', 'participantName': 'p', 'message': DateTime('20240102T03:04:05')")),
        malformed("message")
    );
}

#[test]
fn int_where_a_boolean_is_expected_is_fault_103() {
    for v in ["0", "1", "2"] {
        assert_eq!(
            fault(
                "conference.modify",
                &format!("{USER}, {PASSWORD}, 'conferenceName': 'c', 'locked': {v}")
            ),
            malformed("locked"),
            "locked {v}"
        );
        assert_eq!(
            fault(
                "participant.modify",
                &format!("{USER}, {PASSWORD}, {PID}, 'important': {v}")
            ),
            malformed("important")
        );
        // audioTxMuted is typed String in the spec but means a boolean: <boolean> or the
        // strings true/false, not an <int>.
        assert_eq!(
            fault(
                "participant.modify",
                &format!("{USER}, {PASSWORD}, {PID}, 'audioTxMuted': {v}")
            ),
            malformed("audioTxMuted")
        );
    }
    let mut xml = common::dumps_call(
        "participant.modify",
        &format!("{{{USER}, {PASSWORD}, {PID}, 'important': True, 'audioTxMuted': 'false'}}"),
    );
    let Ok(Request::ParticipantModify(p)) = decode(&mut xml) else {
        panic!()
    };
    assert_eq!((p.important, p.audio_tx_muted), (Some(true), Some(false)));
}

/// `device.query` with the members as written (XML fragments).
fn device_query(members: &[(&str, &str)]) -> Vec<u8> {
    let mut s = String::from(
        "<?xml version=\"1.0\"?><methodCall><methodName>conference.destroy</methodName>\
         <params><param><value><struct>",
    );
    for (n, v) in members {
        s += &format!("<member><name>{n}</name><value><string>{v}</string></value></member>");
    }
    s += "</struct></value></param></params></methodCall>";
    s.into_bytes()
}

#[test]
fn duplicate_credentials_are_fault_103() {
    let cases: &[(&[(&str, &str)], &str)] = &[
        (
            &[
                ("conferenceName", "c"),
                ("authenticationUser", "nobody"),
                ("authenticationUser", "admin"),
                ("authenticationPassword", "pw"),
            ],
            "authenticationUser",
        ),
        (
            &[
                ("authenticationUser", "admin"),
                ("authenticationPassword", "wrong"),
                ("conferenceName", "c"),
                ("authenticationPassword", "pw"),
            ],
            "authenticationPassword",
        ),
        // After an ordinary duplicate (which switches the decoder to last-wins mode).
        (
            &[
                ("conferenceName", "a"),
                ("conferenceName", "c"),
                ("authenticationUser", "admin"),
                ("authenticationPassword", "x"),
                ("authenticationPassword", "pw"),
            ],
            "authenticationPassword",
        ),
    ];
    for (members, name) in cases {
        let mut xml = device_query(members);
        assert_eq!(
            decode(&mut xml).unwrap_err(),
            malformed(name),
            "{members:?}"
        );
    }
}

#[test]
fn duplicate_ordinary_members_last_one_wins() {
    let mut xml = device_query(&[
        ("conferenceName", "a"),
        ("authenticationUser", "admin"),
        ("conferenceName", "c"),
        ("authenticationPassword", "pw"),
    ]);
    let Ok(Request::ConferenceDestroy(p)) = decode(&mut xml) else {
        panic!()
    };
    assert_eq!(p.conference_name, "c");
}

#[test]
fn lenient_decoding_is_opt_in_and_never_applies_to_credentials() {
    let lenient = DecodeOptions::new().lenient_types(true);
    let mut xml = common::dumps_call(
        "conference.modify",
        &format!(
            "{{{USER}, {PASSWORD}, 'conferenceName': xmlrpc.client.Binary(b'c'), 'locked': 1}}"
        ),
    );
    let Ok(Request::ConferenceModify(p)) = Request::decode_in_place_with_options(&mut xml, lenient)
    else {
        panic!()
    };
    assert_eq!((p.conference_name, p.locked), ("c", Some(true)));
    for creds in [
        format!("{USER}, 'authenticationPassword': xmlrpc.client.Binary(b'pw')"),
        format!("'authenticationUser': DateTime('20240102T03:04:05'), {PASSWORD}"),
    ] {
        let mut xml = common::dumps_call("device.query", &format!("{{{creds}}}"));
        let f = Request::decode_in_place_with_options(&mut xml, lenient).unwrap_err();
        assert_eq!(f.code(), 103, "{creds}");
    }
}
