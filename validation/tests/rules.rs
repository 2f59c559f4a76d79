//! One test per spec rule, named after it (the rule function's name).
//! Context: the catalog built from the spec's own ServiceInfo and
//! QualityInfo examples (testdata/rest/catalog_from_spec_examples.json),
//! plus a TelePresence Server Service Preference with `role_by_pin`.

use baton_rest::decode::decode_in_place;
use baton_rest::{from_slice_in_place, ConfBundle, Issues, Owners, SipDomainSpec};
use baton_validate::provisioning::*;
use baton_validate::*;

const TS_QUALITY: &str = "4dd69ffc-f2f7-11e0-8fa5-000c3907bedd";
const TS_QUALITY_2: &str = "53c74afc-a2a7-41f0-7faa-000c4a07bf21";
const TS_CONTENT: &str = "4ab69faa-f2f7-11e0-8fa5-000c3907bedd";
const MCU_QUALITY: &str = "0af69ffc-e3f7-12a0-80a5-000ba977a3fa";

fn leak(s: &str) -> &'static mut [u8] {
    Box::leak(s.as_bytes().to_vec().into_boxed_slice())
}

/// The spec examples' catalog plus `"24680"`: a TelePresence Server
/// Service Preference with role_by_pin.
fn catalog() -> Catalog<'static> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../testdata/rest/catalog_from_spec_examples.json"
    );
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.replacen(
        "\"serviceinfo\": [",
        r#""serviceinfo": [{"service_id": "24680", "display_name": "PIN TSs", "description": "", "bridge_type": "tsmcu", "qualities": "qualgroup_ts", "bridge_capabilities": ["role_by_pin", "cascading"]},"#,
        1,
    );
    let doc: &'static CatalogDocument<'static> =
        Box::leak(Box::new(from_slice_in_place(leak(&text)).unwrap()));
    doc.catalog()
}

/// A valid ConfBundle on the TelePresence Server preference, with
/// `extra` members spliced in (JSON text, may override earlier keys).
fn ts_bundle(extra: &str) -> String {
    format!(
        r#"{{"conference_display_name": "Alice", "service_preference_id": "13579",
            "aliases": [{{"role": "host", "exact_match": "meet.alice@example.com"}},
                        {{"role": "guest", "exact_match": "alice@example.com"}}],
            "host_quality": "{TS_QUALITY}", "guest_quality": "{TS_QUALITY_2}"{}{extra}}}"#,
        if extra.is_empty() { "" } else { "," }
    )
}

fn validate_with(
    json: &str,
    directory: &'static dyn AliasDirectory,
    id: Option<&'static str>,
) -> Report<'static> {
    let mut issues = Issues::new();
    let bundle: ConfBundle<'static> = decode_in_place(leak(json), &mut issues).unwrap().unwrap();
    assert!(issues.is_empty(), "{:?}", issues.as_slice());
    let mut report = Report::new();
    let ctx = PutContext {
        catalog: catalog(),
        directory,
        confbundle_id: id,
    };
    validate_confbundle(&bundle, &ctx, &mut report);
    report
}

fn validate(json: &str) -> Report<'static> {
    validate_with(json, &(), None)
}

/// Asserts the report has exactly one violation: `rule` at `path`.
fn only(report: &Report<'_>, rule: Rule, path: &str) {
    assert!(
        report.has_at(rule, path),
        "{rule:?} at {path:?} not in {:#?}",
        report.violations()
    );
    assert_eq!(report.violations().len(), 1, "{:#?}", report.violations());
}

#[test]
fn the_base_bundles_are_valid() {
    let r = validate(&ts_bundle(""));
    assert!(r.is_valid(), "{:#?}", r.violations());
    let mcu = format!(
        r#"{{"conference_display_name": "Bob", "service_preference_id": "123456",
            "aliases": [{{"role": "host", "exact_match": "bob@example.com"}}],
            "host_quality": "{MCU_QUALITY}", "guest_quality": "{MCU_QUALITY}", "layout": null}}"#
    );
    assert!(validate(&mcu).is_valid());
}

