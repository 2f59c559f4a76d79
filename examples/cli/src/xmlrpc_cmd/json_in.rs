//! The CLI's JSON form of an XML-RPC document, read back for `baton xmlrpc encode`:
//! checked whole (with the JSON path of the first problem) before anything is written.

use std::fmt::Write as _;

use baton_xmlrpc::magic::I8_NEWTYPE;
use baton_xmlrpc::DateTime;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value as Json};

/// A document to encode.
pub(crate) enum Doc<'a> {
    /// `{"methodName": ..., "params": [...]}`.
    Call {
        method: &'a str,
        params: Vec<Value<'a>>,
    },
    /// `{"params": [V]}`.
    Response(Value<'a>),
    /// `{"fault": {"faultCode": n, "faultString": "..."}}`.
    Fault { code: i32, string: &'a str },
}

/// One XML-RPC value, typed as its JSON tag says.
pub(crate) enum Value<'a> {
    Int(i32),
    I8(i64),
    Boolean(bool),
    String(&'a str),
    Double(f64),
    DateTime(DateTime),
    Base64(Vec<u8>),
    Nil,
    Struct(Vec<(&'a str, Value<'a>)>),
    Array(Vec<Value<'a>>),
}

/// The value tags, in the order the help text lists them.
const TAGS: &str = "int, i8, boolean, string, double, dateTime.iso8601, base64, nil, struct, array";

/// Reads a whole document.
pub(crate) fn doc(json: &Json) -> Result<Doc<'_>, String> {
    let obj = json
        .as_object()
        .ok_or("the document must be a JSON object with \"methodName\"/\"params\" or \"fault\"")?;
    if let Some(fault) = obj.get("fault") {
        only_keys(obj, &["fault"], "")?;
        return read_fault(fault);
    }
    let params = match obj.get("params") {
        None => &[][..],
        Some(Json::Array(a)) => a.as_slice(),
        Some(_) => return Err("params: must be an array of values".into()),
    };
    let values = params
        .iter()
        .enumerate()
        .map(|(i, v)| value(v, &format!("params[{i}]")))
        .collect::<Result<Vec<_>, _>>()?;
    match obj.get("methodName") {
        Some(m) => {
            only_keys(obj, &["methodName", "params"], "")?;
            let method = m.as_str().ok_or("methodName: must be a string")?;
            check_text(method, "methodName")?;
            Ok(Doc::Call {
                method,
                params: values,
            })
        }
        None => {
            if obj.get("params").is_none() {
                return Err(
                    "the document needs \"methodName\" (a call), \"params\" (a response) or \"fault\""
                        .into(),
                );
            }
            only_keys(obj, &["params"], "")?;
            let n = values.len();
            let mut values = values.into_iter();
            match (values.next(), n) {
                (Some(v), 1) => Ok(Doc::Response(v)),
                _ => Err(format!(
                    "params: a response carries exactly one param (got {n}); add \"methodName\" for a call"
                )),
            }
        }
    }
}

fn only_keys(obj: &Map<String, Json>, allowed: &[&str], path: &str) -> Result<(), String> {
    match obj.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(format!(
            "{}unexpected key {k:?} (allowed: {})",
            if path.is_empty() {
                String::new()
            } else {
                format!("{path}: ")
            },
            allowed.join(", ")
        )),
        None => Ok(()),
    }
}

fn read_fault(fault: &Json) -> Result<Doc<'_>, String> {
    let obj = fault
        .as_object()
        .ok_or("fault: must be {\"faultCode\": n, \"faultString\": \"...\"}")?;
    only_keys(obj, &["faultCode", "faultString"], "fault")?;
    let code = obj
        .get("faultCode")
        .and_then(Json::as_i64)
        .and_then(|c| i32::try_from(c).ok())
        .ok_or("fault.faultCode: must be an integer in i32")?;
    let string = obj
        .get("faultString")
        .and_then(Json::as_str)
        .ok_or("fault.faultString: must be a string")?;
    check_text(string, "fault.faultString")?;
    Ok(Doc::Fault { code, string })
}

/// Characters XML 1.0 cannot carry (the encoder refuses them too; this names the path).
fn check_text(s: &str, path: &str) -> Result<(), String> {
    match s.chars().find(|&c| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{FFFE}' || c == '\u{FFFF}'
    }) {
        Some(c) => Err(format!(
            "{path}: character U+{:04X} cannot be written in XML",
            u32::from(c)
        )),
        None => Ok(()),
    }
}

