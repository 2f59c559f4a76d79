//! Table-driven `Deserialize` for params structs: one member-name table and
//! one field slot per member, decoded by a single visitor shared by every
//! params type declared with `table_params!`.
//!
//! serde's derive builds a visitor per struct (and, inlined into each, the
//! decoder's struct and scalar paths): on a Cortex-M that was most of the
//! XML-RPC decoder's flash. Here each struct only lists its members' wire
//! names and field kinds ([`Dest`]); the loop over the members, the
//! duplicate and missing checks and every field type's decoding exist once
//! per `Deserializer` type.
//!
//! The visitor makes the same calls, in the same order, as serde's derived
//! one, so every decoder reports the same errors: members in document
//! order; an unknown member skipped through `IgnoredAny`; a member given
//! twice is `duplicate_field` before its value is read; after the last
//! member, the first required field absent (in declaration order) is
//! `missing_field`; a sequence fills the fields positionally
//! (`invalid_length` for a missing required one).

use core::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;

use crate::enums::{Encryption, FactoryLayout, WebEx};
use crate::event::AnyEventName;
use crate::factory::ResourceLimits;
use crate::feedback_receiver::SUBSCRIBED_EVENTS_CAPACITY;
use crate::secret::Password;
use crate::value::EnumerateId;

/// Declares a params struct whose `Deserialize` is table-driven: each
/// member is `field: Type => "wireName" Kind` (`Kind` a [`Dest`] variant),
/// followed by the authentication members every call carries. `Serialize`
/// is derived (camelCase names; the field attributes apply to it); the
/// [`ParamsSchema`](crate::schema::ParamsSchema) lists the wire names.
macro_rules! table_params {
    ($(#[$meta:meta])* pub struct $name:ident<'a> {
        $( $(#[$fmeta:meta])* pub $field:ident : $ty:ty => $wire:literal $kind:ident, )*
    }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
        #[serde(rename_all = "camelCase")]
        pub struct $name<'a> {
            $( $(#[$fmeta])* pub $field: $ty, )*
            /// `authenticationUser`: a user with sufficient privilege
            /// (case sensitive). Required in every call.
            pub authentication_user: &'a str,
            /// `authenticationPassword`: that user's password (case
            /// sensitive). Required in every call. `Debug` prints
            /// `"***"`; on the wire it is the plain string.
            pub authentication_password: $crate::secret::Password<'a>,
        }

        credentials!($name);

        $crate::schema::params_schema!($name { $( $wire => $ty, )* });

        impl<'de: 'a, 'a> serde::Deserialize<'de> for $name<'a> {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                const FIELDS: &[&str] = &[$( $wire, )* "authenticationUser", "authenticationPassword"];
                const _: () = assert!(FIELDS.len() <= 64);
                let mut p = Self::default();
                let mut dests = [
                    $( $crate::params_de::Dest::$kind(&mut p.$field), )*
                    $crate::params_de::Dest::Str(&mut p.authentication_user),
                    $crate::params_de::Dest::Password(&mut p.authentication_password),
                ];
                $crate::params_de::deserialize(d, stringify!($name), FIELDS, &mut dests)?;
                Ok(p)
            }
        }

        impl<'a> $crate::request::DecodeParams<'a> for $name<'a> {
            fn decode_params(call: baton_xmlrpc::CallDecoder<'a>) -> Result<Self, $crate::Fault> {
                const FIELDS: &[&str] = &[$( $wire, )* "authenticationUser", "authenticationPassword"];
                let mut p = Self::default();
                let mut dests = [
                    $( $crate::params_de::Dest::$kind(&mut p.$field), )*
                    $crate::params_de::Dest::Str(&mut p.authentication_user),
                    $crate::params_de::Dest::Password(&mut p.authentication_password),
                ];
                $crate::params_de::decode_call(call, stringify!($name), FIELDS, &mut dests)?;
                Ok(p)
            }
        }
    };
}

