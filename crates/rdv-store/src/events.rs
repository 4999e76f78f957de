//! The event cache: Google's items as synchronised (single events, recurring masters and their
//! exceptions), and the occurrences derived from them over a rolling window. A sync is applied
//! as one transaction together with its new sync token, so a crash leaves either the old state
//! and token or the new ones — never a mix — and the next sync resumes from the token.

use crate::activity::insert_activity;
use crate::migrations::Step;
use crate::{ActivityRow, Store, StoreError};
use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
pub use rdv_core::conventions::BookingMarks;
use rdv_core::conventions::{EventKind, SpanIssue};
use rdv_core::recurrence::{self, SeriesStart};
use rusqlite::{Transaction, params};

pub(crate) const CREATE_TABLES: &str = "
CREATE TABLE events (
    calendar_id     TEXT NOT NULL REFERENCES calendars(id) ON DELETE CASCADE,
    id              TEXT NOT NULL,
    master_id       TEXT,
    original_start  TEXT,
    cancelled       INTEGER NOT NULL,
    etag            TEXT,
    summary         TEXT,
    start           TEXT NOT NULL,
    end             TEXT NOT NULL,
    time_zone       TEXT,
    recurrence      TEXT,
    transparent     INTEGER NOT NULL,
    kind            TEXT NOT NULL,
    appointment_type TEXT,
    source          TEXT,
    booked_at       TEXT,
    first_name      TEXT,
    last_name       TEXT,
    phone           TEXT,
    email           TEXT,
    created         TEXT,
    updated         TEXT,
    PRIMARY KEY (calendar_id, id)
) STRICT;
CREATE INDEX events_by_master ON events (calendar_id, master_id);

CREATE TABLE occurrences (
    calendar_id TEXT NOT NULL REFERENCES calendars(id) ON DELETE CASCADE,
    id          TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    start_utc   INTEGER NOT NULL,
    end_utc     INTEGER NOT NULL,
    all_day     INTEGER NOT NULL,
    PRIMARY KEY (calendar_id, id)
) STRICT;
CREATE INDEX occurrences_by_time ON occurrences (start_utc);
CREATE INDEX occurrences_by_event ON occurrences (calendar_id, event_id);
";

/// The event cache's migration steps (see migrations.rs): append new ones at the end. Step 5
/// also adds the booking-mark columns to `events`; it lives in activity.rs with the tables it
/// creates.
pub(crate) const MIGRATIONS: &[Step] = &[Step {
    version: 3,
    up: CREATE_TABLES,
}];

/// A point in time as Google gives it: an instant, or a date for all-day events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Moment {
    /// A timed instant.
    At(DateTime<Utc>),
    /// An all-day date (end dates are exclusive).
    Day(NaiveDate),
}

impl Moment {
    fn encode(self) -> String {
        match self {
            Self::At(t) => t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            Self::Day(d) => d.format("%Y-%m-%d").to_string(),
        }
    }

    /// Reads a stored value (RFC 3339, or `YYYY-MM-DD`).
    pub fn decode(s: &str) -> Option<Self> {
        if s.len() == 10 {
            NaiveDate::parse_from_str(s, "%Y-%m-%d").ok().map(Self::Day)
        } else {
            DateTime::parse_from_rfc3339(s)
                .ok()
                .map(|t| Self::At(t.with_timezone(&Utc)))
        }
    }

    /// The instant it starts at (all-day: midnight UTC of the date).
    pub fn utc(self) -> DateTime<Utc> {
        match self {
            Self::At(t) => t,
            Self::Day(d) => Utc.from_utc_datetime(&d.and_hms_opt(0, 0, 0).expect("midnight")),
        }
    }

    /// What is wrong with an event from `self` to `end` (an end not after the start), if anything.
    pub fn span_issue(self, end: Moment) -> Option<SpanIssue> {
        SpanIssue::of(self.utc(), end.utc())
    }
}