#[test]
fn mandatory_attributes_must_be_supplied() {
    let r = validate("{}");
    for path in [
        "conference_display_name",
        "service_preference_id",
        "aliases",
        "host_quality",
        "guest_quality",
    ] {
        assert!(r.has_at(Rule::MandatoryAttribute, path), "{path}");
    }
    assert_eq!(r.violations().len(), 5);
    let r = validate(&ts_bundle(
        r#""aliases": [{"exact_match": "x@example.com"}], "auto_dialed_participants": [{"dtmf": "1"}]"#,
    ));
    assert!(r.has_at(Rule::MandatoryAttribute, "aliases[0].role"));
    assert!(r.has_at(Rule::MandatoryAttribute, "auto_dialed_participants[0].role"));
    assert!(r.has_at(
        Rule::MandatoryAttribute,
        "auto_dialed_participants[0].participant_quality"
    ));
    assert_eq!(r.violations().len(), 3);
}

#[test]
fn service_preference_must_be_configured() {
    let r = validate(&ts_bundle(r#""service_preference_id": "99999""#));
    only(
        &r,
        Rule::ServicePreferenceMustBeConfigured,
        "service_preference_id",
    );
    assert_eq!(r.rest_code(), Some(baton_rest::ErrorCode::Logical));
}

#[test]
fn aliases_must_contain_between_1_and_10_elements() {
    only(
        &validate(&ts_bundle(r#""aliases": []"#)),
        Rule::AliasesBetween1And10,
        "aliases",
    );
    let eleven: Vec<String> = (0..11)
        .map(|i| format!(r#"{{"role": "host", "exact_match": "a{i}@example.com"}}"#))
        .collect();
    let r = validate(&ts_bundle(&format!(r#""aliases": [{}]"#, eleven.join(","))));
    only(&r, Rule::AliasesBetween1And10, "aliases");
    let ten: Vec<String> = (0..10)
        .map(|i| format!(r#"{{"role": "host", "exact_match": "a{i}@example.com"}}"#))
        .collect();
    assert!(validate(&ts_bundle(&format!(r#""aliases": [{}]"#, ten.join(",")))).is_valid());
}

#[test]
fn max_participants_must_be_0_or_between_2_and_2400() {
    for ok in [0, 2, 2400] {
        assert!(
            validate(&ts_bundle(&format!(r#""max_participants": {ok}"#))).is_valid(),
            "{ok}"
        );
    }
    for bad in [1, -1, 2401] {
        only(
            &validate(&ts_bundle(&format!(r#""max_participants": {bad}"#))),
            Rule::MaxParticipants,
            "max_participants",
        );
    }
}

#[test]
fn max_duration_must_be_between_0_and_10080() {
    for ok in [0, 10080] {
        assert!(validate(&ts_bundle(&format!(r#""max_duration": {ok}"#))).is_valid());
    }
    for bad in [-1, 10081] {
        only(
            &validate(&ts_bundle(&format!(r#""max_duration": {bad}"#))),
            Rule::MaxDuration,
            "max_duration",
        );
    }
}

#[test]
fn content_quality_is_mandatory_if_allow_content_is_true() {
    only(
        &validate(&ts_bundle(r#""allow_content": true"#)),
        Rule::ContentQualityMandatory,
        "content_quality",
    );
    assert!(validate(&ts_bundle(r#""allow_content": false"#)).is_valid());
    assert!(validate(&ts_bundle(&format!(
        r#""allow_content": true, "content_quality": "{TS_CONTENT}""#
    )))
    .is_valid());
}

#[test]
fn quality_must_be_from_the_service_preference_qualities() {
    // The MCU group's quality on the TelePresence Server preference.
    let r = validate(&ts_bundle(&format!(
        r#""host_quality": "{MCU_QUALITY}", "guest_quality": "{MCU_QUALITY}""#
    )));
    assert!(r.has_at(Rule::QualityFromServicePreference, "host_quality"));
    assert!(r.has_at(Rule::QualityFromServicePreference, "guest_quality"));
    assert_eq!(r.violations().len(), 2);
    let r = validate(&ts_bundle(&format!(
        r#""auto_dialed_participants": [{{"role": "guest", "participant_quality": "{MCU_QUALITY}"}}]"#
    )));
    only(
        &r,
        Rule::QualityFromServicePreference,
        "auto_dialed_participants[0].participant_quality",
    );
    assert_eq!(r.rest_code(), Some(baton_rest::ErrorCode::Logical));
}

#[test]
fn content_quality_type_must_be_content() {
    let r = validate(&ts_bundle(&format!(
        r#""allow_content": true, "content_quality": "{TS_QUALITY}""#
    )));
    only(&r, Rule::ContentQualityType, "content_quality");
    // Ignored when allow_content is false.
    assert!(validate(&ts_bundle(&format!(r#""content_quality": "{TS_QUALITY}""#))).is_valid());
}

#[test]
fn host_guest_and_participant_quality_type_must_be_video() {
    let r = validate(&ts_bundle(&format!(r#""host_quality": "{TS_CONTENT}""#)));
    only(&r, Rule::VideoQualityType, "host_quality");
    let r = validate(&ts_bundle(&format!(
        r#""auto_dialed_participants": [{{"role": "guest", "participant_quality": "{TS_CONTENT}"}}]"#
    )));
    only(
        &r,
        Rule::VideoQualityType,
        "auto_dialed_participants[0].participant_quality",
    );
}

#[test]
fn layout_must_be_equal_active_prominent_or_single() {
    for ok in [
        "\"equal\"",
        "\"active\"",
        "\"prominent\"",
        "\"single\"",
        "null",
    ] {
        assert!(validate(&ts_bundle(&format!(r#""layout": {ok}"#))).is_valid());
    }
    only(
        &validate(&ts_bundle(r#""layout": "Equal""#)),
        Rule::Layout,
        "layout",
    );
}

#[test]
fn max_num_of_screens_must_be_in_the_range_1_to_4() {
    assert!(validate(&ts_bundle(
        r#""allow_multiscreen": true, "max_num_of_screens": 4"#
    ))
    .is_valid());
    for bad in [0, 5] {
        only(
            &validate(&ts_bundle(&format!(r#""max_num_of_screens": {bad}"#))),
            Rule::MaxNumOfScreens,
            "max_num_of_screens",
        );
    }
}

#[test]
fn reserved_hosts_and_reserved_cascades_must_not_be_negative() {
    assert!(validate(&ts_bundle(r#""reserved_hosts": 0, "reserved_cascades": 0"#)).is_valid());
    assert!(validate(&ts_bundle(r#""reserved_hosts": 3, "reserved_cascades": 2"#)).is_valid());
    for key in ["reserved_hosts", "reserved_cascades"] {
        only(
            &validate(&ts_bundle(&format!(r#""{key}": -1"#))),
            Rule::ReservedCount,
            key,
        );
    }
}

#[test]
fn auto_dialed_participants_must_have_1_to_10_elements() {
    only(
        &validate(&ts_bundle(r#""auto_dialed_participants": []"#)),
        Rule::AutoDialedParticipantsBetween1And10,
        "auto_dialed_participants",
    );
    let p = format!(r#"{{"role": "guest", "participant_quality": "{TS_QUALITY}"}}"#);
    let eleven = [p.as_str(); 11].join(",");
    let r = validate(&ts_bundle(&format!(
        r#""auto_dialed_participants": [{eleven}]"#
    )));
    only(
        &r,
        Rule::AutoDialedParticipantsBetween1And10,
        "auto_dialed_participants",
    );
}

#[test]
fn multi_party_license_must_be_pmp_or_smp() {
    assert!(validate(&ts_bundle(r#""multi_party_license": "PMP""#)).is_valid());
    assert!(validate(&ts_bundle(r#""multi_party_license": "SMP""#)).is_valid());
    only(
        &validate(&ts_bundle(r#""multi_party_license": "pmp""#)),
        Rule::MultiPartyLicense,
        "multi_party_license",
    );
    let mut owners =
        br#"{"owners": [{"owner_id": "a", "multi_party_license": "XMP"}], "generation": "g"}"#
            .to_vec();
    let o: Owners = from_slice_in_place(&mut owners).unwrap();
    let mut r = Report::new();
    validate_owners(&o, &mut r);
    only(&r, Rule::MultiPartyLicense, "owners[0].multi_party_license");
}

#[test]
fn conference_name_and_version_id_must_not_be_supplied_in_a_put() {
    let r = validate(&ts_bundle(
        r#""conference_name": "Alice123456", "version_id": "v1""#,
    ));
    assert!(r.has_at(Rule::ReadOnlyAttribute, "conference_name"));
    assert!(r.has_at(Rule::ReadOnlyAttribute, "version_id"));
    assert_eq!(r.violations().len(), 2);
}

#[test]
fn strings_must_be_less_than_1024_characters() {
    let ok = "x".repeat(1023);
    assert!(validate(&ts_bundle(&format!(r#""conference_display_name": "{ok}""#))).is_valid());
    let long = "x".repeat(1024);
    only(
        &validate(&ts_bundle(&format!(
            r#""conference_display_name": "{long}""#
        ))),
        Rule::StringLength,
        "conference_display_name",
    );
    // Characters, not bytes: 1023 two-byte characters are fine.
    let wide = "\u{e9}".repeat(1023);
    assert!(validate(&ts_bundle(&format!(r#""owner_id": "{wide}""#))).is_valid());
    let r = validate(&ts_bundle(&format!(
        r#""aliases": [{{"role": "host", "exact_match": "{long}"}}]"#
    )));
    only(&r, Rule::StringLength, "aliases[0].exact_match");
}

#[test]
fn participant_protocol_is_always_sip() {
    let p = |proto: &str| {
        format!(
            r#""auto_dialed_participants": [{{"role": "guest", "participant_quality": "{TS_QUALITY}", "participant_protocol": "{proto}"}}]"#
        )
    };
    assert!(validate(&ts_bundle(&p("SIP"))).is_valid());
    only(
        &validate(&ts_bundle(&p("h323"))),
        Rule::ParticipantProtocol,
        "auto_dialed_participants[0].participant_protocol",
    );
}

fn pin_bundle(extra: &str) -> String {
    format!(
        r#"{{"conference_display_name": "P", "service_preference_id": "24680",
            "aliases": [{{"role": "by_pin", "exact_match": "p1@example.com"}}, {{"role": "by_pin", "exact_match": "p2@example.com"}}],
            "host_quality": "{TS_QUALITY}", "guest_quality": "{TS_QUALITY}", "host_pin": "1234"{}{extra}}}"#,
        if extra.is_empty() { "" } else { "," }
    )
}

#[test]
fn role_by_pin_base_bundle_is_valid() {
    let r = validate(&pin_bundle(&format!(
        r#""guest_pin": "99", "auto_dialed_participants": [{{"role": "host", "participant_quality": "{TS_QUALITY}", "keep_conference_alive": false}}]"#
    )));
    assert!(r.is_valid(), "{:#?}", r.violations());
}

#[test]
fn all_aliases_must_be_by_pin_or_none() {
    let r = validate(&pin_bundle(
        r#""aliases": [{"role": "by_pin", "exact_match": "p1@example.com"}, {"role": "guest", "exact_match": "p2@example.com"}]"#,
    ));
    only(&r, Rule::AllAliasesByPinOrNone, "aliases");
}

#[test]
fn by_pin_only_if_bridge_capabilities_include_role_by_pin() {
    let r = validate(&pin_bundle(r#""service_preference_id": "13579""#));
    only(&r, Rule::ByPinNeedsCapability, "aliases");
    assert_eq!(r.rest_code(), Some(baton_rest::ErrorCode::Logical));
}

#[test]
fn host_pin_must_be_provided_for_by_pin() {
    let json = pin_bundle("").replace(r#", "host_pin": "1234""#, "");
    only(&validate(&json), Rule::HostPinForByPin, "host_pin");
}

#[test]
fn host_quality_must_equal_guest_quality_for_by_pin() {
    let r = validate(&pin_bundle(&format!(
        r#""guest_quality": "{TS_QUALITY_2}""#
    )));
    only(&r, Rule::SameQualityForByPin, "guest_quality");
}

#[test]
fn auto_dialed_participants_must_be_hosts_for_by_pin() {
    let r = validate(&pin_bundle(&format!(
        r#""auto_dialed_participants": [{{"role": "host", "participant_quality": "{TS_QUALITY}"}}, {{"role": "guest", "participant_quality": "{TS_QUALITY}"}}]"#
    )));
    only(
        &r,
        Rule::HostParticipantsForByPin,
        "auto_dialed_participants[1].role",
    );
}

#[test]
fn keep_conference_alive_must_be_false_for_by_pin() {
    let r = validate(&pin_bundle(&format!(
        r#""auto_dialed_participants": [{{"role": "host", "participant_quality": "{TS_QUALITY}", "keep_conference_alive": true}}]"#
    )));
    only(
        &r,
        Rule::KeepAliveForByPin,
        "auto_dialed_participants[0].keep_conference_alive",
    );
    // Without by_pin aliases it is allowed.
    assert!(validate(&ts_bundle(&format!(
        r#""auto_dialed_participants": [{{"role": "guest", "participant_quality": "{TS_QUALITY}", "keep_conference_alive": true}}]"#
    ))).is_valid());
}

#[test]
fn alias_role_must_be_host_guest_or_by_pin() {
    let r = validate(&ts_bundle(
        r#""aliases": [{"role": "chair", "exact_match": "c@example.com"}]"#,
    ));
    only(&r, Rule::AliasRole, "aliases[0].role");
}

#[test]
fn exact_match_must_be_lower_case() {
    let r = validate(&ts_bundle(
        r#""aliases": [{"role": "host", "exact_match": "a@example.com"}, {"role": "host", "exact_match": "Meet.Alice@example.com"}]"#,
    ));
    only(&r, Rule::ExactMatchLowerCase, "aliases[1].exact_match");
}

static TAKEN: &[(&str, &str)] = &[("meet.alice@example.com", "bundle-1")];

#[test]
fn exact_match_must_be_unique() {
    // Owned by another ConfBundle on the device.
    let r = validate_with(&ts_bundle(""), &TAKEN, Some("bundle-2"));
    only(&r, Rule::ExactMatchUnique, "aliases[0].exact_match");
    // Replacing the ConfBundle that owns it is fine.
    assert!(validate_with(&ts_bundle(""), &TAKEN, Some("bundle-1")).is_valid());
    // Repeated within the same ConfBundle.
    let r = validate(&ts_bundle(
        r#""aliases": [{"role": "host", "exact_match": "x@example.com"}, {"role": "guest", "exact_match": "x@example.com"}]"#,
    ));
    only(&r, Rule::ExactMatchUnique, "aliases[1].exact_match");
}

#[test]
fn participant_role_must_be_host_or_guest() {
    let r = validate(&ts_bundle(&format!(
        r#""auto_dialed_participants": [{{"role": "by_pin", "participant_quality": "{TS_QUALITY}"}}]"#
    )));
    only(
        &r,
        Rule::ParticipantRole,
        "auto_dialed_participants[0].role",
    );
}

fn adp_dtmf(dtmf: &str) -> String {
    ts_bundle(&format!(
        r#""auto_dialed_participants": [{{"role": "guest", "participant_quality": "{TS_QUALITY}", "dtmf": "{dtmf}"}}]"#
    ))
}

#[test]
fn dtmf_may_contain_only_digits_star_hash_and_comma() {
    assert!(validate(&adp_dtmf("0123456789*#,")).is_valid());
    only(
        &validate(&adp_dtmf("12a")),
        Rule::Dtmf,
        "auto_dialed_participants[0].dtmf",
    );
    only(
        &validate(&adp_dtmf("1 2")),
        Rule::Dtmf,
        "auto_dialed_participants[0].dtmf",
    );
}

#[test]
fn dtmf_must_not_be_longer_than_31_characters() {
    assert!(validate(&adp_dtmf(&"1".repeat(31))).is_valid());
    only(
        &validate(&adp_dtmf(&"1".repeat(32))),
        Rule::DtmfLength,
        "auto_dialed_participants[0].dtmf",
    );
}

#[test]
fn pin_must_be_digits_less_than_32_characters() {
    assert!(validate(&ts_bundle(&format!(
        r#""host_pin": "{}", "guest_pin": "0""#,
        "9".repeat(31)
    )))
    .is_valid());
    let r = validate(&ts_bundle(&format!(
        r#""host_pin": "{}", "guest_pin": "12a4""#,
        "9".repeat(32)
    )));
    assert!(r.has_at(Rule::Pin, "host_pin"));
    assert!(r.has_at(Rule::Pin, "guest_pin"));
    assert_eq!(r.violations().len(), 2);
    only(
        &validate(&ts_bundle(r#""host_pin": """#)),
        Rule::Pin,
        "host_pin",
    );
}

#[test]
fn prohibited_advanced_parameters_are_rejected() {
    // TelePresence Server list.
    let r = validate(&ts_bundle(
        r#""advanced_parameters": {"metadata": "x", "conferenceName": "y", "fine": 1}"#,
    ));
    assert!(r.has_at(
        Rule::ProhibitedAdvancedParameter,
        "advanced_parameters.metadata"
    ));
    assert!(r.has_at(
        Rule::ProhibitedAdvancedParameter,
        "advanced_parameters.conferenceName"
    ));
    assert_eq!(r.violations().len(), 2);
    // numericId is only prohibited on the TelePresence MCU.
    assert!(validate(&ts_bundle(r#""advanced_parameters": {"numericId": "1"}"#)).is_valid());
    let mcu = format!(
        r#"{{"conference_display_name": "B", "service_preference_id": "123456",
            "aliases": [{{"role": "host", "exact_match": "b@example.com"}}],
            "host_quality": "{MCU_QUALITY}", "guest_quality": "{MCU_QUALITY}",
            "advanced_parameters": {{"numericId": "1", "weekDays": 2}},
            "cascade_advanced_parameters": {{"numberOfRepeats": 3}}}}"#
    );
    let r = validate(&mcu);
    assert!(r.has_at(
        Rule::ProhibitedAdvancedParameter,
        "advanced_parameters.numericId"
    ));
    assert!(r.has_at(
        Rule::ProhibitedAdvancedParameter,
        "advanced_parameters.weekDays"
    ));
    assert!(r.has_at(
        Rule::ProhibitedAdvancedParameter,
        "cascade_advanced_parameters.numberOfRepeats"
    ));
    assert_eq!(r.violations().len(), 3);
}

#[test]
fn discouraged_advanced_parameters_are_reported() {
    let r = validate(&ts_bundle(
        r#""advanced_parameters": {"waitForChair": true, "pin": "1"}"#,
    ));
    assert!(r.is_valid());
    assert_eq!(r.warnings().len(), 2);
    assert_eq!(r.warnings()[0].rule, Rule::DiscouragedAdvancedParameter);
    assert_eq!(
        r.warnings()[0].path.to_string(),
        "advanced_parameters.waitForChair"
    );
}

#[test]
fn cascade_advanced_parameters_must_not_include_pin_or_guest_pin() {
    let r = validate(&ts_bundle(
        r#""cascade_advanced_parameters": {"pin": "1", "gu\u0065stPin": "2"}"#,
    ));
    assert!(r.has_at(Rule::CascadePin, "cascade_advanced_parameters.pin"));
    assert_eq!(r.violations().len(), 2, "{:#?}", r.violations());
    assert!(r.warnings().is_empty(), "rejected, not warned");
}

#[test]
fn sip_domain_must_be_1_to_253_letters_digits_hyphens_underscores_periods() {
    let check = |json: &str| {
        let s: SipDomainSpec<'static> = from_slice_in_place(leak(json)).unwrap();
        let mut r = Report::new();
        baton_validate::provisioning::sip_domain_must_be_1_to_253_letters_digits_hyphens_underscores_periods(&s, &mut r);
        r.is_valid()
    };
    assert!(check(r#"{"SIPDomain": "100.example-name.com"}"#));
    assert!(check(r#"{"SIPDomain": null}"#));
    assert!(check(&format!(r#"{{"SIPDomain": "{}"}}"#, "a".repeat(253))));
    assert!(!check(&format!(
        r#"{{"SIPDomain": "{}"}}"#,
        "a".repeat(254)
    )));
    assert!(!check(r#"{"SIPDomain": ""}"#));
    assert!(!check(r#"{"SIPDomain": "exa mple.com"}"#));
    assert!(!check(r#"{"SIPDomain": "ex@mple.com"}"#));
    assert!(check(r#"{"SIPDomain": "under_score.example"}"#));
}

#[test]
fn owners_must_have_at_most_100_elements() {
    let owner = r#"{"owner_id": "o", "external_owner_id": "e", "multi_party_license": "SMP"}"#;
    let doc = |n: usize| {
        format!(
            r#"{{"owners": [{}], "generation": "g"}}"#,
            vec![owner; n].join(",")
        )
    };
    let check = |json: String| {
        let o: Owners<'static> = from_slice_in_place(leak(&json)).unwrap();
        let mut r = Report::new();
        validate_owners(&o, &mut r);
        r
    };
    assert!(check(doc(100)).is_valid());
    only(&check(doc(101)), Rule::OwnersAtMost100, "owners");
}

#[test]
fn owner_id_is_mandatory_in_an_owners_put() {
    let json = r#"{"owners": [{"owner_id": "o"}, {"external_owner_id": "e"}], "generation": "g"}"#;
    let o: Owners<'static> = from_slice_in_place(leak(json)).unwrap();
    let mut r = Report::new();
    validate_owners(&o, &mut r);
    only(&r, Rule::MandatoryAttribute, "owners[1].owner_id");
}

#[test]
fn servicecost_alias_must_not_be_more_than_1024_characters() {
    let mut r = Report::new();
    validate_servicecost_alias(&"a".repeat(1024), &mut r);
    assert!(r.is_valid());
    validate_servicecost_alias(&"a".repeat(1025), &mut r);
    only(&r, Rule::ServiceCostAliasLength, "alias");
}

#[test]
fn servicecost_alias_must_not_include_a_regular_expression() {
    let mut r = Report::new();
    validate_servicecost_alias("meet.alice@cisco.com", &mut r);
    assert!(r.is_valid());
    for bad in ["meet.*@cisco.com", "(a|b)@x", "a+@x", "^a$", "[ab]@x"] {
        let mut r = Report::new();
        validate_servicecost_alias(bad, &mut r);
        only(&r, Rule::ServiceCostAliasRegex, "alias");
    }
}

#[test]
fn dimension_must_be_less_than_128_characters() {
    let json = format!(
        r#"[{{"dimension": "ports", "value": 1}}, {{"dimension": "{}", "value": 2}}]"#,
        "d".repeat(128)
    );
    let res: baton_rest::Resources<'static> = from_slice_in_place(leak(&json)).unwrap();
    let mut r = Report::new();
    baton_validate::provisioning::dimension_must_be_less_than_128_characters(
        &res,
        baton_rest::JsonPath::field("pool_capacity"),
        &mut r,
    );
    only(&r, Rule::DimensionLength, "pool_capacity[1].dimension");
}

#[test]
fn every_violation_is_reported_at_once() {
    let r = validate(&format!(
        r#"{{"conference_display_name": "A", "service_preference_id": "13579",
            "aliases": [{{"role": "chair", "exact_match": "UPPER@x"}}],
            "max_participants": 1, "max_duration": -5, "layout": "grid",
            "host_quality": "{TS_QUALITY}", "guest_quality": "nope", "host_pin": "x"}}"#
    ));
    let rules: Vec<Rule> = r.violations().iter().map(|v| v.rule).collect();
    for rule in [
        Rule::AliasRole,
        Rule::ExactMatchLowerCase,
        Rule::MaxParticipants,
        Rule::MaxDuration,
        Rule::Layout,
        Rule::Pin,
        Rule::QualityFromServicePreference,
    ] {
        assert!(rules.contains(&rule), "{rule:?} missing from {rules:?}");
    }
    // Validation errors (20) are answered before logical ones (30).
    assert_eq!(r.rest_code(), Some(baton_rest::ErrorCode::Validation));
}

#[test]
fn every_rule_has_a_distinct_name() {
    let mut names: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
    names.sort();
    let n = names.len();
    names.dedup();
    assert_eq!(names.len(), n);
}

#[test]
fn strings_must_be_xml_characters() {
    // JSON can carry any character (`\u0001`); XML-RPC cannot: every stored
    // String is refused with error 20 naming its field.
    assert!(validate(&ts_bundle(
        r#""conference_display_name": "tab\t LF\n CR\r \u007f \ufffd \ud83d\ude00""#
    ))
    .is_valid());
    for (member, path) in [
        (
            r#""conference_display_name": "Room\u0001""#,
            "conference_display_name",
        ),
        (r#""owner_id": "o\u001b""#, "owner_id"),
        (r#""external_owner_id": "\u0000""#, "external_owner_id"),
        (
            r#""conference_display_name": "x\uFFFE""#,
            "conference_display_name",
        ),
        (
            r#""conference_display_name": "\uffff""#,
            "conference_display_name",
        ),
        (
            r#""aliases": [{"role": "host", "exact_match": "room\u0002@example.com"}]"#,
            "aliases[0].exact_match",
        ),
    ] {
        only(&validate(&ts_bundle(member)), Rule::StringCharacters, path);
    }
    assert_eq!(
        Rule::StringCharacters.code(),
        Code::Rest(baton_rest::ErrorCode::Validation)
    );
    // Advanced parameters (passed on to the bridge over XML-RPC).
    only(
        &validate(&ts_bundle(
            r#""advanced_parameters": {"metadata2": ["\u0007"]}"#,
        )),
        Rule::StringCharacters,
        "advanced_parameters",
    );
    assert!(validate(&ts_bundle(
        r#""advanced_parameters": {"note": "\\u0007 \u00e9"}"#
    ))
    .is_valid());
    // The ConfBundleID from the path.
    let r = validate_with(&ts_bundle(""), &(), Some("Room\u{1}"));
    only(&r, Rule::StringCharacters, "ConfBundleID");
    // Owners.
    let json = r#"{"owners": [{"owner_id": "a\u0001", "external_owner_id": "ok"}], "generation": "g\u0002"}"#;
    let o: Owners<'static> = from_slice_in_place(leak(json)).unwrap();
    let mut r = Report::new();
    validate_owners(&o, &mut r);
    assert!(r.has_at(Rule::StringCharacters, "owners[0].owner_id"));
    assert!(r.has_at(Rule::StringCharacters, "generation"));
    assert_eq!(r.violations().len(), 2);
}
