//! Decode throughput, baton against its peers, side by side in one run.
//!
//! For every payload in `testdata/bench/` (the 4.8 MB one is generated on first use by
//! `scripts/gen_bench_payloads.py`): baton's typed decode (serde structs with `&str` fields)
//! against `dxr` 0.9, `serde_xmlrpc` 0.3.0-alpha.2 and `xmlrpc` 0.15 decoding into their value
//! trees (and, for the response, baton and `serde_xmlrpc` into the same struct with `String`
//! fields), and raw `xmlparser` / `quick-xml` tokenization (a loop over all tokens, no values).
//!
//! Run: `cargo bench -p baton-xmlrpc --bench decode`
//! (quicker: `... -- --warm-up-time 1 --measurement-time 3`).

mod common;

use std::hint::black_box;

use criterion::measurement::WallTime;
use criterion::{criterion_group, criterion_main, BenchmarkGroup, Criterion, Throughput};

use criterion::BatchSize;

use common::baton;
use common::peers::{self, dxr_peer, serde_xmlrpc_peer, xmlrpc_peer};
use common::types::{ConferenceCreate, Enumerate, Notification, StringEnumerate};
use common::Payload;

/// baton's two typed decoders for one payload type: in place (`&mut [u8]`) and from an
/// immutable slice with a scratch buffer. Each returns a number read from the decoded value.
struct Decoders {
    in_place: fn(&mut [u8]) -> usize,
    from_slice: fn(&[u8], &mut [u8]) -> usize,
}

