//! Authentication: who may call what, checked before any handler runs.
//!
//! The no_std authenticator of `baton-rpc` ([`baton_rpc::auth`]), re-exported:
//! [`Access`], [`AuthError`], [`Authenticator`], [`constant_time_eq`],
//! [`Role`], [`check_accounts`] (the one account rule, also behind the
//! tokio port's `Users`), and [`Users`], a fixed table of [`Account`]s
//! (e.g. a `static`) compared in constant time. A refused call is
//! answered with fault 15 (bad credentials) or 14 (not allowed) before the
//! handler sees it.

pub use baton_rpc::auth::{
    check_accounts, constant_time_eq, Access, Account, AuthError, Authenticator, Role, Users,
};
