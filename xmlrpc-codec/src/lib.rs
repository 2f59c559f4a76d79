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
//! # Naming: in place or from a slice
//!
//! Every decoding entry point says how it takes its input, in its name:
//!
//! | suffix | input | escaped text and base64 |
//! |---|---|---|
//! | `_in_place` | `&mut [u8]` | unescaped where they lie (the zero-copy path) |
//! | `_from_slice` | `&[u8]` (+ a scratch buffer for the typed decoders) | written to the scratch, or decoded on demand by the view |
//!
//! and limits are given with the `_with_options` form of the same name:
//! [`decode_response_in_place`] / [`decode_response_from_slice`],
//! [`CallDecoder::in_place`] / [`CallDecoder::from_slice`],
//! [`view::parse_in_place`] / [`view::parse_from_slice`], `owned::decode_from_slice`
//! (baton-rpc follows the same rule: `Request::decode_in_place`, `decode_reply_in_place`).
//! The former names (`decode_response`, `view::parse`, `CallDecoder::new`, ...) remain as
//! deprecated aliases. Encoding is one function per document, into any [`encode::Sink`].
//!
//! ```
//! use baton_xmlrpc::{decode_response_from_slice, decode_response_in_place, Response};
//! let body = b"<methodResponse><params><param><value>a &amp; b</value></param>\
//!     </params></methodResponse>";
//! // From a slice: the input stays as it was, the unescaped text goes to the scratch.
//! let mut scratch = [0u8; 16];
//! let r = decode_response_from_slice::<&str>(body, &mut scratch).unwrap();
//! assert!(matches!(r, Response::Value("a & b")));
//! // In place: the text is unescaped inside the buffer itself.
//! let mut buf = body.to_vec();
//! let r = decode_response_in_place::<&str>(&mut buf).unwrap();
//! assert!(matches!(r, Response::Value("a & b")));
//! ```
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
#[allow(deprecated)]
pub use de::{decode_response, decode_response_from_slice_with, decode_response_with};
pub use de::{
    decode_response_from_slice, decode_response_from_slice_with_options, decode_response_in_place,
    decode_response_in_place_with_options, CallDecoder, Fault, Response,
};
pub use encode::EncodeError;
pub use error::{Error, ErrorKind, MEMBER_NAME_CAPACITY};
pub use options::DecodeOptions;
pub use text::Text;