fn decoders(payload: &Payload) -> Decoders {
    match payload.method {
        Some("eventNotification") => Decoders {
            in_place: |buf| black_box(baton::call::<Notification<'_>>(buf)).events.len(),
            from_slice: |input, scratch| {
                black_box(baton::call_from_slice::<Notification<'_>>(input, scratch))
                    .events
                    .len()
            },
        },
        Some(_) => Decoders {
            in_place: |buf| {
                black_box(baton::call::<ConferenceCreate<'_>>(buf))
                    .conference_alias
                    .len()
            },
            from_slice: |input, scratch| {
                black_box(baton::call_from_slice::<ConferenceCreate<'_>>(
                    input, scratch,
                ))
                .conference_alias
                .len()
            },
        },
        None => Decoders {
            in_place: |buf| {
                black_box(baton::response::<Enumerate<'_>>(buf))
                    .participants
                    .len()
            },
            from_slice: |input, scratch| {
                black_box(baton::response_from_slice::<Enumerate<'_>>(input, scratch))
                    .participants
                    .len()
            },
        },
    }
}

fn batch(payload: &Payload) -> BatchSize {
    if payload.bytes.len() > 1 << 20 {
        BatchSize::LargeInput
    } else {
        BatchSize::SmallInput
    }
}

/// baton on one payload (and on the spec's verbatim text when there is one).
fn baton_decode(group: &mut BenchmarkGroup<'_, WallTime>, payload: &Payload) {
    let decoders = decoders(payload);
    let mut inputs: Vec<(&str, &[u8])> = vec![("", &payload.bytes)];
    if let Some(verbatim) = &payload.verbatim {
        inputs.push((", spec verbatim", verbatim));
    }
    for (suffix, bytes) in inputs {
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        // The copy into the mutable buffer is criterion's untimed setup.
        group.bench_function(format!("baton (typed, in place{suffix})"), |b| {
            b.iter_batched_ref(
                || bytes.to_vec(),
                |buf| (decoders.in_place)(buf),
                batch(payload),
            )
        });
        let mut scratch = vec![0u8; bytes.len()];
        group.bench_function(format!("baton (typed, &[u8] + scratch{suffix})"), |b| {
            b.iter(|| (decoders.from_slice)(black_box(bytes), &mut scratch))
        });
    }
}

/// baton into the struct with `String` fields of serde_xmlrpc's typed row (the like-for-like
/// comparison, see [`StringEnumerate`]; the `&str` rows above borrow from the input).
fn baton_decode_owned(group: &mut BenchmarkGroup<'_, WallTime>, payload: &Payload) {
    let bytes = &payload.bytes;
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("baton (typed, String fields, in place)", |b| {
        b.iter_batched_ref(
            || bytes.to_vec(),
            |buf| baton::response::<StringEnumerate>(buf),
            batch(payload),
        )
    });
    let mut scratch = vec![0u8; bytes.len()];
    group.bench_function("baton (typed, String fields, &[u8] + scratch)", |b| {
        b.iter(|| baton::response_from_slice::<StringEnumerate>(black_box(bytes), &mut scratch))
    });
}

/// Group settings: the 4.8 MB payload takes tens of milliseconds per iteration for the peers.
fn group<'c>(c: &'c mut Criterion, payload: &Payload) -> BenchmarkGroup<'c, WallTime> {
    let mut group = c.benchmark_group(format!("decode/{}", payload.name));
    if payload.bytes.len() > 1 << 20 {
        group.sample_size(10);
    }
    group.throughput(Throughput::Bytes(payload.bytes.len() as u64));
    group
}

/// The peers and the tokenizers on one payload.
fn peers_decode(group: &mut BenchmarkGroup<'_, WallTime>, payload: &Payload) {
    let text = payload.text();
    let is_call = payload.method.is_some();
    group.throughput(Throughput::Bytes(text.len() as u64));

    group.bench_function("dxr 0.9 (value tree)", |b| {
        b.iter(|| dxr_peer::decode(black_box(text), is_call))
    });
    group.bench_function("serde_xmlrpc 0.3.0-alpha.2 (value tree)", |b| {
        b.iter(|| serde_xmlrpc_peer::decode(black_box(text), is_call))
    });
    if !is_call {
        group.bench_function("serde_xmlrpc 0.3.0-alpha.2 (typed, String fields)", |b| {
            b.iter(|| serde_xmlrpc_peer::decode_typed_enumerate(black_box(text)))
        });
    }
    // xmlrpc 0.15 parses responses only: a call's params are re-wrapped as a response.
    let response = payload.as_response_text();
    group.throughput(Throughput::Bytes(response.len() as u64));
    group.bench_function("xmlrpc 0.15 (value tree)", |b| {
        b.iter(|| xmlrpc_peer::decode_response_in_place(black_box(&response)))
    });
    group.throughput(Throughput::Bytes(text.len() as u64));

    group.bench_function("xmlparser 0.13 (tokens only)", |b| {
        b.iter(|| peers::xmlparser_tokens(black_box(text)))
    });
    group.bench_function("quick-xml 0.42 (events only)", |b| {
        b.iter(|| peers::quick_xml_events(black_box(text)))
    });
}

/// Decode each payload once with every implementation before timing anything, so a payload a
/// peer cannot read fails loudly instead of producing a meaningless number.
fn check(payload: &Payload) {
    let text = payload.text();
    let is_call = payload.method.is_some();
    let decoders = decoders(payload);
    let expected = if is_call { None } else { Some(2400) };
    for bytes in std::iter::once(&payload.bytes).chain(&payload.verbatim) {
        let n = (decoders.in_place)(&mut bytes.clone());
        let m = (decoders.from_slice)(bytes, &mut vec![0u8; bytes.len()]);
        assert_eq!(n, m, "in place and from a slice agree");
        if let Some(expected) = expected {
            assert_eq!(n, expected);
        }
    }
    drop(dxr_peer::decode(text, is_call));
    drop(serde_xmlrpc_peer::decode(text, is_call));
    drop(xmlrpc_peer::decode_response_in_place(
        &payload.as_response_text(),
    ));
    if !is_call {
        let typed = serde_xmlrpc_peer::decode_typed_enumerate(text);
        assert_eq!(typed.participants.len(), 2400);
        let owned = baton::response_from_slice::<StringEnumerate>(
            &payload.bytes,
            &mut vec![0u8; payload.bytes.len()],
        );
        assert_eq!(owned.participants.len(), 2400);
        assert_eq!(
            owned.participants.last().map(|p| &p.display_name),
            typed.participants.last().map(|p| &p.display_name),
            "baton and serde_xmlrpc read the same String fields"
        );
    }
}

fn decode(c: &mut Criterion) {
    for payload in [
        common::event_notification(),
        common::conference_create(),
        common::participant_enumerate(),
    ] {
        check(&payload);
        let mut group = group(c, &payload);
        baton_decode(&mut group, &payload);
        if payload.method.is_none() {
            baton_decode_owned(&mut group, &payload);
        }
        peers_decode(&mut group, &payload);
        group.finish();
    }
}

criterion_group!(benches, decode);
criterion_main!(benches);
