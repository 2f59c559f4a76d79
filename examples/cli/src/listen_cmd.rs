//! `baton listen [ADDR]`: a feedback receiver printing each event as one
//! JSON line with its classification; `--register URL` registers it on a
//! device and keeps the registration alive (baton-feedback's
//! `Registration`: configure with `receiverIndex` -1, a periodic query,
//! configure again when the device restarted or forgot it).

use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use baton_rpc::feedback_receiver::{
    FeedbackReceiverExtendedConfigureParams, FeedbackReceiverExtendedRemoveParams,
    FeedbackReceiverQueryParams, FeedbackReceiverQueryReply, ReceiverInfo,
    SUBSCRIBED_EVENTS_CAPACITY,
};
use baton_rpc::{AnyEventName, EventName, Notification};
use baton_tokio::baton_feedback::{self, Classification, Registration, RegistrationConfig};
use baton_tokio::feedback::RECEIVER_EVENTS_CAPACITY;
use baton_tokio::{
    receiver_router, serve, ClientConfig, ConductorClient, Listener, ReceiverConfig, ServerConfig,
};
use serde_json::{Map, Value as Json};
use tokio::sync::{mpsc, watch};

use crate::conn::{self, Credentials};
use crate::out;

/// Arguments of `baton listen`.
#[derive(clap::Args)]
#[command(after_help = "\
Examples:
  baton listen 127.0.0.1:5050
  baton listen 0.0.0.0:5050 --register https://conductor.example.com \\
      --receiver-uri http://10.2.134.40:5050/RPC2 --user api --password secret

Each event is printed as one JSON line:
  {\"class\": \"in_order\", \"sourceIdentifier\": \"baton-listen\", \"seqn\": 3,
   \"event\": \"conferenceCreate\", \"args\": {\"conference_name\": \"meet.alice\", ...}}
class is first, in_order, duplicate (a retry already seen), gap (with \"missed\": N
notifications lost before this one) or restart (the device restarted or re-registered us).
Every notification is acknowledged. With --register, registration progress goes to stderr
and the registration is removed again on Ctrl-C or SIGTERM (unless --keep). A device that
is down or slow is retried with backoff; one that refuses (a fault such as a wrong password,
an HTTP 4xx status) ends the command with that answer.

Exit status: 0 stopped (Ctrl-C, SIGTERM, --count, stdout closed), 1 the device refused the
registration, 2 usage error, 3 cannot listen.")]
pub struct Args {
    /// Where to listen (notifications arrive as `POST /RPC2`).
    #[arg(default_value = "127.0.0.1:5050")]
    addr: String,
    /// Register this receiver on the device at URL and keep it registered.
    #[arg(long, value_name = "URL")]
    register: Option<String>,
    /// The receiverURI the device posts to (default: http://ADDR/RPC2).
    #[arg(long, value_name = "URI")]
    receiver_uri: Option<String>,
    /// The sourceIdentifier the device puts in notifications.
    #[arg(long, value_name = "ID", default_value = "baton-listen")]
    source_id: String,
    /// Subscribe to these events only (comma-separated; default all).
    #[arg(long, value_name = "NAMES", value_delimiter = ',')]
    events: Vec<String>,
    /// Check the registration with feedbackReceiver.extended.query every SECS seconds.
    #[arg(long, value_name = "SECS", default_value_t = 60)]
    query_interval: u64,
    /// Exit after printing N events.
    #[arg(long, value_name = "N")]
    count: Option<u64>,
    /// Leave the registration on the device on exit.
    #[arg(long)]
    keep: bool,
    #[command(flatten)]
    credentials: Credentials,
    #[command(flatten)]
    tls: conn::TlsArgs,
}

/// Runs `baton listen`.
pub fn run(args: Args) -> ExitCode {
    let subscribed = match args
        .events
        .iter()
        .map(|n| EventName::from_name(n).ok_or_else(|| format!("unknown event {n:?}")))
        .collect::<Result<Vec<_>, _>>()
    {
        Ok(v) => v,
        Err(e) => return usage(&e),
    };
    let register = match &args.register {
        None => None,
        Some(url) => {
            let (user, password) = match args.credentials.required() {
                Ok(c) => c,
                Err(e) => return usage(&e),
            };
            let tls = match args.tls.client_tls() {
                Ok(t) => t,
                Err(e) => return usage(&e),
            };
            let mut config = ClientConfig::new(url, &user, &password);
            config.tls = tls;
            config.response_timeout = Duration::from_secs(10);
            match ConductorClient::new(config) {
                Ok(c) => Some(c),
                Err(e) => return usage(&e.to_string()),
            }
        }
    };
    let rt = match conn::runtime() {
        Ok(rt) => rt,
        Err(e) => return failed(&e),
    };
    rt.block_on(listen(args, register, subscribed))
}

fn usage(message: &str) -> ExitCode {
    eprintln!("baton listen: {message}");
    ExitCode::from(2)
}

fn failed(message: &str) -> ExitCode {
    eprintln!("baton listen: {message}");
    ExitCode::from(3)
}

/// The JSON name of a classification.
fn class_name(class: Classification) -> &'static str {
    match class {
        Classification::First => "first",
        Classification::InOrder => "in_order",
        Classification::Duplicate => "duplicate",
        Classification::Gap { .. } => "gap",
        Classification::Restart => "restart",
    }
}

