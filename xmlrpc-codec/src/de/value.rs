//! The serde `Deserializer` over one `<value>`, and its map/seq/enum accessors.

use core::mem;

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};

use crate::base64;
use crate::error::{Error, ErrorKind};
use crate::magic::DATETIME_NEWTYPE;
use crate::reader::{Container, Head, Open, Reader, Scalar, B64};
use crate::text::{unescape_to, Text};

/// Decoding state shared by all values of one document.
pub(crate) struct De<'de> {
    pub(crate) r: Reader<'de>,
    /// Where unescaped text / decoded base64 go (immutable input); empty for framed input.
    pub(crate) scratch: &'de mut [u8],
    /// Restarted after a duplicate member: structs hand only each member's last occurrence
    /// to the visitor.
    pub(crate) last_wins: bool,
    /// Nesting depth of the value about to be read (a param's value is 1).
    pub(crate) depth: u32,
    /// [`DecodeOptions::lenient_types`](crate::DecodeOptions::lenient_types), off while a
    /// sensitive member's value is read.
    pub(crate) lenient: bool,
    /// Members never converted and never accepted twice (a call's credentials; see
    /// [`CallDecoder::sensitive_members`](crate::CallDecoder::sensitive_members)).
    pub(crate) sensitive: &'static [&'static str],
}

/// The XML-RPC type a typed `deserialize_*` call asks for (see the table in [`crate::de`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    /// `<string>` (or untyped `<value>text</value>`).
    Str,
    /// `<boolean>`.
    Bool,
    /// `<int>` / `<i4>` / `<i8>` (the target's range is checked by its visitor).
    Int,
    /// `<double>`.
    Double,
    /// `<base64>`.
    Bytes,
    /// `<dateTime.iso8601>`.
    DateTime,
}

/// Strict typing: `head` if it is of the type `want`, converted when `lenient` allows it,
/// else [`ErrorKind::InvalidType`] at `at` (a boolean `<int>` other than 0/1 in lenient
/// mode: [`ErrorKind::InvalidValue`]). Containers are never a scalar.
#[inline(always)]
fn typed<'de>(want: Want, head: Head<'de>, lenient: bool, at: usize) -> Result<Scalar<'de>, Error> {
    let Head::Scalar(s) = head else {
        return Err(Error::new(ErrorKind::InvalidType, at));
    };
    let ok = match (want, &s) {
        (Want::Str, Scalar::Str(_))
        | (Want::Bool, Scalar::Bool(_))
        | (Want::Int, Scalar::Int(_) | Scalar::I8(_))
        | (Want::Double, Scalar::Double(_))
        | (Want::Bytes, Scalar::Base64(_))
        | (Want::DateTime, Scalar::DateTime(..)) => true,
        _ if !lenient => false,
        // Lenient: the visitor converts (UTF-8 bytes to a string, an integer to a float,
        // text to bytes), or the scalar is rewritten here.
        (Want::Str, Scalar::Base64(_))
        | (Want::Double, Scalar::Int(_) | Scalar::I8(_))
        | (Want::Bytes, Scalar::Str(_))
        | (Want::DateTime, Scalar::Str(_)) => true,
        (Want::Str, Scalar::DateTime(_, t)) => return Ok(Scalar::Str(*t)),
        (Want::Bool, Scalar::Int(i)) => return lenient_bool(i64::from(*i), at),
        (Want::Bool, Scalar::I8(i)) => return lenient_bool(*i, at),
        _ => false,
    };
    if ok {
        Ok(s)
    } else {
        Err(Error::new(ErrorKind::InvalidType, at))
    }
}

fn lenient_bool<'de>(i: i64, at: usize) -> Result<Scalar<'de>, Error> {
    match i {
        0 | 1 => Ok(Scalar::Bool(i == 1)),
        _ => Err(Error::new(ErrorKind::InvalidValue, at)),
    }
}

impl<'de> De<'de> {
    pub(crate) fn new(r: Reader<'de>, scratch: &'de mut [u8]) -> Self {
        De {
            r,
            scratch,
            last_wins: false,
            depth: 1,
            lenient: r.opts.lenient_types,
            sensitive: &[],
        }
    }

