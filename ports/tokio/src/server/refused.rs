//! The refused-call log: one `warn` record per call refused for its
//! credentials (XML-RPC faults 15 / 14, REST 401 / 403) with the method,
//! the fault or status, the peer address and the user name (escaped, cut
//! to 64 bytes; never the password), rate-limited by a token bucket so an
//! attacker cannot flood the log: `burst` records at once, then one per
//! `interval`; the refusals not logged meanwhile are counted and reported
//! (`suppressed`) on the next record. Time is the runtime's
//! ([`tokio::time::Instant`]), the bucket is the server's own.

use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// Longest user name logged (longer ones are cut at a character boundary).
const USER_LOGGED: usize = 64;

/// A token bucket with a count of what it refused.
#[derive(Debug)]
pub(crate) struct Bucket {
    burst: u32,
    interval: Duration,
    tokens: u32,
    /// When the last token was earned (or the bucket was full).
    since: Instant,
    suppressed: u64,
}

impl Bucket {
    pub(crate) fn new(burst: u32, interval: Duration, now: Instant) -> Self {
        Bucket {
            burst,
            interval,
            tokens: burst,
            since: now,
            suppressed: 0,
        }
    }

    /// Adds the tokens earned since the last one (at most `burst`).
    fn refill(&mut self, now: Instant) {
        if self.interval.is_zero() {
            self.tokens = self.burst;
            return;
        }
        let earned =
            now.saturating_duration_since(self.since).as_nanos() / self.interval.as_nanos();
        if earned == 0 {
            return;
        }
        let earned = u32::try_from(earned).unwrap_or(u32::MAX);
        let tokens = self.tokens.saturating_add(earned);
        if tokens >= self.burst {
            // Full: time spent full earns nothing.
            self.tokens = self.burst;
            self.since = now;
        } else {
            self.tokens = tokens;
            self.since += self.interval * earned;
        }
    }

    /// Whether a record may be written at `now`: `Some(n)` with the number
    /// of records suppressed since the last one written, or `None` (this
    /// one is counted as suppressed).
    pub(crate) fn admit(&mut self, now: Instant) -> Option<u64> {
        self.refill(now);
        if self.tokens == 0 {
            self.suppressed = self.suppressed.saturating_add(1);
            return None;
        }
        self.tokens -= 1;
        Some(std::mem::take(&mut self.suppressed))
    }
}

/// What was refused, for the log.
pub(crate) enum Refusal<'a> {
    /// An XML-RPC call and its fault code.
    Rpc { method: &'a str, fault: i32 },
    /// A REST request and its HTTP status.
    Rest {
        method: &'a str,
        path: &'a str,
        status: u16,
    },
}

/// The server's refused-call log.
#[derive(Debug)]
pub(crate) struct RefusedLog {
    bucket: Mutex<Bucket>,
}

impl RefusedLog {
    pub(crate) fn new(burst: u32, interval: Duration) -> Self {
        RefusedLog {
            bucket: Mutex::new(Bucket::new(burst, interval, Instant::now())),
        }
    }

    /// Logs one refused call (if the bucket allows).
    pub(crate) fn refused(&self, what: Refusal<'_>, peer: Option<SocketAddr>, user: Option<&str>) {
        let admitted = self
            .bucket
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .admit(Instant::now());
        let Some(suppressed) = admitted else {
            return;
        };
        let peer = peer.map_or_else(|| "-".to_owned(), |p| p.to_string());
        let user = user.map_or("-", |u| cut(u, USER_LOGGED));
        match what {
            Refusal::Rpc { method, fault } => tracing::warn!(
                target: "baton::refused",
                method,
                fault,
                peer = %peer,
                user = ?user,
                suppressed,
                "XML-RPC call refused"
            ),
            Refusal::Rest {
                method,
                path,
                status,
            } => tracing::warn!(
                target: "baton::refused",
                method = ?format!("{method} {}", cut(path, 200)),
                status,
                peer = %peer,
                user = ?user,
                suppressed,
                "REST request refused"
            ),
        }
    }
}

/// `s` cut to at most `max` bytes at a character boundary.
fn cut(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    s.get(..end).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Duration = Duration::from_secs(1);

    #[test]
    fn refused_log_bucket_allows_a_burst_then_one_per_interval_and_counts_the_rest() {
        let t0 = Instant::now();
        let mut b = Bucket::new(3, S, t0);
        assert_eq!(b.admit(t0), Some(0));
        assert_eq!(b.admit(t0), Some(0));
        assert_eq!(b.admit(t0), Some(0));
        for _ in 0..97 {
            assert_eq!(b.admit(t0 + S / 2), None);
        }
        // One interval later: one record, reporting the 97 suppressed.
        assert_eq!(b.admit(t0 + S), Some(97));
        assert_eq!(b.admit(t0 + S), None);
        assert_eq!(b.admit(t0 + 2 * S), Some(1));
        // A long quiet spell refills the burst, no more.
        let later = t0 + 100 * S;
        assert_eq!(b.admit(later), Some(0));
        assert_eq!(b.admit(later), Some(0));
        assert_eq!(b.admit(later), Some(0));
        assert_eq!(b.admit(later), None);
    }

    #[test]
    fn refused_log_never_cuts_inside_a_character() {
        assert_eq!(cut("ab\u{e9}", 3), "ab");
        assert_eq!(cut("abc", 64), "abc");
    }
}
