//! The typed decoder reads `&str`, `String`, `bool` and `i32` fields written in the usual
//! spelling (`<value><string>text</string></value>`, `<boolean>`, `<int>`) on a fast path.
//! Rule: the fast path is invisible. For every spelling, accepted or not, a field decoded
//! through it gives exactly what the general path (`deserialize_any`) gives: the same value,
//! or the same error kind, offset and member. Both entry points (in place and from a slice)
//! and both text limits (default and a limit at the text's exact length) are checked.

use std::fmt;

use baton_xmlrpc::{
    decode_response_from_slice_with_options, decode_response_in_place_with_options, DecodeOptions,
    Error, Response,
};
use proptest::prelude::*;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

/// The reference: a visitor driven by `deserialize_any` (the general path) that accepts what
/// serde's own visitor for the fast type accepts, and rejects the rest with the same error.
macro_rules! general {
    ($name:ident, $out:ty, $expecting:literal, { $($visit:item)* }) => {
        #[derive(Debug)]
        struct $name<'a>($out, core::marker::PhantomData<&'a ()>);

        impl<'de: 'a, 'a> Deserialize<'de> for $name<'a> {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                struct V;
                impl<'de> Visitor<'de> for V {
                    type Value = $out;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    $($visit)*
                }
                let _ = core::marker::PhantomData::<&'de ()>;
                d.deserialize_any(V).map(|v| $name(v, core::marker::PhantomData))
            }
        }
    };
}

general!(AnyStr, String, "a borrowed string", {
    fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<String, E> {
        Ok(s.to_owned())
    }
    fn visit_borrowed_bytes<E: de::Error>(self, b: &'de [u8]) -> Result<String, E> {
        std::str::from_utf8(b)
            .map(str::to_owned)
            .map_err(|_| E::invalid_value(de::Unexpected::Bytes(b), &self))
    }
});

general!(AnyBool, bool, "a boolean", {
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<bool, E> {
        Ok(b)
    }
});

general!(AnyI32, i32, "i32", {
    fn visit_i32<E: de::Error>(self, i: i32) -> Result<i32, E> {
        Ok(i)
    }
    fn visit_i64<E: de::Error>(self, i: i64) -> Result<i32, E> {
        i32::try_from(i).map_err(|_| E::invalid_value(de::Unexpected::Signed(i), &self))
    }
});

/// A struct with the one member `v` of type `T`.
#[derive(Debug, Deserialize)]
struct Member<T> {
    v: T,
}

/// `value` as the member `v` of a response's struct.
fn document(value: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?>\n<methodResponse>\n<params>\n<param>\n<value><struct>\n\
         <member>\n<name>v</name>\n{value}\n</member>\n</struct></value>\n</param>\n</params>\n\
         </methodResponse>\n"
    )
}

/// Decodes `doc` into `Member<$t>` with both entry points and prints `v` with `$print`:
/// `[from a slice, in place]`.
macro_rules! both {
    ($t:ty, $doc:expr, $opts:expr, $print:expr) => {{
        let doc: &str = $doc;
        let print = $print;
        let ok = |r: Result<Response<'_, Member<$t>>, Error>| match r {
            Ok(Response::Value(m)) => Ok(print(m.v)),
            Ok(Response::Fault(f)) => Ok(format!("fault {f:?}")),
            Err(e) => Err((
                format!("{:?}", e.kind()),
                e.offset(),
                e.member().map(str::to_owned),
            )),
        };
        let mut scratch = vec![0u8; doc.len()];
        let slice = ok(decode_response_from_slice_with_options(
            doc.as_bytes(),
            &mut scratch,
            $opts,
        ));
        let mut buf = doc.as_bytes().to_vec();
        let in_place = ok(decode_response_in_place_with_options(&mut buf, $opts));
        [slice, in_place]
    }};
}

/// The options each value is checked under: the default limits, a text limit at the
/// value's length, and a text limit of 1 byte.
fn limits(value: &str) -> [DecodeOptions; 3] {
    let with = |max_text_len| DecodeOptions {
        max_text_len,
        ..DecodeOptions::default()
    };
    [DecodeOptions::default(), with(value.len()), with(1)]
}

/// Checks that the fast type `$fast` gives exactly what the reference `$general` gives on
/// `$value`, both entry points, every limit.
macro_rules! agree {
    ($fast:ty, $general:ty, $value:expr) => {{
        let value: &str = $value;
        let doc = document(value);
        for opts in limits(value) {
            let got = both!($fast, &doc, opts, |v: $fast| format!("{v:?}"));
            let want = both!($general, &doc, opts, |v: $general| format!("{:?}", v.0));
            let limit = opts.max_text_len;
            assert_eq!(got[0], want[0], "from a slice, {value:?}, limit {limit}");
            assert_eq!(got[1], want[1], "in place, {value:?}, limit {limit}");
        }
    }};
}

