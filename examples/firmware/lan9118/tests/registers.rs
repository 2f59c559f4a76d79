//! The driver's register sequences against the fake register block: bring-up,
//! the RX path (good, bad, runt, oversized frames; FIFO left consistent),
//! the TX word stream, interrupts (arm, mask in the handler, wake) and link
//! state from the PHY.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Wake, Waker};

use baton_lan9118::fake::{Access, FakeRegs};
use baton_lan9118::regs::*;
use baton_lan9118::{Error, Lan9118, Shared, MTU};
use embassy_net_driver::{Driver, LinkState, RxToken, TxToken};

const MAC: [u8; 6] = [0x02, 0xba, 0x70, 0x00, 0x00, 0x03];

struct Count(AtomicUsize);
impl Wake for Count {
    fn wake(self: Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
    fn wake_by_ref(self: &Arc<Self>) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

fn waker() -> (Arc<Count>, Waker) {
    let c = Arc::new(Count(AtomicUsize::new(0)));
    (c.clone(), Waker::from(c))
}

fn up<'a>(regs: &'a FakeRegs, shared: &'static Shared) -> Lan9118<'static, &'a FakeRegs> {
    Lan9118::new(regs, shared, MAC).expect("chip comes up")
}

fn shared() -> &'static Shared {
    Box::leak(Box::new(Shared::new()))
}

fn frame(len: usize, seed: u8) -> Vec<u8> {
    (0..len).map(|i| (i as u8).wrapping_mul(7) ^ seed).collect()
}

fn receive(eth: &mut Lan9118<'_, &FakeRegs>, cx: &mut Context<'_>) -> Option<Vec<u8>> {
    let (rx, _tx) = eth.receive(cx)?;
    Some(rx.consume(|b| b.to_vec()))
}

#[test]
fn bring_up_checks_byte_test_and_reports_a_missing_chip() {
    let regs = FakeRegs::absent();
    assert_eq!(
        Lan9118::new(&regs, shared(), MAC).err(),
        Some(Error::NotFound)
    );
    // Nothing was written to a chip that is not there.
    assert!(regs.log().iter().all(|a| matches!(a, Access::Read(..))));
}

#[test]
fn bring_up_times_out_when_soft_reset_never_completes() {
    let regs = FakeRegs::stuck_in_reset();
    assert_eq!(
        Lan9118::new(&regs, shared(), MAC).err(),
        Some(Error::Timeout)
    );
}

#[test]
fn bring_up_soft_resets_first_then_programs_mac_phy_fifos_and_irq() {
    let regs = FakeRegs::new();
    let eth = up(&regs, shared());
    let log = regs.log();
    let first_write = log.iter().find(|a| matches!(a, Access::Write(..)));
    assert_eq!(first_write, Some(&Access::Write(HW_CFG, HW_CFG_SRST)));
    // MAC address as the chip's ADDRL/ADDRH hold it (byte 0 lowest).
    assert_eq!(regs.mac_reg(MAC_ADDRL), 0x0070_ba02);
    assert_eq!(regs.mac_reg(MAC_ADDRH), 0x0300);
    // Receiver and transmitter on, perfect filter (not promiscuous), full
    // duplex as the partner offers it.
    let cr = regs.mac_reg(MAC_CR);
    assert_eq!(cr & (MAC_CR_TXEN | MAC_CR_RXEN), MAC_CR_TXEN | MAC_CR_RXEN);
    assert_eq!(cr & MAC_CR_PRMS, 0);
    // Multicast passes (IPv6 neighbour discovery).
    assert_ne!(cr & MAC_CR_MCPAS, 0);
    assert_ne!(cr & MAC_CR_FDPX, 0);
    // PHY: auto-negotiation on, interrupts for completion and link down.
    assert_ne!(regs.phy_reg(PHY_BCR) & BCR_ANENABLE, 0);
    assert_eq!(regs.phy_reg(PHY_IMR), PHY_INT_ANCOMP | PHY_INT_DOWN);
    assert_eq!(regs.phy_reg(PHY_ANAR), ANAR_ALL);
    // TX on; RX data offset 0; RSFL at any frame; active-high push-pull IRQ.
    assert_eq!(regs.peek(TX_CFG) & TX_CFG_TX_ON, TX_CFG_TX_ON);
    assert_eq!(regs.peek(RX_CFG), 0);
    assert_eq!(regs.peek(FIFO_INT) & 0xff, 0);
    assert_eq!(regs.peek(IRQ_CFG), IRQ_EN | IRQ_POL | IRQ_TYPE);
    assert_eq!(regs.peek(INT_EN), INT_RSFL | INT_PHY);
    assert_eq!(
        eth.hardware_address(),
        embassy_net_driver::HardwareAddress::Ethernet(MAC)
    );
    assert_eq!(eth.capabilities().max_transmission_unit, MTU);
}