    /// Whether `name` is one of the sensitive members.
    pub(crate) fn is_sensitive(&self, name: &str) -> bool {
        self.sensitive.contains(&name)
    }

    fn take_scratch(&mut self, n: usize, at: usize) -> Result<&'de mut [u8], Error> {
        let scratch = mem::take(&mut self.scratch);
        if n > scratch.len() {
            self.scratch = scratch;
            return Err(Error::new(ErrorKind::ScratchTooSmall, at));
        }
        let (head, tail) = scratch.split_at_mut(n);
        self.scratch = tail;
        Ok(head)
    }

    /// The decoded text, borrowed from the input or unescaped into the scratch buffer.
    #[inline]
    pub(crate) fn text_str(&mut self, t: Text<'de>, at: usize) -> Result<&'de str, Error> {
        match t {
            Text::Plain(s) => Ok(s),
            Text::Escaped(_) => {
                let n = t.decoded_len();
                let head = self.take_scratch(n, at)?;
                unescape_to(&t, head).map_err(|e| e.at_if_unset(at))?;
                let head: &'de [u8] = head;
                core::str::from_utf8(head).map_err(|_| Error::new(ErrorKind::InvalidUtf8, at))
            }
        }
    }

    /// The decoded bytes of a base64 value.
    pub(crate) fn b64_bytes(&mut self, b: B64<'de>, at: usize) -> Result<&'de [u8], Error> {
        match b {
            B64::Decoded(d) => Ok(d),
            B64::Raw(_, 0) => Ok(&[]),
            B64::Raw(Text::Plain(s), len) => {
                let head = self.take_scratch(len, at)?;
                base64::decode_to(s.as_bytes(), head).map_err(|k| Error::new(k, at))?;
                Ok(head)
            }
            B64::Raw(t @ Text::Escaped(_), _) => {
                let n = t.decoded_len();
                let head = self.take_scratch(n, at)?;
                unescape_to(&t, head).map_err(|e| e.at_if_unset(at))?;
                let d = base64::decode_in_place(head);
                let head: &'de [u8] = head;
                Ok(head.get(..d).unwrap_or(&[]))
            }
        }
    }

    /// What a scalar hands to a visitor: the non-generic part of visiting a scalar (kept out
    /// of line on bare-metal targets, so it is not copied into every visitor's code).
    #[cfg(baton_compact)]
    #[inline(never)]
    fn leaf(&mut self, s: Scalar<'de>, at: usize) -> Result<Leaf<'de>, Error> {
        Ok(match s {
            Scalar::Str(t) | Scalar::DateTime(_, t) => Leaf::Str(self.text_str(t, at)?),
            Scalar::Int(i) => Leaf::I32(i),
            Scalar::Bool(b) => Leaf::Bool(b),
            Scalar::I8(i) => Leaf::I64(i),
            #[cfg(feature = "float")]
            Scalar::Double(d) => Leaf::F64(d),
            #[cfg(not(feature = "float"))]
            Scalar::Double(_) => return Err(Error::serde(ErrorKind::InvalidType)),
            Scalar::Base64(b) => Leaf::Bytes(self.b64_bytes(b, at)?),
            Scalar::Nil => Leaf::Unit,
        })
    }

    fn visit_scalar<V: Visitor<'de>>(
        &mut self,
        s: Scalar<'de>,
        v: V,
        at: usize,
    ) -> Result<V::Value, Error> {
        #[cfg(baton_compact)]
        return match self.leaf(s, at)? {
            Leaf::Str(s) => v.visit_borrowed_str(s),
            Leaf::I32(i) => v.visit_i32(i),
            Leaf::Bool(b) => v.visit_bool(b),
            Leaf::I64(i) => v.visit_i64(i),
            #[cfg(feature = "float")]
            Leaf::F64(d) => v.visit_f64(d),
            Leaf::Bytes(b) => v.visit_borrowed_bytes(b),
            Leaf::Unit => v.visit_unit(),
        };
        // On hosts, visiting straight from the scalar is faster.
        #[cfg(not(baton_compact))]
        match s {
            Scalar::Str(t) | Scalar::DateTime(_, t) => {
                let s = self.text_str(t, at)?;
                v.visit_borrowed_str(s)
            }
            Scalar::Int(i) => v.visit_i32(i),
            Scalar::Bool(b) => v.visit_bool(b),
            Scalar::I8(i) => v.visit_i64(i),
            #[cfg(feature = "float")]
            Scalar::Double(d) => v.visit_f64(d),
            #[cfg(not(feature = "float"))]
            Scalar::Double(_) => Err(Error::serde(ErrorKind::InvalidType)),
            Scalar::Base64(b) => {
                let bytes = self.b64_bytes(b, at)?;
                v.visit_borrowed_bytes(bytes)
            }
            Scalar::Nil => v.visit_unit(),
        }
    }

    fn visit_head<V: Visitor<'de>>(
        &mut self,
        head: Head<'de>,
        v: V,
        at: usize,
        fields: Option<&'static [&'static str]>,
    ) -> Result<V::Value, Error> {
        match head {
            Head::Scalar(s) => self.visit_scalar(s, v, at),
            Head::Struct(c) => self.visit_struct(c, v, fields),
            Head::Array(c) => self.visit_array(c, v),
        }
        .map_err(|e| e.at_if_unset(at))
    }

    fn visit_struct<V: Visitor<'de>>(
        &mut self,
        c: Container,
        v: V,
        fields: Option<&'static [&'static str]>,
    ) -> Result<V::Value, Error> {
        let (is_top, dedup) = self.enter_struct(&c, fields)?;
        let lenient = self.lenient;
        let mut acc = MapAcc {
            de: self,
            c,
            lenient,
            name: "",
            ordinal: 0,
            is_top,
            dedup,
            done: false,
        };
        let r = match v.visit_map(&mut acc) {
            Ok(val) => acc.finish().map(|()| val),
            Err(e) => Err(e),
        };
        self.depth -= 1;
        self.lenient = lenient;
        r.map_err(|e| struct_error(e, is_top))
    }

    /// Before a struct's members: the last-wins scan (when restarted), one level deeper.
    #[cfg_attr(baton_compact, inline(never))]
    #[cfg_attr(not(baton_compact), inline(always))]
    fn enter_struct(
        &mut self,
        c: &Container,
        fields: Option<&'static [&'static str]>,
    ) -> Result<(bool, Option<Dedup>), Error> {
        let is_top = self.depth == 1;
        let dedup = match fields {
            Some(fields) if self.last_wins => Some(Dedup::scan(&self.r, c, fields, self.depth)),
            _ => None,
        };
        self.depth += 1;
        Ok((is_top, dedup))
    }

    fn visit_array<V: Visitor<'de>>(&mut self, c: Container, v: V) -> Result<V::Value, Error> {
        self.depth += 1;
        let mut acc = SeqAcc {
            de: self,
            c,
            done: false,
        };
        let r = match v.visit_seq(&mut acc) {
            Ok(val) => acc.finish().map(|()| val),
            Err(e) => Err(e),
        };
        self.depth -= 1;
        r
    }

    #[cfg_attr(not(baton_compact), inline)]
    fn any<V: Visitor<'de>>(
        &mut self,
        v: V,
        fields: Option<&'static [&'static str]>,
    ) -> Result<V::Value, Error> {
        let (head, at) = self.head()?;
        self.visit_head(head, v, at, fields)
    }

    /// Reads the next value, refused unless it is of the type `want` (see [`typed`]).
    #[cfg_attr(not(baton_compact), inline)]
    fn want<V: Visitor<'de>>(&mut self, want: Want, v: V) -> Result<V::Value, Error> {
        let (s, at) = self.typed_head(want)?;
        self.visit_head(Head::Scalar(s), v, at, None)
    }

    /// The next value, which must be a scalar of the type `want` (see [`typed`]), and
    /// where it starts.
    #[cfg_attr(baton_compact, inline(never))]
    #[cfg_attr(not(baton_compact), inline(always))]
    fn typed_head(&mut self, want: Want) -> Result<(Scalar<'de>, usize), Error> {
        let (head, at) = self.head()?;
        Ok((typed(want, head, self.lenient, at)?, at))
    }

    /// Reads the next value's head and where it starts.
    #[cfg_attr(baton_compact, inline(never))]
    #[cfg_attr(not(baton_compact), inline(always))]
    fn head(&mut self) -> Result<(Head<'de>, usize), Error> {
        let at = self.r.pos;
        let head = self.r.value(self.depth)?;
        Ok((head, at))
    }
}

