//! The server's limits over real sockets on 127.0.0.1: body size, the
//! concurrency cap, header and body timeouts, authentication before the
//! handler, graceful shutdown.

mod common;

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use baton_tokio::baton_rpc::device::DeviceQueryParams;
use baton_tokio::{ClientConfig, ConductorClient, ServerBuilder, ServerConfig};
use common::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const HUNDRED_MB: usize = 100 * 1024 * 1024;

/// Writes `head` then up to `body_len` bytes of body while reading the
/// answer; returns (answer, body bytes written before the server stopped
/// taking them).
async fn send_large(
    addr: std::net::SocketAddr,
    head: String,
    body_len: usize,
    chunked: bool,
) -> (String, usize) {
    let stream = TcpStream::connect(addr).await.unwrap();
    let (mut rd, mut wr) = stream.into_split();
    let reader = tokio::spawn(async move {
        let mut answer = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            match rd.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
        String::from_utf8_lossy(&answer).into_owned()
    });
    let writer = tokio::spawn(async move {
        if wr.write_all(head.as_bytes()).await.is_err() {
            return 0;
        }
        let chunk = vec![b'x'; 64 * 1024];
        let mut written = 0;
        while written < body_len {
            let result = if chunked {
                let mut framed = format!("{:x}\r\n", chunk.len()).into_bytes();
                framed.extend_from_slice(&chunk);
                framed.extend_from_slice(b"\r\n");
                wr.write_all(&framed).await
            } else {
                wr.write_all(&chunk).await
            };
            if result.is_err() {
                break;
            }
            written += chunk.len();
        }
        written
    });
    let answer = reader.await.unwrap();
    // The server has answered and closed: stop writing.
    let written = match tokio::time::timeout(Duration::from_secs(30), writer).await {
        Ok(w) => w.unwrap(),
        Err(_) => panic!("the client could keep writing: the server reads the body"),
    };
    (answer, written)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn body_of_100_mb_is_refused_with_413_without_being_read() {
    let device = Arc::new(TestDevice::new());
    let server = start(device.clone()).await;
    let head = format!(
        "POST /RPC2 HTTP/1.1\r\nHost: t\r\nContent-Type: text/xml\r\nContent-Length: {HUNDRED_MB}\r\n\r\n"
    );
    let (answer, written) = send_large(server.addr, head, HUNDRED_MB, false).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "answer: {answer:?}");
    assert!(
        written < HUNDRED_MB / 4,
        "{written} bytes of the body were taken"
    );
    assert_eq!(device.calls.load(Ordering::SeqCst), 0);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn chunked_body_over_the_limit_is_refused_with_413_at_the_limit() {
    let device = Arc::new(TestDevice::new());
    let server = start(device.clone()).await;
    let head = "POST /RPC2 HTTP/1.1\r\nHost: t\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n".to_owned();
    let (answer, written) = send_large(server.addr, head, HUNDRED_MB, true).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "answer: {answer:?}");
    assert!(
        written < HUNDRED_MB / 4,
        "{written} bytes of the body were taken"
    );
    assert_eq!(device.calls.load(Ordering::SeqCst), 0);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rest_body_over_the_declared_limit_is_refused_with_413() {
    let device = Arc::new(TestDevice::new());
    let server = start(device.clone()).await;
    let auth = baton_tokio::auth::basic_header(USER, PASSWORD);
    let head = format!(
        "PUT /api/4.0/sipdomain HTTP/1.1\r\nHost: t\r\nAuthorization: {auth}\r\nContent-Type: application/json\r\nContent-Length: {HUNDRED_MB}\r\n\r\n"
    );
    let (answer, written) = send_large(server.addr, head, HUNDRED_MB, false).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "answer: {answer:?}");
    assert!(
        answer.contains("\"error_code\": \"100:413\"")
            || answer.contains("\"error_code\":\"100:413\""),
        "{answer}"
    );
    assert!(written < HUNDRED_MB / 4);
    server.shutdown().await;
}

