//! Feedback receivers named by host names on the host build: each test
//! creates a network namespace with a TAP device (kernel side
//! 192.168.69.1/24), runs a DNS responder there (`tests/py/dns_responder.py`
//! on 192.168.69.1:53), runs `baton-firmware-host` (built with `dns`) on
//! the TAP device with that DNS server, and drives it with CPython
//! (`tests/py/dns_checks.py`) from inside the namespace.
//!
//! Needs root (or CAP_NET_ADMIN), `ip` (iproute2) and python3; the test
//! fails, it does not skip, when they are missing.

mod common;

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Stdio};

use common::{script, Netns};

const FIRMWARE_IP: &str = "192.168.69.2";
const HOST_IP: &str = "192.168.69.1";
const PORT: u16 = 8080;
const FIRMWARE_IP6: &str = "fd00:ba70::2";
const HOST_IP6: &str = "fd00:ba70::1";

/// A namespace with a TAP device, the DNS responder and the firmware.
struct Fixture {
    log: PathBuf,
    dns: Option<Child>,
    firmware: Option<Child>,
    ns: Netns,
}

impl Fixture {
    fn new(receiver: &str) -> Fixture {
        let ns = Netns::with_tap("dns", "tapdns0", HOST_IP, Some(HOST_IP6));
        let log = std::env::temp_dir().join(format!("{}.log", ns.name));
        let _ = std::fs::remove_file(&log);
        let mut f = Fixture {
            log,
            dns: None,
            firmware: None,
            ns,
        };

        let mut dns =
            f.ns.command("python3")
                .arg(script("dns_responder.py"))
                .args([HOST_IP, "53"])
                .arg(&f.log)
                .args([
                    format!("receiver.test={HOST_IP}"),
                    format!("receiver6.test={HOST_IP6}"),
                    "silent.test=drop".to_string(),
                ])
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .spawn()
                .expect("python3 is needed for the host firmware tests");
        let mut ready = String::new();
        let _ = BufReader::new(dns.stdout.take().expect("piped")).read_line(&mut ready);
        f.dns = Some(dns);
        assert_eq!(ready.trim(), "ready", "the DNS responder did not start");

        f.firmware = Some(
            f.ns.command(env!("CARGO_BIN_EXE_baton-firmware-host"))
                .args([
                    f.ns.tap,
                    &format!("{FIRMWARE_IP}/24"),
                    HOST_IP,
                    &PORT.to_string(),
                    receiver,
                    &format!("{FIRMWARE_IP6}/64"),
                    HOST_IP,
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::inherit())
                .spawn()
                .expect("start the firmware"),
        );
        f.ns.wait_listening(FIRMWARE_IP, PORT);
        f
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        // `ip netns exec` execs its command: kill those processes by id (the namespace
        // goes after).
        for child in [self.firmware.as_mut(), self.dns.as_mut()]
            .into_iter()
            .flatten()
        {
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = std::fs::remove_file(&self.log);
    }
}

#[test]
fn receivers_named_by_host_names_are_resolved_and_unresolvable_names_do_not_block_others() {
    let f = Fixture::new("http://receiver.test:9000/RPC2");
    let checks = script("dns_checks.py");
    let url = format!("http://{FIRMWARE_IP}:{PORT}/RPC2");
    let log = f.log.to_str().expect("utf-8 path").to_string();
    let out = f.ns.python(
        180,
        &[
            checks.to_str().expect("utf-8 path"),
            &url,
            HOST_IP,
            HOST_IP6,
            &log,
        ],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let dns_log = std::fs::read_to_string(&f.log).unwrap_or_default();
    assert!(
        out.status.success(),
        "dns checks failed\n--- stdout\n{stdout}\n--- stderr\n{}\n--- DNS queries\n{dns_log}",
        String::from_utf8_lossy(&out.stderr)
    );
    print!("{stdout}");
    assert_eq!(stdout.lines().filter(|l| l.starts_with("ok ")).count(), 4);
    // Every lookup went through the responder: the firmware asked it.
    assert!(
        dns_log.contains(&format!("receiver.test A {HOST_IP}")),
        "{dns_log}"
    );
}
