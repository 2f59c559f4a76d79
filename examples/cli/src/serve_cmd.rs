//! `baton serve`: the Conductor-compatible appliance emulator
//! (`baton-appliance`) on a socket, with its state in a data directory.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use baton_appliance::store::Write;
use baton_appliance::{Appliance, ApplianceConfig, Store};
use baton_rpc::Secret;
use baton_tokio::{FeedbackConfig, FeedbackDriver, Listener, Role, ServerConfig, ServerTls, Users};
use serde::Deserialize;

const DEFAULT_LISTEN: &str = "127.0.0.1:8080";
const DEFAULT_DATA_DIR: &str = "./baton-data";
const DB_FILE: &str = "baton.redb";
const ACCOUNT_USER: &str = "account_user";
/// The generated account's password as stored by earlier versions (plain
/// text): replaced by its hash at the next start.
const ACCOUNT_PASSWORD: &str = "account_password";
/// The generated account's password: an argon2id PHC string (salted).
const ACCOUNT_PASSWORD_HASH: &str = "account_password_hash";
const GENERATED_USER: &str = "baton";

/// Runs a Conductor-compatible appliance: every XML-RPC method (POST
/// /RPC2) and REST operation (/api/4.0/..., /api/external/..., /status,
/// /systemunit.xml), with ConfBundles, owners, the SIP domain and
/// feedback receivers kept in DIR/baton.redb.
#[derive(clap::Args, Debug)]
#[command(after_help = "\
The API account: --user/--password, else the config file's, else $BATON_USER/$BATON_PASSWORD
(the variables the client commands read). With none of them, an account with a random
password is made on first start, kept in the data directory and printed once.

Examples:
  baton serve
  baton serve --listen 0.0.0.0:8443 --config appliance.toml
  baton serve --memory --user api --password secret --listen 127.0.0.1:9000
  baton serve --metrics 127.0.0.1:9464     # Prometheus: GET http://127.0.0.1:9464/metrics

Config file (TOML; flags win over it; paths relative to the file):
  listen = \"127.0.0.1:8080\"
  metrics = \"127.0.0.1:9464\"          # GET /metrics (Prometheus), no credentials
  user = \"api\"
  password = \"secret\"
  data_dir = \"./baton-data\"
  memory = false
  [tls]
  cert = \"cert.pem\"                # PEM chain; HTTPS when set
  key = \"key.pem\"
  [catalog]
  file = \"catalog.json\"            # {\"serviceinfo\": [...], \"qualities\": [...]}
  service_costs = \"costs.json\"     # [ServiceParams, ...] for /api/4.0/servicecost/
  [device]
  system_name = \"conductor-lab\"
  serial = \"12A34B56\"
  discovery_protection = true      # /systemunit.xml needs credentials too
  pmp_licenses = 100               # option keys /api/4.0/multipartylicense reports
  smp_licenses = 100")]
pub struct Args {
    /// Address and port to listen on [default: 127.0.0.1:8080] (port 0: any free port).
    #[arg(long, value_name = "ADDR:PORT")]
    listen: Option<SocketAddr>,
    /// The API account's name (XML-RPC authenticationUser and REST Basic user)
    /// [default: $BATON_USER].
    #[arg(long, value_name = "NAME")]
    user: Option<String>,
    /// The API account's password [default: $BATON_PASSWORD].
    #[arg(long, value_name = "PW")]
    password: Option<Secret<String>>,
    /// Where the state is kept [default: ./baton-data].
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Keep everything in memory (nothing is written; state ends with the process).
    #[arg(long)]
    memory: bool,
    /// A TOML file with these settings, TLS certificate/key and the service catalog.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// "Automatic discovery protection" On: /systemunit.xml needs a username
    /// and password too (Off by default: it is answered to anyone).
    #[arg(long)]
    discovery_protection: bool,
    /// Serve Prometheus metrics at GET /metrics on this address (its own
    /// listener, no credentials: keep it on localhost or a monitoring
    /// network) [default: off].
    #[arg(long, value_name = "ADDR:PORT")]
    metrics: Option<SocketAddr>,
}

#[derive(Deserialize, Default, Debug)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    listen: Option<SocketAddr>,
    metrics: Option<SocketAddr>,
    user: Option<String>,
    password: Option<Secret<String>>,
    data_dir: Option<PathBuf>,
    memory: Option<bool>,
    tls: Option<TlsFile>,
    catalog: Option<CatalogFile>,
    device: Option<DeviceFile>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct TlsFile {
    cert: PathBuf,
    key: PathBuf,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct CatalogFile {
    file: Option<PathBuf>,
    service_costs: Option<PathBuf>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields)]
