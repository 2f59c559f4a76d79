//! Authentication for servers of this API, without `std` or allocation:
//! who may call what, checked before any handler runs. One rule for every
//! port: the embassy port re-exports it as is; the tokio port re-exports
//! the types and builds its heap-backed accounts on [`check_accounts`].
//!
//! Every XML-RPC call carries `authenticationUser` /
//! `authenticationPassword`:
//!
//! | outcome                       | fault                                |
//! |-------------------------------|--------------------------------------|
//! | credentials absent            | 101 `missing parameter - authenticationUser` (from decoding) |
//! | [`AuthError::BadCredentials`] | 15 `insufficient privileges`         |
//! | [`AuthError::NotAllowed`]     | 14 `authorization failed`            |
//!
//! [`Users`] is a ready-made authenticator over a fixed table of accounts
//! (no heap), compared in constant time. [`check_accounts`] is that one
//! rule over any source of [`Account`]s, so a port keeping its accounts
//! elsewhere (e.g. on the heap) checks them the same way.

use crate::{Fault, FaultCode, Method};
use subtle_core::ConstantTimeEq;

/// What a request asks to do, as the authenticator sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Access<'a> {
    /// An XML-RPC call of this method.
    Rpc(Method),
    /// A REST request (before routing): HTTP method and path.
    Rest {
        /// `GET`, `PUT`, ...
        method: &'a str,
        /// The request path.
        path: &'a str,
    },
}

impl Access<'_> {
    /// Whether the request only reads (XML-RPC queries and enumerates,
    /// REST `GET`/`HEAD`).
    pub fn is_read_only(&self) -> bool {
        match self {
            Access::Rpc(m) => matches!(m.role(), Role::ReadOnly),
            Access::Rest { method, .. } => matches!(*method, "GET" | "HEAD"),
        }
    }
}

/// Why a request is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum AuthError {
    /// Unknown user or wrong password (fault 15).
    BadCredentials,
    /// The user may not do this (fault 14).
    NotAllowed,
}

impl AuthError {
    /// The XML-RPC fault answering this refusal.
    pub fn fault(self) -> Fault {
        match self {
            AuthError::BadCredentials => Fault::new(FaultCode::InsufficientPrivileges),
            AuthError::NotAllowed => Fault::new(FaultCode::AuthorizationFailed),
        }
    }
}

impl core::fmt::Display for AuthError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            AuthError::BadCredentials => "unknown user or wrong password",
            AuthError::NotAllowed => "operation not allowed for this user",
        })
    }
}

impl core::error::Error for AuthError {}

/// Checks credentials for every call, before any handler runs. Keep it
/// quick (no blocking IO): it runs on the server's task.
pub trait Authenticator {
    /// Accepts or refuses `user` / `password` for `access`. Compare secrets
    /// in constant time (see [`constant_time_eq`]).
    fn authenticate(&self, user: &str, password: &str, access: Access<'_>)
        -> Result<(), AuthError>;
}

impl<A: Authenticator + ?Sized> Authenticator for &A {
    fn authenticate(
        &self,
        user: &str,
        password: &str,
        access: Access<'_>,
    ) -> Result<(), AuthError> {
        (**self).authenticate(user, password, access)
    }
}

/// Compares two byte strings in constant time (for equal lengths; the
/// length itself is not hidden).
///
/// ```
/// use baton_rpc::auth::constant_time_eq;
/// assert!(constant_time_eq(b"secret", b"secret"));
/// assert!(!constant_time_eq(b"secret", b"Secret"));
/// assert!(!constant_time_eq(b"secret", b"secret!"));
/// ```
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

/// What a [`Users`] account may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Role {
    /// Everything.
    Admin,
    /// Only reads ([`Access::is_read_only`]).
    ReadOnly,
}

impl Role {
    /// Whether an account with this role may do `access`: an admin
    /// anything, a read-only account only reads.
    pub fn permits(self, access: Access<'_>) -> bool {
        match self {
            Role::Admin => true,
            Role::ReadOnly => access.is_read_only(),
        }
    }
}

/// One account of [`Users`].
#[derive(Clone, Copy)]
pub struct Account<'a> {
    /// The user name (case sensitive).
    pub user: &'a str,
    /// The password (case sensitive).
    pub password: &'a str,
    /// What the account may do.
    pub role: Role,
}

