//! One test per rejection rule of the decoder (issue 2, section 2): each bad document is
//! refused with its error kind and byte offset, the same way by every entry point, and never
//! panics.

mod common;

use baton_xmlrpc::{DecodeOptions, ErrorKind};
use common::{assert_kind, call, reject_with};

#[test]
fn doctype_is_rejected() {
    let doc = b"<?xml version=\"1.0\"?><!DOCTYPE methodCall [<!ENTITY x \"boom\">]><methodCall><methodName>&x;</methodName></methodCall>";
    let e = assert_kind(doc, ErrorKind::Doctype);
    assert_eq!(e.offset(), 21);
}

#[test]
fn entity_declaration_is_rejected() {
    let doc = b"<!ENTITY x \"y\"><methodCall><methodName>m</methodName></methodCall>";
    assert_kind(doc, ErrorKind::Doctype);
}

#[test]
fn undeclared_entity_is_rejected_never_expanded() {
    let doc = call("<value><string>a&lol;b</string></value>");
    let e = assert_kind(&doc, ErrorKind::UnknownEntity);
    assert_eq!(&doc[e.offset()..e.offset() + 5], b"&lol;");
}

#[test]
fn invalid_char_ref_is_rejected() {
    assert_kind(
        &call("<value><string>&#0;</string></value>"),
        ErrorKind::InvalidCharRef,
    );
    assert_kind(
        &call("<value><string>&#xD800;</string></value>"),
        ErrorKind::InvalidCharRef,
    );
    assert_kind(
        &call("<value><string>&#xZZ;</string></value>"),
        ErrorKind::InvalidCharRef,
    );
}

#[test]
fn control_characters_are_rejected() {
    let doc = call("<value><string>a\u{1}b</string></value>");
    let e = assert_kind(&doc, ErrorKind::InvalidChar);
    assert_eq!(doc[e.offset()], 1);
    assert_kind(
        &call("<value><string>\u{FFFE}</string></value>"),
        ErrorKind::InvalidChar,
    );
    assert_kind(&call("<value>a\u{0}</value>"), ErrorKind::InvalidChar);
}

#[test]
fn unknown_tag_in_value_is_rejected() {
    let doc = call("<value><float>1.5</float></value>");
    let e = assert_kind(&doc, ErrorKind::UnexpectedElement);
    assert_eq!(&doc[e.offset()..e.offset() + 7], b"<float>");
    assert_kind(
        &call("<value><struct><foo/></struct></value>"),
        ErrorKind::UnexpectedElement,
    );
    assert_kind(
        &call("<value><string><b>x</b></string></value>"),
        ErrorKind::UnexpectedElement,
    );
}

#[test]
fn two_type_tags_in_one_value_are_rejected() {
    let doc = call("<value><int>1</int><string>x</string></value>");
    let e = assert_kind(&doc, ErrorKind::TwoTypesInValue);
    assert_eq!(&doc[e.offset()..e.offset() + 8], b"<string>");
}

#[test]
fn text_beside_a_type_tag_is_rejected() {
    assert_kind(
        &call("<value>x<int>1</int></value>"),
        ErrorKind::UnexpectedText,
    );
    assert_kind(
        &call("<value><int>1</int>x</value>"),
        ErrorKind::UnexpectedText,
    );
}

#[test]
fn int_outside_i32_is_rejected() {
    assert_kind(
        &call("<value><int>2147483648</int></value>"),
        ErrorKind::IntegerOutOfRange,
    );
    assert_kind(
        &call("<value><i4>-2147483649</i4></value>"),
        ErrorKind::IntegerOutOfRange,
    );
}

#[test]
fn i8_outside_i64_is_rejected() {
    assert_kind(
        &call("<value><i8>9223372036854775808</i8></value>"),
        ErrorKind::IntegerOutOfRange,
    );
    assert_kind(
        &call("<value><i8>-9223372036854775809</i8></value>"),
        ErrorKind::IntegerOutOfRange,
    );
}

