//! The day's sheet (*Feuille du jour*): the appointments of one day, or of a range of days, for
//! one or several agendas, as the desk prints them — and its two files, [`csv`] and [`pdf`],
//! made from the same rows.
//!
//! What a row holds is what a day sheet needs to run the day and call a patient: the time
//! (start–end, 24 h, in the agenda's own zone), the patient's last and first names, the phone,
//! the appointment type, the attendance mark and the internal note (organisation only). The
//! e-mail and the booking's history are not on it. Cancelled bookings are never given to the
//! rule (the store's booking queries leave them out).
//!
//! Rows are grouped by agenda (in the order given), then by local day, sorted by start, then
//! by last and first name. A booking belongs to the local day of its start in its agenda's
//! zone, so a DST Sunday's 09:00 is 09:00 whatever the offset.
//!
//! ```
//! use rdv_core::sheet::{SheetAgendaInput, SheetBooking, day_sheet};
//! let paris = chrono_tz::Europe::Paris;
//! let agendas = [SheetAgendaInput::new("cab", "Cabinet", paris)];
//! let day = "2026-03-29".parse()?; // the spring change
//! let booking = SheetBooking {
//!     last_name: Some("Lefèvre".into()),
//!     ..SheetBooking::at("cab", "2026-03-29T07:00:00Z".parse()?, "2026-03-29T07:30:00Z".parse()?)
//! };
//! let sheet = day_sheet(&agendas, &[booking], day, day)?;
//! assert_eq!(sheet.agendas[0].days[0].rows[0].start, "09:00");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub mod csv;
pub mod pdf;

use crate::availability::zone;
use crate::{Language, Text};
use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, Utc, Weekday};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

/// The longest range a sheet covers, in days (a quarter): a longer export is refused.
pub const MAX_SHEET_DAYS: i64 = 92;

/// An agenda asked for: its id, the name printed and its zone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetAgendaInput {
    /// The calendar id.
    pub calendar_id: String,
    /// Its name as the user sees it.
    pub name: String,
    /// The calendar's zone: times and days are read in it.
    pub time_zone: Tz,
}

impl SheetAgendaInput {
    /// Agenda `calendar_id`, named `name`, in `time_zone`.
    pub fn new(calendar_id: &str, name: &str, time_zone: Tz) -> Self {
        Self {
            calendar_id: calendar_id.to_owned(),
            name: name.to_owned(),
            time_zone,
        }
    }
}

/// One appointment as the rule takes it (the caller leaves cancelled ones out).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetBooking {
    /// Its agenda.
    pub calendar_id: String,
    /// Start.
    pub start: DateTime<Utc>,
    /// End (exclusive); the start when Google holds no length.
    pub end: DateTime<Utc>,
    /// An all-day appointment (start is midnight UTC of its date).
    pub all_day: bool,
    /// Patient last name.
    pub last_name: Option<String>,
    /// Patient first name.
    pub first_name: Option<String>,
    /// The event's title: printed when the patient's name is unknown (an event typed in Google).
    pub title: Option<String>,
    /// Patient phone, as stored (E.164 for the app's bookings).
    pub phone: Option<String>,
    /// The appointment type, as the user reads it (its name, else its id).
    pub appointment_type: Option<String>,
    /// The attendance mark, if any.
    pub attendance: Option<SheetAttendance>,
    /// The internal note.
    pub note: Option<String>,
}

impl SheetBooking {
    /// A booking of `calendar_id` from `start` to `end` with nothing else known.
    pub fn at(calendar_id: &str, start: DateTime<Utc>, end: DateTime<Utc>) -> Self {
        Self {
            calendar_id: calendar_id.to_owned(),
            start,
            end,
            all_day: false,
            last_name: None,
            first_name: None,
            title: None,
            phone: None,
            appointment_type: None,
            attendance: None,
            note: None,
        }
    }
}

