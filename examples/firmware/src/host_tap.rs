//! What both host binaries share (feature `host`): embassy-net on a Linux TAP
//! device, brought up the same way for the appliance (`src/bin/host.rs`)
//! and the enumerate client (`src/bin/enumerate_host.rs`).

extern crate std;

use std::eprintln;

use embassy_executor::Spawner;
use embassy_net::{Config, Runner, Stack, StackResources};
use embassy_net_tuntap::TunTapDevice;

/// Opens the TAP device `name` with the hardware address `mac`; exits with
/// status 2 (and says why) when it cannot.
pub fn open_tap(name: &str, mac: [u8; 6]) -> TunTapDevice {
    match TunTapDevice::new(name) {
        Ok(mut device) => {
            device.set_hardware_address(mac);
            device
        }
        Err(e) => {
            eprintln!("cannot open TAP device {name}: {e}");
            std::process::exit(2);
        }
    }
}

/// A random seed from the clock (the stack's, the publisher's jitter).
pub fn clock_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(1)
}

/// Starts embassy-net on `device` with `config` (its runner in its own
/// task) and waits until the configuration is up.
pub async fn start<const SOCKETS: usize>(
    spawner: Spawner,
    device: TunTapDevice,
    config: Config,
    resources: &'static mut StackResources<SOCKETS>,
    seed: u64,
) -> Stack<'static> {
    let (stack, runner) = embassy_net::new(device, config, resources, seed);
    spawner.spawn(net_task(runner).expect("net task"));
    stack.wait_config_up().await;
    stack
}

#[embassy_executor::task]
async fn net_task(mut runner: Runner<'static, TunTapDevice>) -> ! {
    runner.run().await
}
