//! An owned value tree (feature `alloc`), for tools and tests: decode any document into it,
//! and serialize it back (each variant maps onto the serde data model as in
//! [`crate::magic`]).
//!
//! Structs keep their members in document order; a duplicated name keeps its first position
//! and its last value (like a CPython dict).

use alloc::string::String;
use alloc::vec::Vec;

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use crate::datetime::DateTime;
use crate::error::Error;
use crate::options::DecodeOptions;
use crate::text::Text;
use crate::view;

/// An owned XML-RPC value.
///
/// ```
/// use baton_xmlrpc::owned::{decode_from_slice, Document, Value};
///
/// let doc = decode_from_slice(b"<methodCall><methodName>m</methodName><params>\
///     <param><value><struct><member><name>n</name><value><i8>5</i8></value></member>\
///     </struct></value></param></params></methodCall>").unwrap();
/// let Document::Call { method, params } = doc else { panic!() };
/// assert_eq!(method, "m");
/// let expected = Value::Struct(vec![("n".to_owned(), Value::I8(5))]);
/// assert_eq!(params[0], expected);
/// // An encoder writes a small i8 as <int>: compare canonical forms after a round trip.
/// assert_eq!(params[0].canonical(), Value::Struct(vec![("n".to_owned(), Value::Int(5))]));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `int` / `i4`.
    Int(i32),
    /// `i8`.
    I8(i64),
    /// `boolean`.
    Boolean(bool),
    /// `string` (typed or untyped).
    String(String),
    /// `double`.
    Double(f64),
    /// `dateTime.iso8601`.
    DateTime(DateTime),
    /// `base64` (decoded).
    Base64(Vec<u8>),
    /// `nil`.
    Nil,
    /// `struct`: members in document order, unique names.
    Struct(Vec<(String, Value)>),
    /// `array`.
    Array(Vec<Value>),
}

/// An owned document.
#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    /// A `methodCall`.
    Call {
        /// `methodName`.
        method: String,
        /// The params.
        params: Vec<Value>,
    },
    /// A `methodResponse` with params.
    Response(Vec<Value>),
    /// A fault.
    Fault {
        /// `faultCode`.
        code: i32,
        /// `faultString`.
        string: String,
    },
}

fn text(t: &Text<'_>) -> String {
    let mut s = String::with_capacity(t.decoded_len());
    for c in t.chars() {
        s.push(c);
    }
    s
}

impl Value {
    /// Copies a borrowed [`view::Value`].
    pub fn from_view(v: &view::Value<'_>) -> Value {
        match v {
            view::Value::Int(i) => Value::Int(*i),
            view::Value::I8(i) => Value::I8(*i),
            view::Value::Boolean(b) => Value::Boolean(*b),
            view::Value::String(t) => Value::String(text(t)),
            view::Value::Double(d) => Value::Double(*d),
            view::Value::DateTime(dt) => Value::DateTime(*dt),
            view::Value::Base64(b) => Value::Base64(b.to_vec()),
            view::Value::Nil => Value::Nil,
            view::Value::Struct(s) => {
                let mut members: Vec<(String, Value)> = Vec::new();
                for (name, value) in s.iter() {
                    let name = text(&name);
                    let value = Value::from_view(&value);
                    match members.iter_mut().find(|(n, _)| *n == name) {
                        Some(slot) => slot.1 = value,
                        None => members.push((name, value)),
                    }
                }
                Value::Struct(members)
            }
            view::Value::Array(a) => Value::Array(a.iter().map(|v| Value::from_view(&v)).collect()),
        }
    }

    /// The same value with `i8` values that fit an `int` turned into `int` (what an encoder
    /// writes for them), recursively: compare canonical forms after a round trip.
    pub fn canonical(&self) -> Value {
        match self {
            Value::I8(i) => match i32::try_from(*i) {
                Ok(small) => Value::Int(small),
                Err(_) => Value::I8(*i),
            },
            Value::Struct(m) => {
                Value::Struct(m.iter().map(|(k, v)| (k.clone(), v.canonical())).collect())
            }
            Value::Array(a) => Value::Array(a.iter().map(Value::canonical).collect()),
            other => other.clone(),
        }
    }
}

