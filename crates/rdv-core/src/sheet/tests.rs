use super::csv::to_csv;
use super::pdf::{WIN_ANSI_HIGH, to_pdf};
use super::*;
use chrono_tz::Europe::Paris;

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn booking(calendar: &str, start: &str, end: &str, last: &str, first: &str) -> SheetBooking {
    SheetBooking {
        last_name: Some(last.into()),
        first_name: Some(first.into()),
        phone: Some("+33612345678".into()),
        appointment_type: Some("Consultation".into()),
        ..SheetBooking::at(calendar, at(start), at(end))
    }
}

fn agendas() -> Vec<SheetAgendaInput> {
    vec![
        SheetAgendaInput::new("cab", "Cabinet Dupont", Paris),
        SheetAgendaInput::new("kine", "Kiné", Paris),
    ]
}

#[test]
fn rows_are_grouped_by_agenda_as_asked_then_day_then_start() {
    let bookings = [
        booking(
            "kine",
            "2026-03-02T09:00:00Z",
            "2026-03-02T09:30:00Z",
            "Zola",
            "Émile",
        ),
        booking(
            "cab",
            "2026-03-02T10:00:00Z",
            "2026-03-02T10:30:00Z",
            "Martin",
            "Léa",
        ),
        booking(
            "cab",
            "2026-03-02T08:00:00Z",
            "2026-03-02T08:30:00Z",
            "Lefèvre",
            "Élodie",
        ),
        // Same start: by last name.
        booking(
            "cab",
            "2026-03-02T08:00:00Z",
            "2026-03-02T08:20:00Z",
            "Bernard",
            "Paul",
        ),
        // The next day, and an agenda not asked for: not on a one-day sheet.
        booking(
            "cab",
            "2026-03-03T08:00:00Z",
            "2026-03-03T08:30:00Z",
            "Demain",
            "Jean",
        ),
        booking(
            "autre",
            "2026-03-02T08:00:00Z",
            "2026-03-02T08:30:00Z",
            "Autre",
            "Ana",
        ),
    ];
    let sheet = day_sheet(&agendas(), &bookings, day("2026-03-02"), day("2026-03-02")).unwrap();
    let names: Vec<Vec<(&str, &str)>> = sheet
        .agendas
        .iter()
        .map(|a| {
            a.days
                .iter()
                .flat_map(|d| &d.rows)
                .map(|r| (r.start.as_str(), r.last_name.as_str()))
                .collect()
        })
        .collect();
    assert_eq!(
        names,
        [
            vec![
                ("09:00", "Bernard"),
                ("09:00", "Lefèvre"),
                ("11:00", "Martin")
            ],
            vec![("10:00", "Zola")],
        ],
        "agendas in the order asked, rows by start then name, times in Paris (UTC+1 in March)"
    );
    assert_eq!(sheet.agendas[0].name, "Cabinet Dupont");
    assert_eq!(sheet.row_count(), 4);
    let first = &sheet.agendas[0].days[0].rows[0];
    assert_eq!(first.end, "09:20");
    assert_eq!(
        first.phone, "06 12 34 56 78",
        "a French number as France writes it"
    );
}

#[test]
fn a_range_lists_each_day_with_appointments_and_an_empty_agenda_stays() {
    let bookings = [
        booking(
            "cab",
            "2026-03-04T08:00:00Z",
            "2026-03-04T08:30:00Z",
            "B",
            "b",
        ),
        booking(
            "cab",
            "2026-03-02T08:00:00Z",
            "2026-03-02T08:30:00Z",
            "A",
            "a",
        ),
    ];
    let sheet = day_sheet(&agendas(), &bookings, day("2026-03-02"), day("2026-03-06")).unwrap();
    let days: Vec<&str> = sheet.agendas[0]
        .days
        .iter()
        .map(|d| d.date.as_str())
        .collect();
    assert_eq!(
        days,
        ["2026-03-02", "2026-03-04"],
        "days without appointment are skipped"
    );
    assert!(
        sheet.agendas[1].days.is_empty(),
        "an agenda asked for is on the sheet even with nothing booked"
    );
    assert_eq!(
        sheet.title(Language::Fr),
        "Rendez-vous du lundi 2 mars 2026 au vendredi 6 mars 2026"
    );
}

