//! `baton rest ...` subcommands.

use std::process::ExitCode;

/// Arguments of `baton rest`.
#[derive(clap::Args)]
pub struct Args {}

/// Runs `baton rest`.
pub fn run(_args: Args) -> ExitCode {
    eprintln!("baton rest: not available in this build");
    ExitCode::FAILURE
}
