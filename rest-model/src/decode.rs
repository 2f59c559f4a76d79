//! Typed decoding of the REST objects: every unknown key and every value
//! of the wrong type becomes an [`Issue`] (error 20) with its path, and
//! decoding goes on so that all of them are reported; only a syntax error
//! (error 50) stops it.

use core::fmt;

use crate::json::{Encode, RawObject, Reader, SyntaxError, ValueKind};
use crate::path::JsonPath;

/// How many issues an [`Issues`] list keeps; more are counted, not kept.
pub const ISSUES_CAPACITY: usize = 32;

/// What is wrong with a value (the REST error 20 "validation error").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum IssueKind<'a> {
    /// A member the object does not define: its name and JSON text.
    UnrecognizedKey {
        /// The member name.
        key: &'a str,
        /// The member's JSON text.
        value: &'a str,
    },
    /// Any other problem, in words (e.g. `expected int`).
    Message(&'static str),
}

/// One problem found in a request body, with the path of the value (for
/// an unrecognized key, the path of the object holding it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Issue<'a> {
    /// Where.
    pub path: JsonPath<'a>,
    /// What.
    pub kind: IssueKind<'a>,
}

impl fmt::Display for Issue<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            IssueKind::UnrecognizedKey { key, .. } => {
                write!(f, "{}: unrecognized key '{}'", self.path, key)
            }
            IssueKind::Message(m) => write!(f, "{}: {}", self.path, m),
        }
    }
}

/// A bounded list of [`Issue`]s.
#[derive(Clone, Debug, Default)]
pub struct Issues<'a> {
    list: heapless::Vec<Issue<'a>, ISSUES_CAPACITY>,
    dropped: usize,
}

impl<'a> Issues<'a> {
    /// An empty list.
    pub const fn new() -> Self {
        Issues {
            list: heapless::Vec::new(),
            dropped: 0,
        }
    }

    /// Adds an issue (counted only, when the list is full).
    pub fn push(&mut self, issue: Issue<'a>) {
        if self.list.push(issue).is_err() {
            self.dropped = self.dropped.saturating_add(1);
        }
    }

    /// The issues kept.
    pub fn as_slice(&self) -> &[Issue<'a>] {
        &self.list
    }

    /// Issues found but not kept (the list was full).
    pub fn dropped(&self) -> usize {
        self.dropped
    }

    /// Whether no issue was found.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty() && self.dropped == 0
    }

    /// How many issues were found (kept or not).
    pub fn len(&self) -> usize {
        self.list.len().saturating_add(self.dropped)
    }
}

/// A bounded JSON array: at most `N` elements kept, all counted.
///
/// The Conductor's lists have spec limits (10 aliases, 10 auto-dialed
/// participants, 100 owners); [`List::seen`] tells the rules how many the
/// document held even when that is more than `N`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct List<T, const N: usize> {
    items: heapless::Vec<T, N>,
    seen: usize,
}

impl<T, const N: usize> Default for List<T, N> {
    fn default() -> Self {
        List {
            items: heapless::Vec::new(),
            seen: 0,
        }
    }
}

impl<T, const N: usize> List<T, N> {
    /// An empty list.
    pub const fn new() -> Self {
        List {
            items: heapless::Vec::new(),
            seen: 0,
        }
    }

    /// Appends (counted; kept while there is room). `false` when not kept.
    pub fn push(&mut self, item: T) -> bool {
        self.seen = self.seen.saturating_add(1);
        self.items.push(item).is_ok()
    }

    /// The elements kept.
    pub fn as_slice(&self) -> &[T] {
        &self.items
    }

    /// Iterates the elements kept.
    pub fn iter(&self) -> core::slice::Iter<'_, T> {
        self.items.iter()
    }

    /// How many elements the document held.
    pub fn seen(&self) -> usize {
        self.seen
    }

    /// Whether every element was kept.
    pub fn is_complete(&self) -> bool {
        self.seen == self.items.len()
    }

    /// Elements kept.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether no element was kept.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

impl<T, const N: usize> core::ops::Deref for List<T, N> {
    type Target = [T];
    fn deref(&self) -> &[T] {
        &self.items
    }
}

impl<T: Encode, const N: usize> Encode for List<T, N> {
    fn encode(&self, w: &mut dyn fmt::Write) -> fmt::Result {
        self.items.as_slice().encode(w)
    }
}

/// Reads typed values, recording issues.
pub struct Decoder<'de, 'i> {
    reader: Reader<'de>,
    issues: &'i mut Issues<'de>,
}

