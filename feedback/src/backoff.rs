//! Retry timing: exponential backoff with a cap and seeded jitter.

use crate::time::Duration;

/// A small xorshift64* generator: deterministic from the caller's seed, no
/// RNG crate, no OS entropy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Jitter {
    state: u64,
}

impl Jitter {
    /// A generator seeded with `seed` (0 is replaced by a fixed odd
    /// constant, since xorshift cannot leave the all-zero state).
    pub const fn new(seed: u64) -> Self {
        Jitter {
            state: if seed == 0 {
                0x9E37_79B9_7F4A_7C15
            } else {
                seed
            },
        }
    }

    /// The next pseudo-random 64-bit value.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.state;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.state = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A value in `0..=max`.
    pub fn below_or_eq(&mut self, max: u64) -> u64 {
        match max.checked_add(1) {
            Some(span) => self.next_u64() % span,
            None => self.next_u64(),
        }
    }
}

/// Backoff settings.
///
/// ```
/// use baton_feedback::{Backoff, Jitter};
///
/// let b = Backoff::default(); // 500 ms doubling to 60 s, up to 20 % off
/// assert_eq!([1, 2, 3, 8, 30].map(|a| b.ceiling(a)), [500, 1_000, 2_000, 60_000, 60_000]);
/// let mut jitter = Jitter::new(42); // seeded: the same delays on every run
/// let d = b.delay(3, &mut jitter);
/// assert!((1_600..=2_000).contains(&d), "{d}");
/// let no_jitter = Backoff { jitter_percent: 0, ..b };
/// assert_eq!(no_jitter.delay(2, &mut jitter), 1_000);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Backoff {
    /// Delay before the first retry.
    pub base: Duration,
    /// The delay never exceeds this.
    pub cap: Duration,
    /// Up to this percentage (0..=100) of each delay is taken off at
    /// random, so receivers that failed together do not retry together.
    pub jitter_percent: u8,
}

impl Default for Backoff {
    /// 500 ms doubling to at most 60 s, 20 % jitter.
    fn default() -> Self {
        Backoff {
            base: Duration::from_millis(500),
            cap: Duration::from_millis(60_000),
            jitter_percent: 20,
        }
    }
}

impl Backoff {
    /// The capped delay before retry number `attempt` (1 is the first
    /// retry) without jitter: `min(cap, base * 2^(attempt-1))`.
    pub fn ceiling(&self, attempt: u32) -> u64 {
        let doublings = attempt.saturating_sub(1).min(63);
        self.base
            .as_millis()
            .saturating_mul(1u64 << doublings)
            .min(self.cap.as_millis())
    }

    /// The delay before retry number `attempt`, jitter applied: in
    /// `ceiling - ceiling * jitter% ..= ceiling`.
    pub fn delay(&self, attempt: u32, jitter: &mut Jitter) -> u64 {
        let ceiling = self.ceiling(attempt);
        let percent = u64::from(self.jitter_percent.min(100));
        let spread =
            (ceiling / 100).saturating_mul(percent) + (ceiling % 100).saturating_mul(percent) / 100;
        ceiling - jitter.below_or_eq(spread)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let b = Backoff {
            base: Duration::from_millis(100),
            cap: Duration::from_millis(1000),
            jitter_percent: 0,
        };
        let mut j = Jitter::new(1);
        let delays: [u64; 6] = core::array::from_fn(|i| b.delay(i as u32 + 1, &mut j));
        assert_eq!(delays, [100, 200, 400, 800, 1000, 1000]);
        assert_eq!(b.ceiling(u32::MAX), 1000);
    }

    #[test]
    fn backoff_jitter_stays_within_its_percentage_and_varies() {
        let b = Backoff {
            base: Duration::from_millis(1000),
            cap: Duration::from_millis(1000),
            jitter_percent: 30,
        };
        let mut j = Jitter::new(42);
        let mut min = u64::MAX;
        let mut max = 0;
        for _ in 0..1000 {
            let d = b.delay(1, &mut j);
            assert!((700..=1000).contains(&d), "{d}");
            min = min.min(d);
            max = max.max(d);
        }
        assert!(max - min > 200, "jitter spreads the delays");
    }

    #[test]
    fn jitter_is_deterministic_from_the_seed() {
        let mut a = Jitter::new(7);
        let mut b = Jitter::new(7);
        let mut c = Jitter::new(8);
        let xs: [u64; 4] = core::array::from_fn(|_| a.next_u64());
        let ys: [u64; 4] = core::array::from_fn(|_| b.next_u64());
        let zs: [u64; 4] = core::array::from_fn(|_| c.next_u64());
        assert_eq!(xs, ys);
        assert_ne!(xs, zs);
        assert_ne!(Jitter::new(0).next_u64(), 0);
    }

    #[test]
    fn huge_settings_never_overflow() {
        let b = Backoff {
            base: Duration::from_millis(u64::MAX),
            cap: Duration::from_millis(u64::MAX),
            jitter_percent: 255,
        };
        let mut j = Jitter::new(3);
        let _ = b.delay(64, &mut j);
        assert_eq!(b.ceiling(1), u64::MAX);
    }
}
