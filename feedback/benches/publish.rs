//! Events published (and encoded) per second with 20 receivers
//! subscribed.
//!
//! Each iteration publishes one `conferenceCreate` event (two UUID args)
//! to 20 receivers subscribed to everything, then drains: every receiver's
//! notification is handed out (encoded into a 4 KiB buffer as an
//! `eventNotification` methodCall) and
//! acknowledged. Throughput is in events published; each event becomes
//! 20 notifications. `batched` publishes 8 events per drain (one
//! notification of 8 events per receiver).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use baton_feedback::{Config, Outcome, OwnedEvent, Publisher};
use baton_rpc::EventName;

fn event() -> OwnedEvent {
    OwnedEvent::new(EventName::ConferenceCreate)
        .with_factory_conference_id("a7062510-5625-11e1-bdb0-0010f31a4434")
        .and_then(|e| e.with_request_id("a7049626-5625-11e1-ad66-0010f31a4434"))
        .expect("fits")
}

fn publisher() -> Publisher {
    let mut p = Publisher::new(Config::default(), 1);
    for i in 1..=20 {
        let uri = format!("http://10.0.0.{i}:5050/RPC2");
        p.configure(&uri, &format!("id{i}"), Some(i), None)
            .expect("configure");
    }
    p
}

fn drain_unencoded(p: &mut Publisher, now: u64) -> usize {
    let mut n = 0;
    while let Some(t) = p.poll_unencoded(baton_feedback::Instant::from_millis(now)) {
        p.on_outcome(
            t.receiver,
            t.seqn,
            Outcome::Delivered,
            baton_feedback::Instant::from_millis(now),
        );
        n += 1;
    }
    n
}

fn drain_encoded(p: &mut Publisher, now: u64, buf: &mut [u8]) -> usize {
    let mut bytes = 0;
    while let Ok(Some(t)) = p.poll_transmit(baton_feedback::Instant::from_millis(now), buf) {
        bytes += t.len;
        p.on_outcome(
            t.receiver,
            t.seqn,
            Outcome::Delivered,
            baton_feedback::Instant::from_millis(now),
        );
    }
    bytes
}

fn bench(c: &mut Criterion) {
    let ev = event();
    let mut g = c.benchmark_group("feedback_publish_20_receivers");
    g.throughput(Throughput::Elements(1));
    g.bench_function("state_machine_only", |b| {
        let mut p = publisher();
        let mut now = 0;
        b.iter(|| {
            now += 1;
            p.publish(ev.clone(), baton_feedback::Instant::from_millis(now));
            assert_eq!(drain_unencoded(&mut p, now), 20);
        })
    });
    g.bench_function("encoded", |b| {
        let mut p = publisher();
        let mut buf = vec![0u8; 4096];
        let mut now = 0;
        b.iter(|| {
            now += 1;
            p.publish(ev.clone(), baton_feedback::Instant::from_millis(now));
            drain_encoded(&mut p, now, &mut buf)
        })
    });
    g.throughput(Throughput::Elements(8));
    g.bench_function("state_machine_only_batched_8", |b| {
        let mut p = publisher();
        let mut now = 0;
        b.iter(|| {
            now += 1;
            for _ in 0..8 {
                p.publish(ev.clone(), baton_feedback::Instant::from_millis(now));
            }
            assert_eq!(drain_unencoded(&mut p, now), 20);
        })
    });
    g.bench_function("encoded_batched_8", |b| {
        let mut p = publisher();
        let mut buf = vec![0u8; 4096];
        let mut now = 0;
        b.iter(|| {
            now += 1;
            for _ in 0..8 {
                p.publish(ev.clone(), baton_feedback::Instant::from_millis(now));
            }
            drain_encoded(&mut p, now, &mut buf)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
