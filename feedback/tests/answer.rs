//! `Publisher::answer`: the `feedbackReceiver.*` calls answered from the
//! publisher's slots, as typed replies. The expected bytes are what both
//! ports answered before the replies moved here (captured from the embassy
//! port's `Feedback::answer`; the tokio port encoded the same reply types
//! with the same encoder).

use baton_feedback::Publisher;
use baton_rpc::{EventName, Request};

fn call(method: &str, members: &str) -> Vec<u8> {
    format!(
        "<?xml version=\"1.0\"?><methodCall><methodName>{method}</methodName><params><param>\
<value><struct>{members}<member><name>authenticationUser</name><value>api</value></member>\
<member><name>authenticationPassword</name><value>pw</value></member></struct></value>\
</param></params></methodCall>"
    )
    .into_bytes()
}

fn response(params: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodResponse><params><param><value>\
<struct>{params}</struct></value></param></params></methodResponse>"
    )
}

fn fault(code: i32, string: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><methodResponse><fault><value><struct>\
<member><name>faultCode</name><value><int>{code}</int></value></member>\
<member><name>faultString</name><value><string>{string}</string></value></member>\
</struct></value></fault></methodResponse>"
    )
}

fn receiver(uri: &str, source: &str, index: i32) -> String {
    format!(
        "<value><struct><member><name>receiverURI</name><value><string>{uri}</string></value>\
</member><member><name>sourceIdentifier</name><value><string>{source}</string></value>\
</member><member><name>index</name><value><int>{index}</int></value></member></struct></value>"
    )
}

fn receivers(list: &[String]) -> String {
    response(&format!(
        "<member><name>receivers</name><value><array><data>{}</data></array></value></member>",
        list.concat()
    ))
}

/// What the publisher answers to `method` with `members`, encoded; `None`
/// for a call that is not a `feedbackReceiver.*` one.
fn answer(p: &mut Publisher<EventName, 4, 4>, method: &str, members: &str) -> Option<String> {
    let mut body = call(method, members);
    let request = Request::decode_in_place(&mut body).expect("a valid call");
    let answer = p.answer(&request)?;
    let mut out = [0u8; 2048];
    let n = baton_rpc::server::encode_response(&mut out, answer.as_ref()).expect("fits the buffer");
    Some(String::from_utf8(out[..n].to_vec()).expect("UTF-8"))
}

/// configure (the extended call and the deprecated one, mapped onto it),
/// query (both names), remove, their faults, and no answer for any other
/// method: the replies both ports built before.
#[test]
fn feedback_receiver_calls_are_answered_from_the_publishers_slots() {
    let mut p = Publisher::<EventName, 4, 4>::new(Default::default(), 1);
    let configure = "<member><name>receiverURI</name><value>http://10.0.0.9:5050/RPC2</value>\
</member><member><name>sourceIdentifier</name><value>tms</value></member>\
<member><name>receiverIndex</name><value><int>-1</int></value></member>";
    let index = |i: i32| {
        response(&format!(
            "<member><name>receiverIndex</name><value><int>{i}</int></value></member>"
        ))
    };
    assert_eq!(
        answer(&mut p, "feedbackReceiver.extended.configure", configure),
        Some(index(1))
    );
    // The deprecated call: no sourceIdentifier is the empty one.
    let old = "<member><name>receiverURI</name><value>http://10.0.0.8/RPC2</value></member>\
<member><name>receiverIndex</name><value><int>3</int></value></member>";
    assert_eq!(
        answer(&mut p, "feedbackReceiver.configure", old),
        Some(index(3))
    );
    let both = receivers(&[
        receiver("http://10.0.0.9:5050/RPC2", "tms", 1),
        receiver("http://10.0.0.8/RPC2", "", 3),
    ]);
    assert_eq!(
        answer(&mut p, "feedbackReceiver.extended.query", ""),
        Some(both.clone())
    );
    assert_eq!(answer(&mut p, "feedbackReceiver.query", ""), Some(both));
    let remove3 = "<member><name>receiverIndex</name><value><int>3</int></value></member>";
    assert_eq!(
        answer(&mut p, "feedbackReceiver.extended.remove", remove3),
        Some(response(
            "<member><name>status</name><value><string>operation successful</string></value></member>"
        ))
    );
    assert_eq!(
        answer(&mut p, "feedbackReceiver.extended.remove", remove3),
        Some(fault(102, "invalid parameter - receiverIndex"))
    );
    let bad_uri = "<member><name>receiverURI</name><value>ftp://x/</value></member>\
<member><name>sourceIdentifier</name><value>tms</value></member>";
    assert_eq!(
        answer(&mut p, "feedbackReceiver.extended.configure", bad_uri),
        Some(fault(102, "invalid parameter - receiverURI"))
    );
    assert_eq!(
        answer(&mut p, "feedbackReceiver.extended.query", ""),
        Some(receivers(&[receiver(
            "http://10.0.0.9:5050/RPC2",
            "tms",
            1
        )]))
    );
    assert_eq!(answer(&mut p, "device.query", ""), None);
}

/// An empty publisher lists an empty array (the spec: "If there are no
/// feedback receivers to enumerate, then `feedbackReceiver.extended.query`
/// returns an empty Array").
#[test]
fn query_with_no_receivers_is_an_empty_array() {
    let mut p = Publisher::<EventName, 4, 4>::new(Default::default(), 1);
    assert_eq!(
        answer(&mut p, "feedbackReceiver.extended.query", ""),
        Some(receivers(&[]))
    );
}
