//! A device served on 127.0.0.1 (its real router behind `axum::serve`),
//! and plain HTTP/1.1 over real sockets to drive it: REST and XML-RPC.
#![allow(dead_code)]

pub use std::net::SocketAddr;

use baton_appliance::{Appliance, ApplianceConfig, Store};
use baton_tokio::{FeedbackConfig, FeedbackDriver, Role, ServerConfig, Users};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

pub const USER: &str = "api";
pub const PASSWORD: &str = "secret";
pub const MCU_SERVICE: &str = "123456";
pub const MCU_QUALITY: &str = "0af69ffc-e3f7-12a0-80a5-000ba977a3fa";

pub struct Served {
    pub addr: SocketAddr,
    pub driver: FeedbackDriver,
    pub device: Appliance,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

impl Served {
    /// Stops serving (every connection closed), then drops the device:
    /// its store is closed when this returns.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
        drop(self.device);
        self.driver.shutdown().await;
    }
}

pub async fn serve() -> Served {
    serve_store(Store::in_memory().unwrap()).await
}

/// The device over `store`, served on a free port.
pub async fn serve_store(store: Store) -> Served {
    let driver = FeedbackDriver::spawn(FeedbackConfig::default()).unwrap();
    let device = Appliance::new(ApplianceConfig::default(), store, driver.handle()).unwrap();
    let router = device.router(
        Users::new().with(USER, PASSWORD, Role::Admin),
        ServerConfig::default(),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        let _ = axum::serve(listener, router)
            .with_graceful_shutdown(async move {
                let _ = stopped.await;
            })
            .await;
    });
    Served {
        addr,
        driver,
        device,
        stop,
        task,
    }
}

/// One HTTP/1.1 exchange on its own connection: status and body.
pub async fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    ctype: &str,
    body: &[u8],
) -> (u16, Vec<u8>) {
    use base64::Engine;
    let auth = base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{PASSWORD}"));
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Basic {auth}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).await.unwrap();
    s.write_all(body).await.unwrap();
    let mut out = Vec::new();
    tokio::time::timeout(std::time::Duration::from_secs(20), s.read_to_end(&mut out))
        .await
        .expect("the device answers")
        .unwrap();
    let text = String::from_utf8_lossy(&out);
    let status: u16 = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line: {text:?}"));
    let at = out
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(out.len(), |p| p + 4);
    (status, out[at..].to_vec())
}

pub async fn rest(addr: SocketAddr, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let (status, bytes) = http(addr, method, path, "application/json", body.as_bytes()).await;
    let value = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
    };
    (status, value)
}

/// An XML-RPC call whose one struct param has the credentials and
/// `members` (already XML: `<member>...</member>`): the reply as JSON, or
/// the fault's code and string.
pub async fn rpc(addr: SocketAddr, method: &str, members: &str) -> Result<Value, (i32, String)> {
    let body = format!(
        "<?xml version=\"1.0\"?><methodCall><methodName>{method}</methodName><params><param><value><struct>\
         <member><name>authenticationUser</name><value><string>{USER}</string></value></member>\
         <member><name>authenticationPassword</name><value><string>{PASSWORD}</string></value></member>\
         {members}</struct></value></param></params></methodCall>"
    );
    let (status, bytes) = http(addr, "POST", "/RPC2", "text/xml", body.as_bytes()).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    let mut scratch = vec![0u8; bytes.len()];
    match baton_xmlrpc::decode_response_from_slice::<baton_xmlrpc::owned::Value>(
        &bytes,
        &mut scratch,
    )
    .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&bytes)))
    {
        baton_xmlrpc::Response::Value(v) => Ok(serde_json::to_value(&v).unwrap()),
        baton_xmlrpc::Response::Fault(f) => Err((f.code, f.string.to_string())),
    }
}

pub fn string_member(name: &str, value: &str) -> String {
    format!("<member><name>{name}</name><value><string>{value}</string></value></member>")
}

pub fn base64_member(name: &str, value: &[u8]) -> String {
    use base64::Engine;
    let b = base64::engine::general_purpose::STANDARD.encode(value);
    format!("<member><name>{name}</name><value><base64>{b}</base64></value></member>")
}

pub fn bundle(display: &str, alias: &str) -> Value {
    json!({
        "conference_display_name": display,
        "service_preference_id": MCU_SERVICE,
        "aliases": [{"role": "host", "exact_match": alias}],
        "host_quality": MCU_QUALITY,
        "guest_quality": MCU_QUALITY,
    })
}
