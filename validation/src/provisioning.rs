//! The rules of the other REST objects: SIPDomainSpec, Owners,
//! the servicecost alias, Resources.

use baton_rest::{JsonPath, Owners, Resources, SipDomainSpec};

use crate::common::{
    mandatory_attributes_must_be_supplied, multi_party_license_must_be_pmp_or_smp,
    stored_string_rules,
};
use crate::report::Report;
use crate::rule::Rule;
use crate::text::{chars, has_regex_metacharacter};

/// SIPDomain: "a JSON String of between 1 and 253 characters representing
/// a SIP domain (only letters, digits, hyphens, underscores and periods
/// are supported)", or JSON null.
pub fn sip_domain_must_be_1_to_253_letters_digits_hyphens_underscores_periods<'a>(
    spec: &SipDomainSpec<'a>,
    report: &mut Report<'a>,
) {
    if let Some(domain) = spec.sip_domain {
        if !is_valid_sip_domain(domain) {
            report.violation(JsonPath::field("SIPDomain"), Rule::SipDomain);
        }
    }
}

/// Whether `domain` is 1-253 letters, digits, `-`, `_`, `.`.
///
/// ```
/// use baton_validate::provisioning::is_valid_sip_domain;
/// assert!(is_valid_sip_domain("video.example_1.com"));
/// assert!(!is_valid_sip_domain("exa mple.com"));
/// assert!(!is_valid_sip_domain(""));
/// ```
pub fn is_valid_sip_domain(domain: &str) -> bool {
    (1..=253).contains(&domain.len())
        && domain
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

/// `owners`: "The maximum number of elements is 100."
pub fn owners_must_have_at_most_100_elements<'a>(owners: &Owners<'a>, report: &mut Report<'a>) {
    if owners.owners.as_ref().is_some_and(|o| o.seen() > 100) {
        report.violation(JsonPath::field("owners"), Rule::OwnersAtMost100);
    }
}

/// Every rule of an `owners` PUT.
pub fn validate_owners<'a>(owners: &Owners<'a>, report: &mut Report<'a>) {
    owners_must_have_at_most_100_elements(owners, report);
    stored_string_rules(owners.generation, JsonPath::field("generation"), report);
    for (i, o) in owners.owners.iter().flat_map(|l| l.iter()).enumerate() {
        let path = JsonPath::field("owners").index(i);
        // The owner_id is what links an owner to its ConfBundle and what
        // an owner is kept (and replaced, and deleted) by.
        mandatory_attributes_must_be_supplied(&o.owner_id, path.key("owner_id"), report);
        multi_party_license_must_be_pmp_or_smp(
            o.multi_party_license,
            path.key("multi_party_license"),
            report,
        );
        stored_string_rules(o.owner_id, path.key("owner_id"), report);
        stored_string_rules(o.external_owner_id, path.key("external_owner_id"), report);
    }
}

/// The servicecost alias "must not be more than 1024 characters long".
pub fn servicecost_alias_must_not_be_more_than_1024_characters<'a>(
    alias: &str,
    report: &mut Report<'a>,
) {
    if chars(alias) > 1024 {
        report.violation(JsonPath::field("alias"), Rule::ServiceCostAliasLength);
    }
}

/// The servicecost alias "must not include a regular expression": none of
/// `\ ^ $ * + ? { } [ ] | ( )` (the `.` of every domain is allowed).
pub fn servicecost_alias_must_not_include_a_regular_expression<'a>(
    alias: &str,
    report: &mut Report<'a>,
) {
    if has_regex_metacharacter(alias) {
        report.violation(JsonPath::field("alias"), Rule::ServiceCostAliasRegex);
    }
}

/// Both servicecost alias rules.
///
/// ```
/// use baton_validate::provisioning::validate_servicecost_alias;
/// use baton_validate::{Report, Rule};
///
/// let mut report = Report::new();
/// validate_servicecost_alias("meet.alice@example.com", &mut report); // dots are fine
/// assert!(report.is_valid());
/// validate_servicecost_alias("meet.*@example.com", &mut report);
/// assert!(report.has(Rule::ServiceCostAliasRegex));
/// validate_servicecost_alias(&"a".repeat(1025), &mut report);
/// assert!(report.has(Rule::ServiceCostAliasLength));
/// ```
pub fn validate_servicecost_alias<'a>(alias: &str, report: &mut Report<'a>) {
    servicecost_alias_must_not_be_more_than_1024_characters(alias, report);
    servicecost_alias_must_not_include_a_regular_expression(alias, report);
}

/// A Resources `dimension`: "The String must be less than 128 characters long."
pub fn dimension_must_be_less_than_128_characters<'a>(
    resources: &Resources<'a>,
    path: JsonPath<'a>,
    report: &mut Report<'a>,
) {
    for (i, r) in resources.iter().enumerate() {
        if r.dimension.is_some_and(|d| chars(d) >= 128) {
            report.violation(path.index(i).key("dimension"), Rule::DimensionLength);
        }
    }
}
