//! The `rdv-sync` process killed with SIGKILL (no clean-up runs) in the middle of the work a
//! crash could lose or repeat: the outbox's replay, a publish of availability, the retention
//! purge. Each kill lands while the sandbox holds the answer to a write it has already applied
//! (`FaultKind::DelayAnswer`), the window where the process cannot know its write went through;
//! the test waits until that write is visible in the sandbox, then kills — no timing guess. A
//! restart must converge: every edit in Google once and logged once, no duplicate availability
//! event, every expired booking anonymised, locally in one transaction.

use chrono::{Duration, Utc};
use rdv_app::ipc::{AppInfo, Attendance, BookingAction};
use rdv_app::{App, Ports};
use rdv_core::ports::testing::{FixedClock, MemorySecretStore, RecordingNotifier};
use rdv_sandbox::{Fault, FaultKind, PRACTITIONER, Sandbox};
use rdv_store::Store;
use serde_json::Value;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Instant;

/// Longer than any test: a held answer is never released before the kill.
const HOLD: std::time::Duration = std::time::Duration::from_secs(120);

/// `rdv-sync` on the sandbox and the store file, with `mode` (`--flush`, …).
fn tool(sb: &Sandbox, db: &Path, mode: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_rdv-sync"))
        .args(["--sandbox", &sb.base_url(), "--db"])
        .arg(db)
        .args(mode)
        .stdout(Stdio::null())
        .spawn()
        .unwrap()
}

/// Holds the answer to the `nth` (1-based) request matching `path` and `method`, once applied;
/// the earlier ones pass untouched.
fn hold_nth(sb: &Sandbox, method: &str, path: &str, nth: u32) {
    if nth > 1 {
        sb.control().inject(
            Fault::new(path, FaultKind::Delay(std::time::Duration::ZERO))
                .on(method)
                .times(nth - 1),
        );
    }
    sb.control()
        .inject(Fault::new(path, FaultKind::DelayAnswer(HOLD)).on(method));
}

/// Waits until `applied` holds (the held write is in the sandbox), then SIGKILLs the process.
async fn kill_once(child: &mut Child, what: &str, applied: impl Fn() -> bool) {
    let deadline = Instant::now() + std::time::Duration::from_secs(60);
    while !applied() {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the process ended before {what}"
        );
        assert!(Instant::now() < deadline, "never reached: {what}");
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    child.kill().unwrap(); // SIGKILL: no clean-up runs
    child.wait().unwrap();
}

