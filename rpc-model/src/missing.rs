//! Which required member a params type misses when a call has no params
//! at all: deserialize the type from an empty struct and catch serde's
//! `missing_field`.

use core::fmt;

use serde::de::{self, Deserialize, DeserializeSeed, MapAccess, Visitor};

/// The error of [`EmptyStruct`]: the first missing field, if that was it.
#[derive(Debug)]
struct Missing(Option<&'static str>);

impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(field) => write!(f, "missing field {field}"),
            None => f.write_str("not an empty struct"),
        }
    }
}

impl core::error::Error for Missing {}

impl de::Error for Missing {
    fn custom<T: fmt::Display>(_msg: T) -> Self {
        Missing(None)
    }

    fn missing_field(field: &'static str) -> Self {
        Missing(Some(field))
    }
}

/// A deserializer that is an empty struct (`<struct></struct>`).
struct EmptyStruct;

impl<'de> MapAccess<'de> for EmptyStruct {
    type Error = Missing;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        _seed: K,
    ) -> Result<Option<K::Value>, Missing> {
        Ok(None)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, _seed: V) -> Result<V::Value, Missing> {
        Err(Missing(None))
    }
}

impl<'de> de::Deserializer<'de> for EmptyStruct {
    type Error = Missing;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Missing> {
        visitor.visit_map(EmptyStruct)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// The first required member of `P` (in declaration order), or `None` if
/// `P` decodes from an empty struct.
pub(crate) fn first_required<'de, P: Deserialize<'de>>() -> Option<&'static str> {
    match P::deserialize(EmptyStruct) {
        Ok(_) => None,
        Err(Missing(field)) => field,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conference::ConferenceCreateParams;
    use crate::feedback_receiver::FeedbackReceiverExtendedRemoveParams;
    use crate::value::StatusReply;

    #[test]
    fn first_required_member_is_found_in_declaration_order() {
        assert_eq!(
            first_required::<ConferenceCreateParams>(),
            Some("conferenceName")
        );
        assert_eq!(
            first_required::<FeedbackReceiverExtendedRemoveParams>(),
            Some("receiverIndex")
        );
        assert_eq!(first_required::<StatusReply>(), None);
    }
}
