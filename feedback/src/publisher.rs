//! The device side: receiver slots, per-receiver queues, `seqn`, batching
//! and retries, driven sans-IO in the style of quinn-proto.
//!
//! ```text
//! loop {
//!     // inputs: configure/remove calls, publish(event), outcomes of sends
//!     publisher.handle_timeout(now);
//!     while let Some(t) = publisher.poll_transmit(now, &mut buf)? {
//!         // POST buf[..t.len] to publisher.target(t.receiver);
//!         // later: publisher.on_outcome(t.receiver, t.seqn, outcome, now)
//!     }
//!     sleep_until(publisher.poll_timeout());
//! }
//! ```
//!
//! # `seqn` and losses
//!
//! Per receiver, `seqn` starts at 0 and each *new* notification takes the
//! next number; a retry re-sends the same notification (same `seqn`, same
//! events). When an event cannot be queued because the receiver's queue is
//! full, the oldest queued event that is not part of the notification in
//! flight is dropped (counted in [`ReceiverStats::dropped`]) and **consumes
//! one `seqn`**, as if it had been sent alone in a notification that was
//! lost. So the next notification's `seqn` is the previous one plus one
//! plus the number of events dropped in between, and a receiver that sees
//! `seqn` jump by `n + 1` knows exactly `n` events were lost. (An event too
//! large to encode into the caller's buffer at all, or that cannot be
//! encoded at all ([`Encoded::Unencodable`]: a text XML cannot carry), is
//! dropped the same way, once: never retried.) Numbers stay in `0..=i32::MAX`, so they are always an XML-RPC
//! `<int>`, and wrap to 0 after `i32::MAX`; [`crate::seqn_delta`] is the
//! matching serial-number comparison.
//!
//! # Reconfiguration
//!
//! `configure` of the receiver already in the chosen slot (same
//! `receiverURI` and `sourceIdentifier`) only updates its subscriptions: its
//! queue, the notification in flight, its `seqn`, statistics and
//! [`ReceiverId`] are kept, so a client that re-registers (e.g. after its
//! own restart, or [`crate::Registration`] after a device restart) loses
//! nothing already queued and sees no false gap. Any other `configure`
//! installs a fresh receiver in its slot: empty queue, `seqn` from 0, zero
//! statistics, a new [`ReceiverId`]. An outcome reported for the previous
//! [`ReceiverId`] (removed or replaced while its notification was in
//! flight) is ignored.

use baton_rpc::{AnyEventName, EventName, Fault};

use crate::backoff::{Backoff, Jitter};
use crate::event::PublishedEvent;
use crate::registry::{self, SOURCE_IDENTIFIER_CAPACITY, URI_CAPACITY};
use crate::ring::Ring;
use crate::time::{Duration, Instant};
use crate::uri::ReceiverUri;
use crate::{Error, SEQN_MASK};

/// Publisher settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Config {
    /// Most events bundled into one notification (at least 1).
    pub batch_size: usize,
    /// How long a queued event may wait for more to join its batch before
    /// it is sent anyway (0: send as soon as the receiver is idle).
    pub linger: Duration,
    /// A send with no outcome after this long counts as failed.
    pub response_timeout: Duration,
    /// Retry timing.
    pub backoff: Backoff,
}

impl Default for Config {
    /// 8 events per notification, no linger, 30 s response timeout,
    /// [`Backoff::default`].
    fn default() -> Self {
        Config {
            batch_size: 8,
            linger: Duration::from_millis(0),
            response_timeout: Duration::from_millis(30_000),
            backoff: Backoff::default(),
        }
    }
}

/// Names one configured receiver: its slot and which configuration of
/// that slot (a removed or reconfigured receiver's id no longer matches).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ReceiverId {
    slot: u8,
    generation: u32,
}

impl ReceiverId {
    /// The spec's `receiverIndex` (1-based slot).
    pub const fn index(self) -> u8 {
        self.slot + 1
    }
}

