//! CPython → baton → CPython: `tests/py/interop.py generate` writes several thousand seeded
//! random documents with `xmlrpc.client.dumps(..., allow_none=True)` (strings with `<>&'"`,
//! CR/LF/tab, non-BMP characters and empty ones; i32 extremes; any finite double; dateTimes
//! from year 0001; base64 with `\x00`/`\xff`; nil; nested structs and arrays; calls,
//! responses and faults). baton decodes each one (the untyped view, in place) and encodes
//! it again; `interop.py roundtrip` loads both documents with `loads(use_builtin_types=True)`
//! and requires strictly equal results.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use baton_xmlrpc::encode;
use baton_xmlrpc::text::Text;
use baton_xmlrpc::view::{self, Document, Value};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

const DOCUMENTS: usize = 4000;

fn python(args: &[&str], stdin: &[u8]) -> Vec<u8> {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/py/interop.py");
    let mut child = Command::new("python3")
        .arg(script)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "interop.py {args:?}:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
    out.stdout
}

/// A viewed value, serialized as the codec's serde mapping expects.
struct Viewed<'de>(Value<'de>);

/// Text of an in-place parse is plain; escaped text (never here) would be unescaped lazily.
struct Txt<'de>(Text<'de>);

impl Serialize for Txt<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0.as_plain() {
            Some(plain) => s.serialize_str(plain),
            None => s.collect_str(&self.0),
        }
    }
}

impl Serialize for Viewed<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.0 {
            Value::Int(n) => s.serialize_i32(*n),
            Value::I8(n) => s.serialize_i64(*n),
            Value::Boolean(b) => s.serialize_bool(*b),
            Value::String(t) => Txt(*t).serialize(s),
            Value::Double(x) => s.serialize_f64(*x),
            Value::DateTime(dt) => dt.serialize(s),
            Value::Base64(b) => match b.as_decoded() {
                Some(bytes) => s.serialize_bytes(bytes),
                None => Err(serde::ser::Error::custom("base64 not decoded in place")),
            },
            Value::Nil => s.serialize_none(),
            Value::Struct(st) => {
                let mut m = s.serialize_map(None)?;
                for (name, v) in st.iter() {
                    m.serialize_entry(&Txt(name), &Viewed(v))?;
                }
                m.end()
            }
            Value::Array(a) => {
                let mut seq = s.serialize_seq(Some(a.len()))?;
                for v in a.iter() {
                    seq.serialize_element(&Viewed(v))?;
                }
                seq.end()
            }
        }
    }
}

/// Decodes `doc` and encodes it again.
fn reencode(doc: &str) -> String {
    let mut input = doc.as_bytes().to_vec();
    let parsed = view::parse_in_place(&mut input).unwrap_or_else(|e| panic!("{e}: {doc}"));
    let mut out = vec![0u8; doc.len() * 2 + 256];
    let n = match parsed {
        Document::Call { method, params } => {
            let method = method.as_plain().expect("in-place text is plain");
            let params: Vec<Viewed<'_>> = params.iter().map(Viewed).collect();
            let n = encode::call(&mut out[..], method, &params).unwrap();
            assert_eq!(encode::call(encode::Count, method, &params).unwrap(), n);
            n
        }
        Document::Response(params) => {
            assert_eq!(params.len(), 1);
            let v = Viewed(params.first().unwrap());
            let n = encode::response(&mut out[..], &v).unwrap();
            assert_eq!(encode::response(encode::Count, &v).unwrap(), n);
            n
        }
        Document::Fault { code, string } => {
            let string = string.as_plain().expect("in-place text is plain");
            encode::fault(&mut out[..], code, string).unwrap()
        }
    };
    out.truncate(n);
    String::from_utf8(out).unwrap()
}

#[test]
fn cpython_documents_survive_baton_decode_and_encode() {
    let docs: Vec<String> = serde_json::from_slice(&python(
        &["generate", "20240229", &DOCUMENTS.to_string()],
        b"",
    ))
    .unwrap();
    assert_eq!(docs.len(), DOCUMENTS);
    let cases: Vec<serde_json::Value> = docs
        .iter()
        .map(|doc| serde_json::json!({ "original": doc, "baton": reencode(doc) }))
        .collect();
    let report = python(&["roundtrip"], &serde_json::to_vec(&cases).unwrap());
    let report = String::from_utf8_lossy(&report);
    assert!(
        report.contains(&format!(
            "{DOCUMENTS} CPython documents decoded and re-encoded by baton, all equal"
        )),
        "{report}"
    );
}

#[test]
fn baton_output_is_a_fixed_point() {
    // Encoding what baton itself wrote gives the same bytes again (canonical form).
    let docs: Vec<String> =
        serde_json::from_slice(&python(&["generate", "7", "300"], b"")).unwrap();
    for doc in &docs {
        let once = reencode(doc);
        assert_eq!(reencode(&once), once);
    }
}
