//! The untyped, borrowed view of a document, for tools: [`parse`] checks the whole document
//! once, then [`Value`]s are read lazily from it (no allocation, nothing copied).
//!
//! Struct members are iterated in document order, duplicates included ([`Struct::iter`]);
//! [`Struct::get`] returns the last occurrence ("last duplicate wins"), and
//! [`Struct::iter_unique`] yields each name once, at its first position, with its last
//! value (what a CPython dict or a JSON object built member by member holds). Both
//! duplicate-aware methods look ahead in the struct: quadratic in the member count.

use core::fmt;

use crate::datetime::DateTime;
use crate::error::{Error, ErrorKind};
use crate::options::DecodeOptions;
use crate::prepass;
use crate::reader::{Child, Container, Head, Open, Reader, Root, Scalar, B64};
use crate::text::Text;

/// A parsed (and fully checked) XML-RPC document.
///
/// Walking a response of any shape without knowing its type (the view is
/// lazy: nothing is copied or allocated):
///
/// ```
/// use baton_xmlrpc::view::{parse_from_slice, Document, Value};
///
/// let body = b"<methodResponse><params><param><value><struct>\
///     <member><name>ports</name><value><int>80</int></value></member>\
///     <member><name>names</name><value><array><data>\
///       <value>alice</value><value><string>bob &amp; co</string></value>\
///     </data></array></value></member>\
///     <member><name>logo</name><value><base64>aGk=</base64></value></member>\
///     <member><name>ports</name><value><int>40</int></value></member>\
///     </struct></value></param></params></methodResponse>";
/// let Document::Response(params) = parse_from_slice(body).unwrap() else { panic!() };
/// assert_eq!(params.len(), 1);
/// let Some(Value::Struct(s)) = params.first() else { panic!() };
/// assert_eq!(s.len(), 4); // duplicates included ...
/// assert_eq!(s.iter_unique().count(), 3); // ... or each name once, with its last value
/// assert!(matches!(s.get("ports"), Some(Value::Int(40)))); // the last one wins
///
/// let Some(Value::Array(names)) = s.get("names") else { panic!() };
/// assert_eq!(names.len(), 2);
/// let mut out = [0u8; 16];
/// let texts: Vec<&str> = names
///     .iter()
///     .map(|v| match v {
///         Value::String(t) => t.as_plain().unwrap_or("(escaped)"),
///         other => other.type_name(),
///     })
///     .collect();
/// assert_eq!(texts, ["alice", "(escaped)"]);
/// let Some(Value::String(t)) = names.iter().nth(1) else { panic!() };
/// assert_eq!(t.unescape_into(&mut out).unwrap(), "bob & co");
///
/// let Some(Value::Base64(b)) = s.get("logo") else { panic!() };
/// assert_eq!(b.decoded_len(), 2);
/// assert_eq!(b.decode_into(&mut out).unwrap(), b"hi");
/// ```
#[derive(Debug, Clone, Copy)]
pub enum Document<'de> {
    /// A `methodCall`.
    Call {
        /// `methodName`.
        method: Text<'de>,
        /// The params (possibly none).
        params: Params<'de>,
    },
    /// A `methodResponse` with params.
    Response(Params<'de>),
    /// A `methodResponse` with a fault.
    Fault {
        /// `faultCode`.
        code: i32,
        /// `faultString`.
        string: Text<'de>,
    },
}

/// Checks `input` completely and returns its view; the input is left as it was, so
/// escaped [`Text`] and [`Base64`] are decoded on demand.
///
/// ```
/// use baton_xmlrpc::view::{parse_from_slice, Document, Value};
/// let body = b"<methodCall><methodName>device.query</methodName><params><param><value>\
///     <struct><member><name>authenticationUser</name><value>tms</value></member>\
///     </struct></value></param></params></methodCall>";
/// let Document::Call { method, params } = parse_from_slice(body).unwrap() else { panic!() };
/// assert_eq!(method.raw(), "device.query");
/// let Some(Value::Struct(s)) = params.first() else { panic!() };
/// assert!(s.get("authenticationUser").is_some());
/// ```
pub fn parse_from_slice(input: &[u8]) -> Result<Document<'_>, Error> {
    parse_from_slice_with_options(input, DecodeOptions::default())
}

