//! Durable state in a redb database: ConfBundles, owners, the SIP domain,
//! feedback receivers and settings (the generated API account).
//!
//! Every [`Store::apply`] is one write transaction committed with redb's
//! default `Durability::Immediate`: when it returns `Ok`, the write
//! survives a crash (SIGKILL, power loss) — so the appliance answers a
//! request only after its write is applied. [`Store::in_memory`] keeps the
//! same tables in memory (`--memory`).
//!
//! # Recovery after an I/O error
//!
//! redb refuses every write after one I/O error ("Previous I/O error"), so
//! a disk that filled once would fail every write until a restart. After
//! an I/O error the store closes the database and reopens the file (redb
//! repairs it) on the next write, with a backoff between attempts
//! ([`RECOVERY_BACKOFF_MIN`] doubling to [`RECOVERY_BACKOFF_MAX`]): writes
//! inside the backoff fail at once with [`StoreError::Unavailable`]. A
//! failed write changed nothing on disk (redb commits atomically); the
//! appliance undoes it in memory and answers an error.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

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

/// The first wait before reopening the database after an I/O error.
pub const RECOVERY_BACKOFF_MIN: Duration = Duration::from_millis(100);
/// The longest wait between two reopening attempts.
pub const RECOVERY_BACKOFF_MAX: Duration = Duration::from_secs(5);

/// Why a store operation failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The disk (or quota) is full: nothing was written.
    Full(String),
    /// An I/O error: nothing was written; the database is reopened on a
    /// later write.
    Io(String),
    /// The database is being recovered after an I/O error: retry after
    /// this long.
    Unavailable(Duration),
    /// Any other failure (nothing was written).
    Other(String),
}

impl core::fmt::Display for StoreError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            StoreError::Full(e) => write!(f, "the disk is full: {e}"),
            StoreError::Io(e) => write!(f, "I/O error: {e}"),
            StoreError::Unavailable(d) => write!(
                f,
                "the store is recovering from an I/O error: retry in {} ms",
                d.as_millis()
            ),
            StoreError::Other(e) => f.write_str(e),
        }
    }
}

impl From<StoreError> for String {
    fn from(e: StoreError) -> String {
        e.to_string()
    }
}

fn is_io(e: &redb::Error) -> Option<&std::io::Error> {
    match e {
        redb::Error::Io(io) => Some(io),
        _ => None,
    }
}

fn store_error(e: impl Into<redb::Error>) -> StoreError {
    let e: redb::Error = e.into();
    match is_io(&e) {
        Some(io) if is_full(io) => StoreError::Full(e.to_string()),
        Some(_) => StoreError::Io(e.to_string()),
        // "Previous I/O error": the database must be reopened.
        None if matches!(e, redb::Error::PreviousIo) => StoreError::Io(e.to_string()),
        None => StoreError::Other(e.to_string()),
    }
}

fn is_full(io: &std::io::Error) -> bool {
    matches!(
        io.kind(),
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
    ) || matches!(
        io.raw_os_error(),
        Some(28 /* ENOSPC */) | Some(122 /* EDQUOT */)
    )
}

/// The open database, or when it broke and when to try again.
enum State {
    Open(Database),
    Broken { retry_at: Instant, delay: Duration },
}

