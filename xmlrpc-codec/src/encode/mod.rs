//! Encoding: canonical XML-RPC from any `Serialize` value, written straight to the output.
//!
//! Three destinations, one code path each (no intermediate buffer, no allocation):
//! - any [`embedded_io::Write`]: [`call`], [`response`], [`fault`];
//! - a caller slice: [`call_to_slice`], [`response_to_slice`], [`fault_to_slice`]
//!   ([`EncodeError::BufferTooSmall`] when it does not fit — never a panic);
//! - nowhere, only counting: [`call_len`], [`response_len`], [`fault_len`] give the exact
//!   length the other two write (for `Content-Length`);
//! - with feature `alloc`, a new `Vec<u8>`: `call_to_vec`, `response_to_vec`,
//!   `fault_to_vec`.
//!
//! ## The canonical form
//!
//! The same input always gives the same bytes:
//! - `<?xml version="1.0" encoding="UTF-8"?>`, then the document with no whitespace
//!   between elements and no trailing newline;
//! - every text — strings, member names, the method name, `faultString` — has `&`, `<`
//!   and `>` escaped (`&amp;` `&lt;` `&gt;`) and CR written as `&#13;` (a raw CR would be
//!   read back as LF by any XML parser); tab and LF are written as they are; characters
//!   XML 1.0 cannot carry (C0 controls other than tab/LF/CR, U+FFFE, U+FFFF) are an
//!   [`EncodeError::InvalidChar`], never emitted;
//! - strings are always typed: `<string>...</string>` (`<string></string>` when empty);
//! - integers: `<int>` when the value fits i32, `<i8>` otherwise (u64 above `i64::MAX` is
//!   [`EncodeError::IntegerOutOfRange`]); the newtype
//!   [`I8_NEWTYPE`](crate::magic::I8_NEWTYPE) forces `<i8>`;
//! - `<double>`: the shortest digits that read back as exactly the same value (Ryū), laid
//!   out in plain decimal — never an exponent, always a `.` (`1e-7` is `0.0000001`, `1e16`
//!   is `10000000000000000.0`, `-0.0` keeps its sign); NaN and infinities are
//!   [`EncodeError::NonFiniteDouble`]; an `f32` is written with the shortest digits of the
//!   `f32` (`0.1f32` is `0.1`);
//! - `<dateTime.iso8601>` as `YYYYMMDDTHH:MM:SS`, with `.fraction` and the zone (`Z`,
//!   `±hh:mm`) only when the value has them; the extended form `YYYY-MM-DD...` given to the
//!   newtype is written in the basic form;
//! - `<base64>`: standard alphabet, `=` padding, no line breaks;
//! - `<nil/>` for `None`, `()` and unit structs; `<boolean>` as `0`/`1`;
//! - a call always has `<params>` (`<params></params>` when there are none).
//!
//! serde types map as described in [`crate::magic`]. The output written before an error is
//! incomplete and should be discarded.

pub(crate) mod datetime;
mod error;
pub(crate) mod number;
pub(crate) mod sink;
pub(crate) mod text;

pub use error::EncodeError;

use serde::Serialize;

use crate::ser::{ParamsSerializer, ValueSerializer};
use sink::{CountSink, IoSink, Sink, SliceSink};

const CALL_OPEN: &[u8] = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodCall><methodName>";
const CALL_PARAMS: &[u8] = b"</methodName><params>";
const CALL_CLOSE: &[u8] = b"</params></methodCall>";
const RESPONSE_OPEN: &[u8] =
    b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodResponse><params><param>";
const RESPONSE_CLOSE: &[u8] = b"</param></params></methodResponse>";
const FAULT_OPEN: &[u8] = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodResponse><fault>\
<value><struct><member><name>faultCode</name><value><int>";
const FAULT_STRING: &[u8] =
    b"</int></value></member><member><name>faultString</name><value><string>";
const FAULT_CLOSE: &[u8] = b"</string></value></member></struct></value></fault></methodResponse>";

fn write_call<S: Sink, P: Serialize + ?Sized>(
    out: &mut S,
    method: &str,
    params: &P,
) -> Result<(), EncodeError> {
    out.put(CALL_OPEN)?;
    text::write_text(out, method)?;
    out.put(CALL_PARAMS)?;
    params.serialize(ParamsSerializer { out: &mut *out })?;
    out.put(CALL_CLOSE)
}

fn write_response<S: Sink, T: Serialize + ?Sized>(
    out: &mut S,
    value: &T,
) -> Result<(), EncodeError> {
    out.put(RESPONSE_OPEN)?;
    value.serialize(ValueSerializer { out: &mut *out })?;
    out.put(RESPONSE_CLOSE)
}