fn agree_str(value: &str) {
    agree!(&str, AnyStr<'_>, value);
    agree!(String, AnyStr<'_>, value);
}

fn agree_bool(value: &str) {
    agree!(bool, AnyBool<'_>, value);
}

fn agree_i32(value: &str) {
    agree!(i32, AnyI32<'_>, value);
}

/// Spellings around and inside the fast path's pattern, accepted and rejected.
const STRINGS: &[&str] = &[
    "<value><string>plain</string></value>",
    "<value><string></string></value>",
    "<value><string/></value>",
    "<value/>",
    "<value>untyped</value>",
    "<value><string>a &amp; b</string></value>",
    "<value><string><![CDATA[x<y]]></string></value>",
    "<value><string>tab\there</string></value>",
    "<value><string>line\nbreak</string></value>",
    "<value><string>Kateřina</string></value>",
    "<value><string>bell\u{7}</string></value>",
    "<value><string>x</string> </value>",
    "<value> <string>x</string></value>",
    "<value><String>x</String></value>",
    "<value><string>x</String></value>",
    "<value><string>x</string></VALUE>",
    "<value><string>x</string><int>1</int></value>",
    "<value><string>x</strin></value>",
    "<value><string>x</string ></value>",
    "<value><string>x<!-- c --></string></value>",
    "<value><string>x</string></value><!-- after -->",
    "<value><string>x</stringy></value>",
    "<value><string>x",
    "<value><string>x</string>",
    "<value><int>7</int></value>",
    "<value><boolean>1</boolean></value>",
    "<value><string>a&#x1F600;b</string></value>",
    "<value><string>a&bogus;b</string></value>",
    "<value><string>a<b/>c</string></value>",
];

const BOOLS: &[&str] = &[
    "<value><boolean>0</boolean></value>",
    "<value><boolean>1</boolean></value>",
    "<value><boolean>2</boolean></value>",
    "<value><boolean></boolean></value>",
    "<value><boolean>true</boolean></value>",
    "<value><boolean> 1 </boolean></value>",
    "<value><boolean>\n0\n</boolean></value>",
    "<value><boolean>1</Boolean></value>",
    "<value><Boolean>1</Boolean></value>",
    "<value><boolean>1</boolean> </value>",
    "<value><boolean>&#49;</boolean></value>",
    "<value><boolean>1</boolean><nil/></value>",
    "<value><string>1</string></value>",
    "<value><int>1</int></value>",
    "<value><boolean>1",
];

const INTS: &[&str] = &[
    "<value><int>0</int></value>",
    "<value><int>-2147483648</int></value>",
    "<value><int>2147483647</int></value>",
    "<value><int>2147483648</int></value>",
    "<value><int>-2147483649</int></value>",
    "<value><int>+12</int></value>",
    "<value><int>12a</int></value>",
    "<value><int></int></value>",
    "<value><int> 12 </int></value>",
    "<value><int>\t12\n</int></value>",
    "<value><int>000000000000000000000000000000001</int></value>",
    "<value><int>00000000000000000000000000000001</int></value>",
    "<value><int>1</i4></value>",
    "<value><i4>12</i4></value>",
    "<value><i8>12</i8></value>",
    "<value><i8>4294967296</i8></value>",
    "<value><INT>12</INT></value>",
    "<value><int>12</int><int>13</int></value>",
    "<value><int>&#49;2</int></value>",
    "<value><string>12</string></value>",
    "<value><int>1",
];

#[test]
fn str_fast_path_agrees_with_the_general_path() {
    for value in STRINGS {
        agree_str(value);
    }
}

#[test]
fn bool_fast_path_agrees_with_the_general_path() {
    for value in BOOLS {
        agree_bool(value);
    }
}

#[test]
fn i32_fast_path_agrees_with_the_general_path() {
    for value in INTS {
        agree_i32(value);
    }
}

/// One piece of a generated value: the fast path's pattern, cut and varied.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("<value>".to_owned()),
        Just("<string>".to_owned()),
        Just("</string>".to_owned()),
        Just("</value>".to_owned()),
        Just("<boolean>".to_owned()),
        Just("</boolean>".to_owned()),
        Just("<int>".to_owned()),
        Just("</int>".to_owned()),
        Just("<i4>".to_owned()),
        Just("</i4>".to_owned()),
        Just("<STRING>".to_owned()),
        Just(" ".to_owned()),
        Just("\n".to_owned()),
        Just("&amp;".to_owned()),
        Just("&#49;".to_owned()),
        Just("<!--c-->".to_owned()),
        Just("ř".to_owned()),
        Just("\u{1}".to_owned()),
        "[-+0-9a-z]{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// Random spellings: the fast paths agree with the general path on every one.
    #[test]
    fn fast_paths_agree_on_random_spellings(
        pieces in proptest::collection::vec(piece(), 0..9),
        wrap in 0u8..4,
    ) {
        let inner: String = pieces.concat();
        let value = match wrap {
            0 => format!("<value><string>{inner}</string></value>"),
            1 => format!("<value><boolean>{inner}</boolean></value>"),
            2 => format!("<value><int>{inner}</int></value>"),
            _ => inner,
        };
        agree_str(&value);
        agree_bool(&value);
        agree_i32(&value);
    }
}
