//! Server-side decoding answers every bad request with the fault the spec
//! prescribes (number and exact string).

mod common;

use baton_rpc::{Fault, FaultCode, Request};

const AUTH: &str = "'authenticationUser': 'admin', 'authenticationPassword': 'pw'";

fn fault_of_xml(mut xml: Vec<u8>) -> (i32, String) {
    match Request::decode_in_place(&mut xml) {
        Ok(req) => panic!("expected a fault, decoded {req:?}"),
        Err(f) => (f.code(), f.message().to_owned()),
    }
}

/// The fault for `method` with the params struct `{AUTH, <members>}`.
fn fault(method: &str, members: &str) -> (i32, String) {
    fault_of_xml(common::dumps_call(
        method,
        &format!("{{{AUTH}, {members}}}"),
    ))
}

fn expect(method: &str, members: &str, code: i32, string: &str) {
    assert_eq!(
        fault(method, members),
        (code, string.to_owned()),
        "{method} {{{members}}}"
    );
}

const PID: &str = "'participantProtocol': 'sip', 'participantType': 'by_name'";

#[test]
fn unknown_method_is_fault_1_method_not_supported() {
    for name in [
        "conference.Destroy",
        "system.listMethods",
        "feedback.configure",
        "factory.conferenceCreate",
    ] {
        let xml = common::dumps_call(name, &format!("{{{AUTH}}}"));
        assert_eq!(
            fault_of_xml(xml),
            (1, "method not supported".to_owned()),
            "{name:?}"
        );
    }
    // CPython's dumps writes no methodCall at all for an empty name, so the
    // empty <methodName> (both spellings) is written by hand.
    for call in [
        "<methodCall><methodName></methodName><params><param><value><struct>",
        "<methodCall><methodName/><params><param><value><struct>",
    ] {
        let xml = format!(
            "{call}<member><name>authenticationUser</name><value>admin</value></member>\
             </struct></value></param></params></methodCall>"
        );
        assert_eq!(
            fault_of_xml(xml.into_bytes()),
            (1, "method not supported".to_owned()),
            "{call}"
        );
    }
}

#[test]
fn missing_conference_name_is_fault_8() {
    let s = "no conference name or auto attendant id supplied";
    for (method, members) in [
        ("conference.create", "'durationSeconds': 1"),
        ("conference.destroy", "'x': 1"),
        ("conference.end", "'x': 1"),
        ("conference.modify", "'locked': True"),
        ("factory.conferencemodify", "'locked': True"),
        ("factory.webex.add", "'sipUri': 'sip:a@b'"),
        ("participant.add", "'participantName': 'p', 'address': 'a'"),
        (
            "participant.diagnostics",
            &format!("'participantName': 'p', {PID}"),
        ),
        (
            "participant.disconnect",
            &format!("'participantName': 'p', {PID}"),
        ),
        (
            "participant.remove",
            &format!("'participantName': 'p', {PID}"),
        ),
        (
            "participant.modify",
            &format!("'participantName': 'p', {PID}"),
        ),
        (
            "participant.message",
            "'participantName': 'p', 'message': 'm'",
        ),
    ] {
        expect(method, members, 8, s);
    }
}

#[test]
fn missing_participant_name_is_fault_9() {
    let s = "no participant name supplied";
    for (method, members) in [
        ("participant.add", "'conferenceName': 'c', 'address': 'a'"),
        (
            "participant.diagnostics",
            &format!("'conferenceName': 'c', {PID}"),
        ),
        (
            "participant.disconnect",
            &format!("'conferenceName': 'c', {PID}"),
        ),
        (
            "participant.remove",
            &format!("'conferenceName': 'c', {PID}"),
        ),
        (
            "participant.modify",
            &format!("'conferenceName': 'c', {PID}"),
        ),
        (
            "participant.message",
            "'conferenceName': 'c', 'message': 'm'",
        ),
    ] {
        expect(method, members, 9, s);
    }
}

#[test]
fn missing_participant_address_is_fault_10() {
    expect(
        "participant.add",
        "'conferenceName': 'c', 'participantName': 'p'",
        10,
        "no participant address supplied",
    );
}

