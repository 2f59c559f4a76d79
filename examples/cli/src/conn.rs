//! What `baton call`, `baton listen` and `baton provision` share: the
//! device's credentials (flags or `BATON_USER` / `BATON_PASSWORD`), HTTPS
//! certificate checking, a tokio runtime (the base URL, with or without
//! `/RPC2`, is the client's business).

use std::path::PathBuf;

use baton_rpc::Secret;
use baton_tokio::ClientTls;

/// `--user` / `--password`, falling back to the environment.
#[derive(clap::Args, Clone, Debug)]
pub struct Credentials {
    /// The API user (default: $BATON_USER).
    #[arg(long, value_name = "NAME")]
    user: Option<String>,
    /// Its password (default: $BATON_PASSWORD).
    #[arg(long, value_name = "PW")]
    password: Option<Secret<String>>,
}

impl Credentials {
    /// The user and password, from the flags or the environment.
    pub fn resolve(&self) -> (Option<String>, Option<String>) {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        (
            self.user.clone().or_else(|| env("BATON_USER")),
            self.password
                .clone()
                .map(Secret::into_inner)
                .or_else(|| env("BATON_PASSWORD")),
        )
    }

    /// Both, or a message naming what is missing.
    pub fn required(&self) -> Result<(String, String), String> {
        match self.resolve() {
            (Some(u), Some(p)) => Ok((u, p)),
            (None, _) => Err("no user: give --user or set BATON_USER".into()),
            (_, None) => Err("no password: give --password or set BATON_PASSWORD".into()),
        }
    }
}

/// HTTPS certificate checking (on by default, against the Mozilla roots).
#[derive(clap::Args, Clone, Debug)]
pub struct TlsArgs {
    /// Trust these PEM root certificates (a private CA, or the device's
    /// self-signed certificate) instead of the Mozilla roots.
    #[arg(long, value_name = "FILE")]
    ca_cert: Option<PathBuf>,
    /// Do not check the device's certificate at all (lab devices only).
    #[arg(long)]
    insecure: bool,
}

impl TlsArgs {
    /// The client's TLS settings.
    pub fn client_tls(&self) -> Result<ClientTls, String> {
        match (&self.ca_cert, self.insecure) {
            (Some(_), true) => Err("--ca-cert and --insecure exclude each other".into()),
            (Some(path), false) => std::fs::read(path)
                .map(ClientTls::Roots)
                .map_err(|e| format!("{}: {e}", path.display())),
            (None, true) => Ok(ClientTls::DangerousNoVerification),
            (None, false) => Ok(ClientTls::WebPkiRoots),
        }
    }
}

/// A multi-threaded tokio runtime.
pub fn runtime() -> Result<tokio::runtime::Runtime, String> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("tokio runtime: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 14.8: `--password` is kept out of `Debug`.
    #[test]
    fn debug_of_credentials_redacts_the_password() {
        use clap::Parser;
        #[derive(clap::Parser, Debug)]
        struct T {
            #[command(flatten)]
            c: Credentials,
        }
        let t = T::parse_from(["t", "--user", "api", "--password", "hunter2-Secret"]);
        let shown = format!("{t:?}");
        assert!(!shown.contains("hunter2-Secret"), "{shown}");
        assert!(
            shown.contains("\"***\"") && shown.contains("api"),
            "{shown}"
        );
        assert_eq!(
            t.c.required(),
            Ok(("api".to_owned(), "hunter2-Secret".to_owned()))
        );
    }
}
