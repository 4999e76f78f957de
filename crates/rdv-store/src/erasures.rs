//! Erasure requests (PRODUCT.md art. 8.2) as a pending record: written before anything is
//! erased, with one part per place the person's data may be (each writable Google calendar, the
//! booking site, the local cache), each part recorded as done, skipped (with why) or still
//! pending (with the last error), and the items each part found. A crash or an error leaves the
//! record pending; the app resumes it, and the counts stay exact because what a part found is
//! recorded before it is changed. The person's email and phone are kept only while the erasure
//! is pending: finishing it clears them.

use crate::migrations::Step;
use crate::{Store, StoreError};
use rdv_core::person::Person;
use rusqlite::{OptionalExtension, Transaction, params};

pub(crate) const CREATE_TABLES: &str = "
CREATE TABLE erasures (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    requested_at TEXT NOT NULL,
    email        TEXT,
    phone        TEXT,
    finished_at  TEXT
) STRICT;

CREATE TABLE erasure_parts (
    erasure_id INTEGER NOT NULL REFERENCES erasures (id) ON DELETE CASCADE,
    part       INTEGER NOT NULL,
    kind       TEXT NOT NULL,
    target     TEXT NOT NULL,
    label      TEXT NOT NULL,
    state      TEXT NOT NULL,
    reason     TEXT,
    done_at    TEXT,
    PRIMARY KEY (erasure_id, part)
) STRICT;

CREATE TABLE erasure_found (
    erasure_id INTEGER NOT NULL,
    part       INTEGER NOT NULL,
    item       TEXT NOT NULL,
    PRIMARY KEY (erasure_id, part, item),
    FOREIGN KEY (erasure_id, part) REFERENCES erasure_parts (erasure_id, part) ON DELETE CASCADE
) STRICT;
";

/// The erasure tables' migration steps (see migrations.rs): append new ones at the end.
pub(crate) const MIGRATIONS: &[Step] = &[Step {
    version: 9,
    up: CREATE_TABLES,
}];

/// Where a part of an erasure acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErasurePartKind {
    /// A Google calendar (`target` = its id).
    Calendar,
    /// The booking site (`target` = its URL).
    Site,
    /// The local cache.
    Cache,
}

impl ErasurePartKind {
    /// The stored name (`calendar`, `site`, `cache`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Calendar => "calendar",
            Self::Site => "site",
            Self::Cache => "cache",
        }
    }

    fn parse(s: &str) -> Self {
        match s {
            "calendar" => Self::Calendar,
            "site" => Self::Site,
            _ => Self::Cache,
        }
    }
}

/// Where a part stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErasurePartState {
    /// Not done yet (never tried, or the last try failed: see its reason); resumed later.
    Pending,
    /// Done: everything it found was erased.
    Done,
    /// Cannot be done from this app (no right to change that calendar, the calendar or the site
    /// is gone); not retried, and the report says why.
    Skipped,
}

impl ErasurePartState {
    /// The stored name (`pending`, `done`, `skipped`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Done => "done",
            Self::Skipped => "skipped",
        }
    }

    fn parse(s: &str) -> Self {
        match s {
            "done" => Self::Done,
            "skipped" => Self::Skipped,
            _ => Self::Pending,
        }
    }
}

/// A part of a new erasure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewErasurePart {
    /// Where it acts.
    pub kind: ErasurePartKind,
    /// The calendar id or site URL (empty for the cache).
    pub target: String,
    /// What the report calls it (the calendar's name, the site's name).
    pub label: String,
    /// `Pending`, or `Skipped` when it is known from the start that it cannot be done.
    pub state: ErasurePartState,
    /// Why it is skipped.
    pub reason: Option<String>,
}

/// A part of an erasure, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErasurePartRow {
    /// Its number in the erasure (the order parts run in).
    pub part: i64,
    /// Where it acts.
    pub kind: ErasurePartKind,
    /// The calendar id or site URL (empty for the cache).
    pub target: String,
    /// What the report calls it.
    pub label: String,
    /// Where it stands.
    pub state: ErasurePartState,
    /// Why it is skipped, or the last error of a pending part.
    pub reason: Option<String>,
    /// When it was done (RFC 3339).
    pub done_at: Option<String>,
    /// How many items (events, site records, cached bookings) it found, over every try.
    pub found: u32,
}

