//! The Conductor service: an [`axum::Router`] answering `POST /RPC2` and
//! the REST APIs, built by [`ServerBuilder`], and [`serve`] to run it on a
//! listener (HTTP or HTTPS) with the connection-level limits.

pub(crate) mod body;
mod config;
mod limits;
mod refused;
mod rest;
mod rpc;
mod serve;

use std::sync::Arc;

use axum::body::Body;
use axum::routing::{any, post};
use axum::Router;
use http::Request;
use tokio::sync::Semaphore;

pub use config::ServerConfig;
pub use limits::{RequestLimits, RequestLimitsLayer};
pub(crate) use rpc::remote_of as rpc_peer;
pub use serve::{serve, Listener};

use crate::auth::Authenticator;
use crate::feedback::FeedbackHandle;
use crate::handler::ConductorHandler;

pub(crate) struct Shared<H> {
    pub(crate) handler: H,
    pub(crate) auth: Arc<dyn Authenticator>,
    pub(crate) config: ServerConfig,
    pub(crate) permits: Semaphore,
    /// One permit per byte of request body held (`max_buffered_body_bytes`).
    pub(crate) body_budget: Semaphore,
    pub(crate) feedback: Option<FeedbackHandle>,
    pub(crate) refused: refused::RefusedLog,
}

/// Builds the Conductor service around a [`ConductorHandler`].
///
/// The router it builds has no state of its own, so it nests into an
/// application with any state (`Router<S>`) beside the application's
/// routes:
///
/// ```
/// use axum::{extract::State, routing::get, Router};
/// use baton_tokio::{ConductorHandler, Role, ServerBuilder, Users};
///
/// /// A device that implements nothing: every method is fault 1.
/// struct Device;
/// impl ConductorHandler for Device {}
///
/// #[derive(Clone)]
/// struct AppState {
///     name: &'static str,
/// }
///
/// let users = Users::new().with("api", "secret", Role::Admin);
/// let app: Router = Router::new()
///     .route("/name", get(|State(s): State<AppState>| async move { s.name }))
///     .nest("/conductor", ServerBuilder::new(Device, users).router())
///     .with_state(AppState { name: "lab" });
///
/// // Requests to both, without a socket (a tower `Service`; `serve` puts it on one).
/// use http_body_util::BodyExt;
/// use tower::ServiceExt;
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// let call = "<methodCall><methodName>device.query</methodName><params><param><value><struct>\
///     <member><name>authenticationUser</name><value>api</value></member>\
///     <member><name>authenticationPassword</name><value>secret</value></member>\
///     </struct></value></param></params></methodCall>";
/// let request = http::Request::post("/conductor/RPC2").body(call.to_owned()).unwrap();
/// let response = app.clone().oneshot(request).await.unwrap();
/// assert_eq!(response.status(), 200);
/// let body = response.into_body().collect().await.unwrap().to_bytes();
/// let body = std::str::from_utf8(&body).unwrap();
/// assert!(body.contains("<int>1</int>"), "{body}"); // fault 1: method not supported
///
/// let request = http::Request::get("/name").body(String::new()).unwrap();
/// let response = app.oneshot(request).await.unwrap();
/// assert_eq!(&response.into_body().collect().await.unwrap().to_bytes()[..], b"lab");
/// # });
/// ```
pub struct ServerBuilder<H> {
    handler: H,
    auth: Arc<dyn Authenticator>,
    config: ServerConfig,
    feedback: Option<FeedbackHandle>,
}

impl<H: ConductorHandler> ServerBuilder<H> {
    /// A service for `handler`, checking every request with `auth`.
    pub fn new(handler: H, auth: impl Authenticator) -> Self {
        ServerBuilder {
            handler,
            auth: Arc::new(auth),
            config: ServerConfig::default(),
            feedback: None,
        }
    }

    /// Replaces the limits ([`ServerConfig::default`] otherwise).
    pub fn config(mut self, config: ServerConfig) -> Self {
        self.config = config;
        self
    }

    /// Serves `feedbackReceiver.extended.*` (and the deprecated
    /// `feedbackReceiver.configure` / `.query`) from this feedback
    /// publisher instead of the handler.
    pub fn feedback(mut self, feedback: FeedbackHandle) -> Self {
        self.feedback = Some(feedback);
        self
    }

    /// The router: `POST /RPC2`, `/api/4.0/...`, `/api/external/...`,
    /// `/status` and `/systemunit.xml`. Mount it anywhere (e.g. with
    /// [`Router::nest`]); routing uses the path below the mount point. It
    /// needs no state, so it is a `Router<S>` for whatever state `S` the
    /// application it joins has (`Router<()>` to serve it alone). Every
    /// request is logged through the [`ObserveLayer`](crate::observe::ObserveLayer)
    /// (and measured, with the `metrics` feature).
    pub fn router<S>(self) -> Router<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        let permits = Semaphore::new(self.config.max_concurrent.max(1));
        let refused = refused::RefusedLog::new(
            self.config.refused_log_burst,
            self.config.refused_log_interval,
        );
        let budget = self
            .config
            .max_buffered_body_bytes
            .max(self.config.max_body_bytes)
            .min(Semaphore::MAX_PERMITS);
        let shared = Arc::new(Shared {
            refused,
            body_budget: Semaphore::new(budget),
            handler: self.handler,
            auth: self.auth,
            config: self.config,
            permits,
            feedback: self.feedback,
        });
        let s = shared.clone();
        let rpc2 = post(move |req: Request<Body>| rpc::handle(s.clone(), req));
        let s = shared;
        let rest = any(move |req: Request<Body>| rest::handle(s.clone(), req));
        Router::new()
            .route("/RPC2", rpc2)
            .route("/api", rest.clone())
            .route("/api/{*rest}", rest.clone())
            .route("/status", rest.clone())
            .route("/systemunit.xml", rest)
            .layer(crate::observe::ObserveLayer::new())
    }
}
