//! Each calendar's availability configuration (appointment types, weekly templates,
//! exceptions — the JSON of `rdv_core::availability::PracticeConfig`): the draft being edited on
//! this installation, and what the calendar holds as published (its configuration event, read
//! from Google by whichever installation published it), with the first day of the published
//! window and the configuration event's ETag. The store keeps text; the use cases parse and
//! validate it.

use crate::migrations::Step;
use crate::{Store, StoreError};
use rusqlite::{OptionalExtension, params};

pub(crate) const CREATE_TABLE: &str = "
CREATE TABLE availability (
    calendar_id    TEXT PRIMARY KEY NOT NULL,
    config         TEXT NOT NULL,
    updated        TEXT NOT NULL,
    published      TEXT,
    published_at   TEXT,
    window_from    TEXT
) STRICT;
";

/// Migration 8: the ETag of the calendar's configuration event as last read or written, so a
/// publish writes it only over the version it was planned against.
pub(crate) const ADD_REMOTE_ETAG: &str = "
ALTER TABLE availability ADD COLUMN remote_etag TEXT;
";

/// The availability table's migration steps (see migrations.rs): append new ones at the end.
pub(crate) const MIGRATIONS: &[Step] = &[
    Step {
        version: 4,
        up: CREATE_TABLE,
    },
    Step {
        version: 8,
        up: ADD_REMOTE_ETAG,
    },
];

/// A calendar's saved availability configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AvailabilityRow {
    /// The configuration as saved (JSON).
    pub config: String,
    /// When it was saved (RFC 3339).
    pub updated: String,
    /// The configuration as last published (JSON), if ever.
    pub published: Option<String>,
    /// When it was last published (RFC 3339).
    pub published_at: Option<String>,
    /// The first local date of the published window (`YYYY-MM-DD`): kept from one publish to
    /// the next so that re-publishing an unchanged configuration writes nothing.
    pub window_from: Option<String>,
    /// The ETag of the calendar's configuration event, as last read or written.
    pub remote_etag: Option<String>,
}

/// What the calendar holds as published, read from its configuration event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublishedRow<'a> {
    /// The configuration (JSON).
    pub config: &'a str,
    /// When it was published (RFC 3339).
    pub at: &'a str,
    /// The first local date of its window (`YYYY-MM-DD`).
    pub window_from: &'a str,
    /// The configuration event's ETag.
    pub etag: Option<&'a str>,
}

