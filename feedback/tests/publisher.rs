//! Publisher behaviour: the spec's `feedbackReceiver.extended.*` rules and
//! the delivery rules of issue 5, through the public API only.

use baton_feedback::{Applied, Backoff, Config, Outcome, Publisher, ReceiverId, Transmit};
use baton_rpc::{AnyEventName, EventName};

type P = Publisher<EventName, 20, 4>;

fn config() -> Config {
    Config {
        batch_size: 2,
        linger: core::time::Duration::from_millis(0).into(),
        response_timeout: core::time::Duration::from_millis(1_000).into(),
        backoff: Backoff {
            base: core::time::Duration::from_millis(100).into(),
            cap: core::time::Duration::from_millis(400).into(),
            jitter_percent: 0,
        },
    }
}

fn publisher() -> P {
    P::new(config(), 1)
}

fn uri(i: usize) -> String {
    format!("http://10.0.0.{i}:5050/RPC2")
}

fn events_of(p: &P, id: ReceiverId) -> Vec<EventName> {
    p.in_flight(id)
        .map(|o| o.events().copied().collect())
        .unwrap_or_default()
}

#[test]
fn configure_returns_the_slot_and_query_lists_it() {
    let mut p = publisher();
    assert_eq!(p.query().count(), 0, "no receivers: empty array");
    assert_eq!(
        p.configure("http://10.2.134.40:5050/RPC2", "id1", None, None),
        Ok(1)
    );
    assert_eq!(p.configure(&uri(2), "id2", Some(7), None), Ok(7));
    let q: Vec<_> = p.query().collect();
    assert_eq!(q.len(), 2);
    assert_eq!(q[0].receiver_uri, Some("http://10.2.134.40:5050/RPC2"));
    assert_eq!(q[0].source_identifier, Some("id1"));
    assert_eq!(q[0].index, Some(1));
    assert_eq!(q[1].index, Some(7));
}

#[test]
fn receiver_index_negative_takes_the_first_free_slot() {
    let mut p = publisher();
    assert_eq!(p.configure(&uri(1), "a", Some(1), None), Ok(1));
    assert_eq!(p.configure(&uri(2), "b", Some(-1), None), Ok(2));
    assert_eq!(p.configure(&uri(3), "c", Some(-5), None), Ok(3));
}

#[test]
fn there_is_a_limit_of_20_feedback_receivers() {
    let mut p = publisher();
    for i in 1..=20 {
        assert_eq!(p.configure(&uri(i), "s", Some(-1), None), Ok(i as i32));
    }
    let f = p.configure(&uri(21), "s", Some(-1), None).unwrap_err();
    assert_eq!(f.code(), 201);
    assert_eq!(p.query().count(), 20);
}

#[test]
fn configure_with_existing_uri_uses_its_receiver_index() {
    let mut p = publisher();
    assert_eq!(p.configure(&uri(1), "a", Some(5), None), Ok(5));
    assert_eq!(p.configure(&uri(1), "b", Some(-1), None), Ok(5));
    assert_eq!(p.configure(&uri(1), "c", Some(9), None), Ok(5));
    let q: Vec<_> = p.query().collect();
    assert_eq!(q.len(), 1);
    assert_eq!(q[0].source_identifier, Some("c"));
}

#[test]
fn configure_faults_name_the_parameter() {
    let mut p = publisher();
    let f = p.configure(&uri(1), "a", Some(21), None).unwrap_err();
    assert_eq!(
        (f.code(), f.message()),
        (102, "invalid parameter - receiverIndex")
    );
    let f = p.configure("gopher://x/", "a", None, None).unwrap_err();
    assert_eq!(
        (f.code(), f.message()),
        (102, "invalid parameter - receiverURI")
    );
    let long = "x".repeat(200);
    let f = p.configure(&uri(1), &long, None, None).unwrap_err();
    assert_eq!(f.message(), "invalid parameter - sourceIdentifier");
    let f = p
        .configure(&uri(1), "a", None, Some(&[AnyEventName::Unknown("nope")]))
        .unwrap_err();
    assert_eq!(f.message(), "invalid parameter - subscribedEvents");
    assert_eq!(p.query().count(), 0, "a faulted configure changes nothing");
}

