//! The async feedback receiver (issue 19, point 5): `receiver_stream`
//! hands each notification, owned and classified, to an async consumer.

mod common;

use std::time::Duration;

use baton_tokio::baton_feedback::{Classification, OwnedEvent};
use baton_tokio::baton_rpc::EventName;
use baton_tokio::{receiver_stream, FeedbackConfig, FeedbackDriver, ReceiverConfig, ServerConfig};
use common::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::test]
async fn receiver_stream_yields_the_drivers_notifications_in_order_classified() {
    let (app, mut notifications) = receiver_stream(ReceiverConfig::default(), 4);
    let receiver = start_router(app, ServerConfig::default(), None).await;
    let driver = FeedbackDriver::spawn(FeedbackConfig::default()).unwrap();
    let h = driver.handle();
    let uri = format!("http://127.0.0.1:{}/RPC2", receiver.addr.port());
    let index = h.configure(&uri, "stream-src", Some(-1), None).unwrap();
    h.publish(OwnedEvent::new(EventName::ApplicationStarted));

    let first = tokio::time::timeout(Duration::from_secs(10), notifications.recv())
        .await
        .expect("a notification within 10 s")
        .unwrap();
    assert_eq!(first.source_identifier, "stream-src");
    assert_eq!(first.seqn, 0);
    assert_eq!(first.class, Classification::Restart);
    assert_eq!(first.events[0].name, "applicationStarted");

    // The next one, once the first is acknowledged.
    h.publish(OwnedEvent::new(EventName::AlarmsChanged));
    let mut names: Vec<String> = first.events.iter().map(|e| e.name.clone()).collect();
    while !names.iter().any(|n| n == "alarmsChanged") {
        let next = tokio::time::timeout(Duration::from_secs(10), notifications.recv())
            .await
            .expect("the next notification within 10 s")
            .unwrap();
        assert!(next.class.is_new(), "{next:?}");
        names.extend(next.events.iter().map(|e| e.name.clone()));
    }
    assert_eq!(names, ["applicationStarted", "alarmsChanged"]);
    assert!(h.stats(index).unwrap().delivered >= 1);
    driver.shutdown().await;
    receiver.shutdown().await;
}

const NOTIFICATION: &str =
    "<?xml version=\"1.0\"?><methodCall><methodName>eventNotification</methodName>\
<params><param><value><struct>\
<member><name>sourceIdentifier</name><value><string>s</string></value></member>\
<member><name>seqn</name><value><int>0</int></value></member>\
<member><name>events</name><value><array><data><value><struct>\
<member><name>name</name><value><string>alarmsChanged</string></value></member>\
</struct></value></data></array></value></member>\
</struct></value></param></params></methodCall>";

async fn post(addr: std::net::SocketAddr) -> String {
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "POST /RPC2 HTTP/1.1\r\nHost: t\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{NOTIFICATION}",
        NOTIFICATION.len()
    );
    s.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    tokio::time::timeout(Duration::from_secs(5), s.read_to_string(&mut answer))
        .await
        .expect("answered within 5 s")
        .unwrap();
    answer
}

#[tokio::test]
async fn receiver_stream_acknowledges_what_it_queued_and_refuses_once_dropped() {
    let (app, mut notifications) = receiver_stream(ReceiverConfig::default(), 1);
    let receiver = start_router(app, ServerConfig::default(), None).await;
    let answer = post(receiver.addr).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(
        answer.contains("methodResponse") && !answer.contains("fault"),
        "{answer}"
    );
    let n = notifications.recv().await.unwrap();
    assert_eq!((n.source_identifier.as_str(), n.seqn), ("s", 0));
    assert_eq!(n.events[0].name, "alarmsChanged");

    // No consumer: not acknowledged (the publisher will retry).
    drop(notifications);
    let answer = post(receiver.addr).await;
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    receiver.shutdown().await;
}
