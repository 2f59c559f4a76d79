//! [`ConductorClient`]: a typed client for a Conductor's XML-RPC and REST
//! APIs.
//!
//! Following the spec's "API performance and security": credentials and
//! base URL are configuration (never an assumed `admin` account), HTTPS
//! certificates are checked unless explicitly turned off, one keep-alive
//! connection is reused and one request is in flight at a time (both
//! configurable), and [`ConductorClient::discover`] calls `device.query`
//! first to learn the version.
//!
//! A fault is an error: every typed call answers `Err(`[`Error::Fault`]`)`
//! for a fault `methodResponse`, so `?` stops at a wrong password.
//! Replies borrow from the response: a call returns a [`Reply`] holding
//! the bytes, and [`Reply::get`] decodes the typed reply from it, as often
//! as needed.

mod reply;
mod rest;
mod rpc;
mod stream;

use std::time::Duration;

use bytes::Bytes;
use http::{header, HeaderValue, Request, StatusCode};
use http_body_util::{BodyExt, Full, Limited};
use tokio::sync::Semaphore;

pub use reply::{Reply, RestBody, RestObject};
pub use rpc::{DeviceInfo, EnumerateSummary};
#[allow(deprecated)]
pub use stream::StreamedPage;
pub use stream::{EnumerateIdOwned, Page, DEFAULT_STREAM_BUFFER};

use baton_rpc::Secret;

use crate::auth::basic_header;
use crate::error::Error;
use crate::http_client::{self, HttpClient};
use crate::tls::ClientTls;

/// Client settings.
#[derive(Clone, Debug)]
pub struct ClientConfig {
    /// The device's base URL, e.g. `https://conductor.example.com` (the
    /// client adds `/RPC2`, `/api/4.0/...`). The XML-RPC endpoint itself,
    /// `https://conductor.example.com/RPC2`, is accepted as well: the
    /// client drops a trailing `/RPC2` (and trailing slashes).
    pub base_url: String,
    /// The API user (`authenticationUser`, HTTP Basic user).
    pub user: String,
    /// Its password (`Debug` prints `"***"`).
    pub password: Secret<String>,
    /// Certificate checking for https (on by default).
    pub tls: ClientTls,
    /// Time to connect. Default 10 s.
    pub connect_timeout: Duration,
    /// Time for a whole exchange (send, wait, read). Default 60 s.
    pub response_timeout: Duration,
    /// Requests in flight at once. Default 1 (the spec: "wait for your last
    /// request to complete before making the next one").
    pub max_in_flight: usize,
    /// Idle keep-alive connections kept. Default 1.
    pub max_idle_connections: usize,
    /// Largest response body read. Default 32 MiB (a `participant.enumerate`
    /// of 2,400 participants is a few MiB).
    pub max_response_bytes: usize,
}

impl ClientConfig {
    /// Settings for `base_url` with these credentials, defaults otherwise.
    pub fn new(base_url: &str, user: &str, password: &str) -> Self {
        ClientConfig {
            base_url: normalize_base_url(base_url),
            user: user.to_owned(),
            password: Secret::new(password.to_owned()),
            tls: ClientTls::default(),
            connect_timeout: Duration::from_secs(10),
            response_timeout: Duration::from_secs(60),
            max_in_flight: 1,
            max_idle_connections: 1,
            max_response_bytes: 32 << 20,
        }
    }
}

/// A client of one Conductor.
///
/// Against a device served in-process on a free port (any Conductor, or
/// `baton serve`, is called the same way):
///
/// ```
/// use baton_tokio::baton_rpc::device::{DeviceQueryParams, DeviceQueryReply};
/// use baton_tokio::client::ClientConfig;
/// use baton_tokio::{
///     serve, Answer, CallContext, ConductorClient, ConductorHandler, Error, Listener, Role,
///     RpcResult, ServerBuilder, ServerConfig, Users,
/// };
///
/// struct Device;
/// impl ConductorHandler for Device {
///     async fn device_query(&self, _: &CallContext, _: DeviceQueryParams<'_>)
///         -> RpcResult<DeviceQueryParams<'static>>
///     {
///         Answer::new(&DeviceQueryReply { software_version: Some("XC4.3.1"), ..Default::default() })
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let tcp = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
/// let url = format!("http://{}", tcp.local_addr()?);
/// let app = ServerBuilder::new(Device, Users::new().with("tms", "secret", Role::Admin)).router();
/// tokio::spawn(async move {
///     serve(Listener::http(tcp), app, &ServerConfig::default(), std::future::pending()).await
/// });
///
/// let client = ConductorClient::new(ClientConfig::new(&url, "tms", "secret"))?;
/// // A typed call: credentials from the configuration, the reply decoded on demand.
/// let mut reply = client.device_query(DeviceQueryParams::default()).await?;
/// assert_eq!(reply.url(), format!("{url}/RPC2"));
/// let device: DeviceQueryReply<'_> = reply.get()?;
/// assert_eq!(device.software_version, Some("XC4.3.1"));
/// // Version discovery, owned.
/// assert_eq!(client.discover().await?.software_version.as_deref(), Some("XC4.3.1"));
///
/// // A fault is an error: a wrong password (15), a method the device lacks (1).
/// let wrong = ConductorClient::new(ClientConfig::new(&url, "tms", "guess"))?;
/// let e = wrong.device_query(DeviceQueryParams::default()).await.unwrap_err();
/// assert!(matches!(&e, Error::Fault(f) if f.code == 15), "{e}");
/// let e = client.participant_enumerate(Default::default()).await.unwrap_err();
/// assert_eq!(e.fault_code(), Some(1));
/// # Ok(())
/// # }
/// ```
pub struct ConductorClient {
    config: ClientConfig,
    http: HttpClient,
    permits: Semaphore,
}

