//! Typed decoding with serde: the mapping, borrowed strings, errors naming the member, and
//! "last duplicate member wins" in typed decoding too.

mod common;

use baton_xmlrpc::{
    decode_response_from_slice, decode_response_in_place, CallDecoder, ErrorKind, Response,
};
use common::call;
use serde::Deserialize;

#[derive(Debug, Deserialize, PartialEq, Clone, Copy)]
enum WebEx {
    None,
    #[serde(rename = "SIP")]
    Sip,
    #[serde(rename = "SIP-TSP")]
    SipTsp,
}

#[derive(Debug, Deserialize, PartialEq, Default)]
struct Limits {
    signalling: Option<i32>,
    ports: Option<u16>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
struct Create<'a> {
    conference_alias: &'a str,
    factory_min_duration_minutes: Option<i32>,
    #[serde(rename = "webEx")]
    web_ex: Option<WebEx>,
    factory_resource_limits: Option<Limits>,
    #[serde(default)]
    aliases: heapless::Vec<heapless::String<16>, 4>,
    locked: Option<bool>,
}

fn member(name: &str, value: &str) -> String {
    format!("<member><name>{name}</name><value>{value}</value></member>")
}

fn create_call(members: &[String]) -> Vec<u8> {
    call(&format!(
        "<value><struct>{}</struct></value>",
        members.concat()
    ))
}

fn both<T, F>(
    doc: &[u8],
    f: F,
) -> (
    Result<T, baton_xmlrpc::Error>,
    Result<T, baton_xmlrpc::Error>,
)
where
    F: for<'a> Fn(CallDecoder<'a>) -> Result<T, baton_xmlrpc::Error>,
{
    let mut copy = doc.to_vec();
    let a = CallDecoder::in_place(&mut copy).and_then(&f);
    let mut scratch = vec![0u8; doc.len()];
    let b = CallDecoder::from_slice(doc, &mut scratch).and_then(&f);
    (a, b)
}

#[test]
fn struct_with_optional_nested_enum_and_heapless_members() {
    let doc = create_call(&[
        member("conferenceAlias", "<string>meet&amp;greet</string>"),
        member("webEx", "<string>SIP-TSP</string>"),
        member(
            "factoryResourceLimits",
            "<struct><member><name>ports</name><value><int>11</int></value></member></struct>",
        ),
        member(
            "aliases",
            "<array><data><value>a</value><value><string>b</string></value></data></array>",
        ),
        member("locked", "<nil/>"),
        member(
            "unknown",
            "<array><data><value><i8>5</i8></value></data></array>",
        ),
    ]);
    let (a, b) = both(&doc, |c| {
        let (p,): (Create<'_>,) = c.params()?;
        Ok(format!("{p:?}"))
    });
    let a = a.unwrap();
    assert_eq!(a, b.unwrap());
    assert!(a.contains("conference_alias: \"meet&greet\""), "{a}");
    assert!(a.contains("web_ex: Some(SipTsp)"));
    assert!(a.contains("ports: Some(11)"));
    assert!(a.contains("aliases: [\"a\", \"b\"]"));
    assert!(a.contains("locked: None"));
    assert!(a.contains("factory_min_duration_minutes: None"));
}

#[test]
fn in_place_unescape_borrows_from_the_input_buffer() {
    let doc = call("<value><string>a&lt;b<![CDATA[&c]]></string></value>");
    let mut buf = doc.clone();
    let range = buf.as_ptr_range();
    let (s,): (&str,) = CallDecoder::in_place(&mut buf).unwrap().params().unwrap();
    assert_eq!(s, "a<b&c");
    assert!(
        range.contains(&s.as_ptr()),
        "the string lives in the input buffer"
    );
}

#[test]
fn strings_without_escapes_borrow_from_an_immutable_input() {
    let doc = call("<value><string>plain</string></value>");
    let (s,): (&str,) = CallDecoder::from_slice(&doc, &mut [])
        .unwrap()
        .params()
        .unwrap();
    assert!(doc.as_ptr_range().contains(&s.as_ptr()));
    // Escaped text needs scratch space.
    let doc = call("<value><string>a&amp;b</string></value>");
    let e = CallDecoder::from_slice(&doc, &mut [])
        .unwrap()
        .params::<(&str,)>()
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::ScratchTooSmall);
    let mut scratch = [0u8; 3];
    let (s,): (&str,) = CallDecoder::from_slice(&doc, &mut scratch)
        .unwrap()
        .params()
        .unwrap();
    assert_eq!(s, "a&b");
}

