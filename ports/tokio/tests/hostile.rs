//! Hostile clients and receivers over real sockets on 127.0.0.1 (issue 14):
//! slow bodies must not hold the request permits, bodies slower than the
//! minimum rate are dropped, a half-closed request is answered, and a
//! feedback receiver's oversized reply is not read past its limit.

mod common;

use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::{Duration, Instant};

use baton_tokio::baton_feedback::{Backoff, Config, OwnedEvent};
use baton_tokio::baton_rpc::device::DeviceQueryParams;
use baton_tokio::baton_rpc::EventName;
use baton_tokio::{
    ClientConfig, ConductorClient, FeedbackConfig, FeedbackDriver, ServerBuilder, ServerConfig,
};
use common::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;

/// How long a well-behaved call may take while the attack runs (on the
/// old code it waited for the slow bodies' 30 s timeout).
const PROMPT: Duration = Duration::from_secs(3);

fn device_query_body() -> String {
    format!(
        "<?xml version=\"1.0\"?><methodCall><methodName>device.query</methodName><params><param><value><struct>\
<member><name>authenticationUser</name><value><string>{USER}</string></value></member>\
<member><name>authenticationPassword</name><value><string>{PASSWORD}</string></value></member>\
</struct></value></param></params></methodCall>"
    )
}

/// Opens a connection, sends `head` (which asks `Expect: 100-continue`)
/// and waits until the server starts reading the body (its `100
/// Continue`): from then on the server is waiting for this body.
async fn stalled_after_head(addr: std::net::SocketAddr, head: &str) -> TcpStream {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 256];
    let wait = tokio::time::timeout(Duration::from_secs(5), async {
        while !got.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = stream.read(&mut buf).await.unwrap();
            assert!(n > 0, "closed before 100 Continue");
            got.extend_from_slice(&buf[..n]);
        }
    })
    .await;
    assert!(
        wait.is_ok(),
        "no 100 Continue: {:?}",
        String::from_utf8_lossy(&got)
    );
    assert!(
        got.starts_with(b"HTTP/1.1 100"),
        "{:?}",
        String::from_utf8_lossy(&got)
    );
    stream
}

