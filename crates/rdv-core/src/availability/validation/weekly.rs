//! Checks of the weekly templates and their ranges: ids, periods, times, types, overlaps, and
//! times that do not exist on a daylight-saving day.

use super::{
    ProblemCode as Code, Report, en_date, en_day_date, en_list, fr_date, fr_day_date, fr_list,
    fr_span, gap_bounds,
};
use crate::availability::template::{Day, WeeklyRange, WeeklyTemplate};
use crate::availability::text::format_time;
use crate::availability::zone::{WallTime, wall_time};
use chrono::TimeDelta;
use std::collections::HashSet;

pub(super) fn check(report: &mut Report<'_>) {
    let config = report.config;
    let mut seen = HashSet::new();
    for (ti, tpl) in config.templates.iter().enumerate() {
        let path = format!("templates[{ti}]");
        let label = format!("« {} »", tpl.label());
        let label_en = format!("“{}”", tpl.label());
        if tpl.id.trim().is_empty() {
            report.push(
                Code::TemplateInvalidId,
                format!("{path}.id"),
                format!("Le modèle {label} n'a pas d'identifiant : donnez-lui un id unique."),
                format!("The template {label_en} has no ID: give it a unique id."),
            );
        } else if !seen.insert(tpl.id.as_str()) {
            report.push(
                Code::TemplateDuplicateId,
                format!("{path}.id"),
                format!(
                    "Deux modèles portent l'identifiant « {} » : chaque modèle doit avoir le sien.",
                    tpl.id
                ),
                format!(
                    "Two templates have the ID “{}”: each template needs its own.",
                    tpl.id
                ),
            );
        }
        if let (Some(from), Some(until)) = (tpl.valid_from, tpl.valid_until)
            && until < from
        {
            report.push(
                Code::TemplatePeriodReversed,
                format!("{path}.validUntil"),
                format!("Le modèle {label} finit le {} avant de commencer le {} : il ne s'appliquerait jamais.", fr_date(until), fr_date(from)),
                format!("The template {label_en} ends on {} before it starts on {}: it would never apply.", en_date(until), en_date(from)),
            );
        }
        if tpl.ranges.is_empty() {
            report.push(
                Code::TemplateNoRanges,
                format!("{path}.ranges"),
                format!("Le modèle {label} n'a aucune plage horaire."),
                format!("The template {label_en} has no time range."),
            );
        }
        for (ri, range) in tpl.ranges.iter().enumerate() {
            check_range(report, tpl, &format!("{path}.ranges[{ri}]"), range);
        }
        check_gaps(report, tpl, &path);
    }
    check_overlaps(report);
}

/// `la plage du lundi et jeudi 09:00–12:30 (modèle « Semaine »)`.
fn describe(tpl: &WeeklyTemplate, range: &WeeklyRange) -> String {
    let days: Vec<_> = range
        .days
        .iter()
        .map(|d| format!("du {}", d.name_fr()))
        .collect();
    format!(
        "la plage {} {} (modèle « {} »)",
        fr_list(&days),
        fr_span(range.start, range.end),
        tpl.label()
    )
}

/// `the time range on Monday and Thursday 09:00–12:30 (template “Semaine”)`.
fn describe_en(tpl: &WeeklyTemplate, range: &WeeklyRange) -> String {
    let days: Vec<_> = range.days.iter().map(|d| d.name_en()).collect();
    let on = if days.is_empty() {
        String::new()
    } else {
        format!("on {} ", en_list(&days))
    };
    format!(
        "the time range {on}{} (template “{}”)",
        fr_span(range.start, range.end),
        tpl.label()
    )
}

