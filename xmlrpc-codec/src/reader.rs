//! The XML-RPC pull reader: a cursor over the (shared) input that reads markup, text and
//! values. Both the serde deserializer and the untyped view are built on it.
//!
//! The reader is `Copy`: looking ahead is cloning it. It never recurses except through
//! [`Reader::skip_value`], which is bounded by the depth limit.
//!
//! In *framed* mode (input that went through [`crate::prepass`]), text runs that needed
//! unescaping, and base64 contents, were already decoded in place and are marked with a
//! frame byte (a control character that cannot occur in a well-formed document).

use crate::base64;
use crate::datetime::DateTime;
use crate::error::{Error, ErrorKind};
use crate::options::DecodeOptions;
use crate::scalar;
use crate::text::{check_entity, is_xml_space, Text};

/// Frame marker: decoded text follows, ended by NUL, then NUL padding up to the next `<`.
pub(crate) const FRAME_TEXT: u8 = 0x01;
/// Frame marker: base64 decoded: varint length, then the bytes, then the next `<`.
pub(crate) const FRAME_B64: u8 = 0x02;
/// Frame marker: base64 decoded to exactly 3 bytes, which follow.
pub(crate) const FRAME_B64_3: u8 = 0x03;

/// A value's type element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Type {
    Int,
    I8,
    Boolean,
    String,
    Double,
    DateTime,
    Base64,
    Nil,
    Struct,
    Array,
}

impl Type {
    /// Type element names match in any letter case; `nil` with any namespace prefix.
    pub(crate) fn from_name(name: &[u8]) -> Option<Type> {
        let eq = |s: &str| name.eq_ignore_ascii_case(s.as_bytes());
        Some(match name.len() {
            2 if eq("i4") => Type::Int,
            2 if eq("i8") => Type::I8,
            3 if eq("int") => Type::Int,
            3 if eq("nil") => Type::Nil,
            5 if eq("array") => Type::Array,
            6 if eq("string") => Type::String,
            6 if eq("double") => Type::Double,
            6 if eq("base64") => Type::Base64,
            6 if eq("struct") => Type::Struct,
            7 if eq("boolean") => Type::Boolean,
            16 if eq("dateTime.iso8601") => Type::DateTime,
            _ => {
                let colon = memchr::memrchr(b':', name)?;
                let local = name.get(colon + 1..)?;
                if colon > 0 && local.eq_ignore_ascii_case(b"nil") {
                    Type::Nil
                } else {
                    return None;
                }
            }
        })
    }
}

