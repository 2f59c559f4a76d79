//! The integrator's side: `POST /RPC2` receiving `eventNotification`s.
//!
//! Each notification is decoded and classified by `baton-feedback`'s
//! [`Receiver`] (first / in order / duplicate / gap / restart), handed to
//! the callback, and acknowledged. Duplicates (retries of a notification
//! already acknowledged) are handed over too, classified as such: check
//! [`Classification::is_new`].

use std::sync::{Arc, Mutex};
use std::time::Duration;

use std::pin::Pin;
use std::task::{Context, Poll};

use axum::body::Body;
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use http::{header, HeaderValue, Request, StatusCode};
use tokio::sync::mpsc;

use baton_feedback::{Classification, Receiver};
use baton_rpc::Notification;

use crate::server::body::{declared_length, declared_too_large, read_limited, BodyRules};

/// How many events one notification may carry here.
pub const RECEIVER_EVENTS_CAPACITY: usize = 64;

/// Limits of the receiver service.
#[derive(Clone, Debug)]
pub struct ReceiverConfig {
    /// Largest notification accepted (413 above). Default 1 MiB.
    pub max_body_bytes: usize,
    /// Time allowed to receive a notification's body. Default 30 s.
    pub body_read_timeout: Duration,
    /// The slowest body accepted past the grace, in bytes per second (as
    /// [`crate::ServerConfig::body_min_rate`]; 0: off). Default 500 B/s.
    pub body_min_rate: u32,
    /// Time a body may take before the rate counts. Default 5 s.
    pub body_rate_grace: Duration,
}

impl Default for ReceiverConfig {
    fn default() -> Self {
        ReceiverConfig {
            max_body_bytes: 1 << 20,
            body_read_timeout: Duration::from_secs(30),
            body_min_rate: 500,
            body_rate_grace: Duration::from_secs(5),
        }
    }
}

/// Where accepted notifications go.
enum Sink<F> {
    Callback(F),
    Channel(mpsc::Sender<ReceivedNotification>),
}

struct State<F> {
    receiver: Mutex<Receiver>,
    sink: Sink<F>,
    config: ReceiverConfig,
}

