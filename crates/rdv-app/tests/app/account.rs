//! Unlinking leaves nothing of the account behind: linked to a practice with data in every
//! table (calendars and events, an edit waiting in the outbox, the activity log with a
//! free-text reason, the booking site's records and link, an availability configuration, the
//! purge log, a pending erasure, the reminder state), unlinking empties them all — only the
//! device's preferences stay — and another account linked afterwards sees nothing of the first
//! and replays none of its edits.

use rdv_app::ipc::{AccountState, BookingAction, SyncState};
use rdv_core::Language;
use rdv_core::ports::{SecretKey, SecretStore};
use rdv_sandbox::{Consent, Fault, FaultKind, PRACTITIONER, Sandbox, SandboxConfig, Seed};

const OTHER: &str = "dr.paul.roux@example.fr";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unlinking_leaves_nothing_of_the_account_and_the_next_account_starts_clean() {
    // One reading of the clock places the demo week and the old booking below: the app of the
    // shared fixture runs on the system clock, as the sandbox's tokens do.
    let now = chrono::Utc::now();
    let sb = Sandbox::start(SandboxConfig {
        port: 0,
        seed: Seed::Demo { now },
        consent: Consent::Approve(PRACTITIONER.into()),
    })
    .await
    .unwrap();
    let control = sb.control();
    control.add_account(OTHER, "Dr Paul Roux");
    // A booking made 250 days ago for 20 days ago: the first purge erases it and leaves its
    // notice.
    control.insert_event(
        PRACTITIONER,
        crate::privacy::booked(
            now - chrono::Duration::days(250),
            now - chrono::Duration::days(20),
            "Jeanne",
            "Ancienne",
            "jeanne.ancienne@example.fr",
            "+33611111111",
        ),
    );
    let f = crate::fixture();
    let app = &f.app;
    let store = app.store();

    app.link_sandbox(&sb.base_url()).await.unwrap();
    assert_eq!(app.sync_now().await.state, SyncState::Idle);
    app.set_language(Language::En).unwrap();
    app.link_site(
        &sb.base_url(),
        rdv_sandbox::SITE_USER,
        rdv_sandbox::SITE_APP_PASSWORD,
    )
    .await
    .unwrap();
    let config = app.availability(PRACTITIONER).await.unwrap().config;
    app.save_availability(PRACTITIONER, config).unwrap();
    app.set_retention_days(240).await.unwrap();
    assert_eq!(app.purge_now().unwrap(), 1);
    assert!(app.retention_state().unwrap().notice.is_some());
    app.reminder_tick().unwrap();
    let bookings: Vec<_> = app
        .upcoming_bookings(None)
        .unwrap()
        .into_iter()
        .filter(|b| b.patient.email.is_some())
        .collect();
    assert!(bookings.len() >= 3, "the demo week has bookings");
    // An edit applied (it enters the activity log with its free-text reason)…
    app.act_on_booking(
        PRACTITIONER,
        &bookings[0].id,
        BookingAction::Cancel {
            reason: Some("Mme Martin a appelé".into()),
        },
    )
    .await
    .unwrap();
    // …then Google unreachable for writes: an edit waits in the outbox, and an erasure stays
    // pending with the person's address.
    control.inject(
        Fault::new("/events/", FaultKind::DropConnection)
            .on("PATCH")
            .times(10_000),
    );
    app.act_on_booking(
        PRACTITIONER,
        &bookings[1].id,
        BookingAction::Note {
            text: "Rappeler Mme Durand".into(),
        },
    )
    .await
    .unwrap();
    let email = bookings[2]
        .patient
        .email
        .clone()
        .expect("a demo patient's email");
    let erasure = app.erase_person(Some(&email), None).await.unwrap();
    assert!(!erasure.complete, "{erasure:?}");

    assert!(!store.outbox().unwrap().is_empty(), "an edit waits");
    assert!(
        !store.activity(10).unwrap().is_empty(),
        "the log has an entry"
    );
    assert!(app.site_state().unwrap().linked);
    assert!(
        app.upcoming_bookings(None)
            .unwrap()
            .iter()
            .any(|b| b.site.is_some()),
        "the site's records are kept"
    );
    assert!(store.availability(PRACTITIONER).unwrap().is_some());
    assert!(!store.purge_log(10).unwrap().is_empty());
    assert_eq!(store.pending_erasures().unwrap().len(), 1);
    assert!(
        store.contains_text("Mme Martin").unwrap(),
        "a free-text reason is logged"
    );
    assert!(
        store.contains_text("Mme Durand").unwrap(),
        "a note waits in the outbox"
    );
    let site_password = SecretKey::new(format!("site.app-password:{}", sb.base_url()));
    assert!(f.secrets.get(&site_password).unwrap().is_some());

    control.clear_faults();
    assert_eq!(app.unlink_account().await.unwrap(), AccountState::None);

    assert_eq!(
        store.account_rows().unwrap(),
        0,
        "no row of the account's tables is left"
    );
    for key in store.setting_keys().unwrap() {
        assert!(
            rdv_app::account::DEVICE_SETTINGS.contains(&key.as_str()),
            "setting {key} belongs to the account and must go"
        );
    }
    assert_eq!(
        app.settings().unwrap().language,
        Language::En,
        "a device preference stays"
    );
    assert!(
        !app.site_state().unwrap().linked,
        "the site link goes with the account"
    );
    assert_eq!(
        f.secrets.get(&site_password).unwrap(),
        None,
        "and its password leaves the keychain"
    );
    assert!(!store.contains_text(&email).unwrap());
    assert!(!store.contains_text("Mme Martin").unwrap());
    assert!(!store.contains_text("Mme Durand").unwrap());

    // Another practitioner links on this computer: a clean start.
    control.set_consent(Consent::Approve(OTHER.into()));
    assert_eq!(
        app.link_sandbox(&sb.base_url()).await.unwrap(),
        AccountState::Linked {
            email: OTHER.into(),
            demo: true
        }
    );
    control.reset_requests();
    assert_eq!(app.sync_now().await.state, SyncState::Idle);
    let flushed = app.flush_outbox().await;
    assert_eq!(
        flushed.applied + flushed.failed,
        0,
        "no edit of the first account is replayed"
    );
    app.resume_erasures().await.unwrap();
    assert!(
        !control
            .requests()
            .iter()
            .any(|r| r.method == "PATCH" || r.path.contains(&PRACTITIONER.replace('@', "%40"))),
        "nothing is sent for the first account: {:?}",
        control.requests()
    );
    let calendars = app.calendars().unwrap();
    assert!(
        calendars.iter().all(|c| c.id != PRACTITIONER),
        "only the new account's calendars: {calendars:?}"
    );
    assert!(app.upcoming_bookings(None).unwrap().is_empty());
    assert!(app.activity_log(50).unwrap().is_empty());
    assert!(app.erasure_reports(10).unwrap().is_empty());
    let retention = app.retention_state().unwrap();
    assert!(
        retention.days == 120 && retention.notice.is_none() && retention.log.is_empty(),
        "the retention choice and log were the first practitioner's: {retention:?}"
    );
}
