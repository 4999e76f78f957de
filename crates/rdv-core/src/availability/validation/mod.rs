//! Checking a practice configuration before it is used: every problem found, each with a stable
//! code (for programs), the place in the file (for support staff) and a message a practitioner
//! understands (for everybody), in French and in English.
//!
//! Slot computation never fails on an invalid configuration (it skips what makes no sense);
//! validation is what tells people.

mod exceptions;
mod motifs;
mod sweep;
mod weekly;

use super::config::PracticeConfig;
use super::template::Day;
use super::text::format_time;
use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};
use chrono_tz::Tz;
use serde::{Serialize, Serializer};
use std::fmt;

macro_rules! problem_codes {
    ($($(#[$doc:meta])* $name:ident = $code:literal,)*) => {
        /// What kind of problem: each has a stable string code, `area.problem`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum ProblemCode {
            $($(#[$doc])* $name,)*
        }

        impl ProblemCode {
            /// Every code.
            pub const ALL: &[Self] = &[$(Self::$name),*];

            /// The stable code (`range.overlap`).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$name => $code,)*
                }
            }
        }
    };
}

problem_codes! {
    /// A type id is empty or holds a comma or a space.
    TypeInvalidId = "type.invalidId",
    /// Two types share an id.
    TypeDuplicateId = "type.duplicateId",
    /// A type has no name.
    TypeEmptyName = "type.emptyName",
    /// Two types share a name (letter case and surrounding spaces aside).
    TypeDuplicateName = "type.duplicateName",
    /// A type's duration is zero or negative.
    TypeDurationNotPositive = "type.durationNotPositive",
    /// A type lasts more than a day.
    TypeDurationTooLong = "type.durationTooLong",
    /// A type's slot interval is zero or negative.
    TypeIntervalNotPositive = "type.intervalNotPositive",
    /// A buffer is negative.
    TypeNegativeBuffer = "type.negativeBuffer",
    /// The minimum notice is negative.
    TypeNegativeNotice = "type.negativeNotice",
    /// The horizon is negative.
    TypeNegativeHorizon = "type.negativeHorizon",
    /// The horizon reaches past the retention period: a patient could book for a day when their
    /// contact details must already be deleted (PRODUCT.md art. 8.3).
    TypeHorizonBeyondRetention = "type.horizonBeyondRetention",
    /// The daily cap is zero or negative.
    TypeCapNotPositive = "type.maxPerDayNotPositive",
    /// The colour is not `#RRGGBB`.
    TypeInvalidColour = "type.invalidColour",
    /// The type lasts longer than every range that offers it.
    TypeLongerThanRanges = "type.longerThanRanges",
    /// A type bookable online is offered by no range and no extra opening.
    TypeNotOffered = "type.notOffered",
    /// A template id is empty.
    TemplateInvalidId = "template.invalidId",
    /// Two templates share an id.
    TemplateDuplicateId = "template.duplicateId",
    /// A template ends before it starts.
    TemplatePeriodReversed = "template.periodReversed",
    /// A template has no range.
    TemplateNoRanges = "template.noRanges",
    /// A range repeats on no day.
    RangeNoDays = "range.noDays",
    /// A range is open for an empty list of types.
    RangeNoTypes = "range.noTypes",
    /// A range ends before it starts.
    RangeEndBeforeStart = "range.endBeforeStart",
    /// A range starts and ends at the same time.
    RangeEmpty = "range.empty",
    /// A range names an unknown type.
    RangeUnknownType = "range.unknownType",
    /// Two ranges open on the same day for the same type overlap.
    RangeOverlap = "range.overlap",
    /// A range starts or ends at a time that does not exist on one of its days (DST gap).
    RangeDstGap = "range.dstGap",
    /// A closure ends before it starts (dates).
    ClosurePeriodReversed = "closure.periodReversed",
    /// A closure has a start time without an end time, or the reverse.
    ClosureIncompleteTimes = "closure.incompleteTimes",
    /// A closure's end time is before its start time.
    ClosureEndBeforeStart = "closure.endBeforeStart",
    /// A closure's start and end times are equal.
    ClosureEmpty = "closure.empty",
    /// A closure is for an empty list of types.
    ClosureNoTypes = "closure.noTypes",
    /// A closure names an unknown type.
    ClosureUnknownType = "closure.unknownType",
    /// A closure's time does not exist on one of its days (DST gap).
    ClosureDstGap = "closure.dstGap",
    /// An extra opening ends before it starts.
    OpeningEndBeforeStart = "opening.endBeforeStart",
    /// An extra opening starts and ends at the same time.
    OpeningEmpty = "opening.empty",
    /// An extra opening is for an empty list of types.
    OpeningNoTypes = "opening.noTypes",
    /// An extra opening names an unknown type.
    OpeningUnknownType = "opening.unknownType",
    /// Two extra openings of the same day overlap for the same type.
    OpeningOverlap = "opening.overlap",
    /// An extra opening's time does not exist that day (DST gap).
    OpeningDstGap = "opening.dstGap",
    /// An extra opening falls entirely within a closure (the closure wins).
    OpeningClosed = "opening.closed",
    /// A dated holiday override is not a public holiday of the region.
    HolidayNotAHoliday = "holiday.notAHoliday",
}

impl fmt::Display for ProblemCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ProblemCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One problem of a configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// What kind of problem.
    pub code: ProblemCode,
    /// Where in the file (`templates[0].ranges[1]`), indices from 0.
    pub path: String,
    /// What is wrong and what to do, in French.
    pub message: String,
    /// The same, in English (the English interface shows it).
    #[serde(rename = "messageEn")]
    pub message_en: String,
}

