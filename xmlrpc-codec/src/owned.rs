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

/// Decodes any document into an owned tree.
pub fn decode(input: &[u8]) -> Result<Document, Error> {
    decode_with(input, DecodeOptions::default())
}

/// [`decode`] with limits.
pub fn decode_with(input: &[u8], opts: DecodeOptions) -> Result<Document, Error> {
    view::parse_with(input, opts).map(|d| Document::from_view(&d))
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
