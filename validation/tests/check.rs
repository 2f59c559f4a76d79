//! Request bodies checked end to end: the exact answer (error 50, 20, 30)
//! or acceptance with warnings.

use baton_rest::{to_string, ErrorCode};
use baton_validate::check::{check_owners_put, check_sipdomain_put};
use baton_validate::{check_confbundle_put, Catalog, PutContext, Verdict};

fn ctx() -> PutContext<'static> {
    PutContext {
        catalog: Catalog::default(),
        directory: &(),
        confbundle_id: None,
    }
}

#[test]
fn decode_issues_and_rule_violations_share_one_error_20_body() {
    let mut body = br#"{"bogus": 1, "max_duration": 99999}"#.to_vec();
    let v = check_confbundle_put(&mut body, &ctx());
    let json: serde_json::Value = serde_json::from_str(&to_string(&v)).unwrap();
    let errors = &json["details"]["validation_errors"];
    assert_eq!(json["error_code"], "20");
    assert_eq!(
        errors[""],
        "Unrecognized keys in mapping: \"{u'bogus': 1}\""
    );
    assert_eq!(
        errors["conference_display_name"],
        "required key not provided"
    );
    assert_eq!(errors["max_duration"], "value must be between 0 and 10080");
}

#[test]
fn several_messages_for_one_path_are_joined() {
    let long = "X".repeat(1024);
    let mut body =
        format!(r#"{{"aliases": [{{"role": "host", "exact_match": "{long}"}}]}}"#).into_bytes();
    let v = check_confbundle_put(&mut body, &ctx());
    let json: serde_json::Value = serde_json::from_str(&to_string(&v)).unwrap();
    assert_eq!(
        json["details"]["validation_errors"]["aliases[0].exact_match"],
        "length of value must be less than 1024 characters; exact_match must be in lower case"
    );
}

#[test]
fn a_syntax_error_is_error_50() {
    let mut body = b"{\"a\": }".to_vec();
    let v = check_confbundle_put(&mut body, &ctx());
    assert!(matches!(v, Verdict::Syntax(_)));
    assert_eq!(v.error_body().unwrap().code, ErrorCode::Syntax);
    assert_eq!(v.error_body().unwrap().http_status(), 400);
}

#[test]
fn sipdomain_puts_are_checked() {
    assert!(check_sipdomain_put(&mut br#"{"SIPDomain": "example.com"}"#.to_vec()).is_accepted());
    assert!(check_sipdomain_put(&mut br#"{"SIPDomain": null}"#.to_vec()).is_accepted());
    let mut bad = br#"{"SIPDomain": "exa mple"}"#.to_vec();
    let v = check_sipdomain_put(&mut bad);
    let json: serde_json::Value = serde_json::from_str(&to_string(&v)).unwrap();
    assert_eq!(json["error_code"], "20");
    assert!(json["details"]["validation_errors"]["SIPDomain"].is_string());
    let mut missing = br#"{}"#.to_vec();
    let v = check_sipdomain_put(&mut missing);
    assert!(!v.is_accepted());
}

#[test]
fn owners_puts_are_checked() {
    let mut ok = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../testdata/rest/owners.json"
    ))
    .unwrap();
    assert!(
        check_owners_put(&mut ok).is_accepted(),
        "the spec's example is accepted"
    );
    let mut bad = br#"{"owners": [{"multi_party_license": "XMP"}]}"#.to_vec();
    assert!(!check_owners_put(&mut bad).is_accepted());
}
