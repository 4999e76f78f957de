//! `rdv sheet` on a store written as the app writes it (rdv-store, a real SQLite file): the
//! CSV of the spring DST Sunday, the PDF's text as `pdftotext` extracts it, the default
//! database folder, and the exit codes of what cannot be done.

use super::{Dir, stderr, stdout};
use chrono::{DateTime, Utc};
use rdv_core::conventions::EventKind;
use rdv_store::{CalendarRow, Change, EventRecord, Moment, Store, SyncBatch, Window};
use std::path::Path;
use std::process::Command;

const CAB: &str = "dr.laurent@example.fr";
const KINE: &str = "kine@example.fr";

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn calendar(id: &str, name: &str, selected: bool) -> CalendarRow {
    CalendarRow {
        id: id.into(),
        summary: name.into(),
        color: "#0f766e".into(),
        time_zone: "Europe/Paris".into(),
        access_role: "owner".into(),
        primary: id == CAB,
        selected,
    }
}

fn booking(
    id: &str,
    start: &str,
    minutes: i64,
    last: &str,
    first: &str,
    phone: &str,
) -> EventRecord {
    EventRecord {
        id: id.into(),
        master_id: None,
        original_start: None,
        etag: None,
        summary: Some(format!("Consultation – {first} {last}")),
        start: Moment::At(t(start)),
        end: Moment::At(t(start) + chrono::TimeDelta::minutes(minutes)),
        time_zone: Some("Europe/Paris".into()),
        recurrence: vec![],
        transparent: false,
        kind: EventKind::Booking,
        appointment_type: Some("consultation".into()),
        source: Some("site".into()),
        booked_at: None,
        first_name: Some(first.into()),
        last_name: Some(last.into()),
        phone: Some(phone.into()),
        email: Some("patient@example.fr".into()),
        created: None,
        updated: None,
        marks: Default::default(),
    }
}

fn sync(store: &Store, calendar_id: &str, events: Vec<EventRecord>) {
    let batch = SyncBatch {
        calendar_id: calendar_id.into(),
        full: true,
        changes: events
            .into_iter()
            .map(|e| Change::Upsert(Box::new(e)))
            .collect(),
        next_sync_token: "t".into(),
    };
    store
        .apply_sync(&batch, Window::around(t("2026-03-25T10:00:00Z")))
        .unwrap();
}

/// The practice's store around the spring change (Sunday 29 March 2026).
fn practice(path: &Path) {
    let store = Store::open(path).unwrap();
    store
        .replace_calendars(&[
            calendar(CAB, "Dr Laurent", true),
            calendar(KINE, "Kiné", true),
            calendar("cache@example.fr", "Caché", false),
        ])
        .unwrap();
    store
        .set_calendar_selected("cache@example.fr", false)
        .unwrap();
    sync(
        &store,
        CAB,
        vec![
            // Saturday 28, 23:30 in Paris (UTC+1): Saturday's.
            booking(
                "sat",
                "2026-03-28T22:30:00Z",
                30,
                "Veille",
                "Ana",
                "+33611111111",
            ),
            // Sunday 29, 00:30 (still UTC+1) and 10:00 (now UTC+2).
            booking(
                "night",
                "2026-03-28T23:30:00Z",
                30,
                "Lefèvre",
                "Élodie",
                "+33612345678",
            ),
            booking(
                "morning",
                "2026-03-29T08:00:00Z",
                45,
                "=cmd",
                "Zoé",
                "+44 20 7946 0958",
            ),
        ],
    );
    sync(
        &store,
        KINE,
        vec![booking(
            "k",
            "2026-03-29T07:00:00Z",
            30,
            "Dupont",
            "Œdipe",
            "0698765432",
        )],
    );
}

fn with_practice() -> Dir {
    let dir = Dir::new();
    practice(&dir.path().join("rdv.sqlite3"));
    dir
}

