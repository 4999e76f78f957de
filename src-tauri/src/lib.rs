//! # rdv-compagnon — the Tauri shell
//!
//! The only crate that depends on Tauri. It owns the windows, the tray, the OS adapters of the
//! ports (keychain, notifications) and the IPC commands, each a thin call into `rdv-app`.

mod adapters;
mod commands;
pub mod google_client;
/// The OS keychain adapter (crates/rdv-keychain, shared with `rdv sheet`).
pub use rdv_keychain as keychain;
pub mod logging;
pub mod notifier;
mod startup;
mod tray;

use rdv_app::ipc::AppInfo;
use rdv_app::{App, Ports};
use rdv_core::ports::{SecretStore, SystemClock};
use rdv_store::Store;
use std::sync::Arc;
use tauri::{Manager, RunEvent, Runtime, WindowEvent};

/// Started with the session: stay in the tray, window hidden.
pub const MINIMIZED: &str = "--minimized";

/// The label of the main window (capabilities/main.json grants it the app commands).
pub const MAIN_WINDOW: &str = "main";

/// `make demo`: the demo runs on a profile of its own (`target/demo-profile`) and, with this flag,
/// beside a real installation — its own single instance (a demo launch does not hand over to the
/// user's running app) and its own keychain entries (a PIN set in the demo never locks the real
/// app).
pub const DEMO: &str = "--demo";
/// The demo's single-instance D-Bus id and keychain service.
pub const DEMO_ID: &str = "fr.librdv.compagnon.demo";

/// Whether this process was launched with [`DEMO`].
fn demo_launch() -> bool {
    std::env::args().any(|a| a == DEMO)
}

/// One instance per user (per demo): a second launch shows the running window and exits.
fn single_instance<R: Runtime>() -> tauri::plugin::TauriPlugin<R> {
    let plugin = tauri_plugin_single_instance::Builder::new().callback(|app, _args, _cwd| {
        show_main_window(app);
        // The window requests above are queued to the main thread; a getter answers from
        // there, so once it returns they have been handed to the toolkit (the e2e test waits
        // for this line before it closes the window, which an outstanding `show` would undo).
        if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
            let _ = window.is_visible();
        }
        tracing::info!("second launch: the running instance is shown");
    });
    if demo_launch() {
        plugin.dbus_id(DEMO_ID).build()
    } else {
        plugin.build()
    }
}

/// Registers everything the app needs on a builder: single instance first, then the commands,
/// start-up and window behaviour. Split from [`run`] so shell tests can use Tauri's mock runtime.
pub fn build_app<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        // First: a second launch hands over to the running instance and exits.
        .plugin(single_instance())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_autostart::init(
            tauri_plugin_autostart::MacosLauncher::LaunchAgent,
            Some(vec![MINIMIZED]),
        ))
        .invoke_handler(commands::handler())
        .setup(|app| {
            start(app.handle())?;
            Ok(())
        })
        .on_window_event(|window, event| {
            if window.label() != MAIN_WINDOW {
                return;
            }
            match event {
                // Closing the window keeps the app in the tray; Quitter in the tray menu exits.
                // On the recovery screen there is no tray to come back from: closing quits.
                WindowEvent::CloseRequested { .. }
                    if window.app_handle().try_state::<App>().is_none() =>
                {
                    tracing::info!("recovery screen closed: the app quits");
                    window.app_handle().exit(0);
                }
                WindowEvent::CloseRequested { api, .. } => {
                    api.prevent_close();
                    tracing::info!("main window closed: the app stays in the tray");
                    if let Err(e) = window.hide() {
                        tracing::warn!(error = %e, "cannot hide the main window");
                    }
                    set_visible(window.app_handle(), false);
                }
                WindowEvent::Focused(true) => set_visible(window.app_handle(), true),
                _ => {}
            }
        })
}

/// Runs the desktop app until the user chooses *Quitter*.
pub fn run() {
    // First: a panic anywhere from here on is written to the log with where it happened.
    logging::install_panic_hook();
    private_umask();
    let app = build_app(tauri::Builder::default())
        .build(tauri::generate_context!())
        .unwrap_or_else(|e| {
            if e.to_string().contains(HANDOVER_FAILED) {
                relaunch_after_failed_handover();
            }
            eprintln!("RDV Compagnon could not start: {e}");
            std::process::exit(1);
        });
    app.run(|_app, event| {
        // Keep running in the tray when the last window closes; an explicit exit (code given)
        // from *Quitter* goes through.
        if let RunEvent::ExitRequested {
            api, code: None, ..
        } = event
        {
            api.prevent_exit();
        }
    });
}

