//! # rdv-store — the local SQLite store
//!
//! One database file in the platform's app-data directory, encrypted with SQLCipher (the key, a
//! [`DbKey`], is the app's: `rdv_app::open_store` keeps it in the OS keychain), opened in WAL mode, its schema
//! brought up to date by versioned migrations (tracked in SQLite's `user_version`). Google
//! Calendar stays the source of truth (PRODUCT.md art. 4): this store is a cache plus an outbox.
//! No token or secret is ever written here (they live in the OS keychain).
//!
//! Public surface: [`Store`] (open, settings, calendars, the event cache and its sync batches,
//! agenda and bookings queries, outbox and activity, retention, pending erasures, forgetting an
//! account) and [`StoreError`].

mod account;
mod activity;
mod availability;
mod calendars;
mod erasures;
pub mod events;
mod key;
mod migrations;
mod queries;
mod retention;
pub mod salvage;
mod settings;
mod sheet;
mod site;

use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

pub use activity::{ActivityRow, OutboxRow, OutboxState};
pub use availability::{AvailabilityRow, PublishedRow};
pub use calendars::CalendarRow;
pub use erasures::{
    ErasurePartKind, ErasurePartRow, ErasurePartState, ErasureRow, NewErasurePart, OutboxWaiting,
};
pub use events::{BookingMarks, Change, EventRecord, Moment, SyncApplied, SyncBatch, Window};
pub use key::{DATABASE_KEY_NAME, DbKey, PLAIN_HEADER, is_plain_database};
pub use migrations::{LATEST_VERSION, MIGRATIONS};
pub use queries::{Contact, OccurrenceRow, matches_query};
pub use retention::{FirstPurge, HeldBooking, PurgeLogRow, Purged};
pub use settings::LANGUAGE_KEY;
pub use sheet::SheetInput;
pub use site::SiteBookingRow;

/// The name of the database file inside the app-data directory.
pub const DATABASE_FILE: &str = "rdv-compagnon.sqlite3";

/// What the outbox needs of a cached event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventBrief {
    /// Google's etag when cached.
    pub etag: Option<String>,
    /// What it is.
    pub kind: rdv_core::conventions::EventKind,
    /// Start as stored (RFC 3339 UTC, or a date).
    pub start: String,
    /// End as stored.
    pub end: String,
    /// `rdv.type`.
    pub appointment_type: Option<String>,
    /// `start.timeZone`.
    pub time_zone: Option<String>,
    /// Google's `created` (RFC 3339): when the event was made.
    pub created: Option<String>,
    /// Attendance, note and the last edit's author as cached (bookings; empty for other
    /// events): what sync compares to tell an edit made elsewhere.
    pub marks: crate::BookingMarks,
}

/// Why the store could not do what was asked.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreError {
    /// The database file could not be opened or created.
    #[error("cannot open the local database {path}: {source}")]
    Open {
        /// The file that was opened.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The schema could not be brought up to date (a newer app wrote this file, or it is damaged).
    #[error("cannot update the local database schema: {0}")]
    Migration(#[from] rusqlite_migration::Error),
    /// A query failed.
    #[error("local database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A stored value could not be read back.
    #[error("invalid value stored for {key}: {reason}")]
    Corrupt {
        /// The setting or column.
        key: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The call does not fit what is stored.
    #[error("{0}")]
    Invalid(String),
    /// A newer version of the app wrote this file: it is left as it is, never downgraded.
    #[error(
        "the local database was written by a newer version (schema {found}, this version reads {supported})"
    )]
    NewerSchema {
        /// The file's `user_version`.
        found: i64,
        /// [`LATEST_VERSION`].
        supported: i64,
    },
}

impl StoreError {
    /// SQLite's primary error code behind this error, if SQLite raised it (`NotADatabase` for a
    /// wrong key or a damaged file, `DiskFull`, …).
    pub fn sqlite_code(&self) -> Option<rusqlite::ErrorCode> {
        match self {
            Self::Open { source, .. } | Self::Sqlite(source) => source.sqlite_error_code(),
            Self::Migration(rusqlite_migration::Error::RusqliteError { err, .. }) => {
                err.sqlite_error_code()
            }
            _ => None,
        }
    }

    /// The file is not a database this key opens: encrypted with another key, or damaged.
    pub fn is_unreadable(&self) -> bool {
        use rusqlite::ErrorCode::{DatabaseCorrupt, NotADatabase};
        matches!(self.sqlite_code(), Some(NotADatabase | DatabaseCorrupt))
    }

    /// The disk (or the user's quota) is full.
    pub fn is_disk_full(&self) -> bool {
        self.sqlite_code() == Some(rusqlite::ErrorCode::DiskFull)
    }
}

