//! `baton rpc ...` subcommands.

use std::process::ExitCode;

/// Arguments of `baton rpc`.
#[derive(clap::Args)]
pub struct Args {}

/// Runs `baton rpc`.
pub fn run(_args: Args) -> ExitCode {
    eprintln!("baton rpc: not available in this build");
    ExitCode::FAILURE
}
