//! The server's limits, with the spec's performance guidance as defaults.

use std::time::Duration;

/// Limits and timeouts of the Conductor service.
///
/// The defaults follow the spec's "API performance and security": at most
/// four API requests served at once (more wait; they are not refused),
/// HTTP/1.1 keep-alive, and bounded time for a client to send its request.
///
/// A request takes its turn (one of the `max_concurrent` permits) only once
/// its body is in: a client that is slow to send holds its own connection,
/// never a permit, so slow or stalled clients cannot stop the API. The
/// limits against hostile clients, and why these numbers, are in
/// `SECURITY.md`.
///
/// ```
/// use baton_tokio::{ConductorHandler, Role, ServerBuilder, ServerConfig, Users};
/// use tower::ServiceExt;
///
/// struct Device;
/// impl ConductorHandler for Device {}
///
/// let config = ServerConfig { max_body_bytes: 64, ..ServerConfig::default() };
/// assert_eq!(config.max_concurrent, 4); // the spec's four concurrent API requests
/// let app: axum::Router =
///     ServerBuilder::new(Device, Users::new().with("tms", "pw", Role::Admin)).config(config).router();
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let request = http::Request::post("/RPC2").body("x".repeat(65)).unwrap();
/// assert_eq!(app.oneshot(request).await.unwrap().status(), 413); // over max_body_bytes
/// # });
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerConfig {
    /// Largest request body accepted; a larger one is answered 413 without
    /// reading past the limit (a declared `Content-Length` over it is
    /// refused before any of the body is read). Default 1 MiB.
    pub max_body_bytes: usize,
    /// Requests served at once; more wait for a turn. Default 4 (the spec:
    /// "no more than four concurrent API connections").
    pub max_concurrent: usize,
    /// Time allowed to receive a request's whole body once its headers are
    /// in; past it the answer is 408 and the connection is closed. Default
    /// 30 s.
    pub body_read_timeout: Duration,
    /// The slowest body accepted, in bytes per second: with `n` bytes
    /// received, the next must arrive within
    /// [`body_rate_grace`](Self::body_rate_grace) + `n / body_min_rate`
    /// seconds of the body's start, or the answer is 408 and the
    /// connection is closed (Apache `mod_reqtimeout`'s `MinRate`; 0 turns
    /// the rule off). Default 500 B/s.
    pub body_min_rate: u32,
    /// Time a body may take before [`body_min_rate`](Self::body_min_rate)
    /// counts; a body that has sent nothing by then is dropped. Default 5 s.
    pub body_rate_grace: Duration,
    /// Bytes of request bodies held at once across all connections (being
    /// read, waiting for their turn, being served): a body read waits for
    /// room, at most [`body_read_timeout`](Self::body_read_timeout), then
    /// gets 503. Bodies are read before their turn, so without this bound
    /// many clients could each park a body of up to `max_body_bytes` in
    /// memory. Never less than `max_body_bytes`. Default 64 MiB.
    pub max_buffered_body_bytes: usize,
    /// Time allowed to serve a request once its body is in and its turn
    /// came (handler, encoding); past it the answer is 408. Default 60 s.
    pub request_timeout: Duration,
    /// Time allowed to receive a request's headers, also the idle time
    /// allowed between keep-alive requests ([`crate::serve`] only).
    /// Default 30 s.
    pub header_read_timeout: Duration,
    /// Whether connections are kept alive between requests ([`crate::serve`]
    /// only). Default on.
    pub keep_alive: bool,
    /// How long a graceful shutdown waits for requests in flight
    /// ([`crate::serve`] only). Default 30 s.
    pub shutdown_grace: Duration,
    /// The HTTP Basic realm in `WWW-Authenticate`. Default `baton`.
    pub realm: String,
    /// "Automatic discovery protection": when on, `/systemunit.xml` needs
    /// a username and password like every other resource; when off (the
    /// default) it is answered without credentials ("If Automatic
    /// discovery protection has been set to On ... a username and password
    /// are required to access this information").
    pub discovery_protection: bool,
    /// Refused calls (bad credentials, not allowed) logged at once before
    /// the log is rate-limited: every refusal is logged at `warn` (method,
    /// fault or status, peer, user; never the password) while the bucket
    /// has tokens; the rest are counted and reported on the next line
    /// logged. Default 20.
    pub refused_log_burst: u32,
    /// Time for the refused-call log to earn one more line. Default 1 s.
    pub refused_log_interval: Duration,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            max_body_bytes: 1 << 20,
            max_concurrent: 4,
            body_read_timeout: Duration::from_secs(30),
            body_min_rate: 500,
            body_rate_grace: Duration::from_secs(5),
            max_buffered_body_bytes: 64 << 20,
            request_timeout: Duration::from_secs(60),
            header_read_timeout: Duration::from_secs(30),
            keep_alive: true,
            shutdown_grace: Duration::from_secs(30),
            realm: "baton".to_owned(),
            discovery_protection: false,
            refused_log_burst: 20,
            refused_log_interval: Duration::from_secs(1),
        }
    }
}
