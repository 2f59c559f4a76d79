//! `feedbackReceiver.*`: params and replies.

use serde::{Deserialize, Serialize};

use crate::event::AnyEventName;

/// Capacity of `subscribedEvents` (the spec has ten events; unknown names
/// are kept, so some room is left).
pub const SUBSCRIBED_EVENTS_CAPACITY: usize = 16;

/// The spec's limit of feedback receivers, and the capacity of
/// [`FeedbackReceiverQueryReply::receivers`] when decoding with the
/// default type.
pub const MAX_FEEDBACK_RECEIVERS: usize = 20;

table_params! {
    /// `feedbackReceiver.extended.configure` params.
    pub struct FeedbackReceiverExtendedConfigureParams<'a> {
        /// `receiverURI` (required): `http://` or `https://` URI.
        #[serde(rename = "receiverURI")]
        pub receiver_uri: &'a str => "receiverURI" Str,
        /// `sourceIdentifier` (required): echoed in notifications.
        pub source_identifier: &'a str => "sourceIdentifier" Str,
        /// `receiverIndex`: slot 1 to 20; absent is 1, < 0 finds a free slot.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub receiver_index: Option<i32> => "receiverIndex" OptI32,
        /// `subscribedEvents`: event names; absent subscribes to all.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub subscribed_events: Option<heapless::Vec<AnyEventName<'a>, SUBSCRIBED_EVENTS_CAPACITY>> => "subscribedEvents" OptEvents,
    }
}

table_params! {
    /// `feedbackReceiver.configure` params (deprecated method; MCU API
    /// shape: `sourceIdentifier` optional, no `subscribedEvents`).
    pub struct FeedbackReceiverConfigureParams<'a> {
        /// `receiverURI` (required).
        #[serde(rename = "receiverURI")]
        pub receiver_uri: &'a str => "receiverURI" Str,
        /// `sourceIdentifier`: echoed in notifications.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub source_identifier: Option<&'a str> => "sourceIdentifier" OptStr,
        /// `receiverIndex`: the slot.
        #[serde(skip_serializing_if = "Option::is_none")]
        pub receiver_index: Option<i32> => "receiverIndex" OptI32,
    }
}

/// The deprecated MCU-shaped `feedbackReceiver.configure` is answered as
/// `feedbackReceiver.extended.configure`: the same receiver, slot and
/// credentials; an absent `sourceIdentifier` is the empty string, and every
/// event is subscribed (the old call has no `subscribedEvents`).
///
/// ```
/// use baton_rpc::feedback_receiver::{
///     FeedbackReceiverConfigureParams, FeedbackReceiverExtendedConfigureParams,
/// };
///
/// let old = FeedbackReceiverConfigureParams {
///     receiver_uri: "http://10.2.134.40:5050/RPC2",
///     receiver_index: Some(-1),
///     ..Default::default()
/// };
/// let new = FeedbackReceiverExtendedConfigureParams::from(old);
/// assert_eq!(new.receiver_uri, "http://10.2.134.40:5050/RPC2");
/// assert_eq!((new.source_identifier, new.receiver_index), ("", Some(-1)));
/// assert_eq!(new.subscribed_events, None);
/// ```
impl<'a> From<FeedbackReceiverConfigureParams<'a>> for FeedbackReceiverExtendedConfigureParams<'a> {
    fn from(p: FeedbackReceiverConfigureParams<'a>) -> Self {
        FeedbackReceiverExtendedConfigureParams {
            receiver_uri: p.receiver_uri,
            source_identifier: p.source_identifier.unwrap_or(""),
            receiver_index: p.receiver_index,
            subscribed_events: None,
            authentication_user: p.authentication_user,
            authentication_password: p.authentication_password,
        }
    }
}

/// `feedbackReceiver.extended.configure` / `feedbackReceiver.configure`
/// reply.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FeedbackReceiverConfigureReply<'a> {
    /// `receiverIndex`: the slot configured.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receiver_index: Option<i32>,
    /// `status` (MCU API).
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub status: Option<&'a str>,
}

table_params! {
    /// `feedbackReceiver.extended.query` / `feedbackReceiver.query` params
    /// (authentication only).
    pub struct FeedbackReceiverQueryParams<'a> {}
}

/// One receiver of `feedbackReceiver.extended.query`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReceiverInfo<'a> {
    /// `receiverURI`.
    #[serde(
        rename = "receiverURI",
        borrow,
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub receiver_uri: Option<&'a str>,
    /// `sourceIdentifier`.
    #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
    pub source_identifier: Option<&'a str>,
    /// `index`: the receiver's slot.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<i32>,
}

/// `feedbackReceiver.extended.query` / `feedbackReceiver.query` reply.
///
/// `R` is the list type: a `heapless::Vec` of up to
/// [`MAX_FEEDBACK_RECEIVERS`] when decoding, or `&[ReceiverInfo]` when
/// encoding.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedbackReceiverQueryReply<
    'a,
    R = heapless::Vec<ReceiverInfo<'a>, MAX_FEEDBACK_RECEIVERS>,
> {
    /// `receivers` (empty if absent).
    #[serde(default)]
    pub receivers: R,
    #[serde(skip)]
    _marker: core::marker::PhantomData<&'a ()>,
}

impl<'a, R> FeedbackReceiverQueryReply<'a, R> {
    /// A reply listing `receivers`.
    pub fn new(receivers: R) -> Self {
        FeedbackReceiverQueryReply {
            receivers,
            _marker: core::marker::PhantomData,
        }
    }
}

table_params! {
    /// `feedbackReceiver.extended.remove` params.
    pub struct FeedbackReceiverExtendedRemoveParams<'a> {
        /// `receiverIndex` (required): the slot to remove.
        pub receiver_index: i32 => "receiverIndex" I32,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Password;

    /// The deprecated call is the extended one: every member it has is
    /// carried over as it came, the ones it lacks take the extended call's
    /// meaning of absent (empty `sourceIdentifier`: `unwrap_or("")`; all
    /// events: no `subscribedEvents`).
    #[test]
    fn deprecated_configure_is_the_extended_configure_of_the_same_receiver() {
        let old = FeedbackReceiverConfigureParams {
            receiver_uri: "https://[fd00::5]:5050/RPC2",
            source_identifier: Some("tms-7"),
            receiver_index: Some(3),
            authentication_user: "api",
            authentication_password: Password::new("s3cret"),
        };
        assert_eq!(
            FeedbackReceiverExtendedConfigureParams::from(old.clone()),
            FeedbackReceiverExtendedConfigureParams {
                receiver_uri: "https://[fd00::5]:5050/RPC2",
                source_identifier: "tms-7",
                receiver_index: Some(3),
                subscribed_events: None,
                authentication_user: "api",
                authentication_password: Password::new("s3cret"),
            }
        );
        let bare = FeedbackReceiverConfigureParams {
            source_identifier: None,
            receiver_index: None,
            ..old
        };
        let mapped = FeedbackReceiverExtendedConfigureParams::from(bare);
        assert_eq!(
            (mapped.source_identifier, mapped.receiver_index),
            ("", None)
        );
        assert_eq!(mapped.authentication_password.as_str(), "s3cret");
    }
}
