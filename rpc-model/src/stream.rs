//! Streaming enumerate replies: `participant.enumerate` and `conference.enumerate`
//! decoded one participant / conference at a time through a fixed buffer, so a client
//! never holds a whole reply (the spec's 2,400 participants are about 4.8 MB of XML).
//!
//! Push the reply body as it arrives ([`ParticipantStream::push`], or
//! [`ParticipantStream::space`] + [`ParticipantStream::commit`]), call
//! [`ParticipantStream::finish`] at its end, and pull [`EnumerateItem`]s. Decoding,
//! limits and errors are those of [`crate::decode_reply_in_place`] (see
//! [`baton_xmlrpc::stream`]); `enumerateID` and `currentRevision` are reported wherever
//! they appear, before or after the list (a repeated one: the last wins).
//!
//! ```
//! use baton_rpc::stream::{EnumerateItem, ParticipantStream};
//!
//! let reply = b"<?xml version='1.0'?><methodResponse><params><param><value><struct>\
//!   <member><name>participants</name><value><array><data>\
//!   <value><struct><member><name>participantName</name><value>p1</value></member></struct></value>\
//!   </data></array></value></member>\
//!   <member><name>enumerateID</name><value><int>7</int></value></member>\
//!   </struct></value></param></params></methodResponse>";
//! let mut s = ParticipantStream::new([0u8; 1024]);
//! let mut rest = &reply[..];
//! let (mut names, mut id) = (0, None);
//! loop {
//!     match s.next_item().unwrap() {
//!         EnumerateItem::NeedMore if rest.is_empty() => s.finish(),
//!         EnumerateItem::NeedMore => {
//!             let n = s.push(&rest[..rest.len().min(100)]);
//!             rest = &rest[n..];
//!         }
//!         EnumerateItem::Item(p) => names += p.participant_name.map_or(0, str::len),
//!         EnumerateItem::EnumerateId(e) => id = e.map(|e| format!("{e:?}")),
//!         EnumerateItem::CurrentRevision(_) | EnumerateItem::Fault(_) => {}
//!         EnumerateItem::End => break,
//!     }
//! }
//! assert_eq!((names, id.as_deref()), (2, Some("Int(7)")));
//! ```

use baton_xmlrpc::stream::{Item, Items};
use baton_xmlrpc::view::Value;
use baton_xmlrpc::{DecodeOptions, Error, ErrorKind, Text};

use crate::client::RemoteFault;
use crate::conference::Conference;
use crate::participant::Participant;
use crate::value::EnumerateId;

