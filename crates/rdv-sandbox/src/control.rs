//! [`Control`]: the knobs tests and the demo turn, sharing the server's state. Every method is
//! synchronous (a `std::sync::Mutex` inside) and may be called from any thread.

use std::sync::Arc;
use std::time::Duration;

use serde_json::Value;

use crate::Consent;
use crate::events::view::{Projection, render};
use crate::oauth::{full_scope, granted_scopes};
use crate::world::{EventPaging, Role, Shared, World};

/// Tokens handed out by [`Control::issue_tokens`], as the token endpoint would.
#[derive(Clone, PartialEq, Eq)]
pub struct IssuedTokens {
    /// `ya29.`-like bearer token for the Calendar API.
    pub access_token: String,
    /// `1//`-like refresh token for `POST /token`.
    pub refresh_token: String,
    /// Seconds until the access token expires (3599, like Google).
    pub expires_in: u64,
}

impl std::fmt::Debug for IssuedTokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IssuedTokens")
            .field("access_token", &"[redacted]")
            .field("refresh_token", &"[redacted]")
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

/// One request the sandbox received. Headers and bodies are not kept (they may hold tokens);
/// the values of `access_token`, `token`, `code`, `refresh_token`, `client_secret` and
/// `code_verifier` in the query are replaced by `REDACTED`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// `GET`, `POST`, …
    pub method: String,
    /// The path as sent (percent-encoded), e.g. `/calendar/v3/calendars/x%40y/events`.
    pub path: String,
    /// The query string without `?` (empty when there is none).
    pub query: String,
}

/// A failure to inject into the next matching requests ([`Control::inject`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// Only requests with this method (`"GET"`, …); `None` = any.
    pub method: Option<String>,
    /// Only requests whose path (as sent, or percent-decoded) contains this text.
    pub path_contains: String,
    /// What happens instead of the normal answer.
    pub kind: FaultKind,
    /// How many matching requests it hits before it is removed (0 = none).
    pub times: u32,
}

impl Fault {
    /// A fault hitting the next request (any method) whose path contains `path_contains`.
    pub fn new(path_contains: &str, kind: FaultKind) -> Self {
        Self {
            method: None,
            path_contains: path_contains.to_owned(),
            kind,
            times: 1,
        }
    }

    /// Restricts the fault to one HTTP method.
    pub fn on(mut self, method: &str) -> Self {
        self.method = Some(method.to_ascii_uppercase());
        self
    }

    /// Hits the next `times` matching requests instead of one.
    pub fn times(mut self, times: u32) -> Self {
        self.times = times;
        self
    }

    pub(crate) fn matches(&self, method: &str, path: &str, decoded: &str) -> bool {
        self.times > 0
            && self
                .method
                .as_deref()
                .is_none_or(|m| m.eq_ignore_ascii_case(method))
            && (path.contains(&self.path_contains) || decoded.contains(&self.path_contains))
    }
}

/// What an injected fault does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FaultKind {
    /// Answer with this status and a Google-shaped error body for `reason` (Calendar envelope,
    /// or `{"error","error_description"}` on the OAuth endpoints). A 429 carries
    /// `Retry-After: 1`. The request is not processed.
    Status {
        /// HTTP status, e.g. 429, 500, 503, 403.
        status: u16,
        /// Google's reason, e.g. `rateLimitExceeded`, `backendError`, `quotaExceeded`.
        reason: String,
    },
    /// Wait this long, then process the request normally.
    Delay(Duration),
    /// Process the request (a write **is** applied), then hold the answer this long: a client
    /// killed meanwhile never learns that its write was applied (crash tests).
    DelayAnswer(Duration),
    /// Close the connection without answering; the request is **not** processed.
    DropConnection,
    /// Process the request (a write **is** applied), then answer `200` with its JSON cut in
    /// half.
    MalformedBody,
}

/// A handle on a running sandbox's state: cheap to clone, `Send + Sync`.
#[derive(Clone)]
pub struct Control {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Control {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Control")
    }
}

