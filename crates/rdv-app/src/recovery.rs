//! The recovery screen's logic: the database could not be opened at start ([`StoreOpenError`]).
//! The app does not start; the shell keeps a [`Recovery`] instead and offers two actions:
//!
//! - **Réessayer** ([`Recovery::retry`]): open again (after unlocking the keychain, freeing
//!   space, installing the newer version);
//! - **Mettre le fichier de côté et reconstruire depuis Google** ([`Recovery::rebuild`]), not
//!   offered when the keychain is locked or unavailable nor when the disk is full (the file may
//!   be healthy): a new database is built beside the old one under a temporary name, with what
//!   was read from the old one put back: the outbox (edits not yet sent to Google, which exist
//!   nowhere else), the erasure requests not finished (with their parts, so what is still to
//!   erase in Google or on the booking site is resumed), the availability drafts not yet
//!   published, each calendar's choices (shown
//!   or not, what counts as an appointment) and the settings listed in [`KEPT_SETTINGS`] (the
//!   linked account, the booking site's link, retention, the device's preferences). Only then
//!   is the old file (and its `-wal`/`-shm`) kept as `<file>.damaged-<UTC time>` (never
//!   deleted) and the new one renamed into its place in one step: a failure or a crash before
//!   leaves the old file in place, and the rebuild can be tried again. Sync then fills the
//!   cache again from Google (events, the published availability). Not carried over: the
//!   activity log, the booking site's records, the purge log and the finished erasure requests —
//!   they stay in the file moved aside.
//!
//! The old file is read **read-only** ([`rdv_store::salvage`]); when it cannot be read at all,
//! nothing is put back (the screen says so, and the file stays aside for support).

use crate::ipc::{OutboxItem, RecoveryInfo, RecoveryReason};
use crate::storage::{StoreOpenError, open_store};
use chrono::{DateTime, Utc};
use rdv_core::Language;
use rdv_core::ports::SecretStore;
use rdv_store::salvage::{Salvage, read_salvage};
use rdv_store::{DATABASE_FILE, Store};
use std::path::{Path, PathBuf};

/// The settings a rebuild carries over from the old file: the linked Google account (so no new
/// linking is needed; its tokens are in the keychain), the booking site's link, retention, the
/// reminders already shown (none is shown twice) and the device's own preferences. Left behind:
/// what describes the old cache (last sync, the site's cursor), which the rebuild starts again.
pub const KEPT_SETTINGS: [&str; 17] = [
    crate::account::DEVICE_SETTINGS[0],
    crate::account::DEVICE_SETTINGS[1],
    crate::account::DEVICE_SETTINGS[2],
    crate::account::DEVICE_SETTINGS[3],
    crate::account::DEVICE_SETTINGS[4],
    crate::account::EMAIL,
    crate::account::DEMO,
    crate::account::RECONNECT,
    crate::account::SANDBOX_URL,
    crate::site::URL,
    crate::site::USER,
    crate::site::NAME,
    crate::site::GOOGLE,
    crate::privacy::DAYS,
    crate::privacy::STARTED,
    crate::privacy::NOTICE,
    crate::reminders::STATE,
];

/// The start-up state when the database could not be opened.
#[derive(Debug)]
pub struct Recovery {
    data_dir: PathBuf,
    error: StoreOpenError,
    /// What was read from the file before it was moved aside (`Err`: why it could not be).
    salvage: Result<Salvage, String>,
    /// Where the file went, once moved aside.
    set_aside: Option<PathBuf>,
}

impl Recovery {
    /// The recovery state for `error`, with what can be read (read-only) of the database file in
    /// `data_dir` — with the database key from `secrets` when there is one.
    pub fn diagnose(data_dir: &Path, error: StoreOpenError, secrets: &dyn SecretStore) -> Self {
        let salvage = read(data_dir, secrets);
        tracing::warn!(error = %error, readable = salvage.is_ok(), "the local database cannot be opened: recovery screen");
        Self {
            data_dir: data_dir.to_owned(),
            error,
            salvage,
            set_aside: None,
        }
    }

