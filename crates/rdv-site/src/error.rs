//! The site's failures, read from the HTTP status and the `code` of WordPress's REST envelope
//! (`{"code","message","data":{"status","params"}}`, docs/booking-endpoint.md § Errors).

use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use std::fmt;
use std::time::Duration;

/// A failure of the booking site the caller can act on. Never carries the application password,
/// never quotes a response body (which may hold patient data): only WordPress's short `code`s and
/// messages, which never quote submitted values.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SiteError {
    /// `401`: the user name or application password was refused (`incorrect_password`,
    /// `invalid_username`), or no credentials reached WordPress (`rest_forbidden`: see
    /// [`SiteError::credentials_stripped`]). Ask for a new application password.
    #[error("{}", unauthorized_text(code))]
    Unauthorized {
        /// WordPress's code.
        code: String,
    },
    /// `403`: the WordPress user lacks the plugin's capability (`rdv_compagnon_manage`).
    #[error("the site refused this action to this WordPress user ({code}): {message}")]
    Forbidden {
        /// WordPress's code, e.g. `rest_forbidden`.
        code: String,
        /// WordPress's message.
        message: String,
    },
    /// `404`: `rest_no_route` (or a non-WordPress 404) — the plugin is not installed or not active
    /// ([`SiteError::plugin_missing`]); otherwise the item is unknown (`rdv_booking_not_found`).
    #[error("{}", not_found_text(code, message))]
    NotFound {
        /// WordPress's code; empty when the answer was not a WordPress error.
        code: String,
        /// WordPress's message.
        message: String,
    },
    /// `412`: the configuration changed since it was read (`If-Match` failed). Re-read it,
    /// re-apply the change, send it with the new ETag. After a *retried* `PUT`, the change may be
    /// our own first attempt.
    #[error("the site's configuration changed in the meantime; reload it and try again")]
    Conflict {
        /// The current ETag when the site said (`data.etag`).
        etag: Option<String>,
    },
    /// `428`: a configuration change was sent without `If-Match`.
    #[error("the site requires the configuration's ETag (If-Match) to change it")]
    PreconditionRequired,
    /// `400`: a parameter or field was refused. `field` is its path (`retentionDays`,
    /// `appointmentTypes[1].durationMinutes`, `cursor`), `""` when the site did not say.
    #[error("the site refused {}: {message}", if field.is_empty() { "the request" } else { field.as_str() })]
    Invalid {
        /// The field path, as the site reports it.
        field: String,
        /// The site's message (French for the plugin's own checks).
        message: String,
    },
    /// `410 rdv_cursor_expired`: read the bookings again without a cursor, and delete locally
    /// every record the answer does not hold.
    #[error("the booking cursor expired; the bookings must be read again in full")]
    CursorExpired,
    /// `429` still hit after the retries, or a `Retry-After` longer than the policy allows.
    #[error("the site asks to slow down; try again later")]
    RateLimited {
        /// How long the site asked to wait, when it said.
        retry_after: Option<Duration>,
    },
    /// `5xx` still failing after the retries (PHP error, host failure, maintenance).
    #[error("the site is failing (HTTP {status}); try again later")]
    Server {
        /// The last HTTP status.
        status: u16,
    },
    /// The site could not be reached (DNS, connect, TLS, timeout, reset). Never a sign that
    /// data is gone: keep the cache.
    #[error("the site cannot be reached ({0})")]
    Network(String),
    /// The answer could not be understood (malformed or unexpected body, a redirect). Describes
    /// the problem, never quotes the body; nothing was applied locally from it.
    #[error("unexpected answer from the site: {0}")]
    InvalidResponse(String),
    /// Another `4xx` the contract does not list.
    #[error("the site rejected the request (HTTP {status}, {code}): {message}")]
    Rejected {
        /// HTTP status.
        status: u16,
        /// WordPress's code (may be empty).
        code: String,
        /// WordPress's message.
        message: String,
    },
    /// Refused before sending (an empty event id, a body that cannot be encoded).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
}

fn unauthorized_text(code: &str) -> String {
    if is_stripped(code) {
        "the site did not receive the credentials (the host may strip the Authorization header; \
         see docs/booking-endpoint.md)"
            .into()
    } else {
        format!(
            "the site refused the WordPress user name or application password ({code}); create a \
             new application password in WordPress"
        )
    }
}

