//! Typed decoding with serde: calls into (method name, params), responses into a value or a
//! [`Fault`].
//!
//! Two kinds of input:
//!
//! * `&'de mut [u8]` ([`CallDecoder::in_place`], [`decode_response_in_place`]): text that needs unescaping
//!   and base64 are decoded **in place**, so every `&'de str` / `&'de [u8]` borrows from your
//!   buffer; nothing else is needed. The buffer's contents are rewritten.
//! * `&'de [u8]` plus a caller scratch buffer ([`CallDecoder::from_slice`],
//!   [`decode_response_from_slice`]): strings without escapes borrow from the input; escaped
//!   strings and base64 are decoded into the scratch buffer (an empty scratch buffer is fine
//!   for documents without them; otherwise [`ErrorKind::ScratchTooSmall`]).
//!
//! ## Mapping
//! See [`crate::magic`]. `Option` fields are `None` when the member is absent or `<nil/>`;
//! unit enums decode from strings; unknown struct members are skipped (but still checked).
//!
//! ## Strict types
//! A typed field takes only values of its own XML-RPC type; anything else is
//! [`ErrorKind::InvalidType`] naming the member (baton-rpc answers it with fault 103
//! `malformed parameter - <name>`, the spec's "the parameter is supposed to be an Integer,
//! but is given as a String"). Conversions are opt-in ([`DecodeOptions::lenient_types`])
//! and never apply to a call's sensitive members ([`CallDecoder::sensitive_members`]).
//!
//! | field (serde)                          | strict (default) accepts         | lenient also accepts |
//! |----------------------------------------|----------------------------------|----------------------|
//! | `&str`, `String`, `char`, unit enums   | `<string>`, untyped `<value>text</value>` | `<base64>` holding UTF-8, `<dateTime.iso8601>` (its text); not for enums |
//! | `bool`                                 | `<boolean>`                      | `<int>`/`<i4>`/`<i8>` 0 or 1 (other values: [`ErrorKind::InvalidValue`]) |
//! | `i8`..`i128`, `u8`..`u128`             | `<int>`, `<i4>`, `<i8>`, in the target's range (else [`ErrorKind::InvalidValue`]) | - |
//! | `f32`, `f64`                           | `<double>`                       | `<int>`/`<i4>`/`<i8>` |
//! | bytes (`deserialize_bytes`)            | `<base64>`                       | `<string>` (its UTF-8) |
//! | [`DateTime`](crate::DateTime) and other dateTime newtypes | `<dateTime.iso8601>` | `<string>` (parsed as a dateTime) |
//! | `Option<T>`                            | `<nil/>` or an absent member (`None`), else what `T` accepts | |
//! | `deserialize_any` (untyped values, `IgnoredAny`, ...) | anything                 | |
//!
//! Why: `<int>`, `<i4>` and `<i8>` are one kind (an integer; CPython reads all three as
//! `int`), so an `<i8>` fits an `i32` field when its value does (a value out of range is
//! an invalid value, fault 102). `<base64>` and `<dateTime.iso8601>` are other kinds
//! (CPython gives `Binary` / `DateTime`, xmlrpc-c refuses them where a string is asked
//! for), and `<int>` is not a `<boolean>` (both peers keep them apart): converting would
//! let `<base64>` of the right password log in.
//!
//! ## Duplicate members: the last one wins
//! A struct may name a member twice; like CPython (a dict: `loads` keeps the last) and
//! xmlrpc-c (`xmlrpc_struct_set_value` replaces), the last occurrence wins. The spec says
//! nothing about duplicates. The exception: a call's sensitive members
//! ([`CallDecoder::sensitive_members`], the credentials in baton-rpc) given twice are
//! [`ErrorKind::DuplicateMember`] naming the member (which one a server should believe is
//! ambiguous, and a proxy that checks the first while the server uses the last could be
//! fooled).
//! serde's derived structs reject duplicates, so decoding proceeds optimistically and, when
//! a `Deserialize` impl reports a duplicate field, the whole params (or response value) are
//! decoded again from their start in *last-wins* mode: each struct first scans its members
//! to find where each known field occurs last, and earlier occurrences are skipped (still
//! checked). Restarting is possible because the reader only ever works on one shared view of
//! the document: `&mut` input is decoded in place *before* reading (a pre-pass),
//! so the second pass reads the already-decoded text. With scratch input the second pass
//! uses more scratch space. Types that keep every entry (maps) see every occurrence in
//! document order and keep the last themselves.
//!
//! ## Errors
//! Each [`Error`] has a byte offset and kind; errors raised for a struct member name it:
//! [`Error::member`] (innermost) and [`Error::param_member`] (the member of the top-level
//! param struct), for faults 101/103 "missing/malformed parameter - name".

