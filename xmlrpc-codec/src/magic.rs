//! How XML-RPC types map onto serde's data model, shared by the
//! deserializer and the serializer.
//!
//! | XML-RPC              | serde (serialize)                         | serde (deserialize)                        |
//! |----------------------|-------------------------------------------|--------------------------------------------|
//! | `int` / `i4`         | i8..i32, u8..u16; i64/u32/u64 that fit i32 | `visit_i32`                                |
//! | `i8`                 | i64/u32/u64 outside i32; newtype [`I8_NEWTYPE`] | `visit_i64`                           |
//! | `boolean`            | bool                                      | `visit_bool`                               |
//! | `string` / untyped   | str, char, unit variant                    | `visit_borrowed_str` (or `visit_str`)      |
//! | `double`             | f32, f64 (finite only)                     | `visit_f64`                                |
//! | `dateTime.iso8601`   | newtype struct named [`DATETIME_NEWTYPE`]  | `visit_borrowed_str`, or the newtype       |
//! | `base64`             | bytes                                     | `visit_borrowed_bytes` (or `visit_bytes`)  |
//! | `nil`                | none, unit, unit struct                    | `visit_none` / `visit_unit`                |
//! | `array`              | seq, tuple                                 | `visit_seq`                                |
//! | `struct`             | map (string keys), struct                  | `visit_map`                                |
//!
//! Serializing, also: `Some(x)` is written as `x`; a u64 above `i64::MAX` (or an i128/u128
//! outside i64) is an error; map keys may be str, char, unit variants or newtypes of those
//! (anything else is an error); a unit variant is its (renamed) name as a `<string>`; a
//! newtype variant is a one-member struct `{variant: value}`, a tuple variant
//! `{variant: [fields]}`, a struct variant `{variant: {fields}}`; other newtype structs are
//! transparent.

/// Name of the newtype struct that carries a `dateTime.iso8601` value
/// through serde. Its single field serializes as the ISO 8601 text.
pub const DATETIME_NEWTYPE: &str = "$baton::dateTime.iso8601";

/// Name of a newtype struct whose single integer field is always written as `<i8>`, even
/// when it fits i32 (serialize only; for tools that keep the source's type, such as an
/// untyped value tree). Plain integers choose `<int>` or `<i8>` by range.
pub const I8_NEWTYPE: &str = "$baton::i8";
