//! Golden encodings: the spec's `eventNotification` example (decoded verbatim from
//! `testdata/spec/`) and representative calls, responses and faults, each compared byte for
//! byte with `testdata/golden/*.xml`.
//!
//! To regenerate after a deliberate change of the canonical form:
//! `BATON_BLESS=1 cargo test -p baton-xmlrpc --test encode_golden` (then review the diff).

use std::path::PathBuf;

use baton_xmlrpc::encode;
use baton_xmlrpc::{CallDecoder, DateTime, Offset};
use serde::{Deserialize, Serialize};

fn testdata(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../testdata")
        .join(rel)
}

fn check_golden(name: &str, encoded: &[u8]) {
    let path = testdata("golden").join(name);
    if std::env::var_os("BATON_BLESS").is_some() {
        std::fs::write(&path, encoded).unwrap();
    }
    let golden = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(
        String::from_utf8_lossy(encoded),
        String::from_utf8_lossy(&golden),
        "{name} differs from its golden file"
    );
    assert!(
        !golden.ends_with(b"\n"),
        "golden files have no trailing newline"
    );
}

fn call_bytes<P: Serialize + ?Sized>(method: &str, params: &P) -> Vec<u8> {
    let mut buf = vec![0u8; encode::call(encode::Count, method, params).unwrap()];
    let n = encode::call(&mut buf[..], method, params).unwrap();
    assert_eq!(n, buf.len());
    buf
}

fn response_bytes<T: Serialize + ?Sized>(value: &T) -> Vec<u8> {
    let mut buf = vec![0u8; encode::response(encode::Count, value).unwrap()];
    let n = encode::response(&mut buf[..], value).unwrap();
    assert_eq!(n, buf.len());
    buf
}

fn fault_bytes(code: i32, string: &str) -> Vec<u8> {
    let mut buf = vec![0u8; encode::fault(encode::Count, code, string).unwrap()];
    encode::fault(&mut buf[..], code, string).unwrap();
    buf
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Notification<'a> {
    source_identifier: &'a str,
    seqn: i32,
    #[serde(borrow)]
    events: Vec<Event<'a>>,
}

#[derive(Debug, Serialize, Deserialize)]
struct Event<'a> {
    name: &'a str,
    #[serde(borrow)]
    args: EventArgs<'a>,
}

#[derive(Debug, Serialize, Deserialize)]
struct EventArgs<'a> {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    factory_conference_id: Option<&'a str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    request_id: Option<&'a str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    conference_name: Option<&'a str>,
}

