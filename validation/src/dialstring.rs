//! Dial-string normalization before exact matching (Alias `exact_match`
//! and the SIP Domain API): the dial string is converted to lower case,
//! and when a SIP domain is set, a host part that is an IP address or the
//! device's host name (as Unified CM appends: `1234@10.0.0.1`) is replaced
//! by the SIP domain (`1234@domain.com`).

use core::net::{Ipv4Addr, Ipv6Addr};

use crate::Error;

/// Whether `host` (without port) is an IPv4 address or a bracketed (or
/// bare) IPv6 address.
///
/// ```
/// use baton_validate::dialstring::is_ip_address;
/// assert!(is_ip_address("10.0.0.5"));
/// assert!(is_ip_address("[fd00::1]") && is_ip_address("fd00::1"));
/// assert!(!is_ip_address("conductor.example.com"));
/// assert!(!is_ip_address("10.0.0.256"));
/// ```
pub fn is_ip_address(host: &str) -> bool {
    let inner = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    inner.parse::<Ipv4Addr>().is_ok() || inner.parse::<Ipv6Addr>().is_ok()
}

struct Out<'b> {
    buf: &'b mut [u8],
    len: usize,
}

impl Out<'_> {
    fn push_str(&mut self, s: &str) -> Result<(), Error> {
        let end = self.len.checked_add(s.len()).ok_or(Error::BufferTooSmall)?;
        self.buf
            .get_mut(self.len..end)
            .ok_or(Error::BufferTooSmall)?
            .copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }

    fn push_lower(&mut self, s: &str) -> Result<(), Error> {
        for c in s.chars().flat_map(char::to_lowercase) {
            let mut tmp = [0u8; 4];
            self.push_str(c.encode_utf8(&mut tmp))?;
        }
        Ok(())
    }
}

/// Splits `host[:port]` (IPv6 in brackets) into host and the rest.
fn split_host(hostport: &str) -> (&str, &str) {
    if hostport.starts_with('[') {
        match hostport.find(']') {
            Some(end) => hostport.split_at(end + 1),
            None => (hostport, ""),
        }
    } else if hostport.bytes().filter(|&b| b == b':').count() > 1 {
        // A bare IPv6 address.
        (hostport, "")
    } else {
        match hostport.find(':') {
            Some(i) => hostport.split_at(i),
            None => (hostport, ""),
        }
    }
}

/// Normalizes `dial` into `out`: lower case; with `sip_domain` set, a
/// host that is an IP address or one of `device_names` (compared without
/// case) is replaced by the domain, its port dropped; URI parameters after
/// the host (`;transport=tcp`) are kept.
///
/// ```
/// use baton_validate::dialstring::normalize_dial_string;
///
/// let mut out = [0u8; 64];
/// let n = normalize_dial_string("Meet.Alice@10.0.0.5:5060;transport=tcp", Some("example.com"), &[], &mut out);
/// assert_eq!(n.unwrap(), "meet.alice@example.com;transport=tcp");
/// let n = normalize_dial_string("alice@Conductor1", Some("example.com"), &["conductor1"], &mut out);
/// assert_eq!(n.unwrap(), "alice@example.com");
/// // Without a SIP domain: lower case only.
/// assert_eq!(normalize_dial_string("Alice@10.0.0.5", None, &[], &mut out).unwrap(), "alice@10.0.0.5");
/// assert!(normalize_dial_string("alice@example.com", None, &[], &mut [0u8; 4]).is_err());
/// ```
pub fn normalize_dial_string<'b>(
    dial: &str,
    sip_domain: Option<&str>,
    device_names: &[&str],
    out: &'b mut [u8],
) -> Result<&'b str, Error> {
    let mut o = Out { buf: out, len: 0 };
    match (sip_domain, dial.rfind('@')) {
        (Some(domain), Some(at)) => {
            let (user, rest) = dial.split_at(at);
            let rest = rest.get(1..).unwrap_or("");
            let end = rest.find([';', '>', '?']).unwrap_or(rest.len());
            let (hostport, params) = rest.split_at(end);
            let (host, port) = split_host(hostport);
            o.push_lower(user)?;
            o.push_str("@")?;
            let replace =
                is_ip_address(host) || device_names.iter().any(|n| n.eq_ignore_ascii_case(host));
            if replace {
                o.push_lower(domain)?;
            } else {
                o.push_lower(host)?;
                o.push_lower(port)?;
            }
            o.push_lower(params)?;
        }
        _ => o.push_lower(dial)?,
    }
    let Out { buf, len } = o;
    let written: &'b [u8] = buf.get(..len).unwrap_or_default();
    core::str::from_utf8(written).map_err(|_| Error::BufferTooSmall)
}
