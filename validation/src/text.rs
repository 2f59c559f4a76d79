//! Character-level checks shared by the rules.

/// The spec's "less than 1024 characters" for every String.
pub const MAX_STRING_CHARS: usize = 1023;

/// Length in characters (the spec counts characters, not bytes).
///
/// ```
/// use baton_validate::text::{chars, has_regex_metacharacter, is_digits, is_dtmf, is_lower_case};
/// assert_eq!((chars("café"), "café".len()), (4, 5));
/// assert!(is_digits("0042") && !is_digits("") && !is_digits("4a"));
/// assert!(is_dtmf("12*#,3") && !is_dtmf("12a"));
/// assert!(is_lower_case("straße") && !is_lower_case("Straße"));
/// assert!(has_regex_metacharacter("a.*") && !has_regex_metacharacter("a.b@c"));
/// ```
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

/// Whether the raw JSON text `json` (an object or array kept as written)
/// holds, once its strings are unescaped, only characters XML 1.0 can
/// carry: [`is_xml_text`] of the raw text (raw U+FFFE / U+FFFF) and of every
/// `\uXXXX` escape (`\u0001` is refused; a surrogate pair stands for a
/// character above U+FFFF, which is fine).
///
/// ```
/// use baton_validate::text::is_xml_json;
/// assert!(is_xml_json(r#"{"a": "tab\t \u00e9 \ud83d\ude00", "b": [1, "\\u0001"]}"#));
/// assert!(!is_xml_json(r#"{"a": "bell\u0007"}"#));
/// ```
pub fn is_xml_json(json: &str) -> bool {
    if !is_xml_text(json) {
        return false;
    }
    let b = json.as_bytes();
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c != b'\\' {
            i += 1;
            continue;
        }
        if b.get(i + 1) != Some(&b'u') {
            i += 2; // `\\`, `\"`, `\n`...: one escaped character
            continue;
        }
        let hex = b
            .get(i + 2..i + 6)
            .and_then(|h| core::str::from_utf8(h).ok());
        match hex.and_then(|h| u32::from_str_radix(h, 16).ok()) {
            // Surrogates are halves of a pair (or refused by the decoder).
            Some(v) if (0xD800..=0xDFFF).contains(&v) => {}
            Some(v) if !baton_xmlrpc::text::is_xml_char(v) => return false,
            Some(_) => {}
            None => return false,
        }
        i += 6;
    }
    true
}

/// Whether `s` is non-empty and only ASCII digits (see [`chars`] for an example).
pub fn is_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `s` only holds DTMF characters: `0-9 * # ,` (see [`chars`] for an example).
pub fn is_dtmf(s: &str) -> bool {
    s.bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'*' | b'#' | b','))
}

/// Whether `s` has no upper-case letter (Unicode-aware) (see [`chars`] for an example).
pub fn is_lower_case(s: &str) -> bool {
    !s.chars().any(char::is_uppercase)
}

/// Regular-expression metacharacters (Python `re`): a servicecost alias
/// holding one of them "includes a regular expression".
pub const REGEX_METACHARACTERS: &[char] = &[
    '\\', '^', '$', '*', '+', '?', '{', '}', '[', ']', '|', '(', ')',
];

/// Whether `s` holds a regular-expression metacharacter (see [`chars`] for an example).
pub fn has_regex_metacharacter(s: &str) -> bool {
    s.contains(REGEX_METACHARACTERS)
}
