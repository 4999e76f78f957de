//! What the booking site adds to the calendar's bookings, by Google event id: the source, the
//! patient's consent (date and text version) and the SMS statuses. The patient's name, phone
//! and email are not copied: the calendar's cache holds them, and the retention purge covers
//! them there.

use crate::migrations::Step;
use crate::{Store, StoreError};
use rusqlite::{OptionalExtension, params};

pub(crate) const CREATE_TABLE: &str = "
CREATE TABLE site_bookings (
    event_id         TEXT PRIMARY KEY NOT NULL,
    source           TEXT,
    created_at       TEXT,
    consent_at       TEXT,
    consent_version  TEXT,
    sms_confirmation TEXT,
    sms_reminder     TEXT
) STRICT;
";

/// The site bookings table's migration steps (see migrations.rs): append new ones at the end.
pub(crate) const MIGRATIONS: &[Step] = &[Step {
    version: 7,
    up: CREATE_TABLE,
}];

/// A booking record of the site, without personal data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SiteBookingRow {
    /// The Google event id.
    pub event_id: String,
    /// `site`, `phone`, `app`…
    pub source: Option<String>,
    /// When booked (RFC 3339).
    pub created_at: Option<String>,
    /// When the patient consented (RFC 3339).
    pub consent_at: Option<String>,
    /// The consent text's version.
    pub consent_version: Option<String>,
    /// Confirmation SMS status.
    pub sms_confirmation: Option<String>,
    /// Reminder SMS status.
    pub sms_reminder: Option<String>,
}

impl Store {
    /// Applies a batch of the site's feed: upserts and deletions (tombstones), atomically with
    /// the new cursor (kept as a setting).
    pub fn apply_site_feed(
        &self,
        upserts: &[SiteBookingRow],
        deleted: &[String],
        cursor: &str,
    ) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        for r in upserts {
            tx.execute(
                "INSERT INTO site_bookings (event_id, source, created_at, consent_at,
                    consent_version, sms_confirmation, sms_reminder)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
                 ON CONFLICT (event_id) DO UPDATE SET source = excluded.source,
                    created_at = excluded.created_at, consent_at = excluded.consent_at,
                    consent_version = excluded.consent_version,
                    sms_confirmation = excluded.sms_confirmation,
                    sms_reminder = excluded.sms_reminder",
                params![
                    r.event_id,
                    r.source,
                    r.created_at,
                    r.consent_at,
                    r.consent_version,
                    r.sms_confirmation,
                    r.sms_reminder
                ],
            )?;
        }
        for id in deleted {
            tx.execute("DELETE FROM site_bookings WHERE event_id = ?1", [id])?;
        }
        tx.execute(
            "INSERT INTO settings (key, value) VALUES ('site.cursor', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [cursor],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The site's record of a booking.
    pub fn site_booking(&self, event_id: &str) -> Result<Option<SiteBookingRow>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT event_id, source, created_at, consent_at, consent_version,
                    sms_confirmation, sms_reminder FROM site_bookings WHERE event_id = ?1",
                [event_id],
                |r| {
                    Ok(SiteBookingRow {
                        event_id: r.get(0)?,
                        source: r.get(1)?,
                        created_at: r.get(2)?,
                        consent_at: r.get(3)?,
                        consent_version: r.get(4)?,
                        sms_confirmation: r.get(5)?,
                        sms_reminder: r.get(6)?,
                    })
                },
            )
            .optional()?)
    }

    /// Forgets everything from the site (unlinking it).
    pub fn clear_site(&self) -> Result<(), StoreError> {
        let conn = self.conn();
        conn.execute("DELETE FROM site_bookings", [])?;
        conn.execute("DELETE FROM settings WHERE key = 'site.cursor'", [])?;
        Ok(())
    }
}
