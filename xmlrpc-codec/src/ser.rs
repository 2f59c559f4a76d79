//! The serde [`Serializer`](serde::Serializer): any `Serialize` value written straight to a
//! [`Sink`] as XML-RPC, following the table in [`crate::magic`].
//!
//! Nothing is buffered: each value writes its tags and text as it is visited. Values that
//! XML-RPC cannot carry (non-finite doubles, integers beyond i64, non-string map keys,
//! characters XML 1.0 forbids) stop the encoding with an [`EncodeError`].

use serde::ser::{self, Impossible, Serialize};

use crate::base64::write_base64;
use crate::encode::datetime::write_datetime;
use crate::encode::number::{write_f32, write_f64, write_int};
use crate::encode::sink::Sink;
use crate::encode::text::{write_text, TextWriter};
use crate::encode::EncodeError;
use crate::magic::{DATETIME_NEWTYPE, I8_NEWTYPE};
use crate::DateTime;

type Result<T> = core::result::Result<T, EncodeError>;

/// Methods every narrow serializer below rejects with one error.
macro_rules! reject {
    ($err:expr; $($method:ident($($arg:ty),*) -> $ret:ty;)*) => {
        $(
            fn $method(self, $(_: $arg),*) -> Result<$ret> {
                Err($err)
            }
        )*
    };
}