mod value;

use serde::Deserialize;

use crate::error::{Error, ErrorKind};
use crate::options::DecodeOptions;
use crate::prepass;
use crate::reader::{Child, Open, Reader, Root};

use value::ParamsDe;
pub(crate) use value::{restart_for, De};

/// A `<fault>`: code and string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fault<'a> {
    /// `faultCode`.
    pub code: i32,
    /// `faultString`.
    pub string: &'a str,
}

impl core::fmt::Display for Fault<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "fault {}: {}", self.code, self.string)
    }
}

/// A decoded `methodResponse`.
///
/// ```
/// use baton_xmlrpc::{decode_response_in_place, Fault, Response};
///
/// let mut body = *b"<methodResponse><fault><value><struct>\
///     <member><name>faultCode</name><value><int>15</int></value></member>\
///     <member><name>faultString</name><value>insufficient privileges</value></member>\
///     </struct></value></fault></methodResponse>";
/// // A fault decodes whatever the value type asked for.
/// match decode_response_in_place::<i32>(&mut body).unwrap() {
///     Response::Value(v) => panic!("value {v}"),
///     Response::Fault(Fault { code, string }) => {
///         assert_eq!((code, string), (15, "insufficient privileges"))
///     }
/// }
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Response<'de, T> {
    /// The response's single param.
    Value(T),
    /// A fault.
    Fault(Fault<'de>),
}

#[derive(Deserialize)]
pub(crate) struct FaultRepr<'a> {
    #[serde(rename = "faultCode")]
    pub(crate) code: i32,
    #[serde(rename = "faultString", borrow)]
    pub(crate) string: &'a str,
}

/// Reads a `&mut` input: in-place pre-pass, then a framed reader.
fn mut_reader(input: &mut [u8], opts: DecodeOptions) -> Result<Reader<'_>, Error> {
    let prechecked = prepass::normalize(input, opts)?;
    let input: &[u8] = input;
    Reader::new(input, true, prechecked, opts)
}

/// Decodes `T` from the value at the reader, restarting in last-wins mode on a duplicate
/// (from the same reader position and depth; `de.last_wins` tells afterwards whether it did).
pub(crate) fn decode_with_restart<'de, T, F>(de: &mut De<'de>, mut f: F) -> Result<T, Error>
where
    F: FnMut(&mut De<'de>) -> Result<T, Error>,
{
    let (start, depth) = (de.r, de.depth);
    match f(de) {
        Err(e) if !de.last_wins && restart_for(&e, de) => {
            de.r = start;
            de.last_wins = true;
            de.depth = depth;
            de.lenient = de.r.opts.lenient_types;
            f(de)
        }
        other => other,
    }
}

/// A `methodCall` being decoded: the method name is read first, so the caller can pick the
/// params type.
///
/// ```
/// use baton_xmlrpc::CallDecoder;
///
/// #[derive(serde::Deserialize)]
/// struct Add {
///     a: i32,
///     b: i32,
/// }
///
/// let mut body = *b"<methodCall><methodName>math.add</methodName><params>\
///     <param><value><struct><member><name>a</name><value><int>2</int></value></member>\
///     <member><name>b</name><value><int>40</int></value></member></struct></value></param>\
///     <param><value><string>note</string></value></param>\
///     </params></methodCall>";
/// let call = CallDecoder::in_place(&mut body).unwrap();
/// let sum = match call.method_name() {
///     // One struct param (further params are checked and ignored) ...
///     "math.add" => call.first_param::<Add>().unwrap().map(|p| p.a + p.b),
///     // ... or all params as a sequence (a tuple here).
///     "math.sum" => Some(call.params::<(i32, i32)>().map(|(a, b)| a + b).unwrap()),
///     _ => None,
/// };
/// assert_eq!(sum, Some(42));
/// ```
pub struct CallDecoder<'de> {
    de: De<'de>,
    method: &'de str,
    call: Open,
}

