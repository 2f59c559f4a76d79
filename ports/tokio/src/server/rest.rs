//! The REST APIs: HTTP Basic authentication, routing with `baton-rest`,
//! body decoding and validation with `baton-rest` / `baton-validate`,
//! dispatch to the handler, the spec's error bodies.

use std::sync::Arc;

use axum::body::Body;
use axum::response::Response;
use http::{header, HeaderMap, HeaderValue, Request};

use baton_rest::decode::decode_in_place;
use baton_rest::route::{route, ResultFormat, RouteError};
use baton_rest::{ConfBundle, ErrorBody, ErrorCode, HttpMethod, Issues, Operation};

use super::body::{declared_length, declared_too_large, read_limited, BodyError, BodyRules};
use super::refused::Refusal;
use super::rpc::remote_of;
use super::Shared;
use crate::answer::{RestError, RestResult};
use crate::auth::{parse_basic, Access, AuthError};
use crate::handler::{ConductorHandler, RestContext};

fn respond(result: RestResult) -> Response {
    match result {
        Ok(reply) => {
            let mut r = Response::new(Body::from(reply.body));
            *r.status_mut() = reply.status;
            if let Some(ct) = reply.content_type {
                r.headers_mut()
                    .insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
            }
            r
        }
        Err(error) => {
            let mut r = Response::new(Body::from(error.body));
            *r.status_mut() = error.status;
            r.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            if let Some(allow) = error.allow.and_then(|a| HeaderValue::from_str(&a).ok()) {
                r.headers_mut().insert(header::ALLOW, allow);
            }
            r
        }
    }
}

fn unauthorized(realm: &str) -> Response {
    let mut r = respond(Err(RestError::new(ErrorCode::Http(401))));
    let challenge = format!("Basic realm=\"{}\"", realm.replace('"', ""));
    if let Ok(v) = HeaderValue::from_str(&challenge) {
        r.headers_mut().insert(header::WWW_AUTHENTICATE, v);
    }
    r
}

fn with_close(mut r: Response) -> Response {
    r.headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    r
}

fn route_error(e: RouteError) -> RestError {
    let mut error = RestError::new(e.error_code());
    if let RouteError::MethodNotAllowed { allowed } = e {
        let list: Vec<&str> = allowed.iter().map(|m| m.as_str()).collect();
        error.allow = Some(list.join(", "));
    }
    error
}

fn body_error(e: BodyError) -> RestError {
    RestError::new(ErrorCode::Http(match e {
        BodyError::TooLarge => 413,
        BodyError::Timeout => 408,
        BodyError::Busy => 503,
        BodyError::Broken => 400,
    }))
}

/// The result format: `format=` if given, else what the `Accept` header
/// prefers by its q-values, else JSON (`baton_rest::accept`).
fn result_format(query: Option<ResultFormat>, headers: &HeaderMap) -> ResultFormat {
    let accept: Vec<&str> = headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    baton_rest::accept::result_format(query, accept.iter().copied())
}

pub(crate) async fn handle<H: ConductorHandler>(
    shared: Arc<Shared<H>>,
    req: Request<Body>,
) -> Response {
    let remote = remote_of(&req);
    let (parts, body) = req.into_parts();
    let refusal = |status| Refusal::Rest {
        method: parts.method.as_str(),
        path: parts.uri.path(),
        status,
    };
    // Without "Automatic discovery protection", /systemunit.xml is
    // answered to anyone (no credentials asked or checked).
    let open = !shared.config.discovery_protection && parts.uri.path() == "/systemunit.xml";
    let credentials = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| parse_basic(v.as_bytes()));
    let (user, password) = match credentials {
        _ if open => Default::default(),
        Some(c) => c,
        None => {
            shared.refused.refused(refusal(401), remote, None);
            return unauthorized(&shared.config.realm);
        }
    };
    let access = Access::Rest {
        method: parts.method.as_str(),
        path: parts.uri.path(),
    };
    if !open {
        match shared.auth.authenticate(&user, &password, access) {
            Ok(()) => {}
            Err(AuthError::BadCredentials) => {
                shared.refused.refused(refusal(401), remote, Some(&user));
                return unauthorized(&shared.config.realm);
            }
            Err(AuthError::NotAllowed) => {
                shared.refused.refused(refusal(403), remote, Some(&user));
                return respond(Err(RestError::new(ErrorCode::Http(403))));
            }
        }
    }
    let limit = shared.config.max_body_bytes;
    if declared_too_large(&parts.headers, limit) {
        return with_close(respond(Err(body_error(BodyError::TooLarge))));
    }
    let path = parts.uri.path();
    let query = parts.uri.query().unwrap_or("");
    let mut scratch = vec![0u8; path.len() + query.len()];
    let method = HttpMethod::from_name(parts.method.as_str());
    let op = match route(method, path, query, &mut scratch) {
        Ok(op) => op,
        Err(e) => return respond(Err(route_error(e))),
    };
    // The body first, under its own deadline and rate: a slow client holds
    // its connection, never one of the request permits.
    let mut held = if op.takes_body() {
        let declared = declared_length(&parts.headers);
        let rules = BodyRules::of(&shared.config);
        match read_limited(body, declared, rules, Some(&shared.body_budget)).await {
            Ok(held) => Some(held),
            Err(e) => return with_close(respond(Err(body_error(e)))),
        }
    } else {
        None
    };
    let mut no_body = Vec::new();
    let buf = match held.as_mut() {
        Some(h) => &mut h.bytes,
        None => &mut no_body,
    };
    let Ok(_permit) = shared.permits.acquire().await else {
        return respond(Err(RestError::new(ErrorCode::Unavailable)));
    };
    let cx = RestContext { user, remote };
    let work = serve(&shared, &parts.headers, op, buf, &cx);
    match tokio::time::timeout(shared.config.request_timeout, work).await {
        Ok(reply) => respond(reply),
        Err(_) => with_close(respond(Err(RestError::new(ErrorCode::Http(408))))),
    }
}

