//! The event stream: [`Stream`] (its buffer, the window of unread bytes, the parse state)
//! and the step API [`super::items`] drives it with. See the [stream docs](super).

use crate::datetime::DateTime;
use crate::error::{Error, ErrorKind};
use crate::options::DecodeOptions;
use crate::reader::{Child, Container, Head, Open, Reader, Root, Scalar, B64};
use crate::text::Text;
use crate::view::{self, Value};

use super::names::{self, Frame};
use super::MAX_DEPTH;

/// What [`Stream::next_event`] found.
#[derive(Debug, Clone, Copy)]
pub enum Event<'a> {
    /// The next token is not complete: push more bytes (or [`Stream::finish`]).
    NeedMore,
    /// `<methodCall>` and its `<methodName>`; the params follow.
    Call {
        /// `methodName`.
        method: Text<'a>,
    },
    /// `<methodResponse>` with params; the params follow.
    Response,
    /// `<methodResponse>` with a `<fault>` (the whole fault, checked).
    Fault {
        /// `faultCode`.
        code: i32,
        /// `faultString`.
        string: Text<'a>,
    },
    /// A `<param>`: its value follows.
    Param,
    /// A struct value starts; [`Event::Member`]s follow, then [`Event::StructEnd`].
    StructStart,
    /// A struct member's name; its value follows.
    Member(Text<'a>),
    /// The struct value ends.
    StructEnd,
    /// An array value starts; its values follow, then [`Event::ArrayEnd`].
    ArrayStart,
    /// The array value ends.
    ArrayEnd,
    /// A scalar value (never [`Value::Struct`] or [`Value::Array`]: containers come as
    /// start/end events).
    Scalar(Value<'a>),
    /// The document ended (with the end of input); `next_event` keeps returning this.
    End,
}

/// A byte range of the buffer holding a text.
#[derive(Debug, Clone, Copy)]
struct Span {
    a: usize,
    b: usize,
    escaped: bool,
}

impl Span {
    fn of(bytes: &[u8], t: Text<'_>) -> Span {
        let s = t.raw();
        let a = (s.as_ptr() as usize).wrapping_sub(bytes.as_ptr() as usize);
        Span {
            a,
            b: a + s.len(),
            escaped: t.is_escaped(),
        }
    }

    fn text(self, bytes: &[u8]) -> Text<'_> {
        let s = bytes
            .get(self.a..self.b)
            .and_then(|b| core::str::from_utf8(b).ok())
            .unwrap_or("");
        if self.escaped {
            Text::Escaped(s)
        } else {
            Text::Plain(s)
        }
    }
}

/// A scalar, positions instead of borrows.
#[derive(Debug, Clone, Copy)]
enum RawScalar {
    Int(i32),
    I8(i64),
    Bool(bool),
    Str(Span),
    #[cfg(feature = "float")]
    Double(f64),
    #[cfg(not(feature = "float"))]
    Double(Span),
    DateTime(DateTime, Span),
    Base64(Span, usize),
    Base64Empty,
    Nil,
}

impl RawScalar {
    fn of(bytes: &[u8], s: Scalar<'_>) -> RawScalar {
        match s {
            Scalar::Int(v) => RawScalar::Int(v),
            Scalar::I8(v) => RawScalar::I8(v),
            Scalar::Bool(v) => RawScalar::Bool(v),
            Scalar::Str(t) => RawScalar::Str(Span::of(bytes, t)),
            #[cfg(feature = "float")]
            Scalar::Double(v) => RawScalar::Double(v),
            #[cfg(not(feature = "float"))]
            Scalar::Double(t) => RawScalar::Double(Span::of(bytes, t)),
            Scalar::DateTime(dt, t) => RawScalar::DateTime(dt, Span::of(bytes, t)),
            Scalar::Base64(B64::Raw(t, n)) => RawScalar::Base64(Span::of(bytes, t), n),
            Scalar::Base64(B64::Decoded(_)) => RawScalar::Base64Empty,
            Scalar::Nil => RawScalar::Nil,
        }
    }

    fn value(self, bytes: &[u8]) -> Value<'_> {
        view::scalar_value(match self {
            RawScalar::Int(v) => Scalar::Int(v),
            RawScalar::I8(v) => Scalar::I8(v),
            RawScalar::Bool(v) => Scalar::Bool(v),
            RawScalar::Str(s) => Scalar::Str(s.text(bytes)),
            #[cfg(feature = "float")]
            RawScalar::Double(v) => Scalar::Double(v),
            #[cfg(not(feature = "float"))]
            RawScalar::Double(s) => Scalar::Double(s.text(bytes)),
            RawScalar::DateTime(dt, s) => Scalar::DateTime(dt, s.text(bytes)),
            RawScalar::Base64(s, n) => Scalar::Base64(B64::Raw(s.text(bytes), n)),
            RawScalar::Base64Empty => Scalar::Base64(B64::Decoded(&[])),
            RawScalar::Nil => Scalar::Nil,
        })
    }
}

