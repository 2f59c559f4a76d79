//! `baton call` over 127.0.0.1: against a CPython `SimpleXMLRPCServer`
//! that reports the types it received, and against baton-tokio's server
//! (credentials from flags or the environment, faults as JSON with exit
//! status 1, transport errors 3, usage errors 2).

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Output, Stdio};

use baton_tokio::baton_rpc::device::{DeviceQueryParams, DeviceQueryReply};
use baton_tokio::baton_rpc::value::Iso8601;
use baton_tokio::{
    serve, Answer, CallContext, ConductorHandler, Listener, Role, RpcResult, ServerBuilder,
    ServerConfig, Users,
};
use serde_json::Value;

/// Echoes its struct with each member's Python type; `fail` raises fault 4.
const PEER: &str = r#"
import socketserver, xmlrpc.client
from xmlrpc.server import SimpleXMLRPCServer, SimpleXMLRPCRequestHandler
class H(SimpleXMLRPCRequestHandler):
    rpc_paths = ("/RPC2",)
class S(socketserver.ThreadingMixIn, SimpleXMLRPCServer):
    daemon_threads = True
srv = S(("127.0.0.1", 0), requestHandler=H, logRequests=False, allow_none=True)
def kind(v):
    if isinstance(v, dict):
        return {k: kind(x) for k, x in v.items()}
    if isinstance(v, list):
        return [kind(x) for x in v]
    return type(v).__name__
def types(p):
    return {"types": kind(p), "echo": p}
def fail(p):
    raise xmlrpc.client.Fault(4, "no such conference or auto attendant")
srv.register_function(types, "test.types")
srv.register_function(fail, "conference.destroy")
print(srv.server_address[1], flush=True)
srv.serve_forever()
"#;

struct Py(Child, u16);

impl Drop for Py {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn python_peer() -> Py {
    let mut child = Command::new("python3")
        .args(["-u", "-c", PEER])
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let port = line.trim().parse().unwrap();
    Py(child, port)
}

fn baton(args: &[&str], env: &[(&str, &str)]) -> (i32, Value, String) {
    let out: Output = Command::new(env!("CARGO_BIN_EXE_baton"))
        .args(args)
        .env_remove("BATON_USER")
        .env_remove("BATON_PASSWORD")
        .envs(env.iter().copied())
        .output()
        .expect("baton runs");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let json = serde_json::from_str(&stdout).unwrap_or(Value::String(stdout));
    (
        out.status.code().unwrap_or(-1),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn values_are_typed_by_look_and_by_override() {
    let py = python_peer();
    let url = format!("http://127.0.0.1:{}", py.1);
    let (code, json, stderr) = baton(
        &[
            "call",
            &url,
            "test.types",
            "n=5",
            "neg=-3",
            "flag=true",
            "ratio=1.5",
            "alias=meet.alice",
            "pin:string=1234",
            "big=12345678901",
            "count:int=7",
            "on:bool=1",
            "d:double=2",
            "blob:base64=aGVsbG8=",
            "when:datetime=20240102T03:04:05",
            "list=[1, \"a\", true]",
            "obj={\"k\": {\"x\": 1}}",
            "limits.ports=4",
            "limits.name:string=7",
        ],
        &[],
    );
    assert_eq!(code, 0, "{stderr}");
    let t = &json["types"];
    assert_eq!(t["n"], "int");
    assert_eq!(t["neg"], "int");
    assert_eq!(t["flag"], "bool");
    assert_eq!(t["ratio"], "float");
    assert_eq!(t["alias"], "str");
    assert_eq!(t["pin"], "str");
    assert_eq!(t["big"], "str");
    assert_eq!(t["count"], "int");
    assert_eq!(t["on"], "bool");
    assert_eq!(t["d"], "float");
    assert_eq!(t["blob"], "Binary");
    assert_eq!(t["when"], "DateTime");
    assert_eq!(t["list"], serde_json::json!(["int", "str", "bool"]));
    assert_eq!(t["obj"], serde_json::json!({"k": {"x": "int"}}));
    assert_eq!(
        t["limits"],
        serde_json::json!({"ports": "int", "name": "str"})
    );
    // The reply printed as plain JSON.
    let e = &json["echo"];
    assert_eq!(e["n"], 5);
    assert_eq!(e["pin"], "1234");
    assert_eq!(e["ratio"], 1.5);
    assert_eq!(e["blob"], "aGVsbG8=");
    assert_eq!(e["when"], "20240102T03:04:05");
    assert_eq!(e["limits"]["ports"], 4);
    // Without credentials none are added.
    assert!(t.get("authenticationUser").is_none());
}

#[test]
fn credentials_come_from_flags_or_the_environment() {
    let py = python_peer();
    let url = format!("http://127.0.0.1:{}", py.1);
    let (code, json, _) = baton(
        &[
            "call",
            &url,
            "test.types",
            "--user",
            "api",
            "--password",
            "pw",
        ],
        &[],
    );
    assert_eq!(code, 0);
    assert_eq!(json["echo"]["authenticationUser"], "api");
    assert_eq!(json["echo"]["authenticationPassword"], "pw");
    let (code, json, _) = baton(
        &["call", &format!("{url}/RPC2"), "test.types"],
        &[("BATON_USER", "envuser"), ("BATON_PASSWORD", "envpw")],
    );
    assert_eq!(code, 0);
    assert_eq!(json["echo"]["authenticationUser"], "envuser");
    assert_eq!(json["echo"]["authenticationPassword"], "envpw");
    // A flag wins over the environment; a param wins over both.
    let (_, json, _) = baton(
        &[
            "call",
            &url,
            "test.types",
            "--user",
            "flag",
            "authenticationPassword=param",
        ],
        &[("BATON_USER", "envuser"), ("BATON_PASSWORD", "envpw")],
    );
    assert_eq!(json["echo"]["authenticationUser"], "flag");
    assert_eq!(json["echo"]["authenticationPassword"], "param");
}

#[test]
fn a_fault_is_printed_as_json_with_exit_status_1() {
    let py = python_peer();
    let url = format!("http://127.0.0.1:{}", py.1);
    let (code, json, _) = baton(
        &["call", &url, "conference.destroy", "conferenceName=x"],
        &[],
    );
    assert_eq!(code, 1);
    assert_eq!(json["faultCode"], 4);
    assert_eq!(json["faultString"], "no such conference or auto attendant");
}

struct Device;

impl ConductorHandler for Device {
    async fn device_query(
        &self,
        _cx: &CallContext,
        _p: DeviceQueryParams<'_>,
    ) -> RpcResult<DeviceQueryParams<'static>> {
        Answer::new(&DeviceQueryReply {
            current_time: Some(Iso8601("20240102T03:04:05")),
            software_version: Some("XC4.3.1"),
            api_version: Some("4.0"),
            total_video_ports: Some(80),
            ..Default::default()
        })
    }
}

fn baton_server() -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let tcp = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(tcp.local_addr().unwrap()).unwrap();
            let users = Users::new().with("api", "secret", Role::Admin);
            let app = ServerBuilder::new(Device, users).router();
            serve(
                Listener::http(tcp),
                app,
                &ServerConfig::default(),
                std::future::pending::<()>(),
            )
            .await
            .unwrap();
        });
    });
    rx.recv().unwrap()
}