impl Document {
    /// Copies a borrowed [`view::Document`].
    pub fn from_view(doc: &view::Document<'_>) -> Document {
        match doc {
            view::Document::Call { method, params } => Document::Call {
                method: text(method),
                params: params.iter().map(|v| Value::from_view(&v)).collect(),
            },
            view::Document::Response(params) => {
                Document::Response(params.iter().map(|v| Value::from_view(&v)).collect())
            }
            view::Document::Fault { code, string } => Document::Fault {
                code: *code,
                string: text(string),
            },
        }
    }
}

/// Decodes any document into an owned tree (the input is left as it was).
///
/// ```
/// use baton_xmlrpc::owned::{decode_from_slice, Document, Value};
/// let doc = decode_from_slice(b"<methodResponse><params><param><value><i4>7</i4></value>\
///     </param></params></methodResponse>").unwrap();
/// assert_eq!(doc, Document::Response(vec![Value::Int(7)]));
/// ```
pub fn decode_from_slice(input: &[u8]) -> Result<Document, Error> {
    decode_from_slice_with_options(input, DecodeOptions::default())
}

/// [`decode_from_slice`] with limits.
pub fn decode_from_slice_with_options(
    input: &[u8],
    opts: DecodeOptions,
) -> Result<Document, Error> {
    view::parse_from_slice_with_options(input, opts).map(|d| Document::from_view(&d))
}

/// The former name of [`decode_from_slice`].
#[deprecated(note = "use owned::decode_from_slice (decoders name their input)")]
pub fn decode(input: &[u8]) -> Result<Document, Error> {
    decode_from_slice(input)
}

/// The former name of [`decode_from_slice_with_options`].
#[deprecated(note = "use owned::decode_from_slice_with_options")]
pub fn decode_with(input: &[u8], opts: DecodeOptions) -> Result<Document, Error> {
    decode_from_slice_with_options(input, opts)
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Int(i) => s.serialize_i32(*i),
            Value::I8(i) => s.serialize_i64(*i),
            Value::Boolean(b) => s.serialize_bool(*b),
            Value::String(t) => s.serialize_str(t),
            Value::Double(d) => s.serialize_f64(*d),
            Value::DateTime(dt) => dt.serialize(s),
            Value::Base64(b) => s.serialize_bytes(b),
            Value::Nil => s.serialize_none(),
            Value::Struct(m) => {
                let mut map = s.serialize_map(Some(m.len()))?;
                for (k, v) in m {
                    map.serialize_entry(k, v)?;
                }
                map.end()
            }
            Value::Array(a) => {
                let mut seq = s.serialize_seq(Some(a.len()))?;
                for v in a {
                    seq.serialize_element(v)?;
                }
                seq.end()
            }
        }
    }
}

/// Typed decoding into a [`Value`] (through serde's `deserialize_any`). A
/// `dateTime.iso8601` arrives as its text, so it becomes a [`Value::String`] here; use
/// [`decode`] to keep the distinction.
impl<'de> serde::Deserialize<'de> for Value {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> serde::de::Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("an XML-RPC value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Boolean(v))
    }

    fn visit_i32<E>(self, v: i32) -> Result<Value, E> {
        Ok(Value::Int(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::I8(v))
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Value, E> {
        i64::try_from(v)
            .map(Value::I8)
            .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(v), &self))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Value::Double(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(String::from(v)))
    }

    fn visit_bytes<E>(self, v: &[u8]) -> Result<Value, E> {
        Ok(Value::Base64(Vec::from(v)))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Nil)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Nil)
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        while let Some(v) = seq.next_element()? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut members: Vec<(String, Value)> = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, Value>()? {
            match members.iter_mut().find(|(n, _)| *n == k) {
                Some(slot) => slot.1 = v,
                None => members.push((k, v)),
            }
        }
        Ok(Value::Struct(members))
    }
}
