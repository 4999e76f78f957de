//! Calendar API failures, read from the HTTP status and `error.errors[0].reason` of Google's
//! error body (guide "Handle API errors"; samples in `errors-calendar.json`).

use serde::Deserialize;
use std::time::Duration;

/// A Calendar API failure the caller can act on. Never carries a token, and never quotes a
/// response body (which may hold patient data): only Google's short error texts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CalendarError {
    /// `410 fullSyncRequired` (or `updatedMinTooLongAgo`): the sync token is no longer valid.
    /// Drop the token and the calendar's cached events, then list again from scratch.
    #[error("Google asks for a full resynchronisation of this calendar")]
    FullSyncRequired,
    /// `410 deleted`: the resource was already deleted (e.g. deleting twice). For a delete,
    /// the goal is reached.
    #[error("this item was already deleted in Google Calendar")]
    Deleted,
    /// `412 conditionNotMet`: someone else changed the item since we read it (`If-Match` failed).
    /// Fetch it again, re-apply the change, retry with the new ETag. `etag` is the current one
    /// when Google sent it (it usually does not).
    #[error("someone else changed this item in the meantime; reload it and try again")]
    Conflict {
        /// The server's current ETag, if the response said.
        etag: Option<String>,
    },
    /// `304`: the item has not changed since the given `If-None-Match` ETag.
    #[error("not modified")]
    NotModified,
    /// `404`: no such item, or no access to that calendar.
    #[error("not found in Google Calendar (deleted, or no access)")]
    NotFound,
    /// `409 duplicate`: an item with this id already exists.
    #[error("an item with this identifier already exists in Google Calendar")]
    Duplicate,
    /// `401`: the access token is expired or revoked. Refresh it once and retry; if that fails
    /// too, the account must be reconnected.
    #[error("the Google access token was refused; it must be refreshed")]
    Unauthorized,
    /// A `403` that waiting will not fix: `insufficientPermissions` (the calendar scope was not
    /// granted), `forbiddenForNonOrganizer`, `accessNotConfigured`, a read-only calendar…
    #[error("Google Calendar refused this action ({reason}): {message}")]
    Forbidden {
        /// Google's reason code, e.g. `insufficientPermissions`.
        reason: String,
        /// Google's message.
        message: String,
    },
    /// Rate or usage limit (`429`, `403 rateLimitExceeded`/`userRateLimitExceeded`/
    /// `quotaExceeded`) still hit after the retries, or a `Retry-After` longer than the policy
    /// allows. Try again later (after `retry_after` when known).
    #[error("Google Calendar asks to slow down; try again later")]
    RateLimited {
        /// How long Google asked to wait, when it said.
        retry_after: Option<Duration>,
    },
    /// `5xx` still failing after the retries.
    #[error("Google Calendar is failing (HTTP {status}); try again later")]
    Server {
        /// The last HTTP status.
        status: u16,
    },
    /// Google could not be reached, or the connection broke (DNS, connect, TLS, timeout, reset).
    /// The app shows *offline* and keeps its cache: this is **never** a sign that data was
    /// deleted.
    #[error("Google Calendar cannot be reached ({0}); working offline")]
    Offline(String),
    /// Google's answer could not be understood (malformed or unexpected body). Describes the
    /// problem, never quotes the body.
    #[error("unexpected answer from Google Calendar: {0}")]
    InvalidResponse(String),
    /// A paged listing that does not end: more pages than the [`super::Pager`] follows, or a
    /// page token handed back a second time. Nothing of the listing is used.
    #[error("{0}")]
    Paging(PagingError),
    /// `400` (or another 4xx): the request was wrong; retrying will not help.
    #[error("Google Calendar rejected the request ({reason}): {message}")]
    BadRequest {
        /// Google's reason code, e.g. `timeRangeEmpty`, `invalid`.
        reason: String,
        /// Google's message.
        message: String,
    },
    /// Refused before sending: the request combines options Google forbids together (e.g. a sync
    /// token with a time window).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
}

/// How a paged listing failed to end (see [`CalendarError::Paging`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PagingError {
    /// More pages than the cap.
    #[error("Google Calendar announced pages without end: more than {0} pages in one listing")]
    TooManyPages(usize),
    /// A page token already followed came back: the listing goes round in circles.
    #[error(
        "Google Calendar handed back a page token already followed: the listing goes round in circles"
    )]
    RepeatedToken,
}

