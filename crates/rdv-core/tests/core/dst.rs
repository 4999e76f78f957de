//! The two daylight-saving Sundays of 2026 in `Europe/Paris`, through the public API, as a
//! practitioner's week would meet them.

use chrono::{DateTime, NaiveDate, Utc};
use rdv_core::availability::{
    FileFormat, PracticeConfig, ProblemCode, SlotQuery, compute_slots, validate,
};

/// A practice open on Sundays through the night hours where the clocks change, and on Mondays
/// at 9:00, with a weekly extra for the early hours.
const NIGHT_PRACTICE: &str = r#"
[[appointmentTypes]]
id = "garde"
name = "Consultation de garde"
durationMinutes = 30

[[templates]]
id = "garde"
[[templates.ranges]]
days = ["dimanche"]
start = "00:00"
end = "05:00"
[[templates.ranges]]
days = ["lundi"]
start = "09:00"
end = "10:00"
"#;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn long_ago() -> DateTime<Utc> {
    "2026-01-01T00:00:00Z".parse().unwrap()
}

fn local_starts(from: &str, to: &str) -> Vec<String> {
    let config = PracticeConfig::parse(NIGHT_PRACTICE, FileFormat::Toml).unwrap();
    let slots = compute_slots(&config, &SlotQuery::new(day(from), day(to), long_ago())).unwrap();
    slots[0]
        .slots
        .iter()
        .map(|s| s.start_local.to_rfc3339())
        .collect()
}

#[test]
fn on_2026_03_29_the_night_offers_four_real_hours_and_nothing_between_2_and_3() {
    let got = local_starts("2026-03-29", "2026-03-30");
    assert_eq!(
        got.len(),
        8,
        "00:00–05:00 lasts 4 real hours that night: {got:?}"
    );
    assert!(
        got.iter().all(|s| !s.contains("T02:")),
        "02:00–03:00 does not exist: {got:?}"
    );
    assert_eq!(
        got[3], "2026-03-29T01:30:00+01:00",
        "the last winter-time slot"
    );
    assert_eq!(
        got[4], "2026-03-29T03:00:00+02:00",
        "the first summer-time slot"
    );
}

#[test]
fn on_2026_10_25_the_repeated_hour_is_offered_once_in_each_of_its_two_lives() {
    let got = local_starts("2026-10-25", "2026-10-26");
    assert_eq!(
        got.len(),
        12,
        "00:00–05:00 lasts 6 real hours that night: {got:?}"
    );
    let twice: Vec<_> = got.iter().filter(|s| s.contains("T02:")).collect();
    assert_eq!(
        twice,
        [
            "2026-10-25T02:00:00+02:00",
            "2026-10-25T02:30:00+02:00",
            "2026-10-25T02:00:00+01:00",
            "2026-10-25T02:30:00+01:00"
        ],
        "02:00 and 02:30 are lived twice, once at each offset, never twice at the same instant"
    );
}

#[test]
fn the_monday_after_each_change_keeps_its_local_hours() {
    assert_eq!(
        local_starts("2026-03-30", "2026-03-31"),
        ["2026-03-30T09:00:00+02:00", "2026-03-30T09:30:00+02:00"]
    );
    assert_eq!(
        local_starts("2026-10-26", "2026-10-27"),
        ["2026-10-26T09:00:00+01:00", "2026-10-26T09:30:00+01:00"]
    );
}

#[test]
fn a_sunday_range_ending_in_the_skipped_hour_is_a_validation_problem_but_still_computes() {
    let toml = NIGHT_PRACTICE.replace("end = \"05:00\"", "end = \"02:30\"");
    let config = PracticeConfig::parse(&toml, FileFormat::Toml).unwrap();
    let problems = validate(&config, day("2026-01-10"));
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].code, ProblemCode::RangeDstGap);
    assert!(
        problems[0].message.contains("le dimanche 29/03/2026"),
        "{}",
        problems[0].message
    );
    let slots = compute_slots(
        &config,
        &SlotQuery::new(day("2026-03-29"), day("2026-03-30"), long_ago()),
    )
    .unwrap();
    let last = slots[0].slots.last().unwrap();
    assert_eq!(
        last.end_local.to_rfc3339(),
        "2026-03-29T03:00:00+02:00",
        "02:30 stands for the end of the gap"
    );
}
