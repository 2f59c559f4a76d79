//! What the appliance is configured with: its identity, its service
//! catalog and its limits (the spec's Appendix A by default).

/// The spec's catalog example (ServiceInfo + QualityInfo), the default.
pub const DEFAULT_CATALOG_JSON: &str =
    include_str!("../../../testdata/rest/catalog_from_spec_examples.json");

/// One cost template per default Service Preference, with the figures of
/// the spec's worked examples (Appendix "Examples"), the default.
pub const DEFAULT_SERVICE_COSTS_JSON: &str =
    include_str!("../data/service_costs_from_spec_appendix.json");

/// The device's identity, as `device.query`, `device.network.query`,
/// `/status`, `/systemunit.xml` and the external API report it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceInfo {
    /// `<SystemUnit><Name>`: the system name.
    pub system_name: String,
    /// `serial`.
    pub serial: String,
    /// `softwareVersion`.
    pub software_version: String,
    /// `buildVersion`.
    pub build_version: String,
    /// `apiVersion`.
    pub api_version: String,
    /// `totalVideoPorts` when the service catalog configures no TelePresence
    /// MCU pool capacity (otherwise the MCU pools' `ports` summed).
    pub total_video_ports: i32,
    /// `portA.macAddress`.
    pub mac_address: String,
    /// The peer address (`mcuIPAddress`, the external API's `peer`).
    pub ip_address: String,
    /// Host names that Unified CM may append to dial strings (replaced by
    /// the SIP domain before alias matching, like IP addresses).
    pub host_names: Vec<String>,
}

impl Default for DeviceInfo {
    fn default() -> Self {
        DeviceInfo {
            system_name: "baton-appliance".to_owned(),
            serial: "BATON0000001".to_owned(),
            software_version: "XC4.3.1".to_owned(),
            build_version: "baton".to_owned(),
            api_version: "4.0".to_owned(),
            total_video_ports: 80,
            mac_address: crate::host::mac_address().unwrap_or_else(|| "00:00:00:00:00:00".into()),
            ip_address: "127.0.0.1".to_owned(),
            host_names: Vec::new(),
        }
    }
}

/// The hard limits enforced (Appendix A "Provisioning API Limits" and
/// "General TelePresence Conductor Limits").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Conference bundles: 100,000 (REST error 40 beyond).
    pub max_confbundles: usize,
    /// Direct match aliases in total: 200,000 (REST error 40 beyond).
    pub max_aliases: usize,
    /// Concurrent conferences: 1,000 (fault 6 beyond).
    pub max_conferences: usize,
    /// Total number of calls: 2,400 (fault 7 beyond).
    pub max_calls: usize,
    /// Maximum number of participants per conference: 2,342 (fault 7
    /// beyond).
    pub max_participants_per_conference: usize,
    /// Auto-dialed participants in total: 100,000 (REST error 40 beyond).
    pub max_auto_dialed_participants: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_confbundles: 100_000,
            max_aliases: 200_000,
            max_conferences: 1_000,
            max_calls: 2_400,
            max_participants_per_conference: 2_342,
            max_auto_dialed_participants: 100_000,
        }
    }
}

/// The option keys installed on the device: the multiparty licences
/// `/api/4.0/multipartylicense` reports ("the number of licenses that
/// have been added as an option key to the TelePresence Conductor").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OptionKeys {
    /// Personal Multiparty (PMP) licences installed.
    pub pmp_licenses: u32,
    /// Shared Multiparty (SMP) licences installed.
    pub smp_licenses: u32,
}

impl Default for OptionKeys {
    /// 100 of each.
    fn default() -> Self {
        OptionKeys {
            pmp_licenses: 100,
            smp_licenses: 100,
        }
    }
}

/// Everything an [`crate::Appliance`] is built from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplianceConfig {
    /// Identity.
    pub device: DeviceInfo,
    /// `{"serviceinfo": [...], "qualities": [...]}`.
    pub catalog_json: String,
    /// A JSON array of `ServiceParams` templates for `servicecost`.
    pub service_costs_json: String,
    /// Limits.
    pub limits: Limits,
    /// The option keys installed (multiparty licences).
    pub option_keys: OptionKeys,
}

impl Default for ApplianceConfig {
    fn default() -> Self {
        ApplianceConfig {
            device: DeviceInfo::default(),
            catalog_json: DEFAULT_CATALOG_JSON.to_owned(),
            service_costs_json: DEFAULT_SERVICE_COSTS_JSON.to_owned(),
            limits: Limits::default(),
            option_keys: OptionKeys::default(),
        }
    }
}
