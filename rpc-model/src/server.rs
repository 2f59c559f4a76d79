//! Server side: answer a decoded [`crate::Request`] with a typed reply or
//! a [`Fault`], as `methodResponse` bytes.
//!
//! Decode with [`crate::Request::decode_in_place`]; encode the answer with
//! [`encode_response`] (or [`encode_reply`] / [`encode_fault`]) into a
//! caller buffer, or size it first with [`response_len`].

use serde::Serialize;

use baton_xmlrpc::encode;

use crate::error::Error;
use crate::fault::Fault;

/// Encodes `reply` (one param) as a `methodResponse` into `buf`; returns
/// the number of bytes written.
pub fn encode_reply<R: Serialize + ?Sized>(buf: &mut [u8], reply: &R) -> Result<usize, Error> {
    Ok(encode::response(&mut buf[..], reply)?)
}

/// Encodes `fault` as a fault `methodResponse` into `buf`.
pub fn encode_fault(buf: &mut [u8], fault: &Fault) -> Result<usize, Error> {
    Ok(encode::fault(&mut buf[..], fault.code(), fault.message())?)
}

/// Encodes the answer to a request, a reply or a fault, into `buf`.
pub fn encode_response<R: Serialize + ?Sized>(
    buf: &mut [u8],
    answer: Result<&R, &Fault>,
) -> Result<usize, Error> {
    match answer {
        Ok(reply) => encode_reply(buf, reply),
        Err(fault) => encode_fault(buf, fault),
    }
}

/// The exact length [`encode_response`] would write (for `Content-Length`).
pub fn response_len<R: Serialize + ?Sized>(answer: Result<&R, &Fault>) -> Result<usize, Error> {
    Ok(match answer {
        Ok(reply) => encode::response(encode::Count, reply)?,
        Err(fault) => encode::fault(encode::Count, fault.code(), fault.message())?,
    })
}

/// Writes the answer to a request into any [`embedded_io::Write`].
pub fn write_response<W: embedded_io::Write, R: Serialize + ?Sized>(
    w: &mut W,
    answer: Result<&R, &Fault>,
) -> Result<(), Error> {
    match answer {
        Ok(reply) => encode::response(encode::Writer(w), reply)?,
        Err(fault) => encode::fault(encode::Writer(w), fault.code(), fault.message())?,
    };
    Ok(())
}
