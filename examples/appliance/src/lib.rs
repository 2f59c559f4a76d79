//! # baton-appliance
//!
//! A Conductor-compatible appliance emulator built only from baton's
//! crates and the tokio port: a stateful device that speaks every
//! XML-RPC method and REST operation of the Cisco TelePresence Conductor
//! XC4.3.1 API (the program behind `baton serve`).
//!
//! - **Provisioning** (REST): ConfBundles checked with every rule of
//!   `baton-validate` against the service catalog and the aliases
//!   provisioned, each write giving a new `version_id` and
//!   `conference_name`; owners with generation-based deletion; the SIP
//!   domain; the catalog, capacity and external API tables.
//! - **Conferences** (XML-RPC): `factory.conferencecreate` matches the
//!   alias (normalized with the dial-string rules, through an index) to a
//!   ConfBundle, or creates an ad hoc conference from any alias;
//!   participants, enumerates with the Conductor's added members, device
//!   and health queries with the host's real figures, WebEx.
//! - **Feedback**: receivers configured through the tokio port's
//!   [`baton_tokio::FeedbackDriver`], persisted, restored at start (with
//!   `applicationStarted`); events published as things happen.
//! - **Persistence**: a redb [`Store`] (ConfBundles, owners, SIP domain,
//!   receivers); every acknowledged write is committed durably first.
//! - **Limits**: Appendix A ([`Limits`]).
//!
//! ```no_run
//! # async fn run() -> Result<(), String> {
//! use baton_appliance::{Appliance, ApplianceConfig, Store};
//! use baton_tokio::{FeedbackConfig, FeedbackDriver, Role, ServerConfig, Users};
//! let driver = FeedbackDriver::spawn(FeedbackConfig::default()).map_err(|e| e.to_string())?;
//! let store = Store::open(std::path::Path::new("baton-data/baton.redb"))?;
//! let device = Appliance::new(ApplianceConfig::default(), store, driver.handle())?;
//! let app = device.router(Users::new().with("api", "secret", Role::Admin), ServerConfig::default());
//! # let _ = app; Ok(()) }
//! ```
#![deny(unsafe_code)]
#![warn(missing_docs)]

mod appliance;
pub mod bundles;
pub mod catalog;
pub mod commit;
pub mod conferences;
pub mod config;
mod external;
mod handler;
pub mod host;
pub mod random;
mod rest;
pub mod store;

pub use appliance::Appliance;
pub use catalog::ServiceCatalog;
pub use config::{ApplianceConfig, DeviceInfo, Limits, OptionKeys};
pub use external::TABLES as EXTERNAL_TABLES;
pub use store::Store;

/// The repository README's Rust snippets, run as doc tests. They live in this crate, which
/// is not published (`publish = false`), because the README is outside every published
/// package: a published crate's doc tests must not read files outside it.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
mod readme_doctests {}
