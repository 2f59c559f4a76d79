//! Markup lexing: whitespace, comments, processing instructions, CDATA sections, start,
//! end and empty tags (attributes checked and ignored), entity and character references.
//!
//! The tokens are nom 8 *streaming* parsers (`fn(&[u8]) -> IResult<&[u8], O, Fail>`): at
//! the end of the bytes at hand they answer `Err::Incomplete`, never an error and never a
//! guess, and an error is final (see [`Fail`]). [`Reader::token`] turns their answers into
//! the reader's: Incomplete is [`ErrorKind::UnexpectedEof`] (for the stream: "need more").
//! On complete input (`Reader::complete`: the whole-document decoders, a finished stream)
//! the few tokens whose cut form had another error before keep it (`<` at the very end is
//! a syntax error, `&amp` an unknown entity), so whole-document errors are unchanged.

use nom::bytes::streaming::{tag, take_until, take_while};
use nom::error::ParseError;
use nom::sequence::delimited;
use nom::{Err as NomErr, IResult, Needed, Parser};

use super::frame::FRAME_TEXT;
use super::Reader;
use crate::error::{Error, ErrorKind};
use crate::text::is_xml_space;

/// An opened element: where its name is, whether it was `<name/>`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Open {
    pub(crate) name_start: usize,
    pub(crate) name_end: usize,
    pub(crate) empty: bool,
}

/// The grammar's error: the crate's own [`ErrorKind`] and where, as the number of input
/// bytes from there to the end of the input (16 bytes, no borrow: [`Reader::token`] turns
/// it into a document offset).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fail {
    pub(crate) kind: ErrorKind,
    pub(crate) left: usize,
}

impl Fail {
    /// The (final) error `kind` at the start of `input`.
    #[inline]
    pub(crate) fn at(kind: ErrorKind, input: &[u8]) -> NomErr<Fail> {
        NomErr::Error(Fail {
            kind,
            left: input.len(),
        })
    }
}

impl<'a> ParseError<&'a [u8]> for Fail {
    /// A nom combinator failing (a `tag` that does not match, say) is a syntax error there.
    fn from_error_kind(input: &'a [u8], _: nom::error::ErrorKind) -> Self {
        Fail {
            kind: ErrorKind::Syntax,
            left: input.len(),
        }
    }

    fn append(_: &'a [u8], _: nom::error::ErrorKind, other: Self) -> Self {
        other
    }
}

/// What the grammar's parsers return.
pub(crate) type PResult<'a, O> = IResult<&'a [u8], O, Fail>;

/// More input is needed to decide.
#[inline]
pub(crate) fn incomplete<T>() -> Result<T, NomErr<Fail>> {
    Err(NomErr::Incomplete(Needed::Unknown))
}

#[inline]
pub(super) fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c == b':' || c >= 0x80
}

#[inline]
pub(super) fn is_name_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b':' | b'-' | b'.') || c >= 0x80
}

/// Whether `i` is a strict prefix of `word`: the bytes at hand may still become it.
#[inline]
pub(crate) fn cut_prefix(i: &[u8], word: &[u8]) -> bool {
    i.len() < word.len() && word.starts_with(i)
}

/// Checks the characters of markup content (comments, PIs, CDATA, attribute values):
/// the first `len` bytes of `from` (a suffix of the input, so errors are placed right).
pub(super) fn check_chars(from: &[u8], len: usize) -> Result<(), NomErr<Fail>> {
    let body = from.get(..len).unwrap_or(from);
    let s = core::str::from_utf8(body).map_err(|e| {
        NomErr::Error(Fail {
            kind: ErrorKind::InvalidUtf8,
            left: from.len() - e.valid_up_to(),
        })
    })?;
    for (i, c) in s.char_indices() {
        if !crate::text::is_xml_char(c as u32) {
            return Err(NomErr::Error(Fail {
                kind: ErrorKind::InvalidChar,
                left: from.len() - i,
            }));
        }
    }
    Ok(())
}

