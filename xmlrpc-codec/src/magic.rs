//! How XML-RPC types map onto serde's data model, shared by the
//! deserializer and the serializer.
//!
//! | XML-RPC              | serde (serialize)                         | serde (deserialize)                        |
//! |----------------------|-------------------------------------------|--------------------------------------------|
//! | `int` / `i4`         | i8..i32, u8..u16; i64/u32/u64 that fit i32 | `visit_i32`                                |
//! | `i8`                 | i64/u32/u64 outside i32                    | `visit_i64`                                |
//! | `boolean`            | bool                                      | `visit_bool`                               |
//! | `string` / untyped   | str, char, unit variant                    | `visit_borrowed_str` (or `visit_str`)      |
//! | `double`             | f32, f64 (finite only)                     | `visit_f64`                                |
//! | `dateTime.iso8601`   | newtype struct named [`DATETIME_NEWTYPE`]  | `visit_borrowed_str`, or the newtype       |
//! | `base64`             | bytes                                     | `visit_borrowed_bytes` (or `visit_bytes`)  |
//! | `nil`                | none, unit, unit struct                    | `visit_none` / `visit_unit`                |
//! | `array`              | seq, tuple                                 | `visit_seq`                                |
//! | `struct`             | map (string keys), struct                  | `visit_map`                                |

/// Name of the newtype struct that carries a `dateTime.iso8601` value
/// through serde. Its single field serializes as the ISO 8601 text.
pub const DATETIME_NEWTYPE: &str = "$baton::dateTime.iso8601";