/// An event, positions instead of borrows (so steps can loop without holding the buffer).
#[derive(Debug, Clone, Copy)]
enum Raw {
    /// Progress without an event.
    Continue,
    /// Everything at hand is consumed and more is needed (the epilog).
    Wait,
    Call(Span),
    Response,
    Fault(i32, Span),
    Param,
    StructStart,
    Member(Span),
    StructEnd,
    ArrayStart,
    ArrayEnd,
    Scalar(RawScalar),
    End,
}

/// Where the parse is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    /// Before the root element.
    Start,
    /// Before a call's optional `<params>`.
    ParamsOpen,
    /// In `<params>`: another `<param>` or `</params>`.
    NextParam,
    /// A value follows at depth `stack.len() + 1`.
    Value,
    /// A value ended: its parent's closing step.
    AfterValue,
    /// In the innermost container: its next member/value or its end.
    InContainer,
    /// `</methodResponse>` after a fault.
    RootClose,
    /// After the root: misc until the end of input.
    Epilog,
    /// Finished.
    Done,
}

/// The root element's name, as written.
#[derive(Debug, Clone, Copy)]
struct RootName {
    call: bool,
    mask: u16,
}

/// Incremental XML-RPC reader over a fixed buffer: see the [module docs](super).
///
/// Push bytes as they arrive (here 7 at a time, into a 512-byte array), pull events until
/// [`Event::NeedMore`], repeat; [`Stream::finish`] at the end of input:
///
/// ```
/// use baton_xmlrpc::stream::{Event, Stream};
/// use baton_xmlrpc::view::Value;
///
/// let doc = b"<methodResponse><params><param><value><struct>\
///     <member><name>ports</name><value><int>40</int></value></member>\
///     <member><name>names</name><value><array><data>\
///     <value>alice</value><value><string>bob &amp; co</string></value>\
///     </data></array></value></member></struct></value></param></params></methodResponse>";
///
/// let mut stream = Stream::new([0u8; 512]);
/// let (mut members, mut strings, mut ints) = (0, 0, 0);
/// let mut chunks = doc.chunks(7);
/// loop {
///     match stream.next_event().unwrap() {
///         Event::NeedMore => match chunks.next() {
///             Some(chunk) => assert_eq!(stream.push(chunk), chunk.len()),
///             None => stream.finish(),
///         },
///         Event::Member(name) => {
///             members += 1;
///             assert!(name.eq_str("ports") || name.eq_str("names"));
///         }
///         Event::Scalar(Value::Int(n)) => ints += n,
///         Event::Scalar(Value::String(s)) => {
///             strings += 1;
///             // Escaped text comes as written; compare (or unescape) without allocating.
///             assert!(s.eq_str("alice") || s.eq_str("bob & co"));
///         }
///         Event::End => break,
///         _ => {}
///     }
/// }
/// assert_eq!((members, strings, ints), (2, 2, 40));
/// // The memory used: the buffer, whatever the document's size.
/// assert!(stream.offset() == doc.len() && stream.buffered() == 0);
/// ```
pub struct Stream<B> {
    buf: B,
    win: Win,
    st: State,
}

/// Which bytes of the buffer hold unread input.
#[derive(Debug)]
struct Win {
    /// Next unread byte (at least [`names::HEAD`]).
    start: usize,
    /// End of the bytes pushed.
    end: usize,
    /// Pushing stops here (the rest is scratch space for [`Items`](super::Items)).
    limit: usize,
    /// Document offset of `buf[HEAD]`.
    consumed: usize,
    /// `buf[..checked]` is valid UTF-8 (whole characters).
    checked: usize,
    /// Where the input stops being UTF-8 (the whole-document decoder's first check).
    bad_utf8: Option<usize>,
    /// The error; final unless [`State::error_pending`].
    failed: Option<Error>,
}

impl Win {
    /// Document offset of the next unread byte.
    fn offset(&self) -> usize {
        self.consumed + (self.start - names::HEAD)
    }

    /// Whether nothing more can be pushed before something is consumed.
    fn full(&self) -> bool {
        self.start == names::HEAD && self.end == self.limit
    }

