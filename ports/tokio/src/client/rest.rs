//! The REST operations, one typed method each (HTTP Basic with the
//! configured credentials; errors as [`Error::Rest`] with the spec's
//! error body).

use core::fmt::Write;

use baton_rest::route::{ExternalQuery, Peer, ResultFormat, SortDirection};
use baton_rest::{
    ConfBundle, ConfBundleVersions, Encode, ErrorResponse, ExternalResult, Owners, QualityInfo,
    QualitySpecs, RawObject, ServiceInfo, ServiceParams, ServiceRecord, SipDomainSpec,
};

use super::{error_text, ConductorClient, RestBody};
use crate::error::Error;

/// Percent-encodes a path segment (everything but unreserved characters).
fn segment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'@') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn query_string(q: &ExternalQuery<'_>) -> String {
    let mut parts: Vec<String> = Vec::new();
    match q.peer {
        Some(Peer::Local) => parts.push("peer=local".into()),
        Some(Peer::Address(ip)) => parts.push(format!("peer={}", segment(ip))),
        None => {}
    }
    if let Some(o) = q.offset {
        parts.push(format!("offset={o}"));
    }
    if let Some(l) = q.limit {
        parts.push(format!("limit={l}"));
    }
    if let Some(s) = q.sort_by {
        parts.push(format!("sortBy={}", segment(s)));
    }
    match q.sort_direction {
        Some(SortDirection::Ascending) => parts.push("sortdirection=ascending".into()),
        Some(SortDirection::Descending) => parts.push("sortdirection=descending".into()),
        None => {}
    }
    match q.format {
        Some(ResultFormat::Json) => parts.push("format=json".into()),
        Some(ResultFormat::Xml) => parts.push("format=xml".into()),
        None => {}
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

impl ConductorClient {
    /// Any REST request: `path_and_query` below the base URL, an optional
    /// JSON body. A non-2xx answer is [`Error::Rest`] (with the spec's
    /// error body) or [`Error::Http`].
    pub async fn rest<T>(
        &self,
        method: http::Method,
        path_and_query: &str,
        json: Option<Vec<u8>>,
        accept_xml: bool,
    ) -> Result<RestBody<T>, Error> {
        let accept = if accept_xml {
            "application/xml"
        } else {
            "application/json"
        };
        let raw = self
            .exchange(
                method,
                path_and_query,
                json.map(|b| ("application/json", b)),
                true,
                accept,
            )
            .await?;
        let status = raw.status.as_u16();
        if raw.status.is_success() {
            return Ok(RestBody::new(raw.url, status, Vec::from(raw.body)));
        }
        let mut scratch = vec![0u8; raw.body.len()];
        match baton_rest::from_slice::<ErrorResponse<'_>>(&raw.body, &mut scratch) {
            Ok(e) if e.error_code.is_some() => Err(Error::Rest {
                status,
                url: raw.url.clone(),
                error_code: e.error_code.unwrap_or("").to_owned(),
                message: e.message.unwrap_or("").to_owned(),
                details: e.details.map(|d| d.as_str().to_owned()).unwrap_or_default(),
            }),
            _ => Err(Error::Http {
                status,
                url: raw.url.clone(),
                body: error_text(&raw.body),
            }),
        }
    }

    async fn put_json<T: Encode + ?Sized>(&self, path: &str, value: &T) -> Result<u16, Error> {
        let body = baton_rest::to_vec(value);
        self.rest::<()>(http::Method::PUT, path, Some(body), false)
            .await
            .map(|r| r.status())
    }

    async fn delete(&self, path: &str) -> Result<u16, Error> {
        self.rest::<()>(http::Method::DELETE, path, None, false)
            .await
            .map(|r| r.status())
    }

    /// `GET /api/4.0/servicecost/<alias>` -> `ServiceParams`.
    pub async fn service_cost(
        &self,
        alias: &str,
    ) -> Result<RestBody<ServiceParams<'static>>, Error> {
        let path = format!("/api/4.0/servicecost/{}", segment(alias));
        self.rest(http::Method::GET, &path, None, false).await
    }

    /// `GET /api/4.0/serviceinfo/` -> `ServiceInfo`.
    pub async fn service_info(&self) -> Result<RestBody<ServiceInfo<'static>>, Error> {
        self.rest(http::Method::GET, "/api/4.0/serviceinfo/", None, false)
            .await
    }

    /// `GET /api/4.0/serviceinfo/<id>` -> `ServiceRecord`.
    pub async fn service_record(
        &self,
        id: &str,
    ) -> Result<RestBody<ServiceRecord<'static>>, Error> {
        let path = format!("/api/4.0/serviceinfo/{}", segment(id));
        self.rest(http::Method::GET, &path, None, false).await
    }

    /// `GET /api/4.0/qualities/` -> `QualityInfo`.
    pub async fn qualities(&self) -> Result<RestBody<QualityInfo<'static>>, Error> {
        self.rest(http::Method::GET, "/api/4.0/qualities/", None, false)
            .await
    }

    /// `GET /api/4.0/qualities/<group>` -> the group's `QualitySpec`s.
    pub async fn quality_group(
        &self,
        group: &str,
    ) -> Result<RestBody<QualitySpecs<'static>>, Error> {
        let path = format!("/api/4.0/qualities/{}", segment(group));
        self.rest(http::Method::GET, &path, None, false).await
    }

    /// `GET /api/4.0/confbundles/` -> ConfBundleID/ConfBundleVer pairs.
    pub async fn list_confbundles(&self) -> Result<RestBody<ConfBundleVersions<'static>>, Error> {
        self.rest(http::Method::GET, "/api/4.0/confbundles/", None, false)
            .await
    }

    /// `GET /api/4.0/confbundles/<id>` -> `ConfBundle`.
    pub async fn get_confbundle(&self, id: &str) -> Result<RestBody<ConfBundle<'static>>, Error> {
        let path = format!("/api/4.0/confbundles/{}", segment(id));
        self.rest(http::Method::GET, &path, None, false).await
    }

    /// `PUT /api/4.0/confbundles/<id>`: the status (201 created, 200
    /// replaced).
    pub async fn put_confbundle(&self, id: &str, bundle: &ConfBundle<'_>) -> Result<u16, Error> {
        let path = format!("/api/4.0/confbundles/{}", segment(id));
        self.put_json(&path, bundle).await
    }

    /// `DELETE /api/4.0/confbundles/<id>`.
    pub async fn delete_confbundle(&self, id: &str) -> Result<u16, Error> {
        self.delete(&format!("/api/4.0/confbundles/{}", segment(id)))
            .await
    }

    /// `DELETE /api/4.0/confbundles/`: every ConfBundle (the spec warns:
    /// highly disruptive).
    pub async fn delete_all_confbundles(&self) -> Result<u16, Error> {
        self.delete("/api/4.0/confbundles/").await
    }

    /// `GET /api/4.0/sipdomain` -> `SIPDomainSpec`.
    pub async fn get_sip_domain(&self) -> Result<RestBody<SipDomainSpec<'static>>, Error> {
        self.rest(http::Method::GET, "/api/4.0/sipdomain", None, false)
            .await
    }

    /// `PUT /api/4.0/sipdomain` (204 on success).
    pub async fn put_sip_domain(&self, spec: &SipDomainSpec<'_>) -> Result<u16, Error> {
        self.put_json("/api/4.0/sipdomain", spec).await
    }

    /// `PUT /api/4.0/owners`.
    pub async fn put_owners(&self, owners: &Owners<'_>) -> Result<u16, Error> {
        self.put_json("/api/4.0/owners", owners).await
    }

    /// `DELETE /api/4.0/owners`, or `DELETE /api/4.0/<generation>` to keep
    /// that generation.
    pub async fn delete_owners(&self, keep_generation: Option<&str>) -> Result<u16, Error> {
        match keep_generation {
            None => self.delete("/api/4.0/owners").await,
            Some(g) => self.delete(&format!("/api/4.0/{}", segment(g))).await,
        }
    }

    /// `GET /api/4.0/multipartylicense` (kept as a raw JSON object).
    pub async fn multiparty_license(&self) -> Result<RestBody<RawObject<'static>>, Error> {
        self.rest(http::Method::GET, "/api/4.0/multipartylicense", None, false)
            .await
    }

    /// `GET /api/external/<basepath>/[<key>/<value>]` in JSON
    /// (`[{"peer", "num_recs", "records"}]`).
    pub async fn external_read(
        &self,
        basepath: &str,
        filter: Option<(&str, &str)>,
        query: &ExternalQuery<'_>,
    ) -> Result<RestBody<ExternalResult<'static>>, Error> {
        let path = external_path(basepath, filter, query);
        self.rest(http::Method::GET, &path, None, false).await
    }

    /// The same read in XML (`Accept: application/xml`): the document as
    /// text.
    pub async fn external_read_xml(
        &self,
        basepath: &str,
        filter: Option<(&str, &str)>,
        query: &ExternalQuery<'_>,
    ) -> Result<String, Error> {
        let path = external_path(basepath, filter, query);
        let body = self
            .rest::<()>(http::Method::GET, &path, None, true)
            .await?;
        Ok(body.text().to_owned())
    }

    /// `GET /status` (raw JSON object).
    pub async fn status(&self) -> Result<RestBody<RawObject<'static>>, Error> {
        self.rest(http::Method::GET, "/status", None, false).await
    }

    /// `GET /systemunit.xml`: the XML text.
    pub async fn system_unit(&self) -> Result<String, Error> {
        let body = self
            .rest::<()>(http::Method::GET, "/systemunit.xml", None, true)
            .await?;
        Ok(body.text().to_owned())
    }
}

fn external_path(
    basepath: &str,
    filter: Option<(&str, &str)>,
    query: &ExternalQuery<'_>,
) -> String {
    let base: Vec<String> = basepath.trim_matches('/').split('/').map(segment).collect();
    let mut path = format!("/api/external/{}/", base.join("/"));
    if let Some((key, value)) = filter {
        path.push_str(&format!("{}/{}", segment(key), segment(value)));
    }
    path.push_str(&query_string(query));
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_are_percent_encoded_in_the_path() {
        assert_eq!(segment("meet.alice@cisco.com"), "meet.alice@cisco.com");
        assert_eq!(segment("a b/c?d"), "a%20b%2Fc%3Fd");
    }

    #[test]
    fn external_read_path_carries_filter_and_query() {
        let q = ExternalQuery {
            peer: Some(Peer::Local),
            offset: Some(10),
            limit: Some(10),
            ..Default::default()
        };
        assert_eq!(
            external_path("status/alarm", Some(("state", "raised")), &q),
            "/api/external/status/alarm/state/raised?peer=local&offset=10&limit=10"
        );
        assert_eq!(
            external_path("/status/system/", None, &ExternalQuery::default()),
            "/api/external/status/system/"
        );
    }
}