fn write_fault<S: Sink>(out: &mut S, code: i32, string: &str) -> Result<(), EncodeError> {
    out.put(FAULT_OPEN)?;
    number::write_int(out, code)?;
    out.put(FAULT_STRING)?;
    text::write_text(out, string)?;
    out.put(FAULT_CLOSE)
}

/// Writes a `methodCall` of `method` into `w`.
///
/// `params` must serialize as a tuple or sequence; each element becomes one `<param>`
/// (`&(a,)` for one param, `&()` for none). `w` is not flushed.
pub fn call<W, P>(w: &mut W, method: &str, params: &P) -> Result<(), EncodeError>
where
    W: embedded_io::Write + ?Sized,
    P: Serialize + ?Sized,
{
    write_call(&mut IoSink(w), method, params)
}

/// Writes a `methodResponse` carrying `value` as its one param into `w` (not flushed).
pub fn response<W, T>(w: &mut W, value: &T) -> Result<(), EncodeError>
where
    W: embedded_io::Write + ?Sized,
    T: Serialize + ?Sized,
{
    write_response(&mut IoSink(w), value)
}

/// Writes a fault `methodResponse` (`faultCode`, `faultString`) into `w` (not flushed).
pub fn fault<W>(w: &mut W, code: i32, string: &str) -> Result<(), EncodeError>
where
    W: embedded_io::Write + ?Sized,
{
    write_fault(&mut IoSink(w), code, string)
}

/// [`call`] into `buf`; returns the number of bytes written.
pub fn call_to_slice<P: Serialize + ?Sized>(
    buf: &mut [u8],
    method: &str,
    params: &P,
) -> Result<usize, EncodeError> {
    let mut out = SliceSink::new(buf);
    write_call(&mut out, method, params)?;
    Ok(out.len())
}

/// [`response`] into `buf`; returns the number of bytes written.
pub fn response_to_slice<T: Serialize + ?Sized>(
    buf: &mut [u8],
    value: &T,
) -> Result<usize, EncodeError> {
    let mut out = SliceSink::new(buf);
    write_response(&mut out, value)?;
    Ok(out.len())
}

/// [`fault`] into `buf`; returns the number of bytes written.
pub fn fault_to_slice(buf: &mut [u8], code: i32, string: &str) -> Result<usize, EncodeError> {
    let mut out = SliceSink::new(buf);
    write_fault(&mut out, code, string)?;
    Ok(out.len())
}

/// The exact number of bytes [`call`] writes (the same errors, nothing written).
pub fn call_len<P: Serialize + ?Sized>(method: &str, params: &P) -> Result<usize, EncodeError> {
    let mut out = CountSink::default();
    write_call(&mut out, method, params)?;
    Ok(out.len)
}

/// The exact number of bytes [`response`] writes.
pub fn response_len<T: Serialize + ?Sized>(value: &T) -> Result<usize, EncodeError> {
    let mut out = CountSink::default();
    write_response(&mut out, value)?;
    Ok(out.len)
}

/// The exact number of bytes [`fault`] writes.
pub fn fault_len(code: i32, string: &str) -> Result<usize, EncodeError> {
    let mut out = CountSink::default();
    write_fault(&mut out, code, string)?;
    Ok(out.len)
}

/// [`call`] into a new `Vec<u8>`.
#[cfg(feature = "alloc")]
pub fn call_to_vec<P: Serialize + ?Sized>(
    method: &str,
    params: &P,
) -> Result<alloc::vec::Vec<u8>, EncodeError> {
    let mut v = alloc::vec::Vec::new();
    write_call(&mut sink::VecSink(&mut v), method, params)?;
    Ok(v)
}

/// [`response`] into a new `Vec<u8>`.
#[cfg(feature = "alloc")]
pub fn response_to_vec<T: Serialize + ?Sized>(
    value: &T,
) -> Result<alloc::vec::Vec<u8>, EncodeError> {
    let mut v = alloc::vec::Vec::new();
    write_response(&mut sink::VecSink(&mut v), value)?;
    Ok(v)
}

/// [`fault`] into a new `Vec<u8>`.
#[cfg(feature = "alloc")]
pub fn fault_to_vec(code: i32, string: &str) -> Result<alloc::vec::Vec<u8>, EncodeError> {
    let mut v = alloc::vec::Vec::new();
    write_fault(&mut sink::VecSink(&mut v), code, string)?;
    Ok(v)
}
