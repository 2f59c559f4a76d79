//! The XML-RPC parameter rules, one test each (named after the rule),
//! with the fault each gives.

use baton_rpc::FaultCode;
use baton_validate::xmlrpc::*;
use baton_validate::{Code, Report, Rule};

fn only(report: &Report<'_>, rule: Rule, path: &str) {
    assert!(
        report.has_at(rule, path),
        "{rule:?} at {path} not in {:#?}",
        report.violations()
    );
    assert_eq!(report.violations().len(), 1, "{:#?}", report.violations());
}

#[test]
fn signalling_and_ports_accepted_values_are_0_to_2400() {
    let mut r = Report::new();
    baton_validate::xmlrpc::signalling_and_ports_accepted_values_are_0_to_2400(
        Some(0),
        Some(2400),
        &mut r,
    );
    assert!(r.is_valid());
    baton_validate::xmlrpc::signalling_and_ports_accepted_values_are_0_to_2400(
        Some(2401),
        None,
        &mut r,
    );
    only(&r, Rule::ResourceLimit, "factoryResourceLimits.signalling");
    let f = r.fault().unwrap();
    assert_eq!(f.code(), 102);
    assert_eq!(f.message(), "invalid parameter - factoryResourceLimits");
    let mut r = Report::new();
    let limits = baton_rpc::factory::ResourceLimits {
        ports: Some(-1),
        ..Default::default()
    };
    validate_resource_limits(&limits, &mut r);
    only(&r, Rule::ResourceLimit, "factoryResourceLimits.ports");
}

#[test]
fn min_duration_must_not_be_larger_than_max_duration() {
    let mut r = Report::new();
    baton_validate::xmlrpc::min_duration_must_not_be_larger_than_max_duration(
        Some(5),
        Some(5),
        &mut r,
    );
    baton_validate::xmlrpc::min_duration_must_not_be_larger_than_max_duration(
        Some(60),
        Some(0),
        &mut r,
    );
    assert!(r.is_valid(), "0 = the template's limit");
    baton_validate::xmlrpc::min_duration_must_not_be_larger_than_max_duration(
        Some(30),
        Some(10),
        &mut r,
    );
    only(&r, Rule::MinDuration, "factoryMinDurationMinutes");
    assert_eq!(r.fault().unwrap().code(), 104);
    assert_eq!(r.fault().unwrap().message(), "mismatched parameters");
}

#[test]
fn duration_minutes_must_not_be_negative() {
    let mut r = Report::new();
    baton_validate::xmlrpc::min_duration_must_not_be_larger_than_max_duration(
        Some(-1),
        None,
        &mut r,
    );
    only(&r, Rule::DurationMinutes, "factoryMinDurationMinutes");
}

#[test]
fn receiver_index_must_be_1_to_20_or_negative() {
    let mut r = Report::new();
    for ok in [None, Some(1), Some(20), Some(-1)] {
        baton_validate::xmlrpc::receiver_index_must_be_1_to_20_or_negative(ok, &mut r);
    }
    assert!(r.is_valid());
    for bad in [0, 21] {
        let mut r = Report::new();
        baton_validate::xmlrpc::receiver_index_must_be_1_to_20_or_negative(Some(bad), &mut r);
        only(&r, Rule::ReceiverIndex, "receiverIndex");
        assert_eq!(
            r.fault().unwrap().message(),
            "invalid parameter - receiverIndex"
        );
    }
}

#[test]
fn receiver_uri_must_be_http_or_https() {
    let u = parse_receiver_uri("http://10.2.134.40:5050/RPC2").unwrap();
    assert_eq!(
        (u.https, u.host, u.port, u.path),
        (false, "10.2.134.40", 5050, "/RPC2")
    );
    assert_eq!(
        parse_receiver_uri("https://tms.example.com").unwrap().port,
        443
    );
    assert_eq!(
        parse_receiver_uri("http://tms.example.com/x").unwrap().port,
        80
    );
    assert_eq!(
        parse_receiver_uri("http://[::1]:8080/").unwrap().host,
        "::1"
    );
    for bad in [
        "ftp://x/",
        "http://",
        "http:///RPC2",
        "http://h:0/",
        "http://h:99999/",
        "http://u@h/",
        "10.0.0.1:80",
    ] {
        let mut r = Report::new();
        baton_validate::xmlrpc::receiver_uri_must_be_http_or_https(Some(bad), &mut r);
        only(&r, Rule::ReceiverUri, "receiverURI");
    }
}

