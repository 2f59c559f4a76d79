//! The appliance firmware on QEMU's `mps2-an386` (Arm MPS2 board with the
//! AN386 FPGA image: Cortex-M4F at 25 MHz): the same application as the
//! STM32 and host builds, on the board's SMSC LAN9118 Ethernet
//! (`baton-lan9118`), embassy-net with a static IPv4 address, SysTick as
//! the embassy time driver and the CMSDK UART0 as the console (boot line,
//! diagnostics). Built and tested by `qemu-test.sh`:
//!
//! ```text
//! qemu-system-arm -M mps2-an386 -nographic -kernel baton-firmware-mps2 \
//!   -nic tap,ifname=tap0,script=no,downscript=no,model=lan9118
//! ```
//!
//! The network is the test fixture's: 192.168.69.2/24, gateway
//! 192.168.69.1, fd00:ba70::2/64, `/RPC2` on port 8080, the host build's short timeouts and
//! retry delays; a feedback receiver from the configuration block
//! (`config.rs`) in slot 1 at boot.
#![no_std]
#![no_main]
#![deny(unsafe_code)]

mod config;
mod diag;
mod eth;
mod mmio;
mod time;
mod uart;

use core::fmt::Write;

use cortex_m_rt::{entry, exception, ExceptionFrame};
use embassy_executor::{Executor, Spawner};
use embassy_net::{
    ConfigV6, Ipv4Address, Ipv4Cidr, Ipv6Address, Ipv6Cidr, StackResources, StaticConfigV4,
    StaticConfigV6,
};
use embassy_time::Duration;
use static_cell::StaticCell;

use baton_embassy::baton_feedback::{Backoff, Config as PublisherConfig, Publisher};
use baton_embassy::{FeedbackConfig, ServerConfig};
use baton_firmware::net::{self, AppDelivery, AppListener, SOCKETS};
use baton_firmware::{App, FeedbackState};
use baton_lan9118::Lan9118;

const MAC: [u8; 6] = [0x02, 0xba, 0x70, 0x00, 0x00, 0x04];
const ADDRESS: Ipv4Address = Ipv4Address::new(192, 168, 69, 2);
const GATEWAY: Ipv4Address = Ipv4Address::new(192, 168, 69, 1);
/// fd00:ba70::2/64 (the host tests' IPv6 address).
const ADDRESS6: Ipv6Address = Ipv6Address::new(0xfd00, 0xba70, 0, 0, 0, 0, 0, 2);
const PORT: u16 = 8080;
const SOURCE: &str = "baton-firmware-mps2";

type Device = Lan9118<'static, eth::Mmio>;

#[embassy_executor::task]
async fn net_task(mut runner: embassy_net::Runner<'static, Device>) -> ! {
    runner.run().await
}

/// Reads console commands (see `diag`).
#[embassy_executor::task]
async fn console_task() -> ! {
    loop {
        uart::RX.wait().await;
        while let Some(c) = uart::read() {
            diag::command(c);
        }
    }
}

