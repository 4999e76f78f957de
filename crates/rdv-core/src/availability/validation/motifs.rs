//! Checks of the appointment types.

use super::{ProblemCode as Code, Report, minutes};
use crate::availability::motif::{is_valid_colour, is_valid_type_id};
use std::collections::HashSet;

/// The longest a type may last: a day.
const MAX_DURATION_MINUTES: i32 = 24 * 60;

pub(super) fn check(report: &mut Report<'_>) {
    let config = report.config;
    let mut seen = HashSet::new();
    let mut names = HashSet::new();
    for (i, t) in config.appointment_types.iter().enumerate() {
        let path = format!("appointmentTypes[{i}]");
        let name = if t.name.trim().is_empty() {
            format!("« {} »", t.id)
        } else {
            format!("« {} »", t.name)
        };
        let name_en = if t.name.trim().is_empty() {
            format!("“{}”", t.id)
        } else {
            format!("“{}”", t.name)
        };
        if !is_valid_type_id(&t.id) {
            report.push(
                Code::TypeInvalidId,
                format!("{path}.id"),
                format!("L'identifiant « {} » du motif {name} ne convient pas : il faut au moins un caractère, sans virgule ni espace (par exemple premiere-consultation).", t.id),
                format!("The ID “{}” of the appointment type {name_en} cannot be used: it needs at least one character, with no comma and no space (for example first-consultation).", t.id),
            );
        } else if !seen.insert(t.id.as_str()) {
            report.push(
                Code::TypeDuplicateId,
                format!("{path}.id"),
                format!(
                    "Deux motifs portent l'identifiant « {} » : chaque motif doit avoir le sien.",
                    t.id
                ),
                format!(
                    "Two appointment types have the ID “{}”: each type needs its own.",
                    t.id
                ),
            );
        }
        if t.name.trim().is_empty() {
            report.push(
                Code::TypeEmptyName,
                format!("{path}.name"),
                format!(
                    "Le motif « {} » n'a pas de nom : c'est ce que voient les patients.",
                    t.id
                ),
                format!(
                    "The appointment type “{}” has no name: the name is what patients see.",
                    t.id
                ),
            );
        }
        if !t.name.trim().is_empty() && !names.insert(t.name.trim().to_lowercase()) {
            report.push(
                Code::TypeDuplicateName,
                format!("{path}.name"),
                format!("Un autre motif s'appelle déjà {name} : donnez à chaque motif un nom différent, les patients choisissent sur le nom."),
                format!("Another appointment type is already called {name_en}: give each type its own name, patients choose by name."),
            );
        }
        if t.duration_minutes > MAX_DURATION_MINUTES {
            report.push(
                Code::TypeDurationTooLong,
                format!("{path}.durationMinutes"),
                format!(
                    "Le motif {name} dure {} min : un rendez-vous ne peut pas dépasser 24 heures ({MAX_DURATION_MINUTES} min).",
                    t.duration_minutes
                ),
                format!(
                    "The appointment type {name_en} lasts {} min: an appointment cannot last more than 24 hours ({MAX_DURATION_MINUTES} min).",
                    t.duration_minutes
                ),
            );
        }
        if t.duration_minutes <= 0 {
            report.push(
                Code::TypeDurationNotPositive,
                format!("{path}.durationMinutes"),
                format!(
                    "La durée du motif {name} doit être d'au moins une minute (elle vaut {} min).",
                    t.duration_minutes
                ),
                format!(
                    "The appointment type {name_en} must last at least one minute (it is set to {} min).",
                    t.duration_minutes
                ),
            );
        }
        if let Some(step) = t.slot_interval_minutes.filter(|&s| s <= 0) {
            report.push(
                Code::TypeIntervalNotPositive,
                format!("{path}.slotIntervalMinutes"),
                format!("L'écart entre deux créneaux du motif {name} doit être d'au moins une minute (il vaut {step} min)."),
                format!("The time between two slots of the appointment type {name_en} must be at least one minute (it is set to {step} min)."),
            );
        }
        for (field, value, which, which_en) in [
            (
                "bufferBeforeMinutes",
                t.buffer_before_minutes,
                "avant",
                "before",
            ),
            (
                "bufferAfterMinutes",
                t.buffer_after_minutes,
                "après",
                "after",
            ),
        ] {
            if value < 0 {
                report.push(
                    Code::TypeNegativeBuffer,
                    format!("{path}.{field}"),
                    format!("La marge {which} le motif {name} ne peut pas être négative ({value} min) : mettez 0 pour aucune marge."),
                    format!("The buffer time {which_en} each {name_en} appointment cannot be negative ({value} min): set it to 0 for no buffer."),
                );
            }
        }
        if t.min_notice_minutes < 0 {
            report.push(
                Code::TypeNegativeNotice,
                format!("{path}.minNoticeMinutes"),
                format!("Le délai de prévenance du motif {name} ne peut pas être négatif ({} min) : mettez 0 pour aucun délai.", t.min_notice_minutes),
                format!("The minimum booking notice for the appointment type {name_en} cannot be negative ({} min): set it to 0 for no minimum notice.", t.min_notice_minutes),
            );
        }
        if let Some(days) = t.horizon_days.filter(|&d| d < 0) {
            report.push(
                Code::TypeNegativeHorizon,
                format!("{path}.horizonDays"),
                format!("L'horizon de réservation du motif {name} ne peut pas être négatif ({days} jours) : 0 veut dire « le jour même seulement »."),
                format!("How far ahead the appointment type {name_en} can be booked cannot be negative ({days} days): 0 means “same day only”."),
            );
        }
        if let Some(max) = t.max_per_day.filter(|&m| m <= 0) {
            report.push(
                Code::TypeCapNotPositive,
                format!("{path}.maxPerDay"),
                format!("Avec un maximum de {max} rendez-vous par jour, le motif {name} ne serait jamais proposé : retirez la limite ou mettez au moins 1."),
                format!("With a maximum of {max} appointments per day, the appointment type {name_en} would never be offered: remove the limit or set it to at least 1."),
            );
        }
        if !is_valid_colour(&t.colour) {
            report.push(
                Code::TypeInvalidColour,
                format!("{path}.colour"),
                format!("La couleur « {} » du motif {name} n'est pas reconnue : écrivez-la #RRVVBB, par exemple #1E88E5.", t.colour),
                format!("The colour “{}” of the appointment type {name_en} is not recognised: write it as #RRGGBB, for example #1E88E5.", t.colour),
            );
        }
        check_offered(report, i, &path, (&name, &name_en));
    }
}

