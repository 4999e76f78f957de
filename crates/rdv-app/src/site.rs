//! The practitioner's booking site (docs/booking-endpoint.md), through `rdv-site`: linking it
//! (URL, WordPress user, application password — tested before saving, the password kept in the
//! OS keychain), its booking records pulled incrementally with their consent and SMS statuses,
//! the SMS texts (checked with `rdv_core::sms`, pushed only when the practitioner validates
//! them), the monthly SMS usage, the retention period shared with it, appointment types pushed
//! from Disponibilités, and its part of erasure requests. In demo mode the embedded sandbox
//! serves the site too.

use crate::ipc::{
    SiteInfo, SiteState, SmsCharacter, SmsCheck, SmsTextsState, SmsUsageView, UsageMonth,
};
use crate::{App, AppError};
use chrono::{Datelike, SecondsFormat};
use rdv_core::Sensitive;
use rdv_core::ports::SecretKey;
use rdv_core::sms::template::{PreviewValues, check};
use rdv_core::{Language, Text};
use rdv_site::{
    BookingChange, BookingConfig, Cursor, ErasureRequest, RetryPolicy, SiteClient, SiteError,
    YearMonth,
};
use rdv_store::SiteBookingRow;

pub(crate) const URL: &str = "site.url";
pub(crate) const USER: &str = "site.user";
const CURSOR: &str = "site.cursor";
const LAST_SYNC: &str = "site.lastSync";
pub(crate) const NAME: &str = "site.name";
/// How the site's own Google link stood at the last site sync (`ok`, `revoked`, `unlinked`;
/// absent: a 1.0 site that does not say).
pub(crate) const GOOGLE: &str = "site.google";

fn password_key(url: &str) -> SecretKey {
    SecretKey::new(format!("site.app-password:{url}"))
}

impl From<SiteError> for AppError {
    fn from(e: SiteError) -> Self {
        match &e {
            SiteError::Unauthorized { .. } => AppError::invalid(
                "Le site refuse l'identifiant ou le mot de passe d'application : vérifiez-les \
                 (WordPress → Profil → Mots de passe d'application).",
                "The site refuses the user name or the application password: check them \
                 (WordPress → Profile → Application Passwords).",
            ),
            SiteError::NotFound { .. } if e.plugin_missing() => AppError::invalid(
                "Le site répond, mais l'extension RDV Compagnon n'y est pas active.",
                "The site answers, but the RDV Compagnon plugin is not active on it.",
            ),
            _ if e.is_offline() => AppError::SiteOffline(e.to_string()),
            _ => AppError::Internal(Text::new(
                format!("Site de réservation : {e}"),
                format!("Booking site: {e}"),
            )),
        }
    }
}

fn sms_check_view(text: &str, values: &PreviewValues, language: Language) -> SmsCheck {
    let c = check(text, values);
    // Positions in the text as typed (UTF-16 units, as the web view counts them).
    let raw = rdv_core::sms::count(text);
    let utf16_index = |char_index: usize| -> u32 {
        let units: usize = text.chars().take(char_index).map(char::len_utf16).sum();
        u32::try_from(units).unwrap_or(u32::MAX)
    };
    SmsCheck {
        encoding: c.count.encoding.name().to_owned(),
        units: u32::try_from(c.count.units).unwrap_or(u32::MAX),
        segments: u32::try_from(c.count.segments).unwrap_or(u32::MAX),
        per_segment: u32::try_from(c.count.per_segment).unwrap_or(u32::MAX),
        remaining_in_segment: u32::try_from(c.count.remaining_in_segment).unwrap_or(u32::MAX),
        ucs2_characters: raw
            .ucs2_characters
            .iter()
            .map(|u| SmsCharacter {
                character: u.character.to_string(),
                index: utf16_index(u.index),
                replacement: u.replacement.map(str::to_owned),
            })
            .collect(),
        preview: c.preview,
        problems: c
            .problems
            .iter()
            .map(|p| p.text().get(language).to_owned())
            .collect(),
        costs_several: c.costs_several,
        gsm_version: rdv_core::sms::to_gsm(text),
    }
}

