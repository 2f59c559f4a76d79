//! An XML-RPC client for `participant.enumerate` and `conference.enumerate`
//! on an `embassy_net::tcp::TcpSocket`, streaming: the reply is decoded
//! one participant / conference at a time through a fixed buffer
//! ([`baton_rpc::stream`]), read from the socket straight into that
//! buffer, so the whole reply (about 4.8 MB of XML for the spec's 2,400
//! participants) is never held; a 4 KiB stream buffer is enough.
//!
//! ```text
//! encode the call into the request buffer (credentials, filters, enumerateID)
//! connect; POST /RPC2 HTTP/1.1 (Content-Length, Connection: close)
//! read the response head into the request buffer (httparse); 200 or Error::Http
//! body: Content-Length, chunked or to EOF -> stream.space()/commit()
//! each item -> callback; enumerateID / currentRevision -> Page; fault -> Error::Fault
//! ```
//!
//! [`EnumerateClient::participant_enumerate_all`] follows `enumerateID`
//! (echoed exactly as received, integer or string) up to a page cap.
//! Plain `http` to an IP endpoint only (no TLS, no DNS here).

mod chunked;

use core::future::Future;

use embassy_net::tcp::TcpSocket;
use embassy_net::{IpEndpoint, Stack};
use embassy_time::{with_timeout, Duration};
use embedded_io_async::Write as _;

use baton_rpc::enumerate::{Enumerate, IdTooLong, Next, Pager};
use baton_rpc::stream::{EnumerateItem, ItemOf, ItemStream};
use baton_rpc::value::EnumerateId;
use baton_rpc::Password;

pub use baton_rpc::enumerate::{EnumerateIdOwned, Page, Pages, ENUMERATE_ID_CAPACITY};
pub use chunked::{ChunkError, Dechunk};

use crate::http::{MAX_HEADERS, RPC_PATH};

/// Bytes of a fault string kept in [`Error::Fault`] (longer ones are cut
/// at a character boundary).
pub const FAULT_TEXT_CAPACITY: usize = 96;

/// Longest `Host` header value.
const HOST_CAPACITY: usize = 96;

/// Where and how to call.
#[derive(Clone, Copy, Debug)]
pub struct ClientConfig<'a> {
    /// The Conductor's address and port.
    pub remote: IpEndpoint,
    /// The `Host` header (e.g. `"10.0.0.5:443"`; at most 96 bytes).
    pub host: &'a str,
    /// `authenticationUser` put into every call.
    pub user: &'a str,
    /// `authenticationPassword` put into every call (`Debug` prints `"***"`).
    pub password: Password<'a>,
    /// Time to connect. Default 5 s.
    pub connect_timeout: Duration,
    /// Time for each write and each read of the exchange (the reply may
    /// take long in total; it must keep arriving). Default 10 s.
    pub io_timeout: Duration,
}

impl<'a> ClientConfig<'a> {
    /// A configuration with the default timeouts.
    pub fn new(remote: IpEndpoint, host: &'a str, user: &'a str, password: &'a str) -> Self {
        ClientConfig {
            remote,
            host,
            user,
            password: Password::new(password),
            connect_timeout: Duration::from_secs(5),
            io_timeout: Duration::from_secs(10),
        }
    }
}

/// What went wrong with the socket.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum TransportError {
    /// The connection could not be made.
    Connect,
    /// Reading or writing failed (reset).
    Io,
    /// The peer closed before the reply was complete.
    Closed,
    /// Connecting, or a read or write, took longer than its timeout.
    Timeout,
}

/// What is wrong with the HTTP answer itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum ResponseError {
    /// The head is not HTTP/1.x or does not fit in the request buffer.
    Head,
    /// Bad or conflicting `Content-Length`, or an unsupported
    /// `Transfer-Encoding`.
    Framing,
    /// Malformed chunked encoding.
    Chunked,
}

