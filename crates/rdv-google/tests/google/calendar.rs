//! The Calendar client against the sandbox's Calendar v3: listings, sync tokens, ETags, ACL,
//! free/busy, and what the client does when the server misbehaves.

use crate::{access_token, calendar_client, sandbox};
use chrono::{DateTime, Duration as Days, TimeZone, Utc};
use rdv_core::Sensitive;
use rdv_google::calendar::events::new_event_id;
use rdv_google::calendar::{
    AclRole, AclRule, CalendarClient, CalendarError, Event, EventDateTime, EventsPage,
    ExtendedProperties, FreeBusyRequest, ListEvents, RetryPolicy,
};
use rdv_sandbox::{Consent, Fault, FaultKind, PRACTITIONER, SECRETARY, Sandbox};
use serde_json::json;
use std::collections::BTreeMap;
use std::time::Duration;

const CAL: &str = PRACTITIONER;

fn at(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, day, hour, 0, 0).unwrap()
}

/// An event body as the booking site would write it.
fn booking(start: DateTime<Utc>, last_name: &str) -> serde_json::Value {
    json!({
        "summary": format!("Consultation – Jeanne {last_name}"),
        "start": {"dateTime": start.to_rfc3339(), "timeZone": "Europe/Paris"},
        "end": {"dateTime": (start + Days::minutes(30)).to_rfc3339(), "timeZone": "Europe/Paris"},
        "extendedProperties": {"private": {"rdv.v": "1", "rdv.kind": "booking", "rdv.lastName": last_name}}
    })
}

/// A practitioner account with `n` bookings, and a token for it.
async fn practice(n: u32) -> (Sandbox, Sensitive<String>) {
    let sb = sandbox(Consent::Deny).await;
    sb.control().add_account(PRACTITIONER, "Dr Camille Laurent");
    for i in 0..n {
        let start = at(1, 7) + Days::minutes(30 * i64::from(i));
        sb.control()
            .insert_event(CAL, booking(start, &format!("Patient{i}")));
    }
    let token = access_token(&sb, PRACTITIONER);
    (sb, token)
}

/// Every page of one listing: (events, next sync token, pages).
async fn list_all(
    client: &CalendarClient,
    token: &Sensitive<String>,
    first: ListEvents,
) -> Result<(Vec<Event>, String, usize), CalendarError> {
    let mut params = first;
    let mut events = Vec::new();
    let mut pages = 0;
    loop {
        let EventsPage {
            items,
            next_page_token,
            next_sync_token,
            ..
        } = client.list_events(token, CAL, &params).await?;
        pages += 1;
        events.extend(items);
        match (next_page_token, next_sync_token) {
            (Some(next), _) => params = params.page(next),
            (None, Some(sync)) => return Ok((events, sync, pages)),
            (None, None) => panic!("the last page must carry a sync token"),
        }
    }
}

#[tokio::test]
async fn a_full_sync_pages_by_2500_and_ends_with_a_sync_token() {
    let (sb, token) = practice(2600).await;
    let client = calendar_client(&sb, RetryPolicy::fast());
    let first = client
        .list_events(&token, CAL, &ListEvents::default())
        .await
        .unwrap();
    assert_eq!(first.items.len(), 2500, "maxResults=2500 by default");
    assert!(first.next_page_token.is_some() && first.next_sync_token.is_none());
    assert_eq!(first.time_zone.as_deref(), Some("Europe/Paris"));
    assert_eq!(first.access_role.as_deref(), Some("owner"));
    let (events, sync, pages) = list_all(&client, &token, ListEvents::default())
        .await
        .unwrap();
    assert_eq!((events.len(), pages), (2600, 2));
    assert!(!sync.is_empty());
    assert_eq!(
        client.requests_made(),
        3,
        "one request per page, no retries"
    );
    let e = &events[0];
    assert!(e.etag.is_some() && e.updated.is_some());
    assert_eq!(e.private_property("rdv.kind").unwrap().expose(), "booking");
    assert!(
        e.summary
            .as_ref()
            .unwrap()
            .expose()
            .starts_with("Consultation")
    );
}

