//! Personal-data retention and erasure in the cache (PRODUCT.md art. 8, 8.2, 8.3): bookings
//! due under the retention rule (rdv_core::retention: the period after the booking was made,
//! never before the appointment has ended) lose their patient fields (name, phone, email), their note
//! and the patient's name in the title — the time slot and the appointment type stay; a
//! person's bookings can be found by email or phone ([`Person`]) and anonymised the same way
//! (erasures.rs). Every purge is
//! logged with counts only.

use crate::events::Moment;
use crate::migrations::Step;
use crate::{Store, StoreError};
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use rdv_core::person::Person;
use rdv_core::recurrence;
use rdv_core::retention::{self, BookingTimes};
use rusqlite::{OptionalExtension, params};

pub(crate) const CREATE_TABLE: &str = "
CREATE TABLE purge_log (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    at       TEXT NOT NULL,
    cutoff   TEXT NOT NULL,
    kind     TEXT NOT NULL,
    bookings INTEGER NOT NULL
) STRICT;
";

/// The purge log's migration steps (see migrations.rs): append new ones at the end.
pub(crate) const MIGRATIONS: &[Step] = &[Step {
    version: 6,
    up: CREATE_TABLE,
}];

/// A cached booking that holds personal data, without the data: what a dry run lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldBooking {
    /// Its calendar.
    pub calendar_id: String,
    /// Its event id.
    pub event_id: String,
    /// Its start as stored (RFC 3339 UTC).
    pub start: String,
    /// `rdv.type`.
    pub appointment_type: Option<String>,
}

/// One line of the purge log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PurgeLogRow {
    /// When (RFC 3339).
    pub at: String,
    /// A retention purge: the start of the period then — bookings made before it (whose
    /// appointment had ended) were purged. An erasure: its instant (RFC 3339).
    pub cutoff: String,
    /// `retention` (scheduled purge) or `erasure` (a person's request).
    pub kind: String,
    /// How many bookings lost their personal data.
    pub bookings: i64,
}

/// The notice the first purge that erases a booking leaves, written in its transaction
/// ([`Store::purge_due`]). A purge that erases nothing writes nothing: the notice reports a real
/// first purge, not the first start of an installation.
pub struct FirstPurge<'a> {
    /// The setting set to `1` by that purge; once it is `1` (also set by older versions when the
    /// practitioner confirmed the first dry run), no purge writes a notice again.
    pub started_key: &'a str,
    /// The setting the notice is written to.
    pub notice_key: &'a str,
    /// The notice for the bookings it erased; an error cancels the whole purge.
    pub notice: &'a dyn Fn(&[HeldBooking]) -> Result<String, StoreError>,
}

/// What a purge did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Purged {
    /// The bookings that lost their personal data.
    pub bookings: Vec<HeldBooking>,
    /// Whether it was the first to erase one, and wrote [`FirstPurge`]'s notice.
    pub first: bool,
}

/// Which rows hold personal data.
const HOLDS: &str = "kind = 'booking' AND (first_name IS NOT NULL OR last_name IS NOT NULL
    OR phone IS NOT NULL OR email IS NOT NULL OR note IS NOT NULL
    OR (summary IS NOT NULL AND instr(summary, ' – ') > 0))";

/// Clears the personal fields; the title keeps its part before « – » (the appointment type).
pub(crate) const ANONYMISE: &str =
    "UPDATE events SET first_name = NULL, last_name = NULL, phone = NULL,
    email = NULL, note = NULL,
    summary = CASE WHEN instr(summary, ' – ') > 0 THEN substr(summary, 1, instr(summary, ' – ') - 1)
                   ELSE summary END";

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A cached booking holding personal data, with what the retention rule needs.
struct Candidate {
    held: HeldBooking,
    times: BookingTimes,
}

