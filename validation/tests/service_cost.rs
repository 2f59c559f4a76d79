//! The servicecost answer (`baton_validate::service_cost`), one test per
//! rule, with the spec's ServiceCost JSON example and the Appendix's
//! worked examples as golden vectors.

use baton_rest::{from_slice_in_place, ConfBundle, ServiceParams, ServiceRecord};
use baton_validate::service_cost::*;
use baton_validate::{CatalogDocument, CatalogError};

fn leak(s: &str) -> &'static mut [u8] {
    Box::leak(s.as_bytes().to_vec().into_boxed_slice())
}

fn record(json: &str) -> ServiceRecord<'static> {
    from_slice_in_place(leak(json)).unwrap()
}

fn params(json: &str) -> ServiceParams<'static> {
    from_slice_in_place(leak(json)).unwrap()
}

fn bundle(json: &str) -> ConfBundle<'static> {
    from_slice_in_place(leak(json)).unwrap()
}

const SPEC_EXAMPLE: &str = include_str!("../../examples/appliance/data/servicecost_example.json");

fn spec_example() -> (ServiceRecord<'static>, ServiceParams<'static>) {
    let list: serde_json::Value = serde_json::from_str(SPEC_EXAMPLE).unwrap();
    let sp = record(
        r#"{"service_id": "58e26522-da56-11e2-b4f8-0010f31595fc", "display_name": "SP_1_North_America",
            "description": "Prefer MCUs in the USA.", "bridge_type": "mcu", "qualities": "q",
            "bridge_capabilities": ["cascading"]}"#,
    );
    (sp, params(&list[0].to_string()))
}

#[test]
fn service_params_answer_the_spec_json_example() {
    let (sp, template) = spec_example();
    let b = bundle(r#"{"allow_content": true, "max_participants": 4}"#);
    let answer = service_params("meet.alice@cisco.com", &b, &sp, &template);
    let got: serde_json::Value = serde_json::from_slice(&baton_rest::to_vec(&answer)).unwrap();
    let want: serde_json::Value = serde_json::from_str(SPEC_EXAMPLE).unwrap();
    assert_eq!(got, want[0]);
}

#[test]
fn conference_cost_applies_only_to_a_conference_that_supports_content() {
    let (_, template) = spec_example();
    let once = template.conference_cost.unwrap();
    let with = conference_cost_of(&bundle(r#"{"allow_content": true}"#), &once);
    assert_eq!(with[0].value, Some(2));
    // allow_content omitted: false is implied.
    for b in [r#"{"allow_content": false}"#, "{}"] {
        let without = conference_cost_of(&bundle(b), &once);
        assert_eq!(
            (without[0].dimension, without[0].value),
            (Some("ports"), Some(0))
        );
    }
}

#[test]
fn max_screens_is_the_bundles_maximum_on_a_multiscreen_bridge_else_1() {
    let ts = record(
        r#"{"service_id": "t", "bridge_type": "tsmcu", "bridge_capabilities": ["multiscreen"]}"#,
    );
    let mcu = record(r#"{"service_id": "m", "bridge_type": "mcu", "bridge_capabilities": []}"#);
    let b = bundle(r#"{"allow_multiscreen": true, "max_num_of_screens": 3}"#);
    assert_eq!(max_screens_of(&b, &ts), 3);
    assert_eq!(max_screens_of(&b, &mcu), 1);
    // max_num_of_screens "is ignored if allow_multiscreen is false".
    let b = bundle(r#"{"max_num_of_screens": 3}"#);
    assert_eq!(max_screens_of(&b, &ts), 1);
    // Omitted: 1.
    assert_eq!(
        max_screens_of(&bundle(r#"{"allow_multiscreen": true}"#), &ts),
        1
    );
}

#[test]
fn cost_template_must_fit_its_service_preference() {
    let fits = baton_validate::service_cost::cost_template_must_fit_its_service_preference;
    let (sp, template) = spec_example();
    assert_eq!(fits(&template, &sp), Ok(()));
    // A TelePresence Server dimension on an MCU.
    let wrong = SPEC_EXAMPLE.replacen("\"ports\", \"value\": 80", "\"media\", \"value\": 80", 1);
    let list: serde_json::Value = serde_json::from_str(&wrong).unwrap();
    assert_eq!(
        fits(&params(&list[0].to_string()), &sp),
        Err(CostTemplateError::WrongDimension("pool_capacity"))
    );
    // A multiscreen bridge needs 4 participant costs.
    let multi = record(
        r#"{"service_id": "58e26522-da56-11e2-b4f8-0010f31595fc", "bridge_type": "mcu",
            "bridge_capabilities": ["multiscreen"]}"#,
    );
    assert_eq!(
        fits(&template, &multi),
        Err(CostTemplateError::ParticipantCostElements)
    );
    let mut no_min: serde_json::Value =
        serde_json::from_str::<serde_json::Value>(SPEC_EXAMPLE).unwrap()[0].clone();
    no_min["max_participants_per_conference_min"] = serde_json::json!(0);
    assert_eq!(
        fits(&params(&no_min.to_string()), &sp),
        Err(CostTemplateError::MaxParticipantsPerConference)
    );
}

#[test]
fn missing_links_are_error_10_and_15() {
    use baton_rest::ErrorCode;
    assert_eq!(
        ServiceCostError::AliasNotProvisioned.error_code(),
        ErrorCode::NotFound
    );
    assert_eq!(
        ServiceCostError::ServicePreferenceNotConfigured.error_code(),
        ErrorCode::ConfigurationMismatch
    );
    assert_eq!(
        ServiceCostError::NoCostTemplate.error_code(),
        ErrorCode::ConfigurationMismatch
    );
}

#[test]
fn service_records_and_quality_specs_have_every_member_of_their_table() {
    let ok = r#"{"serviceinfo": [{"service_id": "1", "display_name": "d", "description": "",
        "bridge_type": "mcu", "qualities": "g", "bridge_capabilities": []}],
        "qualities": [{"quality_group_name": "g", "quality_group": [
        {"quality_id": "q", "display_name": "Q", "quality_type": "video", "display_order": 1}]}]}"#;
    let doc: CatalogDocument<'static> = from_slice_in_place(leak(ok)).unwrap();
    assert_eq!(doc.check(), Ok(()));
    let no_caps = ok.replace(r#", "bridge_capabilities": []"#, "");
    let doc: CatalogDocument<'static> = from_slice_in_place(leak(&no_caps)).unwrap();
    assert_eq!(
        doc.check(),
        Err(CatalogError::ServiceRecordMember {
            index: 0,
            member: "bridge_capabilities"
        })
    );
    let order_0 = ok.replace(r#""display_order": 1"#, r#""display_order": 0"#);
    let doc: CatalogDocument<'static> = from_slice_in_place(leak(&order_0)).unwrap();
    assert!(matches!(
        doc.check(),
        Err(CatalogError::QualitySpec {
            member: "display_order",
            ..
        })
    ));
}
