//! The feedback driver delivering to CPython's `SimpleXMLRPCServer` as the
//! receiver over 127.0.0.1: notifications in order with consecutive
//! `seqn`, and a receiver that is down for a while gets everything queued
//! once it is back.

mod common;

use std::time::{Duration, Instant};

use baton_tokio::baton_feedback::{Backoff, Config, OwnedEvent, ReceiverStats};
use baton_tokio::baton_rpc::EventName;
use baton_tokio::{FeedbackConfig, FeedbackDriver, FeedbackHandle};
use common::child::{free_port, PyChild};
use serde_json::Value;

/// Prints its port, then one JSON line per `eventNotification`:
/// `{"source", "seqn", "events": [[name, conference_name], ...]}`.
/// HTTP/1.1 so the driver's keep-alive connection is used.
const RECEIVER: &str = r#"
import sys, json
from xmlrpc.server import SimpleXMLRPCServer, SimpleXMLRPCRequestHandler
class H(SimpleXMLRPCRequestHandler):
    rpc_paths = ("/RPC2",)
    protocol_version = "HTTP/1.1"
srv = SimpleXMLRPCServer(("127.0.0.1", int(sys.argv[1])), requestHandler=H, logRequests=False, allow_none=True)
def eventNotification(p):
    evs = [[e["name"], e.get("args", {}).get("conference_name")] for e in p["events"]]
    print(json.dumps({"source": p["sourceIdentifier"], "seqn": p["seqn"], "events": evs}), flush=True)
    return {"status": "operation successful"}
srv.register_function(eventNotification)
print(srv.server_address[1], flush=True)
srv.serve_forever()
"#;

fn driver() -> FeedbackDriver {
    FeedbackDriver::spawn(FeedbackConfig {
        publisher: Config {
            backoff: Backoff {
                base: core::time::Duration::from_millis(100).into(),
                cap: core::time::Duration::from_millis(400).into(),
                jitter_percent: 0,
            },
            ..Config::default()
        },
        connect_timeout: Duration::from_secs(1),
        response_timeout: Duration::from_secs(5),
        ..FeedbackConfig::default()
    })
    .unwrap()
}

fn event(i: usize) -> OwnedEvent {
    OwnedEvent::new(EventName::ConferenceCreate)
        .with_conference_name(&format!("conf-{i}"))
        .unwrap()
}

/// Publishes `n` events, never more than the queue holds at once.
async fn publish(handle: &FeedbackHandle, index: i32, n: usize) {
    for i in 0..n {
        while handle.stats(index).unwrap().in_queue >= 12 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        assert_eq!(handle.publish(event(i)), 1);
    }
}

/// Reads notifications until `n` events arrived (or 30 s passed):
/// (seqn of each notification, conference names in arrival order).
fn collect(receiver: &PyChild, n: usize) -> (Vec<u64>, Vec<String>) {
    let mut seqns = Vec::new();
    let mut names = Vec::new();
    let end = Instant::now() + Duration::from_secs(30);
    while names.len() < n && Instant::now() < end {
        let Some(line) = receiver.line(Duration::from_secs(1)) else {
            continue;
        };
        let v: Value = serde_json::from_str(&line).unwrap();
        assert_eq!(v["source"], "baton-test");
        seqns.push(v["seqn"].as_u64().unwrap());
        for e in v["events"].as_array().unwrap() {
            assert_eq!(e[0], "conferenceCreate");
            names.push(e[1].as_str().unwrap().to_owned());
        }
    }
    (seqns, names)
}

