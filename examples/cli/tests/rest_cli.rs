//! `baton rest validate`: a ConfBundle on stdin; the device's exact answer
//! on stdout (HTTP status on stderr); exit 0 valid, 1 invalid, 2 usage.
//! `baton rest route`: the operation, or the 100:404 / 100:405 body.

use std::io::Write;
use std::process::{Command, Stdio};

fn baton(args: &[&str], stdin: &str) -> (i32, serde_json::Value, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_baton"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("baton runs");
    // baton may exit before reading (a usage error): a broken pipe is fine.
    let _ = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes());
    let out = child.wait_with_output().expect("baton finishes");
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let json = serde_json::from_str(stdout.trim()).unwrap_or(serde_json::Value::String(stdout));
    (
        out.status.code().unwrap_or(-1),
        json,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const TS_QUALITY: &str = "4dd69ffc-f2f7-11e0-8fa5-000c3907bedd";

fn bundle(extra: &str) -> String {
    format!(
        r#"{{"conference_display_name": "Alice", "service_preference_id": "13579",
            "aliases": [{{"role": "host", "exact_match": "meet.alice@example.com"}}],
            "host_quality": "{TS_QUALITY}", "guest_quality": "{TS_QUALITY}"{extra}}}"#
    )
}

#[test]
fn a_valid_confbundle_exits_0_with_ok_and_warnings() {
    let (code, json, _) = baton(
        &["rest", "validate"],
        &bundle(r#", "advanced_parameters": {"duration": 60}"#),
    );
    assert_eq!(code, 0);
    assert_eq!(json["ok"], true);
    assert_eq!(json["warnings"][0]["path"], "advanced_parameters.duration");
    assert_eq!(
        json["warnings"][0]["rule"],
        "discouraged_advanced_parameters_are_reported"
    );
}

#[test]
fn unknown_keys_give_the_devices_error_20_body() {
    let (code, json, stderr) = baton(
        &["rest", "validate"],
        &bundle(r#", "dial_out_participants": [], "conference_type": "meeting""#),
    );
    assert_eq!(code, 1);
    assert_eq!(stderr.trim(), "HTTP 400");
    assert_eq!(
        json,
        serde_json::json!({
            "details": {"validation_errors": {
                "": "Unrecognized keys in mapping: \"{u'dial_out_participants': [], u'conference_type': u'meeting'}\""
            }},
            "error_code": "20",
            "message": "A validation error in the request prevented further processing."
        })
    );
}

#[test]
fn rule_violations_are_all_listed_by_path() {
    let (code, json, _) = baton(
        &["rest", "validate"],
        &bundle(
            r#", "max_participants": 1, "aliases": [{"role": "host", "exact_match": "Upper@example.com"}]"#,
        ),
    );
    assert_eq!(code, 1);
    let errors = &json["details"]["validation_errors"];
    assert_eq!(
        errors["max_participants"],
        "value must be 0 or between 2 and 2400"
    );
    assert_eq!(
        errors["aliases[0].exact_match"],
        "exact_match must be in lower case"
    );
}

#[test]
fn a_logical_error_is_error_30() {
    let (code, json, _) = baton(
        &["rest", "validate"],
        &bundle(r#", "service_preference_id": "nope""#),
    );
    assert_eq!(code, 1);
    assert_eq!(json["error_code"], "30");
}

#[test]
fn bad_json_gives_error_50_with_its_position() {
    let (code, json, _) = baton(&["rest", "validate"], "{\n \"a\": 1,\n}");
    assert_eq!(code, 1);
    assert_eq!(json["error_code"], "50");
    assert_eq!(
        json["details"]["info"],
        "Expecting property name: line 3 column 1 (char 11)"
    );
}

#[test]
fn existing_aliases_are_duplicates_except_for_the_same_confbundle() {
    let dir = std::env::temp_dir().join(format!("baton-rest-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let existing = dir.join("existing.json");
    std::fs::write(&existing, r#"{"meet.alice@example.com": "cb-1"}"#).unwrap();
    let path = existing.to_str().unwrap();
    let (code, json, _) = baton(
        &["rest", "validate", "--existing", path, "--id", "cb-2"],
        &bundle(""),
    );
    assert_eq!(code, 1);
    assert_eq!(json["error_code"], "30");
    assert_eq!(
        json["details"]["validation_errors"]["aliases[0].exact_match"],
        "exact_match is already in use"
    );
    let (code, _, _) = baton(
        &["rest", "validate", "--existing", path, "--id", "cb-1"],
        &bundle(""),
    );
    assert_eq!(code, 0);
    std::fs::write(&existing, r#"["meet.alice@example.com"]"#).unwrap();
    let (code, _, _) = baton(&["rest", "validate", "--existing", path], &bundle(""));
    assert_eq!(code, 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_custom_catalog_replaces_the_spec_examples() {
    let dir = std::env::temp_dir().join(format!("baton-rest-cli-cat-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let catalog = dir.join("catalog.json");
    std::fs::write(
        &catalog,
        r#"{"serviceinfo": [{"service_id": "sp", "bridge_type": "tsmcu", "qualities": "g", "bridge_capabilities": ["role_by_pin"]}],
            "qualities": [{"quality_group_name": "g", "quality_group": [{"quality_id": "q", "quality_type": "video", "display_order": 1}]}]}"#,
    )
    .unwrap();
    let by_pin = r#"{"conference_display_name": "P", "service_preference_id": "sp",
        "aliases": [{"role": "by_pin", "exact_match": "p@example.com"}],
        "host_quality": "q", "guest_quality": "q", "host_pin": "1234"}"#;
    let (code, json, _) = baton(
        &["rest", "validate", "--catalog", catalog.to_str().unwrap()],
        by_pin,
    );
    assert_eq!(code, 0, "{json}");
    // The spec's catalog has no such Service Preference.
    let (code, _, _) = baton(&["rest", "validate"], by_pin);
    assert_eq!(code, 1);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_missing_catalog_file_is_a_usage_error() {
    let (code, _, stderr) = baton(
        &["rest", "validate", "--catalog", "/nonexistent/catalog.json"],
        "{}",
    );
    assert_eq!(code, 2);
    assert!(stderr.contains("catalog.json"));
}

#[test]
fn route_answers_404_and_405_like_the_spec() {
    let (code, json, stderr) = baton(&["rest", "route", "GET", "/api/4.0/nothing/here"], "");
    assert_eq!((code, stderr.trim()), (1, "HTTP 404"));
    assert_eq!(json["error_code"], "100:404");
    let (code, json, _) = baton(&["rest", "route", "POST", "/api/4.0/confbundles/x"], "");
    assert_eq!(code, 1);
    assert_eq!(
        json["message"],
        "The method is not allowed for the requested URL."
    );
    let (code, out, _) = baton(
        &["rest", "route", "PUT", "/api/4.0/confbundles/b4c7%2Dx"],
        "",
    );
    assert_eq!(code, 0);
    assert_eq!(
        out,
        serde_json::Value::String("PutConfBundle { id: \"b4c7-x\" }\n".into())
    );
}
