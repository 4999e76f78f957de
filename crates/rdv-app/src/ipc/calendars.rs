//! The account's calendars and where synchronisation stands.

/// Per agenda, what counts as an appointment.
pub use rdv_core::appointments::AppointmentPolicy;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where synchronisation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SyncState {
    /// No account: nothing to synchronise.
    NoAccount,
    /// Up to date as of `lastSuccessAt`.
    Idle,
    /// A sync is running.
    Syncing,
    /// Google cannot be reached; the app works from its cache.
    Offline,
    /// The last sync failed for another reason (see `message`).
    Error,
}

/// The sync status shown in the UI and the tray.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatus {
    /// The current state.
    pub state: SyncState,
    /// When the last sync succeeded (RFC 3339, UTC), if ever.
    pub last_success_at: Option<String>,
    /// What went wrong, for `offline` and `error`.
    pub message: Option<String>,
}

/// What a person may do on a calendar (Google's ACL role, as the calendar list reports it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AccessRole {
    /// Owns the calendar: everything, including sharing and creating availability.
    Owner,
    /// *Secrétaire*: reads, moves and cancels; never creates availability.
    Writer,
    /// *Consultation*: reads only.
    Reader,
    /// *Disponibilités seulement*: free/busy only.
    FreeBusyReader,
}

/// A calendar of the linked account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CalendarInfo {
    /// Google's calendar id.
    pub id: String,
    /// Its name (the user's override if any).
    pub summary: String,
    /// Display colour, `#rrggbb`.
    pub color: String,
    /// Its IANA time zone, e.g. `Europe/Paris`.
    pub time_zone: String,
    /// The linked account's role on it.
    pub access_role: AccessRole,
    /// The account's primary calendar.
    pub primary: bool,
    /// Whether it is synchronised and shown.
    pub selected: bool,
    /// Whether the account may work on its availability (*Disponibilités*: the owner, and a
    /// secretary who may shorten and cancel but never open new time — art. 4.3).
    pub can_manage_availability: bool,
    /// Whether the account manages its sharing (*Partage*: the owner only).
    pub can_share: bool,
    /// What counts as an appointment on it: the bookings only, or also its own timed events
    /// (the default).
    pub appointments: AppointmentPolicy,
}

/// A shared calendar added to the account's list (*Ajouter un agenda partagé*).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AddedCalendar {
    /// The calendar added, selected (shown and synchronised).
    pub calendar: CalendarInfo,
    /// The account's calendars after the addition.
    pub calendars: Vec<CalendarInfo>,
}