#[embassy_executor::task]
async fn main_task(spawner: Spawner) {
    let device = match Lan9118::new(eth::Mmio, &eth::SHARED, MAC) {
        Ok(d) => d,
        Err(e) => {
            let _ = writeln!(uart::Console, "lan9118: {e:?}");
            return;
        }
    };
    // Only now: until the driver sets IRQ_CFG the chip drives its line
    // active low, which reads as asserted.
    unmask(eth::IRQ);
    // QEMU has no entropy source: the chip's free-running counter at boot.
    let seed = u64::from(mmio::read(0x4020_009c)) ^ 0xba70_0000_0000_0004;
    let mut config = embassy_net::Config::ipv4_static(StaticConfigV4 {
        address: Ipv4Cidr::new(ADDRESS, 24),
        gateway: Some(GATEWAY),
        dns_servers: Default::default(),
    });
    config.ipv6 = ConfigV6::Static(StaticConfigV6 {
        address: Ipv6Cidr::new(ADDRESS6, 64),
        gateway: None,
        dns_servers: Default::default(),
    });
    static RESOURCES: StaticCell<StackResources<SOCKETS>> = StaticCell::new();
    let (stack, runner) =
        embassy_net::new(device, config, RESOURCES.init(StackResources::new()), seed);
    spawner.spawn(net_task(runner).unwrap());
    stack.wait_config_up().await;

    // The host build's publisher and server settings (the CPython checks'
    // timings assume them).
    let publisher = Publisher::new(
        PublisherConfig {
            batch_size: 4,
            linger: core::time::Duration::from_millis(0).into(),
            response_timeout: core::time::Duration::from_millis(20_000).into(),
            backoff: Backoff {
                base: core::time::Duration::from_millis(200).into(),
                cap: core::time::Duration::from_millis(1_000).into(),
                jitter_percent: 20,
            },
        },
        seed,
    );
    static FEEDBACK: StaticCell<FeedbackState> = StaticCell::new();
    let feedback: &'static FeedbackState = FEEDBACK.init(FeedbackState::new(publisher));
    static APP: StaticCell<App> = StaticCell::new();
    let app: &'static App = APP.init(App::new(
        net::device_info("BATON-MPS2-0001", MAC, stack),
        feedback,
    ));
    let server = ServerConfig {
        port: PORT,
        idle_timeout: Duration::from_secs(5),
        request_timeout: Duration::from_secs(3),
        write_timeout: Duration::from_secs(5),
    };
    static LISTENERS: StaticCell<[AppListener; net::LISTENERS]> = StaticCell::new();
    let listeners = LISTENERS.init([const { AppListener::new() }; net::LISTENERS]);
    for listener in listeners.iter_mut() {
        spawner.spawn(net::listener_task(stack, listener, app, server).unwrap());
    }
    static DELIVERY: StaticCell<AppDelivery> = StaticCell::new();
    let delivery = DELIVERY.init(AppDelivery::new());
    let feedback_config = FeedbackConfig {
        connect_timeout: Duration::from_secs(2),
        response_timeout: Duration::from_secs(5),
    };
    spawner.spawn(net::delivery_task(stack, feedback, delivery, feedback_config).unwrap());
    spawner.spawn(console_task().unwrap());
    if let Some(uri) = config::receiver() {
        if feedback
            .with(|p| p.configure(&uri, SOURCE, Some(1), None))
            .is_err()
        {
            uart::write(b"receiver refused\n");
        }
    }
    feedback.start();
    uart::write(b"baton-firmware-mps2 listening on 192.168.69.2:8080 (lan9118)\n");
}

#[entry]
fn main() -> ! {
    diag::paint();
    uart::init();
    uart::write(b"baton-firmware-mps2 booting\n");
    let p = cortex_m::Peripherals::take().unwrap();
    time::init(p.SYST);
    unmask(uart::RX_IRQ);
    static EXECUTOR: StaticCell<Executor> = StaticCell::new();
    EXECUTOR
        .init(Executor::new())
        .run(|spawner| spawner.spawn(main_task(spawner).unwrap()))
}

/// Enables NVIC line `irq` (one of those `DefaultHandler` dispatches).
fn unmask(irq: u16) {
    #[allow(unsafe_code)]
    // SAFETY: the line's handler is in place (`DefaultHandler`) and nothing
    // relies on it staying masked.
    unsafe {
        let nvic = &*cortex_m::peripheral::NVIC::PTR;
        nvic.iser[usize::from(irq / 32)].write(1 << (irq % 32));
    }
}

#[exception]
fn SysTick() {
    time::on_tick();
}

#[allow(unsafe_code)]
#[exception]
// SAFETY: cortex-m-rt requires the default handler to be `unsafe`; it only
// dispatches by IRQ number to the two handlers above.
unsafe fn DefaultHandler(irqn: i16) {
    match irqn {
        n if n == eth::IRQ as i16 => eth::on_interrupt(),
        n if n == uart::RX_IRQ as i16 => uart::on_rx_interrupt(),
        _ => {}
    }
}

#[allow(unsafe_code)]
#[exception]
// SAFETY: cortex-m-rt's required signature for the hard fault handler.
unsafe fn HardFault(ef: &ExceptionFrame) -> ! {
    let _ = writeln!(uart::Console, "hardfault pc={:#010x}", ef.pc());
    loop {
        cortex_m::asm::wfi();
    }
}

#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    let _ = writeln!(uart::Console, "panic: {info}");
    loop {
        cortex_m::asm::wfi();
    }
}
