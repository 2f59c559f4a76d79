//! Arbitrary bytes never make the decoder panic, through every entry point; whenever a
//! document decodes, encoding the decoded value and decoding again gives an equal value.
#![no_main]

use baton_xmlrpc::owned::{self, Document};
use baton_xmlrpc::{encode, view, CallDecoder};
use libfuzzer_sys::fuzz_target;

fn canonical(d: &Document) -> Document {
    match d {
        Document::Call { method, params } => Document::Call {
            method: method.clone(),
            params: params.iter().map(owned::Value::canonical).collect(),
        },
        Document::Response(p) => {
            Document::Response(p.iter().map(owned::Value::canonical).collect())
        }
        f @ Document::Fault { .. } => f.clone(),
    }
}

fuzz_target!(|data: &[u8]| {
    // Typed entry points: in place and from a slice agree.
    let mut scratch = vec![0u8; data.len()];
    let typed =
        CallDecoder::from_slice(data, &mut scratch).and_then(|c| c.params::<Vec<owned::Value>>());
    let mut copy = data.to_vec();
    let typed_in_place =
        CallDecoder::in_place(&mut copy).and_then(|c| c.params::<Vec<owned::Value>>());
    assert_eq!(typed.as_ref().ok(), typed_in_place.as_ref().ok());
    let mut copy = data.to_vec();
    let _ = baton_xmlrpc::decode_response_in_place::<owned::Value>(&mut copy);

    // Untyped: the in-place view and the slice view agree.
    let from_slice = view::parse_from_slice(data).map(|d| Document::from_view(&d));
    let mut copy = data.to_vec();
    let in_place = view::parse_in_place(&mut copy).map(|d| Document::from_view(&d));
    assert_eq!(
        from_slice.is_ok(),
        in_place.is_ok(),
        "{from_slice:?} / {in_place:?}"
    );
    let Ok(doc) = from_slice else { return };
    assert_eq!(Ok(&doc), in_place.as_ref());

    // Round trip through the encoder.
    let encoded = match &doc {
        Document::Call { method, params } => encode::call(Vec::new(), method, params),
        Document::Response(params) if params.len() == 1 => encode::response(Vec::new(), &params[0]),
        Document::Response(_) => return,
        Document::Fault { code, string } => encode::fault(Vec::new(), *code, string),
    }
    .expect("a decoded document encodes");
    let again = owned::decode_from_slice(&encoded).expect("an encoded document decodes");
    assert_eq!(canonical(&doc), canonical(&again));
});
