//! Availability use cases: each calendar's practice configuration (appointment types, weekly
//! templates, exceptions), checked against the user's role on the calendar (PRODUCT.md art. 4.3:
//! only the owner creates availability, enforced here — whatever the UI shows), previewed as the
//! slots patients would be offered, and published to Google Calendar as the plan of
//! `rdv_core::availability::publish` computes it.
//!
//! Google Calendar is the source of truth: what is published lives in the calendar — the
//! availability events, and beside them the configuration they came from, in the calendar's
//! configuration event (`rdv_core::availability::publish::shared`). Every installation of
//! everyone with access starts its editor from it (the practitioner's second computer, a
//! secretary), the role rule compares a change with it, never with a local file, and a publish
//! that would delete more published availability than it keeps needs a second, explicit
//! confirmation. The draft being edited is kept locally until it is published.
//!
//! Publishing:
//! 1. the existing availability events are read from Google (`privateExtendedProperty=
//!    rdv.kind=availability`, one listing) and their cancelled instances from the listing and
//!    the synced cache;
//! 2. the plan is the diff to the desired events over the publish window — from the window's
//!    first Monday (kept from one publish to the next, so an unchanged configuration writes
//!    nothing) to [`PUBLISH_WEEKS`] weeks after the current week;
//! 3. applying it, under the sync engine's lock: series and single events first (insert with
//!    their deterministic ids — a 409 after an interrupted run is the event we created, brought
//!    to the desired state), then updates, restored and cancelled instances, deletions; then a
//!    sync so the Agenda shows the result. Only past-free instances are compared: cancelled
//!    instances before now do not matter to patients.

use crate::ipc::{
    AccessRole, AvailabilityState, ClockChange, ClockDirection, ConfigProblem, HolidayInfo,
    PlanAction, PlanChange, PreviewSlot, PreviewType, PublishOutcome, PublishPreview,
    RemovalWarning, SlotPreview,
};
use crate::{App, AppError};
use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, TimeDelta, Utc};
use chrono_tz::Tz;
use rdv_core::Sensitive;
use rdv_core::Text;
use rdv_core::availability::publish::shared::{
    SharedConfig, config_event_id, config_resource, read_config_event,
};
use rdv_core::availability::publish::{
    self, DesiredEvent, EventBody, ExistingEvent, PublishPlan, Removal,
};
use rdv_core::availability::{
    Action, Booking, Busy, FileFormat, PracticeConfig, Role, SlotQuery, WeekParity,
    added_availability, compute_slots, ensure, ensure_change, holidays, validate, zone,
};
use rdv_core::conventions::{EventKind, KIND_KEY};
use rdv_google::calendar::{CalendarClient, CalendarError, Event, ListEvents};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::Path;

/// How many weeks after the current one availability is published.
pub const PUBLISH_WEEKS: i64 = 12;

/// How far ahead a change is compared to decide whether it creates availability (a year).
pub(crate) const CHANGE_HORIZON_DAYS: i64 = 366;

pub(crate) fn role_of(access_role: &str) -> Role {
    match access_role {
        "owner" => Role::Owner,
        "writer" => Role::Writer,
        "reader" => Role::Reader,
        _ => Role::FreeBusyReader,
    }
}

fn access_role(role: Role) -> AccessRole {
    match role {
        Role::Owner => AccessRole::Owner,
        Role::Writer => AccessRole::Writer,
        Role::Reader => AccessRole::Reader,
        Role::FreeBusyReader => AccessRole::FreeBusyReader,
    }
}

/// The Monday of `date`'s ISO week.
pub(crate) fn monday(date: NaiveDate) -> NaiveDate {
    date - TimeDelta::days(i64::from(date.weekday().num_days_from_monday()))
}

