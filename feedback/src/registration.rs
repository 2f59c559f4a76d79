//! The client side's keep-alive: stay registered as a feedback receiver
//! on one device.
//!
//! It issues `feedbackReceiver.extended.configure` with `receiverIndex`
//! -1 (any free slot; the device reuses the slot of a known URI) at start,
//! and again after the device restarted or an unrecoverable gap (more
//! missed than [`RegistrationConfig::gap_tolerance`]), and checks every
//! [`RegistrationConfig::query_interval`] with
//! `feedbackReceiver.extended.query` that the device still lists this
//! `receiverURI` with this `sourceIdentifier`. Failed calls are retried
//! with backoff. Sans-IO like the publisher: `poll_call` / `on_*` /
//! `poll_timeout` / `handle_timeout`.
//!
//! After every successful configure the device starts this receiver
//! again at `seqn` 0: call [`crate::Receiver::forget`] for the
//! `sourceIdentifier` (the restart this causes is otherwise reported once
//! and then swallowed here, so it cannot loop).

use baton_rpc::{EventName, Password};

use crate::backoff::{Backoff, Jitter};
use crate::receiver::Classification;
use crate::time::{Duration, Instant};

/// Settings of a [`Registration`], borrowing its strings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RegistrationConfig<'c> {
    /// This client's `receiverURI`, e.g. `http://10.2.134.40:5050/RPC2`.
    pub receiver_uri: &'c str,
    /// The `sourceIdentifier` the device should put in notifications.
    pub source_identifier: &'c str,
    /// `subscribedEvents` (`None`: all events).
    pub subscribed_events: Option<&'c [EventName]>,
    /// `authenticationUser`.
    pub authentication_user: &'c str,
    /// `authenticationPassword` (`Debug` prints `"***"`).
    pub authentication_password: Password<'c>,
    /// How often to check the registration with a query.
    pub query_interval: Duration,
    /// A call with no answer after this long counts as failed.
    pub response_timeout: Duration,
    /// A gap of more missed notifications than this re-registers.
    pub gap_tolerance: u32,
    /// Retry timing for failed calls.
    pub backoff: Backoff,
}

impl<'c> RegistrationConfig<'c> {
    /// Settings with defaults: all events, query every 60 s, 10 s call
    /// timeout, any gap re-registers, [`Backoff::default`].
    pub fn new(
        receiver_uri: &'c str,
        source_identifier: &'c str,
        authentication_user: &'c str,
        authentication_password: &'c str,
    ) -> Self {
        RegistrationConfig {
            receiver_uri,
            source_identifier,
            subscribed_events: None,
            authentication_user,
            authentication_password: Password::new(authentication_password),
            query_interval: Duration::from_millis(60_000),
            response_timeout: Duration::from_millis(10_000),
            gap_tolerance: 0,
            backoff: Backoff::default(),
        }
    }
}

/// Which call a [`Registration`] wants made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum CallKind {
    /// `feedbackReceiver.extended.configure` with `receiverIndex` -1.
    Configure,
    /// `feedbackReceiver.extended.query`.
    Query,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum State {
    /// Configure at `at`.
    Unregistered { at: u64 },
    /// A call is out; fail it at `deadline`.
    Calling { kind: CallKind, deadline: u64 },
    /// Registered in slot `index`; query at `at`.
    Registered { at: u64 },
}

/// The registration keep-alive machine.
///
/// It says which call to make and when; the port makes it and reports the
/// answer. Time is passed in:
///
/// ```
/// use baton_feedback::{CallKind, Instant, Registration, RegistrationConfig};
///
/// let config = RegistrationConfig::new("http://10.0.0.9:9000/RPC2", "collector", "tms", "secret");
/// let t0 = Instant::from_millis(0);
/// let mut reg = Registration::new(config, 1, t0);
///
/// // First: feedbackReceiver.extended.configure (receiverIndex -1).
/// assert_eq!(reg.poll_call(t0), Some(CallKind::Configure));
/// assert_eq!(reg.poll_call(t0), None); // one call out at a time
/// reg.on_configured(3, t0); // the device answered receiverIndex 3
/// assert!(reg.is_registered());
/// assert_eq!(reg.receiver_index(), Some(3));
///
/// // Then a query every query_interval_ms (60 s) to check it is still there.
/// let due = reg.poll_timeout().unwrap();
/// assert_eq!(due, Instant::from_millis(60_000));
/// assert_eq!(reg.poll_call(due), Some(CallKind::Query));
/// // The device no longer lists it (e.g. it restarted): register again.
/// reg.on_queried(None, due);
/// assert!(!reg.is_registered());
/// assert_eq!(reg.poll_call(due), Some(CallKind::Configure));
/// // A failed call is retried after a backoff delay.
/// reg.on_failure(due);
/// assert!(reg.poll_timeout().unwrap() > due);
/// ```
#[derive(Clone, Debug)]
pub struct Registration<'c> {
    config: RegistrationConfig<'c>,
    state: State,
    index: Option<i32>,
    attempt: u32,
    expect_reset: bool,
    jitter: Jitter,
}

