//! Capturing the log of one test, and raw requests to look at what it logs.

use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// A password that is not the account's.
pub const WRONG: &str = "Wr0ng-Pa55word-4242";

/// The captured log text.
#[derive(Clone, Default)]
pub struct Captured(Arc<Mutex<Vec<u8>>>);

impl io::Write for Captured {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Captured {
    /// Everything logged so far.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
    /// The records of one target.
    pub fn of_target(&self, target: &str) -> Vec<String> {
        self.text()
            .lines()
            .filter(|l| l.contains(target))
            .map(str::to_owned)
            .collect()
    }
    /// The request-log records.
    pub fn requests(&self) -> Vec<String> {
        self.of_target("baton::request")
    }
    /// The refused-call records.
    pub fn refused(&self) -> Vec<String> {
        self.of_target("baton::refused")
    }
}

/// Everything at `debug` and above (what `RUST_LOG=debug` shows), for
/// this thread only.
pub fn capture() -> (Captured, tracing::subscriber::DefaultGuard) {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_target(true)
        .with_max_level(tracing::Level::DEBUG)
        .finish();
    (captured, tracing::subscriber::set_default(subscriber))
}

/// Sends `request` on a new connection; the answer and our address (the
/// peer the server saw).
pub async fn exchange(addr: SocketAddr, request: &str) -> (String, SocketAddr) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let local = stream.local_addr().unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_string(&mut answer))
        .await
        .expect("answered within 5 s")
        .unwrap();
    (answer, local)
}

/// A raw `device.query` request with these credentials.
pub fn device_query(user: &str, password: &str) -> String {
    let body = format!(
        "<?xml version=\"1.0\"?><methodCall><methodName>device.query</methodName><params><param><value><struct>\
<member><name>authenticationUser</name><value><string>{user}</string></value></member>\
<member><name>authenticationPassword</name><value><string>{password}</string></value></member>\
</struct></value></param></params></methodCall>"
    );
    format!(
        "POST /RPC2 HTTP/1.1\r\nHost: t\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}
