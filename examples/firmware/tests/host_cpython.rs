//! The host build of the reference firmware on a real network interface:
//! each test creates a network namespace with a TAP device (kernel side
//! 192.168.69.1/24), runs `baton-firmware-host` on it (embassy-net at
//! 192.168.69.2), and drives it with CPython (`tests/py/firmware_checks.py`)
//! from inside the namespace.
//!
//! Needs root (or CAP_NET_ADMIN) and `ip` (iproute2); a test fails, it
//! does not skip, when they are missing.

mod common;

use std::process::{Child, Stdio};

use common::{script, Netns};

const FIRMWARE_IP: &str = "192.168.69.2";
const HOST_IP: &str = "192.168.69.1";
const PORT: u16 = 8080;
const FIRMWARE_IP6: &str = "fd00:ba70::2";
const HOST_IP6: &str = "fd00:ba70::1";

/// A namespace with a TAP device and the firmware running on it.
struct Fixture {
    firmware: Child,
    ns: Netns,
}

impl Fixture {
    fn new(receiver: Option<&str>) -> Fixture {
        let ns = Netns::with_tap("fw", "tapfw0", HOST_IP, Some(HOST_IP6));
        let firmware = ns
            .command(env!("CARGO_BIN_EXE_baton-firmware-host"))
            .args([
                ns.tap,
                &format!("{FIRMWARE_IP}/24"),
                HOST_IP,
                &PORT.to_string(),
                receiver.unwrap_or("-"),
                &format!("{FIRMWARE_IP6}/64"),
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the firmware");
        let f = Fixture { firmware, ns };
        f.ns.wait_listening(FIRMWARE_IP, PORT);
        f
    }

    /// Runs one check group of `firmware_checks.py`; panics with its output
    /// when it fails.
    fn checks(&self, group: &str, extra: &[&str]) -> String {
        let script = script("firmware_checks.py");
        let url = format!("http://{FIRMWARE_IP}:{PORT}/RPC2");
        let mut args = vec![script.to_str().expect("utf-8 path"), group, &url];
        args.extend_from_slice(extra);
        let out = self.ns.python(120, &args);
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
        // `ip netns exec` execs the firmware: kill it by its id (the namespace goes after).
        let _ = self.firmware.kill();
        let _ = self.firmware.wait();
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

#[test]
fn silent_then_slow_clients_hold_a_listener_at_most_the_request_timeout_from_accept() {
    let f = Fixture::new(None);
    let out = f.checks("slow", &[]);
    assert_eq!(out.lines().filter(|l| l.starts_with("ok ")).count(), 1);
}

#[test]
fn request_followed_by_half_close_is_answered() {
    let f = Fixture::new(None);
    let out = f.checks("halfclose", &[]);
    assert_eq!(out.lines().filter(|l| l.starts_with("ok ")).count(), 1);
}

#[test]
fn oversized_feedback_reply_is_not_read_past_the_buffer_and_counts_as_failed() {
    let receiver = format!("http://{HOST_IP}:9002/RPC2");
    let f = Fixture::new(Some(&receiver));
    let out = f.checks("bigreply", &[HOST_IP, "9002"]);
    assert_eq!(out.lines().filter(|l| l.starts_with("ok ")).count(), 1);
}
