//! The driver's metrics hooks (`metrics` feature): delivery outcomes and
//! queue depth per receiver slot. Without the feature they do nothing.

use baton_feedback::{Outcome, ReceiverId};

use super::DevicePublisher;

/// Slots whose queue depth was reported (bit `index - 1`), so that a slot
/// emptied or removed is reported once more, as 0.
#[derive(Debug, Default)]
pub(super) struct Depths {
    #[cfg_attr(not(feature = "metrics"), allow(dead_code))]
    reported: u32,
}

/// One delivery outcome of receiver `id`.
pub(super) fn outcome(id: ReceiverId, outcome: Outcome) {
    #[cfg(feature = "metrics")]
    crate::observe::metric::feedback_outcome(
        i32::from(id.index()),
        matches!(outcome, Outcome::Delivered),
    );
    #[cfg(not(feature = "metrics"))]
    let _ = (id, outcome);
}

/// The queue depth of every receiver slot in use (and 0 for the slots
/// reported before that are no longer).
pub(super) fn depths(publisher: &DevicePublisher, depths: &mut Depths) {
    #[cfg(feature = "metrics")]
    {
        let mut now = 0u32;
        for id in publisher.receivers() {
            let depth = publisher.stats(id).map_or(0, |s| s.in_queue);
            let bit = 1u32 << (id.index().saturating_sub(1) % 32);
            if depth > 0 || depths.reported & bit != 0 {
                crate::observe::metric::feedback_depth(i32::from(id.index()), depth);
            }
            if depth > 0 {
                now |= bit;
            }
        }
        // Slots removed while they had a queue.
        for slot in 0..32u32 {
            let bit = 1u32 << slot;
            let seen = publisher
                .receivers()
                .any(|id| u32::from(id.index()) == slot + 1);
            if depths.reported & bit != 0 && !seen {
                crate::observe::metric::feedback_depth(slot as i32 + 1, 0);
            }
        }
        depths.reported = now;
    }
    #[cfg(not(feature = "metrics"))]
    let _ = (publisher, depths);
}
