//! Encoding never touches the heap: a counting global allocator watches the calling thread
//! while a 2,400-participant `participant.enumerate` response (the spec's limit) and the
//! other document kinds are encoded into a slice, counted, and written to a writer.

mod alloc_count;

use baton_xmlrpc::encode;
use baton_xmlrpc::DateTime;
use serde::Serialize;

/// Allocations made by `f` on this thread.
fn allocations(f: impl FnOnce()) -> usize {
    alloc_count::measure(f).allocations
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Participant<'a> {
    #[serde(rename = "mcuIPAddress")]
    mcu_ip_address: &'a str,
    factory_conference_id: &'a str,
    participant_name: &'a str,
    participant_type: &'a str,
    participant_protocol: &'a str,
    conference_name: &'a str,
    address: &'a str,
    display_name: &'a str,
    factory_bridge_type: &'a str,
    audio_rx_muted: bool,
    audio_tx_muted: bool,
    video_tx_muted: bool,
    dtmf_sequence: &'a str,
    #[serde(rename = "previewURL")]
    preview_url: &'a str,
    factory_web_ex: &'a str,
    factory_web_ex_call_type: &'a str,
    call_state: &'a str,
    connect_time: DateTime,
    connection_unique_id: i32,
    #[serde(rename = "maxBitRateToMCU")]
    max_bit_rate_to_mcu: i32,
    #[serde(rename = "maxBitRateFromMCU")]
    max_bit_rate_from_mcu: i64,
    quality: f64,
}

#[derive(Serialize)]
struct Enumerate<'a> {
    #[serde(rename = "enumerateID")]
    enumerate_id: Option<i32>,
    participants: Vec<Participant<'a>>,
}

fn names(n: usize) -> Vec<String> {
    (0..n)
        .map(|i| format!("participant-{i:05} <mobile> & \"desk\"\r\n"))
        .collect()
}

fn enumerate(names: &[String]) -> Enumerate<'_> {
    Enumerate {
        enumerate_id: None,
        participants: names
            .iter()
            .enumerate()
            .map(|(i, name)| Participant {
                mcu_ip_address: "10.215.196.137",
                factory_conference_id: "106c6833-1493-11e1-7ef0-0010f31a041e",
                participant_name: name,
                participant_type: "by_name",
                participant_protocol: "sip",
                conference_name: "Oslo vendor meeting 00",
                address: "+4795736256",
                display_name: "Kateřina Schmidt <mobile>",
                factory_bridge_type: "tsmcu",
                audio_rx_muted: i % 2 == 0,
                audio_tx_muted: false,
                video_tx_muted: true,
                dtmf_sequence: "*,,5678#",
                preview_url: "",
                factory_web_ex: "None",
                factory_web_ex_call_type: "VideoAudio",
                call_state: "connected",
                connect_time: DateTime::new(2024, 2, 29, 12, (i % 60) as u8, 5).unwrap(),
                connection_unique_id: i as i32,
                max_bit_rate_to_mcu: 6_000_000,
                max_bit_rate_from_mcu: 1 << 40,
                quality: i as f64 / 7.0,
            })
            .collect(),
    }
}

#[test]
fn encoding_allocates_nothing() {
    let names = names(2400);
    let doc = enumerate(&names);
    let mut buf = vec![0u8; 8 << 20];
    let mut len = 0;
    let mut written = 0;
    let count = allocations(|| {
        len = encode::response(encode::Count, &doc).unwrap();
        written = encode::response(&mut buf[..], &doc).unwrap();
        let mut w: &mut [u8] = &mut buf;
        encode::response(encode::Writer(&mut w), &doc).unwrap();
        encode::call(
            &mut buf[..],
            "participant.enumerate",
            &(&doc, "x", 1.5, None::<i32>),
        )
        .unwrap();
        encode::fault(&mut buf[..], 101, "missing parameter - conferenceName").unwrap();
        encode::call(encode::Count, "device.query", &()).unwrap();
    });
    assert_eq!(count, 0, "heap allocations while encoding");
    assert_eq!(len, written);
    assert!(len > 2_000_000, "the payload is the big one: {len} bytes");
}

#[test]
fn the_counter_sees_allocations() {
    // Guards the test above: it would pass vacuously if the allocator counted nothing.
    let count = allocations(|| {
        let v: Vec<u8> = Vec::with_capacity(std::hint::black_box(16));
        drop(std::hint::black_box(v));
    });
    assert_eq!(count, 1);
}
