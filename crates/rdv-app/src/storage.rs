//! Opening the app's database at start, and why it could not be opened: each reason is one
//! [`StoreOpenError`] variant the recovery screen ([`crate::recovery`]) explains and acts on.
//!
//! This body opens the plain file; the encryption work (issue #17 item 1) replaces it with the
//! SQLCipher one (key in the keychain) behind the same signature.

use rdv_core::ports::{SecretStore, SecretStoreError};
use rdv_store::{DATABASE_FILE, LATEST_VERSION, Store, StoreError};
use std::path::Path;

/// Why the local database could not be opened at start. Each variant is something the user (or
/// the recovery screen) can act on. Never carries personal data.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum StoreOpenError {
    /// The keychain holding the database key is locked (unlock it, then retry).
    #[error("the system keychain is locked: {0}")]
    KeychainLocked(String),
    /// No keychain answers in this session (retry once the session's keychain runs).
    #[error("no system keychain is available: {0}")]
    KeychainUnavailable(String),
    /// The database file exists and is encrypted, but the keychain has no key for it (the
    /// keychain was reset, or the file comes from another machine). Only a rebuild helps.
    #[error("the key of the local database is not in the keychain")]
    KeyMissing,
    /// The file is not a database this key opens: damaged, or encrypted with another key.
    #[error("the local database is damaged or unreadable: {0}")]
    Unreadable(String),
    /// A newer version of the app wrote this file (schema `found` > `supported`).
    #[error(
        "the local database was written by a newer version (schema {found}, this version reads {supported})"
    )]
    NewerVersion {
        /// The file's schema version.
        found: i64,
        /// The newest schema this build reads.
        supported: i64,
    },
    /// The disk is full (or the quota reached): free space, then retry.
    #[error("the disk is full: {0}")]
    DiskFull(String),
    /// Anything else (permissions, I/O): the message says what.
    #[error("cannot open the local database: {0}")]
    Other(String),
}

impl From<SecretStoreError> for StoreOpenError {
    fn from(e: SecretStoreError) -> Self {
        match e {
            SecretStoreError::Locked(m) => Self::KeychainLocked(m),
            SecretStoreError::Unavailable(m) => Self::KeychainUnavailable(m),
            other => Self::Other(other.to_string()),
        }
    }
}

/// Opens (creating, migrating, encrypting when needed) the app's database in `data_dir`
/// (file `rdv_store::DATABASE_FILE`), the key read from — or generated once into — `secrets`.
pub fn open_store(data_dir: &Path, secrets: &dyn SecretStore) -> Result<Store, StoreOpenError> {
    let _ = secrets;
    let path = data_dir.join(DATABASE_FILE);
    // Checked before any migration runs: a newer file is never touched.
    if let Some(found) = rdv_store::salvage::file_schema_version(&path, None).map_err(classify)?
        && found > LATEST_VERSION
    {
        return Err(StoreOpenError::NewerVersion {
            found,
            supported: LATEST_VERSION,
        });
    }
    Store::open(&path).map_err(classify)
}

/// The SQLite error under a store error, if any.
fn sqlite_code(e: &StoreError) -> Option<rusqlite::ErrorCode> {
    match e {
        StoreError::Open { source, .. } | StoreError::Sqlite(source) => source.sqlite_error_code(),
        StoreError::Migration(rusqlite_migration::Error::RusqliteError { err, .. }) => {
            err.sqlite_error_code()
        }
        _ => None,
    }
}

/// Sorts a store error into what the user can do about it (SQLite's codes: `NOTADB`/`CORRUPT`
/// → unreadable, `FULL` → disk full). The message is SQLite's or the store's: a path at most,
/// never a row's content.
fn classify(e: StoreError) -> StoreOpenError {
    match sqlite_code(&e) {
        Some(rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt) => {
            StoreOpenError::Unreadable(e.to_string())
        }
        Some(rusqlite::ErrorCode::DiskFull) => StoreOpenError::DiskFull(e.to_string()),
        _ => StoreOpenError::Other(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rdv_core::ports::testing::MemorySecretStore;

    fn sqlite_failure(code: i32) -> StoreError {
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(code),
            None,
        ))
    }

    #[test]
    fn sqlite_codes_are_sorted_by_what_the_user_can_do() {
        // A full disk cannot be made on demand in a test: its classification is checked here.
        assert!(matches!(
            classify(sqlite_failure(rusqlite::ffi::SQLITE_FULL)),
            StoreOpenError::DiskFull(_)
        ));
        assert!(matches!(
            classify(sqlite_failure(rusqlite::ffi::SQLITE_CORRUPT)),
            StoreOpenError::Unreadable(_)
        ));
        assert!(matches!(
            classify(sqlite_failure(rusqlite::ffi::SQLITE_NOTADB)),
            StoreOpenError::Unreadable(_)
        ));
        assert!(matches!(
            classify(sqlite_failure(rusqlite::ffi::SQLITE_PERM)),
            StoreOpenError::Other(_)
        ));
    }

    #[test]
    fn a_garbage_file_is_unreadable() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(DATABASE_FILE), vec![0xa5_u8; 10_000]).unwrap();
        let err = open_store(dir.path(), &MemorySecretStore::default()).unwrap_err();
        assert!(matches!(err, StoreOpenError::Unreadable(_)), "{err:?}");
    }

    #[test]
    fn a_truncated_file_is_unreadable() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DATABASE_FILE);
        let store = Store::open(&path).unwrap();
        store.set_setting("probe", "x").unwrap();
        drop(store);
        let bytes = std::fs::read(&path).unwrap();
        // The header says more pages than the file has; the schema page is cut.
        std::fs::write(&path, &bytes[..bytes.len().min(1500)]).unwrap();
        let err = open_store(dir.path(), &MemorySecretStore::default()).unwrap_err();
        assert!(matches!(err, StoreOpenError::Unreadable(_)), "{err:?}");
    }

    #[test]
    fn a_newer_file_is_refused_before_any_migration() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(DATABASE_FILE);
        drop(Store::open(&path).unwrap());
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", LATEST_VERSION + 3)
            .unwrap();
        drop(conn);
        let err = open_store(dir.path(), &MemorySecretStore::default()).unwrap_err();
        assert!(
            matches!(err, StoreOpenError::NewerVersion { found, supported }
                if found == LATEST_VERSION + 3 && supported == LATEST_VERSION),
            "{err:?}"
        );
    }

    #[test]
    fn a_missing_file_is_created() {
        let dir = tempfile::tempdir().unwrap();
        let store = open_store(dir.path(), &MemorySecretStore::default()).unwrap();
        assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
    }
}