#[test]
fn remove_frees_the_slot_and_empty_slot_is_fault_102() {
    let mut p = publisher();
    p.configure(&uri(1), "a", Some(3), None).unwrap();
    assert_eq!(p.remove(3), Ok(()));
    assert_eq!(p.query().count(), 0);
    let f = p.remove(3).unwrap_err();
    assert_eq!(
        (f.code(), f.message()),
        (102, "invalid parameter - receiverIndex")
    );
    assert_eq!(p.remove(0).unwrap_err().code(), 102);
    assert_eq!(p.remove(21).unwrap_err().code(), 102);
}

#[test]
fn subscribed_events_filter_what_a_receiver_gets() {
    let mut p = publisher();
    p.configure(&uri(1), "all", None, None).unwrap();
    let only = [AnyEventName::Known(EventName::AlarmsChanged)];
    p.configure(&uri(2), "alarms", Some(2), Some(&only))
        .unwrap();
    assert_eq!(
        p.publish(
            EventName::ConferenceCreate,
            baton_feedback::Instant::from_millis(0)
        ),
        1
    );
    assert_eq!(
        p.publish(
            EventName::AlarmsChanged,
            baton_feedback::Instant::from_millis(0)
        ),
        2
    );
    let all = p.receiver(1).unwrap();
    let alarms = p.receiver(2).unwrap();
    assert_eq!(p.queued(all).count(), 2);
    assert_eq!(
        p.queued(alarms).copied().collect::<Vec<_>>(),
        [EventName::AlarmsChanged]
    );
    assert!(!p.is_subscribed(alarms, EventName::ConferenceCreate));
}

#[test]
fn application_started_is_published_at_start() {
    let mut p = publisher();
    p.configure(&uri(1), "a", None, None).unwrap();
    assert_eq!(p.start(baton_feedback::Instant::from_millis(0)), 1);
    let t = p
        .poll_unencoded(baton_feedback::Instant::from_millis(0))
        .unwrap();
    assert_eq!(t.seqn, 0);
    assert_eq!(events_of(&p, t.receiver), [EventName::ApplicationStarted]);
}

#[test]
fn seqn_starts_at_0_and_increases_by_one_per_notification() {
    let mut p = publisher();
    p.configure(&uri(1), "a", None, None).unwrap();
    let mut seen = vec![];
    for i in 0..5u64 {
        p.publish(
            EventName::AlarmsChanged,
            baton_feedback::Instant::from_millis(i),
        );
        let t = p
            .poll_unencoded(baton_feedback::Instant::from_millis(i))
            .unwrap();
        seen.push(t.seqn);
        assert_eq!(
            p.on_outcome(
                t.receiver,
                t.seqn,
                Outcome::Delivered,
                baton_feedback::Instant::from_millis(i)
            ),
            Applied::Yes
        );
    }
    assert_eq!(seen, [0, 1, 2, 3, 4]);
}

#[test]
fn queued_events_are_batched_in_order() {
    let mut p = publisher();
    p.configure(&uri(1), "a", None, None).unwrap();
    let order = [
        EventName::ConferenceCreate,
        EventName::ConferenceJoined,
        EventName::ConferenceDestroyed,
    ];
    for e in order {
        p.publish(e, baton_feedback::Instant::from_millis(0));
    }
    let t = p
        .poll_unencoded(baton_feedback::Instant::from_millis(0))
        .unwrap();
    assert_eq!(t.events, 2, "batch_size 2");
    assert_eq!(events_of(&p, t.receiver), order[..2]);
    assert_eq!(
        p.poll_unencoded(baton_feedback::Instant::from_millis(0)),
        None,
        "at most one in flight"
    );
    p.on_outcome(
        t.receiver,
        t.seqn,
        Outcome::Delivered,
        baton_feedback::Instant::from_millis(1),
    );
    let t2 = p
        .poll_unencoded(baton_feedback::Instant::from_millis(1))
        .unwrap();
    assert_eq!((t2.seqn, t2.events), (1, 1));
    assert_eq!(events_of(&p, t2.receiver), order[2..]);
}

