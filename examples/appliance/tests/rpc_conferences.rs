//! The XML-RPC methods against the device, named after the spec's rules;
//! fault codes checked.

mod common;

use std::time::{Duration, Instant};

use baton_appliance::{ApplianceConfig, Limits, Store};
use common::*;
use serde_json::{json, Value};

async fn provisioned() -> (Device, String) {
    let d = device();
    let (s, _) = d
        .rest(
            "PUT",
            "/api/4.0/confbundles/cmr1",
            Some(bundle("Alice", &["meet.alice@example.com"])),
        )
        .await;
    assert_eq!(s, 201);
    let (_, got) = d.rest("GET", "/api/4.0/confbundles/cmr1", None).await;
    let name = got["conference_name"].as_str().unwrap().to_owned();
    (d, name)
}

fn is_uuid(s: &Value) -> bool {
    s.as_str().is_some_and(|s| uuid::Uuid::parse_str(s).is_ok())
}

#[tokio::test]
async fn factory_conferencecreate_matches_the_alias_of_a_provisioned_confbundle() {
    let (d, name) = provisioned().await;
    let r = d
        .call(
            "factory.conferencecreate",
            json!({"conferenceAlias": "Meet.Alice@example.com"}),
        )
        .await
        .unwrap();
    assert_eq!(r["status"], "operation successful");
    assert_eq!(r["conferenceName"], name.as_str());
    assert!(is_uuid(&r["factoryConferenceId"]));
    // The deprecated copy, on success only.
    assert_eq!(r["factory_conference_id"], r["factoryConferenceId"]);
    let e = d.call("conference.enumerate", json!({})).await.unwrap();
    let c = &e["conferences"][0];
    assert_eq!(c["conferenceName"], name.as_str());
    assert_eq!(c["factoryConfBundleId"], "cmr1");
    // "Provisioned conferences are of type 'lecture'".
    assert_eq!(c["factoryTemplateType"], "lesson");
    assert_eq!(c["isCascaded"], false);
    assert_eq!(c["factoryWebEx"], "None");
    assert_eq!(c["encryption"], "optional");
    assert_eq!(c["locked"], false);
    assert_eq!(c["factoryConferenceId"], r["factoryConferenceId"]);
}

#[tokio::test]
async fn factory_conferencecreate_of_an_existing_conference_returns_its_name_and_id() {
    let (d, name) = provisioned().await;
    let first = d
        .call(
            "factory.conferencecreate",
            json!({"conferenceAlias": "meet.alice@example.com"}),
        )
        .await
        .unwrap();
    let again = d
        .call(
            "factory.conferencecreate",
            json!({"conferenceAlias": "meet.alice@example.com"}),
        )
        .await
        .unwrap();
    assert_eq!(again["status"], "error");
    assert_eq!(again["conferenceName"], name.as_str());
    assert_eq!(again["factoryConferenceId"], first["factoryConferenceId"]);
    assert!(again.get("factory_conference_id").is_none());
}

#[tokio::test]
async fn factory_conferencecreate_from_any_alias_when_none_matches() {
    let d = device();
    let r = d
        .call(
            "factory.conferencecreate",
            json!({"conferenceAlias": "AdHoc-42@Example.com"}),
        )
        .await
        .unwrap();
    assert_eq!(r["status"], "operation successful");
    assert_eq!(r["conferenceName"], "adhoc-42@example.com");
}

#[tokio::test]
async fn dial_string_with_an_ip_address_is_matched_through_the_sip_domain() {
    let d = device();
    d.rest(
        "PUT",
        "/api/4.0/confbundles/n",
        Some(bundle("Numeric", &["1234@domain.com"])),
    )
    .await;
    d.rest(
        "PUT",
        "/api/4.0/sipdomain",
        Some(json!({"SIPDomain": "domain.com"})),
    )
    .await;
    let r = d
        .call(
            "factory.conferencecreate",
            json!({"conferenceAlias": "1234@10.0.0.1"}),
        )
        .await
        .unwrap();
    let e = d.call("conference.enumerate", json!({})).await.unwrap();
    assert_eq!(e["conferences"][0]["factoryConfBundleId"], "n");
    assert_eq!(e["conferences"][0]["conferenceName"], r["conferenceName"]);
}

