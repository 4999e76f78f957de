//! Taking an appointment (*Nouveau rendez-vous*): the patient as typed, the free slots of an
//! appointment type on a calendar, whether a chosen start is one of them (and why not), a series
//! of weekly occurrences, and the booking event written to Google — built once, here.
//!
//! Everything is pure: the caller reads the calendar's occurrences from the cache (as the move
//! rule takes them, [`Occurrence`]), the published configuration and the clock, and passes them in.
//!
//! **A free slot** of type `t` is a slot [`compute_slots`] offers for `t` from the published
//! configuration (its weekly ranges, holidays, closures, buffers, minimum notice, horizon and
//! daily cap; types not bookable online included: the practice books them by phone) with the
//! calendar's busy time — its timed, opaque events that are not availability — **and** that lies
//! inside one availability range of the calendar offering `t`: what is published in Google, so a
//! range cancelled in Google (a closure) offers nothing even if the configuration would.
//!
//! **The patient** is exactly the four fields of docs/calendar-conventions.md: last name and first
//! name (trimmed, 1 to [`NAME_MAX_CHARS`] characters, no control character), the phone in E.164
//! ([`person::e164`]) and the e-mail ([`email::normalize`]). Phone and e-mail may each be left
//! empty, **not both**: a booking taken on the phone usually has a number, and the practice must be
//! able to reach the patient somehow (the booking site asks for both).

use crate::availability::moves::Occurrence;
use crate::availability::{
    AppointmentType, Busy, Holiday, PracticeConfig, Slot, SlotError, SlotQuery, compute_slots, zone,
};
use crate::conventions::{
    ACTION_AT_KEY, ACTION_KEY, ACTOR_KEY, BOOKED_AT_KEY, EMAIL_KEY, EventKind, FIRST_NAME_KEY,
    KIND_KEY, LAST_NAME_KEY, NOTE_KEY, NOTE_MAX_CHARS, OP_KEY, PHONE_KEY, SOURCE_KEY, TYPE_KEY,
    VERSION_KEY,
};
use crate::google::{Event, EventDateTime, ExtendedProperties};
use crate::{Sensitive, Text, email, person};
use chrono::{DateTime, NaiveDate, SecondsFormat, TimeDelta, Utc};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The longest last or first name, in characters.
pub const NAME_MAX_CHARS: usize = 100;
/// The most occurrences a series may have.
pub const SERIES_MAX: u32 = 52;
/// The longest gap between two occurrences of a series, in weeks.
pub const SERIES_MAX_EVERY_WEEKS: u32 = 12;
/// How many days ahead the next free slots are searched (a type's horizon may stop earlier).
pub const SEARCH_DAYS: i64 = 92;

/// A field of the *Nouveau rendez-vous* form a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "DraftField"))]
#[serde(rename_all = "camelCase")]
pub enum Field {
    /// The agenda.
    Calendar,
    /// The appointment type.
    AppointmentType,
    /// The chosen start.
    Start,
    /// Last name.
    LastName,
    /// First name.
    FirstName,
    /// Phone.
    Phone,
    /// E-mail.
    Email,
    /// The internal note.
    Note,
    /// The series (count, every k weeks).
    Series,
}

/// What is wrong with one field, in French and English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldProblem {
    /// The field.
    pub field: Field,
    /// Why, for the user.
    pub text: Text,
}

impl FieldProblem {
    fn new(field: Field, fr: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            field,
            text: Text::new(fr, en),
        }
    }
}

/// The patient of a new booking, checked: names trimmed, phone in E.164, e-mail normalised.
/// Holds personal data, so its `Debug` prints nothing of it.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPatient {
    /// Last name.
    pub last_name: String,
    /// First name.
    pub first_name: String,
    /// Phone, E.164.
    pub phone: Option<String>,
    /// E-mail, lower case.
    pub email: Option<String>,
}

impl std::fmt::Debug for NewPatient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPatient([redacted])")
    }
}

