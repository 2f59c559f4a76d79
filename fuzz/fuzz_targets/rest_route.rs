//! Arbitrary method / path / query -> route; never panics, and every
//! error has an HTTP status of 400, 404, 405 or 414.
#![no_main]

use baton_rest::{route, route_target, HttpMethod};
use libfuzzer_sys::fuzz_target;

#[derive(arbitrary::Arbitrary, Debug)]
struct Input {
    method: u8,
    path: String,
    query: String,
    scratch_len: u8,
}

const METHODS: [&str; 7] = ["GET", "PUT", "DELETE", "POST", "HEAD", "PATCH", "get"];

fn check(result: Result<baton_rest::Operation<'_>, baton_rest::RouteError>) {
    if let Err(e) = result {
        let status = e.error_code().http_status();
        assert!([400, 404, 405, 414].contains(&status), "{e:?}");
    }
}

fuzz_target!(|input: Input| {
    let method = HttpMethod::from_name(METHODS[usize::from(input.method) % METHODS.len()]);
    let mut scratch = vec![0u8; usize::from(input.scratch_len)];
    check(route(method, &input.path, &input.query, &mut scratch));
    // Prefixed with the API roots so the interesting routes are reached.
    for root in ["/api/4.0/", "/api/external/"] {
        let target = format!("{root}{}?{}", input.path, input.query);
        let mut scratch = vec![0u8; target.len()];
        check(route_target(method, &target, &mut scratch));
    }
});
