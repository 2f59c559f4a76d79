//! The service catalog: Service Preferences (`serviceinfo`), quality
//! groups (`qualities`) and the `servicecost` templates, decoded once with
//! `baton-rest` and checked.

use baton_rest::{BridgeType, ConfBundle, Dimension, ServiceParams};
use baton_validate::capacity::{conference_cost, EndpointMix, ResourceTotals};
use baton_validate::service_cost::{
    cost_template_must_fit_its_service_preference, service_params, ServiceCostError,
};
use baton_validate::{Catalog, CatalogDocument};

use crate::conferences::Conference;

/// The load of one Service Preference's pool (the external API's
/// `mcucallsignallingloadstatus` and `mculicenceloadstatus` records): the
/// capacity its cost template configures (`pool_capacity`, "the sum of the
/// capacities of all the conference bridges in the marked pool(s)") and
/// what the conferences running on it use (each participant's
/// ParticipantCost for its screens, plus the per-conference cost of those
/// that support content: `baton_validate::capacity::conference_cost`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PoolLoad {
    /// The Service Preference's `service_id`.
    pub service_id: String,
    /// Its `display_name`.
    pub display_name: String,
    /// Its bridge type.
    pub bridge_type: Option<BridgeType>,
    /// `pool_capacity` by dimension (`None`: no cost template configured).
    pub capacity: Option<ResourceTotals>,
    /// What the running conferences use, by dimension.
    pub used: ResourceTotals,
    /// The licence dimension's name as configured (`licenses` or
    /// `licences`).
    pub licence_dimension: String,
    /// Calls (participants) on the pool.
    pub calls: usize,
    /// Conferences on the pool.
    pub conferences: usize,
}

impl PoolLoad {
    fn load(&self, d: Dimension) -> (Option<i64>, i64) {
        let of = |t: &ResourceTotals| match d {
            Dimension::Ports => t.ports,
            Dimension::Signalling => t.signalling,
            Dimension::Media => t.media,
            Dimension::Licences => t.licences,
        };
        (
            self.capacity.as_ref().and_then(of),
            of(&self.used).unwrap_or(0),
        )
    }

    /// The call signalling load: dimension, capacity, in use (`ports` on
    /// a TelePresence MCU, "there is only one dimension, namely ports";
    /// `signalling` on a TelePresence Server).
    pub fn call_load(&self) -> (&'static str, Option<i64>, i64) {
        match self.bridge_type {
            Some(BridgeType::Mcu) => (
                "ports",
                self.load(Dimension::Ports).0,
                self.load(Dimension::Ports).1,
            ),
            _ => {
                let (c, u) = self.load(Dimension::Signalling);
                ("signalling", c, u)
            }
        }
    }

    /// The licence load: dimension, capacity, in use (`ports` on a
    /// TelePresence MCU; the licence dimension on a TelePresence Server).
    pub fn licence_load(&self) -> (&str, Option<i64>, i64) {
        match self.bridge_type {
            Some(BridgeType::Mcu) => {
                let (c, u) = self.load(Dimension::Ports);
                ("ports", c, u)
            }
            _ => {
                let (c, u) = self.load(Dimension::Licences);
                (self.licence_dimension.as_str(), c, u)
            }
        }
    }
}

fn add_totals(into: &mut ResourceTotals, t: &ResourceTotals) {
    for (a, b) in [
        (&mut into.ports, t.ports),
        (&mut into.signalling, t.signalling),
        (&mut into.media, t.media),
        (&mut into.licences, t.licences),
    ] {
        if let Some(b) = b {
            *a = Some(a.unwrap_or(0).saturating_add(b));
        }
    }
}

/// The catalog a device serves and validates ConfBundles against.
pub struct ServiceCatalog {
    doc: CatalogDocument<'static>,
    costs: Vec<ServiceParams<'static>>,
    service_info_json: String,
    qualities_json: String,
}

impl core::fmt::Debug for ServiceCatalog {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ServiceCatalog")
            .field("services", &self.doc.services.len())
            .field("quality_groups", &self.doc.qualities.len())
            .field("service_costs", &self.costs.len())
            .finish()
    }
}

/// Text kept for the life of the process (the decoded objects borrow from
/// it; a device has one catalog).
fn leak(text: &str) -> &'static mut [u8] {
    Box::leak(text.as_bytes().to_vec().into_boxed_slice())
}

