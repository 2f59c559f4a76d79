//! Feedback delivery: a `baton-feedback` [`Publisher`] shared by the
//! `/RPC2` handlers (configure / query / remove, publish) and one delivery
//! task that POSTs its notifications over `TcpSocket`s.
//!
//! ```text
//! loop {
//!     lock: handle_timeout(now); poll_transmit(now, body)
//!     Some(t) -> connect to the receiver (IP literal; DNS with `dns`),
//!                POST body, read the answer: HTTP 2xx + a methodResponse
//!                that is not a fault = delivered, anything else = failed
//!                -> lock: on_outcome
//!     None    -> sleep until poll_timeout() or a publish/configure
//! }
//! ```
//!
//! One notification is in flight at a time (one socket, `Connection:
//! close`); the publisher serves receivers round-robin, so a dead receiver
//! delays the others by at most the connect timeout. Plain `http` only:
//! an `https` receiver is reported as failed (its queue fills and drops
//! oldest events, as for any unreachable receiver).

use core::cell::RefCell;

use embassy_net::tcp::TcpSocket;
use embassy_net::{IpAddress, Stack};
use embassy_sync::blocking_mutex::raw::RawMutex;
use embassy_sync::blocking_mutex::Mutex;
use embassy_sync::signal::Signal;
use embassy_time::{with_timeout, Duration, Instant, Timer};

use embedded_io_async::Write as _;

use baton_feedback::event::PublishedEvent;
use baton_feedback::registry::URI_CAPACITY;
use baton_feedback::wire::{classify_reply, status_can_acknowledge};
use baton_feedback::{Outcome, Publisher, Scheme};
use baton_rpc::{EventName, Request};

use crate::handler::{Answered, Reply};

/// Delivery settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct FeedbackConfig {
    /// Time to connect to a receiver. Default 5 s. With `dns`, a host
    /// name's lookup gets the same time again (a name whose DNS server
    /// never answers fails after it, instead of holding the delivery task
    /// through the resolver's own retries, about 10 s per query type).
    pub connect_timeout: Duration,
    /// Time for a receiver to answer once the notification is sent.
    /// Default 10 s. Keep the publisher's `response_timeout` above
    /// `connect_timeout + response_timeout`.
    pub response_timeout: Duration,
}

impl Default for FeedbackConfig {
    fn default() -> Self {
        FeedbackConfig {
            connect_timeout: Duration::from_secs(5),
            response_timeout: Duration::from_secs(10),
        }
    }
}

/// The buffers of the delivery task: `SOCK` bytes for each TCP window,
/// `BODY` for one encoded notification, `RESP` for the receiver's answer.
pub struct DeliveryBuffers<
    const SOCK: usize = 1024,
    const BODY: usize = 2048,
    const RESP: usize = 512,
> {
    sock_rx: [u8; SOCK],
    sock_tx: [u8; SOCK],
    body: [u8; BODY],
    resp: [u8; RESP],
}

impl<const SOCK: usize, const BODY: usize, const RESP: usize> Default
    for DeliveryBuffers<SOCK, BODY, RESP>
{
    fn default() -> Self {
        Self::new()
    }
}

impl<const SOCK: usize, const BODY: usize, const RESP: usize> DeliveryBuffers<SOCK, BODY, RESP> {
    /// Zeroed buffers.
    pub const fn new() -> Self {
        DeliveryBuffers {
            sock_rx: [0; SOCK],
            sock_tx: [0; SOCK],
            body: [0; BODY],
            resp: [0; RESP],
        }
    }
}

/// Milliseconds since boot: the publisher's clock.
/// The publisher's clock: embassy time since boot.
fn clock_now() -> baton_feedback::Instant {
    Instant::now().into()
}

