//! Incremental sync (google-calendar-notes.md §2; samples/events-incremental-*.compass.json,
//! errors-calendar.json 410_fullSyncRequired).

use serde_json::{Value, json};

use crate::support::*;

fn events(cal: &str) -> String {
    format!("calendars/{}/events", enc(cal))
}

async fn full_sync(env: &Env, t: &str, query: &str) -> (Vec<Value>, String) {
    let pages = env.pages(t, &format!("{}?{query}", events(A))).await;
    let token = pages
        .last()
        .and_then(|p| p.body["nextSyncToken"].as_str())
        .expect("the last page carries nextSyncToken")
        .to_owned();
    (pages.iter().flat_map(|p| p.items()).collect(), token)
}

fn booking(summary: &str, day: u32) -> Value {
    json!({
        "summary": summary,
        "start": {"dateTime": format!("2026-11-{day:02}T10:00:00+01:00"), "timeZone": "Europe/Paris"},
        "end": {"dateTime": format!("2026-11-{day:02}T10:30:00+01:00"), "timeZone": "Europe/Paris"},
        "extendedProperties": {"private": {"rdv.v": "1", "rdv.kind": "booking"}},
    })
}

/// notes §2: after a full sync, `syncToken` returns exactly what changed since — new, modified
/// and deleted events (writes by another party, `Control`), deleted ones in the minimal shape of
/// samples/events-incremental-deleted-event.compass.json (`kind, etag, id, status`).
#[tokio::test]
async fn incremental_sync_returns_changes_and_deletions_in_the_sampled_shapes() {
    let env = start().await;
    let t = env.token(A);
    let kept = env.control.insert_event(A, booking("kept", 20));
    let moved = env.control.insert_event(A, booking("moved", 21));
    let gone = env.control.insert_event(A, booking("gone", 22));
    let (items, token) = full_sync(&env, &t, "timeMin=2026-11-01T00:00:00Z").await;
    assert_eq!(items.len(), 3);

    let added = env
        .control
        .insert_event(A, booking("added by the site", 23));
    env.control.patch_event(
        A,
        moved["id"].as_str().unwrap(),
        json!({"summary": "moved!"}),
    );
    env.control.delete_event(A, gone["id"].as_str().unwrap());

    let r = env
        .get(&t, &format!("{}?syncToken={}", events(A), enc(&token)))
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    let delta = r.items();
    let mut got = ids(&delta);
    got.sort();
    let mut want: Vec<String> = [&added, &moved, &gone]
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .collect();
    want.sort();
    assert_eq!(got, want, "the unchanged event is not sent again");
    assert!(!got.contains(&kept["id"].as_str().unwrap().to_owned()));
    let deleted = delta.iter().find(|i| i["id"] == gone["id"]).unwrap();
    let recorded = sample("events-incremental-deleted-event.compass.json");
    assert_eq!(
        keys(deleted),
        keys(&recorded["items"][0]),
        "kind, etag, id, status only"
    );
    assert_eq!(deleted["status"], "cancelled");
    let new_token = r.body["nextSyncToken"].as_str().unwrap();
    assert_ne!(new_token, token);
    let envelope = keys(&r.body);
    let mut recorded_envelope = keys(&recorded);
    recorded_envelope.insert("description".into());
    assert_eq!(
        envelope, recorded_envelope,
        "the envelope of a real incremental answer"
    );
}

/// notes §3: the API refuses an end before the start (400 `timeRangeEmpty`, tested in
/// events.rs) but accepts an end equal to it; `Control::force_event_times` seeds an end before
/// the start as older data may hold it, and an incremental sync returns the event as stored.
#[tokio::test]
async fn an_end_before_the_start_is_seeded_by_control_and_synced_as_stored() {
    let env = start().await;
    let t = env.token(A);
    let mut zero = booking("no length", 20);
    zero["end"] = zero["start"].clone();
    let r = env.post(&t, &events(A), zero).await;
    assert_eq!(
        r.status, 200,
        "an end equal to the start is accepted: {}",
        r.text
    );
    let ev = env.control.insert_event(A, booking("backwards", 21));
    let (_, token) = full_sync(&env, &t, "").await;
    let at = |s: &str| {
        chrono::DateTime::parse_from_rfc3339(s)
            .unwrap()
            .with_timezone(&chrono::Utc)
    };
    let forced = env.control.force_event_times(
        A,
        ev["id"].as_str().unwrap(),
        at("2026-11-21T09:00:00Z"),
        at("2026-11-21T08:30:00Z"),
    );
    assert_ne!(forced["etag"], ev["etag"], "a write like any other");
    let r = env
        .get(&t, &format!("{}?syncToken={}", events(A), enc(&token)))
        .await;
    let delta = r.items();
    assert_eq!(ids(&delta), [ev["id"].as_str().unwrap()]);
    assert_eq!(delta[0]["start"]["dateTime"], "2026-11-21T10:00:00+01:00");
    assert_eq!(delta[0]["end"]["dateTime"], "2026-11-21T09:30:00+01:00");
    assert_eq!(
        delta[0]["start"]["timeZone"], "Europe/Paris",
        "the zone is kept"
    );
}

