//! The Capacity Management API's answer, `GET /api/4.0/servicecost/<alias>`:
//! which catalog entry answers for an alias, and how the `ServiceParams`
//! is put together from it.
//!
//! The chain is alias -> its ConfBundle -> the ConfBundle's
//! `service_preference_id` -> that Service Preference (its `id`,
//! `display_name`, `description`, `bridge_type`, `bridge_capabilities`)
//! and its cost template (pool capacity, per-conference and participant
//! costs). A missing link is the spec's error: an alias no ConfBundle has
//! is error 10 (the client asked for the wrong object); a ConfBundle whose
//! Service Preference, or a Service Preference whose costs, are not
//! configured is error 15 ("an object referenced from the requested
//! object has been removed").

use core::fmt;

use baton_rest::{
    BridgeCapability, BridgeType, ConfBundle, Dimension, ErrorCode, Resource, Resources,
    ServiceParams, ServiceRecord,
};

/// Why a servicecost request has no answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ServiceCostError {
    /// No ConfBundle has this alias (error 10, HTTP 404).
    AliasNotProvisioned,
    /// The alias's ConfBundle names a Service Preference that is not
    /// configured (any more): error 15, HTTP 500.
    ServicePreferenceNotConfigured,
    /// The Service Preference has no cost template: error 15, HTTP 500.
    NoCostTemplate,
}

impl ServiceCostError {
    /// The REST error code to answer with.
    pub const fn error_code(self) -> ErrorCode {
        match self {
            ServiceCostError::AliasNotProvisioned => ErrorCode::NotFound,
            ServiceCostError::ServicePreferenceNotConfigured | ServiceCostError::NoCostTemplate => {
                ErrorCode::ConfigurationMismatch
            }
        }
    }

    /// The `details.info` text.
    pub const fn info(self) -> &'static str {
        match self {
            ServiceCostError::AliasNotProvisioned => "no ConfBundle has this alias",
            ServiceCostError::ServicePreferenceNotConfigured => {
                "the Service Preference of the alias's ConfBundle is not configured"
            }
            ServiceCostError::NoCostTemplate => {
                "the Service Preference of the alias's ConfBundle has no capacity information"
            }
        }
    }
}

impl fmt::Display for ServiceCostError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.info())
    }
}

/// Why a cost template does not fit its Service Preference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CostTemplateError {
    /// A member the answer needs is missing.
    Missing(&'static str),
    /// A Resources dimension is not one of the bridge type's
    /// (TelePresence MCU: `ports`; TelePresence Server: `signalling`,
    /// `media`, `licences`), at this member.
    WrongDimension(&'static str),
    /// `participant_cost` must have 4 elements, `num_screens` 1 to 4, when
    /// the bridge supports multiscreen, else 1 element with `num_screens` 1.
    ParticipantCostElements,
    /// `max_participants_per_conference_min` / `_max` must be 1 or more
    /// (and the minimum not above the maximum).
    MaxParticipantsPerConference,
    /// The Service Preference has no valid `bridge_type`.
    BridgeType,
}

impl fmt::Display for CostTemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CostTemplateError::Missing(m) => write!(f, "{m} is missing"),
            CostTemplateError::WrongDimension(m) => {
                write!(f, "{m}: a dimension is not one of the bridge type's")
            }
            CostTemplateError::ParticipantCostElements => f.write_str(
                "participant_cost must have 4 elements (num_screens 1-4) for a multiscreen bridge, else 1 (num_screens 1)",
            ),
            CostTemplateError::MaxParticipantsPerConference => f.write_str(
                "max_participants_per_conference_min/max must be 1 or more, min <= max",
            ),
            CostTemplateError::BridgeType => {
                f.write_str("the Service Preference has no valid bridge_type")
            }
        }
    }
}

impl core::error::Error for CostTemplateError {}

fn dimension_fits(d: Option<Dimension>, bridge: BridgeType) -> bool {
    matches!(
        (d, bridge),
        (Some(Dimension::Ports), BridgeType::Mcu)
            | (
                Some(Dimension::Signalling | Dimension::Media | Dimension::Licences),
                BridgeType::Tsmcu
            )
    )
}

fn resources_fit(
    r: &Option<Resources<'_>>,
    bridge: BridgeType,
    member: &'static str,
) -> Result<(), CostTemplateError> {
    let r = r.as_ref().ok_or(CostTemplateError::Missing(member))?;
    if !r.is_complete() || r.iter().any(|x| x.value.is_none()) {
        return Err(CostTemplateError::Missing(member));
    }
    if r.iter().all(|x| dimension_fits(x.dimension(), bridge)) {
        Ok(())
    } else {
        Err(CostTemplateError::WrongDimension(member))
    }
}