#[tokio::test]
async fn empty_pages_with_a_next_page_token_do_not_end_the_listing() {
    let (sb, token) = practice(3).await;
    let client = calendar_client(&sb, RetryPolicy::fast());
    sb.control().serve_empty_pages(2);
    let (events, _, pages) = list_all(&client, &token, ListEvents::default())
        .await
        .unwrap();
    assert_eq!((events.len(), pages), (3, 3));
}

#[tokio::test]
async fn incremental_sync_delivers_changes_and_an_expired_token_asks_for_a_full_sync() {
    let (sb, token) = practice(3).await;
    let client = calendar_client(&sb, RetryPolicy::fast());
    let (events, sync, _) = list_all(&client, &token, ListEvents::window(Some(at(1, 0)), None))
        .await
        .unwrap();
    assert_eq!(events.len(), 3);

    let (unchanged, same, _) = list_all(&client, &token, ListEvents::incremental(sync.clone()))
        .await
        .unwrap();
    assert!(unchanged.is_empty(), "nothing changed");
    let added = sb
        .control()
        .insert_event(CAL, booking(at(2, 9), "Nouvelle"));
    let gone = events[0].id.clone().unwrap();
    sb.control().delete_event(CAL, &gone);
    let (changes, next, _) = list_all(&client, &token, ListEvents::incremental(same))
        .await
        .unwrap();
    assert_eq!(changes.len(), 2, "{changes:?}");
    assert!(
        changes
            .iter()
            .any(|e| e.id.as_deref() == added["id"].as_str())
    );
    assert!(
        changes
            .iter()
            .any(|e| e.id.as_deref() == Some(&gone) && e.is_cancelled())
    );

    sb.control().expire_sync_tokens();
    let e = client
        .list_events(&token, CAL, &ListEvents::incremental(next))
        .await
        .unwrap_err();
    assert_eq!(e, CalendarError::FullSyncRequired);
    assert!(!e.is_retryable() && !e.is_offline());
}

#[tokio::test]
async fn a_sync_token_with_a_window_is_refused_without_a_request() {
    let (sb, token) = practice(0).await;
    let client = calendar_client(&sb, RetryPolicy::fast());
    let params = ListEvents {
        time_min: Some(at(1, 0)),
        ..ListEvents::incremental("anything")
    };
    let e = client.list_events(&token, CAL, &params).await.unwrap_err();
    assert!(matches!(e, CalendarError::InvalidRequest(_)), "{e:?}");
    assert_eq!(client.requests_made(), 0);
}

#[tokio::test]
async fn a_private_property_filter_lists_only_the_marked_events_and_is_refused_with_a_sync_token() {
    // google-calendar-notes.md §1: `privateExtendedProperty=name=value` filters the listing, and
    // is one of the parameters Google refuses together with a sync token (400).
    let (sb, token) = practice(2).await;
    let mut marked = booking(at(3, 9), "Ignored");
    marked["extendedProperties"] = json!({"private": {"rdv.kind": "availability"}});
    marked["summary"] = json!("Disponible");
    sb.control().insert_event(CAL, marked);
    let client = calendar_client(&sb, RetryPolicy::fast());
    let params = ListEvents {
        private_extended_property: vec!["rdv.kind=availability".into()],
        ..ListEvents::default()
    };
    let page = client.list_events(&token, CAL, &params).await.unwrap();
    assert_eq!(
        page.items.len(),
        1,
        "only the marked event, not the 2 bookings"
    );
    let sent = sb
        .control()
        .requests()
        .pop()
        .expect("the listing reached the sandbox");
    assert!(
        sent.query
            .contains("privateExtendedProperty=rdv.kind%3Davailability"),
        "the constraint is sent as Google expects: {}",
        sent.query
    );
    let with_token = ListEvents {
        private_extended_property: vec!["rdv.kind=availability".into()],
        ..ListEvents::incremental("anything")
    };
    let before = client.requests_made();
    let e = client
        .list_events(&token, CAL, &with_token)
        .await
        .unwrap_err();
    assert!(matches!(e, CalendarError::InvalidRequest(_)), "{e:?}");
    assert_eq!(client.requests_made(), before, "refused before sending");
}

