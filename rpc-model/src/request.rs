//! [`Request`]: a decoded call, method and typed params; decoding maps
//! every problem to the fault the spec prescribes.
//!
//! | Problem                                   | Fault                                   |
//! |-------------------------------------------|-----------------------------------------|
//! | unknown `methodName`                      | 1 `method not supported`                |
//! | required `conferenceName` absent          | 8 `no conference name or auto attendant id supplied` |
//! | required `participantName` absent         | 9 `no participant name supplied`        |
//! | required `address` absent                 | 10 `no participant address supplied`    |
//! | required `conferenceAlias` absent         | 21 `no conference alias supplied`       |
//! | any other required member absent          | 101 `missing parameter - <name>`        |
//! | `participantProtocol` not a protocol      | 19 `unsupported protocol`               |
//! | `participantType` not a participant type  | 20 `unsupported participant type`       |
//! | value outside its valid values (unknown enum value, integer out of range, list over capacity) | 102 `invalid parameter - <name>` |
//! | value of the wrong type (`<int>` for a Boolean, `<base64>` / `<dateTime.iso8601>` / `<int>` for a String, ...; never converted, see [`baton_xmlrpc::de`]) | 103 `malformed parameter - <name>` |
//! | `authenticationUser` or `authenticationPassword` given twice | 103 `malformed parameter - <name>` |
//! | XML damaged inside a parameter's value    | 103 `malformed parameter - <name>`      |
//! | XML damaged elsewhere (unparseable request, no `methodName`, damage outside any member) | 201 `operation failed` |
//! | declared (or BOM) encoding other than UTF-8 / US-ASCII | 201 `operation failed - unsupported encoding <name>` |
//!
//! Other members given twice: the last one wins (as CPython's and
//! xmlrpc-c's servers read them; the spec is silent). A credential given
//! twice is refused instead: which one to check is ambiguous (a filter
//! that checks the first while the server uses the last is fooled), and
//! "present, but cannot be read" is the spec's 103. Decoding is strict;
//! [`Request::decode_in_place_with_options`] and [`DecodeOptions::lenient_types`] opt in to
//! conversions, never for the credentials ([`CREDENTIALS`]).
//!
//! `<name>` is the innermost struct member involved (e.g. `ports` inside
//! `factoryResourceLimits`). A call with no params at all lacks every
//! required member: the first one (in the order the spec lists them,
//! authentication last) is reported.

use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

use baton_xmlrpc::{CallDecoder, DecodeOptions, ErrorKind};

use crate::fault::{Fault, FaultCode};
use crate::method::{Method, MethodSet};
use crate::missing::first_required;
pub use crate::table::Request;

/// A request's params alone, serializable (the single `<param>` struct).
pub(crate) struct Params<'r, 'a>(pub(crate) &'r Request<'a>);

impl Serialize for Params<'_, '_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_params(serializer)
    }
}

impl<'a> Request<'a> {
    /// Decodes a `methodCall` from `input` (unescaping in place; strings
    /// borrow from it) into the typed request, or the fault to answer with
    /// (see the module table). Never panics, never allocates.
    ///
    /// A request declared in (or with the BOM of) another encoding than
    /// UTF-8 is fault 201 naming it (`operation failed - unsupported
    /// encoding ISO-8859-1`).
    ///
    /// ```
    /// use baton_rpc::Request;
    /// let mut body = b"<methodCall><methodName>device.query</methodName><params><param>\
    ///     <value><struct><member><name>authenticationUser</name><value>tms</value></member>\
    ///     <member><name>authenticationPassword</name><value>secret</value></member>\
    ///     </struct></value></param></params></methodCall>".to_vec();
    /// let request = Request::decode_in_place(&mut body).unwrap();
    /// assert_eq!(request.method().as_str(), "device.query");
    /// assert_eq!(request.credentials(), Some(("tms", "secret")));
    /// ```
    pub fn decode_in_place(input: &'a mut [u8]) -> Result<Self, Fault> {
        Self::decode_in_place_with_options(input, DecodeOptions::new())
    }

    /// [`Request::decode_in_place`] with decoder options: limits, or the opt-in
    /// [`DecodeOptions::lenient_types`] for peers that send e.g. `<int>` 0/1
    /// for a Boolean. Whatever the options, the credentials
    /// ([`CREDENTIALS`]) are never converted and never accepted twice.
    ///
    /// ```
    /// use baton_rpc::Request;
    /// use baton_xmlrpc::DecodeOptions;
    /// let call = "<methodCall><methodName>conference.modify</methodName><params><param>\
    ///     <value><struct><member><name>conferenceName</name><value>c</value></member>\
    ///     <member><name>locked</name><value><int>1</int></value></member>\
    ///     <member><name>authenticationUser</name><value>u</value></member>\
    ///     <member><name>authenticationPassword</name><value>p</value></member>\
    ///     </struct></value></param></params></methodCall>";
    /// // Strict by default: fault 103, an <int> is not a Boolean.
    /// let strict = Request::decode_in_place(&mut call.as_bytes().to_vec()).unwrap_err();
    /// assert_eq!(strict.message(), "malformed parameter - locked");
    /// let lenient = DecodeOptions::new().lenient_types(true);
    /// let mut buf = call.as_bytes().to_vec();
    /// let Ok(Request::ConferenceModify(p)) = Request::decode_in_place_with_options(&mut buf, lenient)
    /// else {
    ///     panic!()
    /// };
    /// assert_eq!(p.locked, Some(true));
    /// ```
    pub fn decode_in_place_with_options(
        input: &'a mut [u8],
        opts: DecodeOptions,
    ) -> Result<Self, Fault> {
        Self::decode_naming(input, opts).map_err(|(fault, _)| fault)
    }