/// A struct's error as seen from outside it: a missing member of the top-level struct is a
/// missing param member.
#[cfg_attr(baton_compact, inline(never))]
fn struct_error(e: Error, is_top: bool) -> Error {
    if is_top
        && matches!(
            e.kind(),
            ErrorKind::MissingMember | ErrorKind::DuplicateMember
        )
    {
        e.member_is_param()
    } else {
        e
    }
}

/// A sensitive member given twice (in last-wins mode, where the struct's visitor never sees
/// the earlier occurrence).
#[cfg_attr(baton_compact, inline(never))]
fn duplicate(name: &str, at: usize, is_top: bool) -> Error {
    let e = Error::new(ErrorKind::DuplicateMember, at).with_member(name);
    if is_top {
        e.with_param_member(name)
    } else {
        e
    }
}

/// Whether a typed decode that failed with `e` may start again in last-wins mode: a
/// duplicate member, unless it is a sensitive one (see
/// [`CallDecoder::sensitive_members`](crate::CallDecoder::sensitive_members)).
#[cfg_attr(baton_compact, inline(never))]
pub(crate) fn restart_for(e: &Error, de: &De<'_>) -> bool {
    e.kind() == ErrorKind::DuplicateMember && !e.member().is_some_and(|m| de.is_sensitive(m))
}

