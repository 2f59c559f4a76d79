//! Every method: a realistic request built by CPython's
//! `xmlrpc.client.dumps` decodes to the expected typed params.

mod common;

use baton_rpc::conference::*;
use baton_rpc::enums::*;
use baton_rpc::factory::*;
use baton_rpc::feedback_receiver::*;
use baton_rpc::participant::*;
use baton_rpc::value::IntOrStr;
use baton_rpc::{AnyEventName, EventName, Method, Request};

const AUTH: &str = "'authenticationUser': 'admin', 'authenticationPassword': 'TANDBERG'";

/// Decodes `xml` (kept alive by the caller) and checks the method.
fn request<'a>(xml: &'a mut [u8], method: Method) -> Request<'a> {
    let req = Request::decode_in_place(xml).unwrap_or_else(|f| panic!("{method}: {f}"));
    assert_eq!(req.method(), method);
    req
}

fn call(method: &str, params: &str) -> Vec<u8> {
    common::dumps_call(method, &format!("{{{AUTH}, {params}}}"))
}

#[test]
fn conference_create_decodes_every_input() {
    let mut xml = call(
        "conference.create",
        "'conferenceName': 'board', 'durationSeconds': 3600, 'reservedVideoPorts': 4, 'encryption': 'required'",
    );
    let Request::ConferenceCreate(p) = request(&mut xml, Method::ConferenceCreate) else {
        panic!()
    };
    assert_eq!(
        p,
        ConferenceCreateParams {
            conference_name: "board",
            duration_seconds: Some(3600),
            reserved_video_ports: Some(4),
            encryption: Some(Encryption::Required),
            authentication_user: "admin",
            authentication_password: "TANDBERG".into(),
        }
    );
}

#[test]
fn conference_destroy_and_deprecated_end_decode_conference_name() {
    for (name, method) in [
        ("conference.destroy", Method::ConferenceDestroy),
        ("conference.end", Method::ConferenceEnd),
    ] {
        let mut xml = call(name, "'conferenceName': 'adhoc-7 & <co>'");
        let p = match request(&mut xml, method) {
            Request::ConferenceDestroy(p) | Request::ConferenceEnd(p) => p,
            other => panic!("{other:?}"),
        };
        assert_eq!(p.conference_name, "adhoc-7 & <co>");
        assert_eq!(p.authentication_user, "admin");
    }
}

#[test]
fn conference_enumerate_decodes_with_and_without_enumerate_id() {
    let mut xml = call("conference.enumerate", "'enumerateID': 77");
    let Request::ConferenceEnumerate(p) = request(&mut xml, Method::ConferenceEnumerate) else {
        panic!()
    };
    assert_eq!(p.enumerate_id, Some(IntOrStr::Int(77)));
    let mut xml = call("conference.enumerate", "'enumerateID': 'x1'");
    let Request::ConferenceEnumerate(p) = request(&mut xml, Method::ConferenceEnumerate) else {
        panic!()
    };
    assert_eq!(p.enumerate_id, Some(IntOrStr::Str("x1")));
    let mut xml = common::dumps_call("conference.enumerate", &format!("{{{AUTH}}}"));
    let Request::ConferenceEnumerate(p) = request(&mut xml, Method::ConferenceEnumerate) else {
        panic!()
    };
    assert_eq!(p.enumerate_id, None);
}

#[test]
fn conference_modify_decodes_every_input() {
    let mut xml = call(
        "conference.modify",
        "'conferenceName': 'board', 'h239Important': True, 'customLayoutEnabled': True, \
         'newParticipantsCustomLayout': False, 'setAllParticipantsToCustomLayout': True, \
         'customLayout': 9, 'locked': False",
    );
    let Request::ConferenceModify(p) = request(&mut xml, Method::ConferenceModify) else {
        panic!()
    };
    assert_eq!(
        p,
        ConferenceModifyParams {
            conference_name: "board",
            h239_important: Some(true),
            custom_layout_enabled: Some(true),
            new_participants_custom_layout: Some(false),
            set_all_participants_to_custom_layout: Some(true),
            custom_layout: Some(9),
            locked: Some(false),
            authentication_user: "admin",
            authentication_password: "TANDBERG".into(),
        }
    );
}

