//! Reminders, alerts and the tray's content: the shell delivers, the logic is
//! `rdv_core::reminders` (pure, fake-clock tested) fed from the cache, the preferences and the
//! persisted state (SQLite settings), with the `Clock` port.
//!
//! - [`App::run_reminders`] ticks every [`TICK`]; each tick's state is saved before the next,
//!   so a crash or a restart never repeats a reminder;
//! - alerts for bookings created, cancelled or moved by others come from sync
//!   ([`App::alert_changes`]), once per change, silenced like reminders;
//! - [`App::tray_model`] is what the tray shows: its state, tooltip and the day's next
//!   appointments — privacy mode applies there too;
//! - while the app is locked, all of them follow the privacy mode whatever the setting: no
//!   patient's name on a locked screen.

use crate::ipc::{
    AccountState, DoNotDisturb, ReminderPrefs, SyncState, TrayAppointment, TrayModel, TrayState,
};
use crate::{App, AppError};
use chrono::{DateTime, Duration, NaiveTime, SecondsFormat, Utc};
use chrono_tz::Tz;
use rdv_core::Language;
use rdv_core::appointments::AppointmentOrigin;
use rdv_core::ports::Notification;
use rdv_core::reminders::{self, Appointment, ReminderSettings, ReminderState};
use rdv_store::OccurrenceRow;

/// How often reminders are checked.
pub const TICK: std::time::Duration = std::time::Duration::from_secs(15);

pub(crate) const PREFS: &str = "reminders.prefs";
pub(crate) const STATE: &str = "reminders.state";

impl Default for ReminderPrefs {
    fn default() -> Self {
        Self {
            offsets: vec![10],
            quiet_start: None,
            quiet_end: None,
            privacy: true,
            daily_summary: None,
            alerts: true,
            dnd_until: None,
        }
    }
}

fn hm(s: &str) -> Result<NaiveTime, AppError> {
    rdv_core::availability::text::parse_time(s).map_err(|fr| {
        AppError::invalid(
            fr,
            format!("invalid time “{s}”: expected HH:MM on 24 hours, for example 09:00 or 14h30"),
        )
    })
}

impl App {
    /// The reminder preferences (defaults: 10 minutes before, privacy mode on, alerts on).
    pub fn reminder_prefs(&self) -> Result<ReminderPrefs, AppError> {
        Ok(self
            .store
            .setting(PREFS)?
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default())
    }

    /// Saves the reminder preferences after checking them.
    pub fn set_reminder_prefs(&self, prefs: ReminderPrefs) -> Result<ReminderPrefs, AppError> {
        let mut prefs = prefs;
        prefs.offsets.sort_unstable();
        prefs.offsets.dedup();
        if prefs.offsets.len() > 5 {
            return Err(AppError::invalid(
                "Cinq rappels au plus par rendez-vous.",
                "Five reminders at most per appointment.",
            ));
        }
        if let Some(bad) = prefs.offsets.iter().find(|&&o| o == 0 || o > 7 * 24 * 60) {
            return Err(AppError::invalid(
                format!("Un rappel se donne entre 1 minute et 7 jours avant ({bad} min)."),
                format!("A reminder comes between 1 minute and 7 days before ({bad} min)."),
            ));
        }
        match (&prefs.quiet_start, &prefs.quiet_end) {
            (Some(s), Some(e)) => {
                if hm(s)? == hm(e)? {
                    return Err(AppError::invalid(
                        "Les heures calmes commencent et finissent à la même heure.",
                        "The quiet hours start and end at the same time.",
                    ));
                }
            }
            (None, None) => {}
            _ => {
                return Err(AppError::invalid(
                    "Indiquez le début et la fin des heures calmes.",
                    "Give both the start and the end of the quiet hours.",
                ));
            }
        }
        if let Some(at) = &prefs.daily_summary {
            hm(at)?;
        }
        self.store
            .set_setting(PREFS, &serde_json::to_string(&prefs).unwrap_or_default())?;
        tracing::info!(offsets = ?prefs.offsets, privacy = prefs.privacy, "reminder preferences saved");
        self.sink.data_changed();
        Ok(prefs)
    }

    /// *Ne pas déranger*: off, for one hour, or until tomorrow morning (07:00 local).
    pub fn set_do_not_disturb(&self, choice: DoNotDisturb) -> Result<ReminderPrefs, AppError> {
        let now = self.now_utc();
        let mut prefs = self.reminder_prefs()?;
        prefs.dnd_until = match choice {
            DoNotDisturb::Off => None,
            DoNotDisturb::OneHour => Some(now + Duration::hours(1)),
            DoNotDisturb::UntilTomorrow => {
                let tz = self.practice_zone();
                let tomorrow = now.with_timezone(&tz).date_naive() + Duration::days(1);
                let seven = NaiveTime::from_hms_opt(7, 0, 0).unwrap_or(NaiveTime::MIN);
                Some(rdv_core::availability::zone::instant(tz, tomorrow, seven))
            }
        }
        .map(|t| t.to_rfc3339_opts(SecondsFormat::Secs, true));
        self.store
            .set_setting(PREFS, &serde_json::to_string(&prefs).unwrap_or_default())?;
        self.sink.data_changed();
        Ok(prefs)
    }

