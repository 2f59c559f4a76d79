//! The peers, each through its own public API: `dxr` 0.9, `serde_xmlrpc` 0.3.0-alpha.2,
//! `xmlrpc` 0.15 (into their own value trees), and raw `xmlparser` / `quick-xml` tokenization.

use std::hint::black_box;

use super::types::OwnedEnumerate;

/// dxr 0.9: a whole document into `MethodCall` / `MethodResponse` (value trees).
pub mod dxr_peer {
    /// A decoded document.
    #[derive(Debug)]
    pub enum Doc {
        /// `methodCall`.
        Call(dxr::MethodCall<'static>),
        /// `methodResponse`.
        Response(dxr::MethodResponse),
    }

    /// Decode `text` as a call or a response.
    pub fn decode(text: &str, is_call: bool) -> Doc {
        if is_call {
            let call = dxr::MethodCall::from_xml(text).expect("dxr decodes the payload");
            Doc::Call(dxr::MethodCall {
                name: call.name.into_owned().into(),
                params: call.params,
            })
        } else {
            Doc::Response(dxr::MethodResponse::from_xml(text).expect("dxr decodes the payload"))
        }
    }

    impl PartialEq for Doc {
        fn eq(&self, other: &Doc) -> bool {
            match (self, other) {
                (Doc::Call(a), Doc::Call(b)) => a.name == b.name && a.params == b.params,
                (Doc::Response(a), Doc::Response(b)) => a.value == b.value,
                _ => false,
            }
        }
    }

    /// Encode a decoded document back to XML.
    pub fn encode(doc: &Doc) -> String {
        match doc {
            Doc::Call(call) => call.to_xml(),
            Doc::Response(response) => response.to_xml(),
        }
        .expect("dxr encodes its own tree")
    }
}

/// serde_xmlrpc 0.3.0-alpha.2: `request_from_str` / `response_from_str::<Value>`, and a typed
/// response (owned strings: its deserializer offers no borrowed ones).
pub mod serde_xmlrpc_peer {
    use super::OwnedEnumerate;

    /// A decoded document: the method name (calls only) and the params.
    #[derive(Clone)]
    pub struct Doc {
        /// The method name of a call.
        pub method: Option<String>,
        /// The params (a response has exactly one).
        pub params: Vec<serde_xmlrpc::Value>,
    }

    /// Decode `text` as a call or a response.
    pub fn decode(text: &str, is_call: bool) -> Doc {
        if is_call {
            let (method, params) =
                serde_xmlrpc::request_from_str(text).expect("serde_xmlrpc decodes the payload");
            Doc {
                method: Some(method),
                params,
            }
        } else {
            let value = serde_xmlrpc::response_from_str::<serde_xmlrpc::Value>(text)
                .expect("serde_xmlrpc decodes the payload");
            Doc {
                method: None,
                params: vec![value],
            }
        }
    }

    /// Decode the participant.enumerate response into owned typed structs.
    pub fn decode_typed_enumerate(text: &str) -> OwnedEnumerate {
        serde_xmlrpc::response_from_str(text).expect("serde_xmlrpc decodes the payload typed")
    }

    /// Encode (consumes the params: its API takes values by value).
    pub fn encode(doc: Doc) -> String {
        match doc.method {
            Some(method) => serde_xmlrpc::request_to_string(&method, doc.params.into_iter()),
            None => serde_xmlrpc::response_to_string(doc.params.into_iter()),
        }
        .expect("serde_xmlrpc encodes its own tree")
    }
}

/// xmlrpc 0.15: a client, so it parses responses only (through a `Transport` that hands back
/// the bytes) and writes requests and single values.
pub mod xmlrpc_peer {
    use std::error::Error;

    struct Bytes<'a>(&'a [u8]);

    impl<'a> xmlrpc::Transport for Bytes<'a> {
        type Stream = &'a [u8];

        fn transmit(
            self,
            _request: &xmlrpc::Request<'_>,
        ) -> Result<Self::Stream, Box<dyn Error + Send + Sync>> {
            Ok(self.0)
        }
    }

    /// Decode a `methodResponse` into its value tree.
    pub fn decode_response_in_place(text: &str) -> xmlrpc::Value {
        xmlrpc::Request::new("bench")
            .call(Bytes(text.as_bytes()))
            .expect("xmlrpc decodes the payload")
    }

    /// Encode a call (the request is built outside the timed loop).
    pub fn encode_call(request: &xmlrpc::Request<'_>, out: &mut Vec<u8>) {
        request
            .write_as_xml(out)
            .expect("writing into a Vec cannot fail");
    }

    /// Encode a response: the crate writes values only, the envelope is written around it.
    pub fn encode_response(value: &xmlrpc::Value, out: &mut Vec<u8>) {
        out.extend_from_slice(
            b"<?xml version=\"1.0\" encoding=\"utf-8\"?><methodResponse><params><param>",
        );
        value
            .write_as_xml(out)
            .expect("writing into a Vec cannot fail");
        out.extend_from_slice(b"</param></params></methodResponse>");
    }
}

/// Every token of `text` through xmlparser; returns the token count.
pub fn xmlparser_tokens(text: &str) -> usize {
    let mut count = 0;
    for token in xmlparser::Tokenizer::from(text) {
        black_box(token.expect("xmlparser tokenizes the payload"));
        count += 1;
    }
    count
}

/// Every event of `text` through quick-xml's borrowing reader; returns the event count.
pub fn quick_xml_events(text: &str) -> usize {
    let mut reader = quick_xml::Reader::from_str(text);
    let mut count = 0;
    loop {
        match reader
            .read_event()
            .expect("quick-xml tokenizes the payload")
        {
            quick_xml::events::Event::Eof => return count,
            event => {
                black_box(event);
                count += 1;
            }
        }
    }
}
