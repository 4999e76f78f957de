//! Hostile paging end to end (issue #17): Google — the sandbox, `set_event_paging` — answers an
//! endless chain of pages, or the same `nextPageToken` for ever. A sync, an erasure's listing and
//! the scrub of past events each stop with a clear error after the one guarded pager
//! (`rdv_google::calendar::Pager`), keep the store as it was (nothing half-applied) and change
//! nothing in the calendar; once Google pages honestly again, the sync catches up.

use crate::privacy::setup;
use chrono::{DateTime, Duration, Utc};
use rdv_app::ipc::SyncState;
use rdv_sandbox::{EventPaging, PRACTITIONER, Sandbox};
use serde_json::{Value, json};

fn booking(start: DateTime<Utc>, first: &str, last: &str, phone: &str) -> Value {
    json!({
        "summary": format!("Consultation – {first} {last}"),
        "start": {"dateTime": start.to_rfc3339(), "timeZone": "Europe/Paris"},
        "end": {"dateTime": (start + Duration::minutes(30)).to_rfc3339(), "timeZone": "Europe/Paris"},
        "extendedProperties": {"private": {"rdv.v": "1", "rdv.kind": "booking", "rdv.type": "consultation",
            "rdv.firstName": first, "rdv.lastName": last, "rdv.phone": phone}}
    })
}

fn calendar_text(sb: &Sandbox) -> String {
    serde_json::to_string(&sb.control().events(PRACTITIONER)).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_same_page_token_for_ever_stops_sync_erasure_and_scrub_and_changes_nothing() {
    hostile(EventPaging::Stuck, "renvoie une page déjà lue").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endless_chain_of_pages_stops_sync_erasure_and_scrub_and_changes_nothing() {
    hostile(EventPaging::Endless, "pages sans fin (plus de 2000 pages").await;
}

/// A synced calendar with a patient's past and coming bookings; then Google pages as `paging`
/// says: each listing stops with an error saying `why`.
async fn hostile(paging: EventPaging, why: &str) {
    let (sb, app, store, _clock, now) = setup().await;
    // Past the default retention (120 days): what the scrub would anonymise.
    sb.control().insert_event(
        PRACTITIONER,
        booking(
            now - Duration::days(200),
            "Jeanne",
            "Martin",
            "+33612345678",
        ),
    );
    for days in [-2, 5] {
        sb.control().insert_event(
            PRACTITIONER,
            booking(
                now + Duration::days(days),
                "Jeanne",
                "Martin",
                "+33612345678",
            ),
        );
    }
    let synced = app.sync_now().await;
    assert_eq!(synced.state, SyncState::Idle, "{synced:?}");
    let window = (
        (now - Duration::days(30)).to_rfc3339(),
        (now + Duration::days(30)).to_rfc3339(),
    );
    let agenda = || serde_json::to_value(app.agenda_events(&window.0, &window.1).unwrap()).unwrap();
    let before = agenda();
    assert_eq!(before.as_array().unwrap().len(), 2);
    // A change waiting in Google: a sync that stored part of its pages would bring it in.
    sb.control().insert_event(
        PRACTITIONER,
        booking(now + Duration::days(3), "Louis", "Petit", "+33698765432"),
    );
    let calendar_before = calendar_text(&sb);
    sb.control().set_event_paging(paging);

    let sync = app.sync_now().await;
    assert_eq!(sync.state, SyncState::Error, "{sync:?}");
    let message = sync.message.unwrap_or_default();
    assert!(message.contains(why), "{message}");
    assert_eq!(agenda(), before, "the store is as it was");
    assert!(
        !store.contains_text("Petit").unwrap(),
        "nothing of the unfinished listing was stored"
    );

    // Reported, not lost: the erasure is recorded as pending, with the reason.
    let report = app
        .erase_person(None, Some("06 12 34 56 78"))
        .await
        .unwrap();
    assert!(!report.complete, "{report:?}");
    let erasure_error: String = report
        .parts
        .iter()
        .filter_map(|p| p.reason.clone())
        .collect::<Vec<_>>()
        .join(" ");
    assert!(erasure_error.contains(why), "{erasure_error}");
    assert!(
        store.contains_text("Martin").unwrap(),
        "the cache waits for the calendar"
    );

    let scrub = app.scrub_google_past().await;
    let scrub_error = scrub.expect_err("the scrub stops").to_string();
    assert!(scrub_error.contains(why), "{scrub_error}");
    assert_eq!(
        calendar_text(&sb),
        calendar_before,
        "nothing was changed in the calendar"
    );

    // Google pages honestly again: the sync catches up, the pending erasure finishes.
    sb.control().set_event_paging(EventPaging::Honest);
    assert_eq!(app.sync_now().await.state, SyncState::Idle);
    assert!(store.contains_text("Petit").unwrap());
    let resumed = app.resume_erasures().await.unwrap();
    assert!(resumed.iter().all(|r| r.complete), "{resumed:?}");
    assert!(!calendar_text(&sb).contains("Martin"));
}
