//! Issue 14, point 5: a full disk. Once the disk filled, every write used
//! to fail until a restart (redb: "Previous I/O error"), and a failed
//! `feedbackReceiver.extended.configure` still registered the receiver.
//! Now: a write whose commit failed answers an error and leaves no trace
//! in memory, the store reopens itself once space returns (no restart),
//! and everything answered with success is on disk. On a small tmpfs the
//! test mounts itself (root; skipped with a message if mount is refused).

mod net;

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use baton_appliance::store::{StoreError, Write};
use baton_appliance::Store;
use net::*;
use serde_json::{json, Value};

/// A tmpfs of `size` mounted on a fresh directory; unmounted on drop.
struct Tmpfs {
    dir: PathBuf,
}

impl Tmpfs {
    fn mount(name: &str, size: &str) -> Option<Tmpfs> {
        let dir = std::env::temp_dir().join(format!("baton-{name}-{}", std::process::id()));
        let _ = Command::new("umount").arg(&dir).output();
        std::fs::create_dir_all(&dir).unwrap();
        let out = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(&dir)
            .output()
            .expect("mount runs");
        if !out.status.success() {
            // CI runs as root: there a tmpfs that cannot be mounted is a
            // failure, not a skip.
            assert!(
                std::env::var_os("CI").is_none(),
                "cannot mount a tmpfs under CI: {}",
                String::from_utf8_lossy(&out.stderr).trim()
            );
            eprintln!(
                "SKIPPED: cannot mount a tmpfs (needs root): {}",
                String::from_utf8_lossy(&out.stderr).trim()
            );
            let _ = std::fs::remove_dir(&dir);
            return None;
        }
        Some(Tmpfs { dir })
    }

    /// Fills every free byte with `filler`; returns its path.
    fn fill(&self) -> PathBuf {
        let path = self.dir.join("filler");
        let mut f = std::fs::File::create(&path).unwrap();
        for chunk in [64 * 1024, 4096, 512, 1] {
            let buf = vec![0x55u8; chunk];
            while f.write_all(&buf).is_ok() {}
        }
        let _ = f.sync_all();
        path
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.dir).status();
        let _ = std::fs::remove_dir(&self.dir);
    }
}

fn bundle_n(i: usize) -> Value {
    // A long display name: every PUT needs new pages.
    let mut b = bundle(
        &format!("{i:04}-{}", "x".repeat(900)),
        &format!("room{i}@example.com"),
    );
    b["owner_id"] = json!("y".repeat(1000));
    b
}

fn receiver_members(uri: &str) -> String {
    string_member("receiverURI", uri)
        + &string_member("sourceIdentifier", "disk-full-test")
        + "<member><name>receiverIndex</name><value><int>-1</int></value></member>"
}