/// base64 content.
#[derive(Debug, Clone, Copy)]
pub(crate) enum B64<'de> {
    /// Already decoded (framed input).
    Decoded(&'de [u8]),
    /// Validated base64 text, `len` bytes once decoded.
    Raw(Text<'de>, usize),
}

/// A scalar value.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Scalar<'de> {
    Int(i32),
    I8(i64),
    Bool(bool),
    Str(Text<'de>),
    #[cfg(not(feature = "no-float"))]
    Double(f64),
    /// Checked, not converted (feature `no-float`).
    #[cfg(feature = "no-float")]
    Double(Text<'de>),
    /// Parsed, plus the text as written (trimmed).
    DateTime(DateTime, Text<'de>),
    Base64(B64<'de>),
    Nil,
}

/// An opened element: where its name is, whether it was `<name/>`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Open {
    pub(crate) name_start: usize,
    pub(crate) name_end: usize,
    pub(crate) empty: bool,
}

/// What `<value>` holds.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Head<'de> {
    /// Fully read, `</value>` included.
    Scalar(Scalar<'de>),
    /// `<struct>` read; members follow (none if `<struct/>`).
    Struct(Container),
    /// `<array><data>` read; values follow. `open.empty`: nothing follows but the closes.
    Array(Container),
}

/// An opened struct or array: its `<value>`, the `<struct>`/`<array>` and (arrays) the
/// `<data>` element (either may be empty).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Container {
    pub(crate) value: Open,
    pub(crate) outer: Open,
    pub(crate) data: Option<Open>,
}

/// The cursor.
#[derive(Clone, Copy)]
pub(crate) struct Reader<'de> {
    bytes: &'de [u8],
    /// The whole input as `str` when it is valid UTF-8 (then substrings are O(1)).
    view: Option<&'de str>,
    pub(crate) pos: usize,
    framed: bool,
    pub(crate) opts: DecodeOptions,
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// Bytes that end a plain text run or need a closer look: `<`, `&`, controls, non-ASCII.
#[inline(always)]
fn special_mask(w: u64) -> u64 {
    let lt = w.wrapping_sub(LO * 0x20) & !w & HI;
    let x = w ^ (LO * u64::from(b'<'));
    let angle = x.wrapping_sub(LO) & !x & HI;
    let y = w ^ (LO * u64::from(b'&'));
    let amp = y.wrapping_sub(LO) & !y & HI;
    lt | angle | amp | (w & HI)
}

#[inline(always)]
fn is_special(c: u8) -> bool {
    c < 0x20 || c == b'<' || c == b'&' || c >= 0x80
}

/// Index of the first special byte at or after `i` (or `b.len()`).
#[inline(always)]
fn find_special(b: &[u8], mut i: usize) -> usize {
    while let Some(chunk) = b.get(i..i + 8) {
        let Ok(arr) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let m = special_mask(u64::from_le_bytes(arr));
        if m != 0 {
            return i + (m.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while let Some(&c) = b.get(i) {
        if is_special(c) {
            return i;
        }
        i += 1;
    }
    i
}

#[inline]
fn is_name_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c == b':' || c >= 0x80
}

#[inline]
fn is_name_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b':' | b'-' | b'.') || c >= 0x80
}

impl<'de> Reader<'de> {
    /// A reader that does not check UTF-8 up front (strings are checked one by one).
    pub(crate) fn unchecked(bytes: &'de [u8], opts: DecodeOptions) -> Self {
        Reader {
            bytes,
            view: None,
            pos: 0,
            framed: false,
            opts,
        }
    }

    /// A reader over text already known to be UTF-8 (substrings are O(1)).
    pub(crate) fn from_str(text: &'de str, opts: DecodeOptions) -> Self {
        Reader {
            bytes: text.as_bytes(),
            view: Some(text),
            pos: 0,
            framed: false,
            opts,
        }
    }

    /// A reader over `bytes`; `framed` when it went through the pre-pass.
    ///
    /// `prechecked`: the pre-pass checked the whole document's UTF-8 before it decoded
    /// base64 into it (binary now makes the up-front check fail: strings are then checked
    /// one by one).
    pub(crate) fn new(
        bytes: &'de [u8],
        framed: bool,
        prechecked: bool,
        opts: DecodeOptions,
    ) -> Result<Self, Error> {
        let view = match core::str::from_utf8(bytes) {
            Ok(s) => Some(s),
            Err(_) if framed && prechecked => None,
            Err(e) => return Err(Error::new(ErrorKind::InvalidUtf8, e.valid_up_to())),
        };
        Ok(Reader {
            bytes,
            view,
            pos: 0,
            framed,
            opts,
        })
    }

    #[inline]
    pub(crate) fn err(&self, kind: ErrorKind) -> Error {
        Error::new(kind, self.pos)
    }

    #[inline]
    pub(crate) fn rest(&self) -> &'de [u8] {
        self.bytes.get(self.pos..).unwrap_or(&[])
    }

    #[inline]
    fn byte(&self, i: usize) -> Option<u8> {
        self.bytes.get(i).copied()
    }

    /// `bytes[a..b]` as `str`.
    #[inline]
    pub(crate) fn str_range(&self, a: usize, b: usize) -> Result<&'de str, Error> {
        match self.view {
            Some(v) => v.get(a..b).ok_or(Error::new(ErrorKind::InvalidUtf8, a)),
            None => {
                let raw = self
                    .bytes
                    .get(a..b)
                    .ok_or(Error::new(ErrorKind::UnexpectedEof, a))?;
                core::str::from_utf8(raw)
                    .map_err(|e| Error::new(ErrorKind::InvalidUtf8, a + e.valid_up_to()))
            }
        }
    }

    #[inline]
    fn eof_or(&self, kind: ErrorKind) -> Error {
        if self.pos >= self.bytes.len() {
            self.err(ErrorKind::UnexpectedEof)
        } else {
            self.err(kind)
        }
    }

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
    fn skip_misc_slow(&mut self) -> Result<(), Error> {
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
    fn skip_whitespace_data(&mut self) -> Result<(), Error> {
        let start = self.pos;
        if self.text()?.is_whitespace() {
            Ok(())
        } else {
            Err(Error::new(ErrorKind::UnexpectedText, start))
        }
    }

    /// Error for `<!` that is neither a comment nor CDATA.
    fn bang_error(&self, at: usize) -> Error {
        let rest = self.bytes.get(at..).unwrap_or(&[]);
        if rest.starts_with(b"<!DOCTYPE") || rest.starts_with(b"<!ENTITY") {
            Error::new(ErrorKind::Doctype, at)
        } else {
            Error::new(ErrorKind::Syntax, at)
        }
    }

    /// Checks characters of markup content (comments, PIs, CDATA, attribute values).
    fn check_chars(&self, a: usize, b: usize) -> Result<(), Error> {
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
    fn cdata_end(&self, at: usize) -> Result<usize, Error> {
        let body = at + 9;
        let rest = self.bytes.get(body..).unwrap_or(&[]);
        let end =
            crate::text::find(rest, b"]]>").ok_or(Error::new(ErrorKind::UnexpectedEof, at))?;
        self.check_chars(body, body + end)?;
        Ok(body + end + 3)
    }

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

    fn xml_declaration(&mut self) -> Result<(), Error> {
        let at = self.pos;
        let bad = |p: usize| Error::new(ErrorKind::InvalidXmlDeclaration, p);
        let rest = self.rest();
        let end = crate::text::find(rest, b"?>").ok_or(bad(at))?;
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
    fn attribute(&self, mut i: usize) -> Result<usize, Error> {
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
    fn close_named(&mut self, open: &Open) -> Result<(), Error> {
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

    // ----- text ----------------------------------------------------------------------------

    /// A framed run at `pos` (`FRAME_TEXT`): the decoded text; `pos` moves past the padding.
    fn framed_text(&mut self) -> Result<&'de str, Error> {
        let start = self.pos + 1;
        let rest = self.bytes.get(start..).unwrap_or(&[]);
        let len = memchr::memchr(0, rest).ok_or(self.err(ErrorKind::Syntax))?;
        let s = self.str_range(start, start + len)?;
        let mut i = start + len;
        while self.byte(i) == Some(0) {
            i += 1;
        }
        self.pos = i;
        Ok(s)
    }

    /// Reads a text run up to the next tag (`</...` or an element start); `pos` stops at
    /// its `<`. Checks entities, characters, CDATA, comments and PIs on the way.
    #[inline]
    pub(crate) fn text(&mut self) -> Result<Text<'de>, Error> {
        let start = self.pos;
        // Fast path: plain ASCII text up to an end tag.
        let i = find_special(self.bytes, start);
        if self.byte(i) == Some(b'<')
            && self.byte(i + 1) == Some(b'/')
            && i - start <= self.opts.max_text_len
        {
            self.pos = i;
            return self.str_range(start, i).map(Text::Plain);
        }
        self.text_slow(start, i)
    }

    /// [`Reader::text`] past the first special byte at `i`.
    #[inline(never)]
    fn text_slow(&mut self, start: usize, mut i: usize) -> Result<Text<'de>, Error> {
        if self.framed && self.byte(start) == Some(FRAME_TEXT) {
            return self.framed_text().map(Text::Plain);
        }
        let b = self.bytes;
        let mut escaped = false;
        loop {
            i = find_special(b, i);
            match b.get(i) {
                None => return Err(Error::new(ErrorKind::UnexpectedEof, i)),
                Some(b'<') => match b.get(i + 1) {
                    Some(b'!') => {
                        let rest = b.get(i..).unwrap_or(&[]);
                        if rest.starts_with(b"<!--") {
                            i = self.comment_end(i)?;
                        } else if rest.starts_with(b"<![CDATA[") {
                            i = self.cdata_end(i)?;
                        } else {
                            return Err(self.bang_error(i));
                        }
                        escaped = true;
                    }
                    Some(b'?') => {
                        i = self.pi_end(i)?;
                        escaped = true;
                    }
                    _ => break,
                },
                Some(b'&') => {
                    i = check_entity(b, i)?;
                    escaped = true;
                }
                Some(&c) if c < 0x80 => {
                    if c == b'\t' || c == b'\n' || c == b'\r' {
                        i += 1;
                    } else {
                        return Err(Error::new(ErrorKind::InvalidChar, i));
                    }
                }
                Some(&c) => {
                    // U+FFFE / U+FFFF are not XML characters.
                    if c == 0xEF
                        && b.get(i + 1) == Some(&0xBF)
                        && matches!(b.get(i + 2), Some(0xBE | 0xBF))
                    {
                        return Err(Error::new(ErrorKind::InvalidChar, i));
                    }
                    i += 1;
                }
            }
        }
        if i - start > self.opts.max_text_len {
            return Err(Error::new(ErrorKind::TextTooLong, start));
        }
        self.pos = i;
        let s = self.str_range(start, i)?;
        Ok(if escaped {
            Text::Escaped(s)
        } else {
            Text::Plain(s)
        })
    }

    /// Text content of a leaf element whose start tag was `open`, through its end tag.
    #[inline]
    fn leaf_text(&mut self, open: &Open) -> Result<Text<'de>, Error> {
        if open.empty {
            return Ok(Text::Plain(""));
        }
        let t = self.text()?;
        self.close_here(open)?;
        Ok(t)
    }

    /// Text content of a leaf element named `name` (start tag still to read).
    pub(crate) fn leaf(&mut self, name: &[u8]) -> Result<Text<'de>, Error> {
        let open = self.open_named(name)?;
        self.leaf_text(&open)
    }

    /// Runs `f` over the decoded bytes of a short text (numbers, dates).
    fn with_short<T>(
        &self,
        t: Text<'de>,
        at: usize,
        kind: ErrorKind,
        f: impl FnOnce(&[u8]) -> Result<T, ErrorKind>,
    ) -> Result<T, Error> {
        let r = match t {
            Text::Plain(s) => f(s.as_bytes()),
            Text::Escaped(_) => {
                let mut buf = [0u8; 96];
                match crate::text::unescape_to(&t, &mut buf) {
                    Ok(n) => f(buf.get(..n).unwrap_or(&[])),
                    Err(_) => Err(kind),
                }
            }
        };
        r.map_err(|k| Error::new(k, at))
    }

    // ----- values ----------------------------------------------------------------------------

    /// Reads a `<value>` (after misc) up to its type: scalars completely (with `</value>`),
    /// containers opened. `depth` is the nesting depth the value itself sits at.
    #[inline]
    pub(crate) fn value(&mut self, depth: u32) -> Result<Head<'de>, Error> {
        self.skip_misc()?;
        let vstart = self.pos;
        let rest = self.rest();
        let value_open = if rest.starts_with(b"<value>") {
            self.pos += 7;
            Open {
                name_start: vstart + 1,
                name_end: vstart + 6,
                empty: false,
            }
        } else {
            let open = self.open_named_here(b"value")?;
            if open.empty {
                return Ok(Head::Scalar(Scalar::Str(Text::Plain(""))));
            }
            open
        };
        // Fast path for the common typed string (on bare metal, `fast_type` below handles it
        // with the other types: the same steps, one copy less).
        #[cfg(not(target_os = "none"))]
        if self.rest().starts_with(b"<string>") {
            let at = self.pos;
            self.pos += 8;
            let open = Open {
                name_start: at + 1,
                name_end: at + 7,
                empty: false,
            };
            let t = self.text()?;
            self.close_here(&open)?;
            self.value_end(&value_open)?;
            return Ok(Head::Scalar(Scalar::Str(t)));
        }
        // Fast path: a type element in its usual spelling right after `<value>`.
        if let Some((ty, len)) = fast_type(self.rest()) {
            let at = self.pos;
            self.pos += len;
            let open = Open {
                name_start: at + 1,
                name_end: at + len - 1,
                empty: false,
            };
            let head = self.typed(ty, open, value_open, depth)?;
            if let Head::Scalar(_) = head {
                self.value_end(&value_open)?;
            }
            return Ok(head);
        }
        self.value_content(vstart, value_open, depth)
    }

    /// Fast path for a scalar written in its usual spelling, `<value><tag>text</tag></value>`
    /// (after misc), whose text is plain ASCII up to the end tag and which `parse` accepts:
    /// the parsed value, with the reader moved past `</value>`. `None`, with the reader
    /// unchanged, for anything else: the caller then takes [`Reader::value`], which reads the
    /// same bytes the same way and reports any error. `open` is `<value><tag>` and `close`
    /// is `</tag></value>`.
    #[cfg(not(target_os = "none"))]
    #[inline(always)]
    pub(crate) fn plain_scalar<T>(
        &mut self,
        open: &[u8],
        close: &[u8],
        parse: impl FnOnce(&'de str) -> Option<T>,
    ) -> Option<T> {
        let mut r = *self;
        r.skip_misc().ok()?;
        if !r.rest().starts_with(open) {
            return None;
        }
        let start = r.pos + open.len();
        let end = find_special(r.bytes, start);
        if end - start > r.opts.max_text_len || !r.bytes.get(end..)?.starts_with(close) {
            return None;
        }
        let value = parse(r.str_range(start, end).ok()?)?;
        self.pos = end + close.len();
        Some(value)
    }

    /// `<value>` content other than the usual spellings: untyped text, whitespace or
    /// comments around the type element, other letter cases, attributes.
    #[inline(never)]
    fn value_content(
        &mut self,
        vstart: usize,
        value_open: Open,
        depth: u32,
    ) -> Result<Head<'de>, Error> {
        let text = self.text()?;
        if self.rest().starts_with(b"</") {
            // Untyped: the text is the string.
            self.close_named(&value_open)?;
            return Ok(Head::Scalar(Scalar::Str(text)));
        }
        if !text.is_whitespace() {
            return Err(Error::new(ErrorKind::UnexpectedText, vstart));
        }
        let tag_at = self.pos;
        let open = self.open_tag()?;
        let ty = Type::from_name(self.name(&open))
            .ok_or(Error::new(ErrorKind::UnexpectedElement, tag_at))?;
        let head = self.typed(ty, open, value_open, depth)?;
        if let Head::Scalar(_) = head {
            self.value_end(&value_open)?;
        }
        Ok(head)
    }

    /// After a type element: misc, then `</value>` (another element: two types).
    pub(crate) fn value_end(&mut self, value_open: &Open) -> Result<(), Error> {
        self.skip_misc()?;
        if self.rest().starts_with(b"</value>") && self.name(value_open) == b"value" {
            self.pos += 8;
            return Ok(());
        }
        if self.rest().first() == Some(&b'<') && self.byte(self.pos + 1).is_some_and(is_name_start)
        {
            return Err(self.err(ErrorKind::TwoTypesInValue));
        }
        self.close_here(value_open)
    }

    /// The content of a type element `open` of type `ty`.
    #[inline]
    fn typed(&mut self, ty: Type, open: Open, value: Open, depth: u32) -> Result<Head<'de>, Error> {
        let at = self.pos;
        Ok(Head::Scalar(match ty {
            Type::String => Scalar::Str(self.leaf_text(&open)?),
            Type::Int => {
                let t = self.leaf_text(&open)?;
                let v = self.with_short(t, at, ErrorKind::InvalidInteger, |s| {
                    scalar::parse_int(s, i32::MIN.into(), i32::MAX.into())
                })?;
                Scalar::Int(v as i32)
            }
            Type::I8 => {
                let t = self.leaf_text(&open)?;
                Scalar::I8(self.with_short(t, at, ErrorKind::InvalidInteger, |s| {
                    scalar::parse_int(s, i64::MIN, i64::MAX)
                })?)
            }
            Type::Boolean => {
                let t = self.leaf_text(&open)?;
                Scalar::Bool(self.with_short(
                    t,
                    at,
                    ErrorKind::InvalidBoolean,
                    scalar::parse_bool,
                )?)
            }
            Type::Double => {
                let t = self.leaf_text(&open)?;
                #[cfg(feature = "no-float")]
                {
                    self.with_short(t, at, ErrorKind::InvalidDouble, scalar::check_double)?;
                    Scalar::Double(t)
                }
                #[cfg(not(feature = "no-float"))]
                Scalar::Double(self.with_short(
                    t,
                    at,
                    ErrorKind::InvalidDouble,
                    scalar::parse_double,
                )?)
            }
            Type::DateTime => {
                let t = self.leaf_text(&open)?;
                let dt = self.with_short(t, at, ErrorKind::InvalidDateTime, |s| {
                    DateTime::parse(s).map_err(|_| ErrorKind::InvalidDateTime)
                })?;
                let trimmed = match t {
                    Text::Plain(s) => Text::Plain(trim_xml_space(s)),
                    other => other,
                };
                Scalar::DateTime(dt, trimmed)
            }
            Type::Base64 => Scalar::Base64(self.base64_content(&open)?),
            Type::Nil => {
                let t = self.leaf_text(&open)?;
                if !t.is_whitespace() {
                    return Err(Error::new(ErrorKind::UnexpectedText, at));
                }
                Scalar::Nil
            }
            Type::Struct => {
                if depth > self.opts.max_depth {
                    return Err(Error::new(ErrorKind::DepthLimit, open.name_start - 1));
                }
                return Ok(Head::Struct(Container {
                    value,
                    outer: open,
                    data: None,
                }));
            }
            Type::Array => {
                if depth > self.opts.max_depth {
                    return Err(Error::new(ErrorKind::DepthLimit, open.name_start - 1));
                }
                if open.empty {
                    return Ok(Head::Array(Container {
                        value,
                        outer: open,
                        data: None,
                    }));
                }
                let data = self.open_named(b"data")?;
                return Ok(Head::Array(Container {
                    value,
                    outer: open,
                    data: Some(data),
                }));
            }
        }))
    }

    fn base64_content(&mut self, open: &Open) -> Result<B64<'de>, Error> {
        if open.empty {
            return Ok(B64::Decoded(&[]));
        }
        let at = self.pos;
        if self.framed {
            let mut at = at;
            while self.byte(at) == Some(0) {
                at += 1;
            }
            match self.byte(at) {
                Some(FRAME_B64_3) => {
                    let data = self
                        .bytes
                        .get(at + 1..at + 4)
                        .ok_or(self.err(ErrorKind::UnexpectedEof))?;
                    self.pos = at + 4;
                    self.close_here(open)?;
                    return Ok(B64::Decoded(data));
                }
                Some(FRAME_B64) => {
                    let (len, n) = read_varint(self.bytes.get(at + 1..).unwrap_or(&[]))
                        .ok_or(self.err(ErrorKind::Syntax))?;
                    let start = at + 1 + n;
                    let data = self
                        .bytes
                        .get(start..start + len)
                        .ok_or(self.err(ErrorKind::UnexpectedEof))?;
                    self.pos = start + len;
                    self.close_here(open)?;
                    return Ok(B64::Decoded(data));
                }
                _ => {}
            }
        }
        let t = self.text()?;
        self.close_here(open)?;
        let len = match t {
            Text::Plain(s) => base64::validate(s.as_bytes()),
            Text::Escaped(_) => {
                base64::validate_iter(t.chars().map(|c| if c.is_ascii() { c as u8 } else { 0xFF }))
            }
        }
        .map_err(|k| Error::new(k, at))?;
        Ok(B64::Raw(t, len))
    }

    // ----- containers ----------------------------------------------------------------------

    /// In a struct: the next member's name (`<member>` and `<name>` read), or `None` after
    /// `</struct>` and `</value>`.
    #[cfg_attr(not(target_os = "none"), inline)]
    pub(crate) fn member_name(&mut self, c: &Container) -> Result<Option<Text<'de>>, Error> {
        let open = &c.outer;
        if open.empty {
            self.value_end(&c.value)?;
            return Ok(None);
        }
        self.skip_misc()?;
        let rest = self.rest();
        if rest.starts_with(b"<member>\n<name>") {
            self.pos += 15;
        } else if rest.starts_with(b"<member><name>") {
            self.pos += 14;
        } else if rest.starts_with(b"</") {
            self.close_named(open)?;
            self.value_end(&c.value)?;
            return Ok(None);
        } else {
            let m = self.open_named_here(b"member")?;
            if m.empty {
                return Err(Error::new(ErrorKind::UnexpectedElement, m.name_start - 1));
            }
            let n = self.open_named(b"name")?;
            return self.leaf_text(&n).map(Some);
        }
        let at = self.pos;
        let t = self.text()?;
        if self.rest().starts_with(b"</name>") {
            self.pos += 7;
        } else {
            self.close_here(&Open {
                name_start: at - 5,
                name_end: at - 1,
                empty: false,
            })?;
        }
        Ok(Some(t))
    }

    /// After a member's value: misc and `</member>`.
    #[cfg_attr(not(target_os = "none"), inline)]
    pub(crate) fn member_end(&mut self) -> Result<(), Error> {
        self.skip_misc()?;
        if self.rest().starts_with(b"</member>") {
            self.pos += 9;
            return Ok(());
        }
        let rest = self.rest();
        if rest.starts_with(b"</member") {
            let mut i = self.pos + 8;
            while self.byte(i).is_some_and(is_xml_space) {
                i += 1;
            }
            if self.byte(i) == Some(b'>') {
                self.pos = i + 1;
                return Ok(());
            }
        }
        if rest.first() == Some(&b'<') && rest.get(1) != Some(&b'/') {
            return Err(self.err(ErrorKind::UnexpectedElement));
        }
        Err(self.eof_or(if rest.starts_with(b"</") {
            ErrorKind::MismatchedTag
        } else {
            ErrorKind::UnexpectedText
        }))
    }

    /// In an array: `true` when another `<value>` follows; `false` after `</data>`,
    /// `</array>` and `</value>`.
    #[cfg_attr(not(target_os = "none"), inline)]
    pub(crate) fn array_next(&mut self, c: &Container) -> Result<bool, Error> {
        if c.outer.empty {
            self.value_end(&c.value)?;
            return Ok(false);
        }
        self.skip_misc()?;
        match c.data {
            Some(data) if !data.empty => {
                let rest = self.rest();
                if rest.first() == Some(&b'<') && rest.get(1).is_some_and(|&b| is_name_start(b)) {
                    return Ok(true);
                }
                self.close_here(&data)?;
            }
            _ => {}
        }
        self.close(&c.outer)?;
        self.value_end(&c.value)?;
        Ok(false)
    }

    /// Whether the next value (after misc) is `nil`, without consuming anything.
    pub(crate) fn peek_is_nil(&self) -> bool {
        let mut r = *self;
        if r.skip_misc().is_err() {
            return false;
        }
        let rest = r.rest();
        if let Some(after) = rest.strip_prefix(b"<value>") {
            if after.starts_with(b"<nil/>") {
                return true;
            }
            if fast_type(after).is_some() || after.starts_with(b"<string>") {
                return false;
            }
        }
        match r.open_named_here(b"value") {
            Ok(open) if !open.empty => {}
            _ => return false,
        }
        match r.open_or_close() {
            Ok(Some(open)) => Type::from_name(r.name(&open)) == Some(Type::Nil),
            _ => false,
        }
    }

    /// Skips (and fully checks) one `<value>` at `depth`.
    pub(crate) fn skip_value(&mut self, depth: u32) -> Result<(), Error> {
        match self.value(depth)? {
            Head::Scalar(_) => Ok(()),
            Head::Struct(c) => {
                while self.member_name(&c)?.is_some() {
                    self.skip_value(depth + 1)?;
                    self.member_end()?;
                }
                Ok(())
            }
            Head::Array(c) => {
                while self.array_next(&c)? {
                    self.skip_value(depth + 1)?;
                }
                Ok(())
            }
        }
    }
}

