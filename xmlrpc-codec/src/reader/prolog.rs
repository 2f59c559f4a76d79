//! The prolog (BOM, XML declaration, misc before the root) and the epilog.

use nom::bytes::complete::{tag, take_while};
use nom::{Err as NomErr, Parser};

use super::lex::{is_name_byte, Fail, PResult};
use super::Reader;
use crate::error::{Error, ErrorKind};
use crate::text::is_xml_space;

/// A pseudo-attribute of the XML declaration as written, `name`, its value and where
/// the value starts (bytes from there to the end of the declaration's content).
type Pseudo<'a> = (&'a [u8], &'a [u8], usize);

/// One pseudo-attribute of the XML declaration, ` name = "value"` (either quote), or
/// `None` when only whitespace is left. The input is the declaration's content up to its
/// `?>`, complete (the declaration is read once its `?>` is in).
fn pseudo_attribute(i: &[u8]) -> PResult<'_, Option<Pseudo<'_>>> {
    let bad = |at: &[u8]| Fail::at(ErrorKind::InvalidXmlDeclaration, at);
    let (i, ws) = take_while(is_xml_space).parse(i)?;
    if i.is_empty() {
        return Ok((i, None));
    }
    if ws.is_empty() {
        return Err(bad(i));
    }
    let (i, name) = take_while(is_name_byte).parse(i)?;
    let (i, _) = take_while(is_xml_space).parse(i)?;
    let (i, _) = tag(&b"="[..]).parse(i).map_err(|_: NomErr<Fail>| bad(i))?;
    let (i, _) = take_while(is_xml_space).parse(i)?;
    let quote = match i.first() {
        Some(&q @ (b'"' | b'\'')) => q,
        _ => return Err(bad(i)),
    };
    let value_on = i.get(1..).unwrap_or(&[]);
    let len = memchr::memchr(quote, value_on).ok_or(bad(i))?;
    let value = value_on.get(..len).unwrap_or(&[]);
    let after = value_on.get(len + 1..).unwrap_or(&[]);
    Ok((after, Some((name, value, value_on.len()))))
}

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

    /// `<?xml version="1.x" encoding="..." standalone="..."?>`: version required, in this
    /// order, the encoding UTF-8 (any spelling of it), standalone `yes` or `no`.
    pub(super) fn xml_declaration(&mut self) -> Result<(), Error> {
        let at = self.pos;
        let rest = self.rest();
        // The declaration is read once its `?>` is in (before, it is incomplete).
        let Some(end) = crate::text::find(rest, b"?>") else {
            return Err(self.cut(ErrorKind::InvalidXmlDeclaration, at));
        };
        let content_end = at + end;
        // `left`: bytes from the error to the end of the content.
        let bad = |left: usize| Error::new(ErrorKind::InvalidXmlDeclaration, content_end - left);
        let mut i = rest.get(5..end).unwrap_or(&[]);
        let mut seen = 0u8; // 1: version, 2: encoding, 3: standalone
        loop {
            let (after, (name, value, value_left)) = match pseudo_attribute(i) {
                Ok((_, None)) => break,
                Ok((after, Some(p))) => (after, p),
                Err(NomErr::Error(f) | NomErr::Failure(f)) => return Err(bad(f.left)),
                Err(NomErr::Incomplete(_)) => return Err(bad(0)),
            };
            match name {
                b"version" if seen == 0 => {
                    let minor = value.strip_prefix(b"1.").unwrap_or(&[]);
                    if minor.is_empty() || !minor.iter().all(u8::is_ascii_digit) {
                        return Err(bad(value_left));
                    }
                    seen = 1;
                }
                b"encoding" if seen == 1 => {
                    if !crate::encoding::named(value).is_utf8() {
                        return Err(Error::new(
                            ErrorKind::UnsupportedEncoding,
                            content_end - value_left,
                        ));
                    }
                    seen = 2;
                }
                b"standalone" if (1..3).contains(&seen) => {
                    if value != b"yes" && value != b"no" {
                        return Err(bad(value_left));
                    }
                    seen = 3;
                }
                _ => return Err(bad(after.len())),
            }
            i = after;
        }
        if seen == 0 {
            return Err(Error::new(ErrorKind::InvalidXmlDeclaration, at));
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
