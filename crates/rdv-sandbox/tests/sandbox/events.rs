//! Events: insert/get/patch/update/delete, ETags, list windows, paging, filters
//! (google-calendar-notes.md §1, §3, §5, §12).

use reqwest::Method;
use serde_json::{Value, json};

use crate::support::*;

fn events_path(cal: &str) -> String {
    format!("calendars/{}/events", enc(cal))
}

/// samples/event-insert-*.libgdata.json, notes §1 and §3: insert answers 200 (not 201) with the
/// server fields (kind, etag, id, status, htmlLink, created, updated, creator, organizer,
/// iCalUID, sequence 0, reminders useDefault, attendees' responseStatus) and without the
/// defaults the client sent (transparency opaque, anyoneCanAddSelf, guestsCanModify false);
/// the ETag header equals the body etag; ids are 26 base32hex characters.
#[tokio::test]
async fn insert_answers_like_the_recorded_insert() {
    let env = start().await;
    let t = env.token(A);
    let request = sample("event-insert-request.libgdata.json");
    let recorded = sample("event-insert-response.libgdata.json");
    let r = env.post(&t, &events_path(A), request).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let mut ours = keys(&r.body);
    assert!(
        ours.remove("eventType"),
        "modern responses carry eventType (compass samples)"
    );
    assert_eq!(ours, keys(&recorded), "same keys as the recorded response");
    for absent in ["transparency", "anyoneCanAddSelf", "guestsCanModify"] {
        assert!(
            r.body.get(absent).is_none(),
            "{absent} is a default: omitted"
        );
    }
    assert_eq!(
        r.body["guestsCanInviteOthers"], false,
        "non-defaults are kept"
    );
    assert_eq!(r.body["status"], "confirmed");
    assert_eq!(r.body["sequence"], 0);
    assert_eq!(r.body["reminders"], json!({"useDefault": true}));
    assert_eq!(r.body["attendees"][0]["responseStatus"], "needsAction");
    assert!(r.body["attendees"][0].get("organizer").is_none());
    assert_eq!(r.body["organizer"], json!({"email": A, "self": true}));
    assert_eq!(r.body["creator"], json!({"email": A, "self": true}));
    let id = r.body["id"].as_str().unwrap();
    assert_eq!(id.len(), 26);
    assert!(
        id.bytes()
            .all(|b| b"0123456789abcdefghijklmnopqrstuv".contains(&b))
    );
    assert_eq!(r.body["iCalUID"], format!("{id}@google.com"));
    assert!(is_digit_etag(&r.body["etag"], 16), "{}", r.body["etag"]);
    assert_eq!(
        r.header("etag"),
        r.body["etag"].as_str(),
        "ETag header = body etag"
    );
    let instant =
        |v: &Value| chrono::DateTime::parse_from_rfc3339(v["dateTime"].as_str().unwrap()).unwrap();
    assert_eq!(
        instant(&r.body["start"]),
        instant(&recorded["start"]),
        "same instant"
    );
    assert_eq!(
        r.body["start"]["dateTime"], "2009-04-17T17:00:00+02:00",
        "rendered in the calendar's zone (Europe/Paris)"
    );
    assert_eq!(
        r.body["start"]["timeZone"], "UTC",
        "the event's own zone is kept"
    );
    let created = r.body["created"].as_str().unwrap();
    assert!(
        created.ends_with(".000Z"),
        "created has whole seconds: {created}"
    );
    assert_eq!(
        r.body["updated"].as_str().unwrap().len(),
        24,
        "updated has milliseconds"
    );
}

/// notes §3: client-chosen ids are base32hex of 5–1024 characters; a duplicate → 409 with the
/// body of errors-calendar.json 409_duplicate — even after the event was deleted.
#[tokio::test]
async fn client_chosen_ids_are_validated_and_unique() {
    let env = start().await;
    let t = env.token(A);
    let event = |id: &str| json!({"id": id, "start": {"date": "2026-11-26"}, "end": {"date": "2026-11-27"}});
    let r = env.post(&t, &events_path(A), event("rdv00001abc")).await;
    assert_eq!(
        (r.status, r.body["id"].as_str()),
        (200, Some("rdv00001abc"))
    );
    let dup = env.post(&t, &events_path(A), event("rdv00001abc")).await;
    assert_eq!(dup.status, 409);
    assert_eq!(dup.body, error_sample("409_duplicate"));
    env.delete(&t, &format!("{}/rdv00001abc", events_path(A)))
        .await;
    assert_eq!(
        env.post(&t, &events_path(A), event("rdv00001abc"))
            .await
            .status,
        409
    );
    for bad in ["abcd", "ABCDEFG", "rdv-0001", "has_underscore", "wxyz1"] {
        let r = env.post(&t, &events_path(A), event(bad)).await;
        assert_eq!((r.status, r.reason()), (400, "invalid"), "{bad}");
    }
}

