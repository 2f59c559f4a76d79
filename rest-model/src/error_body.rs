//! The REST APIs' error codes and error bodies (spec, "Error Codes"):
//!
//! ```text
//! {"details": {...}, "error_code": "<class>:<subclass>", "message": "<message>"}
//! ```

use core::fmt;

use crate::decode::{Issue, IssueKind};
use crate::json::{write_display, Encode, ObjectWriter, PyRepr, RawObject, SyntaxError};
use crate::path::JsonPath;

/// An API error code from the spec's table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum ErrorCode {
    /// `10`: an object in the request cannot be found (HTTP 404).
    NotFound,
    /// `15`: an object could not be matched because of a configuration
    /// error (HTTP 500).
    ConfigurationMismatch,
    /// `20`: a validation error, e.g. an unsupported value, an invalid
    /// length, unrecognized keys (HTTP 400).
    Validation,
    /// `30`: a logical error against the system's state, e.g. qualities
    /// not supported by the bridge type (HTTP 400).
    Logical,
    /// `40`: a system limit was reached (HTTP 507).
    Limit,
    /// `50`: a syntactical error, e.g. bad JSON (HTTP 400).
    Syntax,
    /// `60`: an unexpected API error (HTTP 500).
    Unexpected,
    /// `60:10`: an unexpected exception that may have left the database
    /// inconsistent (HTTP 500).
    UnexpectedInconsistent,
    /// `70`: the API is temporarily unavailable (HTTP 503).
    Unavailable,
    /// `100:<status>`: an HTTP serving error (e.g. `100:404`, `100:405`).
    Http(u16),
}

impl ErrorCode {
    /// The HTTP status the error is answered with.
    pub const fn http_status(self) -> u16 {
        match self {
            ErrorCode::NotFound => 404,
            ErrorCode::ConfigurationMismatch => 500,
            ErrorCode::Validation | ErrorCode::Logical | ErrorCode::Syntax => 400,
            ErrorCode::Limit => 507,
            ErrorCode::Unexpected | ErrorCode::UnexpectedInconsistent => 500,
            ErrorCode::Unavailable => 503,
            ErrorCode::Http(status) => status,
        }
    }

    /// The message the spec gives for the code (for `100:<status>`, the
    /// spec's examples for 404 and 405, and for the other HTTP serving
    /// errors the same server's wording of them).
    pub const fn message(self) -> &'static str {
        match self {
            ErrorCode::NotFound => "An object specified in the request cannot be found by the API.",
            ErrorCode::ConfigurationMismatch => {
                "An object could not be matched internally due to a configuration error."
            }
            ErrorCode::Validation => "A validation error in the request prevented further processing.",
            ErrorCode::Logical => "A logical error in the request prevented further processing.",
            ErrorCode::Limit => "The system has reached a limit, which prevented further processing.",
            ErrorCode::Syntax => "A syntactical error in the request prevented further processing.",
            ErrorCode::Unexpected => "An unexpected API error occurred.",
            ErrorCode::UnexpectedInconsistent => {
                "The API generated an unexpected exception that may have left the database in a corrupt or inconsistent state."
            }
            ErrorCode::Unavailable => "The API is temporarily unavailable.",
            ErrorCode::Http(404) => {
                "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again."
            }
            ErrorCode::Http(405) => "The method is not allowed for the requested URL.",
            ErrorCode::Http(400) => {
                "The browser (or proxy) sent a request that this server could not understand."
            }
            ErrorCode::Http(401) => {
                "The server could not verify that you are authorized to access the URL requested. You either supplied the wrong credentials (e.g. a bad password), or your browser doesn't understand how to supply the credentials required."
            }
            ErrorCode::Http(403) => {
                "You don't have the permission to access the requested resource. It is either read-protected or not readable by the server."
            }
            ErrorCode::Http(408) => {
                "The server closed the network connection because the browser didn't finish the request within the specified time."
            }
            ErrorCode::Http(413) => "The data value transmitted exceeds the capacity limit.",
            ErrorCode::Http(414) => "The length of the requested URL exceeds the capacity limit for this server.",
            ErrorCode::Http(_) => "HTTP error.",
        }
    }

    /// Parses `10`, `60:10`, `100:404`, ...
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "10" => ErrorCode::NotFound,
            "15" => ErrorCode::ConfigurationMismatch,
            "20" => ErrorCode::Validation,
            "30" => ErrorCode::Logical,
            "40" => ErrorCode::Limit,
            "50" => ErrorCode::Syntax,
            "60" => ErrorCode::Unexpected,
            "60:10" => ErrorCode::UnexpectedInconsistent,
            "70" => ErrorCode::Unavailable,
            _ => {
                let status = text.strip_prefix("100:")?;
                if status.is_empty() || !status.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                ErrorCode::Http(status.parse().ok()?)
            }
        })
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorCode::NotFound => f.write_str("10"),
            ErrorCode::ConfigurationMismatch => f.write_str("15"),
            ErrorCode::Validation => f.write_str("20"),
            ErrorCode::Logical => f.write_str("30"),
            ErrorCode::Limit => f.write_str("40"),
            ErrorCode::Syntax => f.write_str("50"),
            ErrorCode::Unexpected => f.write_str("60"),
            ErrorCode::UnexpectedInconsistent => f.write_str("60:10"),
            ErrorCode::Unavailable => f.write_str("70"),
            ErrorCode::Http(status) => write!(f, "100:{status}"),
        }
    }
}

