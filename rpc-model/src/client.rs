//! Client side: encode a typed call, decode the typed reply (or fault).
//!
//! ```
//! use baton_rpc::client::{decode_reply_in_place, Reply};
//! use baton_rpc::conference::ConferenceDestroyParams;
//! use baton_rpc::{FaultCode, Request};
//!
//! let req = Request::ConferenceDestroy(ConferenceDestroyParams {
//!     conference_name: "weekly",
//!     authentication_user: "tms",
//!     authentication_password: "secret".into(),
//! });
//! let mut buf = [0u8; 512];
//! let n = req.encode(&mut buf).unwrap();
//! assert!(buf[..n].starts_with(b"<?xml"));
//! // ... POST buf[..n] to /RPC2, read the response into resp ...
//! let mut resp = *b"<methodResponse><params><param><value><struct>\
//!     <member><name>status</name><value>operation successful</value></member>\
//!     </struct></value></param></params></methodResponse>";
//! match decode_reply_in_place::<ConferenceDestroyParams>(&mut resp).unwrap() {
//!     Reply::Value(status) => assert_eq!(status.status, Some("operation successful")),
//!     Reply::Fault(f) => panic!("fault {}: {}", f.code, f.string),
//! }
//! // A fault is a value here, with the spec's code when the table lists it.
//! let mut resp = *b"<methodResponse><fault><value><struct>\
//!     <member><name>faultCode</name><value><int>4</int></value></member>\
//!     <member><name>faultString</name><value>no such conference or auto attendant</value></member>\
//!     </struct></value></fault></methodResponse>";
//! let Reply::Fault(f) = decode_reply_in_place::<ConferenceDestroyParams>(&mut resp).unwrap() else {
//!     panic!("expected a fault")
//! };
//! assert_eq!(f.fault_code(), Some(FaultCode::NoSuchConference));
//! ```

use serde::Serialize;

use baton_xmlrpc::encode;

use crate::call::Call;
use crate::error::Error;
use crate::event::Notification;
use crate::fault::FaultCode;
use crate::method::Method;
use crate::request::{Params, Request};

/// A fault received from the peer, borrowed from the response buffer
/// (the string is kept whole, however long).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RemoteFault<'r> {
    /// `faultCode`.
    pub code: i32,
    /// `faultString`.
    pub string: &'r str,
}

impl RemoteFault<'_> {
    /// The spec table's entry for the code, if it lists it.
    pub fn fault_code(&self) -> Option<FaultCode> {
        FaultCode::from_code(self.code)
    }
}

/// A decoded reply: the typed value or the peer's fault.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reply<'r, T> {
    /// The call succeeded.
    Value(T),
    /// The peer answered with a fault.
    Fault(RemoteFault<'r>),
}

impl Request<'_> {
    /// Encodes the call as a `methodCall` into `buf`; returns the bytes
    /// written.
    pub fn encode(&self, buf: &mut [u8]) -> Result<usize, Error> {
        Ok(encode::call(
            &mut buf[..],
            self.method().as_str(),
            &(Params(self),),
        )?)
    }

    /// The exact length [`Request::encode`] writes.
    pub fn encoded_len(&self) -> Result<usize, Error> {
        Ok(encode::call(
            encode::Count,
            self.method().as_str(),
            &(Params(self),),
        )?)
    }

    /// Writes the call into any [`embedded_io::Write`].
    pub fn write<W: embedded_io::Write>(&self, w: &mut W) -> Result<(), Error> {
        encode::call(encode::Writer(w), self.method().as_str(), &(Params(self),))?;
        Ok(())
    }
}

impl<const N: usize> Notification<'_, N> {
    /// Encodes the `eventNotification` methodCall into `buf`.
    pub fn encode(&self, buf: &mut [u8]) -> Result<usize, Error> {
        Ok(encode::call(
            &mut buf[..],
            Method::EventNotification.as_str(),
            &(self,),
        )?)
    }

    /// The exact length [`Notification::encode`] writes.
    pub fn encoded_len(&self) -> Result<usize, Error> {
        Ok(encode::call(
            encode::Count,
            Method::EventNotification.as_str(),
            &(self,),
        )?)
    }
}

/// Encodes a call of `method` with any serializable params struct (for
/// params types shared by several methods, or extensions).
///
/// ```
/// use baton_rpc::client::encode_call;
/// use baton_rpc::Method;
///
/// #[derive(serde::Serialize)]
/// #[serde(rename_all = "camelCase")]
/// struct Query<'a> {
///     authentication_user: &'a str,
///     authentication_password: &'a str,
///     vendor_extension: i32,
/// }
/// let mut buf = [0u8; 512];
/// let q = Query { authentication_user: "tms", authentication_password: "pw", vendor_extension: 1 };
/// let n = encode_call(&mut buf, Method::DeviceQuery, &q).unwrap();
/// let text = core::str::from_utf8(&buf[..n]).unwrap();
/// assert!(text.contains("<methodName>device.query</methodName>"));
/// assert!(text.contains("<name>vendorExtension</name><value><int>1</int></value>"));
/// // A buffer too small is an error, never a truncated call.
/// assert!(encode_call(&mut buf[..20], Method::DeviceQuery, &q).is_err());
/// ```
pub fn encode_call<P: Serialize + ?Sized>(
    buf: &mut [u8],
    method: Method,
    params: &P,
) -> Result<usize, Error> {
    Ok(encode::call(&mut buf[..], method.as_str(), &(params,))?)
}

/// Decodes the `methodResponse` answering a call made with params `P`:
/// the typed reply or the peer's fault. Strings borrow from `input`
/// (see the [module](self) example for a fault).
///
/// ```
/// use baton_rpc::client::{decode_reply_in_place, Reply};
/// use baton_rpc::device::DeviceQueryParams;
///
/// let mut resp = *b"<methodResponse><params><param><value><struct>\
///     <member><name>softwareVersion</name><value>XC4.3.1</value></member>\
///     <member><name>totalVideoPorts</name><value><int>80</int></value></member>\
///     </struct></value></param></params></methodResponse>";
/// let Reply::Value(device) = decode_reply_in_place::<DeviceQueryParams>(&mut resp).unwrap() else {
///     panic!("fault")
/// };
/// assert_eq!(device.software_version, Some("XC4.3.1"));
/// assert_eq!(device.total_video_ports, Some(80));
/// ```
pub fn decode_reply_in_place<'r, P: Call + ?Sized>(
    input: &'r mut [u8],
) -> Result<Reply<'r, P::Reply<'r>>, Error> {
    Ok(
        match baton_xmlrpc::decode_response_in_place::<P::Reply<'r>>(input)? {
            baton_xmlrpc::Response::Value(v) => Reply::Value(v),
            baton_xmlrpc::Response::Fault(f) => Reply::Fault(RemoteFault {
                code: f.code,
                string: f.string,
            }),
        },
    )
}

/// The former name of [`decode_reply_in_place`].
#[deprecated(note = "use decode_reply_in_place (decoders name their input)")]
pub fn decode_reply<'r, P: Call + ?Sized>(
    input: &'r mut [u8],
) -> Result<Reply<'r, P::Reply<'r>>, Error> {
    decode_reply_in_place::<P>(input)
}