    /// Checks the UTF-8 of the bytes pushed since the last step; returns where the reader
    /// may read up to (whole characters, before any invalid byte).
    fn check_utf8(&mut self, buf: &[u8], finished: bool) -> usize {
        if let Some(bad) = self.bad_utf8 {
            return bad;
        }
        let fresh = buf.get(self.checked..self.end).unwrap_or(&[]);
        match core::str::from_utf8(fresh) {
            Ok(_) => self.checked = self.end,
            Err(e) => self.utf8_stops(self.checked + e.valid_up_to(), e, finished),
        }
        self.checked
    }

    /// The input is UTF-8 up to `at` (where `e` was found).
    fn utf8_stops(&mut self, at: usize, e: core::str::Utf8Error, finished: bool) {
        self.checked = at;
        if e.error_len().is_some() || finished {
            self.bad_utf8 = Some(at);
        }
    }

    /// A step that cannot complete before the invalid UTF-8: the whole-document
    /// decoder's error for it.
    fn utf8_error(&mut self) -> Option<Error> {
        let bad = self.bad_utf8?;
        let e = Error::new(ErrorKind::InvalidUtf8, self.consumed + (bad - names::HEAD));
        self.failed = Some(e.clone());
        Some(e)
    }

    /// Turns a step's error into the stream's answer: `None` (need more) or the error
    /// (rebased to the document), kept for later calls.
    ///
    /// The grammar answers exactly: [`ErrorKind::UnexpectedEof`] before the end of input is
    /// its *Incomplete* (the token goes on past the bytes at hand): more input is needed
    /// while the buffer has room, and in a full buffer the token does not fit
    /// ([`ErrorKind::ScratchTooSmall`] at its start). Any other error is final as found.
    ///
    /// Before the end of input the error is kept in `failed` as pending (`*pending` set):
    /// invalid UTF-8 later in the input is the whole-document decoder's error, see
    /// [`Win::drain`].
    fn fail(&mut self, e: Error, finished: bool, pending: &mut bool) -> Option<Error> {
        if self.bad_utf8.is_some() {
            return self.utf8_error();
        }
        let incomplete = !finished && e.kind() == ErrorKind::UnexpectedEof;
        if incomplete && !self.full() {
            return None;
        }
        let e = if incomplete {
            Error::new(ErrorKind::ScratchTooSmall, self.offset())
        } else {
            e.rebased(names::HEAD, self.consumed)
        };
        if !finished {
            // Invalid UTF-8 later in the input would be the whole-document decoder's error.
            self.failed = Some(e);
            *pending = true;
            self.start = self.start.max(self.checked);
            return None;
        }
        self.failed = Some(e.clone());
        Some(e)
    }

    /// With an error pending: checks the UTF-8 of the bytes pushed since and drops them.
    /// `Some(error)` once the answer is final (invalid UTF-8, or the end of input).
    fn drain(&mut self, buf: &[u8], finished: bool, pending: &mut bool) -> Option<Error> {
        self.check_utf8(buf, finished);
        if self.bad_utf8.is_some() {
            *pending = false;
            return self.utf8_error();
        }
        if finished {
            *pending = false;
            return self.failed.clone();
        }
        self.start = self.start.max(self.checked);
        None
    }
}

/// The parse state (everything but the buffer).
pub(crate) struct State {
    opts: DecodeOptions,
    finished: bool,
    /// [`Win::failed`] is pending: found before the end of input, reported at the end unless
    /// invalid UTF-8 comes first (see the module docs). Kept here, beside `finished`, where
    /// it costs no space.
    error_pending: bool,
    phase: Phase,
    root: RootName,
    params_mask: u16,
    param_mask: u16,
    stack: [Frame; MAX_DEPTH],
    depth: usize,
    /// The buffer head does not hold the current names yet.
    names_dirty: bool,
}

impl<B: AsRef<[u8]> + AsMut<[u8]>> Stream<B> {
    /// Bytes at the head of the buffer that hold the open elements' names.
    pub const HEAD: usize = names::HEAD;

    /// A stream reading into `buf` with the default limits.
    pub fn new(buf: B) -> Self {
        Self::with_options(buf, DecodeOptions::default())
    }