/// A value that can be read by a [`Decoder`].
///
/// The crate's objects implement it; an application's own object (an
/// extension, a vendor document) is decoded the same way, with the same
/// issues (unknown keys by name, wrong types) and strings borrowing the
/// input:
///
/// ```
/// use baton_rest::decode::{decode_in_place, Decode, Decoder, Issues, List};
/// use baton_rest::json::SyntaxError;
/// use baton_rest::JsonPath;
///
/// struct Site<'a> {
///     name: Option<&'a str>,
///     rooms: Option<List<&'a str, 4>>,
/// }
///
/// impl<'de> Decode<'de> for Site<'de> {
///     fn decode(d: &mut Decoder<'de, '_>, path: JsonPath<'de>) -> Result<Option<Self>, SyntaxError> {
///         let mut site = Site { name: None, rooms: None };
///         let ok = d.object(path, |d, key, at| {
///             match key {
///                 "name" => site.name = d.field(at)?,
///                 "rooms" => site.rooms = d.field(at)?,
///                 _ => return Ok(false), // recorded as an unrecognized key
///             }
///             Ok(true)
///         })?;
///         Ok(ok.then_some(site))
///     }
/// }
///
/// let mut body = *br#"{"name": "lab", "rooms": ["a", "b", 3], "floor": 2}"#;
/// let mut issues = Issues::new();
/// let site = decode_in_place::<Site>(&mut body, &mut issues).unwrap().unwrap();
/// assert_eq!(site.name, Some("lab"));
/// let rooms = site.rooms.unwrap();
/// assert_eq!((rooms.as_slice(), rooms.seen()), (&["a", "b"][..], 3)); // 3 seen, one not a string
/// let found: Vec<String> = issues.as_slice().iter().map(|i| i.to_string()).collect();
/// assert_eq!(found.len(), 2, "{found:?}");
/// assert!(found.iter().any(|i| i.contains("floor")), "{found:?}");
/// assert!(found.iter().any(|i| i.starts_with("rooms[2]")), "{found:?}");
/// ```
pub trait Decode<'de>: Sized {
    /// Reads one value at `path`. `Ok(None)` when the value had the wrong
    /// type (an issue has been recorded and the value skipped).
    fn decode(d: &mut Decoder<'de, '_>, path: JsonPath<'de>) -> Result<Option<Self>, SyntaxError>;
}

impl<'de, 'i> Decoder<'de, 'i> {
    /// A decoder over `reader`, recording into `issues`.
    pub fn new(reader: Reader<'de>, issues: &'i mut Issues<'de>) -> Self {
        Decoder { reader, issues }
    }

    /// Records an issue.
    pub fn issue(&mut self, path: JsonPath<'de>, kind: IssueKind<'de>) {
        self.issues.push(Issue { path, kind });
    }

    /// Records `message` at `path` and skips the value.
    pub fn reject(
        &mut self,
        path: JsonPath<'de>,
        message: &'static str,
    ) -> Result<(), SyntaxError> {
        self.issue(path, IssueKind::Message(message));
        self.reader.skip_value().map(|_| ())
    }

    /// The kind of the next value.
    pub fn peek(&mut self) -> Result<ValueKind, SyntaxError> {
        self.reader.peek_kind()
    }

    /// Reads an optional member value: `null` is `None` (absent).
    pub fn field<T: Decode<'de>>(&mut self, path: JsonPath<'de>) -> Result<Option<T>, SyntaxError> {
        if self.reader.peek_kind()? == ValueKind::Null {
            self.reader.null()?;
            return Ok(None);
        }
        T::decode(self, path)
    }

    /// Reads an object: `member` is called with each name and its path and
    /// returns whether it read the value (a known key). Unknown keys are
    /// recorded as [`IssueKind::UnrecognizedKey`] and skipped. `Ok(false)`
    /// when the value is not an object (recorded as `expected a dictionary`).
    pub fn object(
        &mut self,
        path: JsonPath<'de>,
        mut member: impl FnMut(&mut Self, &'de str, JsonPath<'de>) -> Result<bool, SyntaxError>,
    ) -> Result<bool, SyntaxError> {
        if self.reader.peek_kind()? != ValueKind::Object {
            self.reject(path, "expected a dictionary")?;
            return Ok(false);
        }
        self.reader.begin_object()?;
        let mut first = true;
        while let Some(key) = self.reader.next_key(&mut first)? {
            if !member(self, key, path.key(key))? {
                let value = self.reader.skip_value()?;
                self.issue(path, IssueKind::UnrecognizedKey { key, value });
            }
        }
        Ok(true)
    }

    /// Reads an array, calling `element` with each element's index and path.
    /// `Ok(false)` when the value is not an array (recorded).
    pub fn array(
        &mut self,
        path: JsonPath<'de>,
        mut element: impl FnMut(&mut Self, usize, JsonPath<'de>) -> Result<(), SyntaxError>,
    ) -> Result<bool, SyntaxError> {
        if self.reader.peek_kind()? != ValueKind::Array {
            self.reject(path, "expected a list")?;
            return Ok(false);
        }
        self.reader.begin_array()?;
        let mut first = true;
        let mut i = 0usize;
        while self.reader.next_element(&mut first)? {
            element(self, i, path.index(i))?;
            i = i.saturating_add(1);
        }
        Ok(true)
    }

    /// Skips the next value, returning its JSON text.
    pub fn skip(&mut self) -> Result<&'de str, SyntaxError> {
        self.reader.skip_value()
    }

    /// Checks that nothing but whitespace follows the document's value.
    pub fn finish(mut self) -> Result<(), SyntaxError> {
        self.reader.finish()
    }
}