#[test]
fn spec_event_notification_encodes_to_golden() {
    let mut input = std::fs::read(testdata("spec/event_notification.xml")).unwrap();
    let call = CallDecoder::in_place(&mut input).unwrap();
    let method = call.method_name();
    assert_eq!(method, "eventNotification");
    let (notification,): (Notification<'_>,) = call.params().unwrap();
    assert_eq!(notification.events.len(), 1);
    check_golden(
        "event_notification.xml",
        &call_bytes(method, &(&notification,)),
    );
}

#[test]
fn golden_event_notification_decodes_back_to_itself() {
    // The canonical form is a fixed point: decode the golden, encode again, same bytes.
    let golden = std::fs::read(testdata("golden/event_notification.xml")).unwrap();
    let mut input = golden.clone();
    let call = CallDecoder::in_place(&mut input).unwrap();
    let method = call.method_name();
    let (n,): (Notification<'_>,) = call.params().unwrap();
    assert_eq!(call_bytes(method, &(&n,)), golden);
}

#[derive(Serialize)]
struct ResourceLimits {
    ports: i32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ConferenceCreate<'a> {
    authentication_user: &'a str,
    authentication_password: &'a str,
    conference_alias: &'a str,
    factory_min_duration_minutes: i32,
    factory_max_duration_minutes: i32,
    #[serde(rename = "factoryOverridePIN")]
    factory_override_pin: &'a str,
    #[serde(rename = "factoryOverrideGuestPIN")]
    factory_override_guest_pin: &'a str,
    web_ex: &'a str,
    factory_resource_limits: ResourceLimits,
    encryption: &'a str,
    factory_layout: &'a str,
    factory_override_conference_display_name: &'a str,
}

#[test]
fn conference_create_call_golden() {
    let params = ConferenceCreate {
        authentication_user: "admin",
        authentication_password: "p&ss<word>",
        conference_alias: "meet.oslo@example.com",
        factory_min_duration_minutes: 5,
        factory_max_duration_minutes: 0,
        factory_override_pin: "1234",
        factory_override_guest_pin: "5678",
        web_ex: "SIP-TSP",
        factory_resource_limits: ResourceLimits { ports: 11 },
        encryption: "optional",
        factory_layout: "active",
        factory_override_conference_display_name: "Oslo weekly\r\n\"all hands\"",
    };
    check_golden(
        "call_factory_conferencecreate.xml",
        &call_bytes("factory.conferencecreate", &(&params,)),
    );
}

#[test]
fn call_without_params_golden() {
    check_golden("call_device_query.xml", &call_bytes("device.query", &()));
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DeviceQuery<'a> {
    current_time: DateTime,
    serial: &'a str,
    software_version: &'a str,
    build_version: &'a str,
    model: &'a str,
    api_version: &'a str,
    total_video_ports: i32,
}

#[test]
fn device_query_response_golden() {
    let reply = DeviceQuery {
        current_time: DateTime::new(2024, 2, 29, 23, 59, 5).unwrap(),
        serial: "52A00000",
        software_version: "XC4.3.1",
        build_version: "14",
        model: "Cisco TelePresence Conductor",
        api_version: "4.0",
        total_video_ports: 2400,
    };
    check_golden("response_device_query.xml", &response_bytes(&reply));
}

/// Every XML-RPC type once, with the edge cases of the canonical rules.
#[derive(Serialize)]
struct AllTypes<'a> {
    int: i32,
    i8: i64,
    boolean: bool,
    string: &'a str,
    empty: &'a str,
    double: f64,
    tiny: f64,
    huge: f64,
    #[serde(rename = "dateTime")]
    date_time: DateTime,
    #[serde(with = "bytes")]
    base64: &'a [u8],
    nil: Option<i32>,
    array: (i32, &'a str, Vec<bool>),
    #[serde(rename = "struct")]
    nested: Nested,
}

#[derive(Serialize)]
struct Nested {
    #[serde(rename = "a<b>&c")]
    escaped_name: i32,
}

mod bytes {
    pub fn serialize<S: serde::Serializer>(v: &&[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(v)
    }
}

#[test]
fn all_types_response_golden() {
    let v = AllTypes {
        int: i32::MIN,
        i8: i64::MAX,
        boolean: true,
        string: "<tag> & \"quotes\" 'apos'\r\n\ttab \u{1F600}",
        empty: "",
        double: -0.1,
        tiny: 1e-7,
        huge: 1.5e300,
        date_time: DateTime::new(1998, 7, 17, 14, 8, 55).unwrap(),
        base64: &[0x00, 0xff, 0x10, 0x80],
        nil: None,
        array: (1, "two", vec![true, false]),
        nested: Nested { escaped_name: 3 },
    };
    check_golden("response_all_types.xml", &response_bytes(&v));
}

/// Fraction and zone are written only when the value has them (CPython's `loads` reads
/// neither, so this document is for peers that do).
#[test]
fn datetime_with_fraction_and_zone_golden() {
    let zoned = DateTime {
        fraction: 5,
        fraction_digits: 3,
        offset: Offset::Minutes(-330),
        ..DateTime::new(1, 1, 1, 0, 0, 0).unwrap()
    };
    let utc = DateTime {
        offset: Offset::Utc,
        ..DateTime::new(9999, 12, 31, 23, 59, 59).unwrap()
    };
    check_golden(
        "response_datetime_zoned.xml",
        &response_bytes(&(zoned, utc)),
    );
}

#[test]
fn fault_golden() {
    check_golden(
        "fault_missing_parameter.xml",
        &fault_bytes(101, "missing parameter - conferenceName"),
    );
    check_golden(
        "fault_escaped_string.xml",
        &fault_bytes(-1, "bad <value> & \"quote\"\r"),
    );
}
