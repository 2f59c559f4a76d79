//! The document generator of xmlrpc-codec/tests/stream_proptest.rs, ported to fixed
//! buffers: the same xorshift64* generator and the same choices, so a seed gives the same
//! document as on the host. Valid documents in every spelling the decoder accepts (misc
//! between elements, any letter case, entities, CDATA, comments, PIs), and mutations.

use core::fmt::Write;

use crate::xml::Buf;

/// Generated documents' capacity; a seed whose document does not fit is skipped.
pub const DOC: usize = 16 * 1024;

/// A small deterministic generator (xorshift64*).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    pub fn chance(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
    pub fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

/// What a document may contain.
#[derive(Clone, Copy)]
pub struct Kinds {
    /// `dateTime.iso8601` values (the typed decoder hands them over as text).
    pub datetime: bool,
    /// `double` values (the typed decoder without `float` rejects them).
    pub double: bool,
}

/// Everything.
pub const ALL: Kinds = Kinds {
    datetime: true,
    double: true,
};

type Out = Buf<DOC>;

fn misc(g: &mut Rng, out: &mut Out) {
    if g.chance(3) {
        out.push_str(g.pick(&[
            "\n",
            "  ",
            "<!-- c -->",
            "<?pi data?>",
            "\r\n\t",
            "&#32;",
            "<![CDATA[ ]]>",
            "<!---->",
        ]));
    }
}

fn cased(g: &mut Rng, name: &str) -> heapless::String<32> {
    let mut s = heapless::String::new();
    if g.chance(6) {
        for c in name.chars() {
            let c = if g.chance(2) {
                c.to_ascii_uppercase()
            } else {
                c
            };
            let _ = s.push(c);
        }
    } else {
        let _ = s.push_str(name);
    }
    s
}

fn text(g: &mut Rng) -> heapless::String<256> {
    let mut out = heapless::String::new();
    for _ in 0..g.below(12) {
        let _ = out.push_str(g.pick(&[
            "a",
            "Z",
            " ",
            "\t",
            "\n",
            "\r",
            "&amp;",
            "&lt;",
            "&gt;",
            "&quot;",
            "&apos;",
            "&#233;",
            "&#x1F600;",
            "é",
            "😀",
            "<![CDATA[<&>]]>",
            "<!--x-->",
            "<?p?>",
            "]]",
            "hello world",
            "0",
        ]));
    }
    out
}

/// `<value><tag>body</tag>misc</value>`, the tag in a random case.
fn leaf(g: &mut Rng, out: &mut Out, v: &str, tag: &str, body: &str) {
    let t = cased(g, tag);
    let _ = write!(out, "<{v}><{t}>");
    out.push_str(body);
    let _ = write!(out, "</{t}>");
    misc(g, out);
    let _ = write!(out, "</{v}>");
}

