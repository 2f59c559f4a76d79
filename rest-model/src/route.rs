//! Routes: (HTTP method, path, query) to the REST [`Operation`] the spec
//! defines, with percent-decoding of path segments and query values.
//!
//! Unknown paths give `100:404`, a known path with a method it does not
//! take gives `100:405` (with the methods it does take, for `Allow`).

use core::fmt;

use crate::error_body::ErrorCode;

/// An HTTP request method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum HttpMethod {
    /// `GET`
    Get,
    /// `PUT`
    Put,
    /// `DELETE`
    Delete,
    /// `POST`
    Post,
    /// `HEAD`
    Head,
    /// Any other method.
    Other,
}

impl HttpMethod {
    /// The method for a request-line token (case-sensitive, as HTTP says).
    pub fn from_name(name: &str) -> Self {
        match name {
            "GET" => HttpMethod::Get,
            "PUT" => HttpMethod::Put,
            "DELETE" => HttpMethod::Delete,
            "POST" => HttpMethod::Post,
            "HEAD" => HttpMethod::Head,
            _ => HttpMethod::Other,
        }
    }

    /// The token (`OTHER` for [`HttpMethod::Other`]).
    pub const fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Post => "POST",
            HttpMethod::Head => "HEAD",
            HttpMethod::Other => "OTHER",
        }
    }
}

/// `peer=` of an external API read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Peer<'a> {
    /// `peer=local`: the addressed peer only.
    Local,
    /// `peer=<IP>`: the peer with this cluster alternate IP.
    Address(&'a str),
}

/// `sortdirection=` of an external API read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum SortDirection {
    /// `ascending` (the default).
    Ascending,
    /// `descending`.
    Descending,
}

/// `format=` of an external API read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum ResultFormat {
    /// `json` (the default).
    Json,
    /// `xml`.
    Xml,
}

/// The query parameters of an external API read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub struct ExternalQuery<'a> {
    /// `peer`
    pub peer: Option<Peer<'a>>,
    /// `offset` (0-based)
    pub offset: Option<u32>,
    /// `limit`
    pub limit: Option<u32>,
    /// `sortBy`: a column name.
    pub sort_by: Option<&'a str>,
    /// `sortdirection`
    pub sort_direction: Option<SortDirection>,
    /// `format`
    pub format: Option<ResultFormat>,
}

/// A REST operation of the spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Operation<'a> {
    /// `GET /api/4.0/servicecost/<alias>` -> ServiceParams.
    ServiceCost {
        /// The alias (dial string), percent-decoded.
        alias: &'a str,
    },
    /// `GET /api/4.0/serviceinfo/` -> ServiceInfo.
    ServiceInfo,
    /// `GET /api/4.0/serviceinfo/<id>` -> ServiceRecord.
    ServiceRecord {
        /// The ServiceRecord's id.
        id: &'a str,
    },
    /// `GET /api/4.0/qualities/` -> QualityInfo.
    Qualities,
    /// `GET /api/4.0/qualities/<group>` -> the group's QualitySpecs.
    QualityGroup {
        /// The `quality_group_name`.
        group: &'a str,
    },
    /// `GET /api/4.0/confbundles/` -> the ConfBundleID -> ConfBundleVer dictionary.
    ListConfBundles,
    /// `DELETE /api/4.0/confbundles/`: delete every ConfBundle.
    DeleteAllConfBundles,
    /// `GET /api/4.0/confbundles/<id>` -> ConfBundle.
    GetConfBundle {
        /// The ConfBundleID.
        id: &'a str,
    },
    /// `PUT /api/4.0/confbundles/<id>`: create (201) or replace (200).
    PutConfBundle {
        /// The ConfBundleID.
        id: &'a str,
    },
    /// `DELETE /api/4.0/confbundles/<id>`.
    DeleteConfBundle {
        /// The ConfBundleID.
        id: &'a str,
    },
    /// `GET /api/4.0/sipdomain` -> SIPDomainSpec.
    GetSipDomain,
    /// `PUT /api/4.0/sipdomain` (204 No Content).
    PutSipDomain,
    /// `PUT /api/4.0/owners`: update Owner objects.
    PutOwners,
    /// `DELETE /api/4.0/owners`: delete Owners without a ConfBundle.
    DeleteOwners,
    /// `DELETE /api/4.0/<generation>`: delete Owners of other generations
    /// without a ConfBundle.
    DeleteOwnersOutsideGeneration {
        /// The `Owners.generation` to keep.
        generation: &'a str,
    },
    /// `GET /api/4.0/multipartylicense`.
    MultiPartyLicense,
    /// `GET /api/external/<basepath>/[<key>/<value>]`.
    ExternalRead {
        /// The table, e.g. `status/conferencefactory/mcustatus` (no
        /// surrounding slashes).
        basepath: &'a str,
        /// `<key>/<value>`: only records whose indexed column matches.
        filter: Option<(&'a str, &'a str)>,
        /// The query parameters.
        query: ExternalQuery<'a>,
    },
    /// `GET /status`.
    Status,
    /// `GET /systemunit.xml`.
    SystemUnit,
}

