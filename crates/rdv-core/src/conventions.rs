//! Reading the markers of docs/calendar-conventions.md (version 1) from an event's private
//! extended properties: what the event is, its appointment type, its source, and the patient.

use crate::Sensitive;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Convention version.
pub const VERSION_KEY: &str = "rdv.v";
/// `booking` or `availability`.
pub const KIND_KEY: &str = "rdv.kind";
/// Appointment type id(s).
pub const TYPE_KEY: &str = "rdv.type";
/// `site`, `app`, `phone`, `google`.
pub const SOURCE_KEY: &str = "rdv.source";
/// When the booking was made (RFC 3339).
pub const BOOKED_AT_KEY: &str = "rdv.bookedAt";
/// Patient's last name.
pub const LAST_NAME_KEY: &str = "rdv.lastName";
/// Patient's first name.
pub const FIRST_NAME_KEY: &str = "rdv.firstName";
/// Patient's phone.
pub const PHONE_KEY: &str = "rdv.phone";
/// Patient's email.
pub const EMAIL_KEY: &str = "rdv.email";
/// Availability template id.
pub const TEMPLATE_KEY: &str = "rdv.template";
/// Booking attendance: `absent` (no-show, not excused) or `excused`.
pub const ATTENDANCE_KEY: &str = "rdv.attendance";
/// A short internal note about the appointment's organisation (never health data).
pub const NOTE_KEY: &str = "rdv.note";
/// Who made the last edit through the app (their Google account email).
pub const ACTOR_KEY: &str = "rdv.actor";
/// What the last edit through the app was: `cancel`, `move`, `attendance`, `note`.
pub const ACTION_KEY: &str = "rdv.action";
/// When the last edit through the app was made (RFC 3339 UTC).
pub const ACTION_AT_KEY: &str = "rdv.actionAt";
/// The id of the last edit applied (an outbox operation): replaying it is recognised.
pub const OP_KEY: &str = "rdv.op";
/// Why a booking was cancelled through the app (optional, short).
pub const CANCEL_REASON_KEY: &str = "rdv.cancelReason";
/// The longest internal note, in characters.
pub const NOTE_MAX_CHARS: usize = 200;

/// What an event is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum EventKind {
    /// A patient's appointment (`rdv.kind=booking`).
    Booking,
    /// An availability range (`rdv.kind=availability`).
    Availability,
    /// Anything else (*autre*).
    Other,
}

impl EventKind {
    /// The stored form: `booking`, `availability`, `other`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Booking => "booking",
            Self::Availability => "availability",
            Self::Other => "other",
        }
    }

    /// Parses the stored form; anything unknown is [`EventKind::Other`].
    pub fn parse(s: &str) -> Self {
        match s {
            "booking" => Self::Booking,
            "availability" => Self::Availability,
            _ => Self::Other,
        }
    }
}

/// What is wrong with an event's times as Google holds them. Google refuses to *create* an
/// event whose end is before its start (`400 timeRangeEmpty`) but accepts one whose end is its
/// start, and older or imported items may hold either: such an event is kept and shown at its
/// start, with no length, and flagged with its issue so the user can correct it in Google.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum SpanIssue {
    /// The end is the start: the event lasts no time.
    NoLength,
    /// The end is before the start.
    EndBeforeStart,
}

impl SpanIssue {
    /// The issue of an event from `start` to `end` (instants, or dates of an all-day event whose
    /// end is exclusive); `None` when the end is after the start.
    ///
    /// ```
    /// use rdv_core::conventions::SpanIssue;
    /// assert_eq!(SpanIssue::of(10, 10), Some(SpanIssue::NoLength));
    /// assert_eq!(SpanIssue::of(10, 9), Some(SpanIssue::EndBeforeStart));
    /// assert_eq!(SpanIssue::of(10, 11), None);
    /// ```
    pub fn of<T: Ord>(start: T, end: T) -> Option<Self> {
        match end.cmp(&start) {
            std::cmp::Ordering::Greater => None,
            std::cmp::Ordering::Equal => Some(Self::NoLength),
            std::cmp::Ordering::Less => Some(Self::EndBeforeStart),
        }
    }
}

/// A patient's contact details: exactly what the service collects (PRODUCT.md art. 8). Every
/// field is [`Sensitive`], so it cannot be logged by mistake.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PatientContact {
    /// First name.
    pub first_name: Sensitive<Option<String>>,
    /// Last name.
    pub last_name: Sensitive<Option<String>>,
    /// Phone number.
    pub phone: Sensitive<Option<String>>,
    /// Email address.
    pub email: Sensitive<Option<String>>,
}

/// The markers read from one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Markers {
    /// What the event is.
    pub kind: EventKind,
    /// `rdv.type`: an appointment type id (bookings) or a comma list (availability).
    pub appointment_type: Option<String>,
    /// `rdv.source`.
    pub source: Option<String>,
    /// `rdv.bookedAt`.
    pub booked_at: Option<String>,
    /// The patient (bookings only; empty otherwise).
    pub patient: PatientContact,
    /// `rdv.template` (availability only).
    pub template: Option<String>,
    /// `rdv.attendance`, `rdv.note`, and who last edited the booking (bookings only).
    pub marks: BookingMarks,
}

