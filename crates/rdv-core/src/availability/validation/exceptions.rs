//! Checks of closures, extra openings and holiday overrides.

use super::{
    ProblemCode as Code, Report, en_date, en_day_date, fr_date, fr_day_date, fr_span, gap_bounds,
};
use crate::availability::exceptions::{Closure, ExtraOpening};
use crate::availability::holidays::{HolidayOverride, HolidayRegion, holiday_on};
use crate::availability::template::offers;
use crate::availability::text::format_time;
use crate::availability::zone::{WallTime, wall_time};
use chrono::{NaiveDate, NaiveTime};

pub(super) fn check(report: &mut Report<'_>) {
    let config = report.config;
    for (i, c) in config.exceptions.closures.iter().enumerate() {
        check_closure(report, &format!("exceptions.closures[{i}]"), c);
    }
    // For each opening, the earlier ones of the same date whose times meet it (a sweep per
    // date, not every pair), in index order.
    let openings = &config.exceptions.openings;
    let mut earlier_meeting = vec![Vec::new(); openings.len()];
    let by_date = openings
        .iter()
        .enumerate()
        .map(|(i, o)| (o.date, o.start, o.end, i));
    let meeting = super::sweep::intersecting_pairs(by_date, super::sweep::MAX_MEETING_PAIRS);
    for &(j, i) in &meeting.pairs {
        earlier_meeting[i].push(j);
    }
    let hidden_by = first_hiding_closures(&config.exceptions.closures, openings);
    let mut cap = super::sweep::OverlapCap::default();
    for (i, o) in openings.iter().enumerate() {
        check_opening(
            report,
            (i, o),
            (&earlier_meeting[i], hidden_by[i]),
            &mut cap,
        );
    }
    cap.finish(
        report,
        (Code::OpeningOverlap, "exceptions.openings"),
        ("d'ouvertures exceptionnelles", "of extra openings"),
        meeting.complete,
    );
    let region = config.holidays.region;
    for (i, o) in config.holidays.overrides.iter().enumerate() {
        if let HolidayOverride::Date(d) = *o
            && holiday_on(d, region).is_none()
        {
            report.push(
                Code::HolidayNotAHoliday,
                format!("holidays.overrides[{i}]"),
                format!("Le {} n'est pas un jour férié ({}) : rien à rouvrir ce jour-là. Vérifiez la date.", fr_date(d), region_name(region)),
                format!("{} is not a public holiday ({}): there is nothing to reopen that day. Check the date.", en_date(d), region_name_en(region)),
            );
        }
    }
}

fn region_name(region: HolidayRegion) -> &'static str {
    match region {
        HolidayRegion::Metropole => "métropole",
        HolidayRegion::AlsaceMoselle => "Alsace-Moselle",
    }
}

fn region_name_en(region: HolidayRegion) -> &'static str {
    match region {
        HolidayRegion::Metropole => "mainland France",
        HolidayRegion::AlsaceMoselle => "Alsace-Moselle",
    }
}

