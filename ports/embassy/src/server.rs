//! The `/RPC2` listener: one [`Listener`] per `TcpSocket`, each serving one
//! keep-alive connection at a time. Run N listeners (one task each) on the
//! same port for N concurrent connections; further connection attempts
//! are refused by the stack while all are busy.
//!
//! Memory per listener is fixed by its const generics: the socket's own
//! rx/tx windows (`SOCK` bytes each), the receive buffer holding one
//! request head plus body (`REQ`), and the transmit buffer holding one
//! response head plus `methodResponse` (`RESP`).
//!
//! A connection ends with a graceful close (FIN, then the peer's data is
//! drained until it closes too, at most 1 s, and only then a reset), so a
//! final error answer is not lost to a reset; the listener accepts again
//! after that.

use embassy_net::tcp::TcpSocket;
use embassy_net::Stack;
use embassy_time::{with_deadline, with_timeout, Duration, Instant};
use embedded_io_async::Write as _;

use crate::handler::{dispatch, Handler};
use crate::http::{self, Route, Status, RESPONSE_HEAD_MAX};
use crate::Authenticator;

/// Listener settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ServerConfig {
    /// TCP port (80 by default, as on the Conductor).
    pub port: u16,
    /// How long a kept-alive connection may stay silent before the next
    /// request starts. Default 15 s.
    pub idle_timeout: Duration,
    /// How long a whole request (head and body) may take: on a new
    /// connection from its acceptance (a silent or slow client holds a
    /// listener no longer than this), on a kept-alive one from the
    /// request's first byte. Default 5 s (a request fits the listener's
    /// few-KiB buffer; a client that cannot send that in 5 s is not one
    /// to hold a listener for).
    pub request_timeout: Duration,
    /// How long sending an answer may take. Default 10 s.
    pub write_timeout: Duration,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            port: 80,
            idle_timeout: Duration::from_secs(15),
            request_timeout: Duration::from_secs(5),
            write_timeout: Duration::from_secs(10),
        }
    }
}

/// The buffers of one listener: `SOCK` bytes for each TCP window, `REQ`
/// for a request (head + body), `RESP` for a response (head + body).
/// Put it in a `static` (e.g. with `static_cell`).
pub struct Listener<const SOCK: usize = 1024, const REQ: usize = 4096, const RESP: usize = 4096> {
    sock_rx: [u8; SOCK],
    sock_tx: [u8; SOCK],
    req: [u8; REQ],
    resp: [u8; RESP],
}

impl<const SOCK: usize, const REQ: usize, const RESP: usize> Default for Listener<SOCK, REQ, RESP> {
    fn default() -> Self {
        Self::new()
    }
}

/// How a connection ended.
enum End {
    /// Answered; the connection stays open.
    KeepAlive,
    /// Close it (after the last answer was sent).
    Close,
}

impl<const SOCK: usize, const REQ: usize, const RESP: usize> Listener<SOCK, REQ, RESP> {
    /// Zeroed buffers.
    pub const fn new() -> Self {
        Listener {
            sock_rx: [0; SOCK],
            sock_tx: [0; SOCK],
            req: [0; REQ],
            resp: [0; RESP],
        }
    }

    /// Serves connections on `config.port` forever: accept, answer
    /// requests until the peer closes, a timeout or an error, close,
    /// accept again.
    pub async fn run<H: Handler + ?Sized, A: Authenticator + ?Sized>(
        &mut self,
        stack: Stack<'_>,
        config: &ServerConfig,
        handler: &H,
        auth: &A,
    ) -> ! {
        loop {
            let mut socket = TcpSocket::new(stack, &mut self.sock_rx, &mut self.sock_tx);
            if socket.accept(config.port).await.is_err() {
                continue;
            }
            socket.set_nagle_enabled(false);
            let remote = socket.remote_endpoint();
            debug!("connection accepted");
            Conn {
                socket: &mut socket,
                req: &mut self.req,
                resp: &mut self.resp,
                filled: 0,
                remote,
            }
            .serve(config, handler, auth)
            .await;
            linger_close(&mut socket).await;
        }
    }
}