#[test]
fn failed_send_is_retried_identically_after_backoff() {
    let mut p = publisher();
    p.configure(&uri(1), "a", None, None).unwrap();
    p.publish(
        EventName::ConferenceCreate,
        baton_feedback::Instant::from_millis(0),
    );
    let t = p
        .poll_unencoded(baton_feedback::Instant::from_millis(0))
        .unwrap();
    let first = events_of(&p, t.receiver);
    p.publish(
        EventName::AlarmsChanged,
        baton_feedback::Instant::from_millis(0),
    ); // queued behind, not in the retry
    assert_eq!(
        p.on_outcome(
            t.receiver,
            t.seqn,
            Outcome::Failed,
            baton_feedback::Instant::from_millis(10)
        ),
        Applied::Yes
    );
    assert_eq!(
        p.poll_timeout(),
        Some(baton_feedback::Instant::from_millis(110)),
        "base 100 ms"
    );
    assert_eq!(
        p.poll_unencoded(baton_feedback::Instant::from_millis(109)),
        None
    );
    let r = p
        .poll_unencoded(baton_feedback::Instant::from_millis(110))
        .unwrap();
    assert_eq!((r.seqn, r.events, r.attempt), (t.seqn, t.events, 1));
    assert_eq!(events_of(&p, r.receiver), first);
    // second failure: 200 ms, then 400 (cap) and 400
    p.on_outcome(
        r.receiver,
        r.seqn,
        Outcome::Failed,
        baton_feedback::Instant::from_millis(110),
    );
    assert_eq!(
        p.poll_timeout(),
        Some(baton_feedback::Instant::from_millis(310))
    );
    let r = p
        .poll_unencoded(baton_feedback::Instant::from_millis(310))
        .unwrap();
    p.on_outcome(
        r.receiver,
        r.seqn,
        Outcome::Failed,
        baton_feedback::Instant::from_millis(310),
    );
    assert_eq!(
        p.poll_timeout(),
        Some(baton_feedback::Instant::from_millis(710))
    );
    let r = p
        .poll_unencoded(baton_feedback::Instant::from_millis(710))
        .unwrap();
    p.on_outcome(
        r.receiver,
        r.seqn,
        Outcome::Failed,
        baton_feedback::Instant::from_millis(710),
    );
    assert_eq!(
        p.poll_timeout(),
        Some(baton_feedback::Instant::from_millis(1110))
    );
    let stats = p.stats(r.receiver).unwrap();
    assert_eq!(stats.retried, 3);
    assert_eq!(stats.in_queue, 2);
}

#[test]
fn no_outcome_within_the_response_timeout_counts_as_failed() {
    let mut p = publisher();
    p.configure(&uri(1), "a", None, None).unwrap();
    p.publish(
        EventName::ConferenceCreate,
        baton_feedback::Instant::from_millis(0),
    );
    let t = p
        .poll_unencoded(baton_feedback::Instant::from_millis(0))
        .unwrap();
    assert_eq!(
        p.poll_timeout(),
        Some(baton_feedback::Instant::from_millis(1_000))
    );
    p.handle_timeout(baton_feedback::Instant::from_millis(999));
    assert_eq!(
        p.poll_unencoded(baton_feedback::Instant::from_millis(999)),
        None
    );
    p.handle_timeout(baton_feedback::Instant::from_millis(1_000));
    assert_eq!(
        p.poll_timeout(),
        Some(baton_feedback::Instant::from_millis(1_100))
    );
    let r = p
        .poll_unencoded(baton_feedback::Instant::from_millis(1_100))
        .unwrap();
    assert_eq!((r.seqn, r.attempt), (t.seqn, 1));
}

