//! A pull reader for JSON text: no allocation, no recursion, strings
//! borrowed from the input (unescaped in place, or into a caller buffer),
//! every error positioned (line, column, character) like the Conductor's.

use super::escape::{decode_escape, unescape_in_place, unescape_into};
use super::syntax::{SyntaxError, SyntaxKind};

/// The deepest nesting of arrays and objects the reader accepts.
pub const MAX_DEPTH: usize = 128;

/// The kind of the next JSON value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum ValueKind {
    /// `{`
    Object,
    /// `[`
    Array,
    /// `"`
    String,
    /// `-` or a digit
    Number,
    /// `true` or `false`
    Bool,
    /// `null`
    Null,
}

enum Text<'de> {
    /// The rest of a mutable input (its first byte is at `base`).
    InPlace(&'de mut [u8]),
    /// An immutable input and the buffer escaped strings are unescaped into.
    Scratch {
        input: &'de [u8],
        scratch: &'de mut [u8],
    },
}

/// The position of a string's content in the input, as scanned.
#[derive(Clone, Copy)]
struct StrSpan {
    start: usize,
    end: usize,
    escaped: bool,
}

/// A JSON pull reader.
///
/// ```
/// use baton_rest::json::{Reader, SyntaxKind, ValueKind};
///
/// let mut buf = *br#"{"name": "caf\u00e9", "ports": [80, 443], "tls": true}"#;
/// let mut r = Reader::in_place(&mut buf);
/// r.begin_object().unwrap();
/// let (mut first, mut ports) = (true, Vec::new());
/// while let Some(key) = r.next_key(&mut first).unwrap() {
///     match key {
///         "name" => assert_eq!(r.string().unwrap(), "café"), // unescaped in place
///         "ports" => {
///             assert_eq!(r.peek_kind().unwrap(), ValueKind::Array);
///             r.begin_array().unwrap();
///             let mut first = true;
///             while r.next_element(&mut first).unwrap() {
///                 ports.push(r.number().unwrap().parse::<u16>().unwrap());
///             }
///         }
///         _ => assert!(r.boolean().unwrap()),
///     }
/// }
/// r.finish().unwrap();
/// assert_eq!(ports, [80, 443]);
///
/// // Errors carry Python's position triple (line, column, char).
/// let mut bad = *b"{\n  1}";
/// let mut r = Reader::in_place(&mut bad);
/// r.begin_object().unwrap();
/// let e = r.next_key(&mut true).unwrap_err();
/// assert_eq!((e.kind, e.line, e.column, e.char_index), (SyntaxKind::ExpectingPropertyName, 2, 3, 4));
/// ```
pub struct Reader<'de> {
    text: Text<'de>,
    base: usize,
    len: usize,
    pos: usize,
    line: u32,
    line_start_char: usize,
    /// UTF-8 continuation bytes before `pos` (to count characters).
    cont: usize,
    /// Whether a value has been seen (else "No JSON object").
    started: bool,
}

impl<'de> Reader<'de> {
    /// Reads `buf`, unescaping strings in place (so they can borrow it).
    pub fn in_place(buf: &'de mut [u8]) -> Self {
        let len = buf.len();
        Self::with_text(Text::InPlace(buf), len)
    }

    /// Reads `input`; strings without escapes borrow it, escaped ones are
    /// unescaped into `scratch` (error [`SyntaxKind::ScratchFull`] when it
    /// is too small).
    pub fn with_scratch(input: &'de [u8], scratch: &'de mut [u8]) -> Self {
        Self::with_text(Text::Scratch { input, scratch }, input.len())
    }

    fn with_text(text: Text<'de>, len: usize) -> Self {
        Reader {
            text,
            base: 0,
            len,
            pos: 0,
            line: 1,
            line_start_char: 0,
            cont: 0,
            started: false,
        }
    }

    /// Byte offset of the next unread byte.
    pub fn offset(&self) -> usize {
        self.pos
    }

    fn at(&self, abs: usize) -> Option<u8> {
        match &self.text {
            Text::InPlace(rest) => rest.get(abs.checked_sub(self.base)?).copied(),
            Text::Scratch { input, .. } => input.get(abs).copied(),
        }
    }

    /// An error at `abs`, given the continuation bytes before it.
    fn error_at(&self, kind: SyntaxKind, abs: usize, cont: usize) -> SyntaxError {
        let char_index = abs.saturating_sub(cont);
        SyntaxError {
            kind,
            offset: abs,
            line: self.line,
            column: char_index.saturating_sub(self.line_start_char) + 1,
            char_index,
        }
    }

