use super::samples::sample;
use super::*;
use chrono::TimeZone;
use rdv_http::testing::{Reply, TestServer};

fn client(server: &TestServer) -> CalendarClient {
    let base = Url::parse(&server.base)
        .unwrap()
        .join("calendar/v3/")
        .unwrap();
    CalendarClient::new(base, RetryPolicy::fast()).unwrap()
}

fn token() -> Sensitive<String> {
    Sensitive::new("ya29.test-token".into())
}

fn google_error(status: u16, reason: &str) -> Reply {
    Reply::json(
        status,
        format!(
            r#"{{"error":{{"errors":[{{"domain":"global","reason":"{reason}","message":"m"}}],"code":{status},"message":"m"}}}}"#
        ),
    )
}

const EVENT: &str = r#"{"id":"ev1","etag":"\"1\"","status":"confirmed"}"#;

#[test]
fn insecure_bases_are_refused() {
    for bad in [
        "http://www.googleapis.com/calendar/v3/",
        "http://localhost:1/calendar/v3/",
    ] {
        assert!(matches!(
            CalendarClient::new(Url::parse(bad).unwrap(), RetryPolicy::fast()),
            Err(EndpointError::Insecure(_))
        ));
    }
    let c = CalendarClient::new(
        Url::parse("https://www.googleapis.com/calendar/v3").unwrap(),
        RetryPolicy::google(),
    )
    .unwrap();
    assert_eq!(
        c.base_url().as_str(),
        "https://www.googleapis.com/calendar/v3/"
    );
}

#[test]
fn calendar_ids_are_percent_encoded_as_one_segment() {
    let c = CalendarClient::new(
        Url::parse("https://www.googleapis.com/calendar/v3/").unwrap(),
        RetryPolicy::google(),
    )
    .unwrap();
    let url = c
        .url(&[
            "calendars",
            "en.uk#holiday@group.v.calendar.google.com",
            "events",
            "a/b?c",
        ])
        .unwrap();
    assert_eq!(
        url.path(),
        "/calendar/v3/calendars/en.uk%23holiday@group.v.calendar.google.com/events/a%2Fb%3Fc"
    );
    assert!(url.query().is_none() && url.fragment().is_none());
    assert!(matches!(
        c.url(&["calendars", "", "events"]),
        Err(CalendarError::InvalidRequest(_))
    ));
}

#[tokio::test]
async fn requests_carry_the_bearer_token_gzip_and_our_user_agent() {
    let server = TestServer::start(vec![Reply::json(200, EVENT)]).await;
    let c = client(&server);
    let e = c
        .get_event(&token(), "primary", "ev1", Some("\"0\""))
        .await
        .unwrap();
    assert_eq!(e.id.as_deref(), Some("ev1"));
    let r = &server.requests()[0];
    assert_eq!(r.method, "GET");
    assert!(
        r.target
            .starts_with("/calendar/v3/calendars/primary/events/ev1?fields=")
    );
    assert_eq!(r.header("authorization"), Some("Bearer ya29.test-token"));
    assert_eq!(r.header("if-none-match"), Some("\"0\""));
    assert!(r.header("accept-encoding").unwrap().contains("gzip"));
    let ua = r.header("user-agent").unwrap();
    assert!(
        ua.starts_with("rdv-compagnon/") && ua.ends_with("(gzip)"),
        "{ua}"
    );
    assert_eq!(c.requests_made(), 1);
}

