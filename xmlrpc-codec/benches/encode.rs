//! Encode throughput, baton against its peers, side by side in one run.
//!
//! baton encodes the typed bench structs (decoded once, outside the timed loop) into a
//! preallocated buffer; each peer encodes its own value tree of the same document (built
//! outside the timed loop) through its public API. Throughput is each implementation's own
//! output size per second; compare implementations by time.
//!
//! Run: `cargo bench -p baton-xmlrpc --bench encode`
//! (quicker: `... -- --warm-up-time 1 --measurement-time 3`).

mod common;

use std::hint::black_box;

use criterion::measurement::WallTime;
use criterion::{
    criterion_group, criterion_main, BatchSize, BenchmarkGroup, Criterion, Throughput,
};

use serde::Serialize;

use common::baton;
use common::peers::{dxr_peer, serde_xmlrpc_peer, xmlrpc_peer};
use common::types::{ConferenceCreate, Enumerate, Notification};
use common::Payload;

fn group<'c>(c: &'c mut Criterion, payload: &Payload) -> BenchmarkGroup<'c, WallTime> {
    let mut group = c.benchmark_group(format!("encode/{}", payload.name));
    if payload.bytes.len() > 1 << 20 {
        group.sample_size(10);
    }
    group
}

fn batch(payload: &Payload) -> BatchSize {
    if payload.bytes.len() > 1 << 20 {
        BatchSize::LargeInput
    } else {
        BatchSize::SmallInput
    }
}

/// baton from the typed structs (decoded once here, outside the timing) into a preallocated
/// buffer: `encode::call` / `encode::response` into a `&mut [u8]`.
fn baton_encode(group: &mut BenchmarkGroup<'_, WallTime>, payload: &Payload) {
    let mut input = payload.bytes.clone();
    let mut out = vec![0u8; payload.bytes.len() * 2];
    match payload.method {
        Some("eventNotification") => {
            let value: Notification<'_> = baton::call(&mut input);
            bench_call(group, payload, &value, &mut out);
        }
        Some(_) => {
            let value: ConferenceCreate<'_> = baton::call(&mut input);
            bench_call(group, payload, &value, &mut out);
        }
        None => {
            let value: Enumerate<'_> = baton::response(&mut input);
            let len = baton::encode_response(&mut out, &value);
            check_same_document(payload, &out[..len]);
            group.throughput(Throughput::Bytes(len as u64));
            group.bench_function("baton (typed, into &mut [u8])", |b| {
                b.iter(|| baton::encode_response(&mut out, black_box(&value)))
            });
        }
    }
}

fn bench_call<P: Serialize>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    payload: &Payload,
    value: &P,
    out: &mut [u8],
) {
    let method = payload.method.expect("a call");
    let len = baton::encode_call(out, method, value);
    check_same_document(payload, &out[..len]);
    group.throughput(Throughput::Bytes(len as u64));
    group.bench_function("baton (typed, into &mut [u8])", |b| {
        b.iter(|| baton::encode_call(out, method, black_box(value)))
    });
}

/// baton's output is the same document as CPython's: dxr (an independent decoder) reads both
/// into equal value trees.
fn check_same_document(payload: &Payload, encoded: &[u8]) {
    let ours = std::str::from_utf8(encoded).expect("baton writes UTF-8");
    let is_call = payload.method.is_some();
    assert!(
        dxr_peer::decode(ours, is_call) == dxr_peer::decode(payload.text(), is_call),
        "{}: baton's encoding decodes (by dxr) to a different value",
        payload.name
    );
}

/// The peers on one payload, each from its own tree.
fn peers_encode(group: &mut BenchmarkGroup<'_, WallTime>, payload: &Payload) {
    let text = payload.text();
    let is_call = payload.method.is_some();

    let dxr_doc = dxr_peer::decode(text, is_call);
    group.throughput(Throughput::Bytes(dxr_peer::encode(&dxr_doc).len() as u64));
    group.bench_function("dxr 0.9 (value tree)", |b| {
        b.iter(|| dxr_peer::encode(black_box(&dxr_doc)))
    });

    // serde_xmlrpc's encoders take the values by value: the tree is cloned outside the timing.
    let sx_doc = serde_xmlrpc_peer::decode(text, is_call);
    group.throughput(Throughput::Bytes(
        serde_xmlrpc_peer::encode(sx_doc.clone()).len() as u64,
    ));
    group.bench_function("serde_xmlrpc 0.3.0-alpha.2 (value tree)", |b| {
        b.iter_batched(|| sx_doc.clone(), serde_xmlrpc_peer::encode, batch(payload))
    });

    let value = xmlrpc_peer::decode_response_in_place(&payload.as_response_text());
    let mut out = Vec::with_capacity(payload.bytes.len() * 2);
    match payload.method {
        Some(method) => {
            let request = xmlrpc::Request::new(method).arg(value);
            xmlrpc_peer::encode_call(&request, &mut out);
            group.throughput(Throughput::Bytes(out.len() as u64));
            group.bench_function("xmlrpc 0.15 (value tree)", |b| {
                b.iter(|| {
                    out.clear();
                    xmlrpc_peer::encode_call(black_box(&request), &mut out);
                })
            });
        }
        None => {
            xmlrpc_peer::encode_response(&value, &mut out);
            group.throughput(Throughput::Bytes(out.len() as u64));
            group.bench_function("xmlrpc 0.15 (value tree)", |b| {
                b.iter(|| {
                    out.clear();
                    xmlrpc_peer::encode_response(black_box(&value), &mut out);
                })
            });
        }
    }
}

fn encode(c: &mut Criterion) {
    for payload in [
        common::event_notification(),
        common::conference_create(),
        common::participant_enumerate(),
    ] {
        let mut group = group(c, &payload);
        baton_encode(&mut group, &payload);
        peers_encode(&mut group, &payload);
        group.finish();
    }
}

criterion_group!(benches, encode);
criterion_main!(benches);
