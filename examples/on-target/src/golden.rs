//! xmlrpc-codec/tests/decode_golden.rs and encode_golden.rs on target, and the spec's own
//! examples through every decoder (view from a slice and in place, typed, stream) and
//! through baton-rpc.

use baton_rpc::event::{AnyEventName, EventName};
use baton_rpc::Request;
use baton_xmlrpc::{decode_response_from_slice, encode, CallDecoder, DateTime, Offset, Response};
use serde::{Deserialize, Serialize};

use crate::props::{streamed, whole, Events};
use crate::xml::Buf;
use crate::{ensure, ensure_eq, must, Outcome};

const SPEC_NOTIFICATION: &[u8] = include_bytes!("../../../testdata/spec/event_notification.xml");
const CPYTHON_NOTIFICATION: &[u8] =
    include_bytes!("../../../testdata/bench/event_notification_canonical.xml");
const BENCH_NOTIFICATION: &[u8] = include_bytes!("../../../testdata/bench/event_notification.xml");
const CONFERENCE_CREATE: &[u8] = include_bytes!("../../../testdata/bench/conference_create.xml");
const G_NOTIFICATION: &[u8] = include_bytes!("../../../testdata/golden/event_notification.xml");
const G_CONFERENCE_CREATE: &[u8] =
    include_bytes!("../../../testdata/golden/call_factory_conferencecreate.xml");
const G_DEVICE_QUERY_CALL: &[u8] = include_bytes!("../../../testdata/golden/call_device_query.xml");
const G_DEVICE_QUERY: &[u8] = include_bytes!("../../../testdata/golden/response_device_query.xml");
const G_ALL_TYPES: &[u8] = include_bytes!("../../../testdata/golden/response_all_types.xml");
const G_DATETIME_ZONED: &[u8] =
    include_bytes!("../../../testdata/golden/response_datetime_zoned.xml");
const G_FAULT_MISSING: &[u8] =
    include_bytes!("../../../testdata/golden/fault_missing_parameter.xml");
const G_FAULT_ESCAPED: &[u8] = include_bytes!("../../../testdata/golden/fault_escaped_string.xml");

