//! XML-RPC conformance: the spec's prose rules, per-method value ranges,
//! fault codes and reply members, each test named after the rule it
//! proves (CONFORMANCE.md points here).

mod common;

use baton_appliance::{ApplianceConfig, Store};
use common::*;
use serde_json::{json, Value};

/// A ConfBundle with only a host alias, provisioned; its conference name.
async fn host_only_bundle(d: &Device, id: &str, alias: &str) -> String {
    let (s, _) = d
        .rest(
            "PUT",
            &format!("/api/4.0/confbundles/{id}"),
            Some(bundle("Host only", &[alias])),
        )
        .await;
    assert!(s == 201 || s == 200, "PUT answered {s}");
    let (_, got) = d
        .rest("GET", &format!("/api/4.0/confbundles/{id}"), None)
        .await;
    got["conference_name"].as_str().unwrap().to_owned()
}

async fn create(d: &Device, alias: &str) -> Value {
    let r = d
        .call(
            "factory.conferencecreate",
            json!({ "conferenceAlias": alias }),
        )
        .await
        .unwrap();
    assert_eq!(r["status"], "operation successful", "{r}");
    r
}

fn code(r: Result<Value, (i32, String)>) -> (i32, String) {
    r.expect_err("a fault")
}

// ---- 1. conference semantics stated in prose -------------------------

/// ConfBundle Object: "Provisioned conferences are of type 'lecture'":
/// even a bundle with only host aliases gives `lesson`, and
/// `addAsGuest: true` is accepted on it (it is rejected only on Meetings).
#[tokio::test]
async fn provisioned_conferences_are_of_type_lecture() {
    let d = device();
    let name = host_only_bundle(&d, "h1", "host.only@example.com").await;
    create(&d, "host.only@example.com").await;
    let e = d.call("conference.enumerate", json!({})).await.unwrap();
    assert_eq!(e["conferences"][0]["factoryTemplateType"], "lesson");
    let r = d
        .call(
            "participant.add",
            json!({"conferenceName": name, "participantName": "g", "address": "g@x", "addAsGuest": true}),
        )
        .await
        .unwrap();
    assert_eq!(r["status"], "operation successful");
}

/// conference.enumerate `factoryTemplateType`: "The type is unknown, if
/// the configuration has changed since this conference was started"
/// (its ConfBundle updated or deleted); an untouched one keeps its type.
#[tokio::test]
async fn factory_template_type_is_unknown_if_the_configuration_has_changed_since_the_conference_was_started(
) {
    let d = device();
    host_only_bundle(&d, "a", "a@example.com").await;
    host_only_bundle(&d, "b", "b@example.com").await;
    host_only_bundle(&d, "c", "c@example.com").await;
    for alias in ["a@example.com", "b@example.com", "c@example.com"] {
        create(&d, alias).await;
    }
    let mut changed = bundle("Host only, renamed", &["a@example.com"]);
    changed["max_participants"] = json!(5);
    let (s, _) = d.rest("PUT", "/api/4.0/confbundles/a", Some(changed)).await;
    assert_eq!(s, 200);
    let (s, _) = d.rest("DELETE", "/api/4.0/confbundles/b", None).await;
    assert_eq!(s, 200);
    let e = d.call("conference.enumerate", json!({})).await.unwrap();
    let type_of = |bundle: &str| {
        e["conferences"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["factoryConfBundleId"] == bundle)
            .map(|c| c["factoryTemplateType"].clone())
    };
    assert_eq!(type_of("a"), Some(json!("unknown")));
    assert_eq!(type_of("b"), Some(json!("unknown")));
    assert_eq!(type_of("c"), Some(json!("lesson")));
}

// ---- 2. value ranges per method ---------------------------------------

/// conference.create `durationSeconds` ("A value of 0 means that the
/// conference duration is unlimited") and `reservedVideoPorts` (a number
/// of ports) are not negative: fault 102 naming the parameter.
#[tokio::test]
async fn conference_create_duration_seconds_and_reserved_video_ports_must_not_be_negative() {
    let d = device();
    for member in ["durationSeconds", "reservedVideoPorts"] {
        let (c, text) = code(
            d.call(
                "conference.create",
                json!({"conferenceName": format!("neg-{member}"), member: -1}),
            )
            .await,
        );
        assert_eq!(
            (c, text.as_str()),
            (102, &*format!("invalid parameter - {member}"))
        );
    }
    let e = d.call("conference.enumerate", json!({})).await.unwrap();
    assert_eq!(
        e["conferences"],
        json!([]),
        "a refused call leaves no trace"
    );
    d.call(
        "conference.create",
        json!({"conferenceName": "zero", "durationSeconds": 0, "reservedVideoPorts": 0}),
    )
    .await
    .unwrap();
}

