//! Property: random documents (valid ones in every spelling the decoder accepts, and
//! mutated ones), random chunkings and random buffer sizes give the same events and the
//! same errors as the whole-document decoder.

mod stream_support;

use proptest::prelude::*;
use stream_support::{check, whole};

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

/// Misc between elements: nothing, whitespace, a comment, a PI, a char reference.
fn misc(g: &mut Rng, out: &mut String) {
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

/// A tag name in a random letter case.
fn cased(g: &mut Rng, name: &str) -> String {
    if g.chance(6) {
        name.chars()
            .map(|c| {
                if g.chance(2) {
                    c.to_ascii_uppercase()
                } else {
                    c
                }
            })
            .collect()
    } else {
        name.to_string()
    }
}

fn text(g: &mut Rng) -> String {
    let mut s = String::new();
    for _ in 0..g.below(12) {
        s.push_str(g.pick(&[
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
    s
}

fn value(g: &mut Rng, depth: u32, out: &mut String) {
    let v = cased(g, "value");
    misc(g, out);
    let kind = if depth > 4 { g.below(9) } else { g.below(12) };
    let leaf = |g: &mut Rng, out: &mut String, tag: &str, body: &str| {
        let t = cased(g, tag);
        out.push_str(&format!("<{v}><{t}>{body}</{t}>"));
        misc(g, out);
        out.push_str(&format!("</{v}>"));
    };
    match kind {
        0 => {
            let (t, b) = (
                g.pick(&["int", "i4"]),
                g.pick(&["0", "-7", " 42 ", "2147483647", "+1", "-2147483648"]),
            );
            leaf(g, out, t, b)
        }
        1 => {
            let b = g.pick(&["9223372036854775807", "-1", "12"]);
            leaf(g, out, "i8", b)
        }
        2 => {
            let b = g.pick(&["0", "1"]);
            leaf(g, out, "boolean", b)
        }
        3 => {
            let t = text(g);
            leaf(g, out, "string", &t)
        }
        4 => {
            let b = g.pick(&["1.5", "-0.0", "1e-07", "3", " 2.25 "]);
            leaf(g, out, "double", b)
        }
        5 => {
            let b = g.pick(&[
                "20240314T09:00:00",
                "2024-03-14T09:00:00Z",
                "00010101T00:00:00",
            ]);
            leaf(g, out, "dateTime.iso8601", b)
        }
        6 => {
            let b = g.pick(&["", "AA==", "aGVsbG8=\n", "AP8=", "/w=="]);
            leaf(g, out, "base64", b)
        }
        7 => {
            let t = text(g);
            out.push_str(&format!("<{v}>{t}</{v}>"))
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
            out.push_str(&format!("<{v}><{s}>"));
            for _ in 0..g.below(4) {
                misc(g, out);
                let name = g.pick(&["a", "b", "a", "x&amp;y", "participants", ""]);
                out.push_str(&format!("<member><name>{name}</name>"));
                value(g, depth + 1, out);
                misc(g, out);
                out.push_str("</member>");
            }
            misc(g, out);
            out.push_str(&format!("</{s}></{v}>"));
        }
        _ => {
            let a = cased(g, "array");
            let d = cased(g, "data");
            if g.chance(8) {
                out.push_str(&format!("<{v}><{a}/></{v}>"));
                return;
            }
            out.push_str(&format!("<{v}><{a}><{d}>"));
            for _ in 0..g.below(4) {
                value(g, depth + 1, out);
                misc(g, out);
            }
            out.push_str(&format!("</{d}></{a}></{v}>"));
        }
    }
}

fn document(g: &mut Rng) -> String {
    let mut out = String::new();
    out.push_str(g.pick(&[
        "",
        "<?xml version=\"1.0\"?>",
        "<?xml version='1.0' encoding='utf-8'?>\n",
        "\u{FEFF}",
    ]));
    misc(g, &mut out);
    match g.below(5) {
        0 => {
            out.push_str("<methodCall>");
            misc(g, &mut out);
            out.push_str("<methodName>m.x</methodName>");
            if !g.chance(4) {
                out.push_str("<params>");
                for _ in 0..g.below(3) {
                    out.push_str("<param>");
                    value(g, 1, &mut out);
                    out.push_str("</param>");
                    misc(g, &mut out);
                }
                out.push_str("</params>");
            }
            out.push_str("</methodCall>");
        }
        1 => {
            out.push_str("<methodResponse><fault>");
            if g.chance(3) {
                value(g, 1, &mut out);
            } else {
                let t = text(g);
                out.push_str(&format!("<value><struct><member><name>faultCode</name><value><int>4</int></value></member><member><name>faultString</name><value>{t}</value></member></struct></value>"));
            }
            out.push_str("</fault></methodResponse>");
        }
        _ => {
            let r = cased(g, "methodResponse");
            out.push_str(&format!("<{r}><params><param>"));
            value(g, 1, &mut out);
            out.push_str(&format!("</param></params></{r}>"));
        }
    }
    misc(g, &mut out);
    out
}

/// A mutation: truncate, flip or drop a byte, or insert a troublesome snippet.
fn mutate(g: &mut Rng, doc: &mut Vec<u8>) {
    if doc.is_empty() {
        return;
    }
    let at = g.below(doc.len());
    match g.below(5) {
        0 => doc.truncate(at),
        1 => doc[at] = g.next() as u8,
        2 => {
            doc.remove(at);
        }
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
            doc.splice(at..at, snippet.bytes());
        }
    }
}

fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

proptest! {
    // PROPTEST_CASES raises the count for longer runs.
    #![proptest_config(ProptestConfig { cases: cases(3000), ..ProptestConfig::default() })]

    #[test]
    fn random_documents_and_chunkings_agree(seed in any::<u64>(), cap_pick in 0usize..4, chunk_seed in any::<u64>(), mutations in 0usize..3) {
        let mut g = Rng(seed | 1);
        let mut doc = document(&mut g).into_bytes();
        for _ in 0..mutations {
            mutate(&mut g, &mut doc);
        }
        let mut c = Rng(chunk_seed | 1);
        let n = 1 + c.below(6);
        let mut chunks = Vec::new();
        for _ in 0..n {
            let max = if c.chance(2) { 4 } else { 300 };
            chunks.push(1 + c.below(max));
        }
        let cap = match cap_pick {
            0 => doc.len() + 64,
            1 => 64 + c.below(200),
            2 => 256 + c.below(1024),
            _ => 4096,
        };
        check(&doc, cap, &chunks);
    }
}

#[test]
fn the_generator_makes_valid_and_invalid_documents() {
    let (mut ok, mut bad) = (0, 0);
    for seed in 1..500u64 {
        let mut g = Rng(seed);
        let mut doc = document(&mut g).into_bytes();
        if whole(&doc).is_ok() {
            ok += 1;
        }
        mutate(&mut g, &mut doc);
        if whole(&doc).is_err() {
            bad += 1;
        }
    }
    assert!(ok > 400, "valid documents: {ok}");
    assert!(bad > 150, "mutated documents rejected: {bad}");
}