/// Checks a name field: trimmed, 1..=[`NAME_MAX_CHARS`] characters, no control character.
fn check_name(field: Field, typed: &str) -> Result<String, FieldProblem> {
    let (fr, en) = match field {
        Field::LastName => ("Le nom", "The last name"),
        _ => ("Le prénom", "The first name"),
    };
    let name = typed.trim();
    if name.is_empty() {
        return Err(FieldProblem::new(
            field,
            format!("{fr} est obligatoire."),
            format!("{en} is required."),
        ));
    }
    let count = name.chars().count();
    if count > NAME_MAX_CHARS {
        return Err(FieldProblem::new(
            field,
            format!("{fr} est limité à {NAME_MAX_CHARS} caractères ({count} saisis)."),
            format!("{en} is limited to {NAME_MAX_CHARS} characters ({count} typed)."),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(FieldProblem::new(
            field,
            format!("{fr} contient un caractère invisible (retour à la ligne, tabulation…)."),
            format!("{en} contains an invisible character (line break, tab…)."),
        ));
    }
    Ok(name.to_owned())
}

/// Checks the patient as typed (see the module doc); every problem, one per field.
pub fn check_patient(
    last_name: &str,
    first_name: &str,
    phone: &str,
    email: &str,
) -> Result<NewPatient, Vec<FieldProblem>> {
    let mut problems = Vec::new();
    let mut keep = |r: Result<String, FieldProblem>| match r {
        Ok(v) => Some(v),
        Err(p) => {
            problems.push(p);
            None
        }
    };
    let last = keep(check_name(Field::LastName, last_name));
    let first = keep(check_name(Field::FirstName, first_name));
    let phone = (!phone.trim().is_empty()).then(|| {
        keep(person::e164(phone).map_err(|e| FieldProblem {
            field: Field::Phone,
            text: e.0,
        }))
    });
    let email = (!email.trim().is_empty()).then(|| {
        keep(email::normalize(email).map_err(|e| FieldProblem {
            field: Field::Email,
            text: e.0,
        }))
    });
    if phone.is_none() && email.is_none() {
        problems.push(FieldProblem::new(
            Field::Phone,
            "Indiquez le téléphone ou l'adresse e-mail du patient, pour pouvoir le joindre.",
            "Give the patient's phone or e-mail address, so they can be reached.",
        ));
    }
    match (last, first, phone, email) {
        (Some(last_name), Some(first_name), phone, email) if problems.is_empty() => {
            Ok(NewPatient {
                last_name,
                first_name,
                phone: phone.flatten(),
                email: email.flatten(),
            })
        }
        _ => Err(problems),
    }
}

/// Checks the internal note: trimmed, at most [`NOTE_MAX_CHARS`] characters; `None` when empty.
pub fn check_note(typed: &str) -> Result<Option<String>, FieldProblem> {
    let note = typed.trim();
    let count = note.chars().count();
    if count > NOTE_MAX_CHARS {
        return Err(FieldProblem::new(
            Field::Note,
            format!("La note interne est limitée à {NOTE_MAX_CHARS} caractères ({count} saisis)."),
            format!("The internal note is limited to {NOTE_MAX_CHARS} characters ({count} typed)."),
        ));
    }
    Ok((!note.is_empty()).then(|| note.to_owned()))
}

/// The window of occurrences the slot functions need for local dates `[from, to)` in `tz`: a
/// day either side, so buffers and ranges across midnight are seen.
pub fn window(from: NaiveDate, to: NaiveDate, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    (
        zone::instant(tz, from, chrono::NaiveTime::MIN) - TimeDelta::days(1),
        zone::instant(tz, to, chrono::NaiveTime::MIN) + TimeDelta::days(1),
    )
}

/// Whether occurrence `o` makes its time busy for a new booking: a timed, opaque event that is
/// not an availability range (bookings and *autre* events alike).
fn blocks(o: &Occurrence) -> bool {
    o.kind != EventKind::Availability && !o.transparent && !o.all_day
}

/// Whether an availability occurrence offers type `type_id` over `[start, end)`.
fn published_for(o: &Occurrence, type_id: &str, start: DateTime<Utc>, end: DateTime<Utc>) -> bool {
    o.kind == EventKind::Availability
        && o.start <= start
        && o.end >= end
        && o.offered_types
            .as_ref()
            .is_none_or(|list| list.iter().any(|t| t == type_id))
}

/// The free slots (see the module doc) of type `type_id` on local dates `[from, to)`, given the
/// calendar's occurrences `around` (at least those overlapping [`window`]; a booking's
/// `offered_types` holds its own type, as the move rule reads `rdv.type`), at `now`.
pub fn free_slots(
    config: &PracticeConfig,
    around: &[Occurrence],
    type_id: &str,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
) -> Result<Vec<Slot>, SlotError> {
    let busy: Vec<Busy> = around
        .iter()
        .filter(|o| blocks(o) && o.kind != EventKind::Booking)
        .map(|o| Busy {
            start: o.start,
            end: o.end,
        })
        .collect();
    let bookings: Vec<crate::availability::Booking> = around
        .iter()
        .filter(|o| blocks(o) && o.kind == EventKind::Booking)
        .map(|o| crate::availability::Booking {
            type_id: o
                .offered_types
                .as_ref()
                .and_then(|t| t.first().cloned())
                .unwrap_or_default(),
            start: o.start,
            end: o.end,
        })
        .collect();
    let only = [type_id.to_owned()];
    let query = SlotQuery {
        busy: &busy,
        bookings: &bookings,
        only_types: Some(&only),
        include_offline: true,
        ..SlotQuery::new(from, to, now)
    };
    Ok(compute_slots(config, &query)?
        .into_iter()
        .flat_map(|t| t.slots)
        .filter(|s| {
            around
                .iter()
                .any(|o| published_for(o, type_id, s.start, s.end))
        })
        .collect())
}

/// The first `limit` free slots of `type_id` from local date `from`, searching at most
/// [`SEARCH_DAYS`] days (the type's horizon may stop earlier). `around`: the occurrences of
/// [`window`]`(from, from + SEARCH_DAYS)`.
pub fn next_free_slots(
    config: &PracticeConfig,
    around: &[Occurrence],
    type_id: &str,
    from: NaiveDate,
    now: DateTime<Utc>,
    limit: usize,
) -> Result<Vec<Slot>, SlotError> {
    let mut slots = free_slots(
        config,
        around,
        type_id,
        from,
        from + TimeDelta::days(SEARCH_DAYS),
        now,
    )?;
    slots.truncate(limit);
    Ok(slots)
}

/// Why a start is not a free slot of the type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotProblem {
    /// The start is past.
    Past,
    /// Another event of the calendar overlaps the appointment (the first one by start).
    Taken {
        /// The other event's start.
        other_start: DateTime<Utc>,
        /// The other event's end.
        other_end: DateTime<Utc>,
    },
    /// A public holiday closes the day.
    Holiday(Holiday),
    /// A closure of the configuration covers it.
    Closed,
    /// Not a slot the published availability offers for the type (no range, a range for other
    /// types, too late for the notice, beyond the horizon, the daily cap reached, too close to
    /// another appointment for the buffers, or off the slot grid).
    OutsideAvailability,
}

impl SlotProblem {
    /// Whether an explicit *forcer* may book there anyway: outside availability, yes (a booking
    /// is only a booking, never availability); a past or taken time, never.
    pub fn forcible(self) -> bool {
        !matches!(self, Self::Past | Self::Taken { .. })
    }

    /// Why, for the user; times in `tz`.
    pub fn text(self, start: DateTime<Utc>, tz: Tz) -> Text {
        let day = start.with_timezone(&tz).format("%d/%m/%Y").to_string();
        let hm = |t: DateTime<Utc>| t.with_timezone(&tz).format("%H:%M").to_string();
        let at = format!("{day} {}", hm(start));
        match self {
            Self::Past => Text::new(
                format!("{at} est déjà passé."),
                format!("{at} is already past."),
            ),
            Self::Taken {
                other_start,
                other_end,
            } => Text::new(
                format!(
                    "{at} chevauche un autre rendez-vous ({}–{}).",
                    hm(other_start),
                    hm(other_end)
                ),
                format!(
                    "{at} overlaps another appointment ({}–{}).",
                    hm(other_start),
                    hm(other_end)
                ),
            ),
            Self::Holiday(h) => Text::new(
                format!("{at} : jour férié ({}).", h.name_fr()),
                format!("{at}: public holiday ({}).", h.name_fr()),
            ),
            Self::Closed => Text::new(
                format!("{at} : le cabinet est fermé ce jour-là (fermeture exceptionnelle)."),
                format!("{at}: the practice is closed that day (exceptional closure)."),
            ),
            Self::OutsideAvailability => Text::new(
                format!(
                    "{at} n'est pas un créneau libre de ce motif dans les disponibilités publiées."
                ),
                format!(
                    "{at} is not a free slot of this appointment type in the published availability."
                ),
            ),
        }
    }
}

/// Checks that a booking of type `t` starting at `start` takes a free slot (see the module doc),
/// given the calendar's occurrences `around` (those of [`window`] for its local date) at `now`.
pub fn check_slot(
    config: &PracticeConfig,
    around: &[Occurrence],
    t: &AppointmentType,
    start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), SlotProblem> {
    let end = start + t.duration();
    if start < now {
        return Err(SlotProblem::Past);
    }
    if let Some(other) = around
        .iter()
        .filter(|o| blocks(o) && o.start < end && o.end > start)
        .min_by_key(|o| o.start)
    {
        return Err(SlotProblem::Taken {
            other_start: other.start,
            other_end: other.end,
        });
    }
    let tz = config.time_zone;
    let date = zone::local_date(tz, start);
    let free = free_slots(config, around, &t.id, date, date + TimeDelta::days(1), now)
        .map_err(|_| SlotProblem::OutsideAvailability)?;
    if free.iter().any(|s| s.start == start) {
        return Ok(());
    }
    if let Some(h) = config.holidays.closing(date) {
        return Err(SlotProblem::Holiday(h));
    }
    if config
        .exceptions
        .closures
        .iter()
        .any(|c| c.covers(date) && c.closes_type(&t.id))
    {
        return Err(SlotProblem::Closed);
    }
    Err(SlotProblem::OutsideAvailability)
}

/// The starts of a series: `count` occurrences (1..=[`SERIES_MAX`]) every `every_weeks` weeks
/// (1..=[`SERIES_MAX_EVERY_WEEKS`]) from `first`, at the same wall-clock time in `tz` (so 10:00
/// stays 10:00 across a change of the clocks).
pub fn series_starts(
    first: DateTime<Utc>,
    tz: Tz,
    count: u32,
    every_weeks: u32,
) -> Result<Vec<DateTime<Utc>>, FieldProblem> {
    if !(1..=SERIES_MAX).contains(&count) {
        return Err(FieldProblem::new(
            Field::Series,
            format!("Une série compte de 1 à {SERIES_MAX} rendez-vous ({count} demandés)."),
            format!("A series has 1 to {SERIES_MAX} appointments ({count} asked)."),
        ));
    }
    if !(1..=SERIES_MAX_EVERY_WEEKS).contains(&every_weeks) {
        return Err(FieldProblem::new(
            Field::Series,
            format!(
                "L'écart entre deux rendez-vous d'une série va de 1 à {SERIES_MAX_EVERY_WEEKS} semaines."
            ),
            format!(
                "The gap between two appointments of a series is 1 to {SERIES_MAX_EVERY_WEEKS} weeks."
            ),
        ));
    }
    let local = first.with_timezone(&tz);
    let (date, time) = (local.date_naive(), local.time());
    Ok((0..count)
        .map(|i| {
            let d = date + TimeDelta::weeks(i64::from(i) * i64::from(every_weeks));
            zone::instant(tz, d, time)
        })
        .collect())
}

/// One occurrence of a planned series and, when it cannot be booked, why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesItem {
    /// Start.
    pub start: DateTime<Utc>,
    /// End.
    pub end: DateTime<Utc>,
    /// Why it is not a free slot; `None`: free.
    pub problem: Option<SlotProblem>,
}

