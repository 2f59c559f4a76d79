//! The XML-RPC parameter rules (answered with fault codes): resource
//! limits, durations, feedback receivers, participant messages and
//! settings, WebEx, PINs, DTMF.
//!
//! Each rule takes the parameter values (absent = `None`), so it serves a
//! server checking a request and a client checking before sending alike.

use baton_rest::JsonPath;
use baton_rpc::enums::ParticipantProtocol;
use baton_rpc::factory::ResourceLimits;
use baton_rpc::participant::ParticipantModifyParams;
use baton_rpc::EventName;

use crate::common::is_valid_pin;
use crate::report::Report;
use crate::rule::Rule;
use crate::text::{chars, is_dtmf, is_xml_text};

/// The conference bridge type a conference runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bridge {
    /// TelePresence MCU (`mcu`).
    Mcu,
    /// TelePresence Server (`tsmcu`).
    TelePresenceServer,
}

/// `factoryResourceLimits.signalling` and `.ports`: "Accepted values are
/// 0 to 2400" (fault 102 `invalid parameter - factoryResourceLimits`).
pub fn signalling_and_ports_accepted_values_are_0_to_2400<'a>(
    signalling: Option<i64>,
    ports: Option<i64>,
    report: &mut Report<'a>,
) {
    let limits = JsonPath::field("factoryResourceLimits");
    if signalling.is_some_and(|v| !(0..=2400).contains(&v)) {
        report.violation(limits.key("signalling"), Rule::ResourceLimit);
    }
    if ports.is_some_and(|v| !(0..=2400).contains(&v)) {
        report.violation(limits.key("ports"), Rule::ResourceLimit);
    }
}

/// [`signalling_and_ports_accepted_values_are_0_to_2400`] for a decoded
/// `factoryResourceLimits` struct.
pub fn validate_resource_limits<'a>(limits: &ResourceLimits, report: &mut Report<'a>) {
    signalling_and_ports_accepted_values_are_0_to_2400(
        limits.signalling.map(i64::from),
        limits.ports.map(i64::from),
        report,
    );
    media_and_licences_limits_must_not_be_negative(
        limits.media.map(i64::from),
        limits.licences.map(i64::from),
        report,
    );
}

/// `factoryResourceLimits.media` and `.licences`: "Limit on the media /
/// licence resources that this conference may use" — an amount of
/// resources, not negative (fault 102 `invalid parameter -
/// factoryResourceLimits`).
///
/// ```
/// use baton_validate::{xmlrpc, Report};
/// let mut r = Report::new();
/// xmlrpc::media_and_licences_limits_must_not_be_negative(Some(0), Some(-1), &mut r);
/// assert_eq!(r.fault().unwrap().message(), "invalid parameter - factoryResourceLimits");
/// ```
pub fn media_and_licences_limits_must_not_be_negative<'a>(
    media: Option<i64>,
    licences: Option<i64>,
    report: &mut Report<'a>,
) {
    let limits = JsonPath::field("factoryResourceLimits");
    if media.is_some_and(|v| v < 0) {
        report.violation(limits.key("media"), Rule::ResourceLimitNotNegative);
    }
    if licences.is_some_and(|v| v < 0) {
        report.violation(limits.key("licences"), Rule::ResourceLimitNotNegative);
    }
}

