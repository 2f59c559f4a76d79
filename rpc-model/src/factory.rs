//! `factory.*`: params and replies, and `factoryResourceLimits`.

use serde::{Deserialize, Serialize};

use crate::enums::{Encryption, FactoryLayout, WebEx};
use crate::value::{opt_bool, IntOrStr};

/// `factoryResourceLimits`: the resource limits of a conference.
///
/// `signalling`, `media` and `licences` apply to `tsmcu` bridges, `ports` to
/// `mcu` bridges. The spec's parameter tables spell `licences`, its JSON
/// example `licenses`: both are accepted on input, and `licences` (the
/// parameter tables' spelling) is emitted.
///
/// `Deserialize` is table-driven (`params_de`, the params structs' shared
/// visitor; the member attributes here are the derive's, for `Serialize`,
/// and document the decoding rules it keeps).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ResourceLimits {
    /// `signalling`: participant/call limit, 0 to 2400 (0 is unlimited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signalling: Option<i32>,
    /// `media`: media resource limit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media: Option<i32>,
    /// `licences` (also read as `licenses`): licence resource limit.
    #[serde(alias = "licenses", default, skip_serializing_if = "Option::is_none")]
    pub licences: Option<i32>,
    /// `ports`: port limit, 0 to 2400 (0 is unlimited).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ports: Option<i32>,
}

impl<'de> Deserialize<'de> for ResourceLimits {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use crate::params_de::Dest;
        // The derive's `FIELDS`: each member's names, its alias after it.
        const NAMES: &[&str] = &["signalling", "media", "licences", "licenses", "ports"];
        const FIELD_OF: &[usize] = &[0, 1, 2, 2, 3];
        let mut limits = ResourceLimits::default();
        let mut dests = [
            Dest::OptI32(&mut limits.signalling),
            Dest::OptI32(&mut limits.media),
            Dest::OptI32(&mut limits.licences),
            Dest::OptI32(&mut limits.ports),
        ];
        crate::params_de::deserialize_aliased(d, "ResourceLimits", NAMES, FIELD_OF, &mut dests)?;
        Ok(limits)
    }
}

table_params! {
    /// `factory.conferencecreate` params.
    pub struct FactoryConferenceCreateParams<'a> {
        /// `conferenceAlias` (required): the dial string of the conference.
        pub conference_alias: &'a str => "conferenceAlias" Str,
        /// `factoryMinDurationMinutes`: minimum lifetime (default 5).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub factory_min_duration_minutes: Option<i32> => "factoryMinDurationMinutes" OptI32,
        /// `factoryMaxDurationMinutes`: maximum lifetime (0: the template's).
        #[serde(skip_serializing_if = "Option::is_none")]
        pub factory_max_duration_minutes: Option<i32> => "factoryMaxDurationMinutes" OptI32,
        /// `factoryOverridePIN`: host PIN, fewer than 32 digits.
        #[serde(rename = "factoryOverridePIN", skip_serializing_if = "Option::is_none")]
        pub factory_override_pin: Option<&'a str> => "factoryOverridePIN" OptStr,
        /// `factoryOverrideGuestPIN`: guest PIN, fewer than 32 digits.
        #[serde(rename = "factoryOverrideGuestPIN", skip_serializing_if = "Option::is_none")]
        pub factory_override_guest_pin: Option<&'a str> => "factoryOverrideGuestPIN" OptStr,
        /// `webEx`: `None`, `SIP` or `SIP-TSP`.
        #[serde(rename = "webEx", skip_serializing_if = "Option::is_none")]
        pub web_ex: Option<WebEx> => "webEx" OptWebEx,
        /// `factoryResourceLimits`.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub factory_resource_limits: Option<ResourceLimits> => "factoryResourceLimits" OptLimits,
        /// `encryption`: `optional`, `required` or `forbidden`.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub encryption: Option<Encryption> => "encryption" OptEncryption,
        /// `factoryLayout`: `equal`, `active`, `prominent` or `single`.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub factory_layout: Option<FactoryLayout> => "factoryLayout" OptLayout,
        /// `factoryOverrideConferenceDisplayName`: the display name to use.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub factory_override_conference_display_name: Option<&'a str> => "factoryOverrideConferenceDisplayName" OptStr,
    }
}

