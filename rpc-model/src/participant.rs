//! `participant.*`: params and replies, and the participant struct of
//! `participant.enumerate`.

use serde::{Deserialize, Serialize};

use crate::enums::{
    AudioRxGainMode, FactoryBridgeType, FactoryPosition, FactoryWebExCallType, ParticipantProtocol,
    ParticipantType, SuppressDtmf, WebEx,
};
use crate::value::{
    opt_bool, opt_bool_or_int, opt_bool_or_str, opt_ignored, EnumerateId, IntOrStr,
};

/// Capacity of [`ParticipantEnumerateParams::factory_conference_ids`].
pub const FACTORY_CONFERENCE_IDS_CAPACITY: usize = 32;

/// Capacity of [`ParticipantEnumerateReply::participants`] when decoding
/// with the default type.
pub const DEFAULT_PARTICIPANTS_CAPACITY: usize = 16;

params! {
    /// `participant.add` params. MCU-only optional members not listed here
    /// are ignored.
    pub struct ParticipantAddParams<'a> {
        /// `conferenceName` (required): the conference to add to.
        #[serde(borrow)]
        pub conference_name: &'a str,
        /// `participantName` (required): the participant's unique name.
        #[serde(borrow)]
        pub participant_name: &'a str,
        /// `address` (required): hostname, IP, E.164, SIP URI or H.323 ID.
        #[serde(borrow)]
        pub address: &'a str,
        /// `factoryNumScreens`: screens of the endpoint (default 1).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub factory_num_screens: Option<i32>,
        /// `addAsGuest`: add as a guest.
        #[serde(default, deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
        pub add_as_guest: Option<bool>,
        /// `participantProtocol`: `sip` or `h323` for outdial.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub participant_protocol: Option<ParticipantProtocol>,
        /// `participantType`: "The TelePresence Conductor ignores any
        /// values specified for this parameter and always enforces the
        /// value to be ad_hoc": a known value is kept, any other value
        /// decodes as `None` (never a fault).
        #[serde(default, deserialize_with = "opt_ignored", skip_serializing_if = "Option::is_none")]
        pub participant_type: Option<ParticipantType>,
    }
}

params! {
    /// `participant.diagnostics`, `participant.disconnect` and
    /// `participant.remove` params: the participant's identification.
    pub struct ParticipantIdParams<'a> {
        /// `conferenceName` (required).
        #[serde(borrow)]
        pub conference_name: &'a str,
        /// `participantName` (required): the participant's unique name.
        #[serde(borrow)]
        pub participant_name: &'a str,
        /// `participantProtocol` (required): `h323`, `sip` or `vnc`.
        pub participant_protocol: ParticipantProtocol,
        /// `participantType` (required): `by_address`, `by_name` or `ad_hoc`.
        pub participant_type: ParticipantType,
    }
}

params! {
    /// `participant.enumerate` params.
    pub struct ParticipantEnumerateParams<'a> {
        /// `factoryConferenceIds`: only participants of these conferences
        /// (up to [`FACTORY_CONFERENCE_IDS_CAPACITY`]).
        #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
        pub factory_conference_ids: Option<heapless::Vec<&'a str, FACTORY_CONFERENCE_IDS_CAPACITY>>,
        /// `enumerateID` (MCU): continuation from a previous reply.
        #[serde(rename = "enumerateID", borrow, default, skip_serializing_if = "Option::is_none")]
        pub enumerate_id: Option<EnumerateId<'a>>,
    }
}

params! {
    /// `participant.message` params.
    pub struct ParticipantMessageParams<'a> {
        /// `conferenceName` (required).
        #[serde(borrow)]
        pub conference_name: &'a str,
        /// `participantName` (required).
        #[serde(borrow)]
        pub participant_name: &'a str,
        /// `message` (required): at most 500 characters (TelePresence
        /// Server) or 255 (MCU).
        #[serde(borrow)]
        pub message: &'a str,
        /// `participantProtocol`: `h323`, `sip` or `vnc`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub participant_protocol: Option<ParticipantProtocol>,
        /// `participantType`: `by_address`, `by_name` or `ad_hoc`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub participant_type: Option<ParticipantType>,
        /// `factoryPosition`: where the message appears (default `middle-centre`).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub factory_position: Option<FactoryPosition>,
        /// `duration`: seconds shown, >= 0 (default 30).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub duration: Option<i32>,
        /// `durationSeconds`: deprecated spelling of `duration`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub duration_seconds: Option<i32>,
    }
}

