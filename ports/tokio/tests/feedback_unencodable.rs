//! Issue 14, point 4: an event that cannot be encoded (a character XML
//! cannot carry) is dropped, once, with a visible `seqn` gap; the driver
//! does not retry it in a loop and the events behind it are delivered at
//! once. CPython's `SimpleXMLRPCServer` as the receiver over 127.0.0.1.

mod common;

use std::time::{Duration, Instant};

use baton_tokio::baton_feedback::OwnedEvent;
use baton_tokio::baton_rpc::EventName;
use baton_tokio::{FeedbackConfig, FeedbackDriver};
use common::child::PyChild;
use serde_json::Value;

const RECEIVER: &str = r#"
import sys, json
from xmlrpc.server import SimpleXMLRPCServer, SimpleXMLRPCRequestHandler
class H(SimpleXMLRPCRequestHandler):
    rpc_paths = ("/RPC2",)
    protocol_version = "HTTP/1.1"
srv = SimpleXMLRPCServer(("127.0.0.1", int(sys.argv[1])), requestHandler=H, logRequests=False, allow_none=True)
def eventNotification(p):
    evs = [e.get("args", {}).get("conference_name") for e in p["events"]]
    print(json.dumps({"seqn": p["seqn"], "events": evs}), flush=True)
    return {"status": "operation successful"}
srv.register_function(eventNotification)
print(srv.server_address[1], flush=True)
srv.serve_forever()
"#;

fn event(name: &str) -> OwnedEvent {
    OwnedEvent::new(EventName::ConferenceCreate)
        .with_conference_name(name)
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_that_cannot_be_encoded_is_dropped_once_with_a_seqn_gap() {
    let receiver = tokio::task::spawn_blocking(|| PyChild::spawn(RECEIVER, &["0"]))
        .await
        .unwrap();
    let driver = FeedbackDriver::spawn(FeedbackConfig::default()).unwrap();
    let handle = driver.handle();
    let uri = format!("http://127.0.0.1:{}/RPC2", receiver.port);
    let index = handle
        .configure(&uri, "baton-test", Some(-1), None)
        .unwrap();
    // The first notification (seqn 0) carries "first" alone, so the bad
    // event starts the next one.
    assert_eq!(handle.publish(event("first")), 1);
    let receiver = tokio::task::spawn_blocking(move || {
        let line = receiver.line(Duration::from_secs(10)).expect("first");
        let v: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["seqn"], 0);
        receiver
    })
    .await
    .unwrap();
    assert_eq!(handle.publish(event("bad\u{1}")), 1);
    assert_eq!(handle.publish(event("after")), 1);
    let started = Instant::now();
    let (seen, _receiver) = tokio::task::spawn_blocking(move || {
        let mut seen = Vec::new();
        while let Some(line) = receiver.line(Duration::from_secs(5)) {
            let v: Value = serde_json::from_str(&line).unwrap();
            seen.push(v.clone());
            if v["events"].as_array().unwrap().iter().any(|e| e == "after") {
                break;
            }
        }
        (seen, receiver)
    })
    .await
    .unwrap();
    // Delivered at once (not after 16 more events), with seqn 1 skipped.
    let last = seen
        .last()
        .unwrap_or_else(|| panic!("nothing delivered after the bad event"));
    assert_eq!(last["events"], serde_json::json!(["after"]), "{seen:?}");
    assert_eq!(
        last["seqn"], 2,
        "the dropped event consumes seqn 1: {seen:?}"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
    // Counted once, never retried.
    let mut stats = handle.stats(index).unwrap();
    for _ in 0..100 {
        if stats.delivered == 2 {
            break;
        }
        tokio::task::yield_now().await;
        tokio::time::sleep(Duration::from_millis(10)).await;
        stats = handle.stats(index).unwrap();
    }
    assert_eq!(stats.dropped, 1, "{stats:?}");
    assert_eq!(stats.delivered, 2, "{stats:?}");
    assert_eq!(stats.in_queue, 0, "{stats:?}");
    driver.shutdown().await;
}
