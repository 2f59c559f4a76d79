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
        xml(dispatch(&shared, &mut buf, remote).await)
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

/// `authenticationUser` / `authenticationPassword` of a call (`None` for
/// `eventNotification`, which a Conductor does not serve).
fn credentials<'r>(call: &Call<'r>) -> Option<(&'r str, &'r str)> {
    macro_rules! creds {
        ($p:expr) => {
            Some(($p.authentication_user, $p.authentication_password.as_str()))
        };
    }
    match call {
        Call::ConferenceCreate(p) => creds!(p),
        Call::ConferenceDestroy(p) | Call::ConferenceEnd(p) => creds!(p),
        Call::ConferenceEnumerate(p) => creds!(p),
        Call::ConferenceModify(p) => creds!(p),
        Call::DeviceNetworkQuery(p) => creds!(p),
        Call::DeviceQuery(p) => creds!(p),
        Call::EventNotification(_) => None,
        Call::FactoryConferenceCreate(p) => creds!(p),
        Call::FactoryConferenceModify(p) => creds!(p),
        Call::FactoryHealthQuery(p) => creds!(p),
        Call::FactoryWebexAdd(p) => creds!(p),
        Call::FeedbackReceiverConfigure(p) => creds!(p),
        Call::FeedbackReceiverExtendedConfigure(p) => creds!(p),
        Call::FeedbackReceiverExtendedQuery(p) | Call::FeedbackReceiverQuery(p) => creds!(p),
        Call::FeedbackReceiverExtendedRemove(p) => creds!(p),
        Call::ParticipantAdd(p) => creds!(p),
        Call::ParticipantDiagnostics(p)
        | Call::ParticipantDisconnect(p)
        | Call::ParticipantRemove(p) => creds!(p),
        Call::ParticipantEnumerate(p) => creds!(p),
        Call::ParticipantMessage(p) => creds!(p),
        Call::ParticipantModify(p) => creds!(p),
    }
}

async fn dispatch<H: ConductorHandler>(
    shared: &Shared<H>,
    buf: &mut [u8],
    remote: Option<SocketAddr>,
) -> Bytes {
    let call = match Call::decode(buf) {
        Ok(call) => call,
        Err(fault) => return fault_bytes(&fault),
    };
    let method = call.method();
    let Some((user, password)) = credentials(&call) else {
        return fault_bytes(&Fault::method_not_supported());
    };
    if let Err(refused) = shared
        .auth
        .authenticate(user, password, Access::Rpc(method))
    {
        let fault = refused.fault();
        shared.refused.refused(
            Refusal::Rpc {
                method: method.as_str(),
                fault: fault.code(),
            },
            remote,
            Some(user),
        );
        return fault_bytes(&fault);
    }
    let cx = CallContext {
        method,
        user: user.to_owned(),
        remote,
    };
    // With a feedback driver, the feedbackReceiver.* calls are answered
    // from its publisher; without one, by the handler.
    if let Some(answer) = shared.feedback.as_ref().and_then(|f| f.rpc_answer(&call)) {
        return answer.unwrap_or_else(|fault| fault_bytes(&fault));
    }
    let h = &shared.handler;
    let result = match call {
        Call::ConferenceCreate(p) => h.conference_create(&cx, p).await.map(Answer::into_bytes),
        Call::ConferenceDestroy(p) | Call::ConferenceEnd(p) => {
            h.conference_destroy(&cx, p).await.map(Answer::into_bytes)
        }
        Call::ConferenceEnumerate(p) => {
            h.conference_enumerate(&cx, p).await.map(Answer::into_bytes)
        }
        Call::ConferenceModify(p) => h.conference_modify(&cx, p).await.map(Answer::into_bytes),
        Call::DeviceNetworkQuery(p) => h.device_network_query(&cx, p).await.map(Answer::into_bytes),
        Call::DeviceQuery(p) => h.device_query(&cx, p).await.map(Answer::into_bytes),
        Call::EventNotification(_) => Err(Fault::method_not_supported()),
        Call::FactoryConferenceCreate(p) => h
            .factory_conference_create(&cx, p)
            .await
            .map(Answer::into_bytes),
        Call::FactoryConferenceModify(p) => h
            .factory_conference_modify(&cx, p)
            .await
            .map(Answer::into_bytes),
        Call::FactoryHealthQuery(p) => h.factory_health_query(&cx, p).await.map(Answer::into_bytes),
        Call::FactoryWebexAdd(p) => h.factory_webex_add(&cx, p).await.map(Answer::into_bytes),
        // The deprecated MCU-shaped call, mapped onto the extended one.
        Call::FeedbackReceiverConfigure(p) => h
            .feedback_receiver_configure(&cx, p.into())
            .await
            .map(Answer::into_bytes),
        Call::FeedbackReceiverExtendedConfigure(p) => h
            .feedback_receiver_configure(&cx, p)
            .await
            .map(Answer::into_bytes),
        Call::FeedbackReceiverExtendedQuery(p) | Call::FeedbackReceiverQuery(p) => h
            .feedback_receiver_query(&cx, p)
            .await
            .map(Answer::into_bytes),
        Call::FeedbackReceiverExtendedRemove(p) => h
            .feedback_receiver_remove(&cx, p)
            .await
            .map(Answer::into_bytes),
        Call::ParticipantAdd(p) => h.participant_add(&cx, p).await.map(Answer::into_bytes),
        Call::ParticipantDiagnostics(p) => h
            .participant_diagnostics(&cx, p)
            .await
            .map(Answer::into_bytes),
        Call::ParticipantDisconnect(p) => h
            .participant_disconnect(&cx, p)
            .await
            .map(Answer::into_bytes),
        Call::ParticipantEnumerate(p) => h
            .participant_enumerate(&cx, p)
            .await
            .map(Answer::into_bytes),
        Call::ParticipantMessage(p) => h.participant_message(&cx, p).await.map(Answer::into_bytes),
        Call::ParticipantModify(p) => h.participant_modify(&cx, p).await.map(Answer::into_bytes),
        Call::ParticipantRemove(p) => h.participant_remove(&cx, p).await.map(Answer::into_bytes),
    };
    match result {
        Ok(bytes) => bytes,
        Err(fault) => fault_bytes(&fault),
    }
}
