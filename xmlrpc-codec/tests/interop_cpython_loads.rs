//! baton-encoded documents read by CPython: several thousand seeded random values (strings
//! with `<>&'"`, CR/LF/tab, non-BMP characters and empty ones; i32 and i64 extremes; any
//! finite double bit pattern; dateTimes from year 0001 to 9999; base64 with `\x00`/`\xff`;
//! nil; nested structs and arrays) are encoded by baton as responses, calls and faults, and
//! `tests/py/interop.py loads` reads every document with `xmlrpc.client.loads` and compares
//! it strictly with the value described in the CLI's tagged JSON form.
//!
//! `<i8>` is CPython-readable (it loads as int); dateTimes without fraction or zone only
//! (CPython's `loads` reads neither).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use baton_xmlrpc::magic::I8_NEWTYPE;
use baton_xmlrpc::{encode, DateTime};
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use serde_json::json;

/// splitmix64: a small seeded generator (the test needs no statistical quality).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

enum V {
    Int(i32),
    I8(i64),
    Wide(i64),
    Bool(bool),
    Str(String),
    Double(f64),
    DateTime(DateTime),
    Bytes(Vec<u8>),
    Nil,
    Struct(Vec<(String, V)>),
    Array(Vec<V>),
}

impl Serialize for V {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            V::Int(n) => s.serialize_i32(*n),
            V::I8(n) => s.serialize_newtype_struct(I8_NEWTYPE, n),
            V::Wide(n) => s.serialize_i64(*n),
            V::Bool(b) => s.serialize_bool(*b),
            V::Str(t) => s.serialize_str(t),
            V::Double(x) => s.serialize_f64(*x),
            V::DateTime(dt) => dt.serialize(s),
            V::Bytes(b) => s.serialize_bytes(b),
            V::Nil => s.serialize_none(),
            V::Struct(members) => {
                let mut m = s.serialize_map(Some(members.len()))?;
                for (k, v) in members {
                    m.serialize_entry(k, v)?;
                }
                m.end()
            }
            V::Array(items) => {
                let mut seq = s.serialize_seq(Some(items.len()))?;
                for v in items {
                    seq.serialize_element(v)?;
                }
                seq.end()
            }
        }
    }
}

const ALPHABET: &[char] = &[
    'a',
    'Z',
    '0',
    ' ',
    '<',
    '>',
    '&',
    '\'',
    '"',
    '\r',
    '\n',
    '\t',
    ';',
    '=',
    ']',
    'é',
    'ÿ',
    '\u{100}',
    '\u{7ff}',
    '\u{800}',
    '中',
    '\u{fffd}',
    '\u{10000}',
    '😀',
    '\u{10ffff}',
];

fn text(rng: &mut Rng) -> String {
    if rng.below(10) == 0 {
        return String::new();
    }
    (0..1 + rng.below(24)).map(|_| rng.pick(ALPHABET)).collect()
}

fn double(rng: &mut Rng) -> f64 {
    match rng.below(4) {
        0 => rng.pick(&[
            0.0,
            -0.0,
            1.0,
            0.1,
            1e-7,
            1e16,
            5e-324,
            -5e-324,
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::MIN,
            9007199254740993.0,
            0.30000000000000004,
        ]),
        1 => loop {
            let x = f64::from_bits(rng.next());
            if x.is_finite() {
                break x;
            }
        },
        2 => (rng.next() as i64 as f64) / 1e6,
        _ => (rng.below(2_000_001) as f64 - 1e6) / rng.pick(&[1.0, 3.0, 7.0, 10.0, 1000.0]),
    }
}

