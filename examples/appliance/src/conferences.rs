//! The running conferences and their participants (in memory: a restart
//! ends every conference, as it does on a Conductor).

use std::collections::HashMap;
use std::time::Instant;

use baton_rpc::enums::{
    Encryption, FactoryBridgeType, FactoryLayout, FactoryTemplateType, FactoryWebExCallType,
    ParticipantProtocol, WebEx,
};
use baton_rpc::factory::ResourceLimits;
use baton_rpc::{Fault, FaultCode};

use crate::config::Limits;

/// A participant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Participant {
    /// `participantName` (not unique: calls act on every namesake).
    pub name: String,
    /// `address`.
    pub address: String,
    /// `displayName` (the override when set, else the name).
    pub display_name: String,
    /// `participantProtocol`.
    pub protocol: ParticipantProtocol,
    /// Added as a guest.
    pub guest: bool,
    /// `audioRxMuted`.
    pub audio_rx_muted: bool,
    /// `audioTxMuted`.
    pub audio_tx_muted: bool,
    /// `videoRxMuted`.
    pub video_rx_muted: bool,
    /// `videoTxMuted`.
    pub video_tx_muted: bool,
    /// `dtmfSequence`.
    pub dtmf_sequence: Option<String>,
    /// `important`.
    pub important: bool,
    /// `cpLayout`.
    pub cp_layout: Option<String>,
    /// `factoryNumScreens` (1 unless `participant.add` said otherwise):
    /// which ParticipantCost its load is.
    pub screens: u8,
    /// The WebEx call type, for the calls `factory.webex.add` made.
    pub web_ex_call_type: Option<FactoryWebExCallType>,
    /// The last `participant.message` text.
    pub last_message: Option<String>,
    /// When it was added.
    pub connected_at: Instant,
}

impl Participant {
    /// A participant as `participant.add` makes it.
    pub fn new(name: &str, address: &str, protocol: ParticipantProtocol, guest: bool) -> Self {
        Participant {
            name: name.to_owned(),
            address: address.to_owned(),
            display_name: name.to_owned(),
            protocol,
            guest,
            audio_rx_muted: false,
            audio_tx_muted: false,
            video_rx_muted: false,
            video_tx_muted: false,
            dtmf_sequence: None,
            important: false,
            cp_layout: None,
            screens: 1,
            web_ex_call_type: None,
            last_message: None,
            connected_at: Instant::now(),
        }
    }
}

/// A running conference.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conference {
    /// `conferenceName`.
    pub name: String,
    /// `factoryConferenceId` (a UUID).
    pub id: String,
    /// The alias it was created from (normalized).
    pub alias: String,
    /// The ConfBundle (CMR) it came from.
    pub bundle_id: Option<String>,
    /// The bundle's `owner_id`.
    pub owner_id: Option<String>,
    /// The display name.
    pub display_name: String,
    /// `meet` or `lesson`.
    pub template_type: FactoryTemplateType,
    /// The `version_id` of its ConfBundle when it started (another
    /// version later: `factoryTemplateType` `unknown`).
    pub bundle_version: Option<String>,
    /// `reservedVideoPorts` (`conference.create`).
    pub reserved_video_ports: i32,
    /// The bridge type of its Service Preference.
    pub bridge: FactoryBridgeType,
    /// The Service Preference whose pool hosts it (its ConfBundle's, else
    /// the default one).
    pub service_id: Option<String>,
    /// Its ConfBundle allows content (the per-conference cost applies:
    /// `baton_validate::service_cost::conference_cost_of`).
    pub supports_content: bool,
    /// `locked`.
    pub locked: bool,
    /// `webEx` asked at creation.
    pub web_ex: WebEx,
    /// `encryption`.
    pub encryption: Encryption,
    /// `factoryLayout` (else the bundle's layout).
    pub layout: Option<FactoryLayout>,
    /// `h239Important`.
    pub h239_important: bool,
    /// `factoryMinDurationMinutes`.
    pub min_minutes: i32,
    /// `factoryMaxDurationMinutes` (0: the template's).
    pub max_minutes: i32,
    /// Host PIN in force.
    pub pin: Option<String>,
    /// Guest PIN in force.
    pub guest_pin: Option<String>,
    /// `factoryResourceLimits`.
    pub limits: ResourceLimits,
    /// The bundle's `max_participants` (0: none).
    pub max_participants: usize,
    /// `customLayout` (deprecated `conference.modify`).
    pub custom_layout: Option<i32>,
    /// `customLayoutEnabled` (deprecated `conference.modify`).
    pub custom_layout_enabled: bool,
    /// Kept alive without participants (its bundle has enabled
    /// auto-dialed participants).
    pub keep_alive: bool,
    /// The participants.
    pub participants: Vec<Participant>,
    /// When it was created.
    pub created_at: Instant,
}

