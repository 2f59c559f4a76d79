//! Raw JSON kept as text: [`RawObject`] (the ConfBundle's
//! `advanced_parameters`), whose members can be inspected without
//! allocating, and [`RawStr`], escaped string content.

use core::fmt;

use super::escape::{escaped_eq, Unescape};
use super::reader::{Reader, ValueKind};
use super::syntax::{SyntaxError, SyntaxKind};

/// Escaped JSON string content (without quotes), compared and displayed
/// unescaped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawStr<'a>(pub &'a str);

impl<'a> RawStr<'a> {
    /// The escaped text as it appears in the document.
    pub fn raw(&self) -> &'a str {
        self.0
    }

    /// The unescaped characters.
    pub fn chars(&self) -> Unescape<'a> {
        Unescape::new(self.0)
    }

    /// Whether the unescaped text equals `plain`.
    pub fn eq_str(&self, plain: &str) -> bool {
        escaped_eq(self.0, plain)
    }

    /// Unescaped length in characters.
    pub fn char_count(&self) -> usize {
        self.chars().count()
    }
}

impl fmt::Display for RawStr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write;
        self.chars().try_for_each(|c| f.write_char(c))
    }
}

/// A JSON object kept as its (validated) text.
///
/// ```
/// use baton_rest::RawObject;
///
/// let o = RawObject::parse(r#"{"waitForChair": true, "pin": "12\u0033", "pin": "999", "n": {"a": [1]}}"#).unwrap();
/// assert_eq!(o.len(), 4); // duplicates counted
/// assert!(o.contains_key("waitForChair"));
/// assert_eq!(o.get("pin"), Some(r#""999""#)); // the value's JSON text; the last one wins
/// assert_eq!(o.get("n"), Some(r#"{"a": [1]}"#));
/// let keys: Vec<String> = o.keys().map(|k| k.to_string()).collect();
/// assert_eq!(keys, ["waitForChair", "pin", "pin", "n"]);
/// assert!(RawObject::parse("[1, 2]").is_err()); // not an object
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawObject<'a> {
    text: &'a str,
}

impl<'a> RawObject<'a> {
    /// Checks that `text` is exactly one JSON object (whitespace around it
    /// allowed) and keeps it.
    pub fn parse(text: &'a str) -> Result<Self, SyntaxError> {
        let mut r = Reader::with_scratch(text.as_bytes(), &mut []);
        if r.peek_kind()? != ValueKind::Object {
            return Err(r.error(SyntaxKind::ExpectingValue));
        }
        let text = r.skip_value()?;
        r.finish()?;
        Ok(RawObject { text })
    }

    /// Wraps text the reader has already validated as an object.
    pub(crate) fn from_validated(text: &'a str) -> Self {
        RawObject { text }
    }

    /// The object's JSON text.
    pub fn as_str(&self) -> &'a str {
        self.text
    }

    /// The members: escaped name and the value's JSON text, in document
    /// order (duplicates included).
    pub fn entries(&self) -> Entries<'a> {
        let mut reader = Reader::with_scratch(self.text.as_bytes(), &mut []);
        let ok = reader.begin_object().is_ok();
        Entries {
            reader,
            first: true,
            done: !ok,
        }
    }

    /// The member names (escaped), in document order.
    pub fn keys(&self) -> impl Iterator<Item = RawStr<'a>> {
        self.entries().map(|(k, _)| k)
    }

    /// Whether a member named `name` exists.
    pub fn contains_key(&self, name: &str) -> bool {
        self.keys().any(|k| k.eq_str(name))
    }

    /// The JSON text of the last member named `name` (as Python's `json`
    /// keeps the last of duplicates).
    pub fn get(&self, name: &str) -> Option<&'a str> {
        self.entries()
            .filter(|(k, _)| k.eq_str(name))
            .last()
            .map(|(_, v)| v)
    }

    /// The number of members.
    pub fn len(&self) -> usize {
        self.entries().count()
    }

    /// Whether the object has no members.
    pub fn is_empty(&self) -> bool {
        self.entries().next().is_none()
    }
}

impl fmt::Display for RawObject<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.text)
    }
}

/// A JSON array kept as its (validated) text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawArray<'a> {
    text: &'a str,
}

impl<'a> RawArray<'a> {
    /// Checks that `text` is exactly one JSON array and keeps it.
    pub fn parse(text: &'a str) -> Result<Self, SyntaxError> {
        let mut r = Reader::with_scratch(text.as_bytes(), &mut []);
        if r.peek_kind()? != ValueKind::Array {
            return Err(r.error(SyntaxKind::ExpectingValue));
        }
        let text = r.skip_value()?;
        r.finish()?;
        Ok(RawArray { text })
    }

    /// Wraps text the reader has already validated as an array.
    pub(crate) fn from_validated(text: &'a str) -> Self {
        RawArray { text }
    }

    /// The array's JSON text.
    pub fn as_str(&self) -> &'a str {
        self.text
    }

    /// The elements' JSON texts, in order.
    pub fn elements(&self) -> Elements<'a> {
        let mut reader = Reader::with_scratch(self.text.as_bytes(), &mut []);
        let ok = reader.begin_array().is_ok();
        Elements {
            reader,
            first: true,
            done: !ok,
        }
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        self.elements().count()
    }

    /// Whether the array is empty.
    pub fn is_empty(&self) -> bool {
        self.elements().next().is_none()
    }
}

/// Iterator over a [`RawArray`]'s elements (their JSON texts).
pub struct Elements<'a> {
    reader: Reader<'a>,
    first: bool,
    done: bool,
}

