//! JSON paths such as `aliases[2].exact_match`, naming the offending
//! field of an error. Fixed size, `Copy`, borrowed names.

use core::fmt;

/// How many `key[index]` steps a [`JsonPath`] holds; deeper paths are
/// cut (and [`JsonPath::is_truncated`] says so). Every field of the
/// spec's objects is within 3 steps (`participant_cost[0].resources[1].value`).
pub const PATH_STEPS: usize = 3;

const NO_INDEX: u16 = u16::MAX;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Step<'a> {
    key: &'a str,
    index: u16,
}

/// A path to a value in a JSON document: member names and array indices.
///
/// Displayed as `aliases[2].exact_match`; the document root is the empty
/// string (as in the Conductor's `validation_errors`), a root array's
/// element `[0]`.
///
/// ```
/// use baton_rest::JsonPath;
///
/// let p = JsonPath::field("aliases").index(2).key("exact_match");
/// assert_eq!(p.to_string(), "aliases[2].exact_match");
/// assert_eq!((p.first_key(), p.last_key()), (Some("aliases"), Some("exact_match")));
/// assert_eq!(JsonPath::ROOT.to_string(), "");
/// assert!(JsonPath::ROOT.is_root() && !p.is_root());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JsonPath<'a> {
    steps: [Step<'a>; PATH_STEPS],
    len: u8,
    truncated: bool,
}

impl Default for JsonPath<'_> {
    fn default() -> Self {
        Self::ROOT
    }
}

impl<'a> JsonPath<'a> {
    /// The document root.
    pub const ROOT: JsonPath<'static> = JsonPath {
        steps: [Step {
            key: "",
            index: NO_INDEX,
        }; PATH_STEPS],
        len: 0,
        truncated: false,
    };

    /// The root's member `key`.
    pub fn field(key: &'a str) -> Self {
        JsonPath::ROOT.key(key)
    }

    /// This path's member `key`.
    pub fn key(mut self, key: &'a str) -> Self {
        match self.steps.get_mut(usize::from(self.len)) {
            Some(step) => {
                *step = Step {
                    key,
                    index: NO_INDEX,
                };
                self.len += 1;
            }
            None => self.truncated = true,
        }
        self
    }

    /// This path's array element `index`.
    pub fn index(mut self, index: usize) -> Self {
        let index = u16::try_from(index)
            .unwrap_or(NO_INDEX - 1)
            .min(NO_INDEX - 1);
        let last = usize::from(self.len).checked_sub(1);
        match last.and_then(|i| self.steps.get_mut(i)) {
            Some(step) if step.index == NO_INDEX => step.index = index,
            _ => {
                if let Some(step) = self.steps.get_mut(usize::from(self.len)) {
                    *step = Step { key: "", index };
                    self.len += 1;
                } else {
                    self.truncated = true;
                }
            }
        }
        self
    }

    /// Whether this is the document root.
    pub fn is_root(&self) -> bool {
        self.len == 0
    }

    /// Whether steps were cut because the path is deeper than
    /// [`PATH_STEPS`].
    pub fn is_truncated(&self) -> bool {
        self.truncated
    }

    /// The first member name on the path (for an XML-RPC parameter, the
    /// parameter's name), if any.
    pub fn first_key(&self) -> Option<&'a str> {
        let first = self.steps.get(..usize::from(self.len))?.first()?;
        (!first.key.is_empty()).then_some(first.key)
    }

    /// The last member name on the path, if any.
    pub fn last_key(&self) -> Option<&'a str> {
        let last = self.steps.get(usize::from(self.len).checked_sub(1)?)?;
        (!last.key.is_empty()).then_some(last.key)
    }
}

impl fmt::Display for JsonPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.steps.iter().take(usize::from(self.len)).enumerate() {
            if i > 0 && !step.key.is_empty() {
                f.write_str(".")?;
            }
            f.write_str(step.key)?;
            if step.index != NO_INDEX {
                write!(f, "[{}]", step.index)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate std;
    use std::string::ToString;

    #[test]
    fn paths_display_like_the_issue_examples() {
        let p = JsonPath::field("aliases").index(2).key("exact_match");
        assert_eq!(p.to_string(), "aliases[2].exact_match");
        assert_eq!(JsonPath::ROOT.to_string(), "");
        assert_eq!(
            JsonPath::ROOT
                .index(0)
                .key("quality_group")
                .index(1)
                .to_string(),
            "[0].quality_group[1]"
        );
        let deep = JsonPath::field("participant_cost")
            .index(0)
            .key("resources")
            .index(1)
            .key("value");
        assert_eq!(deep.to_string(), "participant_cost[0].resources[1].value");
        assert!(!deep.is_truncated());
        assert!(deep.key("x").is_truncated());
    }
}