/// Serves a routed request whose body (if any) is in `buf`.
async fn serve<H: ConductorHandler>(
    shared: &Shared<H>,
    headers: &HeaderMap,
    op: Operation<'_>,
    buf: &mut [u8],
    cx: &RestContext,
) -> RestResult {
    let h = &shared.handler;
    let result = match op {
        Operation::ServiceCost { alias } => h.service_cost(cx, alias).await,
        Operation::ServiceInfo => h.service_info(cx).await,
        Operation::ServiceRecord { id } => h.service_record(cx, id).await,
        Operation::Qualities => h.qualities(cx).await,
        Operation::QualityGroup { group } => h.quality_group(cx, group).await,
        Operation::ListConfBundles => h.list_confbundles(cx).await,
        Operation::DeleteAllConfBundles => h.delete_all_confbundles(cx).await,
        Operation::GetConfBundle { id } => h.get_confbundle(cx, id).await,
        Operation::PutConfBundle { id } => {
            let mut issues = Issues::new();
            match decode_in_place::<ConfBundle<'_>>(buf, &mut issues) {
                Err(syntax) => Err(RestError::from_body(&ErrorBody::syntax(syntax))),
                Ok(_) if !issues.is_empty() => Err(RestError::from_body(&ErrorBody::validation(
                    ErrorCode::Validation,
                    issues.as_slice(),
                ))),
                Ok(Some(bundle)) => h.put_confbundle(cx, id, bundle).await,
                Ok(None) => Err(RestError::new(ErrorCode::Validation)),
            }
        }
        Operation::DeleteConfBundle { id } => h.delete_confbundle(cx, id).await,
        Operation::GetSipDomain => h.get_sip_domain(cx).await,
        Operation::PutSipDomain => {
            let mut check = buf.to_vec();
            let verdict = baton_validate::check::check_sipdomain_put(&mut check);
            match verdict.error_body() {
                Some(body) => Err(RestError::from_body(&body)),
                None => match baton_rest::from_slice_in_place(buf) {
                    Ok(spec) => h.put_sip_domain(cx, spec).await,
                    Err(e) => Err(RestError::from_body(&e.error_body())),
                },
            }
        }
        Operation::PutOwners => {
            let mut check = buf.to_vec();
            let verdict = baton_validate::check::check_owners_put(&mut check);
            match verdict.error_body() {
                Some(body) => Err(RestError::from_body(&body)),
                None => match baton_rest::from_slice_in_place(buf) {
                    Ok(owners) => h.put_owners(cx, owners).await,
                    Err(e) => Err(RestError::from_body(&e.error_body())),
                },
            }
        }
        Operation::DeleteOwners => h.delete_owners(cx, None).await,
        Operation::DeleteOwnersOutsideGeneration { generation } => {
            h.delete_owners(cx, Some(generation)).await
        }
        Operation::MultiPartyLicense => h.multiparty_license(cx).await,
        Operation::ExternalRead {
            basepath,
            filter,
            query,
        } => {
            let format = result_format(query.format, headers);
            h.external_read(cx, basepath, filter, query, format).await
        }
        Operation::Status => h.status(cx).await,
        Operation::SystemUnit => h.system_unit(cx).await,
    };
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_query_parameter_wins_then_accept_then_json() {
        let mut h = HeaderMap::new();
        assert_eq!(result_format(None, &h), ResultFormat::Json);
        h.insert(header::ACCEPT, HeaderValue::from_static("application/xml"));
        assert_eq!(result_format(None, &h), ResultFormat::Xml);
        assert_eq!(
            result_format(Some(ResultFormat::Json), &h),
            ResultFormat::Json
        );
        h.insert(
            header::ACCEPT,
            HeaderValue::from_static("text/html, application/json;q=0.9"),
        );
        assert_eq!(result_format(None, &h), ResultFormat::Json);
        h.insert(
            header::ACCEPT,
            HeaderValue::from_static("application/xml;q=0.5, application/json"),
        );
        assert_eq!(result_format(None, &h), ResultFormat::Json);
    }

    #[test]
    fn method_not_allowed_lists_allowed_methods() {
        let e = route_error(RouteError::MethodNotAllowed {
            allowed: &[HttpMethod::Get, HttpMethod::Put],
        });
        assert_eq!(e.status(), 405);
        assert_eq!(e.allow.as_deref(), Some("GET, PUT"));
        let body: serde_json::Value = serde_json::from_slice(e.body()).unwrap();
        assert_eq!(body["error_code"], "100:405");
        assert_eq!(
            body["message"],
            "The method is not allowed for the requested URL."
        );
    }
}
