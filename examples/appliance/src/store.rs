//! Durable state in a redb database: ConfBundles, owners, the SIP domain,
//! feedback receivers and settings (the generated API account).
//!
//! Every [`Store::apply`] is one write transaction committed with redb's
//! default `Durability::Immediate`: when it returns `Ok`, the write
//! survives a crash (SIGKILL, power loss) — so the appliance answers a
//! request only after its write is applied. [`Store::in_memory`] keeps the
//! same tables in memory (`--memory`).

use std::path::Path;

use redb::{Database, ReadableDatabase, ReadableTable, TableDefinition};
use serde::{Deserialize, Serialize};

const BUNDLES: TableDefinition<&str, &[u8]> = TableDefinition::new("confbundles");
const OWNERS: TableDefinition<&str, &[u8]> = TableDefinition::new("owners");
const SETTINGS: TableDefinition<&str, &str> = TableDefinition::new("settings");
const RECEIVERS: TableDefinition<u32, &[u8]> = TableDefinition::new("feedback_receivers");

/// The settings key of the SIP domain.
pub const SIP_DOMAIN: &str = "sip_domain";

/// An `owner` as stored, with the generation of the PUT that wrote it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerRecord {
    /// `owner_id` (the key).
    pub owner_id: String,
    /// `external_owner_id`.
    pub external_owner_id: Option<String>,
    /// `multi_party_license`.
    pub multi_party_license: Option<String>,
    /// The `generation` of the `owners` PUT that wrote it.
    pub generation: Option<String>,
}

/// A feedback receiver as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiverRecord {
    /// The slot, 1-20.
    pub index: i32,
    /// `receiverURI`.
    pub uri: String,
    /// `sourceIdentifier`.
    pub source: String,
    /// The subscribed event names (every event when `None`).
    pub events: Option<Vec<String>>,
}

/// One change; [`Store::apply`] commits a list of them atomically.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Write {
    /// Creates or replaces a ConfBundle (its stored JSON).
    PutBundle(String, Vec<u8>),
    /// Deletes a ConfBundle.
    DeleteBundle(String),
    /// Deletes every ConfBundle.
    DeleteAllBundles,
    /// Creates or replaces owners.
    PutOwners(Vec<OwnerRecord>),
    /// Deletes owners by `owner_id`.
    DeleteOwners(Vec<String>),
    /// Sets (or with `None` removes) a setting.
    Setting(&'static str, Option<String>),
    /// Replaces the whole feedback receiver list.
    Receivers(Vec<ReceiverRecord>),
}

/// Everything stored, as loaded at start.
#[derive(Clone, Debug, Default)]
pub struct Snapshot {
    /// `(ConfBundleID, stored JSON)`.
    pub bundles: Vec<(String, Vec<u8>)>,
    /// The owners.
    pub owners: Vec<OwnerRecord>,
    /// The SIP domain.
    pub sip_domain: Option<String>,
    /// The feedback receivers.
    pub receivers: Vec<ReceiverRecord>,
}

/// The database.
pub struct Store {
    db: Database,
    persistent: bool,
}

impl core::fmt::Debug for Store {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Store")
            .field("persistent", &self.persistent)
            .finish()
    }
}

fn err(e: impl Into<redb::Error>) -> String {
    e.into().to_string()
}

impl Store {
    /// Opens (or creates) the database file `path`.
    pub fn open(path: &Path) -> Result<Self, String> {
        let db = Database::create(path).map_err(|e| format!("{}: {}", path.display(), err(e)))?;
        Self::init(db, true)
    }

    /// A database that lives in memory only.
    pub fn in_memory() -> Result<Self, String> {
        let db = Database::builder()
            .create_with_backend(redb::backends::InMemoryBackend::new())
            .map_err(err)?;
        Self::init(db, false)
    }

    fn init(db: Database, persistent: bool) -> Result<Self, String> {
        // Create the tables so that reads never meet a missing table.
        let txn = db.begin_write().map_err(err)?;
        {
            txn.open_table(BUNDLES).map_err(err)?;
            txn.open_table(OWNERS).map_err(err)?;
            txn.open_table(SETTINGS).map_err(err)?;
            txn.open_table(RECEIVERS).map_err(err)?;
        }
        txn.commit().map_err(err)?;
        Ok(Store { db, persistent })
    }

    /// Whether writes go to a file.
    pub fn is_persistent(&self) -> bool {
        self.persistent
    }

