//! CPython's `xmlrpc.client.ServerProxy` against the server over
//! 127.0.0.1: every method, and the faults the spec prescribes.

mod common;

use std::sync::atomic::Ordering;
use std::sync::Arc;

use common::*;
use serde_json::Value;

const CALL_EVERY_METHOD: &str = r#"
import sys, json, xmlrpc.client
url, user, pw = sys.argv[1:4]
s = xmlrpc.client.ServerProxy(url + "/RPC2")
def call(name, auth=True, **params):
    p = {"authenticationUser": user, "authenticationPassword": pw} if auth else {}
    p.update(params)
    try:
        return {"ok": getattr(s, name)(p)}
    except xmlrpc.client.Fault as f:
        return {"fault": f.faultCode, "string": f.faultString}
pid = dict(conferenceName="c1", participantName="p1", participantProtocol="sip", participantType="by_address")
r = {}
r["conference.create"] = call("conference.create", conferenceName="c1")
r["conference.destroy"] = call("conference.destroy", conferenceName="c1")
r["conference.end"] = call("conference.end", conferenceName="c1")
r["conference.enumerate"] = call("conference.enumerate")
r["conference.modify"] = call("conference.modify", conferenceName="c1")
r["device.network.query"] = call("device.network.query")
r["device.query"] = call("device.query")
r["factory.conferencecreate"] = call("factory.conferencecreate", conferenceAlias="meet.alice")
r["factory.conferencemodify"] = call("factory.conferencemodify", conferenceName="c1")
r["factory.health.query"] = call("factory.health.query")
r["factory.webex.add"] = call("factory.webex.add", conferenceName="c1", sipUri="sip:x@y")
r["feedbackReceiver.configure"] = call("feedbackReceiver.configure", receiverURI="http://127.0.0.1:9/RPC2")
r["feedbackReceiver.extended.configure"] = call("feedbackReceiver.extended.configure", receiverURI="http://127.0.0.1:9/RPC2", sourceIdentifier="x")
r["feedbackReceiver.extended.query"] = call("feedbackReceiver.extended.query")
r["feedbackReceiver.extended.remove"] = call("feedbackReceiver.extended.remove", receiverIndex=1)
r["feedbackReceiver.query"] = call("feedbackReceiver.query")
r["participant.add"] = call("participant.add", conferenceName="c1", participantName="p1", address="sip:a@b")
r["participant.diagnostics"] = call("participant.diagnostics", **pid)
r["participant.disconnect"] = call("participant.disconnect", **pid)
r["participant.enumerate"] = call("participant.enumerate")
r["participant.message"] = call("participant.message", conferenceName="c1", participantName="p1", message="hi")
r["participant.modify"] = call("participant.modify", **pid)
r["participant.remove"] = call("participant.remove", **pid)
print(json.dumps(r, default=str))
"#;