/// Plans a series of type `t` (see [`series_starts`]) and checks each occurrence with
/// [`check_slot`] against `around` (the occurrences over the whole series' [`window`]).
pub fn plan_series(
    config: &PracticeConfig,
    around: &[Occurrence],
    t: &AppointmentType,
    first: DateTime<Utc>,
    count: u32,
    every_weeks: u32,
    now: DateTime<Utc>,
) -> Result<Vec<SeriesItem>, FieldProblem> {
    Ok(series_starts(first, config.time_zone, count, every_weeks)?
        .into_iter()
        .map(|start| SeriesItem {
            start,
            end: start + t.duration(),
            problem: check_slot(config, around, t, start, now).err(),
        })
        .collect())
}

/// Who entered the booking (`rdv.source`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "BookingSource"))]
#[serde(rename_all = "camelCase")]
pub enum Source {
    /// Made in RDV Compagnon (`app`).
    App,
    /// Taken on the phone and entered in the app (`phone`).
    Phone,
}

impl Source {
    /// The marker's value.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::App => "app",
            Self::Phone => "phone",
        }
    }
}

/// The deterministic Google event id of the booking created by outbox operation `op_id` on
/// `calendar_id`: `rdv` + 26 base32hex digits, as availability ids, so a retry after a lost
/// answer gets `409` and the event found is recognised as ours.
pub fn booking_event_id(calendar_id: &str, op_id: &str) -> String {
    crate::availability::publish::event_id(&format!("booking|{calendar_id}|{op_id}"))
}