#[test]
fn device_queries_decode_authentication_only() {
    let mut xml = call("device.query", "'unknownExtra': 1");
    let Request::DeviceQuery(p) = request(&mut xml, Method::DeviceQuery) else {
        panic!()
    };
    assert_eq!(p.authentication_password, "TANDBERG");
    let mut xml = call("device.network.query", "'x': []");
    let Request::DeviceNetworkQuery(p) = request(&mut xml, Method::DeviceNetworkQuery) else {
        panic!()
    };
    assert_eq!(p.authentication_user, "admin");
}

#[test]
fn factory_conferencecreate_decodes_every_input() {
    let mut xml = call(
        "factory.conferencecreate",
        "'conferenceAlias': 'meet.1234@example.com', 'factoryMinDurationMinutes': 0, \
         'factoryMaxDurationMinutes': 120, 'factoryOverridePIN': '1234', \
         'factoryOverrideGuestPIN': '5678', 'webEx': 'SIP-TSP', \
         'factoryResourceLimits': {'signalling': 4, 'media': 12288, 'licenses': 15360}, \
         'encryption': 'forbidden', 'factoryLayout': 'prominent', \
         'factoryOverrideConferenceDisplayName': 'Board meeting'",
    );
    let Request::FactoryConferenceCreate(p) = request(&mut xml, Method::FactoryConferenceCreate)
    else {
        panic!()
    };
    assert_eq!(
        p,
        FactoryConferenceCreateParams {
            conference_alias: "meet.1234@example.com",
            factory_min_duration_minutes: Some(0),
            factory_max_duration_minutes: Some(120),
            factory_override_pin: Some("1234"),
            factory_override_guest_pin: Some("5678"),
            web_ex: Some(WebEx::SipTsp),
            factory_resource_limits: Some(ResourceLimits {
                signalling: Some(4),
                media: Some(12288),
                licences: Some(15360),
                ports: None,
            }),
            encryption: Some(Encryption::Forbidden),
            factory_layout: Some(FactoryLayout::Prominent),
            factory_override_conference_display_name: Some("Board meeting"),
            authentication_user: "admin",
            authentication_password: "TANDBERG".into(),
        }
    );
}

#[test]
fn factory_resource_limits_accept_licences_spelling_and_ports() {
    let mut xml = call(
        "factory.conferencecreate",
        "'conferenceAlias': 'a', 'factoryResourceLimits': {'licences': 7}",
    );
    let Request::FactoryConferenceCreate(p) = request(&mut xml, Method::FactoryConferenceCreate)
    else {
        panic!()
    };
    assert_eq!(p.factory_resource_limits.unwrap().licences, Some(7));
    let mut xml = call(
        "factory.conferencecreate",
        "'conferenceAlias': 'a', 'factoryResourceLimits': {'ports': 11}",
    );
    let Request::FactoryConferenceCreate(p) = request(&mut xml, Method::FactoryConferenceCreate)
    else {
        panic!()
    };
    assert_eq!(
        p.factory_resource_limits,
        Some(ResourceLimits {
            ports: Some(11),
            ..Default::default()
        })
    );
}

