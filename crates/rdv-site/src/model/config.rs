//! `GET`/`PUT /config` (docs/booking-endpoint.md § Configuration) and `GET /status`.

use chrono::{DateTime, Utc};
use rdv_core::availability::AppointmentType;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::money::Euros;

/// `GET /status`: who the site is and which versions it speaks.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SiteStatus {
    /// The site's title.
    pub site_name: String,
    /// The site's home URL, as WordPress knows it.
    pub site_url: String,
    /// The plugin's version.
    pub plugin_version: String,
    /// The contract's version, `major.minor` (this client speaks major 1).
    pub api_version: String,
    /// The site's clock.
    pub server_time: DateTime<Utc>,
    /// The site's IANA zone (`Europe/Paris`).
    pub time_zone: String,
    /// The site's own access to Google (API 1.1; `None` from a 1.0 site): when the
    /// practitioner revoked it, the site can take no booking until it is linked again.
    #[serde(default)]
    pub google: Option<SiteGoogle>,
}

/// `GET /status`'s `google` (API 1.1).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SiteGoogle {
    /// Where the link stands.
    pub state: SiteGoogleState,
    /// Since when (the link made, or the grant found revoked).
    #[serde(default)]
    pub since: Option<DateTime<Utc>>,
}

/// Where the site's link to Google stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SiteGoogleState {
    /// Linked and working.
    Ok,
    /// Google refused the site's refresh token (the access was revoked): relink in the plugin.
    Revoked,
    /// Never linked.
    Unlinked,
    /// A state this client does not know (a newer plugin).
    #[serde(other)]
    Other,
}

impl SiteStatus {
    /// Whether this client can talk to the site: API major version 1.
    ///
    /// ```
    /// # let status: rdv_site::SiteStatus = serde_json::from_str(r#"{"siteName":"C","siteUrl":"https://c.fr/","pluginVersion":"1.0.0","apiVersion":"1.3","serverTime":"2026-11-26T09:00:00Z","timeZone":"Europe/Paris"}"#).unwrap();
    /// assert!(status.is_compatible(), "a newer minor version only adds fields");
    /// ```
    pub fn is_compatible(&self) -> bool {
        self.api_version.split('.').next() == Some("1")
    }
}

/// How long the site keeps booking records (PRODUCT.md art. 8.3): 90, 120 (default) or 240
/// days after the booking was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Retention {
    /// 90 days.
    Days90,
    /// 120 days, the default.
    #[default]
    Days120,
    /// 240 days.
    Days240,
}

impl Retention {
    /// The number of days.
    pub fn days(self) -> u16 {
        match self {
            Self::Days90 => 90,
            Self::Days120 => 120,
            Self::Days240 => 240,
        }
    }

    /// `90`, `120` or `240`; anything else is `None`.
    pub fn from_days(days: u16) -> Option<Self> {
        match days {
            90 => Some(Self::Days90),
            120 => Some(Self::Days120),
            240 => Some(Self::Days240),
            _ => None,
        }
    }
}

impl Serialize for Retention {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_u16(self.days())
    }
}

impl<'de> Deserialize<'de> for Retention {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let days = u16::deserialize(d)?;
        Self::from_days(days)
            .ok_or_else(|| serde::de::Error::custom("retentionDays must be 90, 120 or 240"))
    }
}

/// The texts of the three SMS, with the variables `{prenom}`, `{date}`, `{heure}`,
/// `{praticien}`, `{adresse}`, `{telephone}`; each must contain `{praticien}` (art. 1.5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SmsTexts {
    /// Sent when the booking is made.
    pub confirmation: String,
    /// Sent before the appointment.
    pub reminder: String,
    /// Sent when the site cancels the booking.
    pub cancellation: String,
}

/// The SMS options (art. 1.5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SmsSettings {
    /// Send a confirmation when a booking is made.
    pub confirmation_enabled: bool,
    /// Send a reminder before the appointment.
    pub reminder_enabled: bool,
    /// Send an SMS when the site cancels a booking.
    pub cancellation_enabled: bool,
    /// How long before the appointment the reminder goes (1–72 hours; 24 = the day before).
    pub reminder_hours_before: u8,
    /// The sender shown on the patient's phone (3–11 ASCII letters, digits, spaces).
    pub sender_name: String,
    /// The three texts.
    pub texts: SmsTexts,
    /// Read-only: lib-rdv's price per billed segment. Sent back unchanged, or left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price_per_segment: Option<Euros>,
}

/// The practitioner's public details, as set in the plugin (read-only): the `{praticien}`,
/// `{adresse}` and `{telephone}` of the texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Practice {
    /// The practitioner's name.
    pub name: String,
    /// The practice's address.
    pub address: String,
    /// The practice's phone.
    pub phone: String,
}

/// The booking configuration the site offers patients.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BookingConfig {
    /// The appointment types and their booking rules, exactly docs/templates.md's shape.
    pub appointment_types: Vec<AppointmentType>,
    /// Retention of booking records.
    #[serde(rename = "retentionDays")]
    pub retention: Retention,
    /// SMS options and texts.
    pub sms: SmsSettings,
    /// Read-only: the version of the legal notices the form's consent refers to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent_text_version: Option<String>,
    /// Read-only: the practitioner's public details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub practice: Option<Practice>,
}

/// A resource with the ETag it was read or written with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Versioned<T> {
    /// The resource.
    pub value: T,
    /// Its ETag, to send as `If-Match` with a change.
    pub etag: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retention_is_one_of_three_numbers() {
        assert_eq!(Retention::default().days(), 120);
        assert_eq!(serde_json::to_string(&Retention::Days240).unwrap(), "240");
        assert_eq!(
            serde_json::from_str::<Retention>("90").unwrap(),
            Retention::Days90
        );
        assert!(serde_json::from_str::<Retention>("100").is_err());
    }
}
