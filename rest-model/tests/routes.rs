//! Routes: every REST operation of the spec, percent-decoding, and the
//! 100:404 / 100:405 errors.

use baton_rest::route::{ExternalQuery, Peer, ResultFormat, SortDirection};
use baton_rest::{route, route_target, ErrorCode, HttpMethod::*, Operation::*, RouteError};

fn r(
    method: baton_rest::HttpMethod,
    target: &str,
) -> Result<baton_rest::Operation<'static>, RouteError> {
    let target: &'static str = Box::leak(target.to_owned().into_boxed_str());
    let scratch: &'static mut [u8] = Box::leak(vec![0u8; 256].into_boxed_slice());
    route_target(method, target, scratch)
}

#[test]
fn every_rest_operation_of_the_spec_routes() {
    assert_eq!(
        r(Get, "/api/4.0/servicecost/meet.alice@domain.com"),
        Ok(ServiceCost {
            alias: "meet.alice@domain.com"
        })
    );
    assert_eq!(r(Get, "/api/4.0/serviceinfo/"), Ok(ServiceInfo));
    assert_eq!(
        r(Get, "/api/4.0/serviceinfo/123456"),
        Ok(ServiceRecord { id: "123456" })
    );
    assert_eq!(r(Get, "/api/4.0/qualities/"), Ok(Qualities));
    assert_eq!(
        r(Get, "/api/4.0/qualities/qualgroup_ts"),
        Ok(QualityGroup {
            group: "qualgroup_ts"
        })
    );
    assert_eq!(r(Get, "/api/4.0/confbundles/"), Ok(ListConfBundles));
    assert_eq!(r(Delete, "/api/4.0/confbundles/"), Ok(DeleteAllConfBundles));
    assert_eq!(
        r(Get, "/api/4.0/confbundles/abc"),
        Ok(GetConfBundle { id: "abc" })
    );
    assert_eq!(
        r(Put, "/api/4.0/confbundles/abc"),
        Ok(PutConfBundle { id: "abc" })
    );
    assert_eq!(
        r(Delete, "/api/4.0/confbundles/abc"),
        Ok(DeleteConfBundle { id: "abc" })
    );
    assert_eq!(r(Get, "/api/4.0/sipdomain"), Ok(GetSipDomain));
    assert_eq!(r(Put, "/api/4.0/sipdomain"), Ok(PutSipDomain));
    assert_eq!(r(Put, "/api/4.0/owners"), Ok(PutOwners));
    assert_eq!(r(Delete, "/api/4.0/owners"), Ok(DeleteOwners));
    assert_eq!(
        r(Delete, "/api/4.0/98765432-aaaa-bbbb-cccc-aaabbbccdd"),
        Ok(DeleteOwnersOutsideGeneration {
            generation: "98765432-aaaa-bbbb-cccc-aaabbbccdd"
        })
    );
    assert_eq!(r(Get, "/api/4.0/multipartylicense"), Ok(MultiPartyLicense));
    assert_eq!(r(Get, "/status"), Ok(Status));
    assert_eq!(r(Get, "/systemunit.xml"), Ok(SystemUnit));
    assert_eq!(r(Head, "/api/4.0/sipdomain"), Ok(GetSipDomain));
}

#[test]
fn external_api_reads_route_with_their_query() {
    assert_eq!(
        r(Get, "/api/external/status/networkinterface?peer=local"),
        Ok(ExternalRead {
            basepath: "status/networkinterface",
            filter: None,
            query: ExternalQuery {
                peer: Some(Peer::Local),
                ..Default::default()
            }
        })
    );
    assert_eq!(
        r(Get, "/api/external/status/conferencefactory/mcustatus/uuid/ab%2Fc?offset=10&limit=10&sortBy=field3&sortdirection=descending&format=xml&peer=10.0.0.2"),
        Ok(ExternalRead {
            basepath: "status/conferencefactory/mcustatus",
            filter: Some(("uuid", "ab/c")),
            query: ExternalQuery {
                peer: Some(Peer::Address("10.0.0.2")),
                offset: Some(10),
                limit: Some(10),
                sort_by: Some("field3"),
                sort_direction: Some(SortDirection::Descending),
                format: Some(ResultFormat::Xml),
            }
        })
    );
    assert_eq!(
        r(Get, "/api/external/status/cluster/"),
        Ok(ExternalRead {
            basepath: "status/cluster",
            filter: None,
            query: ExternalQuery::default()
        })
    );
    // Longest table wins: clusterpeer is not cluster + key "peer".
    assert!(matches!(
        r(Get, "/api/external/status/clusterpeer"),
        Ok(ExternalRead {
            basepath: "status/clusterpeer",
            filter: None,
            ..
        })
    ));
    assert_eq!(
        r(Get, "/api/external/status/alarm?offset=x"),
        Err(RouteError::InvalidQuery {
            parameter: "offset"
        })
    );
    assert_eq!(
        r(Get, "/api/external/status/alarm?sortdirection=up"),
        Err(RouteError::InvalidQuery {
            parameter: "sortdirection"
        })
    );
    assert_eq!(
        r(Get, "/api/external/status/alarm/uuid"),
        Err(RouteError::NotFound)
    );
    assert!(matches!(
        r(Put, "/api/external/status/alarm"),
        Err(RouteError::MethodNotAllowed { .. })
    ));
}

