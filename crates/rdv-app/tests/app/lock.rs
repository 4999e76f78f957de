//! The app lock across restarts (issue 13, point 4): an app built again over the same SQLite file
//! and keychain — what a *Quitter* and a relaunch do — starts locked when a PIN is set, keeps the
//! wrong attempts and the wait they earned, and while locked its notifications name no one, even
//! with the privacy mode off.

use super::reminders::{app_on, booking, setup};
use chrono::{DateTime, Duration, TimeZone, Utc};
use rdv_app::App;
use rdv_app::ipc::{AccessRole, AccountState, BookingAction, ErrorCode, ReminderPrefs};
use rdv_core::ports::testing::{FixedClock, MemorySecretStore, RecordingNotifier};
use rdv_sandbox::PRACTITIONER;
use std::sync::Arc;

/// One installation: its database file, keychain and clock, kept while apps come and go.
struct Installation {
    store: std::path::PathBuf,
    secrets: Arc<MemorySecretStore>,
    clock: Arc<FixedClock>,
    _dir: tempfile::TempDir,
}

impl Installation {
    /// A fresh installation whose clock reads Monday 7 December 2026, 09:00 UTC.
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let at = Utc.with_ymd_and_hms(2026, 12, 7, 9, 0, 0).unwrap();
        Self {
            store: dir.path().join("rdv.sqlite3"),
            secrets: Arc::new(MemorySecretStore::default()),
            clock: Arc::new(FixedClock::new(at.into())),
            _dir: dir,
        }
    }

    /// Starts the app (again): a new `App` over the same file and keychain.
    fn launch(&self) -> App {
        app_on(
            &self.store,
            self.clock.clone(),
            Arc::new(RecordingNotifier::default()),
            self.secrets.clone(),
        )
    }

    fn advance(&self, seconds: i64) {
        let now: DateTime<Utc> = rdv_core::ports::Clock::now(self.clock.as_ref()).into();
        self.clock.set((now + Duration::seconds(seconds)).into());
    }
}

fn code(err: rdv_app::AppError) -> ErrorCode {
    err.code()
}

#[test]
fn a_pin_protected_app_starts_locked_and_refuses_personal_data_until_the_pin() {
    let home = Installation::new();
    let app = home.launch();
    assert!(!app.lock_status().unwrap().locked, "no PIN: never locked");
    app.set_lock_pin(None, "2468").unwrap();
    assert!(
        !app.lock_status().unwrap().locked,
        "setting a PIN does not lock at once"
    );
    drop(app);

    // Quitter, then a relaunch.
    let app = home.launch();
    let status = app.lock_status().unwrap();
    assert!(status.pin_set && status.locked, "starts locked: {status:?}");
    assert_eq!(
        code(app.upcoming_bookings(None).unwrap_err()),
        ErrorCode::AppLocked,
        "the core refuses personal data from the first call"
    );
    assert!(!app.unlock("2468").unwrap().locked);
    assert!(app.upcoming_bookings(None).is_ok(), "unlocked by the PIN");

    // Without a PIN, a relaunch is not locked.
    app.remove_lock_pin("2468").unwrap();
    drop(app);
    let app = home.launch();
    assert!(!app.lock_status().unwrap().locked, "no PIN, no lock");
    assert!(app.upcoming_bookings(None).is_ok());
}

#[test]
fn wrong_attempts_and_the_wait_they_earned_carry_over_a_restart() {
    let home = Installation::new();
    home.launch().set_lock_pin(None, "2468").unwrap();

    let app = home.launch();
    for _ in 0..2 {
        assert_eq!(code(app.unlock("0000").unwrap_err()), ErrorCode::WrongPin);
    }
    drop(app);
    // Quitting does not give the attempts back: the third wrong one (after a relaunch) waits.
    let app = home.launch();
    let third = app.unlock("1111").unwrap_err().to_string();
    assert!(third.contains("réessayez dans 30 s"), "{third}");
    drop(app);

    // Nor does quitting end the wait: even the right PIN waits, after a relaunch too.
    let app = home.launch();
    assert_eq!(app.lock_status().unwrap().retry_after_seconds, 30);
    let during = app.unlock("2468").unwrap_err().to_string();
    assert!(during.contains("Trop d'essais"), "{during}");
    drop(app);
    home.advance(29);
    let app = home.launch();
    assert_eq!(app.lock_status().unwrap().retry_after_seconds, 1);
    assert!(app.unlock("2468").is_err(), "one second left");

    // Once the wait is over, a fourth wrong PIN doubles it: the count was kept.
    home.advance(1);
    let app = home.launch();
    assert_eq!(app.lock_status().unwrap().retry_after_seconds, 0);
    let fourth = app.unlock("3333").unwrap_err().to_string();
    assert!(fourth.contains("réessayez dans 60 s"), "{fourth}");
    home.advance(60);
    assert!(
        !app.unlock("2468").unwrap().locked,
        "the right PIN, in time"
    );
    drop(app);

    // The right PIN cleared the count: a relaunch starts locked with three attempts again.
    let app = home.launch();
    assert!(app.lock_status().unwrap().locked);
    let first = app.unlock("0000").unwrap_err().to_string();
    assert!(first.contains("2 essais avant une attente"), "{first}");
}

