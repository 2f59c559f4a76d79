//! What the request log and metrics layer (`ObserveLayer`) costs per
//! request: the same trivial service called bare and wrapped, side by side,
//! for an XML-RPC request (labelled from the `RpcAnswered` the service puts
//! in the response) and a REST request (labelled by routing its path).
//! No tracing subscriber is installed, as in a library user's server that
//! logs nothing; the `metrics` feature is off.
//!
//! `cargo bench -p baton-tokio --bench observe`

use std::convert::Infallible;

use axum::body::Body;
use axum::response::Response;
use baton_tokio::observe::{ObserveLayer, RpcAnswered};
use criterion::{criterion_group, criterion_main, Criterion};
use http::Request;
use tower::{service_fn, Layer, ServiceExt};

const CALL: &str = "<?xml version=\"1.0\"?><methodCall><methodName>device.query</methodName>\
<params><param><value><struct><member><name>authenticationUser</name><value>u</value></member>\
<member><name>authenticationPassword</name><value>p</value></member></struct></value></param>\
</params></methodCall>";

fn rpc_request() -> Request<Body> {
    Request::post("/RPC2").body(Body::from(CALL)).unwrap()
}

fn rest_request() -> Request<Body> {
    Request::get("/api/4.0/confbundles/cb-1")
        .body(Body::empty())
        .unwrap()
}

async fn answer(_req: Request<Body>) -> Result<Response, Infallible> {
    let mut r = Response::new(Body::from("<methodResponse/>"));
    r.extensions_mut()
        .insert(RpcAnswered::ok(baton_tokio::baton_rpc::Method::DeviceQuery));
    Ok(r)
}

fn observe(c: &mut Criterion) {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let bare = service_fn(answer);
    let observed = ObserveLayer::new().layer(service_fn(answer));
    let mut g = c.benchmark_group("observe_layer");
    g.bench_function("xmlrpc/bare", |b| {
        b.to_async(&rt).iter(|| bare.oneshot(rpc_request()))
    });
    g.bench_function("xmlrpc/observed", |b| {
        b.to_async(&rt)
            .iter(|| observed.clone().oneshot(rpc_request()))
    });
    g.bench_function("rest/bare", |b| {
        b.to_async(&rt).iter(|| bare.oneshot(rest_request()))
    });
    g.bench_function("rest/observed", |b| {
        b.to_async(&rt)
            .iter(|| observed.clone().oneshot(rest_request()))
    });
    g.finish();
}

criterion_group!(benches, observe);
criterion_main!(benches);
