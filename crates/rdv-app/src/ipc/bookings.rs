//! The agenda and the bookings: events, patients, what the booking site adds.

use super::Attendance;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where an appointment comes from: a marked booking, or an event of the calendar's own.
pub use rdv_core::appointments::AppointmentOrigin;
/// What an event is, per docs/calendar-conventions.md.
pub use rdv_core::conventions::EventKind;
/// What is wrong with an event's times in Google (an end not after the start).
pub use rdv_core::conventions::SpanIssue;

/// An event for the Agenda view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AgendaEvent {
    /// Event id (instance id for recurring instances).
    pub id: String,
    /// Its calendar.
    pub calendar_id: String,
    /// Booking, availability or other.
    pub kind: EventKind,
    /// What to show: the summary (bookings: motif and patient name).
    pub title: String,
    /// Start, RFC 3339 with offset (all-day: `YYYY-MM-DD`).
    pub start: String,
    /// End (exclusive), same format.
    pub end: String,
    /// An all-day event.
    pub all_day: bool,
    /// Appointment type id (`rdv.type`), if any.
    pub appointment_type: Option<String>,
    /// Bookings: the patient's first and last name, for short labels in narrow columns.
    pub patient_name: Option<String>,
    /// Set when Google holds an end not after the start: the event is shown at its start with
    /// no length (`end == start`) and flagged, for the user to correct it in Google.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub span_issue: Option<SpanIssue>,
    /// Whether the linked account's role on the calendar lets it act on this booking (cancel,
    /// move, mark, annotate): the owner and the *Secrétaire*; the core refuses the others.
    pub can_edit: bool,
    /// Whether it may be dragged to another time: a booking the account may act on, timed, with
    /// a length, not started when the agenda was read.
    pub can_move: bool,
    /// Whether it counts as an appointment on its calendar (styled as one), and of which
    /// origin; `null` for availability and the other events.
    pub appointment: Option<AppointmentOrigin>,
    /// A booking made here and still waiting in the outbox (offline): not in Google yet.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(as = "Option<bool>", optional)]
    pub pending: bool,
}

/// A patient's contact details: exactly the four fields the service collects (PRODUCT.md art. 8).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Patient {
    /// First name.
    pub first_name: Option<String>,
    /// Last name.
    pub last_name: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Email address.
    pub email: Option<String>,
    /// The `tel:` link to call `phone` ([`rdv_core::contact::tel_uri`]); `null` when there is no
    /// phone or it is not a number. The UI links to this, never to a link of its own making.
    pub phone_link: Option<String>,
    /// The `mailto:` link to write to `email` ([`rdv_core::contact::mailto_uri`]); `null` when
    /// there is no address or it is not one.
    pub email_link: Option<String>,
}

impl Patient {
    /// The patient with these fields, and the links built from them.
    pub fn new(
        first_name: Option<String>,
        last_name: Option<String>,
        phone: Option<String>,
        email: Option<String>,
    ) -> Self {
        Self {
            phone_link: phone.as_deref().and_then(rdv_core::contact::tel_uri),
            email_link: email.as_deref().and_then(rdv_core::contact::mailto_uri),
            first_name,
            last_name,
            phone,
            email,
        }
    }
}

/// An upcoming booking for the Rendez-vous view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Booking {
    /// Event id.
    pub id: String,
    /// Its calendar.
    pub calendar_id: String,
    /// The calendar's name (the practitioner, in secretary mode).
    pub calendar_name: String,
    /// Start, RFC 3339 with offset.
    pub start: String,
    /// End, RFC 3339 with offset.
    pub end: String,
    /// The event's title.
    pub title: String,
    /// Appointment type id (`rdv.type`).
    pub appointment_type: Option<String>,
    /// The patient.
    pub patient: Patient,
    /// Booking source (`site`, `app`, `phone`, `google`).
    pub source: Option<String>,
    /// When the booking was made (`rdv.bookedAt`, else the event's creation), RFC 3339.
    pub booked_at: Option<String>,
    /// The event to act on (differs from `id` for an instance of a recurring event).
    pub event_id: String,
    /// *Absent* / *excusé* mark.
    pub attendance: Option<Attendance>,
    /// Internal note (organisation only).
    pub note: Option<String>,
    /// Who last edited it through the app (an account email).
    pub edited_by: Option<String>,
    /// Whether that was the linked account itself (addresses compared without case).
    pub edited_by_you: bool,
    /// When (RFC 3339).
    pub edited_at: Option<String>,
    /// What the booking site knows of it (consent, SMS), when a site is linked.
    pub site: Option<SiteInfo>,
    /// Set when Google holds an end not after the start: shown at its start with no length
    /// (`end == start`) and flagged, as in the Agenda.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub span_issue: Option<SpanIssue>,
    /// Whether the linked account's role on the calendar lets it act on this booking (cancel,
    /// move, mark, annotate): the owner and the *Secrétaire*; the core refuses the others.
    /// Always `false` for an event of the calendar's own: *Compléter* it first.
    pub can_edit: bool,
    /// `marked`: a booking with the markers; `google`: an event of the calendar's own (typed in
    /// Google Agenda, another tool), with only what Google knows (title, times) and the patient
    /// fields unknown.
    pub origin: AppointmentOrigin,
    /// Whether *Compléter* is offered: an event of the calendar's own, timed, that the account
    /// may edit (the check the `complete` action makes).
    pub can_complete: bool,
    /// The patient's unexcused no-shows within the retention period (`rdv.attendance=absent`;
    /// `excused` is not one), the patient found by e-mail or phone (`rdv_core::history`).
    pub no_shows: u32,
    /// Whether those no-shows are repeated (`rdv_core::history::is_repeated`): the views flag
    /// the patient.
    pub repeated_no_shows: bool,
    /// A booking made here and still waiting in the outbox (offline): not in Google yet, so
    /// nothing can be done to it until it is written.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[ts(as = "Option<bool>", optional)]
    pub pending: bool,
}

/// What the booking site adds to a booking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SiteInfo {
    /// `site`, `phone`, `app`…
    pub source: Option<String>,
    /// When the patient consented (RFC 3339).
    pub consent_at: Option<String>,
    /// The consent text's version.
    pub consent_version: Option<String>,
    /// Confirmation SMS: `pending`, `sent`, `delivered`, `failed`, `none`.
    pub sms_confirmation: Option<String>,
    /// Reminder SMS, same values.
    pub sms_reminder: Option<String>,
}
