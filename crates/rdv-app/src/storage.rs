//! Opening the app's local database at start: encrypted with SQLCipher, its key kept only in
//! the OS keychain, a plain database from an earlier version encrypted in place, the data folder
//! and its files private to the user. Every production opener goes through [`open_store`]
//! (the desktop shell); `rdv sheet` reads the same key, read-only. (`rdv-server` and `rdv-sync`,
//! development tools that only link a sandbox on 127.0.0.1, keep a plain file: the first keeps
//! `--data DIR` across runs with secrets that die with each run, the crash tests share the
//! second's file between their own `App` and the process they kill.)
//!
//! Why the key is never generated over an existing file: a new key cannot open the old file,
//! and nothing but the keychain holds the old one; [`StoreOpenError::KeyMissing`] says so, and
//! only a rebuild from Google (the recovery screen) helps.

use rdv_core::Sensitive;
use rdv_core::ports::{SecretKey, SecretStore, SecretStoreError};
use rdv_store::{DATABASE_FILE, DATABASE_KEY_NAME, DbKey, Store, StoreError};
use std::path::{Path, PathBuf};

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
        /// The newest this build reads ([`rdv_store::LATEST_VERSION`]).
        supported: i64,
    },
    /// The disk is full (or the quota reached): free space, then retry.
    #[error("the disk is full: {0}")]
    DiskFull(String),
    /// Anything else (permissions, I/O): the message says what.
    #[error("cannot open the local database: {0}")]
    Other(String),
}

/// The keychain entry of the database key.
pub fn database_key_name() -> SecretKey {
    SecretKey::new(DATABASE_KEY_NAME)
}

/// The database key the keychain holds, if any (never generates one): what the recovery
/// screen's read-only salvage of an encrypted file needs (`key.sql_literal()` for its
/// `PRAGMA key`). An entry that is not 64 hex digits counts as none.
pub fn stored_key(secrets: &dyn SecretStore) -> Result<Option<DbKey>, StoreOpenError> {
    Ok(secrets
        .get(&database_key_name())
        .map_err(keychain_error)?
        .and_then(|hex| DbKey::from_hex(hex.expose())))
}

/// Opens (creating, migrating, encrypting when needed) the app's database in `data_dir`
/// (file `rdv_store::DATABASE_FILE`), the key read from — or generated once into — `secrets`.
///
/// In order: the key is read from the keychain (locked or absent keychain: an error, and
/// nothing is created); an encrypted file without a key is [`StoreOpenError::KeyMissing`]; with
/// no file yet, 32 random bytes are drawn and stored (and read back) before anything is
/// written; a leftover of an interrupted encryption is removed; a plain file is encrypted in
/// place ([`encrypt_in_place`]); the file is opened with [`Store::open_encrypted`]; the folder
/// and the database's files are made 0700 and 0600 ([`make_private`], best effort, before and
/// after opening).
pub fn open_store(data_dir: &Path, secrets: &dyn SecretStore) -> Result<Store, StoreOpenError> {
    // First, so a file that will not open (an earlier version's plain file, damaged) and the
    // folder are private too; again once open, for what opening created.
    make_private(data_dir, DATABASE_FILE);
    let store = open_store_file(&data_dir.join(DATABASE_FILE), secrets)?;
    make_private(data_dir, DATABASE_FILE);
    Ok(store)
}

/// [`open_store`] on the database file `path`: the key, migration and checks; the file, its
/// -wal and -shm made 0600 (the folder is [`open_store`]'s).
pub(crate) fn open_store_file(
    path: &Path,
    secrets: &dyn SecretStore,
) -> Result<Store, StoreOpenError> {
    let plain = rdv_store::is_plain_database(path).map_err(io_error)?;
    let has_data = std::fs::metadata(path).is_ok_and(|m| m.len() > 0);
    let encrypted_exists = has_data && !plain;
    let name = database_key_name();
    let key = match stored_key(secrets)? {
        Some(key) => key,
        None if encrypted_exists => return Err(StoreOpenError::KeyMissing),
        None => new_key(secrets, &name)?,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(io_error)?;
    }
    remove_leftover(&temp_path(path)).map_err(io_error)?;
    if plain {
        encrypt_in_place(path, &key)?;
    } else if !has_data {
        // Created 0600 before SQLite writes to it: SQLite gives the -wal and -shm its mode.
        let _ = std::fs::remove_file(path);
        create_private_file(path).map_err(io_error)?;
    }
    let store = Store::open_encrypted(path, &key).map_err(classify)?;
    // Files an earlier version (or another umask) left looser.
    for file in [
        path.to_owned(),
        with_suffix(path, "-wal"),
        with_suffix(path, "-shm"),
    ] {
        if let Err(e) = make_file_private(&file) {
            tracing::warn!(path = %file.display(), error = %e, "cannot make this file private to the user; continuing");
        }
    }
    Ok(store)
}

