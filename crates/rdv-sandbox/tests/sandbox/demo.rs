//! The demo seed (docs/calendar-conventions.md; Seed::Demo).

use chrono::{DateTime, FixedOffset, Utc};
use rdv_sandbox::{DEMO_APPOINTMENT_TYPES, PRACTITIONER, SECRETARY};
use serde_json::{Value, json};

use crate::support::*;

fn at(v: &Value) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(v["dateTime"].as_str().expect("a timed event")).unwrap()
}

fn private<'a>(e: &'a Value, key: &str) -> Option<&'a str> {
    e["extendedProperties"]["private"][key].as_str()
}

/// Lists the two demo weeks expanded, as the app's sync would.
async fn two_weeks(env: &Env, from: &str, to: &str) -> Vec<Value> {
    let t = env.token(PRACTITIONER);
    let pages = env
        .pages(
            &t,
            &format!(
                "calendars/{}/events?singleEvents=true&orderBy=startTime&maxResults=2500&timeMin={}&timeMax={}",
                enc(PRACTITIONER),
                enc(from),
                enc(to)
            ),
        )
        .await;
    pages.iter().flat_map(|p| p.items()).collect()
}

/// Checks every convention invariant of a demo seeded at `now`; returns the bookings.
async fn check_demo(now: &str, monday: &str, next_monday_but_one: &str) -> Vec<Value> {
    let env = start_demo(now).await;
    let now: DateTime<Utc> = now.parse().unwrap();
    let items = two_weeks(&env, monday, next_monday_but_one).await;
    let kind = |e: &Value| private(e, "rdv.kind").map(str::to_owned);
    let availability: Vec<&Value> = items
        .iter()
        .filter(|e| kind(e).as_deref() == Some("availability"))
        .collect();
    let bookings: Vec<&Value> = items
        .iter()
        .filter(|e| kind(e).as_deref() == Some("booking"))
        .collect();
    let others: Vec<&Value> = items.iter().filter(|e| kind(e).is_none()).collect();

    assert_eq!(
        availability.len(),
        15,
        "8 weekly ranges × 2 weeks, one cancelled instance"
    );
    for a in &availability {
        assert_eq!(
            a["transparency"], "transparent",
            "availability never counts as busy"
        );
        assert_eq!(a["visibility"], "private");
        assert!(
            a["recurringEventId"].is_string(),
            "published as weekly series"
        );
        assert_eq!(private(a, "rdv.v"), Some("1"));
        assert!(a["summary"].as_str().unwrap().starts_with("Disponible"));
    }
    let masters: Vec<Value> = env
        .control
        .events(PRACTITIONER)
        .into_iter()
        .filter(|e| e.get("recurrence").is_some())
        .collect();
    assert_eq!(masters.len(), 8);
    for m in &masters {
        let rule = m["recurrence"][0].as_str().unwrap();
        assert!(
            rule.starts_with("RRULE:FREQ=WEEKLY;UNTIL=") && rule.contains(";BYDAY="),
            "{rule}"
        );
    }

    assert_eq!(bookings.len(), 40, "about forty bookings");
    let mut spans = Vec::new();
    for b in &bookings {
        let p = |k: &str| private(b, k).unwrap_or_else(|| panic!("{k} on {}", b["summary"]));
        assert_eq!(p("rdv.v"), "1");
        let ty = DEMO_APPOINTMENT_TYPES
            .iter()
            .find(|t| t.id == p("rdv.type"))
            .expect("a known type");
        assert!(["site", "phone"].contains(&p("rdv.source")));
        let (first, last) = (p("rdv.firstName"), p("rdv.lastName"));
        assert_eq!(b["summary"], format!("{} – {first} {last}", ty.label));
        let phone = p("rdv.phone");
        assert!(
            (phone.starts_with("+336") || phone.starts_with("+337")) && phone.len() == 12,
            "{phone}"
        );
        assert!(p("rdv.email").ends_with("@example.fr") && p("rdv.email").is_ascii());
        let (start, end) = (at(&b["start"]), at(&b["end"]));
        assert_eq!(
            (end - start).num_minutes(),
            ty.minutes as i64,
            "duration of {}",
            ty.id
        );
        assert_eq!(b["start"]["timeZone"], "Europe/Paris");
        assert!(
            b.get("transparency").is_none() && b.get("attendees").is_none(),
            "opaque, no attendee"
        );
        let booked: DateTime<Utc> = p("rdv.bookedAt").parse().unwrap();
        assert!(p("rdv.bookedAt").ends_with('Z'));
        assert!(
            booked <= now && booked < start,
            "booked before it happens and not in the future"
        );
        let inside = availability
            .iter()
            .find(|a| at(&a["start"]) <= start && end <= at(&a["end"]));
        let range =
            inside.unwrap_or_else(|| panic!("{} is outside the opening hours", b["summary"]));
        if let Some(types) = private(range, "rdv.type") {
            assert!(
                types.split(',').any(|t| t == ty.id),
                "{} is not open on that range",
                ty.id
            );
        }
        spans.push((start, end));
    }
    spans.sort();
    for w in spans.windows(2) {
        assert!(w[0].1 <= w[1].0, "bookings never overlap: {w:?}");
    }
    assert!(
        bookings
            .iter()
            .any(|b| private(b, "rdv.source") == Some("phone"))
    );
    assert!(
        bookings
            .iter()
            .any(|b| private(b, "rdv.source") == Some("site"))
    );

    assert!((2..=3).contains(&others.len()), "a few autre events");
    for o in &others {
        if o["start"].get("dateTime").is_some() {
            let (s, e) = (at(&o["start"]), at(&o["end"]));
            assert!(
                spans.iter().all(|(bs, be)| *be <= s || e <= *bs),
                "{} overlaps a booking",
                o["summary"]
            );
        }
    }

    // Shared as Google shares it: in the secretary's list once she adds it (calendar_list.rs).
    let secretary = env.token(SECRETARY);
    let before = env.get(&secretary, "users/me/calendarList").await.items();
    assert!(
        before.iter().all(|c| c["id"] != PRACTITIONER),
        "not listed before the secretary adds it"
    );
    let added = env
        .post(
            &secretary,
            "users/me/calendarList",
            json!({ "id": PRACTITIONER }),
        )
        .await;
    assert_eq!(added.status, 200, "{}", added.text);
    let list = env.get(&secretary, "users/me/calendarList").await.items();
    let shared = list
        .iter()
        .find(|c| c["id"] == PRACTITIONER)
        .expect("shared with the secretary");
    assert_eq!(shared["accessRole"], "writer");
    assert!(
        list.iter()
            .any(|c| c["id"] == SECRETARY && c["primary"] == true)
    );
    env.sandbox.stop().await;
    bookings.into_iter().cloned().collect()
}