/// A router serving `POST /RPC2` for notifications: `callback` gets each
/// one with its classification (called on the runtime: keep it quick, e.g.
/// copy what you need into a channel). Every well-formed notification is
/// acknowledged; a malformed one gets the spec's fault (101-103), any
/// other method fault 1. The router needs no state: it is a `Router<S>`
/// for any application state `S`.
///
/// ```
/// use std::sync::{Arc, Mutex};
/// use baton_tokio::{receiver_router, ReceiverConfig};
///
/// let seen = Arc::new(Mutex::new(Vec::new()));
/// let log = seen.clone();
/// let app: axum::Router = receiver_router(ReceiverConfig::default(), move |n, class| {
///     if class.is_new() {
///         log.lock().unwrap().push(format!("{} #{}: {} events", n.source_identifier, n.seqn, n.events.len()));
///     }
/// });
///
/// // One notification, as a device posts it (here without a socket).
/// use http_body_util::BodyExt;
/// use tower::ServiceExt;
/// let notification = "<methodCall><methodName>eventNotification</methodName><params><param>\
///     <value><struct><member><name>sourceIdentifier</name><value>dev-1</value></member>\
///     <member><name>seqn</name><value><int>0</int></value></member>\
///     <member><name>events</name><value><array><data><value><struct>\
///     <member><name>name</name><value>alarmsChanged</value></member>\
///     </struct></value></data></array></value></member></struct></value></param></params>\
///     </methodCall>";
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let request = http::Request::post("/RPC2").body(notification.to_owned()).unwrap();
/// let response = app.oneshot(request).await.unwrap();
/// assert_eq!(response.status(), 200); // acknowledged
/// let ack = response.into_body().collect().await.unwrap().to_bytes();
/// assert!(std::str::from_utf8(&ack).unwrap().contains("operation successful"));
/// # });
/// assert_eq!(*seen.lock().unwrap(), ["dev-1 #0: 1 events"]);
/// ```
pub fn receiver_router<F, S>(config: ReceiverConfig, callback: F) -> Router<S>
where
    F: Fn(&Notification<'_, RECEIVER_EVENTS_CAPACITY>, Classification) + Send + Sync + 'static,
    S: Clone + Send + Sync + 'static,
{
    router(State {
        receiver: Mutex::new(Receiver::new()),
        sink: Sink::Callback(callback),
        config,
    })
}

/// The async form of [`receiver_router`]: the router, and the stream of
/// the notifications it accepts, each owned ([`ReceivedNotification`]),
/// in the order they were classified.
///
/// A notification is acknowledged only once it is in the stream's buffer
/// (`capacity` notifications, at least 1): when the consumer falls
/// behind, the publisher's request waits (and, past its timeout, is
/// retried; the retry arrives classified as a duplicate). Once the stream
/// is dropped, notifications are answered 503 (the publisher retries).
///
/// ```
/// use baton_tokio::{receiver_stream, ReceiverConfig};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let (app, mut notifications) = receiver_stream(ReceiverConfig::default(), 64);
/// let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
/// let addr = listener.local_addr().unwrap();
/// tokio::spawn(async move {
///     let config = baton_tokio::ServerConfig::default();
///     let listener = baton_tokio::Listener::http(listener);
///     baton_tokio::serve(listener, app, &config, std::future::pending()).await
/// });
/// # // A device posting one notification (a FeedbackDriver does this for real).
/// # tokio::spawn(async move {
/// #     use tokio::io::{AsyncReadExt, AsyncWriteExt};
/// #     let body = "<methodCall><methodName>eventNotification</methodName><params><param>\
/// #         <value><struct><member><name>sourceIdentifier</name><value>dev-1</value></member>\
/// #         <member><name>seqn</name><value><int>0</int></value></member>\
/// #         <member><name>events</name><value><array><data><value><struct>\
/// #         <member><name>name</name><value>alarmsChanged</value></member>\
/// #         </struct></value></data></array></value></member></struct></value></param></params>\
/// #         </methodCall>";
/// #     let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
/// #     let head = format!("POST /RPC2 HTTP/1.1\r\nHost: r\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
/// #     s.write_all(head.as_bytes()).await.unwrap();
/// #     s.write_all(body.as_bytes()).await.unwrap();
/// #     let mut answer = Vec::new();
/// #     s.read_to_end(&mut answer).await.unwrap();
/// # });
/// while let Some(n) = notifications.recv().await {
///     if n.class.is_new() {
///         for event in &n.events {
///             println!("{} #{}: {}", n.source_identifier, n.seqn, event.name);
///         }
///     }
/// #   assert_eq!((n.source_identifier.as_str(), n.events[0].name.as_str()), ("dev-1", "alarmsChanged"));
/// #   break;
/// }
/// # }
/// ```
pub fn receiver_stream<S>(
    config: ReceiverConfig,
    capacity: usize,
) -> (Router<S>, ReceivedNotifications)
where
    S: Clone + Send + Sync + 'static,
{
    let (tx, rx) = mpsc::channel(capacity.max(1));
    let app = router::<Callback, S>(State {
        receiver: Mutex::new(Receiver::new()),
        sink: Sink::Channel(tx),
        config,
    });
    (app, ReceivedNotifications { rx })
}

/// The callback type of the stream form (never called).
type Callback = fn(&Notification<'_, RECEIVER_EVENTS_CAPACITY>, Classification);

fn router<F, S>(state: State<F>) -> Router<S>
where
    F: Fn(&Notification<'_, RECEIVER_EVENTS_CAPACITY>, Classification) + Send + Sync + 'static,
    S: Clone + Send + Sync + 'static,
{
    let state = Arc::new(state);
    Router::new().route(
        "/RPC2",
        post(move |req: Request<Body>| handle(state.clone(), req)),
    )
}

fn reply(status: StatusCode, body: Vec<u8>) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/xml"));
    r
}

async fn handle<F>(state: Arc<State<F>>, req: Request<Body>) -> Response
where
    F: Fn(&Notification<'_, RECEIVER_EVENTS_CAPACITY>, Classification) + Send + Sync + 'static,
{
    let limit = state.config.max_body_bytes;
    if declared_too_large(req.headers(), limit) {
        return reply(StatusCode::PAYLOAD_TOO_LARGE, Vec::new());
    }
    let rules = BodyRules {
        limit,
        timeout: state.config.body_read_timeout,
        min_rate: state.config.body_min_rate,
        grace: state.config.body_rate_grace,
    };
    let declared = declared_length(req.headers());
    let mut buf = match read_limited(req.into_body(), declared, rules, None).await {
        Ok(held) => held.bytes,
        Err(_) => return reply(StatusCode::BAD_REQUEST, Vec::new()),
    };
    let mut out = vec![0u8; 512];
    let result = {
        let mut receiver = state.receiver.lock().unwrap_or_else(|p| p.into_inner());
        receiver.on_request::<RECEIVER_EVENTS_CAPACITY>(&mut buf, &mut out)
    };
    match result {
        Ok(accepted) => {
            let queued = match &state.sink {
                Sink::Callback(callback) => {
                    callback(&accepted.notification, accepted.class);
                    None
                }
                Sink::Channel(tx) => Some((
                    tx.clone(),
                    ReceivedNotification::of(&accepted.notification, accepted.class),
                )),
            };
            out.truncate(accepted.reply_len);
            if let Some((tx, notification)) = queued {
                if tx.send(notification).await.is_err() {
                    return reply(StatusCode::SERVICE_UNAVAILABLE, Vec::new());
                }
            }
        }
        Err(rejected) => {
            tracing::debug!("feedback receiver: rejected: {}", rejected.fault);
            out.truncate(rejected.reply_len);
        }
    }
    reply(StatusCode::OK, out)
}

/// One event of a [`ReceivedNotification`], owned.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReceivedEvent {
    /// `name` (the spec's event names, or any other name as sent).
    pub name: String,
    /// `factory_conference_id`.
    pub factory_conference_id: Option<String>,
    /// `request_id`.
    pub request_id: Option<String>,
    /// `conference_name`.
    pub conference_name: Option<String>,
    /// `unauthenticated_source_alias` (empty when absent).
    pub unauthenticated_source_alias: Vec<String>,
    /// `participant_role`.
    pub participant_role: Option<String>,
}

/// A notification accepted by [`receiver_stream`]'s router, owned, with
/// its classification.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReceivedNotification {
    /// `sourceIdentifier`.
    pub source_identifier: String,
    /// `seqn`.
    pub seqn: u32,
    /// `events`, in order.
    pub events: Vec<ReceivedEvent>,
    /// First, in order, duplicate, gap or restart.
    pub class: Classification,
}

impl ReceivedNotification {
    fn of(n: &Notification<'_, RECEIVER_EVENTS_CAPACITY>, class: Classification) -> Self {
        let own = |s: Option<&str>| s.map(str::to_owned);
        ReceivedNotification {
            source_identifier: n.source_identifier.to_owned(),
            seqn: n.seqn,
            events: n
                .events
                .iter()
                .map(|e| ReceivedEvent {
                    name: e.name.as_str().to_owned(),
                    factory_conference_id: own(e.args.factory_conference_id),
                    request_id: own(e.args.request_id),
                    conference_name: own(e.args.conference_name),
                    unauthenticated_source_alias: e
                        .args
                        .unauthenticated_source_alias
                        .as_ref()
                        .map(|a| a.as_slice().iter().map(|s| (*s).to_owned()).collect())
                        .unwrap_or_default(),
                    participant_role: own(e.args.participant_role),
                })
                .collect(),
            class,
        }
    }
}

/// The notifications of a [`receiver_stream`] router, in order: await
/// [`recv`](Self::recv), or use it as a [`futures_core::Stream`]. Ends
/// when the router (every clone) is dropped.
#[derive(Debug)]
pub struct ReceivedNotifications {
    rx: mpsc::Receiver<ReceivedNotification>,
}

impl ReceivedNotifications {
    /// The next notification; `None` once the router is gone.
    ///
    /// ```
    /// # async fn run() {
    /// let (_app, mut n) = baton_tokio::receiver_stream::<()>(Default::default(), 8);
    /// drop(_app);
    /// assert!(n.recv().await.is_none());
    /// # }
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(run());
    /// ```
    pub async fn recv(&mut self) -> Option<ReceivedNotification> {
        self.rx.recv().await
    }
}

impl futures_core::Stream for ReceivedNotifications {
    type Item = ReceivedNotification;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.rx.poll_recv(cx)
    }
}
