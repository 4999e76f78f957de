//! Retention and erasure: with a fixed clock, nothing personal older than the period remains in
//! the store after a purge (and nothing is purged before the first dry run is confirmed); an
//! erasure request leaves no trace of the person in the store and the sandbox calendar, and
//! touches nobody else.

use chrono::{DateTime, Duration, Utc};
use rdv_app::ipc::AppInfo;
use rdv_app::{App, Ports};
use rdv_core::ports::testing::{FixedClock, MemorySecretStore, RecordingNotifier};
use rdv_sandbox::{Consent, PRACTITIONER, Sandbox, SandboxConfig, Seed};
use rdv_store::Store;
use serde_json::{Value, json};
use std::sync::Arc;

fn booking(start: DateTime<Utc>, first: &str, last: &str, email: &str, phone: &str) -> Value {
    json!({
        "summary": format!("Consultation – {first} {last}"),
        "start": {"dateTime": start.to_rfc3339(), "timeZone": "Europe/Paris"},
        "end": {"dateTime": (start + Duration::minutes(30)).to_rfc3339(), "timeZone": "Europe/Paris"},
        "extendedProperties": {"private": {"rdv.v": "1", "rdv.kind": "booking", "rdv.type": "consultation",
            "rdv.firstName": first, "rdv.lastName": last, "rdv.email": email, "rdv.phone": phone}}
    })
}

