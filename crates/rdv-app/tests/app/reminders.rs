//! Reminders and alerts through the use cases, against the sandbox, with a fixed clock and a
//! recording notifier (the real daemon is covered end to end): a booking made on the site yields
//! one *nouveau rendez-vous* alert and one reminder at the offset, a booking cancelled before it
//! is seen yields nothing, a restart repeats nothing, and the privacy mode hides names.

use chrono::{DateTime, Duration, Utc};
use rdv_app::ipc::{AppInfo, DoNotDisturb, ReminderPrefs, TrayState};
use rdv_app::{App, Ports};
use rdv_core::ports::testing::{FixedClock, MemorySecretStore, RecordingNotifier};
use rdv_sandbox::{Consent, PRACTITIONER, Sandbox, SandboxConfig, Seed};
use rdv_store::Store;
use serde_json::json;
use std::sync::Arc;

/// An app linked to a sandbox with an empty calendar, over a real SQLite file, a fixed clock, a
/// recording notifier and an in-memory keychain (kept to build the same app again: a restart).
pub(crate) struct Setup {
    pub(crate) app: App,
    pub(crate) clock: Arc<FixedClock>,
    pub(crate) shown: Arc<RecordingNotifier>,
    pub(crate) sb: Sandbox,
    pub(crate) store_path: std::path::PathBuf,
    pub(crate) secrets: Arc<MemorySecretStore>,
    _dir: tempfile::TempDir,
}

impl Setup {
    /// Moves the clock on to the next 10:00 in Paris and returns that instant: a test looking at
    /// the rest of the day (the tray) then finds an appointment a few hours later on the same
    /// day, whatever the hour it runs at.
    pub(crate) fn next_morning(&self) -> DateTime<Utc> {
        let real: DateTime<Utc> = rdv_core::ports::Clock::now(self.clock.as_ref()).into();
        let paris = real.with_timezone(&chrono_tz::Europe::Paris);
        let ten = |day: chrono::NaiveDate| {
            day.and_hms_opt(10, 0, 0)
                .unwrap()
                .and_local_timezone(chrono_tz::Europe::Paris)
                .single()
                .unwrap()
        };
        let mut morning = ten(paris.date_naive());
        if morning <= paris {
            morning = ten(paris.date_naive() + chrono::Days::new(1));
        }
        let now = morning.with_timezone(&Utc);
        self.clock.set(now.into());
        now
    }
}

/// An app over the SQLite file `store` and these adapters; twice on one file is a restart.
pub(crate) fn app_on(
    store: &std::path::Path,
    clock: Arc<FixedClock>,
    shown: Arc<RecordingNotifier>,
    secrets: Arc<MemorySecretStore>,
) -> App {
    let ports = Ports {
        secrets,
        notifier: shown,
        sink: Arc::new(rdv_app::ports::NoEvents),
        browser: Arc::new(rdv_app::demo::HeadlessConsent),
        clock,
        desktop: Arc::new(rdv_app::ports::NoDesktop),
    };
    let info = AppInfo {
        name: "t".into(),
        version: "0".into(),
        data_dir: String::new(),
        log_dir: String::new(),
    };
    App::new(Arc::new(Store::open(store).unwrap()), ports, info, None)
}

pub(crate) async fn setup() -> Setup {
    let sb = Sandbox::start(SandboxConfig {
        port: 0,
        seed: Seed::Empty,
        consent: Consent::Approve(PRACTITIONER.to_owned()),
    })
    .await
    .unwrap();
    sb.control().add_account(PRACTITIONER, "Dr Camille Laurent");
    let dir = tempfile::tempdir().unwrap();
    let store_path = dir.path().join("rdv.sqlite3");
    let clock = Arc::new(FixedClock::new(std::time::SystemTime::now()));
    let shown = Arc::new(RecordingNotifier::default());
    let secrets = Arc::new(MemorySecretStore::default());
    let app = app_on(&store_path, clock.clone(), shown.clone(), secrets.clone());
    app.link_sandbox(&sb.base_url()).await.unwrap();
    app.sync_now().await;
    Setup {
        app,
        clock,
        shown,
        sb,
        store_path,
        secrets,
        _dir: dir,
    }
}

