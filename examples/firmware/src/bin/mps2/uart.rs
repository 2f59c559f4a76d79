//! The console: CMSDK APB UART0 (0x40004000; RX interrupt 0 on AN385/AN386),
//! polled for output, interrupt-driven for input (the diagnostic commands).

use embassy_sync::blocking_mutex::raw::CriticalSectionRawMutex;
use embassy_sync::signal::Signal;

use crate::mmio;

const BASE: u32 = 0x4000_4000;
const DATA: u32 = BASE;
const STATE: u32 = BASE + 0x04;
const CTRL: u32 = BASE + 0x08;
const INTCLEAR: u32 = BASE + 0x0c;
const BAUDDIV: u32 = BASE + 0x10;

const STATE_TX_FULL: u32 = 1 << 0;
const STATE_RX_FULL: u32 = 1 << 1;
const CTRL_TX_EN: u32 = 1 << 0;
const CTRL_RX_EN: u32 = 1 << 1;
const CTRL_RX_INT_EN: u32 = 1 << 3;
const INT_RX: u32 = 1 << 1;

/// The NVIC line of UART0's RX interrupt.
pub const RX_IRQ: u16 = 0;

/// Raised by the RX interrupt.
pub static RX: Signal<CriticalSectionRawMutex, ()> = Signal::new();

/// TX and RX on, RX interrupt on (the divider only paces QEMU's model; the
/// minimum it accepts is 16).
pub fn init() {
    mmio::write(BAUDDIV, 16);
    mmio::write(CTRL, CTRL_TX_EN | CTRL_RX_EN | CTRL_RX_INT_EN);
}

/// Writes `bytes`, waiting while the TX buffer is full.
pub fn write(bytes: &[u8]) {
    for &b in bytes {
        while mmio::read(STATE) & STATE_TX_FULL != 0 {}
        mmio::write(DATA, u32::from(b));
    }
}

/// A received byte, if one is waiting.
pub fn read() -> Option<u8> {
    (mmio::read(STATE) & STATE_RX_FULL != 0).then(|| mmio::read(DATA) as u8)
}

/// The RX interrupt: acknowledge and wake the console task.
pub fn on_rx_interrupt() {
    mmio::write(INTCLEAR, INT_RX);
    RX.signal(());
}

/// `core::fmt` onto the UART (diagnostics and panics only).
pub struct Console;

impl core::fmt::Write for Console {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        write(s.as_bytes());
        Ok(())
    }
}
