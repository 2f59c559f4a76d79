//! `baton xmlrpc ...` subcommands.

use std::process::ExitCode;

/// Arguments of `baton xmlrpc`.
#[derive(clap::Args)]
pub struct Args {}

/// Runs `baton xmlrpc`.
pub fn run(_args: Args) -> ExitCode {
    eprintln!("baton xmlrpc: not available in this build");
    ExitCode::FAILURE
}
