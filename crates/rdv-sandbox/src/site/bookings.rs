//! Booking records (docs/booking-endpoint.md § Bookings, § Cancelling, § Retention, § Erasure):
//! the change feed read with an opaque cursor, tombstones for erased and expired records,
//! cancellation (the Google event is deleted from the sandbox calendar), retention and erasure.

use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use serde_json::{Value, json};

use super::error::WpError;
use super::sms::{SiteSmsKind, SiteSmsStatus};
use crate::time::seconds_z;
use crate::world::World;

/// How long a tombstone stays in the feed; a cursor older than a dropped tombstone is expired.
pub(crate) const TOMBSTONE_DAYS: i64 = 30;
/// `GET /bookings` page size: default and maximum.
pub(crate) const DEFAULT_LIMIT: usize = 100;
/// The largest `limit`.
pub(crate) const MAX_LIMIT: usize = 500;

/// The patient's consent to the site's legal notices and terms (the booking form's checkbox).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteConsent {
    /// When the box was ticked.
    pub given_at: DateTime<Utc>,
    /// The version of the text agreed to (`consentTextVersion` at that time).
    pub version: String,
}

/// A booking record as the site keeps it: the four patient fields, consent, SMS statuses — and
/// nothing else about the patient (PRODUCT.md art. 8).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteBooking {
    /// The Google event id of the booking (the record's id).
    pub event_id: String,
    /// When the booking was made.
    pub created_at: DateTime<Utc>,
    /// Appointment type id (`rdv.type`).
    pub appointment_type: String,
    /// `site`, `app`, `phone` or `google` (docs/calendar-conventions.md `rdv.source`).
    pub source: String,
    /// Patient's first name.
    pub first_name: String,
    /// Patient's last name.
    pub last_name: String,
    /// Patient's phone, E.164 when known.
    pub phone: Option<String>,
    /// Patient's email.
    pub email: Option<String>,
    /// The consent given on the site's form; `None` for bookings not made on the form.
    pub consent: Option<SiteConsent>,
    /// Status of the confirmation SMS.
    pub confirmation_sms: SiteSmsStatus,
    /// Status of the reminder SMS.
    pub reminder_sms: SiteSmsStatus,
    /// Status of the cancellation SMS.
    pub cancellation_sms: SiteSmsStatus,
    /// When the site cancelled it.
    pub cancelled_at: Option<DateTime<Utc>>,
    /// The reason given to `POST /bookings/{id}/cancel` (the site's back office only; never
    /// returned by the API).
    pub cancel_reason: Option<String>,
    /// When the appointment starts, as the site knows it: only for the SMS `{date}`/`{heure}`
    /// when the sandbox calendar does not hold the event. Not part of the API (the calendar is
    /// the truth about times).
    pub start: Option<DateTime<Utc>>,
}

impl SiteBooking {
    /// A booking made on the site's form at `created_at` (consent given then, to
    /// [`super::config::CONSENT_VERSION`]), with no phone or email yet and no SMS.
    pub fn new(
        event_id: &str,
        appointment_type: &str,
        first_name: &str,
        last_name: &str,
        created_at: DateTime<Utc>,
    ) -> Self {
        Self {
            event_id: event_id.to_owned(),
            created_at,
            appointment_type: appointment_type.to_owned(),
            source: "site".into(),
            first_name: first_name.to_owned(),
            last_name: last_name.to_owned(),
            phone: None,
            email: None,
            consent: Some(SiteConsent {
                given_at: created_at,
                version: super::config::CONSENT_VERSION.to_owned(),
            }),
            confirmation_sms: SiteSmsStatus::None,
            reminder_sms: SiteSmsStatus::None,
            cancellation_sms: SiteSmsStatus::None,
            cancelled_at: None,
            cancel_reason: None,
            start: None,
        }
    }

    /// The status of one SMS.
    pub fn sms(&self, kind: SiteSmsKind) -> SiteSmsStatus {
        match kind {
            SiteSmsKind::Confirmation => self.confirmation_sms,
            SiteSmsKind::Reminder => self.reminder_sms,
            SiteSmsKind::Cancellation => self.cancellation_sms,
        }
    }

