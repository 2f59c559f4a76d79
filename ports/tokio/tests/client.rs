//! `ConductorClient` over 127.0.0.1: against baton-tokio's own server and
//! against a CPython `SimpleXMLRPCServer` implementing a few methods; the
//! REST side's Basic auth and result formats.

mod common;

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use baton_tokio::baton_rest::route::{ExternalQuery, Peer, ResultFormat};
use baton_tokio::baton_rest::SipDomainSpec;
use baton_tokio::baton_rpc::conference::ConferenceDestroyParams;
use baton_tokio::baton_rpc::device::DeviceQueryParams;
use baton_tokio::baton_rpc::factory::FactoryConferenceCreateParams;
use baton_tokio::baton_rpc::participant::ParticipantEnumerateParams;
use baton_tokio::{ClientConfig, ConductorClient, DecodeError, Error, Fault, ServerConfig};
use common::child::PyChild;
use common::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

fn client(url: &str, user: &str, password: &str) -> ConductorClient {
    ConductorClient::new(ClientConfig::new(url, user, password)).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_against_the_server_typed_calls_faults_and_paging() {
    let mut device = TestDevice::new();
    device.page = 30;
    let device = Arc::new(device);
    let server = start(device.clone()).await;
    let c = client(&server.url(), USER, PASSWORD);

    let info = c.discover().await.unwrap();
    assert_eq!(info.software_version.as_deref(), Some("XC4.3.1"));
    assert_eq!(info.api_version.as_deref(), Some("4.0"));
    assert_eq!(info.serial.as_deref(), Some("S123"));

    let mut created = c
        .factory_conference_create(FactoryConferenceCreateParams {
            conference_alias: "meet.alice",
            ..Default::default()
        })
        .await
        .unwrap();
    let r = created.get().unwrap();
    assert_eq!(r.conference_name, Some("conf-meet.alice"));
    assert_eq!(
        r.factory_conference_id,
        Some("a7062510-5625-11e1-bdb0-0010f31a4434")
    );

    // A fault is Error::Fault with its code, from the call itself.
    let e = c
        .conference_destroy(ConferenceDestroyParams {
            conference_name: "missing",
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(e.fault_code(), Some(4), "{e}");
    // Not implemented by the device: fault 1.
    let net = c
        .device_network_query(Default::default())
        .await
        .unwrap_err();
    assert_eq!(net.fault_code(), Some(1));

    // Paging: 100 participants, 30 per page, enumerateID echoed verbatim.
    let mut names = Vec::new();
    let summary = c
        .participant_enumerate_all(Default::default(), 10, |p| {
            names.push(p.participant_name.unwrap().to_owned())
        })
        .await
        .unwrap();
    assert_eq!(summary.pages, 4);
    assert_eq!(summary.items, 100);
    assert_eq!(names, participant_names(100));
    assert_eq!(
        *device.enumerate_ids.lock().unwrap(),
        ["page-30", "page-60", "page-90"]
    );
    // The page cap stops it.
    let e = c
        .participant_enumerate_all(Default::default(), 2, |_| {})
        .await
        .unwrap_err();
    assert!(matches!(e, Error::PageCap { pages: 2 }), "{e:?}");

    // Wrong password: fault 15, and the handler never sees it.
    let calls = device.calls.load(Ordering::SeqCst);
    let bad = client(&server.url(), USER, "nope");
    let e = bad.discover().await.unwrap_err();
    assert_eq!(e.fault_code(), Some(15), "{e}");
    assert_eq!(device.calls.load(Ordering::SeqCst), calls);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_rest_operations_against_the_server() {
    let device = Arc::new(TestDevice::new());
    let server = start(device.clone()).await;
    let c = client(&server.url(), USER, PASSWORD);

    let mut d = c.get_sip_domain().await.unwrap();
    assert_eq!(d.status(), 200);
    assert_eq!(d.get().unwrap().sip_domain, Some("example.com"));
    let status = c
        .put_sip_domain(&SipDomainSpec {
            sip_domain: Some("video.example.org"),
        })
        .await
        .unwrap();
    assert!(status == 200 || status == 204, "{status}");
    let mut d = c.get_sip_domain().await.unwrap();
    assert_eq!(d.get().unwrap().sip_domain, Some("video.example.org"));

    // The spec's error body, decoded.
    match c.get_confbundle("nope").await.unwrap_err() {
        Error::Rest {
            status, error_code, ..
        } => {
            assert_eq!(status, 404);
            assert_eq!(error_code, "10");
        }
        e => panic!("{e:?}"),
    }
    // Not implemented: 405.
    assert_eq!(
        c.list_confbundles().await.unwrap_err().http_status(),
        Some(405)
    );

    // External reads: JSON by default, XML on request.
    let q = ExternalQuery {
        peer: Some(Peer::Local),
        ..Default::default()
    };
    let json = c.external_read("status/alarm", None, &q).await.unwrap();
    let v: serde_json::Value = serde_json::from_slice(json.bytes()).unwrap();
    assert_eq!(v[0]["peer"], "local");
    assert_eq!(v[0]["records"][0]["table"], "status/alarm");
    let xml = c.external_read_xml("status/alarm", None, &q).await.unwrap();
    assert!(xml.starts_with("<results>"), "{xml}");

    // Wrong password: 401.
    let bad = client(&server.url(), USER, "nope");
    assert_eq!(
        bad.get_sip_domain().await.unwrap_err().http_status(),
        Some(401)
    );
    server.shutdown().await;
}

/// One raw request; returns the whole answer (the server closes).
async fn raw(addr: std::net::SocketAddr, target: &str, extra: &str) -> String {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let auth = baton_tokio::auth::basic_header(USER, PASSWORD);
    let req = format!(
        "GET {target} HTTP/1.1\r\nHost: t\r\nAuthorization: {auth}\r\n{extra}Connection: close\r\n\r\n"
    );
    s.write_all(req.as_bytes()).await.unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).await.unwrap();
    answer
}

fn content_type(answer: &str) -> String {
    answer
        .lines()
        .find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case("content-type")
                .then(|| v.trim().to_owned())
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn external_reads_json_by_default_xml_with_format_or_accept() {
    let device = Arc::new(TestDevice::new());
    let server = start(device.clone()).await;
    let path = "/api/external/status/system";

    let a = raw(server.addr, path, "").await;
    assert!(a.starts_with("HTTP/1.1 200"), "{a}");
    assert_eq!(content_type(&a), "application/json");
    assert!(a.contains("\"num_recs\": 1"), "{a}");

    let a = raw(server.addr, &format!("{path}?format=xml"), "").await;
    assert!(a.starts_with("HTTP/1.1 200"), "{a}");
    assert!(content_type(&a).contains("xml"), "{a}");
    assert!(a.contains("<table>status/system</table>"), "{a}");

    let a = raw(server.addr, path, "Accept: application/xml\r\n").await;
    assert!(content_type(&a).contains("xml"), "{a}");
    assert!(a.contains("<results>"), "{a}");

    // format= wins over Accept.
    let a = raw(
        server.addr,
        &format!("{path}?format=json"),
        "Accept: application/xml\r\n",
    )
    .await;
    assert_eq!(content_type(&a), "application/json");
    let _ = ResultFormat::Json;
    server.shutdown().await;
}

/// A CPython Conductor (threading `SimpleXMLRPCServer`: the client keeps
/// its connection alive) with three methods; prints its port, then one JSON
/// line per participant.enumerate call: `[enumerateID, factoryConferenceIds]`.
const CPYTHON_DEVICE: &str = r#"
import sys, json, socketserver, xmlrpc.client
from xmlrpc.server import SimpleXMLRPCServer, SimpleXMLRPCRequestHandler
from xmlrpc.client import Fault
class H(SimpleXMLRPCRequestHandler):
    rpc_paths = ("/RPC2",)
    protocol_version = "HTTP/1.1"
class S(socketserver.ThreadingMixIn, SimpleXMLRPCServer):
    daemon_threads = True
srv = S(("127.0.0.1", 0), requestHandler=H, logRequests=False)
def check(p):
    if "authenticationUser" not in p:
        raise Fault(101, "missing parameter - authenticationUser")
    if (p["authenticationUser"], p["authenticationPassword"]) != ("apiuser", "s3cret"):
        raise Fault(15, "insufficient privileges")
def device_query(p):
    check(p)
    return {"softwareVersion": "XC4.3.1", "model": "CPython Conductor", "apiVersion": "4.0",
            "serial": "PY1", "buildVersion": "7", "totalVideoPorts": 10,
            "currentTime": xmlrpc.client.DateTime("20240102T03:04:05")}
names = ["p%03d" % i for i in range(25)]
def participant_enumerate(p):
    check(p)
    print(json.dumps([p.get("enumerateID"), p.get("factoryConferenceIds")]), flush=True)
    start = p.get("enumerateID", 0)
    r = {"participants": [{"participantName": n, "conferenceName": "c1", "address": "sip:" + n + "@x",
                           "participantType": "ad_hoc", "audioRxMuted": False} for n in names[start:start + 10]]}
    if start + 10 < len(names):
        r["enumerateID"] = start + 10
    return r
def conference_destroy(p):
    check(p)
    raise Fault(4, "no such conference or auto attendant")
srv.register_function(device_query, "device.query")
srv.register_function(participant_enumerate, "participant.enumerate")
srv.register_function(conference_destroy, "conference.destroy")
srv.register_function(lambda p: ["not", "a", "struct"], "device.network.query")
print(srv.server_address[1], flush=True)
srv.serve_forever()
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_against_a_cpython_simplexmlrpcserver() {
    let py = tokio::task::spawn_blocking(|| PyChild::spawn(CPYTHON_DEVICE, &[]))
        .await
        .unwrap();
    let url = format!("http://127.0.0.1:{}", py.port);
    let c = client(&url, USER, PASSWORD);

    let info = c.discover().await.unwrap();
    assert_eq!(info.model.as_deref(), Some("CPython Conductor"));
    assert_eq!(info.build_version.as_deref(), Some("7"));
    let mut dq = c.device_query(DeviceQueryParams::default()).await.unwrap();
    assert_eq!(dq.get().unwrap().total_video_ports, Some(10));

    // Integer enumerateIDs echoed as integers; the filter resent each page.
    let mut names = Vec::new();
    let summary = c
        .participant_enumerate_all(filter(&["fc-1", "fc-2"]), 10, |p| {
            names.push(p.participant_name.unwrap().to_owned())
        })
        .await
        .unwrap();
    assert_eq!(summary.pages, 3);
    assert_eq!(names.len(), 25);
    assert_eq!(names[24], "p024");
    let calls = tokio::task::spawn_blocking(move || {
        let lines: Vec<String> = (0..3)
            .map(|_| py.line(Duration::from_secs(5)).unwrap())
            .collect();
        (lines, py)
    })
    .await
    .unwrap();
    let (lines, py) = calls;
    assert_eq!(
        lines,
        [
            r#"[null, ["fc-1", "fc-2"]]"#,
            r#"[10, ["fc-1", "fc-2"]]"#,
            r#"[20, ["fc-1", "fc-2"]]"#
        ]
    );

    let destroyed = c
        .conference_destroy(ConferenceDestroyParams {
            conference_name: "c1",
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(destroyed.fault_code(), Some(4));
    let bad = client(&url, USER, "nope");
    assert_eq!(bad.discover().await.unwrap_err().fault_code(), Some(15));
    // A method it does not have: CPython's own fault 1.
    let mut body = c
        .call("factory.health.query", &DeviceQueryParams::default())
        .await
        .unwrap();
    match baton_tokio::baton_xmlrpc::decode_response_in_place::<serde::de::IgnoredAny>(&mut body) {
        Ok(baton_tokio::baton_xmlrpc::Response::Fault(f)) => assert_eq!(f.code, 1),
        other => panic!("{:?}", other.map(|_| ())),
    }
    py.kill();
}

async fn concurrent_discovers(c: Arc<ConductorClient>, n: usize) {
    let mut tasks = Vec::new();
    for _ in 0..n {
        let c = c.clone();
        tasks.push(tokio::spawn(async move { c.discover().await }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap().unwrap().serial.as_deref(), Some("S123"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_keep_alive_connection_and_one_request_in_flight_by_default() {
    let mut device = TestDevice::new();
    device.delay = Duration::from_millis(30);
    let device = Arc::new(device);
    let server = start(device.clone()).await;
    let c = Arc::new(client(&server.url(), USER, PASSWORD));
    concurrent_discovers(c, 8).await;
    assert_eq!(device.max_active.load(Ordering::SeqCst), 1);
    let remotes: std::collections::HashSet<_> =
        device.remotes.lock().unwrap().iter().copied().collect();
    assert_eq!(remotes.len(), 1, "one connection, kept alive: {remotes:?}");
    server.shutdown().await;

    // Both are configurable.
    let device = Arc::new({
        let mut d = TestDevice::new();
        d.delay = Duration::from_millis(50);
        d
    });
    let server = start(device.clone()).await;
    let mut config = ClientConfig::new(&server.url(), USER, PASSWORD);
    config.max_in_flight = 4;
    config.max_idle_connections = 4;
    let c = Arc::new(ConductorClient::new(config).unwrap());
    concurrent_discovers(c, 8).await;
    assert!(device.max_active.load(Ordering::SeqCst) >= 2);
    let remotes: std::collections::HashSet<_> =
        device.remotes.lock().unwrap().iter().copied().collect();
    assert!((2..=4).contains(&remotes.len()), "{remotes:?}");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_tell_transport_timeout_http_fault_and_decode_apart() {
    // Transport: nothing listens.
    let port = common::child::free_port();
    let e = client(&format!("http://127.0.0.1:{port}"), USER, PASSWORD)
        .discover()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Transport { .. }), "{e:?}");

    // Timeout: the device takes longer than the client waits.
    let mut device = TestDevice::new();
    device.delay = Duration::from_millis(800);
    let server = start(Arc::new(device)).await;
    let mut config = ClientConfig::new(&server.url(), USER, PASSWORD);
    config.response_timeout = Duration::from_millis(200);
    let e = ConductorClient::new(config)
        .unwrap()
        .discover()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Timeout { .. }), "{e:?}");
    server.shutdown().await;

    // HTTP: a call over the server's body limit is answered 413.
    let device = Arc::new(TestDevice::new());
    let config = ServerConfig {
        max_body_bytes: 512,
        ..ServerConfig::default()
    };
    let server = start_with(
        baton_tokio::ServerBuilder::new(Handler(device.clone()), users()),
        config,
    )
    .await;
    let long = "a".repeat(2000);
    let e = client(&server.url(), USER, PASSWORD)
        .factory_conference_create(FactoryConferenceCreateParams {
            conference_alias: &long,
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(e.http_status(), Some(413), "{e:?}");
    assert!(matches!(e, Error::Http { .. }));
    server.shutdown().await;

    // Fault and decode: a CPython device answering a fault, and a reply
    // of the wrong shape.
    let py = tokio::task::spawn_blocking(|| PyChild::spawn(CPYTHON_DEVICE, &[]))
        .await
        .unwrap();
    let c = client(&format!("http://127.0.0.1:{}", py.port), USER, PASSWORD);
    let e = c.discover().await;
    assert!(e.is_ok());
    let r = c
        .conference_destroy(ConferenceDestroyParams {
            conference_name: "x",
            ..Default::default()
        })
        .await;
    assert!(
        matches!(r, Err(Error::Fault(Fault { code: 4, .. }))),
        "{r:?}"
    );
    let mut r = c.device_network_query(Default::default()).await.unwrap();
    assert!(
        matches!(r.get(), Err(Error::Decode { .. })),
        "{:?}",
        r.get().err()
    );
    py.kill();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_base_url_ending_in_rpc2_is_accepted_and_http_errors_name_the_url() {
    let device = Arc::new(TestDevice::new());
    let server = start(device.clone()).await;
    let base = server.url();
    // Both spellings, given to ClientConfig::new or set on the field.
    for url in [
        format!("{base}/RPC2"),
        format!("{base}/RPC2/"),
        format!("{base}/"),
    ] {
        let info = client(&url, USER, PASSWORD).discover().await;
        assert!(info.is_ok(), "{url}: {info:?}");
        let mut config = ClientConfig::new(&base, USER, PASSWORD);
        config.base_url = url.clone();
        let c = ConductorClient::new(config).unwrap();
        assert_eq!(c.config().base_url, base, "{url}");
        assert!(c.discover().await.is_ok(), "{url}");
        // REST goes below the base, not below /RPC2.
        assert_eq!(c.get_sip_domain().await.unwrap().status(), 200, "{url}");
    }
    // Every HTTP error says which URL answered it.
    let elsewhere = client(&format!("{base}/elsewhere"), USER, PASSWORD);
    let e = elsewhere.discover().await.unwrap_err();
    match &e {
        Error::Http { status, url, .. } => {
            assert_eq!(
                (*status, url.as_str()),
                (404, &*format!("{base}/elsewhere/RPC2"))
            );
        }
        e => panic!("{e:?}"),
    }
    assert!(
        e.to_string()
            .contains(&format!("HTTP status 404 from {base}/elsewhere/RPC2")),
        "{e}"
    );
    let e = client(&base, USER, PASSWORD)
        .get_confbundle("nope")
        .await
        .unwrap_err();
    let want = format!("{base}/api/4.0/confbundles/nope");
    assert!(
        matches!(&e, Error::Rest { url, .. } if *url == want),
        "{e:?}"
    );
    assert!(e.to_string().contains(&want), "{e}");
    // Streamed enumerates too.
    let e = elsewhere
        .participant_enumerate_stream(Default::default(), 0, |_| {})
        .await
        .unwrap_err();
    assert!(e.to_string().contains("/elsewhere/RPC2"), "{e}");
    server.shutdown().await;
    // And transport errors name the URL tried.
    let down = client(&base, USER, PASSWORD).discover().await.unwrap_err();
    assert!(matches!(down, Error::Transport { .. }), "{down:?}");
    assert!(down.to_string().contains(&format!("{base}/RPC2")), "{down}");
}

/// Issue 19.1: a wrong password is the call's `Err`, not an `Ok(Reply)`
/// that only fails at `.get()`: fault 15 ("insufficient privileges", the
/// spec's code for a user id and password combination that is not valid).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_is_err_fault_15_from_the_call_itself() {
    let device = Arc::new(TestDevice::new());
    let server = start(device.clone()).await;
    let bad = client(&server.url(), USER, "nope");
    let r = bad.device_query(DeviceQueryParams::default()).await;
    match r {
        Err(Error::Fault(Fault { code, ref string })) => {
            assert_eq!(code, 15, "{string}");
            assert!(!string.is_empty());
        }
        other => panic!("{other:?}"),
    }
    // `?` stops at it.
    async fn via_question_mark(c: &ConductorClient) -> Result<(), Error> {
        c.factory_conference_create(FactoryConferenceCreateParams {
            conference_alias: "meet.bob",
            ..Default::default()
        })
        .await?;
        Ok(())
    }
    let e = via_question_mark(&bad).await.unwrap_err();
    assert_eq!(e.fault().map(|f| f.code), Some(15), "{e}");
    server.shutdown().await;
}

/// Issue 19.2: errors keep their typed cause as `source()` and name the URL.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_keep_their_typed_source_and_the_url_tried() {
    use std::error::Error as _;

    // Transport: the hyper client error, with the io::Error below it.
    let port = common::child::free_port();
    let base = format!("http://127.0.0.1:{port}");
    let e = client(&base, USER, PASSWORD).discover().await.unwrap_err();
    assert_eq!(e.url(), Some(&*format!("{base}/RPC2")), "{e:?}");
    assert!(e.is_transport());
    let top = e.source().expect("a transport error has a source");
    assert!(
        top.downcast_ref::<hyper_util::client::legacy::Error>()
            .is_some(),
        "{top:?}"
    );
    let mut chain = e.source();
    let mut io = None;
    while let Some(s) = chain {
        if let Some(x) = s.downcast_ref::<std::io::Error>() {
            io = Some(x.kind());
        }
        chain = s.source();
    }
    assert_eq!(io, Some(std::io::ErrorKind::ConnectionRefused), "{e}");

    // Config: the URI parser's error.
    let e = ConductorClient::new(ClientConfig::new("http://bad host", USER, PASSWORD)).unwrap_err();
    assert!(matches!(e, Error::Config { .. }), "{e:?}");
    assert!(
        e.source()
            .and_then(|s| s.downcast_ref::<http::uri::InvalidUri>())
            .is_some(),
        "{e:?}"
    );

    // Decode: the codec's error with its kind and offset, not a string.
    let py = tokio::task::spawn_blocking(|| PyChild::spawn(CPYTHON_DEVICE, &[]))
        .await
        .unwrap();
    let url = format!("http://127.0.0.1:{}", py.port);
    let c = client(&url, USER, PASSWORD);
    let mut r = c.device_network_query(Default::default()).await.unwrap();
    let e = r.get().unwrap_err();
    assert_eq!(e.url(), Some(&*format!("{url}/RPC2")));
    let codec = match &e {
        Error::Decode { source, .. } => match source.as_ref() {
            DecodeError::Xmlrpc(codec) => codec.clone(),
            other => panic!("{other:?}"),
        },
        e => panic!("{e:?}"),
    };
    let via_source = e
        .source()
        .and_then(|s| s.source())
        .and_then(|s| s.downcast_ref::<baton_tokio::baton_xmlrpc::Error>())
        .expect("the codec error is in the source chain");
    assert_eq!(via_source.kind(), codec.kind());
    assert_eq!(via_source.offset(), codec.offset());
    py.kill();

    // Encode: the codec's EncodeError.
    let e = c.call("device.query", &("\u{1}",)).await.unwrap_err();
    assert!(
        matches!(
            e,
            Error::Encode(baton_tokio::baton_xmlrpc::EncodeError::InvalidChar('\u{1}'))
        ),
        "{e:?}"
    );
    assert!(e.source().is_some());
}

/// `participant.enumerate` params filtered to `ids`.
fn filter<'a>(ids: &[&'a str]) -> ParticipantEnumerateParams<'a> {
    ParticipantEnumerateParams {
        factory_conference_ids: Some(heapless::Vec::from_slice(ids).unwrap()),
        ..Default::default()
    }
}
