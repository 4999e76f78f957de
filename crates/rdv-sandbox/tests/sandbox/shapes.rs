//! Shapes compared with the recorded samples and the discovery document as a whole.

use std::collections::BTreeSet;

use serde_json::json;

use crate::support::*;

/// samples/events-list-last-page.libgdata.json: a single-page listing has the recorded envelope
/// keys (`kind, etag, summary, updated, timeZone, accessRole, defaultReminders, nextSyncToken,
/// items` + `description`) and items with the recorded keys (timed and all-day); list etags look
/// like `"p3…"`, event etags have 16 digits.
#[tokio::test]
async fn a_listing_has_the_recorded_envelope_and_item_keys() {
    let env = start().await;
    let t = env.token(A);
    let recorded = sample("events-list-last-page.libgdata.json");
    for item in recorded["items"].as_array().unwrap() {
        let mut input = item.clone();
        for k in [
            "kind",
            "etag",
            "id",
            "htmlLink",
            "created",
            "updated",
            "creator",
            "organizer",
            "iCalUID",
        ] {
            input.as_object_mut().unwrap().remove(k);
        }
        let r = env
            .post(&t, &format!("calendars/{}/events", enc(A)), input)
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
    }
    let r = env.get(&t, &format!("calendars/{}/events", enc(A))).await;
    let mut theirs = keys(&recorded);
    theirs.insert("description".into());
    assert_eq!(keys(&r.body), theirs);
    let etag = r.body["etag"].as_str().unwrap();
    assert!(etag.starts_with("\"p3") && etag.ends_with('"'), "{etag}");
    for (ours, theirs) in r.items().iter().zip(recorded["items"].as_array().unwrap()) {
        let mut k = keys(ours);
        assert!(k.remove("eventType"));
        assert_eq!(k, keys(theirs), "{}", ours["summary"]);
        assert!(is_digit_etag(&ours["etag"], 16));
        assert_eq!(
            keys(&ours["start"]),
            keys(&theirs["start"]),
            "timed vs all-day"
        );
    }
}

/// samples/event-items-cancelled-forms.compass.json: both cancelled-item forms parse as our
/// cancelled items — each recorded item's keys are among the keys our minimal shapes use.
#[tokio::test]
async fn cancelled_items_use_the_recorded_forms() {
    let forms = sample("event-items-cancelled-forms.compass.json");
    let allowed: BTreeSet<String> = [
        "kind",
        "etag",
        "id",
        "status",
        "recurringEventId",
        "originalStartTime",
    ]
    .map(String::from)
    .into();
    for f in forms.as_array().unwrap() {
        assert!(keys(f).is_subset(&allowed), "{f}");
    }
    let env = start().await;
    let t = env.token(A);
    let token = env
        .get(&t, &format!("calendars/{}/events", enc(A)))
        .await
        .body["nextSyncToken"]
        .as_str()
        .unwrap()
        .to_owned();
    let e = env.control.insert_event(
        A,
        json!({"start": {"date": "2026-11-26"}, "end": {"date": "2026-11-27"}, "summary": "x"}),
    );
    env.control.delete_event(A, e["id"].as_str().unwrap());
    let delta = env
        .get(
            &t,
            &format!("calendars/{}/events?syncToken={}", enc(A), enc(&token)),
        )
        .await
        .items();
    assert_eq!(keys(&delta[0]), keys(&forms[1]), "the id/status form");
}

/// google-calendar-notes.md §5: `colors.get` gives the API palettes.
#[tokio::test]
async fn colors_are_googles_api_palettes() {
    let env = start().await;
    let r = env.get(&env.token(A), "colors").await;
    assert_eq!(
        r.body["event"]["11"],
        json!({"background": "#dc2127", "foreground": "#1d1d1d"})
    );
    assert_eq!(r.body["calendar"].as_object().unwrap().len(), 24);
    assert_eq!(
        r.body["calendar"]["17"]["background"], "#9a9cff",
        "as calendar-list.libgdata.json colorId 17"
    );
}

/// notes §10–§11: what the sandbox does not implement answers 501, unknown paths 404 in Google's
/// error shape; `calendars/{id}` describes the calendar.
#[tokio::test]
async fn unimplemented_and_unknown_paths() {
    let env = start().await;
    let t = env.token(A);
    let r = env
        .post(
            &t,
            &format!("calendars/{}/events/watch", enc(A)),
            json!({"id": "c", "type": "web_hook"}),
        )
        .await;
    assert_eq!(r.status, 501);
    let r = env.get(&t, "nothing/here").await;
    assert_eq!(
        (r.status, r.body.clone()),
        (404, error_sample("404_notFound"))
    );
    let r = env.get(&t, &format!("calendars/{}", enc(A))).await;
    assert_eq!(
        (r.body["kind"].as_str(), r.body["timeZone"].as_str()),
        (Some("calendar#calendar"), Some("Europe/Paris"))
    );
}
