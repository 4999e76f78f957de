//! The contract tests of `site` (`status`, `config`, `bookings`) against the **real WordPress
//! plugin** (wordpress/rdv-compagnon) on a throw-away WordPress started by
//! `scripts/wp-site.sh --control` (its test-control mu-plugin answers `rdv-test/v1/…`).
//!
//! Needs `RDV_WP_URL`, `RDV_WP_USER` and `RDV_WP_APP_PASSWORD` (written by wp-site.sh in its
//! `env` file); `make rust-test` leaves this binary out. The tests share one WordPress, so they
//! run one at a time (a lock here for `cargo test`, the `wordpress` test group of
//! .config/nextest.toml for nextest), each starting with `POST rdv-test/v1/reset`.
//!
//! `scripts/wp-site.sh run --control -- cargo nextest run -p rdv-site --test plugin`

#[path = "../contract/app_bookings.rs"]
mod app_bookings;
#[path = "../contract/bookings.rs"]
mod bookings;
#[path = "../contract/config.rs"]
mod config;
#[path = "../contract/status.rs"]
mod status;
#[path = "../contract/support.rs"]
mod support;

use std::time::Duration;

use rdv_sandbox::{
    CLIENT_ID, CLIENT_SECRET, Consent, PRACTITIONER, Sandbox, SandboxConfig, Seed, SiteBooking,
    SiteSmsKind, SiteSmsStatus,
};
use serde_json::{Value, json};
pub use support::{LoggedSms, SiteUnderTest, booking};
use tokio::sync::{Mutex, MutexGuard};

/// One test at a time on the shared WordPress (within one process).
static WORDPRESS: Mutex<()> = Mutex::const_new(());

fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        panic!(
            "{name} is not set: run these tests through `scripts/wp-site.sh run --control -- cargo nextest run -p rdv-site --test plugin`"
        )
    })
}

/// The site under test of this binary: the WordPress plugin, plus an in-process sandbox that
/// plays Google for it.
pub struct Sut {
    url: String,
    user: String,
    password: String,
    http: reqwest::Client,
    google: Sandbox,
    _turn: MutexGuard<'static, ()>,
}

/// The plugin reset: no record, a fresh configuration, a new epoch, its clock pinned at
/// [`support::now`].
pub async fn fresh_site() -> Sut {
    let turn = WORDPRESS.lock().await;
    let google = Sandbox::start(SandboxConfig {
        port: 0,
        seed: Seed::Empty,
        consent: Consent::Deny,
    })
    .await
    .expect("the sandbox starts");
    let mut url = env("RDV_WP_URL");
    if !url.ends_with('/') {
        url.push('/');
    }
    let site = Sut {
        url,
        user: env("RDV_WP_USER"),
        password: env("RDV_WP_APP_PASSWORD"),
        http: reqwest::Client::new(),
        google,
        _turn: turn,
    };
    site.control("POST", "reset", json!({})).await;
    site.point_sms_at_the_sandbox().await;
    site.start_clock_at(support::now()).await;
    site
}

/// The plugin with the demo practice's configuration (the one the stand-in's demo holds).
pub async fn demo_site(now: &str) -> Sut {
    let site = fresh_site().await;
    let demo = Sandbox::start(SandboxConfig {
        port: 0,
        seed: Seed::Demo {
            now: now.parse().expect("an instant"),
        },
        consent: Consent::Deny,
    })
    .await
    .expect("the sandbox starts");
    site.set_config(demo.control().site_config()).await;
    site
}

impl Sut {
    /// The plugin's SMS go to the sandbox's stand-in provider (when the plugin has its SMS
    /// part; without it, the tests that send SMS fail on their own).
    async fn point_sms_at_the_sandbox(&self) {
        let _ = self
            .http
            .post(format!("{}wp-json/rdv-test/v1/sms-provider", self.url))
            .basic_auth(&self.user, Some(&self.password))
            .json(&json!({"base_url": self.google.base_url(), "api_key": rdv_sandbox::SMS_API_KEY}))
            .send()
            .await;
    }

    /// A test-control call; panics with the answer when it is not a success.
    async fn control(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}wp-json/rdv-test/v1/{path}", self.url);
        let request = match method {
            "GET" => self.http.get(&url).query(&body),
            _ => self.http.post(&url).json(&body),
        };
        let answer = request
            .basic_auth(&self.user, Some(&self.password))
            .send()
            .await
            .unwrap_or_else(|e| panic!("rdv-test/v1/{path}: {e}"));
        let status = answer.status();
        let text = answer.text().await.unwrap_or_default();
        assert!(
            status.is_success(),
            "rdv-test/v1/{path} answered {status}: {text}"
        );
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("rdv-test/v1/{path}: {e}: {text}"))
    }
}

