//! `baton_rpc::Request::decode_in_place` on arbitrary bytes never panics; every
//! failure is a fault whose code is in the spec's table; every decoded
//! request re-encodes and decodes again to the same method.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut input = data.to_vec();
    match baton_rpc::Request::decode_in_place(&mut input) {
        Ok(request) => {
            let mut out = vec![0u8; data.len() * 8 + 4096];
            if let Ok(n) = request.encode(&mut out) {
                let again = baton_rpc::Request::decode_in_place(&mut out[..n])
                    .expect("a re-encoded request decodes");
                assert_eq!(again.method(), request.method());
            }
        }
        Err(fault) => {
            assert!(
                baton_rpc::FaultCode::from_code(fault.code()).is_some(),
                "fault code {} not in the spec table",
                fault.code()
            );
            assert!(!fault.message().is_empty());
        }
    };
});
