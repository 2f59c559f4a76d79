//! The request log (issue 19, point 10): every request is one record of
//! target `baton::request` inside a `baton.request` span, at `debug` when
//! answered and at `info` when refused, with the method, the fault code or
//! HTTP status, the latency and the peer, never a password. Each test
//! captures the log with its own subscriber on its own thread (a
//! current-thread runtime), never a global one.

mod common;

use std::sync::Arc;

use base64::Engine;
use common::log_capture::*;
use common::*;

#[tokio::test]
async fn each_request_is_logged_at_debug_and_each_refusal_at_info_without_the_password() {
    let (log, _guard) = capture();
    let server = start(Arc::new(TestDevice::new())).await;

    // Answered: debug, with the XML-RPC method, status, latency and peer.
    let (answer, peer) = exchange(server.addr, &device_query(USER, PASSWORD)).await;
    assert!(answer.contains("S123"), "{answer}");
    let records = log.requests();
    assert_eq!(records.len(), 1, "{records:#?}");
    let r = &records[0];
    assert!(r.contains("DEBUG"), "{r}");
    assert!(r.contains("baton.request"), "the span: {r}");
    assert!(r.contains("method=\"device.query\""), "{r}");
    assert!(r.contains("status=200"), "{r}");
    assert!(r.contains("latency_ms="), "{r}");
    assert!(r.contains(&format!("peer=\"{peer}\"")), "{r}");

    // Refused (wrong password, fault 15): info, with the fault code.
    let (answer, peer) = exchange(server.addr, &device_query(USER, WRONG)).await;
    assert!(answer.contains("<int>15</int>"), "{answer}");
    let records = log.requests();
    assert_eq!(records.len(), 2, "{records:#?}");
    let r = &records[1];
    assert!(r.contains(" INFO "), "{r}");
    assert!(r.contains("method=\"device.query\""), "{r}");
    assert!(r.contains("fault=15"), "{r}");
    assert!(r.contains(&format!("peer=\"{peer}\"")), "{r}");

    // Another fault (a malformed call): info, with its code.
    let body = "<?xml version=\"1.0\"?><methodCall><methodName>device.query</methodName><params><param><value><int>1</int></value></param></params></methodCall>";
    let request = rpc_post(body);
    let (answer, _) = exchange(server.addr, &request).await;
    assert!(answer.contains("faultCode"), "{answer}");
    let r = log.requests().pop().unwrap();
    assert!(r.contains(" INFO ") && r.contains("fault="), "{r}");

    // REST refused (wrong Basic password): info, with the operation and 401.
    let auth = baton_tokio::auth::basic_header(USER, WRONG);
    let request = format!(
        "GET /api/4.0/sipdomain HTTP/1.1\r\nHost: t\r\nAuthorization: {auth}\r\nConnection: close\r\n\r\n"
    );
    let (answer, _) = exchange(server.addr, &request).await;
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    let r = log.requests().pop().unwrap();
    assert!(r.contains(" INFO "), "{r}");
    assert!(r.contains("method=\"GET /api/4.0/sipdomain\""), "{r}");
    assert!(r.contains("status=401"), "{r}");

    // A method name that is not the spec's is not copied into the log.
    let body =
        "<?xml version=\"1.0\"?><methodCall><methodName>x-injected-name</methodName></methodCall>";
    let request = rpc_post(body);
    let _ = exchange(server.addr, &request).await;
    let r = log.requests().pop().unwrap();
    assert!(r.contains("method=\"unknown\""), "{r}");

    server.shutdown().await;
    let text = log.text();
    assert!(!text.contains("x-injected-name"), "{text}");
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{WRONG}"));
    assert!(!text.contains(WRONG), "the password was logged:\n{text}");
    assert!(!text.contains(&basic), "the credential was logged:\n{text}");
    assert!(
        !text.contains(PASSWORD),
        "the good password was logged:\n{text}"
    );
}

/// The log's method is what the XML-RPC decode found, not a search of the
/// body's first bytes: a `methodName` behind a long comment is still
/// named, and a malformed call is labelled with the method it named.
#[tokio::test]
async fn the_logged_method_is_the_one_the_decoder_read() {
    let (log, _guard) = capture();
    let server = start(Arc::new(TestDevice::new())).await;
    let padding = "x".repeat(2000);
    let body = format!(
        "<?xml version=\"1.0\"?><!-- {padding} --><methodCall><methodName>device.query</methodName>\
<params><param><value><int>1</int></value></param></params></methodCall>"
    );
    let request = rpc_post(&body);
    let (answer, _) = exchange(server.addr, &request).await;
    assert!(answer.contains("faultCode"), "{answer}");
    let r = log.requests().pop().unwrap();
    assert!(r.contains("method=\"device.query\""), "{r}");
    assert!(r.contains(" INFO ") && r.contains("fault="), "{r}");
    server.shutdown().await;
}

/// A raw `POST /RPC2` of `body`, the connection closed after it.
fn rpc_post(body: &str) -> String {
    format!(
        "POST /RPC2 HTTP/1.1\r\nHost: t\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}
