//! HTTP/1.1 framing for the `/RPC2` server, without IO: the request head
//! ([`parse_head`], with `httparse`) and the response head
//! ([`write_response_head`]).
//!
//! Only what an XML-RPC endpoint needs: `POST /RPC2` with a
//! `Content-Length` body. Everything else has a status to answer with.

/// Most request header lines parsed; more is [`HeadError::Malformed`].
pub const MAX_HEADERS: usize = 24;

/// The one path served.
pub const RPC_PATH: &str = "/RPC2";

/// Where a request goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Route {
    /// `POST /RPC2`.
    Rpc,
    /// `/RPC2` with another method: 405 (`Allow: POST`).
    MethodNotAllowed,
    /// Any other path: 404.
    NotFound,
}

/// A complete, well-formed request head (nothing borrowed from the
/// buffer, so the body can be decoded in place afterwards).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Head {
    /// Bytes of the head, including the blank line.
    pub len: usize,
    /// Where the request goes.
    pub route: Route,
    /// The `Content-Length` (0 when absent).
    pub content_length: usize,
    /// Whether the connection stays open after the answer (HTTP/1.1
    /// without `Connection: close`, or HTTP/1.0 with
    /// `Connection: keep-alive`).
    pub keep_alive: bool,
    /// `Expect: 100-continue` was sent.
    pub expect_continue: bool,
}

/// Why a head cannot be served.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum HeadError {
    /// Not HTTP/1.x, bad syntax, too many headers, a bad or conflicting
    /// `Content-Length`: 400.
    Malformed,
    /// A `Transfer-Encoding` body (chunked): 411, a `Content-Length` is
    /// required.
    LengthRequired,
}

impl HeadError {
    /// The status answering it.
    pub const fn status(self) -> Status {
        match self {
            HeadError::Malformed => Status::BadRequest,
            HeadError::LengthRequired => Status::LengthRequired,
        }
    }
}

/// Parses the request head at the start of `buf`: `Ok(None)` when it is
/// not complete yet. Never panics.
///
/// ```
/// use baton_embassy::http::{parse_head, HeadError, Route, Status};
///
/// let req = b"POST /RPC2 HTTP/1.1\r\nHost: d\r\nContent-Length: 42\r\n\r\n<methodCall>";
/// let head = parse_head(req).unwrap().unwrap();
/// assert_eq!((head.route, head.content_length, head.keep_alive), (Route::Rpc, 42, true));
/// assert_eq!(&req[head.len..], b"<methodCall>"); // the body starts here
/// assert_eq!(parse_head(b"POST /RPC2 HTTP/1.1\r\nHo"), Ok(None)); // read more
/// let get = parse_head(b"GET /RPC2 HTTP/1.1\r\n\r\n").unwrap().unwrap();
/// assert_eq!(get.route, Route::MethodNotAllowed);
/// let chunked = b"POST /RPC2 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n";
/// let e = parse_head(chunked).unwrap_err();
/// assert_eq!((e, e.status()), (HeadError::LengthRequired, Status::LengthRequired));
/// ```
// Out of line: the listener's task poll (an async state machine) keeps a call, not a copy
// (-132 B of firmware flash).
#[inline(never)]
pub fn parse_head(buf: &[u8]) -> Result<Option<Head>, HeadError> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut headers);
    let len = match req.parse(buf) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(_) => return Err(HeadError::Malformed),
    };
    let (Some(method), Some(path), Some(version)) = (req.method, req.path, req.version) else {
        return Err(HeadError::Malformed);
    };
    let route = if path != RPC_PATH {
        Route::NotFound
    } else if method == "POST" {
        Route::Rpc
    } else {
        Route::MethodNotAllowed
    };
    let mut content_length: Option<usize> = None;
    let mut close = false;
    let mut keep = false;
    let mut expect_continue = false;
    for h in req.headers.iter() {
        if h.name.eq_ignore_ascii_case("content-length") {
            let n = parse_length(h.value).ok_or(HeadError::Malformed)?;
            if content_length.is_some_and(|m| m != n) {
                return Err(HeadError::Malformed);
            }
            content_length = Some(n);
        } else if h.name.eq_ignore_ascii_case("transfer-encoding") {
            return Err(HeadError::LengthRequired);
        } else if h.name.eq_ignore_ascii_case("connection") {
            for token in h.value.split(|&b| b == b',') {
                let token = trim(token);
                close |= token.eq_ignore_ascii_case(b"close");
                keep |= token.eq_ignore_ascii_case(b"keep-alive");
            }
        } else if h.name.eq_ignore_ascii_case("expect") {
            expect_continue = trim(h.value).eq_ignore_ascii_case(b"100-continue");
        }
    }
    let keep_alive = !close && (version == 1 || keep);
    Ok(Some(Head {
        len,
        route,
        content_length: content_length.unwrap_or(0),
        keep_alive,
        expect_continue,
    }))
}