/// The `details` member of an error body.
#[derive(Clone, Copy, Debug)]
pub enum Details<'a> {
    /// `{}`
    Empty,
    /// `{"info": "<text>"}`
    Info(&'a str),
    /// `{"info": "Expecting property name: line 11 column 1 (char 314)"}`
    Syntax(SyntaxError),
    /// `{"validation_errors": {"<path>": "<message>", ...}}`: one member
    /// per path (the root is `""`); the unrecognized keys of one object
    /// become one `Unrecognized keys in mapping: "{u'key': value, ...}"`
    /// message; several messages for one path are joined with `; `.
    Validation(&'a [Issue<'a>]),
}

/// An error body.
///
/// ```
/// use baton_rest::{to_string, Details, ErrorBody, ErrorCode};
///
/// let body = ErrorBody { code: ErrorCode::Validation, details: Details::Info("bad alias") };
/// assert_eq!(body.http_status(), 400);
/// let json: serde_json::Value = serde_json::from_str(&to_string(&body)).unwrap();
/// assert_eq!(json["error_code"], "20");
/// assert_eq!(json["details"]["info"], "bad alias");
/// assert_eq!(ErrorBody::new(ErrorCode::Http(405)).http_status(), 405);
/// ```
#[derive(Clone, Copy, Debug)]
pub struct ErrorBody<'a> {
    /// The error code.
    pub code: ErrorCode,
    /// The details.
    pub details: Details<'a>,
}

impl<'a> ErrorBody<'a> {
    /// A body with empty details.
    pub const fn new(code: ErrorCode) -> Self {
        ErrorBody {
            code,
            details: Details::Empty,
        }
    }

    /// Error 50 for a JSON syntax error (error 40 when the caller's
    /// unescape buffer was too small).
    pub fn syntax(error: SyntaxError) -> Self {
        let code = match error.kind {
            crate::json::SyntaxKind::ScratchFull => ErrorCode::Limit,
            _ => ErrorCode::Syntax,
        };
        ErrorBody {
            code,
            details: Details::Syntax(error),
        }
    }

    /// An error with `validation_errors` details (error 20 or 30).
    pub fn validation(code: ErrorCode, issues: &'a [Issue<'a>]) -> Self {
        ErrorBody {
            code,
            details: Details::Validation(issues),
        }
    }

    /// The HTTP status to answer with.
    pub fn http_status(&self) -> u16 {
        self.code.http_status()
    }
}

