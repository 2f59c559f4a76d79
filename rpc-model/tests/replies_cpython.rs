//! Every reply type: encoded by baton, read by CPython `loads` with the
//! spec's member names and XML-RPC types, written back by CPython and
//! decoded by the client to the same typed value.

mod common;

use baton_rpc::conference::*;
use baton_rpc::device::*;
use baton_rpc::enums::*;
use baton_rpc::factory::*;
use baton_rpc::feedback_receiver::*;
use baton_rpc::participant::*;
use baton_rpc::server::{encode_fault, encode_reply};
use baton_rpc::value::{Ack, IntOrStr, Iso8601, StatusReply};
use baton_rpc::{decode_reply_in_place, Call, Fault, RemoteFault, Reply};
use serde_json::json;

/// Encodes `reply`, checks CPython reads it as `expected` JSON, has
/// CPython write it back, and returns those bytes for the typed decode.
fn through_cpython<R: serde::Serialize>(reply: &R, expected: serde_json::Value) -> Vec<u8> {
    let mut buf = vec![0u8; 64 * 1024];
    let n = encode_reply(&mut buf, reply).expect("encodes");
    let ours = &buf[..n];
    let read = common::loads(ours);
    assert_eq!(
        read["params"][0],
        expected,
        "{}",
        String::from_utf8_lossy(ours)
    );
    common::reloads_response(ours)
}

fn value<'r, P: Call>(xml: &'r mut [u8]) -> P::Reply<'r> {
    match decode_reply_in_place::<P>(xml).expect("decodes") {
        Reply::Value(v) => v,
        Reply::Fault(f) => panic!("fault {f:?}"),
    }
}

#[test]
fn status_reply_round_trips_through_cpython() {
    let reply = StatusReply::success();
    let mut back = through_cpython(&reply, json!({"status": "operation successful"}));
    assert_eq!(value::<ConferenceDestroyParams>(&mut back), reply);
    let reply = StatusReply {
        status: Some("error"),
        info: Some("conference <x> & \"y\" not found"),
    };
    let mut back = through_cpython(
        &reply,
        json!({"status": "error", "info": "conference <x> & \"y\" not found"}),
    );
    assert_eq!(value::<ParticipantAddParams>(&mut back), reply);
}

#[test]
fn conference_enumerate_reply_round_trips_through_cpython() {
    let conferences = [Conference {
        conference_name: Some("board"),
        factory_template_type: Some(FactoryTemplateType::Meet),
        is_cascaded: Some(true),
        factory_conference_id: Some("a7062510-5625-11e1-bdb0-0010f31a4434"),
        factory_web_ex: Some(WebEx::Sip),
        factory_conf_bundle_id: Some("b-1"),
        factory_owner_id: Some("o-1"),
        encryption: Some(Encryption::Optional),
        locked: Some(false),
        unique_id: Some(12),
        numeric_id: Some("8001"),
        active: Some(true),
        duration_seconds: Some(0),
        ..Default::default()
    }];
    let reply = ConferenceEnumerateReply {
        enumerate_id: Some(IntOrStr::Str("e1")),
        current_revision: Some(5),
        conferences: &conferences[..],
    };
    let mut back = through_cpython(
        &reply,
        json!({
            "enumerateID": "e1",
            "currentRevision": 5,
            "conferences": [{
                "conferenceName": "board",
                "factoryTemplateType": "meet",
                "isCascaded": true,
                "factoryConferenceId": "a7062510-5625-11e1-bdb0-0010f31a4434",
                "factoryWebEx": "SIP",
                "factoryConfBundleId": "b-1",
                "factoryOwnerId": "o-1",
                "encryption": "optional",
                "locked": false,
                "uniqueId": 12,
                "numericId": "8001",
                "active": true,
                "durationSeconds": 0
            }]
        }),
    );
    let decoded = value::<ConferenceEnumerateParams>(&mut back);
    assert_eq!(decoded.enumerate_id, reply.enumerate_id);
    assert_eq!(decoded.current_revision, Some(5));
    assert_eq!(decoded.conferences.as_slice(), &conferences[..]);
}

