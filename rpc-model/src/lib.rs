//! # baton-rpc
//!
//! The Cisco TelePresence Conductor (XC4.3.1) remote-management XML-RPC API,
//! typed: every method with its params and reply, the fault codes, and the
//! feedback events.
#![no_std]
#![deny(unsafe_code)]
#![warn(missing_docs)]

#[cfg(any(test, feature = "std"))]
extern crate std;

pub mod event;
pub mod fault;

pub use event::{AnyEventName, Event, EventArgs, EventName, Notification, SourceAliases};
pub use fault::{Fault, FaultCode, FAULT_MESSAGE_CAPACITY};