/// Why an enumerate call failed.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Error {
    /// The call does not fit in the request buffer (or the `Host` is too
    /// long, or an `enumerateID` string longer than
    /// [`ENUMERATE_ID_CAPACITY`] came back).
    Encode,
    /// The network failed.
    Transport(TransportError),
    /// The answer's HTTP status was not 200.
    Http(u16),
    /// The answer is not well-formed HTTP.
    Response(ResponseError),
    /// The reply is an XML-RPC fault.
    Fault {
        /// `faultCode`.
        code: i32,
        /// `faultString` (the first [`FAULT_TEXT_CAPACITY`] bytes).
        string: heapless::String<FAULT_TEXT_CAPACITY>,
    },
    /// The reply's XML or its values are wrong (as
    /// [`baton_rpc::decode_reply_in_place`] would say).
    Decode(baton_xmlrpc::Error),
    /// One item (or name, or string) does not fit in the stream buffer.
    BufferTooSmall,
}

impl From<TransportError> for Error {
    fn from(e: TransportError) -> Self {
        Error::Transport(e)
    }
}

impl From<IdTooLong> for Error {
    fn from(_: IdTooLong) -> Self {
        Error::Encode
    }
}

/// The former name of [`EnumerateIdOwned`] (its default storage).
#[deprecated(note = "use EnumerateIdOwned (baton_rpc::enumerate)")]
pub type EnumerateIdBuf = EnumerateIdOwned;

/// The client's buffers: `SOCK` bytes for each TCP window, `REQ` for the
/// encoded call (then the response head), `STREAM` for the streaming
/// decoder (the largest item must fit in seven eighths of it).
pub struct EnumerateClient<
    const SOCK: usize = 1024,
    const REQ: usize = 1024,
    const STREAM: usize = 4096,
> {
    sock_rx: [u8; SOCK],
    sock_tx: [u8; SOCK],
    req: [u8; REQ],
    stream: [u8; STREAM],
}

impl<const SOCK: usize, const REQ: usize, const STREAM: usize> Default
    for EnumerateClient<SOCK, REQ, STREAM>
{
    fn default() -> Self {
        Self::new()
    }
}

/// What one pull from an enumerate stream left to do.
enum Step {
    /// Pull again.
    Again,
    /// Push more input (or finish).
    NeedMore,
    /// The reply ended.
    End,
}

/// An enumerate stream with the callback `F`: what the exchange drives.
trait EnumStream<F> {
    /// Pulls the next item: hands it to `each` or notes it in `page`.
    fn step(&mut self, each: &mut F, page: &mut Page) -> Result<Step, Error>;
    fn push(&mut self, bytes: &[u8]) -> usize;
    fn space(&mut self) -> &mut [u8];
    fn commit(&mut self, n: usize);
    fn finish(&mut self);
}

