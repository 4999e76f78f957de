//! [`SiteClient`]: one method per resource of docs/booking-endpoint.md, over `rdv-http`'s call
//! and retry loop (Basic auth with the application password, `429`/`5xx`/network retried).

use rdv_core::Sensitive;
use rdv_http::{Call, ReceiveError, Received, Sleep, Step, TokioSleep};
use reqwest::Method;
use serde::de::DeserializeOwned;
use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use url::Url;

use crate::model::bookings::{
    BookingChanges, BookingsPage, CancelRequest, Cancellation, Cursor, MoveNotice, Moved,
    RecordRequest, Recorded,
};
use crate::model::config::{BookingConfig, SiteStatus, Versioned};
use crate::model::money::YearMonth;
use crate::model::usage::{Erasure, ErasureRequest, SmsUsage};
use crate::{RetryPolicy, SetupError, SiteError, USER_AGENT};

/// The largest page of `GET /bookings` (the site's maximum `limit`).
pub const MAX_PAGE: u32 = 500;
/// The largest answer accepted.
const MAX_BODY: usize = 16 * 1024 * 1024;
/// Most pages followed in one read of the feed before deciding the site is looping.
const MAX_PAGES: usize = 10_000;

/// A client of one booking site. Cheap to clone; clones share the connection pool and the
/// request counter.
#[derive(Clone)]
pub struct SiteClient {
    http: reqwest::Client,
    api: Url,
    user: String,
    password: Sensitive<String>,
    retry: RetryPolicy,
    sleep: Arc<dyn Sleep>,
    requests: Arc<AtomicU64>,
}

impl fmt::Debug for SiteClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SiteClient")
            .field("api", &self.api.as_str())
            .field("user", &self.user)
            .field("password", &self.password)
            .field("retry", &self.retry)
            .field("requests_made", &self.requests_made())
            .finish()
    }
}

/// A call with `body` as its JSON body.
fn with_json<T: serde::Serialize + ?Sized>(call: Call, body: &T) -> Result<Call, SiteError> {
    call.json(body)
        .map_err(|_| SiteError::InvalidRequest("the request body cannot be encoded".into()))
}

/// An HTTP answer (2xx or 304).
type Answer = Received;

impl SiteClient {
    /// A client for the site at `site_url` (its home address, e.g. `https://cabinet.fr/`; see
    /// [`crate::api_root`]), as WordPress user `user` with an application password. Refused
    /// unless `https://` or `http://127.0.0.1`. Requests time out after 30 s.
    pub fn new(
        site_url: &str,
        user: &str,
        app_password: Sensitive<String>,
        retry: RetryPolicy,
    ) -> Result<Self, SetupError> {
        let api = crate::api_root(site_url)?;
        if user.trim().is_empty() || user.contains(':') {
            return Err(SetupError::InvalidUser);
        }
        Ok(Self {
            http: build_http(Duration::from_secs(30))?,
            api,
            user: user.trim().to_owned(),
            password: app_password,
            retry,
            sleep: Arc::new(TokioSleep),
            requests: Arc::new(AtomicU64::new(0)),
        })
    }

    /// The same client with another per-request timeout (connect + answer).
    pub fn with_timeout(mut self, timeout: Duration) -> Result<Self, SetupError> {
        self.http = build_http(timeout)?;
        Ok(self)
    }

    /// The same client waiting between retries through `sleep` (tests record the waits).
    pub fn with_sleep(mut self, sleep: Arc<dyn Sleep>) -> Self {
        self.sleep = sleep;
        self
    }

    /// The API root (`…/wp-json/rdv-compagnon/v1/`).
    pub fn api_root(&self) -> &Url {
        &self.api
    }

    /// The WordPress user.
    pub fn user(&self) -> &str {
        &self.user
    }

    /// The retry policy in force.
    pub fn retry_policy(&self) -> RetryPolicy {
        self.retry
    }

    /// HTTP requests actually sent since creation, retries included.
    pub fn requests_made(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }

    /// `GET /status`: checks the address, the credentials and the plugin in one request.
    pub async fn status(&self) -> Result<SiteStatus, SiteError> {
        let answer = self
            .execute(&Call::new(Method::GET, self.url(&["status"])?))
            .await?;
        decode(&answer.body)
    }

    /// `GET /config`, with its ETag.
    pub async fn config(&self) -> Result<Versioned<BookingConfig>, SiteError> {
        let answer = self
            .execute(&Call::new(Method::GET, self.url(&["config"])?))
            .await?;
        versioned(answer)
    }