#[test]
fn participant_enumerate_reply_round_trips_through_cpython() {
    let participants = [
        Participant {
            mcu_ip_address: Some("10.0.0.5"),
            factory_conference_id: Some("f1"),
            participant_name: Some("p1"),
            participant_type: Some(ParticipantType::AdHoc),
            participant_protocol: Some(ParticipantProtocol::Sip),
            conference_name: Some("c1"),
            address: Some("sip:alice@example.com"),
            display_name: Some("Alice"),
            factory_bridge_type: Some(FactoryBridgeType::Tsmcu),
            audio_rx_muted: Some(false),
            audio_tx_muted: Some(true),
            video_tx_muted: Some(false),
            dtmf_sequence: Some("1#"),
            preview_url: Some(""),
            factory_web_ex: Some(WebEx::None),
            factory_web_ex_call_type: Some(FactoryWebExCallType::VideoAudio),
            call_state: Some("connected"),
            connect_time: Some(IntOrStr::Int(1700000000)),
            disconnect_reason: None,
            ..Default::default()
        },
        Participant {
            participant_name: Some("p2"),
            ..Default::default()
        },
    ];
    let reply = ParticipantEnumerateReply {
        enumerate_id: Some(IntOrStr::Int(9)),
        current_revision: None,
        participants: &participants[..],
    };
    let mut back = through_cpython(
        &reply,
        json!({
            "enumerateID": 9,
            "participants": [{
                "mcuIPAddress": "10.0.0.5",
                "factoryConferenceId": "f1",
                "participantName": "p1",
                "participantType": "ad_hoc",
                "participantProtocol": "sip",
                "conferenceName": "c1",
                "address": "sip:alice@example.com",
                "displayName": "Alice",
                "factoryBridgeType": "tsmcu",
                "audioRxMuted": false,
                "audioTxMuted": true,
                "videoTxMuted": false,
                "dtmfSequence": "1#",
                "previewURL": "",
                "factoryWebEx": "None",
                "factoryWebExCallType": "VideoAudio",
                "callState": "connected",
                "connectTime": 1700000000
            }, {"participantName": "p2"}]
        }),
    );
    let decoded = value::<ParticipantEnumerateParams>(&mut back);
    assert_eq!(decoded.enumerate_id, Some(IntOrStr::Int(9)));
    assert_eq!(decoded.participants.as_slice(), &participants[..]);
}

#[test]
fn device_query_reply_round_trips_through_cpython_with_datetime() {
    let reply = DeviceQueryReply {
        current_time: Some(Iso8601("20240102T03:04:05")),
        serial: Some("52A00000"),
        software_version: Some("XC4.3.1"),
        build_version: Some("4.3.1.0"),
        model: Some("Cisco TelePresence Conductor"),
        api_version: Some("4.0"),
        total_video_ports: Some(120),
    };
    let mut back = through_cpython(
        &reply,
        json!({
            "currentTime": {"dateTime": "20240102T03:04:05"},
            "serial": "52A00000",
            "softwareVersion": "XC4.3.1",
            "buildVersion": "4.3.1.0",
            "model": "Cisco TelePresence Conductor",
            "apiVersion": "4.0",
            "totalVideoPorts": 120
        }),
    );
    assert_eq!(value::<DeviceQueryParams>(&mut back), reply);
}

#[test]
fn device_network_query_reply_round_trips_through_cpython() {
    let reply = DeviceNetworkQueryReply {
        port_a: Some(NetworkPort {
            mac_address: Some("00:50:56:00:00:01"),
            ip_address: Some("10.0.0.2"),
            ..Default::default()
        }),
    };
    let mut back = through_cpython(
        &reply,
        json!({"portA": {"macAddress": "00:50:56:00:00:01", "ipAddress": "10.0.0.2"}}),
    );
    assert_eq!(value::<DeviceNetworkQueryParams>(&mut back), reply);
}

#[test]
fn factory_conferencecreate_reply_round_trips_with_deprecated_id() {
    let reply = FactoryConferenceCreateReply {
        status: Some("operation successful"),
        info: None,
        conference_name: Some("meet_123"),
        factory_conference_id: Some("f-1"),
        factory_conference_id_deprecated: Some("f-1"),
    };
    let mut back = through_cpython(
        &reply,
        json!({
            "status": "operation successful",
            "conferenceName": "meet_123",
            "factoryConferenceId": "f-1",
            "factory_conference_id": "f-1"
        }),
    );
    assert_eq!(value::<FactoryConferenceCreateParams>(&mut back), reply);
}

