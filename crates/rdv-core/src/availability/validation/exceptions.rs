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
    for (i, o) in config.exceptions.openings.iter().enumerate() {
        check_opening(report, i, o);
    }
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

fn check_opening(report: &mut Report<'_>, i: usize, o: &ExtraOpening) {
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
        for (j, other) in config.exceptions.openings.iter().enumerate().take(i) {
            let overlap = other.date == o.date
                && other.start < o.end
                && o.start < other.end
                && types_meet(other.types.as_deref(), o.types.as_deref());
            if overlap && other.start < other.end {
                report.push(
                    Code::OpeningOverlap,
                    &path,
                    format!("{what} chevauche l'ouverture exceptionnelle {} du même jour (exceptions.openings[{j}]).", fr_span(other.start, other.end)),
                    format!("{what_en} overlaps the extra opening {} of the same day (exceptions.openings[{j}]).", fr_span(other.start, other.end)),
                );
            }
        }
        if let Some(j) = config.exceptions.closures.iter().position(|c| hides(c, o)) {
            report.push(
                Code::OpeningClosed,
                &path,
                format!("{what} tombe pendant une fermeture (exceptions.closures[{j}]) : une fermeture l'emporte toujours, cette ouverture ne serait pas proposée. Raccourcissez la fermeture ou retirez l'ouverture."),
                format!("{what_en} falls during a closure (exceptions.closures[{j}]): a closure always wins, so this opening would not be offered. Shorten the closure or remove the opening."),
            );
        }
    }
}

/// Whether closure `c` closes all of opening `o` (its date, its hours, each of its types).
fn hides(c: &Closure, o: &ExtraOpening) -> bool {
    let hours = c
        .time_range()
        .is_none_or(|(s, e)| s <= o.start && o.end <= e);
    let types = match (&c.types, &o.types) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(closed), Some(open)) => open.iter().all(|id| closed.contains(id)),
    };
    c.covers(o.date) && hours && types
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
