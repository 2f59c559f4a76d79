//! The counting global allocator of the no-allocation tests (`decode_alloc`, `encode_alloc`,
//! `stream_alloc`, and baton-rpc's `no_alloc`, which includes this file by path).
//!
//! Counts are kept **per thread**: the test harness runs tests (and allocates for its own
//! bookkeeping) on several threads at once, so a shared counter would let one test's
//! allocations show up in another's measurement. The counters are const-initialised
//! `Cell`s, so touching them never allocates (a lazily initialised `thread_local!` could
//! allocate inside the allocator); during thread teardown, when they are gone, nothing is
//! counted (that thread measures nothing any more).
// A global allocator is an unsafe trait; this test-only counter forwards to `System`.
#![allow(unsafe_code, dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
    static BYTES: Cell<usize> = const { Cell::new(0) };
}

fn count(size: usize) {
    let _ = ALLOCATIONS.try_with(|c| c.set(c.get() + 1));
    let _ = BYTES.try_with(|c| c.set(c.get() + size));
}

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc(layout) }
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        count(layout.size());
        unsafe { System.alloc_zeroed(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count(new_size);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// What [`measure`] saw: the closure's result and the heap allocations (and bytes asked
/// for) made on the calling thread while it ran.
pub struct Measured<R> {
    pub value: R,
    pub allocations: usize,
    pub bytes: usize,
}

/// Runs `f` and counts the allocations the calling thread makes meanwhile.
pub fn measure<R>(f: impl FnOnce() -> R) -> Measured<R> {
    let (a, b) = (ALLOCATIONS.with(Cell::get), BYTES.with(Cell::get));
    let value = f();
    Measured {
        value,
        allocations: ALLOCATIONS.with(Cell::get) - a,
        bytes: BYTES.with(Cell::get) - b,
    }
}

/// Issue 14 point 11: another thread allocating (and measuring itself) at the same time
/// never shows up in this thread's count. No sleeps: the measured closure waits until the
/// other thread has made 1,000 allocations *inside* its own measurement.
#[test]
fn allocation_counts_are_per_thread() {
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::time::{Duration, Instant};
    let started = AtomicBool::new(false);
    let stop = AtomicBool::new(false);
    let progress = AtomicUsize::new(0);
    std::thread::scope(|s| {
        let other = s.spawn(|| {
            measure(|| {
                started.store(true, Ordering::SeqCst);
                while !stop.load(Ordering::SeqCst) {
                    drop(std::hint::black_box(Vec::<u8>::with_capacity(16)));
                    progress.fetch_add(1, Ordering::SeqCst);
                }
            })
            .allocations
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        while !started.load(Ordering::SeqCst) && Instant::now() < deadline {
            std::hint::spin_loop();
        }
        let here = measure(|| {
            let p0 = progress.load(Ordering::SeqCst);
            while progress.load(Ordering::SeqCst) < p0 + 1000 && Instant::now() < deadline {
                std::hint::spin_loop();
            }
            progress.load(Ordering::SeqCst) - p0
        });
        stop.store(true, Ordering::SeqCst);
        let theirs = other.join().unwrap();
        assert!(
            here.value >= 1000,
            "the other thread made only {} allocations",
            here.value
        );
        assert!(theirs >= 1000, "the other thread counted {theirs}");
        assert_eq!(
            here.allocations, 0,
            "another thread's allocations were counted here"
        );
    });
}

/// The counter is not blind: an allocation on this thread is counted.
#[test]
fn allocations_on_this_thread_are_counted() {
    let m = measure(|| std::hint::black_box(vec![1u8; 10]));
    assert_eq!(m.allocations, 1);
    assert_eq!(m.bytes, 10);
    assert_eq!(m.value.len(), 10);
}
