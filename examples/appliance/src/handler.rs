//! The appliance's `ConductorHandler`: one method per Conductor operation
//! with its behaviour in it — every XML-RPC method (conferences,
//! participants, device queries and feedback receivers, with the spec's
//! semantics and faults) and every REST operation (ConfBundles, owners,
//! SIP domain, the service catalog and capacity, the external API,
//! `/status`, `/systemunit.xml`). Requests are logged by the tokio port's
//! `ObserveLayer`; the helpers they share are in `rest.rs`, `external.rs`,
//! `conferences.rs` and `bundles.rs`.

use std::time::Instant;

use baton_feedback::OwnedEvent;
use baton_rest::route::{ExternalQuery, Peer, ResultFormat};
use baton_rest::{BridgeType, ConfBundle, ErrorCode, Owners, SipDomainSpec};
use baton_rpc::conference::{
    Conference as ConferenceStruct, ConferenceCreateParams, ConferenceDestroyParams,
    ConferenceEnumerateParams, ConferenceEnumerateReply, ConferenceModifyParams,
};
use baton_rpc::device::{
    DeviceNetworkQueryParams, DeviceNetworkQueryReply, DeviceQueryParams, DeviceQueryReply,
    NetworkPort,
};
use baton_rpc::enums::{
    Encryption, FactoryBridgeType, FactoryLayout, FactoryTemplateType, FactoryWebExCallType,
    ParticipantProtocol, WebEx,
};
use baton_rpc::factory::{
    FactoryConferenceCreateParams, FactoryConferenceCreateReply, FactoryConferenceModifyParams,
    FactoryConferenceModifyReply, FactoryHealthQueryParams, FactoryHealthQueryReply,
    FactoryWebexAddParams, ResourceLimits,
};
use baton_rpc::feedback_receiver::{
    FeedbackReceiverConfigureReply, FeedbackReceiverExtendedConfigureParams,
    FeedbackReceiverExtendedRemoveParams, FeedbackReceiverQueryParams, FeedbackReceiverQueryReply,
    ReceiverInfo,
};
use baton_rpc::participant::{
    Participant as ParticipantStruct, ParticipantAddParams, ParticipantEnumerateParams,
    ParticipantEnumerateReply, ParticipantIdParams, ParticipantMessageParams,
    ParticipantModifyParams,
};
use baton_rpc::value::{Iso8601, STATUS_ERROR, STATUS_SUCCESS};
use baton_rpc::{EventName, Fault, FaultCode};
use baton_tokio::{
    success, Answer, CallContext, ConductorHandler, RestContext, RestError, RestReply, RestResult,
    RpcResult,
};
use baton_validate::service_cost::ServiceCostError;
use baton_validate::xmlrpc::{self as rules, Bridge};
use baton_validate::Report;
use baton_validate::{rest_error_body, validate_confbundle, PutContext};
use serde::Serialize;
use serde_json::{json, Value};

use crate::appliance::Appliance;
use crate::bundles::BundleEntry;
use crate::conferences::{Conference, Participant};
use crate::external::{select, to_xml};
use crate::rest::{empty_object, json_str, unexpected, xml_escape};
use crate::store::{OwnerRecord, Write, SIP_DOMAIN};
use crate::{host, random};

type Reply<P> = RpcResult<P>;

fn check(report: &Report<'_>) -> Result<(), Fault> {
    match report.fault() {
        Some(f) => Err(f),
        None => Ok(()),
    }
}