impl CalendarError {
    /// Whether the same request may succeed later unchanged: rate limits, server errors and
    /// being offline. (The client has already retried these per its policy.)
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            Self::RateLimited { .. } | Self::Server { .. } | Self::Offline(_)
        )
    }

    /// Whether Google could not be reached: show *offline*, keep the cache.
    pub fn is_offline(&self) -> bool {
        matches!(self, Self::Offline(_))
    }

    /// Maps a non-success HTTP answer. `etag` is the response's `ETag` header, `retry_after` its
    /// parsed `Retry-After`.
    pub(crate) fn from_response(
        status: u16,
        body: &[u8],
        etag: Option<String>,
        retry_after: Option<Duration>,
    ) -> Self {
        let detail = GoogleError::parse(body);
        let reason = detail.reason.as_str();
        let message = || detail.message.clone();
        match status {
            304 => Self::NotModified,
            401 => Self::Unauthorized,
            403 if RATE_REASONS.contains(&reason) => Self::RateLimited { retry_after },
            403 => Self::Forbidden {
                reason: or_unknown(reason),
                message: message(),
            },
            404 => Self::NotFound,
            409 if reason == "duplicate" || reason.is_empty() => Self::Duplicate,
            409 => Self::Conflict { etag },
            410 if reason == "deleted" => Self::Deleted,
            410 => Self::FullSyncRequired,
            412 => Self::Conflict { etag },
            429 => Self::RateLimited { retry_after },
            500..=599 => Self::Server { status },
            _ => Self::BadRequest {
                reason: or_unknown(reason),
                message: if detail.message.is_empty() {
                    format!("HTTP {status}")
                } else {
                    message()
                },
            },
        }
    }
}

/// The `403` reasons that mean "slow down", not "forbidden".
const RATE_REASONS: [&str; 3] = [
    "rateLimitExceeded",
    "userRateLimitExceeded",
    "quotaExceeded",
];

fn or_unknown(reason: &str) -> String {
    if reason.is_empty() {
        "unknown".to_owned()
    } else {
        reason.to_owned()
    }
}

/// The parts of `{"error": {"code", "message", "errors": [{"reason", "message", …}], …}}` we use.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct GoogleError {
    /// `errors[0].reason`, else `status` (newer envelopes), else empty.
    pub reason: String,
    /// `message`, else `errors[0].message`, shortened; empty when absent.
    pub message: String,
}

