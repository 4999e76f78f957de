//! The app's database at rest (`rdv_app::open_store`): encrypted with SQLCipher under a key kept
//! only in the keychain, a plain database encrypted in place, the keychain's failures refused
//! without a plain-text fallback, and the folder and files private to the user.

use chrono::{DateTime, Utc};
use rdv_app::storage::database_key_name;
use rdv_app::{StoreOpenError, open_store};
use rdv_core::conventions::EventKind;
use rdv_core::ports::SecretStore;
use rdv_core::ports::testing::MemorySecretStore;
use rdv_store::{
    CalendarRow, Change, DATABASE_FILE, EventRecord, Moment, Store, SyncBatch, Window,
};
use std::path::Path;

const CAL: &str = "dr.camille.laurent@example.fr";
/// A patient's name no SQLite page, header or schema holds by chance.
const PATIENT: &str = "Quillebeuf-Zephyrine";

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// Caches a booking of [`PATIENT`] as sync does (a sync batch).
fn cache_booking(store: &Store) {
    store
        .replace_calendars(&[CalendarRow {
            id: CAL.into(),
            summary: "Cabinet".into(),
            color: "#0f766e".into(),
            time_zone: "Europe/Paris".into(),
            access_role: "owner".into(),
            primary: true,
            selected: true,
        }])
        .unwrap();
    let booking = EventRecord {
        id: "b1".into(),
        master_id: None,
        original_start: None,
        etag: Some("\"b1-1\"".into()),
        summary: Some(format!("RDV {PATIENT}")),
        start: Moment::At(t("2026-11-26T08:00:00Z")),
        end: Moment::At(t("2026-11-26T09:00:00Z")),
        time_zone: Some("Europe/Paris".into()),
        recurrence: vec![],
        transparent: false,
        kind: EventKind::Booking,
        appointment_type: Some("consultation".into()),
        source: Some("site".into()),
        booked_at: None,
        first_name: Some("Zephyrine".into()),
        last_name: Some(PATIENT.into()),
        phone: Some("+33612345678".into()),
        email: Some("zephyrine@example.fr".into()),
        created: None,
        updated: None,
        marks: Default::default(),
    };
    store
        .apply_sync(
            &SyncBatch {
                calendar_id: CAL.into(),
                full: true,
                changes: vec![Change::Upsert(Box::new(booking))],
                next_sync_token: "tok".into(),
            },
            Window::around(t("2026-11-26T10:00:00Z")),
        )
        .unwrap();
}

fn holds_patient(store: &Store) -> bool {
    store
        .upcoming_bookings(t("2026-11-26T00:00:00Z"), Some(PATIENT), 10)
        .map(|found| !found.is_empty())
        .unwrap()
}

/// Whether `needle` is anywhere in the raw bytes of `path` (a missing file holds nothing).
fn file_contains(path: &Path, needle: &str) -> bool {
    let bytes = std::fs::read(path).unwrap_or_default();
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

fn wal(db: &Path) -> std::path::PathBuf {
    db.with_file_name(format!("{DATABASE_FILE}-wal"))
}

#[test]
fn a_hexdump_of_the_store_and_its_wal_shows_no_patient_name() {
    // The check itself: a plain store shows the name in its raw bytes.
    let plain_dir = tempfile::tempdir().unwrap();
    let plain_db = plain_dir.path().join(DATABASE_FILE);
    let plain = Store::open(&plain_db).unwrap();
    cache_booking(&plain);
    assert!(
        file_contains(&plain_db, PATIENT) || file_contains(&wal(&plain_db), PATIENT),
        "the hexdump must see a name stored in clear"
    );

    let dir = tempfile::tempdir().unwrap();
    let secrets = MemorySecretStore::default();
    let store = open_store(dir.path(), &secrets).unwrap();
    cache_booking(&store);
    assert!(holds_patient(&store), "the booking is cached");
    let db = dir.path().join(DATABASE_FILE);
    // Read while the store is open: the booking sits in the WAL, not yet checkpointed.
    assert!(wal(&db).exists(), "the store writes through its WAL");
    assert!(!file_contains(&db, PATIENT), "the name is not in the file");
    assert!(!file_contains(&wal(&db), PATIENT), "nor in its WAL");
    assert!(!file_contains(&db, "+33612345678"), "nor the phone");
    let header = std::fs::read(&db).unwrap();
    assert_ne!(
        &header[..16],
        rdv_store::PLAIN_HEADER,
        "not a plain SQLite file"
    );
    drop(store);
    assert!(
        !file_contains(&db, PATIENT),
        "nor after the last checkpoint"
    );
    let key = secrets.get(&database_key_name()).unwrap();
    assert_eq!(
        key.map(|k| k.expose().len()),
        Some(64),
        "the key is in the keychain"
    );
    let stored = rdv_app::storage::stored_key(&secrets)
        .unwrap()
        .expect("readable");
    assert!(
        Store::open_read_only(&db, Some(&stored)).is_ok(),
        "the stored key opens the file read-only (the recovery screen's salvage)"
    );
}

#[test]
fn a_plain_database_is_encrypted_in_place_with_nothing_lost() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DATABASE_FILE);
    let plain = Store::open(&db).unwrap();
    cache_booking(&plain);
    plain.set_setting("probe", "kept").unwrap();
    // Killed mid-write: the last rows are still in the plain WAL.
    std::mem::forget(plain);
    assert!(rdv_store::is_plain_database(&db).unwrap());
    // A copy an earlier encryption left when it was killed.
    let leftover = dir.path().join(format!("{DATABASE_FILE}.encrypting"));
    std::fs::write(&leftover, b"half an encrypted copy").unwrap();

    let secrets = MemorySecretStore::default();
    let store = open_store(dir.path(), &secrets).unwrap();
    assert!(holds_patient(&store), "the cached booking is kept");
    assert_eq!(store.setting("probe").unwrap().as_deref(), Some("kept"));
    assert_eq!(store.schema_version().unwrap(), rdv_store::LATEST_VERSION);
    assert!(!leftover.exists(), "the leftover copy is removed");
    drop(store);
    assert!(
        !rdv_store::is_plain_database(&db).unwrap(),
        "the file is now encrypted"
    );
    assert!(!file_contains(&db, PATIENT));

    let again = open_store(dir.path(), &secrets).expect("the encrypted file reopens");
    assert!(holds_patient(&again));
}

