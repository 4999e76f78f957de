//! Shell adapters of the use-case ports: pushing state to the web view, opening the browser, the
//! desktop's services (contact links, file dialogs, session start-up).

use rdv_app::ipc::{AccountState, Settings, SyncStatus};
use rdv_app::ports::{Browser, Desktop, EventSink, FileChoice, events};
use std::path::PathBuf;
use tauri::{AppHandle, Emitter, Runtime};
use tauri_plugin_opener::OpenerExt;

/// Emits state changes to the web view and keeps the tray in step.
pub struct WebviewEvents<R: Runtime>(pub AppHandle<R>);

impl<R: Runtime> EventSink for WebviewEvents<R> {
    fn sync_status(&self, status: &SyncStatus) {
        let _ = self.0.emit(events::SYNC_STATUS, status);
        crate::tray::refresh(&self.0);
    }

    fn account_state(&self, state: &AccountState) {
        let _ = self.0.emit(events::ACCOUNT_STATE, state);
        crate::tray::refresh(&self.0);
    }

    fn data_changed(&self) {
        let _ = self.0.emit(events::DATA_CHANGED, ());
        crate::tray::refresh(&self.0);
    }

    fn lock_changed(&self, locked: bool) {
        let _ = self.0.emit(events::LOCK_CHANGED, locked);
        crate::tray::refresh(&self.0);
    }

    fn outbox_changed(&self) {
        let _ = self.0.emit(events::OUTBOX_CHANGED, ());
    }

    fn publish_progress(&self, calendar_id: &str, done: u32, total: u32) {
        let progress = rdv_app::ipc::PublishProgress {
            calendar_id: calendar_id.to_owned(),
            done,
            total,
        };
        let _ = self.0.emit(events::PUBLISH_PROGRESS, progress);
    }

    fn settings_changed(&self, settings: &Settings) {
        crate::set_web_language(&self.0, settings.language);
        crate::tray::refresh(&self.0);
    }
}

/// The desktop's services: the system's opener, native file dialogs, the session's autostart.
pub struct TauriDesktop<R: Runtime>(pub AppHandle<R>);

impl<R: Runtime> Desktop for TauriDesktop<R> {
    fn open_contact_link(&self, url: &str) -> Result<(), String> {
        self.0
            .opener()
            .open_url(url, None::<&str>)
            .map_err(|e| e.to_string())
    }

    fn choose_file(&self, choice: FileChoice) -> Result<Option<PathBuf>, String> {
        use tauri_plugin_dialog::DialogExt;
        let dialog = self.0.dialog().file();
        let picked = match choice {
            FileChoice::ImportAvailability => dialog
                .set_title("Importer des disponibilités")
                .add_filter("Disponibilités (TOML, JSON)", &["toml", "json"])
                .blocking_pick_file(),
            FileChoice::ExportAvailability => dialog
                .set_title("Exporter les disponibilités")
                .set_file_name("disponibilites.toml")
                .add_filter("TOML", &["toml"])
                .add_filter("JSON", &["json"])
                .blocking_save_file(),
            FileChoice::ExportDaySheet { format, from } => {
                let ext = format.extension();
                dialog
                    .set_title("Exporter la feuille du jour")
                    .set_file_name(format!("feuille-du-jour-{from}.{ext}"))
                    .add_filter(ext.to_uppercase(), &[ext])
                    .blocking_save_file()
            }
        };
        Ok(picked.and_then(|p| p.into_path().ok()))
    }

    fn autostart(&self) -> Result<bool, String> {
        use tauri_plugin_autostart::ManagerExt;
        self.0.autolaunch().is_enabled().map_err(|e| e.to_string())
    }

    fn set_autostart(&self, enabled: bool) -> Result<bool, String> {
        use tauri_plugin_autostart::ManagerExt;
        let launcher = self.0.autolaunch();
        let done = if enabled {
            launcher.enable()
        } else {
            launcher.disable()
        };
        done.and_then(|()| launcher.is_enabled())
            .map_err(|e| e.to_string())
    }
}

/// The system browser (Google refuses embedded web views for sign-in).
pub struct SystemBrowser<R: Runtime>(pub AppHandle<R>);

impl<R: Runtime> Browser for SystemBrowser<R> {
    fn open(&self, url: &str) -> Result<(), String> {
        self.0
            .opener()
            .open_url(url, None::<&str>)
            .map_err(|e| e.to_string())
    }
}
