//! baton's side: typed decode (in place and from an immutable slice) and typed encode into a
//! preallocated buffer.

use std::hint::black_box;

use baton_xmlrpc::{
    decode_response_from_slice, decode_response_in_place, encode, CallDecoder, Response,
};
use serde::{Deserialize, Serialize};

/// A call's first param, decoded in place.
pub fn call<'de, T: Deserialize<'de>>(buf: &'de mut [u8]) -> T {
    let call = CallDecoder::in_place(buf).expect("baton decodes the payload");
    black_box(call.method_name());
    call.first_param()
        .expect("baton decodes the params")
        .expect("the call has a param")
}

/// A call's first param, decoded from an immutable buffer (escaped text into `scratch`).
pub fn call_from_slice<'de, T: Deserialize<'de>>(input: &'de [u8], scratch: &'de mut [u8]) -> T {
    let call = CallDecoder::from_slice(input, scratch).expect("baton decodes the payload");
    black_box(call.method_name());
    call.first_param()
        .expect("baton decodes the params")
        .expect("the call has a param")
}

fn value<T>(response: Response<'_, T>) -> T {
    match response {
        Response::Value(value) => value,
        Response::Fault(fault) => panic!("unexpected fault {}: {}", fault.code, fault.string),
    }
}

/// A response's value, decoded in place.
pub fn response<'de, T: Deserialize<'de>>(buf: &'de mut [u8]) -> T {
    value(decode_response_in_place(buf).expect("baton decodes the payload"))
}

/// A response's value, decoded from an immutable buffer (escaped text into `scratch`).
pub fn response_from_slice<'de, T: Deserialize<'de>>(
    input: &'de [u8],
    scratch: &'de mut [u8],
) -> T {
    value(decode_response_from_slice(input, scratch).expect("baton decodes the payload"))
}

/// A call with one param into `out`; returns the length.
pub fn encode_call<P: Serialize>(out: &mut [u8], method: &str, param: &P) -> usize {
    encode::call(&mut out[..], method, &(param,)).expect("baton encodes the call")
}

/// A response into `out`; returns the length.
pub fn encode_response<T: Serialize>(out: &mut [u8], value: &T) -> usize {
    encode::response(&mut out[..], value).expect("baton encodes the response")
}