/// `factory.conferencemodify` `factoryResourceLimits`: "The values for
/// this struct must not be smaller than the actual resource usage of the
/// current conference" (`usage`: what it uses, by dimension; `calls`: its
/// participants). Checked in each dimension the bridge type has and the
/// struct limits (0 is unlimited): `ports` on a TelePresence MCU;
/// `signalling`, `media`, `licences` on a TelePresence Server. Fault 25
/// `new port limit lower than currently active`.
///
/// ```
/// use baton_rpc::factory::ResourceLimits;
/// use baton_validate::capacity::ResourceTotals;
/// use baton_validate::xmlrpc::{self, Bridge};
/// use baton_validate::Report;
/// let usage = ResourceTotals { media: Some(6144), ..Default::default() };
/// let limits = ResourceLimits { media: Some(6000), ..Default::default() };
/// let mut r = Report::new();
/// xmlrpc::resource_limits_must_not_be_smaller_than_the_actual_usage(
///     &limits, &usage, 2, Bridge::TelePresenceServer, &mut r);
/// assert_eq!(r.fault().unwrap().code(), 25);
/// ```
pub fn resource_limits_must_not_be_smaller_than_the_actual_usage<'a>(
    limits: &ResourceLimits,
    usage: &crate::capacity::ResourceTotals,
    calls: usize,
    bridge: Bridge,
    report: &mut Report<'a>,
) {
    if let Some(name) = first_limit_below(limits, usage, calls, bridge) {
        report.violation(
            JsonPath::field("factoryResourceLimits").key(name),
            Rule::ResourceLimitBelowUsage,
        );
    }
}

/// `factoryResourceLimits` "limits the resources for a conference and
/// helps to prevent arbitrary conference enlargement" (Scheduling via
/// Cisco TMS): a participant joins only if the conference's usage with it
/// (`usage`, `calls`) stays within every limit set (0 is unlimited; the
/// dimensions as in
/// [`resource_limits_must_not_be_smaller_than_the_actual_usage`]). Fault
/// 7 `too many participants`.
///
/// ```
/// use baton_rpc::factory::ResourceLimits;
/// use baton_validate::capacity::ResourceTotals;
/// use baton_validate::xmlrpc::{self, Bridge};
/// use baton_validate::Report;
/// let limits = ResourceLimits { media: Some(12288), ..Default::default() };
/// let with_5th = ResourceTotals { media: Some(15360), ..Default::default() };
/// let mut r = Report::new();
/// xmlrpc::participants_must_fit_the_factory_resource_limits(
///     &limits, &with_5th, 5, Bridge::TelePresenceServer, &mut r);
/// assert_eq!(r.fault().unwrap().code(), 7);
/// ```
pub fn participants_must_fit_the_factory_resource_limits<'a>(
    limits: &ResourceLimits,
    usage: &crate::capacity::ResourceTotals,
    calls: usize,
    bridge: Bridge,
    report: &mut Report<'a>,
) {
    if let Some(name) = first_limit_below(limits, usage, calls, bridge) {
        report.violation(
            JsonPath::field("factoryResourceLimits").key(name),
            Rule::ResourceLimitsExceeded,
        );
    }
}

/// The first dimension of `bridge` whose limit (set, not 0) is below the
/// usage.
fn first_limit_below(
    limits: &ResourceLimits,
    usage: &crate::capacity::ResourceTotals,
    calls: usize,
    bridge: Bridge,
) -> Option<&'static str> {
    let calls = i64::try_from(calls).unwrap_or(i64::MAX);
    let dimensions: &[(&'static str, Option<i32>, i64)] = match bridge {
        Bridge::Mcu => &[("ports", limits.ports, usage.ports.unwrap_or(0).max(calls))],
        Bridge::TelePresenceServer => &[
            (
                "signalling",
                limits.signalling,
                usage.signalling.unwrap_or(0).max(calls),
            ),
            ("media", limits.media, usage.media.unwrap_or(0)),
            ("licences", limits.licences, usage.licences.unwrap_or(0)),
        ],
    };
    dimensions
        .iter()
        .find(|(_, limit, used)| limit.is_some_and(|l| l > 0 && i64::from(l) < *used))
        .map(|(name, _, _)| *name)
}

