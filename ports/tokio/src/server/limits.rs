//! The Conductor service's request limits as a [`tower::Layer`] for any
//! route: the body read under a size limit, a deadline and a minimum rate
//! *before* the request takes a turn, then tower's concurrency limit, then
//! tower-http's timeout.
//!
//! tower's `ConcurrencyLimit` alone takes its permit before the body is
//! read, so a client that sends its body slowly holds a permit (four slow
//! clients stop a four-permit service); tower-http's `RequestBodyLimit`
//! only counts bytes. The first stage here reads the whole body with the
//! same rules as the Conductor routes (`ServerConfig::max_body_bytes`,
//! `body_read_timeout`, `body_min_rate`, `body_rate_grace`,
//! `max_buffered_body_bytes`), so the permit is taken only by a request
//! whose body is in; the permit and the request timeout are then tower's
//! and tower-http's own layers.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::response::Response;
use http::{header, HeaderValue, Request, StatusCode};
use tokio::sync::Semaphore;
use tower::limit::{ConcurrencyLimit, GlobalConcurrencyLimitLayer};
use tower::{Layer, Service, ServiceExt};
use tower_http::timeout::{Timeout, TimeoutLayer};

use super::body::{declared_length, declared_too_large, read_limited, BodyError, BodyRules};
use super::ServerConfig;

struct Budget {
    rules: BodyRules,
    /// One permit per byte of request body held.
    bytes: Semaphore,
}

/// The request limits of a [`ServerConfig`] for other routes: body size,
/// body deadline and minimum rate, bytes of bodies held at once, requests
/// served at once (`max_concurrent`, taken once the body is in) and the
/// time to serve one (`request_timeout`, 408 past it).
///
/// A rejected request gets the status the Conductor routes give (413, 408,
/// 503, 400) and `Connection: close`. Every route under one layer value
/// (or its clones) shares its permits and body budget; the Conductor
/// routes of a [`ServerBuilder`](crate::ServerBuilder) have their own.
///
/// ```
/// use axum::{routing::post, Router};
/// use baton_tokio::{RequestLimitsLayer, ServerConfig};
///
/// let limits = RequestLimitsLayer::new(&ServerConfig {
///     max_body_bytes: 64 * 1024,
///     max_concurrent: 2,
///     ..ServerConfig::default()
/// });
/// let app: Router = Router::new()
///     .route("/upload", post(|body: String| async move { body.len().to_string() }))
///     .layer(limits);
/// # let _ = app;
/// ```
#[derive(Clone)]
pub struct RequestLimitsLayer {
    budget: Arc<Budget>,
    permits: Arc<Semaphore>,
    request_timeout: Duration,
}

impl core::fmt::Debug for RequestLimitsLayer {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("RequestLimitsLayer")
            .field("rules", &self.budget.rules)
            .field("request_timeout", &self.request_timeout)
            .finish_non_exhaustive()
    }
}

impl RequestLimitsLayer {
    /// The limits of `config` (its connection-level settings, such as
    /// `header_read_timeout`, are [`serve`](crate::serve)'s).
    pub fn new(config: &ServerConfig) -> Self {
        let bytes = config
            .max_buffered_body_bytes
            .max(config.max_body_bytes)
            .min(Semaphore::MAX_PERMITS);
        RequestLimitsLayer {
            budget: Arc::new(Budget {
                rules: BodyRules::of(config),
                bytes: Semaphore::new(bytes),
            }),
            permits: Arc::new(Semaphore::new(config.max_concurrent.max(1))),
            request_timeout: config.request_timeout,
        }
    }
}

impl<S> Layer<S> for RequestLimitsLayer {
    type Service = RequestLimits<S>;

    fn layer(&self, inner: S) -> RequestLimits<S> {
        let timeout =
            TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, self.request_timeout);
        let turn = GlobalConcurrencyLimitLayer::with_semaphore(self.permits.clone());
        RequestLimits {
            budget: self.budget.clone(),
            inner: turn.layer(timeout.layer(inner)),
        }
    }
}

/// The service of [`RequestLimitsLayer`].
#[derive(Clone)]
pub struct RequestLimits<S> {
    budget: Arc<Budget>,
    inner: ConcurrencyLimit<Timeout<S>>,
}

impl<S> core::fmt::Debug for RequestLimits<S> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("RequestLimits").finish_non_exhaustive()
    }
}

fn refuse(status: StatusCode) -> Response {
    let mut r = Response::new(Body::from(
        status.canonical_reason().unwrap_or("error").to_owned(),
    ));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    r
}

impl<S> Service<Request<Body>> for RequestLimits<S>
where
    S: Service<Request<Body>, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Response, Infallible>> + Send + 'static>>;

    /// Always ready: the turn is taken in `call`, once the body is in.
    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Request<Body>) -> Self::Future {
        let budget = self.budget.clone();
        let inner = self.inner.clone();
        Box::pin(async move {
            let rules = budget.rules;
            if declared_too_large(req.headers(), rules.limit) {
                return Ok(refuse(StatusCode::PAYLOAD_TOO_LARGE));
            }
            let declared = declared_length(req.headers());
            let (parts, body) = req.into_parts();
            let mut held = match read_limited(body, declared, rules, Some(&budget.bytes)).await {
                Ok(held) => held,
                Err(e) => {
                    return Ok(refuse(match e {
                        BodyError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
                        BodyError::Timeout => StatusCode::REQUEST_TIMEOUT,
                        BodyError::Busy => StatusCode::SERVICE_UNAVAILABLE,
                        BodyError::Broken => StatusCode::BAD_REQUEST,
                    }))
                }
            };
            let body = Body::from(std::mem::take(&mut held.bytes));
            let request = Request::from_parts(parts, body);
            // The turn (tower's concurrency limit), then the timeout.
            let response = inner.oneshot(request).await;
            // The body's share of the budget is held until the answer.
            drop(held);
            response
        })
    }
}
