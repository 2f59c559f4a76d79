//! The hyper client shared by [`crate::ConductorClient`] and the feedback
//! driver: HTTP/1.1 with keep-alive, http and https (rustls), a connect
//! timeout, and a bounded number of idle connections per host.

use std::time::Duration;

use bytes::Bytes;
use http_body_util::Full;
use hyper_rustls::HttpsConnector;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::{TokioExecutor, TokioTimer};

use crate::error::Error;
use crate::tls::ClientTls;

/// The client type.
pub(crate) type HttpClient = Client<HttpsConnector<HttpConnector>, Full<Bytes>>;

/// A client for `tls`, keeping at most `idle_per_host` idle connections
/// per host (1: one keep-alive connection, the spec's guidance).
pub(crate) fn build(
    tls: &ClientTls,
    connect_timeout: Duration,
    idle_per_host: usize,
) -> Result<HttpClient, Error> {
    let mut http = HttpConnector::new();
    http.enforce_http(false);
    http.set_connect_timeout(Some(connect_timeout));
    http.set_nodelay(true);
    let https = hyper_rustls::HttpsConnectorBuilder::new()
        .with_tls_config(tls.rustls_config()?)
        .https_or_http()
        .enable_http1()
        .wrap_connector(http);
    Ok(Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(idle_per_host)
        .pool_idle_timeout(Duration::from_secs(60))
        .pool_timer(TokioTimer::new())
        .timer(TokioTimer::new())
        .build(https))
}

/// Maps a hyper client error for `url` to [`Error::Transport`], keeping
/// it as the source. A TLS handshake answered by something that is not
/// TLS (an `https://` URL on a plain-HTTP port) is [`Error::NotTls`]
/// instead of rustls' "received corrupt message of type
/// InvalidContentType".
pub(crate) fn transport(url: &str, e: hyper_util::client::legacy::Error) -> Error {
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        if not_tls(s) {
            return Error::NotTls {
                url: url.to_owned(),
                source: Box::new(e),
            };
        }
        source = s.source();
    }
    Error::transport(url, e)
}

/// Whether `e` is rustls finding that the peer's first bytes are not a
/// TLS record (directly, or inside the `io::Error`s the connector wraps
/// it in: hyper-rustls wraps tokio-rustls' `io::Error` in another one).
fn not_tls(mut e: &(dyn std::error::Error + 'static)) -> bool {
    loop {
        if let Some(tls) = e.downcast_ref::<rustls::Error>() {
            return matches!(tls, rustls::Error::InvalidMessage(_));
        }
        match e
            .downcast_ref::<std::io::Error>()
            .and_then(std::io::Error::get_ref)
        {
            Some(inner) => e = inner,
            None => return false,
        }
    }
}
