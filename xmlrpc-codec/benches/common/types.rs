//! The typed views of the payloads: borrowed (`&str` into the input) for baton, owned
//! (`String`) for serde_xmlrpc, whose deserializer hands out transient strings only.

use serde::{Deserialize, Serialize};

use baton_xmlrpc::DateTime;

/// The `eventNotification` param.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Notification<'a> {
    /// `sourceIdentifier`.
    #[serde(borrow)]
    pub source_identifier: &'a str,
    /// `seqn`.
    pub seqn: i32,
    /// `events`.
    #[serde(borrow)]
    pub events: Vec<Event<'a>>,
}

/// One feedback event.
#[derive(Debug, Serialize, Deserialize)]
pub struct Event<'a> {
    /// `name`.
    #[serde(borrow)]
    pub name: &'a str,
    /// `args`.
    #[serde(borrow)]
    pub args: EventArgs<'a>,
}

/// The `args` of a `conferenceCreate` event.
#[derive(Debug, Serialize, Deserialize)]
pub struct EventArgs<'a> {
    /// `factory_conference_id`.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub factory_conference_id: Option<&'a str>,
    /// `request_id`.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<&'a str>,
    /// `conference_name`.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub conference_name: Option<&'a str>,
}

/// `webEx`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub enum WebEx {
    /// No WebEx.
    None,
    /// One SIP call.
    #[serde(rename = "SIP")]
    Sip,
    /// SIP video plus telephony audio.
    #[serde(rename = "SIP-TSP")]
    SipTsp,
}

/// `encryption`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Encryption {
    /// Either.
    Optional,
    /// Must be encrypted.
    Required,
    /// Must not be encrypted.
    Forbidden,
}

/// `factoryLayout`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Layout {
    /// Grid.
    Equal,
    /// Speaker plus PIPs.
    Active,
    /// Speaker plus small panes.
    Prominent,
    /// Speaker only.
    Single,
}

/// `factoryResourceLimits`.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct ResourceLimits {
    /// `signalling`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signalling: Option<i32>,
    /// `media`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media: Option<i32>,
    /// `licences`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licences: Option<i32>,
    /// `ports`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ports: Option<i32>,
}

/// `factory.conferencecreate` params (every optional parameter of the spec).
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConferenceCreate<'a> {
    /// `conferenceAlias` (required).
    #[serde(borrow)]
    pub conference_alias: &'a str,
    /// `factoryMinDurationMinutes`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub factory_min_duration_minutes: Option<i32>,
    /// `factoryMaxDurationMinutes`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub factory_max_duration_minutes: Option<i32>,
    /// `factoryOverridePIN`.
    #[serde(
        rename = "factoryOverridePIN",
        borrow,
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub factory_override_pin: Option<&'a str>,
    /// `factoryOverrideGuestPIN`.
    #[serde(
        rename = "factoryOverrideGuestPIN",
        borrow,
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub factory_override_guest_pin: Option<&'a str>,
    /// `webEx`.
    #[serde(rename = "webEx", default, skip_serializing_if = "Option::is_none")]
    pub web_ex: Option<WebEx>,
    /// `factoryResourceLimits`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub factory_resource_limits: Option<ResourceLimits>,
    /// `encryption`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encryption: Option<Encryption>,
    /// `factoryLayout`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub factory_layout: Option<Layout>,
    /// `factoryOverrideConferenceDisplayName`.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub factory_override_conference_display_name: Option<&'a str>,
}

/// One `participant.enumerate` participant: the spec's fields plus callState, connectTime and
/// a few MCU fields.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Participant<'a> {
    /// `mcuIPAddress`.
    #[serde(rename = "mcuIPAddress", borrow)]
    pub mcu_ip_address: &'a str,
    /// `factoryConferenceId`.
    #[serde(borrow)]
    pub factory_conference_id: &'a str,
    /// `participantName`.
    #[serde(borrow)]
    pub participant_name: &'a str,
    /// `participantType`.
    #[serde(borrow)]
    pub participant_type: &'a str,
    /// `participantProtocol`.
    #[serde(borrow)]
    pub participant_protocol: &'a str,
    /// `conferenceName`.
    #[serde(borrow)]
    pub conference_name: &'a str,
    /// `address`.
    #[serde(borrow)]
    pub address: &'a str,
    /// `displayName`.
    #[serde(borrow)]
    pub display_name: &'a str,
    /// `factoryBridgeType`.
    #[serde(borrow)]
    pub factory_bridge_type: &'a str,
    /// `audioRxMuted`.
    pub audio_rx_muted: bool,
    /// `audioTxMuted`.
    pub audio_tx_muted: bool,
    /// `videoTxMuted`.
    pub video_tx_muted: bool,
    /// `dtmfSequence`.
    #[serde(borrow)]
    pub dtmf_sequence: &'a str,
    /// `previewURL`.
    #[serde(rename = "previewURL", borrow)]
    pub preview_url: &'a str,
    /// `factoryWebEx`.
    #[serde(borrow)]
    pub factory_web_ex: &'a str,
    /// `factoryWebExCallType`.
    #[serde(borrow)]
    pub factory_web_ex_call_type: &'a str,
    /// `callState`.
    #[serde(borrow)]
    pub call_state: &'a str,
    /// `connectTime`.
    pub connect_time: DateTime,
    /// `connectionUniqueId`.
    pub connection_unique_id: i32,
    /// `maxBitRateToMCU`.
    #[serde(rename = "maxBitRateToMCU")]
    pub max_bit_rate_to_mcu: i32,
    /// `maxBitRateFromMCU`.
    #[serde(rename = "maxBitRateFromMCU")]
    pub max_bit_rate_from_mcu: i32,
}

