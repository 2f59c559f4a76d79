//! The decode entry points name their input (`_in_place` / `_from_slice`, limits with
//! `_with_options`); the former names stay as deprecated aliases that decode the same.
#![allow(deprecated)]

use baton_xmlrpc::{view, CallDecoder, DecodeOptions, Response};

const RESPONSE: &[u8] = b"<methodResponse><params><param><value>a &amp; b</value></param>\
    </params></methodResponse>";
const CALL: &[u8] = b"<methodCall><methodName>m</methodName><params><param><value>\
    x &lt; y</value></param></params></methodCall>";

#[test]
fn in_place_and_from_slice_decode_the_same_response() {
    let mut buf = RESPONSE.to_vec();
    let a = baton_xmlrpc::decode_response_in_place::<&str>(&mut buf).unwrap();
    let mut scratch = [0u8; 32];
    let b = baton_xmlrpc::decode_response_from_slice::<&str>(RESPONSE, &mut scratch).unwrap();
    assert!(matches!(
        (a, b),
        (Response::Value("a & b"), Response::Value("a & b"))
    ));
}

#[test]
fn the_former_names_decode_as_the_new_ones() {
    let opts = DecodeOptions::new();
    let mut buf = RESPONSE.to_vec();
    assert!(matches!(
        baton_xmlrpc::decode_response::<&str>(&mut buf).unwrap(),
        Response::Value("a & b")
    ));
    let mut buf = RESPONSE.to_vec();
    assert!(matches!(
        baton_xmlrpc::decode_response_with::<&str>(&mut buf, opts).unwrap(),
        Response::Value("a & b")
    ));
    let mut scratch = [0u8; 32];
    assert!(matches!(
        baton_xmlrpc::decode_response_from_slice_with::<&str>(RESPONSE, &mut scratch, opts)
            .unwrap(),
        Response::Value("a & b")
    ));
    let mut buf = CALL.to_vec();
    let old: Option<&str> = CallDecoder::new(&mut buf).unwrap().first_param().unwrap();
    assert_eq!(old, Some("x < y"));
    let mut buf = CALL.to_vec();
    let old: Option<&str> = CallDecoder::with_options(&mut buf, opts)
        .unwrap()
        .first_param()
        .unwrap();
    assert_eq!(old, Some("x < y"));
    let method = |d: view::Document<'_>| match d {
        view::Document::Call { method, .. } => method.raw().to_owned(),
        _ => String::new(),
    };
    assert_eq!(method(view::parse(CALL).unwrap()), "m");
    assert_eq!(method(view::parse_with(CALL, opts).unwrap()), "m");
    let mut buf = CALL.to_vec();
    assert_eq!(
        method(view::parse_in_place_with(&mut buf, opts).unwrap()),
        "m"
    );
    #[cfg(feature = "alloc")]
    assert_eq!(
        baton_xmlrpc::owned::decode(CALL).unwrap(),
        baton_xmlrpc::owned::decode_from_slice(CALL).unwrap()
    );
}