    /// A stream with limits (`max_depth` is capped to [`MAX_DEPTH`]).
    pub fn with_options(buf: B, opts: DecodeOptions) -> Self {
        let limit = buf.as_ref().len().max(names::HEAD);
        Stream {
            buf,
            win: Win {
                start: names::HEAD,
                end: names::HEAD,
                limit,
                consumed: 0,
                checked: names::HEAD,
                bad_utf8: None,
                failed: None,
            },
            st: State {
                opts: opts.max_depth(opts.max_depth.min(MAX_DEPTH as u32)),
                finished: false,
                error_pending: false,
                phase: Phase::Start,
                root: RootName {
                    call: false,
                    mask: 0,
                },
                params_mask: 0,
                param_mask: 0,
                stack: [Frame::new(b"", false, b"", false, None); MAX_DEPTH],
                depth: 0,
                names_dirty: true,
            },
        }
    }

    /// Document offset of the next byte not consumed yet.
    pub fn offset(&self) -> usize {
        self.win.offset()
    }

    /// Bytes pushed but not consumed yet.
    pub fn buffered(&self) -> usize {
        self.win.end - self.win.start
    }

    /// Whether [`Stream::finish`] was called.
    pub fn is_finished(&self) -> bool {
        self.st.finished
    }

    /// The error found before the end of input, while the stream reads on to the end
    /// checking UTF-8 only (see the [module docs](super)): it is the final error unless
    /// invalid UTF-8 follows. [`Stream::next_event`] answers [`Event::NeedMore`] meanwhile.
    pub fn pending_error(&self) -> Option<&Error> {
        self.win.failed.as_ref().filter(|_| self.st.error_pending)
    }

    /// Moves the unread bytes to the front of the buffer.
    fn compact(&mut self) {
        let gap = self.win.start - names::HEAD;
        if gap == 0 {
            return;
        }
        self.buf
            .as_mut()
            .copy_within(self.win.start..self.win.end, names::HEAD);
        self.win.end -= gap;
        // (Between elements `Items` may consume bytes before checking them: they are
        // checked ASCII markup.)
        self.win.checked = self.win.checked.max(self.win.start) - gap;
        self.win.bad_utf8 = self.win.bad_utf8.map(|b| b - gap);
        self.win.start = names::HEAD;
        self.win.consumed += gap;
    }

    /// Copies as much of `bytes` as fits into the buffer (compacting first when needed)
    /// and returns how many were taken; 0 when the buffer is full (pull events first) or
    /// after [`Stream::finish`].
    pub fn push(&mut self, bytes: &[u8]) -> usize {
        if self.st.finished {
            return 0;
        }
        if self.win.end + bytes.len() > self.win.limit {
            self.compact();
        }
        let n = bytes.len().min(self.win.limit - self.win.end);
        if let (Some(dst), Some(src)) = (
            self.buf.as_mut().get_mut(self.win.end..self.win.end + n),
            bytes.get(..n),
        ) {
            dst.copy_from_slice(src);
            self.win.end += n;
            n
        } else {
            0
        }
    }

    /// The free part of the buffer, to read input straight into; then
    /// [`Stream::commit`] the bytes written. Compacts when the free part is empty.
    pub fn space(&mut self) -> &mut [u8] {
        if self.win.end == self.win.limit {
            self.compact();
        }
        if self.st.finished {
            return &mut [];
        }
        let (end, limit) = (self.win.end, self.win.limit);
        self.buf.as_mut().get_mut(end..limit).unwrap_or(&mut [])
    }

    /// Marks `n` bytes written into [`Stream::space`] as pushed.
    pub fn commit(&mut self, n: usize) {
        self.win.end = (self.win.end + n).min(self.win.limit);
    }

    /// No more input: the rest of the document is what was pushed.
    pub fn finish(&mut self) {
        self.st.finished = true;
    }