fn rfc3339(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn logged(rows: &Value) -> Vec<LoggedSms> {
    rows.as_array()
        .expect("a list of SMS")
        .iter()
        .map(|r| LoggedSms {
            kind: r["kind"].as_str().unwrap_or("").to_owned(),
            phone: r["phone"].as_str().map(str::to_owned),
            text: r["body"].as_str().map(str::to_owned),
            segments: u32::try_from(r["segments"].as_u64().unwrap_or(0)).unwrap_or(0),
        })
        .collect()
}

impl SiteUnderTest for Sut {
    fn base_url(&self) -> String {
        self.url.clone()
    }

    fn credentials(&self) -> (String, String) {
        (self.user.clone(), self.password.clone())
    }

    async fn add_user(&self, login: &str, app_password: &str, can_manage: bool) {
        self.control(
            "POST",
            "users",
            json!({"login": login, "password": app_password, "can_manage": can_manage}),
        )
        .await;
    }

    async fn set_plugin_active(&self, active: bool) {
        self.control("POST", "plugin-active", json!({ "active": active }))
            .await;
    }

    async fn add_booking(&self, b: SiteBooking) {
        self.control(
            "POST",
            "bookings",
            json!({
                "eventId": b.event_id,
                "createdAt": rfc3339(b.created_at),
                "appointmentType": b.appointment_type,
                "source": b.source,
                "firstName": b.first_name,
                "lastName": b.last_name,
                "phone": b.phone,
                "email": b.email,
                "consent": b.consent.map(|c| json!({"givenAt": rfc3339(c.given_at), "version": c.version})),
                "sms": {
                    "confirmation": b.confirmation_sms.as_str(),
                    "reminder": b.reminder_sms.as_str(),
                    "cancellation": b.cancellation_sms.as_str(),
                },
                "cancelledAt": b.cancelled_at.map(rfc3339),
                "cancelReason": b.cancel_reason,
                "start": b.start.map(rfc3339),
            }),
        )
        .await;
    }

    async fn set_sms_status(&self, event_id: &str, kind: SiteSmsKind, status: SiteSmsStatus) {
        self.control(
            "POST",
            "sms-status",
            json!({"eventId": event_id, "kind": kind.as_str(), "status": status.as_str()}),
        )
        .await;
    }

    async fn send_sms(&self, event_id: &str, kind: SiteSmsKind) -> LoggedSms {
        let log = self
            .control(
                "POST",
                "send-sms",
                json!({"eventId": event_id, "kind": kind.as_str()}),
            )
            .await;
        logged(&log).pop().expect("the SMS is in the log")
    }

    async fn sms_sent(&self) -> Vec<LoggedSms> {
        logged(&self.control("GET", "sms", json!({})).await)
    }

    async fn add_sms_usage(&self, month: &str, kind: SiteSmsKind, messages: u32, segments: u32) {
        self.control(
            "POST",
            "sms",
            json!({"month": month, "kind": kind.as_str(), "messages": messages, "segments": segments}),
        )
        .await;
    }

    async fn expire_cursors(&self) {
        self.control("POST", "expire-cursors", json!({})).await;
    }

    async fn advance_time(&self, by: Duration) {
        self.control("POST", "now", json!({"advanceSeconds": by.as_secs()}))
            .await;
    }

    async fn start_clock_at(&self, now: chrono::DateTime<chrono::Utc>) {
        self.control("POST", "now", json!({ "instant": rfc3339(now) }))
            .await;
    }

    async fn config(&self) -> Value {
        let answer = self
            .http
            .get(format!("{}wp-json/rdv-compagnon/v1/config", self.url))
            .basic_auth(&self.user, Some(&self.password))
            .send()
            .await
            .expect("GET /config");
        answer.json().await.expect("the configuration")
    }

    async fn set_config(&self, config: Value) {
        self.control("POST", "config", config).await;
    }

    async fn cancel_reason(&self, event_id: &str) -> Option<String> {
        let row = self
            .control("GET", "booking", json!({ "eventId": event_id }))
            .await;
        row["cancel_reason"].as_str().map(str::to_owned)
    }

    async fn new_installation(&mut self) {
        self.control("POST", "reset", json!({})).await;
        self.point_sms_at_the_sandbox().await;
        self.start_clock_at(support::now()).await;
    }

    async fn with_calendar(&self) {
        let google = self.google.control();
        google.add_account(PRACTITIONER, "Dr Camille Laurent");
        let tokens = google.issue_tokens(PRACTITIONER, &["calendar"]);
        self.control(
            "POST",
            "google",
            json!({
                "base_url": self.google.base_url(),
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "calendar_id": PRACTITIONER,
                "account_email": PRACTITIONER,
                "time_zone": "Europe/Paris",
                "refresh_token": tokens.refresh_token,
            }),
        )
        .await;
    }

    fn google(&self) -> rdv_sandbox::Control {
        self.google.control()
    }
}