impl<'de> CallDecoder<'de> {
    /// Reads a call from a mutable buffer (decoded in place: escaped text is unescaped
    /// where it lies) up to and including `<methodName>`.
    ///
    /// ```
    /// use baton_xmlrpc::CallDecoder;
    /// let mut body = b"<methodCall><methodName>sum</methodName><params>\
    ///     <param><value><int>2</int></value></param>\
    ///     <param><value><string>a &amp; b</string></value></param>\
    ///     </params></methodCall>".to_vec();
    /// let call = CallDecoder::in_place(&mut body).unwrap();
    /// assert_eq!(call.method_name(), "sum");
    /// let (n, text): (i32, &str) = call.params().unwrap();
    /// assert_eq!((n, text), (2, "a & b"));
    /// ```
    pub fn in_place(input: &'de mut [u8]) -> Result<Self, Error> {
        Self::in_place_with_options(input, DecodeOptions::default())
    }

    /// [`CallDecoder::in_place`] with limits.
    ///
    /// ```
    /// use baton_xmlrpc::{CallDecoder, DecodeOptions, ErrorKind};
    /// let mut body = b"<methodCall><methodName>m</methodName><params><param><value>\
    ///     <array><data><value><array><data/></array></value></data></array>\
    ///     </value></param></params></methodCall>".to_vec();
    /// let opts = DecodeOptions::new().max_depth(1);
    /// let e = CallDecoder::in_place_with_options(&mut body, opts)
    ///     .and_then(|c| c.params::<(Vec<Vec<i32>>,)>())
    ///     .unwrap_err();
    /// assert_eq!(e.kind(), ErrorKind::DepthLimit);
    /// ```
    pub fn in_place_with_options(input: &'de mut [u8], opts: DecodeOptions) -> Result<Self, Error> {
        let r = mut_reader(input, opts)?;
        Self::start(De::new(r, &mut []))
    }

