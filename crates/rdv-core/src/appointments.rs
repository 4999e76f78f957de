//! What counts as an appointment on an agenda, and the patient a *Compléter* adds to one.
//!
//! A practitioner's real calendar holds appointments typed in Google Agenda, made by another
//! booking tool or taken on the phone, next to the bookings carrying our markers
//! (docs/calendar-conventions.md). Per agenda, the user chooses what the app treats as an
//! appointment ([`AppointmentPolicy`]); [`origin`] is the one rule every reader applies (the
//! *Rendez-vous* list and search, a booking's details, the tray, the reminders and the daily
//! summary, the agenda's appointment styling), through the store.
//!
//! **Decision — which of the calendar's own events count** ([`AppointmentPolicy::AlsoOwnEvents`],
//! the default): an event without markers (`rdv.kind` absent or unknown) that is **timed** (not
//! all-day: a holiday, a birthday, a « congés » day is not an appointment) and **busy** (not
//! `transparent`: an event the user marked *disponible* does not occupy them, the slot engine
//! lets patients book over it, so it cannot be an appointment either). Availability ranges are
//! never appointments, and the configuration event (`rdv.kind=config`) is all-day and
//! transparent. An instance of a recurring event counts like a single event: each occurrence
//! is judged by the same shape.

use crate::Text;
use crate::conventions::EventKind;
use serde::{Deserialize, Serialize};

/// Per agenda, what the app treats as an appointment.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum AppointmentPolicy {
    /// Only the bookings carrying the markers (`rdv.kind=booking`).
    BookingsOnly,
    /// The bookings, and the timed, busy events made outside the app (the default).
    #[default]
    AlsoOwnEvents,
}

impl AppointmentPolicy {
    /// The stored form: `bookingsOnly`, `alsoOwnEvents`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::BookingsOnly => "bookingsOnly",
            Self::AlsoOwnEvents => "alsoOwnEvents",
        }
    }

    /// Parses the stored form; anything unknown is the default ([`Self::AlsoOwnEvents`]).
    pub fn parse(s: &str) -> Self {
        match s {
            "bookingsOnly" => Self::BookingsOnly,
            _ => Self::AlsoOwnEvents,
        }
    }
}

/// Where an appointment comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum AppointmentOrigin {
    /// A booking with the markers: patient, type, source are known.
    Marked,
    /// An event of the calendar's own (typed in Google, another tool): only what Google knows
    /// (title, times); *Compléter* can turn it into a marked booking.
    Google,
}

/// What the rule looks at in one occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventShape {
    /// What its markers say.
    pub kind: EventKind,
    /// An all-day occurrence.
    pub all_day: bool,
    /// `transparency: transparent` (does not block time).
    pub transparent: bool,
}

/// Whether an occurrence of `shape` on an agenda with `policy` is an appointment, and of which
/// origin (`None`: not an appointment). See the module doc for the decision.
///
/// ```
/// use rdv_core::appointments::{origin, AppointmentOrigin, AppointmentPolicy, EventShape};
/// use rdv_core::conventions::EventKind;
/// let typed_in_google = EventShape { kind: EventKind::Other, all_day: false, transparent: false };
/// assert_eq!(origin(AppointmentPolicy::AlsoOwnEvents, typed_in_google), Some(AppointmentOrigin::Google));
/// assert_eq!(origin(AppointmentPolicy::BookingsOnly, typed_in_google), None);
/// ```
pub fn origin(policy: AppointmentPolicy, shape: EventShape) -> Option<AppointmentOrigin> {
    match shape.kind {
        EventKind::Booking => Some(AppointmentOrigin::Marked),
        EventKind::Availability => None,
        EventKind::Other => {
            (policy == AppointmentPolicy::AlsoOwnEvents && !shape.all_day && !shape.transparent)
                .then_some(AppointmentOrigin::Google)
        }
    }
}

/// The patient *Compléter* writes into an event's markers: the four fields checked by the one
/// rule of a new booking ([`crate::booking::check_patient`]: names trimmed, 1 to 100
/// characters, no control character; the phone in E.164; the e-mail normalised; a phone or an
/// e-mail required), so an appointment completed and one booked in the app hold the same data.
pub type CompletedPatient = crate::booking::NewPatient;

