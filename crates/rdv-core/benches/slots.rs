//! `cargo bench -p rdv-core --bench slots`: the time to compute one year of slots for 5
//! appointment types against 2,000 busy events (issue 4), and to validate that configuration.
//! docs/PERFORMANCE.md records the figures.

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use rdv_core::availability::{
    Booking, Busy, FileFormat, PracticeConfig, SlotQuery, compute_slots, validate,
};
use std::hint::black_box;

/// A busy practice: five types, a week of habits with alternating Saturdays and Wednesday
/// afternoons, school holidays, Alsace-Moselle holidays.
const PRACTICE: &str = r#"
[[appointmentTypes]]
id = "consultation"
name = "Consultation"
durationMinutes = 30
bufferAfterMinutes = 5
minNoticeMinutes = 120

[[appointmentTypes]]
id = "premiere"
name = "Première consultation"
durationMinutes = 45
slotIntervalMinutes = 15
bufferBeforeMinutes = 10
minNoticeMinutes = 1440
maxPerDay = 3

[[appointmentTypes]]
id = "bilan"
name = "Bilan"
durationMinutes = 90
slotIntervalMinutes = 30
maxPerDay = 1

[[appointmentTypes]]
id = "suivi"
name = "Suivi"
durationMinutes = 15

[[appointmentTypes]]
id = "teleconsultation"
name = "Téléconsultation"
durationMinutes = 20
slotIntervalMinutes = 10

[[templates]]
id = "semaine"
[[templates.ranges]]
days = ["lundi", "mardi", "jeudi", "vendredi"]
start = "08:30"
end = "12:30"
[[templates.ranges]]
days = ["lundi", "mardi", "jeudi", "vendredi"]
start = "14:00"
end = "19:30"
[[templates.ranges]]
days = ["mercredi"]
start = "08:30"
end = "12:00"
[[templates.ranges]]
days = ["mardi", "jeudi"]
start = "19:30"
end = "21:00"
types = ["teleconsultation"]

[[templates]]
id = "samedis"
weeks = "impaires"
[[templates.ranges]]
days = ["samedi"]
start = "09:00"
end = "13:00"
types = ["consultation", "suivi"]

[[templates]]
id = "mercredis"
weeks = "paires"
[[templates.ranges]]
days = ["mercredi"]
start = "14:00"
end = "18:00"
types = ["bilan", "premiere"]

[[exceptions.closures]]
from = "2027-02-15"
until = "2027-02-21"
[[exceptions.closures]]
from = "2027-08-02"
until = "2027-08-22"
[[exceptions.closures]]
from = "2027-12-24"
until = "2027-12-31"

[[exceptions.openings]]
date = "2027-06-19"
start = "09:00"
end = "12:00"

[holidays]
region = "alsace-moselle"
"#;

/// Deterministic pseudo-random numbers (a linear congruential generator), no dependency.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

fn start_of_2027() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 31, 23, 0, 0).unwrap() // 2027-01-01 00:00 in Paris
}

/// 2,000 events of 15 min to 2 h during the working hours of 2027, and 500 bookings.
fn calendar() -> (Vec<Busy>, Vec<Booking>) {
    let mut rng = Lcg(2027);
    let mut at = || {
        start_of_2027()
            + TimeDelta::days(rng.below(365) as i64)
            + TimeDelta::minutes(7 * 60 + 15 * rng.below(48) as i64)
    };
    let busy = (0..2_000)
        .map(|i| {
            let start = at();
            Busy {
                start,
                end: start + TimeDelta::minutes(15 * (1 + i64::from(i % 8))),
            }
        })
        .collect();
    let types = [
        "consultation",
        "premiere",
        "bilan",
        "suivi",
        "teleconsultation",
    ];
    let bookings = (0..500)
        .map(|i| {
            let start = at();
            Booking {
                type_id: types[i % 5].to_owned(),
                start,
                end: start + TimeDelta::minutes(30),
            }
        })
        .collect();
    (busy, bookings)
}

fn year(c: &mut Criterion) {
    let config = PracticeConfig::parse(PRACTICE, FileFormat::Toml).unwrap();
    let (busy, bookings) = calendar();
    let (from, to): (NaiveDate, NaiveDate) =
        ("2027-01-01".parse().unwrap(), "2028-01-01".parse().unwrap());
    let now = start_of_2027() - TimeDelta::days(1);
    let query = SlotQuery {
        busy: &busy,
        bookings: &bookings,
        ..SlotQuery::new(from, to, now)
    };
    let slots: usize = compute_slots(&config, &query)
        .unwrap()
        .iter()
        .map(|t| t.slots.len())
        .sum();
    #[allow(clippy::print_stdout, reason = "a bench prints its figures")]
    {
        println!(
            "one year, 5 types, {} busy events, {} bookings: {slots} slots",
            busy.len(),
            bookings.len()
        );
    }
    c.bench_function("slots: 1 year, 5 types, 2000 busy events", |b| {
        b.iter(|| compute_slots(black_box(&config), black_box(&query)).unwrap())
    });
    c.bench_function("validate: the same configuration", |b| {
        b.iter(|| validate(black_box(&config), black_box(from)))
    });
}

criterion_group!(benches, year);
criterion_main!(benches);
