//! The provisioned ConfBundles in memory: by ConfBundleID, with an index
//! of every `exact_match` alias (a hash map: lookups stay O(1) at the
//! spec's 200,000 aliases) and the set of generated conference names.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use baton_rest::{AliasRole, ConfBundle};
use baton_validate::AliasDirectory;

/// One alias of a bundle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AliasEntry {
    /// `exact_match` (lower case).
    pub exact_match: String,
    /// `role`.
    pub role: Option<AliasRole>,
    /// `allow_conference_creation` (default true).
    pub allow_conference_creation: bool,
}

/// A provisioned ConfBundle: its stored JSON and the facts the device
/// uses when creating conferences from it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BundleEntry {
    /// The ConfBundleID.
    pub id: String,
    /// The JSON a GET answers (with `conference_name` and `version_id`).
    pub json: Vec<u8>,
    /// `version_id` (the ConfBundleVer).
    pub version_id: String,
    /// `conference_name`.
    pub conference_name: String,
    /// `conference_display_name`.
    pub display_name: String,
    /// `service_preference_id`.
    pub service_id: String,
    /// The aliases.
    pub aliases: Vec<AliasEntry>,
    /// `owner_id`.
    pub owner_id: Option<String>,
    /// `multi_party_license` (`PMP` / `SMP`; SMP when omitted).
    pub multi_party_license: Option<String>,
    /// `max_participants` (0: no limit).
    pub max_participants: usize,
    /// `host_pin`.
    pub host_pin: Option<String>,
    /// `guest_pin`.
    pub guest_pin: Option<String>,
    /// Enabled auto-dialed participants.
    pub auto_dialed: usize,
    /// Every auto-dialed participant provisioned, enabled or not (what
    /// the Appendix A total of 100,000 counts).
    pub auto_dialed_provisioned: usize,
    /// `allow_content`.
    pub allow_content: bool,
    /// `layout`.
    pub layout: Option<String>,
}

impl BundleEntry {
    /// The facts of `b` (a ConfBundle as stored, `conference_name` and
    /// `version_id` included), with `json` its stored text.
    pub fn from_bundle(id: &str, b: &ConfBundle<'_>, json: Vec<u8>) -> Self {
        let aliases = b
            .aliases
            .as_deref()
            .unwrap_or(&[])
            .iter()
            .map(|a| AliasEntry {
                exact_match: a.exact_match.unwrap_or("").to_lowercase(),
                role: a.role(),
                allow_conference_creation: a.allow_conference_creation.unwrap_or(true),
            })
            .collect();
        let participants = b.auto_dialed_participants.as_deref().unwrap_or(&[]);
        let auto_dialed = participants
            .iter()
            .filter(|p| p.enabled_state != Some(false))
            .count();
        BundleEntry {
            id: id.to_owned(),
            json,
            version_id: b.version_id.unwrap_or("").to_owned(),
            conference_name: b.conference_name.unwrap_or("").to_owned(),
            display_name: b.conference_display_name.unwrap_or("").to_owned(),
            service_id: b.service_preference_id.unwrap_or("").to_owned(),
            aliases,
            owner_id: b.owner_id.map(str::to_owned),
            multi_party_license: b.multi_party_license.map(str::to_owned),
            max_participants: b
                .max_participants
                .and_then(|v| usize::try_from(v).ok())
                .unwrap_or(0),
            host_pin: b.host_pin.map(str::to_owned),
            guest_pin: b.guest_pin.map(str::to_owned),
            auto_dialed,
            auto_dialed_provisioned: participants.len(),
            allow_content: b.allow_content == Some(true),
            layout: b.layout.map(str::to_owned),
        }
    }

    /// Decodes a stored ConfBundle JSON.
    pub fn from_stored(id: &str, json: Vec<u8>) -> Result<Self, String> {
        let mut scratch = vec![0u8; json.len()];
        let entry = {
            let b: ConfBundle<'_> = baton_rest::from_slice(&json, &mut scratch)
                .map_err(|e| format!("stored ConfBundle {id}: {e}"))?;
            BundleEntry::from_bundle(id, &b, Vec::new())
        };
        Ok(BundleEntry { json, ..entry })
    }
}

/// Every provisioned ConfBundle.
#[derive(Debug, Default)]
pub struct Bundles {
    by_id: HashMap<String, Arc<BundleEntry>>,
    aliases: HashMap<String, String>,
    names: HashSet<String>,
    /// Auto-dialed participants of every bundle (kept as bundles come and
    /// go: the Appendix A total is checked in O(1)).
    auto_dialed: usize,
}

