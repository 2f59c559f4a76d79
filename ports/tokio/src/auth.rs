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
//! by [`check_accounts`] in constant time), accounts kept only as a salted
//! password hash ([`hash_password`], [`Users::with_password_hash`]) and
//! HTTP Basic parsing.
//!
//! # Password hashes
//!
//! A stored password is an argon2id PHC string (`$argon2id$v=19$m=19456,
//! t=2,p=1$<salt>$<hash>`: OWASP's minimum, 19 MiB, 2 passes, a 16-byte
//! random salt). Verifying one costs tens of milliseconds of CPU, so a
//! successful `(user, password)` pair is remembered in memory under a
//! 128-bit keyed hash (SipHash with two random per-process keys; never the
//! password): the next calls with it cost a hash lookup. A failed check
//! always runs argon2 once, against the user's hash or (unknown user) an
//! account's, so timing does not tell which user exists.

use std::collections::HashSet;
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::{Arc, Mutex};

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

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

/// argon2id memory cost of [`hash_password`], KiB (19 MiB).
pub const PASSWORD_HASH_MEMORY_KIB: u32 = 19 * 1024;
/// argon2id passes of [`hash_password`].
pub const PASSWORD_HASH_PASSES: u32 = 2;
/// argon2id lanes of [`hash_password`].
pub const PASSWORD_HASH_LANES: u32 = 1;
/// Successful logins remembered (then the memory is cleared).
const VERIFIED_CACHE_CAPACITY: usize = 1024;

/// The argon2id PHC string of `password` with `salt` (at least 8 random
/// bytes; 16 recommended), to store instead of the password.
///
/// ```
/// let phc = baton_tokio::hash_password("s3cret", b"0123456789abcdef").unwrap();
/// assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
/// assert!(!phc.contains("s3cret"));
/// ```
pub fn hash_password(password: &str, salt: &[u8]) -> Result<String, String> {
    let salt = SaltString::encode_b64(salt).map_err(|e| format!("password salt: {e}"))?;
    let params = Params::new(
        PASSWORD_HASH_MEMORY_KIB,
        PASSWORD_HASH_PASSES,
        PASSWORD_HASH_LANES,
        None,
    )
    .map_err(|e| format!("password hash parameters: {e}"))?;
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| format!("password hash: {e}"))
}

/// Whether `password` matches the PHC string `phc` (argon2's check
/// compares in constant time). Runs outside the async workers when on a
/// multi-threaded tokio runtime (it takes tens of milliseconds).
fn verify_password(phc: &str, password: &str) -> bool {
    let check = || {
        PasswordHash::new(phc).is_ok_and(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
    };
    match tokio::runtime::Handle::try_current() {
        Ok(h) if h.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread => {
            tokio::task::block_in_place(check)
        }
        _ => check(),
    }
}

#[derive(Clone)]
struct HashedAccount {
    user: String,
    phc: String,
    role: Role,
}

/// Successful `(user, password)` pairs, by a 128-bit keyed hash.
#[derive(Default)]
struct VerifiedCache {
    keys: (
        std::collections::hash_map::RandomState,
        std::collections::hash_map::RandomState,
    ),
    seen: Mutex<HashSet<(u64, u64)>>,
}

impl VerifiedCache {
    fn key(&self, user: &str, password: &str) -> (u64, u64) {
        let one = |k: &std::collections::hash_map::RandomState| {
            let mut h = k.build_hasher();
            user.hash(&mut h);
            password.hash(&mut h);
            h.finish()
        };
        (one(&self.keys.0), one(&self.keys.1))
    }

    fn contains(&self, key: (u64, u64)) -> bool {
        self.seen
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .contains(&key)
    }

    fn insert(&self, key: (u64, u64)) {
        let mut seen = self.seen.lock().unwrap_or_else(|p| p.into_inner());
        if seen.len() >= VERIFIED_CACHE_CAPACITY {
            seen.clear();
        }
        seen.insert(key);
    }
}

/// A list of accounts built at run time (owned strings). Checked by
/// [`check_accounts`], the same rule as `baton_rpc`'s fixed-table
/// [`baton_rpc::auth::Users`]: every account is compared on every check,
/// user and password in constant time, so timing does not tell which user
/// exists. (The spec: never assume an `admin` account; names and passwords
/// are case sensitive.)
///
/// ```
/// use baton_tokio::baton_rpc::auth::Authenticator as _;
/// use baton_tokio::baton_rpc::Method;
/// use baton_tokio::{Access, AuthError, Role, Users};
///
/// let users = Users::new()
///     .with("tms", "secret", Role::Admin)
///     .with("monitor", "look", Role::ReadOnly);
/// let query = Access::Rpc(Method::ConferenceEnumerate);
/// let destroy = Access::Rpc(Method::ConferenceDestroy);
/// assert_eq!(users.authenticate("tms", "secret", destroy), Ok(()));
/// assert_eq!(users.authenticate("monitor", "look", query), Ok(()));
/// assert_eq!(users.authenticate("monitor", "look", destroy), Err(AuthError::NotAllowed)); // 14
/// assert_eq!(users.authenticate("tms", "Secret", query), Err(AuthError::BadCredentials)); // 15
/// assert_eq!(Users::new().authenticate("admin", "", query), Err(AuthError::BadCredentials));
/// ```
#[derive(Clone, Default)]
pub struct Users {
    accounts: Vec<OwnedAccount>,
    hashed: Vec<HashedAccount>,
    verified: Arc<VerifiedCache>,
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

    /// Adds an account known only by its password hash (a PHC string from
    /// [`hash_password`]; any argon2 PHC string is accepted).
    ///
    /// ```
    /// use baton_tokio::baton_rpc::auth::Authenticator as _;
    /// use baton_tokio::baton_rpc::auth::{Access, AuthError};
    /// use baton_tokio::baton_rpc::Method;
    /// use baton_tokio::{hash_password, Role, Users};
    /// let phc = hash_password("s3cret", b"0123456789abcdef").unwrap();
    /// let users = Users::new().with_password_hash("api", &phc, Role::Admin).unwrap();
    /// let access = Access::Rpc(Method::DeviceQuery);
    /// assert_eq!(users.authenticate("api", "s3cret", access), Ok(()));
    /// assert_eq!(users.authenticate("api", "wrong", access), Err(AuthError::BadCredentials));
    /// ```
    pub fn with_password_hash(mut self, user: &str, phc: &str, role: Role) -> Result<Self, String> {
        PasswordHash::new(phc).map_err(|e| format!("password hash of {user}: {e}"))?;
        self.hashed.push(HashedAccount {
            user: user.to_owned(),
            phc: phc.to_owned(),
            role,
        });
        Ok(self)
    }

    /// The hashed accounts' check: one argon2 verification (or a cache
    /// hit for a pair already verified).
    fn check_hashed(
        &self,
        user: &str,
        password: &str,
        access: Access<'_>,
    ) -> Result<(), AuthError> {
        let Some(first) = self.hashed.first() else {
            return Err(AuthError::BadCredentials);
        };
        let mut matched: Option<&HashedAccount> = None;
        for a in &self.hashed {
            if constant_time_eq(a.user.as_bytes(), user.as_bytes()) && matched.is_none() {
                matched = Some(a);
            }
        }
        let key = self.verified.key(user, password);
        let ok = match matched {
            Some(_) if self.verified.contains(key) => true,
            Some(a) => verify_password(&a.phc, password),
            None => {
                // The same work for an unknown user.
                let _ = verify_password(&first.phc, password);
                false
            }
        };
        match matched {
            Some(a) if ok => {
                self.verified.insert(key);
                if a.role.permits(access) {
                    Ok(())
                } else {
                    Err(AuthError::NotAllowed)
                }
            }
            _ => Err(AuthError::BadCredentials),
        }
    }
}

impl core::fmt::Debug for Users {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Users")
            .field("accounts", &(self.accounts.len() + self.hashed.len()))
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
        let plain = check_accounts(
            self.accounts.iter().map(OwnedAccount::borrow),
            user,
            password,
            access,
        );
        if self.hashed.is_empty() || plain != Err(AuthError::BadCredentials) {
            return plain;
        }
        self.check_hashed(user, password, access)
    }
}

