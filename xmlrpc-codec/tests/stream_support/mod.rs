//! What the stream tests share: events as owned values, the whole-document reference
//! (`view::parse_from_slice` walked in document order) and a chunked stream driver.
#![allow(dead_code)]

use baton_xmlrpc::stream::{Event, Stream};
use baton_xmlrpc::view::{self, Document, Value};
use baton_xmlrpc::{Error, ErrorKind, Text};

/// An event with owned contents.
#[derive(Debug, Clone, PartialEq)]
pub enum Ev {
    Call(String),
    Response,
    Fault(i32, String),
    Param,
    StructStart,
    Member(String),
    StructEnd,
    ArrayStart,
    ArrayEnd,
    Int(i32),
    I8(i64),
    Bool(bool),
    Str(String),
    /// Bits, so NaN-free doubles compare exactly.
    Double(u64),
    DateTime(String),
    Base64(Vec<u8>),
    Nil,
}

pub fn text(t: &Text<'_>) -> String {
    t.chars().collect()
}

fn scalar(v: &Value<'_>) -> Ev {
    match v {
        Value::Int(i) => Ev::Int(*i),
        Value::I8(i) => Ev::I8(*i),
        Value::Boolean(b) => Ev::Bool(*b),
        Value::String(t) => Ev::Str(text(t)),
        Value::Double(d) => Ev::Double(d.to_bits()),
        Value::DateTime(dt) => Ev::DateTime(format!("{dt:?}")),
        Value::Base64(b) => {
            let mut out = vec![0u8; b.decoded_len()];
            let got = b.decode_into(&mut out).expect("sized").to_vec();
            Ev::Base64(got)
        }
        Value::Nil => Ev::Nil,
        Value::Struct(_) | Value::Array(_) => panic!("not a scalar"),
    }
}

fn walk(v: &Value<'_>, out: &mut Vec<Ev>) {
    match v {
        Value::Struct(s) => {
            out.push(Ev::StructStart);
            for (name, v) in s.iter() {
                out.push(Ev::Member(text(&name)));
                walk(&v, out);
            }
            out.push(Ev::StructEnd);
        }
        Value::Array(a) => {
            out.push(Ev::ArrayStart);
            for v in a.iter() {
                walk(&v, out);
            }
            out.push(Ev::ArrayEnd);
        }
        other => out.push(scalar(other)),
    }
}

/// The whole-document decoder's events (or its error).
pub fn whole(doc: &[u8]) -> Result<Vec<Ev>, Error> {
    let d = view::parse_from_slice(doc)?;
    let mut out = Vec::new();
    match d {
        Document::Call { method, params } => {
            out.push(Ev::Call(text(&method)));
            for p in params.iter() {
                out.push(Ev::Param);
                walk(&p, &mut out);
            }
        }
        Document::Response(params) => {
            out.push(Ev::Response);
            for p in params.iter() {
                out.push(Ev::Param);
                walk(&p, &mut out);
            }
        }
        Document::Fault { code, string } => out.push(Ev::Fault(code, text(&string))),
    }
    Ok(out)
}

/// One stream event as [`Ev`]; `None` for `NeedMore` and `End`.
pub fn own(e: &Event<'_>) -> Option<Ev> {
    Some(match e {
        Event::NeedMore | Event::End => return None,
        Event::Call { method } => Ev::Call(text(method)),
        Event::Response => Ev::Response,
        Event::Fault { code, string } => Ev::Fault(*code, text(string)),
        Event::Param => Ev::Param,
        Event::StructStart => Ev::StructStart,
        Event::Member(n) => Ev::Member(text(n)),
        Event::StructEnd => Ev::StructEnd,
        Event::ArrayStart => Ev::ArrayStart,
        Event::ArrayEnd => Ev::ArrayEnd,
        Event::Scalar(v) => scalar(v),
    })
}

/// Feeds `doc` in chunks of the given sizes (cycled; 0 counts as 1) through a stream with a
/// `cap`-byte buffer, pulling events after each push. The events, and how it ended.
pub fn streamed(doc: &[u8], cap: usize, chunks: &[usize]) -> (Vec<Ev>, Result<(), Error>) {
    let mut s = Stream::new(vec![0u8; cap]);
    let mut out = Vec::new();
    let mut rest = doc;
    let mut k = 0;
    loop {
        // Pull until the stream needs more.
        loop {
            match s.next_event() {
                Ok(Event::NeedMore) => break,
                Ok(Event::End) => return (out, Ok(())),
                Ok(e) => out.push(own(&e).expect("an event")),
                Err(e) => return (out, Err(e)),
            }
        }
        if rest.is_empty() {
            if s.is_finished() {
                panic!("NeedMore after finish");
            }
            s.finish();
            continue;
        }
        let want = chunks
            .get(k % chunks.len().max(1))
            .copied()
            .unwrap_or(1)
            .max(1);
        k += 1;
        let n = s.push(&rest[..want.min(rest.len())]);
        assert!(n > 0, "a stream that needs more takes bytes");
        rest = &rest[n..];
    }
}

/// Checks the stream against the whole-document decoder for one document and chunking.
///
/// With a buffer that holds the whole document and a byte more (`cap > doc.len() + HEAD`) the results
/// must be identical; with a smaller one the stream may also fail with `ScratchTooSmall`
/// (a token does not fit) but otherwise agrees exactly, invalid UTF-8 after an earlier
/// error included.
pub fn check(doc: &[u8], cap: usize, chunks: &[usize]) {
    let reference = whole(doc);
    let (events, end) = streamed(doc, cap, chunks);
    let fits = cap > doc.len() + Stream::<Vec<u8>>::HEAD;
    match (&reference, &end) {
        (Ok(r), Ok(())) => assert_eq!(
            r,
            &events,
            "same events: {:?}",
            String::from_utf8_lossy(doc)
        ),
        (Ok(_), Err(e)) => assert!(
            !fits && e.kind() == ErrorKind::ScratchTooSmall,
            "whole decodes, stream fails with {e:?}: {:?} cap {cap}",
            String::from_utf8_lossy(doc)
        ),
        (Err(e), Ok(())) => panic!(
            "whole fails with {e:?}, the stream accepts {:?}",
            String::from_utf8_lossy(doc)
        ),
        (Err(r), Err(e)) => {
            if fits || e.kind() != ErrorKind::ScratchTooSmall {
                assert_eq!(
                    r,
                    e,
                    "same error: {:?} cap {cap} chunks {chunks:?}",
                    String::from_utf8_lossy(doc)
                );
            }
        }
    }
    if let Ok(r) = &reference {
        // Events before an error are a prefix of the document's events.
        assert!(r.starts_with(&events) || end.is_ok());
    }
}