#[test]
fn subscribed_events_must_be_event_names() {
    let mut r = Report::new();
    baton_validate::xmlrpc::subscribed_events_must_be_event_names(
        &["conferenceCreate", "alarmsChanged", "participantJoined"],
        &mut r,
    );
    only(&r, Rule::SubscribedEvents, "subscribedEvents[2]");
    assert_eq!(
        r.fault().unwrap().message(),
        "invalid parameter - subscribedEvents"
    );
}

#[test]
fn message_must_be_at_most_500_or_255_characters() {
    let m255 = "m".repeat(255);
    let m256 = "m".repeat(256);
    let m501 = "m".repeat(501);
    let mut r = Report::new();
    baton_validate::xmlrpc::message_must_be_at_most_500_or_255_characters(
        Some(&m255),
        Bridge::Mcu,
        &mut r,
    );
    baton_validate::xmlrpc::message_must_be_at_most_500_or_255_characters(
        Some(&m256[..500.min(m256.len())]),
        Bridge::TelePresenceServer,
        &mut r,
    );
    assert!(r.is_valid());
    baton_validate::xmlrpc::message_must_be_at_most_500_or_255_characters(
        Some(&m256),
        Bridge::Mcu,
        &mut r,
    );
    only(&r, Rule::MessageLength, "message");
    let mut r = Report::new();
    baton_validate::xmlrpc::message_must_be_at_most_500_or_255_characters(
        Some(&m501),
        Bridge::TelePresenceServer,
        &mut r,
    );
    only(&r, Rule::MessageLength, "message");
}

#[test]
fn duration_must_be_greater_than_or_equal_to_0() {
    let mut r = Report::new();
    baton_validate::xmlrpc::duration_must_be_greater_than_or_equal_to_0(Some(0), &mut r);
    assert!(r.is_valid());
    baton_validate::xmlrpc::duration_must_be_greater_than_or_equal_to_0(Some(-1), &mut r);
    only(&r, Rule::MessageDuration, "duration");
}

#[test]
fn border_width_must_be_0_to_3() {
    let mut r = Report::new();
    for ok in 0..=3 {
        baton_validate::xmlrpc::border_width_must_be_0_to_3(Some(ok), &mut r);
    }
    assert!(r.is_valid());
    baton_validate::xmlrpc::border_width_must_be_0_to_3(Some(4), &mut r);
    only(&r, Rule::BorderWidth, "borderWidth");
}

#[test]
fn audio_rx_gain_milli_db_only_with_fixed_gain_mode() {
    let mut r = Report::new();
    baton_validate::xmlrpc::audio_rx_gain_milli_db_only_with_fixed_gain_mode(
        Some("fixed"),
        Some(-3000),
        &mut r,
    );
    baton_validate::xmlrpc::audio_rx_gain_milli_db_only_with_fixed_gain_mode(
        Some("automatic"),
        None,
        &mut r,
    );
    assert!(r.is_valid());
    baton_validate::xmlrpc::audio_rx_gain_milli_db_only_with_fixed_gain_mode(
        Some("automatic"),
        Some(1000),
        &mut r,
    );
    only(&r, Rule::AudioRxGain, "audioRxGainMilliDb");
    assert_eq!(r.fault().unwrap().code(), 104);
}

#[test]
fn webex_add_requires_sip_uri() {
    let mut r = Report::new();
    baton_validate::xmlrpc::webex_add_requires_sip_uri(Some("sip:webex@example.com"), &mut r);
    assert!(r.is_valid());
    baton_validate::xmlrpc::webex_add_requires_sip_uri(None, &mut r);
    only(&r, Rule::WebexSipUri, "sipUri");
    assert_eq!(r.fault().unwrap().message(), "missing parameter - sipUri");
}