/// The stats once `n` events are acknowledged (the receiver prints an
/// event before its acknowledgement reaches the driver).
async fn stats_after(handle: &FeedbackHandle, index: i32, n: u64) -> ReceiverStats {
    for _ in 0..250 {
        let stats = handle.stats(index).unwrap();
        if stats.delivered >= n {
            return stats;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    handle.stats(index).unwrap()
}

fn expected(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("conf-{i}")).collect()
}

fn assert_consecutive(seqns: &[u64]) {
    for (i, s) in seqns.iter().enumerate() {
        assert_eq!(*s, i as u64, "seqn sequence {seqns:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cpython_receiver_gets_notifications_in_order_with_consecutive_seqn() {
    let receiver = tokio::task::spawn_blocking(|| PyChild::spawn(RECEIVER, &["0"]))
        .await
        .unwrap();
    let driver = driver();
    let handle = driver.handle();
    let uri = format!("http://127.0.0.1:{}/RPC2", receiver.port);
    let index = handle
        .configure(&uri, "baton-test", Some(-1), None)
        .unwrap();
    assert_eq!(index, 1);
    publish(&handle, index, 60).await;
    // The receiver stays up until its last acknowledgement is counted.
    let ((seqns, names), _receiver) =
        tokio::task::spawn_blocking(move || (collect(&receiver, 60), receiver))
            .await
            .unwrap();
    assert_eq!(names, expected(60));
    assert_consecutive(&seqns);
    let stats = stats_after(&handle, index, 60).await;
    assert_eq!(stats.delivered, 60);
    assert_eq!(stats.dropped, 0);
    assert_eq!(stats.notifications as usize, seqns.len());
    driver.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn receiver_down_for_a_while_gets_everything_queued_when_back() {
    let port = free_port();
    let driver = driver();
    let handle = driver.handle();
    let uri = format!("http://127.0.0.1:{port}/RPC2");
    let index = handle
        .configure(&uri, "baton-test", Some(-1), None)
        .unwrap();
    // Nobody listens: the first notification fails and is retried.
    publish(&handle, index, 10).await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let stats = handle.stats(index).unwrap();
    assert_eq!(stats.delivered, 0);
    assert!(stats.retried >= 2, "{stats:?}");
    assert_eq!(stats.in_queue, 10);
    // The receiver comes up on that port.
    let port_arg = port.to_string();
    let receiver = tokio::task::spawn_blocking(move || PyChild::spawn(RECEIVER, &[&port_arg]))
        .await
        .unwrap();
    let ((seqns, names), _receiver) =
        tokio::task::spawn_blocking(move || (collect(&receiver, 10), receiver))
            .await
            .unwrap();
    assert_eq!(names, expected(10));
    assert_consecutive(&seqns);
    let stats = stats_after(&handle, index, 10).await;
    assert_eq!(stats.delivered, 10);
    assert_eq!(stats.dropped, 0);
    driver.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn receiver_restarted_mid_stream_misses_nothing() {
    let receiver = tokio::task::spawn_blocking(|| PyChild::spawn(RECEIVER, &["0"]))
        .await
        .unwrap();
    let port = receiver.port;
    let driver = driver();
    let handle = driver.handle();
    let uri = format!("http://127.0.0.1:{port}/RPC2");
    let index = handle
        .configure(&uri, "baton-test", Some(-1), None)
        .unwrap();
    publish(&handle, index, 5).await;
    let (r, receiver) = tokio::task::spawn_blocking(move || (collect(&receiver, 5), receiver))
        .await
        .unwrap();
    let (mut seqns, mut names) = r;
    // All five acknowledged, then the receiver goes away.
    assert_eq!(stats_after(&handle, index, 5).await.delivered, 5);
    tokio::task::spawn_blocking(move || receiver.kill())
        .await
        .unwrap();
    // Down: five more events wait in the queue.
    for i in 5..10 {
        handle.publish(event(i));
    }
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(handle.stats(index).unwrap().delivered, 5);
    let port_arg = port.to_string();
    let (s2, n2) = tokio::task::spawn_blocking(move || {
        let receiver = PyChild::spawn(RECEIVER, &[&port_arg]);
        collect(&receiver, 5)
    })
    .await
    .unwrap();
    seqns.extend(s2);
    names.extend(n2);
    assert_eq!(names, expected(10));
    assert_consecutive(&seqns);
    driver.shutdown().await;
}

/// Configures a receiver through the server's XML-RPC API, then queries,
/// and prints both answers as JSON.
const CONFIGURE: &str = r#"
import sys, json, xmlrpc.client
url, user, pw, receiver = sys.argv[1:5]
s = xmlrpc.client.ServerProxy(url + "/RPC2")
auth = {"authenticationUser": user, "authenticationPassword": pw}
def call(name, **kw):
    p = dict(auth); p.update(kw)
    try:
        return getattr(s, name)(p)
    except xmlrpc.client.Fault as f:
        return {"fault": f.faultCode}
r = {}
r["configure"] = call("feedbackReceiver.extended.configure", receiverURI=receiver, sourceIdentifier="baton-test",
                      receiverIndex=-1, subscribedEvents=["conferenceCreate", "conferenceDestroyed"])
r["again"] = call("feedbackReceiver.extended.configure", receiverURI=receiver, sourceIdentifier="baton-test", receiverIndex=-1)
r["query"] = call("feedbackReceiver.extended.query")
r["bad_index"] = call("feedbackReceiver.extended.configure", receiverURI=receiver, sourceIdentifier="x", receiverIndex=21)
r["bad_uri"] = call("feedbackReceiver.extended.configure", receiverURI="ftp://x/RPC2", sourceIdentifier="x")
print(json.dumps(r))
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feedback_receiver_calls_are_wired_to_the_driver() {
    let receiver = tokio::task::spawn_blocking(|| PyChild::spawn(RECEIVER, &["0"]))
        .await
        .unwrap();
    let driver = driver();
    let handle = driver.handle();
    let device = std::sync::Arc::new(common::TestDevice::new());
    let server = common::start_with(
        baton_tokio::ServerBuilder::new(common::Handler(device), common::users())
            .feedback(handle.clone()),
        baton_tokio::ServerConfig::default(),
    )
    .await;
    let uri = format!("http://127.0.0.1:{}/RPC2", receiver.port);
    let out = common::python_async(
        CONFIGURE,
        vec![
            server.url(),
            common::USER.into(),
            common::PASSWORD.into(),
            uri.clone(),
        ],
    )
    .await;
    let r: Value = serde_json::from_str(&common::assert_python_ok(&out)).unwrap();
    assert_eq!(r["configure"]["receiverIndex"], 1);
    // The same URI keeps its slot.
    assert_eq!(r["again"]["receiverIndex"], 1);
    assert_eq!(r["query"]["receivers"][0]["receiverURI"], uri.as_str());
    assert_eq!(r["query"]["receivers"][0]["sourceIdentifier"], "baton-test");
    assert_eq!(r["query"]["receivers"][0]["index"], 1);
    assert!(r["bad_index"]["fault"].is_i64(), "{r}");
    assert!(r["bad_uri"]["fault"].is_i64(), "{r}");
    assert_eq!(handle.receivers().len(), 1);

    // Events published by the device reach the CPython receiver.
    handle.publish(event(0));
    handle.publish(event(1));
    let ((seqns, names), _receiver) =
        tokio::task::spawn_blocking(move || (collect(&receiver, 2), receiver))
            .await
            .unwrap();
    assert_eq!(names, expected(2));
    assert_consecutive(&seqns);
    server.shutdown().await;
    driver.shutdown().await;
}

/// Sends notifications to a baton receiver with `xmlrpc.client`, printing
/// each answer (or fault).
const SENDER: &str = r#"
import sys, json, xmlrpc.client
s = xmlrpc.client.ServerProxy(sys.argv[1] + "/RPC2")
def ev(n):
    return {"name": "conferenceCreate", "args": {"conference_name": "c%d" % n}}
out = []
for p in [{"sourceIdentifier": "dev", "seqn": 0, "events": [ev(0)]},
          {"sourceIdentifier": "dev", "seqn": 1, "events": [ev(1), ev(2)]},
          {"sourceIdentifier": "dev", "seqn": 1, "events": [ev(1), ev(2)]},
          {"sourceIdentifier": "dev", "seqn": 4, "events": [ev(5)]},
          {"sourceIdentifier": "dev", "seqn": 0, "events": [{"name": "applicationStarted"}]},
          {"sourceIdentifier": "dev", "events": []}]:
    try:
        out.append(s.eventNotification(p))
    except xmlrpc.client.Fault as f:
        out.append({"fault": f.faultCode})
try:
    out.append(s.device.query({}))
except xmlrpc.client.Fault as f:
    out.append({"fault": f.faultCode})
print(json.dumps(out))
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn receiver_service_classifies_and_always_acknowledges() {
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::<String>::new()));
    let s = seen.clone();
    let app =
        baton_tokio::receiver_router(baton_tokio::ReceiverConfig::default(), move |n, class| {
            let names: Vec<&str> = n
                .events
                .iter()
                .map(|e| e.args.conference_name.unwrap_or(e.name.as_str()))
                .collect();
            s.lock()
                .unwrap()
                .push(format!("{} {class:?} {}", n.seqn, names.join(",")));
        });
    let server = common::start_router(app, baton_tokio::ServerConfig::default(), None).await;
    let out = common::python_async(SENDER, vec![server.url()]).await;
    let r: Value = serde_json::from_str(&common::assert_python_ok(&out)).unwrap();
    for i in 0..5 {
        assert_eq!(r[i]["status"], "operation successful", "{r}");
    }
    // A notification without seqn: the spec's missing-parameter fault;
    // any other method: fault 1.
    assert_eq!(r[5]["fault"], 101, "{r}");
    assert_eq!(r[6]["fault"], 1, "{r}");
    assert_eq!(
        *seen.lock().unwrap(),
        [
            "0 First c0",
            "1 InOrder c1,c2",
            "1 Duplicate c1,c2",
            "4 Gap { missed: 2 } c5",
            "0 Restart applicationStarted",
        ]
    );
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receiver_that_never_answers_times_out_and_is_retried() {
    // Accepts connections, reads, never answers.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = silent.local_addr().unwrap().port();
    let accepted = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let a = accepted.clone();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = silent.accept().await {
            a.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            held.push(stream);
        }
    });
    let driver = FeedbackDriver::spawn(FeedbackConfig {
        publisher: Config {
            backoff: Backoff {
                base: core::time::Duration::from_millis(100).into(),
                cap: core::time::Duration::from_millis(200).into(),
                jitter_percent: 0,
            },
            ..Config::default()
        },
        connect_timeout: Duration::from_millis(300),
        response_timeout: Duration::from_millis(300),
        ..FeedbackConfig::default()
    })
    .unwrap();
    let handle = driver.handle();
    let uri = format!("http://127.0.0.1:{port}/RPC2");
    let index = handle.configure(&uri, "t", Some(-1), None).unwrap();
    handle.publish(event(0));
    tokio::time::sleep(Duration::from_millis(2500)).await;
    let stats = handle.stats(index).unwrap();
    assert_eq!(stats.delivered, 0);
    assert!(stats.retried >= 2, "{stats:?}");
    assert_eq!(stats.in_queue, 1, "kept for the next attempt");
    // Each attempt after a timeout opens a new connection.
    assert!(accepted.load(std::sync::atomic::Ordering::SeqCst) >= 2);
    driver.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reconfiguring_the_same_receiver_keeps_its_seqn_and_a_new_source_restarts_at_0() {
    let receiver = tokio::task::spawn_blocking(|| PyChild::spawn(RECEIVER, &["0"]))
        .await
        .unwrap();
    let driver = driver();
    let handle = driver.handle();
    let uri = format!("http://127.0.0.1:{}/RPC2", receiver.port);
    let index = handle
        .configure(&uri, "baton-test", Some(-1), None)
        .unwrap();
    handle.publish(event(0));
    assert_eq!(stats_after(&handle, index, 1).await.delivered, 1);
    // applicationStarted, then the receiver configures itself again with
    // the same URI and sourceIdentifier: same slot, seqn goes on.
    handle.with_publisher(|p, now| p.start(now));
    assert_eq!(stats_after(&handle, index, 2).await.delivered, 2);
    let again = handle
        .configure(&uri, "baton-test", Some(-1), None)
        .unwrap();
    assert_eq!(again, index);
    handle.publish(event(1));
    let stats = stats_after(&handle, index, 3).await;
    assert_eq!(stats.delivered, 3, "statistics kept: {stats:?}");
    // A new sourceIdentifier is a new receiver in that slot: seqn from 0.
    let fresh = handle
        .configure(&uri, "baton-test-2", Some(-1), None)
        .unwrap();
    assert_eq!(fresh, index);
    handle.publish(event(2));
    let stats = stats_after(&handle, index, 1).await;
    assert_eq!(stats.delivered, 1, "fresh statistics: {stats:?}");
    let ((seqns, sources), _receiver) = tokio::task::spawn_blocking(move || {
        let mut all = (Vec::new(), Vec::new());
        for _ in 0..4 {
            if let Some(line) = receiver.line(Duration::from_secs(5)) {
                let v: Value = serde_json::from_str(&line).unwrap();
                all.0.push(v["seqn"].as_u64().unwrap());
                all.1.push(v["source"].as_str().unwrap_or("").to_owned());
            }
        }
        (all, receiver)
    })
    .await
    .unwrap();
    assert_eq!(seqns, [0, 1, 2, 0]);
    assert_eq!(
        sources,
        ["baton-test", "baton-test", "baton-test", "baton-test-2"]
    );
    driver.shutdown().await;
}
