//! The external REST API's JSON result envelope:
//! `[{"peer": <IP>, "num_recs": 123, "records": [<Record>, ...]}, ...]`.

use crate::decode::List;
use crate::json::RawArray;

/// How many peer descriptors an [`ExternalResult`] keeps.
pub const PEERS_CAPACITY: usize = 8;

rest_object! {
    /// One peer's part of an external API result.
    pub struct PeerResult<'a> {
        /// The peer's IP address.
        peer: &'a str = "peer",
        /// Records matching on this peer (`-1`: could not be computed).
        num_recs: i64 = "num_recs",
        /// The records (JSON objects), kept as raw text; may be fewer than
        /// `num_recs` when paginated.
        records: RawArray<'a> = "records",
    }
}

/// The result of an external API GET: one [`PeerResult`] per cluster peer.
pub type ExternalResult<'a> = List<PeerResult<'a>, PEERS_CAPACITY>;

/// The total records across peers (sum of `num_recs`), or `None` when a
/// peer could not compute its count (`-1`) or a count is missing.
pub fn total_records(result: &ExternalResult<'_>) -> Option<i64> {
    result.iter().try_fold(0i64, |acc, p| match p.num_recs {
        Some(n) if n >= 0 => acc.checked_add(n),
        _ => None,
    })
}
