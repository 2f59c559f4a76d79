//! rpc-model/tests/request_faults.rs on target: every bad request is answered with the
//! fault the spec prescribes (number and exact string). The documents are written the way
//! CPython's `xmlrpc.client.dumps` writes them (see `xml::call`).

use core::fmt::Write;

use baton_rpc::{FaultCode, Request};

use crate::xml::{call, Buf, V};
use crate::{ensure, ensure_eq, Outcome};

type Members<'a> = &'a [(&'a str, V<'a>)];

const AUTH: Members<'static> = &[
    ("authenticationUser", V::S("admin")),
    ("authenticationPassword", V::S("pw")),
];
const PID: Members<'static> = &[
    ("participantProtocol", V::S("sip")),
    ("participantType", V::S("by_name")),
];

/// The fault for the document in `doc` (decoded in place), or `None` when it decodes.
fn fault_of<const N: usize>(doc: &mut Buf<N>) -> Option<(i32, heapless::String<128>)> {
    match Request::decode_in_place(doc.as_mut()) {
        Ok(_) => None,
        Err(f) => {
            let mut s = heapless::String::new();
            let _ = s.push_str(f.message());
            Some((f.code(), s))
        }
    }
}

/// The fault for `method` with the params struct `{AUTH, extra.., members..}`.
fn fault(
    method: &str,
    extra: Members<'_>,
    members: Members<'_>,
) -> Option<(i32, heapless::String<128>)> {
    let mut all: heapless::Vec<(&str, V<'_>), 24> = heapless::Vec::new();
    for m in AUTH.iter().chain(extra).chain(members) {
        let _ = all.push(*m);
    }
    let mut doc = Buf::<4096>::new();
    call(&mut doc, method, &[V::M(&all)]);
    fault_of(&mut doc)
}

fn expect(
    method: &str,
    extra: Members<'_>,
    members: Members<'_>,
    code: i32,
    string: &str,
) -> Outcome {
    let got = fault(method, extra, members);
    ensure!(
        matches!(&got, Some((c, s)) if *c == code && s.as_str() == string),
        "{method}: expected ({code}, {string:?}), got {got:?}"
    );
    Ok(())
}

pub fn unknown_method_is_fault_1() -> Outcome {
    for name in [
        "conference.Destroy",
        "system.listMethods",
        "feedback.configure",
        "factory.conferenceCreate",
    ] {
        expect(name, &[], &[], 1, "method not supported")?;
    }
    // An empty <methodName>, both spellings.
    for head in [
        "<methodCall><methodName></methodName><params><param><value><struct>",
        "<methodCall><methodName/><params><param><value><struct>",
    ] {
        let mut doc = Buf::<512>::new();
        doc.push_str(head);
        doc.push_str(
            "<member><name>authenticationUser</name><value>admin</value></member>\
             </struct></value></param></params></methodCall>",
        );
        let got = fault_of(&mut doc);
        ensure!(
            matches!(&got, Some((1, s)) if s.as_str() == "method not supported"),
            "{head}: {got:?}"
        );
    }
    Ok(())
}

pub fn missing_conference_name_is_fault_8() -> Outcome {
    let s = "no conference name or auto attendant id supplied";
    let name_p: Members<'_> = &[("participantName", V::S("p"))];
    let cases: &[(&str, Members<'_>, Members<'_>)] = &[
        ("conference.create", &[], &[("durationSeconds", V::I(1))]),
        ("conference.destroy", &[], &[("x", V::I(1))]),
        ("conference.end", &[], &[("x", V::I(1))]),
        ("conference.modify", &[], &[("locked", V::B(true))]),
        ("factory.conferencemodify", &[], &[("locked", V::B(true))]),
        ("factory.webex.add", &[], &[("sipUri", V::S("sip:a@b"))]),
        (
            "participant.add",
            &[],
            &[("participantName", V::S("p")), ("address", V::S("a"))],
        ),
        ("participant.diagnostics", name_p, PID),
        ("participant.disconnect", name_p, PID),
        ("participant.remove", name_p, PID),
        ("participant.modify", name_p, PID),
        (
            "participant.message",
            &[],
            &[("participantName", V::S("p")), ("message", V::S("m"))],
        ),
    ];
    for (method, extra, members) in cases {
        expect(method, extra, members, 8, s)?;
    }
    Ok(())
}

pub fn missing_participant_name_is_fault_9() -> Outcome {
    let s = "no participant name supplied";
    let conf: Members<'_> = &[("conferenceName", V::S("c"))];
    let cases: &[(&str, Members<'_>, Members<'_>)] = &[
        ("participant.add", conf, &[("address", V::S("a"))]),
        ("participant.diagnostics", conf, PID),
        ("participant.disconnect", conf, PID),
        ("participant.remove", conf, PID),
        ("participant.modify", conf, PID),
        ("participant.message", conf, &[("message", V::S("m"))]),
    ];
    for (method, extra, members) in cases {
        expect(method, extra, members, 9, s)?;
    }
    Ok(())
}

pub fn missing_participant_address_is_fault_10() -> Outcome {
    expect(
        "participant.add",
        &[],
        &[
            ("conferenceName", V::S("c")),
            ("participantName", V::S("p")),
        ],
        10,
        "no participant address supplied",
    )
}

pub fn missing_conference_alias_is_fault_21() -> Outcome {
    expect(
        "factory.conferencecreate",
        &[],
        &[("webEx", V::S("SIP"))],
        21,
        "no conference alias supplied",
    )
}

pub fn missing_other_required_is_fault_101() -> Outcome {
    let cases: &[(&str, Members<'_>, &str)] = &[
        (
            "factory.webex.add",
            &[("conferenceName", V::S("c"))],
            "sipUri",
        ),
        (
            "participant.remove",
            &[
                ("conferenceName", V::S("c")),
                ("participantName", V::S("p")),
                ("participantType", V::S("ad_hoc")),
            ],
            "participantProtocol",
        ),
        (
            "participant.modify",
            &[
                ("conferenceName", V::S("c")),
                ("participantName", V::S("p")),
                ("participantProtocol", V::S("sip")),
            ],
            "participantType",
        ),
        (
            "participant.message",
            &[
                ("conferenceName", V::S("c")),
                ("participantName", V::S("p")),
            ],
            "message",
        ),
        (
            "feedbackReceiver.extended.configure",
            &[("sourceIdentifier", V::S("s"))],
            "receiverURI",
        ),
        (
            "feedbackReceiver.extended.configure",
            &[("receiverURI", V::S("http://h/RPC2"))],
            "sourceIdentifier",
        ),
        (
            "feedbackReceiver.configure",
            &[("x", V::I(1))],
            "receiverURI",
        ),
        (
            "feedbackReceiver.extended.remove",
            &[("x", V::I(1))],
            "receiverIndex",
        ),
    ];
    for (method, members, name) in cases {
        let mut want = heapless::String::<64>::new();
        let _ = write!(want, "missing parameter - {name}");
        expect(method, &[], members, 101, &want)?;
    }
    Ok(())
}

/// A call whose params struct is exactly `members` (no authentication added).
fn fault_bare(method: &str, params: &[V<'_>]) -> Option<(i32, heapless::String<128>)> {
    let mut doc = Buf::<2048>::new();
    call(&mut doc, method, params);
    fault_of(&mut doc)
}

pub fn missing_authentication_is_fault_101() -> Outcome {
    let got = fault_bare(
        "device.query",
        &[V::M(&[("authenticationPassword", V::S("pw"))])],
    );
    ensure!(
        matches!(&got, Some((101, s)) if s.as_str() == "missing parameter - authenticationUser"),
        "{got:?}"
    );
    let got = fault_bare(
        "conference.destroy",
        &[V::M(&[
            ("authenticationUser", V::S("u")),
            ("conferenceName", V::S("c")),
        ])],
    );
    ensure!(
        matches!(&got, Some((101, s)) if s.as_str() == "missing parameter - authenticationPassword"),
        "{got:?}"
    );
    Ok(())
}

pub fn call_without_params() -> Outcome {
    ensure_eq!(
        fault_bare("participant.add", &[]).map(|f| f.0),
        Some(8),
        "participant.add"
    );
    ensure_eq!(
        fault_bare("factory.conferencecreate", &[]).map(|f| f.0),
        Some(21),
        "factory.conferencecreate"
    );
    let got = fault_bare("device.query", &[]);
    ensure!(
        matches!(&got, Some((101, s)) if s.as_str() == "missing parameter - authenticationUser"),
        "device.query: {got:?}"
    );
    let got = fault_bare("eventNotification", &[]);
    ensure!(
        matches!(&got, Some((101, s)) if s.as_str() == "missing parameter - sourceIdentifier"),
        "eventNotification: {got:?}"
    );
    Ok(())
}

pub fn wrong_type_is_fault_103() -> Outcome {
    let cases: &[(&str, Members<'_>, &str)] = &[
        (
            "conference.create",
            &[
                ("conferenceName", V::S("c")),
                ("durationSeconds", V::S("long")),
            ],
            "durationSeconds",
        ),
        (
            "conference.destroy",
            &[("conferenceName", V::I(42))],
            "conferenceName",
        ),
        (
            "conference.modify",
            &[("conferenceName", V::S("c")), ("locked", V::S("yes"))],
            "locked",
        ),
        (
            "factory.conferencecreate",
            &[
                ("conferenceAlias", V::S("a")),
                ("factoryResourceLimits", V::I(5)),
            ],
            "factoryResourceLimits",
        ),
        (
            "factory.conferencecreate",
            &[
                ("conferenceAlias", V::S("a")),
                ("factoryResourceLimits", V::M(&[("ports", V::S("many"))])),
            ],
            "ports",
        ),
        (
            "factory.conferencecreate",
            &[("conferenceAlias", V::S("a")), ("encryption", V::I(1))],
            "encryption",
        ),
        (
            "feedbackReceiver.extended.remove",
            &[("receiverIndex", V::S("3"))],
            "receiverIndex",
        ),
        (
            "participant.enumerate",
            &[("factoryConferenceIds", V::S("f1"))],
            "factoryConferenceIds",
        ),
        (
            "participant.add",
            &[
                ("conferenceName", V::S("c")),
                ("participantName", V::S("p")),
                ("address", V::L(&[V::S("a")])),
            ],
            "address",
        ),
        (
            "factory.webex.add",
            &[
                ("conferenceName", V::S("c")),
                ("sipUri", V::S("s")),
                ("bestEffort", V::D("1.5")),
            ],
            "bestEffort",
        ),
    ];
    for (method, members, name) in cases {
        let mut want = heapless::String::<64>::new();
        let _ = write!(want, "malformed parameter - {name}");
        expect(method, &[], members, 103, &want)?;
    }
    Ok(())
}

pub fn unknown_enum_value_is_fault_102() -> Outcome {
    let cp: Members<'_> = &[
        ("conferenceName", V::S("c")),
        ("participantName", V::S("p")),
    ];
    let cases: &[(&str, Members<'_>, Members<'_>, &str)] = &[
        (
            "conference.create",
            &[],
            &[
                ("conferenceName", V::S("c")),
                ("encryption", V::S("mandatory")),
            ],
            "encryption",
        ),
        (
            "factory.conferencecreate",
            &[],
            &[("conferenceAlias", V::S("a")), ("webEx", V::S("sip"))],
            "webEx",
        ),
        (
            "factory.conferencecreate",
            &[],
            &[
                ("conferenceAlias", V::S("a")),
                ("factoryLayout", V::S("Equal")),
            ],
            "factoryLayout",
        ),
        (
            "factory.conferencemodify",
            &[],
            &[
                ("conferenceName", V::S("c")),
                ("factoryLayout", V::S("grid")),
            ],
            "factoryLayout",
        ),
        (
            "participant.message",
            cp,
            &[
                ("message", V::S("m")),
                ("factoryPosition", V::S("top-center")),
            ],
            "factoryPosition",
        ),
        (
            "participant.modify",
            cp,
            &[
                ("participantProtocol", V::S("sip")),
                ("participantType", V::S("by_name")),
                ("audioRxGainMode", V::S("auto")),
            ],
            "audioRxGainMode",
        ),
        (
            "participant.modify",
            cp,
            &[
                ("participantProtocol", V::S("sip")),
                ("participantType", V::S("by_name")),
                ("suppressDtmf", V::S("sometimes")),
            ],
            "suppressDtmf",
        ),
    ];
    for (method, extra, members, name) in cases {
        let mut want = heapless::String::<64>::new();
        let _ = write!(want, "invalid parameter - {name}");
        expect(method, extra, members, 102, &want)?;
    }
    Ok(())
}

/// Strict types (issue 14.6): an `<int>` is not a Boolean, whatever its value.
pub fn boolean_given_as_int_is_fault_103() -> Outcome {
    for v in [0, 1, 2] {
        expect(
            "conference.modify",
            &[],
            &[("conferenceName", V::S("c")), ("locked", V::I(v))],
            103,
            "malformed parameter - locked",
        )?;
    }
    Ok(())
}

/// Fault 19 "unsupported protocol" / 20 "unsupported participant type" on
/// the methods that identify a participant; a protocol of the wrong type
/// is still 103.
pub fn participant_identification_with_an_invalid_protocol_or_type_is_fault_19_or_20() -> Outcome {
    let cp: Members<'_> = &[
        ("conferenceName", V::S("c")),
        ("participantName", V::S("p")),
    ];
    for method in [
        "participant.remove",
        "participant.disconnect",
        "participant.diagnostics",
        "participant.modify",
    ] {
        expect(
            method,
            cp,
            &[
                ("participantProtocol", V::S("SIP")),
                ("participantType", V::S("ad_hoc")),
            ],
            19,
            "unsupported protocol",
        )?;
        expect(
            method,
            cp,
            &[
                ("participantProtocol", V::S("sip")),
                ("participantType", V::S("adhoc")),
            ],
            20,
            "unsupported participant type",
        )?;
    }
    expect(
        "participant.message",
        cp,
        &[
            ("message", V::S("m")),
            ("participantProtocol", V::S("skype")),
        ],
        19,
        "unsupported protocol",
    )?;
    expect(
        "participant.remove",
        cp,
        &[
            ("participantProtocol", V::I(5)),
            ("participantType", V::S("ad_hoc")),
        ],
        103,
        "malformed parameter - participantProtocol",
    )
}

pub fn integer_outside_i32_is_fault_102() -> Outcome {
    let mut doc = Buf::<1024>::new();
    doc.push_str(
        "<?xml version=\"1.0\"?><methodCall><methodName>conference.create</methodName>\
        <params><param><value><struct>\
        <member><name>conferenceName</name><value><string>c</string></value></member>\
        <member><name>durationSeconds</name><value><i8>99999999999</i8></value></member>\
        <member><name>authenticationUser</name><value>u</value></member>\
        <member><name>authenticationPassword</name><value>p</value></member>\
        </struct></value></param></params></methodCall>",
    );
    let got = fault_of(&mut doc);
    ensure!(
        matches!(&got, Some((102, s)) if s.as_str() == "invalid parameter - durationSeconds"),
        "{got:?}"
    );
    Ok(())
}

pub fn list_over_capacity_is_fault_102() -> Outcome {
    const N: usize = baton_rpc::participant::FACTORY_CONFERENCE_IDS_CAPACITY + 1;
    const ID: V<'static> = V::S("id");
    let ids = [ID; N];
    expect(
        "participant.enumerate",
        &[],
        &[("factoryConferenceIds", V::L(&ids))],
        102,
        "invalid parameter - factoryConferenceIds",
    )?;
    // One fewer fits (the capacity is the limit, not less).
    let got = fault(
        "participant.enumerate",
        &[],
        &[("factoryConferenceIds", V::L(&ids[1..]))],
    );
    ensure!(got.is_none(), "at capacity: {got:?}");
    Ok(())
}

pub fn unparseable_xml_is_fault_201() -> Outcome {
    for xml in [
        &b""[..],
        b"not xml at all",
        b"<?xml version=\"1.0\"?><methodCall><methodName>device.query",
        b"<methodResponse><params/></methodResponse>",
        b"<methodCall><params></params></methodCall>",
    ] {
        let mut doc = Buf::<256>::new();
        doc.push(xml);
        let got = fault_of(&mut doc);
        ensure!(
            matches!(&got, Some((201, s)) if s.as_str() == "operation failed"),
            "{:?}: {got:?}",
            core::str::from_utf8(xml)
        );
    }
    Ok(())
}

pub fn damaged_inside_a_parameter_is_fault_103() -> Outcome {
    let mut doc = Buf::<512>::new();
    doc.push_str(
        "<methodCall><methodName>conference.create</methodName>\
        <params><param><value><struct>\
        <member><name>durationSeconds</name><value><int>12x</int></value></member>\
        </struct></value></param></params></methodCall>",
    );
    let got = fault_of(&mut doc);
    ensure!(
        matches!(&got, Some((103, s)) if s.as_str() == "malformed parameter - durationSeconds"),
        "{got:?}"
    );
    Ok(())
}

pub fn every_fault_code_in_spec_table() -> Outcome {
    let inputs: [&[u8]; 3] = [
        b"",
        b"<methodCall><methodName>x</methodName></methodCall>",
        b"<a",
    ];
    for input in inputs {
        let mut doc = Buf::<128>::new();
        doc.push(input);
        let got = fault_of(&mut doc);
        ensure!(
            matches!(&got, Some((code, _)) if FaultCode::from_code(*code).is_some()),
            "{got:?}"
        );
    }
    Ok(())
}
