//! What the client does when the site or the network misbehaves (docs/booking-endpoint.md
//! § Retries, § Errors): the sandbox's fault injection on `/wp-json/` paths.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use rdv_http::testing::RecordedSleep;
use rdv_sandbox::{Fault, FaultKind};
use rdv_site::{RetryPolicy, SiteError};

use crate::{booking, client, sandbox};

fn status(status: u16, reason: &str) -> FaultKind {
    FaultKind::Status {
        status,
        reason: reason.into(),
    }
}

#[tokio::test]
async fn rate_limits_and_server_errors_are_retried_then_succeed() {
    let sb = sandbox().await;
    // Google's policy, waiting through a recorder: nothing really sleeps.
    let waits = Arc::new(RecordedSleep::default());
    let site = client(&sb, RetryPolicy::google()).with_sleep(waits.clone());
    sb.control().inject(Fault::new(
        "/wp-json/rdv-compagnon/v1/status",
        status(429, "too_many_requests"),
    ));
    sb.control().inject(
        Fault::new("/config", status(503, "maintenance"))
            .on("GET")
            .times(2),
    );
    site.status().await.expect("the second attempt succeeds");
    assert_eq!(
        waits.waits(),
        [Duration::from_secs(1)],
        "the sandbox's Retry-After: 1 was honoured"
    );
    site.config().await.expect("the third attempt succeeds");
    let backoff = &waits.waits()[1..];
    assert_eq!(backoff.len(), 2);
    for (n, wait) in backoff.iter().enumerate() {
        let floor = Duration::from_secs(1 << n);
        assert!(
            *wait >= floor && *wait < floor + Duration::from_secs(1),
            "backoff {n}: {wait:?}"
        );
    }
    assert_eq!(site.requests_made(), 5, "1 + 2 retries, each counted");
}

#[tokio::test]
async fn a_retry_after_beyond_the_policy_gives_up_at_once() {
    let sb = sandbox().await;
    let site = client(&sb, RetryPolicy::fast());
    sb.control()
        .inject(Fault::new("/status", status(429, "too_many_requests")));
    assert_eq!(
        site.status().await.unwrap_err(),
        SiteError::RateLimited {
            retry_after: Some(Duration::from_secs(1))
        },
        "the site asks for 1 s, the policy waits 20 ms at most"
    );
    assert_eq!(site.requests_made(), 1);
}

#[tokio::test]
async fn persistent_failures_end_after_the_policys_attempts() {
    let sb = sandbox().await;
    let site = client(&sb, RetryPolicy::fast());
    sb.control()
        .inject(Fault::new("/bookings", status(500, "internal_server_error")).times(10));
    assert_eq!(
        site.bookings_since(None).await.unwrap_err(),
        SiteError::Server { status: 500 }
    );
    assert_eq!(site.requests_made(), 5);
    sb.control().clear_faults();

    sb.control()
        .inject(Fault::new("/bookings", FaultKind::DropConnection).times(10));
    let err = site.bookings_since(None).await.unwrap_err();
    assert!(err.is_offline(), "{err:?}");
    assert!(err.is_retryable());
    assert_eq!(site.requests_made(), 10);
}

#[tokio::test]
async fn a_dropped_connection_is_retried() {
    let sb = sandbox().await;
    let site = client(&sb, RetryPolicy::fast());
    sb.control()
        .inject(Fault::new("/sms/usage", FaultKind::DropConnection));
    site.sms_usage(None).await.expect("the retry succeeds");
    assert_eq!(site.requests_made(), 2);
}

#[tokio::test]
async fn client_errors_are_not_retried() {
    let sb = sandbox().await;
    let site = client(&sb, RetryPolicy::fast());
    sb.control()
        .inject(Fault::new("/status", status(400, "rest_invalid_param")));
    assert!(matches!(
        site.status().await.unwrap_err(),
        SiteError::Invalid { .. }
    ));
    sb.control()
        .inject(Fault::new("/status", status(418, "teapot")));
    assert!(matches!(
        site.status().await.unwrap_err(),
        SiteError::Rejected { status: 418, code, .. } if code == "teapot"
    ));
    assert_eq!(site.requests_made(), 2);
}

#[tokio::test]
async fn a_malformed_answer_is_a_clear_error_and_nothing_is_lost() {
    let sb = sandbox().await;
    let site = client(&sb, RetryPolicy::fast());
    sb.control().add_site_booking(booking(
        "evt1",
        "Jeanne",
        "Martin",
        "+33612345678",
        Utc::now(),
    ));
    sb.control()
        .inject(Fault::new("/bookings", FaultKind::MalformedBody));
    let err = site.bookings_since(None).await.unwrap_err();
    assert!(matches!(err, SiteError::InvalidResponse(_)), "{err:?}");
    assert!(
        !err.is_retryable(),
        "an unreadable answer is not retried blindly"
    );
    let text = err.to_string();
    assert!(
        !text.contains("Jeanne") && !text.contains("+336"),
        "never quotes the body: {text}"
    );
    let read = site.bookings_since(None).await.unwrap();
    assert_eq!(
        read.items.len(),
        1,
        "the next read brings the record: nothing lost"
    );

    sb.control()
        .inject(Fault::new("/config", FaultKind::MalformedBody));
    assert!(matches!(
        site.config().await.unwrap_err(),
        SiteError::InvalidResponse(_)
    ));
}

#[tokio::test]
async fn a_site_slower_than_the_timeout_is_a_network_error() {
    let sb = sandbox().await;
    let site = client(&sb, RetryPolicy::none())
        .with_timeout(Duration::from_millis(200))
        .unwrap();
    sb.control().inject(Fault::new(
        "/status",
        FaultKind::Delay(Duration::from_secs(2)),
    ));
    let err = site.status().await.unwrap_err();
    assert!(err.is_offline(), "{err:?}");
}
