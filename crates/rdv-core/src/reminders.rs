//! Reminders that never miss and never spam, as a pure function of the time.
//!
//! The shell calls [`tick`] every few seconds with the upcoming appointments (from the synced
//! cache), the settings, the persisted [`ReminderState`] and `now` (from the `Clock` port); it
//! delivers the returned notifications and saves the new state. Rules:
//! - a reminder of an appointment at offset `o` is due at `start − o`; it fires once, on the first
//!   tick at or after that instant, while the appointment has not started — its key is the
//!   event, **its start** and the offset, so a moved appointment gets reminders for its new time
//!   and a cancelled one (no longer listed) gets none;
//! - fired keys are kept (until the appointment is over), so a restart never repeats one;
//! - when the ticks stop for a while (sleep, suspend, a clock jump, a late start), what fell due
//!   in the gap is not replayed one by one: appointments that already started are folded into
//!   one summary, and of the upcoming ones only the nearest reminder of each fires — several at
//!   once become one grouped notification (no burst);
//! - quiet hours and *Ne pas déranger* silence reminders (they are marked done, not postponed);
//! - the privacy mode shows the time and the appointment type, never the patient's name.
//!
//! All times are instants (UTC); the local times shown are in the calendar's zone, so DST days
//! need nothing special: a reminder 10 minutes before 03:30 on the autumn Sunday is 10 real
//! minutes before it.

use crate::Language;
use crate::ports::Notification;
use chrono::{DateTime, Duration, NaiveTime, Utc};
use chrono_tz::Tz;
use std::collections::BTreeSet;

/// A gap between two ticks longer than this is a sleep, a suspend or a clock jump.
pub const GAP: Duration = Duration::minutes(2);

/// Grouped notifications list at most this many appointments, then « et N autres ».
const LIST_MAX: usize = 4;

/// An upcoming appointment, as the reminders need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Appointment {
    /// `calendarId/eventId` (or occurrence id): stable across syncs.
    pub key: String,
    /// Start instant.
    pub start: DateTime<Utc>,
    /// The appointment type's name (« Consultation »), or the event's title for others.
    pub type_name: String,
    /// « Jeanne Martin », shown only outside privacy mode.
    pub patient: Option<String>,
}

/// The user's reminder settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReminderSettings {
    /// Minutes before the appointment (default `[10]`); empty: no reminders.
    pub offsets: Vec<u32>,
    /// Local quiet hours `[start, end)` (may cross midnight), `None`: none.
    pub quiet: Option<(NaiveTime, NaiveTime)>,
    /// *Ne pas déranger* until this instant.
    pub dnd_until: Option<DateTime<Utc>>,
    /// Hide patients' names.
    pub privacy: bool,
    /// Local time of the daily summary, `None`: no summary.
    pub daily_summary: Option<NaiveTime>,
    /// The calendar's zone, for local times and days.
    pub zone: Tz,
    /// The language of the texts.
    pub language: Language,
}

impl Default for ReminderSettings {
    fn default() -> Self {
        Self {
            offsets: vec![10],
            quiet: None,
            dnd_until: None,
            privacy: true,
            daily_summary: None,
            zone: chrono_tz::Europe::Paris,
            language: Language::Fr,
        }
    }
}

/// What has been done, persisted between ticks and restarts.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ReminderState {
    /// The last tick's instant.
    pub last_tick: Option<DateTime<Utc>>,
    /// Reminders done (fired, folded or silenced): `key|start|offset`, start in RFC 3339.
    pub done: BTreeSet<String>,
    /// The local date of the last daily summary (`YYYY-MM-DD`).
    pub summary_day: Option<String>,
}

/// One tick's outcome.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TickOutcome {
    /// What to show now.
    pub notifications: Vec<Notification>,
    /// Reminders silenced by quiet hours or *Ne pas déranger*.
    pub silenced: usize,
}

fn done_key(a: &Appointment, offset: u32) -> String {
    format!("{}|{}|{offset}", a.key, a.start.to_rfc3339())
}

/// Whether `now` is silent: *Ne pas déranger*, or within quiet hours (local).
pub fn is_silent(settings: &ReminderSettings, now: DateTime<Utc>) -> bool {
    if settings.dnd_until.is_some_and(|until| now < until) {
        return true;
    }
    let Some((from, to)) = settings.quiet else {
        return false;
    };
    let local = now.with_timezone(&settings.zone).time();
    if from <= to {
        from <= local && local < to
    } else {
        local >= from || local < to
    }
}

