//! A model of the LAN9118 register block for host tests and the fuzz
//! target (feature `fake`): the RX data and status FIFOs, the TX FIFO's
//! command/data word stream decoded back into frames, `INT_STS`/`INT_EN`
//! and the interrupt line, the MAC CSR window and the PHY behind the MII
//! registers. It follows the datasheet where QEMU's model does too, and
//! records every access so tests can check sequences.

extern crate std;

use std::cell::RefCell;
use std::collections::VecDeque;
use std::vec::Vec;

use crate::regs::*;

/// One register access.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// A read of `offset` that returned the value.
    Read(u32, u32),
    /// A write of the value to `offset`.
    Write(u32, u32),
}

#[derive(Default)]
struct State {
    byte_test: u32,
    int_sts: u32,
    int_en: u32,
    irq_cfg: u32,
    fifo_int: u32,
    rx_cfg: u32,
    tx_cfg: u32,
    hw_cfg: u32,
    afc_cfg: u32,
    srst_reads: u32,
    mac_cmd: u32,
    mac_data: u32,
    mac: [u32; 16],
    phy: [u16; 32],
    phy_isr: u16,
    phy_reset_reads: u32,
    rx_status: VecDeque<u32>,
    rx_data: VecDeque<u32>,
    tx_words: Vec<u32>,
    tx_frames: Vec<Vec<u8>>,
    tx_status: VecDeque<u32>,
    tx_free: u32,
    arrival: Option<Vec<u8>>,
    log: Vec<Access>,
}

/// The fake register block.
pub struct FakeRegs {
    s: RefCell<State>,
}

impl Default for FakeRegs {
    fn default() -> Self {
        FakeRegs::new()
    }
}

impl FakeRegs {
    /// A chip after power-on: link up, link partner 10/100 full and half
    /// duplex (what QEMU reports), empty FIFOs.
    pub fn new() -> Self {
        let mut s = State {
            byte_test: BYTE_TEST_VALUE,
            hw_cfg: 0x0005_0004,
            fifo_int: 0x4800_0000,
            mac_cmd: 0,
            tx_free: 4608,
            ..State::default()
        };
        s.mac[MAC_CR as usize] = MAC_CR_PRMS;
        s.phy[PHY_BCR as usize] = 0x3000;
        s.phy[PHY_BSR as usize] = 0x7809 | 0x0024;
        s.phy[2] = 0x0007;
        s.phy[3] = 0xc0d1;
        s.phy[PHY_ANAR as usize] = ANAR_ALL;
        s.phy[PHY_ANLPAR as usize] = 0x0f71;
        FakeRegs { s: RefCell::new(s) }
    }

    /// Nothing at this address: `BYTE_TEST` reads all ones.
    pub fn absent() -> Self {
        let f = FakeRegs::new();
        f.s.borrow_mut().byte_test = u32::MAX;
        f
    }

    /// A chip whose soft reset never completes.
    pub fn stuck_in_reset() -> Self {
        let f = FakeRegs::new();
        f.s.borrow_mut().srst_reads = u32::MAX;
        f
    }

    /// A link partner that only offers half duplex.
    pub fn half_duplex_partner(self) -> Self {
        self.s.borrow_mut().phy[PHY_ANLPAR as usize] = 0x00a1;
        self
    }

    /// Queues a received frame (`frame` without FCS; the FCS word is
    /// appended as zeros) and raises RSFL as the chip does.
    pub fn push_rx_frame(&self, frame: &[u8]) {
        let status = ((frame.len() as u32 + 4) & 0x3fff) << 16;
        let mut bytes = frame.to_vec();
        bytes.extend_from_slice(&[0; 4]);
        self.push_rx_raw(status, &bytes);
    }

    /// Queues a status word and the data bytes as the FIFO words they make
    /// (little-endian, zero-padded), whatever the status says.
    pub fn push_rx_raw(&self, status: u32, data: &[u8]) {
        let mut s = self.s.borrow_mut();
        for chunk in data.chunks(4) {
            let mut w = [0u8; 4];
            w[..chunk.len()].copy_from_slice(chunk);
            s.rx_data.push_back(u32::from_le_bytes(w));
        }
        s.rx_status.push_back(status);
        if s.rx_status.len() as u32 > (s.fifo_int & 0xff) {
            s.int_sts |= INT_RSFL;
        }
    }

