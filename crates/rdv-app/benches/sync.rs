//! `cargo bench -p rdv-app --bench sync`: the cost of syncing against the local sandbox over
//! HTTP — a full sync of 10,000 events and an unchanged incremental sync — in requests and time.
//! Prints figures (median of several runs); docs/PERFORMANCE.md records them.

use chrono::Utc;
use rdv_app::ipc::{AppInfo, SyncState};
use rdv_app::{App, Ports};
use rdv_core::ports::SystemClock;
use rdv_core::ports::testing::{MemorySecretStore, RecordingNotifier};
use rdv_sandbox::PRACTITIONER;
use rdv_store::Store;
use std::sync::Arc;
use std::time::{Duration, Instant};

const EVENTS: usize = 10_000;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[allow(clippy::print_stdout, reason = "a bench command prints its figures")]
fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let store = Arc::new(Store::open(&dir.path().join("bench.sqlite3")).unwrap());
        let ports = Ports {
            secrets: Arc::new(MemorySecretStore::default()),
            notifier: Arc::new(RecordingNotifier::default()),
            sink: Arc::new(rdv_app::ports::NoEvents),
            browser: Arc::new(rdv_app::demo::HeadlessConsent),
            clock: Arc::new(SystemClock),
            desktop: Arc::new(rdv_app::ports::NoDesktop),
        };
        let info = AppInfo { name: "bench".into(), version: "0".into(), data_dir: "".into(), log_dir: "".into() };
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
        let live = control.events(PRACTITIONER).iter().filter(|e| e["status"] != "cancelled").count();

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
        println!("full sync: {live} events, {full_requests} requests (maxResults 2500), median {:?} of 3", median(full));
        println!("unchanged incremental sync: {incremental_requests} request(s), median {:?} of 9", median(incremental));
    });
}