/// notes §3 / errors page: delete answers 204 with an empty body; deleting again → 410
/// `deleted`; an unknown id → 404 `notFound` (bodies as errors-calendar.json); get still
/// returns the cancelled event with its details.
#[tokio::test]
async fn delete_is_204_then_410_and_unknown_is_404() {
    let env = start().await;
    let t = env.token(A);
    let ev = env
        .insert_at(
            &t,
            A,
            "Réunion",
            "2026-11-26T10:00:00+01:00",
            "2026-11-26T11:00:00+01:00",
        )
        .await;
    let path = format!("{}/{}", events_path(A), ev["id"].as_str().unwrap());
    let r = env.delete(&t, &path).await;
    assert_eq!(r.status, 204);
    assert!(r.text.is_empty(), "204 has an empty body");
    let again = env.delete(&t, &path).await;
    assert_eq!(again.status, 410);
    assert_eq!(again.body, error_sample("410_deleted"));
    let unknown = env
        .delete(&t, &format!("{}/nosuchevent", events_path(A)))
        .await;
    assert_eq!(unknown.status, 404);
    assert_eq!(unknown.body, error_sample("404_notFound"));
    let got = env.get(&t, &path).await;
    assert_eq!(
        got.status, 200,
        "get returns cancelled events too (notes §3)"
    );
    assert_eq!(got.body["status"], "cancelled");
    assert_eq!(
        got.body["summary"], "Réunion",
        "the organizer's copy keeps its details"
    );
}

/// notes §3 (version-resources): If-Match with a stale etag → 412 conditionNotMet (body of
/// 412_conditionNotMet) on patch, update and delete; the current etag passes; If-None-Match
/// with the current etag → 304.
#[tokio::test]
async fn etags_guard_writes_and_cache_reads() {
    let env = start().await;
    let t = env.token(A);
    let ev = env
        .insert_at(&t, A, "v1", "2026-11-26T10:00:00Z", "2026-11-26T11:00:00Z")
        .await;
    let path = format!("{}/{}", events_path(A), ev["id"].as_str().unwrap());
    let old = ev["etag"].as_str().unwrap().to_owned();
    let r = env
        .call(
            Method::PATCH,
            Some(&t),
            &path,
            Some(json!({"summary": "v2"})),
            &[("If-Match", &old)],
        )
        .await;
    assert_eq!(r.status, 200, "the current etag passes");
    let current = r.body["etag"].as_str().unwrap().to_owned();
    assert_ne!(current, old, "every write changes the etag");
    for (method, body) in [
        (Method::PATCH, Some(json!({"summary": "v3"}))),
        (
            Method::PUT,
            Some(json!({"summary": "v3", "start": ev["start"], "end": ev["end"]})),
        ),
        (Method::DELETE, None),
    ] {
        let r = env
            .call(method.clone(), Some(&t), &path, body, &[("If-Match", &old)])
            .await;
        assert_eq!(r.status, 412, "{method} with a stale etag");
        assert_eq!(r.body, error_sample("412_conditionNotMet"));
    }
    let r = env
        .call(
            Method::GET,
            Some(&t),
            &path,
            None,
            &[("If-None-Match", &current)],
        )
        .await;
    assert_eq!(r.status, 304);
    assert!(r.text.is_empty());
    let r = env
        .call(
            Method::GET,
            Some(&t),
            &path,
            None,
            &[("If-None-Match", &old)],
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["summary"], "v2", "the stale writes changed nothing");
}

