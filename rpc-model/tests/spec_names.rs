//! The params types carry exactly the spec's member names, and exactly
//! the spec's required members are required (checked through serde_json,
//! independently of the XML-RPC codec).

use baton_rpc::conference::*;
use baton_rpc::device::*;
use baton_rpc::factory::*;
use baton_rpc::feedback_receiver::*;
use baton_rpc::participant::*;
use baton_rpc::Notification;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

const AUTH: [&str; 2] = ["authenticationUser", "authenticationPassword"];

/// A JSON value of the right type for member `name`.
fn sample(name: &str) -> Value {
    match name {
        "durationSeconds"
        | "reservedVideoPorts"
        | "customLayout"
        | "factoryMinDurationMinutes"
        | "factoryMaxDurationMinutes"
        | "bandwidth"
        | "receiverIndex"
        | "factoryNumScreens"
        | "duration"
        | "audioRxGainMilliDb"
        | "borderWidth"
        | "seqn" => json!(1),
        "h239Important"
        | "customLayoutEnabled"
        | "newParticipantsCustomLayout"
        | "setAllParticipantsToCustomLayout"
        | "locked"
        | "bestEffort"
        | "addAsGuest"
        | "displayNameOverrideStatus"
        | "layoutControlEnabled"
        | "audioRxMuted"
        | "videoRxMuted"
        | "videoTxWidescreen"
        | "autoDisconnect"
        | "audioTxMuted"
        | "important" => json!(true),
        "encryption" => json!("optional"),
        "webEx" => json!("SIP"),
        "factoryLayout" => json!("equal"),
        "factoryPosition" => json!("top-left"),
        "participantProtocol" => json!("sip"),
        "participantType" => json!("ad_hoc"),
        "audioRxGainMode" => json!("fixed"),
        "suppressDtmf" => json!("never"),
        "factoryResourceLimits" => json!({"signalling": 1, "media": 2, "licences": 3, "ports": 4}),
        "subscribedEvents" => json!(["conferenceCreate"]),
        "factoryConferenceIds" => json!(["f1"]),
        "enumerateID" => json!(5),
        "events" => json!([{"name": "alarmsChanged", "args": {}}]),
        _ => json!("text"),
    }
}