    /// Why the database could not be opened (the last attempt).
    pub fn error(&self) -> &StoreOpenError {
        &self.error
    }

    /// What the recovery screen shows.
    pub fn info(&self) -> RecoveryInfo {
        let language = self
            .salvage
            .as_ref()
            .ok()
            .and_then(|s| {
                s.settings
                    .iter()
                    .find(|(k, _)| k == rdv_store::LANGUAGE_KEY)
            })
            .and_then(|(_, v)| serde_json::from_value(serde_json::Value::String(v.clone())).ok())
            .unwrap_or(Language::Fr);
        let pending = self.salvage.as_ref().ok().map(|s| {
            s.outbox
                .iter()
                .map(|(row, start)| crate::outbox::outbox_item(row, start.clone(), language))
                .collect::<Vec<OutboxItem>>()
        });
        RecoveryInfo {
            reason: reason(&self.error),
            detail: self.error.to_string(),
            file: self.data_dir.join(DATABASE_FILE).display().to_string(),
            language,
            pending,
            set_aside: self.set_aside.as_ref().map(|p| p.display().to_string()),
            can_rebuild: self.can_rebuild(),
        }
    }

    /// Whether a rebuild is offered for the last error: not when the keychain is locked or
    /// unavailable nor when the disk is full (the file may be healthy: *Réessayer* after the
    /// advice opens it), nor before anything was tried.
    pub fn can_rebuild(&self) -> bool {
        self.set_aside.is_some() || rebuild_offered(&self.error)
    }

    /// *Réessayer*: opens the database again (once a rebuild put a new file in place, that
    /// file). On failure, `self` holds the new reason.
    pub fn retry(&mut self, secrets: &dyn SecretStore) -> Result<Store, &StoreOpenError> {
        open_store(&self.data_dir, secrets).map_err(|e| {
            if self.set_aside.is_none() {
                self.salvage = read(&self.data_dir, secrets);
            }
            self.error = e;
            &self.error
        })
    }

    /// *Mettre le fichier de côté et reconstruire depuis Google*: builds a new database beside
    /// the old one under a temporary name (`<file>.rebuilding`), with the outbox, the
    /// unpublished availability drafts, the calendars' choices and [`KEPT_SETTINGS`] read from
    /// the old one put back; then keeps the old file under `<file>.damaged-<UTC time>` (named
    /// from `now`) and renames the new one into its place, in one step ([`swap_in`]). A failure
    /// before that step leaves the old file where it was and nothing half-built in its place:
    /// the rebuild can simply be tried again. Refused (the error unchanged) when
    /// [`Recovery::can_rebuild`] is false.
    pub fn rebuild(
        &mut self,
        secrets: &dyn SecretStore,
        now: DateTime<Utc>,
    ) -> Result<Store, &StoreOpenError> {
        if self.set_aside.is_some() {
            return self.retry(secrets);
        }
        if !rebuild_offered(&self.error) {
            return Err(&self.error);
        }
        let file = self.data_dir.join(DATABASE_FILE);
        if self.salvage.is_err() {
            // The keychain may answer now (it did not when the screen opened).
            self.salvage = read(&self.data_dir, secrets);
        }
        let built = building_path(&file);
        if let Err(e) = self.build(&built, secrets) {
            remove_with_companions(&built);
            self.error = e;
            return Err(&self.error);
        }
        match swap_in(&file, &built, now) {
            Ok(moved) => {
                tracing::info!(to = %moved.display(), "the local database was moved aside and rebuilt");
                self.set_aside = Some(moved);
            }
            Err(e) => {
                remove_with_companions(&built);
                self.error = StoreOpenError::Other(format!("cannot move the file aside: {e}"));
                return Err(&self.error);
            }
        }
        self.retry(secrets)
    }

    /// The new database at `built` (a leftover of an earlier attempt removed first), with what
    /// was read from the old one put back, closed and its journal folded in.
    fn build(&self, built: &Path, secrets: &dyn SecretStore) -> Result<(), StoreOpenError> {
        remove_with_companions(built);
        let store = crate::storage::open_store_file(built, secrets)?;
        if let Ok(salvage) = &self.salvage {
            restore(&store, salvage).map_err(|e| StoreOpenError::Other(e.to_string()))?;
        }
        store
            .truncate_wal()
            .map_err(|e| StoreOpenError::Other(e.to_string()))?;
        drop(store);
        Ok(())
    }
}