/// An erasure request and its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErasureRow {
    /// Its id.
    pub id: i64,
    /// When it was asked (RFC 3339).
    pub requested_at: String,
    /// The person's email while pending (`None` once finished).
    pub email: Option<String>,
    /// The person's phone while pending (`None` once finished).
    pub phone: Option<String>,
    /// When every part was done or skipped (RFC 3339); `None` while pending.
    pub finished_at: Option<String>,
    /// Its parts, in order.
    pub parts: Vec<ErasurePartRow>,
}

impl ErasureRow {
    /// The person it is about, while pending.
    pub fn person(&self) -> Option<Person> {
        Person::new(self.email.as_deref(), self.phone.as_deref()).ok()
    }
}

fn add_found(
    tx: &rusqlite::Connection,
    id: i64,
    part: i64,
    items: &[String],
) -> rusqlite::Result<()> {
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO erasure_found (erasure_id, part, item) VALUES (?1, ?2, ?3)",
    )?;
    for item in items {
        insert.execute(params![id, part, item])?;
    }
    Ok(())
}

/// The cache's item name for a booking: `calendar id` + `/` + `event id` (event ids are
/// base32hex, without `/`).
/// A booking waiting in the outbox (made here, not yet in Google) that an erasure gives up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxWaiting {
    /// The outbox item.
    pub seq: i64,
    /// Its calendar.
    pub calendar_id: String,
    /// The event id it would be written with.
    pub event_id: String,
}

fn cache_item(calendar_id: &str, event_id: &str) -> String {
    format!("{calendar_id}/{event_id}")
}