/// One synchronised item (not cancelled).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRecord {
    /// Event id (an instance id for exceptions).
    pub id: String,
    /// `recurringEventId`: the master of an exception.
    pub master_id: Option<String>,
    /// `originalStartTime` of an exception.
    pub original_start: Option<Moment>,
    /// Google's etag.
    pub etag: Option<String>,
    /// Title.
    pub summary: Option<String>,
    /// Start.
    pub start: Moment,
    /// End (exclusive).
    pub end: Moment,
    /// `start.timeZone` (required by Google on recurring masters).
    pub time_zone: Option<String>,
    /// RFC 5545 lines of a recurring master; empty otherwise.
    pub recurrence: Vec<String>,
    /// `transparency: transparent` (does not block time).
    pub transparent: bool,
    /// What it is.
    pub kind: EventKind,
    /// `rdv.type`.
    pub appointment_type: Option<String>,
    /// `rdv.source`.
    pub source: Option<String>,
    /// `rdv.bookedAt`.
    pub booked_at: Option<String>,
    /// Patient first name (bookings).
    pub first_name: Option<String>,
    /// Patient last name (bookings).
    pub last_name: Option<String>,
    /// Patient phone (bookings).
    pub phone: Option<String>,
    /// Patient email (bookings).
    pub email: Option<String>,
    /// `created`.
    pub created: Option<String>,
    /// `updated`.
    pub updated: Option<String>,
    /// Attendance, internal note, last edit's author (bookings).
    pub marks: BookingMarks,
}

impl EventRecord {
    /// What is wrong with its times as Google holds them (an end not after the start). Such an
    /// item is stored as it is and its occurrences are drawn at their start with no length.
    pub fn span_issue(&self) -> Option<SpanIssue> {
        self.start.span_issue(self.end)
    }
}

/// One item of a sync delta.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Created or changed.
    Upsert(Box<EventRecord>),
    /// Deleted (`status: cancelled`). For an instance of a series, `master_id` and
    /// `original_start` say which occurrence — from the item, or parsed from its id.
    Cancel {
        /// The cancelled item's id.
        id: String,
        /// The series, for a cancelled occurrence.
        master_id: Option<String>,
        /// Which occurrence of the series.
        original_start: Option<Moment>,
    },
}

/// What one sync of one calendar brought.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncBatch {
    /// The calendar.
    pub calendar_id: String,
    /// A full sync: replaces everything cached for the calendar.
    pub full: bool,
    /// The items, in Google's order.
    pub changes: Vec<Change>,
    /// The token to use next time.
    pub next_sync_token: String,
}

/// The span over which recurring series are expanded into occurrences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Inclusive start.
    pub from: DateTime<Utc>,
    /// Exclusive end.
    pub to: DateTime<Utc>,
}

impl Window {
    /// The rolling window around `now`: 31 days back (recent history and retention checks),
    /// 366 days ahead (the booking horizon).
    pub fn around(now: DateTime<Utc>) -> Self {
        Self {
            from: now - Duration::days(31),
            to: now + Duration::days(366),
        }
    }
}

/// How many occurrences one series may produce in a window (a daily series over a year is 366).
const MAX_OCCURRENCES: u16 = 2000;

/// The suffix Google gives instance ids: `_20261123T080000Z`, or `_20261224` for all-day.
pub fn instance_suffix(original_start: Moment) -> String {
    match original_start {
        Moment::At(t) => t.format("_%Y%m%dT%H%M%SZ").to_string(),
        Moment::Day(d) => d.format("_%Y%m%d").to_string(),
    }
}

/// Splits an instance id `<master>_<YYYYMMDDTHHMMSSZ>` (or `_<YYYYMMDD>`) into its master id and
/// original start; `None` for an id that is not an instance id.
pub fn parse_instance_id(id: &str) -> Option<(String, Moment)> {
    let (master, suffix) = id.rsplit_once('_')?;
    if master.is_empty() {
        return None;
    }
    if suffix.len() == 16 && suffix.ends_with('Z') {
        let t = chrono::NaiveDateTime::parse_from_str(&suffix[..15], "%Y%m%dT%H%M%S").ok()?;
        Some((master.to_owned(), Moment::At(Utc.from_utc_datetime(&t))))
    } else if suffix.len() == 8 {
        let d = NaiveDate::parse_from_str(suffix, "%Y%m%d").ok()?;
        Some((master.to_owned(), Moment::Day(d)))
    } else {
        None
    }
}

impl Store {
    /// Applies one sync of one calendar, its occurrences and its new sync token, atomically.
    pub fn apply_sync(&self, batch: &SyncBatch, window: Window) -> Result<SyncApplied, StoreError> {
        self.apply_sync_logged(batch, window, &[])
    }

