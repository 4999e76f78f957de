//! The HTTP surface: `POST /api/call`, `GET /api/events`, and the UI's files at `/`.
//!
//! Only requests addressed to this machine by name (`Host: 127.0.0.1`, `localhost` or `[::1]`)
//! are answered: a web page on another name that resolves to 127.0.0.1 (DNS rebinding) gets a
//! 403. A command must be sent as `application/json`, which a page of another origin cannot do
//! without a CORS preflight this server never grants.

use crate::adapters::AppEvent;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use futures_util::{Stream, StreamExt};
use rdv_app::App;
use rdv_app::ipc::{ErrorCode, IpcError};
use rdv_app::ports::events;
use serde::Deserialize;
use serde_json::Value;
use std::convert::Infallible;
use std::path::Path;
use std::sync::Arc;
use tokio::sync::broadcast;
use tower_http::services::ServeDir;

/// The comment that opens every event stream.
pub const OPENED: &str = "rdv-server events";

/// What every handler shares.
#[derive(Clone)]
struct Shared {
    app: Arc<App>,
    events: broadcast::Sender<AppEvent>,
}

/// The routes over `app`; `events` feeds the event streams; `ui_dir` is served at `/`.
pub fn router(app: Arc<App>, events: broadcast::Sender<AppEvent>, ui_dir: &Path) -> Router {
    Router::new()
        .route("/api/call", post(call))
        .route("/api/events", get(event_stream))
        .fallback_service(ServeDir::new(ui_dir))
        .layer(middleware::from_fn(local_host_only))
        .with_state(Shared { app, events })
}

/// The body of `POST /api/call`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Call {
    command: String,
    /// The command's arguments (camelCase names); absent or `null` when it takes none.
    #[serde(default)]
    params: Value,
}

/// An answer with `status` and an `invalidInput` error saying `message`.
fn invalid(status: StatusCode, message: String) -> Response {
    let error = IpcError {
        code: ErrorCode::InvalidInput,
        message,
    };
    (status, axum::Json(error)).into_response()
}

/// `POST /api/call`: the command table's `dispatch`, the answer as JSON (200) or the command's
/// error (422); a body that is not `{command, params}` in JSON is refused (400).
async fn call(State(shared): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("application/json"));
    if !json {
        return invalid(
            StatusCode::BAD_REQUEST,
            "requête refusée : le corps doit être du JSON (content-type: application/json) \
             / the body must be JSON"
                .into(),
        );
    }
    // An object, not any JSON serde would take for the struct (a list in field order).
    let call = serde_json::from_slice::<serde_json::Map<String, Value>>(&body)
        .and_then(|object| serde_json::from_value::<Call>(Value::Object(object)));
    let call = match call {
        Ok(call) => call,
        Err(e) => {
            return invalid(
                StatusCode::BAD_REQUEST,
                format!(
                    "requête invalide : attendu {{\"command\": \"…\", \"params\": {{…}}}} \
                     / expected {{command, params}} ({e})"
                ),
            );
        }
    };
    match rdv_app::api::dispatch(&shared.app, &call.command, call.params).await {
        Ok(answer) => (StatusCode::OK, axum::Json(answer)).into_response(),
        Err(error) => (StatusCode::UNPROCESSABLE_ENTITY, axum::Json(error)).into_response(),
    }
}

/// `GET /api/events`: one server-sent event per app event, from the moment of the request. It
/// opens with a comment line, so a proxy that holds the response until its first bytes (Vite's
/// dev server does) hands it over at once and the page's `EventSource` opens. A stream that
/// falls too far behind skips what it missed and gets a `data-changed`, so the page reloads what
/// it shows.
async fn event_stream(
    State(shared): State<Shared>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let receiver = shared.events.subscribe();
    let opened = futures_util::stream::once(async { Ok(Event::default().comment(OPENED)) });
    let stream = app_events(receiver).map(|event| {
        Ok(Event::default()
            .event(event.name)
            .data(event.data.to_string()))
    });
    Sse::new(opened.chain(stream)).keep_alive(KeepAlive::default())
}

/// The app's events from `receiver`, in order; what a receiver that fell too far behind missed
/// is replaced by one `data-changed`.
fn app_events(receiver: broadcast::Receiver<AppEvent>) -> impl Stream<Item = AppEvent> {
    futures_util::stream::unfold(receiver, |mut receiver| async move {
        match receiver.recv().await {
            Ok(event) => Some((event, receiver)),
            Err(broadcast::error::RecvError::Lagged(missed)) => {
                tracing::warn!(missed, "an event stream fell behind: told to reload");
                let reload = AppEvent {
                    name: events::DATA_CHANGED,
                    data: Value::Null,
                };
                Some((reload, receiver))
            }
            Err(broadcast::error::RecvError::Closed) => None,
        }
    })
}

/// Answers only requests whose `Host` names this machine (see the module's documentation).
async fn local_host_only(request: Request, next: Next) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let name = match host.rsplit_once(':') {
        Some((name, port)) if port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    };
    if matches!(name, "127.0.0.1" | "localhost" | "[::1]") {
        next.run(request).await
    } else {
        let error = IpcError {
            code: ErrorCode::Forbidden,
            message: "hôte refusé : rdv-server ne répond qu'à 127.0.0.1 / localhost \
                      (host refused)"
                .into(),
        };
        (StatusCode::FORBIDDEN, axum::Json(error)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sync(n: u32) -> AppEvent {
        AppEvent {
            name: events::SYNC_STATUS,
            data: Value::from(n),
        }
    }

    #[tokio::test]
    async fn a_stream_that_fell_behind_is_told_to_reload_then_goes_on() {
        let (sender, receiver) = broadcast::channel(2);
        for n in 0..4 {
            sender.send(sync(n)).unwrap();
        }
        drop(sender);
        let seen: Vec<AppEvent> = app_events(receiver).collect().await;
        let reload = AppEvent {
            name: events::DATA_CHANGED,
            data: Value::Null,
        };
        assert_eq!(
            seen,
            vec![reload, sync(2), sync(3)],
            "the two oldest were missed: one data-changed instead, then the rest in order"
        );
    }
}
