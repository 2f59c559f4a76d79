//! The validator1 suite's eight methods, end to end against CPython: `tests/py/validator1.py`
//! builds the requests the way the validator sends them (random values, CPython's
//! `dumps`), baton decodes each into typed params (serde structs, borrowed strings), computes
//! the answer and encodes the response, and CPython `loads` every response and checks it
//! against the answer it computes itself.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use baton_xmlrpc::{encode, CallDecoder, DateTime};
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/py/validator1.py")
}

fn python(args: &[&str], stdin: &[u8]) -> Vec<u8> {
    let mut child = Command::new("python3")
        .arg(script())
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("python3 runs");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "validator1.py {args:?} failed:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
    out.stdout
}

/// `{moe, larry, curly}`: the validator's favourite struct.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
struct Stooges {
    moe: i32,
    larry: i32,
    curly: i32,
}

/// A struct's members in document order (borrowed names).
struct Ordered<'de, T>(Vec<(&'de str, T)>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<'de, T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Ordered<'de, T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a struct")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                let mut v = Vec::new();
                while let Some(entry) = m.next_entry()? {
                    v.push(entry);
                }
                Ok(Ordered(v))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

impl<T: Serialize> Serialize for Ordered<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

/// Only the day nestedStructTest asks about; every other member is skipped.
#[derive(Deserialize)]
struct Calendar {
    #[serde(rename = "2000")]
    y2000: Year,
}
#[derive(Deserialize)]
struct Year {
    #[serde(rename = "04")]
    april: Month,
}
#[derive(Deserialize)]
struct Month {
    #[serde(rename = "01")]
    first: Stooges,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct EntityCounts {
    ct_left_angle_brackets: usize,
    ct_right_angle_brackets: usize,
    ct_ampersands: usize,
    ct_apostrophes: usize,
    ct_quotes: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Multiples {
    times10: i64,
    times100: i64,
    times1000: i64,
}

struct Bytes<'a>(&'a [u8]);
impl Serialize for Bytes<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self.0)
    }
}

fn respond<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut buf = vec![0u8; encode::response(encode::Count, value).unwrap()];
    let n = encode::response(&mut buf[..], value).unwrap();
    assert_eq!(n, buf.len());
    buf
}

/// The server: typed params in, encoded response out.
fn handle(request: &mut [u8]) -> Vec<u8> {
    let call = CallDecoder::in_place(request).unwrap();
    match call.method_name() {
        "validator1.arrayOfStructsTest" => {
            let (list,): (Vec<Stooges>,) = call.params().unwrap();
            respond(&list.iter().map(|s| i64::from(s.curly)).sum::<i64>())
        }
        "validator1.countTheEntities" => {
            let (s,): (&str,) = call.params().unwrap();
            let count = |c| s.chars().filter(|&x| x == c).count();
            respond(&EntityCounts {
                ct_left_angle_brackets: count('<'),
                ct_right_angle_brackets: count('>'),
                ct_ampersands: count('&'),
                ct_apostrophes: count('\''),
                ct_quotes: count('"'),
            })
        }
        "validator1.easyStructTest" => {
            let (s,): (Stooges,) = call.params().unwrap();
            respond(&(s.moe + s.larry + s.curly))
        }
        "validator1.echoStructTest" => {
            let (s,): (Ordered<'_, Stooges>,) = call.params().unwrap();
            respond(&s)
        }
        "validator1.manyTypesTest" => {
            let (n, b, s, d, dt, bytes): (i32, bool, &str, f64, DateTime, &[u8]) =
                call.params().unwrap();
            respond(&(n, b, s, d, dt, Bytes(bytes)))
        }
        "validator1.moderateSizeArrayCheck" => {
            let (list,): (Vec<&str>,) = call.params().unwrap();
            let first = list.first().copied().unwrap_or_default();
            let last = list.last().copied().unwrap_or_default();
            respond(&format!("{first}{last}"))
        }
        "validator1.nestedStructTest" => {
            let (cal,): (Calendar,) = call.params().unwrap();
            let s = cal.y2000.april.first;
            respond(&(s.moe + s.larry + s.curly))
        }
        "validator1.simpleStructReturnTest" => {
            let (n,): (i32,) = call.params().unwrap();
            let n = i64::from(n);
            respond(&Multiples {
                times10: n * 10,
                times100: n * 100,
                times1000: n * 1000,
            })
        }
        other => panic!("unexpected method {other}"),
    }
}

#[test]
fn validator1_suite_against_cpython() {
    let requests: Vec<String> =
        serde_json::from_slice(&python(&["requests", "20240229", "25"], b"")).unwrap();
    assert_eq!(requests.len(), 8 * 25);
    let mut methods = BTreeMap::new();
    let cases: Vec<serde_json::Value> = requests
        .iter()
        .map(|req| {
            let mut buf = req.clone().into_bytes();
            let response = handle(&mut buf);
            let name = req
                .split("<methodName>")
                .nth(1)
                .unwrap()
                .split('<')
                .next()
                .unwrap();
            *methods.entry(name.to_owned()).or_insert(0) += 1;
            serde_json::json!({
                "request": req,
                "response": String::from_utf8(response).unwrap(),
            })
        })
        .collect();
    assert_eq!(methods.len(), 8, "all eight methods: {methods:?}");
    let report = python(&["check"], &serde_json::to_vec(&cases).unwrap());
    assert!(
        String::from_utf8_lossy(&report).contains("200 answers read back by CPython and correct"),
        "{}",
        String::from_utf8_lossy(&report)
    );
}
