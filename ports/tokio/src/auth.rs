//! Authentication: who may call what.
//!
//! Every XML-RPC call carries `authenticationUser` / `authenticationPassword`
//! (the spec: "because the interface is stateless, every call must contain
//! the authentication parameters"); every REST request carries HTTP Basic
//! credentials. Both go through one [`Authenticator`] before any handler
//! sees the request:
//!
//! | outcome                    | XML-RPC                          | REST                            |
//! |----------------------------|----------------------------------|---------------------------------|
//! | credentials absent         | fault 101 `missing parameter - authenticationUser` (from decoding) | 401 + `WWW-Authenticate` |
//! | [`AuthError::BadCredentials`] | fault 15 `insufficient privileges` | 401 + `WWW-Authenticate`   |
//! | [`AuthError::NotAllowed`]  | fault 14 `authorization failed`  | 403 `100:403`                   |
//!
//! [`Users`] is a ready-made authenticator with constant-time comparison.

use baton_rpc::{Fault, FaultCode, Method};
use subtle::ConstantTimeEq;

/// What a request asks to do, as the authenticator sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access<'a> {
    /// An XML-RPC call of this method.
    Rpc(Method),
    /// A REST request (before routing): HTTP method and path.
    Rest {
        /// `GET`, `PUT`, ...
        method: &'a str,
        /// The request path (below the router's mount point).
        path: &'a str,
    },
}

impl Access<'_> {
    /// Whether the request only reads (XML-RPC queries and enumerates,
    /// REST `GET`/`HEAD`).
    pub fn is_read_only(&self) -> bool {
        match self {
            Access::Rpc(m) => matches!(
                m,
                Method::ConferenceEnumerate
                    | Method::DeviceNetworkQuery
                    | Method::DeviceQuery
                    | Method::FactoryHealthQuery
                    | Method::FeedbackReceiverExtendedQuery
                    | Method::FeedbackReceiverQuery
                    | Method::ParticipantDiagnostics
                    | Method::ParticipantEnumerate
            ),
            Access::Rest { method, .. } => matches!(*method, "GET" | "HEAD"),
        }
    }
}

/// Why a request is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthError {
    /// Unknown user or wrong password (fault 15 / HTTP 401).
    BadCredentials,
    /// The user may not do this (fault 14 / HTTP 403).
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

impl std::error::Error for AuthError {}

/// Checks credentials for every request, before any handler runs.
///
/// Called on the runtime for each request: keep it quick (no blocking IO).
pub trait Authenticator: Send + Sync + 'static {
    /// Accepts or refuses `user` / `password` for `access`. Compare secrets
    /// in constant time (see [`constant_time_eq`]).
    fn authenticate(&self, user: &str, password: &str, access: Access<'_>)
        -> Result<(), AuthError>;
}

/// Compares two byte strings in constant time (for equal lengths; the
/// length itself is not hidden).
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.ct_eq(b).into()
}

/// What a [`Users`] account may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Everything.
    Admin,
    /// Only reads ([`Access::is_read_only`]).
    ReadOnly,
}

#[derive(Clone)]
struct Account {
    user: Vec<u8>,
    password: Vec<u8>,
    role: Role,
}

/// A fixed list of accounts. Every account is compared on every check,
/// user and password in constant time, so timing does not tell which user
/// exists. (The spec: never assume an `admin` account; names and passwords
/// are case sensitive.)
#[derive(Clone, Default)]
pub struct Users {
    accounts: Vec<Account>,
}

impl Users {
    /// No accounts (everything is refused).
    pub fn new() -> Self {
        Users::default()
    }

    /// Adds an account.
    pub fn with(mut self, user: &str, password: &str, role: Role) -> Self {
        self.accounts.push(Account {
            user: user.as_bytes().to_vec(),
            password: password.as_bytes().to_vec(),
            role,
        });
        self
    }
}

impl core::fmt::Debug for Users {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Users")
            .field("accounts", &self.accounts.len())
            .finish()
    }
}

impl Authenticator for Users {
    fn authenticate(
        &self,
        user: &str,
        password: &str,
        access: Access<'_>,
    ) -> Result<(), AuthError> {
        let mut found: Option<Role> = None;
        for account in &self.accounts {
            let user_ok = account.user.as_slice().ct_eq(user.as_bytes());
            let password_ok = account.password.as_slice().ct_eq(password.as_bytes());
            if bool::from(user_ok & password_ok) && found.is_none() {
                found = Some(account.role);
            }
        }
        match found {
            None => Err(AuthError::BadCredentials),
            Some(Role::Admin) => Ok(()),
            Some(Role::ReadOnly) if access.is_read_only() => Ok(()),
            Some(Role::ReadOnly) => Err(AuthError::NotAllowed),
        }
    }
}

/// Parses an `Authorization: Basic ...` header value into user and
/// password (`None` when it is not Basic or not valid base64/UTF-8).
pub fn parse_basic(header: &[u8]) -> Option<(String, String)> {
    use base64::Engine;
    let text = core::str::from_utf8(header).ok()?.trim();
    let (scheme, encoded) = text.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    let (user, password) = decoded.split_once(':')?;
    Some((user.to_owned(), password.to_owned()))
}

/// The `Authorization` header value for HTTP Basic.
pub fn basic_header(user: &str, password: &str) -> String {
    use base64::Engine;
    let token = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
    format!("Basic {token}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_are_case_sensitive() {
        let users = Users::new().with("apiuser", "Secret", Role::Admin);
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
    fn read_only_users_may_only_read() {
        let users = Users::new().with("ro", "pw", Role::ReadOnly);
        assert_eq!(
            users.authenticate("ro", "pw", Access::Rpc(Method::ParticipantEnumerate)),
            Ok(())
        );
        assert_eq!(
            users.authenticate("ro", "pw", Access::Rpc(Method::ConferenceDestroy)),
            Err(AuthError::NotAllowed)
        );
        let put = Access::Rest {
            method: "PUT",
            path: "/api/4.0/sipdomain",
        };
        assert_eq!(
            users.authenticate("ro", "pw", put),
            Err(AuthError::NotAllowed)
        );
    }

    #[test]
    fn no_account_is_assumed() {
        let users = Users::new();
        assert_eq!(
            users.authenticate("admin", "", Access::Rpc(Method::DeviceQuery)),
            Err(AuthError::BadCredentials)
        );
    }

    #[test]
    fn basic_header_round_trips() {
        let h = basic_header("admin", "x:y");
        assert_eq!(
            parse_basic(h.as_bytes()),
            Some(("admin".into(), "x:y".into()))
        );
        assert_eq!(parse_basic(b"Bearer abc"), None);
        assert_eq!(parse_basic(b"Basic !!!"), None);
    }
}
