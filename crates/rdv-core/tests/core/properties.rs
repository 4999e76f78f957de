//! Properties of the slot engine over random practices: random appointment types, templates,
//! openings, closures, holidays, busy time, bookings and `now` (issue 4, "Done when").
//!
//! Each property checks the engine's output against a plain model of the rule it states, built
//! from the configuration directly (ranges resolved to instants one by one, no uniting).

use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc};
use chrono_tz::{Europe::Paris, Tz};
use proptest::prelude::*;
use proptest::sample::subsequence;
use rdv_core::availability::zone::{self, local_date};
use rdv_core::availability::{
    AppointmentType, Booking, Busy, Closure, Day, Exceptions, ExtraOpening, HolidayPolicy,
    HolidayRegion, PracticeConfig, SlotQuery, TypeSlots, WeekParity, WeeklyRange, WeeklyTemplate,
    compute_slots,
};
use std::collections::{HashMap, HashSet};

const TYPE_IDS: [&str; 3] = ["a", "b", "c"];

/// A practice, a date range, busy time, bookings and `now`.
#[derive(Debug, Clone)]
struct Scenario {
    config: PracticeConfig,
    from: NaiveDate,
    to: NaiveDate,
    now: DateTime<Utc>,
    busy: Vec<Busy>,
    bookings: Vec<Booking>,
}

impl Scenario {
    fn slots(&self) -> Vec<TypeSlots> {
        let query = SlotQuery {
            busy: &self.busy,
            bookings: &self.bookings,
            ..SlotQuery::new(self.from, self.to, self.now)
        };
        compute_slots(&self.config, &query).unwrap()
    }

    fn tz(&self) -> Tz {
        self.config.time_zone
    }

    fn each_slot(&self) -> Vec<(&AppointmentType, rdv_core::availability::Slot)> {
        self.slots()
            .into_iter()
            .flat_map(|ts| {
                let t = self.config.appointment_type(&ts.type_id).unwrap();
                ts.slots.into_iter().map(move |s| (t, s))
            })
            .collect()
    }
}

fn step5(lo: u32, hi: u32) -> impl Strategy<Value = i32> {
    (lo / 5..=hi / 5).prop_map(|k| i32::try_from(k * 5).unwrap())
}

fn time_of(k: u32) -> NaiveTime {
    let minutes = (k * 5).min(23 * 60 + 55);
    NaiveTime::from_hms_opt(minutes / 60, minutes % 60, 0).unwrap()
}

fn arb_type(id: &'static str) -> impl Strategy<Value = AppointmentType> {
    (
        step5(5, 120),
        prop::option::of(step5(5, 120)),
        0..=30i32,
        0..=30i32,
        0..=3000i32,
        prop::option::of(0..=30i32),
        prop::option::of(1..=4i32),
    )
        .prop_map(
            move |(duration, interval, before, after, notice, horizon, cap)| AppointmentType {
                slot_interval_minutes: interval,
                buffer_before_minutes: before,
                buffer_after_minutes: after,
                min_notice_minutes: notice,
                horizon_days: horizon,
                max_per_day: cap,
                ..AppointmentType::new(id, id, duration)
            },
        )
}

fn arb_types_filter() -> impl Strategy<Value = Option<Vec<String>>> {
    prop::option::of(
        subsequence(TYPE_IDS.to_vec(), 1..=3)
            .prop_map(|ids| ids.into_iter().map(String::from).collect()),
    )
}

/// A range; `night` ranges open on Sundays between midnight and 4:00, where the clocks change.
fn arb_range(night: bool) -> impl Strategy<Value = WeeklyRange> {
    let (start_max, len_max) = if night { (48u32, 60u32) } else { (280, 120) };
    (
        subsequence(Day::ALL.to_vec(), 1..=7),
        0..=start_max,
        1..=len_max,
        arb_types_filter(),
    )
        .prop_map(move |(mut days, start, len, types)| {
            if night && !days.contains(&Day::Sunday) {
                days.push(Day::Sunday);
            }
            WeeklyRange {
                days,
                start: time_of(start),
                end: time_of(start + len),
                types,
            }
        })
}

