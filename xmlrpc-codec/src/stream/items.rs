//! Typed items: the elements of one array member of a response struct, decoded one at a
//! time into serde types that borrow from the stream's buffer.
//!
//! For a response such as `participant.enumerate`'s
//! `{enumerateID, currentRevision, participants: [..2,400 structs..]}`, [`Items`] yields
//! each element of `participants` as an [`Item::Element`] (decoded with the same
//! deserializer, limits and errors as [`crate::decode_response_from_slice`]) and every
//! other member of the top-level struct as an [`Item::Member`] (name and untyped value),
//! wherever they appear, before or after the array. Only one element is ever in memory.
//!
//! Differences from decoding the whole response into one struct, by nature of a stream:
//! duplicate members of the top-level struct are all reported in document order (keep
//! the last one for "last wins"; a second array member streams its elements too); the
//! response's value must be a struct (anything else is [`ErrorKind::InvalidType`] at its
//! start) and the array member an array. Within elements, duplicates are handled like the
//! whole-document decoder does: last wins, and once an element had one, every later
//! element is decoded in last-wins mode (the whole-document decoder then decodes the whole
//! document again in that mode; its look-ahead stops at an error and leaves it to the
//! decoding, so the error it reports is the same as the stream's). Errors are those of the
//! whole-document decoder, reported at the end of input (see [`super`]).
//!
//! [`Items::only_members`] limits which other members are reported; the rest are checked
//! and skipped.
//!
//! Text that needs unescaping (entities, CDATA) is unescaped into the scratch part of the
//! buffer ([`Items::with_scratch`]), so strings still borrow from the buffer.

use serde::Deserialize;

use super::events::{State, Window};
use super::names;
use super::Stream;
use crate::de::{decode_with_restart, De, Fault};
use crate::error::{Error, ErrorKind};
use crate::options::DecodeOptions;
use crate::reader::{Child, Container, Head, Reader, Root};
use crate::text::Text;
use crate::view::{self, Value};

/// What [`Items::next_item`] found.
#[derive(Debug)]
pub enum Item<'a, T> {
    /// The next item is not complete: push more bytes (or finish).
    NeedMore,
    /// A member of the top-level struct other than the array: name and value.
    Member(Text<'a>, Value<'a>),
    /// One element of the array, decoded.
    Element(T),
    /// The response is a fault.
    Fault(Fault<'a>),
    /// The document ended (with the end of input); `next_item` keeps returning this.
    End,
}

/// Where the typed reading is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Start,
    TopValue,
    TopMember,
    ArrayValue,
    Elements,
    AfterArray,
    AfterTop,
    RootClose,
    Epilog,
    Done,
}

/// What the silent part of a step decided.
enum Silent {
    /// Progress; step again.
    Continue,
    /// The next step yields an item (it borrows the buffer).
    Borrowing,
    /// The document ended.
    End,
    /// Everything at hand consumed; more input needed.
    Wait,
}

/// Streaming typed decoder for one array member of a response struct: see the
/// [module docs](self).
///
/// The elements of `participants` decoded one at a time into a serde struct that borrows
/// from a 1 KiB buffer, whatever the number of elements; the other members as they come:
///
/// ```
/// use baton_xmlrpc::stream::{Item, Items};
/// use baton_xmlrpc::view::Value;
///
/// #[derive(serde::Deserialize)]
/// #[serde(rename_all = "camelCase")]
/// struct Participant<'a> {
///     participant_name: &'a str,
/// }
///
/// let doc = b"<methodResponse><params><param><value><struct>\
///     <member><name>participants</name><value><array><data>\
///     <value><struct><member><name>participantName</name><value>alice</value></member></struct></value>\
///     <value><struct><member><name>participantName</name><value>bob</value></member></struct></value>\
///     </data></array></value></member>\
///     <member><name>enumerateID</name><value><int>7</int></value></member>\
///     </struct></value></param></params></methodResponse>";
///
/// let mut items = Items::new([0u8; 1024], "participants");
/// let mut chunks = doc.chunks(16);
/// let (mut names, mut enumerate_id) = (0, None);
/// loop {
///     match items.next_item::<Participant<'_>>().unwrap() {
///         Item::NeedMore => match chunks.next() {
///             Some(chunk) => assert_eq!(items.push(chunk), chunk.len()),
///             None => items.finish(),
///         },
///         Item::Element(p) => {
///             assert_eq!(p.participant_name, ["alice", "bob"][names]);
///             names += 1;
///         }
///         Item::Member(name, Value::Int(id)) if name.eq_str("enumerateID") => enumerate_id = Some(id),
///         Item::Member(..) => {}
///         Item::Fault(f) => panic!("fault {}", f.code),
///         Item::End => break,
///     }
/// }
/// assert_eq!((names, enumerate_id), (2, Some(7)));
/// ```
pub struct Items<B> {
    s: Stream<B>,
    member: &'static str,
    phase: Phase,
    /// Length of the last element: no decoding is tried with fewer bytes at hand (unless
    /// the buffer is full or the input ended), which saves most failed attempts.
    last_len: usize,
    /// Other members to report (all when `None`); the rest are checked and skipped.
    report: Option<&'static [&'static str]>,
    /// An element had a duplicate member: like the whole-document decoder (which then
    /// decodes everything again in last-wins mode), every later element is decoded in
    /// last-wins mode.
    last_wins: bool,
}