/// docs/calendar-conventions.md (markers, bookings, availability ranges, autre events) and the
/// brief: two weeks of weekly availability from the Monday of now's week, ~40 non-overlapping
/// bookings inside it, French patients with E.164 phones, some past, some today, most ahead; the
/// secretary has `writer` access (a rule: she adds the agenda to her list herself).
#[tokio::test]
async fn the_demo_follows_the_calendar_conventions() {
    let bookings = check_demo(
        "2026-11-26T10:00:00Z",
        "2026-11-23T00:00:00+01:00",
        "2026-12-07T00:00:00+01:00",
    )
    .await;
    let now: DateTime<Utc> = "2026-11-26T10:00:00Z".parse().unwrap();
    let today = |b: &Value| {
        b["start"]["dateTime"]
            .as_str()
            .unwrap()
            .starts_with("2026-11-26")
    };
    assert!(
        bookings.iter().any(|b| at(&b["start"]) < now),
        "some are past"
    );
    assert!(bookings.iter().any(today), "some are today");
    assert!(
        bookings.iter().filter(|b| at(&b["start"]) > now).count() > 20,
        "most are ahead"
    );
}

/// HOUSE-STYLE "test the DST Sundays of Europe/Paris": a demo whose two weeks span the end of
/// summer time (25 Oct 2026) keeps its opening hours in local time.
#[tokio::test]
async fn the_demo_keeps_local_hours_across_the_dst_change() {
    check_demo(
        "2026-10-22T10:00:00Z",
        "2026-10-19T00:00:00+02:00",
        "2026-11-02T00:00:00+01:00",
    )
    .await;
    let env = start_demo("2026-10-22T10:00:00Z").await;
    let items = two_weeks(
        &env,
        "2026-10-26T00:00:00+01:00",
        "2026-10-27T00:00:00+01:00",
    )
    .await;
    let monday_morning = items
        .iter()
        .find(|e| private(e, "rdv.kind") == Some("availability"))
        .unwrap();
    assert_eq!(
        monday_morning["start"]["dateTime"],
        "2026-10-26T09:00:00+01:00"
    );
}

/// Seed::Demo docs: deterministic for a given `now` (ids, names, times).
#[tokio::test]
async fn the_demo_is_deterministic() {
    let fingerprint = |events: Vec<Value>| -> Vec<(Value, Value, Value)> {
        events
            .into_iter()
            .map(|e| (e["id"].clone(), e["summary"].clone(), e["start"].clone()))
            .collect()
    };
    let a = start_demo("2026-11-26T10:00:00Z").await;
    let b = start_demo("2026-11-26T10:00:00Z").await;
    assert_eq!(
        fingerprint(a.control.events(PRACTITIONER)),
        fingerprint(b.control.events(PRACTITIONER))
    );
    assert!(
        a.control.events(SECRETARY).is_empty(),
        "the secretary's own calendar exists, empty"
    );
}

/// `Sandbox::seed_event` (the demo's way to add its configuration event, no control API): the
/// event is stored as the owner wrote it and served by the API; a refused one says why and
/// stores nothing.
#[tokio::test]
async fn the_demo_seeds_an_event_without_the_control_api() {
    let env = start_demo("2026-03-04T10:00:00Z").await;
    let event = serde_json::json!({
        "id": "rdvconfigseedtest",
        "summary": "Configuration",
        "start": {"date": "2000-01-01"},
        "end": {"date": "2000-01-02"},
        "extendedProperties": {"private": {"rdv.kind": "config"}},
    });
    let seeded = env.sandbox.seed_event(PRACTITIONER, event).unwrap();
    assert_eq!(seeded["creator"]["email"], PRACTITIONER);
    let t = env.token(PRACTITIONER);
    let read = env
        .get(
            &t,
            &format!("calendars/{}/events/rdvconfigseedtest", enc(PRACTITIONER)),
        )
        .await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!(private(&read.body, "rdv.kind"), Some("config"));

    let unknown = env
        .sandbox
        .seed_event("nobody@example.fr", serde_json::json!({}))
        .unwrap_err();
    assert!(
        unknown.to_string().contains("nobody@example.fr"),
        "{unknown}"
    );
    let invalid = env
        .sandbox
        .seed_event(PRACTITIONER, serde_json::json!({"summary": "no start"}))
        .unwrap_err();
    assert!(invalid.to_string().contains(PRACTITIONER), "{invalid}");
    assert!(
        env.control
            .events(PRACTITIONER)
            .iter()
            .all(|e| e["summary"] != "no start"),
        "a refused event is not stored"
    );
}
