//! Call a device with the typed client.
//!
//! ```sh
//! cargo run -p baton-tokio --example typed_client                        # standalone
//! BATON_USER=tms BATON_PASSWORD=secret \
//!   cargo run -p baton-tokio --example typed_client -- http://127.0.0.1:8080   # a device
//! ```
//!
//! With a URL argument it calls that device (`baton serve`, a Conductor) with the account in
//! `BATON_USER` / `BATON_PASSWORD`. Without one it first starts a small device of its own on
//! `127.0.0.1:0` (a handler that implements only `device.query`) and calls that, so it runs
//! anywhere. It shows: version discovery, a typed call and its typed reply, and a fault (a
//! wrong password) arriving as `Err(Error::Fault)`.

use baton_tokio::baton_rpc::device::{DeviceQueryParams, DeviceQueryReply};
use baton_tokio::baton_rpc::value::Iso8601;
use baton_tokio::client::ClientConfig;
use baton_tokio::{
    serve, Answer, CallContext, ConductorClient, ConductorHandler, Error, Listener, Role,
    RpcResult, ServerBuilder, ServerConfig, Users,
};

/// The standalone demo's device: `device.query` only (every other method answers fault 1).
struct Device;

impl ConductorHandler for Device {
    async fn device_query(
        &self,
        _cx: &CallContext,
        _params: DeviceQueryParams<'_>,
    ) -> RpcResult<DeviceQueryParams<'static>> {
        Answer::new(&DeviceQueryReply {
            current_time: Some(Iso8601("20260102T03:04:05")),
            serial: Some("DEMO0001"),
            software_version: Some("XC4.3.1"),
            model: Some("baton typed_client demo"),
            api_version: Some("4.0"),
            ..Default::default()
        })
    }
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
    let (url, user, password, local) = match std::env::args().nth(1) {
        Some(url) => {
            let user = std::env::var("BATON_USER").unwrap_or_else(|_| "tms".into());
            let password = std::env::var("BATON_PASSWORD").unwrap_or_else(|_| "secret".into());
            (url, user, password, None)
        }
        None => {
            let users = Users::new().with("tms", "secret", Role::Admin);
            let config = ServerConfig::default();
            let app = ServerBuilder::new(Device, users)
                .config(config.clone())
                .router();
            let tcp = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
            let url = format!("http://{}", tcp.local_addr()?);
            let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
            let server = tokio::spawn(async move {
                serve(Listener::http(tcp), app, &config, async {
                    let _ = stopped.await;
                })
                .await
            });
            println!("started a demo device at {url}");
            (
                url,
                "tms".to_owned(),
                "secret".to_owned(),
                Some((stop, server)),
            )
        }
    };

    let client = ConductorClient::new(ClientConfig::new(&url, &user, &password))?;

    // Version discovery (`device.query`, owned).
    let info = client.discover().await?;
    println!(
        "discover: model {:?}, software {:?}, API {:?}",
        info.model, info.software_version, info.api_version
    );

    // The typed call: credentials come from the client's configuration; the reply borrows
    // from the response bytes the `Reply` holds.
    let mut reply = client.device_query(DeviceQueryParams::default()).await?;
    let device: DeviceQueryReply<'_> = reply.get()?;
    println!(
        "device.query: serial {:?}, time {:?}",
        device.serial,
        device.current_time.map(|t| t.0)
    );

    // A fault is an error: a wrong password stops at `?` (here: matched).
    let wrong = ConductorClient::new(ClientConfig::new(&url, &user, "not-the-password"))?;
    match wrong.device_query(DeviceQueryParams::default()).await {
        Err(Error::Fault(fault)) => println!("wrong password: {fault}"),
        Err(other) => return Err(other.into()),
        Ok(_) => return Err("a wrong password was accepted".into()),
    }

    if let Some((stop, server)) = local {
        let _ = stop.send(());
        server.await??;
    }
    Ok(())
}
