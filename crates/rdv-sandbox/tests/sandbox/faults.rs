//! Injected faults (google-calendar-notes.md §9 retry table; every [`rdv_sandbox::FaultKind`])
//! and request recording.

use std::time::{Duration, Instant};

use rdv_sandbox::{Fault, FaultKind};
use serde_json::json;

use crate::support::*;

fn events(cal: &str) -> String {
    format!("calendars/{}/events", enc(cal))
}

fn new_event() -> serde_json::Value {
    json!({"summary": "x", "start": {"date": "2026-11-26"}, "end": {"date": "2026-11-27"}})
}

/// notes §9: a 429 rateLimitExceeded (body of errors-calendar.json 429_rateLimitExceeded, with
/// `Retry-After`), a 500 backendError and a 403 quotaExceeded as Google shapes them; the fault
/// hits `times` matching requests, then the service answers normally.
#[tokio::test]
async fn status_faults_answer_google_errors_then_go_away() {
    let env = start().await;
    let t = env.token(A);
    env.control.inject(Fault {
        method: Some("GET".into()),
        path_contains: "/events".into(),
        kind: FaultKind::Status {
            status: 429,
            reason: "rateLimitExceeded".into(),
        },
        times: 2,
    });
    for _ in 0..2 {
        let r = env.get(&t, &events(A)).await;
        assert_eq!(r.status, 429);
        assert_eq!(r.body, error_sample("429_rateLimitExceeded"));
        assert_eq!(r.header("retry-after"), Some("1"));
    }
    assert_eq!(
        env.get(&t, &events(A)).await.status,
        200,
        "after two hits the fault is gone"
    );
    for (status, reason, key) in [
        (500, "backendError", "500_backendError"),
        (403, "quotaExceeded", "403_quotaExceeded"),
    ] {
        env.control.inject(Fault::new(
            "/events",
            FaultKind::Status {
                status,
                reason: reason.into(),
            },
        ));
        let r = env.get(&t, &events(A)).await;
        assert_eq!(r.status, status);
        assert_eq!(r.body, error_sample(key));
        assert!(r.header("retry-after").is_none());
    }
}

/// samples/oauth-google.json: a status fault on the token endpoint answers the OAuth shape.
#[tokio::test]
async fn a_status_fault_on_the_token_endpoint_is_oauth_shaped() {
    let env = start().await;
    env.control.inject(Fault::new(
        "/token",
        FaultKind::Status {
            status: 503,
            reason: "temporarily_unavailable".into(),
        },
    ));
    let r = into_resp(
        env.http
            .post(env.url("token"))
            .form(&[("grant_type", "refresh_token")])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 503);
    assert_eq!(r.body["error"], "temporarily_unavailable");
    assert!(r.body["error_description"].is_string());
}

/// FaultKind::Delay: the answer comes, late; a client with a shorter timeout gives up.
#[tokio::test]
async fn a_delay_fault_answers_late() {
    let env = start().await;
    let t = env.token(A);
    env.control.inject(Fault::new(
        "/events",
        FaultKind::Delay(Duration::from_millis(300)),
    ));
    let started = Instant::now();
    assert_eq!(env.get(&t, &events(A)).await.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
    env.control.inject(Fault::new(
        "/events",
        FaultKind::Delay(Duration::from_secs(5)),
    ));
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = impatient
        .get(env.cal_url(&events(A)))
        .bearer_auth(&t)
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err}");
}

/// FaultKind::DelayAnswer: the write is applied at once, its answer comes late — a client that
/// gives up (or dies) meanwhile never learns the write went through.
#[tokio::test]
async fn a_delayed_answer_comes_after_the_write_is_applied() {
    let env = start().await;
    let t = env.token(A);
    env.control
        .inject(Fault::new("/events", FaultKind::DelayAnswer(Duration::from_secs(5))).on("POST"));
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let err = impatient
        .post(env.cal_url(&events(A)))
        .bearer_auth(&t)
        .json(&new_event())
        .send()
        .await
        .unwrap_err();
    assert!(err.is_timeout(), "{err}");
    assert_eq!(env.control.events(A).len(), 1, "the insert happened");
}

/// FaultKind::DropConnection: the socket closes without an answer and nothing is written (crate
/// docs), so a retry is safe; the next request is served.
#[tokio::test]
async fn a_dropped_connection_answers_nothing_and_writes_nothing() {
    let env = start().await;
    let t = env.token(A);
    env.control
        .inject(Fault::new("/events", FaultKind::DropConnection).on("POST"));
    let err = env
        .http
        .post(env.cal_url(&events(A)))
        .bearer_auth(&t)
        .json(&new_event())
        .send()
        .await
        .unwrap_err();
    assert!(!err.is_status(), "no HTTP answer at all: {err}");
    assert!(
        env.control.events(A).is_empty(),
        "the insert did not happen"
    );
    assert_eq!(env.post(&t, &events(A), new_event()).await.status, 200);
}

/// FaultKind::MalformedBody: 200 with truncated JSON, while the write *was* applied (crate docs)
/// — a client that retries an insert with a client-chosen id then gets 409 duplicate.
#[tokio::test]
async fn a_malformed_body_is_truncated_json_after_the_write() {
    let env = start().await;
    let t = env.token(A);
    env.control
        .inject(Fault::new("/events", FaultKind::MalformedBody));
    let mut event = new_event();
    event["id"] = json!("rdvretr0001");
    let r = env.post(&t, &events(A), event.clone()).await;
    assert_eq!(r.status, 200);
    assert!(
        serde_json::from_str::<serde_json::Value>(&r.text).is_err(),
        "{}",
        r.text
    );
    assert!(r.text.starts_with('{'));
    assert_eq!(env.control.events(A).len(), 1, "the insert happened");
    assert_eq!(env.post(&t, &events(A), event).await.status, 409);
}

/// Faults match on method and path (percent-encoded or not); `clear_faults` removes the pending
/// ones; requests are recorded (method, path, query) without tokens.
#[tokio::test]
async fn faults_match_and_requests_are_recorded() {
    let env = start().await;
    let t = env.token(A);
    env.control.inject(
        Fault::new(
            &format!("calendars/{A}/events"),
            FaultKind::Status {
                status: 500,
                reason: "backendError".into(),
            },
        )
        .on("POST"),
    );
    assert_eq!(
        env.get(&t, &events(A)).await.status,
        200,
        "GET does not match"
    );
    assert_eq!(
        env.post(&t, &events(A), new_event()).await.status,
        500,
        "the decoded path matches"
    );
    env.control
        .inject(Fault::new("/acl", FaultKind::DropConnection).times(5));
    env.control.clear_faults();
    assert_eq!(
        env.get(&t, &format!("calendars/{}/acl", enc(A)))
            .await
            .status,
        200
    );

    env.control.reset_requests();
    env.get(
        &t,
        &format!("{}?maxResults=5&access_token=ya29.secret", events(A)),
    )
    .await;
    let recorded = env.control.requests();
    assert_eq!(recorded.len(), 1);
    assert_eq!(recorded[0].method, "GET");
    assert_eq!(recorded[0].path, format!("/calendar/v3/{}", events(A)));
    assert_eq!(recorded[0].query, "maxResults=5&access_token=REDACTED");
}
