//! Dial-string normalization before exact matching (Alias `exact_match`,
//! SIP Domain API).

use baton_validate::dialstring::*;

fn norm(dial: &str, domain: Option<&str>) -> String {
    let mut buf = [0u8; 256];
    normalize_dial_string(dial, domain, &["conductor.local", "conductor"], &mut buf)
        .unwrap()
        .to_owned()
}

#[test]
fn dial_strings_are_lower_cased_before_matching() {
    assert_eq!(norm("Meet.Alice@Domain.COM", None), "meet.alice@domain.com");
    assert_eq!(
        norm("Meet.Alice@Domain.COM", Some("example.com")),
        "meet.alice@domain.com"
    );
}

#[test]
fn unified_cm_ip_address_is_replaced_by_the_sip_domain() {
    // The spec's example: 1234 dialed, Unified CM sends 1234@10.0.0.1.
    assert_eq!(norm("1234@10.0.0.1", Some("domain.com")), "1234@domain.com");
    assert_eq!(
        norm("sip:1234@10.0.0.1:5060;transport=tcp", Some("Domain.com")),
        "sip:1234@domain.com;transport=tcp"
    );
    assert_eq!(
        norm("1234@[2001:db8::1]:5060", Some("domain.com")),
        "1234@domain.com"
    );
    // No SIP domain set: only lower-cased.
    assert_eq!(norm("1234@10.0.0.1", None), "1234@10.0.0.1");
}

#[test]
fn the_devices_host_name_is_replaced_by_the_sip_domain() {
    assert_eq!(
        norm("1234@Conductor.Local", Some("domain.com")),
        "1234@domain.com"
    );
    assert_eq!(
        norm("1234@other.example", Some("domain.com")),
        "1234@other.example"
    );
}

#[test]
fn a_small_buffer_is_an_error() {
    let mut buf = [0u8; 4];
    assert!(normalize_dial_string("1234@10.0.0.1", Some("domain.com"), &[], &mut buf).is_err());
    assert!(is_ip_address("10.0.0.1") && is_ip_address("[::1]") && !is_ip_address("10.0.0"));
}