impl App {
    /// The linked site's client, `None` when no site is linked.
    fn site_client(&self) -> Result<Option<SiteClient>, AppError> {
        let (Some(url), Some(user)) = (self.store.setting(URL)?, self.store.setting(USER)?) else {
            return Ok(None);
        };
        let password = self.secrets.get(&password_key(&url))?.ok_or_else(|| {
            AppError::invalid(
                "Le mot de passe du site n'est plus dans le trousseau : liez le site à nouveau.",
                "The site's password is no longer in the keychain: link the site again.",
            )
        })?;
        let retry = if url.starts_with("http://127.0.0.1") {
            RetryPolicy::fast()
        } else {
            RetryPolicy::google()
        };
        Ok(Some(
            SiteClient::new(&url, &user, password, retry).map_err(|e| {
                AppError::invalid(
                    format!("Adresse du site inutilisable : {e}"),
                    format!("Unusable site address: {e}"),
                )
            })?,
        ))
    }

    /// The site's client for booking actions.
    pub(crate) fn site_client_for_actions(&self) -> Result<Option<SiteClient>, AppError> {
        self.site_client()
    }

    fn require_site(&self) -> Result<SiteClient, AppError> {
        self.site_client()?.ok_or_else(|| {
            AppError::invalid(
                "Aucun site de réservation n'est lié.",
                "No booking site is linked.",
            )
        })
    }

    /// Whether a site is linked, and what it said last.
    pub fn site_state(&self) -> Result<SiteState, AppError> {
        Ok(SiteState {
            linked: self.store.setting(URL)?.is_some(),
            url: self.store.setting(URL)?,
            user: self.store.setting(USER)?,
            site_name: self.store.setting(NAME)?,
            last_sync: self.store.setting(LAST_SYNC)?,
            google: self.store.setting(GOOGLE)?,
        })
    }