fn fault_code(v: &Value) -> Option<i64> {
    v.get("fault").and_then(Value::as_i64)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cpython_server_proxy_calls_every_method() {
    let device = Arc::new(TestDevice::new());
    let server = start(device.clone()).await;
    let out = python_async(
        CALL_EVERY_METHOD,
        vec![server.url(), USER.into(), PASSWORD.into()],
    )
    .await;
    let r: Value = serde_json::from_str(&assert_python_ok(&out)).unwrap();

    // Implemented by the test device.
    let dq = &r["device.query"]["ok"];
    assert_eq!(dq["softwareVersion"], "XC4.3.1");
    assert_eq!(dq["model"], "Cisco TelePresence Conductor");
    assert_eq!(dq["totalVideoPorts"], 80);
    assert_eq!(dq["currentTime"], "20240102T03:04:05");
    assert_eq!(
        r["conference.destroy"]["ok"]["info"],
        "conference.destroy c1"
    );
    assert_eq!(r["conference.end"]["ok"]["info"], "conference.end c1");
    assert_eq!(
        r["factory.conferencecreate"]["ok"]["conferenceName"],
        "conf-meet.alice"
    );
    let participants = r["participant.enumerate"]["ok"]["participants"]
        .as_array()
        .unwrap();
    assert_eq!(participants.len(), 100);
    assert_eq!(participants[7]["participantName"], "participant-0007");
    assert_eq!(participants[7]["displayName"], "Alice <& Co>");
    assert_eq!(fault_code(&r["conference.enumerate"]), Some(201));

    // Everything else: fault 1, method not supported.
    for name in [
        "conference.create",
        "conference.modify",
        "device.network.query",
        "factory.conferencemodify",
        "factory.health.query",
        "factory.webex.add",
        "feedbackReceiver.configure",
        "feedbackReceiver.extended.configure",
        "feedbackReceiver.extended.query",
        "feedbackReceiver.extended.remove",
        "feedbackReceiver.query",
        "participant.add",
        "participant.diagnostics",
        "participant.disconnect",
        "participant.message",
        "participant.modify",
        "participant.remove",
    ] {
        assert_eq!(fault_code(&r[name]), Some(1), "{name}: {}", r[name]);
        assert_eq!(r[name]["string"], "method not supported", "{name}");
    }
    server.shutdown().await;
}

const FAULTS: &str = r#"
import sys, json, xmlrpc.client
url, user, pw, reader = sys.argv[1:5]
s = xmlrpc.client.ServerProxy(url + "/RPC2")
def call(name, *params):
    try:
        return {"ok": getattr(s, name)(*params)}
    except xmlrpc.client.Fault as f:
        return {"fault": f.faultCode, "string": f.faultString}
auth = {"authenticationUser": user, "authenticationPassword": pw}
def a(**kw):
    d = dict(auth); d.update(kw); return d
r = {}
r["unknown"] = call("no.such.method", a())
r["wrong_password"] = call("device.query", {"authenticationUser": user, "authenticationPassword": pw + "x"})
r["wrong_user"] = call("device.query", {"authenticationUser": "admin", "authenticationPassword": pw})
r["not_allowed"] = call("conference.destroy", {"authenticationUser": reader, "authenticationPassword": pw, "conferenceName": "c1"})
r["reader_reads"] = call("device.query", {"authenticationUser": reader, "authenticationPassword": pw})
r["no_credentials"] = call("device.query", {})
r["no_params"] = call("device.query")
r["no_password"] = call("device.query", {"authenticationUser": user})
r["no_address"] = call("participant.add", a(conferenceName="c", participantName="p"))
r["no_alias"] = call("factory.conferencecreate", a())
r["no_conference"] = call("conference.destroy", a(conferenceName="missing"))
r["malformed"] = call("factory.conferencecreate", a(conferenceAlias="x", factoryResourceLimits={"ports": "many"}))
r["protocol"] = call("participant.remove", a(conferenceName="c", participantName="p", participantProtocol="ftp", participantType="by_address"))
r["type"] = call("participant.remove", a(conferenceName="c", participantName="p", participantProtocol="sip", participantType="by_phone"))
r["invalid"] = call("factory.conferencecreate", a(conferenceAlias="a", webEx="sip"))
r["notification"] = call("eventNotification", {"sourceIdentifier": "x", "seqn": 0, "events": []})
print(json.dumps(r, default=str))
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cpython_gets_the_spec_faults() {
    let device = Arc::new(TestDevice::new());
    let server = start(device.clone()).await;
    let out = python_async(
        FAULTS,
        vec![server.url(), USER.into(), PASSWORD.into(), READER.into()],
    )
    .await;
    let r: Value = serde_json::from_str(&assert_python_ok(&out)).unwrap();
    let expect = [
        ("unknown", 1, "method not supported"),
        ("wrong_password", 15, "insufficient privileges"),
        ("wrong_user", 15, "insufficient privileges"),
        ("not_allowed", 14, "authorization failed"),
        (
            "no_credentials",
            101,
            "missing parameter - authenticationUser",
        ),
        ("no_params", 101, "missing parameter - authenticationUser"),
        (
            "no_password",
            101,
            "missing parameter - authenticationPassword",
        ),
        ("no_address", 10, "no participant address supplied"),
        ("no_alias", 21, "no conference alias supplied"),
        ("no_conference", 4, "no such conference or auto attendant"),
        ("malformed", 103, "malformed parameter - ports"),
        ("protocol", 19, "unsupported protocol"),
        ("type", 20, "unsupported participant type"),
        ("invalid", 102, "invalid parameter - webEx"),
        ("notification", 1, "method not supported"),
    ];
    for (case, code, string) in expect {
        assert_eq!(fault_code(&r[case]), Some(code), "{case}: {}", r[case]);
        assert_eq!(r[case]["string"], string, "{case}");
    }
    assert_eq!(r["reader_reads"]["ok"]["softwareVersion"], "XC4.3.1");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_credentials_never_reach_the_handler() {
    let device = Arc::new(TestDevice::new());
    let server = start(device.clone()).await;
    let out = python_async(
        FAULTS,
        vec![server.url(), USER.into(), PASSWORD.into(), READER.into()],
    )
    .await;
    assert_python_ok(&out);
    // Of the fourteen calls only `reader_reads` and `no_conference` are
    // authenticated, decodable and implemented: nothing refused by the
    // authenticator (or by decoding) reached the device.
    assert_eq!(device.calls.load(Ordering::SeqCst), 2);
    server.shutdown().await;
}