    pub(crate) fn set_sms(&mut self, kind: SiteSmsKind, status: SiteSmsStatus) {
        match kind {
            SiteSmsKind::Confirmation => self.confirmation_sms = status,
            SiteSmsKind::Reminder => self.reminder_sms = status,
            SiteSmsKind::Cancellation => self.cancellation_sms = status,
        }
    }

    /// The API's record.
    pub(crate) fn json(&self, updated_at: DateTime<Utc>) -> Value {
        json!({
            "id": self.event_id,
            "deleted": false,
            "createdAt": seconds_z(self.created_at),
            "updatedAt": seconds_z(updated_at),
            "appointmentType": self.appointment_type,
            "source": self.source,
            "firstName": self.first_name,
            "lastName": self.last_name,
            "phone": self.phone,
            "email": self.email,
            "consent": self.consent.as_ref().map(|c| json!({"givenAt": seconds_z(c.given_at), "version": c.version})),
            "sms": {
                "confirmation": self.confirmation_sms.as_str(),
                "reminder": self.reminder_sms.as_str(),
                "cancellation": self.cancellation_sms.as_str(),
            },
            "cancelledAt": self.cancelled_at.map(seconds_z),
        })
    }
}

/// One id in the feed: a live record or a tombstone.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// The Google event id.
    pub id: String,
    /// Change stamp (orders the feed).
    pub stamp: i64,
    /// Sandbox time of the last change.
    pub updated_at: DateTime<Utc>,
    /// `None` once erased or expired (a tombstone).
    pub booking: Option<SiteBooking>,
}

impl Entry {
    pub(crate) fn json(&self) -> Value {
        match &self.booking {
            Some(b) => b.json(self.updated_at),
            None => {
                json!({"id": self.id, "deleted": true, "deletedAt": seconds_z(self.updated_at)})
            }
        }
    }
}

/// An opaque cursor: `v1.<installation epoch>.<stamp>`, base64url.
pub(crate) fn encode_cursor(epoch: &str, stamp: i64) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("v1.{epoch}.{stamp}"))
}

/// `(epoch, stamp)` of a cursor, `None` when it is not one of ours.
pub(crate) fn decode_cursor(cursor: &str) -> Option<(String, i64)> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor.trim())
        .ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let mut parts = text.split('.');
    let (Some("v1"), Some(epoch), Some(stamp), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    Some((epoch.to_owned(), stamp.parse().ok()?))
}

/// A phone number compared for erasure: digits with `+` and the country code (French national
/// numbers `06…` become `+336…`).
pub(crate) fn normalize_phone(s: &str) -> String {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    if s.trim_start().starts_with('+') {
        format!("+{digits}")
    } else if let Some(rest) = digits.strip_prefix("00") {
        format!("+{rest}")
    } else if digits.len() == 10 && digits.starts_with('0') {
        format!("+33{}", &digits[1..])
    } else {
        digits
    }
}

/// Who an erasure request is about.
#[derive(Debug, Clone, Default)]
pub(crate) struct Person {
    pub email: Option<String>,
    pub phone: Option<String>,
}

impl Person {
    fn matches(&self, b: &SiteBooking) -> bool {
        let email = |e: &Option<String>| e.as_deref().map(|e| e.trim().to_lowercase());
        let by_email = self.email.is_some() && email(&self.email) == email(&b.email);
        let by_phone = self.phone.is_some()
            && self.phone.as_deref().map(normalize_phone)
                == b.phone.as_deref().map(normalize_phone);
        by_email || by_phone
    }
}

impl World {
    /// Stores a new version of a record (or a tombstone when `booking` is `None`).
    pub(crate) fn site_write(&mut self, event_id: &str, booking: Option<SiteBooking>) {
        let stamp = self.next_stamp();
        let now = self.now();
        if booking.is_none() {
            for sms in self
                .site
                .sms_log
                .iter_mut()
                .filter(|s| s.event_id == event_id)
            {
                sms.phone = None;
                sms.text = None;
            }
        }
        let entry = Entry {
            id: event_id.to_owned(),
            stamp,
            updated_at: now,
            booking,
        };
        self.site.entries.insert(event_id.to_owned(), entry);
        self.site.high_water = stamp;
    }