/// Per-receiver counters since it was configured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ReceiverStats {
    /// Events accepted into the queue.
    pub queued: u64,
    /// Events acknowledged by the receiver.
    pub delivered: u64,
    /// Notifications acknowledged.
    pub notifications: u64,
    /// Re-sends of a notification after a failure.
    pub retried: u64,
    /// Events dropped (queue overflow, too large to encode, or unencodable).
    pub dropped: u64,
    /// Of those, events that cannot be encoded at all (a text XML cannot
    /// carry): each dropped once, consuming its `seqn`, never retried.
    pub unencodable: u64,
    /// Events in the queue now (including those in flight).
    pub in_queue: usize,
}

/// What happened to a notification, as the driver saw it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Outcome {
    /// HTTP 2xx with a well-formed `methodResponse` (any value).
    Delivered,
    /// Connection error, timeout, HTTP error, a fault or a garbled reply.
    Failed,
}

/// Whether [`Publisher::on_outcome`] changed anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Applied {
    /// The outcome was for the receiver's current notification.
    Yes,
    /// Stale: the receiver was removed or reconfigured, or that `seqn` is
    /// no longer awaiting an outcome.
    Ignored,
}

/// One notification to send, handed out by [`Publisher::poll_transmit`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct Transmit {
    /// The receiver to send to (see [`Publisher::target`]).
    pub receiver: ReceiverId,
    /// The notification's `seqn`.
    pub seqn: u32,
    /// How many events it bundles.
    pub events: usize,
    /// Bytes of the encoded `methodCall` written to the buffer (0 from
    /// [`Publisher::poll_unencoded`]).
    pub len: usize,
    /// 0 for the first send, then 1, 2, ... for retries.
    pub attempt: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flight {
    /// Nothing assembled.
    Idle,
    /// `n` front events sent as `seqn`, awaiting the outcome.
    Sending {
        seqn: u32,
        n: usize,
        attempt: u32,
        deadline: u64,
    },
    /// The send failed; re-send at `until`.
    Waiting {
        seqn: u32,
        n: usize,
        attempt: u32,
        until: u64,
    },
}

#[derive(Clone, Debug)]
struct Slot<E, const Q: usize> {
    generation: u32,
    uri: heapless::String<URI_CAPACITY>,
    source: heapless::String<SOURCE_IDENTIFIER_CAPACITY>,
    mask: u16,
    queue: Ring<E, Q>,
    flight: Flight,
    next_seqn: u32,
    /// When the events behind the one in flight started waiting.
    pending_since: u64,
    stats: ReceiverStats,
}

impl<E, const Q: usize> Slot<E, Q> {
    fn in_flight(&self) -> usize {
        match self.flight {
            Flight::Idle => 0,
            Flight::Sending { n, .. } | Flight::Waiting { n, .. } => n,
        }
    }

    fn pending(&self) -> usize {
        self.queue.len().saturating_sub(self.in_flight())
    }

    fn skip_seqn(&mut self) {
        self.next_seqn = self.next_seqn.wrapping_add(1) & SEQN_MASK;
    }
}

/// A notification about to be encoded: what [`Publisher::poll_with`]
/// hands its encoder.
pub struct Outgoing<'a, E, const Q: usize> {
    /// The receiver's `sourceIdentifier`.
    pub source_identifier: &'a str,
    /// The notification's `seqn`.
    pub seqn: u32,
    queue: &'a Ring<E, Q>,
    n: usize,
}

impl<'a, E, const Q: usize> Outgoing<'a, E, Q> {
    /// The bundled events, in order.
    pub fn events(&self) -> impl Iterator<Item = &'a E> + 'a {
        let queue = self.queue;
        (0..self.n).filter_map(move |i| queue.get(i))
    }

    /// How many events it bundles.
    pub fn len(&self) -> usize {
        self.n
    }

