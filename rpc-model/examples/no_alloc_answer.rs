//! Decode and answer a request with no allocator: the firmware's request path on the host.
//!
//! ```sh
//! cargo run -p baton-rpc --example no_alloc_answer
//! ```
//!
//! Everything lives in fixed arrays: the received body is decoded in place
//! ([`Request::decode_in_place`]: strings borrow from the buffer, escapes are undone in it),
//! the credentials are checked against a `static` account table ([`Users`], constant time),
//! and the `methodResponse` (the reply or the spec's fault) is encoded into a `[u8; N]`. The
//! crate is built here with its default features (`alloc` off), so nothing below can reach
//! for a `Vec` or a `String`: it is the code path of `examples/firmware`, which runs it on a
//! Cortex-M without a heap. (`println!` only shows the result.)

use baton_rpc::auth::{Access, Account, Authenticator, Role, Users};
use baton_rpc::device::DeviceQueryReply;
use baton_rpc::server::encode_response;
use baton_rpc::value::Iso8601;
use baton_rpc::{Fault, Request};

/// The device's accounts: a fixed table, no heap.
static ACCOUNTS: [Account<'static>; 1] = [Account {
    user: "tms",
    password: "s3cret&more",
    role: Role::Admin,
}];

/// Answers one request held in `rx[..len]` into `tx`: the `methodResponse`'s length.
fn answer(rx: &mut [u8], tx: &mut [u8]) -> usize {
    let users = Users::new(&ACCOUNTS);
    let reply;
    let outcome: Result<&DeviceQueryReply<'_>, Fault> = match Request::decode_in_place(rx) {
        Err(fault) => Err(fault),
        Ok(request) => {
            let (user, password) = request.credentials().unwrap_or(("", ""));
            match users.authenticate(user, password, Access::Rpc(request.method())) {
                Err(refused) => Err(refused.fault()),
                Ok(()) => match request {
                    Request::DeviceQuery(_) => {
                        reply = DeviceQueryReply {
                            current_time: Some(Iso8601("20260102T03:04:05")),
                            serial: Some("FW000001"),
                            software_version: Some("XC4.3.1"),
                            model: Some("baton firmware"),
                            api_version: Some("4.0"),
                            ..Default::default()
                        };
                        Ok(&reply)
                    }
                    // Everything else this device does not support.
                    _ => Err(Fault::method_not_supported()),
                },
            }
        }
    };
    // Never fails for a buffer this size (a too-small buffer is an error, not a panic).
    encode_response(tx, outcome.as_ref()).expect("a 1 KiB answer buffer")
}

/// A `device.query` call as a client sends it; the password has an escaped `&`.
fn device_query(password: &str) -> ([u8; 1024], usize) {
    let mut rx = [0u8; 1024];
    let parts: [&[u8]; 3] = [
        b"<?xml version=\"1.0\"?><methodCall><methodName>device.query</methodName><params>\
<param><value><struct><member><name>authenticationUser</name><value><string>tms</string>\
</value></member><member><name>authenticationPassword</name><value><string>",
        password.as_bytes(),
        b"</string></value></member></struct></value></param></params></methodCall>",
    ];
    let mut len = 0;
    for part in parts {
        rx[len..len + part.len()].copy_from_slice(part);
        len += part.len();
    }
    (rx, len)
}

fn show<'t>(what: &str, tx: &'t [u8]) -> &'t str {
    let text = core::str::from_utf8(tx).unwrap_or("<not UTF-8>");
    println!("{what}:\n  {text}\n");
    text
}

fn main() {
    let mut tx = [0u8; 1024];

    // The right password (`s3cret&more`, sent as `s3cret&amp;more`): the reply.
    let (mut rx, len) = device_query("s3cret&amp;more");
    let n = answer(&mut rx[..len], &mut tx);
    let text = show("device.query", &tx[..n]);
    assert!(text.contains("<name>softwareVersion</name><value><string>XC4.3.1</string>"));

    // A wrong password: fault 15.
    let (mut rx, len) = device_query("guess");
    let n = answer(&mut rx[..len], &mut tx);
    let text = show("device.query, wrong password", &tx[..n]);
    assert!(text.contains("<int>15</int>"), "{text}");

    // A damaged request: the spec's fault for it, never a panic.
    let mut rx = [0u8; 1024];
    let damaged =
        b"<methodCall><methodName>device.query</methodName><params><param><value><struct>";
    rx[..damaged.len()].copy_from_slice(damaged);
    let n = answer(&mut rx[..damaged.len()], &mut tx);
    let text = show("a damaged request", &tx[..n]);
    assert!(text.contains("<name>faultCode</name>"), "{text}");
}