    /// Retention (records older than `retentionDays` become tombstones) and tombstone expiry
    /// (dropped after [`TOMBSTONE_DAYS`]; cursors from before them expire). Runs before every
    /// request, as the plugin's daily cron would.
    pub(crate) fn site_housekeeping(&mut self) {
        let now = self.now();
        let days = self.site.config["retentionDays"].as_i64().unwrap_or(120);
        let expired: Vec<String> = self
            .site
            .entries
            .iter()
            .filter(|(_, e)| {
                e.booking
                    .as_ref()
                    .is_some_and(|b| b.created_at + Duration::days(days) <= now)
            })
            .map(|(id, _)| id.clone())
            .collect();
        for id in expired {
            self.site_write(&id, None);
        }
        let old: Vec<(String, i64)> = self
            .site
            .entries
            .iter()
            .filter(|(_, e)| {
                e.booking.is_none() && e.updated_at + Duration::days(TOMBSTONE_DAYS) <= now
            })
            .map(|(id, e)| (id.clone(), e.stamp))
            .collect();
        for (id, stamp) in old {
            self.site.entries.remove(&id);
            self.site.cursor_floor = self.site.cursor_floor.max(stamp);
        }
    }

    /// `GET /bookings`.
    pub(crate) fn site_feed(
        &self,
        cursor: Option<&str>,
        limit: Option<&str>,
    ) -> Result<Value, WpError> {
        let limit = match limit {
            None => DEFAULT_LIMIT,
            Some(l) => match l.trim().parse::<usize>() {
                Ok(n) if (1..=MAX_LIMIT).contains(&n) => n,
                _ => {
                    return Err(WpError::invalid_param(
                        "limit",
                        &format!("limit must be between 1 (inclusive) and {MAX_LIMIT} (inclusive)"),
                    ));
                }
            },
        };
        let site = &self.site;
        let after = match cursor.filter(|c| !c.is_empty()) {
            None => None,
            Some(c) => {
                let (epoch, stamp) = decode_cursor(c).ok_or_else(|| {
                    WpError::invalid_param(
                        "cursor",
                        "Curseur illisible : renvoyez celui reçu tel quel.",
                    )
                })?;
                if epoch != site.epoch || stamp < site.cursor_floor || stamp > site.high_water {
                    return Err(WpError::cursor_expired());
                }
                Some(stamp)
            }
        };
        let mut changed: Vec<&Entry> = site
            .entries
            .values()
            .filter(|e| match after {
                None => e.booking.is_some(),
                Some(c) => e.stamp > c,
            })
            .collect();
        changed.sort_by_key(|e| e.stamp);
        let has_more = changed.len() > limit;
        changed.truncate(limit);
        let next = match (has_more, changed.last()) {
            (true, Some(last)) => last.stamp,
            _ => site.high_water.max(after.unwrap_or(0)),
        };
        let items: Vec<Value> = changed.iter().map(|e| e.json()).collect();
        Ok(json!({
            "items": items,
            "nextCursor": encode_cursor(&site.epoch, next),
            "hasMore": has_more,
        }))
    }

    /// `POST /bookings/{id}/cancel`.
    pub(crate) fn site_cancel(
        &mut self,
        event_id: &str,
        reason: Option<String>,
        notify: bool,
    ) -> Result<Value, WpError> {
        let mut booking = self.site_live(event_id)?;
        if booking.cancelled_at.is_some() {
            let entry = &self.site.entries[event_id];
            return Ok(json!({"alreadyCancelled": true, "booking": entry.json()}));
        }
        let calendar = self.site.calendar_id.clone();
        // The site deletes the Google event itself (already gone is fine); without its Google
        // access it changes nothing, as the plugin does (409 `rdv_google_unlinked`).
        if !self.calendars.contains_key(&calendar) {
            return Err(WpError::google_unlinked());
        }
        let start = self.site_event_start(event_id).or(booking.start);
        let _ = self.event_delete(&calendar, event_id, None);
        booking.cancelled_at = Some(self.now());
        booking.cancel_reason = reason;
        booking.start = start;
        let sms = &self.site.config["sms"];
        if notify && sms["cancellationEnabled"].as_bool() == Some(true) && booking.phone.is_some() {
            self.site_send_sms(&mut booking, SiteSmsKind::Cancellation);
        }
        self.site_write(event_id, Some(booking));
        let entry = &self.site.entries[event_id];
        Ok(json!({"alreadyCancelled": false, "booking": entry.json()}))
    }