#[test]
fn integer_over_32_digits_is_rejected() {
    let digits = "0".repeat(33);
    assert_kind(
        &call(&format!("<value><i8>{digits}</i8></value>")),
        ErrorKind::IntegerTooLong,
    );
}

#[test]
fn malformed_integer_is_rejected() {
    assert_kind(
        &call("<value><int>1.0</int></value>"),
        ErrorKind::InvalidInteger,
    );
    assert_kind(&call("<value><int/></value>"), ErrorKind::InvalidInteger);
}

#[test]
fn boolean_other_than_0_or_1_is_rejected() {
    let doc = call("<value><boolean>true</boolean></value>");
    let e = assert_kind(&doc, ErrorKind::InvalidBoolean);
    assert_eq!(&doc[e.offset()..e.offset() + 4], b"true");
    assert_kind(
        &call("<value><boolean>2</boolean></value>"),
        ErrorKind::InvalidBoolean,
    );
}

#[test]
fn malformed_double_nan_and_inf_are_rejected() {
    for bad in [
        "nan",
        "NaN",
        "inf",
        "-Infinity",
        "1e999",
        "1.5.2",
        "",
        "0x10",
    ] {
        assert_kind(
            &call(&format!("<value><double>{bad}</double></value>")),
            ErrorKind::InvalidDouble,
        );
    }
}

#[test]
fn invalid_datetime_is_rejected() {
    for bad in [
        "20240230T00:00:00",
        "2024013T00:00:00",
        "20240101T25:00:00",
        "yesterday",
    ] {
        assert_kind(
            &call(&format!(
                "<value><dateTime.iso8601>{bad}</dateTime.iso8601></value>"
            )),
            ErrorKind::InvalidDateTime,
        );
    }
}

#[test]
fn invalid_base64_is_rejected() {
    for bad in ["A", "AAA", "AA*A", "AA==AA==", "===="] {
        assert_kind(
            &call(&format!("<value><base64>{bad}</base64></value>")),
            ErrorKind::InvalidBase64,
        );
    }
}

#[test]
fn mismatched_tag_is_rejected() {
    let doc = call("<value><string>x</int></value>");
    let e = assert_kind(&doc, ErrorKind::MismatchedTag);
    assert_eq!(&doc[e.offset()..e.offset() + 6], b"</int>");
    assert_kind(
        &call("<value><String>x</string></value>"),
        ErrorKind::MismatchedTag,
    );
}

#[test]
fn unclosed_tag_is_rejected() {
    let doc = b"<methodCall><methodName>m</methodName><params><param><value><int>1</int></value>";
    let e = assert_kind(doc, ErrorKind::UnexpectedEof);
    assert_eq!(e.offset(), doc.len());
    assert_kind(b"<methodCall><methodName>m", ErrorKind::UnexpectedEof);
}

#[test]
fn invalid_utf8_is_rejected() {
    let mut doc = call("<value><string>caf\u{e9}</string></value>");
    let at = doc.iter().position(|&b| b == 0xC3).unwrap();
    doc[at + 1] = b'(';
    let e = assert_kind(&doc, ErrorKind::InvalidUtf8);
    assert_eq!(e.offset(), at);
}

#[test]
fn trailing_content_after_root_is_rejected() {
    let mut doc = call("<value>x</value>");
    let end = doc.len();
    doc.extend_from_slice(b"\n<methodCall/>");
    let e = assert_kind(&doc, ErrorKind::TrailingContent);
    assert_eq!(e.offset(), end + 1);
    let mut doc = call("<value>x</value>");
    doc.extend_from_slice(b"junk");
    assert_kind(&doc, ErrorKind::TrailingContent);
}

