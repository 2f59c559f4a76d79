//! The REST APIs against the device over real HTTP (a TCP listener and
//! raw HTTP/1.1 requests), one test per spec rule: capacity answers from
//! the right catalog entry, the error codes of "List of all Error
//! Messages", every URL the spec names, content negotiation.

mod common;

use std::path::PathBuf;

use baton_appliance::{ApplianceConfig, Store};
use baton_rest::{from_slice_in_place, BridgeType, ServiceParams};
use baton_tokio::{Listener, Role, ServerConfig, Users};
use baton_validate::capacity::{conference_cost, factory_resource_limits, EndpointMix};
use common::*;
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A device served on a loopback TCP port.
struct Wire {
    addr: std::net::SocketAddr,
    device: Device,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

/// One HTTP answer.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

async fn serve_device(device: Device) -> Wire {
    let tcp = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = tcp.local_addr().unwrap();
    let router = device.appliance.router(
        Users::new().with(USER, PASSWORD, Role::Admin),
        ServerConfig::default(),
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        baton_tokio::serve(
            Listener::http(tcp),
            router,
            &ServerConfig::default(),
            async move {
                let _ = stopped.await;
            },
        )
        .await
    });
    Wire {
        addr,
        device,
        stop: Some(stop),
        server: Some(server),
    }
}

impl Wire {
    async fn new() -> Wire {
        serve_device(device()).await
    }

