//! Requests per second of baton-tokio's server, against CPython's
//! threading `SimpleXMLRPCServer` serving the same replies, same machine,
//! same run (issue 6).
//!
//! ```text
//! cargo bench -p baton-tokio --bench server -- [--seconds 3] [--warm-up 1] [--connections 4]
//! ```
//!
//! Under `cargo test --benches` (no `--bench` argument) it makes one short
//! smoke run (0.2 s per cell).
//!
//! A load test, not a criterion micro-benchmark: `--connections` HTTP/1.1
//! keep-alive connections each send one request after the other (the next
//! when the previous answer is read in full) for `--seconds`, after
//! `--warm-up` seconds whose requests are not counted. The load generator
//! is a single-threaded tokio runtime (hyper client connections); the
//! baton server runs on its own two-worker runtime; CPython
//! (`scripts/bench_rpc_server.py`) is a separate process. Everything shares
//! the machine's cores.
//!
//! Calls: `device.query` and `participant.enumerate` answering 100
//! participants. CPython serves baton's own reply documents (loaded once
//! with `xmlrpc.client.loads`, marshalled again on every call); before
//! measuring, both servers' answers are decoded and checked equal.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::{header, Request};
use http_body_util::{BodyExt, Full};
use hyper_util::rt::TokioIo;
use tokio::net::{TcpListener, TcpStream};

use baton_tokio::baton_rpc::device::{DeviceQueryParams, DeviceQueryReply};
use baton_tokio::baton_rpc::enums::{FactoryBridgeType, ParticipantProtocol, ParticipantType};
use baton_tokio::baton_rpc::participant::{
    Participant, ParticipantEnumerateParams, ParticipantEnumerateReply,
};
use baton_tokio::baton_rpc::value::Iso8601;
use baton_tokio::{
    serve, Answer, CallContext, ConductorHandler, Listener, Role, RpcResult, ServerBuilder,
    ServerConfig, Users,
};

const USER: &str = "bench";
const PASSWORD: &str = "bench-password";
const PARTICIPANTS: usize = 100;

/// The device: a fixed `device.query` and 100 participants.
#[derive(Clone)]
struct Device {
    names: std::sync::Arc<Vec<(String, String, String)>>,
}

impl Device {
    fn new() -> Self {
        let names = (0..PARTICIPANTS)
            .map(|i| {
                (
                    format!("participant-{i:04}"),
                    format!("sip:user{i}@video.example.com"),
                    format!("User {i} <Room & Desk>"),
                )
            })
            .collect();
        Device {
            names: std::sync::Arc::new(names),
        }
    }
}

impl ConductorHandler for Device {
    async fn device_query(
        &self,
        _cx: &CallContext,
        _p: DeviceQueryParams<'_>,
    ) -> RpcResult<DeviceQueryParams<'static>> {
        Answer::new(&DeviceQueryReply {
            current_time: Some(Iso8601("20240102T03:04:05")),
            serial: Some("0A1B2C3D"),
            software_version: Some("XC4.3.1"),
            build_version: Some("77777"),
            model: Some("Cisco TelePresence Conductor"),
            api_version: Some("4.0"),
            total_video_ports: Some(80),
        })
    }

    async fn participant_enumerate(
        &self,
        _cx: &CallContext,
        _p: ParticipantEnumerateParams<'_>,
    ) -> RpcResult<ParticipantEnumerateParams<'static>> {
        let list: Vec<Participant<'_>> = self
            .names
            .iter()
            .map(|(name, address, display)| Participant {
                mcu_ip_address: Some("10.0.0.5"),
                factory_conference_id: Some("a7062510-5625-11e1-bdb0-0010f31a4434"),
                participant_name: Some(name),
                participant_type: Some(ParticipantType::AdHoc),
                participant_protocol: Some(ParticipantProtocol::Sip),
                conference_name: Some("meet.alice"),
                address: Some(address),
                display_name: Some(display),
                factory_bridge_type: Some(FactoryBridgeType::default()),
                audio_rx_muted: Some(false),
                audio_tx_muted: Some(false),
                video_rx_muted: Some(false),
                video_tx_muted: Some(true),
                call_state: Some("connected"),
                ..Default::default()
            })
            .collect();
        Answer::new(&ParticipantEnumerateReply {
            enumerate_id: None,
            current_revision: None,
            participants: list.as_slice(),
        })
    }
}

