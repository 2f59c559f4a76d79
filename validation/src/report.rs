//! The result of validation: every violation found (bounded), each with
//! its JSON path and rule, plus warnings; and the answer the Conductor
//! gives for them (a REST error body or an XML-RPC fault).

use core::fmt;

use baton_rest::{ErrorBody, ErrorCode, Issue, IssueKind, JsonPath};
use baton_rpc::{Fault, FaultCode};

use crate::rule::{Code, Rule};

/// How many violations a [`Report`] keeps (more are counted).
pub const VIOLATIONS_CAPACITY: usize = 32;
/// How many warnings a [`Report`] keeps (more are counted).
pub const WARNINGS_CAPACITY: usize = 16;

/// One broken rule, at a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Violation<'a> {
    /// The offending value, e.g. `aliases[2].exact_match`.
    pub path: JsonPath<'a>,
    /// The rule.
    pub rule: Rule,
}

impl Violation<'_> {
    /// The error it is answered with.
    pub fn code(&self) -> Code {
        self.rule.code()
    }
}

impl fmt::Display for Violation<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} ({})",
            self.path,
            self.rule.message(),
            self.rule.name()
        )
    }
}

/// Violations and warnings found by the rules.
///
/// ```
/// use baton_rest::{ErrorCode, JsonPath};
/// use baton_validate::common::pin_must_be_digits_less_than_32_characters;
/// use baton_validate::{Code, Report, Rule};
///
/// let mut report = Report::new();
/// pin_must_be_digits_less_than_32_characters(Some("12a4"), JsonPath::field("host_pin"), &mut report);
/// pin_must_be_digits_less_than_32_characters(Some("1234"), JsonPath::field("guest_pin"), &mut report);
/// assert!(!report.is_valid());
/// assert_eq!(report.violations().len(), 1);
/// assert!(report.has_at(Rule::Pin, "host_pin"));
/// assert_eq!(report.violations()[0].code(), Code::Rest(ErrorCode::Validation));
/// assert_eq!(report.rest_code(), Some(ErrorCode::Validation)); // the REST answer: error 20
/// assert!(report.warnings().is_empty());
/// ```
#[derive(Clone, Debug, Default)]
pub struct Report<'a> {
    violations: heapless::Vec<Violation<'a>, VIOLATIONS_CAPACITY>,
    warnings: heapless::Vec<Violation<'a>, WARNINGS_CAPACITY>,
    dropped_violations: usize,
    dropped_warnings: usize,
}

impl<'a> Report<'a> {
    /// An empty report.
    pub const fn new() -> Self {
        Report {
            violations: heapless::Vec::new(),
            warnings: heapless::Vec::new(),
            dropped_violations: 0,
            dropped_warnings: 0,
        }
    }

    /// Records a violation of `rule` at `path`.
    pub fn violation(&mut self, path: JsonPath<'a>, rule: Rule) {
        if self.violations.push(Violation { path, rule }).is_err() {
            self.dropped_violations = self.dropped_violations.saturating_add(1);
        }
    }

    /// Records a warning (the request is still accepted).
    pub fn warning(&mut self, path: JsonPath<'a>, rule: Rule) {
        if self.warnings.push(Violation { path, rule }).is_err() {
            self.dropped_warnings = self.dropped_warnings.saturating_add(1);
        }
    }

    /// The violations kept.
    pub fn violations(&self) -> &[Violation<'a>] {
        &self.violations
    }

    /// The warnings kept.
    pub fn warnings(&self) -> &[Violation<'a>] {
        &self.warnings
    }

    /// Violations found but not kept (the list was full).
    pub fn dropped_violations(&self) -> usize {
        self.dropped_violations
    }

    /// Whether no violation was found.
    pub fn is_valid(&self) -> bool {
        self.violations.is_empty() && self.dropped_violations == 0
    }

    /// Whether `rule` was violated.
    pub fn has(&self, rule: Rule) -> bool {
        self.violations.iter().any(|v| v.rule == rule)
    }

    /// Whether `rule` was violated at `path` (displayed form).
    pub fn has_at(&self, rule: Rule, path: &str) -> bool {
        self.violations
            .iter()
            .any(|v| v.rule == rule && PathEq(path) == v.path)
    }

    /// The REST error code to answer with: 20 if any validation error,
    /// else 30 if any logical error (the Conductor checks the request
    /// itself before the system's state); `None` when there is none.
    pub fn rest_code(&self) -> Option<ErrorCode> {
        let has = |code| self.violations.iter().any(|v| v.code() == Code::Rest(code));
        [ErrorCode::Validation, ErrorCode::Logical]
            .into_iter()
            .find(|c| has(*c))
    }

    /// The issues for the REST error body of `code`: this code's
    /// violations, each with its rule's message.
    pub fn issues(&self, code: ErrorCode) -> heapless::Vec<Issue<'a>, VIOLATIONS_CAPACITY> {
        let mut out = heapless::Vec::new();
        for v in self
            .violations
            .iter()
            .filter(|v| v.code() == Code::Rest(code))
        {
            let _ = out.push(Issue {
                path: v.path,
                kind: IssueKind::Message(v.rule.message()),
            });
        }
        out
    }

    /// The XML-RPC fault for the first XML-RPC violation: parameter faults
    /// (101-103) name the parameter (`invalid parameter - receiverIndex`).
    pub fn fault(&self) -> Option<Fault> {
        self.violations.iter().find_map(|v| match v.code() {
            Code::Fault(code) => Some(match (code, v.path.first_key()) {
                (
                    FaultCode::MissingParameter
                    | FaultCode::InvalidParameter
                    | FaultCode::MalformedParameter,
                    Some(name),
                ) => Fault::for_parameter(code, name),
                _ => Fault::new(code),
            }),
            Code::Rest(_) => None,
        })
    }
}

/// Compares a displayed path with a [`JsonPath`] without allocating.
struct PathEq<'s>(&'s str);

impl PartialEq<JsonPath<'_>> for PathEq<'_> {
    fn eq(&self, path: &JsonPath<'_>) -> bool {
        struct Cmp<'s> {
            rest: &'s str,
            ok: bool,
        }
        impl fmt::Write for Cmp<'_> {
            fn write_str(&mut self, s: &str) -> fmt::Result {
                match self.rest.strip_prefix(s) {
                    Some(r) => self.rest = r,
                    None => self.ok = false,
                }
                Ok(())
            }
        }
        let mut c = Cmp {
            rest: self.0,
            ok: true,
        };
        let _ = fmt::write(&mut c, format_args!("{path}"));
        c.ok && c.rest.is_empty()
    }
}

/// Builds the REST error body for `report`, if it has REST violations;
/// `issues` receives the details (keep it alive while the body is used).
pub fn rest_error_body<'i, 'a: 'i>(
    report: &Report<'a>,
    issues: &'i mut heapless::Vec<Issue<'a>, VIOLATIONS_CAPACITY>,
) -> Option<ErrorBody<'i>> {
    let code = report.rest_code()?;
    *issues = report.issues(code);
    Some(ErrorBody::validation(code, issues))
}
