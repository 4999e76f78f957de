use super::*;
use crate::availability::config::FileFormat;

/// Mondays and Thursdays 9:00–12:30, one 30-minute type, from the week of 2026-11-23.
const WEEK: &str = r#"
[[appointmentTypes]]
id = "consultation"
name = "Consultation"
durationMinutes = 30

[[templates]]
id = "semaine"
[[templates.ranges]]
days = ["lundi", "jeudi"]
start = "09:00"
end = "12:30"
"#;

fn config(toml: &str) -> PracticeConfig {
    PracticeConfig::parse(toml, FileFormat::Toml).unwrap()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// A moment long before the dates of these tests, so notice never matters unless meant to.
fn long_ago() -> DateTime<Utc> {
    utc("2026-01-01T00:00:00Z")
}

/// Local starts of the first type's slots, `YYYY-MM-DD HH:MM`.
fn starts(config: &PracticeConfig, query: &SlotQuery<'_>) -> Vec<String> {
    let result = compute_slots(config, query).unwrap();
    result[0]
        .slots
        .iter()
        .map(|s| s.start_local.format("%Y-%m-%d %H:%M").to_string())
        .collect()
}

fn monday(config: &PracticeConfig, query: SlotQuery<'_>) -> Vec<String> {
    starts(
        config,
        &SlotQuery {
            from: day("2026-11-23"),
            to: day("2026-11-24"),
            ..query
        },
    )
}

fn query() -> SlotQuery<'static> {
    SlotQuery::new(day("2026-11-23"), day("2026-11-30"), long_ago())
}

fn hours(list: &[&str]) -> Vec<String> {
    list.iter().map(|h| format!("2026-11-23 {h}")).collect()
}

#[test]
fn a_weekly_range_offers_back_to_back_slots_that_fit_entirely() {
    let c = config(WEEK);
    let got = starts(&c, &query());
    assert_eq!(
        got.len(),
        14,
        "7 slots on Monday and 7 on Thursday: {got:?}"
    );
    assert_eq!(got[0], "2026-11-23 09:00");
    assert_eq!(
        got[6], "2026-11-23 12:00",
        "the last one ends at 12:30, the end of the range"
    );
    assert_eq!(got[7], "2026-11-26 09:00");
}

#[test]
fn slots_carry_utc_instants_and_the_local_time_with_its_offset() {
    let c = config(WEEK);
    let result = compute_slots(&c, &query()).unwrap();
    let first = result[0].slots[0];
    assert_eq!(first.start, utc("2026-11-23T08:00:00Z"));
    assert_eq!(first.end, utc("2026-11-23T08:30:00Z"));
    let json = serde_json::to_value(first).unwrap();
    assert_eq!(json["startLocal"], "2026-11-23T09:00:00+01:00");
    assert_eq!(json["endLocal"], "2026-11-23T09:30:00+01:00");
    assert_eq!(json["start"], "2026-11-23T08:00:00Z");
}

#[test]
fn the_interval_may_differ_from_the_duration() {
    let c = config(&WEEK.replace(
        "durationMinutes = 30",
        "durationMinutes = 45\nslotIntervalMinutes = 60",
    ));
    assert_eq!(
        monday(&c, query()),
        hours(&["09:00", "10:00", "11:00"]),
        "45-minute appointments every hour; 12:00 + 45 min would end after 12:30"
    );
}

#[test]
fn busy_time_and_its_buffers_remove_the_slots_they_touch() {
    let busy = [Busy {
        start: utc("2026-11-23T09:00:00Z"),
        end: utc("2026-11-23T09:30:00Z"),
    }]; // 10:00–10:30 local
    let plain = config(WEEK);
    assert_eq!(
        monday(
            &plain,
            SlotQuery {
                busy: &busy,
                ..query()
            }
        ),
        hours(&["09:00", "09:30", "10:30", "11:00", "11:30", "12:00"]),
        "only the busy half hour goes: touching is not overlapping"
    );
    let buffered = config(&WEEK.replace(
        "durationMinutes = 30",
        "durationMinutes = 30\nbufferBeforeMinutes = 5\nbufferAfterMinutes = 10",
    ));
    assert_eq!(
        monday(
            &buffered,
            SlotQuery {
                busy: &busy,
                ..query()
            }
        ),
        hours(&["09:00", "11:00", "11:30", "12:00"]),
        "09:30 needs 10 free minutes after it, 10:30 needs 5 before it"
    );
}

