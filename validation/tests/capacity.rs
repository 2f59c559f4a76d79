//! The capacity arithmetic, tested with the spec's worked examples
//! ("Scheduling via Cisco TMS" > "Examples").

use baton_rest::{from_slice_in_place, BridgeType, ServiceParams};
use baton_rpc::factory::ResourceLimits;
use baton_validate::capacity::*;
use baton_validate::Error;

/// The TelePresence Server example's ServiceParams: per conference
/// {Calls=0, Media=0, Licenses=0}; 1 screen {1, 3072, 3840}; 2 screens
/// {1, 4992, 5040}; 3 screens {1, 6912, 7560}; 4 screens {1, 8832, 10080}.
const TS_PARAMS: &str = r#"{"bridge_type": "tsmcu", "bridge_capabilities": ["multiscreen"],
  "conference_cost": [{"dimension": "signalling", "value": 0}, {"dimension": "media", "value": 0}, {"dimension": "licenses", "value": 0}],
  "participant_cost": [
    {"num_screens": 1, "resources": [{"dimension": "signalling", "value": 1}, {"dimension": "media", "value": 3072}, {"dimension": "licenses", "value": 3840}]},
    {"num_screens": 2, "resources": [{"dimension": "signalling", "value": 1}, {"dimension": "media", "value": 4992}, {"dimension": "licenses", "value": 5040}]},
    {"num_screens": 3, "resources": [{"dimension": "signalling", "value": 1}, {"dimension": "media", "value": 6912}, {"dimension": "licenses", "value": 7560}]},
    {"num_screens": 4, "resources": [{"dimension": "signalling", "value": 1}, {"dimension": "media", "value": 8832}, {"dimension": "licenses", "value": 10080}]}]}"#;

fn mcu_params(per_conference: i64) -> String {
    format!(
        r#"{{"bridge_type": "mcu", "conference_cost": [{{"dimension": "ports", "value": {per_conference}}}],
            "participant_cost": [{{"num_screens": 1, "resources": [{{"dimension": "ports", "value": 1}}]}}]}}"#
    )
}

fn limits(params: &str, mix: EndpointMix) -> ResourceLimits {
    let mut buf = params.as_bytes().to_vec();
    let p: ServiceParams = from_slice_in_place(&mut buf).unwrap();
    let totals = conference_cost(&p, &mix).unwrap();
    let bridge = BridgeType::from_name(p.bridge_type.unwrap()).unwrap();
    factory_resource_limits(&totals, bridge).unwrap()
}

fn ts(signalling: i32, media: i32, licences: i32) -> ResourceLimits {
    ResourceLimits {
        signalling: Some(signalling),
        media: Some(media),
        licences: Some(licences),
        ports: None,
    }
}

#[test]
fn telepresence_server_4_single_screen_endpoints() {
    let mix = EndpointMix::new().with(1, 4).unwrap();
    assert_eq!(limits(TS_PARAMS, mix), ts(4, 12288, 15360));
}

#[test]
fn telepresence_server_2_three_screen_tip_endpoints() {
    let mix = EndpointMix::new().with_tip_three_screen(2).unwrap();
    assert_eq!(limits(TS_PARAMS, mix), ts(2, 17664, 20160));
}

#[test]
fn telepresence_server_4_single_and_2_three_screen_tip_endpoints() {
    let mix = EndpointMix::new()
        .with(1, 4)
        .unwrap()
        .with_tip_three_screen(2)
        .unwrap();
    assert_eq!(limits(TS_PARAMS, mix), ts(6, 29952, 35520));
}

#[test]
fn mcu_conference_with_content_4_single_screen_endpoints() {
    let mix = EndpointMix::new().with(1, 4).unwrap();
    let l = limits(&mcu_params(1), mix);
    assert_eq!(
        l,
        ResourceLimits {
            ports: Some(5),
            ..Default::default()
        }
    );
}

#[test]
fn mcu_conference_without_content_4_single_screen_endpoints() {
    let mix = EndpointMix::new().with(1, 4).unwrap();
    assert_eq!(limits(&mcu_params(0), mix).ports, Some(4));
}

#[test]
fn multiscreen_endpoints_on_a_bridge_without_multiscreen_cost_one_screen() {
    let mix = EndpointMix::new().with(3, 2).unwrap();
    assert_eq!(limits(&mcu_params(0), mix).ports, Some(2));
}

#[test]
fn capacity_errors_are_values_not_panics() {
    assert_eq!(EndpointMix::new().with(5, 1), Err(Error::InvalidScreens(5)));
    assert_eq!(EndpointMix::new().with(0, 1), Err(Error::InvalidScreens(0)));
    let mut buf = br#"{"participant_cost": [{"num_screens": 1, "resources": [{"dimension": "media", "value": 9223372036854775807}]}]}"#.to_vec();
    let p: ServiceParams = from_slice_in_place(&mut buf).unwrap();
    assert_eq!(
        conference_cost(&p, &EndpointMix::new().with(1, 2).unwrap()),
        Err(Error::Overflow)
    );
    let mut buf = br#"{"participant_cost": [{"num_screens": 2, "resources": []}]}"#.to_vec();
    let p: ServiceParams = from_slice_in_place(&mut buf).unwrap();
    assert_eq!(
        conference_cost(&p, &EndpointMix::new().with(1, 1).unwrap()),
        Err(Error::NoParticipantCost(1))
    );
}