impl Store {
    /// The availability configuration saved for `calendar_id`.
    pub fn availability(&self, calendar_id: &str) -> Result<Option<AvailabilityRow>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT config, updated, published, published_at, window_from, remote_etag
                 FROM availability WHERE calendar_id = ?1",
                [calendar_id],
                |r| {
                    Ok(AvailabilityRow {
                        config: r.get(0)?,
                        updated: r.get(1)?,
                        published: r.get(2)?,
                        published_at: r.get(3)?,
                        window_from: r.get(4)?,
                        remote_etag: r.get(5)?,
                    })
                },
            )
            .optional()?)
    }

    /// Saves `config` (JSON) for `calendar_id`, keeping what was published.
    pub fn save_availability(
        &self,
        calendar_id: &str,
        config: &str,
        updated: &str,
    ) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO availability (calendar_id, config, updated) VALUES (?1, ?2, ?3)
             ON CONFLICT (calendar_id) DO UPDATE SET config = excluded.config,
                updated = excluded.updated",
            params![calendar_id, config, updated],
        )?;
        Ok(())
    }

    /// Records that `published.config` (JSON) was published at `published.at` over a window
    /// starting `published.window_from`, its configuration event now at `published.etag`.
    pub fn mark_availability_published(
        &self,
        calendar_id: &str,
        published: &PublishedRow<'_>,
    ) -> Result<(), StoreError> {
        let changed = self.conn().execute(
            "UPDATE availability SET published = ?2, published_at = ?3, window_from = ?4,
                remote_etag = ?5
             WHERE calendar_id = ?1",
            params![
                calendar_id,
                published.config,
                published.at,
                published.window_from,
                published.etag
            ],
        )?;
        if changed == 0 {
            return Err(StoreError::Invalid(
                "no availability configuration is saved for this calendar".into(),
            ));
        }
        Ok(())
    }

    /// Takes what the calendar holds as published (read from Google). The draft follows it when
    /// it had no change of its own (it was what this installation last knew as published, or
    /// there was none); a draft with unpublished changes is kept, compared from now on with the
    /// new published configuration. Returns whether the draft was replaced.
    pub fn adopt_published_availability(
        &self,
        calendar_id: &str,
        published: &PublishedRow<'_>,
    ) -> Result<bool, StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        let row: Option<(String, Option<String>)> = tx
            .query_row(
                "SELECT config, published FROM availability WHERE calendar_id = ?1",
                [calendar_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let replace = match &row {
            None => true,
            Some((draft, known)) => known.as_deref() == Some(draft.as_str()),
        };
        tx.execute(
            "INSERT INTO availability
                (calendar_id, config, updated, published, published_at, window_from, remote_etag)
             VALUES (?1, ?2, ?3, ?2, ?3, ?4, ?5)
             ON CONFLICT (calendar_id) DO UPDATE SET
                config = CASE WHEN ?6 THEN excluded.config ELSE config END,
                updated = CASE WHEN ?6 THEN excluded.updated ELSE updated END,
                published = excluded.published, published_at = excluded.published_at,
                window_from = excluded.window_from, remote_etag = excluded.remote_etag",
            params![
                calendar_id,
                published.config,
                published.at,
                published.window_from,
                published.etag,
                replace
            ],
        )?;
        tx.commit()?;
        Ok(replace)
    }

    /// The ids of the cancelled instances of series `master_id` that sync has seen
    /// (`<master>_<YYYYMMDDTHHMMSSZ>`).
    pub fn cancelled_instances(
        &self,
        calendar_id: &str,
        master_id: &str,
    ) -> Result<Vec<String>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare_cached(
            "SELECT id FROM events WHERE calendar_id = ?1 AND master_id = ?2 AND cancelled = 1
             ORDER BY id",
        )?;
        let ids = stmt.query_map(params![calendar_id, master_id], |r| r.get(0))?;
        Ok(ids.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_configuration_is_read_back_and_publishing_keeps_it() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(
            store.availability("cal").unwrap(),
            None,
            "nothing saved yet"
        );
        let published = |config| PublishedRow {
            config,
            at: "2026-11-26T09:00:00Z",
            window_from: "2026-11-23",
            etag: Some("\"1\""),
        };
        assert!(
            store
                .mark_availability_published("cal", &published("{}"))
                .is_err(),
            "cannot publish what was never saved"
        );
        store
            .save_availability("cal", r#"{"templates":[]}"#, "2026-11-26T08:00:00Z")
            .unwrap();
        store
            .mark_availability_published("cal", &published(r#"{"templates":[]}"#))
            .unwrap();
        store
            .save_availability("cal", r#"{"templates":[1]}"#, "2026-11-26T10:00:00Z")
            .unwrap();
        let row = store.availability("cal").unwrap().unwrap();
        assert_eq!(row.config, r#"{"templates":[1]}"#, "the latest save wins");
        assert_eq!(
            row.published.as_deref(),
            Some(r#"{"templates":[]}"#),
            "a save keeps what was published, so the UI can tell unpublished changes"
        );
        assert_eq!(row.window_from.as_deref(), Some("2026-11-23"));
    }

    #[test]
    fn another_installations_publish_replaces_an_unchanged_draft_and_keeps_an_edited_one() {
        let store = Store::open_in_memory().unwrap();
        let remote = |config, etag| PublishedRow {
            config,
            at: "2026-11-26T09:00:00Z",
            window_from: "2026-11-23",
            etag: Some(etag),
        };
        // A new installation: the draft starts from what is published.
        assert!(
            store
                .adopt_published_availability("cal", &remote("A", "e1"))
                .unwrap()
        );
        let row = store.availability("cal").unwrap().unwrap();
        assert_eq!(
            (row.config.as_str(), row.published.as_deref()),
            ("A", Some("A"))
        );
        assert_eq!(row.remote_etag.as_deref(), Some("e1"));
        // Published again elsewhere, nothing edited here: the draft follows.
        assert!(
            store
                .adopt_published_availability("cal", &remote("B", "e2"))
                .unwrap()
        );
        assert_eq!(store.availability("cal").unwrap().unwrap().config, "B");
        // Edited here, then published elsewhere: the edit is kept, compared with the new one.
        store
            .save_availability("cal", "mine", "2026-11-27T08:00:00Z")
            .unwrap();
        assert!(
            !store
                .adopt_published_availability("cal", &remote("C", "e3"))
                .unwrap()
        );
        let row = store.availability("cal").unwrap().unwrap();
        assert_eq!(
            (row.config.as_str(), row.published.as_deref()),
            ("mine", Some("C"))
        );
        assert_eq!(row.remote_etag.as_deref(), Some("e3"));
    }
}
