//! The calendar's own events as appointments (issue #15 point 3) and who did what (point 8),
//! against the sandbox with a fixed clock: an event typed directly in Google appears in
//! *Rendez-vous*, the tray and the reminders with its title, `BookingsOnly` hides it,
//! *Compléter* writes only its markers through the outbox (offline too), and the practitioner's
//! installation logs the secretary's cancel, attendance and note by her address.

use crate::reminders::setup;
use crate::sharing::{event, link_secretary, sandbox};
use chrono::{DateTime, Duration, Utc};
use rdv_app::ipc::{
    ActionState, AppointmentOrigin, AppointmentPolicy, Attendance, BookingAction, ErrorCode,
    ReminderPrefs,
};
use rdv_core::ports::testing::{FixedClock, MemorySecretStore, RecordingNotifier};
use rdv_sandbox::{Fault, FaultKind, PRACTITIONER, SECRETARY};
use serde_json::{Value, json};
use std::sync::Arc;

/// An event typed in Google Agenda (no markers): `summary`, 45 minutes from `start`.
fn typed_in_google(summary: &str, start: DateTime<Utc>) -> Value {
    json!({
        "summary": summary,
        "description": "Apporter les radios",
        "location": "Cabinet, salle 2",
        "start": {"dateTime": start.to_rfc3339(), "timeZone": "Europe/Paris"},
        "end": {"dateTime": (start + Duration::minutes(45)).to_rfc3339(), "timeZone": "Europe/Paris"},
        "attendees": [{"email": "kine.petit@example.fr"}],
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_event_typed_in_google_is_an_appointment_in_the_list_the_tray_and_the_reminders() {
    let s = setup().await;
    // The tray lists the rest of the day: the clock moves on to the next 10:00 in Paris (at
    // 23:30 the appointment 45 minutes later fell on the next day and left the tray empty).
    let now = s.next_morning();
    let start = now + Duration::minutes(45);
    let typed =
        s.sb.control()
            .insert_event(PRACTITIONER, typed_in_google("Séance M. Petit", start));
    let id = typed["id"].as_str().unwrap().to_owned();
    // Not appointments: a day off (all-day) and a « disponible » block (transparent).
    let day = (now + Duration::days(1)).date_naive();
    s.sb.control().insert_event(
        PRACTITIONER,
        json!({"summary": "Congés", "start": {"date": day.to_string()},
               "end": {"date": day.succ_opt().unwrap().to_string()}}),
    );
    s.sb.control().insert_event(
        PRACTITIONER,
        json!({"summary": "Administratif", "transparency": "transparent",
               "start": {"dateTime": (now + Duration::hours(3)).to_rfc3339()},
               "end": {"dateTime": (now + Duration::hours(4)).to_rfc3339()}}),
    );
    s.app.sync_now().await;

    let calendars = s.app.calendars().unwrap();
    assert_eq!(
        calendars[0].appointments,
        AppointmentPolicy::AlsoOwnEvents,
        "the default"
    );
    let list = s.app.upcoming_bookings(None).unwrap();
    assert_eq!(list.len(), 1, "only the timed, busy one: {list:?}");
    let b = &list[0];
    assert_eq!(b.id, id);
    assert_eq!(b.title, "Séance M. Petit", "what Google knows");
    assert_eq!(b.origin, AppointmentOrigin::Google);
    assert!(b.patient.last_name.is_none() && b.patient.phone.is_none());
    assert!(b.can_complete, "the owner may complete it");
    assert!(
        !b.can_edit,
        "no cancel, move or mark before it is completed"
    );
    assert_eq!(
        s.app.booking_details(PRACTITIONER, &id).unwrap().as_ref(),
        Some(b),
        "its details"
    );
    let found = s.app.upcoming_bookings(Some("petit")).unwrap();
    assert_eq!(found.len(), 1, "found by its title");
    let (from, to) = (now.to_rfc3339(), (now + Duration::days(2)).to_rfc3339());
    let agenda = s.app.agenda_events(&from, &to).unwrap();
    let styled = agenda.iter().find(|e| e.id == id).unwrap();
    assert_eq!(styled.appointment, Some(AppointmentOrigin::Google));
    assert!(
        agenda
            .iter()
            .filter(|e| e.id != id)
            .all(|e| e.appointment.is_none()),
        "the day off and the free block are not styled as appointments"
    );

    // The tray: privacy mode (the default) hides the title, which may name the patient.
    let tray = s.app.tray_model().unwrap();
    assert_eq!(tray.next.len(), 1);
    assert!(
        tray.next[0].label.ends_with("Rendez-vous"),
        "{:?}",
        tray.next
    );
    assert!(!tray.tooltip.contains("Petit"), "{}", tray.tooltip);
    s.app
        .set_reminder_prefs(ReminderPrefs {
            privacy: false,
            ..ReminderPrefs::default()
        })
        .unwrap();
    assert!(
        s.app.tray_model().unwrap().next[0]
            .label
            .ends_with("Séance M. Petit")
    );

    // Its reminder, at the offset (10 minutes), once.
    s.clock.set((start - Duration::minutes(11)).into());
    assert_eq!(s.app.reminder_tick().unwrap(), 0, "not yet");
    s.clock.set((start - Duration::minutes(10)).into());
    assert_eq!(s.app.reminder_tick().unwrap(), 1);
    let reminder = s.shown.shown().pop().unwrap();
    assert_eq!(reminder.title, "Rendez-vous dans 10 min");
    assert!(
        reminder.body.contains("Séance M. Petit"),
        "{}",
        reminder.body
    );
    assert_eq!(s.app.reminder_tick().unwrap(), 0, "once");

    // Bookings only: it is « autre » again, everywhere.
    let after = s
        .app
        .set_appointment_policy(PRACTITIONER, AppointmentPolicy::BookingsOnly)
        .unwrap();
    assert_eq!(after[0].appointments, AppointmentPolicy::BookingsOnly);
    s.clock.set(now.into());
    assert!(s.app.upcoming_bookings(None).unwrap().is_empty());
    assert!(s.app.tray_model().unwrap().next.is_empty());
    assert_eq!(s.app.booking_details(PRACTITIONER, &id).unwrap(), None);
    let agenda = s.app.agenda_events(&from, &to).unwrap();
    assert_eq!(
        agenda.iter().find(|e| e.id == id).unwrap().appointment,
        None
    );
    let refused = s
        .app
        .set_appointment_policy("nobody@example.fr", AppointmentPolicy::BookingsOnly)
        .unwrap_err();
    assert_eq!(refused.code(), ErrorCode::InvalidInput);
}

/// The stored event without what a write changes anyway (etag, update time, sequence) and the
/// private properties *Compléter* writes.
fn untouched_part(mut e: Value) -> Value {
    let o = e.as_object_mut().unwrap();
    for k in ["etag", "updated", "sequence", "extendedProperties"] {
        o.remove(k);
    }
    e
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn completing_writes_only_the_markers_through_the_outbox_even_offline() {
    let s = setup().await;
    let now: DateTime<Utc> = rdv_core::ports::Clock::now(s.clock.as_ref()).into();
    let mut typed = typed_in_google("Séance M. Petit", now + Duration::days(2));
    typed["extendedProperties"] = json!({"private": {"autre.outil": "42"}});
    let id = s.sb.control().insert_event(PRACTITIONER, typed)["id"]
        .as_str()
        .unwrap()
        .to_owned();
    s.app.sync_now().await;
    let before = event(&s.sb, &id);
    let complete = |phone: &str| BookingAction::Complete {
        last_name: Some("Petit".into()),
        first_name: Some("Louis".into()),
        phone: Some(phone.into()),
        email: Some(" Louis.Petit@Example.fr ".into()),
        appointment_type: Some("suivi".into()),
    };

    // As it is, it is not cancelled, moved or marked: complete it first.
    let cancel = s
        .app
        .act_on_booking(PRACTITIONER, &id, BookingAction::Cancel { reason: None })
        .await
        .unwrap_err();
    assert!(
        cancel.text().fr.contains("complétez-le d'abord"),
        "{}",
        cancel.text().fr
    );
    // Bad input writes nothing and queues nothing.
    let bad = s
        .app
        .act_on_booking(PRACTITIONER, &id, complete("bonjour"))
        .await
        .unwrap_err();
    assert_eq!(bad.code(), ErrorCode::InvalidInput);
    assert!(
        bad.text()
            .fr
            .contains("numéro de téléphone n'est pas valide"),
        "{}",
        bad.text().fr
    );
    assert!(s.app.outbox_items().unwrap().is_empty());

    // Offline: queued, then sent once Google is back.
    s.sb.control()
        .inject(Fault::new("/events", FaultKind::DropConnection).times(100));
    let outcome = s
        .app
        .act_on_booking(PRACTITIONER, &id, complete("06 12 34 56 78"))
        .await
        .unwrap();
    assert_eq!(outcome.state, ActionState::Queued, "{outcome:?}");
    assert_eq!(event(&s.sb, &id), before, "nothing written offline");
    s.sb.control().clear_faults();
    s.sb.control().reset_requests();
    let report = s.app.flush_outbox().await;
    assert_eq!(report.applied, 1, "{report:?}");
    let writes: Vec<String> =
        s.sb.control()
            .requests()
            .iter()
            .filter(|r| r.path.contains("/events"))
            .map(|r| r.method.clone())
            .collect();
    assert_eq!(writes, ["PATCH"], "one write, nothing else");
    s.app.sync_now().await;

    let after = event(&s.sb, &id);
    assert_eq!(
        untouched_part(after.clone()),
        untouched_part(before.clone()),
        "title, description, place, times, attendees: unchanged"
    );
    let private = &after["extendedProperties"]["private"];
    assert_eq!(private["autre.outil"], "42", "another tool's property kept");
    assert_eq!(private["rdv.v"], "1");
    assert_eq!(private["rdv.kind"], "booking");
    assert_eq!(private["rdv.source"], "google");
    assert_eq!(private["rdv.type"], "suivi");
    let instant = |v: &Value| v.as_str().unwrap().parse::<DateTime<Utc>>().unwrap();
    assert_eq!(
        instant(&private["rdv.bookedAt"]),
        instant(&before["created"]),
        "booked when the event was made"
    );
    assert_eq!(private["rdv.lastName"], "Petit");
    assert_eq!(private["rdv.phone"], "+33612345678", "E.164");
    assert_eq!(private["rdv.email"], "louis.petit@example.fr");
    assert_eq!(private["rdv.action"], "complete");
    assert_eq!(private["rdv.actor"], PRACTITIONER);

    let b = s.app.booking_details(PRACTITIONER, &id).unwrap().unwrap();
    assert_eq!(b.origin, AppointmentOrigin::Marked, "a full booking now");
    assert!(b.can_edit && !b.can_complete);
    assert_eq!(b.patient.first_name.as_deref(), Some("Louis"));
    let refused = s
        .app
        .act_on_booking(PRACTITIONER, &id, complete("0612345678"))
        .await
        .unwrap_err();
    assert!(
        refused.text().fr.contains("déjà complet"),
        "{}",
        refused.text().fr
    );
    let log = s.app.activity_log(10).unwrap();
    assert!(
        log.iter()
            .any(|a| a.action == "complete" && a.origin == "app" && a.by_you),
        "{log:?}"
    );
    assert_eq!(refused.code(), ErrorCode::InvalidInput);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_practitioner_sees_the_secretarys_cancel_attendance_note_and_completion_by_her_address()
{
    let sb = sandbox().await;
    // A pinned instant: both installations read it from their clock, the events are placed
    // from it (Google lists by the window asked, whatever the day the test runs).
    let now: DateTime<Utc> = "2026-03-02T08:00:00Z".parse().unwrap();
    let day = |days: i64, hour: i64| {
        (now + Duration::days(days))
            .date_naive()
            .and_hms_opt(0, 0, 0)
            .unwrap()
            .and_utc()
            + Duration::hours(hour)
    };
    let insert = |event: Value| {
        sb.control().insert_event(PRACTITIONER, event)["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let kept = insert(crate::reminders::booking(day(3, 10), "Martin"));
    let gone = insert(crate::reminders::booking(day(4, 10), "Durand"));
    let typed = insert(typed_in_google("Séance M. Petit", day(5, 9)));
    let dir = tempfile::tempdir().unwrap();
    let installation = |name: &str| {
        crate::reminders::app_on(
            &dir.path().join(name),
            Arc::new(FixedClock::new(now.into())),
            Arc::new(RecordingNotifier::default()),
            Arc::new(MemorySecretStore::default()),
        )
    };
    let practitioner = installation("practitioner.sqlite3");
    practitioner.link_sandbox(&sb.base_url()).await.unwrap();
    practitioner.sync_now().await;
    let secretary = installation("secretary.sqlite3");
    link_secretary(&sb, "writer", &secretary).await;

    let act = |id: String, action: BookingAction| {
        let app = &secretary;
        async move {
            let outcome = app.act_on_booking(PRACTITIONER, &id, action).await.unwrap();
            assert_eq!(outcome.state, ActionState::Applied, "{outcome:?}");
        }
    };
    act(
        kept.clone(),
        BookingAction::Attendance {
            status: Some(Attendance::Absent),
        },
    )
    .await;
    practitioner.sync_now().await;
    act(
        kept.clone(),
        BookingAction::Note {
            text: "Rappeler la veille".into(),
        },
    )
    .await;
    practitioner.sync_now().await;
    act(
        typed.clone(),
        BookingAction::Complete {
            last_name: Some("Petit".into()),
            first_name: Some("Louis".into()),
            phone: Some("06 12 34 56 78".into()),
            email: None,
            appointment_type: None,
        },
    )
    .await;
    practitioner.sync_now().await;
    act(gone.clone(), BookingAction::Cancel { reason: None }).await;
    sb.control().reset_requests();
    practitioner.sync_now().await;
    let reads = sb
        .control()
        .requests()
        .iter()
        .filter(|r| r.method == "GET" && r.path.ends_with(&format!("/events/{gone}")))
        .count();
    assert_eq!(
        reads, 1,
        "one read of the cancelled booking, for its author"
    );

    let log = practitioner.activity_log(20).unwrap();
    let by = |id: &str, action: &str| {
        log.iter()
            .find(|a| a.event_id == id && a.action == action)
            .unwrap_or_else(|| panic!("{action} of {id} logged: {log:?}"))
    };
    let cancelled = by(&gone, "cancelled");
    assert_eq!(
        cancelled.actor, SECRETARY,
        "her name, not « Google Agenda »"
    );
    assert_eq!(cancelled.origin, "google", "seen in Google");
    assert!(!cancelled.by_you);
    let absent = by(&kept, "attendance");
    assert_eq!(absent.actor, SECRETARY);
    assert_eq!(absent.attendance.as_deref(), Some("absent"));
    assert_eq!(by(&kept, "note").actor, SECRETARY);
    assert_eq!(by(&typed, "complete").actor, SECRETARY);
    assert_eq!(log.len(), 4, "one entry each: {log:?}");

    // Her edits are hers on her side only once (made there), never seen again from Google.
    secretary.sync_now().await;
    let hers = secretary.activity_log(20).unwrap();
    assert!(hers.iter().all(|a| a.origin == "app"), "{hers:?}");
}