impl core::fmt::Debug for ConductorClient {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ConductorClient")
            .field("base_url", &self.config.base_url)
            .field("user", &self.config.user)
            .finish()
    }
}

/// A raw HTTP answer.
pub(crate) struct Raw {
    pub(crate) status: StatusCode,
    /// The URL that answered.
    pub(crate) url: String,
    pub(crate) body: Bytes,
}

/// The base URL without trailing slashes or a trailing `/RPC2` (the
/// client adds the paths): `http://h:8080/RPC2/` -> `http://h:8080`.
pub(crate) fn normalize_base_url(url: &str) -> String {
    let url = url.trim_end_matches('/');
    url.strip_suffix("/RPC2")
        .unwrap_or(url)
        .trim_end_matches('/')
        .to_owned()
}

impl ConductorClient {
    /// A client with `config` (checks the base URL and TLS setup; does not
    /// connect yet).
    pub fn new(mut config: ClientConfig) -> Result<Self, Error> {
        config.base_url = normalize_base_url(&config.base_url);
        let uri: http::Uri = config
            .base_url
            .parse()
            .map_err(|e| Error::config("base URL", e))?;
        match uri.scheme_str() {
            Some("http") | Some("https") => {}
            _ => return Err(Error::config_msg("base URL must be http:// or https://")),
        }
        let http = http_client::build(
            &config.tls,
            config.connect_timeout,
            config.max_idle_connections,
        )?;
        let permits = Semaphore::new(config.max_in_flight.max(1));
        Ok(ConductorClient {
            config,
            http,
            permits,
        })
    }

    /// The settings.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// One exchange: waits for a turn, sends, reads the whole body.
    pub(crate) async fn exchange(
        &self,
        method: http::Method,
        path_and_query: &str,
        content: Option<(&'static str, Vec<u8>)>,
        basic_auth: bool,
        accept: &'static str,
    ) -> Result<Raw, Error> {
        let _turn = self
            .permits
            .acquire()
            .await
            .map_err(|e| Error::transport(&self.config.base_url, e))?;
        let url = format!("{}{}", self.config.base_url, path_and_query);
        let mut builder = Request::builder()
            .method(method)
            .uri(url.as_str())
            .header(header::ACCEPT, accept);
        if basic_auth {
            builder = builder.header(
                header::AUTHORIZATION,
                basic_header(&self.config.user, self.config.password.expose()),
            );
        }
        let body = match content {
            Some((content_type, bytes)) => {
                builder =
                    builder.header(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
                Full::new(Bytes::from(bytes))
            }
            None => Full::new(Bytes::new()),
        };
        let request = builder
            .body(body)
            .map_err(|e| Error::config(format!("request to {url}"), e))?;
        let limit = self.config.max_response_bytes;
        let exchange = async {
            let response = self
                .http
                .request(request)
                .await
                .map_err(|e| http_client::transport(&url, e))?;
            let status = response.status();
            let body = Limited::new(response.into_body(), limit)
                .collect()
                .await
                .map_err(|e| Error::transport(&url, e))?
                .to_bytes();
            Ok(Raw {
                status,
                url: url.clone(),
                body,
            })
        };
        let after = self.config.response_timeout;
        tokio::time::timeout(after, exchange)
            .await
            .map_err(|_| Error::Timeout {
                url: url.clone(),
                after,
            })?
    }
}

/// The body as text for an error report (at most 2 KiB).
pub(crate) fn error_text(body: &[u8]) -> String {
    let cut = body.get(..2048).unwrap_or(body);
    String::from_utf8_lossy(cut).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 14.8: a logged client configuration does not show the password.
    #[test]
    fn debug_of_client_config_redacts_the_password() {
        let c = ClientConfig::new("http://h", "api", "hunter2-Secret");
        let shown = format!("{c:?}");
        assert!(!shown.contains("hunter2-Secret"), "{shown}");
        assert!(shown.contains("password: \"***\""), "{shown}");
        assert_eq!(c.password.expose(), "hunter2-Secret");
    }
}
