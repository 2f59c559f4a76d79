//! The ConfBundle's rules, and [`validate_confbundle`], which applies
//! every rule of a ConfBundle PUT (including its aliases, auto-dialed
//! participants, role by PIN and advanced parameters).

use baton_rest::{ConfBundle, JsonPath, Layout, QualityType, ServiceRecord};

use crate::advanced::validate_advanced_parameters;
use crate::alias::validate_alias;
use crate::auto_dialed::validate_auto_dialed_participant;
use crate::catalog::{AliasDirectory, Catalog};
use crate::common::{
    mandatory_attributes_must_be_supplied, multi_party_license_must_be_pmp_or_smp,
    pin_must_be_digits_less_than_32_characters, stored_string_rules,
    strings_must_be_xml_characters,
};
use crate::report::Report;
use crate::role_by_pin::validate_role_by_pin;
use crate::rule::Rule;

/// What a ConfBundle PUT is checked against.
#[derive(Clone, Copy)]
pub struct PutContext<'c> {
    /// The device's Service Preferences and qualities.
    pub catalog: Catalog<'c>,
    /// The `exact_match` aliases already provisioned.
    pub directory: &'c dyn AliasDirectory,
    /// The ConfBundleID being created or replaced (a replacement may keep
    /// its own aliases).
    pub confbundle_id: Option<&'c str>,
}

/// "This Service Preference must have been configured on the TelePresence
/// Conductor": the ServiceRecord, or a violation (error 30).
pub fn service_preference_must_be_configured<'a, 'c>(
    service_preference_id: Option<&str>,
    catalog: &Catalog<'c>,
    report: &mut Report<'a>,
) -> Option<&'c ServiceRecord<'c>> {
    let id = service_preference_id?;
    let found = catalog.service(id);
    if found.is_none() {
        report.violation(
            JsonPath::field("service_preference_id"),
            Rule::ServicePreferenceMustBeConfigured,
        );
    }
    found
}

/// "This Array contains between 1 and 10 elements."
pub fn aliases_must_contain_between_1_and_10_elements<'a>(
    b: &ConfBundle<'a>,
    report: &mut Report<'a>,
) {
    if let Some(aliases) = &b.aliases {
        if !(1..=10).contains(&aliases.seen()) {
            report.violation(JsonPath::field("aliases"), Rule::AliasesBetween1And10);
        }
    }
}

/// "The value must be '0' or between 2 and 2400. The value '1' is not
/// accepted."
pub fn max_participants_must_be_0_or_between_2_and_2400<'a>(
    value: Option<i64>,
    report: &mut Report<'a>,
) {
    if value.is_some_and(|v| v != 0 && !(2..=2400).contains(&v)) {
        report.violation(JsonPath::field("max_participants"), Rule::MaxParticipants);
    }
}

/// "The value must be between 0 and 10080."
pub fn max_duration_must_be_between_0_and_10080<'a>(value: Option<i64>, report: &mut Report<'a>) {
    if value.is_some_and(|v| !(0..=10080).contains(&v)) {
        report.violation(JsonPath::field("max_duration"), Rule::MaxDuration);
    }
}

/// `content_quality` is "mandatory (if `allow_content` is true)".
pub fn content_quality_is_mandatory_if_allow_content_is_true<'a>(
    b: &ConfBundle<'a>,
    report: &mut Report<'a>,
) {
    if b.allow_content == Some(true) && b.content_quality.is_none() {
        report.violation(
            JsonPath::field("content_quality"),
            Rule::ContentQualityMandatory,
        );
    }
}

/// "The quality selected must be from the subset of qualities applicable
/// to the given Service Preference (`QualityInfo[ServiceInfo.qualities]`)"
/// and of the right `quality_type` (`content` for `content_quality`,
/// `video` for the others). One quality reference at `path`.
pub fn quality_must_be_from_the_service_preference_qualities<'a>(
    quality_id: Option<&str>,
    expected: QualityType,
    service: &ServiceRecord<'_>,
    catalog: &Catalog<'_>,
    path: JsonPath<'a>,
    report: &mut Report<'a>,
) {
    let Some(id) = quality_id else { return };
    let quality = catalog
        .qualities_of(service)
        .iter()
        .find(|q| q.quality_id == Some(id));
    match quality {
        None => report.violation(path, Rule::QualityFromServicePreference),
        Some(q) if q.quality_type() != Some(expected) => match expected {
            QualityType::Content => report.violation(path, Rule::ContentQualityType),
            QualityType::Video => report.violation(path, Rule::VideoQualityType),
        },
        Some(_) => {}
    }
}

/// `layout` "must be one of" *equal*, *active*, *prominent*, *single*
/// (or JSON null: unset).
pub fn layout_must_be_equal_active_prominent_or_single<'a>(
    layout: Option<&str>,
    report: &mut Report<'a>,
) {
    if layout.is_some_and(|l| Layout::from_name(l).is_none()) {
        report.violation(JsonPath::field("layout"), Rule::Layout);
    }
}

/// `max_num_of_screens`: "in the range of 1 to 4".
pub fn max_num_of_screens_must_be_in_the_range_1_to_4<'a>(
    value: Option<i64>,
    report: &mut Report<'a>,
) {
    if value.is_some_and(|v| !(1..=4).contains(&v)) {
        report.violation(JsonPath::field("max_num_of_screens"), Rule::MaxNumOfScreens);
    }
}

/// `reserved_hosts` is "the number of hosts for whom resources should be
/// reserved", `reserved_cascades` "the maximum number of cascades": counts,
/// never negative (0 is a valid count).
pub fn reserved_hosts_and_reserved_cascades_must_not_be_negative<'a>(
    b: &ConfBundle<'a>,
    report: &mut Report<'a>,
) {
    for (name, value) in [
        ("reserved_hosts", b.reserved_hosts),
        ("reserved_cascades", b.reserved_cascades),
    ] {
        if value.is_some_and(|v| v < 0) {
            report.violation(JsonPath::field(name), Rule::ReservedCount);
        }
    }
}