/// Reads a file to import, its size checked before it is read (and again while reading):
/// over [`rdv_core::import::MAX_IMPORT_BYTES`] it is refused with the limit, unparsed.
fn read_import(path: &Path) -> Result<String, AppError> {
    let unreadable = |fr: String, en: String| {
        AppError::invalid(
            format!("Fichier non importé — {fr}"),
            format!("File not imported — {en}"),
        )
    };
    let io = |e: std::io::Error| {
        AppError::invalid(
            format!("Impossible de lire le fichier : {e}"),
            format!("Cannot read the file: {e}"),
        )
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let size = file.metadata().map_err(io)?.len();
    rdv_core::import::check_size(size).map_err(|e| unreadable(e.to_string(), e.message_en()))?;
    rdv_core::import::read_text(file).map_err(|e| unreadable(e.to_string(), e.message_en()))
}

fn to_json(config: &PracticeConfig) -> Result<String, AppError> {
    serde_json::to_string(config).map_err(AppError::internal)
}

pub(crate) fn from_json(text: &str) -> Result<PracticeConfig, AppError> {
    PracticeConfig::parse(text, FileFormat::Json).map_err(|e| {
        AppError::internal(format_args!(
            "the saved availability configuration is damaged: {e}"
        ))
    })
}

/// What the calendar holds as its published configuration, read from Google.
enum Remote {
    /// The configuration event, with its ETag.
    Config(Box<SharedConfig>, Option<String>),
    /// No configuration event (never published by this version, or deleted).
    Absent,
}

/// A calendar's saved configuration, parsed, with what the state needs.
pub(crate) struct Saved {
    config: PracticeConfig,
    pub(crate) published: Option<PracticeConfig>,
    saved_at: Option<String>,
    published_at: Option<String>,
    window_from: Option<NaiveDate>,
}

impl App {
    pub(crate) fn now_utc(&self) -> DateTime<Utc> {
        self.clock.now().into()
    }

    /// The linked account's role on `calendar_id` and the calendar's zone.
    pub(crate) fn calendar_role(&self, calendar_id: &str) -> Result<(Role, Tz), AppError> {
        let row = self.calendar_row(calendar_id)?;
        let tz = row.time_zone.parse().unwrap_or(chrono_tz::Europe::Paris);
        Ok((role_of(&row.access_role), tz))
    }

    pub(crate) fn saved(&self, calendar_id: &str, tz: Tz) -> Result<Saved, AppError> {
        Ok(match self.store.availability(calendar_id)? {
            Some(row) => Saved {
                config: from_json(&row.config)?,
                published: row.published.as_deref().map(from_json).transpose()?,
                saved_at: Some(row.updated),
                published_at: row.published_at,
                window_from: row.window_from.and_then(|d| d.parse().ok()),
            },
            None => Saved {
                config: PracticeConfig {
                    time_zone: tz,
                    ..PracticeConfig::default()
                },
                published: None,
                saved_at: None,
                published_at: None,
                window_from: None,
            },
        })
    }

    /// Reads `calendar_id`'s configuration event from Google.
    async fn read_remote(&self, calendar_id: &str) -> Result<Remote, AppError> {
        let client = self.calendar_client().await?;
        let token = self.access_token().await?;
        let id = config_event_id(calendar_id);
        match client.get_event(&token, calendar_id, &id, None).await {
            Ok(event) => match read_config_event(&event) {
                Ok(Some(shared)) => Ok(Remote::Config(Box::new(shared), event.etag)),
                Ok(None) => Ok(Remote::Absent),
                Err(e) => Err(AppError::InvalidInput(e.text())),
            },
            Err(CalendarError::NotFound | CalendarError::Deleted) => Ok(Remote::Absent),
            Err(e) => Err(e.into()),
        }
    }

    /// Reads what `calendar_id` holds as published and makes it the local reference (and the
    /// draft, when the draft had no change of its own).
    async fn refresh_published(&self, calendar_id: &str) -> Result<Remote, AppError> {
        let remote = self.read_remote(calendar_id).await?;
        if let Remote::Config(shared, etag) = &remote {
            let json = to_json(&shared.config)?;
            let window_from = shared.window_from.to_string();
            let replaced = self.store.adopt_published_availability(
                calendar_id,
                &rdv_store::PublishedRow {
                    config: &json,
                    at: &shared.published_at,
                    window_from: &window_from,
                    etag: etag.as_deref(),
                },
            )?;
            tracing::debug!(replaced, "published availability configuration read");
        }
        Ok(remote)
    }

    /// Reads what `calendar_id` holds as published into the store (see `refresh_published`),
    /// for the use cases that need the published configuration (*Nouveau rendez-vous*).
    pub(crate) async fn read_published(&self, calendar_id: &str) -> Result<(), AppError> {
        self.refresh_published(calendar_id).await.map(|_| ())
    }

    fn today_in(&self, tz: Tz) -> NaiveDate {
        zone::local_date(tz, self.now_utc())
    }

    /// The problems of `config` as of today in its zone: the one validation the editor's
    /// state, [`App::check_availability`] and publishing share.
    fn problems(&self, config: &PracticeConfig) -> Vec<ConfigProblem> {
        let mut problems = validate(config, self.today_in(config.time_zone));
        // A retention period that cannot be read leaves the rule to the next check (publish).
        if let Ok(days) = self.retention_days() {
            problems.extend(rdv_core::availability::horizon_within_retention(
                &config.appointment_types,
                days,
            ));
        }
        problems
            .into_iter()
            .map(|p| ConfigProblem {
                code: p.code.as_str().to_owned(),
                path: p.path,
                message: p.message,
                message_en: p.message_en,
            })
            .collect()
    }

    fn state(&self, calendar_id: &str, role: Role, saved: Saved) -> AvailabilityState {
        let problems = self.problems(&saved.config);
        let today = self.today_in(saved.config.time_zone);
        let this_week_parity = if WeekParity::Odd.includes(today) {
            WeekParity::Odd
        } else {
            WeekParity::Even
        };
        AvailabilityState {
            calendar_id: calendar_id.to_owned(),
            role: access_role(role),
            can_create: rdv_core::availability::can(role, Action::CreateAvailability),
            can_modify: rdv_core::availability::can(role, Action::ModifyAvailability),
            unpublished_changes: saved.published.as_ref() != Some(&saved.config),
            config: saved.config,
            problems,
            this_week: today.iso_week().week(),
            this_week_parity,
            saved_at: saved.saved_at,
            published_at: saved.published_at,
        }
    }

    /// The availability configuration of `calendar_id` for its editor: what the calendar holds
    /// as published (read from Google; the copy last read when Google cannot be reached), or
    /// this installation's unpublished draft; a new, empty one in the calendar's zone when there
    /// is neither. With its problems and what the user's role lets them do.
    pub fn availability<'a>(
        &'a self,
        calendar_id: &'a str,
    ) -> crate::Task<'a, Result<AvailabilityState, AppError>> {
        Box::pin(async move {
            match self.refresh_published(calendar_id).await {
                Ok(_) => {}
                Err(e) if e.is_offline() => {
                    tracing::info!("Google unreachable: availability from the last copy read");
                }
                Err(e) => tracing::warn!(error = %e, "published availability not read"),
            }
            self.availability_cached(calendar_id)
        })
    }

    /// [`App::availability`] from what this installation last read, without asking Google.
    pub(crate) fn availability_cached(
        &self,
        calendar_id: &str,
    ) -> Result<AvailabilityState, AppError> {
        let (role, tz) = self.calendar_role(calendar_id)?;
        let saved = self.saved(calendar_id, tz)?;
        Ok(self.state(calendar_id, role, saved))
    }

    /// The problems `config` would have once saved for `calendar_id`, without saving it: the
    /// editor's forms ask before changing the draft (the same validation as
    /// [`App::save_availability`]'s answer).
    pub fn check_availability(
        &self,
        calendar_id: &str,
        config: &PracticeConfig,
    ) -> Result<Vec<ConfigProblem>, AppError> {
        self.calendar_role(calendar_id)?;
        Ok(self.problems(config))
    }

    /// Saves `config` for `calendar_id`, even with validation problems (they are returned, and
    /// publishing waits until they are fixed) — but only a change the user's role allows,
    /// compared with what the calendar holds as published: a secretary (`writer`) may shorten,
    /// remove or close published time, never open new time.
    pub fn save_availability(
        &self,
        calendar_id: &str,
        config: PracticeConfig,
    ) -> Result<AvailabilityState, AppError> {
        let (role, tz) = self.calendar_role(calendar_id)?;
        let mut saved = self.saved(calendar_id, tz)?;
        let today = self.today_in(config.time_zone);
        ensure_change(
            role,
            &published_or_empty(saved.published.as_ref(), config.time_zone),
            &config,
            today,
            today + TimeDelta::days(CHANGE_HORIZON_DAYS),
        )?;
        if config != saved.config || saved.saved_at.is_none() {
            let stamp = self.now_utc().to_rfc3339_opts(SecondsFormat::Secs, true);
            self.store
                .save_availability(calendar_id, &to_json(&config)?, &stamp)?;
            tracing::info!(
                templates = config.templates.len(),
                types = config.appointment_types.len(),
                "availability configuration saved"
            );
            saved.config = config;
            saved.saved_at = Some(stamp);
        }
        Ok(self.state(calendar_id, role, saved))
    }

    /// Reads a configuration file (TOML or JSON, docs/templates.md) and saves it for
    /// `calendar_id` as [`App::save_availability`] does. A file that cannot be read changes
    /// nothing and says where it is wrong.
    pub fn import_availability(
        &self,
        calendar_id: &str,
        path: &Path,
    ) -> Result<AvailabilityState, AppError> {
        let text = read_import(path)?;
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let config =
            PracticeConfig::parse(&text, FileFormat::detect(name, &text)).map_err(|e| {
                AppError::invalid(
                    format!("Fichier non importé — {e}"),
                    format!("File not imported — {e}"),
                )
            })?;
        self.save_availability(calendar_id, config)
    }

    /// Writes the saved configuration of `calendar_id` to `path`: JSON when the name ends in
    /// `.json`, TOML otherwise.
    pub fn export_availability(&self, calendar_id: &str, path: &Path) -> Result<(), AppError> {
        let (_, tz) = self.calendar_role(calendar_id)?;
        let saved = self.saved(calendar_id, tz)?;
        let json = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("json"));
        let format = if json {
            FileFormat::Json
        } else {
            FileFormat::Toml
        };
        let text = saved.config.to_text(format).map_err(AppError::internal)?;
        std::fs::write(path, text).map_err(|e| {
            AppError::invalid(
                format!("Impossible d'écrire le fichier : {e}"),
                format!("Cannot write the file: {e}"),
            )
        })?;
        tracing::info!("availability configuration exported");
        Ok(())
    }

    /// The slots patients would be offered in the week of `day` (Monday to Sunday) by `config`
    /// (the one being edited), given what is already in `calendar_id` — bookings and busy events
    /// from the local cache. Types not bookable online are included, flagged.
    pub fn preview_slots(
        &self,
        calendar_id: &str,
        config: &PracticeConfig,
        day: NaiveDate,
    ) -> Result<SlotPreview, AppError> {
        let tz = config.time_zone;
        let from = monday(day);
        let to = from + TimeDelta::days(7);
        let (start, end) = (
            zone::instant(tz, from, chrono::NaiveTime::MIN),
            zone::instant(tz, to, chrono::NaiveTime::MIN),
        );
        let mut busy = Vec::new();
        let mut bookings = Vec::new();
        for o in self.store.agenda(start, end)? {
            if o.calendar_id != calendar_id || o.transparent || o.all_day {
                continue;
            }
            match (o.kind, o.appointment_type) {
                (EventKind::Availability, _) => {}
                (EventKind::Booking, Some(type_id)) => bookings.push(Booking {
                    type_id,
                    start: o.start,
                    end: o.end,
                }),
                _ => busy.push(Busy {
                    start: o.start,
                    end: o.end,
                }),
            }
        }
        let query = SlotQuery {
            busy: &busy,
            bookings: &bookings,
            include_offline: true,
            ..SlotQuery::new(from, to, self.now_utc())
        };
        let computed =
            compute_slots(config, &query).map_err(|e| AppError::InvalidInput(e.text()))?;
        let stamp =
            |t: DateTime<chrono::FixedOffset>| t.to_rfc3339_opts(SecondsFormat::Secs, false);
        let clock_change = zone::clock_change_in_week(tz, from).map(|c| ClockChange {
            date: c.date.to_string(),
            from: c.from.format("%H:%M").to_string(),
            to: c.to.format("%H:%M").to_string(),
            direction: if c.forward {
                ClockDirection::Summer
            } else {
                ClockDirection::Winter
            },
        });
        Ok(SlotPreview {
            clock_change,
            week_start: from.to_string(),
            time_zone: tz.name().to_owned(),
            types: computed
                .into_iter()
                .map(|t| PreviewType {
                    colour: config
                        .appointment_type(&t.type_id)
                        .map(|a| a.colour.clone())
                        .unwrap_or_default(),
                    type_id: t.type_id,
                    name: t.name,
                    duration_minutes: t.duration_minutes,
                    bookable_online: t.bookable_online,
                    slots: t
                        .slots
                        .into_iter()
                        .map(|s| PreviewSlot {
                            start: stamp(s.start_local),
                            end: stamp(s.end_local),
                        })
                        .collect(),
                })
                .collect(),
        })
    }

    /// The public holidays between `from` and `to` (inclusive) under `config`'s policy, and
    /// whether each closes the weekly ranges.
    pub fn availability_holidays(
        config: &PracticeConfig,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Vec<HolidayInfo> {
        let mut out = Vec::new();
        for year in from.year()..=to.year() {
            for (date, holiday) in holidays(year, config.holidays.region) {
                if date < from || date > to {
                    continue;
                }
                out.push(HolidayInfo {
                    date: date.to_string(),
                    id: holiday.id().to_owned(),
                    name: holiday.name_fr().to_owned(),
                    closes: config.holidays.closing(date).is_some(),
                });
            }
        }
        out
    }

    /// What *Publier* would write to `calendar_id` now, for the confirmation dialog. Reads the
    /// calendar's availability events from Google.
    pub fn plan_publish(
        &self,
        calendar_id: &str,
    ) -> crate::Task<'_, Result<PublishPreview, AppError>> {
        let calendar_id = calendar_id.to_owned();
        Box::pin(async move {
            let prepared = self.prepare_publish(&calendar_id).await?;
            Ok(prepared.preview(&calendar_id))
        })
    }

    /// Applies the plan the user confirmed (`fingerprint` from [`App::plan_publish`]); if the
    /// calendar or the configuration changed since, nothing is written and the error says to
    /// review the new plan. A plan that deletes more published availability than it keeps
    /// ([`PublishPreview::removal`]) is applied only with `confirm_removal`, the user's second,
    /// explicit confirmation; without it nothing is written.
    pub fn publish_availability(
        &self,
        calendar_id: &str,
        fingerprint: &str,
        confirm_removal: bool,
    ) -> crate::Task<'_, Result<PublishOutcome, AppError>> {
        let calendar_id = calendar_id.to_owned();
        let fingerprint = fingerprint.to_owned();
        Box::pin(async move {
            let outcome = {
                let _no_sync_meanwhile = self.sync.lock.lock().await;
                let prepared = self.prepare_publish(&calendar_id).await?;
                if prepared.fingerprint != fingerprint {
                    return Err(AppError::PlanChanged);
                }
                if let Some(removal) = prepared.plan.removal()
                    && !confirm_removal
                {
                    return Err(AppError::RemovalNotConfirmed(Text::new(
                        removal.warning_fr(),
                        removal.warning_en(),
                    )));
                }
                let (writes, etag) = self.apply_plan(&calendar_id, &prepared).await?;
                let stamp = prepared.shared.published_at.clone();
                self.store.mark_availability_published(
                    &calendar_id,
                    &rdv_store::PublishedRow {
                        config: &to_json(&prepared.config)?,
                        at: &stamp,
                        window_from: &prepared.from.to_string(),
                        etag: etag.as_deref(),
                    },
                )?;
                tracing::info!(writes, "availability published");
                PublishOutcome {
                    writes: u32::try_from(writes).unwrap_or(u32::MAX),
                    published_at: stamp,
                }
            };
            // Through the sync engine, so the Agenda shows what was published.
            let _ = self.sync_now().await;
            // The booking site offers the same appointment types and rules.
            if let Err(e) = self.push_site_types(&calendar_id).await {
                tracing::warn!(error = %e, "appointment types not sent to the booking site");
            }
            Ok(outcome)
        })
    }

    async fn prepare_publish(&self, calendar_id: &str) -> Result<Prepared, AppError> {
        let (role, tz) = self.calendar_role(calendar_id)?;
        // What the calendar holds now, never a copy: the plan and the role rule compare with it.
        let remote = self.refresh_published(calendar_id).await?;
        let saved = self.saved(calendar_id, tz)?;
        let config = saved.config;
        let now = self.now_utc();
        let today = zone::local_date(config.time_zone, now);
        let mut problems = validate(&config, today);
        problems.extend(rdv_core::availability::horizon_within_retention(
            &config.appointment_types,
            self.retention_days()?,
        ));
        if let Some(first) = problems.first() {
            let (count, plural) = (problems.len(), if problems.len() > 1 { "s" } else { "" });
            let why = first.text();
            return Err(AppError::invalid(
                format!(
                    "Corrigez d'abord les disponibilités avant de publier ({count} problème{plural}) : {}",
                    why.fr
                ),
                format!(
                    "Fix the availability before publishing ({count} problem{plural}): {}",
                    why.en
                ),
            ));
        }
        ensure(role, Action::ModifyAvailability)?;
        if !rdv_core::availability::can(role, Action::CreateAvailability) {
            let before = published_or_empty(saved.published.as_ref(), config.time_zone);
            let horizon = today + TimeDelta::days(CHANGE_HORIZON_DAYS);
            if !added_availability(&before, &config, today, horizon).is_empty() {
                ensure(role, Action::CreateAvailability)?;
            }
        }
        let existing = self.existing_availability(calendar_id, now).await?;
        let this_monday = monday(today);
        let from = saved
            .window_from
            .map_or(this_monday, |f| f.min(this_monday));
        let to = this_monday + TimeDelta::weeks(PUBLISH_WEEKS + 1);
        let mut desired = publish::desired_events(&config, calendar_id, from, to);
        for d in &mut desired {
            d.cancelled_starts.retain(|s| *s >= now);
        }
        let plan = publish::plan(&desired, &existing);
        let remote_etag = match &remote {
            Remote::Config(_, etag) => etag.clone(),
            // Availability published without its configuration (by an earlier version, from
            // another computer): this installation does not know what it stands for, and its
            // editor, started from nothing, would delete it. The computer that published it
            // must publish once more (which writes the configuration); nothing is written here.
            Remote::Absent if saved.published.is_none() && !plan.deletes.is_empty() => {
                return Err(AppError::invalid(
                    "Les disponibilités de cet agenda ont été publiées sans leurs réglages (par \
                     une version précédente de RDV Compagnon, depuis un autre ordinateur). \
                     Publiez-les une fois depuis cet ordinateur-là, avec la version à jour : \
                     elles pourront ensuite être modifiées ici.",
                    "This calendar's availability was published without its settings (by an \
                     earlier version of RDV Compagnon, from another computer). Publish it once \
                     from that computer, with the current version: it can then be changed here.",
                ));
            }
            Remote::Absent => None,
        };
        // The configuration event changes only with what it holds (never for a mere re-publish).
        let config_write = match &remote {
            Remote::Config(shared, _) => shared.config != config || shared.window_from != from,
            Remote::Absent => true,
        };
        let shared = SharedConfig {
            config: config.clone(),
            window_from: from,
            published_at: now.to_rfc3339_opts(SecondsFormat::Secs, true),
            published_by: self.account_email().unwrap_or_default(),
        };
        // Refused before anything is written when it cannot be stored whole.
        config_resource(&shared, None).map_err(|e| AppError::InvalidInput(e.text()))?;
        let fingerprint = fingerprint(&plan, config_write, remote_etag.as_deref());
        Ok(Prepared {
            config,
            from,
            to,
            plan,
            existing,
            fingerprint,
            shared,
            config_write,
            remote_etag,
        })
    }

    /// Writes the calendar's configuration event (after the availability events, so that an
    /// interrupted publish leaves the previous configuration beside what it describes and is
    /// simply re-run). Returns the event's new ETag.
    async fn write_shared_config(
        &self,
        client: &CalendarClient,
        token: &Sensitive<String>,
        calendar_id: &str,
        prepared: &Prepared,
    ) -> Result<Option<String>, AppError> {
        let id = config_event_id(calendar_id);
        let event = |with_id: bool| -> Result<Event, AppError> {
            config_resource(&prepared.shared, with_id.then_some(id.as_str()))
                .map_err(|e| AppError::InvalidInput(e.text()))
        };
        let written = match &prepared.remote_etag {
            Some(etag) => {
                client
                    .update_event(token, calendar_id, &id, &event(false)?, Some(etag))
                    .await?
            }
            None => match client.insert_event(token, calendar_id, &event(true)?).await {
                Ok(e) => e,
                // Ours from an interrupted publish, or deleted by hand: brought back.
                Err(CalendarError::Duplicate) => {
                    let mut update = event(false)?;
                    update.status = Some("confirmed".into());
                    client
                        .update_event(token, calendar_id, &id, &update, None)
                        .await?
                }
                Err(e) => return Err(e.into()),
            },
        };
        Ok(written.etag)
    }

    /// The calendar's availability events (masters and single events), with their cancelled
    /// instances from the listing and the synced cache, keeping only instances after `now`.
    async fn existing_availability(
        &self,
        calendar_id: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<ExistingEvent>, AppError> {
        let client = self.calendar_client().await?;
        let token = self.access_token().await?;
        let mut items = Vec::new();
        let mut page_token: Option<String> = None;
        let mut pager = rdv_google::calendar::Pager::default();
        loop {
            let base = ListEvents {
                private_extended_property: vec![format!("{KIND_KEY}=availability")],
                ..ListEvents::default()
            };
            let request = match page_token.take() {
                Some(p) => base.page(p),
                None => base,
            };
            let page = client.list_events(&token, calendar_id, &request).await?;
            items.extend(page.items);
            match pager
                .next(page.next_page_token)
                .map_err(AppError::Calendar)?
            {
                Some(next) => page_token = Some(next),
                None => break,
            }
        }
        let mut existing = publish::google::existing_events(&items);
        for e in &mut existing {
            if e.body.recurrence.is_empty() {
                continue;
            }
            let mut ids = std::mem::take(&mut e.cancelled_instances);
            ids.extend(self.store.cancelled_instances(calendar_id, &e.id)?);
            ids.retain(|i| {
                rdv_store::events::parse_instance_id(i).is_some_and(|(_, start)| start.utc() >= now)
            });
            e.cancelled_instances = ids;
        }
        Ok(existing)
    }

    /// Executes `prepared.plan`, then writes the configuration event when it changes; returns
    /// the number of writes made and the configuration event's ETag.
    async fn apply_plan(
        &self,
        calendar_id: &str,
        prepared: &Prepared,
    ) -> Result<(usize, Option<String>), AppError> {
        let client = self.calendar_client().await?;
        let token = self.access_token().await?;
        let plan = &prepared.plan;
        let total = u32::try_from(prepared.write_count()).unwrap_or(u32::MAX);
        let mut writes = 0usize;
        let mut done = 0u32;
        let mut step = |writes_made: usize| {
            writes += writes_made;
            done += 1;
            self.sink.publish_progress(calendar_id, done, total);
        };
        for d in &plan.creates {
            step(create(&client, &token, calendar_id, d).await?);
        }
        for p in &plan.patches {
            let event = publish::google::resource(&p.body, None);
            client
                .update_event(&token, calendar_id, &p.id, &event, p.etag.as_deref())
                .await?;
            step(1);
        }
        for i in &plan.restores {
            let status = serde_json::json!({ "status": "confirmed" });
            client
                .patch_event(&token, calendar_id, &i.instance_id, &status, None)
                .await?;
            step(1);
        }
        for i in &plan.cancels {
            match client
                .delete_event(&token, calendar_id, &i.instance_id, None)
                .await
            {
                Ok(()) | Err(CalendarError::Deleted) => step(1),
                Err(e) => return Err(e.into()),
            }
        }
        for d in &plan.deletes {
            match client
                .delete_event(&token, calendar_id, &d.id, d.etag.as_deref())
                .await
            {
                Ok(()) | Err(CalendarError::Deleted | CalendarError::NotFound) => step(1),
                Err(e) => return Err(e.into()),
            }
        }
        let etag = if prepared.config_write {
            let etag = self
                .write_shared_config(&client, &token, calendar_id, prepared)
                .await?;
            step(1);
            etag
        } else {
            prepared.remote_etag.clone()
        };
        Ok((writes, etag))
    }
}

