//! Provisioning ConfBundles through the REST router (in memory and on a
//! durable redb file) and alias lookups with the spec's 200,000 aliases.
//!
//! ```text
//! cargo bench -p baton-appliance --bench appliance -- --warm-up-time 1 --measurement-time 3
//! ```

use std::sync::atomic::{AtomicUsize, Ordering};

use axum::body::Body;
use axum::Router;
use baton_appliance::{Appliance, ApplianceConfig, Store};
use baton_tokio::{FeedbackConfig, FeedbackDriver, Role, ServerConfig, Users};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use http::Request;
use tower::ServiceExt;

const AUTH: &str = "Basic YXBpOnNlY3JldA=="; // api:secret

fn bundle_json(i: usize) -> String {
    format!(
        r#"{{"conference_display_name": "CMR {i}", "service_preference_id": "123456",
"aliases": [{{"role": "host", "exact_match": "cmr{i}@example.com"}}, {{"role": "guest", "exact_match": "{n}@example.com"}}],
"host_quality": "0af69ffc-e3f7-12a0-80a5-000ba977a3fa", "guest_quality": "0af69ffc-e3f7-12a0-80a5-000ba977a3fa",
"max_participants": 10, "layout": "active"}}"#,
        n = 10_000_000 + i
    )
}

fn device(store: Store) -> (Appliance, Router, FeedbackDriver) {
    let driver = FeedbackDriver::spawn(FeedbackConfig::default()).unwrap();
    let appliance = Appliance::new(ApplianceConfig::default(), store, driver.handle()).unwrap();
    let router = appliance.router(
        Users::new().with("api", "secret", Role::Admin),
        ServerConfig::default(),
    );
    (appliance, router, driver)
}

async fn put(router: &Router, i: usize) -> u16 {
    let req = Request::put(format!("/api/4.0/confbundles/cb-{i}"))
        .header("authorization", AUTH)
        .header("content-type", "application/json")
        .body(Body::from(bundle_json(i)))
        .unwrap();
    router.clone().oneshot(req).await.unwrap().status().as_u16()
}

fn provisioning(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let mut g = c.benchmark_group("rest_put_confbundle");
    g.throughput(Throughput::Elements(1));

    let (_, router, _driver) = rt.block_on(async { device(Store::in_memory().unwrap()) });
    let n = AtomicUsize::new(0);
    // Replaces cycle over 1,000 IDs (new version_id and conference_name each time).
    rt.block_on(async {
        for i in 0..1000 {
            assert_eq!(put(&router, i).await, 201);
        }
    });
    g.bench_function("replace_in_memory_store", |b| {
        b.to_async(&rt).iter(|| async {
            let i = n.fetch_add(1, Ordering::Relaxed) % 1000;
            assert_eq!(put(&router, i).await, 200);
        })
    });

    let dir = std::env::temp_dir().join(format!("baton-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let (_, router, _driver2) =
        rt.block_on(async { device(Store::open(&dir.join("baton.redb")).unwrap()) });
    rt.block_on(async {
        for i in 0..100 {
            assert_eq!(put(&router, i).await, 201);
        }
    });
    g.bench_function("replace_durable_redb_file", |b| {
        b.to_async(&rt).iter(|| async {
            let i = n.fetch_add(1, Ordering::Relaxed) % 100;
            assert_eq!(put(&router, i).await, 200);
        })
    });
    g.finish();
    let _ = std::fs::remove_dir_all(&dir);
}

fn alias_lookup(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (appliance, router, _driver) = rt.block_on(async { device(Store::in_memory().unwrap()) });
    rt.block_on(async {
        for i in 0..100_000 {
            assert_eq!(put(&router, i).await, 201);
        }
    });
    assert_eq!(appliance.confbundle_count(), 100_000);
    let mut g = c.benchmark_group("alias_lookup_200k_aliases");
    g.throughput(Throughput::Elements(1));
    let mut k = 0usize;
    g.bench_function("hit", |b| {
        b.iter(|| {
            k = (k + 7919) % 100_000;
            let alias = format!("{}@EXAMPLE.com", 10_000_000 + k);
            assert!(appliance.lookup_alias(&alias).is_some());
        })
    });
    g.bench_function("miss", |b| {
        b.iter(|| {
            k = (k + 7919) % 100_000;
            let alias = format!("nobody{k}@example.com");
            assert!(appliance.lookup_alias(&alias).is_none());
        })
    });
    g.finish();
}

criterion_group!(benches, provisioning, alias_lookup);
criterion_main!(benches);