#[test]
fn webex_add_sip_tsp_requires_audio_dn() {
    let mut r = Report::new();
    baton_validate::xmlrpc::webex_add_sip_tsp_requires_audio_dn(Some("SIP"), None, &mut r);
    baton_validate::xmlrpc::webex_add_sip_tsp_requires_audio_dn(
        Some("SIP-TSP"),
        Some("5551234"),
        &mut r,
    );
    assert!(r.is_valid());
    baton_validate::xmlrpc::webex_add_sip_tsp_requires_audio_dn(Some("SIP-TSP"), None, &mut r);
    only(&r, Rule::WebexAudioDn, "audioDn");
    assert_eq!(r.fault().unwrap().code(), 36);
    assert_eq!(r.fault().unwrap().message(), "required value missing");
}

#[test]
fn add_as_guest_rejected_on_meeting_conferences() {
    let mut r = Report::new();
    baton_validate::xmlrpc::add_as_guest_rejected_on_meeting_conferences(Some(true), false, &mut r);
    baton_validate::xmlrpc::add_as_guest_rejected_on_meeting_conferences(Some(false), true, &mut r);
    assert!(r.is_valid());
    baton_validate::xmlrpc::add_as_guest_rejected_on_meeting_conferences(Some(true), true, &mut r);
    only(&r, Rule::AddAsGuest, "addAsGuest");
}

#[test]
fn dtmf_sequence_may_contain_only_digits_star_hash_and_comma() {
    let mut r = Report::new();
    baton_validate::xmlrpc::dtmf_sequence_may_contain_only_digits_star_hash_and_comma(
        "dtmfSequence",
        Some("1234#,,*9"),
        &mut r,
    );
    assert!(r.is_valid());
    baton_validate::xmlrpc::dtmf_sequence_may_contain_only_digits_star_hash_and_comma(
        "dtmf",
        Some("12AB"),
        &mut r,
    );
    only(&r, Rule::DtmfSequence, "dtmf");
    assert_eq!(r.fault().unwrap().message(), "invalid parameter - dtmf");
}

#[test]
fn override_pin_must_be_digits_less_than_32_characters() {
    let mut r = Report::new();
    baton_validate::xmlrpc::override_pin_must_be_digits_less_than_32_characters(
        "factoryOverridePIN",
        Some("1234"),
        &mut r,
    );
    baton_validate::xmlrpc::override_pin_must_be_digits_less_than_32_characters(
        "factoryOverridePIN",
        Some(""),
        &mut r,
    );
    baton_validate::xmlrpc::override_pin_must_be_digits_less_than_32_characters(
        "factoryOverrideGuestPIN",
        Some(&"1".repeat(31)),
        &mut r,
    );
    assert!(r.is_valid());
    baton_validate::xmlrpc::override_pin_must_be_digits_less_than_32_characters(
        "factoryOverrideGuestPIN",
        Some(&"1".repeat(32)),
        &mut r,
    );
    only(&r, Rule::OverridePin, "factoryOverrideGuestPIN");
    let f = r.fault().unwrap();
    assert_eq!((f.code(), f.message()), (13, "invalid PIN specified"));
    assert_eq!(Rule::OverridePin.code(), Code::Fault(FaultCode::InvalidPin));
}

#[test]
fn string_parameters_must_be_xml_characters() {
    let mut r = Report::new();
    for ok in [
        "",
        "Room 1",
        "tab\tLF\nCR\r",
        "\u{7f}\u{85}\u{FFFD}\u{10FFFF}",
    ] {
        baton_validate::xmlrpc::string_parameters_must_be_xml_characters("x", Some(ok), &mut r);
    }
    baton_validate::xmlrpc::string_parameters_must_be_xml_characters("x", None, &mut r);
    assert!(r.is_valid(), "{:#?}", r.violations());
    for bad in ["room\u{1}", "\u{0}", "a\u{1b}b", "\u{FFFE}", "x\u{FFFF}"] {
        let mut r = Report::new();
        baton_validate::xmlrpc::string_parameters_must_be_xml_characters(
            "conferenceAlias",
            Some(bad),
            &mut r,
        );
        only(&r, Rule::ParameterCharacters, "conferenceAlias");
        assert_eq!(
            Rule::ParameterCharacters.code(),
            Code::Fault(FaultCode::InvalidParameter)
        );
        let f = r.fault().unwrap();
        assert_eq!(f.message(), "invalid parameter - conferenceAlias");
    }
}

