//! The registration keep-alive machine, without the codec layer.

use baton_feedback::{Backoff, CallKind, Classification, Registration, RegistrationConfig};
use baton_rpc::feedback_receiver::ReceiverInfo;

fn config() -> RegistrationConfig<'static> {
    RegistrationConfig {
        query_interval: core::time::Duration::from_millis(1_000).into(),
        response_timeout: core::time::Duration::from_millis(100).into(),
        backoff: Backoff {
            base: core::time::Duration::from_millis(10).into(),
            cap: core::time::Duration::from_millis(40).into(),
            jitter_percent: 0,
        },
        ..RegistrationConfig::new("http://10.0.0.9:5050/RPC2", "me", "admin", "pw")
    }
}

fn registered(now: u64) -> Registration<'static> {
    let mut r = Registration::new(config(), 1, baton_feedback::Instant::from_millis(now));
    assert_eq!(
        r.poll_call(baton_feedback::Instant::from_millis(now)),
        Some(CallKind::Configure)
    );
    r.on_configured(4, baton_feedback::Instant::from_millis(now));
    r
}

#[test]
fn configure_is_issued_at_start_then_queries_periodically() {
    let mut r = Registration::new(config(), 1, baton_feedback::Instant::from_millis(0));
    assert!(!r.is_registered());
    assert_eq!(
        r.poll_call(baton_feedback::Instant::from_millis(0)),
        Some(CallKind::Configure)
    );
    assert_eq!(
        r.poll_call(baton_feedback::Instant::from_millis(0)),
        None,
        "one call at a time"
    );
    r.on_configured(4, baton_feedback::Instant::from_millis(5));
    assert_eq!(r.receiver_index(), Some(4));
    assert_eq!(
        r.poll_timeout(),
        Some(baton_feedback::Instant::from_millis(1_005))
    );
    assert_eq!(
        r.poll_call(baton_feedback::Instant::from_millis(1_004)),
        None
    );
    assert_eq!(
        r.poll_call(baton_feedback::Instant::from_millis(1_005)),
        Some(CallKind::Query)
    );
    r.on_queried(Some(4), baton_feedback::Instant::from_millis(1_010));
    assert_eq!(
        r.poll_timeout(),
        Some(baton_feedback::Instant::from_millis(2_010))
    );
}

#[test]
fn query_not_listing_us_reconfigures() {
    let mut r = registered(0);
    assert_eq!(
        r.poll_call(baton_feedback::Instant::from_millis(1_000)),
        Some(CallKind::Query)
    );
    r.on_queried(None, baton_feedback::Instant::from_millis(1_001));
    assert!(!r.is_registered());
    assert_eq!(
        r.poll_call(baton_feedback::Instant::from_millis(1_001)),
        Some(CallKind::Configure)
    );
}

#[test]
fn failed_calls_retry_with_backoff() {
    let mut r = Registration::new(config(), 1, baton_feedback::Instant::from_millis(0));
    let _ = r.poll_call(baton_feedback::Instant::from_millis(0));
    r.on_failure(baton_feedback::Instant::from_millis(0));
    assert_eq!(
        r.poll_timeout(),
        Some(baton_feedback::Instant::from_millis(10))
    );
    assert_eq!(r.poll_call(baton_feedback::Instant::from_millis(9)), None);
    assert_eq!(
        r.poll_call(baton_feedback::Instant::from_millis(10)),
        Some(CallKind::Configure)
    );
    r.handle_timeout(baton_feedback::Instant::from_millis(110)); // no answer within 100 ms
    assert_eq!(
        r.poll_timeout(),
        Some(baton_feedback::Instant::from_millis(130))
    );
    assert_eq!(
        r.poll_call(baton_feedback::Instant::from_millis(130)),
        Some(CallKind::Configure)
    );
}

#[test]
fn restart_or_unrecoverable_gap_reconfigures() {
    let mut r = registered(0);
    // the restart caused by our own registration is swallowed once
    r.on_notification(
        Classification::Restart,
        baton_feedback::Instant::from_millis(1),
    );
    assert_eq!(r.poll_call(baton_feedback::Instant::from_millis(1)), None);
    r.on_notification(
        Classification::InOrder,
        baton_feedback::Instant::from_millis(2),
    );
    r.on_notification(
        Classification::Restart,
        baton_feedback::Instant::from_millis(3),
    );
    assert_eq!(
        r.poll_call(baton_feedback::Instant::from_millis(3)),
        Some(CallKind::Configure)
    );
    r.on_configured(4, baton_feedback::Instant::from_millis(4));
    r.on_notification(
        Classification::First,
        baton_feedback::Instant::from_millis(5),
    );
    r.on_notification(
        Classification::Gap { missed: 2 },
        baton_feedback::Instant::from_millis(6),
    );
    assert_eq!(
        r.poll_call(baton_feedback::Instant::from_millis(6)),
        Some(CallKind::Configure)
    );
}

#[test]
fn gap_within_tolerance_keeps_the_registration() {
    let mut r = Registration::new(
        RegistrationConfig {
            gap_tolerance: 5,
            ..config()
        },
        1,
        baton_feedback::Instant::from_millis(0),
    );
    let _ = r.poll_call(baton_feedback::Instant::from_millis(0));
    r.on_configured(1, baton_feedback::Instant::from_millis(0));
    r.on_notification(
        Classification::Gap { missed: 5 },
        baton_feedback::Instant::from_millis(1),
    );
    assert_eq!(r.poll_call(baton_feedback::Instant::from_millis(1)), None);
    r.on_notification(
        Classification::Gap { missed: 6 },
        baton_feedback::Instant::from_millis(2),
    );
    assert_eq!(
        r.poll_call(baton_feedback::Instant::from_millis(2)),
        Some(CallKind::Configure)
    );
}

#[test]
fn is_listed_matches_uri_and_source_identifier() {
    let r = registered(0);
    let list = [
        ReceiverInfo {
            receiver_uri: Some("http://10.0.0.9:5050/RPC2"),
            source_identifier: Some("other"),
            index: Some(1),
        },
        ReceiverInfo {
            receiver_uri: Some("http://10.0.0.9:5050/RPC2"),
            source_identifier: Some("me"),
            index: Some(3),
        },
    ];
    assert_eq!(r.is_listed(&list), Some(3));
    assert_eq!(r.is_listed(&list[..1]), None);
    assert_eq!(r.is_listed(&[]), None);
}

/// Issue 14.8: a logged registration configuration does not show the password, and the
/// calls it builds still carry it.
#[test]
fn debug_of_registration_config_redacts_the_password() {
    let c = RegistrationConfig::new("http://10.0.0.9:5050/RPC2", "me", "admin", "hunter2-Secret");
    let shown = format!("{c:?}");
    assert!(!shown.contains("hunter2-Secret"), "{shown}");
    assert!(
        shown.contains("authentication_password: \"***\""),
        "{shown}"
    );
    assert_eq!(c.authentication_password.as_str(), "hunter2-Secret");
}
