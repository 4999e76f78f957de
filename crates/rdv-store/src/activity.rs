//! The outbox of booking edits waiting for Google (made offline, or not yet confirmed), applied
//! in order and exactly once, and the activity log: who moved, cancelled or marked what, when —
//! from this app or seen in Google by sync. Edits name the event, the log names the event and the
//! times; only a booking created in the app and not yet written (`create`) holds its patient's four
//! fields, in the event it queues, as the cache will once it is written.

use crate::migrations::Step;
use crate::{Store, StoreError};
use rusqlite::{OptionalExtension, params};

pub(crate) const CREATE_TABLES: &str = "
ALTER TABLE events ADD COLUMN attendance TEXT;
ALTER TABLE events ADD COLUMN note TEXT;
ALTER TABLE events ADD COLUMN actor TEXT;
ALTER TABLE events ADD COLUMN action TEXT;
ALTER TABLE events ADD COLUMN action_at TEXT;

CREATE TABLE outbox (
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    op_id       TEXT NOT NULL UNIQUE,
    calendar_id TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    action      TEXT NOT NULL,
    payload     TEXT NOT NULL,
    base_etag   TEXT,
    created     TEXT NOT NULL,
    state       TEXT NOT NULL,
    error       TEXT,
    attempts    INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE activity (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    origin      TEXT NOT NULL,
    calendar_id TEXT NOT NULL,
    event_id    TEXT NOT NULL,
    action      TEXT NOT NULL,
    detail      TEXT
) STRICT;
CREATE INDEX activity_by_time ON activity (at);
";

/// The outbox's and activity log's migration steps (see migrations.rs): append new ones at the
/// end. Step 5 also adds the booking-mark columns (attendance, note, last action) to `events`
/// (events.rs): it shipped as one step with these tables, and a shipped step is never split.
pub(crate) const MIGRATIONS: &[Step] = &[Step {
    version: 5,
    up: CREATE_TABLES,
}];

/// Where an outbox item stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutboxState {
    /// Waiting to be sent (offline, or next in line).
    Pending,
    /// Google refused it (a conflict, no right, the event is gone): the user decides.
    Failed,
}

impl OutboxState {
    fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Failed => "failed",
        }
    }

    fn parse(s: &str) -> Self {
        if s == "failed" {
            Self::Failed
        } else {
            Self::Pending
        }
    }
}

/// One edit waiting for Google.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRow {
    /// Order of the edits (applied ascending).
    pub seq: i64,
    /// The operation's id, written into the event (`rdv.op`) so a replay is recognised.
    pub op_id: String,
    /// The calendar.
    pub calendar_id: String,
    /// The event.
    pub event_id: String,
    /// `cancel`, `move`, `attendance`, `note`.
    pub action: String,
    /// The patch body (JSON) to send.
    pub payload: String,
    /// The event's etag the edit was made on (`If-Match`).
    pub base_etag: Option<String>,
    /// When it was made (RFC 3339).
    pub created: String,
    /// Pending or failed.
    pub state: OutboxState,
    /// Why it failed, for the user.
    pub error: Option<String>,
    /// How many times it was sent.
    pub attempts: i64,
}

/// One entry of the activity log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivityRow {
    /// Its id.
    pub id: i64,
    /// When (RFC 3339).
    pub at: String,
    /// Who: an account email, or `Google Agenda` for a change seen by sync with no author.
    pub actor: String,
    /// `app` (made here) or `google` (seen by sync).
    pub origin: String,
    /// The calendar.
    pub calendar_id: String,
    /// The event.
    pub event_id: String,
    /// `cancel`, `move`, `attendance`, `note`, `cancelled`, `moved`.
    pub action: String,
    /// JSON details (times, reason, attendance), no patient data.
    pub detail: Option<String>,
}

pub(crate) const OUTBOX_COLUMNS: &str = "seq, op_id, calendar_id, event_id, action, payload, base_etag, \
                              created, state, error, attempts";

