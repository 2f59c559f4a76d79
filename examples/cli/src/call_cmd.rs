//! `baton call URL METHOD [name=value ...]`: one XML-RPC call, the reply
//! (or fault) printed as JSON.
//!
//! The params become the call's single struct. A member the method
//! defines (the toolkit's method table, [`baton_rpc::Method::members`])
//! is typed as the spec types it: `conferenceAlias=8001` and
//! `factoryOverridePIN=1234` are Strings, `factoryMaxDurationMinutes=60`
//! an Integer, an Array or struct member takes JSON typed member by member
//! ([`crate::call_schema`]); a value that cannot be the member's type is a
//! usage error naming the member, before anything is sent. Names the
//! method does not define, and every name of a method the table does not
//! know, are typed by their look (`true`/`false` boolean, an `i32`
//! integer int, a decimal number double, `[...]`/`{...}` JSON
//! array/struct, anything else string). A `name:TYPE=value` override
//! fixes the type in every case. Dotted names build nested structs
//! (`factoryResourceLimits.ports=2`). `authenticationUser` /
//! `authenticationPassword` are added from `--user`/`--password` or
//! `BATON_USER`/`BATON_PASSWORD` unless given as params.
//!
//! Exit status: 0 reply, 1 fault, 2 usage error, 3 transport or HTTP error.

use std::process::ExitCode;

use baton_rpc::schema::Member;
use baton_tokio::{ClientConfig, ClientTls, ConductorClient};
use baton_xmlrpc::owned::{self, Value};
use baton_xmlrpc::DateTime;
use serde_json::{Map, Value as Json};

use crate::call_schema;
use crate::conn::{self, Credentials};

/// Arguments of `baton call`.
#[derive(clap::Args)]
#[command(after_help = "\
Examples:
  baton call http://127.0.0.1:8080 device.query --user api --password secret
  BATON_USER=api BATON_PASSWORD=secret \\
    baton call http://127.0.0.1:8080 factory.conferencecreate conferenceAlias=8001 \\
      factoryOverridePIN=1234 factoryMaxDurationMinutes=60 factoryResourceLimits.ports=4
  baton call http://127.0.0.1:8080 participant.enumerate factoryConferenceIds='[\"8f1e...\"]'

Values of the members a method defines take the spec's type for them (the toolkit's
method table): conferenceAlias=8001 and factoryOverridePIN=1234 are strings,
factoryMaxDurationMinutes=60 an int, a Boolean takes true/false/1/0, an Array or struct
takes JSON whose items are typed the same way; a value that cannot be its member's type
is refused (exit status 2) before anything is sent.
Other names (and every name of a method the table does not know) are typed by their look:
true/false -> boolean, an i32 -> int, a decimal number -> double, [...] / {...} -> JSON
array / struct, anything else -> string.
Types (name:TYPE=value, always wins): string, int (i4), bool (boolean), double, base64
(the base64 text), datetime (dateTime.iso8601, e.g. 20240102T03:04:05), json (a JSON
value: arrays and objects become arrays and structs, typed by their look), nil.

