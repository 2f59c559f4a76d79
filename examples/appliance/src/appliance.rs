//! [`Appliance`]: the device's state and its wiring to the tokio port.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, RwLock, RwLockReadGuard, RwLockWriteGuard};
use std::time::{Duration, Instant};

use axum::Router;
use baton_feedback::OwnedEvent;
use baton_rpc::{AnyEventName, EventName};
use baton_tokio::{Authenticator, FeedbackHandle, ServerBuilder, ServerConfig};

use crate::bundles::{BundleEntry, Bundles};
use crate::catalog::ServiceCatalog;
use crate::commit::Committer;
use crate::conferences::Conferences;
use crate::config::ApplianceConfig;
use crate::store::{OwnerRecord, ReceiverRecord, Store, Write};

/// The emulated Conductor: provisioned state (persisted in a [`Store`]),
/// running conferences, and the feedback publisher. Cheap to clone (all
/// clones share the device).
#[derive(Clone)]
pub struct Appliance {
    pub(crate) inner: Arc<Inner>,
}

pub(crate) struct Inner {
    pub(crate) config: ApplianceConfig,
    pub(crate) catalog: ServiceCatalog,
    pub(crate) committer: Committer,
    pub(crate) bundles: RwLock<Bundles>,
    pub(crate) owners: Mutex<HashMap<String, OwnerRecord>>,
    pub(crate) sip_domain: RwLock<Option<String>>,
    pub(crate) conferences: Mutex<Conferences>,
    pub(crate) feedback: FeedbackHandle,
    /// Serializes the writes to provisioned state (check, commit, apply).
    pub(crate) writes: tokio::sync::Mutex<()>,
    pub(crate) started: Instant,
}

impl core::fmt::Debug for Appliance {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Appliance")
            .field("confbundles", &self.inner.read_bundles().len())
            .field("conferences", &self.inner.lock_conferences().len())
            .finish()
    }
}

fn recover<T>(r: Result<T, std::sync::PoisonError<T>>) -> T {
    r.unwrap_or_else(|p| p.into_inner())
}

impl Inner {
    pub(crate) fn read_bundles(&self) -> RwLockReadGuard<'_, Bundles> {
        recover(self.bundles.read())
    }
    pub(crate) fn write_bundles(&self) -> RwLockWriteGuard<'_, Bundles> {
        recover(self.bundles.write())
    }
    pub(crate) fn lock_conferences(&self) -> MutexGuard<'_, Conferences> {
        recover(self.conferences.lock())
    }
    pub(crate) fn lock_owners(&self) -> MutexGuard<'_, HashMap<String, OwnerRecord>> {
        recover(self.owners.lock())
    }
    pub(crate) fn sip_domain(&self) -> Option<String> {
        recover(self.sip_domain.read()).clone()
    }

    /// Commits `writes` durably (grouped with concurrent writers).
    pub(crate) fn commit(
        &self,
        writes: Vec<Write>,
    ) -> impl core::future::Future<Output = Result<(), crate::store::StoreError>> + Send + 'static
    {
        self.committer.submit(writes)
    }

    /// Publishes an event to the subscribed receivers.
    pub(crate) fn publish(&self, event: Result<OwnedEvent, baton_feedback::Error>) {
        match event {
            Ok(e) => {
                let name = baton_feedback::PublishedEvent::name(&e);
                let n = self.feedback.publish(e);
                tracing::debug!(event = name.as_str(), receivers = n, "feedback event");
            }
            Err(e) => tracing::warn!("feedback event not published: {e}"),
        }
    }

    /// The receivers as stored: slots, URIs, sources and subscriptions.
    pub(crate) fn receiver_records(&self) -> Vec<ReceiverRecord> {
        self.feedback.with_publisher(|p, _| {
            p.query()
                .filter_map(|r| {
                    let index = r.index?;
                    let id = p.receiver(index)?;
                    let events: Vec<String> = EventName::ALL
                        .iter()
                        .filter(|e| p.is_subscribed(id, **e))
                        .map(|e| e.as_str().to_owned())
                        .collect();
                    Some(ReceiverRecord {
                        index,
                        uri: r.receiver_uri.unwrap_or("").to_owned(),
                        source: r.source_identifier.unwrap_or("").to_owned(),
                        events: (events.len() < EventName::ALL.len()).then_some(events),
                    })
                })
                .collect()
        })
    }
}