/// [`parse_from_slice`] with limits.
pub fn parse_from_slice_with_options(
    input: &[u8],
    opts: DecodeOptions,
) -> Result<Document<'_>, Error> {
    document(Reader::new(input, false, false, opts)?)
}

/// Decodes `input` in place (see [`crate::de`]) and returns its view: every [`Text`] is
/// then plain and every [`Base64`] decoded.
///
/// ```
/// use baton_xmlrpc::view::{parse_in_place, Document};
/// let mut body = b"<methodResponse><params><param><value>a &amp; b</value></param>\
///     </params></methodResponse>".to_vec();
/// let Document::Response(params) = parse_in_place(&mut body).unwrap() else { panic!() };
/// assert_eq!(params.len(), 1);
/// ```
pub fn parse_in_place(input: &mut [u8]) -> Result<Document<'_>, Error> {
    parse_in_place_with_options(input, DecodeOptions::default())
}

/// [`parse_in_place`] with limits.
pub fn parse_in_place_with_options(
    input: &mut [u8],
    opts: DecodeOptions,
) -> Result<Document<'_>, Error> {
    let prechecked = prepass::normalize(input, opts)?;
    let input: &[u8] = input;
    document(Reader::new(input, true, prechecked, opts)?)
}

/// The former name of [`parse_from_slice`].
#[deprecated(
    note = "use view::parse_from_slice (decoders name their input: in_place / from_slice)"
)]
pub fn parse(input: &[u8]) -> Result<Document<'_>, Error> {
    parse_from_slice(input)
}

/// The former name of [`parse_from_slice_with_options`].
#[deprecated(note = "use view::parse_from_slice_with_options")]
pub fn parse_with(input: &[u8], opts: DecodeOptions) -> Result<Document<'_>, Error> {
    parse_from_slice_with_options(input, opts)
}

/// The former name of [`parse_in_place_with_options`].
#[deprecated(note = "use view::parse_in_place_with_options")]
pub fn parse_in_place_with(input: &mut [u8], opts: DecodeOptions) -> Result<Document<'_>, Error> {
    parse_in_place_with_options(input, opts)
}

/// The first error of reading `bytes` as a whole document (`framed`: rewritten in place;
/// `prechecked`: its UTF-8 already checked), `None` when it is valid.
pub(crate) fn first_error(
    bytes: &[u8],
    framed: bool,
    prechecked: bool,
    opts: DecodeOptions,
) -> Option<Error> {
    Reader::new(bytes, framed, prechecked, opts)
        .and_then(document)
        .err()
}

fn document(mut r: Reader<'_>) -> Result<Document<'_>, Error> {
    let (root, is_call) = r.root(Root::Either)?;
    let doc = if is_call {
        let method = r.method_name()?;
        let params = call_params(&mut r)?;
        Document::Call { method, params }
    } else {
        match r.response_child()? {
            (Child::Fault(open), at) => {
                let (code, string) = fault_fields(&mut r, &open, at)?;
                Document::Fault { code, string }
            }
            (Child::Params(open), _) => Document::Response(params(&mut r, open)?),
        }
    };
    r.close(&root)?;
    r.epilog()?;
    Ok(doc)
}

/// After `<fault>` (`open`, at `at`): its value, checked, and `</fault>`: `faultCode` and
/// `faultString` ([`ErrorKind::InvalidFault`] for an empty fault or a value of another
/// shape).
pub(crate) fn fault_fields<'de>(
    r: &mut Reader<'de>,
    open: &Open,
    at: usize,
) -> Result<(i32, Text<'de>), Error> {
    if open.empty {
        return Err(Error::new(ErrorKind::InvalidFault, at));
    }
    let vat = r.pos;
    let fields = read_fault(r)?;
    r.close(open)?;
    fields.ok_or(Error::new(ErrorKind::InvalidFault, vat))
}

