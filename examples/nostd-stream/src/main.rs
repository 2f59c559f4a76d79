//! Firmware proof for streaming decode: a `no_std`, allocator-free Cortex-M4 program that
//! reads a `participant.enumerate` reply with 2,400 participants (about 2.6 MB as generated
//! here) from a simulated socket in 1,460-byte segments, through a 4 KiB buffer, decoding
//! one typed [`baton_rpc::participant::Participant`] at a time, forever.
//!
//! Memory: the 4 KiB buffer and the stream's state (under 0.5 KiB) on `main`'s stack; the
//! simulated peer's 2 KiB segment source; no heap.
//!
//! Build and measure (from the repository root):
//! `(cd examples/nostd-stream && cargo build --release --target thumbv7em-none-eabihf)`,
//! then `bash examples/nostd-stream/size.sh`. The same code runs on the host in
//! `rpc-model/tests/stream_enumerate.rs` (it includes `src/feed.rs`).
#![no_std]
#![no_main]

use core::hint::black_box;

use cortex_m_rt::entry;

mod feed;

/// Halt on panic (the codec never panics on input; this is for the linker).
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    loop {}
}

#[entry]
fn main() -> ! {
    let mut buf = [0u8; feed::BUFFER];
    loop {
        let summary = feed::run(&mut buf, black_box(feed::PARTICIPANTS));
        black_box(summary);
    }
}
