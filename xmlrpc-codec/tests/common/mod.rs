//! Helpers shared by the decode tests: every document is decoded three ways (untyped view
//! from `&[u8]`, untyped view in place, typed serde decode from `&[u8]` + scratch and in
//! place) and the ways must agree.
#![allow(dead_code)]

use baton_xmlrpc::view::{self, Document};
use baton_xmlrpc::{CallDecoder, DecodeOptions, Error, ErrorKind};
use serde::de::IgnoredAny;

/// Decodes `doc` every way; returns the error kind (all ways must fail alike).
pub fn reject(doc: &[u8]) -> Error {
    reject_with(doc, DecodeOptions::default())
}

/// [`reject`] with options.
pub fn reject_with(doc: &[u8], opts: DecodeOptions) -> Error {
    let e1 = view::parse_from_slice_with_options(doc, opts).expect_err("view accepted it");
    let mut copy = doc.to_vec();
    let e2 =
        view::parse_in_place_with_options(&mut copy, opts).expect_err("in-place view accepted it");
    assert_eq!(e1.kind(), e2.kind(), "view vs in-place view: {e1} / {e2}");
    let is_call = doc.windows(11).any(|w| w == b"<methodCall");
    if is_call {
        let mut scratch = vec![0u8; doc.len()];
        let e3 = CallDecoder::from_slice_with_options(doc, &mut scratch, opts)
            .and_then(|c| c.params::<IgnoredAny>())
            .expect_err("typed decode accepted it");
        assert_eq!(e1.kind(), e3.kind(), "view vs typed: {e1} / {e3}");
        let mut copy = doc.to_vec();
        let e4 = CallDecoder::in_place_with_options(&mut copy, opts)
            .and_then(|c| c.params::<IgnoredAny>())
            .expect_err("typed in-place decode accepted it");
        assert_eq!(e1.kind(), e4.kind(), "view vs typed in place: {e1} / {e4}");
    }
    e1
}

/// A call with one param holding `value` (the text inside `<param>`).
pub fn call(value: &str) -> Vec<u8> {
    format!("<?xml version=\"1.0\"?><methodCall><methodName>m</methodName><params><param>{value}</param></params></methodCall>").into_bytes()
}

/// Asserts `doc` is rejected with `kind`.
#[track_caller]
pub fn assert_kind(doc: &[u8], kind: ErrorKind) -> Error {
    let e = reject(doc);
    assert_eq!(e.kind(), kind, "{e} for {:?}", String::from_utf8_lossy(doc));
    e
}

/// Decodes the first param of a call document through the view (from `&[u8]`).
pub fn with_first_param<R>(doc: &[u8], f: impl FnOnce(view::Value<'_>) -> R) -> R {
    let d = view::parse_from_slice(doc)
        .unwrap_or_else(|e| panic!("{e}: {:?}", String::from_utf8_lossy(doc)));
    match d {
        Document::Call { params, .. } | Document::Response(params) => {
            f(params.first().expect("a param"))
        }
        Document::Fault { .. } => panic!("fault"),
    }
}