/// The String parameters a call stores (and later writes into enumerate
/// replies and feedback events): each must hold only XML characters
/// (`baton_validate::xmlrpc::string_parameters_must_be_xml_characters`,
/// fault 102 naming the parameter), checked before anything changes.
fn stored_strings(params: &[(&'static str, Option<&str>)]) -> Result<(), Fault> {
    let mut report = Report::new();
    for (name, value) in params {
        rules::string_parameters_must_be_xml_characters(name, *value, &mut report);
    }
    check(&report)
}

fn bridge_type(b: Option<BridgeType>) -> FactoryBridgeType {
    match b {
        Some(BridgeType::Mcu) => FactoryBridgeType::Mcu,
        _ => FactoryBridgeType::Tsmcu,
    }
}

fn rule_bridge(b: FactoryBridgeType) -> Bridge {
    match b {
        FactoryBridgeType::Mcu => Bridge::Mcu,
        FactoryBridgeType::Tsmcu => Bridge::TelePresenceServer,
    }
}

/// The PIN and duration rules shared by `factory.conferencecreate` and
/// `factory.conferencemodify`.
fn check_factory_params(
    pin: Option<&str>,
    guest_pin: Option<&str>,
    min: Option<i32>,
    max: Option<i32>,
    limits: Option<&ResourceLimits>,
) -> Result<(), Fault> {
    let mut report = Report::new();
    rules::override_pin_must_be_digits_less_than_32_characters(
        "factoryOverridePIN",
        pin,
        &mut report,
    );
    rules::override_pin_must_be_digits_less_than_32_characters(
        "factoryOverrideGuestPIN",
        guest_pin,
        &mut report,
    );
    rules::min_duration_must_not_be_larger_than_max_duration(
        min.map(i64::from),
        max.map(i64::from),
        &mut report,
    );
    if let Some(l) = limits {
        rules::validate_resource_limits(l, &mut report);
    }
    check(&report)
}

/// `factoryMaxDurationMinutes` against the template's limit
/// (`baton_validate::xmlrpc::max_duration_must_not_exceed_the_template_limit`).
fn max_duration_within_template(max: Option<i32>, template_max: u64) -> Result<(), Fault> {
    let mut report = Report::new();
    rules::max_duration_must_not_exceed_the_template_limit(
        max.map(i64::from),
        template_max,
        &mut report,
    );
    check(&report)
}

/// The failure reply of `factory.conferencemodify` ("an error is
/// displayed"): `status` "error", `info` the fault's message and the
/// rule's, `faultCode` the fault code as a String; nothing is applied.
fn modify_failure(
    fault: &Fault,
    rule: baton_validate::Rule,
) -> Reply<FactoryConferenceModifyParams<'static>> {
    let info = format!("{}: {}", fault.message(), rule.message());
    let code = fault.code().to_string();
    Answer::new(&FactoryConferenceModifyReply {
        status: Some(STATUS_ERROR),
        info: Some(&info),
        fault_code: Some(baton_rpc::value::IntOrStr::Str(&code)),
    })
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Diagnostics<'a> {
    status: &'a str,
    conference_name: &'a str,
    participant_name: &'a str,
    address: &'a str,
    call_state: &'a str,
    connected_seconds: i32,
    audio_rx_muted: bool,
    audio_tx_muted: bool,
    video_rx_muted: bool,
    video_tx_muted: bool,
}

impl Appliance {
    fn template_max_minutes(&self, bundle_id: Option<&str>) -> u64 {
        let Some(id) = bundle_id else { return 0 };
        let bundles = self.inner.read_bundles();
        bundles
            .get(id)
            .and_then(|b| crate::appliance::max_duration_of(&b.json))
            .unwrap_or(0)
    }

    /// `totalVideoPorts`: the MCU pools' ports (the configured number when
    /// the catalog has no MCU pool capacity).
    fn total_video_ports(&self) -> i64 {
        self.inner
            .catalog
            .mcu_video_ports()
            .unwrap_or(i64::from(self.inner.config.device.total_video_ports))
            .max(0)
    }

    fn default_bridge(&self) -> FactoryBridgeType {
        let catalog = self.inner.catalog.catalog();
        bridge_type(catalog.services.first().and_then(|s| s.bridge_type()))
    }

    /// Puts slot `index` back as `before` had it (after a failed commit).
    fn restore_receiver(&self, index: i32, before: &[crate::store::ReceiverRecord]) {
        match before.iter().find(|r| r.index == index) {
            Some(r) => {
                let names: Option<Vec<baton_rpc::AnyEventName<'_>>> = r
                    .events
                    .as_ref()
                    .map(|v| v.iter().map(|n| baton_rpc::AnyEventName::new(n)).collect());
                if let Err(f) = self.inner.feedback.configure(
                    &r.uri,
                    &r.source,
                    Some(r.index),
                    names.as_deref(),
                ) {
                    tracing::error!("feedback receiver {index} not restored: {f}");
                }
            }
            None => {
                let _ = self.inner.feedback.remove(index);
            }
        }
    }

    async fn persist_receivers(&self) -> Result<(), Fault> {
        let records = self.inner.receiver_records();
        self.inner
            .commit(vec![crate::store::Write::Receivers(records)])
            .await
            .map_err(|e| {
                tracing::error!("feedback receivers not persisted: {e}");
                Fault::operation_failed()
            })
    }
}

impl ConductorHandler for Appliance {
    /// `factory.conferencecreate`.
    async fn factory_conference_create(
        &self,
        _cx: &CallContext,
        p: FactoryConferenceCreateParams<'_>,
    ) -> Reply<FactoryConferenceCreateParams<'static>> {
        if p.conference_alias.is_empty() {
            return Err(Fault::new(FaultCode::NoConferenceAlias));
        }
        stored_strings(&[
            ("conferenceAlias", Some(p.conference_alias)),
            (
                "factoryOverrideConferenceDisplayName",
                p.factory_override_conference_display_name,
            ),
        ])?;
        check_factory_params(
            p.factory_override_pin,
            p.factory_override_guest_pin,
            p.factory_min_duration_minutes,
            p.factory_max_duration_minutes,
            p.factory_resource_limits.as_ref(),
        )?;
        let alias = self.normalize(p.conference_alias);
        // An alias's `allow_conference_creation: false` keeps dial-in
        // participants from creating the conference; "the conference must
        // be created via the API call factory.conferencecreate", so it
        // does not apply here.
        let found = {
            let bundles = self.inner.read_bundles();
            bundles.by_alias(&alias).map(|(b, _)| b.clone())
        };
        let error = |info: &str| {
            Answer::new(&FactoryConferenceCreateReply {
                status: Some(STATUS_ERROR),
                info: Some(info),
                ..Default::default()
            })
        };
        let (name, bundle) = match &found {
            Some(b) => (b.conference_name.clone(), Some(b.clone())),
            None => (alias.clone(), None),
        };
        let template_max = self.template_max_minutes(bundle.as_ref().map(|b| b.id.as_str()));
        max_duration_within_template(p.factory_max_duration_minutes, template_max)?;
        let mut confs = self.inner.lock_conferences();
        if let Some(existing) = confs.get(&name) {
            return Answer::new(&FactoryConferenceCreateReply {
                status: Some(STATUS_ERROR),
                info: Some("conference already exists"),
                conference_name: Some(&existing.name),
                factory_conference_id: Some(&existing.id),
                factory_conference_id_deprecated: None,
            });
        }
        let auto_dialed = bundle.as_ref().map_or(0, |b| b.auto_dialed);
        if p.factory_min_duration_minutes == Some(0) && auto_dialed == 0 {
            return error(
                "conference not created: factoryMinDurationMinutes is 0 and there are no auto-dialed participants",
            );
        }
        if confs.len() >= self.inner.config.limits.max_conferences {
            return Err(Fault::new(FaultCode::TooManyConferences));
        }
        let bridge = match &bundle {
            // The ConfBundle's Service Preference is its template: gone
            // from the catalog, fault 27 `no such template`.
            Some(b) => match self.inner.catalog.bridge_of(&b.service_id) {
                Some(t) => bridge_type(Some(t)),
                None => return Err(Fault::new(FaultCode::NoSuchTemplate)),
            },
            None => self.default_bridge(),
        };
        let id = random::uuid();
        let request_id = random::uuid();
        let display_name = p
            .factory_override_conference_display_name
            .map(str::to_owned)
            .or_else(|| bundle.as_ref().map(|b| b.display_name.clone()))
            .unwrap_or_else(|| name.clone());
        let layout = p.factory_layout.or_else(|| {
            bundle
                .as_ref()
                .and_then(|b| b.layout.as_deref())
                .and_then(FactoryLayout::from_name)
        });
        let conference = Conference {
            name: name.clone(),
            id: id.clone(),
            alias,
            bundle_id: bundle.as_ref().map(|b| b.id.clone()),
            owner_id: bundle.as_ref().and_then(|b| b.owner_id.clone()),
            display_name,
            // "Provisioned conferences are of type 'lecture'" (ConfBundle
            // Object), whatever the roles of their aliases.
            template_type: if bundle.is_some() {
                FactoryTemplateType::Lesson
            } else {
                FactoryTemplateType::Meet
            },
            bundle_version: bundle.as_ref().map(|b| b.version_id.clone()),
            reserved_video_ports: 0,
            bridge,
            service_id: bundle
                .as_ref()
                .map(|b| b.service_id.clone())
                .or_else(|| self.inner.catalog.default_service_id().map(str::to_owned)),
            supports_content: bundle.as_ref().is_some_and(|b| b.allow_content),
            locked: false,
            web_ex: p.web_ex.unwrap_or(WebEx::None),
            encryption: p.encryption.unwrap_or(Encryption::Optional),
            layout,
            h239_important: false,
            min_minutes: p.factory_min_duration_minutes.unwrap_or(5),
            max_minutes: p.factory_max_duration_minutes.unwrap_or(0),
            pin: p
                .factory_override_pin
                .map(str::to_owned)
                .or_else(|| bundle.as_ref().and_then(|b| b.host_pin.clone())),
            guest_pin: p
                .factory_override_guest_pin
                .map(str::to_owned)
                .or_else(|| bundle.as_ref().and_then(|b| b.guest_pin.clone())),
            limits: p.factory_resource_limits.unwrap_or_default(),
            max_participants: bundle.as_ref().map_or(0, |b| b.max_participants),
            custom_layout: None,
            custom_layout_enabled: false,
            keep_alive: auto_dialed > 0,
            participants: Vec::new(),
            created_at: Instant::now(),
        };
        // Everything that can fail is done before the conference exists:
        // its strings (a ConfBundle stored by an older version may hold
        // what XML cannot carry) and the reply's encoding. An error
        // answered here created nothing.
        if !conference.is_xml_text() {
            tracing::warn!(
                bundle = ?conference.bundle_id,
                "conference not created: its ConfBundle holds a character XML cannot carry"
            );
            return Err(Fault::operation_failed());
        }
        let answer = Answer::new(&FactoryConferenceCreateReply {
            status: Some(STATUS_SUCCESS),
            info: None,
            conference_name: Some(&name),
            factory_conference_id: Some(&id),
            factory_conference_id_deprecated: Some(&id),
        })?;
        confs.insert(conference);
        drop(confs);
        self.inner.publish(
            OwnedEvent::new(EventName::ConferenceCreate)
                .with_factory_conference_id(&id)
                .and_then(|e| e.with_request_id(&request_id))
                .and_then(|e| e.with_conference_name(&name)),
        );
        Ok(answer)
    }

    /// `conference.create` (deprecated): a conference named as asked.
    async fn conference_create(
        &self,
        _cx: &CallContext,
        p: ConferenceCreateParams<'_>,
    ) -> Reply<ConferenceCreateParams<'static>> {
        if p.conference_name.is_empty() {
            return Err(Fault::new(FaultCode::NoConferenceName));
        }
        stored_strings(&[("conferenceName", Some(p.conference_name))])?;
        let mut report = Report::new();
        rules::duration_seconds_and_reserved_video_ports_must_not_be_negative(
            p.duration_seconds.map(i64::from),
            p.reserved_video_ports.map(i64::from),
            &mut report,
        );
        check(&report)?;
        let answer = success()?;
        let mut confs = self.inner.lock_conferences();
        if confs.get(p.conference_name).is_some() {
            return Err(Fault::new(FaultCode::DuplicateConferenceName));
        }
        if confs.len() >= self.inner.config.limits.max_conferences {
            return Err(Fault::new(FaultCode::TooManyConferences));
        }
        // Fault 17: "reservedVideoPorts value is set too high, and the
        // device cannot support this" (more than its video ports not yet
        // reserved by running conferences).
        let reserved = p.reserved_video_ports.unwrap_or(0);
        let free = self.total_video_ports() - confs.reserved_video_ports();
        if i64::from(reserved) > free {
            return Err(Fault::new(FaultCode::PortReservationFailure));
        }
        let id = random::uuid();
        let minutes = p
            .duration_seconds
            .map_or(0, |s| s.saturating_add(59).max(0) / 60);
        confs.insert(Conference {
            name: p.conference_name.to_owned(),
            id: id.clone(),
            alias: p.conference_name.to_owned(),
            bundle_id: None,
            owner_id: None,
            display_name: p.conference_name.to_owned(),
            template_type: FactoryTemplateType::Meet,
            bundle_version: None,
            reserved_video_ports: reserved,
            bridge: self.default_bridge(),
            service_id: self.inner.catalog.default_service_id().map(str::to_owned),
            supports_content: false,
            locked: false,
            web_ex: WebEx::None,
            encryption: p.encryption.unwrap_or(Encryption::Optional),
            layout: None,
            h239_important: false,
            min_minutes: 5,
            max_minutes: minutes,
            pin: None,
            guest_pin: None,
            limits: ResourceLimits::default(),
            max_participants: 0,
            custom_layout: None,
            custom_layout_enabled: false,
            keep_alive: false,
            participants: Vec::new(),
            created_at: Instant::now(),
        });
        drop(confs);
        self.inner.publish(
            OwnedEvent::new(EventName::ConferenceCreate)
                .with_factory_conference_id(&id)
                .and_then(|e| e.with_request_id(&random::uuid()))
                .and_then(|e| e.with_conference_name(p.conference_name)),
        );
        Ok(answer)
    }

    /// `conference.destroy` / `conference.end`.
    async fn conference_destroy(
        &self,
        _cx: &CallContext,
        p: ConferenceDestroyParams<'_>,
    ) -> Reply<ConferenceDestroyParams<'static>> {
        if p.conference_name.is_empty() {
            return Err(Fault::new(FaultCode::NoConferenceName));
        }
        let c = self.inner.lock_conferences().remove(p.conference_name)?;
        self.inner.publish(
            OwnedEvent::new(EventName::ConferenceDestroyed).with_factory_conference_id(&c.id),
        );
        success()
    }

    /// `conference.enumerate`: every conference with the Conductor's
    /// added members. Everything fits one reply, so an `enumerateID` was
    /// never handed out: any is fault 16.
    async fn conference_enumerate(
        &self,
        _cx: &CallContext,
        p: ConferenceEnumerateParams<'_>,
    ) -> Reply<ConferenceEnumerateParams<'static>> {
        if p.enumerate_id.is_some() {
            return Err(Fault::new(FaultCode::InvalidEnumerateId));
        }
        // "The type is unknown, if the configuration has changed since
        // this conference was started": its ConfBundle updated or deleted.
        let changed: Vec<bool> = {
            let confs = self.inner.lock_conferences();
            let bundles = self.inner.read_bundles();
            confs
                .iter()
                .map(|c| match (&c.bundle_id, &c.bundle_version) {
                    (Some(id), Some(version)) => {
                        bundles.get(id).is_none_or(|b| &b.version_id != version)
                    }
                    _ => false,
                })
                .collect()
        };
        let confs = self.inner.lock_conferences();
        let list: Vec<ConferenceStruct<'_>> = confs
            .iter()
            .zip(changed.iter().chain(core::iter::repeat(&false)))
            .map(|(c, &changed)| ConferenceStruct {
                conference_name: Some(&c.name),
                factory_template_type: Some(if changed {
                    FactoryTemplateType::Unknown
                } else {
                    c.template_type
                }),
                is_cascaded: Some(false),
                factory_conference_id: Some(&c.id),
                factory_web_ex: Some(c.web_ex),
                factory_conf_bundle_id: c.bundle_id.as_deref(),
                factory_owner_id: c.owner_id.as_deref(),
                encryption: Some(c.encryption),
                locked: Some(c.locked),
                description: Some(&c.display_name),
                active: Some(true),
                duration_seconds: Some(c.max_minutes.saturating_mul(60)),
                reserved_video_ports: Some(c.reserved_video_ports),
                ..Default::default()
            })
            .collect();
        Answer::new(&ConferenceEnumerateReply {
            enumerate_id: None,
            current_revision: None,
            conferences: list.as_slice(),
        })
    }

    /// `conference.modify` (deprecated): fault 22 for `locked`.
    async fn conference_modify(
        &self,
        _cx: &CallContext,
        p: ConferenceModifyParams<'_>,
    ) -> Reply<ConferenceModifyParams<'static>> {
        if p.locked.is_some() {
            return Err(Fault::new(FaultCode::LockedParamUnsupported));
        }
        let mut confs = self.inner.lock_conferences();
        let c = confs.get_mut(p.conference_name)?;
        let enabled = p.custom_layout_enabled.unwrap_or(c.custom_layout_enabled);
        let mut report = Report::new();
        rules::custom_layout_parameters_are_only_valid_if_custom_layout_enabled(
            enabled,
            p.new_participants_custom_layout,
            p.set_all_participants_to_custom_layout,
            p.custom_layout.map(i64::from),
            &mut report,
        );
        check(&report)?;
        if let Some(h) = p.h239_important {
            c.h239_important = h;
        }
        c.custom_layout_enabled = enabled;
        if enabled {
            c.custom_layout = p.custom_layout.or(c.custom_layout);
        } else {
            c.custom_layout = None;
        }
        success()
    }

    /// `factory.conferencemodify`.
    async fn factory_conference_modify(
        &self,
        _cx: &CallContext,
        p: FactoryConferenceModifyParams<'_>,
    ) -> Reply<FactoryConferenceModifyParams<'static>> {
        check_factory_params(
            p.factory_override_pin,
            p.factory_override_guest_pin,
            p.factory_min_duration_minutes,
            p.factory_max_duration_minutes,
            p.factory_resource_limits.as_ref(),
        )?;
        let bundle_id = {
            let confs = self.inner.lock_conferences();
            let c = confs
                .get(p.conference_name)
                .ok_or_else(|| Fault::new(FaultCode::NoSuchConference))?;
            c.bundle_id.clone()
        };
        let template_max = self.template_max_minutes(bundle_id.as_deref());
        // "Otherwise there will be an error displayed": the failure reply.
        if let Err(f) = max_duration_within_template(p.factory_max_duration_minutes, template_max) {
            return modify_failure(&f, baton_validate::Rule::MaxDurationTemplate);
        }
        let mut confs = self.inner.lock_conferences();
        let c = confs.get_mut(p.conference_name)?;
        // Rounded up: a conference that runs has run for more than 0.
        let running_ms =
            u64::try_from(c.created_at.elapsed().as_micros().div_ceil(1000)).unwrap_or(u64::MAX);
        let max = p.factory_max_duration_minutes.unwrap_or(c.max_minutes);
        let min = p.factory_min_duration_minutes.unwrap_or(c.min_minutes);
        // The new minimum against the maximum in force (and vice versa).
        let mut report = Report::new();
        rules::min_duration_must_not_be_larger_than_max_duration(
            Some(i64::from(min)),
            Some(i64::from(max)),
            &mut report,
        );
        check(&report)?;
        // "If the value is smaller than the current conference's running
        // time an error is displayed. In this case the current conference
        // will not be affected": a failure reply with its faultCode.
        let mut report = Report::new();
        rules::min_duration_must_not_be_smaller_than_the_running_time(
            p.factory_min_duration_minutes.map(i64::from),
            running_ms,
            &mut report,
        );
        if let Some(f) = report.fault() {
            return modify_failure(&f, baton_validate::Rule::MinDurationRunningTime);
        }
        if let Some(l) = &p.factory_resource_limits {
            let usage = self.inner.catalog.conference_usage(c).unwrap_or_default();
            let mut report = Report::new();
            rules::resource_limits_must_not_be_smaller_than_the_actual_usage(
                l,
                &usage,
                c.participants.len(),
                rule_bridge(c.bridge),
                &mut report,
            );
            check(&report)?;
            c.limits = *l;
        }
        if let Some(h) = p.h239_important {
            c.h239_important = h;
        }
        c.min_minutes = min;
        c.max_minutes = max;
        if let Some(pin) = p.factory_override_pin {
            c.pin = (!pin.is_empty()).then(|| pin.to_owned());
        }
        if let Some(pin) = p.factory_override_guest_pin {
            c.guest_pin = (!pin.is_empty()).then(|| pin.to_owned());
        }
        if let Some(l) = p.factory_layout {
            c.layout = Some(l);
        }
        if let Some(locked) = p.locked {
            c.locked = locked;
        }
        Answer::new(&FactoryConferenceModifyReply {
            status: Some(STATUS_SUCCESS),
            info: Some("conference modified"),
            fault_code: None,
        })
    }

    /// `factory.health.query`: the host's load averages (rounded, as
    /// integers) and committed memory; no fans (a VM: `N/A`).
    async fn factory_health_query(
        &self,
        _cx: &CallContext,
        _: FactoryHealthQueryParams<'_>,
    ) -> Reply<FactoryHealthQueryParams<'static>> {
        let load = host::load_averages().unwrap_or([0.0; 3]);
        let committed = host::committed_as().unwrap_or_else(|| "N/A".to_owned());
        let round = |v: f64| v.round().clamp(0.0, f64::from(i32::MAX)) as i32;
        Answer::new(&FactoryHealthQueryReply {
            fan_1: Some("N/A"),
            fan_2: Some("N/A"),
            fan_3: Some("N/A"),
            committed_as: Some(&committed),
            cpu_load_1: Some(round(load[0])),
            cpu_load_5: Some(round(load[1])),
            cpu_load_15: Some(round(load[2])),
        })
    }

    /// `factory.webex.add`: the WebEx call(s) join the conference.
    async fn factory_webex_add(
        &self,
        _cx: &CallContext,
        p: FactoryWebexAddParams<'_>,
    ) -> Reply<FactoryWebexAddParams<'static>> {
        let mut report = Report::new();
        rules::webex_add_requires_sip_uri(Some(p.sip_uri), &mut report);
        for (name, value) in [
            ("sipUri", Some(p.sip_uri)),
            ("audioDn", p.audio_dn),
            ("dtmf", p.dtmf),
        ] {
            rules::string_parameters_must_be_xml_characters(name, value, &mut report);
        }
        rules::webex_bandwidth_must_be_a_positive_bit_rate(p.bandwidth.map(i64::from), &mut report);
        rules::dtmf_sequence_may_contain_only_digits_star_hash_and_comma(
            "dtmf",
            p.dtmf,
            &mut report,
        );
        check(&report)?;
        let mut confs = self.inner.lock_conferences();
        let c = confs.get_mut(p.conference_name)?;
        let mut report = Report::new();
        rules::webex_add_sip_tsp_requires_audio_dn(
            Some(c.web_ex.as_str()),
            p.audio_dn,
            &mut report,
        );
        check(&report)?;
        let asked = if p.audio_dn.is_some_and(|a| !a.is_empty()) {
            WebEx::SipTsp
        } else {
            WebEx::Sip
        };
        if p.best_effort != Some(true) && c.web_ex != asked {
            // "False will result in this call failing, if the settings
            // ... do not match the settings of ... webEx."
            return Err(Fault::new(FaultCode::MismatchedParameters));
        }
        let mut calls = Vec::new();
        let mut video = Participant::new("WebEx", p.sip_uri, ParticipantProtocol::Sip, false);
        video.dtmf_sequence = p.dtmf.map(str::to_owned);
        video.web_ex_call_type = Some(if asked == WebEx::SipTsp {
            FactoryWebExCallType::Video
        } else {
            FactoryWebExCallType::VideoAudio
        });
        calls.push(video);
        if let (WebEx::SipTsp, Some(dn)) = (asked, p.audio_dn) {
            let mut audio = Participant::new("WebEx", dn, ParticipantProtocol::Sip, false);
            audio.web_ex_call_type = Some(FactoryWebExCallType::Audio);
            calls.push(audio);
        }
        confs.add_participants(p.conference_name, calls, self.inner.config.limits)?;
        success()
    }

    /// `participant.add` (`participantType` is always `ad_hoc`).
    async fn participant_add(
        &self,
        _cx: &CallContext,
        p: ParticipantAddParams<'_>,
    ) -> Reply<ParticipantAddParams<'static>> {
        if p.conference_name.is_empty() {
            return Err(Fault::new(FaultCode::NoConferenceName));
        }
        if p.participant_name.is_empty() {
            return Err(Fault::new(FaultCode::NoParticipantName));
        }
        if p.address.is_empty() {
            return Err(Fault::new(FaultCode::NoParticipantAddress));
        }
        stored_strings(&[
            ("participantName", Some(p.participant_name)),
            ("address", Some(p.address)),
        ])?;
        let mut report = Report::new();
        rules::outdial_participant_protocol_must_be_sip_or_h323(
            p.participant_protocol,
            &mut report,
        );
        rules::factory_num_screens_must_be_at_least_1(
            p.factory_num_screens.map(i64::from),
            &mut report,
        );
        check(&report)?;
        let screens = p
            .factory_num_screens
            .map_or(1, |n| u8::try_from(n.clamp(1, 4)).unwrap_or(1));
        let mut confs = self.inner.lock_conferences();
        let (meeting, id) = {
            let c = confs.get_mut(p.conference_name)?;
            let mut report = Report::new();
            let usage = self
                .inner
                .catalog
                .conference_usage_with(c, &[screens])
                .unwrap_or_default();
            rules::participants_must_fit_the_factory_resource_limits(
                &c.limits,
                &usage,
                c.participants.len() + 1,
                rule_bridge(c.bridge),
                &mut report,
            );
            check(&report)?;
            (c.template_type == FactoryTemplateType::Meet, c.id.clone())
        };
        let mut report = Report::new();
        rules::add_as_guest_rejected_on_meeting_conferences(p.add_as_guest, meeting, &mut report);
        check(&report)?;
        // Meeting: hosts only. Lecture: guest unless addAsGuest is false.
        let guest = !meeting && p.add_as_guest != Some(false);
        let protocol = p.participant_protocol.unwrap_or(ParticipantProtocol::Sip);
        let mut participant = Participant::new(p.participant_name, p.address, protocol, guest);
        participant.display_name = p.participant_name.to_owned();
        participant.screens = screens;
        confs.add_participants(
            p.conference_name,
            vec![participant],
            self.inner.config.limits,
        )?;
        drop(confs);
        self.inner.publish(
            OwnedEvent::new(EventName::ConferenceJoined)
                .with_factory_conference_id(&id)
                .and_then(|e| e.with_source_alias(p.address))
                .and_then(|e| e.with_participant_role(if guest { "guest" } else { "host" }))
                .and_then(|e| e.with_request_id(&random::uuid())),
        );
        success()
    }

    /// `participant.modify`: every participant of that name.
    async fn participant_modify(
        &self,
        _cx: &CallContext,
        p: ParticipantModifyParams<'_>,
    ) -> Reply<ParticipantModifyParams<'static>> {
        let mut report = Report::new();
        rules::border_width_must_be_0_to_3(p.border_width.map(i64::from), &mut report);
        rules::audio_rx_gain_milli_db_only_with_fixed_gain_mode(
            p.audio_rx_gain_mode.map(|m| m.as_str()),
            p.audio_rx_gain_milli_db.map(i64::from),
            &mut report,
        );
        rules::dtmf_sequence_may_contain_only_digits_star_hash_and_comma(
            "dtmfSequence",
            p.dtmf_sequence,
            &mut report,
        );
        for (name, value) in [
            ("displayNameOverrideValue", p.display_name_override_value),
            ("cpLayout", p.cp_layout),
            ("dtmfSequence", p.dtmf_sequence),
        ] {
            rules::string_parameters_must_be_xml_characters(name, value, &mut report);
        }
        check(&report)?;
        let mut confs = self.inner.lock_conferences();
        let c = confs.get_mut(p.conference_name)?;
        if !c.participants.iter().any(|x| x.name == p.participant_name) {
            return Err(Fault::new(FaultCode::NoSuchParticipant));
        }
        let mut report = Report::new();
        rules::for_webex_conferences_only_the_listed_participant_modify_parameters_are_supported(
            &p,
            c.is_web_ex(),
            &mut report,
        );
        check(&report)?;
        confs.for_each_named(p.conference_name, p.participant_name, |x| {
            if p.display_name_override_status == Some(true) {
                if let Some(v) = p.display_name_override_value {
                    x.display_name = v.to_owned();
                }
            } else if p.display_name_override_status == Some(false) {
                x.display_name = x.name.clone();
            }
            if let Some(v) = p.audio_rx_muted {
                x.audio_rx_muted = v;
            }
            if let Some(v) = p.audio_tx_muted {
                x.audio_tx_muted = v;
            }
            if let Some(v) = p.video_rx_muted {
                x.video_rx_muted = v;
            }
            if let Some(v) = p.important {
                x.important = v;
            }
            if let Some(v) = p.cp_layout {
                x.cp_layout = Some(v.to_owned());
            }
            if let Some(v) = p.dtmf_sequence {
                x.dtmf_sequence = Some(v.to_owned());
            }
        })?;
        success()
    }

    /// `participant.message`: to every participant of that name.
    async fn participant_message(
        &self,
        _cx: &CallContext,
        p: ParticipantMessageParams<'_>,
    ) -> Reply<ParticipantMessageParams<'static>> {
        stored_strings(&[("message", Some(p.message))])?;
        let mut confs = self.inner.lock_conferences();
        let bridge = confs.get_mut(p.conference_name)?.bridge;
        let mut report = Report::new();
        rules::message_must_be_at_most_500_or_255_characters(
            Some(p.message),
            rule_bridge(bridge),
            &mut report,
        );
        rules::duration_must_be_greater_than_or_equal_to_0(
            p.duration.or(p.duration_seconds).map(i64::from),
            &mut report,
        );
        check(&report)?;
        confs.for_each_named(p.conference_name, p.participant_name, |x| {
            x.last_message = Some(p.message.to_owned());
        })?;
        success()
    }

    /// `participant.diagnostics`: one participant of that name.
    async fn participant_diagnostics(
        &self,
        _cx: &CallContext,
        p: ParticipantIdParams<'_>,
    ) -> Reply<ParticipantIdParams<'static>> {
        let confs = self.inner.lock_conferences();
        let c = confs
            .get(p.conference_name)
            .ok_or_else(|| Fault::new(FaultCode::NoSuchConference))?;
        let x = c
            .participants
            .iter()
            .find(|x| x.name == p.participant_name)
            .ok_or_else(|| Fault::new(FaultCode::NoSuchParticipant))?;
        Answer::any(&Diagnostics {
            status: STATUS_SUCCESS,
            conference_name: &c.name,
            participant_name: &x.name,
            address: &x.address,
            call_state: "connected",
            connected_seconds: i32::try_from(x.connected_at.elapsed().as_secs())
                .unwrap_or(i32::MAX),
            audio_rx_muted: x.audio_rx_muted,
            audio_tx_muted: x.audio_tx_muted,
            video_rx_muted: x.video_rx_muted,
            video_tx_muted: x.video_tx_muted,
        })
    }

    /// `participant.remove` / `participant.disconnect`: every participant
    /// of that name.
    async fn participant_remove(
        &self,
        _cx: &CallContext,
        p: ParticipantIdParams<'_>,
    ) -> Reply<ParticipantIdParams<'static>> {
        self.inner
            .lock_conferences()
            .remove_named(p.conference_name, p.participant_name)?;
        success()
    }

    /// `participant.enumerate`, filtered by `factoryConferenceIds`.
    async fn participant_enumerate(
        &self,
        _cx: &CallContext,
        p: ParticipantEnumerateParams<'_>,
    ) -> Reply<ParticipantEnumerateParams<'static>> {
        if p.enumerate_id.is_some() {
            return Err(Fault::new(FaultCode::InvalidEnumerateId));
        }
        let confs = self.inner.lock_conferences();
        let mcu_ip = self.inner.config.device.ip_address.as_str();
        let wanted = |c: &Conference| match &p.factory_conference_ids {
            Some(ids) => ids.iter().any(|id| *id == c.id),
            None => true,
        };
        let mut list: Vec<ParticipantStruct<'_>> = Vec::new();
        for c in confs.iter().filter(|c| wanted(c)) {
            for x in &c.participants {
                list.push(ParticipantStruct {
                    mcu_ip_address: Some(mcu_ip),
                    factory_conference_id: Some(&c.id),
                    participant_name: Some(&x.name),
                    participant_type: Some(baton_rpc::enums::ParticipantType::AdHoc),
                    participant_protocol: Some(x.protocol),
                    conference_name: Some(&c.name),
                    address: Some(&x.address),
                    display_name: Some(&x.display_name),
                    factory_bridge_type: Some(c.bridge),
                    audio_rx_muted: Some(x.audio_rx_muted),
                    audio_tx_muted: Some(x.audio_tx_muted),
                    video_rx_muted: Some(x.video_rx_muted),
                    video_tx_muted: Some(x.video_tx_muted),
                    // "XML-RPC Return Values": no value yet is an
                    // empty String, the member is still listed.
                    dtmf_sequence: Some(x.dtmf_sequence.as_deref().unwrap_or("")),
                    preview_url: Some(""),
                    factory_web_ex: Some(c.web_ex),
                    factory_web_ex_call_type: Some(
                        x.web_ex_call_type
                            .unwrap_or(FactoryWebExCallType::VideoAudio),
                    ),
                    call_state: Some("connected"),
                    ..Default::default()
                });
            }
        }
        Answer::new(&ParticipantEnumerateReply {
            enumerate_id: None,
            current_revision: None,
            participants: list.as_slice(),
        })
    }

    /// `device.query`.
    async fn device_query(
        &self,
        _cx: &CallContext,
        _: DeviceQueryParams<'_>,
    ) -> Reply<DeviceQueryParams<'static>> {
        let d = &self.inner.config.device;
        let now = host::now_iso8601();
        Answer::new(&DeviceQueryReply {
            current_time: Some(Iso8601(&now)),
            serial: Some(&d.serial),
            software_version: Some(&d.software_version),
            build_version: Some(&d.build_version),
            model: Some("Cisco TelePresence Conductor"),
            api_version: Some(&d.api_version),
            total_video_ports: Some(i32::try_from(self.total_video_ports()).unwrap_or(i32::MAX)),
        })
    }

    /// `device.network.query`.
    async fn device_network_query(
        &self,
        _cx: &CallContext,
        _: DeviceNetworkQueryParams<'_>,
    ) -> Reply<DeviceNetworkQueryParams<'static>> {
        let d = &self.inner.config.device;
        Answer::new(&DeviceNetworkQueryReply {
            port_a: Some(NetworkPort {
                mac_address: Some(&d.mac_address),
                ip_address: Some(&d.ip_address),
                ..Default::default()
            }),
        })
    }

    /// `feedbackReceiver.extended.configure`: configured in the publisher,
    /// then every receiver persisted before answering.
    async fn feedback_receiver_configure(
        &self,
        _cx: &CallContext,
        p: FeedbackReceiverExtendedConfigureParams<'_>,
    ) -> Reply<FeedbackReceiverExtendedConfigureParams<'static>> {
        let _writing = self.inner.writes.lock().await;
        let before = self.inner.receiver_records();
        let index = self.inner.feedback.configure(
            p.receiver_uri,
            p.source_identifier,
            p.receiver_index,
            p.subscribed_events.as_ref().map(|v| v.as_slice()),
        )?;
        let answer = Answer::new(&FeedbackReceiverConfigureReply {
            receiver_index: Some(index),
            status: None,
        });
        if let Err(f) = self.persist_receivers().await {
            // Not durable: the publisher goes back to what it had.
            self.restore_receiver(index, &before);
            return Err(f);
        }
        answer
    }

    /// `feedbackReceiver.extended.remove`.
    async fn feedback_receiver_remove(
        &self,
        _cx: &CallContext,
        p: FeedbackReceiverExtendedRemoveParams<'_>,
    ) -> Reply<FeedbackReceiverExtendedRemoveParams<'static>> {
        let _writing = self.inner.writes.lock().await;
        let before = self.inner.receiver_records();
        self.inner.feedback.remove(p.receiver_index)?;
        if let Err(f) = self.persist_receivers().await {
            self.restore_receiver(p.receiver_index, &before);
            return Err(f);
        }
        success()
    }

    /// `feedbackReceiver.extended.query`.
    async fn feedback_receiver_query(
        &self,
        _cx: &CallContext,
        _: FeedbackReceiverQueryParams<'_>,
    ) -> Reply<FeedbackReceiverQueryParams<'static>> {
        let list = self.inner.feedback.receivers();
        let infos: Vec<ReceiverInfo<'_>> = list
            .iter()
            .map(|r| ReceiverInfo {
                receiver_uri: Some(&r.receiver_uri),
                source_identifier: Some(&r.source_identifier),
                index: Some(r.index),
            })
            .collect();
        Answer::new(&FeedbackReceiverQueryReply::new(infos.as_slice()))
    }

    // ----- REST -----

    /// `PUT /api/4.0/confbundles/<id>`: every rule checked
    /// (`baton_validate::validate_confbundle`, against the catalog and the
    /// aliases provisioned), the Appendix A limits (error 40), a new
    /// `version_id` and `conference_name`, committed, then 201 (created)
    /// or 200 (replaced) with the new ConfBundleVer.
    async fn put_confbundle(
        &self,
        _cx: &RestContext,
        id: &str,
        bundle: ConfBundle<'_>,
    ) -> RestResult {
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
    async fn list_confbundles(&self, _cx: &RestContext) -> RestResult {
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
    async fn get_confbundle(&self, _cx: &RestContext, id: &str) -> RestResult {
        let bundles = self.inner.read_bundles();
        let b = bundles.get(id).ok_or_else(RestError::not_found)?;
        Ok(RestReply::json_text(String::from_utf8_lossy(&b.json)))
    }

    /// `DELETE /api/4.0/confbundles/<id>` (404 when absent).
    async fn delete_confbundle(&self, _cx: &RestContext, id: &str) -> RestResult {
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
    async fn delete_all_confbundles(&self, _cx: &RestContext) -> RestResult {
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
    async fn put_owners(&self, _cx: &RestContext, owners: Owners<'_>) -> RestResult {
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
    async fn delete_owners(&self, _cx: &RestContext, keep_generation: Option<&str>) -> RestResult {
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
    async fn get_sip_domain(&self, _cx: &RestContext) -> RestResult {
        let domain = self.inner.sip_domain();
        Ok(RestReply::json(&SipDomainSpec {
            sip_domain: domain.as_deref(),
        }))
    }

    /// `PUT /api/4.0/sipdomain` (validated by the port): 204.
    async fn put_sip_domain(&self, _cx: &RestContext, spec: SipDomainSpec<'_>) -> RestResult {
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
    async fn service_cost(&self, _cx: &RestContext, alias: &str) -> RestResult {
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
    async fn service_info(&self, _cx: &RestContext) -> RestResult {
        Ok(RestReply::json_text(self.inner.catalog.service_info_json()))
    }

    /// `GET /api/4.0/serviceinfo/<id>`.
    async fn service_record(&self, _cx: &RestContext, id: &str) -> RestResult {
        let json = self
            .inner
            .catalog
            .service_record_json(id)
            .ok_or_else(RestError::not_found)?;
        Ok(RestReply::json_text(json))
    }

    /// `GET /api/4.0/qualities/`.
    async fn qualities(&self, _cx: &RestContext) -> RestResult {
        Ok(RestReply::json_text(self.inner.catalog.qualities_json()))
    }

    /// `GET /api/4.0/qualities/<group>`.
    async fn quality_group(&self, _cx: &RestContext, group: &str) -> RestResult {
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
    async fn multiparty_license(&self, _cx: &RestContext) -> RestResult {
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
    async fn status(&self, _cx: &RestContext) -> RestResult {
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
    async fn system_unit(&self, _cx: &RestContext) -> RestResult {
        let d = &self.inner.config.device;
        Ok(RestReply::xml(format!(
            "<SystemUnit>\n  <Name>{}</Name>\n  <Software>\n    <Version>{}</Version>\n  </Software>\n</SystemUnit>\n",
            xml_escape(&d.system_name),
            xml_escape(&d.software_version)
        )))
    }

    /// `GET /api/external/<basepath>/[<key>/<value>]`.
    async fn external_read(
        &self,
        _cx: &RestContext,
        basepath: &str,
        filter: Option<(&str, &str)>,
        query: ExternalQuery<'_>,
        format: ResultFormat,
    ) -> RestResult {
        let table = basepath.trim_matches('/');
        let records = self
            .external_records(table)
            .ok_or_else(|| RestError::new(ErrorCode::Http(404)))?;
        let peer = self.inner.config.device.ip_address.as_str();
        let include_peer = match query.peer {
            None | Some(Peer::Local) => true,
            Some(Peer::Address(a)) => a == peer,
        };
        let envelope: Vec<(String, usize, Vec<Value>)> = if include_peer {
            let (total, page) = select(records, filter, &query);
            vec![(peer.to_owned(), total, page)]
        } else {
            Vec::new()
        };
        Ok(match format {
            ResultFormat::Json => {
                let list: Vec<Value> = envelope
                    .into_iter()
                    .map(|(peer, total, records)| {
                        json!({"peer": peer, "num_recs": total, "records": records})
                    })
                    .collect();
                RestReply::json_text(Value::Array(list).to_string())
            }
            ResultFormat::Xml => RestReply::xml(to_xml(&envelope)),
        })
    }
}
