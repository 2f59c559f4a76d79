//! [`Handler`]: what the firmware implements to answer calls.
//!
//! A listener decodes the body in place into a typed
//! [`baton_rpc::Request`] (or the spec's fault), checks the credentials
//! with the [`crate::Authenticator`], then calls [`Handler::call`] with the
//! request and a [`Reply`] that encodes the answer straight into the
//! listener's transmit buffer. The handler can encode a reply that borrows
//! its own state (a conference table behind a mutex) while it holds it.

use serde::Serialize;

use baton_rpc::method::{MethodSet, Methods};
use baton_rpc::{Fault, FaultCode, Method, Request};

/// About a call being handled.
#[derive(Clone, Copy, Debug)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct CallContext<'a> {
    /// The method called.
    pub method: Method,
    /// The authenticated `authenticationUser`.
    pub user: &'a str,
    /// The client's address and port.
    pub remote: Option<embassy_net::IpEndpoint>,
}

/// The answer to a call, encoded (proof that [`Reply`] was used).
#[derive(Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Answered {
    len: usize,
}

impl Answered {
    /// Bytes of the `methodResponse`.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether nothing was written (never for a real answer).
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Where the answer goes: the listener's transmit buffer.
pub struct Reply<'b> {
    buf: &'b mut [u8],
}

impl<'b> Reply<'b> {
    /// A reply writing into `buf`.
    pub fn new(buf: &'b mut [u8]) -> Self {
        Reply { buf }
    }

    /// Answers with `reply` (one param). A reply too large for the buffer
    /// becomes fault 201 `operation failed`.
    pub fn ok<R: Serialize + ?Sized>(self, reply: &R) -> Answered {
        match baton_rpc::server::encode_reply(self.buf, reply) {
            Ok(len) => Answered { len },
            Err(_) => {
                warn!("reply does not fit the transmit buffer");
                Reply { buf: self.buf }.fault(&Fault::new(FaultCode::OperationFailed))
            }
        }
    }

    /// Answers with `fault`.
    pub fn fault(self, fault: &Fault) -> Answered {
        let len = baton_rpc::server::encode_fault(self.buf, fault).unwrap_or(0);
        Answered { len }
    }
}

/// The device behind the server.
///
/// Listener tasks share one handler (`&H`), so state needs interior
/// mutability (e.g. `embassy_sync::blocking_mutex::Mutex<_, RefCell<_>>`).
///
/// A handler for `device.query` only, and one call through [`dispatch`]
/// (what the listener runs for each request, here without a socket):
///
/// ```
/// use baton_embassy::handler::{dispatch, Answered, CallContext, Handler, Reply};
/// use baton_rpc::auth::{Account, Role, Users};
/// use baton_rpc::device::DeviceQueryReply;
/// use baton_rpc::method::Methods;
/// use baton_rpc::{Fault, Method, Request};
///
/// struct Device;
/// impl Handler for Device {
///     const METHODS: Methods = Methods::of(&[Method::DeviceQuery]);
///     async fn call(&self, _cx: &CallContext<'_>, request: Request<'_>, reply: Reply<'_>) -> Answered {
///         match request {
///             Request::DeviceQuery(_) => {
///                 reply.ok(&DeviceQueryReply { software_version: Some("XC4.3.1"), ..Default::default() })
///             }
///             _ => reply.fault(&Fault::method_not_supported()),
///         }
///     }
/// }
///
/// static ACCOUNTS: [Account<'static>; 1] = [Account { user: "tms", password: "pw", role: Role::Admin }];
/// let users = Users::new(&ACCOUNTS);
/// let mut body = *b"<methodCall><methodName>device.query</methodName><params><param><value><struct>\
///     <member><name>authenticationUser</name><value>tms</value></member>\
///     <member><name>authenticationPassword</name><value>pw</value></member>\
///     </struct></value></param></params></methodCall>";
/// let mut out = [0u8; 512];
/// let answered = embassy_futures::block_on(dispatch(&Device, &users, &mut body, None, &mut out));
/// let text = core::str::from_utf8(&out[..answered.len()]).unwrap();
/// assert!(text.contains("<string>XC4.3.1</string>"), "{text}");
///
/// // A method outside METHODS: fault 1, its params never decoded.
/// let mut body = *b"<methodCall><methodName>conference.enumerate</methodName></methodCall>";
/// let answered = embassy_futures::block_on(dispatch(&Device, &users, &mut body, None, &mut out));
/// assert!(core::str::from_utf8(&out[..answered.len()]).unwrap().contains("<int>1</int>"));
/// ```
#[allow(async_fn_in_trait)] // single-threaded executors: no `Send` bound wanted
pub trait Handler {
    /// The methods this handler supports. Only their params decoders are
    /// compiled in (`Request::decode_only_in_place`): on firmware, naming the few
    /// supported methods saves most of the decoding code. Any other
    /// method is answered with fault 1 `method not supported` before its
    /// params are read (and before authentication).
    const METHODS: Methods = Methods::ALL;

    /// Answers an authenticated call. Unsupported methods answer
    /// [`Fault::method_not_supported`] (fault 1).
    async fn call(&self, cx: &CallContext<'_>, request: Request<'_>, reply: Reply<'_>) -> Answered;
}

impl<H: Handler + ?Sized> Handler for &H {
    const METHODS: Methods = H::METHODS;

    async fn call(&self, cx: &CallContext<'_>, request: Request<'_>, reply: Reply<'_>) -> Answered {
        (**self).call(cx, request, reply).await
    }
}

/// `authenticationUser` / `authenticationPassword` of a call (`None` for
/// `eventNotification`, which a device does not serve): kept for callers
/// of this path; the rule is [`Request::credentials`], generated from the
/// method table.
pub fn credentials<'r>(request: &Request<'r>) -> Option<(&'r str, &'r str)> {
    request.credentials()
}

/// The [`MethodSet`] of a handler.
struct Supported<H: ?Sized>(core::marker::PhantomData<H>);

impl<H: Handler + ?Sized> MethodSet for Supported<H> {
    const METHODS: Methods = H::METHODS;
}

/// Decodes `body` in place, authenticates, and lets `handler` answer into
/// `out`: the whole of one call, without IO.
pub async fn dispatch<H: Handler + ?Sized, A: crate::Authenticator + ?Sized>(
    handler: &H,
    auth: &A,
    body: &mut [u8],
    remote: Option<embassy_net::IpEndpoint>,
    out: &mut [u8],
) -> Answered {
    // The request (about 2 KiB: the `eventNotification` variant holds its events inline)
    // is moved into the handler's future; its scope ends before the await, so this future
    // keeps no second copy of it (nor does every listener task's static RAM).
    let cx;
    let call = {
        let request = match Request::decode_only_in_place::<Supported<H>>(body) {
            Ok(request) => request,
            Err(fault) => return Reply::new(out).fault(&fault),
        };
        let method = request.method();
        let Some((user, password)) = request.credentials() else {
            return Reply::new(out).fault(&Fault::method_not_supported());
        };
        if let Err(refused) = auth.authenticate(user, password, crate::Access::Rpc(method)) {
            debug!("call refused");
            return Reply::new(out).fault(&refused.fault());
        }
        cx = CallContext {
            method,
            user,
            remote,
        };
        handler.call(&cx, request, Reply::new(out))
    };
    call.await
}
