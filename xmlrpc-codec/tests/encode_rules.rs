//! The canonical encoding rules (issue section 5), one named test per rule, through the
//! public API. Each helper also checks that `*_len` predicts the exact length written.

use std::collections::BTreeMap;

use baton_xmlrpc::encode::{self, EncodeError};
use baton_xmlrpc::magic::{DATETIME_NEWTYPE, I8_NEWTYPE};
use baton_xmlrpc::DateTime;
use serde::Serialize;

const DECL: &str = r#"<?xml version="1.0" encoding="UTF-8"?>"#;

fn response<T: Serialize + ?Sized>(value: &T) -> Result<String, EncodeError> {
    let len = encode::response(encode::Count, value)?;
    let mut buf = vec![0u8; len];
    let written = encode::response(&mut buf[..], value)?;
    assert_eq!(written, len, "response_len must be exact");
    Ok(String::from_utf8(buf).expect("the encoder writes UTF-8"))
}

/// The encoded `<value>` of a response (between `<param>` and `</param>`).
fn value<T: Serialize + ?Sized>(v: &T) -> Result<String, EncodeError> {
    let doc = response(v)?;
    let start = doc.find("<param>").unwrap() + "<param>".len();
    let end = doc.rfind("</param>").unwrap();
    Ok(doc[start..end].to_owned())
}

fn call<P: Serialize + ?Sized>(method: &str, params: &P) -> Result<String, EncodeError> {
    let len = encode::call(encode::Count, method, params)?;
    let mut buf = vec![0u8; len];
    let written = encode::call(&mut buf[..], method, params)?;
    assert_eq!(written, len, "call_len must be exact");
    Ok(String::from_utf8(buf).unwrap())
}

fn fault(code: i32, string: &str) -> Result<String, EncodeError> {
    let len = encode::fault(encode::Count, code, string)?;
    let mut buf = vec![0u8; len];
    assert_eq!(encode::fault(&mut buf[..], code, string)?, len);
    Ok(String::from_utf8(buf).unwrap())
}

#[derive(Serialize)]
struct Iso<'a>(&'a str);

struct Dt<'a>(&'a str);
impl Serialize for Dt<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_newtype_struct(DATETIME_NEWTYPE, self.0)
    }
}

struct ForceI8(i64);
impl Serialize for ForceI8 {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_newtype_struct(I8_NEWTYPE, &self.0)
    }
}

#[test]
fn xml_declaration_and_no_insignificant_whitespace() {
    assert_eq!(
        call("device.query", &()).unwrap(),
        format!(
            "{DECL}<methodCall><methodName>device.query</methodName><params></params></methodCall>"
        )
    );
    assert_eq!(
        response(&(1, "a")).unwrap(),
        format!(
            "{DECL}<methodResponse><params><param><value><array><data>\
             <value><int>1</int></value><value><string>a</string></value>\
             </data></array></value></param></params></methodResponse>"
        )
    );
    assert_eq!(
        fault(4, "no such conference or auto attendant").unwrap(),
        format!(
            "{DECL}<methodResponse><fault><value><struct>\
             <member><name>faultCode</name><value><int>4</int></value></member>\
             <member><name>faultString</name><value><string>no such conference or auto attendant</string></value></member>\
             </struct></value></fault></methodResponse>"
        )
    );
}

#[test]
fn call_params_one_param_per_tuple_element() {
    assert_eq!(
        call("m", &(1, true)).unwrap(),
        format!(
            "{DECL}<methodCall><methodName>m</methodName><params>\
             <param><value><int>1</int></value></param>\
             <param><value><boolean>1</boolean></value></param></params></methodCall>"
        )
    );
    // A Vec of params works like a tuple.
    assert_eq!(call("m", &vec![7u8]).unwrap(), call("m", &(7u8,)).unwrap());
    // A lone struct is not a params list.
    #[derive(Serialize)]
    struct S {
        a: i32,
    }
    assert_eq!(call("m", &S { a: 1 }), Err(EncodeError::ParamsNotSequence));
    assert_eq!(call("m", &5), Err(EncodeError::ParamsNotSequence));
}

