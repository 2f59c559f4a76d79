//! Table-driven `Serialize` for reply structs whose members are all
//! optional scalars: each struct lists its members' wire names and values
//! ([`Member`]), and one function ([`serialize_members`]) writes them.
//!
//! serde's derive writes one `serialize_field` call per member, with a
//! presence test and the encoder's member call at each: on a Cortex-M that
//! was about 1 KiB for the 17-member conference struct alone. Here such a
//! struct is a table of (name, value) and one loop per `Serializer` type
//! writes it (firmware flash -364 B for [`crate::conference::Conference`]).
//! Small structs stay derived: the table costs more than a few calls
//! (measured +184 B for the firmware's four 4-to-7-member replies).
//!
//! The calls are the derive's, in the same order, so every serializer sees
//! the same thing: `serialize_struct(name, present members)`, then for each
//! member in declaration order `serialize_field(name, Some(value))` when it
//! is present or `skip_field(name)` when it is `None` (the derive's
//! `skip_serializing_if = "Option::is_none"`); a string enum is its name
//! (`serialize_str`, as the enums' own `Serialize`).

use serde::ser::{Serialize, SerializeStruct, Serializer};

/// One member's value (`None`: absent, not written).
#[derive(Clone, Copy)]
pub(crate) enum Member<'v> {
    /// A string, or a string enum's name.
    Str(Option<&'v str>),
    /// An integer.
    I32(Option<i32>),
    /// A Boolean.
    Bool(Option<bool>),
}

impl Member<'_> {
    fn is_some(&self) -> bool {
        match self {
            Member::Str(v) => v.is_some(),
            Member::I32(v) => v.is_some(),
            Member::Bool(v) => v.is_some(),
        }
    }
}

impl Serialize for Member<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Member::Str(v) => v.serialize(serializer),
            Member::I32(v) => v.serialize(serializer),
            Member::Bool(v) => v.serialize(serializer),
        }
    }
}

/// Serializes the struct `name` with `members` (wire name, value), in
/// order, skipping the absent ones.
pub(crate) fn serialize_members<S: Serializer>(
    serializer: S,
    name: &'static str,
    members: &[(&'static str, Member<'_>)],
) -> Result<S::Ok, S::Error> {
    let len = members.iter().filter(|(_, m)| m.is_some()).count();
    let mut s = serializer.serialize_struct(name, len)?;
    for (key, member) in members {
        if member.is_some() {
            s.serialize_field(key, member)?;
        } else {
            s.skip_field(key)?;
        }
    }
    s.end()
}

#[cfg(test)]
mod tests {
    use crate::conference::Conference;
    use crate::enums::{Encryption, FactoryTemplateType, WebEx};

    fn every_member<'a>() -> Conference<'a> {
        Conference {
            conference_name: Some("c"),
            factory_template_type: Some(FactoryTemplateType::Lesson),
            is_cascaded: Some(true),
            factory_conference_id: Some("id"),
            factory_web_ex: Some(WebEx::SipTsp),
            factory_conf_bundle_id: Some("b"),
            factory_owner_id: Some("o"),
            encryption: Some(Encryption::Forbidden),
            locked: Some(false),
            conference_type: Some("t"),
            description: Some("d & <e>"),
            unique_id: Some(-7),
            numeric_id: Some("1234"),
            active: Some(true),
            duration_seconds: Some(0),
            maximum_video_ports: Some(2400),
            reserved_video_ports: Some(3),
        }
    }

    /// Every member reads back under its name, through JSON and through
    /// XML-RPC (the derived `Deserialize` names the members).
    #[test]
    fn the_conference_table_writes_every_member_under_its_name() {
        let c = every_member();
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<Conference>(&json).unwrap(), c);
        let mut buf = [0u8; 2048];
        let n = baton_xmlrpc::encode::response(&mut buf[..], &c).unwrap();
        match baton_xmlrpc::decode_response_in_place::<Conference>(&mut buf[..n]).unwrap() {
            baton_xmlrpc::Response::Value(back) => assert_eq!(back, c),
            baton_xmlrpc::Response::Fault(f) => panic!("{f:?}"),
        }
    }

    /// In declaration order, absent members skipped, enums by name: what
    /// the derive wrote.
    #[test]
    fn the_conference_table_keeps_the_derived_order_and_skips_absent_members() {
        let c = Conference {
            conference_name: Some("weekly"),
            factory_template_type: Some(FactoryTemplateType::Meet),
            locked: Some(false),
            unique_id: Some(5),
            ..Conference::default()
        };
        assert_eq!(
            serde_json::to_string(&c).unwrap(),
            r#"{"conferenceName":"weekly","factoryTemplateType":"meet","locked":false,"uniqueId":5}"#
        );
        assert_eq!(serde_json::to_string(&Conference::default()).unwrap(), "{}");
        let mut buf = [0u8; 512];
        let n = baton_xmlrpc::encode::response(&mut buf[..], &c).unwrap();
        let body = core::str::from_utf8(&buf[..n]).unwrap();
        assert!(
            body.contains(
                "<value><struct><member><name>conferenceName</name><value><string>weekly</string></value></member>\
                 <member><name>factoryTemplateType</name><value><string>meet</string></value></member>\
                 <member><name>locked</name><value><boolean>0</boolean></value></member>\
                 <member><name>uniqueId</name><value><int>5</int></value></member></struct></value>"
            ),
            "{body}"
        );
    }
}