/// Files this process creates are its user's only (umask 077): the database's -wal and -shm,
/// the log files of each day, exports. `rdv_app::open_store` and the logging also tighten what
/// already exists.
fn private_umask() {
    #[cfg(unix)]
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
}

/// What tauri-plugin-single-instance says when the running instance did not answer the
/// hand-over (it was quitting or killed, and the session bus had not yet released its name).
const HANDOVER_FAILED: &str = "failed to forward arguments to the running instance";
/// How many times a launch is retried after a failed hand-over (in its environment).
const HANDOVER_RETRY_VAR: &str = "RDV_HANDOVER_RETRY";
const HANDOVER_RETRIES: u32 = 5;

/// A launch right after the previous instance quit or was killed finds that instance's bus name
/// still taken, asks it to show itself, and gets no answer. Launching again shortly after then
/// either becomes the instance (the name is free) or hands over to a live one. A new process
/// (`exec`, same pid, arguments and environment) because GTK cannot start twice in one process.
/// Returns only when the retries are spent or the relaunch itself failed.
fn relaunch_after_failed_handover() {
    let tries: u32 = std::env::var(HANDOVER_RETRY_VAR)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    if tries >= HANDOVER_RETRIES {
        return;
    }
    // The bus drops a vanished peer's names within milliseconds; back off a little more each try.
    std::thread::sleep(std::time::Duration::from_millis(100 * u64::from(tries + 1)));
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let Ok(exe) = std::env::current_exe() else {
            return;
        };
        let error = std::process::Command::new(exe)
            .args(std::env::args_os().skip(1))
            .env(HANDOVER_RETRY_VAR, (tries + 1).to_string())
            .exec();
        eprintln!("RDV Compagnon could not relaunch itself: {error}");
    }
}

/// Checks the OS keychain with the same round trip as Réglages, prints the status as JSON on
/// stdout and returns the process exit code (0 when the keychain is usable).
pub fn check_keychain() -> i32 {
    let status = rdv_app::check_secret_store(&keychain::OsKeychain::new());
    let ok = status == rdv_app::ipc::KeychainStatus::Available;
    match serde_json::to_string(&status) {
        #[allow(
            clippy::print_stdout,
            reason = "the diagnostic's output, read by scripts"
        )]
        Ok(json) => println!("{json}"),
        Err(e) => eprintln!("{e}"),
    }
    if ok { 0 } else { 1 }
}

/// Starts logging, then opens the store: the app runs ([`launch`]), or — the database cannot be
/// opened — the window shows the recovery screen ([`startup`]) and nothing else starts.
fn start<R: Runtime>(handle: &tauri::AppHandle<R>) -> Result<(), Box<dyn std::error::Error>> {
    let paths = handle.path();
    let data_dir = paths.app_data_dir()?;
    let log_dir = paths.app_log_dir()?;
    let guard = logging::init(&log_dir)?;
    handle.manage(guard);
    let secrets: Arc<dyn SecretStore> = Arc::new(if demo_launch() {
        keychain::OsKeychain::with_service(DEMO_ID)
    } else {
        keychain::OsKeychain::new()
    });
    match rdv_app::open_store(&data_dir, &*secrets) {
        Ok(store) => {
            handle.manage(startup::Startup {
                recovery: std::sync::Mutex::new(None),
                secrets: secrets.clone(),
            });
            launch(handle, store, secrets)?;
            // Started with the session: the tray only. (After the recovery screen the window
            // stays: the user is looking at it.)
            if std::env::args().any(|a| a == MINIMIZED)
                && let Some(window) = handle.get_webview_window(MAIN_WINDOW)
            {
                let _ = window.hide();
                set_visible(handle, false);
            }
            Ok(())
        }
        Err(error) => {
            let recovery = rdv_app::recovery::Recovery::diagnose(&data_dir, error, &*secrets);
            handle.manage(startup::Startup {
                recovery: std::sync::Mutex::new(Some(recovery)),
                secrets,
            });
            // Even when started minimised with the session: the user has something to do.
            show_main_window(handle);
            Ok(())
        }
    }
}

