//! The typed Calendar v3 client: the dozen endpoints the product uses, hand-written on reqwest so
//! that ETags (`If-Match`/`If-None-Match`), status-aware errors (410/412) and partial responses are
//! first-class (rust-crates-notes: the generated `google-calendar3` cannot send `If-Match` and
//! drops the HTTP status).
//!
//! One submodule per resource: [`events`], [`calendar_list`], [`acl`], [`freebusy`]; the
//! [`CalendarClient`] methods live beside their types. Every method takes the access token as
//! `&Sensitive<String>` and sends it as `Authorization: Bearer`.
//!
//! ## Retries
//! Per Google's guide, only `429`, `403` with reason `rateLimitExceeded`/`userRateLimitExceeded`/
//! `quotaExceeded`, `500`/`502`/`503`/`504` and network failures are retried, with truncated
//! exponential backoff and jitter ([`RetryPolicy`]) and `Retry-After` honoured — the loop is
//! `rdv_http::retry::run`, shared with the booking-site client; its waits go through the
//! client's [`rdv_http::Sleep`] ([`CalendarClient::with_sleep`]). A request that is
//! not safe to repeat — an event insert **without** a client-chosen `id` — is retried only when
//! the failure proves it was not applied (rate limit answers, connection refused); after a `5xx`,
//! a timeout or a dropped connection it fails at once, since Google may have created the event and
//! a retry would create it twice. Give inserts an id ([`events::new_event_id`]) to make them
//! retryable: a `409 duplicate` on a retry then means our earlier attempt landed, and the client
//! returns that event.
//!
//! ## What callers (the sync engine) must do with the errors
//! - [`CalendarError::Unauthorized`]: refresh the access token **once** and repeat; a second 401
//!   means the account must be reconnected.
//! - [`CalendarError::FullSyncRequired`]: drop the sync token and the calendar's cache, full-sync.
//! - [`CalendarError::Offline`] (and any [`CalendarError::is_retryable`] error): keep the cache
//!   and the outbox, show *offline*, try later. Never read it as "the events are gone".
//! - [`CalendarError::Conflict`]: re-read, re-apply, write with the new ETag. After a *retried*
//!   patch/update (the first attempt unanswered), the conflict may be with our own write.
//! - [`CalendarError::InvalidResponse`] after a write: the write **may have been applied** (the
//!   answer was unreadable). Inserts with a chosen id can simply be sent again: the repeat answers
//!   [`CalendarError::Duplicate`], and the event can then be read by id.
//! - [`CalendarError::Deleted`] on a delete: already done.
//! - [`CalendarError::RateLimited`] with `retry_after` longer than the policy's `max`: not
//!   retried here; schedule the next try after it.
//!
//! ## Bytes
//! Every request sends `Accept-Encoding: gzip` with `gzip` in the `User-Agent` (Google compresses
//! only then), and event reads ask for a partial response (`fields=`) that keeps exactly the
//! fields we store — and, for lists, `nextPageToken` and `nextSyncToken`, which a `fields`
//! selection would otherwise drop.

pub mod acl;
pub mod calendar_list;
mod error;
pub mod events;
pub mod freebusy;
pub mod pager;

pub use acl::{AclRole, AclRule, AclScope};
pub use calendar_list::CalendarListEntry;
pub use error::{CalendarError, PagingError};
pub use events::{Event, EventDateTime, EventsPage, ExtendedProperties, ListEvents, new_event_id};
pub use freebusy::{
    FreeBusyCalendar, FreeBusyError, FreeBusyRequest, FreeBusyRequestItem, FreeBusyResponse,
    TimePeriod,
};
pub use pager::Pager;
pub use rdv_http::{RetryPolicy, parse_retry_after};

use crate::{EndpointError, USER_AGENT, ensure_secure};
use rdv_core::Sensitive;
use rdv_http::{ReceiveError, Sleep, Step, TokioSleep};
use reqwest::Method;
use serde::de::DeserializeOwned;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use url::Url;

/// The largest response body accepted (a 2500-event page with long descriptions is a few MB).
const MAX_BODY: usize = 32 * 1024 * 1024;
/// Most pages followed in one listing before deciding the server is looping.
const MAX_PAGES: usize = 200;

/// A Calendar v3 client. Cheap to clone; clones share the connection pool and the request
/// counter.
#[derive(Clone)]
pub struct CalendarClient {
    http: reqwest::Client,
    base: Url,
    retry: RetryPolicy,
    sleep: Arc<dyn Sleep>,
    requests: Arc<AtomicU64>,
}

impl fmt::Debug for CalendarClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CalendarClient")
            .field("base", &self.base.as_str())
            .field("retry", &self.retry)
            .field("requests_made", &self.requests_made())
            .finish()
    }
}