    /// Sends one request (`Connection: close`) and reads the answer.
    async fn send(
        &self,
        method: &str,
        target: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> Answer {
        use base64::Engine;
        let auth = base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{PASSWORD}"));
        let mut req = format!(
            "{method} {target} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nAuthorization: Basic {auth}\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        for (k, v) in headers {
            req.push_str(&format!("{k}: {v}\r\n"));
        }
        req.push_str("\r\n");
        let mut s = tokio::net::TcpStream::connect(self.addr).await.unwrap();
        s.write_all(req.as_bytes()).await.unwrap();
        s.write_all(body).await.unwrap();
        let mut raw = Vec::new();
        tokio::time::timeout(std::time::Duration::from_secs(10), s.read_to_end(&mut raw))
            .await
            .expect("answer within 10 s")
            .unwrap();
        let split = raw
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a complete head");
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let mut lines = head.split("\r\n");
        let status = lines
            .next()
            .unwrap()
            .split(' ')
            .nth(1)
            .unwrap()
            .parse()
            .unwrap();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
            .collect();
        Answer {
            status,
            headers,
            body: raw[split + 4..].to_vec(),
        }
    }

    async fn get(&self, target: &str) -> Answer {
        self.send("GET", target, &[], b"").await
    }

    async fn put(&self, target: &str, body: &Value) -> Answer {
        self.send(
            "PUT",
            target,
            &[("Content-Type", "application/json")],
            body.to_string().as_bytes(),
        )
        .await
    }

    async fn shutdown(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.server.take() {
            let _ = t.await;
        }
        self.device.driver.shutdown().await;
    }
}

fn ts_bundle(display: &str, aliases: &[&str]) -> Value {
    let mut b = bundle(display, aliases);
    b["service_preference_id"] = json!(TS_SERVICE);
    b["host_quality"] = json!(TS_VIDEO);
    b["guest_quality"] = json!(TS_VIDEO);
    b
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("baton-rest-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

// ---- Capacity Management API: the alias's own catalog entry ----

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn servicecost_follows_alias_confbundle_service_preference() {
    let w = Wire::new().await;
    let mut ts = ts_bundle("Screens", &["multi@example.com"]);
    ts["allow_multiscreen"] = json!(true);
    ts["max_num_of_screens"] = json!(3);
    ts["max_participants"] = json!(12);
    assert_eq!(w.put("/api/4.0/confbundles/ts", &ts).await.status, 201);
    assert_eq!(
        w.put(
            "/api/4.0/confbundles/mcu",
            &bundle("Ports", &["ports@example.com"])
        )
        .await
        .status,
        201
    );
    let a = w.get("/api/4.0/servicecost/multi@example.com").await;
    assert_eq!(a.status, 200);
    assert_eq!(a.header("content-type"), Some("application/json"));
    let v = a.json();
    assert_eq!(v["id"], TS_SERVICE);
    assert_eq!(v["display_name"], "HD TSs");
    assert_eq!(
        v["description"],
        "Service Preference for HD TelePresence Servers"
    );
    assert_eq!(v["alias"], "multi@example.com");
    assert_eq!(v["bridge_type"], "tsmcu");
    assert_eq!(
        v["bridge_capabilities"],
        json!(["cascading", "multiscreen", "centralized_licensing"])
    );
    assert_eq!(v["max_screens"], 3);
    assert_eq!(v["max_participants_per_conference_template"], 12);
    assert_eq!(v["participant_cost"].as_array().unwrap().len(), 4);
    // The dial string may come in any case.
    let v2 = w.get("/api/4.0/servicecost/MULTI@example.com").await.json();
    assert_eq!(v2["bridge_type"], "tsmcu");

    let v = w.get("/api/4.0/servicecost/ports@example.com").await.json();
    assert_eq!(v["id"], MCU_SERVICE);
    assert_eq!(v["bridge_type"], "mcu");
    assert_eq!(v["bridge_capabilities"], json!(["cascading"]));
    // "always 1 for conference bridges that do not support multiscreen".
    assert_eq!(v["max_screens"], 1);
    // "0 means that there is no limit set".
    assert_eq!(v["max_participants_per_conference_template"], 0);
    assert_eq!(
        v["participant_cost"],
        json!([{"num_screens": 1, "resources": [{"dimension": "ports", "value": 1}]}])
    );
    // Every member of the ServiceParams table, with its type.
    for key in ["id", "display_name", "description", "alias", "bridge_type"] {
        assert!(v[key].is_string(), "{key}: {v}");
    }
    for key in [
        "max_screens",
        "max_participants_per_conference_min",
        "max_participants_per_conference_max",
        "max_participants_per_conference_template",
    ] {
        assert!(v[key].is_i64(), "{key}: {v}");
    }
    for key in [
        "bridge_capabilities",
        "pool_capacity",
        "conference_cost",
        "participant_cost",
    ] {
        assert!(v[key].is_array(), "{key}: {v}");
    }
    w.shutdown().await;
}

/// The factoryResourceLimits a client works out from a servicecost answer.
fn limits_for(answer: &Value, mix: EndpointMix) -> Value {
    let mut text = answer.to_string().into_bytes();
    let p: ServiceParams = from_slice_in_place(&mut text).unwrap();
    let totals = conference_cost(&p, &mix).unwrap();
    let bridge = BridgeType::from_name(p.bridge_type.unwrap()).unwrap();
    serde_json::to_value(factory_resource_limits(&totals, bridge).unwrap()).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn servicecost_answers_the_worked_examples_of_the_appendix() {
    let w = Wire::new().await;
    let mut content_ts = ts_bundle("TS", &["ts@example.com"]);
    content_ts["allow_content"] = json!(true);
    content_ts["content_quality"] = json!("4ab69faa-f2f7-11e0-8fa5-000c3907bedd");
    assert_eq!(
        w.put("/api/4.0/confbundles/ts", &content_ts).await.status,
        201
    );
    assert_eq!(
        w.put(
            "/api/4.0/confbundles/plain",
            &bundle("Plain", &["plain@example.com"])
        )
        .await
        .status,
        201
    );

    // Conference hosted on a TelePresence Server.
    let ts = w.get("/api/4.0/servicecost/ts@example.com").await.json();
    assert_eq!(
        ts["pool_capacity"],
        json!([{"dimension": "signalling", "value": 200}, {"dimension": "media", "value": 30720}, {"dimension": "licenses", "value": 30720}])
    );
    assert_eq!(ts["max_participants_per_conference_max"], 104);
    assert_eq!(
        ts["conference_cost"],
        json!([{"dimension": "signalling", "value": 0}, {"dimension": "media", "value": 0}, {"dimension": "licenses", "value": 0}])
    );
    let single = EndpointMix::new().with(1, 4).unwrap();
    let tip = EndpointMix::new().with_tip_three_screen(2).unwrap();
    let both = EndpointMix::new()
        .with(1, 4)
        .unwrap()
        .with_tip_three_screen(2)
        .unwrap();
    assert_eq!(
        limits_for(&ts, single),
        json!({"signalling": 4, "media": 12288, "licences": 15360})
    );
    assert_eq!(
        limits_for(&ts, tip),
        json!({"signalling": 2, "media": 17664, "licences": 20160})
    );
    assert_eq!(
        limits_for(&ts, both),
        json!({"signalling": 6, "media": 29952, "licences": 35520})
    );

    // Conference that does not support content hosted on a TelePresence MCU.
    let plain = w.get("/api/4.0/servicecost/plain@example.com").await.json();
    assert_eq!(
        plain["pool_capacity"],
        json!([{"dimension": "ports", "value": 80}])
    );
    assert_eq!(plain["max_participants_per_conference_max"], 80);
    assert_eq!(
        plain["conference_cost"],
        json!([{"dimension": "ports", "value": 0}])
    );
    assert_eq!(limits_for(&plain, single), json!({"ports": 4}));
    w.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn servicecost_per_conference_cost_applies_to_a_conference_that_supports_content() {
    // "Conference that supports content hosted on a TelePresence MCU": a
    // catalog whose MCU quality group has a content quality.
    let mut catalog: Value =
        serde_json::from_str(baton_appliance::config::DEFAULT_CATALOG_JSON).unwrap();
    catalog["qualities"][1]["quality_group"]
        .as_array_mut()
        .unwrap()
        .push(json!({"quality_id": "mcu-content", "display_name": "MCU content", "quality_type": "content", "display_order": 2}));
    let catalog = catalog.to_string();
    let config = ApplianceConfig {
        catalog_json: catalog,
        ..ApplianceConfig::default()
    };
    let w = serve_device(device_with(config, Store::in_memory().unwrap())).await;
    let mut b = bundle("Content", &["content@example.com"]);
    b["allow_content"] = json!(true);
    b["content_quality"] = json!("mcu-content");
    assert_eq!(w.put("/api/4.0/confbundles/c", &b).await.status, 201);
    let v = w
        .get("/api/4.0/servicecost/content@example.com")
        .await
        .json();
    assert_eq!(
        v["conference_cost"],
        json!([{"dimension": "ports", "value": 1}])
    );
    let single = EndpointMix::new().with(1, 4).unwrap();
    assert_eq!(limits_for(&v, single), json!({"ports": 5}));
    w.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn servicecost_answers_the_spec_json_example() {
    // The spec's example: Service Preference SP_1_North_America, its
    // template, a ConfBundle with max_participants 4 and content.
    let example: Value =
        serde_json::from_str(include_str!("../data/servicecost_example.json")).unwrap();
    let example = example[0].clone();
    let catalog = json!({
        "serviceinfo": [{
            "service_id": "58e26522-da56-11e2-b4f8-0010f31595fc",
            "display_name": "SP_1_North_America",
            "description": "Prefer MCUs in the USA.",
            "bridge_type": "mcu",
            "qualities": "qualgroup_mcu",
            "bridge_capabilities": ["cascading"]
        }],
        "qualities": [{"quality_group_name": "qualgroup_mcu", "quality_group": [
            {"quality_id": "v", "display_name": "video", "quality_type": "video", "display_order": 1},
            {"quality_id": "c", "display_name": "content", "quality_type": "content", "display_order": 2}
        ]}]
    });
    let config = ApplianceConfig {
        catalog_json: catalog.to_string(),
        service_costs_json: include_str!("../data/servicecost_example.json").to_owned(),
        ..ApplianceConfig::default()
    };
    let w = serve_device(device_with(config, Store::in_memory().unwrap())).await;
    let b = json!({
        "conference_display_name": "Alice",
        "service_preference_id": "58e26522-da56-11e2-b4f8-0010f31595fc",
        "aliases": [{"role": "host", "exact_match": "meet.alice@cisco.com"}],
        "host_quality": "v", "guest_quality": "v",
        "allow_content": true, "content_quality": "c",
        "max_participants": 4
    });
    assert_eq!(w.put("/api/4.0/confbundles/alice", &b).await.status, 201);
    let a = w.get("/api/4.0/servicecost/meet.alice@cisco.com").await;
    assert_eq!(a.status, 200);
    assert_eq!(a.json(), example);
    w.shutdown().await;
}

// ---- Error codes ----

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_10_servicecost_of_an_alias_no_confbundle_has() {
    let w = Wire::new().await;
    let a = w.get("/api/4.0/servicecost/nobody@example.com").await;
    assert_eq!(a.status, 404);
    let v = a.json();
    assert_eq!(v["error_code"], "10");
    assert_eq!(
        v["message"],
        "An object specified in the request cannot be found by the API."
    );
    assert!(v["details"].is_object());
    w.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_15_servicecost_when_the_service_preference_was_removed() {
    let dir = temp_dir("removed-sp");
    let path = dir.join("baton.redb");
    {
        let w = serve_device(device_with(
            ApplianceConfig::default(),
            Store::open(&path).unwrap(),
        ))
        .await;
        let b = ts_bundle("TS", &["ts@example.com"]);
        assert_eq!(w.put("/api/4.0/confbundles/ts", &b).await.status, 201);
        w.shutdown().await;
    }
    // The device restarts with a catalog without the TelePresence Server
    // Service Preference: the ConfBundle refers to an object removed.
    let mut catalog: Value =
        serde_json::from_str(baton_appliance::config::DEFAULT_CATALOG_JSON).unwrap();
    catalog["serviceinfo"].as_array_mut().unwrap().remove(1);
    let mut costs: Value =
        serde_json::from_str(baton_appliance::config::DEFAULT_SERVICE_COSTS_JSON).unwrap();
    costs.as_array_mut().unwrap().remove(1);
    let config = ApplianceConfig {
        catalog_json: catalog.to_string(),
        service_costs_json: costs.to_string(),
        ..ApplianceConfig::default()
    };
    let w = serve_device(device_with(config, Store::open(&path).unwrap())).await;
    let a = w.get("/api/4.0/servicecost/ts@example.com").await;
    assert_eq!(a.status, 500);
    let v = a.json();
    assert_eq!(v["error_code"], "15");
    assert_eq!(
        v["message"],
        "An object could not be matched internally due to a configuration error."
    );
    w.shutdown().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_15_servicecost_when_the_service_preference_has_no_costs() {
    let mut costs: Value =
        serde_json::from_str(baton_appliance::config::DEFAULT_SERVICE_COSTS_JSON).unwrap();
    costs.as_array_mut().unwrap().remove(1);
    let config = ApplianceConfig {
        service_costs_json: costs.to_string(),
        ..ApplianceConfig::default()
    };
    let w = serve_device(device_with(config, Store::in_memory().unwrap())).await;
    let b = ts_bundle("TS", &["ts@example.com"]);
    assert_eq!(w.put("/api/4.0/confbundles/ts", &b).await.status, 201);
    let a = w.get("/api/4.0/servicecost/ts@example.com").await;
    assert_eq!(
        (a.status, a.json()["error_code"].clone()),
        (500, json!("15"))
    );
    w.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_20_owners_without_owner_id_are_rejected_and_leave_no_trace() {
    let w = Wire::new().await;
    let owners = json!({"owners": [
        {"owner_id": "o1", "multi_party_license": "PMP"},
        {"external_owner_id": "ad-2", "multi_party_license": "PMP"}
    ], "generation": "g"});
    let a = w.put("/api/4.0/owners", &owners).await;
    assert_eq!(a.status, 400);
    let v = a.json();
    assert_eq!(v["error_code"], "20");
    assert!(
        v["details"]["validation_errors"]["owners[1].owner_id"].is_string(),
        "{v}"
    );
    // Nothing of the rejected PUT was kept.
    let lic = w.get("/api/4.0/multipartylicense").await.json();
    assert_eq!(lic["pmp_in_use"], 0, "{lic}");
    w.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_20_reserved_hosts_and_reserved_cascades_must_not_be_negative() {
    let w = Wire::new().await;
    for key in ["reserved_hosts", "reserved_cascades"] {
        let mut b = bundle("R", &["r@example.com"]);
        b[key] = json!(-1);
        let a = w.put("/api/4.0/confbundles/r", &b).await;
        assert_eq!(a.status, 400, "{key}");
        let v = a.json();
        assert_eq!(v["error_code"], "20");
        assert!(v["details"]["validation_errors"][key].is_string(), "{v}");
        assert_eq!(w.get("/api/4.0/confbundles/r").await.status, 404);
    }
    let mut b = bundle("R", &["r@example.com"]);
    b["reserved_hosts"] = json!(0);
    b["reserved_cascades"] = json!(2);
    assert_eq!(w.put("/api/4.0/confbundles/r", &b).await.status, 201);
    w.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_50_json_syntax_error_with_its_position() {
    let w = Wire::new().await;
    let a = w
        .send(
            "PUT",
            "/api/4.0/confbundles/x",
            &[("Content-Type", "application/json")],
            b"{\n\"conference_display_name\": \"x\",\n}",
        )
        .await;
    assert_eq!(a.status, 400);
    let v = a.json();
    assert_eq!(v["error_code"], "50");
    assert_eq!(
        v["message"],
        "A syntactical error in the request prevented further processing."
    );
    assert!(
        v["details"]["info"]
            .as_str()
            .unwrap()
            .starts_with("Expecting property name"),
        "{v}"
    );
    w.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_100_404_and_100_405_bodies_are_the_spec_examples() {
    let w = Wire::new().await;
    let spec_404: Value =
        serde_json::from_str(include_str!("../../../testdata/rest/error_404.json")).unwrap();
    let spec_405: Value =
        serde_json::from_str(include_str!("../../../testdata/rest/error_405.json")).unwrap();
    let a = w.get("/api/4.0/no/such/thing").await;
    assert_eq!((a.status, a.json()), (404, spec_404));
    // ServiceCost "does not include any PUT, POST or DELETE methods".
    for (method, target, allow) in [
        ("PUT", "/api/4.0/servicecost/a@b.com", "GET"),
        ("POST", "/api/4.0/confbundles/x", "GET, PUT, DELETE"),
        ("POST", "/api/4.0/confbundles/", "GET, DELETE"),
        ("DELETE", "/api/4.0/serviceinfo/", "GET"),
        ("PUT", "/api/4.0/qualities/qualgroup_ts", "GET"),
        ("DELETE", "/api/4.0/sipdomain", "GET, PUT"),
        ("GET", "/api/4.0/owners", "PUT, DELETE"),
        ("POST", "/api/external/status/system", "GET"),
    ] {
        let a = w.send(method, target, &[], b"").await;
        assert_eq!(
            (a.status, a.json()),
            (405, spec_405.clone()),
            "{method} {target}"
        );
        assert_eq!(a.header("allow"), Some(allow), "{method} {target}");
    }
    w.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_100_401_without_credentials_has_the_error_body_and_a_challenge() {
    let w = Wire::new().await;
    let mut s = tokio::net::TcpStream::connect(w.addr).await.unwrap();
    s.write_all(b"GET /api/4.0/sipdomain HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).await.unwrap();
    let text = String::from_utf8_lossy(&raw);
    assert!(text.starts_with("HTTP/1.1 401"), "{text}");
    assert!(
        text.to_ascii_lowercase()
            .contains("www-authenticate: basic"),
        "{text}"
    );
    let body: Value = serde_json::from_str(text.split("\r\n\r\n").nth(1).unwrap()).unwrap();
    assert_eq!(body["error_code"], "100:401");
    assert_eq!(
        body["message"],
        "The server could not verify that you are authorized to access the URL requested. You either supplied the wrong credentials (e.g. a bad password), or your browser doesn't understand how to supply the credentials required."
    );
    w.shutdown().await;
}

// ---- Every URL the spec names ----

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_url_of_other_rest_apis_external_api_and_system_information_answers() {
    let w = Wire::new().await;
    let mut urls: Vec<String> = [
        "/status",
        "/systemunit.xml",
        "/api/external/",
        "/api/external/status",
        "/api/external/configuration",
        "/api/4.0/multipartylicense",
        "/api/4.0/serviceinfo/",
        "/api/4.0/qualities/",
        "/api/4.0/confbundles/",
        "/api/4.0/sipdomain",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for t in baton_appliance::EXTERNAL_TABLES {
        urls.push(format!("/api/external/{t}"));
        urls.push(format!("/api/external/{t}/"));
    }
    urls.push("/api/external/status/networkinterface?peer=local".into());
    for u in &urls {
        let a = w.get(u).await;
        assert_eq!(a.status, 200, "{u}: {}", a.text());
    }
    // The summary lists the tables, as records of the result envelope.
    let root = w.get("/api/external/").await.json();
    assert_eq!(root[0]["peer"], "127.0.0.1");
    let n = baton_appliance::EXTERNAL_TABLES.len();
    assert_eq!(root[0]["num_recs"], n);
    let status = w.get("/api/external/status").await.json();
    let recs = status[0]["records"].as_array().unwrap();
    assert!(!recs.is_empty());
    assert!(recs
        .iter()
        .all(|r| r["uuid"].as_str().unwrap().starts_with("status/")));
    let sys = w.get("/systemunit.xml").await;
    assert!(sys.header("content-type").unwrap().contains("xml"));
    w.shutdown().await;
}

/// mcuinfo / mcuaddress / mcustatus: "information about TelePresence MCU
/// and TelePresence Server systems known to TelePresence Conductor": the
/// conference bridges of the configured pools (one per Service
/// Preference's pool, of its type), not one made-up bridge; each names its
/// pool (the `configuration/conferencefactory/pools` uuid), and the three
/// tables agree on the uuids.
#[tokio::test]
async fn mcuinfo_mcuaddress_and_mcustatus_list_the_bridges_of_the_configured_pools() {
    let d = device();
    let records = |v: Value| v[0]["records"].as_array().unwrap().clone();
    let (_, pools) = d
        .rest(
            "GET",
            "/api/external/configuration/conferencefactory/pools",
            None,
        )
        .await;
    let pools = records(pools);
    assert_eq!(pools.len(), 2, "{pools:?}");
    let (_, info) = d
        .rest(
            "GET",
            "/api/external/configuration/conferencefactory/mcuinfo",
            None,
        )
        .await;
    let info = records(info);
    assert_eq!(info.len(), pools.len(), "{info:?}");
    for (bridge, pool) in info.iter().zip(&pools) {
        assert_eq!(bridge["pool"], pool["uuid"], "{bridge}");
        assert_eq!(bridge["bridge_type"], pool["bridge_type"], "{bridge}");
    }
    let types: Vec<&str> = info
        .iter()
        .map(|b| b["bridge_type"].as_str().unwrap())
        .collect();
    assert_eq!(types, ["mcu", "tsmcu"]);
    let uuids = |r: &[Value]| r.iter().map(|b| b["uuid"].clone()).collect::<Vec<_>>();
    let (_, address) = d
        .rest(
            "GET",
            "/api/external/configuration/conferencefactory/mcuaddress",
            None,
        )
        .await;
    let (_, status) = d
        .rest(
            "GET",
            "/api/external/status/conferencefactory/mcustatus",
            None,
        )
        .await;
    assert_eq!(uuids(&records(address)), uuids(&info));
    assert_eq!(uuids(&records(status.clone())), uuids(&info));
    assert!(
        records(status.clone())
            .iter()
            .all(|b| b["status"] == "active"),
        "{status}"
    );
}

// ---- Result Format: content negotiation ----

async fn format_of(w: &Wire, target: &str, accept: Option<&str>) -> &'static str {
    let headers: Vec<(&str, &str)> = accept.map(|a| ("Accept", a)).into_iter().collect();
    let a = w.send("GET", target, &headers, b"").await;
    assert_eq!(a.status, 200, "{target} {accept:?}");
    let ct = a.header("content-type").unwrap_or("").to_owned();
    if ct.contains("json") {
        assert!(a.body.starts_with(b"["));
        "json"
    } else if ct.contains("xml") {
        assert!(a.body.starts_with(b"<?xml"));
        "xml"
    } else {
        panic!("content type {ct}")
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn result_format_follows_accept_q_values_and_format_query_wins() {
    let w = Wire::new().await;
    let t = "/api/external/status/system";
    for (accept, want) in [
        (None, "json"),
        (Some("application/xml;q=0.5, application/json"), "json"),
        (Some("application/json;q=0.1, application/xml"), "xml"),
        (Some("application/xml"), "xml"),
        (Some("text/xml"), "xml"),
        (Some("*/*"), "json"),
        (Some("application/*"), "json"),
        (Some("application/xml, */*;q=0.1"), "xml"),
        (Some("application/xml;q=0"), "json"),
        (
            Some("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
            "xml",
        ),
        (
            Some("APPLICATION/XML ; Q=0.9 , application/json ; q=0.8"),
            "xml",
        ),
        (Some("application/json;q=0.5, */*;q=1"), "xml"),
    ] {
        assert_eq!(format_of(&w, t, accept).await, want, "Accept: {accept:?}");
    }
    // format= wins over the Accept header.
    assert_eq!(
        format_of(&w, &format!("{t}?format=xml"), Some("application/json")).await,
        "xml"
    );
    assert_eq!(
        format_of(&w, &format!("{t}?format=json"), Some("application/xml")).await,
        "json"
    );
    w.shutdown().await;
}

/// A disk that fails its writes when told to (this test's own switch): an
/// I/O error other than a full disk (that one is error 40, tests/disk_full.rs).
#[derive(Debug)]
struct FailingDisk {
    inner: redb::backends::InMemoryBackend,
    failing: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl FailingDisk {
    fn check(&self) -> Result<(), std::io::Error> {
        if self.failing.load(std::sync::atomic::Ordering::SeqCst) {
            Err(std::io::Error::other("input/output error"))
        } else {
            Ok(())
        }
    }
}

impl redb::StorageBackend for FailingDisk {
    fn len(&self) -> Result<u64, std::io::Error> {
        self.inner.len()
    }
    fn read(&self, offset: u64, out: &mut [u8]) -> Result<(), std::io::Error> {
        self.inner.read(offset, out)
    }
    fn set_len(&self, len: u64) -> Result<(), std::io::Error> {
        self.check()?;
        self.inner.set_len(len)
    }
    fn sync_data(&self) -> Result<(), std::io::Error> {
        self.check()?;
        self.inner.sync_data()
    }
    fn write(&self, offset: u64, data: &[u8]) -> Result<(), std::io::Error> {
        self.check()?;
        self.inner.write(offset, data)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_60_a_write_the_store_cannot_commit_leaves_no_trace() {
    let full = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let disk = FailingDisk {
        inner: redb::backends::InMemoryBackend::new(),
        failing: full.clone(),
    };
    let store = Store::with_backend(disk).unwrap();
    let w = serve_device(device_with(ApplianceConfig::default(), store)).await;
    assert_eq!(
        w.put(
            "/api/4.0/confbundles/kept",
            &bundle("Kept", &["kept@example.com"])
        )
        .await
        .status,
        201
    );
    full.store(true, std::sync::atomic::Ordering::SeqCst);
    let a = w
        .put(
            "/api/4.0/confbundles/lost",
            &bundle("Lost", &["lost@example.com"]),
        )
        .await;
    assert_eq!(a.status, 500);
    let v = a.json();
    assert_eq!(v["error_code"], "60");
    assert_eq!(v["message"], "An unexpected API error occurred.");
    // The operation that answered an error left no trace.
    assert_eq!(w.get("/api/4.0/confbundles/lost").await.status, 404);
    let list = w.get("/api/4.0/confbundles/").await.json();
    assert_eq!(list.as_object().unwrap().len(), 1, "{list}");
    assert_eq!(w.device.appliance.lookup_alias("lost@example.com"), None);
    // Nor does a failed DELETE remove what is stored.
    let a = w
        .send("DELETE", "/api/4.0/confbundles/kept", &[], b"")
        .await;
    assert_eq!(
        (a.status, a.json()["error_code"].clone()),
        (500, json!("60"))
    );
    assert_eq!(w.get("/api/4.0/confbundles/kept").await.status, 200);
    w.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn confbundle_objects_take_precedence_over_owner_objects() {
    let w = Wire::new().await;
    let owners = json!({"owners": [
        {"owner_id": "o1", "multi_party_license": "PMP"},
        {"owner_id": "o2", "multi_party_license": "PMP"}
    ], "generation": "g"});
    assert_eq!(w.put("/api/4.0/owners", &owners).await.status, 200);
    let lic = w.get("/api/4.0/multipartylicense").await.json();
    assert_eq!(
        (&lic["pmp_in_use"], &lic["smp_in_use"]),
        (&json!(2), &json!(0)),
        "{lic}"
    );
    // o1's CMR is claimed: its ConfBundle says SMP, which wins.
    let mut b = bundle("Claimed", &["claimed@example.com"]);
    b["owner_id"] = json!("o1");
    b["multi_party_license"] = json!("SMP");
    assert_eq!(w.put("/api/4.0/confbundles/c", &b).await.status, 201);
    let lic = w.get("/api/4.0/multipartylicense").await.json();
    assert_eq!(
        (&lic["pmp_in_use"], &lic["smp_in_use"]),
        (&json!(1), &json!(1)),
        "{lic}"
    );
    // A ConfBundle's owner without an owner object counts too.
    let mut b = bundle("Other", &["other@example.com"]);
    b["owner_id"] = json!("o3");
    b["multi_party_license"] = json!("PMP");
    assert_eq!(w.put("/api/4.0/confbundles/d", &b).await.status, 201);
    let lic = w.get("/api/4.0/multipartylicense").await.json();
    assert_eq!(
        (&lic["pmp_in_use"], &lic["smp_in_use"]),
        (&json!(2), &json!(1)),
        "{lic}"
    );
    w.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn layout_not_provided_in_a_put_is_json_null_in_a_get() {
    let w = Wire::new().await;
    assert_eq!(
        w.put("/api/4.0/confbundles/n", &bundle("N", &["n@example.com"]))
            .await
            .status,
        201
    );
    let v = w.get("/api/4.0/confbundles/n").await.json();
    assert!(v.as_object().unwrap().contains_key("layout"), "{v}");
    assert!(v["layout"].is_null());
    assert!(v["conference_name"].is_string());
    assert!(v["version_id"].is_string());
    w.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn systemunit_xml_needs_credentials_only_with_automatic_discovery_protection() {
    async fn get_without_credentials(addr: std::net::SocketAddr, path: &str) -> String {
        let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
        let req = format!("GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        s.write_all(req.as_bytes()).await.unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).await.unwrap();
        String::from_utf8_lossy(&raw).into_owned()
    }
    let w = Wire::new().await;
    let text = get_without_credentials(w.addr, "/systemunit.xml").await;
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    assert!(text.contains("<SystemUnit>"), "{text}");
    // Everything else still needs them.
    let text = get_without_credentials(w.addr, "/status").await;
    assert!(text.starts_with("HTTP/1.1 401"), "{text}");
    w.shutdown().await;

    // With protection on, a username and password are required.
    let d = device();
    let tcp = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = tcp.local_addr().unwrap();
    let config = ServerConfig {
        discovery_protection: true,
        ..ServerConfig::default()
    };
    let router = d.appliance.router(
        Users::new().with(USER, PASSWORD, Role::Admin),
        config.clone(),
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        baton_tokio::serve(Listener::http(tcp), router, &config, async move {
            let _ = stopped.await;
        })
        .await
    });
    let text = get_without_credentials(addr, "/systemunit.xml").await;
    assert!(text.starts_with("HTTP/1.1 401"), "{text}");
    let _ = stop.send(());
    let _ = server.await;
    d.driver.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_20_unrecognized_keys_are_named_in_validation_errors() {
    let w = Wire::new().await;
    let mut b = bundle("X", &["x@example.com"]);
    b["dial_out_participants"] = json!([]);
    b["conference_type"] = json!("meeting");
    let a = w.put("/api/4.0/confbundles/x", &b).await;
    assert_eq!(a.status, 400);
    let v = a.json();
    assert_eq!(v["error_code"], "20");
    assert_eq!(
        v["message"],
        "A validation error in the request prevented further processing."
    );
    let msg = v["details"]["validation_errors"][""].as_str().unwrap();
    assert!(msg.starts_with("Unrecognized keys in mapping"), "{msg}");
    assert!(msg.contains("dial_out_participants") && msg.contains("conference_type"));
    assert_eq!(w.get("/api/4.0/confbundles/x").await.status, 404);
    w.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_30_quality_settings_not_supported_for_the_bridge_type() {
    let w = Wire::new().await;
    // A TelePresence Server quality on the MCU Service Preference.
    let mut b = bundle("X", &["x@example.com"]);
    b["host_quality"] = json!(TS_VIDEO);
    let a = w.put("/api/4.0/confbundles/x", &b).await;
    assert_eq!(a.status, 400);
    let v = a.json();
    assert_eq!(v["error_code"], "30");
    assert_eq!(
        v["message"],
        "A logical error in the request prevented further processing."
    );
    assert!(
        v["details"]["validation_errors"]["host_quality"].is_string(),
        "{v}"
    );
    assert_eq!(w.get("/api/4.0/confbundles/x").await.status, 404);
    w.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_40_the_system_has_reached_a_limit() {
    let config = ApplianceConfig {
        limits: baton_appliance::Limits {
            max_confbundles: 1,
            ..baton_appliance::Limits::default()
        },
        ..ApplianceConfig::default()
    };
    let w = serve_device(device_with(config, Store::in_memory().unwrap())).await;
    assert_eq!(
        w.put("/api/4.0/confbundles/1", &bundle("1", &["1@example.com"]))
            .await
            .status,
        201
    );
    let a = w
        .put("/api/4.0/confbundles/2", &bundle("2", &["2@example.com"]))
        .await;
    assert_eq!(a.status, 507);
    let v = a.json();
    assert_eq!(v["error_code"], "40");
    assert_eq!(
        v["message"],
        "The system has reached a limit, which prevented further processing."
    );
    assert_eq!(w.get("/api/4.0/confbundles/2").await.status, 404);
    w.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_100_408_a_rest_body_not_sent_in_time() {
    let d = device();
    let tcp = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = tcp.local_addr().unwrap();
    let config = ServerConfig {
        body_read_timeout: std::time::Duration::from_millis(200),
        ..ServerConfig::default()
    };
    let router = d.appliance.router(
        Users::new().with(USER, PASSWORD, Role::Admin),
        config.clone(),
    );
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        baton_tokio::serve(Listener::http(tcp), router, &config, async move {
            let _ = stopped.await;
        })
        .await
    });
    use base64::Engine;
    let auth = base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{PASSWORD}"));
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "PUT /api/4.0/confbundles/slow HTTP/1.1\r\nHost: x\r\nAuthorization: Basic {auth}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{"
    );
    s.write_all(head.as_bytes()).await.unwrap();
    // The rest of the body never comes: the server answers when its
    // body-read time is over and closes the connection.
    let mut raw = Vec::new();
    tokio::time::timeout(std::time::Duration::from_secs(10), s.read_to_end(&mut raw))
        .await
        .expect("answered within 10 s")
        .unwrap();
    let text = String::from_utf8_lossy(&raw);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    let body: Value = serde_json::from_str(text.split("\r\n\r\n").nth(1).unwrap()).unwrap();
    assert_eq!(body["error_code"], "100:408");
    assert_eq!(d.appliance.confbundle_count(), 0);
    let _ = stop.send(());
    let _ = server.await;
    d.driver.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn collection_uris_answer_with_and_without_their_trailing_slash() {
    let w = Wire::new().await;
    for u in [
        "/api/4.0/confbundles/",
        "/api/4.0/confbundles",
        "/api/4.0/serviceinfo/",
        "/api/4.0/serviceinfo",
        "/api/4.0/qualities/",
        "/api/4.0/qualities",
        "/api/external/",
        "/api/external",
    ] {
        assert_eq!(w.get(u).await.status, 200, "{u}");
    }
    // Element URIs and the URIs the spec writes without a slash do not
    // take one (the serving framework's rule: 100:404).
    for u in [
        "/api/4.0/sipdomain/",
        "/api/4.0/multipartylicense/",
        "/api/4.0/serviceinfo/13579/",
    ] {
        let a = w.get(u).await;
        assert_eq!(
            (a.status, a.json()["error_code"].clone()),
            (404, json!("100:404")),
            "{u}"
        );
    }
    // HEAD is GET without the body.
    let a = w.send("HEAD", "/status", &[], b"").await;
    assert_eq!(a.status, 200);
    assert!(a.body.is_empty());
    w.shutdown().await;
}
