//! Value shapes shared by many params and replies: booleans spelled as
//! strings, lenient booleans for replies, the opaque `enumerateID`, and the
//! `status` / `info` reply.
//!
//! Params' Boolean members are plain `Option<bool>`: decoding is strict
//! (`<boolean>` only; an `<int>` is fault 103 `malformed parameter`).

use core::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// `status` on success: `operation successful`.
pub const STATUS_SUCCESS: &str = "operation successful";
/// `status` on failure: `error`.
pub const STATUS_ERROR: &str = "error";

/// Which spellings a boolean accepts besides `<boolean>`.
#[derive(Clone, Copy)]
struct BoolVisitor {
    /// Also accept the strings `true` / `false` / `1` / `0`.
    strings: bool,
    /// Also accept the integers 0 and 1 (other integers: an invalid value).
    ints: bool,
}

impl<'de> Visitor<'de> for BoolVisitor {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match (self.ints, self.strings) {
            (true, false) => "a boolean or the integer 0 or 1",
            (false, true) => "a boolean or the string true, false, 1 or 0",
            _ => "a boolean, the integer 0 or 1 or the string true, false, 1 or 0",
        })
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<bool, E> {
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<bool, E> {
        if !self.ints {
            return Err(E::invalid_type(de::Unexpected::Signed(v), &self));
        }
        match v {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(E::invalid_value(de::Unexpected::Signed(v), &self)),
        }
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<bool, E> {
        if !self.ints {
            return Err(E::invalid_type(de::Unexpected::Unsigned(v), &self));
        }
        match v {
            0 => Ok(false),
            1 => Ok(true),
            _ => Err(E::invalid_value(de::Unexpected::Unsigned(v), &self)),
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<bool, E> {
        if !self.strings {
            return Err(E::invalid_type(de::Unexpected::Str(v), &self));
        }
        match v {
            "true" | "1" => Ok(true),
            "false" | "0" => Ok(false),
            _ => Err(E::invalid_value(de::Unexpected::Str(v), &self)),
        }
    }
}

struct OptBoolVisitor(BoolVisitor);

impl<'de> Visitor<'de> for OptBoolVisitor {
    type Value = Option<bool>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    fn visit_none<E: de::Error>(self) -> Result<Option<bool>, E> {
        Ok(None)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Option<bool>, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<bool>, D::Error> {
        if self.0.ints || self.0.strings {
            d.deserialize_any(self.0).map(Some)
        } else {
            // Strict: the decoder's typed bool (`<boolean>` only, unless its options
            // allow conversions).
            d.deserialize_bool(self.0).map(Some)
        }
    }
}

/// Deserializes a boolean read liberally: `<boolean>` or `<int>` 0/1. Any
/// other integer is an invalid value, any other type a type error.
/// (Booleans are always emitted as `<boolean>`.) Used for the members of
/// *replies* (what a device answers, read by a client); params are strict
/// (plain `bool`: `<boolean>` only).
pub fn bool_or_int<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    d.deserialize_any(BoolVisitor {
        strings: false,
        ints: true,
    })
}

/// [`bool_or_int`] for an optional member (`<nil/>` is absent); use with
/// `#[serde(default, deserialize_with = "...")]`.
pub fn opt_bool_or_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    d.deserialize_option(OptBoolVisitor(BoolVisitor {
        strings: false,
        ints: true,
    }))
}

/// Like [`opt_bool_or_int`], also accepting the strings `true`, `false`,
/// `1` and `0`.
pub fn opt_bool_int_or_str<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    d.deserialize_option(OptBoolVisitor(BoolVisitor {
        strings: true,
        ints: true,
    }))
}

/// An optional Boolean parameter: `<boolean>` only (an `<int>` or any other
/// type is a type error, fault 103), `<nil/>` or absent is `None`; use with
/// `#[serde(default, deserialize_with = "...")]`. The XML-RPC decoder's
/// `lenient_types` option lets `<int>` 0/1 through.
pub fn opt_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    d.deserialize_option(OptBoolVisitor(BoolVisitor {
        strings: false,
        ints: false,
    }))
}