/// What the app adds to a booking: attendance, an internal note, the last edit's author.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BookingMarks {
    /// `absent` or `excused`.
    pub attendance: Option<String>,
    /// Internal note.
    pub note: Option<String>,
    /// Who made the last edit (`rdv.actor`).
    pub actor: Option<String>,
    /// What it was (`rdv.action`).
    pub action: Option<String>,
    /// When (`rdv.actionAt`).
    pub action_at: Option<String>,
}

impl Markers {
    /// Reads the markers from `extendedProperties.private`. Never fails: an event without
    /// markers, or with an unknown kind, is [`EventKind::Other`]; missing fields are `None`.
    pub fn read(private: Option<&BTreeMap<String, String>>) -> Self {
        let empty = BTreeMap::new();
        let props = private.unwrap_or(&empty);
        let get = |key: &str| {
            props
                .get(key)
                .map(|v| v.trim())
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        };
        let kind = get(KIND_KEY).map_or(EventKind::Other, |k| EventKind::parse(&k));
        let patient = if kind == EventKind::Booking {
            PatientContact {
                first_name: Sensitive::new(get(FIRST_NAME_KEY)),
                last_name: Sensitive::new(get(LAST_NAME_KEY)),
                phone: Sensitive::new(get(PHONE_KEY)),
                email: Sensitive::new(get(EMAIL_KEY)),
            }
        } else {
            PatientContact::default()
        };
        Self {
            kind,
            appointment_type: if kind == EventKind::Other {
                None
            } else {
                get(TYPE_KEY)
            },
            source: if kind == EventKind::Booking {
                get(SOURCE_KEY)
            } else {
                None
            },
            booked_at: if kind == EventKind::Booking {
                get(BOOKED_AT_KEY)
            } else {
                None
            },
            patient,
            template: if kind == EventKind::Availability {
                get(TEMPLATE_KEY)
            } else {
                None
            },
            marks: if kind == EventKind::Booking {
                BookingMarks {
                    attendance: get(ATTENDANCE_KEY)
                        .filter(|a| matches!(a.as_str(), "absent" | "excused")),
                    note: get(NOTE_KEY).map(|n| n.chars().take(NOTE_MAX_CHARS).collect()),
                    actor: get(ACTOR_KEY),
                    action: get(ACTION_KEY),
                    action_at: get(ACTION_AT_KEY),
                }
            } else {
                BookingMarks::default()
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn a_booking_carries_its_type_source_and_patient() {
        let p = props(&[
            ("rdv.v", "1"),
            ("rdv.kind", "booking"),
            ("rdv.type", "consultation"),
            ("rdv.source", "site"),
            ("rdv.bookedAt", "2026-11-20T08:14:03Z"),
            ("rdv.firstName", " Jeanne "),
            ("rdv.lastName", "Martin"),
            ("rdv.phone", "+33612345678"),
            ("rdv.email", "jeanne.martin@example.fr"),
        ]);
        let m = Markers::read(Some(&p));
        assert_eq!(m.kind, EventKind::Booking);
        assert_eq!(m.appointment_type.as_deref(), Some("consultation"));
        assert_eq!(m.source.as_deref(), Some("site"));
        assert_eq!(
            m.patient.first_name.expose().as_deref(),
            Some("Jeanne"),
            "values are trimmed"
        );
        assert_eq!(
            m.patient.email.expose().as_deref(),
            Some("jeanne.martin@example.fr")
        );
        assert!(
            !format!("{m:?}").contains("Jeanne"),
            "patient data never prints"
        );
    }

    #[test]
    fn an_event_without_markers_or_with_an_unknown_kind_is_other() {
        assert_eq!(Markers::read(None).kind, EventKind::Other);
        let m = Markers::read(Some(&props(&[
            ("rdv.kind", "meeting"),
            ("rdv.email", "x@y.fr"),
        ])));
        assert_eq!(m.kind, EventKind::Other);
        assert_eq!(
            m.patient,
            PatientContact::default(),
            "no patient data is read from others"
        );
    }

    #[test]
    fn availability_keeps_its_types_and_template_but_no_patient() {
        let p = props(&[
            ("rdv.kind", "availability"),
            ("rdv.type", "suivi,consultation"),
            ("rdv.template", "t1"),
            ("rdv.lastName", "X"),
        ]);
        let m = Markers::read(Some(&p));
        assert_eq!(m.kind, EventKind::Availability);
        assert_eq!(m.appointment_type.as_deref(), Some("suivi,consultation"));
        assert_eq!(m.template.as_deref(), Some("t1"));
        assert_eq!(m.patient.last_name.expose(), &None);
    }
}