/// Whether a rebuild can help with `error` (see [`Recovery::can_rebuild`]).
fn rebuild_offered(error: &StoreOpenError) -> bool {
    !matches!(
        error,
        StoreOpenError::KeychainLocked(_)
            | StoreOpenError::KeychainUnavailable(_)
            | StoreOpenError::DiskFull(_)
    )
}

/// Where a rebuild builds the new database before it takes the old one's place.
fn building_path(file: &Path) -> PathBuf {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| DATABASE_FILE.to_owned());
    file.with_file_name(format!("{name}.rebuilding"))
}

/// Removes `file` and its `-wal`, `-shm`, `-journal` (best effort: absent is fine).
fn remove_with_companions(file: &Path) {
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let _ = std::fs::remove_file(file.with_file_name(format!("{name}{suffix}")));
    }
}

/// What the user can do about `error`.
fn reason(error: &StoreOpenError) -> RecoveryReason {
    match error {
        StoreOpenError::KeychainLocked(_) => RecoveryReason::KeychainLocked,
        StoreOpenError::KeychainUnavailable(_) => RecoveryReason::KeychainUnavailable,
        StoreOpenError::KeyMissing => RecoveryReason::KeyMissing,
        StoreOpenError::Unreadable(_) => RecoveryReason::Unreadable,
        StoreOpenError::NewerVersion { .. } => RecoveryReason::NewerVersion,
        StoreOpenError::DiskFull(_) => RecoveryReason::DiskFull,
        _ => RecoveryReason::Other,
    }
}

/// Reads (read-only) the settings and the outbox of the database in `data_dir`.
fn read(data_dir: &Path, secrets: &dyn SecretStore) -> Result<Salvage, String> {
    let path = data_dir.join(DATABASE_FILE);
    if !path.exists() {
        return Err("no database file".into());
    }
    read_salvage(
        &path,
        salvage_key(&path, secrets).as_deref().map(String::as_str),
    )
    .map_err(|e| e.to_string())
}

/// The database key as SQLite's `PRAGMA key` takes it (the raw-key literal), read from the
/// keychain as [`open_store`] reads it, to read the encrypted file at `path`; `None` for a plain
/// file (an earlier version's, not yet encrypted) or when the keychain has no key.
fn salvage_key(path: &Path, secrets: &dyn SecretStore) -> Option<zeroize::Zeroizing<String>> {
    if rdv_store::is_plain_database(path).unwrap_or(false) {
        return None;
    }
    crate::storage::stored_key(secrets)
        .ok()
        .flatten()
        .map(|key| key.sql_literal())
}

/// Puts back the kept settings and the outbox (same operation ids, states and reasons).
fn restore(store: &Store, salvage: &Salvage) -> Result<(), rdv_store::StoreError> {
    for (key, value) in &salvage.settings {
        if KEPT_SETTINGS.contains(&key.as_str()) {
            store.set_setting(key, value)?;
        }
    }
    for (row, _) in &salvage.outbox {
        store.outbox_restore(row)?;
    }
    for (calendar, appointments) in &salvage.calendars {
        store.calendar_restore(calendar, appointments)?;
    }
    for (calendar_id, config, updated) in &salvage.availability_drafts {
        store.save_availability(calendar_id, config, updated)?;
    }
    for erasure in &salvage.erasures {
        store.erasure_restore(erasure)?;
    }
    tracing::info!(
        edits = salvage.outbox.len(),
        "the outbox read from the old file was put back"
    );
    Ok(())
}

/// Renames the database file and its `-wal`/`-shm` companions to `<file>.damaged-<UTC time>`
/// (and `…-wal`, `…-shm`, so the three still open together), never overwriting: a second move
/// in the same second gets `-2`, `-3`… Returns the new name of the database file.
pub fn set_aside(file: &Path, now: DateTime<Utc>) -> std::io::Result<PathBuf> {
    let target = aside_companions(file, now)?;
    if file.exists() {
        std::fs::rename(file, &target)?;
    }
    Ok(target)
}