/// Where a member's value goes, and how it is decoded: with the field
/// type's own `Deserialize` (or, for Booleans, [`crate::value`]'s helper).
pub(crate) enum Dest<'s, 'a> {
    /// A required string.
    Str(&'s mut &'a str),
    /// The required password.
    Password(&'s mut Password<'a>),
    /// A required integer.
    I32(&'s mut i32),
    /// An optional string.
    OptStr(&'s mut Option<&'a str>),
    /// An optional integer.
    OptI32(&'s mut Option<i32>),
    /// An optional `encryption`.
    OptEncryption(&'s mut Option<Encryption>),
    /// An optional `factoryLayout`.
    OptLayout(&'s mut Option<FactoryLayout>),
    /// An optional `webEx`.
    OptWebEx(&'s mut Option<WebEx>),
    /// An optional `factoryResourceLimits`.
    OptLimits(&'s mut Option<ResourceLimits>),
    /// An optional `enumerateID`.
    OptId(&'s mut Option<EnumerateId<'a>>),
    /// An optional `subscribedEvents`.
    OptEvents(&'s mut Option<heapless::Vec<AnyEventName<'a>, SUBSCRIBED_EVENTS_CAPACITY>>),
}

impl Dest<'_, '_> {
    /// Whether the member must be present (the non-`Option` fields).
    fn required(&self) -> bool {
        matches!(self, Dest::Str(_) | Dest::Password(_) | Dest::I32(_))
    }
}

/// Decodes one member's value into its field.
struct Slot<'r, 's, 'a>(&'r mut Dest<'s, 'a>);

impl<'de: 'a, 'a> DeserializeSeed<'de> for Slot<'_, '_, 'a> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        let dest = self.0;
        match dest {
            Dest::Str(_) | Dest::Password(_) => d.deserialize_str(Conv { dest, opt: false }),
            Dest::I32(_) => d.deserialize_i32(Conv { dest, opt: false }),
            _ => d.deserialize_option(Conv { dest, opt: true }),
        }
    }
}

/// The one visitor of every member value (so the decoder's typed paths
/// exist once, not once per field type): accepts what the field type's own
/// `Deserialize` accepts (`&str`: a borrowed string, or borrowed UTF-8
/// bytes; `i32`: any integer in range; the string enums: their names;
/// `Option<T>`: none, unit or some) and writes it into the field. `opt`:
/// at the `Option` level of an optional field.
struct Conv<'r, 's, 'a> {
    dest: &'r mut Dest<'s, 'a>,
    opt: bool,
}

impl Conv<'_, '_, '_> {
    /// What the field takes, for error messages.
    fn what(&self) -> Expecting {
        Expecting(match self.dest {
            _ if self.opt => "an optional value",
            Dest::I32(_) | Dest::OptI32(_) => "i32",
            Dest::OptEncryption(_) => "an encryption",
            Dest::OptLayout(_) => "a factory layout",
            Dest::OptWebEx(_) => "a webEx value",
            _ => "a borrowed string",
        })
    }

    /// A string enum's value named `v`, or an invalid value.
    fn variant<E: de::Error>(&mut self, v: &str) -> Result<(), E> {
        let what = self.what();
        let bad = || E::invalid_value(de::Unexpected::Str(v), &what);
        match &mut *self.dest {
            Dest::OptEncryption(o) => **o = Some(Encryption::from_name(v).ok_or_else(bad)?),
            Dest::OptLayout(o) => **o = Some(FactoryLayout::from_name(v).ok_or_else(bad)?),
            Dest::OptWebEx(o) => **o = Some(WebEx::from_name(v).ok_or_else(bad)?),
            _ => return Err(E::invalid_type(de::Unexpected::Str(v), &what)),
        }
        Ok(())
    }

    fn int<E: de::Error>(self, v: Result<i32, de::Unexpected<'_>>) -> Result<(), E> {
        let what = self.what();
        let unexpected = match v {
            Ok(_) | Err(de::Unexpected::Signed(_) | de::Unexpected::Unsigned(_)) => None,
            Err(u) => Some(u),
        };
        match self.dest {
            Dest::I32(o) if !self.opt && unexpected.is_none() => {
                **o = v.map_err(|u| E::invalid_value(u, &what))?
            }
            Dest::OptI32(o) if !self.opt && unexpected.is_none() => {
                **o = Some(v.map_err(|u| E::invalid_value(u, &what))?)
            }
            _ => {
                let u = match v {
                    Ok(i) => de::Unexpected::Signed(i64::from(i)),
                    Err(u) => u,
                };
                return Err(E::invalid_type(u, &what));
            }
        }
        Ok(())
    }
}

impl<'de: 'a, 'a> Visitor<'de> for Conv<'_, '_, 'a> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        de::Expected::fmt(&self.what(), f)
    }

    fn visit_none<E: de::Error>(self) -> Result<(), E> {
        if !self.opt {
            return Err(E::invalid_type(de::Unexpected::Option, &self.what()));
        }
        match self.dest {
            Dest::OptStr(o) => **o = None,
            Dest::OptI32(o) => **o = None,
            Dest::OptEncryption(o) => **o = None,
            Dest::OptLayout(o) => **o = None,
            Dest::OptWebEx(o) => **o = None,
            Dest::OptLimits(o) => **o = None,
            Dest::OptId(o) => **o = None,
            Dest::OptEvents(o) => **o = None,
            Dest::Str(_) | Dest::Password(_) | Dest::I32(_) => {}
        }
        Ok(())
    }

    fn visit_unit<E: de::Error>(self) -> Result<(), E> {
        if !self.opt {
            return Err(E::invalid_type(de::Unexpected::Unit, &self.what()));
        }
        self.visit_none()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        if !self.opt {
            return Err(de::Error::invalid_type(
                de::Unexpected::Option,
                &self.what(),
            ));
        }
        let inner = Conv {
            dest: self.dest,
            opt: false,
        };
        match inner.dest {
            Dest::OptLimits(o) => **o = Some(Deserialize::deserialize(d)?),
            Dest::OptId(o) => **o = Some(Deserialize::deserialize(d)?),
            Dest::OptEvents(o) => **o = Some(Deserialize::deserialize(d)?),
            Dest::OptI32(_) => d.deserialize_i32(inner)?,
            _ => d.deserialize_str(inner)?,
        }
        Ok(())
    }

    fn visit_borrowed_str<E: de::Error>(mut self, v: &'de str) -> Result<(), E> {
        match &mut *self.dest {
            Dest::Str(o) if !self.opt => **o = v,
            Dest::Password(o) if !self.opt => **o = Password::new(v),
            Dest::OptStr(o) if !self.opt => **o = Some(v),
            _ if self.opt => return Err(E::invalid_type(de::Unexpected::Str(v), &self.what())),
            _ => return self.variant(v),
        }
        Ok(())
    }

    fn visit_str<E: de::Error>(mut self, v: &str) -> Result<(), E> {
        // Only the enums take a string that does not borrow from the input.
        if self.opt {
            return Err(E::invalid_type(de::Unexpected::Str(v), &self.what()));
        }
        self.variant(v)
    }

    fn visit_borrowed_bytes<E: de::Error>(self, v: &'de [u8]) -> Result<(), E> {
        if !self.opt
            && matches!(
                self.dest,
                Dest::Str(_) | Dest::Password(_) | Dest::OptStr(_)
            )
        {
            let what = self.what();
            let s = core::str::from_utf8(v)
                .map_err(|_| E::invalid_value(de::Unexpected::Bytes(v), &what))?;
            return self.visit_borrowed_str(s);
        }
        self.visit_bytes(v)
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<(), E> {
        Err(E::invalid_type(de::Unexpected::Bytes(v), &self.what()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<(), E> {
        self.int(i32::try_from(v).map_err(|_| de::Unexpected::Signed(v)))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<(), E> {
        self.int(i32::try_from(v).map_err(|_| de::Unexpected::Unsigned(v)))
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<(), E> {
        self.int(Err(de::Unexpected::Bool(v)))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<(), E> {
        self.int(Err(de::Unexpected::Float(v)))
    }
}

/// A struct's member names: `names` as given to `deserialize_struct`
/// (serde's `FIELDS`: each field's names, its main name first, then its
/// aliases), `field_of[i]` the field `names[i]` names (empty: `names[i]`
/// is field `i`, no aliases).
#[derive(Clone, Copy)]
struct Names {
    names: &'static [&'static str],
    field_of: &'static [usize],
}

impl Names {
    /// The field named by `names[i]`.
    fn field(&self, i: usize) -> Option<usize> {
        match self.field_of {
            [] => Some(i),
            map => map.get(i).copied(),
        }
    }

    /// Field `field`'s main name (what the derive reports it by).
    fn main_name(&self, field: usize) -> Option<&'static str> {
        match self.field_of {
            [] => self.names.get(field).copied(),
            map => self
                .names
                .iter()
                .zip(map)
                .find(|(_, f)| **f == field)
                .map(|(n, _)| *n),
        }
    }
}

/// A member name: the index of its field, `None` for an unknown member
/// (`fields`: how many there are; an integer key is a field index, as in
/// the derive).
struct Key {
    names: Names,
    fields: usize,
}

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Option<usize>, D::Error> {
        d.deserialize_identifier(self)
    }
}

impl Visitor<'_> for Key {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("field identifier")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<usize>, E> {
        Ok(usize::try_from(v).ok().filter(|&i| i < self.fields))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<usize>, E> {
        let i = self.names.names.iter().position(|f| *f == v);
        Ok(i.and_then(|i| self.names.field(i)))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Option<usize>, E> {
        let i = self.names.names.iter().position(|f| f.as_bytes() == v);
        Ok(i.and_then(|i| self.names.field(i)))
    }
}

/// What the visitor expects, for error messages.
struct Expecting(&'static str);

impl de::Expected for Expecting {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("struct ")?;
        f.write_str(self.0)
    }
}

/// The visitor of every table-driven params struct.
struct Fields<'r, 's, 'a> {
    name: &'static str,
    names: Names,
    dests: &'r mut [Dest<'s, 'a>],
}

impl<'de: 'a, 'a> Visitor<'de> for Fields<'_, '_, 'a> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        de::Expected::fmt(&Expecting(self.name), f)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = 0u64;
        let (names, fields) = (self.names, self.dests.len());
        while let Some(key) = map.next_key_seed(Key { names, fields })? {
            let found =
                key.and_then(|i| Some((i, self.names.main_name(i)?, self.dests.get_mut(i)?)));
            let Some((i, name, dest)) = found else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            let bit = 1u64 << (i & 63);
            if seen & bit != 0 {
                return Err(de::Error::duplicate_field(name));
            }
            seen |= bit;
            map.next_value_seed(Slot(dest))?;
        }
        let missing = self
            .dests
            .iter()
            .enumerate()
            .find(|(i, d)| d.required() && seen & (1u64 << (i & 63)) == 0);
        match missing.and_then(|(i, _)| self.names.main_name(i)) {
            Some(name) => Err(de::Error::missing_field(name)),
            None => Ok(()),
        }
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        for (i, dest) in self.dests.iter_mut().enumerate() {
            let required = dest.required();
            if seq.next_element_seed(Slot(dest))?.is_none() && required {
                return Err(de::Error::invalid_length(i, &Expecting(self.name)));
            }
        }
        Ok(())
    }
}

