//! Ports of the use cases that only the shell can implement: telling the UI what changed, and
//! sending the user to a web page.

use crate::ipc::{AccountState, SyncStatus};

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
