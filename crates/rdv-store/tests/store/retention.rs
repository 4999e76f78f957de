//! Retention in the cache: the purge follows the one rule of rdv_core::retention (counted from
//! the booking, never before the appointment has ended), and what a purge or an erasure removes
//! leaves no bytes in the database file nor its WAL.

use super::{CAL, batch, booking, now, store, up};
use chrono::{Duration, SecondsFormat};
use rdv_core::person::Person;
use rdv_store::{
    CalendarRow, ErasurePartKind, ErasurePartState, EventRecord, FirstPurge, HeldBooking,
    NewErasurePart, Store, StoreError, Window,
};

fn stamp(d: chrono::DateTime<chrono::Utc>) -> String {
    d.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// A booking made `booked_days_ago` (as `rdv.bookedAt`) for an appointment `start_days` from
/// now (negative: past).
fn made(id: &str, booked_days_ago: Option<i64>, start_days: i64, last: &str) -> EventRecord {
    let start = now() + Duration::days(start_days);
    EventRecord {
        booked_at: booked_days_ago.map(|d| stamp(now() - Duration::days(d))),
        summary: Some(format!("Consultation – Jeanne {last}")),
        ..booking(
            id,
            &stamp(start),
            &stamp(start + Duration::minutes(30)),
            "Jeanne",
            last,
            "+33612345678",
        )
    }
}

#[test]
fn the_purge_counts_from_the_booking_and_never_before_the_appointment() {
    let s = store();
    let weekly = EventRecord {
        recurrence: vec!["RRULE:FREQ=WEEKLY".into()],
        ..made("series", Some(300), -280, "Serie")
    };
    let created_only = EventRecord {
        created: Some(stamp(now() - Duration::days(125))),
        ..made("created", None, -100, "Cree")
    };
    s.apply_sync(
        &batch(
            true,
            "tok",
            vec![
                up(made("old", Some(130), -20, "Ancien")),
                up(made("future", Some(200), 7, "Futur")),
                up(made("recent", Some(100), -90, "Recent")),
                up(created_only),
                up(weekly),
            ],
        ),
        Window::around(now()),
    )
    .unwrap();

    let due: Vec<String> = s
        .held_due(now(), 120)
        .unwrap()
        .into_iter()
        .map(|h| h.event_id)
        .collect();
    assert_eq!(due, ["created", "old"], "ordered by start");
    assert_eq!(
        s.held_due(now() + Duration::days(8), 120)
            .unwrap()
            .into_iter()
            .map(|h| h.event_id)
            .collect::<Vec<_>>(),
        ["created", "old", "future"],
        "the future appointment once it has passed; the recent booking still kept"
    );

    let purged = s.purge_due(now(), 120, None).unwrap().bookings;
    assert_eq!(purged.len(), 2);
    for gone in ["Ancien", "Cree"] {
        assert!(!s.contains_text(gone).unwrap(), "{gone} purged");
    }
    for kept in ["Futur", "Recent", "Serie"] {
        assert!(s.contains_text(kept).unwrap(), "{kept} kept");
    }
    let log = &s.purge_log(1).unwrap()[0];
    assert_eq!((log.kind.as_str(), log.bookings), ("retention", 2));
    assert_eq!(log.cutoff, stamp(now() - Duration::days(120)));
}

fn file_store(dir: &std::path::Path) -> Store {
    let s = Store::open(&dir.join("rdv.sqlite3")).unwrap();
    s.replace_calendars(&[CalendarRow {
        id: CAL.into(),
        summary: "Dr Camille Laurent".into(),
        color: "#0f766e".into(),
        time_zone: "Europe/Paris".into(),
        access_role: "owner".into(),
        primary: true,
        selected: true,
    }])
    .unwrap();
    s
}

/// Which of the database file and its WAL hold `needle`'s bytes.
fn files_holding(dir: &std::path::Path, needle: &str) -> Vec<&'static str> {
    ["rdv.sqlite3", "rdv.sqlite3-wal"]
        .into_iter()
        .filter(|file| {
            let bytes = std::fs::read(dir.join(file)).unwrap_or_default();
            bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
        })
        .collect()
}

/// The name's bytes are nowhere in the database file nor its WAL.
fn assert_no_bytes(dir: &std::path::Path, needle: &str) {
    assert_eq!(
        files_holding(dir, needle),
        Vec::<&str>::new(),
        "{needle} is still on disk"
    );
}