struct Options {
    seconds: f64,
    warm_up: f64,
    connections: usize,
}

fn options() -> Options {
    let mut o = Options {
        seconds: 3.0,
        warm_up: 1.0,
        connections: 4,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `cargo bench` passes `--bench`; without it (`cargo test --benches`)
    // one short smoke run checks the harness and the replies.
    if !args.iter().any(|a| a == "--bench") {
        o.seconds = 0.2;
        o.warm_up = 0.0;
    }
    let mut i = 0;
    while i < args.len() {
        let value = args.get(i + 1).and_then(|v| v.parse::<f64>().ok());
        match (args[i].as_str(), value) {
            ("--seconds", Some(v)) => o.seconds = v,
            ("--warm-up", Some(v)) => o.warm_up = v,
            ("--connections", Some(v)) => o.connections = v as usize,
            _ => {
                i += 1; // `--bench` from cargo, and anything else: ignored
                continue;
            }
        }
        i += 2;
    }
    o
}

/// Starts baton-tokio's server on its own two-worker runtime.
fn start_baton() -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let tcp = TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(tcp.local_addr().unwrap()).unwrap();
            let config = ServerConfig::default(); // 4 served at once
            let users = Users::new().with(USER, PASSWORD, Role::Admin);
            let app = ServerBuilder::new(Device::new(), users)
                .config(config.clone())
                .router();
            serve(
                Listener::http(tcp),
                app,
                &config,
                std::future::pending::<()>(),
            )
            .await
            .unwrap();
        });
    });
    rx.recv().unwrap()
}

struct Python(Child);

