//! Markup lexing: whitespace, comments, processing instructions, CDATA sections, start,
//! end and empty tags (attributes checked and ignored).

use super::frame::FRAME_TEXT;
use super::Reader;
use crate::error::{Error, ErrorKind};
use crate::text::{check_entity, is_xml_space};

/// An opened element: where its name is, whether it was `<name/>`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Open {
    pub(crate) name_start: usize,
    pub(crate) name_end: usize,
    pub(crate) empty: bool,
}

#[inline]
pub(super) fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c == b':' || c >= 0x80
}

#[inline]
pub(super) fn is_name_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b':' | b'-' | b'.') || c >= 0x80
}

impl<'de> Reader<'de> {
    // ----- misc: whitespace, comments, processing instructions -------------------------

    #[inline]
    pub(crate) fn skip_ws(&mut self) {
        while let Some(c) = self.byte(self.pos) {
            if is_xml_space(c) {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    /// Skips whitespace, comments, processing instructions, character data that decodes to
    /// whitespace only (`&#9;`, an empty CDATA section) and, framed, decoded runs that are
    /// whitespace only.
    #[inline]
    pub(crate) fn skip_misc(&mut self) -> Result<(), Error> {
        self.skip_ws();
        // Fast path: a start or end tag follows (or the end).
        match (self.byte(self.pos), self.byte(self.pos + 1)) {
            (Some(b'<'), Some(c)) if c == b'/' || is_name_start(c) => Ok(()),
            (None, _) => Ok(()),
            _ => self.skip_misc_slow(),
        }
    }

    #[cold]
    #[inline(never)]
    pub(super) fn skip_misc_slow(&mut self) -> Result<(), Error> {
        loop {
            self.skip_ws();
            match (self.byte(self.pos), self.byte(self.pos + 1)) {
                (Some(b'<'), Some(b'?')) => self.pos = self.pi_end(self.pos)?,
                (Some(b'<'), Some(b'!')) => {
                    let rest = self.rest();
                    if rest.starts_with(b"<!--") {
                        self.pos = self.comment_end(self.pos)?;
                    } else if rest.starts_with(b"<![CDATA[") {
                        self.skip_whitespace_data()?;
                    } else {
                        return Err(self.bang_error(self.pos));
                    }
                }
                (Some(b'&'), _) => self.skip_whitespace_data()?,
                (Some(FRAME_TEXT), _) if self.framed => {
                    let start = self.pos;
                    let t = self.framed_text()?;
                    if !t.bytes().all(is_xml_space) {
                        return Err(Error::new(ErrorKind::UnexpectedText, start));
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    /// Character data between elements: allowed when it decodes to whitespace only.
    pub(super) fn skip_whitespace_data(&mut self) -> Result<(), Error> {
        let start = self.pos;
        if self.text()?.is_whitespace() {
            Ok(())
        } else {
            Err(Error::new(ErrorKind::UnexpectedText, start))
        }
    }

    /// Error for `<!` that is neither a comment nor CDATA.
    pub(super) fn bang_error(&self, at: usize) -> Error {
        let rest = self.bytes.get(at..).unwrap_or(&[]);
        if rest.starts_with(b"<!DOCTYPE") || rest.starts_with(b"<!ENTITY") {
            Error::new(ErrorKind::Doctype, at)
        } else {
            Error::new(ErrorKind::Syntax, at)
        }
    }

    /// Checks characters of markup content (comments, PIs, CDATA, attribute values).
    pub(super) fn check_chars(&self, a: usize, b: usize) -> Result<(), Error> {
        let s = self.str_range(a, b)?;
        for (i, c) in s.char_indices() {
            if !crate::text::is_xml_char(c as u32) {
                return Err(Error::new(ErrorKind::InvalidChar, a + i));
            }
        }
        Ok(())
    }

    /// At `<!--`: index after `-->`.
    pub(crate) fn comment_end(&self, at: usize) -> Result<usize, Error> {
        let body = at + 4;
        let rest = self.bytes.get(body..).unwrap_or(&[]);
        let dd = crate::text::find(rest, b"--").ok_or(Error::new(ErrorKind::UnexpectedEof, at))?;
        if rest.get(dd + 2) != Some(&b'>') {
            return Err(Error::new(ErrorKind::Syntax, body + dd));
        }
        self.check_chars(body, body + dd)?;
        Ok(body + dd + 3)
    }

    /// At `<?`: index after `?>`. The target `xml` (any case) is refused here (the XML
    /// declaration is read by [`Reader::prolog`]).
    pub(crate) fn pi_end(&self, at: usize) -> Result<usize, Error> {
        let body = at + 2;
        let rest = self.bytes.get(body..).unwrap_or(&[]);
        let name_len = rest.iter().take_while(|&&c| is_name_byte(c)).count();
        let target = rest.get(..name_len).unwrap_or(&[]);
        if target.is_empty() || !rest.first().is_some_and(|&c| is_name_start(c)) {
            return Err(Error::new(ErrorKind::Syntax, at));
        }
        if target.eq_ignore_ascii_case(b"xml") {
            return Err(Error::new(ErrorKind::InvalidXmlDeclaration, at));
        }
        let end = crate::text::find(rest, b"?>").ok_or(Error::new(ErrorKind::UnexpectedEof, at))?;
        if end > name_len && !rest.get(name_len).is_some_and(|&c| is_xml_space(c)) {
            return Err(Error::new(ErrorKind::Syntax, body + name_len));
        }
        self.check_chars(body, body + end)?;
        Ok(body + end + 2)
    }

    /// At `<![CDATA[`: index after `]]>`.
    pub(super) fn cdata_end(&self, at: usize) -> Result<usize, Error> {
        let body = at + 9;
        let rest = self.bytes.get(body..).unwrap_or(&[]);
        let end =
            crate::text::find(rest, b"]]>").ok_or(Error::new(ErrorKind::UnexpectedEof, at))?;
        self.check_chars(body, body + end)?;
        Ok(body + end + 3)
    }

    // ----- tags --------------------------------------------------------------------------

    /// At `<` + name start: reads the start tag (attributes are checked and ignored).
    pub(crate) fn open_tag(&mut self) -> Result<Open, Error> {
        let at = self.pos;
        let name_start = at + 1;
        if !self.byte(name_start).is_some_and(is_name_start) {
            return Err(self.eof_or(ErrorKind::Syntax));
        }
        let mut i = name_start + 1;
        while self.byte(i).is_some_and(is_name_byte) {
            i += 1;
        }
        let name_end = i;
        loop {
            let ws_start = i;
            while self.byte(i).is_some_and(is_xml_space) {
                i += 1;
            }
            match self.byte(i) {
                Some(b'>') => {
                    self.pos = i + 1;
                    return Ok(Open {
                        name_start,
                        name_end,
                        empty: false,
                    });
                }
                Some(b'/') if self.byte(i + 1) == Some(b'>') => {
                    self.pos = i + 2;
                    return Ok(Open {
                        name_start,
                        name_end,
                        empty: true,
                    });
                }
                Some(c) if is_name_start(c) && i > ws_start => i = self.attribute(i)?,
                None => return Err(Error::new(ErrorKind::UnexpectedEof, i)),
                Some(_) => return Err(Error::new(ErrorKind::Syntax, i)),
            }
        }
    }

    /// At an attribute name: checks `name = "value"`, returns the index after it.
    pub(super) fn attribute(&self, mut i: usize) -> Result<usize, Error> {
        while self.byte(i).is_some_and(is_name_byte) {
            i += 1;
        }
        while self.byte(i).is_some_and(is_xml_space) {
            i += 1;
        }
        if self.byte(i) != Some(b'=') {
            return Err(Error::new(ErrorKind::Syntax, i));
        }
        i += 1;
        while self.byte(i).is_some_and(is_xml_space) {
            i += 1;
        }
        let quote = self
            .byte(i)
            .ok_or(Error::new(ErrorKind::UnexpectedEof, i))?;
        if quote != b'"' && quote != b'\'' {
            return Err(Error::new(ErrorKind::Syntax, i));
        }
        let vstart = i + 1;
        let mut j = vstart;
        loop {
            match self.byte(j) {
                None => return Err(Error::new(ErrorKind::UnexpectedEof, j)),
                Some(c) if c == quote => break,
                Some(b'<') => return Err(Error::new(ErrorKind::Syntax, j)),
                Some(b'&') => j = check_entity(self.bytes, j)?,
                Some(_) => j += 1,
            }
        }
        self.check_chars(vstart, j)?;
        Ok(j + 1)
    }

    /// At `</`: reads the end tag and checks its name equals `bytes[open]` exactly.
    pub(super) fn close_named(&mut self, open: &Open) -> Result<(), Error> {
        let at = self.pos;
        let name = self
            .bytes
            .get(open.name_start..open.name_end)
            .unwrap_or(&[]);
        let start = at + 2;
        let end = start + name.len();
        if self.bytes.get(start..end) != Some(name) || self.byte(end).is_some_and(is_name_byte) {
            return Err(self.eof_or(ErrorKind::MismatchedTag));
        }
        let mut i = end;
        while self.byte(i).is_some_and(is_xml_space) {
            i += 1;
        }
        if self.byte(i) != Some(b'>') {
            return Err(Error::new(ErrorKind::Syntax, i));
        }
        self.pos = i + 1;
        Ok(())
    }

    /// Skips misc, then expects the end tag of `open`.
    pub(crate) fn close(&mut self, open: &Open) -> Result<(), Error> {
        self.skip_misc()?;
        self.close_here(open)
    }

    /// Expects the end tag of `open` right here.
    #[inline]
    pub(crate) fn close_here(&mut self, open: &Open) -> Result<(), Error> {
        match (self.byte(self.pos), self.byte(self.pos + 1)) {
            (Some(b'<'), Some(b'/')) => self.close_named(open),
            (Some(b'<'), _) => Err(self.err(ErrorKind::UnexpectedElement)),
            (None, _) => Err(self.err(ErrorKind::UnexpectedEof)),
            _ => Err(self.err(ErrorKind::UnexpectedText)),
        }
    }

    /// Skips misc, then expects a start tag named `name` (any letter case).
    #[inline]
    pub(crate) fn open_named(&mut self, name: &[u8]) -> Result<Open, Error> {
        self.skip_misc()?;
        self.open_named_here(name)
    }

    /// Expects a start tag named `name` (any letter case) right here.
    pub(crate) fn open_named_here(&mut self, name: &[u8]) -> Result<Open, Error> {
        let at = self.pos;
        // Fast path: `<name>` exactly.
        let rest = self.rest();
        if rest.first() == Some(&b'<')
            && rest.get(1..1 + name.len()) == Some(name)
            && rest.get(1 + name.len()) == Some(&b'>')
        {
            self.pos += name.len() + 2;
            return Ok(Open {
                name_start: at + 1,
                name_end: at + 1 + name.len(),
                empty: false,
            });
        }
        match (self.byte(at), self.byte(at + 1)) {
            (Some(b'<'), Some(c)) if is_name_start(c) => {
                let open = self.open_tag()?;
                if self.name(&open).eq_ignore_ascii_case(name) {
                    Ok(open)
                } else {
                    Err(Error::new(ErrorKind::UnexpectedElement, at))
                }
            }
            (Some(b'<'), Some(b'/')) => Err(self.err(ErrorKind::UnexpectedElement)),
            (Some(b'<'), _) => Err(self.eof_or(ErrorKind::Syntax)),
            (None, _) => Err(self.err(ErrorKind::UnexpectedEof)),
            _ => Err(self.err(ErrorKind::UnexpectedText)),
        }
    }

    /// The name of an opened element.
    pub(crate) fn name(&self, open: &Open) -> &'de [u8] {
        self.bytes
            .get(open.name_start..open.name_end)
            .unwrap_or(&[])
    }

    /// Skips misc; `Some(open)` when a start tag follows, `None` at an end tag.
    pub(crate) fn open_or_close(&mut self) -> Result<Option<Open>, Error> {
        self.skip_misc()?;
        match (self.byte(self.pos), self.byte(self.pos + 1)) {
            (Some(b'<'), Some(b'/')) => Ok(None),
            (Some(b'<'), _) => self.open_tag().map(Some),
            (None, _) => Err(self.err(ErrorKind::UnexpectedEof)),
            _ => Err(self.err(ErrorKind::UnexpectedText)),
        }
    }

    /// Whether the next thing (after misc) is an end tag.
    pub(crate) fn at_close(&mut self) -> Result<bool, Error> {
        self.skip_misc()?;
        Ok(self.rest().starts_with(b"</"))
    }
}