#[test]
fn late_delivered_while_waiting_for_retry_still_counts() {
    let mut p = publisher();
    p.configure(&uri(1), "a", None, None).unwrap();
    p.publish(
        EventName::ConferenceCreate,
        baton_feedback::Instant::from_millis(0),
    );
    let t = p
        .poll_unencoded(baton_feedback::Instant::from_millis(0))
        .unwrap();
    p.handle_timeout(baton_feedback::Instant::from_millis(1_000));
    assert_eq!(
        p.on_outcome(
            t.receiver,
            t.seqn,
            Outcome::Delivered,
            baton_feedback::Instant::from_millis(1_001)
        ),
        Applied::Yes
    );
    assert_eq!(p.stats(t.receiver).unwrap().delivered, 1);
    assert_eq!(
        p.poll_unencoded(baton_feedback::Instant::from_millis(5_000)),
        None
    );
    // a late failure for it now is ignored
    assert_eq!(
        p.on_outcome(
            t.receiver,
            t.seqn,
            Outcome::Failed,
            baton_feedback::Instant::from_millis(1_002)
        ),
        Applied::Ignored
    );
}

#[test]
fn queue_overflow_drops_oldest_and_shows_as_seqn_gap() {
    let mut p = publisher(); // Q = 4, batch 2
    p.configure(&uri(1), "a", None, None).unwrap();
    let id = p.receiver(1).unwrap();
    let ev = EventName::ALL;
    for e in &ev[..3] {
        p.publish(*e, baton_feedback::Instant::from_millis(0));
    }
    let t = p
        .poll_unencoded(baton_feedback::Instant::from_millis(0))
        .unwrap(); // seqn 0: ev0, ev1 in flight
    assert_eq!(t.seqn, 0);
    for e in &ev[3..6] {
        p.publish(*e, baton_feedback::Instant::from_millis(0)); // queue: ev0 ev1 | ev2 ev3 ; ev4 drops ev2 ; ev5 drops ev3
    }
    assert_eq!(
        p.queued(id).copied().collect::<Vec<_>>(),
        [ev[0], ev[1], ev[4], ev[5]]
    );
    let s = p.stats(id).unwrap();
    assert_eq!((s.queued, s.dropped), (6, 2));
    // the retry is unaffected by the drops
    p.on_outcome(
        id,
        0,
        Outcome::Failed,
        baton_feedback::Instant::from_millis(0),
    );
    let r = p
        .poll_unencoded(baton_feedback::Instant::from_millis(1_000))
        .unwrap();
    assert_eq!(r.seqn, 0);
    assert_eq!(events_of(&p, id), [ev[0], ev[1]]);
    p.on_outcome(
        id,
        0,
        Outcome::Delivered,
        baton_feedback::Instant::from_millis(1_000),
    );
    // next new notification: 0 + 1 + 2 dropped = 3
    let n = p
        .poll_unencoded(baton_feedback::Instant::from_millis(1_000))
        .unwrap();
    assert_eq!(n.seqn, 3);
    assert_eq!(events_of(&p, id), [ev[4], ev[5]]);
}

#[test]
fn one_dead_receiver_never_delays_the_others() {
    let mut p = publisher();
    p.configure(&uri(1), "dead", None, None).unwrap();
    p.configure(&uri(2), "live", Some(2), None).unwrap();
    let dead = p.receiver(1).unwrap();
    let live = p.receiver(2).unwrap();
    for round in 0..50u64 {
        p.publish(
            EventName::AlarmsChanged,
            baton_feedback::Instant::from_millis(round),
        );
        p.handle_timeout(baton_feedback::Instant::from_millis(round));
        while let Some(Transmit { receiver, seqn, .. }) =
            p.poll_unencoded(baton_feedback::Instant::from_millis(round))
        {
            let outcome = if receiver == dead {
                Outcome::Failed
            } else {
                Outcome::Delivered
            };
            p.on_outcome(
                receiver,
                seqn,
                outcome,
                baton_feedback::Instant::from_millis(round),
            );
        }
    }
    assert_eq!(p.stats(live).unwrap().delivered, 50);
    assert_eq!(p.stats(live).unwrap().in_queue, 0);
    assert_eq!(p.stats(dead).unwrap().delivered, 0);
}

