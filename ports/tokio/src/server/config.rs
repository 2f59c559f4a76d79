//! The server's limits, with the spec's performance guidance as defaults.

use std::time::Duration;

/// Limits and timeouts of the Conductor service.
///
/// The defaults follow the spec's "API performance and security": at most
/// four API requests served at once (more wait; they are not refused),
/// HTTP/1.1 keep-alive, and bounded time for a client to send its request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerConfig {
    /// Largest request body accepted; a larger one is answered 413 without
    /// reading past the limit (a declared `Content-Length` over it is
    /// refused before any of the body is read). Default 1 MiB.
    pub max_body_bytes: usize,
    /// Requests served at once; more wait for a turn. Default 4 (the spec:
    /// "no more than four concurrent API connections").
    pub max_concurrent: usize,
    /// Time allowed to receive a request's body once its headers are in;
    /// a client trickling bytes gets 408 and is disconnected. Default 30 s.
    pub body_read_timeout: Duration,
    /// Time allowed to serve a request once its turn came (body, handler,
    /// encoding); past it the answer is 408 / fault 201. Default 60 s.
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
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            max_body_bytes: 1 << 20,
            max_concurrent: 4,
            body_read_timeout: Duration::from_secs(30),
            request_timeout: Duration::from_secs(60),
            header_read_timeout: Duration::from_secs(30),
            keep_alive: true,
            shutdown_grace: Duration::from_secs(30),
            realm: "baton".to_owned(),
            discovery_protection: false,
        }
    }
}
