//! The streaming enumerate client of `baton-embassy` over a real network
//! interface: each test creates a network namespace with a TAP device
//! (kernel side 192.168.69.1/24) where CPython answers
//! `participant.enumerate` with the 2,400 participants of the bench
//! payload in pages (`tests/py/enumerate_peer.py`), and runs
//! `baton-enumerate-host` (embassy-net at 192.168.69.2, a 4 KiB stream
//! buffer) against it. Every participant must arrive, in order, with its
//! name, display name and address intact.
//!
//! Needs root (or CAP_NET_ADMIN), `ip` (iproute2) and python3; a test
//! fails, it does not skip, when they are missing.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdout, Command, Output, Stdio};

use common::{script, Netns};

const CLIENT_IP: &str = "192.168.69.2/24";
const PEER_IP: &str = "192.168.69.1";
const PORT: &str = "9100";
const TOTAL: usize = 2400;

/// A namespace with a TAP device and the CPython Conductor listening on
/// the kernel side.
struct Fixture {
    peer: Child,
    _peer_out: BufReader<ChildStdout>,
    ns: Netns,
}

impl Fixture {
    /// `mode`: `length` (SimpleXMLRPCServer), `chunked` or `busy` (503).
    fn new(mode: &str, page_size: usize) -> Fixture {
        let ns = Netns::with_tap("en", "tapen0", PEER_IP, None);
        let mut peer = ns
            .command("python3")
            .arg(script("enumerate_peer.py"))
            .args(["serve", PEER_IP, PORT, mode, &page_size.to_string()])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("python3 is needed for the host firmware tests");
        let mut out = BufReader::new(peer.stdout.take().expect("peer stdout"));
        let mut line = String::new();
        let read = out.read_line(&mut line);
        let f = Fixture {
            peer,
            _peer_out: out,
            ns,
        };
        read.expect("peer output");
        assert_eq!(line.trim(), "listening", "the CPython peer did not start");
        f
    }

    /// Runs the embassy client in the namespace.
    fn client(&self, user: &str, password: &str, max_pages: usize, filter: Option<&str>) -> Output {
        self.client_to(PORT, user, password, max_pages, filter)
    }

    /// Runs the embassy client in the namespace against `port`.
    fn client_to(
        &self,
        port: &str,
        user: &str,
        password: &str,
        max_pages: usize,
        filter: Option<&str>,
    ) -> Output {
        self.ns
            .command("timeout")
            .args(["-k", "5", "240", env!("CARGO_BIN_EXE_baton-enumerate-host")])
            .args([self.ns.tap, CLIENT_IP, PEER_IP, port, user, password])
            .arg(max_pages.to_string())
            .args(filter)
            .output()
            .expect("run baton-enumerate-host")
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        // `ip netns exec` execs python3: kill it by its id (the namespace goes after).
        let _ = self.peer.kill();
        let _ = self.peer.wait();
    }
}

/// The participant lines the client must print (from the same generator).
fn expected(filter: Option<&str>) -> Vec<String> {
    let out = Command::new("python3")
        .arg(script("enumerate_peer.py"))
        .arg("expect")
        .args(filter)
        .output()
        .expect("python3");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("utf-8")
        .lines()
        .map(str::to_owned)
        .collect()
}

/// The client's participant lines and its last line.
fn run(out: &Output) -> (Vec<String>, String) {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let lines: Vec<&str> = stdout.lines().collect();
    let last = lines.last().copied().unwrap_or("").to_owned();
    let items = lines
        .iter()
        .filter(|l| l.starts_with("P "))
        .map(|l| (*l).to_owned())
        .collect();
    eprintln!(
        "client exit {:?}, last line: {last}\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    (items, last)
}

fn assert_same(got: &[String], want: &[String]) {
    assert_eq!(got.len(), want.len(), "participants received");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert_eq!(g, w, "participant {i}");
    }
}

#[test]
fn all_2400_participants_stream_through_a_4k_buffer_from_content_length_pages() {
    let f = Fixture::new("length", 500);
    let out = f.client("apiuser", "S3cret!", 100, None);
    let (items, last) = run(&out);
    assert!(out.status.success());
    assert_same(&items, &expected(None));
    assert!(
        last.starts_with("DONE pages=5 items=2400 revision=Some(48213) more=false"),
        "{last}"
    );
}

#[test]
fn all_2400_participants_stream_through_a_4k_buffer_from_chunked_pages() {
    let f = Fixture::new("chunked", 700);
    let out = f.client("apiuser", "S3cret!", 100, None);
    let (items, last) = run(&out);
    assert!(out.status.success());
    assert_same(&items, &expected(None));
    assert!(
        last.starts_with("DONE pages=4 items=2400 revision=Some(48213) more=false"),
        "{last}"
    );
}

#[test]
fn the_page_cap_stops_the_walk_and_says_more_remain() {
    let f = Fixture::new("length", 500);
    let out = f.client("apiuser", "S3cret!", 3, None);
    let (items, last) = run(&out);
    assert!(out.status.success());
    assert_same(&items, &expected(None)[..1500]);
    assert!(
        last.starts_with("DONE pages=3 items=1500 revision=Some(48213) more=true"),
        "{last}"
    );
}

#[test]
fn the_conference_filter_reaches_the_server() {
    let conference = "106c6833-1493-11e1-7ef0-0010f31a041e";
    let want = expected(Some(conference));
    assert!(!want.is_empty() && want.len() < TOTAL);
    let f = Fixture::new("length", 30);
    let out = f.client("apiuser", "S3cret!", 100, Some(conference));
    let (items, last) = run(&out);
    assert!(out.status.success());
    assert_same(&items, &want);
    let pages = want.len().div_ceil(30);
    assert!(
        last.starts_with(&format!("DONE pages={pages} items={}", want.len())),
        "{last}"
    );
}

#[test]
fn a_fault_comes_back_as_a_fault_in_both_framings() {
    for mode in ["length", "chunked"] {
        let f = Fixture::new(mode, 500);
        let out = f.client("apiuser", "wrong", 100, None);
        let (items, last) = run(&out);
        assert_eq!(out.status.code(), Some(3), "{mode}");
        assert!(items.is_empty());
        assert_eq!(last, "FAULT 34 Authentication failure", "{mode}");
    }
}

#[test]
fn http_status_and_refused_connections_are_told_apart_from_faults() {
    let f = Fixture::new("busy", 500);
    let out = f.client("apiuser", "S3cret!", 100, None);
    let (items, last) = run(&out);
    assert_eq!(out.status.code(), Some(1));
    assert!(items.is_empty());
    assert_eq!(last, "ERROR Http(503)");
    // Nothing listens on 9101: the kernel resets the connection.
    let out = f.client_to("9101", "apiuser", "S3cret!", 100, None);
    let (_, last) = run(&out);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(last, "ERROR Transport(Connect)");
}