/// Reads (and checks) the value inside `<fault>`: `faultCode` and `faultString` when it
/// is a struct whose last `faultCode` is an `int` (or an `i8` that fits one) and whose last
/// `faultString` is a string; `None` for any other value. Converts nothing (no double is
/// parsed for this).
pub(crate) fn read_fault<'de>(r: &mut Reader<'de>) -> Result<Option<(i32, Text<'de>)>, Error> {
    let c = match r.value(1)? {
        Head::Struct(c) => c,
        Head::Array(c) => {
            while r.array_next(&c)? {
                r.skip_value(2)?;
            }
            return Ok(None);
        }
        Head::Scalar(_) => return Ok(None),
    };
    let (mut code, mut string) = (None, None);
    while let Some(name) = r.member_name(&c)? {
        let scalar = match r.value(2)? {
            Head::Scalar(s) => Some(s),
            Head::Struct(inner) => {
                while r.member_name(&inner)?.is_some() {
                    r.skip_value(3)?;
                    r.member_end()?;
                }
                None
            }
            Head::Array(inner) => {
                while r.array_next(&inner)? {
                    r.skip_value(3)?;
                }
                None
            }
        };
        r.member_end()?;
        if name.eq_str("faultCode") {
            code = match scalar {
                Some(Scalar::Int(c)) => Some(c),
                Some(Scalar::I8(c)) => i32::try_from(c).ok(),
                _ => None,
            };
        } else if name.eq_str("faultString") {
            string = match scalar {
                Some(Scalar::Str(t)) => Some(t),
                _ => None,
            };
        }
    }
    Ok(code.zip(string))
}

/// Reads (and checks) a call's optional `<params>`; the reader ends after it.
fn call_params<'de>(r: &mut Reader<'de>) -> Result<Params<'de>, Error> {
    if r.at_close()? {
        return Ok(Params {
            start: *r,
            open: None,
            len: 0,
        });
    }
    let open = r.open_named_here(b"params")?;
    params(r, open)
}

/// Reads (and checks) the params after `<params>` (`open`); the reader ends after them.
fn params<'de>(r: &mut Reader<'de>, open: Open) -> Result<Params<'de>, Error> {
    let start = *r;
    let mut len = 0;
    if !open.empty {
        while !r.at_close()? {
            let param = r.param()?;
            r.skip_value(1)?;
            r.close(&param)?;
            len += 1;
        }
        r.close(&open)?;
    }
    Ok(Params {
        start,
        open: (!open.empty).then_some(open),
        len,
    })
}

/// Reads one value (containers are skipped over; their view reads them lazily).
pub(crate) fn read_value<'de>(r: &mut Reader<'de>, depth: u32) -> Result<Value<'de>, Error> {
    Ok(match r.value(depth)? {
        Head::Scalar(s) => scalar_value(s),
        Head::Struct(c) => {
            let s = Struct {
                r: *r,
                c,
                depth: depth + 1,
            };
            while r.member_name(&c)?.is_some() {
                r.skip_value(depth + 1)?;
                r.member_end()?;
            }
            Value::Struct(s)
        }
        Head::Array(c) => {
            let a = Array {
                r: *r,
                c,
                depth: depth + 1,
            };
            while r.array_next(&c)? {
                r.skip_value(depth + 1)?;
            }
            Value::Array(a)
        }
    })
}

/// A scalar as a view value.
pub(crate) fn scalar_value(s: Scalar<'_>) -> Value<'_> {
    match s {
        Scalar::Int(v) => Value::Int(v),
        Scalar::I8(v) => Value::I8(v),
        Scalar::Bool(v) => Value::Boolean(v),
        Scalar::Str(t) => Value::String(t),
        Scalar::Double(v) => Value::Double(crate::scalar::double_value(v)),
        Scalar::DateTime(dt, _) => Value::DateTime(dt),
        Scalar::Base64(b) => Value::Base64(Base64(b)),
        Scalar::Nil => Value::Nil,
    }
}

/// The params of a call or response.
#[derive(Clone, Copy)]
pub struct Params<'de> {
    start: Reader<'de>,
    open: Option<Open>,
    len: usize,
}

