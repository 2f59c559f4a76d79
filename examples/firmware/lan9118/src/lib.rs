//! An [`embassy_net_driver::Driver`] for the SMSC LAN9118 Ethernet
//! controller (and the software-compatible LAN9220 of Arm's MPS2 boards,
//! which QEMU's `mps2-an385`/`mps2-an386` model as a LAN9118).
//!
//! Programmed I/O: frames are copied through the chip's TX and RX data
//! FIFOs one 32-bit word at a time; each received frame has a status word
//! (length, error summary) in the RX status FIFO. The interrupt line is
//! driven by `INT_STS & INT_EN`; [`Shared::on_interrupt`] (call it from the
//! board's IRQ handler) masks what fired and wakes the stack, and the
//! driver re-arms a source when it has to wait for it. Link state comes
//! from the internal PHY's registers, read through the MAC CSR window.
//!
//! Register access goes through the [`Regs`] trait: the board implements it
//! with volatile MMIO, the tests (and the fuzz target) with
//! [`fake::FakeRegs`] (feature `fake`).
//!
//! ```
//! # #[cfg(feature = "fake")] {
//! use baton_lan9118::{fake::FakeRegs, Lan9118, Shared};
//! static SHARED: Shared = Shared::new();
//! let regs = FakeRegs::new();
//! let mut eth = Lan9118::new(&regs, &SHARED, [2, 0, 0, 0, 0, 1]).unwrap();
//! regs.push_rx_frame(&[0xff; 60]);
//! let (frame, _) = eth.poll_receive().unwrap();
//! assert_eq!(frame, &[0xff; 60][..]);
//! # }
//! ```
#![no_std]
#![deny(unsafe_code)]
#![warn(missing_docs)]

#[cfg(feature = "fake")]
pub mod fake;
pub mod regs;

use core::sync::atomic::{AtomicU32, Ordering};
use core::task::Context;

use embassy_net_driver::{Capabilities, HardwareAddress, LinkState};
use embassy_sync::waitqueue::AtomicWaker;

pub use regs::Regs;
use regs::*;

/// Largest Ethernet frame handed to or taken from the stack (header and
/// payload, no FCS).
pub const MTU: usize = 1514;
/// The RX buffer: a frame, its 4-byte FCS and room for a VLAN tag.
const RX_BYTES: usize = 1524;
/// TX FIFO space one frame needs: two command words and the data.
const TX_NEED: u32 = 8 + MTU as u32 + 3;
/// Bounded waits for the chip (soft reset, PHY reset, CSR busy).
const SPIN: u32 = 100_000;

/// Why the chip could not be brought up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Error {
    /// `BYTE_TEST` did not read 0x87654321: no LAN9118 at this address.
    NotFound,
    /// The chip (soft reset, `PMT_CTRL` ready, the MAC CSR window or the
    /// MII bus) did not finish within the bounded wait.
    Timeout,
}

/// What the driver and its interrupt handler share (a `static` on the
/// board): the waker of the network stack.
pub struct Shared {
    waker: AtomicWaker,
    rx_frames: AtomicU32,
    rx_dropped: AtomicU32,
    tx_frames: AtomicU32,
    tx_errors: AtomicU32,
}

impl Shared {
    /// Nothing registered yet.
    pub const fn new() -> Self {
        Shared {
            waker: AtomicWaker::new(),
            rx_frames: AtomicU32::new(0),
            rx_dropped: AtomicU32::new(0),
            tx_frames: AtomicU32::new(0),
            tx_errors: AtomicU32::new(0),
        }
    }

    /// The driver's counters (readable from anywhere, e.g. a diagnostic task).
    pub fn stats(&self) -> Stats {
        Stats {
            rx_frames: self.rx_frames.load(Ordering::Relaxed),
            rx_dropped: self.rx_dropped.load(Ordering::Relaxed),
            tx_frames: self.tx_frames.load(Ordering::Relaxed),
            tx_errors: self.tx_errors.load(Ordering::Relaxed),
        }
    }

