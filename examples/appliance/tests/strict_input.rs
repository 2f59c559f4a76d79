//! Issue 14 points 6 and 7 over real sockets: the emulator served by `baton_tokio::serve`
//! on a loopback port, spoken to with raw HTTP/1.1. A wrong XML-RPC type (including the
//! right password as `<base64>`) and a credential given twice are fault 103, never a login.

mod common;

use std::net::SocketAddr;

use baton_tokio::{serve, Listener, ServerConfig};
use baton_xmlrpc::owned::Value as X;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

use common::{PASSWORD, USER};

/// A `methodCall` of `method` with one struct of `members` (name, XML `<value>`).
fn call(method: &str, members: &[(&str, String)]) -> String {
    let mut s = format!(
        "<?xml version=\"1.0\"?><methodCall><methodName>{method}</methodName><params><param>\
         <value><struct>"
    );
    for (n, v) in members {
        s += &format!("<member><name>{n}</name>{v}</member>");
    }
    s + "</struct></value></param></params></methodCall>"
}

fn string(v: &str) -> String {
    format!("<value><string>{v}</string></value>")
}

/// POSTs `body` to `/RPC2` on a fresh connection: the reply value or the fault.
async fn post(addr: SocketAddr, body: &str) -> Result<X, (i32, String)> {
    let mut s = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST /RPC2 HTTP/1.1\r\nHost: {addr}\r\nContent-Type: text/xml\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).await.unwrap();
    s.write_all(body.as_bytes()).await.unwrap();
    let mut reply = Vec::new();
    s.read_to_end(&mut reply).await.unwrap();
    let split = reply.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
    assert!(
        reply.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&reply)
    );
    let body = &reply[split..];
    let mut scratch = vec![0u8; body.len()];
    match baton_xmlrpc::decode_response_from_slice::<X>(body, &mut scratch).unwrap() {
        baton_xmlrpc::Response::Value(v) => Ok(v),
        baton_xmlrpc::Response::Fault(f) => Err((f.code, f.string.to_owned())),
    }
}

fn malformed(name: &str) -> Result<X, (i32, String)> {
    Err((103, format!("malformed parameter - {name}")))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_types_and_duplicate_credentials_are_fault_103_over_sockets() {
    let device = common::device();
    let tcp = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = tcp.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let router = device.router.clone();
    let server = tokio::spawn(async move {
        let config = ServerConfig::default();
        serve(Listener::http(tcp), router, &config, async {
            let _ = stopped.await;
        })
        .await
    });

    let user = || ("authenticationUser", string(USER));
    let password = || ("authenticationPassword", string(PASSWORD));
    // The right credentials log in (the control).
    assert!(post(addr, &call("device.query", &[user(), password()]))
        .await
        .is_ok());

    // base64 of the right password is not the password.
    let b64 = format!("<value><base64>{}</base64></value>", base64_of(PASSWORD));
    assert_eq!(
        post(
            addr,
            &call("device.query", &[user(), ("authenticationPassword", b64)])
        )
        .await,
        malformed("authenticationPassword")
    );
    // Nor is a dateTime a user name.
    let dt = "<value><dateTime.iso8601>20240102T03:04:05</dateTime.iso8601></value>".to_owned();
    assert_eq!(
        post(
            addr,
            &call("device.query", &[("authenticationUser", dt), password()])
        )
        .await,
        malformed("authenticationUser")
    );
    // A credential given twice, whichever is right.
    for members in [
        vec![("authenticationUser", string("nobody")), user(), password()],
        vec![user(), password(), ("authenticationUser", string("nobody"))],
        vec![
            user(),
            ("authenticationPassword", string("wrong")),
            password(),
        ],
    ] {
        assert_eq!(
            post(addr, &call("device.query", &members)).await,
            malformed(
                members
                    .iter()
                    .find(|m| members.iter().filter(|o| o.0 == m.0).count() > 1)
                    .unwrap()
                    .0
            )
        );
    }
    // <int> 1 is not a Boolean.
    let locked = ("locked", "<value><int>1</int></value>".to_owned());
    assert_eq!(
        post(
            addr,
            &call(
                "factory.conferencemodify",
                &[("conferenceName", string("c")), locked, user(), password()]
            )
        )
        .await,
        malformed("locked")
    );

    let _ = stop.send(());
    server.await.unwrap().unwrap();
}

fn base64_of(s: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::STANDARD.encode(s)
}