#[test]
fn bookings_are_busy_and_count_towards_the_daily_cap() {
    let bookings = [
        Booking {
            type_id: "consultation".into(),
            start: utc("2026-11-23T08:00:00Z"),
            end: utc("2026-11-23T08:30:00Z"),
        },
        Booking {
            type_id: "consultation".into(),
            start: utc("2026-11-23T10:00:00Z"),
            end: utc("2026-11-23T10:30:00Z"),
        },
    ];
    let uncapped = config(WEEK);
    assert_eq!(
        monday(
            &uncapped,
            SlotQuery {
                bookings: &bookings,
                ..query()
            }
        ),
        hours(&["09:30", "10:00", "10:30", "11:30", "12:00"]),
        "the booked 09:00 and 11:00 are busy"
    );
    let capped = config(&WEEK.replace(
        "durationMinutes = 30",
        "durationMinutes = 30\nmaxPerDay = 2",
    ));
    let got = starts(
        &capped,
        &SlotQuery {
            bookings: &bookings,
            ..query()
        },
    );
    assert!(
        got.iter().all(|s| s.starts_with("2026-11-26")),
        "Monday is full with 2 bookings: {got:?}"
    );
    assert_eq!(got.len(), 7, "Thursday has none yet");
}

#[test]
fn nothing_is_offered_before_now_plus_the_notice() {
    let c = config(&WEEK.replace(
        "durationMinutes = 30",
        "durationMinutes = 30\nminNoticeMinutes = 60",
    ));
    let now = utc("2026-11-23T08:40:00Z"); // 09:40 local
    assert_eq!(
        monday(&c, SlotQuery { now, ..query() }),
        hours(&["11:00", "11:30", "12:00"]),
        "the first slot starting at or after 10:40"
    );
}

#[test]
fn nothing_is_offered_past_the_horizon_counted_in_local_days() {
    let c = config(&WEEK.replace(
        "durationMinutes = 30",
        "durationMinutes = 30\nhorizonDays = 3",
    ));
    let now = utc("2026-11-22T23:30:00Z"); // Monday 00:30 local: today is Monday
    let got = starts(&c, &SlotQuery { now, ..query() });
    assert!(
        got.iter().any(|s| s.starts_with("2026-11-26")),
        "Thursday is today + 3"
    );
    let got = starts(
        &c,
        &SlotQuery {
            now: utc("2026-11-22T22:30:00Z"),
            ..query()
        },
    ); // Sunday 23:30
    assert!(
        got.iter().all(|s| s.starts_with("2026-11-23")),
        "from Sunday, Thursday is today + 4: {got:?}"
    );
}

#[test]
fn touching_and_overlapping_ranges_of_a_day_are_united_before_stepping() {
    let c = config(
        r#"
[[appointmentTypes]]
id = "bilan"
name = "Bilan"
durationMinutes = 45
[[templates]]
id = "a"
[[templates.ranges]]
days = ["lundi"]
start = "09:00"
end = "10:00"
[[templates]]
id = "b"
[[templates.ranges]]
days = ["lundi"]
start = "10:00"
end = "11:00"
"#,
    );
    assert_eq!(
        monday(&c, query()),
        hours(&["09:00", "09:45"]),
        "09:45–10:30 spans the two ranges"
    );
}

#[test]
fn closures_remove_whole_days_or_their_hours_for_their_types() {
    let whole = format!("{WEEK}\n[[exceptions.closures]]\nfrom = \"2026-11-23\"\n");
    assert_eq!(monday(&config(&whole), query()), Vec::<String>::new());
    let morning = format!(
        "{WEEK}\n[[exceptions.closures]]\nfrom = \"2026-11-20\"\nuntil = \"2026-11-23\"\nstart = \"09:00\"\nend = \"10:15\"\n"
    );
    assert_eq!(
        monday(&config(&morning), query()),
        hours(&["10:30", "11:00", "11:30", "12:00"]),
        "the grid stays anchored at 9:00; 10:00–10:30 overlaps the closure"
    );
    let other_type = format!("{whole}types = [\"domicile\"]\n");
    assert_eq!(
        monday(&config(&other_type), query()).len(),
        7,
        "a closure for another type"
    );
}

