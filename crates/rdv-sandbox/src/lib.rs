//! # rdv-sandbox — a local stand-in for Google (OAuth 2.0 + Calendar v3 subset) and the booking site
//!
//! Responsibility: serve, on `127.0.0.1` only, the subset of Google's OAuth 2.0 and Calendar v3
//! APIs that RDV Compagnon uses, **behaving as Google is documented to behave** in
//! `shared/reference/google-calendar-notes.md` and `google-oauth-desktop-notes.md` and as the
//! recorded responses in `shared/reference/samples/` show — so demo mode and the test suites run
//! the app's real client code (the `oauth2` crate and the reqwest Calendar client) unchanged.
//!
//! Demo mode needs only [`Sandbox::start`] and [`Sandbox::seed_event`]. What tests change from
//! outside the HTTP API — `Control` (and `Sandbox::control`), fault injection, request recording,
//! the sandbox clock moved — exists only with the **`testing` feature**, which the shipped app never
//! enables (`scripts/check-artefacts.sh` checks the built binary); test suites turn it on through
//! their dev-dependencies, as the example below does.
//!
//! ```no_run
//! # async fn demo() -> Result<(), rdv_sandbox::SandboxError> {
//! use rdv_sandbox::{Consent, Sandbox, SandboxConfig, Seed, PRACTITIONER};
//! let sandbox = Sandbox::start(SandboxConfig {
//!     seed: Seed::Demo { now: chrono::Utc::now() },
//!     consent: Consent::Approve(PRACTITIONER.to_owned()),
//!     ..SandboxConfig::default()
//! })
//! .await?;
//! let calendar_base = format!("{}calendar/v3/", sandbox.base_url());
//! let tokens = sandbox.control().issue_tokens(PRACTITIONER, &["calendar"]);
//! # let _ = (calendar_base, tokens);
//! sandbox.stop().await;
//! # Ok(()) }
//! ```
//!
//! ## Endpoints (paths mirror Google's, under [`Sandbox::base_url`])
//!
//! | path | what |
//! | --- | --- |
//! | `GET /o/oauth2/v2/auth` | authorization endpoint: consent page, or immediate 302 (see [`Consent`]) |
//! | `POST /o/oauth2/v2/auth/decision` | the consent page's form target (Autoriser / Refuser) |
//! | `POST /token` | `authorization_code` (PKCE S256) and `refresh_token` grants |
//! | `POST /revoke` | RFC 7009 revocation, Google's answers (`200`, then `400 invalid_token`) |
//! | `GET /v1/userinfo` | OpenID Connect userinfo (alias `/oauth2/v3/userinfo`) |
//! | `/calendar/v3/…` | `users/me/calendarList[/{id}]`, `calendars/{id}`, `calendars/{id}/events[/{eventId}[/instances]]`, `calendars/{id}/acl[/{ruleId}]`, `freeBusy`, `colors` |
//! | `GET /calendar/event?eid=…` | the `htmlLink` of events: a small read-only HTML page |
//! | `/wp-json/rdv-compagnon/v1/…` | the practitioner's booking site (WordPress plugin): `status`, `config`, `bookings`, `bookings/{id}/cancel`, `sms/usage`, `erasure` — docs/booking-endpoint.md |
//!
//! ## Choices where Google's documentation leaves room (deliberate, tested)
//!
//! **Calendar API**
//!
//! * **Repeated `privateExtendedProperty` / `sharedExtendedProperty` are AND-ed** (the discovery
//!   document's wording; the extended-properties guide says OR). Private and shared are AND-ed.
//! * **Access roles.** No access (or an unknown calendar) → `404 notFound`. A
//!   `freeBusyReader` may call `events.list`/`get`/`instances`: Google's `Events.accessRole`
//!   lists `freeBusyReader` as a possible role of a listing, so the sandbox answers `200` with
//!   `accessRole:"freeBusyReader"` and each busy event reduced to
//!   `kind, etag, id, status, start, end` (transparent and cancelled events left out, except
//!   cancellations in an incremental sync) — the same projection is used when the token's only
//!   qualifying scope is `calendar.events.freebusy`. A `reader` sees `visibility:"private"`
//!   events reduced to times (no summary, description, extended properties). Event writes below
//!   `writer` → `403 requiredAccessLevel` ("You need to have writer access to this calendar.").
//!   ACL reads below `writer` and ACL writes below `owner` → `403 forbidden`. An owner changing
//!   or deleting their own owner rule → `403 cannotChangeOwnAcl`.
//! * **Scopes** per method are the discovery document's (revision 20260519), else
//!   `403 insufficientPermissions`. `calendar.events.owned[.readonly]` only covers calendars the
//!   account owns (else 403); `calendar.app.created` and `calendar.events.public.readonly` never
//!   qualify (the sandbox has no app-created or public calendar).
//! * **Calendars shared with an account appear in its `calendarList` at once** (no invitation to
//!   accept), its own primary first; losing access turns the entry into `deleted:true` in
//!   incremental and `showDeleted` listings. `acl.insert` on a scope that already has a rule
//!   updates that rule.
//! * **Sync tokens** are never single-use; with no change the same token comes back. A listing's
//!   `nextSyncToken` covers the state at its *first* page, so a change made while paging is
//!   delivered (again) by the next incremental sync — at least once, never lost. With
//!   `singleEvents=true`, a changed series is re-sent as all its instances and a deleted series
//!   arrives as one cancelled item carrying the master id (drop every instance whose
//!   `recurringEventId` is that id). Only [`Control::expire_sync_tokens`] invalidates tokens
//!   (ACL changes do not); a token of another calendar or a garbled one → `410`. `acl` and
//!   `calendarList` tokens are 20-digit strings as in the recorded samples; event tokens are
//!   opaque base64. `updatedMin` older than 28 days → `410 updatedMinTooLongAgo`.
//! * **Cancelled items** are reduced to Google's two minimal shapes (`kind, etag, id, status`,
//!   plus `recurringEventId, originalStartTime` for instances) unless `showDeleted=true`, where
//!   the organizer's copy keeps its details; `events.get` always returns the details. Deleting a
//!   series cancels its exceptions with it; deleting an instance never adds an `EXDATE`.
//! * **Writes:** `sequence` goes up by one when `start`, `end` or `recurrence` change (unless the
//!   client sends a higher one; a lower one → 400); a reminders-only change keeps `updated`.
//!   `organizer` is the calendar (`self:true`); `creator` is the account that wrote (the owner
//!   for [`Control`] writes). `htmlLink` opens a small page of the sandbox itself
//!   (`/calendar/event?eid=…`, `eid` encoded like Google's). Listings without `orderBy` come in
//!   insertion order (a series' instances by start). `events.instances` of a single event lists
//!   that event.
//! * **`fields` is honoured** like Google: `nextPageToken` / `nextSyncToken` are dropped when a
//!   `fields` selection does not name them (the sync pitfall of notes §12). Unknown field names
//!   are ignored rather than rejected; a malformed selection → `400 invalidParameter`.
//!   `prettyPrint=false` gives compact JSON; gzip when the client accepts it.
//! * **Recurrence subset:** `RRULE` with `FREQ=DAILY|WEEKLY|MONTHLY|YEARLY`, `INTERVAL`, `COUNT`,
//!   `UNTIL`, `BYDAY` (ordinals with `MONTHLY`), `BYMONTHDAY`, `BYMONTH`, `WKST`; `EXDATE` and
//!   `RDATE` (UTC, `TZID=` or `VALUE=DATE`). Anything else → `400 invalid` (Google would accept
//!   it). Unbounded series are expanded up to two years past the sandbox clock (5,000 instances at
//!   most per series). Series keep their wall-clock time across daylight-saving changes.
//! * **Time:** the sandbox clock is the system clock plus [`Control::advance_time`]; every write
//!   takes a strictly increasing microsecond stamp that drives `updated`, etags (16 digits for
//!   events, 20 for ACL rules) and sync tokens. Event `dateTime`s are rendered in the response
//!   time zone (the `timeZone` parameter, else the calendar's), `Z` for UTC; every new calendar
//!   is in `Europe/Paris`.
//!
//! **OAuth**
//!
//! * `code_challenge` with `code_challenge_method=S256` is required (Google also accepts
//!   `plain`). Bad client ids, redirect URIs (only loopback `http://127.0.0.1|[::1]|localhost`,
//!   any port), response types and scopes get Google's *error page* (no redirect).
//! * An authorization code lives 10 minutes and is consumed by the first exchange that gets past
//!   client authentication, even a failed one. Client authentication: `client_secret_post` or
//!   `client_secret_basic`; no secret → `400 invalid_request` "client_secret is missing.".
//! * `id_token` is an RS256-*shaped* JWT with a dummy signature and Google's issuer — decode it
//!   without verifying, as Google's OIDC page allows for tokens received from the token
//!   endpoint. `userinfo` gives `email`/`email_verified` with the `email` scope and
//!   `name`/`given_name`/`family_name` with `profile`, `sub` always.
//! * `/revoke` of any token ends the account's whole grant (all its access and refresh tokens),
//!   as Google documents; [`Control::revoke_refresh_tokens`] only kills refresh tokens (access
//!   tokens run until they expire, 3,599 s).
//!
//! **Faults and recording** ([`Control::inject`], [`Control::requests`])
//!
//! * [`FaultKind::DropConnection`] closes the socket *before* the request is processed (nothing
//!   is written); [`FaultKind::MalformedBody`] lets the request run (a write *is* applied) and
//!   truncates its JSON answer — the two cases a retrying client must tell apart;
//!   [`FaultKind::DelayAnswer`] applies the request and holds its answer (a client killed
//!   meanwhile never learns its write went through: the crash tests). A `429` status
//!   fault carries `Retry-After: 1`; other statuses do not. On the OAuth endpoints a status fault
//!   answers `{"error": reason, "error_description": …}`.
//! * Recorded requests keep method, path and query; token-bearing query values are `REDACTED`.
//!
//! **Booking site** (docs/booking-endpoint.md; [`SITE_USER`] / [`SITE_APP_PASSWORD`])
//!
//! * One WordPress site per sandbox, booking into [`PRACTITIONER`]'s calendar; Application
//!   Passwords over Basic auth, WordPress's errors and envelopes. A status fault on a `/wp-json/`
//!   path answers a WordPress envelope whose `code` is the fault's reason.
//! * Retention and tombstone expiry run before every site request on the sandbox clock, so
//!   [`Control::advance_time`] ages records. Cancelling through the site deletes the event from
//!   the sandbox calendar (the app's sync sees it) and sends the cancellation SMS when enabled.
//! * SMS are not sent anywhere: they are logged ([`Control::site_sms_sent`]) and counted per
//!   month. The demo's usage is counters only.
//!
//! **Not implemented** (answer `501 notImplemented`): `watch`, `import`, `quickAdd`, `move`,
//! `channels.stop`; batch, settings, secondary-calendar management and persistence to disk are
//! absent (unknown paths → `404 notFound`).