    /// An error at the current position.
    pub fn error(&self, kind: SyntaxKind) -> SyntaxError {
        self.error_at(kind, self.pos, self.cont)
    }

    fn skip_ws(&mut self) {
        while let Some(b) = self.at(self.pos) {
            match b {
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'\n' => {
                    self.pos += 1;
                    self.line = self.line.saturating_add(1);
                    self.line_start_char = self.pos - self.cont;
                }
                _ => break,
            }
        }
    }

    /// Borrows the input bytes `[start, end)` for `'de`. In place, the
    /// buffer up to `end` is split off: nothing before `end` is read again.
    fn borrow(&mut self, start: usize, end: usize) -> &'de mut [u8] {
        match &mut self.text {
            Text::InPlace(rest) => {
                let rest = core::mem::take(rest);
                let cut = end.saturating_sub(self.base).min(rest.len());
                let (head, tail) = rest.split_at_mut(cut);
                self.text = Text::InPlace(tail);
                let from = start.saturating_sub(self.base).min(head.len());
                self.base += cut;
                head.get_mut(from..).unwrap_or_default()
            }
            Text::Scratch { .. } => &mut [],
        }
    }

    fn borrow_str(&mut self, start: usize, end: usize) -> Result<&'de str, SyntaxError> {
        let bytes: &'de [u8] = match &self.text {
            Text::Scratch { input, .. } => {
                let input: &'de [u8] = input;
                input.get(start..end).unwrap_or_default()
            }
            Text::InPlace(_) => self.borrow(start, end),
        };
        core::str::from_utf8(bytes).map_err(|_| self.error_at(SyntaxKind::InvalidUtf8, start, 0))
    }

    /// The kind of the next value (after whitespace), without consuming it.
    pub fn peek_kind(&mut self) -> Result<ValueKind, SyntaxError> {
        self.skip_ws();
        match self.at(self.pos) {
            Some(b'{') => Ok(ValueKind::Object),
            Some(b'[') => Ok(ValueKind::Array),
            Some(b'"') => Ok(ValueKind::String),
            Some(b'-' | b'0'..=b'9') => Ok(ValueKind::Number),
            Some(b't' | b'f') => Ok(ValueKind::Bool),
            Some(b'n') => Ok(ValueKind::Null),
            None if !self.started => Err(self.error(SyntaxKind::NoJsonObject)),
            _ => Err(self.error(SyntaxKind::ExpectingValue)),
        }
        .inspect(|_| self.started = true)
    }

    /// Consumes `{` (the next value must be an object).
    pub fn begin_object(&mut self) -> Result<(), SyntaxError> {
        self.expect_open(b'{')
    }

    /// Consumes `[` (the next value must be an array).
    pub fn begin_array(&mut self) -> Result<(), SyntaxError> {
        self.expect_open(b'[')
    }

    fn expect_open(&mut self, open: u8) -> Result<(), SyntaxError> {
        self.skip_ws();
        if self.at(self.pos) == Some(open) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(SyntaxKind::ExpectingValue))
        }
    }

    /// Moves to the next member of the object being read: `Ok(true)` when
    /// a member name and `:` were consumed (its content span is returned by
    /// the caller-facing wrappers), `Ok(false)` at `}`.
    fn member(&mut self, first: &mut bool) -> Result<Option<StrSpan>, SyntaxError> {
        self.skip_ws();
        let b = self.at(self.pos);
        if *first {
            *first = false;
            if b == Some(b'}') {
                self.pos += 1;
                return Ok(None);
            }
        } else {
            match b {
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(None);
                }
                Some(b',') => {
                    self.pos += 1;
                    self.skip_ws();
                }
                _ => return Err(self.error(SyntaxKind::ExpectingComma)),
            }
        }
        if self.at(self.pos) != Some(b'"') {
            return Err(self.error(SyntaxKind::ExpectingPropertyName));
        }
        let span = self.scan_string()?;
        self.skip_ws();
        if self.at(self.pos) != Some(b':') {
            return Err(self.error(SyntaxKind::ExpectingColon));
        }
        self.pos += 1;
        Ok(Some(span))
    }

    /// The next member name of the object being read (unescaped), or
    /// `None` at its end. Start with `first = true` after
    /// [`begin_object`](Self::begin_object).
    pub fn next_key(&mut self, first: &mut bool) -> Result<Option<&'de str>, SyntaxError> {
        match self.member(first)? {
            Some(span) => self.produce_str(span).map(Some),
            None => Ok(None),
        }
    }

    /// The next member name, still escaped (JSON string content).
    pub fn next_key_raw(&mut self, first: &mut bool) -> Result<Option<&'de str>, SyntaxError> {
        match self.member(first)? {
            Some(span) => self.borrow_str(span.start, span.end).map(Some),
            None => Ok(None),
        }
    }

    /// Moves to the next element of the array being read: `true` when a
    /// value follows, `false` at `]`. Start with `first = true` after
    /// [`begin_array`](Self::begin_array).
    pub fn next_element(&mut self, first: &mut bool) -> Result<bool, SyntaxError> {
        self.skip_ws();
        let b = self.at(self.pos);
        if *first {
            *first = false;
            if b == Some(b']') {
                self.pos += 1;
                return Ok(false);
            }
            return Ok(true);
        }
        match b {
            Some(b']') => {
                self.pos += 1;
                Ok(false)
            }
            Some(b',') => {
                self.pos += 1;
                Ok(true)
            }
            _ => Err(self.error(SyntaxKind::ExpectingComma)),
        }
    }

    /// Scans the string starting at the `"` at `pos`; leaves `pos` after
    /// its closing quote.
    fn scan_string(&mut self) -> Result<StrSpan, SyntaxError> {
        let quote = self.pos;
        let cont_at_quote = self.cont;
        let start = quote + 1;
        let mut i = start;
        let mut escaped = false;
        loop {
            let Some(b) = self.at(i) else {
                return Err(self.error_at(SyntaxKind::UnterminatedString, quote, cont_at_quote));
            };
            match b {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    let mut window = [0u8; 12];
                    for (k, slot) in window.iter_mut().enumerate() {
                        *slot = self.at(i + k).unwrap_or(0);
                    }
                    match decode_escape(&window, 0) {
                        Some((_, used)) => i += used,
                        None => {
                            let kind = if window[1] == b'u' {
                                SyntaxKind::InvalidUnicodeEscape
                            } else if window[1] == 0 && self.at(i + 1).is_none() {
                                return Err(self.error_at(
                                    SyntaxKind::UnterminatedString,
                                    quote,
                                    cont_at_quote,
                                ));
                            } else {
                                SyntaxKind::InvalidEscape
                            };
                            return Err(self.error_at(kind, i, self.cont));
                        }
                    }
                }
                0..=0x1f => {
                    return Err(self.error_at(SyntaxKind::InvalidControlCharacter, i, self.cont))
                }
                _ => {
                    if b & 0xC0 == 0x80 {
                        self.cont += 1;
                    }
                    i += 1;
                }
            }
        }
        self.pos = i + 1;
        Ok(StrSpan {
            start,
            end: i,
            escaped,
        })
    }

    fn produce_str(&mut self, span: StrSpan) -> Result<&'de str, SyntaxError> {
        if !span.escaped {
            return self.borrow_str(span.start, span.end);
        }
        let bad_utf8 = self.error_at(SyntaxKind::InvalidUtf8, span.start, 0);
        let out: &'de [u8] = match &mut self.text {
            Text::InPlace(_) => {
                let buf = self.borrow(span.start, span.end);
                let n = unescape_in_place(buf);
                let buf: &'de [u8] = buf;
                buf.get(..n).unwrap_or_default()
            }
            Text::Scratch { input, scratch } => {
                let src = input.get(span.start..span.end).unwrap_or_default();
                let Some(n) = unescape_into(src, scratch) else {
                    return Err(self.error_at(SyntaxKind::ScratchFull, span.start, 0));
                };
                let buf = core::mem::take(scratch);
                let (head, tail) = buf.split_at_mut(n.min(buf.len()));
                *scratch = tail;
                let head: &'de [u8] = head;
                head
            }
        };
        core::str::from_utf8(out).map_err(|_| bad_utf8)
    }

    /// Reads a string value, still escaped (JSON string content).
    pub fn string_raw(&mut self) -> Result<&'de str, SyntaxError> {
        self.skip_ws();
        if self.at(self.pos) != Some(b'"') {
            return Err(self.error(SyntaxKind::ExpectingValue));
        }
        let span = self.scan_string()?;
        self.borrow_str(span.start, span.end)
    }

    /// Reads a string value (unescaped).
    pub fn string(&mut self) -> Result<&'de str, SyntaxError> {
        self.skip_ws();
        if self.at(self.pos) != Some(b'"') {
            return Err(self.error(SyntaxKind::ExpectingValue));
        }
        let span = self.scan_string()?;
        self.produce_str(span)
    }

    fn scan_digits(&mut self) -> usize {
        let from = self.pos;
        while let Some(b'0'..=b'9') = self.at(self.pos) {
            self.pos += 1;
        }
        self.pos - from
    }

    fn scan_number(&mut self) -> Result<(), SyntaxError> {
        let start = self.pos;
        if self.at(self.pos) == Some(b'-') {
            self.pos += 1;
        }
        match self.at(self.pos) {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.scan_digits();
            }
            _ => {
                self.pos = start;
                return Err(self.error(SyntaxKind::ExpectingValue));
            }
        }
        if self.at(self.pos) == Some(b'.') && matches!(self.at(self.pos + 1), Some(b'0'..=b'9')) {
            self.pos += 1;
            self.scan_digits();
        }
        if matches!(self.at(self.pos), Some(b'e' | b'E')) {
            let mark = self.pos;
            self.pos += 1;
            if matches!(self.at(self.pos), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.scan_digits() == 0 {
                // Python stops the number before a bare `e`.
                self.pos = mark;
            }
        }
        Ok(())
    }

    /// Reads a number; its JSON text.
    pub fn number(&mut self) -> Result<&'de str, SyntaxError> {
        self.skip_ws();
        let start = self.pos;
        self.scan_number()?;
        self.borrow_str(start, self.pos)
    }

    fn literal(&mut self) -> Result<Option<bool>, SyntaxError> {
        let (word, value): (&[u8], Option<bool>) = match self.at(self.pos) {
            Some(b't') => (b"true", Some(true)),
            Some(b'f') => (b"false", Some(false)),
            _ => (b"null", None),
        };
        for (k, &w) in word.iter().enumerate() {
            if self.at(self.pos + k) != Some(w) {
                return Err(self.error(SyntaxKind::ExpectingValue));
            }
        }
        self.pos += word.len();
        Ok(value)
    }

    /// Reads `true` or `false`.
    pub fn boolean(&mut self) -> Result<bool, SyntaxError> {
        self.skip_ws();
        match self.literal()? {
            Some(b) => Ok(b),
            None => Err(self.error(SyntaxKind::ExpectingValue)),
        }
    }

    /// Reads `null`.
    pub fn null(&mut self) -> Result<(), SyntaxError> {
        self.skip_ws();
        if self.at(self.pos) != Some(b'n') {
            return Err(self.error(SyntaxKind::ExpectingValue));
        }
        self.literal().map(|_| ())
    }

    /// Skips the next value (validating it fully, without unescaping);
    /// returns its JSON text.
    pub fn skip_value(&mut self) -> Result<&'de str, SyntaxError> {
        self.peek_kind()?;
        let start = self.pos;
        // One bit per open container: 1 = object, 0 = array.
        let mut stack: u128 = 0;
        let mut depth = 0usize;
        'value: loop {
            match self.peek_kind()? {
                ValueKind::Object | ValueKind::Array => {
                    let is_object = self.at(self.pos) == Some(b'{');
                    if depth >= MAX_DEPTH {
                        return Err(self.error(SyntaxKind::TooDeep));
                    }
                    self.pos += 1;
                    stack = (stack << 1) | u128::from(is_object);
                    depth += 1;
                    let mut first = true;
                    let more = if is_object {
                        self.member(&mut first)?.is_some()
                    } else {
                        self.next_element(&mut first)?
                    };
                    if more {
                        continue 'value;
                    }
                    stack >>= 1;
                    depth -= 1;
                }
                ValueKind::String => {
                    self.scan_string()?;
                }
                ValueKind::Number => self.scan_number()?,
                ValueKind::Bool | ValueKind::Null => {
                    self.literal()?;
                }
            }
            // A value is complete: close the containers it completes.
            while depth > 0 {
                let mut first = false;
                let more = if stack & 1 == 1 {
                    self.member(&mut first)?.is_some()
                } else {
                    self.next_element(&mut first)?
                };
                if more {
                    continue 'value;
                }
                stack >>= 1;
                depth -= 1;
            }
            break;
        }
        self.borrow_str(start, self.pos)
    }

    /// Checks that only whitespace follows the document's value.
    pub fn finish(&mut self) -> Result<(), SyntaxError> {
        self.skip_ws();
        if self.pos < self.len {
            return Err(self.error(SyntaxKind::ExtraData));
        }
        Ok(())
    }
}
