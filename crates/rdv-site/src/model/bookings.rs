//! `GET /bookings` and `POST /bookings/{eventId}/cancel` (docs/booking-endpoint.md § Bookings,
//! § Cancelling).

use chrono::{DateTime, Utc};
use rdv_core::Sensitive;
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

use rdv_core::sensitive::wire;

/// An opaque position in the site's change feed. Not a credential (it may be stored, like a
/// sync token); never parsed.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Cursor(String);

impl Cursor {
    /// A cursor read back from storage.
    pub fn new(cursor: impl Into<String>) -> Self {
        Self(cursor.into())
    }

    /// The cursor as the site sent it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Cursor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Cursor({})", self.0)
    }
}

/// Who created the booking (`rdv.source` of docs/calendar-conventions.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BookingSource {
    /// The site's booking form.
    Site,
    /// RDV Compagnon.
    App,
    /// Taken on the phone.
    Phone,
    /// Typed in Google Calendar.
    Google,
    /// A source this client does not know (a newer plugin).
    #[serde(other)]
    Other,
}

/// Where one SMS of a booking stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmsStatus {
    /// Planned (a reminder not due yet).
    Pending,
    /// Handed to the SMS platform.
    Sent,
    /// The platform confirmed delivery.
    Delivered,
    /// Not delivered (not billed).
    Failed,
    /// Not sent and not planned.
    #[default]
    None,
    /// A status this client does not know (a newer plugin).
    #[serde(other)]
    Unknown,
}

/// The three SMS of a booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub struct SmsStatuses {
    /// Confirmation, when the booking was made.
    #[serde(default)]
    pub confirmation: SmsStatus,
    /// Reminder, before the appointment.
    #[serde(default)]
    pub reminder: SmsStatus,
    /// Cancellation, when the site cancelled it.
    #[serde(default)]
    pub cancellation: SmsStatus,
}

/// The patient's consent to the site's legal notices and terms (the form's checkbox).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Consent {
    /// When it was given.
    pub given_at: DateTime<Utc>,
    /// The `consentTextVersion` agreed to.
    pub version: String,
}

/// A booking record: the four patient fields (redacted in `Debug`), consent and SMS statuses.
/// No appointment time: the calendar holds it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BookingRecord {
    /// The booking's Google event id.
    pub id: String,
    /// When the booking was made (retention counts from here).
    pub created_at: DateTime<Utc>,
    /// When the record last changed.
    pub updated_at: DateTime<Utc>,
    /// Appointment type id.
    pub appointment_type: String,
    /// Who created the booking.
    pub source: BookingSource,
    /// Patient's first name.
    #[serde(with = "wire::string")]
    pub first_name: Sensitive<String>,
    /// Patient's last name.
    #[serde(with = "wire::string")]
    pub last_name: Sensitive<String>,
    /// Patient's phone (E.164 when known).
    #[serde(default, with = "wire::opt_string")]
    pub phone: Option<Sensitive<String>>,
    /// Patient's email.
    #[serde(default, with = "wire::opt_string")]
    pub email: Option<Sensitive<String>>,
    /// The consent given on the form; `None` for a booking not made on it.
    #[serde(default)]
    pub consent: Option<Consent>,
    /// SMS statuses.
    pub sms: SmsStatuses,
    /// When the site cancelled it.
    #[serde(default)]
    pub cancelled_at: Option<DateTime<Utc>>,
}

/// One item of the change feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BookingChange {
    /// A new or changed record.
    Record(BookingRecord),
    /// A tombstone: the record was erased or passed retention. Delete it and everything derived
    /// from it locally.
    Deleted {
        /// The Google event id.
        id: String,
        /// When it was deleted on the site.
        deleted_at: Option<DateTime<Utc>>,
    },
}

impl BookingChange {
    /// The Google event id the change is about.
    pub fn id(&self) -> &str {
        match self {
            Self::Record(r) => &r.id,
            Self::Deleted { id, .. } => id,
        }
    }
}

impl<'de> Deserialize<'de> for BookingChange {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        struct Tombstone {
            id: String,
            deleted_at: Option<DateTime<Utc>>,
        }
        let value = serde_json::Value::deserialize(d)?;
        if value.get("deleted").and_then(serde_json::Value::as_bool) == Some(true) {
            let t = Tombstone::deserialize(value).map_err(serde::de::Error::custom)?;
            return Ok(Self::Deleted {
                id: t.id,
                deleted_at: t.deleted_at,
            });
        }
        BookingRecord::deserialize(value)
            .map(Self::Record)
            .map_err(serde::de::Error::custom)
    }
}

/// One page of `GET /bookings`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BookingsPage {
    /// Changes, oldest first.
    pub items: Vec<BookingChange>,
    /// Where the next read starts.
    pub next_cursor: Cursor,
    /// More changes wait: read again at once with `next_cursor`.
    pub has_more: bool,
}