/// A publisher shared between handlers and the delivery task. `M` is the
/// mutex flavour (`CriticalSectionRawMutex` on Cortex-M, or
/// `NoopRawMutex` when everything runs on one executor).
///
/// Handlers hand it the `feedbackReceiver.*` calls ([`Feedback::answer`]);
/// the delivery task ([`Feedback::deliver`]) posts the notifications:
///
/// ```
/// use baton_embassy::baton_feedback::{Config, Publisher};
/// use baton_embassy::handler::Reply;
/// use baton_embassy::Feedback;
/// use baton_rpc::{EventName, Request};
/// use embassy_sync::blocking_mutex::raw::NoopRawMutex;
///
/// let feedback: Feedback<NoopRawMutex, EventName, 4, 8> = Feedback::new(Publisher::new(Config::default(), 1));
/// let mut call = *b"<methodCall><methodName>feedbackReceiver.extended.configure</methodName>\
///     <params><param><value><struct>\
///     <member><name>receiverURI</name><value>http://10.0.0.9:9000/RPC2</value></member>\
///     <member><name>sourceIdentifier</name><value>fw-1</value></member>\
///     <member><name>receiverIndex</name><value><int>-1</int></value></member>\
///     <member><name>authenticationUser</name><value>tms</value></member>\
///     <member><name>authenticationPassword</name><value>pw</value></member>\
///     </struct></value></param></params></methodCall>";
/// let request = Request::decode_in_place(&mut call).unwrap();
/// let mut out = [0u8; 512];
/// let answered = feedback.answer(&request, Reply::new(&mut out)).ok().unwrap();
/// let text = core::str::from_utf8(&out[..answered.len()]).unwrap();
/// assert!(text.contains("<name>receiverIndex</name><value><int>1</int>"), "{text}");
/// assert_eq!(feedback.with(|p| p.receivers().count()), 1);
///
/// // Any other call is handed back for the handler to answer.
/// let mut call = *b"<methodCall><methodName>device.query</methodName><params><param><value><struct>\
///     <member><name>authenticationUser</name><value>tms</value></member>\
///     <member><name>authenticationPassword</name><value>pw</value></member>\
///     </struct></value></param></params></methodCall>";
/// let request = Request::decode_in_place(&mut call).unwrap();
/// assert!(feedback.answer(&request, Reply::new(&mut out)).is_err());
/// ```
pub struct Feedback<M: RawMutex, E, const R: usize, const Q: usize> {
    publisher: Mutex<M, RefCell<Publisher<E, R, Q>>>,
    wake: Signal<M, ()>,
}

