//! Time as values: [`Instant`] and [`Duration`], milliseconds in a `u64` (as smoltcp's
//! `time.rs`). The state machines never read a clock: the caller passes `now`, taken from
//! its own clock — `std::time` through [`Instant::since`] (feature `std`), `embassy_time`
//! through `From` (feature `embassy-time`), or any millisecond counter through
//! [`Instant::from_millis`]. Both types are `#[repr(transparent)]` over `u64`: free at
//! run time.
//!
//! Arithmetic saturates (never wraps, never panics): a deadline far in the future is
//! [`Instant::MAX`], not a time in the past.
//!
//! ```
//! use baton_feedback::time::{Duration, Instant};
//!
//! let start = Instant::from_millis(1_000);
//! let deadline = start + Duration::from_secs(5);
//! assert_eq!(deadline.as_millis(), 6_000);
//! assert_eq!(deadline - start, Duration::from_millis(5_000));
//! assert_eq!(Instant::MAX + Duration::from_secs(1), Instant::MAX);
//! assert_eq!(Duration::from(core::time::Duration::from_micros(2_500)).as_millis(), 2);
//! ```

use core::ops::{Add, AddAssign, Sub};

/// A point in time: milliseconds since an origin of the caller's choice (boot, the
/// process start...), the same origin for every call into one state machine.
///
/// ```
/// use baton_feedback::{Duration, Instant};
///
/// let t0 = Instant::from_millis(1_000);
/// let t1 = t0 + Duration::from_secs(2);
/// assert_eq!(t1.as_millis(), 3_000);
/// assert_eq!(t1 - t0, Duration::from_millis(2_000));
/// assert_eq!(t0.saturating_duration_since(t1), Duration::ZERO); // never negative
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[repr(transparent)]
pub struct Instant(u64);

/// A length of time in milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[repr(transparent)]
pub struct Duration(u64);

impl Instant {
    /// The origin.
    pub const ZERO: Instant = Instant(0);
    /// The latest instant (what saturating arithmetic stops at).
    pub const MAX: Instant = Instant(u64::MAX);

    /// `ms` milliseconds after the origin.
    ///
    /// ```
    /// use baton_feedback::time::Instant;
    /// assert_eq!(Instant::from_millis(42).as_millis(), 42);
    /// ```
    pub const fn from_millis(ms: u64) -> Self {
        Instant(ms)
    }

    /// Milliseconds since the origin.
    pub const fn as_millis(self) -> u64 {
        self.0
    }

    /// The time from `earlier` to `self` (zero if `earlier` is later).
    pub const fn saturating_duration_since(self, earlier: Instant) -> Duration {
        Duration(self.0.saturating_sub(earlier.0))
    }

    /// `std::time::Instant::now()` as an instant counted from `origin` (feature `std`):
    /// the tokio port's clock.
    ///
    /// ```
    /// use baton_feedback::time::Instant;
    /// let origin = std::time::Instant::now();
    /// assert!(Instant::since(origin) < Instant::from_millis(60_000));
    /// ```
    #[cfg(feature = "std")]
    pub fn since(origin: std::time::Instant) -> Self {
        Instant::from_std(origin, std::time::Instant::now())
    }

    /// `at` as an instant counted from `origin` (feature `std`; zero before it).
    #[cfg(feature = "std")]
    pub fn from_std(origin: std::time::Instant, at: std::time::Instant) -> Self {
        let ms = at.saturating_duration_since(origin).as_millis();
        Instant(u64::try_from(ms).unwrap_or(u64::MAX))
    }
}

impl Duration {
    /// No time.
    pub const ZERO: Duration = Duration(0);
    /// The longest duration.
    pub const MAX: Duration = Duration(u64::MAX);

    /// `ms` milliseconds.
    pub const fn from_millis(ms: u64) -> Self {
        Duration(ms)
    }

    /// `s` seconds (saturating).
    pub const fn from_secs(s: u64) -> Self {
        Duration(s.saturating_mul(1000))
    }

    /// In milliseconds.
    pub const fn as_millis(self) -> u64 {
        self.0
    }
}

impl Add<Duration> for Instant {
    type Output = Instant;
    fn add(self, d: Duration) -> Instant {
        Instant(self.0.saturating_add(d.0))
    }
}

impl AddAssign<Duration> for Instant {
    fn add_assign(&mut self, d: Duration) {
        *self = *self + d;
    }
}

impl Sub<Instant> for Instant {
    type Output = Duration;
    /// Saturating: zero if `earlier` is later.
    fn sub(self, earlier: Instant) -> Duration {
        self.saturating_duration_since(earlier)
    }
}

impl Add for Duration {
    type Output = Duration;
    fn add(self, d: Duration) -> Duration {
        Duration(self.0.saturating_add(d.0))
    }
}

/// Whole milliseconds of a `core::time::Duration` (= `std::time::Duration`), saturating.
impl From<core::time::Duration> for Duration {
    fn from(d: core::time::Duration) -> Self {
        Duration(u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
    }
}

impl From<Duration> for core::time::Duration {
    fn from(d: Duration) -> Self {
        core::time::Duration::from_millis(d.0)
    }
}

/// `embassy_time::Instant` (since boot) in milliseconds (feature `embassy-time`).
#[cfg(feature = "embassy-time")]
impl From<embassy_time::Instant> for Instant {
    fn from(i: embassy_time::Instant) -> Self {
        Instant(i.as_millis())
    }
}

/// The instant as an `embassy_time::Instant` (feature `embassy-time`), to sleep until it.
#[cfg(feature = "embassy-time")]
impl From<Instant> for embassy_time::Instant {
    fn from(i: Instant) -> Self {
        embassy_time::Instant::from_millis(i.0)
    }
}

/// `embassy_time::Duration` in milliseconds (feature `embassy-time`).
#[cfg(feature = "embassy-time")]
impl From<embassy_time::Duration> for Duration {
    fn from(d: embassy_time::Duration) -> Self {
        Duration(d.as_millis())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arithmetic_saturates_instead_of_wrapping() {
        assert_eq!(Instant::MAX + Duration::from_millis(1), Instant::MAX);
        assert_eq!(Instant::ZERO - Instant::from_millis(5), Duration::ZERO);
        assert_eq!(Duration::from_secs(u64::MAX), Duration::MAX);
        let mut t = Instant::from_millis(10);
        t += Duration::from_millis(5);
        assert_eq!(t.as_millis(), 15);
    }

    #[test]
    fn core_durations_convert_to_whole_milliseconds() {
        assert_eq!(
            Duration::from(core::time::Duration::from_micros(1999)),
            Duration::from_millis(1)
        );
        assert_eq!(
            core::time::Duration::from(Duration::from_millis(1500)),
            core::time::Duration::from_millis(1500)
        );
        assert_eq!(Duration::from(core::time::Duration::MAX), Duration::MAX);
    }

    #[test]
    fn the_newtypes_cost_nothing() {
        assert_eq!(core::mem::size_of::<Instant>(), 8);
        assert_eq!(core::mem::size_of::<Option<Instant>>(), 16);
        assert_eq!(core::mem::size_of::<Duration>(), 8);
    }
}