fn check_closure(report: &mut Report<'_>, path: &str, c: &Closure) {
    let what = match c.until {
        Some(until) if until != c.from => {
            format!("La fermeture du {} au {}", fr_date(c.from), fr_date(until))
        }
        _ => format!("La fermeture du {}", fr_date(c.from)),
    };
    let what_en = match c.until {
        Some(until) if until != c.from => {
            format!("The closure from {} to {}", en_date(c.from), en_date(until))
        }
        _ => format!("The closure on {}", en_date(c.from)),
    };
    if c.last_day() < c.from {
        report.push(
            Code::ClosurePeriodReversed,
            format!("{path}.until"),
            format!("{what} finit avant de commencer : vérifiez les dates (la date « until » est le dernier jour fermé)."),
            format!("{what_en} ends before it starts: check the dates (the “until” date is the last closed day)."),
        );
    }
    match (c.start, c.end) {
        (Some(_), None) | (None, Some(_)) => report.push(
            Code::ClosureIncompleteTimes,
            path,
            format!("{what} a une heure de début sans heure de fin (ou l'inverse) : donnez les deux, ou aucune pour fermer des journées entières."),
            format!("{what_en} has a start time but no end time (or the other way round): give both, or neither to close whole days."),
        ),
        (Some(s), Some(e)) if e < s => report.push(
            Code::ClosureEndBeforeStart,
            path,
            format!("{what} finit ({}) avant de commencer ({}).", format_time(e), format_time(s)),
            format!("{what_en} ends ({}) before it starts ({}).", format_time(e), format_time(s)),
        ),
        (Some(s), Some(e)) if e == s => report.push(
            Code::ClosureEmpty,
            path,
            format!("{what} dure 0 minute ({}) : elle ne fermerait rien.", format_time(s)),
            format!("{what_en} lasts 0 minutes ({}): it would close nothing.", format_time(s)),
        ),
        _ => {}
    }
    report.check_types(
        c.types.as_deref(),
        path,
        (Code::ClosureNoTypes, Code::ClosureUnknownType),
        (&what, &what_en),
    );
    if let Some((start, end)) = c.time_range()
        && c.from <= c.last_day()
    {
        let days = c
            .from
            .iter_days()
            .take_while(|d| *d <= c.last_day())
            .take(366);
        if let Some((date, time)) = days
            .flat_map(|d| [(d, start), (d, end)])
            .find(|&(d, t)| in_gap(report, d, t))
        {
            push_gap(
                report,
                Code::ClosureDstGap,
                path,
                (&what, &what_en),
                date,
                time,
            );
        }
    }
}

/// Checks opening `i`; `earlier_meeting`: the earlier openings of its date whose times meet its
/// own, ascending; `hidden_by`: the first closure that hides it; `cap`: the overlaps reported so
/// far (past [`super::sweep::MAX_OVERLAP_PROBLEMS`], they are only counted).
fn check_opening(
    report: &mut Report<'_>,
    (i, o): (usize, &ExtraOpening),
    (earlier_meeting, hidden_by): (&[usize], Option<usize>),
    cap: &mut super::sweep::OverlapCap,
) {
    let path = format!("exceptions.openings[{i}]");
    let what = format!(
        "L'ouverture exceptionnelle du {} {}",
        fr_date(o.date),
        fr_span(o.start, o.end)
    );
    let what_en = format!(
        "The extra opening on {} {}",
        en_date(o.date),
        fr_span(o.start, o.end)
    );
    if o.end < o.start {
        report.push(
            Code::OpeningEndBeforeStart,
            &path,
            format!("{what} finit avant de commencer. Elle ne peut pas passer minuit : coupez-la en deux."),
            format!("{what_en} ends before it starts. It cannot go past midnight: split it in two."),
        );
    } else if o.end == o.start {
        report.push(
            Code::OpeningEmpty,
            &path,
            format!("{what} dure 0 minute : elle n'offrirait aucun créneau."),
            format!("{what_en} lasts 0 minutes: it would offer no slot."),
        );
    }
    report.check_types(
        o.types.as_deref(),
        &path,
        (Code::OpeningNoTypes, Code::OpeningUnknownType),
        (&what, &what_en),
    );
    if let Some(time) = [o.start, o.end]
        .into_iter()
        .find(|&t| in_gap(report, o.date, t))
    {
        push_gap(
            report,
            Code::OpeningDstGap,
            &path,
            (&what, &what_en),
            o.date,
            time,
        );
    }
    let config = report.config;
    if o.start < o.end {
        for &j in earlier_meeting {
            let other = &config.exceptions.openings[j];
            let overlap = other.date == o.date
                && other.start < o.end
                && o.start < other.end
                && types_meet(other.types.as_deref(), o.types.as_deref());
            if overlap && other.start < other.end && cap.admit() {
                report.push(
                    Code::OpeningOverlap,
                    &path,
                    format!("{what} chevauche l'ouverture exceptionnelle {} du même jour (exceptions.openings[{j}]).", fr_span(other.start, other.end)),
                    format!("{what_en} overlaps the extra opening {} of the same day (exceptions.openings[{j}]).", fr_span(other.start, other.end)),
                );
            }
        }
        if let Some(j) = hidden_by {
            report.push(
                Code::OpeningClosed,
                &path,
                format!("{what} tombe pendant une fermeture (exceptions.closures[{j}]) : une fermeture l'emporte toujours, cette ouverture ne serait pas proposée. Raccourcissez la fermeture ou retirez l'ouverture."),
                format!("{what_en} falls during a closure (exceptions.closures[{j}]): a closure always wins, so this opening would not be offered. Shorten the closure or remove the opening."),
            );
        }
    }
}