impl ServiceCatalog {
    /// Decodes `catalog` (`{"serviceinfo": [...], "qualities": [...]}`)
    /// and `service_costs` (a JSON array of `ServiceParams`: the cost
    /// template of each Service Preference, by `id`), strictly: unknown
    /// keys and wrong types are errors, every ServiceRecord and
    /// QualitySpec must have every member of its table, and each template
    /// of a Service Preference of the catalog must fit its bridge type
    /// (dimensions, 1 or 4 participant costs; templates of other ids are
    /// not used). A Service Preference may have no template (its aliases'
    /// `servicecost` is error 15).
    pub fn from_json(catalog: &str, service_costs: &str) -> Result<Self, String> {
        let doc: CatalogDocument<'static> = baton_rest::from_slice_in_place(leak(catalog))
            .map_err(|e| format!("service catalog: {e}"))?;
        if doc.services.is_empty() {
            return Err("service catalog: no Service Preference (serviceinfo is empty)".into());
        }
        doc.check().map_err(|e| format!("service catalog: {e}"))?;
        // One template at a time (a whole array of them is too large for
        // a thread's stack), each kept for the life of the process.
        let list: Vec<serde_json::Value> = serde_json::from_str(service_costs)
            .map_err(|e| format!("service costs: not a JSON array of ServiceParams: {e}"))?;
        let mut costs: Vec<ServiceParams<'static>> = Vec::with_capacity(list.len());
        for (i, c) in list.iter().enumerate() {
            let template = baton_rest::from_slice_in_place(leak(&c.to_string()))
                .map_err(|e| format!("service costs[{i}]: {e}"))?;
            costs.push(template);
        }
        for (i, c) in costs.iter().enumerate() {
            let id =
                c.id.ok_or_else(|| format!("service costs[{i}]: id is missing"))?;
            if costs.iter().take(i).any(|o| o.id == Some(id)) {
                return Err(format!("service costs[{i}]: a second template for {id}"));
            }
            // A template for a Service Preference the catalog does not
            // have is never answered (e.g. the default templates with
            // another catalog); one that is answered must fit.
            match doc.catalog().service(id) {
                Some(service) => cost_template_must_fit_its_service_preference(c, service)
                    .map_err(|e| format!("service costs[{i}] ({id}): {e}"))?,
                None => tracing::warn!(
                    "service costs[{i}]: {id} is not a Service Preference of the catalog; not used"
                ),
            }
        }
        let service_info_json = String::from_utf8_lossy(&baton_rest::to_vec(&doc.services)).into();
        let qualities_json = String::from_utf8_lossy(&baton_rest::to_vec(&doc.qualities)).into();
        Ok(ServiceCatalog {
            doc,
            costs,
            service_info_json,
            qualities_json,
        })
    }