/// A sandbox with the practitioner's empty calendar and an app linked to it, its clock fixed at
/// `now` (returned), its store in memory.
pub(crate) async fn setup() -> (Sandbox, App, Arc<Store>, Arc<FixedClock>, DateTime<Utc>) {
    let sb = Sandbox::start(SandboxConfig {
        port: 0,
        seed: Seed::Empty,
        consent: Consent::Approve(PRACTITIONER.to_owned()),
    })
    .await
    .unwrap();
    sb.control().add_account(PRACTITIONER, "Dr Camille Laurent");
    let now = Utc::now();
    let clock = Arc::new(FixedClock::new(now.into()));
    let store = Arc::new(Store::open_in_memory().unwrap());
    let ports = Ports {
        secrets: Arc::new(MemorySecretStore::default()),
        notifier: Arc::new(RecordingNotifier::default()),
        sink: Arc::new(rdv_app::ports::NoEvents),
        browser: Arc::new(rdv_app::demo::HeadlessConsent),
        clock: clock.clone(),
    };
    let info = AppInfo {
        name: "t".into(),
        version: "0".into(),
        data_dir: String::new(),
        log_dir: String::new(),
    };
    let app = App::new(store.clone(), ports, info, None);
    app.link_sandbox(&sb.base_url()).await.unwrap();
    (sb, app, store, clock, now)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_purge_nothing_personal_older_than_the_period_remains_in_the_store() {
    let (sb, app, store, clock, now) = setup().await;
    let old = now - Duration::days(20);
    let recent = now + Duration::days(5);
    sb.control().insert_event(
        PRACTITIONER,
        booking(
            old,
            "Jeanne",
            "Martin",
            "jeanne.martin@example.fr",
            "+33612345678",
        ),
    );
    sb.control().insert_event(
        PRACTITIONER,
        booking(
            recent,
            "Louis",
            "Petit",
            "louis.petit@example.fr",
            "+33698765432",
        ),
    );
    app.sync_now().await;
    assert!(store.contains_text("Martin").unwrap());

    // 110 days later the first booking is 130 days old: past the default 120.
    clock.set((now + Duration::days(110)).into());
    assert_eq!(app.retention_state().unwrap().days, 120);
    assert_eq!(
        app.purge_now().unwrap(),
        0,
        "nothing is purged before the first dry run is confirmed"
    );
    let preview = app.retention_preview().unwrap();
    assert_eq!(preview.count, 1, "{preview:?}");
    assert!(
        store.contains_text("Martin").unwrap(),
        "a dry run changes nothing"
    );

    let state = app.confirm_retention().unwrap();
    assert!(state.confirmed);
    assert_eq!(state.log[0].bookings, 1, "the log counts, it names nobody");
    for trace in ["Jeanne", "Martin", "jeanne.martin", "612345678"] {
        assert!(
            !store.contains_text(trace).unwrap(),
            "{trace} is gone from the store"
        );
    }
    assert!(
        store.contains_text("Petit").unwrap(),
        "the recent booking is kept"
    );
    let agenda = app
        .agenda_events(
            &(old - Duration::hours(1)).to_rfc3339(),
            &(old + Duration::hours(1)).to_rfc3339(),
        )
        .unwrap();
    assert_eq!(agenda.len(), 1, "the time slot stays");
    assert_eq!(agenda[0].title, "Consultation", "with its type only");

    // A shorter period purges more at the next run.
    app.set_retention_days(90).unwrap();
    clock.set((now + Duration::days(100)).into());
    assert_eq!(app.purge_now().unwrap(), 1);
    assert!(!store.contains_text("Petit").unwrap());
    assert!(app.set_retention_days(100).is_err(), "90, 120 or 240 only");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_erasure_request_leaves_no_trace_of_the_person_in_the_store_and_the_calendar() {
    let (sb, app, store, _clock, now) = setup().await;
    for days in [2, 9] {
        sb.control().insert_event(
            PRACTITIONER,
            booking(
                now + Duration::days(days),
                "Jeanne",
                "Martin",
                "jeanne.martin@example.fr",
                "+33612345678",
            ),
        );
    }
    sb.control().insert_event(
        PRACTITIONER,
        booking(
            now - Duration::days(3),
            "Jeanne",
            "Martin",
            "Jeanne.Martin@example.fr",
            "06 12 34 56 78",
        ),
    );
    sb.control().insert_event(
        PRACTITIONER,
        booking(
            now + Duration::days(4),
            "Louis",
            "Petit",
            "louis.petit@example.fr",
            "+33698765432",
        ),
    );
    app.sync_now().await;

    let found = app
        .find_person(Some("  JEANNE.MARTIN@example.fr"), None)
        .await
        .unwrap();
    assert_eq!(found.len(), 3, "by email, whatever the case: {found:?}");
    let by_phone = app.find_person(None, Some("06 12 34 56 78")).await.unwrap();
    assert_eq!(
        by_phone.len(),
        3,
        "by phone, national or international: {by_phone:?}"
    );
    assert!(found.iter().all(|m| m.in_cache && m.in_calendar));
    assert!(
        app.find_person(Some("jeanne@"), None).await.is_err(),
        "a bad address is refused"
    );

    let report = app
        .erase_person(Some("jeanne.martin@example.fr"), Some("+33 6 12 34 56 78"))
        .await
        .unwrap();
    assert_eq!(report.calendar_events, 3, "{report:?}");
    assert!(report.report.contains("3 rendez-vous"), "{}", report.report);
    assert!(
        !report.report.contains("Martin"),
        "the report does not repeat the data"
    );
    for trace in ["Jeanne", "Martin", "jeanne.martin", "612345678"] {
        assert!(
            !store.contains_text(trace).unwrap(),
            "{trace} is gone from the store"
        );
        let in_calendar = sb
            .control()
            .events(PRACTITIONER)
            .iter()
            .any(|e| e.to_string().to_lowercase().contains(&trace.to_lowercase()));
        assert!(!in_calendar, "{trace} is gone from the calendar");
    }
    assert!(
        store.contains_text("Petit").unwrap(),
        "nobody else is touched"
    );
    assert_eq!(
        sb.control()
            .events(PRACTITIONER)
            .iter()
            .filter(|e| e["status"] != "cancelled")
            .count(),
        4,
        "the time slots stay"
    );
    assert!(
        app.find_person(Some("jeanne.martin@example.fr"), None)
            .await
            .unwrap()
            .is_empty()
    );
}
