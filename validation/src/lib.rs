//! # baton-validate
//!
//! The Conductor spec's validation rules, each written once and named after
//! the spec's wording, and the capacity arithmetic.
#![no_std]
#![deny(unsafe_code)]
#![warn(missing_docs)]
