//! The Provisioning API's catalog objects: QualityInfo / QualitySpec and
//! ServiceInfo / ServiceRecord.

use crate::decode::List;

use super::resources::CAPABILITIES_CAPACITY;

/// How many QualitySpecs a quality group keeps.
pub const QUALITY_SPECS_CAPACITY: usize = 32;
/// How many quality groups a [`QualityInfo`] keeps.
pub const QUALITY_GROUPS_CAPACITY: usize = 16;
/// How many ServiceRecords a [`ServiceInfo`] keeps.
pub const SERVICE_RECORDS_CAPACITY: usize = 32;

rest_object! {
    /// A `QualitySpec`: one quality setting.
    pub struct QualitySpec<'a> {
        /// The quality's UUID (used by `content_quality`, `host_quality`,
        /// `guest_quality`, `participant_quality`).
        quality_id: &'a str = "quality_id",
        /// A descriptive name.
        display_name: &'a str = "display_name",
        /// `content` or `video`.
        quality_type: &'a str = "quality_type",
        /// Ordering hint (> 0; larger = lower resource usage).
        display_order: i64 = "display_order",
    }
}

impl QualitySpec<'_> {
    /// The quality type, when valid.
    pub fn quality_type(&self) -> Option<super::QualityType> {
        self.quality_type.and_then(super::QualityType::from_name)
    }
}

rest_object! {
    /// One `qualityInfo` element: a named group of QualitySpecs.
    pub struct QualityGroup<'a> {
        /// The group's name, e.g. `qualgroup_ts`.
        quality_group_name: &'a str = "quality_group_name",
        /// The group's qualities.
        quality_group: List<QualitySpec<'a>, QUALITY_SPECS_CAPACITY> = "quality_group",
    }
}

/// `QualityInfo`: the answer to `GET /api/4.0/qualities/`.
pub type QualityInfo<'a> = List<QualityGroup<'a>, QUALITY_GROUPS_CAPACITY>;

/// The answer to `GET /api/4.0/qualities/<group>`: one group's QualitySpecs.
pub type QualitySpecs<'a> = List<QualitySpec<'a>, QUALITY_SPECS_CAPACITY>;

rest_object! {
    /// A `ServiceRecord`: one Service Preference.
    pub struct ServiceRecord<'a> {
        /// The Service Preference's UUID (the ConfBundle's `service_preference_id`).
        service_id: &'a str = "service_id",
        /// A descriptive name.
        display_name: &'a str = "display_name",
        /// A description.
        description: &'a str = "description",
        /// `tsmcu` or `mcu`.
        bridge_type: &'a str = "bridge_type",
        /// The quality group name (`QualityInfo[ServiceInfo.qualities]`).
        qualities: &'a str = "qualities",
        /// `cascading`, `multiscreen`, `role_by_pin`, `centralized_licensing`.
        bridge_capabilities: List<&'a str, CAPABILITIES_CAPACITY> = "bridge_capabilities",
    }
}

impl ServiceRecord<'_> {
    /// The bridge type, when valid.
    pub fn bridge_type(&self) -> Option<super::BridgeType> {
        self.bridge_type.and_then(super::BridgeType::from_name)
    }

    /// Whether `bridge_capabilities` lists `capability`.
    pub fn has_capability(&self, capability: super::BridgeCapability) -> bool {
        self.bridge_capabilities.as_ref().is_some_and(|caps| {
            caps.iter()
                .any(|c| super::BridgeCapability::from_name(c) == Some(capability))
        })
    }
}

/// `ServiceInfo`: the answer to `GET /api/4.0/serviceinfo/`.
pub type ServiceInfo<'a> = List<ServiceRecord<'a>, SERVICE_RECORDS_CAPACITY>;