impl core::fmt::Debug for Account<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Account")
            .field("user", &self.user)
            .field("role", &self.role)
            .finish_non_exhaustive()
    }
}

/// A fixed table of accounts (e.g. a `static`). Every account is compared
/// on every check, user and password in constant time, so timing does not
/// tell which user exists. No account is assumed (the spec: never assume
/// an `admin` account).
///
/// ```
/// use baton_rpc::auth::{Access, Account, AuthError, Authenticator, Role, Users};
/// use baton_rpc::Method;
///
/// static ACCOUNTS: [Account<'static>; 2] = [
///     Account { user: "tms", password: "secret", role: Role::Admin },
///     Account { user: "monitor", password: "look", role: Role::ReadOnly },
/// ];
/// let users = Users::new(&ACCOUNTS);
/// let destroy = Access::Rpc(Method::ConferenceDestroy);
/// assert_eq!(users.authenticate("tms", "secret", destroy), Ok(()));
/// let refused = users.authenticate("monitor", "look", destroy).unwrap_err();
/// assert_eq!(refused, AuthError::NotAllowed);
/// assert_eq!(refused.fault().code(), 14); // authorization failed
/// let refused = users.authenticate("tms", "SECRET", destroy).unwrap_err();
/// assert_eq!(refused.fault().code(), 15); // insufficient privileges
/// // REST requests: reads are GET/HEAD.
/// let get = Access::Rest { method: "GET", path: "/api/4.0/serviceinfo/" };
/// assert!(get.is_read_only() && Role::ReadOnly.permits(get));
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Users<'a> {
    accounts: &'a [Account<'a>],
}

impl<'a> Users<'a> {
    /// The accounts in `accounts`.
    pub const fn new(accounts: &'a [Account<'a>]) -> Self {
        Users { accounts }
    }
}

impl Authenticator for Users<'_> {
    fn authenticate(
        &self,
        user: &str,
        password: &str,
        access: Access<'_>,
    ) -> Result<(), AuthError> {
        check_accounts(self.accounts.iter().copied(), user, password, access)
    }
}

