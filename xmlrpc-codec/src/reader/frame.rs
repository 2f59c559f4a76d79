//! The frame format of pre-passed input: text runs that needed unescaping, and base64
//! contents, decoded in place by [`crate::prepass`] and marked with a frame byte (a control
//! character that cannot occur in a well-formed document).

use super::Reader;
use crate::error::{Error, ErrorKind};

/// Frame marker: decoded text follows, ended by NUL, then NUL padding up to the next `<`.
pub(crate) const FRAME_TEXT: u8 = 0x01;
/// Frame marker: base64 decoded: varint length, then the bytes, then the next `<`.
pub(crate) const FRAME_B64: u8 = 0x02;
/// Frame marker: base64 decoded to exactly 3 bytes, which follow.
pub(crate) const FRAME_B64_3: u8 = 0x03;

impl<'de> Reader<'de> {
    /// A framed run at `pos` (`FRAME_TEXT`): the decoded text; `pos` moves past the padding.
    pub(super) fn framed_text(&mut self) -> Result<&'de str, Error> {
        let start = self.pos + 1;
        let rest = self.bytes.get(start..).unwrap_or(&[]);
        let len = memchr::memchr(0, rest).ok_or(self.err(ErrorKind::Syntax))?;
        let s = self.str_range(start, start + len)?;
        let mut i = start + len;
        while self.byte(i) == Some(0) {
            i += 1;
        }
        self.pos = i;
        Ok(s)
    }
}

/// LEB128 length as written by the pre-pass; `(value, bytes used)`.
pub(crate) fn read_varint(b: &[u8]) -> Option<(usize, usize)> {
    let mut v = 0usize;
    for (i, &byte) in b.iter().enumerate().take(5) {
        v |= usize::from(byte & 0x7F) << (7 * i);
        if byte & 0x80 == 0 {
            return Some((v, i + 1));
        }
    }
    None
}

/// Writes a LEB128 length; returns the bytes used (at most 5), `None` if `out` is short.
pub(crate) fn write_varint(mut v: usize, out: &mut [u8]) -> Option<usize> {
    let mut i = 0;
    loop {
        let byte = (v & 0x7F) as u8;
        v >>= 7;
        let slot = out.get_mut(i)?;
        i += 1;
        if v == 0 {
            *slot = byte;
            return Some(i);
        }
        *slot = byte | 0x80;
    }
}

/// Encoded length of a LEB128 value.
pub(crate) fn varint_len(mut v: usize) -> usize {
    let mut n = 1;
    while v >= 0x80 {
        v >>= 7;
        n += 1;
    }
    n
}