struct Conn<'s, 'd, const REQ: usize, const RESP: usize> {
    socket: &'s mut TcpSocket<'d>,
    req: &'s mut [u8; REQ],
    resp: &'s mut [u8; RESP],
    /// Bytes of `req` received and not consumed yet.
    filled: usize,
    remote: Option<embassy_net::IpEndpoint>,
}

/// What reading more bytes gave.
enum Read {
    Data,
    Eof,
    TimedOut,
}

impl<const REQ: usize, const RESP: usize> Conn<'_, '_, REQ, RESP> {
    async fn serve<H: Handler + ?Sized, A: Authenticator + ?Sized>(
        &mut self,
        config: &ServerConfig,
        handler: &H,
        auth: &A,
    ) {
        // A fresh connection must deliver its whole first request within
        // the request timeout of being accepted: a silent or trickling
        // client holds this listener no longer than that (it used to get
        // the timeout twice: once for its first byte, once from there). A
        // kept-alive one may idle longer, then has the request timeout from
        // its next request's first byte.
        let mut fresh = Some(Instant::now() + config.request_timeout);
        loop {
            let (wait, deadline) = match fresh.take() {
                Some(deadline) => (config.request_timeout, Some(deadline)),
                None => (config.idle_timeout, None),
            };
            match self
                .one_request(config, handler, auth, wait, deadline)
                .await
            {
                End::KeepAlive => {}
                End::Close => return,
            }
        }
    }

    async fn read_more(&mut self, deadline: Instant) -> Read {
        let Some(space) = self.req.get_mut(self.filled..) else {
            return Read::Eof;
        };
        match with_deadline(deadline, self.socket.read(space)).await {
            Ok(Ok(0)) | Ok(Err(_)) => Read::Eof,
            Ok(Ok(n)) => {
                self.filled += n;
                Read::Data
            }
            Err(_) => Read::TimedOut,
        }
    }

    async fn one_request<H: Handler + ?Sized, A: Authenticator + ?Sized>(
        &mut self,
        config: &ServerConfig,
        handler: &H,
        auth: &A,
        wait: Duration,
        deadline: Option<Instant>,
    ) -> End {
        // The whole request (head and body) must arrive by `deadline`, or
        // within `request_timeout` of its first byte.
        let mut deadline =
            deadline.or_else(|| (self.filled > 0).then(|| Instant::now() + config.request_timeout));
        // The head.
        let head = loop {
            let received = self.req.get(..self.filled).unwrap_or_default();
            match http::parse_head(received) {
                Ok(Some(head)) => break head,
                Ok(None) if self.filled >= REQ => {
                    return self.status(Status::HeaderFieldsTooLarge, config).await;
                }
                Ok(None) => {}
                Err(e) => {
                    debug!("malformed request head");
                    return self.status(e.status(), config).await;
                }
            }
            let until = match deadline {
                Some(d) => d,
                None => Instant::now() + wait,
            };
            match self.read_more(until).await {
                Read::Data => {
                    deadline.get_or_insert_with(|| Instant::now() + config.request_timeout);
                }
                Read::Eof => return End::Close,
                Read::TimedOut if self.filled == 0 => return End::Close,
                Read::TimedOut => return self.status(Status::RequestTimeout, config).await,
            }
        };
        match head.route {
            Route::Rpc => {}
            Route::NotFound | Route::MethodNotAllowed => {
                let status = if head.route == Route::NotFound {
                    Status::NotFound
                } else {
                    Status::MethodNotAllowed
                };
                // Skip a body that is already here; otherwise close.
                let end = head.len.saturating_add(head.content_length);
                if head.keep_alive && end <= self.filled {
                    self.consume(end);
                    return self.answer(status, 0, true, config).await;
                }
                return self.status(status, config).await;
            }
        }
        let end = match head.len.checked_add(head.content_length) {
            Some(end) if end <= REQ => end,
            // Too large: answer without reading it.
            _ => return self.status(Status::PayloadTooLarge, config).await,
        };
        if head.expect_continue && self.filled < end {
            let sent = with_timeout(
                config.write_timeout,
                self.socket.write_all(b"HTTP/1.1 100 Continue\r\n\r\n"),
            )
            .await;
            if !matches!(sent, Ok(Ok(()))) {
                return End::Close;
            }
        }
        // The body.
        let deadline = deadline.unwrap_or_else(|| Instant::now() + config.request_timeout);
        while self.filled < end {
            match self.read_more(deadline).await {
                Read::Data => {}
                Read::Eof => return End::Close,
                Read::TimedOut => return self.status(Status::RequestTimeout, config).await,
            }
        }
        let answered = {
            let Some(body) = self.req.get_mut(head.len..end) else {
                return self.status(Status::BadRequest, config).await;
            };
            let Some(out) = self.resp.get_mut(RESPONSE_HEAD_MAX..) else {
                return self.status(Status::InternalServerError, config).await;
            };
            dispatch(handler, auth, body, self.remote, out).await
        };
        self.consume(end);
        if answered.is_empty() {
            return self.status(Status::InternalServerError, config).await;
        }
        self.answer(Status::Ok, answered.len(), head.keep_alive, config)
            .await
    }