/// Decodes the struct `name` with members `names` into `dests` (one per
/// name, in the same order).
pub(crate) fn deserialize<'de: 'a, 'a, D: Deserializer<'de>>(
    d: D,
    name: &'static str,
    names: &'static [&'static str],
    dests: &mut [Dest<'_, 'a>],
) -> Result<(), D::Error> {
    deserialize_aliased(d, name, names, &[], dests)
}

/// [`deserialize`] for a struct with aliases: `names` is serde's `FIELDS`
/// (each field's main name, then its aliases), `field_of[i]` the field
/// (index into `dests`) that `names[i]` names.
pub(crate) fn deserialize_aliased<'de: 'a, 'a, D: Deserializer<'de>>(
    d: D,
    name: &'static str,
    names: &'static [&'static str],
    field_of: &'static [usize],
    dests: &mut [Dest<'_, 'a>],
) -> Result<(), D::Error> {
    let names_of = Names { names, field_of };
    d.deserialize_struct(
        name,
        names,
        Fields {
            name,
            names: names_of,
            dests,
        },
    )
}

/// The params struct `name` being decoded: the seed of every table-driven
/// type's call decoding (borrowed: a restarted decode runs it again).
struct Table<'r, 's, 'a> {
    name: &'static str,
    names: &'static [&'static str],
    dests: &'r mut [Dest<'s, 'a>],
}