#[test]
fn a_public_holiday_closes_the_weekly_ranges_unless_overridden() {
    let pentecote = SlotQuery {
        from: day("2026-05-25"),
        to: day("2026-05-26"),
        ..query()
    };
    assert!(
        starts(&config(WEEK), &pentecote).is_empty(),
        "Lundi de Pentecôte is closed by default"
    );
    let open = format!("{WEEK}\n[holidays]\noverrides = [\"lundi-de-pentecote\"]\n");
    assert_eq!(starts(&config(&open), &pentecote).len(), 7);
    let not_closing = format!("{WEEK}\n[holidays]\nclosed = false\n");
    assert_eq!(starts(&config(&not_closing), &pentecote).len(), 7);
    let extra = format!(
        "{WEEK}\n[[exceptions.openings]]\ndate = \"2026-05-25\"\nstart = \"10:00\"\nend = \"11:00\"\n"
    );
    assert_eq!(
        starts(&config(&extra), &pentecote),
        vec!["2026-05-25 10:00", "2026-05-25 10:30"],
        "an explicit extra opening on a holiday is open"
    );
}

#[test]
fn extra_openings_add_a_day_and_closures_win_over_them() {
    let saturday = SlotQuery {
        from: day("2026-11-28"),
        to: day("2026-11-29"),
        ..query()
    };
    let extra = format!(
        "{WEEK}\n[[exceptions.openings]]\ndate = \"2026-11-28\"\nstart = \"9h\"\nend = \"10h\"\n"
    );
    assert_eq!(
        starts(&config(&extra), &saturday),
        vec!["2026-11-28 09:00", "2026-11-28 09:30"]
    );
    let closed = format!("{extra}\n[[exceptions.closures]]\nfrom = \"2026-11-28\"\n");
    assert!(starts(&config(&closed), &saturday).is_empty());
}

#[test]
fn alternating_templates_open_only_in_their_weeks() {
    let odd = WEEK.replace("id = \"semaine\"", "id = \"semaine\"\nweeks = \"impaires\"");
    let two_weeks = SlotQuery {
        to: day("2026-12-07"),
        ..query()
    };
    let got = starts(&config(&odd), &two_weeks);
    assert!(
        got.iter().all(|s| s.as_str() >= "2026-11-30"),
        "week 48 is even, week 49 odd: {got:?}"
    );
    assert_eq!(got.len(), 14);
}

#[test]
fn the_skipped_spring_hour_offers_no_slot() {
    let c = config(
        &WEEK
            .replace("[\"lundi\", \"jeudi\"]", "[\"dimanche\"]")
            .replace("09:00", "01:00")
            .replace("12:30", "04:00"),
    );
    let got: Vec<String> = compute_slots(
        &c,
        &SlotQuery {
            from: day("2026-03-29"),
            to: day("2026-03-30"),
            ..query()
        },
    )
    .unwrap()[0]
        .slots
        .iter()
        .map(|s| s.start_local.to_rfc3339())
        .collect();
    assert_eq!(
        got,
        [
            "2026-03-29T01:00:00+01:00",
            "2026-03-29T01:30:00+01:00",
            "2026-03-29T03:00:00+02:00",
            "2026-03-29T03:30:00+02:00"
        ],
        "01:00–04:00 lasts two real hours that day; 02:00–03:00 does not exist"
    );
}

#[test]
fn the_repeated_autumn_hour_is_offered_once_per_real_half_hour() {
    let c = config(
        &WEEK
            .replace("[\"lundi\", \"jeudi\"]", "[\"dimanche\"]")
            .replace("09:00", "01:00")
            .replace("12:30", "04:00"),
    );
    let slots = &compute_slots(
        &c,
        &SlotQuery {
            from: day("2026-10-25"),
            to: day("2026-10-26"),
            ..query()
        },
    )
    .unwrap()[0]
        .slots;
    let got: Vec<String> = slots.iter().map(|s| s.start_local.to_rfc3339()).collect();
    assert_eq!(
        got,
        [
            "2026-10-25T01:00:00+02:00",
            "2026-10-25T01:30:00+02:00",
            "2026-10-25T02:00:00+02:00",
            "2026-10-25T02:30:00+02:00",
            "2026-10-25T02:00:00+01:00",
            "2026-10-25T02:30:00+01:00",
            "2026-10-25T03:00:00+01:00",
            "2026-10-25T03:30:00+01:00",
        ],
        "01:00–04:00 lasts four real hours that day: 02:00–03:00 is lived twice, each half hour once"
    );
    assert!(
        slots.windows(2).all(|w| w[0].end <= w[1].start),
        "back-to-back, never twice the same instant"
    );
}

