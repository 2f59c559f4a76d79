//! `POST /RPC2`: body under the limit, decode to a typed request (or the
//! spec's fault), authenticate, dispatch to the handler, encode.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::response::Response;
use bytes::Bytes;
use http::{header, Request, StatusCode};

use baton_rpc::{Fault, Request as Call};

use super::body::{declared_length, declared_too_large, read_limited, BodyError, BodyRules};
use super::refused::Refusal;
use super::Shared;
use crate::answer::Answer;
use crate::auth::Access;
use crate::handler::{CallContext, ConductorHandler};
use crate::observe::RpcAnswered;

/// A `text/xml` response with HTTP 200 (faults included).
fn xml(body: Bytes) -> Response {
    let mut r = Response::new(Body::from(body));
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        header::HeaderValue::from_static("text/xml"),
    );
    r
}

/// An HTTP-level refusal (the body is not XML-RPC).
pub(crate) fn http_error(status: StatusCode, close: bool) -> Response {
    let mut r = Response::new(Body::from(
        status.canonical_reason().unwrap_or("error").to_owned(),
    ));
    *r.status_mut() = status;
    if close {
        r.headers_mut().insert(
            header::CONNECTION,
            header::HeaderValue::from_static("close"),
        );
    }
    r
}

fn fault_bytes(fault: &Fault) -> Bytes {
    match baton_xmlrpc::encode::fault(Vec::new(), fault.code(), fault.message()) {
        Ok(v) => Bytes::from(v),
        // A fault message is always encodable; fall back to the generic one.
        Err(_) => Bytes::from_static(
            b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodResponse><fault><value><struct>\
<member><name>faultCode</name><value><int>201</int></value></member>\
<member><name>faultString</name><value><string>operation failed</string></value></member>\
</struct></value></fault></methodResponse>",
        ),
    }
}

pub(crate) fn remote_of<B>(req: &Request<B>) -> Option<SocketAddr> {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0)
}

pub(crate) async fn handle<H: ConductorHandler>(
    shared: Arc<Shared<H>>,
    req: Request<Body>,
) -> Response {
    let limit = shared.config.max_body_bytes;
    if declared_too_large(req.headers(), limit) {
        return http_error(StatusCode::PAYLOAD_TOO_LARGE, true);
    }
    let remote = remote_of(&req);
    // The body first, under its own deadline and rate: a slow client holds
    // its connection, never one of the request permits.
    let declared = declared_length(req.headers());
    let rules = BodyRules::of(&shared.config);
    let budget = Some(&shared.body_budget);
    let mut held = match read_limited(req.into_body(), declared, rules, budget).await {
        Ok(held) => held,
        Err(BodyError::TooLarge) => return http_error(StatusCode::PAYLOAD_TOO_LARGE, true),
        Err(BodyError::Timeout) => return http_error(StatusCode::REQUEST_TIMEOUT, true),
        Err(BodyError::Busy) => return http_error(StatusCode::SERVICE_UNAVAILABLE, true),
        Err(BodyError::Broken) => return http_error(StatusCode::BAD_REQUEST, true),
    };
    let Ok(_permit) = shared.permits.acquire().await else {
        return http_error(StatusCode::SERVICE_UNAVAILABLE, true);
    };
    let work = async {
        let mut buf = utf8_body(std::mem::take(&mut held.bytes));
        let (body, answered) = dispatch(&shared, &mut buf, remote).await;
        let mut response = xml(body);
        // For the request log and metrics (ObserveLayer): what the decode found.
        response.extensions_mut().insert(answered);
        response
    };
    match tokio::time::timeout(shared.config.request_timeout, work).await {
        Ok(r) => r,
        Err(_) => http_error(StatusCode::REQUEST_TIMEOUT, true),
    }
}

/// The body in UTF-8: a request declared ISO-8859-1, or UTF-16 with a
/// BOM, is transcoded into a new buffer (at most 3 × its size) before the
/// in-place decode; any other body is returned as it is (an encoding that
/// cannot be transcoded is then refused by the decoder, naming it).
fn utf8_body(body: Vec<u8>) -> Vec<u8> {
    use baton_xmlrpc::encoding::{declared_encoding, transcode_to_utf8, Encoding};
    let encoding = declared_encoding(&body);
    if !matches!(encoding, Encoding::Latin1 | Encoding::Utf16 { .. }) {
        return body;
    }
    let mut out = vec![0u8; body.len().saturating_mul(3)];
    match transcode_to_utf8(&body, encoding, &mut out) {
        Ok(n) => {
            out.truncate(n);
            out
        }
        Err(_) => body,
    }
}

async fn dispatch<H: ConductorHandler>(
    shared: &Shared<H>,
    buf: &mut [u8],
    remote: Option<SocketAddr>,
) -> (Bytes, RpcAnswered) {
    let refused = |method: Option<baton_rpc::Method>, fault: &Fault| {
        let answered = RpcAnswered {
            method,
            fault: Some(fault.code()),
        };
        (fault_bytes(fault), answered)
    };
    let call = match Call::decode_in_place_or_method(buf) {
        Ok(call) => call,
        Err((fault, method)) => return refused(method, &fault),
    };
    let method = call.method();
    let Some((user, password)) = call.credentials() else {
        return refused(Some(method), &Fault::method_not_supported());
    };
    if let Err(refusal) = shared
        .auth
        .authenticate(user, password, Access::Rpc(method))
    {
        let fault = refusal.fault();
        shared.refused.refused(
            Refusal::Rpc {
                method: method.as_str(),
                fault: fault.code(),
            },
            remote,
            Some(user),
        );
        return refused(Some(method), &fault);
    }
    let cx = CallContext {
        method,
        user: user.to_owned(),
        remote,
    };
    // With a feedback driver, the feedbackReceiver.* calls are answered
    // from its publisher; without one, by the handler.
    if let Some(answer) = shared.feedback.as_ref().and_then(|f| f.rpc_answer(&call)) {
        return match answer {
            Ok(bytes) => (bytes, RpcAnswered::ok(method)),
            Err(fault) => refused(Some(method), &fault),
        };
    }
    let h = &shared.handler;
    let started = std::time::Instant::now();
    let result = baton_rpc::dispatch!(
        call,
        h,
        &cx,
        |answer| answer.await.map(Answer::into_bytes),
        Err(Fault::method_not_supported()),
    );
    h.rpc_answered(&cx, result.as_ref().map(|_| ()), started.elapsed());
    match result {
        Ok(bytes) => (bytes, RpcAnswered::ok(method)),
        Err(fault) => refused(Some(method), &fault),
    }
}