pub(crate) fn outbox_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<OutboxRow> {
    Ok(OutboxRow {
        seq: r.get(0)?,
        op_id: r.get(1)?,
        calendar_id: r.get(2)?,
        event_id: r.get(3)?,
        action: r.get(4)?,
        payload: r.get(5)?,
        base_etag: r.get(6)?,
        created: r.get(7)?,
        state: OutboxState::parse(&r.get::<_, String>(8)?),
        error: r.get(9)?,
        attempts: r.get(10)?,
    })
}

impl Store {
    /// Queues an edit (state pending) and returns it with its sequence number.
    #[allow(
        clippy::too_many_arguments,
        reason = "one column each, named at the call"
    )]
    pub fn outbox_push(
        &self,
        op_id: &str,
        calendar_id: &str,
        event_id: &str,
        action: &str,
        payload: &str,
        base_etag: Option<&str>,
        created: &str,
    ) -> Result<OutboxRow, StoreError> {
        let conn = self.conn();
        conn.execute(
            "INSERT INTO outbox (op_id, calendar_id, event_id, action, payload, base_etag, created,
                state) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pending')",
            params![
                op_id,
                calendar_id,
                event_id,
                action,
                payload,
                base_etag,
                created
            ],
        )?;
        let seq = conn.last_insert_rowid();
        Ok(conn.query_row(
            &format!("SELECT {OUTBOX_COLUMNS} FROM outbox WHERE seq = ?1"),
            [seq],
            outbox_row,
        )?)
    }

    /// Every queued edit, oldest first.
    pub fn outbox(&self) -> Result<Vec<OutboxRow>, StoreError> {
        let conn = self.conn();
        let mut stmt =
            conn.prepare(&format!("SELECT {OUTBOX_COLUMNS} FROM outbox ORDER BY seq"))?;
        let rows = stmt.query_map([], outbox_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One queued edit.
    pub fn outbox_item(&self, seq: i64) -> Result<Option<OutboxRow>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                &format!("SELECT {OUTBOX_COLUMNS} FROM outbox WHERE seq = ?1"),
                [seq],
                outbox_row,
            )
            .optional()?)
    }

    /// Counts one more sending of an edit.
    pub fn outbox_attempted(&self, seq: i64) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE outbox SET attempts = attempts + 1 WHERE seq = ?1",
            [seq],
        )?;
        Ok(())
    }

    /// Marks an edit failed with the reason (kept until the user retries or discards it).
    pub fn outbox_fail(&self, seq: i64, error: &str) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE outbox SET state = ?2, error = ?3 WHERE seq = ?1",
            params![seq, OutboxState::Failed.as_str(), error],
        )?;
        Ok(())
    }

    /// Keeps an edit pending with why it waits (`None`: clears it), for the user.
    pub fn outbox_note(&self, seq: i64, reason: Option<&str>) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE outbox SET error = ?2 WHERE seq = ?1 AND state = 'pending'",
            params![seq, reason],
        )?;
        Ok(())
    }

    /// Puts a failed edit back in line on the event's current etag.
    pub fn outbox_retry(&self, seq: i64, base_etag: Option<&str>) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE outbox SET state = 'pending', error = NULL, base_etag = ?2 WHERE seq = ?1",
            params![seq, base_etag],
        )?;
        Ok(())
    }

    /// Removes an edit (applied, or discarded by the user) and, when `activity` is given, logs it
    /// in the same transaction — so a crash never loses the log of an applied edit nor logs one
    /// twice.
    pub fn outbox_done(&self, seq: i64, activity: Option<&ActivityRow>) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        tx.execute("DELETE FROM outbox WHERE seq = ?1", [seq])?;
        if let Some(a) = activity {
            insert_activity(&tx, a)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Adds an entry to the activity log (its `id` is ignored).
    pub fn log_activity(&self, entry: &ActivityRow) -> Result<(), StoreError> {
        insert_activity(&self.conn(), entry)
    }

    /// Whether the log holds an entry `action` for this event.
    pub fn activity_has(
        &self,
        calendar_id: &str,
        event_id: &str,
        action: &str,
    ) -> Result<bool, StoreError> {
        Ok(self.conn().query_row(
            "SELECT EXISTS (SELECT 1 FROM activity WHERE calendar_id = ?1 AND event_id = ?2
               AND action = ?3)",
            params![calendar_id, event_id, action],
            |r| r.get(0),
        )?)
    }

    /// The latest `limit` activity entries, newest first.
    pub fn activity(&self, limit: usize) -> Result<Vec<ActivityRow>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT id, at, actor, origin, calendar_id, event_id, action, detail FROM activity
             ORDER BY at DESC, id DESC LIMIT ?1",
        )?;
        let rows = stmt.query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
            Ok(ActivityRow {
                id: r.get(0)?,
                at: r.get(1)?,
                actor: r.get(2)?,
                origin: r.get(3)?,
                calendar_id: r.get(4)?,
                event_id: r.get(5)?,
                action: r.get(6)?,
                detail: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// A cached event's etag, kind, start and end (encoded as stored), if cached and not
    /// cancelled.
    pub fn event_brief(
        &self,
        calendar_id: &str,
        event_id: &str,
    ) -> Result<Option<crate::EventBrief>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT etag, kind, start, end, appointment_type, time_zone, created, attendance,
                        note, actor, action, action_at FROM events
                 WHERE calendar_id = ?1 AND id = ?2 AND cancelled = 0",
                params![calendar_id, event_id],
                |r| {
                    Ok(crate::EventBrief {
                        etag: r.get(0)?,
                        kind: rdv_core::conventions::EventKind::parse(&r.get::<_, String>(1)?),
                        start: r.get(2)?,
                        end: r.get(3)?,
                        appointment_type: r.get(4)?,
                        time_zone: r.get(5)?,
                        created: r.get(6)?,
                        marks: crate::BookingMarks {
                            attendance: r.get(7)?,
                            note: r.get(8)?,
                            actor: r.get(9)?,
                            action: r.get(10)?,
                            action_at: r.get(11)?,
                        },
                    })
                },
            )
            .optional()?)
    }
}