/// `<!-- ... -->`: the comment's body. `--` inside is a syntax error at the `--` (on
/// `complete` input also a final `--`).
pub(crate) fn comment(complete: bool) -> impl Fn(&[u8]) -> PResult<'_, &[u8]> {
    move |i| {
        let (body, _) = tag(&b"<!--"[..]).parse(i)?;
        let (dd, text) = take_until(&b"--"[..]).parse(body)?;
        let rest = match dd.get(2) {
            Some(b'>') => dd.get(3..).unwrap_or(&[]),
            None if !complete => return incomplete(),
            _ => return Err(Fail::at(ErrorKind::Syntax, dd)),
        };
        check_chars(body, text.len())?;
        Ok((rest, text))
    }
}

/// `<![CDATA[ ... ]]>`: the section's content.
pub(crate) fn cdata(i: &[u8]) -> PResult<'_, &[u8]> {
    let (rest, body) = delimited(
        tag(&b"<![CDATA["[..]),
        take_until(&b"]]>"[..]),
        tag(&b"]]>"[..]),
    )
    .parse(i)?;
    check_chars(i.get(9..).unwrap_or(&[]), body.len())?;
    Ok((rest, body))
}

/// `<?target ...?>`, not the XML declaration (target `xml` in any case is refused:
/// [`Reader::prolog`] reads the declaration): the PI's body.
pub(crate) fn pi(complete: bool) -> impl Fn(&[u8]) -> PResult<'_, &[u8]> {
    move |i| {
        let (body, _) = tag(&b"<?"[..]).parse(i)?;
        match body.first() {
            Some(&c) if !is_name_start(c) => return Err(Fail::at(ErrorKind::Syntax, i)),
            None if complete => return Err(Fail::at(ErrorKind::Syntax, i)),
            _ => {}
        }
        let n = body.iter().take_while(|&&c| is_name_byte(c)).count();
        if n == body.len() && !complete {
            return incomplete();
        }
        let (target, after) = body.split_at(n);
        if target.eq_ignore_ascii_case(b"xml") {
            return Err(Fail::at(ErrorKind::InvalidXmlDeclaration, i));
        }
        let (end, content) = take_until(&b"?>"[..]).parse(body)?;
        if content.len() > target.len() && !after.first().is_some_and(|&c| is_xml_space(c)) {
            return Err(Fail::at(ErrorKind::Syntax, after));
        }
        check_chars(body, content.len())?;
        Ok((end.get(2..).unwrap_or(&[]), content))
    }
}

/// At `<!`: a comment, a CDATA section or (an error) anything else: a DOCTYPE or an
/// ENTITY declaration is [`ErrorKind::Doctype`], the rest a syntax error.
pub(crate) fn bang_error(i: &[u8], complete: bool) -> NomErr<Fail> {
    const WORDS: [&[u8]; 4] = [b"<!--", b"<![CDATA[", b"<!DOCTYPE", b"<!ENTITY"];
    if !complete && WORDS.iter().any(|w| cut_prefix(i, w)) {
        return NomErr::Incomplete(Needed::Unknown);
    }
    if i.starts_with(b"<!DOCTYPE") || i.starts_with(b"<!ENTITY") {
        Fail::at(ErrorKind::Doctype, i)
    } else {
        Fail::at(ErrorKind::Syntax, i)
    }
}

/// At `&`: an entity or character reference, checked (decoded later); at most 12 bytes
/// to the `;`. A byte that cannot be part of one ends it as an error right away.
pub(crate) fn reference(complete: bool, i: &[u8]) -> PResult<'_, ()> {
    let rest = i.get(1..).unwrap_or(&[]);
    let window = rest.get(..rest.len().min(12)).unwrap_or(rest);
    let bad = || {
        let kind = if rest.first() == Some(&b'#') {
            ErrorKind::InvalidCharRef
        } else {
            ErrorKind::UnknownEntity
        };
        Fail::at(kind, i)
    };
    let Some(semi) = memchr::memchr(b';', window) else {
        // No `;` yet: cut while every byte could still belong to a reference.
        if !complete
            && window.len() < 12
            && window
                .iter()
                .all(|c| c.is_ascii_alphanumeric() || *c == b'#')
        {
            return incomplete();
        }
        return Err(bad());
    };
    let body = window.get(..semi).unwrap_or(&[]);
    if crate::text::entity_char(body).is_none() {
        return Err(bad());
    }
    Ok((rest.get(semi + 1..).unwrap_or(&[]), ()))
}

