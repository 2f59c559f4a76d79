//! The embassy time driver: SysTick on the core clock (SYSCLK, 25 MHz on
//! QEMU's mps2-an386) interrupting at 1 kHz, the tick rate of the build
//! (`embassy-time/tick-hz-1_000`). Alarms: the integrated timer queue of
//! `embassy-time-queue-utils`; every tick that reaches the earliest
//! expiration wakes what is due and computes the next one.
//!
//! [`cycles`] reads the same counter at core-clock resolution (40 ns) for
//! the diagnostics.

use core::cell::{Cell, RefCell};
use core::task::Waker;

use cortex_m::peripheral::syst::SystClkSource;
use cortex_m::peripheral::{SCB, SYST};
use critical_section::Mutex;
use embassy_time_driver::Driver;
use embassy_time_queue_utils::Queue;

/// The core clock (hw/arm/mps2.c: `SYSCLK_FRQ`).
pub const SYSCLK_HZ: u32 = 25_000_000;
/// Core clocks per 1 ms tick.
const RELOAD: u32 = SYSCLK_HZ / 1_000;

struct SysTickDriver {
    ticks: Mutex<Cell<u64>>,
    next: Mutex<Cell<u64>>,
    queue: Mutex<RefCell<Queue>>,
}

embassy_time_driver::time_driver_impl!(static DRIVER: SysTickDriver = SysTickDriver {
    ticks: Mutex::new(Cell::new(0)),
    next: Mutex::new(Cell::new(u64::MAX)),
    queue: Mutex::new(RefCell::new(Queue::new())),
});

impl Driver for SysTickDriver {
    fn now(&self) -> u64 {
        critical_section::with(|cs| self.ticks.borrow(cs).get())
    }

    fn schedule_wake(&self, at: u64, waker: &Waker) {
        critical_section::with(|cs| {
            let mut queue = self.queue.borrow_ref_mut(cs);
            if queue.schedule_wake(at, waker) {
                // Wakes at once what is already due.
                let now = self.ticks.borrow(cs).get();
                self.next.borrow(cs).set(queue.next_expiration(now));
            }
        })
    }
}

/// Starts SysTick: core clock, 1 kHz, interrupt on.
pub fn init(mut syst: SYST) {
    syst.set_clock_source(SystClkSource::Core);
    syst.set_reload(RELOAD - 1);
    syst.clear_current();
    syst.enable_interrupt();
    syst.enable_counter();
}

/// The SysTick exception: one tick; alarms that are due fire.
pub fn on_tick() {
    critical_section::with(|cs| {
        let ticks = DRIVER.ticks.borrow(cs);
        let now = ticks.get() + 1;
        ticks.set(now);
        let next = DRIVER.next.borrow(cs);
        if now >= next.get() {
            next.set(DRIVER.queue.borrow_ref_mut(cs).next_expiration(now));
        }
    })
}

/// Core clocks since boot (40 ns each at 25 MHz; with QEMU's
/// `-icount shift=0` one instruction takes 1 ns of virtual time, so a
/// difference times 40 counts instructions).
pub fn cycles() -> u64 {
    critical_section::with(|cs| {
        let mut ticks = DRIVER.ticks.borrow(cs).get();
        let mut cvr = SYST::get_current();
        if SCB::is_pendst_pending() {
            // Wrapped inside this critical section: the tick is not counted yet.
            cvr = SYST::get_current();
            ticks += 1;
        }
        ticks * u64::from(RELOAD) + u64::from(RELOAD - 1 - cvr)
    })
}
