//! `baton rest ...` subcommands.
//!
//! - `baton rest validate [--catalog FILE] [--existing FILE] [--id ID]`:
//!   a ConfBundle JSON on stdin is checked as `PUT /api/4.0/confbundles/<id>`
//!   would be; prints the exact error body the device would answer (the
//!   HTTP status on stderr), or `{"ok": true, "warnings": [...]}`. Exit 0
//!   when valid, 1 when not, 2 on a usage or file error.
//! - `baton rest route METHOD TARGET`: the operation a request maps to, or
//!   the `100:404` / `100:405` error body.

use std::io::Read;
use std::process::ExitCode;

use baton_rest::{route_target, to_string, ErrorBody, HttpMethod};
use baton_validate::{check_confbundle_put, AliasDirectory, CatalogDocument, PutContext};

/// The default catalog: the spec's example ServiceInfo and QualityInfo.
const SPEC_CATALOG: &str = include_str!("../../../testdata/rest/catalog_from_spec_examples.json");

/// Arguments of `baton rest`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: RestCommand,
}

#[derive(clap::Subcommand)]
enum RestCommand {
    /// Validate a ConfBundle (JSON on stdin) as a PUT would.
    Validate(ValidateArgs),
    /// Show the operation for an HTTP method and request target.
    Route(RouteArgs),
}

#[derive(clap::Args)]
struct ValidateArgs {
    /// ServiceInfo + QualityInfo: `{"serviceinfo": [...], "qualities": [...]}`
    /// (default: the spec's example records).
    #[arg(long, value_name = "FILE")]
    catalog: Option<std::path::PathBuf>,
    /// The exact_match aliases already provisioned: a JSON array of strings,
    /// or an object mapping each alias to its ConfBundleID.
    #[arg(long, value_name = "FILE")]
    existing: Option<std::path::PathBuf>,
    /// The ConfBundleID being created or replaced (its own aliases are not
    /// duplicates).
    #[arg(long)]
    id: Option<String>,
}

#[derive(clap::Args)]
struct RouteArgs {
    /// The HTTP method (GET, PUT, DELETE, ...).
    method: String,
    /// The request target, e.g. `/api/4.0/confbundles/abc?x=1`.
    target: String,
}

/// Runs `baton rest`.
pub fn run(args: Args) -> ExitCode {
    match args.command {
        RestCommand::Validate(v) => validate(v),
        RestCommand::Route(r) => route(r),
    }
}

/// Taken aliases, with their owners when known.
struct Existing(Vec<(String, String)>);

impl AliasDirectory for Existing {
    fn owner_of(&self, exact_match: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(a, _)| a.eq_ignore_ascii_case(exact_match))
            .map(|(_, id)| id.as_str())
    }
}

fn load_existing(path: &std::path::Path) -> Result<Existing, String> {
    let text = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let value: serde_json::Value =
        serde_json::from_slice(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let pairs = match value {
        serde_json::Value::Array(items) => items
            .into_iter()
            .map(|v| match v {
                serde_json::Value::String(s) => Ok((s, String::new())),
                other => Err(format!("{}: not an alias string: {other}", path.display())),
            })
            .collect::<Result<Vec<_>, _>>()?,
        serde_json::Value::Object(map) => map
            .into_iter()
            .map(|(k, v)| match v {
                serde_json::Value::String(id) => Ok((k, id)),
                other => Err(format!("{}: not a ConfBundleID: {other}", path.display())),
            })
            .collect::<Result<Vec<_>, _>>()?,
        _ => {
            return Err(format!(
                "{}: expected an array or an object",
                path.display()
            ))
        }
    };
    Ok(Existing(pairs))
}

fn validate(args: ValidateArgs) -> ExitCode {
    let catalog_text = match &args.catalog {
        Some(path) => match std::fs::read(path) {
            Ok(t) => t,
            Err(e) => return usage_error(&format!("{}: {e}", path.display())),
        },
        None => SPEC_CATALOG.as_bytes().to_vec(),
    };
    let catalog_buf = catalog_text.leak();
    let catalog: CatalogDocument = match baton_rest::from_slice_in_place(catalog_buf) {
        Ok(c) => c,
        Err(e) => return usage_error(&format!("catalog: {e}")),
    };
    let existing = match &args.existing {
        Some(path) => match load_existing(path) {
            Ok(e) => e,
            Err(e) => return usage_error(&e),
        },
        None => Existing(Vec::new()),
    };
    let mut body = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut body) {
        return usage_error(&format!("stdin: {e}"));
    }
    let ctx = PutContext {
        catalog: catalog.catalog(),
        directory: &existing,
        confbundle_id: args.id.as_deref(),
    };
    let verdict = check_confbundle_put(&mut body, &ctx);
    if let Some(error) = verdict.error_body() {
        eprintln!("HTTP {}", error.http_status());
    }
    crate::out::line(&to_string(&verdict));
    if verdict.is_accepted() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

fn route(args: RouteArgs) -> ExitCode {
    let mut scratch = vec![0u8; args.target.len()];
    match route_target(
        HttpMethod::from_name(&args.method),
        &args.target,
        &mut scratch,
    ) {
        Ok(op) => {
            crate::out::line(&format!("{op:?}"));
            ExitCode::SUCCESS
        }
        Err(e) => {
            let body = ErrorBody::new(e.error_code());
            eprintln!("HTTP {}", body.http_status());
            crate::out::line(&to_string(&body));
            ExitCode::FAILURE
        }
    }
}

fn usage_error(message: &str) -> ExitCode {
    eprintln!("baton rest: {message}");
    ExitCode::from(2)
}
