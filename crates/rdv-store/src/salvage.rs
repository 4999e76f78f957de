//! Reading what can be saved from a database file the app could not open (damaged, or written by
//! a newer version), before it is moved aside for a rebuild: its schema version, its settings and
//! its outbox (the edits not yet sent to Google, which exist nowhere else). Everything here opens
//! the file **read-only** and never migrates, repairs or writes it.

use crate::activity::{OUTBOX_COLUMNS, outbox_row};
use crate::{CalendarRow, OutboxRow, OutboxState, Store, StoreError};
use rusqlite::{Connection, OpenFlags, OptionalExtension, params};
use std::path::Path;

/// What could be read from a file that cannot be opened normally.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Salvage {
    /// Every setting (key, value) the file holds.
    pub settings: Vec<(String, String)>,
    /// Its outbox, oldest first, each with the start of its event when the file still caches it
    /// (what the outbox screen shows).
    pub outbox: Vec<(OutboxRow, Option<String>)>,
    /// The availability drafts with changes not yet published (calendar id, configuration JSON,
    /// when saved): a published configuration comes back from Google, a draft does not. Empty
    /// when that table cannot be read (the rest is still saved).
    pub availability_drafts: Vec<(String, String, String)>,
    /// The calendars as the user left them (shown or not) with what counts as an appointment on
    /// each (`appointments`, the policy's stored name). Empty when that table cannot be read.
    pub calendars: Vec<(CalendarRow, String)>,
    /// The erasure requests not finished yet (a part still to do in Google or on the site),
    /// with their parts: a rebuild must resume them. Empty when those tables cannot be read.
    pub erasures: Vec<SalvagedErasure>,
}

/// An unfinished erasure request read from another file, as recorded (same id).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct SalvagedErasure {
    /// Its id.
    pub id: i64,
    /// When it was asked (RFC 3339).
    pub requested_at: String,
    /// The person's email.
    pub email: Option<String>,
    /// The person's phone.
    pub phone: Option<String>,
    /// Its parts, in order.
    pub parts: Vec<SalvagedErasurePart>,
}

/// A part of a [`SalvagedErasure`], as recorded (the columns of `erasure_parts`, and the items
/// it found).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SalvagedErasurePart {
    /// Its number in the erasure.
    pub part: i64,
    /// Where it acts (stored name).
    pub kind: String,
    /// The calendar id or site URL.
    pub target: String,
    /// What the report calls it.
    pub label: String,
    /// Where it stands (stored name).
    pub state: String,
    /// Why it is skipped, or its last error.
    pub reason: Option<String>,
    /// When it was done.
    pub done_at: Option<String>,
    /// The items it found.
    pub found: Vec<String>,
}

/// Never the person's email or phone.
impl std::fmt::Debug for SalvagedErasure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SalvagedErasure")
            .field("id", &self.id)
            .field("requested_at", &self.requested_at)
            .field("parts", &self.parts.len())
            .finish_non_exhaustive()
    }
}

/// Opens `path` read-only (nothing created, nothing migrated). `key`, when given, is handed to
/// SQLite as `PRAGMA key` before anything is read (an encrypted file; plain SQLite ignores it).
fn open_read_only(path: &Path, key: Option<&str>) -> Result<Connection, StoreError> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|source| StoreError::Open {
        path: path.to_owned(),
        source,
    })?;
    if let Some(key) = key {
        conn.pragma_update(None, "key", key)?;
    }
    conn.busy_timeout(std::time::Duration::from_secs(2))?;
    Ok(conn)
}

/// The schema version (`user_version`) of the database file at `path`, read without migrating
/// anything; `None` when there is no file. A damaged file answers with SQLite's error (`NOTADB`,
/// `CORRUPT`), which says why it cannot be opened.
pub fn file_schema_version(path: &Path, key: Option<&str>) -> Result<Option<i64>, StoreError> {
    if !path.exists() {
        return Ok(None);
    }
    let conn = open_read_only(path, key)?;
    Ok(Some(conn.pragma_query_value(
        None,
        "user_version",
        |row| row.get(0),
    )?))
}

