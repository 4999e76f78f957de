//! Error answers shaped exactly like Google's: Calendar API errors
//! (`{"error":{"errors":[{domain,reason,message,locationType?,location?}],"code","message"}}`,
//! samples/errors-calendar.json) and OAuth errors (`{"error","error_description"}`,
//! samples/oauth-google.json).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

/// A Calendar API error (boxed: results stay small).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ApiError(Box<ErrorItem>);

/// What an [`ApiError`] says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ErrorItem {
    pub status: u16,
    pub domain: &'static str,
    pub reason: String,
    pub message: String,
    /// The envelope's `message` when it differs from the item's (insufficientPermissions).
    pub top_message: Option<String>,
    pub location: Option<(&'static str, String)>,
}

impl std::ops::Deref for ApiError {
    type Target = ErrorItem;

    fn deref(&self) -> &ErrorItem {
        &self.0
    }
}

impl ApiError {
    pub(crate) fn new(status: u16, domain: &'static str, reason: &str, message: &str) -> Self {
        Self(Box::new(ErrorItem {
            status,
            domain,
            reason: reason.to_owned(),
            message: message.to_owned(),
            top_message: None,
            location: None,
        }))
    }

    /// Names the query parameter the error is about.
    pub(crate) fn located(self, param: &str) -> Self {
        self.at("parameter", param)
    }

    fn at(mut self, location_type: &'static str, location: &str) -> Self {
        self.0.location = Some((location_type, location.to_owned()));
        self
    }

    /// 401: missing, unknown, expired or revoked bearer token.
    pub(crate) fn auth() -> Self {
        Self::new(401, "global", "authError", "Invalid Credentials").at("header", "Authorization")
    }

    /// 403: the token's scopes do not cover the method.
    pub(crate) fn insufficient_scopes() -> Self {
        let mut e = Self::new(
            403,
            "global",
            "insufficientPermissions",
            "Insufficient Permission",
        );
        e.0.top_message = Some("Request had insufficient authentication scopes.".into());
        e
    }

    pub(crate) fn not_found() -> Self {
        Self::new(404, "global", "notFound", "Not Found")
    }

    pub(crate) fn forbidden() -> Self {
        Self::new(403, "global", "forbidden", "Forbidden")
    }

    pub(crate) fn writer_required() -> Self {
        Self::new(
            403,
            "calendar",
            "requiredAccessLevel",
            "You need to have writer access to this calendar.",
        )
    }

    pub(crate) fn deleted() -> Self {
        Self::new(410, "global", "deleted", "Resource has been deleted")
    }

    pub(crate) fn duplicate() -> Self {
        Self::new(
            409,
            "global",
            "duplicate",
            "The requested identifier already exists.",
        )
    }

    pub(crate) fn condition_not_met() -> Self {
        Self::new(412, "global", "conditionNotMet", "Precondition Failed").at("header", "If-Match")
    }

    pub(crate) fn full_sync_required() -> Self {
        Self::new(
            410,
            "calendar",
            "fullSyncRequired",
            "Sync token is no longer valid, a full sync is required.",
        )
        .at("parameter", "syncToken")
    }

    pub(crate) fn updated_min_too_long_ago() -> Self {
        Self::new(
            410,
            "calendar",
            "updatedMinTooLongAgo",
            "The requested minimum modification time lies too far in the past.",
        )
        .at("parameter", "updatedMin")
    }

    pub(crate) fn time_range_empty() -> Self {
        Self::new(
            400,
            "calendar",
            "timeRangeEmpty",
            "The specified time range is empty.",
        )
        .at("parameter", "timeMax")
    }

    /// 400 `timeRangeEmpty` about an event's own start and end.
    pub(crate) fn time_range_empty_body() -> Self {
        Self::new(
            400,
            "calendar",
            "timeRangeEmpty",
            "The specified time range is empty.",
        )
    }

    /// 400 `invalid` on a query parameter.
    pub(crate) fn invalid_param(param: &str, message: &str) -> Self {
        Self::new(400, "global", "invalid", message).at("parameter", param)
    }

    /// 400 `invalid` about the request body.
    pub(crate) fn invalid(message: &str) -> Self {
        Self::new(400, "global", "invalid", message)
    }

    pub(crate) fn required(message: &str) -> Self {
        Self::new(400, "global", "required", message)
    }

    pub(crate) fn bad_request(message: &str) -> Self {
        Self::new(400, "global", "badRequest", message)
    }

    pub(crate) fn parse_error() -> Self {
        Self::new(400, "global", "parseError", "Parse Error")
    }