/// `="value"` (either quote) after an attribute's name and whitespace, checked.
fn attribute_value(complete: bool, i: &[u8]) -> PResult<'_, ()> {
    if complete && i.is_empty() {
        return Err(Fail::at(ErrorKind::Syntax, i));
    }
    let (i, _) = tag(&b"="[..]).parse(i)?;
    let (i, _) = take_while(is_xml_space).parse(i)?;
    let quote = match i.first() {
        None => return incomplete(),
        Some(&q @ (b'"' | b'\'')) => q,
        Some(_) => return Err(Fail::at(ErrorKind::Syntax, i)),
    };
    let value = i.get(1..).unwrap_or(&[]);
    let mut j = value;
    loop {
        match j.first() {
            None => return incomplete(),
            Some(&c) if c == quote => break,
            Some(b'<') => return Err(Fail::at(ErrorKind::Syntax, j)),
            Some(b'&') => j = reference(complete, j)?.0,
            Some(_) => j = j.get(1..).unwrap_or(&[]),
        }
    }
    check_chars(value, value.len() - j.len())?;
    Ok((j.get(1..).unwrap_or(&[]), ()))
}

/// A start or empty tag, `<name attr="v" ...>` or `.../>` (attributes checked and
/// ignored): the name's length and whether the element is empty.
pub(crate) fn start_tag(complete: bool, i: &[u8]) -> PResult<'_, (usize, bool)> {
    let Some(after_lt) = i.get(1..) else {
        return incomplete();
    };
    match after_lt.first() {
        None if complete => return Err(Fail::at(ErrorKind::Syntax, i)),
        None => return incomplete(),
        Some(&c) if !is_name_start(c) => return Err(Fail::at(ErrorKind::Syntax, i)),
        Some(_) => {}
    }
    let (mut j, name) = take_while(is_name_byte).parse(after_lt)?;
    loop {
        let (k, ws) = take_while(is_xml_space).parse(j)?;
        match k.first() {
            Some(b'>') => return Ok((k.get(1..).unwrap_or(&[]), (name.len(), false))),
            Some(b'/') => match k.get(1) {
                Some(b'>') => return Ok((k.get(2..).unwrap_or(&[]), (name.len(), true))),
                Some(_) => return Err(Fail::at(ErrorKind::Syntax, k)),
                None if complete => return Err(Fail::at(ErrorKind::Syntax, k)),
                None => return incomplete(),
            },
            Some(&c) if is_name_start(c) && !ws.is_empty() => {
                let (k, _) = take_while(is_name_byte).parse(k)?;
                let (k, _) = take_while(is_xml_space).parse(k)?;
                j = attribute_value(complete, k)?.0;
            }
            None => return incomplete(),
            Some(_) => return Err(Fail::at(ErrorKind::Syntax, k)),
        }
    }
}

