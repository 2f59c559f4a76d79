//! The embassy time driver: the CMSDK dual timer's first counter
//! (0x40002000) free-running at the peripheral clock (25 MHz on QEMU's
//! mps2-an386), extended to 64 bits, is the clock (1 MHz embassy ticks:
//! 25 counts each). SysTick interrupts at 1 kHz to fire the alarms: each
//! interrupt that finds the earliest expiration due wakes what is due (the
//! integrated timer queue of `embassy-time-queue-utils`) and computes the
//! next one. The clock does not count interrupts: QEMU drops SysTick
//! periods when its host is busy, while a counter read is always exact.
//!
//! [`cycles`] is the same clock in counts (40 ns each) for the diagnostics.

use core::cell::{Cell, RefCell};
use core::task::Waker;

use cortex_m::peripheral::syst::SystClkSource;
use cortex_m::peripheral::SYST;
use critical_section::{CriticalSection, Mutex};
use embassy_time_driver::Driver;
use embassy_time_queue_utils::Queue;

use baton_firmware::clock::Extended32;

use crate::mmio;

/// The core and peripheral clock (hw/arm/mps2.c: `SYSCLK_FRQ`).
pub const SYSCLK_HZ: u32 = 25_000_000;
/// Clock counts per embassy tick (1 MHz, embassy-time's default rate).
const PER_TICK: u64 = (SYSCLK_HZ / 1_000_000) as u64;

const TIMER1: u32 = 0x4000_2000;
const LOAD: u32 = TIMER1;
const VALUE: u32 = TIMER1 + 0x04;
const CONTROL: u32 = TIMER1 + 0x08;
/// CONTROL: enabled, free-running (wraps at 0xffffffff), no interrupt,
/// prescale 1, 32-bit counter, wrapping mode.
const CONTROL_FREE_32: u32 = 1 << 7 | 1 << 1;

struct TimerDriver {
    clock: Mutex<Cell<Extended32>>,
    next: Mutex<Cell<u64>>,
    queue: Mutex<RefCell<Queue>>,
}

embassy_time_driver::time_driver_impl!(static DRIVER: TimerDriver = TimerDriver {
    clock: Mutex::new(Cell::new(Extended32::new())),
    next: Mutex::new(Cell::new(u64::MAX)),
    queue: Mutex::new(RefCell::new(Queue::new())),
});

/// Clock counts since `init`. The counter wraps every 171.8 s; the 1 kHz
/// interrupt reads it far more often than that, so no wrap is missed.
fn counts(cs: CriticalSection<'_>) -> u64 {
    let cell = DRIVER.clock.borrow(cs);
    let mut c = cell.get();
    // The counter runs down from 0xffffffff.
    let total = c.update(!mmio::read(VALUE));
    cell.set(c);
    total
}

impl Driver for TimerDriver {
    fn now(&self) -> u64 {
        critical_section::with(|cs| counts(cs) / PER_TICK)
    }

    fn schedule_wake(&self, at: u64, waker: &Waker) {
        critical_section::with(|cs| {
            let mut queue = self.queue.borrow_ref_mut(cs);
            if queue.schedule_wake(at, waker) {
                // Wakes at once what is already due.
                let now = counts(cs) / PER_TICK;
                self.next.borrow(cs).set(queue.next_expiration(now));
            }
        })
    }
}

/// Starts the clock, then SysTick (core clock, 1 kHz, interrupt on).
pub fn init(mut syst: SYST) {
    mmio::write(LOAD, u32::MAX);
    mmio::write(CONTROL, CONTROL_FREE_32);
    syst.set_clock_source(SystClkSource::Core);
    syst.set_reload(SYSCLK_HZ / 1_000 - 1);
    syst.clear_current();
    syst.enable_interrupt();
    syst.enable_counter();
}

/// The SysTick exception: alarms that are due fire.
pub fn on_tick() {
    critical_section::with(|cs| {
        let now = counts(cs) / PER_TICK;
        let next = DRIVER.next.borrow(cs);
        if now >= next.get() {
            next.set(DRIVER.queue.borrow_ref_mut(cs).next_expiration(now));
        }
    })
}

/// Clock counts since boot (40 ns each at 25 MHz; with QEMU's
/// `-icount shift=0` one instruction takes 1 ns of virtual time, so a
/// difference times 40 counts instructions).
pub fn cycles() -> u64 {
    critical_section::with(counts)
}