#[test]
fn late_outcome_for_removed_or_reconfigured_receiver_is_ignored() {
    let mut p = publisher();
    p.configure(&uri(1), "a", None, None).unwrap();
    p.publish(
        EventName::AlarmsChanged,
        baton_feedback::Instant::from_millis(0),
    );
    let t = p
        .poll_unencoded(baton_feedback::Instant::from_millis(0))
        .unwrap();
    p.remove(1).unwrap();
    assert_eq!(
        p.on_outcome(
            t.receiver,
            t.seqn,
            Outcome::Delivered,
            baton_feedback::Instant::from_millis(1)
        ),
        Applied::Ignored
    );
    // reconfigured in the same slot: a fresh receiver
    p.configure(&uri(1), "a", None, None).unwrap();
    p.publish(
        EventName::AlarmsChanged,
        baton_feedback::Instant::from_millis(2),
    );
    let t2 = p
        .poll_unencoded(baton_feedback::Instant::from_millis(2))
        .unwrap();
    assert_ne!(t2.receiver, t.receiver);
    assert_eq!(t2.seqn, 0, "a fresh receiver starts again at 0");
    p.configure(&uri(1), "b", None, None).unwrap();
    assert_eq!(
        p.on_outcome(
            t2.receiver,
            0,
            Outcome::Failed,
            baton_feedback::Instant::from_millis(3)
        ),
        Applied::Ignored
    );
    assert_eq!(p.poll_timeout(), None);
    assert!(p.target(t2.receiver).is_none());
}

#[test]
fn linger_waits_for_a_fuller_batch() {
    let mut p = P::new(
        Config {
            linger: core::time::Duration::from_millis(50).into(),
            batch_size: 3,
            ..config()
        },
        1,
    );
    p.configure(&uri(1), "a", None, None).unwrap();
    p.publish(
        EventName::ConferenceCreate,
        baton_feedback::Instant::from_millis(100),
    );
    assert_eq!(
        p.poll_unencoded(baton_feedback::Instant::from_millis(100)),
        None
    );
    assert_eq!(
        p.poll_timeout(),
        Some(baton_feedback::Instant::from_millis(150))
    );
    p.publish(
        EventName::ConferenceJoined,
        baton_feedback::Instant::from_millis(120),
    );
    assert_eq!(
        p.poll_unencoded(baton_feedback::Instant::from_millis(149)),
        None
    );
    assert_eq!(
        p.poll_unencoded(baton_feedback::Instant::from_millis(150))
            .unwrap()
            .events,
        2
    );
    // a full batch goes at once
    let mut p = P::new(
        Config {
            linger: core::time::Duration::from_millis(50).into(),
            batch_size: 2,
            ..config()
        },
        1,
    );
    p.configure(&uri(1), "a", None, None).unwrap();
    p.publish(
        EventName::ConferenceCreate,
        baton_feedback::Instant::from_millis(100),
    );
    p.publish(
        EventName::ConferenceJoined,
        baton_feedback::Instant::from_millis(101),
    );
    assert_eq!(
        p.poll_unencoded(baton_feedback::Instant::from_millis(101))
            .unwrap()
            .events,
        2
    );
}

#[test]
fn target_gives_host_port_path_of_the_receiver() {
    let mut p = publisher();
    p.configure("https://rx.example/feedback", "a", None, None)
        .unwrap();
    let u = p.target(p.receiver(1).unwrap()).unwrap();
    assert_eq!((u.host, u.port, u.path), ("rx.example", 443, "/feedback"));
}

#[test]
fn configuring_the_same_receiver_again_keeps_its_queue_and_seqn() {
    let mut p = publisher();
    p.configure(&uri(1), "a", None, None).unwrap();
    for e in [
        EventName::ConferenceCreate,
        EventName::ConferenceJoined,
        EventName::ConferenceDestroyed,
    ] {
        p.publish(e, baton_feedback::Instant::from_millis(0));
    }
    let t = p
        .poll_unencoded(baton_feedback::Instant::from_millis(0))
        .unwrap();
    assert_eq!((t.seqn, t.events), (0, 2));
    // The client re-registers while seqn 0 is in flight and one event waits.
    assert_eq!(p.configure(&uri(1), "a", Some(-1), None), Ok(1));
    assert_eq!(
        p.on_outcome(
            t.receiver,
            t.seqn,
            Outcome::Delivered,
            baton_feedback::Instant::from_millis(1)
        ),
        Applied::Yes,
        "the notification in flight still counts"
    );
    let t2 = p
        .poll_unencoded(baton_feedback::Instant::from_millis(1))
        .unwrap();
    assert_eq!(t2.receiver, t.receiver);
    assert_eq!(
        (t2.seqn, t2.events),
        (1, 1),
        "queued event kept, seqn goes on"
    );
    assert_eq!(events_of(&p, t2.receiver), [EventName::ConferenceDestroyed]);
}

