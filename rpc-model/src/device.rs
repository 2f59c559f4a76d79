//! `device.*`: params and replies.

use serde::{Deserialize, Serialize};

use crate::value::Iso8601;

table_params! {
    /// `device.query` params (authentication only).
    pub struct DeviceQueryParams<'a> {}
}

table_params! {
    /// `device.network.query` params (authentication only).
    pub struct DeviceNetworkQueryParams<'a> {}
}

/// `device.query` reply.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceQueryReply<'a> {
    /// `currentTime` (`dateTime.iso8601`): the system's local time.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub current_time: Option<Iso8601<'a>>,
    /// `serial`: the serial number.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub serial: Option<&'a str>,
    /// `softwareVersion`.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub software_version: Option<&'a str>,
    /// `buildVersion`.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub build_version: Option<&'a str>,
    /// `model`: `Cisco TelePresence Conductor`.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub model: Option<&'a str>,
    /// `apiVersion`: the API version implemented.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub api_version: Option<&'a str>,
    /// `totalVideoPorts`: video ports (MCUs only, incl. disabled ones).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_video_ports: Option<i32>,
}

/// An Ethernet port struct of `device.network.query` (`portA`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkPort<'a> {
    /// `macAddress`: the device's MAC address.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub mac_address: Option<&'a str>,
    /// `ipAddress` (MCU).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub ip_address: Option<&'a str>,
    /// `subnetMask` (MCU).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub subnet_mask: Option<&'a str>,
    /// `defaultGateway` (MCU).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub default_gateway: Option<&'a str>,
}

/// `device.network.query` reply.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceNetworkQueryReply<'a> {
    /// `portA`: Ethernet port A.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub port_a: Option<NetworkPort<'a>>,
}
