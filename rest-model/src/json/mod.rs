//! A small JSON toolkit for `no_std` without allocation: a positioned pull
//! reader that unescapes strings in place, raw objects whose members can
//! be inspected, and a writer.
//!
//! Why not `serde-json-core`: its errors carry no position (the
//! Conductor's error 50 names line, column and character), its
//! `deny_unknown_fields` cannot name the unrecognized keys (error 20
//! must), it cannot borrow escaped strings or keep a value as raw text
//! (`advanced_parameters`), and its map-key serializer does not escape.

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