/// Whether a request may be sent again after a failure that may have reached the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Replay {
    /// Repeating it leaves the same state (GET, PUT, PATCH, DELETE, insert with a chosen id).
    Safe,
    /// Repeat only if the failure proves it was not applied.
    OnlyIfNotApplied,
}

/// One request to send (the shared [`rdv_http::Call`]), with its access token and retry rule.
pub(crate) struct Call<'a> {
    http: rdv_http::Call,
    token: &'a Sensitive<String>,
    replay: Replay,
}

impl<'a> Call<'a> {
    pub(crate) fn new(method: Method, url: Url, token: &'a Sensitive<String>) -> Self {
        Self {
            http: rdv_http::Call::new(method, url),
            token,
            replay: Replay::Safe,
        }
    }

    pub(crate) fn json<T: serde::Serialize + ?Sized>(
        mut self,
        body: &T,
    ) -> Result<Self, CalendarError> {
        self.http = self.http.json(body).map_err(|_| {
            CalendarError::InvalidRequest("the request body cannot be encoded".into())
        })?;
        Ok(self)
    }

    pub(crate) fn if_match(mut self, etag: Option<&str>) -> Self {
        self.http = self.http.if_match(etag);
        self
    }

    pub(crate) fn if_none_match(mut self, etag: Option<&str>) -> Self {
        self.http = self.http.if_none_match(etag);
        self
    }

    pub(crate) fn replay(mut self, replay: Replay) -> Self {
        self.replay = replay;
        self
    }
}

/// A 2xx HTTP answer.
pub(crate) struct Answer {
    pub body: Vec<u8>,
}

/// A failed call, and whether an earlier attempt may nevertheless have been applied.
pub(crate) struct Failure {
    pub error: CalendarError,
    pub maybe_applied_earlier: bool,
}

impl From<Failure> for CalendarError {
    fn from(f: Failure) -> Self {
        f.error
    }
}

/// One failed attempt: its error, and whether the request may have been applied.
struct Attempted {
    error: CalendarError,
    maybe_applied: bool,
}

impl fmt::Display for Attempted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.error.fmt(f)
    }
}

impl CalendarClient {
    /// A client for the API rooted at `base` (`Endpoints::calendar`, e.g.
    /// `https://www.googleapis.com/calendar/v3/`), refused unless `https://` or
    /// `http://127.0.0.1`. Requests time out after 60 s.
    pub fn new(base: Url, retry: RetryPolicy) -> Result<Self, EndpointError> {
        ensure_secure(&base)?;
        let mut base = base;
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        Ok(Self {
            http: build_http(Duration::from_secs(60))?,
            base,
            retry,
            sleep: Arc::new(TokioSleep),
            requests: Arc::new(AtomicU64::new(0)),
        })
    }

    /// The same client with another per-request timeout (connect + answer).
    pub fn with_timeout(mut self, timeout: Duration) -> Result<Self, EndpointError> {
        self.http = build_http(timeout)?;
        Ok(self)
    }

    /// The same client waiting between retries through `sleep` (tests record the waits).
    pub fn with_sleep(mut self, sleep: Arc<dyn Sleep>) -> Self {
        self.sleep = sleep;
        self
    }

    /// HTTP requests actually sent since creation, retries included (for the sync benchmarks
    /// and tests). Requests refused before sending ([`CalendarError::InvalidRequest`]) don't count.
    pub fn requests_made(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// The API root this client talks to.
    pub fn base_url(&self) -> &Url {
        &self.base
    }

    /// The retry policy in force.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.retry
    }

    /// `base` + percent-encoded path segments (calendar ids contain `@` and `#`). Empty
    /// segments are refused: they would silently address another resource.
    pub(crate) fn url(&self, segments: &[&str]) -> Result<Url, CalendarError> {
        if let Some(empty) = segments.iter().position(|s| s.is_empty()) {
            return Err(CalendarError::InvalidRequest(format!(
                "empty identifier in the request path (segment {})",
                empty + 1
            )));
        }
        let mut url = self.base.clone();
        url.path_segments_mut()
            .map_err(|_| CalendarError::InvalidRequest("the API base cannot take a path".into()))?
            .pop_if_empty()
            .extend(segments);
        Ok(url)
    }

    /// Sends `call`, retrying per the policy; `Ok` only for a 2xx answer.
    pub(crate) async fn execute(&self, call: &Call<'_>) -> Result<Answer, Failure> {
        let request = format!("{} {}", call.http.method, call.http.url.path());
        rdv_http::retry::run(self.retry, &*self.sleep, &request, || self.attempt(call))
            .await
            .map_err(|gave_up| Failure {
                error: gave_up.error.error,
                maybe_applied_earlier: gave_up.retried.iter().any(|a| a.maybe_applied),
            })
    }