impl Problem {
    /// Its message in both languages.
    pub fn text(&self) -> crate::Text {
        crate::Text::new(self.message.clone(), self.message_en.clone())
    }
}

impl fmt::Display for Problem {
    /// `[range.overlap] templates[0].ranges[1] : Les plages …`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {} : {}", self.code, self.path, self.message)
    }
}

/// Every problem of `config`, in file order (types, templates, exceptions, holidays).
///
/// `today` (the local date, passed in) bounds the daylight-saving checks of weekly ranges: they
/// look at the year starting at the later of `today` and the template's first day.
pub fn validate(config: &PracticeConfig, today: NaiveDate) -> Vec<Problem> {
    let mut report = Report {
        config,
        today,
        problems: Vec::new(),
    };
    motifs::check(&mut report);
    weekly::check(&mut report);
    exceptions::check(&mut report);
    report.problems
}

/// The types whose booking horizon reaches past `retention_days` (90, 120 or 240, PRODUCT.md
/// art. 8.3): the data of a booking is deleted `retention_days` after it was made, so it can never
/// be made for a day further ahead. One problem per type, at `appointmentTypes[i].horizonDays`.
/// The app checks it before publishing and before changing the retention period; the booking
/// site's plugin refuses the same configurations (`PUT /config`).
///
/// ```
/// use rdv_core::availability::{AppointmentType, horizon_within_retention};
/// let mut t = AppointmentType::new("consultation", "Consultation", 30);
/// t.horizon_days = Some(150);
/// let problems = horizon_within_retention(&[t], 120);
/// assert_eq!(problems[0].path, "appointmentTypes[0].horizonDays");
/// assert!(problems[0].message.contains("150 jours"));
/// ```
pub fn horizon_within_retention(
    types: &[super::motif::AppointmentType],
    retention_days: u32,
) -> Vec<Problem> {
    types
        .iter()
        .enumerate()
        .filter(|(_, t)| t.horizon_days.is_some_and(|h| h > 0 && h as u32 > retention_days))
        .map(|(i, t)| {
            let days = t.horizon_days.unwrap_or_default();
            let name = if t.name.trim().is_empty() { &t.id } else { &t.name };
            Problem {
                code: ProblemCode::TypeHorizonBeyondRetention,
                path: format!("appointmentTypes[{i}].horizonDays"),
                message: format!(
                    "L'horizon de réservation du motif « {name} » ({days} jours) dépasse la durée de conservation des données ({retention_days} jours) : un rendez-vous pris si loin serait effacé avant d'avoir lieu. Réduisez l'horizon à {retention_days} jours au plus, ou allongez la conservation."
                ),
                message_en: format!(
                    "How far ahead “{name}” can be booked ({days} days) exceeds how long data is kept ({retention_days} days): an appointment booked that far ahead would be deleted before it takes place. Reduce the horizon to {retention_days} days at most, or keep data longer."
                ),
            }
        })
        .collect()
}

/// The problems found so far, and what the checks share.
struct Report<'a> {
    config: &'a PracticeConfig,
    today: NaiveDate,
    problems: Vec<Problem>,
}

