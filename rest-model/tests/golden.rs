//! The spec's own JSON examples (testdata/rest, verbatim) as golden vectors.

use baton_rest::decode::decode_in_place;
use baton_rest::json::SyntaxKind;
use baton_rest::*;

fn read(name: &str) -> Vec<u8> {
    let path = format!("{}/../testdata/rest/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn resources_examples_parse() {
    let mut mcu = read("resources_mcu.json");
    let r: Resources = from_slice_in_place(&mut mcu).unwrap();
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].dimension(), Some(Dimension::Ports));
    assert_eq!(r[0].value, Some(80));

    let mut ts = read("resources_tsmcu.json");
    let r: Resources = from_slice_in_place(&mut ts).unwrap();
    let dims: Vec<_> = r
        .iter()
        .map(|x| (x.dimension().unwrap(), x.value.unwrap()))
        .collect();
    assert_eq!(
        dims,
        [
            (Dimension::Signalling, 100),
            (Dimension::Media, 200),
            (Dimension::Licences, 300)
        ]
    );
}

#[test]
fn participant_cost_tsmcu_example_parses() {
    let mut doc = read("participant_cost_tsmcu.json");
    let pc: ParticipantCosts = from_slice_in_place(&mut doc).unwrap();
    assert_eq!(pc.len(), 4);
    assert_eq!(pc[3].num_screens, Some(4));
    assert_eq!(pc[3].resources.as_ref().unwrap()[2].value, Some(1250));
}