mod brevo;
mod calendar;
#[cfg(feature = "testing")]
mod control;
mod demo;
mod error;
mod events;
#[cfg(feature = "testing")]
mod faults;
mod fields;
mod ids;
mod oauth;
mod query;
mod recurrence;
mod server;
mod site;
mod time;
mod world;

pub use brevo::{DeliverError, ProviderSms, SMS_API_KEY};
#[cfg(feature = "testing")]
pub use control::{Control, Fault, FaultKind, IssuedTokens, RecordedRequest};
pub use demo::{AppointmentType, DEMO_APPOINTMENT_TYPES};
pub use site::{
    SITE_API_VERSION, SITE_APP_PASSWORD, SITE_CONSENT_VERSION, SITE_NAMESPACE, SITE_PLUGIN_VERSION,
    SITE_USER, SiteBooking, SiteConsent, SiteSms, SiteSmsKind, SiteSmsStatus,
};
pub use world::EventPaging;

use serde_json::Value;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// The OAuth client id the sandbox knows (a Desktop-app client, as in Google's console).
pub const CLIENT_ID: &str = "rdv-compagnon-sandbox.apps.googleusercontent.com";
/// The matching client secret. Not a real secret: desktop clients cannot keep one (RFC 8252
/// §8.5), but Google requires it at the token endpoint, and so does the sandbox.
pub const CLIENT_SECRET: &str = "sandbox-client-secret";
/// The sandbox's second OAuth client: a *Web application* client, the booking site's (the
/// WordPress plugin's). Its redirect URIs must be registered ([`Sandbox::register_web_redirect`],
/// `rdv-sandbox --web-redirect URI`).
pub const WEB_CLIENT_ID: &str = "rdv-compagnon-site-sandbox.apps.googleusercontent.com";
/// The web client's secret, required at the token endpoint (a web server keeps it).
pub const WEB_CLIENT_SECRET: &str = "sandbox-web-client-secret";
/// The demo practitioner's Google account (owner of the demo agenda).
pub const PRACTITIONER: &str = "dr.camille.laurent@example.fr";
/// The demo secretary's Google account (`writer` on the practitioner's agenda through an ACL
/// rule: as in Google, the agenda is in her calendar list once she adds it).
pub const SECRETARY: &str = "secretariat.cabinet@example.fr";