#[test]
fn half_duplex_partner_leaves_the_mac_in_half_duplex() {
    let regs = FakeRegs::new().half_duplex_partner();
    let _eth = up(&regs, shared());
    assert_eq!(regs.mac_reg(MAC_CR) & MAC_CR_FDPX, 0);
}

#[test]
fn a_received_frame_comes_out_byte_exact_without_fcs_at_every_length_mod_4() {
    let regs = FakeRegs::new();
    let mut eth = up(&regs, shared());
    let (_, w) = waker();
    let mut cx = Context::from_waker(&w);
    for len in [60, 61, 62, 63, 64, 1514] {
        let f = frame(len, len as u8);
        regs.push_rx_frame(&f);
        assert_eq!(receive(&mut eth, &mut cx), Some(f));
        assert_eq!(
            regs.rx_data_words(),
            0,
            "all words of a {len}-byte frame read"
        );
    }
    assert_eq!(eth.stats().rx_frames, 6);
}

#[test]
fn bad_runt_and_oversized_frames_are_drained_and_the_next_good_one_returned() {
    let regs = FakeRegs::new();
    let mut eth = up(&regs, shared());
    let (_, w) = waker();
    let mut cx = Context::from_waker(&w);
    // Error summary (CRC error): dropped.
    regs.push_rx_raw((64 << 16) | RXS_ES, &frame(64, 1));
    // A runt (10 bytes + FCS).
    regs.push_rx_raw(14 << 16, &frame(14, 2));
    // Longer than the buffer (2000 bytes claimed and present).
    regs.push_rx_raw(2000 << 16, &frame(2000, 3));
    let good = frame(100, 4);
    regs.push_rx_frame(&good);
    assert_eq!(receive(&mut eth, &mut cx), Some(good));
    assert_eq!(regs.rx_data_words(), 0);
    assert_eq!(eth.stats().rx_dropped, 3);
    assert_eq!(eth.stats().rx_frames, 1);
}

#[test]
fn no_frame_arms_rsfl_and_the_interrupt_wakes_the_stack_once_masked() {
    let regs = FakeRegs::new();
    let shared = shared();
    let mut eth = up(&regs, shared);
    let (count, w) = waker();
    let mut cx = Context::from_waker(&w);
    assert!(receive(&mut eth, &mut cx).is_none());
    assert_ne!(regs.peek(INT_EN) & INT_RSFL, 0);
    assert!(!regs.irq_line());
    regs.push_rx_frame(&frame(60, 9));
    assert!(regs.irq_line(), "a frame raises the line");
    shared.on_interrupt(&&regs);
    assert_eq!(
        count.0.load(Ordering::SeqCst),
        1,
        "the handler woke the stack"
    );
    assert!(!regs.irq_line(), "the handler masked the source");
    assert_eq!(regs.peek(INT_EN) & INT_RSFL, 0);
    // The frame is still there for the woken stack.
    assert_eq!(receive(&mut eth, &mut cx), Some(frame(60, 9)));
    // A spurious interrupt (nothing enabled pending) wakes nobody.
    shared.on_interrupt(&&regs);
    assert_eq!(count.0.load(Ordering::SeqCst), 1);
}

#[test]
fn a_frame_arriving_while_arming_is_not_missed() {
    // The frame lands after the "FIFO empty" check, just before arming
    // clears RSFL: no interrupt will come, so the re-check must find it.
    let regs = FakeRegs::new();
    let mut eth = up(&regs, shared());
    let (_, w) = waker();
    let mut cx = Context::from_waker(&w);
    regs.arrive_before_next_int_sts_write(&frame(70, 5));
    assert_eq!(receive(&mut eth, &mut cx), Some(frame(70, 5)));
}

