//! `seqn` arithmetic shared by both ends: numbers live in
//! `0..=i32::MAX` (always an XML-RPC `<int>`) and wrap to 0.

/// `seqn` values are masked to 31 bits.
pub const SEQN_MASK: u32 = 0x7FFF_FFFF;

/// How far `seqn` is ahead of `last`, modulo 2^31 (serial-number
/// arithmetic, as RFC 1982): `Some(d)` with `d` in `1..2^30` when `seqn`
/// is ahead (1 is the very next), `None` when it is the same or behind
/// (or more than 2^30 ahead, which is read as behind).
///
/// ```
/// use baton_feedback::{seqn_delta, SEQN_MASK};
/// assert_eq!(seqn_delta(4, 5), Some(1)); // the next one
/// assert_eq!(seqn_delta(4, 7), Some(3)); // two missed
/// assert_eq!(seqn_delta(4, 4), None); // the same
/// assert_eq!(seqn_delta(4, 3), None); // behind
/// assert_eq!(seqn_delta(SEQN_MASK, 0), Some(1)); // wraps to 0
/// ```
pub const fn seqn_delta(last: u32, seqn: u32) -> Option<u32> {
    let d = seqn.wrapping_sub(last) & SEQN_MASK;
    if d == 0 || d >= 1 << 30 {
        None
    } else {
        Some(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seqn_delta_is_serial_arithmetic() {
        assert_eq!(seqn_delta(0, 1), Some(1));
        assert_eq!(seqn_delta(5, 9), Some(4));
        assert_eq!(seqn_delta(5, 5), None);
        assert_eq!(seqn_delta(5, 4), None);
        assert_eq!(seqn_delta(57, 0), None);
        assert_eq!(seqn_delta(SEQN_MASK, 0), Some(1));
        assert_eq!(seqn_delta(SEQN_MASK - 1, 2), Some(4));
    }
}