    /// Drops the first `n` received bytes (a served request), keeping any
    /// pipelined bytes after them.
    fn consume(&mut self, n: usize) {
        let n = n.min(self.filled);
        self.req.copy_within(n..self.filled, 0);
        self.filled -= n;
    }

    /// Answers with an empty-bodied `status` and closes.
    async fn status(&mut self, status: Status, config: &ServerConfig) -> End {
        debug!("answering with an error status");
        self.answer(status, 0, false, config).await;
        End::Close
    }

    /// Sends a response whose body (`body_len` bytes) is already at
    /// `resp[RESPONSE_HEAD_MAX..]`: the head goes right before it, so the
    /// response is one contiguous write.
    async fn answer(
        &mut self,
        status: Status,
        body_len: usize,
        keep_alive: bool,
        config: &ServerConfig,
    ) -> End {
        let mut head = [0u8; RESPONSE_HEAD_MAX];
        let Some(head_len) = http::write_response_head(&mut head, status, body_len, keep_alive)
        else {
            return End::Close;
        };
        let start = RESPONSE_HEAD_MAX - head_len;
        let (Some(dst), Some(src)) = (
            self.resp.get_mut(start..RESPONSE_HEAD_MAX),
            head.get(..head_len),
        ) else {
            return End::Close;
        };
        dst.copy_from_slice(src);
        let Some(response) = self.resp.get(start..RESPONSE_HEAD_MAX + body_len) else {
            return End::Close;
        };
        let sent = with_timeout(config.write_timeout, async {
            self.socket.write_all(response).await?;
            self.socket.flush().await
        })
        .await;
        match sent {
            Ok(Ok(())) if keep_alive => End::KeepAlive,
            _ => End::Close,
        }
    }
}

/// Closes gracefully: our FIN after the last answer, then what the peer
/// still sends is read and dropped until it closes too (at most 1 s), so
/// the answer is not lost to a reset; only then, if need be, a reset.
async fn linger_close(socket: &mut TcpSocket<'_>) {
    socket.close();
    let drained = with_timeout(Duration::from_secs(1), async {
        let _ = socket.flush().await;
        let mut sink = [0u8; 64];
        while let Ok(n) = socket.read(&mut sink).await {
            if n == 0 {
                break;
            }
        }
    })
    .await;
    if drained.is_err() {
        socket.abort();
        let _ = with_timeout(Duration::from_millis(100), socket.flush()).await;
    }
}
