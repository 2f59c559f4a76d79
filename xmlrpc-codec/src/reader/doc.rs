//! The document heads: the `methodCall` / `methodResponse` root, `methodName`, the
//! response's first child (`<params>` or `<fault>`), its single `<param>` and the closes
//! after it. The serde deserializer (`de`), the untyped view (`view`), `Stream` and
//! `Items` all read documents through these (and the value grammar in `value`), so each
//! rule, error kind and offset is written once.

use super::{Open, Reader};
use crate::error::{Error, ErrorKind};
use crate::text::Text;

/// Which root elements a decoder accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Root {
    /// `methodCall` only (the call decoder).
    Call,
    /// `methodResponse` only (the response decoders, `Items`).
    Response,
    /// Either (the untyped view, `Stream`).
    Either,
}

/// The first child of `<methodResponse>`, its start tag read.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Child {
    /// `<params>` (possibly empty).
    Params(Open),
    /// `<fault>` (possibly empty).
    Fault(Open),
}

impl<'de> Reader<'de> {
    /// The prolog and the root's start tag (any letter case, not empty): the root, and
    /// whether it is a `methodCall`.
    pub(crate) fn root(&mut self, which: Root) -> Result<(Open, bool), Error> {
        self.prolog()?;
        let at = self.pos;
        let root = match which {
            Root::Call => self.open_named_here(b"methodCall")?,
            Root::Response => self.open_named_here(b"methodResponse")?,
            Root::Either => self.open_named_here(b"methodCall").or_else(|_| {
                self.pos = at;
                self.open_named_here(b"methodResponse")
            })?,
        };
        if root.empty {
            return Err(Error::new(ErrorKind::UnexpectedElement, at));
        }
        let call = self.name(&root).eq_ignore_ascii_case(b"methodCall");
        Ok((root, call))
    }

    /// A call's `<methodName>` (after misc), as written.
    pub(crate) fn method_name(&mut self) -> Result<Text<'de>, Error> {
        self.leaf(b"methodName")
    }

    /// After `<methodResponse>`: misc and its first child's start tag, and where that
    /// starts. An end tag there is [`ErrorKind::ParamCount`], another element
    /// [`ErrorKind::UnexpectedElement`].
    pub(crate) fn response_child(&mut self) -> Result<(Child, usize), Error> {
        self.skip_misc()?;
        let at = self.pos;
        let Some(open) = self.open_or_close()? else {
            return Err(Error::new(ErrorKind::ParamCount, at));
        };
        let name = self.name(&open);
        if name.eq_ignore_ascii_case(b"params") {
            Ok((Child::Params(open), at))
        } else if name.eq_ignore_ascii_case(b"fault") {
            Ok((Child::Fault(open), at))
        } else {
            Err(Error::new(ErrorKind::UnexpectedElement, at))
        }
    }

    /// After a response's `<params>` (`params`, at `at`): its one `<param>` opened, the
    /// value follows. No param is [`ErrorKind::ParamCount`] at `at`.
    pub(crate) fn response_param(&mut self, params: &Open, at: usize) -> Result<Open, Error> {
        if params.empty || self.at_close()? {
            return Err(Error::new(ErrorKind::ParamCount, at));
        }
        let param = self.open_named(b"param")?;
        if param.empty {
            return Err(Error::new(ErrorKind::ParamCount, at));
        }
        Ok(param)
    }

    /// After a response's param value: `</param>`, `</params>` (another param is
    /// [`ErrorKind::ParamCount`]) and `</methodResponse>`.
    pub(crate) fn response_end(
        &mut self,
        param: &Open,
        params: &Open,
        root: &Open,
    ) -> Result<(), Error> {
        self.close(param)?;
        if !self.at_close()? {
            return Err(self.err(ErrorKind::ParamCount));
        }
        self.close(params)?;
        self.close(root)
    }

    /// A `<param>` of a call's or the view's `<params>` (after misc; not empty).
    pub(crate) fn param(&mut self) -> Result<Open, Error> {
        let param = self.open_named(b"param")?;
        if param.empty {
            return Err(Error::new(
                ErrorKind::UnexpectedElement,
                param.name_start - 1,
            ));
        }
        Ok(param)
    }
}
