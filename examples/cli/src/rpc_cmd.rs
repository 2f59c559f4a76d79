//! `baton rpc ...`: the Conductor's XML-RPC API, typed.
//!
//! - `baton rpc decode`: read a `methodCall` on stdin and print what the
//!   toolkit makes of it: `{"method": "<name>", "params": {...}}` (spec
//!   member names) or `{"fault": {"faultCode": n, "faultString": "..."}}`
//!   (the fault a server would answer with, and on stderr why, in one
//!   line). Exit 0 for a request the server would accept, 1 for a fault
//!   or when stdin cannot be read.
//! - `baton rpc faults`: print the spec's fault table as JSON.

use std::io::Read;
use std::process::ExitCode;

use baton_rpc::{Fault, FaultCode, Request};
use baton_xmlrpc::CallDecoder;

/// Arguments of `baton rpc`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: RpcCommand,
}

#[derive(clap::Subcommand)]
enum RpcCommand {
    /// Decode an XML-RPC request (stdin) into its typed method and params,
    /// or the fault the Conductor would answer with (and why, on stderr;
    /// exit status 1).
    Decode,
    /// Print the spec's fault codes and messages.
    Faults,
}

/// Runs `baton rpc`.
pub fn run(args: Args) -> ExitCode {
    match args.command {
        RpcCommand::Decode => decode(),
        RpcCommand::Faults => faults(),
    }
}

fn decode() -> ExitCode {
    let mut input = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut input) {
        eprintln!("baton rpc decode: cannot read stdin: {e}");
        return ExitCode::FAILURE;
    }
    let mut copy = input.clone();
    let (json, refused) = match Request::decode_in_place(&mut input) {
        Ok(request) => (serde_json::to_value(&request), None),
        Err(fault) => (
            serde_json::to_value(&fault).map(|f| serde_json::json!({ "fault": f })),
            Some(reason(&fault, &mut copy)),
        ),
    };
    match json.and_then(|v| serde_json::to_string_pretty(&v)) {
        Ok(text) => crate::out::line(&text),
        Err(e) => {
            // Not reachable with the types involved; reported, not panicked.
            eprintln!("baton rpc decode: cannot print JSON: {e}");
            return ExitCode::FAILURE;
        }
    }
    match refused {
        None => ExitCode::SUCCESS,
        Some(reason) => {
            eprintln!("baton rpc decode: {reason}");
            ExitCode::FAILURE
        }
    }
}

/// Why a request is refused, in one line: the fault, and for a request
/// that is not a `methodCall` at all, what the codec found and where.
fn reason(fault: &Fault, input: &mut [u8]) -> String {
    match CallDecoder::in_place(input) {
        Err(e) => format!(
            "{fault}: not an XML-RPC methodCall: {}",
            e.to_string().replace('\n', " ")
        ),
        Ok(_) => fault.to_string(),
    }
}

fn faults() -> ExitCode {
    let table: Vec<serde_json::Value> = FaultCode::ALL
        .iter()
        .map(|c| {
            serde_json::json!({
                "faultCode": c.code(),
                "faultString": c.message(),
                "description": c.description(),
            })
        })
        .collect();
    match serde_json::to_string_pretty(&table) {
        Ok(text) => {
            crate::out::line(&text);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("baton rpc faults: cannot print JSON: {e}");
            ExitCode::FAILURE
        }
    }
}