/// Four stalled clients (each built by `open`), then a well-behaved
/// `device.query` must be answered promptly.
async fn api_answers_while_four_clients_stall(body_after_head: &'static [u8], rest: bool) {
    let device = Arc::new(TestDevice::new());
    let server = start(device.clone()).await;
    let head = if rest {
        let auth = baton_tokio::auth::basic_header(USER, PASSWORD);
        format!(
            "PUT /api/4.0/sipdomain HTTP/1.1\r\nHost: t\r\nAuthorization: {auth}\r\nContent-Type: application/json\r\nContent-Length: 40\r\nExpect: 100-continue\r\n\r\n"
        )
    } else if body_after_head.starts_with(b"5\r\n") {
        "POST /RPC2 HTTP/1.1\r\nHost: t\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\n\r\n".to_owned()
    } else {
        "POST /RPC2 HTTP/1.1\r\nHost: t\r\nContent-Type: text/xml\r\nContent-Length: 400\r\nExpect: 100-continue\r\n\r\n".to_owned()
    };
    let mut stalled = Vec::new();
    for _ in 0..4 {
        let mut s = stalled_after_head(server.addr, &head).await;
        s.write_all(body_after_head).await.unwrap();
        stalled.push(s);
    }
    let client = ConductorClient::new(ClientConfig::new(&server.url(), USER, PASSWORD)).unwrap();
    let started = Instant::now();
    let answered = tokio::time::timeout(PROMPT, client.device_query(DeviceQueryParams::default()))
        .await
        .unwrap_or_else(|_| {
            panic!("device.query not answered within {PROMPT:?} while 4 clients stall")
        });
    let mut reply = answered.unwrap();
    assert_eq!(reply.get().unwrap().serial, Some("S123"));
    let took = started.elapsed();
    println!("device.query answered in {took:?} while 4 clients stall");
    assert!(took < PROMPT);
    assert_eq!(device.calls.load(Ordering::SeqCst), 1);
    drop(stalled);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_rpc_heads_without_body_do_not_stop_the_api() {
    api_answers_while_four_clients_stall(b"", false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_rpc_bodies_stalled_after_five_bytes_do_not_stop_the_api() {
    api_answers_while_four_clients_stall(b"<?xml", false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_stalled_chunked_rpc_bodies_do_not_stop_the_api() {
    api_answers_while_four_clients_stall(b"5\r\n<?xml\r\n", false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn four_rest_heads_without_body_do_not_stop_the_api() {
    api_answers_while_four_clients_stall(b"", true).await;
}

/// Sends `head`, then one body byte (`piece`, with its framing) every 100 ms
/// (10 B/s, under the minimum rate of 500 B/s once the grace is over) until
/// the server answers or closes; returns the answer and when it came.
async fn trickle(addr: std::net::SocketAddr, head: &str, piece: &[u8]) -> (String, Duration) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let started = Instant::now();
    stream.write_all(head.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    let mut buf = [0u8; 1024];
    let mut tick = tokio::time::interval(Duration::from_millis(100));
    let limit = tokio::time::sleep(Duration::from_secs(15));
    tokio::pin!(limit);
    loop {
        tokio::select! {
            read = stream.read(&mut buf) => match read {
                Ok(0) | Err(_) => break,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            },
            _ = tick.tick() => {
                if stream.write_all(piece).await.is_err() {
                    break;
                }
            }
            () = &mut limit => panic!("still reading a 10 B/s body after 15 s"),
        }
    }
    (
        String::from_utf8_lossy(&answer).into_owned(),
        started.elapsed(),
    )
}

/// The default rate (500 B/s) and body timeout (30 s) with a 1 s grace
/// (default 5 s), so the test is quick.
fn rate_config() -> ServerConfig {
    ServerConfig {
        body_rate_grace: Duration::from_secs(1),
        ..ServerConfig::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rpc_body_slower_than_the_minimum_rate_is_dropped_with_408() {
    let device = Arc::new(TestDevice::new());
    let server = start_with(
        ServerBuilder::new(Handler(device.clone()), users()),
        rate_config(),
    )
    .await;
    let head =
        "POST /RPC2 HTTP/1.1\r\nHost: t\r\nContent-Type: text/xml\r\nContent-Length: 100000\r\n\r\n";
    let (answer, took) = trickle(server.addr, head, b" ").await;
    assert!(answer.starts_with("HTTP/1.1 408"), "answer: {answer:?}");
    // body_read_timeout is 30 s: the rate rule dropped it.
    println!("10 B/s body answered {:?} after {took:?}", &answer[..12]);
    assert!(took < Duration::from_secs(4), "took {took:?}");
    assert_eq!(device.calls.load(Ordering::SeqCst), 0);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rest_body_slower_than_the_minimum_rate_is_dropped_with_408() {
    let device = Arc::new(TestDevice::new());
    let server = start_with(
        ServerBuilder::new(Handler(device.clone()), users()),
        rate_config(),
    )
    .await;
    let auth = baton_tokio::auth::basic_header(USER, PASSWORD);
    let head = format!(
        "PUT /api/4.0/sipdomain HTTP/1.1\r\nHost: t\r\nAuthorization: {auth}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    );
    // One-byte chunks.
    let (answer, took) = trickle(server.addr, &head, b"1\r\n \r\n").await;
    assert!(answer.starts_with("HTTP/1.1 408"), "answer: {answer:?}");
    assert!(took < Duration::from_secs(4), "took {took:?}");
    assert_eq!(device.calls.load(Ordering::SeqCst), 0);
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn request_followed_by_half_close_is_answered_and_executed() {
    let device = Arc::new(TestDevice::new());
    let server = start(device.clone()).await;
    let body = device_query_body();
    let request = format!(
        "POST /RPC2 HTTP/1.1\r\nHost: t\r\nContent-Type: text/xml\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    const ROUNDS: usize = 40;
    let mut unanswered = Vec::new();
    for round in 0..ROUNDS {
        let mut stream = TcpStream::connect(server.addr).await.unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        stream.shutdown().await.unwrap(); // SHUT_WR: the request is complete
        let mut answer = Vec::new();
        tokio::time::timeout(Duration::from_secs(5), stream.read_to_end(&mut answer))
            .await
            .expect("answered or closed within 5 s")
            .unwrap();
        let answer = String::from_utf8_lossy(&answer);
        if !(answer.starts_with("HTTP/1.1 200") && answer.contains("S123")) {
            unanswered.push((round, answer.into_owned()));
        }
    }
    assert!(
        unanswered.is_empty(),
        "{} of {ROUNDS} half-closed requests unanswered (handler ran {} times): {:?}",
        unanswered.len(),
        device.calls.load(Ordering::SeqCst),
        unanswered.first()
    );
    assert_eq!(device.calls.load(Ordering::SeqCst), ROUNDS);
    server.shutdown().await;
}

// ------------------------------------------------------------- feedback

/// Reads one HTTP request (head + Content-Length body) from `stream`.
async fn read_request(stream: &mut TcpStream) -> Option<Vec<u8>> {
    let mut got = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        if let Some(end) = got.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&got[..end]).to_ascii_lowercase();
            let len: usize = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length:"))
                .and_then(|v| v.trim().parse().ok())
                .unwrap_or(0);
            if got.len() >= end + 4 + len {
                return Some(got[end + 4..end + 4 + len].to_vec());
            }
        }
        let n = stream.read(&mut buf).await.ok()?;
        if n == 0 {
            return None;
        }
        got.extend_from_slice(&buf[..n]);
    }
}

fn seqn_of(body: &[u8]) -> Option<u64> {
    let text = String::from_utf8_lossy(body);
    let at = text.find("<name>seqn</name>")?;
    let rest = &text[at..];
    let start = rest.find("<int>").or_else(|| rest.find("<i4>"))? + 5;
    let end = rest[start..].find('<')? + start;
    rest[start..end].trim().parse().ok()
}

/// The next notification the receiver answered, within 10 s.
async fn next(rx: &mut mpsc::UnboundedReceiver<(Option<u64>, usize)>) -> (Option<u64>, usize) {
    tokio::time::timeout(Duration::from_secs(10), rx.recv())
        .await
        .expect("a notification within 10 s")
        .expect("receiver running")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_feedback_reply_is_not_read_past_the_limit_and_counts_as_failed() {
    oversized_reply(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_chunked_feedback_reply_is_not_read_past_the_limit_and_counts_as_failed() {
    oversized_reply(true).await;
}

/// A receiver answering 200 with a valid methodResponse padded with
/// whitespace to 64 MiB (declared, or chunked without a length).
async fn oversized_reply(chunked: bool) {
    const REPLY: usize = 64 << 20;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    // (seqn, bytes of the reply written before the driver stopped reading)
    let (tx, mut rx) = mpsc::unbounded_channel::<(Option<u64>, usize)>();
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let tx = tx.clone();
            tokio::spawn(async move {
                while let Some(body) = read_request(&mut stream).await {
                    let seqn = seqn_of(&body);
                    let xml = b"<?xml version=\"1.0\"?><methodResponse><params><param><value><string>ok</string></value></param></params></methodResponse>";
                    let head = if chunked {
                        "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nTransfer-Encoding: chunked\r\n\r\n".to_owned()
                    } else {
                        format!("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {REPLY}\r\n\r\n")
                    };
                    let frame = |data: &[u8]| {
                        if chunked {
                            let mut f = format!("{:x}\r\n", data.len()).into_bytes();
                            f.extend_from_slice(data);
                            f.extend_from_slice(b"\r\n");
                            f
                        } else {
                            data.to_vec()
                        }
                    };
                    let mut written = 0;
                    let mut ok = stream.write_all(head.as_bytes()).await.is_ok()
                        && stream.write_all(&frame(xml)).await.is_ok();
                    written += xml.len();
                    let pad = frame(&[b' '; 64 * 1024]);
                    while ok && written < REPLY {
                        ok = stream.write_all(&pad).await.is_ok();
                        if ok {
                            written += 64 * 1024;
                        }
                    }
                    if ok && chunked {
                        ok = stream.write_all(b"0\r\n\r\n").await.is_ok();
                    }
                    let _ = tx.send((seqn, written));
                    if !ok {
                        return;
                    }
                }
            });
        }
    });
    let driver = FeedbackDriver::spawn(FeedbackConfig {
        publisher: Config {
            backoff: Backoff {
                base: core::time::Duration::from_millis(50).into(),
                cap: core::time::Duration::from_millis(200).into(),
                jitter_percent: 0,
            },
            ..Config::default()
        },
        connect_timeout: Duration::from_secs(1),
        response_timeout: Duration::from_secs(5),
        ..FeedbackConfig::default()
    })
    .unwrap();
    let handle = driver.handle();
    let index = handle
        .configure(
            &format!("http://127.0.0.1:{port}/RPC2"),
            "baton-test",
            Some(1),
            None,
        )
        .unwrap();
    handle.publish(
        OwnedEvent::new(EventName::ConferenceCreate)
            .with_conference_name("c")
            .unwrap(),
    );
    let (first, written) = next(&mut rx).await;
    println!("the receiver could write {written} bytes of its {REPLY}-byte reply");
    assert!(
        written < REPLY / 2,
        "the driver read {written} of a {REPLY}-byte reply"
    );
    // Counted as failed: the same notification is sent again.
    let (again, _) = next(&mut rx).await;
    assert_eq!(first, again, "a retry of the same seqn");
    let stats = handle.stats(index).unwrap();
    assert_eq!(stats.delivered, 0, "{stats:?}");
    assert!(stats.retried >= 1, "{stats:?}");
    driver.shutdown().await;
}

// ----------------------------------------------------------- body budget

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bodies_held_at_once_are_bounded_by_the_body_budget() {
    // Room for one device.query body: a second one waits for room while
    // the first is being served, and gets 503 when its time is up.
    let body = device_query_body();
    let mut device = TestDevice::new();
    device.delay = Duration::from_millis(1500);
    let device = Arc::new(device);
    let config = ServerConfig {
        max_body_bytes: body.len(),
        max_buffered_body_bytes: body.len() + body.len() / 2,
        body_read_timeout: Duration::from_millis(300),
        ..ServerConfig::default()
    };
    let server = start_with(ServerBuilder::new(Handler(device.clone()), users()), config).await;
    let request = format!(
        "POST /RPC2 HTTP/1.1\r\nHost: t\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let addr = server.addr;
    let exchange = move |request: String| async move {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut answer = String::new();
        tokio::time::timeout(Duration::from_secs(10), stream.read_to_string(&mut answer))
            .await
            .expect("answered within 10 s")
            .unwrap();
        answer
    };
    let first = tokio::spawn(exchange(request.clone()));
    // Wait until the first is being served (its body holds the room).
    let wait = tokio::time::timeout(Duration::from_secs(5), async {
        while device.active.load(Ordering::SeqCst) == 0 {
            tokio::task::yield_now().await;
        }
    });
    wait.await.expect("the first request reached the handler");
    let second = exchange(request.clone()).await;
    assert!(second.starts_with("HTTP/1.1 503"), "{second}");
    let first = first.await.unwrap();
    assert!(
        first.starts_with("HTTP/1.1 200") && first.contains("S123"),
        "{first}"
    );
    // The room is given back once a request is served.
    let third = exchange(request).await;
    assert!(third.starts_with("HTTP/1.1 200"), "{third}");
    assert_eq!(device.calls.load(Ordering::SeqCst), 2);
    server.shutdown().await;
}