    /// The former name of [`CallDecoder::in_place`].
    #[deprecated(
        note = "use CallDecoder::in_place (decoders name their input: in_place / from_slice)"
    )]
    pub fn new(input: &'de mut [u8]) -> Result<Self, Error> {
        Self::in_place(input)
    }

    /// The former name of [`CallDecoder::in_place_with_options`].
    #[deprecated(note = "use CallDecoder::in_place_with_options")]
    pub fn with_options(input: &'de mut [u8], opts: DecodeOptions) -> Result<Self, Error> {
        Self::in_place_with_options(input, opts)
    }

    /// Reads a call from an immutable buffer; escaped text and base64 are decoded into
    /// `scratch` (the input is left as it was).
    ///
    /// ```
    /// use baton_xmlrpc::CallDecoder;
    /// let body = b"<methodCall><methodName>echo</methodName><params>\
    ///     <param><value>a &lt; b</value></param></params></methodCall>";
    /// let mut scratch = [0u8; 64];
    /// let call = CallDecoder::from_slice(body, &mut scratch).unwrap();
    /// let text: Option<&str> = call.first_param().unwrap();
    /// assert_eq!(text, Some("a < b"));
    /// ```
    pub fn from_slice(input: &'de [u8], scratch: &'de mut [u8]) -> Result<Self, Error> {
        Self::from_slice_with_options(input, scratch, DecodeOptions::default())
    }

    /// [`CallDecoder::from_slice`] with limits.
    pub fn from_slice_with_options(
        input: &'de [u8],
        scratch: &'de mut [u8],
        opts: DecodeOptions,
    ) -> Result<Self, Error> {
        let r = Reader::new(input, false, false, opts)?;
        Self::start(De::new(r, scratch))
    }

    fn start(mut de: De<'de>) -> Result<Self, Error> {
        let (call, _) = de.r.root(Root::Call)?;
        let at = de.r.pos;
        let name = de.r.method_name()?;
        let method = de.text_str(name, at)?;
        Ok(CallDecoder { de, method, call })
    }

    /// Marks struct members as sensitive (a call's credentials): their values are never
    /// converted between types (not even with
    /// [`DecodeOptions::lenient_types`]), and a struct that names one of them twice is
    /// refused with [`ErrorKind::DuplicateMember`] naming it, where other members follow
    /// the last-wins rule. baton-rpc marks `authenticationUser` and
    /// `authenticationPassword`.
    ///
    /// ```
    /// use baton_xmlrpc::{CallDecoder, ErrorKind};
    /// #[derive(Debug, serde::Deserialize)]
    /// struct Login<'a> { user: &'a str }
    /// let mut call = b"<methodCall><methodName>m</methodName><params><param><value><struct>\
    ///     <member><name>user</name><value>a</value></member>\
    ///     <member><name>user</name><value>b</value></member>\
    ///     </struct></value></param></params></methodCall>".to_vec();
    /// let e = CallDecoder::in_place(&mut call)
    ///     .and_then(|c| c.sensitive_members(&["user"]).first_param::<Login>())
    ///     .unwrap_err();
    /// assert_eq!((e.kind(), e.member()), (ErrorKind::DuplicateMember, Some("user")));
    /// ```
    pub fn sensitive_members(mut self, names: &'static [&'static str]) -> Self {
        self.de.sensitive = names;
        self
    }

    /// The method name.
    pub fn method_name(&self) -> &'de str {
        self.method
    }

    /// Opens `<params>`; `false` when there are none (absent or empty).
    fn open_params(&mut self) -> Result<Option<Open>, Error> {
        if self.de.r.at_close()? {
            return Ok(None);
        }
        let open = self.de.r.open_named_here(b"params")?;
        Ok(if open.empty { None } else { Some(open) })
    }

    fn finish(mut self, params: Option<Open>) -> Result<(), Error> {
        if let Some(open) = params {
            self.de.r.close(&open)?;
        }
        self.de.r.close(&self.call)?;
        self.de.r.epilog()
    }

    /// Decodes the params as a sequence: a tuple `(A, B)`, a `Vec`, a struct (positional).
    /// An absent `<params>` is an empty sequence. Params beyond what `P` takes are checked
    /// and ignored.
    pub fn params<P: Deserialize<'de>>(mut self) -> Result<P, Error> {
        let params = self.open_params()?;
        let present = params.is_some();
        let value =
            decode_with_restart(&mut self.de, |de| P::deserialize(ParamsDe { de, present }))?;
        self.finish(params)?;
        Ok(value)
    }

    /// Decodes the first param (`None` when there are none); further params are checked
    /// and ignored.
    pub fn first_param<T: Deserialize<'de>>(self) -> Result<Option<T>, Error> {
        struct First<T>(Option<T>);
        impl<'de, T: Deserialize<'de>> Deserialize<'de> for First<T> {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V<T>(core::marker::PhantomData<T>);
                impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for V<T> {
                    type Value = First<T>;
                    fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                        f.write_str("params")
                    }
                    fn visit_seq<A: serde::de::SeqAccess<'de>>(
                        self,
                        mut seq: A,
                    ) -> Result<First<T>, A::Error> {
                        Ok(First(seq.next_element()?))
                    }
                }
                d.deserialize_seq(V(core::marker::PhantomData))
            }
        }
        self.params::<First<T>>().map(|f| f.0)
    }

    /// [`CallDecoder::first_param`] through a [`DeserializeSeed`](serde::de::DeserializeSeed):
    /// the first param is decoded by `&mut *seed` (`None` when there are none; further params
    /// are checked and ignored). The seed is borrowed, not consumed, because a document with a
    /// duplicate member is decoded a second time in last-wins mode, from the same position, by
    /// the same seed. One instance serves every params type a seed describes (a table-driven
    /// decoder), where `first_param` is instantiated per type.
    ///
    /// ```
    /// use baton_xmlrpc::CallDecoder;
    /// use serde::de::{DeserializeSeed, Deserializer};
    ///
    /// /// Counts the params it decoded (an `i32` each).
    /// struct Sum(i32);
    /// impl<'de> DeserializeSeed<'de> for &mut Sum {
    ///     type Value = ();
    ///     fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
    ///         self.0 += <i32 as serde::Deserialize>::deserialize(d)?;
    ///         Ok(())
    ///     }
    /// }
    ///
    /// let mut doc = *b"<methodCall><methodName>m</methodName>\
    ///     <params><param><value><int>40</int></value></param></params></methodCall>";
    /// let mut sum = Sum(2);
    /// let call = CallDecoder::in_place(&mut doc).unwrap();
    /// assert_eq!(call.first_param_seed(&mut sum).unwrap(), Some(()));
    /// assert_eq!(sum.0, 42);
    /// ```
    pub fn first_param_seed<S, V>(mut self, seed: &mut S) -> Result<Option<V>, Error>
    where
        S: ?Sized,
        for<'s> &'s mut S: serde::de::DeserializeSeed<'de, Value = V>,
    {
        /// The params sequence; its first element through the seed.
        struct First<'s, S: ?Sized>(&'s mut S);
        impl<'de, S: ?Sized, V> serde::de::DeserializeSeed<'de> for First<'_, S>
        where
            for<'t> &'t mut S: serde::de::DeserializeSeed<'de, Value = V>,
        {
            type Value = Option<V>;
            fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Option<V>, D::Error> {
                d.deserialize_seq(self)
            }
        }
        impl<'de, S: ?Sized, V> serde::de::Visitor<'de> for First<'_, S>
        where
            for<'t> &'t mut S: serde::de::DeserializeSeed<'de, Value = V>,
        {
            type Value = Option<V>;
            fn expecting(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str("params")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Option<V>, A::Error> {
                seq.next_element_seed(&mut *self.0)
            }
        }
        let params = self.open_params()?;
        let present = params.is_some();
        let value = decode_with_restart(&mut self.de, |de| {
            serde::de::DeserializeSeed::deserialize(First(&mut *seed), ParamsDe { de, present })
        })?;
        self.finish(params)?;
        Ok(value)
    }
}

