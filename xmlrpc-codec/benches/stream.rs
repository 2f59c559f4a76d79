//! Streaming decode against the whole-document decoder, side by side in one run.
//!
//! The 2,400-participant `participant.enumerate` response (4.8 MB, generated on first use by
//! `scripts/gen_bench_payloads.py`) fed in 1,460-byte chunks (one TCP segment) through a
//! 4 KiB buffer, decoded one typed participant at a time ([`Items`]) and as untyped events
//! ([`Stream`]); against the whole-document typed decode (in place and from a slice) of the
//! same bytes into the same participant struct.
//!
//! Run: `cargo bench -p baton-xmlrpc --bench stream -- --warm-up-time 1 --measurement-time 3`
//!
//! Instruction counts (steady on a busy machine): build with `cargo bench -p baton-xmlrpc
//! --bench stream --no-run`, then for each of `load`, `whole`, `items`, `events`:
//! `BATON_STREAM_ONCE=items valgrind --tool=callgrind --callgrind-out-file=/dev/null
//! <the bench binary>` (subtract `load`, which only reads the payload).

mod common;

use std::hint::black_box;

use baton_xmlrpc::stream::{Event, Item, Items, Stream};
use criterion::{criterion_group, BatchSize, Criterion, Throughput};

use common::baton;
use common::types::{Enumerate, Participant};

/// TCP payload of one Ethernet segment.
const CHUNK: usize = 1460;
/// The stream's buffer.
const BUF: usize = 4096;

/// Streams `doc` through a 4 KiB buffer in 1,460-byte chunks; sums the participants'
/// name lengths (so nothing is optimized away). Returns (participants, checksum).
pub fn items(doc: &[u8]) -> (usize, usize) {
    let mut items = Items::new([0u8; BUF], "participants");
    let (mut n, mut sum) = (0, 0);
    let mut chunks = doc.chunks(CHUNK);
    let mut pending: &[u8] = &[];
    loop {
        match items
            .next_item::<Participant<'_>>()
            .expect("the payload decodes")
        {
            Item::Element(p) => {
                n += 1;
                sum += p.participant_name.len() + p.display_name.len();
            }
            Item::Member(_, _) => sum += 1,
            Item::NeedMore => {
                if pending.is_empty() {
                    match chunks.next() {
                        Some(c) => pending = c,
                        None => {
                            items.finish();
                            continue;
                        }
                    }
                }
                let taken = items.push(pending);
                pending = &pending[taken..];
            }
            Item::Fault(_) => panic!("a fault"),
            Item::End => return (n, sum),
        }
    }
}

/// The same through the untyped event stream: counts events.
pub fn events(doc: &[u8]) -> usize {
    let mut s = Stream::new([0u8; BUF]);
    let mut n = 0;
    let mut chunks = doc.chunks(CHUNK);
    let mut pending: &[u8] = &[];
    loop {
        match s.next_event().expect("the payload decodes") {
            Event::NeedMore => {
                if pending.is_empty() {
                    match chunks.next() {
                        Some(c) => pending = c,
                        None => {
                            s.finish();
                            continue;
                        }
                    }
                }
                let taken = s.push(pending);
                pending = &pending[taken..];
            }
            Event::End => return n,
            e => {
                n += 1;
                black_box(e);
            }
        }
    }
}

fn stream(c: &mut Criterion) {
    let payload = common::participant_enumerate();
    let doc = &payload.bytes;
    assert_eq!(items(doc).0, 2400);
    let mut g = c.benchmark_group("stream/participant_enumerate_2400");
    g.throughput(Throughput::Bytes(doc.len() as u64));
    g.sample_size(20);
    g.bench_function("baton whole document, in place (typed, Vec)", |b| {
        b.iter_batched_ref(
            || doc.clone(),
            |buf| {
                black_box(baton::response::<Enumerate<'_>>(buf))
                    .participants
                    .len()
            },
            BatchSize::LargeInput,
        )
    });
    let mut scratch = vec![0u8; doc.len()];
    g.bench_function("baton whole document, from slice (typed, Vec)", |b| {
        b.iter(|| {
            black_box(baton::response_from_slice::<Enumerate<'_>>(
                doc,
                &mut scratch,
            ))
            .participants
            .len()
        })
    });
    // Like for like with the stream, whose time includes taking the input in 1,460-byte
    // chunks: a whole-document client first receives the body into one buffer (here
    // preallocated: the copies only), then decodes it.
    let mut body = Vec::with_capacity(doc.len());
    g.bench_function(
        "baton whole document, received in 1,460-byte chunks, then from slice (typed, Vec)",
        |b| {
            b.iter(|| {
                body.clear();
                for chunk in black_box(doc).chunks(CHUNK) {
                    body.extend_from_slice(chunk);
                }
                black_box(baton::response_from_slice::<Enumerate<'_>>(
                    &body,
                    &mut scratch,
                ))
                .participants
                .len()
            })
        },
    );
    g.bench_function(
        "baton stream Items, 4 KiB buffer, 1,460-byte chunks (typed, one at a time)",
        |b| b.iter(|| black_box(items(black_box(doc)))),
    );
    g.bench_function(
        "baton stream events, 4 KiB buffer, 1,460-byte chunks (untyped)",
        |b| b.iter(|| black_box(events(black_box(doc)))),
    );
    g.finish();
}

criterion_group!(benches, stream);

/// `BATON_STREAM_ONCE=whole|items|events` runs that decoder once over the payload and
/// exits (for instruction counts under `valgrind --tool=callgrind`, which a loaded machine
/// does not disturb); otherwise the criterion benches.
fn main() {
    if let Ok(which) = std::env::var("BATON_STREAM_ONCE") {
        let payload = common::participant_enumerate();
        let doc = &payload.bytes;
        let n = match which.as_str() {
            "whole" => {
                let mut scratch = vec![0u8; doc.len()];
                baton::response_from_slice::<Enumerate<'_>>(doc, &mut scratch)
                    .participants
                    .len()
            }
            "items" => items(doc).0,
            "events" => events(doc),
            "load" => doc.len(),
            other => panic!("BATON_STREAM_ONCE={other}: whole, items, events or load"),
        };
        println!("{which}: {n}");
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