fn arb_parity() -> impl Strategy<Value = WeekParity> {
    prop_oneof![
        Just(WeekParity::Every),
        Just(WeekParity::Odd),
        Just(WeekParity::Even)
    ]
}

/// A template whose validity, if any, is around `from` (day offsets).
fn arb_template(
    night: bool,
) -> impl Strategy<Value = (WeekParity, Option<i64>, Option<i64>, Vec<WeeklyRange>)> {
    (
        arb_parity(),
        prop::option::of(-10..15i64),
        prop::option::of(0..30i64),
        prop::collection::vec(arb_range(night), 1..=4),
    )
}

/// Closure drawn relative to the first day: day offset, length in days, hours (5-minute steps), types.
type RawClosure = (i64, i64, Option<(u32, u32)>, Option<Vec<String>>);

fn arb_closure() -> impl Strategy<Value = RawClosure> {
    (
        -3..25i64,
        0..=4i64,
        prop::option::of((0..280u32, 1..=60u32)),
        arb_types_filter(),
    )
}

fn arb_opening(night: bool) -> impl Strategy<Value = (i64, u32, u32, Option<Vec<String>>)> {
    let start_max = if night { 48u32 } else { 280 };
    (0..21i64, 0..=start_max, 1..=100u32, arb_types_filter())
}

fn scenario(
    first_days: impl Strategy<Value = NaiveDate>,
    night: bool,
) -> impl Strategy<Value = Scenario> {
    let types = (1..=3usize).prop_flat_map(|n| {
        TYPE_IDS[..n]
            .iter()
            .map(|id| arb_type(id))
            .collect::<Vec<_>>()
    });
    let config_parts = (
        types,
        prop::collection::vec(arb_template(night), 1..=3),
        prop::collection::vec(arb_closure(), 0..=3),
        prop::collection::vec(arb_opening(night), 0..=3),
        any::<bool>(),
        any::<bool>(),
    );
    let world = (
        first_days,
        7..=21i64,
        -2880..14_400i64,
        prop::collection::vec((0..21 * 1440i64, 5..=240i64), 0..=40),
        prop::collection::vec((0..3usize, 0..7i64, 84..240i64), 0..=12),
    );
    (config_parts, world).prop_map(
        move |(
            (types, templates, closures, openings, closed, alsace),
            (from, days, now, busy, bookings),
        )| {
            let at = |offset: i64| from + TimeDelta::days(offset);
            let midnight = Utc.from_utc_datetime(&from.and_time(NaiveTime::MIN));
            let config = PracticeConfig {
                time_zone: Paris,
                templates: templates
                    .into_iter()
                    .enumerate()
                    .map(
                        |(i, (weeks, valid_from, valid_len, ranges))| WeeklyTemplate {
                            id: format!("t{i}"),
                            name: String::new(),
                            valid_from: valid_from.map(at),
                            valid_until: valid_from.zip(valid_len).map(|(f, l)| at(f + l)),
                            weeks,
                            ranges,
                        },
                    )
                    .collect(),
                exceptions: Exceptions {
                    closures: closures
                        .into_iter()
                        .map(|(offset, len, hours, types)| Closure {
                            start: hours.map(|(s, _)| time_of(s)),
                            end: hours.map(|(s, l)| time_of(s + l)),
                            types,
                            ..Closure::days(at(offset), at(offset + len))
                        })
                        .collect(),
                    openings: openings
                        .into_iter()
                        .map(|(offset, start, len, types)| ExtraOpening {
                            date: if night {
                                nearest_sunday(at(offset))
                            } else {
                                at(offset)
                            },
                            start: time_of(start),
                            end: time_of(start + len),
                            types,
                            label: String::new(),
                        })
                        .collect(),
                },
                holidays: HolidayPolicy {
                    region: if alsace {
                        HolidayRegion::AlsaceMoselle
                    } else {
                        HolidayRegion::Metropole
                    },
                    closed,
                    overrides: Vec::new(),
                },
                appointment_types: types.clone(),
            };
            let bookings = bookings
                .into_iter()
                .filter_map(|(t, day, slot)| {
                    let t = types.get(t)?;
                    let start = midnight + TimeDelta::days(day) + TimeDelta::minutes(slot * 5);
                    Some(Booking {
                        type_id: t.id.clone(),
                        start,
                        end: start + t.duration(),
                    })
                })
                .collect();
            Scenario {
                config,
                from,
                to: at(days),
                now: midnight + TimeDelta::minutes(now),
                busy: busy
                    .into_iter()
                    .map(|(start, len)| Busy {
                        start: midnight + TimeDelta::minutes(start),
                        end: midnight + TimeDelta::minutes(start + len),
                    })
                    .collect(),
                bookings,
            }
        },
    )
}

