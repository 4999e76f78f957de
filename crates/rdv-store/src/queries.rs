//! Reading the cache for the views: the agenda over a time range, the appointments over a time
//! range, and upcoming appointments with a search over the patient's name, phone and email.
//!
//! What is an appointment is decided here, once, for every reader: each row carries
//! [`OccurrenceRow::appointment`], the core's rule ([`rdv_core::appointments::origin`]) applied
//! with its calendar's policy, and the appointment queries keep the rows that have one.

use crate::{Moment, Store, StoreError};
use chrono::{DateTime, TimeZone, Utc};
use rdv_core::appointments::{self, AppointmentOrigin, AppointmentPolicy, EventShape};
use rdv_core::conventions::{EventKind, SpanIssue};
use rusqlite::params;

/// One occurrence with what the views show of its event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OccurrenceRow {
    /// Occurrence id (the event id, or the instance id of a recurring occurrence).
    pub id: String,
    /// The event it comes from (the master for recurring occurrences).
    pub event_id: String,
    /// Its calendar.
    pub calendar_id: String,
    /// The calendar's name.
    pub calendar_name: String,
    /// Start.
    pub start: DateTime<Utc>,
    /// End (exclusive).
    pub end: DateTime<Utc>,
    /// An all-day occurrence (start/end are midnight UTC of the dates).
    pub all_day: bool,
    /// What it is.
    pub kind: EventKind,
    /// Title.
    pub summary: Option<String>,
    /// Does not block time.
    pub transparent: bool,
    /// `rdv.type`.
    pub appointment_type: Option<String>,
    /// `rdv.source`.
    pub source: Option<String>,
    /// `rdv.bookedAt`, else the event's `created`.
    pub booked_at: Option<String>,
    /// Patient first name.
    pub first_name: Option<String>,
    /// Patient last name.
    pub last_name: Option<String>,
    /// Patient phone.
    pub phone: Option<String>,
    /// Patient email.
    pub email: Option<String>,
    /// Google's etag of the event.
    pub etag: Option<String>,
    /// Attendance, internal note, last edit's author.
    pub marks: crate::BookingMarks,
    /// What is wrong with its event's times in Google (an end not after the start); the
    /// occurrence is then drawn at its start with no length (`end == start`).
    pub span_issue: Option<SpanIssue>,
    /// Whether it is an appointment on its calendar, and of which origin (`None`: it is not):
    /// the core's rule with the calendar's [`AppointmentPolicy`].
    pub appointment: Option<AppointmentOrigin>,
}

/// A booking's patient contact as stored: e-mail and phone.
pub type Contact = (Option<String>, Option<String>);

const SELECT: &str = "
SELECT o.id, o.event_id, o.calendar_id, c.summary, o.start_utc, o.end_utc, o.all_day, e.kind,
       e.summary, e.transparent, e.appointment_type, e.source, COALESCE(e.booked_at, e.created),
       e.first_name, e.last_name, e.phone, e.email, e.etag, e.attendance, e.note, e.actor,
       e.action, e.action_at, e.start, e.end, c.appointments
FROM occurrences o
JOIN events e ON e.calendar_id = o.calendar_id AND e.id = o.event_id AND e.cancelled = 0
JOIN calendars c ON c.id = o.calendar_id AND c.selected = 1";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<OccurrenceRow> {
    let ts = |v: i64| Utc.timestamp_opt(v, 0).single().unwrap_or_default();
    let kind = EventKind::parse(&r.get::<_, String>(7)?);
    let all_day: bool = r.get(6)?;
    let transparent: bool = r.get(9)?;
    let policy = AppointmentPolicy::parse(&r.get::<_, String>(25)?);
    Ok(OccurrenceRow {
        appointment: appointments::origin(
            policy,
            EventShape {
                kind,
                all_day,
                transparent,
            },
        ),
        id: r.get(0)?,
        event_id: r.get(1)?,
        calendar_id: r.get(2)?,
        calendar_name: r.get(3)?,
        start: ts(r.get(4)?),
        end: ts(r.get(5)?),
        all_day,
        kind,
        summary: r.get(8)?,
        transparent,
        appointment_type: r.get(10)?,
        source: r.get(11)?,
        booked_at: r.get(12)?,
        first_name: r.get(13)?,
        last_name: r.get(14)?,
        phone: r.get(15)?,
        email: r.get(16)?,
        etag: r.get(17)?,
        marks: crate::BookingMarks {
            attendance: r.get(18)?,
            note: r.get(19)?,
            actor: r.get(20)?,
            action: r.get(21)?,
            action_at: r.get(22)?,
        },
        span_issue: Moment::decode(&r.get::<_, String>(23)?)
            .zip(Moment::decode(&r.get::<_, String>(24)?))
            .and_then(|(start, end)| start.span_issue(end)),
    })
}

