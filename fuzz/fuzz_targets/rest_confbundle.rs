//! bytes -> ConfBundle decode -> every rule -> the device's answer; never
//! panics. Also: the answer is itself valid JSON, and decoding in place
//! and with a scratch buffer agree.
#![no_main]

use std::sync::OnceLock;

use baton_rest::json::{RawObject, Reader};
use baton_rest::{decode, encoded_len, to_slice, ConfBundle, Issues};
use baton_validate::{check_confbundle_put, CatalogDocument, PutContext};
use libfuzzer_sys::fuzz_target;

static CATALOG: OnceLock<CatalogDocument<'static>> = OnceLock::new();
static TAKEN: &[(&str, &str)] = &[("meet.alice@example.com", "cb-1")];

fn catalog() -> &'static CatalogDocument<'static> {
    CATALOG.get_or_init(|| {
        let text = include_str!("../../testdata/rest/catalog_from_spec_examples.json");
        let buf: &'static mut [u8] = Box::leak(text.as_bytes().to_vec().into_boxed_slice());
        baton_rest::from_slice_in_place(buf).expect("the spec catalog decodes")
    })
}

fuzz_target!(|data: &[u8]| {
    let ctx = PutContext {
        catalog: catalog().catalog(),
        directory: &TAKEN,
        confbundle_id: Some("cb-2"),
    };
    let mut body = data.to_vec();
    let verdict = check_confbundle_put(&mut body, &ctx);
    let mut out = vec![0u8; encoded_len(&verdict)];
    let n = to_slice(&verdict, &mut out).expect("encoded_len is exact");
    assert_eq!(n, out.len());
    let answer = std::str::from_utf8(&out).expect("UTF-8 answer");
    assert!(
        RawObject::parse(answer).is_ok(),
        "answer is not a JSON object: {answer}"
    );

    // In place and with a scratch buffer agree on success / error position.
    let mut in_place = data.to_vec();
    let mut issues_a = Issues::new();
    let a =
        decode::decode_in_place::<ConfBundle>(&mut in_place, &mut issues_a).map(|v| v.is_some());
    let mut scratch = vec![0u8; data.len()];
    let mut issues_b = Issues::new();
    let b = decode::decode_with_scratch::<ConfBundle>(data, &mut scratch, &mut issues_b)
        .map(|v| v.is_some());
    assert_eq!(a, b);
    assert_eq!(issues_a.len(), issues_b.len());

    // Raw skipping accepts exactly what typed decoding accepts as syntax.
    let mut r = Reader::with_scratch(data, &mut []);
    let raw_ok = r.skip_value().is_ok() && r.finish().is_ok();
    if a.is_ok() {
        assert!(raw_ok);
    }
});
