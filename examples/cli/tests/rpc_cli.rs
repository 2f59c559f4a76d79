//! `baton rpc decode`: a request on stdin becomes `{"method", "params"}`
//! JSON (exit 0) or `{"fault"}` JSON with the reason on stderr (exit 1).

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn baton_rpc_decode(stdin: Stdio, input: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_baton"))
        .args(["rpc", "decode"])
        .stdin(stdin)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("baton runs");
    if let Some(input) = input {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input)
            .expect("write");
    }
    child.wait_with_output().expect("baton finishes")
}

fn decode(input: &[u8]) -> (i32, serde_json::Value) {
    let (code, json, _) = decode_with_stderr(input);
    (code, json)
}

fn decode_with_stderr(input: &[u8]) -> (i32, serde_json::Value, String) {
    let out = baton_rpc_decode(Stdio::piped(), Some(input));
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (
        out.status.code().unwrap_or(-1),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn cpython_call(method: &str, params: &str) -> Vec<u8> {
    let out = Command::new("python3")
        .arg("-c")
        .arg(format!(
            "import sys, xmlrpc.client\nsys.stdout.write(xmlrpc.client.dumps(({params},), methodname={method:?}))"
        ))
        .output()
        .expect("python3 runs");
    assert!(out.status.success());
    out.stdout
}

#[test]
fn rpc_decode_prints_method_and_params_with_spec_names() {
    let xml = cpython_call(
        "participant.message",
        "{'authenticationUser': 'admin', 'authenticationPassword': 'pw', \
          'conferenceName': 'c1', 'participantName': 'p1', 'message': 'hi', \
          'factoryPosition': 'top-left', 'duration': 5}",
    );
    let (code, json) = decode(&xml);
    assert_eq!(code, 0);
    assert_eq!(
        json,
        serde_json::json!({
            "method": "participant.message",
            "params": {
                "conferenceName": "c1",
                "participantName": "p1",
                "message": "hi",
                "factoryPosition": "top-left",
                "duration": 5,
                "authenticationUser": "admin",
                "authenticationPassword": "pw"
            }
        })
    );
}

#[test]
fn rpc_decode_prints_event_notification() {
    let xml = cpython_call(
        "eventNotification",
        "{'sourceIdentifier': 's', 'seqn': 3, 'events': [{'name': 'conferenceJoined', \
          'args': {'unauthenticated_source_alias': 'bob@x'}}]}",
    );
    let (code, json) = decode(&xml);
    assert_eq!(code, 0);
    assert_eq!(
        json,
        serde_json::json!({
            "method": "eventNotification",
            "params": {
                "sourceIdentifier": "s",
                "seqn": 3,
                "events": [{"name": "conferenceJoined", "args": {"unauthenticated_source_alias": ["bob@x"]}}]
            }
        })
    );
}

#[test]
fn rpc_decode_prints_fault_for_unknown_method_and_exits_1() {
    let xml = cpython_call("conference.Destroy", "{}");
    let (code, json, stderr) = decode_with_stderr(&xml);
    assert_eq!(code, 1);
    assert_eq!(stderr, "baton rpc decode: fault 1: method not supported\n");
    assert_eq!(
        json,
        serde_json::json!({"fault": {"faultCode": 1, "faultString": "method not supported"}})
    );
}

#[test]
fn rpc_decode_prints_fault_for_missing_parameter() {
    let xml = cpython_call(
        "factory.webex.add",
        "{'authenticationUser': 'a', 'authenticationPassword': 'b', 'conferenceName': 'c'}",
    );
    let (code, json) = decode(&xml);
    assert_eq!(code, 1);
    assert_eq!(
        json,
        serde_json::json!({"fault": {"faultCode": 101, "faultString": "missing parameter - sipUri"}})
    );
}

#[test]
fn rpc_decode_of_garbage_says_why_in_one_line_and_exits_1() {
    let (code, json, stderr) = decode_with_stderr(b"\x00\xffgarbage<<");
    assert_eq!(code, 1);
    assert_eq!(json["fault"]["faultCode"], 201);
    // One line: the fault, then what the codec found (and where).
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(
            "baton rpc decode: fault 201: operation failed: not an XML-RPC methodCall: "
        ),
        "{stderr}"
    );
    // Invalid UTF-8 anywhere is reported first, whole-document and in
    // place alike (the codec's rule): the 0xff at byte 1, not the NUL at 0.
    assert!(stderr.contains("invalid UTF-8 at byte 1"), "{stderr}");
}

#[test]
fn rpc_decode_exits_1_when_stdin_cannot_be_read() {
    // A directory as stdin: read(2) fails with EISDIR.
    let dir = std::fs::File::open(env!("CARGO_MANIFEST_DIR")).expect("open dir");
    let out = baton_rpc_decode(Stdio::from(dir), None);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
}
