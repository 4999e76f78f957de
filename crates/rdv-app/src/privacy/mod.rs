//! Personal-data retention and erasure (PRODUCT.md art. 8, 8.2, 8.3).
//!
//! - **Retention**, on by default: 90, 120 (default) or 240 days after the booking was made,
//!   never before the appointment has ended (the one rule: [`rdv_core::retention`]). The cache's
//!   bookings due under it lose name, phone, email and note, at start-up and every few hours.
//!   Each purge is logged with counts. The first purge that erases a booking (on a new
//!   installation, or after the upgrade that turned retention on) leaves a notice the UI shows
//!   until dismissed: how many appointments, of which dates, the period. A dry run shows what a purge would do.
//!   Optionally (confirmed by the user) the same is done to the past Google events, keeping the
//!   time slot.
//! - **Erasure request** ([`erasure`]): a person's bookings found by email or phone however
//!   typed, in every event of the writable calendars, on the site and in the cache, shown, then
//!   anonymised everywhere through a pending record that survives errors and crashes; the
//!   report says what was erased where, and what was not and why, without repeating the data.

mod erasure;

use crate::ipc::{PurgeEntry, RetentionNotice, RetentionPreview, RetentionState};
use crate::{App, AppError};
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use rdv_core::conventions::{
    BOOKED_AT_KEY, EMAIL_KEY, FIRST_NAME_KEY, KIND_KEY, LAST_NAME_KEY, NOTE_KEY, PHONE_KEY,
};
use rdv_core::retention::{self, BookingTimes};
use rdv_google::calendar::{CalendarClient, Event, ListEvents};
use rdv_store::{FirstPurge, StoreError};
use serde_json::json;

pub(crate) const DAYS: &str = "retention.days";
/// `1` once a purge has erased a booking: set by the first one, with its notice (before
/// retention was on by default, by the practitioner confirming the first dry run — same key, so
/// those installations see no new notice).
pub(crate) const STARTED: &str = "retention.confirmed";
/// The notice of the first purge that erased a booking (JSON [`RetentionNotice`]) until the
/// practitioner dismisses it.
pub(crate) const NOTICE: &str = "retention.notice";
/// The retention periods the service offers.
pub const PERIODS: [u32; 3] = [90, 120, 240];
/// The default period.
pub const DEFAULT_DAYS: u32 = 120;
/// How often the scheduled purge runs.
pub const PURGE_EVERY: std::time::Duration = std::time::Duration::from_secs(6 * 3600);

pub(crate) fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The patch that removes a booking's patient data from its Google event, keeping its time
/// slot and type: the private fields go, the title keeps the type only.
pub(crate) fn anonymising_patch(e: &Event) -> serde_json::Value {
    let summary = e
        .summary
        .as_ref()
        .map(|s| {
            s.expose()
                .split(" – ")
                .next()
                .unwrap_or("")
                .trim()
                .to_owned()
        })
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "Rendez-vous".into());
    json!({
        "summary": summary,
        "description": null,
        "extendedProperties": {"private": {
            FIRST_NAME_KEY: null, LAST_NAME_KEY: null, PHONE_KEY: null, EMAIL_KEY: null, NOTE_KEY: null,
        }},
    })
}

fn holds_patient_data(e: &Event) -> bool {
    [
        FIRST_NAME_KEY,
        LAST_NAME_KEY,
        PHONE_KEY,
        EMAIL_KEY,
        NOTE_KEY,
    ]
    .iter()
    .any(|k| e.private_property(k).is_some())
        || e.summary
            .as_ref()
            .is_some_and(|s| s.expose().contains(" – "))
}

impl App {
    pub(crate) fn retention_days(&self) -> Result<u32, AppError> {
        Ok(self
            .store
            .setting(DAYS)?
            .and_then(|d| d.parse().ok())
            .filter(|d| PERIODS.contains(d))
            .unwrap_or(DEFAULT_DAYS))
    }

    /// The start of the retention period now: bookings made before it are purged once their
    /// appointment has ended (so history and search stop there).
    pub(crate) fn retention_cutoff(&self) -> Result<DateTime<Utc>, AppError> {
        Ok(self.now_utc() - Duration::days(i64::from(self.retention_days()?)))
    }

