//! `baton listen` over 127.0.0.1: CPython's `xmlrpc.client` posts
//! notifications and each event comes out as a JSON line with its
//! classification; with `--register` it registers on a baton-tokio server
//! (feedback driver wired to `feedbackReceiver.extended.*`), receives what
//! the device publishes, registers again when the device forgets it, and
//! removes its registration on exit.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use baton_tokio::baton_feedback::{Backoff, Config, OwnedEvent};
use baton_tokio::baton_rpc::EventName;
use baton_tokio::{
    serve, ConductorHandler, FeedbackConfig, FeedbackDriver, FeedbackHandle, Listener, Role,
    ServerBuilder, ServerConfig, Users,
};
use serde_json::Value;

struct Listen {
    child: Child,
    lines: mpsc::Receiver<String>,
    stderr: mpsc::Receiver<String>,
    url: String,
}

impl Drop for Listen {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn pump<R: std::io::Read + Send + 'static>(r: R) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(r).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

fn listen(args: &[&str]) -> Listen {
    let mut child = Command::new(env!("CARGO_BIN_EXE_baton"))
        .arg("listen")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("baton listen");
    let stdout: ChildStdout = child.stdout.take().unwrap();
    let lines = pump(stdout);
    let stderr = pump(child.stderr.take().unwrap());
    let first = stderr
        .recv_timeout(Duration::from_secs(20))
        .expect("baton listen says where it listens");
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("{first}"))
        .to_owned();
    Listen {
        child,
        lines,
        stderr,
        url,
    }
}

impl Listen {
    fn events(&self, n: usize) -> Vec<Value> {
        let end = Instant::now() + Duration::from_secs(30);
        let mut out = Vec::new();
        while out.len() < n && Instant::now() < end {
            if let Ok(line) = self.lines.recv_timeout(Duration::from_millis(200)) {
                out.push(serde_json::from_str(&line).unwrap_or_else(|_| panic!("{line}")));
            }
        }
        out
    }

    fn wait_exit(&mut self) -> i32 {
        let end = Instant::now() + Duration::from_secs(20);
        while Instant::now() < end {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("baton listen did not exit");
    }
}

/// Posts `eventNotification`s: (seqn, [(event, conference_name)]).
const SENDER: &str = r#"
import sys, json, xmlrpc.client
s = xmlrpc.client.ServerProxy(sys.argv[1])
for seqn, events in json.loads(sys.argv[2]):
    evs = [{"name": n, "args": {"conference_name": c, "factory_conference_id": "fc-" + c}} for n, c in events]
    r = s.eventNotification({"sourceIdentifier": "dev-1", "seqn": seqn, "events": evs})
print("ok")
"#;

#[test]
fn each_event_is_a_json_line_with_its_classification() {
    let mut l = listen(&["127.0.0.1:0", "--count", "7"]);
    let script = r#"[[0, [["conferenceCreate", "a"], ["conferenceJoined", "a"]]],
                     [1, [["conferenceCreate", "b"]]],
                     [1, [["conferenceCreate", "b"]]],
                     [3, [["conferenceDestroyed", "a"]]],
                     [0, [["applicationStarted", "x"]]],
                     [1, [["conferenceCreate", "c"]]]]"#;
    let out = Command::new("python3")
        .args(["-c", SENDER, &l.url, script])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let ev = l.events(7);
    let got: Vec<(String, u64, String)> = ev
        .iter()
        .map(|e| {
            (
                e["class"].as_str().unwrap().to_owned(),
                e["seqn"].as_u64().unwrap(),
                e["event"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let want = [
        ("first", 0, "conferenceCreate"),
        ("first", 0, "conferenceJoined"),
        ("in_order", 1, "conferenceCreate"),
        ("duplicate", 1, "conferenceCreate"),
        ("gap", 3, "conferenceDestroyed"),
        ("restart", 0, "applicationStarted"),
        ("in_order", 1, "conferenceCreate"),
    ];
    let want: Vec<(String, u64, String)> = want
        .iter()
        .map(|(c, s, e)| ((*c).to_owned(), *s, (*e).to_owned()))
        .collect();
    assert_eq!(got, want);
    assert_eq!(ev[4]["missed"], 1);
    assert_eq!(ev[0]["sourceIdentifier"], "dev-1");
    assert_eq!(ev[0]["args"]["conference_name"], "a");
    assert_eq!(ev[0]["args"]["factory_conference_id"], "fc-a");
    // --count reached: it exits by itself.
    assert_eq!(l.wait_exit(), 0);
}

struct NoCalls;
impl ConductorHandler for NoCalls {}

/// A device: the server with a feedback driver, on its own runtime.
fn device() -> (SocketAddr, FeedbackHandle) {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let driver = FeedbackDriver::spawn(FeedbackConfig {
                publisher: Config {
                    backoff: Backoff {
                        base: core::time::Duration::from_millis(100).into(),
                        cap: core::time::Duration::from_millis(300).into(),
                        jitter_percent: 0,
                    },
                    ..Config::default()
                },
                ..FeedbackConfig::default()
            })
            .unwrap();
            let tcp = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send((tcp.local_addr().unwrap(), driver.handle()))
                .unwrap();
            let users = Users::new().with("api", "secret", Role::Admin);
            let app = ServerBuilder::new(NoCalls, users)
                .feedback(driver.handle())
                .router();
            serve(
                Listener::http(tcp),
                app,
                &ServerConfig::default(),
                std::future::pending::<()>(),
            )
            .await
            .unwrap();
        });
    });
    rx.recv().unwrap()
}