/// Wires the adapters and the open store into the use cases, manages the [`App`], builds the
/// tray and starts the background work (sync, reminders, retention). Called once: at start, or
/// from the recovery screen once a store opens.
pub(crate) fn launch<R: Runtime>(
    handle: &tauri::AppHandle<R>,
    store: Store,
    secrets: Arc<dyn SecretStore>,
) -> Result<(), Box<dyn std::error::Error>> {
    let paths = handle.path();
    let data_dir = paths.app_data_dir()?;
    let log_dir = paths.app_log_dir()?;
    let info = AppInfo {
        name: handle.package_info().name.clone(),
        version: handle.package_info().version.to_string(),
        data_dir: data_dir.display().to_string(),
        log_dir: log_dir.display().to_string(),
    };
    tracing::info!(version = %info.version, "RDV Compagnon starting");
    let ports = Ports {
        secrets,
        notifier: Arc::new(notifier::DesktopNotifier {
            on_open: Some(open_from_notification(handle.clone())),
        }),
        sink: Arc::new(adapters::WebviewEvents(handle.clone())),
        browser: Arc::new(adapters::SystemBrowser(handle.clone())),
        clock: Arc::new(SystemClock),
        desktop: Arc::new(adapters::TauriDesktop(handle.clone())),
    };
    let google = google_client::load(&paths.app_config_dir()?);
    let app = App::new(Arc::new(store), ports, info, google);
    let language = app.settings()?.language;
    handle.manage(app);
    tray::create(handle, language)?;
    set_web_language(handle, language);

    // The poller syncs at once, then at the adaptive interval. `--demo` (make demo) links the
    // demo account first when none is linked; `--sandbox http://127.0.0.1:PORT/` links the
    // account a standalone `rdv-sandbox` approves (support and end-to-end tests: a secretary's
    // app next to the practitioner's).
    let args: Vec<String> = std::env::args().collect();
    let demo = demo_launch();
    let sandbox = args
        .iter()
        .position(|a| a == "--sandbox")
        .and_then(|i| args.get(i + 1))
        .filter(|url| url.starts_with("http://127.0.0.1:"))
        .cloned();
    let poller = handle.clone();
    tauri::async_runtime::spawn(async move {
        let app = poller.state::<App>();
        if matches!(app.account_state(), Ok(rdv_app::ipc::AccountState::None)) {
            let linked = match (&sandbox, demo) {
                (Some(url), _) => Some(app.link_sandbox(url).await),
                (None, true) => Some(app.start_demo().await),
                (None, false) => None,
            };
            if let Some(Err(e)) = linked {
                tracing::error!(error = %e, "cannot link the demo or sandbox account");
            }
        }
        app.run_poller().await;
    });
    // Reminders tick on their own; the tray's list of the day follows the time.
    let reminders = handle.clone();
    tauri::async_runtime::spawn(async move {
        reminders.state::<App>().run_reminders().await;
    });
    let retention = handle.clone();
    tauri::async_runtime::spawn(async move {
        retention.state::<App>().run_retention().await;
    });
    let tray_clock = handle.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            tray::refresh(&tray_clock);
            tokio::time::sleep(std::time::Duration::from_secs(60)).await;
        }
    });
    Ok(())
}

fn set_visible<R: Runtime>(handle: &tauri::AppHandle<R>, visible: bool) {
    if let Some(app) = handle.try_state::<App>() {
        app.set_window_visible(visible);
    }
}

/// A click on a reminder: show the window and ask the UI to open that appointment.
fn open_from_notification<R: Runtime>(handle: tauri::AppHandle<R>) -> notifier::OnOpen {
    Arc::new(move |target: &str| {
        if let Some((calendar_id, id)) = target.rsplit_once('/') {
            use tauri::Emitter;
            tracing::info!("notification clicked: opening its appointment");
            show_main_window(&handle);
            let _ = handle.emit(
                tray::OPEN_BOOKING,
                serde_json::json!({ "calendarId": calendar_id, "id": id }),
            );
        }
    })
}

/// The web view speaks the interface's language: `navigator.language`, and the day/month order
/// of date fields, which WebKitGTK takes from its preferred languages before the system's locale
/// (a French interface on an English system still shows 26/11/2026). English is British English:
/// the app writes 24-hour times and starts weeks on Monday in both languages.
pub(crate) fn set_web_language<R: Runtime>(
    handle: &tauri::AppHandle<R>,
    language: rdv_core::Language,
) {
    #[cfg(target_os = "linux")]
    if let Some(window) = handle.get_webview_window(MAIN_WINDOW) {
        let tag = match language {
            rdv_core::Language::Fr => "fr-FR",
            rdv_core::Language::En => "en-GB",
        };
        let done = window.with_webview(move |webview| {
            use webkit2gtk::{WebContextExt, WebViewExt};
            if let Some(context) = webview.inner().context() {
                context.set_preferred_languages(&[tag]);
            }
        });
        if let Err(e) = done {
            tracing::warn!(error = %e, "cannot set the web view's language");
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (handle, language);
}

/// Shows, unminimises and focuses the main window.
pub(crate) fn show_main_window<R: Runtime>(app: &tauri::AppHandle<R>) {
    if let Some(window) = app.get_webview_window(MAIN_WINDOW) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
        set_visible(app, true);
    }
}