/// `auto_dialed_participants`: "An Array ... with 1 to 10 elements."
pub fn auto_dialed_participants_must_have_1_to_10_elements<'a>(
    b: &ConfBundle<'a>,
    report: &mut Report<'a>,
) {
    if let Some(list) = &b.auto_dialed_participants {
        if !(1..=10).contains(&list.seen()) {
            report.violation(
                JsonPath::field("auto_dialed_participants"),
                Rule::AutoDialedParticipantsBetween1And10,
            );
        }
    }
}

/// "The `conference_name` [and `version_id`] attribute must not be
/// supplied in a PUT operation."
pub fn conference_name_and_version_id_must_not_be_supplied_in_a_put<'a>(
    b: &ConfBundle<'a>,
    report: &mut Report<'a>,
) {
    if b.conference_name.is_some() {
        report.violation(JsonPath::field("conference_name"), Rule::ReadOnlyAttribute);
    }
    if b.version_id.is_some() {
        report.violation(JsonPath::field("version_id"), Rule::ReadOnlyAttribute);
    }
}

/// Every rule of a ConfBundle PUT, all violations into `report`.
pub fn validate_confbundle<'a>(b: &ConfBundle<'a>, ctx: &PutContext<'_>, report: &mut Report<'a>) {
    let f = JsonPath::field;
    mandatory_attributes_must_be_supplied(
        &b.conference_display_name,
        f("conference_display_name"),
        report,
    );
    mandatory_attributes_must_be_supplied(
        &b.service_preference_id,
        f("service_preference_id"),
        report,
    );
    mandatory_attributes_must_be_supplied(&b.aliases, f("aliases"), report);
    mandatory_attributes_must_be_supplied(&b.host_quality, f("host_quality"), report);
    mandatory_attributes_must_be_supplied(&b.guest_quality, f("guest_quality"), report);

    for (name, value) in [
        ("conference_display_name", b.conference_display_name),
        ("service_preference_id", b.service_preference_id),
        ("content_quality", b.content_quality),
        ("host_quality", b.host_quality),
        ("guest_quality", b.guest_quality),
        ("layout", b.layout),
        ("conference_name", b.conference_name),
        ("version_id", b.version_id),
        ("owner_id", b.owner_id),
        ("external_owner_id", b.external_owner_id),
        ("multi_party_license", b.multi_party_license),
    ] {
        stored_string_rules(value, f(name), report);
    }
    // The ConfBundleID (from the path) is stored and shown by
    // conference.enumerate.
    strings_must_be_xml_characters(ctx.confbundle_id, f("ConfBundleID"), report);

    let service =
        service_preference_must_be_configured(b.service_preference_id, &ctx.catalog, report);

    aliases_must_contain_between_1_and_10_elements(b, report);
    let aliases = b.aliases.as_deref().unwrap_or(&[]);
    for (i, alias) in aliases.iter().enumerate() {
        let earlier = aliases.get(..i).unwrap_or(&[]);
        validate_alias(
            alias,
            earlier,
            ctx.directory,
            ctx.confbundle_id,
            f("aliases").index(i),
            report,
        );
    }

    max_participants_must_be_0_or_between_2_and_2400(b.max_participants, report);
    max_duration_must_be_between_0_and_10080(b.max_duration, report);
    content_quality_is_mandatory_if_allow_content_is_true(b, report);
    layout_must_be_equal_active_prominent_or_single(b.layout, report);
    max_num_of_screens_must_be_in_the_range_1_to_4(b.max_num_of_screens, report);
    reserved_hosts_and_reserved_cascades_must_not_be_negative(b, report);
    auto_dialed_participants_must_have_1_to_10_elements(b, report);
    let participants = b.auto_dialed_participants.as_deref().unwrap_or(&[]);
    for (i, p) in participants.iter().enumerate() {
        validate_auto_dialed_participant(p, f("auto_dialed_participants").index(i), report);
    }
    multi_party_license_must_be_pmp_or_smp(b.multi_party_license, f("multi_party_license"), report);
    conference_name_and_version_id_must_not_be_supplied_in_a_put(b, report);
    pin_must_be_digits_less_than_32_characters(b.host_pin, f("host_pin"), report);
    pin_must_be_digits_less_than_32_characters(b.guest_pin, f("guest_pin"), report);

    if let Some(service) = service {
        let catalog = &ctx.catalog;
        // `content_quality` "is ignored if allow_content is false".
        if b.allow_content == Some(true) {
            quality_must_be_from_the_service_preference_qualities(
                b.content_quality,
                QualityType::Content,
                service,
                catalog,
                f("content_quality"),
                report,
            );
        }
        for (name, value) in [
            ("host_quality", b.host_quality),
            ("guest_quality", b.guest_quality),
        ] {
            quality_must_be_from_the_service_preference_qualities(
                value,
                QualityType::Video,
                service,
                catalog,
                f(name),
                report,
            );
        }
        for (i, p) in participants.iter().enumerate() {
            quality_must_be_from_the_service_preference_qualities(
                p.participant_quality,
                QualityType::Video,
                service,
                catalog,
                f("auto_dialed_participants")
                    .index(i)
                    .key("participant_quality"),
                report,
            );
        }
    }

    validate_role_by_pin(b, service, report);
    validate_advanced_parameters(
        b.advanced_parameters.as_ref(),
        b.cascade_advanced_parameters.as_ref(),
        service.and_then(|s| s.bridge_type()),
        report,
    );
}