struct DeviceFile {
    system_name: Option<String>,
    serial: Option<String>,
    ip_address: Option<String>,
    host_names: Option<Vec<String>>,
    discovery_protection: Option<bool>,
    pmp_licenses: Option<u32>,
    smp_licenses: Option<u32>,
}

/// The settings after merging flags over the file over the defaults.
struct Settings {
    listen: SocketAddr,
    metrics: Option<SocketAddr>,
    account: Option<(String, String)>,
    data_dir: PathBuf,
    memory: bool,
    tls: Option<(PathBuf, PathBuf)>,
    appliance: ApplianceConfig,
    discovery_protection: bool,
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// The process environment, for [`settings`].
fn process_env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn settings(args: Args, env: &dyn Fn(&str) -> Option<String>) -> Result<Settings, String> {
    let (file, base) = match &args.config {
        Some(path) => {
            let text = read(path)?;
            let file: FileConfig =
                toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
            let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
            (file, base)
        }
        None => (FileConfig::default(), PathBuf::new()),
    };
    let rel = |p: PathBuf| if p.is_absolute() { p } else { base.join(p) };
    let listen = match args.listen.or(file.listen) {
        Some(a) => a,
        None => DEFAULT_LISTEN.parse().map_err(|e| format!("{e}"))?,
    };
    // Flags, then the file named on the command line, then the
    // environment the client commands share.
    let (user, password) = match (
        args.user.or(file.user),
        args.password.or(file.password).map(Secret::into_inner),
    ) {
        (None, None) => (env("BATON_USER"), env("BATON_PASSWORD")),
        (user, password) => (
            user.or_else(|| env("BATON_USER")),
            password.or_else(|| env("BATON_PASSWORD")),
        ),
    };
    let account = match (user, password) {
        (Some(u), Some(p)) if !u.is_empty() => Some((u, p)),
        (None, None) => None,
        _ => {
            return Err("a user needs a password and a password a user \
                 (--user/--password, BATON_USER/BATON_PASSWORD or the config file; or none)"
                .into())
        }
    };
    let data_dir = args
        .data_dir
        .or(file.data_dir.map(rel))
        .unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR));
    let memory = args.memory || file.memory.unwrap_or(false);
    let tls = file.tls.map(|t| (rel(t.cert), rel(t.key)));
    let mut appliance = ApplianceConfig::default();
    let discovery_protection = args.discovery_protection
        || file
            .device
            .as_ref()
            .and_then(|d| d.discovery_protection)
            .unwrap_or(false);
    if let Some(c) = file.catalog {
        if let Some(f) = c.file {
            appliance.catalog_json = read(&rel(f))?;
        }
        if let Some(f) = c.service_costs {
            appliance.service_costs_json = read(&rel(f))?;
        }
    }
    if let Some(d) = file.device {
        let dev = &mut appliance.device;
        if let Some(v) = d.system_name {
            dev.system_name = v;
        }
        if let Some(v) = d.serial {
            dev.serial = v;
        }
        if let Some(v) = d.ip_address {
            dev.ip_address = v;
        }
        if let Some(v) = d.host_names {
            dev.host_names = v;
        }
        let keys = &mut appliance.option_keys;
        if let Some(v) = d.pmp_licenses {
            keys.pmp_licenses = v;
        }
        if let Some(v) = d.smp_licenses {
            keys.smp_licenses = v;
        }
    }
    Ok(Settings {
        listen,
        metrics: args.metrics.or(file.metrics),
        account,
        data_dir,
        memory,
        tls,
        appliance,
        discovery_protection,
    })
}

/// The API account.
#[derive(Debug, PartialEq, Eq)]
enum Account {
    /// Given on the command line / in the config file: kept in memory only.
    Given { user: String, password: String },
    /// Stored in the data directory as a password hash.
    Stored { user: String, hash: String },
    /// Generated now (its password is shown once) and stored as a hash.
    Generated {
        user: String,
        password: String,
        hash: String,
    },
}

impl Account {
    fn user(&self) -> &str {
        match self {
            Account::Given { user, .. }
            | Account::Stored { user, .. }
            | Account::Generated { user, .. } => user,
        }
    }

    fn users(&self) -> Result<Users, String> {
        match self {
            Account::Given { user, password } => Ok(Users::new().with(user, password, Role::Admin)),
            Account::Stored { user, hash } | Account::Generated { user, hash, .. } => {
                Users::new().with_password_hash(user, hash, Role::Admin)
            }
        }
    }
}