impl core::fmt::Debug for CallDecoder<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("CallDecoder")
            .field("method", &self.method)
            .field("offset", &self.de.r.pos)
            .finish()
    }
}

/// Decodes a `methodResponse` from a mutable buffer (decoded in place: escaped text is
/// unescaped where it lies, so `&str` fields borrow the buffer).
///
/// ```
/// use baton_xmlrpc::{decode_response_in_place, Response};
/// let mut body = b"<methodResponse><params><param><value><struct>\
///     <member><name>status</name><value>ok &amp; done</value></member>\
///     </struct></value></param></params></methodResponse>".to_vec();
/// #[derive(serde::Deserialize)]
/// struct Reply<'a> { status: &'a str }
/// match decode_response_in_place::<Reply>(&mut body).unwrap() {
///     Response::Value(r) => assert_eq!(r.status, "ok & done"),
///     Response::Fault(f) => panic!("fault {}", f.code),
/// }
/// ```
pub fn decode_response_in_place<'de, T: Deserialize<'de>>(
    input: &'de mut [u8],
) -> Result<Response<'de, T>, Error> {
    decode_response_in_place_with_options(input, DecodeOptions::default())
}

/// [`decode_response_in_place`] with limits.
///
/// ```
/// use baton_xmlrpc::{decode_response_in_place_with_options, DecodeOptions, ErrorKind};
/// let mut body = b"<methodResponse><params><param><value><string>0123456789</string>\
///     </value></param></params></methodResponse>".to_vec();
/// let opts = DecodeOptions::new().max_text_len(4);
/// let e = decode_response_in_place_with_options::<&str>(&mut body, opts).unwrap_err();
/// assert_eq!(e.kind(), ErrorKind::TextTooLong);
/// ```
pub fn decode_response_in_place_with_options<'de, T: Deserialize<'de>>(
    input: &'de mut [u8],
    opts: DecodeOptions,
) -> Result<Response<'de, T>, Error> {
    let r = mut_reader(input, opts)?;
    response(De::new(r, &mut []))
}