    /// The retention period, the first purge's notice (until dismissed), and the log.
    pub fn retention_state(&self) -> Result<RetentionState, AppError> {
        Ok(RetentionState {
            days: self.retention_days()?,
            periods: PERIODS.to_vec(),
            default_days: DEFAULT_DAYS,
            notice: self
                .store
                .setting(NOTICE)?
                .and_then(|n| serde_json::from_str(&n).ok()),
            log: self
                .store
                .purge_log(20)?
                .into_iter()
                .map(|r| PurgeEntry {
                    at: r.at,
                    cutoff: r.cutoff,
                    kind: r.kind,
                    bookings: u32::try_from(r.bookings).unwrap_or(u32::MAX),
                })
                .collect(),
        })
    }

    /// Sets the period (90, 120 or 240 days) and tells the linked booking site, which applies
    /// the same period to its own records. Saved here first: when the site cannot be told, the
    /// error says so and the period stays set on this computer.
    pub fn set_retention_days(
        &self,
        days: u32,
    ) -> crate::Task<'_, Result<RetentionState, AppError>> {
        Box::pin(async move {
            if !PERIODS.contains(&days) {
                return Err(AppError::invalid(
                    "La durée de conservation est de 90, 120 ou 240 jours.",
                    "The retention period is 90, 120 or 240 days.",
                ));
            }
            self.horizons_within(days)?;
            self.store.set_setting(DAYS, &days.to_string())?;
            self.push_retention(u16::try_from(days).unwrap_or(120))
                .await?;
            self.retention_state()
        })
    }

    /// Refuses a retention period shorter than a booking horizon of an availability
    /// configuration saved here (rdv_core's rule, PRODUCT.md art. 8.3): the message names the
    /// type and what to change.
    fn horizons_within(&self, days: u32) -> Result<(), AppError> {
        for calendar in self.store.calendars()? {
            let Some(row) = self.store.availability(&calendar.id)? else {
                continue;
            };
            // A damaged saved configuration is reported where it is edited, not here.
            let Ok(config) = crate::availability::from_json(&row.config) else {
                continue;
            };
            let problems =
                rdv_core::availability::horizon_within_retention(&config.appointment_types, days);
            if let Some(first) = problems.first() {
                return Err(AppError::invalid(
                    first.message.clone(),
                    first.message_en.clone(),
                ));
            }
        }
        Ok(())
    }

    /// What a purge would remove now (the dry run, in Réglages).
    pub fn retention_preview(&self) -> Result<RetentionPreview, AppError> {
        self.ensure_unlocked()?;
        let held = self
            .store
            .held_due(self.now_utc(), self.retention_days()?)?;
        Ok(RetentionPreview {
            cutoff: stamp(self.retention_cutoff()?),
            count: u32::try_from(held.len()).unwrap_or(u32::MAX),
            starts: held.into_iter().map(|h| h.start).take(500).collect(),
        })
    }

    /// Forgets the first purge's notice (the practitioner read it); the purge log keeps it.
    pub fn dismiss_retention_notice(&self) -> Result<RetentionState, AppError> {
        self.store.delete_setting(NOTICE)?;
        self.retention_state()
    }

    /// Purges the cache now (retention is on by default); returns how many bookings lost their
    /// personal data. The first purge that erases a booking leaves the notice
    /// [`RetentionState::notice`], written in the purge's transaction (store-level); a purge
    /// that erases nothing leaves none, so a new installation's first start says nothing.
    pub fn purge_now(&self) -> Result<usize, AppError> {
        let now = self.now_utc();
        let days = self.retention_days()?;
        let notice = |purged: &[rdv_store::HeldBooking]| {
            let mut starts: Vec<&str> = purged.iter().map(|h| h.start.as_str()).collect();
            starts.sort_unstable();
            let notice = RetentionNotice {
                at: stamp(now),
                days,
                bookings: u32::try_from(purged.len()).unwrap_or(u32::MAX),
                first_start: starts.first().map(|s| (*s).to_owned()),
                last_start: starts.last().map(|s| (*s).to_owned()),
            };
            serde_json::to_string(&notice).map_err(|e| StoreError::Invalid(e.to_string()))
        };
        let purged = self.store.purge_due(
            now,
            days,
            Some(&FirstPurge {
                started_key: STARTED,
                notice_key: NOTICE,
                notice: &notice,
            }),
        )?;
        let n = purged.bookings.len();
        if purged.first {
            tracing::info!(bookings = n, days, "first purge: retention is on");
        }
        if n > 0 {
            tracing::info!(
                bookings = n,
                "personal data past the retention period purged"
            );
            self.sink.data_changed();
        }
        Ok(n)
    }

    /// Purges at start-up and every [`PURGE_EVERY`].
    pub fn run_retention(&self) -> crate::Task<'_, ()> {
        Box::pin(async move {
            loop {
                if let Err(e) = self.purge_now() {
                    tracing::warn!(error = %e, "scheduled purge failed");
                }
                tokio::time::sleep(PURGE_EVERY).await;
            }
        })
    }

    /// Removes the patient data of the Google bookings due under the retention rule
    /// ([`rdv_core::retention`], as the local purge), keeping their time slots, in every
    /// calendar the account may write to. Recurring bookings are listed one occurrence at a time:
    /// each passes with its own end. Returns how many events were changed.
    pub fn scrub_google_past(&self) -> crate::Task<'_, Result<u32, AppError>> {
        Box::pin(async move {
            self.ensure_unlocked()?;
            let now = self.now_utc();
            let days = self.retention_days()?;
            let client = self.calendar_client().await?;
            let token = self.access_token().await?;
            let mut changed = 0;
            for cal in self.store.calendars()? {
                if !matches!(cal.access_role.as_str(), "owner" | "writer") {
                    continue;
                }
                // Only appointments that started before now can have passed.
                let list = ListEvents {
                    time_max: Some(now),
                    private_extended_property: vec![format!("{KIND_KEY}=booking")],
                    single_events: true,
                    ..ListEvents::default()
                };
                for e in all_events(&client, &token, &cal.id, list).await? {
                    if !is_due(&e, days, now) || !holds_patient_data(&e) {
                        continue;
                    }
                    if let Some(id) = &e.id {
                        client
                            .patch_event(&token, &cal.id, id, &anonymising_patch(&e), None)
                            .await?;
                        changed += 1;
                    }
                }
            }
            tracing::info!(events = changed, "past Google events anonymised");
            let _ = self.sync_now().await;
            Ok(changed)
        })
    }
}

