//! Provisions ConfBundles over the REST API of a real appliance (HTTP on
//! 127.0.0.1, redb file store, every write committed durably before the
//! answer) and reports bundles per second, then times alias lookups.
//!
//! ```text
//! cargo run --release -p baton-appliance --example provision_100k -- [COUNT] [CONCURRENCY] [--memory]
//! ```
//!
//! Each bundle has two aliases, so 100,000 bundles reach the spec's
//! 200,000-alias limit (Appendix A).

use std::time::{Duration, Instant};

use baton_appliance::{Appliance, ApplianceConfig, Store};
use baton_rest::{Alias, ConfBundle, List};
use baton_tokio::{
    ConductorClient, FeedbackConfig, FeedbackDriver, Listener, Role, ServerConfig, Users,
};

const MCU_SERVICE: &str = "123456";
const MCU_QUALITY: &str = "0af69ffc-e3f7-12a0-80a5-000ba977a3fa";

fn alias_names(i: usize) -> [String; 2] {
    [
        format!("cmr{i}@example.com"),
        format!("{}@example.com", 10_000_000 + i),
    ]
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let memory = args.iter().any(|a| a == "--memory");
    let nums: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let count = nums.first().copied().unwrap_or(100_000);
    let concurrency = nums.get(1).copied().unwrap_or(4).max(1);

    let dir = std::env::temp_dir().join(format!("baton-provision-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let store = if memory {
        Store::in_memory()?
    } else {
        Store::open(&dir.join("baton.redb"))?
    };
    let driver = FeedbackDriver::spawn(FeedbackConfig::default()).map_err(|e| e.to_string())?;
    let device = Appliance::new(ApplianceConfig::default(), store, driver.handle())?;
    let app = device.router(
        Users::new().with("api", "secret", Role::Admin),
        ServerConfig::default(),
    );
    let tcp = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .map_err(|e| e.to_string())?;
    let addr = tcp.local_addr().map_err(|e| e.to_string())?;
    let config = ServerConfig::default();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        let shutdown = async {
            let _ = stopped.await;
        };
        let _ = baton_tokio::serve(Listener::http(tcp), app, &config, shutdown).await;
    });

    let base = format!("http://{addr}");
    let started = Instant::now();
    let mut tasks = Vec::new();
    for t in 0..concurrency {
        let client = ConductorClient::new(baton_tokio::ClientConfig::new(&base, "api", "secret"))
            .map_err(|e| e.to_string())?;
        tasks.push(tokio::spawn(async move {
            let mut i = t;
            while i < count {
                let names = alias_names(i);
                let mut aliases = List::default();
                for n in &names {
                    aliases.push(Alias {
                        role: Some("host"),
                        exact_match: Some(n),
                        allow_conference_creation: None,
                    });
                }
                let display = format!("CMR {i}");
                let bundle = ConfBundle {
                    conference_display_name: Some(&display),
                    service_preference_id: Some(MCU_SERVICE),
                    aliases: Some(aliases),
                    host_quality: Some(MCU_QUALITY),
                    guest_quality: Some(MCU_QUALITY),
                    ..Default::default()
                };
                let id = format!("00000000-0000-4000-8000-{i:012}");
                match client.put_confbundle(&id, &bundle).await {
                    Ok(201) => {}
                    other => return Err(format!("bundle {i}: {other:?}")),
                }
                i += concurrency;
            }
            Ok::<(), String>(())
        }));
    }
    for t in tasks {
        t.await.map_err(|e| e.to_string())??;
    }
    let elapsed = started.elapsed();
    let rate = count as f64 / elapsed.as_secs_f64();
    println!(
        "provisioned {count} ConfBundles ({} aliases) over HTTP, {concurrency} clients, {} store: {:.1} s, {:.0} bundles/s",
        count * 2,
        if memory { "in-memory" } else { "redb file" },
        elapsed.as_secs_f64(),
        rate
    );
    assert_eq!(device.confbundle_count(), count);

    // Alias lookups (normalization + index) with every alias provisioned.
    let lookups = 200_000usize;
    let t = Instant::now();
    let mut found = 0usize;
    for k in 0..lookups {
        let i = (k * 7919) % count;
        let names = alias_names(i);
        if device.lookup_alias(&names[k % 2]).is_some() {
            found += 1;
        }
    }
    let per = t.elapsed() / lookups as u32;
    println!(
        "alias lookup with {} aliases: {:?} per lookup ({found}/{lookups} found)",
        count * 2,
        per
    );
    assert_eq!(found, lookups);
    if !memory {
        // Restart: stop the server (it holds the device), then load every
        // ConfBundle back from the file.
        let _ = stop.send(());
        let _ = server.await;
        drop(device);
        driver.shutdown().await;
        let t = Instant::now();
        let store = loop {
            match Store::open(&dir.join("baton.redb")) {
                Ok(s) => break s,
                Err(_) if t.elapsed() < Duration::from_secs(5) => {
                    tokio::time::sleep(Duration::from_millis(10)).await
                }
                Err(e) => {
                    println!("reopen skipped: {e}");
                    let _ = std::fs::remove_dir_all(&dir);
                    return Ok(());
                }
            }
        };
        let driver = FeedbackDriver::spawn(FeedbackConfig::default()).map_err(|e| e.to_string())?;
        let t = Instant::now();
        let again = Appliance::new(ApplianceConfig::default(), store, driver.handle())?;
        println!(
            "restart: {} ConfBundles loaded from the redb file in {:.2} s",
            again.confbundle_count(),
            t.elapsed().as_secs_f64()
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}