#[test]
fn factory_conferencemodify_reply_round_trips_with_fault_code() {
    let reply = FactoryConferenceModifyReply {
        status: Some("error"),
        info: Some("conference not found"),
        fault_code: Some(IntOrStr::Str("4")),
    };
    let mut back = through_cpython(
        &reply,
        json!({"status": "error", "info": "conference not found", "faultCode": "4"}),
    );
    assert_eq!(value::<FactoryConferenceModifyParams>(&mut back), reply);
}

#[test]
fn factory_health_query_reply_round_trips_through_cpython() {
    let reply = FactoryHealthQueryReply {
        fan_1: Some("N/A"),
        fan_2: Some("N/A"),
        fan_3: Some("N/A"),
        committed_as: Some("1843200 kB"),
        cpu_load_1: Some(1),
        cpu_load_5: Some(0),
        cpu_load_15: Some(0),
    };
    let mut back = through_cpython(
        &reply,
        json!({
            "fan_1": "N/A", "fan_2": "N/A", "fan_3": "N/A",
            "committed_as": "1843200 kB",
            "cpu_load_1": 1, "cpu_load_5": 0, "cpu_load_15": 0
        }),
    );
    assert_eq!(value::<FactoryHealthQueryParams>(&mut back), reply);
}

#[test]
fn feedback_receiver_replies_round_trip_through_cpython() {
    let reply = FeedbackReceiverConfigureReply {
        receiver_index: Some(2),
        status: None,
    };
    let mut back = through_cpython(&reply, json!({"receiverIndex": 2}));
    assert_eq!(
        value::<FeedbackReceiverExtendedConfigureParams>(&mut back),
        reply
    );

    let receivers = [ReceiverInfo {
        receiver_uri: Some("http://10.2.134.40:5050/RPC2"),
        source_identifier: Some("tms-1"),
        index: Some(1),
    }];
    let reply = FeedbackReceiverQueryReply::new(&receivers[..]);
    let mut back = through_cpython(
        &reply,
        json!({"receivers": [{"receiverURI": "http://10.2.134.40:5050/RPC2", "sourceIdentifier": "tms-1", "index": 1}]}),
    );
    let decoded = value::<FeedbackReceiverQueryParams>(&mut back);
    assert_eq!(decoded.receivers.as_slice(), &receivers[..]);

    let empty = FeedbackReceiverQueryReply::new(&[][..] as &[ReceiverInfo]);
    let mut back = through_cpython(&empty, json!({"receivers": []}));
    assert!(value::<FeedbackReceiverQueryParams>(&mut back)
        .receivers
        .is_empty());
}

#[test]
fn event_notification_ack_accepts_any_reply() {
    let mut back = through_cpython(&Ack, json!({"status": "operation successful"}));
    assert_eq!(value::<baton_rpc::Notification>(&mut back), Ack);
    let mut xml = common::dumps_response("True");
    assert_eq!(value::<baton_rpc::Notification>(&mut xml), Ack);
}

#[test]
fn fault_round_trips_through_cpython() {
    let fault = Fault::missing_parameter("conferenceName");
    let mut buf = vec![0u8; 1024];
    let n = encode_fault(&mut buf, &fault).unwrap();
    assert_eq!(
        common::loads(&buf[..n]),
        json!({"fault": {"faultCode": 101, "faultString": "missing parameter - conferenceName"}})
    );
    let mut back = common::reloads_response(&buf[..n]);
    assert_eq!(
        decode_reply_in_place::<ConferenceDestroyParams>(&mut back).unwrap(),
        Reply::Fault(RemoteFault {
            code: 101,
            string: "missing parameter - conferenceName"
        })
    );
}

#[test]
fn reply_with_unknown_members_and_integer_booleans_decodes() {
    let mut xml = common::dumps_response(
        "{'participants': [{'participantName': 'p', 'audioRxMuted': 1, 'somethingMcu': {'x': [1]}}], 'extra': 'y'}",
    );
    let r = value::<ParticipantEnumerateParams>(&mut xml);
    assert_eq!(r.participants[0].participant_name, Some("p"));
    assert_eq!(r.participants[0].audio_rx_muted, Some(true));
}

#[test]
fn empty_struct_reply_decodes_to_empty_values() {
    let mut xml = common::dumps_response("{}");
    assert_eq!(
        value::<DeviceQueryParams>(&mut xml),
        DeviceQueryReply::default()
    );
    let mut xml = common::dumps_response("{}");
    assert!(value::<ConferenceEnumerateParams>(&mut xml)
        .conferences
        .is_empty());
}