/// Whether a Google booking is due under the retention rule: booked at its `rdv.bookedAt`, else
/// Google's `created`; passed at its end. An event without a timed start and end is left alone.
fn is_due(e: &Event, days: u32, now: DateTime<Utc>) -> bool {
    let at = |t: Option<&rdv_core::google::EventDateTime>| {
        t.and_then(|t| t.date_time).map(|t| t.with_timezone(&Utc))
    };
    let (Some(start), Some(end)) = (at(e.start.as_ref()), at(e.end.as_ref())) else {
        return false;
    };
    BookingTimes {
        booked_at: retention::instant(
            e.private_property(BOOKED_AT_KEY)
                .map(|v| v.expose().as_str()),
        ),
        created: e.created,
        start,
        last_end: Some(end),
    }
    .is_due(days, now)
}

/// Every page of a listing.
pub(crate) async fn all_events(
    client: &CalendarClient,
    token: &rdv_core::Sensitive<String>,
    calendar_id: &str,
    list: ListEvents,
) -> Result<Vec<Event>, AppError> {
    let mut out = Vec::new();
    let mut page: Option<String> = None;
    let mut pager = rdv_google::calendar::Pager::default();
    loop {
        let request = match page.take() {
            Some(p) => list.page(p),
            None => list.clone(),
        };
        let answer = client.list_events(token, calendar_id, &request).await?;
        out.extend(answer.items);
        match pager
            .next(answer.next_page_token)
            .map_err(AppError::Calendar)?
        {
            Some(next) => page = Some(next),
            None => return Ok(out),
        }
    }
}
