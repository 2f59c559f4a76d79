//! The delivery driver: a task that owns the publisher's timing and IO.
//!
//! ```text
//! loop {
//!     lock: handle_timeout(now); every poll_transmit -> spawn a POST
//!     wait for: a publish/configure (Notify), the next deadline
//!               (poll_timeout, tokio::time), an outcome (channel), stop
//!     outcome -> on_outcome
//! }
//! ```
//!
//! The publisher sends at most one notification per receiver at a time, so
//! each receiver needs one connection: the HTTP client keeps one idle
//! keep-alive connection per host. A POST counts as delivered on HTTP 2xx
//! with a well-formed `methodResponse` that is not a fault.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use http::{header, Request};
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use tokio::sync::{mpsc, watch, Notify};
use tokio::task::JoinHandle;

use baton_feedback::wire::{classify_reply, status_can_acknowledge, ReplyClass};
use baton_feedback::{Outcome, ReceiverId, ReceiverUri};

use super::{DevicePublisher, FeedbackHandle, Inner};
use crate::error::Error;
use crate::http_client::{self, HttpClient};
use crate::tls::ClientTls;

/// Settings of the delivery driver.
#[derive(Clone, Debug)]
pub struct FeedbackConfig {
    /// The publisher's batching, retry and timeout settings. Its
    /// `response_timeout` is raised to at least the HTTP timeouts below,
    /// so the driver's own timeout reports first.
    pub publisher: baton_feedback::Config,
    /// Seed of the retry jitter.
    pub seed: u64,
    /// Time to connect to a receiver. Default 5 s.
    pub connect_timeout: Duration,
    /// Time for a receiver to answer a notification. Default 10 s.
    pub response_timeout: Duration,
    /// Certificate checking for `https` receivers (on by default).
    pub tls: ClientTls,
    /// Largest encoded notification. Default 64 KiB.
    pub max_notification_bytes: usize,
    /// Largest receiver reply read. An `eventNotification` answer is a
    /// short `methodResponse` (well under 1 KiB); a longer reply is not
    /// read past this limit, its connection is dropped and the delivery
    /// counts as failed (retried like any other failure). Default 8 KiB.
    pub max_reply_bytes: usize,
}

impl Default for FeedbackConfig {
    fn default() -> Self {
        FeedbackConfig {
            publisher: baton_feedback::Config::default(),
            seed: 0x5eed_ba70,
            connect_timeout: Duration::from_secs(5),
            response_timeout: Duration::from_secs(10),
            tls: ClientTls::default(),
            max_notification_bytes: 64 * 1024,
            max_reply_bytes: 8 * 1024,
        }
    }
}

/// The running delivery task. Dropping it does not stop the task; call
/// [`FeedbackDriver::shutdown`].
///
/// The device side of feedback: receivers are configured and events
/// published through its [`FeedbackHandle`] (also what
/// [`ServerBuilder::feedback`](crate::ServerBuilder::feedback) takes, so
/// `feedbackReceiver.extended.*` calls manage the same slots); the task
/// posts the notifications. Here to a receiver service in the same
/// process:
///
/// ```
/// use baton_tokio::baton_feedback::OwnedEvent;
/// use baton_tokio::baton_rpc::EventName;
/// use baton_tokio::{receiver_stream, serve, FeedbackConfig, FeedbackDriver, Listener};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// // A receiver to deliver to.
/// let (app, mut notifications) = receiver_stream(Default::default(), 8);
/// let tcp = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
/// let uri = format!("http://{}/RPC2", tcp.local_addr()?);
/// tokio::spawn(async move {
///     serve(Listener::http(tcp), app, &Default::default(), std::future::pending()).await
/// });
///
/// let driver = FeedbackDriver::spawn(FeedbackConfig::default())?;
/// let device = driver.handle();
/// let index = device.configure(&uri, "conductor-1", Some(-1), None)?;
/// assert_eq!(device.receivers()[0].receiver_uri, uri);
/// assert_eq!(device.publish(OwnedEvent::new(EventName::AlarmsChanged)), 1);
///
/// let n = notifications.recv().await.unwrap();
/// assert_eq!((n.source_identifier.as_str(), n.seqn), ("conductor-1", 0));
/// assert_eq!(n.events[0].name, "alarmsChanged");
/// device.remove(index)?;
/// assert!(device.receivers().is_empty());
/// driver.shutdown().await;
/// # Ok(())
/// # }
/// ```
pub struct FeedbackDriver {
    handle: FeedbackHandle,
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl core::fmt::Debug for FeedbackDriver {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("FeedbackDriver").finish()
    }
}

