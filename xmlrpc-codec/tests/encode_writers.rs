//! The three destinations agree byte for byte; a too-small slice or a failing writer is an
//! error, never a panic.

use baton_xmlrpc::encode::{self, EncodeError};
use serde::Serialize;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Sample<'a> {
    conference_name: &'a str,
    ports: Vec<i64>,
    ratio: f64,
    note: Option<&'a str>,
}

fn sample() -> Sample<'static> {
    Sample {
        conference_name: "Oslo <weekly> & co",
        ports: vec![1, -2, 1 << 40],
        ratio: 0.25,
        note: None,
    }
}

/// Accepts at most `chunk` bytes per `write` call.
struct Trickle {
    out: Vec<u8>,
    chunk: usize,
}
impl embedded_io::ErrorType for Trickle {
    type Error = core::convert::Infallible;
}
impl embedded_io::Write for Trickle {
    fn write(&mut self, buf: &[u8]) -> Result<usize, Self::Error> {
        let n = buf.len().min(self.chunk);
        self.out.extend_from_slice(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        Ok(())
    }
}

/// Accepts `room` bytes, then returns `Ok(0)` (which `write_all` would panic on).
struct Stuck {
    room: usize,
}
impl embedded_io::ErrorType for Stuck {
    type Error = core::convert::Infallible;
}
impl embedded_io::Write for Stuck {
    fn write(&mut self, buf: &[u8]) -> Result<usize, Self::Error> {
        let n = buf.len().min(self.room);
        self.room -= n;
        Ok(n)
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        Ok(())
    }
}

/// Fails with a given kind.
struct Broken;
impl embedded_io::ErrorType for Broken {
    type Error = embedded_io::ErrorKind;
}
impl embedded_io::Write for Broken {
    fn write(&mut self, _: &[u8]) -> Result<usize, Self::Error> {
        Err(embedded_io::ErrorKind::ConnectionReset)
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        Ok(())
    }
}

#[test]
fn slice_writer_and_counter_agree() {
    let v = sample();
    let len = encode::call(encode::Count, "m", &(&v, 1)).unwrap();
    let mut buf = vec![0u8; len + 10];
    assert_eq!(encode::call(&mut buf[..], "m", &(&v, 1)).unwrap(), len);
    let mut t = Trickle {
        out: Vec::new(),
        chunk: 1,
    };
    encode::call(encode::Writer(&mut t), "m", &(&v, 1)).unwrap();
    assert_eq!(t.out, buf[..len]);
}

#[test]
fn short_writes_are_continued() {
    let v = sample();
    let n = encode::response(encode::Count, &v).unwrap();
    for chunk in [1, 2, 3, 7, 64, 4096] {
        let mut t = Trickle {
            out: Vec::new(),
            chunk,
        };
        encode::response(encode::Writer(&mut t), &v).unwrap();
        assert_eq!(t.out.len(), n);
    }
}

#[test]
fn embedded_io_slice_writer_works() {
    let mut storage = [0u8; 64];
    let mut w: &mut [u8] = &mut storage;
    encode::fault(encode::Writer(&mut w), 1, "x").unwrap_err(); // the fault needs more than 64 bytes
    let mut storage = [0u8; 512];
    let mut w: &mut [u8] = &mut storage;
    encode::fault(encode::Writer(&mut w), 1, "method not supported").unwrap();
    let left = w.len();
    let n = encode::fault(encode::Count, 1, "method not supported").unwrap();
    assert_eq!(512 - left, n);
}

#[test]
fn too_small_slice_is_an_error_at_every_size() {
    let v = sample();
    let len = encode::response(encode::Count, &v).unwrap();
    for size in 0..len {
        let mut buf = vec![0u8; size];
        assert_eq!(
            encode::response(&mut buf[..], &v),
            Err(EncodeError::BufferTooSmall),
            "size {size}"
        );
    }
    let mut buf = vec![0u8; len];
    assert_eq!(encode::response(&mut buf[..], &v), Ok(len));
    let flen = encode::fault(encode::Count, 101, "missing parameter - conferenceName").unwrap();
    for size in 0..flen {
        let mut buf = vec![0u8; size];
        assert_eq!(
            encode::fault(&mut buf[..], 101, "missing parameter - conferenceName"),
            Err(EncodeError::BufferTooSmall)
        );
    }
}

#[test]
fn writer_that_accepts_nothing_is_write_zero_not_panic() {
    for room in [0, 5, 100] {
        let mut w = Stuck { room };
        assert_eq!(
            encode::response(encode::Writer(&mut w), &sample()),
            Err(EncodeError::Write(embedded_io::ErrorKind::WriteZero))
        );
    }
}

#[test]
fn writer_error_kind_is_kept() {
    assert_eq!(
        encode::call(encode::Writer(&mut Broken), "m", &()),
        Err(EncodeError::Write(embedded_io::ErrorKind::ConnectionReset))
    );
}

#[test]
fn errors_display_what_went_wrong() {
    assert_eq!(
        EncodeError::InvalidChar('\u{1}').to_string(),
        "character U+0001 cannot be written in XML"
    );
    assert_eq!(
        EncodeError::BufferTooSmall.to_string(),
        "output buffer too small"
    );
    let e: &dyn std::error::Error = &EncodeError::NonFiniteDouble;
    assert_eq!(e.to_string(), "NaN or infinite double");
}