fn check_range(report: &mut Report<'_>, tpl: &WeeklyTemplate, path: &str, range: &WeeklyRange) {
    let what = describe(tpl, range);
    let what_en = capitalise(&describe_en(tpl, range));
    if range.days.is_empty() {
        report.push(
            Code::RangeNoDays,
            format!("{path}.days"),
            format!(
                "{} ne tombe sur aucun jour : indiquez au moins un jour (lundi…dimanche).",
                capitalise(&what)
            ),
            format!("{what_en} falls on no day: add at least one day (monday…sunday)."),
        );
    }
    if range.end < range.start {
        report.push(
            Code::RangeEndBeforeStart,
            path,
            format!("{} finit avant de commencer. Une plage ne peut pas passer minuit : coupez-la en deux.", capitalise(&what)),
            format!("{what_en} ends before it starts. A time range cannot go past midnight: split it in two."),
        );
    } else if range.end == range.start {
        report.push(
            Code::RangeEmpty,
            path,
            format!(
                "{} dure 0 minute : elle n'offrirait aucun créneau.",
                capitalise(&what)
            ),
            format!("{what_en} lasts 0 minutes: it would offer no slot."),
        );
    }
    report.check_types(
        range.types.as_deref(),
        path,
        (Code::RangeNoTypes, Code::RangeUnknownType),
        (&capitalise(&what), &what_en),
    );
}

fn capitalise(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Range endpoints that do not exist on a day the range applies (the spring change), over the
/// year from the later of today and the template's first day.
fn check_gaps(report: &mut Report<'_>, tpl: &WeeklyTemplate, path: &str) {
    let tz = report.config.time_zone;
    let first = tpl
        .valid_from
        .map_or(report.today, |from| from.max(report.today));
    let Some(year_later) = first.checked_add_signed(TimeDelta::days(365)) else {
        return;
    };
    let last = tpl
        .valid_until
        .map_or(year_later, |until| until.min(year_later));
    let mut reported = HashSet::new();
    for date in first
        .iter_days()
        .take_while(|d| *d <= last)
        .filter(|d| tpl.applies_on(*d))
    {
        for (ri, range) in tpl
            .ranges
            .iter()
            .enumerate()
            .filter(|(_, r)| r.days.contains(&Day::of(date)))
        {
            for (time, verb, verb_en) in [
                (range.start, "commence", "starts"),
                (range.end, "finit", "ends"),
            ] {
                if let WallTime::Skipped { gap_end } = wall_time(tz, date, time)
                    && reported.insert((ri, verb))
                {
                    let (from, to) = gap_bounds(tz, gap_end);
                    report.push(
                        Code::RangeDstGap,
                        format!("{path}.ranges[{ri}]"),
                        format!(
                            "{} {verb} à {}, une heure qui n'existe pas {} : ce jour-là, les horloges passent de {} à {} (changement d'heure, fuseau {}). Choisissez une heure en dehors de {}–{}.",
                            capitalise(&describe(tpl, range)),
                            format_time(time),
                            fr_day_date(date),
                            format_time(from),
                            format_time(to),
                            tz.name(),
                            format_time(from),
                            format_time(to),
                        ),
                        format!(
                            "{} {verb_en} at {}, a time that does not exist on {}: that day, the clocks go forward from {} to {} (daylight saving time, time zone {}). Choose a time outside {}–{}.",
                            capitalise(&describe_en(tpl, range)),
                            format_time(time),
                            en_day_date(date),
                            format_time(from),
                            format_time(to),
                            tz.name(),
                            format_time(from),
                            format_time(to),
                        ),
                    );
                }
            }
        }
    }
}

/// One range on one template, flattened for the overlap check.
struct Entry<'a> {
    path: String,
    tpl: &'a WeeklyTemplate,
    range: &'a WeeklyRange,
}

