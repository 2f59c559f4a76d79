//! [`ConductorHandler`] for [`Appliance`]: every operation dispatched to
//! the device, each logged with `tracing` (method, outcome, duration).

use std::time::Instant;

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
use baton_tokio::{CallContext, ConductorHandler, RestContext, RestResult, RpcResult};

use crate::appliance::Appliance;

fn log_rpc<P>(cx: &CallContext, started: Instant, result: RpcResult<P>) -> RpcResult<P> {
    let micros = started.elapsed().as_micros() as u64;
    let method = cx.method.as_str();
    match &result {
        Ok(_) => tracing::info!(method, outcome = "ok", micros, user = %cx.user, "xml-rpc"),
        Err(f) => tracing::info!(
            method,
            outcome = "fault",
            fault_code = f.code(),
            fault = f.message(),
            micros,
            user = %cx.user,
            "xml-rpc"
        ),
    }
    result
}

fn log_rest(cx: &RestContext, operation: &str, started: Instant, result: RestResult) -> RestResult {
    let micros = started.elapsed().as_micros() as u64;
    match &result {
        Ok(r) => tracing::info!(operation, status = r.status(), micros, user = %cx.user, "rest"),
        Err(e) => tracing::info!(
            operation,
            status = e.status(),
            error = %String::from_utf8_lossy(e.body()),
            micros,
            user = %cx.user,
            "rest"
        ),
    }
    result
}

macro_rules! rpc {
    ($self:ident, $cx:ident, $call:expr) => {{
        let started = Instant::now();
        let r = $call;
        log_rpc($cx, started, r)
    }};
}

macro_rules! rest {
    ($cx:ident, $op:literal, $call:expr) => {{
        let started = Instant::now();
        let r = $call;
        log_rest($cx, $op, started, r)
    }};
}