/// The attendance mark printed on a row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum SheetAttendance {
    /// *Absent* (not excused).
    Absent,
    /// *Excusé*.
    Excused,
}

impl SheetAttendance {
    /// Reads the stored mark (`absent`, `excused`); anything else is no mark.
    pub fn parse(stored: Option<&str>) -> Option<Self> {
        match stored {
            Some("absent") => Some(Self::Absent),
            Some("excused") => Some(Self::Excused),
            _ => None,
        }
    }

    /// The printed word.
    pub fn label(self, language: Language) -> &'static str {
        match (self, language) {
            (Self::Absent, Language::Fr) => "absent",
            (Self::Absent, Language::En) => "no-show",
            (Self::Excused, Language::Fr) => "excusé",
            (Self::Excused, Language::En) => "excused",
        }
    }
}

/// The sheet: the agendas asked for, each with its days that have appointments.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct DaySheet {
    /// First day (`YYYY-MM-DD`).
    pub from: String,
    /// Last day, included (`YYYY-MM-DD`; `from` for one day).
    pub to: String,
    /// The agendas, in the order asked; one with no appointment has no day.
    pub agendas: Vec<SheetAgenda>,
}

/// One agenda of the sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SheetAgenda {
    /// The calendar id.
    pub calendar_id: String,
    /// Its name.
    pub name: String,
    /// Its zone (IANA), in which the times are given.
    pub time_zone: String,
    /// Its days with appointments, in order.
    pub days: Vec<SheetDay>,
}

/// One local day of an agenda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SheetDay {
    /// The day (`YYYY-MM-DD`).
    pub date: String,
    /// Its appointments, by start.
    pub rows: Vec<SheetRow>,
}

/// One appointment on the sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SheetRow {
    /// Start, `HH:MM` (24 h) in the agenda's zone; empty for an all-day appointment.
    pub start: String,
    /// End, the same way.
    pub end: String,
    /// Patient last name (the event's title when no patient is known).
    pub last_name: String,
    /// Patient first name.
    pub first_name: String,
    /// Phone, French numbers written `06 12 34 56 78`, others as stored.
    pub phone: String,
    /// Appointment type.
    pub appointment_type: String,
    /// Attendance mark.
    pub attendance: Option<SheetAttendance>,
    /// Internal note.
    pub note: String,
}

/// Why a sheet cannot be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SheetError {
    /// The last day is before the first.
    #[error("the last day is before the first")]
    Reversed,
    /// More than [`MAX_SHEET_DAYS`] days.
    #[error("more than {MAX_SHEET_DAYS} days")]
    TooLong,
    /// No agenda chosen.
    #[error("no agenda chosen")]
    NoAgenda,
}

impl SheetError {
    /// What the user reads.
    pub fn text(&self) -> Text {
        match self {
            Self::Reversed => Text::new(
                "Le dernier jour est avant le premier.",
                "The last day is before the first.",
            ),
            Self::TooLong => Text::new(
                format!("Une feuille couvre au plus {MAX_SHEET_DAYS} jours."),
                format!("A sheet covers at most {MAX_SHEET_DAYS} days."),
            ),
            Self::NoAgenda => Text::new(
                "Choisissez au moins un agenda.",
                "Choose at least one agenda.",
            ),
        }
    }
}

/// Checks the range `[from, to]` (both included) and the agendas asked for.
pub fn check_range(agendas: usize, from: NaiveDate, to: NaiveDate) -> Result<(), SheetError> {
    if agendas == 0 {
        return Err(SheetError::NoAgenda);
    }
    if to < from {
        return Err(SheetError::Reversed);
    }
    if (to - from).num_days() + 1 > MAX_SHEET_DAYS {
        return Err(SheetError::TooLong);
    }
    Ok(())
}

