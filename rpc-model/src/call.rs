//! [`Call`]: which reply type answers which params type, and
//! [`ReplyTo`]: which reply structs (with any list storage) may answer
//! it. Both are generated from the method table ([`crate::table`]).

use serde::{Deserialize, Serialize};

use crate::event::Notification;
use crate::value::Ack;

/// A params type and the reply type that answers it (the client uses it
/// to decode the reply of a call it made).
pub trait Call {
    /// The reply, borrowing from the response buffer.
    type Reply<'r>: Serialize + Deserialize<'r>;
}

/// Marks `Self` as a reply to calls with params `P` (the params type with
/// `'static` names the method family), whatever its list storage (a
/// slice when encoding, a `heapless::Vec` when decoding): a server
/// cannot answer `device.query` with a participant list.
pub trait ReplyTo<P>: Serialize {}

impl<const N: usize> Call for Notification<'_, N> {
    type Reply<'r> = Ack;
}
