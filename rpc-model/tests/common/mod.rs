//! CPython `xmlrpc.client` as the independent peer.
#![allow(dead_code)]

use std::io::Write;
use std::process::{Command, Stdio};

fn python(script: &str, stdin: &[u8]) -> Vec<u8> {
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

/// `xmlrpc.client.dumps((<params_expr>,), methodname=<method>)`;
/// `params_expr` is a Python expression (a dict, usually).
pub fn dumps_call(method: &str, params_expr: &str) -> Vec<u8> {
    let script = format!(
        "import sys, xmlrpc.client\nfrom xmlrpc.client import DateTime\n\
         sys.stdout.write(xmlrpc.client.dumps(({params_expr},), methodname={method:?}))"
    );
    python(&script, b"")
}

/// `xmlrpc.client.dumps(<params_tuple_expr>, methodname=<method>)`: any
/// number of params (e.g. `()` for none).
pub fn dumps_call_tuple(method: &str, params_tuple_expr: &str) -> Vec<u8> {
    let script = format!(
        "import sys, xmlrpc.client\n\
         sys.stdout.write(xmlrpc.client.dumps({params_tuple_expr}, methodname={method:?}))"
    );
    python(&script, b"")
}

/// `xmlrpc.client.dumps((<value_expr>,), methodresponse=True)`.
pub fn dumps_response(value_expr: &str) -> Vec<u8> {
    let script = format!(
        "import sys, xmlrpc.client\nfrom xmlrpc.client import DateTime\n\
         sys.stdout.write(xmlrpc.client.dumps(({value_expr},), methodresponse=True))"
    );
    python(&script, b"")
}

/// `xmlrpc.client.dumps(Fault(code, string), methodresponse=True)`.
pub fn dumps_fault(code: i32, string: &str) -> Vec<u8> {
    let script = format!(
        "import sys, xmlrpc.client\n\
         sys.stdout.write(xmlrpc.client.dumps(xmlrpc.client.Fault({code}, {string:?}), methodresponse=True))"
    );
    python(&script, b"")
}

/// `xmlrpc.client.loads(<xml>)` printed as JSON:
/// `{"method": ..., "params": [...]}`, or `{"fault": {...}}` for a fault.
/// dateTime values print as `{"dateTime": "<text>"}`.
pub fn loads(xml: &[u8]) -> serde_json::Value {
    let script = "import sys, json, xmlrpc.client\n\
        def conv(o):\n\
        \x20   if isinstance(o, xmlrpc.client.DateTime): return {'dateTime': o.value}\n\
        \x20   raise TypeError(o)\n\
        try:\n\
        \x20   params, method = xmlrpc.client.loads(sys.stdin.buffer.read())\n\
        \x20   out = {'method': method, 'params': list(params)}\n\
        except xmlrpc.client.Fault as f:\n\
        \x20   out = {'fault': {'faultCode': f.faultCode, 'faultString': f.faultString}}\n\
        sys.stdout.write(json.dumps(out, default=conv))";
    let out = python(script, xml);
    serde_json::from_slice(&out).expect("python printed JSON")
}

/// CPython reads a `methodResponse` with `loads` and writes it back with
/// `dumps(..., methodresponse=True)` (faults stay faults).
pub fn reloads_response(xml: &[u8]) -> Vec<u8> {
    let script = "import sys, xmlrpc.client\n\
        try:\n\
        \x20   params, _ = xmlrpc.client.loads(sys.stdin.buffer.read())\n\
        \x20   sys.stdout.write(xmlrpc.client.dumps(params, methodresponse=True))\n\
        except xmlrpc.client.Fault as f:\n\
        \x20   sys.stdout.write(xmlrpc.client.dumps(f, methodresponse=True))";
    python(script, xml)
}
