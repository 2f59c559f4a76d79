//! The REST operations: ConfBundles, owners, SIP domain, the service
//! catalog and capacity, `/status`, `/systemunit.xml`.

use baton_rest::{BridgeType, ConfBundle, ErrorCode, Owners, SipDomainSpec};
use baton_tokio::{RestError, RestReply, RestResult};
use baton_validate::service_cost::ServiceCostError;
use baton_validate::{rest_error_body, validate_confbundle, PutContext, Report};

use crate::appliance::Appliance;
use crate::bundles::BundleEntry;
use crate::random;
use crate::store::{OwnerRecord, StoreError, Write, SIP_DOMAIN};

/// The answer to a write whose commit failed (nothing was written): disk
/// full 507 (error 40, a system limit), recovering 503 (error 70,
/// temporarily unavailable), else 500 (error 60).
fn unexpected(e: StoreError) -> RestError {
    tracing::error!("write not committed: {e}");
    match e {
        StoreError::Full(_) => RestError::with_info(
            ErrorCode::Limit,
            "the disk is full: the write was not committed",
        ),
        StoreError::Unavailable(_) => RestError::with_info(
            ErrorCode::Unavailable,
            "the store is recovering from an I/O error: the write was not committed",
        ),
        StoreError::Io(_) | StoreError::Other(_) => {
            RestError::with_info(ErrorCode::Unexpected, "the write could not be committed")
        }
    }
}

/// A JSON string literal.
fn json_str(s: &str) -> String {
    serde_json::Value::String(s.to_owned()).to_string()
}

fn empty_object() -> RestReply {
    RestReply::json_text("{}")
}

pub(crate) fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

impl Appliance {
    /// `PUT /api/4.0/confbundles/<id>`: every rule checked
    /// (`baton_validate::validate_confbundle`, against the catalog and the
    /// aliases provisioned), the Appendix A limits (error 40), a new
    /// `version_id` and `conference_name`, committed, then 201 (created)
    /// or 200 (replaced) with the new ConfBundleVer.
    pub(crate) async fn put_confbundle_impl(&self, id: &str, bundle: ConfBundle<'_>) -> RestResult {
        let limits = self.inner.config.limits;
        // Checked and applied in memory under the write lock, committed
        // after it (concurrent PUTs share a commit), answered once durable.
        let writing = self.inner.writes.lock().await;
        let (entry, previous) = {
            let bundles = self.inner.read_bundles();
            let ctx = PutContext {
                catalog: self.inner.catalog.catalog(),
                directory: &*bundles,
                confbundle_id: Some(id),
            };
            let mut report = Report::new();
            validate_confbundle(&bundle, &ctx, &mut report);
            let mut issues = heapless::Vec::new();
            if let Some(body) = rest_error_body(&report, &mut issues) {
                return Err(RestError::from_body(&body));
            }
            let existing = bundles.get(id);
            if existing.is_none() && bundles.len() >= limits.max_confbundles {
                return Err(RestError::with_info(
                    ErrorCode::Limit,
                    "the limit of conference bundles is reached",
                ));
            }
            let n_aliases = bundle.aliases.as_ref().map_or(0, |a| a.len());
            if bundles.alias_count_after(id, n_aliases) > limits.max_aliases {
                return Err(RestError::with_info(
                    ErrorCode::Limit,
                    "the limit of direct match aliases is reached",
                ));
            }
            let n_auto_dialed = bundle
                .auto_dialed_participants
                .as_ref()
                .map_or(0, |a| a.len());
            if bundles.auto_dialed_count_after(id, n_auto_dialed)
                > limits.max_auto_dialed_participants
            {
                return Err(RestError::with_info(
                    ErrorCode::Limit,
                    "the limit of auto-dialed participants is reached",
                ));
            }
            let service = bundle.service_preference_id.unwrap_or("");
            let mcu = self.inner.catalog.bridge_of(service) == Some(BridgeType::Mcu);
            let name = bundles.new_conference_name(
                bundle.conference_display_name.unwrap_or(""),
                mcu,
                existing.map(|b| b.conference_name.as_str()),
            );
            let version = random::uuid();
            let stored = ConfBundle {
                conference_name: Some(&name),
                version_id: Some(&version),
                ..bundle
            };
            let json = baton_rest::to_vec(&stored);
            (
                BundleEntry::from_bundle(id, &stored, json),
                existing.cloned(),
            )
        };
        let created = previous.is_none();
        let version = entry.version_id.clone();
        let committed = self
            .inner
            .commit(vec![Write::PutBundle(id.to_owned(), entry.json.clone())]);
        self.inner.write_bundles().insert(entry);
        drop(writing);
        if let Err(e) = committed.await {
            // Undo, unless a later write replaced it meanwhile.
            let _writing = self.inner.writes.lock().await;
            let mut bundles = self.inner.write_bundles();
            if bundles.get(id).is_some_and(|b| b.version_id == version) {
                bundles.remove(id);
                if let Some(p) = previous {
                    bundles.insert((*p).clone());
                }
            }
            return Err(unexpected(e));
        }
        Ok(RestReply::json_text(json_str(&version)).with_status(if created { 201 } else { 200 }))
    }