impl FeedbackDriver {
    /// Starts the driver on the current tokio runtime.
    pub fn spawn(config: FeedbackConfig) -> Result<Self, Error> {
        let client = http_client::build(&config.tls, config.connect_timeout, 1)?;
        let http_ms = config
            .connect_timeout
            .saturating_add(config.response_timeout)
            .as_millis();
        let mut publisher_config = config.publisher;
        publisher_config.response_timeout = baton_feedback::time::Duration::from_millis(
            publisher_config.response_timeout.as_millis().max(
                u64::try_from(http_ms)
                    .unwrap_or(u64::MAX)
                    .saturating_add(1_000),
            ),
        );
        let inner = Arc::new(Inner {
            publisher: Mutex::new(DevicePublisher::new(publisher_config, config.seed)),
            wake: Notify::new(),
            epoch: tokio::time::Instant::now(),
        });
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(run(inner.clone(), client, config, stopped));
        Ok(FeedbackDriver {
            handle: FeedbackHandle { inner },
            stop,
            task,
        })
    }

    /// A handle to publish events and manage receivers (give one to
    /// [`crate::ServerBuilder::feedback`]).
    pub fn handle(&self) -> FeedbackHandle {
        self.handle.clone()
    }

    /// Stops the task (notifications in flight are abandoned; queued
    /// events stay in the publisher).
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}

/// `scheme://host:port/path` of a receiver, for the HTTP client.
fn target_uri(t: &ReceiverUri<'_>) -> String {
    let host = if t.host.contains(':') {
        format!("[{}]", t.host)
    } else {
        t.host.to_owned()
    };
    format!("{}://{}:{}{}", t.scheme.as_str(), host, t.port, t.path)
}

type Report = (ReceiverId, u32, Outcome);

