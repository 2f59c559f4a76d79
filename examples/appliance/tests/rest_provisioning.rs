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
    assert_eq!(lic, json!({"pmp_in_use": 1, "smp_in_use": 2}));
    // DELETE /api/4.0/<generation>: o2 goes (g1, no bundle); o1 has a bundle; o3 is g2.
    assert_eq!(d.rest("DELETE", "/api/4.0/g2", None).await.0, 200);
    let (_, lic) = d.rest("GET", "/api/4.0/multipartylicense", None).await;
    assert_eq!(lic, json!({"pmp_in_use": 1, "smp_in_use": 1}));
    // DELETE /api/4.0/owners: every owner without a bundle (o3).
    assert_eq!(d.rest("DELETE", "/api/4.0/owners", None).await.0, 200);
    let (_, lic) = d.rest("GET", "/api/4.0/multipartylicense", None).await;
    assert_eq!(lic, json!({"pmp_in_use": 1, "smp_in_use": 0}));
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
