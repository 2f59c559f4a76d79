//! `baton serve` end to end: the real binary on a free port, driven by
//! CPython (`xmlrpc.client`, `urllib`, `xmlrpc.server` as the feedback
//! receiver) through provisioning, a conference's life and its events;
//! then restarted on the same data directory, the provisioned ConfBundle
//! and the feedback receiver are still there (and the receiver gets
//! `applicationStarted`).

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};

const USER: &str = "e2e";
const PASSWORD: &str = "e2e-Secret";

struct Server {
    child: Child,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(data_dir: &Path) -> Server {
    start_with(data_dir, &[])
}

fn start_with(data_dir: &Path, extra: &[&str]) -> Server {
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
        .arg(data_dir)
        .args(extra)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("baton serve");
    let stdout = child.stdout.take().unwrap();
    let mut lines = BufReader::new(stdout).lines();
    let first = lines.next().unwrap().unwrap();
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://") || w.starts_with("https://"))
        .unwrap_or_else(|| panic!("no URL in {first:?}"))
        .to_owned();
    let mut printed = vec![first];
    for _ in 0..2 {
        printed.push(lines.next().unwrap().unwrap());
    }
    // The password given on the command line is never printed.
    assert!(printed.iter().all(|l| !l.contains(PASSWORD)), "{printed:?}");
    assert!(
        printed.iter().any(|l| l == &format!("API account: {USER}")),
        "{printed:?}"
    );
    // Keep draining stdout so the server never blocks on it.
    std::thread::spawn(move || for _ in lines {});
    Server { child, url }
}

/// Stops with SIGINT (graceful shutdown), as Ctrl-C would.
fn stop(mut s: Server) {
    let pid = s.child.id().to_string();
    let ok = Command::new("kill").args(["-INT", &pid]).status().unwrap();
    assert!(ok.success());
    let status = s.child.wait().unwrap();
    assert!(status.success(), "baton serve exited with {status}");
}

fn script() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/serve_e2e.py")
}

#[test]
fn cpython_scenario_then_restart_keeps_bundles_and_receivers() {
    let data = std::env::temp_dir().join(format!("baton-serve-e2e-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);

    let server = start(&data);
    let out = Command::new("python3")
        .arg(script())
        .args(["phase1", &server.url, USER, PASSWORD])
        .output()
        .expect("python3");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(
        out.status.success(),
        "phase 1 failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let summary: serde_json::Value = serde_json::from_str(stdout.trim()).unwrap();
    let port = summary["receiver_port"].as_u64().unwrap().to_string();
    stop(server);

    // Phase 2: the receiver comes up on the same port first, then the
    // server restarts on the same data directory.
    let mut py = Command::new("python3")
        .arg(script())
        .args(["phase2", USER, PASSWORD, &port])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3");
    let mut py_out = BufReader::new(py.stdout.take().unwrap());
    let mut ready = String::new();
    py_out.read_line(&mut ready).unwrap();
    assert_eq!(ready.trim(), "ready");
    let server = start(&data);
    writeln!(py.stdin.take().unwrap(), "{}", server.url).unwrap();
    let mut rest = String::new();
    std::io::Read::read_to_string(&mut py_out, &mut rest).unwrap();
    let out = py.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "phase 2 failed:\n{rest}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(rest.contains("applicationStarted"), "{rest}");
    stop(server);
    let _ = std::fs::remove_dir_all(&data);
}

/// "A crash (SIGKILL) mid-write loses nothing that was acknowledged":
/// several CPython writers PUT ConfBundles as fast as they can; the server
/// is killed with SIGKILL while they run; after a restart on the same
/// data directory every acknowledged (201) ConfBundle is there.
#[test]
fn sigkill_mid_write_loses_no_acknowledged_confbundle() {
    let data = std::env::temp_dir().join(format!("baton-serve-kill-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let server = start(&data);
    let mut writers: Vec<_> = (0..3)
        .map(|w| {
            Command::new("python3")
                .arg(script())
                .args(["flood", &server.url, USER, PASSWORD, &w.to_string()])
                .stdout(Stdio::piped())
                .spawn()
                .expect("python3")
        })
        .collect();
    // Let them write a while (at least 100 acknowledgements from the first).
    let first = writers[0].stdout.take().unwrap();
    let mut acked_first: Vec<String> = Vec::new();
    let mut lines = BufReader::new(first).lines();
    while acked_first.len() < 100 {
        acked_first.push(lines.next().unwrap().unwrap());
    }
    let pid = server.child.id().to_string();
    assert!(Command::new("kill")
        .args(["-KILL", &pid])
        .status()
        .unwrap()
        .success());
    drop(server);
    acked_first.extend(lines.map_while(Result::ok));
    let mut acked = acked_first;
    for w in writers.iter_mut().skip(1) {
        let mut out = String::new();
        std::io::Read::read_to_string(w.stdout.as_mut().unwrap(), &mut out).unwrap();
        acked.extend(out.lines().map(str::to_owned));
    }
    for mut w in writers {
        let _ = w.wait();
    }
    let server = start(&data);
    let out = Command::new("python3")
        .arg(script())
        .args(["list", &server.url, USER, PASSWORD])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let present: Vec<String> = serde_json::from_slice(&out.stdout).unwrap();
    let missing: Vec<&String> = acked.iter().filter(|id| !present.contains(id)).collect();
    assert!(acked.len() >= 100);
    assert!(
        missing.is_empty(),
        "acknowledged but lost after SIGKILL: {missing:?}"
    );
    stop(server);
    let _ = std::fs::remove_dir_all(&data);
}

/// HTTPS from the `--config` file's `[tls]` certificate and key (a
/// self-signed pair made with openssl), called by CPython over TLS.
#[test]
fn https_with_the_config_files_certificate() {
    let dir = std::env::temp_dir().join(format!("baton-serve-tls-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let made = Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
        ])
        .args(["-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"])
        .arg("-keyout")
        .arg(dir.join("key.pem"))
        .arg("-out")
        .arg(dir.join("cert.pem"))
        .output()
        .expect("openssl");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let config = dir.join("appliance.toml");
    std::fs::write(
        &config,
        "memory = true\n[tls]\ncert = \"cert.pem\"\nkey = \"key.pem\"\n",
    )
    .unwrap();
    let server = start_with(&dir.join("data"), &["--config", config.to_str().unwrap()]);
    assert!(
        server.url.starts_with("https://127.0.0.1:"),
        "{}",
        server.url
    );
    let code = r#"
import ssl, sys, xmlrpc.client
cafile, url, user, password = sys.argv[1:5]
ctx = ssl.create_default_context(cafile=cafile)
s = xmlrpc.client.ServerProxy(url + "/RPC2", context=ctx)
r = s.device.query({"authenticationUser": user, "authenticationPassword": password})
assert r["model"] == "Cisco TelePresence Conductor", r
try:
    s.device.query({"authenticationUser": user, "authenticationPassword": "wrong"})
    raise SystemExit("wrong password accepted")
except xmlrpc.client.Fault as f:
    assert f.faultCode == 15, f
print("ok")
"#;
    let cafile = dir.join("cert.pem");
    let out = Command::new("python3")
        .args([
            "-c",
            code,
            cafile.to_str().unwrap(),
            &server.url,
            USER,
            PASSWORD,
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // --memory from the file: nothing written to the data directory.
    assert!(!dir.join("data").join("baton.redb").exists());
    stop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