impl Bundles {
    /// How many bundles.
    pub fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }

    /// How many aliases in total.
    pub fn alias_count(&self) -> usize {
        self.aliases.len()
    }

    /// How many auto-dialed participants in total (enabled or not).
    pub fn auto_dialed_count(&self) -> usize {
        self.auto_dialed
    }

    /// How many auto-dialed participants there would be with `id`'s
    /// replaced by `new` of them.
    pub fn auto_dialed_count_after(&self, id: &str, new: usize) -> usize {
        let old = self.by_id.get(id).map_or(0, |b| b.auto_dialed_provisioned);
        self.auto_dialed - old.min(self.auto_dialed) + new
    }

    /// The bundle `id`.
    pub fn get(&self, id: &str) -> Option<&Arc<BundleEntry>> {
        self.by_id.get(id)
    }

    /// The bundle owning the `exact_match` alias `alias` (already
    /// normalized: lower case, SIP domain applied).
    pub fn by_alias(&self, alias: &str) -> Option<(&Arc<BundleEntry>, &AliasEntry)> {
        let id = self.aliases.get(alias)?;
        let b = self.by_id.get(id)?;
        let a = b.aliases.iter().find(|a| a.exact_match == alias)?;
        Some((b, a))
    }

    /// Whether a bundle's `conference_name` is `name`.
    pub fn has_conference_name(&self, name: &str) -> bool {
        self.names.contains(name)
    }

    /// Whether any bundle has the owner `owner_id`.
    pub fn has_owner(&self, owner_id: &str) -> bool {
        self.by_id
            .values()
            .any(|b| b.owner_id.as_deref() == Some(owner_id))
    }

    /// The `multi_party_license` of the bundles with `owner_id`, by owner
    /// (`None` when none of the owner's bundles states one; the first
    /// stated, by ConfBundleID, when several do).
    pub fn licenses_by_owner(&self) -> HashMap<&str, Option<&str>> {
        let mut bundles: Vec<&BundleEntry> = self.by_id.values().map(|b| &**b).collect();
        bundles.sort_unstable_by(|a, b| a.id.cmp(&b.id));
        let mut out = HashMap::new();
        for b in bundles {
            if let Some(owner) = b.owner_id.as_deref() {
                let license = out.entry(owner).or_insert(None);
                if license.is_none() {
                    *license = b.multi_party_license.as_deref();
                }
            }
        }
        out
    }

    /// The `owner_id`s the bundles refer to.
    pub fn owner_ids(&self) -> HashSet<&str> {
        self.by_id
            .values()
            .filter_map(|b| b.owner_id.as_deref())
            .collect()
    }

    /// Every `(ConfBundleID, version_id)`, sorted by ID.
    pub fn versions(&self) -> Vec<(&str, &str)> {
        let mut v: Vec<_> = self
            .by_id
            .values()
            .map(|b| (b.id.as_str(), b.version_id.as_str()))
            .collect();
        v.sort_unstable();
        v
    }

    /// Inserts or replaces a bundle (its old aliases and name released).
    pub fn insert(&mut self, entry: BundleEntry) {
        self.remove(&entry.id);
        for a in &entry.aliases {
            self.aliases.insert(a.exact_match.clone(), entry.id.clone());
        }
        self.names.insert(entry.conference_name.clone());
        self.auto_dialed += entry.auto_dialed_provisioned;
        self.by_id.insert(entry.id.clone(), Arc::new(entry));
    }

    /// Removes a bundle; returns it.
    pub fn remove(&mut self, id: &str) -> Option<Arc<BundleEntry>> {
        let old = self.by_id.remove(id)?;
        for a in &old.aliases {
            if self.aliases.get(&a.exact_match).map(String::as_str) == Some(id) {
                self.aliases.remove(&a.exact_match);
            }
        }
        self.names.remove(&old.conference_name);
        self.auto_dialed -= old.auto_dialed_provisioned.min(self.auto_dialed);
        Some(old)
    }

    /// Removes every bundle.
    pub fn clear(&mut self) {
        self.by_id.clear();
        self.aliases.clear();
        self.names.clear();
        self.auto_dialed = 0;
    }

    /// How many aliases there would be with `id`'s aliases replaced by
    /// `new_aliases` of them.
    pub fn alias_count_after(&self, id: &str, new_aliases: usize) -> usize {
        let old = self.by_id.get(id).map_or(0, |b| b.aliases.len());
        self.aliases.len() - old.min(self.aliases.len()) + new_aliases
    }

    /// A new `conference_name`: `display_name` (cut to 32 characters for
    /// MCU Service Preferences) followed by a random 6-digit number that
    /// no bundle's name has (and that differs from `previous`).
    pub fn new_conference_name(
        &self,
        display_name: &str,
        mcu: bool,
        previous: Option<&str>,
    ) -> String {
        let base: String = if mcu {
            display_name.chars().take(32).collect()
        } else {
            display_name.to_owned()
        };
        loop {
            let n = 100_000 + crate::random::below(900_000);
            let name = format!("{base}{n}");
            if !self.names.contains(&name) && previous != Some(name.as_str()) {
                return name;
            }
        }
    }
}

impl AliasDirectory for Bundles {
    fn owner_of(&self, exact_match: &str) -> Option<&str> {
        match self.aliases.get(exact_match) {
            Some(id) => Some(id.as_str()),
            None if exact_match.bytes().any(|b| b.is_ascii_uppercase()) => self
                .aliases
                .get(&exact_match.to_lowercase())
                .map(String::as_str),
            None => None,
        }
    }
}
