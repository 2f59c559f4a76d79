//! The service over raw sockets on 127.0.0.1: REST status codes and the
//! spec's error bodies (decoding and validation happen before the
//! handler), XML-RPC `Content-Type`, faults with HTTP 200, and the router
//! mounted under a prefix of an existing app.

mod common;

use std::sync::atomic::Ordering;
use std::sync::Arc;

use baton_tokio::{ClientConfig, ConductorClient, ServerBuilder, ServerConfig};
use common::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// One request (closing the connection); returns (status, headers, body).
async fn exchange(
    addr: std::net::SocketAddr,
    method: &str,
    target: &str,
    auth: bool,
    body: &str,
) -> (u16, String, String) {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let auth = if auth {
        format!(
            "Authorization: {}\r\n",
            baton_tokio::auth::basic_header(USER, PASSWORD)
        )
    } else {
        String::new()
    };
    let req = format!(
        "{method} {target} HTTP/1.1\r\nHost: t\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).await.unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    let status = head[9..12].parse().unwrap();
    (status, head.to_ascii_lowercase(), body.to_owned())
}

fn json(body: &str) -> serde_json::Value {
    serde_json::from_str(body).unwrap_or_else(|_| panic!("not JSON: {body}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rest_errors_have_the_spec_status_and_body_before_the_handler() {
    let device = Arc::new(TestDevice::new());
    let server = start(device.clone()).await;
    let a = server.addr;

    // Bad JSON: 400, error 50.
    let (status, head, body) = exchange(a, "PUT", "/api/4.0/confbundles/x", true, "{").await;
    assert_eq!(status, 400);
    assert!(head.contains("content-type: application/json"), "{head}");
    assert_eq!(json(&body)["error_code"], "50");
    // An unknown key: 400, error 20 naming it.
    let (status, _, body) = exchange(
        a,
        "PUT",
        "/api/4.0/sipdomain",
        true,
        r#"{"SIPDomain": "a.example", "colour": "blue"}"#,
    )
    .await;
    assert_eq!(status, 400);
    let b = json(&body);
    assert_eq!(b["error_code"], "20");
    assert!(b["details"].to_string().contains("colour"), "{b}");
    // An invalid SIP domain: 400, error 20.
    let (status, _, body) = exchange(
        a,
        "PUT",
        "/api/4.0/sipdomain",
        true,
        r#"{"SIPDomain": "bad domain!"}"#,
    )
    .await;
    assert_eq!(status, 400);
    assert_eq!(json(&body)["error_code"], "20");
    // None of these reached the handler.
    assert_eq!(device.calls.load(Ordering::SeqCst), 0);

    // Unknown path: 404 100:404; wrong method: 405 with Allow.
    let (status, _, body) = exchange(a, "GET", "/api/4.0/confbundles/x/y", true, "").await;
    assert_eq!(status, 404);
    assert_eq!(json(&body)["error_code"], "100:404");
    let (status, head, body) = exchange(a, "POST", "/api/4.0/sipdomain", true, "").await;
    assert_eq!(status, 405);
    assert!(head.contains("allow: "), "{head}");
    assert_eq!(json(&body)["error_code"], "100:405");

    // A valid PUT reaches the handler; the GET sees it.
    let (status, _, _) = exchange(
        a,
        "PUT",
        "/api/4.0/sipdomain",
        true,
        r#"{"SIPDomain": "video.example.org"}"#,
    )
    .await;
    assert!(status == 200 || status == 204, "{status}");
    let (status, _, body) = exchange(a, "GET", "/api/4.0/sipdomain", true, "").await;
    assert_eq!(status, 200);
    assert_eq!(json(&body)["SIPDomain"], "video.example.org");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn xml_rpc_answers_are_text_xml_with_http_200_faults_included() {
    let device = Arc::new(TestDevice::new());
    let server = start(device.clone()).await;
    let call = "<?xml version=\"1.0\"?><methodCall><methodName>device.query</methodName><params><param><value><struct></struct></value></param></params></methodCall>";
    let (status, head, body) = exchange(server.addr, "POST", "/RPC2", false, call).await;
    assert_eq!(status, 200);
    assert!(head.contains("content-type: text/xml"), "{head}");
    assert!(body.contains("<fault>"), "{body}");
    assert!(body.contains("<int>101</int>"), "{body}");
    // Not XML at all: still HTTP 200 with a fault.
    let (status, _, body) = exchange(server.addr, "POST", "/RPC2", false, "hello").await;
    assert_eq!(status, 200);
    assert!(body.contains("<fault>"), "{body}");
    // GET /RPC2: not allowed.
    let (status, _, _) = exchange(server.addr, "GET", "/RPC2", false, "").await;
    assert_eq!(status, 405);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_router_mounts_under_a_prefix_of_an_existing_app() {
    let device = Arc::new(TestDevice::new());
    let conductor = ServerBuilder::new(Handler(device.clone()), users()).router();
    let app = axum::Router::new()
        .route("/health", axum::routing::get(|| async { "ok" }))
        .nest("/conductor", conductor);
    let server = start_router(app, ServerConfig::default(), None).await;
    let c = ConductorClient::new(ClientConfig::new(
        &format!("{}/conductor", server.url()),
        USER,
        PASSWORD,
    ))
    .unwrap();
    assert_eq!(
        c.discover().await.unwrap().software_version.as_deref(),
        Some("XC4.3.1")
    );
    let mut d = c.get_sip_domain().await.unwrap();
    assert_eq!(d.get().unwrap().sip_domain, Some("example.com"));
    let (status, _, body) = exchange(server.addr, "GET", "/health", false, "").await;
    assert_eq!((status, body.as_str()), (200, "ok"));
    // Outside the prefix the Conductor paths do not exist.
    let (status, _, _) = exchange(server.addr, "POST", "/RPC2", false, "").await;
    assert_eq!(status, 404);
    server.shutdown().await;
}
