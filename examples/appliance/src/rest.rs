//! What the REST operations share (`handler.rs` has each operation with
//! its behaviour): the answer to a failed commit, JSON and XML text.

use baton_rest::ErrorCode;
use baton_tokio::{RestError, RestReply};

use crate::store::StoreError;

/// The answer to a write whose commit failed (nothing was written): disk
/// full 507 (error 40, a system limit), recovering 503 (error 70,
/// temporarily unavailable), else 500 (error 60).
pub(crate) fn unexpected(e: StoreError) -> RestError {
    tracing::error!("write not committed: {e}");
    match e {
        StoreError::Full(_) => RestError::with_info(
            ErrorCode::Limit,
            "the disk is full: the write was not committed",
        ),
        StoreError::Unavailable(_) => RestError::with_info(
            ErrorCode::Unavailable,
            "the store is recovering from an I/O error: the write was not committed",
        ),
        StoreError::Io(_) | StoreError::Other(_) => {
            RestError::with_info(ErrorCode::Unexpected, "the write could not be committed")
        }
    }
}

/// A JSON string literal.
pub(crate) fn json_str(s: &str) -> String {
    serde_json::Value::String(s.to_owned()).to_string()
}

pub(crate) fn empty_object() -> RestReply {
    RestReply::json_text("{}")
}

pub(crate) fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