#[test]
fn factory_conferencemodify_decodes_every_input() {
    let mut xml = call(
        "factory.conferencemodify",
        "'conferenceName': 'c1', 'h239Important': True, 'factoryMinDurationMinutes': 5, \
         'factoryMaxDurationMinutes': 60, 'factoryOverridePIN': '11', 'factoryOverrideGuestPIN': '22', \
         'factoryResourceLimits': {'ports': 3}, 'factoryLayout': 'single', 'locked': True",
    );
    let Request::FactoryConferenceModify(p) = request(&mut xml, Method::FactoryConferenceModify)
    else {
        panic!()
    };
    assert_eq!(
        p,
        FactoryConferenceModifyParams {
            conference_name: "c1",
            h239_important: Some(true),
            factory_min_duration_minutes: Some(5),
            factory_max_duration_minutes: Some(60),
            factory_override_pin: Some("11"),
            factory_override_guest_pin: Some("22"),
            factory_resource_limits: Some(ResourceLimits {
                ports: Some(3),
                ..Default::default()
            }),
            factory_layout: Some(FactoryLayout::Single),
            locked: Some(true),
            authentication_user: "admin",
            authentication_password: "TANDBERG".into(),
        }
    );
}

#[test]
fn factory_health_query_decodes_authentication_only() {
    let mut xml = call("factory.health.query", "'z': 0");
    let Request::FactoryHealthQuery(p) = request(&mut xml, Method::FactoryHealthQuery) else {
        panic!()
    };
    assert_eq!(
        p,
        FactoryHealthQueryParams {
            authentication_user: "admin",
            authentication_password: "TANDBERG".into()
        }
    );
}

#[test]
fn factory_webex_add_decodes_every_input() {
    let mut xml = call(
        "factory.webex.add",
        "'conferenceName': 'c1', 'sipUri': 'sip:123@webex.com', 'bandwidth': 2048, \
         'dtmf': '1234#,,*', 'audioDn': '+15551234', 'bestEffort': False",
    );
    let Request::FactoryWebexAdd(p) = request(&mut xml, Method::FactoryWebexAdd) else {
        panic!()
    };
    assert_eq!(
        p,
        FactoryWebexAddParams {
            conference_name: "c1",
            sip_uri: "sip:123@webex.com",
            bandwidth: Some(2048),
            dtmf: Some("1234#,,*"),
            audio_dn: Some("+15551234"),
            best_effort: Some(false),
            authentication_user: "admin",
            authentication_password: "TANDBERG".into(),
        }
    );
}

#[test]
fn feedback_receiver_extended_configure_decodes_every_input() {
    let mut xml = call(
        "feedbackReceiver.extended.configure",
        "'receiverURI': 'http://10.2.134.40:5050/RPC2', 'sourceIdentifier': 'tms-1', \
         'receiverIndex': -1, 'subscribedEvents': ['conferenceCreate', 'alarmsChanged', 'somethingNew']",
    );
    let Request::FeedbackReceiverExtendedConfigure(p) =
        request(&mut xml, Method::FeedbackReceiverExtendedConfigure)
    else {
        panic!()
    };
    assert_eq!(p.receiver_uri, "http://10.2.134.40:5050/RPC2");
    assert_eq!(p.source_identifier, "tms-1");
    assert_eq!(p.receiver_index, Some(-1));
    assert_eq!(
        p.subscribed_events.unwrap().as_slice(),
        &[
            AnyEventName::Known(EventName::ConferenceCreate),
            AnyEventName::Known(EventName::AlarmsChanged),
            AnyEventName::Unknown("somethingNew"),
        ]
    );
}

#[test]
fn feedback_receiver_deprecated_configure_decodes_mcu_shape() {
    let mut xml = call(
        "feedbackReceiver.configure",
        "'receiverURI': 'https://r.example/RPC2', 'receiverIndex': 3",
    );
    let Request::FeedbackReceiverConfigure(p) =
        request(&mut xml, Method::FeedbackReceiverConfigure)
    else {
        panic!()
    };
    assert_eq!(
        p,
        FeedbackReceiverConfigureParams {
            receiver_uri: "https://r.example/RPC2",
            source_identifier: None,
            receiver_index: Some(3),
            authentication_user: "admin",
            authentication_password: "TANDBERG".into(),
        }
    );
}

