//! Diagnostics over the console: busy time of the executor and of each
//! task (from embassy-executor's `trace` hooks, timed with the core-clock
//! counter) and the stack high-water of each task (the stack is painted at
//! boot; while tracking is on, as it is from boot, each poll's depth is
//! read back after the poll and the used part repainted). All tasks share
//! the one stack (embassy tasks keep their state in statics): a task's
//! figure is the deepest any of its polls went, interrupts taken meanwhile
//! included.
//!
//! Console commands (one byte each):
//! - `b`: `diag busy_ns=<executor busy time since boot>`
//! - `t`: `diag now_ms=<embassy time> cycles=<core clocks since boot>`
//! - `n`: stack tracking off (it costs a scan of the painted region per
//!   poll: off while counting instructions)
//! - `s`: stack tracking on again (the region repainted, the figures reset)
//! - `r`: the report: per task polls / busy time / stack high-water, the
//!   whole stack's high-water, the driver's counters
//!
//! Every answer ends with the line `diag end`.

use core::cell::{Cell, RefCell};
use core::fmt::Write;

use critical_section::Mutex;

use crate::time;
use crate::uart::{self, Console};

/// The top of the stack (cortex-m-rt's `_stack_start`: the end of RAM in memory.x).
pub const STACK_TOP: u32 = 0x2040_0000;
/// How much of the stack is painted and watched.
const PAINTED: u32 = 64 * 1024;
const PATTERN: u32 = 0xa5c3_5a3c;

/// Tasks in spawn order (the executor reports them by address).
pub const TASK_NAMES: [&str; 6] = [
    "main",
    "net",
    "listener0",
    "listener1",
    "delivery",
    "console",
];
const TASKS: usize = TASK_NAMES.len();

#[derive(Clone, Copy)]
struct TaskStat {
    id: u32,
    polls: u32,
    busy: u64,
    stack: u32,
}

struct State {
    tasks: [TaskStat; TASKS],
    poll_start: u64,
    busy: u64,
    exec_start: u64,
    exec_sp: u32,
    /// The lowest address any tracked poll reached.
    deepest: u32,
}

static STATE: Mutex<RefCell<State>> = Mutex::new(RefCell::new(State {
    tasks: [TaskStat {
        id: 0,
        polls: 0,
        busy: 0,
        stack: 0,
    }; TASKS],
    poll_start: 0,
    busy: 0,
    exec_start: 0,
    exec_sp: 0,
    deepest: STACK_TOP,
}));
static TRACK_STACK: Mutex<Cell<bool>> = Mutex::new(Cell::new(true));

fn bottom() -> u32 {
    STACK_TOP - PAINTED
}

fn sp() -> u32 {
    cortex_m::register::msp::read()
}

fn load(addr: u32) -> u32 {
    #[allow(unsafe_code)]
    // SAFETY: `addr` is a word-aligned address in the painted stack region
    // [STACK_TOP - PAINTED, STACK_TOP), which is RAM (memory.x) above the
    // statics (checked by `paint`).
    unsafe {
        core::ptr::read_volatile(addr as *const u32)
    }
}

fn store(addr: u32, value: u32) {
    #[allow(unsafe_code)]
    // SAFETY: as in `load`, and only below the current stack pointer with
    // interrupts off (callers hold a critical section or run before any
    // interrupt is enabled): no frame lives there.
    unsafe {
        core::ptr::write_volatile(addr as *mut u32, value)
    }
}

/// Paints [bottom, current SP - 64) with the pattern. Call first thing at
/// boot, before interrupts are on.
pub fn paint() {
    extern "C" {
        static _stack_end: u32;
    }
    let end_of_statics = core::ptr::addr_of!(_stack_end) as u32;
    assert!(
        end_of_statics <= bottom(),
        "statics overlap the painted stack"
    );
    repaint(bottom());
}

/// Paints [from, current SP - 64): only with interrupts off or before they
/// are on (see `store`).
fn repaint(from: u32) {
    let mut a = from;
    let limit = sp() - 64;
    while a < limit {
        store(a, PATTERN);
        a += 4;
    }
}

/// The lowest word of the painted region that is no longer the pattern.
fn lowest_used() -> u32 {
    let mut a = bottom();
    while a < STACK_TOP && load(a) == PATTERN {
        a += 4;
    }
    a
}

fn slot(tasks: &mut [TaskStat; TASKS], id: u32) -> Option<&mut TaskStat> {
    if let Some(i) = tasks.iter().position(|t| t.id == id) {
        return Some(&mut tasks[i]);
    }
    let free = tasks.iter().position(|t| t.id == 0)?;
    tasks[free].id = id;
    Some(&mut tasks[free])
}

// embassy-executor's trace hooks (feature `trace`).

#[allow(unsafe_code)]
// SAFETY: the symbol embassy-executor's `trace` feature declares; same signature.
#[no_mangle]
fn _embassy_trace_poll_start(_executor_id: u32) {
    let now = time::cycles();
    critical_section::with(|cs| STATE.borrow_ref_mut(cs).poll_start = now);
}