/// How to start a sandbox.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SandboxConfig {
    /// Port on `127.0.0.1`; `0` lets the OS pick a free one.
    pub port: u16,
    /// Initial data.
    pub seed: Seed,
    /// What the authorization endpoint does when a browser arrives.
    pub consent: Consent,
}

/// Initial data of a sandbox.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Seed {
    /// No account, no calendar (tests create what they need through [`Control`]).
    #[default]
    Empty,
    /// The demo practice around `now`: [`PRACTITIONER`] with two weeks of availability and about
    /// forty bookings, [`SECRETARY`] sharing the agenda as `writer`. Deterministic for a given
    /// `now` (ids, names, times); etags and `updated` follow the sandbox clock.
    Demo {
        /// The instant the demo data is built around (usually the real now); the sandbox clock
        /// starts there and runs on.
        now: chrono::DateTime<chrono::Utc>,
    },
}

/// What `GET /o/oauth2/v2/auth` does.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Consent {
    /// Serve a small French consent page: pick an account, *Autoriser* or *Refuser*.
    #[default]
    Page,
    /// Grant at once for this account (created if unknown) and redirect: no UI.
    Approve(String),
    /// Redirect at once with `error=access_denied`, as when the user clicks *Refuser*.
    Deny,
}

/// Why the sandbox could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SandboxError {
    /// The port is taken or not allowed.
    #[error("cannot listen on 127.0.0.1:{port}: {source}")]
    Bind {
        /// The requested port (0 = any free port).
        port: u16,
        /// What the OS said.
        source: std::io::Error,
    },
    /// An event given to [`Sandbox::seed_event`] was refused.
    #[error("cannot seed an event in calendar {calendar}: {message}")]
    Seed {
        /// The calendar asked for.
        calendar: String,
        /// Why (the API's error body, or the calendar is unknown).
        message: String,
    },
}

