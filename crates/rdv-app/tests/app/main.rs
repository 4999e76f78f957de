//! The use cases against the real sandbox (the stand-in for Google): demo linking through the
//! real OAuth code (loopback listener, PKCE, state, code exchange), sync into a real SQLite file,
//! incremental changes made "by the booking site", faults, reconnection, unlinking.

mod account;
mod availability;
mod booking_new;
mod crash;
mod fixtures;
mod ingest;
mod lock;
mod ownevents;
mod paging;
mod patients;
mod privacy;
mod recovery;
mod reminders;
mod sharing;
mod sheet;
mod site;
mod storage;

use chrono::{DateTime, Utc};
use rdv_app::ipc::{AccountState, AppInfo, EventKind, SyncState};
use rdv_app::ports::EventSink;
use rdv_app::{App, Ports};
use rdv_core::ports::testing::{MemorySecretStore, RecordingNotifier};
use rdv_core::ports::{SecretKey, SecretStore, SystemClock};
use rdv_sandbox::{Fault, FaultKind, PRACTITIONER};
use rdv_store::Store;
use std::sync::{Arc, Mutex};

#[derive(Default)]
struct Recorder {
    statuses: Mutex<Vec<SyncState>>,
    accounts: Mutex<Vec<AccountState>>,
    changes: Mutex<u32>,
}

impl EventSink for Recorder {
    fn sync_status(&self, s: &rdv_app::ipc::SyncStatus) {
        self.statuses.lock().unwrap().push(s.state);
    }
    fn account_state(&self, a: &AccountState) {
        self.accounts.lock().unwrap().push(a.clone());
    }
    fn data_changed(&self) {
        *self.changes.lock().unwrap() += 1;
    }
}