    /// [`Store::apply_sync`] with the activity entries the batch brings (bookings cancelled or
    /// moved by others) in the same transaction: a failed apply or a crash logs nothing, and the
    /// next sync, seeing the same changes again, logs them once.
    pub fn apply_sync_logged(
        &self,
        batch: &SyncBatch,
        window: Window,
        activity: &[ActivityRow],
    ) -> Result<SyncApplied, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        for entry in activity {
            insert_activity(&tx, entry)?;
        }
        let mut applied = SyncApplied::default();
        if batch.full {
            tx.prepare_cached("DELETE FROM events WHERE calendar_id = ?1")?
                .execute([&batch.calendar_id])?;
            tx.prepare_cached("DELETE FROM occurrences WHERE calendar_id = ?1")?
                .execute([&batch.calendar_id])?;
        }
        let mut touched: Vec<String> = Vec::new();
        for change in &batch.changes {
            match change {
                Change::Upsert(e) => {
                    let e = e.as_ref();
                    upsert(&tx, &batch.calendar_id, e)?;
                    applied.upserted += 1;
                    touched.push(e.master_id.clone().unwrap_or_else(|| e.id.clone()));
                }
                Change::Cancel {
                    id,
                    master_id,
                    original_start,
                } => {
                    applied.cancelled += 1;
                    let parsed = parse_instance_id(id);
                    let master = master_id
                        .clone()
                        .or_else(|| parsed.as_ref().map(|p| p.0.clone()));
                    let original = original_start.or_else(|| parsed.map(|p| p.1));
                    let removed = tx.prepare_cached("DELETE FROM events WHERE calendar_id = ?1 AND (id = ?2 OR master_id = ?2)")?.execute(params![batch.calendar_id, id])?;
                    tx.prepare_cached(
                        "DELETE FROM occurrences WHERE calendar_id = ?1 AND event_id = ?2",
                    )?
                    .execute(params![batch.calendar_id, id])?;
                    if let (Some(master), Some(original)) = (master, original) {
                        // A cancelled occurrence of a live series: remember it so the series'
                        // expansion skips it (Google adds no EXDATE).
                        record_cancelled_instance(&tx, &batch.calendar_id, id, &master, original)?;
                        touched.push(master);
                    } else if removed == 0 {
                        applied.unknown_cancellations += 1;
                    }
                }
            }
        }
        // Occurrences of items that are gone (e.g. the exceptions of a deleted series).
        tx.prepare_cached(
            "DELETE FROM occurrences WHERE calendar_id = ?1 AND event_id NOT IN
               (SELECT id FROM events WHERE calendar_id = ?1 AND cancelled = 0)",
        )?
        .execute([&batch.calendar_id])?;
        // One budget for the batch's series together: invited over-budget series must not each
        // walk the full per-series budget at every sync.
        let mut budget = recurrence::PassBudget::new();
        if batch.full {
            expand_calendar(&tx, &batch.calendar_id, window, &mut budget)?;
        } else {
            touched.sort();
            touched.dedup();
            for series in &touched {
                expand_series(&tx, &batch.calendar_id, series, window, &mut budget)?;
            }
        }
        applied.instances_walked = budget.walked();
        tx.prepare_cached("UPDATE calendars SET sync_token = ?2 WHERE id = ?1")?
            .execute(params![batch.calendar_id, batch.next_sync_token])?;
        tx.commit()?;
        Ok(applied)
    }

    /// Re-expands every series of every calendar over `window` (when the day rolls over), within
    /// one [`recurrence::PassBudget`] for them all.
    pub fn refresh_occurrences(&self, window: Window) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let ids: Vec<String> = tx
            .prepare("SELECT id FROM calendars")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut budget = recurrence::PassBudget::new();
        for id in ids {
            expand_calendar(&tx, &id, window, &mut budget)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// How many items are cached for a calendar (tests, diagnostics).
    pub fn event_count(&self, calendar_id: &str) -> Result<i64, StoreError> {
        Ok(self.conn().query_row(
            "SELECT COUNT(*) FROM events WHERE calendar_id = ?1 AND cancelled = 0",
            [calendar_id],
            |r| r.get(0),
        )?)
    }
}

/// Counts of what a sync changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncApplied {
    /// Items created or updated.
    pub upserted: u64,
    /// Items removed.
    pub cancelled: u64,
    /// Cancellations of items we never had (normal after a windowed full sync).
    pub unknown_cancellations: u64,
    /// Recurrence instances walked to expand the batch's series, all together (bounded by
    /// [`recurrence::PassBudget`]).
    pub instances_walked: u64,
}