#[tokio::test]
async fn writes_round_trip_patient_markers_and_etags_guard_concurrent_edits() {
    let (sb, token) = practice(0).await;
    let client = calendar_client(&sb, RetryPolicy::fast());
    let mut private = BTreeMap::new();
    for (k, v) in [
        ("rdv.v", "1"),
        ("rdv.kind", "booking"),
        ("rdv.phone", "+33612345678"),
    ] {
        private.insert(k.to_owned(), Sensitive::new(v.to_owned()));
    }
    let paris = chrono::FixedOffset::east_opt(3600).unwrap();
    let new = Event {
        id: Some(new_event_id()),
        summary: Some(Sensitive::new("Consultation – Jeanne Martin".into())),
        start: Some(EventDateTime::at(
            paris.with_ymd_and_hms(2026, 12, 3, 9, 0, 0).unwrap(),
            "Europe/Paris",
        )),
        end: Some(EventDateTime::at(
            paris.with_ymd_and_hms(2026, 12, 3, 9, 30, 0).unwrap(),
            "Europe/Paris",
        )),
        extended_properties: Some(ExtendedProperties {
            private: Some(private),
            shared: None,
        }),
        ..Event::default()
    };
    let created = client.insert_event(&token, CAL, &new).await.unwrap();
    assert_eq!(created.id, new.id, "the client-chosen id is kept");
    assert_eq!(
        created.private_property("rdv.phone").unwrap().expose(),
        "+33612345678"
    );
    assert_eq!(created.start, new.start);
    let id = created.id.clone().unwrap();
    let etag = created.etag.clone().unwrap();

    let fetched = client.get_event(&token, CAL, &id, None).await.unwrap();
    assert_eq!(fetched.etag.as_deref(), Some(etag.as_str()));

    // Someone else (the booking site, Google's UI) edits it.
    sb.control()
        .patch_event(CAL, &id, json!({"location": "Cabinet 2"}));
    let patch = json!({"extendedProperties": {"private": {"rdv.phone": "+33700000000"}}});
    let e = client
        .patch_event(&token, CAL, &id, &patch, Some(&etag))
        .await
        .unwrap_err();
    assert!(matches!(e, CalendarError::Conflict { .. }), "{e:?}");
    assert!(!e.is_retryable());

    let current = client.get_event(&token, CAL, &id, None).await.unwrap();
    let fresh = current.etag.clone().unwrap();
    assert_ne!(fresh, etag);
    let patched = client
        .patch_event(&token, CAL, &id, &patch, Some(&fresh))
        .await
        .unwrap();
    assert_eq!(
        patched.private_property("rdv.phone").unwrap().expose(),
        "+33700000000"
    );
    assert_eq!(
        patched.private_property("rdv.kind").unwrap().expose(),
        "booking",
        "patch merges private properties by key"
    );

    let stale = fresh;
    let now = patched.etag.clone().unwrap();
    assert!(matches!(
        client.delete_event(&token, CAL, &id, Some(&stale)).await,
        Err(CalendarError::Conflict { .. })
    ));
    client
        .delete_event(&token, CAL, &id, Some(&now))
        .await
        .unwrap();
    assert_eq!(
        client
            .delete_event(&token, CAL, &id, None)
            .await
            .unwrap_err(),
        CalendarError::Deleted
    );
    assert_eq!(
        client
            .get_event(&token, CAL, "doesnotexist1", None)
            .await
            .unwrap_err(),
        CalendarError::NotFound
    );
}

