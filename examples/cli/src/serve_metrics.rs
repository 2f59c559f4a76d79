//! `baton serve --metrics ADDR:PORT`: the Prometheus text exposition at
//! `GET /metrics` on a listener of its own (no credentials: bind it to an
//! address only the monitoring system reaches; see SECURITY.md).

use std::net::SocketAddr;
use std::time::Duration;

use axum::routing::get;
use axum::Router;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

/// Latency buckets (seconds): 0.5 ms to 10 s.
const BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Installs the process's Prometheus recorder (histograms with
/// [`BUCKETS`]) and binds `addr`; the bound address and the task serving
/// `/metrics` until `stop` completes.
pub async fn start(
    addr: SocketAddr,
    stop: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(SocketAddr, tokio::task::JoinHandle<()>), String> {
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), BUCKETS)
        .map_err(|e| format!("metrics: {e}"))?
        .install_recorder()
        .map_err(|e| format!("metrics: {e}"))?;
    let tcp = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("metrics: listen on {addr}: {e}"))?;
    let local = tcp.local_addr().map_err(|e| e.to_string())?;
    let upkeep = handle.clone();
    let app = Router::new().route("/metrics", get(move || render(handle.clone())));
    let task = tokio::spawn(async move {
        // Histograms are drained into their buckets at each scrape and
        // every few seconds between (the exporter's upkeep).
        let ticker = tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(5));
            loop {
                tick.tick().await;
                upkeep.run_upkeep();
            }
        });
        if let Err(e) = axum::serve(tcp, app).with_graceful_shutdown(stop).await {
            tracing::warn!("metrics endpoint: {e}");
        }
        ticker.abort();
    });
    Ok((local, task))
}

async fn render(handle: PrometheusHandle) -> impl axum::response::IntoResponse {
    handle.run_upkeep();
    (
        [(
            http::header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        handle.render(),
    )
}