/// `factoryMinDurationMinutes` "must not be larger than the value for
/// `factoryMaxDurationMinutes`" (fault 104). A maximum of 0 means "the
/// template's limit" and is not compared; negative minutes are fault 102.
pub fn min_duration_must_not_be_larger_than_max_duration<'a>(
    min_minutes: Option<i64>,
    max_minutes: Option<i64>,
    report: &mut Report<'a>,
) {
    for (name, v) in [
        ("factoryMinDurationMinutes", min_minutes),
        ("factoryMaxDurationMinutes", max_minutes),
    ] {
        if v.is_some_and(|v| v < 0) {
            report.violation(JsonPath::field(name), Rule::DurationMinutes);
        }
    }
    if let (Some(min), Some(max)) = (min_minutes, max_minutes) {
        if max > 0 && min > max {
            report.violation(
                JsonPath::field("factoryMinDurationMinutes"),
                Rule::MinDuration,
            );
        }
    }
}

/// `receiverIndex`: "If <0, then find any available slot", otherwise "in
/// the range 1 – 20 (inclusive)"; absent means 1.
pub fn receiver_index_must_be_1_to_20_or_negative<'a>(index: Option<i64>, report: &mut Report<'a>) {
    if index.is_some_and(|i| i == 0 || i > 20) {
        report.violation(JsonPath::field("receiverIndex"), Rule::ReceiverIndex);
    }
}

/// A parsed `receiverURI`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReceiverUri<'a> {
    /// Whether the scheme is `https`.
    pub https: bool,
    /// The host (an IPv6 literal without its brackets).
    pub host: &'a str,
    /// The port: explicit, else 80 (http) or 443 (https).
    pub port: u16,
    /// The path and query (`/` when absent).
    pub path: &'a str,
}

/// Parses a `receiverURI`: "Valid protocol types are currently http and
/// https. If no port number override is specified, then 80 or 443
/// (respectively) will be used." `None` when invalid.
pub fn parse_receiver_uri(uri: &str) -> Option<ReceiverUri<'_>> {
    let (scheme, rest) = uri.split_once("://")?;
    let https = if scheme.eq_ignore_ascii_case("https") {
        true
    } else if scheme.eq_ignore_ascii_case("http") {
        false
    } else {
        return None;
    };
    let split = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, path) = rest.split_at(split);
    if authority.contains('@') {
        return None;
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let (host, after) = v6.split_once(']')?;
        (host, after.strip_prefix(':'))
    } else {
        match authority.split_once(':') {
            Some((h, p)) => (h, Some(p)),
            None => (authority, None),
        }
    };
    let valid_host = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b':'));
    if !valid_host {
        return None;
    }
    let port = match port {
        Some(p) => {
            let port: u16 = p.parse().ok()?;
            if port == 0 || !p.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            port
        }
        None if https => 443,
        None => 80,
    };
    Some(ReceiverUri {
        https,
        host,
        port,
        path: if path.is_empty() { "/" } else { path },
    })
}

/// `receiverURI`: the protocol is http or https, with a host.
pub fn receiver_uri_must_be_http_or_https<'a>(uri: Option<&str>, report: &mut Report<'a>) {
    if uri.is_some_and(|u| parse_receiver_uri(u).is_none()) {
        report.violation(JsonPath::field("receiverURI"), Rule::ReceiverUri);
    }
}

/// `subscribedEvents`: "the Strings are the names of the notification
/// events" (one violation per unknown name, at `subscribedEvents[i]`).
pub fn subscribed_events_must_be_event_names<'a>(events: &[&str], report: &mut Report<'a>) {
    for (i, name) in events.iter().enumerate() {
        if EventName::from_name(name).is_none() {
            report.violation(
                JsonPath::field("subscribedEvents").index(i),
                Rule::SubscribedEvents,
            );
        }
    }
}

/// `participant.message` `message`: "For TelePresence Servers the maximum
/// number of allowed characters is 500. For TelePresence MCUs ... 255."
pub fn message_must_be_at_most_500_or_255_characters<'a>(
    message: Option<&str>,
    bridge: Bridge,
    report: &mut Report<'a>,
) {
    let max = match bridge {
        Bridge::TelePresenceServer => 500,
        Bridge::Mcu => 255,
    };
    if message.is_some_and(|m| chars(m) > max) {
        report.violation(JsonPath::field("message"), Rule::MessageLength);
    }
}