#[test]
fn nesting_deeper_than_the_limit_is_rejected() {
    let nest = |n: usize| {
        let mut v = String::new();
        for _ in 0..n {
            v.push_str("<value><array><data>");
        }
        for _ in 0..n {
            v.push_str("</data></array></value>");
        }
        call(&v)
    };
    // 64 levels are fine by default, 65 are not.
    assert!(baton_xmlrpc::view::parse_from_slice(&nest(64)).is_ok());
    assert_kind(&nest(65), ErrorKind::DepthLimit);
    // The limit is configurable.
    let opts = DecodeOptions::default().max_depth(3);
    assert_eq!(reject_with(&nest(4), opts).kind(), ErrorKind::DepthLimit);
}

#[test]
fn a_100000_deep_document_errors_without_stack_overflow() {
    let mut v = String::new();
    for _ in 0..100_000 {
        v.push_str("<value><struct><member><name>a</name>");
    }
    let doc = call(&v);
    assert_kind(&doc, ErrorKind::DepthLimit);
}

#[test]
fn text_longer_than_the_limit_is_rejected() {
    let opts = DecodeOptions::default().max_text_len(8);
    let e = reject_with(&call("<value><string>123456789</string></value>"), opts);
    assert_eq!(e.kind(), ErrorKind::TextTooLong);
    let ok = call("<value><string>12345678</string></value>");
    assert!(baton_xmlrpc::view::parse_from_slice_with_options(&ok, opts).is_ok());
    // Escaped text counts as written.
    let e = reject_with(&call("<value><string>&amp;&amp;</string></value>"), opts);
    assert_eq!(e.kind(), ErrorKind::TextTooLong);
}

#[test]
fn unsupported_encoding_is_rejected() {
    let doc = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><methodCall><methodName>m</methodName></methodCall>";
    assert_kind(doc, ErrorKind::UnsupportedEncoding);
}

#[test]
fn wrong_root_is_rejected() {
    assert_kind(
        b"<methodcall2><methodName>m</methodName></methodcall2>",
        ErrorKind::UnexpectedElement,
    );
}

#[test]
fn typed_response_without_exactly_one_param_is_rejected() {
    // The untyped view shows any number of params; a typed response has exactly one.
    for doc in [
        &b"<methodResponse><params></params></methodResponse>"[..],
        b"<methodResponse><params/></methodResponse>",
        b"<methodResponse><params><param><value>a</value></param><param><value>b</value></param></params></methodResponse>",
    ] {
        let e = baton_xmlrpc::decode_response_from_slice::<serde::de::IgnoredAny>(doc, &mut [])
            .expect_err("accepted");
        assert_eq!(e.kind(), ErrorKind::ParamCount, "{e}");
        let mut copy = doc.to_vec();
        let e = baton_xmlrpc::decode_response_in_place::<serde::de::IgnoredAny>(&mut copy).expect_err("accepted");
        assert_eq!(e.kind(), ErrorKind::ParamCount, "{e}");
    }
}

#[test]
fn fault_without_code_is_rejected() {
    let doc = b"<methodResponse><fault><value><struct><member><name>faultString</name><value>x</value></member></struct></value></fault></methodResponse>";
    assert_kind(doc, ErrorKind::InvalidFault);
}

#[test]
fn invalid_utf8_is_rejected_in_markup_when_base64_is_decoded_in_place() {
    // Found by fuzzing: decoded base64 makes the in-place buffer non-UTF-8, which must not
    // switch off the check of the rest of the document.
    let mut doc = call("<value><array><data><value><base64>AAAA</base64></value><value><eX:nil/></value></data></array></value>");
    let at = doc.windows(5).position(|w| w == b"<eX:n").unwrap() + 2;
    doc[at] = 0xF8;
    let e = assert_kind(&doc, ErrorKind::InvalidUtf8);
    assert_eq!(e.offset(), at);
}

#[test]
fn invalid_utf8_is_rejected_in_markup_when_text_is_decoded_in_place() {
    // Found by fuzzing: an invalid attribute name next to escaped text.
    let doc = b"<methodResponse \xe0=\"&amp;>\"><params><param><value>x&#55;</value></param></params></methodResponse>";
    let e = assert_kind(doc, ErrorKind::InvalidUtf8);
    assert_eq!(e.offset(), 16);
}

