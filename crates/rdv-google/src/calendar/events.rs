//! Events: the types we store and the list (full and incremental sync), get, insert, update,
//! patch, delete and instances calls.

use super::{CalendarClient, CalendarError, Call, Replay, decode, rfc3339};
use chrono::{DateTime, Utc};
use rdv_core::Sensitive;
use reqwest::Method;
use serde::Deserialize;

/// Google's event resource: one typed model, in `rdv-core` (shared with the availability
/// planner and the `rdv` command line), re-exported here.
pub use rdv_core::google::{Event, EventDateTime, ExtendedProperties};

/// The event fields read back from Google (partial response): what the app stores and nothing
/// else.
pub const EVENT_FIELDS: &str = "id,etag,status,summary,description,location,start,end,recurrence,\
recurringEventId,originalStartTime,transparency,visibility,extendedProperties,created,updated,\
colorId,htmlLink";

/// Largest page Google serves.
pub const MAX_PAGE_SIZE: u32 = 2500;

/// Parameters of one `events.list` page.
///
/// Full sync: set the window (`time_min`/`time_max`) and follow `next_page_token` until a page
/// carries `next_sync_token`. Incremental sync: set only `sync_token` (+ `page_token` while
/// paging) and repeat the *other* parameters of the full sync (`single_events`, `max_results`);
/// Google forbids a sync token together with `timeMin`/`timeMax` (and `q`, `orderBy`,
/// `updatedMin`, extended-property filters, `showDeleted=false`), and this client refuses such a
/// combination before sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListEvents {
    /// From the previous listing's last page.
    pub sync_token: Option<String>,
    /// From the previous page.
    pub page_token: Option<String>,
    /// Only events ending after this instant.
    pub time_min: Option<DateTime<Utc>>,
    /// Only events starting before this instant.
    pub time_max: Option<DateTime<Utc>>,
    /// Expand recurring series into instances (masters are then not returned).
    pub single_events: bool,
    /// Include deleted events; `None` leaves Google's default (and is required with a sync
    /// token, which always includes them).
    pub show_deleted: Option<bool>,
    /// Page size, at most [`MAX_PAGE_SIZE`] (default).
    pub max_results: u32,
    /// A custom partial-response selector; `None` = [`EVENT_FIELDS`] plus the page tokens. A
    /// custom one always gets `nextPageToken,nextSyncToken` added when it lacks them.
    pub fields: Option<String>,
    /// `privateExtendedProperty` constraints, `name=value` (e.g. `rdv.kind=availability`);
    /// Google forbids them with a sync token.
    pub private_extended_property: Vec<String>,
}

impl Default for ListEvents {
    fn default() -> Self {
        Self {
            sync_token: None,
            page_token: None,
            time_min: None,
            time_max: None,
            single_events: false,
            show_deleted: None,
            max_results: MAX_PAGE_SIZE,
            fields: None,
            private_extended_property: Vec::new(),
        }
    }
}

impl ListEvents {
    /// The first page of a full sync over `[time_min, time_max)`.
    pub fn window(time_min: Option<DateTime<Utc>>, time_max: Option<DateTime<Utc>>) -> Self {
        Self {
            time_min,
            time_max,
            ..Self::default()
        }
    }

    /// The first page of an incremental sync.
    pub fn incremental(sync_token: impl Into<String>) -> Self {
        Self {
            sync_token: Some(sync_token.into()),
            ..Self::default()
        }
    }

    /// The same listing, at `page_token`.
    pub fn page(&self, page_token: impl Into<String>) -> Self {
        Self {
            page_token: Some(page_token.into()),
            ..self.clone()
        }
    }

    /// Refuses what Google would answer 400 to.
    pub fn validate(&self) -> Result<(), CalendarError> {
        if self.sync_token.is_some() {
            let mut forbidden = Vec::new();
            if self.time_min.is_some() {
                forbidden.push("timeMin");
            }
            if self.time_max.is_some() {
                forbidden.push("timeMax");
            }
            if self.show_deleted == Some(false) {
                forbidden.push("showDeleted=false");
            }
            if !self.private_extended_property.is_empty() {
                forbidden.push("privateExtendedProperty");
            }
            if !forbidden.is_empty() {
                return Err(CalendarError::InvalidRequest(format!(
                    "a sync token cannot be combined with {} (Google answers 400); \
                     list incrementally with the token alone, or run a full sync without it",
                    forbidden.join(", ")
                )));
            }
        }
        if let (Some(min), Some(max)) = (self.time_min, self.time_max)
            && max <= min
        {
            return Err(CalendarError::InvalidRequest(
                "the time window is empty (timeMax must be after timeMin)".into(),
            ));
        }
        if self.max_results == 0 {
            return Err(CalendarError::InvalidRequest(
                "max_results must be at least 1".into(),
            ));
        }
        Ok(())
    }