/// Draws a new key, stores it in the keychain, and reads it back: a key the keychain did not
/// keep must not encrypt anything.
fn new_key(secrets: &dyn SecretStore, name: &SecretKey) -> Result<DbKey, StoreOpenError> {
    let mut bytes = zeroize::Zeroizing::new([0u8; 32]);
    getrandom::fill(bytes.as_mut_slice())
        .map_err(|e| StoreOpenError::Other(format!("no random source: {e}")))?;
    let key = DbKey::from_bytes(*bytes);
    secrets
        .set(name, &Sensitive::new(key.to_hex().to_string()))
        .map_err(keychain_error)?;
    let kept = secrets
        .get(name)
        .map_err(keychain_error)?
        .and_then(|hex| DbKey::from_hex(hex.expose()));
    match kept {
        Some(kept) if kept.to_hex() == key.to_hex() => {
            tracing::info!("a new key for the local database is in the keychain");
            Ok(key)
        }
        _ => Err(StoreOpenError::KeychainUnavailable(
            "the keychain did not keep the database key".into(),
        )),
    }
}

/// Where an interrupted encryption leaves its copy, beside the database.
fn temp_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".encrypting");
    PathBuf::from(name)
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Removes the copy (and its journals) an encryption killed half-way left behind; the plain
/// file beside it is intact and is encrypted again.
fn remove_leftover(temp: &Path) -> std::io::Result<()> {
    for file in [
        temp.to_owned(),
        with_suffix(temp, "-journal"),
        with_suffix(temp, "-wal"),
        with_suffix(temp, "-shm"),
    ] {
        match std::fs::remove_file(&file) {
            Ok(()) => tracing::info!("removed the copy of an interrupted database encryption"),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Encrypts the plain database at `path` in place, nothing lost: its WAL is checkpointed and
/// everything exported into an encrypted copy beside it (same schema version), the copy synced,
/// then renamed over the original (atomic on one file system) and the folder synced; the plain
/// file's -wal and -shm, emptied by the checkpoint, are removed. Killed before the rename, the
/// plain file is intact (and the copy removed at the next start); after it, the encrypted file
/// is complete.
pub fn encrypt_in_place(path: &Path, key: &DbKey) -> Result<(), StoreOpenError> {
    let temp = temp_path(path);
    remove_leftover(&temp).map_err(io_error)?;
    create_private_file(&temp).map_err(io_error)?;
    Store::export_encrypted(path, &temp, key).map_err(classify)?;
    std::fs::File::open(&temp)
        .and_then(|f| f.sync_all())
        .map_err(io_error)?;
    std::fs::rename(&temp, path).map_err(io_error)?;
    if let Some(dir) = path.parent() {
        sync_dir(dir).map_err(io_error)?;
    }
    for stale in [with_suffix(path, "-wal"), with_suffix(path, "-shm")] {
        match std::fs::remove_file(&stale) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(io_error(e)),
            _ => {}
        }
    }
    tracing::info!("the local database was encrypted in place (SQLCipher)");
    Ok(())
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Creates an empty file readable by its owner only (SQLite takes a new database's -wal and
/// -shm modes from it).
fn create_private_file(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path).map(drop)
}

/// Makes the file at `path` (if there is one) readable and writable by its owner only.
fn make_file_private(path: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        match std::fs::symlink_metadata(path) {
            Ok(meta) if meta.is_file() => {
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Makes `dir` private to the user, best effort: the folder 0700 and each of **our** files
/// directly in it (their names start with `prefix`: the database and its `-wal`, `-shm`,
/// `-journal` and set-aside copies; the log files) 0600, those an earlier version or another
/// umask left looser included. Other files and symbolic links are left alone. What cannot be
/// changed (a file left owned by root after a `sudo` run) is logged as a warning and skipped:
/// it never stops the app. Nothing to do on other systems than Unix (the user's profile
/// folders are private there).
pub fn make_private(dir: &Path, prefix: &str) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        make_private_with(dir, prefix, &|path, mode| {
            std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        });
    }
    #[cfg(not(unix))]
    let _ = (dir, prefix);
}

/// [`make_private`] with the permission change given (a seam for tests: root may change any
/// file's mode). Returns the paths that could not be made private.
#[cfg(unix)]
fn make_private_with(
    dir: &Path,
    prefix: &str,
    set: &dyn Fn(&Path, u32) -> std::io::Result<()>,
) -> Vec<PathBuf> {
    let mut failed = Vec::new();
    let mut attempt = |path: &Path, mode: u32| {
        if let Err(e) = set(path, mode) {
            tracing::warn!(path = %path.display(), error = %e, "cannot make this file private to the user; continuing");
            failed.push(path.to_owned());
        }
    };
    if !dir.is_dir() {
        return failed;
    }
    attempt(dir, 0o700);
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            tracing::warn!(path = %dir.display(), error = %e, "cannot list this folder to make its files private; continuing");
            failed.push(dir.to_owned());
            return failed;
        }
    };
    for entry in entries.flatten() {
        let ours = entry.file_name().to_string_lossy().starts_with(prefix);
        if ours && entry.file_type().is_ok_and(|t| t.is_file()) {
            attempt(&entry.path(), 0o600);
        }
    }
    failed
}

fn keychain_error(e: SecretStoreError) -> StoreOpenError {
    match e {
        SecretStoreError::Locked(m) => StoreOpenError::KeychainLocked(m),
        SecretStoreError::Unavailable(m) | SecretStoreError::Failed(m) => {
            StoreOpenError::KeychainUnavailable(m)
        }
        other => StoreOpenError::KeychainUnavailable(other.to_string()),
    }
}

fn io_error(e: std::io::Error) -> StoreOpenError {
    if e.kind() == std::io::ErrorKind::StorageFull || e.kind() == std::io::ErrorKind::QuotaExceeded
    {
        StoreOpenError::DiskFull(e.to_string())
    } else {
        StoreOpenError::Other(e.to_string())
    }
}

/// Sorts the store's error into what the user can do about it.
fn classify(e: StoreError) -> StoreOpenError {
    match e {
        StoreError::NewerSchema { found, supported } => {
            StoreOpenError::NewerVersion { found, supported }
        }
        e if e.is_unreadable() => StoreOpenError::Unreadable(e.to_string()),
        e if e.is_disk_full() => StoreOpenError::DiskFull(e.to_string()),
        e => StoreOpenError::Other(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rdv_core::ports::testing::MemorySecretStore;
    use rdv_store::LATEST_VERSION;

    fn sqlite_failure(code: i32) -> StoreError {
        StoreError::Sqlite(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(code),
            None,
        ))
    }

    /// A database made by `open_store` (encrypted, its key in `secrets`), then closed.
    fn made(dir: &Path, secrets: &MemorySecretStore) -> PathBuf {
        let store = open_store(dir, secrets).unwrap();
        store.set_setting("probe", "x").unwrap();
        drop(store);
        dir.join(DATABASE_FILE)
    }

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).unwrap().permissions().mode() & 0o777
    }

    #[cfg(unix)]
    fn set_mode(path: &Path, mode: u32) {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_file_that_will_not_open_and_its_folder_are_still_made_private() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("data");
        std::fs::create_dir(&dir).unwrap();
        set_mode(&dir, 0o755);
        // An earlier version's plain file, damaged past its header.
        let file = dir.join(DATABASE_FILE);
        let mut bytes = b"SQLite format 3\0".to_vec();
        bytes.extend((0..8_000_u32).map(|i| (i * 13 % 251) as u8));
        std::fs::write(&file, &bytes).unwrap();
        set_mode(&file, 0o644);
        let other = dir.join("notes.txt");
        std::fs::write(&other, "not ours").unwrap();
        set_mode(&other, 0o644);
        assert!(open_store(&dir, &MemorySecretStore::default()).is_err());
        assert_eq!(mode(&dir), 0o700, "the folder");
        assert_eq!(mode(&file), 0o600, "the file that did not open");
        assert_eq!(mode(&other), 0o644, "only our own files are changed");
    }

    #[cfg(unix)]
    #[test]
    fn a_file_whose_mode_cannot_change_is_skipped_and_the_others_are_still_made_private() {
        // Tests run as root here, who may change any file's mode: the refusal (EPERM, a file
        // left owned by root after a `sudo` run) comes through the seam.
        let dir = tempfile::tempdir().unwrap();
        let stuck = dir.path().join(format!("{DATABASE_FILE}-wal"));
        let free = dir.path().join(DATABASE_FILE);
        for file in [&stuck, &free] {
            std::fs::write(file, "x").unwrap();
            set_mode(file, 0o644);
        }
        let failed = make_private_with(dir.path(), DATABASE_FILE, &|path, mode| {
            if path == stuck {
                Err(std::io::Error::from_raw_os_error(1)) // EPERM
            } else {
                use std::os::unix::fs::PermissionsExt;
                std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
            }
        });
        assert_eq!(failed, vec![stuck]);
        assert_eq!(mode(&free), 0o600);
        assert_eq!(mode(dir.path()), 0o700);
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
    fn a_garbage_file_whose_key_is_known_is_unreadable() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = MemorySecretStore::default();
        let path = made(dir.path(), &secrets);
        std::fs::write(&path, vec![0xa5_u8; 10_000]).unwrap();
        let err = open_store(dir.path(), &secrets).unwrap_err();
        assert!(matches!(err, StoreOpenError::Unreadable(_)), "{err:?}");
    }

    #[test]
    fn a_truncated_file_is_unreadable() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = MemorySecretStore::default();
        let path = made(dir.path(), &secrets);
        let bytes = std::fs::read(&path).unwrap();
        // The header says more pages than the file has; the schema page is cut.
        std::fs::write(&path, &bytes[..bytes.len().min(1500)]).unwrap();
        let err = open_store(dir.path(), &secrets).unwrap_err();
        assert!(matches!(err, StoreOpenError::Unreadable(_)), "{err:?}");
    }

    #[test]
    fn a_newer_file_is_refused_before_any_migration() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = MemorySecretStore::default();
        let path = made(dir.path(), &secrets);
        let key = stored_key(&secrets).unwrap().unwrap();
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "key", key.sql_literal().as_str())
            .unwrap();
        conn.pragma_update(None, "user_version", LATEST_VERSION + 3)
            .unwrap();
        drop(conn);
        let err = open_store(dir.path(), &secrets).unwrap_err();
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