#[test]
fn a_weekly_time_stays_the_same_local_time_across_the_change() {
    let c = config(WEEK);
    let q = SlotQuery {
        from: day("2026-10-19"),
        to: day("2026-10-27"),
        ..query()
    };
    let result = compute_slots(&c, &q).unwrap();
    let mondays: Vec<_> = result[0]
        .slots
        .iter()
        .filter(|s| s.start_local.format("%H:%M").to_string() == "09:00")
        .collect();
    assert_eq!(mondays.len(), 3, "Monday 19, Thursday 22, Monday 26");
    assert_eq!(
        mondays[0].start,
        utc("2026-10-19T07:00:00Z"),
        "9:00 in summer time"
    );
    assert_eq!(
        mondays[2].start,
        utc("2026-10-26T08:00:00Z"),
        "9:00 in winter time"
    );
}

#[test]
fn types_not_bookable_online_are_listed_without_slots_unless_asked() {
    let c = config(&WEEK.replace(
        "durationMinutes = 30",
        "durationMinutes = 30\nbookableOnline = false",
    ));
    let result = compute_slots(&c, &query()).unwrap();
    assert!(!result[0].bookable_online && result[0].slots.is_empty());
    let result = compute_slots(
        &c,
        &SlotQuery {
            include_offline: true,
            ..query()
        },
    )
    .unwrap();
    assert_eq!(
        result[0].slots.len(),
        14,
        "what the practice may book by phone"
    );
}

#[test]
fn a_query_may_select_types_and_must_name_known_ones() {
    let c = config(&format!(
        "{WEEK}\n[[appointmentTypes]]\nid = \"bilan\"\nname = \"Bilan\"\ndurationMinutes = 60\n"
    ));
    let only = ["bilan".to_owned()];
    let result = compute_slots(
        &c,
        &SlotQuery {
            only_types: Some(&only),
            ..query()
        },
    )
    .unwrap();
    assert_eq!(
        result
            .iter()
            .map(|t| t.type_id.as_str())
            .collect::<Vec<_>>(),
        ["bilan"]
    );
    assert_eq!(result[0].slots.len(), 6, "3 hours on each of the two days");
    let unknown = ["bilans".to_owned()];
    assert_eq!(
        compute_slots(
            &c,
            &SlotQuery {
                only_types: Some(&unknown),
                ..query()
            }
        ),
        Err(SlotError::UnknownType("bilans".into()))
    );
}

#[test]
fn an_empty_or_reversed_date_range_offers_nothing_and_a_huge_one_is_refused() {
    let c = config(WEEK);
    let empty = compute_slots(
        &c,
        &SlotQuery {
            to: day("2026-11-23"),
            ..query()
        },
    )
    .unwrap();
    assert!(empty[0].slots.is_empty());
    let reversed = compute_slots(
        &c,
        &SlotQuery {
            to: day("2026-11-01"),
            ..query()
        },
    )
    .unwrap();
    assert!(reversed[0].slots.is_empty());
    assert_eq!(
        compute_slots(
            &c,
            &SlotQuery {
                to: day("2036-11-23"),
                ..query()
            }
        ),
        Err(SlotError::RangeTooLong { days: 3653 })
    );
}

#[test]
fn an_invalid_type_offers_nothing_instead_of_looping() {
    let c = config(&WEEK.replace(
        "durationMinutes = 30",
        "durationMinutes = 30\nslotIntervalMinutes = 0",
    ));
    assert!(
        starts(&c, &query()).is_empty(),
        "validation reports a zero interval; computation stays total"
    );
}