#[tokio::test]
async fn transient_failures_are_retried_and_counted() {
    let server = TestServer::start(vec![
        google_error(503, "backendError"),
        Reply::json(429, r#"{"error":{"errors":[{"reason":"rateLimitExceeded"}],"code":429}}"#),
        Reply::json(403, r#"{"error":{"errors":[{"domain":"usageLimits","reason":"userRateLimitExceeded"}],"code":403}}"#),
        Reply::Drop,
        Reply::json(200, EVENT),
    ])
    .await;
    let c = client(&server);
    c.get_event(&token(), "primary", "ev1", None).await.unwrap();
    assert_eq!(
        c.requests_made(),
        5,
        "four failures then success, within 5 attempts"
    );
}

#[tokio::test]
async fn retries_stop_after_max_attempts_with_the_last_error() {
    let server = TestServer::start(vec![google_error(500, "backendError"); 6]).await;
    let c = client(&server);
    let e = c
        .get_event(&token(), "primary", "ev1", None)
        .await
        .unwrap_err();
    assert_eq!(e, CalendarError::Server { status: 500 });
    assert!(e.is_retryable());
    assert_eq!(c.requests_made(), 5);
}

#[tokio::test]
async fn permanent_errors_are_not_retried() {
    for (reply, expected) in [
        (google_error(400, "invalid"), "BadRequest"),
        (google_error(401, "authError"), "Unauthorized"),
        (google_error(403, "insufficientPermissions"), "Forbidden"),
        (google_error(404, "notFound"), "NotFound"),
        (google_error(410, "fullSyncRequired"), "FullSyncRequired"),
        (google_error(412, "conditionNotMet"), "Conflict"),
    ] {
        let server = TestServer::start(vec![reply, Reply::json(200, EVENT)]).await;
        let c = client(&server);
        let e = c
            .get_event(&token(), "primary", "ev1", None)
            .await
            .unwrap_err();
        assert!(format!("{e:?}").starts_with(expected), "{e:?}");
        assert_eq!(c.requests_made(), 1, "{expected} must not be retried");
    }
}

#[tokio::test]
async fn retry_after_is_honoured_and_a_too_long_one_ends_the_retries() {
    let server = TestServer::start(vec![
        Reply::Http(429, vec![("Retry-After", "0".into())], String::new()),
        Reply::json(200, EVENT),
    ])
    .await;
    let c = client(&server);
    c.get_event(&token(), "primary", "ev1", None).await.unwrap();
    assert_eq!(c.requests_made(), 2);

    let server = TestServer::start(vec![
        Reply::Http(429, vec![("Retry-After", "3600".into())], String::new()),
        Reply::json(200, EVENT),
    ])
    .await;
    let c = client(&server);
    let e = c
        .get_event(&token(), "primary", "ev1", None)
        .await
        .unwrap_err();
    assert_eq!(
        e,
        CalendarError::RateLimited {
            retry_after: Some(Duration::from_secs(3600))
        }
    );
    assert_eq!(
        c.requests_made(),
        1,
        "we don't hammer a server that asked for an hour"
    );
}

#[tokio::test]
async fn an_insert_without_id_is_not_repeated_after_an_ambiguous_failure() {
    let server = TestServer::start(vec![
        google_error(503, "backendError"),
        Reply::json(200, EVENT),
    ])
    .await;
    let c = client(&server);
    let e = c
        .insert_event(&token(), "primary", &Event::default())
        .await
        .unwrap_err();
    assert_eq!(e, CalendarError::Server { status: 503 });
    assert_eq!(
        c.requests_made(),
        1,
        "Google may have created it: a retry could duplicate"
    );

    // A rate-limit answer proves nothing was created: retrying is safe even without an id.
    let server = TestServer::start(vec![
        google_error(429, "rateLimitExceeded"),
        Reply::json(200, EVENT),
    ])
    .await;
    let c = client(&server);
    c.insert_event(&token(), "primary", &Event::default())
        .await
        .unwrap();
    assert_eq!(c.requests_made(), 2);
}

#[tokio::test]
async fn an_insert_with_id_retried_into_a_duplicate_returns_the_event_it_created() {
    let server = TestServer::start(vec![
        Reply::Drop,
        google_error(409, "duplicate"),
        Reply::json(200, r#"{"id":"abcde12345","etag":"\"7\""}"#),
    ])
    .await;
    let c = client(&server);
    let event = Event {
        id: Some("abcde12345".into()),
        ..Event::default()
    };
    let created = c.insert_event(&token(), "primary", &event).await.unwrap();
    assert_eq!(created.etag.as_deref(), Some("\"7\""));
    let reqs = server.requests();
    assert_eq!(reqs.len(), 3);
    assert_eq!(reqs[0].method, "POST");
    assert!(reqs[0].body.contains("\"id\":\"abcde12345\""));
    assert_eq!(reqs[2].method, "GET");
    assert!(reqs[2].target.contains("/events/abcde12345"));

    // A duplicate on the first attempt is a real duplicate.
    let server = TestServer::start(vec![google_error(409, "duplicate")]).await;
    let c = client(&server);
    assert_eq!(
        c.insert_event(&token(), "primary", &event)
            .await
            .unwrap_err(),
        CalendarError::Duplicate
    );
}

#[tokio::test]
async fn a_delete_whose_first_attempt_was_lost_and_then_finds_it_gone_succeeds() {
    let server = TestServer::start(vec![Reply::Drop, google_error(410, "deleted")]).await;
    let c = client(&server);
    c.delete_event(&token(), "primary", "ev1", None)
        .await
        .unwrap();
    let server = TestServer::start(vec![google_error(410, "deleted")]).await;
    let c = client(&server);
    assert_eq!(
        c.delete_event(&token(), "primary", "ev1", None)
            .await
            .unwrap_err(),
        CalendarError::Deleted,
        "without a lost attempt, the caller learns it was already deleted"
    );
}

#[tokio::test]
async fn patch_sends_if_match_and_a_stale_etag_is_a_conflict() {
    let server = TestServer::start(vec![
        Reply::Http(412, vec![("ETag", "\"9\"".into())], r#"{"error":{"errors":[{"domain":"global","reason":"conditionNotMet","message":"Precondition Failed","locationType":"header","location":"If-Match"}],"code":412,"message":"Precondition Failed"}}"#.into()),
    ])
    .await;
    let c = client(&server);
    let patch = serde_json::json!({"summary": "Consultation – Jeanne Martin"});
    let e = c
        .patch_event(&token(), "primary", "ev1", &patch, Some("\"1\""))
        .await
        .unwrap_err();
    assert_eq!(
        e,
        CalendarError::Conflict {
            etag: Some("\"9\"".into())
        }
    );
    let r = &server.requests()[0];
    assert_eq!(r.method, "PATCH");
    assert_eq!(r.header("if-match"), Some("\"1\""));
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert!(!e.to_string().contains("Martin"));
}

#[tokio::test]
async fn not_modified_is_reported_as_such() {
    let server = TestServer::start(vec![Reply::Http(304, vec![], String::new())]).await;
    let c = client(&server);
    assert_eq!(
        c.get_event(&token(), "primary", "ev1", Some("\"1\""))
            .await
            .unwrap_err(),
        CalendarError::NotModified
    );
}

#[tokio::test]
async fn hostile_bodies_give_a_clear_error_without_quoting_them() {
    for body in [
        "not json at all Jeanne Martin",
        r#"{"items":[{"id":"x","start":{"dateTime":"Jeanne Martin"}}]}"#,
        r#"{"items":"Jeanne Martin"}"#,
        "",
        r#"{"items":[{"id":"x","summary":12}]"#,
    ] {
        let server = TestServer::start(vec![Reply::json(200, body)]).await;
        let c = client(&server);
        let e = c
            .list_events(&token(), "primary", &ListEvents::default())
            .await
            .unwrap_err();
        assert!(
            matches!(e, CalendarError::InvalidResponse(_)),
            "{body}: {e:?}"
        );
        assert!(!e.to_string().contains("Martin"), "the body leaked: {e}");
        assert_eq!(c.requests_made(), 1, "a malformed answer is not retried");
    }
}

#[tokio::test]
async fn an_unreachable_server_is_offline_after_the_retries() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let base = Url::parse(&format!("http://127.0.0.1:{port}/calendar/v3/")).unwrap();
    let c = CalendarClient::new(base, RetryPolicy::fast()).unwrap();
    let e = c.calendar_list(&token()).await.unwrap_err();
    assert!(e.is_offline(), "{e:?}");
    assert!(!e.to_string().contains("ya29"));
    assert_eq!(
        c.requests_made(),
        5,
        "connection refused is retried (nothing was sent)"
    );
}

#[tokio::test]
async fn a_slow_server_times_out_as_offline() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((s, _)) = listener.accept().await {
            held.push(s); // accept, never answer
        }
    });
    let base = Url::parse(&format!("http://127.0.0.1:{port}/calendar/v3/")).unwrap();
    let c = CalendarClient::new(
        base,
        RetryPolicy {
            max_attempts: 2,
            ..RetryPolicy::fast()
        },
    )
    .unwrap()
    .with_timeout(Duration::from_millis(200))
    .unwrap();
    let e = c
        .get_event(&token(), "primary", "x", None)
        .await
        .unwrap_err();
    assert!(e.is_offline(), "{e:?}");
    assert!(e.to_string().contains("timed out"), "{e}");
}