/// notes §2 [3p]: tokens are reusable — an older token still works and returns the same delta —
/// and with no change Google returns the same token value.
#[tokio::test]
async fn sync_tokens_are_reusable_and_stable_without_changes() {
    let env = start().await;
    let t = env.token(A);
    env.control.insert_event(A, booking("a", 20));
    let (_, token) = full_sync(&env, &t, "").await;
    let again = env
        .get(&t, &format!("{}?syncToken={}", events(A), enc(&token)))
        .await;
    assert_eq!(again.items().len(), 0);
    assert_eq!(again.body["nextSyncToken"], token, "no change, same token");
    env.control.insert_event(A, booking("b", 21));
    for _ in 0..2 {
        let r = env
            .get(&t, &format!("{}?syncToken={}", events(A), enc(&token)))
            .await;
        assert_eq!(r.items().len(), 1, "the old token can be replayed");
    }
}

/// notes §2 (discovery): `iCalUID, orderBy, privateExtendedProperty, q, sharedExtendedProperty,
/// timeMin, timeMax, updatedMin` and `showDeleted=false` are refused with a syncToken (400,
/// "Sync token cannot be used with other request restrictions.").
#[tokio::test]
async fn restrictions_are_refused_with_a_sync_token() {
    let env = start().await;
    let t = env.token(A);
    let (_, token) = full_sync(&env, &t, "").await;
    for extra in [
        "iCalUID=x%40google.com",
        "orderBy=updated",
        "privateExtendedProperty=rdv.kind%3Dbooking",
        "q=x",
        "sharedExtendedProperty=a%3Db",
        "timeMin=2026-11-01T00:00:00Z",
        "timeMax=2026-12-01T00:00:00Z",
        "updatedMin=2026-11-01T00:00:00Z",
        "showDeleted=false",
    ] {
        let r = env
            .get(
                &t,
                &format!("{}?syncToken={}&{extra}", events(A), enc(&token)),
            )
            .await;
        assert_eq!(r.status, 400, "{extra}");
        assert_eq!(
            r.body["error"]["message"],
            "Sync token cannot be used with other request restrictions.",
            "{extra}"
        );
    }
    let ok = env
        .get(
            &t,
            &format!(
                "{}?syncToken={}&showDeleted=true&singleEvents=false",
                events(A),
                enc(&token)
            ),
        )
        .await;
    assert_eq!(ok.status, 200, "repeating the initial parameters is fine");
}

/// notes §2: an expired or invalid token → 410 fullSyncRequired with exactly the recorded body
/// (errors-calendar.json 410_fullSyncRequired); a fresh full sync gives a working token.
#[tokio::test]
async fn expired_sync_tokens_require_a_full_sync() {
    let env = start().await;
    let t = env.token(A);
    env.control.insert_event(A, booking("a", 20));
    let (_, token) = full_sync(&env, &t, "").await;
    env.control.expire_sync_tokens();
    let r = env
        .get(&t, &format!("{}?syncToken={}", events(A), enc(&token)))
        .await;
    assert_eq!(r.status, 410);
    assert_eq!(r.body, error_sample("410_fullSyncRequired"));
    let (items, fresh) = full_sync(&env, &t, "").await;
    assert_eq!(items.len(), 1);
    let r = env
        .get(&t, &format!("{}?syncToken={}", events(A), enc(&fresh)))
        .await;
    assert_eq!((r.status, r.items().len()), (200, 0));
    for garbage in ["not-a-token", "CPDAlvWFx4EDEPDAlvWFx4EDGAU="] {
        let r = env
            .get(&t, &format!("{}?syncToken={}", events(A), enc(garbage)))
            .await;
        assert_eq!(r.status, 410, "{garbage}");
    }
    env.control.add_account(B, "B");
    let r = env
        .get(
            &env.token(B),
            &format!("calendars/{}/events?syncToken={}", enc(B), enc(&fresh)),
        )
        .await;
    assert_eq!(r.status, 410, "a token of another calendar is invalid");
}

