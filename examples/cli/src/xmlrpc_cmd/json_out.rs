//! Decoded documents as the CLI's JSON form (`baton xmlrpc decode`).

/// Decodes the document in `input` (rewritten in place) into its JSON form.
pub(crate) fn document(_input: &mut [u8]) -> Result<serde_json::Value, String> {
    Err("decoding needs the codec's untyped view (pending)".into())
}