    /// A frame that arrives just before the driver's next write to
    /// `INT_STS` (the window between its "FIFO empty" check and arming the
    /// RX interrupt, where clearing the status would swallow the event).
    pub fn arrive_before_next_int_sts_write(&self, frame: &[u8]) {
        self.s.borrow_mut().arrival = Some(frame.to_vec());
    }

    /// Data words still in the RX data FIFO.
    pub fn rx_data_words(&self) -> usize {
        self.s.borrow().rx_data.len()
    }

    /// The frames the driver transmitted so far (taken).
    pub fn take_tx_frames(&self) -> Vec<Vec<u8>> {
        core::mem::take(&mut self.s.borrow_mut().tx_frames)
    }

    /// The raw words written to the TX data FIFO so far.
    pub fn tx_words(&self) -> Vec<u32> {
        self.s.borrow().tx_words.clone()
    }

    /// Sets the free TX FIFO space `TX_FIFO_INF` reports.
    pub fn set_tx_free(&self, bytes: u32) {
        self.s.borrow_mut().tx_free = bytes;
    }

    /// Puts a TX status word in the TX status FIFO.
    pub fn push_tx_status(&self, status: u32) {
        self.s.borrow_mut().tx_status.push_back(status);
    }

    /// A MAC register's value (through no CSR window: the test's view).
    pub fn mac_reg(&self, reg: u32) -> u32 {
        self.s.borrow().mac[(reg & 0xf) as usize]
    }

    /// A PHY register's value.
    pub fn phy_reg(&self, reg: u32) -> u16 {
        self.s.borrow().phy[(reg & 0x1f) as usize]
    }

    /// The cable: link up or down, raising the PHY interrupt sources.
    pub fn set_link(&self, up: bool) {
        let mut s = self.s.borrow_mut();
        if up {
            s.phy[PHY_BSR as usize] |= 0x0024;
            s.phy_isr |= PHY_INT_ANCOMP;
        } else {
            s.phy[PHY_BSR as usize] &= !0x0024;
            s.phy_isr |= PHY_INT_DOWN;
        }
    }

    /// `INT_STS` as the chip computes it (PHY_INT from the PHY's sources).
    fn int_sts(s: &State) -> u32 {
        let phy = if s.phy_isr & s.phy[PHY_IMR as usize] != 0 {
            INT_PHY
        } else {
            0
        };
        (s.int_sts & !INT_PHY) | phy
    }

    /// The interrupt line: enabled, and an enabled source pending.
    pub fn irq_line(&self) -> bool {
        let s = self.s.borrow();
        s.irq_cfg & IRQ_EN != 0 && FakeRegs::int_sts(&s) & s.int_en != 0
    }

    /// A register's current value as the driver would read it (without
    /// popping or logging).
    pub fn peek(&self, offset: u32) -> u32 {
        let s = self.s.borrow();
        match offset {
            INT_STS => FakeRegs::int_sts(&s),
            INT_EN => s.int_en,
            IRQ_CFG => s.irq_cfg,
            FIFO_INT => s.fifo_int,
            RX_CFG => s.rx_cfg,
            TX_CFG => s.tx_cfg,
            HW_CFG => s.hw_cfg,
            AFC_CFG => s.afc_cfg,
            _ => 0,
        }
    }

    /// Every access so far.
    pub fn log(&self) -> Vec<Access> {
        self.s.borrow().log.clone()
    }

    fn mac_access(s: &mut State, cmd: u32) {
        let reg = (cmd & 0xf) as usize;
        if cmd & CSR_READ != 0 {
            s.mac_data = s.mac[reg];
            return;
        }
        let v = s.mac_data;
        s.mac[reg] = v;
        if reg as u32 == MAC_MII_ACC {
            let phy_reg = ((v >> 6) & 0x1f) as usize;
            let phy_addr = (v >> 11) & 0x1f;
            s.mac[reg] = v & !MII_BUSY;
            if phy_addr != PHY_ADDR {
                s.mac[MAC_MII_DATA as usize] = 0xffff;
            } else if v & MII_WRITE != 0 {
                let data = s.mac[MAC_MII_DATA as usize] as u16;
                if phy_reg == PHY_BCR as usize && data & BCR_RESET != 0 {
                    s.phy[0] = 0x3000 | BCR_RESET;
                    s.phy_reset_reads = 2;
                } else {
                    s.phy[phy_reg] = data;
                }
            } else {
                let value = if phy_reg == PHY_ISR as usize {
                    core::mem::take(&mut s.phy_isr)
                } else {
                    if phy_reg == PHY_BCR as usize && s.phy_reset_reads > 0 {
                        s.phy_reset_reads -= 1;
                        if s.phy_reset_reads == 0 {
                            s.phy[0] &= !BCR_RESET;
                        }
                    }
                    s.phy[phy_reg]
                };
                s.mac[MAC_MII_DATA as usize] = u32::from(value);
            }
        }
    }

