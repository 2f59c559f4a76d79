//! [`ConductorHandler`]: what a server embedding baton implements, one
//! async method per Conductor operation.
//!
//! Every method has a default: XML-RPC methods answer fault 1 `method not
//! supported`, REST methods the spec's 405 body (`100:405`). Implement only
//! what the device supports. Methods get typed params (already decoded,
//! with the spec's faults for bad input, and already authenticated) and
//! return an [`Answer`](crate::Answer) / [`RestReply`](crate::RestReply) or a fault /
//! [`RestError`].
//!
//! Implementations may use `async fn`:
//!
//! The XML-RPC methods are generated from `baton-rpc`'s method table
//! ([`baton_rpc::for_each_method!`]): one per served row, named after it.
//!
//! ```
//! use baton_tokio::baton_rpc::device::{DeviceQueryParams, DeviceQueryReply};
//! use baton_tokio::baton_rpc::Method;
//! use baton_tokio::{Answer, CallContext, ConductorHandler, RpcResult};
//!
//! struct MyDevice;
//!
//! impl ConductorHandler for MyDevice {
//!     async fn device_query(&self, _: &CallContext, _: DeviceQueryParams<'_>)
//!         -> RpcResult<DeviceQueryParams<'static>>
//!     {
//!         Answer::new(&DeviceQueryReply { software_version: Some("XC4.3.1"), ..Default::default() })
//!     }
//! }
//!
//! // Called directly here; a server built with `ServerBuilder` calls it once the
//! // request is decoded and its credentials are checked.
//! let cx = CallContext { method: Method::DeviceQuery, user: "tms".into(), remote: None };
//! let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
//! let answer = rt.block_on(MyDevice.device_query(&cx, DeviceQueryParams::default()));
//! assert!(answer.is_ok());
//! // What it does not implement answers fault 1.
//! let cx = CallContext { method: Method::ConferenceEnumerate, ..cx };
//! let fault = rt
//!     .block_on(MyDevice.conference_enumerate(&cx, Default::default()))
//!     .unwrap_err();
//! assert_eq!(fault.code(), 1);
//! ```
//!
//! `feedbackReceiver.extended.*` (and the deprecated `feedbackReceiver.*`)
//! are served by the feedback publisher when the server is built with
//! [`crate::ServerBuilder::feedback`]; the handler's methods are used only
//! without one.

use core::future::Future;
use std::net::SocketAddr;

use baton_rest::route::{ExternalQuery, ResultFormat};
use baton_rest::{ConfBundle, Owners, SipDomainSpec};
use baton_rpc::{Fault, Method};

use crate::answer::{RestError, RestResult, RpcResult};

/// About an XML-RPC call being handled.
#[derive(Clone, Debug)]
pub struct CallContext {
    /// The method called (e.g. `conference.end` for
    /// [`ConductorHandler::conference_destroy`]).
    pub method: Method,
    /// The authenticated `authenticationUser`.
    pub user: String,
    /// The client's address, when served by [`crate::serve`].
    pub remote: Option<SocketAddr>,
}

/// About a REST request being handled.
#[derive(Clone, Debug)]
pub struct RestContext {
    /// The authenticated Basic user.
    pub user: String,
    /// The client's address, when served by [`crate::serve`].
    pub remote: Option<SocketAddr>,
}

fn not_allowed() -> impl Future<Output = RestResult> + Send {
    core::future::ready(Err(RestError::method_not_allowed()))
}