#[test]
fn the_day_and_the_time_are_the_agendas_own_across_the_dst_sundays() {
    let bookings = [
        // 29 March 2026, spring change: 09:00 is UTC+2.
        booking(
            "cab",
            "2026-03-29T07:00:00Z",
            "2026-03-29T07:45:00Z",
            "Printemps",
            "a",
        ),
        // 23:30 on Saturday 28 in Paris is 22:30 UTC: Saturday's, not Sunday's.
        booking(
            "cab",
            "2026-03-28T22:30:00Z",
            "2026-03-28T23:00:00Z",
            "Samedi",
            "b",
        ),
        // 00:30 on Sunday 29 (UTC+1 still) is 23:30 UTC on the 28th: Sunday's.
        booking(
            "cab",
            "2026-03-28T23:30:00Z",
            "2026-03-29T00:00:00Z",
            "Minuit",
            "c",
        ),
        // 25 October 2026, autumn change: 09:00 is UTC+1 again.
        booking(
            "cab",
            "2026-10-25T08:00:00Z",
            "2026-10-25T08:30:00Z",
            "Automne",
            "d",
        ),
    ];
    let spring = day_sheet(
        &agendas()[..1],
        &bookings,
        day("2026-03-29"),
        day("2026-03-29"),
    )
    .unwrap();
    let rows: Vec<(&str, &str, &str)> = spring.agendas[0].days[0]
        .rows
        .iter()
        .map(|r| (r.start.as_str(), r.end.as_str(), r.last_name.as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            ("00:30", "01:00", "Minuit"),
            ("09:00", "09:45", "Printemps")
        ]
    );
    let autumn = day_sheet(
        &agendas()[..1],
        &bookings,
        day("2026-10-25"),
        day("2026-10-25"),
    )
    .unwrap();
    assert_eq!(autumn.agendas[0].days[0].rows[0].start, "09:00");
    // Another zone reads its own day: 22:30 UTC on the 28th is the 28th in New York.
    let ny = [SheetAgendaInput::new(
        "cab",
        "NY",
        chrono_tz::America::New_York,
    )];
    let sheet = day_sheet(&ny, &bookings, day("2026-03-28"), day("2026-03-28")).unwrap();
    let starts: Vec<&str> = sheet.agendas[0].days[0]
        .rows
        .iter()
        .map(|r| r.start.as_str())
        .collect();
    assert_eq!(starts, ["18:30", "19:30"]);
}

#[test]
fn all_day_appointments_come_first_with_no_time_and_unnamed_events_show_their_title() {
    let all_day = SheetBooking {
        all_day: true,
        title: Some("Formation".into()),
        ..SheetBooking::at(
            "cab",
            at("2026-03-02T00:00:00Z"),
            at("2026-03-03T00:00:00Z"),
        )
    };
    let typed = SheetBooking {
        title: Some("  RDV M. Petit  ".into()),
        attendance: Some(SheetAttendance::Absent),
        ..SheetBooking::at(
            "cab",
            at("2026-03-02T07:00:00Z"),
            at("2026-03-02T07:30:00Z"),
        )
    };
    let sheet = day_sheet(
        &agendas()[..1],
        &[typed, all_day],
        day("2026-03-02"),
        day("2026-03-02"),
    )
    .unwrap();
    let rows = &sheet.agendas[0].days[0].rows;
    assert_eq!(
        (rows[0].start.as_str(), rows[0].last_name.as_str()),
        ("", "Formation")
    );
    assert_eq!(
        (rows[1].start.as_str(), rows[1].last_name.as_str()),
        ("08:00", "RDV M. Petit")
    );
    assert_eq!(rows[1].phone, "");
    assert_eq!(rows[1].attendance, Some(SheetAttendance::Absent));
}

#[test]
fn a_reversed_or_too_long_range_or_no_agenda_is_refused_with_a_sentence() {
    let d = day("2026-03-02");
    assert_eq!(
        day_sheet(&agendas(), &[], d, d - TimeDelta::days(1)),
        Err(SheetError::Reversed)
    );
    assert_eq!(
        day_sheet(&agendas(), &[], d, d + TimeDelta::days(MAX_SHEET_DAYS)),
        Err(SheetError::TooLong)
    );
    assert!(day_sheet(&agendas(), &[], d, d + TimeDelta::days(MAX_SHEET_DAYS - 1)).is_ok());
    assert_eq!(day_sheet(&[], &[], d, d), Err(SheetError::NoAgenda));
    let text = SheetError::TooLong.text();
    assert!(text.fr.contains("92 jours") && text.en.contains("92 days"));
}

