//! The practitioner's booking site: an in-memory stand-in for the WordPress plugin of
//! docs/booking-endpoint.md, under `/wp-json/rdv-compagnon/v1/` on the same server as Google.
//!
//! WordPress's behaviour is reproduced where the app can see it: Application Passwords over HTTP
//! Basic (`invalid_username`, `incorrect_password`, `rest_forbidden` 401/403), `rest_no_route`
//! when the plugin is not active, `WP_Error` envelopes, compact JSON and no-cache headers. The
//! plugin's own behaviour — ETags on the configuration, the cursor feed with tombstones,
//! retention, erasure, cancellation and SMS — is the contract's.

mod bookings;
mod config;
#[cfg(feature = "testing")]
mod control;
pub(crate) mod demo;
mod error;
mod sms;

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use chrono_tz::Tz;
use serde_json::{Value, json};

pub use bookings::{SiteBooking, SiteConsent};
pub use config::CONSENT_VERSION as SITE_CONSENT_VERSION;
pub(crate) use error::WpError;
pub(crate) use sms::segments;
pub use sms::{SiteSms, SiteSmsKind, SiteSmsStatus};

use crate::query::Query;
use crate::world::{Shared, World};
use bookings::{Entry, Person};
use sms::MonthUsage;

/// The WordPress user the sandbox site knows (an administrator).
pub const SITE_USER: &str = "cabinet-laurent";
/// Its Application Password, as WordPress displays it (24 characters in groups of four; spaces
/// and any other non-alphanumeric character are ignored, as WordPress does).
pub const SITE_APP_PASSWORD: &str = "Sb4x Rdv9 Cmp2 Dm7o Lc3q Wp8k";
/// The plugin's REST namespace.
pub const SITE_NAMESPACE: &str = "rdv-compagnon/v1";
/// The plugin's version, as `GET /status` reports it.
pub const SITE_PLUGIN_VERSION: &str = "1.0.0";
/// The contract's version (docs/booking-endpoint.md).
pub const SITE_API_VERSION: &str = "1.1";

/// Where the plugin's routes live.
pub(crate) const PREFIX: &str = "/wp-json/rdv-compagnon/v1/";

/// Whether a path is a WordPress REST path (faults there answer WordPress envelopes).
#[cfg(feature = "testing")]
pub(crate) fn is_site_path(path: &str) -> bool {
    path.starts_with("/wp-json/")
}

/// A WordPress user allowed to use Application Passwords.
#[derive(Debug, Clone)]
pub(crate) struct SiteUser {
    /// The application password, alphanumeric characters only.
    pub password: String,
    /// Whether the user has the plugin's capability (`rdv_compagnon_manage`).
    pub can_manage: bool,
}

/// The site's state, inside [`World`].
#[derive(Debug)]
pub(crate) struct Site {
    /// `false`: the plugin is deactivated (every route → `rest_no_route`).
    pub active: bool,
    pub users: BTreeMap<String, SiteUser>,
    /// The site's title (`GET /status`).
    pub name: String,
    /// The Google calendar the site books into (its cancellations delete events there).
    pub calendar_id: String,
    pub time_zone: Tz,
    /// Identifies this installation in cursors: a cursor of another one is expired.
    pub epoch: String,
    /// The canonical configuration document.
    pub config: Value,
    pub entries: BTreeMap<String, Entry>,
    /// Stamp of the last record change.
    pub high_water: i64,
    /// Cursors older than this are expired (a tombstone after them was dropped).
    pub cursor_floor: i64,
    pub sms_log: Vec<SiteSms>,
    pub usage: BTreeMap<String, MonthUsage>,
    /// The plugin's own Google link, as `GET /status` says it (`ok`, `revoked`, `unlinked`).
    pub google_state: String,
}

/// Keeps only the characters WordPress compares in an application password.
pub(crate) fn normalize_password(p: &str) -> String {
    p.chars().filter(char::is_ascii_alphanumeric).collect()
}

impl Site {
    pub(crate) fn new() -> Self {
        let user = SiteUser {
            password: normalize_password(SITE_APP_PASSWORD),
            can_manage: true,
        };
        Self {
            active: true,
            users: BTreeMap::from([(SITE_USER.to_owned(), user)]),
            name: "Cabinet".into(),
            calendar_id: crate::PRACTITIONER.to_owned(),
            time_zone: chrono_tz::Europe::Paris,
            epoch: crate::ids::opaque()[..8].to_owned(),
            config: config::fresh(),
            entries: BTreeMap::new(),
            high_water: 0,
            cursor_floor: 0,
            sms_log: Vec::new(),
            usage: BTreeMap::new(),
            google_state: "ok".into(),
        }
    }
}

/// A successful answer.
struct Reply {
    status: StatusCode,
    body: Option<Value>,
    etag: Option<String>,
}

impl Reply {
    fn json(body: Value) -> Self {
        Self {
            status: StatusCode::OK,
            body: Some(body),
            etag: None,
        }
    }