/// Decodes a `methodResponse` from an immutable buffer; escaped text and base64 go to
/// `scratch`.
///
/// ```
/// use baton_xmlrpc::{decode_response_from_slice, Response};
/// let body = b"<methodResponse><fault><value><struct>\
///     <member><name>faultCode</name><value><int>15</int></value></member>\
///     <member><name>faultString</name><value>Authentication failed</value></member>\
///     </struct></value></fault></methodResponse>";
/// let mut scratch = [0u8; 64];
/// match decode_response_from_slice::<i32>(body, &mut scratch).unwrap() {
///     Response::Fault(f) => assert_eq!((f.code, f.string), (15, "Authentication failed")),
///     Response::Value(_) => panic!("expected the fault"),
/// }
/// ```
pub fn decode_response_from_slice<'de, T: Deserialize<'de>>(
    input: &'de [u8],
    scratch: &'de mut [u8],
) -> Result<Response<'de, T>, Error> {
    decode_response_from_slice_with_options(input, scratch, DecodeOptions::default())
}

/// [`decode_response_from_slice`] with limits.
pub fn decode_response_from_slice_with_options<'de, T: Deserialize<'de>>(
    input: &'de [u8],
    scratch: &'de mut [u8],
    opts: DecodeOptions,
) -> Result<Response<'de, T>, Error> {
    let r = Reader::new(input, false, false, opts)?;
    response(De::new(r, scratch))
}

/// The former name of [`decode_response_in_place`].
#[deprecated(
    note = "use decode_response_in_place (decoders name their input: in_place / from_slice)"
)]
pub fn decode_response<'de, T: Deserialize<'de>>(
    input: &'de mut [u8],
) -> Result<Response<'de, T>, Error> {
    decode_response_in_place(input)
}

/// The former name of [`decode_response_in_place_with_options`].
#[deprecated(note = "use decode_response_in_place_with_options")]
pub fn decode_response_with<'de, T: Deserialize<'de>>(
    input: &'de mut [u8],
    opts: DecodeOptions,
) -> Result<Response<'de, T>, Error> {
    decode_response_in_place_with_options(input, opts)
}

/// The former name of [`decode_response_from_slice_with_options`].
#[deprecated(note = "use decode_response_from_slice_with_options")]
pub fn decode_response_from_slice_with<'de, T: Deserialize<'de>>(
    input: &'de [u8],
    scratch: &'de mut [u8],
    opts: DecodeOptions,
) -> Result<Response<'de, T>, Error> {
    decode_response_from_slice_with_options(input, scratch, opts)
}

fn response<'de, T: Deserialize<'de>>(mut de: De<'de>) -> Result<Response<'de, T>, Error> {
    let (root, _) = de.r.root(Root::Response)?;
    let result = match de.r.response_child()? {
        (Child::Params(params), at) => {
            let param = de.r.response_param(&params, at)?;
            let value = decode_with_restart(&mut de, |de| T::deserialize(&mut *de))?;
            de.r.response_end(&param, &params, &root)?;
            Response::Value(value)
        }
        (Child::Fault(open), at) if open.empty => {
            return Err(Error::new(ErrorKind::UnexpectedElement, at))
        }
        (Child::Fault(open), _) => {
            let fault = fault(&mut de)?;
            de.r.close(&open)?;
            de.r.close(&root)?;
            Response::Fault(fault)
        }
    };
    de.r.epilog()?;
    Ok(result)
}

/// The value inside `<fault>`, decoded (faultCode and faultString, as serde decodes a
/// struct: last wins); a value of another shape is [`ErrorKind::InvalidFault`].
pub(crate) fn fault<'de>(de: &mut De<'de>) -> Result<Fault<'de>, Error> {
    let vat = de.r.pos;
    let repr =
        decode_with_restart(de, |de| FaultRepr::deserialize(&mut *de)).map_err(|e| {
            match e.kind() {
                ErrorKind::MissingMember | ErrorKind::InvalidType | ErrorKind::InvalidValue => {
                    Error::new(ErrorKind::InvalidFault, e.offset().max(vat))
                }
                _ => e,
            }
        })?;
    Ok(Fault {
        code: repr.code,
        string: repr.string,
    })
}