    /// The record of `event_id` (cancelled or not), or `rdv_booking_not_found` (never recorded,
    /// erased or expired).
    fn site_live(&self, event_id: &str) -> Result<SiteBooking, WpError> {
        self.site
            .entries
            .get(event_id)
            .and_then(|e| e.booking.clone())
            .ok_or_else(WpError::booking_not_found)
    }

    /// `PUT /bookings/{id}` (API 1.1): records a booking made in the app. `(false, record)` when
    /// the site already holds it (nothing is sent again).
    pub(crate) fn site_record(
        &mut self,
        event_id: &str,
        input: &Value,
    ) -> Result<(bool, Value), WpError> {
        let mut problems: Vec<(String, String)> = Vec::new();
        if event_id.is_empty()
            || event_id.len() > 64
            || !event_id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            problems.push((
                "eventId".into(),
                "Identifiant d'événement : lettres, chiffres, _ ou -, 64 au plus.".into(),
            ));
        }
        let text =
            |key: &str, max: usize, required: bool, p: &mut Vec<(String, String)>| match input
                .get(key)
            {
                None | Some(Value::Null) if !required => None,
                Some(Value::String(v))
                    if !v.trim().is_empty()
                        && v.chars().count() <= max
                        && !v.contains(['<', '>']) =>
                {
                    Some(v.trim().to_owned())
                }
                Some(Value::String(v)) if v.trim().is_empty() && !required => None,
                _ => {
                    p.push((
                        key.to_owned(),
                        format!("Texte de 1 à {max} caractères attendu, sans < ni >."),
                    ));
                    None
                }
            };
        let appointment_type = text("appointmentType", 64, true, &mut problems);
        let first_name = text("firstName", 100, true, &mut problems);
        let last_name = text("lastName", 100, true, &mut problems);
        let phone = text("phone", 32, false, &mut problems);
        let email = text("email", 254, false, &mut problems);
        let source = match input.get("source").and_then(Value::as_str) {
            Some(s @ ("app" | "phone")) => s.to_owned(),
            _ => {
                problems.push(("source".into(), "« app » ou « phone » attendu.".into()));
                String::new()
            }
        };
        let start = instant(input, "start", &mut problems);
        let end = instant(input, "end", &mut problems);
        let notify = flag(input, "notifyPatient", &mut problems);
        if !problems.is_empty() {
            return Err(WpError::invalid_params(&problems));
        }
        if let Some(entry) = self.site.entries.get(event_id)
            && entry.booking.is_some()
        {
            return Ok((false, entry.json()));
        }
        let now = self.now();
        let mut booking = SiteBooking {
            source,
            phone,
            email,
            consent: None,
            start,
            ..SiteBooking::new(
                event_id,
                &appointment_type.unwrap_or_default(),
                &first_name.unwrap_or_default(),
                &last_name.unwrap_or_default(),
                now,
            )
        };
        let _ = end;
        let sms = self.site.config["sms"].clone();
        // Without `notifyPatient` no SMS is ever sent for it, reminder included (the plugin's
        // rule).
        if notify && booking.phone.is_some() {
            if sms["confirmationEnabled"].as_bool() == Some(true) {
                self.site_send_sms(&mut booking, SiteSmsKind::Confirmation);
            }
            if sms["reminderEnabled"].as_bool() == Some(true) && start.is_some_and(|s| s > now) {
                booking.set_sms(SiteSmsKind::Reminder, SiteSmsStatus::Pending);
            }
        }
        self.site_write(event_id, Some(booking));
        Ok((true, self.site.entries[event_id].json()))
    }

    /// `POST /bookings/{id}/moved` (API 1.1): the new time is kept for the reminder (planned
    /// again when it is ahead) and, with `notifyPatient`, the confirmation is sent at it.
    pub(crate) fn site_moved(&mut self, event_id: &str, input: &Value) -> Result<Value, WpError> {
        let mut problems: Vec<(String, String)> = Vec::new();
        let start = instant(input, "start", &mut problems);
        let _ = instant(input, "end", &mut problems);
        let notify = flag(input, "notifyPatient", &mut problems);
        if !problems.is_empty() {
            return Err(WpError::invalid_params(&problems));
        }
        let mut booking = self.site_live(event_id)?;
        if booking.cancelled_at.is_some() {
            return Err(WpError::booking_cancelled());
        }
        booking.start = start;
        let now = self.now();
        let sms = self.site.config["sms"].clone();
        if booking.phone.is_some() {
            if sms["reminderEnabled"].as_bool() == Some(true) && start.is_some_and(|s| s > now) {
                booking.set_sms(SiteSmsKind::Reminder, SiteSmsStatus::Pending);
            }
            if notify && sms["confirmationEnabled"].as_bool() == Some(true) {
                self.site_send_sms(&mut booking, SiteSmsKind::Confirmation);
            }
        }
        self.site_write(event_id, Some(booking));
        Ok(self.site.entries[event_id].json())
    }

    /// `GET /status`'s `google` (1.1): linked when the calendar the site books into exists in
    /// the sandbox — the plugin's own Google access; without it a cancel answers 409.
    pub(crate) fn site_google(&self) -> Value {
        let linked = self.calendars.contains_key(&self.site.calendar_id);
        let state = if linked {
            self.site.google_state.as_str()
        } else {
            "unlinked"
        };
        json!({"linked": linked, "state": state, "since": null})
    }

    /// The start of the booking's event in the sandbox calendar, when it is there.
    pub(crate) fn site_event_start(&self, event_id: &str) -> Option<DateTime<Utc>> {
        let found = self.event_find(&self.site.calendar_id, event_id).ok()?;
        let start = found.body().get("start")?.get("dateTime")?.as_str()?;
        crate::time::parse_instant(start)
    }

    /// Records that match `person`: their ids, oldest first.
    pub(crate) fn site_matching(&self, person: &Person) -> Vec<String> {
        let mut found: Vec<(&DateTime<Utc>, &String)> = self
            .site
            .entries
            .iter()
            .filter_map(|(id, e)| {
                e.booking
                    .as_ref()
                    .filter(|b| person.matches(b))
                    .map(|b| (&b.created_at, id))
            })
            .collect();
        found.sort();
        found.into_iter().map(|(_, id)| id.clone()).collect()
    }

    /// Erases every record of `person` (tombstones; the SMS log loses their phone and text).
    pub(crate) fn site_erase(&mut self, person: &Person) -> Vec<String> {
        let ids = self.site_matching(person);
        for id in &ids {
            self.site_write(id, None);
        }
        ids
    }
}

