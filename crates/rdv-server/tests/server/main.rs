//! rdv-server over a real TCP socket on 127.0.0.1: the command table over HTTP answers what
//! `dispatch` answers on the same app, refusals have the `{code, message}` shape, the event
//! stream carries the app's events, the UI's files are served, and the built binary says where
//! it listens once ready. The app's clock is pinned (`--now`), so nothing depends on the day the
//! tests run.

mod binary;

use rdv_app::App;
use rdv_sandbox::PRACTITIONER;
use rdv_server::{Config, Server};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// The instant the app's clock is pinned at (a Monday morning in Paris).
const NOW: &str = "2026-03-02T08:00:00Z";

fn now() -> SystemTime {
    chrono::DateTime::parse_from_rfc3339(NOW).unwrap().into()
}

/// The page the test UI directory serves at `/`.
const INDEX: &str = "<!doctype html><title>RDV Compagnon (test)</title>";

/// A built UI in miniature: `index.html` and one script.
fn ui_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), INDEX).unwrap();
    std::fs::create_dir(dir.path().join("assets")).unwrap();
    std::fs::write(dir.path().join("assets/app.js"), "export {};\n").unwrap();
    dir
}

/// A server answering on its own task.
struct Running {
    base: String,
    app: Arc<App>,
    http: reqwest::Client,
    _ui: tempfile::TempDir,
}

async fn running() -> Running {
    let ui = ui_dir();
    let server = Server::start(Config {
        port: 0,
        data_dir: None,
        ui_dir: ui.path().to_owned(),
        now: Some(now()),
    })
    .await
    .expect("the server starts in demo mode");
    let base = format!("http://{}", server.addr());
    let app = server.app().clone();
    tokio::spawn(server.serve());
    Running {
        base,
        app,
        http: reqwest::Client::new(),
        _ui: ui,
    }
}