fn trim(mut s: &[u8]) -> &[u8] {
    while let [b' ' | b'\t', rest @ ..] = s {
        s = rest;
    }
    while let [rest @ .., b' ' | b'\t'] = s {
        s = rest;
    }
    s
}

/// Decimal digits only (at most 18, so it fits a `usize` on 64-bit and is
/// far above any buffer on 32-bit, where it saturates).
fn parse_length(value: &[u8]) -> Option<usize> {
    let digits = trim(value);
    if digits.is_empty() || digits.len() > 18 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = digits
        .iter()
        .fold(0u64, |n, &d| n * 10 + u64::from(d - b'0'));
    Some(usize::try_from(n).unwrap_or(usize::MAX))
}

/// The statuses the server answers with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Status {
    /// 200: a `methodResponse` (reply or fault).
    Ok,
    /// 400: malformed head.
    BadRequest,
    /// 404: not `/RPC2`.
    NotFound,
    /// 405: `/RPC2` without `POST`.
    MethodNotAllowed,
    /// 408: the head or body did not arrive in time.
    RequestTimeout,
    /// 411: no `Content-Length` (chunked body).
    LengthRequired,
    /// 413: the body does not fit the receive buffer.
    PayloadTooLarge,
    /// 431: the head does not fit the receive buffer.
    HeaderFieldsTooLarge,
    /// 500: the answer does not fit the transmit buffer.
    InternalServerError,
}

impl Status {
    /// The status line's code and reason.
    pub const fn line(self) -> &'static str {
        match self {
            Status::Ok => "200 OK",
            Status::BadRequest => "400 Bad Request",
            Status::NotFound => "404 Not Found",
            Status::MethodNotAllowed => "405 Method Not Allowed",
            Status::RequestTimeout => "408 Request Timeout",
            Status::LengthRequired => "411 Length Required",
            Status::PayloadTooLarge => "413 Payload Too Large",
            Status::HeaderFieldsTooLarge => "431 Request Header Fields Too Large",
            Status::InternalServerError => "500 Internal Server Error",
        }
    }
}

/// Longest head [`write_response_head`] writes.
pub const RESPONSE_HEAD_MAX: usize = 160;

/// Writes a response head into `out` (at least [`RESPONSE_HEAD_MAX`]
/// bytes); returns its length, or `None` when `out` is too small. A 200
/// is `text/xml`; other statuses carry no body unless `content_length`
/// says so.
///
/// ```
/// use baton_embassy::http::{write_response_head, Status, RESPONSE_HEAD_MAX};
///
/// let mut out = [0u8; RESPONSE_HEAD_MAX];
/// let n = write_response_head(&mut out, Status::Ok, 120, true).unwrap();
/// let head = core::str::from_utf8(&out[..n]).unwrap();
/// assert!(head.starts_with("HTTP/1.1 200 OK\r\n"));
/// assert!(head.contains("Content-Type: text/xml\r\nContent-Length: 120\r\nConnection: keep-alive\r\n\r\n"));
/// let n = write_response_head(&mut out, Status::MethodNotAllowed, 0, false).unwrap();
/// assert!(core::str::from_utf8(&out[..n]).unwrap().contains("Allow: POST"));
/// assert_eq!(write_response_head(&mut out[..10], Status::Ok, 0, false), None);
/// ```
pub fn write_response_head(
    out: &mut [u8],
    status: Status,
    content_length: usize,
    keep_alive: bool,
) -> Option<usize> {
    let mut w = Cursor { out, len: 0 };
    w.put(b"HTTP/1.1 ")?;
    w.put(status.line().as_bytes())?;
    w.put(b"\r\nServer: baton-embassy\r\n")?;
    if status == Status::Ok {
        w.put(b"Content-Type: text/xml\r\n")?;
    }
    if status == Status::MethodNotAllowed {
        w.put(b"Allow: POST\r\n")?;
    }
    w.put(b"Content-Length: ")?;
    let mut n = itoa::Buffer::new();
    w.put(n.format(content_length).as_bytes())?;
    w.put(if keep_alive {
        b"\r\nConnection: keep-alive\r\n\r\n".as_slice()
    } else {
        b"\r\nConnection: close\r\n\r\n".as_slice()
    })?;
    Some(w.len)
}

/// Writes the head of a `POST` of `body_len` bytes of XML to `path` into
/// `out` (`Connection: close`); returns its length, or `None` when `out` is
/// too small. The `Host` header is `host` as given when `port` is `None`,
/// else `host:port`, an IPv6 literal in brackets.
pub(crate) fn write_post_head(
    out: &mut [u8],
    path: &str,
    host: &str,
    port: Option<u16>,
    body_len: usize,
) -> Option<usize> {
    let mut w = Cursor { out, len: 0 };
    let mut n = itoa::Buffer::new();
    w.put(b"POST ")?;
    w.put(path.as_bytes())?;
    w.put(b" HTTP/1.1\r\nHost: ")?;
    match port {
        None => w.put(host.as_bytes())?,
        Some(port) => {
            let v6 = host.contains(':');
            if v6 {
                w.put(b"[")?;
            }
            w.put(host.as_bytes())?;
            if v6 {
                w.put(b"]")?;
            }
            w.put(b":")?;
            w.put(n.format(port).as_bytes())?;
        }
    }
    w.put(b"\r\nUser-Agent: baton-embassy\r\nContent-Type: text/xml\r\nContent-Length: ")?;
    w.put(n.format(body_len).as_bytes())?;
    w.put(b"\r\nConnection: close\r\n\r\n")?;
    Some(w.len)
}

