//! Arbitrary `Accept` header lines -> result format; never panics, the
//! answer does not depend on splitting one list over several lines, and
//! `format=` always wins.
#![no_main]

use baton_rest::accept::{preferred_format, result_format};
use baton_rest::route::ResultFormat;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|lines: Vec<String>| {
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let split = preferred_format(refs.iter().copied());
    let joined = lines.join(",");
    assert_eq!(split, preferred_format([joined.as_str()]));
    for f in [ResultFormat::Json, ResultFormat::Xml] {
        assert_eq!(result_format(Some(f), refs.iter().copied()), f);
    }
});
