//! Constant memory: streaming the 2,400-participant response (4.8 MB) through a 4 KiB
//! buffer on the stack allocates nothing on the heap (a counting global allocator wraps the
//! system one for this test binary and counts the measuring thread's allocations), and the
//! reader's whole state has a fixed size.

mod alloc_count;

use baton_xmlrpc::stream::{Event, Item, Items, Stream};
use serde::Deserialize;

/// `f`'s result, and the allocations and bytes allocated on this thread while it ran.
fn allocations_during<R>(f: impl FnOnce() -> R) -> (R, usize, usize) {
    let m = alloc_count::measure(f);
    (m.value, m.allocations, m.bytes)
}

fn payload() -> Option<Vec<u8>> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../testdata/bench/participant_enumerate.xml"
    );
    std::fs::read(path).ok()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Participant<'a> {
    #[serde(borrow)]
    participant_name: &'a str,
    #[serde(borrow)]
    display_name: &'a str,
    #[serde(borrow, default)]
    call_state: Option<&'a str>,
}

#[test]
fn items_through_4_kib_allocate_nothing() {
    let Some(doc) = payload() else {
        eprintln!("skipped: run scripts/gen_bench_payloads.py");
        return;
    };
    // The counter sees allocations.
    let (v, allocs, _) = allocations_during(|| std::hint::black_box(vec![1u8; 10]));
    assert!(allocs >= 1 && v.len() == 10);
    let ((n, sum), allocs, bytes) = allocations_during(|| {
        let mut items = Items::new([0u8; 4096], "participants");
        let mut chunks = doc.chunks(1460);
        let mut pending: &[u8] = &[];
        let (mut n, mut sum) = (0usize, 0usize);
        loop {
            match items.next_item::<Participant<'_>>().expect("decodes") {
                Item::Element(p) => {
                    n += 1;
                    sum += p.participant_name.len()
                        + p.display_name.len()
                        + p.call_state.map_or(0, str::len);
                }
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
                Item::Member(..) => {}
                Item::Fault(_) => panic!("fault"),
                Item::End => break,
            }
        }
        (n, sum)
    });
    assert_eq!(n, 2400);
    assert!(sum > 0);
    assert_eq!((allocs, bytes), (0, 0), "heap allocations while streaming");
    // The state besides the buffer: names stack, positions, options.
    let state = std::mem::size_of::<Items<[u8; 4096]>>() - 4096;
    eprintln!("Items<[u8; 4096]>: {} bytes (state {state})", 4096 + state);
    assert!(state <= 512, "state {state} bytes");
}

#[test]
fn events_through_4_kib_allocate_nothing() {
    let Some(doc) = payload() else { return };
    let (n, allocs, _) = allocations_during(|| {
        let mut s = Stream::new([0u8; 4096]);
        let mut n = 0usize;
        let mut rest = &doc[..];
        loop {
            match s.next_event().expect("decodes") {
                Event::NeedMore if rest.is_empty() => s.finish(),
                Event::NeedMore => {
                    let taken = s.push(&rest[..rest.len().min(1460)]);
                    rest = &rest[taken..];
                }
                Event::End => break n,
                _ => n += 1,
            }
        }
    });
    assert!(n > 2400 * 20);
    assert_eq!(allocs, 0);
    let state = std::mem::size_of::<Stream<[u8; 4096]>>() - 4096;
    eprintln!("Stream<[u8; 4096]>: state {state} bytes");
    assert!(state <= 512);
}