#[test]
fn a_clock_set_back_never_stretches_the_wait_beyond_five_minutes() {
    let home = Installation::new();
    home.launch().set_lock_pin(None, "2468").unwrap();
    let app = home.launch();
    for _ in 0..3 {
        assert!(app.unlock("0000").is_err());
    }
    assert_eq!(app.lock_status().unwrap().retry_after_seconds, 30);
    drop(app);
    // The system clock goes back a day while the app is closed.
    home.advance(-24 * 3600);
    let app = home.launch();
    let wait = app.lock_status().unwrap().retry_after_seconds;
    assert!(
        (1..=300).contains(&wait),
        "still waiting, at most the longest wait, not a day: {wait} s"
    );
    home.advance(300);
    assert!(
        !app.unlock("2468").unwrap().locked,
        "the wait ends by the new clock"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn while_locked_alerts_reminders_and_the_tray_name_no_one_even_without_privacy_mode() {
    let s = setup().await;
    let now: DateTime<Utc> = rdv_core::ports::Clock::now(s.clock.as_ref()).into();
    s.app
        .set_reminder_prefs(ReminderPrefs {
            privacy: false,
            ..ReminderPrefs::default()
        })
        .unwrap();
    s.app.set_lock_pin(None, "2468").unwrap();
    // Relaunched: locked from the start.
    let app = app_on(
        &s.store_path,
        s.clock.clone(),
        s.shown.clone(),
        s.secrets.clone(),
    );
    assert!(app.lock_status().unwrap().locked);

    let start = now + Duration::minutes(30);
    s.sb.control()
        .insert_event(PRACTITIONER, booking(start, "Martin"));
    app.sync_now().await;
    let alert = s.shown.shown().pop().expect("the new booking's alert");
    assert_eq!(alert.title, "Nouveau rendez-vous");
    assert!(alert.body.contains("Consultation"), "{}", alert.body);
    assert!(
        !alert.body.contains("Martin"),
        "no name on a locked screen: {}",
        alert.body
    );
    let tray = app.tray_model().unwrap();
    assert!(!tray.tooltip.contains("Martin"), "{}", tray.tooltip);

    s.clock.set((start - Duration::minutes(10)).into());
    assert_eq!(app.reminder_tick().unwrap(), 1);
    let reminder = s.shown.shown().pop().unwrap();
    assert!(
        !reminder.body.contains("Martin"),
        "nor in a reminder: {}",
        reminder.body
    );

    // Unlocked, the privacy mode (off) applies again.
    app.unlock("2468").unwrap();
    s.sb.control()
        .insert_event(PRACTITIONER, booking(start + Duration::hours(1), "Durand"));
    app.sync_now().await;
    let alert = s.shown.shown().pop().unwrap();
    assert!(
        alert.body.ends_with("Consultation – Jeanne Durand"),
        "{}",
        alert.body
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_app_refuses_sharing_unlinking_the_site_link_and_discarding_and_changes_nothing() {
    let s = setup().await;
    let now: DateTime<Utc> = rdv_core::ports::Clock::now(s.clock.as_ref()).into();
    // A failed edit in the outbox: a note on a booking cancelled meanwhile.
    let event =
        s.sb.control()
            .insert_event(PRACTITIONER, booking(now + Duration::days(1), "Martin"));
    let event_id = event["id"].as_str().unwrap().to_owned();
    s.app.sync_now().await;
    s.sb.control().delete_event(PRACTITIONER, &event_id);
    let _ = s
        .app
        .act_on_booking(
            PRACTITIONER,
            &event_id,
            BookingAction::Note {
                text: "Rappeler".into(),
            },
        )
        .await;
    let outbox = s.app.outbox_items().unwrap();
    assert_eq!(outbox.len(), 1, "{outbox:?}");
    let sharing = s.app.list_sharing(PRACTITIONER).await.unwrap();

    s.app.set_lock_pin(None, "2468").unwrap();
    s.app.lock().unwrap();
    let locked = |result: Result<(), rdv_app::AppError>, what: &str| {
        assert_eq!(code(result.unwrap_err()), ErrorCode::AppLocked, "{what}");
    };
    locked(
        s.app
            .grant_access(PRACTITIONER, "secretariat@cabinet.fr", AccessRole::Writer)
            .await
            .map(drop),
        "grant_access",
    );
    locked(
        s.app.list_sharing(PRACTITIONER).await.map(drop),
        "list_sharing",
    );
    locked(
        s.app.discard_outbox_item(outbox[0].seq).map(drop),
        "discard_outbox_item",
    );
    locked(
        s.app
            .link_site("http://127.0.0.1:9", "cabinet", "mot de passe")
            .await
            .map(drop),
        "link_site",
    );
    locked(s.app.unlink_site().map(drop), "unlink_site");
    locked(s.app.unlink_account().await.map(drop), "unlink_account");

    // Unlocked: the account, the sharing and the outbox are as they were.
    s.app.unlock("2468").unwrap();
    assert!(
        matches!(s.app.account_state().unwrap(), AccountState::Linked { .. }),
        "still linked"
    );
    assert_eq!(s.app.list_sharing(PRACTITIONER).await.unwrap(), sharing);
    assert_eq!(
        s.app.outbox_items().unwrap().len(),
        1,
        "the edit is still there"
    );
}
