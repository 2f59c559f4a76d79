//! Refused calls are logged (issue 14, point 10): one `warn` record per
//! refused login with the method, the fault / status and the peer address,
//! never the password, rate-limited. Each test captures the log with its
//! own subscriber on its own thread (a current-thread runtime, so the
//! server's tasks run where the subscriber is set), never a global one.

mod common;

use std::sync::Arc;
use std::time::Duration;

use base64::Engine;
use baton_tokio::{ServerBuilder, ServerConfig};
use common::log_capture::*;
use common::*;

#[tokio::test]
async fn refused_login_is_logged_once_with_method_fault_and_peer_but_no_password() {
    let (log, _guard) = capture();
    let device = Arc::new(TestDevice::new());
    let server = start(device.clone()).await;

    // XML-RPC: a wrong password is fault 15.
    let (answer, peer) = exchange(server.addr, &device_query(USER, WRONG)).await;
    assert!(answer.contains("<int>15</int>"), "{answer}");
    let records = log.refused();
    assert_eq!(records.len(), 1, "{records:#?}");
    let r = &records[0];
    assert!(r.contains("WARN"), "{r}");
    assert!(
        r.contains("method=\"device.query\"") || r.contains("method=device.query"),
        "{r}"
    );
    assert!(r.contains("fault=15"), "{r}");
    assert!(r.contains(&format!("peer={peer}")), "{r}");

    // REST: a wrong Basic password is 401.
    let auth = baton_tokio::auth::basic_header(USER, WRONG);
    let request = format!(
        "GET /api/4.0/sipdomain HTTP/1.1\r\nHost: t\r\nAuthorization: {auth}\r\nConnection: close\r\n\r\n"
    );
    let (answer, peer) = exchange(server.addr, &request).await;
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    let records = log.refused();
    assert_eq!(records.len(), 2, "{records:#?}");
    let r = &records[1];
    assert!(r.contains("method=\"GET /api/4.0/sipdomain\""), "{r}");
    assert!(r.contains("status=401"), "{r}");
    assert!(r.contains(&format!("peer={peer}")), "{r}");

    // A good call adds no record.
    let (answer, _) = exchange(server.addr, &device_query(USER, PASSWORD)).await;
    assert!(answer.contains("S123"), "{answer}");
    assert_eq!(log.refused().len(), 2);
    assert_eq!(device.calls.load(std::sync::atomic::Ordering::SeqCst), 1);

    server.shutdown().await;
    // Nowhere in the whole log, in clear or as the Basic credential.
    let text = log.text();
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{WRONG}"));
    assert!(!text.contains(WRONG), "the password was logged:\n{text}");
    assert!(!text.contains(&basic), "the credential was logged:\n{text}");
    assert!(
        !text.contains(PASSWORD),
        "the good password was logged:\n{text}"
    );
}

#[tokio::test]
async fn refused_login_log_is_rate_limited() {
    let (log, _guard) = capture();
    let device = Arc::new(TestDevice::new());
    let config = ServerConfig {
        refused_log_burst: 3,
        // No token is earned during the test.
        refused_log_interval: Duration::from_secs(3600),
        ..ServerConfig::default()
    };
    let server = start_with(ServerBuilder::new(Handler(device), users()), config).await;
    for _ in 0..10 {
        let (answer, _) = exchange(server.addr, &device_query(USER, WRONG)).await;
        assert!(answer.contains("<int>15</int>"), "{answer}");
    }
    let records = log.refused();
    assert_eq!(records.len(), 3, "{records:#?}");
    server.shutdown().await;
}
