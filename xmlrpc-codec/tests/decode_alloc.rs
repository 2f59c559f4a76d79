//! Zero heap allocations while decoding the benchmark payloads, in place and from `&[u8]`
//! with a scratch buffer, typed (serde) and untyped (view): a counting global allocator
//! wraps the system one for this test binary.

mod alloc_count;

use std::marker::PhantomData;
use std::path::PathBuf;

use baton_xmlrpc::view::{self, Document, Value};
use baton_xmlrpc::{
    decode_response_from_slice, decode_response_in_place, CallDecoder, DateTime, Response,
};
use serde::de::{SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

/// `f`'s result and the allocations made on this thread while it ran.
fn allocations_during<R>(f: impl FnOnce() -> R) -> (R, usize) {
    let m = alloc_count::measure(f);
    (m.value, m.allocations)
}

fn payload(name: &str) -> Vec<u8> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let path = root.join("testdata/bench").join(name);
    if !path.exists() {
        let ok = std::process::Command::new("python3")
            .arg(root.join("scripts/gen_bench_payloads.py"))
            .status()
            .expect("python3")
            .success();
        assert!(ok, "gen_bench_payloads.py failed");
    }
    std::fs::read(&path).unwrap()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct Participant<'a> {
    #[serde(rename = "mcuIPAddress")]
    mcu_ip_address: &'a str,
    factory_conference_id: &'a str,
    participant_name: &'a str,
    participant_type: &'a str,
    participant_protocol: &'a str,
    conference_name: &'a str,
    address: &'a str,
    display_name: &'a str,
    factory_bridge_type: &'a str,
    audio_rx_muted: bool,
    audio_tx_muted: bool,
    video_tx_muted: bool,
    dtmf_sequence: &'a str,
    #[serde(rename = "previewURL")]
    preview_url: &'a str,
    factory_web_ex: &'a str,
    factory_web_ex_call_type: &'a str,
    call_state: &'a str,
    connect_time: DateTime,
    connection_unique_id: i32,
    #[serde(rename = "maxBitRateToMCU")]
    max_bit_rate_to_mcu: i32,
    #[serde(rename = "maxBitRateFromMCU")]
    max_bit_rate_from_mcu: i32,
}

/// Decodes every element of a sequence and keeps only the count (no storage needed).
struct Count<T>(usize, PhantomData<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Count<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Count<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Count<T>, A::Error> {
                let mut n = 0;
                while let Some(t) = seq.next_element::<T>()? {
                    std::hint::black_box(&t);
                    n += 1;
                }
                Ok(Count(n, PhantomData))
            }
        }
        d.deserialize_seq(V(PhantomData))
    }
}

#[derive(Deserialize)]
struct Enumerate<'a> {
    #[serde(rename = "enumerateID")]
    _enumerate_id: i32,
    #[serde(rename = "currentRevision")]
    _current_revision: i32,
    #[serde(borrow)]
    participants: Count<Participant<'a>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct Notification<'a> {
    source_identifier: &'a str,
    seqn: i32,
    #[serde(borrow)]
    events: heapless::Vec<Event<'a>, 8>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct Event<'a> {
    name: &'a str,
    #[serde(borrow)]
    args: heapless::LinearMap<&'a str, &'a str, 8>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
struct Create<'a> {
    conference_alias: &'a str,
    factory_min_duration_minutes: Option<i32>,
    factory_max_duration_minutes: Option<i32>,
    #[serde(rename = "factoryOverridePIN")]
    factory_override_pin: Option<&'a str>,
    factory_resource_limits: Option<heapless::LinearMap<&'a str, i32, 4>>,
    factory_override_conference_display_name: Option<&'a str>,
}

/// Walks a view completely (every value read).
fn walk(v: &Value<'_>) -> usize {
    match v {
        Value::Struct(s) => s.iter().map(|(_, v)| 1 + walk(&v)).sum(),
        Value::Array(a) => a.iter().map(|v| 1 + walk(&v)).sum(),
        _ => 1,
    }
}

fn walk_doc(d: &Document<'_>) -> usize {
    match d {
        Document::Call { params, .. } | Document::Response(params) => {
            params.iter().map(|v| walk(&v)).sum()
        }
        Document::Fault { .. } => 1,
    }
}

#[test]
fn zero_heap_allocations_decoding_the_benchmark_payloads() {
    let enumerate = payload("participant_enumerate.xml");
    let event = payload("event_notification.xml");
    let event_canonical = payload("event_notification_canonical.xml");
    let create = payload("conference_create.xml");
    let mut buf = vec![0u8; enumerate.len()];
    let mut scratch = vec![0u8; enumerate.len()];

    // participant.enumerate response, 2,400 participants.
    buf.copy_from_slice(&enumerate);
    let (n, allocs) =
        allocations_during(
            || match decode_response_in_place::<Enumerate<'_>>(&mut buf).unwrap() {
                Response::Value(e) => e.participants.0,
                Response::Fault(_) => 0,
            },
        );
    assert_eq!((n, allocs), (2400, 0), "in place");
    let (n, allocs) = allocations_during(|| {
        match decode_response_from_slice::<Enumerate<'_>>(&enumerate, &mut scratch).unwrap() {
            Response::Value(e) => e.participants.0,
            Response::Fault(_) => 0,
        }
    });
    assert_eq!((n, allocs), (2400, 0), "from slice");
    let (values, allocs) =
        allocations_during(|| walk_doc(&view::parse_from_slice(&enumerate).unwrap()));
    assert!(values > 2400 * 21);
    assert_eq!(allocs, 0, "view");

    // eventNotification, verbatim and CPython's form; factory.conferencecreate.
    for doc in [&event, &event_canonical] {
        let mut copy = doc.clone();
        let (n, allocs) = allocations_during(|| {
            let (p,): (Notification<'_>,) =
                CallDecoder::in_place(&mut copy).unwrap().params().unwrap();
            p.events.len()
        });
        assert_eq!((n, allocs), (1, 0));
    }
    let mut copy = create.clone();
    let (alias, allocs) = allocations_during(|| {
        let p: Create<'_> = CallDecoder::in_place(&mut copy)
            .unwrap()
            .first_param()
            .unwrap()
            .unwrap();
        (
            p.conference_alias.len(),
            p.factory_override_conference_display_name.map(str::len),
        )
    });
    assert_eq!(allocs, 0);
    assert_eq!(
        alias.1,
        Some("Engineering weekly <all hands> & demos".len())
    );
    let (_, allocs) = allocations_during(|| {
        let p: Create<'_> = CallDecoder::from_slice(&create, &mut scratch)
            .unwrap()
            .first_param()
            .unwrap()
            .unwrap();
        p.factory_resource_limits.map(|l| l.len())
    });
    assert_eq!(allocs, 0);
}