impl<B: AsRef<[u8]> + AsMut<[u8]>> Items<B> {
    /// Items of the array member `member`, with an eighth of the buffer as scratch space.
    pub fn new(buf: B, member: &'static str) -> Self {
        let scratch = buf.as_ref().len() / 8;
        Self::with_scratch(buf, member, scratch, DecodeOptions::default())
    }

    /// Items of the array member `member`; the last `scratch` bytes of the buffer take
    /// unescaped text (input fills the rest).
    pub fn with_scratch(buf: B, member: &'static str, scratch: usize, opts: DecodeOptions) -> Self {
        let mut s = Stream::with_options(buf, opts);
        s.reserve_scratch(scratch);
        Items {
            s,
            member,
            phase: Phase::Start,
            last_len: 0,
            report: None,
            last_wins: false,
        }
    }

    /// Reports only the other members named in `names` as [`Item::Member`]; the rest are
    /// checked and skipped.
    pub fn only_members(mut self, names: &'static [&'static str]) -> Self {
        self.report = Some(names);
        self
    }

    /// See [`Stream::push`].
    pub fn push(&mut self, bytes: &[u8]) -> usize {
        self.s.push(bytes)
    }

    /// See [`Stream::space`].
    pub fn space(&mut self) -> &mut [u8] {
        self.s.space()
    }

    /// See [`Stream::commit`].
    pub fn commit(&mut self, n: usize) {
        self.s.commit(n)
    }

    /// See [`Stream::finish`].
    pub fn finish(&mut self) {
        self.s.finish()
    }

    /// Document offset of the next byte not consumed yet.
    pub fn offset(&self) -> usize {
        self.s.offset()
    }

    /// See [`Stream::pending_error`]: the error found before the end of input, final
    /// unless invalid UTF-8 follows; [`Items::next_item`] answers [`Item::NeedMore`] meanwhile.
    pub fn pending_error(&self) -> Option<&Error> {
        self.s.pending_error()
    }

    /// The next item, or [`Item::NeedMore`]. After an error, returns that error again.
    ///
    /// Call it after each push / commit and after `finish`, until it answers
    /// [`Item::NeedMore`] (push more) or the end; the item borrows the buffer until the
    /// next call. (Not `Iterator::next`: each item borrows the buffer.)
    #[must_use = "the item (or error) is lost if not looked at"]
    pub fn next_item<'a, T: Deserialize<'a>>(&'a mut self) -> Result<Item<'a, T>, Error> {
        loop {
            // Between elements only a two-byte look or end tags and misc are read (which the
            // reader checks itself); the element step checks its window whole.
            let markup_only = self.phase == Phase::Elements;
            let (phase, names) = (&mut self.phase, (self.member, self.report));
            let step = self.s.step_with(
                markup_only,
                |st, r, _, top| {
                    let at = r.pos;
                    let silent = silent(st, phase, names, r, top);
                    if let Ok(Silent::Borrowing) = silent {
                        // The borrowing step reads it again.
                        r.pos = at;
                    }
                    silent
                },
                |s| matches!(s, Silent::Wait | Silent::End),
            );
            match step {
                Ok(Silent::Continue) => {}
                Ok(Silent::Wait) => return Ok(Item::NeedMore),
                Ok(Silent::End) => return Ok(Item::End),
                Ok(Silent::Borrowing) => break,
                Err(Some(e)) => return Err(e),
                Err(None) => return Ok(Item::NeedMore),
            }
        }
        if self.phase == Phase::Elements && self.s.wants_more(self.last_len) {
            return Ok(Item::NeedMore);
        }
        self.borrowing()
    }

    /// The step that yields an item borrowing the buffer (an element, another member, a
    /// fault).
    fn borrowing<'a, T: Deserialize<'a>>(&'a mut self) -> Result<Item<'a, T>, Error> {
        let Items {
            s,
            member,
            phase,
            last_len,
            last_wins,
            ..
        } = self;
        s.borrowing_step(
            |st, w| {
                let start = w.start;
                if let (Phase::Elements, Some(c)) = (*phase, w.top) {
                    let (v, pos) = element_step::<T>(w, c, member, last_wins)?;
                    *last_len = pos - start;
                    w.consume_to(pos);
                    return Ok(Item::Element(v));
                }
                let mut r = w.reader();
                let (item, pos) = match (*phase, w.top) {
                    (Phase::TopMember, Some(c)) => {
                        other_member(&mut r, c).map(|(n, v, pos)| (Item::Member(n, v), pos))?
                    }
                    (Phase::Start, None) => {
                        let (f, pos, root) = fault(r, core::mem::take(&mut w.scratch))?;
                        st.set_response_root(root);
                        *phase = Phase::RootClose;
                        (Item::Fault(f), pos)
                    }
                    _ => return Err(Error::new(ErrorKind::Syntax, start)),
                };
                w.consume_to(pos);
                Ok(item)
            },
            Item::NeedMore,
        )
    }
}

/// The steps that yield nothing; decides whether the next one yields an item.
fn silent(
    st: &mut State,
    phase: &mut Phase,
    (member, report): (&str, Option<&[&str]>),
    r: &mut Reader<'_>,
    top: Option<Container>,
) -> Result<Silent, Error> {
    let Some(c) = top else {
        return match *phase {
            Phase::Start => start(r).map(|s| match s {
                Start::Fault => Silent::Borrowing,
                Start::Params(root, params, param) => {
                    st.set_response_root(root);
                    st.set_params(params, param);
                    *phase = Phase::TopValue;
                    Silent::Continue
                }
            }),
            Phase::TopValue => {
                let at = r.pos;
                match r.value(1)? {
                    Head::Struct(c) => {
                        st.open_frame(r.bytes(), &c, false)?;
                        *phase = Phase::TopMember;
                        Ok(Silent::Continue)
                    }
                    _ => Err(Error::new(ErrorKind::InvalidType, at)),
                }
            }
            Phase::AfterTop => {
                r.response_end(&st.param_open(), &st.params_open(), &st.root_open())?;
                *phase = Phase::Epilog;
                Ok(Silent::Continue)
            }
            Phase::RootClose => {
                r.close(&st.root_open())?;
                *phase = Phase::Epilog;
                Ok(Silent::Continue)
            }
            Phase::Epilog => {
                r.skip_misc()?;
                if !st.is_finished() && r.rest() == b"<" {
                    // A comment or PI may follow.
                    return Ok(Silent::Wait);
                }
                if !r.rest().is_empty() {
                    return Err(r.err(ErrorKind::TrailingContent));
                }
                if !st.is_finished() {
                    return Ok(Silent::Wait);
                }
                *phase = Phase::Done;
                Ok(Silent::End)
            }
            Phase::Done => Ok(Silent::End),
            _ => Err(r.err(ErrorKind::Syntax)),
        };
    };
    match *phase {
        Phase::TopMember => match r.member_name(&c)? {
            None => {
                st.close_frame();
                *phase = Phase::AfterTop;
                Ok(Silent::Continue)
            }
            Some(name) if name.eq_str(member) => {
                *phase = Phase::ArrayValue;
                Ok(Silent::Continue)
            }
            Some(name) if report.is_some_and(|l| !l.iter().any(|n| name.eq_str(n))) => {
                r.skip_value(2).map_err(|e| in_member_text(e, name))?;
                r.member_end()?;
                Ok(Silent::Continue)
            }
            Some(_) => Ok(Silent::Borrowing),
        },
        Phase::ArrayValue => {
            let at = r.pos;
            match r.value(2).map_err(|e| in_member(e, member))? {
                Head::Array(c) => {
                    st.open_frame(r.bytes(), &c, true)
                        .map_err(|e| in_member(e, member))?;
                    *phase = Phase::Elements;
                    Ok(Silent::Continue)
                }
                _ => Err(in_member(Error::new(ErrorKind::InvalidType, at), member)),
            }
        }
        Phase::Elements => {
            let mut peek = *r;
            if peek.array_next(&c).map_err(|e| in_member(e, member))? {
                return Ok(Silent::Borrowing);
            }
            *r = peek;
            st.close_frame();
            *phase = Phase::AfterArray;
            Ok(Silent::Continue)
        }
        Phase::AfterArray => {
            r.member_end()?;
            *phase = Phase::TopMember;
            Ok(Silent::Continue)
        }
        _ => Err(r.err(ErrorKind::Syntax)),
    }
}

/// What the response starts with.
enum Start {
    /// A fault (read by the borrowing step).
    Fault,
    /// `<params><param>` read: the case masks of root, params, param.
    Params(u16, u16, u16),
}

/// The response's head, as [`crate::decode_response_from_slice`] reads it.
fn start(r: &mut Reader<'_>) -> Result<Start, Error> {
    let (root, _) = r.root(Root::Response)?;
    let root_mask = names::mask(r.name(&root));
    match r.response_child()? {
        (Child::Params(params), at) => {
            let param = r.response_param(&params, at)?;
            Ok(Start::Params(
                root_mask,
                names::mask(r.name(&params)),
                names::mask(r.name(&param)),
            ))
        }
        (Child::Fault(open), at) if open.empty => Err(Error::new(ErrorKind::UnexpectedElement, at)),
        (Child::Fault(_), _) => Ok(Start::Fault),
    }
}

/// The whole fault (its start read again), decoded like the whole-document decoder.
fn fault<'a>(mut r: Reader<'a>, scratch: &'a mut [u8]) -> Result<(Fault<'a>, usize, u16), Error> {
    let (root, _) = r.root(Root::Response)?;
    let root_mask = names::mask(r.name(&root));
    let (Child::Fault(open), _) = r.response_child()? else {
        return Err(r.err(ErrorKind::Syntax));
    };
    let mut de = De::new(r, scratch);
    let f = crate::de::fault(&mut de)?;
    de.r.close(&open)?;
    Ok((f, de.r.pos, root_mask))
}

