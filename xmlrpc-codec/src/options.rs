//! Decoder limits.

/// Limits applied while decoding. `DecodeOptions::default()` is what the plain entry points
/// use.
///
/// ```
/// use baton_xmlrpc::{decode_response_from_slice_with_options, DecodeOptions, ErrorKind};
///
/// let body = b"<methodResponse><params><param><value><array><data><value><array><data>\
///     <value>deep</value></data></array></value></data></array></value></param></params>\
///     </methodResponse>";
/// let mut scratch = [0u8; 64];
/// let shallow = DecodeOptions::new().max_depth(1);
/// let e = decode_response_from_slice_with_options::<Vec<Vec<&str>>>(body, &mut scratch, shallow)
///     .unwrap_err();
/// assert_eq!(e.kind(), ErrorKind::DepthLimit);
/// let short = DecodeOptions::new().max_text_len(3);
/// let e = decode_response_from_slice_with_options::<Vec<Vec<&str>>>(body, &mut scratch, short)
///     .unwrap_err();
/// assert_eq!(e.kind(), ErrorKind::TextTooLong);
/// assert_eq!(DecodeOptions::default(), DecodeOptions::new()); // strict types, 64 levels, 1 MiB
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct DecodeOptions {
    /// Deepest nesting of `struct`/`array` values (the params' own values are depth 1).
    /// Default 64. Typed decoding recurses once per level, so this also bounds stack use.
    pub max_depth: u32,
    /// Longest text content (string, name, base64, number) in bytes, as written in the
    /// document (before unescaping). Default 1 MiB.
    pub max_text_len: usize,
    /// Typed decoding converts between XML-RPC types where a conversion is unambiguous
    /// (`<base64>` holding UTF-8 and `<dateTime.iso8601>` into a string, `<int>` 0/1 into a
    /// `bool`, an integer into a float, a `<string>` into a dateTime; see the table in
    /// [`crate::de`]). Default `false`: **strict**, a value of another type than the
    /// field's is [`ErrorKind::InvalidType`](crate::ErrorKind::InvalidType). Never applies
    /// to a call's sensitive members
    /// ([`CallDecoder::sensitive_members`](crate::CallDecoder::sensitive_members)).
    pub lenient_types: bool,
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
            lenient_types: false,
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

    /// Sets [`lenient_types`](Self::lenient_types).
    ///
    /// ```
    /// use baton_xmlrpc::{decode_response_in_place, DecodeOptions, Response};
    /// let doc = b"<methodResponse><params><param><value><int>1</int></value></param></params></methodResponse>";
    /// // Strict by default: an <int> is not a bool.
    /// assert!(decode_response_in_place::<bool>(&mut doc.to_vec()).is_err());
    /// let lenient = DecodeOptions::new().lenient_types(true);
    /// let mut buf = doc.to_vec();
    /// let v = baton_xmlrpc::decode_response_in_place_with_options::<bool>(&mut buf, lenient).unwrap();
    /// assert!(matches!(v, Response::Value(true)));
    /// ```
    pub const fn lenient_types(mut self, lenient: bool) -> DecodeOptions {
        self.lenient_types = lenient;
        self
    }
}

impl Default for DecodeOptions {
    fn default() -> Self {
        DecodeOptions::new()
    }
}
