//! `rdv-sync --sandbox URL --db FILE [--flush | --publish CALENDAR | --purge]`: links the account
//! a standalone sandbox approves and syncs its calendars into a store file, then, when asked,
//! sends the outbox's queued edits (`--flush`), publishes a calendar's saved availability
//! (`--publish`, without the preview's confirmation) or runs the retention purge — the cache's,
//! then the past Google events' (`--purge`, when the store says the purge was confirmed) — and
//! prints what it did as JSON. For support staff checking a sandbox setup, and the process the
//! crash tests kill with SIGKILL mid-sync, mid-replay, mid-publish and mid-purge.
//!
//! `--erase EMAIL` then runs an erasure request for that address and prints its report;
//! `--resume-erasures` resumes the erasures left pending (after a crash) and prints their reports
//! (the process the kill-mid-erasure test kills and restarts). Either exits 0 when every erasure
//! is complete.
//!
//! Only for sandboxes on 127.0.0.1: the sandbox's tokens live in this process's memory and die
//! with it (the app keeps real tokens in the OS keychain only). For the same reason its store
//! file is plain (`Store::open`), not encrypted as the app's (`rdv_app::open_store`): it holds
//! only a sandbox's made-up data, and the crash tests share it between their own `App` and the
//! process they kill, with no keychain in between.

use rdv_app::ipc::AppInfo;
use rdv_app::{App, Ports};
use rdv_core::Sensitive;
use rdv_core::ports::{
    Notification, Notifier, NotifyError, SecretKey, SecretStore, SecretStoreError, SystemClock,
};
use rdv_store::Store;
use std::collections::HashMap;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};

/// Sandbox tokens for this run only.
#[derive(Default)]
struct RunSecrets(Mutex<HashMap<SecretKey, String>>);

impl SecretStore for RunSecrets {
    fn get(&self, key: &SecretKey) -> Result<Option<Sensitive<String>>, SecretStoreError> {
        Ok(self
            .0
            .lock()
            .expect("lock")
            .get(key)
            .cloned()
            .map(Sensitive::new))
    }
    fn set(&self, key: &SecretKey, value: &Sensitive<String>) -> Result<(), SecretStoreError> {
        self.0
            .lock()
            .expect("lock")
            .insert(key.clone(), value.expose().clone());
        Ok(())
    }
    fn delete(&self, key: &SecretKey) -> Result<(), SecretStoreError> {
        self.0.lock().expect("lock").remove(key);
        Ok(())
    }
}

struct Silent;

impl Notifier for Silent {
    fn notify(&self, _: &Notification) -> Result<(), NotifyError> {
        Ok(())
    }
}

fn usage(problem: &str) -> ExitCode {
    eprintln!(
        "rdv-sync: {problem}\nusage: rdv-sync --sandbox http://127.0.0.1:PORT/ --db FILE \
         [--flush | --publish CALENDAR | --purge | --erase EMAIL | --resume-erasures]"
    );
    ExitCode::from(2)
}

#[allow(clippy::print_stdout, reason = "the tool's report on stdout")]
fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let (Some(sandbox), Some(db)) = (value("--sandbox"), value("--db")) else {
        return usage("missing --sandbox or --db");
    };
    if !sandbox.starts_with("http://127.0.0.1:") {
        return usage("only a sandbox on http://127.0.0.1 is accepted");
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => return usage(&e.to_string()),
    };
    runtime.block_on(async {
        let store = match Store::open(std::path::Path::new(&db)) {
            Ok(s) => Arc::new(s),
            Err(e) => return usage(&e.to_string()),
        };
        let ports = Ports {
            secrets: Arc::new(RunSecrets::default()),
            notifier: Arc::new(Silent),
            sink: Arc::new(rdv_app::ports::NoEvents),
            browser: Arc::new(rdv_app::demo::HeadlessConsent),
            clock: Arc::new(SystemClock),
            desktop: Arc::new(rdv_app::ports::NoDesktop),
        };
        let info = AppInfo {
            name: "rdv-sync".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            data_dir: db.clone(),
            log_dir: String::new(),
        };
        let app = App::new(store, ports, info, None);
        if let Err(e) = app.link_sandbox(&sandbox).await {
            eprintln!("rdv-sync: {e}");
            return ExitCode::FAILURE;
        }
        let status = app.sync_now().await;
        if let Some(email) = value("--erase") {
            return erasures(app.erase_person(Some(&email), None).await.map(|r| vec![r]));
        }
        if args.iter().any(|a| a == "--resume-erasures") {
            return erasures(app.resume_erasures().await);
        }
        println!("{}", serde_json::to_string(&status).unwrap_or_default());
        if status.state != rdv_app::ipc::SyncState::Idle {
            return ExitCode::FAILURE;
        }
        let done = if args.iter().any(|a| a == "--flush") {
            flush(&app).await
        } else if let Some(calendar) = value("--publish") {
            publish(&app, &calendar).await
        } else if args.iter().any(|a| a == "--purge") {
            purge(&app).await
        } else {
            Ok(())
        };
        match done {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("rdv-sync: {e}");
                ExitCode::FAILURE
            }
        }
    })
}

/// Sends the queued edits; an error when some are left.
#[allow(clippy::print_stdout, reason = "the tool's report on stdout")]
async fn flush(app: &App) -> Result<(), String> {
    let report = app.flush_outbox().await;
    let left = app.outbox_items().map_err(|e| e.to_string())?.len();
    println!(
        "{}",
        serde_json::json!({"applied": report.applied, "failed": report.failed, "left": left})
    );
    if left == 0 {
        Ok(())
    } else {
        Err(format!("{left} edits left in the outbox"))
    }
}

/// Plans and publishes the calendar's saved availability (never a plan that removes most of
/// what is published: that needs the user's second confirmation, in the app).
#[allow(clippy::print_stdout, reason = "the tool's report on stdout")]
async fn publish(app: &App, calendar: &str) -> Result<(), String> {
    let plan = app
        .plan_publish(calendar)
        .await
        .map_err(|e| e.to_string())?;
    let outcome = app
        .publish_availability(calendar, &plan.fingerprint, false)
        .await
        .map_err(|e| e.to_string())?;
    println!("{}", serde_json::json!({"writes": outcome.writes}));
    Ok(())
}

/// The retention purge: the cache's (one transaction), then the past Google events'.
#[allow(clippy::print_stdout, reason = "the tool's report on stdout")]
async fn purge(app: &App) -> Result<(), String> {
    let cached = app.purge_now().map_err(|e| e.to_string())?;
    let google = app.scrub_google_past().await.map_err(|e| e.to_string())?;
    println!(
        "{}",
        serde_json::json!({"cached": cached, "google": google})
    );
    Ok(())
}

/// Prints erasure reports as JSON; success when every one is complete.
#[allow(clippy::print_stdout, reason = "the tool's report on stdout")]
fn erasures(reports: Result<Vec<rdv_app::ipc::ErasureReport>, rdv_app::AppError>) -> ExitCode {
    match reports {
        Ok(reports) => {
            println!("{}", serde_json::to_string(&reports).unwrap_or_default());
            if reports.iter().all(|r| r.complete) {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("rdv-sync: {e}");
            ExitCode::FAILURE
        }
    }
}