/// Reads the settings and the outbox of the file at `path`, read-only. Fails when the file (or
/// either table) cannot be read at all; the caller then says so and keeps the file aside.
pub fn read_salvage(path: &Path, key: Option<&str>) -> Result<Salvage, StoreError> {
    let conn = open_read_only(path, key)?;
    let settings = {
        let mut stmt = conn.prepare("SELECT key, value FROM settings ORDER BY key")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<Result<Vec<_>, _>>()?
    };
    let rows: Vec<OutboxRow> = {
        let mut stmt =
            conn.prepare(&format!("SELECT {OUTBOX_COLUMNS} FROM outbox ORDER BY seq"))?;
        let rows = stmt.query_map([], outbox_row)?;
        rows.collect::<Result<_, _>>()?
    };
    let mut outbox = Vec::with_capacity(rows.len());
    for row in rows {
        // The start is only shown: a damaged events table must not cost the edit itself.
        let start = conn
            .query_row(
                "SELECT start FROM events WHERE calendar_id = ?1 AND id = ?2 AND cancelled = 0",
                params![row.calendar_id, row.event_id],
                |r| r.get::<_, String>(0),
            )
            .optional()
            .ok()
            .flatten();
        outbox.push((row, start));
    }
    let availability_drafts = read_drafts(&conn).unwrap_or_else(|e| {
        tracing::warn!(error = %e, "the old file's availability drafts cannot be read");
        Vec::new()
    });
    let calendars = read_calendars(&conn).unwrap_or_else(|e| {
        tracing::warn!(error = %e, "the old file's calendars cannot be read");
        Vec::new()
    });
    let erasures = read_erasures(&conn).unwrap_or_else(|e| {
        tracing::warn!(error = %e, "the old file's erasure requests cannot be read");
        Vec::new()
    });
    Ok(Salvage {
        settings,
        outbox,
        availability_drafts,
        calendars,
        erasures,
    })
}

/// The erasures not finished, with their parts and what each found.
fn read_erasures(conn: &Connection) -> Result<Vec<SalvagedErasure>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, requested_at, email, phone FROM erasures WHERE finished_at IS NULL ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(SalvagedErasure {
            id: r.get(0)?,
            requested_at: r.get(1)?,
            email: r.get(2)?,
            phone: r.get(3)?,
            parts: Vec::new(),
        })
    })?;
    let mut erasures: Vec<SalvagedErasure> = rows.collect::<Result<_, _>>()?;
    let mut parts = conn.prepare(
        "SELECT part, kind, target, label, state, reason, done_at FROM erasure_parts
         WHERE erasure_id = ?1 ORDER BY part",
    )?;
    let mut found = conn.prepare(
        "SELECT item FROM erasure_found WHERE erasure_id = ?1 AND part = ?2 ORDER BY item",
    )?;
    for erasure in &mut erasures {
        let rows = parts.query_map([erasure.id], |r| {
            Ok(SalvagedErasurePart {
                part: r.get(0)?,
                kind: r.get(1)?,
                target: r.get(2)?,
                label: r.get(3)?,
                state: r.get(4)?,
                reason: r.get(5)?,
                done_at: r.get(6)?,
                found: Vec::new(),
            })
        })?;
        erasure.parts = rows.collect::<Result<_, _>>()?;
        for part in &mut erasure.parts {
            let items = found.query_map(params![erasure.id, part.part], |r| r.get(0))?;
            part.found = items.collect::<Result<_, _>>()?;
        }
    }
    Ok(erasures)
}

/// The calendars and the user's choices on them.
fn read_calendars(conn: &Connection) -> Result<Vec<(CalendarRow, String)>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT id, summary, color, time_zone, access_role, is_primary, selected, appointments
         FROM calendars ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            CalendarRow {
                id: r.get(0)?,
                summary: r.get(1)?,
                color: r.get(2)?,
                time_zone: r.get(3)?,
                access_role: r.get(4)?,
                primary: r.get(5)?,
                selected: r.get(6)?,
            },
            r.get(7)?,
        ))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}