impl GoogleError {
    /// Reads what it can; an empty or non-JSON body gives empty fields (the status decides).
    pub(crate) fn parse(body: &[u8]) -> Self {
        #[derive(Deserialize)]
        struct Envelope {
            error: Option<Inner>,
        }
        #[derive(Deserialize)]
        struct Inner {
            message: Option<String>,
            status: Option<String>,
            #[serde(default)]
            errors: Vec<Item>,
        }
        #[derive(Deserialize)]
        struct Item {
            reason: Option<String>,
            message: Option<String>,
        }
        let Ok(Envelope { error: Some(inner) }) = serde_json::from_slice::<Envelope>(body) else {
            return Self::default();
        };
        let first = inner.errors.into_iter().next();
        let reason = first
            .as_ref()
            .and_then(|i| i.reason.clone())
            .or(inner.status)
            .unwrap_or_default();
        let message = inner
            .message
            .or_else(|| first.and_then(|i| i.message))
            .unwrap_or_default();
        Self {
            reason: crate::short_text(&reason),
            message: crate::short_text(&message),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    fn samples() -> Value {
        // The recorded responses live once, in the shared reference folder beside the repo.
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/reference/samples/errors-calendar.json"
        );
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    fn map(sample: &Value) -> CalendarError {
        let status = sample["http_status"].as_u64().unwrap() as u16;
        let body = serde_json::to_vec(&sample["body"]).unwrap();
        CalendarError::from_response(status, &body, None, None)
    }

    /// (group, sample name, what the mapped error must satisfy)
    type Expectation = (&'static str, &'static str, fn(&CalendarError) -> bool);

    #[test]
    fn every_recorded_error_body_maps_to_what_the_caller_must_do() {
        use CalendarError as E;
        let all = samples();
        let expected: &[Expectation] = &[
            (
                "documented",
                "400_timeRangeEmpty",
                |e| matches!(e, E::BadRequest { reason, message } if reason == "timeRangeEmpty" && message == "The specified time range is empty."),
            ),
            ("documented", "401_authError", |e| *e == E::Unauthorized),
            ("documented", "403_userRateLimitExceeded", |e| {
                matches!(e, E::RateLimited { .. })
            }),
            ("documented", "403_rateLimitExceeded", |e| {
                matches!(e, E::RateLimited { .. })
            }),
            ("documented", "403_quotaExceeded", |e| {
                matches!(e, E::RateLimited { .. })
            }),
            (
                "documented",
                "403_forbiddenForNonOrganizer",
                |e| matches!(e, E::Forbidden { reason, .. } if reason == "forbiddenForNonOrganizer"),
            ),
            ("documented", "404_notFound", |e| *e == E::NotFound),
            ("documented", "409_duplicate", |e| *e == E::Duplicate),
            ("documented", "409_conflict_batch", |e| {
                matches!(e, E::Conflict { .. })
            }),
            ("documented", "410_fullSyncRequired", |e| {
                *e == E::FullSyncRequired
            }),
            ("documented", "410_updatedMinTooLongAgo", |e| {
                *e == E::FullSyncRequired
            }),
            ("documented", "410_deleted", |e| *e == E::Deleted),
            ("documented", "412_conditionNotMet", |e| {
                matches!(e, E::Conflict { .. })
            }),
            ("documented", "429_rateLimitExceeded", |e| {
                matches!(e, E::RateLimited { .. })
            }),
            ("documented", "500_backendError", |e| {
                *e == E::Server { status: 500 }
            }),
            ("observed", "401_authError_modern_envelope", |e| {
                *e == E::Unauthorized
            }),
            (
                "observed",
                "403_insufficientPermissions_scope",
                |e| matches!(e, E::Forbidden { reason, .. } if reason == "insufficientPermissions"),
            ),
            (
                "observed",
                "403_accessNotConfigured_api_disabled",
                |e| matches!(e, E::Forbidden { reason, message } if reason == "accessNotConfigured" && message.chars().count() <= 200),
            ),
            (
                "observed",
                "403_forbiddenForNonOrganizer_real",
                |e| matches!(e, E::Forbidden { reason, .. } if reason == "forbiddenForNonOrganizer"),
            ),
            ("observed", "410_fullSyncRequired_real", |e| {
                *e == E::FullSyncRequired
            }),
        ];
        let mut seen = 0;
        for group in ["documented", "observed"] {
            for (name, sample) in all[group].as_object().unwrap() {
                if sample.get("body").is_none() {
                    continue; // a message-only report (400_syncToken_with_restrictions)
                }
                let (_, _, check) = expected
                    .iter()
                    .find(|(g, n, _)| *g == group && n == name)
                    .unwrap_or_else(|| panic!("no expectation for {group}/{name}"));
                let err = map(sample);
                assert!(check(&err), "{group}/{name} mapped to {err:?}");
                let retry = &sample["retry"];
                if retry == &Value::Bool(false) {
                    assert!(!err.is_retryable(), "{group}/{name} must not be retried");
                }
                seen += 1;
            }
        }
        assert_eq!(seen, expected.len(), "every sample is covered");
    }

    #[test]
    fn the_sync_token_restriction_report_maps_to_bad_request() {
        // Only the message is known (samples: observed/400_syncToken_with_restrictions).
        let body = br#"{"error":{"code":400,"message":"Sync token cannot be used with other request restrictions.","errors":[{"domain":"global","reason":"invalid","message":"Sync token cannot be used with other request restrictions."}]}}"#;
        assert!(matches!(
            CalendarError::from_response(400, body, None, None),
            CalendarError::BadRequest { reason, .. } if reason == "invalid"
        ));
    }

    #[test]
    fn bodies_that_are_not_google_errors_fall_back_on_the_status() {
        for body in [
            &b""[..],
            b"<html>502 Bad Gateway</html>",
            b"{\"error\":\"x\"}",
            b"null",
            b"{",
        ] {
            assert_eq!(
                CalendarError::from_response(502, body, None, None),
                CalendarError::Server { status: 502 }
            );
            assert!(matches!(
                CalendarError::from_response(403, body, None, None),
                CalendarError::Forbidden { reason, .. } if reason == "unknown"
            ));
            assert!(matches!(
                CalendarError::from_response(418, body, None, None),
                CalendarError::BadRequest { message, .. } if message == "HTTP 418"
            ));
        }
        assert_eq!(
            CalendarError::from_response(304, b"", None, None),
            CalendarError::NotModified
        );
        assert_eq!(
            CalendarError::from_response(412, b"", Some("\"e2\"".into()), None),
            CalendarError::Conflict {
                etag: Some("\"e2\"".into())
            }
        );
    }

    #[test]
    fn rate_limits_keep_the_servers_retry_after() {
        let body = br#"{"error":{"errors":[{"reason":"rateLimitExceeded"}],"code":403}}"#;
        assert_eq!(
            CalendarError::from_response(403, body, None, Some(Duration::from_secs(9))),
            CalendarError::RateLimited {
                retry_after: Some(Duration::from_secs(9))
            }
        );
    }

    #[test]
    fn only_transient_failures_are_retryable_and_only_offline_is_offline() {
        assert!(CalendarError::Offline("x".into()).is_offline());
        assert!(CalendarError::Offline("x".into()).is_retryable());
        assert!(CalendarError::Server { status: 503 }.is_retryable());
        assert!(!CalendarError::NotFound.is_offline());
        assert!(!CalendarError::Unauthorized.is_retryable());
        assert!(!CalendarError::FullSyncRequired.is_retryable());
    }
}