params! {
    /// `participant.modify` params.
    pub struct ParticipantModifyParams<'a> {
        /// `conferenceName` (required).
        #[serde(borrow)]
        pub conference_name: &'a str,
        /// `participantName` (required).
        #[serde(borrow)]
        pub participant_name: &'a str,
        /// `participantProtocol` (required): `h323`, `sip` or `vnc`.
        pub participant_protocol: ParticipantProtocol,
        /// `participantType` (required): `by_address`, `by_name` or `ad_hoc`.
        pub participant_type: ParticipantType,
        /// `displayNameOverrideStatus`: use `displayNameOverrideValue`.
        #[serde(default, deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
        pub display_name_override_status: Option<bool>,
        /// `displayNameOverrideValue`: the display name to use.
        #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
        pub display_name_override_value: Option<&'a str>,
        /// `cpLayout`: the initial view layout sent to the participant.
        #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
        pub cp_layout: Option<&'a str>,
        /// `layoutControlEnabled`: the participant controls the layout.
        #[serde(default, deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
        pub layout_control_enabled: Option<bool>,
        /// `audioRxMuted`: others do not hear this participant.
        #[serde(default, deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
        pub audio_rx_muted: Option<bool>,
        /// `audioRxGainMode`: `none`, `automatic` or `fixed`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub audio_rx_gain_mode: Option<AudioRxGainMode>,
        /// `audioRxGainMilliDb`: fixed gain in milli-dB (may be negative).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub audio_rx_gain_milli_db: Option<i32>,
        /// `videoRxMuted`: others do not see this participant.
        #[serde(default, deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
        pub video_rx_muted: Option<bool>,
        /// `videoTxWidescreen`: send 16:9 video.
        #[serde(default, deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
        pub video_tx_widescreen: Option<bool>,
        /// `autoDisconnect`: may be disconnected automatically.
        #[serde(default, deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
        pub auto_disconnect: Option<bool>,
        /// `suppressDtmf`: `fecc`, `always`, `never` or `default`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub suppress_dtmf: Option<SuppressDtmf>,
        /// `dtmfSequence`: digits, `*`, `#` and `,` (2 s pause).
        #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
        pub dtmf_sequence: Option<&'a str>,
        /// `audioTxMuted`: the bridge sends no audio to this participant.
        /// The spec types it as String: `<boolean>`, `<int>` 0/1 and the
        /// strings `true`/`false`/`1`/`0` are accepted; emitted as `<boolean>`.
        #[serde(default, deserialize_with = "opt_bool_or_str", skip_serializing_if = "Option::is_none")]
        pub audio_tx_muted: Option<bool>,
        /// `borderWidth`: 0 to 3.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub border_width: Option<i32>,
        /// `important`: this participant's video dominates the layout.
        #[serde(default, deserialize_with = "opt_bool", skip_serializing_if = "Option::is_none")]
        pub important: Option<bool>,
    }
}

/// A participant struct of `participant.enumerate`: the members the spec
/// lists plus common MCU ones. Every member is optional and unknown
/// members are ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Participant<'a> {
    /// `mcuIPAddress`: the bridge holding the participant.
    #[serde(
        rename = "mcuIPAddress",
        borrow,
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub mcu_ip_address: Option<&'a str>,
    /// `factoryConferenceId`: the participant's conference.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub factory_conference_id: Option<&'a str>,
    /// `participantName`: unique name (a `participantID` on TelePresence Servers).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub participant_name: Option<&'a str>,
    /// `participantType`: `by_address`, `by_name` or `ad_hoc`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participant_type: Option<ParticipantType>,
    /// `participantProtocol` (MCU): `h323`, `sip` or `vnc`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub participant_protocol: Option<ParticipantProtocol>,
    /// `conferenceName`.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub conference_name: Option<&'a str>,
    /// `address`: the endpoint's address.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub address: Option<&'a str>,
    /// `displayName`.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<&'a str>,
    /// `factoryBridgeType`: `tsmcu` or `mcu`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub factory_bridge_type: Option<FactoryBridgeType>,
    /// `audioRxMuted`: others do not hear this participant.
    #[serde(
        default,
        deserialize_with = "opt_bool_or_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub audio_rx_muted: Option<bool>,
    /// `audioTxMuted`: the bridge sends no audio to this participant.
    #[serde(
        default,
        deserialize_with = "opt_bool_or_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub audio_tx_muted: Option<bool>,
    /// `videoRxMuted` (MCU): others do not see this participant.
    #[serde(
        default,
        deserialize_with = "opt_bool_or_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub video_rx_muted: Option<bool>,
    /// `videoTxMuted`: the bridge sends no video to this participant.
    #[serde(
        default,
        deserialize_with = "opt_bool_or_int",
        skip_serializing_if = "Option::is_none"
    )]
    pub video_tx_muted: Option<bool>,
    /// `dtmfSequence`.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub dtmf_sequence: Option<&'a str>,
    /// `previewURL` (MCU only; blank on TelePresence Servers).
    #[serde(
        rename = "previewURL",
        borrow,
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub preview_url: Option<&'a str>,
    /// `factoryWebEx`: `None`, `SIP` or `SIP-TSP`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub factory_web_ex: Option<WebEx>,
    /// `factoryWebExCallType`: `VideoAudio`, `Video` or `Audio`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub factory_web_ex_call_type: Option<FactoryWebExCallType>,
    /// `callState` (MCU), e.g. `connected`; kept verbatim.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub call_state: Option<&'a str>,
    /// `connectTime` (MCU), kept as received (string or integer; a
    /// dateTime is kept as its text).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub connect_time: Option<IntOrStr<'a>>,
    /// `disconnectReason` (MCU); kept verbatim.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub disconnect_reason: Option<&'a str>,
}

/// `participant.enumerate` reply.
///
/// `P` is the list type: a `heapless::Vec` of up to
/// [`DEFAULT_PARTICIPANTS_CAPACITY`] when decoding, or a slice
/// `&[Participant]` when encoding.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ParticipantEnumerateReply<
    'a,
    P = heapless::Vec<Participant<'a>, DEFAULT_PARTICIPANTS_CAPACITY>,
> {
    /// `enumerateID` (MCU): present when more results follow.
    #[serde(
        rename = "enumerateID",
        borrow,
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub enumerate_id: Option<EnumerateId<'a>>,
    /// `currentRevision` (MCU).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_revision: Option<i32>,
    /// `participants`: the participants (empty if absent).
    #[serde(default)]
    pub participants: P,
}