/// One line per event of the notification.
fn event_lines(
    n: &Notification<'_, RECEIVER_EVENTS_CAPACITY>,
    class: Classification,
) -> Vec<String> {
    n.events
        .iter()
        .map(|e| {
            let mut m = Map::new();
            m.insert("class".into(), class_name(class).into());
            if let Classification::Gap { missed } = class {
                m.insert("missed".into(), missed.into());
            }
            m.insert("sourceIdentifier".into(), n.source_identifier.into());
            m.insert("seqn".into(), n.seqn.into());
            m.insert("event".into(), e.name.as_str().into());
            m.insert(
                "args".into(),
                serde_json::to_value(&e.args).unwrap_or(Json::Null),
            );
            Json::Object(m).to_string()
        })
        .collect()
}

async fn listen(
    args: Args,
    register: Option<ConductorClient>,
    subscribed: Vec<EventName>,
) -> ExitCode {
    let tcp = match tokio::net::TcpListener::bind(&args.addr).await {
        Ok(t) => t,
        Err(e) => return failed(&format!("{}: {e}", args.addr)),
    };
    let local = match tcp.local_addr() {
        Ok(a) => a,
        Err(e) => return failed(&e.to_string()),
    };
    eprintln!("baton listen: receiving notifications at http://{local}/RPC2");

    let (stop_tx, stop_rx) = watch::channel(false);
    let (class_tx, class_rx) = mpsc::unbounded_channel::<Classification>();
    let printed = Arc::new(AtomicU64::new(0));
    let limit = args.count;
    let source = args.source_id.clone();
    let stop = stop_tx.clone();
    let counter = printed.clone();
    let write_error = Arc::new(std::sync::Mutex::new(None::<String>));
    let stdout_error = write_error.clone();
    let app = receiver_router(ReceiverConfig::default(), move |n, class| {
        if n.source_identifier == source {
            let _ = class_tx.send(class);
        }
        let lines = event_lines(n, class);
        let mut text = String::new();
        for line in &lines {
            text.push_str(line);
            text.push('\n');
        }
        if let Err(e) = out::try_bytes(text.as_bytes()) {
            // Nobody reads the events any more (or they cannot be
            // written): wind down, removing the registration.
            if !out::reader_gone(&e) {
                if let Ok(mut slot) = write_error.lock() {
                    slot.get_or_insert(e.to_string());
                }
            }
            let _ = stop.send(true);
            return;
        }
        let total = counter.fetch_add(lines.len() as u64, Ordering::SeqCst) + lines.len() as u64;
        if limit.is_some_and(|l| total >= l) {
            let _ = stop.send(true);
        }
    });

    let mut server_stop = stop_rx.clone();
    let server = tokio::spawn(async move {
        let shutdown = async move {
            let _ = server_stop.wait_for(|s| *s).await;
        };
        let config = ServerConfig {
            shutdown_grace: Duration::from_secs(2),
            ..ServerConfig::default()
        };
        serve(Listener::http(tcp), app, &config, shutdown).await
    });
    let signal_stop = stop_tx.clone();
    tokio::spawn(async move {
        stop_signal().await;
        let _ = signal_stop.send(true);
    });

    if let Some(client) = register {
        if args.receiver_uri.is_none() && local.ip().is_unspecified() {
            let _ = stop_tx.send(true);
            let _ = server.await;
            return usage(&format!(
                "listening on {local}: give --receiver-uri with an address the device can reach"
            ));
        }
        let receiver_uri = args
            .receiver_uri
            .clone()
            .unwrap_or_else(|| format!("http://{local}/RPC2"));
        let ended = keep_registered(
            &client,
            &receiver_uri,
            &args.source_id,
            &subscribed,
            args.query_interval,
            args.keep,
            class_rx,
            stop_rx,
        )
        .await;
        if let Err(refusal) = ended {
            let _ = stop_tx.send(true);
            let _ = server.await;
            eprintln!("baton listen: {refusal}");
            return ExitCode::FAILURE;
        }
    } else {
        drop(class_rx);
        let mut stop_rx = stop_rx;
        let _ = stop_rx.wait_for(|s| *s).await;
    }
    let served = server.await;
    if let Some(e) = stdout_error.lock().ok().and_then(|mut slot| slot.take()) {
        eprintln!("baton listen: writing stdout: {e}");
        return ExitCode::FAILURE;
    }
    match served {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) => failed(&e.to_string()),
        Err(e) => failed(&e.to_string()),
    }
}