    /// Links the site after testing the credentials (`GET /status` and `/config`); nothing is
    /// saved when the test fails.
    pub fn link_site(
        &self,
        url: &str,
        user: &str,
        app_password: &str,
    ) -> crate::Task<'_, Result<SiteState, AppError>> {
        let url = url.trim().to_owned();
        let user = user.trim().to_owned();
        let password = Sensitive::new(app_password.trim().to_owned());
        Box::pin(async move {
            self.ensure_unlocked()?;
            let retry = if url.starts_with("http://127.0.0.1") {
                RetryPolicy::fast()
            } else {
                RetryPolicy::google()
            };
            let client = SiteClient::new(&url, &user, password.clone(), retry).map_err(|e| {
                AppError::invalid(
                    format!("Adresse ou identifiant refusé : {e}"),
                    format!("Address or user name refused: {e}"),
                )
            })?;
            let status = client.status().await?;
            if !status.is_compatible() {
                let version = status.api_version;
                return Err(AppError::invalid(
                    format!(
                        "L'extension du site est en version d'API {version} : mettez-la à jour."
                    ),
                    format!("The site's plugin is at API version {version}: update it."),
                ));
            }
            client.config().await?;
            self.secrets.set(&password_key(&url), &password)?;
            self.store.set_setting(URL, &url)?;
            self.store.set_setting(USER, &user)?;
            self.store.set_setting(NAME, &status.site_name)?;
            self.store.clear_site()?;
            tracing::info!("booking site linked");
            self.sync_site().await?;
            self.site_state()
        })
    }

    /// In demo mode: links the embedded sandbox's site with its demo credentials.
    pub fn link_demo_site(&self) -> crate::Task<'_, Result<SiteState, AppError>> {
        Box::pin(async move {
            let base = {
                let guard = self.session.lock().await;
                guard.as_ref().and_then(|s| {
                    s.connection
                        .sandbox
                        .as_ref()
                        .map(rdv_sandbox::Sandbox::base_url)
                })
            }
            .ok_or_else(|| {
                AppError::invalid(
                    "Le site de démonstration n'existe qu'en mode démo.",
                    "The demo site exists only in demo mode.",
                )
            })?;
            self.link_site(
                &base,
                rdv_sandbox::SITE_USER,
                rdv_sandbox::SITE_APP_PASSWORD,
            )
            .await
        })
    }

    /// Deletes the linked site's password from the keychain (the account is being forgotten).
    pub(crate) fn forget_site_password(&self) -> Result<(), AppError> {
        if let Some(url) = self.store.setting(URL)? {
            self.secrets.delete(&password_key(&url))?;
        }
        Ok(())
    }

    /// Unlinks the site: forgets its password, cursor and records.
    pub fn unlink_site(&self) -> Result<SiteState, AppError> {
        self.ensure_unlocked()?;
        if let Some(url) = self.store.setting(URL)? {
            self.secrets.delete(&password_key(&url))?;
        }
        for key in [URL, USER, NAME, LAST_SYNC, GOOGLE] {
            self.store.delete_setting(key)?;
        }
        self.store.clear_site()?;
        self.sink.data_changed();
        self.site_state()
    }

    /// Pulls the site's booking records changed since the last time; returns how many changed.
    pub fn sync_site(&self) -> crate::Task<'_, Result<u32, AppError>> {
        Box::pin(async move {
            let Some(client) = self.site_client()? else {
                return Ok(0);
            };
            let cursor = self.store.setting(CURSOR)?.map(Cursor::new);
            let changes = match client.bookings_since(cursor.as_ref()).await {
                Err(SiteError::CursorExpired) => {
                    self.store.clear_site()?;
                    client.bookings_since(None).await?
                }
                other => other?,
            };
            let mut upserts = Vec::new();
            let mut deleted = Vec::new();
            for change in &changes.items {
                match change {
                    BookingChange::Record(r) => upserts.push(SiteBookingRow {
                        event_id: r.id.clone(),
                        source: Some(format!("{:?}", r.source).to_lowercase()),
                        created_at: Some(r.created_at.to_rfc3339_opts(SecondsFormat::Secs, true)),
                        consent_at: r
                            .consent
                            .as_ref()
                            .map(|c| c.given_at.to_rfc3339_opts(SecondsFormat::Secs, true)),
                        consent_version: r.consent.as_ref().map(|c| c.version.clone()),
                        sms_confirmation: Some(format!("{:?}", r.sms.confirmation).to_lowercase()),
                        sms_reminder: Some(format!("{:?}", r.sms.reminder).to_lowercase()),
                    }),
                    BookingChange::Deleted { id, .. } => deleted.push(id.clone()),
                }
            }
            self.store
                .apply_site_feed(&upserts, &deleted, changes.cursor.as_str())?;
            // Whether the site can still book into Google (API 1.1): a revoked grant stops every
            // online booking, so the practitioner is told here, not by a patient.
            match client.status().await.map(|s| s.google) {
                Ok(Some(google)) => {
                    let state = match google.state {
                        rdv_site::SiteGoogleState::Ok => "ok",
                        rdv_site::SiteGoogleState::Revoked => "revoked",
                        rdv_site::SiteGoogleState::Unlinked => "unlinked",
                        rdv_site::SiteGoogleState::Other => "other",
                    };
                    if self.store.setting(GOOGLE)?.as_deref() != Some(state) {
                        if state != "ok" {
                            tracing::warn!(state, "the booking site has no working Google link");
                        }
                        self.store.set_setting(GOOGLE, state)?;
                        self.sink.data_changed();
                    }
                }
                Ok(None) => self.store.delete_setting(GOOGLE)?,
                // The feed was read: a failed status is not worth failing the sync for.
                Err(e) => tracing::warn!(error = %e, "the booking site's status could not be read"),
            }
            let now = self.now_utc().to_rfc3339_opts(SecondsFormat::Secs, true);
            self.store.set_setting(LAST_SYNC, &now)?;
            let n = u32::try_from(upserts.len() + deleted.len()).unwrap_or(u32::MAX);
            if n > 0 {
                self.sink.data_changed();
            }
            Ok(n)
        })
    }

    /// What the site knows of booking `event_id` (consent, SMS statuses).
    pub(crate) fn site_info(&self, event_id: &str) -> Option<SiteInfo> {
        self.store
            .site_booking(event_id)
            .ok()
            .flatten()
            .map(|r| SiteInfo {
                source: r.source,
                consent_at: r.consent_at,
                consent_version: r.consent_version,
                sms_confirmation: r.sms_confirmation,
                sms_reminder: r.sms_reminder,
            })
    }

    fn preview_values(&self, config: Option<&BookingConfig>) -> PreviewValues {
        let practice = config.and_then(|c| c.practice.clone());
        PreviewValues::realistic(
            practice.as_ref().map_or("", |p| p.name.as_str()),
            practice.as_ref().map_or("", |p| p.address.as_str()),
            practice.as_ref().map_or("", |p| p.phone.as_str()),
        )
    }

    /// The site's SMS texts and options, each text checked and counted.
    pub fn sms_texts(&self) -> crate::Task<'_, Result<SmsTextsState, AppError>> {
        Box::pin(async move {
            let client = self.require_site()?;
            let config = client.config().await?.value;
            let values = self.preview_values(Some(&config));
            let language = self.language();
            let texts = &config.sms.texts;
            Ok(SmsTextsState {
                confirmation: texts.confirmation.clone(),
                reminder: texts.reminder.clone(),
                cancellation: texts.cancellation.clone(),
                confirmation_check: sms_check_view(&texts.confirmation, &values, language),
                reminder_check: sms_check_view(&texts.reminder, &values, language),
                cancellation_check: sms_check_view(&texts.cancellation, &values, language),
                practitioner: values.praticien.clone(),
                price_per_segment: config.sms.price_per_segment.map(|p| p.to_string()),
            })
        })
    }

    /// Checks and counts one text as the practitioner types it (no network: the values of the
    /// preview come from the last configuration read, or stand-ins).
    pub fn check_sms_text(&self, text: &str, practitioner: &str) -> SmsCheck {
        let values = PreviewValues::realistic(practitioner, "", "");
        sms_check_view(text, &values, self.language())
    }

    /// The practitioner validates the texts: checked again, then pushed to the site (with the
    /// configuration's ETag). Refused while a text lacks the practitioner's identity.
    pub fn validate_sms_texts(
        &self,
        confirmation: &str,
        reminder: &str,
        cancellation: &str,
    ) -> crate::Task<'_, Result<SmsTextsState, AppError>> {
        let texts = [
            confirmation.to_owned(),
            reminder.to_owned(),
            cancellation.to_owned(),
        ];
        Box::pin(async move {
            let client = self.require_site()?;
            let current = client.config().await?;
            let values = self.preview_values(Some(&current.value));
            let names = [
                ("confirmation", "confirmation"),
                ("rappel", "reminder"),
                ("annulation", "cancellation"),
            ];
            for ((fr, en), text) in names.iter().zip(&texts) {
                let c = check(text, &values);
                if let Some(p) = c.problems.first() {
                    let why = p.text();
                    return Err(AppError::invalid(
                        format!("Texte de {fr} : {}", why.fr),
                        format!("{en} text: {}", why.en),
                    ));
                }
            }
            let mut config = current.value.clone();
            config.sms.texts.confirmation = texts[0].clone();
            config.sms.texts.reminder = texts[1].clone();
            config.sms.texts.cancellation = texts[2].clone();
            match client.put_config(&config, Some(&current.etag)).await {
                Ok(_) => {}
                Err(SiteError::Conflict { .. }) => {
                    return Err(AppError::invalid(
                        "La configuration du site a changé entre-temps : relisez les textes puis \
                         validez à nouveau.",
                        "The site's configuration changed in the meantime: read the texts again, \
                         then confirm again.",
                    ));
                }
                Err(e) => return Err(e.into()),
            }
            tracing::info!("SMS texts validated and sent to the site");
            self.sms_texts().await
        })
    }

    /// SMS usage and cost for the current and previous month.
    pub fn sms_usage(&self) -> crate::Task<'_, Result<SmsUsageView, AppError>> {
        Box::pin(async move {
            let client = self.require_site()?;
            let today = self.now_utc().date_naive();
            let current = YearMonth::new(today.year(), today.month())
                .ok_or_else(|| AppError::internal("month"))?;
            let month = |u: rdv_site::SmsUsage| UsageMonth {
                month: u.month.to_string(),
                messages: u.messages,
                segments: u.segments,
                cost: u.cost.to_string(),
                price_per_segment: u.price_per_segment.to_string(),
            };
            Ok(SmsUsageView {
                current: month(client.sms_usage(Some(current)).await?),
                previous: month(client.sms_usage(Some(current.previous())).await?),
            })
        })
    }

    /// Sends the appointment types and booking rules of `calendar_id`'s availability
    /// configuration to the site (with the configuration's ETag), when a site is linked and
    /// they differ. Returns whether the site's configuration changed.
    pub fn push_site_types<'a>(
        &'a self,
        calendar_id: &'a str,
    ) -> crate::Task<'a, Result<bool, AppError>> {
        Box::pin(async move {
            let Some(client) = self.site_client()? else {
                return Ok(false);
            };
            let types = self
                .availability_cached(calendar_id)?
                .config
                .appointment_types;
            if types.is_empty() {
                return Ok(false);
            }
            let current = client.config().await?;
            // The site writes colours in upper case (#2F6FB3): the same colour.
            let normal = |list: &[rdv_core::availability::AppointmentType]| {
                let mut list = list.to_vec();
                for t in &mut list {
                    t.colour = t.colour.to_ascii_lowercase();
                }
                list
            };
            let same = normal(&current.value.appointment_types) == normal(&types);
            if same {
                return Ok(false);
            }
            let mut config = current.value.clone();
            config.appointment_types = types;
            client.put_config(&config, Some(&current.etag)).await?;
            tracing::info!("appointment types sent to the booking site");
            Ok(true)
        })
    }

    /// Pushes the retention period to the site, when one is linked.
    pub(crate) async fn push_retention(&self, days: u16) -> Result<(), AppError> {
        let Some(client) = self.site_client()? else {
            return Ok(());
        };
        let current = client.config().await?;
        let mut config = current.value.clone();
        config.retention = rdv_site::Retention::from_days(days)
            .ok_or_else(|| AppError::invalid("90, 120 ou 240 jours", "90, 120 or 240 days"))?;
        if config != current.value {
            client.put_config(&config, Some(&current.etag)).await?;
        }
        Ok(())
    }

    /// The site's part of an erasure: its records of the person (a dry run when `erase` is
    /// false); `None` when no site is linked. The site matches the email case-insensitively and
    /// the phone in international form (docs/booking-endpoint.md § Erasure).
    pub(crate) async fn site_erasure(
        &self,
        person: &rdv_core::person::Person,
        erase: bool,
    ) -> Result<Option<Vec<String>>, AppError> {
        let Some(client) = self.site_client()? else {
            return Ok(None);
        };
        let request = ErasureRequest {
            email: person.email().map(|e| Sensitive::new(e.to_owned())),
            phone: person.phone().map(|p| Sensitive::new(p.to_owned())),
        };
        let result = if erase {
            client.erase(&request).await?
        } else {
            client.preview_erasure(&request).await?
        };
        if erase {
            let _ = self.sync_site().await;
        }
        Ok(Some(result.ids))
    }

    /// The linked site's URL and name (the URL when it gave none), `None` when none is linked.
    pub(crate) fn linked_site(&self) -> Result<Option<(String, String)>, AppError> {
        let Some(url) = self.store.setting(URL)? else {
            return Ok(None);
        };
        let name = self.store.setting(NAME)?.unwrap_or_else(|| url.clone());
        Ok(Some((url, name)))
    }
}