#[test]
fn webex_bandwidth_must_be_a_positive_bit_rate() {
    let mut r = Report::new();
    baton_validate::xmlrpc::webex_bandwidth_must_be_a_positive_bit_rate(None, &mut r);
    baton_validate::xmlrpc::webex_bandwidth_must_be_a_positive_bit_rate(Some(2048), &mut r);
    assert!(r.is_valid());
    baton_validate::xmlrpc::webex_bandwidth_must_be_a_positive_bit_rate(Some(0), &mut r);
    only(&r, Rule::WebexBandwidth, "bandwidth");
    assert_eq!(r.fault().unwrap().code(), 30);
}

#[test]
fn duration_seconds_and_reserved_video_ports_must_not_be_negative() {
    let mut r = Report::new();
    baton_validate::xmlrpc::duration_seconds_and_reserved_video_ports_must_not_be_negative(
        Some(0),
        Some(0),
        &mut r,
    );
    assert!(r.is_valid());
    baton_validate::xmlrpc::duration_seconds_and_reserved_video_ports_must_not_be_negative(
        None,
        Some(-1),
        &mut r,
    );
    only(&r, Rule::ConferenceCreateNotNegative, "reservedVideoPorts");
    assert_eq!(
        r.fault().unwrap().message(),
        "invalid parameter - reservedVideoPorts"
    );
}

#[test]
fn outdial_participant_protocol_must_be_sip_or_h323() {
    use baton_rpc::enums::ParticipantProtocol as P;
    let mut r = Report::new();
    for ok in [None, Some(P::Sip), Some(P::H323)] {
        baton_validate::xmlrpc::outdial_participant_protocol_must_be_sip_or_h323(ok, &mut r);
    }
    assert!(r.is_valid());
    baton_validate::xmlrpc::outdial_participant_protocol_must_be_sip_or_h323(Some(P::Vnc), &mut r);
    only(&r, Rule::OutdialProtocol, "participantProtocol");
    assert_eq!(r.fault().unwrap().code(), 19);
}

#[test]
fn custom_layout_parameters_are_only_valid_if_custom_layout_enabled() {
    let mut r = Report::new();
    baton_validate::xmlrpc::custom_layout_parameters_are_only_valid_if_custom_layout_enabled(
        true,
        Some(true),
        Some(true),
        Some(2),
        &mut r,
    );
    baton_validate::xmlrpc::custom_layout_parameters_are_only_valid_if_custom_layout_enabled(
        false, None, None, None, &mut r,
    );
    assert!(r.is_valid());
    baton_validate::xmlrpc::custom_layout_parameters_are_only_valid_if_custom_layout_enabled(
        false,
        Some(false),
        None,
        None,
        &mut r,
    );
    only(&r, Rule::CustomLayoutEnabled, "newParticipantsCustomLayout");
    assert_eq!(r.fault().unwrap().code(), 104);
}

#[test]
fn factory_num_screens_must_be_at_least_1() {
    let mut r = Report::new();
    baton_validate::xmlrpc::factory_num_screens_must_be_at_least_1(None, &mut r);
    baton_validate::xmlrpc::factory_num_screens_must_be_at_least_1(Some(1), &mut r);
    assert!(r.is_valid());
    baton_validate::xmlrpc::factory_num_screens_must_be_at_least_1(Some(0), &mut r);
    only(&r, Rule::NumScreens, "factoryNumScreens");
}

