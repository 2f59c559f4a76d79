//! Feedback: the device side's delivery driver ([`FeedbackDriver`], which
//! owns a `baton-feedback` [`Publisher`] and posts its notifications) and
//! the integrator side's receiver service ([`receiver_router`]).

mod driver;
mod observe;
mod receiver;

use std::sync::{Arc, Mutex, MutexGuard};

use bytes::Bytes;
use tokio::sync::Notify;

use baton_feedback::{OwnedEvent, Publisher, ReceiverStats};
use baton_rpc::{AnyEventName, Fault, Request};

pub use driver::{FeedbackConfig, FeedbackDriver};
pub use receiver::{
    receiver_router, receiver_stream, ReceivedEvent, ReceivedNotification, ReceivedNotifications,
    ReceiverConfig, RECEIVER_EVENTS_CAPACITY,
};

/// The publisher the driver owns: 20 receiver slots (the spec's limit),
/// 16 queued events each.
pub type DevicePublisher = Publisher<OwnedEvent, 20, 16>;

pub(crate) struct Inner {
    publisher: Mutex<DevicePublisher>,
    wake: Notify,
    epoch: tokio::time::Instant,
}

impl Inner {
    fn lock(&self) -> MutexGuard<'_, DevicePublisher> {
        // A panic while holding the lock cannot leave the publisher
        // inconsistent in a way worse than stopping delivery: keep going.
        self.publisher.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn now(&self) -> baton_feedback::Instant {
        baton_feedback::Instant::since(self.epoch.into_std())
    }
}

/// A receiver as `feedbackReceiver.extended.query` lists it, owned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReceiverEntry {
    /// `index`: the slot (1-20).
    pub index: i32,
    /// `receiverURI`.
    pub receiver_uri: String,
    /// `sourceIdentifier`.
    pub source_identifier: String,
}

/// Shared access to the driver's publisher: publish events, manage
/// receivers. Cheap to clone.
///
/// Slots are managed as `feedbackReceiver.extended.*` would (the spec's
/// faults included); see [`FeedbackDriver`] for delivery end to end.
///
/// ```
/// use baton_tokio::baton_feedback::OwnedEvent;
/// use baton_tokio::baton_rpc::EventName;
/// use baton_tokio::{FeedbackConfig, FeedbackDriver};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let driver = FeedbackDriver::spawn(FeedbackConfig::default()).unwrap();
/// let h = driver.handle();
/// let slot = h.configure("http://127.0.0.1:9/RPC2", "dev", Some(-1), None).unwrap();
/// assert_eq!(h.receivers()[0].index, slot);
/// // An unknown scheme is the spec's fault (receiverURI invalid).
/// assert!(h.configure("ftp://x/RPC2", "dev", Some(-1), None).is_err());
/// assert_eq!(h.publish(OwnedEvent::new(EventName::AlarmsChanged)), 1);
/// assert_eq!(h.stats(slot).unwrap().queued, 1);
/// // The publisher itself, locked (e.g. to restore persisted receivers, then `start`).
/// let n = h.with_publisher(|p, _now| p.receivers().count());
/// assert_eq!(n, 1);
/// h.remove(slot).unwrap();
/// assert!(h.remove(slot).is_err()); // already gone
/// driver.shutdown().await;
/// # }
/// ```
#[derive(Clone)]
pub struct FeedbackHandle {
    inner: Arc<Inner>,
}

impl core::fmt::Debug for FeedbackHandle {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("FeedbackHandle").finish()
    }
}

impl FeedbackHandle {
    /// Queues `event` for every subscribed receiver and wakes the driver;
    /// returns how many receivers it was queued for.
    pub fn publish(&self, event: OwnedEvent) -> usize {
        let n = {
            let now = self.inner.now();
            self.inner.lock().publish(event, now)
        };
        self.inner.wake.notify_one();
        n
    }

    /// `feedbackReceiver.extended.configure`: the `receiverIndex`, or the
    /// spec's fault.
    pub fn configure(
        &self,
        receiver_uri: &str,
        source_identifier: &str,
        receiver_index: Option<i32>,
        subscribed_events: Option<&[AnyEventName<'_>]>,
    ) -> Result<i32, Fault> {
        let r = self.inner.lock().configure(
            receiver_uri,
            source_identifier,
            receiver_index,
            subscribed_events,
        );
        self.inner.wake.notify_one();
        r
    }

    /// `feedbackReceiver.extended.remove`.
    pub fn remove(&self, receiver_index: i32) -> Result<(), Fault> {
        let r = self.inner.lock().remove(receiver_index);
        self.inner.wake.notify_one();
        r
    }

    /// `feedbackReceiver.extended.query`, owned.
    pub fn receivers(&self) -> Vec<ReceiverEntry> {
        self.inner
            .lock()
            .query()
            .map(|r| ReceiverEntry {
                index: r.index.unwrap_or(0),
                receiver_uri: r.receiver_uri.unwrap_or("").to_owned(),
                source_identifier: r.source_identifier.unwrap_or("").to_owned(),
            })
            .collect()
    }

    /// The counters of the receiver in slot `receiver_index`.
    pub fn stats(&self, receiver_index: i32) -> Option<ReceiverStats> {
        let p = self.inner.lock();
        let id = p.receiver(receiver_index)?;
        p.stats(id)
    }

    /// Runs `f` with the publisher locked (e.g. `start` after restoring
    /// receivers); the driver is woken afterwards.
    pub fn with_publisher<R>(
        &self,
        f: impl FnOnce(&mut DevicePublisher, baton_feedback::Instant) -> R,
    ) -> R {
        let now = self.inner.now();
        let r = f(&mut self.inner.lock(), now);
        self.inner.wake.notify_one();
        r
    }

    /// The `feedbackReceiver.*` calls answered from the publisher's slots
    /// ([`Publisher::answer`]), encoded; `None` for any other call.
    pub(crate) fn rpc_answer(&self, call: &Request<'_>) -> Option<Result<Bytes, Fault>> {
        let answer = {
            let mut p = self.inner.lock();
            let answer = p.answer(call)?;
            answer.and_then(|reply| encode(&reply))
        };
        // A receiver configured or removed: the driver re-plans.
        self.inner.wake.notify_one();
        Some(answer)
    }
}

fn encode<T: serde::Serialize>(reply: &T) -> Result<Bytes, Fault> {
    baton_xmlrpc::encode::response(Vec::new(), reply)
        .map(Bytes::from)
        .map_err(|_| Fault::operation_failed())
}