/// An optional boolean parameter the spec types as String although it is
/// a boolean (`participant.modify`'s `audioTxMuted`): `<boolean>` or the
/// strings `true`, `false`, `1`, `0` (another string: an invalid value,
/// fault 102); an `<int>` or any other type is a type error (fault 103).
pub fn opt_bool_or_str<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    d.deserialize_option(OptBoolVisitor(BoolVisitor {
        strings: true,
        ints: false,
    }))
}

/// For a parameter the server "ignores any values specified for"
/// (`participant.add` `participantType`): a known value is kept, any
/// other value (unknown string, other type, `<nil/>`) is `None` instead of
/// a fault. Use with `#[serde(default, deserialize_with = "...")]`.
pub fn opt_ignored<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(IgnoredOr::<T>::deserialize(d)?.0)
}

struct IgnoredOr<T>(Option<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for IgnoredOr<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(core::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> de::Visitor<'de> for V<T> {
            type Value = IgnoredOr<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                let known = T::deserialize(de::value::BorrowedStrDeserializer::<E>::new(v)).ok();
                Ok(IgnoredOr(known))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
                let known = T::deserialize(de::value::StrDeserializer::<E>::new(v)).ok();
                Ok(IgnoredOr(known))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
                Ok(IgnoredOr(None))
            }
            fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
                Ok(IgnoredOr(None))
            }
            fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
                Ok(IgnoredOr(None))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
                Ok(IgnoredOr(None))
            }
            fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Self::Value, E> {
                Ok(IgnoredOr(None))
            }
            fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(IgnoredOr(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                Ok(IgnoredOr(None))
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                IgnoredOr::deserialize(d)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
                while a.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(IgnoredOr(None))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut a: A) -> Result<Self::Value, A::Error> {
                while a.next_entry::<de::IgnoredAny, de::IgnoredAny>()?.is_some() {}
                Ok(IgnoredOr(None))
            }
        }
        d.deserialize_any(V(core::marker::PhantomData))
    }
}

/// An opaque scalar that is a string or an integer depending on the peer,
/// echoed back exactly as received (`enumerateID`, `connectTime`, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IntOrStr<'a> {
    /// Received as `<int>`/`<i4>`/`<i8>`.
    Int(i64),
    /// Received as a string (or another scalar given as text).
    Str(&'a str),
}

/// The opaque `enumerateID` of the enumerate calls (fault 16 when a
/// server does not recognise it).
pub type EnumerateId<'a> = IntOrStr<'a>;

impl Serialize for IntOrStr<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self {
            IntOrStr::Int(v) => serializer.serialize_i64(v),
            IntOrStr::Str(v) => serializer.serialize_str(v),
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for IntOrStr<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = IntOrStr<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an integer")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
                Ok(IntOrStr::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
                i64::try_from(v)
                    .map(IntOrStr::Int)
                    .map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(IntOrStr::Str(v))
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(
                self,
                d: D,
            ) -> Result<Self::Value, D::Error> {
                // e.g. a dateTime.iso8601 carried as a newtype: keep its text.
                d.deserialize_any(self)
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A `dateTime.iso8601` value kept as its text (e.g. `20240102T03:04:05`),
/// borrowed from the input.
///
/// Emitted as `<dateTime.iso8601>` through the codec's newtype convention
/// ([`baton_xmlrpc::magic::DATETIME_NEWTYPE`]); decoded from a dateTime or
/// a plain string.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Iso8601<'a>(pub &'a str);

impl Serialize for Iso8601<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_newtype_struct(baton_xmlrpc::magic::DATETIME_NEWTYPE, self.0)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Iso8601<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Iso8601<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a dateTime.iso8601 value")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Iso8601(v))
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(
                self,
                d: D,
            ) -> Result<Self::Value, D::Error> {
                d.deserialize_str(self)
            }
        }
        deserializer.deserialize_newtype_struct(baton_xmlrpc::magic::DATETIME_NEWTYPE, V)
    }
}