/// An end tag `</name>` whose name is exactly `name` (the start tag's bytes): another name
/// is [`ErrorKind::MismatchedTag`] at the `</`.
pub(crate) fn end_tag<'a>(name: &[u8], i: &'a [u8]) -> PResult<'a, ()> {
    let body = i.get(2..).unwrap_or(&[]);
    if body.len() < name.len() {
        return if name.starts_with(body) {
            incomplete()
        } else {
            Err(Fail::at(ErrorKind::MismatchedTag, i))
        };
    }
    let (written, after) = body.split_at(name.len());
    if written != name {
        return Err(Fail::at(ErrorKind::MismatchedTag, i));
    }
    match after.first() {
        None => return incomplete(),
        Some(&c) if is_name_byte(c) => return Err(Fail::at(ErrorKind::MismatchedTag, i)),
        Some(_) => {}
    }
    let (k, _) = take_while(is_xml_space).parse(after)?;
    let (k, _) = tag(&b">"[..]).parse(k)?;
    Ok((k, ()))
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

    /// Runs the token parser `p` at `at`: the index after the token and its output. An
    /// Incomplete answer is [`ErrorKind::UnexpectedEof`] at `eof_at`.
    #[inline]
    pub(crate) fn token<O>(
        &self,
        at: usize,
        eof_at: usize,
        p: impl FnOnce(&'de [u8]) -> PResult<'de, O>,
    ) -> Result<(usize, O), Error> {
        match p(self.bytes.get(at..).unwrap_or(&[])) {
            Ok((rest, o)) => Ok((self.bytes.len() - rest.len(), o)),
            Err(e) => Err(self.fail(e, eof_at)),
        }
    }

    /// A parser's failure as the reader's error: Incomplete is `UnexpectedEof` at `eof_at`.
    #[cold]
    pub(crate) fn fail(&self, e: NomErr<Fail>, eof_at: usize) -> Error {
        match e {
            NomErr::Incomplete(_) => Error::new(ErrorKind::UnexpectedEof, eof_at),
            NomErr::Error(f) | NomErr::Failure(f) => {
                Error::new(f.kind, self.bytes.len().saturating_sub(f.left))
            }
        }
    }

    /// Error for `<!` that is neither a comment nor CDATA (or a cut one).
    pub(super) fn bang_error(&self, at: usize) -> Error {
        self.fail(
            bang_error(self.bytes.get(at..).unwrap_or(&[]), self.complete),
            at,
        )
    }

    /// At `<!--`: index after `-->`.
    pub(crate) fn comment_end(&self, at: usize) -> Result<usize, Error> {
        self.token(at, at, comment(self.complete)).map(|(i, _)| i)
    }

    /// At `<?`: index after `?>`. The target `xml` (any case) is refused here (the XML
    /// declaration is read by [`Reader::prolog`]).
    pub(crate) fn pi_end(&self, at: usize) -> Result<usize, Error> {
        self.token(at, at, pi(self.complete)).map(|(i, _)| i)
    }

    /// At `<![CDATA[`: index after `]]>`.
    pub(super) fn cdata_end(&self, at: usize) -> Result<usize, Error> {
        self.token(at, at, cdata).map(|(i, _)| i)
    }

    /// At `&`: index after the reference.
    pub(super) fn reference_end(&self, at: usize) -> Result<usize, Error> {
        let complete = self.complete;
        self.token(at, self.bytes.len(), |i| reference(complete, i))
            .map(|(i, _)| i)
    }

    // ----- tags --------------------------------------------------------------------------

    /// At `<` + name start: reads the start tag (attributes are checked and ignored).
    pub(crate) fn open_tag(&mut self) -> Result<Open, Error> {
        let at = self.pos;
        let complete = self.complete;
        let (end, (len, empty)) = self.token(at, self.bytes.len(), |i| start_tag(complete, i))?;
        self.pos = end;
        Ok(Open {
            name_start: at + 1,
            name_end: at + 1 + len,
            empty,
        })
    }

    /// At `</`: reads the end tag and checks its name equals `bytes[open]` exactly.
    pub(super) fn close_named(&mut self, open: &Open) -> Result<(), Error> {
        let name = self
            .bytes
            .get(open.name_start..open.name_end)
            .unwrap_or(&[]);
        let at = self.pos;
        // Fast path: `</name>` exactly (the usual spelling).
        // (Host only, like the other fast paths: flash size.)
        #[cfg(not(baton_compact))]
        {
            let rest = self.rest();
            if rest.starts_with(b"</")
                && rest.get(2..2 + name.len()) == Some(name)
                && rest.get(2 + name.len()) == Some(&b'>')
            {
                self.pos += name.len() + 3;
                return Ok(());
            }
        }
        match self.token(at, self.bytes.len(), |i| end_tag(name, i)) {
            Ok((end, ())) => {
                self.pos = end;
                Ok(())
            }
            // Complete input, cut in the name: a mismatch; after it: a syntax error.
            Err(e) if e.kind() == ErrorKind::UnexpectedEof && self.complete => {
                Err(if self.bytes.len() < at + 2 + name.len() {
                    Error::new(ErrorKind::MismatchedTag, at)
                } else {
                    Error::new(ErrorKind::Syntax, self.bytes.len())
                })
            }
            Err(e) => Err(e),
        }
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
            (Some(b'<'), None) => Err(self.cut(ErrorKind::UnexpectedElement, self.pos)),
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
            (Some(b'<'), None) => Err(self.cut(ErrorKind::Syntax, at)),
            (Some(b'<'), _) => Err(self.err(ErrorKind::Syntax)),
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
        let rest = self.rest();
        if !self.complete && rest.len() < 2 {
            return Err(Error::new(ErrorKind::UnexpectedEof, self.bytes.len()));
        }
        Ok(rest.starts_with(b"</"))
    }
}