/// The `participant.enumerate` result.
#[derive(Debug, Serialize, Deserialize)]
pub struct Enumerate<'a> {
    /// `enumerateID`.
    #[serde(rename = "enumerateID")]
    pub enumerate_id: i32,
    /// `currentRevision`.
    #[serde(rename = "currentRevision")]
    pub current_revision: i32,
    /// `participants`.
    #[serde(borrow)]
    pub participants: Vec<Participant<'a>>,
}

/// [`Participant`] with owned strings, for serde_xmlrpc.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OwnedParticipant {
    #[serde(rename = "mcuIPAddress")]
    pub mcu_ip_address: String,
    pub factory_conference_id: String,
    pub participant_name: String,
    pub participant_type: String,
    pub participant_protocol: String,
    pub conference_name: String,
    pub address: String,
    pub display_name: String,
    pub factory_bridge_type: String,
    pub audio_rx_muted: bool,
    pub audio_tx_muted: bool,
    pub video_tx_muted: bool,
    pub dtmf_sequence: String,
    #[serde(rename = "previewURL")]
    pub preview_url: String,
    pub factory_web_ex: String,
    pub factory_web_ex_call_type: String,
    pub call_state: String,
    pub connect_time: String,
    pub connection_unique_id: i32,
    #[serde(rename = "maxBitRateToMCU")]
    pub max_bit_rate_to_mcu: i32,
    #[serde(rename = "maxBitRateFromMCU")]
    pub max_bit_rate_from_mcu: i32,
}

/// [`Enumerate`] with owned strings, for serde_xmlrpc.
#[derive(Debug, Deserialize)]
pub struct OwnedEnumerate {
    #[serde(rename = "enumerateID")]
    pub enumerate_id: i32,
    #[serde(rename = "currentRevision")]
    pub current_revision: i32,
    pub participants: Vec<OwnedParticipant>,
}

/// [`Participant`] with `String` fields for baton's like-for-like row against serde_xmlrpc's
/// [`OwnedParticipant`]: the same fields, all text owned; only `connectTime` stays baton's
/// `DateTime` (a `Copy` value, no allocation), as baton does not hand a `<dateTime.iso8601>`
/// to a `String` (serde_xmlrpc, which has no date type, does).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StringParticipant {
    #[serde(rename = "mcuIPAddress")]
    pub mcu_ip_address: String,
    pub factory_conference_id: String,
    pub participant_name: String,
    pub participant_type: String,
    pub participant_protocol: String,
    pub conference_name: String,
    pub address: String,
    pub display_name: String,
    pub factory_bridge_type: String,
    pub audio_rx_muted: bool,
    pub audio_tx_muted: bool,
    pub video_tx_muted: bool,
    pub dtmf_sequence: String,
    #[serde(rename = "previewURL")]
    pub preview_url: String,
    pub factory_web_ex: String,
    pub factory_web_ex_call_type: String,
    pub call_state: String,
    pub connect_time: DateTime,
    pub connection_unique_id: i32,
    #[serde(rename = "maxBitRateToMCU")]
    pub max_bit_rate_to_mcu: i32,
    #[serde(rename = "maxBitRateFromMCU")]
    pub max_bit_rate_from_mcu: i32,
}

/// [`Enumerate`] with [`StringParticipant`]s.
#[derive(Debug, Deserialize)]
pub struct StringEnumerate {
    #[serde(rename = "enumerateID")]
    pub enumerate_id: i32,
    #[serde(rename = "currentRevision")]
    pub current_revision: i32,
    pub participants: Vec<StringParticipant>,
}
