//! "Conference Bridge Specific Advanced Parameters": the prohibited
//! (rejected) and discouraged (accepted, warned) keys per bridge type.

use baton_rest::{BridgeType, JsonPath, RawObject};

use crate::report::Report;
use crate::rule::Rule;

/// TelePresence MCU: "Prohibited and rejected parameters".
pub const MCU_PROHIBITED: &[&str] = &[
    "conferenceName",
    "numericId",
    "guestNumericId",
    "startTime",
    "maximumAudioPorts",
    "reservedAudioPorts",
    "maximumVideoPorts",
    "reservedVideoPorts",
    "enforceMaximumAudioPorts",
    "enforceMaximumVideoPorts",
    "repetition",
    "weekday",
    "whichWeek",
    "weekDays",
    "terminationType",
    "terminationDate",
    "numberOfRepeats",
];

/// TelePresence MCU: "Discouraged parameters".
pub const MCU_DISCOURAGED: &[&str] = &[
    "cleanupTimeout",
    "contentMode",
    "contentContribution",
    "h239Enabled",
    "durationSeconds",
    "private",
    "pin",
    "guestPin",
];

/// TelePresence Server: "Prohibited and rejected parameters".
pub const TS_PROHIBITED: &[&str] = &[
    "conferenceName",
    "conferenceReference",
    "startTime",
    "metadata",
];

/// TelePresence Server: "Discouraged parameters".
pub const TS_DISCOURAGED: &[&str] = &[
    "conferenceMediaTokens",
    "conferenceMediaTokensUnlimited",
    "conferenceMediaCredits",
    "conferenceMediaCreditsUnlimited",
    "waitForChair",
    "duration",
    "durationUnlimited",
    "maxParticipants",
    "maxParticipantsUnlimited",
    "pin",
];

/// The cascade advanced parameters "must not include the parameters `pin`
/// and/or `guestPin`".
pub const CASCADE_PROHIBITED: &[&str] = &["pin", "guestPin"];

fn lists(bridge: BridgeType) -> (&'static [&'static str], &'static [&'static str]) {
    match bridge {
        BridgeType::Mcu => (MCU_PROHIBITED, MCU_DISCOURAGED),
        BridgeType::Tsmcu => (TS_PROHIBITED, TS_DISCOURAGED),
    }
}

/// Prohibited parameters "are rejected by the TelePresence Conductor API"
/// (error 20, one violation per key at `<attribute>.<key>`).
pub fn prohibited_advanced_parameters_are_rejected<'a>(
    params: Option<&RawObject<'a>>,
    bridge: BridgeType,
    attribute: &'static str,
    report: &mut Report<'a>,
) {
    let Some(params) = params else { return };
    let (prohibited, _) = lists(bridge);
    for key in params.keys() {
        if prohibited.iter().any(|p| key.eq_str(p)) {
            report.violation(
                JsonPath::field(attribute).key(key.raw()),
                Rule::ProhibitedAdvancedParameter,
            );
        }
    }
}

/// Discouraged parameters are accepted but reported as warnings.
pub fn discouraged_advanced_parameters_are_reported<'a>(
    params: Option<&RawObject<'a>>,
    bridge: BridgeType,
    attribute: &'static str,
    report: &mut Report<'a>,
) {
    let Some(params) = params else { return };
    let (_, discouraged) = lists(bridge);
    for key in params.keys() {
        let rejected_in_cascade = attribute == "cascade_advanced_parameters"
            && CASCADE_PROHIBITED.iter().any(|p| key.eq_str(p));
        if !rejected_in_cascade && discouraged.iter().any(|p| key.eq_str(p)) {
            report.warning(
                JsonPath::field(attribute).key(key.raw()),
                Rule::DiscouragedAdvancedParameter,
            );
        }
    }
}

/// "The cascade advanced parameters must not include the parameters `pin`
/// and/or `guestPin`" (checked for every bridge type: the PINs of a
/// cascade are always the primary's).
pub fn cascade_advanced_parameters_must_not_include_pin_or_guest_pin<'a>(
    params: Option<&RawObject<'a>>,
    report: &mut Report<'a>,
) {
    let Some(params) = params else { return };
    for key in params.keys() {
        if CASCADE_PROHIBITED.iter().any(|p| key.eq_str(p)) {
            report.violation(
                JsonPath::field("cascade_advanced_parameters").key(key.raw()),
                Rule::CascadePin,
            );
        }
    }
}

/// Every advanced-parameter rule of a ConfBundle. `bridge`: the Service
/// Preference's bridge type (`None` when unknown: only the cascade PIN
/// rule is checked).
pub fn validate_advanced_parameters<'a>(
    advanced: Option<&RawObject<'a>>,
    cascade: Option<&RawObject<'a>>,
    bridge: Option<BridgeType>,
    report: &mut Report<'a>,
) {
    for (raw, name) in [
        (advanced, "advanced_parameters"),
        (cascade, "cascade_advanced_parameters"),
    ] {
        if raw.is_some_and(|r| !crate::text::is_xml_json(r.as_str())) {
            // Passed on to the bridge over XML-RPC: the stored-text rule.
            report.violation(JsonPath::field(name), Rule::StringCharacters);
        }
    }
    if let Some(bridge) = bridge {
        prohibited_advanced_parameters_are_rejected(
            advanced,
            bridge,
            "advanced_parameters",
            report,
        );
        prohibited_advanced_parameters_are_rejected(
            cascade,
            bridge,
            "cascade_advanced_parameters",
            report,
        );
        discouraged_advanced_parameters_are_reported(
            advanced,
            bridge,
            "advanced_parameters",
            report,
        );
        discouraged_advanced_parameters_are_reported(
            cascade,
            bridge,
            "cascade_advanced_parameters",
            report,
        );
    }
    cascade_advanced_parameters_must_not_include_pin_or_guest_pin(cascade, report);
}