/// A scalar as handed to a visitor.
#[cfg(baton_compact)]
enum Leaf<'de> {
    Str(&'de str),
    I32(i32),
    I64(i64),
    Bool(bool),
    #[cfg(feature = "float")]
    F64(f64),
    Bytes(&'de [u8]),
    Unit,
}

/// "Last occurrence wins" for a struct with known fields: where each field occurs last.
///
/// The look-ahead never reports an error: when it meets one it stops, and what it found
/// before stands. Decoding then meets that error itself, in document order, after any
/// earlier one (a member of the wrong type, say), and names the member it belongs to: the
/// same error as without a duplicate, and as the stream decoder reports.
struct Dedup {
    fields: &'static [&'static str],
    /// Ordinal of each field's last occurrence (`u32::MAX`: absent); `None` when there are
    /// too many fields to track (then each member looks ahead by itself).
    last: Option<[u32; 64]>,
}

impl Dedup {
    fn scan<'de>(
        r: &Reader<'de>,
        c: &Container,
        fields: &'static [&'static str],
        depth: u32,
    ) -> Dedup {
        let mut last = [u32::MAX; 64];
        let track = fields.len() <= last.len();
        if track {
            let mut r2 = *r;
            let mut ordinal = 0u32;
            // An error ends the scan (see the type's docs).
            while let Ok(Some(name)) = r2.member_name(c) {
                if let Some(i) = fields.iter().position(|f| name.eq_str(f)) {
                    if let Some(slot) = last.get_mut(i) {
                        *slot = ordinal;
                    }
                }
                if r2.skip_value(depth + 1).is_err() || r2.member_end().is_err() {
                    break;
                }
                ordinal += 1;
            }
        }
        Dedup {
            fields,
            last: track.then_some(last),
        }
    }

    /// Whether the member `name` (the `ordinal`-th) is the last with its name. `after` is a
    /// reader just after the name, for the look-ahead fallback.
    fn keep(
        &self,
        ordinal: u32,
        name: &str,
        after: &Reader<'_>,
        c: &Container,
        depth: u32,
    ) -> bool {
        let Some(i) = self.fields.iter().position(|f| *f == name) else {
            return true; // unknown members are ignored by the visitor anyway
        };
        if let Some(last) = &self.last {
            return last.get(i).copied() == Some(ordinal);
        }
        // An error ends the look-ahead: this member is kept (see the type's docs).
        let mut r2 = *after;
        if r2.skip_value(depth + 1).is_err() || r2.member_end().is_err() {
            return true;
        }
        while let Ok(Some(other)) = r2.member_name(c) {
            if other.eq_str(name) {
                return false;
            }
            if r2.skip_value(depth + 1).is_err() || r2.member_end().is_err() {
                break;
            }
        }
        true
    }
}