impl Appliance {
    /// The device over `store`'s state, publishing feedback through
    /// `feedback` (a [`baton_tokio::FeedbackDriver`]'s handle).
    ///
    /// Loads the ConfBundles, owners, SIP domain and receivers; restores
    /// the receivers into the publisher and publishes `applicationStarted`
    /// to them.
    pub fn new(
        config: ApplianceConfig,
        store: Store,
        feedback: FeedbackHandle,
    ) -> Result<Self, String> {
        let catalog = ServiceCatalog::from_json(&config.catalog_json, &config.service_costs_json)?;
        let snap = store.load()?;
        let mut bundles = Bundles::default();
        for (id, json) in snap.bundles {
            bundles.insert(BundleEntry::from_stored(&id, json)?);
        }
        let owners = snap
            .owners
            .into_iter()
            .map(|o| (o.owner_id.clone(), o))
            .collect();
        for r in &snap.receivers {
            let names: Option<Vec<AnyEventName<'_>>> = r
                .events
                .as_ref()
                .map(|v| v.iter().map(|n| AnyEventName::new(n)).collect());
            if let Err(f) = feedback.configure(&r.uri, &r.source, Some(r.index), names.as_deref()) {
                tracing::warn!("stored feedback receiver {} not restored: {f}", r.uri);
            }
        }
        let started = feedback.with_publisher(|p, now| p.start(now));
        tracing::info!(
            confbundles = bundles.len(),
            aliases = bundles.alias_count(),
            receivers = snap.receivers.len(),
            "appliance started; applicationStarted queued for {started} receivers"
        );
        Ok(Appliance {
            inner: Arc::new(Inner {
                config,
                catalog,
                committer: Committer::spawn(Arc::new(store))?,
                bundles: RwLock::new(bundles),
                owners: Mutex::new(owners),
                sip_domain: RwLock::new(snap.sip_domain),
                conferences: Mutex::new(Conferences::default()),
                feedback,
                writes: tokio::sync::Mutex::new(()),
                started: Instant::now(),
            }),
        })
    }

    /// The Conductor service (`/RPC2`, `/api/...`, `/status`,
    /// `/systemunit.xml`) for this device, every request checked by
    /// `auth`. The feedback receiver calls are served by the device (so
    /// that registrations are persisted).
    ///
    /// Every HTTP request is logged by the tokio port's
    /// [`ObserveLayer`](baton_tokio::observe::ObserveLayer) (method, fault
    /// or status, latency, peer: `debug`, refusals at `info`), which
    /// covers requests refused before reaching the device.
    pub fn router(&self, auth: impl Authenticator, config: ServerConfig) -> Router {
        ServerBuilder::new(self.clone(), auth)
            .config(config)
            .router()
    }

    /// Ends conferences whose lifetime is over, every `period`, until the
    /// runtime stops (publishing `conferenceDestroyed`).
    pub fn spawn_lifetime_task(&self, period: Duration) -> tokio::task::JoinHandle<()> {
        let me = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(period);
            loop {
                tick.tick().await;
                me.end_expired_conferences(Instant::now());
            }
        })
    }

    /// Ends the conferences whose lifetime is over at `now`; returns their
    /// names.
    pub fn end_expired_conferences(&self, now: Instant) -> Vec<String> {
        let inner = &self.inner;
        let template_max = |c: &crate::conferences::Conference| -> u64 {
            let Some(id) = c.bundle_id.as_deref() else {
                return 0;
            };
            inner
                .read_bundles()
                .get(id)
                .and_then(|b| max_duration_of(&b.json))
                .unwrap_or(0)
        };
        let mut ended = Vec::new();
        let mut confs = inner.lock_conferences();
        for name in confs.expired(now, template_max) {
            if let Ok(c) = confs.remove(&name) {
                tracing::info!(conference = %c.name, "conference lifetime over: destroyed");
                inner.publish(
                    OwnedEvent::new(EventName::ConferenceDestroyed)
                        .with_factory_conference_id(&c.id),
                );
                ended.push(name);
            }
        }
        ended
    }

    /// How many ConfBundles are provisioned.
    pub fn confbundle_count(&self) -> usize {
        self.inner.read_bundles().len()
    }

    /// How many conferences run.
    pub fn conference_count(&self) -> usize {
        self.inner.lock_conferences().len()
    }

    /// The ConfBundle provisioned with the `exact_match` alias `dial`
    /// (normalized with the dial-string rules first): its ConfBundleID.
    pub fn lookup_alias(&self, dial: &str) -> Option<String> {
        let normalized = self.normalize(dial);
        let bundles = self.inner.read_bundles();
        bundles.by_alias(&normalized).map(|(b, _)| b.id.clone())
    }

    /// `dial` normalized for exact matching: lower case, and with a SIP
    /// domain set, an IP address or device host name as host replaced by
    /// the domain (`baton_validate::dialstring`).
    pub fn normalize(&self, dial: &str) -> String {
        let domain = self.inner.sip_domain();
        let names: Vec<&str> = self
            .inner
            .config
            .device
            .host_names
            .iter()
            .map(String::as_str)
            .collect();
        // Lower-casing may grow a string; the domain may be longer than
        // the host it replaces.
        let mut out = vec![0u8; dial.len() * 3 + domain.as_ref().map_or(0, String::len) + 8];
        match baton_validate::dialstring::normalize_dial_string(
            dial,
            domain.as_deref(),
            &names,
            &mut out,
        ) {
            Ok(s) => s.to_owned(),
            Err(_) => dial.to_lowercase(),
        }
    }
}

/// `max_duration` (minutes) of a stored ConfBundle.
pub(crate) fn max_duration_of(json: &[u8]) -> Option<u64> {
    let v: serde_json::Value = serde_json::from_slice(json).ok()?;
    v.get("max_duration")?.as_u64()
}
