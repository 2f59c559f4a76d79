//! Issue 14, point 4: one control character stored once must not break
//! the device. Every text that can be stored is XML 1.0 `Char`s only,
//! refused on the way in (REST error 20 naming the field; XML-RPC a fault
//! naming the parameter), and an operation answered with an error left no
//! trace. Over real sockets: the device's router served on 127.0.0.1.

mod net;

use net::*;
use serde_json::{json, Value};

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
