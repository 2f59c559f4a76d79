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

params! {
    /// `feedbackReceiver.extended.configure` params.
    pub struct FeedbackReceiverExtendedConfigureParams<'a> {
        /// `receiverURI` (required): `http://` or `https://` URI.
        #[serde(rename = "receiverURI", borrow)]
        pub receiver_uri: &'a str,
        /// `sourceIdentifier` (required): echoed in notifications.
        #[serde(borrow)]
        pub source_identifier: &'a str,
        /// `receiverIndex`: slot 1 to 20; absent is 1, < 0 finds a free slot.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub receiver_index: Option<i32>,
        /// `subscribedEvents`: event names; absent subscribes to all.
        #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
        pub subscribed_events: Option<heapless::Vec<AnyEventName<'a>, SUBSCRIBED_EVENTS_CAPACITY>>,
    }
}

params! {
    /// `feedbackReceiver.configure` params (deprecated method; MCU API
    /// shape: `sourceIdentifier` optional, no `subscribedEvents`).
    pub struct FeedbackReceiverConfigureParams<'a> {
        /// `receiverURI` (required).
        #[serde(rename = "receiverURI", borrow)]
        pub receiver_uri: &'a str,
        /// `sourceIdentifier`: echoed in notifications.
        #[serde(borrow, default, skip_serializing_if = "Option::is_none")]
        pub source_identifier: Option<&'a str>,
        /// `receiverIndex`: the slot.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        pub receiver_index: Option<i32>,
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

params! {
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

params! {
    /// `feedbackReceiver.extended.remove` params.
    pub struct FeedbackReceiverExtendedRemoveParams<'a> {
        /// `receiverIndex` (required): the slot to remove.
        pub receiver_index: i32,
    }
}