    /// The IRQ handler's work: masks the sources that fired (so the line
    /// drops; the driver re-arms them when it waits again) and wakes the
    /// stack. Call it from the board's handler for the chip's interrupt.
    ///
    /// ```
    /// # #[cfg(feature = "fake")] {
    /// use baton_lan9118::{fake::FakeRegs, Lan9118, Shared};
    /// use embassy_net_driver::Driver;
    /// static SHARED: Shared = Shared::new();
    /// let regs = FakeRegs::new();
    /// let mut eth = Lan9118::new(&regs, &SHARED, [2, 0, 0, 0, 0, 1]).unwrap();
    /// let mut cx = core::task::Context::from_waker(core::task::Waker::noop());
    /// assert!(eth.receive(&mut cx).is_none()); // arms the RX interrupt
    /// regs.push_rx_frame(&[0xff; 60]);
    /// assert!(regs.irq_line());
    /// SHARED.on_interrupt(&&regs); // in the board's IRQ handler
    /// assert!(!regs.irq_line());
    /// # }
    /// ```
    pub fn on_interrupt<R: Regs>(&self, regs: &R) {
        let enabled = regs.read(INT_EN);
        let fired = regs.read(INT_STS) & enabled;
        if fired != 0 {
            regs.write(INT_EN, enabled & !fired);
            self.waker.wake();
        }
    }
}

impl Default for Shared {
    fn default() -> Self {
        Shared::new()
    }
}

/// Counters of frames the driver dropped or the chip reported as failed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    /// Frames received and handed to the stack.
    pub rx_frames: u32,
    /// Received frames dropped: error summary set, shorter than a header
    /// plus FCS, or longer than the buffer.
    pub rx_dropped: u32,
    /// Frames written to the TX FIFO.
    pub tx_frames: u32,
    /// TX status words with the error summary set.
    pub tx_errors: u32,
}

/// The driver: the chip's registers, the shared waker, the MAC address and
/// one frame buffer each way.
pub struct Lan9118<'d, R: Regs> {
    regs: R,
    shared: &'d Shared,
    mac: [u8; 6],
    link: LinkState,
    rx: [u8; RX_BYTES],
    /// Length of a good frame held in `rx` (not yet handed over), or 0.
    held: usize,
    tx: [u8; MTU],
}

impl<'d, R: Regs> Lan9118<'d, R> {
    /// Resets the chip and brings it up: soft reset, MAC address, PHY
    /// auto-negotiation, receiver and transmitter on (perfect MAC address
    /// filter plus broadcast and multicast), interrupts on an active-high
    /// push-pull line.
    pub fn new(regs: R, shared: &'d Shared, mac: [u8; 6]) -> Result<Self, Error> {
        if regs.read(BYTE_TEST) != BYTE_TEST_VALUE {
            return Err(Error::NotFound);
        }
        regs.write(HW_CFG, HW_CFG_SRST);
        spin(|| regs.read(HW_CFG) & HW_CFG_SRST == 0)?;
        spin(|| regs.read(PMT_CTRL) & PMT_READY != 0)?;
        regs.write(HW_CFG, HW_CFG_MBO | HW_CFG_TX_FIF_SZ_5);
        // Flow control thresholds from the datasheet's recommended value.
        regs.write(AFC_CFG, 0x006e_3740);
        let mut eth = Lan9118 {
            regs,
            shared,
            mac,
            link: LinkState::Down,
            rx: [0; RX_BYTES],
            held: 0,
            tx: [0; MTU],
        };
        eth.mac_write(
            MAC_ADDRL,
            u32::from_le_bytes([mac[0], mac[1], mac[2], mac[3]]),
        )?;
        eth.mac_write(MAC_ADDRH, u32::from(mac[4]) | u32::from(mac[5]) << 8)?;

        eth.phy_write(PHY_BCR, BCR_RESET)?;
        spin(|| matches!(eth.phy_read(PHY_BCR), Ok(v) if v & BCR_RESET == 0))?;
        eth.phy_write(PHY_ANAR, ANAR_ALL)?;
        eth.phy_write(PHY_BCR, BCR_ANENABLE | BCR_ANRESTART)?;
        eth.phy_write(PHY_IMR, PHY_INT_ANCOMP | PHY_INT_DOWN)?;

        // RX status level 0 (any frame raises RSFL), TX data available
        // once a whole frame fits (in 64-byte units).
        eth.regs.write(FIFO_INT, (TX_NEED.div_ceil(64)) << 24);
        eth.regs.write(RX_CFG, 0);
        eth.regs.write(TX_CFG, TX_CFG_TX_ON | TX_CFG_TXSAO);
        eth.update_link()?;
        eth.regs.write(INT_STS, u32::MAX);
        eth.regs.write(INT_EN, INT_RSFL | INT_PHY);
        eth.regs.write(IRQ_CFG, IRQ_EN | IRQ_POL | IRQ_TYPE);
        Ok(eth)
    }

    /// The counters.
    pub fn stats(&self) -> Stats {
        self.shared.stats()
    }

