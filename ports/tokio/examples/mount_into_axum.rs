//! Mount the Conductor API into an existing axum application, beside its own routes.
//!
//! ```sh
//! cargo run -p baton-tokio --example mount_into_axum
//! ```
//!
//! The application has its own state (a site name and a hit counter) and its own routes
//! (`GET /health`, `GET /hits`, with baton's request limits as a layer); baton's router is
//! nested under `/conductor` with a handler that implements only `device.query` (every other
//! XML-RPC method answers fault 1, every REST operation the spec's 405 body). The example
//! serves it on `127.0.0.1:0`, calls `device.query` through `/conductor/RPC2` with the typed
//! client, asks the application's own route once, prints both and exits.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use axum::extract::State;
use axum::routing::get;
use axum::Router;
use baton_tokio::baton_rpc::device::{DeviceQueryParams, DeviceQueryReply};
use baton_tokio::baton_rpc::participant::ParticipantEnumerateParams;
use baton_tokio::client::ClientConfig;
use baton_tokio::{
    serve, Answer, CallContext, ConductorClient, ConductorHandler, Error, Listener,
    RequestLimitsLayer, Role, RpcResult, ServerBuilder, ServerConfig, Users,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The application's own state.
#[derive(Clone)]
struct AppState {
    site: &'static str,
    hits: Arc<AtomicUsize>,
}

/// The Conductor side: `device.query` only.
struct Device {
    site: &'static str,
}

impl ConductorHandler for Device {
    async fn device_query(
        &self,
        cx: &CallContext,
        _params: DeviceQueryParams<'_>,
    ) -> RpcResult<DeviceQueryParams<'static>> {
        println!("device.query by {} from {:?}", cx.user, cx.remote);
        Answer::new(&DeviceQueryReply {
            model: Some(self.site),
            software_version: Some("XC4.3.1"),
            api_version: Some("4.0"),
            ..Default::default()
        })
    }
}

async fn hits(State(state): State<AppState>) -> String {
    let n = state.hits.fetch_add(1, Ordering::SeqCst) + 1;
    format!("{}: {n} hits", state.site)
}

/// One plain HTTP/1.1 GET on a new connection: the whole answer.
async fn get_text(addr: std::net::SocketAddr, path: &str) -> std::io::Result<String> {
    let mut stream = tokio::net::TcpStream::connect(addr).await?;
    let request = format!("GET {path} HTTP/1.1\r\nHost: demo\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await?;
    Ok(answer)
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match run().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            // One line for the operator (the error names the URL tried).
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let config = ServerConfig::default();
    let state = AppState {
        site: "lab-7",
        hits: Arc::new(AtomicUsize::new(0)),
    };
    let users = Users::new().with("tms", "secret", Role::Admin);
    let conductor = ServerBuilder::new(Device { site: state.site }, users)
        .config(config.clone())
        .router();

    // The existing application: its routes, its state; the Conductor API nested beside them
    // (a `Router<AppState>` here: no `.with_state(())` needed first).
    let app: Router = Router::new()
        .route("/health", get(|| async { "ok" }))
        .route("/hits", get(hits))
        .layer(RequestLimitsLayer::new(&config))
        .nest("/conductor", conductor)
        .with_state(state.clone());

    let tcp = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = tcp.local_addr()?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        serve(Listener::http(tcp), app, &config, async {
            let _ = stopped.await;
        })
        .await
    });
    println!("serving on http://{addr} (/health, /hits, /conductor/RPC2, /conductor/api/...)");

    // The nested API, through the typed client (base URL: where it is mounted).
    let client = ConductorClient::new(ClientConfig::new(
        &format!("http://{addr}/conductor"),
        "tms",
        "secret",
    ))?;
    let mut reply = client.device_query(DeviceQueryParams::default()).await?;
    let device = reply.get()?;
    println!(
        "device.query: model {:?}, software {:?}",
        device.model, device.software_version
    );
    assert_eq!(device.model, Some("lab-7"));

    // A method the handler does not implement: fault 1.
    match client
        .participant_enumerate(ParticipantEnumerateParams::default())
        .await
    {
        Err(Error::Fault(fault)) => println!("participant.enumerate: {fault}"),
        other => return Err(format!("expected fault 1, got {other:?}").into()),
    }

    // The application's own route, with its own state.
    let answer = get_text(addr, "/hits").await?;
    let body = answer.split("\r\n\r\n").nth(1).unwrap_or("");
    println!("GET /hits: {body}");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert_eq!(state.hits.load(Ordering::SeqCst), 1);

    let _ = stop.send(());
    server.await??;
    Ok(())
}