#[test]
fn the_read_window_covers_every_zone_s_days() {
    let both = [
        SheetAgendaInput::new("a", "A", Paris),
        SheetAgendaInput::new("b", "B", chrono_tz::America::New_York),
    ];
    let (from, to) = read_window(&both, day("2026-03-02"), day("2026-03-02"));
    assert!(from <= at("2026-03-01T23:00:00Z"), "Paris's midnight");
    assert!(to >= at("2026-03-03T05:00:00Z"), "New York's next midnight");
}

#[test]
fn phones_french_ones_grouped_by_two_others_as_stored() {
    assert_eq!(display_phone("+33612345678"), "06 12 34 56 78");
    assert_eq!(display_phone("0033 1 23 45 67 89"), "01 23 45 67 89");
    assert_eq!(display_phone("06.12.34.56.78"), "06 12 34 56 78");
    assert_eq!(display_phone("+44 20 7946 0958"), "+44 20 7946 0958");
}

#[test]
fn dates_are_written_in_words_in_both_languages() {
    assert_eq!(
        long_date(day("2026-03-01"), Language::Fr),
        "dimanche 1er mars 2026"
    );
    assert_eq!(
        long_date(day("2026-08-15"), Language::Fr),
        "samedi 15 août 2026"
    );
    assert_eq!(
        long_date(day("2026-03-02"), Language::En),
        "Monday 2 March 2026"
    );
}

fn sample() -> DaySheet {
    let mut hostile = booking(
        "cab",
        "2026-03-02T09:00:00Z",
        "2026-03-02T09:30:00Z",
        "=HYPERLINK(\"http://x\")",
        "-2+3",
    );
    hostile.phone = Some("+44 20 7946 0958".into());
    hostile.note = Some("apporter; \"ordonnance\"\nmerci".into());
    let mut cure = booking(
        "kine",
        "2026-03-02T08:00:00Z",
        "2026-03-02T08:30:00Z",
        "Lefèvre",
        "Œdipe",
    );
    cure.attendance = Some(SheetAttendance::Excused);
    cure.appointment_type = Some("@bilan".into());
    day_sheet(
        &agendas(),
        &[
            booking(
                "cab",
                "2026-03-02T08:00:00Z",
                "2026-03-02T08:30:00Z",
                "Lefèvre",
                "Élodie",
            ),
            hostile,
            cure,
        ],
        day("2026-03-02"),
        day("2026-03-02"),
    )
    .unwrap()
}

#[test]
fn csv_is_for_french_excel_rfc_4180_and_never_a_formula() {
    let csv = to_csv(&sample(), Language::Fr);
    assert!(csv.starts_with('\u{feff}'), "the BOM, so Excel reads UTF-8");
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
    assert_eq!(
        lines[0],
        "Agenda;Date;Début;Fin;Nom;Prénom;Téléphone;Motif;Présence;Note"
    );
    assert_eq!(
        lines[1],
        "Cabinet Dupont;2026-03-02;09:00;09:30;Lefèvre;Élodie;06 12 34 56 78;Consultation;;"
    );
    assert_eq!(
        lines[2],
        "Cabinet Dupont;2026-03-02;10:00;10:30;\"'=HYPERLINK(\"\"http://x\"\")\";'-2+3;\
         '+44 20 7946 0958;Consultation;;\"apporter; \"\"ordonnance\"\"\nmerci\"",
        "formulas defused with ', quotes doubled, ; and line breaks quoted"
    );
    assert_eq!(
        lines[3],
        "Kiné;2026-03-02;09:00;09:30;Lefèvre;Œdipe;06 12 34 56 78;'@bilan;excusé;"
    );
    assert_eq!(lines[4], "", "every line ends with CRLF");
    assert_eq!(lines.len(), 5);
    let en = to_csv(&sample(), Language::En);
    assert!(
        en.contains("Agenda;Date;Start;End;Last name;First name;Phone;Type;Attendance;Note\r\n")
    );
    assert!(en.contains(";excused;"));
}

