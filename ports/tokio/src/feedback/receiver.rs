//! The integrator's side: `POST /RPC2` receiving `eventNotification`s.
//!
//! Each notification is decoded and classified by `baton-feedback`'s
//! [`Receiver`] (first / in order / duplicate / gap / restart), handed to
//! the callback, and acknowledged. Duplicates (retries of a notification
//! already acknowledged) are handed over too, classified as such: check
//! [`Classification::is_new`].

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::body::Body;
use axum::response::Response;
use axum::routing::post;
use axum::Router;
use http::{header, HeaderValue, Request, StatusCode};

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

struct State<F> {
    receiver: Mutex<Receiver>,
    callback: F,
    config: ReceiverConfig,
}

/// A router serving `POST /RPC2` for notifications: `callback` gets each
/// one with its classification (called on the runtime: keep it quick, e.g.
/// copy what you need into a channel). Every well-formed notification is
/// acknowledged; a malformed one gets the spec's fault (101-103), any
/// other method fault 1.
pub fn receiver_router<F>(config: ReceiverConfig, callback: F) -> Router
where
    F: Fn(&Notification<'_, RECEIVER_EVENTS_CAPACITY>, Classification) + Send + Sync + 'static,
{
    let state = Arc::new(State {
        receiver: Mutex::new(Receiver::new()),
        callback,
        config,
    });
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
            (state.callback)(&accepted.notification, accepted.class);
            out.truncate(accepted.reply_len);
        }
        Err(rejected) => {
            tracing::debug!("feedback receiver: rejected: {}", rejected.fault);
            out.truncate(rejected.reply_len);
        }
    }
    reply(StatusCode::OK, out)
}