#[tokio::test]
async fn an_unchanged_event_is_not_sent_again() {
    let (sb, token) = practice(1).await;
    let client = calendar_client(&sb, RetryPolicy::fast());
    let id = sb.control().events(CAL)[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let event = client.get_event(&token, CAL, &id, None).await.unwrap();
    let etag = event.etag.unwrap();
    assert_eq!(
        client
            .get_event(&token, CAL, &id, Some(&etag))
            .await
            .unwrap_err(),
        CalendarError::NotModified
    );
}

#[tokio::test]
async fn server_errors_and_rate_limits_are_retried_and_counted() {
    let (sb, token) = practice(2).await;
    // Google's own policy, waiting through a recorder: nothing really sleeps.
    let waits = std::sync::Arc::new(rdv_http::testing::RecordedSleep::default());
    let client = calendar_client(&sb, RetryPolicy::google()).with_sleep(waits.clone());
    let status = |status, reason: &str| FaultKind::Status {
        status,
        reason: reason.into(),
    };
    sb.control().inject(
        Fault::new("/events", status(503, "backendError"))
            .on("GET")
            .times(2),
    );
    sb.control()
        .inject(Fault::new("/events", status(403, "rateLimitExceeded")).on("GET"));
    sb.control()
        .inject(Fault::new("/events", status(500, "backendError")).on("GET"));
    sb.control().reset_requests();
    let page = client
        .list_events(&token, CAL, &ListEvents::default())
        .await
        .unwrap();
    assert_eq!(page.items.len(), 2);
    assert_eq!(client.requests_made(), 5, "four failures then success");
    assert_eq!(
        sb.control().requests().len(),
        5,
        "the sandbox saw the same five"
    );
    // shared/reference/google-calendar-notes.md §9: min(2^n s + random(0..1000 ms), max).
    let waits = waits.waits();
    assert_eq!(waits.len(), 4, "a wait before each retry");
    for (n, wait) in waits.iter().enumerate() {
        let floor = std::time::Duration::from_secs(1 << n);
        assert!(
            *wait >= floor && *wait < floor + std::time::Duration::from_secs(1),
            "backoff {n}: {wait:?}"
        );
    }
}

#[tokio::test]
async fn a_429_waits_for_retry_after_within_the_policy_or_gives_up_at_once() {
    let (sb, token) = practice(1).await;
    let rate = || {
        Fault::new(
            "/events",
            FaultKind::Status {
                status: 429,
                reason: "rateLimitExceeded".into(),
            },
        )
    };
    // The sandbox's 429 says `Retry-After: 1`: a policy allowing 2 s waits it out.
    let patient = calendar_client(
        &sb,
        RetryPolicy {
            max: Duration::from_secs(2),
            ..RetryPolicy::fast()
        },
    );
    sb.control().inject(rate());
    let started = std::time::Instant::now();
    patient
        .list_events(&token, CAL, &ListEvents::default())
        .await
        .unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(900),
        "Retry-After honoured"
    );
    assert_eq!(patient.requests_made(), 2);
    // The fast test policy (20 ms cap) cannot honour 1 s: it stops and says when to come back.
    let hurried = calendar_client(&sb, RetryPolicy::fast());
    sb.control().inject(rate());
    assert_eq!(
        hurried
            .list_events(&token, CAL, &ListEvents::default())
            .await
            .unwrap_err(),
        CalendarError::RateLimited {
            retry_after: Some(Duration::from_secs(1))
        }
    );
    assert_eq!(hurried.requests_made(), 1);
}

#[tokio::test]
async fn permanent_errors_are_not_retried() {
    let (sb, token) = practice(1).await;
    for (status, reason) in [
        (400, "invalid"),
        (403, "forbiddenForNonOrganizer"),
        (404, "notFound"),
    ] {
        let client = calendar_client(&sb, RetryPolicy::fast());
        sb.control().inject(
            Fault::new(
                "/events",
                FaultKind::Status {
                    status,
                    reason: reason.into(),
                },
            )
            .times(3),
        );
        let e = client
            .list_events(&token, CAL, &ListEvents::default())
            .await
            .unwrap_err();
        assert!(!e.is_retryable(), "{status} {reason}: {e:?}");
        assert_eq!(
            client.requests_made(),
            1,
            "{status} {reason} is not retried"
        );
        sb.control().clear_faults();
    }
}