impl Running {
    /// `POST /api/call` with `body` as JSON: the status and the answer.
    async fn post(&self, body: Value) -> (StatusCode, Value) {
        let response = self
            .http
            .post(format!("{}/api/call", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status();
        (status, response.json().await.unwrap())
    }

    /// Calls `command` over HTTP, expecting an answer.
    async fn call(&self, command: &str, params: Value) -> Value {
        let (status, answer) = self
            .post(json!({ "command": command, "params": params }))
            .await;
        assert_eq!(status, StatusCode::OK, "{command}: {answer}");
        answer
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_over_http_answer_what_dispatch_answers_and_show_the_demo_practice() {
    let server = running().await;
    let calls = [
        ("get_settings", Value::Null),
        ("account_status", Value::Null),
        ("list_calendars", Value::Null),
        ("upcoming_bookings", json!({ "query": null })),
    ];
    for (command, params) in calls {
        let over_http = server.call(command, params.clone()).await;
        let direct = rdv_app::api::dispatch(&server.app, command, params)
            .await
            .unwrap();
        assert_eq!(over_http, direct, "{command}: HTTP is only a transport");
    }

    let settings = server.call("get_settings", Value::Null).await;
    assert_eq!(settings["language"], "fr", "French by default: {settings}");
    let account = server.call("account_status", Value::Null).await;
    assert_eq!(
        account,
        json!({ "state": "linked", "email": PRACTITIONER, "demo": true }),
        "the demo account is linked before the server says it is ready"
    );
    let bookings = server
        .call("upcoming_bookings", json!({ "query": null }))
        .await;
    let bookings = bookings.as_array().unwrap();
    assert!(
        bookings.len() >= 10,
        "the demo practice's week, synced before the ready line: {} bookings",
        bookings.len()
    );
    assert!(
        bookings
            .iter()
            .all(|b| b["calendarId"] == PRACTITIONER && b["start"].as_str() >= Some("2026-03-02")),
        "the practitioner's bookings from the pinned instant on"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_command_is_a_422_invalid_input_error() {
    let server = running().await;
    let (status, error) = server
        .post(json!({ "command": "format_disk", "params": {} }))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error["code"], "invalidInput", "{error}");
    assert!(
        error["message"].as_str().unwrap().contains("format_disk"),
        "the message names the command: {error}"
    );

    let (status, error) = server
        .post(json!({ "command": "upcoming_bookings", "params": { "q": "Martin" } }))
        .await;
    assert_eq!(
        status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "wrong arguments are the command's refusal: {error}"
    );
    assert_eq!(error["code"], "invalidInput", "{error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_is_not_a_command_is_a_400_invalid_input_error() {
    let server = running().await;
    let url = format!("{}/api/call", server.base);
    let bodies = [
        ("application/json", "{\"command\": "),
        ("application/json", "[\"get_settings\"]"),
        ("application/json", "{\"cmd\": \"get_settings\"}"),
        ("application/json", "{\"command\": 3}"),
        ("text/plain", "{\"command\": \"get_settings\"}"),
    ];
    for (content_type, body) in bodies {
        let response = server
            .http
            .post(&url)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status(),
            StatusCode::BAD_REQUEST,
            "{content_type} {body}"
        );
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["code"], "invalidInput", "{body}: {error}");
        assert!(
            error["message"].as_str().unwrap().contains("requête"),
            "a French message: {error}"
        );
    }
}

/// Reads server-sent events from `response` until every name of `wanted` has arrived; returns
/// the events read, `(name, data)`.
async fn read_events(response: &mut reqwest::Response, wanted: &[&str]) -> Vec<(String, Value)> {
    let mut text = String::new();
    let mut seen: Vec<(String, Value)> = Vec::new();
    while !wanted
        .iter()
        .all(|w| seen.iter().any(|(name, _)| name == w))
    {
        let chunk = response
            .chunk()
            .await
            .unwrap()
            .expect("the stream stays open");
        text.push_str(std::str::from_utf8(&chunk).unwrap());
        while let Some((event, rest)) = text.split_once("\n\n") {
            let name = event.lines().find_map(|l| l.strip_prefix("event: "));
            let data = event.lines().find_map(|l| l.strip_prefix("data: "));
            if let (Some(name), Some(data)) = (name, data) {
                seen.push((name.to_owned(), serde_json::from_str(data).unwrap()));
            }
            text = rest.to_owned();
        }
    }
    seen
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_event_stream_delivers_sync_status_and_data_changed_after_sync_now() {
    let server = running().await;
    let mut stream = server
        .http
        .get(format!("{}/api/events", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(stream.status(), StatusCode::OK);
    assert_eq!(
        stream.headers()["content-type"],
        "text/event-stream",
        "server-sent events"
    );

    // A booking made on the site since the last sync: the next sync changes the cache.
    let start = chrono::DateTime::<chrono::Utc>::from(now()) + chrono::Duration::days(3);
    let end = start + chrono::Duration::minutes(20);
    server.app.sandbox_control().await.unwrap().insert_event(
        PRACTITIONER,
        json!({
            "summary": "Suivi – Louise Petit",
            "start": { "dateTime": start.to_rfc3339(), "timeZone": "Europe/Paris" },
            "end": { "dateTime": end.to_rfc3339(), "timeZone": "Europe/Paris" },
            "extendedProperties": { "private": {
                "rdv.v": "1", "rdv.kind": "booking", "rdv.type": "suivi", "rdv.source": "site",
                "rdv.firstName": "Louise", "rdv.lastName": "Petit" } }
        }),
    );
    let status = server.call("sync_now", Value::Null).await;
    assert_eq!(status["state"], "idle", "{status}");

    let events = tokio::time::timeout(
        Duration::from_secs(30),
        read_events(&mut stream, &["sync-status", "data-changed"]),
    )
    .await
    .expect("the events arrive");
    let (_, synced) = events
        .iter()
        .rev()
        .find(|(name, _)| name == "sync-status")
        .unwrap();
    assert!(
        synced["state"].is_string(),
        "the payload is the SyncStatus JSON: {synced}"
    );
    let (_, changed) = events
        .iter()
        .find(|(name, _)| name == "data-changed")
        .unwrap();
    assert_eq!(changed, &Value::Null, "data-changed carries no payload");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_event_stream_opens_with_a_comment_so_a_buffering_proxy_passes_it_on_at_once() {
    let server = running().await;
    let mut stream = server
        .http
        .get(format!("{}/api/events", server.base))
        .send()
        .await
        .unwrap();
    // Vite's dev proxy forwards nothing until the first bytes: without them the page's
    // EventSource would not open before the first event or keep-alive (15 s).
    let first = tokio::time::timeout(Duration::from_secs(10), stream.chunk())
        .await
        .expect("the first bytes come at once")
        .unwrap()
        .expect("the stream stays open");
    let first = std::str::from_utf8(&first).unwrap();
    assert!(
        first.starts_with(':') && first.contains(rdv_server::routes::OPENED),
        "a comment, before any event: {first:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ui_is_served_at_the_root_of_the_same_origin() {
    let server = running().await;
    let page = server.http.get(&server.base).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(
        page.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert_eq!(page.text().await.unwrap(), INDEX);

    let script = server
        .http
        .get(format!("{}/assets/app.js", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(script.status(), StatusCode::OK);
    assert!(
        script.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("javascript"),
        "scripts load under a strict CSP only with their type"
    );
    let missing = server
        .http
        .get(format!("{}/nothing-here.js", server.base))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_naming_another_host_is_refused() {
    let server = running().await;
    let response = server
        .http
        .post(format!("{}/api/call", server.base))
        .header("host", "rebound.example.com")
        .json(&json!({ "command": "upcoming_bookings", "params": { "query": null } }))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::FORBIDDEN,
        "a page of another site resolved to 127.0.0.1 reads no patient"
    );
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["code"], "forbidden", "{error}");
}

/// `--data DIR` keeps the folder for the next run (README, *In a browser*): a second server on
/// the same folder starts and finds what the first one wrote, although the first run's secrets
/// died with it.
#[tokio::test]
async fn a_data_folder_serves_a_second_run() {
    let data = tempfile::tempdir().unwrap();
    let ui = ui_dir();
    let config = || Config {
        port: 0,
        data_dir: Some(data.path().to_owned()),
        ui_dir: ui.path().to_owned(),
        now: Some(now()),
    };
    let first = Server::start(config()).await.expect("the first run starts");
    rdv_app::api::dispatch(first.app(), "set_language", json!({ "language": "en" }))
        .await
        .unwrap();
    drop(first);
    let second = Server::start(config())
        .await
        .expect("the second run on the same folder starts");
    let settings = rdv_app::api::dispatch(second.app(), "get_settings", Value::Null)
        .await
        .unwrap();
    assert_eq!(
        settings["language"], "en",
        "the first run's data: {settings}"
    );
}