fn value(rng: &mut Rng, depth: u32) -> V {
    let kinds = if depth < 4 { 11 } else { 9 };
    match rng.below(kinds) {
        0 => {
            let any = rng.next() as i32;
            V::Int(rng.pick(&[0, 1, -1, i32::MAX, i32::MIN, any]))
        }
        1 => {
            let any = rng.next() as i64;
            V::I8(rng.pick(&[i64::MAX, i64::MIN, 0, any]))
        }
        2 => {
            let (any, narrow) = (rng.next() as i64, i64::from(rng.next() as i32));
            V::Wide(rng.pick(&[
                i64::from(i32::MAX) + 1,
                i64::from(i32::MIN) - 1,
                any,
                narrow,
            ]))
        }
        3 => V::Bool(rng.below(2) == 0),
        4 => V::Str(text(rng)),
        5 => V::Double(double(rng)),
        6 => {
            let any = 1 + rng.below(9999) as u16;
            let year = rng.pick(&[1, 9999, any]);
            let (month, day) = (1 + rng.below(12) as u8, 1 + rng.below(28) as u8);
            let (h, m, s) = (
                rng.below(24) as u8,
                rng.below(60) as u8,
                rng.below(60) as u8,
            );
            V::DateTime(DateTime::new(year, month, day, h, m, s).unwrap())
        }
        7 => {
            let n = rng.pick(&[0, 1, 2, 3, 57, 58, 59, 100]);
            let special = rng.below(3) == 0;
            V::Bytes(
                (0..n)
                    .map(|_| {
                        if special {
                            rng.pick(&[0x00, 0xff])
                        } else {
                            rng.next() as u8
                        }
                    })
                    .collect(),
            )
        }
        8 => V::Nil,
        9 => {
            let mut members: Vec<(String, V)> = Vec::new();
            for _ in 0..rng.below(6) {
                let name = text(rng);
                let v = value(rng, depth + 1);
                // Unique names: CPython reads a struct into a dict.
                if members.iter().all(|(k, _)| *k != name) {
                    members.push((name, v));
                }
            }
            V::Struct(members)
        }
        _ => V::Array((0..rng.below(6)).map(|_| value(rng, depth + 1)).collect()),
    }
}

/// The CLI's tagged JSON form of a value.
fn tagged(v: &V) -> serde_json::Value {
    match v {
        V::Int(n) => json!({ "int": n }),
        V::I8(n) | V::Wide(n) => json!({ "i8": n }),
        V::Bool(b) => json!({ "boolean": b }),
        V::Str(s) => json!({ "string": s }),
        V::Double(x) => json!({ "double": x }),
        V::DateTime(dt) => json!({ "dateTime.iso8601": dt.to_string() }),
        V::Bytes(b) => json!({ "base64": b64(b) }),
        V::Nil => json!({ "nil": null }),
        V::Struct(m) => {
            let mut obj = serde_json::Map::new();
            for (k, v) in m {
                obj.insert(k.clone(), tagged(v));
            }
            json!({ "struct": obj })
        }
        V::Array(items) => json!({ "array": items.iter().map(tagged).collect::<Vec<_>>() }),
    }
}

fn b64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for c in bytes.chunks(3) {
        let v = c
            .iter()
            .enumerate()
            .fold(0u32, |acc, (i, &b)| acc | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            out.push(if i <= c.len() {
                A[(v >> (18 - 6 * i) & 63) as usize] as char
            } else {
                '='
            });
        }
    }
    out
}

fn to_vec(len: usize, f: impl FnOnce(&mut [u8]) -> usize) -> String {
    let mut buf = vec![0u8; len];
    assert_eq!(f(&mut buf), len, "the *_len functions are exact");
    String::from_utf8(buf).unwrap()
}

#[test]
fn baton_documents_load_in_cpython() {
    let mut rng = Rng(0x5EED_0FBA_7000);
    let mut cases = Vec::new();
    for i in 0..3000 {
        let case = match rng.below(20) {
            0 => {
                let (code, string) = (rng.next() as i32, text(&mut rng));
                let doc = to_vec(encode::fault(encode::Count, code, &string).unwrap(), |b| {
                    encode::fault(&mut b[..], code, &string).unwrap()
                });
                json!({ "doc": doc, "fault": { "faultCode": code, "faultString": string } })
            }
            1..=7 => {
                let params: Vec<V> = (0..rng.below(5)).map(|_| value(&mut rng, 1)).collect();
                let method = format!("m.{i}<&>");
                let doc = to_vec(
                    encode::call(encode::Count, &method, &params).unwrap(),
                    |b| encode::call(&mut b[..], &method, &params).unwrap(),
                );
                json!({
                    "doc": doc,
                    "methodName": method,
                    "params": params.iter().map(tagged).collect::<Vec<_>>(),
                })
            }
            _ => {
                let v = value(&mut rng, 0);
                let doc = to_vec(encode::response(encode::Count, &v).unwrap(), |b| {
                    encode::response(&mut b[..], &v).unwrap()
                });
                json!({ "doc": doc, "methodName": null, "params": [tagged(&v)] })
            }
        };
        cases.push(case);
    }
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/py/interop.py");
    let mut child = Command::new("python3")
        .arg(script)
        .arg("loads")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(&serde_json::to_vec(&cases).unwrap())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{report}");
    assert!(
        report.contains("3000 baton documents loaded by CPython, all equal"),
        "{report}"
    );
}
