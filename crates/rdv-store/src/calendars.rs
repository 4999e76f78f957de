//! The calendars of the linked account, as Google's calendar list reports them, with the user's
//! choice of which to synchronise and show, and each calendar's events sync token (an opaque
//! cursor, not a credential).

use crate::migrations::Step;
use crate::{Store, StoreError};
use rdv_core::appointments::AppointmentPolicy;
use rusqlite::{OptionalExtension, params};
use std::collections::HashMap;

pub(crate) const CREATE_TABLE: &str = "
CREATE TABLE calendars (
    id          TEXT PRIMARY KEY NOT NULL,
    summary     TEXT NOT NULL,
    color       TEXT NOT NULL,
    time_zone   TEXT NOT NULL,
    access_role TEXT NOT NULL,
    is_primary  INTEGER NOT NULL,
    selected    INTEGER NOT NULL,
    sync_token  TEXT
) STRICT;
";

/// The calendars table's migration steps (see migrations.rs): append new ones at the end.
pub(crate) const MIGRATIONS: &[Step] = &[
    Step {
        version: 2,
        up: CREATE_TABLE,
    },
    Step {
        version: 10,
        up: ADD_APPOINTMENT_POLICY,
    },
];

/// Step 10: per calendar, what counts as an appointment (`rdv_core::appointments`), the default
/// for calendars already known.
const ADD_APPOINTMENT_POLICY: &str =
    "ALTER TABLE calendars ADD COLUMN appointments TEXT NOT NULL DEFAULT 'alsoOwnEvents';";

/// One calendar of the account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarRow {
    /// Google's id.
    pub id: String,
    /// Display name.
    pub summary: String,
    /// `#rrggbb`.
    pub color: String,
    /// IANA zone.
    pub time_zone: String,
    /// `owner`, `writer`, `reader` or `freeBusyReader`.
    pub access_role: String,
    /// The account's primary calendar.
    pub primary: bool,
    /// Synchronised and shown.
    pub selected: bool,
}

impl CalendarRow {
    /// Whether a calendar is selected the first time it is seen: the ones the user owns or
    /// manages (their agenda, a practitioner's shared as *Secrétaire*), not read-only extras
    /// such as public holidays or birthdays.
    pub fn selected_by_default(&self) -> bool {
        self.primary || matches!(self.access_role.as_str(), "owner" | "writer")
    }
}

impl Store {
    /// Every known calendar, primary first, then by name.
    pub fn calendars(&self) -> Result<Vec<CalendarRow>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare(
            "SELECT id, summary, color, time_zone, access_role, is_primary, selected
             FROM calendars ORDER BY is_primary DESC, summary COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(CalendarRow {
                id: r.get(0)?,
                summary: r.get(1)?,
                color: r.get(2)?,
                time_zone: r.get(3)?,
                access_role: r.get(4)?,
                primary: r.get(5)?,
                selected: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Replaces the calendar list with what Google reports: keeps the user's selection and the
    /// sync token of calendars already known, selects new ones by default as
    /// [`CalendarRow::selected_by_default`] says, and forgets (with their events) calendars that
    /// are gone. A calendar whose access role changed loses its sync token (Google invalidates
    /// tokens on ACL changes, and what we may see has changed).
    pub fn replace_calendars(&self, listed: &[CalendarRow]) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        {
            let mut known =
                tx.prepare("SELECT selected, access_role FROM calendars WHERE id = ?1")?;
            let mut upsert = tx.prepare(
                "INSERT INTO calendars (id, summary, color, time_zone, access_role, is_primary, selected)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (id) DO UPDATE SET summary = excluded.summary, color = excluded.color,
                   time_zone = excluded.time_zone, access_role = excluded.access_role,
                   is_primary = excluded.is_primary,
                   sync_token = CASE WHEN calendars.access_role = excluded.access_role
                                THEN calendars.sync_token ELSE NULL END",
            )?;
            for c in listed {
                let previous: Option<(bool, String)> = known
                    .query_row([&c.id], |r| Ok((r.get(0)?, r.get(1)?)))
                    .optional()?;
                let selected = previous.map_or_else(|| c.selected_by_default(), |(s, _)| s);
                upsert.execute(params![
                    c.id,
                    c.summary,
                    c.color,
                    c.time_zone,
                    c.access_role,
                    c.primary,
                    selected
                ])?;
            }
            let ids: Vec<String> = listed.iter().map(|c| c.id.clone()).collect();
            let mut all = tx.prepare("SELECT id FROM calendars")?;
            let stale: Vec<String> = all
                .query_map([], |r| r.get::<_, String>(0))?
                .filter_map(Result::ok)
                .filter(|id| !ids.contains(id))
                .collect();
            for id in stale {
                tx.execute("DELETE FROM calendars WHERE id = ?1", [&id])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Selects or deselects a calendar. Deselecting drops its cached events (and its sync token,
    /// so selecting it again starts with a full sync).
    pub fn set_calendar_selected(&self, id: &str, selected: bool) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let changed = tx.execute(
            "UPDATE calendars SET selected = ?2 WHERE id = ?1",
            params![id, selected],
        )?;
        if changed == 0 {
            return Err(StoreError::Corrupt {
                key: "calendar".into(),
                reason: format!("unknown calendar {id}"),
            });
        }
        if !selected {
            tx.execute("UPDATE calendars SET sync_token = NULL WHERE id = ?1", [id])?;
            tx.execute("DELETE FROM events WHERE calendar_id = ?1", [id])?;
            tx.execute("DELETE FROM occurrences WHERE calendar_id = ?1", [id])?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Each known calendar's choice of what counts as an appointment
    /// ([`AppointmentPolicy`]; a calendar new to the list has the default).
    pub fn appointment_policies(&self) -> Result<HashMap<String, AppointmentPolicy>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare("SELECT id, appointments FROM calendars")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                AppointmentPolicy::parse(&r.get::<_, String>(1)?),
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Sets what counts as an appointment on a calendar. It changes no cached event: every
    /// reader applies the policy when it reads (see `queries.rs`).
    pub fn set_appointment_policy(
        &self,
        id: &str,
        policy: AppointmentPolicy,
    ) -> Result<(), StoreError> {
        let changed = self.conn().execute(
            "UPDATE calendars SET appointments = ?2 WHERE id = ?1",
            params![id, policy.as_str()],
        )?;
        if changed == 0 {
            return Err(StoreError::Corrupt {
                key: "calendar".into(),
                reason: format!("unknown calendar {id}"),
            });
        }
        Ok(())
    }

    /// The events sync token of a calendar, if a full sync completed.
    pub fn sync_token(&self, calendar_id: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT sync_token FROM calendars WHERE id = ?1",
                [calendar_id],
                |r| r.get(0),
            )
            .optional()?
            .flatten())
    }
}