impl Operation<'_> {
    /// The HTTP status of a successful answer. `created`: whether a PUT of
    /// a ConfBundle created it (201 Created) rather than replaced it (200
    /// OK). `PUT /api/4.0/sipdomain` answers 204 No Content; the rest 200.
    pub fn success_status(&self, created: bool) -> u16 {
        match self {
            Operation::PutConfBundle { .. } if created => 201,
            Operation::PutSipDomain => 204,
            _ => 200,
        }
    }

    /// Whether the request carries a JSON body (the PUTs).
    pub fn takes_body(&self) -> bool {
        matches!(
            self,
            Operation::PutConfBundle { .. } | Operation::PutSipDomain | Operation::PutOwners
        )
    }
}

/// Why a request has no operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum RouteError {
    /// No route has this path: `100:404`.
    NotFound,
    /// The path's routes do not take this method: `100:405`.
    MethodNotAllowed {
        /// The methods they take (the `Allow` header).
        allowed: &'static [HttpMethod],
    },
    /// Invalid percent-encoding (or not UTF-8) in the path or query: `100:400`.
    BadEncoding,
    /// A query parameter has an invalid value: `100:400`.
    InvalidQuery {
        /// The parameter's name.
        parameter: &'static str,
    },
    /// The decoded path and query do not fit the caller's buffer: `100:414`.
    TooLong,
}

impl RouteError {
    /// The REST error code to answer with.
    pub fn error_code(&self) -> ErrorCode {
        match self {
            RouteError::NotFound => ErrorCode::Http(404),
            RouteError::MethodNotAllowed { .. } => ErrorCode::Http(405),
            RouteError::BadEncoding | RouteError::InvalidQuery { .. } => ErrorCode::Http(400),
            RouteError::TooLong => ErrorCode::Http(414),
        }
    }
}

impl fmt::Display for RouteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RouteError::NotFound => f.write_str("no such resource"),
            RouteError::MethodNotAllowed { .. } => f.write_str("method not allowed"),
            RouteError::BadEncoding => f.write_str("invalid percent-encoding"),
            RouteError::InvalidQuery { parameter } => {
                write!(f, "invalid query parameter {parameter}")
            }
            RouteError::TooLong => f.write_str("request target too long for the buffer"),
        }
    }
}

impl core::error::Error for RouteError {}

/// The tables the external API documents (longest match wins).
pub const EXTERNAL_TABLES: &[&str] = &[
    "configuration/conferencefactory/pools",
    "configuration/conferencefactory/servicepreferences",
    "configuration/conferencefactory/mcuinfo",
    "configuration/conferencefactory/mcuaddress",
    "configuration/time",
    "configuration/dnsserver",
    "configuration/ntpserver",
    "configuration/snmp",
    "configuration/dns",
    "status/cluster",
    "status/clusterpeer",
    "status/networkinterface",
    "status/conferencefactory/mcustatus",
    "status/conferencefactory/mcucallsignallingloadstatus",
    "status/conferencefactory/mculicenceloadstatus",
    "status/conferencefactory/primaryconferences",
    "status/alarm",
    "status/system",
];

const GET: &[HttpMethod] = &[HttpMethod::Get];
const GET_PUT: &[HttpMethod] = &[HttpMethod::Get, HttpMethod::Put];
const GET_DELETE: &[HttpMethod] = &[HttpMethod::Get, HttpMethod::Delete];
const GET_PUT_DELETE: &[HttpMethod] = &[HttpMethod::Get, HttpMethod::Put, HttpMethod::Delete];
const PUT_DELETE: &[HttpMethod] = &[HttpMethod::Put, HttpMethod::Delete];
const DELETE: &[HttpMethod] = &[HttpMethod::Delete];

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

