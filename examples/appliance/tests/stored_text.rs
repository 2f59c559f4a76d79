//! Issue 14, point 4: one control character stored once must not break
//! the device. Every text that can be stored is XML 1.0 `Char`s only,
//! refused on the way in (REST error 20 naming the field; XML-RPC a fault
//! naming the parameter), and an operation answered with an error left no
//! trace. Over real sockets: the device's router served on 127.0.0.1.

use std::net::SocketAddr;

use baton_appliance::{Appliance, ApplianceConfig, Store};
use baton_tokio::{FeedbackConfig, FeedbackDriver, Role, ServerConfig, Users};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const USER: &str = "api";
const PASSWORD: &str = "secret";
const MCU_SERVICE: &str = "123456";
const MCU_QUALITY: &str = "0af69ffc-e3f7-12a0-80a5-000ba977a3fa";

struct Served {
    addr: SocketAddr,
    _driver: FeedbackDriver,
    _device: Appliance,
}

async fn serve() -> Served {
    let driver = FeedbackDriver::spawn(FeedbackConfig::default()).unwrap();
    let device = Appliance::new(
        ApplianceConfig::default(),
        Store::in_memory().unwrap(),
        driver.handle(),
    )
    .unwrap();
    let router = device.router(
        Users::new().with(USER, PASSWORD, Role::Admin),
        ServerConfig::default(),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let _ = axum::serve(listener, router).await;
    });
    Served {
        addr,
        _driver: driver,
        _device: device,
    }
}

/// One HTTP/1.1 exchange on its own connection: status and body.
async fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    ctype: &str,
    body: &[u8],
) -> (u16, Vec<u8>) {
    use base64::Engine;
    let auth = base64::engine::general_purpose::STANDARD.encode(format!("{USER}:{PASSWORD}"));
    let mut s = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Basic {auth}\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).await.unwrap();
    s.write_all(body).await.unwrap();
    let mut out = Vec::new();
    tokio::time::timeout(std::time::Duration::from_secs(20), s.read_to_end(&mut out))
        .await
        .expect("the device answers")
        .unwrap();
    let text = String::from_utf8_lossy(&out);
    let status: u16 = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line: {text:?}"));
    let at = out
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(out.len(), |p| p + 4);
    (status, out[at..].to_vec())
}

async fn rest(addr: SocketAddr, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let (status, bytes) = http(addr, method, path, "application/json", body.as_bytes()).await;
    let value = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into()))
    };
    (status, value)
}

/// An XML-RPC call whose one struct param has the credentials and
/// `members` (already XML: `<member>...</member>`): the reply as JSON, or
/// the fault's code and string.
async fn rpc(addr: SocketAddr, method: &str, members: &str) -> Result<Value, (i32, String)> {
    let body = format!(
        "<?xml version=\"1.0\"?><methodCall><methodName>{method}</methodName><params><param><value><struct>\
         <member><name>authenticationUser</name><value><string>{USER}</string></value></member>\
         <member><name>authenticationPassword</name><value><string>{PASSWORD}</string></value></member>\
         {members}</struct></value></param></params></methodCall>"
    );
    let (status, bytes) = http(addr, "POST", "/RPC2", "text/xml", body.as_bytes()).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&bytes));
    let mut scratch = vec![0u8; bytes.len()];
    match baton_xmlrpc::decode_response_from_slice::<baton_xmlrpc::owned::Value>(
        &bytes,
        &mut scratch,
    )
    .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&bytes)))
    {
        baton_xmlrpc::Response::Value(v) => Ok(serde_json::to_value(&v).unwrap()),
        baton_xmlrpc::Response::Fault(f) => Err((f.code, f.string.to_string())),
    }
}

fn string_member(name: &str, value: &str) -> String {
    format!("<member><name>{name}</name><value><string>{value}</string></value></member>")
}

fn base64_member(name: &str, value: &[u8]) -> String {
    use base64::Engine;
    let b = base64::engine::general_purpose::STANDARD.encode(value);
    format!("<member><name>{name}</name><value><base64>{b}</base64></value></member>")
}

fn bundle(display: &str, alias: &str) -> Value {
    json!({
        "conference_display_name": display,
        "service_preference_id": MCU_SERVICE,
        "aliases": [{"role": "host", "exact_match": alias}],
        "host_quality": MCU_QUALITY,
        "guest_quality": MCU_QUALITY,
    })
}

/// The `validation_errors` of a REST error 20 body.
fn validation_errors(body: &Value) -> &serde_json::Map<String, Value> {
    assert_eq!(body["error_code"], "20", "{body}");
    body["details"]["validation_errors"]
        .as_object()
        .unwrap_or_else(|| panic!("no validation_errors: {body}"))
}

