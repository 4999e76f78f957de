//! Checks of the appointment types.

use super::{ProblemCode as Code, Report, minutes};
use crate::availability::motif::{is_valid_colour, is_valid_type_id};
use std::collections::HashSet;

pub(super) fn check(report: &mut Report<'_>) {
    let config = report.config;
    let mut seen = HashSet::new();
    for (i, t) in config.appointment_types.iter().enumerate() {
        let path = format!("appointmentTypes[{i}]");
        let name = if t.name.trim().is_empty() {
            format!("« {} »", t.id)
        } else {
            format!("« {} »", t.name)
        };
        if !is_valid_type_id(&t.id) {
            report.push(
                Code::TypeInvalidId,
                format!("{path}.id"),
                format!("L'identifiant « {} » du motif {name} ne convient pas : il faut au moins un caractère, sans virgule ni espace (par exemple premiere-consultation).", t.id),
            );
        } else if !seen.insert(t.id.as_str()) {
            report.push(
                Code::TypeDuplicateId,
                format!("{path}.id"),
                format!(
                    "Deux motifs portent l'identifiant « {} » : chaque motif doit avoir le sien.",
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
            );
        }
        if let Some(step) = t.slot_interval_minutes.filter(|&s| s <= 0) {
            report.push(
                Code::TypeIntervalNotPositive,
                format!("{path}.slotIntervalMinutes"),
                format!("L'écart entre deux créneaux du motif {name} doit être d'au moins une minute (il vaut {step} min)."),
            );
        }
        for (field, value, which) in [
            ("bufferBeforeMinutes", t.buffer_before_minutes, "avant"),
            ("bufferAfterMinutes", t.buffer_after_minutes, "après"),
        ] {
            if value < 0 {
                report.push(
                    Code::TypeNegativeBuffer,
                    format!("{path}.{field}"),
                    format!("La marge {which} le motif {name} ne peut pas être négative ({value} min) : mettez 0 pour aucune marge."),
                );
            }
        }
        if t.min_notice_minutes < 0 {
            report.push(
                Code::TypeNegativeNotice,
                format!("{path}.minNoticeMinutes"),
                format!("Le délai de prévenance du motif {name} ne peut pas être négatif ({} min) : mettez 0 pour aucun délai.", t.min_notice_minutes),
            );
        }
        if let Some(days) = t.horizon_days.filter(|&d| d < 0) {
            report.push(
                Code::TypeNegativeHorizon,
                format!("{path}.horizonDays"),
                format!("L'horizon de réservation du motif {name} ne peut pas être négatif ({days} jours) : 0 veut dire « le jour même seulement »."),
            );
        }
        if let Some(max) = t.max_per_day.filter(|&m| m <= 0) {
            report.push(
                Code::TypeCapNotPositive,
                format!("{path}.maxPerDay"),
                format!("Avec un maximum de {max} rendez-vous par jour, le motif {name} ne serait jamais proposé : retirez la limite ou mettez au moins 1."),
            );
        }
        if !is_valid_colour(&t.colour) {
            report.push(
                Code::TypeInvalidColour,
                format!("{path}.colour"),
                format!("La couleur « {} » du motif {name} n'est pas reconnue : écrivez-la #RRVVBB, par exemple #1E88E5.", t.colour),
            );
        }
        check_offered(report, i, &path, &name);
    }
}

/// The longest stretch of time offering type `i` — ranges that touch or overlap on the same day
/// count as one, as the slot engine unites them — and whether any range offers it. Weekly ranges
/// of every template are united per weekday (an upper bound: templates of other weeks or periods
/// may never meet), so a type is reported only when no day could ever hold it.
fn check_offered(report: &mut Report<'_>, i: usize, path: &str, name: &str) {
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
        ),
        Some(longest) if t.duration_minutes > 0 && longest < i64::from(t.duration_minutes) => report.push(
            Code::TypeLongerThanRanges,
            format!("{path}.durationMinutes"),
            format!(
                "Le motif {name} dure {} min, plus que la plus longue plage qui le propose ({longest} min) : il ne sera jamais proposé. Raccourcissez-le ou allongez une plage.",
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
