//! A request body, checked end to end: decoded (syntax error 50; unknown
//! keys and wrong types, error 20), then validated (error 20 before 30),
//! giving the exact answer the Conductor would send.

use core::fmt;

use baton_rest::decode::{decode_in_place, Decode};
use baton_rest::json::{write_display, Encode, ObjectWriter};
use baton_rest::{
    ConfBundle, ErrorBody, ErrorCode, Issue, IssueKind, Issues, Owners, SipDomainSpec, SyntaxError,
};

use crate::confbundle::{validate_confbundle, PutContext};
use crate::provisioning::{
    sip_domain_must_be_1_to_253_letters_digits_hyphens_underscores_periods, validate_owners,
};
use crate::report::{Report, Violation, WARNINGS_CAPACITY};

/// How many issues a rejection carries (decoding's and the rules').
pub const ANSWER_ISSUES_CAPACITY: usize = 64;

/// The answer to a request body.
///
/// It owns its details (no heap), so the rejection is large (about 8 KiB);
/// it is built once per request.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug)]
pub enum Verdict<'a> {
    /// Malformed JSON: error 50 (40 if the unescape buffer was too small).
    Syntax(SyntaxError),
    /// Rejected with error `code` (20 or 30) and these details.
    Rejected {
        /// 20 (validation) or 30 (logical).
        code: ErrorCode,
        /// The `validation_errors`.
        issues: heapless::Vec<Issue<'a>, ANSWER_ISSUES_CAPACITY>,
    },
    /// Accepted; discouraged settings are reported as warnings.
    Accepted {
        /// The warnings.
        warnings: heapless::Vec<Violation<'a>, WARNINGS_CAPACITY>,
    },
}

impl Verdict<'_> {
    /// Whether the request is accepted.
    pub fn is_accepted(&self) -> bool {
        matches!(self, Verdict::Accepted { .. })
    }

    /// The error body the device answers, when rejected.
    pub fn error_body(&self) -> Option<ErrorBody<'_>> {
        match self {
            Verdict::Syntax(e) => Some(ErrorBody::syntax(*e)),
            Verdict::Rejected { code, issues } => Some(ErrorBody::validation(*code, issues)),
            Verdict::Accepted { .. } => None,
        }
    }
}

/// Writes the error body, or `{"ok": true, "warnings": [{"path", "rule",
/// "message"}, ...]}` when accepted.
impl Encode for Verdict<'_> {
    fn encode(&self, w: &mut dyn fmt::Write) -> fmt::Result {
        if let Some(body) = self.error_body() {
            return body.encode(w);
        }
        let Verdict::Accepted { warnings } = self else {
            return Ok(());
        };
        let mut o = ObjectWriter::new(w)?;
        o.field("ok", &true)?;
        let list = o.key("warnings")?;
        list.write_char('[')?;
        for (i, warning) in warnings.iter().enumerate() {
            if i > 0 {
                list.write_str(", ")?;
            }
            let mut item = ObjectWriter::new(list)?;
            write_display(item.key("path")?, &warning.path)?;
            item.field("rule", warning.rule.name())?;
            item.field("message", warning.rule.message())?;
            item.end()?;
        }
        list.write_char(']')?;
        o.end()
    }
}

