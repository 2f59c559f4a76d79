//! What a request is called in the log and the metrics: always one of a
//! fixed set of names, so that no request can invent a label value.

use baton_rest::route::{route, Operation};
use baton_rest::HttpMethod;
use http::Method;

/// The REST operation of a request (`GET /api/4.0/confbundles/{id}`), or
/// `other` for a path or method the APIs do not have.
pub(crate) fn rest_operation(method: &Method, path: &str) -> &'static str {
    let mut scratch = [0u8; 256];
    let op = route(
        HttpMethod::from_name(method.as_str()),
        path,
        "",
        &mut scratch,
    );
    match op {
        Ok(Operation::ServiceCost { .. }) => "GET /api/4.0/servicecost/{alias}",
        Ok(Operation::ServiceInfo) => "GET /api/4.0/serviceinfo/",
        Ok(Operation::ServiceRecord { .. }) => "GET /api/4.0/serviceinfo/{id}",
        Ok(Operation::Qualities) => "GET /api/4.0/qualities/",
        Ok(Operation::QualityGroup { .. }) => "GET /api/4.0/qualities/{group}",
        Ok(Operation::ListConfBundles) => "GET /api/4.0/confbundles/",
        Ok(Operation::DeleteAllConfBundles) => "DELETE /api/4.0/confbundles/",
        Ok(Operation::GetConfBundle { .. }) => "GET /api/4.0/confbundles/{id}",
        Ok(Operation::PutConfBundle { .. }) => "PUT /api/4.0/confbundles/{id}",
        Ok(Operation::DeleteConfBundle { .. }) => "DELETE /api/4.0/confbundles/{id}",
        Ok(Operation::GetSipDomain) => "GET /api/4.0/sipdomain",
        Ok(Operation::PutSipDomain) => "PUT /api/4.0/sipdomain",
        Ok(Operation::PutOwners) => "PUT /api/4.0/owners",
        Ok(Operation::DeleteOwners) => "DELETE /api/4.0/owners",
        Ok(Operation::DeleteOwnersOutsideGeneration { .. }) => "DELETE /api/4.0/{generation}",
        Ok(Operation::MultiPartyLicense) => "GET /api/4.0/multipartylicense",
        Ok(Operation::ExternalRead { .. }) => "GET /api/external/{table}",
        Ok(Operation::Status) => "GET /status",
        Ok(Operation::SystemUnit) => "GET /systemunit.xml",
        // A path too long for the scratch buffer, or a route not there.
        Err(_) => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rest_operation_names_the_route_not_the_ids() {
        assert_eq!(
            rest_operation(&Method::PUT, "/api/4.0/confbundles/anything-at-all"),
            "PUT /api/4.0/confbundles/{id}"
        );
        assert_eq!(rest_operation(&Method::GET, "/nowhere"), "other");
        assert_eq!(rest_operation(&Method::GET, "/status"), "GET /status");
    }
}
