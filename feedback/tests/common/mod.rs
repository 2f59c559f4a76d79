//! CPython `xmlrpc.client` as the independent peer.
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Stdio};

/// Runs `python3 -c script` with `stdin`; returns stdout (asserts success).
pub fn python(script: &str, stdin: &[u8]) -> Vec<u8> {
    let mut child = Command::new("python3")
        .arg("-c")
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin)
        .expect("write stdin");
    let out = child.wait_with_output().expect("python3 finishes");
    assert!(
        out.status.success(),
        "python3 failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// `xmlrpc.client.loads(stdin)` as JSON `[params, method]`; a fault as
/// `{"faultCode": .., "faultString": ..}`.
pub fn loads(xml: &[u8]) -> serde_json::Value {
    let script = "import sys, json, xmlrpc.client\n\
        try:\n    print(json.dumps(xmlrpc.client.loads(sys.stdin.buffer.read())))\n\
        except xmlrpc.client.Fault as f:\n    print(json.dumps({'faultCode': f.faultCode, 'faultString': f.faultString}))\n";
    serde_json::from_slice(&python(script, xml)).expect("json from python")
}

/// `xmlrpc.client.dumps((<param_expr>,), methodname=<method>)`.
pub fn dumps_call(method: &str, param_expr: &str) -> Vec<u8> {
    python(
        &format!(
            "import sys, xmlrpc.client\n\
             sys.stdout.write(xmlrpc.client.dumps(({param_expr},), methodname={method:?}))"
        ),
        b"",
    )
}

/// `xmlrpc.client.dumps((<value_expr>,), methodresponse=True)`.
pub fn dumps_response(value_expr: &str) -> Vec<u8> {
    python(
        &format!(
            "import sys, xmlrpc.client\n\
             sys.stdout.write(xmlrpc.client.dumps(({value_expr},), methodresponse=True))"
        ),
        b"",
    )
}

/// `xmlrpc.client.dumps(Fault(code, string), methodresponse=True)`.
pub fn dumps_fault(code: i32, string: &str) -> Vec<u8> {
    python(
        &format!(
            "import sys, xmlrpc.client\n\
             sys.stdout.write(xmlrpc.client.dumps(xmlrpc.client.Fault({code}, {string:?}), methodresponse=True))"
        ),
        b"",
    )
}
