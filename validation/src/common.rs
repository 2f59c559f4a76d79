//! Rules that apply to many attributes: mandatory attributes, string
//! lengths, PINs, DTMF strings, the multiparty license.

use baton_rest::{JsonPath, MultiPartyLicense};

use crate::report::Report;
use crate::rule::Rule;
use crate::text::{chars, is_digits, is_dtmf, is_xml_text, MAX_STRING_CHARS};

/// Mandatory attributes must be supplied.
pub fn mandatory_attributes_must_be_supplied<'a, T>(
    value: &Option<T>,
    path: JsonPath<'a>,
    report: &mut Report<'a>,
) {
    if value.is_none() {
        report.violation(path, Rule::MandatoryAttribute);
    }
}

/// "All Strings must be less than 1024 characters unless specified otherwise."
pub fn strings_must_be_less_than_1024_characters<'a>(
    value: Option<&str>,
    path: JsonPath<'a>,
    report: &mut Report<'a>,
) {
    if value.is_some_and(|s| chars(s) > MAX_STRING_CHARS) {
        report.violation(path, Rule::StringLength);
    }
}

/// Every String that can be stored must hold only characters XML 1.0 can
/// carry ([`is_xml_text`]): a stored value is later written into XML-RPC
/// replies and feedback events, which cannot carry a control character
/// (REST error 20 naming the field).
///
/// ```
/// use baton_rest::JsonPath;
/// use baton_validate::{common::strings_must_be_xml_characters, Report, Rule};
/// let mut report = Report::new();
/// strings_must_be_xml_characters(Some("Room\u{1}"), JsonPath::field("owner_id"), &mut report);
/// assert_eq!(report.violations()[0].rule, Rule::StringCharacters);
/// ```
pub fn strings_must_be_xml_characters<'a>(
    value: Option<&str>,
    path: JsonPath<'a>,
    report: &mut Report<'a>,
) {
    if value.is_some_and(|s| !is_xml_text(s)) {
        report.violation(path, Rule::StringCharacters);
    }
}

/// The two rules of every stored String: less than 1024 characters, and
/// only XML characters.
pub fn stored_string_rules<'a>(value: Option<&str>, path: JsonPath<'a>, report: &mut Report<'a>) {
    strings_must_be_less_than_1024_characters(value, path, report);
    strings_must_be_xml_characters(value, path, report);
}

/// A PIN is "a series of digits" and "must be less than 32 characters"
/// (REST `host_pin` / `guest_pin`: error 20).
pub fn pin_must_be_digits_less_than_32_characters<'a>(
    value: Option<&str>,
    path: JsonPath<'a>,
    report: &mut Report<'a>,
) {
    if value.is_some_and(|p| !is_valid_pin(p)) {
        report.violation(path, Rule::Pin);
    }
}

/// Whether `pin` is digits only and less than 32 characters.
///
/// ```
/// use baton_validate::common::is_valid_pin;
/// assert!(is_valid_pin("1234"));
/// assert!(!is_valid_pin("12a4"));
/// assert!(!is_valid_pin(&"1".repeat(32))); // less than 32 characters
/// ```
pub fn is_valid_pin(pin: &str) -> bool {
    is_digits(pin) && pin.len() < 32
}

/// "The DTMF sequence can include the digits 0-9 and the characters '*'
/// '#' and ',' (comma)."
pub fn dtmf_may_contain_only_digits_star_hash_and_comma<'a>(
    value: Option<&str>,
    path: JsonPath<'a>,
    report: &mut Report<'a>,
) {
    if value.is_some_and(|d| !is_dtmf(d)) {
        report.violation(path, Rule::Dtmf);
    }
}

/// "It must not be longer than 31 characters."
pub fn dtmf_must_not_be_longer_than_31_characters<'a>(
    value: Option<&str>,
    path: JsonPath<'a>,
    report: &mut Report<'a>,
) {
    if value.is_some_and(|d| chars(d) > 31) {
        report.violation(path, Rule::DtmfLength);
    }
}

/// `multi_party_license`: *PMP* or *SMP*.
pub fn multi_party_license_must_be_pmp_or_smp<'a>(
    value: Option<&str>,
    path: JsonPath<'a>,
    report: &mut Report<'a>,
) {
    if value.is_some_and(|l| MultiPartyLicense::from_name(l).is_none()) {
        report.violation(path, Rule::MultiPartyLicense);
    }
}