/// A running sandbox. Dropping it stops the server.
#[derive(Debug)]
pub struct Sandbox {
    addr: SocketAddr,
    shared: Arc<world::Shared>,
    stop: Option<watch::Sender<bool>>,
    task: Option<JoinHandle<()>>,
}

impl Sandbox {
    /// Binds `127.0.0.1:config.port`, seeds the data and serves until [`Sandbox::stop`]. Must be
    /// called inside a Tokio runtime.
    pub async fn start(config: SandboxConfig) -> Result<Self, SandboxError> {
        let port = config.port;
        let listener = TcpListener::bind((Ipv4Addr::LOCALHOST, port))
            .await
            .map_err(|source| SandboxError::Bind { port, source })?;
        let addr = listener
            .local_addr()
            .map_err(|source| SandboxError::Bind { port, source })?;
        let base_url = format!("http://{addr}/");
        let shared = Arc::new(world::Shared::new(base_url, config.consent));
        if let Seed::Demo { now } = config.seed {
            let mut world = shared.lock();
            // The demo world is the one of `now`: its clock (retention on the site, stamps)
            // starts there, whatever day the machine says it is.
            world.start_clock_at(now);
            demo::seed(&mut world, now);
        }
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(server::serve(listener, shared.clone(), stopped));
        tracing::info!(%addr, "sandbox listening");
        Ok(Self {
            addr,
            shared,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// `http://127.0.0.1:PORT/`: the OAuth endpoints and `calendar/v3/` live under it. It is
    /// also the booking site's URL (its WordPress REST API is under `wp-json/`).
    pub fn base_url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// The booking site's API root: `http://127.0.0.1:PORT/wp-json/rdv-compagnon/v1/`.
    pub fn site_api_url(&self) -> String {
        format!("{}wp-json/{SITE_NAMESPACE}/", self.base_url())
    }

    /// Adds an event a calendar holds from the start (the demo's configuration event), as its
    /// owner would through `events.insert`; returns it as `events.get` would. Part of the demo:
    /// the rest of what tests change from outside is the [`Control`] API (feature `testing`).
    pub fn seed_event(&self, calendar_id: &str, event: Value) -> Result<Value, SandboxError> {
        self.shared
            .lock()
            .insert_as_owner(calendar_id, event)
            .map_err(|message| SandboxError::Seed {
                calendar: calendar_id.to_owned(),
                message,
            })
    }

    /// Registers `uri` as an authorized redirect URI of the web client ([`WEB_CLIENT_ID`]): an
    /// authorization request of that client with any other `redirect_uri` gets Google's
    /// `redirect_uri_mismatch` page. Exact string match, as in Google's console.
    pub fn register_web_redirect(&self, uri: &str) {
        self.shared
            .lock()
            .oauth
            .web_redirects
            .insert(uri.to_owned());
    }

    /// A handle on the sandbox's state for tests: accounts, tokens, events, faults, the clock
    /// (cheap to clone). Only with the `testing` feature, which the shipped app never enables.
    #[cfg(feature = "testing")]
    pub fn control(&self) -> Control {
        Control::new(self.shared.clone())
    }

    /// Stops the server and waits until it has closed its socket and its connections.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(true);
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(true);
        }
    }
}