/// One value, at `depth`.
pub fn value(g: &mut Rng, depth: u32, out: &mut Out, k: Kinds) {
    let v = cased(g, "value");
    misc(g, out);
    let kind = if depth > 4 { g.below(9) } else { g.below(12) };
    // Excluded kinds become strings (after the same draws, so the rest stays the same).
    match kind {
        0 => {
            let (t, b) = (
                g.pick(&["int", "i4"]),
                g.pick(&["0", "-7", " 42 ", "2147483647", "+1", "-2147483648"]),
            );
            leaf(g, out, &v, t, b)
        }
        1 => {
            let b = g.pick(&["9223372036854775807", "-1", "12"]);
            leaf(g, out, &v, "i8", b)
        }
        2 => {
            let b = g.pick(&["0", "1"]);
            leaf(g, out, &v, "boolean", b)
        }
        3 => {
            let t = text(g);
            leaf(g, out, &v, "string", &t)
        }
        4 => {
            let b = g.pick(&["1.5", "-0.0", "1e-07", "3", " 2.25 "]);
            let tag = if k.double { "double" } else { "string" };
            leaf(g, out, &v, tag, b)
        }
        5 => {
            let b = g.pick(&[
                "20240314T09:00:00",
                "2024-03-14T09:00:00Z",
                "00010101T00:00:00",
            ]);
            let tag = if k.datetime {
                "dateTime.iso8601"
            } else {
                "string"
            };
            leaf(g, out, &v, tag, b)
        }
        6 => {
            let b = g.pick(&["", "AA==", "aGVsbG8=\n", "AP8=", "/w=="]);
            leaf(g, out, &v, "base64", b)
        }
        7 => {
            let t = text(g);
            let _ = write!(out, "<{v}>{t}</{v}>");
        }
        8 => out.push_str(g.pick(&[
            "<value/>",
            "<value></value>",
            "<value><nil/></value>",
            "<value><ex:nil/></value>",
            "<value><string/></value>",
        ])),
        9 | 10 => {
            let s = cased(g, "struct");
            let _ = write!(out, "<{v}><{s}>");
            for _ in 0..g.below(4) {
                misc(g, out);
                let name = g.pick(&["a", "b", "a", "x&amp;y", "participants", ""]);
                let _ = write!(out, "<member><name>{name}</name>");
                value(g, depth + 1, out, k);
                misc(g, out);
                out.push_str("</member>");
            }
            misc(g, out);
            let _ = write!(out, "</{s}></{v}>");
        }
        _ => {
            let a = cased(g, "array");
            let d = cased(g, "data");
            if g.chance(8) {
                let _ = write!(out, "<{v}><{a}/></{v}>");
                return;
            }
            let _ = write!(out, "<{v}><{a}><{d}>");
            for _ in 0..g.below(4) {
                value(g, depth + 1, out, k);
                misc(g, out);
            }
            let _ = write!(out, "</{d}></{a}></{v}>");
        }
    }
}

/// A whole document (call, fault or response), as the host's `document`.
pub fn document(g: &mut Rng, out: &mut Out, k: Kinds) {
    out.clear();
    out.push_str(g.pick(&[
        "",
        "<?xml version=\"1.0\"?>",
        "<?xml version='1.0' encoding='utf-8'?>\n",
        "\u{FEFF}",
    ]));
    misc(g, out);
    match g.below(5) {
        0 => {
            out.push_str("<methodCall>");
            misc(g, out);
            out.push_str("<methodName>m.x</methodName>");
            if !g.chance(4) {
                out.push_str("<params>");
                for _ in 0..g.below(3) {
                    out.push_str("<param>");
                    value(g, 1, out, k);
                    out.push_str("</param>");
                    misc(g, out);
                }
                out.push_str("</params>");
            }
            out.push_str("</methodCall>");
        }
        1 => {
            out.push_str("<methodResponse><fault>");
            if g.chance(3) {
                value(g, 1, out, k);
            } else {
                out.push_str("<value><struct><member><name>faultCode</name><value><int>4</int></value></member><member><name>faultString</name><value>");
                let t = text(g);
                out.push_str(&t);
                out.push_str("</value></member></struct></value>");
            }
            out.push_str("</fault></methodResponse>");
        }
        _ => {
            let r = cased(g, "methodResponse");
            let _ = write!(out, "<{r}><params><param>");
            value(g, 1, out, k);
            let _ = write!(out, "</param></params></{r}>");
        }
    }
    misc(g, out);
}

/// A mutation: truncate, flip or drop a byte, or insert a troublesome snippet.
pub fn mutate(g: &mut Rng, doc: &mut Out) {
    if doc.len() == 0 {
        return;
    }
    let at = g.below(doc.len());
    match g.below(5) {
        0 => doc.truncate(at),
        1 => doc.set(at, g.next() as u8),
        2 => doc.remove(at),
        _ => {
            let snippet = g.pick(&[
                "<",
                "&",
                "&bogus;",
                "&#0;",
                "]]>",
                "<!DOCTYPE x>",
                "</value>",
                "<value>",
                "<int>1</int>",
                "\u{1}",
                "<?xml version=\"1.0\"?>",
                "<!-- -- -->",
                "\u{FFFE}",
                "<data>",
                "</member>",
                "x",
                " a='1'",
                "/>",
                "\u{FF}",
            ]);
            doc.insert(at, snippet.as_bytes());
        }
    }
}