/// Everything the booking event is made of.
#[derive(Debug, Clone)]
pub struct NewBooking<'a> {
    /// The calendar's zone.
    pub tz: Tz,
    /// Its appointment type.
    pub appointment_type: &'a AppointmentType,
    /// Start.
    pub start: DateTime<Utc>,
    /// The patient.
    pub patient: &'a NewPatient,
    /// The internal note, checked.
    pub note: Option<&'a str>,
    /// App or phone.
    pub source: Source,
    /// Who books (the account's e-mail).
    pub actor: &'a str,
    /// When.
    pub booked_at: DateTime<Utc>,
    /// The outbox operation's id (its `rdv.op`); the event id derives from it.
    pub op_id: &'a str,
    /// The event id ([`booking_event_id`]).
    pub event_id: &'a str,
}

/// The booking event to insert (docs/calendar-conventions.md « Bookings »): the markers, the
/// summary `<Motif> – <Prénom> <Nom>`, opaque, in the calendar's zone, no attendees, with its
/// deterministic id and its operation's `rdv.op`.
pub fn booking_event(b: &NewBooking<'_>) -> Event {
    let stamp = |t: DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::Secs, true);
    let mut private: BTreeMap<String, Sensitive<String>> = BTreeMap::new();
    let mut put = |k: &str, v: &str| {
        private.insert(k.to_owned(), Sensitive::new(v.to_owned()));
    };
    put(VERSION_KEY, "1");
    put(KIND_KEY, EventKind::Booking.as_str());
    put(TYPE_KEY, &b.appointment_type.id);
    put(SOURCE_KEY, b.source.as_str());
    put(BOOKED_AT_KEY, &stamp(b.booked_at));
    put(LAST_NAME_KEY, &b.patient.last_name);
    put(FIRST_NAME_KEY, &b.patient.first_name);
    if let Some(phone) = &b.patient.phone {
        put(PHONE_KEY, phone);
    }
    if let Some(email) = &b.patient.email {
        put(EMAIL_KEY, email);
    }
    if let Some(note) = b.note {
        put(NOTE_KEY, note);
    }
    put(ACTOR_KEY, b.actor);
    put(ACTION_KEY, "create");
    put(ACTION_AT_KEY, &stamp(b.booked_at));
    put(OP_KEY, b.op_id);
    let at = |t: DateTime<Utc>| EventDateTime::at(zone::local(b.tz, t), b.tz.name());
    Event {
        id: Some(b.event_id.to_owned()),
        status: Some("confirmed".into()),
        summary: Some(Sensitive::new(format!(
            "{} – {} {}",
            b.appointment_type.name, b.patient.first_name, b.patient.last_name
        ))),
        start: Some(at(b.start)),
        end: Some(at(b.start + b.appointment_type.duration())),
        transparency: Some("opaque".into()),
        extended_properties: Some(ExtendedProperties {
            private: Some(private),
            shared: None,
        }),
        ..Event::default()
    }
}

#[cfg(test)]
mod tests;
