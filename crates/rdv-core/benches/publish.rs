//! `cargo bench -p rdv-core --bench publish`: what publishing a typical 12-week template costs —
//! the number of Calendar API writes (printed: the plan's writes against an empty calendar and
//! against itself, vs one event per open range and day and one event per slot) and the time to
//! compute the plan. docs/PERFORMANCE.md records the figures.

use chrono::{NaiveDate, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use rdv_core::availability::publish::{as_existing, desired_events, plan};
use rdv_core::availability::{FileFormat, PracticeConfig, SlotQuery, compute_slots};
use std::hint::black_box;

const DOC: &str = include_str!("../../../docs/templates.md");
const CALENDAR: &str = "cabinet@group.calendar.google.com";

/// The complete example of docs/templates.md: two weekly ranges on Monday and Thursday, odd
/// Saturdays, Christmas closure, a training afternoon, an extra opening.
fn example() -> PracticeConfig {
    let start = DOC.find("```toml\n").expect("a TOML block") + "```toml\n".len();
    let len = DOC[start..].find("```").expect("its end");
    PracticeConfig::parse(&DOC[start..start + len], FileFormat::Toml).expect("the doc example")
}

fn day(s: &str) -> NaiveDate {
    s.parse().expect("a date")
}

#[allow(clippy::print_stdout, reason = "the figures are the bench's output")]
fn publish(c: &mut Criterion) {
    let config = example();
    let (from, to) = (day("2026-12-07"), day("2027-03-01"));
    let desired = desired_events(&config, CALENDAR, from, to);
    let first = plan(&desired, &[]);
    let again = plan(&desired, &as_existing(&desired));
    let mut unlimited = config.clone();
    for t in &mut unlimited.appointment_types {
        t.horizon_days = None;
    }
    let now = Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0).unwrap();
    let slots = compute_slots(&unlimited, &SlotQuery::new(from, to, now)).expect("slots");
    let per_slot = slots
        .iter()
        .find(|t| t.type_id == "consultation")
        .map_or(0, |t| t.slots.len());
    println!(
        "publish 12 weeks (docs/templates.md example): first publish {} API writes, \
         re-publish {} writes; one event per 30-minute consultation slot: {} writes",
        first.write_count(),
        again.write_count(),
        per_slot
    );
    c.bench_function("publish plan, 12 weeks, first publish", |b| {
        b.iter(|| {
            let desired = desired_events(black_box(&config), CALENDAR, from, to);
            plan(&desired, &[])
        });
    });
    let existing = as_existing(&desired);
    c.bench_function("publish plan, 12 weeks, unchanged re-publish", |b| {
        b.iter(|| {
            let desired = desired_events(black_box(&config), CALENDAR, from, to);
            plan(&desired, black_box(&existing))
        });
    });
}

criterion_group!(benches, publish);
criterion_main!(benches);
