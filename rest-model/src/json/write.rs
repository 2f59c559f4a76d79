//! JSON output through `core::fmt::Write`: into a fixed buffer, counted,
//! or (feature `alloc`) into a `Vec`. Separators as Python's `json.dumps`
//! (`", "`, `": "`).

use core::fmt::{self, Write};

/// A value that writes itself as JSON.
///
/// ```
/// use baton_rest::json::{Encode, ObjectWriter};
/// use baton_rest::to_slice;
///
/// struct Site<'a> { name: &'a str, rooms: &'a [&'a str], floor: Option<i64> }
///
/// impl Encode for Site<'_> {
///     fn encode(&self, w: &mut dyn core::fmt::Write) -> core::fmt::Result {
///         let mut o = ObjectWriter::new(w)?;
///         o.field("name", self.name)?;
///         o.field("rooms", self.rooms)?;
///         o.opt("floor", &self.floor)?; // left out when None
///         o.end()
///     }
/// }
///
/// let mut buf = [0u8; 128];
/// let n = to_slice(&Site { name: "l\"ab", rooms: &["a", "b"], floor: None }, &mut buf).unwrap();
/// assert_eq!(&buf[..n], br#"{"name": "l\"ab", "rooms": ["a", "b"]}"#);
/// ```
pub trait Encode {
    /// Writes the JSON text of `self`.
    fn encode(&self, w: &mut dyn Write) -> fmt::Result;
}

fn write_escaped_char(w: &mut dyn Write, c: char) -> fmt::Result {
    match c {
        '"' => w.write_str("\\\""),
        '\\' => w.write_str("\\\\"),
        '\n' => w.write_str("\\n"),
        '\r' => w.write_str("\\r"),
        '\t' => w.write_str("\\t"),
        '\u{8}' => w.write_str("\\b"),
        '\u{c}' => w.write_str("\\f"),
        c if (c as u32) < 0x20 => write!(w, "\\u{:04x}", c as u32),
        c => w.write_char(c),
    }
}

/// Writes `s` as a quoted, escaped JSON string.
pub fn write_str(w: &mut dyn Write, s: &str) -> fmt::Result {
    w.write_char('"')?;
    for c in s.chars() {
        write_escaped_char(w, c)?;
    }
    w.write_char('"')
}

/// A `fmt::Write` adapter that JSON-escapes everything written through it.
struct Escaper<'w>(&'w mut dyn Write);

impl Write for Escaper<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        s.chars().try_for_each(|c| write_escaped_char(self.0, c))
    }
}

/// Writes the `Display` output of `v` as a quoted, escaped JSON string.
pub fn write_display(w: &mut dyn Write, v: &dyn fmt::Display) -> fmt::Result {
    w.write_char('"')?;
    write!(Escaper(w), "{v}")?;
    w.write_char('"')
}

impl Encode for str {
    fn encode(&self, w: &mut dyn Write) -> fmt::Result {
        write_str(w, self)
    }
}

impl Encode for &str {
    fn encode(&self, w: &mut dyn Write) -> fmt::Result {
        write_str(w, self)
    }
}

impl Encode for i64 {
    fn encode(&self, w: &mut dyn Write) -> fmt::Result {
        write!(w, "{self}")
    }
}

impl Encode for bool {
    fn encode(&self, w: &mut dyn Write) -> fmt::Result {
        w.write_str(if *self { "true" } else { "false" })
    }
}

impl<T: Encode> Encode for Option<T> {
    fn encode(&self, w: &mut dyn Write) -> fmt::Result {
        match self {
            Some(v) => v.encode(w),
            None => w.write_str("null"),
        }
    }
}

impl<T: Encode> Encode for [T] {
    fn encode(&self, w: &mut dyn Write) -> fmt::Result {
        w.write_char('[')?;
        for (i, item) in self.iter().enumerate() {
            if i > 0 {
                w.write_str(", ")?;
            }
            item.encode(w)?;
        }
        w.write_char(']')
    }
}

impl Encode for super::raw::RawObject<'_> {
    fn encode(&self, w: &mut dyn Write) -> fmt::Result {
        w.write_str(self.as_str())
    }
}

impl Encode for super::raw::RawArray<'_> {
    fn encode(&self, w: &mut dyn Write) -> fmt::Result {
        w.write_str(self.as_str())
    }
}

/// Writes a JSON object member by member.
pub struct ObjectWriter<'w> {
    w: &'w mut dyn Write,
    first: bool,
}

impl<'w> ObjectWriter<'w> {
    /// Writes `{`.
    pub fn new(w: &'w mut dyn Write) -> Result<Self, fmt::Error> {
        w.write_char('{')?;
        Ok(ObjectWriter { w, first: true })
    }

    /// Writes the name and `": "` of the next member; the caller writes its value.
    pub fn key(&mut self, key: &str) -> Result<&mut dyn Write, fmt::Error> {
        if !self.first {
            self.w.write_str(", ")?;
        }
        self.first = false;
        write_str(self.w, key)?;
        self.w.write_str(": ")?;
        Ok(&mut *self.w)
    }

    /// Writes the name (from `Display`, escaped) and `": "` of the next
    /// member; the caller writes its value.
    pub fn key_display(&mut self, key: &dyn fmt::Display) -> Result<&mut dyn Write, fmt::Error> {
        if !self.first {
            self.w.write_str(", ")?;
        }
        self.first = false;
        write_display(self.w, key)?;
        self.w.write_str(": ")?;
        Ok(&mut *self.w)
    }

    /// Writes a member.
    pub fn field<T: Encode + ?Sized>(&mut self, key: &str, value: &T) -> fmt::Result {
        let w = self.key(key)?;
        value.encode(w)
    }

    /// Writes a member when `value` is `Some` (absent otherwise).
    pub fn opt<T: Encode>(&mut self, key: &str, value: &Option<T>) -> fmt::Result {
        match value {
            Some(v) => self.field(key, v),
            None => Ok(()),
        }
    }

    /// Writes `}`.
    pub fn end(self) -> fmt::Result {
        self.w.write_char('}')
    }
}

/// A `fmt::Write` into a fixed buffer.
pub struct SliceWriter<'b> {
    buf: &'b mut [u8],
    len: usize,
}

impl<'b> SliceWriter<'b> {
    /// Writes into `buf` from its start.
    pub fn new(buf: &'b mut [u8]) -> Self {
        SliceWriter { buf, len: 0 }
    }

    /// Bytes written so far.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing has been written.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

impl Write for SliceWriter<'_> {
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

/// A `fmt::Write` that only counts bytes.
#[derive(Default)]
pub struct CountingWriter(pub usize);

impl Write for CountingWriter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0 = self.0.saturating_add(s.len());
        Ok(())
    }
}
