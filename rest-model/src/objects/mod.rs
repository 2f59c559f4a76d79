//! The REST APIs' JSON objects, as the spec's tables define them.

mod confbundle;
mod enums;
mod external;
mod owners;
mod provisioning;
mod resources;
mod sipdomain;

pub use confbundle::{
    Alias, AutoDialedParticipant, ConfBundle, ConfBundleVersions, CONFBUNDLE_VERSIONS_CAPACITY,
    MAX_ALIASES, MAX_AUTO_DIALED_PARTICIPANTS,
};
pub use enums::{
    AliasRole, BridgeCapability, BridgeType, Dimension, Layout, MultiPartyLicense, ParticipantRole,
    QualityType,
};
pub use external::{total_records, ExternalResult, PeerResult, PEERS_CAPACITY};
pub use owners::{Owner, Owners, MAX_OWNERS};
pub use provisioning::{
    QualityGroup, QualityInfo, QualitySpec, QualitySpecs, ServiceInfo, ServiceRecord,
    QUALITY_GROUPS_CAPACITY, QUALITY_SPECS_CAPACITY, SERVICE_RECORDS_CAPACITY,
};
pub use resources::{
    ParticipantCost, ParticipantCosts, Resource, Resources, ServiceParams, CAPABILITIES_CAPACITY,
    PARTICIPANT_COSTS_CAPACITY, RESOURCES_CAPACITY,
};
pub use sipdomain::SipDomainSpec;