    /// The zone reminders speak in: the primary calendar's, else Paris.
    fn practice_zone(&self) -> Tz {
        self.store
            .calendars()
            .ok()
            .and_then(|cs| cs.into_iter().find(|c| c.primary))
            .and_then(|c| c.time_zone.parse().ok())
            .unwrap_or(chrono_tz::Europe::Paris)
    }

    fn core_settings(&self, prefs: &ReminderPrefs) -> ReminderSettings {
        let time = |s: &Option<String>| s.as_deref().and_then(|s| hm(s).ok());
        ReminderSettings {
            offsets: prefs.offsets.clone(),
            quiet: time(&prefs.quiet_start).zip(time(&prefs.quiet_end)),
            dnd_until: prefs
                .dnd_until
                .as_deref()
                .and_then(|d| DateTime::parse_from_rfc3339(d).ok())
                .map(|d| d.with_timezone(&Utc)),
            // Locked (or the lock unknown): no name on a locked screen, whatever the setting.
            privacy: prefs.privacy || self.ensure_unlocked().is_err(),
            daily_summary: time(&prefs.daily_summary),
            zone: self.practice_zone(),
            language: self.store.language().unwrap_or(Language::Fr),
        }
    }

    /// The appointments around now (12 hours back, 2 days ahead) as reminders and the daily
    /// summary see them: the store's appointments (marked bookings, and the calendars' own
    /// events where they count), timed.
    fn appointments(
        &self,
        now: DateTime<Utc>,
        language: Language,
    ) -> Result<Vec<Appointment>, AppError> {
        Ok(self
            .store
            .appointments_between(&[], now - Duration::hours(12), now + Duration::days(2))?
            .into_iter()
            .filter(|o| !o.all_day)
            .map(|o| {
                let (type_name, patient) = labels(&o, language);
                Appointment {
                    key: format!("{}/{}", o.calendar_id, o.id),
                    start: o.start,
                    type_name,
                    patient,
                }
            })
            .collect())
    }

    /// One reminder tick at the clock's `now`: delivers what is due, saves the state. Returns
    /// how many notifications were shown.
    pub fn reminder_tick(&self) -> Result<usize, AppError> {
        if matches!(self.account_state()?, AccountState::None) {
            return Ok(0);
        }
        let now = self.now_utc();
        let prefs = self.reminder_prefs()?;
        let settings = self.core_settings(&prefs);
        let mut state: ReminderState = self
            .store
            .setting(STATE)?
            .and_then(|s| serde_json::from_str(&s).ok())
            .unwrap_or_default();
        let outcome = reminders::tick(
            &self.appointments(now, settings.language)?,
            &settings,
            &mut state,
            now,
        );
        // Saved first: a crash while showing never shows twice.
        self.store
            .set_setting(STATE, &serde_json::to_string(&state).unwrap_or_default())?;
        for n in &outcome.notifications {
            if let Err(e) = self.notifier.notify(n) {
                tracing::warn!(error = %e, "a reminder could not be shown");
            }
        }
        if outcome.silenced > 0 {
            tracing::info!(
                count = outcome.silenced,
                "reminders silenced (quiet hours or do not disturb)"
            );
        }
        Ok(outcome.notifications.len())
    }

