//! Reading a request body under a size limit and a deadline.

use std::time::Duration;

use axum::body::Body;
use bytes::Bytes;
use http::HeaderMap;
use http_body_util::{BodyExt, Limited};

/// Why a body was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyError {
    /// Over the limit (declared or actual): 413.
    TooLarge,
    /// Not received in time: 408.
    Timeout,
    /// The connection failed or the framing was invalid: 400.
    Broken,
}

/// The declared `Content-Length`, if present and valid.
pub(crate) fn declared_length(headers: &HeaderMap) -> Option<u64> {
    headers
        .get(http::header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// Whether the declared length is already over `limit` (checked before
/// reading any of the body).
pub(crate) fn declared_too_large(headers: &HeaderMap, limit: usize) -> bool {
    declared_length(headers).is_some_and(|n| n > limit as u64)
}

/// Reads the whole body, at most `limit` bytes, within `timeout`. Never
/// reads more than `limit` bytes plus one frame.
pub(crate) async fn read_limited(
    body: Body,
    limit: usize,
    timeout: Duration,
) -> Result<Bytes, BodyError> {
    let limited = Limited::new(body, limit);
    match tokio::time::timeout(timeout, limited.collect()).await {
        Err(_) => Err(BodyError::Timeout),
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(e)) => {
            if e.downcast_ref::<http_body_util::LengthLimitError>()
                .is_some()
            {
                Err(BodyError::TooLarge)
            } else {
                Err(BodyError::Broken)
            }
        }
    }
}
