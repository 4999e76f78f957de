//! # rdv-app — the use cases of RDV Compagnon
//!
//! Everything the app *does*, callable from the Tauri shell, a CLI or a test alike: no Tauri, no
//! GTK here. It talks to the outside only through the ports of `rdv-core` (clock, secret store,
//! notifier) and the local store of `rdv-store`.
//!
//! Public surface:
//! - [`App`]: the use cases (settings, keychain check, test notification; sync and reminders come
//!   with later features);
//! - [`ipc`]: the types that cross the IPC boundary, exported to TypeScript;
//! - [`AppError`] and its IPC form [`ipc::IpcError`].

mod error;
pub mod ipc;
mod keychain;
pub mod messages;

use ipc::{AppInfo, Settings};
use rdv_core::Language;
use rdv_core::ports::{Notifier, SecretStore};
use rdv_store::Store;
use std::sync::Arc;

pub use error::AppError;
pub use keychain::check_secret_store;

/// The application's use cases, over its store and ports.
pub struct App {
    store: Arc<Store>,
    secrets: Arc<dyn SecretStore>,
    notifier: Arc<dyn Notifier>,
    info: AppInfo,
}

impl App {
    /// Assembles the use cases over an opened store and the adapters of the ports.
    pub fn new(
        store: Arc<Store>,
        secrets: Arc<dyn SecretStore>,
        notifier: Arc<dyn Notifier>,
        info: AppInfo,
    ) -> Self {
        Self {
            store,
            secrets,
            notifier,
            info,
        }
    }

    /// Name, version and folders of this installation.
    pub fn info(&self) -> &AppInfo {
        &self.info
    }

    /// The user's preferences.
    pub fn settings(&self) -> Result<Settings, AppError> {
        Ok(Settings {
            language: self.store.language()?,
        })
    }

    /// Changes the interface language and remembers it.
    pub fn set_language(&self, language: Language) -> Result<Settings, AppError> {
        self.store.set_language(language)?;
        tracing::info!(%language, "interface language changed");
        self.settings()
    }

    /// Shows a notification through the desktop's notification service, in the user's language,
    /// so they can check that reminders will reach them.
    pub fn send_test_notification(&self) -> Result<(), AppError> {
        let language = self.store.language()?;
        self.notifier
            .notify(&messages::test_notification(language))?;
        tracing::info!("test notification shown");
        Ok(())
    }

    /// *Synchroniser maintenant*. With no Google account linked there is nothing to fetch: the
    /// user is told so by a notification (the tray has no other way to answer).
    pub fn sync_now(&self) -> Result<SyncOutcome, AppError> {
        let language = self.store.language()?;
        self.notifier.notify(&messages::nothing_to_sync(language))?;
        Ok(SyncOutcome::NoAccount)
    }
}

/// What *Synchroniser maintenant* did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SyncOutcome {
    /// No Google account is linked: nothing was fetched.
    NoAccount,
}

#[cfg(test)]
mod tests {
    use super::*;
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
        App::new(
            Arc::new(Store::open_in_memory().unwrap()),
            secrets,
            notifier,
            info,
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
        assert_eq!(app.sync_now().unwrap(), SyncOutcome::NoAccount);
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
        let err = ipc::IpcError::from(app.send_test_notification().unwrap_err());
        assert_eq!(err.code, ipc::ErrorCode::NotificationsUnavailable);
    }
}
