use super::*;
use crate::availability::FileFormat;
use chrono::NaiveTime;

const CONFIG: &str = r#"
timeZone = "Europe/Paris"

[[appointmentTypes]]
id = "consultation"
name = "Consultation"
durationMinutes = 30

[[appointmentTypes]]
id = "bilan"
name = "Bilan"
durationMinutes = 60
bookableOnline = false

[[templates]]
id = "semaine"
[[templates.ranges]]
days = ["lundi"]
start = "09:00"
end = "12:00"
"#;

fn config() -> PracticeConfig {
    PracticeConfig::parse(CONFIG, FileFormat::Toml).unwrap()
}

fn tz() -> Tz {
    chrono_tz::Europe::Paris
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn at(day: &str, h: u32, m: u32) -> DateTime<Utc> {
    zone::instant(tz(), date(day), NaiveTime::from_hms_opt(h, m, 0).unwrap())
}

fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// The published range of a Monday, 09:00–12:00, as the cache holds it.
fn open(day: &str) -> Occurrence {
    Occurrence {
        event_id: format!("dispo{day}"),
        kind: EventKind::Availability,
        start: at(day, 9, 0),
        end: at(day, 12, 0),
        offered_types: None,
        transparent: true,
        all_day: false,
    }
}

fn booked(day: &str, h: u32, m: u32, minutes: i64) -> Occurrence {
    Occurrence {
        event_id: format!("b{day}{h}{m}"),
        kind: EventKind::Booking,
        start: at(day, h, m),
        end: at(day, h, m) + TimeDelta::minutes(minutes),
        offered_types: Some(vec!["consultation".into()]),
        transparent: false,
        all_day: false,
    }
}

/// Sunday 22 March 2026, 12:00 in Paris: the clocks change a week later.
fn now() -> DateTime<Utc> {
    t("2026-03-22T11:00:00Z")
}

#[test]
fn a_patient_is_trimmed_and_their_phone_is_e164() {
    let p = check_patient(
        "  Martin ",
        " Jeanne",
        "06 12 34 56 78",
        " Jeanne@Example.FR ",
    )
    .unwrap();
    assert_eq!(p.last_name, "Martin");
    assert_eq!(p.first_name, "Jeanne");
    assert_eq!(p.phone.as_deref(), Some("+33612345678"));
    assert_eq!(p.email.as_deref(), Some("jeanne@example.fr"));
    assert_eq!(format!("{p:?}"), "NewPatient([redacted])");
    let no_mail = check_patient("Martin", "Jeanne", "+33 6 12 34 56 78", "").unwrap();
    assert_eq!(no_mail.email, None, "a phone is enough");
    let no_phone = check_patient("Martin", "Jeanne", " ", "j@example.fr").unwrap();
    assert_eq!(no_phone.phone, None, "an e-mail is enough");
}

#[test]
fn a_ten_thousand_character_name_is_refused_not_truncated() {
    let long = "A".repeat(10_000);
    let problems = check_patient(&long, "Jeanne", "0612345678", "").unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].field, Field::LastName);
    assert!(
        problems[0]
            .text
            .fr
            .contains("100 caractères (10000 saisis)"),
        "{:?}",
        problems[0]
    );
    assert!(problems[0].text.en.contains("100 characters"));
    let hundred = "é".repeat(NAME_MAX_CHARS);
    assert!(
        check_patient("Martin", &hundred, "0612345678", "").is_ok(),
        "100 characters (not bytes) are accepted"
    );
    let problems = check_patient("", "Jean\tne", "0612345678", "").unwrap_err();
    let fields: Vec<Field> = problems.iter().map(|p| p.field).collect();
    assert_eq!(fields, [Field::LastName, Field::FirstName]);
    assert!(problems[1].text.fr.contains("caractère invisible"));
}

#[test]
fn every_bad_field_is_reported_with_its_field_and_a_contact_is_required() {
    let problems = check_patient("Martin", "Jeanne", "06 12", "jeanne@").unwrap_err();
    let fields: Vec<Field> = problems.iter().map(|p| p.field).collect();
    assert_eq!(fields, [Field::Phone, Field::Email]);
    assert!(problems[0].text.fr.contains("n'est pas valide"));
    let problems = check_patient("Martin", "Jeanne", "", "  ").unwrap_err();
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].field, Field::Phone);
    assert!(
        problems[0]
            .text
            .fr
            .contains("téléphone ou l'adresse e-mail")
    );
}

