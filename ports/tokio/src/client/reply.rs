//! Replies holding their bytes, decoded on demand (strings borrow from
//! the reply).

use core::marker::PhantomData;

use serde::Deserialize;

use baton_rest::{
    ConfBundle, ConfBundleVersions, Decode, ExternalResult, QualityInfo, QualitySpecs, RawObject,
    ServiceInfo, ServiceParams, ServiceRecord, SipDomainSpec,
};
use baton_rpc::call::Call;

use crate::error::{DecodeError, Error, Fault};

/// The `methodResponse` to a call with params `P`: a value, never a fault
/// (a typed call answers a fault as [`Error::Fault`]). See
/// [`ConductorClient`](crate::ConductorClient) for a call; decoding a reply
/// as another type than the typed one:
///
/// ```
/// use baton_tokio::baton_rpc::device::DeviceQueryParams;
/// use baton_tokio::client::ClientConfig;
/// use baton_tokio::{serve, Answer, CallContext, ConductorClient, ConductorHandler, Listener};
/// use baton_tokio::{Role, RpcResult, ServerBuilder, ServerConfig, Users};
///
/// /// A bridge that answers device.query with members of its own.
/// struct Bridge;
/// impl ConductorHandler for Bridge {
///     async fn device_query(&self, _: &CallContext, _: DeviceQueryParams<'_>)
///         -> RpcResult<DeviceQueryParams<'static>>
///     {
///         #[derive(serde::Serialize)]
///         #[serde(rename_all = "camelCase")]
///         struct Extended { model: &'static str, fan_rpm: i32 }
///         Answer::any(&Extended { model: "bridge", fan_rpm: 1200 })
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let tcp = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
/// # let url = format!("http://{}", tcp.local_addr()?);
/// # let app = ServerBuilder::new(Bridge, Users::new().with("tms", "pw", Role::Admin)).router();
/// # tokio::spawn(async move {
/// #     serve(Listener::http(tcp), app, &ServerConfig::default(), std::future::pending()).await
/// # });
/// let client = ConductorClient::new(ClientConfig::new(&url, "tms", "pw"))?;
/// let mut reply = client.device_query(DeviceQueryParams::default()).await?;
/// assert_eq!(reply.get()?.model, Some("bridge")); // the spec's members
///
/// #[derive(serde::Deserialize)]
/// #[serde(rename_all = "camelCase")]
/// struct Extended<'a> { model: &'a str, fan_rpm: i32 }
/// let ext: Extended<'_> = reply.get_as()?; // the bridge's own members too
/// assert_eq!((ext.model, ext.fan_rpm), ("bridge", 1200));
/// assert!(reply.bytes().starts_with(b"<?xml"));
/// # Ok(())
/// # }
/// ```
pub struct Reply<P> {
    url: String,
    body: Vec<u8>,
    scratch: Vec<u8>,
    _params: PhantomData<fn() -> P>,
}

impl<P> Reply<P> {
    /// The reply in `body` from `url`, checked: a fault is
    /// [`Error::Fault`], a document that is not a `methodResponse` is
    /// [`Error::Decode`].
    pub(crate) fn checked(url: String, body: Vec<u8>) -> Result<Self, Error> {
        let mut reply = Reply {
            url,
            body,
            scratch: Vec::new(),
            _params: PhantomData,
        };
        reply.get_as::<serde::de::IgnoredAny>()?;
        Ok(reply)
    }

    /// The URL that answered.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The raw `methodResponse`.
    pub fn bytes(&self) -> &[u8] {
        &self.body
    }

    /// Decodes the reply as any type `T` (e.g. an enumerate reply with a
    /// `Vec` of participants instead of the bounded default, or the
    /// bridge's own members). A reply that does not decode as `T` is
    /// [`Error::Decode`] with the codec's error (kind, offset, member) as
    /// its source.
    pub fn get_as<'r, T: Deserialize<'r>>(&'r mut self) -> Result<T, Error> {
        if self.scratch.len() < self.body.len() {
            self.scratch.resize(self.body.len(), 0);
        }
        match baton_xmlrpc::decode_response_from_slice::<T>(&self.body, &mut self.scratch) {
            Ok(baton_xmlrpc::Response::Value(v)) => Ok(v),
            Ok(baton_xmlrpc::Response::Fault(f)) => Err(Error::Fault(Fault::from(f))),
            Err(e) => Err(Error::decode(&self.url, DecodeError::Xmlrpc(e))),
        }
    }
}

