//! Encoding objects and error bodies: into a fixed buffer, counted, or
//! (feature `alloc`) into a `Vec` / `String`.

use crate::json::{CountingWriter, Encode, SliceWriter};
use crate::Error;

/// Writes the JSON text of `value` into `buf`; the length written, or
/// [`Error::BufferTooSmall`].
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
