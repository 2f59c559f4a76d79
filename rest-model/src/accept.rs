//! Content negotiation of the result format ("Result Format": "The result
//! format may be controlled either through use of an Accept header in the
//! request, or by including a query String with `format={json|xml}`").
//!
//! The `Accept` header is read as HTTP defines it (RFC 9110, 12.5.1): a
//! list of media ranges with optional `q` weights (0 to 1, three
//! decimals); a media type's weight is that of the most specific range
//! matching it (`application/json` before `application/*` before `*/*`);
//! weight 0 means "not acceptable". JSON (`application/json`) and XML
//! (`application/xml`, `text/xml`) are compared by weight; a tie, or no
//! preference at all, is JSON (the spec's default).

use crate::route::ResultFormat;

/// A weight in thousandths (`q=0.5` is 500), 0-1000.
type Weight = u16;

/// How specifically a media range matches a media type (higher wins).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Specificity {
    Any,
    Type,
    Exact,
}

/// Parses a qvalue: `0`, `0.`, `0.5`, `0.125`, `1`, `1.000`.
fn parse_qvalue(text: &str) -> Option<Weight> {
    let (int, frac) = text.split_once('.').unwrap_or((text, ""));
    if frac.len() > 3 || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let mut thousandths: Weight = 0;
    let mut scale: Weight = 100;
    for b in frac.bytes() {
        thousandths += Weight::from(b - b'0') * scale;
        scale /= 10;
    }
    match int {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// One element of an Accept list: its media range and weight (`None`
/// when the element is malformed, e.g. a bad `q`).
fn element(text: &str) -> Option<(&str, Weight)> {
    let mut parts = text.split(';');
    let range = parts.next()?.trim();
    if range.is_empty() || !range.contains('/') {
        return None;
    }
    let mut weight = 1000;
    for p in parts {
        let Some((name, value)) = p.split_once('=') else {
            continue;
        };
        if name.trim().eq_ignore_ascii_case("q") {
            weight = parse_qvalue(value.trim())?;
            // Parameters after the weight are accept-extensions.
            break;
        }
    }
    Some((range, weight))
}

/// How `range` matches `media` (`type/subtype`, lower case), if it does.
fn matches(range: &str, media: &str) -> Option<Specificity> {
    let (rt, rs) = range.split_once('/')?;
    let (mt, ms) = media.split_once('/')?;
    let (rt, rs) = (rt.trim(), rs.trim());
    if rt == "*" && rs == "*" {
        Some(Specificity::Any)
    } else if rt.eq_ignore_ascii_case(mt) && rs == "*" {
        Some(Specificity::Type)
    } else if rt.eq_ignore_ascii_case(mt) && rs.eq_ignore_ascii_case(ms) {
        Some(Specificity::Exact)
    } else {
        None
    }
}

/// The weight the Accept lists give `media`: that of the most specific
/// matching range (the first of equally specific ones), `None` if no
/// range matches.
fn weight_of<'a>(values: impl Iterator<Item = &'a str>, media: &str) -> Option<Weight> {
    let mut best: Option<(Specificity, Weight)> = None;
    for value in values {
        for (range, weight) in value.split(',').filter_map(element) {
            if let Some(s) = matches(range, media) {
                if best.is_none_or(|(b, _)| s > b) {
                    best = Some((s, weight));
                }
            }
        }
    }
    best.map(|(_, w)| w)
}

/// The result format the `Accept` header values (`values`: each header
/// line's text) prefer, or `None` when they prefer neither (no header,
/// JSON and XML equally weighted, or neither acceptable): the caller then
/// answers its default, JSON.
///
/// ```
/// use baton_rest::accept::preferred_format;
/// use baton_rest::route::ResultFormat;
/// assert_eq!(
///     preferred_format(["application/xml;q=0.5, application/json"]),
///     Some(ResultFormat::Json)
/// );
/// assert_eq!(preferred_format(["application/xml"]), Some(ResultFormat::Xml));
/// assert_eq!(preferred_format(["*/*"]), None);
/// ```
pub fn preferred_format<'a>(
    values: impl IntoIterator<Item = &'a str> + Clone,
) -> Option<ResultFormat> {
    let json = weight_of(values.clone().into_iter(), "application/json").unwrap_or(0);
    let xml = weight_of(values.clone().into_iter(), "application/xml")
        .max(weight_of(values.into_iter(), "text/xml"))
        .unwrap_or(0);
    match json.cmp(&xml) {
        core::cmp::Ordering::Greater => Some(ResultFormat::Json),
        core::cmp::Ordering::Less => Some(ResultFormat::Xml),
        core::cmp::Ordering::Equal => None,
    }
}