impl<'a> Iterator for Elements<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.done {
            return None;
        }
        let step = self.reader.next_element(&mut self.first).and_then(|more| {
            if more {
                self.reader.skip_value().map(Some)
            } else {
                Ok(None)
            }
        });
        match step {
            Ok(Some(v)) => Some(v),
            _ => {
                self.done = true;
                None
            }
        }
    }
}

/// Iterator over a [`RawObject`]'s members.
pub struct Entries<'a> {
    reader: Reader<'a>,
    first: bool,
    done: bool,
}

impl<'a> Iterator for Entries<'a> {
    type Item = (RawStr<'a>, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let step = self
            .reader
            .next_key_raw(&mut self.first)
            .and_then(|k| match k {
                Some(k) => self.reader.skip_value().map(|v| Some((RawStr(k), v))),
                None => Ok(None),
            });
        match step {
            Ok(Some(item)) => Some(item),
            _ => {
                self.done = true;
                None
            }
        }
    }
}

/// Displays a (valid) JSON value the way Python 2 `repr` shows the
/// decoded value: `{u'conference_type': u'meeting', u'x': [1, True, None]}`.
/// The Conductor's "Unrecognized keys" message uses this form.
#[derive(Clone, Copy, Debug)]
pub struct PyRepr<'a>(pub &'a str);

fn write_py_str(f: &mut fmt::Formatter<'_>, raw: &str) -> fmt::Result {
    use fmt::Write;
    f.write_str("u'")?;
    for c in Unescape::new(raw) {
        match c {
            '\'' => f.write_str("\\'")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\r' => f.write_str("\\r")?,
            '\t' => f.write_str("\\t")?,
            c if (c as u32) < 0x20 || c as u32 == 0x7f => write!(f, "\\x{:02x}", c as u32)?,
            c if (c as u32) < 0x80 => f.write_char(c)?,
            c if (c as u32) <= 0xffff => write!(f, "\\u{:04x}", c as u32)?,
            c => write!(f, "\\U{:08x}", c as u32)?,
        }
    }
    f.write_str("'")
}

impl fmt::Display for PyRepr<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut r = Reader::with_scratch(self.0.as_bytes(), &mut []);
        let mut stack: u128 = 0;
        let mut depth = 0u32;
        'value: loop {
            let Ok(kind) = r.peek_kind() else {
                return Ok(());
            };
            match kind {
                ValueKind::Object | ValueKind::Array => {
                    let is_object = kind == ValueKind::Object;
                    let opened = if is_object {
                        r.begin_object()
                    } else {
                        r.begin_array()
                    };
                    if opened.is_err() || depth >= 127 {
                        return Ok(());
                    }
                    f.write_str(if is_object { "{" } else { "[" })?;
                    stack = (stack << 1) | u128::from(is_object);
                    depth += 1;
                    let mut first = true;
                    if is_object {
                        if let Ok(Some(k)) = r.next_key_raw(&mut first) {
                            write_py_str(f, k)?;
                            f.write_str(": ")?;
                            continue 'value;
                        }
                        f.write_str("}")?;
                    } else {
                        if let Ok(true) = r.next_element(&mut first) {
                            continue 'value;
                        }
                        f.write_str("]")?;
                    }
                    stack >>= 1;
                    depth -= 1;
                }
                ValueKind::String => match r.string_raw() {
                    Ok(s) => write_py_str(f, s)?,
                    Err(_) => return Ok(()),
                },
                ValueKind::Number => match r.number() {
                    Ok(n) => f.write_str(n)?,
                    Err(_) => return Ok(()),
                },
                ValueKind::Bool => match r.boolean() {
                    Ok(true) => f.write_str("True")?,
                    Ok(false) => f.write_str("False")?,
                    Err(_) => return Ok(()),
                },
                ValueKind::Null => {
                    if r.null().is_err() {
                        return Ok(());
                    }
                    f.write_str("None")?
                }
            }
            while depth > 0 {
                let mut first = false;
                if stack & 1 == 1 {
                    match r.next_key_raw(&mut first) {
                        Ok(Some(k)) => {
                            f.write_str(", ")?;
                            write_py_str(f, k)?;
                            f.write_str(": ")?;
                            continue 'value;
                        }
                        Ok(None) => f.write_str("}")?,
                        Err(_) => return Ok(()),
                    }
                } else {
                    match r.next_element(&mut first) {
                        Ok(true) => {
                            f.write_str(", ")?;
                            continue 'value;
                        }
                        Ok(false) => f.write_str("]")?,
                        Err(_) => return Ok(()),
                    }
                }
                stack >>= 1;
                depth -= 1;
            }
            return Ok(());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate std;
    use std::format;

    #[test]
    fn raw_object_keys_can_be_inspected() {
        let o = RawObject::parse(r#" {"pin": "1234", "gu\u0065stPin": 5, "nested": {"pin": 1}} "#)
            .unwrap();
        assert!(o.contains_key("pin"));
        assert!(o.contains_key("guestPin"));
        assert!(!o.contains_key("numericId"));
        assert_eq!(o.get("nested"), Some(r#"{"pin": 1}"#));
        assert_eq!(o.len(), 3);
        assert!(RawObject::parse("{}").unwrap().is_empty());
        assert!(RawObject::parse("[1]").is_err());
        assert!(RawObject::parse("{} x").is_err());
    }

    #[test]
    fn py_repr_matches_python_2() {
        let s = format!(
            "{}",
            PyRepr(
                r#"{"dial_out_participants": [], "conference_type": "meeting", "n": [1, -2.5e3, true, false, null], "q": "it's \u00e9"}"#
            )
        );
        assert_eq!(
            s,
            r"{u'dial_out_participants': [], u'conference_type': u'meeting', u'n': [1, -2.5e3, True, False, None], u'q': u'it\'s \u00e9'}"
        );
    }
}
