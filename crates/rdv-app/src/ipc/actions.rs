//! Booking actions, the outbox of edits waiting for Google, and the activity log.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Attendance of a past booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Attendance {
    /// *Absent (non excusé)*: a no-show.
    Absent,
    /// *Excusé*: absent, with notice.
    Excused,
}

/// Something done to a booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum BookingAction {
    /// Cancel it (Google notifies nobody; the booking site tells the patient when it cancels).
    Cancel {
        /// Why, optional and short (internal).
        reason: Option<String>,
    },
    /// Move it to `start` (RFC 3339), keeping its duration.
    Move {
        /// New start.
        start: String,
        /// Move even if it is not a free slot of its type (the user confirmed).
        force: bool,
    },
    /// Mark (or clear, with `null`) its attendance.
    Attendance {
        /// Absent, excused, or `null` to clear.
        status: Option<Attendance>,
    },
    /// Set (or clear, with an empty text) the internal note — organisation only, never health
    /// data.
    Note {
        /// At most 200 characters.
        text: String,
    },
    /// *Compléter*: makes an event of the calendar's own (typed in Google Agenda) a full
    /// booking by writing only its markers — the patient, the type, `rdv.source=google`,
    /// `rdv.bookedAt` = the event's creation; its title, description, times and attendees are
    /// not touched.
    Complete {
        /// Last name (required).
        last_name: Option<String>,
        /// First name.
        first_name: Option<String>,
        /// Phone (a French number is written in E.164); the phone or the e-mail is required.
        phone: Option<String>,
        /// E-mail.
        email: Option<String>,
        /// The appointment type's id, if known.
        appointment_type: Option<String>,
    },
}

/// What became of a booking edit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ActionState {
    /// Written to Google.
    Applied,
    /// Waiting (offline): it will be sent, in order, exactly once.
    Queued,
    /// Refused (someone else changed the booking, access changed): kept for the user to retry or
    /// discard.
    Failed,
}

/// An edit waiting for Google, or refused by it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OutboxItem {
    /// Its place in line.
    #[ts(type = "number")]
    pub seq: i64,
    /// The calendar.
    pub calendar_id: String,
    /// The booking.
    pub event_id: String,
    /// `cancel`, `move`, `attendance`, `note`.
    pub action: String,
    /// When it was made (RFC 3339).
    pub created: String,
    /// Refused by Google or by the booking site (see `error`).
    pub failed: bool,
    /// Why it was refused, or why a pending edit waits (the booking site could not cancel it
    /// yet), for the user.
    pub error: Option<String>,
    /// How many times it was sent.
    pub attempts: u32,
    /// The booking's start as cached (RFC 3339 UTC), if still cached.
    pub start: Option<String>,
}

/// The result of a booking action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionOutcome {
    /// Applied, queued or failed.
    pub state: ActionState,
    /// What to tell the user (offline, what someone else changed).
    pub message: Option<String>,
    /// The edit.
    pub item: OutboxItem,
}

/// One line of the activity log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActivityEntry {
    /// When (RFC 3339).
    pub at: String,
    /// Who (an account email, or `Google Agenda`).
    pub actor: String,
    /// `app` (made here) or `google` (seen by sync).
    pub origin: String,
    /// The calendar.
    pub calendar_id: String,
    /// The booking.
    pub event_id: String,
    /// `create`, `cancel`, `move`, `attendance`, `note` (made here); `cancelled`, `moved` (seen
    /// in Google).
    pub action: String,
    /// Former start (RFC 3339), for moves; the booking's start for a cancellation or a creation.
    pub from: Option<String>,
    /// New start (RFC 3339), for moves.
    pub to: Option<String>,
    /// Cancellation reason.
    pub reason: Option<String>,
    /// `absent` / `excused` for attendance marks.
    pub attendance: Option<String>,
    /// Whether the actor is the linked account itself (addresses compared without case): the
    /// log says « vous ».
    pub by_you: bool,
}
