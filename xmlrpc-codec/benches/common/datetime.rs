//! A `dateTime.iso8601` field for the bench structs: parsed into its fields on decode (the
//! peers parse theirs too), written back as `YYYYMMDDTHH:MM:SS` through the codec's dateTime
//! newtype convention (`baton_xmlrpc::magic::DATETIME_NEWTYPE`).

use core::fmt;

use baton_xmlrpc::magic::DATETIME_NEWTYPE;
use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// `YYYYMMDDTHH:MM:SS`, parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IsoDateTime {
    /// Year.
    pub year: u16,
    /// Month, 1-12.
    pub month: u8,
    /// Day, 1-31.
    pub day: u8,
    /// Hour.
    pub hour: u8,
    /// Minute.
    pub minute: u8,
    /// Second.
    pub second: u8,
}

impl IsoDateTime {
    fn parse(s: &str) -> Option<Self> {
        let b = s.trim().as_bytes();
        if b.len() != 17
            || b.get(8) != Some(&b'T')
            || b.get(11) != Some(&b':')
            || b.get(14) != Some(&b':')
        {
            return None;
        }
        let num = |from: usize, to: usize| -> Option<u16> {
            b.get(from..to)?.iter().try_fold(0u16, |acc, &c| {
                c.is_ascii_digit().then(|| acc * 10 + u16::from(c - b'0'))
            })
        };
        let narrow = |v: u16| u8::try_from(v).ok();
        Some(IsoDateTime {
            year: num(0, 4)?,
            month: narrow(num(4, 6)?)?,
            day: narrow(num(6, 8)?)?,
            hour: narrow(num(9, 11)?)?,
            minute: narrow(num(12, 14)?)?,
            second: narrow(num(15, 17)?)?,
        })
    }

    fn write(&self, out: &mut [u8; 17]) {
        let digits = |out: &mut [u8], mut v: u16| {
            for slot in out.iter_mut().rev() {
                *slot = b'0' + (v % 10) as u8;
                v /= 10;
            }
        };
        digits(&mut out[0..4], self.year);
        digits(&mut out[4..6], u16::from(self.month));
        digits(&mut out[6..8], u16::from(self.day));
        out[8] = b'T';
        digits(&mut out[9..11], u16::from(self.hour));
        out[11] = b':';
        digits(&mut out[12..14], u16::from(self.minute));
        out[14] = b':';
        digits(&mut out[15..17], u16::from(self.second));
    }
}

impl Serialize for IsoDateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut text = [0u8; 17];
        self.write(&mut text);
        let text = core::str::from_utf8(&text).map_err(serde::ser::Error::custom)?;
        serializer.serialize_newtype_struct(DATETIME_NEWTYPE, text)
    }
}

struct IsoVisitor;

impl<'de> Visitor<'de> for IsoVisitor {
    type Value = IsoDateTime;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a dateTime.iso8601 value")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<IsoDateTime, E> {
        IsoDateTime::parse(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<IsoDateTime, D::Error> {
        d.deserialize_str(IsoVisitor)
    }
}

impl<'de> Deserialize<'de> for IsoDateTime {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_newtype_struct(DATETIME_NEWTYPE, IsoVisitor)
    }
}
