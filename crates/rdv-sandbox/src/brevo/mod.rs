//! A stand-in for **Brevo's transactional SMS API**, the SMS provider of the booking site's plugin
//! (docs/sms.md § Provider), on the sandbox's server so the plugin's tests point its provider base
//! URL at the sandbox (`http://127.0.0.1:PORT/` in place of `https://api.brevo.com/`).
//!
//! What is reproduced, from Brevo's documentation (developers.brevo.com):
//! - *Send transactional SMS* — `POST /v3/transactionalSMS/send` (the endpoint that replaced
//!   `/v3/transactionalSMS/sms`, changelog of 2025-05-01), authenticated by the `api-key`
//!   header (*Authentication*); a JSON body with the required `sender` (at most 11 alphanumeric
//!   or 15 numeric characters), `recipient` (the number with its country code) and `content`, and
//!   the optional `type` (`transactional` or `marketing`), `tag` (a string or an array of
//!   strings), `webUrl` (the webhook called for each event of the message), `unicodeEnabled`
//!   and `organisationPrefix`; answered `201 {"messageId": <int>}`. Errors are
//!   `{"code", "message"}` with `401 unauthorized` (no or wrong key), `400 missing_parameter` /
//!   `invalid_parameter`.
//! - *Transactional webhooks › Transactional SMS events*: for each event the message's `webUrl`
//!   receives a JSON `POST` with `id` (webhook id), `to`, `sms_count`, `credits_used`,
//!   `messageId`, `remaining_credit`, `msg_status` (`sent`, `delivered`, `soft_bounce`,
//!   `hard_bounce`), `date` (CET/CEST, `YYYY-MM-DD HH:MM:SS`), `type` and `reference`.
//!
//! Not Brevo, for tests and the demo: `GET /sandbox/sms` lists what was received and
//! `POST /sandbox/sms/{messageId}/deliver?status=delivered` has the stand-in call the message's
//! `webUrl` (both need the same `api-key`); the control API has [`crate::Control::sms_received`]
//! and [`crate::Control::deliver_sms`].

mod webhook;

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use crate::query::Query;
use crate::world::Shared;

pub(crate) use webhook::post_json;

/// The API key the stand-in accepts until a test sets another one
/// ([`crate::Control::set_sms_api_key`]). Not a secret.
pub const SMS_API_KEY: &str = "xkeysib-sandbox-rdv-compagnon";

/// The credits a fresh stand-in account holds (`remaining_credit` of the webhooks).
const CREDITS: f64 = 1000.0;

/// One SMS the stand-in accepted, as its request said.
#[derive(Debug, Clone, PartialEq)]
pub struct ProviderSms {
    /// The `messageId` answered (1, 2, … in order).
    pub message_id: u64,
    /// `sender`: the name shown on the phone.
    pub sender: String,
    /// `recipient`, as sent (digits with the country code, maybe a leading `+`).
    pub recipient: String,
    /// `content`: the text.
    pub content: String,
    /// `type`: `transactional` (the default) or `marketing`.
    pub kind: String,
    /// `tag`, when a string was sent (an array is joined with `,`).
    pub tag: Option<String>,
    /// `webUrl`: where the delivery events go.
    pub web_url: Option<String>,
    /// `unicodeEnabled`.
    pub unicode_enabled: bool,
    /// Segments the message takes (the rules of docs/sms.md).
    pub sms_count: u32,
    /// When it was received (sandbox clock).
    pub received_at: DateTime<Utc>,
    /// The last `msg_status` posted to `webUrl` (`None` before any).
    pub status: Option<String>,
}

impl ProviderSms {
    fn json(&self) -> Value {
        json!({
            "messageId": self.message_id,
            "sender": self.sender,
            "recipient": self.recipient,
            "content": self.content,
            "type": self.kind,
            "tag": self.tag,
            "webUrl": self.web_url,
            "unicodeEnabled": self.unicode_enabled,
            "smsCount": self.sms_count,
            "receivedAt": self.received_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "status": self.status,
        })
    }