#[test]
fn path_segments_are_percent_decoded() {
    assert_eq!(
        r(Get, "/api/4.0/servicecost/meet.alice%40cisco.com"),
        Ok(ServiceCost {
            alias: "meet.alice@cisco.com"
        })
    );
    assert_eq!(
        r(Get, "/api/4.0/confbundles/a%20b"),
        Ok(GetConfBundle { id: "a b" })
    );
    assert_eq!(
        r(Get, "/api/4.0/confbundles/a%2"),
        Err(RouteError::BadEncoding)
    );
    assert_eq!(
        r(Get, "/api/4.0/confbundles/%ff"),
        Err(RouteError::BadEncoding)
    );
    let mut tiny = [0u8; 2];
    assert_eq!(
        route(Get, "/api/4.0/confbundles/%41%42%43", "", &mut tiny),
        Err(RouteError::TooLong)
    );
}

#[test]
fn unknown_paths_are_100_404_and_wrong_methods_100_405() {
    for path in [
        "/",
        "/api/4.0/",
        "/api/4.0/confbundles/a/b",
        "/api/4.0/sipdomain/",
        "/api/3.0/sipdomain",
        "/api/4.0/servicecost",
    ] {
        let e = r(Get, path).unwrap_err();
        assert_eq!(e, RouteError::NotFound, "{path}");
        assert_eq!(e.error_code(), ErrorCode::Http(404));
    }
    let e = r(Post, "/api/4.0/confbundles/x").unwrap_err();
    assert_eq!(
        e,
        RouteError::MethodNotAllowed {
            allowed: &[Get, Put, Delete]
        }
    );
    assert_eq!(e.error_code().http_status(), 405);
    assert!(matches!(
        r(Put, "/api/4.0/serviceinfo/"),
        Err(RouteError::MethodNotAllowed { .. })
    ));
    assert!(matches!(
        r(Get, "/api/4.0/owners"),
        Err(RouteError::MethodNotAllowed {
            allowed: &[Put, Delete]
        })
    ));
    assert!(matches!(
        r(Get, "/api/4.0/some-generation"),
        Err(RouteError::MethodNotAllowed { allowed: &[Delete] })
    ));
}

#[test]
fn success_statuses_follow_the_spec() {
    assert_eq!(PutConfBundle { id: "x" }.success_status(true), 201);
    assert_eq!(PutConfBundle { id: "x" }.success_status(false), 200);
    assert_eq!(PutSipDomain.success_status(false), 204);
    assert_eq!(GetSipDomain.success_status(false), 200);
}

#[test]
fn error_codes_map_to_the_spec_tables_http_statuses() {
    let table = [
        (ErrorCode::NotFound, "10", 404),
        (ErrorCode::ConfigurationMismatch, "15", 500),
        (ErrorCode::Validation, "20", 400),
        (ErrorCode::Logical, "30", 400),
        (ErrorCode::Limit, "40", 507),
        (ErrorCode::Syntax, "50", 400),
        (ErrorCode::Unexpected, "60", 500),
        (ErrorCode::UnexpectedInconsistent, "60:10", 500),
        (ErrorCode::Unavailable, "70", 503),
        (ErrorCode::Http(404), "100:404", 404),
        (ErrorCode::Http(405), "100:405", 405),
    ];
    for (code, text, status) in table {
        assert_eq!(code.to_string(), text);
        assert_eq!(ErrorCode::parse(text), Some(code));
        assert_eq!(code.http_status(), status, "{text}");
    }
    assert_eq!(ErrorCode::parse("100:"), None);
    assert_eq!(ErrorCode::parse("25"), None);
}
