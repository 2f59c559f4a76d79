//! XML-RPC stacks no one here wrote, from Debian packages, drive the real
//! `baton serve`: xmlrpc-c (a C client against libxmlrpc_client and an
//! Abyss feedback receiver, compiled here with `cc`), Perl RPC::XML (client
//! and RPC::XML::Server receiver) and Perl Frontier::Client sending
//! ISO-8859-1. Each client runs device.query, factory.conferencecreate,
//! participant.add, participant.enumerate, conference.destroy and one fault;
//! each receiver gets the events in order with consecutive `seqn`.
//!
//! `.ci/run` installs the packages. Without them these tests fail when
//! `CI=true` and are skipped (saying so) otherwise.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const USER: &str = "interop";
const PASSWORD: &str = "interop-Secret";

/// Kills the child on drop.
struct Proc(Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Whether `check` (a command) runs; when not: a failure under CI, else
/// a skip notice.
fn available(what: &str, check: &mut Command) -> bool {
    let ok = check
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{what} is missing (CI installs it: see .ci/run)"
        );
        eprintln!("SKIPPED: {what} is not installed");
    }
    ok
}

fn interop_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/interop")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("baton-interop-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The lines a child prints, through a channel (so reads have timeouts).
fn lines_of(child: &mut Child) -> mpsc::Receiver<String> {
    let out = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

fn next_line(rx: &mpsc::Receiver<String>, what: &str) -> String {
    rx.recv_timeout(Duration::from_secs(20))
        .unwrap_or_else(|_| panic!("no line from {what} within 20 s"))
}

/// `baton serve` on a free port: the process and its /RPC2 URL.
fn serve(data: &Path) -> (Proc, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_baton"))
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--user",
            USER,
            "--password",
            PASSWORD,
        ])
        .arg("--data-dir")
        .arg(data)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("baton serve");
    let rx = lines_of(&mut child);
    let first = next_line(&rx, "baton serve");
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {first:?}"))
        .to_owned();
    std::thread::spawn(move || for _ in rx {});
    (Proc(child), format!("{url}/RPC2"))
}

/// A receiver process printing `ready <port>` then `event <seqn> <name>
/// <sourceIdentifier>` lines.
fn receiver(mut cmd: Command) -> (Proc, mpsc::Receiver<String>, String) {
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("receiver");
    let rx = lines_of(&mut child);
    let ready = next_line(&rx, "the receiver");
    let port = ready
        .strip_prefix("ready ")
        .unwrap_or_else(|| panic!("receiver said {ready:?}"))
        .trim()
        .to_owned();
    (Proc(child), rx, format!("http://127.0.0.1:{port}/RPC2"))
}

/// Runs a client to completion: its `ok ...` lines, asserting success.
fn run_client(cmd: &mut Command, what: &str) -> Vec<String> {
    let out = cmd.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "{what} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout.lines().map(str::to_owned).collect()
}

/// The client's steps, in order, each answered as expected.
fn assert_sequence(lines: &[String], what: &str) {
    let steps: Vec<&str> = lines
        .iter()
        .filter_map(|l| l.strip_prefix("ok "))
        .map(|l| l.split_whitespace().next().unwrap_or(""))
        .collect();
    assert_eq!(
        steps,
        [
            "feedbackReceiver.extended.configure",
            "device.query",
            "factory.conferencecreate",
            "participant.add",
            "participant.enumerate",
            "conference.destroy",
            "fault",
        ],
        "{what}: {lines:?}"
    );
    let fault = lines.iter().find(|l| l.starts_with("ok fault")).unwrap();
    assert!(
        fault.starts_with("ok fault 4 ") && fault.contains("no such conference or auto attendant"),
        "{what}: {fault}"
    );
}

/// The receiver's events up to `conferenceDestroyed`: in order, from
/// `source`, with consecutive `seqn` across notifications.
fn assert_events(rx: &mpsc::Receiver<String>, source: &str) {
    let mut names = Vec::new();
    let mut seqns: Vec<i64> = Vec::new();
    while names.last().map(String::as_str) != Some("conferenceDestroyed") {
        let line = next_line(rx, "the receiver");
        let parts: Vec<&str> = line.split_whitespace().collect();
        let ["event", seqn, name, from] = parts[..] else {
            panic!("receiver printed {line:?}");
        };
        assert_eq!(from, source, "{line}");
        let seqn: i64 = seqn.parse().unwrap();
        if seqns.last() != Some(&seqn) {
            seqns.push(seqn);
        }
        names.push(name.to_owned());
    }
    assert_eq!(
        names,
        [
            "conferenceCreate",
            "conferenceJoined",
            "conferenceDestroyed"
        ]
    );
    for w in seqns.windows(2) {
        assert_eq!(w[1], w[0] + 1, "seqn not consecutive: {seqns:?}");
    }
}

