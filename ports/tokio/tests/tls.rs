//! HTTPS over 127.0.0.1 with an rcgen certificate: the server serves TLS,
//! the client checks certificates (trusted root and host name) unless
//! explicitly told not to, and the feedback driver posts over https.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use baton_tokio::baton_feedback::OwnedEvent;
use baton_tokio::baton_rpc::EventName;
use baton_tokio::{
    receiver_router, ClientConfig, ClientTls, ConductorClient, Error, FeedbackConfig,
    FeedbackDriver, ReceiverConfig, ServerBuilder, ServerConfig, ServerTls,
};
use common::*;

struct Pem {
    cert: String,
    key: String,
}

fn cert_for(names: &[&str]) -> Pem {
    let names: Vec<String> = names.iter().map(|s| (*s).to_owned()).collect();
    let ck = rcgen::generate_simple_self_signed(names).unwrap();
    Pem {
        cert: ck.cert.pem(),
        key: ck.signing_key.serialize_pem(),
    }
}

async fn https_server(pem: &Pem) -> Running {
    let tls = ServerTls::from_pem(pem.cert.as_bytes(), pem.key.as_bytes()).unwrap();
    let app = ServerBuilder::new(Handler(Arc::new(TestDevice::new())), users()).router();
    start_router(app, ServerConfig::default(), Some(tls)).await
}

