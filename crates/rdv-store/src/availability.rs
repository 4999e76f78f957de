//! Each calendar's availability configuration (appointment types, weekly templates,
//! exceptions — the JSON of `rdv_core::availability::PracticeConfig`), as last saved and as last
//! published, with the first day of the published window. The store keeps text; the use cases
//! parse and validate it.

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
}

impl Store {
    /// The availability configuration saved for `calendar_id`.
    pub fn availability(&self, calendar_id: &str) -> Result<Option<AvailabilityRow>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT config, updated, published, published_at, window_from
                 FROM availability WHERE calendar_id = ?1",
                [calendar_id],
                |r| {
                    Ok(AvailabilityRow {
                        config: r.get(0)?,
                        updated: r.get(1)?,
                        published: r.get(2)?,
                        published_at: r.get(3)?,
                        window_from: r.get(4)?,
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

    /// Records that `config` (JSON) was published at `at` over a window starting `window_from`.
    pub fn mark_availability_published(
        &self,
        calendar_id: &str,
        config: &str,
        at: &str,
        window_from: &str,
    ) -> Result<(), StoreError> {
        let changed = self.conn().execute(
            "UPDATE availability SET published = ?2, published_at = ?3, window_from = ?4
             WHERE calendar_id = ?1",
            params![calendar_id, config, at, window_from],
        )?;
        if changed == 0 {
            return Err(StoreError::Invalid(
                "no availability configuration is saved for this calendar".into(),
            ));
        }
        Ok(())
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
        assert!(
            store
                .mark_availability_published("cal", "{}", "2026-11-26T08:00:00Z", "2026-11-23")
                .is_err(),
            "cannot publish what was never saved"
        );
        store
            .save_availability("cal", r#"{"templates":[]}"#, "2026-11-26T08:00:00Z")
            .unwrap();
        store
            .mark_availability_published(
                "cal",
                r#"{"templates":[]}"#,
                "2026-11-26T09:00:00Z",
                "2026-11-23",
            )
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
}
