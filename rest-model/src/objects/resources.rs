//! The Capacity Management API's objects: Resources, ParticipantCost,
//! ServiceParams.

use crate::decode::List;

/// How many name-value pairs a [`Resources`] keeps (the spec has at most 3).
pub const RESOURCES_CAPACITY: usize = 8;
/// How many entries a `bridge_capabilities` array keeps (the spec has 4).
pub const CAPABILITIES_CAPACITY: usize = 8;
/// How many ParticipantCost elements are kept (the spec has 1 or 4).
pub const PARTICIPANT_COSTS_CAPACITY: usize = 4;

rest_object! {
    /// One element of a `Resources` array: a cost or capacity in one
    /// dimension.
    pub struct Resource<'a> {
        /// `ports`, `signalling`, `media` or `licences`/`licenses`
        /// ([`Dimension`](super::Dimension)); under 128 characters.
        dimension: &'a str = "dimension",
        /// The cost of this resource.
        value: i64 = "value",
    }
}

impl Resource<'_> {
    /// The dimension, when it is one the spec names.
    pub fn dimension(&self) -> Option<super::Dimension> {
        self.dimension.and_then(super::Dimension::from_name)
    }
}

/// The `Resources` array.
pub type Resources<'a> = List<Resource<'a>, RESOURCES_CAPACITY>;

rest_object! {
    /// A `ParticipantCost` element: the costs for a participant with
    /// `num_screens` screens.
    pub struct ParticipantCost<'a> {
        /// 1 (no multiscreen), or 1-4.
        num_screens: i64 = "num_screens",
        /// The costs.
        resources: Resources<'a> = "resources",
    }
}

/// The `ParticipantCost` array (1 or 4 elements).
pub type ParticipantCosts<'a> = List<ParticipantCost<'a>, PARTICIPANT_COSTS_CAPACITY>;

rest_object! {
    /// `ServiceParams`: the answer to `GET /api/4.0/servicecost/<alias>`.
    pub struct ServiceParams<'a> {
        /// The Service Preference's UUID.
        id: &'a str = "id",
        /// The Service Preference's display name.
        display_name: &'a str = "display_name",
        /// The Service Preference's description.
        description: &'a str = "description",
        /// The alias asked about.
        alias: &'a str = "alias",
        /// `mcu` or `tsmcu`.
        bridge_type: &'a str = "bridge_type",
        /// `cascading`, `multiscreen`, `role_by_pin`, `centralized_licensing`.
        bridge_capabilities: List<&'a str, CAPABILITIES_CAPACITY> = "bridge_capabilities",
        /// Maximum screens (1-4).
        max_screens: i64 = "max_screens",
        /// Lowest supported `max_participants_per_conference` (>= 1).
        max_participants_per_conference_min: i64 = "max_participants_per_conference_min",
        /// Highest supported `max_participants_per_conference` (>= 1).
        max_participants_per_conference_max: i64 = "max_participants_per_conference_max",
        /// The template's maximum (0 = no limit).
        max_participants_per_conference_template: i64 = "max_participants_per_conference_template",
        /// Capacity of the pools marked for scheduling.
        pool_capacity: Resources<'a> = "pool_capacity",
        /// One-off per-conference costs.
        conference_cost: Resources<'a> = "conference_cost",
        /// Per-participant costs by number of screens.
        participant_cost: ParticipantCosts<'a> = "participant_cost",
    }
}