struct MapAcc<'a, 'de> {
    de: &'a mut De<'de>,
    c: Container,
    /// Whether conversions are allowed around this struct (restored after its members).
    lenient: bool,
    name: &'de str,
    ordinal: u32,
    is_top: bool,
    dedup: Option<Dedup>,
    done: bool,
}

impl<'de> MapAcc<'_, 'de> {
    /// After the visitor: the members it did not ask for are checked and skipped.
    #[cfg_attr(baton_compact, inline(never))]
    #[cfg_attr(not(baton_compact), inline(always))]
    fn finish(&mut self) -> Result<(), Error> {
        if self.done {
            return Ok(());
        }
        while self.de.r.member_name(&self.c)?.is_some() {
            self.de.r.skip_value(self.de.depth)?;
            self.de.r.member_end()?;
        }
        self.done = true;
        Ok(())
    }

    /// The next member name to hand to the visitor (earlier duplicates skipped in last-wins
    /// mode) and where it starts; `None` after the last.
    #[cfg_attr(baton_compact, inline(never))]
    #[cfg_attr(not(baton_compact), inline(always))]
    fn next_name(&mut self) -> Result<Option<(&'de str, usize)>, Error> {
        loop {
            let at = self.de.r.pos;
            let Some(name) = self.de.r.member_name(&self.c)? else {
                self.done = true;
                self.de.lenient = self.lenient;
                return Ok(None);
            };
            let name = self.de.text_str(name, at)?;
            let ordinal = self.ordinal;
            self.ordinal += 1;
            if let Some(d) = &self.dedup {
                let depth = self.de.depth - 1;
                if !d.keep(ordinal, name, &self.de.r, &self.c, depth) {
                    if self.de.is_sensitive(name) {
                        return Err(duplicate(name, at, self.is_top));
                    }
                    self.de.r.skip_value(self.de.depth)?;
                    self.de.r.member_end()?;
                    continue;
                }
            }
            self.name = name;
            // A sensitive member's value is never converted.
            self.de.lenient = self.lenient && !self.de.is_sensitive(name);
            return Ok(Some((name, at)));
        }
    }

    /// A member value's error, named after the member.
    #[cfg_attr(baton_compact, inline(never))]
    fn value_error(&self, e: Error, at: usize) -> Error {
        let e = e.at_if_unset(at).with_member(self.name);
        if self.is_top {
            e.with_param_member(self.name)
        } else {
            e
        }
    }
}

impl<'de> SeqAcc<'_, 'de> {
    /// After the visitor: the elements it did not ask for are checked and skipped.
    #[cfg_attr(baton_compact, inline(never))]
    #[cfg_attr(not(baton_compact), inline(always))]
    fn finish(&mut self) -> Result<(), Error> {
        if !self.done {
            while self.de.r.array_next(&self.c)? {
                self.de.r.skip_value(self.de.depth)?;
            }
        }
        Ok(())
    }
}

impl<'de> de::MapAccess<'de> for MapAcc<'_, 'de> {
    type Error = Error;

    #[cfg_attr(not(baton_compact), inline)]
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some((name, at)) = self.next_name()? else {
            return Ok(None);
        };
        seed.deserialize(StrDe(name))
            .map(Some)
            .map_err(|e| e.at_if_unset(at))
    }

    #[cfg_attr(not(baton_compact), inline)]
    fn next_value_seed<S: DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Error> {
        let at = self.de.r.pos;
        match seed.deserialize(&mut *self.de) {
            Ok(v) => {
                self.de.r.member_end()?;
                Ok(v)
            }
            Err(e) => Err(self.value_error(e, at)),
        }
    }
}

