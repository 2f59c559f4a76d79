//! The appliance on the host: embassy-executor on std, embassy-time's std
//! driver, embassy-net on a Linux TAP device.
//!
//! ```text
//! baton-firmware-host <tap> <address/prefix> [gateway|-] [port] [receiverURI|-] [ipv6/prefix|-] [dns-server]
//! ```
//!
//! A `receiverURI` is configured in slot 1 at boot, before
//! `applicationStarted` is published (as a receiver kept in a device's
//! configuration would be). `dns-server` (an IPv4 address) is the stack's
//! DNS server: with the `dns` feature, receiver host names are looked up
//! there.
//!
//! e.g. `baton-firmware-host tap0 192.168.69.2/24 192.168.69.1 8080`.
//! Run it where the TAP device lives (inside the test's network namespace).

use std::process::ExitCode;

use embassy_executor::Executor;
use embassy_net::{
    Config, ConfigV6, Ipv4Address, Ipv4Cidr, Ipv6Cidr, StackResources, StaticConfigV4,
    StaticConfigV6,
};
use embassy_time::Duration;
use static_cell::StaticCell;

use baton_embassy::baton_feedback::{Backoff, Config as PublisherConfig, Publisher};
use baton_embassy::{FeedbackConfig, ServerConfig};
use baton_firmware::host_tap;
use baton_firmware::net::{self, AppDelivery, AppListener, SOCKETS};
use baton_firmware::{App, FeedbackState};

const MAC: [u8; 6] = [0x02, 0xba, 0x70, 0x00, 0x00, 0x01];

struct Args {
    tap: String,
    address: Ipv4Cidr,
    gateway: Option<Ipv4Address>,
    port: u16,
    receiver: Option<String>,
    ipv6: Option<Ipv6Cidr>,
    dns: Option<Ipv4Address>,
}

fn parse_args() -> Result<Args, String> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let usage =
        "usage: baton-firmware-host <tap> <address/prefix> [gateway|-] [port] [receiverURI|-] [ipv6/prefix|-] [dns-server]";
    let tap = a.first().ok_or(usage)?.clone();
    let (ip, prefix) = a.get(1).and_then(|s| s.split_once('/')).ok_or(usage)?;
    let ip: Ipv4Address = ip.parse().map_err(|_| "bad address")?;
    let prefix: u8 = prefix.parse().map_err(|_| "bad prefix")?;
    let gateway = match a.get(2).map(String::as_str) {
        None | Some("-") => None,
        Some(g) => Some(g.parse().map_err(|_| "bad gateway")?),
    };
    let port = match a.get(3) {
        Some(p) => p.parse().map_err(|_| "bad port")?,
        None => 8080,
    };
    Ok(Args {
        tap,
        address: Ipv4Cidr::new(ip, prefix),
        gateway,
        port,
        receiver: a.get(4).filter(|r| r.as_str() != "-").cloned(),
        ipv6: match a.get(5).and_then(|s| s.split_once('/')) {
            None => None,
            Some((ip, prefix)) => Some(Ipv6Cidr::new(
                ip.parse().map_err(|_| "bad IPv6 address")?,
                prefix.parse().map_err(|_| "bad IPv6 prefix")?,
            )),
        },
        dns: match a.get(6) {
            None => None,
            Some(d) => Some(d.parse().map_err(|_| "bad DNS server")?),
        },
    })
}

#[embassy_executor::task]
async fn main_task(spawner: embassy_executor::Spawner, args: Args) {
    let device = host_tap::open_tap(&args.tap, MAC);
    let mut config = Config::ipv4_static(StaticConfigV4 {
        address: args.address,
        gateway: args.gateway,
        dns_servers: args.dns.into_iter().collect(),
    });
    if let Some(address) = args.ipv6 {
        config.ipv6 = ConfigV6::Static(StaticConfigV6 {
            address,
            gateway: None,
            dns_servers: Default::default(),
        });
    }
    static RESOURCES: StaticCell<StackResources<SOCKETS>> = StaticCell::new();
    let resources = RESOURCES.init(StackResources::new());
    let seed = host_tap::clock_seed();
    let stack = host_tap::start(spawner, device, config, resources, seed).await;

    // Short retry delays so a restarted receiver catches up within seconds.
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
        net::device_info("BATON-HOST-0001", MAC, stack),
        feedback,
    ));
    let server = ServerConfig {
        port: args.port,
        idle_timeout: Duration::from_secs(5),
        request_timeout: Duration::from_secs(3),
        write_timeout: Duration::from_secs(5),
    };
    static LISTENERS: StaticCell<[AppListener; net::LISTENERS]> = StaticCell::new();
    let listeners = LISTENERS.init([const { AppListener::new() }; net::LISTENERS]);
    for listener in listeners.iter_mut() {
        spawner.spawn(net::listener_task(stack, listener, app, server).expect("listener task"));
    }
    static DELIVERY: StaticCell<AppDelivery> = StaticCell::new();
    let delivery = DELIVERY.init(AppDelivery::new());
    let feedback_config = FeedbackConfig {
        connect_timeout: Duration::from_secs(2),
        response_timeout: Duration::from_secs(5),
    };
    spawner.spawn(
        net::delivery_task(stack, feedback, delivery, feedback_config).expect("delivery task"),
    );
    if let Some(uri) = &args.receiver {
        if let Err(fault) =
            feedback.with(|p| p.configure(uri, "baton-firmware-host", Some(1), None))
        {
            eprintln!("receiver {uri} refused: {fault}");
        }
    }
    feedback.start();
    println!(
        "baton-firmware-host listening on {}:{} ({})",
        args.address.address(),
        args.port,
        args.tap
    );
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    static EXECUTOR: StaticCell<Executor> = StaticCell::new();
    let executor = EXECUTOR.init(Executor::new());
    executor.run(|spawner| {
        spawner.spawn(main_task(spawner, args).expect("main task"));
    })
}