/// What an enumerate stream found.
#[derive(Debug)]
pub enum EnumerateItem<'a, T> {
    /// The next item is not complete: push more bytes (or finish).
    NeedMore,
    /// One participant / conference.
    Item(T),
    /// `enumerateID`: more results follow (pass it to the next call); `None` when sent
    /// as `nil`.
    EnumerateId(Option<EnumerateId<'a>>),
    /// `currentRevision` (`None` when sent as `nil`).
    CurrentRevision(Option<i32>),
    /// The reply is a fault.
    Fault(RemoteFault<'a>),
    /// The reply ended.
    End,
}

/// `participant.enumerate` reply, one [`Participant`] at a time (see the
/// [module](self) example; [`ConferenceStream`] for a fault).
///
/// ```
/// use baton_rpc::stream::{EnumerateItem, ParticipantStream};
///
/// // A socket read straight into the stream's buffer: space() + commit().
/// let reply = b"<methodResponse><params><param><value><struct>\
///     <member><name>currentRevision</name><value><int>3</int></value></member>\
///     <member><name>participants</name><value><array><data></data></array></value></member>\
///     </struct></value></param></params></methodResponse>";
/// let mut s = ParticipantStream::new([0u8; 512]);
/// let space = s.space();
/// space[..reply.len()].copy_from_slice(reply);
/// s.commit(reply.len());
/// s.finish();
/// let mut revision = None;
/// loop {
///     match s.next_item().unwrap() {
///         EnumerateItem::CurrentRevision(r) => revision = r,
///         EnumerateItem::Item(_) => panic!("no participants"),
///         EnumerateItem::End => break,
///         _ => {}
///     }
/// }
/// assert_eq!(revision, Some(3));
/// ```
#[derive(Debug)]
pub struct ParticipantStream<B>(EnumerateStream<B>);

/// `conference.enumerate` reply, one [`Conference`] at a time.
///
/// ```
/// use baton_rpc::stream::{ConferenceStream, EnumerateItem};
///
/// let reply = b"<methodResponse><params><param><value><struct>\
///     <member><name>conferences</name><value><array><data>\
///     <value><struct><member><name>conferenceName</name><value>weekly</value></member></struct></value>\
///     <value><struct><member><name>conferenceName</name><value>daily</value></member></struct></value>\
///     </data></array></value></member></struct></value></param></params></methodResponse>";
/// let mut s = ConferenceStream::new([0u8; 512]);
/// let mut chunks = reply.chunks(32);
/// let mut names = Vec::new();
/// loop {
///     match s.next_item().unwrap() {
///         EnumerateItem::NeedMore => match chunks.next() {
///             Some(c) => assert_eq!(s.push(c), c.len()),
///             None => s.finish(),
///         },
///         EnumerateItem::Item(c) => names.push(c.conference_name.unwrap().to_owned()),
///         EnumerateItem::Fault(f) => panic!("fault {}", f.code),
///         EnumerateItem::End => break,
///         _ => {}
///     }
/// }
/// assert_eq!(names, ["weekly", "daily"]);
///
/// // A fault reply is an item too.
/// let fault = b"<methodResponse><fault><value><struct>\
///     <member><name>faultCode</name><value><int>15</int></value></member>\
///     <member><name>faultString</name><value>insufficient privileges</value></member>\
///     </struct></value></fault></methodResponse>";
/// let mut s = ConferenceStream::new([0u8; 512]);
/// s.push(fault);
/// s.finish();
/// let EnumerateItem::Fault(f) = s.next_item().unwrap() else { panic!() };
/// assert_eq!(f.code, 15);
/// ```
#[derive(Debug)]
pub struct ConferenceStream<B>(EnumerateStream<B>);

/// A streamed enumerate reply, whichever list it carries: what a client's
/// paging loop drives ([`ParticipantStream`], [`ConferenceStream`]; the
/// [`crate::enumerate::Enumerate`] params type names its stream).
pub trait ItemStream<B>: Sized {
    /// What is listed (`Participant<'static>`, `Conference<'static>`: see [`ItemFamily`]).
    type Family: ItemFamily;
    /// A stream reading into `buf` (see [`ParticipantStream::new`]).
    fn new(buf: B) -> Self;
    /// Copies as much of `bytes` as fits; returns how many were taken.
    fn push(&mut self, bytes: &[u8]) -> usize;
    /// The free part of the buffer, to read into; then [`ItemStream::commit`].
    fn space(&mut self) -> &mut [u8];
    /// Marks `n` bytes written into [`ItemStream::space`] as pushed.
    fn commit(&mut self, n: usize);
    /// The reply ended.
    fn finish(&mut self);
    /// The next item, or [`EnumerateItem::NeedMore`] (see
    /// [`ParticipantStream::next_item`]).
    #[must_use = "the item (or error) is lost if not looked at"]
    fn next_item(&mut self) -> Result<EnumerateItem<'_, ItemOf<'_, Self::Family>>, Error>;
}

/// A listed item's type at any lifetime: implemented by the item type at
/// `'static` (`Participant<'static>` names `Participant<'r>`).
pub trait ItemFamily {
    /// The item borrowing for `'r`.
    type Item<'r>;
}

/// The item of family `F` borrowing for `'r`.
pub type ItemOf<'r, F> = <F as ItemFamily>::Item<'r>;

impl ItemFamily for Participant<'static> {
    type Item<'r> = Participant<'r>;
}

impl ItemFamily for Conference<'static> {
    type Item<'r> = Conference<'r>;
}

macro_rules! stream_impl {
    ($name:ident, $item:ident, $member:literal) => {
        impl<B: AsRef<[u8]> + AsMut<[u8]>> ItemStream<B> for $name<B> {
            type Family = $item<'static>;
            fn new(buf: B) -> Self {
                $name::new(buf)
            }
            fn push(&mut self, bytes: &[u8]) -> usize {
                $name::push(self, bytes)
            }
            fn space(&mut self) -> &mut [u8] {
                $name::space(self)
            }
            fn commit(&mut self, n: usize) {
                $name::commit(self, n)
            }
            fn finish(&mut self) {
                $name::finish(self)
            }
            fn next_item(&mut self) -> Result<EnumerateItem<'_, $item<'_>>, Error> {
                $name::next_item(self)
            }
        }

        impl<B: AsRef<[u8]> + AsMut<[u8]>> $name<B> {
            /// A stream reading into `buf` (an eighth of it is scratch space for text
            /// that needs unescaping); the largest item must fit in the rest.
            pub fn new(buf: B) -> Self {
                $name(EnumerateStream::new(buf, $member))
            }

            /// A stream with `scratch` bytes of `buf` for unescaped text, and limits.
            pub fn with_scratch(buf: B, scratch: usize, opts: DecodeOptions) -> Self {
                $name(EnumerateStream::with_scratch(buf, $member, scratch, opts))
            }

            /// Copies as much of `bytes` as fits; returns how many were taken.
            pub fn push(&mut self, bytes: &[u8]) -> usize {
                self.0.items.push(bytes)
            }

            /// The free part of the buffer, to read into; then [`Self::commit`].
            pub fn space(&mut self) -> &mut [u8] {
                self.0.items.space()
            }

            /// Marks `n` bytes written into [`Self::space`] as pushed.
            pub fn commit(&mut self, n: usize) {
                self.0.items.commit(n)
            }

            /// The reply ended.
            pub fn finish(&mut self) {
                self.0.items.finish()
            }

            /// The next item, or [`EnumerateItem::NeedMore`]: call it after each
            /// `push` / `commit` and after `finish` until it answers `NeedMore` (push
            /// more) or `End`. (Not `Iterator::next`: each item borrows the buffer.)
            #[must_use = "the item (or error) is lost if not looked at"]
            pub fn next_item(&mut self) -> Result<EnumerateItem<'_, $item<'_>>, Error> {
                self.0.next_item::<$item<'_>>()
            }
        }
    };
}

