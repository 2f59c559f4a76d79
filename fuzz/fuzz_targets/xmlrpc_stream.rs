//! Arbitrary bytes pushed with arbitrary chunk boundaries through the streaming reader agree
//! with the whole-document decoder: with a buffer that holds the document, the same events
//! and the same error (kind, offset, members); with a small buffer, the same unless a token
//! does not fit (`ScratchTooSmall`), invalid UTF-8 after an earlier error included. The typed
//! item stream never panics, never accepts a response the whole-document decoder rejects,
//! and fails with the same error as it unless a token does not fit.
#![no_main]

use arbitrary::Arbitrary;
use baton_xmlrpc::owned;
use baton_xmlrpc::stream::{Event, Item, Items, Stream};
use baton_xmlrpc::view::{self, Document, Value};
use baton_xmlrpc::{decode_response_from_slice, Error, ErrorKind, Response};
use libfuzzer_sys::fuzz_target;
use serde::Deserialize;

#[derive(Debug, Arbitrary)]
struct Input {
    /// Chunk sizes, cycled (0 counts as 1).
    chunks: Vec<u8>,
    /// Picks the small buffer's size.
    small: u16,
    doc: Vec<u8>,
}

fn walk(v: &Value<'_>, out: &mut Vec<String>) {
    match v {
        Value::Struct(s) => {
            out.push("StructStart".into());
            for (name, v) in s.iter() {
                out.push(format!("Member({name:?})"));
                walk(&v, out);
            }
            out.push("StructEnd".into());
        }
        Value::Array(a) => {
            out.push("ArrayStart".into());
            for v in a.iter() {
                walk(&v, out);
            }
            out.push("ArrayEnd".into());
        }
        other => out.push(format!("Scalar({other:?})")),
    }
}

fn whole(doc: &[u8]) -> Result<Vec<String>, Error> {
    let mut out = Vec::new();
    match view::parse_from_slice(doc)? {
        Document::Call { method, params } => {
            out.push(format!("Call {{ method: {method:?} }}"));
            for p in params.iter() {
                out.push("Param".into());
                walk(&p, &mut out);
            }
        }
        Document::Response(params) => {
            out.push("Response".into());
            for p in params.iter() {
                out.push("Param".into());
                walk(&p, &mut out);
            }
        }
        Document::Fault { code, string } => {
            out.push(format!("Fault {{ code: {code:?}, string: {string:?} }}"))
        }
    }
    Ok(out)
}

fn chunk(chunks: &[u8], k: usize) -> usize {
    if chunks.is_empty() {
        return 1 + k % 7;
    }
    usize::from(chunks[k % chunks.len()]).max(1)
}

fn streamed(doc: &[u8], cap: usize, chunks: &[u8]) -> (Vec<String>, Result<(), Error>) {
    let mut s = Stream::new(vec![0u8; cap]);
    let mut out = Vec::new();
    let (mut rest, mut k) = (doc, 0);
    loop {
        match s.next_event() {
            Ok(Event::NeedMore) => {
                if rest.is_empty() {
                    assert!(!s.is_finished(), "NeedMore after finish");
                    s.finish();
                } else {
                    let n = s.push(&rest[..chunk(chunks, k).min(rest.len())]);
                    assert!(n > 0, "a stream that needs more takes bytes");
                    rest = &rest[n..];
                    k += 1;
                }
            }
            Ok(Event::End) => return (out, Ok(())),
            Ok(Event::Scalar(v)) => out.push(format!("Scalar({v:?})")),
            Ok(Event::Member(n)) => out.push(format!("Member({n:?})")),
            Ok(e) => out.push(format!("{e:?}")),
            Err(e) => return (out, Err(e)),
        }
    }
}

#[derive(Debug, Deserialize)]
struct Top {
    #[serde(default)]
    items: Vec<owned::Value>,
}

fn items(doc: &[u8], cap: usize, chunks: &[u8]) -> Result<Vec<owned::Value>, Error> {
    let mut it = Items::new(vec![0u8; cap], "items");
    let mut out = Vec::new();
    let (mut rest, mut k) = (doc, 0);
    loop {
        match it.next_item::<owned::Value>()? {
            Item::NeedMore => {
                if rest.is_empty() {
                    it.finish();
                } else {
                    let n = it.push(&rest[..chunk(chunks, k).min(rest.len())]);
                    assert!(n > 0);
                    rest = &rest[n..];
                    k += 1;
                }
            }
            Item::Element(v) => out.push(v),
            Item::Member(..) | Item::Fault(_) => {}
            Item::End => return Ok(out),
        }
    }
}

fuzz_target!(|input: Input| {
    let doc = &input.doc[..];
    let reference = whole(doc);
    let head = Stream::<Vec<u8>>::HEAD;

    // A buffer that holds the document (and a byte more): identical.
    let (events, end) = streamed(doc, doc.len() + head + 1, &input.chunks);
    match (&reference, &end) {
        (Ok(r), Ok(())) => assert_eq!(r, &events),
        (Err(r), Err(e)) => assert_eq!(r, e),
        _ => panic!("whole {reference:?}, stream {end:?}"),
    }

    // A small buffer: identical unless a token does not fit.
    let cap = head + 16 + usize::from(input.small % 1024);
    let (events, end) = streamed(doc, cap, &input.chunks);
    match (&reference, &end) {
        (Ok(r), Ok(())) => assert_eq!(r, &events),
        (_, Err(e)) if e.kind() == ErrorKind::ScratchTooSmall => {}
        (Err(r), Err(e)) => assert_eq!(r, e),
        _ => panic!("whole {reference:?}, small stream {end:?}"),
    }

    // Typed items: never panics; what it accepts, the whole decoder accepts.
    let typed = items(doc, cap.max(256), &input.chunks);
    let mut scratch = vec![0u8; doc.len()];
    let w = decode_response_from_slice::<Top>(doc, &mut scratch);
    match (&typed, w) {
        // Last wins for a repeated array member: the stream yields every one.
        (Ok(streamed), Ok(Response::Value(top))) => assert!(top.items.len() <= streamed.len()),
        (Ok(streamed), Ok(Response::Fault(_))) => assert!(streamed.is_empty()),
        (Ok(_), Err(e)) => panic!("items accepted what the whole decoder rejects: {e:?}"),
        (Err(e), _) if e.kind() == ErrorKind::ScratchTooSmall => {}
        (Err(e), Err(r)) => assert_eq!(&r, e, "items and the whole decoder"),
        (Err(e), Ok(_)) => {
            // Only a response whose value is not a struct, or whose `items` member is not an
            // array, is refused by the stream and not by a struct with defaults.
            assert_eq!(e.kind(), ErrorKind::InvalidType, "{e:?}");
        }
    }
});
