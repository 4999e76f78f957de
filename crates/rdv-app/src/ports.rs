//! Ports of the use cases that only the shell can implement: telling the UI what changed, sending
//! the user to a web page, and the desktop's own services (links, file dialogs, session start-up).

use crate::ipc::{AccountState, Settings, SyncStatus};
use std::path::PathBuf;

/// The names of the events pushed to the UI, the same for every transport (Tauri events, the
/// browser server's event stream); `ui/src/lib/ipc/backend.ts` listens to them.
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
    /// Payload: `{calendarId, id}`: show this booking (tray menu, notification click).
    pub const OPEN_BOOKING: &str = "open-booking";
}

/// Pushes state changes to whoever shows them (the web view, the tray).
pub trait EventSink: Send + Sync {
    /// The sync status changed.
    fn sync_status(&self, status: &SyncStatus);
    /// The account state changed.
    fn account_state(&self, state: &AccountState);
    /// Cached data changed: views should reload.
    fn data_changed(&self);
    /// A publish of availability to `calendar_id` made `done` of its `total` writes.
    fn publish_progress(&self, calendar_id: &str, done: u32, total: u32) {
        let _ = (calendar_id, done, total);
    }
    /// The outbox of pending booking edits changed (queued, applied, failed, discarded).
    fn outbox_changed(&self) {}
    /// The app was locked (`true`) or unlocked.
    fn lock_changed(&self, locked: bool) {
        let _ = locked;
    }
    /// The user's settings changed (the interface language): the shell relabels what it draws.
    fn settings_changed(&self, settings: &Settings) {
        let _ = settings;
    }
}

/// A file the user is asked to choose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileChoice {
    /// An availability file to import (TOML or JSON).
    ImportAvailability,
    /// Where to export the availability (`disponibilites.toml` proposed).
    ExportAvailability,
    /// Where to export the day sheet starting on `from` (`feuille-du-jour-<from>.<csv|pdf>`
    /// proposed).
    ExportDaySheet {
        /// The file's format.
        format: crate::ipc::SheetFormat,
        /// The sheet's first day.
        from: chrono::NaiveDate,
    },
}

/// The desktop's own services, which only a desktop shell has.
pub trait Desktop: Send + Sync {
    /// Hands a checked `tel:` or `mailto:` link to the system (softphone, mail client).
    fn open_contact_link(&self, url: &str) -> Result<(), String>;
    /// Asks the user for a file (a native dialog; blocks until answered); `None` when cancelled.
    fn choose_file(&self, choice: FileChoice) -> Result<Option<PathBuf>, String>;
    /// Whether the app starts with the desktop session.
    fn autostart(&self) -> Result<bool, String>;
    /// Starts the app with the desktop session (minimised) or stops; returns the new setting.
    fn set_autostart(&self, enabled: bool) -> Result<bool, String>;
}

/// A front end without a desktop (the CLI, the browser server, tests): each service says it is
/// the desktop app's.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoDesktop;

/// Why [`NoDesktop`] refuses.
pub const DESKTOP_ONLY: &str = "only available in the desktop app";

impl Desktop for NoDesktop {
    fn open_contact_link(&self, _: &str) -> Result<(), String> {
        Err(DESKTOP_ONLY.into())
    }
    fn choose_file(&self, _: FileChoice) -> Result<Option<PathBuf>, String> {
        Err(DESKTOP_ONLY.into())
    }
    fn autostart(&self) -> Result<bool, String> {
        Ok(false)
    }
    fn set_autostart(&self, _: bool) -> Result<bool, String> {
        Err(DESKTOP_ONLY.into())
    }
}

/// Opens a URL for the user to act on: Google's consent page.
pub trait Browser: Send + Sync {
    /// Opens `url` (the system browser in the app). Returns a message the user can act on when it
    /// cannot.
    fn open(&self, url: &str) -> Result<(), String>;
}

/// An [`EventSink`] that drops everything (CLI, tests that do not look).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoEvents;

impl EventSink for NoEvents {
    fn sync_status(&self, _: &SyncStatus) {}
    fn account_state(&self, _: &AccountState) {}
    fn data_changed(&self) {}
}
