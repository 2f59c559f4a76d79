//! The board's configuration block: the last 4 KiB of the code SRAM
//! (0x003ff000, outside the image; memory.x leaves it out), as a product
//! would keep settings in a flash page. QEMU fills it at boot with its
//! generic loader (`-device loader,file=cfg,addr=0x3ff000,force-raw=on`);
//! left empty (zeros) the board has no settings.
//!
//! Text, `key=value` lines, ended by a NUL byte. Keys: `receiver=<URI>`,
//! a feedback receiver configured in slot 1 before `applicationStarted`
//! (the host build's `receiverURI` argument).

use crate::mmio;

const BASE: u32 = 0x003f_f000;
const SIZE: u32 = 4096;

/// The value of `receiver=` (at most 128 bytes), if the block has one.
pub fn receiver() -> Option<heapless::String<128>> {
    let mut line = heapless::Vec::<u8, 160>::new();
    let mut offset = 0;
    while offset < SIZE {
        let word = mmio::read(BASE + offset).to_le_bytes();
        offset += 4;
        for b in word {
            if b == 0 || b == b'\n' {
                if let Some(uri) = line.strip_prefix(b"receiver=") {
                    let uri = core::str::from_utf8(uri).ok()?;
                    return heapless::String::try_from(uri).ok();
                }
                if b == 0 {
                    return None;
                }
                line.clear();
            } else if line.push(b).is_err() {
                // Longer than any value kept: skip to the next line.
                line.clear();
            }
        }
    }
    None
}