/// The local store. Cheap to share behind an `Arc`; calls are serialised on one connection.
#[derive(Debug)]
pub struct Store {
    conn: Mutex<Connection>,
    path: Option<PathBuf>,
}

impl Store {
    /// Opens (creating it if needed) the PLAIN database file at `path`, switches it to WAL mode
    /// and applies the pending migrations. For tests, the benchmark's comparison with the
    /// encrypted store and `rdv-sync` (a sandbox-only tool): the app opens its database through
    /// `rdv_app::open_store`, which uses [`Store::open_encrypted`].
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: path.to_owned(),
            source,
        })?;
        Self::prepare(conn, Some(path.to_owned()))
    }

    /// Opens (creating it if needed) the database file at `path` encrypted with `key`: the key
    /// is set first, then checked by reading the schema (a wrong key or a damaged file fails
    /// here, SQLite's `NotADatabase`), then the schema version is compared with this build's
    /// ([`StoreError::NewerSchema`] before any migration runs), then the file is prepared as
    /// [`Store::open`] does (WAL, migrations).
    pub fn open_encrypted(path: &Path, key: &DbKey) -> Result<Self, StoreError> {
        let conn = Self::connect_encrypted(path, key, rusqlite::OpenFlags::default())?;
        Self::prepare(conn, Some(path.to_owned()))
    }

    fn connect_encrypted(
        path: &Path,
        key: &DbKey,
        flags: rusqlite::OpenFlags,
    ) -> Result<Connection, StoreError> {
        let open = |source| StoreError::Open {
            path: path.to_owned(),
            source,
        };
        let conn = Connection::open_with_flags(path, flags).map_err(open)?;
        conn.pragma_update(None, "key", key.sql_literal().as_str())
            .map_err(open)?;
        // The key is only tried on the first read: a wrong key (or a damaged or plain file)
        // fails here, with SQLite's "file is not a database".
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(open)?;
        Ok(conn)
    }

    /// Opens the existing database file at `path` for reading only, as the app left it (the
    /// support staff's `rdv sheet`, beside a running app: WAL lets it read while the app writes),
    /// with the app's `key`, or `None` for a plain file the app has not yet encrypted.
    /// Nothing is created or migrated: a missing file, or one of another schema version than
    /// this build's, is refused.
    pub fn open_read_only(path: &Path, key: Option<&DbKey>) -> Result<Self, StoreError> {
        let open = |source| StoreError::Open {
            path: path.to_owned(),
            source,
        };
        let flags = rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY;
        let conn = match key {
            Some(key) => Self::connect_encrypted(path, key, flags)?,
            None => Connection::open_with_flags(path, flags).map_err(open)?,
        };
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let version = Self::version_of(&conn)?;
        if version != migrations::LATEST_VERSION {
            return Err(StoreError::Invalid(format!(
                "{} is at schema version {version}, this build reads version {}: use the rdv \
                 of the same release as the app",
                path.display(),
                migrations::LATEST_VERSION
            )));
        }
        Ok(Self {
            conn: Mutex::new(conn),
            path: Some(path.to_owned()),
        })
    }

    /// Writes an encrypted copy of the plain database at `plain` into the new file `target`,
    /// encrypted with `key` (SQLCipher's `sqlcipher_export`), with the same schema version.
    /// The plain file's WAL is checkpointed into it first, so nothing committed is left out.
    /// `plain` is not changed otherwise; `target` must not exist. The caller syncs `target`
    /// and renames it over `plain` (`rdv_app::open_store`).
    pub fn export_encrypted(plain: &Path, target: &Path, key: &DbKey) -> Result<(), StoreError> {
        let conn = Connection::open(plain).map_err(|source| StoreError::Open {
            path: plain.to_owned(),
            source,
        })?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let version = Self::version_of(&conn)?;
        // TRUNCATE: every frame of the WAL is written into the main file, the WAL emptied.
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            r.get::<_, i64>(0)
        })?;
        let target_text = target
            .to_str()
            .ok_or_else(|| StoreError::Invalid("the data folder's path is not UTF-8".into()))?;
        conn.execute(
            "ATTACH DATABASE ?1 AS encrypted KEY ?2",
            rusqlite::params![target_text, key.sql_literal().as_str()],
        )?;
        conn.query_row("SELECT sqlcipher_export('encrypted')", [], |_| Ok(()))?;
        conn.pragma_update(Some("encrypted"), "user_version", version)?;
        conn.execute_batch("DETACH DATABASE encrypted")?;
        Ok(())
    }

    /// Opens a private in-memory database with the full schema (tests, benchmarks).
    pub fn open_in_memory() -> Result<Self, StoreError> {
        Self::prepare(Connection::open_in_memory()?, None)
    }

    fn prepare(mut conn: Connection, path: Option<PathBuf>) -> Result<Self, StoreError> {
        // Checked before anything writes to the file (the journal mode included).
        let found = Self::version_of(&conn)?;
        if found > migrations::LATEST_VERSION {
            return Err(StoreError::NewerSchema {
                found,
                supported: migrations::LATEST_VERSION,
            });
        }
        // WAL: readers never block the writer, and a crash mid-write leaves the last committed
        // state. FULL synchronous: each commit is synced to disk before it returns, so a
        // committed transaction survives power loss too. NORMAL could roll the last ones back,
        // and the outbox, the availability, the reminder state and the settings exist only
        // here (Google cannot give them back).
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Deleted and overwritten content is zeroed in the file, not left in free pages: a
        // purged or erased patient's name is gone from the bytes on disk, not only from the
        // tables (the WAL is truncated after each purge and erasure, see `truncate_wal`).
        conn.pragma_update(None, "secure_delete", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        MIGRATIONS.to_latest(&mut conn)?;
        tracing::debug!(version = Self::version_of(&conn)?, "local database ready");
        Ok(Self {
            conn: Mutex::new(conn),
            path,
        })
    }

    /// The file behind the store, `None` for an in-memory store.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The schema version (`user_version`) of the open database.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Self::version_of(&self.conn())
    }

    /// Runs SQLite's `integrity_check`; `Ok(())` when the file is sound.
    pub fn integrity_check(&self) -> Result<(), StoreError> {
        let result: String = self
            .conn()
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if result == "ok" {
            Ok(())
        } else {
            Err(StoreError::Corrupt {
                key: "database".into(),
                reason: result,
            })
        }
    }

    /// SQLite's journal mode for this database (`wal` for a file).
    pub fn journal_mode(&self) -> Result<String, StoreError> {
        Ok(self
            .conn()
            .pragma_query_value(None, "journal_mode", |row| row.get(0))?)
    }

    fn version_of(conn: &Connection) -> Result<i64, StoreError> {
        Ok(conn.pragma_query_value(None, "user_version", |row| row.get(0))?)
    }

    /// Copies the WAL into the database file and truncates it to zero bytes, so the WAL keeps
    /// no image of pages as they were before a purge or an erasure.
    pub fn truncate_wal(&self) -> Result<(), StoreError> {
        truncate_wal(&self.conn())
    }

    pub(crate) fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave SQLite half-written (transactions roll
        // back), so a poisoned lock is safe to reuse.
        self.conn
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// `PRAGMA wal_checkpoint(TRUNCATE)` on `conn` (nothing to do in memory). A checkpoint another
/// connection keeps from finishing is retried at the next purge or erasure; it is logged, not
/// an error, since the data is already gone from the tables.
pub(crate) fn truncate_wal(conn: &Connection) -> Result<(), StoreError> {
    let (busy, _, _): (i64, i64, i64) =
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
    if busy != 0 {
        tracing::warn!("the WAL could not be truncated now (database busy)");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_file_is_created_in_wal_mode_at_the_latest_schema() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DATABASE_FILE);
        let store = Store::open(&path).unwrap();
        assert!(path.exists(), "opening must create the database file");
        assert_eq!(
            store.journal_mode().unwrap(),
            "wal",
            "the store must run in WAL mode"
        );
        assert_eq!(store.schema_version().unwrap(), migrations::LATEST_VERSION);
    }

    #[test]
    fn commits_are_synced_to_disk_before_they_return() {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join(DATABASE_FILE)).unwrap();
        let level: i64 = store
            .conn()
            .pragma_query_value(None, "synchronous", |r| r.get(0))
            .unwrap();
        assert_eq!(
            level, 2,
            "synchronous=FULL (2): local-only data survives power loss"
        );
    }

    #[test]
    fn reopening_an_up_to_date_file_keeps_its_data() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DATABASE_FILE);
        Store::open(&path)
            .unwrap()
            .set_setting("probe", "kept")
            .unwrap();
        let again = Store::open(&path).unwrap();
        assert_eq!(again.setting("probe").unwrap().as_deref(), Some("kept"));
    }

    #[test]
    fn a_file_from_a_newer_app_is_refused_not_downgraded() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DATABASE_FILE);
        drop(Store::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", migrations::LATEST_VERSION + 5)
            .unwrap();
        drop(conn);
        let err = Store::open(&path).expect_err("a newer schema must not be opened");
        assert!(
            matches!(err, StoreError::NewerSchema { found, supported }
                if found == migrations::LATEST_VERSION + 5 && supported == migrations::LATEST_VERSION),
            "got {err:?}"
        );
    }

    #[test]
    fn an_unwritable_location_is_a_clear_open_error() {
        let err = Store::open(Path::new("/nonexistent-dir/for/sure/db.sqlite3")).unwrap_err();
        assert!(
            err.to_string()
                .contains("/nonexistent-dir/for/sure/db.sqlite3"),
            "{err}"
        );
    }
}
