//! Typed decoding is strict (issue 14 points 6 and 7): a value of another XML-RPC type than
//! the field's is refused with [`ErrorKind::InvalidType`] (the rpc layer's fault 103
//! `malformed parameter - <name>`), never converted; conversions are an opt-in
//! ([`DecodeOptions::lenient_types`]) that never applies to the
//! [`DecodeOptions::sensitive_members`], and a sensitive member given twice is refused.
//! The whole-document decoder and the stream decoder ([`Items`]) agree.

use baton_xmlrpc::stream::{Item, Items};
use baton_xmlrpc::{
    decode_response_from_slice_with_options, CallDecoder, DateTime, DecodeOptions, ErrorKind,
    Response,
};
use serde::de::DeserializeOwned;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
struct Member<T> {
    v: T,
}

fn response(value: &str) -> String {
    format!(
        "<?xml version=\"1.0\"?><methodResponse><params><param><value><struct>\
         <member><name>v</name>{value}</member></struct></value></param></params>\
         </methodResponse>"
    )
}

/// `value` decoded as the member `v` of type `T` (whole document, from a slice); the
/// error's kind and member otherwise.
fn decode<T: DeserializeOwned>(
    value: &str,
    opts: DecodeOptions,
) -> Result<T, (ErrorKind, Option<String>)> {
    let doc = response(value);
    let mut scratch = vec![0u8; doc.len()];
    match decode_response_from_slice_with_options::<Member<T>>(doc.as_bytes(), &mut scratch, opts) {
        Ok(Response::Value(m)) => Ok(m.v),
        Ok(Response::Fault(f)) => panic!("fault {f:?}"),
        Err(e) => Err((e.kind(), e.member().map(str::to_owned))),
    }
}

fn strict<T: DeserializeOwned>(value: &str) -> Result<T, (ErrorKind, Option<String>)> {
    decode(value, DecodeOptions::default())
}

fn lenient<T: DeserializeOwned>(value: &str) -> Result<T, (ErrorKind, Option<String>)> {
    decode(value, DecodeOptions::default().lenient_types(true))
}

fn wrong_type<T>() -> Result<T, (ErrorKind, Option<String>)> {
    Err((ErrorKind::InvalidType, Some("v".into())))
}

const B64: &str = "<value><base64>cHc=</base64></value>"; // "pw"
const DT: &str = "<value><dateTime.iso8601>20240102T03:04:05</dateTime.iso8601></value>";
const INT1: &str = "<value><int>1</int></value>";
const I4: &str = "<value><i4>7</i4></value>";
const I8: &str = "<value><i8>7</i8></value>";
const DOUBLE: &str = "<value><double>1.5</double></value>";
const BOOL: &str = "<value><boolean>1</boolean></value>";
const STRING: &str = "<value><string>1</string></value>";
const NIL: &str = "<value><nil/></value>";

#[test]
fn wrong_xmlrpc_types_are_refused_not_converted_strings() {
    for v in [B64, DT, INT1, DOUBLE, BOOL, NIL, "<value><struct/></value>"] {
        assert_eq!(strict::<String>(v), wrong_type(), "{v}");
        assert_eq!(strict::<char>(v), wrong_type(), "{v}");
    }
    assert_eq!(strict::<String>(STRING), Ok("1".into()));
    assert_eq!(
        strict::<String>("<value>untyped</value>"),
        Ok("untyped".into())
    );
    assert_eq!(strict::<String>("<value/>"), Ok(String::new()));
    assert_eq!(strict::<char>(STRING), Ok('1'));
}

#[test]
fn wrong_xmlrpc_types_are_refused_not_converted_booleans() {
    for v in [
        INT1,
        "<value><int>0</int></value>",
        I8,
        STRING,
        DOUBLE,
        B64,
        NIL,
    ] {
        assert_eq!(strict::<bool>(v), wrong_type(), "{v}");
    }
    assert_eq!(strict::<bool>(BOOL), Ok(true));
}

#[test]
fn wrong_xmlrpc_types_are_refused_not_converted_integers() {
    for v in [STRING, DOUBLE, BOOL, B64, DT, NIL] {
        assert_eq!(strict::<i32>(v), wrong_type(), "{v}");
        assert_eq!(strict::<i64>(v), wrong_type(), "{v}");
        assert_eq!(strict::<u16>(v), wrong_type(), "{v}");
    }
    // <int>, <i4> and <i8> are one kind (an integer), in the target's range.
    assert_eq!(strict::<i32>(I4), Ok(7));
    assert_eq!(strict::<i32>(I8), Ok(7));
    assert_eq!(strict::<i64>(INT1), Ok(1));
    assert_eq!(strict::<u8>(I4), Ok(7));
    assert_eq!(
        strict::<i32>("<value><i8>4294967296</i8></value>"),
        Err((ErrorKind::InvalidValue, Some("v".into())))
    );
}