/// Two ranges overlap when some date can hold both (days, periods, weeks), some type is offered
/// by both, and their times intersect.
fn check_overlaps(report: &mut Report<'_>) {
    let config = report.config;
    let entries: Vec<Entry<'_>> = config
        .templates
        .iter()
        .enumerate()
        .flat_map(|(ti, tpl)| {
            tpl.ranges.iter().enumerate().map(move |(ri, range)| Entry {
                path: format!("templates[{ti}].ranges[{ri}]"),
                tpl,
                range,
            })
        })
        .filter(|e| e.range.start < e.range.end)
        .collect();
    // Only the pairs whose times meet on a shared day are looked at (a sweep per day, not every
    // pair), in the order of the pairwise loop this replaces; each range once per day, however
    // often the day is listed.
    let meeting = super::sweep::intersecting_pairs(
        entries.iter().enumerate().flat_map(|(i, e)| {
            Day::ALL
                .into_iter()
                .filter(|day| e.range.days.contains(day))
                .map(move |day| (day, e.range.start, e.range.end, i))
        }),
        super::sweep::MAX_MEETING_PAIRS,
    );
    let mut cap = super::sweep::OverlapCap::default();
    for (i, j) in meeting.pairs {
        let (a, b) = (&entries[i], &entries[j]);
        let days: Vec<Day> = Day::ALL
            .into_iter()
            .filter(|d| a.range.days.contains(d) && b.range.days.contains(d))
            .collect();
        let overlap = !days.is_empty()
            && a.tpl.weeks.meets(b.tpl.weeks)
            && periods_meet(a.tpl, b.tpl)
            && a.range.start < b.range.end
            && b.range.start < a.range.end;
        if !overlap || !types_shared(a.range.types.as_deref(), b.range.types.as_deref()) {
            continue;
        }
        if !cap.admit() {
            continue;
        }
        let Some((shared, shared_en)) =
            shared_types(report, a.range.types.as_deref(), b.range.types.as_deref())
        else {
            continue;
        };
        let day_names: Vec<_> = days.iter().map(|d| format!("le {}", d.name_fr())).collect();
        let day_names_en: Vec<_> = days.iter().map(|d| d.name_en()).collect();
        report.push(
            Code::RangeOverlap,
            b.path.clone(),
            format!(
                "Les plages {} ({}) et {} ({}) se chevauchent {} {} : corrigez les horaires pour qu'elles se suivent sans se recouvrir.",
                fr_span(a.range.start, a.range.end),
                a.path,
                fr_span(b.range.start, b.range.end),
                b.path,
                fr_list(&day_names),
                shared,
            ),
            format!(
                "The time ranges {} ({}) and {} ({}) overlap on {} {}: change the times so that they follow one another without overlapping.",
                fr_span(a.range.start, a.range.end),
                a.path,
                fr_span(b.range.start, b.range.end),
                b.path,
                en_list(&day_names_en),
                shared_en,
            ),
        );
    }
    cap.finish(
        report,
        (Code::RangeOverlap, "templates"),
        ("de plages horaires", "of time ranges"),
        meeting.complete,
    );
}

/// Whether two ranges are open for some type in common (what [`shared_types`] names).
fn types_shared(a: Option<&[String]>, b: Option<&[String]>) -> bool {
    match (a, b) {
        (None, None) => true,
        (Some(x), None) | (None, Some(x)) => !x.is_empty(),
        (Some(x), Some(y)) => x.iter().any(|id| y.contains(id)),
    }
}

fn periods_meet(a: &WeeklyTemplate, b: &WeeklyTemplate) -> bool {
    let valid = |t: &WeeklyTemplate| t.valid_from.zip(t.valid_until).is_none_or(|(f, u)| f <= u);
    let start = a.valid_from.max(b.valid_from); // None < Some: the later of the starts
    let end = match (a.valid_until, b.valid_until) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    };
    valid(a) && valid(b) && start.zip(end).is_none_or(|(s, e)| s <= e)
}

/// `pour tous les motifs` / `pour le motif « Consultation »`, with its English counterpart
/// (`for every appointment type` / `for the appointment type “Consultation”`), or `None` when no
/// type is shared.
fn shared_types(
    report: &Report<'_>,
    a: Option<&[String]>,
    b: Option<&[String]>,
) -> Option<(String, String)> {
    let ids: Vec<&String> = match (a, b) {
        (None, None) => {
            return Some((
                "pour tous les motifs".to_owned(),
                "for every appointment type".to_owned(),
            ));
        }
        (Some(x), None) | (None, Some(x)) => x.iter().collect(),
        (Some(x), Some(y)) => x.iter().filter(|id| y.contains(id)).collect(),
    };
    let names: Vec<String> = ids.iter().map(|id| report.type_name(id)).collect();
    let names_en: Vec<String> = ids.iter().map(|id| report.type_name_en(id)).collect();
    match names.len() {
        0 => None,
        1 => Some((
            format!("pour le motif {}", names[0]),
            format!("for the appointment type {}", names_en[0]),
        )),
        _ => Some((
            format!("pour les motifs {}", fr_list(&names)),
            format!("for the appointment types {}", en_list(&names_en)),
        )),
    }
}
