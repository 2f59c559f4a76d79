//! A small JSON toolkit for `no_std` without allocation: a positioned pull
//! reader that unescapes strings in place, raw objects whose members can
//! be inspected, and a writer.
//!
//! Why not `serde-json-core` (read at 0.6/0.7, `src/de/mod.rs`): its
//! `de::Error` is a field-less enum (`ExpectedColon`, `InvalidNumber`,
//! ...), so no error can say where it is, and the Conductor's error 50
//! names line, column and character; a serde `deny_unknown_fields`
//! stops at the first unknown key (a `CustomError` whose text is
//! dropped without the `custom-error-messages` feature, cut to 64
//! characters with it), and error 20 names every unrecognized key; it
//! unescapes into a second buffer (`from_slice_escaped`), not in place,
//! and it has no raw-value type to keep `advanced_parameters` as text.
//! Its serializer is not the reason: it writes map keys through
//! `serialize_str`, escaped like any string.

mod escape;
mod raw;
mod reader;
mod syntax;
mod write;

pub use escape::{escaped_eq, Unescape};
pub use raw::{Elements, Entries, PyRepr, RawArray, RawObject, RawStr};
pub use reader::{Reader, ValueKind, MAX_DEPTH};
pub use syntax::{SyntaxError, SyntaxKind};
pub use write::{write_display, write_str, CountingWriter, Encode, ObjectWriter, SliceWriter};
