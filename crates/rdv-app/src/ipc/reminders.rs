//! Reminders, *Ne pas déranger*, the tray and the app lock.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The reminder and alert preferences (Réglages → Rappels).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReminderPrefs {
    /// Minutes before each appointment (1 to 5 values; empty: no reminders).
    pub offsets: Vec<u32>,
    /// Start of the quiet hours, `HH:MM` (with `quietEnd`), `null`: none.
    pub quiet_start: Option<String>,
    /// End of the quiet hours, `HH:MM`.
    pub quiet_end: Option<String>,
    /// Privacy mode: notifications and tray show the time and type, never the patient's name.
    pub privacy: bool,
    /// Time of the daily summary, `HH:MM`, `null`: none.
    pub daily_summary: Option<String>,
    /// Alerts for bookings created, cancelled or moved by others.
    pub alerts: bool,
    /// *Ne pas déranger* until (RFC 3339), `null`: off.
    pub dnd_until: Option<String>,
}

/// *Ne pas déranger* choices (tray and Réglages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DoNotDisturb {
    /// Notifications again.
    Off,
    /// For one hour.
    OneHour,
    /// Until tomorrow 07:00.
    UntilTomorrow,
}

/// The tray icon's state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TrayState {
    /// Up to date.
    Normal,
    /// Google cannot be reached.
    Offline,
    /// The account must be re-linked.
    ReconnectNeeded,
    /// *Ne pas déranger* is on.
    DoNotDisturb,
}

/// One of the day's next appointments in the tray menu.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrayAppointment {
    /// Its calendar.
    pub calendar_id: String,
    /// The occurrence id (for its details).
    pub id: String,
    /// « 09:30  Consultation » (privacy mode) or « 09:30  Jeanne Martin – Consultation ».
    pub label: String,
}

/// What the tray shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrayModel {
    /// Icon state.
    pub state: TrayState,
    /// Tooltip: the next appointment.
    pub tooltip: String,
    /// The sync state line.
    pub sync_line: String,
    /// The day's next appointments.
    pub next: Vec<TrayAppointment>,
    /// *Ne pas déranger* until (RFC 3339).
    pub dnd_until: Option<String>,
}

/// The app lock (Réglages → Verrouillage, and the lock screen).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LockStatus {
    /// A PIN is set (without one the app never locks).
    pub pin_set: bool,
    /// Locked now.
    pub locked: bool,
    /// Inactivity delay before locking, in seconds (the UI shows minutes).
    pub delay_seconds: u32,
    /// Seconds to wait before the next attempt (0: none).
    pub retry_after_seconds: u32,
}