    /// The body Brevo posts to `webUrl` for the event `msg_status` (*Transactional SMS events*).
    pub(crate) fn event(&self, msg_status: &str, at: DateTime<Utc>, used: f64) -> Value {
        let cet = at.with_timezone(&chrono_tz::Europe::Paris);
        json!({
            "id": 1,
            "to": self.recipient.trim_start_matches('+'),
            "sms_count": self.sms_count,
            "credits_used": f64::from(self.sms_count),
            "messageId": self.message_id,
            "remaining_credit": CREDITS - used,
            "msg_status": msg_status,
            "date": cet.format("%Y-%m-%d %H:%M:%S").to_string(),
            "type": self.kind,
            "reference": format!("sandbox{:012}", self.message_id),
        })
    }
}

/// The stand-in's state: its key and what it received.
#[derive(Debug)]
pub(crate) struct Provider {
    pub api_key: String,
    pub messages: Vec<ProviderSms>,
}

impl Default for Provider {
    fn default() -> Self {
        Self {
            api_key: SMS_API_KEY.to_owned(),
            messages: Vec::new(),
        }
    }
}

impl Provider {
    /// Credits spent so far (one per segment).
    pub(crate) fn used(&self) -> f64 {
        self.messages.iter().map(|m| f64::from(m.sms_count)).sum()
    }
}

/// The statuses a delivery event may carry.
pub(crate) const STATUSES: [&str; 4] = ["sent", "delivered", "soft_bounce", "hard_bounce"];

/// An error answer: `{"code", "message"}` with its HTTP status (*Errors* of Brevo's API).
#[derive(Debug, Clone, PartialEq, Eq)]
struct BrevoError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl BrevoError {
    fn new(status: StatusCode, code: &'static str, message: &str) -> Self {
        Self {
            status,
            code,
            message: message.to_owned(),
        }
    }

    fn bad(code: &'static str, message: &str) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }
}

impl IntoResponse for BrevoError {
    fn into_response(self) -> Response {
        (
            self.status,
            axum::Json(json!({"code": self.code, "message": self.message})),
        )
            .into_response()
    }
}

fn authorised(shared: &Shared, headers: &HeaderMap) -> Result<(), BrevoError> {
    let key = headers.get("api-key").and_then(|v| v.to_str().ok());
    match key {
        Some(k) if k == shared.lock().sms.api_key => Ok(()),
        _ => Err(BrevoError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Key not found",
        )),
    }
}

/// The fields of a send request, checked.
struct SendRequest {
    sender: String,
    recipient: String,
    content: String,
    kind: String,
    tag: Option<String>,
    web_url: Option<String>,
    unicode_enabled: bool,
}

/// Checks a send request's body.
fn read_send(body: &[u8]) -> Result<SendRequest, BrevoError> {
    let invalid = |m: &str| BrevoError::bad("invalid_parameter", m);
    let body: Value = serde_json::from_slice(body)
        .map_err(|_| BrevoError::bad("bad_request", "Input must be a valid JSON object"))?;
    let Some(body) = body.as_object() else {
        return Err(BrevoError::bad(
            "bad_request",
            "Input must be a valid JSON object",
        ));
    };
    let text = |name: &str| -> Result<Option<String>, BrevoError> {
        match body.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(invalid(&format!("{name} must be a string"))),
        }
    };
    let required = |name: &str| -> Result<String, BrevoError> {
        match text(name)? {
            Some(s) if !s.is_empty() => Ok(s),
            _ => Err(BrevoError::bad(
                "missing_parameter",
                &format!("{name} is missing"),
            )),
        }
    };
    let sender = required("sender")?;
    let recipient = required("recipient")?;
    let content = required("content")?;
    let sender_ok = if sender.chars().all(|c| c.is_ascii_digit()) {
        sender.len() <= 15
    } else {
        sender.chars().count() <= 11
            && sender
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == ' ')
    };
    if !sender_ok {
        return Err(invalid(
            "sender is limited to 11 alphanumeric or 15 numeric characters",
        ));
    }
    let digits = recipient.strip_prefix('+').unwrap_or(&recipient);
    if !(6..=15).contains(&digits.len()) || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(invalid("Invalid phone number"));
    }
    let kind = text("type")?.unwrap_or_else(|| "transactional".into());
    if kind != "transactional" && kind != "marketing" {
        return Err(invalid("type must be transactional or marketing"));
    }
    let tag = match body.get("tag") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(Value::Array(a)) if a.iter().all(Value::is_string) => Some(
            a.iter()
                .filter_map(Value::as_str)
                .collect::<Vec<_>>()
                .join(","),
        ),
        Some(_) => return Err(invalid("tag must be a string or an array of strings")),
    };
    let web_url = text("webUrl")?;
    if web_url
        .as_deref()
        .is_some_and(|u| url::Url::parse(u).is_err())
    {
        return Err(invalid("webUrl must be a valid URL"));
    }
    let unicode_enabled = match body.get("unicodeEnabled") {
        None | Some(Value::Null) => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err(invalid("unicodeEnabled must be a boolean")),
    };
    text("organisationPrefix")?;
    Ok(SendRequest {
        sender,
        recipient,
        content,
        kind,
        tag,
        web_url,
        unicode_enabled,
    })
}