fn wait_for(what: &str, mut f: impl FnMut() -> bool) {
    let end = Instant::now() + Duration::from_secs(20);
    while !f() {
        assert!(Instant::now() < end, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn created(name: &str) -> OwnedEvent {
    OwnedEvent::new(EventName::ConferenceCreate)
        .with_conference_name(name)
        .unwrap()
}

#[test]
fn register_keeps_the_registration_alive_and_removes_it_on_exit() {
    let (addr, handle) = device();
    let mut l = listen(&[
        "127.0.0.1:0",
        "--register",
        &format!("http://{addr}/RPC2"),
        "--user",
        "api",
        "--password",
        "secret",
        "--source-id",
        "cli-test",
        "--query-interval",
        "1",
        "--count",
        "5",
    ]);
    wait_for("the registration", || handle.receivers().len() == 1);
    let r = handle.receivers();
    assert_eq!(r[0].receiver_uri, l.url);
    assert_eq!(r[0].source_identifier, "cli-test");
    for name in ["a", "b", "c"] {
        handle.publish(created(name));
    }
    let first = l.events(3);
    assert_eq!(first.len(), 3);
    assert_eq!(first[0]["class"], "first");
    let names: Vec<&str> = first
        .iter()
        .map(|e| e["args"]["conference_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["a", "b", "c"]);

    // The device forgets the receiver (as after a restart without state):
    // the periodic query notices and it registers again.
    let index = r[0].index;
    handle.remove(index).unwrap();
    assert!(handle.receivers().is_empty());
    wait_for("the new registration", || handle.receivers().len() == 1);
    handle.publish(created("d"));
    handle.publish(created("e"));
    let next = l.events(2);
    assert_eq!(next.len(), 2);
    // A fresh registration starts again at seqn 0: a restart.
    assert_eq!(next[0]["class"], "restart");
    assert_eq!(next[0]["seqn"], 0);
    assert_eq!(next[0]["args"]["conference_name"], "d");
    assert_eq!(next[1]["args"]["conference_name"], "e");

    // Five events printed: it exits and removes its registration.
    assert_eq!(l.wait_exit(), 0);
    assert!(handle.receivers().is_empty());
    let log: Vec<String> = l.stderr.try_iter().collect();
    assert!(
        log.iter().any(|s| s.contains("registering again")),
        "{log:?}"
    );
    assert!(
        log.iter().any(|s| s.contains("removed receiver")),
        "{log:?}"
    );
}

#[test]
fn register_needs_credentials_and_help_has_an_example() {
    let out = Command::new(env!("CARGO_BIN_EXE_baton"))
        .args(["listen", "127.0.0.1:0", "--register", "http://127.0.0.1:9"])
        .env_remove("BATON_USER")
        .env_remove("BATON_PASSWORD")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("BATON_USER"));
    // Listening on every address: the device needs to be told where.
    let out = Command::new(env!("CARGO_BIN_EXE_baton"))
        .args(["listen", "0.0.0.0:0", "--register", "http://127.0.0.1:9"])
        .args(["--user", "u", "--password", "p"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--receiver-uri"));
    let out = Command::new(env!("CARGO_BIN_EXE_baton"))
        .args(["listen", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("Examples:") && help.contains("baton listen 127.0.0.1:5050"),
        "{help}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_baton"))
        .args(["listen", "--events", "noSuchEvent"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn a_device_restart_makes_it_register_again() {
    let (addr, handle) = device();
    let l = listen(&[
        "127.0.0.1:0",
        "--register",
        &format!("http://{addr}"),
        "--user",
        "api",
        "--password",
        "secret",
    ]);
    wait_for("the registration", || handle.receivers().len() == 1);
    handle.publish(created("before"));
    assert_eq!(l.events(1)[0]["class"], "first");
    // The device restarts (its receivers kept): applicationStarted.
    handle.with_publisher(|p, now| p.start(now));
    let restart = l.events(1);
    assert_eq!(restart[0]["event"], "applicationStarted");
    assert_eq!(restart[0]["class"], "restart");
    // It registers again (a second "registered" line).
    let end = Instant::now() + Duration::from_secs(20);
    let mut registered = 0;
    while registered < 2 && Instant::now() < end {
        if let Ok(line) = l.stderr.recv_timeout(Duration::from_millis(200)) {
            if line.contains(" registered http:") {
                registered += 1;
            }
        }
    }
    assert_eq!(registered, 2, "no re-registration after the restart");
    assert_eq!(handle.receivers().len(), 1, "the same slot is reused");
    handle.publish(created("after"));
    let after = l.events(1);
    assert_eq!(after[0]["args"]["conference_name"], "after");
}

#[test]
fn sigterm_removes_the_registration() {
    let (addr, handle) = device();
    let mut l = listen(&[
        "127.0.0.1:0",
        "--register",
        &format!("http://{addr}"),
        "--user",
        "api",
        "--password",
        "secret",
    ]);
    wait_for("the registration", || handle.receivers().len() == 1);
    let pid = l.child.id().to_string();
    let killed = Command::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success());
    assert_eq!(l.wait_exit(), 0);
    assert!(handle.receivers().is_empty(), "{:?}", handle.receivers());
}
