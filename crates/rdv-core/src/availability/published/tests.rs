use super::*;
use chrono_tz::Europe::Paris;

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn open(start: &str, end: &str, types: Option<&[&str]>) -> Opening {
    Opening {
        start: utc(start),
        end: utc(end),
        types: types.map(|l| l.iter().map(|s| (*s).to_owned()).collect()),
    }
}

fn query<'a>(from: &str, to: &str, openings: &'a [Opening]) -> SiteQuery<'a> {
    SiteQuery {
        from: day(from),
        to: day(to),
        now: utc("2026-01-01T00:00:00Z"),
        openings,
        busy: &[],
        bookings: &[],
        only_type: None,
    }
}

/// Local starts (`HH:MM+offset`) of the first type's slots.
fn starts(types: &[AppointmentType], q: &SiteQuery<'_>) -> Vec<String> {
    site_slots(types, Paris, q).unwrap()[0]
        .slots
        .iter()
        .map(|s| s.start_local.format("%d %H:%M%:z").to_string())
        .collect()
}

#[test]
fn the_spring_change_skips_the_missing_hour() {
    // 29 March 2026: 2:00 becomes 3:00 in Paris. 1:00+01:00 → 4:00+02:00 is two hours.
    let o = [open(
        "2026-03-29T01:00:00+01:00",
        "2026-03-29T04:00:00+02:00",
        None,
    )];
    let types = [AppointmentType::new("c", "C", 30)];
    assert_eq!(
        starts(&types, &query("2026-03-29", "2026-03-30", &o)),
        [
            "29 01:00+01:00",
            "29 01:30+01:00",
            "29 03:00+02:00",
            "29 03:30+02:00"
        ]
    );
}

#[test]
fn the_autumn_change_offers_the_repeated_hour_twice_in_elapsed_time() {
    // 25 October 2026: 3:00 becomes 2:00 again. 1:00+02:00 → 4:00+01:00 is four hours.
    let o = [open(
        "2026-10-25T01:00:00+02:00",
        "2026-10-25T04:00:00+01:00",
        None,
    )];
    let types = [AppointmentType::new("c", "C", 60)];
    assert_eq!(
        starts(&types, &query("2026-10-25", "2026-10-26", &o)),
        [
            "25 01:00+02:00",
            "25 02:00+02:00",
            "25 02:00+01:00",
            "25 03:00+01:00"
        ]
    );
}

#[test]
fn published_openings_give_the_configurations_slots() {
    // The app's weekly range Monday 9:00–12:30, published as one instance: the same slots as
    // compute_slots gives from the configuration, so the site and the app agree.
    let config = super::super::PracticeConfig::parse(
        r#"
        [[appointmentTypes]]
        id = "consultation"
        name = "Consultation"
        durationMinutes = 30
        slotIntervalMinutes = 20
        bufferAfterMinutes = 10
        [[templates]]
        id = "semaine"
        [[templates.ranges]]
        days = ["lundi"]
        start = "09:00"
        end = "12:30"
        "#,
        super::super::FileFormat::Toml,
    )
    .unwrap();
    let busy = [Busy {
        start: utc("2026-11-23T10:30:00+01:00"),
        end: utc("2026-11-23T11:00:00+01:00"),
    }];
    let now = utc("2026-11-23T07:55:00Z");
    let app = super::super::compute_slots(
        &config,
        &super::super::SlotQuery {
            busy: &busy,
            ..super::super::SlotQuery::new(day("2026-11-23"), day("2026-11-30"), now)
        },
    )
    .unwrap();
    let o = [open(
        "2026-11-23T09:00:00+01:00",
        "2026-11-23T12:30:00+01:00",
        None,
    )];
    let site = site_slots(
        &config.appointment_types,
        Paris,
        &SiteQuery {
            now,
            busy: &busy,
            ..query("2026-11-23", "2026-11-30", &o)
        },
    )
    .unwrap();
    assert_eq!(site, app);
    assert!(!site[0].slots.is_empty());
}

#[test]
fn an_opening_across_midnight_belongs_to_the_day_it_starts() {
    let o = [open(
        "2026-11-23T22:00:00+01:00",
        "2026-11-24T02:00:00+01:00",
        None,
    )];
    let types = [AppointmentType {
        max_per_day: Some(1),
        ..AppointmentType::new("c", "C", 60)
    }];
    assert_eq!(
        starts(&types, &query("2026-11-23", "2026-11-24", &o)),
        [
            "23 22:00+01:00",
            "23 23:00+01:00",
            "24 00:00+01:00",
            "24 01:00+01:00"
        ]
    );
    assert!(
        starts(&types, &query("2026-11-24", "2026-11-25", &o)).is_empty(),
        "the 24th has no opening of its own"
    );
    let booked = [Booking {
        type_id: "c".into(),
        start: utc("2026-11-23T10:00:00+01:00"),
        end: utc("2026-11-23T11:00:00+01:00"),
    }];
    let q = SiteQuery {
        bookings: &booked,
        ..query("2026-11-23", "2026-11-24", &o)
    };
    assert!(
        starts(&types, &q).is_empty(),
        "the 23rd's cap closes the whole opening"
    );
}

#[test]
fn unknown_types_and_long_ranges_are_refused_and_offline_types_get_nothing() {
    let o = [open(
        "2026-11-23T09:00:00+01:00",
        "2026-11-23T10:00:00+01:00",
        None,
    )];
    let types = [
        AppointmentType::new("c", "C", 30),
        AppointmentType {
            bookable_online: false,
            ..AppointmentType::new("tel", "Par téléphone", 30)
        },
    ];
    let q = SiteQuery {
        only_type: Some("x"),
        ..query("2026-11-23", "2026-11-24", &o)
    };
    assert_eq!(
        site_slots(&types, Paris, &q),
        Err(SlotError::UnknownType("x".into()))
    );
    let q = query("2026-01-01", "2028-01-03", &o);
    assert!(matches!(
        site_slots(&types, Paris, &q),
        Err(SlotError::RangeTooLong { .. })
    ));
    let all = site_slots(&types, Paris, &query("2026-11-23", "2026-11-24", &o)).unwrap();
    assert_eq!((all[0].slots.len(), all[1].slots.len()), (2, 0));
}