#[tokio::test]
async fn factory_conferencecreate_parameter_faults() {
    let d = device();
    let err = |r: Result<Value, (i32, String)>| r.unwrap_err();
    assert_eq!(
        err(d
            .call("factory.conferencecreate", json!({"conferenceAlias": ""}))
            .await)
        .0,
        21
    );
    assert_eq!(
        err(d.call("factory.conferencecreate", json!({})).await).0,
        21
    );
    let (code, text) = err(d
        .call(
            "factory.conferencecreate",
            json!({"conferenceAlias": "a", "factoryOverridePIN": "12ab"}),
        )
        .await);
    assert_eq!((code, text.as_str()), (13, "invalid PIN specified"));
    let (code, _) = err(d
        .call(
            "factory.conferencecreate",
            json!({"conferenceAlias": "a", "factoryResourceLimits": {"ports": 2401}}),
        )
        .await);
    assert_eq!(code, 102);
    let (code, _) = err(
        d.call(
            "factory.conferencecreate",
            json!({"conferenceAlias": "a", "factoryMinDurationMinutes": 30, "factoryMaxDurationMinutes": 10}),
        )
        .await,
    );
    assert_eq!(code, 104);
    assert_eq!(d.appliance.conference_count(), 0);
}

#[tokio::test]
async fn factory_min_duration_0_without_auto_dialed_participants_is_not_created() {
    let d = device();
    let r = d
        .call(
            "factory.conferencecreate",
            json!({"conferenceAlias": "z@x", "factoryMinDurationMinutes": 0}),
        )
        .await
        .unwrap();
    assert_eq!(r["status"], "error");
    assert_eq!(d.appliance.conference_count(), 0);
}

#[tokio::test]
async fn conference_modify_locked_param_unsupported_is_fault_22() {
    let d = device();
    d.call(
        "factory.conferencecreate",
        json!({"conferenceAlias": "c@x"}),
    )
    .await
    .unwrap();
    let (code, text) = d
        .call(
            "conference.modify",
            json!({"conferenceName": "c@x", "locked": true}),
        )
        .await
        .unwrap_err();
    assert_eq!(
        (code, text.as_str()),
        (22, "conference.modify 'locked' param unsupported")
    );
    assert!(d
        .call(
            "conference.modify",
            json!({"conferenceName": "c@x", "h239Important": true})
        )
        .await
        .is_ok());
    // factoryMinDurationMinutes "must not be larger than the value for
    // factoryMaxDurationMinutes" — also against the maximum in force.
    d.call(
        "factory.conferencemodify",
        json!({"conferenceName": "c@x", "factoryMaxDurationMinutes": 20}),
    )
    .await
    .unwrap();
    assert_eq!(
        d.call(
            "factory.conferencemodify",
            json!({"conferenceName": "c@x", "factoryMinDurationMinutes": 30})
        )
        .await
        .unwrap_err()
        .0,
        104
    );
    // factory.conferencemodify does take `locked`.
    let r = d
        .call(
            "factory.conferencemodify",
            json!({"conferenceName": "c@x", "locked": true}),
        )
        .await
        .unwrap();
    assert_eq!(r["status"], "operation successful");
    let e = d.call("conference.enumerate", json!({})).await.unwrap();
    assert_eq!(e["conferences"][0]["locked"], true);
    assert_eq!(
        d.call(
            "factory.conferencemodify",
            json!({"conferenceName": "none"})
        )
        .await
        .unwrap_err()
        .0,
        4
    );
}

