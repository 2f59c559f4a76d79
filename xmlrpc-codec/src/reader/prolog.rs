//! The prolog (BOM, XML declaration, misc before the root) and the epilog.

use super::lex::is_name_byte;
use super::Reader;
use crate::error::{Error, ErrorKind};
use crate::text::is_xml_space;

impl<'de> Reader<'de> {
    // ----- prolog and epilog -------------------------------------------------------------

    /// Reads an optional BOM, the optional XML declaration and misc up to the root element.
    pub(crate) fn prolog(&mut self) -> Result<(), Error> {
        if self.rest().starts_with(&[0xEF, 0xBB, 0xBF]) {
            self.pos += 3;
        }
        let rest = self.rest();
        if rest.starts_with(b"<?xml") && rest.get(5).is_some_and(|&c| is_xml_space(c) || c == b'?')
        {
            self.xml_declaration()?;
        }
        self.skip_misc()
    }

    pub(super) fn xml_declaration(&mut self) -> Result<(), Error> {
        let at = self.pos;
        let bad = |p: usize| Error::new(ErrorKind::InvalidXmlDeclaration, p);
        let rest = self.rest();
        // The declaration is read once its `?>` is in (before, it is incomplete).
        let end = match crate::text::find(rest, b"?>") {
            Some(end) => end,
            None => return Err(self.cut(ErrorKind::InvalidXmlDeclaration, at)),
        };
        let mut i = 5;
        let mut seen = 0u8; // 1: version, 2: encoding, 3: standalone
        loop {
            let ws = count_while(rest, i, end, is_xml_space);
            i += ws;
            if i >= end {
                break;
            }
            if ws == 0 {
                return Err(bad(at + i));
            }
            let name_len = count_while(rest, i, end, is_name_byte);
            let name = rest.get(i..i + name_len).ok_or(bad(at + i))?;
            i += name_len;
            i += count_while(rest, i, end, is_xml_space);
            if rest.get(i) != Some(&b'=') {
                return Err(bad(at + i));
            }
            i += 1;
            i += count_while(rest, i, end, is_xml_space);
            let quote = *rest.get(i).ok_or(bad(at + i))?;
            if quote != b'"' && quote != b'\'' {
                return Err(bad(at + i));
            }
            let vstart = i + 1;
            let vlen = rest
                .get(vstart..end)
                .and_then(|s| memchr::memchr(quote, s))
                .ok_or(bad(at + i))?;
            let value = rest.get(vstart..vstart + vlen).ok_or(bad(at + i))?;
            i = vstart + vlen + 1;
            match name {
                b"version" if seen == 0 => {
                    let minor = value.strip_prefix(b"1.").unwrap_or(&[]);
                    if minor.is_empty() || !minor.iter().all(u8::is_ascii_digit) {
                        return Err(bad(at + vstart));
                    }
                    seen = 1;
                }
                b"encoding" if seen == 1 => {
                    if !crate::encoding::named(value).is_utf8() {
                        return Err(Error::new(ErrorKind::UnsupportedEncoding, at + vstart));
                    }
                    seen = 2;
                }
                b"standalone" if (1..3).contains(&seen) => {
                    if value != b"yes" && value != b"no" {
                        return Err(bad(at + vstart));
                    }
                    seen = 3;
                }
                _ => return Err(bad(at + i)),
            }
        }
        if seen == 0 {
            return Err(bad(at));
        }
        self.pos = at + end + 2;
        Ok(())
    }

    /// After the root element: only misc, then the end.
    pub(crate) fn epilog(&mut self) -> Result<(), Error> {
        self.skip_misc()?;
        if self.pos < self.bytes.len() {
            return Err(self.err(ErrorKind::TrailingContent));
        }
        Ok(())
    }
}

/// How many bytes of `b[i..end]` from `i` on satisfy `pred` (declaration parsing; out of
/// line, one copy).
#[inline(never)]
pub(super) fn count_while(b: &[u8], i: usize, end: usize, pred: fn(u8) -> bool) -> usize {
    b.get(i..end)
        .map_or(0, |s| s.iter().take_while(|&&c| pred(c)).count())
}