/// Reads `{"<tag>": payload}`.
pub(crate) fn value<'a>(json: &'a Json, path: &str) -> Result<Value<'a>, String> {
    let obj = match json.as_object() {
        Some(o) if o.len() == 1 => o,
        _ => {
            return Err(format!(
                "{path}: a value is an object with exactly one key, one of: {TAGS}"
            ))
        }
    };
    let Some((tag, payload)) = obj.iter().next() else {
        return Err(format!("{path}: empty value object"));
    };
    let here = format!("{path}.{tag}");
    Ok(match tag.as_str() {
        "int" => Value::Int(
            payload
                .as_i64()
                .and_then(|n| i32::try_from(n).ok())
                .ok_or_else(|| format!("{here}: must be an integer in i32 (use \"i8\" beyond)"))?,
        ),
        "i8" => Value::I8(
            payload
                .as_i64()
                .ok_or_else(|| format!("{here}: must be an integer in i64"))?,
        ),
        "boolean" => Value::Boolean(
            payload
                .as_bool()
                .ok_or_else(|| format!("{here}: must be true or false"))?,
        ),
        "string" => {
            let s = payload
                .as_str()
                .ok_or_else(|| format!("{here}: must be a string"))?;
            check_text(s, &here)?;
            Value::String(s)
        }
        "double" => Value::Double(
            payload
                .as_f64()
                .filter(|x| x.is_finite())
                .ok_or_else(|| format!("{here}: must be a finite number"))?,
        ),
        "dateTime.iso8601" => {
            let s = payload
                .as_str()
                .ok_or_else(|| format!("{here}: must be a string like \"19980717T14:08:55\""))?;
            Value::DateTime(DateTime::parse_str(s).map_err(|_| {
                format!("{here}: {s:?} is not YYYYMMDDTHH:MM:SS (optional .fraction and Z/±hh:mm)")
            })?)
        }
        "base64" => {
            let s = payload
                .as_str()
                .ok_or_else(|| format!("{here}: must be a base64 string"))?;
            Value::Base64(base64_decode(s).ok_or_else(|| {
                format!("{here}: not standard base64 (A-Z a-z 0-9 + /, = padding)")
            })?)
        }
        "nil" => {
            if !payload.is_null() {
                return Err(format!("{here}: must be null"));
            }
            Value::Nil
        }
        "struct" => {
            let members = payload
                .as_object()
                .ok_or_else(|| format!("{here}: must be an object of member values"))?;
            let mut out = Vec::with_capacity(members.len());
            for (name, v) in members {
                let mut p = here.clone();
                let _ = write!(p, "[{name:?}]");
                check_text(name, &p)?;
                out.push((name.as_str(), value(v, &p)?));
            }
            Value::Struct(out)
        }
        "array" => {
            let items = payload
                .as_array()
                .ok_or_else(|| format!("{here}: must be an array of values"))?;
            Value::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| value(v, &format!("{here}[{i}]")))
                    .collect::<Result<_, _>>()?,
            )
        }
        other => return Err(format!("{path}: unknown type {other:?} (one of: {TAGS})")),
    })
}

/// Standard base64 with `=` padding; XML whitespace is skipped (the codec's base64).
fn base64_decode(s: &str) -> Option<Vec<u8>> {
    baton_xmlrpc::base64::decode_to_vec(s.as_bytes()).ok()
}

impl Serialize for Value<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Int(n) => s.serialize_i32(*n),
            // Kept as `<i8>` even when it fits i32: the JSON said i8.
            Value::I8(n) => s.serialize_newtype_struct(I8_NEWTYPE, n),
            Value::Boolean(b) => s.serialize_bool(*b),
            Value::String(t) => s.serialize_str(t),
            Value::Double(x) => s.serialize_f64(*x),
            Value::DateTime(dt) => dt.serialize(s),
            Value::Base64(bytes) => s.serialize_bytes(bytes),
            Value::Nil => s.serialize_none(),
            Value::Struct(members) => {
                let mut m = s.serialize_map(Some(members.len()))?;
                for (name, v) in members {
                    m.serialize_entry(name, v)?;
                }
                m.end()
            }
            Value::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for v in items {
                    seq.serialize_element(v)?;
                }
                seq.end()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_padding_and_alphabet() {
        assert_eq!(base64_decode("AP/+Pj8=").unwrap(), [0, 255, 254, 62, 63]);
        assert_eq!(base64_decode("").unwrap(), Vec::<u8>::new());
        assert_eq!(base64_decode("Zm9v\nYmFy").unwrap(), b"foobar");
        for bad in ["A", "AA", "AA=", "AA==A", "A-==", "Zg=", "Zm9vYg"] {
            assert!(base64_decode(bad).is_none(), "{bad}");
        }
    }
}
