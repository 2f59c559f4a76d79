//! Constant-memory streaming decode: push bytes as they arrive, pull events.
//!
//! [`Stream`] owns one fixed buffer (any `AsRef<[u8]> + AsMut<[u8]>`: an array, a
//! `&mut [u8]`, a `Vec`) and never allocates. The caller pushes bytes in any chunking, down
//! to one byte at a time ([`Stream::push`], or [`Stream::space`] + [`Stream::commit`] to read
//! a socket straight into the buffer), says when the input ended ([`Stream::finish`]) and
//! pulls [`Event`]s ([`Stream::next_event`]). When the next token is not complete yet, `next_event`
//! returns [`Event::NeedMore`] instead of failing; consumed bytes are compacted away when
//! room is needed. Memory is the buffer plus under 0.5 KiB of state (the open elements of
//! up to [`MAX_DEPTH`] levels, 4 bytes each), whatever the document's size: the only
//! requirement is that each token (a tag, a scalar `<value>` with its text, a member name,
//! the XML declaration with the root's first tags) fits in it.
//!
//! [`Items`] (in [`items`]) builds on the same machinery to yield the elements of one array
//! member of a response struct decoded into typed serde structs, one at a time.
//!
//! ## Same results as the whole-document decoder
//! Every step runs the whole-document decoder's own reader (`reader/`) on the bytes
//! at hand, so the rules, limits, error kinds and offsets are those of [`crate::view::parse_from_slice`]
//! (events) and [`crate::decode_response_from_slice`] (items):
//!
//! * a document the whole-document decoder accepts yields the same values, in document
//!   order, for every chunking;
//! * a document it rejects fails with the same [`Error`] (kind and byte offset into the
//!   document), after the events that precede the error;
//! * a token that does not fit in the buffer fails with [`ErrorKind::ScratchTooSmall`] at
//!   its start.
//!
//! ## The exact contract
//! The grammar's token parsers are nom *streaming* parsers: at the end of the bytes at hand
//! they answer Incomplete, never an error and never a guess (the reader reports it as
//! [`ErrorKind::UnexpectedEof`], which is what the whole-document decoder reports for a
//! cut document). A step acts on it: Incomplete with room left in the buffer asks for more
//! input ([`Event::NeedMore`]); Incomplete in a full buffer is
//! [`ErrorKind::ScratchTooSmall`] at the token's start, exactly; any other error is final
//! as found, wherever it is in the buffer.
//!
//! One rule keeps the stream from *reporting* a final error at once: the whole-document
//! decoder checks the UTF-8 of the whole input before anything else, so invalid UTF-8
//! anywhere is the error, even after another one. The error is therefore kept as
//! *pending* ([`Stream::pending_error`], visible at once) and the stream reads on to the
//! end of input checking UTF-8 only (constant memory: checked bytes are dropped), then
//! reports invalid UTF-8 if it found any and the pending error otherwise. (Dropping the
//! rule would save reading the rest of a rejected document, a cost only rejected input
//! pays; keeping it keeps stream and whole-document errors identical.) A caller that would
//! rather stop reading at the first error stops when [`Stream::pending_error`] says so,
//! knowing the error is final unless the rest of the input is invalid UTF-8.
//!
//! ## Buffer layout
//! The first [`Stream::HEAD`] bytes of the buffer hold the names of the open elements (an
//! end tag must repeat its start tag byte for byte; the start tag itself is long gone), the
//! rest holds unread input.
//!
//! [`Error`]: crate::Error
//! [`ErrorKind::ScratchTooSmall`]: crate::ErrorKind::ScratchTooSmall
//! [`ErrorKind::UnexpectedEof`]: crate::ErrorKind::UnexpectedEof

// Layout: `Stream` and its state live in `events`; `Items` (in `items`) drives them only
// through the crate-internal step API `events` gives it (`Stream::step_with` for the steps
// whose results borrow nothing, `Stream::borrowing_step` for the one whose item borrows the
// buffer), never through their fields, which `items` cannot see.

mod events;
pub mod items;
mod names;

pub use events::{Event, Stream};
pub use items::{Item, Items};

/// Deepest nesting a stream supports; [`DecodeOptions::max_depth`] is capped to it.
///
/// [`DecodeOptions::max_depth`]: crate::DecodeOptions::max_depth
pub const MAX_DEPTH: usize = 64;
