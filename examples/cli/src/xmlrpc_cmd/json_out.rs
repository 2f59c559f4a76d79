//! Decoded documents as the CLI's JSON form (`baton xmlrpc decode`), read through the
//! codec's untyped view.

use baton_xmlrpc::text::Text;
use baton_xmlrpc::view::{self, Document, Value};
use serde_json::{json, Map, Value as Json};

/// Decodes the document in `input` (rewritten in place) into its JSON form.
pub(crate) fn document(input: &mut [u8]) -> Result<Json, String> {
    let doc = view::parse_in_place(input).map_err(|e| e.to_string())?;
    Ok(match doc {
        Document::Call { method, params } => json!({
            "methodName": text(&method),
            "params": params.iter().map(|v| value(&v)).collect::<Vec<_>>(),
        }),
        Document::Response(params) => json!({
            "params": params.iter().map(|v| value(&v)).collect::<Vec<_>>(),
        }),
        Document::Fault { code, string } => json!({
            "fault": { "faultCode": code, "faultString": text(&string) },
        }),
    })
}

fn text(t: &Text<'_>) -> String {
    match t.as_plain() {
        Some(s) => s.to_owned(),
        None => t.chars().collect(),
    }
}

/// `{"<type>": payload}`.
pub(crate) fn value(v: &Value<'_>) -> Json {
    match v {
        Value::Int(n) => json!({ "int": n }),
        Value::I8(n) => json!({ "i8": n }),
        Value::Boolean(b) => json!({ "boolean": b }),
        Value::String(t) => json!({ "string": text(t) }),
        // The decoder accepts finite doubles only, which JSON numbers carry exactly.
        Value::Double(x) => json!({ "double": x }),
        Value::DateTime(dt) => json!({ "dateTime.iso8601": dt.to_string() }),
        Value::Base64(b) => json!({ "base64": base64(&b.to_vec()) }),
        Value::Nil => json!({ "nil": null }),
        Value::Struct(s) => {
            // Document order; a repeated name keeps its first position and takes the last
            // value (as a CPython dict does).
            let mut members = Map::new();
            for (name, v) in s.iter() {
                members.insert(text(&name), value(&v));
            }
            json!({ "struct": members })
        }
        Value::Array(a) => json!({ "array": a.iter().map(|v| value(&v)).collect::<Vec<_>>() }),
    }
}

/// Standard base64 with padding, no line breaks (the codec's encoder).
fn base64(bytes: &[u8]) -> String {
    baton_xmlrpc::base64::encode_to_string(bytes)
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_standard_with_padding() {
        assert_eq!(super::base64(b""), "");
        assert_eq!(super::base64(b"f"), "Zg==");
        assert_eq!(super::base64(b"fo"), "Zm8=");
        assert_eq!(super::base64(&[0, 255, 254, 62, 63]), "AP/+Pj8=");
    }
}