    fn into_response(self) -> Response {
        let mut response = match &self.body {
            Some(b) => (
                self.status,
                serde_json::to_string(b).unwrap_or_else(|_| "{}".into()),
            )
                .into_response(),
            None => self.status.into_response(),
        };
        let h = response.headers_mut();
        if self.body.is_some() {
            h.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json; charset=UTF-8"),
            );
        }
        h.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache, must-revalidate, max-age=0, no-store, private"),
        );
        if let Some(etag) = self.etag.and_then(|e| HeaderValue::from_str(&e).ok()) {
            h.insert(header::ETAG, etag);
        }
        response
    }
}

/// Every `/wp-json/…` request.
pub(crate) async fn dispatch(
    State(shared): State<Arc<Shared>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let q = Query::parse(uri.query());
    let mut world = shared.lock();
    match handle(&mut world, &method, uri.path(), &q, &headers, &body) {
        Ok(reply) => reply.into_response(),
        Err(e) => e.into_response(),
    }
}

/// The user named by Basic credentials: `Ok(None)` without credentials, an error for a wrong
/// user or password (WordPress checks them before routing).
fn authenticate<'a>(site: &'a Site, headers: &HeaderMap) -> Result<Option<&'a SiteUser>, WpError> {
    let Some(encoded) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Basic "))
    else {
        return Ok(None);
    };
    let Some((user, password)) = base64::engine::general_purpose::STANDARD
        .decode(encoded.trim())
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .and_then(|s| s.split_once(':').map(|(u, p)| (u.to_owned(), p.to_owned())))
    else {
        return Ok(None);
    };
    let found = site
        .users
        .get(&user)
        .ok_or_else(WpError::invalid_username)?;
    if found.password != normalize_password(&password) {
        return Err(WpError::incorrect_password());
    }
    Ok(Some(found))
}

/// The plugin's routes.
enum Route<'a> {
    Status,
    GetConfig,
    PutConfig,
    Bookings,
    Cancel(&'a str),
    Record(&'a str),
    Moved(&'a str),
    Usage,
    ErasurePreview,
    Erase,
}

fn route<'a>(method: &Method, segs: &'a [String]) -> Option<Route<'a>> {
    let segs: Vec<&'a str> = segs.iter().map(String::as_str).collect();
    Some(match (method.as_str(), segs.as_slice()) {
        ("GET", ["status"]) => Route::Status,
        ("GET", ["config"]) => Route::GetConfig,
        ("PUT", ["config"]) => Route::PutConfig,
        ("GET", ["bookings"]) => Route::Bookings,
        ("POST", ["bookings", id, "cancel"]) if !id.is_empty() => Route::Cancel(id),
        ("PUT", ["bookings", id]) if !id.is_empty() => Route::Record(id),
        ("POST", ["bookings", id, "moved"]) if !id.is_empty() => Route::Moved(id),
        ("GET", ["sms", "usage"]) => Route::Usage,
        ("GET", ["erasure"]) => Route::ErasurePreview,
        ("POST", ["erasure"]) => Route::Erase,
        _ => return None,
    })
}

/// A JSON body (`{}` when empty), or `rest_invalid_json`.
fn json_body(body: &Bytes) -> Result<Value, WpError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(json!({}));
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(v @ Value::Object(_)) => Ok(v),
        _ => Err(WpError::invalid_json()),
    }
}

fn header_str(headers: &HeaderMap, name: header::HeaderName) -> Option<&str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