/// `published`, or an empty configuration in `tz` when nothing is published: what a change is
/// compared with by the role rule.
pub(crate) fn published_or_empty(published: Option<&PracticeConfig>, tz: Tz) -> PracticeConfig {
    published.cloned().unwrap_or(PracticeConfig {
        time_zone: tz,
        ..PracticeConfig::default()
    })
}

/// Inserts `d` with its deterministic id. A `409` means the id is taken: by this very event from
/// an interrupted publish (brought to the desired state), or by a deleted one (restored).
async fn create(
    client: &CalendarClient,
    token: &Sensitive<String>,
    calendar_id: &str,
    d: &DesiredEvent,
) -> Result<usize, AppError> {
    let event = publish::google::resource(&d.body, Some(&d.id));
    match client.insert_event(token, calendar_id, &event).await {
        Ok(_) => Ok(1),
        Err(CalendarError::Duplicate) => {
            let current = client.get_event(token, calendar_id, &d.id, None).await?;
            if !current.is_cancelled() && publish::google::body(&current).as_ref() == Some(&d.body)
            {
                return Ok(0);
            }
            let mut event = publish::google::resource(&d.body, None);
            event.status = Some("confirmed".into());
            client
                .update_event(token, calendar_id, &d.id, &event, current.etag.as_deref())
                .await?;
            Ok(1)
        }
        Err(e) => Err(e.into()),
    }
}