/// Methods of a narrow serializer whose value types are all rejected.
macro_rules! reject_all_but_str {
    ($err:expr, $ok:ty) => {
        reject! { $err;
            serialize_bool(bool) -> $ok;
            serialize_i8(i8) -> $ok;
            serialize_i16(i16) -> $ok;
            serialize_i32(i32) -> $ok;
            serialize_i64(i64) -> $ok;
            serialize_u8(u8) -> $ok;
            serialize_u16(u16) -> $ok;
            serialize_u32(u32) -> $ok;
            serialize_u64(u64) -> $ok;
            serialize_f32(f32) -> $ok;
            serialize_f64(f64) -> $ok;
            serialize_bytes(&[u8]) -> $ok;
            serialize_none() -> $ok;
            serialize_unit() -> $ok;
            serialize_unit_struct(&'static str) -> $ok;
            serialize_seq(Option<usize>) -> Impossible<$ok, EncodeError>;
            serialize_tuple(usize) -> Impossible<$ok, EncodeError>;
            serialize_tuple_struct(&'static str, usize) -> Impossible<$ok, EncodeError>;
            serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Impossible<$ok, EncodeError>;
            serialize_map(Option<usize>) -> Impossible<$ok, EncodeError>;
            serialize_struct(&'static str, usize) -> Impossible<$ok, EncodeError>;
            serialize_struct_variant(&'static str, u32, &'static str, usize) -> Impossible<$ok, EncodeError>;
        }
        fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<$ok> {
            Err($err)
        }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<$ok> {
            Err($err)
        }
    };
}

/// Writes one `<value>...</value>`.
pub(crate) struct ValueSerializer<'a, S> {
    pub(crate) out: &'a mut S,
}

impl<S: Sink> ValueSerializer<'_, S> {
    #[inline]
    fn int(self, v: i32) -> Result<()> {
        self.out.put(b"<value><int>")?;
        write_int(self.out, v)?;
        self.out.put(b"</int></value>")
    }

    #[inline]
    fn i8(self, v: i64) -> Result<()> {
        self.out.put(b"<value><i8>")?;
        write_int(self.out, v)?;
        self.out.put(b"</i8></value>")
    }

    /// `<int>` when the value fits i32, `<i8>` otherwise.
    #[inline]
    fn integer(self, v: i64) -> Result<()> {
        match i32::try_from(v) {
            Ok(small) => self.int(small),
            Err(_) => self.i8(v),
        }
    }

    #[inline]
    fn string(self, s: &str) -> Result<()> {
        self.out.put(b"<value><string>")?;
        write_text(self.out, s)?;
        self.out.put(b"</string></value>")
    }

    /// `<value><struct><member><name>VARIANT</name>` — the opening of a variant's
    /// one-member struct.
    fn open_variant(&mut self, variant: &str) -> Result<()> {
        self.out.put(b"<value><struct><member><name>")?;
        write_text(self.out, variant)?;
        self.out.put(b"</name>")
    }
}

impl<'a, S: Sink> ser::Serializer for ValueSerializer<'a, S> {
    type Ok = ();
    type Error = EncodeError;
    type SerializeSeq = ArraySerializer<'a, S>;
    type SerializeTuple = ArraySerializer<'a, S>;
    type SerializeTupleStruct = ArraySerializer<'a, S>;
    type SerializeTupleVariant = ArraySerializer<'a, S>;
    type SerializeMap = StructSerializer<'a, S>;
    type SerializeStruct = StructSerializer<'a, S>;
    type SerializeStructVariant = StructSerializer<'a, S>;

    fn serialize_bool(self, v: bool) -> Result<()> {
        self.out.put(if v {
            b"<value><boolean>1</boolean></value>"
        } else {
            b"<value><boolean>0</boolean></value>"
        })
    }

    fn serialize_i8(self, v: i8) -> Result<()> {
        self.int(i32::from(v))
    }

    fn serialize_i16(self, v: i16) -> Result<()> {
        self.int(i32::from(v))
    }

    fn serialize_i32(self, v: i32) -> Result<()> {
        self.int(v)
    }

    fn serialize_i64(self, v: i64) -> Result<()> {
        self.integer(v)
    }

    fn serialize_i128(self, v: i128) -> Result<()> {
        self.integer(i64::try_from(v).map_err(|_| EncodeError::IntegerOutOfRange)?)
    }

    fn serialize_u8(self, v: u8) -> Result<()> {
        self.int(i32::from(v))
    }

    fn serialize_u16(self, v: u16) -> Result<()> {
        self.int(i32::from(v))
    }

    fn serialize_u32(self, v: u32) -> Result<()> {
        self.integer(i64::from(v))
    }

    fn serialize_u64(self, v: u64) -> Result<()> {
        self.integer(i64::try_from(v).map_err(|_| EncodeError::IntegerOutOfRange)?)
    }

    fn serialize_u128(self, v: u128) -> Result<()> {
        self.integer(i64::try_from(v).map_err(|_| EncodeError::IntegerOutOfRange)?)
    }

    fn serialize_f32(self, v: f32) -> Result<()> {
        if !v.is_finite() {
            return Err(EncodeError::NonFiniteDouble);
        }
        self.out.put(b"<value><double>")?;
        write_f32(self.out, v)?;
        self.out.put(b"</double></value>")
    }

    fn serialize_f64(self, v: f64) -> Result<()> {
        if !v.is_finite() {
            return Err(EncodeError::NonFiniteDouble);
        }
        self.out.put(b"<value><double>")?;
        write_f64(self.out, v)?;
        self.out.put(b"</double></value>")
    }

    fn serialize_char(self, v: char) -> Result<()> {
        self.string(v.encode_utf8(&mut [0u8; 4]))
    }

    fn serialize_str(self, v: &str) -> Result<()> {
        self.string(v)
    }

    fn serialize_bytes(self, v: &[u8]) -> Result<()> {
        self.out.put(b"<value><base64>")?;
        write_base64(self.out, v)?;
        self.out.put(b"</base64></value>")
    }

    fn serialize_none(self) -> Result<()> {
        self.out.put(b"<value><nil/></value>")
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<()> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<()> {
        self.out.put(b"<value><nil/></value>")
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
        self.out.put(b"<value><nil/></value>")
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<()> {
        self.string(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<()> {
        if name == DATETIME_NEWTYPE {
            let dt = value.serialize(DateTimeText)?;
            self.out.put(b"<value><dateTime.iso8601>")?;
            write_datetime(self.out, &dt)?;
            self.out.put(b"</dateTime.iso8601></value>")
        } else if name == I8_NEWTYPE {
            let v = value.serialize(IntegerValue)?;
            self.i8(v)
        } else {
            value.serialize(self)
        }
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<()> {
        self.open_variant(variant)?;
        value.serialize(ValueSerializer {
            out: &mut *self.out,
        })?;
        self.out.put(b"</member></struct></value>")
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<ArraySerializer<'a, S>> {
        self.out.put(b"<value><array><data>")?;
        Ok(ArraySerializer {
            out: self.out,
            variant: false,
        })
    }

    fn serialize_tuple(self, len: usize) -> Result<ArraySerializer<'a, S>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<ArraySerializer<'a, S>> {
        self.serialize_seq(Some(len))
    }

    fn serialize_tuple_variant(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<ArraySerializer<'a, S>> {
        self.open_variant(variant)?;
        self.out.put(b"<value><array><data>")?;
        Ok(ArraySerializer {
            out: self.out,
            variant: true,
        })
    }

    fn serialize_map(self, _len: Option<usize>) -> Result<StructSerializer<'a, S>> {
        self.out.put(b"<value><struct>")?;
        Ok(StructSerializer {
            out: self.out,
            variant: false,
        })
    }

    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<StructSerializer<'a, S>> {
        self.serialize_map(Some(len))
    }

    fn serialize_struct_variant(
        mut self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<StructSerializer<'a, S>> {
        self.open_variant(variant)?;
        self.out.put(b"<value><struct>")?;
        Ok(StructSerializer {
            out: self.out,
            variant: true,
        })
    }

    fn collect_str<T: core::fmt::Display + ?Sized>(self, value: &T) -> Result<()> {
        self.out.put(b"<value><string>")?;
        let mut w = TextWriter {
            out: &mut *self.out,
            error: None,
        };
        if core::fmt::write(&mut w, format_args!("{value}")).is_err() {
            return Err(w.error.unwrap_or(EncodeError::Custom));
        }
        self.out.put(b"</string></value>")
    }
}

/// The elements of an `<array>` (and of a tuple variant's array).
pub(crate) struct ArraySerializer<'a, S> {
    out: &'a mut S,
    /// Also close the variant's one-member struct.
    variant: bool,
}

impl<S: Sink> ArraySerializer<'_, S> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        value.serialize(ValueSerializer {
            out: &mut *self.out,
        })
    }

    fn finish(self) -> Result<()> {
        self.out.put(b"</data></array></value>")?;
        if self.variant {
            self.out.put(b"</member></struct></value>")?;
        }
        Ok(())
    }
}

