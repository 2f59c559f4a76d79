//! # baton-rpc
//!
//! The Cisco TelePresence Conductor (XC4.3.1) remote-management XML-RPC API,
//! typed: every method with its params and reply, the fault codes, and the
//! feedback events.
//!
//! - [`Method`]: every documented method (exact names).
//! - One params struct per method (exact spec member names, required members
//!   plain, optional ones `Option`, plus `authenticationUser` /
//!   `authenticationPassword`) and one reply struct.
//! - [`FaultCode`] / [`Fault`]: the spec's fault table.
//! - [`Notification`]: the `eventNotification` feedback message.
//!
//! Strings borrow from the request buffer; lists are bounded `heapless`
//! vectors with documented capacities. Nothing here allocates or panics.
#![no_std]
#![deny(unsafe_code)]
#![warn(missing_docs)]

#[cfg(any(test, feature = "std"))]
extern crate std;

#[cfg(feature = "alloc")]
extern crate alloc;

pub mod schema;
#[macro_use]
mod macros;
#[macro_use]
mod params_de;
mod reply_ser;

pub mod auth;
pub mod call;
pub mod client;
pub mod conference;
pub mod device;
pub mod enumerate;
pub mod enums;
mod error;
pub mod event;
pub mod factory;
pub mod fault;
pub mod feedback_receiver;
pub mod method;
mod missing;
pub mod participant;
mod request;
pub mod secret;
pub mod server;
pub mod stream;
pub mod table;
pub mod value;

pub use call::{Call, ReplyTo};
#[allow(deprecated)]
pub use client::decode_reply;
pub use client::{decode_reply_in_place, RemoteFault, Reply};
pub use error::Error;
pub use event::{AnyEventName, Event, EventArgs, EventName, Notification, SourceAliases};
pub use fault::{Fault, FaultCode, FAULT_MESSAGE_CAPACITY};
pub use method::Method;
pub use request::{fault_for, Request, CREDENTIALS};
pub use secret::{Password, Secret};