#[test]
fn for_webex_conferences_only_the_listed_participant_modify_parameters_are_supported() {
    use baton_rpc::enums::SuppressDtmf;
    use baton_rpc::participant::ParticipantModifyParams;
    let supported = ParticipantModifyParams {
        display_name_override_status: Some(true),
        display_name_override_value: Some("A"),
        video_rx_muted: Some(true),
        audio_rx_muted: Some(true),
        audio_tx_muted: Some(false),
        ..Default::default()
    };
    let mut r = Report::new();
    baton_validate::xmlrpc::for_webex_conferences_only_the_listed_participant_modify_parameters_are_supported(
        &supported, true, &mut r,
    );
    assert!(r.is_valid(), "{:#?}", r.violations());
    let unsupported = [
        (
            ParticipantModifyParams {
                cp_layout: Some("layout1"),
                ..supported.clone()
            },
            "cpLayout",
        ),
        (
            ParticipantModifyParams {
                suppress_dtmf: Some(SuppressDtmf::Never),
                ..supported.clone()
            },
            "suppressDtmf",
        ),
        (
            ParticipantModifyParams {
                important: Some(false),
                border_width: Some(0),
                ..supported.clone()
            },
            "borderWidth",
        ),
        (
            ParticipantModifyParams {
                audio_rx_gain_milli_db: Some(0),
                ..supported.clone()
            },
            "audioRxGainMilliDb",
        ),
    ];
    for (p, name) in unsupported {
        let mut r = Report::new();
        baton_validate::xmlrpc::for_webex_conferences_only_the_listed_participant_modify_parameters_are_supported(
            &p, true, &mut r,
        );
        only(&r, Rule::WebexParticipantModify, name);
        let f = r.fault().unwrap();
        assert_eq!((f.code(), f.message()), (104, "mismatched parameters"));
        // Not a WebEx conference: every parameter is supported.
        let mut r = Report::new();
        baton_validate::xmlrpc::for_webex_conferences_only_the_listed_participant_modify_parameters_are_supported(
            &p, false, &mut r,
        );
        assert!(r.is_valid());
    }
}

#[test]
fn min_duration_must_not_be_smaller_than_the_running_time() {
    let mut r = Report::new();
    baton_validate::xmlrpc::min_duration_must_not_be_smaller_than_the_running_time(
        None, 3_600_000, &mut r,
    );
    baton_validate::xmlrpc::min_duration_must_not_be_smaller_than_the_running_time(
        Some(5),
        300_000,
        &mut r,
    );
    baton_validate::xmlrpc::min_duration_must_not_be_smaller_than_the_running_time(
        Some(0),
        0,
        &mut r,
    );
    assert!(r.is_valid());
    baton_validate::xmlrpc::min_duration_must_not_be_smaller_than_the_running_time(
        Some(5),
        300_001,
        &mut r,
    );
    only(
        &r,
        Rule::MinDurationRunningTime,
        "factoryMinDurationMinutes",
    );
    assert_eq!(
        r.fault().unwrap().code(),
        FaultCode::InvalidParameter as i32
    );
}

#[test]
fn media_and_licences_limits_must_not_be_negative() {
    let mut r = Report::new();
    baton_validate::xmlrpc::media_and_licences_limits_must_not_be_negative(
        Some(0),
        Some(35520),
        &mut r,
    );
    assert!(r.is_valid());
    let limits = baton_rpc::factory::ResourceLimits {
        media: Some(-1),
        ..Default::default()
    };
    validate_resource_limits(&limits, &mut r);
    only(
        &r,
        Rule::ResourceLimitNotNegative,
        "factoryResourceLimits.media",
    );
    assert_eq!(
        r.fault().unwrap().message(),
        "invalid parameter - factoryResourceLimits"
    );
}

