//! The client side: classify each incoming `eventNotification` per
//! `sourceIdentifier` and acknowledge it.
//!
//! # Classification
//!
//! For a source already seen, with last `seqn` `L` and the fingerprint `F`
//! (a hash of the event names and arguments) of that notification, in
//! this order:
//!
//! 1. same `seqn` and same fingerprint: [`Classification::Duplicate`]
//!    (acknowledge, do not surface again);
//! 2. it carries `applicationStarted`: [`Classification::Restart`];
//! 3. `seqn` is `L + 1`: [`Classification::InOrder`];
//! 4. `seqn` is `L + 1 + n`: [`Classification::Gap`] with `missed: n`
//!    (with this crate's publisher, exactly `n` events were dropped);
//! 5. otherwise (`seqn` went back, or the same `seqn` with other
//!    content): [`Classification::Restart`].
//!
//! `seqn` comparisons are modulo 2^31 ([`crate::seqn_delta`]). A source not
//! seen before is [`Classification::First`] (or `Restart` if it carries
//! `applicationStarted`). Sources are told apart by a 64-bit FNV-1a hash
//! of `sourceIdentifier`; at most `S` are tracked, and a new source beyond
//! that evicts the one heard from least recently.

use baton_rpc::{AnyEventName, Event, EventName, Notification};

use crate::seqn::seqn_delta;

/// How many sources a [`Receiver`] tracks by default (the spec's limit
/// of receivers per device, and so a natural count of devices).
pub const DEFAULT_SOURCES: usize = 20;

/// What a notification is, relative to the previous ones of its source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Classification {
    /// The first notification seen from this source.
    First,
    /// The next one in sequence.
    InOrder,
    /// Already seen (a retry): acknowledge, do not surface again.
    Duplicate,
    /// `missed` notifications (with this crate's publisher: events) were
    /// lost before this one.
    Gap {
        /// How many `seqn` values were skipped.
        missed: u32,
    },
    /// The source restarted (`applicationStarted`, or `seqn` went back):
    /// resynchronise any state built from its events.
    Restart,
}

impl Classification {
    /// Whether the events are new to the application (all but
    /// [`Classification::Duplicate`]).
    pub const fn is_new(self) -> bool {
        !matches!(self, Classification::Duplicate)
    }
}

#[derive(Clone, Copy, Debug)]
struct Source {
    key: u64,
    last_seqn: u32,
    fingerprint: u64,
    last_used: u64,
}

/// Per-source `seqn` tracking for up to `S` sources.
///
/// A notification is classified against the previous one of its source
/// ([`Receiver::on_request`] decodes, classifies and acknowledges a request
/// body in one step; see [`Publisher`](crate::Publisher) for a round trip):
///
/// ```
/// use baton_feedback::{Classification, Receiver};
/// use baton_rpc::{Event, EventName};
///
/// let mut receiver: Receiver<4> = Receiver::new(); // tracks up to 4 sources
/// let alarms = [Event::new(EventName::AlarmsChanged)];
/// let joined = [Event::new(EventName::ConferenceJoined)];
/// assert_eq!(receiver.classify_parts("dev-a", 0, &alarms), Classification::First);
/// assert_eq!(receiver.classify_parts("dev-a", 1, &joined), Classification::InOrder);
/// // A retry of the same notification: acknowledge it, do not act on it again.
/// let again = receiver.classify_parts("dev-a", 1, &joined);
/// assert_eq!(again, Classification::Duplicate);
/// assert!(!again.is_new());
/// // seqn 2 and 3 never arrived.
/// assert_eq!(receiver.classify_parts("dev-a", 4, &alarms), Classification::Gap { missed: 2 });
/// // Another source is tracked apart.
/// assert_eq!(receiver.classify_parts("dev-b", 9, &alarms), Classification::First);
/// assert_eq!(receiver.sources(), 2);
/// ```
#[derive(Clone, Debug, Default)]
pub struct Receiver<const S: usize = DEFAULT_SOURCES> {
    sources: heapless::Vec<Source, S>,
    clock: u64,
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

fn fnv(mut hash: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(FNV_PRIME);
    }
    hash
}

