//! The context the rules need: the service catalog (ServiceRecords and
//! QualityInfo, as `GET /api/4.0/serviceinfo/` and `/qualities/` answer)
//! and the alias directory (which ConfBundle owns an `exact_match`).

use baton_rest::{QualityGroup, QualitySpec, ServiceRecord};

/// The Service Preferences and quality groups configured on a device.
#[derive(Clone, Copy, Debug, Default)]
pub struct Catalog<'c> {
    /// The ServiceRecords (`ServiceInfo`).
    pub services: &'c [ServiceRecord<'c>],
    /// The quality groups (`QualityInfo`).
    pub qualities: &'c [QualityGroup<'c>],
}

impl<'c> Catalog<'c> {
    /// A catalog over decoded ServiceInfo and QualityInfo.
    pub fn new(services: &'c [ServiceRecord<'c>], qualities: &'c [QualityGroup<'c>]) -> Self {
        Catalog {
            services,
            qualities,
        }
    }

    /// The ServiceRecord with `service_id`.
    pub fn service(&self, service_id: &str) -> Option<&'c ServiceRecord<'c>> {
        self.services
            .iter()
            .find(|s| s.service_id == Some(service_id))
    }

    /// The quality group named `name`.
    pub fn group(&self, name: &str) -> Option<&'c QualityGroup<'c>> {
        self.qualities
            .iter()
            .find(|g| g.quality_group_name == Some(name))
    }

    /// The QualitySpec `quality_id` within the group `group`.
    pub fn quality_in(&self, group: &str, quality_id: &str) -> Option<&'c QualitySpec<'c>> {
        self.group(group)?
            .quality_group
            .as_ref()?
            .iter()
            .find(|q| q.quality_id == Some(quality_id))
    }

    /// The qualities applicable to a Service Preference:
    /// `QualityInfo[ServiceInfo.qualities]`.
    pub fn qualities_of(&self, service: &ServiceRecord<'_>) -> &'c [QualitySpec<'c>] {
        service
            .qualities
            .and_then(|g| self.group(g))
            .and_then(|g| g.quality_group.as_ref())
            .map(|l| l.as_slice())
            .unwrap_or(&[])
    }
}

/// Who owns each `exact_match` alias on the device.
pub trait AliasDirectory {
    /// The ConfBundleID owning `exact_match` (`Some("")` when the owner is
    /// unknown), or `None` when the alias is free.
    fn owner_of(&self, exact_match: &str) -> Option<&str>;
}

/// No alias is taken.
impl AliasDirectory for () {
    fn owner_of(&self, _: &str) -> Option<&str> {
        None
    }
}

/// Aliases taken, owners unknown.
impl AliasDirectory for [&str] {
    fn owner_of(&self, exact_match: &str) -> Option<&str> {
        self.iter()
            .any(|a| a.eq_ignore_ascii_case(exact_match))
            .then_some("")
    }
}

/// `(exact_match, ConfBundleID)` pairs.
impl AliasDirectory for [(&str, &str)] {
    fn owner_of(&self, exact_match: &str) -> Option<&str> {
        self.iter()
            .find(|(a, _)| a.eq_ignore_ascii_case(exact_match))
            .map(|(_, id)| *id)
    }
}