    /// `GET /api/4.0/confbundles/`: ConfBundleID -> ConfBundleVer.
    pub(crate) fn list_confbundles_impl(&self) -> RestResult {
        let bundles = self.inner.read_bundles();
        let versions = bundles.versions();
        let mut out = String::with_capacity(versions.len() * 80 + 2);
        out.push('{');
        for (i, (id, ver)) in versions.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&json_str(id));
            out.push(':');
            out.push_str(&json_str(ver));
        }
        out.push('}');
        Ok(RestReply::json_text(out))
    }

    /// `GET /api/4.0/confbundles/<id>` (404, error 10, when absent).
    pub(crate) fn get_confbundle_impl(&self, id: &str) -> RestResult {
        let bundles = self.inner.read_bundles();
        let b = bundles.get(id).ok_or_else(RestError::not_found)?;
        Ok(RestReply::json_text(String::from_utf8_lossy(&b.json)))
    }

    /// `DELETE /api/4.0/confbundles/<id>` (404 when absent).
    pub(crate) async fn delete_confbundle_impl(&self, id: &str) -> RestResult {
        let _writing = self.inner.writes.lock().await;
        if self.inner.read_bundles().get(id).is_none() {
            return Err(RestError::not_found());
        }
        self.inner
            .commit(vec![Write::DeleteBundle(id.to_owned())])
            .await
            .map_err(unexpected)?;
        self.inner.write_bundles().remove(id);
        Ok(empty_object())
    }

    /// `DELETE /api/4.0/confbundles/`.
    pub(crate) async fn delete_all_confbundles_impl(&self) -> RestResult {
        let _writing = self.inner.writes.lock().await;
        self.inner
            .commit(vec![Write::DeleteAllBundles])
            .await
            .map_err(unexpected)?;
        self.inner.write_bundles().clear();
        Ok(empty_object())
    }

    /// `PUT /api/4.0/owners` (validated by the port): each owner created
    /// or replaced, remembering the PUT's `generation`.
    pub(crate) async fn put_owners_impl(&self, owners: Owners<'_>) -> RestResult {
        let _writing = self.inner.writes.lock().await;
        let generation = owners.generation.map(str::to_owned);
        let records: Vec<OwnerRecord> = owners
            .owners
            .as_deref()
            .unwrap_or(&[])
            .iter()
            .filter_map(|o| {
                Some(OwnerRecord {
                    owner_id: o.owner_id?.to_owned(),
                    external_owner_id: o.external_owner_id.map(str::to_owned),
                    multi_party_license: o.multi_party_license.map(str::to_owned),
                    generation: generation.clone(),
                })
            })
            .collect();
        self.inner
            .commit(vec![Write::PutOwners(records.clone())])
            .await
            .map_err(unexpected)?;
        let mut map = self.inner.lock_owners();
        for r in records {
            map.insert(r.owner_id.clone(), r);
        }
        Ok(empty_object())
    }

    /// `DELETE /api/4.0/owners` / `DELETE /api/4.0/<generation>`: the
    /// owners no ConfBundle refers to (and, with a generation, not of that
    /// generation).
    pub(crate) async fn delete_owners_impl(&self, keep_generation: Option<&str>) -> RestResult {
        let _writing = self.inner.writes.lock().await;
        let doomed: Vec<String> = {
            let bundles = self.inner.read_bundles();
            let used = bundles.owner_ids();
            let owners = self.inner.lock_owners();
            owners
                .values()
                .filter(|o| !used.contains(o.owner_id.as_str()))
                .filter(|o| keep_generation.is_none() || o.generation.as_deref() != keep_generation)
                .map(|o| o.owner_id.clone())
                .collect()
        };
        self.inner
            .commit(vec![Write::DeleteOwners(doomed.clone())])
            .await
            .map_err(unexpected)?;
        let mut owners = self.inner.lock_owners();
        for id in &doomed {
            owners.remove(id);
        }
        Ok(empty_object())
    }

    /// `GET /api/4.0/sipdomain`.
    pub(crate) fn get_sip_domain_impl(&self) -> RestResult {
        let domain = self.inner.sip_domain();
        Ok(RestReply::json(&SipDomainSpec {
            sip_domain: domain.as_deref(),
        }))
    }

    /// `PUT /api/4.0/sipdomain` (validated by the port): 204.
    pub(crate) async fn put_sip_domain_impl(&self, spec: SipDomainSpec<'_>) -> RestResult {
        let _writing = self.inner.writes.lock().await;
        let value = spec.sip_domain.map(str::to_owned);
        self.inner
            .commit(vec![Write::Setting(SIP_DOMAIN, value.clone())])
            .await
            .map_err(unexpected)?;
        *self
            .inner
            .sip_domain
            .write()
            .unwrap_or_else(|p| p.into_inner()) = value;
        Ok(RestReply::no_content())
    }

    /// `GET /api/4.0/servicecost/<alias>`: the alias rules, then alias ->
    /// its ConfBundle (error 10 when none has it) -> the ConfBundle's
    /// Service Preference and its cost template (error 15 when either is
    /// not configured): `baton_validate::service_cost`.
    pub(crate) fn service_cost_impl(&self, alias: &str) -> RestResult {
        let mut report = Report::new();
        baton_validate::provisioning::validate_servicecost_alias(alias, &mut report);
        let mut issues = heapless::Vec::new();
        if let Some(body) = rest_error_body(&report, &mut issues) {
            return Err(RestError::from_body(&body));
        }
        let normalized = self.normalize(alias);
        let stored = {
            let bundles = self.inner.read_bundles();
            bundles.by_alias(&normalized).map(|(b, _)| b.clone())
        };
        let failed = |e: ServiceCostError| RestError::with_info(e.error_code(), e.info());
        let entry = stored.ok_or_else(|| failed(ServiceCostError::AliasNotProvisioned))?;
        let mut scratch = vec![0u8; entry.json.len()];
        let bundle: ConfBundle<'_> =
            baton_rest::from_slice(&entry.json, &mut scratch).map_err(|e| {
                tracing::error!("stored ConfBundle {} unreadable: {e}", entry.id);
                RestError::with_info(ErrorCode::Unexpected, "the stored ConfBundle is unreadable")
            })?;
        let json = self
            .inner
            .catalog
            .service_cost_json(&bundle, alias)
            .map_err(failed)?;
        Ok(RestReply::json_text(json))
    }

    /// `GET /api/4.0/serviceinfo/`.
    pub(crate) fn service_info_impl(&self) -> RestResult {
        Ok(RestReply::json_text(self.inner.catalog.service_info_json()))
    }

    /// `GET /api/4.0/serviceinfo/<id>`.
    pub(crate) fn service_record_impl(&self, id: &str) -> RestResult {
        let json = self
            .inner
            .catalog
            .service_record_json(id)
            .ok_or_else(RestError::not_found)?;
        Ok(RestReply::json_text(json))
    }

    /// `GET /api/4.0/qualities/`.
    pub(crate) fn qualities_impl(&self) -> RestResult {
        Ok(RestReply::json_text(self.inner.catalog.qualities_json()))
    }

    /// `GET /api/4.0/qualities/<group>`.
    pub(crate) fn quality_group_impl(&self, group: &str) -> RestResult {
        let json = self
            .inner
            .catalog
            .quality_group_json(group)
            .ok_or_else(RestError::not_found)?;
        Ok(RestReply::json_text(json))
    }

    /// `GET /api/4.0/multipartylicense`: "the number of licenses that have
    /// been added as an option key" (`pmp_licenses`, `smp_licenses`: the
    /// device's [`crate::OptionKeys`]), and beside them the multiparty
    /// licences in use (`pmp_in_use`, `smp_in_use`), by type (`PMP` /
    /// `SMP`, SMP when omitted), one per owner: the
    /// owners known from owner objects and from ConfBundles' `owner_id`,
    /// each with the licence its ConfBundle states ("confBundle objects
    /// take precedence over owner objects"), else its owner object's, else
    /// SMP. (The spec does not list this object's members; these are
    /// the emulator's.)
    pub(crate) fn multiparty_license_impl(&self) -> RestResult {
        let bundles = self.inner.read_bundles();
        let mut by_owner = bundles.licenses_by_owner();
        let owners = self.inner.lock_owners();
        for o in owners.values() {
            let license = by_owner.entry(o.owner_id.as_str()).or_insert(None);
            if license.is_none() {
                *license = o.multi_party_license.as_deref();
            }
        }
        let pmp = by_owner.values().filter(|l| **l == Some("PMP")).count();
        let smp = by_owner.len() - pmp;
        let keys = self.inner.config.option_keys;
        let body = serde_json::json!({
            "pmp_licenses": keys.pmp_licenses,
            "smp_licenses": keys.smp_licenses,
            "pmp_in_use": pmp,
            "smp_in_use": smp,
        });
        Ok(RestReply::json_text(body.to_string()))
    }

    /// `GET /status`: version and state.
    pub(crate) fn status_impl(&self) -> RestResult {
        let d = &self.inner.config.device;
        let body = serde_json::json!({
            "name": d.system_name,
            "version": d.software_version,
            "status": "active",
            "uptime_seconds": self.inner.started.elapsed().as_secs(),
        });
        Ok(RestReply::json_text(body.to_string()))
    }

    /// `GET /systemunit.xml`, as the spec's example.
    pub(crate) fn system_unit_impl(&self) -> RestResult {
        let d = &self.inner.config.device;
        Ok(RestReply::xml(format!(
            "<SystemUnit>\n  <Name>{}</Name>\n  <Software>\n    <Version>{}</Version>\n  </Software>\n</SystemUnit>\n",
            xml_escape(&d.system_name),
            xml_escape(&d.software_version)
        )))
    }
}