/// participant.add `participantProtocol`: "The protocol to use for
/// outdial calls: either sip or h323" (the identification methods also
/// take vnc): vnc is fault 19 "unsupported protocol" here.
#[tokio::test]
async fn participant_add_outdial_protocol_is_sip_or_h323() {
    let d = device();
    create(&d, "out@x").await;
    for ok in ["sip", "h323"] {
        d.call(
            "participant.add",
            json!({"conferenceName": "out@x", "participantName": ok, "address": "a@x", "participantProtocol": ok}),
        )
        .await
        .unwrap();
    }
    let (c, _) = code(
        d.call(
            "participant.add",
            json!({"conferenceName": "out@x", "participantName": "v", "address": "a@x", "participantProtocol": "vnc"}),
        )
        .await,
    );
    assert_eq!(c, 19);
    let all = d.call("participant.enumerate", json!({})).await.unwrap();
    assert_eq!(all["participants"].as_array().unwrap().len(), 2);
    // vnc identifies a participant in the other methods.
    let r = d
        .call(
            "participant.message",
            json!({"conferenceName": "out@x", "participantName": "sip", "message": "hi", "participantProtocol": "vnc"}),
        )
        .await;
    assert!(r.is_ok(), "{r:?}");
}

/// participant.add: "The TelePresence Conductor ignores any values
/// specified for this parameter [participantType] and always enforces
/// the value to be ad_hoc."
#[tokio::test]
async fn participant_add_ignores_any_participant_type_value() {
    let d = device();
    create(&d, "t@x").await;
    for (i, t) in ["by_name", "no_such_type", ""].iter().enumerate() {
        d.call(
            "participant.add",
            json!({"conferenceName": "t@x", "participantName": format!("p{i}"), "address": "a@x", "participantType": t}),
        )
        .await
        .unwrap();
    }
    let all = d.call("participant.enumerate", json!({})).await.unwrap();
    for p in all["participants"].as_array().unwrap() {
        assert_eq!(p["participantType"], "ad_hoc");
    }
}

// ---- 3. fault codes ---------------------------------------------------

/// Fault 19: "In particular, this is used for participant identification
/// where an invalid protocol is specified" — every method identifying a
/// participant by `participantProtocol`.
#[tokio::test]
async fn participant_identification_with_an_invalid_protocol_is_unsupported_protocol_19() {
    let d = device();
    create(&d, "id@x").await;
    d.call(
        "participant.add",
        json!({"conferenceName": "id@x", "participantName": "p", "address": "a@x"}),
    )
    .await
    .unwrap();
    for method in [
        "participant.modify",
        "participant.remove",
        "participant.disconnect",
        "participant.diagnostics",
    ] {
        let (c, text) = code(
            d.call(
                method,
                json!({"conferenceName": "id@x", "participantName": "p", "participantProtocol": "skype", "participantType": "ad_hoc"}),
            )
            .await,
        );
        assert_eq!((c, text.as_str()), (19, "unsupported protocol"), "{method}");
    }
    let (c, _) = code(
        d.call(
            "participant.message",
            json!({"conferenceName": "id@x", "participantName": "p", "message": "m", "participantProtocol": "skype"}),
        )
        .await,
    );
    assert_eq!(c, 19);
}

/// Fault 20: "A participant type is used which does not correspond to any
/// participant type known to the device."
#[tokio::test]
async fn participant_identification_with_an_unknown_type_is_unsupported_participant_type_20() {
    let d = device();
    create(&d, "ty@x").await;
    d.call(
        "participant.add",
        json!({"conferenceName": "ty@x", "participantName": "p", "address": "a@x"}),
    )
    .await
    .unwrap();
    for method in [
        "participant.modify",
        "participant.remove",
        "participant.disconnect",
        "participant.diagnostics",
    ] {
        let (c, text) = code(
            d.call(
                method,
                json!({"conferenceName": "ty@x", "participantName": "p", "participantProtocol": "sip", "participantType": "by_magic"}),
            )
            .await,
        );
        assert_eq!(
            (c, text.as_str()),
            (20, "unsupported participant type"),
            "{method}"
        );
    }
    let (c, _) = code(
        d.call(
            "participant.message",
            json!({"conferenceName": "ty@x", "participantName": "p", "message": "m", "participantType": "by_magic"}),
        )
        .await,
    );
    assert_eq!(c, 20);
    // Nothing was removed by the refused calls.
    let all = d.call("participant.enumerate", json!({})).await.unwrap();
    assert_eq!(all["participants"].as_array().unwrap().len(), 1);
}

/// Fault 17: "This is in the case that reservedAudioPorts or
/// reservedVideoPorts value is set too high, and the device cannot
/// support this" (more than the device's `totalVideoPorts` not yet
/// reserved).
#[tokio::test]
async fn reserved_video_ports_set_too_high_is_port_reservation_failure_17() {
    let d = device();
    let total = d.call("device.query", json!({})).await.unwrap()["totalVideoPorts"]
        .as_i64()
        .unwrap();
    let (c, text) = code(
        d.call(
            "conference.create",
            json!({"conferenceName": "big", "reservedVideoPorts": total + 1}),
        )
        .await,
    );
    assert_eq!((c, text.as_str()), (17, "port reservation failure"));
    d.call(
        "conference.create",
        json!({"conferenceName": "half", "reservedVideoPorts": total - 1}),
    )
    .await
    .unwrap();
    // What is reserved is no longer free.
    let (c, _) = code(
        d.call(
            "conference.create",
            json!({"conferenceName": "more", "reservedVideoPorts": 2}),
        )
        .await,
    );
    assert_eq!(c, 17);
    let e = d.call("conference.enumerate", json!({})).await.unwrap();
    assert_eq!(e["conferences"].as_array().unwrap().len(), 1);
    assert_eq!(e["conferences"][0]["reservedVideoPorts"], total - 1);
    // Ending the conference frees its ports.
    d.call("conference.destroy", json!({"conferenceName": "half"}))
        .await
        .unwrap();
    d.call(
        "conference.create",
        json!({"conferenceName": "more", "reservedVideoPorts": 2}),
    )
    .await
    .unwrap();
}