/// Every cached booking that holds personal data, with its times for the rule
/// ([`rdv_core::retention`]). A row whose start or end cannot be read is left alone (never
/// purged on a guess).
fn candidates(conn: &rusqlite::Connection) -> Result<Vec<Candidate>, StoreError> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT e.calendar_id, e.id, e.start, e.appointment_type, e.end, e.booked_at, e.created,
                e.recurrence, e.time_zone
         FROM events e WHERE {HOLDS} ORDER BY e.start"
    ))?;
    let rows = stmt.query_map([], |r| {
        Ok((
            HeldBooking {
                calendar_id: r.get(0)?,
                event_id: r.get(1)?,
                start: r.get(2)?,
                appointment_type: r.get(3)?,
            },
            r.get::<_, String>(4)?,
            r.get::<_, Option<String>>(5)?,
            r.get::<_, Option<String>>(6)?,
            r.get::<_, Option<String>>(7)?,
            r.get::<_, Option<String>>(8)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (held, end, booked_at, created, recurrence, time_zone) = row?;
        let (Some(start), Some(end)) = (Moment::decode(&held.start), Moment::decode(&end)) else {
            continue;
        };
        let last_end = match recurrence.filter(|r| !r.trim().is_empty()) {
            None => Some(end.utc()),
            Some(lines) => series_last_end(start, end, time_zone.as_deref(), &lines),
        };
        let times = BookingTimes {
            booked_at: retention::instant(booked_at.as_deref()),
            created: retention::instant(created.as_deref()),
            start: start.utc(),
            last_end,
        };
        out.push(Candidate { held, times });
    }
    Ok(out)
}

/// When a series' last occurrence ends, computed from its rules — not from the occurrences
/// stored, which stop at the sync window, or at the first one when the series could not be
/// expanded. `None` (kept) for a series that never ends, or whose end cannot be computed
/// within the budget ([`recurrence::last_start`]): never purged on a guess.
fn series_last_end(
    start: Moment,
    end: Moment,
    time_zone: Option<&str>,
    lines: &str,
) -> Option<DateTime<Utc>> {
    let lines: Vec<String> = lines.lines().map(str::to_owned).collect();
    if !retention::series_ends(&lines) {
        return None;
    }
    let (series, zone) = crate::events::series_start(start, time_zone);
    let length = (end.utc() - start.utc()).max(Duration::zero());
    match recurrence::last_start(series, &zone, &lines) {
        Ok(last) => Some(last.map_or(end.utc(), |t| (t + length).max(end.utc()))),
        Err(_) => None,
    }
}

impl Store {
    /// The cached bookings whose personal data is due for deletion at `now` under a `days`
    /// retention period ([`rdv_core::retention`]: `days` after the booking, never before the
    /// appointment has ended) — a purge's dry run.
    pub fn held_due(&self, now: DateTime<Utc>, days: u32) -> Result<Vec<HeldBooking>, StoreError> {
        Ok(candidates(&self.conn())?
            .into_iter()
            .filter(|c| c.times.is_due(days, now))
            .map(|c| c.held)
            .collect())
    }

    /// Removes the personal data of the bookings due at `now` under a `days` period (and the
    /// cancellation reasons of the activity log older than the period), logs the count with
    /// the instant the period starts (bookings made before it) and, when it is the first purge
    /// to erase a booking, writes `first`'s notice — one transaction, so a notice is never
    /// missing nor wrong about erased data; then truncates the WAL so no old page image of them
    /// stays on disk.
    pub fn purge_due(
        &self,
        now: DateTime<Utc>,
        days: u32,
        first: Option<&FirstPurge<'_>>,
    ) -> Result<Purged, StoreError> {
        let since = now - Duration::days(i64::from(days));
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let due: Vec<HeldBooking> = candidates(&tx)?
            .into_iter()
            .filter(|c| c.times.is_due(days, now))
            .map(|c| c.held)
            .collect();
        let mut noticed = false;
        if let Some(first) = first.filter(|_| !due.is_empty()) {
            let started: Option<String> = tx
                .query_row(
                    "SELECT value FROM settings WHERE key = ?1",
                    [first.started_key],
                    |r| r.get(0),
                )
                .optional()?;
            if started.as_deref() != Some("1") {
                let notice = (first.notice)(&due)?;
                for (key, value) in [
                    (first.notice_key, notice.as_str()),
                    (first.started_key, "1"),
                ] {
                    tx.execute(
                        "INSERT INTO settings (key, value) VALUES (?1, ?2)
                         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                        params![key, value],
                    )?;
                }
                noticed = true;
            }
        }
        for b in &due {
            tx.execute(
                &format!("{ANONYMISE} WHERE calendar_id = ?1 AND id = ?2"),
                params![b.calendar_id, b.event_id],
            )?;
        }
        tx.execute(
            "UPDATE activity SET detail = json_remove(detail, '$.reason')
             WHERE at < ?1 AND detail IS NOT NULL AND json_valid(detail)",
            [stamp(since)],
        )?;
        tx.execute(
            "INSERT INTO purge_log (at, cutoff, kind, bookings) VALUES (?1, ?2, 'retention', ?3)",
            params![
                stamp(now),
                stamp(since),
                i64::try_from(due.len()).unwrap_or(i64::MAX)
            ],
        )?;
        tx.commit()?;
        crate::truncate_wal(&conn)?;
        Ok(Purged {
            bookings: due,
            first: noticed,
        })
    }

    /// A person's cached bookings, found by [`Person::matches`] (the email whatever its case,
    /// the phone by its digits).
    pub fn bookings_of(&self, person: &Person) -> Result<Vec<HeldBooking>, StoreError> {
        bookings_of(&self.conn(), person)
    }

    /// The purge log, newest first.
    pub fn purge_log(&self, limit: usize) -> Result<Vec<PurgeLogRow>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT at, cutoff, kind, bookings FROM purge_log ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
            Ok(PurgeLogRow {
                at: r.get(0)?,
                cutoff: r.get(1)?,
                kind: r.get(2)?,
                bookings: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Every text value of the cache, for the "no trace left" checks of tests and support.
    pub fn contains_text(&self, needle: &str) -> Result<bool, StoreError> {
        let conn = self.conn();
        let like = format!("%{}%", needle.to_lowercase());
        let in_events: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM events WHERE lower(coalesce(summary, '') || '|' ||
                coalesce(first_name, '') || '|' || coalesce(last_name, '') || '|' ||
                coalesce(phone, '') || '|' || coalesce(email, '') || '|' || coalesce(note, ''))
                LIKE ?1)",
            [&like],
            |r| r.get(0),
        )?;
        let in_activity: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM activity WHERE lower(coalesce(detail, '')) LIKE ?1)",
            [&like],
            |r| r.get(0),
        )?;
        let in_outbox: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM outbox WHERE lower(payload) LIKE ?1)",
            [&like],
            |r| r.get(0),
        )?;
        let in_erasures: bool = conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM erasures
                WHERE lower(coalesce(email, '') || '|' || coalesce(phone, '')) LIKE ?1)",
            [&like],
            |r| r.get(0),
        )?;
        Ok(in_events || in_activity || in_outbox || in_erasures)
    }
}

/// The cached bookings of `person` (one matcher, in Rust: SQLite's `lower` folds ASCII only).
pub(crate) fn bookings_of(
    conn: &rusqlite::Connection,
    person: &Person,
) -> Result<Vec<HeldBooking>, StoreError> {
    let mut stmt = conn.prepare_cached(
        "SELECT calendar_id, id, start, appointment_type, email, phone FROM events
         WHERE kind = 'booking' AND (email IS NOT NULL OR phone IS NOT NULL) ORDER BY start",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            HeldBooking {
                calendar_id: r.get(0)?,
                event_id: r.get(1)?,
                start: r.get(2)?,
                appointment_type: r.get(3)?,
            },
            r.get::<_, Option<String>>(4)?,
            r.get::<_, Option<String>>(5)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (held, email, phone) = row?;
        if person.matches(email.as_deref(), phone.as_deref()) {
            out.push(held);
        }
    }
    Ok(out)
}
