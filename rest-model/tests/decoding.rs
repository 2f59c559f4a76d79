//! Decoding: unknown keys and wrong types are reported by path (all of
//! them), strings borrow from the input (unescaped in place or into a
//! scratch buffer), and objects encode back to the same JSON.

use baton_rest::decode::decode_in_place;
use baton_rest::*;

const BUNDLE: &str = r#"{
  "conference_display_name": "Alice's \"CMR\"",
  "service_preference_id": "13579",
  "aliases": [
    {"role": "host", "exact_match": "meet.alice@example.com", "allow_conference_creation": true},
    {"role": "guest", "exact_match": "alice\u0040example.com"}
  ],
  "max_participants": 20,
  "allow_content": true,
  "content_quality": "c",
  "host_quality": "h",
  "guest_quality": "g",
  "advanced_parameters": {"waitForChair": true, "nested": {"a": [1, 2]}},
  "auto_dialed_participants": [{"role": "guest", "participant_quality": "h", "dtmf": "12#,"}],
  "multi_party_license": "PMP"
}"#;

#[test]
fn strings_borrow_from_the_input_unescaped_in_place() {
    let mut buf = BUNDLE.as_bytes().to_vec();
    let range = buf.as_ptr_range();
    let b: ConfBundle = from_slice_in_place(&mut buf).unwrap();
    assert_eq!(b.conference_display_name, Some("Alice's \"CMR\""));
    let aliases = b.aliases.as_ref().unwrap();
    assert_eq!(aliases[1].exact_match, Some("alice@example.com"));
    // Zero copy: the strings point into the input buffer.
    assert!(range.contains(&b.conference_display_name.unwrap().as_ptr()));
    assert!(range.contains(&aliases[1].exact_match.unwrap().as_ptr()));
    assert_eq!(b.layout, None);
    assert!(b.advanced_parameters.unwrap().contains_key("waitForChair"));
}

#[test]
fn escaped_strings_go_to_the_scratch_buffer() {
    let mut scratch = [0u8; 64];
    let b: ConfBundle = from_slice(BUNDLE.as_bytes(), &mut scratch).unwrap();
    assert_eq!(
        b.aliases.as_ref().unwrap()[1].exact_match,
        Some("alice@example.com")
    );
    let mut tiny = [0u8; 4];
    let err = from_slice::<ConfBundle>(BUNDLE.as_bytes(), &mut tiny).unwrap_err();
    assert_eq!(err.error_body().code, ErrorCode::Limit);
}

#[test]
fn unknown_keys_are_all_reported_with_their_object_path() {
    let mut doc = br#"{"aliases": [{"role": "host", "exact_match": "a@x", "regex": "a.*"}],
        "dial_out_participants": [], "conference_type": "meeting",
        "auto_dialed_participants": [{"role": "guest", "participant_quality": "q", "name": "x"}]}"#
        .to_vec();
    let mut issues = Issues::new();
    decode_in_place::<ConfBundle>(&mut doc, &mut issues)
        .unwrap()
        .unwrap();
    let found: Vec<(String, &str)> = issues
        .as_slice()
        .iter()
        .map(|i| match i.kind {
            IssueKind::UnrecognizedKey { key, .. } => (i.path.to_string(), key),
            IssueKind::Message(m) => (i.path.to_string(), m),
        })
        .collect();
    assert_eq!(
        found,
        [
            ("aliases[0]".to_owned(), "regex"),
            (String::new(), "dial_out_participants"),
            (String::new(), "conference_type"),
            ("auto_dialed_participants[0]".to_owned(), "name"),
        ]
    );
    let body = ErrorBody::validation(ErrorCode::Validation, issues.as_slice());
    let v: serde_json::Value = serde_json::from_slice(&to_vec(&body)).unwrap();
    assert_eq!(
        v["details"]["validation_errors"]["aliases[0]"],
        "Unrecognized keys in mapping: \"{u'regex': u'a.*'}\""
    );
}