/// `participant.message` `duration`: "The value must be greater than or
/// equal to 0."
pub fn duration_must_be_greater_than_or_equal_to_0<'a>(
    duration: Option<i64>,
    report: &mut Report<'a>,
) {
    if duration.is_some_and(|d| d < 0) {
        report.violation(JsonPath::field("duration"), Rule::MessageDuration);
    }
}

/// `borderWidth`: "Value must be in the range from 0 to 3."
pub fn border_width_must_be_0_to_3<'a>(width: Option<i64>, report: &mut Report<'a>) {
    if width.is_some_and(|w| !(0..=3).contains(&w)) {
        report.violation(JsonPath::field("borderWidth"), Rule::BorderWidth);
    }
}

/// `audioRxGainMilliDb` applies "if audio gain mode is fixed": given with
/// another (or no) `audioRxGainMode`, the parameters are mismatched (104).
pub fn audio_rx_gain_milli_db_only_with_fixed_gain_mode<'a>(
    gain_mode: Option<&str>,
    gain_milli_db: Option<i64>,
    report: &mut Report<'a>,
) {
    if gain_milli_db.is_some() && gain_mode != Some("fixed") {
        report.violation(JsonPath::field("audioRxGainMilliDb"), Rule::AudioRxGain);
    }
}

/// `factory.webex.add`: `sipUri` is a required parameter (fault 101).
pub fn webex_add_requires_sip_uri<'a>(sip_uri: Option<&str>, report: &mut Report<'a>) {
    if sip_uri.is_none_or(str::is_empty) {
        report.violation(JsonPath::field("sipUri"), Rule::WebexSipUri);
    }
}

/// `factory.webex.add`: "When using the SIP-TSP method ... the `audioDn`
/// must be specified too" (`web_ex`: the conference's `webEx` setting).
/// `audioDn` is an optional parameter that this change requires: fault 36
/// `required value missing` (not 101, which is for required parameters).
pub fn webex_add_sip_tsp_requires_audio_dn<'a>(
    web_ex: Option<&str>,
    audio_dn: Option<&str>,
    report: &mut Report<'a>,
) {
    if web_ex == Some("SIP-TSP") && audio_dn.is_none_or(str::is_empty) {
        report.violation(JsonPath::field("audioDn"), Rule::WebexAudioDn);
    }
}

/// `factory.webex.add` `bandwidth`: "The bandwidth (in Kbps) that is
/// required for this conference": a rate of 0 or less is fault 30
/// `unsupported bit rate`.
///
/// ```
/// use baton_validate::{xmlrpc, Report};
/// let mut r = Report::new();
/// xmlrpc::webex_bandwidth_must_be_a_positive_bit_rate(Some(0), &mut r);
/// assert_eq!(r.fault().unwrap().code(), 30);
/// ```
pub fn webex_bandwidth_must_be_a_positive_bit_rate<'a>(
    bandwidth: Option<i64>,
    report: &mut Report<'a>,
) {
    if bandwidth.is_some_and(|b| b <= 0) {
        report.violation(JsonPath::field("bandwidth"), Rule::WebexBandwidth);
    }
}

/// `conference.create` `durationSeconds` ("0 means that the conference
/// duration is unlimited") and `reservedVideoPorts` (a number of ports)
/// are not negative (fault 102 naming the parameter).
///
/// ```
/// use baton_validate::{xmlrpc, Report};
/// let mut r = Report::new();
/// xmlrpc::duration_seconds_and_reserved_video_ports_must_not_be_negative(Some(-1), None, &mut r);
/// assert_eq!(r.fault().unwrap().message(), "invalid parameter - durationSeconds");
/// ```
pub fn duration_seconds_and_reserved_video_ports_must_not_be_negative<'a>(
    duration_seconds: Option<i64>,
    reserved_video_ports: Option<i64>,
    report: &mut Report<'a>,
) {
    for (name, v) in [
        ("durationSeconds", duration_seconds),
        ("reservedVideoPorts", reserved_video_ports),
    ] {
        if v.is_some_and(|v| v < 0) {
            report.violation(JsonPath::field(name), Rule::ConferenceCreateNotNegative);
        }
    }
}