/// notes §3: patch changes only what it names, arrays replace, `extendedProperties.private`
/// merges by key and `null` deletes a key; update replaces the whole resource (omitted
/// extended properties are gone) and bumps `sequence` when the time changes.
#[tokio::test]
async fn patch_merges_and_update_replaces() {
    let env = start().await;
    let t = env.token(A);
    let r = env
        .post(
            &t,
            &events_path(A),
            json!({
                "summary": "Consultation – Jeanne Martin",
                "start": {"dateTime": "2026-11-26T10:00:00+01:00", "timeZone": "Europe/Paris"},
                "end": {"dateTime": "2026-11-26T10:30:00+01:00", "timeZone": "Europe/Paris"},
                "attendees": [{"email": "a@example.fr"}, {"email": "b@example.fr"}],
                "extendedProperties": {"private": {"rdv.kind": "booking", "rdv.phone": "+33612345678"}},
            }),
        )
        .await;
    let path = format!("{}/{}", events_path(A), r.body["id"].as_str().unwrap());
    let p = env
        .patch(
            &t,
            &path,
            json!({
                "attendees": [{"email": "c@example.fr"}],
                "extendedProperties": {"private": {"rdv.phone": null, "rdv.email": "j@example.fr"}},
            }),
        )
        .await;
    assert_eq!(p.status, 200, "{}", p.text);
    assert_eq!(
        p.body["summary"], "Consultation – Jeanne Martin",
        "untouched fields stay"
    );
    assert_eq!(
        p.body["attendees"].as_array().unwrap().len(),
        1,
        "arrays replace"
    );
    assert_eq!(
        p.body["extendedProperties"]["private"],
        json!({"rdv.kind": "booking", "rdv.email": "j@example.fr"})
    );
    assert_eq!(p.body["sequence"], 0, "no time change, no new sequence");
    let moved = env
        .patch(&t, &path, json!({"start": {"dateTime": "2026-11-26T11:00:00+01:00"}, "end": {"dateTime": "2026-11-26T11:30:00+01:00"}}))
        .await;
    assert_eq!(
        moved.body["sequence"], 1,
        "moving an event bumps its sequence"
    );
    assert_eq!(
        moved.body["start"]["timeZone"], "Europe/Paris",
        "nested objects merge"
    );
    let u = env
        .put(
            &t,
            &path,
            json!({"summary": "Remplacé", "start": moved.body["start"], "end": moved.body["end"]}),
        )
        .await;
    assert_eq!(u.status, 200, "{}", u.text);
    assert!(
        u.body.get("extendedProperties").is_none(),
        "update drops what it omits"
    );
    assert!(u.body.get("attendees").is_none());
    assert_eq!(u.body["id"], r.body["id"]);
    assert_eq!(
        u.body["created"], r.body["created"],
        "server fields survive"
    );
}

/// Discovery (`Event.updated`): `updated` does not change when only reminders change, while the
/// etag does.
#[tokio::test]
async fn a_reminders_only_change_keeps_updated() {
    let env = start().await;
    let t = env.token(A);
    let ev = env
        .insert_at(&t, A, "x", "2026-11-26T10:00:00Z", "2026-11-26T11:00:00Z")
        .await;
    let path = format!("{}/{}", events_path(A), ev["id"].as_str().unwrap());
    let r = env
        .patch(&t, &path, json!({"reminders": {"useDefault": false, "overrides": [{"method": "popup", "minutes": 10}]}}))
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["updated"], ev["updated"]);
    assert_ne!(r.body["etag"], ev["etag"]);
}