/// The reply of the calls that return `status` (and, on failure, `info`).
///
/// Both members are optional: the spec warns that replies may be empty
/// structs. Other members are ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusReply<'a> {
    /// `status`: [`STATUS_SUCCESS`] or [`STATUS_ERROR`].
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub status: Option<&'a str>,
    /// `info`: why the call failed (or what it did).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub info: Option<&'a str>,
}

impl StatusReply<'_> {
    /// `{status: "operation successful"}`.
    pub const fn success() -> Self {
        StatusReply {
            status: Some(STATUS_SUCCESS),
            info: None,
        }
    }

    /// Whether `status` is [`STATUS_SUCCESS`] (the spec's texts vary in
    /// surrounding spaces, which are ignored).
    pub fn is_success(&self) -> bool {
        self.status.map(str::trim) == Some(STATUS_SUCCESS)
    }
}

/// The reply to `eventNotification`: anything the receiver returns is
/// accepted (and ignored); emitted as `{status: "operation successful"}`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ack;

impl Serialize for Ack {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        StatusReply::success().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Ack {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        de::IgnoredAny::deserialize(deserializer).map(|_| Ack)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize, Debug)]
    struct B {
        #[serde(default, deserialize_with = "opt_bool_or_int")]
        b: Option<bool>,
        #[serde(default, deserialize_with = "opt_bool_int_or_str")]
        s: Option<bool>,
        #[serde(default, deserialize_with = "opt_bool_or_str")]
        t: Option<bool>,
    }

    #[test]
    fn booleans_accept_boolean_and_int_zero_one() {
        let b: B = serde_json::from_str(r#"{"b":true}"#).unwrap();
        assert_eq!(b.b, Some(true));
        let b: B = serde_json::from_str(r#"{"b":0}"#).unwrap();
        assert_eq!(b.b, Some(false));
        let b: B = serde_json::from_str(r#"{"b":1}"#).unwrap();
        assert_eq!(b.b, Some(true));
        let b: B = serde_json::from_str(r#"{}"#).unwrap();
        assert_eq!(b.b, None);
        assert!(serde_json::from_str::<B>(r#"{"b":2}"#).is_err());
        assert!(serde_json::from_str::<B>(r#"{"b":"true"}"#).is_err());
    }

    #[test]
    fn string_typed_booleans_also_accept_true_false_text() {
        let b: B = serde_json::from_str(r#"{"s":"true"}"#).unwrap();
        assert_eq!(b.s, Some(true));
        let b: B = serde_json::from_str(r#"{"s":"0"}"#).unwrap();
        assert_eq!(b.s, Some(false));
        assert!(serde_json::from_str::<B>(r#"{"s":"yes"}"#).is_err());
        let b: B = serde_json::from_str(r#"{"t":"true"}"#).unwrap();
        assert_eq!(b.t, Some(true));
        let b: B = serde_json::from_str(r#"{"t":false}"#).unwrap();
        assert_eq!(b.t, Some(false));
        assert!(serde_json::from_str::<B>(r#"{"t":1}"#).is_err());
    }

    #[test]
    fn enumerate_id_is_echoed_as_received() {
        let id: IntOrStr = serde_json::from_str("42").unwrap();
        assert_eq!(id, IntOrStr::Int(42));
        assert_eq!(serde_json::to_string(&id).unwrap(), "42");
        let id: IntOrStr = serde_json::from_str(r#""abc""#).unwrap();
        assert_eq!(id, IntOrStr::Str("abc"));
        assert_eq!(serde_json::to_string(&id).unwrap(), r#""abc""#);
        assert!(serde_json::from_str::<IntOrStr>("true").is_err());
    }
}