async fn run(
    inner: Arc<Inner>,
    client: HttpClient,
    config: FeedbackConfig,
    mut stopped: watch::Receiver<bool>,
) {
    let (tx, mut rx) = mpsc::unbounded_channel::<Report>();
    let mut buf = vec![0u8; config.max_notification_bytes.max(1024)];
    let http_timeout = config
        .connect_timeout
        .saturating_add(config.response_timeout);
    // Events dropped as unencodable so far (each logged once).
    let mut unencodable_seen: u64 = 0;
    let mut depths = super::observe::Depths::default();
    loop {
        let next = {
            let mut p = inner.lock();
            let now = inner.now();
            p.handle_timeout(now);
            loop {
                match p.poll_transmit(now, &mut buf) {
                    Ok(Some(t)) => {
                        let Some(uri) = p.target(t.receiver).map(|u| target_uri(&u)) else {
                            continue;
                        };
                        let body = Bytes::copy_from_slice(buf.get(..t.len).unwrap_or(&[]));
                        tracing::debug!(
                            "feedback: seqn {} ({} events, attempt {}) to {uri}",
                            t.seqn,
                            t.events,
                            t.attempt
                        );
                        let (client, tx) = (client.clone(), tx.clone());
                        let reply_limit = config.max_reply_bytes;
                        tokio::spawn(async move {
                            let outcome =
                                deliver(&client, &uri, body, http_timeout, reply_limit).await;
                            let _ = tx.send((t.receiver, t.seqn, outcome));
                        });
                    }
                    Ok(None) => break,
                    Err(e) => {
                        // A retry that no longer fits the buffer: it stays
                        // queued; try the others on the next round.
                        tracing::warn!("feedback: notification not sent: {e}");
                        break;
                    }
                }
            }
            // An event that cannot be encoded was dropped by the publisher
            // (once, consuming its seqn): one log line per event.
            let unencodable: u64 = p
                .receivers()
                .filter_map(|id| p.stats(id))
                .map(|s| s.unencodable)
                .sum();
            if unencodable > unencodable_seen {
                tracing::warn!(
                    dropped = unencodable - unencodable_seen,
                    "feedback: event dropped: it holds a character XML cannot carry (its seqn is skipped)"
                );
            }
            unencodable_seen = unencodable;
            super::observe::depths(&p, &mut depths);
            p.poll_timeout()
        };
        let deadline = next.map(|at| inner.epoch + Duration::from_millis(at.as_millis()));
        let sleep = async {
            match deadline {
                Some(at) => tokio::time::sleep_until(at).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            () = inner.wake.notified() => {}
            () = sleep => {}
            report = rx.recv() => {
                let mut p = inner.lock();
                let now = inner.now();
                let mut next = report;
                while let Some((id, seqn, outcome)) = next {
                    p.on_outcome(id, seqn, outcome, now);
                    super::observe::outcome(id, outcome);
                    next = rx.try_recv().ok();
                }
            }
            _ = stopped.changed() => return,
        }
    }
}

/// POSTs one notification; delivered on 2xx with a non-fault response
/// ([`classify_reply`]) of at most `reply_limit` bytes (a longer one is not
/// read past the limit).
async fn deliver(
    client: &HttpClient,
    uri: &str,
    body: Bytes,
    timeout: Duration,
    reply_limit: usize,
) -> Outcome {
    let request = match Request::post(uri)
        .header(header::CONTENT_TYPE, "text/xml")
        .body(Full::new(body))
    {
        Ok(r) => r,
        Err(_) => return Outcome::Failed,
    };
    let exchange = async {
        let response = client
            .request(request)
            .await
            .map_err(|e| http_client::transport(uri, e))?;
        let status = response.status().as_u16();
        if !status_can_acknowledge(status) {
            // The body does not count: not read, the connection is dropped with it.
            return Ok::<_, Error>(Some((status, Bytes::new())));
        }
        let declared = response
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok());
        if declared.is_some_and(|n| n > reply_limit as u64) {
            // Not read at all: the connection is dropped with it.
            tracing::debug!("feedback: {uri} declared a reply over {reply_limit} bytes");
            return Ok(None);
        }
        let bytes = Limited::new(response.into_body(), reply_limit)
            .collect()
            .await
            .map_err(|e| {
                if e.is::<LengthLimitError>() {
                    Error::ReplyTooLarge {
                        url: uri.to_owned(),
                        limit: reply_limit,
                    }
                } else {
                    Error::transport(uri, e)
                }
            })?
            .to_bytes();
        Ok(Some((status, bytes)))
    };
    match tokio::time::timeout(timeout, exchange).await {
        Ok(Ok(Some((status, bytes)))) => {
            let mut bytes = Vec::from(bytes);
            let class = classify_reply(status, &mut bytes);
            if class != ReplyClass::Acknowledged {
                tracing::debug!("feedback: {uri} answered {class}");
            }
            class.outcome()
        }
        Ok(Ok(None)) => Outcome::Failed,
        Ok(Err(e)) => {
            tracing::debug!("feedback: {uri}: {e}");
            Outcome::Failed
        }
        Err(_) => Outcome::Failed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receiver_uri_becomes_a_full_uri_with_default_port() {
        let u = ReceiverUri::parse("http://10.2.134.40/RPC2").unwrap();
        assert_eq!(target_uri(&u), "http://10.2.134.40:80/RPC2");
        let u = ReceiverUri::parse("https://[fe80::1]:5050/x?y").unwrap();
        assert_eq!(target_uri(&u), "https://[fe80::1]:5050/x?y");
    }
}