#[tokio::test]
async fn the_calendar_list_follows_every_page() {
    let server = TestServer::start(vec![
        Reply::json(
            200,
            r#"{"nextPageToken":"p2","items":[{"id":"a@x","primary":true}]}"#,
        ),
        Reply::json(200, r#"{"nextPageToken":"p3","items":[]}"#),
        Reply::json(200, r#"{"items":[{"id":"b@x","accessRole":"writer"}]}"#),
    ])
    .await;
    let c = client(&server);
    let list = c.calendar_list(&token()).await.unwrap();
    assert_eq!(
        list.len(),
        2,
        "an empty middle page does not end the listing"
    );
    assert!(list[0].is_primary() && list[1].can_write());
    let reqs = server.requests();
    assert!(reqs[0].target.contains("maxResults=250"));
    assert!(reqs[1].target.contains("pageToken=p2") && reqs[2].target.contains("pageToken=p3"));
}

#[tokio::test]
async fn a_looping_page_token_is_detected() {
    let page = r#"{"nextPageToken":"same","items":[]}"#;
    let server = TestServer::start(vec![Reply::json(200, page); 3]).await;
    let c = client(&server);
    assert!(matches!(
        c.calendar_list(&token()).await,
        Err(CalendarError::Paging(PagingError::RepeatedToken))
    ));
}

#[tokio::test]
async fn acl_calls_use_the_documented_shapes() {
    let server = TestServer::start(vec![
        Reply::json(200, sample("acl-insert-response.libgdata.json")),
        Reply::json(200, sample("acl-update-response.libgdata.json")),
        Reply::Http(204, vec![], String::new()),
        Reply::json(200, sample("acl-list.libgdata.json")),
    ])
    .await;
    let c = client(&server);
    let t = token();
    let cid = "ndihjbq6agrl249fjqgd535qmk@group.calendar.google.com";
    let rule = c
        .acl_insert(&t, cid, &AclRule::user("darcy@gmail.com", AclRole::Writer))
        .await
        .unwrap();
    assert_eq!(rule.id.as_deref(), Some("user:darcy@gmail.com"));
    let rule = c
        .acl_patch(&t, cid, "user:darcy@gmail.com", AclRole::Reader)
        .await
        .unwrap();
    assert_eq!(rule.role, AclRole::Reader);
    c.acl_delete(&t, cid, "user:darcy@gmail.com").await.unwrap();
    let rules = c.acl_list(&t, cid).await.unwrap();
    assert_eq!(rules.len(), 3);
    assert_eq!(rules[1].role, AclRole::Owner);

    let reqs = server.requests();
    let sent: serde_json::Value = serde_json::from_str(&reqs[0].body).unwrap();
    let recorded: serde_json::Value =
        serde_json::from_str(&sample("acl-insert-request.libgdata.json")).unwrap();
    assert_eq!(sent["role"], recorded["role"]);
    assert_eq!(
        sent["scope"], recorded["scope"],
        "same body as libgdata's recorded insert"
    );
    assert_eq!(reqs[1].method, "PATCH");
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&reqs[1].body).unwrap(),
        serde_json::json!({"role": "reader"})
    );
    assert_eq!(reqs[2].method, "DELETE");
    assert!(reqs[2].target.ends_with("/acl/user:darcy@gmail.com"));
}

