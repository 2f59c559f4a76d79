//! `baton`: the command-line face of the toolkit.
//!
//! Each subcommand group lives in its own module; `main` only dispatches.

mod call_cmd;
mod call_schema;
mod conn;
mod listen_cmd;
mod out;
mod provision_cmd;
mod rest_cmd;
mod rpc_cmd;
mod serve_cmd;
mod serve_metrics;
mod xmlrpc_cmd;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

/// The baton command-line tool for Cisco TelePresence Conductor APIs.
#[derive(Parser)]
#[command(name = "baton", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// XML-RPC documents: decode to JSON, encode from JSON.
    Xmlrpc(xmlrpc_cmd::Args),
    /// The Conductor's XML-RPC API, typed.
    Rpc(rpc_cmd::Args),
    /// The Conductor's REST/JSON provisioning API.
    Rest(rest_cmd::Args),
    /// Run a Conductor-compatible appliance emulator (XML-RPC and REST).
    Serve(serve_cmd::Args),
    /// Call one XML-RPC method on a device; the reply as JSON.
    Call(call_cmd::Args),
    /// Receive feedback notifications, print each event as a JSON line.
    Listen(listen_cmd::Args),
    /// PUT ConfBundle JSON files on a device (validated locally first).
    Provision(provision_cmd::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Xmlrpc(args) => xmlrpc_cmd::run(args),
        Command::Rpc(args) => rpc_cmd::run(args),
        Command::Rest(args) => rest_cmd::run(args),
        Command::Serve(args) => serve_cmd::run(args),
        Command::Call(args) => call_cmd::run(args),
        Command::Listen(args) => listen_cmd::run(args),
        Command::Provision(args) => provision_cmd::run(args),
    }
}
