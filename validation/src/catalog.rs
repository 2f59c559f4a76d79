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

/// A catalog entry that lacks a member the spec lists, or has a value
/// outside the spec's range (found when a device's catalog is loaded).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CatalogError {
    /// ServiceRecord `index` lacks `member` (every member of the
    /// ServiceRecord table is answered, with its type).
    ServiceRecordMember {
        /// Index in `serviceinfo`.
        index: usize,
        /// The member.
        member: &'static str,
    },
    /// ServiceRecord `index`'s `bridge_type` is not `mcu` or `tsmcu`.
    BridgeType {
        /// Index in `serviceinfo`.
        index: usize,
    },
    /// Quality group `group`, QualitySpec `index` lacks `member`, or its
    /// `quality_type` is not `content`/`video`, or its `display_order` is
    /// not greater than 0.
    QualitySpec {
        /// Index in `qualities`.
        group: usize,
        /// Index in `quality_group`.
        index: usize,
        /// The member.
        member: &'static str,
    },
    /// Quality group `group` lacks its name or its `quality_group`.
    QualityGroup {
        /// Index in `qualities`.
        group: usize,
    },
    /// More entries than are kept.
    TooMany,
}

impl core::fmt::Display for CatalogError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            CatalogError::ServiceRecordMember { index, member } => {
                write!(f, "serviceinfo[{index}]: {member} is missing")
            }
            CatalogError::BridgeType { index } => {
                write!(f, "serviceinfo[{index}]: bridge_type must be mcu or tsmcu")
            }
            CatalogError::QualitySpec {
                group,
                index,
                member,
            } => write!(
                f,
                "qualities[{group}].quality_group[{index}]: {member} is missing or out of range"
            ),
            CatalogError::QualityGroup { group } => write!(
                f,
                "qualities[{group}]: quality_group_name and quality_group are required"
            ),
            CatalogError::TooMany => f.write_str("more entries than a catalog keeps"),
        }
    }
}

impl core::error::Error for CatalogError {}

impl CatalogDocument<'_> {
    /// Every ServiceRecord has every member of its table (`service_id`,
    /// `display_name`, `description`, `bridge_type` *mcu*/*tsmcu*,
    /// `qualities`, `bridge_capabilities`), every QualitySpec every member
    /// of its (`quality_id`, `display_name`, `quality_type`
    /// *content*/*video*, `display_order` "greater than 0"): what
    /// `serviceinfo` and `qualities` answer is then complete.
    pub fn check(&self) -> Result<(), CatalogError> {
        if !self.services.is_complete() || !self.qualities.is_complete() {
            return Err(CatalogError::TooMany);
        }
        for (index, s) in self.services.iter().enumerate() {
            let missing = |member| CatalogError::ServiceRecordMember { index, member };
            s.service_id.ok_or(missing("service_id"))?;
            s.display_name.ok_or(missing("display_name"))?;
            s.description.ok_or(missing("description"))?;
            s.bridge_type.ok_or(missing("bridge_type"))?;
            s.qualities.ok_or(missing("qualities"))?;
            s.bridge_capabilities
                .as_ref()
                .ok_or(missing("bridge_capabilities"))?;
            s.bridge_type().ok_or(CatalogError::BridgeType { index })?;
        }
        for (group, g) in self.qualities.iter().enumerate() {
            let specs = match (g.quality_group_name, &g.quality_group) {
                (Some(_), Some(specs)) if specs.is_complete() => specs,
                _ => return Err(CatalogError::QualityGroup { group }),
            };
            for (index, q) in specs.iter().enumerate() {
                let bad = |member| CatalogError::QualitySpec {
                    group,
                    index,
                    member,
                };
                q.quality_id.ok_or(bad("quality_id"))?;
                q.display_name.ok_or(bad("display_name"))?;
                q.quality_type().ok_or(bad("quality_type"))?;
                q.display_order
                    .filter(|o| *o > 0)
                    .ok_or(bad("display_order"))?;
            }
        }
        Ok(())
    }
}