#[test]
fn missing_conference_alias_is_fault_21() {
    expect(
        "factory.conferencecreate",
        "'webEx': 'SIP'",
        21,
        "no conference alias supplied",
    );
}

#[test]
fn missing_other_required_parameter_is_fault_101_with_its_name() {
    let cases: &[(&str, &str, &str)] = &[
        ("factory.webex.add", "'conferenceName': 'c'", "sipUri"),
        (
            "participant.remove",
            "'conferenceName': 'c', 'participantName': 'p', 'participantType': 'ad_hoc'",
            "participantProtocol",
        ),
        (
            "participant.modify",
            "'conferenceName': 'c', 'participantName': 'p', 'participantProtocol': 'sip'",
            "participantType",
        ),
        (
            "participant.message",
            "'conferenceName': 'c', 'participantName': 'p'",
            "message",
        ),
        (
            "feedbackReceiver.extended.configure",
            "'sourceIdentifier': 's'",
            "receiverURI",
        ),
        (
            "feedbackReceiver.extended.configure",
            "'receiverURI': 'http://h/RPC2'",
            "sourceIdentifier",
        ),
        ("feedbackReceiver.configure", "'x': 1", "receiverURI"),
        (
            "feedbackReceiver.extended.remove",
            "'x': 1",
            "receiverIndex",
        ),
    ];
    for (method, members, name) in cases {
        expect(method, members, 101, &format!("missing parameter - {name}"));
    }
}

#[test]
fn missing_authentication_is_fault_101_with_its_name() {
    let xml = common::dumps_call("device.query", "{'authenticationPassword': 'pw'}");
    assert_eq!(
        fault_of_xml(xml),
        (101, "missing parameter - authenticationUser".to_owned())
    );
    let xml = common::dumps_call(
        "conference.destroy",
        "{'authenticationUser': 'u', 'conferenceName': 'c'}",
    );
    assert_eq!(
        fault_of_xml(xml),
        (101, "missing parameter - authenticationPassword".to_owned())
    );
}

#[test]
fn call_without_params_reports_its_first_required_parameter() {
    let xml = common::dumps_call_tuple("participant.add", "()");
    assert_eq!(fault_of_xml(xml).0, 8);
    let xml = common::dumps_call_tuple("factory.conferencecreate", "()");
    assert_eq!(fault_of_xml(xml).0, 21);
    let xml = common::dumps_call_tuple("device.query", "()");
    assert_eq!(
        fault_of_xml(xml),
        (101, "missing parameter - authenticationUser".to_owned())
    );
    let xml = common::dumps_call_tuple("eventNotification", "()");
    assert_eq!(
        fault_of_xml(xml),
        (101, "missing parameter - sourceIdentifier".to_owned())
    );
}

#[test]
fn wrong_type_is_fault_103_malformed_parameter_with_its_name() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "conference.create",
            "'conferenceName': 'c', 'durationSeconds': 'long'",
            "durationSeconds",
        ),
        (
            "conference.destroy",
            "'conferenceName': 42",
            "conferenceName",
        ),
        (
            "conference.modify",
            "'conferenceName': 'c', 'locked': 'yes'",
            "locked",
        ),
        (
            "factory.conferencecreate",
            "'conferenceAlias': 'a', 'factoryResourceLimits': 5",
            "factoryResourceLimits",
        ),
        (
            "factory.conferencecreate",
            "'conferenceAlias': 'a', 'factoryResourceLimits': {'ports': 'many'}",
            "ports",
        ),
        (
            "factory.conferencecreate",
            "'conferenceAlias': 'a', 'encryption': 1",
            "encryption",
        ),
        (
            "feedbackReceiver.extended.remove",
            "'receiverIndex': '3'",
            "receiverIndex",
        ),
        (
            "participant.enumerate",
            "'factoryConferenceIds': 'f1'",
            "factoryConferenceIds",
        ),
        (
            "participant.add",
            "'conferenceName': 'c', 'participantName': 'p', 'address': ['a']",
            "address",
        ),
        (
            "factory.webex.add",
            "'conferenceName': 'c', 'sipUri': 's', 'bestEffort': 1.5",
            "bestEffort",
        ),
    ];
    for (method, members, name) in cases {
        expect(
            method,
            members,
            103,
            &format!("malformed parameter - {name}"),
        );
    }
}

