//! Every method's members ([`Method::members`]) are what its params
//! decoder accepts: the same names in the same order as the fields the
//! decoder knows, and for each member (nested struct members too) a value
//! of its kind decodes while a value of another kind is fault 103
//! `malformed parameter - <member>`; leaving out a required member is a
//! fault, an optional one is not. The schema cannot drift from the
//! decoders.

use std::fmt::Write;

use baton_rpc::schema::{Kind, Member};
use baton_rpc::table::types::*;
use baton_rpc::{Method, Request};
use serde::de::{self, Deserialize, Deserializer, Visitor};

/// A deserializer that only records the field names a `Deserialize`
/// passes to `deserialize_struct` (serde's derived and the table-driven
/// ones both do).
struct Fields;

#[derive(Debug)]
enum Seen {
    Fields(&'static [&'static str]),
    Other(#[allow(dead_code)] String),
}

impl std::fmt::Display for Seen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?}")
    }
}

impl std::error::Error for Seen {}

impl de::Error for Seen {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Seen::Other(msg.to_string())
    }
}

impl<'de> Deserializer<'de> for Fields {
    type Error = Seen;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Seen> {
        Err(Seen::Other("not a struct".into()))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Seen> {
        Err(Seen::Fields(fields))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}

/// The member names `T`'s decoder knows.
fn fields_of<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    match T::deserialize(Fields) {
        Err(Seen::Fields(f)) => f,
        other => panic!("no struct fields: {:?}", other.err()),
    }
}

macro_rules! decoder_fields {
    ({} $(
        [$(#[$doc:meta])*] $variant:ident $name:literal $params:ident $reply:ident
        [$($list:ident)?] $call:ident $serve:tt $client:tt $role:ident $dep:literal;
    )*) => {
        vec![ $( (Method::$variant, fields_of::<$params<'static>>()), )* ]
    };
}

fn names(members: &[Member]) -> Vec<&'static str> {
    members.iter().map(|m| m.name).collect()
}

#[test]
fn every_methods_members_are_its_decoders_fields_in_order() {
    let all = baton_rpc::for_each_method!(decoder_fields);
    assert_eq!(all.len(), Method::ALL.len());
    for (method, fields) in all {
        assert_eq!(names(method.members()), fields, "{method}");
    }
}

#[test]
fn nested_structs_list_their_decoders_fields() {
    let kind = |m: Method, name: &str| m.member(name).unwrap().kind;
    let Kind::Struct(limits) = kind(Method::FactoryConferenceCreate, "factoryResourceLimits")
    else {
        panic!("factoryResourceLimits is a struct")
    };
    assert_eq!(
        kind(Method::FactoryConferenceModify, "factoryResourceLimits"),
        Kind::Struct(limits)
    );
    // serde lists an alias among the fields it accepts: `licenses` is the
    // spec's JSON example's spelling of `licences`.
    let accepted: Vec<_> = fields_of::<ResourceLimits>()
        .iter()
        .copied()
        .filter(|f| *f != "licenses")
        .collect();
    assert_eq!(names(limits), accepted);
    let Kind::Array(Kind::Struct(event)) = kind(Method::EventNotification, "events") else {
        panic!("events is an array of structs")
    };
    assert_eq!(names(event), fields_of::<Event>());
    let Some(Kind::Struct(args)) = event.iter().find(|m| m.name == "args").map(|m| m.kind) else {
        panic!("args is a struct")
    };
    assert_eq!(names(args), fields_of::<EventArgs>());
}

/// A value of `kind` the decoder accepts.
fn valid(kind: &Kind, out: &mut String) {
    match kind {
        Kind::String => out.push_str("<string>x</string>"),
        Kind::Enum(values) => write!(out, "<string>{}</string>", values[0]).unwrap(),
        Kind::Int | Kind::IntOrString => out.push_str("<int>1</int>"),
        Kind::Boolean => out.push_str("<boolean>1</boolean>"),
        Kind::Array(element) => {
            out.push_str("<array><data><value>");
            valid(element, out);
            out.push_str("</value></data></array>");
        }
        Kind::Struct(members) => {
            let required: Vec<_> = members.iter().filter(|m| m.required).collect();
            structure(&required, None, out);
        }
        other => panic!("no probe for {other:?}"),
    }
}

/// How a probed member is given.
enum Probe<'m> {
    /// A value of its kind.
    Valid(&'m Member),
    /// A value of no member's kind.
    WrongKind(&'m Member),
    /// Not at all.
    Absent(&'m Member),
}

const WRONG: &str = "<base64>aGk=</base64>";

/// A `<struct>` of `members` (valid values), the probed one as asked.
fn structure(members: &[&Member], probe: Option<&Probe<'_>>, out: &mut String) {
    out.push_str("<struct>");
    let mut member = |name: &str, value: &dyn Fn(&mut String)| {
        write!(out, "<member><name>{name}</name><value>").unwrap();
        value(out);
        out.push_str("</value></member>");
    };
    for m in members {
        match probe {
            Some(Probe::Absent(p)) if p.name == m.name => {}
            Some(Probe::WrongKind(p)) if p.name == m.name => member(m.name, &|o| o.push_str(WRONG)),
            _ => member(m.name, &|o| valid(&m.kind, o)),
        }
    }
    match probe {
        Some(Probe::Valid(p)) if !p.required => member(p.name, &|o| valid(&p.kind, o)),
        Some(Probe::WrongKind(p)) if !p.required => member(p.name, &|o| o.push_str(WRONG)),
        _ => {}
    }
    out.push_str("</struct>");
}

/// A call of `method` with its required members and the probe.
fn call(method: Method, probe: Option<&Probe<'_>>) -> Result<Method, (i32, String)> {
    let required: Vec<_> = method.members().iter().filter(|m| m.required).collect();
    let mut xml = format!("<methodCall><methodName>{method}</methodName><params><param><value>");
    structure(&required, probe, &mut xml);
    xml.push_str("</value></param></params></methodCall>");
    let mut buf = xml.into_bytes();
    Request::decode_in_place(&mut buf)
        .map(|r| r.method())
        .map_err(|f| (f.code(), f.message().to_owned()))
}

/// A call of `method` whose member `outer` is a struct carrying the probe.
fn nested_call(
    method: Method,
    outer: &Member,
    inner: &[Member],
    probe: &Probe<'_>,
) -> Result<Method, (i32, String)> {
    let required: Vec<_> = method.members().iter().filter(|m| m.required).collect();
    let mut xml = format!("<methodCall><methodName>{method}</methodName><params><param><value>");
    xml.push_str("<struct>");
    for m in &required {
        write!(xml, "<member><name>{}</name><value>", m.name).unwrap();
        valid(&m.kind, &mut xml);
        xml.push_str("</value></member>");
    }
    write!(xml, "<member><name>{}</name><value>", outer.name).unwrap();
    let inner_required: Vec<_> = inner.iter().filter(|m| m.required).collect();
    structure(&inner_required, Some(probe), &mut xml);
    xml.push_str("</value></member></struct></value></param></params></methodCall>");
    let mut buf = xml.into_bytes();
    Request::decode_in_place(&mut buf)
        .map(|r| r.method())
        .map_err(|f| (f.code(), f.message().to_owned()))
}

/// The spec: "The TelePresence Conductor ignores any values specified
/// for this parameter" (`participant.add` `participantType`): any value
/// decodes.
fn ignored(method: Method, member: &str) -> bool {
    method == Method::ParticipantAdd && member == "participantType"
}

#[test]
fn each_member_decodes_with_its_kind_and_is_fault_103_with_another() {
    let mut probed = 0;
    for &method in Method::ALL {
        assert_eq!(
            call(method, None),
            Ok(method),
            "{method}: required members only"
        );
        for m in method.members() {
            assert_eq!(
                call(method, Some(&Probe::Valid(m))),
                Ok(method),
                "{method} {}",
                m.name
            );
            let wrong = call(method, Some(&Probe::WrongKind(m)));
            if ignored(method, m.name) {
                assert_eq!(wrong, Ok(method), "{method} {}", m.name);
            } else {
                assert_eq!(
                    wrong,
                    Err((103, format!("malformed parameter - {}", m.name))),
                    "{method} {}: a value of another kind",
                    m.name
                );
            }
            if m.required {
                let absent = call(method, Some(&Probe::Absent(m)));
                assert!(absent.is_err(), "{method}: {} is required", m.name);
            }
            probed += 1;
        }
    }
    assert!(probed > 100, "{probed} members probed");
}

#[test]
fn each_nested_member_decodes_with_its_kind_and_is_fault_103_with_another() {
    let mut probed = 0;
    for &method in Method::ALL {
        for outer in method.members() {
            let inner = match outer.kind {
                Kind::Struct(inner) => inner,
                _ => continue,
            };
            for m in inner {
                assert_eq!(
                    nested_call(method, outer, inner, &Probe::Valid(m)),
                    Ok(method),
                    "{method} {}.{}",
                    outer.name,
                    m.name
                );
                assert_eq!(
                    nested_call(method, outer, inner, &Probe::WrongKind(m)),
                    Err((103, format!("malformed parameter - {}", m.name))),
                    "{method} {}.{}",
                    outer.name,
                    m.name
                );
                probed += 1;
            }
        }
    }
    // factoryResourceLimits of factory.conferencecreate and
    // factory.conferencemodify.
    assert_eq!(probed, 8);
}

#[test]
fn the_specs_string_parameters_that_look_like_numbers_are_strings() {
    for (method, name) in [
        (Method::FactoryConferenceCreate, "conferenceAlias"),
        (Method::FactoryConferenceCreate, "factoryOverridePIN"),
        (Method::FactoryConferenceCreate, "factoryOverrideGuestPIN"),
        (Method::FactoryConferenceModify, "factoryOverridePIN"),
        (Method::ParticipantAdd, "address"),
        (Method::ParticipantModify, "dtmfSequence"),
        (Method::FactoryWebexAdd, "dtmf"),
        (Method::FactoryWebexAdd, "audioDn"),
        (Method::ConferenceDestroy, "conferenceName"),
        (
            Method::FeedbackReceiverExtendedConfigure,
            "sourceIdentifier",
        ),
    ] {
        assert_eq!(
            method.member(name).map(|m| m.kind),
            Some(Kind::String),
            "{method} {name}"
        );
    }
    assert_eq!(
        Method::ParticipantEnumerate
            .member("factoryConferenceIds")
            .map(|m| m.kind),
        Some(Kind::Array(&Kind::String))
    );
    assert_eq!(
        Method::FeedbackReceiverExtendedConfigure
            .member("subscribedEvents")
            .map(|m| m.kind),
        Some(Kind::Array(&Kind::String))
    );
}
