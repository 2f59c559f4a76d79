//! The LAN9118 register map (byte offsets from the chip's base address) and
//! the bits this driver uses, as the LAN9118 datasheet (SMSC, rev. 1.5,
//! section 5) names them.

/// Register access: one 32-bit word at a byte offset from the chip's base.
///
/// The board implements it with volatile MMIO; the host tests and the fuzz
/// target with [`crate::fake::FakeRegs`]. Reads of the FIFO ports pop, so
/// `read` is not idempotent.
pub trait Regs {
    /// Reads the 32-bit register at `offset`.
    fn read(&self, offset: u32) -> u32;
    /// Writes `value` to the 32-bit register at `offset`.
    fn write(&self, offset: u32, value: u32);
}

impl<R: Regs + ?Sized> Regs for &R {
    fn read(&self, offset: u32) -> u32 {
        (**self).read(offset)
    }
    fn write(&self, offset: u32, value: u32) {
        (**self).write(offset, value)
    }
}

/// RX data FIFO port (0x00..0x1c alias it).
pub const RX_DATA_FIFO: u32 = 0x00;
/// TX data FIFO port (0x20..0x3c alias it).
pub const TX_DATA_FIFO: u32 = 0x20;
/// RX status FIFO port (pops).
pub const RX_STATUS_FIFO: u32 = 0x40;
/// TX status FIFO port (pops).
pub const TX_STATUS_FIFO: u32 = 0x48;
/// Chip ID (high 16 bits: 0x0118 for the LAN9118) and revision.
pub const ID_REV: u32 = 0x50;
/// IRQ pin configuration.
pub const IRQ_CFG: u32 = 0x54;
/// Interrupt status (write 1 to clear).
pub const INT_STS: u32 = 0x58;
/// Interrupt enable.
pub const INT_EN: u32 = 0x5c;
/// Reads 0x87654321 once the bus interface is up.
pub const BYTE_TEST: u32 = 0x64;
/// FIFO level interrupt thresholds.
pub const FIFO_INT: u32 = 0x68;
/// Receive configuration.
pub const RX_CFG: u32 = 0x6c;
/// Transmit configuration.
pub const TX_CFG: u32 = 0x70;
/// Hardware configuration (soft reset, TX FIFO size).
pub const HW_CFG: u32 = 0x74;
/// RX FIFO information: status words used (23:16), data bytes used (15:0).
pub const RX_FIFO_INF: u32 = 0x7c;
/// TX FIFO information: status words used (23:16), data bytes free (15:0).
pub const TX_FIFO_INF: u32 = 0x80;
/// Power management control (bit 0: device ready).
pub const PMT_CTRL: u32 = 0x84;
/// Automatic flow control configuration.
pub const AFC_CFG: u32 = 0xac;
/// MAC CSR window: command.
pub const MAC_CSR_CMD: u32 = 0xa4;
/// MAC CSR window: data.
pub const MAC_CSR_DATA: u32 = 0xa8;

/// The value [`BYTE_TEST`] reads.
pub const BYTE_TEST_VALUE: u32 = 0x8765_4321;

/// `IRQ_CFG`: IRQ output enabled.
pub const IRQ_EN: u32 = 1 << 8;
/// `IRQ_CFG`: active high.
pub const IRQ_POL: u32 = 1 << 4;
/// `IRQ_CFG`: push-pull output.
pub const IRQ_TYPE: u32 = 1 << 0;

/// `INT_STS`/`INT_EN`: TX data FIFO available (free space above `FIFO_INT` level).
pub const INT_TDFA: u32 = 1 << 9;
/// `INT_STS`/`INT_EN`: RX status FIFO level (more status words than `FIFO_INT` level).
pub const INT_RSFL: u32 = 1 << 3;
/// `INT_STS`/`INT_EN`: PHY interrupt (PHY register 29 has a source set).
pub const INT_PHY: u32 = 1 << 18;
/// `INT_STS`/`INT_EN`: receiver error (e.g. RX FIFO underrun by the host).
pub const INT_RXE: u32 = 1 << 14;
/// `INT_STS`/`INT_EN`: transmitter error.
pub const INT_TXE: u32 = 1 << 13;