/// Parses an `Authorization: Basic ...` header value into user and
/// password (`None` when it is not Basic or not valid base64/UTF-8).
///
/// ```
/// use baton_tokio::auth::{basic_header, parse_basic};
///
/// let header = basic_header("tms", "pa:ss");
/// assert_eq!(header, "Basic dG1zOnBhOnNz");
/// assert_eq!(parse_basic(header.as_bytes()), Some(("tms".into(), "pa:ss".into())));
/// assert_eq!(parse_basic(b"Bearer abc"), None);
/// assert_eq!(parse_basic(b"Basic !!!"), None);
/// ```
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

/// The `Authorization` header value for HTTP Basic (see [`parse_basic`]
/// for an example).
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

    /// Issue 14.8: `Users` never prints a password.
    #[test]
    fn debug_of_users_redacts_the_password() {
        let users = Users::new().with("apiuser", "hunter2-Secret", Role::Admin);
        let shown = format!("{users:?} {users:#?}");
        assert!(!shown.contains("hunter2-Secret"), "{shown}");
    }

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

    /// Issue 14, point 9: a stored password is a salted argon2id hash;
    /// it checks like the plain account, and a verified pair is cached.
    #[test]
    fn a_password_hash_account_checks_like_a_plain_one_and_caches_successes() {
        let phc = hash_password("Secret", b"salt-0123456789a").unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(!phc.contains("Secret"));
        // Salted: the same password with another salt hashes differently.
        assert_ne!(phc, hash_password("Secret", b"salt-0123456789b").unwrap());
        let hashed = Users::new()
            .with_password_hash("apiuser", &phc, Role::Admin)
            .unwrap();
        let plain = Users::new().with("apiuser", "Secret", Role::Admin);
        let access = Access::Rpc(Method::DeviceQuery);
        for (user, password) in [
            ("apiuser", "Secret"),
            ("apiuser", "secret"),
            ("APIUSER", "Secret"),
            ("nobody", "Secret"),
            ("apiuser", ""),
        ] {
            assert_eq!(
                hashed.authenticate(user, password, access),
                plain.authenticate(user, password, access),
                "{user} {password}"
            );
        }
        // Cached: the second success costs no argon2 run.
        let t = std::time::Instant::now();
        for _ in 0..1000 {
            assert_eq!(hashed.authenticate("apiuser", "Secret", access), Ok(()));
        }
        assert!(
            t.elapsed() < std::time::Duration::from_secs(1),
            "{:?}",
            t.elapsed()
        );
        assert!(Users::new()
            .with_password_hash("x", "not a hash", Role::Admin)
            .is_err());
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