/// The database.
pub struct Store {
    state: Mutex<State>,
    path: Option<PathBuf>,
    persistent: bool,
    backoff: (Duration, Duration),
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
    /// Opens (or creates) the database file `path` (created `0600` on
    /// Unix: it holds the API account's password hash).
    pub fn open(path: &Path) -> Result<Self, String> {
        let db = Self::open_file(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Self::init(db, true, Some(path.to_owned()))
    }

    fn open_file(path: &Path) -> Result<Database, StoreError> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            // Create it owner-only before redb opens it; tighten an
            // existing one.
            let f = std::fs::OpenOptions::new()
                .create(true)
                .truncate(false)
                .write(true)
                .mode(0o600)
                .open(path)
                .map_err(|e| StoreError::Io(e.to_string()))?;
            use std::os::unix::fs::PermissionsExt;
            f.set_permissions(std::fs::Permissions::from_mode(0o600))
                .map_err(|e| StoreError::Io(e.to_string()))?;
        }
        Database::create(path).map_err(store_error)
    }

    /// A database that lives in memory only.
    pub fn in_memory() -> Result<Self, String> {
        let db = Database::builder()
            .create_with_backend(redb::backends::InMemoryBackend::new())
            .map_err(err)?;
        Self::init(db, false, None)
    }

    /// The waits between reopening attempts after an I/O error: `min`
    /// first, doubling up to `max` (default [`RECOVERY_BACKOFF_MIN`],
    /// [`RECOVERY_BACKOFF_MAX`]).
    pub fn with_recovery_backoff(mut self, min: Duration, max: Duration) -> Self {
        self.backoff = (min, max.max(min));
        self
    }

    /// A database on any redb storage backend: another medium, or (in
    /// tests) a disk that fills up or fails.
    ///
    /// ```
    /// use baton_appliance::Store;
    /// let store = Store::with_backend(redb::backends::InMemoryBackend::new()).unwrap();
    /// assert!(store.is_persistent());
    /// ```
    pub fn with_backend(backend: impl redb::StorageBackend) -> Result<Self, String> {
        let db = Database::builder()
            .create_with_backend(backend)
            .map_err(err)?;
        Self::init(db, true, None)
    }

    fn create_tables(db: &Database) -> Result<(), StoreError> {
        // Create the tables so that reads never meet a missing table.
        let txn = db.begin_write().map_err(store_error)?;
        {
            txn.open_table(BUNDLES).map_err(store_error)?;
            txn.open_table(OWNERS).map_err(store_error)?;
            txn.open_table(SETTINGS).map_err(store_error)?;
            txn.open_table(RECEIVERS).map_err(store_error)?;
        }
        txn.commit().map_err(store_error)
    }

    fn init(db: Database, persistent: bool, path: Option<PathBuf>) -> Result<Self, String> {
        Self::create_tables(&db)?;
        Ok(Store {
            state: Mutex::new(State::Open(db)),
            persistent,
            path,
            backoff: (RECOVERY_BACKOFF_MIN, RECOVERY_BACKOFF_MAX),
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The open database: reopened first if an I/O error broke it and
    /// its backoff is over.
    fn database<'s>(&self, state: &'s mut State) -> Result<&'s Database, StoreError> {
        if let State::Broken { retry_at, delay } = *state {
            let now = Instant::now();
            if now < retry_at {
                return Err(StoreError::Unavailable(retry_at - now));
            }
            let Some(path) = &self.path else {
                return Err(StoreError::Other("the in-memory store failed".into()));
            };
            match Self::open_file(path).and_then(|db| Self::create_tables(&db).map(|()| db)) {
                Ok(db) => {
                    tracing::warn!("store: {} reopened after an I/O error", path.display());
                    *state = State::Open(db);
                }
                Err(e) => {
                    let next = (delay * 2).min(self.backoff.1);
                    tracing::warn!(
                        "store: {} not reopened ({e}); next attempt in {} ms",
                        path.display(),
                        next.as_millis()
                    );
                    *state = State::Broken {
                        retry_at: now + next,
                        delay: next,
                    };
                    return Err(e);
                }
            }
        }
        match state {
            State::Open(db) => Ok(db),
            State::Broken { .. } => Err(StoreError::Other("unreachable".into())),
        }
    }

    /// After `e`: an I/O error closes the database (reopened later).
    fn after_error(&self, state: &mut State, e: &StoreError) {
        if matches!(e, StoreError::Full(_) | StoreError::Io(_)) && self.path.is_some() {
            if let State::Open(_) = state {
                tracing::error!(
                    "store: write failed ({e}); the database is reopened before the next write"
                );
                // Dropping the old handle releases the file.
                *state = State::Broken {
                    retry_at: Instant::now() + self.backoff.0,
                    delay: self.backoff.0,
                };
            }
        }
    }

    /// Whether writes go to a file.
    pub fn is_persistent(&self) -> bool {
        self.persistent
    }

    /// Reads everything.
    pub fn load(&self) -> Result<Snapshot, String> {
        let mut state = self.lock();
        let db = self.database(&mut state)?;
        let txn = db.begin_read().map_err(err)?;
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
        let t = txn.open_table(SETTINGS).map_err(err)?;
        snap.sip_domain = t
            .get(SIP_DOMAIN)
            .map_err(err)?
            .map(|v| v.value().to_owned());
        Ok(snap)
    }

    /// A setting.
    pub fn setting(&self, key: &str) -> Result<Option<String>, String> {
        let mut state = self.lock();
        let db = self.database(&mut state)?;
        let txn = db.begin_read().map_err(err)?;
        let t = txn.open_table(SETTINGS).map_err(err)?;
        Ok(t.get(key).map_err(err)?.map(|v| v.value().to_owned()))
    }

    /// Commits `writes` in one durable transaction: `Ok` once durable; an
    /// error wrote nothing (and after an I/O error the database is
    /// reopened before the next write, see the module docs).
    pub fn apply(&self, writes: &[Write]) -> Result<(), StoreError> {
        let mut state = self.lock();
        let result = self
            .database(&mut state)
            .and_then(|db| Self::apply_to(db, writes));
        if let Err(e) = &result {
            self.after_error(&mut state, e);
        }
        result
    }

    fn apply_to(db: &Database, writes: &[Write]) -> Result<(), StoreError> {
        let txn = db.begin_write().map_err(store_error)?;
        {
            let mut bundles = txn.open_table(BUNDLES).map_err(store_error)?;
            let mut owners = txn.open_table(OWNERS).map_err(store_error)?;
            let mut settings = txn.open_table(SETTINGS).map_err(store_error)?;
            let mut receivers = txn.open_table(RECEIVERS).map_err(store_error)?;
            for w in writes {
                match w {
                    Write::PutBundle(id, json) => {
                        bundles
                            .insert(id.as_str(), json.as_slice())
                            .map_err(store_error)?;
                    }
                    Write::DeleteBundle(id) => {
                        bundles.remove(id.as_str()).map_err(store_error)?;
                    }
                    Write::DeleteAllBundles => bundles.retain(|_, _| false).map_err(store_error)?,
                    Write::PutOwners(list) => {
                        for o in list {
                            let json = serde_json::to_vec(o)
                                .map_err(|e| StoreError::Other(e.to_string()))?;
                            owners
                                .insert(o.owner_id.as_str(), json.as_slice())
                                .map_err(store_error)?;
                        }
                    }
                    Write::DeleteOwners(ids) => {
                        for id in ids {
                            owners.remove(id.as_str()).map_err(store_error)?;
                        }
                    }
                    Write::Setting(key, value) => match value {
                        Some(v) => {
                            settings.insert(*key, v.as_str()).map_err(store_error)?;
                        }
                        None => {
                            settings.remove(*key).map_err(store_error)?;
                        }
                    },
                    Write::Receivers(list) => {
                        receivers.retain(|_, _| false).map_err(store_error)?;
                        for r in list {
                            let json = serde_json::to_vec(r)
                                .map_err(|e| StoreError::Other(e.to_string()))?;
                            let key = u32::try_from(r.index).unwrap_or(0);
                            receivers
                                .insert(key, json.as_slice())
                                .map_err(store_error)?;
                        }
                    }
                }
            }
        }
        txn.commit().map_err(store_error)
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