Prints the reply as JSON (dateTime as its ISO 8601 text, base64 as base64 text); a fault
as {\"faultCode\": N, \"faultString\": \"...\"} with exit status 1. Exit status 2: usage
error, 3: transport or HTTP error.")]
pub struct Args {
    /// The device's base URL (http:// or https://); `/RPC2` is added.
    url: String,
    /// The XML-RPC method, e.g. `device.query`.
    method: String,
    /// Params: `name=value` or `name:TYPE=value`.
    params: Vec<String>,
    #[command(flatten)]
    credentials: Credentials,
    #[command(flatten)]
    tls: conn::TlsArgs,
}

/// Runs `baton call`.
pub fn run(args: Args) -> ExitCode {
    let (user, password) = args.credentials.resolve();
    // The method's members, if the toolkit's table has the method.
    let schema = baton_rpc::Method::from_name(&args.method).map(baton_rpc::Method::members);
    let mut members: Vec<(String, Value)> = Vec::new();
    for p in &args.params {
        match parse_param(p, schema) {
            Ok((path, value)) => {
                if let Err(e) = insert(&mut members, &path, value) {
                    return usage(&format!("{p}: {e}"));
                }
            }
            Err(e) => return usage(&format!("{p}: {e}")),
        }
    }
    if let (Some(u), Some(pw)) = (&user, &password) {
        let has = |n: &str| members.iter().any(|(k, _)| k == n);
        let (has_user, has_password) = (has("authenticationUser"), has("authenticationPassword"));
        if !has_user {
            members.insert(0, ("authenticationUser".into(), Value::String(u.clone())));
        }
        if !has_password {
            members.insert(
                1,
                ("authenticationPassword".into(), Value::String(pw.clone())),
            );
        }
    }
    let tls = match args.tls.client_tls() {
        Ok(t) => t,
        Err(e) => return usage(&e),
    };
    let rt = match conn::runtime() {
        Ok(rt) => rt,
        Err(e) => return transport(&e),
    };
    let params = Value::Struct(members);
    let result = rt.block_on(call(&args.url, &args.method, &params, tls));
    match result {
        Err(e) => transport(&e),
        Ok(body) => match owned::decode_from_slice(&body) {
            Ok(owned::Document::Response(values)) => {
                let reply = values.first().map(to_json).unwrap_or(Json::Null);
                crate::out::line(&pretty(&reply));
                ExitCode::SUCCESS
            }
            Ok(owned::Document::Fault { code, string }) => {
                let mut m = Map::new();
                m.insert("faultCode".into(), code.into());
                m.insert("faultString".into(), string.into());
                crate::out::line(&pretty(&Json::Object(m)));
                ExitCode::from(1)
            }
            Ok(owned::Document::Call { .. }) => {
                transport("the device answered with a methodCall, not a methodResponse")
            }
            Err(e) => transport(&format!("the reply does not decode: {e}")),
        },
    }
}

async fn call(url: &str, method: &str, params: &Value, tls: ClientTls) -> Result<Vec<u8>, String> {
    let mut config = ClientConfig::new(url, "", "");
    config.tls = tls;
    let client = ConductorClient::new(config).map_err(|e| e.to_string())?;
    client.call(method, params).await.map_err(|e| match e {
        baton_tokio::Error::Http { status, url, body } => {
            format!("HTTP status {status} from {url}: {body}")
        }
        e => e.to_string(),
    })
}

fn pretty(v: &Json) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

fn usage(message: &str) -> ExitCode {
    eprintln!("baton call: {message}");
    ExitCode::from(2)
}

fn transport(message: &str) -> ExitCode {
    eprintln!("baton call: {message}");
    ExitCode::from(3)
}

/// `name[:TYPE]=value` -> (dotted path, value): an explicit TYPE, else
/// the type of the member of `schema` (the method's members) at that
/// path, else the value's look.
fn parse_param(p: &str, schema: Option<&'static [Member]>) -> Result<(Vec<String>, Value), String> {
    let (lhs, text) = p
        .split_once('=')
        .ok_or("expected name=value or name:TYPE=value")?;
    let (name, ty) = match lhs.rsplit_once(':') {
        Some((n, t)) => (n, Some(t)),
        None => (lhs, None),
    };
    let path: Vec<String> = name.split('.').map(str::to_owned).collect();
    if path.iter().any(String::is_empty) {
        return Err("empty member name".into());
    }
    let member = schema.and_then(|members| call_schema::member_at(members, &path));
    let value = match (ty, member) {
        (Some(t), _) => typed(t, text)?,
        (None, Some(member)) => call_schema::typed_as(member, text)?,
        (None, None) => infer(text),
    };
    Ok((path, value))
}

/// A value typed by its look.
pub(crate) fn infer(text: &str) -> Value {
    match text {
        "true" => return Value::Boolean(true),
        "false" => return Value::Boolean(false),
        _ => {}
    }
    if let Ok(i) = text.parse::<i32>() {
        return Value::Int(i);
    }
    let numeric = text
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'));
    if numeric && text.contains('.') {
        if let Ok(d) = text.parse::<f64>() {
            if d.is_finite() {
                return Value::Double(d);
            }
        }
    }
    if text.starts_with('[') || text.starts_with('{') {
        if let Ok(json) = serde_json::from_str::<Json>(text) {
            if let Ok(v) = from_json(&json) {
                return v;
            }
        }
    }
    Value::String(text.to_owned())
}

/// A value of an explicit type.
fn typed(ty: &str, text: &str) -> Result<Value, String> {
    Ok(match ty.to_ascii_lowercase().as_str() {
        "string" | "str" => Value::String(text.to_owned()),
        "int" | "i4" => Value::Int(
            text.parse()
                .map_err(|_| format!("{text:?} is not a 32-bit integer"))?,
        ),
        "bool" | "boolean" => match text {
            "true" | "1" => Value::Boolean(true),
            "false" | "0" => Value::Boolean(false),
            _ => return Err(format!("{text:?} is not true/false/1/0")),
        },
        "double" => {
            let d: f64 = text
                .parse()
                .map_err(|_| format!("{text:?} is not a number"))?;
            if !d.is_finite() {
                return Err("XML-RPC doubles are finite".into());
            }
            Value::Double(d)
        }
        "base64" => Value::Base64(base64_decode(text).ok_or("not valid base64")?),
        "datetime" | "datetime.iso8601" => Value::DateTime(
            DateTime::parse_str(text)
                .map_err(|e| format!("{e} (expected e.g. 20240102T03:04:05)"))?,
        ),
        "json" | "array" | "struct" => {
            let json: Json = serde_json::from_str(text).map_err(|e| format!("JSON: {e}"))?;
            from_json(&json)?
        }
        "nil" => Value::Nil,
        other => {
            return Err(format!(
                "unknown type {other:?} (string, int, bool, double, base64, datetime, json, nil)"
            ))
        }
    })
}

/// A JSON value as XML-RPC, numbers and strings typed like untyped params
/// (strings stay strings).
pub(crate) fn from_json(json: &Json) -> Result<Value, String> {
    Ok(match json {
        Json::Null => Value::Nil,
        Json::Bool(b) => Value::Boolean(*b),
        Json::Number(n) => match n.as_i64().and_then(|i| i32::try_from(i).ok()) {
            Some(i) => Value::Int(i),
            None => Value::Double(n.as_f64().ok_or("number out of range")?),
        },
        Json::String(s) => Value::String(s.clone()),
        Json::Array(a) => Value::Array(a.iter().map(from_json).collect::<Result<_, _>>()?),
        Json::Object(o) => Value::Struct(
            o.iter()
                .map(|(k, v)| Ok((k.clone(), from_json(v)?)))
                .collect::<Result<_, String>>()?,
        ),
    })
}

/// Puts `value` at the dotted `path`, creating structs on the way; a later
/// param replaces an earlier one with the same path.
fn insert(members: &mut Vec<(String, Value)>, path: &[String], value: Value) -> Result<(), String> {
    let Some((first, rest)) = path.split_first() else {
        return Err("empty name".into());
    };
    let pos = members.iter().position(|(k, _)| k == first);
    if rest.is_empty() {
        match pos {
            Some(i) => members[i].1 = value,
            None => members.push((first.clone(), value)),
        }
        return Ok(());
    }
    let i = match pos {
        Some(i) => i,
        None => {
            members.push((first.clone(), Value::Struct(Vec::new())));
            members.len() - 1
        }
    };
    match &mut members[i].1 {
        Value::Struct(inner) => insert(inner, rest, value),
        _ => Err(format!("{first} is not a struct")),
    }
}

/// A reply value as plain JSON.
pub(crate) fn to_json(v: &Value) -> Json {
    match v {
        Value::Int(i) => (*i).into(),
        Value::I8(i) => (*i).into(),
        Value::Boolean(b) => (*b).into(),
        Value::String(s) => s.clone().into(),
        Value::Double(d) => serde_json::Number::from_f64(*d)
            .map(Json::Number)
            .unwrap_or(Json::Null),
        Value::DateTime(dt) => dt.to_string().into(),
        Value::Base64(b) => base64_encode(b).into(),
        Value::Nil => Json::Null,
        Value::Struct(m) => Json::Object(m.iter().map(|(k, v)| (k.clone(), to_json(v))).collect()),
        Value::Array(a) => Json::Array(a.iter().map(to_json).collect()),
    }
}

fn base64_encode(bytes: &[u8]) -> String {
    baton_xmlrpc::base64::encode_to_string(bytes)
}

/// The codec's base64 (XML whitespace skipped, exact `=` padding).
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    baton_xmlrpc::base64::decode_to_vec(text.as_bytes()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn untyped_values_are_inferred() {
        assert_eq!(infer("5"), Value::Int(5));
        assert_eq!(infer("-7"), Value::Int(-7));
        assert_eq!(infer("true"), Value::Boolean(true));
        assert_eq!(infer("1.5"), Value::Double(1.5));
        assert_eq!(infer("meet.alice"), Value::String("meet.alice".into()));
        assert_eq!(infer("1.2.3"), Value::String("1.2.3".into()));
        assert_eq!(
            infer("12345678901"),
            Value::String("12345678901".into()),
            "beyond i32: kept as text"
        );
        assert_eq!(
            infer("[1, \"a\"]"),
            Value::Array(vec![Value::Int(1), Value::String("a".into())])
        );
    }

    #[test]
    fn typed_overrides_and_dotted_names() {
        let (path, v) = parse_param("conferenceAlias:string=1234", None).unwrap();
        assert_eq!(path, ["conferenceAlias"]);
        assert_eq!(v, Value::String("1234".into()));
        assert!(parse_param("x:int=abc", None).is_err());
        assert!(parse_param("x:bogus=1", None).is_err());
        let (_, v) = parse_param("b:base64=aGk=", None).unwrap();
        assert_eq!(v, Value::Base64(b"hi".to_vec()));
        let mut m = Vec::new();
        for p in ["a.b=1", "a.c:string=2", "a.b=3"] {
            let (path, v) = parse_param(p, None).unwrap();
            insert(&mut m, &path, v).unwrap();
        }
        assert_eq!(
            m,
            vec![(
                "a".to_owned(),
                Value::Struct(vec![
                    ("b".into(), Value::Int(3)),
                    ("c".into(), Value::String("2".into()))
                ])
            )]
        );
    }

    fn create(p: &str) -> Result<Value, String> {
        let members = baton_rpc::Method::FactoryConferenceCreate.members();
        parse_param(p, Some(members)).map(|(_, v)| v)
    }

    #[test]
    fn a_member_the_method_defines_takes_its_spec_type() {
        // Strings in the spec's table, whatever they look like.
        assert_eq!(
            create("conferenceAlias=8001"),
            Ok(Value::String("8001".into()))
        );
        assert_eq!(
            create("factoryOverridePIN=1234"),
            Ok(Value::String("1234".into()))
        );
        assert_eq!(
            create("factoryOverrideGuestPIN=0042"),
            Ok(Value::String("0042".into()))
        );
        assert_eq!(
            create("authenticationPassword=1234"),
            Ok(Value::String("1234".into()))
        );
        assert_eq!(create("encryption=true"), Ok(Value::String("true".into())));
        // Integers stay Integers, nested ones too.
        assert_eq!(create("factoryMaxDurationMinutes=60"), Ok(Value::Int(60)));
        assert_eq!(create("factoryResourceLimits.ports=4"), Ok(Value::Int(4)));
        // A Boolean takes true/false/1/0.
        let members = baton_rpc::Method::ParticipantAdd.members();
        let add_as_guest = |t: &str| parse_param(&format!("addAsGuest={t}"), Some(members));
        assert_eq!(add_as_guest("1").unwrap().1, Value::Boolean(true));
        assert_eq!(add_as_guest("false").unwrap().1, Value::Boolean(false));
    }

    #[test]
    fn a_value_that_cannot_be_its_members_type_names_the_member_and_the_type() {
        let e = create("factoryMaxDurationMinutes=abc").unwrap_err();
        assert_eq!(
            e,
            "factoryMaxDurationMinutes is an Integer: \"abc\" is not a 32-bit integer"
        );
        let e = create("factoryResourceLimits.ports=x").unwrap_err();
        assert!(e.starts_with("ports is an Integer"), "{e}");
    }

    #[test]
    fn names_the_method_does_not_define_are_typed_by_their_look() {
        assert_eq!(create("customThing=8001"), Ok(Value::Int(8001)));
        assert_eq!(create("customFlag=true"), Ok(Value::Boolean(true)));
        assert_eq!(create("factoryResourceLimits.other=5"), Ok(Value::Int(5)));
        // A method the table does not know: every name by its look.
        assert_eq!(
            parse_param("conferenceAlias=8001", None).unwrap().1,
            Value::Int(8001)
        );
    }

    #[test]
    fn an_explicit_type_wins_over_the_methods_table() {
        assert_eq!(create("conferenceAlias:int=8001"), Ok(Value::Int(8001)));
        assert_eq!(
            create("factoryMaxDurationMinutes:string=60"),
            Ok(Value::String("60".into()))
        );
        assert_eq!(create("factoryMaxDurationMinutes:nil=x"), Ok(Value::Nil));
    }

    #[test]
    fn base64_round_trips() {
        for s in [&b""[..], b"h", b"hi", b"hi!", b"hello world"] {
            assert_eq!(base64_decode(&base64_encode(s)).unwrap(), s);
        }
        assert_eq!(base64_encode(b"hi"), "aGk=");
        assert!(base64_decode("a=bc").is_none());
    }
}