/// The instants to read the bookings of `[from, to]` over, whatever the agendas' zones: from
/// the earliest local midnight of `from` to the latest local midnight after `to`, with a day's
/// margin for all-day bookings (stored at midnight UTC). [`day_sheet`] keeps only what falls on
/// the days.
pub fn read_window(
    agendas: &[SheetAgendaInput],
    from: NaiveDate,
    to: NaiveDate,
) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = |tz: Tz| zone::instant(tz, from, NaiveTime::MIN) - TimeDelta::days(1);
    let end =
        |tz: Tz| zone::instant(tz, to + TimeDelta::days(1), NaiveTime::MIN) + TimeDelta::days(1);
    let zones = || agendas.iter().map(|a| a.time_zone);
    (
        zones().map(start).min().unwrap_or_else(|| start(Tz::UTC)),
        zones().map(end).max().unwrap_or_else(|| end(Tz::UTC)),
    )
}

/// The sheet of `agendas` over the local days `[from, to]` (both included) from `bookings`
/// (any order; those of other agendas or other days are left out).
pub fn day_sheet(
    agendas: &[SheetAgendaInput],
    bookings: &[SheetBooking],
    from: NaiveDate,
    to: NaiveDate,
) -> Result<DaySheet, SheetError> {
    check_range(agendas.len(), from, to)?;
    let agendas = agendas
        .iter()
        .map(|agenda| {
            let tz = agenda.time_zone;
            let mut mine: Vec<(NaiveDate, &SheetBooking)> = bookings
                .iter()
                .filter(|b| b.calendar_id == agenda.calendar_id)
                .map(|b| (local_day(b, tz), b))
                .filter(|(day, _)| (from..=to).contains(day))
                .collect();
            mine.sort_by(|(da, a), (db, b)| {
                (da, !a.all_day, a.start, &a.last_name, &a.first_name, a.end).cmp(&(
                    db,
                    !b.all_day,
                    b.start,
                    &b.last_name,
                    &b.first_name,
                    b.end,
                ))
            });
            let mut days: Vec<SheetDay> = Vec::new();
            for (day, b) in mine {
                let date = day.to_string();
                if days.last().is_none_or(|d| d.date != date) {
                    days.push(SheetDay {
                        date,
                        rows: Vec::new(),
                    });
                }
                if let Some(d) = days.last_mut() {
                    d.rows.push(row(b, tz));
                }
            }
            SheetAgenda {
                calendar_id: agenda.calendar_id.clone(),
                name: agenda.name.clone(),
                time_zone: tz.name().to_owned(),
                days,
            }
        })
        .collect();
    Ok(DaySheet {
        from: from.to_string(),
        to: to.to_string(),
        agendas,
    })
}

fn local_day(b: &SheetBooking, tz: Tz) -> NaiveDate {
    if b.all_day {
        b.start.date_naive()
    } else {
        zone::local_date(tz, b.start)
    }
}

fn row(b: &SheetBooking, tz: Tz) -> SheetRow {
    let hm = |t: DateTime<Utc>| {
        if b.all_day {
            String::new()
        } else {
            t.with_timezone(&tz).format("%H:%M").to_string()
        }
    };
    let text = |v: &Option<String>| v.as_deref().map(str::trim).unwrap_or_default().to_owned();
    let (last_name, first_name) = if b.last_name.is_none() && b.first_name.is_none() {
        (text(&b.title), String::new())
    } else {
        (text(&b.last_name), text(&b.first_name))
    };
    SheetRow {
        start: hm(b.start),
        end: hm(b.end),
        last_name,
        first_name,
        phone: b.phone.as_deref().map(display_phone).unwrap_or_default(),
        appointment_type: text(&b.appointment_type),
        attendance: b.attendance,
        note: text(&b.note),
    }
}