impl Store {
    /// Occurrences of the selected calendars overlapping `[from, to)`, by start; one with no
    /// length is in the range when it starts inside it.
    pub fn agenda(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<OccurrenceRow>, StoreError> {
        let conn = self.conn();
        let sql = format!(
            "{SELECT} WHERE o.start_utc < ?2 AND (o.end_utc > ?1 OR o.start_utc >= ?1) ORDER BY o.start_utc, o.id"
        );
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map(params![from.timestamp(), to.timestamp()], row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One occurrence by its id, if cached in a selected calendar.
    pub fn occurrence(
        &self,
        calendar_id: &str,
        id: &str,
    ) -> Result<Option<OccurrenceRow>, StoreError> {
        use rusqlite::OptionalExtension;
        let conn = self.conn();
        let sql = format!("{SELECT} WHERE o.calendar_id = ?1 AND o.id = ?2");
        Ok(conn
            .query_row(&sql, params![calendar_id, id], row)
            .optional()?)
    }

    /// The appointments of the selected calendars (of `calendars` only, when not empty)
    /// overlapping `[from, to)`, by start: the marked bookings, and the calendar's own events
    /// where its policy counts them ([`OccurrenceRow::appointment`]). What every reader of
    /// appointments uses (the tray, the reminders and the daily summary, a day's list).
    pub fn appointments_between(
        &self,
        calendars: &[String],
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<OccurrenceRow>, StoreError> {
        let conn = self.conn();
        // Availability is never an appointment: left out in SQL, the rule decides the rest.
        let sql = format!(
            "{SELECT} WHERE e.kind <> 'availability' AND o.start_utc < ?2
               AND (o.end_utc > ?1 OR o.start_utc >= ?1) ORDER BY o.start_utc, o.id"
        );
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map(params![from.timestamp(), to.timestamp()], row)?;
        let mut out = Vec::new();
        for r in rows {
            let r = r?;
            if r.appointment.is_some()
                && (calendars.is_empty() || calendars.contains(&r.calendar_id))
            {
                out.push(r);
            }
        }
        Ok(out)
    }

    /// Appointments ([`OccurrenceRow::appointment`]) not yet over at `now`, by start,
    /// optionally matching `query` on the patient's first or last name or email
    /// (case-insensitive) or phone (by digits, `06…` matching `+336…`) — or, for an event of the
    /// calendar's own, which has no patient fields, on its title. At most `limit` rows.
    pub fn upcoming_bookings(
        &self,
        now: DateTime<Utc>,
        query: Option<&str>,
        limit: usize,
    ) -> Result<Vec<OccurrenceRow>, StoreError> {
        self.bookings_ending_after(now, query, limit)
    }

    /// The unexcused no-shows (`attendance = 'absent'`) of the selected calendars' bookings
    /// that started at or after `since`: each one's e-mail and phone, for the history rule
    /// (`rdv_core::history`) to match a patient.
    pub fn no_shows_since(&self, since: DateTime<Utc>) -> Result<Vec<Contact>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT e.email, e.phone FROM occurrences o
             JOIN events e ON e.calendar_id = o.calendar_id AND e.id = o.event_id AND e.cancelled = 0
             JOIN calendars c ON c.id = o.calendar_id AND c.selected = 1
             WHERE e.kind = 'booking' AND e.attendance = 'absent' AND o.start_utc >= ?1",
        )?;
        let rows = stmt.query_map(params![since.timestamp()], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Bookings not over at `after` (past ones too when `after` is in the past), by start,
    /// optionally matching `query` as [`Store::upcoming_bookings`] does. At most `limit` rows.
    pub fn bookings_ending_after(
        &self,
        after: DateTime<Utc>,
        query: Option<&str>,
        limit: usize,
    ) -> Result<Vec<OccurrenceRow>, StoreError> {
        let conn = self.conn();
        let sql = format!(
            "{SELECT} WHERE e.kind <> 'availability' AND o.end_utc > ?1 ORDER BY o.start_utc, o.id"
        );
        let mut stmt = conn.prepare(&sql)?;
        let rows = stmt.query_map(params![after.timestamp()], row)?;
        let needle = query
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(Needle::new);
        let mut out = Vec::new();
        for r in rows {
            let r = r?;
            if r.appointment.is_some() && needle.as_ref().is_none_or(|n| n.matches(&r)) {
                out.push(r);
                if out.len() == limit {
                    break;
                }
            }
        }
        Ok(out)
    }
}

/// Whether booking `r` matches a search `query` as [`Store::upcoming_bookings`] matches it (the
/// patient's names or e-mail without case or accents, the phone by its digits): for bookings
/// not in the cache yet (a creation waiting in the outbox).
pub fn matches_query(r: &OccurrenceRow, query: &str) -> bool {
    let q = query.trim();
    q.is_empty() || Needle::new(q).matches(r)
}

struct Needle {
    text: String,
    digits: Vec<String>,
}

impl Needle {
    fn new(q: &str) -> Self {
        let text = fold(q);
        let d: String = q.chars().filter(char::is_ascii_digit).collect();
        let mut digits = Vec::new();
        if d.len() >= 3 {
            // French numbers are typed 06…, stored +336…: try both forms.
            if let Some(rest) = d.strip_prefix('0') {
                digits.push(format!("33{rest}"));
            }
            digits.push(d);
        }
        Self { text, digits }
    }

    fn matches(&self, r: &OccurrenceRow) -> bool {
        let full = format!(
            "{} {}",
            r.first_name.as_deref().unwrap_or_default(),
            r.last_name.as_deref().unwrap_or_default()
        );
        let reversed = format!(
            "{} {}",
            r.last_name.as_deref().unwrap_or_default(),
            r.first_name.as_deref().unwrap_or_default()
        );
        // An event of the calendar's own has no patient fields: its title names them.
        let title = (r.appointment == Some(AppointmentOrigin::Google))
            .then_some(r.summary.as_deref())
            .flatten();
        let text_hit = [
            Some(full.as_str()),
            Some(reversed.as_str()),
            r.email.as_deref(),
            title,
        ]
        .into_iter()
        .flatten()
        .any(|v| fold(v).contains(&self.text));
        let phone_digits: String = r
            .phone
            .as_deref()
            .unwrap_or_default()
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        text_hit
            || self
                .digits
                .iter()
                .any(|d| phone_digits.contains(d.as_str()))
    }
}

/// Lower case without French diacritics, so "lefevre" finds "Lefèvre" and "elodie" "Élodie".
fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().flat_map(char::to_lowercase) {
        match c {
            'à' | 'â' | 'ä' | 'á' | 'ã' => out.push('a'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'î' | 'ï' | 'í' | 'ì' => out.push('i'),
            'ô' | 'ö' | 'ó' | 'ò' | 'õ' => out.push('o'),
            'ù' | 'û' | 'ü' | 'ú' => out.push('u'),
            'ÿ' => out.push('y'),
            'ç' => out.push('c'),
            'ñ' => out.push('n'),
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            other => out.push(other),
        }
    }
    out
}