    /// Reads the PHY, sets the MAC's duplex to what auto-negotiation agreed
    /// and turns the MAC on (`MAC_CR`: TX and RX enabled, all multicast,
    /// not promiscuous).
    fn update_link(&mut self) -> Result<(), Error> {
        // The source register clears on read (and with it INT_STS.PHY_INT).
        self.phy_read(PHY_ISR)?;
        // The link bit latches low: the second read is the current state.
        self.phy_read(PHY_BSR)?;
        let up = self.phy_read(PHY_BSR)? & BSR_LINK != 0;
        let common = self.phy_read(PHY_ANAR)? & self.phy_read(PHY_ANLPAR)?;
        let mut cr = MAC_CR_TXEN | MAC_CR_RXEN | MAC_CR_MCPAS;
        if common & (AN_100FD | AN_10FD) != 0 {
            cr |= MAC_CR_FDPX;
        }
        self.mac_write(MAC_CR, cr)?;
        self.link = if up { LinkState::Up } else { LinkState::Down };
        Ok(())
    }

    fn mac_wait(&self) -> Result<(), Error> {
        spin(|| self.regs.read(MAC_CSR_CMD) & CSR_BUSY == 0)
    }

    fn mac_write(&self, reg: u32, value: u32) -> Result<(), Error> {
        self.mac_wait()?;
        self.regs.write(MAC_CSR_DATA, value);
        self.regs.write(MAC_CSR_CMD, CSR_BUSY | reg);
        self.mac_wait()
    }

    fn mac_read(&self, reg: u32) -> Result<u32, Error> {
        self.mac_wait()?;
        self.regs.write(MAC_CSR_CMD, CSR_BUSY | CSR_READ | reg);
        self.mac_wait()?;
        Ok(self.regs.read(MAC_CSR_DATA))
    }

    fn mii_wait(&self) -> Result<(), Error> {
        let mut result = Ok(());
        spin(|| match self.mac_read(MAC_MII_ACC) {
            Ok(v) => v & MII_BUSY == 0,
            Err(e) => {
                result = Err(e);
                true
            }
        })?;
        result
    }

    fn phy_read(&self, reg: u32) -> Result<u16, Error> {
        self.mii_wait()?;
        self.mac_write(MAC_MII_ACC, PHY_ADDR << 11 | reg << 6 | MII_BUSY)?;
        self.mii_wait()?;
        Ok(self.mac_read(MAC_MII_DATA)? as u16)
    }

    fn phy_write(&self, reg: u32, value: u16) -> Result<(), Error> {
        self.mii_wait()?;
        self.mac_write(MAC_MII_DATA, u32::from(value))?;
        self.mac_write(
            MAC_MII_ACC,
            PHY_ADDR << 11 | reg << 6 | MII_WRITE | MII_BUSY,
        )?;
        self.mii_wait()
    }

    /// Registers `cx`'s waker, then enables `bits` in `INT_EN` (after
    /// clearing their latched status), so an event from now on wakes it.
    fn arm(&self, cx: &mut Context<'_>, bits: u32) {
        self.shared.waker.register(cx.waker());
        self.regs.write(INT_STS, bits);
        let en = self.regs.read(INT_EN);
        self.regs.write(INT_EN, en | bits);
    }

    /// Status words waiting in the RX status FIFO.
    fn rx_pending(&self) -> u32 {
        (self.regs.read(RX_FIFO_INF) >> 16) & 0xff
    }

    /// Takes frames off the RX FIFOs until one is good (it lands in the
    /// buffer; its length without FCS is returned) or the status FIFO is
    /// empty. A bad frame's words are read and dropped (the fast-forward
    /// command is not used: QEMU's model of it loses FIFO accounting).
    fn take_frame(&mut self) -> Option<usize> {
        if self.held > 0 {
            return Some(core::mem::take(&mut self.held));
        }
        while self.rx_pending() > 0 {
            let status = self.regs.read(RX_STATUS_FIFO);
            let len = ((status >> 16) & 0x3fff) as usize;
            let words = len.div_ceil(4);
            if status & RXS_ES != 0 || !(14 + 4..=RX_BYTES).contains(&len) {
                for _ in 0..words {
                    self.regs.read(RX_DATA_FIFO);
                }
                self.shared.rx_dropped.fetch_add(1, Ordering::Relaxed);
                continue;
            }
            for w in self.rx.chunks_exact_mut(4).take(words) {
                w.copy_from_slice(&self.regs.read(RX_DATA_FIFO).to_le_bytes());
            }
            self.shared.rx_frames.fetch_add(1, Ordering::Relaxed);
            return Some((len - 4).min(MTU));
        }
        None
    }

    /// Receives one frame without a [`Context`] (the board's tests and the
    /// fuzz target): the frame and the driver's statistics, or `None` when
    /// the RX FIFO holds no good frame.
    pub fn poll_receive(&mut self) -> Option<(&[u8], Stats)> {
        let len = self.take_frame()?;
        Some((&self.rx[..len], self.shared.stats()))
    }