#[test]
fn the_csv_of_the_dst_sunday_has_the_days_bookings_at_their_paris_times() {
    let dir = with_practice();
    let out = dir.rdv(&[
        "sheet",
        "--db",
        "rdv.sqlite3",
        "--day",
        "2026-03-29",
        "--format",
        "csv",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "\u{feff}Agenda;Date;Début;Fin;Nom;Prénom;Téléphone;Motif;Présence;Note\r\n\
         Dr Laurent;2026-03-29;00:30;01:00;Lefèvre;Élodie;06 12 34 56 78;consultation;;\r\n\
         Dr Laurent;2026-03-29;10:00;10:45;'=cmd;Zoé;'+44 20 7946 0958;consultation;;\r\n\
         Kiné;2026-03-29;09:00;09:30;Dupont;Œdipe;06 98 76 54 32;consultation;;\r\n",
        "every shown agenda by default; Saturday's 23:30 is not Sunday's; no formula"
    );
    let one = dir.rdv(&[
        "sheet",
        "--db",
        "rdv.sqlite3",
        "--day",
        "2026-03-28",
        "--to",
        "2026-03-29",
        "--calendar",
        CAB,
        "--format",
        "csv",
        "--lang",
        "en",
        "-o",
        "range.csv",
    ]);
    assert!(one.status.success(), "{}", stderr(&one));
    assert_eq!(stdout(&one), "", "written to the file, not the terminal");
    let csv = std::fs::read_to_string(dir.path().join("range.csv")).unwrap();
    assert!(csv.starts_with("\u{feff}Agenda;Date;Start;End;Last name;"));
    assert_eq!(
        csv.lines().count(),
        4,
        "Saturday's and Sunday's, one agenda:\n{csv}"
    );
}

#[test]
fn the_pdf_holds_the_sheet_as_real_text() {
    let dir = with_practice();
    let out = dir.rdv(&[
        "sheet",
        "--db",
        "rdv.sqlite3",
        "--day",
        "2026-03-29",
        "--format",
        "pdf",
        "-o",
        "jour.pdf",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = Command::new("pdftotext")
        .args(["-layout", "jour.pdf", "-"])
        .current_dir(dir.path())
        .output()
        .expect("pdftotext (poppler-utils, installed by scripts/install-deps.sh test)");
    assert!(text.status.success());
    let text = String::from_utf8(text.stdout).unwrap();
    for expected in [
        "Feuille du jour — dimanche 29 mars 2026",
        "Dr Laurent",
        "Kiné",
        "Téléphone",
        "Lefèvre Élodie",
        "Dupont Œdipe",
        "00:30–01:00",
        "10:00–10:45",
        "06 12 34 56 78",
        "page 1 / 2",
    ] {
        assert!(text.contains(expected), "{expected:?} in\n{text}");
    }
}

#[test]
fn without_db_it_reads_the_apps_own_data_folder() {
    let dir = Dir::new();
    let data = dir.path().join("data");
    let folder = data.join("fr.librdv.compagnon");
    std::fs::create_dir_all(&folder).unwrap();
    practice(&folder.join(rdv_store::DATABASE_FILE));
    let out = Command::new(env!("CARGO_BIN_EXE_rdv"))
        .args([
            "sheet",
            "--day",
            "2026-03-29",
            "--calendar",
            KINE,
            "--format",
            "csv",
        ])
        .env("XDG_DATA_HOME", &data)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&out).contains("Kiné;2026-03-29;09:00;09:30;Dupont;"));
}

#[test]
fn what_cannot_be_done_exits_2_with_a_french_sentence_and_writes_nothing() {
    let dir = with_practice();
    let db = ["--db", "rdv.sqlite3"];
    for (args, says) in [
        (
            vec!["--day", "2026-03-29", "--calendar", "inconnu@example.fr"],
            "agenda inconnu",
        ),
        (
            vec!["--day", "2026-03-29", "--calendar", "cache@example.fr"],
            "non affiché",
        ),
        (
            vec!["--day", "2026-03-29", "--to", "2026-03-28"],
            "avant le premier",
        ),
        (
            vec!["--day", "2026-01-01", "--to", "2026-12-31"],
            "au plus 92 jours",
        ),
    ] {
        let mut all = vec!["sheet"];
        all.extend(db);
        all.extend(args);
        all.extend(["--format", "csv", "-o", "out.csv"]);
        let out = dir.rdv(&all);
        assert_eq!(out.status.code(), Some(2), "{all:?}");
        assert!(stderr(&out).contains(says), "{}", stderr(&out));
        assert!(!dir.path().join("out.csv").exists());
    }
    let missing = dir.rdv(&[
        "sheet",
        "--db",
        "absent.sqlite3",
        "--day",
        "2026-03-29",
        "--format",
        "csv",
    ]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(stderr(&missing).contains("base de l'application illisible"));
    assert!(
        !dir.path().join("absent.sqlite3").exists(),
        "nothing created"
    );
    let bad = dir.rdv(&[
        "sheet",
        "--db",
        "rdv.sqlite3",
        "--day",
        "29/03/2026",
        "--format",
        "csv",
    ]);
    assert_eq!(bad.status.code(), Some(2));
    let format = dir.rdv(&[
        "sheet",
        "--db",
        "rdv.sqlite3",
        "--day",
        "2026-03-29",
        "--format",
        "xls",
    ]);
    assert_eq!(format.status.code(), Some(2));
}

#[test]
fn an_encrypted_store_is_read_with_the_keychains_key_only() {
    // The app's store is encrypted; this one with a key no keychain holds. Whatever this
    // session's keychain is (absent, locked, without the key, with the app's own key), the
    // sheet is refused with a sentence about the keychain, and nothing is printed.
    let dir = Dir::new();
    let db = dir.path().join("chiffree.sqlite3");
    let store = Store::open_encrypted(&db, &rdv_store::DbKey::from_bytes([5; 32])).unwrap();
    store
        .replace_calendars(&[calendar(KINE, "Kiné", true)])
        .unwrap();
    drop(store);
    let out = Command::new(env!("CARGO_BIN_EXE_rdv"))
        .args(["sheet", "--day", "2026-03-29", "--format", "csv", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("trousseau"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}
