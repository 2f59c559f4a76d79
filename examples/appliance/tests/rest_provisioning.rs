//! The REST operations against the device, named after the spec's rules.

mod common;

use baton_appliance::{ApplianceConfig, Limits, Store};
use common::*;
use serde_json::json;

#[tokio::test]
async fn put_creates_with_201_then_replaces_with_200_and_a_new_version_id() {
    let d = device();
    let (s, v1) = d
        .rest(
            "PUT",
            "/api/4.0/confbundles/b1",
            Some(bundle("Team", &["team@example.com"])),
        )
        .await;
    assert_eq!(s, 201);
    let (s, got) = d.rest("GET", "/api/4.0/confbundles/b1", None).await;
    assert_eq!(s, 200);
    assert_eq!(got["version_id"], v1);
    let name1 = got["conference_name"].as_str().unwrap().to_owned();
    let (s, v2) = d
        .rest(
            "PUT",
            "/api/4.0/confbundles/b1",
            Some(bundle("Team", &["team@example.com"])),
        )
        .await;
    assert_eq!(s, 200);
    assert_ne!(v1, v2);
    let (_, got) = d.rest("GET", "/api/4.0/confbundles/b1", None).await;
    assert_eq!(got["version_id"], v2);
    // "The conference_name changes every time the confBundle is updated."
    assert_ne!(got["conference_name"].as_str().unwrap(), name1);
    let (s, list) = d.rest("GET", "/api/4.0/confbundles/", None).await;
    assert_eq!(s, 200);
    assert_eq!(list, json!({"b1": v2}));
}

#[tokio::test]
async fn conference_name_appends_a_random_unique_6_digit_number_truncated_at_32_on_mcu() {
    let d = device();
    let long = "A very long conference display name for the MCU";
    d.rest(
        "PUT",
        "/api/4.0/confbundles/m",
        Some(bundle(long, &["m@example.com"])),
    )
    .await;
    let (_, got) = d.rest("GET", "/api/4.0/confbundles/m", None).await;
    let name = got["conference_name"].as_str().unwrap();
    let prefix: String = long.chars().take(32).collect();
    let digits = name.strip_prefix(prefix.as_str()).unwrap();
    assert_eq!(digits.len(), 6);
    assert!(digits.bytes().all(|b| b.is_ascii_digit()));
    // A TelePresence Server Service Preference keeps the whole name.
    let mut ts = bundle(long, &["t@example.com"]);
    ts["service_preference_id"] = json!(TS_SERVICE);
    ts["host_quality"] = json!(TS_VIDEO);
    ts["guest_quality"] = json!(TS_VIDEO);
    let (s, _) = d.rest("PUT", "/api/4.0/confbundles/t", Some(ts)).await;
    assert_eq!(s, 201);
    let (_, got) = d.rest("GET", "/api/4.0/confbundles/t", None).await;
    let name = got["conference_name"].as_str().unwrap();
    assert_eq!(name.len(), long.len() + 6);
    assert!(name.starts_with(long));
}

#[tokio::test]
async fn addressed_confbundle_that_does_not_exist_is_404() {
    let d = device();
    let (s, body) = d.rest("GET", "/api/4.0/confbundles/nope", None).await;
    assert_eq!(s, 404);
    assert_eq!(body["error_code"], "10");
    let (s, body) = d.rest("DELETE", "/api/4.0/confbundles/nope", None).await;
    assert_eq!(s, 404);
    assert_eq!(body["error_code"], "10");
}