/// For each opening, the first closure (lowest index) that hides it (covers its date and
/// [`shape_hides`] it), by a sweep over the
/// dates — each opening is compared with the closures of its date only, and of those, with one
/// per *shape* (hours and types): closures of one shape hide the same openings on the dates they
/// cover, so only the lowest index of each shape active on the date is looked at. Many long
/// closures of one shape cost O(log n) an opening, not one comparison each.
fn first_hiding_closures(closures: &[Closure], openings: &[ExtraOpening]) -> Vec<Option<usize>> {
    use std::cmp::Reverse;
    use std::collections::{BTreeSet, BinaryHeap, HashMap};
    type Shape<'a> = (Option<(NaiveTime, NaiveTime)>, Option<&'a [String]>);
    let mut shapes: HashMap<Shape<'_>, usize> = HashMap::new();
    let mut first_of_shape: Vec<usize> = Vec::new();
    let shape_of: Vec<usize> = closures
        .iter()
        .enumerate()
        .map(|(c, closure)| {
            let next = shapes.len();
            let shape = *shapes
                .entry((closure.time_range(), closure.types.as_deref()))
                .or_insert(next);
            if shape == next {
                first_of_shape.push(c);
            }
            shape
        })
        .collect();
    let mut by_from: Vec<usize> = (0..closures.len()).collect();
    by_from.sort_unstable_by_key(|&c| closures[c].from);
    let mut by_date: Vec<usize> = (0..openings.len()).collect();
    by_date.sort_unstable_by_key(|&o| openings[o].date);
    let mut hidden_by = vec![None; openings.len()];
    // Per shape, the closures covering the current date; the shapes with at least one.
    let mut active: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); first_of_shape.len()];
    let mut live: BTreeSet<usize> = BTreeSet::new();
    let (mut next, mut ending) = (0, BinaryHeap::new());
    for o in by_date {
        let date = openings[o].date;
        while let Some(&c) = by_from.get(next).filter(|&&c| closures[c].from <= date) {
            active[shape_of[c]].insert(c);
            live.insert(shape_of[c]);
            ending.push(Reverse((closures[c].last_day(), c)));
            next += 1;
        }
        while let Some(&Reverse((_, c))) = ending.peek().filter(|Reverse((last, _))| *last < date) {
            let shape = shape_of[c];
            active[shape].remove(&c);
            if active[shape].is_empty() {
                live.remove(&shape);
            }
            ending.pop();
        }
        hidden_by[o] = live
            .iter()
            .filter(|&&shape| shape_hides(&closures[first_of_shape[shape]], &openings[o]))
            .filter_map(|&shape| active[shape].first().copied())
            .min();
    }
    hidden_by
}

/// Whether closure `c` closes all of opening `o` (its date, its hours, each of its types): what
/// the sweep must agree with.
#[cfg(test)]
fn hides(c: &Closure, o: &ExtraOpening) -> bool {
    c.covers(o.date) && shape_hides(c, o)
}