impl<S: Sink> ser::SerializeSeq for ArraySerializer<'_, S> {
    type Ok = ();
    type Error = EncodeError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }

    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl<S: Sink> ser::SerializeTuple for ArraySerializer<'_, S> {
    type Ok = ();
    type Error = EncodeError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }

    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl<S: Sink> ser::SerializeTupleStruct for ArraySerializer<'_, S> {
    type Ok = ();
    type Error = EncodeError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }

    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl<S: Sink> ser::SerializeTupleVariant for ArraySerializer<'_, S> {
    type Ok = ();
    type Error = EncodeError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.element(value)
    }

    fn end(self) -> Result<()> {
        self.finish()
    }
}

/// The members of a `<struct>` (and of a struct variant's struct).
pub(crate) struct StructSerializer<'a, S> {
    out: &'a mut S,
    /// Also close the variant's one-member struct.
    variant: bool,
}

impl<S: Sink> StructSerializer<'_, S> {
    #[cfg_attr(baton_compact, inline(never))]
    fn member<T: Serialize + ?Sized>(&mut self, name: &str, value: &T) -> Result<()> {
        self.open_member(name)?;
        value.serialize(ValueSerializer {
            out: &mut *self.out,
        })?;
        self.close_member()
    }

    /// `<member><name>NAME</name>` (one out-of-line copy on bare metal, shared by every
    /// member type).
    #[cfg_attr(baton_compact, inline(never))]
    fn open_member(&mut self, name: &str) -> Result<()> {
        self.out.put(b"<member><name>")?;
        write_text(self.out, name)?;
        self.out.put(b"</name>")
    }

    /// `</member>`.
    #[cfg_attr(baton_compact, inline(never))]
    fn close_member(&mut self) -> Result<()> {
        self.out.put(b"</member>")
    }

    fn finish(self) -> Result<()> {
        self.out.put(b"</struct></value>")?;
        if self.variant {
            self.out.put(b"</member></struct></value>")?;
        }
        Ok(())
    }
}