/// notes §3, §5: required start/end (400 `required`), mixed date/dateTime, a dateTime without
/// offset nor timeZone, end before start (timeRangeEmpty), both default reminders and
/// overrides, more than five overrides; invalid JSON → 400 parseError.
#[tokio::test]
async fn invalid_events_are_refused_with_googles_reasons() {
    let env = start().await;
    let t = env.token(A);
    let d = |s: &str| json!({"dateTime": s});
    let six: Vec<Value> = (0..6)
        .map(|i| json!({"method": "popup", "minutes": i}))
        .collect();
    let cases = [
        (json!({"summary": "x"}), "required"),
        (json!({"start": d("2026-11-26T10:00:00Z")}), "required"),
        (
            json!({"start": {"date": "2026-11-26"}, "end": d("2026-11-26T11:00:00Z")}),
            "badRequest",
        ),
        (
            json!({"start": d("2026-11-26T10:00:00"), "end": d("2026-11-26T11:00:00")}),
            "badRequest",
        ),
        (
            json!({"start": d("2026-11-26T10:00:00Z"), "end": d("2026-11-26T09:00:00Z")}),
            "timeRangeEmpty",
        ),
        (
            json!({"start": d("2026-11-26T10:00:00Z"), "end": d("2026-11-26T11:00:00Z"),
                   "reminders": {"useDefault": true, "overrides": [{"method": "popup", "minutes": 5}]}}),
            "cannotUseDefaultRemindersAndSpecifyOverride",
        ),
        (
            json!({"start": d("2026-11-26T10:00:00Z"), "end": d("2026-11-26T11:00:00Z"),
                   "reminders": {"useDefault": false, "overrides": six}}),
            "eventRemindersCountExceedsLimit",
        ),
    ];
    for (body, reason) in cases {
        let r = env.post(&t, &events_path(A), body.clone()).await;
        assert_eq!((r.status, r.reason()), (400, reason), "{body}");
    }
    let r = env
        .http
        .post(env.cal_url(&events_path(A)))
        .bearer_auth(&t)
        .header("content-type", "application/json")
        .body("{\"summary\": ")
        .send()
        .await
        .unwrap();
    let r = into_resp(r).await;
    assert_eq!((r.status, r.reason()), (400, "parseError"));
}

/// notes §1: `timeMin` filters on the end (`end > timeMin`, exclusive), `timeMax` on the start
/// (`start < timeMax`); `timeMax <= timeMin` → 400 timeRangeEmpty with the documented body;
/// an offset is required.
#[tokio::test]
async fn time_min_and_time_max_bound_end_and_start_exclusively() {
    let env = start().await;
    let t = env.token(A);
    env.insert_at(&t, A, "ten", "2026-11-26T10:00:00Z", "2026-11-26T11:00:00Z")
        .await;
    let list = |q: &str| {
        let env = &env;
        let t = t.clone();
        let q = q.to_owned();
        async move { env.get(&t, &format!("{}?{q}", events_path(A))).await }
    };
    assert_eq!(
        list("timeMin=2026-11-26T11:00:00Z").await.items().len(),
        0,
        "end == timeMin is out"
    );
    assert_eq!(
        list("timeMin=2026-11-26T10:59:59.500Z").await.items().len(),
        1
    );
    assert_eq!(
        list("timeMax=2026-11-26T10:00:00Z").await.items().len(),
        0,
        "start == timeMax is out"
    );
    assert_eq!(
        list("timeMax=2026-11-26T11:00:01%2B01:00")
            .await
            .items()
            .len(),
        1
    );
    let empty = list("timeMin=2026-11-26T11:00:00Z&timeMax=2026-11-26T11:00:00Z").await;
    assert_eq!(empty.status, 400);
    assert_eq!(empty.body, error_sample("400_timeRangeEmpty"));
    assert_eq!(
        list("timeMin=2026-11-26T11:00:00").await.status,
        400,
        "an offset is required"
    );
}

/// notes §1: maxResults default 250, clamped to 2500 (not an error); 5001 events → three pages
/// (2500, 2500, 1); non-last pages carry `nextPageToken` and no `nextSyncToken`, only the last
/// page carries `nextSyncToken` (notes §2).
#[tokio::test]
async fn paging_5001_events() {
    let env = start().await;
    let t = env.token(A);
    for i in 0..5001 {
        env.control.insert_event(
            A,
            json!({"summary": format!("e{i}"), "start": {"dateTime": "2026-11-26T10:00:00Z"}, "end": {"dateTime": "2026-11-26T10:30:00Z"}}),
        );
    }
    let pages = env
        .pages(&t, &format!("{}?maxResults=2500", events_path(A)))
        .await;
    let sizes: Vec<usize> = pages.iter().map(|p| p.items().len()).collect();
    assert_eq!(sizes, [2500, 2500, 1]);
    for p in &pages[..2] {
        assert!(
            p.body.get("nextSyncToken").is_none(),
            "no sync token before the last page"
        );
    }
    assert!(pages[2].body.get("nextPageToken").is_none());
    assert!(pages[2].body["nextSyncToken"].is_string());
    let mut all: Vec<String> = pages.iter().flat_map(|p| ids(&p.items())).collect();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), 5001, "every event exactly once");
    let clamped = env
        .get(&t, &format!("{}?maxResults=9999", events_path(A)))
        .await;
    assert_eq!(clamped.items().len(), 2500, "larger values are clamped");
    let default = env.get(&t, &events_path(A)).await;
    assert_eq!(default.items().len(), 250, "default page size");
    let zero = env
        .get(&t, &format!("{}?maxResults=0", events_path(A)))
        .await;
    assert_eq!(zero.status, 400);
}