/// `POST /v3/transactionalSMS/send`.
pub(crate) async fn send(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let request = match authorised(&shared, &headers).and_then(|()| read_send(&body)) {
        Ok(r) => r,
        Err(e) => return e.into_response(),
    };
    let mut world = shared.lock();
    let now = world.now();
    let message_id = world.sms.messages.len() as u64 + 1;
    world.sms.messages.push(ProviderSms {
        message_id,
        sms_count: crate::site::segments(&request.content),
        sender: request.sender,
        recipient: request.recipient,
        content: request.content,
        kind: request.kind,
        tag: request.tag,
        web_url: request.web_url,
        unicode_enabled: request.unicode_enabled,
        received_at: now,
        status: None,
    });
    (
        StatusCode::CREATED,
        axum::Json(json!({"messageId": message_id})),
    )
        .into_response()
}

/// `GET /sandbox/sms`: every message received, oldest first (not Brevo).
pub(crate) async fn list(State(shared): State<Arc<Shared>>, headers: HeaderMap) -> Response {
    if let Err(e) = authorised(&shared, &headers) {
        return e.into_response();
    }
    let messages: Vec<Value> = shared
        .lock()
        .sms
        .messages
        .iter()
        .map(ProviderSms::json)
        .collect();
    axum::Json(json!({"messages": messages})).into_response()
}

/// `POST /sandbox/sms/{messageId}/deliver?status=…` (not Brevo): posts the delivery event to the
/// message's `webUrl`; answers `{"webhookStatus": <HTTP status the webhook answered>}`.
pub(crate) async fn deliver_route(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    uri: Uri,
) -> Response {
    if let Err(e) = authorised(&shared, &headers) {
        return e.into_response();
    }
    let q = Query::parse(uri.query());
    let status = q.get("status").unwrap_or("delivered").to_owned();
    let Ok(id) = id.parse::<u64>() else {
        return BrevoError::new(StatusCode::NOT_FOUND, "document_not_found", "SMS not found")
            .into_response();
    };
    match deliver(&shared, id, &status).await {
        Ok(code) => axum::Json(json!({"webhookStatus": code})).into_response(),
        Err(DeliverError::Unknown) => {
            BrevoError::new(StatusCode::NOT_FOUND, "document_not_found", "SMS not found")
                .into_response()
        }
        Err(e) => BrevoError::bad("invalid_parameter", &e.to_string()).into_response(),
    }
}

/// Why a delivery event could not be posted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeliverError {
    /// No message with this id.
    #[error("no SMS with this messageId")]
    Unknown,
    /// Not one of `sent`, `delivered`, `soft_bounce`, `hard_bounce`.
    #[error("status must be sent, delivered, soft_bounce or hard_bounce")]
    Status,
    /// The message named no `webUrl`.
    #[error("the SMS has no webUrl")]
    NoWebUrl,
    /// The webhook could not be reached (only `http://` URLs are supported).
    #[error("webhook unreachable: {0}")]
    Unreachable(String),
}

/// Posts the `msg_status` event of message `id` to its `webUrl`; the HTTP status answered.
pub(crate) async fn deliver(shared: &Shared, id: u64, status: &str) -> Result<u16, DeliverError> {
    if !STATUSES.contains(&status) {
        return Err(DeliverError::Status);
    }
    let (url, body) = {
        let mut world = shared.lock();
        let now = world.now();
        let used = world.sms.used();
        let sms = world
            .sms
            .messages
            .iter_mut()
            .find(|m| m.message_id == id)
            .ok_or(DeliverError::Unknown)?;
        let url = sms.web_url.clone().ok_or(DeliverError::NoWebUrl)?;
        sms.status = Some(status.to_owned());
        (url, sms.event(status, now, used))
    };
    post_json(&url, &body)
        .await
        .map_err(DeliverError::Unreachable)
}