/// A bounded writer into a byte slice.
pub(crate) struct Cursor<'a> {
    pub(crate) out: &'a mut [u8],
    pub(crate) len: usize,
}

impl Cursor<'_> {
    pub(crate) fn put(&mut self, bytes: &[u8]) -> Option<()> {
        let end = self.len.checked_add(bytes.len())?;
        self.out.get_mut(self.len..end)?.copy_from_slice(bytes);
        self.len = end;
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn post_rpc2_with_content_length_is_served() {
        let h = parse_head(b"POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n\r\nbody")
            .unwrap()
            .unwrap();
        assert_eq!(h.route, Route::Rpc);
        assert_eq!(h.content_length, 12);
        assert_eq!(h.len, 52);
        assert!(h.keep_alive);
        assert!(!h.expect_continue);
    }

    #[test]
    fn incomplete_head_asks_for_more() {
        assert_eq!(parse_head(b"POST /RPC2 HTTP/1.1\r\nHost: x\r\n"), Ok(None));
        assert_eq!(parse_head(b""), Ok(None));
    }

    #[test]
    fn garbage_is_malformed() {
        assert_eq!(
            parse_head(b"\x00\x01garbage\r\n\r\n"),
            Err(HeadError::Malformed)
        );
        assert_eq!(
            parse_head(b"POST /RPC2 HTTP/1.1\r\nContent-Length: 1x\r\n\r\n"),
            Err(HeadError::Malformed)
        );
        assert_eq!(
            parse_head(b"POST /RPC2 HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"),
            Err(HeadError::Malformed)
        );
    }

    #[test]
    fn other_paths_and_methods_are_404_and_405() {
        let h = |s: &[u8]| parse_head(s).unwrap().unwrap().route;
        assert_eq!(h(b"GET /RPC2 HTTP/1.1\r\n\r\n"), Route::MethodNotAllowed);
        assert_eq!(h(b"POST /rpc2 HTTP/1.1\r\n\r\n"), Route::NotFound);
        assert_eq!(h(b"GET / HTTP/1.1\r\n\r\n"), Route::NotFound);
    }

    #[test]
    fn chunked_bodies_need_a_length() {
        assert_eq!(
            parse_head(b"POST /RPC2 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"),
            Err(HeadError::LengthRequired)
        );
    }

    #[test]
    fn keep_alive_follows_version_and_connection() {
        let k = |s: &[u8]| parse_head(s).unwrap().unwrap().keep_alive;
        assert!(k(b"POST /RPC2 HTTP/1.1\r\n\r\n"));
        assert!(!k(b"POST /RPC2 HTTP/1.1\r\nConnection: close\r\n\r\n"));
        assert!(!k(b"POST /RPC2 HTTP/1.0\r\n\r\n"));
        assert!(k(b"POST /RPC2 HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"));
    }

    #[test]
    fn huge_content_length_saturates_instead_of_overflowing() {
        let h = parse_head(b"POST /RPC2 HTTP/1.1\r\nContent-Length: 999999999999999999\r\n\r\n")
            .unwrap()
            .unwrap();
        assert!(h.content_length >= 999_999_999);
        assert_eq!(
            parse_head(b"POST /RPC2 HTTP/1.1\r\nContent-Length: 9999999999999999999\r\n\r\n"),
            Err(HeadError::Malformed)
        );
    }

    #[test]
    fn response_head_is_exact() {
        let mut out = [0u8; RESPONSE_HEAD_MAX];
        let n = write_response_head(&mut out, Status::Ok, 42, true).unwrap();
        assert_eq!(
            &out[..n],
            b"HTTP/1.1 200 OK\r\nServer: baton-embassy\r\nContent-Type: text/xml\r\nContent-Length: 42\r\nConnection: keep-alive\r\n\r\n"
        );
        let n = write_response_head(&mut out, Status::MethodNotAllowed, 0, false).unwrap();
        assert_eq!(
            &out[..n],
            b"HTTP/1.1 405 Method Not Allowed\r\nServer: baton-embassy\r\nAllow: POST\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
        assert_eq!(
            write_response_head(&mut out[..10], Status::Ok, 1, true),
            None
        );
    }

    #[test]
    fn longest_response_head_fits() {
        let mut out = [0u8; RESPONSE_HEAD_MAX];
        assert!(
            write_response_head(&mut out, Status::HeaderFieldsTooLarge, usize::MAX, true).is_some()
        );
    }
}
