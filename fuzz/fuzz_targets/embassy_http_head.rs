//! The embassy port's HTTP head handling on arbitrary bytes: the request
//! head parser (`baton_embassy::http::parse_head`), the response head
//! writer and the feedback answer classifier never panic, and agree with
//! themselves:
//! - a complete head lies within the input and parses the same from its
//!   own bytes alone, and any input extended after it;
//! - an incomplete input stays incomplete or becomes an error on every
//!   prefix (never a complete head);
//! - every status's response head fits `RESPONSE_HEAD_MAX`.
#![no_main]

use baton_embassy::http::{parse_head, write_response_head, Status, RESPONSE_HEAD_MAX};
use libfuzzer_sys::fuzz_target;

const STATUSES: [Status; 9] = [
    Status::Ok,
    Status::BadRequest,
    Status::NotFound,
    Status::MethodNotAllowed,
    Status::RequestTimeout,
    Status::LengthRequired,
    Status::PayloadTooLarge,
    Status::HeaderFieldsTooLarge,
    Status::InternalServerError,
];

fuzz_target!(|data: &[u8]| {
    match parse_head(data) {
        Ok(Some(head)) => {
            assert!(head.len <= data.len());
            assert_eq!(parse_head(&data[..head.len]), Ok(Some(head)));
            let mut longer = data.to_vec();
            longer.extend_from_slice(b"trailing body bytes");
            assert_eq!(parse_head(&longer), Ok(Some(head)));
        }
        Ok(None) => {
            for cut in [0, data.len() / 2, data.len().saturating_sub(1)] {
                assert!(!matches!(parse_head(&data[..cut]), Ok(Some(_))));
            }
        }
        Err(_) => {}
    }

    let mut out = [0u8; RESPONSE_HEAD_MAX];
    let length = data.iter().take(8).fold(0usize, |n, &b| {
        n.wrapping_mul(256).wrapping_add(usize::from(b))
    });
    for status in STATUSES {
        let n = write_response_head(&mut out, status, length, data.len() % 2 == 0)
            .expect("every response head fits");
        assert!(out[..n].ends_with(b"\r\n\r\n"));
    }

    // The feedback driver's reading of a receiver's answer.
    let mut answer = data.to_vec();
    let _ = baton_embassy::feedback::classify(&mut answer, false);
    let mut answer = data.to_vec();
    assert!(baton_embassy::feedback::classify(&mut answer, true).is_some());
});