/// notes §1: a page may hold zero items while a `nextPageToken` is present — clients must loop
/// until there is none (`serve_empty_pages`).
#[tokio::test]
async fn empty_pages_with_a_next_page_token_are_part_of_paging() {
    let env = start().await;
    let t = env.token(A);
    for i in 0..3 {
        env.insert_at(
            &t,
            A,
            &format!("e{i}"),
            "2026-11-26T10:00:00Z",
            "2026-11-26T11:00:00Z",
        )
        .await;
    }
    env.control.serve_empty_pages(2);
    let pages = env
        .pages(&t, &format!("{}?maxResults=2", events_path(A)))
        .await;
    let sizes: Vec<usize> = pages.iter().map(|p| p.items().len()).collect();
    assert_eq!(sizes, [0, 0, 2, 1], "two empty pages, then the data");
    assert!(pages[0].body["nextPageToken"].is_string());
    assert_ne!(
        pages[0].body["nextPageToken"], pages[1].body["nextPageToken"],
        "each empty page's token is new, as Google's are"
    );
    assert!(pages[3].body["nextSyncToken"].is_string());
}

/// Google documents that a listing ends with a page without `nextPageToken`
/// (https://developers.google.com/workspace/calendar/api/guides/pagination: "the last page of
/// results won't include a nextPageToken"). `set_event_paging` breaks that promise for the
/// clients' guards: an endless chain of new tokens, or the same token for ever.
#[tokio::test]
async fn hostile_paging_never_ends_or_hands_back_the_same_token() {
    let env = start().await;
    let t = env.token(A);
    for i in 0..3 {
        env.insert_at(
            &t,
            A,
            &format!("e{i}"),
            "2026-11-26T10:00:00Z",
            "2026-11-26T11:00:00Z",
        )
        .await;
    }
    let list = format!("{}?maxResults=2", events_path(A));
    env.control
        .set_event_paging(rdv_sandbox::EventPaging::Endless);
    let mut seen = std::collections::HashSet::new();
    let mut path = list.clone();
    for _ in 0..50 {
        let page = env.get(&t, &path).await;
        assert_eq!(page.status, 200, "{}", page.text);
        assert!(page.items().is_empty());
        let next = page.body["nextPageToken"].as_str().unwrap().to_owned();
        assert!(seen.insert(next.clone()), "a new token every time");
        path = format!("{list}&pageToken={next}");
    }

    env.control
        .set_event_paging(rdv_sandbox::EventPaging::Stuck);
    let first = env.get(&t, &list).await;
    let token = first.body["nextPageToken"].as_str().unwrap().to_owned();
    let again = env.get(&t, &format!("{list}&pageToken={token}")).await;
    assert_eq!(again.body["nextPageToken"].as_str(), Some(token.as_str()));
    assert_eq!(again.items().len(), 2, "the same page again");

    env.control
        .set_event_paging(rdv_sandbox::EventPaging::Honest);
    let sizes: Vec<usize> = env
        .pages(&t, &list)
        .await
        .iter()
        .map(|p| p.items().len())
        .collect();
    assert_eq!(sizes, [2, 1]);
}

/// notes §1: repeated `privateExtendedProperty` constraints — the sandbox AND-s them (the
/// discovery document's wording; documented choice) and AND-s private with shared.
#[tokio::test]
async fn extended_property_filters_are_and_ed() {
    let env = start().await;
    let t = env.token(A);
    for (summary, kind, source) in [
        ("b1", "booking", "site"),
        ("b2", "booking", "phone"),
        ("a1", "availability", "site"),
    ] {
        env.control.insert_event(
            A,
            json!({"summary": summary, "start": {"date": "2026-11-26"}, "end": {"date": "2026-11-27"},
                   "extendedProperties": {"private": {"rdv.kind": kind, "rdv.source": source}, "shared": {"s": "1"}}}),
        );
    }
    let list = |q: &str| {
        let env = &env;
        let t = t.clone();
        let q = q.to_owned();
        async move {
            let r = env.get(&t, &format!("{}?{q}", events_path(A))).await;
            let mut s: Vec<String> = r
                .items()
                .iter()
                .map(|i| i["summary"].as_str().unwrap().to_owned())
                .collect();
            s.sort();
            s
        }
    };
    assert_eq!(
        list("privateExtendedProperty=rdv.kind%3Dbooking").await,
        ["b1", "b2"]
    );
    assert_eq!(
        list(
            "privateExtendedProperty=rdv.kind%3Dbooking&privateExtendedProperty=rdv.source%3Dsite"
        )
        .await,
        ["b1"],
        "repeated constraints must all match"
    );
    assert_eq!(
        list("privateExtendedProperty=rdv.kind%3Dbooking&sharedExtendedProperty=s%3D2").await,
        Vec::<String>::new()
    );
    assert_eq!(
        list("q=B1").await,
        ["b1"],
        "q searches the summary, case-insensitively"
    );
}

