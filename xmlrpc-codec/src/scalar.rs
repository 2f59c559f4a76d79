//! Parsing the content of the scalar types `int`/`i4`, `i8`, `boolean` and `double`.
//!
//! Surrounding XML whitespace is ignored (CPython does the same). Integers are
//! `[+-]?[0-9]{1,32}`; doubles are decimal with an optional exponent (`1e-07` is accepted on
//! input), never NaN or infinity.

use crate::error::ErrorKind;
use crate::text::is_xml_space;

/// Most digits accepted in an integer.
pub const MAX_INT_DIGITS: usize = 32;

fn trim(s: &[u8]) -> &[u8] {
    let start = s.iter().position(|&b| !is_xml_space(b)).unwrap_or(s.len());
    let end = s
        .iter()
        .rposition(|&b| !is_xml_space(b))
        .map_or(start, |e| e + 1);
    s.get(start..end).unwrap_or(&[])
}

/// Parses an integer and checks it against `min..=max`.
pub(crate) fn parse_int(s: &[u8], min: i64, max: i64) -> Result<i64, ErrorKind> {
    let s = trim(s);
    let (neg, digits) = match s {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        _ => (false, s),
    };
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Err(ErrorKind::InvalidInteger);
    }
    if digits.len() > MAX_INT_DIGITS {
        return Err(ErrorKind::IntegerTooLong);
    }
    // 32 digits always fit an i128.
    let mut v: i128 = 0;
    for &d in digits {
        v = v * 10 + i128::from(d - b'0');
    }
    if neg {
        v = -v;
    }
    if v < i128::from(min) || v > i128::from(max) {
        return Err(ErrorKind::IntegerOutOfRange);
    }
    Ok(v as i64)
}

/// Parses `0` / `1`.
pub(crate) fn parse_bool(s: &[u8]) -> Result<bool, ErrorKind> {
    match trim(s) {
        b"0" => Ok(false),
        b"1" => Ok(true),
        _ => Err(ErrorKind::InvalidBoolean),
    }
}

/// Parses a finite double.
pub(crate) fn parse_double(s: &[u8]) -> Result<f64, ErrorKind> {
    let s = trim(s);
    let ok_chars = s
        .iter()
        .all(|&b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.' | b'e' | b'E'));
    if !ok_chars || !s.iter().any(u8::is_ascii_digit) {
        return Err(ErrorKind::InvalidDouble);
    }
    let text = core::str::from_utf8(s).map_err(|_| ErrorKind::InvalidDouble)?;
    let v: f64 = text.parse().map_err(|_| ErrorKind::InvalidDouble)?;
    if v.is_finite() {
        Ok(v)
    } else {
        Err(ErrorKind::InvalidDouble)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ints() {
        assert_eq!(
            parse_int(b" -2147483648\n", i32::MIN.into(), i32::MAX.into()),
            Ok(i32::MIN.into())
        );
        assert_eq!(parse_int(b"+7", 0, 10), Ok(7));
        assert_eq!(
            parse_int(b"2147483648", i32::MIN.into(), i32::MAX.into()),
            Err(ErrorKind::IntegerOutOfRange)
        );
        assert_eq!(
            parse_int(&[b'1'; 33], i64::MIN, i64::MAX),
            Err(ErrorKind::IntegerTooLong)
        );
        assert_eq!(parse_int(&[b'0'; 32], i64::MIN, i64::MAX), Ok(0));
        assert_eq!(parse_int(b"1 2", 0, 100), Err(ErrorKind::InvalidInteger));
        assert_eq!(parse_int(b"", 0, 100), Err(ErrorKind::InvalidInteger));
        assert_eq!(parse_int(b"-", 0, 100), Err(ErrorKind::InvalidInteger));
    }

    #[test]
    fn doubles() {
        assert_eq!(parse_double(b" 1e-07 "), Ok(1e-7));
        assert_eq!(parse_double(b"-0.5"), Ok(-0.5));
        for bad in [
            &b"nan"[..],
            b"inf",
            b"-infinity",
            b"1e999",
            b"",
            b".",
            b"0x1p3",
            b"1,5",
        ] {
            assert_eq!(parse_double(bad), Err(ErrorKind::InvalidDouble), "{bad:?}");
        }
    }
}