impl<M: RawMutex, E: PublishedEvent + From<EventName>, const R: usize, const Q: usize>
    Feedback<M, E, R, Q>
{
    /// Shares `publisher`.
    pub fn new(publisher: Publisher<E, R, Q>) -> Self {
        Feedback {
            publisher: Mutex::new(RefCell::new(publisher)),
            wake: Signal::new(),
        }
    }

    /// Runs `f` on the publisher (then wakes the delivery task, in case
    /// `f` queued something).
    pub fn with<T>(&self, f: impl FnOnce(&mut Publisher<E, R, Q>) -> T) -> T {
        let out = self.publisher.lock(|p| f(&mut p.borrow_mut()));
        self.wake.signal(());
        out
    }

    /// Queues `event` for its subscribers; returns how many.
    pub fn publish(&self, event: E) -> usize {
        self.with(|p| p.publish(event, clock_now()))
    }

    /// Publishes `applicationStarted` (once, at boot).
    pub fn start(&self) -> usize {
        self.with(|p| p.start(clock_now()))
    }

    /// Answers the `feedbackReceiver.*` calls from the publisher's slots
    /// ([`Publisher::answer`]); for any other request the reply is handed
    /// back unused.
    // Out of line: its three reply encoders stay out of the listener's task poll.
    #[inline(never)]
    pub fn answer<'b>(
        &self,
        request: &Request<'_>,
        reply: Reply<'b>,
    ) -> Result<Answered, Reply<'b>> {
        let answered = self
            .publisher
            .lock(|p| match p.borrow_mut().answer(request) {
                Some(Ok(r)) => Ok(reply.ok(&r)),
                Some(Err(fault)) => Ok(reply.fault(&fault)),
                None => Err(reply),
            });
        if answered.is_ok() {
            // A receiver configured or removed: the delivery task re-plans.
            self.wake.signal(());
        }
        answered
    }

    /// The delivery task's body: runs forever.
    pub async fn deliver<const SOCK: usize, const BODY: usize, const RESP: usize>(
        &self,
        stack: Stack<'_>,
        config: &FeedbackConfig,
        bufs: &mut DeliveryBuffers<SOCK, BODY, RESP>,
    ) -> ! {
        loop {
            let now = clock_now();
            let mut target = Target::default();
            let polled = self.publisher.lock(|p| {
                let mut p = p.borrow_mut();
                p.handle_timeout(now);
                let t = p.poll_transmit(now, &mut bufs.body);
                if let Ok(Some(t)) = &t {
                    target = Target::of(&p, t.receiver);
                }
                t
            });
            match polled {
                Ok(Some(t)) => {
                    let body = bufs.body.get(..t.len).unwrap_or_default();
                    let outcome = match target.ok {
                        true => {
                            post(
                                stack,
                                config,
                                &target,
                                body,
                                &mut bufs.sock_rx,
                                &mut bufs.sock_tx,
                                &mut bufs.resp,
                            )
                            .await
                        }
                        false => Outcome::Failed,
                    };
                    debug!("notification {} -> {}", t.seqn, outcome);
                    self.publisher.lock(|p| {
                        p.borrow_mut()
                            .on_outcome(t.receiver, t.seqn, outcome, clock_now())
                    });
                }
                Ok(None) => {
                    let next = self.publisher.lock(|p| p.borrow().poll_timeout());
                    let wake = self.wake.wait();
                    match next {
                        Some(at) => {
                            let at = Instant::from(at);
                            if at > Instant::now() {
                                let _ = embassy_futures::select::select(wake, Timer::at(at)).await;
                            }
                        }
                        None => wake.await,
                    }
                }
                // A retry that no longer fits the buffer: the next poll
                // moves on; do not spin.
                Err(_) => Timer::after(Duration::from_millis(10)).await,
            }
        }
    }
}

/// Where a notification goes, copied out of the publisher so the lock is
/// not held across IO.
#[derive(Default)]
struct Target {
    ok: bool,
    host: heapless::String<URI_CAPACITY>,
    path: heapless::String<URI_CAPACITY>,
    port: u16,
}

impl Target {
    #[inline(never)]
    fn of<E: PublishedEvent, const R: usize, const Q: usize>(
        p: &Publisher<E, R, Q>,
        id: baton_feedback::ReceiverId,
    ) -> Self {
        let mut t = Target::default();
        if let Some(uri) = p.target(id) {
            t.ok = uri.scheme == Scheme::Http
                && t.host.push_str(uri.host).is_ok()
                && t.path.push_str(uri.path).is_ok();
            t.port = uri.port;
        }
        t
    }
}

/// An IP literal (IPv6 only with the `ipv6` feature).
fn literal(host: &str) -> Option<IpAddress> {
    match host.parse::<core::net::IpAddr>().ok()? {
        core::net::IpAddr::V4(v4) => Some(v4.into()),
        #[cfg(feature = "ipv6")]
        core::net::IpAddr::V6(v6) => Some(v6.into()),
        #[cfg(not(feature = "ipv6"))]
        core::net::IpAddr::V6(_) => None,
    }
}

