//! `dateTime.iso8601` content: `YYYYMMDDTHH:MM:SS`, plus `.fraction` and the zone only
//! when the value has them.

use super::sink::Sink;
use super::EncodeError;
use crate::{DateTime, Offset};

fn digits(dst: &mut [u8], mut v: u32) {
    for slot in dst.iter_mut().rev() {
        *slot = b'0' + (v % 10) as u8;
        v /= 10;
    }
}

/// Writes `dt` in XML-RPC's basic ISO 8601 form. Invalid field combinations are refused.
pub(crate) fn write_datetime<S: Sink>(out: &mut S, dt: &DateTime) -> Result<(), EncodeError> {
    if !dt.is_valid() {
        return Err(EncodeError::InvalidDateTime);
    }
    let mut buf = [0u8; DateTime::MAX_LEN];
    let fields: [(usize, usize, u32); 6] = [
        (0, 4, u32::from(dt.year)),
        (4, 2, u32::from(dt.month)),
        (6, 2, u32::from(dt.day)),
        (9, 2, u32::from(dt.hour)),
        (12, 2, u32::from(dt.minute)),
        (15, 2, u32::from(dt.second)),
    ];
    for (at, width, value) in fields {
        if let Some(dst) = buf.get_mut(at..at + width) {
            digits(dst, value);
        }
    }
    for (at, c) in [(8, b'T'), (11, b':'), (14, b':')] {
        if let Some(slot) = buf.get_mut(at) {
            *slot = c;
        }
    }
    let mut len = 17;
    if dt.fraction_digits > 0 {
        let n = usize::from(dt.fraction_digits);
        if let Some(dot) = buf.get_mut(len) {
            *dot = b'.';
        }
        if let Some(dst) = buf.get_mut(len + 1..len + 1 + n) {
            digits(dst, dt.fraction);
        }
        len += 1 + n;
    }
    match dt.offset {
        Offset::None => {}
        Offset::Utc => {
            if let Some(z) = buf.get_mut(len) {
                *z = b'Z';
            }
            len += 1;
        }
        Offset::Minutes(m) => {
            let abs = u32::from(m.unsigned_abs());
            if let Some(dst) = buf.get_mut(len..len + 6) {
                dst[0] = if m < 0 { b'-' } else { b'+' };
                digits(&mut dst[1..3], abs / 60);
                dst[3] = b':';
                digits(&mut dst[4..6], abs % 60);
            }
            len += 6;
        }
    }
    out.put(buf.get(..len).ok_or(EncodeError::InvalidDateTime)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::sink::SliceSink;

    fn show(dt: &DateTime) -> heapless::String<40> {
        let mut buf = [0u8; 40];
        let mut sink = SliceSink::new(&mut buf);
        write_datetime(&mut sink, dt).unwrap();
        let n = sink.len();
        let mut s = heapless::String::new();
        s.push_str(core::str::from_utf8(&buf[..n]).unwrap())
            .unwrap();
        s
    }

    #[test]
    fn agrees_with_display() {
        for text in [
            "19980717T14:08:55",
            "00010101T00:00:00",
            "99991231T23:59:59Z",
            "20240229T23:59:60.000125-05:30",
            "20240229T23:59:60.5+00:00",
            "00010101T00:00:00.123456789+01:00",
        ] {
            let dt = DateTime::parse_str(text).unwrap();
            assert_eq!(show(&dt), text);
            let mut disp = [0u8; DateTime::MAX_LEN];
            assert_eq!(dt.write_to(&mut disp), Some(text));
        }
    }

    #[test]
    fn invalid_fields_refused() {
        let dt = DateTime {
            month: 13,
            ..DateTime::new(2024, 1, 1, 0, 0, 0).unwrap()
        };
        let mut buf = [0u8; 40];
        assert_eq!(
            write_datetime(&mut SliceSink::new(&mut buf), &dt),
            Err(EncodeError::InvalidDateTime)
        );
    }
}