/// Every change since a cursor, all pages read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BookingChanges {
    /// Changes, oldest first (an id may come twice; the later one wins).
    pub items: Vec<BookingChange>,
    /// The cursor to store for next time (with the changes, in one transaction).
    pub cursor: Cursor,
}

/// What to send with a cancellation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CancelRequest {
    /// Why (at most 200 characters, never health data): the site's back office only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Send the cancellation SMS when the site's options allow it.
    pub notify_patient: bool,
}

impl Default for CancelRequest {
    /// No reason, patient notified.
    fn default() -> Self {
        Self {
            reason: None,
            notify_patient: true,
        }
    }
}

/// Who took a booking the app records on the site (`rdv.source`, API 1.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RecordSource {
    /// Booked in RDV Compagnon.
    App,
    /// Taken on the phone and entered in the app.
    Phone,
}

/// `PUT /bookings/{eventId}` (API 1.1): a booking made in the app, recorded on the site so that
/// it sends the patient the confirmation and the reminder as for its own bookings (per its SMS
/// options). The four patient fields only; the times let the site plan the reminder (the calendar
/// stays the truth: the site reads the event back).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordRequest {
    /// Appointment type id.
    pub appointment_type: String,
    /// Who took it.
    pub source: RecordSource,
    /// Patient's first name.
    #[serde(with = "wire::string")]
    pub first_name: Sensitive<String>,
    /// Patient's last name.
    #[serde(with = "wire::string")]
    pub last_name: Sensitive<String>,
    /// Patient's phone, E.164.
    #[serde(with = "wire::opt_string")]
    pub phone: Option<Sensitive<String>>,
    /// Patient's email.
    #[serde(with = "wire::opt_string")]
    pub email: Option<Sensitive<String>>,
    /// Start instant.
    pub start: DateTime<Utc>,
    /// End instant.
    pub end: DateTime<Utc>,
    /// Send the confirmation SMS now (when the site's options allow it).
    pub notify_patient: bool,
}

/// The answer to [`RecordRequest`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Recorded {
    /// `false`: the site already had this record (a repeat): nothing was sent again.
    pub created: bool,
    /// The record.
    pub booking: BookingRecord,
}

/// `POST /bookings/{eventId}/moved` (API 1.1): the appointment was moved in the app; the site
/// plans the reminder for the new time and, with `notify_patient`, tells the patient (the
/// confirmation text at the new time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MoveNotice {
    /// New start instant.
    pub start: DateTime<Utc>,
    /// New end instant.
    pub end: DateTime<Utc>,
    /// Send the patient the confirmation at the new time (when the site's options allow it).
    pub notify_patient: bool,
}

/// The answer to [`MoveNotice`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Moved {
    /// The record, with its SMS statuses.
    pub booking: BookingRecord,
}

/// The answer to a cancellation.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Cancellation {
    /// The site had already cancelled it (a repeat): nothing was done.
    pub already_cancelled: bool,
    /// The record, with `cancelled_at` and the cancellation SMS status.
    pub booking: BookingRecord,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_never_prints_its_patient_fields() {
        let change: BookingChange = serde_json::from_str(
            r#"{"id":"ev1","deleted":false,"createdAt":"2026-11-20T08:14:03Z","updatedAt":"2026-11-20T08:14:03Z",
                "appointmentType":"consultation","source":"site","firstName":"Jeanne","lastName":"Martin",
                "phone":"+33612345678","email":"jeanne.martin@example.fr",
                "consent":{"givenAt":"2026-11-20T08:14:03Z","version":"2026-09-01"},
                "sms":{"confirmation":"delivered","reminder":"pending","cancellation":"none"},"cancelledAt":null,
                "someFutureField":1}"#,
        )
        .unwrap();
        let printed = format!("{change:?}");
        for secret in ["Jeanne", "Martin", "+336", "example.fr"] {
            assert!(!printed.contains(secret), "{secret} leaked: {printed}");
        }
        let BookingChange::Record(r) = change else {
            panic!("a record")
        };
        assert_eq!(r.first_name.expose(), "Jeanne");
        assert_eq!(r.sms.reminder, SmsStatus::Pending);
    }

    #[test]
    fn tombstones_and_unknown_values_are_read() {
        let t: BookingChange = serde_json::from_str(
            r#"{"id":"ev2","deleted":true,"deletedAt":"2026-11-26T08:00:00Z"}"#,
        )
        .unwrap();
        assert_eq!(t.id(), "ev2");
        assert!(matches!(t, BookingChange::Deleted { .. }));
        let s: SmsStatus = serde_json::from_str("\"queued\"").unwrap();
        assert_eq!(
            s,
            SmsStatus::Unknown,
            "a newer status does not break the feed"
        );
    }
}