#[test]
fn missing_member_error_names_the_member_and_param() {
    let doc = create_call(&[member("webEx", "SIP")]);
    let (a, b) = both(&doc, |c| c.params::<(Create<'_>,)>().map(|_| ()));
    for e in [a.unwrap_err(), b.unwrap_err()] {
        assert_eq!(e.kind(), ErrorKind::MissingMember);
        assert_eq!(e.member(), Some("conferenceAlias"));
        assert_eq!(e.param_member(), Some("conferenceAlias"));
    }
}

#[test]
fn wrong_type_error_names_the_innermost_member_and_the_param() {
    let doc = create_call(&[
        member("conferenceAlias", "x"),
        member("factoryResourceLimits", "<struct><member><name>signalling</name><value><string>4</string></value></member></struct>"),
    ]);
    let (a, b) = both(&doc, |c| c.params::<(Create<'_>,)>().map(|_| ()));
    for e in [a.unwrap_err(), b.unwrap_err()] {
        assert_eq!(e.kind(), ErrorKind::InvalidType);
        assert_eq!(e.member(), Some("signalling"));
        assert_eq!(e.param_member(), Some("factoryResourceLimits"));
        assert!(
            doc[e.offset()..].starts_with(b"<value><string>4"),
            "offset {}",
            e.offset()
        );
    }
}

#[test]
fn unknown_enum_variant_is_an_invalid_value() {
    let doc = create_call(&[member("conferenceAlias", "x"), member("webEx", "H323")]);
    let (a, _) = both(&doc, |c| c.params::<(Create<'_>,)>().map(|_| ()));
    let e = a.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidValue);
    assert_eq!(e.param_member(), Some("webEx"));
}

#[test]
fn out_of_range_for_the_target_is_an_invalid_value() {
    let doc = create_call(&[
        member("conferenceAlias", "x"),
        member(
            "factoryResourceLimits",
            "<struct><member><name>ports</name><value><int>70000</int></value></member></struct>",
        ),
    ]);
    let (a, _) = both(&doc, |c| c.params::<(Create<'_>,)>().map(|_| ()));
    let e = a.unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidValue);
    assert_eq!(e.member(), Some("ports"));
}

#[test]
fn unknown_members_are_ignored_but_still_checked() {
    let doc = create_call(&[
        member("conferenceAlias", "x"),
        member("extra", "<int>99999999999</int>"),
    ]);
    let (a, b) = both(&doc, |c| c.params::<(Create<'_>,)>().map(|_| ()));
    assert_eq!(a.unwrap_err().kind(), ErrorKind::IntegerOutOfRange);
    assert_eq!(b.unwrap_err().kind(), ErrorKind::IntegerOutOfRange);
}

#[test]
fn typed_decode_last_duplicate_member_wins() {
    let doc = create_call(&[
        member("conferenceAlias", "<string>first&amp;</string>"),
        member("locked", "<boolean>1</boolean>"),
        member("factoryResourceLimits", "<struct><member><name>ports</name><value><int>1</int></value></member><member><name>ports</name><value><int>2</int></value></member></struct>"),
        member("conferenceAlias", "<string>second&lt;</string>"),
        member("locked", "<boolean>0</boolean>"),
    ]);
    let (a, b) = both(&doc, |c| {
        let (p,): (Create<'_>,) = c.params()?;
        Ok((
            p.conference_alias.to_owned(),
            p.locked,
            p.factory_resource_limits.and_then(|l| l.ports),
        ))
    });
    let want = ("second<".to_owned(), Some(false), Some(2));
    assert_eq!(a.unwrap(), want);
    assert_eq!(b.unwrap(), want);
}

#[test]
fn typed_decode_last_duplicate_wins_with_base64_in_place() {
    #[derive(Deserialize)]
    struct B<'a> {
        #[serde(borrow)]
        data: &'a [u8],
    }
    let doc = call("<value><struct><member><name>data</name><value><base64>AAEC</base64></value></member><member><name>data</name><value><base64>/w==</base64></value></member></struct></value>");
    let mut copy = doc.clone();
    let (b,): (B<'_>,) = CallDecoder::in_place(&mut copy).unwrap().params().unwrap();
    assert_eq!(b.data, &[255]);
    let mut scratch = [0u8; 16];
    let (b,): (B<'_>,) = CallDecoder::from_slice(&doc, &mut scratch)
        .unwrap()
        .params()
        .unwrap();
    assert_eq!(b.data, &[255]);
}

#[test]
fn params_as_a_sequence() {
    let doc = b"<methodCall><methodName>m</methodName><params><param><value><int>1</int></value></param><param><value>two</value></param><param><value><double>3.5</double></value></param></params></methodCall>";
    let (a, b, c): (i64, &str, f64) = CallDecoder::from_slice(doc, &mut [])
        .unwrap()
        .params()
        .unwrap();
    assert_eq!((a, b, c), (1, "two", 3.5));
    // Extra params are checked and ignored.
    let (a,): (u8,) = CallDecoder::from_slice(doc, &mut [])
        .unwrap()
        .params()
        .unwrap();
    assert_eq!(a, 1);
    let v: heapless::Vec<i32, 1> = CallDecoder::from_slice(
        b"<methodCall><methodName>m</methodName><params/></methodCall>",
        &mut [],
    )
    .unwrap()
    .params()
    .unwrap();
    assert!(v.is_empty());
}

#[test]
fn response_value_and_fault() {
    let mut doc = b"<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><struct>\n<member>\n<name>status</name>\n<value><string>operation successful</string></value>\n</member>\n</struct></value>\n</param>\n</params>\n</methodResponse>\n".to_vec();
    #[derive(Deserialize)]
    struct Status<'a> {
        status: &'a str,
    }
    match decode_response_in_place::<Status<'_>>(&mut doc).unwrap() {
        Response::Value(s) => assert_eq!(s.status, "operation successful"),
        Response::Fault(f) => panic!("{f}"),
    }
    let doc = b"<methodResponse><fault><value><struct><member><name>faultString</name><value>bad &amp; worse</value></member><member><name>faultCode</name><value><i4>101</i4></value></member></struct></value></fault></methodResponse>";
    let mut scratch = [0u8; 32];
    match decode_response_from_slice::<Status<'_>>(doc, &mut scratch).unwrap() {
        Response::Fault(f) => assert_eq!((f.code, f.string), (101, "bad & worse")),
        Response::Value(_) => panic!(),
    }
}

#[test]
fn base64_into_byte_containers_and_i8_into_i64() {
    #[derive(Deserialize)]
    struct S<'a> {
        owned: heapless::Vec<u8, 8>,
        #[serde(borrow)]
        borrowed: &'a [u8],
        big: i64,
        small: i64,
    }
    let doc = call("<value><struct><member><name>owned</name><value><base64>AAEC</base64></value></member><member><name>borrowed</name><value><base64>/w==</base64></value></member><member><name>big</name><value><i8>-9000000000</i8></value></member><member><name>small</name><value><int>5</int></value></member></struct></value>");
    let mut copy = doc.clone();
    let (s,): (S<'_>,) = CallDecoder::in_place(&mut copy).unwrap().params().unwrap();
    assert_eq!(
        (&s.owned[..], s.borrowed, s.big, s.small),
        (&[0u8, 1, 2][..], &[255u8][..], -9_000_000_000, 5)
    );
}

/// A struct with more known fields than the last-wins scan tracks (64): members then look
/// ahead one by one.
#[test]
fn typed_decode_last_duplicate_wins_with_many_fields() {
    use serde::de::{Error as _, MapAccess, Visitor};
    const FIELDS: &[&str] = &[
        "f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11", "f12", "f13",
        "f14", "f15", "f16", "f17", "f18", "f19", "f20", "f21", "f22", "f23", "f24", "f25", "f26",
        "f27", "f28", "f29", "f30", "f31", "f32", "f33", "f34", "f35", "f36", "f37", "f38", "f39",
        "f40", "f41", "f42", "f43", "f44", "f45", "f46", "f47", "f48", "f49", "f50", "f51", "f52",
        "f53", "f54", "f55", "f56", "f57", "f58", "f59", "f60", "f61", "f62", "f63", "f64", "f65",
        "f66", "f67", "f68", "f69",
    ];
    struct Many(Vec<(String, i32)>);
    impl<'de> Deserialize<'de> for Many {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Many;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("struct")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Many, A::Error> {
                    // Like a derived struct: a known field twice is an error.
                    let mut seen: Vec<(String, i32)> = Vec::new();
                    while let Some((k, v)) = map.next_entry::<String, i32>()? {
                        if seen.iter().any(|(s, _)| *s == k) {
                            let name = FIELDS.iter().find(|f| **f == k).copied().unwrap_or("?");
                            return Err(A::Error::duplicate_field(name));
                        }
                        seen.push((k, v));
                    }
                    Ok(Many(seen))
                }
            }
            d.deserialize_struct("Many", FIELDS, V)
        }
    }
    let doc = create_call(&[
        member("f1", "<int>1</int>"),
        member("f69", "<int>2</int>"),
        member("f1", "<int>3</int>"),
    ]);
    let (a, b) = both(&doc, |c| {
        let (m,): (Many,) = c.params()?;
        Ok(m.0)
    });
    let want = vec![("f69".to_owned(), 2), ("f1".to_owned(), 3)];
    assert_eq!(a.unwrap(), want);
    assert_eq!(b.unwrap(), want);
}
