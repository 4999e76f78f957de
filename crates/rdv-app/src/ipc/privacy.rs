//! Personal data: retention, purges and erasure requests.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One purge or erasure, in counts only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PurgeEntry {
    /// When (RFC 3339).
    pub at: String,
    /// A retention purge: the start of the period then — bookings made before it, whose
    /// appointment had ended, were purged. An erasure: its instant (RFC 3339).
    pub cutoff: String,
    /// `retention` or `erasure`.
    pub kind: String,
    /// How many bookings lost their personal data.
    pub bookings: u32,
}

/// Personal-data retention (Réglages → Données personnelles).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RetentionState {
    /// 90, 120 or 240 days after the booking.
    pub days: u32,
    /// The periods the service offers, in days (the choices of the setting).
    pub periods: Vec<u32>,
    /// The default period, in days.
    pub default_days: u32,
    /// What the first purge that erased a booking did, shown until the practitioner dismisses
    /// it; `None` after that (or before such a purge: one that erases nothing leaves no notice).
    pub notice: Option<RetentionNotice>,
    /// The latest purges and erasures.
    pub log: Vec<PurgeEntry>,
}

/// What the first purge that erased a booking did (retention is on by default): shown once,
/// until dismissed. Counts and dates only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RetentionNotice {
    /// When it ran (RFC 3339).
    pub at: String,
    /// The retention period it applied, in days.
    pub days: u32,
    /// How many appointments lost their personal data.
    pub bookings: u32,
    /// The start of the earliest of them (RFC 3339); `None` when none.
    pub first_start: Option<String>,
    /// The start of the latest of them (RFC 3339); `None` when none.
    pub last_start: Option<String>,
}

/// What a purge would remove now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RetentionPreview {
    /// The start of the period: bookings made before it (RFC 3339), once their appointment has
    /// ended.
    pub cutoff: String,
    /// How many bookings.
    pub count: u32,
    /// Their starts (RFC 3339), at most 500.
    pub starts: Vec<String>,
}

/// A booking of the person an erasure request is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ErasureMatch {
    /// Its calendar.
    pub calendar_id: String,
    /// Its event.
    pub event_id: String,
    /// Its start (RFC 3339).
    pub start: String,
    /// Its appointment type id.
    pub appointment_type: Option<String>,
    /// Found in the local cache.
    pub in_cache: bool,
    /// Found in the Google calendar.
    pub in_calendar: bool,
    /// Found on the booking site.
    pub in_site: bool,
}

/// What an erasure did, and the report to send back to the person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ErasureReport {
    /// When it finished, or while pending when it was asked (RFC 3339).
    pub erased_at: String,
    /// Every part is done or skipped; `false`: some part is pending and will be resumed (at
    /// the next sync), so the report must not be sent yet.
    pub complete: bool,
    /// Calendar events anonymised (the calendar parts done).
    pub calendar_events: u32,
    /// Cached bookings anonymised.
    pub cached_bookings: u32,
    /// Booking records erased on the site (`None`: no site linked).
    pub site_records: Option<u32>,
    /// Each place the erasure reaches (each calendar, the site, the local copy) and where it
    /// stands.
    pub parts: Vec<ErasurePart>,
    /// The text to send back (French).
    pub report: String,
}

/// Where a part of an erasure acts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ErasurePlace {
    /// A Google calendar.
    Calendar,
    /// The booking site.
    Site,
    /// The app's local copy.
    Cache,
}

/// Where a part of an erasure stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ErasureStep {
    /// Done.
    Done,
    /// Not reached yet (see the reason); resumed at the next sync.
    Pending,
    /// Cannot be done from this app (see the reason).
    Skipped,
}

/// One place an erasure reaches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ErasurePart {
    /// A calendar, the site or the local copy.
    pub place: ErasurePlace,
    /// Its name (the calendar's, the site's).
    pub label: String,
    /// Where it stands.
    pub step: ErasureStep,
    /// Bookings (events, records) found there and erased.
    pub count: u32,
    /// Why it is pending or skipped (French).
    pub reason: Option<String>,
}