/// Checks type `P` against the spec: `required` (excluding
/// authentication, which is added) and `optional` member names.
fn check(
    what: &str,
    required: &[&str],
    optional: &[&str],
    with_auth: bool,
    parse: impl Fn(&str) -> Result<Value, String>,
) {
    let mut required: Vec<&str> = required.to_vec();
    if with_auth {
        required.extend(AUTH);
    }
    let mut all = Map::new();
    for name in required.iter().chain(optional) {
        all.insert((*name).to_owned(), sample(name));
    }
    // Every member, under its exact name, decodes and is emitted again.
    let back =
        parse(&Value::Object(all.clone()).to_string()).unwrap_or_else(|e| panic!("{what}: {e}"));
    let mut got: Vec<&String> = back.as_object().unwrap().keys().collect();
    let mut want: Vec<&String> = all.keys().collect();
    got.sort();
    want.sort();
    assert_eq!(got, want, "{what}: emitted member names");
    // The required ones alone suffice.
    let only_required: Map<String, Value> = all
        .iter()
        .filter(|(k, _)| required.contains(&k.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    parse(&Value::Object(only_required.clone()).to_string())
        .unwrap_or_else(|e| panic!("{what}: required only: {e}"));
    // Each required one is required.
    for name in &required {
        let mut m = only_required.clone();
        m.remove(*name);
        let e = parse(&Value::Object(m).to_string())
            .err()
            .unwrap_or_else(|| panic!("{what}: {name} should be required"));
        assert!(
            e.contains(&format!("missing field `{name}`")),
            "{what}: {e}"
        );
    }
}

/// Decodes `text` as `P` and emits it again.
fn roundtrip<'a, P: Deserialize<'a> + Serialize>(text: &'a str) -> Result<Value, String> {
    let p: P = serde_json::from_str(text).map_err(|e| e.to_string())?;
    serde_json::to_value(&p).map_err(|e| e.to_string())
}

#[test]
fn params_have_the_spec_member_names_and_required_members() {
    check(
        "conference.create",
        &["conferenceName"],
        &["durationSeconds", "reservedVideoPorts", "encryption"],
        true,
        |s| roundtrip::<ConferenceCreateParams>(s),
    );
    check("conference.destroy", &["conferenceName"], &[], true, |s| {
        roundtrip::<ConferenceDestroyParams>(s)
    });
    check("conference.enumerate", &[], &["enumerateID"], true, |s| {
        roundtrip::<ConferenceEnumerateParams>(s)
    });
    check(
        "conference.modify",
        &["conferenceName"],
        &[
            "h239Important",
            "customLayoutEnabled",
            "newParticipantsCustomLayout",
            "setAllParticipantsToCustomLayout",
            "customLayout",
            "locked",
        ],
        true,
        |s| roundtrip::<ConferenceModifyParams>(s),
    );
    check("device.network.query", &[], &[], true, |s| {
        roundtrip::<DeviceNetworkQueryParams>(s)
    });
    check("device.query", &[], &[], true, |s| {
        roundtrip::<DeviceQueryParams>(s)
    });
    check(
        "factory.conferencecreate",
        &["conferenceAlias"],
        &[
            "factoryMinDurationMinutes",
            "factoryMaxDurationMinutes",
            "factoryOverridePIN",
            "factoryOverrideGuestPIN",
            "webEx",
            "factoryResourceLimits",
            "encryption",
            "factoryLayout",
            "factoryOverrideConferenceDisplayName",
        ],
        true,
        |s| roundtrip::<FactoryConferenceCreateParams>(s),
    );
    check(
        "factory.conferencemodify",
        &["conferenceName"],
        &[
            "h239Important",
            "factoryMinDurationMinutes",
            "factoryMaxDurationMinutes",
            "factoryOverridePIN",
            "factoryOverrideGuestPIN",
            "factoryResourceLimits",
            "factoryLayout",
            "locked",
        ],
        true,
        |s| roundtrip::<FactoryConferenceModifyParams>(s),
    );
    check("factory.health.query", &[], &[], true, |s| {
        roundtrip::<FactoryHealthQueryParams>(s)
    });
    check(
        "factory.webex.add",
        &["conferenceName", "sipUri"],
        &["bandwidth", "dtmf", "audioDn", "bestEffort"],
        true,
        |s| roundtrip::<FactoryWebexAddParams>(s),
    );
    check(
        "feedbackReceiver.extended.configure",
        &["receiverURI", "sourceIdentifier"],
        &["receiverIndex", "subscribedEvents"],
        true,
        |s| roundtrip::<FeedbackReceiverExtendedConfigureParams>(s),
    );
    check(
        "feedbackReceiver.configure",
        &["receiverURI"],
        &["sourceIdentifier", "receiverIndex"],
        true,
        |s| roundtrip::<FeedbackReceiverConfigureParams>(s),
    );
    check("feedbackReceiver.extended.query", &[], &[], true, |s| {
        roundtrip::<FeedbackReceiverQueryParams>(s)
    });
    check(
        "feedbackReceiver.extended.remove",
        &["receiverIndex"],
        &[],
        true,
        |s| roundtrip::<FeedbackReceiverExtendedRemoveParams>(s),
    );
    check(
        "participant.add",
        &["conferenceName", "participantName", "address"],
        &[
            "factoryNumScreens",
            "addAsGuest",
            "participantProtocol",
            "participantType",
        ],
        true,
        |s| roundtrip::<ParticipantAddParams>(s),
    );
    check(
        "participant.diagnostics/disconnect/remove",
        &[
            "conferenceName",
            "participantName",
            "participantProtocol",
            "participantType",
        ],
        &[],
        true,
        |s| roundtrip::<ParticipantIdParams>(s),
    );
    check(
        "participant.enumerate",
        &[],
        &["factoryConferenceIds", "enumerateID"],
        true,
        |s| roundtrip::<ParticipantEnumerateParams>(s),
    );
    check(
        "participant.message",
        &["conferenceName", "participantName", "message"],
        &[
            "participantProtocol",
            "participantType",
            "factoryPosition",
            "duration",
            "durationSeconds",
        ],
        true,
        |s| roundtrip::<ParticipantMessageParams>(s),
    );
    check(
        "participant.modify",
        &[
            "conferenceName",
            "participantName",
            "participantProtocol",
            "participantType",
        ],
        &[
            "displayNameOverrideStatus",
            "displayNameOverrideValue",
            "cpLayout",
            "layoutControlEnabled",
            "audioRxMuted",
            "audioRxGainMode",
            "audioRxGainMilliDb",
            "videoRxMuted",
            "videoTxWidescreen",
            "autoDisconnect",
            "suppressDtmf",
            "dtmfSequence",
            "audioTxMuted",
            "borderWidth",
            "important",
        ],
        true,
        |s| roundtrip::<ParticipantModifyParams>(s),
    );
    check(
        "eventNotification",
        &["sourceIdentifier", "seqn", "events"],
        &[],
        false,
        |s| roundtrip::<Notification>(s),
    );
}

#[test]
fn resource_limits_accept_licenses_and_emit_licences() {
    let r: ResourceLimits =
        serde_json::from_value(json!({"signalling": 4, "media": 12288, "licenses": 15360}))
            .unwrap();
    assert_eq!(r.licences, Some(15360));
    assert_eq!(
        serde_json::to_value(r).unwrap(),
        json!({"signalling": 4, "media": 12288, "licences": 15360})
    );
}