/// Percent-decodes `text` (and `+` as space when `plus_is_space`), into
/// `scratch` when it has escapes (the decoded part is split off `scratch`).
fn percent_decode<'a>(
    text: &'a str,
    plus_is_space: bool,
    scratch: &mut &'a mut [u8],
) -> Result<&'a str, RouteError> {
    if !(text.contains('%') || plus_is_space && text.contains('+')) {
        return Ok(text);
    }
    let bytes = text.as_bytes();
    let buf = core::mem::take(scratch);
    if buf.len() < bytes.len() {
        *scratch = buf;
        return Err(RouteError::TooLong);
    }
    let (mut r, mut w) = (0usize, 0usize);
    while let Some(&b) = bytes.get(r) {
        let out = match b {
            b'%' => {
                let hi = bytes.get(r + 1).copied().and_then(hex);
                let lo = bytes.get(r + 2).copied().and_then(hex);
                match (hi, lo) {
                    (Some(hi), Some(lo)) => {
                        r += 3;
                        hi * 16 + lo
                    }
                    _ => {
                        *scratch = buf;
                        return Err(RouteError::BadEncoding);
                    }
                }
            }
            b'+' if plus_is_space => {
                r += 1;
                b' '
            }
            _ => {
                r += 1;
                b
            }
        };
        if let Some(slot) = buf.get_mut(w) {
            *slot = out;
        }
        w += 1;
    }
    let (head, tail) = buf.split_at_mut(w.min(buf.len()));
    *scratch = tail;
    let head: &'a [u8] = head;
    core::str::from_utf8(head).map_err(|_| RouteError::BadEncoding)
}

fn allow(method: HttpMethod, allowed: &'static [HttpMethod]) -> Result<(), RouteError> {
    let effective = if method == HttpMethod::Head {
        HttpMethod::Get
    } else {
        method
    };
    if allowed.contains(&effective) {
        Ok(())
    } else {
        Err(RouteError::MethodNotAllowed { allowed })
    }
}

/// Routes a request target (`/path?query`), see [`route`].
///
/// ```
/// use baton_rest::route::{route_target, HttpMethod, Operation, RouteError};
///
/// let mut scratch = [0u8; 128];
/// let op = route_target(HttpMethod::Put, "/api/4.0/confbundles/weekly%20sync", &mut scratch).unwrap();
/// assert!(matches!(op, Operation::PutConfBundle { id: "weekly sync", .. }), "{op:?}");
/// assert_eq!(op.success_status(true), 201); // created
/// assert!(op.takes_body());
///
/// let e = route_target(HttpMethod::Post, "/api/4.0/confbundles/x", &mut scratch).unwrap_err();
/// assert!(matches!(e, RouteError::MethodNotAllowed { .. }));
/// assert_eq!(e.error_code().http_status(), 405);
/// let e = route_target(HttpMethod::Get, "/api/9.9/nothing", &mut scratch).unwrap_err();
/// assert_eq!(e, RouteError::NotFound);
/// ```
pub fn route_target<'a>(
    method: HttpMethod,
    target: &'a str,
    scratch: &'a mut [u8],
) -> Result<Operation<'a>, RouteError> {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    route(method, path, query, scratch)
}

/// Routes a request. `path` is the URL path (still percent-encoded),
/// `query` the query string without `?` (used by the external API only);
/// decoded segments and values are written into `scratch` when they have
/// escapes. `HEAD` is routed as `GET`.
pub fn route<'a>(
    method: HttpMethod,
    path: &'a str,
    query: &'a str,
    scratch: &'a mut [u8],
) -> Result<Operation<'a>, RouteError> {
    let mut scratch = scratch;
    if let Some(rest) = path.strip_prefix("/api/4.0/") {
        return route_v4(method, rest, &mut scratch);
    }
    if let Some(rest) = path.strip_prefix("/api/external/") {
        return route_external(method, rest, query, &mut scratch);
    }
    match path {
        "/api/external" => route_external(method, "", query, &mut scratch),
        "/status" => allow(method, GET).map(|_| Operation::Status),
        "/systemunit.xml" => allow(method, GET).map(|_| Operation::SystemUnit),
        _ => Err(RouteError::NotFound),
    }
}