#[test]
fn against_the_baton_tokio_server() {
    let addr = baton_server();
    let url = format!("http://{addr}");
    let (code, json, stderr) = baton(
        &[
            "call",
            &url,
            "device.query",
            "--user",
            "api",
            "--password",
            "secret",
        ],
        &[],
    );
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(json["softwareVersion"], "XC4.3.1");
    assert_eq!(json["totalVideoPorts"], 80);
    assert_eq!(json["currentTime"], "20240102T03:04:05");
    // Wrong password: fault 15; no credentials: fault 101.
    let (code, json, _) = baton(
        &[
            "call",
            &url,
            "device.query",
            "--user",
            "api",
            "--password",
            "nope",
        ],
        &[],
    );
    assert_eq!((code, json["faultCode"].as_i64()), (1, Some(15)));
    let (code, json, _) = baton(&["call", &url, "device.query"], &[]);
    assert_eq!((code, json["faultCode"].as_i64()), (1, Some(101)));
    // Not implemented by the device: fault 1.
    let (code, json, _) = baton(
        &[
            "call",
            &url,
            "participant.enumerate",
            "--user",
            "api",
            "--password",
            "secret",
        ],
        &[],
    );
    assert_eq!((code, json["faultCode"].as_i64()), (1, Some(1)));
}

#[test]
fn an_http_error_is_exit_status_3_with_the_status() {
    let py = python_peer();
    let url = format!("http://127.0.0.1:{}/elsewhere", py.1);
    let (code, _, stderr) = baton(&["call", &url, "test.types"], &[]);
    assert_eq!(code, 3);
    assert!(stderr.contains("HTTP status 404"), "{stderr}");
}

#[test]
fn transport_and_usage_errors() {
    // Nothing listens on port 9 of 127.0.0.1 (discard, not served here).
    let (code, _, stderr) = baton(&["call", "http://127.0.0.1:9", "device.query"], &[]);
    assert_eq!(code, 3, "{stderr}");
    assert!(stderr.contains("baton call:"), "{stderr}");
    let (code, _, stderr) = baton(&["call", "http://127.0.0.1:9", "x", "n:int=abc"], &[]);
    assert_eq!(code, 2);
    assert!(stderr.contains("not a 32-bit integer"), "{stderr}");
    let (code, _, stderr) = baton(&["call", "http://127.0.0.1:9", "x", "novalue"], &[]);
    assert_eq!(code, 2, "{stderr}");
    let (code, _, stderr) = baton(&["call", "ftp://127.0.0.1:9", "x"], &[]);
    assert_eq!(code, 3, "{stderr}");
}

#[test]
fn help_has_an_example() {
    let out = Command::new(env!("CARGO_BIN_EXE_baton"))
        .args(["call", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(help.contains("Examples:"), "{help}");
    assert!(help.contains("baton call http://"), "{help}");
    assert!(help.contains("BATON_USER"), "{help}");
}
