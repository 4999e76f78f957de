//! Settings and this installation: the interface language, what the *À propos* section shows,
//! and the test notification. (The keychain check is in `keychain.rs`, start-up with the session
//! in [`crate::desktop`].)

use crate::ipc::{AppInfo, Settings};
use crate::{App, AppError, messages};
use rdv_core::Language;

impl App {
    /// The interface language, for what the core writes for the user (French when the setting
    /// cannot be read).
    pub(crate) fn language(&self) -> Language {
        self.store.language().unwrap_or_default()
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
        let settings = self.settings()?;
        self.sink.settings_changed(&settings);
        Ok(settings)
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
}