fn nearest_sunday(d: NaiveDate) -> NaiveDate {
    d.iter_days().find(|d| Day::of(*d) == Day::Sunday).unwrap()
}

/// Any first day in 2026–2027: two years of holidays, DST changes and 53-week years.
fn any_first_day() -> impl Strategy<Value = NaiveDate> {
    (0..730i64)
        .prop_map(|offset| NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + TimeDelta::days(offset))
}

/// A first day at most a week before one of Paris's clock changes of 2026–2027.
fn dst_first_day() -> impl Strategy<Value = NaiveDate> {
    let changes = ["2026-03-29", "2026-10-25", "2027-03-28", "2027-10-31"];
    (0..4usize, 0..7i64)
        .prop_map(move |(i, back)| changes[i].parse::<NaiveDate>().unwrap() - TimeDelta::days(back))
}

fn overlaps(a: (DateTime<Utc>, DateTime<Utc>), b: (DateTime<Utc>, DateTime<Utc>)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// The model of availability: each applicable range on its own, as instants.
fn open_ranges(
    config: &PracticeConfig,
    t: &AppointmentType,
    date: NaiveDate,
) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let tz = config.time_zone;
    let weekly = config
        .templates
        .iter()
        .filter(|tpl| config.holidays.closing(date).is_none() && tpl.applies_on(date))
        .flat_map(|tpl| &tpl.ranges)
        .filter(|r| r.days.contains(&Day::of(date)) && r.offers(&t.id))
        .map(|r| (r.start, r.end));
    let extra = config
        .exceptions
        .openings
        .iter()
        .filter(|o| o.date == date && o.offers(&t.id))
        .map(|o| (o.start, o.end));
    weekly
        .chain(extra)
        .map(|(s, e)| (zone::instant(tz, date, s), zone::instant(tz, date, e)))
        .collect()
}

