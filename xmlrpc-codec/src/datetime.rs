//! `dateTime.iso8601` values: parsed into their fields, no allocation.
//!
//! Accepted forms (surrounding ASCII whitespace is ignored, as CPython does):
//! `YYYYMMDDTHH:MM:SS` (XML-RPC's basic form) and `YYYY-MM-DDTHH:MM:SS`, each optionally
//! followed by a fraction of a second (`.` or `,` and 1 to 9 digits, kept exactly as written)
//! and a zone: `Z` or `±hh:mm` (also `±hhmm`). Years `0000`-`9999` are accepted (`0001` is
//! CPython's `datetime.min`); month, day (against the month length, leap years included),
//! hour, minute and second (`60` allowed for a leap second) are range-checked.
//!
//! [`DateTime`]'s `Display` writes the basic form, with the fraction and zone only when they
//! were present: `20240229T23:59:60.125+01:00`.

use core::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::magic::DATETIME_NEWTYPE;

/// The time zone designator of a [`DateTime`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Offset {
    /// No zone given (XML-RPC's usual, "local" time).
    #[default]
    None,
    /// `Z`.
    Utc,
    /// `±hh:mm`, in minutes east of UTC (`-23*60-59 ..= 23*60+59`).
    Minutes(i16),
}

/// A parsed `dateTime.iso8601` value.
///
/// Fields are public; [`DateTime::parse`] only produces valid combinations. Build one by hand
/// with [`DateTime::new`] (checks ranges) or a struct literal (your responsibility).
///
/// ```
/// use baton_xmlrpc::{DateTime, Offset};
///
/// let t = DateTime::parse_str("20260102T03:04:05").unwrap();
/// assert_eq!((t.year, t.month, t.day, t.hour), (2026, 1, 2, 3));
/// assert_eq!(t.offset, Offset::None); // XML-RPC's usual local time
/// assert_eq!(Some(t), DateTime::new(2026, 1, 2, 3, 4, 5));
/// let z = DateTime::parse(b"2026-01-02T03:04:05.25+01:00").unwrap();
/// assert_eq!((z.fraction, z.fraction_digits, z.offset), (25, 2, Offset::Minutes(60)));
/// assert!(DateTime::parse_str("20260230T00:00:00").is_err()); // no 30 February
/// assert_eq!(DateTime::new(2026, 13, 1, 0, 0, 0), None);
///
/// let mut buf = [0u8; DateTime::MAX_LEN];
/// assert_eq!(t.write_to(&mut buf), Some("20260102T03:04:05"));
/// assert!(t.is_valid());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct DateTime {
    /// Year, `0..=9999`.
    pub year: u16,
    /// Month, `1..=12`.
    pub month: u8,
    /// Day of the month, `1..=31` (checked against the month).
    pub day: u8,
    /// Hour, `0..=23`.
    pub hour: u8,
    /// Minute, `0..=59`.
    pub minute: u8,
    /// Second, `0..=60` (60: leap second).
    pub second: u8,
    /// Fraction digits as written: the value is `fraction / 10^fraction_digits` seconds.
    pub fraction: u32,
    /// Number of fraction digits written, `0..=9` (0: no fraction).
    pub fraction_digits: u8,
    /// Time zone designator.
    pub offset: Offset,
}

/// Why a text is not a `dateTime.iso8601` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct DateTimeError;

impl fmt::Display for DateTimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("invalid dateTime.iso8601 value")
    }
}

impl core::error::Error for DateTimeError {}

/// Reads exactly `n` ASCII digits at `*pos`.
fn digits(b: &[u8], pos: &mut usize, n: usize) -> Result<u32, DateTimeError> {
    let end = pos.checked_add(n).ok_or(DateTimeError)?;
    let s = b.get(*pos..end).ok_or(DateTimeError)?;
    let mut v = 0u32;
    for &c in s {
        if !c.is_ascii_digit() {
            return Err(DateTimeError);
        }
        v = v * 10 + u32::from(c - b'0');
    }
    *pos = end;
    Ok(v)
}

fn expect(b: &[u8], pos: &mut usize, c: u8) -> Result<(), DateTimeError> {
    if b.get(*pos) == Some(&c) {
        *pos += 1;
        Ok(())
    } else {
        Err(DateTimeError)
    }
}

fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl DateTime {
    /// A date and time without fraction or zone; `None` when a field is out of range.
    pub fn new(year: u16, month: u8, day: u8, hour: u8, minute: u8, second: u8) -> Option<Self> {
        let dt = DateTime {
            year,
            month,
            day,
            hour,
            minute,
            second,
            ..DateTime::default()
        };
        dt.is_valid().then_some(dt)
    }

    /// Whether every field is in range (see the field docs).
    pub fn is_valid(&self) -> bool {
        let offset_ok = match self.offset {
            Offset::Minutes(m) => (-(23 * 60 + 59)..=23 * 60 + 59).contains(&m),
            _ => true,
        };
        self.year <= 9999
            && (1..=12).contains(&self.month)
            && self.day >= 1
            && self.day <= days_in_month(self.year, self.month)
            && self.hour <= 23
            && self.minute <= 59
            && self.second <= 60
            && self.fraction_digits <= 9
            && u64::from(self.fraction) < 10u64.pow(u32::from(self.fraction_digits))
            && offset_ok
    }

    /// Parses the text of a `dateTime.iso8601` element (see the module docs for the forms).
    pub fn parse(text: &[u8]) -> Result<Self, DateTimeError> {
        let b = text.trim_ascii();
        let mut p = 0;
        let year = digits(b, &mut p, 4)? as u16;
        let extended = b.get(p) == Some(&b'-');
        if extended {
            p += 1;
        }
        let month = digits(b, &mut p, 2)? as u8;
        if extended {
            expect(b, &mut p, b'-')?;
        }
        let day = digits(b, &mut p, 2)? as u8;
        expect(b, &mut p, b'T')?;
        let hour = digits(b, &mut p, 2)? as u8;
        expect(b, &mut p, b':')?;
        let minute = digits(b, &mut p, 2)? as u8;
        expect(b, &mut p, b':')?;
        let second = digits(b, &mut p, 2)? as u8;
        let mut fraction = 0u32;
        let mut fraction_digits = 0u8;
        if matches!(b.get(p), Some(b'.' | b',')) {
            p += 1;
            while let Some(&c) = b.get(p) {
                if !c.is_ascii_digit() {
                    break;
                }
                if fraction_digits == 9 {
                    return Err(DateTimeError);
                }
                fraction = fraction * 10 + u32::from(c - b'0');
                fraction_digits += 1;
                p += 1;
            }
            if fraction_digits == 0 {
                return Err(DateTimeError);
            }
        }
        let offset = match b.get(p) {
            None => Offset::None,
            Some(b'Z') => {
                p += 1;
                Offset::Utc
            }
            Some(&sign @ (b'+' | b'-')) => {
                p += 1;
                let hh = digits(b, &mut p, 2)?;
                if b.get(p) == Some(&b':') {
                    p += 1;
                }
                let mm = digits(b, &mut p, 2)?;
                if hh > 23 || mm > 59 {
                    return Err(DateTimeError);
                }
                let minutes = (hh * 60 + mm) as i16;
                Offset::Minutes(if sign == b'-' { -minutes } else { minutes })
            }
            Some(_) => return Err(DateTimeError),
        };
        if p != b.len() {
            return Err(DateTimeError);
        }
        let dt = DateTime {
            year,
            month,
            day,
            hour,
            minute,
            second,
            fraction,
            fraction_digits,
            offset,
        };
        if dt.is_valid() {
            Ok(dt)
        } else {
            Err(DateTimeError)
        }
    }

    /// Parses a `&str` (see [`DateTime::parse`]).
    pub fn parse_str(text: &str) -> Result<Self, DateTimeError> {
        Self::parse(text.as_bytes())
    }

    /// Writes the ISO text into `buf` and returns it; `buf` of [`DateTime::MAX_LEN`] bytes is
    /// always enough. Returns `None` if `buf` is too short.
    pub fn write_to<'b>(&self, buf: &'b mut [u8]) -> Option<&'b str> {
        let mut w = SliceWriter { buf, len: 0 };
        fmt::write(&mut w, format_args!("{self}")).ok()?;
        let len = w.len;
        core::str::from_utf8(w.buf.get(..len)?).ok()
    }

    /// Longest text [`Display`](fmt::Display) writes: `YYYYMMDDTHH:MM:SS.fffffffff+hh:mm`.
    pub const MAX_LEN: usize = 17 + 10 + 6;
}