/// The spec's MCU ParticipantCost example ends with a trailing comma
/// (`},` before `]`): invalid JSON, answered with error 50. Without the
/// comma it parses.
#[test]
fn participant_cost_mcu_example_has_a_trailing_comma() {
    let mut doc = read("participant_cost_mcu.json");
    let err = from_slice_in_place::<ParticipantCosts>(&mut doc).unwrap_err();
    let Error::Syntax(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(e.kind, SyntaxKind::ExpectingValue);
    assert_eq!((e.line, e.column), (8, 1));

    let mut fixed = String::from_utf8(read("participant_cost_mcu.json"))
        .unwrap()
        .replace("  },\n]", "  }\n]")
        .into_bytes();
    let pc: ParticipantCosts = from_slice_in_place(&mut fixed).unwrap();
    assert_eq!(pc[0].num_screens, Some(1));
}

/// The ServiceParams example is broken by a page break (a trailing comma
/// and a stray `}` before `"participant_cost"`, one `}` too many at the
/// end). Its evident intent parses, every attribute known.
#[test]
fn service_params_example_is_split_by_a_page_break() {
    let mut doc = read("service_params.json");
    let err = from_slice_in_place::<ServiceParams>(&mut doc).unwrap_err();
    let Error::Syntax(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(e.kind, SyntaxKind::ExpectingPropertyName);
    assert_eq!((e.line, e.column), (18, 1));

    let text = String::from_utf8(read("service_params.json")).unwrap();
    let fixed = text.replacen(
        "  ],\n}\n    \"participant_cost\"",
        "  ],\n    \"participant_cost\"",
        1,
    );
    let fixed = fixed.trim_end().strip_suffix('}').unwrap().to_owned();
    let mut fixed = fixed.into_bytes();
    let sp: ServiceParams = from_slice_in_place(&mut fixed).unwrap();
    assert_eq!(sp.alias, Some("meet.alice@cisco.com"));
    assert_eq!(sp.bridge_type, Some("mcu"));
    assert_eq!(sp.max_participants_per_conference_template, Some(4));
    assert_eq!(sp.conference_cost.as_ref().unwrap()[0].value, Some(2));
    assert_eq!(
        sp.participant_cost.as_ref().unwrap()[0]
            .resources
            .as_ref()
            .unwrap()[0]
            .value,
        Some(1)
    );
}

/// The QualityInfo example's first page closes the listing early (with
/// trailing commas) before the second page continues it.
#[test]
fn quality_info_example_is_split_by_a_page_break() {
    let mut doc = read("quality_info.json");
    let err = from_slice_in_place::<QualityInfo>(&mut doc).unwrap_err();
    let Error::Syntax(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!(e.kind, SyntaxKind::ExpectingValue);
    assert_eq!((e.line, e.column), (11, 5));

    let text = String::from_utf8(read("quality_info.json")).unwrap();
    let fixed = text.replacen("      },\n    ],\n  }\n]\n\n", "      },\n", 1);
    let mut fixed = fixed.into_bytes();
    let qi: QualityInfo = from_slice_in_place(&mut fixed).unwrap();
    assert_eq!(qi.len(), 2);
    let ts = qi[0].quality_group.as_ref().unwrap();
    assert_eq!(ts.len(), 3);
    assert_eq!(ts[2].quality_type(), Some(QualityType::Content));
    assert_eq!(qi[1].quality_group_name, Some("qualgroup_mcu"));
}

#[test]
fn service_info_example_parses() {
    let mut doc = read("service_info.json");
    let si: ServiceInfo = from_slice_in_place(&mut doc).unwrap();
    assert_eq!(si.len(), 2);
    assert_eq!(si[1].bridge_type(), Some(BridgeType::Tsmcu));
    assert!(si[1].has_capability(BridgeCapability::Multiscreen));
    assert!(!si[0].has_capability(BridgeCapability::RoleByPin));
}

#[test]
fn confbundles_dictionary_example_parses() {
    let mut doc = read("confbundles.json");
    let d: ConfBundleVersions = from_slice_in_place(&mut doc).unwrap();
    assert_eq!(d.entries.len(), 3);
    assert_eq!(
        d.get("4b54f5ff-2bc2-4823-8173-fdd460b51111"),
        Some("d0e475eb-c657-4849-a436-935633ab5555")
    );
}

#[test]
fn sipdomain_examples_parse() {
    let mut doc = read("sipdomain.json");
    let s: SipDomainSpec = from_slice_in_place(&mut doc).unwrap();
    assert_eq!(s.sip_domain, Some("100.example-name.com"));
    let mut doc = read("sipdomain_null.json");
    let s: SipDomainSpec = from_slice_in_place(&mut doc).unwrap();
    assert_eq!(s.sip_domain, None);
    assert_eq!(to_string(&s), r#"{"SIPDomain": null}"#);
}

#[test]
fn owners_example_parses() {
    let mut doc = read("owners.json");
    let o: Owners = from_slice_in_place(&mut doc).unwrap();
    let owners = o.owners.as_ref().unwrap();
    assert_eq!(owners.len(), 2);
    assert_eq!(owners[0].multi_party_license, Some("PMP"));
    assert_eq!(o.generation, Some("98765432-aaaa-bbbb-cccc-aaabbbccdd"));
}

fn same_json(ours: &[u8], spec: &[u8]) {
    let a: serde_json::Value = serde_json::from_slice(ours).unwrap();
    let b: serde_json::Value = serde_json::from_slice(spec).unwrap();
    assert_eq!(a, b);
}

#[test]
fn error_404_body_is_the_spec_example() {
    let body = ErrorBody::new(ErrorCode::Http(404));
    assert_eq!(body.http_status(), 404);
    same_json(&to_vec(&body), &read("error_404.json"));
    let mut doc = read("error_404.json");
    let r: ErrorResponse = from_slice_in_place(&mut doc).unwrap();
    assert_eq!(r.code(), Some(ErrorCode::Http(404)));
    assert!(r.details.unwrap().is_empty());
}

#[test]
fn error_405_body_is_the_spec_example() {
    let body = RouteError::MethodNotAllowed {
        allowed: &[HttpMethod::Get],
    }
    .error_code();
    same_json(&to_vec(&ErrorBody::new(body)), &read("error_405.json"));
}

#[test]
fn error_50_body_is_the_spec_example() {
    // A document whose line 11 starts with `}` right after a trailing comma,
    // 314 characters in: the spec's example error.
    let mut doc = String::from("{\n");
    for i in 0..9 {
        doc.push_str(&format!(
            "  \"key_{i}\": \"{}\",\n",
            "x".repeat(if i == 8 { 17 } else { 20 })
        ));
    }
    doc.push_str("}\n");
    let err = from_slice_in_place::<ConfBundle>(leaked_bytes(&doc)).unwrap_err();
    let body = err.error_body();
    assert_eq!(body.http_status(), 400);
    same_json(&to_vec(&body), &read("error_400_syntax.json"));
}

fn leaked_bytes(s: &str) -> &'static mut [u8] {
    Box::leak(s.as_bytes().to_vec().into_boxed_slice())
}

/// The spec's 400/error-20 example is cut off by the page margin (its
/// message string is unterminated); its visible shape is what we produce:
/// the unrecognized keys of the root mapping under the path `""`.
#[test]
fn error_20_body_has_the_spec_examples_shape() {
    let mut spec = read("error_400_validation.json");
    assert!(matches!(
        from_slice_in_place::<ErrorResponse>(&mut spec),
        Err(Error::Syntax(e)) if e.kind == baton_rest::json::SyntaxKind::InvalidControlCharacter
    ));
    let mut doc = br#"{"dial_out_participants": [], "conference_type": "meeting"}"#.to_vec();
    let mut issues = Issues::new();
    let _ = decode_in_place::<ConfBundle>(&mut doc, &mut issues).unwrap();
    let body = ErrorBody::validation(ErrorCode::Validation, issues.as_slice());
    let v: serde_json::Value = serde_json::from_slice(&to_vec(&body)).unwrap();
    assert_eq!(
        v,
        serde_json::json!({
            "details": {"validation_errors": {
                "": "Unrecognized keys in mapping: \"{u'dial_out_participants': [], u'conference_type': u'meeting'}\""
            }},
            "error_code": "20",
            "message": "A validation error in the request prevented further processing."
        })
    );
}

#[test]
fn factory_resource_limits_examples_parse_after_their_label() {
    for name in [
        "factory_resource_limits_mcu.txt",
        "factory_resource_limits_tsmcu.txt",
    ] {
        let text = String::from_utf8(read(name)).unwrap();
        let json = text.strip_prefix("factoryResourceLimits:").unwrap();
        let o = RawObject::parse(json).unwrap();
        assert!(o.contains_key("ports") || o.get("licenses") == Some("15360"));
    }
}
