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
///
/// ```
/// use baton_rpc::server::encode_reply;
/// use baton_rpc::value::StatusReply;
///
/// let mut buf = [0u8; 256];
/// let n = encode_reply(&mut buf, &StatusReply::success()).unwrap();
/// assert!(core::str::from_utf8(&buf[..n]).unwrap().contains("operation successful"));
/// assert!(encode_reply(&mut buf[..10], &StatusReply::success()).is_err()); // does not fit
/// ```
pub fn encode_reply<R: Serialize + ?Sized>(buf: &mut [u8], reply: &R) -> Result<usize, Error> {
    Ok(encode::response(&mut buf[..], reply)?)
}

/// Encodes `fault` as a fault `methodResponse` into `buf`.
///
/// ```
/// use baton_rpc::server::encode_fault;
/// use baton_rpc::{Fault, FaultCode};
///
/// let mut buf = [0u8; 512];
/// let n = encode_fault(&mut buf, &Fault::new(FaultCode::NoSuchConference)).unwrap();
/// let text = core::str::from_utf8(&buf[..n]).unwrap();
/// assert!(text.contains("<fault>") && text.contains("<int>4</int>"));
/// ```
pub fn encode_fault(buf: &mut [u8], fault: &Fault) -> Result<usize, Error> {
    Ok(encode::fault(&mut buf[..], fault.code(), fault.message())?)
}

/// Encodes the answer to a request, a reply or a fault, into `buf`.
///
/// ```
/// use baton_rpc::server::{encode_response, response_len};
/// use baton_rpc::value::StatusReply;
/// use baton_rpc::Fault;
///
/// let mut buf = [0u8; 512];
/// let ok: Result<&StatusReply, &Fault> = Ok(&StatusReply::success());
/// let n = encode_response(&mut buf, ok).unwrap();
/// assert_eq!(n, response_len(ok).unwrap());
/// let fault = Fault::operation_failed();
/// let n = encode_response::<StatusReply>(&mut buf, Err(&fault)).unwrap();
/// assert!(core::str::from_utf8(&buf[..n]).unwrap().contains("<int>201</int>"));
/// ```
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
///
/// ```
/// use baton_rpc::server::{response_len, write_response};
/// use baton_rpc::Fault;
///
/// // Send the header first, then write the body straight to the connection.
/// let fault = Fault::method_not_supported();
/// let len = response_len::<()>(Err(&fault)).unwrap();
/// let mut body = [0u8; 512];
/// let mut socket = &mut body[..]; // any embedded_io::Write
/// write_response::<_, ()>(&mut socket, Err(&fault)).unwrap();
/// let unwritten = socket.len();
/// assert_eq!(512 - unwritten, len);
/// ```
pub fn response_len<R: Serialize + ?Sized>(answer: Result<&R, &Fault>) -> Result<usize, Error> {
    Ok(match answer {
        Ok(reply) => encode::response(encode::Count, reply)?,
        Err(fault) => encode::fault(encode::Count, fault.code(), fault.message())?,
    })
}

/// Writes the answer to a request into any [`embedded_io::Write`] (see
/// [`response_len`] for an example).
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