struct Fixture {
    app: App,
    secrets: Arc<MemorySecretStore>,
    events: Arc<Recorder>,
    /// The notifications shown (alerts, reminders).
    shown: Arc<RecordingNotifier>,
    /// The store file.
    db: std::path::PathBuf,
    _dir: tempfile::TempDir,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rdv.sqlite3");
    let store = Arc::new(Store::open(&db).unwrap());
    let secrets = Arc::new(MemorySecretStore::default());
    let events = Arc::new(Recorder::default());
    let shown = Arc::new(RecordingNotifier::default());
    let ports = Ports {
        secrets: secrets.clone(),
        notifier: shown.clone(),
        sink: events.clone(),
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
    Fixture {
        app: App::new(store, ports, info, None),
        secrets,
        events,
        shown,
        db,
        _dir: dir,
    }
}

fn far() -> (String, String) {
    let now = Utc::now();
    let from = (now - chrono::Duration::days(14)).to_rfc3339();
    let to = (now + chrono::Duration::days(21)).to_rfc3339();
    (from, to)
}

async fn linked_demo() -> Fixture {
    let f = fixture();
    let state = f
        .app
        .start_demo()
        .await
        .expect("demo linking through the real OAuth flow");
    assert_eq!(
        state,
        AccountState::Linked {
            email: PRACTITIONER.into(),
            demo: true
        }
    );
    let status = f.app.sync_now().await;
    assert_eq!(status.state, SyncState::Idle, "{status:?}");
    f
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_mode_links_through_oauth_and_mirrors_the_practitioners_week() {
    let f = linked_demo().await;
    let key = SecretKey::new(format!("demo.refresh-token:{PRACTITIONER}"));
    let refresh = f
        .secrets
        .get(&key)
        .unwrap()
        .expect("the refresh token is in the keychain");
    assert!(
        refresh.expose().starts_with("1//"),
        "a Google-shaped refresh token"
    );

    let calendars = f.app.calendars().unwrap();
    let primary = calendars
        .iter()
        .find(|c| c.primary)
        .expect("the practitioner's calendar");
    assert_eq!(primary.time_zone, "Europe/Paris");
    assert!(primary.selected);

    let (from, to) = far();
    let agenda = f.app.agenda_events(&from, &to).unwrap();
    let count = |k| agenda.iter().filter(|e| e.kind == k).count();
    assert!(
        count(EventKind::Booking) >= 30,
        "about forty bookings around now: {}",
        count(EventKind::Booking)
    );
    assert!(
        count(EventKind::Availability) >= 8,
        "two weeks of weekly availability, expanded"
    );
    assert!(
        count(EventKind::Other) >= 1,
        "events the app did not create show as autre"
    );
    assert!(
        agenda
            .iter()
            .all(|e| e.start.ends_with("+01:00") || e.start.ends_with("+02:00") || e.all_day),
        "times in the calendar's zone"
    );

    let bookings = f.app.upcoming_bookings(None).unwrap();
    assert!(!bookings.is_empty());
    // The first marked one (the demo's own events, typed in Google, are listed too).
    let b = bookings
        .iter()
        .find(|b| b.origin == rdv_core::appointments::AppointmentOrigin::Marked)
        .expect("a marked booking");
    assert!(
        b.patient.last_name.is_some() && b.patient.phone.is_some() && b.patient.email.is_some(),
        "{b:?}"
    );
    let by_phone = f
        .app
        .upcoming_bookings(Some(b.patient.phone.as_deref().unwrap()))
        .unwrap();
    assert!(
        by_phone.iter().any(|x| x.id == b.id),
        "search by phone finds the booking"
    );
    assert!(
        f.events
            .accounts
            .lock()
            .unwrap()
            .contains(&AccountState::Linking),
        "the UI was told linking was under way"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_booking_made_on_the_site_appears_and_a_cancellation_disappears_with_one_request() {
    let f = linked_demo().await;
    let control = f.app.sandbox_control().await.unwrap();
    let start: DateTime<Utc> = Utc::now() + chrono::Duration::days(3);
    let booking = serde_json::json!({
        "summary": "Suivi – Louise Petit",
        "start": { "dateTime": start.to_rfc3339(), "timeZone": "Europe/Paris" },
        "end": { "dateTime": (start + chrono::Duration::minutes(20)).to_rfc3339(), "timeZone": "Europe/Paris" },
        "extendedProperties": { "private": {
            "rdv.v": "1", "rdv.kind": "booking", "rdv.type": "suivi", "rdv.source": "site",
            "rdv.firstName": "Louise", "rdv.lastName": "Petit", "rdv.phone": "+33600000042",
            "rdv.email": "louise.petit@example.fr" } }
    });
    let created = control.insert_event(PRACTITIONER, booking);
    let id = created["id"].as_str().unwrap().to_owned();

    control.reset_requests();
    assert_eq!(f.app.sync_now().await.state, SyncState::Idle);
    let lists = control
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/events"))
        .count();
    assert_eq!(
        lists, 1,
        "an incremental sync of one calendar is one list request"
    );
    let found = f.app.upcoming_bookings(Some("louise petit")).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].source.as_deref(), Some("site"));

    control.delete_event(PRACTITIONER, &id);
    f.app.sync_now().await;
    assert!(
        f.app
            .upcoming_bookings(Some("louise petit"))
            .unwrap()
            .is_empty(),
        "the cancellation removed it"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn network_faults_never_lose_or_duplicate_cached_events() {
    let f = linked_demo().await;
    let control = f.app.sandbox_control().await.unwrap();
    let (from, to) = far();
    let before = f.app.agenda_events(&from, &to).unwrap();

    // A transient 503 is retried: the sync succeeds.
    control.inject(Fault {
        method: None,
        path_contains: "/events".into(),
        kind: FaultKind::Status {
            status: 503,
            reason: "backendError".into(),
        },
        times: 1,
    });
    assert_eq!(f.app.sync_now().await.state, SyncState::Idle);

    // Google unreachable: offline, and the cache is untouched.
    control.inject(Fault {
        method: None,
        path_contains: "/calendar/v3".into(),
        kind: FaultKind::DropConnection,
        times: 1000,
    });
    let status = f.app.sync_now().await;
    assert_eq!(status.state, SyncState::Offline, "{status:?}");
    assert!(
        status.last_success_at.is_some(),
        "the last success is still shown"
    );
    // The status is shown as it is: in the user's language.
    let french = status.message.clone().unwrap_or_default();
    f.app.set_language(rdv_core::Language::En).unwrap();
    let english = f.app.sync_now().await.message.unwrap_or_default();
    f.app.set_language(rdv_core::Language::Fr).unwrap();
    assert!(
        !french.is_empty() && !english.is_empty() && french != english,
        "{french} / {english}"
    );
    assert_eq!(
        f.app.agenda_events(&from, &to).unwrap(),
        before,
        "a network error is never a deletion"
    );
    control.clear_faults();

    // A malformed body is an error, not a crash and not a deletion.
    control.inject(Fault {
        method: None,
        path_contains: "/events".into(),
        kind: FaultKind::MalformedBody,
        times: 1000,
    });
    assert_eq!(f.app.sync_now().await.state, SyncState::Error);
    assert_eq!(f.app.agenda_events(&from, &to).unwrap(), before);
    control.clear_faults();

    // Expired sync tokens: a full resync, same events, no duplicates.
    control.expire_sync_tokens();
    assert_eq!(f.app.sync_now().await.state, SyncState::Idle);
    assert_eq!(f.app.agenda_events(&from, &to).unwrap(), before);
    let statuses = f.events.statuses.lock().unwrap().clone();
    assert!(statuses.contains(&SyncState::Offline) && statuses.contains(&SyncState::Syncing));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_grant_asks_for_reconnection_and_keeps_the_cache() {
    let f = linked_demo().await;
    let control = f.app.sandbox_control().await.unwrap();
    let (from, to) = far();
    let before = f.app.agenda_events(&from, &to).unwrap().len();
    control.revoke_refresh_tokens(PRACTITIONER);
    control.expire_access_tokens();
    let status = f.app.sync_now().await;
    assert_eq!(status.state, SyncState::Error);
    assert_eq!(
        f.app.account_state().unwrap(),
        AccountState::ReconnectNeeded {
            email: PRACTITIONER.into(),
            demo: true
        }
    );
    assert!(
        f.events
            .accounts
            .lock()
            .unwrap()
            .iter()
            .any(|a| matches!(a, AccountState::ReconnectNeeded { .. })),
        "the UI banner is told"
    );
    let key = SecretKey::new(format!("demo.refresh-token:{PRACTITIONER}"));
    assert_eq!(
        f.secrets.get(&key).unwrap(),
        None,
        "the refused token is deleted"
    );
    assert_eq!(
        f.app.agenda_events(&from, &to).unwrap().len(),
        before,
        "the cache stays readable"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unlinking_revokes_deletes_the_secret_and_forgets_the_cache() {
    let f = linked_demo().await;
    let control = f.app.sandbox_control().await.unwrap();
    assert_eq!(f.app.unlink_account().await.unwrap(), AccountState::None);
    let key = SecretKey::new(format!("demo.refresh-token:{PRACTITIONER}"));
    assert_eq!(f.secrets.get(&key).unwrap(), None);
    assert!(f.app.calendars().unwrap().is_empty());
    assert!(
        control
            .requests()
            .iter()
            .any(|r| r.path.ends_with("/revoke")),
        "revoked at Google"
    );
    assert_eq!(f.app.sync_now().await.state, SyncState::NoAccount);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_keychain_stops_linking_before_the_browser_with_a_clear_error() {
    let f = fixture();
    f.secrets.set_locked(true);
    let err = f.app.start_demo().await.unwrap_err();
    let ipc = err.into_ipc(rdv_core::Language::Fr);
    assert_eq!(ipc.code, rdv_app::ipc::ErrorCode::KeychainLocked);
    assert_eq!(f.app.account_state().unwrap(), AccountState::None);
}

/// Adds `n` single events to the practitioner's calendar, spread over the next 300 days.
fn add_events(control: &rdv_sandbox::Control, n: usize) {
    let base = Utc::now();
    for i in 0..n {
        let start = base + chrono::Duration::minutes(30 * i as i64 + 60);
        control.insert_event(PRACTITIONER, serde_json::json!({
            "summary": format!("Réunion {i}"),
            "start": { "dateTime": start.to_rfc3339(), "timeZone": "Europe/Paris" },
            "end": { "dateTime": (start + chrono::Duration::minutes(20)).to_rfc3339(), "timeZone": "Europe/Paris" },
        }));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_sync_makes_the_fewest_list_requests_and_an_unchanged_poll_makes_one() {
    let f = linked_demo().await;
    let control = f.app.sandbox_control().await.unwrap();
    add_events(&control, 10_000);
    // The calendar's configuration event (all-day on 2000-01-01) is outside the sync window.
    let live = control
        .events(PRACTITIONER)
        .iter()
        .filter(|e| {
            e["status"] != "cancelled" && e["extendedProperties"]["private"]["rdv.kind"] != "config"
        })
        .count();
    // Deselecting and selecting again drops the cache and its token: the next sync is full.
    f.app.set_calendar_selected(PRACTITIONER, false).unwrap();
    f.app.set_calendar_selected(PRACTITIONER, true).unwrap();
    control.reset_requests();
    assert_eq!(f.app.poll_once().await.state, SyncState::Idle);
    let lists = control
        .requests()
        .iter()
        .filter(|r| r.path.ends_with("/events"))
        .count();
    assert_eq!(
        lists,
        live.div_ceil(2500),
        "maxResults=2500: {live} events need {} pages",
        live.div_ceil(2500)
    );
    assert_eq!(
        f.app.store().event_count(PRACTITIONER).unwrap() as usize,
        live,
        "every event stored once"
    );

    control.reset_requests();
    assert_eq!(f.app.poll_once().await.state, SyncState::Idle);
    assert_eq!(
        control.requests().len(),
        1,
        "an unchanged incremental poll is one request: {:?}",
        control.requests()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sync_killed_at_any_point_leaves_a_consistent_store_that_resumes() {
    use rdv_sandbox::{Consent, Sandbox, SandboxConfig, Seed};
    use std::process::Command;
    use std::time::{Duration, Instant};

    let sandbox = Sandbox::start(SandboxConfig {
        port: 0,
        seed: Seed::Demo { now: Utc::now() },
        consent: Consent::Approve(PRACTITIONER.into()),
    })
    .await
    .unwrap();
    let control = sandbox.control();
    add_events(&control, 12_000);
    let live = control
        .events(PRACTITIONER)
        .iter()
        .filter(|e| e["status"] != "cancelled")
        .count();
    let pages = live.div_ceil(2500);
    // Slow pages a little so kills land between pages as well as while the batch is written.
    control.inject(Fault {
        method: None,
        path_contains: "/events".into(),
        kind: FaultKind::Delay(Duration::from_millis(40)),
        times: 10_000,
    });
    let sync = |db: &std::path::Path| {
        Command::new(env!("CARGO_BIN_EXE_rdv-sync"))
            .args(["--sandbox", &sandbox.base_url(), "--db"])
            .arg(db)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap()
    };
    let lists = || {
        control
            .requests()
            .iter()
            .filter(|r| r.path.ends_with("/events"))
            .count()
    };

    for kill_after in [1, pages / 2, pages] {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("rdv.sqlite3");
        control.reset_requests();
        let mut child = sync(&db);
        let deadline = Instant::now() + Duration::from_secs(60);
        while lists() < kill_after && child.try_wait().unwrap().is_none() {
            assert!(
                Instant::now() < deadline,
                "the sync never reached page {kill_after}"
            );
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        child.kill().unwrap(); // SIGKILL: no clean-up runs
        child.wait().unwrap();

        let store = Store::open(&db).expect("the store opens after a kill");
        store
            .integrity_check()
            .expect("SQLite's integrity check passes");
        let token = store.sync_token(PRACTITIONER).unwrap();
        let count = store.event_count(PRACTITIONER).unwrap() as usize;
        assert!(
            (token.is_none() && count == 0) || (token.is_some() && count == live),
            "killed after {kill_after} pages: either nothing or everything with its token (token {}, {count} of {live})",
            token.is_some()
        );
        drop(store);

        // Resuming: the next sync completes, every event exactly once.
        let status = sync(&db).wait().unwrap();
        assert!(status.success(), "the resumed sync succeeds");
        let store = Store::open(&db).unwrap();
        assert_eq!(store.event_count(PRACTITIONER).unwrap() as usize, live);
        assert!(store.sync_token(PRACTITIONER).unwrap().is_some());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_erasure_killed_midway_resumes_at_the_next_start_and_reports_exactly() {
    use rdv_sandbox::{Consent, Sandbox, SandboxConfig, Seed};
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    let sandbox = Sandbox::start(SandboxConfig {
        port: 0,
        seed: Seed::Empty,
        consent: Consent::Approve(PRACTITIONER.into()),
    })
    .await
    .unwrap();
    let control = sandbox.control();
    control.add_account(PRACTITIONER, "Dr Camille Laurent");
    let now = Utc::now();
    // Eight bookings of the same person, four of them older than the cache's window.
    let days = [-300, -200, -100, -40, -10, 2, 20, 100];
    for (i, d) in days.iter().enumerate() {
        let start = now + chrono::Duration::days(*d);
        let email = if i % 2 == 0 {
            "Jeanne.Martin@example.fr"
        } else {
            "jeanne.martin@example.fr"
        };
        control.insert_event(PRACTITIONER, serde_json::json!({
            "summary": "Consultation – Jeanne Martin",
            "start": {"dateTime": start.to_rfc3339(), "timeZone": "Europe/Paris"},
            "end": {"dateTime": (start + chrono::Duration::minutes(30)).to_rfc3339(), "timeZone": "Europe/Paris"},
            "extendedProperties": {"private": {"rdv.v": "1", "rdv.kind": "booking",
                "rdv.type": "consultation", "rdv.firstName": "Jeanne", "rdv.lastName": "Martin",
                "rdv.email": email, "rdv.phone": "+33612345678"}}
        }));
    }
    // Each anonymising PATCH takes 300 ms: the kill lands between two of them.
    control.inject(Fault {
        method: Some("PATCH".into()),
        path_contains: "/events/".into(),
        kind: FaultKind::Delay(Duration::from_millis(300)),
        times: 10_000,
    });
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("rdv.sqlite3");
    let rdv_sync = |extra: &[&str]| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_rdv-sync"));
        c.args(["--sandbox", &sandbox.base_url(), "--db"])
            .arg(&db)
            .args(extra);
        c
    };
    let patches = || {
        control
            .requests()
            .iter()
            .filter(|r| r.method == "PATCH")
            .count()
    };
    let mut child = rdv_sync(&["--erase", "jeanne.martin@example.fr"])
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    while patches() < 3 && child.try_wait().unwrap().is_none() {
        assert!(Instant::now() < deadline, "the erasure never started");
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    child.kill().unwrap(); // SIGKILL: no clean-up runs
    child.wait().unwrap();

    let left = |control: &rdv_sandbox::Control| {
        control
            .events(PRACTITIONER)
            .iter()
            .filter(|e| e.to_string().to_lowercase().contains("jeanne.martin"))
            .count()
    };
    let remaining = left(&control);
    assert!(
        (1..days.len()).contains(&remaining),
        "killed midway: some events anonymised, some not ({remaining} of {} left)",
        days.len()
    );
    let store = Store::open(&db).expect("the store opens after a kill");
    store.integrity_check().unwrap();
    assert_eq!(
        store.pending_erasures().unwrap().len(),
        1,
        "the erasure was recorded as pending before anything was erased"
    );
    drop(store);

    // The next start resumes it (the poller does so after its first sync).
    control.clear_faults();
    let out = rdv_sync(&["--resume-erasures"]).output().unwrap();
    assert!(
        out.status.success(),
        "the resumed erasure completes: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let reports: Vec<rdv_app::ipc::ErasureReport> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(reports.len(), 1);
    let report = &reports[0];
    assert!(report.complete, "{report:?}");
    assert_eq!(
        report.calendar_events as usize,
        days.len(),
        "exact: the events anonymised before the kill count too: {report:?}"
    );
    assert_eq!(
        report.cached_bookings, 4,
        "the four bookings in the cache's window: {report:?}"
    );
    assert_eq!(
        left(&control),
        0,
        "nothing of the person is left in the calendar"
    );
    let store = Store::open(&db).unwrap();
    assert!(store.pending_erasures().unwrap().is_empty());
    for trace in ["jeanne", "martin", "612345678"] {
        assert!(
            !store.contains_text(trace).unwrap(),
            "{trace} is gone from the store"
        );
    }
}

/// The internal note's limit is the Rust core's (the UI only shows a counter): 200 characters,
/// counted as characters, not bytes; one more is refused with a French message and nothing is
/// queued.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_note_of_more_than_200_characters_is_refused_and_nothing_is_queued() {
    use rdv_app::ipc::{ActionState, BookingAction, ErrorCode};
    let f = linked_demo().await;
    let booking = f
        .app
        .upcoming_bookings(None)
        .unwrap()
        .into_iter()
        .find(|b| b.origin == rdv_core::appointments::AppointmentOrigin::Marked)
        .expect("a marked booking");
    let note = |n: usize| BookingAction::Note {
        text: "é".repeat(n),
    };

    let refused = f
        .app
        .act_on_booking(&booking.calendar_id, &booking.event_id, note(201))
        .await
        .expect_err("201 characters");
    let refused = refused.into_ipc(rdv_core::Language::Fr);
    assert_eq!(refused.code, ErrorCode::InvalidInput, "{refused:?}");
    assert!(
        refused.message.contains("200 caractères (201 saisis)"),
        "{}",
        refused.message
    );
    assert!(f.app.outbox_items().unwrap().is_empty(), "nothing queued");

    let kept = f
        .app
        .act_on_booking(&booking.calendar_id, &booking.event_id, note(200))
        .await
        .expect("200 characters, 400 bytes");
    assert_eq!(kept.state, ActionState::Applied, "{kept:?}");
}