    /// The next event, or [`Event::NeedMore`]. After an error, returns that error again.
    ///
    /// Call it after [`Stream::new`], after each [`Stream::push`] / [`Stream::commit`]
    /// and after [`Stream::finish`], until it answers [`Event::NeedMore`] (push more) or
    /// the document's end; the event borrows the stream until the next call. (Not
    /// `Iterator::next`: each event borrows the stream's buffer.)
    #[must_use = "the event (or error) is lost if not looked at"]
    pub fn next_event(&mut self) -> Result<Event<'_>, Error> {
        let raw = loop {
            match self.step() {
                Ok(Raw::Continue) => continue,
                Ok(raw) => break raw,
                Err(Some(e)) => return Err(e),
                Err(None) => return Ok(Event::NeedMore),
            }
        };
        let bytes = self.buf.as_ref();
        Ok(match raw {
            Raw::Continue | Raw::Wait => Event::NeedMore,
            Raw::Call(s) => Event::Call {
                method: s.text(bytes),
            },
            Raw::Response => Event::Response,
            Raw::Fault(code, s) => Event::Fault {
                code,
                string: s.text(bytes),
            },
            Raw::Param => Event::Param,
            Raw::StructStart => Event::StructStart,
            Raw::Member(s) => Event::Member(s.text(bytes)),
            Raw::StructEnd => Event::StructEnd,
            Raw::ArrayStart => Event::ArrayStart,
            Raw::ArrayEnd => Event::ArrayEnd,
            Raw::Scalar(s) => Event::Scalar(s.value(bytes)),
            Raw::End => Event::End,
        })
    }

    /// One step on the bytes at hand; commits its effects only when it succeeds.
    /// `Err(None)`: more input needed.
    fn step(&mut self) -> Result<Raw, Option<Error>> {
        self.step_with(
            false,
            |st, r, bytes, top| st.run(r, bytes, top),
            |raw| matches!(raw, Raw::Wait | Raw::End),
        )
    }

    /// The step protocol every driver ([`Stream`], [`Items`](super::Items)) runs: a pending or final
    /// error first; then `f` reads with a reader over the bytes at hand (UTF-8 checked,
    /// unless `markup_only`: `f` reads only markup, which the reader checks itself)
    /// positioned at the next unread byte, given the innermost open container. On success
    /// the reader's position is committed (a step that reached the end of the bytes at
    /// hand, `waits`, before invalid UTF-8 is that error); an error goes through the exact
    /// contract ([`Win::fail`]). `Err(None)`: more input needed.
    pub(crate) fn step_with<O>(
        &mut self,
        markup_only: bool,
        f: impl FnOnce(&mut State, &mut Reader<'_>, &[u8], Option<Container>) -> Result<O, Error>,
        waits: impl FnOnce(&O) -> bool,
    ) -> Result<O, Option<Error>> {
        if self.st.error_pending {
            let st = &mut self.st;
            return Err(self
                .win
                .drain(self.buf.as_ref(), st.finished, &mut st.error_pending));
        }
        if let Some(e) = &self.win.failed {
            return Err(Some(e.clone()));
        }
        let top = self.st.write_names(self.buf.as_mut());
        let valid = if markup_only && self.win.bad_utf8.is_none() {
            self.win.end
        } else {
            self.win.check_utf8(self.buf.as_ref(), self.st.finished)
        };
        let bytes = self.buf.as_ref().get(..valid).unwrap_or(&[]);
        let mut r = Reader::unchecked(bytes, self.st.opts);
        r.pos = self.win.start;
        r.complete = self.st.finished;
        match f(&mut self.st, &mut r, bytes, top) {
            Ok(out) if self.win.bad_utf8.is_some() && waits(&out) => Err(self.win.utf8_error()),
            Ok(out) => {
                self.win.start = r.pos;
                Ok(out)
            }
            Err(e) => {
                // Invalid UTF-8 at hand is the error the whole-document decoder reports.
                let finished = self.st.finished;
                self.win.check_utf8(self.buf.as_ref(), finished);
                Err(self.win.fail(e, finished, &mut self.st.error_pending))
            }
        }
    }

    /// Keeps the last `n` bytes of the buffer out of pushing (never the names head): the
    /// scratch space a [`Stream::borrowing_step`] unescapes text into.
    pub(crate) fn reserve_scratch(&mut self, n: usize) {
        self.win.limit = self.win.limit.saturating_sub(n).max(names::HEAD);
    }

    /// Whether fewer than `len` bytes are at hand while more can still come (input not
    /// finished, room left in the buffer): a step that needs `len` bytes would only fail
    /// for want of input.
    #[inline]
    pub(crate) fn wants_more(&self, len: usize) -> bool {
        !self.st.finished && !self.win.full() && self.win.end - self.win.start < len
    }

    /// The step whose result borrows the buffer (an [`Items`](super::Items) element, member or fault),
    /// run after a [`Stream::step_with`] step decided it comes next.
    ///
    /// Writes the open elements' names into the buffer head, then splits the buffer at the
    /// end of the bytes pushed and hands `f` both parts ([`Window`]: the bytes read, the
    /// scratch space after them) with the parse state. On success `f` marks what it read
    /// ([`Window::consume_to`]) and its result is returned. An error goes through the exact
    /// contract ([`Win::fail`]): `need_more` when more input is needed (or the error is
    /// pending), `Err` when it is final.
    #[inline]
    pub(crate) fn borrowing_step<'a, O>(
        &'a mut self,
        f: impl for<'w> FnOnce(&mut State, &mut Window<'a, 'w>) -> Result<O, Error>,
        need_more: O,
    ) -> Result<O, Error> {
        let Stream { buf, win, st } = self;
        let top = st.write_names(buf.as_mut());
        let buf: &'a mut [u8] = buf.as_mut();
        let (bytes, scratch) = buf.split_at_mut(win.end.min(buf.len()));
        let mut window = Window {
            bytes,
            scratch,
            start: win.start,
            top,
            finished: st.finished,
            opts: st.opts,
            win: &mut *win,
        };
        match f(st, &mut window) {
            Ok(out) => Ok(out),
            Err(e) => match win.fail(e, st.finished, &mut st.error_pending) {
                Some(e) => Err(e),
                None => Ok(need_more),
            },
        }
    }
}

