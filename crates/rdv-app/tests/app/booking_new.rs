//! *Nouveau rendez-vous* against the sandbox, at a pinned instant (Monday 2 March 2026, 09:00 in
//! Paris) on the demo practice with its published configuration: a booking costs one check then
//! one write; a slot taken meanwhile writes nothing and offers the next slots; offline, the
//! booking waits (shown pending) and is written once; a lost answer retried makes no duplicate;
//! a reader is refused; a secretary's forced booking outside availability is a booking only; a
//! series crossing a holiday writes nothing until its conflicts are accepted.

use crate::fixtures::instant;
use rdv_app::ipc::{
    AppInfo, BookingSource, DraftField, ErrorCode, NewBookingDraft, NewBookingState,
};
use rdv_app::{App, Ports};
use rdv_core::ports::testing::{FixedClock, MemorySecretStore, RecordingNotifier};
use rdv_sandbox::{
    Consent, Fault, FaultKind, PRACTITIONER, RecordedRequest, SECRETARY, Sandbox, SandboxConfig,
    Seed,
};
use rdv_store::Store;
use serde_json::Value;
use std::sync::Arc;

/// An app linked to the demo practice's sandbox, its clock pinned.
struct Practice {
    app: App,
    shown: Arc<RecordingNotifier>,
    sb: Sandbox,
    _dir: tempfile::TempDir,
}

/// The demo practice (bookings, availability for two weeks, its published configuration) and
/// an app linked as `account` (the practitioner, or her secretary with `role`).
async fn practice(account: &str, role: &str) -> Practice {
    let sb = Sandbox::start(SandboxConfig {
        port: 0,
        seed: Seed::Demo { now: instant() },
        consent: Consent::Approve(account.to_owned()),
    })
    .await
    .unwrap();
    rdv_app::demo::publish_demo_configuration(&sb, instant()).unwrap();
    if account == SECRETARY {
        // The ACL rule as Partage writes it; she adds the agenda below, as she must in Google.
        sb.control().grant(PRACTITIONER, SECRETARY, role);
    }
    let dir = tempfile::tempdir().unwrap();
    let shown = Arc::new(RecordingNotifier::default());
    let ports = Ports {
        secrets: Arc::new(MemorySecretStore::default()),
        notifier: shown.clone(),
        sink: Arc::new(rdv_app::ports::NoEvents),
        browser: Arc::new(rdv_app::demo::HeadlessConsent),
        clock: Arc::new(FixedClock::new(instant().into())),
        desktop: Arc::new(rdv_app::ports::NoDesktop),
    };
    let info = AppInfo {
        name: "t".into(),
        version: "0".into(),
        data_dir: "".into(),
        log_dir: "".into(),
    };
    let store = Arc::new(Store::open(&dir.path().join("rdv.sqlite3")).unwrap());
    let app = App::new(store, ports, info, None);
    app.link_sandbox(&sb.base_url()).await.unwrap();
    app.sync_now().await;
    if account == SECRETARY {
        let added = app.add_shared_calendar(PRACTITIONER).await.unwrap();
        assert!(added.calendar.selected, "{added:?}");
        // Her calendarList.insert is set-up, not a write of the test's.
        sb.control().reset_requests();
    }
    Practice {
        app,
        shown,
        sb,
        _dir: dir,
    }
}

/// A booking of Jeanne Martin taken on the phone at `start`.
fn draft(start: &str) -> NewBookingDraft {
    NewBookingDraft {
        calendar_id: PRACTITIONER.into(),
        type_id: "consultation".into(),
        start: start.into(),
        last_name: "Martin".into(),
        first_name: "Jeanne".into(),
        phone: "06 12 34 56 78".into(),
        email: String::new(),
        note: "rappeler la veille".into(),
        source: BookingSource::Phone,
        force: false,
    }
}

fn is_check(r: &RecordedRequest) -> bool {
    r.method == "POST" && r.path.ends_with("/freeBusy")
}

