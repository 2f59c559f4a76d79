//! The XML-RPC pull reader: a cursor over the (shared) input that reads markup, text and
//! values. Both the serde deserializer and the untyped view are built on it.
//!
//! The reader is `Copy`: looking ahead is cloning it. It never recurses except through
//! [`Reader::skip_value`], which is bounded by the depth limit.
//!
//! In *framed* mode (input that went through [`crate::prepass`]), text runs that needed
//! unescaping, and base64 contents, were already decoded in place and are marked with a
//! frame byte (a control character that cannot occur in a well-formed document).

//!
//! One job per file:
//! * `lex`: markup lexing (whitespace, comments, PIs, CDATA, start/end/empty tags);
//! * `text`: character data (the SWAR text scan, entities, leaf text);
//! * `prolog`: BOM, XML declaration, epilog;
//! * `value`: the XML-RPC value grammar (type elements, scalars, containers);
//! * `doc`: the document heads (root, `methodName`, `<params>`/`<fault>`, the param);
//! * `frame`: the frame format the pre-pass writes (and this reader reads).

mod doc;
mod frame;
mod lex;
mod prolog;
mod text;
mod value;

use crate::error::{Error, ErrorKind};
use crate::options::DecodeOptions;

pub(crate) use doc::{Child, Root};
pub(crate) use frame::{varint_len, write_varint, FRAME_B64, FRAME_B64_3, FRAME_TEXT};
pub(crate) use lex::Open;
pub(crate) use value::{Container, Head, Scalar, B64};

/// The cursor.
#[derive(Clone, Copy)]
pub(crate) struct Reader<'de> {
    bytes: &'de [u8],
    /// The whole input as `str` when it is valid UTF-8 (then substrings are O(1)).
    view: Option<&'de str>,
    pub(crate) pos: usize,
    framed: bool,
    /// The bytes are the whole input (the whole-document decoders, a finished stream): a
    /// cut token is judged as such. Otherwise (a stream's window) every cut is
    /// [`ErrorKind::UnexpectedEof`], the grammar's Incomplete.
    pub(crate) complete: bool,
    pub(crate) opts: DecodeOptions,
}

impl<'de> Reader<'de> {
    /// A reader that does not check UTF-8 up front (strings are checked one by one).
    pub(crate) fn unchecked(bytes: &'de [u8], opts: DecodeOptions) -> Self {
        Reader {
            bytes,
            view: None,
            pos: 0,
            framed: false,
            complete: true,
            opts,
        }
    }

    /// A reader over text already known to be UTF-8 (substrings are O(1)).
    pub(crate) fn from_str(text: &'de str, opts: DecodeOptions) -> Self {
        Reader {
            bytes: text.as_bytes(),
            view: Some(text),
            pos: 0,
            framed: false,
            complete: true,
            opts,
        }
    }

    /// A reader over `bytes`; `framed` when it went through the pre-pass.
    ///
    /// `prechecked`: the pre-pass checked the whole document's UTF-8 before it decoded
    /// base64 into it (binary now makes the up-front check fail: strings are then checked
    /// one by one).
    pub(crate) fn new(
        bytes: &'de [u8],
        framed: bool,
        prechecked: bool,
        opts: DecodeOptions,
    ) -> Result<Self, Error> {
        let view = match core::str::from_utf8(bytes) {
            Ok(s) => Some(s),
            Err(_) if framed && prechecked => None,
            Err(e) => return Err(Error::new(ErrorKind::InvalidUtf8, e.valid_up_to())),
        };
        Ok(Reader {
            bytes,
            view,
            pos: 0,
            framed,
            complete: true,
            opts,
        })
    }

    #[inline]
    pub(crate) fn err(&self, kind: ErrorKind) -> Error {
        Error::new(kind, self.pos)
    }

    /// At a cut (the bytes at hand end inside a token): on complete input the error
    /// `kind` at `at`, else Incomplete ([`ErrorKind::UnexpectedEof`] at the end).
    #[cold]
    pub(crate) fn cut(&self, kind: ErrorKind, at: usize) -> Error {
        if self.complete {
            Error::new(kind, at)
        } else {
            Error::new(ErrorKind::UnexpectedEof, self.bytes.len())
        }
    }

    /// The bytes read.
    #[inline]
    pub(crate) fn bytes(&self) -> &'de [u8] {
        self.bytes
    }

    #[inline]
    pub(crate) fn rest(&self) -> &'de [u8] {
        self.bytes.get(self.pos..).unwrap_or(&[])
    }

    #[inline]
    fn byte(&self, i: usize) -> Option<u8> {
        self.bytes.get(i).copied()
    }

    /// `bytes[a..b]` as `str`.
    #[inline]
    pub(crate) fn str_range(&self, a: usize, b: usize) -> Result<&'de str, Error> {
        match self.view {
            Some(v) => v.get(a..b).ok_or(Error::new(ErrorKind::InvalidUtf8, a)),
            None => {
                let raw = self
                    .bytes
                    .get(a..b)
                    .ok_or(Error::new(ErrorKind::UnexpectedEof, a))?;
                core::str::from_utf8(raw)
                    .map_err(|e| Error::new(ErrorKind::InvalidUtf8, a + e.valid_up_to()))
            }
        }
    }
}