struct SeqAcc<'a, 'de> {
    de: &'a mut De<'de>,
    c: Container,
    done: bool,
}

impl<'de> de::SeqAccess<'de> for SeqAcc<'_, 'de> {
    type Error = Error;

    #[cfg_attr(not(baton_compact), inline)]
    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if !self.de.r.array_next(&self.c)? {
            self.done = true;
            return Ok(None);
        }
        let at = self.de.r.pos;
        seed.deserialize(&mut *self.de)
            .map(Some)
            .map_err(|e| e.at_if_unset(at))
    }
}

/// A borrowed string as a deserializer (member names, enum variants, dateTime text).
pub(crate) struct StrDe<'de>(pub(crate) &'de str);

impl<'de> de::Deserializer<'de> for StrDe<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        v.visit_borrowed_str(self.0)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// A unit enum variant named by a string value.
struct UnitVariant<'de>(&'de str);

impl<'de> de::EnumAccess<'de> for UnitVariant<'de> {
    type Error = Error;
    type Variant = UnitOnly;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, UnitOnly), Error> {
        seed.deserialize(StrDe(self.0)).map(|v| (v, UnitOnly))
    }
}

struct UnitOnly;

impl<'de> de::VariantAccess<'de> for UnitOnly {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        Ok(())
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, _seed: T) -> Result<T::Value, Error> {
        Err(Error::serde(ErrorKind::InvalidType))
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, _v: V) -> Result<V::Value, Error> {
        Err(Error::serde(ErrorKind::InvalidType))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        _v: V,
    ) -> Result<V::Value, Error> {
        Err(Error::serde(ErrorKind::InvalidType))
    }
}