/// The longest stretch of time offering type `i` — ranges that touch or overlap on the same day
/// count as one, as the slot engine unites them — and whether any range offers it. Weekly ranges
/// of every template are united per weekday (an upper bound: templates of other weeks or periods
/// may never meet), so a type is reported only when no day could ever hold it.
fn check_offered(report: &mut Report<'_>, i: usize, path: &str, (name, name_en): (&str, &str)) {
    use crate::availability::template::Day;
    use chrono::NaiveTime;
    let config = report.config;
    let t = &config.appointment_types[i];
    let weekly_on = |day: Day| -> Vec<(NaiveTime, NaiveTime)> {
        config
            .templates
            .iter()
            .flat_map(|tpl| &tpl.ranges)
            .filter(|r| r.days.contains(&day) && r.offers(&t.id))
            .map(|r| (r.start, r.end))
            .collect()
    };
    let mut days: Vec<Vec<(NaiveTime, NaiveTime)>> = Day::ALL.into_iter().map(weekly_on).collect();
    for o in config
        .exceptions
        .openings
        .iter()
        .filter(|o| o.offers(&t.id))
    {
        let mut that_day = weekly_on(Day::of(o.date));
        that_day.push((o.start, o.end));
        days.push(that_day);
    }
    let longest = days.into_iter().filter_map(longest_united).max();
    match longest {
        None if t.bookable_online => report.push(
            Code::TypeNotOffered,
            path,
            format!("Le motif {name} est réservable en ligne, mais aucune plage ni ouverture exceptionnelle ne le propose : il ne sera jamais proposé aux patients."),
            format!("The appointment type {name_en} can be booked online, but no time range and no extra opening offers it: patients will never be offered it."),
        ),
        Some(longest) if t.duration_minutes > 0 && longest < i64::from(t.duration_minutes) => report.push(
            Code::TypeLongerThanRanges,
            format!("{path}.durationMinutes"),
            format!(
                "Le motif {name} dure {} min, plus que la plus longue plage qui le propose ({longest} min) : il ne sera jamais proposé. Raccourcissez-le ou allongez une plage.",
                t.duration_minutes
            ),
            format!(
                "The appointment type {name_en} lasts {} min, longer than the longest time range that offers it ({longest} min): it will never be offered. Shorten it or lengthen a time range.",
                t.duration_minutes
            ),
        ),
        _ => {}
    }
}

/// The longest span of `ranges` once those that overlap or touch are united (`None`: no range of
/// positive length).
fn longest_united(mut ranges: Vec<(chrono::NaiveTime, chrono::NaiveTime)>) -> Option<i64> {
    ranges.retain(|(s, e)| s < e);
    ranges.sort();
    let mut best: Option<i64> = None;
    let mut current: Option<(chrono::NaiveTime, chrono::NaiveTime)> = None;
    for (s, e) in ranges {
        current = match current {
            Some((cs, ce)) if s <= ce => Some((cs, ce.max(e))),
            Some((cs, ce)) => {
                best = best.max(Some(minutes(cs, ce)));
                Some((s, e))
            }
            None => Some((s, e)),
        };
    }
    if let Some((cs, ce)) = current {
        best = best.max(Some(minutes(cs, ce)));
    }
    best
}