fn reopened(db: &Path) -> Store {
    let store = Store::open(db).expect("the store opens after a kill");
    store
        .integrity_check()
        .expect("SQLite's integrity check passes");
    store
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outbox_replay_killed_after_an_applied_write_resumes_with_each_edit_in_google_once() {
    for kill_at in 1..=4u32 {
        let sb = crate::sharing::sandbox().await;
        let ids: Vec<String> = (0..3)
            .map(|i| {
                sb.control()
                    .insert_event(PRACTITIONER, crate::sharing::booking(2 + i, "Crash"))["id"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        let f = crate::fixture();
        f.app.link_sandbox(&sb.base_url()).await.unwrap();
        f.app.sync_now().await;

        // Four edits made offline, two of them on the same event (chained ETags).
        sb.control()
            .inject(Fault::new("/", FaultKind::DropConnection).times(100_000));
        let edits = [
            (
                &ids[0],
                BookingAction::Note {
                    text: "Apporter l'ordonnance".into(),
                },
            ),
            (
                &ids[0],
                BookingAction::Attendance {
                    status: Some(Attendance::Excused),
                },
            ),
            (
                &ids[1],
                BookingAction::Note {
                    text: "Premier rendez-vous".into(),
                },
            ),
            (&ids[2], BookingAction::Cancel { reason: None }),
        ];
        for (id, action) in edits.clone() {
            f.app
                .act_on_booking(PRACTITIONER, id, action)
                .await
                .unwrap();
        }
        sb.control().clear_faults();
        let queued = f.app.store().outbox().unwrap();
        assert_eq!(queued.len(), edits.len());

        // Killed once Google applied edit `kill_at`, its answer still held.
        let held = queued[kill_at as usize - 1].clone();
        hold_nth(&sb, "PATCH", "/events/", kill_at);
        let mut child = tool(&sb, &f.db, &["--flush"]);
        kill_once(&mut child, &format!("edit {kill_at} applied"), || {
            let e = crate::sharing::event(&sb, &held.event_id);
            if held.action == "cancel" {
                e["status"] == "cancelled"
            } else {
                e["extendedProperties"]["private"]["rdv.op"] == held.op_id.as_str()
            }
        })
        .await;
        sb.control().clear_faults();

        let store = reopened(&f.db);
        let left = store.outbox().unwrap();
        assert_eq!(
            left.first().map(|r| &r.op_id),
            Some(&held.op_id),
            "kill at {kill_at}: the edit whose answer never came still waits, with the later ones"
        );
        assert_eq!(left.len(), edits.len() + 1 - kill_at as usize);
        let logged = |s: &Store| {
            s.activity(1000)
                .unwrap()
                .into_iter()
                .filter(|a| a.origin == "app")
                .count()
        };
        assert_eq!(
            logged(&store),
            kill_at as usize - 1,
            "the earlier ones, once"
        );
        drop(store);

        // Restarted: the held edit is recognised by its `rdv.op`, not applied again.
        sb.control().reset_requests();
        assert!(tool(&sb, &f.db, &["--flush"]).wait().unwrap().success());
        let store = reopened(&f.db);
        assert!(store.outbox().unwrap().is_empty(), "kill at {kill_at}");
        assert_eq!(logged(&store), edits.len(), "each edit logged once");
        let on_held: Vec<String> = sb
            .control()
            .requests()
            .iter()
            .filter(|r| r.path.ends_with(&held.event_id))
            .map(|r| r.method.clone())
            .collect();
        assert_eq!(
            on_held.get(..2),
            Some(&["PATCH".to_owned(), "GET".to_owned()][..]),
            "kill at {kill_at}: sent again, refused by its If-Match (412), read back and \
             recognised by its rdv.op — not applied twice"
        );
        let first = crate::sharing::event(&sb, &ids[0]);
        let private = &first["extendedProperties"]["private"];
        assert_eq!(private["rdv.note"], "Apporter l'ordonnance");
        assert_eq!(private["rdv.attendance"], "excused");
        let second = crate::sharing::event(&sb, &ids[1]);
        assert_eq!(
            second["extendedProperties"]["private"]["rdv.note"],
            "Premier rendez-vous"
        );
        assert_eq!(crate::sharing::event(&sb, &ids[2])["status"], "cancelled");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_publish_killed_after_an_applied_insert_re_runs_to_the_same_events_without_duplicates() {
    for kill_at in [1u32, 3] {
        let sb = crate::sharing::sandbox().await;
        let f = crate::fixture();
        f.app.link_sandbox(&sb.base_url()).await.unwrap();
        f.app.sync_now().await;
        f.app
            .save_availability(PRACTITIONER, crate::availability::config())
            .unwrap();
        let creates = f.app.plan_publish(PRACTITIONER).await.unwrap().creates as usize;
        assert_eq!(creates, 4);

        hold_nth(&sb, "POST", "/events", kill_at);
        let mut child = tool(&sb, &f.db, &["--publish", PRACTITIONER]);
        kill_once(&mut child, &format!("insert {kill_at} applied"), || {
            crate::availability::published(&sb).len() == kill_at as usize
        })
        .await;
        sb.control().clear_faults();
        drop(reopened(&f.db));
        assert!(
            f.app
                .availability(PRACTITIONER)
                .await
                .unwrap()
                .unpublished_changes,
            "kill at {kill_at}: not recorded as published"
        );

        assert!(
            tool(&sb, &f.db, &["--publish", PRACTITIONER])
                .wait()
                .unwrap()
                .success()
        );
        let events = crate::availability::published(&sb);
        let mut ids: Vec<&str> = events.iter().filter_map(|e| e["id"].as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(
            (events.len(), ids.len()),
            (creates, creates),
            "kill at {kill_at}: each availability event once"
        );
        assert_eq!(
            f.app.plan_publish(PRACTITIONER).await.unwrap().writes,
            0,
            "converged: re-publishing writes nothing"
        );
        assert!(
            !f.app
                .availability(PRACTITIONER)
                .await
                .unwrap()
                .unpublished_changes
        );
    }
}

/// Whether a sandbox event still carries patient data (names, phone, email in its properties,
/// or the patient's name in its title).
fn holds_patient_data(e: &Value) -> bool {
    let private = &e["extendedProperties"]["private"];
    ["rdv.firstName", "rdv.lastName", "rdv.phone", "rdv.email"]
        .iter()
        .any(|k| private.get(*k).is_some_and(|v| !v.is_null()))
        || e["summary"].as_str().is_some_and(|s| s.contains(" – "))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retention_purge_killed_midway_is_all_or_nothing_locally_and_resumes_in_google() {
    for kill_at in [1u32, 3] {
        let sb = crate::sharing::sandbox().await;
        let old: Vec<String> = (0..4)
            .map(|i| {
                sb.control().insert_event(
                    PRACTITIONER,
                    crate::sharing::booking(-150 - i, &format!("Ancien{i}")),
                )["id"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        let recent = sb
            .control()
            .insert_event(PRACTITIONER, crate::sharing::booking(3, "Recent"))["id"]
            .as_str()
            .unwrap()
            .to_owned();

        // The cache was filled 140 days ago, when these bookings were recent (retention on by
        // default: the first purge then found nothing due).
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("rdv.sqlite3");
        // `rdv-sync` purges on the system clock (it has no clock to inject): one reading of it
        // places the cache's fill and what is due.
        let now = Utc::now();
        let then = now - Duration::days(140);
        {
            let app = App::new(
                Arc::new(Store::open(&db).unwrap()),
                Ports {
                    secrets: Arc::new(MemorySecretStore::default()),
                    notifier: Arc::new(RecordingNotifier::default()),
                    sink: Arc::new(rdv_app::ports::NoEvents),
                    browser: Arc::new(rdv_app::demo::HeadlessConsent),
                    clock: Arc::new(FixedClock::new(then.into())),
                    desktop: Arc::new(rdv_app::ports::NoDesktop),
                },
                AppInfo {
                    name: "t".into(),
                    version: "0".into(),
                    data_dir: String::new(),
                    log_dir: String::new(),
                },
                None,
            );
            app.link_sandbox(&sb.base_url()).await.unwrap();
            app.sync_now().await;
            assert_eq!(app.purge_now().unwrap(), 0);
        }
        let expired = |s: &Store| s.held_due(now, 120).unwrap().len();
        assert_eq!(
            expired(&reopened(&db)),
            old.len(),
            "cached with their names"
        );

        hold_nth(&sb, "PATCH", "/events/", kill_at);
        let mut child = tool(&sb, &db, &["--purge"]);
        kill_once(&mut child, &format!("event {kill_at} anonymised"), || {
            old.iter()
                .filter(|id| !holds_patient_data(&crate::sharing::event(&sb, id)))
                .count()
                == kill_at as usize
        })
        .await;
        sb.control().clear_faults();
        let store = reopened(&db);
        let purged: i64 = store
            .purge_log(100)
            .unwrap()
            .iter()
            .map(|r| r.bookings)
            .sum();
        assert!(
            (expired(&store) == 0 && purged == old.len() as i64)
                || (expired(&store) == old.len() && purged == 0),
            "kill at {kill_at}: the cache's purge is all or nothing ({} left, {purged} logged)",
            expired(&store)
        );
        drop(store);

        assert!(tool(&sb, &db, &["--purge"]).wait().unwrap().success());
        let store = reopened(&db);
        assert_eq!(expired(&store), 0, "kill at {kill_at}: the cache is purged");
        assert!(
            old.iter()
                .all(|id| !holds_patient_data(&crate::sharing::event(&sb, id))),
            "kill at {kill_at}: every expired booking anonymised in Google"
        );
        assert!(
            holds_patient_data(&crate::sharing::event(&sb, &recent)),
            "a booking still in its period keeps its data"
        );
    }
}