/// What a [`Stream::borrowing_step`] reads: the buffer split at the end of the bytes
/// pushed, and readers over it that keep the stream's UTF-8 bookkeeping.
pub(crate) struct Window<'a, 'w> {
    /// The buffer up to the end of the bytes pushed: the names head, consumed bytes and
    /// the unread ones (positions are buffer positions).
    pub(crate) bytes: &'a [u8],
    /// The rest of the buffer: scratch space for unescaped text.
    pub(crate) scratch: &'a mut [u8],
    /// The next unread byte.
    pub(crate) start: usize,
    /// The innermost open container.
    pub(crate) top: Option<Container>,
    win: &'w mut Win,
    finished: bool,
    opts: DecodeOptions,
}

impl<'a> Window<'a, '_> {
    /// Whether the input has ended ([`Stream::finish`]): no more bytes will come.
    #[inline]
    pub(crate) fn is_finished(&self) -> bool {
        self.finished
    }

    /// The step succeeded having read up to `pos`: the bytes before it are consumed.
    /// (Only on success: a failed step consumes nothing.)
    #[inline]
    pub(crate) fn consume_to(&mut self, pos: usize) {
        self.win.start = pos;
    }

    /// A reader over the whole window, checked as UTF-8 at once (the names, the consumed
    /// bytes and the unread ones), so the reader takes substrings without checking each
    /// one; positioned at the next unread byte. Stops before invalid UTF-8.
    #[inline]
    pub(crate) fn reader(&mut self) -> Reader<'a> {
        let (bytes, win, opts) = (self.bytes, &mut *self.win, self.opts);
        let mut r = match core::str::from_utf8(bytes) {
            Ok(text) if win.bad_utf8.is_none() => {
                win.checked = bytes.len();
                Reader::from_str(text, opts)
            }
            Ok(_) => Reader::unchecked(&[], opts),
            Err(e) => {
                if win.bad_utf8.is_none() {
                    win.utf8_stops(e.valid_up_to(), e, self.finished);
                }
                let valid = win.bad_utf8.unwrap_or(win.checked);
                Reader::unchecked(bytes.get(..valid).unwrap_or(&[]), opts)
            }
        };
        r.pos = self.start;
        r.complete = self.finished;
        r
    }

    /// A reader over the window before any invalid UTF-8 found so far, not checked (for
    /// markup, which the reader checks itself); positioned at the next unread byte.
    #[inline]
    pub(crate) fn markup_reader(&self) -> Reader<'a> {
        let valid = self.win.bad_utf8.unwrap_or(self.bytes.len());
        let mut r = Reader::unchecked(self.bytes.get(..valid).unwrap_or(&[]), self.opts);
        r.pos = self.start;
        r.complete = self.finished;
        r
    }

    /// A reader over the window's bytes from `at` alone (its positions count from `at`),
    /// checked as UTF-8 once (substrings are then O(1)); stops before invalid UTF-8.
    /// The bytes before `at` must be markup a reader checked.
    #[inline]
    pub(crate) fn reader_from(&mut self, at: usize) -> Reader<'a> {
        let (bytes, win, opts) = (self.bytes, &mut *self.win, self.opts);
        let valid = win.bad_utf8.unwrap_or(bytes.len());
        let tail = bytes.get(at..valid).unwrap_or(&[]);
        let mut r = match core::str::from_utf8(tail) {
            Ok(text) => {
                if win.bad_utf8.is_none() {
                    win.checked = win.checked.max(bytes.len());
                }
                Reader::from_str(text, opts)
            }
            Err(e) => {
                win.utf8_stops(at + e.valid_up_to(), e, self.finished);
                Reader::unchecked(tail.get(..e.valid_up_to()).unwrap_or(&[]), opts)
            }
        };
        r.complete = self.finished;
        r
    }
}