/// A phone as printed: a French number (`+33…`, `0033…` or ten digits from `0`) as
/// `06 12 34 56 78`, any other as stored.
pub fn display_phone(phone: &str) -> String {
    let national = crate::person::national_digits(phone);
    let french = national.len() == 10
        && national.starts_with('0')
        && (phone.trim_start().starts_with("+33")
            || phone.trim_start().starts_with("0033")
            || phone.trim_start().starts_with('0'));
    if !french {
        return phone.trim().to_owned();
    }
    national
        .as_bytes()
        .chunks(2)
        .map(|pair| String::from_utf8_lossy(pair).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `lundi 2 mars 2026` / `Monday 2 March 2026`.
pub fn long_date(date: NaiveDate, language: Language) -> String {
    const JOURS: [&str; 7] = [
        "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
    ];
    const MOIS: [&str; 12] = [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ];
    let wd = date.weekday().num_days_from_monday() as usize;
    let m = date.month0() as usize;
    match language {
        Language::Fr => {
            let day = if date.day() == 1 {
                "1er".to_owned()
            } else {
                date.day().to_string()
            };
            format!("{} {day} {} {}", JOURS[wd], MOIS[m], date.year())
        }
        Language::En => format!(
            "{} {} {}",
            weekday_en(date.weekday()),
            date.day(),
            date.format("%B %Y")
        ),
    }
}

fn weekday_en(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "Monday",
        Weekday::Tue => "Tuesday",
        Weekday::Wed => "Wednesday",
        Weekday::Thu => "Thursday",
        Weekday::Fri => "Friday",
        Weekday::Sat => "Saturday",
        Weekday::Sun => "Sunday",
    }
}

impl DaySheet {
    /// The sheet's title: `Feuille du jour — lundi 2 mars 2026`, or the range.
    pub fn title(&self, language: Language) -> String {
        let (from, to) = (parse_day(&self.from), parse_day(&self.to));
        match (from == to, language) {
            (true, Language::Fr) => format!("Feuille du jour — {}", long_date(from, language)),
            (true, Language::En) => format!("Day sheet — {}", long_date(from, language)),
            (false, Language::Fr) => format!(
                "Rendez-vous du {} au {}",
                long_date(from, language),
                long_date(to, language)
            ),
            (false, Language::En) => format!(
                "Appointments from {} to {}",
                long_date(from, language),
                long_date(to, language)
            ),
        }
    }

    /// How many appointments the sheet holds.
    pub fn row_count(&self) -> usize {
        self.agendas
            .iter()
            .flat_map(|a| &a.days)
            .map(|d| d.rows.len())
            .sum()
    }
}

/// Reads a `YYYY-MM-DD` this module wrote.
pub(crate) fn parse_day(s: &str) -> NaiveDate {
    s.parse().unwrap_or_default()
}

/// The column headings, shared by both files.
pub(crate) struct Headings {
    pub agenda: &'static str,
    pub date: &'static str,
    pub start: &'static str,
    pub end: &'static str,
    pub time: &'static str,
    pub last_name: &'static str,
    pub first_name: &'static str,
    pub patient: &'static str,
    pub phone: &'static str,
    pub appointment_type: &'static str,
    pub attendance: &'static str,
    pub note: &'static str,
    pub all_day: &'static str,
    pub none: &'static str,
}

pub(crate) fn headings(language: Language) -> Headings {
    match language {
        Language::Fr => Headings {
            agenda: "Agenda",
            date: "Date",
            start: "Début",
            end: "Fin",
            time: "Heure",
            last_name: "Nom",
            first_name: "Prénom",
            patient: "Patient",
            phone: "Téléphone",
            appointment_type: "Motif",
            attendance: "Présence",
            note: "Note",
            all_day: "journée",
            none: "Aucun rendez-vous.",
        },
        Language::En => Headings {
            agenda: "Agenda",
            date: "Date",
            start: "Start",
            end: "End",
            time: "Time",
            last_name: "Last name",
            first_name: "First name",
            patient: "Patient",
            phone: "Phone",
            appointment_type: "Type",
            attendance: "Attendance",
            note: "Note",
            all_day: "all day",
            none: "No appointment.",
        },
    }
}

#[cfg(test)]
mod tests;