#[test]
fn escapes_amp_lt_gt_in_strings() {
    assert_eq!(
        value("a&b<c>d \"q\" 'a'").unwrap(),
        "<value><string>a&amp;b&lt;c&gt;d \"q\" 'a'</string></value>"
    );
    assert_eq!(
        value("]]>").unwrap(),
        "<value><string>]]&gt;</string></value>"
    );
}

#[test]
fn escapes_member_names() {
    let mut m = BTreeMap::new();
    m.insert("a<&>b", 1);
    assert_eq!(
        value(&m).unwrap(),
        "<value><struct><member><name>a&lt;&amp;&gt;b</name><value><int>1</int></value></member></struct></value>"
    );
}

#[test]
fn escapes_method_names() {
    let doc = call("x<&>y", &()).unwrap();
    assert!(
        doc.contains("<methodName>x&lt;&amp;&gt;y</methodName>"),
        "{doc}"
    );
}

#[test]
fn escapes_fault_string() {
    let doc = fault(101, "missing parameter - <a&b>\r").unwrap();
    assert!(
        doc.contains("<string>missing parameter - &lt;a&amp;b&gt;&#13;</string>"),
        "{doc}"
    );
}

#[test]
fn carriage_return_written_as_char_ref() {
    assert_eq!(
        value("a\r\nb\rc").unwrap(),
        "<value><string>a&#13;\nb&#13;c</string></value>"
    );
}

#[test]
fn tab_and_lf_written_as_is() {
    assert_eq!(
        value("\t\n").unwrap(),
        "<value><string>\t\n</string></value>"
    );
}

#[test]
fn xml_invalid_chars_rejected_not_emitted() {
    for (s, c) in [
        ("\u{0}", '\u{0}'),
        ("ok\u{1}", '\u{1}'),
        ("\u{8}", '\u{8}'),
        ("\u{b}", '\u{b}'),
        ("\u{c}", '\u{c}'),
        ("\u{1f}", '\u{1f}'),
        ("x\u{FFFE}", '\u{FFFE}'),
        ("\u{FFFF}y", '\u{FFFF}'),
    ] {
        assert_eq!(value(s), Err(EncodeError::InvalidChar(c)), "{s:?}");
    }
    // ... in every text.
    assert_eq!(call("a\u{0}", &()), Err(EncodeError::InvalidChar('\u{0}')));
    assert_eq!(fault(1, "\u{7}"), Err(EncodeError::InvalidChar('\u{7}')));
    let mut m = BTreeMap::new();
    m.insert("k\u{2}", 1);
    assert_eq!(value(&m), Err(EncodeError::InvalidChar('\u{2}')));
    // Non-BMP, U+FFFD, DEL and C1 controls are fine in XML 1.0.
    assert_eq!(
        value("\u{1F600}\u{FFFD}\u{7f}\u{85}").unwrap(),
        "<value><string>\u{1F600}\u{FFFD}\u{7f}\u{85}</string></value>"
    );
}

#[test]
fn empty_string_is_typed_string() {
    assert_eq!(value("").unwrap(), "<value><string></string></value>");
}

#[test]
fn int_for_values_in_i32() {
    assert_eq!(value(&0i64).unwrap(), "<value><int>0</int></value>");
    assert_eq!(
        value(&i32::MAX).unwrap(),
        "<value><int>2147483647</int></value>"
    );
    assert_eq!(
        value(&i64::from(i32::MIN)).unwrap(),
        "<value><int>-2147483648</int></value>"
    );
    assert_eq!(
        value(&(i32::MAX as u32)).unwrap(),
        "<value><int>2147483647</int></value>"
    );
    assert_eq!(value(&7u64).unwrap(), "<value><int>7</int></value>");
    assert_eq!(value(&-5i8).unwrap(), "<value><int>-5</int></value>");
    assert_eq!(value(&65535u16).unwrap(), "<value><int>65535</int></value>");
}

#[test]
fn i8_beyond_i32() {
    assert_eq!(
        value(&(i64::from(i32::MAX) + 1)).unwrap(),
        "<value><i8>2147483648</i8></value>"
    );
    assert_eq!(
        value(&(i64::from(i32::MIN) - 1)).unwrap(),
        "<value><i8>-2147483649</i8></value>"
    );
    assert_eq!(
        value(&i64::MAX).unwrap(),
        "<value><i8>9223372036854775807</i8></value>"
    );
    assert_eq!(
        value(&i64::MIN).unwrap(),
        "<value><i8>-9223372036854775808</i8></value>"
    );
    assert_eq!(
        value(&u32::MAX).unwrap(),
        "<value><i8>4294967295</i8></value>"
    );
    assert_eq!(
        value(&(i64::MAX as u64)).unwrap(),
        "<value><i8>9223372036854775807</i8></value>"
    );
}