/// Fault 27 "no such template": a ConfBundle whose Service Preference is
/// no longer configured (the device restarted with another catalog)
/// cannot start a conference.
#[tokio::test]
async fn confbundle_whose_service_preference_no_longer_exists_is_no_such_template_27() {
    let dir = std::env::temp_dir().join(format!("baton-appliance-27-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("baton.redb");
    {
        let d = device_with(ApplianceConfig::default(), Store::open(&path).unwrap());
        host_only_bundle(&d, "gone", "gone@example.com").await;
    }
    let mut config = ApplianceConfig::default();
    let mut catalog: Value = serde_json::from_str(&config.catalog_json).unwrap();
    catalog["serviceinfo"]
        .as_array_mut()
        .unwrap()
        .retain(|s| s["service_id"] != MCU_SERVICE);
    config.catalog_json = catalog.to_string();
    let d = device_with(config, Store::open(&path).unwrap());
    let (c, text) = code(
        d.call(
            "factory.conferencecreate",
            json!({"conferenceAlias": "gone@example.com"}),
        )
        .await,
    );
    assert_eq!((c, text.as_str()), (27, "no such template"));
    let e = d.call("conference.enumerate", json!({})).await.unwrap();
    assert_eq!(e["conferences"], json!([]));
    drop(d);
    let _ = std::fs::remove_dir_all(&dir);
}

/// Fault 36 "required value missing": `factory.webex.add` on a SIP-TSP
/// conference without `audioDn` ("In this case the audioDn must be
/// specified too"): `audioDn` is an optional parameter, so not 101.
#[tokio::test]
async fn webex_sip_tsp_without_audio_dn_is_required_value_missing_36() {
    let d = device();
    d.call(
        "factory.conferencecreate",
        json!({"conferenceAlias": "tsp@x", "webEx": "SIP-TSP"}),
    )
    .await
    .unwrap();
    let (c, text) = code(
        d.call(
            "factory.webex.add",
            json!({"conferenceName": "tsp@x", "sipUri": "1@webex.com"}),
        )
        .await,
    );
    assert_eq!((c, text.as_str()), (36, "required value missing"));
    let all = d.call("participant.enumerate", json!({})).await.unwrap();
    assert_eq!(all["participants"], json!([]));
}

/// Fault 30 "unsupported bit rate": `factory.webex.add` `bandwidth` (in
/// Kbps) that is not a positive rate.
#[tokio::test]
async fn webex_bandwidth_that_is_not_a_positive_rate_is_unsupported_bit_rate_30() {
    let d = device();
    d.call(
        "factory.conferencecreate",
        json!({"conferenceAlias": "bw@x", "webEx": "SIP"}),
    )
    .await
    .unwrap();
    for bw in [0, -2048] {
        let (c, text) = code(
            d.call(
                "factory.webex.add",
                json!({"conferenceName": "bw@x", "sipUri": "1@webex.com", "bandwidth": bw}),
            )
            .await,
        );
        assert_eq!((c, text.as_str()), (30, "unsupported bit rate"));
    }
    d.call(
        "factory.webex.add",
        json!({"conferenceName": "bw@x", "sipUri": "1@webex.com", "bandwidth": 2048}),
    )
    .await
    .unwrap();
}

/// Appendix A "Maximum number of participants per conference <= 2,342":
/// the 2,343rd participant of one conference is fault 7.
#[tokio::test]
async fn maximum_number_of_participants_per_conference_is_2342() {
    let d = device();
    create(&d, "full@x").await;
    for i in 0..2342 {
        d.call(
            "participant.add",
            json!({"conferenceName": "full@x", "participantName": format!("p{i}"), "address": "a@x"}),
        )
        .await
        .unwrap();
    }
    let (c, text) = code(
        d.call(
            "participant.add",
            json!({"conferenceName": "full@x", "participantName": "one-more", "address": "a@x"}),
        )
        .await,
    );
    assert_eq!((c, text.as_str()), (7, "too many participants"));
}

// ---- 4. reply members ---------------------------------------------------

/// "XML-RPC Return Values": "The API may respond ... with empty data
/// structures when the data is not available": every member the
/// participant.enumerate table lists is present, with its type, a String
/// with no value yet as "" (dtmfSequence of a participant without one).
#[tokio::test]
async fn participant_enumerate_lists_every_member_of_its_table_absent_values_empty() {
    let d = device();
    create(&d, "m@x").await;
    d.call(
        "participant.add",
        json!({"conferenceName": "m@x", "participantName": "p", "address": "a@x"}),
    )
    .await
    .unwrap();
    let all = d.call("participant.enumerate", json!({})).await.unwrap();
    let p = &all["participants"][0];
    for s in [
        "mcuIPAddress",
        "factoryConferenceId",
        "participantName",
        "participantType",
        "conferenceName",
        "address",
        "displayName",
        "factoryBridgeType",
        "dtmfSequence",
        "previewURL",
        "factoryWebEx",
        "factoryWebExCallType",
    ] {
        assert!(p[s].is_string(), "{s} missing or not a String: {p}");
    }
    for b in ["audioRxMuted", "audioTxMuted", "videoTxMuted"] {
        assert!(p[b].is_boolean(), "{b} missing or not a Boolean: {p}");
    }
    assert_eq!(p["dtmfSequence"], "");
}

/// conference.enumerate: every member its table lists (factoryConfBundleId
/// "is returned only when the conference is a CMR", factoryOwnerId "when
/// Conductor can associate the conference with an ownerId").
#[tokio::test]
async fn conference_enumerate_lists_every_member_of_its_table() {
    let d = device();
    create(&d, "plain@x").await;
    let e = d.call("conference.enumerate", json!({})).await.unwrap();
    let c = &e["conferences"][0];
    for s in [
        "factoryTemplateType",
        "factoryConferenceId",
        "factoryWebEx",
        "encryption",
        "conferenceName",
    ] {
        assert!(c[s].is_string(), "{s}: {c}");
    }
    for b in ["isCascaded", "locked"] {
        assert!(c[b].is_boolean(), "{b}: {c}");
    }
    assert!(c.get("factoryConfBundleId").is_none(), "not a CMR: {c}");
}

// ---- 6. flags narrower than baton applied --------------------------------

/// Alias `allow_conference_creation`: "If the value is false the
/// conference must be created via the API call factory.conferencecreate
/// or via a second alias ...": the flag limits dial-in creation, not the
/// API call.
#[tokio::test]
async fn allow_conference_creation_false_still_allows_factory_conferencecreate() {
    let d = device();
    let mut b = bundle("No dial-in creation", &["nodial@example.com"]);
    b["aliases"][0]["allow_conference_creation"] = json!(false);
    let (s, _) = d.rest("PUT", "/api/4.0/confbundles/nd", Some(b)).await;
    assert_eq!(s, 201);
    let r = create(&d, "nodial@example.com").await;
    assert!(r["factoryConferenceId"].is_string());
    let e = d.call("conference.enumerate", json!({})).await.unwrap();
    assert_eq!(e["conferences"][0]["factoryConfBundleId"], "nd");
}

/// The table's codes for situations any conference API meets, provoked
/// over the wire (exact `faultString`s from the table).
#[tokio::test]
async fn fault_codes_of_the_table_over_the_wire() {
    let d = device();
    create(&d, "f@x").await;
    d.call("conference.create", json!({"conferenceName": "dup"}))
        .await
        .unwrap();
    let cases: Vec<(&str, Value, i32, &str)> = vec![
        (
            "conference.create",
            json!({"conferenceName": "dup"}),
            2,
            "duplicate conference name",
        ),
        (
            "participant.remove",
            json!({"conferenceName": "f@x", "participantName": "nobody", "participantProtocol": "sip", "participantType": "ad_hoc"}),
            5,
            "no such participant",
        ),
        (
            "conference.destroy",
            json!({"conferenceName": ""}),
            8,
            "no conference name or auto attendant id supplied",
        ),
        (
            "participant.add",
            json!({"conferenceName": "f@x", "participantName": "", "address": "a@x"}),
            9,
            "no participant name supplied",
        ),
        (
            "factory.conferencecreate",
            json!({"conferenceAlias": "pin@x", "factoryOverridePIN": "12a4"}),
            13,
            "invalid PIN specified",
        ),
        (
            "factory.webex.add",
            json!({"conferenceName": "f@x"}),
            101,
            "missing parameter - sipUri",
        ),
        (
            "conference.create",
            json!({"conferenceName": "m", "durationSeconds": "sixty"}),
            103,
            "malformed parameter - durationSeconds",
        ),
        (
            "factory.conferencecreate",
            json!({"conferenceAlias": "mm@x", "factoryMinDurationMinutes": 30, "factoryMaxDurationMinutes": 10}),
            104,
            "mismatched parameters",
        ),
    ];
    for (method, params, want, text) in cases {
        let (c, s) = code(d.call(method, params.clone()).await);
        assert_eq!((c, s.as_str()), (want, text), "{method} {params}");
    }
    let e = d.call("conference.enumerate", json!({})).await.unwrap();
    assert_eq!(
        e["conferences"].as_array().unwrap().len(),
        2,
        "faults left no trace"
    );
}

/// conference.modify: `newParticipantsCustomLayout`,
/// `setAllParticipantsToCustomLayout` and `customLayout` are "only valid
/// if customLayoutEnabled is true" (in this call or already in force):
/// otherwise fault 104 `mismatched parameters`.
#[tokio::test]
async fn custom_layout_parameters_are_only_valid_if_custom_layout_enabled() {
    let d = device();
    create(&d, "cl@x").await;
    for member in [
        "newParticipantsCustomLayout",
        "setAllParticipantsToCustomLayout",
    ] {
        let (c, _) = code(
            d.call(
                "conference.modify",
                json!({"conferenceName": "cl@x", member: true}),
            )
            .await,
        );
        assert_eq!(c, 104, "{member}");
    }
    let (c, _) = code(
        d.call(
            "conference.modify",
            json!({"conferenceName": "cl@x", "customLayoutEnabled": false, "customLayout": 3}),
        )
        .await,
    );
    assert_eq!(c, 104);
    d.call(
        "conference.modify",
        json!({"conferenceName": "cl@x", "customLayoutEnabled": true, "customLayout": 3}),
    )
    .await
    .unwrap();
    // Enabled by the earlier call: valid now.
    d.call(
        "conference.modify",
        json!({"conferenceName": "cl@x", "customLayout": 5, "setAllParticipantsToCustomLayout": true}),
    )
    .await
    .unwrap();
}

/// participant.add `factoryNumScreens`: "The number of screens to use on
/// a participant's endpoint" (a single screen by default): less than 1 is
/// fault 102.
#[tokio::test]
async fn participant_add_factory_num_screens_must_be_at_least_1() {
    let d = device();
    create(&d, "ns@x").await;
    for n in [0, -1] {
        let (c, text) = code(
            d.call(
                "participant.add",
                json!({"conferenceName": "ns@x", "participantName": "p", "address": "a@x", "factoryNumScreens": n}),
            )
            .await,
        );
        assert_eq!(
            (c, text.as_str()),
            (102, "invalid parameter - factoryNumScreens")
        );
    }
    d.call(
        "participant.add",
        json!({"conferenceName": "ns@x", "participantName": "p", "address": "a@x", "factoryNumScreens": 3}),
    )
    .await
    .unwrap();
}

/// conference.create `durationSeconds` at the top of its Integer range
/// (i32::MAX) is a valid duration: answered, not an overflow.
#[tokio::test]
async fn conference_create_duration_seconds_up_to_the_integer_maximum_is_accepted() {
    let d = device();
    let r = d
        .call(
            "conference.create",
            json!({"conferenceName": "long", "durationSeconds": i32::MAX}),
        )
        .await
        .unwrap();
    assert_eq!(r["status"], "operation successful");
    let e = d.call("conference.enumerate", json!({})).await.unwrap();
    assert!(e["conferences"][0]["durationSeconds"].as_i64().unwrap() > 0);
}

// ---- issue 15, remaining points ----------------------------------------

/// `participant.modify` struct for `alice` of `conference` with `extra`.
fn modify(conference: &str, name: &str, extra: Value) -> Value {
    let mut p = json!({
        "conferenceName": conference,
        "participantName": name,
        "participantProtocol": "sip",
        "participantType": "ad_hoc",
    });
    for (k, v) in extra.as_object().unwrap() {
        p[k] = v.clone();
    }
    p
}

async fn participant_of(d: &Device, conference: &str, name: &str) -> Value {
    let all = d.call("participant.enumerate", json!({})).await.unwrap();
    all["participants"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["conferenceName"] == conference && p["participantName"] == name)
        .cloned()
        .unwrap_or_else(|| panic!("no {name} in {conference}: {all}"))
}

/// participant.modify: "For WebEx conferences only the following
/// parameters are supported: displayNameOverrideStatus,
/// displayNameOverrideValue, videoRxMuted, audioRxMuted, audioTxMuted".
/// Any other parameter on a WebEx conference (one created with `webEx`
/// SIP / SIP-TSP, or one a WebEx call joined) is fault 104 "mismatched
/// parameters" ("related parameters that, when considered together, are
/// not expected/supported"), and the call changes nothing.
#[tokio::test]
async fn for_webex_conferences_only_the_listed_participant_modify_parameters_are_supported() {
    let d = device();
    d.call(
        "factory.conferencecreate",
        json!({"conferenceAlias": "wx@x", "webEx": "SIP"}),
    )
    .await
    .unwrap();
    d.call(
        "participant.add",
        json!({"conferenceName": "wx@x", "participantName": "alice", "address": "alice@x"}),
    )
    .await
    .unwrap();
    d.call(
        "factory.webex.add",
        json!({"conferenceName": "wx@x", "sipUri": "1@webex.com"}),
    )
    .await
    .unwrap();
    let unsupported = [
        ("cpLayout", json!("layout2")),
        ("layoutControlEnabled", json!(true)),
        ("audioRxGainMode", json!("automatic")),
        ("videoTxWidescreen", json!(true)),
        ("autoDisconnect", json!(false)),
        ("suppressDtmf", json!("never")),
        ("dtmfSequence", json!("12#")),
        ("borderWidth", json!(2)),
        ("important", json!(true)),
    ];
    for who in ["alice", "WebEx"] {
        for (name, value) in &unsupported {
            // Together with supported ones, which are not applied either.
            let mut extra = json!({"audioRxMuted": true});
            extra[*name] = value.clone();
            let (c, text) = code(
                d.call("participant.modify", modify("wx@x", who, extra))
                    .await,
            );
            assert_eq!(
                (c, text.as_str()),
                (104, "mismatched parameters"),
                "{who}: {name}"
            );
            let p = participant_of(&d, "wx@x", who).await;
            assert_eq!(p["audioRxMuted"], false, "{who}: {name} left a trace: {p}");
        }
    }
    // audioRxGainMilliDb (with its fixed mode) is not supported either.
    let (c, _) = code(
        d.call(
            "participant.modify",
            modify(
                "wx@x",
                "alice",
                json!({"audioRxGainMode": "fixed", "audioRxGainMilliDb": -3000}),
            ),
        )
        .await,
    );
    assert_eq!(c, 104);
    // The five supported parameters are.
    d.call(
        "participant.modify",
        modify(
            "wx@x",
            "alice",
            json!({
                "displayNameOverrideStatus": true,
                "displayNameOverrideValue": "Alice A.",
                "videoRxMuted": true,
                "audioRxMuted": true,
                "audioTxMuted": true,
            }),
        ),
    )
    .await
    .unwrap();
    let p = participant_of(&d, "wx@x", "alice").await;
    assert_eq!(
        (
            &p["displayName"],
            &p["audioRxMuted"],
            &p["audioTxMuted"],
            &p["videoRxMuted"]
        ),
        (&json!("Alice A."), &json!(true), &json!(true), &json!(true)),
        "{p}"
    );
    // A conference created without WebEx that a WebEx call joined (best
    // effort) is a WebEx conference too.
    create(&d, "late@x").await;
    d.call(
        "participant.add",
        json!({"conferenceName": "late@x", "participantName": "bob", "address": "bob@x"}),
    )
    .await
    .unwrap();
    d.call(
        "participant.modify",
        modify(
            "late@x",
            "bob",
            json!({"important": true, "borderWidth": 1}),
        ),
    )
    .await
    .expect("a conference without WebEx takes every parameter");
    d.call(
        "factory.webex.add",
        json!({"conferenceName": "late@x", "sipUri": "2@webex.com", "bestEffort": true}),
    )
    .await
    .unwrap();
    let (c, _) = code(
        d.call(
            "participant.modify",
            modify("late@x", "bob", json!({"borderWidth": 1})),
        )
        .await,
    );
    assert_eq!(c, 104);
}

/// factory.conferencemodify `factoryMinDurationMinutes`: "If the value is
/// smaller than the current conference's running time an error is
/// displayed. In this case the current conference will not be affected."
/// The reply: `status` "error", `info` the error message and `faultCode`
/// ("This is returned in some failure cases", a String): "102", invalid
/// parameter. Nothing of the call is applied; a success reply has no
/// `faultCode`.
#[tokio::test]
async fn factory_conferencemodify_failure_reply_has_status_error_info_and_fault_code() {
    let d = device();
    create(&d, "run@x").await;
    // Any running time is more than 0 minutes.
    let r = d
        .call(
            "factory.conferencemodify",
            json!({"conferenceName": "run@x", "factoryMinDurationMinutes": 0, "locked": true}),
        )
        .await
        .expect("a failure reply, not a fault");
    assert_eq!(r["status"], "error", "{r}");
    assert_eq!(r["faultCode"], "102", "{r}");
    let info = r["info"].as_str().expect("info is a String");
    assert!(info.contains("factoryMinDurationMinutes"), "{info}");
    let all = d.call("conference.enumerate", json!({})).await.unwrap();
    assert_eq!(all["conferences"][0]["locked"], false, "{all}");
    // Success: status and info, no faultCode.
    let r = d
        .call(
            "factory.conferencemodify",
            json!({"conferenceName": "run@x", "factoryMinDurationMinutes": 10, "locked": true}),
        )
        .await
        .unwrap();
    assert_eq!(r["status"], "operation successful", "{r}");
    assert!(r["info"].is_string(), "{r}");
    assert!(r.get("faultCode").is_none(), "{r}");
    let all = d.call("conference.enumerate", json!({})).await.unwrap();
    assert_eq!(all["conferences"][0]["locked"], true, "{all}");
}

/// factory.conferencemodify `factoryMaxDurationMinutes`: "This value must
/// be equal to or lower than the value defined for the conference
/// duration limit on the conference template, otherwise there will be an
/// error displayed" — the same failure reply as the minimum's: `status`
/// "error", `info` naming the parameter, `faultCode` "102"; the conference
/// is not affected.
#[tokio::test]
async fn factory_conferencemodify_max_duration_over_the_template_is_a_status_error_reply() {
    let d = device();
    let mut b = bundle("Timed", &["timed@x"]);
    b["max_duration"] = json!(60);
    let (status, body) = d
        .rest("PUT", "/api/4.0/confbundles/cb-timed", Some(b))
        .await;
    assert!(status == 200 || status == 201, "{status} {body}");
    let r = create(&d, "timed@x").await;
    let name = r["conferenceName"].as_str().unwrap().to_owned();
    let r = d
        .call(
            "factory.conferencemodify",
            json!({"conferenceName": name, "factoryMaxDurationMinutes": 61, "locked": true}),
        )
        .await
        .expect("a failure reply, not a fault");
    assert_eq!(r["status"], "error", "{r}");
    assert_eq!(r["faultCode"], "102", "{r}");
    let info = r["info"].as_str().expect("info is a String");
    assert!(info.contains("factoryMaxDurationMinutes"), "{info}");
    let all = d.call("conference.enumerate", json!({})).await.unwrap();
    assert_eq!(all["conferences"][0]["locked"], false, "{all}");
    // Within the template's limit: applied.
    let r = d
        .call(
            "factory.conferencemodify",
            json!({"conferenceName": name, "factoryMaxDurationMinutes": 60, "locked": true}),
        )
        .await
        .unwrap();
    assert_eq!(r["status"], "operation successful", "{r}");
}

/// device.query `totalVideoPorts`: "The total number of video ports on
/// the device. This includes ports for disabled TelePresence MCUs, but
/// does not include any ports for TelePresence Servers": the sum of the
/// `ports` pool capacities of the MCU Service Preferences (the default
/// catalog's one MCU pool has 80; a TelePresence Server pool adds none).
#[tokio::test]
async fn device_query_total_video_ports_is_the_sum_of_the_mcu_pools_not_the_telepresence_servers() {
    let d = device();
    let total = d.call("device.query", json!({})).await.unwrap()["totalVideoPorts"].clone();
    assert_eq!(total, 80);
    let mut costs: Value =
        serde_json::from_str(baton_appliance::config::DEFAULT_SERVICE_COSTS_JSON).unwrap();
    for t in costs.as_array_mut().unwrap() {
        if t["bridge_type"] == "mcu" {
            t["pool_capacity"] = json!([{"dimension": "ports", "value": 120}]);
        }
    }
    let config = ApplianceConfig {
        service_costs_json: costs.to_string(),
        ..ApplianceConfig::default()
    };
    let d = device_with(config, Store::in_memory().unwrap());
    let total = d.call("device.query", json!({})).await.unwrap()["totalVideoPorts"].clone();
    assert_eq!(total, 120);
    // Fault 17 follows the same number: 120 ports can be reserved, not 121.
    let (c, _) = code(
        d.call(
            "conference.create",
            json!({"conferenceName": "big", "reservedVideoPorts": 121}),
        )
        .await,
    );
    assert_eq!(c, 17);
    d.call(
        "conference.create",
        json!({"conferenceName": "big", "reservedVideoPorts": 120}),
    )
    .await
    .unwrap();
}

/// Appendix A "Concurrent conferences <= 1,000", at the real number: the
/// 1,001st conference is fault 6 "too many conferences" and is not
/// created; ending one makes room.
#[tokio::test]
async fn concurrent_conferences_limit_is_1000_fault_6() {
    let d = device();
    for i in 0..1000 {
        create(&d, &format!("c{i}@x")).await;
    }
    let (c, text) = code(
        d.call(
            "factory.conferencecreate",
            json!({"conferenceAlias": "one-more@x"}),
        )
        .await,
    );
    assert_eq!((c, text.as_str()), (6, "too many conferences"));
    let (c, _) = code(
        d.call("conference.create", json!({"conferenceName": "legacy"}))
            .await,
    );
    assert_eq!(c, 6);
    assert_eq!(d.appliance.conference_count(), 1000);
    d.call("conference.destroy", json!({"conferenceName": "c0@x"}))
        .await
        .unwrap();
    create(&d, "one-more@x").await;
}

/// Appendix A "Total number of calls <= 2,400", at the real number: two
/// conferences of 1,200 participants each (under the 2,342 per
/// conference), then the 2,401st call anywhere is fault 7 "too many
/// participants" and is not added; removing one makes room.
#[tokio::test]
async fn total_number_of_calls_is_2400_fault_7() {
    let d = device();
    for conf in ["a@x", "b@x"] {
        create(&d, conf).await;
        for i in 0..1200 {
            d.call(
                "participant.add",
                json!({"conferenceName": conf, "participantName": format!("p{i}"), "address": "e@x"}),
            )
            .await
            .unwrap();
        }
    }
    create(&d, "c@x").await;
    let (c, text) = code(
        d.call(
            "participant.add",
            json!({"conferenceName": "c@x", "participantName": "late", "address": "e@x"}),
        )
        .await,
    );
    assert_eq!((c, text.as_str()), (7, "too many participants"));
    let (c, _) = code(
        d.call(
            "factory.webex.add",
            json!({"conferenceName": "c@x", "sipUri": "1@webex.com", "bestEffort": true}),
        )
        .await,
    );
    assert_eq!(c, 7);
    let all = d.call("participant.enumerate", json!({})).await.unwrap();
    assert_eq!(all["participants"].as_array().unwrap().len(), 2400);
    d.call(
        "participant.remove",
        json!({"conferenceName": "a@x", "participantName": "p0", "participantProtocol": "sip", "participantType": "ad_hoc"}),
    )
    .await
    .unwrap();
    d.call(
        "participant.add",
        json!({"conferenceName": "c@x", "participantName": "late", "address": "e@x"}),
    )
    .await
    .unwrap();
}

/// A TelePresence Server ConfBundle (`ts@x`) provisioned and its
/// conference created with `extra` parameters; its conference name.
async fn ts_conference(d: &Device, extra: Value) -> String {
    let b = json!({
        "conference_display_name": "TS",
        "service_preference_id": TS_SERVICE,
        "aliases": [{"role": "host", "exact_match": "ts@x"}],
        "host_quality": TS_VIDEO,
        "guest_quality": TS_VIDEO,
    });
    let (s, _) = d.rest("PUT", "/api/4.0/confbundles/ts", Some(b)).await;
    assert_eq!(s, 201);
    let mut p = json!({"conferenceAlias": "ts@x"});
    for (k, v) in extra.as_object().unwrap() {
        p[k] = v.clone();
    }
    let r = d.call("factory.conferencecreate", p).await.unwrap();
    assert_eq!(r["status"], "operation successful", "{r}");
    r["conferenceName"].as_str().unwrap().to_owned()
}

/// factoryResourceLimits `media` and `licences` are limits on resources:
/// a negative one is fault 102 "invalid parameter -
/// factoryResourceLimits" (like `signalling` / `ports` outside 0-2400), in
/// factory.conferencecreate (nothing created) and factory.conferencemodify.
#[tokio::test]
async fn media_and_licences_limits_must_not_be_negative() {
    let d = device();
    for limits in [
        json!({"media": -1}),
        json!({"licences": -1}),
        json!({"licenses": -5}),
    ] {
        let (c, text) = code(
            d.call(
                "factory.conferencecreate",
                json!({"conferenceAlias": "neg@x", "factoryResourceLimits": limits}),
            )
            .await,
        );
        assert_eq!(
            (c, text.as_str()),
            (102, "invalid parameter - factoryResourceLimits"),
            "{limits}"
        );
    }
    assert_eq!(d.appliance.conference_count(), 0);
    create(&d, "pos@x").await;
    let (c, _) = code(
        d.call(
            "factory.conferencemodify",
            json!({"conferenceName": "pos@x", "factoryResourceLimits": {"media": -1}}),
        )
        .await,
    );
    assert_eq!(c, 102);
}

/// factory.conferencemodify factoryResourceLimits: "The values for this
/// struct must not be smaller than the actual resource usage of the
/// current conference" — in every dimension: on a TelePresence Server
/// signalling (calls), media and licences, each participant costing the
/// ParticipantCost of its screens (default template: 1 screen 3072 media,
/// 3840 licences; 3 screens 6912 / 7560). Smaller: fault 25, limits
/// unchanged (0 stays unlimited).
#[tokio::test]
async fn factory_resource_limits_must_not_be_smaller_than_the_actual_media_and_licence_usage() {
    let d = device();
    let name = ts_conference(&d, json!({})).await;
    for (p, screens) in [("one", 1), ("three", 3)] {
        d.call(
            "participant.add",
            json!({"conferenceName": name, "participantName": p, "address": "e@x", "factoryNumScreens": screens}),
        )
        .await
        .unwrap();
    }
    let (media, licences) = (3072 + 6912, 3840 + 7560);
    for limits in [
        json!({"media": media - 1}),
        json!({"licences": licences - 1}),
        json!({"signalling": 1}),
        json!({"signalling": 2, "media": media, "licenses": licences - 1}),
    ] {
        let (c, text) = code(
            d.call(
                "factory.conferencemodify",
                json!({"conferenceName": name, "factoryResourceLimits": limits}),
            )
            .await,
        );
        assert_eq!(
            (c, text.as_str()),
            (25, "new port limit lower than currently active"),
            "{limits}"
        );
    }
    // Exactly the usage, or 0 (unlimited), is accepted.
    for limits in [
        json!({"signalling": 2, "media": media, "licences": licences}),
        json!({"signalling": 0, "media": 0, "licences": 0}),
    ] {
        let r = d
            .call(
                "factory.conferencemodify",
                json!({"conferenceName": name, "factoryResourceLimits": limits}),
            )
            .await
            .unwrap();
        assert_eq!(r["status"], "operation successful", "{limits}: {r}");
    }
}

/// factoryResourceLimits "limits the resources for a conference and helps
/// to prevent arbitrary conference enlargement" (Scheduling via Cisco
/// TMS), in each of its dimensions: with the spec's worked example
/// {media 12288, licenses 15360} (4 single-screen endpoints) and no call
/// limit, a 5th single-screen participant, or a 3-screen one after 3, is
/// fault 7 "too many participants" and is not added.
#[tokio::test]
async fn factory_resource_limits_limit_the_conference_in_every_dimension() {
    let d = device();
    let name = ts_conference(
        &d,
        json!({"factoryResourceLimits": {"signalling": 0, "media": 12288, "licenses": 15360}}),
    )
    .await;
    let add = |p: String, screens: i32| {
        let d = &d;
        let name = name.clone();
        async move {
            d.call(
                "participant.add",
                json!({"conferenceName": name, "participantName": p, "address": "e@x", "factoryNumScreens": screens}),
            )
            .await
        }
    };
    for i in 0..3 {
        add(format!("p{i}"), 1).await.unwrap();
    }
    let (c, text) = code(add("tip".into(), 3).await);
    assert_eq!((c, text.as_str()), (7, "too many participants"));
    add("p3".into(), 1).await.unwrap();
    let (c, _) = code(add("p4".into(), 1).await);
    assert_eq!(c, 7);
    let all = d.call("participant.enumerate", json!({})).await.unwrap();
    assert_eq!(all["participants"].as_array().unwrap().len(), 4, "{all}");
}