async fn concurrent_clients(cap: usize) -> (usize, usize) {
    let mut device = TestDevice::new();
    device.delay = Duration::from_millis(50);
    let device = Arc::new(device);
    let config = ServerConfig {
        max_concurrent: cap,
        ..ServerConfig::default()
    };
    let server = start_with(ServerBuilder::new(Handler(device.clone()), users()), config).await;
    let mut tasks = Vec::new();
    for _ in 0..50 {
        let url = server.url();
        tasks.push(tokio::spawn(async move {
            let client = ConductorClient::new(ClientConfig::new(&url, USER, PASSWORD)).unwrap();
            let mut reply = client
                .device_query(DeviceQueryParams::default())
                .await
                .unwrap();
            reply.get().unwrap().software_version.map(str::to_owned)
        }));
    }
    let mut answered = 0;
    for t in tasks {
        assert_eq!(t.await.unwrap().as_deref(), Some("XC4.3.1"));
        answered += 1;
    }
    let max = device.max_active.load(Ordering::SeqCst);
    server.shutdown().await;
    (answered, max)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_clients_are_all_answered_at_most_four_at_once() {
    let (answered, max) = concurrent_clients(4).await;
    assert_eq!(answered, 50);
    assert!((1..=4).contains(&max), "{max} served at once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrency_cap_is_configurable() {
    let (answered, max) = concurrent_clients(2).await;
    assert_eq!(answered, 50);
    assert!((1..=2).contains(&max), "{max} served at once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_sending_one_header_byte_per_second_is_disconnected() {
    let device = Arc::new(TestDevice::new());
    let config = ServerConfig {
        header_read_timeout: Duration::from_secs(2),
        ..ServerConfig::default()
    };
    let server = start_with(ServerBuilder::new(Handler(device.clone()), users()), config).await;
    let head =
        b"POST /RPC2 HTTP/1.1\r\nHost: t\r\nContent-Type: text/xml\r\nContent-Length: 10\r\n\r\n";
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    let mut sent = 0;
    let mut buf = [0u8; 256];
    let mut closed = false;
    for byte in head.iter() {
        if stream.write_all(&[*byte]).await.is_err() {
            closed = true;
            break;
        }
        sent += 1;
        // Wait a second for the next byte, noticing a close meanwhile.
        match tokio::time::timeout(Duration::from_secs(1), stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => {
                closed = true;
                break;
            }
            Ok(Ok(_)) => {
                closed = true; // an error answer, then the close
                break;
            }
            Err(_) => {}
        }
    }
    assert!(closed, "the trickling client was never disconnected");
    assert!(
        sent < head.len(),
        "the whole header got through ({sent} bytes)"
    );
    assert_eq!(device.calls.load(Ordering::SeqCst), 0);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn client_trickling_its_body_gets_408() {
    let device = Arc::new(TestDevice::new());
    let config = ServerConfig {
        body_read_timeout: Duration::from_secs(1),
        ..ServerConfig::default()
    };
    let server = start_with(ServerBuilder::new(Handler(device.clone()), users()), config).await;
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    stream
        .write_all(b"POST /RPC2 HTTP/1.1\r\nHost: t\r\nContent-Type: text/xml\r\nContent-Length: 1000\r\n\r\n<")
        .await
        .unwrap();
    let mut answer = Vec::new();
    let mut buf = [0u8; 1024];
    for _ in 0..100 {
        match tokio::time::timeout(Duration::from_millis(500), stream.read(&mut buf)).await {
            Ok(Ok(0)) | Ok(Err(_)) => break,
            Ok(Ok(n)) => answer.extend_from_slice(&buf[..n]),
            Err(_) => {
                if stream.write_all(b"x").await.is_err() {
                    break;
                }
            }
        }
    }
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "answer: {answer:?}");
    assert_eq!(device.calls.load(Ordering::SeqCst), 0);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rest_wrong_credentials_get_401_with_www_authenticate_and_never_reach_the_handler() {
    let device = Arc::new(TestDevice::new());
    let server = start(device.clone()).await;
    for auth in [
        None,
        Some(baton_tokio::auth::basic_header(USER, "wrong")),
        Some(baton_tokio::auth::basic_header("admin", PASSWORD)),
        Some("Bearer abc".to_owned()),
    ] {
        let mut stream = TcpStream::connect(server.addr).await.unwrap();
        let auth_line = auth
            .map(|a| format!("Authorization: {a}\r\n"))
            .unwrap_or_default();
        let req = format!(
            "GET /api/4.0/sipdomain HTTP/1.1\r\nHost: t\r\n{auth_line}Connection: close\r\n\r\n"
        );
        stream.write_all(req.as_bytes()).await.unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).await.unwrap();
        assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
        assert!(
            answer
                .to_ascii_lowercase()
                .contains("www-authenticate: basic realm=\"baton\""),
            "{answer}"
        );
    }
    // A read-only user may not PUT: 403, still without reaching the handler.
    let mut stream = TcpStream::connect(server.addr).await.unwrap();
    let auth = baton_tokio::auth::basic_header(READER, PASSWORD);
    let body = r#"{"SIPDomain": "x.example"}"#;
    let req = format!(
        "PUT /api/4.0/sipdomain HTTP/1.1\r\nHost: t\r\nAuthorization: {auth}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(req.as_bytes()).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 403"), "{answer}");
    assert_eq!(device.calls.load(Ordering::SeqCst), 0);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graceful_shutdown_finishes_requests_in_flight() {
    let mut device = TestDevice::new();
    device.delay = Duration::from_millis(500);
    let device = Arc::new(device);
    let server = start(device.clone()).await;
    let url = server.url();
    let in_flight = tokio::spawn(async move {
        let client = ConductorClient::new(ClientConfig::new(&url, USER, PASSWORD)).unwrap();
        let mut reply = client.device_query(DeviceQueryParams::default()).await?;
        reply.get().map(|r| r.serial.map(str::to_owned))
    });
    // Wait until the request is being served, then shut down.
    while device.active.load(Ordering::SeqCst) == 0 {
        tokio::task::yield_now().await;
    }
    let addr = server.addr;
    server.shutdown().await;
    assert_eq!(in_flight.await.unwrap().unwrap().as_deref(), Some("S123"));
    assert!(TcpStream::connect(addr).await.is_err(), "still accepting");
}
