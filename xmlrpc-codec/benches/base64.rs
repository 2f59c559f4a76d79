//! base64 decoding: the codec's decoder (the crate behind its whitespace-stripping gather since
//! issue 16; the compact profile keeps a bit-at-a-time loop) against the `base64` crate.
//!
//! XML-RPC allows whitespace inside `<base64>` (CPython's `xmlrpc.client` writes 76-column
//! lines ending in LF, xmlrpc-c CRLF); the `base64` crate refuses whitespace, so on that input
//! it needs a whitespace-stripping copy first. Measured: the codec's `base64::decode` (check,
//! then decode: what a typed decode of an immutable buffer does) against
//! `strip whitespace + base64::engine::general_purpose::STANDARD.decode_slice` on the same
//! text, for 3 KiB and 48 KiB of bytes, as 76-column lines and as one line (no stripping
//! needed: the crate's best case). Results in BENCHMARKS.md ("base64").
//!
//! Run: `cargo bench -p baton-xmlrpc --bench base64 -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use base64::Engine as _;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

/// `n` pseudo-random bytes (xorshift64, fixed seed).
fn bytes(n: usize) -> Vec<u8> {
    let mut x = 0x9E37_79B9_7F4A_7C15u64;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x as u8
        })
        .collect()
}

/// `data` base64-encoded, in lines of `line` characters ending in LF (0: one line).
fn text(data: &[u8], line: usize) -> Vec<u8> {
    let one = base64::engine::general_purpose::STANDARD.encode(data);
    if line == 0 {
        return one.into_bytes();
    }
    let mut out = Vec::new();
    for chunk in one.as_bytes().chunks(line) {
        out.extend_from_slice(chunk);
        out.push(b'\n');
    }
    out
}

/// The `base64` crate on XML-RPC text: XML whitespace stripped into `clean`, then decoded.
fn crate_decode(text: &[u8], clean: &mut Vec<u8>, out: &mut [u8]) -> usize {
    clean.clear();
    clean.extend(
        text.iter()
            .copied()
            .filter(|c| !matches!(c, b' ' | b'\t' | b'\r' | b'\n')),
    );
    base64::engine::general_purpose::STANDARD
        .decode_slice(clean.as_slice(), out)
        .unwrap_or(0)
}

fn decode(c: &mut Criterion) {
    let mut group = c.benchmark_group("base64");
    for (size, label) in [(3 * 1024, "3KiB"), (48 * 1024, "48KiB")] {
        let data = bytes(size);
        for (line, shape) in [(76, "76col"), (0, "oneline")] {
            let input = text(&data, line);
            let mut out = vec![0u8; size];
            let mut clean = Vec::with_capacity(input.len());
            // Both decode the same bytes.
            assert_eq!(baton_xmlrpc::base64::decode(&input, &mut out), Ok(size));
            assert_eq!(out, data);
            assert_eq!(crate_decode(&input, &mut clean, &mut out), size);
            assert_eq!(out, data);
            group.throughput(Throughput::Bytes(input.len() as u64));
            let id = format!("{label}/{shape}");
            group.bench_with_input(BenchmarkId::new("baton", &id), &input, |b, input| {
                b.iter(|| baton_xmlrpc::base64::decode(black_box(input), &mut out))
            });
            group.bench_with_input(
                BenchmarkId::new("base64-crate+strip", &id),
                &input,
                |b, input| b.iter(|| crate_decode(black_box(input), &mut clean, &mut out)),
            );
            if line == 0 {
                group.bench_with_input(
                    BenchmarkId::new("base64-crate", &id),
                    &input,
                    |b, input| {
                        b.iter(|| {
                            base64::engine::general_purpose::STANDARD
                                .decode_slice(black_box(input.as_slice()), &mut out)
                        })
                    },
                );
            }
        }
    }
    group.finish();
}

criterion_group!(benches, decode);
criterion_main!(benches);
