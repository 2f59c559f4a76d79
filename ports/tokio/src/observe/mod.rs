//! Observing the service: a request log (with a `tracing` span per
//! request) and, with the `metrics` feature, request metrics through the
//! [`metrics`](https://docs.rs/metrics) facade.
//!
//! [`ServerBuilder::router`](crate::ServerBuilder::router) puts the
//! [`ObserveLayer`] on the Conductor routes itself; it may be added to
//! other routes too. Each request runs inside a `baton.request` span
//! (`http.method`, `path`, `peer`) and ends with one record of target
//! `baton::request`:
//!
//! - at `debug` when answered (HTTP 2xx/3xx and, for XML-RPC, not a fault);
//! - at `info` when refused: an XML-RPC fault (its `fault` code) or an HTTP
//!   4xx/5xx (its `status`).
//!
//! Fields: `method` (the XML-RPC `methodName` when it is one of the
//! spec's, else `unknown`; for REST the operation, e.g. `GET
//! /api/4.0/confbundles/{id}`), `fault` or `status`, `latency_ms`,
//! `peer`. Never a password, a credential or a body: the layer reads no body;
//! the XML-RPC service puts what its decode found ([`RpcAnswered`]: the
//! method and the fault code) into the response's extensions. (Credential refusals also get the
//! rate-limited `warn` record of target `baton::refused`.)
//!
//! With the `metrics` feature, the same layer records (names and labels
//! in the `metric` module): requests by API, method, outcome and code, and their
//! latency; the feedback driver records its queue depth and delivery
//! failures per receiver slot. Without a recorder installed these are
//! no-ops.

mod labels;
#[cfg(feature = "metrics")]
pub mod metric;

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::response::Response;
use http::{Method, Request, StatusCode};
use tower::{Layer, Service};
use tracing::Instrument;

pub(crate) use labels::rest_operation;

/// What the XML-RPC service found in a call it answered, put into the
/// response's extensions for [`ObserveLayer`]: the method the call named
/// (when it is one of the spec's and the call got that far) and the fault
/// code it was answered with. The layer labels with these instead of
/// reading the body again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RpcAnswered {
    /// The method called (`None`: not a call of one of the spec's methods).
    pub method: Option<baton_rpc::Method>,
    /// The fault answered (`None`: a reply).
    pub fault: Option<i32>,
}

impl RpcAnswered {
    /// A call of `method` answered with its reply.
    pub const fn ok(method: baton_rpc::Method) -> Self {
        RpcAnswered {
            method: Some(method),
            fault: None,
        }
    }

    /// The `method` label: the spec's name, or `unknown`.
    pub fn method_label(&self) -> &'static str {
        self.method.map_or("unknown", baton_rpc::Method::as_str)
    }
}

/// How a request ended, for the log and the metrics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Answered: HTTP 2xx/3xx, not an XML-RPC fault.
    Ok,
    /// Refused for its credentials: XML-RPC fault 14 / 15, HTTP 401 / 403.
    Refused,
    /// Another XML-RPC fault.
    Fault,
    /// Another HTTP error status (4xx, 5xx).
    Error,
}

impl Outcome {
    /// The label value: `ok`, `refused`, `fault`, `error`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Outcome::Ok => "ok",
            Outcome::Refused => "refused",
            Outcome::Fault => "fault",
            Outcome::Error => "error",
        }
    }

    /// The outcome of an answer with `status` and, for XML-RPC, the fault
    /// code it carries.
    ///
    /// ```
    /// use baton_tokio::observe::Outcome;
    /// use http::StatusCode;
    /// assert_eq!(Outcome::of(StatusCode::OK, Some(15)), Outcome::Refused);
    /// assert_eq!(Outcome::of(StatusCode::OK, Some(4)), Outcome::Fault);
    /// assert_eq!(Outcome::of(StatusCode::UNAUTHORIZED, None), Outcome::Refused);
    /// assert_eq!(Outcome::of(StatusCode::PAYLOAD_TOO_LARGE, None), Outcome::Error);
    /// assert_eq!(Outcome::of(StatusCode::CREATED, None), Outcome::Ok);
    /// ```
    pub fn of(status: StatusCode, fault: Option<i32>) -> Outcome {
        match (status.as_u16(), fault) {
            (401 | 403, _) | (_, Some(14 | 15)) => Outcome::Refused,
            (400.., _) => Outcome::Error,
            (_, Some(_)) => Outcome::Fault,
            _ => Outcome::Ok,
        }
    }
}

/// One request as observed, handed to the log and the metrics.
#[derive(Clone, Copy, Debug)]
struct Observed<'a> {
    api: &'static str,
    method: &'a str,
    status: StatusCode,
    fault: Option<i32>,
    latency: Duration,
    peer: &'a str,
}