#[test]
fn character_data_between_elements_is_rejected() {
    let doc = b"<methodCall><methodName>m</methodName><params>&#65;<param><value>x</value></param></params></methodCall>";
    assert_kind(doc, ErrorKind::UnexpectedText);
}

/// The error every entry point reports for `doc`, as (kind, offset): the view from a slice,
/// the view in place, the typed decoder in place.
fn errors_every_way(doc: &[u8]) -> [(ErrorKind, usize); 3] {
    let e = |e: baton_xmlrpc::Error| (e.kind(), e.offset());
    let slice = baton_xmlrpc::view::parse_from_slice(doc)
        .map(|_| ())
        .map_err(e);
    let mut copy = doc.to_vec();
    let in_place = baton_xmlrpc::view::parse_in_place(&mut copy)
        .map(|_| ())
        .map_err(e);
    let mut copy = doc.to_vec();
    let typed = baton_xmlrpc::CallDecoder::in_place(&mut copy)
        .and_then(|c| c.params::<serde::de::IgnoredAny>())
        .map(|_| ())
        .map_err(e);
    [slice, in_place, typed].map(|r| r.expect_err("rejected"))
}

/// In-place decoding rewrites escaped text and base64 before reading; a problem that
/// rewrite meets (here a raw control byte) must not hide an earlier error: every entry
/// point reports the first error in document order. Found by the on-target suite
/// (examples/on-target, typed = view slice, seed 212).
#[test]
fn in_place_decoding_reports_an_earlier_error_before_a_raw_control_byte() {
    let doc = "<?xml version=\"1.0\"?><?pi data?><methodCall><!-- c --><methodName>m.x</methodName><params><param>\n<value><base64></base64>  </value></param><param><value><boolean>1</boolean><![CDATA[ ]]></value></param></params></metho\u{1}dCall><!---->";
    let errors = errors_every_way(doc.as_bytes());
    assert_eq!(errors[0], (ErrorKind::MismatchedTag, 212));
    assert_eq!(errors[1], errors[0], "view in place");
    assert_eq!(errors[2], errors[0], "typed in place");
}

#[test]
fn in_place_decoding_reports_an_earlier_error_before_a_bad_entity() {
    for doc in [
        "<methodCall><methodName>m</methodName><params><param><value><string>a</strin></value></param></params></methodCall>&bogus;",
        "<methodCall><methodName>m</methodName><params><param><value><string>a</strin></value></param></params><!-- x --></methodCall>&bogus;",
        "<methodCall><methodName>m</methodName><params><param><value><string>&amp;</strin></value></param><param><value>&#0;</value></param></params></methodCall>",
    ] {
        let errors = errors_every_way(doc.as_bytes());
        assert_eq!(errors[0].0, ErrorKind::MismatchedTag, "{doc}");
        assert_eq!(errors[1], errors[0], "view in place: {doc}");
        assert_eq!(errors[2], errors[0], "typed in place: {doc}");
    }
}

/// The rewrite's own errors stand when nothing earlier is wrong.
#[test]
fn in_place_decoding_still_reports_the_rewrites_own_errors() {
    for (doc, kind) in [
        ("<methodCall><methodName>m</methodName><params><param><value>a&bogus;</value></param></params></methodCall>", ErrorKind::UnknownEntity),
        ("<methodCall><methodName>m\u{1}</methodName></methodCall>", ErrorKind::InvalidChar),
        ("<methodCall><methodName>m</methodName><params><param><value><base64>!!!!</base64></value></param></params></methodCall>", ErrorKind::InvalidBase64),
    ] {
        let errors = errors_every_way(doc.as_bytes());
        assert_eq!(errors[0].0, kind, "{doc}");
        assert_eq!(errors[1], errors[0], "view in place: {doc}");
        assert_eq!(errors[2], errors[0], "typed in place: {doc}");
    }
}