async fn receivers(addr: SocketAddr) -> Vec<Value> {
    let q = rpc(addr, "feedbackReceiver.extended.query", "")
        .await
        .unwrap();
    q["receivers"].as_array().cloned().unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_fails_writes_cleanly_and_the_store_recovers_without_a_restart() {
    let Some(fs) = Tmpfs::mount("disk-full", "3m") else {
        return;
    };
    let db = fs.dir.join("baton.redb");
    // No backoff: the first write after space returns reopens the store.
    let store = Store::open(&db)
        .unwrap()
        .with_recovery_backoff(Duration::ZERO, Duration::ZERO);
    let s = serve_store(store).await;
    let (status, _) = rest(s.addr, "PUT", "/api/4.0/confbundles/b0", Some(bundle_n(0))).await;
    assert_eq!(status, 201);

    let filler = fs.fill();
    // Writes until one fails for want of space.
    let mut acked = vec![0usize];
    let mut failed = None;
    for i in 1..200 {
        let (status, body) = rest(
            s.addr,
            "PUT",
            &format!("/api/4.0/confbundles/b{i}"),
            Some(bundle_n(i)),
        )
        .await;
        match status {
            201 => acked.push(i),
            _ => {
                failed = Some((i, status, body));
                break;
            }
        }
    }
    let (bad, status, body) = failed.expect("a write failed on the full disk");
    assert!(
        (status == 507 && body["error_code"] == "40")
            || (status == 500 && body["error_code"] == "60")
            || (status == 503 && body["error_code"] == "70"),
        "{status} {body}"
    );
    // No trace in memory.
    let (status, _) = rest(s.addr, "GET", &format!("/api/4.0/confbundles/b{bad}"), None).await;
    assert_eq!(status, 404, "the failed PUT left its bundle");

    // A configure on the full disk: either durable and listed, or a fault
    // and not listed (it used to answer 201 and register it anyway).
    let uri = "http://127.0.0.1:9/RPC2";
    let full_configure = rpc(
        s.addr,
        "feedbackReceiver.extended.configure",
        &receiver_members(uri),
    )
    .await;
    let listed = receivers(s.addr).await;
    match &full_configure {
        Ok(_) => assert_eq!(listed.len(), 1, "{listed:?}"),
        Err((code, _)) => {
            assert_eq!(*code, 201);
            assert!(
                listed.is_empty(),
                "a failed configure registered {listed:?}"
            );
        }
    }

    // Space returns: the next writes succeed, without a restart.
    std::fs::remove_file(&filler).unwrap();
    let (status, body) = rest(
        s.addr,
        "PUT",
        &format!("/api/4.0/confbundles/b{bad}"),
        Some(bundle_n(bad)),
    )
    .await;
    assert_eq!(status, 201, "no recovery after space returned: {body}");
    acked.push(bad);
    let r = rpc(
        s.addr,
        "feedbackReceiver.extended.configure",
        &receiver_members("http://127.0.0.1:10/RPC2"),
    )
    .await
    .expect("configure after recovery");
    assert!(r["receiverIndex"].as_i64().is_some(), "{r}");
    let listed = receivers(s.addr).await;

    // Everything answered with success is on disk.
    s.stop().await;
    let snap = Store::open(&db).unwrap().load().unwrap();
    let mut on_disk: Vec<String> = snap.bundles.iter().map(|(id, _)| id.clone()).collect();
    on_disk.sort();
    let mut expected: Vec<String> = acked.iter().map(|i| format!("b{i}")).collect();
    expected.sort();
    assert_eq!(on_disk, expected);
    let mut uris: Vec<&str> = snap.receivers.iter().map(|r| r.uri.as_str()).collect();
    uris.sort();
    let mut want: Vec<&str> = listed
        .iter()
        .map(|r| r["receiverURI"].as_str().unwrap())
        .collect();
    want.sort();
    assert_eq!(uris, want);
    assert!(want.contains(&"http://127.0.0.1:10/RPC2"));
}

/// Inside the backoff after an I/O error the store answers "unavailable"
/// at once (no reopening storm); after it, a write reopens it.
#[test]
fn the_store_waits_its_backoff_before_reopening() {
    let Some(fs) = Tmpfs::mount("disk-backoff", "2m") else {
        return;
    };
    let db: &Path = &fs.dir.join("baton.redb");
    let store = Store::open(db)
        .unwrap()
        .with_recovery_backoff(Duration::from_secs(3600), Duration::from_secs(3600));
    let filler = fs.fill();
    let big = |i: usize| Write::PutBundle(format!("b{i}"), vec![b'x'; 64 * 1024]);
    let mut failed = false;
    for i in 0..100 {
        match store.apply(&[big(i)]) {
            Ok(()) => continue,
            Err(e) => {
                assert!(matches!(e, StoreError::Full(_) | StoreError::Io(_)), "{e}");
                failed = true;
                break;
            }
        }
    }
    assert!(failed, "no write failed on the full disk");
    std::fs::remove_file(filler).unwrap();
    // Space is back, but the backoff (an hour here) is not over.
    match store.apply(&[big(1000)]) {
        Err(StoreError::Unavailable(wait)) => assert!(wait > Duration::from_secs(3000)),
        other => panic!("{other:?}"),
    }
    // A fresh store on the same file (a restart) sees the file intact.
    drop(store);
    let store = Store::open(db).unwrap();
    store.apply(&[big(1001)]).unwrap();
    assert!(store
        .load()
        .unwrap()
        .bundles
        .iter()
        .any(|(id, _)| id == "b1001"));
}
