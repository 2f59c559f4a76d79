//! # baton-embassy
//!
//! The embassy port of baton: the Conductor's `/RPC2` XML-RPC server and
//! the feedback delivery task on `embassy_net::tcp::TcpSocket`, with fixed
//! buffers, no heap and no std. Everything builds for
//! `thumbv7em-none-eabihf` without an allocator.
//!
//! - **Server** ([`server::Listener`]): one listener per socket (run N of
//!   them for N concurrent connections). The HTTP/1.1 head is parsed with
//!   `httparse` ([`http::parse_head`]); the `Content-Length` body is read
//!   into the listener's receive buffer (too large: 413 without reading
//!   it; malformed head: 400; anything but `POST /RPC2`: 404 / 405);
//!   keep-alive; head, body and idle timeouts with `embassy-time`. The body
//!   is decoded in place by [`baton_rpc::Request::decode_in_place`], credentials
//!   are checked by an [`auth::Authenticator`], the [`Handler`] answers
//!   with a typed reply or a fault, encoded straight into the listener's
//!   transmit buffer.
//! - **Feedback** ([`feedback::Feedback`]): a `baton-feedback` publisher
//!   shared by the handlers and the delivery task, which opens a
//!   `TcpSocket` to each receiver (IPv4 / IPv6 literals; host names with
//!   the `dns` feature), POSTs the notification, classifies the answer,
//!   reports the outcome and sleeps until the publisher's next deadline.
//!   Plain `http` only: `https` receivers are reported as failed.
//! - **Client** ([`client::EnumerateClient`]): `participant.enumerate` /
//!   `conference.enumerate` over a `TcpSocket`, the reply streamed one
//!   item at a time through a fixed buffer (never the whole reply), with
//!   `enumerateID` paging up to a page cap.
//!
//! Logging: `defmt` behind the `defmt` feature; the default build has no
//! formatting code.
#![no_std]
#![deny(unsafe_code)]
#![warn(missing_docs)]

#[macro_use]
mod log;

pub mod auth;
pub mod client;
pub mod feedback;
pub mod handler;
pub mod http;
pub mod server;

pub use auth::{Access, AuthError, Authenticator, Role, Users};
pub use client::{ClientConfig, EnumerateClient};
pub use feedback::{Feedback, FeedbackConfig};
pub use handler::{Answered, CallContext, Handler, Reply};
pub use server::{Listener, ServerConfig};

// The core crates, for handler implementations.
pub use baton_feedback;
pub use baton_rpc;