#[test]
fn wrong_types_are_reported_by_path() {
    let mut doc = br#"{"max_participants": "20", "allow_content": 1, "aliases": {}, "max_duration": 1.5,
        "host_quality": null, "advanced_parameters": [], "host_pin": 1234, "reserved_hosts": 99999999999999999999}"#
        .to_vec();
    let mut issues = Issues::new();
    let b = decode_in_place::<ConfBundle>(&mut doc, &mut issues)
        .unwrap()
        .unwrap();
    let found: Vec<String> = issues.as_slice().iter().map(|i| i.to_string()).collect();
    assert_eq!(
        found,
        [
            "max_participants: expected str".replace("str", "int"),
            "allow_content: expected bool".into(),
            "aliases: expected a list".into(),
            "max_duration: expected int".into(),
            "advanced_parameters: expected a dictionary".into(),
            "host_pin: expected str".into(),
            "reserved_hosts: integer out of range".into(),
        ]
    );
    // `null` is "absent".
    assert_eq!(b.host_quality, None);
    let mut doc = br#"{"max_participants": "20"}"#.to_vec();
    let err = from_slice_in_place::<ConfBundle>(&mut doc)
        .map(|_| ())
        .unwrap_err();
    assert!(matches!(err, Error::Invalid(i) if i.path.to_string() == "max_participants"));
}

#[test]
fn a_confbundle_encodes_back_to_the_same_json() {
    let mut buf = BUNDLE.as_bytes().to_vec();
    let b: ConfBundle = from_slice_in_place(&mut buf).unwrap();
    let ours: serde_json::Value = serde_json::from_slice(&to_vec(&b)).unwrap();
    let mut original: serde_json::Value = serde_json::from_str(BUNDLE).unwrap();
    // An unset layout is written as JSON null (as a GET answers).
    original["layout"] = serde_json::Value::Null;
    assert_eq!(ours, original);
    // Fixed buffer: exact length, and too small is an error.
    let mut out = vec![0u8; encoded_len(&b)];
    assert_eq!(to_slice(&b, &mut out).unwrap(), out.len());
    assert_eq!(to_slice(&b, &mut out[..10]), Err(Error::BufferTooSmall));
    assert_eq!(to_json_value(&b), ours);
}

#[test]
fn every_object_round_trips() {
    fn round<'a, T: Decode<'a> + Encode>(json: &'a mut [u8]) {
        let original: serde_json::Value = serde_json::from_slice(json).unwrap();
        let value: T = from_slice_in_place(json).unwrap();
        let again: serde_json::Value = serde_json::from_slice(&to_vec(&value)).unwrap();
        assert_eq!(again, original);
    }
    round::<Owners>(&mut br#"{"owners": [{"owner_id": "o", "external_owner_id": "e", "multi_party_license": "SMP"}], "generation": "g"}"#.to_vec());
    round::<ExternalResult>(
        &mut br#"[{"peer": "10.0.0.1", "num_recs": 2, "records": [{"uuid": "a"}, {"uuid": "b"}]}]"#
            .to_vec(),
    );
    round::<ServiceInfo>(&mut br#"[{"service_id": "1", "bridge_capabilities": []}]"#.to_vec());
    round::<ConfBundleVersions>(&mut br#"{"a": "1", "b": "2"}"#.to_vec());
    round::<ErrorResponse>(
        &mut br#"{"details": {"info": "x"}, "error_code": "60:10", "message": "m"}"#.to_vec(),
    );
}

#[test]
fn external_result_envelope_decodes() {
    let mut doc = br#"[{"peer": "10.0.0.1", "num_recs": 3, "records": [{"a": 1}]},
                       {"peer": "10.0.0.2", "num_recs": 4, "records": []}]"#
        .to_vec();
    let r: ExternalResult = from_slice_in_place(&mut doc).unwrap();
    assert_eq!(total_records(&r), Some(7));
    assert_eq!(
        r[0].records.unwrap().elements().collect::<Vec<_>>(),
        [r#"{"a": 1}"#]
    );
    let mut doc = br#"[{"peer": "10.0.0.1", "num_recs": -1, "records": []}]"#.to_vec();
    let r: ExternalResult = from_slice_in_place(&mut doc).unwrap();
    assert_eq!(total_records(&r), None);
}

#[test]
fn lists_count_elements_beyond_their_capacity() {
    let aliases: Vec<String> = (0..12)
        .map(|i| format!(r#"{{"role": "host", "exact_match": "a{i}@x"}}"#))
        .collect();
    let mut doc = format!(r#"{{"aliases": [{}]}}"#, aliases.join(",")).into_bytes();
    let b: ConfBundle = from_slice_in_place(&mut doc).unwrap();
    let list = b.aliases.unwrap();
    assert_eq!(
        (list.len(), list.seen(), list.is_complete()),
        (10, 12, false)
    );
}

#[test]
fn resources_accept_both_spellings_of_licences() {
    assert_eq!(Dimension::from_name("licences"), Some(Dimension::Licences));
    assert_eq!(Dimension::from_name("licenses"), Some(Dimension::Licences));
    assert_eq!(Dimension::Licences.as_str(), "licenses");
}