#[test]
fn unknown_enum_value_is_fault_102_invalid_parameter_with_its_name() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "conference.create",
            "'conferenceName': 'c', 'encryption': 'mandatory'",
            "encryption",
        ),
        (
            "factory.conferencecreate",
            "'conferenceAlias': 'a', 'webEx': 'sip'",
            "webEx",
        ),
        (
            "factory.conferencecreate",
            "'conferenceAlias': 'a', 'factoryLayout': 'Equal'",
            "factoryLayout",
        ),
        (
            "factory.conferencemodify",
            "'conferenceName': 'c', 'factoryLayout': 'grid'",
            "factoryLayout",
        ),
        (
            "participant.message",
            "'conferenceName': 'c', 'participantName': 'p', 'message': 'm', 'factoryPosition': 'top-center'",
            "factoryPosition",
        ),
        (
            "participant.modify",
            &format!("'conferenceName': 'c', 'participantName': 'p', {PID}, 'audioRxGainMode': 'auto'"),
            "audioRxGainMode",
        ),
        (
            "participant.modify",
            &format!("'conferenceName': 'c', 'participantName': 'p', {PID}, 'suppressDtmf': 'sometimes'"),
            "suppressDtmf",
        ),
    ];
    for (method, members, name) in cases {
        expect(method, members, 102, &format!("invalid parameter - {name}"));
    }
}

/// Fault 19 "unsupported protocol": "In particular, this is used for
/// participant identification where an invalid protocol is specified";
/// fault 20 "unsupported participant type": "A participant type is used
/// which does not correspond to any participant type known to the device".
#[test]
fn participant_identification_with_an_invalid_protocol_or_type_is_fault_19_or_20() {
    for method in [
        "participant.remove",
        "participant.disconnect",
        "participant.diagnostics",
        "participant.modify",
    ] {
        expect(
            method,
            "'conferenceName': 'c', 'participantName': 'p', 'participantProtocol': 'SIP', 'participantType': 'ad_hoc'",
            19,
            "unsupported protocol",
        );
        expect(
            method,
            "'conferenceName': 'c', 'participantName': 'p', 'participantProtocol': 'sip', 'participantType': 'adhoc'",
            20,
            "unsupported participant type",
        );
    }
    expect(
        "participant.message",
        "'conferenceName': 'c', 'participantName': 'p', 'message': 'm', 'participantProtocol': 'skype'",
        19,
        "unsupported protocol",
    );
    // A protocol of the wrong type is still malformed (103).
    expect(
        "participant.remove",
        "'conferenceName': 'c', 'participantName': 'p', 'participantProtocol': 5, 'participantType': 'ad_hoc'",
        103,
        "malformed parameter - participantProtocol",
    );
}

/// participant.add `participantType`: "The TelePresence Conductor ignores
/// any values specified for this parameter": any value decodes.
#[test]
fn participant_add_ignores_any_participant_type_value() {
    for value in ["'adhoc'", "''", "7", "True", "['x']"] {
        let mut xml = common::dumps_call(
            "participant.add",
            &format!("{{{AUTH}, 'conferenceName': 'c', 'participantName': 'p', 'address': 'a', 'participantType': {value}}}"),
        );
        let decoded = Request::decode_in_place(&mut xml).map(|r| match r {
            Request::ParticipantAdd(p) => p.participant_type,
            other => panic!("{other:?}"),
        });
        assert_eq!(decoded, Ok(None), "{value}");
    }
    let mut xml = common::dumps_call(
        "participant.add",
        &format!("{{{AUTH}, 'conferenceName': 'c', 'participantName': 'p', 'address': 'a', 'participantType': 'by_name'}}"),
    );
    let decoded = Request::decode_in_place(&mut xml).map(|r| match r {
        Request::ParticipantAdd(p) => p.participant_type,
        other => panic!("{other:?}"),
    });
    assert_eq!(decoded, Ok(Some(baton_rpc::enums::ParticipantType::ByName)));
}

