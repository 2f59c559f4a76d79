//! The metrics recorded with the `metrics` feature, through the
//! [`metrics`] facade (a no-op until the application installs a
//! recorder, e.g. `metrics-exporter-prometheus`).
//!
//! | name | kind | labels |
//! |---|---|---|
//! | [`REQUESTS`] `baton_requests_total` | counter | `api` (`xmlrpc`, `rest`), `method`, `outcome` (`ok`, `refused`, `fault`, `error`), `code` (fault code or HTTP status) |
//! | [`REQUEST_SECONDS`] `baton_request_duration_seconds` | histogram | `api`, `method` |
//! | [`FEEDBACK_QUEUE_DEPTH`] `baton_feedback_queue_depth` | gauge | `receiver` (slot 1-20) |
//! | [`FEEDBACK_DELIVERIES`] `baton_feedback_deliveries_total` | counter | `receiver` |
//! | [`FEEDBACK_FAILURES`] `baton_feedback_delivery_failures_total` | counter | `receiver` |
//!
//! Label values come from fixed sets (the spec's method names and REST
//! operations, `unknown` / `other` otherwise; receiver slots, never their
//! URIs, which may hold credentials), so no request can add a series.
//!
//! ```
//! use baton_tokio::observe::metric;
//! assert_eq!(metric::REQUESTS, "baton_requests_total");
//! ```

use std::time::Duration;

use super::Outcome;

/// Requests answered, by `api`, `method`, `outcome` and `code`.
pub const REQUESTS: &str = "baton_requests_total";
/// Time from the request's headers to its answer, by `api` and `method`.
pub const REQUEST_SECONDS: &str = "baton_request_duration_seconds";
/// Events queued (including in flight) for a feedback receiver.
pub const FEEDBACK_QUEUE_DEPTH: &str = "baton_feedback_queue_depth";
/// Notifications a receiver acknowledged.
pub const FEEDBACK_DELIVERIES: &str = "baton_feedback_deliveries_total";
/// Notifications that failed (connection, timeout, HTTP error, fault or
/// garbled reply; each is retried).
pub const FEEDBACK_FAILURES: &str = "baton_feedback_delivery_failures_total";

pub(crate) fn request(
    api: &'static str,
    method: &'static str,
    outcome: Outcome,
    code: i64,
    latency: Duration,
) {
    metrics::counter!(
        REQUESTS,
        "api" => api,
        "method" => method,
        "outcome" => outcome.as_str(),
        "code" => code.to_string(),
    )
    .increment(1);
    metrics::histogram!(REQUEST_SECONDS, "api" => api, "method" => method)
        .record(latency.as_secs_f64());
}

/// Slot labels: `"1"` to `"20"` without an allocation per record.
fn slot(index: i32) -> &'static str {
    const SLOTS: [&str; 21] = [
        "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16",
        "17", "18", "19", "20",
    ];
    usize::try_from(index)
        .ok()
        .and_then(|i| SLOTS.get(i))
        .copied()
        .unwrap_or("other")
}

pub(crate) fn feedback_outcome(index: i32, delivered: bool) {
    let name = if delivered {
        FEEDBACK_DELIVERIES
    } else {
        FEEDBACK_FAILURES
    };
    metrics::counter!(name, "receiver" => slot(index)).increment(1);
}

pub(crate) fn feedback_depth(index: i32, depth: usize) {
    metrics::gauge!(FEEDBACK_QUEUE_DEPTH, "receiver" => slot(index)).set(depth as f64);
}