/// "For TelePresence MCUs there is only one dimension, namely ports. For
/// TelePresence Servers there are three dimensions"; the ParticipantCost
/// "contains 1 Array element for conference bridges that do not support
/// multiscreen systems and 4 Array elements for conference bridges that
/// support multiscreen systems"; `max_participants_per_conference_min` /
/// `_max` "must be 1 or more". Checked once, when a device's cost
/// templates are loaded.
pub fn cost_template_must_fit_its_service_preference(
    template: &ServiceParams<'_>,
    service: &ServiceRecord<'_>,
) -> Result<(), CostTemplateError> {
    let bridge = service.bridge_type().ok_or(CostTemplateError::BridgeType)?;
    resources_fit(&template.pool_capacity, bridge, "pool_capacity")?;
    resources_fit(&template.conference_cost, bridge, "conference_cost")?;
    let costs = template
        .participant_cost
        .as_ref()
        .ok_or(CostTemplateError::Missing("participant_cost"))?;
    let screens: &[i64] = if service.has_capability(BridgeCapability::Multiscreen) {
        &[1, 2, 3, 4]
    } else {
        &[1]
    };
    if !costs.is_complete() || costs.len() != screens.len() {
        return Err(CostTemplateError::ParticipantCostElements);
    }
    for n in screens {
        let c = costs
            .iter()
            .find(|c| c.num_screens == Some(*n))
            .ok_or(CostTemplateError::ParticipantCostElements)?;
        resources_fit(&c.resources, bridge, "participant_cost.resources")?;
    }
    let min = template
        .max_participants_per_conference_min
        .ok_or(CostTemplateError::Missing(
            "max_participants_per_conference_min",
        ))?;
    let max = template
        .max_participants_per_conference_max
        .ok_or(CostTemplateError::Missing(
            "max_participants_per_conference_max",
        ))?;
    if min < 1 || max < min {
        return Err(CostTemplateError::MaxParticipantsPerConference);
    }
    Ok(())
}

/// `max_screens`: "The value for Maximum screens that has been defined on
/// the associated conference template" (the ConfBundle's
/// `max_num_of_screens`, implied 1, "ignored if allow_multiscreen is
/// false"); "always 1 for conference bridges that do not support
/// multiscreen endpoints".
pub fn max_screens_of(bundle: &ConfBundle<'_>, service: &ServiceRecord<'_>) -> i64 {
    if service.has_capability(BridgeCapability::Multiscreen)
        && bundle.allow_multiscreen == Some(true)
    {
        bundle.max_num_of_screens.unwrap_or(1).clamp(1, 4)
    } else {
        1
    }
}

/// The one-off per-conference cost: the template's, for a conference that
/// supports content; zero in every dimension for one that does not ("The
/// per conference cost is 1 because the conference supports content";
/// "The per conference cost is 0 because the conference does not support
/// content"). `allow_content` is implied false when omitted.
pub fn conference_cost_of<'a>(bundle: &ConfBundle<'_>, template: &Resources<'a>) -> Resources<'a> {
    if bundle.allow_content == Some(true) {
        return template.clone();
    }
    let mut out = Resources::new();
    for r in template.iter() {
        out.push(Resource {
            dimension: r.dimension,
            value: Some(0),
        });
    }
    out
}

/// The `ServiceParams` answered for `alias`, whose ConfBundle is `bundle`,
/// with the bundle's Service Preference `service` and that Service
/// Preference's cost `template` (checked with
/// [`cost_template_must_fit_its_service_preference`]). Every member the
/// spec lists is present: the Service Preference's own from `service`,
/// the conference's from `bundle`, the capacity and costs from `template`.
///
/// ```
/// use baton_rest::{from_slice_in_place, ConfBundle, ServiceParams, ServiceRecord};
/// use baton_validate::service_cost::service_params;
/// let mut sp = br#"{"service_id": "1", "display_name": "MCUs", "description": "",
///   "bridge_type": "mcu", "qualities": "q", "bridge_capabilities": []}"#.to_vec();
/// let service: ServiceRecord = from_slice_in_place(&mut sp).unwrap();
/// let mut t = br#"{"max_participants_per_conference_min": 1,
///   "max_participants_per_conference_max": 80,
///   "pool_capacity": [{"dimension": "ports", "value": 80}],
///   "conference_cost": [{"dimension": "ports", "value": 1}],
///   "participant_cost": [{"num_screens": 1, "resources": [{"dimension": "ports", "value": 1}]}]}"#.to_vec();
/// let template: ServiceParams = from_slice_in_place(&mut t).unwrap();
/// let bundle = ConfBundle { allow_content: Some(false), ..Default::default() };
/// let answer = service_params("meet@x.com", &bundle, &service, &template);
/// assert_eq!(answer.bridge_type, Some("mcu"));
/// assert_eq!(answer.conference_cost.unwrap()[0].value, Some(0));
/// assert_eq!(answer.max_participants_per_conference_template, Some(0));
/// ```
pub fn service_params<'a>(
    alias: &'a str,
    bundle: &ConfBundle<'_>,
    service: &ServiceRecord<'a>,
    template: &ServiceParams<'a>,
) -> ServiceParams<'a> {
    ServiceParams {
        id: Some(service.service_id.unwrap_or("")),
        display_name: Some(service.display_name.unwrap_or("")),
        description: Some(service.description.unwrap_or("")),
        alias: Some(alias),
        bridge_type: Some(service.bridge_type.unwrap_or("")),
        bridge_capabilities: Some(service.bridge_capabilities.clone().unwrap_or_default()),
        max_screens: Some(max_screens_of(bundle, service)),
        max_participants_per_conference_min: template.max_participants_per_conference_min,
        max_participants_per_conference_max: template.max_participants_per_conference_max,
        // "0 means that there is no limit set" (max_participants omitted: no limit).
        max_participants_per_conference_template: Some(bundle.max_participants.unwrap_or(0)),
        pool_capacity: Some(template.pool_capacity.clone().unwrap_or_default()),
        conference_cost: Some(conference_cost_of(
            bundle,
            &template.conference_cost.clone().unwrap_or_default(),
        )),
        participant_cost: Some(template.participant_cost.clone().unwrap_or_default()),
    }
}
