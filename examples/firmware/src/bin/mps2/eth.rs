//! The LAN9118 on the board: its registers at 0x40200000 and its interrupt
//! (NVIC line 13 on AN385/AN386).

use baton_lan9118::{Regs, Shared};

use crate::mmio;

/// The chip's base address.
const BASE: u32 = 0x4020_0000;
/// The NVIC line of the chip's IRQ pin.
pub const IRQ: u16 = 13;

/// What the driver and the interrupt handler share.
pub static SHARED: Shared = Shared::new();

/// The chip's registers by volatile MMIO.
#[derive(Clone, Copy)]
pub struct Mmio;

impl Regs for Mmio {
    fn read(&self, offset: u32) -> u32 {
        mmio::read(BASE + offset)
    }
    fn write(&self, offset: u32, value: u32) {
        mmio::write(BASE + offset, value)
    }
}

/// The interrupt: mask what fired and wake the network stack.
pub fn on_interrupt() {
    SHARED.on_interrupt(&Mmio);
}