/// Checks `user` / `password` against `accounts` for `access`: the rule
/// behind [`Users`], for any source of accounts.
///
/// Every account is compared, user and password in constant time, so
/// timing does not tell which user exists; the first matching account
/// decides. No match is [`AuthError::BadCredentials`] (fault 15); a match
/// whose [`Role`] does not [permit](Role::permits) `access` is
/// [`AuthError::NotAllowed`] (fault 14).
///
/// ```
/// use baton_rpc::auth::{check_accounts, Access, Account, AuthError, Role};
/// use baton_rpc::Method;
///
/// // Accounts from anywhere, e.g. read from flash one at a time.
/// let stored = [("tms", "secret"), ("ops", "pw")];
/// let accounts = stored.iter().map(|&(user, password)| Account { user, password, role: Role::Admin });
/// let access = Access::Rpc(Method::DeviceQuery);
/// assert_eq!(check_accounts(accounts.clone(), "ops", "pw", access), Ok(()));
/// assert_eq!(check_accounts(accounts, "ops", "PW", access), Err(AuthError::BadCredentials));
/// ```
pub fn check_accounts<'a, I>(
    accounts: I,
    user: &str,
    password: &str,
    access: Access<'_>,
) -> Result<(), AuthError>
where
    I: IntoIterator<Item = Account<'a>>,
{
    let mut found: Option<Role> = None;
    for account in accounts {
        let user_ok = account.user.as_bytes().ct_eq(user.as_bytes());
        let password_ok = account.password.as_bytes().ct_eq(password.as_bytes());
        if bool::from(user_ok & password_ok) && found.is_none() {
            found = Some(account.role);
        }
    }
    match found {
        None => Err(AuthError::BadCredentials),
        Some(role) if role.permits(access) => Ok(()),
        Some(_) => Err(AuthError::NotAllowed),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACCOUNTS: &[Account<'static>] = &[
        Account {
            user: "apiuser",
            password: "Secret",
            role: Role::Admin,
        },
        Account {
            user: "ro",
            password: "pw",
            role: Role::ReadOnly,
        },
    ];

    #[test]
    fn credentials_are_case_sensitive() {
        let users = Users::new(ACCOUNTS);
        let a = Access::Rpc(Method::DeviceQuery);
        assert_eq!(users.authenticate("apiuser", "Secret", a), Ok(()));
        assert_eq!(
            users.authenticate("APIUSER", "Secret", a),
            Err(AuthError::BadCredentials)
        );
        assert_eq!(
            users.authenticate("apiuser", "secret", a),
            Err(AuthError::BadCredentials)
        );
    }

    #[test]
    fn read_only_users_may_only_read() {
        let users = Users::new(ACCOUNTS);
        assert_eq!(
            users.authenticate("ro", "pw", Access::Rpc(Method::ConferenceEnumerate)),
            Ok(())
        );
        assert_eq!(
            users.authenticate("ro", "pw", Access::Rpc(Method::ConferenceDestroy)),
            Err(AuthError::NotAllowed)
        );
    }

    #[test]
    fn no_account_is_assumed() {
        let users = Users::new(&[]);
        assert_eq!(
            users.authenticate("admin", "", Access::Rpc(Method::DeviceQuery)),
            Err(AuthError::BadCredentials)
        );
    }

    /// Spec fault table: 15 `insufficient privileges` is "the specified
    /// user id and password combination is not valid for the attempted
    /// operation"; 14 `authorization failed` is "the requested operation
    /// is not permitted".
    #[test]
    fn wrong_password_is_fault_15_and_not_allowed_is_fault_14() {
        assert_eq!(AuthError::BadCredentials.fault().code(), 15);
        assert_eq!(
            AuthError::BadCredentials.fault().message(),
            "insufficient privileges"
        );
        assert_eq!(AuthError::NotAllowed.fault().code(), 14);
        assert_eq!(
            AuthError::NotAllowed.fault().message(),
            "authorization failed"
        );
    }

    #[test]
    fn read_only_methods_are_exactly_the_queries_enumerates_and_diagnostics() {
        let read_only: &[Method] = &[
            Method::ConferenceEnumerate,
            Method::DeviceNetworkQuery,
            Method::DeviceQuery,
            Method::FactoryHealthQuery,
            Method::FeedbackReceiverExtendedQuery,
            Method::FeedbackReceiverQuery,
            Method::ParticipantDiagnostics,
            Method::ParticipantEnumerate,
        ];
        for m in Method::ALL {
            assert_eq!(
                Access::Rpc(*m).is_read_only(),
                read_only.contains(m),
                "{}",
                m.as_str()
            );
            assert!(Role::Admin.permits(Access::Rpc(*m)));
        }
    }

    #[test]
    fn read_only_rest_requests_are_get_and_head() {
        let rest = |method| Access::Rest {
            method,
            path: "/api/4.0/sipdomain",
        };
        for m in ["GET", "HEAD"] {
            assert!(Role::ReadOnly.permits(rest(m)), "{m}");
        }
        for m in ["PUT", "POST", "DELETE", "PATCH", "get"] {
            assert!(!Role::ReadOnly.permits(rest(m)), "{m}");
            assert!(Role::Admin.permits(rest(m)), "{m}");
        }
        let users = Users::new(ACCOUNTS);
        assert_eq!(
            users.authenticate("ro", "pw", rest("PUT")),
            Err(AuthError::NotAllowed)
        );
    }

    #[test]
    fn check_accounts_first_matching_account_decides() {
        let twice = [
            Account {
                user: "u",
                password: "p",
                role: Role::ReadOnly,
            },
            Account {
                user: "u",
                password: "p",
                role: Role::Admin,
            },
        ];
        let destroy = Access::Rpc(Method::ConferenceDestroy);
        assert_eq!(
            check_accounts(twice, "u", "p", destroy),
            Err(AuthError::NotAllowed)
        );
        assert_eq!(
            check_accounts(twice.into_iter().rev(), "u", "p", destroy),
            Ok(())
        );
        assert_eq!(
            check_accounts(twice, "u", "", destroy),
            Err(AuthError::BadCredentials)
        );
    }

    #[test]
    fn constant_time_eq_compares_bytes() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}
