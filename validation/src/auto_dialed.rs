//! The AutoDialedParticipant object's rules.

use baton_rest::{AutoDialedParticipant, JsonPath, ParticipantRole};

use crate::common::{
    dtmf_may_contain_only_digits_star_hash_and_comma, dtmf_must_not_be_longer_than_31_characters,
    mandatory_attributes_must_be_supplied, stored_string_rules,
};
use crate::report::Report;
use crate::rule::Rule;

/// An AutoDialedParticipant `role` is *host* or *guest*.
pub fn participant_role_must_be_host_or_guest<'a>(
    role: Option<&str>,
    path: JsonPath<'a>,
    report: &mut Report<'a>,
) {
    if role.is_some_and(|r| ParticipantRole::from_name(r).is_none()) {
        report.violation(path, Rule::ParticipantRole);
    }
}

/// "The `participant_protocol` attribute cannot be changed, it is always
/// set to SIP" (accepted when it says SIP, in any case).
pub fn participant_protocol_is_always_sip<'a>(
    protocol: Option<&str>,
    path: JsonPath<'a>,
    report: &mut Report<'a>,
) {
    if protocol.is_some_and(|p| !p.eq_ignore_ascii_case("sip")) {
        report.violation(path, Rule::ParticipantProtocol);
    }
}

/// Every rule of one AutoDialedParticipant that needs no context (the
/// quality checks need the catalog: see [`crate::confbundle`]).
pub fn validate_auto_dialed_participant<'a>(
    p: &AutoDialedParticipant<'a>,
    path: JsonPath<'a>,
    report: &mut Report<'a>,
) {
    mandatory_attributes_must_be_supplied(&p.role, path.key("role"), report);
    mandatory_attributes_must_be_supplied(
        &p.participant_quality,
        path.key("participant_quality"),
        report,
    );
    participant_role_must_be_host_or_guest(p.role, path.key("role"), report);
    stored_string_rules(
        p.participant_quality,
        path.key("participant_quality"),
        report,
    );
    dtmf_may_contain_only_digits_star_hash_and_comma(p.dtmf, path.key("dtmf"), report);
    dtmf_must_not_be_longer_than_31_characters(p.dtmf, path.key("dtmf"), report);
    participant_protocol_is_always_sip(
        p.participant_protocol,
        path.key("participant_protocol"),
        report,
    );
}