#[test]
fn xmlrpc_c_client_and_abyss_receiver_drive_baton_serve() {
    let have = available("cc", Command::new("cc").arg("--version"))
        && available(
            "xmlrpc-c (libxmlrpc-core-c3-dev)",
            Command::new("xmlrpc-c-config").args(["client", "--libs"]),
        );
    if !have {
        return;
    }
    let dir = scratch("xmlrpc-c");
    let src = interop_dir();
    let client = dir.join("xmlrpc_c_client");
    let recv = dir.join("xmlrpc_c_receiver");
    // Linked against the shared libraries alone (libcurl comes with
    // libxmlrpc_client; its -dev package is not needed).
    for (out, file, libs) in [
        (
            &client,
            "xmlrpc_c_client.c",
            &["-lxmlrpc_client", "-lxmlrpc", "-lxmlrpc_util"][..],
        ),
        (
            &recv,
            "xmlrpc_c_receiver.c",
            &[
                "-lxmlrpc_server_abyss",
                "-lxmlrpc_server",
                "-lxmlrpc_abyss",
                "-lxmlrpc",
                "-lxmlrpc_util",
            ][..],
        ),
    ] {
        let status = Command::new("cc")
            .arg("-o")
            .arg(out)
            .arg(src.join(file))
            .args(libs)
            .status()
            .unwrap();
        assert!(status.success(), "cc {file}");
    }
    let (_rx_proc, events, rx_url) = receiver(Command::new(&recv));
    let (_server, url) = serve(&dir.join("data"));
    let lines = run_client(
        Command::new(&client).args([&url, USER, PASSWORD, &rx_url]),
        "xmlrpc-c client",
    );
    assert_sequence(&lines, "xmlrpc-c");
    assert_events(&events, "xmlrpc-c");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn perl_rpc_xml_client_and_server_receiver_drive_baton_serve() {
    let have = available(
        "Perl RPC::XML (librpc-xml-perl)",
        Command::new("perl").args(["-MRPC::XML::Client", "-MRPC::XML::Server", "-e", "1"]),
    );
    if !have {
        return;
    }
    let dir = scratch("rpc-xml");
    let script = interop_dir().join("perl_stacks.pl");
    let mut cmd = Command::new("perl");
    cmd.arg(&script).arg("receiver");
    let (_rx_proc, events, rx_url) = receiver(cmd);
    let (_server, url) = serve(&dir.join("data"));
    let lines = run_client(
        Command::new("perl")
            .arg(&script)
            .args(["client", &url, USER, PASSWORD, &rx_url]),
        "RPC::XML client",
    );
    assert_sequence(&lines, "RPC::XML");
    assert_events(&events, "rpc-xml");
    let _ = std::fs::remove_dir_all(&dir);
}

/// Frontier::Client `encoding => 'ISO-8859-1'` declares
/// `<?xml version="1.0" encoding="ISO-8859-1"?>` and sends `é` as one
/// byte: the server transcodes it and the name comes back intact.
#[test]
fn perl_frontier_client_sending_iso_8859_1_is_understood() {
    let have = available(
        "Perl Frontier::Client (libfrontier-rpc-perl)",
        Command::new("perl").args(["-MFrontier::Client", "-e", "1"]),
    );
    if !have {
        return;
    }
    let dir = scratch("frontier");
    let (_server, url) = serve(&dir.join("data"));
    let lines = run_client(
        Command::new("perl")
            .arg(interop_dir().join("perl_stacks.pl"))
            .args(["latin1", &url, USER, PASSWORD]),
        "Frontier::Client",
    );
    assert_eq!(
        lines,
        [
            "ok conference.create",
            "ok conference.enumerate",
            "ok conference.destroy"
        ]
    );
    let _ = std::fs::remove_dir_all(&dir);
}
