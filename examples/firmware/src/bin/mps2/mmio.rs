//! Volatile access to the board's memory-mapped registers (the only place
//! the board reads or writes device memory).

/// Reads the 32-bit device register at `addr`.
pub fn read(addr: u32) -> u32 {
    #[allow(unsafe_code)]
    // SAFETY: every caller passes a register address of a device QEMU's
    // mps2-an386 maps there (hw/arm/mps2.c): CMSDK UART0 at 0x40004000,
    // LAN9118 at 0x40200000; aligned 32-bit accesses, no Rust object
    // aliases device memory.
    unsafe {
        core::ptr::read_volatile(addr as *const u32)
    }
}

/// Writes `value` to the 32-bit device register at `addr`.
pub fn write(addr: u32, value: u32) {
    #[allow(unsafe_code)]
    // SAFETY: as in `read`.
    unsafe {
        core::ptr::write_volatile(addr as *mut u32, value)
    }
}
