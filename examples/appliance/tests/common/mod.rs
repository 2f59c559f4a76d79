//! A device on an in-memory store, driven through its real router
//! (`tower::ServiceExt::oneshot`): XML-RPC calls and REST requests.
#![allow(dead_code)]

use axum::body::Body;
use axum::Router;
use baton_appliance::{Appliance, ApplianceConfig, Store};
use baton_tokio::{FeedbackConfig, FeedbackDriver, Role, ServerConfig, Users};
use baton_xmlrpc::owned::Value as X;
use http::Request;
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

pub const USER: &str = "api";
pub const PASSWORD: &str = "secret";

/// An MCU Service Preference and its video quality (the spec's catalog example).
pub const MCU_SERVICE: &str = "123456";
pub const MCU_QUALITY: &str = "0af69ffc-e3f7-12a0-80a5-000ba977a3fa";
/// The TelePresence Server Service Preference and qualities.
pub const TS_SERVICE: &str = "13579";
pub const TS_VIDEO: &str = "4dd69ffc-f2f7-11e0-8fa5-000c3907bedd";

pub struct Device {
    pub appliance: Appliance,
    pub router: Router,
    pub driver: FeedbackDriver,
}

pub fn device_with(config: ApplianceConfig, store: Store) -> Device {
    let driver = FeedbackDriver::spawn(FeedbackConfig::default()).unwrap();
    let appliance = Appliance::new(config, store, driver.handle()).unwrap();
    let router = appliance.router(
        Users::new().with(USER, PASSWORD, Role::Admin),
        ServerConfig::default(),
    );
    Device {
        appliance,
        router,
        driver,
    }
}

pub fn device() -> Device {
    device_with(ApplianceConfig::default(), Store::in_memory().unwrap())
}

/// JSON to an XML-RPC value (integers as `<int>`).
pub fn x(v: &Value) -> X {
    match v {
        Value::Null => X::Nil,
        Value::Bool(b) => X::Boolean(*b),
        Value::Number(n) => X::Int(n.as_i64().unwrap() as i32),
        Value::String(s) => X::String(s.clone()),
        Value::Array(a) => X::Array(a.iter().map(x).collect()),
        Value::Object(m) => X::Struct(m.iter().map(|(k, v)| (k.clone(), x(v))).collect()),
    }
}

impl Device {
    /// Calls `method` with one struct param (credentials added): the
    /// reply as JSON, or the fault's code and string.
    pub async fn call(&self, method: &str, params: Value) -> Result<Value, (i32, String)> {
        let mut p = params;
        p["authenticationUser"] = json!(USER);
        p["authenticationPassword"] = json!(PASSWORD);
        let body = baton_xmlrpc::encode::call(Vec::new(), method, &(x(&p),)).unwrap();
        self.post_rpc(body).await
    }

    /// POSTs raw request bytes to /RPC2: the reply value (as JSON) or the
    /// fault's code and string.
    pub async fn post_rpc(&self, body: Vec<u8>) -> Result<Value, (i32, String)> {
        let req = Request::post("/RPC2")
            .header("content-type", "text/xml")
            .body(Body::from(body))
            .unwrap();
        let resp = self.router.clone().oneshot(req).await.unwrap();
        assert_eq!(resp.status(), 200);
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        let mut scratch = vec![0u8; bytes.len()];
        match baton_xmlrpc::decode_response_from_slice::<X>(&bytes, &mut scratch).unwrap() {
            baton_xmlrpc::Response::Value(v) => Ok(serde_json::to_value(&v).unwrap()),
            baton_xmlrpc::Response::Fault(f) => Err((f.code, f.string.to_string())),
        }
    }

    /// A REST request: status and JSON body (`Null` when empty, a
    /// string when not JSON).
    pub async fn rest(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        use base64::Engine;
        let auth = base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{PASSWORD}"));
        let req = Request::builder()
            .method(method)
            .uri(path)
            .header("authorization", format!("Basic {auth}"))
            .header("content-type", "application/json")
            .body(match body {
                Some(b) => Body::from(b.to_string()),
                None => Body::empty(),
            })
            .unwrap();
        let resp = self.router.clone().oneshot(req).await.unwrap();
        let status = resp.status().as_u16();
        let bytes = resp.into_body().collect().await.unwrap().to_bytes();
        let value = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
        };
        (status, value)
    }
}

/// A valid MCU ConfBundle with these aliases (`host` role).
pub fn bundle(display: &str, aliases: &[&str]) -> Value {
    json!({
        "conference_display_name": display,
        "service_preference_id": MCU_SERVICE,
        "aliases": aliases.iter().map(|a| json!({"role": "host", "exact_match": a})).collect::<Vec<_>>(),
        "host_quality": MCU_QUALITY,
        "guest_quality": MCU_QUALITY,
    })
}
