//! Decoder limits.

/// Limits applied while decoding. `DecodeOptions::default()` is what the plain entry points
/// use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct DecodeOptions {
    /// Deepest nesting of `struct`/`array` values (the params' own values are depth 1).
    /// Default 64. Typed decoding recurses once per level, so this also bounds stack use.
    pub max_depth: u32,
    /// Longest text content (string, name, base64, number) in bytes, as written in the
    /// document (before unescaping). Default 1 MiB.
    pub max_text_len: usize,
}

impl DecodeOptions {
    /// Default nesting limit.
    pub const DEFAULT_MAX_DEPTH: u32 = 64;
    /// Default text length limit (1 MiB).
    pub const DEFAULT_MAX_TEXT_LEN: usize = 1 << 20;

    /// The defaults.
    pub const fn new() -> DecodeOptions {
        DecodeOptions {
            max_depth: Self::DEFAULT_MAX_DEPTH,
            max_text_len: Self::DEFAULT_MAX_TEXT_LEN,
        }
    }

    /// Sets [`max_depth`](Self::max_depth).
    pub const fn max_depth(mut self, depth: u32) -> DecodeOptions {
        self.max_depth = depth;
        self
    }

    /// Sets [`max_text_len`](Self::max_text_len).
    pub const fn max_text_len(mut self, len: usize) -> DecodeOptions {
        self.max_text_len = len;
        self
    }
}

impl Default for DecodeOptions {
    fn default() -> Self {
        DecodeOptions::new()
    }
}