#[test]
fn i8_newtype_forces_i8() {
    assert_eq!(value(&ForceI8(5)).unwrap(), "<value><i8>5</i8></value>");
}

#[test]
fn u64_above_i64_max_is_an_error() {
    assert_eq!(
        value(&(i64::MAX as u64 + 1)),
        Err(EncodeError::IntegerOutOfRange)
    );
    assert_eq!(value(&u64::MAX), Err(EncodeError::IntegerOutOfRange));
    assert_eq!(value(&i128::MAX), Err(EncodeError::IntegerOutOfRange));
    assert_eq!(value(&-5i128).unwrap(), "<value><int>-5</int></value>");
}

#[test]
fn boolean_as_0_or_1() {
    assert_eq!(value(&true).unwrap(), "<value><boolean>1</boolean></value>");
    assert_eq!(
        value(&false).unwrap(),
        "<value><boolean>0</boolean></value>"
    );
}

#[test]
fn double_shortest_round_trip_never_exponent() {
    let cases: &[(f64, &str)] = &[
        (0.0, "0.0"),
        (-0.0, "-0.0"),
        (1.0, "1.0"),
        (-2.5, "-2.5"),
        (0.1, "0.1"),
        (1.0 / 3.0, "0.3333333333333333"),
        (1e-7, "0.0000001"),
        (1.5e-10, "0.00000000015"),
        (123456789.125, "123456789.125"),
        (1e15, "1000000000000000.0"),
        (1e16, "10000000000000000.0"),
        (1.7976931348623158e17, "179769313486231580.0"),
        (2f64.powi(60), "1152921504606847000.0"),
    ];
    for &(v, text) in cases {
        assert_eq!(
            value(&v).unwrap(),
            format!("<value><double>{text}</double></value>"),
            "{v:e}"
        );
    }
}

#[test]
fn double_extremes_round_trip_exactly() {
    for v in [
        f64::MAX,
        f64::MIN,
        f64::MIN_POSITIVE,
        5e-324,
        -5e-324,
        f64::EPSILON,
        0.1 + 0.2,
        9007199254740993.0,
        1e300,
        1e-300,
        6.02214076e23,
    ] {
        let enc = value(&v).unwrap();
        let text = enc
            .strip_prefix("<value><double>")
            .and_then(|s| s.strip_suffix("</double></value>"))
            .unwrap();
        assert!(!text.contains(['e', 'E']), "{text}");
        assert!(text.contains('.'), "{text}");
        let back: f64 = text.parse().unwrap();
        assert_eq!(back.to_bits(), v.to_bits(), "{text}");
        // Shortest: one digit fewer would not round-trip (Ryū's guarantee); spot check
        // the digit count against Rust's own shortest Display.
        let digits = |s: &str| {
            s.trim_start_matches(['-', '0', '.'])
                .chars()
                .filter(char::is_ascii_digit)
                .count()
        };
        let rust = format!("{:e}", v);
        let mantissa = rust.split('e').next().unwrap();
        assert_eq!(
            digits(text.trim_end_matches(".0").trim_end_matches('0')),
            mantissa.chars().filter(char::is_ascii_digit).count(),
            "{text} vs {rust}"
        );
    }
}

#[test]
fn f32_shortest_digits_of_the_f32() {
    assert_eq!(
        value(&0.1f32).unwrap(),
        "<value><double>0.1</double></value>"
    );
    assert_eq!(
        value(&1e-8f32).unwrap(),
        "<value><double>0.00000001</double></value>"
    );
    assert_eq!(
        value(&f32::MAX).unwrap(),
        "<value><double>340282350000000000000000000000000000000.0</double></value>"
    );
}

#[test]
fn non_finite_double_rejected() {
    assert_eq!(value(&f64::NAN), Err(EncodeError::NonFiniteDouble));
    assert_eq!(value(&f64::INFINITY), Err(EncodeError::NonFiniteDouble));
    assert_eq!(value(&f64::NEG_INFINITY), Err(EncodeError::NonFiniteDouble));
    assert_eq!(value(&f32::NAN), Err(EncodeError::NonFiniteDouble));
}