#[test]
fn transmit_writes_command_a_b_then_little_endian_data_words() {
    let regs = FakeRegs::new();
    let mut eth = up(&regs, shared());
    let (_, w) = waker();
    let mut cx = Context::from_waker(&w);
    let f = frame(61, 0x5a);
    let tx = eth.transmit(&mut cx).expect("room in the TX FIFO");
    tx.consume(61, |b| b.copy_from_slice(&f));
    let words = regs.tx_words();
    assert!(words.is_empty(), "the fake consumed a whole frame");
    assert_eq!(regs.take_tx_frames(), vec![f]);
    let log = regs.log();
    let tx_writes: Vec<u32> = log
        .iter()
        .filter_map(|a| match a {
            Access::Write(o, v) if (0x20..=0x3c).contains(o) => Some(*v),
            _ => None,
        })
        .collect();
    assert_eq!(tx_writes[0], TXA_FIRST | TXA_LAST | 61);
    assert_eq!(tx_writes[1], 61 << 16 | 61);
    assert_eq!(tx_writes.len(), 2 + 16);
    assert_eq!(eth.stats().tx_frames, 1);
}

#[test]
fn a_reply_token_from_receive_transmits_too() {
    let regs = FakeRegs::new();
    let mut eth = up(&regs, shared());
    let (_, w) = waker();
    let mut cx = Context::from_waker(&w);
    regs.push_rx_frame(&frame(60, 1));
    let (rx, tx) = eth.receive(&mut cx).unwrap();
    let got = rx.consume(|b| b.to_vec());
    tx.consume(got.len(), |b| b.copy_from_slice(&got));
    assert_eq!(regs.take_tx_frames(), vec![frame(60, 1)]);
}

#[test]
fn a_full_tx_fifo_arms_tdfa_and_holds_a_received_frame_until_room() {
    let regs = FakeRegs::new();
    let mut eth = up(&regs, shared());
    let (_, w) = waker();
    let mut cx = Context::from_waker(&w);
    regs.set_tx_free(100);
    assert!(eth.transmit(&mut cx).is_none());
    assert_ne!(regs.peek(INT_EN) & INT_TDFA, 0);
    regs.push_rx_frame(&frame(60, 2));
    assert!(eth.receive(&mut cx).is_none(), "no reply token: wait");
    regs.set_tx_free(4608);
    assert_eq!(
        receive(&mut eth, &mut cx),
        Some(frame(60, 2)),
        "held, not lost"
    );
    assert_eq!(eth.stats().rx_dropped, 0);
}

#[test]
fn tx_status_words_are_popped_and_errors_counted() {
    let regs = FakeRegs::new();
    let mut eth = up(&regs, shared());
    let (_, w) = waker();
    let mut cx = Context::from_waker(&w);
    regs.push_tx_status(0x0040_0000 | TXS_ES);
    regs.push_tx_status(0x0040_0000);
    assert!(eth.transmit(&mut cx).is_some());
    assert_eq!(eth.stats().tx_errors, 1);
    use baton_lan9118::Regs;
    assert_eq!(
        regs.read(TX_FIFO_INF) >> 16 & 0xff,
        0,
        "status FIFO emptied"
    );
}

#[test]
fn link_state_follows_the_phy_through_its_interrupt() {
    let regs = FakeRegs::new();
    let shared = shared();
    let mut eth = up(&regs, shared);
    let (count, w) = waker();
    let mut cx = Context::from_waker(&w);
    assert!(eth.link_state(&mut cx) == LinkState::Up);
    regs.set_link(false);
    assert!(regs.irq_line(), "link down raises PHY_INT");
    shared.on_interrupt(&&regs);
    assert_eq!(count.0.load(Ordering::SeqCst), 1);
    assert!(eth.link_state(&mut cx) == LinkState::Down);
    assert!(!regs.irq_line(), "PHY source read and cleared");
    assert_ne!(regs.peek(INT_EN) & INT_PHY, 0, "re-armed");
    regs.set_link(true);
    shared.on_interrupt(&&regs);
    assert!(eth.link_state(&mut cx) == LinkState::Up);
}
