//! "Role Determined by PIN": the rules for ConfBundles whose aliases have
//! the role *by_pin*.

use baton_rest::{
    AliasRole, BridgeCapability, ConfBundle, JsonPath, ParticipantRole, ServiceRecord,
};

use crate::report::Report;
use crate::rule::Rule;

/// How many aliases have the role by_pin, out of how many.
fn by_pin_count(b: &ConfBundle<'_>) -> (usize, usize) {
    let aliases = b.aliases.as_deref().unwrap_or(&[]);
    let by_pin = aliases
        .iter()
        .filter(|a| a.role() == Some(AliasRole::ByPin))
        .count();
    (by_pin, aliases.len())
}

/// Whether any alias has the role by_pin (the by_pin rules then apply).
pub fn uses_role_by_pin(b: &ConfBundle<'_>) -> bool {
    by_pin_count(b).0 > 0
}

/// "Within a confBundle, either all aliases must have a role of by_pin,
/// or none of them may have a role of by_pin."
pub fn all_aliases_must_be_by_pin_or_none<'a>(b: &ConfBundle<'a>, report: &mut Report<'a>) {
    let (by_pin, total) = by_pin_count(b);
    if by_pin > 0 && by_pin < total {
        report.violation(JsonPath::field("aliases"), Rule::AllAliasesByPinOrNone);
    }
}

/// by_pin "may only be chosen if" the Service Preference's
/// `bridge_capabilities` include role by PIN (`service`: the ConfBundle's
/// Service Preference, when known).
pub fn by_pin_only_if_bridge_capabilities_include_role_by_pin<'a>(
    b: &ConfBundle<'a>,
    service: Option<&ServiceRecord<'_>>,
    report: &mut Report<'a>,
) {
    if let Some(s) = service {
        if uses_role_by_pin(b) && !s.has_capability(BridgeCapability::RoleByPin) {
            report.violation(JsonPath::field("aliases"), Rule::ByPinNeedsCapability);
        }
    }
}

/// "The parameter `host_pin` must be provided."
pub fn host_pin_must_be_provided_for_by_pin<'a>(b: &ConfBundle<'a>, report: &mut Report<'a>) {
    if uses_role_by_pin(b) && b.host_pin.is_none() {
        report.violation(JsonPath::field("host_pin"), Rule::HostPinForByPin);
    }
}

/// "Both `host_quality` and `guest_quality` must be provided and they must
/// have the same value."
pub fn host_quality_must_equal_guest_quality_for_by_pin<'a>(
    b: &ConfBundle<'a>,
    report: &mut Report<'a>,
) {
    if uses_role_by_pin(b) && b.host_quality.is_some() && b.host_quality != b.guest_quality {
        report.violation(JsonPath::field("guest_quality"), Rule::SameQualityForByPin);
    }
}

/// "All auto-dialed participants ... must have the `role` set to `host`."
pub fn auto_dialed_participants_must_be_hosts_for_by_pin<'a>(
    b: &ConfBundle<'a>,
    report: &mut Report<'a>,
) {
    if !uses_role_by_pin(b) {
        return;
    }
    for (i, p) in b
        .auto_dialed_participants
        .iter()
        .flat_map(|l| l.iter())
        .enumerate()
    {
        if p.role.is_some() && p.role() != Some(ParticipantRole::Host) {
            let path = JsonPath::field("auto_dialed_participants")
                .index(i)
                .key("role");
            report.violation(path, Rule::HostParticipantsForByPin);
        }
    }
}

/// "All auto-dialed participants ... must have `keep_conference_alive`
/// set to `false` or omitted."
pub fn keep_conference_alive_must_be_false_for_by_pin<'a>(
    b: &ConfBundle<'a>,
    report: &mut Report<'a>,
) {
    if !uses_role_by_pin(b) {
        return;
    }
    for (i, p) in b
        .auto_dialed_participants
        .iter()
        .flat_map(|l| l.iter())
        .enumerate()
    {
        if p.keep_conference_alive == Some(true) {
            let path = JsonPath::field("auto_dialed_participants")
                .index(i)
                .key("keep_conference_alive");
            report.violation(path, Rule::KeepAliveForByPin);
        }
    }
}

/// Every "Role Determined by PIN" rule.
pub fn validate_role_by_pin<'a>(
    b: &ConfBundle<'a>,
    service: Option<&ServiceRecord<'_>>,
    report: &mut Report<'a>,
) {
    all_aliases_must_be_by_pin_or_none(b, report);
    by_pin_only_if_bridge_capabilities_include_role_by_pin(b, service, report);
    host_pin_must_be_provided_for_by_pin(b, report);
    host_quality_must_equal_guest_quality_for_by_pin(b, report);
    auto_dialed_participants_must_be_hosts_for_by_pin(b, report);
    keep_conference_alive_must_be_false_for_by_pin(b, report);
}