fn not_found_text(code: &str, message: &str) -> String {
    if is_no_route(code) {
        "the RDV Compagnon plugin does not answer on this site (not installed or not active, or \
         not a WordPress site)"
            .into()
    } else {
        format!("not found on the site ({code}): {message}")
    }
}

fn is_stripped(code: &str) -> bool {
    matches!(code, "rest_forbidden" | "rest_not_logged_in")
}

fn is_no_route(code: &str) -> bool {
    code.is_empty() || code == "rest_no_route"
}

impl SiteError {
    /// Whether the same request may succeed later unchanged (rate limit, server, network). The
    /// client has already retried these per its policy.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            Self::RateLimited { .. } | Self::Server { .. } | Self::Network(_)
        )
    }

    /// Whether the site could not be reached at all: show *offline*, keep the cache.
    pub fn is_offline(&self) -> bool {
        matches!(self, Self::Network(_))
    }

    /// A `404` meaning the plugin's routes do not exist there (`rest_no_route`, or not WordPress).
    pub fn plugin_missing(&self) -> bool {
        matches!(self, Self::NotFound { code, .. } if is_no_route(code))
    }

    /// A `401` where WordPress saw no credentials at all: the host dropped `Authorization`.
    pub fn credentials_stripped(&self) -> bool {
        matches!(self, Self::Unauthorized { code } if is_stripped(code))
    }

    /// Maps a non-success HTTP answer. `retry_after` is the parsed `Retry-After`.
    pub(crate) fn from_response(status: u16, body: &[u8], retry_after: Option<Duration>) -> Self {
        let wp = WpError::parse(body);
        match status {
            300..=399 => Self::InvalidResponse(format!(
                "the site redirected (HTTP {status}): check the site's address"
            )),
            400 => {
                let (field, message) = match wp.params.into_iter().next() {
                    Some((f, m)) => (f, if m.is_empty() { wp.message } else { m }),
                    None if wp.code == "rest_invalid_json" => ("body".into(), wp.message),
                    None => (String::new(), wp.message),
                };
                Self::Invalid {
                    field: crate::short_text(&field),
                    message: if message.is_empty() {
                        "HTTP 400".into()
                    } else {
                        message
                    },
                }
            }
            401 => Self::Unauthorized {
                code: or_unknown(wp.code),
            },
            403 => Self::Forbidden {
                code: or_unknown(wp.code),
                message: wp.message,
            },
            404 => Self::NotFound {
                code: wp.code,
                message: wp.message,
            },
            410 if wp.code == "rdv_cursor_expired" => Self::CursorExpired,
            412 => Self::Conflict { etag: wp.etag },
            428 => Self::PreconditionRequired,
            429 => Self::RateLimited { retry_after },
            500..=599 => Self::Server { status },
            _ => Self::Rejected {
                status,
                code: or_unknown(wp.code),
                message: if wp.message.is_empty() {
                    format!("HTTP {status}")
                } else {
                    wp.message
                },
            },
        }
    }
}

fn or_unknown(code: String) -> String {
    if code.is_empty() {
        "unknown".into()
    } else {
        code
    }
}

/// The parts of a WordPress error body we use; empty fields when the body is not one.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct WpError {
    pub code: String,
    pub message: String,
    /// `data.params`: (path, message) in the body's order; a list of names gives empty messages.
    pub params: Vec<(String, String)>,
    /// `data.etag` (412).
    pub etag: Option<String>,
}