    /// Whether it bundles no events (never true for a handed-out one).
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }
}

/// What an encoder passed to [`Publisher::poll_with`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoded {
    /// Written: this many bytes.
    Written(usize),
    /// Does not fit the buffer; it needs this many bytes.
    TooLarge(usize),
    /// Cannot be encoded at all, whatever the buffer (an event holds a text
    /// XML cannot carry): the publisher bundles fewer events, and drops an
    /// event that cannot be encoded alone.
    Unencodable,
}

/// The device-side feedback publisher: `R` receiver slots (20, the spec's
/// limit), each with a queue of `Q` events of type `E`.
///
/// All memory is inline and fixed by the type: each queued event is a copy
/// of `E` per subscribed receiver, so the size is about
/// `R * Q * size_of::<Option<E>>()` plus ~400 bytes per slot (URI and
/// `sourceIdentifier` storage). With the defaults (`OwnedEvent` of 256
/// bytes, 20 slots, 16 events each) that is about 90 KB; firmware picks a
/// smaller `E` (e.g. `OwnedEvent<96>`, or its own compact type) or `Q`.
/// `Publisher<EventName, 20, 32>` is about 11 KB.
///
/// A device loop with no IO: a receiver is configured, an event published,
/// the notification polled into a buffer and handed (here, in memory) to a
/// [`Receiver`](crate::Receiver), whose acknowledgement tells the publisher
/// it was delivered:
///
/// ```
/// use baton_feedback::wire::classify_reply;
/// use baton_feedback::{Classification, Config, Instant, OwnedEvent, Publisher, Receiver};
/// use baton_rpc::EventName;
///
/// let mut device: Publisher = Publisher::new(Config::default(), 7);
/// let index = device
///     .configure("http://10.0.0.5:9000/RPC2", "conductor-1", Some(-1), None)
///     .unwrap();
/// assert_eq!(index, 1);
/// let now = Instant::from_millis(1_000);
/// let event = OwnedEvent::new(EventName::ConferenceCreate).with_conference_name("Weekly").unwrap();
/// assert_eq!(device.publish(event, now), 1); // queued for one receiver
///
/// // Poll: the encoded eventNotification, and whom to send it to.
/// let mut buf = [0u8; 2048];
/// let tx = device.poll_transmit(now, &mut buf).unwrap().expect("a notification is due");
/// assert_eq!((tx.seqn, tx.events, tx.attempt), (0, 1, 0));
/// assert_eq!(device.target(tx.receiver).unwrap().port, 9000);
///
/// // "Send" it: the receiver's side decodes, classifies and acknowledges.
/// let mut receiver: Receiver = Receiver::new();
/// let mut reply = [0u8; 512];
/// let accepted = receiver.on_request::<8>(&mut buf[..tx.len], &mut reply).unwrap();
/// assert_eq!(accepted.class, Classification::First);
/// assert_eq!(accepted.notification.events[0].args.conference_name, Some("Weekly"));
/// let reply_len = accepted.reply_len;
/// drop(accepted); // it borrows `buf`
///
/// // The answer (HTTP 200 and that body) decides the outcome.
/// let outcome = classify_reply(200, &mut reply[..reply_len]).outcome();
/// device.on_outcome(tx.receiver, tx.seqn, outcome, now);
/// assert_eq!(device.stats(tx.receiver).unwrap().delivered, 1);
/// assert!(device.poll_transmit(now, &mut buf).unwrap().is_none()); // nothing left
/// assert_eq!(device.poll_timeout(), None); // and no timer to wait for
/// ```
pub struct Publisher<E = crate::OwnedEvent, const R: usize = 20, const Q: usize = 16> {
    config: Config,
    slots: [Option<Slot<E, Q>>; R],
    jitter: Jitter,
    generation: u32,
    cursor: usize,
}

