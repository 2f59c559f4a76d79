//! The enumerate client of `baton-embassy` on the host: embassy-net on a
//! Linux TAP device calls `participant.enumerate` on a Conductor (in the
//! tests, CPython's `SimpleXMLRPCServer`), follows `enumerateID` page by
//! page and prints every participant as it streams in through a 4 KiB
//! buffer.
//!
//! ```text
//! baton-enumerate-host <tap> <address/prefix> <server-ip> <port> <user> <password> <max-pages> [conferenceId]
//! ```
//!
//! Output: `P <participantName>|<displayName>|<address>` per participant,
//! then `DONE pages=<n> items=<n> revision=<r> more=<bool> bytes=<n>`;
//! `FAULT <code> <string>` (exit 3) or `ERROR <error>` (exit 1).

use std::io::Write;

use embassy_executor::Executor;
use embassy_net::{Config, IpEndpoint, Ipv4Address, Ipv4Cidr, StackResources, StaticConfigV4};
use static_cell::StaticCell;

use baton_embassy::baton_rpc::participant::ParticipantEnumerateParams;
use baton_embassy::client::Error;
use baton_embassy::{ClientConfig, EnumerateClient};
use baton_firmware::host_tap;

const MAC: [u8; 6] = [0x02, 0xba, 0x70, 0x00, 0x00, 0x02];

/// 2 KiB TCP windows, 1 KiB for the call (then the answer's head), 4 KiB
/// for the streaming decoder: the whole client is 8 KiB whatever the
/// reply's size.
type Client = EnumerateClient<2048, 1024, 4096>;

struct Args {
    tap: String,
    address: Ipv4Cidr,
    server: Ipv4Address,
    port: u16,
    user: String,
    password: String,
    max_pages: usize,
    conference: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let a: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: baton-enumerate-host <tap> <address/prefix> <server-ip> <port> <user> <password> <max-pages> [conferenceId]";
    let get = |i: usize| a.get(i).cloned().ok_or_else(|| usage.to_string());
    let address = get(1)?;
    let (ip, prefix) = address.split_once('/').ok_or(usage)?;
    Ok(Args {
        tap: get(0)?,
        address: Ipv4Cidr::new(
            ip.parse().map_err(|_| "bad address")?,
            prefix.parse().map_err(|_| "bad prefix")?,
        ),
        server: get(2)?.parse().map_err(|_| "bad server address")?,
        port: get(3)?.parse().map_err(|_| "bad port")?,
        user: get(4)?,
        password: get(5)?,
        max_pages: get(6)?.parse().map_err(|_| "bad page cap")?,
        conference: a.get(7).cloned(),
    })
}

#[embassy_executor::task]
async fn main_task(spawner: embassy_executor::Spawner, args: Args) {
    let device = host_tap::open_tap(&args.tap, MAC);
    let config = Config::ipv4_static(StaticConfigV4 {
        address: args.address,
        gateway: None,
        dns_servers: Default::default(),
    });
    static RESOURCES: StaticCell<StackResources<2>> = StaticCell::new();
    let resources = RESOURCES.init(StackResources::new());
    let seed = host_tap::clock_seed();
    let stack = host_tap::start(spawner, device, config, resources, seed).await;

    static CLIENT: StaticCell<Client> = StaticCell::new();
    let client = CLIENT.init(Client::new());
    let host = format!("{}:{}", args.server, args.port);
    let config = ClientConfig::new(
        IpEndpoint::new(args.server.into(), args.port),
        &host,
        &args.user,
        &args.password,
    );
    let mut params = ParticipantEnumerateParams::default();
    if let Some(id) = &args.conference {
        let mut ids = heapless::Vec::new();
        let _ = ids.push(id.as_str());
        params.factory_conference_ids = Some(ids);
    }
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    let result = client
        .participant_enumerate_all(stack, &config, params, args.max_pages, |p| {
            let _ = writeln!(
                out,
                "P {}|{}|{}",
                p.participant_name.unwrap_or(""),
                p.display_name.unwrap_or(""),
                p.address.unwrap_or("")
            );
        })
        .await;
    let code = match result {
        Ok(pages) => {
            let _ = writeln!(
                out,
                "DONE pages={} items={} revision={:?} more={} bytes={}",
                pages.pages,
                pages.items,
                pages.current_revision,
                pages.enumerate_id.is_some(),
                pages.bytes
            );
            0
        }
        Err(Error::Fault { code, string }) => {
            let _ = writeln!(out, "FAULT {code} {string}");
            3
        }
        Err(e) => {
            let _ = writeln!(out, "ERROR {e:?}");
            1
        }
    };
    let _ = out.flush();
    drop(out);
    std::process::exit(code);
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    static EXECUTOR: StaticCell<Executor> = StaticCell::new();
    let executor = EXECUTOR.init(Executor::new());
    executor.run(|spawner| {
        spawner.spawn(main_task(spawner, args).expect("main task"));
    })
}