    /// `GET /config` with `If-None-Match: etag`: `None` when unchanged (a `304`, no body).
    pub async fn config_if_changed(
        &self,
        etag: &str,
    ) -> Result<Option<Versioned<BookingConfig>>, SiteError> {
        let call = Call::new(Method::GET, self.url(&["config"])?).if_none_match(Some(etag));
        let answer = self.execute(&call).await?;
        if answer.status == 304 {
            return Ok(None);
        }
        versioned(answer).map(Some)
    }

    /// `PUT /config` with `If-Match: if_match` (the ETag the change is based on); returns the
    /// stored configuration and its new ETag.
    ///
    /// `None` sends no `If-Match`, which the site refuses ([`SiteError::PreconditionRequired`]):
    /// the app always passes the ETag it read. [`SiteError::Conflict`]: someone changed it
    /// meanwhile — re-read and re-apply. [`SiteError::Invalid`]: the first refused field.
    pub async fn put_config(
        &self,
        config: &BookingConfig,
        if_match: Option<&str>,
    ) -> Result<Versioned<BookingConfig>, SiteError> {
        let call =
            with_json(Call::new(Method::PUT, self.url(&["config"])?), config)?.if_match(if_match);
        versioned(self.execute(&call).await?)
    }

    /// One page of `GET /bookings`: changes after `cursor` (`None`: every live record),
    /// `limit` clamped to 1–[`MAX_PAGE`].
    pub async fn bookings(
        &self,
        cursor: Option<&Cursor>,
        limit: u32,
    ) -> Result<BookingsPage, SiteError> {
        let mut url = self.url(&["bookings"])?;
        {
            let mut q = url.query_pairs_mut();
            if let Some(c) = cursor {
                q.append_pair("cursor", c.as_str());
            }
            q.append_pair("limit", &limit.clamp(1, MAX_PAGE).to_string());
        }
        let answer = self.execute(&Call::new(Method::GET, url)).await?;
        decode(&answer.body)
    }

    /// Every change after `cursor`, following `hasMore` to the end. Store the returned cursor
    /// with the changes (one transaction); on [`SiteError::CursorExpired`], call again with
    /// `None` and delete locally every record the answer does not hold.
    pub async fn bookings_since(
        &self,
        cursor: Option<&Cursor>,
    ) -> Result<BookingChanges, SiteError> {
        let mut items = Vec::new();
        let mut page = self.bookings(cursor, MAX_PAGE).await?;
        for _ in 0..MAX_PAGES {
            items.append(&mut page.items);
            if !page.has_more {
                return Ok(BookingChanges {
                    items,
                    cursor: page.next_cursor,
                });
            }
            let next = self.bookings(Some(&page.next_cursor), MAX_PAGE).await?;
            if next.has_more && next.next_cursor == page.next_cursor {
                return Err(SiteError::InvalidResponse(
                    "the same booking cursor came back while more changes were announced".into(),
                ));
            }
            page = next;
        }
        Err(SiteError::InvalidResponse(format!(
            "more than {MAX_PAGES} pages of bookings"
        )))
    }

    /// `POST /bookings/{event_id}/cancel`: the site deletes the Google event and notifies the
    /// patient when its options allow. Repeating it is harmless (`already_cancelled`).
    pub async fn cancel_booking(
        &self,
        event_id: &str,
        request: &CancelRequest,
    ) -> Result<Cancellation, SiteError> {
        let url = self.url(&["bookings", event_id, "cancel"])?;
        let answer = self
            .execute(&with_json(Call::new(Method::POST, url), request)?)
            .await?;
        decode(&answer.body)
    }

    /// `PUT /bookings/{event_id}` (API 1.1): records a booking made in the app on the site,
    /// which confirms it to the patient and reminds it as its own (per its SMS options).
    /// Repeating it is harmless (`created: false`, nothing sent again). A site speaking API 1.0
    /// answers `404 rest_no_route`.
    pub async fn record_booking(
        &self,
        event_id: &str,
        request: &RecordRequest,
    ) -> Result<Recorded, SiteError> {
        let url = self.url(&["bookings", event_id])?;
        let answer = self
            .execute(&with_json(Call::new(Method::PUT, url), request)?)
            .await?;
        decode(&answer.body)
    }

    /// `POST /bookings/{event_id}/moved` (API 1.1): the site plans the reminder for the new time
    /// and tells the patient when asked. `404 rdv_booking_not_found` when it has no record.
    pub async fn booking_moved(
        &self,
        event_id: &str,
        notice: &MoveNotice,
    ) -> Result<Moved, SiteError> {
        let url = self.url(&["bookings", event_id, "moved"])?;
        let answer = self
            .execute(&with_json(Call::new(Method::POST, url), notice)?)
            .await?;
        decode(&answer.body)
    }