    /// The catalog view the validation rules take.
    pub fn catalog(&self) -> Catalog<'_> {
        self.doc.catalog()
    }

    /// `GET /api/4.0/serviceinfo/`: the ServiceRecords.
    pub fn service_info_json(&self) -> &str {
        &self.service_info_json
    }

    /// `GET /api/4.0/serviceinfo/<id>`.
    pub fn service_record_json(&self, id: &str) -> Option<String> {
        let record = self.catalog().service(id)?;
        Some(String::from_utf8_lossy(&baton_rest::to_vec(record)).into())
    }

    /// `GET /api/4.0/qualities/`: the QualityInfo.
    pub fn qualities_json(&self) -> &str {
        &self.qualities_json
    }

    /// `GET /api/4.0/qualities/<group>`: the group's QualitySpecs.
    pub fn quality_group_json(&self, group: &str) -> Option<String> {
        let g = self.catalog().group(group)?;
        let specs = g.quality_group.as_ref()?;
        Some(String::from_utf8_lossy(&baton_rest::to_vec(specs)).into())
    }

    /// The first Service Preference: the one ad hoc conferences (an alias
    /// no ConfBundle has) are hosted by.
    pub fn default_service_id(&self) -> Option<&str> {
        self.catalog().services.first().and_then(|s| s.service_id)
    }

    /// The video ports of the device (`device.query` `totalVideoPorts`):
    /// the `ports` pool capacity of every TelePresence MCU Service
    /// Preference, summed ("includes ports for disabled TelePresence MCUs,
    /// but does not include any ports for TelePresence Servers"); `None`
    /// when no MCU pool capacity is configured.
    pub fn mcu_video_ports(&self) -> Option<i64> {
        self.pool_loads(&[])
            .iter()
            .filter(|p| p.bridge_type == Some(BridgeType::Mcu))
            .filter_map(|p| p.capacity.as_ref().and_then(|c| c.ports))
            .reduce(i64::saturating_add)
    }

    /// The load of every Service Preference's pool with `conferences`
    /// running (in the catalog's order).
    pub fn pool_loads(&self, conferences: &[&Conference]) -> Vec<PoolLoad> {
        self.catalog()
            .services
            .iter()
            .map(|s| {
                let id = s.service_id.unwrap_or("");
                let template = self.costs.iter().find(|c| c.id == Some(id));
                let capacity = template.map(|t| {
                    let mut totals = ResourceTotals::default();
                    if let Some(pool) = &t.pool_capacity {
                        // Checked when the templates loaded.
                        let _ = totals.add(pool, 1);
                    }
                    totals
                });
                let licence_dimension = template
                    .and_then(|t| t.pool_capacity.as_ref())
                    .and_then(|p| {
                        p.iter()
                            .find(|r| r.dimension() == Some(Dimension::Licences))
                            .and_then(|r| r.dimension)
                    })
                    .unwrap_or("licences")
                    .to_owned();
                let mut load = PoolLoad {
                    service_id: id.to_owned(),
                    display_name: s.display_name.unwrap_or("").to_owned(),
                    bridge_type: s.bridge_type(),
                    capacity,
                    used: ResourceTotals::default(),
                    licence_dimension,
                    calls: 0,
                    conferences: 0,
                };
                for c in conferences
                    .iter()
                    .filter(|c| c.service_id.as_deref() == Some(id))
                {
                    load.conferences += 1;
                    load.calls += c.participants.len();
                    if let Some(used) = self.conference_usage(c) {
                        add_totals(&mut load.used, &used);
                    }
                }
                load
            })
            .collect()
    }

    /// What `conference` uses of its pool, by dimension: each
    /// participant's ParticipantCost for its screens, plus the
    /// per-conference cost when it supports content (`None` when its
    /// Service Preference has no cost template).
    pub fn conference_usage(&self, conference: &Conference) -> Option<ResourceTotals> {
        self.conference_usage_with(conference, &[])
    }

    /// [`Self::conference_usage`] with participants of `joining` screens
    /// added.
    pub fn conference_usage_with(
        &self,
        conference: &Conference,
        joining: &[u8],
    ) -> Option<ResourceTotals> {
        let id = conference.service_id.as_deref()?;
        let t = self.costs.iter().find(|c| c.id == Some(id))?;
        let mut mix = EndpointMix::new();
        for screens in conference
            .participants
            .iter()
            .map(|p| p.screens)
            .chain(joining.iter().copied())
        {
            mix = mix.with(screens.clamp(1, 4), 1).unwrap_or(mix);
        }
        let params = ServiceParams {
            conference_cost: if conference.supports_content {
                t.conference_cost.clone()
            } else {
                None
            },
            ..t.clone()
        };
        match conference_cost(&params, &mix) {
            Ok(cost) => Some(cost),
            Err(e) => {
                tracing::warn!(conference = %conference.name, "usage not counted: {e}");
                None
            }
        }
    }

    /// The bridge type of a Service Preference.
    pub fn bridge_of(&self, service_id: &str) -> Option<BridgeType> {
        self.catalog().service(service_id)?.bridge_type()
    }

    /// `GET /api/4.0/servicecost/<alias>` for an alias of `bundle` (as
    /// stored): the ServiceParams of the bundle's Service Preference
    /// (`baton_validate::service_cost::service_params`), or error 15 when
    /// that Service Preference or its cost template is not configured.
    pub fn service_cost_json(
        &self,
        bundle: &ConfBundle<'_>,
        alias: &str,
    ) -> Result<String, ServiceCostError> {
        let id = bundle.service_preference_id.unwrap_or("");
        let service = self
            .catalog()
            .service(id)
            .ok_or(ServiceCostError::ServicePreferenceNotConfigured)?;
        let template = self
            .costs
            .iter()
            .find(|c| c.id == Some(id))
            .ok_or(ServiceCostError::NoCostTemplate)?;
        let answer = service_params(alias, bundle, service, template);
        Ok(String::from_utf8_lossy(&baton_rest::to_vec(&answer)).into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{DEFAULT_CATALOG_JSON, DEFAULT_SERVICE_COSTS_JSON};

    #[test]
    fn default_catalog_is_the_spec_examples() {
        let c =
            ServiceCatalog::from_json(DEFAULT_CATALOG_JSON, DEFAULT_SERVICE_COSTS_JSON).unwrap();
        assert_eq!(c.bridge_of("123456"), Some(BridgeType::Mcu));
        assert_eq!(c.bridge_of("13579"), Some(BridgeType::Tsmcu));
        let info: serde_json::Value = serde_json::from_str(c.service_info_json()).unwrap();
        assert_eq!(info[1]["display_name"], "HD TSs");
        let group: serde_json::Value =
            serde_json::from_str(&c.quality_group_json("qualgroup_mcu").unwrap()).unwrap();
        assert_eq!(
            group[0]["quality_id"],
            "0af69ffc-e3f7-12a0-80a5-000ba977a3fa"
        );
        assert!(c.quality_group_json("nope").is_none());
    }

    #[test]
    fn servicecost_answers_the_bundles_service_preference_with_the_alias_asked_for() {
        let c =
            ServiceCatalog::from_json(DEFAULT_CATALOG_JSON, DEFAULT_SERVICE_COSTS_JSON).unwrap();
        let bundle = ConfBundle {
            service_preference_id: Some("13579"),
            ..ConfBundle::default()
        };
        let v: serde_json::Value = serde_json::from_str(
            &c.service_cost_json(&bundle, "meet.bob@example.com")
                .unwrap(),
        )
        .unwrap();
        assert_eq!(v["alias"], "meet.bob@example.com");
        assert_eq!(v["id"], "13579");
        assert_eq!(v["bridge_type"], "tsmcu");
        assert_eq!(v["participant_cost"].as_array().unwrap().len(), 4);
        let gone = ConfBundle {
            service_preference_id: Some("removed"),
            ..ConfBundle::default()
        };
        assert_eq!(
            c.service_cost_json(&gone, "x").unwrap_err(),
            ServiceCostError::ServicePreferenceNotConfigured
        );
    }

    #[test]
    fn cost_templates_must_fit_their_bridge_type_and_others_are_not_used() {
        // The spec's example template names a Service Preference the
        // default catalog does not have: not used, so the default catalog's
        // Service Preferences have no costs (error 15).
        let example = include_str!("../data/servicecost_example.json");
        let c = ServiceCatalog::from_json(DEFAULT_CATALOG_JSON, example).unwrap();
        let bundle = ConfBundle {
            service_preference_id: Some("123456"),
            ..ConfBundle::default()
        };
        assert_eq!(
            c.service_cost_json(&bundle, "x").unwrap_err(),
            ServiceCostError::NoCostTemplate
        );
        // A catalog of its own with the default templates starts.
        let mut own: serde_json::Value = serde_json::from_str(DEFAULT_CATALOG_JSON).unwrap();
        own["serviceinfo"].as_array_mut().unwrap().remove(1);
        assert!(ServiceCatalog::from_json(&own.to_string(), DEFAULT_SERVICE_COSTS_JSON).is_ok());
        // An MCU template with a TelePresence Server dimension.
        let wrong = DEFAULT_SERVICE_COSTS_JSON.replacen(
            r#"{ "dimension": "ports", "value": 80 }"#,
            r#"{ "dimension": "media", "value": 80 }"#,
            1,
        );
        let e = ServiceCatalog::from_json(DEFAULT_CATALOG_JSON, &wrong).unwrap_err();
        assert!(e.contains("pool_capacity"), "{e}");
    }

    #[test]
    fn service_records_must_have_every_member_of_their_table() {
        let bad = DEFAULT_CATALOG_JSON.replacen(
            r#""description": "Service Preference for SD MCUs","#,
            "",
            1,
        );
        let e = ServiceCatalog::from_json(&bad, DEFAULT_SERVICE_COSTS_JSON).unwrap_err();
        assert!(e.contains("serviceinfo[0]: description"), "{e}");
    }

    #[test]
    fn catalog_with_unknown_keys_is_refused() {
        let bad = r#"{"serviceinfo": [{"service_id": "1", "colour": "red"}], "qualities": []}"#;
        assert!(ServiceCatalog::from_json(bad, DEFAULT_SERVICE_COSTS_JSON).is_err());
        let bad_costs = r#"[{"id": "1", "price": 3}]"#;
        assert!(ServiceCatalog::from_json(DEFAULT_CATALOG_JSON, bad_costs).is_err());
    }
}