fn client(url: &str, tls: ClientTls) -> ConductorClient {
    let mut config = ClientConfig::new(url, USER, PASSWORD);
    config.tls = tls;
    config.connect_timeout = Duration::from_secs(5);
    ConductorClient::new(config).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn https_with_a_trusted_certificate_works() {
    let pem = cert_for(&["localhost", "127.0.0.1"]);
    let server = https_server(&pem).await;
    let port = server.addr.port();
    for url in [
        format!("https://localhost:{port}"),
        format!("https://127.0.0.1:{port}"),
    ] {
        let c = client(&url, ClientTls::Roots(pem.cert.clone().into_bytes()));
        let info = c.discover().await.unwrap();
        assert_eq!(info.software_version.as_deref(), Some("XC4.3.1"), "{url}");
        let mut d = c.get_sip_domain().await.unwrap();
        assert_eq!(d.get().unwrap().sip_domain, Some("example.com"));
    }
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn certificate_checking_is_on_by_default() {
    let pem = cert_for(&["localhost"]);
    let server = https_server(&pem).await;
    let url = format!("https://localhost:{}", server.addr.port());
    // Default: the Mozilla roots, which do not include this certificate.
    let e = client(&url, ClientTls::default())
        .discover()
        .await
        .unwrap_err();
    assert!(
        matches!(e, Error::Transport { .. }) && e.to_string().contains("certificate"),
        "{e}"
    );
    // Another root: refused too.
    let other = cert_for(&["localhost"]);
    let e = client(&url, ClientTls::Roots(other.cert.into_bytes()))
        .discover()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Transport { .. }), "{e}");
    // The right root but the wrong name.
    let url_ip = format!("https://127.0.0.1:{}", server.addr.port());
    let e = client(&url_ip, ClientTls::Roots(pem.cert.clone().into_bytes()))
        .discover()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Transport { .. }), "{e}");
    // The explicit opt-out connects.
    let info = client(&url_ip, ClientTls::DangerousNoVerification)
        .discover()
        .await
        .unwrap();
    assert_eq!(info.serial.as_deref(), Some("S123"));
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_http_to_the_https_port_gets_no_answer() {
    let pem = cert_for(&["localhost"]);
    let server = https_server(&pem).await;
    let url = format!("http://127.0.0.1:{}", server.addr.port());
    let e = client(&url, ClientTls::default())
        .discover()
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Transport { .. }), "{e}");
    server.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feedback_driver_posts_to_an_https_receiver_checking_its_certificate() {
    let pem = cert_for(&["localhost"]);
    let seen = Arc::new(Mutex::new(Vec::<(u32, String)>::new()));
    let s = seen.clone();
    let app = receiver_router(ReceiverConfig::default(), move |n, class| {
        for e in &n.events {
            s.lock()
                .unwrap()
                .push((n.seqn, format!("{}/{class:?}", e.name.as_str())));
        }
    });
    let tls = ServerTls::from_pem(pem.cert.as_bytes(), pem.key.as_bytes()).unwrap();
    let receiver = start_router(app, ServerConfig::default(), Some(tls)).await;
    let driver = FeedbackDriver::spawn(FeedbackConfig {
        tls: ClientTls::Roots(pem.cert.clone().into_bytes()),
        ..FeedbackConfig::default()
    })
    .unwrap();
    let h = driver.handle();
    let uri = format!("https://localhost:{}/RPC2", receiver.addr.port());
    let index = h.configure(&uri, "tls", Some(-1), None).unwrap();
    h.publish(OwnedEvent::new(EventName::ApplicationStarted));
    h.publish(OwnedEvent::new(EventName::AlarmsChanged));
    for _ in 0..200 {
        if h.stats(index).unwrap().delivered == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(h.stats(index).unwrap().delivered, 2);
    let seen = seen.lock().unwrap().clone();
    assert_eq!(seen.len(), 2, "{seen:?}");
    // applicationStarted always reads as a restart of the source.
    assert_eq!(seen[0], (0, "applicationStarted/Restart".to_owned()));
    // Bundled into the same notification, or the next one in order.
    assert!(
        seen[1] == (0, "alarmsChanged/Restart".to_owned())
            || seen[1] == (1, "alarmsChanged/InOrder".to_owned()),
        "{seen:?}"
    );
    driver.shutdown().await;
    receiver.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_platform_root_store_is_honoured() {
    let pem = cert_for(&["localhost"]);
    let server = https_server(&pem).await;
    let url = format!("https://localhost:{}", server.addr.port());
    // The platform store as OpenSSL would find it: SSL_CERT_FILE (the only
    // test in this binary that reads it).
    let file = std::env::temp_dir().join(format!("baton-tls-{}.pem", std::process::id()));
    std::fs::write(&file, &pem.cert).unwrap();
    std::env::set_var("SSL_CERT_FILE", &file);
    let info = client(&url, ClientTls::Platform).discover().await;
    std::env::remove_var("SSL_CERT_FILE");
    let _ = std::fs::remove_file(&file);
    assert_eq!(info.unwrap().serial.as_deref(), Some("S123"));
    server.shutdown().await;
}

const CPYTHON_HTTPS: &str = r#"
import sys, json, ssl, xmlrpc.client
url, cafile, user, pw = sys.argv[1:5]
r = {}
ctx = ssl.create_default_context(cafile=cafile)
s = xmlrpc.client.ServerProxy(url + "/RPC2", context=ctx)
r["trusted"] = s.device.query({"authenticationUser": user, "authenticationPassword": pw})
try:
    xmlrpc.client.ServerProxy(url + "/RPC2", context=ssl.create_default_context()).device.query({})
    r["untrusted"] = "connected"
except ssl.SSLCertVerificationError as e:
    r["untrusted"] = "refused"
print(json.dumps(r, default=str))
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cpython_calls_over_https_checking_the_certificate() {
    let pem = cert_for(&["localhost"]);
    let server = https_server(&pem).await;
    let file = std::env::temp_dir().join(format!("baton-tls-py-{}.pem", std::process::id()));
    std::fs::write(&file, &pem.cert).unwrap();
    let out = python_async(
        CPYTHON_HTTPS,
        vec![
            format!("https://localhost:{}", server.addr.port()),
            file.display().to_string(),
            USER.into(),
            PASSWORD.into(),
        ],
    )
    .await;
    let _ = std::fs::remove_file(&file);
    let r: serde_json::Value = serde_json::from_str(&assert_python_ok(&out)).unwrap();
    assert_eq!(r["trusted"]["softwareVersion"], "XC4.3.1");
    assert_eq!(r["untrusted"], "refused");
    server.shutdown().await;
}
