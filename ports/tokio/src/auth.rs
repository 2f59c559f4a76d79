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
//! The rule is `baton-rpc`'s ([`baton_rpc::auth`], shared with the embassy
//! port): [`Access`], [`AuthError`] (with its fault), [`Role`],
//! [`constant_time_eq`] and [`check_accounts`] are re-exported from there.
//! This module adds what a `std` server needs on top: the `Send + Sync`
//! [`Authenticator`] bound, [`Users`] (accounts built at run time, checked
//! by [`check_accounts`] in constant time) and HTTP Basic parsing.

pub use baton_rpc::auth::{check_accounts, constant_time_eq, Access, Account, AuthError, Role};

/// Checks credentials for every request, before any handler runs.
///
/// Called on the runtime for each request: keep it quick (no blocking IO).
/// The check itself is [`baton_rpc::auth::Authenticator`]'s: implement
/// that, and every such type that is `Send + Sync + 'static` is an
/// `Authenticator` here (the server shares it across tasks).
pub trait Authenticator: baton_rpc::auth::Authenticator + Send + Sync + 'static {}

impl<A> Authenticator for A where A: baton_rpc::auth::Authenticator + Send + Sync + 'static {}

#[derive(Clone)]
struct OwnedAccount {
    user: String,
    password: String,
    role: Role,
}

impl OwnedAccount {
    fn borrow(&self) -> Account<'_> {
        Account {
            user: &self.user,
            password: &self.password,
            role: self.role,
        }
    }
}

/// A list of accounts built at run time (owned strings). Checked by
/// [`check_accounts`], the same rule as `baton_rpc`'s fixed-table
/// [`baton_rpc::auth::Users`]: every account is compared on every check,
/// user and password in constant time, so timing does not tell which user
/// exists. (The spec: never assume an `admin` account; names and passwords
/// are case sensitive.)
#[derive(Clone, Default)]
pub struct Users {
    accounts: Vec<OwnedAccount>,
}

impl Users {
    /// No accounts (everything is refused).
    pub fn new() -> Self {
        Users::default()
    }

    /// Adds an account.
    pub fn with(mut self, user: &str, password: &str, role: Role) -> Self {
        self.accounts.push(OwnedAccount {
            user: user.to_owned(),
            password: password.to_owned(),
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

impl baton_rpc::auth::Authenticator for Users {
    fn authenticate(
        &self,
        user: &str,
        password: &str,
        access: Access<'_>,
    ) -> Result<(), AuthError> {
        check_accounts(
            self.accounts.iter().map(OwnedAccount::borrow),
            user,
            password,
            access,
        )
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
    use baton_rpc::auth::Authenticator as _;
    use baton_rpc::Method;

    fn is_authenticator<A: Authenticator>(_: &A) {}

    #[test]
    fn users_check_like_the_shared_rule() {
        let users =
            Users::new()
                .with("apiuser", "Secret", Role::Admin)
                .with("ro", "pw", Role::ReadOnly);
        is_authenticator(&users);
        let fixed = baton_rpc::auth::Users::new(&[
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
        ]);
        let put = Access::Rest {
            method: "PUT",
            path: "/api/4.0/sipdomain",
        };
        for (user, password) in [
            ("apiuser", "Secret"),
            ("APIUSER", "Secret"),
            ("apiuser", "secret"),
            ("ro", "pw"),
            ("admin", ""),
        ] {
            for access in [
                Access::Rpc(Method::ParticipantEnumerate),
                Access::Rpc(Method::ConferenceDestroy),
                put,
            ] {
                assert_eq!(
                    users.authenticate(user, password, access),
                    fixed.authenticate(user, password, access),
                    "{user} {access:?}"
                );
            }
        }
        assert_eq!(
            users.authenticate("ro", "pw", put),
            Err(AuthError::NotAllowed)
        );
        assert_eq!(
            users.authenticate("apiuser", "secret", put),
            Err(AuthError::BadCredentials)
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
