//! `receiverURI` parsing: `http` or `https`, a host, an optional port
//! (default 80 / 443, as the spec says) and a path.

use core::fmt;

/// The URI scheme of a receiver.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
pub enum Scheme {
    /// `http`, default port 80.
    Http,
    /// `https`, default port 443.
    Https,
}

impl Scheme {
    /// The port used when the URI names none (spec: "80 or 443").
    pub const fn default_port(self) -> u16 {
        match self {
            Scheme::Http => 80,
            Scheme::Https => 443,
        }
    }

    /// `"http"` or `"https"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Scheme::Http => "http",
            Scheme::Https => "https",
        }
    }
}

impl fmt::Display for Scheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why a `receiverURI` was rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "defmt", derive(defmt::Format))]
#[non_exhaustive]
pub enum UriError {
    /// The scheme is not `http://` or `https://` (case-insensitive).
    Scheme,
    /// The host is empty or has characters a host cannot have.
    Host,
    /// The port is not a number in 1..=65535.
    Port,
    /// The URI has a fragment, a space or a control character.
    Syntax,
}

impl fmt::Display for UriError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            UriError::Scheme => "receiverURI scheme must be http or https",
            UriError::Host => "receiverURI host is empty or invalid",
            UriError::Port => "receiverURI port is not in 1..=65535",
            UriError::Syntax => "receiverURI has a fragment, space or control character",
        })
    }
}

impl core::error::Error for UriError {}

/// A parsed receiver URI, borrowing its parts from the text.
///
/// ```
/// use baton_feedback::{ReceiverUri, Scheme, UriError};
///
/// let u = ReceiverUri::parse("http://10.2.134.40:5050/RPC2").unwrap();
/// assert_eq!((u.scheme, u.host, u.port, u.path), (Scheme::Http, "10.2.134.40", 5050, "/RPC2"));
/// let u = ReceiverUri::parse("https://[fd00::1]/feedback?x=1").unwrap();
/// assert_eq!((u.host, u.port, u.path), ("fd00::1", 443, "/feedback?x=1"));
/// assert_eq!(ReceiverUri::parse("http://h:0/"), Err(UriError::Port));
/// assert!(ReceiverUri::parse("ftp://h/").is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ReceiverUri<'a> {
    /// `http` or `https`.
    pub scheme: Scheme,
    /// The host: a name, an IPv4 address, or an IPv6 address without its
    /// brackets.
    pub host: &'a str,
    /// The port: explicit, else the scheme's default.
    pub port: u16,
    /// The path with any query, `/` when the URI has none.
    pub path: &'a str,
}

impl<'a> ReceiverUri<'a> {
    /// Parses `uri`, e.g. `http://10.2.134.40:5050/RPC2`.
    pub fn parse(uri: &'a str) -> Result<Self, UriError> {
        if uri.bytes().any(|b| b <= b' ' || b == 0x7f || b == b'#') {
            return Err(UriError::Syntax);
        }
        let (scheme, rest) = split_scheme(uri).ok_or(UriError::Scheme)?;
        let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
        let (authority, path) = rest.split_at(authority_end);
        if authority.contains('@') {
            // userinfo is not part of the spec's form
            return Err(UriError::Host);
        }
        let (host, port) = split_host_port(authority)?;
        let port = match port {
            None => scheme.default_port(),
            Some(text) => parse_port(text)?,
        };
        let path = if path.is_empty() { "/" } else { path };
        Ok(ReceiverUri {
            scheme,
            host,
            port,
            path,
        })
    }
}

fn split_scheme(uri: &str) -> Option<(Scheme, &str)> {
    let colon = uri.find("://")?;
    let name = uri.get(..colon)?;
    let rest = uri.get(colon + 3..)?;
    if name.eq_ignore_ascii_case("http") {
        Some((Scheme::Http, rest))
    } else if name.eq_ignore_ascii_case("https") {
        Some((Scheme::Https, rest))
    } else {
        None
    }
}

fn split_host_port(authority: &str) -> Result<(&str, Option<&str>), UriError> {
    if let Some(v6) = authority.strip_prefix('[') {
        let close = v6.find(']').ok_or(UriError::Host)?;
        let host = v6.get(..close).ok_or(UriError::Host)?;
        let after = v6.get(close + 1..).ok_or(UriError::Host)?;
        if host.is_empty()
            || !host
                .bytes()
                .all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.')
        {
            return Err(UriError::Host);
        }
        return match after {
            "" => Ok((host, None)),
            _ => after
                .strip_prefix(':')
                .map(|p| (host, Some(p)))
                .ok_or(UriError::Host),
        };
    }
    let (host, port) = match authority.rfind(':') {
        Some(i) => (
            authority.get(..i).ok_or(UriError::Host)?,
            Some(authority.get(i + 1..).ok_or(UriError::Port)?),
        ),
        None => (authority, None),
    };
    let host_ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'%'));
    if host_ok {
        Ok((host, port))
    } else {
        Err(UriError::Host)
    }
}

fn parse_port(text: &str) -> Result<u16, UriError> {
    if text.is_empty() || text.len() > 5 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(UriError::Port);
    }
    match text.parse::<u32>() {
        Ok(p @ 1..=65535) => u16::try_from(p).map_err(|_| UriError::Port),
        _ => Err(UriError::Port),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn receiver_uri_spec_example_parses() {
        let u = ReceiverUri::parse("http://10.2.134.40:5050/RPC2").unwrap();
        assert_eq!(u.scheme, Scheme::Http);
        assert_eq!(u.host, "10.2.134.40");
        assert_eq!(u.port, 5050);
        assert_eq!(u.path, "/RPC2");
    }

    #[test]
    fn receiver_uri_without_port_uses_80_or_443() {
        assert_eq!(ReceiverUri::parse("http://rx.example/x").unwrap().port, 80);
        let s = ReceiverUri::parse("https://rx.example").unwrap();
        assert_eq!((s.scheme, s.port, s.path), (Scheme::Https, 443, "/"));
        assert_eq!(ReceiverUri::parse("HTTPS://rx:8443/").unwrap().port, 8443);
    }

    #[test]
    fn receiver_uri_valid_protocols_are_http_and_https() {
        assert_eq!(ReceiverUri::parse("ftp://host/x"), Err(UriError::Scheme));
        assert_eq!(ReceiverUri::parse("host:80/x"), Err(UriError::Scheme));
        assert_eq!(ReceiverUri::parse(""), Err(UriError::Scheme));
    }

    #[test]
    fn receiver_uri_bad_host_and_port_are_rejected() {
        assert_eq!(ReceiverUri::parse("http:///x"), Err(UriError::Host));
        assert_eq!(ReceiverUri::parse("http://h:0/"), Err(UriError::Port));
        assert_eq!(ReceiverUri::parse("http://h:65536/"), Err(UriError::Port));
        assert_eq!(ReceiverUri::parse("http://h:/"), Err(UriError::Port));
        assert_eq!(ReceiverUri::parse("http://u@h/"), Err(UriError::Host));
        assert_eq!(ReceiverUri::parse("http://h /"), Err(UriError::Syntax));
        assert_eq!(ReceiverUri::parse("http://h/#f"), Err(UriError::Syntax));
    }

    #[test]
    fn receiver_uri_ipv6_host_in_brackets() {
        let u = ReceiverUri::parse("http://[fe80::1]:5050/RPC2").unwrap();
        assert_eq!((u.host, u.port), ("fe80::1", 5050));
        assert_eq!(ReceiverUri::parse("https://[::1]").unwrap().port, 443);
        assert_eq!(ReceiverUri::parse("http://[::1]x/"), Err(UriError::Host));
    }
}