#[test]
fn wrong_xmlrpc_types_are_refused_not_converted_doubles_bytes_datetimes() {
    for v in [INT1, I4, I8, STRING, BOOL] {
        assert_eq!(strict::<f64>(v), wrong_type(), "{v}");
    }
    assert_eq!(strict::<f64>(DOUBLE), Ok(1.5));
    assert_eq!(strict::<serde_bytes_like::Bytes>(STRING), wrong_type());
    assert_eq!(
        strict::<serde_bytes_like::Bytes>(B64),
        Ok(serde_bytes_like::Bytes(b"pw".to_vec()))
    );
    assert_eq!(
        strict::<DateTime>("<value><string>20240102T03:04:05</string></value>"),
        wrong_type()
    );
    assert!(strict::<DateTime>(DT).is_ok());
}

/// `Vec<u8>` through `deserialize_bytes` (serde's own `Vec<u8>` is a sequence).
mod serde_bytes_like {
    use serde::de::{Deserializer, Visitor};
    #[derive(Debug, PartialEq)]
    pub struct Bytes(pub Vec<u8>);
    impl<'de> serde::Deserialize<'de> for Bytes {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Bytes;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("bytes")
                }
                fn visit_bytes<E>(self, b: &[u8]) -> Result<Bytes, E> {
                    Ok(Bytes(b.to_vec()))
                }
                fn visit_str<E>(self, s: &str) -> Result<Bytes, E> {
                    Ok(Bytes(s.as_bytes().to_vec()))
                }
            }
            d.deserialize_bytes(V)
        }
    }
}

#[test]
fn lenient_types_are_opt_in_and_convert() {
    assert_eq!(lenient::<String>(B64), Ok("pw".into()));
    assert_eq!(lenient::<String>(DT), Ok("20240102T03:04:05".into()));
    assert_eq!(lenient::<bool>(INT1), Ok(true));
    assert_eq!(lenient::<bool>("<value><int>0</int></value>"), Ok(false));
    assert_eq!(
        lenient::<bool>("<value><int>2</int></value>"),
        Err((ErrorKind::InvalidValue, Some("v".into())))
    );
    assert_eq!(lenient::<f64>(I4), Ok(7.0));
    assert!(lenient::<DateTime>("<value><string>20240102T03:04:05</string></value>").is_ok());
    // Still refused: no sensible conversion.
    assert_eq!(lenient::<i32>(STRING), wrong_type());
    assert_eq!(lenient::<bool>(STRING), wrong_type());
}

#[derive(Debug, Deserialize, PartialEq)]
struct Login<'a> {
    #[serde(borrow)]
    name: &'a str,
    #[serde(borrow)]
    user: &'a str,
    #[serde(borrow)]
    password: &'a str,
}

const SENSITIVE: &[&str] = &["user", "password"];

fn call(members: &[(&str, &str)]) -> Vec<u8> {
    let mut s =
        String::from("<methodCall><methodName>m</methodName><params><param><value><struct>");
    for (n, v) in members {
        s += &format!("<member><name>{n}</name>{v}</member>");
    }
    s += "</struct></value></param></params></methodCall>";
    s.into_bytes()
}

type Decoded = Result<(String, String, String), (ErrorKind, Option<String>, Option<String>)>;

fn login(members: &[(&str, &str)], opts: DecodeOptions) -> Decoded {
    login_with(members, opts, SENSITIVE)
}

fn login_with(
    members: &[(&str, &str)],
    opts: DecodeOptions,
    sensitive: &'static [&'static str],
) -> Decoded {
    let mut buf = call(members);
    let r = CallDecoder::in_place_with_options(&mut buf, opts)
        .and_then(|c| c.sensitive_members(sensitive).first_param::<Login>());
    match r {
        Ok(Some(l)) => Ok((l.name.into(), l.user.into(), l.password.into())),
        Ok(None) => panic!("no params"),
        Err(e) => Err((
            e.kind(),
            e.member().map(str::to_owned),
            e.param_member().map(str::to_owned),
        )),
    }
}