/// `factory.conferencecreate` reply.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FactoryConferenceCreateReply<'a> {
    /// `status`: `operation successful` or `error`.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub status: Option<&'a str>,
    /// `info`: why the call failed.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub info: Option<&'a str>,
    /// `conferenceName`: the name the Conductor gave the conference.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub conference_name: Option<&'a str>,
    /// `factoryConferenceId`: the Conductor's tracking identifier.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub factory_conference_id: Option<&'a str>,
    /// `factory_conference_id`: deprecated copy of `factoryConferenceId`
    /// (returned only on success).
    #[serde(
        rename = "factory_conference_id",
        borrow,
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub factory_conference_id_deprecated: Option<&'a str>,
}

params! {
    /// `factory.conferencemodify` params.
    pub struct FactoryConferenceModifyParams<'a> {
        /// `conferenceName` (required): the conference to modify.
        #[serde(borrow)]
        pub conference_name: &'a str,
        /// `h239Important`: whether the H.239 channel is important.
        #[serde(rename = "h239Important", default, deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
        pub h239_important: Option<bool>,
        /// `factoryMinDurationMinutes`: minimum lifetime.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub factory_min_duration_minutes: Option<i32>,
        /// `factoryMaxDurationMinutes`: maximum lifetime (0: the template's).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub factory_max_duration_minutes: Option<i32>,
        /// `factoryOverridePIN`: host PIN, fewer than 32 digits.
        #[serde(rename = "factoryOverridePIN", borrow, default, skip_serializing_if = "Option::is_none")]
        pub factory_override_pin: Option<&'a str>,
        /// `factoryOverrideGuestPIN`: guest PIN, fewer than 32 digits.
        #[serde(rename = "factoryOverrideGuestPIN", borrow, default, skip_serializing_if = "Option::is_none")]
        pub factory_override_guest_pin: Option<&'a str>,
        /// `factoryResourceLimits`: not below current usage.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub factory_resource_limits: Option<ResourceLimits>,
        /// `factoryLayout`: `equal`, `active`, `prominent` or `single`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub factory_layout: Option<FactoryLayout>,
        /// `locked`: whether the conference is locked.
        #[serde(default, deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
        pub locked: Option<bool>,
    }
}

/// `factory.conferencemodify` reply.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FactoryConferenceModifyReply<'a> {
    /// `status`: `operation successful` or `error`.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub status: Option<&'a str>,
    /// `info`: what was modified, or the error message.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub info: Option<&'a str>,
    /// `faultCode`: returned in some failure cases (the spec types it as
    /// String; an integer is kept as received).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub fault_code: Option<IntOrStr<'a>>,
}

table_params! {
    /// `factory.health.query` params (authentication only).
    pub struct FactoryHealthQueryParams<'a> {}
}

/// `factory.health.query` reply. Member names are the spec's
/// (snake_case on the wire).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactoryHealthQueryReply<'a> {
    /// `fan_1`: fan 1 speed in RPM, or `N/A` on a VM.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub fan_1: Option<&'a str>,
    /// `fan_2`: fan 2 speed in RPM, or `N/A` on a VM.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub fan_2: Option<&'a str>,
    /// `fan_3`: fan 3 speed in RPM, or `N/A` on a VM.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub fan_3: Option<&'a str>,
    /// `committed_as`: committed memory.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub committed_as: Option<&'a str>,
    /// `cpu_load_1`: 1-minute CPU load.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_load_1: Option<i32>,
    /// `cpu_load_5`: 5-minute CPU load.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_load_5: Option<i32>,
    /// `cpu_load_15`: 15-minute CPU load.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_load_15: Option<i32>,
}

params! {
    /// `factory.webex.add` params.
    pub struct FactoryWebexAddParams<'a> {
        /// `conferenceName` (required): the Conductor conference.
        #[serde(borrow)]
        pub conference_name: &'a str,
        /// `sipUri` (required): the WebEx conference's SIP URI.
        #[serde(borrow)]
        pub sip_uri: &'a str,
        /// `bandwidth`: kbps (default 2 MB).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub bandwidth: Option<i32>,
        /// `dtmf`: digits, `*`, `#` and `,` (2 s pause).
        #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
        pub dtmf: Option<&'a str>,
        /// `audioDn`: the audio dial number (SIP-TSP).
        #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
        pub audio_dn: Option<&'a str>,
        /// `bestEffort`: add even if insufficient resources were reserved.
        #[serde(default, deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
        pub best_effort: Option<bool>,
    }
}