/// What was computed for a publish.
struct Prepared {
    config: PracticeConfig,
    from: NaiveDate,
    to: NaiveDate,
    plan: PublishPlan,
    existing: Vec<ExistingEvent>,
    fingerprint: String,
    /// The configuration event to write.
    shared: SharedConfig,
    /// Whether it differs from what the calendar holds.
    config_write: bool,
    /// The configuration event's ETag as read, if there is one.
    remote_etag: Option<String>,
}

impl Prepared {
    /// API writes in all: the plan's, and the configuration event's when it changes.
    fn write_count(&self) -> usize {
        self.plan.write_count() + usize::from(self.config_write)
    }

    fn preview(&self, calendar_id: &str) -> PublishPreview {
        let plan = &self.plan;
        let bodies: HashMap<&str, &EventBody> = self
            .existing
            .iter()
            .map(|e| (e.id.as_str(), &e.body))
            .collect();
        let mut changes = Vec::new();
        for d in &plan.creates {
            changes.push(change(PlanAction::Create, &d.body, None));
        }
        for p in &plan.patches {
            let mut c = change(PlanAction::Update, &p.body, None);
            c.fields = p.changed.iter().map(|f| (*f).to_owned()).collect();
            changes.push(c);
        }
        for (action, list) in [
            (PlanAction::Reopen, &plan.restores),
            (PlanAction::Close, &plan.cancels),
        ] {
            for i in list {
                let body = bodies.get(i.master_id.as_str()).copied().or_else(|| {
                    plan.creates
                        .iter()
                        .find(|d| d.id == i.master_id)
                        .map(|d| &d.body)
                });
                if let Some(body) = body {
                    let date =
                        rdv_store::events::parse_instance_id(&i.instance_id).map(|(_, s)| s.utc());
                    changes.push(change(action, body, date));
                }
            }
        }
        for d in &plan.deletes {
            if let Some(body) = bodies.get(d.id.as_str()) {
                changes.push(change(PlanAction::Delete, body, None));
            }
        }
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let summary_fr = match (plan.write_count(), self.config_write) {
            (0, true) => "Réglages mis à jour (motifs, règles de réservation)".to_owned(),
            _ => plan.summary_fr(),
        };
        PublishPreview {
            calendar_id: calendar_id.to_owned(),
            window_from: self.from.to_string(),
            window_to: (self.to - TimeDelta::days(1)).to_string(),
            creates: count(plan.creates.len()),
            updates: count(plan.patches.len()),
            deletes: count(plan.deletes.len()),
            closes: count(plan.cancels.len()),
            reopens: count(plan.restores.len()),
            writes: count(self.write_count()),
            summary_fr,
            changes,
            removal: plan.removal().map(|r| removal_warning(&r)),
            fingerprint: self.fingerprint.clone(),
        }
    }
}

