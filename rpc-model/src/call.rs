//! [`Call`]: which reply type answers which params type.

use serde::{Deserialize, Serialize};

use crate::conference::{
    ConferenceCreateParams, ConferenceDestroyParams, ConferenceEnumerateParams,
    ConferenceEnumerateReply, ConferenceModifyParams,
};
use crate::device::{
    DeviceNetworkQueryParams, DeviceNetworkQueryReply, DeviceQueryParams, DeviceQueryReply,
};
use crate::event::Notification;
use crate::factory::{
    FactoryConferenceCreateParams, FactoryConferenceCreateReply, FactoryConferenceModifyParams,
    FactoryConferenceModifyReply, FactoryHealthQueryParams, FactoryHealthQueryReply,
    FactoryWebexAddParams,
};
use crate::feedback_receiver::{
    FeedbackReceiverConfigureParams, FeedbackReceiverConfigureReply,
    FeedbackReceiverExtendedConfigureParams, FeedbackReceiverExtendedRemoveParams,
    FeedbackReceiverQueryParams, FeedbackReceiverQueryReply,
};
use crate::participant::{
    ParticipantAddParams, ParticipantEnumerateParams, ParticipantEnumerateReply,
    ParticipantIdParams, ParticipantMessageParams, ParticipantModifyParams,
};
use crate::value::{Ack, StatusReply};

/// A params type and the reply type that answers it (the client uses it
/// to decode the reply of a call it made).
pub trait Call {
    /// The reply, borrowing from the response buffer.
    type Reply<'r>: Serialize + Deserialize<'r>;
}

macro_rules! calls {
    ($( $params:ident => $reply:ty; )*) => {
        $( impl Call for $params<'_> { type Reply<'r> = $reply; } )*
    };
}

calls! {
    ConferenceCreateParams => StatusReply<'r>;
    ConferenceDestroyParams => StatusReply<'r>;
    ConferenceEnumerateParams => ConferenceEnumerateReply<'r>;
    ConferenceModifyParams => StatusReply<'r>;
    DeviceNetworkQueryParams => DeviceNetworkQueryReply<'r>;
    DeviceQueryParams => DeviceQueryReply<'r>;
    FactoryConferenceCreateParams => FactoryConferenceCreateReply<'r>;
    FactoryConferenceModifyParams => FactoryConferenceModifyReply<'r>;
    FactoryHealthQueryParams => FactoryHealthQueryReply<'r>;
    FactoryWebexAddParams => StatusReply<'r>;
    FeedbackReceiverConfigureParams => FeedbackReceiverConfigureReply<'r>;
    FeedbackReceiverExtendedConfigureParams => FeedbackReceiverConfigureReply<'r>;
    FeedbackReceiverQueryParams => FeedbackReceiverQueryReply<'r>;
    FeedbackReceiverExtendedRemoveParams => StatusReply<'r>;
    ParticipantAddParams => StatusReply<'r>;
    ParticipantIdParams => StatusReply<'r>;
    ParticipantEnumerateParams => ParticipantEnumerateReply<'r>;
    ParticipantMessageParams => StatusReply<'r>;
    ParticipantModifyParams => StatusReply<'r>;
}

impl<const N: usize> Call for Notification<'_, N> {
    type Reply<'r> = Ack;
}
