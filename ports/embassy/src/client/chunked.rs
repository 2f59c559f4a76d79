//! `Transfer-Encoding: chunked` body decoding in place: the chunk framing
//! is removed from each received slice, the data moved to its front. The
//! state survives slice boundaries anywhere (inside a size line, between
//! CR and LF), so the body can arrive in any pieces.

/// Why a chunked body is malformed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ChunkError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Hex digits of a chunk size (`any`: at least one seen).
    Size { value: usize, any: bool },
    /// A chunk extension (`;name=value`) up to the line end.
    Extension { value: usize },
    /// The LF ending a size line.
    SizeLf { value: usize },
    /// Data bytes left in the current chunk.
    Data(usize),
    /// The CR after a chunk's data.
    DataCr,
    /// The LF after a chunk's data.
    DataLf,
    /// The last chunk (size 0) was seen; trailers and the rest are ignored.
    Done,
}

/// The decoder of one chunked body.
///
/// ```
/// use baton_embassy::client::Dechunk;
///
/// let mut d = Dechunk::new();
/// // Bytes as they arrive, cut anywhere: the framing is removed in place.
/// let mut first = *b"5\r\nhel";
/// let n = d.decode(&mut first).unwrap();
/// assert_eq!(&first[..n], b"hel");
/// let mut rest = *b"lo\r\n0\r\n\r\n";
/// let n = d.decode(&mut rest).unwrap();
/// assert_eq!(&rest[..n], b"lo");
/// assert!(d.is_done());
/// let mut bad = *b"zz\r\n"; // not a hex size
/// assert!(Dechunk::new().decode(&mut bad).is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dechunk {
    state: State,
}

impl Default for Dechunk {
    fn default() -> Self {
        Self::new()
    }
}

impl Dechunk {
    /// At the start of a body.
    pub const fn new() -> Self {
        Dechunk {
            state: State::Size {
                value: 0,
                any: false,
            },
        }
    }

    /// The last chunk has been seen.
    pub fn is_done(&self) -> bool {
        self.state == State::Done
    }

    /// Removes the framing from `buf` (the next received bytes) in place;
    /// returns how many data bytes now start `buf`.
    pub fn decode(&mut self, buf: &mut [u8]) -> Result<usize, ChunkError> {
        let mut out = 0;
        let mut i = 0;
        while i < buf.len() {
            let Some(&b) = buf.get(i) else { break };
            self.state = match self.state {
                State::Data(left) => {
                    let n = left.min(buf.len() - i);
                    buf.copy_within(i..i + n, out);
                    out += n;
                    i += n;
                    self.state = if n == left {
                        State::DataCr
                    } else {
                        State::Data(left - n)
                    };
                    continue;
                }
                State::Size { value, any } => match hex(b) {
                    Some(d) => State::Size {
                        value: value
                            .checked_mul(16)
                            .and_then(|v| v.checked_add(d))
                            .ok_or(ChunkError)?,
                        any: true,
                    },
                    None if !any => return Err(ChunkError),
                    None => match b {
                        b'\r' => State::SizeLf { value },
                        b'\n' => end_of_size(value),
                        b';' | b' ' | b'\t' => State::Extension { value },
                        _ => return Err(ChunkError),
                    },
                },
                State::Extension { value } => match b {
                    b'\r' => State::SizeLf { value },
                    b'\n' => end_of_size(value),
                    _ => State::Extension { value },
                },
                State::SizeLf { value } => match b {
                    b'\n' => end_of_size(value),
                    _ => return Err(ChunkError),
                },
                State::DataCr => match b {
                    b'\r' => State::DataLf,
                    b'\n' => State::Size {
                        value: 0,
                        any: false,
                    },
                    _ => return Err(ChunkError),
                },
                State::DataLf => match b {
                    b'\n' => State::Size {
                        value: 0,
                        any: false,
                    },
                    _ => return Err(ChunkError),
                },
                State::Done => return Ok(out),
            };
            i += 1;
        }
        Ok(out)
    }
}

fn end_of_size(value: usize) -> State {
    if value == 0 {
        State::Done
    } else {
        State::Data(value)
    }
}

fn hex(b: u8) -> Option<usize> {
    match b {
        b'0'..=b'9' => Some(usize::from(b - b'0')),
        b'a'..=b'f' => Some(usize::from(b - b'a' + 10)),
        b'A'..=b'F' => Some(usize::from(b - b'A' + 10)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    extern crate std;
    use super::*;
    use std::vec::Vec;

    const BODY: &[u8] = b"5\r\nhello\r\n7;ext=1\r\n, world\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nTrailer: x\r\n\r\n";
    const DATA: &[u8] = b"hello, worldabcdefghijklmnopqrstuvwxyz";

    fn run(pieces: usize) -> (Vec<u8>, bool) {
        let mut d = Dechunk::new();
        let mut got = Vec::new();
        for piece in BODY.chunks(pieces) {
            let mut buf = piece.to_vec();
            let n = d.decode(&mut buf).unwrap();
            got.extend_from_slice(&buf[..n]);
        }
        (got, d.is_done())
    }

    #[test]
    fn chunked_body_decodes_the_same_in_any_pieces() {
        for pieces in 1..=BODY.len() {
            assert_eq!(run(pieces), (DATA.to_vec(), true), "pieces of {pieces}");
        }
    }

    #[test]
    fn malformed_framing_is_an_error() {
        for bad in [
            &b"x\r\n"[..],
            b"\r\n",
            b"5\r\nhelloX",
            b"5\rX",
            b"ffffffffffffffffffffffff\r\n",
        ] {
            let mut buf = bad.to_vec();
            assert_eq!(Dechunk::new().decode(&mut buf), Err(ChunkError), "{bad:?}");
        }
    }

    #[test]
    fn not_done_before_the_last_chunk() {
        let mut buf = b"3\r\nabc\r\n".to_vec();
        let mut d = Dechunk::new();
        assert_eq!(d.decode(&mut buf), Ok(3));
        assert!(!d.is_done());
    }
}
