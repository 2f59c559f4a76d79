//! What the host firmware tests share: a network namespace with a TAP device whose kernel
//! side has the peer's addresses (the firmware's embassy-net stack takes the other end),
//! running commands inside it, waiting for a TCP listener, and the helper scripts.
//!
//! Needs root (or CAP_NET_ADMIN), `ip` (iproute2) and python3; a test fails, it does not
//! skip, when they are missing.

#![allow(dead_code)] // each test binary uses its own part

use std::path::PathBuf;
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// Runs `ip args`; panics with its stderr when it fails.
pub fn ip(args: &[&str]) -> Output {
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

/// A script of `tests/py/`.
pub fn script(name: &str) -> PathBuf {
    [env!("CARGO_MANIFEST_DIR"), "tests", "py", name]
        .iter()
        .collect()
}

static NEXT: AtomicU32 = AtomicU32::new(0);

/// A network namespace with the TAP device `tap` up, the kernel side at `ipv4` (a `/24`)
/// and optionally `ipv6` (a `/64`, no duplicate address detection). Deleted on drop: drop
/// the processes running in it first (declare this field after them).
pub struct Netns {
    /// The namespace's name.
    pub name: String,
    /// The TAP device's name.
    pub tap: &'static str,
}

impl Netns {
    /// Creates the namespace `baton-<prefix>-<pid>-<n>` and its TAP device.
    pub fn with_tap(prefix: &str, tap: &'static str, ipv4: &str, ipv6: Option<&str>) -> Netns {
        let name = format!(
            "baton-{prefix}-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::SeqCst)
        );
        ip(&["netns", "add", &name]);
        let ns = Netns { name, tap };
        ns.ip(&["link", "set", "lo", "up"]);
        ns.ip(&["tuntap", "add", "mode", "tap", "name", tap]);
        ns.ip(&["addr", "add", &format!("{ipv4}/24"), "dev", tap]);
        if let Some(ipv6) = ipv6 {
            ns.ip(&[
                "-6",
                "addr",
                "add",
                &format!("{ipv6}/64"),
                "dev",
                tap,
                "nodad",
            ]);
        }
        ns.ip(&["link", "set", tap, "up"]);
        ns
    }

    /// Runs `ip args` inside the namespace.
    pub fn ip(&self, args: &[&str]) -> Output {
        let mut a = vec!["netns", "exec", &self.name, "ip"];
        a.extend_from_slice(args);
        ip(&a)
    }

    /// A command running `program` inside the namespace (`ip netns exec` execs it, so
    /// killing the child kills the program).
    pub fn command(&self, program: impl AsRef<std::ffi::OsStr>) -> Command {
        let mut c = Command::new("ip");
        c.args(["netns", "exec", &self.name]).arg(program);
        c
    }

    /// Runs python3 with `args` inside the namespace, killed after `limit_s` seconds (a
    /// hung check fails the test instead of hanging it).
    pub fn python(&self, limit_s: u32, args: &[&str]) -> Output {
        self.command("timeout")
            .args(["-k", "5", &limit_s.to_string(), "python3"])
            .args(args)
            .output()
            .expect("python3 is needed for the host firmware tests")
    }

    /// Waits (up to 10 s) until something accepts TCP connections on `host:port`, as seen
    /// from inside the namespace.
    pub fn wait_listening(&self, host: &str, port: u16) {
        let start = Instant::now();
        loop {
            let probe = self.python(
                15,
                &[
                    "-c",
                    &format!(
                        "import socket; socket.create_connection(('{host}', {port}), timeout=1).close()"
                    ),
                ],
            );
            if probe.status.success() {
                return;
            }
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "nothing listening on {host}:{port}: {}",
                String::from_utf8_lossy(&probe.stderr)
            );
            sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Netns {
    fn drop(&mut self) {
        let _ = Command::new("ip")
            .args(["netns", "del", &self.name])
            .status();
    }
}