/// notes §12: `fields` selects output; like Google, `nextPageToken`/`nextSyncToken` are dropped
/// unless named (the sync pitfall), kept when named; a malformed selector → 400.
#[tokio::test]
async fn fields_is_honoured_like_google() {
    let env = start().await;
    let t = env.token(A);
    for i in 0..3 {
        env.insert_at(
            &t,
            A,
            &format!("e{i}"),
            "2026-11-26T10:00:00Z",
            "2026-11-26T11:00:00Z",
        )
        .await;
    }
    let r = env
        .get(
            &t,
            &format!("{}?maxResults=2&fields=items(id,etag)", events_path(A)),
        )
        .await;
    assert_eq!(
        keys(&r.body),
        ["items".to_owned()].into(),
        "the page token is dropped unless asked"
    );
    assert_eq!(
        keys(&r.items()[0]),
        ["etag".to_owned(), "id".to_owned()].into()
    );
    let r = env
        .get(
            &t,
            &format!(
                "{}?maxResults=2&fields=nextPageToken,nextSyncToken,items(id,start/dateTime)",
                events_path(A)
            ),
        )
        .await;
    assert!(r.body["nextPageToken"].is_string(), "named: kept");
    assert_eq!(keys(&r.items()[0]["start"]), ["dateTime".to_owned()].into());
    let bad = env
        .get(&t, &format!("{}?fields=items(id", events_path(A)))
        .await;
    assert_eq!((bad.status, bad.reason()), (400, "invalidParameter"));
}

/// notes §1: `orderBy=startTime` only with `singleEvents=true`; `updated` ascending otherwise;
/// `timeZone` sets the rendering zone of `dateTime`s.
#[tokio::test]
async fn ordering_and_response_time_zone() {
    let env = start().await;
    let t = env.token(A);
    env.insert_at(
        &t,
        A,
        "late",
        "2026-11-26T15:00:00Z",
        "2026-11-26T16:00:00Z",
    )
    .await;
    env.insert_at(
        &t,
        A,
        "early",
        "2026-11-26T08:00:00Z",
        "2026-11-26T09:00:00Z",
    )
    .await;
    let bad = env
        .get(&t, &format!("{}?orderBy=startTime", events_path(A)))
        .await;
    assert_eq!(bad.status, 400);
    let r = env
        .get(
            &t,
            &format!("{}?orderBy=startTime&singleEvents=true", events_path(A)),
        )
        .await;
    let summaries: Vec<&str> = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["summary"].as_str().unwrap())
        .collect();
    assert_eq!(summaries, ["early", "late"]);
    let r = env
        .get(&t, &format!("{}?orderBy=updated", events_path(A)))
        .await;
    assert_eq!(r.items()[0]["summary"], "late", "updated ascending");
    assert_eq!(
        r.items()[1]["start"]["dateTime"],
        "2026-11-26T09:00:00+01:00",
        "calendar zone by default"
    );
    let r = env
        .get(&t, &format!("{}?timeZone=America/Chicago", events_path(A)))
        .await;
    assert_eq!(
        r.items()[1]["start"]["dateTime"],
        "2026-11-26T02:00:00-06:00"
    );
}