fn handle(
    world: &mut World,
    method: &Method,
    path: &str,
    q: &Query,
    headers: &HeaderMap,
    body: &Bytes,
) -> Result<Reply, WpError> {
    let user = authenticate(&world.site, headers)?.cloned();
    let rest = path
        .strip_prefix(PREFIX)
        .filter(|_| world.site.active)
        .ok_or_else(WpError::no_route)?;
    let segs: Vec<String> = rest
        .trim_end_matches('/')
        .split('/')
        .map(|s| {
            percent_encoding::percent_decode_str(s)
                .decode_utf8_lossy()
                .into_owned()
        })
        .collect();
    let route = route(method, &segs).ok_or_else(WpError::no_route)?;
    match user {
        None => return Err(WpError::not_logged_in()),
        Some(u) if !u.can_manage => return Err(WpError::forbidden()),
        Some(_) => {}
    }
    world.site_housekeeping();
    match route {
        Route::Status => Ok(Reply::json(json!({
            "siteName": world.site.name,
            "siteUrl": world.base_url,
            "pluginVersion": SITE_PLUGIN_VERSION,
            "apiVersion": SITE_API_VERSION,
            "serverTime": crate::time::seconds_z(world.now()),
            "timeZone": world.site.time_zone.name(),
            "google": world.site_google(),
        }))),
        Route::GetConfig => {
            let etag = config::etag(&world.site.config);
            if header_str(headers, header::IF_NONE_MATCH)
                .is_some_and(|h| config::etag_listed(h, &etag))
            {
                return Ok(Reply {
                    status: StatusCode::NOT_MODIFIED,
                    body: None,
                    etag: Some(etag),
                });
            }
            Ok(Reply {
                etag: Some(etag),
                ..Reply::json(world.site.config.clone())
            })
        }
        Route::PutConfig => {
            let current = config::etag(&world.site.config);
            let Some(if_match) = header_str(headers, header::IF_MATCH) else {
                return Err(WpError::precondition_required());
            };
            if !config::etag_listed(if_match, &current) {
                return Err(WpError::precondition_failed(&current));
            }
            let input = json_body(body)?;
            let next = config::validate(&input, &world.site.config)
                .map_err(|problems| WpError::invalid_params(&problems))?;
            world.site.config = next;
            world.site_housekeeping();
            Ok(Reply {
                etag: Some(config::etag(&world.site.config)),
                ..Reply::json(world.site.config.clone())
            })
        }
        Route::Bookings => world
            .site_feed(q.get("cursor"), q.get("limit"))
            .map(Reply::json),
        Route::Cancel(id) => {
            let input = json_body(body)?;
            let reason = match input.get("reason") {
                None | Some(Value::Null) => None,
                Some(Value::String(r)) if r.chars().count() <= 200 => {
                    Some(r.trim().to_owned()).filter(|r| !r.is_empty())
                }
                Some(_) => {
                    return Err(WpError::invalid_param(
                        "reason",
                        "Motif d'annulation : texte de 200 caractères au plus.",
                    ));
                }
            };
            let notify = match input.get("notifyPatient") {
                None | Some(Value::Null) => true,
                Some(Value::Bool(b)) => *b,
                Some(_) => {
                    return Err(WpError::invalid_param(
                        "notifyPatient",
                        "Booléen attendu (true ou false).",
                    ));
                }
            };
            world.site_cancel(id, reason, notify).map(Reply::json)
        }
        Route::Record(id) => {
            let input = json_body(body)?;
            let (created, record) = world.site_record(id, &input)?;
            Ok(Reply {
                status: if created {
                    StatusCode::CREATED
                } else {
                    StatusCode::OK
                },
                ..Reply::json(json!({"created": created, "booking": record}))
            })
        }
        Route::Moved(id) => {
            let input = json_body(body)?;
            world
                .site_moved(id, &input)
                .map(|record| Reply::json(json!({ "booking": record })))
        }
        Route::Usage => world.site_usage(q.get("month")).map(Reply::json),
        Route::ErasurePreview => {
            let person = person(q.get("email"), q.get("phone"))?;
            let ids = world.site_matching(&person);
            Ok(Reply::json(
                json!({"dryRun": true, "count": ids.len(), "ids": ids}),
            ))
        }
        Route::Erase => {
            let input = json_body(body)?;
            let field = |k: &str| -> Result<Option<String>, WpError> {
                match input.get(k) {
                    None | Some(Value::Null) => Ok(None),
                    Some(Value::String(s)) => Ok(Some(s.clone())),
                    Some(_) => Err(WpError::invalid_param(k, "Texte attendu.")),
                }
            };
            let person = person(field("email")?.as_deref(), field("phone")?.as_deref())?;
            let dry_run = match input.get("dryRun") {
                None | Some(Value::Null) => false,
                Some(Value::Bool(b)) => *b,
                Some(_) => {
                    return Err(WpError::invalid_param(
                        "dryRun",
                        "Booléen attendu (true ou false).",
                    ));
                }
            };
            let ids = if dry_run {
                world.site_matching(&person)
            } else {
                world.site_erase(&person)
            };
            Ok(Reply::json(
                json!({"dryRun": dry_run, "count": ids.len(), "ids": ids}),
            ))
        }
    }
}

/// The person of an erasure request: an email and/or a phone, checked.
fn person(email: Option<&str>, phone: Option<&str>) -> Result<Person, WpError> {
    let email = email.map(str::trim).filter(|e| !e.is_empty());
    let phone = phone.map(str::trim).filter(|p| !p.is_empty());
    if email.is_none() && phone.is_none() {
        return Err(WpError::invalid_param(
            "email",
            "Indiquez l'adresse e-mail ou le numéro de téléphone de la personne.",
        ));
    }
    if let Some(e) = email {
        let ok = e
            .split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'));
        if !ok {
            return Err(WpError::invalid_param("email", "Adresse e-mail invalide."));
        }
    }
    if let Some(p) = phone
        && p.chars().filter(char::is_ascii_digit).count() < 6
    {
        return Err(WpError::invalid_param(
            "phone",
            "Numéro de téléphone invalide.",
        ));
    }
    Ok(Person {
        email: email.map(str::to_owned),
        phone: phone.map(str::to_owned),
    })
}
