//! The user's calendar list: their own calendars and those shared with them (the secretary's
//! side-by-side agendas come from here).

use super::{CalendarClient, CalendarError, Call};
use rdv_core::Sensitive;
use reqwest::Method;
use serde::Deserialize;

/// The fields read for each calendar.
pub const CALENDAR_LIST_FIELDS: &str = "nextPageToken,items(id,summary,summaryOverride,\
description,timeZone,colorId,backgroundColor,foregroundColor,accessRole,primary,selected,hidden,\
deleted)";

/// The fields read for one entry (`calendarList.insert`'s answer).
pub const CALENDAR_LIST_ENTRY_FIELDS: &str = "id,summary,summaryOverride,description,timeZone,\
colorId,backgroundColor,foregroundColor,accessRole,primary,selected,hidden,deleted";

/// One calendar in the user's list. Every field is optional, as Google may omit it: `primary`,
/// `hidden` and `deleted` appear only when true (see the helper methods).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct CalendarListEntry {
    /// Calendar id (an email-like address; the primary calendar's is the account's email).
    pub id: Option<String>,
    /// The calendar's title.
    pub summary: Option<String>,
    /// The title this user gave it, which takes precedence when shown.
    pub summary_override: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// IANA time zone, e.g. `Europe/Paris`.
    pub time_zone: Option<String>,
    /// Colour key.
    pub color_id: Option<String>,
    /// Background colour, `#rrggbb`.
    pub background_color: Option<String>,
    /// Foreground colour, `#rrggbb`.
    pub foreground_color: Option<String>,
    /// `owner`, `writer`, `reader` or `freeBusyReader`.
    pub access_role: Option<String>,
    /// `Some(true)` on the user's primary calendar.
    pub primary: Option<bool>,
    /// Shown in the user's Google Calendar UI.
    pub selected: Option<bool>,
    /// `Some(true)` when hidden from the user's list.
    pub hidden: Option<bool>,
    /// `Some(true)` when removed from the list (incremental listings only).
    pub deleted: Option<bool>,
}

impl CalendarListEntry {
    /// The title to show: the user's override, else the calendar's, else its id.
    pub fn title(&self) -> &str {
        self.summary_override
            .as_deref()
            .or(self.summary.as_deref())
            .or(self.id.as_deref())
            .unwrap_or_default()
    }

    /// Whether this is the user's primary calendar.
    pub fn is_primary(&self) -> bool {
        self.primary == Some(true)
    }

    /// Whether the entry was removed from the list.
    pub fn is_deleted(&self) -> bool {
        self.deleted == Some(true)
    }

    /// Whether the user may write events on it (`owner` or `writer`).
    pub fn can_write(&self) -> bool {
        matches!(self.access_role.as_deref(), Some("owner" | "writer"))
    }
}

impl CalendarClient {
    /// Every calendar in the user's list, all pages followed (250 per page).
    pub async fn calendar_list(
        &self,
        token: &Sensitive<String>,
    ) -> Result<Vec<CalendarListEntry>, CalendarError> {
        let mut url = self.url(&["users", "me", "calendarList"])?;
        url.query_pairs_mut()
            .append_pair("maxResults", "250")
            .append_pair("fields", CALENDAR_LIST_FIELDS);
        self.fetch_all(token, url).await
    }

    /// Adds a calendar shared with the user to their calendar list (`calendarList.insert`,
    /// body `{"id": calendar_id}`): Google does not reliably list a calendar shared through
    /// the API until its grantee adds it (googleapis/google-api-nodejs-client#1965). Answers the
    /// new entry; a calendar already listed answers its entry again, so the call is retried like
    /// an idempotent one. [`CalendarError::NotFound`]: no such calendar, or not shared with the
    /// user.
    pub async fn calendar_list_insert(
        &self,
        token: &Sensitive<String>,
        calendar_id: &str,
    ) -> Result<CalendarListEntry, CalendarError> {
        let mut url = self.url(&["users", "me", "calendarList"])?;
        url.query_pairs_mut()
            .append_pair("fields", CALENDAR_LIST_ENTRY_FIELDS);
        let body = serde_json::json!({ "id": calendar_id });
        let call = Call::new(Method::POST, url, token).json(&body)?;
        self.fetch(&call).await
    }
}
