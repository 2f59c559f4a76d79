//! XML request encodings: the std server transcodes ISO-8859-1 and UTF-16
//! (with a BOM) before the in-place decode; other encodings are refused
//! with fault 201 naming the encoding. Hand-written request bytes.

mod common;

use common::*;
use serde_json::json;

/// `conference.create` of `name`, as XML text (`decl`: the declaration).
fn create_call(decl: &str, name: &str) -> String {
    format!(
        "{decl}<methodCall><methodName>conference.create</methodName><params><param><value><struct>\
         <member><name>conferenceName</name><value><string>{name}</string></value></member>\
         <member><name>authenticationUser</name><value><string>{USER}</string></value></member>\
         <member><name>authenticationPassword</name><value><string>{PASSWORD}</string></value></member>\
         </struct></value></param></params></methodCall>"
    )
}

async fn names(d: &Device) -> Vec<String> {
    let e = d.call("conference.enumerate", json!({})).await.unwrap();
    e["conferences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["conferenceName"].as_str().unwrap().to_owned())
        .collect()
}

/// `<?xml version="1.0" encoding="ISO-8859-1"?>` (what Perl
/// Frontier::Client sends when asked): decoded, `é` (0xE9) kept.
#[tokio::test]
async fn iso_8859_1_request_is_transcoded_before_decoding() {
    let d = device();
    let text = create_call(
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>",
        "caf\u{e9} r\u{e9}union",
    );
    // One byte per character: ISO-8859-1, not UTF-8.
    let latin1: Vec<u8> = text
        .chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect();
    assert!(std::str::from_utf8(&latin1).is_err());
    let r = d.post_rpc(latin1).await.unwrap();
    assert_eq!(r["status"], "operation successful");
    assert_eq!(names(&d).await, ["café réunion"]);
}

/// UTF-16 with a byte order mark, both byte orders, declared or not.
#[tokio::test]
async fn utf_16_request_with_a_bom_is_transcoded_before_decoding() {
    let d = device();
    for (big_endian, decl, name) in [
        (
            true,
            "<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
            "be-\u{20ac}",
        ),
        (false, "<?xml version=\"1.0\"?>", "le-\u{1f600}"),
    ] {
        let mut body = if big_endian {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for u in create_call(decl, name).encode_utf16() {
            body.extend(if big_endian {
                u.to_be_bytes()
            } else {
                u.to_le_bytes()
            });
        }
        let r = d.post_rpc(body).await.unwrap();
        assert_eq!(r["status"], "operation successful");
    }
    assert_eq!(names(&d).await, ["be-€", "le-😀"]);
}

/// An encoding the server does not transcode: fault 201 naming it, and
/// nothing done.
#[tokio::test]
async fn other_declared_encoding_is_fault_201_naming_the_encoding() {
    let d = device();
    let body = create_call("<?xml version=\"1.0\" encoding=\"Shift_JIS\"?>", "sj").into_bytes();
    let (code, text) = d.post_rpc(body).await.unwrap_err();
    assert_eq!(
        (code, text.as_str()),
        (201, "operation failed - unsupported encoding Shift_JIS")
    );
    assert!(names(&d).await.is_empty());
}
