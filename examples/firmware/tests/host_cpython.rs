//! The host build of the reference firmware on a real network interface:
//! each test creates a network namespace with a TAP device (kernel side
//! 192.168.69.1/24), runs `baton-firmware-host` on it (embassy-net at
//! 192.168.69.2), and drives it with CPython (`tests/py/firmware_checks.py`)
//! from inside the namespace.
//!
//! Needs root (or CAP_NET_ADMIN) and `ip` (iproute2); a test fails, it
//! does not skip, when they are missing.

use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::thread::sleep;
use std::time::{Duration, Instant};

const FIRMWARE_IP: &str = "192.168.69.2";
const HOST_IP: &str = "192.168.69.1";
const PORT: u16 = 8080;
const FIRMWARE_IP6: &str = "fd00:ba70::2";
const HOST_IP6: &str = "fd00:ba70::1";

static NEXT: AtomicU32 = AtomicU32::new(0);

fn ip(args: &[&str]) -> Output {
    let out = Command::new("ip")
        .args(args)
        .output()
        .expect("`ip` (iproute2) is needed for the host firmware tests");
    assert!(
        out.status.success(),
        "ip {}: {}",
        args.join(" "),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// A namespace with a TAP device and the firmware running on it.
struct Fixture {
    ns: String,
    firmware: Child,
}

impl Fixture {
    fn new(receiver: Option<&str>) -> Fixture {
        let ns = format!(
            "baton-fw-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        let tap = "tapfw0";
        ip(&["netns", "add", &ns]);
        let fixture_ns = ns.clone();
        let in_ns = |args: &[&str]| {
            let mut a = vec!["netns", "exec", &fixture_ns, "ip"];
            a.extend_from_slice(args);
            ip(&a)
        };
        in_ns(&["link", "set", "lo", "up"]);
        in_ns(&["tuntap", "add", "mode", "tap", "name", tap]);
        in_ns(&["addr", "add", &format!("{HOST_IP}/24"), "dev", tap]);
        in_ns(&[
            "-6",
            "addr",
            "add",
            &format!("{HOST_IP6}/64"),
            "dev",
            tap,
            "nodad",
        ]);
        in_ns(&["link", "set", tap, "up"]);
        let port = PORT.to_string();
        let address = format!("{FIRMWARE_IP}/24");
        let address6 = format!("{FIRMWARE_IP6}/64");
        let mut args = vec![
            "netns",
            "exec",
            &ns,
            env!("CARGO_BIN_EXE_baton-firmware-host"),
            tap,
            &address,
            HOST_IP,
            &port,
        ];
        args.push(receiver.unwrap_or("-"));
        args.push(&address6);
        let firmware = Command::new("ip")
            .args(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the firmware");
        let f = Fixture { ns, firmware };
        f.wait_listening();
        f
    }

    /// Waits until the firmware answers TCP on its port.
    fn wait_listening(&self) {
        let start = Instant::now();
        loop {
            let probe = self.python(&[
                "-c",
                &format!(
                    "import socket; socket.create_connection(('{FIRMWARE_IP}', {PORT}), timeout=1).close()"
                ),
            ]);
            if probe.status.success() {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "firmware not listening: {}",
                String::from_utf8_lossy(&probe.stderr)
            );
            sleep(Duration::from_millis(100));
        }
    }

    fn python(&self, args: &[&str]) -> Output {
        // `timeout`: a hung check fails the test instead of hanging it.
        Command::new("ip")
            .args([
                "netns", "exec", &self.ns, "timeout", "-k", "5", "120", "python3",
            ])
            .args(args)
            .output()
            .expect("python3 is needed for the host firmware tests")
    }

    /// Runs one check group of `firmware_checks.py`; panics with its output
    /// when it fails.
    fn checks(&self, group: &str, extra: &[&str]) -> String {
        let script: PathBuf = [
            env!("CARGO_MANIFEST_DIR"),
            "tests",
            "py",
            "firmware_checks.py",
        ]
        .iter()
        .collect();
        let url = format!("http://{FIRMWARE_IP}:{PORT}/RPC2");
        let mut args = vec![script.to_str().expect("utf-8 path"), group, &url];
        args.extend_from_slice(extra);
        let out = self.python(&args);
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            out.status.success(),
            "{group} failed\n--- stdout\n{stdout}\n--- stderr\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        print!("{stdout}");
        stdout
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        // `ip netns exec` runs the firmware as its child: kill that process
        // (the firmware, after exec) by its id.
        let _ = self.firmware.kill();
        let _ = self.firmware.wait();
        let _ = Command::new("ip").args(["netns", "del", &self.ns]).status();
    }
}

#[test]
fn cpython_calls_every_supported_method_and_gets_replies_and_spec_faults() {
    let f = Fixture::new(None);
    let out = f.checks("methods", &[]);
    assert_eq!(out.lines().filter(|l| l.starts_with("ok ")).count(), 13);
}

#[test]
fn feedback_reaches_a_cpython_receiver_in_order_and_survives_its_restart() {
    let receiver = format!("http://{HOST_IP}:9000/RPC2");
    let f = Fixture::new(Some(&receiver));
    let out = f.checks("feedback", &[HOST_IP, "9000"]);
    assert_eq!(out.lines().filter(|l| l.starts_with("ok ")).count(), 3);
}

#[test]
fn ipv6_literals_work_for_calls_and_for_feedback_receivers() {
    let f = Fixture::new(None);
    let out = f.checks("ipv6", &[HOST_IP6, FIRMWARE_IP6]);
    assert_eq!(out.lines().filter(|l| l.starts_with("ok ")).count(), 2);
}

#[test]
fn malformed_traffic_leaves_the_firmware_answering_the_next_good_request() {
    let f = Fixture::new(None);
    let out = f.checks("malformed", &[]);
    assert_eq!(out.lines().filter(|l| l.starts_with("ok ")).count(), 7);
}