/// A distinctive patient name. It is in the title too (« Consultation – Jeanne … »): the purge
/// shortens the title, so the row shrinks and its old bytes are left in the page's free space
/// unless `secure_delete` zeroes them — checked: without it, both tests below find the name in
/// the database file; without the WAL truncation, in the WAL.
const NAME: &str = "Quennevilliers-Zephyrine";

#[test]
fn a_purged_booking_leaves_no_bytes_in_the_database_file_or_its_wal() {
    let dir = tempfile::tempdir().unwrap();
    let s = file_store(dir.path());
    s.apply_sync(
        &batch(
            true,
            "tok",
            vec![
                up(made("old", Some(130), -20, NAME)),
                up(made("kept", Some(10), 5, "Petit")),
            ],
        ),
        Window::around(now()),
    )
    .unwrap();
    assert!(s.contains_text(NAME).unwrap());
    // As after any checkpoint: the booking is in the database file itself (a purge then rewrites
    // its page in the WAL, with the old one still in the file until the next checkpoint).
    s.truncate_wal().unwrap();
    assert_eq!(files_holding(dir.path(), NAME), ["rdv.sqlite3"]);

    assert_eq!(s.purge_due(now(), 120, None).unwrap().bookings.len(), 1);

    assert_no_bytes(dir.path(), NAME);
    assert_no_bytes(dir.path(), "jeanne.quennevilliers");
    assert!(s.contains_text("Petit").unwrap());
}

#[test]
fn an_erased_person_leaves_no_bytes_in_the_database_file_or_its_wal() {
    let dir = tempfile::tempdir().unwrap();
    let s = file_store(dir.path());
    s.apply_sync(
        &batch(true, "tok", vec![up(made("b", Some(10), 5, NAME))]),
        Window::around(now()),
    )
    .unwrap();
    s.truncate_wal().unwrap();
    assert_eq!(files_holding(dir.path(), NAME), ["rdv.sqlite3"]);
    let person = Person::new(
        Some(&format!("jeanne.{}@example.fr", NAME.to_lowercase())),
        None,
    )
    .unwrap();
    let at = stamp(now());
    let id = s
        .begin_erasure(
            &at,
            &person,
            &[NewErasurePart {
                kind: ErasurePartKind::Cache,
                target: String::new(),
                label: String::new(),
                state: ErasurePartState::Pending,
                reason: None,
            }],
        )
        .unwrap();
    assert_eq!(s.erase_cached_person(id, 1, &person, &[], &at).unwrap(), 1);
    s.finish_erasure(id, &at).unwrap();

    assert!(!s.contains_text(NAME).unwrap());
    assert_no_bytes(dir.path(), NAME);
    assert_no_bytes(dir.path(), &NAME.to_lowercase());
}

/// A series booked 300 days ago, begun 280 days ago, with `rule`.
fn series(id: &str, last: &str, rule: String) -> EventRecord {
    EventRecord {
        recurrence: vec![rule],
        ..made(id, Some(300), -280, last)
    }
}