fn is_insert(r: &RecordedRequest) -> bool {
    r.method == "POST" && r.path.ends_with("/events")
}

/// Writes to the Calendar API (anything but reads and the free/busy check).
fn writes(sb: &Sandbox) -> Vec<RecordedRequest> {
    sb.control()
        .requests()
        .into_iter()
        .filter(|r| r.path.contains("/calendar/v3/") && r.method != "GET" && !is_check(r))
        .collect()
}

/// The practitioner's events written by the app (they carry an `rdv.op`).
fn created(sb: &Sandbox) -> Vec<Value> {
    sb.control()
        .events(PRACTITIONER)
        .into_iter()
        .filter(|e| e["extendedProperties"]["private"]["rdv.action"] == "create")
        .collect()
}

/// The first free consultation slot from `day`.
async fn first_slot(p: &Practice, day: &str) -> String {
    let slots = p
        .app
        .booking_slots(PRACTITIONER, "consultation", day.parse().unwrap())
        .await
        .unwrap();
    slots.next.first().expect("a free slot").start.clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_booking_costs_one_check_then_one_write_and_is_listed_and_logged() {
    let p = practice(PRACTITIONER, "owner").await;
    let calendars = p.app.booking_calendars().await.unwrap();
    let mine = calendars
        .iter()
        .find(|c| c.id == PRACTITIONER)
        .expect("her agenda");
    assert!(mine.primary);
    assert_eq!(
        mine.types.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(),
        ["consultation", "premiere-consultation", "suivi"]
    );
    let slots = p
        .app
        .booking_slots(PRACTITIONER, "consultation", "2026-03-04".parse().unwrap())
        .await
        .unwrap();
    assert_eq!(slots.next.len(), 8, "the next eight free slots");
    assert!(!slots.day.is_empty());
    assert!(slots.day.iter().all(|s| s.start.starts_with("2026-03-04T")));
    assert_eq!(slots.next[0], slots.day[0], "{slots:#?}");
    let start = slots.next[0].start.clone();
    assert!(
        p.app
            .check_new_booking(&draft(&start))
            .await
            .unwrap()
            .is_empty()
    );

    p.sb.control().reset_requests();
    let outcome = p.app.create_booking(&draft(&start)).await.unwrap();
    assert_eq!(outcome.state, NewBookingState::Applied, "{outcome:?}");
    let requests = p.sb.control().requests();
    let checks: Vec<usize> = (0..requests.len())
        .filter(|&i| is_check(&requests[i]))
        .collect();
    let inserts: Vec<usize> = (0..requests.len())
        .filter(|&i| is_insert(&requests[i]))
        .collect();
    assert_eq!(checks.len(), 1, "one check: {requests:#?}");
    assert_eq!(inserts.len(), 1, "one write");
    assert!(checks[0] < inserts[0], "the check comes first");
    assert_eq!(writes(&p.sb).len(), 1, "and nothing else written");

    let event = created(&p.sb).pop().expect("the booking in Google");
    assert_eq!(event["id"].as_str(), outcome.event_id.as_deref());
    assert_eq!(event["summary"], "Consultation – Jeanne Martin");
    let private = &event["extendedProperties"]["private"];
    assert_eq!(private["rdv.kind"], "booking");
    assert_eq!(private["rdv.source"], "phone");
    assert_eq!(private["rdv.phone"], "+33612345678", "E.164");
    assert_eq!(private["rdv.actor"], PRACTITIONER);
    assert!(event.get("attendees").is_none());

    let listed = p.app.upcoming_bookings(Some("martin jeanne")).unwrap();
    let b = listed
        .iter()
        .find(|b| Some(&b.id) == outcome.event_id.as_ref())
        .expect("listed in Rendez-vous");
    assert!(!b.pending);
    assert_eq!(b.note.as_deref(), Some("rappeler la veille"));
    let log = p.app.activity_log(10).unwrap();
    assert!(
        log.iter().any(|a| a.action == "create"
            && a.by_you
            && Some(&a.event_id) == outcome.event_id.as_ref()
            && a.from.as_deref() == Some(outcome.start.as_str())),
        "logged with its start: {log:?}"
    );
    assert!(
        p.shown
            .shown()
            .iter()
            .all(|n| n.title != "Nouveau rendez-vous"),
        "one's own booking is no news"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slot_taken_meanwhile_writes_nothing_and_offers_the_next_slots() {
    let p = practice(PRACTITIONER, "owner").await;
    let start = first_slot(&p, "2026-03-03").await;
    // Someone types an event over it in Google; this app has not synced since.
    let at = chrono::DateTime::parse_from_rfc3339(&start).unwrap();
    p.sb.control().insert_event(
        PRACTITIONER,
        serde_json::json!({
            "summary": "Réunion",
            "start": {"dateTime": at.to_rfc3339(), "timeZone": "Europe/Paris"},
            "end": {"dateTime": (at + chrono::Duration::minutes(30)).to_rfc3339(), "timeZone": "Europe/Paris"},
        }),
    );
    p.sb.control().reset_requests();
    let outcome = p.app.create_booking(&draft(&start)).await.unwrap();
    assert_eq!(outcome.state, NewBookingState::Taken, "{outcome:?}");
    assert_eq!(outcome.event_id, None);
    assert!(
        outcome
            .message
            .as_deref()
            .is_some_and(|m| m.contains("vient d'être pris")),
        "{outcome:?}"
    );
    assert!(!outcome.next_slots.is_empty());
    assert!(
        outcome.next_slots.iter().all(|s| s.start != start),
        "the taken slot is not offered again"
    );
    assert!(writes(&p.sb).is_empty(), "nothing written");
    assert!(created(&p.sb).is_empty());
    assert!(
        p.app.outbox_items().unwrap().is_empty(),
        "nothing left waiting"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn offline_the_booking_waits_shown_pending_then_is_written_once() {
    let p = practice(PRACTITIONER, "owner").await;
    let start = first_slot(&p, "2026-03-04").await;
    p.sb.control()
        .inject(Fault::new("/", FaultKind::DropConnection).times(100_000));
    let outcome = p.app.create_booking(&draft(&start)).await.unwrap();
    assert_eq!(outcome.state, NewBookingState::Queued, "{outcome:?}");
    assert!(
        outcome
            .message
            .as_deref()
            .is_some_and(|m| m.contains("Hors ligne"))
    );
    let id = outcome.event_id.clone().unwrap();
    let pending = p.app.upcoming_bookings(None).unwrap();
    let b = pending
        .iter()
        .find(|b| b.id == id)
        .expect("shown in Rendez-vous");
    assert!(b.pending && !b.can_edit);
    assert_eq!(b.patient.phone.as_deref(), Some("+33612345678"));
    let agenda = p
        .app
        .agenda_events("2026-03-04T00:00:00+01:00", "2026-03-05T00:00:00+01:00")
        .unwrap();
    assert!(
        agenda
            .iter()
            .any(|e| e.id == id && e.pending && !e.can_move)
    );
    let details = p.app.booking_details(PRACTITIONER, &id).unwrap();
    assert!(
        details.is_some_and(|b| b.pending),
        "its details open from the Agenda"
    );
    let items = p.app.outbox_items().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].action, "create");
    assert!(items[0].start.is_some(), "its time, though not cached yet");
    // Another booking of the same slot while offline is refused: the pending one holds it.
    let again = p.app.create_booking(&draft(&start)).await.unwrap_err();
    assert_eq!(again.code(), ErrorCode::SlotUnavailable);

    p.sb.control().clear_faults();
    p.sb.control().reset_requests();
    let report = p.app.flush_outbox().await;
    assert_eq!(report.applied, 1);
    assert_eq!(p.app.flush_outbox().await.applied, 0, "sent once");
    assert_eq!(
        p.sb.control()
            .requests()
            .iter()
            .filter(|r| is_insert(r))
            .count(),
        1
    );
    let written = created(&p.sb);
    assert_eq!(written.len(), 1);
    assert_eq!(written[0]["id"], id.as_str());
    p.app.sync_now().await;
    let b = p.app.upcoming_bookings(None).unwrap();
    let b = b.iter().find(|b| b.id == id).expect("from Google now");
    assert!(!b.pending && b.can_edit);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_answer_retried_makes_no_duplicate() {
    let p = practice(PRACTITIONER, "owner").await;
    let start = first_slot(&p, "2026-03-05").await;
    // Google applies the insert, its answer is lost.
    p.sb.control()
        .inject(Fault::new("/events", FaultKind::MalformedBody).on("POST"));
    let first = p.app.create_booking(&draft(&start)).await.unwrap();
    for _ in 0..3 {
        if p.app.outbox_items().unwrap().is_empty() {
            break;
        }
        p.app.flush_outbox().await;
    }
    assert!(p.app.outbox_items().unwrap().is_empty(), "done, not failed");
    let written = created(&p.sb);
    assert_eq!(written.len(), 1, "one booking, never two: {first:?}");
    assert_eq!(written[0]["id"].as_str(), first.event_id.as_deref());
    let log = p.app.activity_log(10).unwrap();
    assert_eq!(log.iter().filter(|a| a.action == "create").count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reader_is_refused_whatever_the_ui_shows() {
    let p = practice(SECRETARY, "reader").await;
    assert!(
        p.app
            .booking_calendars()
            .await
            .unwrap()
            .iter()
            .all(|c| c.id != PRACTITIONER),
        "not offered"
    );
    p.sb.control().reset_requests();
    let refused = p
        .app
        .create_booking(&draft("2026-03-03T11:00:00+01:00"))
        .await
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::Forbidden);
    let checked = p
        .app
        .check_new_booking(&draft("2026-03-03T11:00:00+01:00"))
        .await
        .unwrap_err();
    assert_eq!(checked.code(), ErrorCode::Forbidden);
    assert!(writes(&p.sb).is_empty());
    assert!(p.app.outbox_items().unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secretarys_forced_booking_outside_availability_is_a_booking_never_availability() {
    let p = practice(SECRETARY, "writer").await;
    let availability = |sb: &Sandbox| -> Vec<Value> {
        sb.control()
            .events(PRACTITIONER)
            .into_iter()
            .filter(|e| {
                matches!(
                    e["extendedProperties"]["private"]["rdv.kind"].as_str(),
                    Some("availability" | "config")
                )
            })
            .collect()
    };
    let before = availability(&p.sb);
    // Sunday 8 March: the practice is closed.
    let sunday = "2026-03-08T10:00:00+01:00";
    let problems = p.app.check_new_booking(&draft(sunday)).await.unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].field, DraftField::Start);
    assert!(problems[0].forcible, "forcer is offered");
    let refused = p.app.create_booking(&draft(sunday)).await.unwrap_err();
    assert_eq!(refused.code(), ErrorCode::SlotUnavailable);
    assert!(writes(&p.sb).is_empty(), "nothing without forcer");

    p.sb.control().reset_requests();
    let forced = NewBookingDraft {
        force: true,
        ..draft(sunday)
    };
    assert!(p.app.check_new_booking(&forced).await.unwrap().is_empty());
    let outcome = p.app.create_booking(&forced).await.unwrap();
    assert_eq!(outcome.state, NewBookingState::Applied, "{outcome:?}");
    assert_eq!(writes(&p.sb).len(), 1, "one insert, nothing else");
    let event = created(&p.sb).pop().unwrap();
    assert_eq!(
        event["extendedProperties"]["private"]["rdv.kind"],
        "booking"
    );
    assert_eq!(
        event["extendedProperties"]["private"]["rdv.actor"],
        SECRETARY
    );
    assert_ne!(event["transparency"], "transparent", "busy time");
    assert_eq!(
        availability(&p.sb),
        before,
        "no availability created or changed"
    );
    let slots = p
        .app
        .booking_slots(PRACTITIONER, "consultation", "2026-03-08".parse().unwrap())
        .await
        .unwrap();
    assert!(slots.day.is_empty(), "Sunday still offers nothing");
    // A taken time is never forced.
    let taken = p.app.create_booking(&forced).await.unwrap_err();
    assert_eq!(taken.code(), ErrorCode::SlotUnavailable);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_series_crossing_a_holiday_writes_nothing_until_its_conflicts_are_accepted() {
    let p = practice(PRACTITIONER, "owner").await;
    // Publish twelve weeks of the demo configuration (Easter Monday, 6 April, closed).
    p.app.availability(PRACTITIONER).await.unwrap();
    let plan = p.app.plan_publish(PRACTITIONER).await.unwrap();
    p.app
        .publish_availability(PRACTITIONER, &plan.fingerprint, false)
        .await
        .unwrap();
    // Mondays 23 March, 30 March (summer time), 6 April (Easter Monday), 13 April at 11:00.
    let series = draft("2026-03-23T11:00:00+01:00");
    let planned = p.app.plan_series(&series, 4, 1).await.unwrap();
    let starts: Vec<&str> = planned
        .occurrences
        .iter()
        .map(|o| o.start.as_str())
        .collect();
    assert_eq!(
        starts,
        [
            "2026-03-23T11:00:00+01:00",
            "2026-03-30T11:00:00+02:00",
            "2026-04-06T11:00:00+02:00",
            "2026-04-13T11:00:00+02:00"
        ]
    );
    assert_eq!(planned.conflicts, 1, "{planned:#?}");
    assert!(
        planned.occurrences[2]
            .problem
            .as_deref()
            .is_some_and(|p| p.contains("jour férié (Lundi de Pâques)")),
        "{planned:#?}"
    );

    p.sb.control().reset_requests();
    let refused = p.app.create_series(&series, 4, 1, false).await.unwrap_err();
    assert_eq!(refused.code(), ErrorCode::SlotUnavailable);
    assert!(refused.to_string().contains("Lundi de Pâques"), "{refused}");
    assert!(
        writes(&p.sb).is_empty(),
        "nothing written before confirmation"
    );
    assert!(p.app.outbox_items().unwrap().is_empty());

    let done = p.app.create_series(&series, 4, 1, true).await.unwrap();
    assert_eq!(done.skipped, 1);
    assert_eq!(done.bookings.len(), 3);
    assert!(
        done.bookings
            .iter()
            .all(|b| b.state == NewBookingState::Applied)
    );
    let requests = p.sb.control().requests();
    assert_eq!(
        requests.iter().filter(|r| is_check(r)).count(),
        3,
        "one check each"
    );
    assert_eq!(
        requests.iter().filter(|r| is_insert(r)).count(),
        3,
        "one write each"
    );
    assert_eq!(created(&p.sb).len(), 3, "separate bookings");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_is_refused_field_by_field_and_writes_nothing() {
    let p = practice(PRACTITIONER, "owner").await;
    let start = first_slot(&p, "2026-03-03").await;
    let bad = NewBookingDraft {
        last_name: "X".repeat(10_000),
        phone: "06 12 AB".into(),
        ..draft(&start)
    };
    let problems = p.app.check_new_booking(&bad).await.unwrap();
    let fields: Vec<DraftField> = problems.iter().map(|p| p.field).collect();
    assert_eq!(
        fields,
        [DraftField::LastName, DraftField::Phone],
        "{problems:?}"
    );
    assert!(
        problems[0]
            .message
            .contains("100 caractères (10000 saisis)")
    );
    assert!(problems[1].message.contains("n'est pas valide"));
    let refused = p.app.create_booking(&bad).await.unwrap_err();
    assert_eq!(refused.code(), ErrorCode::InvalidInput);
    p.app.set_language(rdv_core::Language::En).unwrap();
    let problems = p.app.check_new_booking(&bad).await.unwrap();
    assert!(problems[1].message.contains("not valid"), "{problems:?}");
    assert!(writes(&p.sb).is_empty());
    assert!(created(&p.sb).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_erasure_gives_up_the_persons_booking_still_waiting_in_the_outbox() {
    let p = practice(PRACTITIONER, "owner").await;
    let start = first_slot(&p, "2026-03-04").await;
    p.sb.control()
        .inject(Fault::new("/", FaultKind::DropConnection).times(100_000));
    let outcome = p.app.create_booking(&draft(&start)).await.unwrap();
    assert_eq!(outcome.state, NewBookingState::Queued, "{outcome:?}");
    p.sb.control().clear_faults();

    // The patient asks to be erased before the booking reached Google.
    let report = p
        .app
        .erase_person(None, Some("+33 6 12 34 56 78"))
        .await
        .unwrap();
    assert!(report.complete, "{report:?}");
    assert_eq!(
        report.cached_bookings, 1,
        "the waiting booking is counted: {report:?}"
    );
    assert!(
        p.app.outbox_items().unwrap().is_empty(),
        "the queued booking, with her name and phone, is gone"
    );
    assert!(
        p.app
            .upcoming_bookings(None)
            .unwrap()
            .iter()
            .all(|b| b.patient.last_name.as_deref() != Some("Martin")),
        "nor listed"
    );
    p.sb.control().reset_requests();
    assert_eq!(p.app.flush_outbox().await.applied, 0);
    assert!(created(&p.sb).is_empty(), "never written to Google");
    assert!(writes(&p.sb).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_booking_taken_on_the_phone_is_recorded_on_the_site_which_confirms_it_by_sms() {
    let p = practice(PRACTITIONER, "owner").await;
    p.app
        .link_site(
            &p.sb.base_url(),
            rdv_sandbox::SITE_USER,
            rdv_sandbox::SITE_APP_PASSWORD,
        )
        .await
        .unwrap();
    let mut config = p.sb.control().site_config();
    config["sms"]["confirmationEnabled"] = serde_json::json!(true);
    config["practice"]["name"] = serde_json::json!("Dr Camille Laurent");
    p.sb.control().set_site_config(config);

    // The site is down for longer than the retries: the booking is in Google, and the outcome
    // says the site is still to be told (nothing lost, nothing sent twice).
    p.sb.control().inject(
        Fault::new(
            "/wp-json/rdv-compagnon/v1/bookings/",
            FaultKind::Status {
                status: 503,
                reason: "maintenance".into(),
            },
        )
        .on("PUT")
        .times(1000),
    );
    let start = first_slot(&p, "2026-03-04").await;
    let outcome = p.app.create_booking(&draft(&start)).await.unwrap();
    assert_eq!(outcome.state, NewBookingState::Queued, "{outcome:?}");
    let message = outcome.message.clone().unwrap_or_default();
    assert!(message.contains("site de réservation"), "{message}");
    let id = outcome.event_id.clone().unwrap();
    assert_eq!(created(&p.sb).len(), 1, "in Google already");
    assert!(p.sb.control().site_record(&id).is_none());

    p.sb.control().clear_faults();
    let report = p.app.flush_outbox().await;
    assert_eq!((report.applied, report.failed), (1, 0), "{report:?}");
    assert_eq!(created(&p.sb).len(), 1, "not written twice");
    let record =
        p.sb.control()
            .site_record(&id)
            .expect("recorded on the site");
    assert_eq!(record["source"], "phone");
    assert_eq!(record["phone"], "+33612345678");
    assert_eq!(record["sms"]["confirmation"], "sent", "{record}");
    assert!(record["consent"].is_null(), "no form, no checkbox");
    let sent: Vec<_> =
        p.sb.control()
            .site_sms_sent()
            .into_iter()
            .filter(|s| s.event_id == id)
            .collect();
    assert_eq!(sent.len(), 1, "one confirmation");
    assert!(
        sent[0]
            .text
            .as_deref()
            .unwrap_or_default()
            .contains("Laurent"),
        "says who sends it: {:?}",
        sent[0].text
    );
}
