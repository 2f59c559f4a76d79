//! Where encoded bytes go: a caller slice, a counter, or any [`embedded_io::Write`].
//!
//! The serializer is generic over [`Sink`], so each destination gets its own
//! monomorphized, buffer-free code path.

use super::EncodeError;

/// A destination for encoded bytes.
pub(crate) trait Sink {
    /// Appends `bytes`.
    fn put(&mut self, bytes: &[u8]) -> Result<(), EncodeError>;
}

/// Writes into a caller slice; [`EncodeError::BufferTooSmall`] when it is full.
pub(crate) struct SliceSink<'b> {
    buf: &'b mut [u8],
    len: usize,
}

impl<'b> SliceSink<'b> {
    pub(crate) fn new(buf: &'b mut [u8]) -> Self {
        SliceSink { buf, len: 0 }
    }

    /// Bytes written so far.
    pub(crate) fn len(&self) -> usize {
        self.len
    }
}

impl Sink for SliceSink<'_> {
    #[inline]
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
}

/// Counts bytes without writing them (the exact length, for `Content-Length`).
#[derive(Default)]
pub(crate) struct CountSink {
    pub(crate) len: usize,
}

impl Sink for CountSink {
    #[inline]
    fn put(&mut self, bytes: &[u8]) -> Result<(), EncodeError> {
        self.len = self
            .len
            .checked_add(bytes.len())
            .ok_or(EncodeError::TooLong)?;
        Ok(())
    }
}

/// Forwards to an [`embedded_io::Write`], looping on short writes.
pub(crate) struct IoSink<'w, W: ?Sized>(pub(crate) &'w mut W);

impl<W: embedded_io::Write + ?Sized> Sink for IoSink<'_, W> {
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
}

/// Appends to a `Vec<u8>`.
#[cfg(feature = "alloc")]
pub(crate) struct VecSink<'v>(pub(crate) &'v mut alloc::vec::Vec<u8>);

#[cfg(feature = "alloc")]
impl Sink for VecSink<'_> {
    #[inline]
    fn put(&mut self, bytes: &[u8]) -> Result<(), EncodeError> {
        self.0.extend_from_slice(bytes);
        Ok(())
    }
}