#[test]
fn resource_limits_must_not_be_smaller_than_the_actual_usage() {
    use baton_rpc::factory::ResourceLimits;
    use baton_validate::capacity::ResourceTotals;
    // The spec's worked example: 4 single-screen endpoints on a
    // TelePresence Server use {Calls=4, Media=12288, Licenses=15360}.
    let usage = ResourceTotals {
        signalling: Some(4),
        media: Some(12288),
        licences: Some(15360),
        ports: None,
    };
    let exact = ResourceLimits {
        signalling: Some(4),
        media: Some(12288),
        licences: Some(15360),
        ports: None,
    };
    let check = |limits: &ResourceLimits, bridge| {
        let mut r = Report::new();
        baton_validate::xmlrpc::resource_limits_must_not_be_smaller_than_the_actual_usage(
            limits, &usage, 4, bridge, &mut r,
        );
        r
    };
    assert!(check(&exact, Bridge::TelePresenceServer).is_valid());
    assert!(check(&ResourceLimits::default(), Bridge::TelePresenceServer).is_valid());
    let unlimited = ResourceLimits {
        signalling: Some(0),
        media: Some(0),
        licences: Some(0),
        ports: Some(0),
    };
    assert!(check(&unlimited, Bridge::TelePresenceServer).is_valid());
    for (limits, path) in [
        (
            ResourceLimits {
                licences: Some(15359),
                ..exact
            },
            "factoryResourceLimits.licences",
        ),
        (
            ResourceLimits {
                media: Some(1),
                ..exact
            },
            "factoryResourceLimits.media",
        ),
        (
            ResourceLimits {
                signalling: Some(3),
                ..exact
            },
            "factoryResourceLimits.signalling",
        ),
    ] {
        let r = check(&limits, Bridge::TelePresenceServer);
        only(&r, Rule::ResourceLimitBelowUsage, path);
        assert_eq!(r.fault().unwrap().code(), 25);
    }
    // An MCU counts ports: at least one per call.
    let ports = ResourceLimits {
        ports: Some(3),
        ..Default::default()
    };
    let r = check(&ports, Bridge::Mcu);
    only(
        &r,
        Rule::ResourceLimitBelowUsage,
        "factoryResourceLimits.ports",
    );
    // ...and media / licences limits mean nothing there.
    assert!(check(
        &ResourceLimits {
            media: Some(1),
            ports: Some(4),
            ..Default::default()
        },
        Bridge::Mcu
    )
    .is_valid());
}

#[test]
fn participants_must_fit_the_factory_resource_limits() {
    use baton_rpc::factory::ResourceLimits;
    use baton_validate::capacity::ResourceTotals;
    // The spec's worked example: limits for 4 single-screen endpoints.
    let limits = ResourceLimits {
        signalling: Some(4),
        media: Some(12288),
        licences: Some(15360),
        ports: None,
    };
    let usage = |n: i64| ResourceTotals {
        signalling: Some(n),
        media: Some(3072 * n),
        licences: Some(3840 * n),
        ports: None,
    };
    let mut r = Report::new();
    baton_validate::xmlrpc::participants_must_fit_the_factory_resource_limits(
        &limits,
        &usage(4),
        4,
        Bridge::TelePresenceServer,
        &mut r,
    );
    assert!(r.is_valid());
    baton_validate::xmlrpc::participants_must_fit_the_factory_resource_limits(
        &limits,
        &usage(5),
        5,
        Bridge::TelePresenceServer,
        &mut r,
    );
    only(
        &r,
        Rule::ResourceLimitsExceeded,
        "factoryResourceLimits.signalling",
    );
    let f = r.fault().unwrap();
    assert_eq!((f.code(), f.message()), (7, "too many participants"));
}

#[test]
fn max_duration_must_not_exceed_the_template_limit() {
    use baton_validate::xmlrpc::max_duration_must_not_exceed_the_template_limit as rule;
    let mut r = Report::new();
    rule(None, 60, &mut r);
    rule(Some(60), 60, &mut r);
    rule(Some(0), 60, &mut r);
    rule(Some(10_000), 0, &mut r);
    rule(Some(-1), 60, &mut r);
    assert!(r.is_valid());
    rule(Some(61), 60, &mut r);
    let f = r.fault().unwrap();
    assert_eq!(
        (f.code(), f.message()),
        (102, "invalid parameter - factoryMaxDurationMinutes")
    );
}