/// Resolves a receiver host: an IP literal, or (with `dns`) a name.
async fn resolve(stack: Stack<'_>, host: &str) -> Option<IpAddress> {
    if let Some(ip) = literal(host) {
        return Some(ip);
    }
    #[cfg(feature = "dns")]
    {
        use embassy_net::dns::DnsQueryType;
        if let Ok(found) = stack.dns_query(host, DnsQueryType::A).await {
            if let Some(ip) = found.first() {
                return Some(*ip);
            }
        }
        #[cfg(feature = "ipv6")]
        if let Ok(found) = stack.dns_query(host, DnsQueryType::Aaaa).await {
            return found.first().copied();
        }
        None
    }
    #[cfg(not(feature = "dns"))]
    {
        let _ = stack;
        None
    }
}

/// Writes the POST head for `body` into `out`: to the receiver's path,
/// `Host` its host (bracketed when an IPv6 literal) and port.
#[inline(never)]
fn post_head(out: &mut [u8], target: &Target, body_len: usize) -> Option<usize> {
    crate::http::write_post_head(out, &target.path, &target.host, Some(target.port), body_len)
}

#[allow(clippy::too_many_arguments)]
async fn post(
    stack: Stack<'_>,
    config: &FeedbackConfig,
    target: &Target,
    body: &[u8],
    sock_rx: &mut [u8],
    sock_tx: &mut [u8],
    resp: &mut [u8],
) -> Outcome {
    let Ok(Some(addr)) = with_timeout(config.connect_timeout, resolve(stack, &target.host)).await
    else {
        return Outcome::Failed;
    };
    let mut socket = TcpSocket::new(stack, sock_rx, sock_tx);
    socket.set_timeout(Some(config.response_timeout));
    let outcome =
        match with_timeout(config.connect_timeout, socket.connect((addr, target.port))).await {
            Ok(Ok(())) => match with_timeout(
                config.response_timeout,
                exchange(&mut socket, target, body, resp),
            )
            .await
            {
                Ok(outcome) => outcome,
                Err(_) => Outcome::Failed,
            },
            _ => Outcome::Failed,
        };
    socket.close();
    let _ = with_timeout(Duration::from_millis(500), socket.flush()).await;
    socket.abort();
    let _ = with_timeout(Duration::from_millis(100), socket.flush()).await;
    outcome
}

async fn exchange(
    socket: &mut TcpSocket<'_>,
    target: &Target,
    body: &[u8],
    resp: &mut [u8],
) -> Outcome {
    let mut head = [0u8; 2 * URI_CAPACITY + 160];
    let Some(head_len) = post_head(&mut head, target, body.len()) else {
        return Outcome::Failed;
    };
    if socket
        .write_all(head.get(..head_len).unwrap_or_default())
        .await
        .is_err()
        || socket.write_all(body).await.is_err()
        || socket.flush().await.is_err()
    {
        return Outcome::Failed;
    }
    // Read the answer: the head, then Content-Length bytes (or to EOF).
    let mut filled = 0;
    let mut eof = false;
    loop {
        if let Some(outcome) = classify(resp.get_mut(..filled).unwrap_or_default(), eof) {
            return outcome;
        }
        if eof || filled >= resp.len() {
            return Outcome::Failed;
        }
        let Some(space) = resp.get_mut(filled..) else {
            return Outcome::Failed;
        };
        match socket.read(space).await {
            Ok(0) | Err(_) => eof = true,
            Ok(n) => filled += n,
        }
    }
}