fn fnv_field(hash: u64, field: Option<&str>) -> u64 {
    match field {
        // 0xff never occurs in UTF-8: a separator that cannot collide.
        Some(text) => fnv(fnv(hash, text.as_bytes()), &[0xff]),
        None => fnv(hash, &[0xfe]),
    }
}

/// The fingerprint of a notification's events: names and arguments, in
/// order. Retries of one notification have equal fingerprints.
pub fn fingerprint(events: &[Event<'_>]) -> u64 {
    let mut h = FNV_OFFSET;
    for e in events {
        h = fnv_field(h, Some(e.name.as_str()));
        let a = &e.args;
        h = fnv_field(h, a.factory_conference_id);
        h = fnv_field(h, a.request_id);
        h = fnv_field(h, a.conference_name);
        h = fnv_field(h, a.participant_role);
        match &a.unauthenticated_source_alias {
            Some(list) => {
                for alias in list.as_slice() {
                    h = fnv_field(h, Some(alias));
                }
                h = fnv(h, &[0xfd]);
            }
            None => h = fnv(h, &[0xfe]),
        }
    }
    h
}

impl<const S: usize> Receiver<S> {
    /// A receiver that has seen nothing.
    pub const fn new() -> Self {
        Receiver {
            sources: heapless::Vec::new(),
            clock: 0,
        }
    }

    /// How many sources are tracked.
    pub fn sources(&self) -> usize {
        self.sources.len()
    }

    /// Forgets `source_identifier`: its next notification is
    /// [`Classification::First`]. Call it after (re-)registering with that
    /// source, since a fresh registration starts again at `seqn` 0.
    pub fn forget(&mut self, source_identifier: &str) {
        let key = fnv(FNV_OFFSET, source_identifier.as_bytes());
        self.sources.retain(|s| s.key != key);
    }

    /// Classifies `notification` and records it.
    #[must_use = "the classification says whether to act on the events (a duplicate or a gap)"]
    pub fn classify<const N: usize>(
        &mut self,
        notification: &Notification<'_, N>,
    ) -> Classification {
        self.classify_parts(
            notification.source_identifier,
            notification.seqn,
            notification.events.as_slice(),
        )
    }

    /// Classifies a notification given as its parts, and records it.
    #[must_use = "the classification says whether to act on the events (a duplicate or a gap)"]
    pub fn classify_parts(
        &mut self,
        source_identifier: &str,
        seqn: u32,
        events: &[Event<'_>],
    ) -> Classification {
        self.clock = self.clock.wrapping_add(1);
        let key = fnv(FNV_OFFSET, source_identifier.as_bytes());
        let print = fingerprint(events);
        let started = events
            .iter()
            .any(|e| e.name == AnyEventName::Known(EventName::ApplicationStarted));
        let now = self.clock;
        let Some(source) = self.sources.iter_mut().find(|s| s.key == key) else {
            let fresh = Source {
                key,
                last_seqn: seqn,
                fingerprint: print,
                last_used: now,
            };
            if self.sources.is_full() {
                let oldest = self
                    .sources
                    .iter()
                    .enumerate()
                    .min_by_key(|(_, s)| s.last_used)
                    .map(|(i, _)| i);
                if let Some(i) = oldest {
                    self.sources.swap_remove(i);
                }
            }
            // Cannot fail unless S == 0, when nothing is tracked.
            let _ = self.sources.push(fresh);
            return if started {
                Classification::Restart
            } else {
                Classification::First
            };
        };
        source.last_used = now;
        if seqn == source.last_seqn && print == source.fingerprint {
            return Classification::Duplicate;
        }
        let class = if started {
            Classification::Restart
        } else {
            match seqn_delta(source.last_seqn, seqn) {
                Some(1) => Classification::InOrder,
                Some(d) => Classification::Gap { missed: d - 1 },
                None => Classification::Restart,
            }
        };
        source.last_seqn = seqn;
        source.fingerprint = print;
        class
    }
}

mod wire {
    use super::{Classification, Receiver};
    use baton_rpc::{Fault, FaultCode, Method, Notification};

    /// An accepted notification: the typed message (borrowing the request
    /// body), its classification, and the acknowledgement written to the
    /// reply buffer.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct Accepted<'b, const N: usize> {
        /// The notification.
        pub notification: Notification<'b, N>,
        /// How it relates to the source's previous notifications.
        pub class: Classification,
        /// Bytes of the acknowledgement `methodResponse` in the reply
        /// buffer.
        pub reply_len: usize,
    }

    /// A rejected request: the fault, written as a `methodResponse` to the
    /// reply buffer (`reply_len` 0 if even that did not fit).
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct Rejected {
        /// The fault sent back.
        pub fault: Fault,
        /// Bytes of the fault response in the reply buffer.
        pub reply_len: usize,
    }

    impl<const S: usize> Receiver<S> {
        /// Handles the body of an incoming XML-RPC request: an
        /// `eventNotification` is decoded (strings borrow from `body`,
        /// unescaped in place), classified and acknowledged into `reply`
        /// with a `methodResponse` (`status` "operation successful").
        /// Any other method is fault 1 `method not supported`; a malformed
        /// notification gets the spec's 101/102/103 fault naming the
        /// member. Nothing is recorded for a rejected request.
        // `Rejected` holds the fault text inline (no allocation), hence its size.
        #[allow(clippy::result_large_err)]
        #[must_use = "the reply (or fault) must be sent back to the publisher"]
        pub fn on_request<'b, const N: usize>(
            &mut self,
            body: &'b mut [u8],
            reply: &mut [u8],
        ) -> Result<Accepted<'b, N>, Rejected> {
            let reject = |fault: Fault, reply: &mut [u8]| Rejected {
                reply_len: baton_rpc::server::encode_fault(reply, &fault).unwrap_or(0),
                fault,
            };
            let call = match baton_xmlrpc::CallDecoder::in_place(body) {
                Ok(call) => call,
                Err(e) => return Err(reject(baton_rpc::fault_for(&e), reply)),
            };
            if call.method_name() != Method::EventNotification.as_str() {
                return Err(reject(Fault::new(FaultCode::MethodNotSupported), reply));
            }
            let notification = match call.first_param::<Notification<'b, N>>() {
                Ok(Some(n)) => n,
                Ok(None) => {
                    return Err(reject(Fault::missing_parameter("sourceIdentifier"), reply))
                }
                Err(e) => return Err(reject(baton_rpc::fault_for(&e), reply)),
            };
            let reply_len = match baton_rpc::server::encode_reply(reply, &baton_rpc::value::Ack) {
                Ok(len) => len,
                Err(_) => {
                    return Err(Rejected {
                        fault: Fault::operation_failed(),
                        reply_len: 0,
                    })
                }
            };
            let class = self.classify(&notification);
            Ok(Accepted {
                notification,
                class,
                reply_len,
            })
        }
    }
}

