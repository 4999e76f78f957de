//! Free/busy: the busy intervals of calendars, without event details.

use super::{CalendarClient, CalendarError, Call};
use chrono::{DateTime, Utc};
use rdv_core::Sensitive;
use reqwest::Method;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A `freebusy.query` request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FreeBusyRequest {
    /// Start of the interval.
    pub time_min: DateTime<Utc>,
    /// End of the interval.
    pub time_max: DateTime<Utc>,
    /// Zone of the answer (Google's default: UTC).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
    /// The calendars to query.
    pub items: Vec<FreeBusyRequestItem>,
}

impl FreeBusyRequest {
    /// Busy times of `calendar_ids` over `[time_min, time_max)`.
    pub fn new(time_min: DateTime<Utc>, time_max: DateTime<Utc>, calendar_ids: &[&str]) -> Self {
        Self {
            time_min,
            time_max,
            time_zone: None,
            items: calendar_ids
                .iter()
                .map(|id| FreeBusyRequestItem {
                    id: (*id).to_owned(),
                })
                .collect(),
        }
    }
}

/// One calendar to query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FreeBusyRequestItem {
    /// Calendar id.
    pub id: String,
}

/// A `freebusy.query` answer.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FreeBusyResponse {
    /// Start of the interval.
    pub time_min: Option<DateTime<Utc>>,
    /// End of the interval.
    pub time_max: Option<DateTime<Utc>>,
    /// Per calendar id.
    pub calendars: BTreeMap<String, FreeBusyCalendar>,
}

/// One calendar's busy times, or why they are missing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct FreeBusyCalendar {
    /// Busy intervals (transparent and cancelled events don't count).
    pub busy: Vec<TimePeriod>,
    /// Per-calendar failures (`notFound`, …) instead of failing the whole query.
    pub errors: Vec<FreeBusyError>,
}

/// A busy interval: start inclusive, end exclusive.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TimePeriod {
    /// Start.
    pub start: DateTime<Utc>,
    /// End.
    pub end: DateTime<Utc>,
}

/// Why a calendar's free/busy is missing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct FreeBusyError {
    /// Error domain.
    pub domain: Option<String>,
    /// Reason, e.g. `notFound`.
    pub reason: Option<String>,
}

impl CalendarClient {
    /// Busy intervals of the requested calendars (`POST freeBusy`; read-only, so retried like a
    /// GET).
    pub async fn freebusy(
        &self,
        token: &Sensitive<String>,
        request: &FreeBusyRequest,
    ) -> Result<FreeBusyResponse, CalendarError> {
        if request.time_max <= request.time_min {
            return Err(CalendarError::InvalidRequest(
                "the time window is empty (timeMax must be after timeMin)".into(),
            ));
        }
        let url = self.url(&["freeBusy"])?;
        let call = Call::new(Method::POST, url, token).json(request)?;
        self.fetch(&call).await
    }
}