/// The next array element: `array_next` over the window (markup the reader checks), then
/// the element decoded by a reader over the rest of the window alone, checked as UTF-8
/// once (substrings are then O(1)); positions and errors back in buffer coordinates.
fn element_step<'a, T: Deserialize<'a>>(
    w: &mut Window<'a, '_>,
    c: Container,
    member: &str,
    last_wins: &mut bool,
) -> Result<(T, usize), Error> {
    let mut head = w.markup_reader();
    let next = head.array_next(&c);
    if !next.map_err(|e| in_member(e, member))? {
        return Err(head.err(ErrorKind::Syntax));
    }
    let at = head.pos;
    let r = w.reader_from(at);
    let finished = w.is_finished();
    element::<T>(
        r,
        core::mem::take(&mut w.scratch),
        member,
        last_wins,
        finished,
    )
    .map(|(v, pos)| (v, at + pos))
    .map_err(|e| e.rebased(0, at))
}

/// One array element (depth 3) at the start of `r`, decoded into `T`.
fn element<'a, T: Deserialize<'a>>(
    r: Reader<'a>,
    scratch: &'a mut [u8],
    member: &str,
    last_wins: &mut bool,
    finished: bool,
) -> Result<(T, usize), Error> {
    let at = r.pos;
    let start = r;
    let mut de = De::new(r, scratch);
    de.depth = 3;
    de.last_wins = *last_wins;
    let v = decode_with_restart(&mut de, |de| T::deserialize(&mut *de));
    // Sticky only once the element is whole (a cut element may fail otherwise).
    if v.is_ok() && de.last_wins {
        *last_wins = true;
    }
    // In last-wins mode which occurrence of a member counts depends on the members after
    // it: an error of a cut element (say, the wrong type in an occurrence that a later one,
    // not in yet, would have replaced) is not final. The element's end decides: while it
    // has not arrived (and more input may come), the answer is the reader's Incomplete.
    let v = match v {
        Err(e) if de.last_wins && !finished && e.kind() != ErrorKind::UnexpectedEof => {
            let mut whole = start;
            match whole.skip_value(3) {
                Err(cut) if cut.kind() == ErrorKind::UnexpectedEof => Err(cut),
                _ => Err(e),
            }
        }
        v => v,
    };
    let v = v.map_err(|e| in_member(e.at_if_unset(at), member))?;
    Ok((v, de.r.pos))
}

/// An error in the value of the top-level member `name`, named after it as the
/// whole-document decoder names it (the innermost member, if none is named yet, and the
/// param's member).
fn in_member(e: Error, name: &str) -> Error {
    e.with_member(name).with_param_member(name)
}

/// [`in_member`] for a name as written (unescaped here; names are kept up to
/// [`crate::MEMBER_NAME_CAPACITY`] bytes anyway).
fn in_member_text(e: Error, name: Text<'_>) -> Error {
    let mut decoded = heapless::String::<{ crate::MEMBER_NAME_CAPACITY }>::new();
    for c in name.chars() {
        if decoded.push(c).is_err() {
            break;
        }
    }
    in_member(e, &decoded)
}

/// Another member of the top-level struct: its name and (checked) value. (`r` is left
/// where it stopped, also on an error.)
fn other_member<'a>(
    r: &mut Reader<'a>,
    c: Container,
) -> Result<(Text<'a>, Value<'a>, usize), Error> {
    let name = r
        .member_name(&c)?
        .ok_or(Error::new(ErrorKind::Syntax, r.pos))?;
    let value = view::read_value(r, 2).map_err(|e| in_member_text(e, name))?;
    r.member_end()?;
    Ok((name, value, r.pos))
}
