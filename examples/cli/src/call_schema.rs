//! `baton call`'s values typed by the method's parameter table
//! ([`baton_rpc::Method::members`]): a member the method defines takes its
//! spec type (`conferenceAlias=8001` is the String `"8001"`,
//! `factoryMaxDurationMinutes=60` the Integer 60); a value that cannot be
//! that type is an error naming the member and the type.

use baton_rpc::schema::{Kind, Member};
use baton_xmlrpc::owned::Value;
use serde_json::Value as Json;

/// The member at the dotted `path` of a call whose params are `members`
/// (through nested structs), if the method defines it.
pub(crate) fn member_at(members: &'static [Member], path: &[String]) -> Option<&'static Member> {
    let (first, rest) = path.split_first()?;
    let member = members.iter().find(|m| m.name == first)?;
    match (rest.is_empty(), member.kind) {
        (true, _) => Some(member),
        (false, Kind::Struct(inner)) => member_at(inner, rest),
        // A dotted name below a member that is no struct: not the
        // method's (the device answers what it makes of it).
        (false, _) => None,
    }
}

/// `text` as a value of the member's kind, or why it cannot be one.
pub(crate) fn typed_as(member: &Member, text: &str) -> Result<Value, String> {
    let not = |what: &str| {
        format!(
            "{} is {} {}: {text:?} {what}",
            member.name,
            article(&member.kind),
            describe(&member.kind)
        )
    };
    Ok(match member.kind {
        Kind::String | Kind::Enum(_) => Value::String(text.to_owned()),
        Kind::Int => Value::Int(text.parse().map_err(|_| not("is not a 32-bit integer"))?),
        Kind::Boolean => Value::Boolean(boolean(text).ok_or_else(|| not("is not true/false/1/0"))?),
        Kind::IntOrString => match text.parse::<i32>() {
            Ok(i) => Value::Int(i),
            Err(_) => Value::String(text.to_owned()),
        },
        Kind::Array(_) | Kind::Struct(_) => {
            let example = match member.kind {
                Kind::Array(_) => "[\"a\", \"b\"]",
                _ => "{\"name\": value} or name.member=value",
            };
            let json: Json = serde_json::from_str(text)
                .map_err(|_| not(&format!("is not JSON (e.g. {example})")))?;
            json_as(&member.kind, &json).map_err(|e| format!("{}: {e}", member.name))?
        }
        // A kind this build does not know: typed by its look.
        _ => crate::call_cmd::infer(text),
    })
}

/// A JSON value as a value of `kind` (struct members the kind does not
/// list keep their JSON types).
fn json_as(kind: &Kind, json: &Json) -> Result<Value, String> {
    let wrong = || {
        Err(format!(
            "{json} is not {} {}",
            article(kind),
            describe(kind)
        ))
    };
    Ok(match (kind, json) {
        (_, Json::Null) => Value::Nil,
        (Kind::String | Kind::Enum(_), Json::String(s)) => Value::String(s.clone()),
        // A JSON number where the spec wants a String: the text it spells
        // (`[8001, 8002]` for dial strings or IDs).
        (Kind::String | Kind::Enum(_), Json::Number(n)) => Value::String(n.to_string()),
        (Kind::Int, Json::Number(n)) => match n.as_i64().and_then(|i| i32::try_from(i).ok()) {
            Some(i) => Value::Int(i),
            None => return wrong(),
        },
        (Kind::Int, Json::String(s)) => match s.parse() {
            Ok(i) => Value::Int(i),
            Err(_) => return wrong(),
        },
        (Kind::Boolean, Json::Bool(b)) => Value::Boolean(*b),
        (Kind::Boolean, Json::Number(n)) => match n.as_i64() {
            Some(0) => Value::Boolean(false),
            Some(1) => Value::Boolean(true),
            _ => return wrong(),
        },
        (Kind::Boolean, Json::String(s)) => match boolean(s) {
            Some(b) => Value::Boolean(b),
            None => return wrong(),
        },
        (Kind::IntOrString, Json::String(s)) => Value::String(s.clone()),
        (Kind::IntOrString, Json::Number(n)) => {
            match n.as_i64().and_then(|i| i32::try_from(i).ok()) {
                Some(i) => Value::Int(i),
                None => return wrong(),
            }
        }
        (Kind::Array(element), Json::Array(items)) => Value::Array(
            items
                .iter()
                .enumerate()
                .map(|(i, v)| json_as(element, v).map_err(|e| format!("element {i}: {e}")))
                .collect::<Result<_, _>>()?,
        ),
        (Kind::Struct(members), Json::Object(object)) => Value::Struct(
            object
                .iter()
                .map(|(name, v)| {
                    let value = match members.iter().find(|m| m.name == name) {
                        Some(m) => json_as(&m.kind, v).map_err(|e| format!("{name}: {e}"))?,
                        None => crate::call_cmd::from_json(v)?,
                    };
                    Ok((name.clone(), value))
                })
                .collect::<Result<_, String>>()?,
        ),
        (
            Kind::String
            | Kind::Enum(_)
            | Kind::Int
            | Kind::Boolean
            | Kind::IntOrString
            | Kind::Array(_)
            | Kind::Struct(_),
            _,
        ) => return wrong(),
        (_, json) => crate::call_cmd::from_json(json)?,
    })
}

fn boolean(text: &str) -> Option<bool> {
    match text {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

/// The kind as the spec's tables name it (an enum with its values, an
/// array with its element kind).
fn describe(kind: &Kind) -> String {
    match kind {
        Kind::Enum(values) => format!("String ({})", values.join(", ")),
        Kind::Array(element) => format!("Array of {}", describe(element)),
        other => other.spec_name().to_owned(),
    }
}

fn article(kind: &Kind) -> &'static str {
    match kind {
        Kind::Int | Kind::IntOrString | Kind::Array(_) => "an",
        _ => "a",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use baton_rpc::Method;

    fn path(name: &str) -> Vec<String> {
        name.split('.').map(str::to_owned).collect()
    }

    fn typed(method: Method, name: &str, text: &str) -> Result<Value, String> {
        typed_as(member_at(method.members(), &path(name)).unwrap(), text)
    }

    #[test]
    fn members_are_found_through_nested_structs() {
        let m = Method::FactoryConferenceCreate.members();
        assert_eq!(
            member_at(m, &path("conferenceAlias")).unwrap().kind,
            Kind::String
        );
        assert_eq!(
            member_at(m, &path("factoryResourceLimits.ports"))
                .unwrap()
                .kind,
            Kind::Int
        );
        assert!(member_at(m, &path("factoryResourceLimits.nope")).is_none());
        assert!(member_at(m, &path("conferenceAlias.x")).is_none());
        assert!(member_at(m, &path("nope")).is_none());
    }

    #[test]
    fn json_follows_the_kind() {
        let ids = typed(
            Method::ParticipantEnumerate,
            "factoryConferenceIds",
            "[\"a\", 8002]",
        );
        assert_eq!(
            ids,
            Ok(Value::Array(vec![
                Value::String("a".into()),
                Value::String("8002".into())
            ]))
        );
        let limits = typed(
            Method::FactoryConferenceModify,
            "factoryResourceLimits",
            r#"{"ports": "4", "other": 5}"#,
        );
        assert_eq!(
            limits,
            Ok(Value::Struct(vec![
                ("ports".into(), Value::Int(4)),
                ("other".into(), Value::Int(5))
            ]))
        );
        let e = typed(
            Method::ParticipantEnumerate,
            "factoryConferenceIds",
            "[true]",
        )
        .unwrap_err();
        assert_eq!(e, "factoryConferenceIds: element 0: true is not a String");
        let e = typed(
            Method::FactoryConferenceCreate,
            "factoryResourceLimits",
            "{\"ports\": 1.5}",
        )
        .unwrap_err();
        assert_eq!(e, "factoryResourceLimits: ports: 1.5 is not an Integer");
    }

    #[test]
    fn errors_name_the_member_and_its_type() {
        assert_eq!(
            typed(
                Method::FactoryConferenceCreate,
                "factoryMaxDurationMinutes",
                "abc"
            )
            .unwrap_err(),
            "factoryMaxDurationMinutes is an Integer: \"abc\" is not a 32-bit integer"
        );
        assert_eq!(
            typed(Method::ParticipantModify, "important", "yes").unwrap_err(),
            "important is a Boolean: \"yes\" is not true/false/1/0"
        );
        let e = typed(
            Method::FeedbackReceiverExtendedConfigure,
            "subscribedEvents",
            "x",
        )
        .unwrap_err();
        assert!(
            e.starts_with("subscribedEvents is an Array of String: \"x\" is not JSON"),
            "{e}"
        );
    }
}