struct SliceWriter<'b> {
    buf: &'b mut [u8],
    len: usize,
}

impl fmt::Write for SliceWriter<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len.checked_add(s.len()).ok_or(fmt::Error)?;
        self.buf
            .get_mut(self.len..end)
            .ok_or(fmt::Error)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:04}{:02}{:02}T{:02}:{:02}:{:02}",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )?;
        if self.fraction_digits > 0 {
            write!(
                f,
                ".{:0width$}",
                self.fraction,
                width = usize::from(self.fraction_digits)
            )?;
        }
        match self.offset {
            Offset::None => Ok(()),
            Offset::Utc => f.write_str("Z"),
            Offset::Minutes(m) => {
                let sign = if m < 0 { '-' } else { '+' };
                let m = m.unsigned_abs();
                write!(f, "{sign}{:02}:{:02}", m / 60, m % 60)
            }
        }
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut buf = [0u8; DateTime::MAX_LEN];
        let text = self
            .write_to(&mut buf)
            .ok_or_else(|| serde::ser::Error::custom("dateTime out of range"))?;
        serializer.serialize_newtype_struct(DATETIME_NEWTYPE, text)
    }
}

struct DateTimeVisitor;

impl<'de> Visitor<'de> for DateTimeVisitor {
    type Value = DateTime;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a dateTime.iso8601 value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<DateTime, E> {
        DateTime::parse_str(v).map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<DateTime, E> {
        DateTime::parse(v).map_err(|_| E::invalid_value(de::Unexpected::Bytes(v), &self))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<DateTime, D::Error> {
        d.deserialize_str(DateTimeVisitor)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_newtype_struct(DATETIME_NEWTYPE, DateTimeVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(dt: &DateTime) -> heapless::String<40> {
        let mut s = heapless::String::new();
        fmt::write(&mut s, format_args!("{dt}")).unwrap();
        s
    }

    #[test]
    fn basic_form_round_trips() {
        let dt = DateTime::parse(b"19980717T14:08:55").unwrap();
        assert_eq!(dt, DateTime::new(1998, 7, 17, 14, 8, 55).unwrap());
        assert_eq!(show(&dt).as_str(), "19980717T14:08:55");
    }

    #[test]
    fn extended_form_written_back_basic() {
        let dt = DateTime::parse(b" 1998-07-17T14:08:55\n").unwrap();
        assert_eq!(show(&dt).as_str(), "19980717T14:08:55");
    }

    #[test]
    fn fraction_and_offset_kept() {
        let dt = DateTime::parse(b"20240229T23:59:60.000125-05:30").unwrap();
        assert_eq!(dt.fraction, 125);
        assert_eq!(dt.fraction_digits, 6);
        assert_eq!(dt.offset, Offset::Minutes(-330));
        assert_eq!(show(&dt).as_str(), "20240229T23:59:60.000125-05:30");
        let z = DateTime::parse(b"00010101T00:00:00Z").unwrap();
        assert_eq!(show(&z).as_str(), "00010101T00:00:00Z");
        let nine = DateTime::parse(b"00010101T00:00:00.123456789+0100").unwrap();
        assert_eq!(show(&nine).as_str(), "00010101T00:00:00.123456789+01:00");
    }

    #[test]
    fn ranges_checked() {
        for bad in [
            &b"20230229T00:00:00"[..],
            b"20241301T00:00:00",
            b"20240100T00:00:00",
            b"20240431T00:00:00",
            b"20240101T24:00:00",
            b"20240101T00:60:00",
            b"20240101T00:00:61",
            b"20240101T00:00:00.",
            b"20240101T00:00:00.1234567890",
            b"20240101T00:00:00+24:00",
            b"20240101T00:00:00X",
            b"2024-0101T00:00:00",
            b"20240101 00:00:00",
            b"",
        ] {
            assert!(
                DateTime::parse(bad).is_err(),
                "{:?}",
                core::str::from_utf8(bad)
            );
        }
    }
}
