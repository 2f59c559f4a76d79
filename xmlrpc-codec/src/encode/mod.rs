//! Encoding: canonical XML-RPC from any `Serialize` value, written straight to the output.
//!
//! Three encoders, [`call`], [`response`] and [`fault`], each writing into any [`Sink`],
//! one code path per destination (no intermediate buffer, no allocation):
//! - a caller slice, `&mut buf[..]`: returns the bytes written
//!   ([`EncodeError::BufferTooSmall`] when it does not fit — never a panic);
//! - [`Count`], nowhere: returns the exact length the others write (for `Content-Length`);
//! - with feature `alloc`, `Vec::new()`: returns the new vector (`&mut vec` appends);
//! - any [`embedded_io::Write`], through [`Writer`]`(w)` (not flushed).
//!
//! ```
//! use baton_xmlrpc::encode::{self, Count};
//!
//! let len = encode::fault(Count, 4, "no such conference").unwrap();
//! let mut buf = [0u8; 512];
//! let n = encode::fault(&mut buf[..], 4, "no such conference").unwrap();
//! assert_eq!(n, len);
//! ```
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
use sink::Counted;
pub use sink::{Count, Sink, Writer};

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

/// Encodes `value` into `out` (any [`Sink`]) and finishes it.
fn encode<S: Sink>(
    out: S,
    write: impl FnOnce(&mut Counted<S>) -> Result<(), EncodeError>,
) -> Result<S::Output, EncodeError> {
    let mut counted = Counted { inner: out, len: 0 };
    write(&mut counted)?;
    let len = counted.len;
    Ok(counted.finish(len))
}

/// Writes a `methodCall` of `method` into `out`: a `&mut [u8]` (returns the bytes
/// written), [`Count`] (the exact length, nothing written), a `Vec<u8>` (returns it,
/// feature `alloc`) or any [`embedded_io::Write`] through [`Writer`] (see [`Sink`]).
///
/// `params` must serialize as a tuple or sequence; each element becomes one `<param>`
/// (`&(a,)` for one param, `&()` for none).
///
/// ```
/// use baton_xmlrpc::encode::{self, Count};
///
/// let params = (("conferenceName", "weekly"),);
/// let len = encode::call(Count, "conference.destroy", &params).unwrap();
/// let mut buf = [0u8; 512];
/// let n = encode::call(&mut buf[..], "conference.destroy", &params).unwrap();
/// assert_eq!(n, len);
/// assert!(buf[..n].starts_with(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodCall>"));
/// // Too small a buffer is an error, never a panic.
/// assert_eq!(
///     encode::call(&mut buf[..10], "conference.destroy", &params),
///     Err(encode::EncodeError::BufferTooSmall)
/// );
/// ```
pub fn call<S, P>(out: S, method: &str, params: &P) -> Result<S::Output, EncodeError>
where
    S: Sink,
    P: Serialize + ?Sized,
{
    encode(out, |out| write_call(out, method, params))
}

/// Writes a `methodResponse` carrying `value` as its one param into `out` (any
/// [`Sink`], as for [`call`]).
///
/// ```
/// use baton_xmlrpc::encode;
///
/// let mut buf = [0u8; 256];
/// let n = encode::response(&mut buf[..], &42).unwrap();
/// assert!(buf[..n].ends_with(b"<value><int>42</int></value></param></params></methodResponse>"));
/// ```
pub fn response<S, T>(out: S, value: &T) -> Result<S::Output, EncodeError>
where
    S: Sink,
    T: Serialize + ?Sized,
{
    encode(out, |out| write_response(out, value))
}

/// Writes a fault `methodResponse` (`faultCode`, `faultString`) into `out` (any
/// [`Sink`], as for [`call`]).
///
/// ```
/// use baton_xmlrpc::encode::{self, Count};
///
/// let len = encode::fault(Count, 15, "insufficient privileges").unwrap();
/// let mut buf = [0u8; 512];
/// assert_eq!(encode::fault(&mut buf[..], 15, "insufficient privileges"), Ok(len));
/// ```
pub fn fault<S: Sink>(out: S, code: i32, string: &str) -> Result<S::Output, EncodeError> {
    encode(out, |out| write_fault(out, code, string))
}
