//! Mounting (issue 19, point 4): the Conductor router nests into an axum
//! application that has its own state, beside the application's routes;
//! its request limits are a layer for other routes.

mod common;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::routing::{get, post};
use axum::Router;
use baton_tokio::{RequestLimitsLayer, ServerBuilder, ServerConfig};
use common::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tower::ServiceExt;

/// Sends `request` on a new connection; the whole answer.
async fn exchange(addr: SocketAddr, request: &str) -> String {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = String::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_string(&mut answer))
        .await
        .expect("answered within 5 s")
        .unwrap();
    answer
}

fn device_query() -> String {
    let body = format!(
        "<?xml version=\"1.0\"?><methodCall><methodName>device.query</methodName><params><param><value><struct>\
<member><name>authenticationUser</name><value><string>{USER}</string></value></member>\
<member><name>authenticationPassword</name><value><string>{PASSWORD}</string></value></member>\
</struct></value></param></params></methodCall>"
    );
    format!(
        "POST /conductor/RPC2 HTTP/1.1\r\nHost: t\r\nContent-Type: text/xml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

#[derive(Clone)]
struct AppState {
    site: &'static str,
}

#[tokio::test]
async fn the_router_nests_into_an_app_with_its_own_state_beside_its_routes() {
    let device = Arc::new(TestDevice::new());
    // `router()` is a Router<AppState> here: no `.with_state(())` first.
    let app: Router = Router::new()
        .route(
            "/site",
            get(|State(s): State<AppState>| async move { s.site }),
        )
        .nest(
            "/conductor",
            ServerBuilder::new(Handler(device.clone()), users()).router(),
        )
        .with_state(AppState { site: "lab-7" });
    let server = start_router(app, ServerConfig::default(), None).await;

    let answer = exchange(server.addr, &device_query()).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("S123"), "{answer}");
    assert_eq!(device.calls.load(std::sync::atomic::Ordering::SeqCst), 1);

    let answer = exchange(
        server.addr,
        "GET /site HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.ends_with("lab-7"), "{answer}");
    server.shutdown().await;
}

fn upload_app(config: &ServerConfig) -> Router {
    Router::new()
        .route(
            "/upload",
            post(|body: String| async move { format!("{} bytes", body.len()) }),
        )
        .layer(RequestLimitsLayer::new(config))
}

fn upload(body: &str) -> String {
    format!(
        "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

#[tokio::test]
async fn request_limits_layer_refuses_a_body_over_the_limit_on_another_route() {
    let config = ServerConfig {
        max_body_bytes: 16,
        ..ServerConfig::default()
    };
    let server = start_router(upload_app(&config), config, None).await;
    let answer = exchange(server.addr, &upload("0123456789abcdef")).await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.ends_with("16 bytes"), "{answer}");
    let answer = exchange(server.addr, &upload("0123456789abcdefX")).await;
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(
        answer.to_ascii_lowercase().contains("connection: close"),
        "{answer}"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn request_limits_layer_takes_the_turn_only_once_the_body_is_in() {
    // One request at a time; the first one's body never completes.
    let config = ServerConfig {
        max_concurrent: 1,
        ..ServerConfig::default()
    };
    let app = upload_app(&config);
    let (tx, stalled_body) = {
        let (tx, rx) = tokio::sync::mpsc::channel::<Result<bytes::Bytes, std::io::Error>>(1);
        let stream = futures_stream(rx);
        (tx, axum::body::Body::from_stream(stream))
    };
    let stalled = http::Request::post("/upload")
        .header("content-length", "10")
        .body(stalled_body)
        .unwrap();
    let first = tokio::spawn(app.clone().oneshot(stalled));
    tx.send(Ok(bytes::Bytes::from_static(b"01234")))
        .await
        .unwrap();
    // On this current-thread runtime the spawned request runs (up to its
    // body read) when this task yields.
    tokio::task::yield_now().await;
    assert!(!first.is_finished());

    // A complete request is served meanwhile: the stalled one holds no turn.
    let second = http::Request::post("/upload")
        .body(axum::body::Body::from("abc"))
        .unwrap();
    let answer = tokio::time::timeout(Duration::from_secs(5), app.clone().oneshot(second))
        .await
        .expect("served while another body is still arriving")
        .unwrap();
    assert_eq!(answer.status(), 200);

    tx.send(Ok(bytes::Bytes::from_static(b"56789")))
        .await
        .unwrap();
    drop(tx);
    let answer = tokio::time::timeout(Duration::from_secs(5), first)
        .await
        .expect("the first request is answered once its body is in")
        .unwrap()
        .unwrap();
    assert_eq!(answer.status(), 200);
    let body = http_body_util::BodyExt::collect(answer.into_body())
        .await
        .unwrap()
        .to_bytes();
    assert_eq!(&body[..], b"10 bytes");
}

/// An mpsc receiver as a `Stream`.
fn futures_stream<T: Send + 'static>(
    rx: tokio::sync::mpsc::Receiver<T>,
) -> impl futures_core::Stream<Item = T> + Send + 'static {
    struct S<T>(tokio::sync::mpsc::Receiver<T>);
    impl<T> futures_core::Stream for S<T> {
        type Item = T;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            cx: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<T>> {
            self.0.poll_recv(cx)
        }
    }
    S(rx)
}