/// One line of the plan for the dialog; `on`: the date of a closed or reopened instance.
fn change(action: PlanAction, body: &EventBody, on: Option<DateTime<Utc>>) -> PlanChange {
    let rule = body.recurrence.first().map(String::as_str).unwrap_or("");
    let every_two = rule.contains("INTERVAL=2");
    let tz: Tz = body.time_zone.parse().unwrap_or(chrono_tz::Europe::Paris);
    let date = on.map_or(body.start.date(), |t| zone::local_date(tz, t));
    let until = rule
        .split(';')
        .find_map(|p| p.strip_prefix("UNTIL="))
        .and_then(|u| chrono::NaiveDateTime::parse_from_str(u, "%Y%m%dT%H%M%SZ").ok())
        .map(|u| zone::local_date(tz, u.and_utc()).to_string());
    PlanChange {
        action,
        summary: body.summary.clone(),
        date: date.to_string(),
        start_time: body.start.format("%H:%M").to_string(),
        end_time: body.end.format("%H:%M").to_string(),
        weekly: !rule.is_empty() && on.is_none(),
        every_two_weeks: every_two,
        until: if on.is_none() { until } else { None },
        fields: Vec::new(),
    }
}

/// The plan dialog's warning for a plan that removes most published availability.
fn removal_warning(r: &Removal) -> RemovalWarning {
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    RemovalWarning {
        deleted: count(r.deleted),
        published: count(r.published),
        created: count(r.created),
        message: r.warning_fr(),
        message_en: r.warning_en(),
    }
}

/// A stable digest of the plan's writes (and of the configuration event's, against the version
/// read), so the user confirms exactly what is applied.
fn fingerprint(plan: &PublishPlan, config_write: bool, remote_etag: Option<&str>) -> String {
    let mut h = std::hash::DefaultHasher::new();
    (config_write, remote_etag).hash(&mut h);
    for d in &plan.creates {
        (&d.id, format!("{:?}", d.body)).hash(&mut h);
    }
    for p in &plan.patches {
        (&p.id, &p.etag, format!("{:?}", p.body)).hash(&mut h);
    }
    for list in [&plan.cancels, &plan.restores] {
        for i in list {
            i.instance_id.hash(&mut h);
        }
    }
    for d in &plan.deletes {
        (&d.id, &d.etag).hash(&mut h);
    }
    plan.write_count().hash(&mut h);
    format!("{:016x}", h.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_week_of_a_day_starts_on_monday() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        assert_eq!(monday(d("2026-11-26")), d("2026-11-23"));
        assert_eq!(monday(d("2026-11-23")), d("2026-11-23"));
        assert_eq!(monday(d("2026-11-29")), d("2026-11-23"));
    }
}
