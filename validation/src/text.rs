//! Character-level checks shared by the rules.

/// The spec's "less than 1024 characters" for every String.
pub const MAX_STRING_CHARS: usize = 1023;

/// Length in characters (the spec counts characters, not bytes).
pub fn chars(s: &str) -> usize {
    s.chars().count()
}

/// Whether `s` holds only characters XML 1.0 can carry (the `Char`
/// production: no control character other than tab, LF and CR, no U+FFFE /
/// U+FFFF): text that can be stored and later written as XML-RPC (and
/// JSON). The rule itself is `baton_xmlrpc::text::first_non_xml_char`, the
/// one the encoder applies.
///
/// ```
/// assert!(baton_validate::text::is_xml_text("Room 1\t\u{FFFD}"));
/// assert!(!baton_validate::text::is_xml_text("Room\u{1}"));
/// ```
pub fn is_xml_text(s: &str) -> bool {
    baton_xmlrpc::text::first_non_xml_char(s).is_none()
}

/// Whether `s` is non-empty and only ASCII digits.
pub fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `s` only holds DTMF characters: `0-9 * # ,`.
pub fn is_dtmf(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'*' | b'#' | b','))
}

/// Whether `s` has no upper-case letter (Unicode-aware).
pub fn is_lower_case(s: &str) -> bool {
    !s.chars().any(char::is_uppercase)
}

/// Regular-expression metacharacters (Python `re`): a servicecost alias
/// holding one of them "includes a regular expression".
pub const REGEX_METACHARACTERS: &[char] = &[
    '\\', '^', '$', '*', '+', '?', '{', '}', '[', ']', '|', '(', ')',
];

/// Whether `s` holds a regular-expression metacharacter.
pub fn has_regex_metacharacter(s: &str) -> bool {
    s.contains(REGEX_METACHARACTERS)
}
