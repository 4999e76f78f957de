//! User preferences, as text values under stable keys. Typed accessors live with the use cases.

use crate::migrations::Step;
use crate::{Store, StoreError};
use rdv_core::Language;
use rusqlite::{OptionalExtension, params};

pub(crate) const CREATE_TABLE: &str = "
CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;
";

/// The settings table's migration steps (see migrations.rs): append new ones at the end.
pub(crate) const MIGRATIONS: &[Step] = &[Step {
    version: 1,
    up: CREATE_TABLE,
}];

/// The setting holding the interface language (a device preference, kept when an account is
/// unlinked).
pub const LANGUAGE_KEY: &str = "ui.language";
const LANGUAGE: &str = LANGUAGE_KEY;

impl Store {
    /// Reads a raw setting.
    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| {
                row.get(0)
            })
            .optional()?)
    }

    /// Writes a raw setting.
    pub fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    /// Removes a raw setting (no error when absent).
    pub fn delete_setting(&self, key: &str) -> Result<(), StoreError> {
        self.conn()
            .execute("DELETE FROM settings WHERE key = ?1", [key])?;
        Ok(())
    }

    /// The interface language chosen by the user; French until one is chosen.
    pub fn language(&self) -> Result<Language, StoreError> {
        match self.setting(LANGUAGE)? {
            None => Ok(Language::default()),
            Some(tag) => {
                tag.parse().map_err(
                    |e: rdv_core::language::UnknownLanguage| StoreError::Corrupt {
                        key: LANGUAGE.into(),
                        reason: e.to_string(),
                    },
                )
            }
        }
    }

    /// Remembers the interface language.
    pub fn set_language(&self, language: Language) -> Result<(), StoreError> {
        self.set_setting(LANGUAGE, language.tag())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_defaults_to_french_then_persists_the_choice() {
        let store = Store::open_in_memory().unwrap();
        assert_eq!(store.language().unwrap(), Language::Fr);
        store.set_language(Language::En).unwrap();
        assert_eq!(store.language().unwrap(), Language::En);
    }

    #[test]
    fn a_damaged_language_value_is_reported_with_its_key() {
        let store = Store::open_in_memory().unwrap();
        store.set_setting(LANGUAGE, "klingon").unwrap();
        let err = store.language().unwrap_err();
        assert!(err.to_string().contains("ui.language"), "{err}");
    }
}