#[test]
fn datetime_basic_form() {
    let dt = DateTime::new(1998, 7, 17, 14, 8, 55).unwrap();
    assert_eq!(
        value(&dt).unwrap(),
        "<value><dateTime.iso8601>19980717T14:08:55</dateTime.iso8601></value>"
    );
    assert_eq!(
        value(&DateTime::new(1, 1, 1, 0, 0, 0).unwrap()).unwrap(),
        "<value><dateTime.iso8601>00010101T00:00:00</dateTime.iso8601></value>"
    );
}

#[test]
fn datetime_extended_text_written_in_basic_form() {
    assert_eq!(
        value(&Dt("1998-07-17T14:08:55")).unwrap(),
        "<value><dateTime.iso8601>19980717T14:08:55</dateTime.iso8601></value>"
    );
}

#[test]
fn datetime_fraction_and_offset_kept_only_when_present() {
    assert_eq!(
        value(&Dt("20240229T23:59:60.125+01:00")).unwrap(),
        "<value><dateTime.iso8601>20240229T23:59:60.125+01:00</dateTime.iso8601></value>"
    );
    assert_eq!(
        value(&Dt("2024-02-29T23:59:59Z")).unwrap(),
        "<value><dateTime.iso8601>20240229T23:59:59Z</dateTime.iso8601></value>"
    );
    assert_eq!(
        value(&Dt("20240229T23:59:59.000-05:30")).unwrap(),
        "<value><dateTime.iso8601>20240229T23:59:59.000-05:30</dateTime.iso8601></value>"
    );
}

#[test]
fn invalid_datetime_rejected() {
    for bad in [
        "",
        "2024",
        "20230229T00:00:00",
        "20240101T24:00:00",
        "yesterday",
    ] {
        assert_eq!(value(&Dt(bad)), Err(EncodeError::InvalidDateTime), "{bad}");
    }
    // A plain newtype is transparent: it is a string, not a dateTime.
    assert_eq!(
        value(&Iso("x")).unwrap(),
        "<value><string>x</string></value>"
    );
}

#[test]
fn base64_standard_alphabet_no_line_breaks() {
    let bytes = serde_bytes_like(&[0x00, 0xff, 0xfe, 0x3e, 0x3f]);
    assert_eq!(
        value(&bytes).unwrap(),
        "<value><base64>AP/+Pj8=</base64></value>"
    );
    let long = serde_bytes_like(&[0xA5; 200]);
    let enc = value(&long).unwrap();
    assert!(!enc.contains('\n') && !enc.contains('\r'));
    assert_eq!(enc.len(), "<value><base64></base64></value>".len() + 268);
    assert_eq!(
        value(&serde_bytes_like(&[])).unwrap(),
        "<value><base64></base64></value>"
    );
}

/// `&[u8]` serializes as a seq; bytes need `serialize_bytes`.
fn serde_bytes_like(b: &[u8]) -> Bytes<'_> {
    Bytes(b)
}
struct Bytes<'a>(&'a [u8]);
impl Serialize for Bytes<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bytes(self.0)
    }
}

#[test]
fn nil_for_none_unit_and_unit_struct() {
    #[derive(Serialize)]
    struct Nothing;
    assert_eq!(value(&None::<i32>).unwrap(), "<value><nil/></value>");
    assert_eq!(value(&()).unwrap(), "<value><nil/></value>");
    assert_eq!(value(&Nothing).unwrap(), "<value><nil/></value>");
    assert_eq!(value(&Some(3)).unwrap(), "<value><int>3</int></value>");
}

#[test]
fn struct_members_in_field_order_with_renames() {
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct P<'a> {
        conference_name: &'a str,
        #[serde(rename = "factoryOverridePIN")]
        pin: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        skipped: Option<i32>,
        nested: Inner,
    }
    #[derive(Serialize)]
    struct Inner {
        ports: u16,
    }
    assert_eq!(
        value(&P { conference_name: "c", pin: None, skipped: None, nested: Inner { ports: 11 } }).unwrap(),
        "<value><struct>\
         <member><name>conferenceName</name><value><string>c</string></value></member>\
         <member><name>factoryOverridePIN</name><value><nil/></value></member>\
         <member><name>nested</name><value><struct><member><name>ports</name><value><int>11</int></value></member></struct></value></member>\
         </struct></value>"
    );
}