#[test]
fn feedback_receiver_queries_decode_authentication_only() {
    for (name, method) in [
        (
            "feedbackReceiver.extended.query",
            Method::FeedbackReceiverExtendedQuery,
        ),
        ("feedbackReceiver.query", Method::FeedbackReceiverQuery),
    ] {
        let mut xml = common::dumps_call(name, &format!("{{{AUTH}}}"));
        let p = match request(&mut xml, method) {
            Request::FeedbackReceiverExtendedQuery(p) | Request::FeedbackReceiverQuery(p) => p,
            other => panic!("{other:?}"),
        };
        assert_eq!(p.authentication_user, "admin");
    }
}

#[test]
fn feedback_receiver_extended_remove_decodes_receiver_index() {
    let mut xml = call("feedbackReceiver.extended.remove", "'receiverIndex': 20");
    let Request::FeedbackReceiverExtendedRemove(p) =
        request(&mut xml, Method::FeedbackReceiverExtendedRemove)
    else {
        panic!()
    };
    assert_eq!(p.receiver_index, 20);
}

#[test]
fn participant_add_decodes_every_input() {
    let mut xml = call(
        "participant.add",
        "'conferenceName': 'c1', 'participantName': 'p1', 'address': 'sip:alice@example.com', \
         'factoryNumScreens': 3, 'addAsGuest': True, 'participantProtocol': 'sip', \
         'participantType': 'ad_hoc', 'mcuOnlyThing': {'a': [1, 2]}",
    );
    let Request::ParticipantAdd(p) = request(&mut xml, Method::ParticipantAdd) else {
        panic!()
    };
    assert_eq!(
        p,
        ParticipantAddParams {
            conference_name: "c1",
            participant_name: "p1",
            address: "sip:alice@example.com",
            factory_num_screens: Some(3),
            add_as_guest: Some(true),
            participant_protocol: Some(ParticipantProtocol::Sip),
            participant_type: Some(ParticipantType::AdHoc),
            authentication_user: "admin",
            authentication_password: "TANDBERG".into(),
        }
    );
}

#[test]
fn participant_id_methods_decode_the_four_required_inputs() {
    for (name, method) in [
        ("participant.diagnostics", Method::ParticipantDiagnostics),
        ("participant.disconnect", Method::ParticipantDisconnect),
        ("participant.remove", Method::ParticipantRemove),
    ] {
        let mut xml = call(
            name,
            "'conferenceName': 'c1', 'participantName': 'p1', 'participantProtocol': 'h323', \
             'participantType': 'by_address'",
        );
        let p = match request(&mut xml, method) {
            Request::ParticipantDiagnostics(p)
            | Request::ParticipantDisconnect(p)
            | Request::ParticipantRemove(p) => p,
            other => panic!("{other:?}"),
        };
        assert_eq!(
            p,
            ParticipantIdParams {
                conference_name: "c1",
                participant_name: "p1",
                participant_protocol: ParticipantProtocol::H323,
                participant_type: ParticipantType::ByAddress,
                authentication_user: "admin",
                authentication_password: "TANDBERG".into(),
            }
        );
    }
}

#[test]
fn participant_enumerate_decodes_factory_conference_ids() {
    let mut xml = call(
        "participant.enumerate",
        "'factoryConferenceIds': ['a7062510-5625-11e1-bdb0-0010f31a4434', 'b2']",
    );
    let Request::ParticipantEnumerate(p) = request(&mut xml, Method::ParticipantEnumerate) else {
        panic!()
    };
    assert_eq!(
        p.factory_conference_ids.unwrap().as_slice(),
        &["a7062510-5625-11e1-bdb0-0010f31a4434", "b2"]
    );
}

