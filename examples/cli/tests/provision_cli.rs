//! `baton provision` over 127.0.0.1 against a baton-tokio server holding
//! ConfBundles in memory: local validation first (invalid files are never
//! sent), created / replaced, the device's own error bodies on rejection,
//! `--delete-all`, directories and large batches, the catalog taken from
//! the device or `--catalog`.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use baton_tokio::baton_rest::{ConfBundle, ErrorCode};
use baton_tokio::{
    serve, ConductorHandler, Listener, RestContext, RestError, RestReply, RestResult, Role,
    ServerBuilder, ServerConfig, Users,
};
use serde_json::Value;

const TS_QUALITY: &str = "4dd69ffc-f2f7-11e0-8fa5-000c3907bedd";

fn catalog_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/rest/catalog_from_spec_examples.json")
}

/// ConfBundles by id, with the PUTs that reached the device.
#[derive(Default)]
struct Store {
    bundles: Mutex<BTreeMap<String, String>>,
    puts: AtomicUsize,
}

#[derive(Clone)]
struct Device {
    store: Arc<Store>,
    catalog: Arc<Value>,
}

impl ConductorHandler for Device {
    async fn service_info(&self, _cx: &RestContext) -> RestResult {
        Ok(RestReply::json_text(
            self.catalog["serviceinfo"].to_string(),
        ))
    }

    async fn qualities(&self, _cx: &RestContext) -> RestResult {
        Ok(RestReply::json_text(self.catalog["qualities"].to_string()))
    }

    async fn put_confbundle(
        &self,
        _cx: &RestContext,
        id: &str,
        bundle: ConfBundle<'_>,
    ) -> RestResult {
        self.store.puts.fetch_add(1, Ordering::SeqCst);
        let name = bundle.conference_display_name.unwrap_or("").to_owned();
        if name == "Rejected by device" {
            return Err(RestError::with_info(
                ErrorCode::Logical,
                "alias already in use by another ConfBundle",
            ));
        }
        let new = self
            .store
            .bundles
            .lock()
            .unwrap()
            .insert(id.to_owned(), name)
            .is_none();
        Ok(RestReply::no_content().with_status(if new { 201 } else { 200 }))
    }

    async fn delete_all_confbundles(&self, _cx: &RestContext) -> RestResult {
        self.store.bundles.lock().unwrap().clear();
        Ok(RestReply::no_content())
    }
}

/// Serves `app` on its own runtime.
fn run_server<H: ConductorHandler>(builder: ServerBuilder<H>) -> SocketAddr {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let app = builder.router();
        rt.block_on(async move {
            let tcp = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(tcp.local_addr().unwrap()).unwrap();
            serve(
                Listener::http(tcp),
                app,
                &ServerConfig::default(),
                std::future::pending::<()>(),
            )
            .await
            .unwrap();
        });
    });
    rx.recv().unwrap()
}

fn users() -> Users {
    Users::new().with("api", "secret", Role::Admin)
}

fn device() -> (SocketAddr, Arc<Store>) {
    let catalog: Value = serde_json::from_slice(&std::fs::read(catalog_path()).unwrap()).unwrap();
    let store = Arc::new(Store::default());
    let d = Device {
        store: store.clone(),
        catalog: Arc::new(catalog),
    };
    (run_server(ServerBuilder::new(d, users())), store)
}

fn bundle(name: &str, alias: &str, extra: &str) -> String {
    format!(
        r#"{{"conference_display_name": "{name}", "service_preference_id": "13579",
            "aliases": [{{"role": "host", "exact_match": "{alias}"}}],
            "host_quality": "{TS_QUALITY}", "guest_quality": "{TS_QUALITY}"{extra}}}"#
    )
}