#[tokio::test]
async fn dropped_connections_end_offline_after_the_retries_never_as_missing_data() {
    let (sb, token) = practice(1).await;
    let client = calendar_client(&sb, RetryPolicy::fast());
    sb.control()
        .inject(Fault::new("/events", FaultKind::DropConnection).times(10));
    let e = client
        .list_events(&token, CAL, &ListEvents::default())
        .await
        .unwrap_err();
    assert!(e.is_offline(), "{e:?}");
    assert!(e.is_retryable());
    assert_eq!(client.requests_made(), 5);
    assert!(!e.to_string().contains(token.expose()));
}

#[tokio::test]
async fn a_truncated_answer_is_an_invalid_response() {
    let (sb, token) = practice(1).await;
    let client = calendar_client(&sb, RetryPolicy::fast());
    sb.control()
        .inject(Fault::new("/events", FaultKind::MalformedBody));
    let e = client
        .list_events(&token, CAL, &ListEvents::default())
        .await
        .unwrap_err();
    assert!(matches!(e, CalendarError::InvalidResponse(_)), "{e:?}");
    assert!(
        !e.to_string().contains("Patient0"),
        "the body is never quoted: {e}"
    );
    assert_eq!(client.requests_made(), 1);
}

#[tokio::test]
async fn inserts_are_retried_only_when_that_cannot_duplicate_them() {
    let (sb, token) = practice(0).await;
    let client = calendar_client(&sb, RetryPolicy::fast());
    let event = |id: Option<String>| Event {
        id,
        summary: Some(Sensitive::new("Consultation".into())),
        start: Some(EventDateTime {
            date_time: Some(at(4, 9).into()),
            ..EventDateTime::default()
        }),
        end: Some(EventDateTime {
            date_time: Some(at(4, 10).into()),
            ..EventDateTime::default()
        }),
        ..Event::default()
    };
    // Without an id, a 503 may hide a created event: no retry.
    sb.control().inject(
        Fault::new(
            "/events",
            FaultKind::Status {
                status: 503,
                reason: "backendError".into(),
            },
        )
        .on("POST"),
    );
    let e = client
        .insert_event(&token, CAL, &event(None))
        .await
        .unwrap_err();
    assert_eq!(e, CalendarError::Server { status: 503 });
    assert_eq!(client.requests_made(), 1);

    // With an id, a lost connection is retried, and the event exists once.
    sb.control()
        .inject(Fault::new("/events", FaultKind::DropConnection).on("POST"));
    let id = new_event_id();
    let created = client
        .insert_event(&token, CAL, &event(Some(id.clone())))
        .await
        .unwrap();
    assert_eq!(created.id.as_deref(), Some(id.as_str()));
    assert_eq!(client.requests_made(), 3);
    assert_eq!(sb.control().events(CAL).len(), 1, "created exactly once");

    // Inserting the same id again is a real duplicate.
    assert_eq!(
        client
            .insert_event(&token, CAL, &event(Some(id)))
            .await
            .unwrap_err(),
        CalendarError::Duplicate
    );
}

#[tokio::test]
async fn an_insert_whose_answer_was_cut_is_recovered_by_retrying_with_its_id() {
    // MalformedBody applies the write, then truncates the answer: the caller sees
    // InvalidResponse, and a retry of the same insert (same id) reads back the event.
    let (sb, token) = practice(0).await;
    let client = calendar_client(&sb, RetryPolicy::fast());
    let id = new_event_id();
    let event = Event {
        id: Some(id.clone()),
        start: Some(EventDateTime {
            date_time: Some(at(5, 9).into()),
            ..EventDateTime::default()
        }),
        end: Some(EventDateTime {
            date_time: Some(at(5, 10).into()),
            ..EventDateTime::default()
        }),
        ..Event::default()
    };
    sb.control()
        .inject(Fault::new("/events", FaultKind::MalformedBody).on("POST"));
    assert!(matches!(
        client.insert_event(&token, CAL, &event).await,
        Err(CalendarError::InvalidResponse(_))
    ));
    assert_eq!(sb.control().events(CAL).len(), 1, "the write was applied");
    assert_eq!(
        client.insert_event(&token, CAL, &event).await.unwrap_err(),
        CalendarError::Duplicate,
        "the caller then knows the event exists: get it by id"
    );
    assert!(client.get_event(&token, CAL, &id, None).await.is_ok());
}