impl<'de> Params<'de> {
    /// Number of params.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The params in order.
    pub fn iter(&self) -> ParamsIter<'de> {
        ParamsIter {
            r: self.start,
            left: if self.open.is_some() { self.len } else { 0 },
        }
    }

    /// The first param.
    pub fn first(&self) -> Option<Value<'de>> {
        self.iter().next()
    }
}

impl fmt::Debug for Params<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Iterator over [`Params`].
#[derive(Clone)]
pub struct ParamsIter<'de> {
    r: Reader<'de>,
    left: usize,
}

impl<'de> Iterator for ParamsIter<'de> {
    type Item = Value<'de>;

    fn next(&mut self) -> Option<Value<'de>> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let param = self.r.open_named(b"param").ok()?;
        let v = read_value(&mut self.r, 1).ok()?;
        self.r.close(&param).ok()?;
        Some(v)
    }
}

/// One value.
#[derive(Debug, Clone, Copy)]
pub enum Value<'de> {
    /// `int` / `i4`.
    Int(i32),
    /// `i8`.
    I8(i64),
    /// `boolean`.
    Boolean(bool),
    /// `string` or an untyped value.
    String(Text<'de>),
    /// `double`.
    Double(f64),
    /// `dateTime.iso8601`.
    DateTime(DateTime),
    /// `base64`.
    Base64(Base64<'de>),
    /// `nil`.
    Nil,
    /// `struct`.
    Struct(Struct<'de>),
    /// `array`.
    Array(Array<'de>),
}

impl<'de> Value<'de> {
    /// The XML-RPC type name (`int` for `i4` too).
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Int(_) => "int",
            Value::I8(_) => "i8",
            Value::Boolean(_) => "boolean",
            Value::String(_) => "string",
            Value::Double(_) => "double",
            Value::DateTime(_) => "dateTime.iso8601",
            Value::Base64(_) => "base64",
            Value::Nil => "nil",
            Value::Struct(_) => "struct",
            Value::Array(_) => "array",
        }
    }
}

/// base64 content: already decoded (in-place input) or checked base64 text.
#[derive(Debug, Clone, Copy)]
pub struct Base64<'de>(B64<'de>);

impl<'de> Base64<'de> {
    /// The decoded bytes when already available (in-place input, or empty).
    pub fn as_decoded(&self) -> Option<&'de [u8]> {
        match self.0 {
            B64::Decoded(d) => Some(d),
            B64::Raw(_, 0) => Some(&[]),
            B64::Raw(..) => None,
        }
    }

    /// Length of the decoded bytes.
    pub fn decoded_len(&self) -> usize {
        match self.0 {
            B64::Decoded(d) => d.len(),
            B64::Raw(_, n) => n,
        }
    }

    /// Decodes into `out`, returning the bytes (a prefix of `out`).
    pub fn decode_into<'b>(&self, out: &'b mut [u8]) -> Result<&'b [u8], Error> {
        let too_small = Error::new(ErrorKind::ScratchTooSmall, 0);
        match self.0 {
            B64::Decoded(d) => {
                let dst = out.get_mut(..d.len()).ok_or(too_small)?;
                dst.copy_from_slice(d);
                Ok(dst)
            }
            B64::Raw(t, n) => {
                let dst = out.get_mut(..n).ok_or(too_small)?;
                // Checked text: a non-ASCII character (never in it) would be skipped.
                let bytes = t.chars().map(|c| u8::try_from(c).unwrap_or(0xFF));
                crate::base64::decode_iter_to(bytes, dst).map_err(|k| Error::new(k, 0))?;
                Ok(dst)
            }
        }
    }

    /// The decoded bytes in a new `Vec`.
    #[cfg(feature = "alloc")]
    pub fn to_vec(&self) -> alloc::vec::Vec<u8> {
        let mut v = alloc::vec![0u8; self.decoded_len()];
        let _ = self.decode_into(&mut v);
        v
    }
}

