//! A 32-bit hardware counter extended to 64 bits (the mps2 board's time
//! driver runs on the CMSDK dual timer, which wraps every 171.8 s at
//! 25 MHz): read it at least once per wrap period and the sum never goes
//! backwards.

/// Counts elapsed on a 32-bit counter, and the wraps seen.
#[derive(Clone, Copy, Debug, Default)]
pub struct Extended32 {
    last: u32,
    high: u64,
}

impl Extended32 {
    /// Nothing elapsed yet.
    pub const fn new() -> Self {
        Extended32 { last: 0, high: 0 }
    }

    /// Takes a new reading of the counter's elapsed count (counting up,
    /// wrapping at 2^32) and returns the 64-bit total. A reading below the
    /// previous one is a wrap.
    ///
    /// ```
    /// use baton_firmware::clock::Extended32;
    /// let mut c = Extended32::new();
    /// assert_eq!(c.update(u32::MAX - 1), u64::from(u32::MAX - 1));
    /// assert_eq!(c.update(5), (1 << 32) + 5);
    /// ```
    pub fn update(&mut self, elapsed: u32) -> u64 {
        if elapsed < self.last {
            self.high += 1 << 32;
        }
        self.last = elapsed;
        self.high + u64::from(elapsed)
    }
}

#[cfg(test)]
mod tests {
    use super::Extended32;

    #[test]
    fn the_total_is_monotonic_across_several_wraps_read_often_enough() {
        let mut c = Extended32::new();
        let mut prev = 0;
        // Readings 1.5e9 counts apart (more than twice per wrap period).
        let mut raw: u32 = 0;
        for _ in 0..20 {
            raw = raw.wrapping_add(1_500_000_000);
            let t = c.update(raw);
            assert!(t > prev, "{t} after {prev}");
            assert_eq!(t - prev, 1_500_000_000);
            prev = t;
        }
        assert_eq!(prev, 30_000_000_000);
    }

    #[test]
    fn equal_readings_are_not_a_wrap() {
        let mut c = Extended32::new();
        assert_eq!(c.update(7), 7);
        assert_eq!(c.update(7), 7);
    }
}