pub(crate) fn insert_activity(
    conn: &rusqlite::Connection,
    a: &ActivityRow,
) -> Result<(), StoreError> {
    conn.execute(
        "INSERT INTO activity (at, actor, origin, calendar_id, event_id, action, detail)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            a.at,
            a.actor,
            a.origin,
            a.calendar_id,
            a.event_id,
            a.action,
            a.detail
        ],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(action: &str) -> ActivityRow {
        ActivityRow {
            id: 0,
            at: "2026-11-26T09:00:00Z".into(),
            actor: "secretariat@example.fr".into(),
            origin: "app".into(),
            calendar_id: "cal".into(),
            event_id: "ev".into(),
            action: action.into(),
            detail: None,
        }
    }

    #[test]
    fn edits_wait_in_order_fail_with_a_reason_and_leave_with_their_log_entry() {
        let store = Store::open_in_memory().unwrap();
        let a = store
            .outbox_push("op1", "cal", "ev", "move", "{}", Some("\"1\""), "t1")
            .unwrap();
        let b = store
            .outbox_push("op2", "cal", "ev", "cancel", "{}", None, "t2")
            .unwrap();
        assert!(a.seq < b.seq, "applied in the order they were made");
        assert!(
            store
                .outbox_push("op1", "cal", "ev", "move", "{}", None, "t3")
                .is_err(),
            "an operation id is queued once"
        );
        store.outbox_attempted(a.seq).unwrap();
        store.outbox_fail(a.seq, "conflit").unwrap();
        let items = store.outbox().unwrap();
        assert_eq!(items[0].state, OutboxState::Failed);
        assert_eq!(items[0].error.as_deref(), Some("conflit"));
        assert_eq!(items[0].attempts, 1);
        store.outbox_retry(a.seq, Some("\"2\"")).unwrap();
        let retried = store.outbox_item(a.seq).unwrap().unwrap();
        assert_eq!(retried.state, OutboxState::Pending);
        assert_eq!(retried.base_etag.as_deref(), Some("\"2\""));

        store.outbox_done(a.seq, Some(&entry("move"))).unwrap();
        assert_eq!(store.outbox().unwrap().len(), 1);
        assert_eq!(store.activity(10).unwrap()[0].action, "move");
        store.outbox_done(b.seq, None).unwrap();
        assert!(store.outbox().unwrap().is_empty());
        assert_eq!(
            store.activity(10).unwrap().len(),
            1,
            "a discarded edit is not logged"
        );
    }
}