impl State {
    /// Writes the open elements' names into the buffer head; the innermost container.
    fn write_names(&mut self, buf: &mut [u8]) -> Option<Container> {
        if self.names_dirty {
            let word = if self.root.call {
                names::ROOT_CALL
            } else {
                names::ROOT_RESPONSE
            };
            names::write(buf, names::ROOT_AT, word, self.root.mask, false);
            names::write(
                buf,
                names::PARAMS_AT,
                names::PARAMS,
                self.params_mask,
                false,
            );
            names::write(buf, names::PARAM_AT, names::PARAM, self.param_mask, false);
        }
        let dirty = core::mem::replace(&mut self.names_dirty, false);
        let top = *self.depth.checked_sub(1).and_then(|i| self.stack.get(i))?;
        Some(if dirty {
            top.write(buf)
        } else {
            top.container()
        })
    }

    /// Whether the input ended.
    pub(crate) fn is_finished(&self) -> bool {
        self.finished
    }

    /// The root is a `<methodResponse>` whose name has case mask `root`.
    pub(crate) fn set_response_root(&mut self, root: u16) {
        self.root = RootName {
            call: false,
            mask: root,
        };
        self.names_dirty = true;
    }

    /// The response's `<params>` and `<param>` are open, with case masks `params`, `param`.
    pub(crate) fn set_params(&mut self, params: u16, param: u16) {
        self.params_mask = params;
        self.param_mask = param;
        self.names_dirty = true;
    }

    /// The open `<param>` (its name in the buffer head).
    pub(crate) fn param_open(&self) -> Open {
        self.named(names::PARAM_AT, names::PARAM)
    }

    /// The open `<params>` (its name in the buffer head).
    pub(crate) fn params_open(&self) -> Open {
        self.named(names::PARAMS_AT, names::PARAMS)
    }

    /// The open root element (its name in the buffer head).
    pub(crate) fn root_open(&self) -> Open {
        let len = if self.root.call {
            names::ROOT_CALL.len()
        } else {
            names::ROOT_RESPONSE.len()
        };
        Open {
            name_start: names::ROOT_AT,
            name_end: names::ROOT_AT + len,
            empty: false,
        }
    }

    /// The step itself: reads with `r`; on success updates the phase and the stack.
    fn run(
        &mut self,
        r: &mut Reader<'_>,
        bytes: &[u8],
        top: Option<Container>,
    ) -> Result<Raw, Error> {
        match self.phase {
            Phase::Start => self.start_step(r, bytes),
            Phase::ParamsOpen => {
                if r.at_close()? {
                    r.close(&self.root_open())?;
                    self.phase = Phase::Epilog;
                    return Ok(Raw::Continue);
                }
                let open = r.open_named_here(b"params")?;
                if open.empty {
                    r.close(&self.root_open())?;
                    self.phase = Phase::Epilog;
                } else {
                    self.params_mask = names::mask(r.name(&open));
                    self.names_dirty = true;
                    self.phase = Phase::NextParam;
                }
                Ok(Raw::Continue)
            }
            Phase::NextParam => {
                if r.at_close()? {
                    let params = self.params_open();
                    r.close(&params)?;
                    r.close(&self.root_open())?;
                    self.phase = Phase::Epilog;
                    return Ok(Raw::Continue);
                }
                let param = r.param()?;
                self.param_mask = names::mask(r.name(&param));
                self.names_dirty = true;
                self.phase = Phase::Value;
                Ok(Raw::Param)
            }
            Phase::Value => {
                let head = r.value(self.depth as u32 + 1)?;
                Ok(match head {
                    Head::Scalar(s) => {
                        self.phase = Phase::AfterValue;
                        Raw::Scalar(RawScalar::of(bytes, s))
                    }
                    Head::Struct(c) => {
                        self.push_frame(bytes, &c, false)?;
                        Raw::StructStart
                    }
                    Head::Array(c) => {
                        self.push_frame(bytes, &c, true)?;
                        Raw::ArrayStart
                    }
                })
            }
            Phase::AfterValue => {
                match self.depth.checked_sub(1).and_then(|i| self.stack.get(i)) {
                    None => {
                        r.close(&self.param_open())?;
                        self.phase = Phase::NextParam;
                    }
                    Some(f) if !f.is_array() => {
                        r.member_end()?;
                        self.phase = Phase::InContainer;
                    }
                    Some(_) => self.phase = Phase::InContainer,
                }
                Ok(Raw::Continue)
            }
            Phase::InContainer => {
                let Some(c) = top else {
                    return Err(r.err(ErrorKind::Syntax));
                };
                let array = self.top_is_array();
                if array {
                    if r.array_next(&c)? {
                        self.phase = Phase::Value;
                        return Ok(Raw::Continue);
                    }
                    self.pop_frame();
                    Ok(Raw::ArrayEnd)
                } else {
                    match r.member_name(&c)? {
                        Some(name) => {
                            self.phase = Phase::Value;
                            Ok(Raw::Member(Span::of(bytes, name)))
                        }
                        None => {
                            self.pop_frame();
                            Ok(Raw::StructEnd)
                        }
                    }
                }
            }
            Phase::RootClose => {
                r.close(&self.root_open())?;
                self.phase = Phase::Epilog;
                Ok(Raw::Continue)
            }
            Phase::Epilog => {
                r.skip_misc()?;
                if !self.finished && r.rest() == b"<" {
                    // A comment or PI may follow.
                    return Ok(Raw::Wait);
                }
                if r.pos < bytes.len() {
                    return Err(r.err(ErrorKind::TrailingContent));
                }
                if !self.finished {
                    return Ok(Raw::Wait);
                }
                self.phase = Phase::Done;
                Ok(Raw::End)
            }
            Phase::Done => Ok(Raw::End),
        }
    }