impl<E: PublishedEvent, const R: usize, const Q: usize> Publisher<E, R, Q> {
    /// A publisher with no receivers; `seed` drives the retry jitter.
    pub fn new(config: Config, seed: u64) -> Self {
        let config = Config {
            batch_size: config.batch_size.clamp(1, Q.max(1)),
            ..config
        };
        Publisher {
            config,
            slots: [const { None }; R],
            jitter: Jitter::new(seed),
            generation: 0,
            cursor: 0,
        }
    }

    /// The settings in use (`batch_size` clamped to `1..=Q`).
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Publishes `applicationStarted` to every subscribed receiver, so
    /// they can tell the device restarted. Call it once, after restoring
    /// any persisted receivers.
    pub fn start(&mut self, now: Instant) -> usize
    where
        E: From<EventName>,
    {
        let now = now.as_millis();
        self.publish(
            E::from(EventName::ApplicationStarted),
            Instant::from_millis(now),
        )
    }

    // ----- feedbackReceiver.extended.* -----

    /// `feedbackReceiver.extended.configure`: returns the `receiverIndex`
    /// configured, or the spec's fault (see [`registry::choose_slot`]).
    pub fn configure(
        &mut self,
        receiver_uri: &str,
        source_identifier: &str,
        receiver_index: Option<i32>,
        subscribed_events: Option<&[AnyEventName<'_>]>,
    ) -> Result<i32, Fault> {
        registry::check_uri(receiver_uri)?;
        registry::check_source_identifier(source_identifier)?;
        let mask = registry::subscription_mask(subscribed_events)?;
        let same_uri = self
            .slots
            .iter()
            .position(|s| s.as_ref().is_some_and(|s| s.uri.as_str() == receiver_uri));
        let slots = &self.slots;
        let slot = registry::choose_slot(receiver_index, R, same_uri, |i| {
            slots.get(i).is_some_and(Option::is_none)
        })?;
        let entry = self
            .slots
            .get_mut(slot)
            .ok_or_else(registry::invalid_receiver_index)?;
        // The same receiver configured again (a client re-registering after
        // a restart of its own, or to change its subscriptions): keep its
        // queue, the notification in flight and its seqn, so nothing already
        // queued is lost and the receiver sees no false gap or restart.
        if let Some(existing) = entry
            .as_mut()
            .filter(|e| e.uri.as_str() == receiver_uri && e.source.as_str() == source_identifier)
        {
            existing.mask = mask;
            return i32::try_from(slot + 1).map_err(|_| registry::invalid_receiver_index());
        }
        let (mut uri, mut source) = (heapless::String::new(), heapless::String::new());
        // Cannot fail: both lengths were checked against the capacities.
        uri.push_str(receiver_uri)
            .map_err(|_| Fault::invalid_parameter("receiverURI"))?;
        source
            .push_str(source_identifier)
            .map_err(|_| Fault::invalid_parameter("sourceIdentifier"))?;
        self.generation = self.generation.wrapping_add(1);
        *entry = Some(Slot {
            generation: self.generation,
            uri,
            source,
            mask,
            queue: Ring::new(),
            flight: Flight::Idle,
            next_seqn: 0,
            pending_since: 0,
            stats: ReceiverStats::default(),
        });
        i32::try_from(slot + 1).map_err(|_| registry::invalid_receiver_index())
    }

    /// `feedbackReceiver.extended.configure` from its typed params.
    pub fn configure_params(
        &mut self,
        params: &baton_rpc::feedback_receiver::FeedbackReceiverExtendedConfigureParams<'_>,
    ) -> Result<i32, Fault> {
        self.configure(
            params.receiver_uri,
            params.source_identifier,
            params.receiver_index,
            params.subscribed_events.as_ref().map(|v| v.as_slice()),
        )
    }

    /// `feedbackReceiver.extended.remove`: fault 102
    /// `invalid parameter - receiverIndex` for an empty or out-of-range
    /// slot. Queued events are discarded; a late outcome is ignored.
    pub fn remove(&mut self, receiver_index: i32) -> Result<(), Fault> {
        let slots = &self.slots;
        let slot = registry::remove_slot(receiver_index, R, |i| {
            slots.get(i).is_some_and(Option::is_some)
        })?;
        if let Some(entry) = self.slots.get_mut(slot) {
            *entry = None;
        }
        Ok(())
    }

    /// `feedbackReceiver.extended.query`: every receiver in use, by slot
    /// (empty when none).
    pub fn query(
        &self,
    ) -> impl Iterator<Item = baton_rpc::feedback_receiver::ReceiverInfo<'_>> + '_ {
        self.slots.iter().enumerate().filter_map(|(i, s)| {
            let s = s.as_ref()?;
            Some(baton_rpc::feedback_receiver::ReceiverInfo {
                receiver_uri: Some(s.uri.as_str()),
                source_identifier: Some(s.source.as_str()),
                index: i32::try_from(i + 1).ok(),
            })
        })
    }

    // ----- receivers -----

    /// The receiver in slot `receiver_index` (1-based), if any.
    pub fn receiver(&self, receiver_index: i32) -> Option<ReceiverId> {
        let slot = usize::try_from(receiver_index).ok()?.checked_sub(1)?;
        let s = self.slots.get(slot)?.as_ref()?;
        Some(ReceiverId {
            slot: u8::try_from(slot).ok()?,
            generation: s.generation,
        })
    }

    /// Every configured receiver.
    pub fn receivers(&self) -> impl Iterator<Item = ReceiverId> + '_ {
        self.slots.iter().enumerate().filter_map(|(i, s)| {
            Some(ReceiverId {
                slot: u8::try_from(i).ok()?,
                generation: s.as_ref()?.generation,
            })
        })
    }