stream_impl!(ParticipantStream, Participant, "participants");
stream_impl!(ConferenceStream, Conference, "conferences");

/// The reply members besides the list.
const OTHER_MEMBERS: &[&str] = &["enumerateID", "currentRevision"];

/// Room for an `enumerateID` string that has to be unescaped (one written
/// with entities or character references): it is opaque, so it is kept
/// apart from the stream's buffer, as the whole-document decoder would
/// give it.
const ESCAPED_ID_CAPACITY: usize = 256;

/// The shared machinery: the typed item stream of one list member.
struct EnumerateStream<B> {
    items: Items<B>,
    escaped_id: [u8; ESCAPED_ID_CAPACITY],
}

impl<B> core::fmt::Debug for EnumerateStream<B> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("EnumerateStream").finish_non_exhaustive()
    }
}

impl<B: AsRef<[u8]> + AsMut<[u8]>> EnumerateStream<B> {
    fn new(buf: B, member: &'static str) -> Self {
        EnumerateStream {
            items: Items::new(buf, member).only_members(OTHER_MEMBERS),
            escaped_id: [0; ESCAPED_ID_CAPACITY],
        }
    }

    fn with_scratch(buf: B, member: &'static str, scratch: usize, opts: DecodeOptions) -> Self {
        EnumerateStream {
            items: Items::with_scratch(buf, member, scratch, opts).only_members(OTHER_MEMBERS),
            escaped_id: [0; ESCAPED_ID_CAPACITY],
        }
    }

    fn next_item<'a, T: serde::Deserialize<'a>>(
        &'a mut self,
    ) -> Result<EnumerateItem<'a, T>, Error> {
        let at = self.items.offset();
        let EnumerateStream { items, escaped_id } = self;
        Ok(match items.next_item::<T>()? {
            Item::NeedMore => EnumerateItem::NeedMore,
            Item::Element(t) => EnumerateItem::Item(t),
            Item::Fault(f) => EnumerateItem::Fault(RemoteFault {
                code: f.code,
                string: f.string,
            }),
            Item::End => EnumerateItem::End,
            Item::Member(name, value) => member(name, value, at, escaped_id)?,
        })
    }
}

/// `enumerateID` / `currentRevision` typed as the reply structs type them (`nil`: absent).
/// An escaped `enumerateID` string is unescaped into `escaped_id` (too long for
/// it: [`ErrorKind::ScratchTooSmall`]).
fn member<'a, T>(
    name: Text<'_>,
    value: Value<'a>,
    at: usize,
    escaped_id: &'a mut [u8],
) -> Result<EnumerateItem<'a, T>, Error> {
    let wrong = || Error::new(ErrorKind::InvalidType, at);
    if name.eq_str("enumerateID") {
        Ok(EnumerateItem::EnumerateId(match value {
            Value::Nil => None,
            Value::Int(v) => Some(EnumerateId::Int(v.into())),
            Value::I8(v) => Some(EnumerateId::Int(v)),
            Value::String(t) => Some(EnumerateId::Str(match t.as_plain() {
                Some(plain) => plain,
                None => t
                    .unescape_into(escaped_id)
                    .map_err(|e| Error::new(e.kind(), at))?,
            })),
            _ => return Err(wrong()),
        }))
    } else {
        Ok(EnumerateItem::CurrentRevision(match value {
            Value::Nil => None,
            Value::Int(v) => Some(v),
            Value::I8(v) => Some(i32::try_from(v).map_err(|_| wrong())?),
            _ => return Err(wrong()),
        }))
    }
}