    /// `GET /sms/usage` for `month` (`None`: the site's current month).
    pub async fn sms_usage(&self, month: Option<YearMonth>) -> Result<SmsUsage, SiteError> {
        let mut url = self.url(&["sms", "usage"])?;
        if let Some(m) = month {
            url.query_pairs_mut().append_pair("month", &m.to_string());
        }
        let answer = self.execute(&Call::new(Method::GET, url)).await?;
        decode(&answer.body)
    }

    /// The records an erasure would remove, erasing nothing (`POST /erasure` with `dryRun`:
    /// the person's email or phone stays out of URLs and access logs).
    pub async fn preview_erasure(&self, who: &ErasureRequest) -> Result<Erasure, SiteError> {
        self.erasure(who, true).await
    }

    /// Erases every record of the person (art. 8.2); they come back as tombstones in the feed.
    pub async fn erase(&self, who: &ErasureRequest) -> Result<Erasure, SiteError> {
        self.erasure(who, false).await
    }

    async fn erasure(&self, who: &ErasureRequest, dry_run: bool) -> Result<Erasure, SiteError> {
        let blank =
            |v: &Option<Sensitive<String>>| v.as_ref().is_none_or(|s| s.expose().trim().is_empty());
        if blank(&who.email) && blank(&who.phone) {
            return Err(SiteError::InvalidRequest(
                "an erasure needs the person's email or phone".into(),
            ));
        }
        let mut body = serde_json::to_value(who)
            .map_err(|_| SiteError::InvalidRequest("the request body cannot be encoded".into()))?;
        body["dryRun"] = serde_json::Value::Bool(dry_run);
        let call = with_json(Call::new(Method::POST, self.url(&["erasure"])?), &body)?;
        decode(&self.execute(&call).await?.body)
    }

    /// The API root + percent-encoded segments; empty segments are refused (they would address
    /// another resource).
    fn url(&self, segments: &[&str]) -> Result<Url, SiteError> {
        if segments.iter().any(|s| s.is_empty()) {
            return Err(SiteError::InvalidRequest(
                "empty identifier in the request path".into(),
            ));
        }
        let mut url = self.api.clone();
        url.path_segments_mut()
            .map_err(|_| SiteError::InvalidRequest("the API root cannot take a path".into()))?
            .pop_if_empty()
            .extend(segments);
        Ok(url)
    }

    /// Sends `call`, retrying `429`, `5xx` and network failures per the policy; `Ok` for a 2xx
    /// or a 304. Every request of this API may be repeated (docs/booking-endpoint.md § Retries).
    async fn execute(&self, call: &Call) -> Result<Answer, SiteError> {
        let request = format!("{} {}", call.method, call.url.path());
        rdv_http::retry::run(self.retry, &*self.sleep, &request, || self.attempt(call))
            .await
            .map_err(|gave_up| gave_up.error)
    }

    /// One HTTP exchange, read as a step of the retry loop.
    async fn attempt(&self, call: &Call) -> Step<Answer, SiteError> {
        self.requests.fetch_add(1, Ordering::Relaxed);
        let password = self.password.expose().trim();
        let authorize = |r: reqwest::RequestBuilder| r.basic_auth(&self.user, Some(password));
        let (error, retry_after) = match call.send(&self.http, authorize, MAX_BODY).await {
            Ok(answer) if answer.is_success() || answer.status == 304 => return Step::Done(answer),
            Ok(answer) => (
                SiteError::from_response(answer.status, &answer.body, answer.retry_after),
                answer.retry_after,
            ),
            Err(ReceiveError::Network { message, .. }) => (SiteError::Network(message), None),
            Err(ReceiveError::TooLarge) => {
                return Step::Stop(SiteError::InvalidResponse(format!(
                    "answer larger than {} MB",
                    MAX_BODY / (1024 * 1024)
                )));
            }
        };
        if error.is_retryable() {
            Step::Retry { error, retry_after }
        } else {
            Step::Stop(error)
        }
    }
}

fn build_http(timeout: Duration) -> Result<reqwest::Client, SetupError> {
    rdv_http::client(USER_AGENT, timeout).map_err(SetupError::Client)
}

/// A configuration answer and its ETag (required: without it no change can be sent).
fn versioned(answer: Answer) -> Result<Versioned<BookingConfig>, SiteError> {
    let value = decode(&answer.body)?;
    let etag = answer
        .etag
        .filter(|e| !e.trim().is_empty())
        .ok_or_else(|| {
            SiteError::InvalidResponse(
                "the configuration came without an ETag (a proxy may strip it)".into(),
            )
        })?;
    Ok(Versioned { value, etag })
}

