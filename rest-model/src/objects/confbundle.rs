//! The ConfBundle and its parts: Alias, AutoDialedParticipant, and the
//! confbundles dictionary (ConfBundleID -> ConfBundleVer).

use core::fmt;

use crate::decode::{Decode, Decoder, List};
use crate::json::{Encode, ObjectWriter, RawObject, SyntaxError, ValueKind};
use crate::path::JsonPath;

/// The spec's limit on a ConfBundle's aliases (and the capacity kept).
pub const MAX_ALIASES: usize = 10;
/// The spec's limit on a ConfBundle's auto-dialed participants.
pub const MAX_AUTO_DIALED_PARTICIPANTS: usize = 10;

rest_object! {
    /// An `Alias`: a dial string that joins the conference in a role.
    pub struct Alias<'a> {
        /// `host`, `guest` or `by_pin` ([`AliasRole`](super::AliasRole)). Mandatory.
        role: &'a str = "role",
        /// The exact-match alias, lower case, unique on the device. Mandatory.
        exact_match: &'a str = "exact_match",
        /// Whether dialing it may create the conference (default true).
        allow_conference_creation: bool = "allow_conference_creation",
    }
}

impl Alias<'_> {
    /// The role, when valid.
    pub fn role(&self) -> Option<super::AliasRole> {
        self.role.and_then(super::AliasRole::from_name)
    }
}

rest_object! {
    /// An `AutoDialedParticipant`: dialed when the conference is created.
    pub struct AutoDialedParticipant<'a> {
        /// `host` or `guest` ([`ParticipantRole`](super::ParticipantRole)). Mandatory.
        role: &'a str = "role",
        /// The participant's maximum quality (a `video` quality). Mandatory.
        participant_quality: &'a str = "participant_quality",
        /// Whether the participant keeps the conference alive (default false).
        keep_conference_alive: bool = "keep_conference_alive",
        /// DTMF to dial on connect: `0-9 * # ,`, at most 31 characters.
        dtmf: &'a str = "dtmf",
        /// Whether it is dialed (default true).
        enabled_state: bool = "enabled_state",
        /// Always SIP ("cannot be changed"); accepted when a GET shows it.
        participant_protocol: &'a str = "participant_protocol",
    }
}

impl AutoDialedParticipant<'_> {
    /// The role, when valid.
    pub fn role(&self) -> Option<super::ParticipantRole> {
        self.role.and_then(super::ParticipantRole::from_name)
    }
}

