//! `POST freeBusy` (google-calendar-notes.md §8).

use serde_json::json;

use crate::support::*;

/// notes §8: busy intervals come from opaque, non-cancelled events, recurring series expanded
/// (minus cancelled instances); transparent and cancelled events are free; overlapping blocks
/// merge; `timeMin`/`timeMax` are echoed as `…000Z`, busy times in UTC `Z`; an unknown calendar
/// gets `errors:[{domain, reason:"notFound"}]` instead of failing the request.
#[tokio::test]
async fn free_busy_counts_only_opaque_live_events() {
    let env = start().await;
    let t = env.token(A);
    let d = |s: &str| json!({"dateTime": s, "timeZone": "Europe/Paris"});
    env.control.insert_event(A, json!({"summary": "busy", "start": d("2026-11-23T10:00:00+01:00"), "end": d("2026-11-23T10:30:00+01:00")}));
    env.control.insert_event(A, json!({"summary": "overlap", "start": d("2026-11-23T10:15:00+01:00"), "end": d("2026-11-23T11:00:00+01:00")}));
    env.control.insert_event(A, json!({"summary": "free", "transparency": "transparent", "start": d("2026-11-23T14:00:00+01:00"), "end": d("2026-11-23T18:00:00+01:00")}));
    let cancelled = env.control.insert_event(A, json!({"summary": "cancelled", "start": d("2026-11-23T16:00:00+01:00"), "end": d("2026-11-23T17:00:00+01:00")}));
    env.control
        .delete_event(A, cancelled["id"].as_str().unwrap());
    let series = env.control.insert_event(A, json!({"summary": "weekly", "start": d("2026-11-24T09:00:00+01:00"), "end": d("2026-11-24T10:00:00+01:00"),
        "recurrence": ["RRULE:FREQ=DAILY;COUNT=3"]}));
    env.control.delete_event(
        A,
        &format!("{}_20261125T080000Z", series["id"].as_str().unwrap()),
    );
    let r = env
        .post(
            &t,
            "freeBusy",
            json!({"timeMin": "2026-11-23T00:00:00+01:00", "timeMax": "2026-11-30T00:00:00+01:00",
            "items": [{"id": A}, {"id": "nobody@example.fr"}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert_eq!(r.body["kind"], "calendar#freeBusy");
    assert_eq!(r.body["timeMin"], "2026-11-22T23:00:00.000Z");
    assert_eq!(
        r.body["calendars"][A],
        json!({"busy": [
            {"start": "2026-11-23T09:00:00Z", "end": "2026-11-23T10:00:00Z"},
            {"start": "2026-11-24T08:00:00Z", "end": "2026-11-24T09:00:00Z"},
            {"start": "2026-11-26T08:00:00Z", "end": "2026-11-26T09:00:00Z"},
        ]})
    );
    assert_eq!(
        r.body["calendars"]["nobody@example.fr"],
        json!({"errors": [{"domain": "global", "reason": "notFound"}], "busy": []})
    );
    let clipped = env
        .post(&t, "freeBusy", json!({"timeMin": "2026-11-23T09:15:00Z", "timeMax": "2026-11-23T09:45:00Z", "items": [{"id": "primary"}]}))
        .await;
    assert_eq!(
        clipped.body["calendars"]["primary"]["busy"],
        json!([{"start": "2026-11-23T09:15:00Z", "end": "2026-11-23T09:45:00Z"}])
    );
    let empty = env
        .post(&t, "freeBusy", json!({"timeMin": "2026-11-23T10:00:00Z", "timeMax": "2026-11-23T10:00:00Z", "items": []}))
        .await;
    assert_eq!(empty.reason(), "timeRangeEmpty");
}
