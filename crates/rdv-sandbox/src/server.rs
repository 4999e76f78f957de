//! The HTTP server: an accept loop over hyper (HTTP/1.1) so an injected fault can close a
//! connection without answering; request recording, fault injection and gzip as layers.

use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::middleware::{Next, from_fn_with_state};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{any, get, post};
use base64::Engine;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;
use tower_http::compression::CompressionLayer;

use crate::control::{FaultKind, RecordedRequest};
use crate::error::ApiError;
use crate::oauth::escape;
use crate::query::Query;
use crate::world::{Shared, World};
use crate::{calendar, oauth, site};

/// Lets a request close its own connection ([`FaultKind::DropConnection`]).
#[derive(Clone)]
struct ConnKill(Arc<Notify>);

/// Serves until `stop` turns true; then closes the listener and every connection.
pub(crate) async fn serve(
    listener: TcpListener,
    shared: Arc<Shared>,
    mut stop: watch::Receiver<bool>,
) {
    let app = router(shared);
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                let app = app.clone();
                let mut stop = stop.clone();
                connections.spawn(async move {
                    let kill = Arc::new(Notify::new());
                    let tag = ConnKill(kill.clone());
                    let svc = tower::ServiceExt::map_request(app, move |mut req: Request<hyper::body::Incoming>| {
                        req.extensions_mut().insert(tag.clone());
                        req
                    });
                    let svc = hyper_util::service::TowerToHyperService::new(svc);
                    let conn = hyper::server::conn::http1::Builder::new()
                        .serve_connection(hyper_util::rt::TokioIo::new(stream), svc);
                    tokio::select! {
                        _ = conn => {}
                        _ = kill.notified() => {}
                        _ = stop.changed() => {}
                    }
                });
            }
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
    drop(listener);
    connections.abort_all();
    while connections.join_next().await.is_some() {}
}

fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/", get(root))
        .route("/o/oauth2/v2/auth", get(oauth::authorize))
        .route("/o/oauth2/v2/auth/decision", post(oauth::decision))
        .route("/token", post(oauth::token))
        .route("/revoke", post(oauth::revoke).get(oauth::revoke))
        .route("/v1/userinfo", get(oauth::userinfo).post(oauth::userinfo))
        .route("/oauth2/v3/userinfo", get(oauth::userinfo))
        .route("/calendar/v3/{*rest}", any(calendar::dispatch))
        .route("/calendar/event", get(event_page))
        .route("/wp-json/{*rest}", any(site::dispatch))
        .fallback(|| async { ApiError::not_found() })
        .layer(from_fn_with_state(shared.clone(), record_and_fault))
        .layer(CompressionLayer::new().gzip(true))
        .with_state(shared)
}

async fn root(State(shared): State<Arc<Shared>>) -> impl IntoResponse {
    let base = shared.lock().base_url.clone();
    axum::Json(json!({
        "service": "rdv-sandbox",
        "description": "Local stand-in for Google OAuth 2.0 and Calendar v3, and for the practitioner's booking site",
        "version": env!("CARGO_PKG_VERSION"),
        "endpoints": endpoints(&base),
    }))
}

/// The URLs a client configures, under a base URL.
pub(crate) fn endpoints(base: &str) -> Value {
    json!({
        "authorization": format!("{base}o/oauth2/v2/auth"),
        "token": format!("{base}token"),
        "revocation": format!("{base}revoke"),
        "userinfo": format!("{base}v1/userinfo"),
        "calendar": format!("{base}calendar/v3/"),
        "site": format!("{base}wp-json/rdv-compagnon/v1/"),
    })
}

const SENSITIVE: &[&str] = &[
    "access_token",
    "token",
    "code",
    "refresh_token",
    "client_secret",
    "code_verifier",
    // The booking site's erasure preview names a person (docs/booking-endpoint.md § Erasure).
    "email",
    "phone",
];