impl ConductorHandler for Appliance {
    async fn conference_create(
        &self,
        cx: &CallContext,
        p: ConferenceCreateParams<'_>,
    ) -> RpcResult<ConferenceCreateParams<'static>> {
        rpc!(self, cx, self.conference_create_impl(p))
    }

    async fn conference_destroy(
        &self,
        cx: &CallContext,
        p: ConferenceDestroyParams<'_>,
    ) -> RpcResult<ConferenceDestroyParams<'static>> {
        rpc!(self, cx, self.conference_destroy_impl(p))
    }

    async fn conference_enumerate(
        &self,
        cx: &CallContext,
        p: ConferenceEnumerateParams<'_>,
    ) -> RpcResult<ConferenceEnumerateParams<'static>> {
        rpc!(self, cx, self.conference_enumerate_impl(p))
    }

    async fn conference_modify(
        &self,
        cx: &CallContext,
        p: ConferenceModifyParams<'_>,
    ) -> RpcResult<ConferenceModifyParams<'static>> {
        rpc!(self, cx, self.conference_modify_impl(p))
    }

    async fn device_query(
        &self,
        cx: &CallContext,
        p: DeviceQueryParams<'_>,
    ) -> RpcResult<DeviceQueryParams<'static>> {
        rpc!(self, cx, self.device_query_impl(p))
    }

    async fn device_network_query(
        &self,
        cx: &CallContext,
        p: DeviceNetworkQueryParams<'_>,
    ) -> RpcResult<DeviceNetworkQueryParams<'static>> {
        rpc!(self, cx, self.device_network_query_impl(p))
    }

    async fn factory_conference_create(
        &self,
        cx: &CallContext,
        p: FactoryConferenceCreateParams<'_>,
    ) -> RpcResult<FactoryConferenceCreateParams<'static>> {
        rpc!(self, cx, self.factory_conference_create_impl(p))
    }

    async fn factory_conference_modify(
        &self,
        cx: &CallContext,
        p: FactoryConferenceModifyParams<'_>,
    ) -> RpcResult<FactoryConferenceModifyParams<'static>> {
        rpc!(self, cx, self.factory_conference_modify_impl(p))
    }

    async fn factory_health_query(
        &self,
        cx: &CallContext,
        p: FactoryHealthQueryParams<'_>,
    ) -> RpcResult<FactoryHealthQueryParams<'static>> {
        rpc!(self, cx, self.factory_health_query_impl(p))
    }

    async fn factory_webex_add(
        &self,
        cx: &CallContext,
        p: FactoryWebexAddParams<'_>,
    ) -> RpcResult<FactoryWebexAddParams<'static>> {
        rpc!(self, cx, self.factory_webex_add_impl(p))
    }

    async fn feedback_receiver_configure(
        &self,
        cx: &CallContext,
        p: FeedbackReceiverExtendedConfigureParams<'_>,
    ) -> RpcResult<FeedbackReceiverExtendedConfigureParams<'static>> {
        rpc!(self, cx, self.feedback_configure_impl(p).await)
    }

    async fn feedback_receiver_query(
        &self,
        cx: &CallContext,
        p: FeedbackReceiverQueryParams<'_>,
    ) -> RpcResult<FeedbackReceiverQueryParams<'static>> {
        rpc!(self, cx, self.feedback_query_impl(p))
    }

    async fn feedback_receiver_remove(
        &self,
        cx: &CallContext,
        p: FeedbackReceiverExtendedRemoveParams<'_>,
    ) -> RpcResult<FeedbackReceiverExtendedRemoveParams<'static>> {
        rpc!(self, cx, self.feedback_remove_impl(p).await)
    }

    async fn participant_add(
        &self,
        cx: &CallContext,
        p: ParticipantAddParams<'_>,
    ) -> RpcResult<ParticipantAddParams<'static>> {
        rpc!(self, cx, self.participant_add_impl(p))
    }

    async fn participant_diagnostics(
        &self,
        cx: &CallContext,
        p: ParticipantIdParams<'_>,
    ) -> RpcResult<ParticipantIdParams<'static>> {
        rpc!(self, cx, self.participant_diagnostics_impl(p))
    }

    async fn participant_remove(
        &self,
        cx: &CallContext,
        p: ParticipantIdParams<'_>,
    ) -> RpcResult<ParticipantIdParams<'static>> {
        rpc!(self, cx, self.participant_remove_impl(p))
    }

    async fn participant_disconnect(
        &self,
        cx: &CallContext,
        p: ParticipantIdParams<'_>,
    ) -> RpcResult<ParticipantIdParams<'static>> {
        rpc!(self, cx, self.participant_remove_impl(p))
    }

    async fn participant_enumerate(
        &self,
        cx: &CallContext,
        p: ParticipantEnumerateParams<'_>,
    ) -> RpcResult<ParticipantEnumerateParams<'static>> {
        rpc!(self, cx, self.participant_enumerate_impl(p))
    }

    async fn participant_message(
        &self,
        cx: &CallContext,
        p: ParticipantMessageParams<'_>,
    ) -> RpcResult<ParticipantMessageParams<'static>> {
        rpc!(self, cx, self.participant_message_impl(p))
    }

    async fn participant_modify(
        &self,
        cx: &CallContext,
        p: ParticipantModifyParams<'_>,
    ) -> RpcResult<ParticipantModifyParams<'static>> {
        rpc!(self, cx, self.participant_modify_impl(p))
    }

    async fn service_cost(&self, cx: &RestContext, alias: &str) -> RestResult {
        rest!(cx, "servicecost", self.service_cost_impl(alias))
    }

    async fn service_info(&self, cx: &RestContext) -> RestResult {
        rest!(cx, "serviceinfo", self.service_info_impl())
    }

    async fn service_record(&self, cx: &RestContext, id: &str) -> RestResult {
        rest!(cx, "serviceinfo/<id>", self.service_record_impl(id))
    }

    async fn qualities(&self, cx: &RestContext) -> RestResult {
        rest!(cx, "qualities", self.qualities_impl())
    }

    async fn quality_group(&self, cx: &RestContext, group: &str) -> RestResult {
        rest!(cx, "qualities/<group>", self.quality_group_impl(group))
    }

    async fn list_confbundles(&self, cx: &RestContext) -> RestResult {
        rest!(cx, "GET confbundles", self.list_confbundles_impl())
    }

    async fn get_confbundle(&self, cx: &RestContext, id: &str) -> RestResult {
        rest!(cx, "GET confbundles/<id>", self.get_confbundle_impl(id))
    }

    async fn put_confbundle(
        &self,
        cx: &RestContext,
        id: &str,
        bundle: ConfBundle<'_>,
    ) -> RestResult {
        rest!(
            cx,
            "PUT confbundles/<id>",
            self.put_confbundle_impl(id, bundle).await
        )
    }

    async fn delete_confbundle(&self, cx: &RestContext, id: &str) -> RestResult {
        rest!(
            cx,
            "DELETE confbundles/<id>",
            self.delete_confbundle_impl(id).await
        )
    }

    async fn delete_all_confbundles(&self, cx: &RestContext) -> RestResult {
        rest!(
            cx,
            "DELETE confbundles",
            self.delete_all_confbundles_impl().await
        )
    }

    async fn get_sip_domain(&self, cx: &RestContext) -> RestResult {
        rest!(cx, "GET sipdomain", self.get_sip_domain_impl())
    }

    async fn put_sip_domain(&self, cx: &RestContext, spec: SipDomainSpec<'_>) -> RestResult {
        rest!(cx, "PUT sipdomain", self.put_sip_domain_impl(spec).await)
    }

    async fn put_owners(&self, cx: &RestContext, owners: Owners<'_>) -> RestResult {
        rest!(cx, "PUT owners", self.put_owners_impl(owners).await)
    }

    async fn delete_owners(&self, cx: &RestContext, keep_generation: Option<&str>) -> RestResult {
        rest!(
            cx,
            "DELETE owners",
            self.delete_owners_impl(keep_generation).await
        )
    }

    async fn multiparty_license(&self, cx: &RestContext) -> RestResult {
        rest!(cx, "multipartylicense", self.multiparty_license_impl())
    }

    async fn external_read(
        &self,
        cx: &RestContext,
        basepath: &str,
        filter: Option<(&str, &str)>,
        query: ExternalQuery<'_>,
        format: ResultFormat,
    ) -> RestResult {
        rest!(
            cx,
            "external",
            self.external_read_impl(basepath, filter, query, format)
        )
    }

    async fn status(&self, cx: &RestContext) -> RestResult {
        rest!(cx, "status", self.status_impl())
    }

    async fn system_unit(&self, cx: &RestContext) -> RestResult {
        rest!(cx, "systemunit.xml", self.system_unit_impl())
    }
}