/// `HW_CFG`: soft reset (self-clearing).
pub const HW_CFG_SRST: u32 = 1 << 0;
/// `HW_CFG`: must be written as one.
pub const HW_CFG_MBO: u32 = 1 << 20;
/// `HW_CFG`: TX FIFO size field (KiB; 5 is the reset default: 4608 B of TX data).
pub const HW_CFG_TX_FIF_SZ_5: u32 = 5 << 16;
/// `PMT_CTRL`: device ready.
pub const PMT_READY: u32 = 1 << 0;
/// `TX_CFG`: transmitter on.
pub const TX_CFG_TX_ON: u32 = 1 << 1;
/// `TX_CFG`: TX status FIFO may overrun (statuses are informational here).
pub const TX_CFG_TXSAO: u32 = 1 << 2;

/// `MAC_CSR_CMD`: busy (set to start, clears when done).
pub const CSR_BUSY: u32 = 1 << 31;
/// `MAC_CSR_CMD`: read (clear: write).
pub const CSR_READ: u32 = 1 << 30;

/// MAC register: control.
pub const MAC_CR: u32 = 1;
/// MAC register: address bytes 4..5.
pub const MAC_ADDRH: u32 = 2;
/// MAC register: address bytes 0..3.
pub const MAC_ADDRL: u32 = 3;
/// MAC register: MII access (PHY address 15:11, register 10:6, write bit 1, busy bit 0).
pub const MAC_MII_ACC: u32 = 6;
/// MAC register: MII data.
pub const MAC_MII_DATA: u32 = 7;

/// `MAC_CR`: receive all (promiscuous).
pub const MAC_CR_PRMS: u32 = 1 << 18;
/// `MAC_CR`: pass all multicast frames (IPv6 neighbour discovery's
/// solicited-node groups; the IP stack filters them).
pub const MAC_CR_MCPAS: u32 = 1 << 19;
/// `MAC_CR`: full duplex.
pub const MAC_CR_FDPX: u32 = 1 << 20;
/// `MAC_CR`: transmitter enabled.
pub const MAC_CR_TXEN: u32 = 1 << 3;
/// `MAC_CR`: receiver enabled.
pub const MAC_CR_RXEN: u32 = 1 << 2;

/// `MAC_MII_ACC`: busy.
pub const MII_BUSY: u32 = 1 << 0;
/// `MAC_MII_ACC`: write.
pub const MII_WRITE: u32 = 1 << 1;
/// The internal PHY's address.
pub const PHY_ADDR: u32 = 1;

/// PHY register: basic control.
pub const PHY_BCR: u32 = 0;
/// PHY register: basic status.
pub const PHY_BSR: u32 = 1;
/// PHY register: auto-negotiation advertisement.
pub const PHY_ANAR: u32 = 4;
/// PHY register: auto-negotiation link partner ability.
pub const PHY_ANLPAR: u32 = 5;
/// PHY register: interrupt source (clears on read).
pub const PHY_ISR: u32 = 29;
/// PHY register: interrupt mask.
pub const PHY_IMR: u32 = 30;

/// `PHY_BCR`: reset (self-clearing).
pub const BCR_RESET: u16 = 1 << 15;
/// `PHY_BCR`: auto-negotiation enable.
pub const BCR_ANENABLE: u16 = 1 << 12;
/// `PHY_BCR`: restart auto-negotiation.
pub const BCR_ANRESTART: u16 = 1 << 9;
/// `PHY_BSR`: link up.
pub const BSR_LINK: u16 = 1 << 2;
/// `PHY_ANAR`: 10/100, half and full duplex, IEEE 802.3 selector.
pub const ANAR_ALL: u16 = 0x01e1;
/// `PHY_ANAR`/`PHY_ANLPAR`: 100BASE-TX full duplex.
pub const AN_100FD: u16 = 1 << 8;
/// `PHY_ANAR`/`PHY_ANLPAR`: 10BASE-T full duplex.
pub const AN_10FD: u16 = 1 << 6;
/// `PHY_ISR`/`PHY_IMR`: auto-negotiation complete.
pub const PHY_INT_ANCOMP: u16 = 1 << 6;
/// `PHY_ISR`/`PHY_IMR`: link down.
pub const PHY_INT_DOWN: u16 = 1 << 4;

/// TX command A: interrupt on completion is not used; first segment.
pub const TXA_FIRST: u32 = 1 << 13;
/// TX command A: last segment.
pub const TXA_LAST: u32 = 1 << 12;

/// RX status: error summary.
pub const RXS_ES: u32 = 1 << 15;
/// TX status: error summary.
pub const TXS_ES: u32 = 1 << 15;