rest_object! {
    /// A `ConfBundle`: everything needed to provision a conference
    /// (`PUT`/`GET /api/4.0/confbundles/<id>`).
    ///
    /// `layout` is written as JSON `null` when unset (as a GET answers);
    /// the other absent attributes are left out.
    pub struct ConfBundle<'a> {
        /// The conference's name (need not be unique). Mandatory.
        conference_display_name: &'a str = "conference_display_name",
        /// The Service Preference's `service_id`. Mandatory.
        service_preference_id: &'a str = "service_preference_id",
        /// 1-10 aliases. Mandatory.
        aliases: List<Alias<'a>, MAX_ALIASES> = "aliases",
        /// 0 (no limit) or 2-2400.
        max_participants: i64 = "max_participants",
        /// Minutes, 0 (no limit) to 10080.
        max_duration: i64 = "max_duration",
        /// Whether content may be shared (default false).
        allow_content: bool = "allow_content",
        /// A `content` quality; mandatory when `allow_content` is true.
        content_quality: &'a str = "content_quality",
        /// A `video` quality. Mandatory.
        host_quality: &'a str = "host_quality",
        /// A `video` quality. Mandatory.
        guest_quality: &'a str = "guest_quality",
        /// `equal`, `active`, `prominent` or `single`; `null` when unset.
        layout: &'a str = "layout" @null,
        /// Bridge-specific parameters, kept as raw JSON.
        advanced_parameters: RawObject<'a> = "advanced_parameters",
        /// Whether multiscreen systems are allowed (default false).
        allow_multiscreen: bool = "allow_multiscreen",
        /// 1-4 (default 1).
        max_num_of_screens: i64 = "max_num_of_screens",
        /// Whether resources may be optimized (default true).
        optimize_resources: bool = "optimize_resources",
        /// Hosts to reserve resources for (default 1).
        reserved_hosts: i64 = "reserved_hosts",
        /// Maximum cascades (default 0).
        reserved_cascades: i64 = "reserved_cascades",
        /// Bridge-specific parameters for cascades, kept as raw JSON (no
        /// `pin` / `guestPin`).
        cascade_advanced_parameters: RawObject<'a> = "cascade_advanced_parameters",
        /// Whether conferences are only created by `factory.conferencecreate`.
        scheduled: bool = "scheduled",
        /// Whether guests wait for a host (TelePresence Server; default false).
        guests_wait_for_host: bool = "guests_wait_for_host",
        /// 1-10 participants dialed when the conference is created.
        auto_dialed_participants: List<AutoDialedParticipant<'a>, MAX_AUTO_DIALED_PARTICIPANTS> = "auto_dialed_participants",
        /// The hosts' PIN (digits).
        host_pin: &'a str = "host_pin",
        /// The guests' PIN (digits).
        guest_pin: &'a str = "guest_pin",
        /// Read-only (GET); must not be supplied on PUT.
        conference_name: &'a str = "conference_name",
        /// Read-only (GET); must not be supplied on PUT.
        version_id: &'a str = "version_id",
        /// The matching `owner` object's GUID.
        owner_id: &'a str = "owner_id",
        /// The conference initiator's Active Directory GUID.
        external_owner_id: &'a str = "external_owner_id",
        /// `PMP` or `SMP` (default SMP).
        multi_party_license: &'a str = "multi_party_license",
    }
}

impl ConfBundle<'_> {
    /// The layout, when set and valid.
    pub fn layout(&self) -> Option<super::Layout> {
        self.layout.and_then(super::Layout::from_name)
    }

    /// Whether every alias has the role `by_pin` (false without aliases).
    pub fn is_role_by_pin(&self) -> bool {
        self.aliases.as_ref().is_some_and(|a| {
            !a.is_empty() && a.iter().all(|x| x.role() == Some(super::AliasRole::ByPin))
        })
    }
}

/// How many entries a [`ConfBundleVersions`] keeps.
pub const CONFBUNDLE_VERSIONS_CAPACITY: usize = 64;

/// The confbundles dictionary (`GET /api/4.0/confbundles/`): each
/// ConfBundleID with its current ConfBundleVer, in document order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ConfBundleVersions<'a, const N: usize = CONFBUNDLE_VERSIONS_CAPACITY> {
    /// `(ConfBundleID, ConfBundleVer)` pairs.
    pub entries: List<(&'a str, &'a str), N>,
}

impl<'a, const N: usize> ConfBundleVersions<'a, N> {
    /// The version of `id`, if listed (and kept).
    pub fn get(&self, id: &str) -> Option<&'a str> {
        self.entries.iter().find(|(k, _)| *k == id).map(|(_, v)| *v)
    }
}

impl<'a, const N: usize> Decode<'a> for ConfBundleVersions<'a, N> {
    fn decode(d: &mut Decoder<'a, '_>, path: JsonPath<'a>) -> Result<Option<Self>, SyntaxError> {
        let mut out = ConfBundleVersions::default();
        let ok = d.object(path, |d, key, p| {
            if d.peek()? == ValueKind::Null {
                d.reject(p, "expected str")?;
            } else if let Some(v) = <&'a str>::decode(d, p)? {
                out.entries.push((key, v));
            }
            Ok(true)
        })?;
        Ok(ok.then_some(out))
    }
}

impl<const N: usize> Encode for ConfBundleVersions<'_, N> {
    fn encode(&self, w: &mut dyn fmt::Write) -> fmt::Result {
        let mut o = ObjectWriter::new(w)?;
        for (id, ver) in self.entries.iter() {
            o.field(id, ver)?;
        }
        o.end()
    }
}