impl Store {
    /// Records a new erasure, pending, with its parts — before anything is erased. The cache
    /// parts record at once the cached bookings of the person (so a sync that refreshes the
    /// cache before the part runs cannot make its count wrong). Returns its id.
    pub fn begin_erasure(
        &self,
        requested_at: &str,
        person: &Person,
        parts: &[NewErasurePart],
    ) -> Result<i64, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        tx.execute(
            "INSERT INTO erasures (requested_at, email, phone) VALUES (?1, ?2, ?3)",
            params![requested_at, person.email(), person.phone()],
        )?;
        let id = tx.last_insert_rowid();
        for (n, p) in (1_i64..).zip(parts) {
            tx.execute(
                "INSERT INTO erasure_parts (erasure_id, part, kind, target, label, state, reason)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![
                    id,
                    n,
                    p.kind.as_str(),
                    p.target,
                    p.label,
                    p.state.as_str(),
                    p.reason
                ],
            )?;
            if p.kind == ErasurePartKind::Cache {
                let items: Vec<String> = crate::retention::bookings_of(&tx, person)?
                    .iter()
                    .map(|b| cache_item(&b.calendar_id, &b.event_id))
                    .collect();
                add_found(&tx, id, n, &items)?;
            }
        }
        tx.commit()?;
        Ok(id)
    }

    /// The erasures not finished yet, oldest first.
    pub fn pending_erasures(&self) -> Result<Vec<i64>, StoreError> {
        let conn = self.conn();
        let mut stmt =
            conn.prepare("SELECT id FROM erasures WHERE finished_at IS NULL ORDER BY id")?;
        let ids = stmt.query_map([], |r| r.get(0))?;
        Ok(ids.collect::<Result<_, _>>()?)
    }

    /// The latest `limit` erasures' ids, newest first.
    pub fn recent_erasures(&self, limit: usize) -> Result<Vec<i64>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare("SELECT id FROM erasures ORDER BY id DESC LIMIT ?1")?;
        let ids = stmt.query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| r.get(0))?;
        Ok(ids.collect::<Result<_, _>>()?)
    }

    /// An erasure and its parts.
    pub fn erasure(&self, id: i64) -> Result<Option<ErasureRow>, StoreError> {
        let conn = self.conn();
        let Some(mut row) = conn
            .query_row(
                "SELECT id, requested_at, email, phone, finished_at FROM erasures WHERE id = ?1",
                [id],
                |r| {
                    Ok(ErasureRow {
                        id: r.get(0)?,
                        requested_at: r.get(1)?,
                        email: r.get(2)?,
                        phone: r.get(3)?,
                        finished_at: r.get(4)?,
                        parts: Vec::new(),
                    })
                },
            )
            .optional()?
        else {
            return Ok(None);
        };
        let mut stmt = conn.prepare(
            "SELECT p.part, p.kind, p.target, p.label, p.state, p.reason, p.done_at,
                (SELECT COUNT(*) FROM erasure_found f
                 WHERE f.erasure_id = p.erasure_id AND f.part = p.part)
             FROM erasure_parts p WHERE p.erasure_id = ?1 ORDER BY p.part",
        )?;
        let parts = stmt.query_map([id], |r| {
            Ok(ErasurePartRow {
                part: r.get(0)?,
                kind: ErasurePartKind::parse(&r.get::<_, String>(1)?),
                target: r.get(2)?,
                label: r.get(3)?,
                state: ErasurePartState::parse(&r.get::<_, String>(4)?),
                reason: r.get(5)?,
                done_at: r.get(6)?,
                found: r.get(7)?,
            })
        })?;
        row.parts = parts.collect::<Result<_, _>>()?;
        Ok(Some(row))
    }

    /// Records what a part found (event or record ids), before it changes anything. Items
    /// already recorded by an earlier try count once.
    pub fn erasure_found(&self, id: i64, part: i64, items: &[String]) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        add_found(&tx, id, part, items)?;
        tx.commit()?;
        Ok(())
    }

    /// Marks a part done, with the items its last step erased (added to what it found).
    pub fn erasure_part_done(
        &self,
        id: i64,
        part: i64,
        items: &[String],
        at: &str,
    ) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        add_found(&tx, id, part, items)?;
        set_state(&tx, id, part, ErasurePartState::Done, None, Some(at))?;
        tx.commit()?;
        Ok(())
    }

    /// Leaves a part pending with the error of this try, or skips it for good, with why.
    pub fn erasure_part_not_done(
        &self,
        id: i64,
        part: i64,
        state: ErasurePartState,
        reason: &str,
    ) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        set_state(&tx, id, part, state, Some(reason), None)?;
        tx.commit()?;
        Ok(())
    }

    /// The cache part: anonymises every cached booking of the person (and removes the
    /// free-text reasons of the activity log about them), gives up their bookings `waiting` in
    /// the outbox (made here, not yet in Google), records them all as found and the part as
    /// done — one transaction. Returns how many bookings it changed now.
    pub fn erase_cached_person(
        &self,
        id: i64,
        part: i64,
        person: &Person,
        waiting: &[OutboxWaiting],
        at: &str,
    ) -> Result<usize, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let held = crate::retention::bookings_of(&tx, person)?;
        let mut changed = 0;
        // The person's bookings made here and not yet written to Google: given up, so they are
        // never written with the person's data after the erasure.
        for w in waiting {
            changed += tx.execute("DELETE FROM outbox WHERE seq = ?1", [w.seq])?;
        }
        for b in &held {
            changed += tx.execute(
                &format!(
                    "{} WHERE calendar_id = ?1 AND id = ?2",
                    crate::retention::ANONYMISE
                ),
                params![b.calendar_id, b.event_id],
            )?;
            tx.execute(
                "UPDATE activity SET detail = json_remove(detail, '$.reason')
                 WHERE calendar_id = ?1 AND event_id = ?2 AND detail IS NOT NULL
                   AND json_valid(detail)",
                params![b.calendar_id, b.event_id],
            )?;
        }
        let items: Vec<String> = held
            .iter()
            .map(|b| cache_item(&b.calendar_id, &b.event_id))
            .chain(
                waiting
                    .iter()
                    .map(|w| cache_item(&w.calendar_id, &w.event_id)),
            )
            .collect();
        add_found(&tx, id, part, &items)?;
        set_state(&tx, id, part, ErasurePartState::Done, None, Some(at))?;
        tx.commit()?;
        crate::truncate_wal(&conn)?;
        Ok(changed)
    }

    /// Finishes an erasure whose parts are all done or skipped: forgets the person's email and
    /// phone and logs the count of cached bookings in the purge log — one transaction.
    pub fn finish_erasure(&self, id: i64, at: &str) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let pending: i64 = tx.query_row(
            "SELECT COUNT(*) FROM erasure_parts WHERE erasure_id = ?1 AND state = 'pending'",
            [id],
            |r| r.get(0),
        )?;
        if pending > 0 {
            return Err(StoreError::Invalid(format!(
                "erasure {id} still has {pending} pending part(s)"
            )));
        }
        let cached: i64 = tx.query_row(
            "SELECT COUNT(*) FROM erasure_found f JOIN erasure_parts p
               ON p.erasure_id = f.erasure_id AND p.part = f.part
             WHERE f.erasure_id = ?1 AND p.kind = 'cache'",
            [id],
            |r| r.get(0),
        )?;
        let changed = tx.execute(
            "UPDATE erasures SET finished_at = ?2, email = NULL, phone = NULL
             WHERE id = ?1 AND finished_at IS NULL",
            params![id, at],
        )?;
        if changed == 1 {
            tx.execute(
                "INSERT INTO purge_log (at, cutoff, kind, bookings) VALUES (?1, ?1, 'erasure', ?2)",
                params![at, cached],
            )?;
        }
        tx.commit()?;
        // The person's email and phone are gone from the table: and from the WAL too.
        crate::truncate_wal(&conn)?;
        Ok(())
    }
}

