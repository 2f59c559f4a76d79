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
/// is derived (camelCase names; the field attributes apply to it).
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
        match self.0 {
            Dest::Str(o) => **o = Deserialize::deserialize(d)?,
            Dest::Password(o) => **o = Deserialize::deserialize(d)?,
            Dest::I32(o) => **o = Deserialize::deserialize(d)?,
            Dest::OptStr(o) => **o = Deserialize::deserialize(d)?,
            Dest::OptI32(o) => **o = Deserialize::deserialize(d)?,
            Dest::OptEncryption(o) => **o = Deserialize::deserialize(d)?,
            Dest::OptLayout(o) => **o = Deserialize::deserialize(d)?,
            Dest::OptWebEx(o) => **o = Deserialize::deserialize(d)?,
            Dest::OptLimits(o) => **o = Deserialize::deserialize(d)?,
            Dest::OptId(o) => **o = Deserialize::deserialize(d)?,
            Dest::OptEvents(o) => **o = Deserialize::deserialize(d)?,
        }
        Ok(())
    }
}

/// A member name: the index of its field, `None` for an unknown member.
struct Key(&'static [&'static str]);

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
        Ok(usize::try_from(v).ok().filter(|&i| i < self.0.len()))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|f| *f == v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|f| f.as_bytes() == v))
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
    names: &'static [&'static str],
    dests: &'r mut [Dest<'s, 'a>],
}

impl<'de: 'a, 'a> Visitor<'de> for Fields<'_, '_, 'a> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        de::Expected::fmt(&Expecting(self.name), f)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let mut seen = 0u64;
        while let Some(key) = map.next_key_seed(Key(self.names))? {
            let found = key.and_then(|i| Some((i, self.names.get(i)?, self.dests.get_mut(i)?)));
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
            .names
            .iter()
            .zip(self.dests.iter())
            .enumerate()
            .find(|(i, (_, d))| d.required() && seen & (1u64 << (i & 63)) == 0);
        match missing {
            Some((_, (name, _))) => Err(de::Error::missing_field(name)),
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
    d.deserialize_struct(name, names, Fields { name, names, dests })
}
