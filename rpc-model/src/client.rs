//! Client side: encode a typed call, decode the typed reply (or fault).
//!
//! ```ignore
//! let req = Request::ConferenceDestroy(ConferenceDestroyParams { .. });
//! let n = req.encode(&mut buf)?;
//! // ... POST buf[..n] to /RPC2, read the response into resp ...
//! match decode_reply_in_place::<ConferenceDestroyParams>(&mut resp)? {
//!     Reply::Value(status) => ...,
//!     Reply::Fault(f) => ...,
//! }
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
pub fn encode_call<P: Serialize + ?Sized>(
    buf: &mut [u8],
    method: Method,
    params: &P,
) -> Result<usize, Error> {
    Ok(encode::call(&mut buf[..], method.as_str(), &(params,))?)
}

/// Decodes the `methodResponse` answering a call made with params `P`:
/// the typed reply or the peer's fault. Strings borrow from `input`.
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