    /// Like [`Request::decode_in_place`], for a server that supports only the
    /// methods of `S`: only their params decoders are built (the set is a
    /// compile-time constant, so firmware does not carry the decoders of
    /// the other methods), and any other method is fault 1
    /// `method not supported` without its params being read.
    pub fn decode_only_in_place<S: MethodSet + ?Sized>(input: &'a mut [u8]) -> Result<Self, Fault> {
        let call = call_decoder(input, DecodeOptions::new())?;
        let method =
            Method::from_name(call.method_name()).ok_or_else(Fault::method_not_supported)?;
        Self::decode_params_in::<S>(method, call)
    }

    /// [`Request::decode_in_place`] for a server's log and metrics: a
    /// call that is refused also says which method it named, when it got
    /// that far (`None`: the document or its `methodName` is not a call of
    /// the spec's; the fault is the same as `decode_in_place`'s).
    ///
    /// ```
    /// use baton_rpc::{Method, Request};
    /// let mut body = b"<methodCall><methodName>device.query</methodName><params><param>\
    ///     <value><struct><member><name>authenticationUser</name><value><int>1</int></value>\
    ///     </member></struct></value></param></params></methodCall>".to_vec();
    /// let (fault, method) = Request::decode_in_place_or_method(&mut body).unwrap_err();
    /// assert_eq!((fault.code(), method), (103, Some(Method::DeviceQuery)));
    /// let (_, method) = Request::decode_in_place_or_method(&mut b"<x/>".to_vec()).unwrap_err();
    /// assert_eq!(method, None);
    /// ```
    pub fn decode_in_place_or_method(input: &'a mut [u8]) -> Result<Self, (Fault, Option<Method>)> {
        Self::decode_naming(input, DecodeOptions::new())
    }

    /// The one decode behind both: the fault, and the method named once it is known.
    fn decode_naming(
        input: &'a mut [u8],
        opts: DecodeOptions,
    ) -> Result<Self, (Fault, Option<Method>)> {
        let call = call_decoder(input, opts).map_err(|f| (f, None))?;
        let method = Method::from_name(call.method_name())
            .ok_or_else(|| (Fault::method_not_supported(), None))?;
        Self::decode_params(method, call).map_err(|f| (f, Some(method)))
    }

    /// The former name of [`Request::decode_in_place`].
    #[deprecated(note = "use Request::decode_in_place (decoders name their input)")]
    pub fn decode(input: &'a mut [u8]) -> Result<Self, Fault> {
        Self::decode_in_place(input)
    }

    /// The former name of [`Request::decode_in_place_with_options`].
    #[deprecated(note = "use Request::decode_in_place_with_options")]
    pub fn decode_with(input: &'a mut [u8], opts: DecodeOptions) -> Result<Self, Fault> {
        Self::decode_in_place_with_options(input, opts)
    }

    /// The former name of [`Request::decode_only_in_place`].
    #[deprecated(note = "use Request::decode_only_in_place")]
    pub fn decode_only<S: MethodSet + ?Sized>(input: &'a mut [u8]) -> Result<Self, Fault> {
        Self::decode_only_in_place::<S>(input)
    }

    /// The params alone, as a serializable value (one struct).
    pub fn params(&self) -> impl Serialize + '_ {
        Params(self)
    }
}

impl Serialize for Request<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Request", 2)?;
        s.serialize_field("method", &self.method())?;
        s.serialize_field("params", &Params(self))?;
        s.end()
    }
}

/// The members every call carries that hold credentials: never converted
/// between XML-RPC types and refused when given twice (fault 103).
pub const CREDENTIALS: &[&str] = &["authenticationUser", "authenticationPassword"];

/// A call decoder for a request: the credentials marked sensitive.
#[cfg_attr(baton_compact, inline(never))]
pub(crate) fn call_decoder(
    input: &mut [u8],
    opts: DecodeOptions,
) -> Result<CallDecoder<'_>, Fault> {
    refuse_other_encodings(input)?;
    CallDecoder::in_place_with_options(input, opts)
        .map(|c| c.sensitive_members(CREDENTIALS))
        .map_err(|e| fault_for(&e))
}