/// Classifies a receiver's answer: `None` while more bytes are needed.
/// Delivered is HTTP 2xx with a complete `methodResponse` that is not a
/// fault.
///
/// ```
/// use baton_embassy::baton_feedback::Outcome;
/// use baton_embassy::feedback::classify;
///
/// let body = "<methodResponse><params><param><value>ok</value></param></params></methodResponse>";
/// let ok = format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\n\r\n{body}", body.len());
/// let mut resp = ok.clone().into_bytes();
/// assert_eq!(classify(&mut resp, false), Some(Outcome::Delivered));
/// let mut partial = ok[..30].as_bytes().to_vec();
/// assert_eq!(classify(&mut partial, false), None); // read more
/// let mut error = b"HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n".to_vec();
/// assert_eq!(classify(&mut error, false), Some(Outcome::Failed));
/// ```
#[inline(never)]
pub fn classify(resp: &mut [u8], eof: bool) -> Option<Outcome> {
    let (head_len, code, length) = {
        let mut headers = [httparse::EMPTY_HEADER; crate::http::MAX_HEADERS];
        let mut r = httparse::Response::new(&mut headers);
        let head_len = match r.parse(resp) {
            Ok(httparse::Status::Complete(n)) => n,
            Ok(httparse::Status::Partial) if !eof => return None,
            _ => return Some(Outcome::Failed),
        };
        // Another status fails whatever the body: do not wait for it.
        let code = r.code.unwrap_or(0);
        if !status_can_acknowledge(code) {
            return Some(Outcome::Failed);
        }
        let length = r
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case("content-length"))
            .and_then(|h| core::str::from_utf8(h.value).ok())
            .and_then(|v| v.trim_ascii().parse::<usize>().ok());
        (head_len, code, length)
    };
    let body = resp.get_mut(head_len..).unwrap_or_default();
    let available = body.len();
    let body = match length {
        Some(n) if available >= n => body.get_mut(..n).unwrap_or_default(),
        Some(_) if !eof => return None,
        Some(_) => return Some(Outcome::Failed),
        None if !eof => return None,
        None => body,
    };
    Some(classify_reply(code, body).outcome())
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::vec::Vec;

    #[test]
    fn ack_with_2xx_is_delivered() {
        let body = b"<methodResponse><params><param><value><string>ok</string></value></param></params></methodResponse>";
        let mut resp = [0u8; 256];
        let head = b"HTTP/1.0 200 OK\r\nContent-Type: text/xml\r\nContent-Length: ";
        let mut n = head.len();
        resp[..n].copy_from_slice(head);
        let len = itoa::Buffer::new().format(body.len()).as_bytes().to_vec();
        let len: &[u8] = &len;
        resp[n..n + len.len()].copy_from_slice(len);
        n += len.len();
        resp[n..n + 4].copy_from_slice(b"\r\n\r\n");
        n += 4;
        resp[n..n + body.len()].copy_from_slice(body);
        n += body.len();
        let mut partial = resp;
        assert_eq!(classify(&mut partial[..n - 1], false), None);
        assert_eq!(classify(&mut resp[..n], false), Some(Outcome::Delivered));
    }

    #[test]
    fn faults_errors_and_garbage_fail() {
        let mut fault: Vec<u8> = b"HTTP/1.1 200 OK\r\n\r\n<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>1</int></value></member><member><name>faultString</name><value><string>x</string></value></member></struct></value></fault></methodResponse>".to_vec();
        assert_eq!(classify(&mut fault.clone(), false), None);
        assert_eq!(classify(&mut fault, true), Some(Outcome::Failed));
        assert_eq!(
            classify(
                &mut b"HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n".to_vec(),
                false
            ),
            Some(Outcome::Failed)
        );
        assert_eq!(
            classify(&mut b"garbage\r\n\r\n".to_vec(), false),
            Some(Outcome::Failed)
        );
        assert_eq!(
            classify(&mut b"HTTP/1.1 200".to_vec(), true),
            Some(Outcome::Failed)
        );
    }

    #[test]
    fn post_head_brackets_ipv6_hosts() {
        let mut t = Target {
            ok: true,
            port: 8080,
            ..Target::default()
        };
        t.host.push_str("fd00::1").unwrap();
        t.path.push_str("/RPC2").unwrap();
        let mut out = [0u8; 256];
        let n = post_head(&mut out, &t, 10).unwrap();
        assert_eq!(
            &out[..n],
            b"POST /RPC2 HTTP/1.1\r\nHost: [fd00::1]:8080\r\nUser-Agent: baton-embassy\r\nContent-Type: text/xml\r\nContent-Length: 10\r\nConnection: close\r\n\r\n"
        );
    }
}