/// The result format of a request: `format=` when given (it wins), else
/// what `Accept` prefers, else JSON ("If no result format control data is
/// provided by the client, JSON will be returned").
///
/// ```
/// use baton_rest::accept::result_format;
/// use baton_rest::route::ResultFormat;
/// assert_eq!(result_format(Some(ResultFormat::Xml), ["application/json"]), ResultFormat::Xml);
/// assert_eq!(result_format(None, ["text/html"]), ResultFormat::Json);
/// ```
pub fn result_format<'a>(
    query: Option<ResultFormat>,
    accept: impl IntoIterator<Item = &'a str> + Clone,
) -> ResultFormat {
    query
        .or_else(|| preferred_format(accept))
        .unwrap_or(ResultFormat::Json)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pref(v: &str) -> Option<ResultFormat> {
        preferred_format([v])
    }

    #[test]
    fn q_values_decide_between_json_and_xml() {
        use ResultFormat::{Json, Xml};
        assert_eq!(pref("application/xml;q=0.5, application/json"), Some(Json));
        assert_eq!(pref("application/json;q=0.1, application/xml"), Some(Xml));
        assert_eq!(
            pref("application/xml;q=0.9, application/json;q=0.95"),
            Some(Json)
        );
        assert_eq!(pref("text/xml"), Some(Xml));
        assert_eq!(pref("application/xml, */*;q=0.1"), Some(Xml));
        assert_eq!(
            pref("APPLICATION/XML ; Q=0.9 , application/json ; q=0.8"),
            Some(Xml)
        );
    }

    #[test]
    fn the_most_specific_range_gives_the_weight() {
        // json is weighted 0.5 by its own range, xml 1 by */*.
        assert_eq!(
            pref("application/json;q=0.5, */*;q=1"),
            Some(ResultFormat::Xml)
        );
        assert_eq!(
            pref("application/*;q=0.2, application/xml;q=0.3"),
            Some(ResultFormat::Xml)
        );
        assert_eq!(
            pref("application/*;q=0.4, application/xml;q=0.3"),
            Some(ResultFormat::Json)
        );
    }

    #[test]
    fn ties_absent_and_unacceptable_are_no_preference() {
        assert_eq!(pref("*/*"), None);
        assert_eq!(pref("application/*"), None);
        assert_eq!(pref("text/html"), None);
        assert_eq!(pref("application/xml;q=0"), None);
        assert_eq!(pref(""), None);
        assert_eq!(preferred_format([]), None);
        assert_eq!(
            result_format(None, ["application/xml;q=0"]),
            ResultFormat::Json
        );
    }

    #[test]
    fn several_header_lines_are_one_list() {
        assert_eq!(
            preferred_format(["application/json;q=0.2", "application/xml;q=0.3"]),
            Some(ResultFormat::Xml)
        );
    }

    #[test]
    fn malformed_elements_are_ignored() {
        assert_eq!(parse_qvalue("0.5"), Some(500));
        assert_eq!(parse_qvalue("1.000"), Some(1000));
        assert_eq!(parse_qvalue("0."), Some(0));
        assert_eq!(parse_qvalue("1.5"), None);
        assert_eq!(parse_qvalue("0.1234"), None);
        assert_eq!(parse_qvalue("-1"), None);
        assert_eq!(parse_qvalue(""), None);
        assert_eq!(
            pref("application/xml;q=abc, application/json;q=0.1"),
            Some(ResultFormat::Json)
        );
        assert_eq!(pref("xml, ;;, /, application/xml"), Some(ResultFormat::Xml));
    }

    #[test]
    fn format_query_wins() {
        assert_eq!(
            result_format(Some(ResultFormat::Json), ["application/xml"]),
            ResultFormat::Json
        );
        assert_eq!(result_format(None, ["application/xml"]), ResultFormat::Xml);
    }
}