/// `conference.modify`: `newParticipantsCustomLayout`,
/// `setAllParticipantsToCustomLayout` and `customLayout` are "only valid
/// if customLayoutEnabled is true" (`enabled`: whether it is, after this
/// call): fault 104 at the first one given otherwise.
///
/// ```
/// use baton_validate::{xmlrpc, Report};
/// let mut r = Report::new();
/// xmlrpc::custom_layout_parameters_are_only_valid_if_custom_layout_enabled(
///     false, None, None, Some(3), &mut r);
/// assert_eq!(r.fault().unwrap().code(), 104);
/// ```
pub fn custom_layout_parameters_are_only_valid_if_custom_layout_enabled<'a>(
    enabled: bool,
    new_participants_custom_layout: Option<bool>,
    set_all_participants_to_custom_layout: Option<bool>,
    custom_layout: Option<i64>,
    report: &mut Report<'a>,
) {
    if enabled {
        return;
    }
    for (name, given) in [
        (
            "newParticipantsCustomLayout",
            new_participants_custom_layout.is_some(),
        ),
        (
            "setAllParticipantsToCustomLayout",
            set_all_participants_to_custom_layout.is_some(),
        ),
        ("customLayout", custom_layout.is_some()),
    ] {
        if given {
            report.violation(JsonPath::field(name), Rule::CustomLayoutEnabled);
        }
    }
}

/// `participant.add` `factoryNumScreens`: "The number of screens to use
/// on a participant's endpoint": at least 1 (fault 102).
///
/// ```
/// use baton_validate::{xmlrpc, Report};
/// let mut r = Report::new();
/// xmlrpc::factory_num_screens_must_be_at_least_1(Some(0), &mut r);
/// assert_eq!(r.fault().unwrap().message(), "invalid parameter - factoryNumScreens");
/// ```
pub fn factory_num_screens_must_be_at_least_1<'a>(screens: Option<i64>, report: &mut Report<'a>) {
    if screens.is_some_and(|n| n < 1) {
        report.violation(JsonPath::field("factoryNumScreens"), Rule::NumScreens);
    }
}

/// `participant.add` `participantProtocol`: "The protocol to use for
/// outdial calls: either sip or h323" (`vnc`, valid where a participant
/// is identified, is not: fault 19 `unsupported protocol`, "a protocol
/// ... which does not correspond to any valid protocol for this method").
///
/// ```
/// use baton_rpc::enums::ParticipantProtocol;
/// use baton_validate::{xmlrpc, Report};
/// let mut r = Report::new();
/// xmlrpc::outdial_participant_protocol_must_be_sip_or_h323(Some(ParticipantProtocol::Vnc), &mut r);
/// assert_eq!(r.fault().unwrap().code(), 19);
/// ```
pub fn outdial_participant_protocol_must_be_sip_or_h323<'a>(
    protocol: Option<ParticipantProtocol>,
    report: &mut Report<'a>,
) {
    if protocol.is_some_and(|p| !matches!(p, ParticipantProtocol::Sip | ParticipantProtocol::H323))
    {
        report.violation(
            JsonPath::field("participantProtocol"),
            Rule::OutdialProtocol,
        );
    }
}

/// `addAsGuest`: "If the conference is of type Meeting, the parameter ...
/// is rejected when changed to True."
pub fn add_as_guest_rejected_on_meeting_conferences<'a>(
    add_as_guest: Option<bool>,
    conference_is_meeting: bool,
    report: &mut Report<'a>,
) {
    if conference_is_meeting && add_as_guest == Some(true) {
        report.violation(JsonPath::field("addAsGuest"), Rule::AddAsGuest);
    }
}

