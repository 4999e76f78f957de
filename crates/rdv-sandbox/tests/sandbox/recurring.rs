//! Recurring events (google-calendar-notes.md §1 `showDeleted`, §4;
//! samples/events-incremental-{modified,cancelled}-instance.compass.json).

use serde_json::{Value, json};

use crate::support::*;

fn events(cal: &str) -> String {
    format!("calendars/{}/events", enc(cal))
}

/// A weekly Monday 09:00–12:30 Paris series across the end of summer time (25 Oct 2026).
fn weekly() -> Value {
    json!({
        "summary": "Disponible",
        "start": {"dateTime": "2026-10-19T09:00:00+02:00", "timeZone": "Europe/Paris"},
        "end": {"dateTime": "2026-10-19T12:30:00+02:00", "timeZone": "Europe/Paris"},
        "recurrence": ["RRULE:FREQ=WEEKLY;UNTIL=20261109T225959Z;BYDAY=MO"],
        "transparency": "transparent",
        "extendedProperties": {"private": {"rdv.kind": "availability"}},
    })
}

async fn list(env: &Env, t: &str, q: &str) -> Vec<Value> {
    let r = env.get(t, &format!("{}?{q}", events(A))).await;
    assert_eq!(r.status, 200, "{}", r.text);
    r.items()
}

/// notes §4: `singleEvents=true` expands the series (the master is not returned); instance ids
/// are `<masterId>_<YYYYMMDDTHHMMSSZ>` of the original start in UTC, with `recurringEventId`
/// and `originalStartTime`, inheriting the master's markers; the wall-clock time stays 09:00
/// across the DST change; `singleEvents=false` returns the master with its `recurrence`.
#[tokio::test]
async fn single_events_expands_instances_with_googles_ids() {
    let env = start().await;
    let t = env.token(A);
    let master = env.post(&t, &events(A), weekly()).await.body;
    let id = master["id"].as_str().unwrap();
    let items = list(&env, &t, "singleEvents=true&orderBy=startTime").await;
    assert_eq!(
        ids(&items),
        [
            format!("{id}_20261019T070000Z"),
            format!("{id}_20261026T080000Z"),
            format!("{id}_20261102T080000Z"),
            format!("{id}_20261109T080000Z"),
        ]
    );
    let second = &items[1];
    assert_eq!(second["recurringEventId"], id);
    assert_eq!(
        second["start"]["dateTime"], "2026-10-26T09:00:00+01:00",
        "still 09:00 in Paris"
    );
    assert_eq!(
        second["originalStartTime"],
        json!({"dateTime": "2026-10-26T09:00:00+01:00", "timeZone": "Europe/Paris"})
    );
    assert!(
        second.get("recurrence").is_none(),
        "recurrence is omitted on instances"
    );
    assert_eq!(second["extendedProperties"], master["extendedProperties"]);
    assert_eq!(
        second["iCalUID"], master["iCalUID"],
        "instances share the iCalUID"
    );
    let windowed = list(
        &env,
        &t,
        "singleEvents=true&timeMin=2026-10-27T00:00:00Z&timeMax=2026-11-03T00:00:00Z",
    )
    .await;
    assert_eq!(ids(&windowed), [format!("{id}_20261102T080000Z")]);
    let masters = list(&env, &t, "").await;
    assert_eq!(ids(&masters), [id]);
    assert_eq!(masters[0]["recurrence"], master["recurrence"]);
    let inst = env
        .get(&t, &format!("{}/{id}_20261026T080000Z", events(A)))
        .await;
    assert_eq!(inst.status, 200, "an instance can be fetched by its id");
    let not_an_instance = env
        .get(&t, &format!("{}/{id}_20261027T080000Z", events(A)))
        .await;
    assert_eq!(
        not_an_instance.status, 404,
        "the rule does not produce that one"
    );
}

/// notes §3: `instances` lists a series' instances (no sync token).
#[tokio::test]
async fn the_instances_endpoint_lists_the_series() {
    let env = start().await;
    let t = env.token(A);
    let id = env.post(&t, &events(A), weekly()).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = env.get(&t, &format!("{}/{id}/instances", events(A))).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.items().len(), 4);
    assert!(r.body.get("nextSyncToken").is_none());
    let r = env
        .get(&t, &format!("{}/{id}/instances?maxResults=3", events(A)))
        .await;
    assert!(r.body["nextPageToken"].is_string());
}

