//! A database that cannot be opened, rebuilt from Google: the edit made offline in the old file
//! is read from it, queued again in the new one and reaches Google once; the linked account and
//! the calendar's choices survive (no new linking) — with the real sandbox and real SQLite files.

use rdv_app::ipc::{AccountState, AppInfo, BookingAction, RecoveryReason};
use rdv_app::recovery::Recovery;
use rdv_app::{App, Ports, StoreOpenError, open_store};
use rdv_core::appointments::AppointmentPolicy;
use rdv_core::ports::SystemClock;
use rdv_core::ports::testing::RecordingNotifier;
use rdv_sandbox::{Fault, FaultKind, PRACTITIONER};
use rdv_store::{DATABASE_FILE, LATEST_VERSION};
use std::sync::Arc;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rebuild_keeps_the_account_and_sends_the_edit_made_offline_to_google_once() {
    let sb = crate::sharing::sandbox().await;
    let id = sb
        .control()
        .insert_event(PRACTITIONER, crate::sharing::booking(2, "Recovery"))["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let f = crate::fixture();
    f.app.link_sandbox(&sb.base_url()).await.unwrap();
    f.app.sync_now().await;
    // A choice of the user's on the calendar, which Google does not hold.
    f.app
        .set_appointment_policy(PRACTITIONER, AppointmentPolicy::BookingsOnly)
        .unwrap();

    // An edit made offline: queued, not sent.
    sb.control()
        .inject(Fault::new("/", FaultKind::DropConnection).times(100_000));
    f.app
        .act_on_booking(
            PRACTITIONER,
            &id,
            BookingAction::Note {
                text: "Apporter l'ordonnance".into(),
            },
        )
        .await
        .unwrap();
    sb.control().clear_faults();
    let queued = f.app.store().outbox().unwrap();
    assert_eq!(queued.len(), 1);
    let op = queued[0].op_id.clone();

    // The app's data folder, its file then written by a "newer version".
    let secrets = f.secrets.clone();
    let crate::Fixture { app, db, _dir, .. } = f;
    drop(app);
    let data = tempfile::tempdir().unwrap();
    std::fs::copy(&db, data.path().join(DATABASE_FILE)).unwrap();
    rusqlite::Connection::open(data.path().join(DATABASE_FILE))
        .unwrap()
        .pragma_update(None, "user_version", LATEST_VERSION + 1)
        .unwrap();

    let err = open_store(data.path(), &*secrets).unwrap_err();
    assert!(
        matches!(err, StoreOpenError::NewerVersion { .. }),
        "{err:?}"
    );
    let mut recovery = Recovery::diagnose(data.path(), err, &*secrets);
    let info = recovery.info();
    assert_eq!(info.reason, RecoveryReason::NewerVersion);
    let pending = info.pending.expect("the file is readable");
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].action, "note");
    assert!(
        pending[0].start.is_some(),
        "the booking's time, as the outbox screen shows it"
    );

    // The instant only names the set-aside file (`….damaged-20260302T083000Z`).
    let set_aside_at: chrono::DateTime<chrono::Utc> = "2026-03-02T08:30:00Z".parse().unwrap();
    let store = recovery.rebuild(&*secrets, set_aside_at).unwrap();
    let ports = Ports {
        secrets: secrets.clone(),
        notifier: Arc::new(RecordingNotifier::default()),
        sink: Arc::new(crate::Recorder::default()),
        browser: Arc::new(rdv_app::demo::HeadlessConsent),
        clock: Arc::new(SystemClock),
        desktop: Arc::new(rdv_app::ports::NoDesktop),
    };
    let info = AppInfo {
        name: "t".into(),
        version: "0".into(),
        data_dir: "".into(),
        log_dir: "".into(),
    };
    let app = App::new(Arc::new(store), ports, info, None);
    assert!(
        matches!(app.account_state().unwrap(), AccountState::Linked { ref email, .. } if email == PRACTITIONER),
        "the account is still linked: {:?}",
        app.account_state()
    );

    // As the poller does: sync (the cache comes back from Google), then the outbox.
    sb.control().reset_requests();
    app.sync_now().await;
    let report = app.flush_outbox().await;
    assert_eq!(report.applied, 1, "{report:?}");
    assert!(app.store().outbox().unwrap().is_empty());
    let calendar = app
        .calendars()
        .unwrap()
        .into_iter()
        .find(|c| c.id == PRACTITIONER)
        .expect("the calendar is listed again");
    assert_eq!(
        calendar.appointments,
        AppointmentPolicy::BookingsOnly,
        "the calendar's choices survive"
    );
    assert!(calendar.selected);
    let event = crate::sharing::event(&sb, &id);
    assert_eq!(
        event["extendedProperties"]["private"]["rdv.op"], op,
        "the edit reached Google with its operation id: {event}"
    );
    let patches = sb
        .control()
        .requests()
        .iter()
        .filter(|r| r.method == "PATCH" && r.path.ends_with(&id))
        .count();
    assert_eq!(patches, 1, "sent once");
    assert!(
        std::fs::read_dir(data.path())
            .unwrap()
            .filter_map(Result::ok)
            .any(|e| e.file_name().to_string_lossy().contains(".damaged-")),
        "the old file is kept aside"
    );
}