/// The type element starting `rest`, when written exactly `<name>` in lower case (the
/// usual spelling): its type and the tag's length.
#[inline]
fn fast_type(rest: &[u8]) -> Option<(Type, usize)> {
    let t = |tag: &'static [u8], ty: Type| rest.starts_with(tag).then_some((ty, tag.len()));
    match rest.get(1)? {
        b'i' => t(b"<int>", Type::Int)
            .or_else(|| t(b"<i4>", Type::Int))
            .or_else(|| t(b"<i8>", Type::I8)),
        b'b' => t(b"<boolean>", Type::Boolean).or_else(|| t(b"<base64>", Type::Base64)),
        b'd' => t(b"<dateTime.iso8601>", Type::DateTime).or_else(|| t(b"<double>", Type::Double)),
        b's' => t(b"<struct>", Type::Struct).or_else(|| t(b"<string>", Type::String)),
        b'a' => t(b"<array>", Type::Array),
        _ => None,
    }
}

/// LEB128 length as written by the pre-pass; `(value, bytes used)`.
pub(crate) fn read_varint(b: &[u8]) -> Option<(usize, usize)> {
    let mut v = 0usize;
    for (i, &byte) in b.iter().enumerate().take(5) {
        v |= usize::from(byte & 0x7F) << (7 * i);
        if byte & 0x80 == 0 {
            return Some((v, i + 1));
        }
    }
    None
}