/// notes §4 and samples/events-incremental-modified-instance.compass.json: patching an instance
/// makes an exception with the same id, its own `sequence` (1), `recurringEventId` and an
/// unchanged `originalStartTime`; incremental sync delivers it with the recorded keys;
/// `singleEvents=false` lists the master and the exception.
#[tokio::test]
async fn patching_an_instance_makes_an_exception() {
    let env = start().await;
    let t = env.token(A);
    let id = env.post(&t, &events(A), weekly()).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let token = env.get(&t, &events(A)).await.body["nextSyncToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let inst_id = format!("{id}_20261026T080000Z");
    let r = env
        .patch(
            &t,
            &format!("{}/{inst_id}", events(A)),
            json!({"start": {"dateTime": "2026-10-26T14:00:00+01:00"}, "end": {"dateTime": "2026-10-26T17:30:00+01:00"}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["id"], inst_id.as_str());
    assert_eq!(r.body["sequence"], 1);
    assert_eq!(r.body["recurringEventId"], id.as_str());
    assert_eq!(
        r.body["originalStartTime"]["dateTime"], "2026-10-26T09:00:00+01:00",
        "immutable"
    );

    let delta = env
        .get(&t, &format!("{}?syncToken={}", events(A), enc(&token)))
        .await
        .items();
    assert_eq!(ids(&delta), std::slice::from_ref(&inst_id));
    let recorded = sample("events-incremental-modified-instance.compass.json");
    let ours = keys(&delta[0]);
    let theirs = keys(&recorded["items"][1]);
    assert!(
        ours.is_superset(&theirs),
        "every key of the recorded exception: {ours:?}"
    );
    let extra: Vec<&String> = ours.difference(&theirs).collect();
    assert_eq!(
        extra,
        ["extendedProperties", "transparency"],
        "plus what our master carries"
    );

    let single = list(&env, &t, "singleEvents=true&orderBy=startTime").await;
    assert_eq!(single[1]["start"]["dateTime"], "2026-10-26T14:00:00+01:00");
    assert_eq!(single.len(), 4, "the exception replaces its instance");
    let masters = list(&env, &t, "").await;
    assert_eq!(ids(&masters), [id.clone(), inst_id]);
}

/// notes §4 and samples/events-incremental-cancelled-instance.compass.json: deleting an instance
/// makes a cancelled exception (`id, recurringEventId, originalStartTime`), the master's
/// `recurrence` gets no EXDATE. notes §1: with `showDeleted=false` and `singleEvents=false` the
/// cancelled exception is still listed; with `singleEvents=true` it is listed only with
/// `showDeleted=true`.
#[tokio::test]
async fn deleting_an_instance_makes_a_cancelled_exception() {
    let env = start().await;
    let t = env.token(A);
    let master = env.post(&t, &events(A), weekly()).await.body;
    let id = master["id"].as_str().unwrap();
    let token = env.get(&t, &events(A)).await.body["nextSyncToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let inst_id = format!("{id}_20261102T080000Z");
    assert_eq!(
        env.delete(&t, &format!("{}/{inst_id}", events(A)))
            .await
            .status,
        204
    );

    let delta = env
        .get(&t, &format!("{}?syncToken={}", events(A), enc(&token)))
        .await
        .items();
    let recorded = sample("events-incremental-cancelled-instance.compass.json");
    assert_eq!(ids(&delta), std::slice::from_ref(&inst_id));
    assert_eq!(
        keys(&delta[0]),
        keys(&recorded["items"][1]),
        "the recorded cancelled-instance shape"
    );
    assert_eq!(
        delta[0]["originalStartTime"],
        json!({"dateTime": "2026-11-02T09:00:00+01:00", "timeZone": "Europe/Paris"})
    );
    let got = env.get(&t, &format!("{}/{id}", events(A))).await.body;
    assert_eq!(got["recurrence"], master["recurrence"], "no EXDATE added");

    let single = list(&env, &t, "singleEvents=true").await;
    assert_eq!(single.len(), 3);
    let with_deleted = list(&env, &t, "singleEvents=true&showDeleted=true").await;
    assert!(ids(&with_deleted).contains(&inst_id));
    let masters = list(&env, &t, "singleEvents=false").await;
    assert_eq!(
        ids(&masters),
        [id.to_owned(), inst_id.clone()],
        "cancelled exceptions stay listed"
    );
    assert_eq!(keys(&masters[1]), keys(&recorded["items"][1]));
    assert_eq!(
        env.delete(&t, &format!("{}/{inst_id}", events(A)))
            .await
            .status,
        410
    );
}

/// samples/events-incremental-deleted-event.compass.json: deleting a series delivers the master
/// as `kind, etag, id, status:"cancelled"`; its exceptions are cancelled with it; listings with
/// `showDeleted=true` and `singleEvents=true` return no instance of it.
#[tokio::test]
async fn deleting_a_series_cancels_it_whole() {
    let env = start().await;
    let t = env.token(A);
    let id = env.post(&t, &events(A), weekly()).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    env.patch(
        &t,
        &format!("{}/{id}_20261026T080000Z", events(A)),
        json!({"summary": "modifié"}),
    )
    .await;
    let token = env.get(&t, &events(A)).await.body["nextSyncToken"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        env.delete(&t, &format!("{}/{id}", events(A))).await.status,
        204
    );
    let delta = env
        .get(&t, &format!("{}?syncToken={}", events(A), enc(&token)))
        .await
        .items();
    let master = delta.iter().find(|i| i["id"] == id.as_str()).unwrap();
    let recorded = sample("events-incremental-deleted-event.compass.json");
    assert_eq!(keys(master), keys(&recorded["items"][0]));
    assert!(delta.iter().all(|i| i["status"] == "cancelled"));
    assert_eq!(delta.len(), 2, "master and its exception");
    assert!(
        list(&env, &t, "singleEvents=true&showDeleted=true")
            .await
            .is_empty()
    );
    let single = env
        .get(
            &t,
            &format!("{}?singleEvents=true&syncToken={}", events(A), enc(&token)),
        )
        .await
        .items();
    assert!(
        single
            .iter()
            .any(|i| i["id"] == id.as_str() && i["status"] == "cancelled"),
        "with singleEvents, a deleted series arrives as its cancelled master id (crate docs)"
    );
}

/// notes §3/§4: a recurring event needs `start.timeZone`; unsupported rules are refused;
/// all-day series have `<masterId>_<YYYYMMDD>` instance ids.
#[tokio::test]
async fn recurring_inserts_are_validated_and_all_day_ids_use_dates() {
    let env = start().await;
    let t = env.token(A);
    let no_zone = json!({"start": {"dateTime": "2026-11-02T09:00:00+01:00"}, "end": {"dateTime": "2026-11-02T10:00:00+01:00"},
                         "recurrence": ["RRULE:FREQ=DAILY;COUNT=2"]});
    let r = env.post(&t, &events(A), no_zone).await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.body["error"]["message"],
        "Missing time zone definition for start time."
    );
    let bad = json!({"start": {"dateTime": "2026-11-02T09:00:00+01:00", "timeZone": "Europe/Paris"},
                     "end": {"dateTime": "2026-11-02T10:00:00+01:00"}, "recurrence": ["RRULE:FREQ=SECONDLY"]});
    assert_eq!(env.post(&t, &events(A), bad).await.status, 400);
    let all_day = json!({"summary": "Congés", "start": {"date": "2026-12-24"}, "end": {"date": "2026-12-26"},
                         "recurrence": ["RRULE:FREQ=YEARLY;COUNT=2"]});
    let id = env.post(&t, &events(A), all_day).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let items = list(&env, &t, "singleEvents=true").await;
    assert_eq!(
        ids(&items),
        [format!("{id}_20261224"), format!("{id}_20271224")]
    );
    assert_eq!(items[1]["end"], json!({"date": "2027-12-26"}));
}

/// notes §2 with `singleEvents=true`: changing a series re-sends its instances in the
/// incremental sync (crate docs); `events.instances` of a single event lists that event.
#[tokio::test]
async fn a_changed_series_resends_its_instances_with_single_events() {
    let env = start().await;
    let t = env.token(A);
    let id = env.post(&t, &events(A), weekly()).await.body["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let token = env
        .get(&t, &format!("{}?singleEvents=true", events(A)))
        .await
        .body["nextSyncToken"]
        .as_str()
        .unwrap()
        .to_owned();
    env.control
        .patch_event(A, &id, json!({"summary": "Disponible – Consultation"}));
    let delta = env
        .get(
            &t,
            &format!("{}?singleEvents=true&syncToken={}", events(A), enc(&token)),
        )
        .await
        .items();
    assert_eq!(delta.len(), 4);
    assert!(delta.iter().all(
        |i| i["summary"] == "Disponible – Consultation" && i["recurringEventId"] == id.as_str()
    ));
    let single = env
        .insert_at(&t, A, "one", "2026-11-26T10:00:00Z", "2026-11-26T11:00:00Z")
        .await;
    let r = env
        .get(
            &t,
            &format!("{}/{}/instances", events(A), single["id"].as_str().unwrap()),
        )
        .await;
    assert_eq!(ids(&r.items()), [single["id"].as_str().unwrap()]);
}
