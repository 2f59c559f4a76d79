//! The names of open elements, kept without their bytes.
//!
//! An end tag must repeat its start tag's name byte for byte. The whole-document reader
//! compares against the start tag in the input; a stream has compacted that away long
//! before the end tag arrives. Every element a stream keeps open is one of a few known
//! words, matched in any letter case, so a bit per letter (set: upper case) is enough to
//! write the exact name back into the buffer's reserved head, where the shared reader
//! finds it.

use crate::reader::Open;

/// `methodResponse` / `methodCall`.
pub(super) const ROOT_RESPONSE: &[u8] = b"methodresponse";
/// `methodCall`.
pub(super) const ROOT_CALL: &[u8] = b"methodcall";
/// `params`.
pub(super) const PARAMS: &[u8] = b"params";
/// `param`.
pub(super) const PARAM: &[u8] = b"param";
/// `value`.
pub(super) const VALUE: &[u8] = b"value";
/// `struct`.
pub(super) const STRUCT: &[u8] = b"struct";
/// `array`.
pub(super) const ARRAY: &[u8] = b"array";
/// `data`.
pub(super) const DATA: &[u8] = b"data";

/// Where each name is written in the reserved head of the buffer.
pub(super) const ROOT_AT: usize = 0;
pub(super) const PARAMS_AT: usize = 14;
pub(super) const PARAM_AT: usize = 20;
pub(super) const VALUE_AT: usize = 25;
pub(super) const OUTER_AT: usize = 30;
pub(super) const DATA_AT: usize = 36;
/// Bytes reserved at the head of the buffer.
pub(super) const HEAD: usize = 40;

/// Upper-case mask of `name` (a case variant of a known word).
pub(super) fn mask(name: &[u8]) -> u16 {
    name.iter()
        .take(16)
        .enumerate()
        .fold(0, |m, (i, c)| m | (u16::from(c.is_ascii_uppercase()) << i))
}

/// Writes `word` with the letter case of `mask` at `at`; returns the [`Open`] that names it.
pub(super) fn write(buf: &mut [u8], at: usize, word: &[u8], mask: u16, empty: bool) -> Open {
    if let Some(dst) = buf.get_mut(at..at + word.len()) {
        for (i, (d, &c)) in dst.iter_mut().zip(word).enumerate() {
            *d = if mask >> i & 1 == 1 {
                c.to_ascii_uppercase()
            } else {
                c
            };
        }
    }
    Open {
        name_start: at,
        name_end: at + word.len(),
        empty,
    }
}

/// One open struct or array: its `<value>`, `<struct>`/`<array>` and `<data>` elements,
/// packed in 32 bits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Frame(u32);

impl Frame {
    const ARRAY: u32 = 1 << 5;
    const OUTER_EMPTY: u32 = 1 << 12;
    const HAS_DATA: u32 = 1 << 13;
    const DATA_EMPTY: u32 = 1 << 14;

    /// A frame from the opened elements' names and flags.
    pub(super) fn new(
        value: &[u8],
        array: bool,
        outer: &[u8],
        outer_empty: bool,
        data: Option<(&[u8], bool)>,
    ) -> Frame {
        let mut f = u32::from(mask(value)) & 0x1F;
        if array {
            f |= Self::ARRAY;
        }
        f |= (u32::from(mask(outer)) & 0x3F) << 6;
        if outer_empty {
            f |= Self::OUTER_EMPTY;
        }
        if let Some((name, empty)) = data {
            f |= Self::HAS_DATA;
            if empty {
                f |= Self::DATA_EMPTY;
            }
            f |= (u32::from(mask(name)) & 0xF) << 15;
        }
        Frame(f)
    }

    /// Whether this is an array.
    pub(super) fn is_array(self) -> bool {
        self.0 & Self::ARRAY != 0
    }

    /// Writes the names into the buffer head; returns the container the reader expects.
    pub(super) fn write(self, buf: &mut [u8]) -> crate::reader::Container {
        let f = self.0;
        write(buf, VALUE_AT, VALUE, (f & 0x1F) as u16, false);
        let word = if self.is_array() { ARRAY } else { STRUCT };
        write(buf, OUTER_AT, word, ((f >> 6) & 0x3F) as u16, false);
        if f & Self::HAS_DATA != 0 {
            write(buf, DATA_AT, DATA, ((f >> 15) & 0xF) as u16, false);
        }
        self.container()
    }

    /// The container the reader expects, the names being in the buffer head already.
    pub(super) fn container(self) -> crate::reader::Container {
        let f = self.0;
        let open = |at: usize, word: &[u8], empty: bool| Open {
            name_start: at,
            name_end: at + word.len(),
            empty,
        };
        let word = if self.is_array() { ARRAY } else { STRUCT };
        crate::reader::Container {
            value: open(VALUE_AT, VALUE, false),
            outer: open(OUTER_AT, word, f & Self::OUTER_EMPTY != 0),
            data: (f & Self::HAS_DATA != 0).then(|| open(DATA_AT, DATA, f & Self::DATA_EMPTY != 0)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_frame_writes_back_the_exact_names() {
        let f = Frame::new(b"VaLue", true, b"ARRAY", false, Some((b"dAtA", true)));
        let mut buf = [0u8; HEAD];
        let c = f.write(&mut buf);
        assert_eq!(&buf[c.value.name_start..c.value.name_end], b"VaLue");
        assert_eq!(&buf[c.outer.name_start..c.outer.name_end], b"ARRAY");
        let d = c.data.unwrap();
        assert_eq!(&buf[d.name_start..d.name_end], b"dAtA");
        assert!(d.empty && !c.outer.empty);
    }

    #[test]
    fn root_names_fit_their_slots() {
        assert!(ROOT_AT + ROOT_RESPONSE.len() <= PARAMS_AT);
        assert!(PARAMS_AT + PARAMS.len() <= PARAM_AT);
        assert!(PARAM_AT + PARAM.len() <= VALUE_AT);
        assert!(VALUE_AT + VALUE.len() <= OUTER_AT);
        assert!(OUTER_AT + STRUCT.len() <= DATA_AT);
        assert!(DATA_AT + DATA.len() <= HEAD);
        let mut buf = [0u8; HEAD];
        let o = write(
            &mut buf,
            ROOT_AT,
            ROOT_RESPONSE,
            mask(b"methodResponse"),
            false,
        );
        assert_eq!(&buf[o.name_start..o.name_end], b"methodResponse");
    }
}