    /// One HTTP exchange, and whether its failure may be retried: rate limits always (they prove
    /// the request was not applied); server errors and network failures only when the request
    /// may be repeated safely or the failure proves it was not applied.
    async fn attempt(&self, call: &Call<'_>) -> Step<Answer, Attempted> {
        self.requests.fetch_add(1, Ordering::Relaxed);
        let token = call.token.expose();
        let (error, retry_after, maybe_applied) = match call
            .http
            .send(&self.http, |r| r.bearer_auth(token), MAX_BODY)
            .await
        {
            Ok(answer) if answer.is_success() => {
                return Step::Done(Answer { body: answer.body });
            }
            Ok(answer) => (
                CalendarError::from_response(
                    answer.status,
                    &answer.body,
                    answer.etag,
                    answer.retry_after,
                ),
                answer.retry_after,
                answer.status >= 500,
            ),
            Err(ReceiveError::Network { sent, message }) => {
                (CalendarError::Offline(message), None, sent)
            }
            Err(ReceiveError::TooLarge) => {
                return Step::Stop(Attempted {
                    error: CalendarError::InvalidResponse(format!(
                        "answer larger than {} MB",
                        MAX_BODY / (1024 * 1024)
                    )),
                    maybe_applied: false,
                });
            }
        };
        let may_retry = match error {
            CalendarError::RateLimited { .. } => true,
            CalendarError::Server { .. } | CalendarError::Offline(_) => {
                call.replay == Replay::Safe || !maybe_applied
            }
            _ => false,
        };
        let attempted = Attempted {
            error,
            maybe_applied,
        };
        if may_retry {
            Step::Retry {
                error: attempted,
                retry_after,
            }
        } else {
            Step::Stop(attempted)
        }
    }

    /// Sends `call` and decodes a JSON answer.
    pub(crate) async fn fetch<T: DeserializeOwned>(
        &self,
        call: &Call<'_>,
    ) -> Result<T, CalendarError> {
        let answer = self.execute(call).await?;
        decode(&answer.body)
    }

    /// Follows `nextPageToken` over a list endpoint, collecting the items.
    pub(crate) async fn fetch_all<T: DeserializeOwned>(
        &self,
        token: &Sensitive<String>,
        url: Url,
    ) -> Result<Vec<T>, CalendarError> {
        #[derive(serde::Deserialize)]
        #[serde(bound = "T: DeserializeOwned")]
        struct Page<T> {
            #[serde(default = "Vec::new")]
            items: Vec<T>,
            #[serde(rename = "nextPageToken")]
            next_page_token: Option<String>,
        }
        let mut all = Vec::new();
        let mut page_token: Option<String> = None;
        let mut pager = Pager::with_max(MAX_PAGES);
        loop {
            let mut page_url = url.clone();
            if let Some(t) = &page_token {
                page_url.query_pairs_mut().append_pair("pageToken", t);
            }
            let page: Page<T> = self.fetch(&Call::new(Method::GET, page_url, token)).await?;
            all.extend(page.items);
            match pager.next(page.next_page_token)? {
                Some(next) => page_token = Some(next),
                None => return Ok(all),
            }
        }
    }
}

fn build_http(timeout: Duration) -> Result<reqwest::Client, EndpointError> {
    rdv_http::client(USER_AGENT, timeout).map_err(EndpointError::Client)
}

/// Decodes a JSON body; failures describe the problem (kind and position), never the content.
pub(crate) fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, CalendarError> {
    serde_json::from_slice(body).map_err(|e| {
        use serde_json::error::Category;
        let what = match e.classify() {
            Category::Io => "unreadable body",
            Category::Syntax => "malformed JSON",
            Category::Data => "unexpected JSON content",
            Category::Eof => "truncated or empty JSON",
        };
        CalendarError::InvalidResponse(format!("{what} at line {} column {}", e.line(), e.column()))
    })
}

/// RFC 3339 in UTC with a `Z`, as Google's query parameters expect.
pub(crate) fn rfc3339(t: &chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
pub(crate) mod samples {
    /// A recorded sample of `shared/reference/samples/` (beside the repository, as CI lays it
    /// out; provenance in its SOURCES.md).
    pub(crate) fn sample(name: &str) -> String {
        let path = format!(
            "{}/../../../shared/reference/samples/{name}",
            env!("CARGO_MANIFEST_DIR")
        );
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }
}

#[cfg(test)]
mod tests;
