//! A feedback collector: receive a device's `eventNotification`s, classified.
//!
//! ```sh
//! cargo run -p baton-tokio --example feedback_collector                    # standalone demo
//! cargo run -p baton-tokio --example feedback_collector -- 127.0.0.1:9000  # collect until Ctrl-C
//! ```
//!
//! The receiver service (`receiver_stream`) answers `POST /RPC2`, acknowledges each
//! well-formed notification and hands it on, owned and classified (first, in order,
//! duplicate, gap, restart), as an async stream. With an address argument it listens there
//! and prints every notification until Ctrl-C (register it on a device with
//! `feedbackReceiver.extended.configure`, e.g. `baton call`). Without one it listens on
//! `127.0.0.1:0`, registers itself with a feedback delivery driver (the device side, as
//! `baton serve` runs it), publishes one event, prints the notification that arrives and
//! exits.

use std::time::Duration;

use baton_tokio::baton_feedback::OwnedEvent;
use baton_tokio::baton_rpc::EventName;
use baton_tokio::{
    receiver_stream, serve, FeedbackConfig, FeedbackDriver, Listener, ReceivedNotification,
    ReceiverConfig, ServerConfig,
};

fn print(n: &ReceivedNotification) {
    for event in &n.events {
        println!(
            "{} seqn {} ({:?}): {} conference {:?}",
            n.source_identifier, n.seqn, n.class, event.name, event.conference_name
        );
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
    let listen = std::env::args().nth(1);
    let (app, mut notifications) = receiver_stream(ReceiverConfig::default(), 64);
    let tcp = tokio::net::TcpListener::bind(listen.as_deref().unwrap_or("127.0.0.1:0")).await?;
    let addr = tcp.local_addr()?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let config = ServerConfig::default();
    let server = tokio::spawn(async move {
        serve(Listener::http(tcp), app, &config, async {
            let _ = stopped.await;
        })
        .await
    });
    let receiver_uri = format!("http://{addr}/RPC2");
    println!("collecting feedback at {receiver_uri}");

    if listen.is_some() {
        // Until Ctrl-C ends the process.
        while let Some(n) = notifications.recv().await {
            print(&n);
        }
    } else {
        // The device side: a delivery driver with this collector registered in slot 1.
        let driver = FeedbackDriver::spawn(FeedbackConfig::default())?;
        let device = driver.handle();
        let index = device.configure(&receiver_uri, "demo-device", Some(1), None)?;
        let queued = device.publish(
            OwnedEvent::new(EventName::ConferenceCreate).with_conference_name("Weekly sync")?,
        );
        println!("device: receiver {index} registered, event queued for {queued} receiver(s)");

        let n = tokio::time::timeout(Duration::from_secs(10), notifications.recv())
            .await
            .map_err(|_| "no notification within 10 s")?
            .ok_or("the receiver stopped")?;
        print(&n);
        assert_eq!(n.source_identifier, "demo-device");
        assert_eq!(n.events[0].name, "conferenceCreate");
        assert_eq!(n.events[0].conference_name.as_deref(), Some("Weekly sync"));
        driver.shutdown().await;
    }

    let _ = stop.send(());
    server.await??;
    Ok(())
}