fn dir(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("provision_cli")
        .join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn write(d: &Path, file: &str, text: &str) -> String {
    let p = d.join(file);
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

/// Exit status, stdout JSON lines, stderr.
fn baton(args: &[&str]) -> (i32, Vec<Value>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_baton"))
        .arg("provision")
        .args(args)
        .env("BATON_USER", "api")
        .env("BATON_PASSWORD", "secret")
        .output()
        .expect("baton runs");
    let lines = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|_| panic!("not JSON: {l}")))
        .collect();
    (
        out.status.code().unwrap_or(-1),
        lines,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn files_are_validated_locally_then_put_created_or_replaced() {
    let (addr, store) = device();
    let url = format!("http://{addr}");
    let d = dir("validated");
    let a = write(
        &d,
        "cb-1.json",
        &bundle("Alice", "meet.alice@example.com", ""),
    );
    let b = write(&d, "cb-2.json", &bundle("Bob", "meet.bob@example.com", ""));
    let bad = write(
        &d,
        "bad.json",
        &bundle("Carol", "meet.carol@example.com", r#", "colour": "blue""#),
    );
    let dup = write(
        &d,
        "dup.json",
        &bundle("Dave", "meet.alice@example.com", ""),
    );
    let (code, lines, stderr) = baton(&[&url, &a, &b, &bad, &dup]);
    assert_eq!(code, 1, "{stderr}");
    // Failures, then the summary.
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(lines[0]["file"], bad);
    assert_eq!(lines[0]["id"], "bad");
    assert_eq!(lines[0]["result"], "invalid");
    assert_eq!(lines[0]["status"], 400);
    assert_eq!(lines[0]["error"]["error_code"], "20");
    assert_eq!(lines[1]["id"], "dup");
    assert_eq!(lines[1]["result"], "invalid");
    assert_eq!(lines[1]["error"]["error_code"], "30");
    assert_eq!(
        lines[1]["error"]["details"]["validation_errors"]["aliases[0].exact_match"],
        "exact_match is already in use"
    );
    let summary = &lines[2];
    assert_eq!(summary["files"], 4);
    assert_eq!(summary["created"], 2);
    assert_eq!(summary["invalid"], 2);
    assert_eq!(summary["rejected"], 0);
    // Invalid files never reached the device.
    assert_eq!(store.puts.load(Ordering::SeqCst), 2);
    assert_eq!(
        store
            .bundles
            .lock()
            .unwrap()
            .keys()
            .cloned()
            .collect::<Vec<_>>(),
        ["cb-1", "cb-2"]
    );

    // Again: replaced; --verbose prints every file.
    let (code, lines, _) = baton(&[&url, "--verbose", &a]);
    assert_eq!(code, 0);
    assert_eq!(lines[0]["result"], "replaced");
    assert_eq!(lines[0]["status"], 200);
    assert_eq!(lines[1]["replaced"], 1);
}

#[test]
fn the_devices_error_body_is_printed_on_rejection() {
    let (addr, store) = device();
    let d = dir("rejected");
    let f = write(
        &d,
        "cb-r.json",
        &bundle("Rejected by device", "meet.r@example.com", ""),
    );
    let (code, lines, _) = baton(&[&format!("http://{addr}"), &f]);
    assert_eq!(code, 1);
    assert_eq!(lines[0]["result"], "rejected");
    assert_eq!(lines[0]["status"], 400);
    assert_eq!(lines[0]["error"]["error_code"], "30");
    assert_eq!(
        lines[0]["error"]["details"]["info"],
        "alias already in use by another ConfBundle"
    );
    assert_eq!(lines[1]["rejected"], 1);
    assert_eq!(store.puts.load(Ordering::SeqCst), 1);
}

#[test]
fn delete_all_alone_or_before_a_directory_batch() {
    let (addr, store) = device();
    let url = format!("http://{addr}");
    let d = dir("batch");
    for i in 0..12 {
        write(
            &d,
            &format!("bundle-{i:02}.json"),
            &bundle(&format!("Room {i}"), &format!("room{i}@example.com"), ""),
        );
    }
    std::fs::write(d.join("notes.txt"), "not a bundle").unwrap();
    let dir_arg = d.display().to_string();
    let (code, lines, stderr) = baton(&[&url, &dir_arg]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["created"], 12);
    assert_eq!(store.bundles.lock().unwrap().len(), 12);

    let (code, lines, _) = baton(&[&url, "--delete-all"]);
    assert_eq!(code, 0);
    assert_eq!(lines[0]["deleted_all"], 204);
    assert!(store.bundles.lock().unwrap().is_empty());

    // Delete, then provision: everything is created again.
    let (code, lines, _) = baton(&[&url, "--delete-all", &dir_arg]);
    assert_eq!(code, 0);
    assert_eq!(lines[0]["created"], 12);
    assert_eq!(lines[0]["deleted_all"], 204);
}

struct Bare;
impl ConductorHandler for Bare {}

#[test]
fn without_the_devices_catalog_give_one() {
    let addr = run_server(ServerBuilder::new(Bare, users()));
    let url = format!("http://{addr}");
    let d = dir("catalog");
    let f = write(&d, "cb.json", &bundle("Alice", "a@example.com", ""));
    let (code, _, stderr) = baton(&[&url, &f]);
    assert_eq!(code, 1, "the device answered: exit 1, not 3 (transport)");
    assert!(
        stderr.contains("does not serve its catalog (give --catalog FILE)"),
        "{stderr}"
    );
    // With --catalog it validates and sends; this device answers 405.
    let catalog = catalog_path().display().to_string();
    let (code, lines, _) = baton(&[&url, "--catalog", &catalog, &f]);
    assert_eq!(code, 1);
    assert_eq!(lines[0]["result"], "rejected");
    assert_eq!(lines[0]["status"], 405);
    assert_eq!(lines[0]["error"]["error_code"], "100:405");
}

#[test]
fn usage_errors_and_help() {
    let (code, _, stderr) = baton(&["http://127.0.0.1:9"]);
    assert_eq!(code, 2, "{stderr}");
    let (code, _, _) = baton(&["http://127.0.0.1:9", "--delete-all"]);
    assert_eq!(code, 3);
    let out = Command::new(env!("CARGO_BIN_EXE_baton"))
        .args(["provision", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("Examples:"), "{help}");
    assert!(help.contains("baton provision http://"), "{help}");
    assert!(help.contains("--delete-all"), "{help}");
}