fn s(v: &str) -> String {
    format!("<value><string>{v}</string></value>")
}

#[test]
fn sensitive_members_are_never_converted() {
    let opts = DecodeOptions::default().lenient_types(true);
    // Lenient: the other member converts, the password does not.
    assert_eq!(
        login(
            &[("name", B64), ("user", &s("u")), ("password", &s("p"))],
            opts
        ),
        Ok(("pw".into(), "u".into(), "p".into()))
    );
    let refused = |m: &str| Err((ErrorKind::InvalidType, Some(m.into()), Some(m.into())));
    assert_eq!(
        login(
            &[("name", &s("n")), ("user", &s("u")), ("password", B64)],
            opts
        ),
        refused("password")
    );
    assert_eq!(
        login(
            &[("name", &s("n")), ("user", DT), ("password", &s("p"))],
            opts
        ),
        refused("user")
    );
    // Strict (the default): refused too.
    assert_eq!(
        login(
            &[("name", &s("n")), ("user", &s("u")), ("password", B64)],
            DecodeOptions::default()
        ),
        refused("password")
    );
}

#[test]
fn duplicate_members_last_wins_but_duplicate_sensitive_members_are_refused() {
    let opts = DecodeOptions::default();
    let dup = |m: &str| Err((ErrorKind::DuplicateMember, Some(m.into()), Some(m.into())));
    let (n, u, p) = (s("n"), s("u"), s("p"));
    // An ordinary member twice: the last one wins (as in CPython and xmlrpc-c).
    assert_eq!(
        login(
            &[
                ("name", &s("a")),
                ("user", &u),
                ("name", &n),
                ("password", &p)
            ],
            opts
        ),
        Ok(("n".into(), "u".into(), "p".into()))
    );
    // A sensitive member twice: refused, whichever comes first.
    assert_eq!(
        login(
            &[
                ("name", &n),
                ("user", &u),
                ("password", &p),
                ("user", &s("admin"))
            ],
            opts
        ),
        dup("user")
    );
    assert_eq!(
        login(
            &[
                ("password", &s("x")),
                ("name", &n),
                ("user", &u),
                ("password", &p)
            ],
            opts
        ),
        dup("password")
    );
    // ... also after an ordinary duplicate has switched decoding to last-wins mode.
    assert_eq!(
        login(
            &[
                ("name", &s("a")),
                ("name", &n),
                ("user", &u),
                ("password", &s("x")),
                ("password", &p)
            ],
            opts
        ),
        dup("password")
    );
    // With no sensitive members, last wins for every member.
    assert_eq!(
        login_with(
            &[
                ("name", &n),
                ("user", &u),
                ("password", &s("x")),
                ("password", &p)
            ],
            opts,
            &[]
        ),
        Ok(("n".into(), "u".into(), "p".into()))
    );
}

#[derive(Debug, Deserialize)]
struct Participant {
    #[serde(rename = "displayName")]
    display_name: String,
    #[serde(rename = "important")]
    important: bool,
}

/// The stream decoder reads elements with the same typed decoder: same refusals.
#[test]
fn stream_items_are_strict_too() {
    let doc = |name: &str, important: &str| {
        format!(
            "<?xml version=\"1.0\"?><methodResponse><params><param><value><struct>\
             <member><name>participants</name><value><array><data><value><struct>\
             <member><name>displayName</name>{name}</member>\
             <member><name>important</name>{important}</member>\
             </struct></value></data></array></value></member>\
             </struct></value></param></params></methodResponse>"
        )
    };
    let first = |doc: String| -> Result<Participant, ErrorKind> {
        let mut items = Items::new(vec![0u8; 4096], "participants");
        items.push(doc.as_bytes());
        items.finish();
        loop {
            match items.next_item::<Participant>() {
                Ok(Item::Element(p)) => return Ok(p),
                Ok(Item::NeedMore | Item::Member(..)) => continue,
                Ok(other) => panic!("{other:?}"),
                Err(e) => return Err(e.kind()),
            }
        }
    };
    let ok = first(doc(&s("Ann"), BOOL)).unwrap();
    assert_eq!((ok.display_name.as_str(), ok.important), ("Ann", true));
    assert_eq!(first(doc(B64, BOOL)).unwrap_err(), ErrorKind::InvalidType);
    assert_eq!(
        first(doc(&s("Ann"), INT1)).unwrap_err(),
        ErrorKind::InvalidType
    );
}