/// Whether closure `c`'s hours and types cover opening `o`'s, whatever their dates.
fn shape_hides(c: &Closure, o: &ExtraOpening) -> bool {
    let hours = c
        .time_range()
        .is_none_or(|(s, e)| s <= o.start && o.end <= e);
    let types = match (&c.types, &o.types) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(closed), Some(open)) => open.iter().all(|id| closed.contains(id)),
    };
    hours && types
}

fn types_meet(a: Option<&[String]>, b: Option<&[String]>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => x.iter().any(|id| offers(Some(y), id)),
        (Some(x), None) | (None, Some(x)) => !x.is_empty(),
        (None, None) => true,
    }
}

fn in_gap(report: &Report<'_>, date: NaiveDate, time: NaiveTime) -> bool {
    matches!(
        wall_time(report.config.time_zone, date, time),
        WallTime::Skipped { .. }
    )
}

fn push_gap(
    report: &mut Report<'_>,
    code: Code,
    path: &str,
    (what, what_en): (&str, &str),
    date: NaiveDate,
    time: NaiveTime,
) {
    let tz = report.config.time_zone;
    let WallTime::Skipped { gap_end } = wall_time(tz, date, time) else {
        return;
    };
    let (from, to) = gap_bounds(tz, gap_end);
    report.push(
        code,
        path,
        format!(
            "{what} utilise {}, une heure qui n'existe pas {} : ce jour-là, les horloges passent de {} à {} (changement d'heure, fuseau {}).",
            format_time(time),
            fr_day_date(date),
            format_time(from),
            format_time(to),
            tz.name(),
        ),
        format!(
            "{what_en} uses {}, a time that does not exist on {}: that day, the clocks go forward from {} to {} (daylight saving time, time zone {}).",
            format_time(time),
            en_day_date(date),
            format_time(from),
            format_time(to),
            tz.name(),
        ),
    );
}

#[cfg(test)]
mod sweep_tests {
    use super::*;
    use proptest::prelude::*;

    fn day(n: u8) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, 1).unwrap() + chrono::TimeDelta::days(i64::from(n))
    }

    fn hour(h: u8) -> NaiveTime {
        NaiveTime::from_hms_opt(u32::from(h), 0, 0).unwrap()
    }

    fn types(t: Option<Vec<u8>>) -> Option<Vec<String>> {
        t.map(|ids| ids.iter().map(|i| format!("t{i}")).collect())
    }

    type Times = Option<(u8, u8)>;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]
        /// The date sweep names, for every opening, the closure the pairwise search named.
        #[test]
        fn the_first_hiding_closure_is_the_one_the_pairwise_search_finds(
            closures in proptest::collection::vec(
                (0u8..10, proptest::option::of(0u8..12), proptest::option::of((0u8..24, 0u8..24)),
                 proptest::option::of(proptest::collection::vec(0u8..3, 0..3))),
                0..12),
            openings in proptest::collection::vec(
                (0u8..12, 0u8..24, 0u8..24, proptest::option::of(proptest::collection::vec(0u8..3, 0..3))),
                0..12),
        ) {
            let closures: Vec<Closure> = closures
                .into_iter()
                .map(|(from, until, times, t): (u8, Option<u8>, Times, _)| Closure {
                    from: day(from),
                    until: until.map(day),
                    start: times.map(|(s, _)| hour(s)),
                    end: times.map(|(_, e)| hour(e)),
                    types: types(t),
                    label: String::new(),
                })
                .collect();
            let openings: Vec<ExtraOpening> = openings
                .into_iter()
                .map(|(d, s, e, t)| ExtraOpening {
                    date: day(d),
                    start: hour(s),
                    end: hour(e),
                    types: types(t),
                    label: String::new(),
                })
                .collect();
            let pairwise: Vec<Option<usize>> = openings
                .iter()
                .map(|o| closures.iter().position(|c| hides(c, o)))
                .collect();
            prop_assert_eq!(first_hiding_closures(&closures, &openings), pairwise);
        }
    }
}