/// A booking of « Jeanne `last` » as the booking site writes it.
pub(crate) fn booking(start: DateTime<Utc>, last: &str) -> serde_json::Value {
    json!({
        "summary": format!("Consultation – Jeanne {last}"),
        "start": {"dateTime": start.to_rfc3339(), "timeZone": "Europe/Paris"},
        "end": {"dateTime": (start + Duration::minutes(30)).to_rfc3339(), "timeZone": "Europe/Paris"},
        "extendedProperties": {"private": {"rdv.v": "1", "rdv.kind": "booking", "rdv.type": "consultation",
            "rdv.firstName": "Jeanne", "rdv.lastName": last}}
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_site_booking_alerts_once_and_reminds_once_at_the_offset_and_a_cancelled_one_never() {
    let s = setup().await;
    let now: DateTime<Utc> = rdv_core::ports::Clock::now(s.clock.as_ref()).into();
    s.app.reminder_tick().unwrap();
    let start = now + Duration::minutes(45);
    let martin =
        s.sb.control()
            .insert_event(PRACTITIONER, booking(start, "Martin"));
    // A second booking, cancelled on the site before the app ever saw it.
    let gone =
        s.sb.control()
            .insert_event(PRACTITIONER, booking(now + Duration::minutes(50), "Durand"));
    s.sb.control()
        .delete_event(PRACTITIONER, gone["id"].as_str().unwrap());
    s.app.sync_now().await;
    s.app.sync_now().await; // an unchanged sync alerts nothing more

    let shown = s.shown.shown();
    assert_eq!(shown.len(), 1, "exactly one alert: {shown:?}");
    assert_eq!(shown[0].title, "Nouveau rendez-vous");
    assert!(
        !shown[0].body.contains("Martin"),
        "privacy mode is on by default: {}",
        shown[0].body
    );
    assert!(shown[0].body.contains("Consultation"));
    assert_eq!(
        shown[0].open,
        Some(format!("{PRACTITIONER}/{}", martin["id"].as_str().unwrap())),
        "a click on the alert opens the booking"
    );

    // Ticks until 10 minutes before: nothing; at the offset: one reminder; after: nothing.
    let mut t = now;
    while t < start - Duration::minutes(10) {
        s.clock.set(t.into());
        s.app.reminder_tick().unwrap();
        t += Duration::seconds(15);
    }
    assert_eq!(s.shown.shown().len(), 1, "no reminder before the offset");
    s.clock.set((start - Duration::minutes(10)).into());
    assert_eq!(s.app.reminder_tick().unwrap(), 1);
    let reminder = s.shown.shown().pop().unwrap();
    assert_eq!(reminder.title, "Rendez-vous dans 10 min");
    assert!(!reminder.body.contains("Martin"));
    s.clock.set((start - Duration::minutes(9)).into());
    assert_eq!(s.app.reminder_tick().unwrap(), 0, "once");

    // A restart (a new app on the same database) repeats nothing.
    let restarted = app_on(
        &s.store_path,
        s.clock.clone(),
        s.shown.clone(),
        s.secrets.clone(),
    );
    s.clock.set((start - Duration::minutes(8)).into());
    assert_eq!(restarted.reminder_tick().unwrap(), 0);
    assert_eq!(s.shown.shown().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_privacy_mode_names_show_and_do_not_disturb_silences_and_shows_in_the_tray() {
    let s = setup().await;
    let now = s.next_morning();
    s.app
        .set_reminder_prefs(ReminderPrefs {
            privacy: false,
            ..ReminderPrefs::default()
        })
        .unwrap();
    let start = now + Duration::minutes(30);
    s.sb.control()
        .insert_event(PRACTITIONER, booking(start, "Martin"));
    s.app.sync_now().await;
    assert!(
        s.shown.shown()[0]
            .body
            .ends_with("Consultation – Jeanne Martin"),
        "{:?}",
        s.shown.shown()
    );
    let tray = s.app.tray_model().unwrap();
    assert!(
        tray.tooltip.contains("Jeanne Martin – Consultation"),
        "{}",
        tray.tooltip
    );

    s.app.set_do_not_disturb(DoNotDisturb::OneHour).unwrap();
    assert_eq!(s.app.tray_model().unwrap().state, TrayState::DoNotDisturb);
    s.clock.set((start - Duration::minutes(10)).into());
    assert_eq!(s.app.reminder_tick().unwrap(), 0, "silenced");
    s.app.set_do_not_disturb(DoNotDisturb::Off).unwrap();
    s.clock.set((start - Duration::minutes(9)).into());
    assert_eq!(
        s.app.reminder_tick().unwrap(),
        0,
        "silenced reminders are not replayed later"
    );
    assert_eq!(s.app.tray_model().unwrap().state, TrayState::Normal);

    let bad = s.app.set_reminder_prefs(ReminderPrefs {
        quiet_start: Some("12:00".into()),
        ..ReminderPrefs::default()
    });
    assert!(bad.is_err(), "quiet hours need an end");
}

/// Reminder preferences with `offsets`, the rest as a new installation has them.
fn prefs(offsets: &[u32]) -> ReminderPrefs {
    ReminderPrefs {
        offsets: offsets.to_vec(),
        ..ReminderPrefs::default()
    }
}

/// The rules of the preferences (the UI only shows the core's refusal): five reminders at most,
/// each from 1 minute to 7 days before, quiet hours with both ends and not the same, times that
/// are times; a reminder given twice is kept once. A refusal saves nothing.
#[test]
fn reminder_preferences_are_checked_by_the_core_and_a_refusal_saves_nothing() {
    let fresh = crate::fixtures::app();
    let app = &fresh.app;
    let refused = |p: ReminderPrefs| {
        let e = app
            .set_reminder_prefs(p)
            .unwrap_err()
            .into_ipc(rdv_core::Language::Fr);
        assert_eq!(
            e.code,
            rdv_app::ipc::ErrorCode::InvalidInput,
            "{}",
            e.message
        );
        e.message
    };
    assert!(refused(prefs(&[2, 5, 10, 15, 30, 60])).contains("Cinq rappels au plus"));
    assert!(refused(prefs(&[0])).contains("entre 1 minute et 7 jours"));
    assert!(refused(prefs(&[7 * 24 * 60 + 1])).contains("entre 1 minute et 7 jours"));
    let mut one_end = prefs(&[10]);
    one_end.quiet_start = Some("20:00".into());
    assert!(refused(one_end).contains("le début et la fin des heures calmes"));
    let mut same = prefs(&[10]);
    same.quiet_start = Some("20:00".into());
    same.quiet_end = Some("20:00".into());
    assert!(refused(same).contains("même heure"));
    let mut impossible = prefs(&[10]);
    impossible.daily_summary = Some("25:00".into());
    refused(impossible);
    assert_eq!(
        app.reminder_prefs().unwrap().offsets,
        vec![10],
        "nothing saved"
    );

    let saved = app
        .set_reminder_prefs(prefs(&[1440, 30, 7 * 24 * 60, 30]))
        .unwrap();
    assert_eq!(saved.offsets, vec![30, 1440, 7 * 24 * 60]);
    assert_eq!(app.reminder_prefs().unwrap(), saved);
}