pub use wire::{Accepted, Rejected};

#[cfg(test)]
mod tests {
    use super::*;
    use baton_rpc::EventArgs;

    fn ev(name: EventName, id: Option<&str>) -> Event<'_> {
        Event {
            name: AnyEventName::Known(name),
            args: EventArgs {
                request_id: id,
                ..EventArgs::default()
            },
        }
    }

    #[test]
    fn first_then_in_order_then_duplicate() {
        let mut r: Receiver = Receiver::new();
        let a = [ev(EventName::ConferenceCreate, Some("1"))];
        let b = [ev(EventName::ConferenceCreate, Some("2"))];
        assert_eq!(r.classify_parts("s", 0, &a), Classification::First);
        assert_eq!(r.classify_parts("s", 0, &a), Classification::Duplicate);
        assert_eq!(r.classify_parts("s", 1, &b), Classification::InOrder);
        assert_eq!(r.classify_parts("s", 1, &b), Classification::Duplicate);
        assert!(!Classification::Duplicate.is_new());
    }

    #[test]
    fn seqn_jump_is_a_gap_of_the_missed_count() {
        let mut r: Receiver = Receiver::new();
        let a = [ev(EventName::AlarmsChanged, None)];
        let _ = r.classify_parts("s", 4, &a);
        assert_eq!(
            r.classify_parts("s", 8, &a),
            Classification::Gap { missed: 3 }
        );
    }

    #[test]
    fn seqn_going_back_or_application_started_is_a_restart() {
        let mut r: Receiver = Receiver::new();
        let a = [ev(EventName::AlarmsChanged, None)];
        let started = [ev(EventName::ApplicationStarted, None)];
        let _ = r.classify_parts("s", 9, &a);
        assert_eq!(r.classify_parts("s", 2, &a), Classification::Restart);
        assert_eq!(r.classify_parts("s", 3, &started), Classification::Restart);
        // same seqn, different content: a restart, not a duplicate
        assert_eq!(r.classify_parts("s", 3, &a), Classification::Restart);
        assert_eq!(
            r.classify_parts("new", 0, &started),
            Classification::Restart
        );
    }

    #[test]
    fn sources_are_classified_independently() {
        let mut r: Receiver = Receiver::new();
        let a = [ev(EventName::AlarmsChanged, None)];
        let _ = r.classify_parts("x", 0, &a);
        assert_eq!(r.classify_parts("y", 5, &a), Classification::First);
        assert_eq!(r.classify_parts("x", 1, &a), Classification::InOrder);
        assert_eq!(r.classify_parts("y", 6, &a), Classification::InOrder);
    }

    #[test]
    fn seqn_wraps_after_i32_max() {
        let mut r: Receiver = Receiver::new();
        let a = [ev(EventName::AlarmsChanged, None)];
        let _ = r.classify_parts("s", crate::SEQN_MASK, &a);
        assert_eq!(r.classify_parts("s", 0, &a), Classification::InOrder);
    }

    #[test]
    fn at_most_s_sources_least_recent_evicted() {
        let mut r: Receiver<2> = Receiver::new();
        let a = [ev(EventName::AlarmsChanged, None)];
        let _ = r.classify_parts("a", 0, &a);
        let _ = r.classify_parts("b", 0, &a);
        let _ = r.classify_parts("a", 1, &a);
        let _ = r.classify_parts("c", 0, &a); // evicts b
        assert_eq!(r.sources(), 2);
        assert_eq!(r.classify_parts("a", 2, &a), Classification::InOrder);
        assert_eq!(r.classify_parts("b", 1, &a), Classification::First);
    }

    #[test]
    fn forget_makes_the_next_notification_first() {
        let mut r: Receiver = Receiver::new();
        let a = [ev(EventName::AlarmsChanged, None)];
        let _ = r.classify_parts("s", 7, &a);
        r.forget("s");
        assert_eq!(r.classify_parts("s", 0, &a), Classification::First);
    }

    #[test]
    fn fingerprint_tells_arguments_apart() {
        let x = [ev(EventName::ConferenceCreate, Some("ab"))];
        let y = [ev(EventName::ConferenceCreate, Some("a"))];
        let z = [ev(EventName::ConferenceCreate, None)];
        assert_ne!(fingerprint(&x), fingerprint(&y));
        assert_ne!(fingerprint(&y), fingerprint(&z));
        assert_eq!(fingerprint(&x), fingerprint(&x.clone()));
    }
}