#[allow(unsafe_code)]
// SAFETY: as above.
#[no_mangle]
fn _embassy_trace_executor_idle(_executor_id: u32) {
    let now = time::cycles();
    critical_section::with(|cs| {
        let mut s = STATE.borrow_ref_mut(cs);
        s.busy += now - s.poll_start;
    });
}

#[allow(unsafe_code)]
// SAFETY: as above.
#[no_mangle]
fn _embassy_trace_task_new(_executor_id: u32, task_id: u32) {
    critical_section::with(|cs| {
        slot(&mut STATE.borrow_ref_mut(cs).tasks, task_id);
    });
}

#[allow(unsafe_code)]
// SAFETY: as above.
#[no_mangle]
fn _embassy_trace_task_end(_executor_id: u32, _task_id: u32) {}

#[allow(unsafe_code)]
// SAFETY: as above.
#[no_mangle]
fn _embassy_trace_task_ready_begin(_executor_id: u32, _task_id: u32) {}

#[allow(unsafe_code)]
// SAFETY: as above.
#[no_mangle]
fn _embassy_trace_task_exec_begin(_executor_id: u32, _task_id: u32) {
    let sp = sp();
    let now = time::cycles();
    critical_section::with(|cs| {
        let mut s = STATE.borrow_ref_mut(cs);
        s.exec_start = now;
        s.exec_sp = sp;
    });
}

#[allow(unsafe_code)]
// SAFETY: as above.
#[no_mangle]
fn _embassy_trace_task_exec_end(_executor_id: u32, task_id: u32) {
    let now = time::cycles();
    critical_section::with(|cs| {
        let mut s = STATE.borrow_ref_mut(cs);
        let start = s.exec_start;
        let exec_sp = s.exec_sp;
        let depth = if TRACK_STACK.borrow(cs).get() {
            let low = lowest_used();
            s.deepest = s.deepest.min(low);
            // Repaint what the poll used (below this frame: interrupts are off).
            repaint(low);
            exec_sp.saturating_sub(low)
        } else {
            0
        };
        if let Some(t) = slot(&mut s.tasks, task_id) {
            t.polls += 1;
            t.busy += now - start;
            t.stack = t.stack.max(depth);
        }
    });
}

fn ns(cycles: u64) -> u64 {
    cycles * u64::from(1_000_000_000 / time::SYSCLK_HZ)
}

/// Runs one console command.
pub fn command(c: u8) {
    let mut out = Console;
    match c {
        b'b' => {
            let busy = critical_section::with(|cs| STATE.borrow_ref(cs).busy);
            let _ = writeln!(out, "diag busy_ns={}", ns(busy));
        }
        b't' => {
            let _ = writeln!(
                out,
                "diag now_ms={} cycles={} lan9118_free_run={}",
                embassy_time::Instant::now().as_millis(),
                time::cycles(),
                crate::mmio::read(0x4020_009c)
            );
        }
        b'n' => {
            critical_section::with(|cs| TRACK_STACK.borrow(cs).set(false));
            let _ = writeln!(out, "diag stack tracking off");
        }
        b's' => {
            critical_section::with(|cs| {
                TRACK_STACK.borrow(cs).set(true);
                let mut s = STATE.borrow_ref_mut(cs);
                s.deepest = STACK_TOP;
                for t in s.tasks.iter_mut() {
                    t.stack = 0;
                }
                repaint(bottom());
            });
            let _ = writeln!(out, "diag stack tracking on");
        }
        b'r' => {
            let (tasks, busy, tracking, deepest) = critical_section::with(|cs| {
                let s = STATE.borrow_ref(cs);
                (s.tasks, s.busy, TRACK_STACK.borrow(cs).get(), s.deepest)
            });
            let _ = writeln!(out, "diag busy_ns={}", ns(busy));
            for (t, name) in tasks.iter().zip(TASK_NAMES) {
                let _ = write!(
                    out,
                    "diag task {name} polls={} busy_ns={}",
                    t.polls,
                    ns(t.busy)
                );
                if tracking {
                    let _ = write!(out, " stack={}", t.stack);
                }
                let _ = writeln!(out);
            }
            // At the bottom: the stack went past the painted region.
            let past = if deepest <= bottom() {
                " (reached the bottom: more)"
            } else {
                ""
            };
            let _ = writeln!(
                out,
                "diag stack_high_water={} of {} painted{past}",
                STACK_TOP - deepest,
                PAINTED
            );
            let eth = crate::eth::SHARED.stats();
            let _ = writeln!(
                out,
                "diag eth rx_frames={} rx_dropped={} tx_frames={} tx_errors={}",
                eth.rx_frames, eth.rx_dropped, eth.tx_frames, eth.tx_errors
            );
        }
        b'\r' | b'\n' => return,
        _ => {
            let _ = writeln!(out, "diag unknown command (b, s, r)");
        }
    }
    uart::write(b"diag end\n");
}