/// Whether the ranges cover `[start, end)` without a hole.
fn covered(
    ranges: &[(DateTime<Utc>, DateTime<Utc>)],
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> bool {
    let mut cursor = start;
    while cursor < end {
        match ranges
            .iter()
            .filter(|(s, e)| *s <= cursor && cursor < *e)
            .map(|(_, e)| *e)
            .max()
        {
            Some(next) => cursor = next,
            None => return false,
        }
    }
    true
}

/// Every slot lies inside the ranges open that day and outside the closures.
fn inside_availability(s: &Scenario) -> Result<(), TestCaseError> {
    for (t, slot) in s.each_slot() {
        let date = local_date(s.tz(), slot.start);
        prop_assert!(
            s.from <= date && date < s.to,
            "{slot:?} is outside the dates asked"
        );
        prop_assert!(
            covered(&open_ranges(&s.config, t, date), slot.start, slot.end),
            "{slot:?} of {} is not inside the open ranges",
            t.id
        );
        for c in s
            .config
            .exceptions
            .closures
            .iter()
            .filter(|c| c.covers(date) && c.closes_type(&t.id))
        {
            let Some((start, end)) = c.time_range() else {
                return Err(TestCaseError::fail(format!(
                    "{slot:?} is on a day closed by {c:?}"
                )));
            };
            let closed = (
                zone::instant(s.tz(), date, start),
                zone::instant(s.tz(), date, end),
            );
            prop_assert!(
                !overlaps((slot.start, slot.end), closed),
                "{slot:?} overlaps {c:?}"
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn slots_never_overlap_busy_time_or_its_buffers(s in scenario(any_first_day(), false)) {
        let busy: Vec<_> = s.busy.iter().map(|b| (b.start, b.end)).chain(s.bookings.iter().map(|b| (b.start, b.end))).collect();
        for (t, slot) in s.each_slot() {
            let guarded = (slot.start - t.buffer_before(), slot.end + t.buffer_after());
            for &b in &busy {
                prop_assert!(!overlaps(guarded, b), "{slot:?} of {} with its buffers overlaps busy {b:?}", t.id);
            }
        }
    }

    #[test]
    fn slots_never_start_before_now_plus_the_notice(s in scenario(any_first_day(), false)) {
        for (t, slot) in s.each_slot() {
            prop_assert!(slot.start >= s.now + t.min_notice(), "{slot:?} is sooner than {} min after {}", t.min_notice_minutes, s.now);
        }
    }

    #[test]
    fn slots_never_start_beyond_the_horizon(s in scenario(any_first_day(), false)) {
        let today = local_date(s.tz(), s.now);
        for (t, slot) in s.each_slot() {
            if let Some(days) = t.horizon_days {
                let last = today + TimeDelta::days(days.into());
                prop_assert!(local_date(s.tz(), slot.start) <= last, "{slot:?} is past {last} (horizon {days} days)");
            }
        }
    }

    #[test]
    fn slots_always_lie_inside_availability(s in scenario(any_first_day(), false)) {
        inside_availability(&s)?;
    }

    #[test]
    fn slots_respect_the_daily_cap(s in scenario(any_first_day(), false)) {
        let mut booked: HashMap<(&str, NaiveDate), i32> = HashMap::new();
        for b in &s.bookings {
            *booked.entry((b.type_id.as_str(), local_date(s.tz(), b.start))).or_default() += 1;
        }
        for (t, slot) in s.each_slot() {
            if let Some(max) = t.max_per_day {
                let date = local_date(s.tz(), slot.start);
                let already = booked.get(&(t.id.as_str(), date)).copied().unwrap_or(0);
                prop_assert!(already < max, "{slot:?} offered on {date}, which already holds {already} of at most {max}");
            }
        }
    }

    #[test]
    fn slots_last_their_type_and_come_in_order_once(s in scenario(any_first_day(), false)) {
        for ts in s.slots() {
            let t = s.config.appointment_type(&ts.type_id).unwrap();
            prop_assert!(ts.slots.iter().all(|slot| slot.end - slot.start == t.duration()));
            prop_assert!(ts.slots.windows(2).all(|w| w[0].start < w[1].start), "in time order, each start once");
        }
    }

    #[test]
    fn on_the_dst_days_of_paris_every_slot_exists_in_local_time_is_offered_once_and_lies_inside_availability(s in scenario(dst_first_day(), true)) {
        let tz = s.tz();
        for ts in s.slots() {
            let mut seen = HashSet::new();
            for slot in &ts.slots {
                for (instant, local) in [(slot.start, slot.start_local), (slot.end, slot.end_local)] {
                    prop_assert!(tz.from_local_datetime(&local.naive_local()).earliest().is_some(), "{local} does not exist in Paris");
                    prop_assert_eq!(local, instant.with_timezone(&tz).fixed_offset(), "the offset in force at that instant");
                }
                prop_assert!(seen.insert(slot.start_local.to_rfc3339()), "{} offered twice", slot.start_local);
            }
            prop_assert!(ts.slots.windows(2).all(|w| w[0].start < w[1].start), "each instant once, in order");
        }
        inside_availability(&s)?;
    }
}
