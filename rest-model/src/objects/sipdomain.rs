//! The SIP Domain API's `SIPDomainSpec`.

use core::fmt;

use crate::decode::{Decode, Decoder, IssueKind};
use crate::json::{Encode, ObjectWriter, SyntaxError};
use crate::path::JsonPath;

/// `SIPDomainSpec`: `{"SIPDomain": "example.com"}` or `{"SIPDomain": null}`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SipDomainSpec<'a> {
    /// The SIP domain; `None` = not set (JSON `null`).
    pub sip_domain: Option<&'a str>,
}

impl SipDomainSpec<'_> {
    /// The JSON member names.
    pub const KEYS: &'static [&'static str] = &["SIPDomain"];
}

impl<'a> Decode<'a> for SipDomainSpec<'a> {
    fn decode(d: &mut Decoder<'a, '_>, path: JsonPath<'a>) -> Result<Option<Self>, SyntaxError> {
        let mut out = SipDomainSpec::default();
        let mut seen = false;
        let ok = d.object(path, |d, key, p| {
            if key != "SIPDomain" {
                return Ok(false);
            }
            seen = true;
            out.sip_domain = d.field::<&'a str>(p)?;
            Ok(true)
        })?;
        if ok && !seen {
            d.issue(
                path.key("SIPDomain"),
                IssueKind::Message("required key not provided"),
            );
        }
        Ok(ok.then_some(out))
    }
}

impl Encode for SipDomainSpec<'_> {
    fn encode(&self, w: &mut dyn fmt::Write) -> fmt::Result {
        let mut o = ObjectWriter::new(w)?;
        o.field("SIPDomain", &self.sip_domain)?;
        o.end()
    }
}
