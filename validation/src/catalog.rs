//! The context the rules need: the service catalog (ServiceRecords and
//! QualityInfo, as `GET /api/4.0/serviceinfo/` and `/qualities/` answer)
//! and the alias directory (which ConfBundle owns an `exact_match`).

use baton_rest::decode::{Decode, Decoder};
use baton_rest::{
    JsonPath, QualityGroup, QualityInfo, QualitySpec, ServiceInfo, ServiceRecord, SyntaxError,
};

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

/// A catalog file: `{"serviceinfo": <ServiceInfo>, "qualities":
/// <QualityInfo>}` (what `GET /api/4.0/serviceinfo/` and
/// `GET /api/4.0/qualities/` answer, side by side).
#[derive(Clone, Debug, Default)]
pub struct CatalogDocument<'a> {
    /// The ServiceRecords.
    pub services: ServiceInfo<'a>,
    /// The quality groups.
    pub qualities: QualityInfo<'a>,
}

impl<'a> CatalogDocument<'a> {
    /// The catalog view.
    pub fn catalog(&self) -> Catalog<'_> {
        Catalog::new(&self.services, &self.qualities)
    }
}

impl<'a> Decode<'a> for CatalogDocument<'a> {
    fn decode(d: &mut Decoder<'a, '_>, path: JsonPath<'a>) -> Result<Option<Self>, SyntaxError> {
        let mut out = CatalogDocument::default();
        let ok = d.object(path, |d, key, p| {
            match key {
                "serviceinfo" => out.services = d.field(p)?.unwrap_or_default(),
                "qualities" => out.qualities = d.field(p)?.unwrap_or_default(),
                _ => return Ok(false),
            }
            Ok(true)
        })?;
        Ok(ok.then_some(out))
    }
}

/// A slice reference (sized, so it can be a `&dyn AliasDirectory`).
impl<D: AliasDirectory + ?Sized> AliasDirectory for &D {
    fn owner_of(&self, exact_match: &str) -> Option<&str> {
        (**self).owner_of(exact_match)
    }
}