impl<'c> Registration<'c> {
    /// A machine that configures at `now`; `seed` drives retry jitter.
    pub fn new(config: RegistrationConfig<'c>, seed: u64, now: Instant) -> Self {
        let now = now.as_millis();
        Registration {
            config,
            state: State::Unregistered { at: now },
            index: None,
            attempt: 0,
            expect_reset: false,
            jitter: Jitter::new(seed),
        }
    }

    /// The settings.
    pub fn config(&self) -> &RegistrationConfig<'c> {
        &self.config
    }

    /// The `receiverIndex` the device gave, while registered.
    pub fn receiver_index(&self) -> Option<i32> {
        self.index
    }

    /// Whether the last configure or query confirmed the registration.
    pub fn is_registered(&self) -> bool {
        self.index.is_some()
    }

    /// The call to make now, if any (at most one is out at a time).
    ///
    /// Poll after [`Registration::new`], [`Registration::on_configured`],
    /// [`Registration::on_queried`], [`Registration::on_failure`],
    /// [`Registration::on_notification`], [`Registration::handle_timeout`] and whenever
    /// [`Registration::poll_timeout`] has passed.
    #[must_use = "the call is due now: make it, then report how it went (on_configured / on_queried / on_failure)"]
    pub fn poll_call(&mut self, now: Instant) -> Option<CallKind> {
        let now = now.as_millis();
        let kind = match self.state {
            State::Unregistered { at } if now >= at => CallKind::Configure,
            State::Registered { at } if now >= at => CallKind::Query,
            _ => return None,
        };
        self.state = State::Calling {
            kind,
            deadline: now.saturating_add(self.config.response_timeout.as_millis()),
        };
        Some(kind)
    }

    fn retry_later(&mut self, kind: CallKind, now: u64) {
        self.attempt = self.attempt.saturating_add(1);
        let at = now.saturating_add(self.config.backoff.delay(self.attempt, &mut self.jitter));
        self.state = match kind {
            CallKind::Configure => State::Unregistered { at },
            CallKind::Query => State::Registered { at },
        };
    }

    fn calling(&self) -> Option<CallKind> {
        match self.state {
            State::Calling { kind, .. } => Some(kind),
            _ => None,
        }
    }

    /// The configure call succeeded with this `receiverIndex`.
    pub fn on_configured(&mut self, receiver_index: i32, now: Instant) {
        let now = now.as_millis();
        if self.calling() != Some(CallKind::Configure) {
            return;
        }
        self.index = Some(receiver_index);
        self.attempt = 0;
        self.expect_reset = true;
        self.state = State::Registered {
            at: now.saturating_add(self.config.query_interval.as_millis()),
        };
    }

    /// The query call succeeded; `listed` says whether the device listed
    /// this `receiverURI` with this `sourceIdentifier` (see
    /// [`Registration::is_listed`]).
    pub fn on_queried(&mut self, listed: Option<i32>, now: Instant) {
        let now = now.as_millis();
        if self.calling() != Some(CallKind::Query) {
            return;
        }
        self.attempt = 0;
        match listed {
            Some(index) => {
                self.index = Some(index);
                self.state = State::Registered {
                    at: now.saturating_add(self.config.query_interval.as_millis()),
                };
            }
            None => {
                self.index = None;
                self.state = State::Unregistered { at: now };
            }
        }
    }

    /// The call out failed (connection, HTTP error, fault, bad reply).
    pub fn on_failure(&mut self, now: Instant) {
        let now = now.as_millis();
        if let Some(kind) = self.calling() {
            self.retry_later(kind, now);
        }
    }

    /// Tells the machine how the receiver classified a notification from
    /// this device: a restart, or a gap above the tolerance, re-registers
    /// (except the one restart a fresh registration itself causes).
    pub fn on_notification(&mut self, class: Classification, now: Instant) {
        let now = now.as_millis();
        let reregister = match class {
            Classification::Restart if self.expect_reset => {
                self.expect_reset = false;
                false
            }
            Classification::Restart => true,
            Classification::Gap { missed } => missed > self.config.gap_tolerance,
            Classification::Duplicate => false,
            Classification::First | Classification::InOrder => {
                self.expect_reset = false;
                false
            }
        };
        if reregister {
            self.expect_reset = false;
            match self.state {
                // A configure is already out or due: nothing to add.
                State::Calling {
                    kind: CallKind::Configure,
                    ..
                }
                | State::Unregistered { .. } => {}
                _ => self.state = State::Unregistered { at: now },
            }
        }
    }

    /// Advances timers: a call without an answer past its deadline fails.
    pub fn handle_timeout(&mut self, now: Instant) {
        let now = now.as_millis();
        if let State::Calling { kind, deadline } = self.state {
            if now >= deadline {
                self.retry_later(kind, now);
            }
        }
    }

    /// When to call [`Registration::handle_timeout`] and
    /// [`Registration::poll_call`] next.
    ///
    /// Ask again after every call that changes the registration.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.poll_timeout_ms().map(Instant::from_millis)
    }

    fn poll_timeout_ms(&self) -> Option<u64> {
        Some(match self.state {
            State::Unregistered { at } | State::Registered { at } => at,
            State::Calling { deadline, .. } => deadline,
        })
    }

    /// Finds this registration in a query reply's receivers: the index of
    /// the entry with this `receiverURI` and `sourceIdentifier`.
    pub fn is_listed(
        &self,
        receivers: &[baton_rpc::feedback_receiver::ReceiverInfo<'_>],
    ) -> Option<i32> {
        receivers
            .iter()
            .find(|r| {
                r.receiver_uri == Some(self.config.receiver_uri)
                    && r.source_identifier == Some(self.config.source_identifier)
            })
            .map(|r| r.index.unwrap_or(-1))
    }
}

