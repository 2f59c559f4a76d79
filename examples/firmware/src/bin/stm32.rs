//! The appliance firmware for a NUCLEO-F429ZI (STM32F429ZI, Cortex-M4F):
//! RMII Ethernet through embassy-stm32's MAC driver and the board's
//! LAN8742A PHY, embassy-net with a static IPv4 address, two `/RPC2`
//! listeners and the feedback delivery task. No allocator.
#![no_std]
#![no_main]

use embassy_executor::Spawner;
use embassy_net::{Ipv4Address, Ipv4Cidr, StackResources, StaticConfigV4};
use embassy_stm32::eth::{Ethernet, GenericPhy, PacketQueue, Sma};
use embassy_stm32::peripherals::{ETH, ETH_SMA};
use embassy_stm32::time::Hertz;
use embassy_stm32::{bind_interrupts, eth};
use static_cell::StaticCell;

use baton_embassy::baton_feedback::{Config as PublisherConfig, Publisher};
use baton_embassy::{FeedbackConfig, ServerConfig};
use baton_firmware::net::{self, AppDelivery, AppListener, SOCKETS};
use baton_firmware::{App, FeedbackState};

bind_interrupts!(struct Irqs {
    ETH => eth::InterruptHandler;
});

type Device = Ethernet<'static, ETH, GenericPhy<Sma<'static, ETH_SMA>>>;

const MAC: [u8; 6] = [0x02, 0xba, 0x70, 0x00, 0x00, 0x02];

#[embassy_executor::task]
async fn net_task(mut runner: embassy_net::Runner<'static, Device>) -> ! {
    runner.run().await
}

fn clocks() -> embassy_stm32::Config {
    use embassy_stm32::rcc::*;
    let mut config = embassy_stm32::Config::default();
    // 8 MHz from the ST-LINK's MCO, PLL to 168 MHz (HCLK >= 25 MHz for RMII).
    config.rcc.hse = Some(Hse {
        freq: Hertz(8_000_000),
        mode: HseMode::Bypass,
    });
    config.rcc.pll_src = PllSource::HSE;
    config.rcc.pll = Some(Pll {
        prediv: PllPreDiv::DIV4,
        mul: PllMul::MUL168,
        divp: Some(PllPDiv::DIV2),
        divq: None,
        divr: None,
    });
    config.rcc.ahb_pre = AHBPrescaler::DIV1;
    config.rcc.apb1_pre = APBPrescaler::DIV4;
    config.rcc.apb2_pre = APBPrescaler::DIV2;
    config.rcc.sys = Sysclk::PLL1_P;
    config
}

#[embassy_executor::main]
async fn main(spawner: Spawner) {
    let p = embassy_stm32::init(clocks());
    let uid = embassy_stm32::uid::uid();
    let seed = uid.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    });

    static PACKETS: StaticCell<PacketQueue<2, 2>> = StaticCell::new();
    // NUCLEO-F429ZI RMII pins.
    let device = Ethernet::new(
        PACKETS.init(PacketQueue::<2, 2>::new()),
        p.ETH,
        Irqs,
        p.PA1,
        p.PA7,
        p.PC4,
        p.PC5,
        p.PG13,
        p.PB13,
        p.PG11,
        MAC,
        p.ETH_SMA,
        p.PA2,
        p.PC1,
    );
    let config = embassy_net::Config::ipv4_static(StaticConfigV4 {
        address: Ipv4Cidr::new(Ipv4Address::new(192, 168, 1, 50), 24),
        gateway: Some(Ipv4Address::new(192, 168, 1, 1)),
        dns_servers: Default::default(),
    });
    static RESOURCES: StaticCell<StackResources<SOCKETS>> = StaticCell::new();
    let (stack, runner) =
        embassy_net::new(device, config, RESOURCES.init(StackResources::new()), seed);
    spawner.spawn(net_task(runner).unwrap());
    stack.wait_config_up().await;

    static FEEDBACK: StaticCell<FeedbackState> = StaticCell::new();
    let feedback: &'static FeedbackState = FEEDBACK.init(FeedbackState::new(Publisher::new(
        PublisherConfig::default(),
        seed,
    )));
    static APP: StaticCell<App> = StaticCell::new();
    let app: &'static App = APP.init(App::new(
        net::device_info("BATON-F429-0001", MAC, stack),
        feedback,
    ));
    static LISTENERS: StaticCell<[AppListener; net::LISTENERS]> = StaticCell::new();
    let listeners = LISTENERS.init([const { AppListener::new() }; net::LISTENERS]);
    let server = ServerConfig::default();
    for listener in listeners.iter_mut() {
        spawner.spawn(net::listener_task(stack, listener, app, server).unwrap());
    }
    static DELIVERY: StaticCell<AppDelivery> = StaticCell::new();
    let delivery = DELIVERY.init(AppDelivery::new());
    spawner
        .spawn(net::delivery_task(stack, feedback, delivery, FeedbackConfig::default()).unwrap());
    feedback.start();
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    cortex_m::asm::udf()
}
