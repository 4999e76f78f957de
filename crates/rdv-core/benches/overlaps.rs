//! `cargo bench -p rdv-core --bench overlaps`: validating a configuration of 50,000 extra
//! openings and 5,000 closures (dated intervals), one of 10,000 weekly ranges, one of identical
//! ranges and openings (every pair overlaps), and one of long closures hiding nothing — the
//! overlap checks sort and sweep instead of comparing every pair, and stop at a cap (issue #17).
//! docs/PERFORMANCE.md records the figures.

use chrono::{NaiveDate, NaiveTime, TimeDelta};
use criterion::{Criterion, criterion_group, criterion_main};
use rdv_core::availability::{
    AppointmentType, Closure, Day, ExtraOpening, PracticeConfig, WeeklyRange, WeeklyTemplate,
    validate,
};
use std::hint::black_box;

fn time(minutes: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0).unwrap()
}

fn first_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()
}

fn consultation() -> AppointmentType {
    let text = "[[appointmentTypes]]\nid = \"consultation\"\nname = \"Consultation\"\ndurationMinutes = 30\n";
    let mut parsed = PracticeConfig::parse(text, rdv_core::availability::FileFormat::Toml).unwrap();
    parsed.appointment_types.remove(0)
}

/// 50,000 extra openings, 10 a day of 45 minutes from 08:00 (one in a hundred overlaps the
/// previous one), over 5,000 days, and 5,000 closures of an hour on every day.
fn dated() -> PracticeConfig {
    let openings = (0..50_000u32)
        .map(|i| {
            let date = first_day() + TimeDelta::days(i64::from(i / 10));
            let start = 8 * 60 + (i % 10) * 50 - u32::from(i % 100 == 1) * 10;
            ExtraOpening {
                date,
                start: time(start),
                end: time(start + 45),
                types: None,
                label: String::new(),
            }
        })
        .collect();
    let closures = (0..5_000u32)
        .map(|i| {
            let day = first_day() + TimeDelta::days(i64::from(i));
            Closure {
                start: Some(time(21 * 60)),
                end: Some(time(22 * 60)),
                ..Closure::days(day, day)
            }
        })
        .collect();
    let mut config = PracticeConfig {
        appointment_types: vec![consultation()],
        ..PracticeConfig::default()
    };
    config.exceptions.openings = openings;
    config.exceptions.closures = closures;
    config
}

/// 10,000 weekly ranges of one minute (each minute of a day from 00:00 to 23:59 is one range),
/// in one template.
fn weekly() -> PracticeConfig {
    let ranges = (0..10_000u32)
        .map(|i| WeeklyRange {
            days: vec![Day::ALL[(i / 1_439) as usize % 7]],
            start: time(i % 1_439),
            end: time(i % 1_439 + 1),
            types: None,
        })
        .collect();
    let template: WeeklyTemplate = serde_json::from_value(serde_json::json!({
        "id": "minutes",
        "ranges": []
    }))
    .unwrap();
    PracticeConfig {
        appointment_types: vec![consultation()],
        templates: vec![WeeklyTemplate { ranges, ..template }],
        ..PracticeConfig::default()
    }
}

/// 10,000 identical weekly ranges (Monday 09:00–12:00, the most a file may hold) and 20,000
/// identical extra openings: 5 × 10⁷ and 2 × 10⁸ overlapping pairs, of which 100 of each are
/// reported, the rest summed up.
fn identical() -> PracticeConfig {
    let mut config = weekly();
    config.templates[0].ranges = vec![
        WeeklyRange {
            days: vec![Day::Monday],
            start: time(9 * 60),
            end: time(12 * 60),
            types: None,
        };
        10_000
    ];
    config.exceptions.openings = vec![
        ExtraOpening {
            date: first_day(),
            start: time(9 * 60),
            end: time(12 * 60),
            types: None,
            label: String::new(),
        };
        20_000
    ];
    config
}

/// 2,000 closures of ten years each (the most a file may hold) that hide nothing — each closes
/// the evening only — and 20,000 extra openings in the mornings of those years.
fn long_closures() -> PracticeConfig {
    let mut config = dated();
    config.exceptions.closures = (0..2_000u32)
        .map(|i| Closure {
            start: Some(time(21 * 60)),
            end: Some(time(22 * 60)),
            ..Closure::days(
                first_day() + TimeDelta::days(i64::from(i % 10)),
                first_day() + TimeDelta::days(3_650 + i64::from(i % 10)),
            )
        })
        .collect();
    config.exceptions.openings.truncate(20_000);
    config
}

fn overlaps(c: &mut Criterion) {
    let today = first_day();
    for (name, config) in [
        ("validate: 50,000 extra openings, 5,000 closures", dated()),
        ("validate: 10,000 weekly ranges", weekly()),
        (
            "validate: 10,000 identical weekly ranges, 20,000 identical openings",
            identical(),
        ),
        (
            "validate: 2,000 ten-year closures hiding nothing, 20,000 openings",
            long_closures(),
        ),
    ] {
        let problems = validate(&config, today);
        let overlaps = problems
            .iter()
            .filter(|p| p.code.as_str().ends_with(".overlap"))
            .count();
        #[allow(clippy::print_stdout, reason = "a bench prints its figures")]
        {
            println!("{name}: {overlaps} overlaps, {} problems", problems.len());
        }
        c.bench_function(name, |b| {
            b.iter(|| validate(black_box(&config), black_box(today)))
        });
    }
}

criterion_group!(benches, overlaps);
criterion_main!(benches);
