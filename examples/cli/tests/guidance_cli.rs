//! The real cause, in one line, with a non-zero exit: against the real
//! `baton serve` (in memory, on a free port).
//!
//! - `serve` takes its account from `BATON_USER` / `BATON_PASSWORD`, the
//!   variables every client command reads;
//! - `listen --register` with a wrong password stops with the device's
//!   fault instead of retrying forever;
//! - `provision` says the password is wrong, or the device is down,
//!   instead of "give --catalog FILE";
//! - `https://` against a plain-HTTP port says so, not rustls' "received
//!   corrupt message of type InvalidContentType".

mod common;

use std::io::Read;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use common::{baton, closed_port, serve_with, stderr, Serve};

const USER: &str = "guide";
const PASSWORD: &str = "guide-Secret";

fn serve() -> (Serve, String) {
    let (s, url, _) = serve_with(&["--user", USER, "--password", PASSWORD], &[]);
    (s, url)
}

#[test]
fn serve_takes_its_account_from_baton_user_and_password() {
    let (_s, url, banner) = serve_with(
        &[],
        &[("BATON_USER", "tms"), ("BATON_PASSWORD", "env-Secret")],
    );
    assert!(banner.iter().any(|l| l == "API account: tms"), "{banner:?}");
    assert!(
        banner.iter().all(|l| !l.contains("env-Secret")),
        "{banner:?}"
    );
    let out = baton(&[
        "call",
        &url,
        "device.query",
        "--user",
        "tms",
        "--password",
        "env-Secret",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // A user without a password is refused at start, with the reason.
    let out = Command::new(env!("CARGO_BIN_EXE_baton"))
        .args(["serve", "--memory", "--listen", "127.0.0.1:0"])
        .env_remove("BATON_PASSWORD")
        .env("BATON_USER", "tms")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("BATON_PASSWORD"), "{}", stderr(&out));
}

#[test]
fn listen_register_with_a_wrong_password_stops_with_the_fault() {
    let (_s, url) = serve();
    let mut child = Command::new(env!("CARGO_BIN_EXE_baton"))
        .args(["listen", "127.0.0.1:0", "--register", &url])
        .args(["--user", USER, "--password", "wrong"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id().to_string();
    let mut err = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut text = String::new();
        let _ = err.read_to_string(&mut text);
        let _ = tx.send((child.wait().unwrap(), text));
    });
    let Ok((status, text)) = rx.recv_timeout(Duration::from_secs(30)) else {
        let _ = Command::new("kill").args(["-KILL", &pid]).status();
        panic!("baton listen kept retrying a wrong password");
    };
    assert_eq!(status.code(), Some(1), "{text}");
    let last = text.lines().last().unwrap_or_default();
    assert!(
        last.starts_with(&format!(
            "baton listen: registering on {url} refused: fault "
        )),
        "{text}"
    );
    assert!(!text.contains("retrying"), "{text}");
}

#[test]
fn provision_names_a_wrong_password_or_a_device_that_is_down() {
    let (_s, url) = serve();
    let dir = std::env::temp_dir().join(format!("baton-guidance-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("cb.json");
    std::fs::write(&file, "{}").unwrap();
    let file = file.to_str().unwrap();

    let out = baton(&[
        "provision",
        &url,
        file,
        "--user",
        USER,
        "--password",
        "wrong",
    ]);
    let text = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("the device refused the account"), "{text}");
    assert!(text.contains("401"), "{text}");
    assert!(!text.contains("--catalog"), "{text}");

    let down = format!("http://127.0.0.1:{}", closed_port());
    let out = baton(&["provision", &down, file, "--user", USER, "--password", "x"]);
    let text = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{text}");
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("cannot reach the device"), "{text}");
    assert!(text.contains(&down), "the URL tried: {text}");
    assert!(!text.contains("--catalog"), "{text}");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn https_against_an_http_port_says_so() {
    let (_s, url) = serve();
    let https = url.replacen("http://", "https://", 1);
    let out = baton(&[
        "call",
        &https,
        "device.query",
        "--insecure",
        "--user",
        USER,
        "--password",
        PASSWORD,
    ]);
    let text = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{text}");
    assert_eq!(text.lines().count(), 1, "{text}");
    assert!(text.contains("did not answer in TLS"), "{text}");
    assert!(text.contains("try http://"), "{text}");
    assert!(text.contains(&https), "the URL tried: {text}");
    assert!(!text.contains("InvalidContentType"), "{text}");
}

#[test]
fn a_base_url_with_rpc2_works_and_http_errors_name_the_url() {
    let (_s, url) = serve();
    for base in [
        format!("{url}/RPC2"),
        format!("{url}/RPC2/"),
        format!("{url}/"),
    ] {
        let out = baton(&[
            "call",
            &base,
            "device.query",
            "--user",
            USER,
            "--password",
            PASSWORD,
        ]);
        assert_eq!(out.status.code(), Some(0), "{base}: {}", stderr(&out));
    }
    let elsewhere = format!("{url}/elsewhere");
    let out = baton(&["call", &elsewhere, "device.query"]);
    let text = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{text}");
    assert!(
        text.contains(&format!("HTTP status 404 from {elsewhere}/RPC2")),
        "{text}"
    );
}