/// The device behind the server: one method per Conductor operation.
pub trait ConductorHandler: Send + Sync + 'static {
    // ----- XML-RPC: one method per row of `baton_rpc::for_each_method!` -----
    //
    // `conference_create`, `conference_destroy` (also `conference.end`),
    // `conference_enumerate`, `conference_modify`, `device_network_query`,
    // `device_query`, `factory_conference_create`,
    // `factory_conference_modify`, `factory_health_query`,
    // `factory_webex_add`, `feedback_receiver_configure` (also the
    // deprecated `feedbackReceiver.configure`, mapped onto the extended
    // params), `feedback_receiver_query` (also `feedbackReceiver.query`),
    // `feedback_receiver_remove`, `participant_add`,
    // `participant_diagnostics`, `participant_disconnect` (by default
    // `participant_remove`), `participant_enumerate`, `participant_message`,
    // `participant_modify`, `participant_remove`: each takes the typed
    // params and answers with an [`Answer`](crate::Answer) of its reply, or
    // by default fault 1 `method not supported`.
    baton_rpc::handler_methods! { context: CallContext, result: RpcResult }

    /// Called after every XML-RPC call a handler method answered (not for
    /// calls refused before: undecodable, unauthenticated, or served by the
    /// feedback publisher), with the outcome and how long the handler took:
    /// for logs and metrics. Does nothing by default.
    fn rpc_answered(
        &self,
        cx: &CallContext,
        outcome: Result<(), &Fault>,
        elapsed: std::time::Duration,
    ) {
        let _ = (cx, outcome, elapsed);
    }

    // ----- REST: Capacity Management -----

    /// `GET /api/4.0/servicecost/<alias>` -> `ServiceParams`.
    fn service_cost(
        &self,
        cx: &RestContext,
        alias: &str,
    ) -> impl Future<Output = RestResult> + Send {
        let _ = (cx, alias);
        not_allowed()
    }

    // ----- REST: Provisioning -----

    /// `GET /api/4.0/serviceinfo/` -> `ServiceInfo`.
    fn service_info(&self, cx: &RestContext) -> impl Future<Output = RestResult> + Send {
        let _ = cx;
        not_allowed()
    }

    /// `GET /api/4.0/serviceinfo/<id>` -> `ServiceRecord`.
    fn service_record(
        &self,
        cx: &RestContext,
        id: &str,
    ) -> impl Future<Output = RestResult> + Send {
        let _ = (cx, id);
        not_allowed()
    }

    /// `GET /api/4.0/qualities/` -> `QualityInfo`.
    fn qualities(&self, cx: &RestContext) -> impl Future<Output = RestResult> + Send {
        let _ = cx;
        not_allowed()
    }

    /// `GET /api/4.0/qualities/<group>` -> the group's `QualitySpec`s.
    fn quality_group(
        &self,
        cx: &RestContext,
        group: &str,
    ) -> impl Future<Output = RestResult> + Send {
        let _ = (cx, group);
        not_allowed()
    }

    /// `GET /api/4.0/confbundles/` -> ConfBundleID/ConfBundleVer pairs.
    fn list_confbundles(&self, cx: &RestContext) -> impl Future<Output = RestResult> + Send {
        let _ = cx;
        not_allowed()
    }

    /// `GET /api/4.0/confbundles/<id>` -> `ConfBundle`.
    fn get_confbundle(
        &self,
        cx: &RestContext,
        id: &str,
    ) -> impl Future<Output = RestResult> + Send {
        let _ = (cx, id);
        not_allowed()
    }

    /// `PUT /api/4.0/confbundles/<id>`: the body decoded (syntax error 50
    /// and unknown keys / wrong types 20 are answered before this is
    /// called). Check it against the device's catalog with
    /// `baton_validate::validate_confbundle` and answer 201 (created) or
    /// 200 (replaced).
    fn put_confbundle(
        &self,
        cx: &RestContext,
        id: &str,
        bundle: ConfBundle<'_>,
    ) -> impl Future<Output = RestResult> + Send {
        let _ = (cx, id, bundle);
        not_allowed()
    }

    /// `DELETE /api/4.0/confbundles/<id>`.
    fn delete_confbundle(
        &self,
        cx: &RestContext,
        id: &str,
    ) -> impl Future<Output = RestResult> + Send {
        let _ = (cx, id);
        not_allowed()
    }

    /// `DELETE /api/4.0/confbundles/`: every ConfBundle.
    fn delete_all_confbundles(&self, cx: &RestContext) -> impl Future<Output = RestResult> + Send {
        let _ = cx;
        not_allowed()
    }

    // ----- REST: SIP Domain, Owners, licences -----

    /// `GET /api/4.0/sipdomain` -> `SIPDomainSpec`.
    fn get_sip_domain(&self, cx: &RestContext) -> impl Future<Output = RestResult> + Send {
        let _ = cx;
        not_allowed()
    }

    /// `PUT /api/4.0/sipdomain` (already validated); answer 204.
    fn put_sip_domain(
        &self,
        cx: &RestContext,
        spec: SipDomainSpec<'_>,
    ) -> impl Future<Output = RestResult> + Send {
        let _ = (cx, spec);
        not_allowed()
    }

    /// `PUT /api/4.0/owners` (already validated).
    fn put_owners(
        &self,
        cx: &RestContext,
        owners: Owners<'_>,
    ) -> impl Future<Output = RestResult> + Send {
        let _ = (cx, owners);
        not_allowed()
    }

    /// `DELETE /api/4.0/owners`, or with `generation`
    /// `DELETE /api/4.0/<generation>`: Owners without a ConfBundle (and not
    /// of that generation).
    fn delete_owners(
        &self,
        cx: &RestContext,
        keep_generation: Option<&str>,
    ) -> impl Future<Output = RestResult> + Send {
        let _ = (cx, keep_generation);
        not_allowed()
    }

    /// `GET /api/4.0/multipartylicense`.
    fn multiparty_license(&self, cx: &RestContext) -> impl Future<Output = RestResult> + Send {
        let _ = cx;
        not_allowed()
    }

    // ----- REST: external API and system information -----

    /// `GET /api/external/<basepath>/[<key>/<value>]`: `format` is the
    /// result format the client asked for (query `format=`, else `Accept:
    /// application/xml`, else JSON). `peer`, pagination and sorting are in
    /// `query`.
    fn external_read(
        &self,
        cx: &RestContext,
        basepath: &str,
        filter: Option<(&str, &str)>,
        query: ExternalQuery<'_>,
        format: ResultFormat,
    ) -> impl Future<Output = RestResult> + Send {
        let _ = (cx, basepath, filter, query, format);
        not_allowed()
    }

    /// `GET /status`.
    fn status(&self, cx: &RestContext) -> impl Future<Output = RestResult> + Send {
        let _ = cx;
        not_allowed()
    }

    /// `GET /systemunit.xml`.
    fn system_unit(&self, cx: &RestContext) -> impl Future<Output = RestResult> + Send {
        let _ = cx;
        not_allowed()
    }
}