impl<'de: 'a, 'a> DeserializeSeed<'de> for &mut Table<'_, '_, 'a> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        deserialize(d, self.name, self.names, self.dests)
    }
}

/// Decodes the first param of `call` as the struct `name` (members `names`,
/// fields `dests`): what [`crate::request::params`] does for a derived
/// type, in one instance for every table-driven one. No params is the
/// first required member missing (fault 103 naming it), or fault 103
/// without a name when none is required.
#[cfg_attr(baton_compact, inline(never))]
pub(crate) fn decode_call<'a>(
    call: baton_xmlrpc::CallDecoder<'a>,
    name: &'static str,
    names: &'static [&'static str],
    dests: &mut [Dest<'_, 'a>],
) -> Result<(), crate::Fault> {
    let mut table = Table { name, names, dests };
    match call.first_param_seed(&mut table) {
        Ok(Some(())) => Ok(()),
        Ok(None) => {
            let required = names
                .iter()
                .zip(table.dests.iter())
                .find(|(_, d)| d.required());
            Err(match required {
                Some((name, _)) => crate::Fault::missing_required(name),
                None => crate::Fault::new(crate::FaultCode::MissingParameter),
            })
        }
        Err(e) => Err(crate::request::fault_for(&e)),
    }
}

#[cfg(test)]
mod tests {
    use crate::conference::{
        ConferenceCreateParams, ConferenceDestroyParams, ConferenceEnumerateParams,
    };
    use crate::device::DeviceQueryParams;
    use crate::enums::{Encryption, FactoryLayout, WebEx};
    use crate::event::AnyEventName;
    use crate::factory::{FactoryConferenceCreateParams, ResourceLimits};
    use crate::feedback_receiver::{
        FeedbackReceiverConfigureParams, FeedbackReceiverExtendedConfigureParams,
        FeedbackReceiverExtendedRemoveParams,
    };
    use crate::secret::Password;
    use crate::value::IntOrStr;
    use std::string::ToString;