/// The account: given, stored, or generated (and stored as a salted
/// argon2id hash, never the password). A plain-text password stored by
/// an earlier version is replaced by its hash.
fn account(given: Option<(String, String)>, store: &Store) -> Result<Account, String> {
    if let Some((user, password)) = given {
        return Ok(Account::Given { user, password });
    }
    if let Some(user) = store.setting(ACCOUNT_USER)? {
        if let Some(hash) = store.setting(ACCOUNT_PASSWORD_HASH)? {
            return Ok(Account::Stored { user, hash });
        }
        if let Some(plain) = store.setting(ACCOUNT_PASSWORD)? {
            let hash = baton_tokio::hash_password(&plain, &baton_appliance::random::salt()?)?;
            store.apply(&[
                Write::Setting(ACCOUNT_PASSWORD_HASH, Some(hash.clone())),
                Write::Setting(ACCOUNT_PASSWORD, None),
            ])?;
            tracing::info!("the stored API password is now kept as a hash");
            return Ok(Account::Stored { user, hash });
        }
    }
    let password = baton_appliance::random::password(20)?;
    let hash = baton_tokio::hash_password(&password, &baton_appliance::random::salt()?)?;
    store.apply(&[
        Write::Setting(ACCOUNT_USER, Some(GENERATED_USER.to_owned())),
        Write::Setting(ACCOUNT_PASSWORD_HASH, Some(hash.clone())),
    ])?;
    Ok(Account::Generated {
        user: GENERATED_USER.to_owned(),
        password,
        hash,
    })
}

/// Creates the data directory owner-only (`0700` on Unix); an existing
/// one is left as it is.
fn create_data_dir(dir: &Path) -> Result<(), String> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder
        .create(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))
}

/// Completes when SIGTERM or SIGINT (Ctrl-C) arrives.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
    tracing::info!("shutting down");
}

async fn serve(s: Settings) -> Result<(), String> {
    let store = if s.memory {
        Store::in_memory()?
    } else {
        create_data_dir(&s.data_dir)?;
        Store::open(&s.data_dir.join(DB_FILE))?
    };
    let account = account(s.account, &store)?;
    let users = account.users()?;
    let tls = match &s.tls {
        Some((cert, key)) => {
            let cert = std::fs::read(cert).map_err(|e| format!("{}: {e}", cert.display()))?;
            let key = std::fs::read(key).map_err(|e| format!("{}: {e}", key.display()))?;
            Some(ServerTls::from_pem(&cert, &key).map_err(|e| format!("TLS: {e}"))?)
        }
        None => None,
    };
    // One signal stops both listeners (the API's and /metrics').
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let signalled = tokio::spawn(async move {
        shutdown_signal().await;
        let _ = stop.send(true);
    });
    let until_stopped = move || {
        let mut stopped = stopped.clone();
        async move {
            let _ = stopped.wait_for(|s| *s).await;
        }
    };
    // Installed before anything records (the commit thread, the driver).
    let metrics = match s.metrics {
        Some(addr) => Some(crate::serve_metrics::start(addr, until_stopped()).await?),
        None => None,
    };
    let driver = FeedbackDriver::spawn(FeedbackConfig::default()).map_err(|e| e.to_string())?;
    let device = Appliance::new(s.appliance, store, driver.handle())?;
    let lifetimes = device.spawn_lifetime_task(Duration::from_secs(1));
    let server_config = ServerConfig {
        discovery_protection: s.discovery_protection,
        ..ServerConfig::default()
    };
    let app = device.router(users, server_config.clone());
    let tcp = tokio::net::TcpListener::bind(s.listen)
        .await
        .map_err(|e| format!("listen on {}: {e}", s.listen))?;
    let local = tcp.local_addr().map_err(|e| e.to_string())?;
    let scheme = if tls.is_some() { "https" } else { "http" };
    let mut banner = format!(
        "baton serve: listening on {scheme}://{local} (XML-RPC: POST /RPC2, REST: /api/4.0/)\n"
    );
    if let Some((addr, _)) = &metrics {
        banner.push_str(&format!("metrics: http://{addr}/metrics\n"));
    }
    if s.memory {
        banner.push_str("state: in memory only (--memory)\n");
    } else {
        banner.push_str(&format!("state: {}\n", s.data_dir.join(DB_FILE).display()));
    }
    if let Account::Generated { user, password, .. } = &account {
        banner.push_str(&format!(
            "API account created: user {user}, password {password}\n\
             (the password is shown only this once; the data directory keeps only its salted hash)\n"
        ));
    } else {
        banner.push_str(&format!("API account: {}\n", account.user()));
    }
    crate::out::bytes(banner.as_bytes());
    let listener = match tls {
        Some(t) => Listener::https(tcp, t),
        None => Listener::http(tcp),
    };
    let served = baton_tokio::serve(listener, app, &server_config, until_stopped()).await;
    // The requests in flight are answered (their writes committed); then
    // the commit thread finishes what is queued and closes the store.
    lifetimes.abort();
    signalled.abort();
    driver.shutdown().await;
    drop(device);
    if let Some((_, task)) = metrics {
        let _ = task.await;
    }
    tracing::info!("stopped");
    served.map_err(|e| e.to_string())
}