    fn fields(&self) -> String {
        match &self.fields {
            None => {
                format!("nextPageToken,nextSyncToken,timeZone,accessRole,items({EVENT_FIELDS})")
            }
            Some(custom) => {
                let mut f = custom.trim().to_owned();
                for must in ["nextSyncToken", "nextPageToken"] {
                    if !f.split(',').any(|p| p.trim() == must || p.trim() == "*") {
                        f = if f.is_empty() {
                            must.to_owned()
                        } else {
                            format!("{must},{f}")
                        };
                    }
                }
                f
            }
        }
    }

    fn apply(&self, url: &mut url::Url) {
        let mut q = url.query_pairs_mut();
        q.append_pair(
            "maxResults",
            &self.max_results.min(MAX_PAGE_SIZE).to_string(),
        );
        if let Some(t) = &self.sync_token {
            q.append_pair("syncToken", t);
        }
        if let Some(t) = &self.page_token {
            q.append_pair("pageToken", t);
        }
        if let Some(t) = &self.time_min {
            q.append_pair("timeMin", &rfc3339(t));
        }
        if let Some(t) = &self.time_max {
            q.append_pair("timeMax", &rfc3339(t));
        }
        if self.single_events {
            q.append_pair("singleEvents", "true");
        }
        if let Some(d) = self.show_deleted {
            q.append_pair("showDeleted", if d { "true" } else { "false" });
        }
        for constraint in &self.private_extended_property {
            q.append_pair("privateExtendedProperty", constraint);
        }
        q.append_pair("fields", &self.fields());
    }
}

/// One page of `events.list` (or `events.instances`).
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EventsPage {
    /// The events; cancelled ones when listing incrementally or with `show_deleted`. A page may
    /// be empty and still have a next page.
    pub items: Vec<Event>,
    /// Present on every page but the last.
    pub next_page_token: Option<String>,
    /// Present on the last page only: save it for the next incremental sync.
    pub next_sync_token: Option<String>,
    /// The calendar's time zone.
    pub time_zone: Option<String>,
    /// The caller's access role on the calendar (`owner`, `writer`, `reader`, `freeBusyReader`).
    pub access_role: Option<String>,
}

/// A fresh random event id that Google accepts (26 base32hex characters, like Google's own), to
/// make an insert safely retryable.
pub fn new_event_id() -> String {
    const ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuv";
    (0..26)
        .map(|_| ALPHABET[fastrand::usize(..ALPHABET.len())] as char)
        .collect()
}

impl CalendarClient {
    /// One page of a calendar's events (`GET calendars/{id}/events`). Loop over
    /// `next_page_token`; keep the last page's `next_sync_token`. A `410`
    /// ([`CalendarError::FullSyncRequired`]) means: drop the token and the cache, full-sync.
    pub async fn list_events(
        &self,
        token: &Sensitive<String>,
        calendar_id: &str,
        params: &ListEvents,
    ) -> Result<EventsPage, CalendarError> {
        params.validate()?;
        let mut url = self.url(&["calendars", calendar_id, "events"])?;
        params.apply(&mut url);
        self.fetch(&Call::new(Method::GET, url, token)).await
    }

    /// One page of a recurring event's instances (`GET …/events/{id}/instances`); sync tokens
    /// don't apply there.
    pub async fn instances(
        &self,
        token: &Sensitive<String>,
        calendar_id: &str,
        event_id: &str,
        params: &ListEvents,
    ) -> Result<EventsPage, CalendarError> {
        if params.sync_token.is_some() {
            return Err(CalendarError::InvalidRequest(
                "instances cannot be listed with a sync token".into(),
            ));
        }
        params.validate()?;
        let mut url = self.url(&["calendars", calendar_id, "events", event_id, "instances"])?;
        params.apply(&mut url);
        self.fetch(&Call::new(Method::GET, url, token)).await
    }