#[tokio::test]
async fn factory_resource_limits_must_not_be_smaller_than_the_actual_usage() {
    let d = device();
    d.call(
        "factory.conferencecreate",
        json!({"conferenceAlias": "r@x"}),
    )
    .await
    .unwrap();
    for i in 0..3 {
        d.call(
            "participant.add",
            json!({"conferenceName": "r@x", "participantName": format!("p{i}"), "address": "sip:p@x"}),
        )
        .await
        .unwrap();
    }
    let (code, _) = d
        .call(
            "factory.conferencemodify",
            json!({"conferenceName": "r@x", "factoryResourceLimits": {"ports": 2, "signalling": 2}}),
        )
        .await
        .unwrap_err();
    assert_eq!(code, 25);
}

#[tokio::test]
async fn enumerate_id_not_returned_by_the_device_is_fault_16() {
    let d = device();
    assert_eq!(
        d.call("conference.enumerate", json!({"enumerateID": "x"}))
            .await
            .unwrap_err()
            .0,
        16
    );
    assert_eq!(
        d.call("participant.enumerate", json!({"enumerateID": 3}))
            .await
            .unwrap_err()
            .0,
        16
    );
}

#[tokio::test]
async fn participant_add_enforces_participant_type_ad_hoc_and_enumerate_adds_conductor_fields() {
    let d = device();
    let a = d
        .call(
            "factory.conferencecreate",
            json!({"conferenceAlias": "one@x"}),
        )
        .await
        .unwrap();
    let b = d
        .call(
            "factory.conferencecreate",
            json!({"conferenceAlias": "two@x"}),
        )
        .await
        .unwrap();
    d.call(
        "participant.add",
        json!({"conferenceName": "one@x", "participantName": "alice", "address": "alice@x", "participantType": "by_address"}),
    )
    .await
    .unwrap();
    d.call(
        "participant.add",
        json!({"conferenceName": "two@x", "participantName": "bob", "address": "bob@x", "participantProtocol": "h323"}),
    )
    .await
    .unwrap();
    let all = d.call("participant.enumerate", json!({})).await.unwrap();
    assert_eq!(all["participants"].as_array().unwrap().len(), 2);
    let only = d
        .call(
            "participant.enumerate",
            json!({"factoryConferenceIds": [b["factoryConferenceId"]]}),
        )
        .await
        .unwrap();
    let list = only["participants"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    let p = &list[0];
    assert_eq!(p["participantName"], "bob");
    assert_eq!(p["participantType"], "ad_hoc");
    assert_eq!(p["participantProtocol"], "h323");
    assert_eq!(p["mcuIPAddress"], "127.0.0.1");
    assert_eq!(p["factoryConferenceId"], b["factoryConferenceId"]);
    assert_eq!(p["factoryBridgeType"], "mcu");
    assert_eq!(p["conferenceName"], "two@x");
    assert_eq!(p["factoryWebExCallType"], "VideoAudio");
    let none = d
        .call(
            "participant.enumerate",
            json!({"factoryConferenceIds": ["no-such-id"]}),
        )
        .await
        .unwrap();
    assert_eq!(none["participants"], json!([]));
    let _ = a;
    assert_eq!(
        d.call(
            "participant.add",
            json!({"conferenceName": "nope", "participantName": "x", "address": "y"})
        )
        .await
        .unwrap_err()
        .0,
        4
    );
    assert_eq!(
        d.call(
            "participant.add",
            json!({"conferenceName": "one@x", "participantName": "x", "address": ""})
        )
        .await
        .unwrap_err()
        .0,
        10
    );
}

#[tokio::test]
async fn functions_are_performed_on_all_participants_with_that_participant_name() {
    let d = device();
    d.call(
        "factory.conferencecreate",
        json!({"conferenceAlias": "m@x"}),
    )
    .await
    .unwrap();
    for addr in ["a@x", "b@x"] {
        d.call(
            "participant.add",
            json!({"conferenceName": "m@x", "participantName": "same", "address": addr}),
        )
        .await
        .unwrap();
    }
    d.call(
        "participant.add",
        json!({"conferenceName": "m@x", "participantName": "other", "address": "c@x"}),
    )
    .await
    .unwrap();
    let id = json!({"conferenceName": "m@x", "participantName": "same", "participantProtocol": "sip", "participantType": "ad_hoc"});
    let mut modify = id.clone();
    modify["audioRxMuted"] = json!(true);
    modify["displayNameOverrideStatus"] = json!(true);
    modify["displayNameOverrideValue"] = json!("Room 1");
    d.call("participant.modify", modify).await.unwrap();
    let all = d.call("participant.enumerate", json!({})).await.unwrap();
    for p in all["participants"].as_array().unwrap() {
        let same = p["participantName"] == "same";
        assert_eq!(p["audioRxMuted"], same);
        assert_eq!(p["displayName"] == "Room 1", same);
    }
    let mut msg = id.clone();
    msg["message"] = json!("hello");
    d.call("participant.message", msg).await.unwrap();
    let diag = d.call("participant.diagnostics", id.clone()).await.unwrap();
    assert_eq!(diag["participantName"], "same");
    d.call("participant.remove", id.clone()).await.unwrap();
    let all = d.call("participant.enumerate", json!({})).await.unwrap();
    assert_eq!(all["participants"].as_array().unwrap().len(), 1);
    assert_eq!(
        d.call("participant.remove", id.clone())
            .await
            .unwrap_err()
            .0,
        5
    );
    assert_eq!(
        d.call("participant.disconnect", id.clone())
            .await
            .unwrap_err()
            .0,
        5
    );
    let mut other = id.clone();
    other["participantName"] = json!("other");
    d.call("participant.disconnect", other).await.unwrap();
}

#[tokio::test]
async fn participant_parameter_rules_answer_their_faults() {
    let d = device();
    d.call(
        "factory.conferencecreate",
        json!({"conferenceAlias": "f@x"}),
    )
    .await
    .unwrap();
    d.call(
        "participant.add",
        json!({"conferenceName": "f@x", "participantName": "p", "address": "p@x"}),
    )
    .await
    .unwrap();
    let base = json!({"conferenceName": "f@x", "participantName": "p", "participantProtocol": "sip", "participantType": "ad_hoc"});
    let with = |k: &str, v: Value| {
        let mut b = base.clone();
        b[k] = v;
        b
    };
    // borderWidth: "Value must be in the range from 0 to 3."
    assert_eq!(
        d.call("participant.modify", with("borderWidth", json!(4)))
            .await
            .unwrap_err()
            .0,
        102
    );
    // dtmfSequence: "may contain 0-9, *, #, and ,"
    assert_eq!(
        d.call("participant.modify", with("dtmfSequence", json!("12a")))
            .await
            .unwrap_err()
            .0,
        102
    );
    // audioRxGainMilliDb only "if audio gain mode is fixed"
    assert_eq!(
        d.call(
            "participant.modify",
            with("audioRxGainMilliDb", json!(-3000))
        )
        .await
        .unwrap_err()
        .0,
        104
    );
    // message: at most 255 characters on a TelePresence MCU.
    let long = "x".repeat(256);
    assert_eq!(
        d.call("participant.message", with("message", json!(long)))
            .await
            .unwrap_err()
            .0,
        102
    );
    let mut neg = with("message", json!("hi"));
    neg["duration"] = json!(-1);
    assert_eq!(d.call("participant.message", neg).await.unwrap_err().0, 102);
    // addAsGuest is rejected on a Meeting.
    assert!(d
        .call("participant.add", json!({"conferenceName": "f@x", "participantName": "g", "address": "g@x", "addAsGuest": true}))
        .await
        .is_err());
}

#[tokio::test]
async fn conference_limits_are_faults_6_and_7() {
    let config = ApplianceConfig {
        limits: Limits {
            max_conferences: 1,
            max_calls: 2,
            ..Limits::default()
        },
        ..ApplianceConfig::default()
    };
    let d = device_with(config, Store::in_memory().unwrap());
    d.call(
        "factory.conferencecreate",
        json!({"conferenceAlias": "l1@x"}),
    )
    .await
    .unwrap();
    let (code, text) = d
        .call(
            "factory.conferencecreate",
            json!({"conferenceAlias": "l2@x"}),
        )
        .await
        .unwrap_err();
    assert_eq!((code, text.as_str()), (6, "too many conferences"));
    for i in 0..2 {
        d.call(
            "participant.add",
            json!({"conferenceName": "l1@x", "participantName": format!("p{i}"), "address": "a@x"}),
        )
        .await
        .unwrap();
    }
    let (code, text) = d
        .call(
            "participant.add",
            json!({"conferenceName": "l1@x", "participantName": "p9", "address": "a@x"}),
        )
        .await
        .unwrap_err();
    assert_eq!((code, text.as_str()), (7, "too many participants"));
}

#[tokio::test]
async fn max_participants_of_the_confbundle_limits_the_conference() {
    let d = device();
    let mut b = bundle("Small", &["small@x"]);
    b["max_participants"] = json!(2);
    d.rest("PUT", "/api/4.0/confbundles/s", Some(b)).await;
    let r = d
        .call(
            "factory.conferencecreate",
            json!({"conferenceAlias": "small@x"}),
        )
        .await
        .unwrap();
    let name = r["conferenceName"].as_str().unwrap();
    for i in 0..2 {
        d.call(
            "participant.add",
            json!({"conferenceName": name, "participantName": format!("p{i}"), "address": "a@x"}),
        )
        .await
        .unwrap();
    }
    assert_eq!(
        d.call(
            "participant.add",
            json!({"conferenceName": name, "participantName": "p3", "address": "a@x"})
        )
        .await
        .unwrap_err()
        .0,
        7
    );
}

#[tokio::test]
async fn conference_destroy_and_end() {
    let d = device();
    d.call(
        "factory.conferencecreate",
        json!({"conferenceAlias": "d@x"}),
    )
    .await
    .unwrap();
    d.call("conference.destroy", json!({"conferenceName": "d@x"}))
        .await
        .unwrap();
    assert_eq!(
        d.call("conference.enumerate", json!({})).await.unwrap()["conferences"],
        json!([])
    );
    assert_eq!(
        d.call("conference.end", json!({"conferenceName": "d@x"}))
            .await
            .unwrap_err()
            .0,
        4
    );
    d.call("conference.create", json!({"conferenceName": "legacy"}))
        .await
        .unwrap();
    assert_eq!(
        d.call("conference.create", json!({"conferenceName": "legacy"}))
            .await
            .unwrap_err()
            .0,
        2
    );
    d.call("conference.end", json!({"conferenceName": "legacy"}))
        .await
        .unwrap();
}

#[tokio::test]
async fn factory_webex_add_settings_must_match_unless_best_effort() {
    let d = device();
    d.call(
        "factory.conferencecreate",
        json!({"conferenceAlias": "w@x", "webEx": "SIP"}),
    )
    .await
    .unwrap();
    d.call(
        "factory.conferencecreate",
        json!({"conferenceAlias": "n@x"}),
    )
    .await
    .unwrap();
    d.call(
        "factory.webex.add",
        json!({"conferenceName": "w@x", "sipUri": "123@webex.com"}),
    )
    .await
    .unwrap();
    assert_eq!(
        d.call(
            "factory.webex.add",
            json!({"conferenceName": "n@x", "sipUri": "1@webex.com"})
        )
        .await
        .unwrap_err()
        .0,
        104
    );
    d.call(
        "factory.webex.add",
        json!({"conferenceName": "n@x", "sipUri": "1@webex.com", "bestEffort": true}),
    )
    .await
    .unwrap();
    assert_eq!(
        d.call(
            "factory.webex.add",
            json!({"conferenceName": "w@x", "sipUri": "1@webex.com", "dtmf": "12x"})
        )
        .await
        .unwrap_err()
        .0,
        102
    );
    let all = d.call("participant.enumerate", json!({})).await.unwrap();
    assert_eq!(all["participants"].as_array().unwrap().len(), 2);
    assert_eq!(all["participants"][0]["factoryWebEx"], "SIP");
}

#[tokio::test]
async fn device_queries_and_health_report_the_host() {
    let d = device();
    let q = d.call("device.query", json!({})).await.unwrap();
    assert_eq!(q["model"], "Cisco TelePresence Conductor");
    assert_eq!(q["softwareVersion"], "XC4.3.1");
    assert!(q["currentTime"].is_string() || q["currentTime"].is_object());
    let n = d.call("device.network.query", json!({})).await.unwrap();
    assert_eq!(n["portA"]["macAddress"].as_str().unwrap().len(), 17);
    let h = d.call("factory.health.query", json!({})).await.unwrap();
    assert_eq!(h["fan_1"], "N/A");
    assert!(h["committed_as"].as_str().unwrap().ends_with("kB"));
    let load = baton_appliance::host::load_averages().unwrap();
    let reported = h["cpu_load_15"].as_i64().unwrap() as f64;
    assert!(
        (reported - load[2]).abs() <= 1.0,
        "{reported} vs {}",
        load[2]
    );
}

#[tokio::test]
async fn feedback_receivers_are_kept_across_a_restart() {
    let dir = std::env::temp_dir().join(format!("baton-appliance-rx-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("baton.redb");
    {
        let d = device_with(ApplianceConfig::default(), Store::open(&path).unwrap());
        let r = d
            .call(
                "feedbackReceiver.extended.configure",
                json!({"receiverURI": "http://127.0.0.1:9/RPC2", "sourceIdentifier": "s1", "receiverIndex": -1,
                       "subscribedEvents": ["conferenceCreate", "conferenceDestroyed"]}),
            )
            .await
            .unwrap();
        assert_eq!(r["receiverIndex"], 1);
        let r = d
            .call(
                "feedbackReceiver.extended.configure",
                json!({"receiverURI": "http://127.0.0.1:10/RPC2", "sourceIdentifier": "s2", "receiverIndex": 7}),
            )
            .await
            .unwrap();
        assert_eq!(r["receiverIndex"], 7);
        d.call(
            "feedbackReceiver.extended.remove",
            json!({"receiverIndex": 1}),
        )
        .await
        .unwrap();
        assert_eq!(
            d.call(
                "feedbackReceiver.extended.remove",
                json!({"receiverIndex": 1})
            )
            .await
            .unwrap_err()
            .0,
            102
        );
        d.call(
            "feedbackReceiver.extended.configure",
            json!({"receiverURI": "http://127.0.0.1:11/RPC2", "sourceIdentifier": "s3", "receiverIndex": 2,
                   "subscribedEvents": ["conferenceJoined"]}),
        )
        .await
        .unwrap();
        d.driver.shutdown().await;
    }
    let d = device_with(ApplianceConfig::default(), Store::open(&path).unwrap());
    let q = d
        .call("feedbackReceiver.extended.query", json!({}))
        .await
        .unwrap();
    let list = q["receivers"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["index"], 2);
    assert_eq!(list[0]["sourceIdentifier"], "s3");
    assert_eq!(list[1]["index"], 7);
    assert_eq!(list[1]["receiverURI"], "http://127.0.0.1:10/RPC2");
}

#[tokio::test]
async fn conference_lifetime_ends_empty_conferences_after_the_minimum_duration() {
    let d = device();
    d.call(
        "factory.conferencecreate",
        json!({"conferenceAlias": "t@x", "factoryMinDurationMinutes": 1}),
    )
    .await
    .unwrap();
    d.call(
        "factory.conferencecreate",
        json!({"conferenceAlias": "busy@x", "factoryMinDurationMinutes": 1}),
    )
    .await
    .unwrap();
    d.call(
        "participant.add",
        json!({"conferenceName": "busy@x", "participantName": "p", "address": "p@x"}),
    )
    .await
    .unwrap();
    let now = Instant::now();
    assert!(d
        .appliance
        .end_expired_conferences(now + Duration::from_secs(30))
        .is_empty());
    assert_eq!(
        d.appliance
            .end_expired_conferences(now + Duration::from_secs(61)),
        vec!["t@x".to_owned()]
    );
    assert_eq!(d.appliance.conference_count(), 1);
}
