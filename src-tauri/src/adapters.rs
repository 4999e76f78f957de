//! Shell adapters of the use-case ports: pushing state to the web view, opening the browser.

use rdv_app::ipc::{AccountState, SyncStatus};
use rdv_app::ports::{Browser, EventSink};
use tauri::{AppHandle, Emitter, Runtime};
use tauri_plugin_opener::OpenerExt;

/// Event names the UI listens to (ui/src/lib/ipc/backend.ts).
pub mod events {
    /// Payload: `SyncStatus`.
    pub const SYNC_STATUS: &str = "sync-status";
    /// Payload: `AccountState`.
    pub const ACCOUNT_STATE: &str = "account-state";
    /// No payload: reload the view's data.
    pub const DATA_CHANGED: &str = "data-changed";
    /// A publish of availability progressed (`PublishProgress`).
    pub const PUBLISH_PROGRESS: &str = "publish-progress";
    /// The outbox of pending booking edits changed.
    pub const OUTBOX_CHANGED: &str = "outbox-changed";
    /// Payload: `true` when the app was locked, `false` when unlocked.
    pub const LOCK_CHANGED: &str = "lock-changed";
}

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