/// Writes a LEB128 length; returns the bytes used (at most 5), `None` if `out` is short.
pub(crate) fn write_varint(mut v: usize, out: &mut [u8]) -> Option<usize> {
    let mut i = 0;
    loop {
        let byte = (v & 0x7F) as u8;
        v >>= 7;
        let slot = out.get_mut(i)?;
        i += 1;
        if v == 0 {
            *slot = byte;
            return Some(i);
        }
        *slot = byte | 0x80;
    }
}

/// Encoded length of a LEB128 value.
pub(crate) fn varint_len(mut v: usize) -> usize {
    let mut n = 1;
    while v >= 0x80 {
        v >>= 7;
        n += 1;
    }
    n
}

/// `s` without leading and trailing XML whitespace (ASCII bytes, so the cuts are on
/// character boundaries).
fn trim_xml_space(s: &str) -> &str {
    let b = s.as_bytes();
    let start = b.iter().position(|&c| !is_xml_space(c)).unwrap_or(b.len());
    let end = b
        .iter()
        .rposition(|&c| !is_xml_space(c))
        .map_or(start, |e| e + 1);
    s.get(start..end).unwrap_or("")
}

/// How many bytes of `b[i..end]` from `i` on satisfy `pred` (declaration parsing; out of
/// line, one copy).
#[inline(never)]
fn count_while(b: &[u8], i: usize, end: usize, pred: fn(u8) -> bool) -> usize {
    b.get(i..end)
        .map_or(0, |s| s.iter().take_while(|&&c| pred(c)).count())
}
