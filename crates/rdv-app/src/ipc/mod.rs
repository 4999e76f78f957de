//! The types that cross the IPC boundary between the Rust side and the web view.
//!
//! This module holds the one error shape ([`IpcError`], [`ErrorCode`]); the other types live in
//! one file per domain and are re-exported here, so every type is `crate::ipc::X`:
//! [`account`] (settings, this installation, the Google account), [`calendars`] (calendars,
//! sync status), [`bookings`] (agenda events, bookings, patients), [`booking_new`] (*Nouveau
//! rendez-vous*: slots, the draft, series), [`actions`] (booking actions,
//! the outbox, the activity log), [`availability`] (configuration, preview, publishing),
//! [`patients`] (a patient's history), [`sharing`], [`reminders`] (reminders, *Ne pas
//! déranger*, tray, app lock), [`site`] (booking site, SMS), [`privacy`] (retention, erasure),
//! [`sheet`] (the day's sheet) and [`recovery`] (start-up, the recovery screen).
//!
//! Each is exported to TypeScript in `ui/src/lib/ipc/bindings.ts` by the test
//! `bindings::the_committed_typescript_bindings_are_up_to_date` (run it with
//! `UPDATE_BINDINGS=1` to regenerate after a change; CI fails when the file drifts).

pub use rdv_core::availability::{
    AppointmentType, Closure, Day, Exceptions, ExtraOpening, Holiday, HolidayPolicy, HolidayRegion,
    PracticeConfig, WeekParity, WeeklyRange, WeeklyTemplate,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

mod account;
mod actions;
mod availability;
mod booking_new;
mod bookings;
mod calendars;
mod patients;
mod privacy;
mod recovery;
mod reminders;
mod sharing;
mod sheet;
mod site;

#[cfg(test)]
mod bindings;

pub use account::*;
pub use actions::*;
pub use availability::*;
pub use booking_new::*;
pub use bookings::*;
pub use calendars::*;
pub use patients::*;
pub use privacy::*;
pub use recovery::*;
pub use reminders::*;
pub use sharing::*;
pub use sheet::*;
pub use site::*;

/// The one error shape of every command: `{ code, message }`. `code` tells the UI what to do
/// differently (offer to unlock the keychain, …); `message` is for the user to read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct IpcError {
    /// What kind of failure, for the UI to branch on.
    pub code: ErrorCode,
    /// A sentence the user can act on. Never contains a secret or personal data.
    pub message: String,
}

/// The failures the UI treats differently. Add a code only when the UI does something different.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ErrorCode {
    /// The OS keychain is locked: ask the user to unlock it.
    KeychainLocked,
    /// There is no usable OS keychain in this session.
    KeychainUnavailable,
    /// No desktop notification service answers.
    NotificationsUnavailable,
    /// Google refused the stored authorisation: offer the one-click re-link.
    ReconnectNeeded,
    /// Google (or the network) cannot be reached: show the offline indicator, work from the cache.
    Offline,
    /// The user refused access on Google's consent page.
    OauthDenied,
    /// The browser step did not finish in time, or the user cancelled it.
    OauthCancelled,
    /// The action needs a linked Google account.
    NoAccount,
    /// This installation has no Google OAuth client: explain it and point to the demo mode.
    NotConfigured,
    /// The user's role on the calendar does not allow this (a secretary opening new
    /// availability): show the message, keep the user's edit so nothing is lost.
    Forbidden,
    /// A file or value the user gave is unusable: show the message next to it.
    InvalidInput,
    /// The publish plan changed since it was shown: show the new plan.
    PlanChanged,
    /// The plan deletes more published availability than it keeps: ask for the second,
    /// explicit confirmation before publishing.
    RemovalNotConfirmed,
    /// The target of a move, or a new booking's start, is not a free slot of the booking's type
    /// (a new booking outside availability may be forced; a taken or past one never).
    SlotUnavailable,
    /// The app is locked: show the lock screen.
    AppLocked,
    /// A wrong PIN, or too many attempts: show the message on the lock screen.
    WrongPin,
    /// Anything else: show the message.
    Internal,
}
