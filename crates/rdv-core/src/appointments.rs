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

/// The longest name a patient field may hold, in characters.
pub const NAME_MAX_CHARS: usize = 100;

/// The patient *Compléter* writes into an event's markers, checked: names trimmed and bounded,
/// the e-mail normalised ([`crate::email::normalize`]), a French phone in E.164 (`+336…`).
///
/// Kept minimal and in one place: the full patient validation of *Nouveau rendez-vous* may
/// replace [`CompletedPatient::new`] without changing its callers.
#[derive(Clone, PartialEq, Eq)]
pub struct CompletedPatient {
    /// Last name.
    pub last_name: String,
    /// First name, if given.
    pub first_name: Option<String>,
    /// Phone, E.164 for a French number, if given.
    pub phone: Option<String>,
    /// E-mail, lower case, if given.
    pub email: Option<String>,
}

impl std::fmt::Debug for CompletedPatient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CompletedPatient([redacted])")
    }
}

fn field(value: Option<&str>) -> Option<&str> {
    value.map(str::trim).filter(|v| !v.is_empty())
}

fn name(value: Option<&str>, fr: &str, en: &str) -> Result<Option<String>, Text> {
    let Some(v) = field(value) else {
        return Ok(None);
    };
    let count = v.chars().count();
    if count > NAME_MAX_CHARS {
        return Err(Text::new(
            format!("Le {fr} est limité à {NAME_MAX_CHARS} caractères ({count} saisis)."),
            format!("The {en} is limited to {NAME_MAX_CHARS} characters ({count} typed)."),
        ));
    }
    if v.chars().any(char::is_control) {
        return Err(Text::new(
            format!("Le {fr} contient un caractère invalide."),
            format!("The {en} contains an invalid character."),
        ));
    }
    Ok(Some(v.to_owned()))
}

/// A phone number as typed, in E.164 when it is French (`06 12 34 56 78` → `+33612345678`).
pub fn phone_e164(input: &str) -> Result<String, Text> {
    let typed = input.trim();
    let allowed = |c: char| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '(' | ')' | '+');
    let digits: String = typed.chars().filter(char::is_ascii_digit).collect();
    if !typed.chars().all(allowed) || typed.chars().skip(1).any(|c| c == '+') || digits.len() < 6 {
        return Err(Text::new(
            format!("« {typed} » n'est pas un numéro de téléphone (exemple : 06 12 34 56 78)."),
            format!("“{typed}” is not a phone number (for example: 06 12 34 56 78)."),
        ));
    }
    let national = crate::person::national_digits(typed);
    if national.len() == 10 && national.starts_with('0') && !national.starts_with("00") {
        return Ok(format!("+33{}", &national[1..]));
    }
    if typed.starts_with('+') && digits.len() <= 15 {
        return Ok(format!("+{digits}"));
    }
    Err(Text::new(
        format!(
            "« {typed} » n'est pas un numéro français à 10 chiffres ; un numéro étranger s'écrit avec son indicatif (+…)."
        ),
        format!(
            "“{typed}” is not a 10-digit French number; a foreign number is written with its country code (+…)."
        ),
    ))
}

impl CompletedPatient {
    /// The patient from the four fields as typed (blank = absent): the last name and a way to
    /// reach them (phone or e-mail) are required.
    pub fn new(
        last_name: Option<&str>,
        first_name: Option<&str>,
        phone: Option<&str>,
        email: Option<&str>,
    ) -> Result<Self, Text> {
        let Some(last_name) = name(last_name, "nom", "last name")? else {
            return Err(Text::new(
                "Indiquez le nom du patient.",
                "Give the patient's last name.",
            ));
        };
        let first_name = name(first_name, "prénom", "first name")?;
        let phone = field(phone).map(phone_e164).transpose()?;
        let email = field(email)
            .map(|e| crate::email::normalize(e).map_err(|e| e.0))
            .transpose()?;
        if phone.is_none() && email.is_none() {
            return Err(Text::new(
                "Indiquez le téléphone ou l'adresse e-mail du patient.",
                "Give the patient's phone number or e-mail address.",
            ));
        }
        Ok(Self {
            last_name,
            first_name,
            phone,
            email,
        })
    }
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
    fn a_french_phone_is_written_in_e164() {
        for typed in [
            "06 12 34 56 78",
            "06.12.34.56.78",
            "+33 6 12 34 56 78",
            "0033612345678",
        ] {
            assert_eq!(phone_e164(typed).unwrap(), "+33612345678", "{typed}");
        }
        assert_eq!(phone_e164("+32 470 12 34 56").unwrap(), "+32470123456");
    }

    #[test]
    fn a_phone_that_is_not_a_number_is_refused_in_both_languages() {
        for typed in ["bonjour", "06 12", "06 12 34 56 78 9", "06+12345678"] {
            let e = phone_e164(typed).unwrap_err();
            assert!(e.fr.contains(typed.trim()), "{}", e.fr);
            assert_ne!(e.fr, e.en);
        }
    }

    #[test]
    fn completing_needs_a_last_name_and_a_way_to_reach_the_patient() {
        assert!(CompletedPatient::new(None, Some("Jeanne"), Some("0612345678"), None).is_err());
        assert!(CompletedPatient::new(Some("Martin"), None, None, Some("  ")).is_err());
        let p = CompletedPatient::new(
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
    fn a_name_of_ten_thousand_characters_is_refused() {
        let long = "a".repeat(10_000);
        let e = CompletedPatient::new(Some(&long), None, Some("0612345678"), None).unwrap_err();
        assert!(e.fr.contains("10000"), "{}", e.fr);
    }
}