impl Control {
    pub(crate) fn new(shared: Arc<Shared>) -> Self {
        Self { shared }
    }

    pub(crate) fn with<T>(&self, f: impl FnOnce(&mut World) -> T) -> T {
        f(&mut self.shared.lock())
    }

    /// Changes what the authorization endpoint does from now on.
    pub fn set_consent(&self, consent: Consent) {
        self.with(|w| w.consent = consent);
    }

    /// Creates an account and its primary calendar (id = email, `Europe/Paris`), or renames it.
    pub fn add_account(&self, email: &str, display_name: &str) {
        self.with(|w| w.ensure_account(email, Some(display_name)));
    }

    /// Grants tokens as a completed consent would (the account is created if needed). Scopes may
    /// be written short (`"calendar"`, `"calendar.events"`) or in full; `email`/`profile` expand
    /// to their `userinfo.*` scopes plus `openid`.
    pub fn issue_tokens(&self, email: &str, scopes: &[&str]) -> IssuedTokens {
        self.with(|w| {
            w.ensure_account(email, None);
            let email = email.trim().to_lowercase();
            let requested: Vec<String> = scopes.iter().map(|s| full_scope(s)).collect();
            let (access, refresh) = w.issue_tokens(
                crate::oauth::Client::Desktop,
                &email,
                granted_scopes(&requested),
                true,
            );
            IssuedTokens {
                access_token: access,
                refresh_token: refresh.unwrap_or_default(),
                expires_in: crate::oauth::ACCESS_TTL_SECS as u64,
            }
        })
    }

    /// A refresh token of the *web* client ([`crate::WEB_CLIENT_ID`]) for `email`, as a
    /// completed `access_type=offline` consent would leave the booking site (the account is
    /// created if needed): what links the plugin to the sandbox without a browser. Scopes as in
    /// [`Control::issue_tokens`].
    pub fn mint_web_refresh_token(&self, email: &str, scopes: &[&str]) -> String {
        self.with(|w| {
            w.ensure_account(email, None);
            let email = email.trim().to_lowercase();
            let requested: Vec<String> = scopes.iter().map(|s| full_scope(s)).collect();
            let (_, refresh) = w.issue_tokens(
                crate::oauth::Client::Web,
                &email,
                granted_scopes(&requested),
                true,
            );
            refresh.unwrap_or_default()
        })
    }

    /// Registers a redirect URI for the web client, as in the console's "Authorized redirect
    /// URIs" (exact string; same as [`crate::Sandbox::register_web_redirect`]).
    pub fn register_web_redirect(&self, uri: &str) {
        self.with(|w| {
            w.oauth.web_redirects.insert(uri.to_owned());
        });
    }

    /// The account's refresh tokens stop working: the next refresh → 400 `invalid_grant`
    /// "Token has been expired or revoked." (access tokens already issued run until expiry).
    pub fn revoke_refresh_tokens(&self, email: &str) {
        let email = email.trim().to_lowercase();
        self.with(|w| {
            for r in w.oauth.refresh.values_mut().filter(|r| r.email == email) {
                r.revoked = true;
            }
        });
    }

    /// Every access token issued so far expires now: the next API call → 401 `authError`.
    pub fn expire_access_tokens(&self) {
        self.with(|w| {
            let past = w.now() - chrono::Duration::seconds(1);
            for a in w.oauth.access.values_mut() {
                a.expires_at = a.expires_at.min(past);
            }
        });
    }

    /// Every sync token issued so far (events, ACL, calendar list) expires: its next use →
    /// 410 `fullSyncRequired`. Tokens from listings made afterwards work.
    pub fn expire_sync_tokens(&self) {
        self.with(World::expire_sync_tokens);
    }

    /// Adds a fault (see [`FaultKind`]); the oldest matching fault fires first.
    pub fn inject(&self, fault: Fault) {
        self.with(|w| w.faults.push(fault));
    }