fn set_state(
    tx: &Transaction<'_>,
    id: i64,
    part: i64,
    state: ErasurePartState,
    reason: Option<&str>,
    done_at: Option<&str>,
) -> Result<(), StoreError> {
    let changed = tx.execute(
        "UPDATE erasure_parts SET state = ?3, reason = ?4, done_at = ?5
         WHERE erasure_id = ?1 AND part = ?2",
        params![id, part, state.as_str(), reason, done_at],
    )?;
    if changed == 0 {
        return Err(StoreError::Invalid(format!(
            "erasure {id} has no part {part}"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(kind: ErasurePartKind, target: &str) -> NewErasurePart {
        NewErasurePart {
            kind,
            target: target.into(),
            label: target.into(),
            state: ErasurePartState::Pending,
            reason: None,
        }
    }

    #[test]
    fn an_erasure_stays_pending_until_every_part_is_done_and_then_forgets_the_person() {
        let store = Store::open_in_memory().unwrap();
        let person = Person::new(Some("Jeanne.Martin@example.fr"), None).unwrap();
        let id = store
            .begin_erasure(
                "2026-11-26T08:00:00Z",
                &person,
                &[
                    part(ErasurePartKind::Calendar, "cal"),
                    part(ErasurePartKind::Cache, ""),
                ],
            )
            .unwrap();
        assert_eq!(store.pending_erasures().unwrap(), [id]);
        assert!(
            store.contains_text("jeanne.martin").unwrap(),
            "the person is kept while pending, to resume"
        );

        // A first try finds two events, then fails; a second finds one left and one new.
        store
            .erasure_found(id, 1, &["e1".into(), "e2".into()])
            .unwrap();
        store
            .erasure_part_not_done(id, 1, ErasurePartState::Pending, "hors ligne")
            .unwrap();
        assert!(
            store.finish_erasure(id, "2026-11-26T08:05:00Z").is_err(),
            "not finished while a part is pending"
        );
        store
            .erasure_found(id, 1, &["e2".into(), "e3".into()])
            .unwrap();
        store
            .erasure_part_done(id, 1, &[], "2026-11-26T08:06:00Z")
            .unwrap();
        assert_eq!(
            store
                .erase_cached_person(id, 2, &person, &[], "2026-11-26T08:06:00Z")
                .unwrap(),
            0,
            "nothing cached"
        );
        let row = store.erasure(id).unwrap().unwrap();
        assert_eq!(
            row.parts[0].found, 3,
            "each event counted once over the tries"
        );
        assert_eq!(row.parts[0].reason, None, "a done part has no error left");
        assert!(row.parts.iter().all(|p| p.state == ErasurePartState::Done));

        store.finish_erasure(id, "2026-11-26T08:06:00Z").unwrap();
        let row = store.erasure(id).unwrap().unwrap();
        assert_eq!(row.finished_at.as_deref(), Some("2026-11-26T08:06:00Z"));
        assert!(row.email.is_none() && row.person().is_none());
        assert!(
            !store.contains_text("jeanne").unwrap(),
            "the person is forgotten"
        );
        assert!(store.pending_erasures().unwrap().is_empty());
        assert_eq!(store.purge_log(5).unwrap()[0].kind, "erasure");
        store.finish_erasure(id, "2026-11-26T09:00:00Z").unwrap();
        assert_eq!(
            store.purge_log(5).unwrap().len(),
            1,
            "finishing twice logs once"
        );
    }
}
