//! `baton xmlrpc decode` / `baton xmlrpc encode`: XML-RPC documents to and from one line
//! of JSON, through the baton-xmlrpc codec.
//!
//! The JSON form (the same both ways):
//! `{"methodName": "<name>", "params": [V, ...]}` for a call,
//! `{"params": [V]}` for a response,
//! `{"fault": {"faultCode": <int>, "faultString": "<text>"}}` for a fault;
//! each value V is exactly one of `{"int": n}`, `{"i8": n}`, `{"boolean": b}`,
//! `{"string": "..."}`, `{"double": x}`, `{"dateTime.iso8601": "YYYYMMDDTHH:MM:SS"}`,
//! `{"base64": "..."}`, `{"nil": null}`, `{"struct": {"name": V, ...}}`,
//! `{"array": [V, ...]}`.

mod json_in;
mod json_out;

use std::io::Read;
use std::process::ExitCode;

use baton_xmlrpc::encode;

const DECODE_HELP: &str = r#"Prints ONE line of JSON:
  {"methodName": "<name>", "params": [V, ...]}      a call
  {"params": [V]}                                   a response
  {"fault": {"faultCode": n, "faultString": "..."}}  a fault
where each value V is exactly one of
  {"int": n} (i4 and int)   {"i8": n}   {"boolean": true|false}
  {"string": "..."} (typed or untyped)  {"double": x}
  {"dateTime.iso8601": "YYYYMMDDTHH:MM:SS"} (fraction/zone kept when present)
  {"base64": "<standard base64, no line breaks>"}   {"nil": null}
  {"struct": {"name": V, ...}} (document order; a duplicate name: the last wins)
  {"array": [V, ...]}
Bad input: exit status 1 and one line on stderr naming the byte offset.

Example:
  $ printf '<methodCall><methodName>conference.destroy</methodName><params><param><value><struct><member><name>conferenceName</name><value>weekly</value></member></struct></value></param></params></methodCall>' | baton xmlrpc decode
  {"methodName":"conference.destroy","params":[{"struct":{"conferenceName":{"string":"weekly"}}}]}"#;

const ENCODE_HELP: &str = r#"Reads the JSON that `baton xmlrpc decode` prints and writes the canonical
XML-RPC document to stdout (no trailing newline): <?xml version="1.0" encoding="UTF-8"?>,
no whitespace between elements, & < > escaped and CR as &#13; in every text, doubles in
plain decimal, dateTime as YYYYMMDDTHH:MM:SS, base64 without line breaks, <nil/>.
{"int": n} must fit i32; {"i8": n} is always written as <i8>. A response has exactly one
param. Bad JSON or a value that cannot be written: exit status 1, message on stderr.

Example:
  $ echo '{"methodName":"conference.destroy","params":[{"struct":{"conferenceName":{"string":"weekly"}}}]}' | baton xmlrpc encode
  <?xml version="1.0" encoding="UTF-8"?><methodCall><methodName>conference.destroy</methodName><params><param><value><struct><member><name>conferenceName</name><value><string>weekly</string></value></member></struct></value></param></params></methodCall>"#;

/// Arguments of `baton xmlrpc`.
#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: XmlrpcCommand,
}

#[derive(clap::Subcommand)]
enum XmlrpcCommand {
    /// Read one XML-RPC document on stdin, print it as one line of JSON.
    #[command(after_help = DECODE_HELP)]
    Decode,
    /// Read that JSON on stdin, write the canonical XML-RPC document.
    #[command(after_help = ENCODE_HELP)]
    Encode,
}

/// Runs `baton xmlrpc`.
pub fn run(args: Args) -> ExitCode {
    let (name, result) = match args.command {
        XmlrpcCommand::Decode => ("decode", read_stdin().and_then(decode)),
        XmlrpcCommand::Encode => ("encode", read_stdin().and_then(|input| encode(&input))),
    };
    match result.map(|out| crate::out::bytes(&out)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("baton xmlrpc {name}: {}", message.replace('\n', " "));
            ExitCode::FAILURE
        }
    }
}

fn read_stdin() -> Result<Vec<u8>, String> {
    let mut input = Vec::new();
    std::io::stdin()
        .read_to_end(&mut input)
        .map_err(|e| format!("reading stdin: {e}"))?;
    Ok(input)
}

/// XML on stdin to one line of JSON.
fn decode(mut input: Vec<u8>) -> Result<Vec<u8>, String> {
    let json = json_out::document(&mut input)?;
    let mut line = serde_json::to_vec(&json).map_err(|e| e.to_string())?;
    line.push(b'\n');
    Ok(line)
}

/// JSON on stdin to the canonical document.
fn encode(input: &[u8]) -> Result<Vec<u8>, String> {
    let json: serde_json::Value =
        serde_json::from_slice(input).map_err(|e| format!("invalid JSON: {e}"))?;
    let doc = json_in::doc(&json)?;
    match doc {
        json_in::Doc::Call { method, params } => encode::call(Vec::new(), method, &params),
        json_in::Doc::Response(value) => encode::response(Vec::new(), &value),
        json_in::Doc::Fault { code, string } => encode::fault(Vec::new(), code, string),
    }
    .map_err(|e| e.to_string())
}
