//! The HTTP server: an accept loop over hyper (HTTP/1.1) so an injected fault can close a
//! connection without answering; gzip, and (feature `testing`) request recording and fault
//! injection ([`crate::faults`]), as layers.

use std::sync::Arc;

use axum::Router;
#[cfg(feature = "testing")]
use axum::extract::Request;
use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{any, get, post};
use base64::Engine;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio::sync::{Notify, watch};
use tokio::task::JoinSet;
use tower_http::compression::CompressionLayer;

use crate::error::ApiError;
use crate::oauth::escape;
use crate::query::Query;
use crate::world::Shared;
use crate::{brevo, calendar, oauth, site};

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
                    #[cfg(feature = "testing")]
                    let svc = {
                        let tag = crate::faults::ConnKill(kill.clone());
                        tower::ServiceExt::map_request(app, move |mut req: Request<hyper::body::Incoming>| {
                            req.extensions_mut().insert(tag.clone());
                            req
                        })
                    };
                    #[cfg(not(feature = "testing"))]
                    let svc = app;
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
    let router = Router::new()
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
        .route("/v3/transactionalSMS/send", post(brevo::send))
        .route("/sandbox/sms", get(brevo::list))
        .route("/sandbox/sms/{id}/deliver", post(brevo::deliver_route))
        .fallback(|| async { ApiError::not_found() });
    #[cfg(feature = "testing")]
    let router = router.layer(axum::middleware::from_fn_with_state(
        shared.clone(),
        crate::faults::record_and_fault,
    ));
    router
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
        "sms": format!("{base}v3/transactionalSMS/send"),
    })
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