impl WpError {
    pub(crate) fn parse(body: &[u8]) -> Self {
        #[derive(Deserialize)]
        struct Envelope {
            code: Option<String>,
            message: Option<String>,
            data: Option<Data>,
        }
        #[derive(Deserialize)]
        struct Data {
            #[serde(default)]
            params: Params,
            etag: Option<String>,
        }
        let Ok(e) = serde_json::from_slice::<Envelope>(body) else {
            return Self::default();
        };
        let data = e.data;
        Self {
            code: crate::short_text(e.code.as_deref().unwrap_or("")),
            message: crate::short_text(e.message.as_deref().unwrap_or("")),
            etag: data.as_ref().and_then(|d| d.etag.clone()),
            params: data
                .map(|d| {
                    d.params
                        .0
                        .into_iter()
                        .map(|(k, v)| (crate::short_text(&k), crate::short_text(&v)))
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}

/// `data.params`: an object `{path: message}` (order kept) or a list of names.
#[derive(Default)]
struct Params(Vec<(String, String)>);

impl<'de> Deserialize<'de> for Params {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Params;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object or a list of parameter names")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Params, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, serde_json::Value>()? {
                    out.push((k, v.as_str().unwrap_or("").to_owned()));
                }
                Ok(Params(out))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Params, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = seq.next_element::<serde_json::Value>()? {
                    out.push((v.as_str().unwrap_or("").to_owned(), String::new()));
                }
                Ok(Params(out))
            }
            fn visit_unit<E>(self) -> Result<Params, E> {
                Ok(Params::default())
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(status: u16, body: &str) -> SiteError {
        SiteError::from_response(status, body.as_bytes(), None)
    }

    #[test]
    fn wordpress_codes_map_to_what_the_app_must_do() {
        let e = map(
            401,
            r#"{"code":"incorrect_password","message":"x","data":{"status":401}}"#,
        );
        assert_eq!(
            e,
            SiteError::Unauthorized {
                code: "incorrect_password".into()
            }
        );
        assert!(!e.credentials_stripped());
        assert!(
            map(
                401,
                r#"{"code":"rest_forbidden","message":"x","data":{"status":401}}"#
            )
            .credentials_stripped()
        );
        let e = map(
            404,
            r#"{"code":"rest_no_route","message":"No route","data":{"status":404}}"#,
        );
        assert!(e.plugin_missing(), "the plugin is not there");
        assert!(
            map(404, "<html>Not Found</html>").plugin_missing(),
            "not even WordPress"
        );
        assert!(
            !map(
                404,
                r#"{"code":"rdv_booking_not_found","message":"x","data":{"status":404}}"#
            )
            .plugin_missing()
        );
        assert_eq!(
            map(
                412,
                r#"{"code":"rdv_precondition_failed","message":"x","data":{"status":412,"etag":"\"e2\""}}"#
            ),
            SiteError::Conflict {
                etag: Some("\"e2\"".into())
            }
        );
        assert_eq!(map(428, "{}"), SiteError::PreconditionRequired);
        assert_eq!(
            map(
                410,
                r#"{"code":"rdv_cursor_expired","message":"x","data":{"status":410}}"#
            ),
            SiteError::CursorExpired
        );
        assert_eq!(
            map(503, "<html>Maintenance</html>"),
            SiteError::Server { status: 503 }
        );
        assert!(matches!(map(301, ""), SiteError::InvalidResponse(_)));
    }

    #[test]
    fn a_400_names_the_first_field_in_the_bodys_order() {
        let e = map(
            400,
            r#"{"code":"rest_invalid_param","message":"Invalid parameter(s): z, a","data":{"status":400,"params":{"z.first":"premier","a.second":"second"}}}"#,
        );
        assert_eq!(
            e,
            SiteError::Invalid {
                field: "z.first".into(),
                message: "premier".into()
            }
        );
        let e = map(
            400,
            r#"{"code":"rest_missing_callback_param","message":"Missing parameter(s): email","data":{"status":400,"params":["email"]}}"#,
        );
        assert_eq!(
            e,
            SiteError::Invalid {
                field: "email".into(),
                message: "Missing parameter(s): email".into()
            }
        );
        let e = map(
            400,
            r#"{"code":"rest_invalid_json","message":"Invalid JSON body passed.","data":{"status":400}}"#,
        );
        assert!(matches!(e, SiteError::Invalid { field, .. } if field == "body"));
    }

    #[test]
    fn only_transient_failures_are_retryable() {
        assert!(SiteError::Server { status: 502 }.is_retryable());
        assert!(SiteError::RateLimited { retry_after: None }.is_retryable());
        assert!(SiteError::Network("x".into()).is_offline());
        assert!(!SiteError::Unauthorized { code: "x".into() }.is_retryable());
        assert!(!SiteError::InvalidResponse("x".into()).is_retryable());
    }
}
