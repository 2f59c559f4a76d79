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
//! ```ignore
//! impl ConductorHandler for MyDevice {
//!     async fn device_query(&self, _: &CallContext, _: DeviceQueryParams<'_>)
//!         -> RpcResult<DeviceQueryParams<'static>>
//!     {
//!         Answer::new(&DeviceQueryReply { software_version: Some("XC4.3.1"), ..Default::default() })
//!     }
//! }
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
use baton_rpc::conference::{
    ConferenceCreateParams, ConferenceDestroyParams, ConferenceEnumerateParams,
    ConferenceModifyParams,
};
use baton_rpc::device::{DeviceNetworkQueryParams, DeviceQueryParams};
use baton_rpc::factory::{
    FactoryConferenceCreateParams, FactoryConferenceModifyParams, FactoryHealthQueryParams,
    FactoryWebexAddParams,
};
use baton_rpc::feedback_receiver::{
    FeedbackReceiverExtendedConfigureParams, FeedbackReceiverExtendedRemoveParams,
    FeedbackReceiverQueryParams,
};
use baton_rpc::participant::{
    ParticipantAddParams, ParticipantEnumerateParams, ParticipantIdParams,
    ParticipantMessageParams, ParticipantModifyParams,
};
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

fn not_supported<P>() -> impl Future<Output = RpcResult<P>> + Send {
    core::future::ready(Err(Fault::method_not_supported()))
}

fn not_allowed() -> impl Future<Output = RestResult> + Send {
    core::future::ready(Err(RestError::method_not_allowed()))
}

