//! Test harness: a sandbox per test, a plain reqwest client, and the recorded samples.

use std::collections::BTreeSet;

use rdv_sandbox::{Consent, Control, Sandbox, SandboxConfig, Seed};
use reqwest::Method;
use serde_json::{Value, json};

pub const A: &str = "alice.praticienne@example.fr";
pub const B: &str = "bob.secretaire@example.fr";

pub struct Env {
    pub sandbox: Sandbox,
    pub base: String,
    pub control: Control,
    pub http: reqwest::Client,
}

/// A response, its body parsed as JSON (`Null` when empty or not JSON).
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
    pub body: Value,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// `error.errors[0].reason` of a Google error body.
    pub fn reason(&self) -> &str {
        self.body["error"]["errors"][0]["reason"]
            .as_str()
            .unwrap_or("")
    }

    pub fn items(&self) -> Vec<Value> {
        self.body["items"].as_array().cloned().unwrap_or_default()
    }
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

pub async fn start() -> Env {
    start_with(SandboxConfig::default()).await
}

pub async fn start_with(config: SandboxConfig) -> Env {
    let sandbox = Sandbox::start(config).await.expect("sandbox starts");
    Env {
        base: sandbox.base_url(),
        control: sandbox.control(),
        sandbox,
        http: client(),
    }
}

pub async fn start_demo(now: &str) -> Env {
    start_with(SandboxConfig {
        seed: Seed::Demo {
            now: now.parse().expect("instant"),
        },
        consent: Consent::Page,
        port: 0,
    })
    .await
}

/// Percent-encodes a path segment (calendar ids hold `@`, `#`).
pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

impl Env {
    /// A token with the full `calendar` scope (account created if needed).
    pub fn token(&self, email: &str) -> String {
        self.control.issue_tokens(email, &["calendar"]).access_token
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path.trim_start_matches('/'))
    }

    pub fn cal_url(&self, path: &str) -> String {
        self.url(&format!("calendar/v3/{}", path.trim_start_matches('/')))
    }

    pub async fn call(
        &self,
        method: Method,
        token: Option<&str>,
        path: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> Resp {
        let mut req = self.http.request(method, self.cal_url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        into_resp(req.send().await.expect("the sandbox answers")).await
    }

    pub async fn get(&self, token: &str, path: &str) -> Resp {
        self.call(Method::GET, Some(token), path, None, &[]).await
    }

    pub async fn post(&self, token: &str, path: &str, body: Value) -> Resp {
        self.call(Method::POST, Some(token), path, Some(body), &[])
            .await
    }

    pub async fn patch(&self, token: &str, path: &str, body: Value) -> Resp {
        self.call(Method::PATCH, Some(token), path, Some(body), &[])
            .await
    }

    pub async fn put(&self, token: &str, path: &str, body: Value) -> Resp {
        self.call(Method::PUT, Some(token), path, Some(body), &[])
            .await
    }

    pub async fn delete(&self, token: &str, path: &str) -> Resp {
        self.call(Method::DELETE, Some(token), path, None, &[])
            .await
    }

    /// Follows `nextPageToken` to the end; returns every page.
    pub async fn pages(&self, token: &str, path_with_query: &str) -> Vec<Resp> {
        let mut pages = Vec::new();
        let mut page_token: Option<String> = None;
        for _ in 0..100 {
            let sep = if path_with_query.contains('?') {
                '&'
            } else {
                '?'
            };
            let path = match &page_token {
                Some(t) => format!("{path_with_query}{sep}pageToken={t}"),
                None => path_with_query.to_owned(),
            };
            let r = self.get(token, &path).await;
            assert_eq!(r.status, 200, "{}", r.text);
            page_token = r.body["nextPageToken"].as_str().map(str::to_owned);
            pages.push(r);
            if page_token.is_none() {
                return pages;
            }
        }
        panic!("more than 100 pages");
    }

    /// Inserts a simple timed event through the API; returns its body.
    pub async fn insert_at(
        &self,
        token: &str,
        cal: &str,
        summary: &str,
        start: &str,
        end: &str,
    ) -> Value {
        let r = self
            .post(
                token,
                &format!("calendars/{}/events", enc(cal)),
                json!({"summary": summary, "start": {"dateTime": start}, "end": {"dateTime": end}}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.text);
        r.body
    }
}

pub async fn into_resp(r: reqwest::Response) -> Resp {
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let text = r.text().await.unwrap_or_default();
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Resp {
        status,
        headers,
        text,
        body,
    }
}

/// A recorded sample of `shared/reference/samples/` (beside the repository, as CI lays it out).
pub fn sample(name: &str) -> Value {
    let path = format!(
        "{}/../../../shared/reference/samples/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The documented error body of errors-calendar.json for a key like `412_conditionNotMet`.
pub fn error_sample(key: &str) -> Value {
    sample("errors-calendar.json")["documented"][key]["body"].clone()
}

pub fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

/// Whether a string is an etag of `digits` digits in quotes (`"\"3485815948352798\""`).
pub fn is_digit_etag(v: &Value, digits: usize) -> bool {
    let s = v.as_str().unwrap_or("");
    s.len() == digits + 2
        && s.starts_with('"')
        && s.ends_with('"')
        && s[1..s.len() - 1].bytes().all(|b| b.is_ascii_digit())
}

pub fn ids(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["id"].as_str().unwrap_or("").to_owned())
        .collect()
}
