//! Reading a request body under a size limit, a deadline and a minimum
//! rate, before the request takes one of the scarce request permits.

use std::time::Duration;

use axum::body::Body;
use http::HeaderMap;
use http_body_util::{BodyExt, Limited};
use tokio::sync::{Semaphore, SemaphorePermit};
use tokio::time::Instant;

use super::ServerConfig;

/// Why a body was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BodyError {
    /// Over the limit (declared or actual): 413.
    TooLarge,
    /// Not received in time, or slower than the minimum rate: 408.
    Timeout,
    /// No room in the server's body budget in time (too many bodies held
    /// at once): 503.
    Busy,
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

/// The body rules of a [`ServerConfig`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct BodyRules {
    /// Most bytes accepted.
    pub(crate) limit: usize,
    /// Time for the whole body.
    pub(crate) timeout: Duration,
    /// Bytes per second the body must keep up after the grace (0: no rate
    /// rule).
    pub(crate) min_rate: u32,
    /// Time before the rate rule starts counting.
    pub(crate) grace: Duration,
}

impl BodyRules {
    pub(crate) fn of(config: &ServerConfig) -> Self {
        BodyRules {
            limit: config.max_body_bytes,
            timeout: config.body_read_timeout,
            min_rate: config.body_min_rate,
            grace: config.body_rate_grace,
        }
    }

    /// When the next bytes must have arrived, `received` bytes into a body
    /// started at `start`: the grace plus one second per `min_rate` bytes
    /// received (Apache `mod_reqtimeout`'s `body=...,MinRate=...` rule),
    /// never past the whole-body timeout.
    pub(crate) fn deadline(&self, start: Instant, received: usize) -> Instant {
        let hard = start + self.timeout;
        if self.min_rate == 0 {
            return hard;
        }
        let earned_ms = (received as u64).saturating_mul(1000) / u64::from(self.min_rate);
        let by_rate = self.grace.saturating_add(Duration::from_millis(earned_ms));
        (start + by_rate.min(self.timeout)).min(hard)
    }
}

/// Bytes reserved up front for a body (more grows as it arrives): a
/// declared length alone does not make the server allocate.
const INITIAL_CAPACITY: usize = 16 * 1024;

/// A body read, with its share of the server's body budget (released
/// when this is dropped, after the request is served).
pub(crate) struct Held<'a> {
    pub(crate) bytes: Vec<u8>,
    _room: Option<SemaphorePermit<'a>>,
}

/// Reads the whole body under `rules`. Never reads more than the limit
/// plus one frame; drops a body that stops arriving or arrives slower
/// than the minimum rate. With a `budget` (one permit per byte), every
/// byte held takes a permit first: waiting for room pauses the rate rule,
/// and a body that gets no room within the whole-body timeout is
/// [`BodyError::Busy`].
pub(crate) async fn read_limited<'a>(
    body: Body,
    declared: Option<u64>,
    rules: BodyRules,
    budget: Option<&'a Semaphore>,
) -> Result<Held<'a>, BodyError> {
    let mut start = Instant::now();
    let mut body = Limited::new(body, rules.limit);
    let capacity = declared
        .and_then(|n| usize::try_from(n).ok())
        .unwrap_or(0)
        .min(rules.limit)
        .min(INITIAL_CAPACITY);
    let mut out = Vec::with_capacity(capacity);
    let mut room: Option<SemaphorePermit<'a>> = None;
    loop {
        let due = rules.deadline(start, out.len());
        let data = match tokio::time::timeout_at(due, body.frame()).await {
            Err(_) => return Err(BodyError::Timeout),
            Ok(None) => {
                return Ok(Held {
                    bytes: out,
                    _room: room,
                })
            }
            Ok(Some(Ok(frame))) => match frame.into_data() {
                Ok(data) => data,
                Err(_) => continue, // trailers
            },
            Ok(Some(Err(e))) => {
                return Err(
                    if e.downcast_ref::<http_body_util::LengthLimitError>()
                        .is_some()
                    {
                        BodyError::TooLarge
                    } else {
                        BodyError::Broken
                    },
                )
            }
        };
        if let Some(budget) = budget {
            let n = u32::try_from(data.len()).map_err(|_| BodyError::TooLarge)?;
            let waiting = Instant::now();
            let hard = start + rules.timeout;
            match tokio::time::timeout_at(hard, budget.acquire_many(n)).await {
                Ok(Ok(p)) => match room.as_mut() {
                    Some(r) => r.merge(p),
                    None => room = Some(p),
                },
                Ok(Err(_)) | Err(_) => return Err(BodyError::Busy),
            }
            // The time spent waiting for room is the server's, not the
            // client's: it does not count against the rate.
            start += waiting.elapsed();
        }
        out.extend_from_slice(&data);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(min_rate: u32) -> BodyRules {
        BodyRules {
            limit: 1 << 20,
            timeout: Duration::from_secs(30),
            min_rate,
            grace: Duration::from_secs(5),
        }
    }

    #[test]
    fn body_deadline_is_the_grace_plus_one_second_per_min_rate_bytes() {
        let start = Instant::now();
        let r = rules(500);
        assert_eq!(r.deadline(start, 0), start + Duration::from_secs(5));
        assert_eq!(r.deadline(start, 500), start + Duration::from_secs(6));
        assert_eq!(r.deadline(start, 250), start + Duration::from_millis(5_500));
        // Never past the whole-body timeout.
        assert_eq!(r.deadline(start, 1 << 20), start + Duration::from_secs(30));
        assert_eq!(
            r.deadline(start, usize::MAX),
            start + Duration::from_secs(30)
        );
    }

    #[test]
    fn body_min_rate_zero_leaves_only_the_timeout() {
        let start = Instant::now();
        assert_eq!(rules(0).deadline(start, 0), start + Duration::from_secs(30));
    }
}