/// The availability drafts that differ from what was published.
fn read_drafts(conn: &Connection) -> Result<Vec<(String, String, String)>, StoreError> {
    let mut stmt = conn.prepare(
        "SELECT calendar_id, config, updated FROM availability
         WHERE published IS NULL OR published <> config ORDER BY calendar_id",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    Ok(rows.collect::<Result<_, _>>()?)
}

impl Store {
    /// Puts back an unfinished erasure read from another file, as it was (same id, parts,
    /// states, items found), in one transaction: the erasure screen and its retries resume it.
    pub fn erasure_restore(&self, erasure: &SalvagedErasure) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        tx.execute(
            "INSERT INTO erasures (id, requested_at, email, phone) VALUES (?1, ?2, ?3, ?4)",
            params![
                erasure.id,
                erasure.requested_at,
                erasure.email,
                erasure.phone
            ],
        )?;
        for p in &erasure.parts {
            tx.execute(
                "INSERT INTO erasure_parts
                    (erasure_id, part, kind, target, label, state, reason, done_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    erasure.id, p.part, p.kind, p.target, p.label, p.state, p.reason, p.done_at
                ],
            )?;
            for item in &p.found {
                tx.execute(
                    "INSERT INTO erasure_found (erasure_id, part, item) VALUES (?1, ?2, ?3)",
                    params![erasure.id, p.part, item],
                )?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Puts back a calendar read from another file with the user's choices on it (shown or not,
    /// `appointments` policy), without a sync token: the next sync reads it in full from Google
    /// and keeps those choices.
    pub fn calendar_restore(
        &self,
        row: &CalendarRow,
        appointments: &str,
    ) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO calendars
                (id, summary, color, time_zone, access_role, is_primary, selected, appointments)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                row.id,
                row.summary,
                row.color,
                row.time_zone,
                row.access_role,
                row.primary,
                row.selected,
                appointments
            ],
        )?;
        Ok(())
    }

    /// Puts an edit read from another file back in this store's outbox, as it was: the same
    /// operation id (so Google recognises a replay), base ETag, creation time, state and reason.
    /// Its place in line is after what is already queued. Returns the new row.
    pub fn outbox_restore(&self, row: &OutboxRow) -> Result<OutboxRow, StoreError> {
        let restored = self.outbox_push(
            &row.op_id,
            &row.calendar_id,
            &row.event_id,
            &row.action,
            &row.payload,
            row.base_etag.as_deref(),
            &row.created,
        )?;
        match (row.state, row.error.as_deref()) {
            (OutboxState::Failed, error) => self.outbox_fail(restored.seq, error.unwrap_or(""))?,
            (OutboxState::Pending, Some(reason)) => self.outbox_note(restored.seq, Some(reason))?,
            (OutboxState::Pending, None) => {}
        }
        Ok(self.outbox_item(restored.seq)?.unwrap_or(restored))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DATABASE_FILE, LATEST_VERSION};

    fn queued(store: &Store, op: &str) -> OutboxRow {
        store
            .outbox_push(
                op,
                "cal",
                "ev1",
                "cancel",
                "{}",
                Some("\"e1\""),
                "2026-03-02T09:00:00Z",
            )
            .unwrap()
    }

    #[test]
    fn a_readable_file_gives_its_settings_and_outbox_without_being_changed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DATABASE_FILE);
        let store = Store::open(&path).unwrap();
        store.set_setting("account.email", "a@example.org").unwrap();
        queued(&store, "op1");
        let failed = queued(&store, "op2");
        store.outbox_fail(failed.seq, "refusé").unwrap();
        store
            .save_availability("cal", "{\"draft\":1}", "2026-03-01T08:00:00Z")
            .unwrap();
        store
            .save_availability("cal2", "{\"same\":1}", "2026-03-01T08:00:00Z")
            .unwrap();
        store
            .mark_availability_published(
                "cal2",
                &crate::PublishedRow {
                    config: "{\"same\":1}",
                    at: "2026-03-01T08:10:00Z",
                    window_from: "2026-03-01",
                    etag: None,
                },
            )
            .unwrap();
        drop(store);
        let before = std::fs::read(&path).unwrap();

        let salvage = read_salvage(&path, None).unwrap();
        assert_eq!(
            salvage.settings,
            vec![("account.email".to_owned(), "a@example.org".to_owned())]
        );
        let ops: Vec<_> = salvage
            .outbox
            .iter()
            .map(|(r, _)| r.op_id.as_str())
            .collect();
        assert_eq!(ops, ["op1", "op2"]);
        assert_eq!(salvage.outbox[1].0.state, OutboxState::Failed);
        assert_eq!(
            salvage.availability_drafts,
            vec![(
                "cal".to_owned(),
                "{\"draft\":1}".to_owned(),
                "2026-03-01T08:00:00Z".to_owned()
            )],
            "only the unpublished draft: Google gives back what was published"
        );
        assert_eq!(
            std::fs::read(&path).unwrap(),
            before,
            "read-only: the file is unchanged"
        );
        assert_eq!(
            file_schema_version(&path, None).unwrap(),
            Some(LATEST_VERSION)
        );
    }

    #[test]
    fn a_garbage_file_is_not_a_database_and_no_file_has_no_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DATABASE_FILE);
        assert_eq!(file_schema_version(&path, None).unwrap(), None);
        std::fs::write(&path, vec![0x5a_u8; 8192]).unwrap();
        let err = read_salvage(&path, None).unwrap_err();
        assert!(
            matches!(&err, StoreError::Sqlite(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase)),
            "{err:?}"
        );
        assert!(file_schema_version(&path, None).is_err());
    }

    #[test]
    fn a_restored_edit_keeps_its_operation_id_state_and_reason() {
        let old = Store::open_in_memory().unwrap();
        let pending = queued(&old, "op1");
        let failed = queued(&old, "op2");
        old.outbox_fail(failed.seq, "conflit").unwrap();
        let new = Store::open_in_memory().unwrap();
        for row in old.outbox().unwrap() {
            new.outbox_restore(&row).unwrap();
        }
        let restored = new.outbox().unwrap();
        assert_eq!(restored.len(), 2);
        assert_eq!(restored[0].op_id, pending.op_id);
        assert_eq!(restored[0].state, OutboxState::Pending);
        assert_eq!(restored[0].base_etag.as_deref(), Some("\"e1\""));
        assert_eq!(restored[0].created, "2026-03-02T09:00:00Z");
        assert_eq!(restored[1].state, OutboxState::Failed);
        assert_eq!(restored[1].error.as_deref(), Some("conflit"));
    }
}