/// Puts the database built at `built` in the place of `file`, the old one kept under the name
/// [`set_aside`] gives it. The old file is first given its new name as a second link, then
/// `built` is renamed over `file` (one atomic step) and the folder synced: at every moment
/// `file` is either the old database or the complete new one. Where links are not supported,
/// the old file is renamed, then the new one.
fn swap_in(file: &Path, built: &Path, now: DateTime<Utc>) -> std::io::Result<PathBuf> {
    let target = aside_companions(file, now)?;
    if file.exists() && std::fs::hard_link(file, &target).is_err() {
        std::fs::rename(file, &target)?;
    }
    std::fs::rename(built, file)?;
    if let Some(dir) = file.parent() {
        sync_dir(dir);
    }
    Ok(target)
}

/// Flushes a folder's entries (the renames) to disk; best effort (not possible everywhere).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Err(e) = std::fs::File::open(dir).and_then(|d| d.sync_all()) {
        tracing::warn!(error = %e, "the data folder could not be synced");
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// The `<file>.damaged-<UTC time>` name (never an existing one), the `-wal`/`-shm` companions
/// already moved to it. The companions go first: a crash in between leaves the main file where
/// SQLite looks, with no stale WAL beside a new file.
fn aside_companions(file: &Path, now: DateTime<Utc>) -> std::io::Result<PathBuf> {
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| DATABASE_FILE.to_owned());
    let sibling = |suffix: &str| file.with_file_name(format!("{name}{suffix}"));
    let mut target = sibling(&format!(".damaged-{stamp}"));
    let mut n = 1;
    while target.exists() {
        n += 1;
        target = sibling(&format!(".damaged-{stamp}-{n}"));
    }
    let target_name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    for companion in ["-wal", "-shm"] {
        let from = sibling(companion);
        if from.exists() {
            std::fs::rename(
                &from,
                file.with_file_name(format!("{target_name}{companion}")),
            )?;
        }
    }
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use rdv_core::ports::testing::MemorySecretStore;
    use rdv_store::{LATEST_VERSION, OutboxState};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, 8, 30, 0).unwrap()
    }

    /// A database in `dir` with a linked account, a sync mark, and two queued edits (one failed).
    fn used_database(dir: &Path) {
        let store = Store::open(&dir.join(DATABASE_FILE)).unwrap();
        store
            .set_setting(crate::account::EMAIL, "cabinet@example.org")
            .unwrap();
        store.set_setting(crate::account::DEMO, "0").unwrap();
        store.set_setting(rdv_store::LANGUAGE_KEY, "en").unwrap();
        store
            .set_setting("sync.lastSuccess", "2026-03-01T10:00:00Z")
            .unwrap();
        store
            .outbox_push(
                "op-a",
                "cal",
                "ev1",
                "cancel",
                "{}",
                Some("\"1\""),
                "2026-03-01T09:00:00Z",
            )
            .unwrap();
        let failed = store
            .outbox_push(
                "op-b",
                "cal",
                "ev2",
                "move",
                "{}",
                Some("\"2\""),
                "2026-03-01T09:05:00Z",
            )
            .unwrap();
        store.outbox_fail(failed.seq, "conflit").unwrap();
        store
            .save_availability("cal", "{}", "2026-03-01T08:00:00Z")
            .unwrap();
    }

    /// Marks the file as written by a newer version (its schema version one above this build's).
    fn raise_version(dir: &Path) {
        let conn = rusqlite::Connection::open(dir.join(DATABASE_FILE)).unwrap();
        conn.pragma_update(None, "user_version", LATEST_VERSION + 1)
            .unwrap();
    }

    fn files(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_garbage_file_shows_unreadable_then_a_rebuild_moves_it_aside_and_starts_empty() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = MemorySecretStore::default();
        // A file the app made (its key in the keychain), then damaged beyond reading.
        drop(open_store(dir.path(), &secrets).unwrap());
        let garbage: Vec<u8> = (0..20_000_u32).map(|i| (i * 7 % 251) as u8).collect();
        std::fs::write(dir.path().join(DATABASE_FILE), &garbage).unwrap();
        let err = open_store(dir.path(), &secrets).unwrap_err();
        let mut recovery = Recovery::diagnose(dir.path(), err, &secrets);
        let info = recovery.info();
        assert_eq!(info.reason, RecoveryReason::Unreadable);
        assert_eq!(info.pending, None, "nothing could be read");
        assert_eq!(info.language, Language::Fr);
        assert!(info.file.ends_with(DATABASE_FILE));

        let store = recovery.rebuild(&secrets, now()).unwrap();
        assert_eq!(store.outbox().unwrap(), vec![]);
        assert_eq!(store.setting(crate::account::EMAIL).unwrap(), None);
        let aside = dir
            .path()
            .join(format!("{DATABASE_FILE}.damaged-20260302T083000Z"));
        assert_eq!(
            std::fs::read(&aside).unwrap(),
            garbage,
            "moved, never changed"
        );
        assert_eq!(
            recovery.info().set_aside.as_deref(),
            Some(aside.display().to_string().as_str())
        );
    }

    #[test]
    fn a_newer_file_keeps_its_outbox_and_account_through_a_rebuild() {
        let dir = tempfile::tempdir().unwrap();
        used_database(dir.path());
        raise_version(dir.path());
        let secrets = MemorySecretStore::default();
        let err = open_store(dir.path(), &secrets).unwrap_err();
        let mut recovery = Recovery::diagnose(dir.path(), err, &secrets);
        let info = recovery.info();
        assert_eq!(info.reason, RecoveryReason::NewerVersion);
        assert_eq!(info.language, Language::En, "the file's language is read");
        let pending = info.pending.expect("a readable file's outbox is shown");
        let shown: Vec<_> = pending
            .iter()
            .map(|i| (i.action.as_str(), i.failed))
            .collect();
        assert_eq!(shown, [("cancel", false), ("move", true)]);

        let store = recovery.rebuild(&secrets, now()).unwrap();
        assert_eq!(store.schema_version().unwrap(), LATEST_VERSION);
        let outbox = store.outbox().unwrap();
        let ops: Vec<_> = outbox.iter().map(|r| (r.op_id.as_str(), r.state)).collect();
        assert_eq!(
            ops,
            [
                ("op-a", OutboxState::Pending),
                ("op-b", OutboxState::Failed)
            ],
            "the edits are queued again, as they were"
        );
        assert_eq!(
            store.setting(crate::account::EMAIL).unwrap().as_deref(),
            Some("cabinet@example.org"),
            "the account link survives"
        );
        assert_eq!(
            store.setting("sync.lastSuccess").unwrap(),
            None,
            "the cache restarts"
        );
        assert_eq!(
            store
                .availability("cal")
                .unwrap()
                .map(|a| a.config)
                .as_deref(),
            Some("{}"),
            "an unpublished availability draft survives"
        );
        let names = files(dir.path());
        assert!(
            names.contains(&format!("{DATABASE_FILE}.damaged-20260302T083000Z")),
            "{names:?}"
        );
    }

    /// A newer version's file made by `open_store` (encrypted, its key in `secrets`), in use.
    fn newer_encrypted(dir: &Path, secrets: &MemorySecretStore) {
        used_database(dir);
        drop(open_store(dir, secrets).unwrap());
        let key = crate::storage::stored_key(secrets).unwrap().unwrap();
        let conn = rusqlite::Connection::open(dir.join(DATABASE_FILE)).unwrap();
        conn.pragma_update(None, "key", key.sql_literal().as_str())
            .unwrap();
        conn.pragma_update(None, "user_version", LATEST_VERSION + 1)
            .unwrap();
    }

    #[test]
    fn a_locked_keychain_offers_no_rebuild_and_a_rebuild_moves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = MemorySecretStore::default();
        drop(open_store(dir.path(), &secrets).unwrap());
        let before = std::fs::read(dir.path().join(DATABASE_FILE)).unwrap();
        secrets.set_locked(true);
        let err = open_store(dir.path(), &secrets).unwrap_err();
        let mut recovery = Recovery::diagnose(dir.path(), err, &secrets);
        let info = recovery.info();
        assert_eq!(info.reason, RecoveryReason::KeychainLocked);
        assert!(!info.can_rebuild, "only Réessayer: the file may be healthy");
        secrets.set_locked(false);
        assert!(matches!(
            recovery.rebuild(&secrets, now()),
            Err(StoreOpenError::KeychainLocked(_))
        ));
        assert_eq!(
            files(dir.path()),
            [DATABASE_FILE.to_owned()],
            "nothing moved aside"
        );
        assert_eq!(
            std::fs::read(dir.path().join(DATABASE_FILE)).unwrap(),
            before
        );
        recovery.retry(&secrets).unwrap();
    }

    #[test]
    fn a_salvage_unreadable_at_first_is_read_again_with_the_key_at_rebuild() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = MemorySecretStore::default();
        newer_encrypted(dir.path(), &secrets);
        // The screen opened while the keychain was locked: nothing could be read then.
        secrets.set_locked(true);
        let err = open_store(dir.path(), &secrets).unwrap_err();
        secrets.set_locked(false);
        let err_now = open_store(dir.path(), &secrets).unwrap_err();
        assert!(matches!(err_now, StoreOpenError::NewerVersion { .. }));
        let mut recovery = Recovery::diagnose(dir.path(), err, &MemorySecretStore::default());
        assert_eq!(recovery.info().pending, None);
        recovery.error = err_now;
        let store = recovery.rebuild(&secrets, now()).unwrap();
        assert_eq!(
            store.outbox().unwrap().len(),
            2,
            "the edits were read again"
        );
        assert_eq!(
            store.setting(crate::account::EMAIL).unwrap().as_deref(),
            Some("cabinet@example.org")
        );
    }

    #[test]
    fn a_rebuild_that_fails_half_way_leaves_the_old_file_in_place_and_can_be_retried() {
        let dir = tempfile::tempdir().unwrap();
        let secrets = MemorySecretStore::default();
        newer_encrypted(dir.path(), &secrets);
        let before = std::fs::read(dir.path().join(DATABASE_FILE)).unwrap();
        let err = open_store(dir.path(), &secrets).unwrap_err();
        let mut recovery = Recovery::diagnose(dir.path(), err, &secrets);
        let complete = recovery.salvage.clone().unwrap();
        // The restore fails after the settings and the first edit (the same operation twice).
        let mut broken = complete.clone();
        broken.outbox.insert(1, broken.outbox[0].clone());
        recovery.salvage = Ok(broken);
        assert!(recovery.rebuild(&secrets, now()).is_err());
        let names = files(dir.path());
        assert!(
            names.contains(&DATABASE_FILE.to_owned())
                && !names
                    .iter()
                    .any(|n| n.contains("damaged") || n.contains("rebuilding")),
            "the old file stays where it was, nothing half-built beside it: {names:?}"
        );
        assert_eq!(
            std::fs::read(dir.path().join(DATABASE_FILE)).unwrap(),
            before
        );
        assert!(
            matches!(
                open_store(dir.path(), &secrets),
                Err(StoreOpenError::NewerVersion { .. })
            ),
            "a restart finds the old file, not a partial new one"
        );

        recovery.salvage = Ok(complete);
        let store = recovery.rebuild(&secrets, now()).unwrap();
        let ops: Vec<_> = store
            .outbox()
            .unwrap()
            .iter()
            .map(|r| r.op_id.clone())
            .collect();
        assert_eq!(ops, ["op-a", "op-b"], "each edit once");
        let aside = dir
            .path()
            .join(format!("{DATABASE_FILE}.damaged-20260302T083000Z"));
        assert_eq!(std::fs::read(&aside).unwrap(), before, "kept, unchanged");
    }

    #[test]
    fn an_unfinished_erasure_survives_a_rebuild_with_its_parts() {
        use rdv_store::{ErasurePartKind, ErasurePartState, NewErasurePart};
        let dir = tempfile::tempdir().unwrap();
        let secrets = MemorySecretStore::default();
        used_database(dir.path());
        {
            let store = Store::open(&dir.path().join(DATABASE_FILE)).unwrap();
            let person =
                rdv_core::person::Person::new(Some("jeanne.martin@example.fr"), None).unwrap();
            let part = |kind, target: &str| NewErasurePart {
                kind,
                target: target.into(),
                label: target.into(),
                state: ErasurePartState::Pending,
                reason: None,
            };
            let id = store
                .begin_erasure(
                    "2026-03-01T09:30:00Z",
                    &person,
                    &[
                        part(ErasurePartKind::Calendar, "cal"),
                        part(ErasurePartKind::Site, "https://site.example"),
                    ],
                )
                .unwrap();
            store
                .erasure_part_done(id, 1, &["cal/ev9".into()], "2026-03-01T09:31:00Z")
                .unwrap();
        }
        let before = Store::open(&dir.path().join(DATABASE_FILE))
            .unwrap()
            .erasure(1)
            .unwrap()
            .unwrap();
        raise_version(dir.path());
        let err = open_store(dir.path(), &secrets).unwrap_err();
        let mut recovery = Recovery::diagnose(dir.path(), err, &secrets);
        let store = recovery.rebuild(&secrets, now()).unwrap();
        assert_eq!(store.pending_erasures().unwrap(), [1], "still to finish");
        let after = store.erasure(1).unwrap().unwrap();
        assert_eq!(
            after, before,
            "as it was: the site part pending, the Google part done"
        );
        assert_eq!(after.parts[1].state, ErasurePartState::Pending);
    }

    #[test]
    fn set_aside_moves_the_wal_and_shm_with_the_file_and_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join(DATABASE_FILE);
        for (name, body) in [("", "db"), ("-wal", "wal"), ("-shm", "shm")] {
            std::fs::write(dir.path().join(format!("{DATABASE_FILE}{name}")), body).unwrap();
        }
        let first = set_aside(&file, now()).unwrap();
        std::fs::write(&file, "db2").unwrap();
        let second = set_aside(&file, now()).unwrap();
        assert_ne!(first, second);
        assert_eq!(
            files(dir.path()),
            [
                format!("{DATABASE_FILE}.damaged-20260302T083000Z"),
                format!("{DATABASE_FILE}.damaged-20260302T083000Z-2"),
                format!("{DATABASE_FILE}.damaged-20260302T083000Z-shm"),
                format!("{DATABASE_FILE}.damaged-20260302T083000Z-wal"),
            ]
        );
        assert_eq!(std::fs::read_to_string(&first).unwrap(), "db");
        assert_eq!(std::fs::read_to_string(&second).unwrap(), "db2");
    }

    #[test]
    fn retry_opens_once_the_cause_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        used_database(dir.path());
        raise_version(dir.path());
        let secrets = MemorySecretStore::default();
        let err = open_store(dir.path(), &secrets).unwrap_err();
        let mut recovery = Recovery::diagnose(dir.path(), err, &secrets);
        assert!(matches!(
            recovery.retry(&secrets),
            Err(StoreOpenError::NewerVersion { .. })
        ));
        // The newer version is "installed": here, the file is brought back to this version.
        // (`open_store` encrypted the earlier version's plain file before refusing it.)
        let key = crate::storage::stored_key(&secrets).unwrap().unwrap();
        let conn = rusqlite::Connection::open(dir.path().join(DATABASE_FILE)).unwrap();
        conn.pragma_update(None, "key", key.sql_literal().as_str())
            .unwrap();
        conn.pragma_update(None, "user_version", LATEST_VERSION)
            .unwrap();
        drop(conn);
        let store = recovery.retry(&secrets).unwrap();
        assert_eq!(
            store.outbox().unwrap().len(),
            2,
            "the same file, nothing moved"
        );
        assert_eq!(
            files(dir.path())
                .iter()
                .filter(|n| n.contains("damaged"))
                .count(),
            0
        );
    }
}
