//! What real peers send is accepted (issue 2, section 2), each rule by its own test.

mod common;

use baton_xmlrpc::view::{self, Document, Value};
use baton_xmlrpc::{CallDecoder, DateTime, Offset, Text};
use common::{call, with_first_param};

fn string_of(doc: &[u8]) -> String {
    with_first_param(doc, |v| match v {
        Value::String(t) => t.to_string(),
        other => panic!("not a string: {other:?}"),
    })
}

/// The string param decoded in place (typed) must agree with the view.
fn typed_string(doc: &[u8]) -> String {
    let mut copy = doc.to_vec();
    let (s,): (&str,) = CallDecoder::in_place(&mut copy).unwrap().params().unwrap();
    let in_place = s.to_owned();
    let mut scratch = vec![0u8; doc.len()];
    let (s,): (&str,) = CallDecoder::from_slice(doc, &mut scratch)
        .unwrap()
        .params()
        .unwrap();
    assert_eq!(s, in_place);
    in_place
}

#[test]
fn xml_declaration_variants_are_accepted() {
    for decl in [
        "",
        "<?xml version=\"1.0\"?>",
        "<?xml version='1.0'?>",
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
        "<?xml version='1.0' encoding='utf-8'?>",
        "<?xml version=\"1.0\" encoding=\"US-ASCII\" standalone=\"yes\"?>",
        "\u{FEFF}<?xml version=\"1.0\"?>",
    ] {
        let doc = format!("{decl}\n<methodCall><methodName>m</methodName></methodCall>\n");
        assert!(view::parse_from_slice(doc.as_bytes()).is_ok(), "{decl}");
    }
}

#[test]
fn comments_and_processing_instructions_between_elements_are_accepted() {
    let doc = b"<?xml version=\"1.0\"?><!-- c --><?pi x?><methodCall> <!--a--> <methodName>m</methodName><?p?><params><!--b--><param><!--c--><value><!--d--><int>1</int><!--e--></value></param></params></methodCall><!-- end -->\n";
    with_first_param(doc, |v| assert!(matches!(v, Value::Int(1))));
    let mut copy = doc.to_vec();
    let (i,): (i32,) = CallDecoder::in_place(&mut copy).unwrap().params().unwrap();
    assert_eq!(i, 1);
}

#[test]
fn method_call_without_params_is_accepted() {
    let doc = b"<methodCall><methodName>device.query</methodName></methodCall>";
    let mut copy = doc.to_vec();
    let c = CallDecoder::in_place(&mut copy).unwrap();
    assert_eq!(c.method_name(), "device.query");
    let p: Option<i32> = c.first_param().unwrap();
    assert_eq!(p, None);
    let none: heapless::Vec<i32, 2> = CallDecoder::from_slice(doc, &mut [])
        .unwrap()
        .params()
        .unwrap();
    assert!(none.is_empty());
}

#[test]
fn predefined_entities_and_char_refs_are_decoded() {
    let doc = call("<value><string>&lt;&gt;&amp;&apos;&quot;&#65;&#x42;&#x1F600;</string></value>");
    assert_eq!(string_of(&doc), "<>&'\"AB\u{1F600}");
    assert_eq!(typed_string(&doc), "<>&'\"AB\u{1F600}");
}

#[test]
fn cdata_sections_are_decoded() {
    let doc = call("<value><string>a<![CDATA[<b>&amp;</b>]]>c</string></value>");
    assert_eq!(string_of(&doc), "a<b>&amp;</b>c");
    assert_eq!(typed_string(&doc), "a<b>&amp;</b>c");
}

#[test]
fn whitespace_inside_strings_is_kept_exactly() {
    let doc = call("<value><string>  a\n\tb \r\n </string></value>");
    assert_eq!(typed_string(&doc), "  a\n\tb \r\n ");
    let doc = call("<value>  x  </value>");
    assert_eq!(typed_string(&doc), "  x  ");
}

#[test]
fn raw_cr_is_kept_without_end_of_line_normalization() {
    // CPython's dumps("\r") writes a raw CR.
    let doc = call("<value><string>\r</string></value>");
    assert_eq!(typed_string(&doc), "\r");
    let doc = call("<value><string>a\r\nb&#13;</string></value>");
    assert_eq!(typed_string(&doc), "a\r\nb\r");
}

#[test]
fn untyped_and_empty_strings_are_accepted() {
    assert_eq!(typed_string(&call("<value>plain</value>")), "plain");
    assert_eq!(typed_string(&call("<value/>")), "");
    assert_eq!(typed_string(&call("<value></value>")), "");
    assert_eq!(typed_string(&call("<value><string/></value>")), "");
    assert_eq!(typed_string(&call("<value><string></string></value>")), "");
}