/// All the messages for one path, joined.
struct PathMessages<'a> {
    issues: &'a [Issue<'a>],
    path: JsonPath<'a>,
}

impl fmt::Display for PathMessages<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let here = || self.issues.iter().filter(|i| i.path == self.path);
        let mut first_part = true;
        let mut wrote_keys = false;
        for issue in here() {
            match issue.kind {
                IssueKind::UnrecognizedKey { .. } if wrote_keys => continue,
                IssueKind::UnrecognizedKey { .. } => {
                    wrote_keys = true;
                    if !first_part {
                        f.write_str("; ")?;
                    }
                    f.write_str("Unrecognized keys in mapping: \"{")?;
                    let mut first_key = true;
                    for other in here() {
                        if let IssueKind::UnrecognizedKey { key, value } = other.kind {
                            if !first_key {
                                f.write_str(", ")?;
                            }
                            first_key = false;
                            write!(f, "{}: {}", PyKey(key), PyRepr(value))?;
                        }
                    }
                    f.write_str("}\"")?;
                }
                IssueKind::Message(m) => {
                    if !first_part {
                        f.write_str("; ")?;
                    }
                    f.write_str(m)?;
                }
            }
            first_part = false;
        }
        Ok(())
    }
}

/// An (unescaped) key shown as a Python 2 unicode literal.
struct PyKey<'a>(&'a str);

impl fmt::Display for PyKey<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Reuse PyRepr's string rendering: escape as JSON content first.
        f.write_str("u'")?;
        for c in self.0.chars() {
            match c {
                '\'' => f.write_str("\\'")?,
                '\\' => f.write_str("\\\\")?,
                c if (c as u32) < 0x20 => write!(f, "\\x{:02x}", c as u32)?,
                c if (c as u32) < 0x80 => fmt::Write::write_char(f, c)?,
                c if (c as u32) <= 0xffff => write!(f, "\\u{:04x}", c as u32)?,
                c => write!(f, "\\U{:08x}", c as u32)?,
            }
        }
        f.write_str("'")
    }
}

impl Encode for Details<'_> {
    fn encode(&self, w: &mut dyn fmt::Write) -> fmt::Result {
        let mut o = ObjectWriter::new(w)?;
        match self {
            Details::Empty => {}
            Details::Info(text) => o.field("info", text)?,
            Details::Syntax(e) => write_display(o.key("info")?, e)?,
            Details::Validation(issues) => {
                let inner = o.key("validation_errors")?;
                let mut v = ObjectWriter::new(inner)?;
                for (i, issue) in issues.iter().enumerate() {
                    let seen_before = issues
                        .get(..i)
                        .is_some_and(|b| b.iter().any(|x| x.path == issue.path));
                    if seen_before {
                        continue;
                    }
                    let w = v.key_display(&issue.path)?;
                    write_display(
                        w,
                        &PathMessages {
                            issues,
                            path: issue.path,
                        },
                    )?;
                }
                v.end()?;
            }
        }
        o.end()
    }
}

impl Encode for ErrorBody<'_> {
    fn encode(&self, w: &mut dyn fmt::Write) -> fmt::Result {
        let mut o = ObjectWriter::new(w)?;
        self.details.encode(o.key("details")?)?;
        write_display(o.key("error_code")?, &self.code)?;
        o.field("message", self.code.message())?;
        o.end()
    }
}

rest_object! {
    /// An error body as received from a device (client side): `details`
    /// kept as raw JSON.
    pub struct ErrorResponse<'a> {
        /// Informal details.
        details: RawObject<'a> = "details",
        /// The error code text (see [`ErrorCode::parse`]).
        error_code: &'a str = "error_code",
        /// The message.
        message: &'a str = "message",
    }
}

impl ErrorResponse<'_> {
    /// The parsed error code.
    pub fn code(&self) -> Option<ErrorCode> {
        self.error_code.and_then(ErrorCode::parse)
    }
}
