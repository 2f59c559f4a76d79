//! Property tests: arbitrary bytes never make the decoder panic (every entry point), and
//! random value trees survive encode -> decode unchanged.

mod common;

use baton_xmlrpc::view::{self, Document, Value};
use baton_xmlrpc::CallDecoder;
use proptest::prelude::*;
use serde::de::IgnoredAny;

/// Reads every value of a view.
fn walk(v: &Value<'_>) -> usize {
    match v {
        Value::Struct(s) => s
            .iter_unique()
            .map(|(n, v)| n.decoded_len() + walk(&v))
            .sum(),
        Value::Array(a) => a.iter().map(|v| 1 + walk(&v)).sum(),
        Value::String(t) => t.chars().count(),
        Value::Base64(b) => {
            let mut out = vec![0u8; b.decoded_len()];
            b.decode_into(&mut out).map_or(0, <[u8]>::len)
        }
        _ => 1,
    }
}

fn walk_doc(d: &Document<'_>) -> usize {
    match d {
        Document::Call { params, .. } | Document::Response(params) => {
            params.iter().map(|v| walk(&v)).sum()
        }
        Document::Fault { string, .. } => string.decoded_len(),
    }
}

fn decode_everything(doc: &[u8]) {
    let _ = view::parse_from_slice(doc).map(|d| walk_doc(&d));
    let mut copy = doc.to_vec();
    let _ = view::parse_in_place(&mut copy).map(|d| walk_doc(&d));
    let mut copy = doc.to_vec();
    let _ = CallDecoder::in_place(&mut copy).and_then(|c| c.params::<IgnoredAny>());
    let mut scratch = vec![0u8; doc.len()];
    let _ = CallDecoder::from_slice(doc, &mut scratch).and_then(|c| c.params::<IgnoredAny>());
    let mut copy = doc.to_vec();
    let _ = baton_xmlrpc::decode_response_in_place::<IgnoredAny>(&mut copy);
    let _ = baton_xmlrpc::decode_response_from_slice::<IgnoredAny>(doc, &mut scratch);
}

const SEED: &str = "<?xml version=\"1.0\"?><methodCall><methodName>m&amp;</methodName><params><param><value><struct><member><name>a</name><value><array><data><value><int>1</int></value><value><base64>AAEC</base64></value><value>x&lt;<![CDATA[y]]><!--c--></value><value><nil/></value><value><dateTime.iso8601>20240101T00:00:00</dateTime.iso8601></value><value><double>1.5</double></value></data></array></value></member></struct></value></param></params></methodCall>";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes_never_panic(doc in proptest::collection::vec(any::<u8>(), 0..256)) {
        decode_everything(&doc);
    }

    #[test]
    fn mutated_documents_never_panic(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..6)
    ) {
        let mut doc = SEED.as_bytes().to_vec();
        for (at, byte, op) in edits {
            let i = at.index(doc.len() + 1);
            match op {
                0 if i < doc.len() => doc[i] = byte,
                1 => doc.insert(i, byte),
                _ if i < doc.len() => { doc.remove(i); }
                _ => {}
            }
        }
        decode_everything(&doc);
    }
}

#[cfg(feature = "alloc")]
mod round_trip {
    use baton_xmlrpc::owned::{self, Document, Value};
    use baton_xmlrpc::{encode, view, DateTime};
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            "[ -~]{0,12}",
            "[<>&'\"\r\n\t a-z]{0,12}",
            any::<String>().prop_map(|s| s.chars().filter(|&c| matches!(c as u32, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)).collect()),
        ]
    }

    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            any::<i32>().prop_map(Value::Int),
            any::<i64>()
                .prop_filter("outside i32", |i| i32::try_from(*i).is_err())
                .prop_map(Value::I8),
            any::<bool>().prop_map(Value::Boolean),
            text().prop_map(Value::String),
            any::<f64>()
                .prop_filter("finite", |d| d.is_finite())
                .prop_map(Value::Double),
            (1u16..=9999, 1u8..=12, 1u8..=28, 0u8..24, 0u8..60, 0u8..60).prop_map(
                |(y, mo, d, h, mi, s)| Value::DateTime(DateTime::new(y, mo, d, h, mi, s).unwrap())
            ),
            proptest::collection::vec(any::<u8>(), 0..20).prop_map(Value::Base64),
            Just(Value::Nil),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
                proptest::collection::btree_map("[a-zA-Z_&<]{1,8}", inner, 0..5)
                    .prop_map(|m| Value::Struct(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        #[test]
        fn encoded_values_decode_back_equal(params in proptest::collection::vec(value(), 0..4), method in "[a-z.]{1,10}") {
            let doc = encode::call(Vec::new(), &method, &params).unwrap();
            let want = Document::Call { method: method.clone(), params: params.clone() };
            prop_assert_eq!(&owned::decode_from_slice(&doc).unwrap(), &want);
            let mut copy = doc.clone();
            let d = view::parse_in_place(&mut copy).unwrap();
            prop_assert_eq!(&Document::from_view(&d), &want);
        }
    }
}