#[test]
fn map_keys_must_be_strings() {
    let mut m = BTreeMap::new();
    m.insert(1, 2);
    assert_eq!(value(&m), Err(EncodeError::KeyNotString));
    let mut c = BTreeMap::new();
    c.insert('k', 2);
    assert_eq!(
        value(&c).unwrap(),
        "<value><struct><member><name>k</name><value><int>2</int></value></member></struct></value>"
    );
}

#[test]
fn seq_and_tuple_as_array() {
    assert_eq!(
        value(&vec![1, 2]).unwrap(),
        "<value><array><data><value><int>1</int></value><value><int>2</int></value></data></array></value>"
    );
    assert_eq!(
        value(&Vec::<i32>::new()).unwrap(),
        "<value><array><data></data></array></value>"
    );
    assert_eq!(
        value(&("a", 1.5)).unwrap(),
        "<value><array><data><value><string>a</string></value><value><double>1.5</double></value></data></array></value>"
    );
}

#[test]
fn unit_variants_as_strings_respecting_rename() {
    #[derive(Serialize)]
    enum WebEx {
        None,
        #[serde(rename = "SIP-TSP")]
        SipTsp,
    }
    assert_eq!(
        value(&WebEx::None).unwrap(),
        "<value><string>None</string></value>"
    );
    assert_eq!(
        value(&WebEx::SipTsp).unwrap(),
        "<value><string>SIP-TSP</string></value>"
    );
    #[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
    #[serde(rename_all = "lowercase")]
    enum Key {
        Ports,
    }
    let mut m = BTreeMap::new();
    m.insert(Key::Ports, 1);
    assert_eq!(
        value(&m).unwrap(),
        "<value><struct><member><name>ports</name><value><int>1</int></value></member></struct></value>"
    );
}

#[test]
fn newtype_variant_as_one_member_struct() {
    #[derive(Serialize)]
    enum E {
        Count(i32),
        Pair(i32, bool),
        Named { x: i32 },
    }
    assert_eq!(
        value(&E::Count(3)).unwrap(),
        "<value><struct><member><name>Count</name><value><int>3</int></value></member></struct></value>"
    );
    assert_eq!(
        value(&E::Pair(1, false)).unwrap(),
        "<value><struct><member><name>Pair</name><value><array><data><value><int>1</int></value><value><boolean>0</boolean></value></data></array></value></member></struct></value>"
    );
    assert_eq!(
        value(&E::Named { x: 1 }).unwrap(),
        "<value><struct><member><name>Named</name><value><struct><member><name>x</name><value><int>1</int></value></member></struct></value></member></struct></value>"
    );
}

#[test]
fn char_and_display_as_strings() {
    assert_eq!(value(&'<').unwrap(), "<value><string>&lt;</string></value>");
    struct Shown;
    impl Serialize for Shown {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_str(&format_args!("{}&{}", 1, 2))
        }
    }
    assert_eq!(
        value(&Shown).unwrap(),
        "<value><string>1&amp;2</string></value>"
    );
}

#[test]
fn same_input_same_bytes() {
    #[derive(Serialize)]
    struct V {
        a: Vec<f64>,
        b: Option<&'static str>,
    }
    let v = V {
        a: vec![0.1, 1e-9, 3.0],
        b: Some("x&y"),
    };
    let first = response(&v).unwrap();
    for _ in 0..3 {
        assert_eq!(response(&v).unwrap(), first);
    }
    let mut io = Vec::new();
    encode::response(encode::Writer(&mut VecWriter(&mut io)), &v).unwrap();
    assert_eq!(String::from_utf8(io).unwrap(), first);
}

/// A minimal `embedded_io::Write` over a `Vec` (the crate's default build has no `alloc`).
struct VecWriter<'a>(&'a mut Vec<u8>);
impl embedded_io::ErrorType for VecWriter<'_> {
    type Error = core::convert::Infallible;
}
impl embedded_io::Write for VecWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> Result<usize, Self::Error> {
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> Result<(), Self::Error> {
        Ok(())
    }
}