/// `dtmfSequence` / `dtmf`: "The sequence may contain 0-9, *, #, and ,"
/// (fault 102; `parameter`: the parameter's name).
pub fn dtmf_sequence_may_contain_only_digits_star_hash_and_comma<'a>(
    parameter: &'static str,
    sequence: Option<&str>,
    report: &mut Report<'a>,
) {
    if sequence.is_some_and(|s| !is_dtmf(s)) {
        report.violation(JsonPath::field(parameter), Rule::DtmfSequence);
    }
}

/// A String parameter the device stores (a conference or participant
/// name, an alias, an address, a display name, a message, a receiver's
/// `sourceIdentifier`...) must hold only characters XML 1.0 can carry
/// ([`crate::text::is_xml_text`]): stored, it is written again into
/// enumerate replies and feedback events (fault 102 `invalid parameter -
/// <parameter>`). Text decoded from XML always passes; a `<base64>` given
/// where a String is expected may not.
///
/// ```
/// use baton_validate::{xmlrpc::string_parameters_must_be_xml_characters, Report};
/// let mut report = Report::new();
/// string_parameters_must_be_xml_characters("conferenceAlias", Some("room\u{1}"), &mut report);
/// let fault = report.fault().unwrap();
/// assert_eq!((fault.code(), fault.message()), (102, "invalid parameter - conferenceAlias"));
/// ```
pub fn string_parameters_must_be_xml_characters<'a>(
    parameter: &'a str,
    value: Option<&str>,
    report: &mut Report<'a>,
) {
    if value.is_some_and(|s| !is_xml_text(s)) {
        report.violation(JsonPath::field(parameter), Rule::ParameterCharacters);
    }
}

/// `factoryOverridePIN` / `factoryOverrideGuestPIN`: "the String of
/// numeric digits", "less than 32 characters" (fault 13 `invalid PIN
/// specified`; `parameter`: the parameter's name).
pub fn override_pin_must_be_digits_less_than_32_characters<'a>(
    parameter: &'static str,
    pin: Option<&str>,
    report: &mut Report<'a>,
) {
    // An empty override clears the PIN.
    if pin.is_some_and(|p| !p.is_empty() && !is_valid_pin(p)) {
        report.violation(JsonPath::field(parameter), Rule::OverridePin);
    }
}

/// The `participant.modify` parameters supported "For WebEx conferences"
/// (the spec's list, in its order).
pub const WEBEX_PARTICIPANT_MODIFY_PARAMETERS: [&str; 5] = [
    "displayNameOverrideStatus",
    "displayNameOverrideValue",
    "videoRxMuted",
    "audioRxMuted",
    "audioTxMuted",
];

/// `participant.modify`: "For WebEx conferences only the following
/// parameters are supported: displayNameOverrideStatus,
/// displayNameOverrideValue, videoRxMuted, audioRxMuted, audioTxMuted"
/// ([`WEBEX_PARTICIPANT_MODIFY_PARAMETERS`]). On a WebEx conference
/// (`web_ex_conference`), any other optional parameter given is fault 104
/// `mismatched parameters` ("related parameters that, when considered
/// together, are not expected/supported"); the violation names the first
/// one, in the order of the method's table.
///
/// ```
/// use baton_rpc::participant::ParticipantModifyParams;
/// use baton_validate::{xmlrpc, Report};
/// let p = ParticipantModifyParams { border_width: Some(1), ..Default::default() };
/// let mut r = Report::new();
/// xmlrpc::for_webex_conferences_only_the_listed_participant_modify_parameters_are_supported(&p, true, &mut r);
/// assert!(r.has_at(baton_validate::Rule::WebexParticipantModify, "borderWidth"));
/// assert_eq!(r.fault().unwrap().code(), 104);
/// ```
pub fn for_webex_conferences_only_the_listed_participant_modify_parameters_are_supported<'a>(
    params: &ParticipantModifyParams<'_>,
    web_ex_conference: bool,
    report: &mut Report<'a>,
) {
    if !web_ex_conference {
        return;
    }
    let given = [
        ("cpLayout", params.cp_layout.is_some()),
        (
            "layoutControlEnabled",
            params.layout_control_enabled.is_some(),
        ),
        ("audioRxGainMode", params.audio_rx_gain_mode.is_some()),
        (
            "audioRxGainMilliDb",
            params.audio_rx_gain_milli_db.is_some(),
        ),
        ("videoTxWidescreen", params.video_tx_widescreen.is_some()),
        ("autoDisconnect", params.auto_disconnect.is_some()),
        ("suppressDtmf", params.suppress_dtmf.is_some()),
        ("dtmfSequence", params.dtmf_sequence.is_some()),
        ("borderWidth", params.border_width.is_some()),
        ("important", params.important.is_some()),
    ];
    if let Some((name, _)) = given.iter().find(|(_, g)| *g) {
        report.violation(JsonPath::field(name), Rule::WebexParticipantModify);
    }
}