    /// Pops the TX status FIFO (counting failed frames) and says whether a
    /// whole frame fits in the TX data FIFO.
    fn tx_ready(&mut self) -> bool {
        let inf = self.regs.read(TX_FIFO_INF);
        for _ in 0..(inf >> 16) & 0xff {
            if self.regs.read(TX_STATUS_FIFO) & TXS_ES != 0 {
                self.shared.tx_errors.fetch_add(1, Ordering::Relaxed);
            }
        }
        inf & 0xffff >= TX_NEED
    }
}

/// Spins on `done` up to [`SPIN`] times.
fn spin(mut done: impl FnMut() -> bool) -> Result<(), Error> {
    for _ in 0..SPIN {
        if done() {
            return Ok(());
        }
    }
    Err(Error::Timeout)
}

/// A received frame (in the driver's buffer).
pub struct RxToken<'a> {
    frame: &'a mut [u8],
}

impl embassy_net_driver::RxToken for RxToken<'_> {
    fn consume<T, F: FnOnce(&mut [u8]) -> T>(self, f: F) -> T {
        f(self.frame)
    }
}

/// Room for one frame in the TX FIFO.
pub struct TxToken<'a, R: Regs> {
    regs: &'a R,
    buf: &'a mut [u8; MTU],
    shared: &'a Shared,
}

impl<R: Regs> embassy_net_driver::TxToken for TxToken<'_, R> {
    fn consume<T, F: FnOnce(&mut [u8]) -> T>(self, len: usize, f: F) -> T {
        let len = len.min(MTU);
        let frame = &mut self.buf[..len];
        let result = f(frame);
        // One segment, 4-byte end alignment, no data offset; the tag in
        // command B is the length (it comes back in the status word).
        let len32 = len as u32;
        self.regs.write(TX_DATA_FIFO, TXA_FIRST | TXA_LAST | len32);
        self.regs.write(TX_DATA_FIFO, len32 << 16 | len32);
        for chunk in frame.chunks(4) {
            let mut word = [0u8; 4];
            word[..chunk.len()].copy_from_slice(chunk);
            self.regs.write(TX_DATA_FIFO, u32::from_le_bytes(word));
        }
        self.shared.tx_frames.fetch_add(1, Ordering::Relaxed);
        result
    }
}

impl<R: Regs> embassy_net_driver::Driver for Lan9118<'_, R> {
    type RxToken<'a>
        = RxToken<'a>
    where
        Self: 'a;
    type TxToken<'a>
        = TxToken<'a, R>
    where
        Self: 'a;

    fn receive(&mut self, cx: &mut Context<'_>) -> Option<(RxToken<'_>, TxToken<'_, R>)> {
        let len = match self.take_frame() {
            Some(len) => len,
            None => {
                self.arm(cx, INT_RSFL);
                // A frame that arrived before the arm raised no interrupt.
                self.take_frame()?
            }
        };
        if !self.tx_ready() {
            // Hold the frame: it is handed over when TX space is back.
            self.held = len;
            self.arm(cx, INT_TDFA);
            return None;
        }
        let Lan9118 {
            regs,
            rx,
            tx,
            shared,
            ..
        } = self;
        Some((
            RxToken {
                frame: &mut rx[..len],
            },
            TxToken {
                regs,
                buf: tx,
                shared,
            },
        ))
    }

    fn transmit(&mut self, cx: &mut Context<'_>) -> Option<TxToken<'_, R>> {
        if !self.tx_ready() {
            self.arm(cx, INT_TDFA);
            if !self.tx_ready() {
                return None;
            }
        }
        Some(TxToken {
            regs: &self.regs,
            buf: &mut self.tx,
            shared: self.shared,
        })
    }

    fn link_state(&mut self, cx: &mut Context<'_>) -> LinkState {
        if self.regs.read(INT_STS) & INT_PHY != 0 {
            // A PHY read failing leaves the last known state.
            let _ = self.update_link();
        }
        if self.regs.read(INT_EN) & INT_PHY == 0 {
            self.arm(cx, INT_PHY);
        } else {
            self.shared.waker.register(cx.waker());
        }
        self.link
    }

    fn capabilities(&self) -> Capabilities {
        let mut caps = Capabilities::default();
        caps.max_transmission_unit = MTU;
        caps.max_burst_size = Some(1);
        caps
    }

    fn hardware_address(&self) -> HardwareAddress {
        HardwareAddress::Ethernet(self.mac)
    }
}