#[test]
fn boolean_given_as_int_is_fault_103() {
    // Strict types (issue 14.6): an <int> is not a Boolean, whatever its value.
    for v in [0, 1, 2] {
        expect(
            "conference.modify",
            &format!("'conferenceName': 'c', 'locked': {v}"),
            103,
            "malformed parameter - locked",
        );
    }
}

#[test]
fn integer_outside_i32_is_fault_102() {
    // CPython sends ints beyond 32 bits as <int> text too; either way the
    // value does not fit the parameter.
    let xml = b"<?xml version=\"1.0\"?><methodCall><methodName>conference.create</methodName>\
        <params><param><value><struct>\
        <member><name>conferenceName</name><value><string>c</string></value></member>\
        <member><name>durationSeconds</name><value><i8>99999999999</i8></value></member>\
        <member><name>authenticationUser</name><value>u</value></member>\
        <member><name>authenticationPassword</name><value>p</value></member>\
        </struct></value></param></params></methodCall>"
        .to_vec();
    assert_eq!(
        fault_of_xml(xml),
        (102, "invalid parameter - durationSeconds".to_owned())
    );
}

#[test]
fn list_over_capacity_is_fault_102() {
    let ids: Vec<String> = (0..=baton_rpc::participant::FACTORY_CONFERENCE_IDS_CAPACITY)
        .map(|i| format!("'id{i}'"))
        .collect();
    expect(
        "participant.enumerate",
        &format!("'factoryConferenceIds': [{}]", ids.join(", ")),
        102,
        "invalid parameter - factoryConferenceIds",
    );
}

#[test]
fn unparseable_xml_is_fault_201_operation_failed() {
    for xml in [
        &b""[..],
        b"not xml at all",
        b"<?xml version=\"1.0\"?><methodCall><methodName>device.query",
        b"<methodResponse><params/></methodResponse>",
        b"<methodCall><params></params></methodCall>",
    ] {
        assert_eq!(
            fault_of_xml(xml.to_vec()),
            (201, "operation failed".to_owned()),
            "{}",
            String::from_utf8_lossy(xml)
        );
    }
}

#[test]
fn xml_damaged_inside_a_parameter_is_fault_103_with_its_name() {
    let xml = b"<methodCall><methodName>conference.create</methodName>\
        <params><param><value><struct>\
        <member><name>durationSeconds</name><value><int>12x</int></value></member>\
        </struct></value></param></params></methodCall>"
        .to_vec();
    assert_eq!(
        fault_of_xml(xml),
        (103, "malformed parameter - durationSeconds".to_owned())
    );
}

#[test]
fn every_decoding_fault_code_is_in_the_spec_table() {
    let inputs: [&[u8]; 3] = [
        b"",
        b"<methodCall><methodName>x</methodName></methodCall>",
        b"<a",
    ];
    for input in inputs {
        let f: Fault = Request::decode_in_place(&mut input.to_vec()).unwrap_err();
        assert!(FaultCode::from_code(f.code()).is_some(), "{f}");
    }
}

/// The in-place decoder (what firmware runs) reads UTF-8 only: a request
/// declared ISO-8859-1, or with a UTF-16 BOM, is fault 201 naming the
/// encoding (a std server transcodes first, see `baton_xmlrpc::encoding`).
#[test]
fn request_in_another_encoding_is_fault_201_naming_the_encoding() {
    let latin1 = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><methodCall><methodName>device.query</methodName><params/></methodCall>".to_vec();
    assert_eq!(
        fault_of_xml(latin1.clone()),
        (
            201,
            "operation failed - unsupported encoding ISO-8859-1".to_owned()
        )
    );
    let mut buf = latin1;
    struct All;
    impl baton_rpc::method::MethodSet for All {
        const METHODS: baton_rpc::method::Methods = baton_rpc::method::Methods::ALL;
    }
    let f = Request::decode_only_in_place::<All>(&mut buf).unwrap_err();
    assert_eq!(
        f.message(),
        "operation failed - unsupported encoding ISO-8859-1"
    );
    let utf16 = b"\xFF\xFE<\0m\0".to_vec();
    assert_eq!(
        fault_of_xml(utf16),
        (
            201,
            "operation failed - unsupported encoding UTF-16LE".to_owned()
        )
    );
}