/// Ctrl-C, or SIGTERM on Unix.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// Whether a failed call is the device's answer, which the same call
/// would get again (a fault such as a wrong password, a 4xx status, a
/// reply that is not XML-RPC), rather than a device that is down or slow
/// (worth retrying with backoff).
fn is_refusal(e: &baton_tokio::Error) -> bool {
    match e {
        e if e.is_transport() => false,
        // 408 Request Timeout and 429 Too Many Requests pass; 5xx too.
        baton_tokio::Error::Http { status, .. } | baton_tokio::Error::Rest { status, .. } => {
            *status < 500 && !matches!(status, 408 | 429)
        }
        _ => true,
    }
}

/// Drives the registration until `stop` (`Ok`), or until the device
/// refuses it (`Err`: why, in one line; the same call would be refused
/// again, so retrying would only hide it).
#[allow(clippy::too_many_arguments)]
async fn keep_registered(
    client: &ConductorClient,
    receiver_uri: &str,
    source_id: &str,
    subscribed: &[EventName],
    query_interval_secs: u64,
    keep: bool,
    mut classes: mpsc::UnboundedReceiver<Classification>,
    mut stop: watch::Receiver<bool>,
) -> Result<(), String> {
    let epoch = tokio::time::Instant::now();
    let now = || baton_feedback::Instant::since(epoch.into_std());
    let user = client.config().user.clone();
    let password = client.config().password.expose().clone();
    let mut config = RegistrationConfig::new(receiver_uri, source_id, &user, &password);
    config.query_interval = baton_feedback::time::Duration::from_secs(query_interval_secs.max(1));
    config.subscribed_events = (!subscribed.is_empty()).then_some(subscribed);
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1);
    let mut reg = Registration::new(config, seed, now());
    loop {
        if *stop.borrow() {
            break;
        }
        reg.handle_timeout(now());
        if let Some(kind) = reg.poll_call(now()) {
            match kind {
                baton_feedback::CallKind::Configure => {
                    let mut events =
                        heapless::Vec::<AnyEventName<'_>, SUBSCRIBED_EVENTS_CAPACITY>::new();
                    for e in subscribed {
                        let _ = events.push(AnyEventName::Known(*e));
                    }
                    let params = FeedbackReceiverExtendedConfigureParams {
                        receiver_uri,
                        source_identifier: source_id,
                        receiver_index: Some(-1),
                        subscribed_events: (!subscribed.is_empty()).then_some(events),
                        ..Default::default()
                    };
                    let result = client.feedback_receiver_configure(params).await;
                    let index = result
                        .and_then(|mut r| r.get().map(|reply| reply.receiver_index.unwrap_or(-1)));
                    match index {
                        Ok(index) => {
                            eprintln!(
                                "baton listen: registered {receiver_uri} as receiver {index} on {}",
                                client.config().base_url
                            );
                            reg.on_configured(index, now());
                        }
                        Err(e) if is_refusal(&e) => {
                            return Err(format!(
                                "registering on {} refused: {e}",
                                client.config().base_url
                            ));
                        }
                        Err(e) => {
                            eprintln!("baton listen: registering failed (retrying): {e}");
                            reg.on_failure(now());
                        }
                    }
                }
                baton_feedback::CallKind::Query => {
                    let result = client
                        .feedback_receiver_query(FeedbackReceiverQueryParams::default())
                        .await;
                    let listed = result.and_then(|mut r| {
                        r.get_as::<FeedbackReceiverQueryReply<'_, Vec<ReceiverInfo<'_>>>>()
                            .map(|reply| reg.is_listed(&reply.receivers))
                    });
                    match listed {
                        Ok(listed) => {
                            if listed.is_none() {
                                eprintln!(
                                    "baton listen: the device no longer lists this receiver: registering again"
                                );
                            }
                            reg.on_queried(listed, now());
                        }
                        Err(e) if is_refusal(&e) => {
                            remove_registration(client, &reg, keep).await;
                            return Err(format!(
                                "checking the registration on {} refused: {e}",
                                client.config().base_url
                            ));
                        }
                        Err(e) => {
                            eprintln!(
                                "baton listen: checking the registration failed (retrying): {e}"
                            );
                            reg.on_failure(now());
                        }
                    }
                }
            }
            continue;
        }
        let wait = reg
            .poll_timeout()
            .map(|at| Duration::from(at - now()))
            .unwrap_or(Duration::from_secs(3600));
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            Some(class) = classes.recv() => {
                if class == Classification::Restart {
                    eprintln!("baton listen: the device restarted (or re-registered us)");
                }
                reg.on_notification(class, now());
            }
            _ = stop.changed() => {}
        }
    }
    remove_registration(client, &reg, keep).await;
    Ok(())
}

/// Removes the registration from the device (unless `keep`).
async fn remove_registration(client: &ConductorClient, reg: &Registration<'_>, keep: bool) {
    if !keep {
        if let Some(index) = reg.receiver_index() {
            let params = FeedbackReceiverExtendedRemoveParams {
                receiver_index: index,
                ..Default::default()
            };
            match client.feedback_receiver_remove(params).await {
                Ok(_) => eprintln!("baton listen: removed receiver {index}"),
                Err(e) => eprintln!("baton listen: removing receiver {index} failed: {e}"),
            }
        }
    }
}
