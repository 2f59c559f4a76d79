//! Running a router on a TCP listener: HTTP/1.1 with keep-alive, a
//! header-read timeout (which also bounds idle keep-alive time), optional
//! TLS, and a graceful shutdown that lets requests in flight finish.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::ConnectInfo;
use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tower::ServiceExt;

use super::config::ServerConfig;
use crate::tls::ServerTls;

/// Where and how [`serve`] listens.
#[derive(Debug)]
pub struct Listener {
    /// The bound socket.
    pub tcp: TcpListener,
    /// HTTPS when set.
    pub tls: Option<ServerTls>,
}

impl Listener {
    /// Plain HTTP.
    pub fn http(tcp: TcpListener) -> Self {
        Listener { tcp, tls: None }
    }

    /// HTTPS with `tls`.
    pub fn https(tcp: TcpListener, tls: ServerTls) -> Self {
        Listener {
            tcp,
            tls: Some(tls),
        }
    }
}

#[derive(Clone, Copy)]
struct ConnOptions {
    header_read_timeout: Duration,
    keep_alive: bool,
}

/// Serves `app` on `listener` until `shutdown` completes, then stops
/// accepting and waits (up to [`ServerConfig::shutdown_grace`]) for the
/// requests in flight to finish.
///
/// Each connection: HTTP/1.1, keep-alive per [`ServerConfig::keep_alive`],
/// headers (and the TLS handshake) within
/// [`ServerConfig::header_read_timeout`] or the connection is dropped; a
/// complete request is answered even when the client has half-closed the
/// connection after sending it; the client's address is available to
/// handlers.
///
/// ```
/// use baton_tokio::{serve, ConductorHandler, Listener, Role, ServerBuilder, ServerConfig, Users};
/// use tokio::io::{AsyncReadExt, AsyncWriteExt};
///
/// struct Device; // implements nothing: every method is fault 1
/// impl ConductorHandler for Device {}
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> std::io::Result<()> {
/// let config = ServerConfig::default();
/// let app = ServerBuilder::new(Device, Users::new().with("tms", "pw", Role::Admin))
///     .config(config.clone())
///     .router();
/// let tcp = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
/// let addr = tcp.local_addr()?;
/// let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
/// let server = tokio::spawn(async move {
///     let shutdown = async { let _ = stopped.await; }; // e.g. SIGTERM in a real server
///     serve(Listener::http(tcp), app, &config, shutdown).await
/// });
///
/// // Any HTTP client: a REST request without credentials is 401.
/// let mut s = tokio::net::TcpStream::connect(addr).await?;
/// s.write_all(b"GET /api/4.0/serviceinfo/ HTTP/1.1\r\nHost: d\r\nConnection: close\r\n\r\n").await?;
/// let mut answer = String::new();
/// s.read_to_string(&mut answer).await?;
/// assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
///
/// // Graceful shutdown: stop accepting, finish what is in flight, return.
/// stop.send(()).unwrap();
/// server.await.unwrap()?;
/// # Ok(())
/// # }
/// ```
pub async fn serve(
    listener: Listener,
    app: Router,
    config: &ServerConfig,
    shutdown: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let graceful = GracefulShutdown::new();
    let opts = ConnOptions {
        header_read_timeout: config.header_read_timeout,
        keep_alive: config.keep_alive,
    };
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.tcp.accept() => {
                let (stream, remote) = match accepted {
                    Ok(pair) => pair,
                    Err(e) => {
                        // Out of descriptors and the like: back off, keep serving.
                        tracing::warn!("accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let watcher = graceful.watcher();
                let app = app.clone();
                let tls = listener.tls.clone();
                tokio::spawn(async move {
                    match tls {
                        None => connection(TokioIo::new(stream), app, remote, opts, watcher).await,
                        Some(tls) => {
                            let handshake = tls.acceptor.accept(stream);
                            match tokio::time::timeout(opts.header_read_timeout, handshake).await {
                                Ok(Ok(stream)) => {
                                    connection(TokioIo::new(stream), app, remote, opts, watcher).await
                                }
                                Ok(Err(e)) => tracing::debug!("TLS handshake with {remote} failed: {e}"),
                                Err(_) => tracing::debug!("TLS handshake with {remote} timed out"),
                            }
                        }
                    }
                });
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    if tokio::time::timeout(config.shutdown_grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("graceful shutdown: requests still in flight after the grace period");
    }
    Ok(())
}

async fn connection<I>(io: I, app: Router, remote: SocketAddr, opts: ConnOptions, watcher: Watcher)
where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let app = app.map_request(move |mut req: http::Request<Incoming>| {
        req.extensions_mut().insert(ConnectInfo(remote));
        req
    });
    let service = TowerToHyperService::new(app);
    let mut builder = http1::Builder::new();
    // half_close: a client may shut down its sending side once its request
    // is complete (`shutdown(SHUT_WR)`) and still get the answer; without
    // it hyper takes the EOF for an abort and drops the request, handler
    // and all (issue 14: 65% of such requests went unanswered).
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(opts.header_read_timeout)
        .keep_alive(opts.keep_alive)
        .half_close(true);
    let conn = builder.serve_connection(io, service);
    if let Err(e) = watcher.watch(conn).await {
        tracing::debug!("connection with {remote} ended: {e}");
    }
}
