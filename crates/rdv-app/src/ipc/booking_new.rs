//! *Nouveau rendez-vous*: the agendas and appointment types one may book, the free slots, the
//! draft the form sends, the problems the core finds in it, and what became of a booking or a
//! series.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A field of the *Nouveau rendez-vous* form a problem is about.
pub use rdv_core::booking::Field as DraftField;
/// Who entered a booking (`rdv.source`): `app` or `phone`.
pub use rdv_core::booking::Source as BookingSource;

/// An appointment type one may book.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BookingType {
    /// Its id (`rdv.type`).
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its duration in minutes.
    pub duration_minutes: i32,
}

/// An agenda the linked account may book on (owner or *Secrétaire*, shown in the app), with the
/// appointment types of its published configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BookingCalendar {
    /// Calendar id.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its IANA zone.
    pub time_zone: String,
    /// Whether it is the account's primary calendar (preselected).
    pub primary: bool,
    /// The appointment types of its published configuration (empty: nothing published yet).
    pub types: Vec<BookingType>,
}

/// A free slot (RFC 3339 with the calendar's offset).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FreeSlot {
    /// Start.
    pub start: String,
    /// End.
    pub end: String,
}

/// The free slots of a type on an agenda, as the core computes them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BookingSlots {
    /// The next free slots from the day asked (at most 8).
    pub next: Vec<FreeSlot>,
    /// Every free slot of the day asked (the day picker).
    pub day: Vec<FreeSlot>,
}

/// A booking as the form sends it. Nothing is checked in the UI: the core says what is wrong
/// ([`DraftProblem`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewBookingDraft {
    /// The agenda.
    pub calendar_id: String,
    /// The appointment type's id.
    pub type_id: String,
    /// The start, RFC 3339 (a free slot's `start`, or a time typed for a forced booking).
    pub start: String,
    /// Last name, as typed.
    pub last_name: String,
    /// First name, as typed.
    pub first_name: String,
    /// Phone, as typed (may be empty when an e-mail is given).
    pub phone: String,
    /// E-mail, as typed (may be empty when a phone is given).
    pub email: String,
    /// Internal note (organisation only, at most `NOTE_MAX_CHARS` characters).
    pub note: String,
    /// Taken on the phone or made in the app.
    pub source: BookingSource,
    /// Book even outside the published availability (the user ticked *forcer*). Never a past
    /// or taken time; never availability.
    pub force: bool,
}

/// What is wrong with one field of a draft, in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DraftProblem {
    /// The field.
    pub field: DraftField,
    /// Why.
    pub message: String,
    /// The start is outside the published availability and *forcer* would allow it (the form
    /// shows the checkbox only then).
    pub forcible: bool,
}

/// What became of a new booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum NewBookingState {
    /// Written to Google.
    Applied,
    /// Waiting in the outbox (offline): shown as pending, sent once the connection is back.
    Queued,
    /// Google showed the slot taken meanwhile: nothing written; see `nextSlots`.
    Taken,
}

/// The result of `create_booking`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewBookingOutcome {
    /// Applied, queued or taken.
    pub state: NewBookingState,
    /// What to tell the user (offline, taken meanwhile).
    pub message: Option<String>,
    /// The booking's event id (deterministic), `null` when nothing is written.
    pub event_id: Option<String>,
    /// The booking's start (RFC 3339 with offset).
    pub start: String,
    /// When taken: the next free slots of the type from that day.
    pub next_slots: Vec<FreeSlot>,
}

/// One occurrence of a planned series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SeriesOccurrence {
    /// Start (RFC 3339 with offset).
    pub start: String,
    /// End.
    pub end: String,
    /// Why it cannot be booked as asked (a holiday, taken, outside availability); `null`: free.
    pub problem: Option<String>,
}

/// A series checked before anything is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SeriesPlan {
    /// Every occurrence, in order.
    pub occurrences: Vec<SeriesOccurrence>,
    /// How many cannot be booked.
    pub conflicts: u32,
}

/// The result of `create_series`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SeriesOutcome {
    /// The bookings made (applied or queued), in order.
    pub bookings: Vec<NewBookingOutcome>,
    /// The occurrences left out (conflicts the user accepted to skip).
    pub skipped: u32,
}
