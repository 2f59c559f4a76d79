//! A closed stdout (`baton rpc faults | head -1`) ends every subcommand
//! quietly with exit status 0, not with a panic (exit 101).
//!
//! Deterministic: the child's stdout is a pipe whose read end is closed
//! before the child is spawned, so its first write fails with EPIPE every
//! time (no race with a reader that exits "soon").

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

const USER: &str = "closed-stdout";
const PASSWORD: &str = "closed-Secret";

/// A write end whose reader is already gone.
fn closed_pipe() -> Stdio {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    Stdio::from(writer)
}

fn run_closed(args: &[&str], stdin: &[u8]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_baton"))
        .args(args)
        .env("RUST_LOG", "warn")
        .env_remove("BATON_USER")
        .env_remove("BATON_PASSWORD")
        .stdin(Stdio::piped())
        .stdout(closed_pipe())
        .stderr(Stdio::piped())
        .spawn()
        .expect("baton runs");
    let mut input = child.stdin.take().expect("stdin");
    // The child may exit before reading all of it: a failed write is fine.
    let _ = input.write_all(stdin);
    drop(input);
    child.wait_with_output().expect("baton finishes")
}

fn assert_quiet_success(what: &str, out: &Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{what}: {} (stderr: {})",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{what}: stderr not empty: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_closed_stdout_ends_the_offline_subcommands_with_exit_0() {
    let call = b"<?xml version=\"1.0\"?><methodCall><methodName>device.query</methodName>\
        <params><param><value><struct><member><name>authenticationUser</name><value>a</value></member>\
        <member><name>authenticationPassword</name><value>b</value></member></struct></value></param>\
        </params></methodCall>";
    let bundle = br#"{"conference_display_name": "Alice", "service_preference_id": "13579",
        "aliases": [{"role": "host", "exact_match": "meet.alice@example.com"}],
        "host_quality": "4dd69ffc-f2f7-11e0-8fa5-000c3907bedd",
        "guest_quality": "4dd69ffc-f2f7-11e0-8fa5-000c3907bedd"}"#;
    let cases: [(&[&str], &[u8]); 7] = [
        (&["rpc", "faults"], b""),
        (&["rpc", "decode"], call),
        (&["xmlrpc", "decode"], call),
        (
            &["xmlrpc", "encode"],
            br#"{"methodName": "device.query", "params": []}"#,
        ),
        (&["rest", "route", "GET", "/api/4.0/confbundles/x"], b""),
        (&["rest", "validate"], bundle),
        (&["--help"], b""),
    ];
    for (args, stdin) in cases {
        let out = run_closed(args, stdin);
        assert_quiet_success(&args.join(" "), &out);
    }
}

struct Serve(Child);

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `baton serve --memory` on a free port, and its URL.
fn serve() -> (Serve, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_baton"))
        .args(["serve", "--memory", "--listen", "127.0.0.1:0"])
        .args(["--user", USER, "--password", PASSWORD])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("baton serve");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().expect("a banner").expect("a line");
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {first:?}"))
        .to_owned();
    std::thread::spawn(move || for _ in lines {});
    (Serve(child), url)
}

#[test]
fn a_closed_stdout_ends_the_network_subcommands_with_exit_0() {
    let (_device, url) = serve();
    let creds = ["--user", USER, "--password", PASSWORD];
    let out = run_closed(
        &[&["call", &url, "device.query"][..], &creds[..]].concat(),
        b"",
    );
    assert_quiet_success("call", &out);
    let out = run_closed(
        &[&["provision", &url, "--delete-all"][..], &creds[..]].concat(),
        b"",
    );
    assert_quiet_success("provision --delete-all", &out);
    // serve itself: its banner cannot be written.
    let out = run_closed(
        &[
            "serve",
            "--memory",
            "--listen",
            "127.0.0.1:0",
            "--user",
            "a",
            "--password",
            "b",
        ],
        b"",
    );
    assert_quiet_success("serve", &out);
}

#[test]
fn a_closed_stdout_ends_listen_at_its_first_event_with_exit_0() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_baton"))
        .args(["listen", "127.0.0.1:0"])
        .stdout(closed_pipe())
        .stderr(Stdio::piped())
        .spawn()
        .expect("baton listen");
    let mut stderr = BufReader::new(child.stderr.take().unwrap());
    let mut first = String::new();
    stderr.read_line(&mut first).expect("where it listens");
    let addr = first
        .split_whitespace()
        .find_map(|w| w.strip_prefix("http://"))
        .and_then(|w| w.strip_suffix("/RPC2"))
        .unwrap_or_else(|| panic!("{first}"))
        .to_owned();
    let body = "<?xml version=\"1.0\"?><methodCall><methodName>eventNotification</methodName>\
        <params><param><value><struct>\
        <member><name>sourceIdentifier</name><value>s</value></member>\
        <member><name>seqn</name><value><int>0</int></value></member>\
        <member><name>events</name><value><array><data><value><struct>\
        <member><name>name</name><value>conferenceCreate</value></member>\
        <member><name>args</name><value><struct></struct></value></member>\
        </struct></value></data></array></value></member>\
        </struct></value></param></params></methodCall>";
    let mut tcp = TcpStream::connect(&addr).expect("connect");
    tcp.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    write!(
        tcp,
        "POST /RPC2 HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/xml\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    // It ends by itself: wait for that (bounded), reading what it says.
    let pid = child.id().to_string();
    let (done_tx, done_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut rest = String::new();
        let _ = std::io::Read::read_to_string(&mut stderr, &mut rest);
        let status = child.wait().expect("baton listen ends");
        let _ = done_tx.send((status, rest));
    });
    let Ok((status, rest)) = done_rx.recv_timeout(Duration::from_secs(30)) else {
        let _ = Command::new("kill").args(["-KILL", &pid]).status();
        panic!("baton listen kept running with its stdout closed");
    };
    assert_eq!(status.code(), Some(0), "{status}: {rest}");
    assert!(!rest.contains("panicked"), "{rest}");
}