fn route_v4<'a>(
    method: HttpMethod,
    rest: &'a str,
    scratch: &mut &'a mut [u8],
) -> Result<Operation<'a>, RouteError> {
    let (first, tail) = match rest.split_once('/') {
        Some((first, tail)) => (first, Some(tail)),
        None => (rest, None),
    };
    if first.is_empty() {
        return Err(RouteError::NotFound);
    }
    // `tail`: None = no slash after the name; Some("") = trailing slash.
    let element = |tail: Option<&'a str>| match tail {
        Some(t) if !t.is_empty() && !t.contains('/') => Some(t),
        _ => None,
    };
    let collection = matches!(tail, None | Some(""));
    match first {
        "servicecost" => {
            let alias = element(tail).ok_or(RouteError::NotFound)?;
            allow(method, GET)?;
            Ok(Operation::ServiceCost {
                alias: percent_decode(alias, false, scratch)?,
            })
        }
        "serviceinfo" if collection => allow(method, GET).map(|_| Operation::ServiceInfo),
        "serviceinfo" => {
            let id = element(tail).ok_or(RouteError::NotFound)?;
            allow(method, GET)?;
            Ok(Operation::ServiceRecord {
                id: percent_decode(id, false, scratch)?,
            })
        }
        "qualities" if collection => allow(method, GET).map(|_| Operation::Qualities),
        "qualities" => {
            let group = element(tail).ok_or(RouteError::NotFound)?;
            allow(method, GET)?;
            Ok(Operation::QualityGroup {
                group: percent_decode(group, false, scratch)?,
            })
        }
        "confbundles" if collection => {
            allow(method, GET_DELETE)?;
            Ok(match method {
                HttpMethod::Delete => Operation::DeleteAllConfBundles,
                _ => Operation::ListConfBundles,
            })
        }
        "confbundles" => {
            let id = element(tail).ok_or(RouteError::NotFound)?;
            allow(method, GET_PUT_DELETE)?;
            let id = percent_decode(id, false, scratch)?;
            Ok(match method {
                HttpMethod::Put => Operation::PutConfBundle { id },
                HttpMethod::Delete => Operation::DeleteConfBundle { id },
                _ => Operation::GetConfBundle { id },
            })
        }
        "sipdomain" if tail.is_none() => {
            allow(method, GET_PUT)?;
            Ok(match method {
                HttpMethod::Put => Operation::PutSipDomain,
                _ => Operation::GetSipDomain,
            })
        }
        "owners" if tail.is_none() => {
            allow(method, PUT_DELETE)?;
            Ok(match method {
                HttpMethod::Put => Operation::PutOwners,
                _ => Operation::DeleteOwners,
            })
        }
        "multipartylicense" if tail.is_none() => {
            allow(method, GET).map(|_| Operation::MultiPartyLicense)
        }
        "sipdomain" | "owners" | "multipartylicense" => Err(RouteError::NotFound),
        generation if tail.is_none() => {
            allow(method, DELETE)?;
            Ok(Operation::DeleteOwnersOutsideGeneration {
                generation: percent_decode(generation, false, scratch)?,
            })
        }
        _ => Err(RouteError::NotFound),
    }
}

fn route_external<'a>(
    method: HttpMethod,
    rest: &'a str,
    query: &'a str,
    scratch: &mut &'a mut [u8],
) -> Result<Operation<'a>, RouteError> {
    let trimmed = rest.trim_end_matches('/');
    let mut basepath = trimmed;
    let mut filter = None;
    let table = EXTERNAL_TABLES
        .iter()
        .filter(|t| {
            trimmed == **t
                || trimmed
                    .strip_prefix(**t)
                    .is_some_and(|r| r.starts_with('/'))
        })
        .max_by_key(|t| t.len());
    if let Some(table) = table {
        basepath = table;
        let after = trimmed
            .get(table.len()..)
            .unwrap_or("")
            .trim_start_matches('/');
        if !after.is_empty() {
            let (key, value) = after.split_once('/').ok_or(RouteError::NotFound)?;
            if key.is_empty() || value.is_empty() || value.contains('/') {
                return Err(RouteError::NotFound);
            }
            filter = Some((
                percent_decode(key, false, scratch)?,
                percent_decode(value, false, scratch)?,
            ));
        }
    }
    allow(method, GET)?;
    Ok(Operation::ExternalRead {
        basepath,
        filter,
        query: parse_external_query(query, scratch)?,
    })
}

fn parse_external_query<'a>(
    query: &'a str,
    scratch: &mut &'a mut [u8],
) -> Result<ExternalQuery<'a>, RouteError> {
    let mut q = ExternalQuery::default();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = percent_decode(value, true, scratch)?;
        match name {
            "peer" => {
                q.peer = Some(match value {
                    "local" => Peer::Local,
                    "" => return Err(RouteError::InvalidQuery { parameter: "peer" }),
                    ip => Peer::Address(ip),
                })
            }
            "offset" => {
                q.offset = Some(value.parse().map_err(|_| RouteError::InvalidQuery {
                    parameter: "offset",
                })?)
            }
            "limit" => {
                q.limit = Some(
                    value
                        .parse()
                        .map_err(|_| RouteError::InvalidQuery { parameter: "limit" })?,
                )
            }
            "sortBy" => {
                if value.is_empty() {
                    return Err(RouteError::InvalidQuery {
                        parameter: "sortBy",
                    });
                }
                q.sort_by = Some(value)
            }
            "sortdirection" => {
                q.sort_direction = Some(match value {
                    "ascending" => SortDirection::Ascending,
                    "descending" => SortDirection::Descending,
                    _ => {
                        return Err(RouteError::InvalidQuery {
                            parameter: "sortdirection",
                        })
                    }
                })
            }
            "format" => {
                q.format = Some(match value {
                    "json" => ResultFormat::Json,
                    "xml" => ResultFormat::Xml,
                    _ => {
                        return Err(RouteError::InvalidQuery {
                            parameter: "format",
                        })
                    }
                })
            }
            _ => {}
        }
    }
    Ok(q)
}
