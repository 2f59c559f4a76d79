//! # baton-tokio
//!
//! The tokio port of baton: sockets, HTTP, timers and TLS around the
//! transport-free core crates.
//!
//! - **Server** ([`ServerBuilder`] -> [`axum::Router`], [`serve`]): `POST
//!   /RPC2` and the REST APIs (`/api/4.0/...`, `/api/external/...`,
//!   `/status`, `/systemunit.xml`) backed by a [`ConductorHandler`] with one
//!   async method per operation; credentials checked by an
//!   [`Authenticator`] on every request; the spec's performance guidance as
//!   defaults ([`ServerConfig`]: 4 requests served at once, each taking
//!   its turn only once its body is in, keep-alive, header and body
//!   timeouts and a minimum body rate, 1 MiB bodies; refused calls logged,
//!   rate-limited; see `SECURITY.md`); HTTPS with rustls ([`ServerTls`]);
//!   graceful shutdown. The router is a `Router<S>` for any state `S`,
//!   so it nests into an existing axum application; its request limits
//!   are also a layer for other routes ([`RequestLimitsLayer`]).
//! - **Observability** ([`observe`]): a `tracing` span and one log record
//!   per request (`debug` when answered, `info` when refused: method,
//!   fault or status, latency, peer; never a password); with the
//!   `metrics` feature, request, latency and feedback metrics through the
//!   `metrics` facade.
//! - **Feedback** ([`FeedbackDriver`], [`receiver_router`]): the task that
//!   delivers a `baton-feedback` publisher's notifications over HTTP(S)
//!   with keep-alive, and the receiving service that classifies and
//!   acknowledges them.
//! - **Client** ([`ConductorClient`]): every XML-RPC method and REST
//!   operation typed, one keep-alive connection and one request in flight
//!   by default, certificate checking on, enumerate paging, version
//!   discovery; errors tell transport, HTTP, fault and decode apart.
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod answer;
pub mod auth;
pub mod client;
mod error;
pub mod feedback;
pub mod handler;
mod http_client;
pub mod observe;
pub mod server;
pub mod tls;

pub use answer::{success, Answer, ReplyTo, RestError, RestReply, RestResult, RpcResult};
pub use auth::{hash_password, Access, AuthError, Authenticator, Role, Users};
pub use client::{ClientConfig, ConductorClient};
pub use error::{BoxError, DecodeError, Error, Fault};
pub use feedback::{
    receiver_router, receiver_stream, FeedbackConfig, FeedbackDriver, FeedbackHandle,
    ReceivedNotification, ReceivedNotifications, ReceiverConfig,
};
pub use handler::{CallContext, ConductorHandler, RestContext};
pub use server::{serve, Listener, RequestLimitsLayer, ServerBuilder, ServerConfig};
pub use tls::{ClientTls, ServerTls};

// The core crates, for handler implementations.
pub use baton_feedback;
pub use baton_rest;
pub use baton_rpc;
pub use baton_validate;
pub use baton_xmlrpc;