impl Observed<'_> {
    fn outcome(&self) -> Outcome {
        Outcome::of(self.status, self.fault)
    }

    /// The fault code or, without one, the HTTP status.
    #[cfg_attr(not(feature = "metrics"), allow(dead_code))]
    fn code(&self) -> i64 {
        self.fault
            .map_or(i64::from(self.status.as_u16()), i64::from)
    }

    fn log(&self) {
        let latency_ms = Millis(self.latency);
        let (method, peer) = (self.method, self.peer);
        let status = self.status.as_u16();
        match (self.outcome(), self.fault) {
            (Outcome::Ok, _) => tracing::debug!(
                target: "baton::request",
                api = self.api, method, status, latency_ms = %latency_ms, peer,
                "answered"
            ),
            (_, Some(fault)) => tracing::info!(
                target: "baton::request",
                api = self.api, method, fault, latency_ms = %latency_ms, peer,
                "refused"
            ),
            (_, None) => tracing::info!(
                target: "baton::request",
                api = self.api, method, status, latency_ms = %latency_ms, peer,
                "refused"
            ),
        }
    }
}

/// A duration in milliseconds, to the microsecond (`0.664`).
struct Millis(Duration);

impl core::fmt::Display for Millis {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{:.3}", self.0.as_secs_f64() * 1000.0)
    }
}

/// The [`tower::Layer`] that logs (and, with the `metrics` feature,
/// measures) each request; see the [module docs](self).
///
/// [`ServerBuilder::router`](crate::ServerBuilder::router) applies it; add
/// it to other routes to have them logged the same way:
///
/// ```
/// use axum::{routing::get, Router};
/// use baton_tokio::observe::ObserveLayer;
///
/// let app: Router = Router::new()
///     .route("/health", get(|| async { "ok" }))
///     .layer(ObserveLayer::new());
/// # let _ = app;
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct ObserveLayer {
    _private: (),
}

impl ObserveLayer {
    /// The layer.
    pub const fn new() -> Self {
        ObserveLayer { _private: () }
    }
}

impl<S> Layer<S> for ObserveLayer {
    type Service = Observe<S>;
    fn layer(&self, inner: S) -> Observe<S> {
        Observe { inner }
    }
}

/// The service of [`ObserveLayer`].
#[derive(Clone, Debug)]
pub struct Observe<S> {
    inner: S,
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send + 'static>>;

impl<S> Service<Request<Body>> for Observe<S>
where
    S: Service<Request<Body>, Response = Response, Error = Infallible> + Clone + Send + 'static,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = BoxFuture<Result<Response, Infallible>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request<Body>) -> Self::Future {
        let started = Instant::now();
        let peer = crate::server::rpc_peer(&req).map_or_else(|| "-".to_owned(), |p| p.to_string());
        let rpc = req.method() == Method::POST && req.uri().path().ends_with("/RPC2");
        let span = tracing::debug_span!(
            "baton.request",
            http.method = %req.method(),
            path = req.uri().path(),
            peer = %peer,
        );
        let rest = (!rpc).then(|| rest_operation(req.method(), req.uri().path()));
        // The clone that was made ready is the one called (tower's rule).
        let clone = self.inner.clone();
        let mut inner = std::mem::replace(&mut self.inner, clone);
        let future = inner.call(req);
        Box::pin(async move {
            let response = future.instrument(span.clone()).await?;
            let status = response.status();
            let (api, method, fault) = if rpc {
                // Labelled by what the XML-RPC service decoded (an answer
                // refused before decoding, e.g. 413, has no RpcAnswered).
                let answered = response.extensions().get::<RpcAnswered>().copied();
                let method = answered.map_or("unknown", |a| a.method_label());
                ("xmlrpc", method, answered.and_then(|a| a.fault))
            } else {
                ("rest", rest.unwrap_or("other"), None)
            };
            let seen = Observed {
                api,
                method,
                status,
                fault,
                latency: started.elapsed(),
                peer: &peer,
            };
            span.in_scope(|| seen.log());
            #[cfg(feature = "metrics")]
            metric::request(api, method, seen.outcome(), seen.code(), seen.latency);
            Ok(response)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outcome_tells_refusals_from_other_faults_and_errors() {
        assert_eq!(Outcome::of(StatusCode::OK, None), Outcome::Ok);
        assert_eq!(Outcome::of(StatusCode::OK, Some(14)), Outcome::Refused);
        assert_eq!(Outcome::of(StatusCode::FORBIDDEN, None), Outcome::Refused);
        assert_eq!(Outcome::of(StatusCode::OK, Some(101)), Outcome::Fault);
        assert_eq!(
            Outcome::of(StatusCode::REQUEST_TIMEOUT, None),
            Outcome::Error
        );
    }
}
