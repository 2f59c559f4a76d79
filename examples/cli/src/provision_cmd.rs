//! `baton provision URL FILE...`: PUT ConfBundle JSON files, each checked
//! locally first with baton-validate against the device's own catalog
//! (`GET /api/4.0/serviceinfo/` and `/qualities/`, or `--catalog FILE`);
//! `--delete-all` deletes every ConfBundle first (or alone).
//!
//! Exit status: 0 all provisioned, 1 some invalid or rejected (or the
//! device refused to start: a wrong password, no catalog), 2 usage
//! error, 3 transport error (the batch stops).

use std::fmt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use baton_tokio::{ClientConfig, ConductorClient, Error};
use baton_validate::{check_confbundle_put, AliasDirectory, CatalogDocument, PutContext};
use indicatif::{HumanFloatCount, ProgressBar, ProgressState, ProgressStyle};
use serde_json::{json, Value as Json};

use crate::conn::{self, Credentials};
use crate::out;

/// Batches at least this large get a progress bar (on a terminal).
const PROGRESS_FROM: usize = 10;

/// Arguments of `baton provision`.
#[derive(clap::Args)]
#[command(after_help = "\
Examples:
  baton provision http://127.0.0.1:8080 --user api --password secret meet-alice.json
  baton provision https://conductor.example.com bundles/          # every *.json in bundles/
  baton provision http://127.0.0.1:8080 --delete-all              # delete every ConfBundle

