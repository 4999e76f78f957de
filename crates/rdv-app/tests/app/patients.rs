//! Issue #15 point 5, a patient's history against the sandbox: search finds past appointments
//! within the retention period; a patient's page lists theirs (newest first) with the unexcused
//! no-shows counted — the patient found by e-mail or phone however typed, never by name alone —
//! and *Rendez-vous* and the tray flag a patient who missed two or more.

use chrono::{DateTime, Duration, Utc};
use rdv_core::ports::testing::{FixedClock, MemorySecretStore, RecordingNotifier};
use rdv_sandbox::{Consent, PRACTITIONER, Sandbox, SandboxConfig, Seed};
use serde_json::{Value, json};
use std::sync::Arc;

/// Monday 2 March 2026, 09:00 in Paris.
const NOW: &str = "2026-03-02T08:00:00Z";

/// A booking of « `first` `last` » `from_now` away, with the contact and the attendance mark
/// given.
fn booking(
    at: DateTime<Utc>,
    (first, last): (&str, &str),
    email: Option<&str>,
    phone: Option<&str>,
    attendance: Option<&str>,
) -> Value {
    let mut private = json!({
        "rdv.v": "1", "rdv.kind": "booking", "rdv.type": "consultation",
        "rdv.firstName": first, "rdv.lastName": last,
    });
    for (key, value) in [
        ("rdv.email", email),
        ("rdv.phone", phone),
        ("rdv.attendance", attendance),
    ] {
        if let Some(v) = value {
            private[key] = json!(v);
        }
    }
    json!({
        "summary": format!("Consultation – {first} {last}"),
        "start": {"dateTime": at.to_rfc3339(), "timeZone": "Europe/Paris"},
        "end": {"dateTime": (at + Duration::minutes(30)).to_rfc3339(), "timeZone": "Europe/Paris"},
        "extendedProperties": {"private": private},
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_patients_history_counts_their_no_shows_and_the_views_flag_repeated_ones() {
    let now: DateTime<Utc> = NOW.parse().unwrap();
    let sb = Sandbox::start(SandboxConfig {
        port: 0,
        seed: Seed::Empty,
        consent: Consent::Approve(PRACTITIONER.to_owned()),
    })
    .await
    .unwrap();
    sb.control().add_account(PRACTITIONER, "Dr Camille Laurent");
    let jeanne = ("Jeanne", "Martin");
    let day = |d: i64| now + Duration::days(d) + Duration::hours(2);
    let insert = |v: Value| -> String {
        sb.control().insert_event(PRACTITIONER, v)["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let absent_by_mail = insert(booking(
        day(-20),
        jeanne,
        Some("jeanne.martin@example.fr"),
        Some("+33612345678"),
        Some("absent"),
    ));
    let absent_typed_otherwise = insert(booking(
        day(-10),
        ("Jeanne", "MARTIN"),
        Some(" Jeanne.Martin@Example.FR"),
        None,
        Some("absent"),
    ));
    let excused = insert(booking(
        day(-5),
        jeanne,
        None,
        Some("06 12 34 56 78"),
        Some("excused"),
    ));
    // Another Jeanne Martin: the same name is not the same person.
    let namesake = insert(booking(
        day(-7),
        jeanne,
        Some("jeanne.m@autre.fr"),
        None,
        Some("absent"),
    ));
    let no_contact = insert(booking(
        day(-8),
        ("Paul", "Durand"),
        None,
        None,
        Some("absent"),
    ));
    let today = insert(booking(
        now + Duration::hours(1),
        jeanne,
        Some("JEANNE.MARTIN@example.fr"),
        Some("0612345678"),
        None,
    ));
    let ahead = insert(booking(
        day(3),
        jeanne,
        Some("jeanne.martin@example.fr"),
        Some("06.12.34.56.78"),
        None,
    ));

    let dir = tempfile::tempdir().unwrap();
    let clock = Arc::new(FixedClock::new(now.into()));
    let app = crate::reminders::app_on(
        &dir.path().join("rdv.sqlite3"),
        clock.clone(),
        Arc::new(RecordingNotifier::default()),
        Arc::new(MemorySecretStore::default()),
    );
    app.link_sandbox(&sb.base_url()).await.unwrap();
    app.sync_now().await;

    // Rendez-vous: only what is to come, each with its patient's no-shows.
    let upcoming = app.upcoming_bookings(None).unwrap();
    let ids: Vec<&str> = upcoming.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(
        ids,
        [today.as_str(), ahead.as_str()],
        "no past without a search"
    );
    for b in &upcoming {
        assert_eq!(
            (b.no_shows, b.repeated_no_shows),
            (2, true),
            "by e-mail and by phone however typed; excused and the namesake's not counted: {}",
            b.id
        );
    }

    // The search also finds the past visits within the retention period.
    let found = app.upcoming_bookings(Some("martin")).unwrap();
    let ids: Vec<&str> = found.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            absent_by_mail.as_str(),
            absent_typed_otherwise.as_str(),
            namesake.as_str(),
            excused.as_str(),
            today.as_str(),
            ahead.as_str(),
        ],
        "past and future, by start"
    );
    let of = |id: &str| found.iter().find(|b| b.id == id).unwrap();
    assert_eq!(
        (of(&namesake).no_shows, of(&namesake).repeated_no_shows),
        (1, false),
        "the namesake's own"
    );

    // The patient's page: hers, newest first, no-shows counted.
    let history = app
        .patient_history(PRACTITIONER, &ahead)
        .unwrap()
        .expect("the booking is cached");
    assert!(history.identified);
    let ids: Vec<&str> = history.bookings.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            ahead.as_str(),
            today.as_str(),
            excused.as_str(),
            absent_typed_otherwise.as_str(),
            absent_by_mail.as_str(),
        ],
        "newest first, never the namesake's"
    );
    assert_eq!((history.no_shows, history.repeated_no_shows), (2, true));
    assert_eq!(
        history.patient.email.as_deref(),
        Some("jeanne.martin@example.fr")
    );

    // Without an e-mail or a phone, the history is that booking alone.
    let alone = app
        .patient_history(PRACTITIONER, &no_contact)
        .unwrap()
        .unwrap();
    assert!(!alone.identified);
    assert_eq!(alone.bookings.len(), 1);
    assert_eq!((alone.no_shows, alone.repeated_no_shows), (1, false));
    assert!(
        app.patient_history(PRACTITIONER, "inconnu")
            .unwrap()
            .is_none()
    );

    // The tray flags today's appointment with a sign and words (privacy mode, the default:
    // no name, the flag all the same).
    let tray = app.tray_model().unwrap();
    let label = &tray.next.first().expect("today's appointment").label;
    assert_eq!(label, "10:00  Consultation  ⚠ 2 absences non excusées");

    // 105 days on (retention: 120 days by default), the first no-show is out of the period:
    // no longer found, no longer counted.
    clock.set((now + Duration::days(105)).into());
    let found = app.upcoming_bookings(Some("martin")).unwrap();
    assert!(
        found.iter().all(|b| b.id != absent_by_mail),
        "beyond the retention period"
    );
    assert!(found.iter().any(|b| b.id == absent_typed_otherwise));
    let history = app.patient_history(PRACTITIONER, &ahead).unwrap().unwrap();
    assert_eq!((history.no_shows, history.repeated_no_shows), (1, false));
    sb.stop().await;
}