impl<'b, S, F> EnumStream<F> for S
where
    S: ItemStream<&'b mut [u8]>,
    F: FnMut(&ItemOf<'_, S::Family>),
{
    fn step(&mut self, each: &mut F, page: &mut Page) -> Result<Step, Error> {
        match self.next_item().map_err(Error::Decode)? {
            EnumerateItem::NeedMore => return Ok(Step::NeedMore),
            EnumerateItem::Item(item) => {
                each(&item);
                page.items += 1;
            }
            EnumerateItem::EnumerateId(id) => {
                page.enumerate_id = id.map(EnumerateIdOwned::of).transpose()?;
            }
            EnumerateItem::CurrentRevision(r) => page.current_revision = r,
            EnumerateItem::Fault(f) => {
                return Err(Error::Fault {
                    code: f.code,
                    string: truncated(f.string),
                })
            }
            EnumerateItem::End => return Ok(Step::End),
        }
        Ok(Step::Again)
    }
    fn push(&mut self, bytes: &[u8]) -> usize {
        ItemStream::push(self, bytes)
    }
    fn space(&mut self) -> &mut [u8] {
        ItemStream::space(self)
    }
    fn commit(&mut self, n: usize) {
        ItemStream::commit(self, n)
    }
    fn finish(&mut self) {
        ItemStream::finish(self)
    }
}

impl<const SOCK: usize, const REQ: usize, const STREAM: usize> EnumerateClient<SOCK, REQ, STREAM> {
    /// Zeroed buffers.
    pub const fn new() -> Self {
        EnumerateClient {
            sock_rx: [0; SOCK],
            sock_tx: [0; SOCK],
            req: [0; REQ],
            stream: [0; STREAM],
        }
    }
}

impl<const SOCK: usize, const REQ: usize, const STREAM: usize> EnumerateClient<SOCK, REQ, STREAM> {
    /// One page of a `*.enumerate` ([`Enumerate`]: participants,
    /// conferences): `params` as given (filters, `enumerateID`) with the
    /// configuration's credentials; each item is handed to `each` as soon
    /// as it has arrived.
    pub async fn enumerate_stream<P: Enumerate>(
        &mut self,
        stack: Stack<'_>,
        config: &ClientConfig<'_>,
        params: P,
        mut each: impl FnMut(&ItemOf<'_, P::Family>),
    ) -> Result<Page, Error> {
        let id = params.enumerate_id();
        self.page(stack, config, &params, id, &mut each).await
    }

    /// A `*.enumerate` followed through `enumerateID` until a page comes
    /// without one, or `max_pages` calls were made (then
    /// [`Pages::enumerate_id`] says where to go on). `params` is the first
    /// call's (its filters are sent with every page).
    pub async fn enumerate_all<P: Enumerate>(
        &mut self,
        stack: Stack<'_>,
        config: &ClientConfig<'_>,
        params: P,
        max_pages: usize,
        mut each: impl FnMut(&ItemOf<'_, P::Family>),
    ) -> Result<Pages, Error> {
        let mut pager: Pager = Pager::starting_at(params.enumerate_id(), max_pages)?;
        while let Next::Call(enumerate_id) = pager.next() {
            let page = self
                .page(stack, config, &params, enumerate_id, &mut each)
                .await?;
            pager.add(page);
        }
        Ok(pager.finish())
    }

    /// One page of `params` at `enumerate_id`.
    async fn page<P: Enumerate, F: FnMut(&ItemOf<'_, P::Family>)>(
        &mut self,
        stack: Stack<'_>,
        config: &ClientConfig<'_>,
        params: &P,
        enumerate_id: Option<EnumerateId<'_>>,
        each: &mut F,
    ) -> Result<Page, Error> {
        let at = params.at(enumerate_id, config.user, config.password);
        let len = baton_rpc::client::encode_call(&mut self.req, P::METHOD, &at)
            .map_err(|_| Error::Encode)?;
        let Self {
            sock_rx,
            sock_tx,
            req,
            stream,
        } = self;
        let mut s = P::Stream::new(stream.as_mut_slice());
        call(stack, config, sock_rx, sock_tx, req, len, &mut s, each).await
    }
}

/// The table's enumerates by name (one row of `baton_rpc::enumerate_methods!`):
/// `participant_enumerate_stream` / `participant_enumerate_all`, and the
/// same for `conference.enumerate`.
macro_rules! enumerate_methods {
    ($name:literal, $stream:ident, $all:ident, $params:ident) => {
        impl<const SOCK: usize, const REQ: usize, const STREAM: usize>
            EnumerateClient<SOCK, REQ, STREAM>
        {
            #[doc = concat!("`", $name, "`, one page, streamed (see")]
            /// [`EnumerateClient::enumerate_stream`]).
            pub async fn $stream(
                &mut self,
                stack: Stack<'_>,
                config: &ClientConfig<'_>,
                params: baton_rpc::table::types::$params<'_>,
                each: impl FnMut(
                    &ItemOf<'_, <baton_rpc::table::types::$params<'static> as Enumerate>::Family>,
                ),
            ) -> Result<Page, Error> {
                self.enumerate_stream(stack, config, params, each).await
            }

            #[doc = concat!("`", $name, "` followed through `enumerateID` (see")]
            /// [`EnumerateClient::enumerate_all`]).
            pub async fn $all(
                &mut self,
                stack: Stack<'_>,
                config: &ClientConfig<'_>,
                params: baton_rpc::table::types::$params<'_>,
                max_pages: usize,
                each: impl FnMut(
                    &ItemOf<'_, <baton_rpc::table::types::$params<'static> as Enumerate>::Family>,
                ),
            ) -> Result<Pages, Error> {
                self.enumerate_all(stack, config, params, max_pages, each)
                    .await
            }
        }
    };
}

baton_rpc::enumerate_methods!(enumerate_methods);

/// One call on a new connection, closed afterwards.
#[allow(clippy::too_many_arguments)]
async fn call<F, S: EnumStream<F>>(
    stack: Stack<'_>,
    config: &ClientConfig<'_>,
    sock_rx: &mut [u8],
    sock_tx: &mut [u8],
    req: &mut [u8],
    len: usize,
    stream: &mut S,
    each: &mut F,
) -> Result<Page, Error> {
    let mut socket = TcpSocket::new(stack, sock_rx, sock_tx);
    socket.set_timeout(Some(config.io_timeout));
    let result = match with_timeout(config.connect_timeout, socket.connect(config.remote)).await {
        Ok(Ok(())) => exchange(&mut socket, config, req, len, stream, each).await,
        Ok(Err(_)) => Err(TransportError::Connect.into()),
        Err(_) => Err(TransportError::Timeout.into()),
    };
    socket.close();
    let _ = with_timeout(Duration::from_millis(500), socket.flush()).await;
    socket.abort();
    let _ = with_timeout(Duration::from_millis(100), socket.flush()).await;
    result
}

/// Writes the POST head for a `body_len`-byte call into `out`: to
/// `/RPC2`, `Host` as configured.
fn post_head(out: &mut [u8], host: &str, body_len: usize) -> Option<usize> {
    crate::http::write_post_head(out, RPC_PATH, host, None, body_len)
}

/// How the reply body ends.
#[derive(Debug)]
enum Framing {
    /// After this many more bytes.
    Length(usize),
    /// At the last chunk.
    Chunked(Dechunk),
    /// When the peer closes.
    Eof,
}

impl Framing {
    /// Removes framing from `buf` (received bytes) in place: the body bytes
    /// now at its start, and whether the body is complete.
    fn take(&mut self, buf: &mut [u8]) -> Result<(usize, bool), Error> {
        match self {
            Framing::Length(left) => {
                let n = buf.len().min(*left);
                *left -= n;
                Ok((n, *left == 0))
            }
            Framing::Chunked(d) => {
                let n = d
                    .decode(buf)
                    .map_err(|_| Error::Response(ResponseError::Chunked))?;
                Ok((n, d.is_done()))
            }
            Framing::Eof => Ok((buf.len(), false)),
        }
    }
}

/// The parsed response head.
struct Head {
    len: usize,
    status: u16,
    framing: Framing,
}

/// Parses the response head at the start of `buf` (`Ok(None)`: incomplete).
fn parse_head(buf: &[u8]) -> Result<Option<Head>, Error> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut r = httparse::Response::new(&mut headers);
    let len = match r.parse(buf) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(_) => return Err(Error::Response(ResponseError::Head)),
    };
    let status = r.code.ok_or(Error::Response(ResponseError::Head))?;
    let mut length: Option<usize> = None;
    let mut chunked = false;
    for h in r.headers.iter() {
        if h.name.eq_ignore_ascii_case("content-length") {
            let n = core::str::from_utf8(h.value)
                .ok()
                .and_then(|v| v.trim_ascii().parse::<usize>().ok())
                .ok_or(Error::Response(ResponseError::Framing))?;
            if length.is_some_and(|m| m != n) {
                return Err(Error::Response(ResponseError::Framing));
            }
            length = Some(n);
        } else if h.name.eq_ignore_ascii_case("transfer-encoding") {
            let v = core::str::from_utf8(h.value).unwrap_or("");
            if !v.trim_ascii().eq_ignore_ascii_case("chunked") {
                return Err(Error::Response(ResponseError::Framing));
            }
            chunked = true;
        }
    }
    // RFC 9112 6.3: chunked wins over Content-Length.
    let framing = match (chunked, length) {
        (true, _) => Framing::Chunked(Dechunk::new()),
        (false, Some(n)) => Framing::Length(n),
        (false, None) => Framing::Eof,
    };
    Ok(Some(Head {
        len,
        status,
        framing,
    }))
}

/// One socket operation under the I/O timeout `t`: a socket error is
/// [`TransportError::Io`], running out of time [`TransportError::Timeout`].
async fn timed<T>(
    t: Duration,
    op: impl Future<Output = Result<T, embassy_net::tcp::Error>>,
) -> Result<T, Error> {
    match with_timeout(t, op).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(_)) => Err(TransportError::Io.into()),
        Err(_) => Err(TransportError::Timeout.into()),
    }
}

