//! The service catalog: Service Preferences (`serviceinfo`), quality
//! groups (`qualities`) and the `servicecost` templates, decoded once with
//! `baton-rest` and checked.

use baton_rest::{BridgeType, ServiceParams};
use baton_validate::{Catalog, CatalogDocument};

/// The catalog a device serves and validates ConfBundles against.
pub struct ServiceCatalog {
    doc: CatalogDocument<'static>,
    costs: Vec<serde_json::Value>,
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

impl ServiceCatalog {
    /// Decodes `catalog` (`{"serviceinfo": [...], "qualities": [...]}`)
    /// and `service_costs` (a JSON array of `ServiceParams`), strictly:
    /// unknown keys and wrong types are errors.
    ///
    /// The catalog text is kept for the life of the process (the decoded
    /// objects borrow from it; a device has one catalog).
    pub fn from_json(catalog: &str, service_costs: &str) -> Result<Self, String> {
        let text: &'static mut [u8] = Box::leak(catalog.as_bytes().to_vec().into_boxed_slice());
        let doc: CatalogDocument<'static> =
            baton_rest::from_slice_in_place(text).map_err(|e| format!("service catalog: {e}"))?;
        if doc.services.is_empty() {
            return Err("service catalog: no Service Preference (serviceinfo is empty)".into());
        }
        let costs: Vec<serde_json::Value> = serde_json::from_str(service_costs)
            .map_err(|e| format!("service costs: not a JSON array of ServiceParams: {e}"))?;
        if costs.is_empty() {
            return Err("service costs: the array is empty".into());
        }
        for (i, c) in costs.iter().enumerate() {
            let bytes = serde_json::to_vec(c).unwrap_or_default();
            let mut scratch = vec![0u8; bytes.len()];
            baton_rest::from_slice::<ServiceParams<'_>>(&bytes, &mut scratch)
                .map_err(|e| format!("service costs[{i}]: {e}"))?;
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

    /// The bridge type of a Service Preference.
    pub fn bridge_of(&self, service_id: &str) -> Option<BridgeType> {
        self.catalog().service(service_id)?.bridge_type()
    }

    /// `GET /api/4.0/servicecost/<alias>`: the template for the alias's
    /// Service Preference (by `id`), else the first, with `alias` set.
    pub fn service_cost_json(&self, service_id: Option<&str>, alias: &str) -> String {
        let template = service_id
            .and_then(|id| {
                self.costs
                    .iter()
                    .find(|c| c.get("id").and_then(|v| v.as_str()) == Some(id))
            })
            .or_else(|| self.costs.first())
            .cloned()
            .unwrap_or_default();
        let mut answer = template;
        if let Some(obj) = answer.as_object_mut() {
            obj.insert("alias".into(), serde_json::Value::String(alias.to_owned()));
        }
        answer.to_string()
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
    fn servicecost_answers_the_template_with_the_alias_asked_for() {
        let c =
            ServiceCatalog::from_json(DEFAULT_CATALOG_JSON, DEFAULT_SERVICE_COSTS_JSON).unwrap();
        let v: serde_json::Value =
            serde_json::from_str(&c.service_cost_json(None, "meet.bob@example.com")).unwrap();
        assert_eq!(v["alias"], "meet.bob@example.com");
        assert_eq!(v["id"], "58e26522-da56-11e2-b4f8-0010f31595fc");
        assert_eq!(v["pool_capacity"][0]["value"], 80);
    }

    #[test]
    fn catalog_with_unknown_keys_is_refused() {
        let bad = r#"{"serviceinfo": [{"service_id": "1", "colour": "red"}], "qualities": []}"#;
        assert!(ServiceCatalog::from_json(bad, DEFAULT_SERVICE_COSTS_JSON).is_err());
        let bad_costs = r#"[{"id": "1", "price": 3}]"#;
        assert!(ServiceCatalog::from_json(DEFAULT_CATALOG_JSON, bad_costs).is_err());
    }
}
