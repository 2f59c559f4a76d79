//! `baton xmlrpc decode` (XML-RPC on stdin, one line of JSON out) and `baton xmlrpc encode`
//! (that JSON in, the canonical document out), run as the built binary.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

struct Run {
    code: i32,
    stdout: Vec<u8>,
    stderr: String,
}

fn baton(args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_baton"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("baton runs");
    // baton may exit before reading everything (a usage error): a broken pipe is fine.
    let _ = child.stdin.take().expect("stdin").write_all(stdin);
    let out = child.wait_with_output().expect("baton finishes");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn decode(xml: &[u8]) -> serde_json::Value {
    let run = baton(&["xmlrpc", "decode"], xml);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = String::from_utf8(run.stdout).unwrap();
    assert_eq!(text.matches('\n').count(), 1, "one line: {text:?}");
    assert!(text.ends_with('\n'));
    serde_json::from_str(&text).unwrap()
}

fn encode(json: &str) -> String {
    let run = baton(&["xmlrpc", "encode"], json.as_bytes());
    assert_eq!(run.code, 0, "{}", run.stderr);
    String::from_utf8(run.stdout).unwrap()
}

fn testdata(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata")
        .join(rel)
}

fn resp(body: &str) -> String {
    format!("<?xml version='1.0'?><methodResponse><params><param><value>{body}</value></param></params></methodResponse>")
}

#[test]
fn decode_spec_event_notification() {
    let xml = std::fs::read(testdata("spec/event_notification.xml")).unwrap();
    let run = baton(&["xmlrpc", "decode"], &xml);
    assert_eq!(run.code, 0);
    assert_eq!(
        String::from_utf8(run.stdout).unwrap(),
        concat!(
            r#"{"methodName":"eventNotification","params":[{"struct":{"#,
            r#""sourceIdentifier":{"string":"id1"},"seqn":{"int":0},"events":{"array":[{"struct":{"#,
            r#""name":{"string":"conferenceCreate"},"args":{"struct":{"#,
            r#""factory_conference_id":{"string":"a7062510-5625-11e1-bdb0-0010f31a4434"},"#,
            r#""request_id":{"string":"a7049626-5625-11e1-ad66-0010f31a4434"}}}}}]}}}]}"#,
            "\n"
        )
    );
}

#[test]
fn decode_call_response_and_fault_shapes() {
    let call = decode(b"<methodCall><methodName>device.query</methodName></methodCall>");
    assert_eq!(
        call,
        serde_json::json!({"methodName": "device.query", "params": []})
    );
    let response = decode(resp("<boolean>1</boolean>").as_bytes());
    assert_eq!(response, serde_json::json!({"params": [{"boolean": true}]}));
    let fault = decode(
        b"<methodResponse><fault><value><struct>\
          <member><name>faultCode</name><value><int>101</int></value></member>\
          <member><name>faultString</name><value>missing parameter - a&amp;b</value></member>\
          </struct></value></fault></methodResponse>",
    );
    assert_eq!(
        fault,
        serde_json::json!({"fault": {"faultCode": 101, "faultString": "missing parameter - a&b"}})
    );
}

#[test]
fn decode_tags_every_value_type() {
    let cases = [
        ("<i4>7</i4>", serde_json::json!({"int": 7})),
        ("<int> -7 </int>", serde_json::json!({"int": -7})),
        (
            "<i8>9223372036854775807</i8>",
            serde_json::json!({"i8": i64::MAX}),
        ),
        (
            "<boolean>0</boolean>",
            serde_json::json!({"boolean": false}),
        ),
        (
            "<string>a &lt;b&gt;\r</string>",
            serde_json::json!({"string": "a <b>\r"}),
        ),
        ("untyped", serde_json::json!({"string": "untyped"})),
        ("<string/>", serde_json::json!({"string": ""})),
        (
            "<double>1e-07</double>",
            serde_json::json!({"double": 1e-7}),
        ),
        ("<double>-0.5</double>", serde_json::json!({"double": -0.5})),
        (
            "<dateTime.iso8601>19980717T14:08:55</dateTime.iso8601>",
            serde_json::json!({"dateTime.iso8601": "19980717T14:08:55"}),
        ),
        (
            "<dateTime.iso8601>1998-07-17T14:08:55.25+01:00</dateTime.iso8601>",
            serde_json::json!({"dateTime.iso8601": "19980717T14:08:55.25+01:00"}),
        ),
        (
            "<base64>AP8Q\ngA==\n</base64>",
            serde_json::json!({"base64": "AP8QgA=="}),
        ),
        ("<nil/>", serde_json::json!({"nil": null})),
        ("<ex:nil/>", serde_json::json!({"nil": null})),
        (
            "<array><data><value><int>1</int></value><value>x</value></data></array>",
            serde_json::json!({"array": [{"int": 1}, {"string": "x"}]}),
        ),
    ];
    for (body, want) in cases {
        assert_eq!(
            decode(resp(body).as_bytes()),
            serde_json::json!({"params": [want]}),
            "{body}"
        );
    }
}

#[test]
fn decode_struct_document_order_last_duplicate_wins() {
    let got = decode(
        resp(
            "<struct><member><name>z</name><value><int>1</int></value></member>\
             <member><name>a</name><value><int>2</int></value></member>\
             <member><name>z</name><value><int>3</int></value></member></struct>",
        )
        .as_bytes(),
    );
    let text = serde_json::to_string(&got).unwrap();
    assert_eq!(
        text,
        r#"{"params":[{"struct":{"z":{"int":3},"a":{"int":2}}}]}"#
    );
}

#[test]
fn decode_bad_input_exits_1_naming_the_byte_offset() {
    for (input, offset) in [
        (&b"<methodCall><methodName>x</methodName><params><param><value><int>99999999999</int></value></param></params></methodCall>"[..], "at byte 65"),
        (b"<methodResponse><params><param><value><boolean>2</boolean></value></param></params></methodResponse>", "at byte"),
        (b"<!DOCTYPE x><methodCall/>", "at byte 0"),
        (b"", "at byte 0"),
    ] {
        let run = baton(&["xmlrpc", "decode"], input);
        assert_eq!(run.code, 1, "{:?}", String::from_utf8_lossy(input));
        assert!(run.stdout.is_empty());
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        assert!(run.stderr.starts_with("baton xmlrpc decode: "), "{}", run.stderr);
        assert!(run.stderr.contains(offset), "{}", run.stderr);
    }
}

#[test]
fn encode_writes_the_canonical_document() {
    assert_eq!(
        encode(r#"{"methodName": "conference.destroy", "params": [{"struct": {"conferenceName": {"string": "weekly <&>\r"}}}]}"#),
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?><methodCall><methodName>conference.destroy</methodName>"#,
            "<params><param><value><struct><member><name>conferenceName</name>",
            "<value><string>weekly &lt;&amp;&gt;&#13;</string></value></member></struct></value></param></params></methodCall>"
        )
    );
    assert_eq!(
        encode(r#"{"params": [{"array": [{"i8": 5}, {"double": 1e-7}, {"double": 3}, {"nil": null}, {"base64": "AP8="}, {"dateTime.iso8601": "1998-07-17T14:08:55"}]}]}"#),
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?><methodResponse><params><param><value><array><data>"#,
            "<value><i8>5</i8></value><value><double>0.0000001</double></value><value><double>3.0</double></value>",
            "<value><nil/></value><value><base64>AP8=</base64></value>",
            "<value><dateTime.iso8601>19980717T14:08:55</dateTime.iso8601></value>",
            "</data></array></value></param></params></methodResponse>"
        )
    );
    assert_eq!(
        encode(r#"{"fault": {"faultCode": 4, "faultString": "no such conference"}}"#),
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?><methodResponse><fault><value><struct>"#,
            "<member><name>faultCode</name><value><int>4</int></value></member>",
            "<member><name>faultString</name><value><string>no such conference</string></value></member>",
            "</struct></value></fault></methodResponse>"
        )
    );
}

#[test]
fn decode_then_encode_reproduces_every_golden_file() {
    let mut n = 0;
    for entry in std::fs::read_dir(testdata("golden")).unwrap() {
        let path = entry.unwrap().path();
        let golden = std::fs::read(&path).unwrap();
        let json = serde_json::to_string(&decode(&golden)).unwrap();
        assert_eq!(encode(&json).as_bytes(), golden, "{}", path.display());
        n += 1;
    }
    assert!(n >= 5, "golden files found: {n}");
}

#[test]
fn encode_then_decode_gives_the_json_back() {
    let json = serde_json::json!({
        "methodName": "x.y",
        "params": [
            {"struct": {"b": {"int": -2147483648}, "a": {"i8": -1}, "t": {"string": "\t\n\r<>&'\" 😀"}}},
            {"double": 5e-324}, {"double": 1.7976931348623157e308}, {"double": -0.0},
            {"double": 0.30000000000000004}, {"boolean": false}, {"string": ""},
            {"dateTime.iso8601": "00010101T00:00:00"}, {"base64": ""}, {"array": []}, {"struct": {}}
        ]
    });
    let xml = encode(&json.to_string());
    assert_eq!(decode(xml.as_bytes()), json);
}

#[test]
fn encode_bad_json_exits_1_with_a_clear_message() {
    for (input, message) in [
        ("{", "invalid JSON"),
        ("[1]", "must be a JSON object"),
        (
            r#"{"params": [{"int": 1}, {"int": 2}]}"#,
            "exactly one param",
        ),
        (
            r#"{"params": [{"int": 2147483648}]}"#,
            "params[0].int: must be an integer in i32",
        ),
        (r#"{"params": [{"int": 1, "i8": 2}]}"#, "exactly one key"),
        (r#"{"params": [{"float": 1}]}"#, "unknown type \"float\""),
        (
            r#"{"params": [{"struct": {"k": {"string": 5}}}]}"#,
            "params[0].struct[\"k\"].string: must be a string",
        ),
        (
            r#"{"params": [{"string": "a\u0000"}]}"#,
            "U+0000 cannot be written in XML",
        ),
        (
            r#"{"params": [{"dateTime.iso8601": "yesterday"}]}"#,
            "is not YYYYMMDDTHH:MM:SS",
        ),
        (r#"{"params": [{"base64": "A"}]}"#, "not standard base64"),
        (r#"{"params": [{"nil": 0}]}"#, "must be null"),
        (r#"{"methodName": 1}"#, "methodName: must be a string"),
        (
            r#"{"fault": {"faultCode": "x", "faultString": ""}}"#,
            "faultCode",
        ),
        (
            r#"{"methodName": "m", "extra": 1}"#,
            "unexpected key \"extra\"",
        ),
    ] {
        let run = baton(&["xmlrpc", "encode"], input.as_bytes());
        assert_eq!(run.code, 1, "{input}");
        assert!(run.stdout.is_empty(), "{input}");
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        assert!(run.stderr.contains(message), "{input}: {}", run.stderr);
    }
}

#[test]
fn help_shows_the_json_form_and_an_example() {
    for sub in ["decode", "encode"] {
        let run = baton(&["xmlrpc", sub, "--help"], b"");
        assert_eq!(run.code, 0);
        let help = String::from_utf8(run.stdout).unwrap();
        assert!(help.contains("Example:"), "{help}");
        assert!(help.contains(&format!("| baton xmlrpc {sub}")), "{help}");
        if sub == "decode" {
            assert!(
                help.contains(r#"{"dateTime.iso8601": "YYYYMMDDTHH:MM:SS"}"#),
                "{help}"
            );
        }
    }
}