#[test]
fn type_tags_match_in_any_letter_case() {
    assert_eq!(
        typed_string(&call("<value><STRING>x</STRING></value>")),
        "x"
    );
    with_first_param(&call("<value><Int>7</Int></value>"), |v| {
        assert!(matches!(v, Value::Int(7)))
    });
    with_first_param(&call("<value><BOOLEAN>1</BOOLEAN></value>"), |v| {
        assert!(matches!(v, Value::Boolean(true)))
    });
    with_first_param(&call("<value><Struct></Struct></value>"), |v| {
        assert!(matches!(v, Value::Struct(_)))
    });
}

#[test]
fn nil_with_any_namespace_prefix_is_accepted() {
    for nil in ["<nil/>", "<ex:nil/>", "<ns0:NIL/>", "<nil></nil>"] {
        let doc = call(&format!("<value>{nil}</value>"));
        with_first_param(&doc, |v| assert!(matches!(v, Value::Nil), "{nil}"));
        let mut copy = doc.clone();
        let (p,): (Option<i32>,) = CallDecoder::in_place(&mut copy).unwrap().params().unwrap();
        assert_eq!(p, None);
    }
    // Apache's form, with the namespace declared on the root.
    let doc = b"<methodResponse xmlns:ex=\"http://ws.apache.org/xmlrpc/namespaces/extensions\"><params><param><value><ex:nil/></value></param></params></methodResponse>";
    with_first_param(doc, |v| assert!(matches!(v, Value::Nil)));
}

#[test]
fn whitespace_around_numbers_and_datetimes_is_accepted() {
    with_first_param(&call("<value><int> 42\n</int></value>"), |v| {
        assert!(matches!(v, Value::Int(42)))
    });
    with_first_param(
        &call("<value><i8>\t-9223372036854775808 </i8></value>"),
        |v| assert!(matches!(v, Value::I8(i64::MIN))),
    );
    with_first_param(&call("<value><double> 2.5 </double></value>"), |v| {
        assert!(matches!(v, Value::Double(d) if d == 2.5))
    });
    with_first_param(
        &call("<value><dateTime.iso8601> 20240229T23:59:59 </dateTime.iso8601></value>"),
        |v| {
            assert!(
                matches!(v, Value::DateTime(dt) if dt == DateTime::new(2024, 2, 29, 23, 59, 59).unwrap())
            )
        },
    );
}

#[test]
fn exponent_doubles_are_accepted_on_input() {
    with_first_param(&call("<value><double>1e-07</double></value>"), |v| {
        assert!(matches!(v, Value::Double(d) if d == 1e-7))
    });
    with_first_param(&call("<value><double>-2.5E+3</double></value>"), |v| {
        assert!(matches!(v, Value::Double(d) if d == -2500.0))
    });
}

#[test]
fn datetime_forms_are_accepted() {
    let cases = [
        ("19980717T14:08:55", "19980717T14:08:55"),
        ("1998-07-17T14:08:55", "19980717T14:08:55"),
        ("00010101T00:00:00", "00010101T00:00:00"),
        ("20240101T12:00:00.123456Z", "20240101T12:00:00.123456Z"),
        ("20240101T12:00:00+05:30", "20240101T12:00:00+05:30"),
    ];
    for (input, shown) in cases {
        let doc = call(&format!(
            "<value><dateTime.iso8601>{input}</dateTime.iso8601></value>"
        ));
        with_first_param(&doc, |v| match v {
            Value::DateTime(dt) => assert_eq!(dt.to_string(), shown),
            other => panic!("{other:?}"),
        });
    }
    let doc = call("<value><dateTime.iso8601>2024-01-01T12:00:00-08:00</dateTime.iso8601></value>");
    let mut copy = doc.clone();
    let (dt,): (DateTime,) = CallDecoder::in_place(&mut copy).unwrap().params().unwrap();
    assert_eq!(dt.offset, Offset::Minutes(-480));
}