    fn slot(&self, id: ReceiverId) -> Option<&Slot<E, Q>> {
        self.slots
            .get(usize::from(id.slot))?
            .as_ref()
            .filter(|s| s.generation == id.generation)
    }

    /// Where to send `id`'s notifications (`None` once it is gone).
    pub fn target(&self, id: ReceiverId) -> Option<ReceiverUri<'_>> {
        ReceiverUri::parse(self.slot(id)?.uri.as_str()).ok()
    }

    /// `id`'s `sourceIdentifier`.
    pub fn source_identifier(&self, id: ReceiverId) -> Option<&str> {
        Some(self.slot(id)?.source.as_str())
    }

    /// `id`'s counters.
    pub fn stats(&self, id: ReceiverId) -> Option<ReceiverStats> {
        let s = self.slot(id)?;
        Some(ReceiverStats {
            in_queue: s.queue.len(),
            ..s.stats
        })
    }

    /// Whether `id` is subscribed to `event`.
    pub fn is_subscribed(&self, id: ReceiverId, event: EventName) -> bool {
        self.slot(id).is_some_and(|s| s.mask & event.bit() != 0)
    }

    /// `id`'s queued events, oldest first (the first ones may be in
    /// flight).
    pub fn queued(&self, id: ReceiverId) -> impl Iterator<Item = &E> + '_ {
        self.slot(id).into_iter().flat_map(|s| s.queue.iter())
    }

    // ----- publishing -----

    /// Queues `event` for every receiver subscribed to it; returns how
    /// many. A full queue drops its oldest event not in flight (see the
    /// module docs for how the receiver sees it).
    pub fn publish(&mut self, event: E, now: Instant) -> usize {
        let now = now.as_millis();
        let bit = event.name().bit();
        let mut count = 0;
        for s in self.slots.iter_mut().flatten() {
            if s.mask & bit == 0 {
                continue;
            }
            count += 1;
            if s.pending() == 0 {
                s.pending_since = now;
            }
            if s.queue.is_full() {
                // Oldest event behind the notification in flight; when
                // every queued event is in flight the new one is dropped.
                let oldest_pending = s.in_flight();
                s.stats.dropped += 1;
                s.skip_seqn();
                if s.queue.remove(oldest_pending).is_none() {
                    continue;
                }
            }
            if s.queue.push_back(event.clone()).is_ok() {
                s.stats.queued += 1;
            } else {
                // Only with Q == 0.
                s.stats.dropped += 1;
                s.skip_seqn();
            }
        }
        count
    }

    // ----- delivery -----

    fn ready(&self, s: &Slot<E, Q>, now: u64) -> bool {
        match s.flight {
            Flight::Sending { .. } => false,
            Flight::Waiting { until, .. } => now >= until,
            Flight::Idle => {
                let pending = s.pending();
                pending >= self.config.batch_size
                    || (pending > 0
                        && now
                            >= s.pending_since
                                .saturating_add(self.config.linger.as_millis()))
            }
        }
    }

    /// The next notification to send, encoded as an `eventNotification`
    /// `methodCall` into `buf`. Receivers are served round-robin, so a slow
    /// one never holds up the others. A new notification that does not
    /// fit `buf` bundles fewer events; a single event that does not fit
    /// is dropped (counted, and it consumes a `seqn`). A *retry* that does
    /// not fit (the buffer shrank) is [`Error::BufferTooSmall`]; the next
    /// call moves on to the other receivers.
    ///
    /// Poll after [`Publisher::start`], [`Publisher::publish`], [`Publisher::configure`],
    /// [`Publisher::on_outcome`], [`Publisher::handle_timeout`] and whenever
    /// [`Publisher::poll_timeout`] has passed, until it answers `Ok(None)`.
    #[must_use = "a notification to send is lost if not sent (its seqn is consumed)"]
    pub fn poll_transmit(
        &mut self,
        now: Instant,
        buf: &mut [u8],
    ) -> Result<Option<Transmit>, Error> {
        let now = now.as_millis();
        self.poll_with(Instant::from_millis(now), |out| {
            crate::wire::encode_notification(out, buf)
        })
    }

    /// Like [`Publisher::poll_transmit`] without encoding, for drivers
    /// that encode through [`Publisher::in_flight`] themselves, and for
    /// tests ([`Transmit::len`] is 0).
    #[must_use = "a notification to send is lost if not sent (its seqn is consumed)"]
    pub fn poll_unencoded(&mut self, now: Instant) -> Option<Transmit> {
        let now = now.as_millis();
        self.poll_with(Instant::from_millis(now), |_| Ok(Encoded::Written(0)))
            .ok()
            .flatten()
    }

    /// The next notification, encoded by `encode` (which is given the
    /// notification and reports how it went).
    ///
    /// ```
    /// use baton_feedback::publisher::Outgoing;
    /// use baton_feedback::wire::encode_notification;
    /// use baton_feedback::{Config, Instant, Publisher};
    /// use baton_rpc::EventName;
    ///
    /// let mut p: Publisher<EventName, 2, 4> = Publisher::new(Config::default(), 1);
    /// p.configure("http://h:1/RPC2", "dev", Some(-1), None).unwrap();
    /// let now = Instant::from_millis(0);
    /// p.publish(EventName::AlarmsChanged, now);
    /// p.publish(EventName::PartitionRecovery, now);
    /// // A driver that encodes through its own buffer (or writes a socket directly).
    /// let mut buf = [0u8; 1024];
    /// let mut seen = (0, 0);
    /// let tx = p
    ///     .poll_with(now, |out: &Outgoing<'_, EventName, 4>| {
    ///         seen = (out.len(), out.events().count());
    ///         encode_notification(out, &mut buf)
    ///     })
    ///     .unwrap()
    ///     .unwrap();
    /// assert_eq!((tx.events, seen), (2, (2, 2))); // both events in one notification
    /// assert!(buf[..tx.len].starts_with(b"<?xml"));
    /// ```
    #[must_use = "a notification to send is lost if not sent (its seqn is consumed)"]
    pub fn poll_with(
        &mut self,
        now: Instant,
        mut encode: impl FnMut(&Outgoing<'_, E, Q>) -> Result<Encoded, Error>,
    ) -> Result<Option<Transmit>, Error> {
        let now = now.as_millis();
        for step in 0..R {
            let slot = (self.cursor + step) % R.max(1);
            let ready = match self.slots.get(slot).and_then(Option::as_ref) {
                Some(s) => self.ready(s, now),
                None => false,
            };
            if !ready {
                continue;
            }
            self.cursor = (slot + 1) % R.max(1);
            let timeout = self.config.response_timeout.as_millis();
            let batch = self.config.batch_size;
            let Some(s) = self.slots.get_mut(slot).and_then(Option::as_mut) else {
                continue;
            };
            let id = ReceiverId {
                slot: u8::try_from(slot).map_err(|_| Error::Encode)?,
                generation: s.generation,
            };
            if let Flight::Waiting {
                seqn, n, attempt, ..
            } = s.flight
            {
                let out = Outgoing {
                    source_identifier: s.source.as_str(),
                    seqn,
                    queue: &s.queue,
                    n,
                };
                let len = match encode(&out)? {
                    Encoded::Written(len) => len,
                    Encoded::TooLarge(needed) => return Err(Error::BufferTooSmall { needed }),
                    Encoded::Unencodable => {
                        // It was encoded once; if it no longer can be,
                        // its events are lost (their seqn already taken):
                        // drop them rather than retry forever.
                        for _ in 0..n {
                            let _ = s.queue.pop_front();
                        }
                        s.stats.dropped += n as u64;
                        s.stats.unencodable += n as u64;
                        s.flight = Flight::Idle;
                        continue;
                    }
                };
                s.flight = Flight::Sending {
                    seqn,
                    n,
                    attempt,
                    deadline: now.saturating_add(timeout),
                };
                s.stats.retried += 1;
                return Ok(Some(Transmit {
                    receiver: id,
                    seqn,
                    events: n,
                    len,
                    attempt,
                }));
            }
            // A new notification: as many events as fit, up to the batch.
            let mut n = s.queue.len().min(batch);
            while n > 0 {
                let out = Outgoing {
                    source_identifier: s.source.as_str(),
                    seqn: s.next_seqn,
                    queue: &s.queue,
                    n,
                };
                match encode(&out)? {
                    Encoded::Written(len) => {
                        let seqn = s.next_seqn;
                        s.skip_seqn();
                        s.flight = Flight::Sending {
                            seqn,
                            n,
                            attempt: 0,
                            deadline: now.saturating_add(timeout),
                        };
                        return Ok(Some(Transmit {
                            receiver: id,
                            seqn,
                            events: n,
                            len,
                            attempt: 0,
                        }));
                    }
                    Encoded::TooLarge(_) | Encoded::Unencodable if n > 1 => n /= 2,
                    Encoded::TooLarge(_) => {
                        // This event alone never fits: drop it.
                        let _ = s.queue.pop_front();
                        s.stats.dropped += 1;
                        s.skip_seqn();
                        n = s.queue.len().min(batch);
                    }
                    Encoded::Unencodable => {
                        // This event alone cannot be encoded: drop it, once.
                        let _ = s.queue.pop_front();
                        s.stats.dropped += 1;
                        s.stats.unencodable += 1;
                        s.skip_seqn();
                        n = s.queue.len().min(batch);
                    }
                }
            }
        }
        Ok(None)
    }

    /// The notification `id` has in flight (or waiting to be re-sent).
    pub fn in_flight(&self, id: ReceiverId) -> Option<Outgoing<'_, E, Q>> {
        let s = self.slot(id)?;
        match s.flight {
            Flight::Idle => None,
            Flight::Sending { seqn, n, .. } | Flight::Waiting { seqn, n, .. } => Some(Outgoing {
                source_identifier: s.source.as_str(),
                seqn,
                queue: &s.queue,
                n,
            }),
        }
    }

    /// Reports what became of notification `seqn` sent to `receiver`.
    /// Delivered removes its events from the queue; failed schedules a
    /// retry of the same notification after the backoff delay. Outcomes
    /// for a removed or reconfigured receiver, or for a `seqn` no longer
    /// awaiting one, are ignored. A "delivered" that arrives while the
    /// notification waits for its retry still counts.
    pub fn on_outcome(
        &mut self,
        receiver: ReceiverId,
        seqn: u32,
        outcome: Outcome,
        now: Instant,
    ) -> Applied {
        let now = now.as_millis();
        let backoff = self.config.backoff;
        let linger = self.config.linger.as_millis();
        let Some(s) = self
            .slots
            .get_mut(usize::from(receiver.slot))
            .and_then(Option::as_mut)
            .filter(|s| s.generation == receiver.generation)
        else {
            return Applied::Ignored;
        };
        match (s.flight, outcome) {
            (
                Flight::Sending {
                    seqn: current, n, ..
                }
                | Flight::Waiting {
                    seqn: current, n, ..
                },
                Outcome::Delivered,
            ) if current == seqn => {
                for _ in 0..n {
                    let _ = s.queue.pop_front();
                }
                s.stats.delivered += n as u64;
                s.stats.notifications += 1;
                s.flight = Flight::Idle;
                if s.pending() > 0 {
                    // Those events have waited long enough already.
                    s.pending_since = s.pending_since.min(now.saturating_sub(linger));
                }
                Applied::Yes
            }
            (
                Flight::Sending {
                    seqn: current,
                    n,
                    attempt,
                    ..
                },
                Outcome::Failed,
            ) if current == seqn => {
                let attempt = attempt.saturating_add(1);
                let delay = backoff.delay(attempt, &mut self.jitter);
                s.flight = Flight::Waiting {
                    seqn,
                    n,
                    attempt,
                    until: now.saturating_add(delay),
                };
                Applied::Yes
            }
            _ => Applied::Ignored,
        }
    }

    /// Advances timers: a send without an outcome past the response
    /// timeout counts as failed.
    pub fn handle_timeout(&mut self, now: Instant) {
        let now = now.as_millis();
        for slot in 0..R {
            let expired = match self.slots.get(slot).and_then(Option::as_ref) {
                Some(Slot {
                    generation,
                    flight: Flight::Sending { seqn, deadline, .. },
                    ..
                }) if now >= *deadline => Some((*generation, *seqn)),
                _ => None,
            };
            if let (Some((generation, seqn)), Ok(slot)) = (expired, u8::try_from(slot)) {
                let _ = self.on_outcome(
                    ReceiverId { slot, generation },
                    seqn,
                    Outcome::Failed,
                    Instant::from_millis(now),
                );
            }
        }
    }

    /// When [`Publisher::handle_timeout`] / [`Publisher::poll_transmit`]
    /// next have work (a response deadline, a retry, a linger ending);
    /// `None` when only new input can create work. May be in the past:
    /// then call them now.
    ///
    /// Ask again after every call that changes the publisher (it moves earlier
    /// with new work, later once work is done).
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.poll_timeout_ms().map(Instant::from_millis)
    }

    fn poll_timeout_ms(&self) -> Option<u64> {
        self.slots
            .iter()
            .flatten()
            .filter_map(|s| match s.flight {
                Flight::Sending { deadline, .. } => Some(deadline),
                Flight::Waiting { until, .. } => Some(until),
                Flight::Idle if s.pending() >= self.config.batch_size => Some(s.pending_since),
                Flight::Idle if s.pending() > 0 => Some(
                    s.pending_since
                        .saturating_add(self.config.linger.as_millis()),
                ),
                Flight::Idle => None,
            })
            .min()
    }
}