impl<P: Call> Reply<P> {
    /// Decodes the typed reply the spec defines for the call.
    pub fn get(&mut self) -> Result<P::Reply<'_>, Error> {
        self.get_as::<P::Reply<'_>>()
    }
}

impl<P> core::fmt::Debug for Reply<P> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Reply")
            .field("len", &self.body.len())
            .finish()
    }
}

/// A REST object family: `T<'static>` names the object, `Value<'r>` is it
/// borrowing from a response.
pub trait RestObject {
    /// The object borrowing from the response body.
    type Value<'r>: Decode<'r>;
}

macro_rules! rest_objects {
    ($($t:ident),*) => {
        $( impl RestObject for $t<'static> { type Value<'r> = $t<'r>; } )*
    };
}

rest_objects!(
    ServiceParams,
    ServiceInfo,
    ServiceRecord,
    QualityInfo,
    QualitySpecs,
    ConfBundleVersions,
    ConfBundle,
    SipDomainSpec,
    ExternalResult,
    RawObject
);

/// A successful REST answer carrying a `T`.
///
/// A REST round trip against an in-process server whose handler answers
/// `GET /api/4.0/sipdomain`:
///
/// ```
/// use baton_tokio::baton_rest::SipDomainSpec;
/// use baton_tokio::client::ClientConfig;
/// use baton_tokio::{
///     serve, ConductorClient, ConductorHandler, Listener, RestContext, RestReply, RestResult,
///     Role, ServerBuilder, ServerConfig, Users,
/// };
///
/// struct Device;
/// impl ConductorHandler for Device {
///     async fn get_sip_domain(&self, _: &RestContext) -> RestResult {
///         Ok(RestReply::json(&SipDomainSpec { sip_domain: Some("example.com") }))
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let tcp = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
/// let url = format!("http://{}", tcp.local_addr()?);
/// let app = ServerBuilder::new(Device, Users::new().with("tms", "pw", Role::Admin)).router();
/// tokio::spawn(async move {
///     serve(Listener::http(tcp), app, &ServerConfig::default(), std::future::pending()).await
/// });
///
/// let client = ConductorClient::new(ClientConfig::new(&url, "tms", "pw"))?;
/// let mut body = client.get_sip_domain().await?;
/// assert_eq!(body.status(), 200);
/// assert_eq!(body.text(), r#"{"SIPDomain": "example.com"}"#);
/// assert_eq!(body.get()?.sip_domain, Some("example.com")); // typed, borrowing the body
/// // An operation the handler does not implement: the spec's 405 body, as an error.
/// let e = client.list_confbundles().await.unwrap_err();
/// assert!(e.to_string().contains("405"), "{e}");
/// # Ok(())
/// # }
/// ```
pub struct RestBody<T> {
    url: String,
    status: u16,
    body: Vec<u8>,
    scratch: Vec<u8>,
    _object: PhantomData<fn() -> T>,
}

impl<T> RestBody<T> {
    pub(crate) fn new(url: String, status: u16, body: Vec<u8>) -> Self {
        RestBody {
            url,
            status,
            body,
            scratch: Vec::new(),
            _object: PhantomData,
        }
    }

    /// The HTTP status (200, 201, 204...).
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The body (JSON, or XML when asked for).
    pub fn bytes(&self) -> &[u8] {
        &self.body
    }

    /// The body as text.
    pub fn text(&self) -> &str {
        core::str::from_utf8(&self.body).unwrap_or("")
    }

    /// Decodes the body as any `baton-rest` object; unknown keys and
    /// wrong types are [`Error::Decode`] (with the JSON reader's error).
    pub fn get_as<'r, U: Decode<'r>>(&'r mut self) -> Result<U, Error> {
        if self.scratch.len() < self.body.len() {
            self.scratch.resize(self.body.len(), 0);
        }
        baton_rest::from_slice::<U>(&self.body, &mut self.scratch)
            .map_err(|e| Error::decode(&self.url, DecodeError::rest(e)))
    }
}

impl<T: RestObject> RestBody<T> {
    /// Decodes the object the operation returns.
    pub fn get(&mut self) -> Result<T::Value<'_>, Error> {
        self.get_as::<T::Value<'_>>()
    }
}

impl<T> core::fmt::Debug for RestBody<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("RestBody")
            .field("status", &self.status)
            .field("len", &self.body.len())
            .finish()
    }
}
