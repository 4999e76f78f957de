//! rdv-site against the booking site of rdv-sandbox, over HTTP on 127.0.0.1: every resource of
//! docs/booking-endpoint.md, its errors, and what the client does when the site misbehaves. One
//! binary for the crate (house style); the contract modules (`status`, `config`, `bookings`)
//! are shared with the `plugin` binary, which runs them against the real WordPress plugin.

#[path = "../contract/app_bookings.rs"]
mod app_bookings;
#[path = "../contract/bookings.rs"]
mod bookings;
#[path = "../contract/config.rs"]
mod config;
mod demo;
mod faults;
#[path = "../contract/status.rs"]
mod status;
#[path = "../contract/support.rs"]
mod support;

use std::time::Duration;

use rdv_core::Sensitive;
use rdv_sandbox::{
    Consent, PRACTITIONER, SITE_APP_PASSWORD, SITE_USER, Sandbox, SandboxConfig, Seed, SiteBooking,
    SiteSmsKind, SiteSmsStatus,
};
use rdv_site::{RetryPolicy, SiteClient};
use serde_json::Value;
pub use support::{LoggedSms, SiteUnderTest, booking};

/// A sandbox whose site has no record and a fresh configuration.
pub async fn sandbox() -> Sandbox {
    start(Seed::Empty).await
}

/// A sandbox seeded with the demo practice (calendar and site) around `now`.
pub async fn demo(now: &str) -> Sandbox {
    start(Seed::Demo {
        now: now.parse().expect("an instant"),
    })
    .await
}

async fn start(seed: Seed) -> Sandbox {
    Sandbox::start(SandboxConfig {
        port: 0,
        seed,
        consent: Consent::Deny,
    })
    .await
    .expect("the sandbox starts")
}

/// The client as the app builds it: the site's address, the demo user and application password.
pub fn client(sandbox: &Sandbox, retry: RetryPolicy) -> SiteClient {
    client_as(sandbox, SITE_USER, SITE_APP_PASSWORD, retry)
}

/// The client with other credentials.
pub fn client_as(sandbox: &Sandbox, user: &str, password: &str, retry: RetryPolicy) -> SiteClient {
    SiteClient::new(
        &sandbox.base_url(),
        user,
        Sensitive::new(password.to_owned()),
        retry,
    )
    .expect("http://127.0.0.1 is accepted")
}

/// The site under test of this binary: the sandbox's stand-in.
pub struct Sut {
    sandbox: Sandbox,
    /// Installations replaced by `new_installation` (kept running until the test ends).
    retired: Vec<Sandbox>,
}

/// A stand-in with no record and a fresh configuration.
pub async fn fresh_site() -> Sut {
    let site = Sut {
        sandbox: sandbox().await,
        retired: Vec::new(),
    };
    site.start_clock_at(support::now()).await;
    site
}

/// A stand-in with the demo practice around `now`.
pub async fn demo_site(now: &str) -> Sut {
    Sut {
        sandbox: demo(now).await,
        retired: Vec::new(),
    }
}

fn logged(sms: rdv_sandbox::SiteSms) -> LoggedSms {
    LoggedSms {
        kind: sms.kind.as_str().to_owned(),
        phone: sms.phone,
        text: sms.text,
        segments: sms.segments,
    }
}

impl SiteUnderTest for Sut {
    fn base_url(&self) -> String {
        self.sandbox.base_url()
    }

    fn credentials(&self) -> (String, String) {
        (SITE_USER.to_owned(), SITE_APP_PASSWORD.to_owned())
    }

    async fn add_user(&self, login: &str, app_password: &str, can_manage: bool) {
        self.sandbox
            .control()
            .add_site_user(login, app_password, can_manage);
    }

    async fn set_plugin_active(&self, active: bool) {
        self.sandbox.control().set_site_plugin_active(active);
    }

    async fn add_booking(&self, booking: SiteBooking) {
        self.sandbox.control().add_site_booking(booking);
    }

    async fn set_sms_status(&self, event_id: &str, kind: SiteSmsKind, status: SiteSmsStatus) {
        self.sandbox
            .control()
            .set_site_sms_status(event_id, kind, status);
    }

    async fn send_sms(&self, event_id: &str, kind: SiteSmsKind) -> LoggedSms {
        logged(self.sandbox.control().send_site_sms(event_id, kind))
    }

    async fn sms_sent(&self) -> Vec<LoggedSms> {
        self.sandbox
            .control()
            .site_sms_sent()
            .into_iter()
            .map(logged)
            .collect()
    }

    async fn add_sms_usage(&self, month: &str, kind: SiteSmsKind, messages: u32, segments: u32) {
        self.sandbox
            .control()
            .add_site_sms_usage(month, kind, messages, segments);
    }

    async fn expire_cursors(&self) {
        self.sandbox.control().expire_site_cursors();
    }

    async fn advance_time(&self, by: Duration) {
        self.sandbox.control().advance_time(by);
    }

    async fn start_clock_at(&self, now: chrono::DateTime<chrono::Utc>) {
        self.sandbox.control().start_clock_at(now);
    }

    async fn config(&self) -> Value {
        self.sandbox.control().site_config()
    }

    async fn set_config(&self, config: Value) {
        self.sandbox.control().set_site_config(config);
    }

    async fn cancel_reason(&self, event_id: &str) -> Option<String> {
        self.sandbox
            .control()
            .site_booking(event_id)
            .and_then(|b| b.cancel_reason)
    }

    async fn new_installation(&mut self) {
        let old = std::mem::replace(&mut self.sandbox, sandbox().await);
        self.retired.push(old);
        self.start_clock_at(support::now()).await;
    }

    async fn with_calendar(&self) {
        self.sandbox
            .control()
            .add_account(PRACTITIONER, "Dr Camille Laurent");
    }

    fn google(&self) -> rdv_sandbox::Control {
        self.sandbox.control()
    }
}