impl Drop for Python {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_python(replies: &[(&str, Vec<u8>)]) -> (Python, SocketAddr) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = std::env::temp_dir().join(format!("baton-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut map = serde_json::Map::new();
    for (method, body) in replies {
        let path = dir.join(format!("{method}.xml"));
        std::fs::write(&path, body).unwrap();
        map.insert((*method).to_owned(), path.display().to_string().into());
    }
    let index = dir.join("replies.json");
    std::fs::write(&index, serde_json::Value::Object(map).to_string()).unwrap();
    let mut child = Command::new("python3")
        .arg(root.join("scripts/bench_rpc_server.py"))
        .arg(&index)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("python3 runs");
    let mut line = String::new();
    std::io::BufRead::read_line(
        &mut std::io::BufReader::new(child.stdout.take().unwrap()),
        &mut line,
    )
    .unwrap();
    let port: u16 = line.trim().parse().expect("the script prints its port");
    (Python(child), SocketAddr::from(([127, 0, 0, 1], port)))
}

/// One keep-alive connection.
struct Conn {
    sender: hyper::client::conn::http1::SendRequest<Full<Bytes>>,
}

impl Conn {
    async fn open(addr: SocketAddr) -> Conn {
        let stream = TcpStream::connect(addr).await.unwrap();
        stream.set_nodelay(true).unwrap();
        let (sender, conn) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .unwrap();
        tokio::spawn(conn);
        Conn { sender }
    }

    async fn post(&mut self, body: &Bytes) -> Bytes {
        let req = Request::post("/RPC2")
            .header(header::HOST, "127.0.0.1")
            .header(header::CONTENT_TYPE, "text/xml")
            .body(Full::new(body.clone()))
            .unwrap();
        let resp = self.sender.send_request(req).await.unwrap();
        assert_eq!(resp.status(), 200);
        resp.into_body().collect().await.unwrap().to_bytes()
    }
}

/// Requests answered by `addr` over `connections` connections in `secs`.
async fn load(addr: SocketAddr, body: &Bytes, connections: usize, secs: f64) -> u64 {
    let until = Instant::now() + Duration::from_secs_f64(secs);
    let mut tasks = tokio::task::JoinSet::new();
    for _ in 0..connections {
        let body = body.clone();
        tasks.spawn(async move {
            let mut conn = Conn::open(addr).await;
            let mut n = 0u64;
            while Instant::now() < until {
                let answer = conn.post(&body).await;
                assert!(answer.len() > 100);
                n += 1;
            }
            n
        });
    }
    let mut total = 0;
    while let Some(n) = tasks.join_next().await {
        total += n.unwrap();
    }
    total
}

fn main() {
    let o = options();
    let baton = start_baton();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let auth = DeviceQueryParams {
        authentication_user: USER,
        authentication_password: PASSWORD.into(),
    };
    let calls: Vec<(&str, Bytes)> = vec![
        (
            "device.query",
            baton_tokio::baton_xmlrpc::encode::call(Vec::new(), "device.query", &(auth,))
                .unwrap()
                .into(),
        ),
        (
            "participant.enumerate",
            baton_tokio::baton_xmlrpc::encode::call(
                Vec::new(),
                "participant.enumerate",
                &(ParticipantEnumerateParams {
                    authentication_user: USER,
                    authentication_password: PASSWORD.into(),
                    ..Default::default()
                },),
            )
            .unwrap()
            .into(),
        ),
    ];

    // baton's replies, served by CPython too; both checked equal.
    let replies: Vec<(&str, Vec<u8>)> = rt.block_on(async {
        let mut conn = Conn::open(baton).await;
        let mut out = Vec::new();
        for (method, body) in &calls {
            out.push((*method, conn.post(body).await.to_vec()));
        }
        out
    });
    let (_python, cpython) = start_python(&replies);
    let theirs: Vec<usize> = rt.block_on(async {
        let mut conn = Conn::open(cpython).await;
        let mut sizes = Vec::new();
        for ((method, body), (_, ours)) in calls.iter().zip(&replies) {
            let theirs = conn.post(body).await.to_vec();
            same_reply(method, ours, &theirs);
            sizes.push(theirs.len());
        }
        sizes
    });

    println!(
        "{} keep-alive connections, {:.1} s measured after {:.1} s warm-up, per cell\n",
        o.connections, o.seconds, o.warm_up
    );
    println!("| call | reply bytes | server | requests/s | mean latency |");
    println!("|---|---:|---|---:|---:|");
    for (((method, body), (_, reply)), their_len) in calls.iter().zip(&replies).zip(theirs) {
        for (name, addr, len) in [
            ("baton-tokio", baton, reply.len()),
            ("CPython SimpleXMLRPCServer (threading)", cpython, their_len),
        ] {
            let n = rt.block_on(async {
                load(addr, body, o.connections, o.warm_up).await;
                load(addr, body, o.connections, o.seconds).await
            });
            let rps = n as f64 / o.seconds;
            let latency_ms = o.connections as f64 * o.seconds * 1e3 / n.max(1) as f64;
            let label = if *method == "participant.enumerate" {
                format!("`{method}` ({PARTICIPANTS} participants)")
            } else {
                format!("`{method}`")
            };
            println!("| {label} | {len} | {name} | {rps:.0} | {latency_ms:.2} ms |");
        }
    }
}

/// Both servers' answers decode to the same typed reply.
fn same_reply(method: &str, ours: &[u8], theirs: &[u8]) {
    let mut a = ours.to_vec();
    let mut b = theirs.to_vec();
    use baton_tokio::baton_xmlrpc::{decode_response_in_place, Response};
    match method {
        "device.query" => {
            let x = decode_response_in_place::<DeviceQueryReply<'_>>(&mut a);
            let y = decode_response_in_place::<DeviceQueryReply<'_>>(&mut b);
            match (x, y) {
                (Ok(Response::Value(x)), Ok(Response::Value(y))) => assert_eq!(x, y),
                _ => panic!("{method}: not two equal replies"),
            }
        }
        _ => {
            type R<'a> = ParticipantEnumerateReply<'a, Vec<Participant<'a>>>;
            let x = decode_response_in_place::<R<'_>>(&mut a);
            let y = decode_response_in_place::<R<'_>>(&mut b);
            match (x, y) {
                (Ok(Response::Value(x)), Ok(Response::Value(y))) => {
                    assert_eq!(x.participants.len(), PARTICIPANTS);
                    assert_eq!(x, y)
                }
                _ => panic!("{method}: not two equal replies"),
            }
        }
    }
}
