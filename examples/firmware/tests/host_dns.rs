//! Feedback receivers named by host names on the host build: each test
//! creates a network namespace with a TAP device (kernel side
//! 192.168.69.1/24), runs a DNS responder there (`tests/py/dns_responder.py`
//! on 192.168.69.1:53), runs `baton-firmware-host` (built with `dns`) on
//! the TAP device with that DNS server, and drives it with CPython
//! (`tests/py/dns_checks.py`) from inside the namespace.
//!
//! Needs root (or CAP_NET_ADMIN), `ip` (iproute2) and python3; the test
//! fails, it does not skip, when they are missing.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

const FIRMWARE_IP: &str = "192.168.69.2";
const HOST_IP: &str = "192.168.69.1";
const PORT: u16 = 8080;
const FIRMWARE_IP6: &str = "fd00:ba70::2";
const HOST_IP6: &str = "fd00:ba70::1";

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

fn script(name: &str) -> PathBuf {
    [env!("CARGO_MANIFEST_DIR"), "tests", "py", name]
        .iter()
        .collect()
}

/// A namespace with a TAP device, the DNS responder and the firmware.
struct Fixture {
    ns: String,
    log: PathBuf,
    dns: Option<Child>,
    firmware: Option<Child>,
}

impl Fixture {
    fn new(receiver: &str) -> Fixture {
        let ns = format!("baton-dns-{}", std::process::id());
        let tap = "tapdns0";
        ip(&["netns", "add", &ns]);
        let log = std::env::temp_dir().join(format!("{ns}.log"));
        let _ = std::fs::remove_file(&log);
        let mut f = Fixture {
            ns,
            log,
            dns: None,
            firmware: None,
        };
        let in_ns = |args: &[&str]| {
            let mut a = vec!["netns", "exec", &f.ns, "ip"];
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

        let responder = script("dns_responder.py");
        let mut dns = Command::new("ip")
            .args(["netns", "exec", &f.ns, "python3"])
            .arg(&responder)
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

        let port = PORT.to_string();
        let address = format!("{FIRMWARE_IP}/24");
        let address6 = format!("{FIRMWARE_IP6}/64");
        f.firmware = Some(
            Command::new("ip")
                .args([
                    "netns",
                    "exec",
                    &f.ns,
                    env!("CARGO_BIN_EXE_baton-firmware-host"),
                    tap,
                    &address,
                    HOST_IP,
                    &port,
                    receiver,
                    &address6,
                    HOST_IP,
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::inherit())
                .spawn()
                .expect("start the firmware"),
        );
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
                "netns", "exec", &self.ns, "timeout", "-k", "5", "180", "python3",
            ])
            .args(args)
            .output()
            .expect("python3 is needed for the host firmware tests")
    }
}

impl Drop for Fixture {
    fn drop(&mut self) {
        // `ip netns exec` execs its command: kill those processes by id.
        for child in [self.firmware.as_mut(), self.dns.as_mut()]
            .into_iter()
            .flatten()
        {
            let _ = child.kill();
            let _ = child.wait();
        }
        let _ = Command::new("ip").args(["netns", "del", &self.ns]).status();
        let _ = std::fs::remove_file(&self.log);
    }
}

#[test]
fn receivers_named_by_host_names_are_resolved_and_unresolvable_names_do_not_block_others() {
    let f = Fixture::new("http://receiver.test:9000/RPC2");
    let checks = script("dns_checks.py");
    let url = format!("http://{FIRMWARE_IP}:{PORT}/RPC2");
    let log = f.log.to_str().expect("utf-8 path").to_string();
    let out = f.python(&[
        checks.to_str().expect("utf-8 path"),
        &url,
        HOST_IP,
        HOST_IP6,
        &log,
    ]);
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
