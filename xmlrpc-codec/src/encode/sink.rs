//! Where encoded bytes go: the [`Sink`] trait, implemented for a caller slice, a byte
//! counter ([`Count`]), a `Vec<u8>` (feature `alloc`) and any [`embedded_io::Write`]
//! (through [`Writer`]).
//!
//! The serializer is generic over [`Sink`], so each destination gets its own
//! monomorphized, buffer-free code path.

use super::EncodeError;

/// A destination for encoded bytes: what [`call`](super::call),
/// [`response`](super::response) and [`fault`](super::fault) write into.
///
/// | sink | writes | the encoder returns |
/// |---|---|---|
/// | `&mut [u8]` | from the start of the slice; [`EncodeError::BufferTooSmall`] when full | bytes written |
/// | [`Count`] | nothing: only counts (the exact length, for `Content-Length`) | bytes counted |
/// | `Vec<u8>` (feature `alloc`) | a new vector | the vector |
/// | `&mut Vec<u8>` (feature `alloc`) | appended | bytes appended |
/// | [`Writer`]`(w)`, any [`embedded_io::Write`] | forwarded (not flushed) | bytes written |
/// | `&mut S` for any sink `S` | into `S`, which keeps its state | bytes written |
///
/// ```
/// use baton_xmlrpc::encode::{self, Count, Sink};
///
/// // A sink of one's own: here, one that only keeps a checksum.
/// struct Sum(u32);
/// impl Sink for Sum {
///     type Output = u32;
///     fn put(&mut self, bytes: &[u8]) -> Result<(), encode::EncodeError> {
///         self.0 = bytes.iter().fold(self.0, |s, &b| s.wrapping_add(u32::from(b)));
///         Ok(())
///     }
///     fn finish(self, _written: usize) -> u32 {
///         self.0
///     }
/// }
/// let sum = encode::fault(Sum(0), 4, "no such conference").unwrap();
/// let len = encode::fault(Count, 4, "no such conference").unwrap();
/// assert!(sum > 0 && len > 0);
/// ```
pub trait Sink {
    /// What the encoder returns once the whole document is in.
    type Output;

    /// Appends `bytes`.
    fn put(&mut self, bytes: &[u8]) -> Result<(), EncodeError>;

    /// The result, given the number of bytes the document took.
    fn finish(self, written: usize) -> Self::Output
    where
        Self: Sized;
}

impl Sink for &mut [u8] {
    type Output = usize;

    #[inline]
    fn put(&mut self, bytes: &[u8]) -> Result<(), EncodeError> {
        if bytes.len() > self.len() {
            return Err(EncodeError::BufferTooSmall);
        }
        let buf = core::mem::take(self);
        let (dst, rest) = buf
            .split_at_mut_checked(bytes.len())
            .ok_or(EncodeError::BufferTooSmall)?;
        dst.copy_from_slice(bytes);
        *self = rest;
        Ok(())
    }

    #[inline]
    fn finish(self, written: usize) -> usize {
        written
    }
}

impl<S: Sink + ?Sized> Sink for &mut S {
    type Output = usize;

    #[inline]
    fn put(&mut self, bytes: &[u8]) -> Result<(), EncodeError> {
        (**self).put(bytes)
    }

    #[inline]
    fn finish(self, written: usize) -> usize {
        written
    }
}

/// Counts bytes without writing them: the encoders return the exact length the other
/// sinks take (for `Content-Length`, or to size a buffer).
///
/// ```
/// use baton_xmlrpc::encode::{self, Count};
///
/// let len = encode::response(Count, &("ok",)).unwrap();
/// let mut buf = [0u8; 256];
/// assert_eq!(encode::response(&mut buf[..], &("ok",)), Ok(len));
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Count;

impl Sink for Count {
    type Output = usize;

    #[inline]
    fn put(&mut self, _bytes: &[u8]) -> Result<(), EncodeError> {
        Ok(())
    }