Each FILE is one ConfBundle object; its ConfBundleID is the file name without .json
(a directory stands for the *.json files in it). Every file is validated locally first, as
the device would (against the device's serviceinfo and qualities, or --catalog); invalid
ones are not sent. Output: one JSON line per failed file with the error body (the local
verdict, or the device's own answer), every file with --verbose, then a summary line.
A progress bar is shown on a terminal for 10 files or more.")]
pub struct Args {
    /// The device's base URL.
    url: String,
    /// ConfBundle JSON files, or directories of them.
    files: Vec<PathBuf>,
    /// Delete every ConfBundle (before provisioning FILEs, if any).
    #[arg(long)]
    delete_all: bool,
    /// Validate against this catalog ({"serviceinfo": [...], "qualities": [...]})
    /// instead of the device's.
    #[arg(long, value_name = "FILE")]
    catalog: Option<PathBuf>,
    /// Print a line for every file, not only the failures.
    #[arg(long, short)]
    verbose: bool,
    #[command(flatten)]
    credentials: Credentials,
    #[command(flatten)]
    tls: conn::TlsArgs,
}

/// Runs `baton provision`.
pub fn run(args: Args) -> ExitCode {
    if args.files.is_empty() && !args.delete_all {
        return usage("give ConfBundle files, or --delete-all");
    }
    let (user, password) = match args.credentials.required() {
        Ok(c) => c,
        Err(e) => return usage(&e),
    };
    let files = match expand(&args.files) {
        Ok(f) => f,
        Err(e) => return usage(&e),
    };
    let mut config = ClientConfig::new(&args.url, &user, &password);
    config.tls = match args.tls.client_tls() {
        Ok(t) => t,
        Err(e) => return usage(&e),
    };
    let client = match ConductorClient::new(config) {
        Ok(c) => c,
        Err(e) => return usage(&e.to_string()),
    };
    let rt = match conn::runtime() {
        Ok(rt) => rt,
        Err(e) => return transport(&e),
    };
    rt.block_on(provision(&client, &args, &files))
}

fn usage(message: &str) -> ExitCode {
    eprintln!("baton provision: {message}");
    ExitCode::from(2)
}

fn transport(message: &str) -> ExitCode {
    eprintln!("baton provision: {message}");
    ExitCode::from(3)
}

/// Files as given; a directory becomes its `*.json` files, sorted.
fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut list: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| format!("{}: {e}", p.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| f.extension().is_some_and(|x| x == "json"))
                .collect();
            list.sort();
            out.extend(list);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

/// The ConfBundleID of a file: its name without `.json`.
fn bundle_id(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    (!stem.is_empty()).then(|| stem.to_owned())
}

/// The catalog text: the file, or the device's two documents side by side.
async fn catalog_text(client: &ConductorClient, file: Option<&Path>) -> Result<Vec<u8>, Stop> {
    if let Some(path) = file {
        return std::fs::read(path).map_err(|e| Stop::Usage(format!("{}: {e}", path.display())));
    }
    let services = client.service_info().await.map_err(catalog_stop)?;
    let qualities = client.qualities().await.map_err(catalog_stop)?;
    let mut text = b"{\"serviceinfo\": ".to_vec();
    text.extend_from_slice(services.bytes());
    text.extend_from_slice(b", \"qualities\": ");
    text.extend_from_slice(qualities.bytes());
    text.push(b'}');
    Ok(text)
}

/// Why provisioning stops before the first file.
enum Stop {
    /// A usage or file error (exit status 2).
    Usage(String),
    /// The device refused (exit status 1).
    Refused(String),
    /// The device cannot be reached (exit status 3).
    Transport(String),
}

/// The real cause of a failed catalog read, in one line: the device
/// cannot be reached, refuses the account, or does not serve its catalog
/// (only then is `--catalog FILE` the way out).
fn catalog_stop(e: Error) -> Stop {
    match e.http_status() {
        None if e.is_transport() => Stop::Transport(format!("cannot reach the device: {e}")),
        Some(401) => Stop::Refused(format!(
            "the device refused the account (check --user/--password or \
             BATON_USER/BATON_PASSWORD): {e}"
        )),
        Some(403) => Stop::Refused(format!(
            "the account may not read the device's catalog: {e}"
        )),
        Some(404 | 405 | 501) => Stop::Refused(format!(
            "the device does not serve its catalog (give --catalog FILE): {e}"
        )),
        _ => Stop::Refused(format!("reading the device's catalog: {e}")),
    }
}

/// The progress bar's look: `{bar} 120/2000 ConfBundles  2,159/s  eta 1s`.
fn progress_style() -> ProgressStyle {
    let template = "{bar:40} {pos}/{len} ConfBundles  {rate}  eta {eta}";
    ProgressStyle::with_template(template)
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .with_key("rate", |state: &ProgressState, w: &mut dyn fmt::Write| {
            let _ = w.write_str(&rate(state.per_sec()));
        })
}

/// A rate as people read it: `2,159/s`, `12/s`, `3.5/s` (indicatif's
/// `{per_sec}` prints `2,159.4083/s`).
fn rate(per_sec: f64) -> String {
    if !per_sec.is_finite() {
        return "-/s".to_owned();
    }
    let precision = if per_sec >= 10.0 { 0 } else { 1 };
    format!("{:.*}/s", precision, HumanFloatCount(per_sec))
}

/// Aliases claimed by the bundles of this batch so far.
struct BatchAliases(Vec<(String, String)>);

impl AliasDirectory for BatchAliases {
    fn owner_of(&self, exact_match: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(a, _)| a.eq_ignore_ascii_case(exact_match))
            .map(|(_, id)| id.as_str())
    }
}

/// The `exact_match` aliases of a (valid) bundle.
fn aliases_of(body: &[u8]) -> Vec<String> {
    let Ok(json) = serde_json::from_slice::<Json>(body) else {
        return Vec::new();
    };
    json["aliases"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x["exact_match"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[derive(Default)]
struct Tally {
    created: u64,
    replaced: u64,
    invalid: u64,
    rejected: u64,
}

fn json_or_text(text: &str) -> Json {
    serde_json::from_str(text).unwrap_or_else(|_| Json::String(text.to_owned()))
}

async fn provision(client: &ConductorClient, args: &Args, files: &[PathBuf]) -> ExitCode {
    let mut deleted = Json::Null;
    if args.delete_all {
        match client.delete_all_confbundles().await {
            Ok(status) => deleted = status.into(),
            Err(e) => return report_stop(&e, "DELETE /api/4.0/confbundles"),
        }
        if files.is_empty() {
            out::line(&json!({ "deleted_all": deleted }).to_string());
            return ExitCode::SUCCESS;
        }
    }
    let text = match catalog_text(client, args.catalog.as_deref()).await {
        Ok(t) => t,
        Err(Stop::Usage(e)) => return usage(&e),
        Err(Stop::Refused(e)) => {
            eprintln!("baton provision: {e}");
            return ExitCode::FAILURE;
        }
        Err(Stop::Transport(e)) => return transport(&e),
    };
    let catalog_buf: &'static mut [u8] = text.leak();
    let catalog: CatalogDocument<'static> = match baton_rest::from_slice_in_place(catalog_buf) {
        Ok(c) => c,
        Err(e) => return usage(&format!("catalog: {e}")),
    };
    let bar = (files.len() >= PROGRESS_FROM).then(|| {
        let bar = ProgressBar::new(files.len() as u64);
        bar.set_style(progress_style());
        bar
    });
    let say = |line: String| match &bar {
        Some(b) => b.suspend(|| out::line(&line)),
        None => out::line(&line),
    };
    let mut batch = BatchAliases(Vec::new());
    let mut tally = Tally::default();
    for path in files {
        if let Some(b) = &bar {
            b.inc(1);
        }
        let file = path.display().to_string();
        let Some(id) = bundle_id(path) else {
            say(json!({"file": file, "result": "invalid", "error": "no ConfBundleID in the file name"}).to_string());
            tally.invalid += 1;
            continue;
        };
        let body = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => {
                say(
                    json!({"file": file, "id": id, "result": "invalid", "error": e.to_string()})
                        .to_string(),
                );
                tally.invalid += 1;
                continue;
            }
        };
        // Local validation, as the device would answer.
        let mut check = body.clone();
        let ctx = PutContext {
            catalog: catalog.catalog(),
            directory: &batch,
            confbundle_id: Some(&id),
        };
        let verdict = check_confbundle_put(&mut check, &ctx);
        if let Some(error) = verdict.error_body() {
            say(json!({
                "file": file, "id": id, "result": "invalid", "status": error.http_status(),
                "error": json_or_text(&baton_rest::to_string(&error)),
            })
            .to_string());
            tally.invalid += 1;
            continue;
        }
        let target = format!("/api/4.0/confbundles/{}", segment(&id));
        match client
            .rest::<()>(http::Method::PUT, &target, Some(body.clone()), false)
            .await
        {
            Ok(answer) => {
                let result = if answer.status() == 201 {
                    tally.created += 1;
                    "created"
                } else {
                    tally.replaced += 1;
                    "replaced"
                };
                for alias in aliases_of(&body) {
                    batch.0.push((alias, id.clone()));
                }
                if args.verbose {
                    say(json!({"file": file, "id": id, "result": result, "status": answer.status()}).to_string());
                }
            }
            Err(Error::Rest {
                status,
                error_code,
                message,
                details,
                ..
            }) => {
                tally.rejected += 1;
                say(json!({
                    "file": file, "id": id, "result": "rejected", "status": status,
                    "error": {"details": json_or_text(&details), "error_code": error_code, "message": message},
                })
                .to_string());
            }
            Err(Error::Http { status, body, .. }) => {
                tally.rejected += 1;
                say(json!({"file": file, "id": id, "result": "rejected", "status": status, "error": json_or_text(&body)}).to_string());
            }
            Err(e) => {
                if let Some(b) = &bar {
                    b.abandon();
                }
                summary(&tally, &deleted, files.len());
                return report_stop(&e, &format!("PUT {target}"));
            }
        }
    }
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    summary(&tally, &deleted, files.len());
    if tally.invalid + tally.rejected == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn summary(t: &Tally, deleted: &Json, files: usize) {
    let mut s = json!({
        "files": files, "created": t.created, "replaced": t.replaced,
        "invalid": t.invalid, "rejected": t.rejected,
    });
    if !deleted.is_null() {
        s["deleted_all"] = deleted.clone();
    }
    out::line(&s.to_string());
}

fn report_stop(e: &Error, what: &str) -> ExitCode {
    match e {
        Error::Rest { .. } | Error::Http { .. } => {
            eprintln!("baton provision: {what}: {e}");
            ExitCode::FAILURE
        }
        _ => transport(&format!("{what}: {e}")),
    }
}

/// Percent-encodes a path segment.
fn segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use indicatif::{ProgressDrawTarget, TermLike};
    use std::sync::{Arc, Mutex};

    /// A terminal that keeps what is drawn on it.
    #[derive(Debug, Clone, Default)]
    struct Screen(Arc<Mutex<String>>);

    impl TermLike for Screen {
        fn width(&self) -> u16 {
            120
        }
        fn move_cursor_up(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_down(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_right(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn move_cursor_left(&self, _: usize) -> std::io::Result<()> {
            Ok(())
        }
        fn write_line(&self, s: &str) -> std::io::Result<()> {
            self.write_str(s)?;
            self.write_str("\n")
        }
        fn write_str(&self, s: &str) -> std::io::Result<()> {
            self.0.lock().unwrap().push_str(s);
            Ok(())
        }
        fn clear_line(&self) -> std::io::Result<()> {
            Ok(())
        }
        fn flush(&self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn rates_are_rounded() {
        assert_eq!(rate(2159.4083), "2,159/s");
        assert_eq!(rate(2159.5), "2,160/s");
        assert_eq!(rate(12.3456), "12/s");
        assert_eq!(rate(3.4567), "3.5/s");
        assert_eq!(rate(0.0), "0/s");
        assert_eq!(rate(f64::INFINITY), "-/s");
    }

    #[test]
    fn the_progress_bar_shows_a_rounded_rate() {
        let screen = Screen::default();
        let bar = ProgressBar::with_draw_target(
            Some(2000),
            ProgressDrawTarget::term_like(Box::new(screen.clone())),
        );
        bar.set_style(progress_style());
        bar.inc(1500);
        // Abandoned: drawn once more, at pos / elapsed (a large rate).
        bar.abandon();
        let text = screen.0.lock().unwrap().clone();
        let shown = text
            .split_whitespace()
            .rfind(|w| w.ends_with("/s"))
            .unwrap_or_else(|| panic!("no rate in {text:?}"));
        let number = shown.trim_end_matches("/s");
        assert!(
            number.chars().all(|c| c.is_ascii_digit() || c == ','),
            "a rate of {number} with decimals: {text:?}"
        );
        assert!(text.contains("1500/2000 ConfBundles"), "{text:?}");
    }
}
