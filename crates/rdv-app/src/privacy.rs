//! Personal-data retention and erasure (PRODUCT.md art. 8, 8.2, 8.3).
//!
//! - **Retention**: 90, 120 (default) or 240 days after the booking. The cache's bookings older
//!   than that lose name, phone, email and note, at start-up and every few hours — once the
//!   practitioner has seen the first dry run and confirmed. Each purge is logged with counts.
//!   Optionally (confirmed by the user) the same is done to the past Google events, keeping the
//!   time slot.
//! - **Erasure request**: a person's bookings found by email or phone in the cache and the
//!   calendars (Google's `privateExtendedProperty` filter), shown, then anonymised everywhere;
//!   the report says what was erased and when, without repeating the data.

use crate::ipc::{ErasureMatch, ErasureReport, PurgeEntry, RetentionPreview, RetentionState};
use crate::{App, AppError};
use chrono::{DateTime, Duration, SecondsFormat, Utc};
use rdv_core::conventions::{
    EMAIL_KEY, FIRST_NAME_KEY, KIND_KEY, LAST_NAME_KEY, NOTE_KEY, PHONE_KEY,
};
use rdv_google::calendar::{CalendarClient, Event, ListEvents};
use rdv_store::HeldBooking;
use serde_json::json;

const DAYS: &str = "retention.days";
const CONFIRMED: &str = "retention.confirmed";
/// The retention periods the service offers.
pub const PERIODS: [u32; 3] = [90, 120, 240];
/// The default period.
pub const DEFAULT_DAYS: u32 = 120;
/// How often the scheduled purge runs.
pub const PURGE_EVERY: std::time::Duration = std::time::Duration::from_secs(6 * 3600);

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// The patch that removes a booking's patient data from its Google event, keeping its time
/// slot and type: the private fields go, the title keeps the type only.
fn anonymising_patch(e: &Event) -> serde_json::Value {
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
    fn retention_days(&self) -> Result<u32, AppError> {
        Ok(self
            .store
            .setting(DAYS)?
            .and_then(|d| d.parse().ok())
            .filter(|d| PERIODS.contains(d))
            .unwrap_or(DEFAULT_DAYS))
    }

    fn cutoff(&self) -> Result<DateTime<Utc>, AppError> {
        Ok(self.now_utc() - Duration::days(i64::from(self.retention_days()?)))
    }

    /// The retention period, whether purging is on (after the first dry run), and the log.
    pub fn retention_state(&self) -> Result<RetentionState, AppError> {
        Ok(RetentionState {
            days: self.retention_days()?,
            confirmed: self.store.setting(CONFIRMED)?.as_deref() == Some("1"),
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

    /// Sets the period (90, 120 or 240 days).
    pub fn set_retention_days(&self, days: u32) -> Result<RetentionState, AppError> {
        if !PERIODS.contains(&days) {
            return Err(AppError::InvalidInput(
                "La durée de conservation est de 90, 120 ou 240 jours.".into(),
            ));
        }
        self.store.set_setting(DAYS, &days.to_string())?;
        self.retention_state()
    }

    /// What a purge would remove now (the dry run shown before the first purge).
    pub fn retention_preview(&self) -> Result<RetentionPreview, AppError> {
        self.ensure_unlocked()?;
        let cutoff = self.cutoff()?;
        let held = self.store.held_before(cutoff)?;
        Ok(RetentionPreview {
            cutoff: stamp(cutoff),
            count: u32::try_from(held.len()).unwrap_or(u32::MAX),
            starts: held.into_iter().map(|h| h.start).take(500).collect(),
        })
    }

    /// Confirms the purge after the dry run, and purges now.
    pub fn confirm_retention(&self) -> Result<RetentionState, AppError> {
        self.store.set_setting(CONFIRMED, "1")?;
        self.purge_now()?;
        self.retention_state()
    }

    /// Purges the cache now if the practitioner confirmed the purge; returns how many bookings
    /// lost their personal data.
    pub fn purge_now(&self) -> Result<usize, AppError> {
        if self.store.setting(CONFIRMED)?.as_deref() != Some("1") {
            return Ok(0);
        }
        let n = self.store.purge_before(self.cutoff()?, self.now_utc())?;
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

    /// Removes the patient data of the past Google events beyond the period (keeping their time
    /// slots), in every calendar the account may write to. Returns how many events were changed.
    pub fn scrub_google_past(&self) -> crate::Task<'_, Result<u32, AppError>> {
        Box::pin(async move {
            self.ensure_unlocked()?;
            let cutoff = self.cutoff()?;
            let client = self.calendar_client().await?;
            let token = self.access_token().await?;
            let mut changed = 0;
            for cal in self.store.calendars()? {
                if !matches!(cal.access_role.as_str(), "owner" | "writer") {
                    continue;
                }
                let list = ListEvents {
                    time_max: Some(cutoff),
                    private_extended_property: vec![format!("{KIND_KEY}=booking")],
                    single_events: true,
                    ..ListEvents::default()
                };
                for e in all_events(&client, &token, &cal.id, list).await? {
                    let ends_before = e
                        .end
                        .as_ref()
                        .and_then(|t| t.date_time)
                        .is_some_and(|t| t.with_timezone(&Utc) < cutoff);
                    if !ends_before || !holds_patient_data(&e) {
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

    /// Every booking of the person with this email and/or phone: in the cache and in the
    /// calendars.
    pub fn find_person(
        &self,
        email: Option<&str>,
        phone: Option<&str>,
    ) -> crate::Task<'_, Result<Vec<ErasureMatch>, AppError>> {
        let email = email.map(str::to_owned);
        let phone = phone.map(str::to_owned);
        Box::pin(async move {
            self.ensure_unlocked()?;
            let email = match email.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
                Some(e) => {
                    Some(rdv_core::email::normalize(e).map_err(|e| AppError::InvalidInput(e.0))?)
                }
                None => None,
            };
            let phone = phone.filter(|p| p.chars().filter(char::is_ascii_digit).count() >= 6);
            if email.is_none() && phone.is_none() {
                return Err(AppError::InvalidInput(
                    "Indiquez l'adresse e-mail ou le numéro de téléphone de la personne.".into(),
                ));
            }
            let mut found: Vec<ErasureMatch> = self
                .store
                .bookings_of(email.as_deref(), phone.as_deref())?
                .into_iter()
                .map(|h| ErasureMatch {
                    calendar_id: h.calendar_id,
                    event_id: h.event_id,
                    start: h.start,
                    appointment_type: h.appointment_type,
                    in_cache: true,
                    in_calendar: false,
                    in_site: false,
                })
                .collect();
            let cached: Vec<(String, String)> = found
                .iter()
                .map(|m| (m.calendar_id.clone(), m.event_id.clone()))
                .collect();
            for (calendar_id, e) in self
                .google_matches(email.as_deref(), phone.as_deref(), &cached)
                .await?
            {
                let Some(id) = e.id.clone() else { continue };
                match found
                    .iter_mut()
                    .find(|m| m.calendar_id == calendar_id && m.event_id == id)
                {
                    Some(m) => m.in_calendar = true,
                    None => found.push(ErasureMatch {
                        calendar_id,
                        event_id: id,
                        start: e
                            .start
                            .as_ref()
                            .and_then(|t| t.date_time)
                            .map(|t| stamp(t.with_timezone(&Utc)))
                            .unwrap_or_default(),
                        appointment_type: e
                            .private_property(rdv_core::conventions::TYPE_KEY)
                            .map(|t| t.expose().clone()),
                        in_cache: false,
                        in_calendar: true,
                        in_site: false,
                    }),
                }
            }
            if let Some(ids) = self
                .site_erasure(email.as_deref(), phone.as_deref(), false)
                .await?
            {
                for id in ids {
                    match found.iter_mut().find(|m| m.event_id == id) {
                        Some(m) => m.in_site = true,
                        None => found.push(ErasureMatch {
                            calendar_id: String::new(),
                            event_id: id,
                            start: String::new(),
                            appointment_type: None,
                            in_cache: false,
                            in_calendar: false,
                            in_site: true,
                        }),
                    }
                }
            }
            found.sort_by(|a, b| a.start.cmp(&b.start));
            Ok(found)
        })
    }

    /// The person's booking events in the calendars the account may write to.
    async fn google_matches(
        &self,
        email: Option<&str>,
        phone: Option<&str>,
        cached: &[(String, String)],
    ) -> Result<Vec<(String, Event)>, AppError> {
        let client = self.calendar_client().await?;
        let token = self.access_token().await?;
        let mut out: Vec<(String, Event)> = Vec::new();
        for (calendar_id, id) in cached {
            match client.get_event(&token, calendar_id, id, None).await {
                Ok(e) if !e.is_cancelled() => out.push((calendar_id.clone(), e)),
                Ok(_) | Err(rdv_google::calendar::CalendarError::NotFound) => {}
                Err(e) => return Err(e.into()),
            }
        }
        let mut constraints = Vec::new();
        if let Some(e) = email {
            constraints.push(format!("{EMAIL_KEY}={e}"));
        }
        if let Some(p) = phone {
            let digits: String = p.chars().filter(char::is_ascii_digit).collect();
            let national = digits
                .strip_prefix("33")
                .map_or_else(|| digits.clone(), |r| format!("0{r}"));
            let international = national
                .strip_prefix('0')
                .map_or_else(|| format!("+{digits}"), |r| format!("+33{r}"));
            for v in [p.trim().to_owned(), national, international] {
                let c = format!("{PHONE_KEY}={v}");
                if !constraints.contains(&c) {
                    constraints.push(c);
                }
            }
        }
        for cal in self.store.calendars()? {
            if !matches!(cal.access_role.as_str(), "owner" | "writer") {
                continue;
            }
            for c in &constraints {
                let list = ListEvents {
                    private_extended_property: vec![c.clone()],
                    ..ListEvents::default()
                };
                for e in all_events(&client, &token, &cal.id, list).await? {
                    if e.is_cancelled() || out.iter().any(|(_, o)| o.id == e.id) {
                        continue;
                    }
                    out.push((cal.id.clone(), e));
                }
            }
        }
        Ok(out)
    }

    /// Erases the person's data from the cache and the calendars, and returns the report.
    pub fn erase_person(
        &self,
        email: Option<&str>,
        phone: Option<&str>,
    ) -> crate::Task<'_, Result<ErasureReport, AppError>> {
        let email = email.map(str::to_owned);
        let phone = phone.map(str::to_owned);
        Box::pin(async move {
            let matches = self.find_person(email.as_deref(), phone.as_deref()).await?;
            let now = self.now_utc();
            let cached: Vec<HeldBooking> = matches
                .iter()
                .filter(|m| m.in_cache)
                .map(|m| HeldBooking {
                    calendar_id: m.calendar_id.clone(),
                    event_id: m.event_id.clone(),
                    start: m.start.clone(),
                    appointment_type: m.appointment_type.clone(),
                })
                .collect();
            let in_cache = self.store.erase_bookings(&cached, now)?;
            let client = self.calendar_client().await?;
            let token = self.access_token().await?;
            let mut in_calendar = 0u32;
            let ids: Vec<(String, String)> = matches
                .iter()
                .map(|m| (m.calendar_id.clone(), m.event_id.clone()))
                .collect();
            for (calendar_id, e) in self
                .google_matches(email.as_deref(), phone.as_deref(), &ids)
                .await?
            {
                if !holds_patient_data(&e) {
                    continue;
                }
                if let Some(id) = &e.id {
                    client
                        .patch_event(&token, &calendar_id, id, &anonymising_patch(&e), None)
                        .await?;
                    in_calendar += 1;
                }
            }
            let site = self
                .site_erasure(email.as_deref(), phone.as_deref(), true)
                .await?
                .map(|ids| u32::try_from(ids.len()).unwrap_or(u32::MAX));
            tracing::info!(
                cache = in_cache,
                calendar = in_calendar,
                "erasure request done"
            );
            let _ = self.sync_now().await;
            let when = now.format("%d/%m/%Y à %H:%M UTC");
            let report = format!(
                "Suite à votre demande, vos données personnelles (nom, prénom, téléphone, \
                 adresse e-mail) ont été effacées le {when} :\n\
                 - {} rendez-vous dans l'agenda du cabinet (le créneau horaire est conservé sans \
                 aucune donnée vous concernant) ;\n\
                 - {} enregistrement(s) dans la copie locale de l'application du cabinet ;\n\
                 - {} réservation(s) sur le site de prise de rendez-vous.\n\
                 Aucune autre donnée vous concernant n'est conservée par le cabinet dans ces outils.",
                in_calendar,
                in_cache,
                site.map_or_else(|| "aucune (pas de site lié)".to_owned(), |n| n.to_string())
            );
            Ok(ErasureReport {
                erased_at: stamp(now),
                calendar_events: in_calendar,
                cached_bookings: u32::try_from(in_cache).unwrap_or(u32::MAX),
                site_records: site,
                report,
            })
        })
    }
}

/// Every page of a listing.
async fn all_events(
    client: &CalendarClient,
    token: &rdv_core::Sensitive<String>,
    calendar_id: &str,
    list: ListEvents,
) -> Result<Vec<Event>, AppError> {
    let mut out = Vec::new();
    let mut page: Option<String> = None;
    loop {
        let request = match page.take() {
            Some(p) => list.page(p),
            None => list.clone(),
        };
        let answer = client.list_events(token, calendar_id, &request).await?;
        out.extend(answer.items);
        match answer.next_page_token {
            Some(next) => page = Some(next),
            None => return Ok(out),
        }
    }
}
