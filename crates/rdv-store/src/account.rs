//! Forgetting a Google account (unlinking it, or linking another one): everything the store
//! holds *of the account* goes in one transaction — the calendars and their events and
//! occurrences, the outbox (whose edits another account would otherwise replay with its own
//! token), the activity log (with its free-text reasons), the booking site's records, the
//! availability configurations, the purge log, the erasure requests, and every setting except
//! the device's own preferences, which the caller names (the interface language, the lock
//! delay, the reminder preferences…). A later account starts from a clean store.

use crate::{Store, StoreError};

/// The tables that hold only the account's data, children before parents.
const ACCOUNT_TABLES: [&str; 11] = [
    "occurrences",
    "events",
    "calendars",
    "outbox",
    "activity",
    "site_bookings",
    "availability",
    "purge_log",
    "erasure_found",
    "erasure_parts",
    "erasures",
];

impl Store {
    /// Deletes everything of the linked account, keeping only the settings named in
    /// `device_settings` — one transaction: a crash leaves the account whole or gone.
    pub fn forget_account(&self, device_settings: &[&str]) -> Result<(), StoreError> {
        let mut conn = self.conn();
        let tx = conn.transaction()?;
        for table in ACCOUNT_TABLES {
            tx.execute(&format!("DELETE FROM {table}"), [])?;
        }
        {
            let mut keys = tx.prepare("SELECT key FROM settings")?;
            let all: Vec<String> = keys
                .query_map([], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            for key in all
                .iter()
                .filter(|k| !device_settings.contains(&k.as_str()))
            {
                tx.execute("DELETE FROM settings WHERE key = ?1", [key])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// How many rows the account's tables hold in all (0 after [`Store::forget_account`]).
    pub fn account_rows(&self) -> Result<i64, StoreError> {
        let conn = self.conn();
        let mut total = 0;
        for table in ACCOUNT_TABLES {
            let n: i64 =
                conn.query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))?;
            total += n;
        }
        Ok(total)
    }

    /// Every setting key, sorted (diagnostics and tests).
    pub fn setting_keys(&self) -> Result<Vec<String>, StoreError> {
        let conn = self.conn();
        let mut stmt = conn.prepare("SELECT key FROM settings ORDER BY key")?;
        let keys = stmt.query_map([], |r| r.get(0))?;
        Ok(keys.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_of_the_schema_is_either_the_accounts_or_the_settings() {
        // A new table must be listed here (or be a device table like settings), or unlinking
        // would leave it behind.
        let store = Store::open_in_memory().unwrap();
        let conn = store.conn();
        let mut stmt = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .unwrap();
        let tables: Vec<String> = stmt
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for t in tables {
            assert!(
                t == "settings" || ACCOUNT_TABLES.contains(&t.as_str()),
                "table {t} is neither the account's nor the device's: decide and list it"
            );
        }
    }

    #[test]
    fn forgetting_the_account_keeps_only_the_device_settings() {
        let store = Store::open_in_memory().unwrap();
        store.set_setting("ui.language", "en").unwrap();
        store.set_setting("account.email", "a@example.fr").unwrap();
        store.set_setting("site.cursor", "c").unwrap();
        store
            .outbox_push("op", "cal", "ev", "cancel", "{}", None, "t")
            .unwrap();
        store.forget_account(&["ui.language"]).unwrap();
        assert_eq!(store.setting_keys().unwrap(), ["ui.language"]);
        assert_eq!(store.account_rows().unwrap(), 0);
    }
}
