//! The exact contract the stream relies on: a cut document is *incomplete*, never another
//! error. Every strict prefix of a well-formed document (cut anywhere before its root
//! element ends) fails with `UnexpectedEof`, which the stream turns into "need more input"
//! (or `ScratchTooSmall` in a full buffer); any other error is final as soon as its bytes
//! are in.

mod stream_support;

use baton_xmlrpc::stream::{Event, Stream};
use baton_xmlrpc::ErrorKind;
use stream_support::whole;

/// Documents exercising every lexical form: the golden files and hand-written ones with
/// the XML declaration, comments, PIs, CDATA, entities, attributes, empty tags, type
/// elements in other letter cases and `nil` with a prefix.
fn documents() -> Vec<Vec<u8>> {
    let mut docs: Vec<Vec<u8>> = Vec::new();
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../testdata/golden");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .expect("golden dir")
        .map(|e| e.expect("entry").path())
        .collect();
    names.sort();
    for p in names {
        docs.push(std::fs::read(p).expect("golden file"));
    }
    for d in [
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone='yes' ?>\n<!-- c -->\n<?pi x?>\n<methodCall><methodName>a.b</methodName><params><param><value><i4>-5</i4></value></param></params></methodCall>\n<!-- after -->\n",
        "\u{feff}<methodResponse ><params\n><param><value>untyped &amp; &#x41;<![CDATA[<x>]]></value></param></params></methodResponse >",
        "<methodResponse><params><param><value><STRUCT a=\"1\" b='&lt;'><member><name>n&amp;</name><value><ex:nil/></value></member><member><name>e</name><value/></member></STRUCT></value></param></params></methodResponse>",
        "<methodResponse><params><param><value><array><data><value><Int> 7 </Int></value><value><boolean>1</boolean></value><value><double>-1.5e3</double></value><value><dateTime.iso8601>20240101T10:11:12</dateTime.iso8601></value><value><base64>aGVs\nbG8=</base64></value><value><base64/></value><value><i8>-9000000000</i8></value><value><string/></value><value><!--x--><string>a<!--y-->b<?p q?></string><?r?></value></data></array></value></param></params></methodResponse>",
        "<methodResponse><params><param><value><array><data/></array></value></param><param><value><array/></value></param><param><value><struct/></value></param></params></methodResponse>",
        "<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>4</int></value></member><member><name>faultString</name><value>Too many &quot;x&quot;</value></member></struct></value></fault></methodResponse>",
        "<methodCall><methodName>x</methodName></methodCall>",
        "<methodCall><methodName>y</methodName><params/></methodCall>",
        "<methodResponse><params><param><value><string>caf\u{e9} \u{4e2d}\u{1F600}</string></value></param></params></methodResponse>",
    ] {
        docs.push(d.as_bytes().to_vec());
    }
    docs
}

/// Where the root element ends (prefixes from there on may be complete documents).
fn root_end(doc: &[u8]) -> usize {
    let text = std::str::from_utf8(doc).expect("UTF-8");
    ["</methodResponse", "</methodCall", "</METHODRESPONSE"]
        .iter()
        .filter_map(|t| text.rfind(t))
        .max()
        .expect("a root end tag")
}

/// Rule (the exact contract): a well-formed document cut anywhere before its root element
/// ends is incomplete, never an error: the stream answers `NeedMore` with no error pending
/// (and, finished there, fails as the whole-document decoder does on the cut bytes).
#[test]
fn every_cut_of_a_valid_document_is_incomplete() {
    for doc in documents() {
        assert!(whole(&doc).is_ok(), "{}", String::from_utf8_lossy(&doc));
        for p in 0..root_end(&doc) {
            let mut s = Stream::new(vec![0u8; doc.len() + 64]);
            assert_eq!(s.push(&doc[..p]), p);
            loop {
                match s.next_event() {
                    Ok(Event::NeedMore) => break,
                    Ok(_) => {}
                    Err(e) => panic!(
                        "cut at {p}: {e:?}: {:?}",
                        String::from_utf8_lossy(&doc[..p])
                    ),
                }
            }
            assert_eq!(
                s.pending_error(),
                None,
                "cut at {p}: {:?}",
                String::from_utf8_lossy(&doc[..p])
            );
            s.finish();
            let end = loop {
                match s.next_event() {
                    Ok(Event::End) => break Ok(()),
                    Ok(Event::NeedMore) => panic!("finished, yet NeedMore"),
                    Ok(_) => {}
                    Err(e) => break Err(e),
                }
            };
            assert_eq!(
                end.err(),
                whole(&doc[..p]).err(),
                "cut at {p}: {:?}",
                String::from_utf8_lossy(&doc[..p])
            );
        }
    }
}

/// Rule (the exact contract): an error is known as soon as its bytes are in, with room
/// left in the buffer: the stream does not wait for more input to decide.
#[test]
fn an_error_is_known_as_soon_as_its_bytes_are_in() {
    let head = b"<methodResponse><params><param><value><array><data><value><int>1</int></value><value><int>x</int></value>";
    let mut doc = head.to_vec();
    doc.extend(std::iter::repeat_n(b' ', 2000));
    doc.extend_from_slice(b"</data></array></value></param></params></methodResponse>");
    let expected = whole(&doc).unwrap_err();
    assert_eq!(expected.kind(), ErrorKind::InvalidInteger);
    let mut s = Stream::new(vec![0u8; 8192]);
    assert_eq!(s.push(head), head.len());
    loop {
        match s.next_event() {
            Ok(Event::NeedMore) => break,
            Ok(_) => {}
            Err(e) => panic!("{e:?} before the end of input"),
        }
    }
    assert_eq!(s.pending_error(), Some(&expected));
}

/// Rule (the exact contract): in a full buffer, a complete token that is an error is that
/// error (not `ScratchTooSmall`); only an incomplete one is `ScratchTooSmall`.
#[test]
fn a_complete_bad_token_at_the_end_of_a_full_buffer_is_its_error() {
    let head = b"<methodResponse><params><param><value><int>12x</int></value>";
    let mut doc = head.to_vec();
    doc.extend_from_slice(b"</param></params></methodResponse>");
    let expected = whole(&doc).unwrap_err();
    assert_eq!(expected.kind(), ErrorKind::InvalidInteger);
    // The buffer holds exactly the head: full, the bad token complete at its very end.
    let cap = Stream::<Vec<u8>>::HEAD + head.len();
    let mut s = Stream::new(vec![0u8; cap]);
    assert_eq!(s.push(&doc), head.len());
    let mut rest = &doc[head.len()..];
    let end = loop {
        match s.next_event() {
            Ok(Event::NeedMore) if rest.is_empty() => s.finish(),
            Ok(Event::NeedMore) => {
                let n = s.push(rest);
                rest = &rest[n..];
            }
            Ok(Event::End) => break Ok(()),
            Ok(_) => {}
            Err(e) => break Err(e),
        }
    };
    assert_eq!(end, Err(expected));
}