    /// Reads everything.
    pub fn load(&self) -> Result<Snapshot, String> {
        let txn = self.db.begin_read().map_err(err)?;
        let mut snap = Snapshot::default();
        let t = txn.open_table(BUNDLES).map_err(err)?;
        for row in t.iter().map_err(err)? {
            let (k, v) = row.map_err(err)?;
            snap.bundles
                .push((k.value().to_owned(), v.value().to_vec()));
        }
        let t = txn.open_table(OWNERS).map_err(err)?;
        for row in t.iter().map_err(err)? {
            let (_, v) = row.map_err(err)?;
            let owner: OwnerRecord =
                serde_json::from_slice(v.value()).map_err(|e| format!("owner record: {e}"))?;
            snap.owners.push(owner);
        }
        let t = txn.open_table(RECEIVERS).map_err(err)?;
        for row in t.iter().map_err(err)? {
            let (_, v) = row.map_err(err)?;
            let r: ReceiverRecord =
                serde_json::from_slice(v.value()).map_err(|e| format!("receiver record: {e}"))?;
            snap.receivers.push(r);
        }
        snap.sip_domain = self.setting(SIP_DOMAIN)?;
        Ok(snap)
    }

    /// A setting.
    pub fn setting(&self, key: &str) -> Result<Option<String>, String> {
        let txn = self.db.begin_read().map_err(err)?;
        let t = txn.open_table(SETTINGS).map_err(err)?;
        Ok(t.get(key).map_err(err)?.map(|v| v.value().to_owned()))
    }

    /// Commits `writes` in one durable transaction.
    pub fn apply(&self, writes: &[Write]) -> Result<(), String> {
        let txn = self.db.begin_write().map_err(err)?;
        {
            let mut bundles = txn.open_table(BUNDLES).map_err(err)?;
            let mut owners = txn.open_table(OWNERS).map_err(err)?;
            let mut settings = txn.open_table(SETTINGS).map_err(err)?;
            let mut receivers = txn.open_table(RECEIVERS).map_err(err)?;
            for w in writes {
                match w {
                    Write::PutBundle(id, json) => {
                        bundles.insert(id.as_str(), json.as_slice()).map_err(err)?;
                    }
                    Write::DeleteBundle(id) => {
                        bundles.remove(id.as_str()).map_err(err)?;
                    }
                    Write::DeleteAllBundles => bundles.retain(|_, _| false).map_err(err)?,
                    Write::PutOwners(list) => {
                        for o in list {
                            let json = serde_json::to_vec(o).map_err(|e| e.to_string())?;
                            owners
                                .insert(o.owner_id.as_str(), json.as_slice())
                                .map_err(err)?;
                        }
                    }
                    Write::DeleteOwners(ids) => {
                        for id in ids {
                            owners.remove(id.as_str()).map_err(err)?;
                        }
                    }
                    Write::Setting(key, value) => match value {
                        Some(v) => {
                            settings.insert(*key, v.as_str()).map_err(err)?;
                        }
                        None => {
                            settings.remove(*key).map_err(err)?;
                        }
                    },
                    Write::Receivers(list) => {
                        receivers.retain(|_, _| false).map_err(err)?;
                        for r in list {
                            let json = serde_json::to_vec(r).map_err(|e| e.to_string())?;
                            let key = u32::try_from(r.index).unwrap_or(0);
                            receivers.insert(key, json.as_slice()).map_err(err)?;
                        }
                    }
                }
            }
        }
        txn.commit().map_err(err)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_path(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "baton-appliance-store-{}-{name}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir.join("baton.redb")
    }

    #[test]
    fn writes_survive_reopening_the_file() {
        let path = temp_path("reopen");
        {
            let s = Store::open(&path).unwrap();
            s.apply(&[
                Write::PutBundle("b1".into(), b"{\"x\":1}".to_vec()),
                Write::PutBundle("b2".into(), b"{}".to_vec()),
                Write::Setting(SIP_DOMAIN, Some("example.com".into())),
                Write::PutOwners(vec![OwnerRecord {
                    owner_id: "o1".into(),
                    generation: Some("g1".into()),
                    ..Default::default()
                }]),
                Write::Receivers(vec![ReceiverRecord {
                    index: 3,
                    uri: "http://127.0.0.1:9/RPC2".into(),
                    source: "s".into(),
                    events: Some(vec!["conferenceCreate".into()]),
                }]),
            ])
            .unwrap();
            s.apply(&[Write::DeleteBundle("b2".into())]).unwrap();
        }
        let s = Store::open(&path).unwrap();
        let snap = s.load().unwrap();
        assert_eq!(snap.bundles, vec![("b1".to_owned(), b"{\"x\":1}".to_vec())]);
        assert_eq!(snap.sip_domain.as_deref(), Some("example.com"));
        assert_eq!(snap.owners[0].generation.as_deref(), Some("g1"));
        assert_eq!(snap.receivers[0].index, 3);
        s.apply(&[Write::DeleteAllBundles, Write::Setting(SIP_DOMAIN, None)])
            .unwrap();
        let snap = s.load().unwrap();
        assert!(snap.bundles.is_empty());
        assert_eq!(snap.sip_domain, None);
    }

    #[test]
    fn memory_store_has_the_same_tables() {
        let s = Store::in_memory().unwrap();
        assert!(!s.is_persistent());
        s.apply(&[Write::PutBundle("a".into(), b"{}".to_vec())])
            .unwrap();
        assert_eq!(s.load().unwrap().bundles.len(), 1);
    }
}