impl Report<'_> {
    /// Records a problem, with its French (`fr`) and English (`en`) messages.
    fn push(
        &mut self,
        code: ProblemCode,
        path: impl Into<String>,
        fr: impl Into<String>,
        en: impl Into<String>,
    ) {
        self.problems.push(Problem {
            code,
            path: path.into(),
            message: fr.into(),
            message_en: en.into(),
        });
    }

    /// « Consultation » for a known id, « id » otherwise.
    fn type_name(&self, id: &str) -> String {
        let name = self
            .config
            .appointment_type(id)
            .map_or(id, |t| t.name.as_str());
        format!("« {name} »")
    }

    /// “Consultation” for a known id, “id” otherwise.
    fn type_name_en(&self, id: &str) -> String {
        let name = self
            .config
            .appointment_type(id)
            .map_or(id, |t| t.name.as_str());
        format!("“{name}”")
    }

    /// Reports the ids of `types` the configuration does not know, and an empty list. `what`
    /// and `what_en` describe, in French and in English, what holds the list (capitalised).
    fn check_types(
        &mut self,
        types: Option<&[String]>,
        path: &str,
        codes: (ProblemCode, ProblemCode),
        (what, what_en): (&str, &str),
    ) {
        let Some(ids) = types else { return };
        if ids.is_empty() {
            self.push(
                codes.0,
                path,
                format!("{what} n'est ouverte pour aucun motif (liste « types » vide) : retirez la liste pour tous les motifs, ou nommez-en."),
                format!("{what_en} applies to no appointment type (the “types” list is empty): remove the list so that it applies to every type, or name some types in it."),
            );
        }
        for id in ids {
            if self.config.appointment_type(id).is_none() {
                let known: Vec<_> = self
                    .config
                    .appointment_types
                    .iter()
                    .map(|t| t.id.as_str())
                    .collect();
                self.push(
                    codes.1,
                    format!("{path}.types"),
                    format!(
                        "{what} cite le motif « {id} », qui n'existe pas (motifs connus : {}).",
                        list_or_none(&known)
                    ),
                    format!(
                        "{what_en} names the appointment type “{id}”, which does not exist (known types: {}).",
                        list_or_none_en(&known)
                    ),
                );
            }
        }
    }
}

/// `29/03/2026`.
fn fr_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// `le dimanche 29/03/2026`.
fn fr_day_date(d: NaiveDate) -> String {
    format!("le {} {}", Day::of(d).name_fr(), fr_date(d))
}

/// `29/03/2026` (day first, as in France).
fn en_date(d: NaiveDate) -> String {
    fr_date(d)
}

/// `Sunday 29/03/2026`.
fn en_day_date(d: NaiveDate) -> String {
    format!("{} {}", Day::of(d).name_en(), en_date(d))
}

/// `09:00–12:30`.
fn fr_span(start: NaiveTime, end: NaiveTime) -> String {
    format!("{}–{}", format_time(start), format_time(end))
}

/// `lundi et jeudi`, `lundi, mardi et jeudi`.
fn fr_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [init @ .., last] => {
            let init: Vec<_> = init.iter().map(AsRef::as_ref).collect();
            format!("{} et {}", init.join(", "), last.as_ref())
        }
    }
}

/// `Monday and Thursday`, `Monday, Tuesday and Thursday`.
fn en_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_owned(),
        [init @ .., last] => {
            let init: Vec<_> = init.iter().map(AsRef::as_ref).collect();
            format!("{} and {}", init.join(", "), last.as_ref())
        }
    }
}

fn list_or_none(items: &[&str]) -> String {
    if items.is_empty() {
        "aucun".to_owned()
    } else {
        items.join(", ")
    }
}

fn list_or_none_en(items: &[&str]) -> String {
    if items.is_empty() {
        "none".to_owned()
    } else {
        items.join(", ")
    }
}

/// Minutes between two times of one day (negative when reversed).
fn minutes(start: NaiveTime, end: NaiveTime) -> i64 {
    (end - start).num_minutes()
}

/// The wall-clock jump of the gap ending at `gap_end`: `(02:00, 03:00)`.
fn gap_bounds(tz: Tz, gap_end: DateTime<Utc>) -> (NaiveTime, NaiveTime) {
    use super::zone::local_time;
    // Checked: a hostile `today` at the ends of chrono's range must not panic.
    let second = TimeDelta::seconds(1);
    let before = gap_end
        .checked_sub_signed(second)
        .and_then(|t| local_time(tz, t))
        .and_then(|l| l.checked_add_signed(second));
    (
        before.map_or(NaiveTime::MIN, |l| l.time()),
        local_time(tz, gap_end).map_or(NaiveTime::MIN, |l| l.time()),
    )
}

#[cfg(test)]
mod tests;
