//! Google Calendar's event resource as one typed model — what Google sends and what we write —
//! shared by the Calendar client (`rdv-google`), the availability planner
//! ([`crate::availability::publish::google`], [`crate::availability::publish::shared`]) and the
//! `rdv` command line (`rdv publish --events`). Pure data: the HTTP calls are `rdv-google`'s.
//!
//! Field names and meanings: the `Event` schema of Google's discovery document
//! (shared/reference/google-calendar-v3-discovery.json) and google-calendar-notes.md; only the
//! fields the product stores or writes are kept, unknown ones are ignored when reading.

use crate::Sensitive;
use crate::sensitive::wire;
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A calendar event, as Google sends it and as we write it. Every field is optional because
/// Google omits defaults and a deleted event arrives as little more than `id` and
/// `status: "cancelled"`; unknown fields are ignored. Titles, descriptions, locations and
/// private-property values may hold patient data, so they are [`Sensitive`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Event {
    /// Event id (base32hex, 5–1024 chars); choose it on insert to make the insert retryable.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Version tag, for `If-Match`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub etag: Option<String>,
    /// `confirmed`, `tentative` or `cancelled` (deleted).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Title.
    #[serde(with = "wire::opt_string", skip_serializing_if = "Option::is_none")]
    pub summary: Option<Sensitive<String>>,
    /// Description.
    #[serde(with = "wire::opt_string", skip_serializing_if = "Option::is_none")]
    pub description: Option<Sensitive<String>>,
    /// Location.
    #[serde(with = "wire::opt_string", skip_serializing_if = "Option::is_none")]
    pub location: Option<Sensitive<String>>,
    /// Start (inclusive).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<EventDateTime>,
    /// End (exclusive).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<EventDateTime>,
    /// RFC 5545 `RRULE`/`EXRULE`/`RDATE`/`EXDATE` lines, on a series master only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurrence: Option<Vec<String>>,
    /// On an instance: its series' master id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recurring_event_id: Option<String>,
    /// On an instance: where the rule placed it (stable even when moved).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub original_start_time: Option<EventDateTime>,
    /// `opaque` (busy, the default, then omitted) or `transparent` (free).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transparency: Option<String>,
    /// `default`, `public`, `private` or `confidential`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visibility: Option<String>,
    /// The `rdv.*` markers live in `private` (docs/calendar-conventions.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extended_properties: Option<ExtendedProperties>,
    /// Creation instant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created: Option<DateTime<Utc>>,
    /// Last modification instant.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updated: Option<DateTime<Utc>>,
    /// Event colour key (`"1"`–`"11"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub color_id: Option<String>,
    /// Link to the event in Google Calendar's web UI.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub html_link: Option<String>,
}

impl Event {
    /// Whether Google reports the event deleted (`status: "cancelled"`).
    pub fn is_cancelled(&self) -> bool {
        self.status.as_deref() == Some("cancelled")
    }

    /// Whether the event leaves its time free (`transparency: "transparent"`).
    pub fn is_transparent(&self) -> bool {
        self.transparency.as_deref() == Some("transparent")
    }

    /// A private extended property (an `rdv.*` marker), by exact key.
    pub fn private_property(&self, key: &str) -> Option<&Sensitive<String>> {
        self.extended_properties
            .as_ref()?
            .private
            .as_ref()?
            .get(key)
    }
}

/// When an event starts or ends: either `date` (all day; an end date is exclusive) or
/// `date_time` (with its offset, as Google wrote it) and usually the IANA `time_zone`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EventDateTime {
    /// All-day date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<NaiveDate>,
    /// Instant, with the offset Google gave.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date_time: Option<DateTime<FixedOffset>>,
    /// IANA zone, e.g. `Europe/Paris`; required on recurring events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
}

impl EventDateTime {
    /// A timed start or end in a named zone.
    pub fn at(instant: DateTime<FixedOffset>, time_zone: &str) -> Self {
        Self {
            date: None,
            date_time: Some(instant),
            time_zone: Some(time_zone.to_owned()),
        }
    }

    /// An all-day start or end.
    pub fn all_day(date: NaiveDate) -> Self {
        Self {
            date: Some(date),
            ..Self::default()
        }
    }
}

/// Key/value properties attached to an event. Keys (the convention's markers) stay readable;
/// values may be patient data.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ExtendedProperties {
    /// Visible only on this calendar's copy of the event (where the `rdv.*` markers go).
    #[serde(with = "wire::opt_map", skip_serializing_if = "Option::is_none")]
    pub private: Option<BTreeMap<String, Sensitive<String>>>,
    /// Visible on every attendee's copy; only the organizer may set them.
    #[serde(with = "wire::opt_map", skip_serializing_if = "Option::is_none")]
    pub shared: Option<BTreeMap<String, Sensitive<String>>>,
}