#[test]
fn the_note_is_limited_in_characters() {
    assert_eq!(check_note("  "), Ok(None));
    assert_eq!(
        check_note(" rappeler la veille "),
        Ok(Some("rappeler la veille".into()))
    );
    assert_eq!(
        check_note(&"é".repeat(NOTE_MAX_CHARS))
            .unwrap()
            .unwrap()
            .chars()
            .count(),
        200
    );
    let e = check_note(&"x".repeat(NOTE_MAX_CHARS + 1)).unwrap_err();
    assert_eq!(e.field, Field::Note);
    assert!(e.text.fr.contains("201 saisis"));
}

#[test]
fn free_slots_follow_the_published_ranges_the_busy_time_and_the_clocks() {
    let around = [
        open("2026-03-23"),
        booked("2026-03-23", 9, 30, 30),
        open("2026-03-30"),
    ];
    let slots = free_slots(
        &config(),
        &around,
        "consultation",
        date("2026-03-23"),
        date("2026-04-06"),
        now(),
    )
    .unwrap();
    let starts: Vec<DateTime<Utc>> = slots.iter().map(|s| s.start).collect();
    // Monday 23 March in winter time (UTC+1), 9:30 taken; Monday 30 March in summer time (UTC+2).
    assert_eq!(
        starts[..5],
        [
            t("2026-03-23T08:00:00Z"),
            t("2026-03-23T09:00:00Z"),
            t("2026-03-23T09:30:00Z"),
            t("2026-03-23T10:00:00Z"),
            t("2026-03-23T10:30:00Z"),
        ]
    );
    assert_eq!(starts[5], t("2026-03-30T07:00:00Z"), "09:00 in summer time");
    assert_eq!(
        slots[5].start_local.to_rfc3339(),
        "2026-03-30T09:00:00+02:00"
    );
    assert_eq!(starts.len(), 5 + 6);
    // The configuration opens Monday 6 April (a holiday aside) but nothing is published then.
    let next = next_free_slots(
        &config(),
        &around,
        "consultation",
        date("2026-03-24"),
        now(),
        8,
    )
    .unwrap();
    assert_eq!(
        next.len(),
        6,
        "only the published Monday 30 March: {next:?}"
    );
    assert_eq!(
        next_free_slots(
            &config(),
            &around,
            "consultation",
            date("2026-03-23"),
            now(),
            3
        )
        .unwrap()
        .len(),
        3,
        "bounded"
    );
    // A type the practice books only by phone has slots too.
    assert_eq!(
        free_slots(
            &config(),
            &around,
            "bilan",
            date("2026-03-30"),
            date("2026-03-31"),
            now()
        )
        .unwrap()
        .len(),
        3
    );
}

#[test]
fn a_chosen_start_is_checked_and_the_reason_says_whether_it_may_be_forced() {
    let c = config();
    let consultation = c.appointment_type("consultation").unwrap();
    let around = [open("2026-03-23"), booked("2026-03-23", 9, 30, 30)];
    assert_eq!(
        check_slot(&c, &around, consultation, at("2026-03-23", 9, 0), now()),
        Ok(())
    );
    let taken = check_slot(&c, &around, consultation, at("2026-03-23", 9, 15), now()).unwrap_err();
    assert_eq!(
        taken,
        SlotProblem::Taken {
            other_start: at("2026-03-23", 9, 30),
            other_end: at("2026-03-23", 10, 0)
        }
    );
    assert!(!taken.forcible());
    assert!(
        taken
            .text(at("2026-03-23", 9, 15), tz())
            .fr
            .contains("09:30–10:00")
    );
    let outside =
        check_slot(&c, &around, consultation, at("2026-03-23", 14, 0), now()).unwrap_err();
    assert_eq!(outside, SlotProblem::OutsideAvailability);
    assert!(outside.forcible());
    assert_eq!(
        check_slot(&c, &around, consultation, at("2026-03-20", 9, 0), now()),
        Err(SlotProblem::Past)
    );
    assert!(!SlotProblem::Past.forcible());
}

