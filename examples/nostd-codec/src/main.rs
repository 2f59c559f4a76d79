//! Firmware-size proof for baton-xmlrpc: a `no_std`, allocator-free Cortex-M4 program that
//! decodes a `factory.conferencecreate` call (every optional parameter) into a serde struct
//! and encodes the reply into a fixed buffer, forever.
//!
//! Build and measure (from the repository root):
//! `(cd examples/nostd-codec && cargo build --release --target thumbv7em-none-eabihf)`,
//! then `bash examples/nostd-codec/size.sh`.
#![no_std]
#![no_main]

use core::hint::black_box;

use baton_xmlrpc::{encode, CallDecoder};
use cortex_m_rt::entry;
use serde::{Deserialize, Serialize};

/// The request, as CPython's `xmlrpc.client` writes it (also a benchmark payload).
const REQUEST: &[u8; 1417] = include_bytes!("../../../testdata/bench/conference_create.xml");

/// Halt on panic (the codec never panics on input; this is for the linker).
#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    loop {}
}

/// `webEx`.
#[derive(Debug, Clone, Copy, Deserialize)]
enum WebEx {
    None,
    #[serde(rename = "SIP")]
    Sip,
    #[serde(rename = "SIP-TSP")]
    SipTsp,
}

/// `encryption`.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Encryption {
    Optional,
    Required,
    Forbidden,
}

/// `factoryLayout`.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Layout {
    Equal,
    Active,
    Prominent,
    Single,
}

/// `factoryResourceLimits`.
#[derive(Debug, Default, Deserialize)]
struct ResourceLimits {
    #[serde(default)]
    signalling: Option<i32>,
    #[serde(default)]
    media: Option<i32>,
    #[serde(default)]
    licences: Option<i32>,
    #[serde(default)]
    ports: Option<i32>,
}

/// `factory.conferencecreate` params.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ConferenceCreate<'a> {
    #[serde(borrow)]
    conference_alias: &'a str,
    #[serde(default)]
    factory_min_duration_minutes: Option<i32>,
    #[serde(default)]
    factory_max_duration_minutes: Option<i32>,
    #[serde(rename = "factoryOverridePIN", borrow, default)]
    factory_override_pin: Option<&'a str>,
    #[serde(rename = "factoryOverrideGuestPIN", borrow, default)]
    factory_override_guest_pin: Option<&'a str>,
    #[serde(rename = "webEx", default)]
    web_ex: Option<WebEx>,
    #[serde(default)]
    factory_resource_limits: Option<ResourceLimits>,
    #[serde(default)]
    encryption: Option<Encryption>,
    #[serde(default)]
    factory_layout: Option<Layout>,
    #[serde(borrow, default)]
    factory_override_conference_display_name: Option<&'a str>,
}

/// The reply.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Reply<'a> {
    status: &'a str,
    conference_name: &'a str,
    factory_conference_id: &'a str,
}

/// Hand every decoded field to `black_box`, so none of the decoding is optimized away.
fn use_all(p: &ConferenceCreate<'_>) {
    black_box(p.conference_alias);
    black_box(p.factory_min_duration_minutes);
    black_box(p.factory_max_duration_minutes);
    black_box(p.factory_override_pin);
    black_box(p.factory_override_guest_pin);
    black_box(p.web_ex);
    if let Some(limits) = &p.factory_resource_limits {
        black_box((
            limits.signalling,
            limits.media,
            limits.licences,
            limits.ports,
        ));
    }
    black_box(p.encryption);
    black_box(p.factory_layout);
    black_box(p.factory_override_conference_display_name);
}

/// Decode the call in `input` (in place) and write the reply (or a fault) into `output`;
/// returns the reply's length.
fn handle(input: &mut [u8], output: &mut [u8]) -> usize {
    let written = match CallDecoder::in_place(input) {
        Ok(call) if call.method_name() == "factory.conferencecreate" => {
            match call.first_param::<ConferenceCreate<'_>>() {
                Ok(Some(params)) => {
                    use_all(&params);
                    let reply = Reply {
                        status: "operation successful",
                        conference_name: params.conference_alias,
                        factory_conference_id: "a7062510-5625-11e1-bdb0-0010f31a4434",
                    };
                    encode::response(&mut output[..], &reply)
                }
                Ok(None) => encode::fault(&mut output[..], 101, "missing parameter"),
                Err(_) => encode::fault(&mut output[..], 103, "malformed parameter"),
            }
        }
        Ok(_) => encode::fault(&mut output[..], 1, "method not supported"),
        Err(_) => encode::fault(&mut output[..], 103, "malformed request"),
    };
    written.unwrap_or(0)
}

#[entry]
fn main() -> ! {
    let mut input = [0u8; REQUEST.len()];
    let mut output = [0u8; 512];
    loop {
        input.copy_from_slice(black_box(REQUEST));
        let len = handle(&mut input, &mut output);
        black_box(output.get(..len));
    }
}