    /// `<methodCall>` + `<methodName>`, or `<methodResponse>` + a look at its first child
    /// (a fault is read whole), as [`crate::view::parse_from_slice`] does.
    fn start_step(&mut self, r: &mut Reader<'_>, bytes: &[u8]) -> Result<Raw, Error> {
        let (root, call) = r.root(Root::Either)?;
        let root_name = RootName {
            call,
            mask: names::mask(r.name(&root)),
        };
        if call {
            let method = r.method_name()?;
            self.set_root(root_name, Phase::ParamsOpen);
            return Ok(Raw::Call(Span::of(bytes, method)));
        }
        match r.response_child()? {
            (Child::Fault(open), at) => {
                let (code, string) = view::fault_fields(r, &open, at)?;
                self.set_root(root_name, Phase::RootClose);
                Ok(Raw::Fault(code, Span::of(bytes, string)))
            }
            (Child::Params(open), _) => {
                self.params_mask = names::mask(r.name(&open));
                let next = if open.empty {
                    Phase::RootClose
                } else {
                    Phase::NextParam
                };
                self.set_root(root_name, next);
                Ok(Raw::Response)
            }
        }
    }

    fn set_root(&mut self, root: RootName, phase: Phase) {
        self.root = root;
        self.names_dirty = true;
        self.phase = phase;
    }

    fn named(&self, at: usize, word: &[u8]) -> Open {
        Open {
            name_start: at,
            name_end: at + word.len(),
            empty: false,
        }
    }

    fn top_is_array(&self) -> bool {
        self.depth
            .checked_sub(1)
            .and_then(|i| self.stack.get(i))
            .is_some_and(|f| f.is_array())
    }

    /// A struct or array opened (`bytes` holds its names): remember its names.
    pub(crate) fn open_frame(
        &mut self,
        bytes: &[u8],
        c: &Container,
        array: bool,
    ) -> Result<(), Error> {
        let name = |o: &Open| bytes.get(o.name_start..o.name_end).unwrap_or(&[]);
        let frame = Frame::new(
            name(&c.value),
            array,
            name(&c.outer),
            c.outer.empty,
            c.data.as_ref().map(|d| (name(d), d.empty)),
        );
        let slot = self
            .stack
            .get_mut(self.depth)
            .ok_or(Error::new(ErrorKind::DepthLimit, c.outer.name_start - 1))?;
        *slot = frame;
        self.depth += 1;
        self.names_dirty = true;
        Ok(())
    }

    /// The innermost struct or array closed.
    pub(crate) fn close_frame(&mut self) {
        self.depth = self.depth.saturating_sub(1);
        self.names_dirty = true;
    }

    /// A struct or array opened: [`State::open_frame`], then [`Phase::InContainer`].
    fn push_frame(&mut self, bytes: &[u8], c: &Container, array: bool) -> Result<(), Error> {
        self.open_frame(bytes, c, array)?;
        self.phase = Phase::InContainer;
        Ok(())
    }

    fn pop_frame(&mut self) {
        self.close_frame();
        self.phase = Phase::AfterValue;
    }
}

impl<B> core::fmt::Debug for Stream<B> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Stream")
            .field("offset", &self.win.offset())
            .field("buffered", &(self.win.end - self.win.start))
            .field("depth", &self.st.depth)
            .field("finished", &self.st.finished)
            .finish()
    }
}