#[test]
fn a_series_keeps_its_wall_time_and_lists_the_holiday_before_anything_is_written() {
    let c = config();
    let consultation = c.appointment_type("consultation").unwrap();
    // Mondays 23 March, 30 March (summer time), 6 April (Easter Monday), 13 April.
    let around = [
        open("2026-03-23"),
        open("2026-03-30"),
        open("2026-04-06"),
        open("2026-04-13"),
    ];
    let plan = plan_series(
        &c,
        &around,
        consultation,
        at("2026-03-23", 10, 0),
        4,
        1,
        now(),
    )
    .unwrap();
    let starts: Vec<DateTime<Utc>> = plan.iter().map(|i| i.start).collect();
    assert_eq!(
        starts,
        [
            t("2026-03-23T09:00:00Z"),
            t("2026-03-30T08:00:00Z"),
            t("2026-04-06T08:00:00Z"),
            t("2026-04-13T08:00:00Z"),
        ]
    );
    let problems: Vec<Option<SlotProblem>> = plan.iter().map(|i| i.problem).collect();
    assert_eq!(
        problems,
        [
            None,
            None,
            Some(SlotProblem::Holiday(Holiday::LundiDePaques)),
            None
        ]
    );
    assert!(
        SlotProblem::Holiday(Holiday::LundiDePaques)
            .text(starts[2], tz())
            .fr
            .contains("jour férié (Lundi de Pâques)")
    );
    let every_two = series_starts(at("2026-03-23", 10, 0), tz(), 3, 2).unwrap();
    assert_eq!(every_two[2], t("2026-04-20T08:00:00Z"));
    for (count, every) in [(0, 1), (53, 1), (10, 0), (10, 13)] {
        let e = series_starts(at("2026-03-23", 10, 0), tz(), count, every).unwrap_err();
        assert_eq!(e.field, Field::Series, "{count} every {every}");
    }
    assert_eq!(
        series_starts(at("2026-03-23", 10, 0), tz(), 52, 1)
            .unwrap()
            .len(),
        52
    );
}

#[test]
fn the_booking_event_carries_the_markers_and_a_deterministic_id() {
    let id = booking_event_id("cabinet@example.fr", "op1");
    assert_eq!(
        id,
        booking_event_id("cabinet@example.fr", "op1"),
        "the same operation, the same id"
    );
    assert_ne!(id, booking_event_id("cabinet@example.fr", "op2"));
    assert_ne!(id, booking_event_id("autre@example.fr", "op1"));
    assert!(id.starts_with("rdv") && id.len() == 29);
    assert!(
        id[3..]
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='v').contains(&c)),
        "base32hex: {id}"
    );

    let c = config();
    let patient = check_patient("Martin", "Jeanne", "06 12 34 56 78", "").unwrap();
    let e = booking_event(&NewBooking {
        tz: tz(),
        appointment_type: c.appointment_type("consultation").unwrap(),
        start: at("2026-03-30", 9, 0),
        patient: &patient,
        note: Some("rappeler la veille"),
        source: Source::Phone,
        actor: "secretariat@example.fr",
        booked_at: now(),
        op_id: "op1",
        event_id: &id,
    });
    assert_eq!(e.id.as_deref(), Some(id.as_str()));
    assert_eq!(
        e.summary.as_ref().unwrap().expose(),
        "Consultation – Jeanne Martin"
    );
    assert_eq!(e.transparency.as_deref(), Some("opaque"));
    let start = e.start.as_ref().unwrap();
    assert_eq!(
        start.date_time.unwrap().to_rfc3339(),
        "2026-03-30T09:00:00+02:00"
    );
    assert_eq!(start.time_zone.as_deref(), Some("Europe/Paris"));
    assert_eq!(
        e.end.as_ref().unwrap().date_time.unwrap().to_rfc3339(),
        "2026-03-30T09:30:00+02:00"
    );
    let get = |k: &str| e.private_property(k).map(|v| v.expose().clone());
    for (k, v) in [
        ("rdv.v", "1"),
        ("rdv.kind", "booking"),
        ("rdv.type", "consultation"),
        ("rdv.source", "phone"),
        ("rdv.bookedAt", "2026-03-22T11:00:00Z"),
        ("rdv.lastName", "Martin"),
        ("rdv.firstName", "Jeanne"),
        ("rdv.phone", "+33612345678"),
        ("rdv.note", "rappeler la veille"),
        ("rdv.actor", "secretariat@example.fr"),
        ("rdv.action", "create"),
        ("rdv.op", "op1"),
    ] {
        assert_eq!(get(k).as_deref(), Some(v), "{k}");
    }
    assert_eq!(get("rdv.email"), None, "no e-mail given, none written");
    let json = serde_json::to_value(&e).unwrap();
    assert!(
        json.get("attendees").is_none(),
        "the patient is never invited"
    );
    let read = crate::conventions::Markers::read(Some(
        &e.extended_properties
            .unwrap()
            .private
            .unwrap()
            .into_iter()
            .map(|(k, v)| (k, v.expose().clone()))
            .collect(),
    ));
    assert_eq!(read.kind, EventKind::Booking, "read back as a booking");
}
