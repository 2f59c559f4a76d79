//! [`Secret`]: a value kept out of `Debug` (and `defmt`) output, such as
//! `authenticationPassword`.
//!
//! Every params struct holds its password as a [`Password`], so printing a
//! params struct or a [`Request`](crate::Request) (`{:?}`, a log line)
//! shows `authentication_password: "***"`. The wire form is unchanged:
//! serde (de)serializes a `Secret<T>` exactly as `T` (a [`Password`]
//! borrows from the input like `&str`). `Secret` has no `Display`: reading
//! the value takes an explicit [`expose`](Secret::expose) /
//! [`as_str`](Secret::as_str).

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// What [`Secret`]'s `Debug` prints instead of the value.
pub const REDACTED: &str = "***";

/// A value whose `Debug` output is `"***"`. Serialized and deserialized as
/// the value itself; compared, hashed and cloned as the value.
///
/// ```
/// use baton_rpc::secret::{Password, Secret};
/// let p = Password::new("hunter2");
/// assert_eq!(format!("{p:?}"), "\"***\"");
/// assert_eq!(p.as_str(), "hunter2");
/// let owned: Secret<String> = Secret::new("hunter2".to_owned());
/// assert_eq!(format!("{owned:?}"), "\"***\"");
/// assert_eq!(owned.as_password(), p);
/// ```
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Secret<T>(T);

/// A borrowed password (`authenticationPassword`): a [`Secret`] `&str`.
pub type Password<'a> = Secret<&'a str>;

impl<T> Secret<T> {
    /// Wraps `value`.
    pub const fn new(value: T) -> Self {
        Secret(value)
    }

    /// The value (explicitly: do not log it).
    pub const fn expose(&self) -> &T {
        &self.0
    }

    /// The value, unwrapped.
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<'a> Secret<&'a str> {
    /// The borrowed text (explicitly: do not log it).
    pub const fn as_str(&self) -> &'a str {
        self.0
    }
}

impl<T: AsRef<str>> Secret<T> {
    /// The value borrowed as a [`Password`] (e.g. an owned `Secret<String>`
    /// put into a params struct).
    pub fn as_password(&self) -> Password<'_> {
        Secret(self.0.as_ref())
    }
}

impl<T> From<T> for Secret<T> {
    fn from(value: T) -> Self {
        Secret(value)
    }
}

impl<T: FromStr> FromStr for Secret<T> {
    type Err = T::Err;
    fn from_str(s: &str) -> Result<Self, T::Err> {
        T::from_str(s).map(Secret)
    }
}

/// Compares with a plain string (not in constant time: for tests and
/// lookups; check credentials with [`crate::auth::constant_time_eq`]).
impl PartialEq<&str> for Secret<&str> {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl<T> fmt::Debug for Secret<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(REDACTED, f)
    }
}

#[cfg(feature = "defmt")]
impl<T> defmt::Format for Secret<T> {
    fn format(&self, f: defmt::Formatter<'_>) {
        defmt::write!(f, "***")
    }
}

impl<T: Serialize> Serialize for Secret<T> {
    #[inline]
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(serializer)
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Secret<T> {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize(deserializer).map(Secret)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::format;

    #[test]
    fn debug_prints_stars_whatever_the_value() {
        assert_eq!(format!("{:?}", Password::new("pw")), "\"***\"");
        assert_eq!(format!("{:?}", Secret::new(42)), "\"***\"");
        assert_eq!(format!("{:#?}", Password::new("")), "\"***\"");
    }

    #[test]
    fn serde_is_the_value_itself_and_borrows() {
        let p = Password::new("a\"b");
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, r#""a\"b""#);
        let back: Password<'_> = serde_json::from_str(r#""plain""#).unwrap();
        assert_eq!(back.as_str(), "plain");
        let s: Secret<u32> = "7".parse().unwrap();
        assert_eq!(*s.expose(), 7);
    }
}
