//! Operating `baton serve` (issue 19, point 10): the Prometheus endpoint
//! (`--metrics`) counts requests by method and outcome, and SIGTERM /
//! SIGINT stop the server gracefully: a request in flight is answered and
//! its write committed, then the process exits 0. The real binary; every
//! wait is on a real event (a banner line, a log line, `100 Continue`, an
//! answer, the exit) with a bounded timeout.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const USER: &str = "ops";
const PASSWORD: &str = "0ps-Secret-77";
const WRONG: &str = "Wr0ng-Pa55word-4242";
const WAIT: Duration = Duration::from_secs(20);

struct Server {
    child: Option<Child>,
    api: SocketAddr,
    metrics: Option<SocketAddr>,
    /// stderr, line by line.
    log: mpsc::Receiver<String>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn addr_in(line: &str) -> SocketAddr {
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"));
    url.trim_start_matches("http://")
        .trim_end_matches("/metrics")
        .parse()
        .unwrap()
}

fn start(store: &[&str], extra: &[&str]) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_baton"))
        .args(["serve", "--listen", "127.0.0.1:0", "--user", USER])
        .args(["--password", PASSWORD])
        .args(store)
        .args(extra)
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("baton serve");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let api = addr_in(&lines.next().unwrap().unwrap());
    let metrics = if extra.contains(&"--metrics") {
        let line = lines.next().unwrap().unwrap();
        assert!(line.starts_with("metrics: "), "{line}");
        Some(addr_in(&line))
    } else {
        None
    };
    std::thread::spawn(move || for _ in lines {});
    let (tx, log) = mpsc::channel();
    let stderr = BufReader::new(child.stderr.take().unwrap());
    std::thread::spawn(move || {
        for line in stderr.lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    Server {
        child: Some(child),
        api,
        metrics,
        log,
    }
}

/// Sends `request` on a new connection; the whole answer.
fn exchange(addr: SocketAddr, request: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(WAIT)).unwrap();
    s.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    s.read_to_string(&mut answer).unwrap();
    answer
}

fn device_query(password: &str) -> String {
    let body = format!(
        "<?xml version=\"1.0\"?><methodCall><methodName>device.query</methodName><params><param><value><struct>\
<member><name>authenticationUser</name><value><string>{USER}</string></value></member>\
<member><name>authenticationPassword</name><value><string>{password}</string></value></member>\
</struct></value></param></params></methodCall>"
    );
    format!(
        "POST /RPC2 HTTP/1.1\r\nHost: t\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

fn scrape(addr: SocketAddr) -> String {
    let answer = exchange(
        addr,
        "GET /metrics HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    answer
}

/// The value of the sample of `name` that has all `labels`.
fn sample(text: &str, name: &str, labels: &[&str]) -> Option<f64> {
    text.lines()
        .filter(|l| l.starts_with(&format!("{name}{{")))
        .find(|l| labels.iter().all(|lab| l.contains(lab)))
        .and_then(|l| l.rsplit(' ').next()?.parse().ok())
}

/// The exit status, waited for on a thread (bounded by [`WAIT`]).
fn wait_exit(server: &mut Server) -> ExitStatus {
    let mut child = server.child.take().unwrap();
    let pid = child.id().to_string();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let status = child.wait();
        let _ = tx.send((status, child));
    });
    match rx.recv_timeout(WAIT) {
        Ok((status, _)) => status.unwrap(),
        Err(_) => {
            let _ = Command::new("kill").args(["-KILL", &pid]).status();
            panic!("baton serve did not exit within {WAIT:?}")
        }
    }
}

#[test]
fn the_metrics_endpoint_counts_a_refused_login() {
    let server = start(&["--memory"], &["--metrics", "127.0.0.1:0"]);
    let metrics = server.metrics.unwrap();
    let refused = [
        "api=\"xmlrpc\"",
        "method=\"device.query\"",
        "outcome=\"refused\"",
        "code=\"15\"",
    ];
    assert_eq!(
        sample(&scrape(metrics), "baton_requests_total", &refused),
        None
    );

    let answer = exchange(server.api, &device_query(WRONG));
    assert!(answer.contains("<int>15</int>"), "{answer}");
    let text = scrape(metrics);
    assert_eq!(
        sample(&text, "baton_requests_total", &refused),
        Some(1.0),
        "{text}"
    );
    assert!(text.contains("text/plain; version=0.0.4"), "{text}");

    // A good call, a REST refusal and a committed write.
    let answer = exchange(server.api, &device_query(PASSWORD));
    assert!(answer.contains("softwareVersion"), "{answer}");
    let bad = exchange(
        server.api,
        &format!(
            "GET /api/4.0/sipdomain HTTP/1.1\r\nHost: t\r\nAuthorization: {}\r\nConnection: close\r\n\r\n",
            baton_tokio::auth::basic_header(USER, WRONG)
        ),
    );
    assert!(bad.starts_with("HTTP/1.1 401"), "{bad}");
    let put = exchange(server.api, &put_sip_domain("ops.example.com", false));
    assert!(put.starts_with("HTTP/1.1 204"), "{put}");

    let text = scrape(metrics);
    let ok = ["method=\"device.query\"", "outcome=\"ok\"", "code=\"200\""];
    assert_eq!(
        sample(&text, "baton_requests_total", &ok),
        Some(1.0),
        "{text}"
    );
    let rest = [
        "api=\"rest\"",
        "method=\"GET /api/4.0/sipdomain\"",
        "outcome=\"refused\"",
        "code=\"401\"",
    ];
    assert_eq!(
        sample(&text, "baton_requests_total", &rest),
        Some(1.0),
        "{text}"
    );
    assert_eq!(
        sample(
            &text,
            "baton_request_duration_seconds_count",
            &["method=\"device.query\""]
        ),
        Some(2.0),
        "{text}"
    );
    assert!(
        text.contains("baton_request_duration_seconds_bucket{"),
        "a histogram: {text}"
    );
    assert_eq!(
        sample(
            &text,
            "baton_store_commit_duration_seconds_count",
            &["outcome=\"ok\""]
        ),
        Some(1.0),
        "{text}"
    );
    assert!(!text.contains(WRONG) && !text.contains(PASSWORD), "{text}");
}

fn put_sip_domain(domain: &str, expect_continue: bool) -> String {
    let body = format!("{{\"SIPDomain\": \"{domain}\"}}");
    let expect = if expect_continue {
        "Expect: 100-continue\r\n"
    } else {
        ""
    };
    format!(
        "PUT /api/4.0/sipdomain HTTP/1.1\r\nHost: t\r\nAuthorization: {}\r\nContent-Type: application/json\r\n\
{expect}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        baton_tokio::auth::basic_header(USER, PASSWORD),
        body.len()
    )
}

/// A request in flight when `signal` arrives is answered (its write
/// committed), then the server exits 0; the write is there after a
/// restart.
fn in_flight_request_finishes_on(signal: &str) {
    let data =
        std::env::temp_dir().join(format!("baton-serve-ops-{}-{signal}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    let data_arg = data.to_str().unwrap().to_owned();
    let mut server = start(&["--data-dir", &data_arg], &[]);

    // Headers and half the body; `100 Continue` says the handler is
    // reading the body: the request is in flight.
    let request = put_sip_domain("graceful.example.com", true);
    let (head, body) = request.split_at(request.find("\r\n\r\n").unwrap() + 4);
    let (first, rest) = body.split_at(body.len() / 2);
    let mut conn = TcpStream::connect(server.api).unwrap();
    conn.set_read_timeout(Some(WAIT)).unwrap();
    conn.write_all(head.as_bytes()).unwrap();
    let mut cont = [0u8; 25];
    conn.read_exact(&mut cont).unwrap();
    assert_eq!(&cont, b"HTTP/1.1 100 Continue\r\n\r\n");
    conn.write_all(first.as_bytes()).unwrap();

    let pid = server.child.as_ref().unwrap().id().to_string();
    assert!(Command::new("kill")
        .args([&format!("-{signal}"), &pid])
        .status()
        .unwrap()
        .success());
    // The server has taken the signal (stopped accepting) ...
    loop {
        let line = server
            .log
            .recv_timeout(WAIT)
            .expect("the shutdown is logged");
        if line.contains("shutting down") {
            break;
        }
    }
    // ... and still answers the request in flight.
    conn.write_all(rest.as_bytes()).unwrap();
    let mut answer = String::new();
    conn.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 204"), "{answer}");
    let status = wait_exit(&mut server);
    assert!(status.success(), "baton serve exited with {status}");
    drop(server);

    // The write was committed before the answer.
    let server = start(&["--data-dir", &data_arg], &[]);
    let answer = exchange(
        server.api,
        &format!(
            "GET /api/4.0/sipdomain HTTP/1.1\r\nHost: t\r\nAuthorization: {}\r\nConnection: close\r\n\r\n",
            baton_tokio::auth::basic_header(USER, PASSWORD)
        ),
    );
    assert!(answer.contains("graceful.example.com"), "{answer}");
    drop(server);
    let _ = std::fs::remove_dir_all(Path::new(&data));
}

#[test]
fn sigterm_answers_the_request_in_flight_then_exits_zero() {
    in_flight_request_finishes_on("TERM");
}

#[test]
fn ctrl_c_answers_the_request_in_flight_then_exits_zero() {
    in_flight_request_finishes_on("INT");
}
