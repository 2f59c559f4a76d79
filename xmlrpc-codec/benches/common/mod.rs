//! What the decode and encode benches share: the payloads, and the peers' value trees.
//!
//! Each bench binary uses a part of this module.
#![allow(dead_code)]

pub mod baton;
pub mod peers;
pub mod types;

use std::path::PathBuf;
use std::process::Command;

/// One benchmark document.
pub struct Payload {
    /// Short name used as the criterion group name.
    pub name: &'static str,
    /// The document every implementation decodes (CPython's form).
    pub bytes: Vec<u8>,
    /// The spec's own text when it differs (mixed-case `<String>`/`<Array>`, which only baton
    /// accepts): baton decodes it as an extra line in the same group.
    pub verbatim: Option<Vec<u8>>,
    /// The method name for calls, `None` for responses.
    pub method: Option<&'static str>,
}

impl Payload {
    /// The document as text (the peers take `&str`).
    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.bytes).expect("payloads are UTF-8")
    }

    /// The document as a `methodResponse` for `xmlrpc` 0.15, which is a client and parses
    /// responses only: a call's `<params>` re-wrapped (same values, same size within a few bytes).
    pub fn as_response_text(&self) -> String {
        let text = self.text();
        if self.method.is_none() {
            return text.to_owned();
        }
        let params = text
            .find("<params>")
            .expect("calls in the bench have params");
        let end = text.rfind("</methodCall>").expect("a methodCall");
        format!(
            "<?xml version='1.0'?>\n<methodResponse>\n{}</methodResponse>\n",
            &text[params..end]
        )
    }
}

fn bench_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../testdata/bench")
}

fn read(file: &str) -> Vec<u8> {
    let path = bench_dir().join(file);
    if !path.exists() {
        // The 4.8 MB response is generated, not committed.
        let script =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../scripts/gen_bench_payloads.py");
        eprintln!(
            "{} is missing: running {}",
            path.display(),
            script.display()
        );
        let status = Command::new("python3")
            .arg(&script)
            .status()
            .expect("python3 runs the payload generator");
        assert!(status.success(), "gen_bench_payloads.py failed");
    }
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The spec's `eventNotification` example (CPython's form, plus the verbatim text for baton).
pub fn event_notification() -> Payload {
    Payload {
        name: "event_notification",
        bytes: read("event_notification_canonical.xml"),
        verbatim: Some(read("event_notification.xml")),
        method: Some("eventNotification"),
    }
}

/// `factory.conferencecreate` with every optional parameter.
pub fn conference_create() -> Payload {
    Payload {
        name: "conference_create",
        bytes: read("conference_create.xml"),
        verbatim: None,
        method: Some("factory.conferencecreate"),
    }
}

/// `participant.enumerate` response, 2,400 participants (about 4.8 MB).
pub fn participant_enumerate() -> Payload {
    Payload {
        name: "participant_enumerate_2400",
        bytes: read("participant_enumerate.xml"),
        verbatim: None,
        method: None,
    }
}