/// The device still answers every enumerate, with `n` conferences.
async fn enumerates_work(addr: SocketAddr, conferences: usize) {
    let e = rpc(addr, "conference.enumerate", "")
        .await
        .expect("conference.enumerate");
    assert_eq!(
        e["conferences"].as_array().map_or(0, Vec::len),
        conferences,
        "{e}"
    );
    rpc(addr, "participant.enumerate", "")
        .await
        .expect("participant.enumerate");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stored_text_must_be_xml_characters_rest_confbundle_fields_are_refused_with_error_20() {
    let s = serve().await;
    for (field, body) in [
        (
            "conference_display_name",
            bundle("Room\u{1}", "room@example.com"),
        ),
        (
            "aliases[0].exact_match",
            bundle("Room", "room\u{1}@example.com"),
        ),
        ("owner_id", {
            let mut b = bundle("Room", "room@example.com");
            b["owner_id"] = json!("owner\u{1b}");
            b
        }),
        (
            "conference_display_name",
            bundle("Room\u{FFFE}", "room@example.com"),
        ),
    ] {
        let (status, got) = rest(s.addr, "PUT", "/api/4.0/confbundles/b1", Some(body)).await;
        assert_eq!(status, 400, "{field}: {got}");
        let errors = validation_errors(&got);
        assert!(errors.contains_key(field), "{field} not named: {got}");
        // Left no trace.
        let (status, _) = rest(s.addr, "GET", "/api/4.0/confbundles/b1", None).await;
        assert_eq!(status, 404, "{field}");
    }
    // The ConfBundleID in the path.
    let (status, got) = rest(
        s.addr,
        "PUT",
        "/api/4.0/confbundles/Room%01",
        Some(bundle("Room", "room@example.com")),
    )
    .await;
    assert_eq!(status, 400, "{got}");
    assert!(
        validation_errors(&got).contains_key("ConfBundleID"),
        "{got}"
    );
    let (_, list) = rest(s.addr, "GET", "/api/4.0/confbundles/", None).await;
    assert_eq!(list, json!({}));
    // Tab, LF, CR and every other Unicode character are fine.
    let (status, got) = rest(
        s.addr,
        "PUT",
        "/api/4.0/confbundles/b1",
        Some(bundle(
            "Room\t\r\n\u{7f}\u{FFFD}\u{10FFFF} ok",
            "room@example.com",
        )),
    )
    .await;
    assert_eq!(status, 201, "{got}");
    let r = rpc(
        s.addr,
        "factory.conferencecreate",
        &string_member("conferenceAlias", "room@example.com"),
    )
    .await
    .expect("created");
    assert_eq!(r["status"], "operation successful");
    enumerates_work(s.addr, 1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stored_text_must_be_xml_characters_rest_owner_ids_are_refused_with_error_20() {
    let s = serve().await;
    let (status, got) = rest(
        s.addr,
        "PUT",
        "/api/4.0/owners",
        Some(json!({"generation": "g1", "owners": [{"owner_id": "ok"}, {"owner_id": "bad\u{2}", "external_owner_id": "x\u{0}"}]})),
    )
    .await;
    assert_eq!(status, 400, "{got}");
    let errors = validation_errors(&got);
    assert!(errors.contains_key("owners[1].owner_id"), "{got}");
    assert!(errors.contains_key("owners[1].external_owner_id"), "{got}");
    // Nothing stored: the multiparty count sees no owner.
    let (_, lic) = rest(s.addr, "GET", "/api/4.0/multipartylicense", None).await;
    assert_eq!(lic["smp_in_use"], 0, "{lic}");
}

/// Today `factory.conferencecreate` answered fault 201 *and* created the
/// conference, after which every enumerate answered 201.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stored_text_must_be_xml_characters_xmlrpc_base64_alias_is_refused_and_leaves_no_conference(
) {
    let s = serve().await;
    let r = rpc(
        s.addr,
        "factory.conferencecreate",
        &base64_member("conferenceAlias", b"room\x01@example.com"),
    )
    .await;
    let (code, text) = r.expect_err("refused");
    // 102 invalid parameter (this rule) or 103 malformed parameter (a
    // base64 where a string is expected): both name the parameter.
    assert!(matches!(code, 102 | 103), "{code} {text}");
    assert!(text.ends_with("conferenceAlias"), "{text}");
    enumerates_work(s.addr, 0).await;
    for (method, members) in [
        (
            "conference.create",
            base64_member("conferenceName", b"c\x01"),
        ),
        (
            "factory.conferencecreate",
            string_member("conferenceAlias", "ok@example.com")
                + &base64_member("factoryOverrideConferenceDisplayName", b"d\x1b"),
        ),
    ] {
        let (code, text) = rpc(s.addr, method, &members).await.expect_err(method);
        assert!(matches!(code, 102 | 103), "{method}: {code} {text}");
        enumerates_work(s.addr, 0).await;
    }
    // A conference, then a participant with a bad name / address.
    rpc(
        s.addr,
        "conference.create",
        &string_member("conferenceName", "c1"),
    )
    .await
    .expect("conference.create");
    for members in [
        string_member("participantName", "p") + &base64_member("address", b"sip:a\x01@example.com"),
        base64_member("participantName", b"p\x01") + &string_member("address", "sip:a@example.com"),
    ] {
        let (code, text) = rpc(
            s.addr,
            "participant.add",
            &(string_member("conferenceName", "c1") + &members),
        )
        .await
        .expect_err("participant.add");
        assert!(matches!(code, 102 | 103), "{code} {text}");
    }
    enumerates_work(s.addr, 1).await;
    let p = rpc(s.addr, "participant.enumerate", "").await.unwrap();
    assert_eq!(p["participants"].as_array().map_or(0, Vec::len), 0, "{p}");
}