#[tokio::test]
async fn delete_one_and_delete_all_confbundles() {
    let d = device();
    for (id, a) in [("a", "a@x.com"), ("b", "b@x.com"), ("c", "c@x.com")] {
        assert_eq!(
            d.rest(
                "PUT",
                &format!("/api/4.0/confbundles/{id}"),
                Some(bundle(id, &[a]))
            )
            .await
            .0,
            201
        );
    }
    assert_eq!(
        d.rest("DELETE", "/api/4.0/confbundles/b", None).await.0,
        200
    );
    let (_, list) = d.rest("GET", "/api/4.0/confbundles/", None).await;
    assert_eq!(list.as_object().unwrap().len(), 2);
    // The alias of a deleted bundle is free again.
    assert_eq!(d.appliance.lookup_alias("b@x.com"), None);
    assert_eq!(d.rest("DELETE", "/api/4.0/confbundles/", None).await.0, 200);
    let (_, list) = d.rest("GET", "/api/4.0/confbundles/", None).await;
    assert_eq!(list, json!({}));
    assert_eq!(d.appliance.lookup_alias("a@x.com"), None);
}

#[tokio::test]
async fn exact_match_must_be_unique_but_a_replacement_keeps_its_own_aliases() {
    let d = device();
    d.rest(
        "PUT",
        "/api/4.0/confbundles/one",
        Some(bundle("One", &["same@x.com"])),
    )
    .await;
    let (s, body) = d
        .rest(
            "PUT",
            "/api/4.0/confbundles/two",
            Some(bundle("Two", &["same@x.com"])),
        )
        .await;
    assert_eq!(s, 400);
    assert!(
        body["error_code"] == "20" || body["error_code"] == "30",
        "{body}"
    );
    assert_eq!(
        d.appliance.lookup_alias("same@x.com").as_deref(),
        Some("one")
    );
    let (s, _) = d
        .rest(
            "PUT",
            "/api/4.0/confbundles/one",
            Some(bundle("One", &["same@x.com", "other@x.com"])),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(
        d.appliance.lookup_alias("OTHER@x.com").as_deref(),
        Some("one")
    );
}

#[tokio::test]
async fn conference_name_and_version_id_must_not_be_supplied_in_a_put() {
    let d = device();
    let mut b = bundle("X", &["x@x.com"]);
    b["version_id"] = json!("mine");
    let (s, body) = d.rest("PUT", "/api/4.0/confbundles/x", Some(b)).await;
    assert_eq!(s, 400);
    assert_eq!(body["error_code"], "20");
    assert_eq!(d.rest("GET", "/api/4.0/confbundles/x", None).await.0, 404);
}

#[tokio::test]
async fn service_preference_must_have_been_configured() {
    let d = device();
    let mut b = bundle("X", &["x@x.com"]);
    b["service_preference_id"] = json!("no-such-service");
    let (s, body) = d.rest("PUT", "/api/4.0/confbundles/x", Some(b)).await;
    assert_eq!(s, 400);
    assert_eq!(body["error_code"], "30");
}

#[tokio::test]
async fn appendix_a_limits_conference_bundles_and_direct_match_aliases_are_error_40() {
    let config = ApplianceConfig {
        limits: Limits {
            max_confbundles: 2,
            max_aliases: 3,
            ..Limits::default()
        },
        ..ApplianceConfig::default()
    };
    let d = device_with(config, Store::in_memory().unwrap());
    assert_eq!(
        d.rest("PUT", "/api/4.0/confbundles/1", Some(bundle("1", &["a@x"])))
            .await
            .0,
        201
    );
    assert_eq!(
        d.rest(
            "PUT",
            "/api/4.0/confbundles/2",
            Some(bundle("2", &["b@x", "c@x"]))
        )
        .await
        .0,
        201
    );
    // A third bundle: over the bundle limit.
    let (s, body) = d
        .rest("PUT", "/api/4.0/confbundles/3", Some(bundle("3", &["d@x"])))
        .await;
    assert_eq!((s, body["error_code"].as_str()), (507, Some("40")));
    // Replacing bundle 1 with two aliases: 4 aliases > 3.
    let (s, body) = d
        .rest(
            "PUT",
            "/api/4.0/confbundles/1",
            Some(bundle("1", &["a@x", "e@x"])),
        )
        .await;
    assert_eq!((s, body["error_code"].as_str()), (507, Some("40")));
    // Replacing within the limits is fine.
    assert_eq!(
        d.rest("PUT", "/api/4.0/confbundles/1", Some(bundle("1", &["f@x"])))
            .await
            .0,
        200
    );
}

#[tokio::test]
async fn aliases_array_contains_between_1_and_10_elements() {
    let d = device();
    let many: Vec<String> = (0..11).map(|i| format!("a{i}@x.com")).collect();
    let refs: Vec<&str> = many.iter().map(String::as_str).collect();
    let (s, body) = d
        .rest("PUT", "/api/4.0/confbundles/m", Some(bundle("M", &refs)))
        .await;
    assert_eq!(s, 400);
    assert_eq!(body["error_code"], "20");
}

#[tokio::test]
async fn owners_delete_keeps_owners_with_a_confbundle_and_of_the_given_generation() {
    let d = device();
    let owners = json!({"owners": [
        {"owner_id": "o1", "multi_party_license": "PMP"},
        {"owner_id": "o2", "multi_party_license": "SMP"},
    ], "generation": "g1"});
    assert_eq!(d.rest("PUT", "/api/4.0/owners", Some(owners)).await.0, 200);
    let owners = json!({"owners": [{"owner_id": "o3"}], "generation": "g2"});
    assert_eq!(d.rest("PUT", "/api/4.0/owners", Some(owners)).await.0, 200);
    let mut b = bundle("Owned", &["owned@x.com"]);
    b["owner_id"] = json!("o1");
    assert_eq!(
        d.rest("PUT", "/api/4.0/confbundles/ob", Some(b)).await.0,
        201
    );
    let (_, lic) = d.rest("GET", "/api/4.0/multipartylicense", None).await;
    assert_eq!(
        (&lic["pmp_in_use"], &lic["smp_in_use"]),
        (&json!(1), &json!(2))
    );
    // DELETE /api/4.0/<generation>: o2 goes (g1, no bundle); o1 has a bundle; o3 is g2.
    assert_eq!(d.rest("DELETE", "/api/4.0/g2", None).await.0, 200);
    let (_, lic) = d.rest("GET", "/api/4.0/multipartylicense", None).await;
    assert_eq!(
        (&lic["pmp_in_use"], &lic["smp_in_use"]),
        (&json!(1), &json!(1))
    );
    // DELETE /api/4.0/owners: every owner without a bundle (o3).
    assert_eq!(d.rest("DELETE", "/api/4.0/owners", None).await.0, 200);
    let (_, lic) = d.rest("GET", "/api/4.0/multipartylicense", None).await;
    assert_eq!(
        (&lic["pmp_in_use"], &lic["smp_in_use"]),
        (&json!(1), &json!(0))
    );
}

#[tokio::test]
async fn sip_domain_put_answers_204_and_get_returns_it() {
    let d = device();
    assert_eq!(
        d.rest("GET", "/api/4.0/sipdomain", None).await.1,
        json!({"SIPDomain": null})
    );
    let (s, _) = d
        .rest(
            "PUT",
            "/api/4.0/sipdomain",
            Some(json!({"SIPDomain": "100.example-name.com"})),
        )
        .await;
    assert_eq!(s, 204);
    assert_eq!(
        d.rest("GET", "/api/4.0/sipdomain", None).await.1,
        json!({"SIPDomain": "100.example-name.com"})
    );
    let (s, body) = d
        .rest(
            "PUT",
            "/api/4.0/sipdomain",
            Some(json!({"SIPDomain": "bad domain!"})),
        )
        .await;
    assert_eq!(s, 400);
    assert_eq!(body["error_code"], "20");
}

#[tokio::test]
async fn servicecost_alias_must_not_include_a_regular_expression() {
    let d = device();
    let (s, _) = d
        .rest(
            "PUT",
            "/api/4.0/confbundles/alice",
            Some(bundle("Alice", &["meet.alice@cisco.com"])),
        )
        .await;
    assert_eq!(s, 201);
    let (s, body) = d
        .rest("GET", "/api/4.0/servicecost/meet.alice@cisco.com", None)
        .await;
    assert_eq!(s, 200);
    assert_eq!(body["alias"], "meet.alice@cisco.com");
    assert_eq!(
        body["conference_cost"],
        json!([{"dimension": "ports", "value": 0}])
    );
    let (s, body) = d
        .rest("GET", "/api/4.0/servicecost/meet.(alice)*@cisco.com", None)
        .await;
    assert_eq!(s, 400);
    assert_eq!(body["error_code"], "20");
}

#[tokio::test]
async fn serviceinfo_and_qualities_come_from_the_catalog() {
    let d = device();
    let (s, info) = d.rest("GET", "/api/4.0/serviceinfo/", None).await;
    assert_eq!(s, 200);
    assert_eq!(info.as_array().unwrap().len(), 2);
    let (s, rec) = d.rest("GET", "/api/4.0/serviceinfo/13579", None).await;
    assert_eq!((s, rec["bridge_type"].as_str()), (200, Some("tsmcu")));
    assert_eq!(d.rest("GET", "/api/4.0/serviceinfo/999", None).await.0, 404);
    let (_, q) = d.rest("GET", "/api/4.0/qualities/", None).await;
    assert_eq!(q[0]["quality_group_name"], "qualgroup_ts");
    let (_, g) = d.rest("GET", "/api/4.0/qualities/qualgroup_ts", None).await;
    assert_eq!(g.as_array().unwrap().len(), 3);
    assert_eq!(d.rest("GET", "/api/4.0/qualities/none", None).await.0, 404);
}

#[tokio::test]
async fn external_api_envelope_pagination_sorting_filter_and_peer() {
    let d = device();
    let (s, body) = d
        .rest(
            "GET",
            "/api/external/configuration/conferencefactory/servicepreferences/",
            None,
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(body[0]["peer"], "127.0.0.1");
    assert_eq!(body[0]["num_recs"], 2);
    assert_eq!(body[0]["records"][0]["uuid"], "123456");
    let (_, body) = d
        .rest(
            "GET",
            "/api/external/configuration/conferencefactory/servicepreferences/?sortBy=name&sortdirection=descending&offset=0&limit=1",
            None,
        )
        .await;
    assert_eq!(body[0]["num_recs"], 2);
    assert_eq!(body[0]["records"].as_array().unwrap().len(), 1);
    assert_eq!(body[0]["records"][0]["name"], "SD MCUs");
    let (_, body) = d
        .rest(
            "GET",
            "/api/external/configuration/conferencefactory/servicepreferences/bridge_type/tsmcu",
            None,
        )
        .await;
    assert_eq!(body[0]["num_recs"], 1);
    assert_eq!(body[0]["records"][0]["uuid"], "13579");
    let (_, body) = d
        .rest("GET", "/api/external/status/system?peer=10.9.9.9", None)
        .await;
    assert_eq!(body, json!([]));
    let (_, body) = d
        .rest(
            "GET",
            "/api/external/status/system?peer=local&format=xml",
            None,
        )
        .await;
    let xml = body.as_str().unwrap();
    assert!(
        xml.contains("<peer address=\"127.0.0.1\" num_recs=\"1\">"),
        "{xml}"
    );
    assert_eq!(
        d.rest("GET", "/api/external/status/nothing", None).await.0,
        404
    );
}

#[tokio::test]
async fn status_and_systemunit() {
    let d = device();
    let (s, body) = d.rest("GET", "/status", None).await;
    assert_eq!((s, body["status"].as_str()), (200, Some("active")));
    let (s, body) = d.rest("GET", "/systemunit.xml", None).await;
    assert_eq!(s, 200);
    assert!(body
        .as_str()
        .unwrap()
        .contains("<Version>XC4.3.1</Version>"));
}

#[tokio::test]
async fn provisioned_state_survives_a_restart_on_the_same_file() {
    let dir = std::env::temp_dir().join(format!("baton-appliance-restart-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("baton.redb");
    let version = {
        let d = device_with(ApplianceConfig::default(), Store::open(&path).unwrap());
        let (_, v) = d
            .rest(
                "PUT",
                "/api/4.0/confbundles/keep",
                Some(bundle("Keep", &["keep@x.com"])),
            )
            .await;
        d.rest(
            "PUT",
            "/api/4.0/sipdomain",
            Some(json!({"SIPDomain": "x.com"})),
        )
        .await;
        d.rest(
            "PUT",
            "/api/4.0/owners",
            Some(json!({"owners": [{"owner_id": "o"}], "generation": "g"})),
        )
        .await;
        d.driver.shutdown().await;
        v
    };
    let d = device_with(ApplianceConfig::default(), Store::open(&path).unwrap());
    let (s, got) = d.rest("GET", "/api/4.0/confbundles/keep", None).await;
    assert_eq!(s, 200);
    assert_eq!(got["version_id"], version);
    assert_eq!(
        d.rest("GET", "/api/4.0/sipdomain", None).await.1,
        json!({"SIPDomain": "x.com"})
    );
    assert_eq!(
        d.appliance.lookup_alias("keep@10.0.0.1").as_deref(),
        Some("keep")
    );
    let (_, lic) = d.rest("GET", "/api/4.0/multipartylicense", None).await;
    assert_eq!(lic["smp_in_use"], 1);
}

/// An AutoDialedParticipant of the MCU Service Preference.
fn adp() -> serde_json::Value {
    json!({"role": "guest", "participant_quality": MCU_QUALITY})
}

/// A stored ConfBundle `b<i>` (as a PUT stores it: with
/// `conference_name` and `version_id`) with `aliases` aliases
/// (`<letter><i>@x`) and `adps` auto-dialed participants. Written as text:
/// the limit tests store 10,000 to 100,000 of them.
fn stored(i: usize, aliases: usize, adps: usize) -> baton_appliance::store::Write {
    let aliases: Vec<String> = (0..aliases)
        .map(|a| {
            format!(
                r#"{{"role":"host","exact_match":"{}{i}@x"}}"#,
                (b'b' + a as u8) as char
            )
        })
        .collect();
    let adp = format!(r#"{{"role":"guest","participant_quality":"{MCU_QUALITY}"}}"#);
    let adps = match adps {
        0 => String::new(),
        n => format!(
            r#","auto_dialed_participants":[{}]"#,
            vec![adp; n].join(",")
        ),
    };
    let json = format!(
        r#"{{"conference_display_name":"B{i}","service_preference_id":"{MCU_SERVICE}","aliases":[{}],"host_quality":"{MCU_QUALITY}","guest_quality":"{MCU_QUALITY}"{adps},"conference_name":"B{i}{}","version_id":"v{i}"}}"#,
        aliases.join(","),
        100_000 + i % 900_000,
    );
    baton_appliance::store::Write::PutBundle(format!("b{i}"), json.into_bytes())
}

/// Appendix A, Provisioning API Limits: "Auto-dialed participants: 10 per
/// ConfBundle, 100,000 in total" — at the real number: 10,000 ConfBundles
/// of 10 auto-dialed participants each (written to the store in one
/// transaction, loaded at start, counted as they load), then over the
/// wire: one more auto-dialed participant anywhere is error 40 (507) and
/// leaves no trace; a ConfBundle without any, or a replacement that keeps
/// the total, is accepted; disabled ones count (they are provisioned).
#[tokio::test]
async fn appendix_a_auto_dialed_participants_100000_in_total_is_error_40() {
    let store = Store::in_memory().unwrap();
    let writes: Vec<_> = (0..10_000).map(|i| stored(i, 1, 10)).collect();
    store.apply(&writes).unwrap();
    let d = device_with(ApplianceConfig::default(), store);
    assert_eq!(d.appliance.confbundle_count(), 10_000);
    let with = |display: &str, alias: &str, adps: Vec<serde_json::Value>| {
        let mut b = bundle(display, &[alias]);
        b["auto_dialed_participants"] = json!(adps);
        b
    };
    // The 100,001st.
    let (s, body) = d
        .rest(
            "PUT",
            "/api/4.0/confbundles/one",
            Some(with("One", "one@x", vec![adp()])),
        )
        .await;
    assert_eq!(
        (s, body["error_code"].as_str()),
        (507, Some("40")),
        "{body}"
    );
    assert_eq!(d.rest("GET", "/api/4.0/confbundles/one", None).await.0, 404);
    assert_eq!(d.appliance.lookup_alias("one@x"), None);
    let mut disabled = adp();
    disabled["enabled_state"] = json!(false);
    let (s, body) = d
        .rest(
            "PUT",
            "/api/4.0/confbundles/one",
            Some(with("One", "one@x", vec![disabled])),
        )
        .await;
    assert_eq!(
        (s, body["error_code"].as_str()),
        (507, Some("40")),
        "{body}"
    );
    // A replacement with one more.
    let (s, body) = d
        .rest(
            "PUT",
            "/api/4.0/confbundles/b0",
            Some(with("B0", "b0@x", vec![adp(); 10])),
        )
        .await;
    assert_eq!(s, 200, "{body}");
    // Without auto-dialed participants: accepted.
    let (s, _) = d
        .rest(
            "PUT",
            "/api/4.0/confbundles/plain",
            Some(bundle("Plain", &["plain@x"])),
        )
        .await;
    assert_eq!(s, 201);
    // Freeing one (b1: 9) makes room for exactly one.
    let (s, _) = d
        .rest(
            "PUT",
            "/api/4.0/confbundles/b1",
            Some(with("B1", "b1@x", vec![adp(); 9])),
        )
        .await;
    assert_eq!(s, 200);
    let (s, _) = d
        .rest(
            "PUT",
            "/api/4.0/confbundles/one",
            Some(with("One", "one@x", vec![adp()])),
        )
        .await;
    assert_eq!(s, 201);
    let (s, body) = d
        .rest(
            "PUT",
            "/api/4.0/confbundles/plain",
            Some(with("Plain", "plain@x", vec![adp()])),
        )
        .await;
    assert_eq!(
        (s, body["error_code"].as_str()),
        (507, Some("40")),
        "{body}"
    );
    // Deleting a ConfBundle frees its auto-dialed participants.
    assert_eq!(
        d.rest("DELETE", "/api/4.0/confbundles/b2", None).await.0,
        200
    );
    let (s, _) = d
        .rest(
            "PUT",
            "/api/4.0/confbundles/plain",
            Some(with("Plain", "plain@x", vec![adp(); 10])),
        )
        .await;
    assert_eq!(s, 200);
}

/// The records of an external API table (one peer).
async fn external(d: &Device, table: &str) -> Vec<serde_json::Value> {
    let (s, body) = d.rest("GET", &format!("/api/external/{table}"), None).await;
    assert_eq!(s, 200, "{body}");
    body[0]["records"].as_array().unwrap().clone()
}

fn record<'a>(records: &'a [serde_json::Value], uuid: &str) -> &'a serde_json::Value {
    records
        .iter()
        .find(|r| r["uuid"] == uuid)
        .unwrap_or_else(|| panic!("no record {uuid}: {records:?}"))
}

/// External REST API, status/conferencefactory/mcucallsignallingloadstatus
/// and mculicenceloadstatus: the load of the conference bridge pools
/// ("the sum of the capacities of all the conference bridges in the
/// marked pool(s)", Scheduling via Cisco TMS), one record per Service
/// Preference's pool (the uuid of its configuration/conferencefactory/pools
/// record): the capacity its configuration gives (`pool_capacity`: ports
/// for a TelePresence MCU, signalling and licences for a TelePresence
/// Server, "For TelePresence MCUs there is only one dimension, namely
/// ports") and the load of the conferences running on it (the
/// ParticipantCost of each participant's screens plus each conference's
/// per-conference cost), not the Appendix A totals (2,400 calls, 1,000
/// conferences).
#[tokio::test]
async fn external_load_tables_report_the_configured_pool_capacity_and_its_load() {
    let d = device();
    let signalling = "status/conferencefactory/mcucallsignallingloadstatus";
    let licence = "status/conferencefactory/mculicenceloadstatus";
    let pools = external(&d, "configuration/conferencefactory/pools").await;
    let sig = external(&d, signalling).await;
    let lic = external(&d, licence).await;
    for table in [&sig, &lic] {
        let mut uuids: Vec<_> = table.iter().map(|r| r["uuid"].clone()).collect();
        let mut pool_uuids: Vec<_> = pools.iter().map(|r| r["uuid"].clone()).collect();
        uuids.sort_by_key(|v| v.to_string());
        pool_uuids.sort_by_key(|v| v.to_string());
        assert_eq!(uuids, pool_uuids);
    }
    let (mcu, ts) = ("pool-123456", "pool-13579");
    assert_eq!(record(&sig, mcu)["dimension"], "ports");
    assert_eq!(record(&sig, mcu)["capacity"], 80);
    assert_eq!(record(&sig, ts)["dimension"], "signalling");
    assert_eq!(record(&sig, ts)["capacity"], 200);
    assert_eq!(record(&lic, mcu)["dimension"], "ports");
    assert_eq!(record(&lic, mcu)["capacity"], 80);
    assert_eq!(record(&lic, ts)["dimension"], "licenses");
    assert_eq!(record(&lic, ts)["capacity"], 30720);
    for r in sig.iter().chain(lic.iter()) {
        assert_eq!(
            (&r["in_use"], &r["conferences"]),
            (&json!(0), &json!(0)),
            "{r}"
        );
    }
    // A TelePresence Server conference (a ConfBundle of its Service
    // Preference) with one single-screen and one 3-screen participant, and
    // an ad hoc conference (the default, MCU, Service Preference) with two.
    let ts_bundle = json!({
        "conference_display_name": "TS",
        "service_preference_id": TS_SERVICE,
        "aliases": [{"role": "host", "exact_match": "ts@x"}],
        "host_quality": TS_VIDEO,
        "guest_quality": TS_VIDEO,
    });
    assert_eq!(
        d.rest("PUT", "/api/4.0/confbundles/ts", Some(ts_bundle))
            .await
            .0,
        201
    );
    let r = d
        .call(
            "factory.conferencecreate",
            json!({"conferenceAlias": "ts@x"}),
        )
        .await
        .unwrap();
    let ts_name = r["conferenceName"].as_str().unwrap().to_owned();
    for (name, screens) in [("one", 1), ("three", 3)] {
        d.call(
            "participant.add",
            json!({"conferenceName": ts_name, "participantName": name, "address": "e@x", "factoryNumScreens": screens}),
        )
        .await
        .unwrap();
    }
    d.call(
        "factory.conferencecreate",
        json!({"conferenceAlias": "adhoc@x"}),
    )
    .await
    .unwrap();
    for name in ["a", "b"] {
        d.call(
            "participant.add",
            json!({"conferenceName": "adhoc@x", "participantName": name, "address": "e@x"}),
        )
        .await
        .unwrap();
    }
    let sig = external(&d, signalling).await;
    let lic = external(&d, licence).await;
    let ts_sig = record(&sig, ts);
    assert_eq!(
        (&ts_sig["calls"], &ts_sig["in_use"], &ts_sig["conferences"]),
        (&json!(2), &json!(2), &json!(1)),
        "{ts_sig}"
    );
    // 1 screen 3840 + 3 screens 7560 (the default cost template, the
    // spec's worked example).
    assert_eq!(record(&lic, ts)["in_use"], 3840 + 7560);
    let mcu_sig = record(&sig, mcu);
    assert_eq!(
        (
            &mcu_sig["calls"],
            &mcu_sig["in_use"],
            &mcu_sig["conferences"]
        ),
        (&json!(2), &json!(2), &json!(1)),
        "{mcu_sig}"
    );
    assert_eq!(record(&lic, mcu)["in_use"], 2);
}

/// Other REST APIs: /api/4.0/multipartylicense is "summary information
/// about the number of licenses that have been added as an option key to
/// the TelePresence Conductor": the licences installed (the device's
/// configured option keys), by type, whatever is in use; the licences in
/// use by owners stay reported beside them.
#[tokio::test]
async fn multipartylicense_reports_the_licenses_added_as_option_keys() {
    let config = ApplianceConfig {
        option_keys: baton_appliance::OptionKeys {
            pmp_licenses: 25,
            smp_licenses: 40,
        },
        ..ApplianceConfig::default()
    };
    let d = device_with(config, Store::in_memory().unwrap());
    let (s, lic) = d.rest("GET", "/api/4.0/multipartylicense", None).await;
    assert_eq!(s, 200);
    assert_eq!(
        (&lic["pmp_licenses"], &lic["smp_licenses"]),
        (&json!(25), &json!(40)),
        "{lic}"
    );
    assert_eq!(
        (&lic["pmp_in_use"], &lic["smp_in_use"]),
        (&json!(0), &json!(0))
    );
    let owners =
        json!({"owners": [{"owner_id": "o1", "multi_party_license": "PMP"}], "generation": "g"});
    assert_eq!(d.rest("PUT", "/api/4.0/owners", Some(owners)).await.0, 200);
    let (_, lic) = d.rest("GET", "/api/4.0/multipartylicense", None).await;
    assert_eq!(
        (
            &lic["pmp_licenses"],
            &lic["smp_licenses"],
            &lic["pmp_in_use"]
        ),
        (&json!(25), &json!(40), &json!(1)),
        "{lic}"
    );
}

/// Appendix A, Provisioning API Limits, at the real numbers: "Conference
/// bundles 100,000" and "Direct match aliases 10 per ConfBundle, 200,000
/// in total": 100,000 stored ConfBundles of 2 aliases each (loaded at
/// start), then over the wire: another ConfBundle is error 40, one more
/// alias anywhere is error 40, both leaving no trace; a replacement within
/// the totals is accepted, and a DELETE makes room.
#[tokio::test]
async fn appendix_a_limits_100000_confbundles_and_200000_direct_match_aliases_are_error_40() {
    let store = Store::in_memory().unwrap();
    let writes: Vec<_> = (0..100_000).map(|i| stored(i, 2, 0)).collect();
    store.apply(&writes).unwrap();
    drop(writes);
    let d = device_with(ApplianceConfig::default(), store);
    assert_eq!(d.appliance.confbundle_count(), 100_000);
    // The 100,001st ConfBundle.
    let (s, body) = d
        .rest(
            "PUT",
            "/api/4.0/confbundles/new",
            Some(bundle("New", &["new@x"])),
        )
        .await;
    assert_eq!(
        (s, body["error_code"].as_str()),
        (507, Some("40")),
        "{body}"
    );
    assert_eq!(d.rest("GET", "/api/4.0/confbundles/new", None).await.0, 404);
    assert_eq!(d.appliance.lookup_alias("new@x"), None);
    // The 200,001st alias (a replacement with 3).
    let (s, body) = d
        .rest(
            "PUT",
            "/api/4.0/confbundles/b7",
            Some(bundle("B7", &["b7@x", "c7@x", "d7@x"])),
        )
        .await;
    assert_eq!(
        (s, body["error_code"].as_str()),
        (507, Some("40")),
        "{body}"
    );
    assert_eq!(d.appliance.lookup_alias("d7@x"), None);
    assert_eq!(d.appliance.lookup_alias("c7@x").as_deref(), Some("b7"));
    // Within the totals.
    let (s, _) = d
        .rest(
            "PUT",
            "/api/4.0/confbundles/b7",
            Some(bundle("B7", &["b7@x", "e7@x"])),
        )
        .await;
    assert_eq!(s, 200);
    assert_eq!(
        d.rest("DELETE", "/api/4.0/confbundles/b8", None).await.0,
        200
    );
    let (s, _) = d
        .rest(
            "PUT",
            "/api/4.0/confbundles/new",
            Some(bundle("New", &["new@x", "new2@x"])),
        )
        .await;
    assert_eq!(s, 201);
}
