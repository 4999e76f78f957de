//! rdv-site against the booking site of rdv-sandbox, over HTTP on 127.0.0.1: every resource of
//! docs/booking-endpoint.md, its errors, and what the client does when the site misbehaves. One
//! binary for the crate (house style).

mod app_bookings;
mod bookings;
mod config;
mod demo;
mod faults;
mod status;

use chrono::{DateTime, Utc};
use rdv_core::Sensitive;
use rdv_sandbox::{
    Consent, PRACTITIONER, SITE_APP_PASSWORD, SITE_USER, Sandbox, SandboxConfig, Seed, SiteBooking,
};
use rdv_site::{RetryPolicy, SiteClient};

/// A sandbox whose site has no record and a fresh configuration.
pub async fn sandbox() -> Sandbox {
    Sandbox::start(SandboxConfig {
        port: 0,
        seed: Seed::Empty,
        consent: Consent::Deny,
    })
    .await
    .expect("the sandbox starts")
}

/// A sandbox seeded with the demo practice (calendar and site) around `now`.
pub async fn demo(now: &str) -> Sandbox {
    Sandbox::start(SandboxConfig {
        port: 0,
        seed: Seed::Demo {
            now: now.parse().expect("an instant"),
        },
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

/// A booking made on the site's form with the patient's phone and email.
pub fn booking(
    id: &str,
    first: &str,
    last: &str,
    phone: &str,
    created: DateTime<Utc>,
) -> SiteBooking {
    SiteBooking {
        phone: Some(phone.to_owned()),
        email: Some(format!(
            "{}.{}@example.fr",
            first.to_lowercase(),
            last.to_lowercase()
        )),
        ..SiteBooking::new(id, "consultation", first, last, created)
    }
}

/// The practitioner's calendar exists (cancellations delete events there).
pub fn with_calendar(sandbox: &Sandbox) {
    sandbox
        .control()
        .add_account(PRACTITIONER, "Dr Camille Laurent");
}