#[test]
fn configuring_a_new_source_identifier_starts_afresh() {
    let mut p = publisher();
    p.configure(&uri(1), "a", None, None).unwrap();
    p.publish(
        EventName::ConferenceCreate,
        baton_feedback::Instant::from_millis(0),
    );
    let t = p
        .poll_unencoded(baton_feedback::Instant::from_millis(0))
        .unwrap();
    assert_eq!(p.configure(&uri(1), "b", None, None), Ok(1));
    assert_eq!(
        p.on_outcome(
            t.receiver,
            t.seqn,
            Outcome::Delivered,
            baton_feedback::Instant::from_millis(1)
        ),
        Applied::Ignored,
        "a late outcome for the replaced receiver is ignored"
    );
    assert_eq!(
        p.poll_unencoded(baton_feedback::Instant::from_millis(1)),
        None,
        "empty queue"
    );
    p.publish(
        EventName::AlarmsChanged,
        baton_feedback::Instant::from_millis(2),
    );
    assert_eq!(
        p.poll_unencoded(baton_feedback::Instant::from_millis(2))
            .unwrap()
            .seqn,
        0
    );
}

/// Issue 14: an event holding a text XML cannot carry is dropped once
/// (a `seqn` gap, counted as `unencodable`), the events around it go out,
/// and it is never retried.
#[test]
fn an_event_that_cannot_be_encoded_is_dropped_once_with_a_seqn_gap() {
    use baton_feedback::OwnedEvent;
    let mut p: Publisher<OwnedEvent, 20, 8> = Publisher::new(
        Config {
            batch_size: 4,
            ..config()
        },
        1,
    );
    p.configure(&uri(1), "a", None, None).unwrap();
    let id = p.receiver(1).unwrap();
    let ev = |name: &str| {
        OwnedEvent::new(EventName::ConferenceCreate)
            .with_conference_name(name)
            .unwrap()
    };
    for name in ["ok-0", "bad\u{1}", "ok-2", "ok-3"] {
        p.publish(ev(name), baton_feedback::Instant::from_millis(0));
    }
    let mut buf = [0u8; 4096];
    // The batch is cut before the bad event: "ok-0" alone as seqn 0.
    let t = p
        .poll_transmit(baton_feedback::Instant::from_millis(0), &mut buf)
        .unwrap()
        .unwrap();
    assert_eq!((t.seqn, t.events), (0, 1));
    p.on_outcome(
        id,
        0,
        Outcome::Delivered,
        baton_feedback::Instant::from_millis(0),
    );
    // The bad event is dropped (seqn 1), "ok-2" and "ok-3" go as seqn 2.
    let t = p
        .poll_transmit(baton_feedback::Instant::from_millis(0), &mut buf)
        .unwrap()
        .unwrap();
    assert_eq!((t.seqn, t.events), (2, 2));
    let body = core::str::from_utf8(&buf[..t.len]).unwrap();
    assert!(body.contains("ok-2") && body.contains("ok-3"), "{body}");
    p.on_outcome(
        id,
        2,
        Outcome::Delivered,
        baton_feedback::Instant::from_millis(0),
    );
    assert!(p
        .poll_transmit(baton_feedback::Instant::from_millis(0), &mut buf)
        .unwrap()
        .is_none());
    let s = p.stats(id).unwrap();
    assert_eq!(
        (s.dropped, s.unencodable, s.delivered, s.in_queue),
        (1, 1, 3, 0)
    );
}