/// Sends the call in `req[..len]`, reads the answer's head into `req`,
/// streams the body through `stream`.
async fn exchange<F, S: EnumStream<F>>(
    socket: &mut TcpSocket<'_>,
    config: &ClientConfig<'_>,
    req: &mut [u8],
    len: usize,
    stream: &mut S,
    each: &mut F,
) -> Result<Page, Error> {
    let t = config.io_timeout;
    let mut head = [0u8; HOST_CAPACITY + 128];
    let head_len = post_head(&mut head, config.host, len).ok_or(Error::Encode)?;
    timed(
        t,
        socket.write_all(head.get(..head_len).unwrap_or_default()),
    )
    .await?;
    timed(t, socket.write_all(req.get(..len).unwrap_or_default())).await?;
    timed(t, socket.flush()).await?;

    // The head, into the request buffer (the call is sent).
    let mut filled = 0;
    let head = loop {
        if let Some(h) = parse_head(req.get(..filled).unwrap_or_default())? {
            // An interim 1xx answer: skip it.
            if (100..200).contains(&h.status) {
                req.copy_within(h.len..filled, 0);
                filled -= h.len;
                continue;
            }
            break h;
        }
        let space = req.get_mut(filled..).unwrap_or_default();
        if space.is_empty() {
            return Err(Error::Response(ResponseError::Head));
        }
        match timed(t, socket.read(space)).await? {
            0 => return Err(TransportError::Closed.into()),
            n => filled += n,
        }
    };
    if head.status != 200 {
        return Err(Error::Http(head.status));
    }
    let mut framing = head.framing;
    // Body bytes that came with the head.
    let (n, mut done) = framing.take(req.get_mut(head.len..filled).unwrap_or_default())?;
    let mut pending = head.len..head.len + n;

    let mut page = Page::default();
    let mut finished = false;
    loop {
        match stream.step(each, &mut page)? {
            Step::Again => continue,
            Step::End => return Ok(page),
            Step::NeedMore => {}
        }
        if !pending.is_empty() {
            let taken = stream.push(req.get(pending.clone()).unwrap_or_default());
            if taken == 0 {
                return Err(Error::BufferTooSmall);
            }
            page.bytes += taken;
            pending.start += taken;
            continue;
        }
        if done {
            if finished {
                // The decoder wants more after the end: a truncated reply.
                let e = baton_xmlrpc::ErrorKind::UnexpectedEof;
                return Err(Error::Decode(baton_xmlrpc::Error::new(e, page.bytes)));
            }
            stream.finish();
            finished = true;
            continue;
        }
        let space = stream.space();
        if space.is_empty() {
            return Err(Error::BufferTooSmall);
        }
        let got = timed(t, socket.read(space)).await?;
        if got == 0 {
            match framing {
                Framing::Eof => {
                    done = true;
                    continue;
                }
                _ => return Err(TransportError::Closed.into()),
            }
        }
        let (n, end) = framing.take(space.get_mut(..got).unwrap_or_default())?;
        stream.commit(n);
        page.bytes += n;
        done = end;
    }
}

