//! `cargo bench -p rdv-app --bench sync`: the cost of syncing against the local sandbox over
//! HTTP — a full sync of 10,000 events and an unchanged incremental sync — in requests and time,
//! and of opening the app's store holding them; each with the store encrypted as the app opens
//! it (`rdv_app::open_store`, SQLCipher) and, for comparison, plain (`Store::open`).
//! Prints figures (median of several runs); docs/PERFORMANCE.md records them.

use chrono::Utc;
use rdv_app::ipc::{AppInfo, SyncState};
use rdv_app::{App, Ports};
use rdv_core::ports::SystemClock;
use rdv_core::ports::testing::{MemorySecretStore, RecordingNotifier};
use rdv_sandbox::PRACTITIONER;
use rdv_store::{DATABASE_FILE, Store};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

const EVENTS: usize = 10_000;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Opens the store in `dir` as the run asks: encrypted as the app does, or plain.
fn open(dir: &Path, secrets: &MemorySecretStore, encrypted: bool) -> Store {
    if encrypted {
        rdv_app::open_store(dir, secrets).unwrap()
    } else {
        Store::open(&dir.join(DATABASE_FILE)).unwrap()
    }
}

#[allow(clippy::print_stdout, reason = "a bench command prints its figures")]
async fn run(encrypted: bool) {
    let label = if encrypted {
        "encrypted (SQLCipher)"
    } else {
        "plain"
    };
    let dir = tempfile::tempdir().unwrap();
    let secrets = MemorySecretStore::default();
    let store = Arc::new(open(dir.path(), &secrets, encrypted));
    let ports = Ports {
        secrets: Arc::new(MemorySecretStore::default()),
        notifier: Arc::new(RecordingNotifier::default()),
        sink: Arc::new(rdv_app::ports::NoEvents),
        browser: Arc::new(rdv_app::demo::HeadlessConsent),
        clock: Arc::new(SystemClock),
        desktop: Arc::new(rdv_app::ports::NoDesktop),
    };
    let info = AppInfo {
        name: "bench".into(),
        version: "0".into(),
        data_dir: "".into(),
        log_dir: "".into(),
    };
    let app = App::new(store, ports, info, None);
    app.start_demo().await.unwrap();
    assert_eq!(app.sync_now().await.state, SyncState::Idle);
    let control = app.sandbox_control().await.unwrap();
    let base = Utc::now();
    for i in 0..EVENTS {
        let start = base + chrono::Duration::minutes(30 * i as i64 + 60);
        control.insert_event(PRACTITIONER, serde_json::json!({
            "summary": format!("Réunion {i}"),
            "start": { "dateTime": start.to_rfc3339(), "timeZone": "Europe/Paris" },
            "end": { "dateTime": (start + chrono::Duration::minutes(20)).to_rfc3339(), "timeZone": "Europe/Paris" },
        }));
    }
    let live = control
        .events(PRACTITIONER)
        .iter()
        .filter(|e| e["status"] != "cancelled")
        .count();

    let mut full = Vec::new();
    let mut full_requests = 0;
    for _ in 0..3 {
        app.set_calendar_selected(PRACTITIONER, false).unwrap();
        app.set_calendar_selected(PRACTITIONER, true).unwrap();
        control.reset_requests();
        let t = Instant::now();
        assert_eq!(app.poll_once().await.state, SyncState::Idle);
        full.push(t.elapsed());
        full_requests = control.requests().len();
    }
    let mut incremental = Vec::new();
    let mut incremental_requests = 0;
    for _ in 0..9 {
        control.reset_requests();
        let t = Instant::now();
        assert_eq!(app.poll_once().await.state, SyncState::Idle);
        incremental.push(t.elapsed());
        incremental_requests = control.requests().len();
    }
    drop(app);
    // Opening at start: the file with its 10,000 events, as `open_store` (or `Store::open`)
    // does it — key, check, schema version, WAL — and a first query of the day's view.
    let mut opening = Vec::new();
    for _ in 0..9 {
        let t = Instant::now();
        let store = open(dir.path(), &secrets, encrypted);
        let count = store.event_count(PRACTITIONER).unwrap();
        opening.push(t.elapsed());
        assert!(count as usize >= EVENTS);
    }
    println!(
        "[{label}] full sync: {live} events, {full_requests} requests (maxResults 2500), median {:?} of 3",
        median(full)
    );
    println!(
        "[{label}] unchanged incremental sync: {incremental_requests} request(s), median {:?} of 9",
        median(incremental)
    );
    println!(
        "[{label}] opening the store of {live} events (+ one count): median {:?} of 9",
        median(opening)
    );
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        run(false).await;
        run(true).await;
    });
}