/// A mutable copy of `doc` (for in-place decoding).
fn copy(doc: &[u8]) -> Buf<8192> {
    let mut b = Buf::new();
    b.push(doc);
    b
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
struct Notification<'a> {
    source_identifier: &'a str,
    seqn: i32,
    #[serde(borrow)]
    events: heapless::Vec<Event<'a>, 4>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct Event<'a> {
    name: &'a str,
    #[serde(borrow)]
    args: Args<'a>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct Args<'a> {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    factory_conference_id: Option<&'a str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    request_id: Option<&'a str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    conference_name: Option<&'a str>,
}

fn expected() -> Notification<'static> {
    let mut events = heapless::Vec::new();
    let _ = events.push(Event {
        name: "conferenceCreate",
        args: Args {
            factory_conference_id: Some("a7062510-5625-11e1-bdb0-0010f31a4434"),
            request_id: Some("a7049626-5625-11e1-ad66-0010f31a4434"),
            conference_name: None,
        },
    });
    Notification {
        source_identifier: "id1",
        seqn: 0,
        events,
    }
}

pub fn spec_event_notification_in_place() -> Outcome {
    let mut doc = copy(SPEC_NOTIFICATION);
    let call = must!(CallDecoder::in_place(doc.as_mut()));
    ensure_eq!(call.method_name(), "eventNotification");
    let (n,): (Notification<'_>,) = must!(call.params());
    ensure_eq!(n, expected());
    Ok(())
}

pub fn spec_event_notification_from_slice() -> Outcome {
    let mut scratch = [0u8; 0];
    let call = must!(CallDecoder::from_slice(SPEC_NOTIFICATION, &mut scratch));
    ensure_eq!(call.method_name(), "eventNotification");
    let n: Option<Notification<'_>> = must!(call.first_param());
    ensure_eq!(n, Some(expected()));
    Ok(())
}

pub fn cpython_form_of_event_notification() -> Outcome {
    let mut scratch = [0u8; 0];
    let call = must!(CallDecoder::from_slice(CPYTHON_NOTIFICATION, &mut scratch));
    let (n,): (Notification<'_>,) = must!(call.params());
    ensure_eq!(n, expected());
    Ok(())
}

pub fn fault_response() -> Outcome {
    let doc = b"<?xml version=\"1.0\"?><methodResponse><fault><value><struct><member><name>faultCode</name><value><int>4</int></value></member><member><name>faultString</name><value><string>no such conference or auto attendant</string></value></member></struct></value></fault></methodResponse>";
    let r: Response<'_, i32> = must!(decode_response_from_slice(doc, &mut []));
    match r {
        Response::Fault(f) => {
            ensure_eq!(f.code, 4);
            ensure_eq!(f.string, "no such conference or auto attendant");
        }
        Response::Value(v) => ensure!(false, "expected a fault, got {v}"),
    }
    Ok(())
}

/// `encoded` is byte for byte the golden file (which has no trailing newline).
fn check_golden(name: &str, golden: &[u8], encoded: &[u8]) -> Outcome {
    ensure!(
        encoded == golden,
        "{name} differs from its golden file: {:?}",
        core::str::from_utf8(encoded)
    );
    ensure!(
        !golden.ends_with(b"\n"),
        "golden files have no trailing newline"
    );
    Ok(())
}

/// Encodes a call, checking `call_len` against what `call_to_slice` wrote.
fn call_bytes<P: Serialize + ?Sized>(out: &mut Buf<8192>, method: &str, params: &P) -> Outcome {
    let len = must!(encode::call(encode::Count, method, params));
    out.clear();
    out.push(&[0; 8192][..len]);
    let n = must!(encode::call(out.as_mut(), method, params));
    ensure_eq!(n, len, "call_len");
    Ok(())
}

fn response_bytes<T: Serialize + ?Sized>(out: &mut Buf<8192>, value: &T) -> Outcome {
    let len = must!(encode::response(encode::Count, value));
    out.clear();
    out.push(&[0; 8192][..len]);
    let n = must!(encode::response(out.as_mut(), value));
    ensure_eq!(n, len, "response_len");
    Ok(())
}

fn fault_bytes(out: &mut Buf<8192>, code: i32, string: &str) -> Outcome {
    let len = must!(encode::fault(encode::Count, code, string));
    out.clear();
    out.push(&[0; 8192][..len]);
    let n = must!(encode::fault(out.as_mut(), code, string));
    ensure_eq!(n, len, "fault_len");
    Ok(())
}

pub fn spec_event_notification_encodes_to_golden() -> Outcome {
    let mut input = copy(SPEC_NOTIFICATION);
    let call = must!(CallDecoder::in_place(input.as_mut()));
    let method = call.method_name();
    ensure_eq!(method, "eventNotification");
    let (n,): (Notification<'_>,) = must!(call.params());
    ensure_eq!(n.events.len(), 1);
    let mut out = Buf::new();
    call_bytes(&mut out, method, &(&n,))?;
    check_golden("event_notification.xml", G_NOTIFICATION, out.as_bytes())
}

pub fn golden_event_notification_fixed_point() -> Outcome {
    let mut input = copy(G_NOTIFICATION);
    let call = must!(CallDecoder::in_place(input.as_mut()));
    let method = call.method_name();
    let (n,): (Notification<'_>,) = must!(call.params());
    let mut out = Buf::new();
    call_bytes(&mut out, method, &(&n,))?;
    ensure!(out.as_bytes() == G_NOTIFICATION, "not a fixed point");
    Ok(())
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

pub fn conference_create_call_golden() -> Outcome {
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
    let mut out = Buf::new();
    call_bytes(&mut out, "factory.conferencecreate", &(&params,))?;
    check_golden(
        "call_factory_conferencecreate.xml",
        G_CONFERENCE_CREATE,
        out.as_bytes(),
    )
}

pub fn call_without_params_golden() -> Outcome {
    let mut out = Buf::new();
    call_bytes(&mut out, "device.query", &())?;
    check_golden("call_device_query.xml", G_DEVICE_QUERY_CALL, out.as_bytes())
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

pub fn device_query_response_golden() -> Outcome {
    let reply = DeviceQuery {
        current_time: must!(DateTime::new(2024, 2, 29, 23, 59, 5).ok_or("DateTime::new")),
        serial: "52A00000",
        software_version: "XC4.3.1",
        build_version: "14",
        model: "Cisco TelePresence Conductor",
        api_version: "4.0",
        total_video_ports: 2400,
    };
    let mut out = Buf::new();
    response_bytes(&mut out, &reply)?;
    check_golden("response_device_query.xml", G_DEVICE_QUERY, out.as_bytes())
}

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
    array: (i32, &'a str, heapless::Vec<bool, 2>),
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

pub fn all_types_response_golden() -> Outcome {
    let mut bools = heapless::Vec::new();
    let _ = bools.push(true);
    let _ = bools.push(false);
    let v = AllTypes {
        int: i32::MIN,
        i8: i64::MAX,
        boolean: true,
        string: "<tag> & \"quotes\" 'apos'\r\n\ttab \u{1F600}",
        empty: "",
        double: -0.1,
        tiny: 1e-7,
        huge: 1.5e300,
        date_time: must!(DateTime::new(1998, 7, 17, 14, 8, 55).ok_or("DateTime::new")),
        base64: &[0x00, 0xff, 0x10, 0x80],
        nil: None,
        array: (1, "two", bools),
        nested: Nested { escaped_name: 3 },
    };
    let mut out = Buf::new();
    response_bytes(&mut out, &v)?;
    check_golden("response_all_types.xml", G_ALL_TYPES, out.as_bytes())
}

pub fn datetime_zoned_golden() -> Outcome {
    let zoned = DateTime {
        fraction: 5,
        fraction_digits: 3,
        offset: Offset::Minutes(-330),
        ..must!(DateTime::new(1, 1, 1, 0, 0, 0).ok_or("DateTime::new"))
    };
    let utc = DateTime {
        offset: Offset::Utc,
        ..must!(DateTime::new(9999, 12, 31, 23, 59, 59).ok_or("DateTime::new"))
    };
    let mut out = Buf::new();
    response_bytes(&mut out, &(zoned, utc))?;
    check_golden(
        "response_datetime_zoned.xml",
        G_DATETIME_ZONED,
        out.as_bytes(),
    )
}

pub fn fault_golden() -> Outcome {
    let mut out = Buf::new();
    fault_bytes(&mut out, 101, "missing parameter - conferenceName")?;
    check_golden(
        "fault_missing_parameter.xml",
        G_FAULT_MISSING,
        out.as_bytes(),
    )?;
    fault_bytes(&mut out, -1, "bad <value> & \"quote\"\r")?;
    check_golden("fault_escaped_string.xml", G_FAULT_ESCAPED, out.as_bytes())
}

/// Every golden and spec document: the view from a slice, the view in place and the
/// stream decoder (whole buffer, small buffers, byte-by-byte pushes) give the same events.
pub fn golden_documents_decode_alike() -> Outcome {
    let docs: [(&str, &[u8]); 12] = [
        ("spec/event_notification.xml", SPEC_NOTIFICATION),
        (
            "bench/event_notification_canonical.xml",
            CPYTHON_NOTIFICATION,
        ),
        ("bench/event_notification.xml", BENCH_NOTIFICATION),
        ("bench/conference_create.xml", CONFERENCE_CREATE),
        ("golden/event_notification.xml", G_NOTIFICATION),
        (
            "golden/call_factory_conferencecreate.xml",
            G_CONFERENCE_CREATE,
        ),
        ("golden/call_device_query.xml", G_DEVICE_QUERY_CALL),
        ("golden/response_device_query.xml", G_DEVICE_QUERY),
        ("golden/response_all_types.xml", G_ALL_TYPES),
        ("golden/response_datetime_zoned.xml", G_DATETIME_ZONED),
        ("golden/fault_missing_parameter.xml", G_FAULT_MISSING),
        ("golden/fault_escaped_string.xml", G_FAULT_ESCAPED),
    ];
    for (name, doc) in docs {
        let reference: Events = match whole(doc) {
            Ok(e) => e,
            Err(e) => {
                return Err(crate::check::fail(format_args!(
                    "{name}: view rejects it: {e:?}"
                )))
            }
        };
        ensure!(reference.count() > 0, "{name}: no events");
        let mut buf = copy(doc);
        let in_place = must!(crate::props::whole_in_place(buf.as_mut()));
        ensure!(in_place == reference, "{name}: in-place view differs");
        for (cap, chunk) in [
            (doc.len() + 64, 4096),
            (doc.len() + 64, 1),
            (512, 7),
            (1024, 64),
        ] {
            let (events, end) = must!(streamed(doc, cap, &[chunk]));
            ensure!(
                end.is_ok(),
                "{name}: stream cap {cap} chunk {chunk}: {end:?}"
            );
            ensure!(
                events == reference,
                "{name}: stream cap {cap} chunk {chunk}: other events"
            );
        }
    }
    Ok(())
}

/// The spec's `eventNotification` example is a valid baton-rpc request.
pub fn spec_notification_request() -> Outcome {
    let mut doc = copy(SPEC_NOTIFICATION);
    let decoded = Request::decode_in_place(doc.as_mut());
    let outcome = match decoded {
        Ok(Request::EventNotification(n)) => {
            ensure_eq!(n.source_identifier, "id1");
            ensure_eq!(n.seqn, 0);
            ensure_eq!(n.events.len(), 1);
            let e = &n.events[0];
            ensure!(
                e.name == AnyEventName::Known(EventName::ConferenceCreate),
                "event name {:?}",
                e.name
            );
            ensure_eq!(
                e.args.factory_conference_id,
                Some("a7062510-5625-11e1-bdb0-0010f31a4434")
            );
            ensure_eq!(
                e.args.request_id,
                Some("a7049626-5625-11e1-ad66-0010f31a4434")
            );
            Ok(())
        }
        Ok(other) => Err(crate::check::fail(format_args!(
            "decoded {:?}",
            other.method()
        ))),
        Err(f) => Err(crate::check::fail(format_args!(
            "fault {} {}",
            f.code(),
            f.message()
        ))),
    };
    outcome
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
struct CreateParams<'a> {
    conference_alias: &'a str,
    factory_min_duration_minutes: Option<i32>,
    factory_max_duration_minutes: Option<i32>,
    #[serde(rename = "factoryOverridePIN")]
    factory_override_pin: Option<&'a str>,
    web_ex: Option<&'a str>,
    factory_resource_limits: Option<Limits>,
    factory_override_conference_display_name: Option<&'a str>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Limits {
    signalling: Option<i32>,
    media: Option<i32>,
    licences: Option<i32>,
    ports: Option<i32>,
}

/// CPython's `factory.conferencecreate` (the benchmark request): typed decode in place
/// and from a slice; baton-rpc answers its missing authentication with fault 101.
pub fn conference_create_request() -> Outcome {
    let want = CreateParams {
        conference_alias: "meet.engineering.weekly@video.example.com",
        factory_min_duration_minutes: Some(15),
        factory_max_duration_minutes: Some(240),
        factory_override_pin: Some("4711"),
        web_ex: Some("SIP-TSP"),
        factory_resource_limits: Some(Limits {
            signalling: Some(40),
            media: Some(12288),
            licences: Some(15360),
            ports: Some(40),
        }),
        factory_override_conference_display_name: Some("Engineering weekly <all hands> & demos"),
    };
    let mut doc = copy(CONFERENCE_CREATE);
    let call = must!(CallDecoder::in_place(doc.as_mut()));
    ensure_eq!(call.method_name(), "factory.conferencecreate");
    let (p,): (CreateParams<'_>,) = must!(call.params());
    ensure_eq!(p, want);
    let mut scratch = [0u8; 128];
    let call = must!(CallDecoder::from_slice(CONFERENCE_CREATE, &mut scratch));
    let (p,): (CreateParams<'_>,) = must!(call.params());
    ensure_eq!(p, want);
    let mut doc = copy(CONFERENCE_CREATE);
    match Request::decode_in_place(doc.as_mut()) {
        Err(f) => {
            ensure_eq!(f.code(), 101);
            ensure_eq!(f.message(), "missing parameter - authenticationUser");
        }
        Ok(r) => ensure!(false, "decoded {:?} without authentication", r.method()),
    }
    Ok(())
}