    pub(crate) fn not_implemented() -> Self {
        Self::new(
            501,
            "global",
            "notImplemented",
            "This method is not implemented by the sandbox.",
        )
    }

    /// An error chosen by a test ([`crate::FaultKind::Status`]): Google's domain and message for
    /// the reasons it documents, a neutral one otherwise.
    #[cfg(feature = "testing")]
    pub(crate) fn injected(status: u16, reason: &str) -> Self {
        let (domain, message): (&'static str, String) = match reason {
            "rateLimitExceeded" => ("usageLimits", "Rate Limit Exceeded".into()),
            "userRateLimitExceeded" => ("usageLimits", "User Rate Limit Exceeded".into()),
            "quotaExceeded" => ("usageLimits", "Calendar usage limits exceeded.".into()),
            "accessNotConfigured" => (
                "usageLimits",
                "Google Calendar API has not been used in this project before or it is disabled."
                    .into(),
            ),
            "backendError" => ("global", "Backend Error".into()),
            "conflict" => ("global", "Conflict".into()),
            "authError" => return Self::auth(),
            "insufficientPermissions" => return Self::insufficient_scopes(),
            "notFound" => ("global", "Not Found".into()),
            "deleted" => ("global", "Resource has been deleted".into()),
            "duplicate" => return Self::duplicate(),
            "conditionNotMet" => return Self::condition_not_met(),
            "fullSyncRequired" => return Self::full_sync_required(),
            "timeRangeEmpty" => return Self::time_range_empty(),
            "forbiddenForNonOrganizer" => (
                "calendar",
                "Shared properties can only be changed by the organizer of the event.".into(),
            ),
            _ => (
                "global",
                StatusCode::from_u16(status)
                    .ok()
                    .and_then(|s| s.canonical_reason())
                    .unwrap_or("Error")
                    .to_owned(),
            ),
        };
        Self::new(status, domain, reason, &message)
    }

    /// The JSON body, exactly Google's envelope.
    pub(crate) fn body(&self) -> Value {
        let mut item = json!({
            "domain": self.domain,
            "reason": self.reason,
            "message": self.message,
        });
        if let Some((kind, location)) = &self.location {
            item["locationType"] = json!(kind);
            item["location"] = json!(location);
        }
        json!({
            "error": {
                "errors": [item],
                "code": self.status,
                "message": self.top_message.as_deref().unwrap_or(&self.message),
            }
        })
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let mut response = (status, json_body(&self.body(), true)).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=UTF-8"),
        );
        if self.status == 401 {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static(
                    "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"",
                ),
            );
        }
        if self.status == 429 {
            headers.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}

/// An OAuth endpoint error: `{"error": …, "error_description": …}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OAuthError {
    pub status: u16,
    pub error: &'static str,
    pub description: Option<String>,
}

impl OAuthError {
    pub(crate) fn new(status: u16, error: &'static str, description: &str) -> Self {
        Self {
            status,
            error,
            description: Some(description.to_owned()),
        }
    }

    pub(crate) fn invalid_grant(description: &str) -> Self {
        Self::new(400, "invalid_grant", description)
    }

    pub(crate) fn expired_or_revoked() -> Self {
        Self::invalid_grant("Token has been expired or revoked.")
    }
}

impl IntoResponse for OAuthError {
    fn into_response(self) -> Response {
        let mut body = json!({ "error": self.error });
        if let Some(d) = &self.description {
            body["error_description"] = json!(d);
        }
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::BAD_REQUEST);
        let mut response = (status, json_body(&body, true)).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache, no-store, max-age=0, must-revalidate"),
        );
        response
    }
}

/// Serialises a JSON value, pretty (Google's default `prettyPrint=true`) or compact.
pub(crate) fn json_body(value: &Value, pretty: bool) -> String {
    let text = if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    };
    text.unwrap_or_else(|_| "{}".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_envelope_has_exactly_googles_keys() {
        let body = ApiError::condition_not_met().body();
        assert_eq!(
            body,
            json!({"error": {"errors": [{"domain": "global", "reason": "conditionNotMet",
                "message": "Precondition Failed", "locationType": "header", "location": "If-Match"}],
                "code": 412, "message": "Precondition Failed"}})
        );
    }

    #[test]
    fn an_injected_reason_gets_googles_domain_and_message() {
        let e = ApiError::injected(429, "rateLimitExceeded");
        assert_eq!(e.domain, "usageLimits");
        assert_eq!(e.message, "Rate Limit Exceeded");
        let e = ApiError::injected(503, "whatever");
        assert_eq!(e.message, "Service Unavailable");
    }
}
