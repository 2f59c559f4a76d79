//! # baton-feedback
//!
//! Sans-IO state machines for the Conductor's `feedbackReceiver.extended`
//! mechanism: the device-side publisher and the client-side receiver.
#![no_std]
#![deny(unsafe_code)]
#![warn(missing_docs)]