/// Decodes a JSON body; failures describe the problem (kind and position), never the content.
pub(crate) fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, SiteError> {
    serde_json::from_slice(body).map_err(|e| {
        use serde_json::error::Category;
        let what = match e.classify() {
            Category::Io => "unreadable body",
            Category::Syntax => {
                "malformed JSON (a PHP message or a security plugin's page instead of the answer?)"
            }
            Category::Data => "unexpected JSON content",
            Category::Eof => "truncated or empty JSON",
        };
        SiteError::InvalidResponse(format!("{what} at line {} column {}", e.line(), e.column()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_never_prints() {
        let c = SiteClient::new(
            "https://c.fr/",
            "u",
            Sensitive::new("abcd efgh ijkl".into()),
            RetryPolicy::none(),
        )
        .unwrap();
        let printed = format!("{c:?}");
        assert!(!printed.contains("abcd"), "{printed}");
        assert!(printed.contains("https://c.fr/wp-json/rdv-compagnon/v1/"));
    }

    #[test]
    fn users_must_be_usable_in_basic_credentials() {
        for bad in ["", " ", "a:b"] {
            assert_eq!(
                SiteClient::new(
                    "https://c.fr/",
                    bad,
                    Sensitive::new("p".into()),
                    RetryPolicy::none()
                )
                .unwrap_err(),
                SetupError::InvalidUser
            );
        }
    }

    #[test]
    fn decoding_errors_describe_the_problem_not_the_body() {
        let err = decode::<SiteStatus>(br#"{"siteName":"Jeanne Martin""#).unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("truncated") && !text.contains("Jeanne"),
            "{text}"
        );
    }

    mod hostile {
        use super::*;
        use proptest::prelude::*;
        use serde_json::Value;

        /// The names the site's answers carry, so that hostile values land where the models look.
        const KEYS: [&str; 40] = [
            "siteName",
            "siteUrl",
            "pluginVersion",
            "apiVersion",
            "serverTime",
            "timeZone",
            "google",
            "state",
            "items",
            "hasMore",
            "nextCursor",
            "cursor",
            "id",
            "eventId",
            "start",
            "end",
            "source",
            "status",
            "firstName",
            "lastName",
            "email",
            "phone",
            "createdAt",
            "updatedAt",
            "cancelledAt",
            "consent",
            "givenAt",
            "version",
            "sms",
            "confirmation",
            "reminder",
            "retentionDays",
            "practice",
            "texts",
            "month",
            "byKind",
            "count",
            "segments",
            "cost",
            "alreadyCancelled",
        ];

        fn json() -> impl Strategy<Value = Value> {
            let leaf = prop_oneof![
                Just(Value::Null),
                any::<bool>().prop_map(Value::from),
                any::<i64>().prop_map(Value::from),
                any::<f64>().prop_map(Value::from),
                prop::sample::select(vec![
                    "2026-11-26T09:00:00Z",
                    "2026-13-45T99:00:00Z",
                    "2026-11",
                    "12.5",
                    "-0.01",
                    "1e400",
                    "EUR",
                    "booked",
                    "cancelled",
                    "deleted",
                    "queued",
                    "site",
                    "phone",
                    "Europe/Paris",
                    "",
                ])
                .prop_map(Value::from),
                "\\PC{0,16}".prop_map(Value::from),
            ];
            leaf.prop_recursive(4, 48, 6, |inner| {
                prop_oneof![
                    prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                    prop::collection::btree_map(prop::sample::select(KEYS.to_vec()), inner, 0..8)
                        .prop_map(|m| {
                            Value::Object(m.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
                        }),
                ]
            })
        }

        /// Decodes `body` as each route's answer: a value or a described refusal.
        fn every_route(body: &[u8]) -> Result<(), TestCaseError> {
            let outcomes = [
                decode::<SiteStatus>(body).map(|_| ()),
                decode::<BookingConfig>(body).map(|_| ()),
                decode::<BookingsPage>(body).map(|_| ()),
                decode::<Cancellation>(body).map(|_| ()),
                decode::<Recorded>(body).map(|_| ()),
                decode::<Moved>(body).map(|_| ()),
                decode::<SmsUsage>(body).map(|_| ()),
                decode::<Erasure>(body).map(|_| ()),
            ];
            for outcome in outcomes {
                if let Err(e) = outcome {
                    prop_assert!(
                        matches!(&e, SiteError::InvalidResponse(why) if why.contains("line")),
                        "{e:?}"
                    );
                }
            }
            Ok(())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            /// Whatever the site (or a proxy, a security plugin) answers, every route's decoding
            /// gives a value or a clear error, never a panic.
            #[test]
            fn any_answer_of_the_site_decodes_or_is_refused(value in json(), bytes in prop::collection::vec(any::<u8>(), 0..200)) {
                every_route(&serde_json::to_vec(&value).unwrap())?;
                every_route(&bytes)?;
            }
        }

        #[test]
        fn an_answer_nested_without_end_is_refused_not_a_stack_overflow() {
            let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
            every_route(deep.as_bytes()).unwrap();
        }
    }
}
