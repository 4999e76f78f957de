//! The linked booking site and its SMS texts and usage.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The linked booking site (Réglages → Site de réservation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SiteState {
    /// A site is linked.
    pub linked: bool,
    /// Its address.
    pub url: Option<String>,
    /// The WordPress user.
    pub user: Option<String>,
    /// The site's name, as it said when linked.
    pub site_name: Option<String>,
    /// When its records were last pulled (RFC 3339).
    pub last_sync: Option<String>,
    /// The site's own link to Google at the last sync: `ok`, `revoked` (online booking stopped
    /// until the practitioner links it again in WordPress), `unlinked`, or `null` (a site that
    /// does not say: API 1.0).
    pub google: Option<String>,
}

/// A character that forces UCS-2, where it is in the text, and its GSM replacement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SmsCharacter {
    /// The character.
    pub character: String,
    /// Its position in the text as typed, in UTF-16 units (JavaScript string index).
    pub index: u32,
    /// The GSM replacement (may be empty: remove it), `null` when there is none.
    pub replacement: Option<String>,
}

/// An SMS text checked and counted on its realistic preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SmsCheck {
    /// `GSM-7` or `UCS-2`.
    pub encoding: String,
    /// Units (septets or UTF-16 units) of the preview.
    pub units: u32,
    /// SMS billed per sending.
    pub segments: u32,
    /// Units per segment (160/153 or 70/67).
    pub per_segment: u32,
    /// Units left in the last segment.
    pub remaining_in_segment: u32,
    /// The characters of the text that force UCS-2.
    pub ucs2_characters: Vec<SmsCharacter>,
    /// The preview with realistic long values.
    pub preview: String,
    /// What blocks validating it (French).
    pub problems: Vec<String>,
    /// Two SMS or more.
    pub costs_several: bool,
    /// The text with every replaceable character replaced (one click).
    pub gsm_version: String,
}

/// The site's SMS texts, each checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SmsTextsState {
    /// Confirmation text.
    pub confirmation: String,
    /// Day-before reminder text.
    pub reminder: String,
    /// Cancellation text.
    pub cancellation: String,
    /// Its check.
    pub confirmation_check: SmsCheck,
    /// Its check.
    pub reminder_check: SmsCheck,
    /// Its check.
    pub cancellation_check: SmsCheck,
    /// The practitioner's name used by `{praticien}`.
    pub practitioner: String,
    /// Price per SMS segment in euros (decimal string).
    pub price_per_segment: Option<String>,
}

/// One month of SMS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UsageMonth {
    /// `YYYY-MM`.
    pub month: String,
    /// Messages sent.
    pub messages: u32,
    /// Segments billed.
    pub segments: u32,
    /// Cost in euros (decimal string).
    pub cost: String,
    /// Price per segment (decimal string).
    pub price_per_segment: String,
}

/// SMS usage, current and previous month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SmsUsageView {
    /// This month so far.
    pub current: UsageMonth,
    /// Last month (billed).
    pub previous: UsageMonth,
}