    /// Ticks reminders forever, every [`TICK`].
    pub fn run_reminders(&self) -> crate::Task<'_, ()> {
        Box::pin(async move {
            loop {
                if let Err(e) = self.reminder_tick() {
                    tracing::warn!(error = %e, "reminder tick failed");
                }
                tokio::time::sleep(TICK).await;
            }
        })
    }

    /// Shows an alert for a booking change found by sync (new, cancelled, moved), unless alerts
    /// are off or the time is silent. `what` is `new`, `cancelled` or `moved`; `open` is the
    /// booking a click on the alert opens (`calendarId/eventId`; none for a cancelled one).
    pub(crate) fn alert_change(
        &self,
        what: &str,
        start: DateTime<Utc>,
        type_name: &str,
        patient_name: Option<&str>,
        open: Option<String>,
    ) {
        let Ok(prefs) = self.reminder_prefs() else {
            return;
        };
        let settings = self.core_settings(&prefs);
        if !prefs.alerts || reminders::is_silent(&settings, self.now_utc()) {
            return;
        }
        let fr = settings.language == Language::Fr;
        let title = match (what, fr) {
            ("new", true) => "Nouveau rendez-vous",
            ("new", false) => "New appointment",
            ("cancelled", true) => "Rendez-vous annulé",
            ("cancelled", false) => "Appointment cancelled",
            (_, true) => "Rendez-vous déplacé",
            (_, false) => "Appointment moved",
        };
        let local = start.with_timezone(&settings.zone);
        let when = if fr {
            local.format("%d/%m %H:%M").to_string()
        } else {
            local.format("%m/%d %H:%M").to_string()
        };
        let body = match (patient_name, settings.privacy) {
            (Some(p), false) => format!("{when} {type_name} – {p}"),
            _ => format!("{when} {type_name}"),
        }
        .trim_end()
        .to_owned();
        if let Err(e) = self.notifier.notify(&Notification {
            title: title.to_owned(),
            body,
            open,
        }) {
            tracing::warn!(error = %e, "an alert could not be shown");
        }
    }

    /// What the tray shows now.
    pub fn tray_model(&self) -> Result<TrayModel, AppError> {
        let now = self.now_utc();
        let prefs = self.reminder_prefs()?;
        let settings = self.core_settings(&prefs);
        // Locked: the tray shows no names either (`core_settings` says so).
        let privacy = settings.privacy;
        let fr = settings.language == Language::Fr;
        let account = self.account_state()?;
        let status = self.sync_status();
        let dnd = settings.dnd_until.is_some_and(|u| now < u);
        let state = match (&account, status.state, dnd) {
            (AccountState::ReconnectNeeded { .. }, _, _) => TrayState::ReconnectNeeded,
            (_, SyncState::Offline, _) => TrayState::Offline,
            (_, _, true) => TrayState::DoNotDisturb,
            _ => TrayState::Normal,
        };
        let tz = settings.zone;
        let today = now.with_timezone(&tz).date_naive();
        let no_shows = crate::patients::NoShows::load(self)?;
        let locked = self.ensure_unlocked().is_err();
        let next: Vec<TrayAppointment> = self
            .store
            .appointments_between(&[], now, now + Duration::days(1))?
            .into_iter()
            .filter(|o| !o.all_day && o.start.with_timezone(&tz).date_naive() == today)
            .take(8)
            .map(|o| {
                let time = o.start.with_timezone(&tz).format("%H:%M").to_string();
                let (kind, who) = labels(&o, settings.language);
                let label = match (who, privacy, o.appointment) {
                    (Some(title), false, Some(AppointmentOrigin::Google)) => {
                        format!("{time}  {title}")
                    }
                    (Some(p), false, _) => format!("{time}  {p} – {kind}"),
                    _ => format!("{time}  {kind}"),
                };
                // The patient's repeated no-shows (no name in privacy mode; nothing while
                // locked).
                let missed = no_shows.of(&o);
                let label = if !locked && rdv_core::history::is_repeated(missed) {
                    format!(
                        "{label}  {}",
                        crate::messages::repeated_no_shows(settings.language, missed)
                    )
                } else {
                    label
                };
                TrayAppointment {
                    calendar_id: o.calendar_id,
                    id: o.id,
                    label,
                }
            })
            .collect();
        let sync_line = crate::messages::tray_tooltip(settings.language, &status);
        let tooltip = match (state, next.first()) {
            (TrayState::ReconnectNeeded, _) => crate::messages::tray_reconnect(settings.language),
            (_, Some(first)) => format!(
                "RDV Compagnon — {} {}",
                if fr { "prochain :" } else { "next:" },
                first.label
            ),
            (_, None) => format!(
                "RDV Compagnon — {}",
                if fr {
                    "plus de rendez-vous aujourd'hui"
                } else {
                    "no more appointments today"
                }
            ),
        };
        Ok(TrayModel {
            state,
            tooltip,
            sync_line,
            next,
            dnd_until: prefs.dnd_until,
        })
    }
}

/// What reminders and the tray say of an appointment: its kind, and who (shown only outside
/// privacy mode). A marked booking: its type and the patient's name. An event of the
/// calendar's own: « Rendez-vous », and its title — which may name the patient, so it is held
/// back like a name.
fn labels(o: &OccurrenceRow, language: Language) -> (String, Option<String>) {
    if o.appointment == Some(AppointmentOrigin::Google) {
        let kind = match language {
            Language::Fr => "Rendez-vous",
            Language::En => "Appointment",
        };
        let title = o
            .summary
            .as_deref()
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_owned);
        return (kind.to_owned(), title);
    }
    (
        type_name(o.summary.as_deref(), o.appointment_type.as_deref()),
        patient(o.first_name.as_deref(), o.last_name.as_deref()),
    )
}

/// « Consultation » from « Consultation – Jeanne Martin », else the type id.
fn type_name(summary: Option<&str>, type_id: Option<&str>) -> String {
    summary
        .and_then(|s| s.split(" – ").next())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .or(type_id)
        .unwrap_or("Rendez-vous")
        .to_owned()
}

fn patient(first: Option<&str>, last: Option<&str>) -> Option<String> {
    let name = [first, last]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    (!name.is_empty()).then_some(name)
}