#[tokio::test]
async fn bad_tokens_and_missing_scopes_are_told_apart() {
    let (sb, _) = practice(1).await;
    let client = calendar_client(&sb, RetryPolicy::fast());
    assert_eq!(
        client
            .calendar_list(&Sensitive::new("ya29.bogus".into()))
            .await
            .unwrap_err(),
        CalendarError::Unauthorized
    );
    let read_only = Sensitive::new(
        sb.control()
            .issue_tokens(PRACTITIONER, &["calendar.readonly"])
            .access_token,
    );
    let e = client
        .insert_event(
            &read_only,
            CAL,
            &Event {
                start: Some(EventDateTime {
                    date_time: Some(at(6, 9).into()),
                    ..EventDateTime::default()
                }),
                end: Some(EventDateTime {
                    date_time: Some(at(6, 10).into()),
                    ..EventDateTime::default()
                }),
                ..Event::default()
            },
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&e, CalendarError::Forbidden { reason, .. } if reason == "insufficientPermissions"),
        "{e:?}"
    );
    assert_eq!(client.requests_made(), 2, "neither is retried");
}

#[tokio::test]
async fn the_practitioner_shares_the_agenda_and_the_secretary_sees_it() {
    let (sb, token) = practice(2).await;
    let client = calendar_client(&sb, RetryPolicy::fast());
    let rule = client
        .acl_insert(&token, CAL, &AclRule::user(SECRETARY, AclRole::Writer))
        .await
        .unwrap();
    let rule_id = rule.id.clone().unwrap();
    assert_eq!(rule_id, format!("user:{SECRETARY}"));
    assert_eq!(rule.role, AclRole::Writer);
    let rules = client.acl_list(&token, CAL).await.unwrap();
    assert!(
        rules
            .iter()
            .any(|r| r.id.as_deref() == Some(rule_id.as_str()))
    );
    assert!(rules.iter().any(|r| r.role == AclRole::Owner));

    let secretary = access_token(&sb, SECRETARY);
    let before = client.calendar_list(&secretary).await.unwrap();
    assert!(
        before.iter().all(|c| c.id.as_deref() != Some(CAL)),
        "as in Google, not listed until the secretary adds it"
    );
    let added = client.calendar_list_insert(&secretary, CAL).await.unwrap();
    assert_eq!(added.id.as_deref(), Some(CAL));
    assert_eq!(added.access_role.as_deref(), Some("writer"));
    assert!(
        matches!(
            client
                .calendar_list_insert(&secretary, "personne@example.fr")
                .await,
            Err(CalendarError::NotFound)
        ),
        "a calendar not shared with her"
    );
    let list = client.calendar_list(&secretary).await.unwrap();
    let shared = list
        .iter()
        .find(|c| c.id.as_deref() == Some(CAL))
        .expect("shared agenda listed");
    assert_eq!(shared.access_role.as_deref(), Some("writer"));
    assert!(shared.can_write() && !shared.is_primary());
    let page = client
        .list_events(&secretary, CAL, &ListEvents::default())
        .await
        .unwrap();
    assert_eq!(page.items.len(), 2);
    assert!(
        matches!(
            client
                .acl_insert(
                    &secretary,
                    CAL,
                    &AclRule::user("x@example.fr", AclRole::Reader)
                )
                .await,
            Err(CalendarError::Forbidden { .. })
        ),
        "only the owner manages sharing"
    );

    let reader = client
        .acl_patch(&token, CAL, &rule_id, AclRole::Reader)
        .await
        .unwrap();
    assert_eq!(reader.role, AclRole::Reader);
    client.acl_delete(&token, CAL, &rule_id).await.unwrap();
    let rules = client.acl_list(&token, CAL).await.unwrap();
    assert!(
        !rules
            .iter()
            .any(|r| r.id.as_deref() == Some(rule_id.as_str()) && r.role != AclRole::None)
    );
}

