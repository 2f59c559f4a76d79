//! # baton-validate
//!
//! The Cisco TelePresence Conductor (XC4.3.1) spec's validation rules,
//! each written once and named after the spec's wording, and the capacity
//! arithmetic.
//!
//! Every rule is a function that records into a [`Report`] every
//! violation it finds, each with its JSON path (`aliases[2].exact_match`),
//! its [`Rule`] and the error it is answered with ([`Code`]: REST error 20
//! or 30, or an XML-RPC fault code). Rules needing context take it as
//! parameters: a [`Catalog`] (ServiceRecords + QualityInfo) and an
//! [`AliasDirectory`].
//!
//! - REST objects: [`confbundle`] (with [`alias`], [`auto_dialed`],
//!   [`role_by_pin`], [`advanced`]), [`provisioning`] (SIPDomainSpec,
//!   Owners, servicecost alias, Resources), [`common`] (mandatory
//!   attributes, string lengths, PINs, DTMF).
//! - XML-RPC parameters: [`xmlrpc`].
//! - [`dialstring`]: lower-casing and SIP-domain rewriting before exact
//!   matching. [`capacity`]: conference cost and `factoryResourceLimits`.
//! - [`service_cost`]: the `servicecost` answer from the alias's
//!   ConfBundle, its Service Preference and that one's cost template.
//! - [`check`]: a request body decoded and validated, with the exact
//!   answer.
//!
//! `#![no_std]`, no allocation, never panics.
#![no_std]
#![deny(unsafe_code)]
#![warn(missing_docs)]

#[cfg(any(test, feature = "std"))]
extern crate std;

pub mod advanced;
pub mod alias;
pub mod auto_dialed;
pub mod capacity;
mod catalog;
pub mod check;
pub mod common;
pub mod confbundle;
pub mod dialstring;
pub mod provisioning;
mod report;
pub mod role_by_pin;
mod rule;
pub mod service_cost;
pub mod text;
pub mod xmlrpc;

use core::fmt;

pub use catalog::{AliasDirectory, Catalog, CatalogDocument, CatalogError};
pub use check::{check_confbundle_put, Verdict};
pub use confbundle::{validate_confbundle, PutContext};
pub use report::{rest_error_body, Report, Violation, VIOLATIONS_CAPACITY, WARNINGS_CAPACITY};
pub use rule::{Code, Rule};

/// This crate's error (the capacity arithmetic and normalization; rule
/// violations are [`Violation`]s, not errors).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The output buffer is too small.
    BufferTooSmall,
    /// A number of screens outside 1-4.
    InvalidScreens(u8),
    /// The arithmetic overflowed.
    Overflow,
    /// A Resources element names a dimension the spec does not define.
    UnknownDimension,
    /// A Resources element or ParticipantCost lacks its value.
    MissingCost,
    /// No ParticipantCost applies to this number of screens.
    NoParticipantCost(u8),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::BufferTooSmall => f.write_str("output buffer too small"),
            Error::InvalidScreens(n) => write!(f, "invalid number of screens: {n} (1-4)"),
            Error::Overflow => f.write_str("arithmetic overflow"),
            Error::UnknownDimension => f.write_str("unknown resource dimension"),
            Error::MissingCost => f.write_str("resource cost missing"),
            Error::NoParticipantCost(n) => write!(f, "no participant cost for {n} screens"),
        }
    }
}

impl core::error::Error for Error {}
