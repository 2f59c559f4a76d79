#![no_std]
#![no_main]

use cortex_m_rt::entry;

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    loop {}
}

#[entry]
fn main() -> ! {
    loop {
        core::hint::black_box(0u32);
    }
}