#[tokio::test]
async fn freebusy_reports_bookings_and_ignores_transparent_availability() {
    let (sb, token) = practice(0).await;
    sb.control().insert_event(CAL, booking(at(7, 9), "Busy"));
    sb.control().insert_event(
        CAL,
        json!({
            "summary": "Disponible", "transparency": "transparent",
            "start": {"dateTime": at(7, 8).to_rfc3339()}, "end": {"dateTime": at(7, 12).to_rfc3339()}
        }),
    );
    let client = calendar_client(&sb, RetryPolicy::fast());
    let answer = client
        .freebusy(
            &token,
            &FreeBusyRequest::new(at(7, 0), at(8, 0), &[CAL, "unknown@example.fr"]),
        )
        .await
        .unwrap();
    let busy = &answer.calendars[CAL].busy;
    assert_eq!(busy.len(), 1, "{busy:?}");
    assert_eq!(
        (busy[0].start, busy[0].end),
        (at(7, 9), at(7, 9) + Days::minutes(30))
    );
    assert!(!answer.calendars["unknown@example.fr"].errors.is_empty());
}

#[tokio::test]
async fn a_series_lists_its_instances_and_an_update_replaces_the_event() {
    let (sb, token) = practice(0).await;
    let series = sb.control().insert_event(
        CAL,
        json!({
            "summary": "Disponible", "transparency": "transparent", "visibility": "private",
            "start": {"dateTime": "2026-12-07T09:00:00+01:00", "timeZone": "Europe/Paris"},
            "end": {"dateTime": "2026-12-07T12:00:00+01:00", "timeZone": "Europe/Paris"},
            "recurrence": ["RRULE:FREQ=WEEKLY;COUNT=3;BYDAY=MO"],
            "extendedProperties": {"private": {"rdv.v": "1", "rdv.kind": "availability"}}
        }),
    );
    let master = series["id"].as_str().unwrap();
    let client = calendar_client(&sb, RetryPolicy::fast());
    let page = client
        .instances(&token, CAL, master, &ListEvents::default())
        .await
        .unwrap();
    assert_eq!(page.items.len(), 3);
    let first = &page.items[0];
    assert_eq!(first.recurring_event_id.as_deref(), Some(master));
    assert!(
        first
            .id
            .as_deref()
            .unwrap()
            .starts_with(&format!("{master}_2026120"))
    );
    assert!(first.original_start_time.is_some() && first.is_transparent());
    assert_eq!(
        first.private_property("rdv.kind").unwrap().expose(),
        "availability"
    );

    let mut whole = client.get_event(&token, CAL, master, None).await.unwrap();
    assert_eq!(whole.recurrence.as_ref().unwrap().len(), 1);
    let etag = whole.etag.take();
    whole.summary = Some(Sensitive::new("Disponible – consultation".into()));
    let updated = client
        .update_event(&token, CAL, master, &whole, etag.as_deref())
        .await
        .unwrap();
    assert_eq!(
        updated.summary.unwrap().expose(),
        "Disponible – consultation"
    );
    assert_ne!(updated.etag, etag);
    assert!(
        matches!(
            client
                .update_event(&token, CAL, master, &whole, etag.as_deref())
                .await,
            Err(CalendarError::Conflict { .. })
        ),
        "the old etag no longer matches"
    );
}

#[tokio::test]
async fn a_server_slower_than_the_timeout_is_offline() {
    let (sb, token) = practice(1).await;
    let client = calendar_client(
        &sb,
        RetryPolicy {
            max_attempts: 2,
            ..RetryPolicy::fast()
        },
    )
    .with_timeout(Duration::from_millis(300))
    .unwrap();
    sb.control()
        .inject(Fault::new("/events", FaultKind::Delay(Duration::from_secs(2))).times(2));
    let e = client
        .list_events(&token, CAL, &ListEvents::default())
        .await
        .unwrap_err();
    assert!(e.is_offline(), "{e:?}");
    assert_eq!(
        client.requests_made(),
        2,
        "a timeout is retried like any network failure"
    );
}