/// The first [`FAULT_TEXT_CAPACITY`] bytes of `s`, cut at a character
/// boundary.
fn truncated(s: &str) -> heapless::String<FAULT_TEXT_CAPACITY> {
    let mut out = heapless::String::new();
    for c in s.chars() {
        if out.push(c).is_err() {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 14.8: a logged client configuration does not show the password.
    #[test]
    fn debug_of_client_config_redacts_the_password() {
        extern crate std;
        let remote = IpEndpoint::new(embassy_net::Ipv4Address::new(10, 0, 0, 5).into(), 80);
        let c = ClientConfig::new(remote, "10.0.0.5", "api", "hunter2-Secret");
        let shown = std::format!("{c:?}");
        assert!(!shown.contains("hunter2-Secret"), "{shown}");
        assert!(shown.contains("password: \"***\""), "{shown}");
        assert_eq!(c.password.as_str(), "hunter2-Secret");
    }

    #[test]
    fn post_head_is_http11_with_length_and_close() {
        let mut out = [0u8; 256];
        let n = post_head(&mut out, "192.168.69.1:9100", 42).unwrap();
        assert_eq!(
            &out[..n],
            b"POST /RPC2 HTTP/1.1\r\nHost: 192.168.69.1:9100\r\nUser-Agent: baton-embassy\r\nContent-Type: text/xml\r\nContent-Length: 42\r\nConnection: close\r\n\r\n"
        );
        assert_eq!(post_head(&mut out[..20], "h", 1), None);
    }

    #[test]
    fn response_heads_choose_their_body_framing() {
        let h = parse_head(b"HTTP/1.0 200 OK\r\nContent-Length: 12\r\n\r\nxx")
            .unwrap()
            .unwrap();
        assert!(matches!(h.framing, Framing::Length(12)) && h.status == 200 && h.len == 39);
        let h = parse_head(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n",
        )
        .unwrap()
        .unwrap();
        assert!(matches!(h.framing, Framing::Chunked(_)));
        let h = parse_head(b"HTTP/1.0 200 OK\r\n\r\n").unwrap().unwrap();
        assert!(matches!(h.framing, Framing::Eof));
        assert!(parse_head(b"HTTP/1.1 200 OK\r\nContent-")
            .unwrap()
            .is_none());
        assert_eq!(
            parse_head(b"HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n").err(),
            Some(Error::Response(ResponseError::Framing))
        );
        assert_eq!(
            parse_head(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n").err(),
            Some(Error::Response(ResponseError::Framing))
        );
        assert_eq!(
            parse_head(b"garbage\r\n\r\n").err(),
            Some(Error::Response(ResponseError::Head))
        );
        let h = parse_head(b"HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n")
            .unwrap()
            .unwrap();
        assert_eq!(h.status, 401);
    }

    #[test]
    fn content_length_framing_stops_at_the_length() {
        let mut f = Framing::Length(5);
        assert_eq!(f.take(&mut [0; 3]).unwrap(), (3, false));
        assert_eq!(f.take(&mut [0; 4]).unwrap(), (2, true));
    }

    #[test]
    fn long_fault_strings_are_cut_at_a_character_boundary() {
        let s = "é".repeat(100);
        let t = truncated(&s);
        assert_eq!(t.len(), FAULT_TEXT_CAPACITY);
        assert!(s.starts_with(t.as_str()));
    }
}