#[test]
fn participant_message_decodes_every_input() {
    let mut xml = call(
        "participant.message",
        "'conferenceName': 'c1', 'participantName': 'p1', 'message': 'Meeting ends in 5 minutes', \
         'participantProtocol': 'sip', 'participantType': 'by_name', 'factoryPosition': 'bottom-centre', \
         'duration': 10, 'durationSeconds': 12",
    );
    let Request::ParticipantMessage(p) = request(&mut xml, Method::ParticipantMessage) else {
        panic!()
    };
    assert_eq!(
        p,
        ParticipantMessageParams {
            conference_name: "c1",
            participant_name: "p1",
            message: "Meeting ends in 5 minutes",
            participant_protocol: Some(ParticipantProtocol::Sip),
            participant_type: Some(ParticipantType::ByName),
            factory_position: Some(FactoryPosition::BottomCentre),
            duration: Some(10),
            duration_seconds: Some(12),
            authentication_user: "admin",
            authentication_password: "TANDBERG".into(),
        }
    );
}

#[test]
fn participant_modify_decodes_every_input() {
    let mut xml = call(
        "participant.modify",
        "'conferenceName': 'c1', 'participantName': 'p1', 'participantProtocol': 'vnc', \
         'participantType': 'by_name', 'displayNameOverrideStatus': True, \
         'displayNameOverrideValue': 'Alice', 'cpLayout': 'layout2', 'layoutControlEnabled': False, \
         'audioRxMuted': True, 'audioRxGainMode': 'fixed', 'audioRxGainMilliDb': -3000, \
         'videoRxMuted': False, 'videoTxWidescreen': True, 'autoDisconnect': False, \
         'suppressDtmf': 'fecc', 'dtmfSequence': '1,2#', 'audioTxMuted': 'true', \
         'borderWidth': 2, 'important': True",
    );
    let Request::ParticipantModify(p) = request(&mut xml, Method::ParticipantModify) else {
        panic!()
    };
    assert_eq!(
        p,
        ParticipantModifyParams {
            conference_name: "c1",
            participant_name: "p1",
            participant_protocol: ParticipantProtocol::Vnc,
            participant_type: ParticipantType::ByName,
            display_name_override_status: Some(true),
            display_name_override_value: Some("Alice"),
            cp_layout: Some("layout2"),
            layout_control_enabled: Some(false),
            audio_rx_muted: Some(true),
            audio_rx_gain_mode: Some(AudioRxGainMode::Fixed),
            audio_rx_gain_milli_db: Some(-3000),
            video_rx_muted: Some(false),
            video_tx_widescreen: Some(true),
            auto_disconnect: Some(false),
            suppress_dtmf: Some(SuppressDtmf::Fecc),
            dtmf_sequence: Some("1,2#"),
            audio_tx_muted: Some(true),
            border_width: Some(2),
            important: Some(true),
            authentication_user: "admin",
            authentication_password: "TANDBERG".into(),
        }
    );
}

#[test]
fn event_notification_built_by_cpython_decodes() {
    let mut xml = common::dumps_call(
        "eventNotification",
        "{'sourceIdentifier': 'id1', 'seqn': 42, 'events': [\
           {'name': 'conferenceJoined', 'args': {'factory_conference_id': 'f1', \
             'unauthenticated_source_alias': ['alice@example.com', '1234'], \
             'participant_role': 'host', 'request_id': 'r1'}}, \
           {'name': 'partitionRecovery', 'args': {}}]}",
    );
    let Request::EventNotification(n) = request(&mut xml, Method::EventNotification) else {
        panic!()
    };
    assert_eq!(n.source_identifier, "id1");
    assert_eq!(n.seqn, 42);
    assert_eq!(n.events.len(), 2);
    let e = &n.events[0];
    assert_eq!(e.name.known(), Some(EventName::ConferenceJoined));
    assert_eq!(
        e.args
            .unauthenticated_source_alias
            .as_ref()
            .unwrap()
            .as_slice(),
        &["alice@example.com", "1234"]
    );
    assert_eq!(e.args.participant_role, Some("host"));
    assert_eq!(n.events[1].name.known(), Some(EventName::PartitionRecovery));
}
