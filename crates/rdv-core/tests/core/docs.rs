//! docs/templates.md stays true: its examples parse, validate and offer the slots it describes,
//! and its sample validation messages are what validation says.

use chrono::{DateTime, NaiveDate, Utc};
use rdv_core::availability::{
    FileFormat, PracticeConfig, SlotQuery, TypeSlots, compute_slots, validate,
};

const DOC: &str = include_str!("../../../../docs/templates.md");

/// The code blocks of the page written in `lang`, in order.
fn blocks(lang: &str) -> Vec<&'static str> {
    let fence = format!("```{lang}\n");
    DOC.split(fence.as_str())
        .skip(1)
        .map(|rest| rest.split("```").next().unwrap())
        .collect()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn today() -> NaiveDate {
    day("2026-11-26")
}

fn now() -> DateTime<Utc> {
    "2026-11-26T09:00:00Z".parse().unwrap()
}

fn example() -> PracticeConfig {
    PracticeConfig::parse(blocks("toml")[0], FileFormat::Toml).expect("the complete example parses")
}

fn slots(from: &str, to: &str) -> Vec<TypeSlots> {
    compute_slots(&example(), &SlotQuery::new(day(from), day(to), now())).unwrap()
}

fn count(slots: &[TypeSlots], type_id: &str, date: &str) -> usize {
    let of_type = slots.iter().find(|t| t.type_id == type_id).unwrap();
    of_type
        .slots
        .iter()
        .filter(|s| s.start_local.date_naive() == day(date))
        .count()
}

#[test]
fn the_complete_example_is_valid() {
    assert_eq!(validate(&example(), today()), vec![]);
}

#[test]
fn the_complete_example_offers_mondays_and_thursdays_and_odd_saturdays() {
    let week = slots("2026-11-30", "2026-12-07");
    assert_eq!(
        count(&week, "consultation", "2026-11-30"),
        17,
        "9h–12h30 and 14h–19h: 7 + 10 half hours"
    );
    assert_eq!(
        count(&week, "consultation", "2026-12-03"),
        17,
        "Thursday alike"
    );
    assert_eq!(
        count(&week, "consultation", "2026-12-05"),
        6,
        "Saturday of ISO week 49 (odd): 9h–12h"
    );
    assert_eq!(
        count(&week, "premiere-consultation", "2026-12-05"),
        0,
        "Saturdays are for consultations only"
    );
    assert_eq!(
        count(&week, "premiere-consultation", "2026-11-30"),
        12 + 18,
        "45 min every quarter hour"
    );
    let bilan = week.iter().find(|t| t.type_id == "bilan").unwrap();
    assert!(
        !bilan.bookable_online && bilan.slots.is_empty(),
        "the assessment is booked by phone"
    );
    let next_week = slots("2026-12-07", "2026-12-14");
    assert_eq!(
        count(&next_week, "consultation", "2026-12-12"),
        0,
        "no Saturday in even week 50"
    );
}

#[test]
fn the_complete_example_closes_at_christmas_and_opens_its_exceptions() {
    let december = slots("2026-12-14", "2027-01-11");
    assert_eq!(
        count(&december, "consultation", "2026-12-19"),
        8,
        "the extra Saturday 9h–13h, united with the odd-week 9h–12h"
    );
    assert_eq!(
        count(&december, "consultation", "2026-12-28"),
        0,
        "Vacances de Noël"
    );
    assert_eq!(
        count(&december, "consultation", "2027-01-04"),
        17,
        "reopens on Monday 4 January"
    );
}

#[test]
fn the_complete_example_opens_on_ascension_2027_but_not_on_whit_monday() {
    let later = compute_slots(
        &example(),
        &SlotQuery::new(
            day("2027-05-01"),
            day("2027-05-31"),
            "2027-04-01T08:00:00Z".parse().unwrap(),
        ),
    )
    .unwrap();
    assert_eq!(
        count(&later, "consultation", "2027-05-06"),
        17,
        "Ascension, overridden"
    );
    assert_eq!(
        count(&later, "consultation", "2027-05-17"),
        0,
        "Lundi de Pentecôte, closed"
    );
}

#[test]
fn the_json_example_is_valid() {
    let json = blocks("json")[0];
    let config = PracticeConfig::parse(json, FileFormat::Json).expect("the JSON example parses");
    assert_eq!(validate(&config, today()), vec![]);
    assert_eq!(
        config.templates,
        example().templates[..1],
        "the same habits as the TOML example"
    );
}

#[test]
fn the_sample_validation_messages_are_what_validation_says() {
    let config = PracticeConfig::parse(
        r#"
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
[[templates.ranges]]
days = ["lundi", "jeudi"]
start = "12:00"
end = "19:00"
[[templates]]
id = "garde"
name = "Garde"
[[templates.ranges]]
days = ["dimanche"]
start = "02:30"
end = "05:00"
"#,
        FileFormat::Toml,
    )
    .unwrap();
    let said: Vec<String> = validate(&config, today())
        .iter()
        .map(ToString::to_string)
        .collect();
    let documented: Vec<&str> = blocks("text")[0].lines().collect();
    assert_eq!(documented.len(), 2);
    for line in documented {
        assert!(
            said.iter().any(|s| s == line),
            "documented but not said:\n{line}\nsaid:\n{said:#?}"
        );
    }
}