mod wire {
    use super::{CallKind, Registration};
    use crate::time::Instant;
    use crate::Error;
    use baton_rpc::feedback_receiver::{
        FeedbackReceiverExtendedConfigureParams, FeedbackReceiverQueryParams,
        SUBSCRIBED_EVENTS_CAPACITY,
    };
    use baton_rpc::{AnyEventName, Method};

    impl Registration<'_> {
        /// [`Registration::poll_call`], with the call encoded as a
        /// `methodCall` into `buf`; returns the call and its length.
        #[must_use = "the call is due now: send it, then report how it went (on_response)"]
        pub fn poll_transmit(
            &mut self,
            now: Instant,
            buf: &mut [u8],
        ) -> Result<Option<(CallKind, usize)>, Error> {
            let now = now.as_millis();
            let before = self.state;
            let Some(kind) = self.poll_call(Instant::from_millis(now)) else {
                return Ok(None);
            };
            let encoded = match kind {
                CallKind::Configure => {
                    let subscribed_events = self.config.subscribed_events.map(|names| {
                        let mut list =
                            heapless::Vec::<AnyEventName<'_>, SUBSCRIBED_EVENTS_CAPACITY>::new();
                        for name in names {
                            let _ = list.push(AnyEventName::Known(*name));
                        }
                        list
                    });
                    let params = FeedbackReceiverExtendedConfigureParams {
                        receiver_uri: self.config.receiver_uri,
                        source_identifier: self.config.source_identifier,
                        receiver_index: Some(-1),
                        subscribed_events,
                        authentication_user: self.config.authentication_user,
                        authentication_password: self.config.authentication_password,
                    };
                    baton_rpc::client::encode_call(
                        buf,
                        Method::FeedbackReceiverExtendedConfigure,
                        &params,
                    )
                }
                CallKind::Query => {
                    let params = FeedbackReceiverQueryParams {
                        authentication_user: self.config.authentication_user,
                        authentication_password: self.config.authentication_password,
                    };
                    baton_rpc::client::encode_call(
                        buf,
                        Method::FeedbackReceiverExtendedQuery,
                        &params,
                    )
                }
            };
            match encoded {
                Ok(len) => Ok(Some((kind, len))),
                Err(_) => {
                    // Leave the call due so a bigger buffer can retry.
                    self.state = before;
                    Err(Error::Encode)
                }
            }
        }

        /// Handles the `methodResponse` body answering the call out; a
        /// fault or an undecodable reply counts as a failure.
        pub fn on_response(&mut self, body: &mut [u8], now: Instant) {
            let now = now.as_millis();
            match self.calling() {
                Some(CallKind::Configure) => {
                    match baton_rpc::decode_reply_in_place::<FeedbackReceiverExtendedConfigureParams>(
                        body,
                    ) {
                        Ok(baton_rpc::Reply::Value(reply)) => self.on_configured(
                            reply.receiver_index.unwrap_or(-1),
                            Instant::from_millis(now),
                        ),
                        _ => self.on_failure(Instant::from_millis(now)),
                    }
                }
                Some(CallKind::Query) => {
                    match baton_rpc::decode_reply_in_place::<FeedbackReceiverQueryParams>(body) {
                        Ok(baton_rpc::Reply::Value(reply)) => {
                            let listed = self.is_listed(reply.receivers.as_slice());
                            self.on_queried(listed, Instant::from_millis(now))
                        }
                        _ => self.on_failure(Instant::from_millis(now)),
                    }
                }
                None => {}
            }
        }
    }
}