/// The decoders read UTF-8 in place: any other declared encoding is
/// refused with a fault naming it.
fn refuse_other_encodings(input: &[u8]) -> Result<(), Fault> {
    match baton_xmlrpc::encoding::declared_encoding(input) {
        e if e.is_utf8() => Ok(()),
        e => Err(Fault::unsupported_encoding(e.name())),
    }
}

/// How a request's params type decodes from a call: through its own
/// `Deserialize` ([`params`], the default), or, for the table-driven types
/// of `table_params!`, through the one shared seed
/// ([`crate::params_de::decode_call`]: one decoder instance for all of them).
pub(crate) trait DecodeParams<'a>: Deserialize<'a> {
    /// The params of `call`, or the fault answering it.
    fn decode_params(call: CallDecoder<'a>) -> Result<Self, Fault> {
        params::<Self>(call)
    }
}

pub(crate) fn params<'a, P: Deserialize<'a>>(call: CallDecoder<'a>) -> Result<P, Fault> {
    match call.first_param::<P>() {
        Ok(Some(params)) => Ok(params),
        Ok(None) => Err(match first_required::<P>() {
            Some(name) => Fault::missing_required(name),
            None => Fault::new(FaultCode::MissingParameter),
        }),
        Err(e) => Err(fault_for(&e)),
    }
}

/// The fault for a decoding error (see the module table).
///
/// ```
/// use baton_rpc::fault_for;
/// use baton_xmlrpc::CallDecoder;
///
/// // Damage outside any member: 201 operation failed.
/// let mut body = *b"<methodCall><methodName>x";
/// let e = CallDecoder::in_place(&mut body).unwrap_err();
/// assert_eq!(fault_for(&e).code(), 201);
/// ```
pub fn fault_for(error: &baton_xmlrpc::Error) -> Fault {
    let name = error.member().or(error.param_member());
    let with_name = |code: FaultCode| match name {
        Some(name) => Fault::for_parameter(code, name),
        None => Fault::new(code),
    };
    match error.kind() {
        ErrorKind::MissingMember => match error.member() {
            Some(name) => Fault::missing_required(name),
            None => Fault::new(FaultCode::MissingParameter),
        },
        // Fault 19 "unsupported protocol" ("used for participant
        // identification where an invalid protocol is specified") and 20
        // "unsupported participant type" name these two members' own faults.
        ErrorKind::InvalidValue if error.member() == Some("participantProtocol") => {
            Fault::new(FaultCode::UnsupportedProtocol)
        }
        ErrorKind::InvalidValue if error.member() == Some("participantType") => {
            Fault::new(FaultCode::UnsupportedParticipantType)
        }
        ErrorKind::InvalidValue => with_name(FaultCode::InvalidParameter),
        ErrorKind::InvalidType | ErrorKind::Custom => with_name(FaultCode::MalformedParameter),
        _ => match error.param_member() {
            Some(name) => Fault::malformed_parameter(name),
            None => Fault::new(FaultCode::OperationFailed),
        },
    }
}

#[cfg(test)]
mod decode_only_tests {
    use super::*;
    use crate::method::Methods;

    struct QueriesOnly;
    impl MethodSet for QueriesOnly {
        const METHODS: Methods = Methods::of(&[Method::DeviceQuery]);
    }

    const DEVICE_QUERY: &[u8] = b"<?xml version='1.0'?><methodCall><methodName>device.query</methodName><params><param><value><struct><member><name>authenticationUser</name><value><string>u</string></value></member><member><name>authenticationPassword</name><value><string>p</string></value></member></struct></value></param></params></methodCall>";

    #[test]
    fn decode_only_decodes_the_methods_of_the_set() {
        let mut buf = DEVICE_QUERY.to_vec();
        let r = Request::decode_only_in_place::<QueriesOnly>(&mut buf).unwrap();
        assert_eq!(r.method(), Method::DeviceQuery);
    }

    #[test]
    fn decode_only_answers_fault_1_for_other_methods_without_reading_params() {
        // conference.destroy without its required conferenceName would be
        // fault 8 if its params were decoded; outside the set it is fault 1.
        let mut buf =
            b"<methodCall><methodName>conference.destroy</methodName><params/></methodCall>"
                .to_vec();
        let f = Request::decode_only_in_place::<QueriesOnly>(&mut buf).unwrap_err();
        assert_eq!(f.code(), 1);
        let mut buf =
            b"<methodCall><methodName>conference.destroy</methodName><params/></methodCall>"
                .to_vec();
        assert_eq!(Request::decode_in_place(&mut buf).unwrap_err().code(), 8);
    }

    #[test]
    fn method_sets_hold_exactly_their_methods() {
        let s = Methods::of(&[Method::DeviceQuery, Method::ConferenceEnumerate]);
        assert!(s.contains(Method::DeviceQuery) && s.contains(Method::ConferenceEnumerate));
        assert!(!s.contains(Method::ConferenceDestroy));
        assert!(Method::ALL.iter().all(|m| Methods::ALL.contains(*m)));
        assert!(Method::ALL.len() <= 64);
    }
}