    #[inline]
    fn finish(self, written: usize) -> usize {
        written
    }
}

/// Any [`embedded_io::Write`] as a [`Sink`]: bytes are forwarded, looping on short
/// writes (a writer that takes nothing is [`EncodeError::Write`]`(WriteZero)`); the
/// writer is not flushed.
///
/// ```
/// use baton_xmlrpc::encode::{self, Writer};
///
/// // `&mut [u8]` is an `embedded_io::Write` too (here: a fixed buffer of a port).
/// let mut buf = [0u8; 256];
/// let mut w: &mut [u8] = &mut buf;
/// let n = encode::call(Writer(&mut w), "device.query", &()).unwrap();
/// assert!(buf[..n].starts_with(b"<?xml"));
/// ```
#[derive(Debug)]
pub struct Writer<W>(pub W);

impl<W: embedded_io::Write> Sink for Writer<W> {
    type Output = usize;

    fn put(&mut self, mut bytes: &[u8]) -> Result<(), EncodeError> {
        use embedded_io::Error as _;
        while !bytes.is_empty() {
            match self.0.write(bytes) {
                // `write_all` would panic here; a writer that takes nothing is an error.
                Ok(0) => return Err(EncodeError::Write(embedded_io::ErrorKind::WriteZero)),
                Ok(n) => {
                    bytes = bytes
                        .get(n..)
                        .ok_or(EncodeError::Write(embedded_io::ErrorKind::InvalidData))?
                }
                Err(e) => return Err(EncodeError::Write(e.kind())),
            }
        }
        Ok(())
    }

    #[inline]
    fn finish(self, written: usize) -> usize {
        written
    }
}

/// A new vector holding the document (`&mut Vec<u8>` appends instead).
#[cfg(feature = "alloc")]
impl Sink for alloc::vec::Vec<u8> {
    type Output = alloc::vec::Vec<u8>;

    #[inline]
    fn put(&mut self, bytes: &[u8]) -> Result<(), EncodeError> {
        self.extend_from_slice(bytes);
        Ok(())
    }

    #[inline]
    fn finish(self, _written: usize) -> alloc::vec::Vec<u8> {
        self
    }
}

/// Counts what goes through to `inner` (the encoders' return value).
pub(crate) struct Counted<S> {
    pub(crate) inner: S,
    pub(crate) len: usize,
}

impl<S: Sink> Sink for Counted<S> {
    type Output = S::Output;

    #[inline]
    fn put(&mut self, bytes: &[u8]) -> Result<(), EncodeError> {
        self.len = self
            .len
            .checked_add(bytes.len())
            .ok_or(EncodeError::TooLong)?;
        self.inner.put(bytes)
    }

    #[inline]
    fn finish(self, _written: usize) -> S::Output {
        self.inner.finish(self.len)
    }
}

/// Writes into a caller slice (the unit tests' sink).
#[cfg(test)]
pub(crate) struct SliceSink<'b> {
    buf: &'b mut [u8],
    len: usize,
}

#[cfg(test)]
impl<'b> SliceSink<'b> {
    pub(crate) fn new(buf: &'b mut [u8]) -> Self {
        SliceSink { buf, len: 0 }
    }

    /// Bytes written so far.
    pub(crate) fn len(&self) -> usize {
        self.len
    }
}

#[cfg(test)]
impl Sink for SliceSink<'_> {
    type Output = usize;

    fn put(&mut self, bytes: &[u8]) -> Result<(), EncodeError> {
        let end = self
            .len
            .checked_add(bytes.len())
            .ok_or(EncodeError::BufferTooSmall)?;
        let dst = self
            .buf
            .get_mut(self.len..end)
            .ok_or(EncodeError::BufferTooSmall)?;
        dst.copy_from_slice(bytes);
        self.len = end;
        Ok(())
    }

    fn finish(self, written: usize) -> usize {
        written
    }
}
