//! What a change of configuration does to the time patients may book, and whether a role may make
//! it (PRODUCT.md art. 4.3: people the agenda is shared with may modify or cancel availability,
//! only the owner creates it).
//!
//! "Creating availability" is judged on the result, not on the edit: a change creates
//! availability when, for some appointment type, some instant is open after it and was not
//! before — a new range, a longer one, a range moved to hours that were closed, a type added to a
//! range, an extra opening, a closure removed. Shortening, removing or closing is not.

use super::config::PracticeConfig;
use super::roles::{Action, Forbidden, Role, ensure};
use super::zone;
use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

/// An interval of time newly open for an appointment type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddedTime {
    /// The appointment type id.
    pub type_id: String,
    /// Start instant.
    pub start: DateTime<Utc>,
    /// End instant (exclusive).
    pub end: DateTime<Utc>,
}

/// The time open for appointment type `type_id` over the local dates `[from, to)`: the ranges of
/// the weekly templates (unless a public holiday closes the day) and extra openings that offer
/// the type, minus the closures that close it; sorted, disjoint, touching ranges united. Busy
/// time, notice, horizon and caps are not applied (see [`super::compute_slots`]).
pub fn open_time(
    config: &PracticeConfig,
    type_id: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<(DateTime<Utc>, DateTime<Utc>)> {
    let tz = config.time_zone;
    let interval = |date: NaiveDate, s: NaiveTime, e: NaiveTime| {
        (zone::instant(tz, date, s), zone::instant(tz, date, e))
    };
    let mut out = Vec::new();
    for date in from.iter_days().take_while(|d| *d < to) {
        let weekly = config.holidays.closing(date).is_none();
        let mut ranges: Vec<_> = config
            .templates
            .iter()
            .filter(|_| weekly)
            .flat_map(|tpl| tpl.ranges_on(date))
            .filter(|r| r.offers(type_id))
            .map(|r| (r.start, r.end))
            .chain(
                config
                    .exceptions
                    .openings
                    .iter()
                    .filter(|o| o.date == date && o.offers(type_id))
                    .map(|o| (o.start, o.end)),
            )
            .map(|(s, e)| interval(date, s, e))
            .filter(|(s, e)| s < e)
            .collect();
        ranges.sort();
        let mut open = unite(ranges);
        for closure in &config.exceptions.closures {
            if !closure.covers(date) || !closure.closes_type(type_id) {
                continue;
            }
            match closure.time_range() {
                None => open.clear(),
                Some((s, e)) => open = subtract(&open, &[interval(date, s, e)]),
            }
        }
        out.extend(open);
    }
    out
}

/// The time open in `after` and not in `before`, per appointment type of `after`, over the local
/// dates `[from, to)` (in `after`'s zone; both are compared as instants).
pub fn added_availability(
    before: &PracticeConfig,
    after: &PracticeConfig,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<AddedTime> {
    let mut added = Vec::new();
    for t in &after.appointment_types {
        let now_open = open_time(after, &t.id, from, to);
        let was_open = if before.appointment_type(&t.id).is_some() {
            open_time(before, &t.id, from, to)
        } else {
            Vec::new()
        };
        for (start, end) in subtract(&now_open, &was_open) {
            added.push(AddedTime {
                type_id: t.id.clone(),
                start,
                end,
            });
        }
    }
    added
}

/// `Ok` when `role` may change `before` into `after` (compared over `[from, to)`): creating
/// availability needs [`Action::CreateAvailability`], any other change
/// [`Action::ModifyAvailability`], no change nothing.
pub fn ensure_change(
    role: Role,
    before: &PracticeConfig,
    after: &PracticeConfig,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<(), Forbidden> {
    if before == after {
        return Ok(());
    }
    if !added_availability(before, after, from, to).is_empty() {
        ensure(role, Action::CreateAvailability)
    } else {
        ensure(role, Action::ModifyAvailability)
    }
}

type Span = (DateTime<Utc>, DateTime<Utc>);

fn unite(sorted: Vec<Span>) -> Vec<Span> {
    let mut out: Vec<Span> = Vec::with_capacity(sorted.len());
    for (s, e) in sorted {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// `a − b`, both sorted and disjoint.
fn subtract(a: &[Span], b: &[Span]) -> Vec<Span> {
    let mut out = Vec::new();
    for &(mut s, e) in a {
        for &(bs, be) in b {
            if be <= s || bs >= e {
                continue;
            }
            if bs > s {
                out.push((s, bs));
            }
            s = s.max(be);
            if s >= e {
                break;
            }
        }
        if s < e {
            out.push((s, e));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::availability::FileFormat;

    const BASE: &str = r#"
        [[appointmentTypes]]
        id = "consultation"
        name = "Consultation"
        durationMinutes = 30

        [[appointmentTypes]]
        id = "bilan"
        name = "Bilan"
        durationMinutes = 60

        [[templates]]
        id = "semaine"
        [[templates.ranges]]
        days = ["lundi", "jeudi"]
        start = "9h"
        end = "12h30"
        [[templates.ranges]]
        days = ["lundi"]
        start = "14h"
        end = "19h"
        types = ["consultation"]
    "#;

    fn base() -> PracticeConfig {
        PracticeConfig::parse(BASE, FileFormat::Toml).unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn check(role: Role, after: &PracticeConfig) -> Result<(), Forbidden> {
        ensure_change(role, &base(), after, day("2026-11-30"), day("2027-03-01"))
    }

    #[test]
    fn the_open_time_of_a_day_unites_ranges_and_removes_closures() {
        let mut config = base();
        config.exceptions.closures.push(
            serde_json::from_str(r#"{"from":"2026-11-30","start":"10:00","end":"11:00"}"#).unwrap(),
        );
        let open = open_time(
            &config,
            "consultation",
            day("2026-11-30"),
            day("2026-12-01"),
        );
        let hours: Vec<String> = open
            .iter()
            .map(|(s, e)| {
                format!(
                    "{}–{}",
                    zone::local(config.time_zone, *s).format("%H:%M"),
                    zone::local(config.time_zone, *e).format("%H:%M")
                )
            })
            .collect();
        assert_eq!(hours, ["09:00–10:00", "11:00–12:30", "14:00–19:00"]);
        assert_eq!(
            open_time(&config, "bilan", day("2026-11-30"), day("2026-12-01")).len(),
            2,
            "the afternoon range is for consultations only"
        );
    }

    #[test]
    fn a_secretary_may_shorten_close_or_remove_ranges() {
        let mut shorter = base();
        shorter.templates[0].ranges[0].end = "12:00".parse().unwrap();
        assert_eq!(
            check(Role::Writer, &shorter),
            Ok(()),
            "shortening is a modification"
        );

        let mut removed = base();
        removed.templates[0].ranges.remove(1);
        assert_eq!(
            check(Role::Writer, &removed),
            Ok(()),
            "removing is a cancellation"
        );

        let mut closed = base();
        closed
            .exceptions
            .closures
            .push(serde_json::from_str(r#"{"from":"2026-12-24","until":"2027-01-02"}"#).unwrap());
        assert_eq!(
            check(Role::Writer, &closed),
            Ok(()),
            "closing days is allowed"
        );

        let mut renamed = base();
        renamed.appointment_types[0].name = "Consultation de suivi".into();
        assert_eq!(
            check(Role::Writer, &renamed),
            Ok(()),
            "a type renamed opens no time"
        );
    }

    #[test]
    fn a_secretary_may_not_open_new_time_in_any_form() {
        let forbidden = |config: &PracticeConfig, why: &str| {
            let e = check(Role::Writer, config).unwrap_err();
            assert_eq!(e.action, Action::CreateAvailability, "{why}");
            assert_eq!(
                check(Role::Owner, config),
                Ok(()),
                "the owner may do it: {why}"
            );
        };
        let mut longer = base();
        longer.templates[0].ranges[0].end = "13:00".parse().unwrap();
        forbidden(&longer, "a longer range opens 12:30–13:00");

        let mut new_day = base();
        new_day.templates[0].ranges[0]
            .days
            .push(crate::availability::Day::Friday);
        forbidden(&new_day, "a new day");

        let mut more_types = base();
        more_types.templates[0].ranges[1].types = None;
        forbidden(&more_types, "the afternoon opened to bilans");

        let mut opening = base();
        opening.exceptions.openings.push(
            serde_json::from_str(r#"{"date":"2026-12-05","start":"09:00","end":"12:00"}"#).unwrap(),
        );
        forbidden(&opening, "a Saturday extra opening");

        let mut moved = base();
        moved.templates[0].ranges[1].start = "13:00".parse().unwrap();
        moved.templates[0].ranges[1].end = "18:00".parse().unwrap();
        forbidden(
            &moved,
            "moving a range to hours that were closed opens 13:00–14:00",
        );
    }

    #[test]
    fn a_closure_lifted_reopens_time_and_is_a_creation() {
        let mut closed = base();
        closed
            .exceptions
            .closures
            .push(serde_json::from_str(r#"{"from":"2026-12-24","until":"2027-01-02"}"#).unwrap());
        let added = added_availability(&closed, &base(), day("2026-11-30"), day("2027-03-01"));
        assert!(!added.is_empty(), "lifting a closure reopens its days");
        assert_eq!(
            ensure_change(
                Role::Writer,
                &closed,
                &base(),
                day("2026-11-30"),
                day("2027-03-01")
            )
            .unwrap_err()
            .action,
            Action::CreateAvailability
        );
    }

    #[test]
    fn readers_may_change_nothing_and_an_unchanged_configuration_needs_no_right() {
        let mut shorter = base();
        shorter.templates[0].ranges[0].end = "12:00".parse().unwrap();
        assert_eq!(
            check(Role::Reader, &shorter).unwrap_err().action,
            Action::ModifyAvailability
        );
        assert_eq!(
            check(Role::Reader, &base()),
            Ok(()),
            "no change, no right needed"
        );
    }

    #[test]
    fn subtracting_intervals_keeps_what_is_outside() {
        let t = |h: u32| {
            "2026-11-30T00:00:00Z".parse::<DateTime<Utc>>().unwrap()
                + chrono::TimeDelta::hours(h.into())
        };
        assert_eq!(
            subtract(&[(t(9), t(12))], &[(t(10), t(11))]),
            [(t(9), t(10)), (t(11), t(12))]
        );
        assert_eq!(subtract(&[(t(9), t(12))], &[(t(8), t(13))]), []);
        assert_eq!(
            subtract(&[(t(9), t(12)), (t(14), t(16))], &[(t(11), t(15))]),
            [(t(9), t(11)), (t(15), t(16))]
        );
        assert_eq!(subtract(&[(t(9), t(12))], &[]), [(t(9), t(12))]);
    }
}