    /// Removes every fault not yet fired.
    pub fn clear_faults(&self) {
        self.with(|w| w.faults.clear());
    }

    /// The requests received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        self.with(|w| w.requests.clone())
    }

    /// Forgets the recorded requests.
    pub fn reset_requests(&self) {
        self.with(|w| w.requests.clear());
    }

    /// Sets the sandbox clock to `now` (it runs on from there): tests place their times from a
    /// pinned instant, never from the wall clock.
    pub fn start_clock_at(&self, now: chrono::DateTime<chrono::Utc>) {
        self.with(|w| w.start_clock_at(now));
    }

    /// Moves the sandbox clock forward (authorization codes and access tokens expire, stamps
    /// and `updated` jump) — to test lifetimes without sleeping.
    pub fn advance_time(&self, by: Duration) {
        let by = chrono::Duration::from_std(by).unwrap_or(chrono::Duration::zero());
        self.with(|w| w.advance(by));
    }

    /// The next `pages` listing pages (events, instances, ACL, calendar list) come back empty
    /// with a `nextPageToken` that resumes where they stood — Google may do that (notes §1).
    /// Each empty page's token is new, as Google's are.
    pub fn serve_empty_pages(&self, pages: u32) {
        self.with(|w| w.empty_pages = pages);
    }

    /// How `events.list` and `instances` page from now on: a hostile Google whose chain of
    /// pages never ends ([`EventPaging::Endless`]) or hands back the same `nextPageToken` for
    /// ever ([`EventPaging::Stuck`]), or the documented paging again ([`EventPaging::Honest`]:
    /// `nextPageToken` while more results are available, the final page without it — see
    /// <https://developers.google.com/workspace/calendar/api/guides/pagination>).
    pub fn set_event_paging(&self, paging: EventPaging) {
        self.with(|w| w.event_paging = paging);
    }

    /// Inserts an event as another party would (booking site, Google's web UI), as the
    /// calendar's owner; returns it as `events.get` would.
    ///
    /// # Panics
    /// When the calendar does not exist or the event is invalid (the message says why).
    pub fn insert_event(&self, calendar_id: &str, event: Value) -> Value {
        self.with(|w| w.insert_as_owner(calendar_id, event))
            .unwrap_or_else(|e| panic!("insert_event on {calendar_id}: {e}"))
    }

    /// Patches an event (or an instance of a series) with `events.patch` semantics.
    ///
    /// # Panics
    /// When the calendar or event does not exist or the result is invalid.
    pub fn patch_event(&self, calendar_id: &str, event_id: &str, patch: Value) -> Value {
        self.with(|w| {
            owner_of(w, calendar_id);
            let stored = w
                .event_patch(calendar_id, event_id, patch, None)
                .unwrap_or_else(|e| {
                    panic!("patch_event {event_id} on {calendar_id}: {}", e.body())
                });
            render(
                &stored,
                w.calendars[calendar_id].time_zone,
                Projection::Full,
            )
        })
    }

    /// Gives a stored timed event these `start` and `end` instants **without** the API's
    /// checks: Google answers `400 timeRangeEmpty` to a write whose end is before its start
    /// (the HTTP API here too), yet an item written long ago or by another client may hold
    /// one, and the app must survive it. `etag` and `updated` move as on any write, so the
    /// next incremental sync returns the event. For tests; returns it as `events.get` would.
    ///
    /// # Panics
    /// When the calendar or the stored event does not exist.
    pub fn force_event_times(
        &self,
        calendar_id: &str,
        event_id: &str,
        start: chrono::DateTime<chrono::Utc>,
        end: chrono::DateTime<chrono::Utc>,
    ) -> Value {
        self.with(|w| {
            owner_of(w, calendar_id);
            let stored = w
                .event_force_times(calendar_id, event_id, start, end)
                .unwrap_or_else(|e| {
                    panic!(
                        "force_event_times {event_id} on {calendar_id}: {}",
                        e.body()
                    )
                });
            render(
                &stored,
                w.calendars[calendar_id].time_zone,
                Projection::Full,
            )
        })
    }

    /// Deletes an event (or cancels one instance of a series).
    ///
    /// # Panics
    /// When the calendar or event does not exist, or the event is already deleted.
    pub fn delete_event(&self, calendar_id: &str, event_id: &str) {
        self.with(|w| {
            owner_of(w, calendar_id);
            w.event_delete(calendar_id, event_id, None)
                .unwrap_or_else(|e| {
                    panic!("delete_event {event_id} on {calendar_id}: {}", e.body())
                });
        });
    }

    /// Shares a calendar with an account as its owner would through the API (`acl.insert`;
    /// `role`: `none`, `freeBusyReader`, `reader`, `writer`, `owner`; `none` removes the rule
    /// and, as in Google, the calendar from the account's list). As in Google, the calendar is
    /// NOT in the grantee's calendar list until the grantee adds it (`calendarList.insert`).
    ///
    /// # Panics
    /// When the calendar does not exist or the role is unknown.
    pub fn grant(&self, calendar_id: &str, email: &str, role: &str) {
        let role = Role::parse(role).unwrap_or_else(|| panic!("unknown ACL role {role:?}"));
        let email = email.trim().to_lowercase();
        self.with(|w| {
            owner_of(w, calendar_id);
            w.set_rule(calendar_id, "user", Some(&email), role);
        });
    }

    /// A share the grantee has already added to her calendar list: [`Control::grant`], then
    /// the calendar put into the grantee's list as `calendarList.insert` would. For tests of
    /// other areas that start from a secretary already set up; a test of *reaching* a shared
    /// agenda grants with [`Control::grant`] and lets the app add it.
    ///
    /// # Panics
    /// When the calendar does not exist or the role is unknown or `none`.
    pub fn grant_already_added(&self, calendar_id: &str, email: &str, role: &str) {
        self.grant(calendar_id, email, role);
        let email = email.trim().to_lowercase();
        self.with(|w| {
            w.add_to_list(calendar_id, &email)
                .unwrap_or_else(|| panic!("{calendar_id} is not shared with {email}"));
        });
    }

    /// Every stored event of a calendar, cancelled ones and instance exceptions included, with
    /// all their details, in insertion order.
    ///
    /// # Panics
    /// When the calendar does not exist.
    pub fn events(&self, calendar_id: &str) -> Vec<Value> {
        self.with(|w| {
            owner_of(w, calendar_id);
            let cal = &w.calendars[calendar_id];
            let mut events: Vec<_> = cal.events.values().collect();
            events.sort_by_key(|e| e.seq);
            events
                .into_iter()
                .map(|e| render(&e.body, cal.time_zone, Projection::Full))
                .collect()
        })
    }
}

fn owner_of(w: &World, calendar_id: &str) -> String {
    w.calendars
        .get(calendar_id)
        .map(|c| c.owner.clone())
        .unwrap_or_else(|| panic!("no calendar {calendar_id:?} in the sandbox"))
}

impl Control {
    /// Every SMS the provider's stand-in accepted (`POST /v3/transactionalSMS/send`), oldest
    /// first.
    pub fn sms_received(&self) -> Vec<crate::ProviderSms> {
        self.with(|w| w.sms.messages.clone())
    }

    /// The API key the provider's stand-in accepts from now on (default [`crate::SMS_API_KEY`]).
    pub fn set_sms_api_key(&self, key: &str) {
        self.with(|w| w.sms.api_key = key.to_owned());
    }

    /// Has the provider's stand-in post the delivery event `status` (`sent`, `delivered`,
    /// `soft_bounce`, `hard_bounce`) of message `message_id` to its `webUrl`, as Brevo does;
    /// returns the HTTP status the webhook answered.
    pub async fn deliver_sms(
        &self,
        message_id: u64,
        status: &str,
    ) -> Result<u16, crate::DeliverError> {
        crate::brevo::deliver(&self.shared, message_id, status).await
    }
}