fn upsert(tx: &Transaction<'_>, calendar_id: &str, e: &EventRecord) -> Result<(), StoreError> {
    let recurrence = if e.recurrence.is_empty() {
        None
    } else {
        Some(e.recurrence.join("\n"))
    };
    tx.prepare_cached(
        "INSERT INTO events (calendar_id, id, master_id, original_start, cancelled, etag, summary,
            start, end, time_zone, recurrence, transparent, kind, appointment_type, source,
            booked_at, first_name, last_name, phone, email, created, updated, attendance, note,
            actor, action, action_at)
         VALUES (?1, ?2, ?3, ?4, 0, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
            ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26)
         ON CONFLICT (calendar_id, id) DO UPDATE SET master_id = excluded.master_id,
            original_start = excluded.original_start, cancelled = 0, etag = excluded.etag,
            summary = excluded.summary, start = excluded.start, end = excluded.end,
            time_zone = excluded.time_zone, recurrence = excluded.recurrence,
            transparent = excluded.transparent, kind = excluded.kind,
            appointment_type = excluded.appointment_type, source = excluded.source,
            booked_at = excluded.booked_at, first_name = excluded.first_name,
            last_name = excluded.last_name, phone = excluded.phone, email = excluded.email,
            created = excluded.created, updated = excluded.updated,
            attendance = excluded.attendance, note = excluded.note, actor = excluded.actor,
            action = excluded.action, action_at = excluded.action_at",
    )?
    .execute(params![
        calendar_id,
        e.id,
        e.master_id,
        e.original_start.map(Moment::encode),
        e.etag,
        e.summary,
        e.start.encode(),
        e.end.encode(),
        e.time_zone,
        recurrence,
        e.transparent,
        e.kind.as_str(),
        e.appointment_type,
        e.source,
        e.booked_at,
        e.first_name,
        e.last_name,
        e.phone,
        e.email,
        e.created,
        e.updated,
        e.marks.attendance,
        e.marks.note,
        e.marks.actor,
        e.marks.action,
        e.marks.action_at,
    ])?;
    Ok(())
}

fn record_cancelled_instance(
    tx: &Transaction<'_>,
    calendar_id: &str,
    id: &str,
    master: &str,
    original: Moment,
) -> Result<(), StoreError> {
    tx.prepare_cached(
        "INSERT INTO events (calendar_id, id, master_id, original_start, cancelled, start, end,
            transparent, kind)
         VALUES (?1, ?2, ?3, ?4, 1, ?4, ?4, 1, 'other')
         ON CONFLICT (calendar_id, id) DO UPDATE SET cancelled = 1, master_id = excluded.master_id,
            original_start = excluded.original_start",
    )?
    .execute(params![calendar_id, id, master, original.encode()])?;
    Ok(())
}

