//! The reference bridge/edge appliance on `baton-embassy`: the same
//! application code for the Cortex-M4F firmware (`src/bin/stm32.rs`) and
//! for the host build on a Linux TAP device (`src/bin/host.rs`).
//!
//! [`App`] answers `device.query`, `device.network.query`,
//! `factory.health.query`, `feedbackReceiver.extended.configure` / `query`
//! / `remove`, and keeps a small in-RAM conference table for
//! `factory.conferencecreate`, `conference.destroy` and
//! `conference.enumerate`; it publishes `applicationStarted`,
//! `conferenceCreate` and `conferenceDestroyed` to its feedback receivers.
#![no_std]
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod app;
pub mod clock;
#[cfg(feature = "host")]
pub mod host_tap;
pub mod net;

pub use app::{App, DeviceInfo, Event, FeedbackState, ACCOUNTS};
