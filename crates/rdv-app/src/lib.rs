//! # rdv-app — the use cases of RDV Compagnon
//!
//! Everything the app *does*, callable from the Tauri shell, a CLI or a test alike: no Tauri, no
//! GTK here. It talks to the outside only through ports (clock, secret store, notifier from
//! `rdv-core`; event sink and browser from [`ports`]), the local store of `rdv-store`, and Google
//! through `rdv-google` (or the embedded `rdv-sandbox` in demo mode).
//!
//! Public surface:
//! - [`App`]: the shared context (store, ports, session, sync engine) whose use cases are
//!   written per domain, one module each: [`settings`], [`account`], [`demo`], [`calendars`],
//!   [`sync`] and its poller [`poll`], [`agenda`], [`bookings`], [`outbox`], [`activity`],
//!   [`availability`], [`sharing`], [`reminders`], [`lock`], [`site`], [`privacy`], [`desktop`],
//!   [`sheet`], [`affected`]
//!   (docs/ARCHITECTURE.md, *Use cases by domain*, maps each command to its module);
//! - [`api`]: the command table, the one boundary the transports call;
//! - [`ipc`]: the types that cross the IPC boundary, one file per domain, exported to TypeScript;
//! - [`AppError`], its French and English text, and its IPC form [`ipc::IpcError`] in the user's
//!   language.

pub mod account;
pub mod activity;
pub mod affected;
pub mod agenda;
pub mod api;
pub mod availability;
pub mod booking_new;
pub mod bookings;
pub mod calendars;
pub mod demo;
pub mod desktop;
mod error;
pub mod ipc;
mod keychain;
pub mod lock;
pub mod messages;
pub mod outbox;
pub mod patients;
pub mod poll;
pub mod ports;
pub mod privacy;
pub mod recovery;
pub mod reminders;
pub mod settings;
pub mod sharing;
pub mod sheet;
pub mod site;
pub mod storage;
pub mod sync;

use ipc::AppInfo;
use rdv_core::ports::{Clock, Notifier, SecretStore};
use rdv_store::Store;
use std::sync::{Arc, Mutex};

pub use account::GoogleClientConfig;
pub use error::AppError;
pub use keychain::check_secret_store;
pub use storage::{StoreOpenError, open_store};

/// A use case's future, boxed and `Send` so any async runtime (Tauri's commands included) can
/// run it: boxing checks `Send` once, here, instead of in every caller's generic context.
pub type Task<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

/// The adapters the use cases run on.
pub struct Ports {
    /// The OS keychain.
    pub secrets: Arc<dyn SecretStore>,
    /// Desktop notifications.
    pub notifier: Arc<dyn Notifier>,
    /// Where state changes are pushed (the web view, the tray).
    pub sink: Arc<dyn ports::EventSink>,
    /// Opens Google's consent page.
    pub browser: Arc<dyn ports::Browser>,
    /// The time.
    pub clock: Arc<dyn Clock>,
    /// Links, file dialogs and session start-up ([`ports::NoDesktop`] outside the desktop app).
    pub desktop: Arc<dyn ports::Desktop>,
}

/// The application's use cases, over its store and ports.
pub struct App {
    store: Arc<Store>,
    secrets: Arc<dyn SecretStore>,
    notifier: Arc<dyn Notifier>,
    sink: Arc<dyn ports::EventSink>,
    browser: Arc<dyn ports::Browser>,
    clock: Arc<dyn Clock>,
    desktop: Arc<dyn ports::Desktop>,
    info: AppInfo,
    google: Option<GoogleClientConfig>,
    session: tokio::sync::Mutex<Option<account::Session>>,
    linking: Mutex<Option<tokio::sync::oneshot::Sender<()>>>,
    sync: sync::SyncEngine,
    /// One pass over the outbox at a time.
    outbox_lock: tokio::sync::Mutex<()>,
    /// The app lock.
    lock: lock::LockState,
}

impl App {
    /// Assembles the use cases over an opened store and the adapters of the ports. `google` is
    /// this build's OAuth client (`None`: only demo mode can link an account).
    pub fn new(
        store: Arc<Store>,
        ports: Ports,
        info: AppInfo,
        google: Option<GoogleClientConfig>,
    ) -> Self {
        let sync = sync::SyncEngine::new(&store);
        Self {
            store,
            secrets: ports.secrets,
            notifier: ports.notifier,
            sink: ports.sink,
            browser: ports.browser,
            clock: ports.clock,
            desktop: ports.desktop,
            info,
            google,
            session: tokio::sync::Mutex::new(None),
            linking: Mutex::new(None),
            sync,
            outbox_lock: tokio::sync::Mutex::new(()),
            lock: lock::LockState::default(),
        }
    }

    /// The local store (diagnostics and tests).
    pub fn store(&self) -> &Store {
        &self.store
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rdv_core::Language;
    use rdv_core::ports::testing::{MemorySecretStore, RecordingNotifier};

    pub(crate) fn app_with(
        secrets: Arc<MemorySecretStore>,
        notifier: Arc<RecordingNotifier>,
    ) -> App {
        let info = AppInfo {
            name: "RDV Compagnon".into(),
            version: "0.0.0-test".into(),
            data_dir: "/tmp/data".into(),
            log_dir: "/tmp/logs".into(),
        };
        let ports = Ports {
            secrets,
            notifier,
            sink: Arc::new(ports::NoEvents),
            browser: Arc::new(demo::HeadlessConsent),
            clock: Arc::new(rdv_core::ports::SystemClock),
            desktop: Arc::new(ports::NoDesktop),
        };
        App::new(
            Arc::new(Store::open_in_memory().unwrap()),
            ports,
            info,
            None,
        )
    }

    #[test]
    fn the_language_choice_is_kept_by_the_store() {
        let app = app_with(Default::default(), Default::default());
        assert_eq!(
            app.settings().unwrap().language,
            Language::Fr,
            "French by default"
        );
        let after = app.set_language(Language::En).unwrap();
        assert_eq!(
            after.language,
            Language::En,
            "the new settings are returned"
        );
        assert_eq!(
            app.settings().unwrap().language,
            Language::En,
            "and read back"
        );
    }

    #[test]
    fn the_test_notification_speaks_the_users_language() {
        let notifier = Arc::new(RecordingNotifier::default());
        let app = app_with(Default::default(), notifier.clone());
        app.send_test_notification().unwrap();
        app.set_language(Language::En).unwrap();
        app.send_test_notification().unwrap();
        let shown = notifier.shown();
        assert_eq!(shown.len(), 2, "one notification per request");
        assert!(
            shown[0].body.contains("rappels"),
            "French first: {:?}",
            shown[0]
        );
        assert!(
            shown[1].body.contains("reminders"),
            "then English: {:?}",
            shown[1]
        );
    }

    #[test]
    fn syncing_without_an_account_says_so_instead_of_failing_silently() {
        let notifier = Arc::new(RecordingNotifier::default());
        let app = app_with(Default::default(), notifier.clone());
        app.request_sync().unwrap();
        assert!(
            notifier.shown()[0].body.contains("Aucun compte Google"),
            "{:?}",
            notifier.shown()
        );
    }

    #[test]
    fn a_missing_notification_service_is_an_error_the_ui_can_explain() {
        let notifier = Arc::new(RecordingNotifier::default());
        notifier.set_unavailable(true);
        let app = app_with(Default::default(), notifier);
        let err = app
            .send_test_notification()
            .unwrap_err()
            .into_ipc(rdv_core::Language::Fr);
        assert_eq!(err.code, ipc::ErrorCode::NotificationsUnavailable);
    }
}
