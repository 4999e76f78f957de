//! Events whose end is not after their start, from the sandbox through a real sync: a booking
//! with no length (Google accepts one) and one ending before it starts (Google refuses to
//! create one, the sandbox's control API seeds it as older data may hold it). Both are kept as
//! Google holds them, shown at their start with no length and flagged, and *Déplacer* answers
//! at once with a message the user can act on instead of stepping by a length that is not
//! there (issue #13).

use crate::privacy::setup;
use chrono::{DateTime, Duration, NaiveTime, SecondsFormat, Utc};
use chrono_tz::Europe::Paris;
use rdv_app::AppError;
use rdv_app::ipc::{BookingAction, EventKind, SpanIssue};
use rdv_core::availability::zone;
use rdv_sandbox::PRACTITIONER;
use serde_json::{Value, json};
use std::sync::Arc;

/// Long enough for a slow shared machine; an unbounded loop never returns at all.
const PROMPTLY: std::time::Duration = std::time::Duration::from_secs(30);

/// Runs `f` on its own thread and fails the test unless it returns within [`PROMPTLY`] (a
/// hang would otherwise only end with the test runner's own limit).
fn promptly<T: Send + 'static>(what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(PROMPTLY)
        .unwrap_or_else(|_| panic!("{what} did not return within {PROMPTLY:?}: an unbounded loop"))
}

fn booking(start: DateTime<Utc>, end: DateTime<Utc>, last_name: &str) -> Value {
    json!({
        "summary": format!("Consultation – Jeanne {last_name}"),
        "start": {"dateTime": start.to_rfc3339(), "timeZone": "Europe/Paris"},
        "end": {"dateTime": end.to_rfc3339(), "timeZone": "Europe/Paris"},
        "extendedProperties": {"private": {
            "rdv.v": "1", "rdv.kind": "booking", "rdv.type": "consultation",
            "rdv.firstName": "Jeanne", "rdv.lastName": last_name
        }}
    })
}

fn availability(start: DateTime<Utc>, end: DateTime<Utc>) -> Value {
    json!({
        "summary": "Disponible",
        "transparency": "transparent",
        "start": {"dateTime": start.to_rfc3339(), "timeZone": "Europe/Paris"},
        "end": {"dateTime": end.to_rfc3339(), "timeZone": "Europe/Paris"},
        "extendedProperties": {"private": {
            "rdv.v": "1", "rdv.kind": "availability", "rdv.type": "consultation"
        }}
    })
}

fn paris(t: DateTime<Utc>) -> String {
    t.with_timezone(&Paris)
        .to_rfc3339_opts(SecondsFormat::Secs, false)
}

fn id(e: &Value) -> String {
    e["id"].as_str().expect("an event id").to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bookings_without_a_positive_length_are_kept_flagged_and_move_options_answers_promptly() {
    let (sb, app, store, _clock, now) = setup().await;
    let day = zone::local_date(Paris, now) + Duration::days(2);
    let at = |h: u32, m: u32| zone::instant(Paris, day, NaiveTime::from_hms_opt(h, m, 0).unwrap());
    let control = sb.control();
    control.insert_event(PRACTITIONER, availability(at(9, 0), at(12, 0)));
    let normal = id(&control.insert_event(PRACTITIONER, booking(at(9, 0), at(9, 30), "Martin")));
    // Google accepts an event whose end is its start.
    let zero = id(&control.insert_event(PRACTITIONER, booking(at(10, 0), at(10, 0), "Petit")));
    // Google refuses an end before the start (400 timeRangeEmpty): seeded as older data holds it.
    let negative =
        id(&control.insert_event(PRACTITIONER, booking(at(11, 0), at(11, 30), "Durand")));
    control.force_event_times(PRACTITIONER, &negative, at(11, 0), at(10, 30));
    let status = app.sync_now().await;
    assert_eq!(status.state, rdv_app::ipc::SyncState::Idle, "{status:?}");

    // Kept as Google holds them: nothing dropped, the end not rewritten in the cache.
    for (event, end) in [(&zero, at(10, 0)), (&negative, at(10, 30))] {
        let brief = store
            .event_brief(PRACTITIONER, event)
            .unwrap()
            .expect("the event is in the cache");
        assert_eq!(
            rdv_store::Moment::decode(&brief.end),
            Some(rdv_store::Moment::At(end)),
            "the cache mirrors Google's end"
        );
    }

    // Shown at their start with no length, and flagged.
    let agenda = app
        .agenda_events(&at(0, 0).to_rfc3339(), &at(23, 0).to_rfc3339())
        .unwrap();
    let shown = |event: &str| {
        agenda
            .iter()
            .find(|e| e.id == event)
            .unwrap_or_else(|| panic!("{event} is shown in the agenda"))
    };
    for (event, start, issue) in [
        (&zero, at(10, 0), SpanIssue::NoLength),
        (&negative, at(11, 0), SpanIssue::EndBeforeStart),
    ] {
        let e = shown(event);
        assert_eq!(e.kind, EventKind::Booking);
        assert_eq!(e.start, paris(start), "shown at its start");
        assert_eq!(e.end, e.start, "with no length, never a negative one");
        assert_eq!(e.span_issue, Some(issue), "flagged for the user");
    }
    assert_eq!(
        shown(&normal).span_issue,
        None,
        "a normal booking is not flagged"
    );
    let upcoming = app.upcoming_bookings(None).unwrap();
    for event in [&zero, &negative] {
        let b = upcoming
            .iter()
            .find(|b| b.id == *event)
            .expect("listed in Rendez-vous");
        assert!(b.span_issue.is_some(), "flagged in Rendez-vous too");
    }

    // *Déplacer* answers at once: a clear refusal, not an endless search.
    let app = Arc::new(app);
    for (event, words) in [
        (zero.clone(), "finit à l'heure où il commence"),
        (negative.clone(), "finit avant de commencer"),
    ] {
        let (a, e) = (app.clone(), event.clone());
        let answer = promptly("move_options", move || {
            a.move_options(PRACTITIONER, &e, day)
        });
        match answer {
            Err(AppError::InvalidInput(message)) => {
                let message = message.fr;
                assert!(message.contains(words), "says what is wrong: {message}");
                assert!(
                    message.contains("Google Agenda"),
                    "says where to fix it: {message}"
                );
            }
            other => panic!("a clear refusal for {event}, got {other:?}"),
        }
        let moved = app
            .act_on_booking(
                PRACTITIONER,
                &event,
                BookingAction::Move {
                    start: at(9, 30).to_rfc3339(),
                    force: true,
                },
            )
            .await;
        assert!(
            matches!(moved, Err(AppError::InvalidInput(_))),
            "a move is refused before anything is queued: {moved:?}"
        );
    }
    assert!(app.outbox_items().unwrap().is_empty(), "nothing was queued");

    // A normal booking still gets every free start of the range, stepping by its length; the
    // flagged bookings block no time.
    let a = app.clone();
    let options = promptly("move_options", move || {
        a.move_options(PRACTITIONER, &normal, day)
    })
    .expect("free starts");
    let expected: Vec<String> = [(9, 0), (9, 30), (10, 0), (10, 30), (11, 0), (11, 30)]
        .into_iter()
        .map(|(h, m)| paris(at(h, m)))
        .collect();
    assert_eq!(options, expected);
}