impl Conference {
    /// Whether every string it shows in `conference.enumerate` and feedback
    /// events holds only XML characters
    /// (`baton_validate::text::is_xml_text`).
    pub fn is_xml_text(&self) -> bool {
        use baton_validate::text::is_xml_text;
        [
            Some(self.name.as_str()),
            Some(self.id.as_str()),
            Some(self.alias.as_str()),
            self.bundle_id.as_deref(),
            self.owner_id.as_deref(),
            Some(self.display_name.as_str()),
            self.pin.as_deref(),
            self.guest_pin.as_deref(),
        ]
        .into_iter()
        .flatten()
        .all(is_xml_text)
    }

    /// A WebEx conference: created with `webEx` SIP / SIP-TSP, or one a
    /// WebEx call joined (`factory.webex.add` with `bestEffort`).
    pub fn is_web_ex(&self) -> bool {
        self.web_ex != WebEx::None
            || self
                .participants
                .iter()
                .any(|p| p.web_ex_call_type.is_some())
    }

    /// The participant limit in force: the smaller of the bundle's
    /// `max_participants` and `factoryResourceLimits` `signalling` (TS) or
    /// `ports` (MCU); 0 for none.
    pub fn participant_limit(&self) -> usize {
        let resource = match self.bridge {
            FactoryBridgeType::Tsmcu => self.limits.signalling,
            FactoryBridgeType::Mcu => self.limits.ports,
        }
        .and_then(|v| usize::try_from(v).ok())
        .unwrap_or(0);
        match (self.max_participants, resource) {
            (0, r) => r,
            (m, 0) => m,
            (m, r) => m.min(r),
        }
    }
}

/// Every running conference, by name, with an index by
/// `factoryConferenceId` and the total number of calls.
#[derive(Debug, Default)]
pub struct Conferences {
    by_name: HashMap<String, Conference>,
    by_id: HashMap<String, String>,
    order: Vec<String>,
    calls: usize,
}

impl Conferences {
    /// How many conferences run.
    pub fn len(&self) -> usize {
        self.by_name.len()
    }

    /// Whether none runs.
    pub fn is_empty(&self) -> bool {
        self.by_name.is_empty()
    }

    /// Video ports reserved by running conferences.
    pub fn reserved_video_ports(&self) -> i64 {
        self.by_name
            .values()
            .map(|c| i64::from(c.reserved_video_ports.max(0)))
            .sum()
    }

    /// How many calls (participants) in total.
    pub fn calls(&self) -> usize {
        self.calls
    }

    /// The conference `name`.
    pub fn get(&self, name: &str) -> Option<&Conference> {
        self.by_name.get(name)
    }

    /// The conference with `factoryConferenceId` `id`.
    pub fn by_id(&self, id: &str) -> Option<&Conference> {
        self.by_name.get(self.by_id.get(id)?)
    }

    /// Every conference, oldest first.
    pub fn iter(&self) -> impl Iterator<Item = &Conference> {
        self.order.iter().filter_map(|n| self.by_name.get(n))
    }