fn expand_calendar(
    tx: &Transaction<'_>,
    calendar_id: &str,
    window: Window,
    budget: &mut recurrence::PassBudget,
) -> Result<(), StoreError> {
    tx.prepare_cached("DELETE FROM occurrences WHERE calendar_id = ?1")?
        .execute([calendar_id])?;
    let roots: Vec<String> = tx
        .prepare_cached(
            "SELECT id FROM events WHERE calendar_id = ?1 AND master_id IS NULL AND cancelled = 0",
        )?
        .query_map([calendar_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for id in roots {
        expand_series(tx, calendar_id, &id, window, budget)?;
    }
    // Exceptions whose master we do not have (outside the synced window) still show.
    let orphans: Vec<String> = tx
        .prepare_cached(
            "SELECT e.id FROM events e WHERE e.calendar_id = ?1 AND e.master_id IS NOT NULL
             AND e.cancelled = 0 AND NOT EXISTS (SELECT 1 FROM events m
               WHERE m.calendar_id = e.calendar_id AND m.id = e.master_id)",
        )?
        .query_map([calendar_id], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for id in orphans {
        insert_single(tx, calendar_id, &id)?;
    }
    Ok(())
}

struct Root {
    start: Moment,
    end: Moment,
    time_zone: Option<String>,
    recurrence: Option<String>,
}

/// Rebuilds the occurrences of one root event (single or recurring master) and its exceptions,
/// its expansion charged to the pass's `budget`.
fn expand_series(
    tx: &Transaction<'_>,
    calendar_id: &str,
    id: &str,
    window: Window,
    budget: &mut recurrence::PassBudget,
) -> Result<(), StoreError> {
    // Two statements, not one with `OR`: each uses an index (an `OR` across them scans the whole
    // table for every series, which made a 10,000-event full sync quadratic).
    tx.prepare_cached("DELETE FROM occurrences WHERE calendar_id = ?1 AND event_id = ?2")?
        .execute(params![calendar_id, id])?;
    tx.prepare_cached(
        "DELETE FROM occurrences WHERE calendar_id = ?1 AND event_id IN
           (SELECT id FROM events WHERE calendar_id = ?1 AND master_id = ?2)",
    )?
    .execute(params![calendar_id, id])?;
    let root: Option<Root> = tx
        .query_row(
            "SELECT start, end, time_zone, recurrence FROM events
             WHERE calendar_id = ?1 AND id = ?2 AND cancelled = 0",
            params![calendar_id, id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get(2)?,
                    r.get(3)?,
                ))
            },
        )
        .map(|(s, e, tz, rec)| {
            Moment::decode(&s)
                .zip(Moment::decode(&e))
                .map(|(start, end)| Root {
                    start,
                    end,
                    time_zone: tz,
                    recurrence: rec,
                })
        })
        .or_else(|e| {
            if e == rusqlite::Error::QueryReturnedNoRows {
                Ok(None)
            } else {
                Err(e)
            }
        })?;
    // Exceptions (modified occurrences) are occurrences of their own.
    let exceptions: Vec<(String, Option<String>, bool)> = tx
        .prepare_cached("SELECT id, original_start, cancelled FROM events WHERE calendar_id = ?1 AND master_id = ?2")?
        .query_map(params![calendar_id, id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    for (exception_id, _, cancelled) in &exceptions {
        if !cancelled {
            insert_single(tx, calendar_id, exception_id)?;
        }
    }
    let Some(root) = root else { return Ok(()) };
    let Some(rules) = root.recurrence.filter(|r| !r.trim().is_empty()) else {
        return insert_single(tx, calendar_id, id);
    };
    let lines: Vec<String> = rules.lines().map(str::to_owned).collect();
    let skip: Vec<String> = exceptions
        .iter()
        .filter_map(|(_, o, _)| o.clone())
        .collect();
    let (start, zone) = series_start(root.start, root.time_zone.as_deref());
    // An end not after the start (kept as Google holds it) gives occurrences with no length.
    let length = (root.end.utc() - root.start.utc()).max(Duration::zero());
    let starts = match recurrence::occurrences_within(
        start,
        &zone,
        &lines,
        (window.from - length, window.to),
        MAX_OCCURRENCES,
        budget,
    ) {
        Ok(s) => s,
        Err(e) => {
            // A rule we cannot read must not hide the event: show its first occurrence.
            tracing::warn!(error = %e, "cannot expand a recurring event; showing its first occurrence");
            return insert_single(tx, calendar_id, id);
        }
    };
    let mut insert = tx.prepare_cached(
        "INSERT OR REPLACE INTO occurrences (calendar_id, id, event_id, start_utc, end_utc, all_day)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for s in starts {
        let original = match root.start {
            Moment::At(_) => Moment::At(s),
            Moment::Day(_) => Moment::Day(s.date_naive()),
        };
        if skip.contains(&original.encode()) {
            continue;
        }
        let occurrence_id = format!("{id}{}", instance_suffix(original));
        insert.execute(params![
            calendar_id,
            occurrence_id,
            id,
            s.timestamp(),
            (s + length).timestamp(),
            matches!(root.start, Moment::Day(_)),
        ])?;
    }
    Ok(())
}

/// A series' start as [`recurrence`] reads it, with its zone: a timed start in the event's
/// time zone (UTC when it has none or an unknown one), an all-day start in UTC.
pub(crate) fn series_start(start: Moment, time_zone: Option<&str>) -> (SeriesStart, String) {
    match start {
        Moment::At(t) => {
            let zone = time_zone.unwrap_or("UTC").to_owned();
            let tz: chrono_tz::Tz = zone.parse().unwrap_or(chrono_tz::UTC);
            (SeriesStart::Timed(t.with_timezone(&tz).naive_local()), zone)
        }
        Moment::Day(d) => (SeriesStart::AllDay(d), "UTC".into()),
    }
}

fn insert_single(tx: &Transaction<'_>, calendar_id: &str, id: &str) -> Result<(), StoreError> {
    let (start, end): (String, String) = tx
        .prepare_cached("SELECT start, end FROM events WHERE calendar_id = ?1 AND id = ?2")?
        .query_row(params![calendar_id, id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let (Some(start), Some(end)) = (Moment::decode(&start), Moment::decode(&end)) else {
        return Err(StoreError::Corrupt {
            key: format!("event {id}"),
            reason: "bad start or end".into(),
        });
    };
    // An end before the start (kept as Google holds it) is drawn at the start, with no length.
    let end = end.utc().max(start.utc());
    tx.prepare_cached("INSERT OR REPLACE INTO occurrences (calendar_id, id, event_id, start_utc, end_utc, all_day)
         VALUES (?1, ?2, ?2, ?3, ?4, ?5)")?.execute(params![calendar_id, id, start.utc().timestamp(), end.timestamp(), matches!(start, Moment::Day(_))])?;
    Ok(())
}
