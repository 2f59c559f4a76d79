//! Numbers: integers through `itoa`, doubles as the shortest digits that round-trip
//! (Ryū) laid out in plain decimal notation, never with an exponent, always with a `.`.

use super::sink::Sink;
use super::EncodeError;

const ZEROS: &[u8; 64] = &[b'0'; 64];

fn put_zeros<S: Sink>(out: &mut S, mut n: usize) -> Result<(), EncodeError> {
    while n > 0 {
        let k = n.min(ZEROS.len());
        out.put(ZEROS.get(..k).unwrap_or_default())?;
        n -= k;
    }
    Ok(())
}

/// Writes an integer's decimal digits.
#[inline]
pub(crate) fn write_int<S: Sink>(out: &mut S, v: impl itoa::Integer) -> Result<(), EncodeError> {
    let mut buf = itoa::Buffer::new();
    out.put(buf.format(v).as_bytes())
}

/// Writes a finite `f64` as plain decimal.
pub(crate) fn write_f64<S: Sink>(out: &mut S, v: f64) -> Result<(), EncodeError> {
    if !v.is_finite() {
        return Err(EncodeError::NonFiniteDouble);
    }
    let mut buf = ryu::Buffer::new();
    write_plain(out, buf.format_finite(v).as_bytes())
}

/// Writes a finite `f32` as plain decimal: the shortest digits that give back the same
/// `f32` (`0.1f32` is written `0.1`, not its `f64` expansion).
pub(crate) fn write_f32<S: Sink>(out: &mut S, v: f32) -> Result<(), EncodeError> {
    if !v.is_finite() {
        return Err(EncodeError::NonFiniteDouble);
    }
    let mut buf = ryu::Buffer::new();
    write_plain(out, buf.format_finite(v).as_bytes())
}

/// Rewrites Ryū's output (`-1.5e-7`, `1e16`, `123.0`) without the exponent.
fn write_plain<S: Sink>(out: &mut S, ryu: &[u8]) -> Result<(), EncodeError> {
    let Some(e) = ryu.iter().position(|&c| c == b'e') else {
        // Ryū writes `123.0` / `0.001` forms with the point already in place.
        return out.put(ryu);
    };
    let (mantissa, exp) = (
        ryu.get(..e).unwrap_or_default(),
        ryu.get(e + 1..).unwrap_or_default(),
    );
    let (negative, mantissa) = match mantissa.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, mantissa),
    };
    let (exp_negative, exp_digits) = match exp.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, exp),
    };
    let mut exp_value: isize = 0;
    for &d in exp_digits {
        exp_value = exp_value * 10 + isize::from(d.wrapping_sub(b'0'));
    }
    if exp_negative {
        exp_value = -exp_value;
    }
    // Mantissa `d[.ddd]`: the digits, and how many stand before the point.
    let (int_part, frac_part) = match mantissa.iter().position(|&c| c == b'.') {
        Some(p) => (
            mantissa.get(..p).unwrap_or_default(),
            mantissa.get(p + 1..).unwrap_or_default(),
        ),
        None => (mantissa, &[][..]),
    };
    let n_digits = (int_part.len() + frac_part.len()) as isize;
    // The point goes after `point` digits of int_part ++ frac_part.
    let point = int_part.len() as isize + exp_value;

    if negative {
        out.put(b"-")?;
    }
    if point <= 0 {
        out.put(b"0.")?;
        put_zeros(out, point.unsigned_abs())?;
        out.put(int_part)?;
        out.put(frac_part)
    } else if point >= n_digits {
        out.put(int_part)?;
        out.put(frac_part)?;
        put_zeros(out, (point - n_digits).unsigned_abs())?;
        out.put(b".0")
    } else {
        // 0 < point < n_digits. Ryū's exponent form has one integer digit, so the point
        // falls inside the fraction digits.
        let split = (point as usize).saturating_sub(int_part.len());
        out.put(int_part)?;
        out.put(frac_part.get(..split).unwrap_or_default())?;
        out.put(b".")?;
        out.put(frac_part.get(split..).unwrap_or_default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encode::sink::SliceSink;

    fn plain(v: f64) -> heapless::String<400> {
        let mut buf = [0u8; 400];
        let mut sink = SliceSink::new(&mut buf);
        write_f64(&mut sink, v).unwrap();
        let n = sink.len();
        let mut s = heapless::String::new();
        s.push_str(core::str::from_utf8(&buf[..n]).unwrap())
            .unwrap();
        s
    }

    #[test]
    fn never_exponent_form() {
        assert_eq!(plain(0.0), "0.0");
        assert_eq!(plain(-0.0), "-0.0");
        assert_eq!(plain(1.0), "1.0");
        assert_eq!(plain(0.1), "0.1");
        assert_eq!(plain(1e-7), "0.0000001");
        assert_eq!(plain(-1.5e-7), "-0.00000015");
        assert_eq!(plain(1e16), "10000000000000000.0");
        assert_eq!(plain(1.2345e20), "123450000000000000000.0");
        assert_eq!(plain(1.5e300).len(), 303);
        let tiny = plain(5e-324);
        assert!(tiny.starts_with("0.000") && tiny.ends_with("5") && tiny.len() == 326);
        let max = plain(f64::MAX);
        assert!(max.starts_with("17976931348623157") && max.ends_with("0.0") && max.len() == 311);
    }
}
