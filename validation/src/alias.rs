//! The Alias object's rules.

use baton_rest::{Alias, AliasRole, JsonPath};

use crate::catalog::AliasDirectory;
use crate::common::{mandatory_attributes_must_be_supplied, stored_string_rules};
use crate::report::Report;
use crate::rule::Rule;
use crate::text::is_lower_case;

/// An Alias `role` is *host*, *guest* or *by_pin*.
pub fn alias_role_must_be_host_guest_or_by_pin<'a>(
    role: Option<&str>,
    path: JsonPath<'a>,
    report: &mut Report<'a>,
) {
    if role.is_some_and(|r| AliasRole::from_name(r).is_none()) {
        report.violation(path, Rule::AliasRole);
    }
}

/// "This String must be supplied to TelePresence Conductor in lower case
/// or else it will be rejected."
///
/// ```
/// use baton_rest::JsonPath;
/// use baton_validate::alias::exact_match_must_be_lower_case;
/// use baton_validate::{Report, Rule};
///
/// let mut report = Report::new();
/// exact_match_must_be_lower_case(Some("meet.alice@example.com"), JsonPath::field("a"), &mut report);
/// exact_match_must_be_lower_case(Some("Meet.Alice@example.com"), JsonPath::field("b"), &mut report);
/// exact_match_must_be_lower_case(None, JsonPath::field("c"), &mut report); // absent: another rule
/// assert_eq!(report.violations().len(), 1);
/// assert!(report.has_at(Rule::ExactMatchLowerCase, "b"));
/// ```
pub fn exact_match_must_be_lower_case<'a>(
    exact_match: Option<&str>,
    path: JsonPath<'a>,
    report: &mut Report<'a>,
) {
    if exact_match.is_some_and(|e| !is_lower_case(e)) {
        report.violation(path, Rule::ExactMatchLowerCase);
    }
}

/// "The `exact_match` String must be unique on this TelePresence
/// Conductor": not owned by another ConfBundle in `directory` (replacing
/// ConfBundle `own_id` may keep its own aliases), and not repeated within
/// the same ConfBundle (`earlier`: the aliases before this one).
///
/// ```
/// use baton_rest::JsonPath;
/// use baton_validate::alias::exact_match_must_be_unique;
/// use baton_validate::{Report, Rule};
///
/// // `(exact_match, ConfBundleID)` pairs already provisioned.
/// let directory: &[(&str, &str)] = &[("weekly@example.com", "weekly")];
/// let at = JsonPath::field("aliases").index(0).key("exact_match");
/// let mut report = Report::new();
/// exact_match_must_be_unique(Some("weekly@example.com"), &[], &directory, Some("weekly"), at, &mut report);
/// assert!(report.is_valid()); // replacing its own ConfBundle keeps its aliases
/// exact_match_must_be_unique(Some("Weekly@example.com"), &[], &directory, Some("other"), at, &mut report);
/// assert!(report.has_at(Rule::ExactMatchUnique, "aliases[0].exact_match"));
/// ```
pub fn exact_match_must_be_unique<'a>(
    exact_match: Option<&str>,
    earlier: &[Alias<'_>],
    directory: &dyn AliasDirectory,
    own_id: Option<&str>,
    path: JsonPath<'a>,
    report: &mut Report<'a>,
) {
    let Some(e) = exact_match else { return };
    let repeated = earlier
        .iter()
        .any(|a| a.exact_match.is_some_and(|x| x.eq_ignore_ascii_case(e)));
    let taken = match directory.owner_of(e) {
        None => false,
        Some(owner) => own_id.is_none_or(|id| owner.is_empty() || owner != id),
    };
    if repeated || taken {
        report.violation(path, Rule::ExactMatchUnique);
    }
}

/// Every rule of one Alias (`aliases[index]`).
pub fn validate_alias<'a>(
    alias: &Alias<'a>,
    earlier: &[Alias<'_>],
    directory: &dyn AliasDirectory,
    own_id: Option<&str>,
    path: JsonPath<'a>,
    report: &mut Report<'a>,
) {
    mandatory_attributes_must_be_supplied(&alias.role, path.key("role"), report);
    mandatory_attributes_must_be_supplied(&alias.exact_match, path.key("exact_match"), report);
    alias_role_must_be_host_guest_or_by_pin(alias.role, path.key("role"), report);
    stored_string_rules(alias.exact_match, path.key("exact_match"), report);
    exact_match_must_be_lower_case(alias.exact_match, path.key("exact_match"), report);
    exact_match_must_be_unique(
        alias.exact_match,
        earlier,
        directory,
        own_id,
        path.key("exact_match"),
        report,
    );
}