impl<'de> Decode<'de> for &'de str {
    fn decode(d: &mut Decoder<'de, '_>, path: JsonPath<'de>) -> Result<Option<Self>, SyntaxError> {
        if d.peek()? != ValueKind::String {
            d.reject(path, "expected str")?;
            return Ok(None);
        }
        d.reader.string().map(Some)
    }
}

impl<'de> Decode<'de> for bool {
    fn decode(d: &mut Decoder<'de, '_>, path: JsonPath<'de>) -> Result<Option<Self>, SyntaxError> {
        if d.peek()? != ValueKind::Bool {
            d.reject(path, "expected bool")?;
            return Ok(None);
        }
        d.reader.boolean().map(Some)
    }
}

impl<'de> Decode<'de> for i64 {
    fn decode(d: &mut Decoder<'de, '_>, path: JsonPath<'de>) -> Result<Option<Self>, SyntaxError> {
        if d.peek()? != ValueKind::Number {
            d.reject(path, "expected int")?;
            return Ok(None);
        }
        let text = d.reader.number()?;
        if text.contains(['.', 'e', 'E']) {
            d.issue(path, IssueKind::Message("expected int"));
            return Ok(None);
        }
        match text.parse::<i64>() {
            Ok(v) => Ok(Some(v)),
            Err(_) => {
                d.issue(path, IssueKind::Message("integer out of range"));
                Ok(None)
            }
        }
    }
}

impl<'de> Decode<'de> for RawObject<'de> {
    fn decode(d: &mut Decoder<'de, '_>, path: JsonPath<'de>) -> Result<Option<Self>, SyntaxError> {
        if d.peek()? != ValueKind::Object {
            d.reject(path, "expected a dictionary")?;
            return Ok(None);
        }
        d.reader
            .skip_value()
            .map(|t| Some(RawObject::from_validated(t)))
    }
}

impl<'de> Decode<'de> for crate::json::RawArray<'de> {
    fn decode(d: &mut Decoder<'de, '_>, path: JsonPath<'de>) -> Result<Option<Self>, SyntaxError> {
        if d.peek()? != ValueKind::Array {
            d.reject(path, "expected a list")?;
            return Ok(None);
        }
        d.reader
            .skip_value()
            .map(|t| Some(crate::json::RawArray::from_validated(t)))
    }
}

impl<'de, T: Decode<'de>, const N: usize> Decode<'de> for List<T, N> {
    fn decode(d: &mut Decoder<'de, '_>, path: JsonPath<'de>) -> Result<Option<Self>, SyntaxError> {
        let mut list = List::new();
        let ok = d.array(path, |d, _, p| {
            if let Some(item) = T::decode(d, p)? {
                list.push(item);
            } else {
                // Counted, so that the count rules still see it.
                list.seen = list.seen.saturating_add(1);
            }
            Ok(())
        })?;
        Ok(ok.then_some(list))
    }
}

/// Decodes one value of type `T` from the whole document in `buf`
/// (strings unescaped in place), recording issues. `Ok(None)`: the
/// document's value had the wrong type (recorded).
///
/// Every issue, not only the first (what the Conductor's error 20 body lists):
///
/// ```
/// use baton_rest::decode::{decode_in_place, Issues};
/// use baton_rest::{ConfBundle, ErrorBody, ErrorCode};
///
/// let mut body = *br#"{"aliases": [{"role": "host", "exact_match": "a@x", "regex": "a.*"}],
///     "max_participants": "many", "conference_type": "meeting"}"#;
/// let mut issues = Issues::new();
/// let bundle = decode_in_place::<ConfBundle>(&mut body, &mut issues).unwrap();
/// assert!(bundle.is_some()); // the rest decoded
/// let found: Vec<String> = issues.as_slice().iter().map(|i| i.to_string()).collect();
/// assert_eq!(found.len(), 3, "{found:?}");
/// assert!(found.contains(&"aliases[0]: unrecognized key 'regex'".to_owned()), "{found:?}");
/// let reply = ErrorBody::validation(ErrorCode::Validation, issues.as_slice());
/// assert_eq!(reply.http_status(), 400);
/// ```
pub fn decode_in_place<'de, T: Decode<'de>>(
    buf: &'de mut [u8],
    issues: &mut Issues<'de>,
) -> Result<Option<T>, SyntaxError> {
    decode_with(Reader::in_place(buf), issues)
}

/// Decodes like [`decode_in_place`] from an immutable `input`; escaped
/// strings are unescaped into `scratch`.
pub fn decode_with_scratch<'de, T: Decode<'de>>(
    input: &'de [u8],
    scratch: &'de mut [u8],
    issues: &mut Issues<'de>,
) -> Result<Option<T>, SyntaxError> {
    decode_with(Reader::with_scratch(input, scratch), issues)
}

fn decode_with<'de, T: Decode<'de>>(
    reader: Reader<'de>,
    issues: &mut Issues<'de>,
) -> Result<Option<T>, SyntaxError> {
    let mut d = Decoder::new(reader, issues);
    d.peek()?;
    let value = T::decode(&mut d, JsonPath::ROOT)?;
    d.finish()?;
    Ok(value)
}
