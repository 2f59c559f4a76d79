//! The appliance's logs, with `tracing` (method or operation, outcome,
//! duration), and its REST operations for its `ConductorHandler` (whose
//! XML-RPC methods, each with its behaviour, are in `rpc.rs`).

use std::time::{Duration, Instant};

use baton_rpc::Fault;
use baton_tokio::{CallContext, RestContext, RestResult};

/// Logs an answered XML-RPC call.
pub(crate) fn log_rpc(cx: &CallContext, outcome: Result<(), &Fault>, elapsed: Duration) {
    let micros = elapsed.as_micros() as u64;
    let method = cx.method.as_str();
    match outcome {
        Ok(()) => tracing::info!(method, outcome = "ok", micros, user = %cx.user, "xml-rpc"),
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
}

pub(crate) fn log_rest(
    cx: &RestContext,
    operation: &str,
    started: Instant,
    result: RestResult,
) -> RestResult {
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

macro_rules! rest {
    ($cx:ident, $op:literal, $call:expr) => {{
        let started = std::time::Instant::now();
        let r = $call;
        $crate::handler::log_rest($cx, $op, started, r)
    }};
}

/// The REST operations of the appliance's `ConductorHandler`, each
/// logged: invoked inside `impl ConductorHandler for Appliance` (rpc.rs).
macro_rules! rest_operations {
    () => {
        async fn service_cost(
            &self,
            cx: &baton_tokio::RestContext,
            alias: &str,
        ) -> baton_tokio::RestResult {
            $crate::handler::rest!(cx, "servicecost", self.service_cost_impl(alias))
        }

        async fn service_info(&self, cx: &baton_tokio::RestContext) -> baton_tokio::RestResult {
            $crate::handler::rest!(cx, "serviceinfo", self.service_info_impl())
        }

        async fn service_record(
            &self,
            cx: &baton_tokio::RestContext,
            id: &str,
        ) -> baton_tokio::RestResult {
            $crate::handler::rest!(cx, "serviceinfo/<id>", self.service_record_impl(id))
        }

        async fn qualities(&self, cx: &baton_tokio::RestContext) -> baton_tokio::RestResult {
            $crate::handler::rest!(cx, "qualities", self.qualities_impl())
        }

        async fn quality_group(
            &self,
            cx: &baton_tokio::RestContext,
            group: &str,
        ) -> baton_tokio::RestResult {
            $crate::handler::rest!(cx, "qualities/<group>", self.quality_group_impl(group))
        }

        async fn list_confbundles(&self, cx: &baton_tokio::RestContext) -> baton_tokio::RestResult {
            $crate::handler::rest!(cx, "GET confbundles", self.list_confbundles_impl())
        }

        async fn get_confbundle(
            &self,
            cx: &baton_tokio::RestContext,
            id: &str,
        ) -> baton_tokio::RestResult {
            $crate::handler::rest!(cx, "GET confbundles/<id>", self.get_confbundle_impl(id))
        }

        async fn put_confbundle(
            &self,
            cx: &baton_tokio::RestContext,
            id: &str,
            bundle: baton_rest::ConfBundle<'_>,
        ) -> baton_tokio::RestResult {
            $crate::handler::rest!(
                cx,
                "PUT confbundles/<id>",
                self.put_confbundle_impl(id, bundle).await
            )
        }

        async fn delete_confbundle(
            &self,
            cx: &baton_tokio::RestContext,
            id: &str,
        ) -> baton_tokio::RestResult {
            $crate::handler::rest!(
                cx,
                "DELETE confbundles/<id>",
                self.delete_confbundle_impl(id).await
            )
        }

        async fn delete_all_confbundles(
            &self,
            cx: &baton_tokio::RestContext,
        ) -> baton_tokio::RestResult {
            $crate::handler::rest!(
                cx,
                "DELETE confbundles",
                self.delete_all_confbundles_impl().await
            )
        }

        async fn get_sip_domain(&self, cx: &baton_tokio::RestContext) -> baton_tokio::RestResult {
            $crate::handler::rest!(cx, "GET sipdomain", self.get_sip_domain_impl())
        }

        async fn put_sip_domain(
            &self,
            cx: &baton_tokio::RestContext,
            spec: baton_rest::SipDomainSpec<'_>,
        ) -> baton_tokio::RestResult {
            $crate::handler::rest!(cx, "PUT sipdomain", self.put_sip_domain_impl(spec).await)
        }

        async fn put_owners(
            &self,
            cx: &baton_tokio::RestContext,
            owners: baton_rest::Owners<'_>,
        ) -> baton_tokio::RestResult {
            $crate::handler::rest!(cx, "PUT owners", self.put_owners_impl(owners).await)
        }

        async fn delete_owners(
            &self,
            cx: &baton_tokio::RestContext,
            keep_generation: Option<&str>,
        ) -> baton_tokio::RestResult {
            $crate::handler::rest!(
                cx,
                "DELETE owners",
                self.delete_owners_impl(keep_generation).await
            )
        }

        async fn multiparty_license(
            &self,
            cx: &baton_tokio::RestContext,
        ) -> baton_tokio::RestResult {
            $crate::handler::rest!(cx, "multipartylicense", self.multiparty_license_impl())
        }

        async fn external_read(
            &self,
            cx: &baton_tokio::RestContext,
            basepath: &str,
            filter: Option<(&str, &str)>,
            query: baton_rest::route::ExternalQuery<'_>,
            format: baton_rest::route::ResultFormat,
        ) -> baton_tokio::RestResult {
            $crate::handler::rest!(
                cx,
                "external",
                self.external_read_impl(basepath, filter, query, format)
            )
        }

        async fn status(&self, cx: &baton_tokio::RestContext) -> baton_tokio::RestResult {
            $crate::handler::rest!(cx, "status", self.status_impl())
        }

        async fn system_unit(&self, cx: &baton_tokio::RestContext) -> baton_tokio::RestResult {
            $crate::handler::rest!(cx, "systemunit.xml", self.system_unit_impl())
        }
    };
}

pub(crate) use {rest, rest_operations};
