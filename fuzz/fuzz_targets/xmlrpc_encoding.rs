//! `baton_xmlrpc::encoding` on arbitrary bytes never panics: the declared
//! encoding is found, ISO-8859-1 / UTF-16 transcode into 3 × the input
//! (never "output too small") to valid UTF-8 that the in-place request
//! decoder then reads or refuses with a fault of the spec's table.
#![no_main]

use baton_xmlrpc::encoding::{declared_encoding, transcode_to_utf8, Encoding, TranscodeError};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let encoding = declared_encoding(data);
    let _ = encoding.name();
    let mut out = vec![0u8; data.len() * 3];
    match transcode_to_utf8(data, encoding, &mut out) {
        Ok(n) => {
            assert!(matches!(
                encoding,
                Encoding::Latin1 | Encoding::Utf16 { .. }
            ));
            assert!(
                core::str::from_utf8(&out[..n]).is_ok(),
                "transcoded to UTF-8"
            );
            if let Err(fault) = baton_rpc::Request::decode_in_place(&mut out[..n]) {
                assert!(baton_rpc::FaultCode::from_code(fault.code()).is_some());
            }
        }
        Err(TranscodeError::OutputTooSmall) => panic!("3 x the input must suffice"),
        Err(TranscodeError::Unsupported) => {
            assert!(!matches!(
                encoding,
                Encoding::Latin1 | Encoding::Utf16 { .. }
            ))
        }
        Err(TranscodeError::Malformed) => assert!(matches!(encoding, Encoding::Utf16 { .. })),
        Err(e) => panic!("unexpected transcode error {e:?}"),
    }
});