#[test]
fn a_series_is_never_purged_while_occurrences_remain_even_unexpanded() {
    let s = store();
    let until = (now() + Duration::days(60)).format("%Y%m%dT%H%M%SZ");
    // Refused before expansion (25 times a day): only its first occurrence is stored; its
    // COUNT reaches past now (25 a day from 280 days ago: 7,500 is 300 days).
    let refused = series(
        "refused",
        "Refusee",
        "RRULE:FREQ=DAILY;BYHOUR=8,9,10,11,12;BYMINUTE=0,10,20,30,40;COUNT=7500".into(),
    );
    // Over the expansion budget (24 times a day from 20 years ago), ending in 60 days.
    let over_budget = EventRecord {
        recurrence: vec![format!(
            "RRULE:FREQ=DAILY;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23;UNTIL={until}"
        )],
        ..made("budget", Some(300), -7300, "Budget")
    };
    // Expanded, but in a window of long ago (no sync since): the stored occurrences stop
    // there, the rule goes on for 60 days.
    let stale = series(
        "stale",
        "Ancienne",
        format!("RRULE:FREQ=WEEKLY;UNTIL={until}"),
    );
    // A finished series: purged as any booking.
    let finished = series("finished", "Finie", "RRULE:FREQ=WEEKLY;COUNT=6".into());
    s.apply_sync(
        &batch(
            true,
            "tok",
            vec![up(refused), up(over_budget), up(stale), up(finished)],
        ),
        Window::around(now() - Duration::days(400)),
    )
    .unwrap();

    let due = |at| -> Vec<String> {
        let mut ids: Vec<String> = s
            .held_due(at, 120)
            .unwrap()
            .into_iter()
            .map(|h| h.event_id)
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(due(now()), ["finished"]);
    assert_eq!(
        due(now() + Duration::days(61)),
        ["finished", "stale"],
        "the stale series once its UNTIL has passed; the unexpandable ones never (no guess)"
    );
    assert_eq!(s.purge_due(now(), 120, None).unwrap().bookings.len(), 1);
    for kept in ["Refusee", "Budget", "Ancienne"] {
        assert!(s.contains_text(kept).unwrap(), "{kept} kept");
    }
    assert!(!s.contains_text("Finie").unwrap());
}

const STARTED: &str = "retention.confirmed";
const NOTICE: &str = "retention.notice";

/// The notice as a test writes it: how many, and the first start.
fn notice(purged: &[HeldBooking]) -> Result<String, StoreError> {
    Ok(format!("{} from {}", purged.len(), purged[0].start))
}

#[test]
fn the_first_notice_is_written_by_the_first_purge_that_erases_and_only_by_it() {
    let s = store();
    let first = FirstPurge {
        started_key: STARTED,
        notice_key: NOTICE,
        notice: &notice,
    };
    s.apply_sync(
        &batch(
            true,
            "tok",
            vec![
                up(made("old", Some(130), -20, "Ancien")),
                up(made("later", Some(100), -20, "Tard")),
            ],
        ),
        Window::around(now()),
    )
    .unwrap();
    // Nothing due: no notice (a new installation), nothing started.
    let purged = s
        .purge_due(now() - Duration::days(15), 120, Some(&first))
        .unwrap();
    assert_eq!((purged.bookings.len(), purged.first), (0, false));
    assert_eq!(
        (s.setting(NOTICE).unwrap(), s.setting(STARTED).unwrap()),
        (None, None)
    );

    let purged = s.purge_due(now(), 120, Some(&first)).unwrap();
    assert_eq!((purged.bookings.len(), purged.first), (1, true));
    let old_start = stamp(now() - Duration::days(20));
    assert_eq!(
        s.setting(NOTICE).unwrap(),
        Some(format!("1 from {old_start}"))
    );
    assert_eq!(s.setting(STARTED).unwrap().as_deref(), Some("1"));

    // Dismissed; a later purge that erases adds to the log only.
    s.delete_setting(NOTICE).unwrap();
    let purged = s
        .purge_due(now() + Duration::days(30), 120, Some(&first))
        .unwrap();
    assert_eq!((purged.bookings.len(), purged.first), (1, false));
    assert_eq!(s.setting(NOTICE).unwrap(), None);
    assert_eq!(s.purge_log(5).unwrap().len(), 3);
}

#[test]
fn an_installation_that_confirmed_the_dry_run_gets_no_notice() {
    let s = store();
    s.set_setting(STARTED, "1").unwrap();
    s.apply_sync(
        &batch(true, "tok", vec![up(made("old", Some(130), -20, "Ancien"))]),
        Window::around(now()),
    )
    .unwrap();
    let first = FirstPurge {
        started_key: STARTED,
        notice_key: NOTICE,
        notice: &notice,
    };
    let purged = s.purge_due(now(), 120, Some(&first)).unwrap();
    assert_eq!((purged.bookings.len(), purged.first), (1, false));
    assert_eq!(s.setting(NOTICE).unwrap(), None);
}

#[test]
fn a_notice_that_cannot_be_written_cancels_the_whole_purge() {
    let s = store();
    s.apply_sync(
        &batch(true, "tok", vec![up(made("old", Some(130), -20, "Ancien"))]),
        Window::around(now()),
    )
    .unwrap();
    let failing = |_: &[HeldBooking]| -> Result<String, StoreError> {
        Err(StoreError::Invalid("no notice".into()))
    };
    let first = FirstPurge {
        started_key: STARTED,
        notice_key: NOTICE,
        notice: &failing,
    };
    assert!(s.purge_due(now(), 120, Some(&first)).is_err());
    assert!(
        s.contains_text("Ancien").unwrap(),
        "nothing erased without its notice"
    );
    assert_eq!(s.purge_log(5).unwrap(), vec![]);
    assert_eq!(s.setting(STARTED).unwrap(), None);
    // The next purge does it all.
    let first = FirstPurge {
        notice: &notice,
        ..first
    };
    assert!(s.purge_due(now(), 120, Some(&first)).unwrap().first);
    assert!(!s.contains_text("Ancien").unwrap());
}