fn init_logs() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .try_init();
}

/// Runs `baton serve`.
pub fn run(args: Args) -> ExitCode {
    let settings = match settings(args, &process_env) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("baton serve: {e}");
            return ExitCode::from(2);
        }
    };
    init_logs();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("baton serve: tokio runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(serve(settings)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("baton serve: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Args {
        use clap::Parser;
        #[derive(clap::Parser)]
        struct T {
            #[command(flatten)]
            a: Args,
        }
        T::parse_from(std::iter::once("serve").chain(list.iter().copied())).a
    }

    fn temp(name: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("baton-serve-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    /// Issue 14.8: neither the flags nor the config file print the password.
    #[test]
    fn debug_of_args_and_file_config_redacts_the_password() {
        let a = args(&["--user", "api", "--password", "hunter2-Secret"]);
        let shown = format!("{a:?}");
        assert!(
            !shown.contains("hunter2-Secret") && shown.contains("\"***\""),
            "{shown}"
        );
        assert_eq!(
            a.password.map(Secret::into_inner).as_deref(),
            Some("hunter2-Secret")
        );
        let file: FileConfig =
            toml::from_str("user = \"api\"\npassword = \"hunter2-Secret\"").unwrap();
        let shown = format!("{file:?}");
        assert!(
            !shown.contains("hunter2-Secret") && shown.contains("\"***\""),
            "{shown}"
        );
        assert_eq!(
            file.password.map(Secret::into_inner).as_deref(),
            Some("hunter2-Secret")
        );
    }

    /// Settings with an empty environment.
    fn settings_of(args: Args) -> Result<Settings, String> {
        settings(args, &|_| None)
    }

    #[test]
    fn multiparty_licences_installed_come_from_the_device_section() {
        let defaults = settings_of(args(&[])).unwrap().appliance.option_keys;
        assert_eq!(defaults, baton_appliance::OptionKeys::default());
        let dir = temp("option-keys");
        let file = dir.join("appliance.toml");
        std::fs::write(&file, "[device]\npmp_licenses = 25\nsmp_licenses = 0\n").unwrap();
        let keys = settings_of(args(&["--config", file.to_str().unwrap()]))
            .unwrap()
            .appliance
            .option_keys;
        assert_eq!((keys.pmp_licenses, keys.smp_licenses), (25, 0));
    }

    #[test]
    fn discovery_protection_from_the_flag_or_the_device_section() {
        assert!(!settings_of(args(&[])).unwrap().discovery_protection);
        assert!(
            settings_of(args(&["--discovery-protection"]))
                .unwrap()
                .discovery_protection
        );
        let dir = temp("discovery");
        let file = dir.join("appliance.toml");
        std::fs::write(&file, "[device]\ndiscovery_protection = true\n").unwrap();
        assert!(
            settings_of(args(&["--config", file.to_str().unwrap()]))
                .unwrap()
                .discovery_protection
        );
    }

    #[test]
    fn defaults_are_localhost_8080_and_baton_data() {
        let s = settings_of(args(&[])).unwrap();
        assert_eq!(s.listen.to_string(), "127.0.0.1:8080");
        assert_eq!(s.data_dir, PathBuf::from("./baton-data"));
        assert!(!s.memory && s.account.is_none() && s.tls.is_none());
    }

    #[test]
    fn user_and_password_go_together() {
        assert!(settings_of(args(&["--user", "api"])).is_err());
        assert!(settings_of(args(&["--password", "pw"])).is_err());
        let s = settings_of(args(&["--user", "api", "--password", "pw"])).unwrap();
        assert_eq!(s.account, Some(("api".into(), "pw".into())));
    }

    #[test]
    fn the_account_comes_from_flags_then_baton_user_and_password() {
        let env = |name: &str| match name {
            "BATON_USER" => Some("tms".to_owned()),
            "BATON_PASSWORD" => Some("secret".to_owned()),
            _ => None,
        };
        let s = settings(args(&[]), &env).unwrap();
        assert_eq!(s.account, Some(("tms".into(), "secret".into())));
        let s = settings(args(&["--user", "api", "--password", "pw"]), &env).unwrap();
        assert_eq!(s.account, Some(("api".into(), "pw".into())));
        let only_user = |name: &str| (name == "BATON_USER").then(|| "tms".to_owned());
        assert!(settings(args(&[]), &only_user).is_err());
        // A config file's account wins over the environment.
        let dir = temp("env");
        std::fs::write(dir.join("a.toml"), "user = \"file\"\npassword = \"pw\"\n").unwrap();
        let file = dir.join("a.toml");
        let s = settings(args(&["--config", file.to_str().unwrap()]), &env).unwrap();
        assert_eq!(s.account, Some(("file".into(), "pw".into())));
    }

    #[test]
    fn config_file_settings_and_flags_win_over_it() {
        let dir = temp("config");
        std::fs::write(
            dir.join("costs.json"),
            r#"[{"id": "x", "display_name": "X", "alias": "", "bridge_type": "mcu"}]"#,
        )
        .unwrap();
        std::fs::write(
            dir.join("appliance.toml"),
            "listen = \"127.0.0.1:9001\"\nuser = \"file\"\npassword = \"pw\"\ndata_dir = \"state\"\n\
             [tls]\ncert = \"c.pem\"\nkey = \"k.pem\"\n[catalog]\nservice_costs = \"costs.json\"\n\
             [device]\nsystem_name = \"lab\"\n",
        )
        .unwrap();
        let file = dir.join("appliance.toml");
        let s = settings_of(args(&["--config", file.to_str().unwrap()])).unwrap();
        assert_eq!(s.listen.to_string(), "127.0.0.1:9001");
        assert_eq!(s.account, Some(("file".into(), "pw".into())));
        assert_eq!(s.data_dir, dir.join("state"));
        assert_eq!(s.tls, Some((dir.join("c.pem"), dir.join("k.pem"))));
        assert_eq!(s.appliance.device.system_name, "lab");
        assert!(s.appliance.service_costs_json.contains("\"x\""));
        let s = settings_of(args(&[
            "--config",
            file.to_str().unwrap(),
            "--listen",
            "127.0.0.1:9002",
            "--memory",
        ]))
        .unwrap();
        assert_eq!(s.listen.to_string(), "127.0.0.1:9002");
        assert!(s.memory);
        std::fs::write(dir.join("bad.toml"), "colour = \"red\"\n").unwrap();
        assert!(settings_of(args(&["--config", dir.join("bad.toml").to_str().unwrap()])).is_err());
    }

    #[test]
    fn generated_account_is_kept_in_the_data_directory() {
        let dir = temp("account");
        let path = dir.join(DB_FILE);
        let Account::Generated {
            user,
            password,
            hash,
        } = account(None, &Store::open(&path).unwrap()).unwrap()
        else {
            panic!("not generated")
        };
        assert_eq!(user, GENERATED_USER);
        assert_eq!(password.len(), 20);
        assert!(hash.starts_with("$argon2id$") && !hash.contains(&password));
        let again = account(None, &Store::open(&path).unwrap()).unwrap();
        assert_eq!(
            again,
            Account::Stored {
                user: user.clone(),
                hash
            }
        );
        let given = Some(("api".to_owned(), "x".to_owned()));
        let g = account(given, &Store::open(&path).unwrap()).unwrap();
        assert_eq!(g.user(), "api");
        assert!(matches!(g, Account::Given { .. }));
    }

    #[test]
    fn a_plain_text_password_stored_by_an_earlier_version_becomes_a_hash() {
        let dir = temp("legacy");
        let path = dir.join(DB_FILE);
        let store = Store::open(&path).unwrap();
        store
            .apply(&[
                Write::Setting(ACCOUNT_USER, Some("baton".into())),
                Write::Setting(ACCOUNT_PASSWORD, Some("OldPlainPassword".into())),
            ])
            .unwrap();
        let a = account(None, &store).unwrap();
        assert!(matches!(&a, Account::Stored { user, .. } if user == "baton"));
        assert_eq!(store.setting(ACCOUNT_PASSWORD).unwrap(), None);
        use baton_tokio::baton_rpc::auth::Authenticator as _;
        let users = a.users().unwrap();
        let access = baton_tokio::Access::Rpc(baton_tokio::baton_rpc::Method::DeviceQuery);
        assert_eq!(
            users.authenticate("baton", "OldPlainPassword", access),
            Ok(())
        );
    }
}
