//! Encoding objects and error bodies: into a fixed buffer, counted, or
//! (feature `alloc`) into a `Vec` / `String`.

use crate::json::{CountingWriter, Encode, SliceWriter};
use crate::Error;

/// Writes the JSON text of `value` into `buf`; the length written, or
/// [`Error::BufferTooSmall`].
///
/// ```
/// use baton_rest::{encoded_len, to_slice, Error, ErrorBody, ErrorCode};
///
/// let body = ErrorBody::new(ErrorCode::NotFound);
/// let mut buf = [0u8; 256];
/// let n = to_slice(&body, &mut buf).unwrap();
/// assert_eq!(n, encoded_len(&body)); // for Content-Length, without writing
/// assert!(core::str::from_utf8(&buf[..n]).unwrap().contains(r#""error_code": "10""#));
/// assert_eq!(to_slice(&body, &mut buf[..8]), Err(Error::BufferTooSmall));
/// ```
pub fn to_slice<T: Encode + ?Sized>(value: &T, buf: &mut [u8]) -> Result<usize, Error<'static>> {
    let mut w = SliceWriter::new(buf);
    value.encode(&mut w).map_err(|_| Error::BufferTooSmall)?;
    Ok(w.len())
}

/// The length of the JSON text of `value`, without writing it.
pub fn encoded_len<T: Encode + ?Sized>(value: &T) -> usize {
    let mut w = CountingWriter::default();
    // A counting writer never fails.
    let _ = value.encode(&mut w);
    w.0
}

/// The JSON text of `value` as a `String`.
///
/// ```
/// use baton_rest::{to_string, to_vec, SipDomainSpec};
///
/// let spec = SipDomainSpec { sip_domain: Some("example.com") };
/// assert_eq!(to_string(&spec), r#"{"SIPDomain": "example.com"}"#);
/// assert_eq!(to_vec(&spec), to_string(&spec).into_bytes());
/// ```
#[cfg(feature = "alloc")]
pub fn to_string<T: Encode + ?Sized>(value: &T) -> alloc::string::String {
    let mut s = alloc::string::String::new();
    // Writing into a String never fails.
    let _ = value.encode(&mut s);
    s
}

/// The JSON text of `value` as bytes.
#[cfg(feature = "alloc")]
pub fn to_vec<T: Encode + ?Sized>(value: &T) -> alloc::vec::Vec<u8> {
    to_string(value).into_bytes()
}
