//! A fixed-capacity byte buffer that documents are written into (no allocator), and a
//! CPython-style `methodCall` writer for the request-fault table.

use core::fmt;

/// Bytes written into a fixed array; writing past the end sets `overflow` and drops the rest.
pub struct Buf<const N: usize> {
    bytes: [u8; N],
    len: usize,
    /// Whether something did not fit.
    pub overflow: bool,
}

impl<const N: usize> Buf<N> {
    /// An empty buffer.
    pub const fn new() -> Self {
        Buf {
            bytes: [0; N],
            len: 0,
            overflow: false,
        }
    }

    /// Empties it.
    pub fn clear(&mut self) {
        self.len = 0;
        self.overflow = false;
    }

    /// Appends bytes.
    pub fn push(&mut self, b: &[u8]) {
        match self.bytes.get_mut(self.len..self.len + b.len()) {
            Some(dst) => {
                dst.copy_from_slice(b);
                self.len += b.len();
            }
            None => self.overflow = true,
        }
    }

    /// Appends text.
    pub fn push_str(&mut self, s: &str) {
        self.push(s.as_bytes());
    }

    /// The bytes written.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes[..self.len]
    }

    /// The bytes written, mutable (for in-place decoding).
    pub fn as_mut(&mut self) -> &mut [u8] {
        &mut self.bytes[..self.len]
    }

    /// Bytes written.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Drops the bytes from `at` on.
    pub fn truncate(&mut self, at: usize) {
        self.len = self.len.min(at);
    }

    /// Replaces byte `at`.
    pub fn set(&mut self, at: usize, b: u8) {
        if let Some(x) = self.bytes[..self.len].get_mut(at) {
            *x = b;
        }
    }

    /// Removes byte `at`.
    pub fn remove(&mut self, at: usize) {
        if at < self.len {
            self.bytes.copy_within(at + 1..self.len, at);
            self.len -= 1;
        }
    }

    /// Inserts `b` at `at`.
    pub fn insert(&mut self, at: usize, b: &[u8]) {
        if self.len + b.len() > N || at > self.len {
            self.overflow = true;
            return;
        }
        self.bytes.copy_within(at..self.len, at + b.len());
        self.bytes[at..at + b.len()].copy_from_slice(b);
        self.len += b.len();
    }
}

impl<const N: usize> fmt::Write for Buf<N> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.push_str(s);
        Ok(())
    }
}

/// A parameter value as CPython's `xmlrpc.client.dumps` writes it.
#[derive(Clone, Copy)]
pub enum V<'a> {
    /// `str` -> `<string>`.
    S(&'a str),
    /// `int` -> `<int>`.
    I(i32),
    /// `True`/`False` -> `<boolean>`.
    B(bool),
    /// `float` -> `<double>` (the text CPython writes).
    D(&'a str),
    /// `list` -> `<array>`.
    L(&'a [V<'a>]),
    /// `dict` -> `<struct>`.
    M(&'a [(&'a str, V<'a>)]),
}

fn escape<const N: usize>(out: &mut Buf<N>, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => {
                let mut b = [0u8; 4];
                out.push_str(c.encode_utf8(&mut b));
            }
        }
    }
}

fn value<const N: usize>(out: &mut Buf<N>, v: &V<'_>) {
    use fmt::Write;
    match v {
        V::S(s) => {
            out.push_str("<value><string>");
            escape(out, s);
            out.push_str("</string></value>\n");
        }
        V::I(i) => {
            let _ = writeln!(out, "<value><int>{i}</int></value>");
        }
        V::B(b) => {
            let _ = writeln!(out, "<value><boolean>{}</boolean></value>", u8::from(*b));
        }
        V::D(d) => {
            let _ = writeln!(out, "<value><double>{d}</double></value>");
        }
        V::L(items) => {
            out.push_str("<value><array><data>\n");
            for item in *items {
                value(out, item);
            }
            out.push_str("</data></array></value>\n");
        }
        V::M(members) => {
            out.push_str("<value><struct>\n");
            for (name, v) in *members {
                out.push_str("<member>\n<name>");
                escape(out, name);
                out.push_str("</name>\n");
                value(out, v);
                out.push_str("</member>\n");
            }
            out.push_str("</struct></value>\n");
        }
    }
}

/// `xmlrpc.client.dumps(tuple(params), methodname=method)`, byte for byte in structure.
pub fn call<const N: usize>(out: &mut Buf<N>, method: &str, params: &[V<'_>]) {
    out.clear();
    out.push_str("<?xml version='1.0'?>\n<methodCall>\n<methodName>");
    escape(out, method);
    out.push_str("</methodName>\n<params>\n");
    for p in params {
        out.push_str("<param>\n");
        value(out, p);
        out.push_str("</param>\n");
    }
    out.push_str("</params>\n</methodCall>\n");
}