/// Checks the patient *Compléter* adds, as typed (blank or absent = empty), with
/// [`crate::booking::check_patient`]; the refusal says every problem, in both languages.
pub fn completed_patient(
    last_name: Option<&str>,
    first_name: Option<&str>,
    phone: Option<&str>,
    email: Option<&str>,
) -> Result<CompletedPatient, Text> {
    crate::booking::check_patient(
        last_name.unwrap_or_default(),
        first_name.unwrap_or_default(),
        phone.unwrap_or_default(),
        email.unwrap_or_default(),
    )
    .map_err(|problems| {
        let join = |pick: fn(&Text) -> &String| {
            problems
                .iter()
                .map(|p| pick(&p.text).as_str())
                .collect::<Vec<_>>()
                .join(" ")
        };
        Text::new(join(|t| &t.fr), join(|t| &t.en))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use AppointmentPolicy::{AlsoOwnEvents, BookingsOnly};

    fn shape(kind: EventKind, all_day: bool, transparent: bool) -> EventShape {
        EventShape {
            kind,
            all_day,
            transparent,
        }
    }

    #[test]
    fn a_timed_busy_event_typed_in_google_is_an_appointment_by_default() {
        let typed = shape(EventKind::Other, false, false);
        assert_eq!(
            origin(AppointmentPolicy::default(), typed),
            Some(AppointmentOrigin::Google)
        );
        assert_eq!(
            origin(BookingsOnly, typed),
            None,
            "bookings only: the calendar's own events are « autre »"
        );
    }

    #[test]
    fn a_marked_booking_is_an_appointment_whatever_the_policy() {
        for policy in [BookingsOnly, AlsoOwnEvents] {
            for all_day in [false, true] {
                assert_eq!(
                    origin(policy, shape(EventKind::Booking, all_day, false)),
                    Some(AppointmentOrigin::Marked)
                );
            }
        }
    }

    #[test]
    fn an_all_day_event_is_not_an_appointment() {
        assert_eq!(
            origin(AlsoOwnEvents, shape(EventKind::Other, true, false)),
            None,
            "a day off, a birthday, a holiday"
        );
    }

    #[test]
    fn availability_is_never_an_appointment() {
        for policy in [BookingsOnly, AlsoOwnEvents] {
            assert_eq!(
                origin(policy, shape(EventKind::Availability, false, true)),
                None
            );
            assert_eq!(
                origin(policy, shape(EventKind::Availability, false, false)),
                None
            );
        }
    }

    #[test]
    fn the_configuration_event_is_not_an_appointment() {
        // rdv.kind=config reads as Other; it is all-day and transparent (publish::shared).
        assert_eq!(
            origin(AlsoOwnEvents, shape(EventKind::Other, true, true)),
            None
        );
    }

    #[test]
    fn a_transparent_event_does_not_occupy_the_practitioner_and_is_not_an_appointment() {
        assert_eq!(
            origin(AlsoOwnEvents, shape(EventKind::Other, false, true)),
            None
        );
    }

    #[test]
    fn an_instance_of_a_recurring_event_is_judged_like_a_single_one() {
        // A weekly « Rééducation M. Petit » typed in Google: each occurrence is a timed, busy
        // occurrence of an unmarked event — the series changes nothing.
        let weekly_instance = shape(EventKind::Other, false, false);
        assert_eq!(
            origin(AlsoOwnEvents, weekly_instance),
            Some(AppointmentOrigin::Google)
        );
    }

    #[test]
    fn the_policy_round_trips_through_its_stored_form_and_defaults_to_own_events() {
        for p in [BookingsOnly, AlsoOwnEvents] {
            assert_eq!(AppointmentPolicy::parse(p.as_str()), p);
        }
        assert_eq!(AppointmentPolicy::parse("?"), AlsoOwnEvents);
    }

    #[test]
    fn completing_checks_the_patient_with_the_booking_rule() {
        assert!(completed_patient(None, Some("Jeanne"), Some("0612345678"), None).is_err());
        let unreachable =
            completed_patient(Some("Martin"), Some("Jeanne"), None, Some("  ")).unwrap_err();
        assert!(unreachable.fr.contains("téléphone"), "{}", unreachable.fr);
        let p = completed_patient(
            Some(" Martin "),
            Some("Jeanne"),
            Some("06 12 34 56 78"),
            Some(" Jeanne.Martin@Example.fr "),
        )
        .unwrap();
        assert_eq!(p.last_name, "Martin");
        assert_eq!(p.phone.as_deref(), Some("+33612345678"));
        assert_eq!(p.email.as_deref(), Some("jeanne.martin@example.fr"));
        assert!(!format!("{p:?}").contains("Martin"), "never printed");
    }

    #[test]
    fn every_problem_is_said_in_both_languages() {
        let long = "a".repeat(10_000);
        let e = completed_patient(Some(&long), Some("Jeanne"), Some("bonjour"), None).unwrap_err();
        assert!(e.fr.contains("10000"), "{}", e.fr);
        assert!(e.fr.contains("téléphone"), "the phone too: {}", e.fr);
        assert_ne!(e.fr, e.en);
    }
}