    fn tx_push(s: &mut State, word: u32) {
        s.tx_words.push(word);
        // Decode the stream: command A, command B, data words.
        let mut i = 0;
        let words = &s.tx_words;
        let mut frames = Vec::new();
        while i + 2 <= words.len() {
            let a = words[i];
            let len = (a & 0x7ff) as usize;
            let n = len.div_ceil(4);
            if i + 2 + n > words.len() {
                break;
            }
            let mut frame = Vec::with_capacity(len);
            for w in &words[i + 2..i + 2 + n] {
                frame.extend_from_slice(&w.to_le_bytes());
            }
            frame.truncate(len);
            frames.push((words[i + 1], frame));
            i += 2 + n;
        }
        if let Some((b, frame)) = frames.pop() {
            if i == words.len() {
                s.tx_words.clear();
                s.tx_status.push_back(b & 0xffff_0000);
                s.tx_frames.push(frame);
            }
        }
    }
}

impl Regs for FakeRegs {
    fn read(&self, offset: u32) -> u32 {
        let mut s = self.s.borrow_mut();
        let v = match offset {
            0x00..=0x1c => match s.rx_data.pop_front() {
                Some(w) => w,
                None => {
                    s.int_sts |= INT_RXE;
                    0
                }
            },
            RX_STATUS_FIFO => s.rx_status.pop_front().unwrap_or(0),
            TX_STATUS_FIFO => s.tx_status.pop_front().unwrap_or(0),
            ID_REV => 0x0118_0001,
            BYTE_TEST => s.byte_test,
            HW_CFG => {
                if s.srst_reads > 0 {
                    s.srst_reads = s.srst_reads.saturating_sub(1);
                    s.hw_cfg | HW_CFG_SRST
                } else {
                    s.hw_cfg
                }
            }
            PMT_CTRL => PMT_READY,
            RX_FIFO_INF => {
                (s.rx_status.len().min(0xff) as u32) << 16
                    | (s.rx_data.len() as u32 * 4).min(0xffff)
            }
            TX_FIFO_INF => (s.tx_status.len().min(0xff) as u32) << 16 | s.tx_free,
            MAC_CSR_CMD => s.mac_cmd,
            MAC_CSR_DATA => s.mac_data,
            _ => {
                drop(s);
                let v = self.peek(offset);
                s = self.s.borrow_mut();
                v
            }
        };
        s.log.push(Access::Read(offset, v));
        v
    }

    fn write(&self, offset: u32, value: u32) {
        if offset == INT_STS {
            let arrival = self.s.borrow_mut().arrival.take();
            if let Some(frame) = arrival {
                self.push_rx_frame(&frame);
            }
        }
        let mut s = self.s.borrow_mut();
        s.log.push(Access::Write(offset, value));
        match offset {
            0x20..=0x3c => FakeRegs::tx_push(&mut s, value),
            INT_STS => s.int_sts &= !value,
            INT_EN => s.int_en = value,
            IRQ_CFG => s.irq_cfg = value & (IRQ_EN | IRQ_POL | IRQ_TYPE),
            FIFO_INT => s.fifo_int = value,
            RX_CFG => s.rx_cfg = value,
            TX_CFG => s.tx_cfg = value,
            HW_CFG => {
                if value & HW_CFG_SRST != 0 {
                    let srst = s.srst_reads;
                    let fresh = FakeRegs::new().s.into_inner();
                    let log = core::mem::take(&mut s.log);
                    // The board (bus, cable, link partner) survives the reset.
                    let byte_test = s.byte_test;
                    let partner = s.phy[PHY_ANLPAR as usize];
                    *s = fresh;
                    s.log = log;
                    s.byte_test = byte_test;
                    s.phy[PHY_ANLPAR as usize] = partner;
                    s.srst_reads = if srst == u32::MAX { u32::MAX } else { 3 };
                } else {
                    s.hw_cfg = value;
                }
            }
            AFC_CFG => s.afc_cfg = value,
            MAC_CSR_DATA => s.mac_data = value,
            MAC_CSR_CMD => {
                s.mac_cmd = value & !CSR_BUSY;
                if value & CSR_BUSY != 0 {
                    FakeRegs::mac_access(&mut s, value);
                }
            }
            _ => {}
        }
    }
}