/// A struct, read lazily.
#[derive(Clone, Copy)]
pub struct Struct<'de> {
    r: Reader<'de>,
    c: Container,
    depth: u32,
}

impl<'de> Struct<'de> {
    /// Members in document order, duplicates included.
    pub fn iter(&self) -> Members<'de> {
        Members {
            r: self.r,
            c: self.c,
            depth: self.depth,
            done: false,
        }
    }

    /// The last member named `name`.
    pub fn get(&self, name: &str) -> Option<Value<'de>> {
        self.iter()
            .filter(|(n, _)| n.eq_str(name))
            .last()
            .map(|(_, v)| v)
    }

    /// Each member name once, at its first position, with its last value.
    pub fn iter_unique(&self) -> impl Iterator<Item = (Text<'de>, Value<'de>)> + 'de {
        let this = *self;
        self.iter().enumerate().filter_map(move |(i, (name, _))| {
            // Skip names seen before; take the last value for the first occurrence.
            let seen_before = this.iter().take(i).any(|(n, _)| same_text(&n, &name));
            if seen_before {
                return None;
            }
            let last = this.iter().filter(|(n, _)| same_text(n, &name)).last()?;
            Some((name, last.1))
        })
    }

    /// Number of members (duplicates included).
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// Whether there are no members.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }
}

fn same_text(a: &Text<'_>, b: &Text<'_>) -> bool {
    match (a, b) {
        (Text::Plain(x), _) => b.eq_str(x),
        (_, Text::Plain(y)) => a.eq_str(y),
        _ => a.chars().eq(b.chars()),
    }
}

impl fmt::Debug for Struct<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut m = f.debug_map();
        for (k, v) in self.iter() {
            m.entry(&k, &v);
        }
        m.finish()
    }
}

/// Iterator over a [`Struct`]'s members.
#[derive(Clone)]
pub struct Members<'de> {
    r: Reader<'de>,
    c: Container,
    depth: u32,
    done: bool,
}

impl<'de> Iterator for Members<'de> {
    type Item = (Text<'de>, Value<'de>);

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let item = (|| {
            let Some(name) = self.r.member_name(&self.c)? else {
                return Ok(None);
            };
            let v = read_value(&mut self.r, self.depth)?;
            self.r.member_end()?;
            Ok::<_, Error>(Some((name, v)))
        })();
        match item {
            Ok(Some(x)) => Some(x),
            _ => {
                self.done = true;
                None
            }
        }
    }
}

/// An array, read lazily.
#[derive(Clone, Copy)]
pub struct Array<'de> {
    r: Reader<'de>,
    c: Container,
    depth: u32,
}

impl<'de> Array<'de> {
    /// The values in order.
    pub fn iter(&self) -> Values<'de> {
        Values {
            r: self.r,
            c: self.c,
            depth: self.depth,
            done: false,
        }
    }

    /// Number of values.
    pub fn len(&self) -> usize {
        self.iter().count()
    }

    /// Whether the array is empty.
    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }
}

impl fmt::Debug for Array<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// Iterator over an [`Array`].
#[derive(Clone)]
pub struct Values<'de> {
    r: Reader<'de>,
    c: Container,
    depth: u32,
    done: bool,
}

impl<'de> Iterator for Values<'de> {
    type Item = Value<'de>;

    fn next(&mut self) -> Option<Value<'de>> {
        if self.done {
            return None;
        }
        match self.r.array_next(&self.c) {
            Ok(true) => {}
            _ => {
                self.done = true;
                return None;
            }
        }
        match read_value(&mut self.r, self.depth) {
            Ok(v) => Some(v),
            Err(_) => {
                self.done = true;
                None
            }
        }
    }
}
