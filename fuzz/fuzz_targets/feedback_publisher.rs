//! `baton_feedback::Publisher` under an arbitrary sequence of
//! configure / remove / publish / poll / outcome / timeout operations:
//! never panics, queues stay bounded, every event published to a receiver
//! is delivered, queued or counted as dropped, a new notification's seqn
//! is the previous one + 1 + the events dropped since, and retries resend
//! the same seqn and events.
#![no_main]

use std::collections::HashMap;

use arbitrary::Arbitrary;
use baton_feedback::{Backoff, Config, Outcome, Publisher, ReceiverId};
use baton_rpc::{AnyEventName, EventName};
use libfuzzer_sys::fuzz_target;

const Q: usize = 4;

#[derive(Arbitrary, Debug)]
enum Op<'a> {
    Configure {
        uri: Uri<'a>,
        source: &'a str,
        index: Option<i32>,
        mask: Option<u16>,
    },
    Remove(i32),
    Publish(u8),
    Poll,
    Outcome {
        slot: u8,
        seqn: Option<u32>,
        delivered: bool,
    },
    Advance(u16),
    Timeout,
}

#[derive(Arbitrary, Debug)]
enum Uri<'a> {
    Known(u8),
    Raw(&'a str),
}

#[derive(Default)]
struct Model {
    published: u64,
    last_new: Option<(u32, u64)>,
    current: Option<(u32, Vec<EventName>)>,
}

fuzz_target!(|input: (u64, u8, Vec<Op<'_>>)| {
    let (seed, batch, ops) = input;
    let config = Config {
        batch_size: usize::from(batch % 6),
        linger: core::time::Duration::from_millis(u64::from(batch % 3) * 10).into(),
        response_timeout: core::time::Duration::from_millis(500).into(),
        backoff: Backoff {
            base: core::time::Duration::from_millis(10).into(),
            cap: core::time::Duration::from_millis(1_000).into(),
            jitter_percent: batch,
        },
    };
    let mut p: Publisher<EventName, 6, Q> = Publisher::new(config, seed);
    let mut models: HashMap<ReceiverId, Model> = HashMap::new();
    let mut now = baton_feedback::Instant::ZERO;
    for op in ops.into_iter().take(2_000) {
        match op {
            Op::Configure {
                uri,
                source,
                index,
                mask,
            } => {
                let uri = match uri {
                    Uri::Known(i) => format!("http://10.0.0.{}/RPC2", i % 8),
                    Uri::Raw(s) => s.to_owned(),
                };
                let names: Option<Vec<AnyEventName<'_>>> = mask.map(|m| {
                    EventName::ALL
                        .iter()
                        .filter(|e| m & e.bit() != 0)
                        .map(|e| AnyEventName::Known(*e))
                        .collect()
                });
                if let Ok(slot) = p.configure(&uri, source, index, names.as_deref()) {
                    assert!((1..=6).contains(&slot));
                    let id = p.receiver(slot).expect("configured");
                    // The same receiver configured again keeps its id, queue,
                    // seqn and statistics; anything else is a fresh receiver.
                    if !models.contains_key(&id) {
                        models.retain(|old, _| i32::from(old.index()) != slot);
                        models.insert(id, Model::default());
                    }
                }
            }
            Op::Remove(i) => {
                let had = p.receiver(i);
                let r = p.remove(i);
                assert_eq!(r.is_ok(), had.is_some());
                if let Some(id) = had {
                    models.remove(&id);
                }
            }
            Op::Publish(n) => {
                let name = EventName::ALL[usize::from(n) % EventName::ALL.len()];
                p.publish(name, now);
                for (id, m) in models.iter_mut() {
                    if p.is_subscribed(*id, name) {
                        m.published += 1;
                    }
                }
            }
            Op::Poll => {
                while let Some(t) = p.poll_unencoded(now) {
                    let events: Vec<EventName> = p
                        .in_flight(t.receiver)
                        .expect("in flight")
                        .events()
                        .copied()
                        .collect();
                    assert_eq!(events.len(), t.events);
                    let dropped = p.stats(t.receiver).expect("live").dropped;
                    let m = models.get_mut(&t.receiver).expect("model");
                    if t.attempt == 0 {
                        let want = match m.last_new {
                            None => dropped as u32,
                            Some((s, d)) => s + 1 + (dropped - d) as u32,
                        };
                        assert_eq!(t.seqn, want);
                        m.last_new = Some((t.seqn, dropped));
                        m.current = Some((t.seqn, events));
                    } else {
                        assert_eq!(m.current.as_ref(), Some(&(t.seqn, events)));
                    }
                }
            }
            Op::Outcome {
                slot,
                seqn,
                delivered,
            } => {
                let Some(id) = p.receiver(i32::from(slot % 8)) else {
                    continue;
                };
                let seqn = seqn.unwrap_or_else(|| p.in_flight(id).map_or(0, |o| o.seqn));
                let outcome = if delivered {
                    Outcome::Delivered
                } else {
                    Outcome::Failed
                };
                let _ = p.on_outcome(id, seqn, outcome, now);
            }
            Op::Advance(ms) => now += baton_feedback::Duration::from_millis(u64::from(ms)),
            Op::Timeout => {
                p.handle_timeout(now);
                let _ = p.poll_timeout();
            }
        }
        for (id, m) in &models {
            let s = p.stats(*id).expect("live receiver");
            assert!(s.in_queue <= Q);
            assert_eq!(m.published, s.delivered + s.in_queue as u64 + s.dropped);
        }
        assert!(p.query().count() <= 6);
    }
});