#[test]
fn an_encrypted_file_without_its_key_is_key_missing_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DATABASE_FILE);
    drop(open_store(dir.path(), &MemorySecretStore::default()).unwrap());
    let before = std::fs::read(&db).unwrap();

    let empty = MemorySecretStore::default();
    let err = open_store(dir.path(), &empty).expect_err("no key, no opening");
    assert!(matches!(err, StoreOpenError::KeyMissing), "{err:?}");
    assert_eq!(std::fs::read(&db).unwrap(), before, "the file is untouched");
    assert!(
        empty.get(&database_key_name()).unwrap().is_none(),
        "no new key is made over an existing file"
    );
}

#[test]
fn an_encrypted_file_and_another_key_is_unreadable() {
    let dir = tempfile::tempdir().unwrap();
    drop(open_store(dir.path(), &MemorySecretStore::default()).unwrap());
    let other = MemorySecretStore::default();
    other
        .set(
            &database_key_name(),
            &rdv_core::Sensitive::new("ab".repeat(32)),
        )
        .unwrap();
    let err = open_store(dir.path(), &other).expect_err("another key must not open it");
    assert!(matches!(err, StoreOpenError::Unreadable(_)), "{err:?}");
}

#[test]
fn a_locked_keychain_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let locked = MemorySecretStore::default();
    locked.set_locked(true);
    let err = open_store(&data, &locked).expect_err("no key, no database");
    assert!(matches!(err, StoreOpenError::KeychainLocked(_)), "{err:?}");
    assert!(!data.exists(), "nothing is created, not even the folder");

    // A plain database from an earlier version stays as it is.
    std::fs::create_dir(&data).unwrap();
    let db = data.join(DATABASE_FILE);
    drop(Store::open(&db).unwrap());
    let before = std::fs::read(&db).unwrap();
    let err = open_store(&data, &locked).unwrap_err();
    assert!(matches!(err, StoreOpenError::KeychainLocked(_)), "{err:?}");
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[cfg(unix)]
#[test]
fn the_data_folder_and_its_files_are_private_to_the_user() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // As an earlier version left them: world-readable.
    std::fs::create_dir(&data).unwrap();
    std::fs::set_permissions(&data, std::fs::Permissions::from_mode(0o755)).unwrap();
    let db = data.join(DATABASE_FILE);
    drop(Store::open(&db).unwrap());
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o644)).unwrap();

    let store = open_store(&data, &MemorySecretStore::default()).unwrap();
    cache_booking(&store);
    assert_eq!(mode(&data), 0o700, "the folder");
    assert_eq!(mode(&db), 0o600, "the database");
    for suffix in ["-wal", "-shm"] {
        let file = data.join(format!("{DATABASE_FILE}{suffix}"));
        assert_eq!(mode(&file), 0o600, "{suffix}");
    }

    // A new database: private from its creation.
    let fresh = dir.path().join("fresh");
    let store = open_store(&fresh, &MemorySecretStore::default()).unwrap();
    cache_booking(&store);
    assert_eq!(mode(&fresh), 0o700);
    for suffix in ["", "-wal", "-shm"] {
        let file = fresh.join(format!("{DATABASE_FILE}{suffix}"));
        assert_eq!(mode(&file), 0o600, "{suffix}");
    }

    // The log folder, through the same helper.
    let logs = dir.path().join("logs");
    std::fs::create_dir(&logs).unwrap();
    std::fs::write(logs.join("rdv-compagnon.log"), "started").unwrap();
    std::fs::set_permissions(
        logs.join("rdv-compagnon.log"),
        std::fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    rdv_app::storage::make_private(&logs, "rdv-compagnon");
    assert_eq!(mode(&logs), 0o700);
    assert_eq!(mode(&logs.join("rdv-compagnon.log")), 0o600);
}