/// One tick: what to show at `now`, updating `state`. See the module doc for the rules.
pub fn tick(
    appointments: &[Appointment],
    settings: &ReminderSettings,
    state: &mut ReminderState,
    now: DateTime<Utc>,
) -> TickOutcome {
    let mut out = TickOutcome::default();
    let silent = is_silent(settings, now);
    let gap = state
        .last_tick
        .is_none_or(|last| now - last > GAP || now < last);
    let fr = settings.language == Language::Fr;

    // What is due: per appointment, its due offsets (largest first = earliest due).
    let mut missed: Vec<&Appointment> = Vec::new();
    let mut upcoming: Vec<(&Appointment, u32)> = Vec::new();
    for a in appointments {
        let mut due: Vec<u32> = settings
            .offsets
            .iter()
            .copied()
            .filter(|&o| a.start - Duration::minutes(i64::from(o)) <= now)
            .filter(|&o| !state.done.contains(&done_key(a, o)))
            .collect();
        if due.is_empty() {
            continue;
        }
        due.sort_unstable();
        if a.start <= now {
            // Already started: only a gap (sleep, late start) can leave a reminder undone.
            // Its nearest reminder fell due after the last tick: the gap swallowed it.
            if gap
                && state
                    .last_tick
                    .is_some_and(|last| a.start - Duration::minutes(i64::from(due[0])) > last)
            {
                missed.push(a);
            }
        } else {
            // The nearest one (smallest offset) stands for the others that fell due with it.
            upcoming.push((a, due[0]));
        }
        for o in due {
            state.done.insert(done_key(a, o));
        }
    }
    // Forget the reminders of appointments long over.
    state.done.retain(|k| {
        k.split('|')
            .nth(1)
            .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
            .is_none_or(|start| start.with_timezone(&Utc) > now - Duration::days(2))
    });

    let time = |t: DateTime<Utc>| t.with_timezone(&settings.zone).format("%H:%M").to_string();
    let line = |a: &Appointment| match (&a.patient, settings.privacy) {
        (Some(p), false) => format!("{} {} – {}", time(a.start), a.type_name, p),
        _ => format!("{} {}", time(a.start), a.type_name),
    };
    let list = |items: &[&Appointment]| {
        let mut lines: Vec<String> = items.iter().take(LIST_MAX).map(|a| line(a)).collect();
        if items.len() > LIST_MAX {
            let more = items.len() - LIST_MAX;
            lines.push(if fr {
                format!("et {more} autre{}", if more > 1 { "s" } else { "" })
            } else {
                format!("and {more} more")
            });
        }
        lines.join("\n")
    };

    if silent {
        out.silenced = upcoming.len() + missed.len();
    } else {
        if !missed.is_empty() {
            missed.sort_by_key(|a| a.start);
            let n = missed.len();
            out.notifications.push(Notification {
                title: if fr {
                    format!(
                        "{n} rappel{} manqué{} pendant la pause",
                        if n > 1 { "s" } else { "" },
                        if n > 1 { "s" } else { "" }
                    )
                } else {
                    format!(
                        "{n} reminder{} missed while away",
                        if n > 1 { "s" } else { "" }
                    )
                },
                body: list(&missed),
                ..Default::default()
            });
        }
        upcoming.sort_by_key(|(a, _)| a.start);
        match upcoming.as_slice() {
            [] => {}
            [(a, _)] => {
                // Rounded up: 9 min 59 s before is « dans 10 min ».
                let minutes = ((a.start - now).num_seconds().max(0) + 59) / 60;
                out.notifications.push(Notification {
                    title: if fr {
                        if minutes == 0 {
                            "Rendez-vous maintenant".to_owned()
                        } else {
                            format!("Rendez-vous dans {minutes} min")
                        }
                    } else if minutes == 0 {
                        "Appointment now".to_owned()
                    } else {
                        format!("Appointment in {minutes} min")
                    },
                    body: line(a),
                    open: Some(a.key.clone()),
                });
            }
            many => {
                let items: Vec<&Appointment> = many.iter().map(|(a, _)| *a).collect();
                out.notifications.push(Notification {
                    title: if fr {
                        format!("{} prochains rendez-vous", items.len())
                    } else {
                        format!("{} upcoming appointments", items.len())
                    },
                    body: list(&items),
                    ..Default::default()
                });
            }
        }
    }

    // The daily summary, once a day, at or after its time.
    if let Some(at) = settings.daily_summary {
        let local = now.with_timezone(&settings.zone);
        let today = local.date_naive().to_string();
        if local.time() >= at && state.summary_day.as_deref() != Some(today.as_str()) {
            state.summary_day = Some(today);
            if !silent {
                let todays: Vec<&Appointment> = appointments
                    .iter()
                    .filter(|a| {
                        a.start.with_timezone(&settings.zone).date_naive() == local.date_naive()
                    })
                    .collect();
                out.notifications.push(summary(&todays, settings, fr));
            }
        }
    }
    state.last_tick = Some(now);
    out
}

fn summary(todays: &[&Appointment], settings: &ReminderSettings, fr: bool) -> Notification {
    let first = todays.iter().map(|a| a.start).min();
    let n = todays.len();
    let body = match (first, fr) {
        (None, true) => "Aucun rendez-vous aujourd'hui.".to_owned(),
        (None, false) => "No appointment today.".to_owned(),
        (Some(t), true) => {
            let local = t.with_timezone(&settings.zone);
            let at = if local.format("%M").to_string() == "00" {
                local.format("%-H h").to_string()
            } else {
                local.format("%-H h %M").to_string()
            };
            format!("Aujourd'hui : {n} rendez-vous, premier à {at}")
        }
        (Some(t), false) => format!(
            "Today: {n} appointment{}, first at {}",
            if n > 1 { "s" } else { "" },
            t.with_timezone(&settings.zone).format("%H:%M")
        ),
    };
    Notification {
        title: if fr {
            "Votre journée".to_owned()
        } else {
            "Your day".to_owned()
        },
        body,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests;
