//! # baton-rest
//!
//! The Conductor's REST/JSON APIs: objects, routes and error bodies.
#![no_std]
#![deny(unsafe_code)]
#![warn(missing_docs)]
