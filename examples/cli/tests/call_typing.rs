//! `baton call` types each value by the method's parameter table, against
//! the real `baton serve`: numeric-looking dial strings and PINs are the
//! Strings the spec says (they used to go out as `<int>` and come back as
//! fault 103), Integers stay Integers, a value that cannot be its
//! member's type is refused before anything is sent, and `name:TYPE=`
//! still overrides.

mod common;

use common::{baton, closed_port, serve_with, stderr};
use serde_json::Value;

const USER: &str = "typing";
const PASSWORD: &str = "typing-Secret";

/// `baton call URL METHOD params... --user --password`: exit status and
/// the printed JSON.
fn call(url: &str, method: &str, params: &[&str]) -> (Option<i32>, Value, String) {
    let mut args = vec!["call", url, method];
    args.extend_from_slice(params);
    args.extend_from_slice(&["--user", USER, "--password", PASSWORD]);
    let out = baton(&args);
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code(), json, stderr(&out))
}

#[test]
fn numeric_looking_strings_are_strings_by_the_methods_parameter_table() {
    let (_s, url, _) = serve_with(&["--user", USER, "--password", PASSWORD], &[]);
    // conferenceAlias and factoryOverridePIN are Strings in the spec's
    // table; factoryMaxDurationMinutes and factoryResourceLimits.ports
    // Integers.
    let (code, reply, err) = call(
        &url,
        "factory.conferencecreate",
        &[
            "conferenceAlias=8001",
            "factoryOverridePIN=1234",
            "factoryOverrideGuestPIN=0042",
            "factoryMaxDurationMinutes=60",
            "factoryResourceLimits.ports=4",
        ],
    );
    assert_eq!(code, Some(0), "{reply} {err}");
    assert_eq!(reply["status"], "operation successful", "{reply}");
    assert_eq!(reply["conferenceName"], "8001", "{reply}");
    let id = reply["factoryConferenceId"].as_str().unwrap().to_owned();

    // An Array of Strings: JSON numbers become the Strings they spell.
    let (code, reply, err) = call(
        &url,
        "participant.enumerate",
        &[&format!("factoryConferenceIds=[\"{id}\", 8002]")],
    );
    assert_eq!(code, Some(0), "{reply} {err}");

    // A numeric conferenceName.
    let (code, reply, err) = call(&url, "conference.destroy", &["conferenceName=8001"]);
    assert_eq!(code, Some(0), "{reply} {err}");
    assert_eq!(reply["status"], "operation successful", "{reply}");

    // The override still wins: an Integer where the spec wants a String
    // is the device's fault 103, as asked.
    let (code, reply, _) = call(
        &url,
        "factory.conferencecreate",
        &["conferenceAlias:int=8001"],
    );
    assert_eq!(code, Some(1), "{reply}");
    assert_eq!(reply["faultCode"], 103);
    assert_eq!(
        reply["faultString"],
        "malformed parameter - conferenceAlias"
    );
}

#[test]
fn a_value_that_cannot_be_its_members_type_is_refused_before_sending() {
    // Nothing listens there: exit status 2 (usage), not 3 (transport),
    // shows nothing was sent.
    let url = format!("http://127.0.0.1:{}", closed_port());
    for (param, names) in [
        (
            "factoryMaxDurationMinutes=abc",
            ["factoryMaxDurationMinutes", "Integer"],
        ),
        ("factoryResourceLimits.ports=many", ["ports", "Integer"]),
        (
            "factoryResourceLimits=7",
            ["factoryResourceLimits", "struct"],
        ),
    ] {
        let (code, _, err) = call(
            &url,
            "factory.conferencecreate",
            &["conferenceAlias=8001", param],
        );
        assert_eq!(code, Some(2), "{param}: {err}");
        assert_eq!(err.lines().count(), 1, "{param}: {err}");
        for n in names {
            assert!(err.contains(n), "{param}: {err}");
        }
    }
    let (code, _, err) = call(
        &url,
        "conference.modify",
        &["conferenceName=c", "locked=maybe"],
    );
    assert_eq!(code, Some(2), "{err}");
    assert!(err.contains("locked") && err.contains("Boolean"), "{err}");
    let (code, _, err) = call(&url, "participant.enumerate", &["factoryConferenceIds=abc"]);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("factoryConferenceIds") && err.contains("Array"),
        "{err}"
    );
}