    /// One event, cancelled ones included. With `if_none_match` (an ETag we hold), an unchanged
    /// event gives [`CalendarError::NotModified`] at little cost.
    pub async fn get_event(
        &self,
        token: &Sensitive<String>,
        calendar_id: &str,
        event_id: &str,
        if_none_match: Option<&str>,
    ) -> Result<Event, CalendarError> {
        let mut url = self.event_url(calendar_id, event_id)?;
        url.query_pairs_mut().append_pair("fields", EVENT_FIELDS);
        self.fetch(&Call::new(Method::GET, url, token).if_none_match(if_none_match))
            .await
    }

    /// Creates an event (`POST`, Google answers 200). With `event.id` set, the insert is retried
    /// like any other request and a `409 duplicate` after a retry returns the event our earlier
    /// attempt created; without an id it is never repeated once it may have reached Google.
    pub async fn insert_event(
        &self,
        token: &Sensitive<String>,
        calendar_id: &str,
        event: &Event,
    ) -> Result<Event, CalendarError> {
        let mut url = self.url(&["calendars", calendar_id, "events"])?;
        url.query_pairs_mut().append_pair("fields", EVENT_FIELDS);
        let replay = if event.id.is_some() {
            Replay::Safe
        } else {
            Replay::OnlyIfNotApplied
        };
        let call = Call::new(Method::POST, url, token)
            .json(event)?
            .replay(replay);
        match self.execute(&call).await {
            Ok(answer) => decode(&answer.body),
            Err(f) if f.error == CalendarError::Duplicate && f.maybe_applied_earlier => {
                let id = event.id.as_deref().unwrap_or_default();
                tracing::debug!(
                    "insert retried after an unanswered attempt: reading back the event"
                );
                self.get_event(token, calendar_id, id, None).await
            }
            Err(f) => Err(f.error),
        }
    }

    /// Replaces an event (`PUT`): omitted fields are cleared, including private properties.
    /// With `if_match`, a concurrent change gives [`CalendarError::Conflict`].
    pub async fn update_event(
        &self,
        token: &Sensitive<String>,
        calendar_id: &str,
        event_id: &str,
        event: &Event,
        if_match: Option<&str>,
    ) -> Result<Event, CalendarError> {
        let mut url = self.event_url(calendar_id, event_id)?;
        url.query_pairs_mut().append_pair("fields", EVENT_FIELDS);
        let call = Call::new(Method::PUT, url, token)
            .json(event)?
            .if_match(if_match);
        self.fetch(&call).await
    }

    /// Changes only the given fields (`PATCH`; arrays replace, `extendedProperties.private`
    /// merges by key, a `null` value deletes the key). With `if_match`, a concurrent change gives
    /// [`CalendarError::Conflict`] — as does a retry after an attempt that was applied but
    /// unanswered: re-read the event before concluding someone else changed it.
    pub async fn patch_event(
        &self,
        token: &Sensitive<String>,
        calendar_id: &str,
        event_id: &str,
        patch: &serde_json::Value,
        if_match: Option<&str>,
    ) -> Result<Event, CalendarError> {
        let mut url = self.event_url(calendar_id, event_id)?;
        url.query_pairs_mut().append_pair("fields", EVENT_FIELDS);
        let call = Call::new(Method::PATCH, url, token)
            .json(patch)?
            .if_match(if_match);
        self.fetch(&call).await
    }

    /// Deletes an event (Google answers 204). Deleting an already deleted event gives
    /// [`CalendarError::Deleted`] — the goal is reached; a retry after an unanswered attempt
    /// that then finds the event gone (`410`/`404`) returns `Ok`.
    pub async fn delete_event(
        &self,
        token: &Sensitive<String>,
        calendar_id: &str,
        event_id: &str,
        if_match: Option<&str>,
    ) -> Result<(), CalendarError> {
        let url = self.event_url(calendar_id, event_id)?;
        let call = Call::new(Method::DELETE, url, token).if_match(if_match);
        match self.execute(&call).await {
            Ok(_) => Ok(()),
            Err(f)
                if f.maybe_applied_earlier
                    && matches!(f.error, CalendarError::Deleted | CalendarError::NotFound) =>
            {
                Ok(())
            }
            Err(f) => Err(f.error),
        }
    }

    fn event_url(&self, calendar_id: &str, event_id: &str) -> Result<url::Url, CalendarError> {
        self.url(&["calendars", calendar_id, "events", event_id])
    }
}

#[cfg(test)]
mod tests;