#[test]
fn base64_with_line_breaks_is_accepted() {
    // CPython writes 76-column lines; xmlrpc-c CRLF.
    let doc = call("<value><base64>\nAAEC\r\n/w==\n</base64></value>");
    with_first_param(&doc, |v| match v {
        Value::Base64(b) => {
            let mut out = [0u8; 8];
            assert_eq!(b.decode_into(&mut out).unwrap(), &[0, 1, 2, 255]);
        }
        other => panic!("{other:?}"),
    });
    let mut copy = doc.clone();
    let (bytes,): (&[u8],) = CallDecoder::in_place(&mut copy).unwrap().params().unwrap();
    assert_eq!(bytes, &[0, 1, 2, 255]);
    let mut scratch = [0u8; 16];
    let (bytes,): (&[u8],) = CallDecoder::from_slice(&doc, &mut scratch)
        .unwrap()
        .params()
        .unwrap();
    assert_eq!(bytes, &[0, 1, 2, 255]);
}

#[test]
fn duplicate_struct_members_last_one_wins() {
    let doc = call(
        "<value><struct><member><name>a</name><value><int>1</int></value></member>\
         <member><name>b</name><value><int>2</int></value></member>\
         <member><name>a</name><value><int>3</int></value></member></struct></value>",
    );
    with_first_param(&doc, |v| {
        let Value::Struct(s) = v else { panic!() };
        assert!(matches!(s.get("a"), Some(Value::Int(3))));
        assert_eq!(s.len(), 3);
        let unique: Vec<String> = s.iter_unique().map(|(n, _)| n.to_string()).collect();
        assert_eq!(unique, ["a", "b"]);
        assert!(matches!(s.iter_unique().next(), Some((_, Value::Int(3)))));
    });
}

#[test]
fn method_name_and_member_names_may_be_escaped() {
    let doc = b"<methodCall><methodName>a&amp;b</methodName></methodCall>";
    match view::parse_from_slice(doc).unwrap() {
        Document::Call { method, .. } => assert_eq!(method, Text::Escaped("a&amp;b")),
        _ => panic!(),
    }
    let mut copy = doc.to_vec();
    assert_eq!(
        CallDecoder::in_place(&mut copy).unwrap().method_name(),
        "a&b"
    );
}

#[test]
fn all_value_types_decode_in_one_document() {
    let doc = call(
        "<value><array><data>\
         <value><i4>-1</i4></value><value><int>2</int></value><value><i8>3</i8></value>\
         <value><boolean>0</boolean></value><value><string>s</string></value><value>u</value>\
         <value><double>0.5</double></value><value><dateTime.iso8601>20000101T00:00:00</dateTime.iso8601></value>\
         <value><base64>aGk=</base64></value><value><nil/></value>\
         <value><struct><member><name>k</name><value><int>1</int></value></member></struct></value>\
         <value><array><data/></array></value>\
         </data></array></value>",
    );
    with_first_param(&doc, |v| {
        let Value::Array(a) = v else { panic!() };
        let kinds: Vec<&str> = a.iter().map(|v| v.type_name()).collect();
        assert_eq!(
            kinds,
            [
                "int",
                "int",
                "i8",
                "boolean",
                "string",
                "string",
                "double",
                "dateTime.iso8601",
                "base64",
                "nil",
                "struct",
                "array"
            ]
        );
    });
}

#[test]
fn immutable_input_offers_a_lazy_unescaping_iterator_and_unescape_into() {
    let doc = call("<value><string>x&lt;y&#x20AC;<![CDATA[&]]></string></value>");
    with_first_param(&doc, |v| {
        let Value::String(t) = v else { panic!() };
        assert!(t.is_escaped());
        assert_eq!(t.chars().collect::<String>(), "x<y\u{20AC}&");
        assert_eq!(t.decoded_len(), "x<y\u{20AC}&".len());
        let mut out = [0u8; 16];
        assert_eq!(t.unescape_into(&mut out).unwrap(), "x<y\u{20AC}&");
        let mut short = [0u8; 2];
        assert!(t.unescape_into(&mut short).is_err());
    });
}

#[test]
fn comments_starting_with_gt_inside_text_are_skipped_correctly() {
    // Found by fuzzing: `<!-->` opens a comment whose text starts with `>`.
    let doc = call("<value><string>a<!-->?>x-->b<?pi ?x?>c</string></value>");
    assert_eq!(string_of(&doc), "abc");
    assert_eq!(typed_string(&doc), "abc");
}

#[test]
fn character_data_that_decodes_to_whitespace_between_elements_is_ignored() {
    // Found by fuzzing: both input kinds must agree on `&#9;` / CDATA between elements.
    let doc = b"<methodCall><methodName>m</methodName><params><param><value>x</value></param>&#9;<![CDATA[ ]]>\n</params></methodCall>";
    assert_eq!(string_of(doc), "x");
    assert_eq!(typed_string(doc), "x");
}
