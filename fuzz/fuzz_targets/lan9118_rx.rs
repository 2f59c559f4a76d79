//! The LAN9118 driver's RX frame path (`baton-lan9118`) on arbitrary FIFO
//! contents, through the fake register block:
//! - consistent mode (first byte even): each entry is a status word and
//!   exactly the data words its length field claims; the driver hands over
//!   exactly the good entries (no error summary, 18..=1524 bytes) in order,
//!   each its bytes without the 4-byte FCS (at most the MTU), drops every
//!   other one, and leaves the FIFO empty;
//! - raw mode (first byte odd): status and data words disagree (a desynced
//!   or hostile FIFO): the driver never panics, never hands over more than
//!   the MTU, and terminates.
#![no_main]

use core::task::{Context, Waker};

use baton_lan9118::fake::FakeRegs;
use baton_lan9118::{Lan9118, Shared, MTU};
use embassy_net_driver::{Driver, RxToken};
use libfuzzer_sys::fuzz_target;

const MAC: [u8; 6] = [0x02, 0xba, 0x70, 0x00, 0x00, 0x05];

fn u32_at(data: &[u8], at: usize) -> u32 {
    let mut w = [0u8; 4];
    for (i, b) in w.iter_mut().enumerate() {
        *b = data.get(at + i).copied().unwrap_or(0);
    }
    u32::from_le_bytes(w)
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let shared: &'static Shared = Box::leak(Box::new(Shared::new()));
    let regs = FakeRegs::new();
    let mut eth = Lan9118::new(&regs, shared, MAC).expect("the fake chip comes up");
    let mut expected = Vec::new();
    let mut bad = 0u32;
    let mut at = 0;
    let mut entries = 0;
    while at + 4 <= rest.len() && entries < 64 {
        // Status: the input's word, its length field kept to 0..=2047.
        let raw = u32_at(rest, at);
        let status = raw & !(0x3fff << 16) | ((raw >> 16) & 0x7ff) << 16;
        at += 4;
        let len = ((status >> 16) & 0x3fff) as usize;
        let take = if mode & 1 == 0 {
            len.div_ceil(4) * 4
        } else {
            // Raw: as many data bytes as the next input byte says.
            let n = usize::from(rest.get(at).copied().unwrap_or(0)) * 4;
            at += 1;
            n
        };
        let bytes: Vec<u8> = (0..take)
            .map(|i| rest.get(at + i).copied().unwrap_or(0))
            .collect();
        at += take.min(rest.len().saturating_sub(at));
        regs.push_rx_raw(status, &bytes);
        if mode & 1 == 0 {
            if status & (1 << 15) == 0 && (18..=1524).contains(&len) {
                expected.push(bytes[..(len - 4).min(MTU)].to_vec());
            } else {
                bad += 1;
            }
        }
        entries += 1;
    }
    let mut cx = Context::from_waker(Waker::noop());
    let mut got = Vec::new();
    for _ in 0..=entries {
        match eth.receive(&mut cx) {
            Some((rx, _tx)) => {
                let frame = rx.consume(|b| b.to_vec());
                assert!(frame.len() <= MTU);
                got.push(frame);
            }
            None => break,
        }
    }
    assert!(eth.receive(&mut cx).is_none() || mode & 1 == 1);
    if mode & 1 == 0 {
        assert_eq!(got, expected);
        assert_eq!(regs.rx_data_words(), 0, "FIFO drained");
        let stats = eth.stats();
        assert_eq!(stats.rx_dropped, bad);
        assert_eq!(stats.rx_frames as usize, expected.len());
    }
});