impl<S: Sink> ser::SerializeMap for StructSerializer<'_, S> {
    type Ok = ();
    type Error = EncodeError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<()> {
        self.out.put(b"<member><name>")?;
        key.serialize(KeySerializer {
            out: &mut *self.out,
        })?;
        self.out.put(b"</name>")
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        value.serialize(ValueSerializer {
            out: &mut *self.out,
        })?;
        self.out.put(b"</member>")
    }

    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl<S: Sink> ser::SerializeStruct for StructSerializer<'_, S> {
    type Ok = ();
    type Error = EncodeError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.member(key, value)
    }

    fn end(self) -> Result<()> {
        self.finish()
    }
}

impl<S: Sink> ser::SerializeStructVariant for StructSerializer<'_, S> {
    type Ok = ();
    type Error = EncodeError;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<()> {
        self.member(key, value)
    }

    fn end(self) -> Result<()> {
        self.finish()
    }
}

/// Writes a map key as the escaped text of `<name>`: strings, chars, unit variants (their
/// name) and newtypes around those; anything else is [`EncodeError::KeyNotString`].
struct KeySerializer<'a, S> {
    out: &'a mut S,
}

impl<S: Sink> ser::Serializer for KeySerializer<'_, S> {
    type Ok = ();
    type Error = EncodeError;
    type SerializeSeq = Impossible<(), EncodeError>;
    type SerializeTuple = Impossible<(), EncodeError>;
    type SerializeTupleStruct = Impossible<(), EncodeError>;
    type SerializeTupleVariant = Impossible<(), EncodeError>;
    type SerializeMap = Impossible<(), EncodeError>;
    type SerializeStruct = Impossible<(), EncodeError>;
    type SerializeStructVariant = Impossible<(), EncodeError>;

    reject_all_but_str!(EncodeError::KeyNotString, ());

    fn serialize_char(self, v: char) -> Result<()> {
        write_text(self.out, v.encode_utf8(&mut [0u8; 4]))
    }

    fn serialize_str(self, v: &str) -> Result<()> {
        write_text(self.out, v)
    }

    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<()> {
        write_text(self.out, variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<()> {
        value.serialize(self)
    }

    fn collect_str<T: core::fmt::Display + ?Sized>(self, value: &T) -> Result<()> {
        let mut w = TextWriter {
            out: self.out,
            error: None,
        };
        core::fmt::write(&mut w, format_args!("{value}"))
            .map_err(|_| w.error.unwrap_or(EncodeError::Custom))
    }
}

/// Reads the text inside the dateTime newtype and parses it.
struct DateTimeText;

impl ser::Serializer for DateTimeText {
    type Ok = DateTime;
    type Error = EncodeError;
    type SerializeSeq = Impossible<DateTime, EncodeError>;
    type SerializeTuple = Impossible<DateTime, EncodeError>;
    type SerializeTupleStruct = Impossible<DateTime, EncodeError>;
    type SerializeTupleVariant = Impossible<DateTime, EncodeError>;
    type SerializeMap = Impossible<DateTime, EncodeError>;
    type SerializeStruct = Impossible<DateTime, EncodeError>;
    type SerializeStructVariant = Impossible<DateTime, EncodeError>;

    reject_all_but_str!(EncodeError::InvalidDateTime, DateTime);

    reject! { EncodeError::InvalidDateTime;
        serialize_char(char) -> DateTime;
        serialize_unit_variant(&'static str, u32, &'static str) -> DateTime;
    }

    fn serialize_str(self, v: &str) -> Result<DateTime> {
        DateTime::parse_str(v).map_err(|_| EncodeError::InvalidDateTime)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<DateTime> {
        value.serialize(self)
    }

    fn collect_str<T: core::fmt::Display + ?Sized>(self, value: &T) -> Result<DateTime> {
        let mut buf = heapless::String::<{ DateTime::MAX_LEN + 8 }>::new();
        core::fmt::write(&mut buf, format_args!("{value}"))
            .map_err(|_| EncodeError::InvalidDateTime)?;
        self.serialize_str(&buf)
    }
}

/// Reads the integer inside the i8 newtype.
struct IntegerValue;

impl ser::Serializer for IntegerValue {
    type Ok = i64;
    type Error = EncodeError;
    type SerializeSeq = Impossible<i64, EncodeError>;
    type SerializeTuple = Impossible<i64, EncodeError>;
    type SerializeTupleStruct = Impossible<i64, EncodeError>;
    type SerializeTupleVariant = Impossible<i64, EncodeError>;
    type SerializeMap = Impossible<i64, EncodeError>;
    type SerializeStruct = Impossible<i64, EncodeError>;
    type SerializeStructVariant = Impossible<i64, EncodeError>;

    reject! { EncodeError::IntegerOutOfRange;
        serialize_bool(bool) -> i64;
        serialize_f32(f32) -> i64;
        serialize_f64(f64) -> i64;
        serialize_char(char) -> i64;
        serialize_str(&str) -> i64;
        serialize_bytes(&[u8]) -> i64;
        serialize_none() -> i64;
        serialize_unit() -> i64;
        serialize_unit_struct(&'static str) -> i64;
        serialize_unit_variant(&'static str, u32, &'static str) -> i64;
        serialize_seq(Option<usize>) -> Impossible<i64, EncodeError>;
        serialize_tuple(usize) -> Impossible<i64, EncodeError>;
        serialize_tuple_struct(&'static str, usize) -> Impossible<i64, EncodeError>;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Impossible<i64, EncodeError>;
        serialize_map(Option<usize>) -> Impossible<i64, EncodeError>;
        serialize_struct(&'static str, usize) -> Impossible<i64, EncodeError>;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Impossible<i64, EncodeError>;
    }

    fn serialize_i8(self, v: i8) -> Result<i64> {
        Ok(i64::from(v))
    }

    fn serialize_i16(self, v: i16) -> Result<i64> {
        Ok(i64::from(v))
    }

    fn serialize_i32(self, v: i32) -> Result<i64> {
        Ok(i64::from(v))
    }

    fn serialize_i64(self, v: i64) -> Result<i64> {
        Ok(v)
    }

    fn serialize_i128(self, v: i128) -> Result<i64> {
        i64::try_from(v).map_err(|_| EncodeError::IntegerOutOfRange)
    }

    fn serialize_u8(self, v: u8) -> Result<i64> {
        Ok(i64::from(v))
    }

    fn serialize_u16(self, v: u16) -> Result<i64> {
        Ok(i64::from(v))
    }

    fn serialize_u32(self, v: u32) -> Result<i64> {
        Ok(i64::from(v))
    }

    fn serialize_u64(self, v: u64) -> Result<i64> {
        i64::try_from(v).map_err(|_| EncodeError::IntegerOutOfRange)
    }

    fn serialize_u128(self, v: u128) -> Result<i64> {
        i64::try_from(v).map_err(|_| EncodeError::IntegerOutOfRange)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<i64> {
        Err(EncodeError::IntegerOutOfRange)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<i64> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<i64> {
        Err(EncodeError::IntegerOutOfRange)
    }

    fn collect_str<T: core::fmt::Display + ?Sized>(self, _: &T) -> Result<i64> {
        Err(EncodeError::IntegerOutOfRange)
    }
}

/// A call's params: a tuple or sequence whose elements each become one `<param>`
/// (`()` and unit structs: no params).
pub(crate) struct ParamsSerializer<'a, S> {
    pub(crate) out: &'a mut S,
}

impl<'a, S: Sink> ser::Serializer for ParamsSerializer<'a, S> {
    type Ok = ();
    type Error = EncodeError;
    type SerializeSeq = ParamList<'a, S>;
    type SerializeTuple = ParamList<'a, S>;
    type SerializeTupleStruct = ParamList<'a, S>;
    type SerializeTupleVariant = Impossible<(), EncodeError>;
    type SerializeMap = Impossible<(), EncodeError>;
    type SerializeStruct = Impossible<(), EncodeError>;
    type SerializeStructVariant = Impossible<(), EncodeError>;

    reject! { EncodeError::ParamsNotSequence;
        serialize_bool(bool) -> ();
        serialize_i8(i8) -> ();
        serialize_i16(i16) -> ();
        serialize_i32(i32) -> ();
        serialize_i64(i64) -> ();
        serialize_u8(u8) -> ();
        serialize_u16(u16) -> ();
        serialize_u32(u32) -> ();
        serialize_u64(u64) -> ();
        serialize_f32(f32) -> ();
        serialize_f64(f64) -> ();
        serialize_char(char) -> ();
        serialize_str(&str) -> ();
        serialize_bytes(&[u8]) -> ();
        serialize_none() -> ();
        serialize_unit_variant(&'static str, u32, &'static str) -> ();
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Impossible<(), EncodeError>;
        serialize_map(Option<usize>) -> Impossible<(), EncodeError>;
        serialize_struct(&'static str, usize) -> Impossible<(), EncodeError>;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> Impossible<(), EncodeError>;
    }

    fn serialize_unit(self) -> Result<()> {
        Ok(())
    }

    fn serialize_unit_struct(self, _name: &'static str) -> Result<()> {
        Ok(())
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<()> {
        Err(EncodeError::ParamsNotSequence)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        value: &T,
    ) -> Result<()> {
        if name == DATETIME_NEWTYPE || name == I8_NEWTYPE {
            return Err(EncodeError::ParamsNotSequence);
        }
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<()> {
        Err(EncodeError::ParamsNotSequence)
    }

    fn serialize_seq(self, _len: Option<usize>) -> Result<ParamList<'a, S>> {
        Ok(ParamList { out: self.out })
    }

    fn serialize_tuple(self, _len: usize) -> Result<ParamList<'a, S>> {
        Ok(ParamList { out: self.out })
    }

    fn serialize_tuple_struct(self, _name: &'static str, _len: usize) -> Result<ParamList<'a, S>> {
        Ok(ParamList { out: self.out })
    }

    fn collect_str<T: core::fmt::Display + ?Sized>(self, _: &T) -> Result<()> {
        Err(EncodeError::ParamsNotSequence)
    }
}

/// Writes each element as `<param>...</param>`.
pub(crate) struct ParamList<'a, S> {
    out: &'a mut S,
}

impl<S: Sink> ParamList<'_, S> {
    fn param<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.out.put(b"<param>")?;
        value.serialize(ValueSerializer {
            out: &mut *self.out,
        })?;
        self.out.put(b"</param>")
    }
}

impl<S: Sink> ser::SerializeSeq for ParamList<'_, S> {
    type Ok = ();
    type Error = EncodeError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.param(value)
    }

    fn end(self) -> Result<()> {
        Ok(())
    }
}

impl<S: Sink> ser::SerializeTuple for ParamList<'_, S> {
    type Ok = ();
    type Error = EncodeError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.param(value)
    }

    fn end(self) -> Result<()> {
        Ok(())
    }
}

impl<S: Sink> ser::SerializeTupleStruct for ParamList<'_, S> {
    type Ok = ();
    type Error = EncodeError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        self.param(value)
    }

    fn end(self) -> Result<()> {
        Ok(())
    }
}
