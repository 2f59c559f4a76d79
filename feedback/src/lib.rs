//! # baton-feedback
//!
//! Sans-IO state machines for the Conductor's `feedbackReceiver.extended`
//! mechanism: the device publishes events to up to 20 registered receivers
//! as XML-RPC `eventNotification` calls.
//!
//! - [`Publisher`] (device side): the receiver slots exactly as
//!   `feedbackReceiver.extended.configure` / `query` / `remove` describe,
//!   a bounded FIFO queue per receiver, batching, `seqn`, at most one
//!   notification in flight per receiver, retries with exponential backoff
//!   and seeded jitter.
//! - [`Receiver`] (client side): decodes a notification, classifies it per
//!   `sourceIdentifier` (in order, duplicate, gap, restart) and writes the
//!   acknowledgement.
//! - [`Publisher::answer`]: the `feedbackReceiver.*` calls answered from
//!   the publisher's slots as typed replies ([`FeedbackReply`]), and
//!   [`wire::classify_reply`]: whether a receiver's answer acknowledged a
//!   notification; a port only encodes, posts and reads.
//! - [`Registration`] (client side): keeps the client registered on a
//!   device (`configure` with `receiverIndex` -1, periodic `query`).
//!
//! Nothing here does IO, reads a clock (time is milliseconds passed in),
//! allocates or panics. Randomness is a seed passed in.
#![no_std]
#![deny(unsafe_code)]
#![warn(missing_docs)]

#[cfg(any(test, feature = "std"))]
extern crate std;

pub mod backoff;
mod error;
pub mod event;
pub mod publisher;
pub mod receiver;
pub mod registration;
pub mod registry;
mod reply;
pub mod ring;
mod seqn;
pub mod time;
pub mod uri;
pub mod wire;

pub use backoff::{Backoff, Jitter};
pub use error::Error;
pub use event::{OwnedEvent, PublishedEvent};
pub use publisher::{Applied, Config, Outcome, Publisher, ReceiverId, ReceiverStats, Transmit};
pub use receiver::{Accepted, Rejected};
pub use receiver::{Classification, Receiver};
pub use registration::{CallKind, Registration, RegistrationConfig};
pub use reply::FeedbackReply;
pub use seqn::{seqn_delta, SEQN_MASK};
pub use time::{Duration, Instant};
pub use uri::{ReceiverUri, Scheme, UriError};