#[tokio::test]
async fn freebusy_posts_the_window_and_reads_busy_times_and_errors() {
    let server = TestServer::start(vec![Reply::json(
        200,
        r#"{"kind":"calendar#freeBusy","timeMin":"2026-11-26T00:00:00.000Z","timeMax":"2026-11-27T00:00:00.000Z",
            "calendars":{"a@x":{"busy":[{"start":"2026-11-26T09:00:00Z","end":"2026-11-26T09:30:00Z"}]},
                         "nope@x":{"errors":[{"domain":"global","reason":"notFound"}],"busy":[]}}}"#,
    )])
    .await;
    let c = client(&server);
    let from = chrono::Utc.with_ymd_and_hms(2026, 11, 26, 0, 0, 0).unwrap();
    let to = chrono::Utc.with_ymd_and_hms(2026, 11, 27, 0, 0, 0).unwrap();
    let answer = c
        .freebusy(
            &token(),
            &FreeBusyRequest::new(from, to, &["a@x", "nope@x"]),
        )
        .await
        .unwrap();
    assert_eq!(answer.calendars["a@x"].busy.len(), 1);
    assert_eq!(
        answer.calendars["nope@x"].errors[0].reason.as_deref(),
        Some("notFound")
    );
    let body: serde_json::Value = serde_json::from_str(&server.requests()[0].body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"timeMin": "2026-11-26T00:00:00Z", "timeMax": "2026-11-27T00:00:00Z",
                           "items": [{"id": "a@x"}, {"id": "nope@x"}]})
    );
    assert!(
        c.freebusy(&token(), &FreeBusyRequest::new(to, from, &["a@x"]))
            .await
            .is_err()
    );
}

#[test]
fn the_recorded_calendar_list_parses() {
    #[derive(serde::Deserialize)]
    struct List {
        items: Vec<CalendarListEntry>,
    }
    let list: List = decode(sample("calendar-list.libgdata.json").as_bytes()).unwrap();
    assert_eq!(list.items.len(), 6);
    let primary = &list.items[0];
    assert!(primary.is_primary());
    assert_eq!(primary.time_zone.as_deref(), Some("Europe/London"));
    assert_eq!(primary.background_color.as_deref(), Some("#9a9cff"));
    assert!(!list.items[1].is_primary(), "omitted primary means false");
    let birthdays = &list.items[4];
    assert_eq!(
        birthdays.id.as_deref(),
        Some("#contacts@group.v.calendar.google.com")
    );
    assert_eq!(birthdays.access_role.as_deref(), Some("reader"));
    assert!(!birthdays.can_write());
}

#[test]
fn unknown_acl_roles_survive_a_round_trip() {
    let rule: AclRule =
        serde_json::from_str(r#"{"id":"default","role":"futureRole","scope":{"type":"default"}}"#)
            .unwrap();
    assert_eq!(rule.role, AclRole::Other("futureRole".into()));
    assert_eq!(serde_json::to_value(&rule).unwrap()["role"], "futureRole");
    assert_eq!(rule.scope.value, None);
}
