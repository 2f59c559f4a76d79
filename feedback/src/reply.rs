//! The `feedbackReceiver.*` calls answered from the publisher's slots:
//! [`Publisher::answer`] gives the typed reply ([`FeedbackReply`]) or the
//! spec's fault; a port only encodes it.

use serde::{Serialize, Serializer};

use baton_rpc::feedback_receiver::{
    FeedbackReceiverConfigureReply, FeedbackReceiverQueryReply, ReceiverInfo,
};
use baton_rpc::value::StatusReply;
use baton_rpc::{Fault, Request};

use crate::event::PublishedEvent;
use crate::publisher::Publisher;

/// The reply to a `feedbackReceiver.*` call, borrowing the publisher's
/// slots (`R` of them at most). It serializes as the reply itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FeedbackReply<'p, const R: usize = 20> {
    /// `feedbackReceiver.extended.configure` / `feedbackReceiver.configure`:
    /// the `receiverIndex` configured.
    Configure(FeedbackReceiverConfigureReply<'static>),
    /// `feedbackReceiver.extended.query` / `feedbackReceiver.query`: every
    /// receiver in use, by slot.
    Query(FeedbackReceiverQueryReply<'p, heapless::Vec<ReceiverInfo<'p>, R>>),
    /// `feedbackReceiver.extended.remove`: `operation successful`.
    Remove(StatusReply<'static>),
}

impl<const R: usize> Serialize for FeedbackReply<'_, R> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            FeedbackReply::Configure(r) => r.serialize(serializer),
            FeedbackReply::Query(r) => r.serialize(serializer),
            FeedbackReply::Remove(r) => r.serialize(serializer),
        }
    }
}

impl<E: PublishedEvent, const R: usize, const Q: usize> Publisher<E, R, Q> {
    /// Answers a `feedbackReceiver.*` call from the publisher's slots: the
    /// typed reply or the spec's fault; `None` for any other request.
    /// The deprecated `feedbackReceiver.configure` is configured as the
    /// extended call it maps onto (`From` its params), and
    /// `feedbackReceiver.query` is answered as the extended query.
    ///
    /// ```
    /// use baton_feedback::{FeedbackReply, Publisher};
    /// use baton_rpc::{EventName, Request};
    /// use baton_rpc::feedback_receiver::FeedbackReceiverExtendedConfigureParams;
    ///
    /// let mut p = Publisher::<EventName, 4, 4>::new(Default::default(), 1);
    /// let call = Request::FeedbackReceiverExtendedConfigure(FeedbackReceiverExtendedConfigureParams {
    ///     receiver_uri: "http://10.2.134.40:5050/RPC2",
    ///     source_identifier: "tms",
    ///     receiver_index: Some(-1),
    ///     ..Default::default()
    /// });
    /// let Some(Ok(FeedbackReply::Configure(reply))) = p.answer(&call) else { panic!() };
    /// assert_eq!(reply.receiver_index, Some(1));
    /// let mut buf = [0u8; 256];
    /// let n = baton_rpc::server::encode_reply(&mut buf, &reply).unwrap();
    /// assert!(buf[..n].ends_with(b"<int>1</int></value></member></struct></value></param></params></methodResponse>"));
    /// ```
    pub fn answer(&mut self, request: &Request<'_>) -> Option<Result<FeedbackReply<'_, R>, Fault>> {
        let configured = |index| {
            FeedbackReply::Configure(FeedbackReceiverConfigureReply {
                receiver_index: Some(index),
                status: None,
            })
        };
        Some(match request {
            Request::FeedbackReceiverExtendedConfigure(p) => {
                self.configure_params(p).map(configured)
            }
            Request::FeedbackReceiverConfigure(p) => {
                self.configure_params(&p.clone().into()).map(configured)
            }
            Request::FeedbackReceiverExtendedQuery(_) | Request::FeedbackReceiverQuery(_) => {
                let mut list = heapless::Vec::new();
                for info in self.query() {
                    // Cannot fail: at most R slots.
                    let _ = list.push(info);
                }
                Ok(FeedbackReply::Query(FeedbackReceiverQueryReply::new(list)))
            }
            Request::FeedbackReceiverExtendedRemove(p) => self
                .remove(p.receiver_index)
                .map(|()| FeedbackReply::Remove(StatusReply::success())),
            _ => return None,
        })
    }
}