impl<'de> de::Deserializer<'de> for &mut De<'de> {
    type Error = Error;

    #[cfg_attr(not(baton_compact), inline)]
    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.any(v, None)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        if self.r.peek_is_nil() {
            self.head()?;
            v.visit_none()
        } else {
            v.visit_some(self)
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        #[cfg(not(baton_compact))]
        {
            let at = self.r.pos;
            let (open, close) = (b"<value><string>", b"</string></value>");
            if let Some(s) = self.r.plain_scalar(open, close, Some) {
                return v
                    .visit_borrowed_str(s)
                    .map_err(|e: Error| e.at_if_unset(at));
            }
        }
        self.want(Want::Str, v)
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.deserialize_str(v)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        #[cfg(not(baton_compact))]
        {
            let at = self.r.pos;
            let (open, close) = (b"<value><boolean>", b"</boolean></value>");
            let parse = |s: &str| crate::scalar::parse_bool(s.as_bytes()).ok();
            if let Some(b) = self.r.plain_scalar(open, close, parse) {
                return v.visit_bool(b).map_err(|e: Error| e.at_if_unset(at));
            }
        }
        self.want(Want::Bool, v)
    }

    fn deserialize_i32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        #[cfg(not(baton_compact))]
        {
            let at = self.r.pos;
            let (open, close) = (b"<value><int>", b"</int></value>");
            let (min, max) = (i64::from(i32::MIN), i64::from(i32::MAX));
            let parse = |s: &str| crate::scalar::parse_int(s.as_bytes(), min, max).ok();
            if let Some(i) = self.r.plain_scalar(open, close, parse) {
                return v.visit_i32(i as i32).map_err(|e: Error| e.at_if_unset(at));
            }
        }
        self.want(Want::Int, v)
    }

    fn deserialize_i8<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.want(Want::Int, v)
    }

    fn deserialize_i16<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.want(Want::Int, v)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.want(Want::Int, v)
    }

    fn deserialize_i128<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.want(Want::Int, v)
    }

    fn deserialize_u8<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.want(Want::Int, v)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.want(Want::Int, v)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.want(Want::Int, v)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.want(Want::Int, v)
    }

    fn deserialize_u128<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.want(Want::Int, v)
    }

    fn deserialize_f32<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.want(Want::Double, v)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.want(Want::Double, v)
    }

    fn deserialize_char<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.want(Want::Str, v)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.want(Want::Bytes, v)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.want(Want::Bytes, v)
    }

    fn deserialize_unit<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.any(v, None)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        self.any(v, None)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        v: V,
    ) -> Result<V::Value, Error> {
        if name == DATETIME_NEWTYPE {
            let (s, at) = self.typed_head(Want::DateTime)?;
            return match s {
                Scalar::DateTime(_, t) | Scalar::Str(t) => {
                    let s = self.text_str(t, at)?;
                    v.visit_newtype_struct(StrDe(s))
                        .map_err(|e| e.at_if_unset(at))
                }
                _ => Err(Error::new(ErrorKind::InvalidType, at)),
            };
        }
        v.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        let (head, at) = self.head()?;
        match head {
            Head::Scalar(Scalar::Base64(b)) => {
                let bytes = self.b64_bytes(b, at)?;
                v.visit_seq(de::value::SeqDeserializer::<_, Error>::new(
                    bytes.iter().copied(),
                ))
                .map_err(|e| e.at_if_unset(at))
            }
            head => self.visit_head(head, v, at, None),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, _len: usize, v: V) -> Result<V::Value, Error> {
        self.deserialize_seq(v)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        v: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_seq(v)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        self.any(v, Some(fields))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Error> {
        let (head, at) = self.head()?;
        match head {
            Head::Scalar(Scalar::Str(t)) => {
                let s = self.text_str(t, at)?;
                v.visit_enum(UnitVariant(s)).map_err(|e| e.at_if_unset(at))
            }
            _ => Err(Error::new(ErrorKind::InvalidType, at)),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.r.skip_value(self.depth)?;
        v.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        map identifier
    }
}

/// The `<params>` of a call as a sequence of values.
pub(crate) struct ParamsDe<'a, 'de> {
    pub(crate) de: &'a mut De<'de>,
    /// `false` for an absent or empty `<params>`.
    pub(crate) present: bool,
}

struct ParamSeq<'a, 'de> {
    de: &'a mut De<'de>,
    done: bool,
    open: Option<Open>,
}

impl<'de> ParamSeq<'_, 'de> {
    /// `true` when a `<param>` was opened.
    fn next(&mut self) -> Result<bool, Error> {
        if self.done {
            return Ok(false);
        }
        if self.de.r.at_close()? {
            self.done = true;
            return Ok(false);
        }
        let open = self.de.r.open_named(b"param")?;
        if open.empty {
            return Err(Error::new(
                ErrorKind::UnexpectedElement,
                open.name_start - 1,
            ));
        }
        self.open = Some(open);
        Ok(true)
    }

    fn end_param(&mut self) -> Result<(), Error> {
        match self.open.take() {
            Some(open) => self.de.r.close(&open),
            None => Ok(()),
        }
    }
}

impl<'de> de::SeqAccess<'de> for ParamSeq<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if !self.next()? {
            return Ok(None);
        }
        let at = self.de.r.pos;
        self.de.depth = 1;
        let v = seed
            .deserialize(&mut *self.de)
            .map_err(|e| e.at_if_unset(at))?;
        self.end_param()?;
        Ok(Some(v))
    }
}

impl<'de> ParamsDe<'_, 'de> {
    fn visit<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        let mut seq = ParamSeq {
            de: self.de,
            done: !self.present,
            open: None,
        };
        let val = v.visit_seq(&mut seq)?;
        // Extra params are checked and ignored.
        while seq.next()? {
            seq.de.depth = 1;
            seq.de.r.skip_value(1)?;
            seq.end_param()?;
        }
        Ok(val)
    }
}

impl<'de> de::Deserializer<'de> for ParamsDe<'_, 'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Error> {
        self.visit(v)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

impl<'de> IntoDeserializer<'de, Error> for StrDe<'de> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}