/// notes §12: with `Accept-Encoding: gzip` the answer is gzip-encoded.
#[tokio::test]
async fn gzip_is_served_when_asked() {
    use std::io::Read;
    let env = start().await;
    let t = env.token(A);
    for i in 0..20 {
        env.insert_at(
            &t,
            A,
            &format!("e{i}"),
            "2026-11-26T10:00:00Z",
            "2026-11-26T11:00:00Z",
        )
        .await;
    }
    let raw = reqwest::Client::builder().no_gzip().build().unwrap();
    let r = raw
        .get(env.cal_url(&events_path(A)))
        .bearer_auth(&t)
        .header("accept-encoding", "gzip")
        .header("user-agent", "rdv-compagnon/0.1 (gzip)")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-encoding"], "gzip");
    let bytes = r.bytes().await.unwrap();
    let mut text = String::new();
    flate2::read::GzDecoder::new(&bytes[..])
        .read_to_string(&mut text)
        .unwrap();
    let body: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(body["items"].as_array().unwrap().len(), 20);
}

/// notes §1: `primary` names the caller's own calendar.
#[tokio::test]
async fn primary_is_the_callers_calendar() {
    let env = start().await;
    let t = env.token(A);
    let r = env
        .post(
            &t,
            "calendars/primary/events",
            json!({"start": {"date": "2026-11-26"}, "end": {"date": "2026-11-27"}}),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(env.control.events(A).len(), 1);
    let r = env.get(&t, "calendars/primary/events").await;
    assert_eq!(
        r.body["summary"], A,
        "a primary calendar is named after its address"
    );
    assert_eq!(r.body["accessRole"], "owner");
}

/// notes §1 (`updatedMin`): only events changed since, deleted ones included regardless of
/// `showDeleted`; too far in the past → 410 updatedMinTooLongAgo (the documented body; the
/// sandbox's limit is 28 days).
#[tokio::test]
async fn updated_min_lists_recent_changes_and_refuses_old_ones() {
    let env = start().await;
    let t = env.token(A);
    let old = env
        .insert_at(&t, A, "old", "2026-11-26T10:00:00Z", "2026-11-26T11:00:00Z")
        .await;
    env.control
        .advance_time(std::time::Duration::from_secs(1800));
    let since = chrono::Utc::now() + chrono::Duration::minutes(15);
    let fresh = env
        .insert_at(
            &t,
            A,
            "fresh",
            "2026-11-26T12:00:00Z",
            "2026-11-26T13:00:00Z",
        )
        .await;
    let gone = env
        .insert_at(
            &t,
            A,
            "gone",
            "2026-11-26T14:00:00Z",
            "2026-11-26T15:00:00Z",
        )
        .await;
    env.delete(
        &t,
        &format!("{}/{}", events_path(A), gone["id"].as_str().unwrap()),
    )
    .await;
    let q = format!("{}?updatedMin={}", events_path(A), enc(&since.to_rfc3339()));
    let items = env.get(&t, &q).await.items();
    assert_eq!(
        ids(&items),
        [fresh["id"].as_str().unwrap(), gone["id"].as_str().unwrap()]
    );
    assert!(!ids(&items).contains(&old["id"].as_str().unwrap().to_owned()));
    let too_old = env
        .get(
            &t,
            &format!("{}?updatedMin=2026-01-01T00:00:00Z", events_path(A)),
        )
        .await;
    assert_eq!(too_old.status, 410);
    assert_eq!(too_old.body, error_sample("410_updatedMinTooLongAgo"));
}

/// notes §1 (`htmlLink`), §12 (`prettyPrint`): the link opens the sandbox's own page of the
/// event; `prettyPrint=false` gives compact JSON.
#[tokio::test]
async fn html_link_and_pretty_print() {
    let env = start().await;
    let t = env.token(A);
    let ev = env
        .insert_at(
            &t,
            A,
            "Consultation – Jeanne Martin",
            "2026-11-26T10:00:00Z",
            "2026-11-26T11:00:00Z",
        )
        .await;
    let link = ev["htmlLink"].as_str().unwrap();
    assert!(
        link.starts_with(&format!("{}calendar/event?eid=", env.base)),
        "{link}"
    );
    let page = env
        .http
        .get(link)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Consultation – Jeanne Martin"));
    let compact = env
        .get(&t, &format!("{}?prettyPrint=false", events_path(A)))
        .await;
    assert!(!compact.text.contains('\n'));
    let pretty = env.get(&t, &events_path(A)).await;
    assert!(
        pretty.text.contains('\n'),
        "Google pretty-prints by default"
    );
}