/// The device behind the server: one method per Conductor operation.
pub trait ConductorHandler: Send + Sync + 'static {
    // ----- XML-RPC: conference.* -----

    /// `conference.create` (deprecated).
    fn conference_create(
        &self,
        cx: &CallContext,
        params: ConferenceCreateParams<'_>,
    ) -> impl Future<Output = RpcResult<ConferenceCreateParams<'static>>> + Send {
        let _ = (cx, params);
        not_supported()
    }

    /// `conference.destroy` and its deprecated alias `conference.end`
    /// (`cx.method` tells which was called).
    fn conference_destroy(
        &self,
        cx: &CallContext,
        params: ConferenceDestroyParams<'_>,
    ) -> impl Future<Output = RpcResult<ConferenceDestroyParams<'static>>> + Send {
        let _ = (cx, params);
        not_supported()
    }

    /// `conference.enumerate`. `enumerateID`, when the reply has one, must
    /// be accepted back opaquely (fault 16 otherwise).
    fn conference_enumerate(
        &self,
        cx: &CallContext,
        params: ConferenceEnumerateParams<'_>,
    ) -> impl Future<Output = RpcResult<ConferenceEnumerateParams<'static>>> + Send {
        let _ = (cx, params);
        not_supported()
    }

    /// `conference.modify` (deprecated).
    fn conference_modify(
        &self,
        cx: &CallContext,
        params: ConferenceModifyParams<'_>,
    ) -> impl Future<Output = RpcResult<ConferenceModifyParams<'static>>> + Send {
        let _ = (cx, params);
        not_supported()
    }

    // ----- XML-RPC: device.* -----

    /// `device.query`.
    fn device_query(
        &self,
        cx: &CallContext,
        params: DeviceQueryParams<'_>,
    ) -> impl Future<Output = RpcResult<DeviceQueryParams<'static>>> + Send {
        let _ = (cx, params);
        not_supported()
    }

    /// `device.network.query`.
    fn device_network_query(
        &self,
        cx: &CallContext,
        params: DeviceNetworkQueryParams<'_>,
    ) -> impl Future<Output = RpcResult<DeviceNetworkQueryParams<'static>>> + Send {
        let _ = (cx, params);
        not_supported()
    }

    // ----- XML-RPC: factory.* -----

    /// `factory.conferencecreate`.
    fn factory_conference_create(
        &self,
        cx: &CallContext,
        params: FactoryConferenceCreateParams<'_>,
    ) -> impl Future<Output = RpcResult<FactoryConferenceCreateParams<'static>>> + Send {
        let _ = (cx, params);
        not_supported()
    }

    /// `factory.conferencemodify`.
    fn factory_conference_modify(
        &self,
        cx: &CallContext,
        params: FactoryConferenceModifyParams<'_>,
    ) -> impl Future<Output = RpcResult<FactoryConferenceModifyParams<'static>>> + Send {
        let _ = (cx, params);
        not_supported()
    }

    /// `factory.health.query`.
    fn factory_health_query(
        &self,
        cx: &CallContext,
        params: FactoryHealthQueryParams<'_>,
    ) -> impl Future<Output = RpcResult<FactoryHealthQueryParams<'static>>> + Send {
        let _ = (cx, params);
        not_supported()
    }

    /// `factory.webex.add`.
    fn factory_webex_add(
        &self,
        cx: &CallContext,
        params: FactoryWebexAddParams<'_>,
    ) -> impl Future<Output = RpcResult<FactoryWebexAddParams<'static>>> + Send {
        let _ = (cx, params);
        not_supported()
    }

    // ----- XML-RPC: feedbackReceiver.* (without a feedback driver) -----

    /// `feedbackReceiver.extended.configure` (and the deprecated
    /// `feedbackReceiver.configure`, mapped onto these params).
    fn feedback_receiver_configure(
        &self,
        cx: &CallContext,
        params: FeedbackReceiverExtendedConfigureParams<'_>,
    ) -> impl Future<Output = RpcResult<FeedbackReceiverExtendedConfigureParams<'static>>> + Send
    {
        let _ = (cx, params);
        not_supported()
    }

    /// `feedbackReceiver.extended.query` (and `feedbackReceiver.query`).
    fn feedback_receiver_query(
        &self,
        cx: &CallContext,
        params: FeedbackReceiverQueryParams<'_>,
    ) -> impl Future<Output = RpcResult<FeedbackReceiverQueryParams<'static>>> + Send {
        let _ = (cx, params);
        not_supported()
    }

    /// `feedbackReceiver.extended.remove`.
    fn feedback_receiver_remove(
        &self,
        cx: &CallContext,
        params: FeedbackReceiverExtendedRemoveParams<'_>,
    ) -> impl Future<Output = RpcResult<FeedbackReceiverExtendedRemoveParams<'static>>> + Send {
        let _ = (cx, params);
        not_supported()
    }

    // ----- XML-RPC: participant.* -----

    /// `participant.add`.
    fn participant_add(
        &self,
        cx: &CallContext,
        params: ParticipantAddParams<'_>,
    ) -> impl Future<Output = RpcResult<ParticipantAddParams<'static>>> + Send {
        let _ = (cx, params);
        not_supported()
    }

    /// `participant.diagnostics` (the reply is the bridge's: use
    /// [`crate::Answer::any`] for members beyond `status`).
    fn participant_diagnostics(
        &self,
        cx: &CallContext,
        params: ParticipantIdParams<'_>,
    ) -> impl Future<Output = RpcResult<ParticipantIdParams<'static>>> + Send {
        let _ = (cx, params);
        not_supported()
    }

    /// `participant.remove`, and by default the deprecated
    /// `participant.disconnect` (`cx.method` tells which was called).
    fn participant_remove(
        &self,
        cx: &CallContext,
        params: ParticipantIdParams<'_>,
    ) -> impl Future<Output = RpcResult<ParticipantIdParams<'static>>> + Send {
        let _ = (cx, params);
        not_supported()
    }

    /// `participant.disconnect` (deprecated since XC2.3; same function as
    /// `participant.remove`, which it calls by default).
    fn participant_disconnect(
        &self,
        cx: &CallContext,
        params: ParticipantIdParams<'_>,
    ) -> impl Future<Output = RpcResult<ParticipantIdParams<'static>>> + Send {
        self.participant_remove(cx, params)
    }

    /// `participant.enumerate`. See [`ConductorHandler::conference_enumerate`]
    /// about `enumerateID`.
    fn participant_enumerate(
        &self,
        cx: &CallContext,
        params: ParticipantEnumerateParams<'_>,
    ) -> impl Future<Output = RpcResult<ParticipantEnumerateParams<'static>>> + Send {
        let _ = (cx, params);
        not_supported()
    }

    /// `participant.message`.
    fn participant_message(
        &self,
        cx: &CallContext,
        params: ParticipantMessageParams<'_>,
    ) -> impl Future<Output = RpcResult<ParticipantMessageParams<'static>>> + Send {
        let _ = (cx, params);
        not_supported()
    }

    /// `participant.modify`.
    fn participant_modify(
        &self,
        cx: &CallContext,
        params: ParticipantModifyParams<'_>,
    ) -> impl Future<Output = RpcResult<ParticipantModifyParams<'static>>> + Send {
        let _ = (cx, params);
        not_supported()
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
