//! Start-up: whether the app runs or shows the recovery screen (the database could not be opened).

use super::OutboxItem;
use rdv_core::Language;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the window shows at start: the app, or the recovery screen. The UI asks this first
/// (`startup_state`), before any other command — the app's commands answer only once a
/// database is open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum StartupState {
    /// The database is open and the app runs.
    Ready,
    /// The database could not be opened: the recovery screen.
    Recovery {
        /// Why, what was read, what can be done.
        info: RecoveryInfo,
    },
}

/// Why the database could not be opened, in the terms of what the user can do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum RecoveryReason {
    /// The keychain is locked: unlock it, then *Réessayer*.
    KeychainLocked,
    /// No keychain answers: start it (or the session), then *Réessayer*.
    KeychainUnavailable,
    /// The database key is not in the keychain: only a rebuild helps.
    KeyMissing,
    /// The file is damaged (or encrypted with another key): rebuild.
    Unreadable,
    /// A newer version wrote the file: install it, or rebuild.
    NewerVersion,
    /// The disk is full: free space, then *Réessayer*.
    DiskFull,
    /// Anything else (permissions, I/O): the detail says what.
    Other,
}

/// The recovery screen's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecoveryInfo {
    /// Why.
    pub reason: RecoveryReason,
    /// The technical message (English, SQLite's or the keychain's words; no personal data).
    pub detail: String,
    /// The database file.
    pub file: String,
    /// The interface language: the one saved in the file when it could be read, else French.
    pub language: Language,
    /// The edits not yet sent to Google read from the file (what the outbox screen shows);
    /// `None` when the file could not be read.
    pub pending: Option<Vec<OutboxItem>>,
    /// Where the file was moved aside, once it was (a rebuild then failed to open a new one).
    pub set_aside: Option<String>,
    /// Whether *Mettre le fichier de côté et reconstruire* is offered: not when the keychain is
    /// locked or unavailable nor when the disk is full — the file may be healthy, *Réessayer*
    /// after the advice opens it.
    pub can_rebuild: bool,
}