/// `factory.conferencemodify` `factoryMinDurationMinutes`: "If the value
/// is smaller than the current conference's running time an error is
/// displayed" (`running_ms`: how long the conference has run, in
/// milliseconds, rounded up: a conference that runs has run for more than
/// 0). Fault 102 `invalid parameter - factoryMinDurationMinutes`.
///
/// ```
/// use baton_validate::{xmlrpc, Report};
/// let mut r = Report::new();
/// xmlrpc::min_duration_must_not_be_smaller_than_the_running_time(Some(1), 59_000, &mut r);
/// assert!(r.is_valid());
/// xmlrpc::min_duration_must_not_be_smaller_than_the_running_time(Some(1), 60_001, &mut r);
/// assert_eq!(r.fault().unwrap().message(), "invalid parameter - factoryMinDurationMinutes");
/// ```
pub fn min_duration_must_not_be_smaller_than_the_running_time<'a>(
    min_minutes: Option<i64>,
    running_ms: u64,
    report: &mut Report<'a>,
) {
    let Some(min) = min_minutes else { return };
    let min_ms = u64::try_from(min).unwrap_or(0).saturating_mul(60_000);
    if min_ms < running_ms {
        report.violation(
            JsonPath::field("factoryMinDurationMinutes"),
            Rule::MinDurationRunningTime,
        );
    }
}

/// `factory.conferencecreate` / `factory.conferencemodify`
/// `factoryMaxDurationMinutes`: "This value must be equal to or lower than
/// the value defined for the conference duration limit on the conference
/// template, otherwise there will be an error displayed. A value of 0
/// means that the limit specified on the conference template is used."
/// `template_max_minutes` 0: the template sets no limit. Fault 102
/// `invalid parameter - factoryMaxDurationMinutes`.
///
/// ```
/// use baton_validate::{xmlrpc, Report};
/// let mut r = Report::new();
/// xmlrpc::max_duration_must_not_exceed_the_template_limit(Some(60), 60, &mut r);
/// xmlrpc::max_duration_must_not_exceed_the_template_limit(Some(0), 60, &mut r);
/// xmlrpc::max_duration_must_not_exceed_the_template_limit(Some(500), 0, &mut r);
/// assert!(r.is_valid());
/// xmlrpc::max_duration_must_not_exceed_the_template_limit(Some(61), 60, &mut r);
/// assert_eq!(r.fault().unwrap().message(), "invalid parameter - factoryMaxDurationMinutes");
/// ```
pub fn max_duration_must_not_exceed_the_template_limit<'a>(
    max_minutes: Option<i64>,
    template_max_minutes: u64,
    report: &mut Report<'a>,
) {
    let Some(max) = max_minutes.and_then(|m| u64::try_from(m).ok()) else {
        return;
    };
    if template_max_minutes > 0 && max > template_max_minutes {
        report.violation(
            JsonPath::field("factoryMaxDurationMinutes"),
            Rule::MaxDurationTemplate,
        );
    }
}
