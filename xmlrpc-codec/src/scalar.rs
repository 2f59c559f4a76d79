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

/// `2^1024 - 2^970`, the least decimal that rounds to infinity (halfway above `f64::MAX`,
/// ties to even), as its 309 digits.
#[cfg(any(not(feature = "float"), test))]
const OVERFLOW: &[u8] = concat!(
    "17976931348623158079372897140530341507993413271003782693617377898044496829276475",
    "09466490179775872070963302864166928879109465555478519404026306574886715058206819",
    "08902000708383676273854845817711531764475730270069855571366959622842914819860834",
    "936475292719074168444365510704342711559699508093042880177904174497792",
)
.as_bytes();

/// Whether `s` is a finite double, exactly as [`parse_double`] decides, without converting
/// it (no float code): `[+-]?(D+(.D*)?|.D+)([eE][+-]?D+)?` whose value is below
/// [`OVERFLOW`].
#[cfg(any(not(feature = "float"), test))]
pub(crate) fn check_double(s: &[u8]) -> Result<(), ErrorKind> {
    let digits = |b: &[u8]| b.iter().take_while(|c| c.is_ascii_digit()).count();
    let s = trim(s);
    let body = match s {
        [b'+' | b'-', rest @ ..] => rest,
        _ => s,
    };
    let (int, rest) = body.split_at(digits(body));
    let (frac, rest) = match rest {
        [b'.', r @ ..] => r.split_at(digits(r)),
        _ => (&[][..], rest),
    };
    if int.is_empty() && frac.is_empty() {
        return Err(ErrorKind::InvalidDouble);
    }
    let exp: i64 = match rest {
        [] => 0,
        [b'e' | b'E', r @ ..] => {
            let (neg, d) = match r {
                [b'-', d @ ..] => (true, d),
                [b'+', d @ ..] => (false, d),
                _ => (false, r),
            };
            if d.is_empty() || digits(d) != d.len() {
                return Err(ErrorKind::InvalidDouble);
            }
            let v = d
                .iter()
                .fold(0i64, |v, &c| (v * 10 + i64::from(c - b'0')).min(1_000_000));
            if neg {
                -v
            } else {
                v
            }
        }
        _ => return Err(ErrorKind::InvalidDouble),
    };
    let all = || int.iter().chain(frac).copied();
    let Some(lead) = all().position(|c| c != b'0') else {
        return Ok(()); // zero
    };
    // The value is 0.d1d2... * 10^e with d1 != 0; OVERFLOW is 0.1797... * 10^309.
    let e = (int.len() as i64)
        .saturating_sub(lead as i64)
        .saturating_add(exp);
    if e != 309 {
        return if e < 309 {
            Ok(())
        } else {
            Err(ErrorKind::InvalidDouble)
        };
    }
    let mut t = OVERFLOW.iter();
    for c in all().skip(lead) {
        let tc = t.next().copied().unwrap_or(b'0');
        if c != tc {
            return if c < tc {
                Ok(())
            } else {
                Err(ErrorKind::InvalidDouble)
            };
        }
    }
    if t.all(|&c| c == b'0') {
        Err(ErrorKind::InvalidDouble)
    } else {
        Ok(())
    }
}

/// A double scalar's value (with `float`, already converted).
#[cfg(feature = "float")]
pub(crate) fn double_value(v: f64) -> f64 {
    v
}

/// A double scalar's value, converted from its checked text (without `float`, only the untyped
/// view and the stream decoder convert).
#[cfg(not(feature = "float"))]
pub(crate) fn double_value(t: crate::text::Text<'_>) -> f64 {
    let parsed = match t {
        crate::text::Text::Plain(s) => parse_double(s.as_bytes()),
        crate::text::Text::Escaped(_) => {
            let mut buf = [0u8; 96];
            match crate::text::unescape_to(&t, &mut buf) {
                Ok(n) => parse_double(buf.get(..n).unwrap_or(&[])),
                Err(_) => Err(ErrorKind::InvalidDouble),
            }
        }
    };
    // The reader checked the text (`check_double`), so this does not fail.
    parsed.unwrap_or(0.0)
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

    /// `check_double` accepts exactly what `parse_double` accepts.
    #[test]
    fn check_double_agrees_with_parse_double() {
        extern crate std;
        use std::{format, string::String, vec, vec::Vec};
        let agree = |s: &[u8]| {
            assert_eq!(
                check_double(s).is_ok(),
                parse_double(s).is_ok(),
                "{:?}",
                core::str::from_utf8(s)
            );
        };
        let t = core::str::from_utf8(OVERFLOW).unwrap();
        let below = "179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497791";
        let mut cases: Vec<String> = vec![
            t.into(),
            below.into(),
            format!("{t}0"),
            format!("{t}1"),
            format!("{below}9"),
            format!("0.{t}e309"),
            format!("0.{below}e309"),
            format!("000{t}.000"),
            format!("{}.{}", &t[..1], &t[1..]) + "e308",
            format!("{}.{}", &below[..1], &below[1..]) + "e308",
            "1.7976931348623157e308".into(),
            "1.7976931348623158e308".into(),
            "1.7976931348623159e308".into(),
            "-1.7976931348623159e308".into(),
            "17976931348623158e292".into(),
            "1e308".into(),
            "1e309".into(),
            "0.1e310".into(),
            "0.01e310".into(),
            "1e99999999999999999999".into(),
            "0e99999999999999999999".into(),
            "1e-99999999999999999999".into(),
            "000000000000000000000000001e308".into(),
            "0.0000000000000000000000001e333".into(),
        ];
        // Pseudo-random strings over the characters a double may contain.
        let alphabet = b"0123456789+-.eE 1";
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..200_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let len = (x % 9) as usize;
            let mut y = x >> 8;
            let s: String = (0..len)
                .map(|_| {
                    let c = alphabet[(y % alphabet.len() as u64) as usize] as char;
                    y /= alphabet.len() as u64;
                    c
                })
                .collect();
            cases.push(s);
        }
        for c in &cases {
            agree(c.as_bytes());
        }
    }
}
