//! The `baton serve --memory` fixture on a free port and a way to run
//! `baton`, shared by the tests that drive the real emulator.

#![allow(dead_code)] // each test file uses part of it

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};

/// A running `baton serve`, killed on drop.
pub struct Serve(Child);

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `baton serve --memory` on a free port with `args` and `env`: the
/// process, its URL and its banner.
pub fn serve_with(args: &[&str], env: &[(&str, &str)]) -> (Serve, String, Vec<String>) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_baton"));
    cmd.args(["serve", "--memory", "--listen", "127.0.0.1:0"])
        .args(args)
        .env("RUST_LOG", "warn")
        .env_remove("BATON_USER")
        .env_remove("BATON_PASSWORD")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().expect("baton serve");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let banner: Vec<String> = (0..3)
        .map(|_| lines.next().expect("a banner line").expect("a line"))
        .collect();
    let url = banner[0]
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {banner:?}"))
        .to_owned();
    std::thread::spawn(move || for _ in lines {});
    (Serve(child), url, banner)
}

/// Runs `baton` with `args` (no `BATON_USER` / `BATON_PASSWORD` from the
/// environment).
pub fn baton(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_baton"))
        .args(args)
        .env_remove("BATON_USER")
        .env_remove("BATON_PASSWORD")
        .output()
        .expect("baton runs")
}

/// What a run printed on stderr.
pub fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A port of 127.0.0.1 where nothing listens (bound, then released).
pub fn closed_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}