    /// Serialized (derived names) and decoded back (the table's names):
    /// equal only if every member's wire name agrees.
    fn round_trip<'a, P>(p: &P, json: &'a mut std::string::String) -> P
    where
        P: serde::Serialize + serde::Deserialize<'a> + PartialEq + core::fmt::Debug,
    {
        *json = serde_json::to_string(p).unwrap();
        let back: P = serde_json::from_str(json).unwrap();
        assert_eq!(&back, p, "{json}");
        back
    }

    #[test]
    fn table_member_names_are_the_serialized_names() {
        let (u, pw) = ("u", Password::new("p"));
        let mut events = heapless::Vec::new();
        events.push(AnyEventName::new("conferenceStarted")).unwrap();
        events.push(AnyEventName::new("someOtherEvent")).unwrap();
        let mut j = std::string::String::new();
        round_trip(
            &FactoryConferenceCreateParams {
                conference_alias: "a",
                factory_min_duration_minutes: Some(1),
                factory_max_duration_minutes: Some(2),
                factory_override_pin: Some("12"),
                factory_override_guest_pin: Some("34"),
                web_ex: Some(WebEx::Sip),
                factory_resource_limits: Some(ResourceLimits {
                    signalling: Some(1),
                    media: Some(2),
                    licences: Some(3),
                    ports: Some(4),
                }),
                encryption: Some(Encryption::Required),
                factory_layout: Some(FactoryLayout::Active),
                factory_override_conference_display_name: Some("d"),
                authentication_user: u,
                authentication_password: pw,
            },
            &mut j,
        );
        let mut j = std::string::String::new();
        round_trip(
            &FeedbackReceiverExtendedConfigureParams {
                receiver_uri: "http://r/",
                source_identifier: "s",
                receiver_index: Some(-1),
                subscribed_events: Some(events),
                authentication_user: u,
                authentication_password: pw,
            },
            &mut j,
        );
        let mut j = std::string::String::new();
        round_trip(
            &FeedbackReceiverConfigureParams {
                receiver_uri: "http://r/",
                source_identifier: Some("s"),
                receiver_index: Some(3),
                authentication_user: u,
                authentication_password: pw,
            },
            &mut j,
        );
        let mut j = std::string::String::new();
        round_trip(
            &ConferenceCreateParams {
                conference_name: "c",
                duration_seconds: Some(60),
                reserved_video_ports: Some(2),
                encryption: Some(Encryption::Forbidden),
                authentication_user: u,
                authentication_password: pw,
            },
            &mut j,
        );
        let mut j = std::string::String::new();
        round_trip(
            &ConferenceEnumerateParams {
                enumerate_id: Some(IntOrStr::Int(7)),
                authentication_user: u,
                authentication_password: pw,
            },
            &mut j,
        );
        let mut j = std::string::String::new();
        round_trip(
            &FeedbackReceiverExtendedRemoveParams {
                receiver_index: 4,
                authentication_user: u,
                authentication_password: pw,
            },
            &mut j,
        );
    }

    #[test]
    fn members_in_any_order_unknown_ignored_duplicate_and_missing_refused() {
        let p: ConferenceDestroyParams = serde_json::from_str(
            r#"{"x":[1,{"y":2}],"authenticationPassword":"p","conferenceName":"c","authenticationUser":"u"}"#,
        )
        .unwrap();
        assert_eq!((p.conference_name, p.authentication_user), ("c", "u"));
        assert_eq!(p.authentication_password.as_str(), "p");
        let e = serde_json::from_str::<ConferenceDestroyParams>(
            r#"{"conferenceName":"c","conferenceName":"d","authenticationUser":"u","authenticationPassword":"p"}"#,
        )
        .unwrap_err();
        assert!(
            e.to_string().contains("duplicate field `conferenceName`"),
            "{e}"
        );
        let e = serde_json::from_str::<ConferenceDestroyParams>(r#"{"authenticationUser":"u"}"#)
            .unwrap_err();
        assert!(
            e.to_string().contains("missing field `conferenceName`"),
            "{e}"
        );
        let e =
            serde_json::from_str::<DeviceQueryParams>(r#"{"authenticationUser":"u"}"#).unwrap_err();
        assert!(
            e.to_string()
                .contains("missing field `authenticationPassword`"),
            "{e}"
        );
    }

    /// `doc`'s params decoded both ways: the shared seed (`decode_params`,
    /// what `Request::decode` runs) and the type's own `Deserialize`
    /// (`request::params`): the same value or the same fault.
    fn both_paths<'a, P>(doc: &str, a: &'a mut std::vec::Vec<u8>, b: &'a mut std::vec::Vec<u8>)
    where
        P: crate::request::DecodeParams<'a> + PartialEq + core::fmt::Debug,
    {
        *a = doc.as_bytes().to_vec();
        *b = doc.as_bytes().to_vec();
        let seeded = P::decode_params(crate::request::call_decoder(a, Default::default()).unwrap());
        let derived = crate::request::params::<P>(
            crate::request::call_decoder(b, Default::default()).unwrap(),
        );
        assert_eq!(seeded, derived, "{doc}");
    }

    #[test]
    fn the_shared_seed_decodes_as_each_types_own_deserialize() {
        fn call(params: &str) -> std::string::String {
            std::format!("<methodCall><methodName>m</methodName>{params}</methodCall>")
        }
        fn member(name: &str, value: &str) -> std::string::String {
            std::format!("<member><name>{name}</name><value>{value}</value></member>")
        }
        let auth = member("authenticationUser", "<string>u</string>")
            + &member("authenticationPassword", "<string>p</string>");
        let one = |members: &str| {
            call(&std::format!(
                "<params><param><value><struct>{members}</struct></value></param></params>"
            ))
        };
        let docs = [
            call(""),
            call("<params/>"),
            call("<params></params>"),
            one(&auth),
            one(&(member("conferenceAlias", "<string>a</string>") + &auth)),
            one(&(member("conferenceAlias", "<int>4</int>") + &auth)),
            one(&(member("conferenceAlias", "<string>a</string>")
                + &member("conferenceAlias", "<string>b</string>")
                + &auth)),
            one(&(member("conferenceAlias", "<string>a</string>")
                + &member("webEx", "<string>sip</string>")
                + &member("encryption", "<string>sometimes</string>")
                + &auth)),
            one(&(member("conferenceAlias", "<string>a</string>")
                + &member("factoryResourceLimits", "<struct></struct>")
                + &member("factoryMinDurationMinutes", "<int>99999999999</int>")
                + &auth)),
            one(&(member("receiverIndex", "<int>3</int>") + &auth)),
            one(&(member("receiverIndex", "<string>3</string>") + &auth)),
            one(&(member("receiverURI", "<string>http://r/</string>")
                + &member("sourceIdentifier", "<string>s</string>")
                + &member(
                    "subscribedEvents",
                    "<array><data><value><string>x</string></value></data></array>",
                )
                + &auth)),
            one(&(member("enumerateID", "<int>7</int>") + &member("x", "<nil/>") + &auth)),
            one(&(member("authenticationUser", "<string>u</string>")
                + &member("authenticationUser", "<string>v</string>"))),
            one(""),
            call("<params><param><value><string>c</string></value></param></params>"),
        ];
        for doc in &docs {
            let (mut a, mut b) = (std::vec::Vec::new(), std::vec::Vec::new());
            both_paths::<crate::device::DeviceQueryParams>(doc, &mut a, &mut b);
            let (mut a, mut b) = (std::vec::Vec::new(), std::vec::Vec::new());
            both_paths::<FactoryConferenceCreateParams>(doc, &mut a, &mut b);
            let (mut a, mut b) = (std::vec::Vec::new(), std::vec::Vec::new());
            both_paths::<FeedbackReceiverExtendedRemoveParams>(doc, &mut a, &mut b);
            let (mut a, mut b) = (std::vec::Vec::new(), std::vec::Vec::new());
            both_paths::<FeedbackReceiverExtendedConfigureParams>(doc, &mut a, &mut b);
            let (mut a, mut b) = (std::vec::Vec::new(), std::vec::Vec::new());
            both_paths::<ConferenceEnumerateParams>(doc, &mut a, &mut b);
            let (mut a, mut b) = (std::vec::Vec::new(), std::vec::Vec::new());
            both_paths::<ConferenceDestroyParams>(doc, &mut a, &mut b);
        }
    }

    /// What `ResourceLimits` was before its table-driven `Deserialize`.
    #[derive(Debug, Default, PartialEq, serde::Deserialize)]
    struct DerivedLimits {
        #[serde(default)]
        signalling: Option<i32>,
        #[serde(default)]
        media: Option<i32>,
        #[serde(alias = "licenses", default)]
        licences: Option<i32>,
        #[serde(default)]
        ports: Option<i32>,
    }

    fn as_derived(l: &ResourceLimits) -> DerivedLimits {
        DerivedLimits {
            signalling: l.signalling,
            media: l.media,
            licences: l.licences,
            ports: l.ports,
        }
    }

    #[test]
    fn resource_limits_decode_as_the_derive_did() {
        let value = |v: &str| std::format!("<value>{v}</value>");
        let member =
            |n: &str, v: &str| std::format!("<member><name>{n}</name>{}</member>", value(v));
        let xml = [
            std::format!("<struct>{}</struct>", member("signalling", "<int>1</int>")),
            std::format!(
                "<struct>{}{}{}{}{}</struct>",
                member("ports", "<i4>4</i4>"),
                member("media", "<int>2</int>"),
                member("licenses", "<int>3</int>"),
                member("x", "<struct></struct>"),
                member("signalling", "<nil/>")
            ),
            std::format!(
                "<struct>{}{}</struct>",
                member("licences", "<int>3</int>"),
                member("licenses", "<int>5</int>")
            ),
            std::format!(
                "<struct>{}{}</struct>",
                member("media", "<int>3</int>"),
                member("media", "<int>5</int>")
            ),
            std::format!("<struct>{}</struct>", member("media", "<string>3</string>")),
            std::format!("<struct>{}</struct>", member("ports", "<int>99999999999</int>")),
            std::format!("<struct>{}</struct>", member("ports", "<boolean>1</boolean>")),
            "<struct></struct>".into(),
            "<array><data><value><int>1</int></value><value><nil/></value><value><int>3</int></value></data></array>".into(),
            "<array><data></data></array>".into(),
            "<string>x</string>".into(),
            "<int>1</int>".into(),
        ];
        for v in &xml {
            let doc = std::format!(
                "<methodResponse><params><param>{}</param></params></methodResponse>",
                value(v)
            );
            let (mut a, mut b) = (doc.clone().into_bytes(), doc.clone().into_bytes());
            let table = baton_xmlrpc::decode_response_in_place::<ResourceLimits>(&mut a);
            let derived = baton_xmlrpc::decode_response_in_place::<DerivedLimits>(&mut b);
            match (table, derived) {
                (Ok(baton_xmlrpc::Response::Value(t)), Ok(baton_xmlrpc::Response::Value(d))) => {
                    assert_eq!(as_derived(&t), d, "{doc}")
                }
                (Err(t), Err(d)) => assert_eq!(t, d, "{doc}"),
                (t, d) => panic!("{doc}: {t:?} vs {d:?}"),
            }
        }
        let json = [
            r#"{"signalling":1,"licenses":3,"y":[1]}"#,
            r#"{"licences":3,"licenses":4}"#,
            r#"{"ports":null}"#,
            r#"{"ports":"4"}"#,
            r#"[1,2,3,4]"#,
            r#"[1]"#,
            r#"{}"#,
            r#"7"#,
        ];
        for j in json {
            let t = serde_json::from_str::<ResourceLimits>(j);
            let d = serde_json::from_str::<DerivedLimits>(j);
            match (t, d) {
                (Ok(t), Ok(d)) => assert_eq!(as_derived(&t), d, "{j}"),
                (Err(_), Err(_)) => {}
                (t, d) => panic!("{j}: {t:?} vs {d:?}"),
            }
        }
    }

    #[test]
    fn a_sequence_fills_the_members_in_declaration_order() {
        let p: ConferenceCreateParams =
            serde_json::from_str(r#"["c", 5, null, "optional", "u", "p"]"#).unwrap();
        assert_eq!((p.conference_name, p.duration_seconds), ("c", Some(5)));
        assert_eq!(p.encryption, Some(Encryption::Optional));
        assert_eq!(p.authentication_password.as_str(), "p");
        assert!(serde_json::from_str::<ConferenceDestroyParams>(r#"["c", "u"]"#).is_err());
    }
}