fn redact(query: Option<&str>) -> String {
    let Some(q) = query else { return String::new() };
    let pairs: Vec<(String, String)> = url::form_urlencoded::parse(q.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if !pairs.iter().any(|(k, _)| SENSITIVE.contains(&k.as_str())) {
        return q.to_owned();
    }
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in &pairs {
        let v = if SENSITIVE.contains(&k.as_str()) {
            "REDACTED"
        } else {
            v
        };
        out.append_pair(k, v);
    }
    out.finish()
}

fn take_fault(world: &mut World, method: &str, path: &str) -> Option<FaultKind> {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let i = world
        .faults
        .iter()
        .position(|f| f.matches(method, path, &decoded))?;
    let fault = &mut world.faults[i];
    fault.times -= 1;
    let kind = fault.kind.clone();
    if fault.times == 0 {
        world.faults.remove(i);
    }
    Some(kind)
}

fn is_oauth_path(path: &str) -> bool {
    [
        "/token",
        "/revoke",
        "/v1/userinfo",
        "/oauth2/",
        "/o/oauth2/",
    ]
    .iter()
    .any(|p| path.starts_with(p))
}

async fn record_and_fault(State(shared): State<Arc<Shared>>, req: Request, next: Next) -> Response {
    let method = req.method().as_str().to_owned();
    let path = req.uri().path().to_owned();
    let fault = {
        let mut world = shared.lock();
        world.requests.push(RecordedRequest {
            method: method.clone(),
            path: path.clone(),
            query: redact(req.uri().query()),
        });
        take_fault(&mut world, &method, &path)
    };
    match fault {
        None => next.run(req).await,
        Some(FaultKind::Delay(d)) => {
            tokio::time::sleep(d).await;
            next.run(req).await
        }
        Some(FaultKind::DelayAnswer(d)) => {
            let response = next.run(req).await;
            tokio::time::sleep(d).await;
            response
        }
        Some(FaultKind::Status { status, reason }) => {
            if is_oauth_path(&path) {
                let message = ApiError::injected(status, &reason).message.clone();
                let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_REQUEST);
                let body = json!({"error": reason, "error_description": message});
                let mut r = (status, axum::Json(body)).into_response();
                if status == StatusCode::TOO_MANY_REQUESTS {
                    r.headers_mut()
                        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
                }
                r
            } else if site::is_site_path(&path) {
                site::WpError::injected(status, &reason).into_response()
            } else {
                ApiError::injected(status, &reason).into_response()
            }
        }
        Some(FaultKind::DropConnection) => {
            if let Some(kill) = req.extensions().get::<ConnKill>() {
                kill.0.notify_one();
            }
            std::future::pending::<Response>().await
        }
        Some(FaultKind::MalformedBody) => {
            let response = next.run(req).await;
            let (mut parts, body) = response.into_parts();
            let bytes = axum::body::to_bytes(body, usize::MAX)
                .await
                .unwrap_or_default();
            let cut: Bytes = if bytes.len() > 1 {
                bytes.slice(..bytes.len() / 2)
            } else {
                Bytes::from_static(b"{\"kind\":")
            };
            parts.status = StatusCode::OK;
            parts.headers.remove(header::CONTENT_LENGTH);
            parts.headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json; charset=UTF-8"),
            );
            Response::from_parts(parts, Body::from(cut))
        }
    }
}

/// `GET /calendar/event?eid=…`: the page an event's `htmlLink` opens.
async fn event_page(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let q = Query::parse(uri.query());
    let decoded = q
        .get("eid")
        .and_then(|e| {
            base64::engine::general_purpose::STANDARD_NO_PAD
                .decode(e)
                .ok()
        })
        .and_then(|b| String::from_utf8(b).ok());
    let Some((event_id, calendar_id)) = decoded.as_deref().and_then(|d| d.split_once(' ')) else {
        return (
            StatusCode::NOT_FOUND,
            Html("<p>Événement introuvable</p>".to_owned()),
        )
            .into_response();
    };
    let world = shared.lock();
    let Ok(found) = world.event_find(calendar_id, event_id) else {
        return (
            StatusCode::NOT_FOUND,
            Html("<p>Événement introuvable</p>".to_owned()),
        )
            .into_response();
    };
    let tz = world
        .calendars
        .get(calendar_id)
        .map(|c| c.time_zone)
        .unwrap_or(chrono_tz::Europe::Paris);
    let view = crate::events::view::render(found.body(), tz, crate::events::view::Projection::Full);
    let text = |v: &Value| v.as_str().unwrap_or("").to_owned();
    let when = |k: &str| {
        let v = &view[k];
        text(
            v.get("dateTime")
                .unwrap_or(v.get("date").unwrap_or(&Value::Null)),
        )
    };
    Html(format!(
        "<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{s}</title></head>\
         <body><h1>{s}</h1><p>{start} → {end}</p><p>Agenda : {cal} — statut : {status}</p>\
         <p><small>Bac à sable RDV Compagnon</small></p></body></html>",
        s = escape(&text(&view["summary"])),
        start = escape(&when("start")),
        end = escape(&when("end")),
        cal = escape(calendar_id),
        status = escape(&text(&view["status"])),
    ))
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recorded_queries_never_keep_tokens() {
        assert_eq!(redact(Some("maxResults=5")), "maxResults=5");
        assert_eq!(redact(Some("token=1%2F%2Fabc&x=1")), "token=REDACTED&x=1");
        assert_eq!(redact(None), "");
    }
}