/// notes §2: an incremental sync pages like a full one (same syncToken plus pageToken); only its
/// last page carries the new token.
#[tokio::test]
async fn incremental_sync_pages() {
    let env = start().await;
    let t = env.token(A);
    let (_, token) = full_sync(&env, &t, "").await;
    for day in 1..=5 {
        env.control
            .insert_event(A, booking(&format!("b{day}"), day));
    }
    let pages = env
        .pages(
            &t,
            &format!("{}?syncToken={}&maxResults=2", events(A), enc(&token)),
        )
        .await;
    assert_eq!(
        pages.iter().map(|p| p.items().len()).collect::<Vec<_>>(),
        [2, 2, 1]
    );
    assert!(pages[0].body.get("nextSyncToken").is_none());
    assert!(pages[2].body["nextSyncToken"].is_string());
}

/// Crate docs (at least once): the token of a listing covers the state at its first page, so a
/// change made while paging comes back in the next incremental sync.
#[tokio::test]
async fn a_change_made_while_paging_is_not_lost() {
    let env = start().await;
    let t = env.token(A);
    for day in 1..=3 {
        env.control
            .insert_event(A, booking(&format!("b{day}"), day));
    }
    let first = env.get(&t, &format!("{}?maxResults=2", events(A))).await;
    let late = env.control.insert_event(A, booking("late", 9));
    let page_token = first.body["nextPageToken"].as_str().unwrap();
    let last = env
        .get(
            &t,
            &format!("{}?maxResults=2&pageToken={page_token}", events(A)),
        )
        .await;
    let token = last.body["nextSyncToken"].as_str().unwrap();
    let r = env
        .get(&t, &format!("{}?syncToken={}", events(A), enc(token)))
        .await;
    assert!(ids(&r.items()).contains(&late["id"].as_str().unwrap().to_owned()));
}

/// notes §2 [3p]: the token does not remember the full-sync window — an event outside the
/// window that changes is delivered by the incremental sync.
#[tokio::test]
async fn the_token_does_not_remember_the_window() {
    let env = start().await;
    let t = env.token(A);
    let outside = env.control.insert_event(A, booking("old", 2));
    let (items, token) = full_sync(&env, &t, "timeMin=2026-11-10T00:00:00Z").await;
    assert!(items.is_empty());
    env.control.patch_event(
        A,
        outside["id"].as_str().unwrap(),
        json!({"summary": "changed"}),
    );
    let r = env
        .get(&t, &format!("{}?syncToken={}", events(A), enc(&token)))
        .await;
    assert_eq!(ids(&r.items()), [outside["id"].as_str().unwrap()]);
}

/// notes §2 (« On the organizer's calendar cancelled events keep their details (for undelete),
/// but incremental sync with `showDeleted=false` strips them »): a booking cancelled by a
/// `PATCH` that also writes who did it (`status: cancelled` with `rdv.actor`/`rdv.action`, as
/// the app's outbox does) reaches an incremental sync as `kind, etag, id, status` only, while
/// `events.get` on the organizer's calendar returns it with those markers — how the other
/// installation learns who cancelled.
#[tokio::test]
async fn a_cancelling_patch_is_stripped_in_sync_but_get_keeps_its_markers() {
    let env = start().await;
    let t = env.token(A);
    let created = env.post(&t, &events(A), booking("Consultation", 26)).await;
    assert_eq!(created.status, 200, "{}", created.text);
    let id = created.body["id"].as_str().unwrap().to_owned();
    let (_, token) = full_sync(&env, &t, "maxResults=2500").await;
    let path = format!("{}/{id}", events(A));
    let cancel = json!({
        "status": "cancelled",
        "extendedProperties": {"private": {
            "rdv.actor": "secretariat@example.fr", "rdv.action": "cancel"
        }},
    });
    let r = env.patch(&t, &path, cancel).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let delta = env
        .get(&t, &format!("{}?syncToken={}", events(A), enc(&token)))
        .await;
    let item = delta
        .items()
        .into_iter()
        .find(|i| i["id"] == id.as_str())
        .expect("the cancellation is in the delta");
    let recorded = sample("events-incremental-deleted-event.compass.json");
    assert_eq!(
        keys(&item),
        keys(&recorded["items"][0]),
        "stripped to kind, etag, id, status: the author is not in the listing"
    );
    let got = env.get(&t, &path).await;
    assert_eq!(got.status, 200);
    assert_eq!(got.body["status"], "cancelled");
    let private = &got.body["extendedProperties"]["private"];
    assert_eq!(
        private["rdv.actor"], "secretariat@example.fr",
        "get keeps who"
    );
    assert_eq!(private["rdv.action"], "cancel");
    assert_eq!(got.body["summary"], "Consultation", "and the details");
}