/// A required RFC 3339 instant of a request body.
fn instant(
    input: &Value,
    key: &str,
    problems: &mut Vec<(String, String)>,
) -> Option<DateTime<Utc>> {
    let found = input
        .get(key)
        .and_then(Value::as_str)
        .and_then(crate::time::parse_instant);
    if found.is_none() {
        problems.push((key.to_owned(), "Date et heure RFC 3339 attendues.".into()));
    }
    found
}

/// An optional boolean of a request body (absent: `false`: nothing is sent unless asked).
fn flag(input: &Value, key: &str, problems: &mut Vec<(String, String)>) -> bool {
    match input.get(key) {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            problems.push((key.to_owned(), "Booléen attendu (true ou false).".into()));
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_refuse_strangers() {
        let c = encode_cursor("ab12", 1_700_000_000_000_123);
        assert_eq!(
            decode_cursor(&c),
            Some(("ab12".to_owned(), 1_700_000_000_000_123))
        );
        for bad in ["", "abc", "djEuYWI=", "!!"] {
            assert_eq!(decode_cursor(bad), None, "{bad}");
        }
    }

    #[test]
    fn phones_compare_in_international_form() {
        assert_eq!(normalize_phone("06 12 34 56 78"), "+33612345678");
        assert_eq!(normalize_phone("+33 6 12 34 56 78"), "+33612345678");
        assert_eq!(normalize_phone("0033612345678"), "+33612345678");
    }
}
