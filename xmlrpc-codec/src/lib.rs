//! # baton-xmlrpc
//!
//! A zero-allocation XML-RPC 1.0 codec (with the common `nil` and `i8`
//! extensions) for `no_std` firmware and servers alike.
//!
//! Decoding borrows from the input: strings are `&str` into the buffer you
//! hand in, and with a `&mut [u8]` input escaped text is unescaped in place.
//! Encoding writes canonical XML-RPC into any [`embedded_io::Write`], into a
//! `&mut [u8]`, or only counts the bytes (for `Content-Length`).
//!
//! serde is the typed interface in both directions; see the `magic` module for
//! how XML-RPC types map onto serde's data model.
//!
//! # Build profiles
//!
//! The code has two profiles that decode the same documents to the same values and errors:
//! the default one, tuned for speed on hosts, and `baton_compact`, tuned for flash on
//! microcontrollers (the scalar visitor kept out of line instead of copied into every
//! visitor, no typed fast paths for `<string>` / `<boolean>` / `<int>`, a plain scan instead
//! of `memchr::memmem`, the hot helpers not inlined). `baton_compact` is a cfg chosen in one
//! place, the crate's `build.rs` (rpc-model's build.rs applies the same rule): it is on for
//! every `target_os = "none"` target, and on any target with
//! `RUSTFLAGS="--cfg baton_compact"`, which is how CI runs this crate's and rpc-model's test
//! suites on the host with the code a Cortex-M runs. It is declared in the workspace's
//! `[lints.rust] unexpected_cfgs` check-cfg list.
#![no_std]
#![deny(unsafe_code)]
#![warn(missing_docs)]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod encode;
pub mod magic;

pub mod base64;
mod datetime;
pub mod de;
pub mod encoding;
mod error;
mod options;
#[cfg(feature = "alloc")]
pub mod owned;
mod prepass;
mod reader;
mod scalar;
mod ser;
pub mod stream;
pub mod text;
pub mod view;

pub use datetime::{DateTime, DateTimeError, Offset};
pub use de::{
    decode_response, decode_response_from_slice, decode_response_from_slice_with,
    decode_response_with, CallDecoder, Fault, Response,
};
pub use encode::EncodeError;
pub use error::{Error, ErrorKind, MEMBER_NAME_CAPACITY};
pub use options::DecodeOptions;
pub use text::Text;
