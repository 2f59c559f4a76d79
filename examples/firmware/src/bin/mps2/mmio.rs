//! Volatile access to the board's memory-mapped registers and its
//! configuration block (the only place the board reads or writes memory
//! that no Rust object owns).

/// Reads the 32-bit device register at `addr`.
pub fn read(addr: u32) -> u32 {
    #[allow(unsafe_code)]
    // SAFETY: every caller passes a word-aligned address of a device QEMU's
    // mps2-an386 maps there (hw/arm/mps2.c: CMSDK UART0 at 0x40004000,
    // LAN9118 at 0x40200000) or of the configuration block (0x003ff000,
    // code SRAM that memory.x keeps out of the image); no Rust object
    // aliases either.
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