/// Decodes a `T` from `body` (strings unescaped in place), validates it
/// with `validate`, and gives the verdict.
pub fn check_body<'a, T: Decode<'a>>(
    body: &'a mut [u8],
    validate: impl FnOnce(&T, &mut Report<'a>),
) -> Verdict<'a> {
    let mut decode_issues = Issues::new();
    let value = match decode_in_place::<T>(body, &mut decode_issues) {
        Ok(v) => v,
        Err(e) => return Verdict::Syntax(e),
    };
    let mut report = Report::new();
    if let Some(value) = &value {
        validate(value, &mut report);
    }
    let code = if decode_issues.is_empty() {
        report.rest_code()
    } else {
        Some(ErrorCode::Validation)
    };
    match code {
        Some(code) => {
            let mut issues = heapless::Vec::new();
            if code == ErrorCode::Validation {
                for i in decode_issues.as_slice() {
                    let _ = issues.push(*i);
                }
            }
            for i in report.issues(code) {
                let _ = issues.push(i);
            }
            if issues.is_empty() {
                let _ = issues.push(Issue {
                    path: baton_rest::JsonPath::ROOT,
                    kind: IssueKind::Message("too many errors"),
                });
            }
            Verdict::Rejected { code, issues }
        }
        None => {
            let mut warnings = heapless::Vec::new();
            for w in report.warnings() {
                let _ = warnings.push(*w);
            }
            Verdict::Accepted { warnings }
        }
    }
}

/// `PUT /api/4.0/confbundles/<id>`: every ConfBundle rule.
///
/// The device's catalog (its `GET /api/4.0/serviceinfo/` and
/// `/qualities/` answers) and provisioned aliases are the context:
///
/// ```
/// use baton_rest::{from_slice_in_place, to_string, ErrorCode};
/// use baton_validate::{check_confbundle_put, CatalogDocument, PutContext, Verdict};
///
/// let mut catalog = *br#"{"serviceinfo": [{"service_id": "1", "display_name": "TSs",
///     "description": "", "bridge_type": "tsmcu", "qualities": "q", "bridge_capabilities": []}],
///   "qualities": [{"quality_group_name": "q", "quality_group": [
///     {"quality_id": "hd", "display_name": "HD", "quality_type": "video", "display_order": 1}]}]}"#;
/// let catalog: CatalogDocument = from_slice_in_place(&mut catalog).unwrap();
/// // `()`: no alias provisioned yet (any AliasDirectory: who owns each exact_match).
/// let ctx = PutContext { catalog: catalog.catalog(), directory: &(), confbundle_id: None };
///
/// let mut body = *br#"{"conference_display_name": "Weekly", "service_preference_id": "1",
///     "aliases": [{"role": "host", "exact_match": "weekly@example.com"}],
///     "host_quality": "hd", "guest_quality": "hd"}"#;
/// assert!(check_confbundle_put(&mut body, &ctx).is_accepted());
///
/// // Every violation, each under its path, in the Conductor's error 20 body.
/// let mut body = *br#"{"conference_display_name": "Weekly", "service_preference_id": "1",
///     "aliases": [{"role": "host", "exact_match": "Weekly@example.com"}],
///     "host_quality": "hd", "guest_quality": "hd", "max_duration": 99999}"#;
/// let verdict = check_confbundle_put(&mut body, &ctx);
/// assert!(!verdict.is_accepted());
/// assert_eq!(verdict.error_body().unwrap().code, ErrorCode::Validation);
/// let json: serde_json::Value = serde_json::from_str(&to_string(&verdict)).unwrap();
/// let errors = &json["details"]["validation_errors"];
/// assert_eq!(errors["max_duration"], "value must be between 0 and 10080");
/// assert_eq!(errors["aliases[0].exact_match"], "exact_match must be in lower case");
/// ```
pub fn check_confbundle_put<'a>(body: &'a mut [u8], ctx: &PutContext<'_>) -> Verdict<'a> {
    check_body::<ConfBundle<'a>>(body, |b, r| validate_confbundle(b, ctx, r))
}

/// `PUT /api/4.0/sipdomain`.
pub fn check_sipdomain_put(body: &mut [u8]) -> Verdict<'_> {
    check_body::<SipDomainSpec<'_>>(body, |s, r| {
        sip_domain_must_be_1_to_253_letters_digits_hyphens_underscores_periods(s, r)
    })
}

/// `PUT /api/4.0/owners`.
pub fn check_owners_put(body: &mut [u8]) -> Verdict<'_> {
    check_body::<Owners<'_>>(body, |o, r| validate_owners(o, r))
}
