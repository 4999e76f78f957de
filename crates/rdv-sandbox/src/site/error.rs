//! Error answers in WordPress's REST shape (`WP_Error` → `{"code","message","data":{"status"}}`),
//! docs/booking-endpoint.md § Errors. Core codes keep WordPress's own (English, `en_US`) messages;
//! the plugin's codes (`rdv_…`) and validation messages are French. No message ever quotes a
//! submitted value (it could be personal data).

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

/// A `WP_Error` as the REST server serialises it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct WpError {
    pub status: u16,
    pub code: String,
    pub message: String,
    /// Extra members of `data` besides `status` (`params`, …).
    pub data: Map<String, Value>,
}

impl WpError {
    pub(crate) fn new(status: u16, code: &str, message: &str) -> Self {
        Self {
            status,
            code: code.to_owned(),
            message: message.to_owned(),
            data: Map::new(),
        }
    }

    fn with(mut self, key: &str, value: Value) -> Self {
        self.data.insert(key.to_owned(), value);
        self
    }

    /// 404 `rest_no_route`: unknown route, or the plugin is not active.
    pub(crate) fn no_route() -> Self {
        Self::new(
            404,
            "rest_no_route",
            "No route was found matching the URL and request method.",
        )
    }

    /// 401 `rest_forbidden`: no credentials reached WordPress (`rest_authorization_required_code`).
    pub(crate) fn not_logged_in() -> Self {
        Self::new(
            401,
            "rest_forbidden",
            "Sorry, you are not allowed to do that.",
        )
    }

    /// 403 `rest_forbidden`: a known user without the plugin's capability.
    pub(crate) fn forbidden() -> Self {
        Self::new(
            403,
            "rest_forbidden",
            "Sorry, you are not allowed to do that.",
        )
    }

    /// 401 `invalid_username`: Basic credentials naming an unknown user.
    pub(crate) fn invalid_username() -> Self {
        Self::new(
            401,
            "invalid_username",
            "Unknown username. Check again or try your email address.",
        )
    }

    /// 401 `incorrect_password`: a known user, a wrong application password.
    pub(crate) fn incorrect_password() -> Self {
        Self::new(
            401,
            "incorrect_password",
            "The provided password is an invalid application password.",
        )
    }

    /// 400 `rest_invalid_json`: the body is not JSON.
    pub(crate) fn invalid_json() -> Self {
        Self::new(400, "rest_invalid_json", "Invalid JSON body passed.")
    }

    /// 400 `rest_invalid_param` with `data.params` = `{path: message}`.
    pub(crate) fn invalid_params(problems: &[(String, String)]) -> Self {
        let names: Vec<&str> = problems.iter().map(|(p, _)| p.as_str()).collect();
        let params: Map<String, Value> = problems
            .iter()
            .map(|(p, m)| (p.clone(), json!(m)))
            .collect();
        Self::new(
            400,
            "rest_invalid_param",
            &format!("Invalid parameter(s): {}", names.join(", ")),
        )
        .with("params", Value::Object(params))
    }

    /// 400 `rest_invalid_param` about one parameter.
    pub(crate) fn invalid_param(name: &str, message: &str) -> Self {
        Self::invalid_params(&[(name.to_owned(), message.to_owned())])
    }

    /// 404 `rdv_booking_not_found`.
    pub(crate) fn booking_not_found() -> Self {
        Self::new(
            404,
            "rdv_booking_not_found",
            "Aucune réservation du site ne porte cet identifiant (jamais enregistrée, ou effacée).",
        )
    }

    /// 409 `rdv_google_unlinked` (1.1): a cancel while the site's Google access is not linked or
    /// was revoked; nothing changed.
    pub(crate) fn google_unlinked() -> Self {
        Self::new(
            409,
            "rdv_google_unlinked",
            "L'accès Google du site n'est pas lié (ou a été révoqué) : liez-le à nouveau dans les réglages de l'extension, puis annulez de nouveau.",
        )
    }

    /// 409 `rdv_booking_cancelled` (API 1.1): the site cancelled this booking; it cannot be
    /// moved.
    pub(crate) fn booking_cancelled() -> Self {
        Self::new(
            409,
            "rdv_booking_cancelled",
            "Cette réservation a été annulée : elle ne peut plus être déplacée.",
        )
    }

    /// 410 `rdv_cursor_expired`.
    pub(crate) fn cursor_expired() -> Self {
        Self::new(
            410,
            "rdv_cursor_expired",
            "Ce curseur n'est plus valable : relisez toutes les réservations sans curseur.",
        )
    }

    /// 412 `rdv_precondition_failed`, with the current ETag in `data.etag`.
    pub(crate) fn precondition_failed(current: &str) -> Self {
        Self::new(
            412,
            "rdv_precondition_failed",
            "La configuration a changé depuis votre lecture : relisez-la avant de l'enregistrer.",
        )
        .with("etag", json!(current))
    }

    /// 428 `rdv_precondition_required`.
    pub(crate) fn precondition_required() -> Self {
        Self::new(
            428,
            "rdv_precondition_required",
            "En-tête If-Match requis : envoyez l'ETag de la configuration lue.",
        )
    }

    /// An error chosen by a test ([`crate::FaultKind::Status`]): `reason` becomes the `code`.
    #[cfg(feature = "testing")]
    pub(crate) fn injected(status: u16, reason: &str) -> Self {
        let message = StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("Error");
        Self::new(status, reason, message)
    }

    /// The JSON body.
    pub(crate) fn body(&self) -> Value {
        let mut data = self.data.clone();
        data.insert("status".into(), json!(self.status));
        json!({"code": self.code, "message": self.message, "data": data})
    }
}

impl IntoResponse for WpError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let text = serde_json::to_string(&self.body()).unwrap_or_else(|_| "{}".into());
        let mut response = (status, text).into_response();
        let h = response.headers_mut();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=UTF-8"),
        );
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache, must-revalidate, max-age=0, no-store, private"),
        );
        if self.status == 429 {
            h.insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_envelope_is_wordpress_rest_shape() {
        assert_eq!(
            WpError::no_route().body(),
            json!({"code": "rest_no_route",
                   "message": "No route was found matching the URL and request method.",
                   "data": {"status": 404}})
        );
        let e = WpError::invalid_param("limit", "trop grand");
        assert_eq!(e.body()["data"]["params"], json!({"limit": "trop grand"}));
        assert_eq!(e.body()["message"], "Invalid parameter(s): limit");
    }
}