/// The text a PDF shows: each string its content streams draw (`(…) Tj` or `<…> Tj`), decoded
/// from WinAnsi, one per line, in drawing order. The streams are not compressed.
pub(crate) fn pdf_text(pdf: &[u8]) -> String {
    let s = String::from_utf8_lossy(pdf);
    let mut out = Vec::new();
    for chunk in s
        .split(" Tj")
        .collect::<Vec<_>>()
        .iter()
        .rev()
        .skip(1)
        .rev()
    {
        let raw: Vec<u8> = if chunk.ends_with(')') {
            let open = chunk
                .rfind("\n(")
                .map_or_else(|| chunk.rfind('(').unwrap(), |i| i + 1);
            let body = &chunk.as_bytes()[open + 1..chunk.len() - 1];
            let mut bytes = Vec::new();
            let mut i = 0;
            while i < body.len() {
                if body[i] == b'\\' {
                    i += 1;
                    if body[i].is_ascii_digit() {
                        let oct = std::str::from_utf8(&body[i..i + 3]).unwrap();
                        bytes.push(u8::from_str_radix(oct, 8).unwrap());
                        i += 3;
                        continue;
                    }
                }
                bytes.push(body[i]);
                i += 1;
            }
            bytes
        } else {
            let open = chunk.rfind('<').unwrap();
            let hex = &chunk[open + 1..chunk.len() - 1];
            (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
                .collect()
        };
        out.push(
            raw.iter()
                .map(|&b| match b {
                    0x80..=0x9f => WIN_ANSI_HIGH
                        .iter()
                        .find(|(_, x)| *x == b)
                        .map_or('?', |(c, _)| *c),
                    _ => char::from(b),
                })
                .collect::<String>(),
        );
    }
    out.join("\n")
}

#[test]
fn the_pdf_is_a4_with_real_french_text_one_agenda_per_page() {
    let pdf = to_pdf(&sample(), Language::Fr);
    assert!(pdf.starts_with(b"%PDF-"));
    let raw = String::from_utf8_lossy(&pdf);
    assert!(raw.contains("/MediaBox [0 0 595.28 841.89]"), "A4");
    assert!(raw.contains("/Count 2"), "one page per agenda");
    assert!(raw.contains("/Encoding /WinAnsiEncoding") && raw.contains("/BaseFont /Helvetica"));
    let text = pdf_text(&pdf);
    for expected in [
        "Feuille du jour — lundi 2 mars 2026",
        "Cabinet Dupont",
        "Kiné",
        "Heure\nPatient\nTéléphone\nMotif\nPrésence\nNote",
        "09:00–09:30\nLefèvre Élodie\n06 12 34 56 78\nConsultation",
        "Lefèvre Œdipe",
        "excusé",
        "page 2 / 2",
    ] {
        assert!(text.contains(expected), "{expected:?} in\n{text}");
    }
}

#[test]
fn a_long_day_continues_on_the_next_page_and_long_cells_are_cut() {
    let mut bookings = Vec::new();
    let start = at("2026-03-02T06:00:00Z");
    for i in 0..60 {
        let s = start + TimeDelta::minutes(10 * i);
        let mut b = SheetBooking::at("cab", s, s + TimeDelta::minutes(10));
        b.last_name = Some(format!("Patient{i:02}"));
        b.first_name = Some("Prénom".repeat(if i == 0 { 30 } else { 1 }));
        bookings.push(b);
    }
    let sheet = day_sheet(
        &agendas()[..1],
        &bookings,
        day("2026-03-02"),
        day("2026-03-02"),
    )
    .unwrap();
    let pdf = to_pdf(&sheet, Language::En);
    let raw = String::from_utf8_lossy(&pdf);
    assert!(raw.contains("/Count 2"), "60 rows take two pages");
    let text = pdf_text(&pdf);
    assert!(text.contains("Cabinet Dupont (continued)"));
    assert_eq!(
        text.matches("Time\nPatient").count(),
        2,
        "headings repeated"
    );
    assert!(text.contains("Patient59"));
    let long = text.lines().find(|l| l.starts_with("Patient00")).unwrap();
    assert!(long.ends_with('…') && long.chars().count() < 40, "{long}");
}

#[test]
fn an_empty_sheet_still_prints_its_agendas() {
    let sheet = day_sheet(&agendas(), &[], day("2026-03-02"), day("2026-03-02")).unwrap();
    let text = pdf_text(&to_pdf(&sheet, Language::Fr));
    assert_eq!(text.matches("Aucun rendez-vous.").count(), 2, "{text}");
    assert_eq!(
        to_csv(&sheet, Language::Fr).lines().count(),
        1,
        "the header only"
    );
}