    /// Adds a conference (the name must be free).
    pub fn insert(&mut self, c: Conference) {
        self.calls += c.participants.len();
        self.by_id.insert(c.id.clone(), c.name.clone());
        self.order.push(c.name.clone());
        self.by_name.insert(c.name.clone(), c);
    }

    /// Ends a conference (fault 4 when there is none of that name).
    pub fn remove(&mut self, name: &str) -> Result<Conference, Fault> {
        let c = self
            .by_name
            .remove(name)
            .ok_or_else(|| Fault::new(FaultCode::NoSuchConference))?;
        self.by_id.remove(&c.id);
        self.order.retain(|n| n != name);
        self.calls -= c.participants.len().min(self.calls);
        Ok(c)
    }

    /// The conference `name`, for changes (fault 4 when none).
    pub fn get_mut(&mut self, name: &str) -> Result<&mut Conference, Fault> {
        self.by_name
            .get_mut(name)
            .ok_or_else(|| Fault::new(FaultCode::NoSuchConference))
    }

    /// Adds participants to `name`, checking the device's `max_calls`,
    /// `max_participants_per_conference` and the conference's own limit
    /// (fault 7 "too many participants").
    pub fn add_participants(
        &mut self,
        name: &str,
        new: Vec<Participant>,
        limits: Limits,
    ) -> Result<(), Fault> {
        let calls = self.calls;
        let c = self.get_mut(name)?;
        let limit = match c.participant_limit() {
            0 => limits.max_participants_per_conference,
            l => l.min(limits.max_participants_per_conference),
        };
        let after = c.participants.len() + new.len();
        if calls + new.len() > limits.max_calls || after > limit {
            return Err(Fault::new(FaultCode::TooManyParticipants));
        }
        let n = new.len();
        c.participants.extend(new);
        self.calls += n;
        Ok(())
    }

    /// Applies `f` to every participant named `participant` of `conference`
    /// (fault 4 / 5 when there is none); returns how many.
    pub fn for_each_named(
        &mut self,
        conference: &str,
        participant: &str,
        mut f: impl FnMut(&mut Participant),
    ) -> Result<usize, Fault> {
        let c = self.get_mut(conference)?;
        let mut n = 0;
        for p in c.participants.iter_mut().filter(|p| p.name == participant) {
            f(p);
            n += 1;
        }
        if n == 0 {
            return Err(Fault::new(FaultCode::NoSuchParticipant));
        }
        Ok(n)
    }

    /// Removes every participant named `participant` (fault 4 / 5).
    pub fn remove_named(&mut self, conference: &str, participant: &str) -> Result<usize, Fault> {
        let c = self.get_mut(conference)?;
        let before = c.participants.len();
        c.participants.retain(|p| p.name != participant);
        let removed = before - c.participants.len();
        if removed == 0 {
            return Err(Fault::new(FaultCode::NoSuchParticipant));
        }
        self.calls -= removed.min(self.calls);
        Ok(removed)
    }

    /// The conferences whose lifetime is over at `now`: past
    /// `factoryMaxDurationMinutes` (or the template's `max_duration`,
    /// `template_max` minutes), or empty and past
    /// `factoryMinDurationMinutes`.
    pub fn expired(&self, now: Instant, template_max: impl Fn(&Conference) -> u64) -> Vec<String> {
        self.iter()
            .filter(|c| {
                let age = now.saturating_duration_since(c.created_at).as_secs();
                let max = match u64::try_from(c.max_minutes).unwrap_or(0) {
                    0 => template_max(c),
                    m => m,
                };
                let min = u64::try_from(c.min_minutes).unwrap_or(0);
                (max > 0 && age >= max * 60)
                    || (c.participants.is_empty() && !c.keep_alive && age >= min * 60)
            })
            .map(|c| c.name.clone())
            .collect()
    }
}
