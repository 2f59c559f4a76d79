//! The `metrics` feature (issue 19, point 10): requests by method and
//! outcome, and the feedback driver's queue depth and delivery failures
//! per receiver, recorded through the `metrics` facade. Each test records
//! into its own recorder, set for its own thread only (a current-thread
//! runtime, so the server's and the driver's tasks run there).

mod common;

use std::time::Duration;

use axum::routing::post;
use baton_tokio::baton_feedback::OwnedEvent;
use baton_tokio::baton_rpc::EventName;
use baton_tokio::{FeedbackConfig, FeedbackDriver, ServerBuilder, ServerConfig};
use common::*;
use metrics_exporter_prometheus::PrometheusBuilder;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn sample(text: &str, name: &str, labels: &[&str]) -> Option<f64> {
    text.lines()
        .filter(|l| l.starts_with(&format!("{name}{{")))
        .find(|l| labels.iter().all(|lab| l.contains(lab)))
        .and_then(|l| l.rsplit(' ').next()?.parse().ok())
}

async fn exchange(addr: std::net::SocketAddr, request: &str) -> String {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    s.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    tokio::time::timeout(Duration::from_secs(5), s.read_to_string(&mut answer))
        .await
        .expect("answered within 5 s")
        .unwrap();
    answer
}

#[tokio::test]
async fn requests_and_feedback_failures_are_counted_per_method_and_receiver() {
    let recorder = PrometheusBuilder::new().build_recorder();
    let handle = recorder.handle();
    let _local = metrics::set_default_local_recorder(&recorder);

    // A receiver that answers every notification with a fault, telling
    // each time it is called.
    let (hit, mut hits) = tokio::sync::mpsc::unbounded_channel::<()>();
    let fault = baton_tokio::baton_xmlrpc::encode::fault(Vec::new(), 1, "no").unwrap();
    let receiver_app: axum::Router = axum::Router::new().route(
        "/RPC2",
        post(move || {
            let _ = hit.send(());
            let fault = fault.clone();
            async move { fault }
        }),
    );
    let receiver = start_router(receiver_app, ServerConfig::default(), None).await;

    let mut config = FeedbackConfig::default();
    config.publisher.backoff.base = core::time::Duration::from_millis(10).into();
    let driver = FeedbackDriver::spawn(config).unwrap();
    let server = start_with(
        ServerBuilder::new(Handler(std::sync::Arc::new(TestDevice::new())), users())
            .feedback(driver.handle()),
        ServerConfig::default(),
    )
    .await;

    let uri = format!("http://127.0.0.1:{}/RPC2", receiver.addr.port());
    let index = driver
        .handle()
        .configure(&uri, "m", Some(-1), None)
        .unwrap();
    assert_eq!(index, 1);
    driver
        .handle()
        .publish(OwnedEvent::new(EventName::AlarmsChanged));
    // The second attempt comes once the first failure was taken in.
    for _ in 0..2 {
        tokio::time::timeout(Duration::from_secs(10), hits.recv())
            .await
            .expect("a delivery attempt within 10 s")
            .unwrap();
    }
    // A refused login.
    let body = format!(
        "<?xml version=\"1.0\"?><methodCall><methodName>device.query</methodName><params><param><value><struct>\
<member><name>authenticationUser</name><value><string>{USER}</string></value></member>\
<member><name>authenticationPassword</name><value><string>nope</string></value></member>\
</struct></value></param></params></methodCall>"
    );
    let answer = exchange(
        server.addr,
        &format!(
            "POST /RPC2 HTTP/1.1\r\nHost: t\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    )
    .await;
    assert!(answer.contains("<int>15</int>"), "{answer}");

    let text = handle.render();
    let failures = sample(
        &text,
        "baton_feedback_delivery_failures_total",
        &["receiver=\"1\""],
    );
    assert!(failures.is_some_and(|n| n >= 1.0), "{text}");
    assert_eq!(
        sample(&text, "baton_feedback_queue_depth", &["receiver=\"1\""]),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        sample(
            &text,
            "baton_requests_total",
            &[
                "method=\"device.query\"",
                "outcome=\"refused\"",
                "code=\"15\""
            ]
        ),
        Some(1.0),
        "{text}"
    );
    driver.shutdown().await;
    server.shutdown().await;
    receiver.shutdown().await;
}
