//! Demo mode: the embedded sandbox (`rdv-sandbox`) stands in for Google, seeded with a
//! practitioner's realistic week, and the app's real OAuth and sync code runs against it.
//!
//! The one difference from Google: no real browser. The sandbox is configured to approve the
//! consent for the demo practitioner, and [`HeadlessConsent`] plays the browser — it requests the
//! consent URL and follows the redirect to the app's loopback listener, exactly as a browser
//! would, so PKCE, `state` and the code exchange are all exercised.

use crate::AppError;
use crate::account::Connection;
use crate::ports::Browser;
use rdv_core::Sensitive;
use rdv_google::Endpoints;
use rdv_google::oauth::OAuthClient;
use rdv_sandbox::{Consent, Sandbox, SandboxConfig, Seed};
use std::sync::Arc;
use std::time::SystemTime;

/// Starts a seeded sandbox and returns the connection to it and the browser stand-in.
pub(crate) async fn connect(now: SystemTime) -> Result<(Connection, Arc<dyn Browser>), AppError> {
    let config = SandboxConfig {
        port: 0,
        seed: Seed::Demo { now: now.into() },
        consent: Consent::Approve(rdv_sandbox::PRACTITIONER.to_owned()),
    };
    let sandbox = Sandbox::start(config).await.map_err(AppError::internal)?;
    publish_demo_configuration(&sandbox, now.into())?;
    let mut connection = connect_to(&sandbox.base_url())?;
    connection.sandbox = Some(sandbox);
    Ok((connection, Arc::new(HeadlessConsent)))
}

/// The connection to a sandbox already running at `base_url` (standalone `rdv-sandbox`).
pub(crate) fn connect_to(base_url: &str) -> Result<Connection, AppError> {
    let endpoints = Endpoints::under(base_url).map_err(AppError::internal)?;
    let oauth = OAuthClient::new(
        &endpoints,
        rdv_sandbox::CLIENT_ID.to_owned(),
        Sensitive::new(rdv_sandbox::CLIENT_SECRET.to_owned()),
    )
    .map_err(AppError::internal)?;
    Ok(Connection {
        endpoints,
        oauth,
        sandbox: None,
    })
}

/// Plays the browser for the sandbox's consent page: GET the URL, follow the redirects (to the
/// loopback listener). Only ever used with the loopback sandbox.
#[derive(Debug, Clone, Copy)]
pub struct HeadlessConsent;

impl Browser for HeadlessConsent {
    fn open(&self, url: &str) -> Result<(), String> {
        let url = url.to_owned();
        tokio::spawn(async move {
            let client = reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::limited(5))
                .build();
            match client {
                Ok(c) => {
                    if let Err(e) = c.get(&url).send().await {
                        tracing::warn!(error = %e.without_url(), "demo consent request failed");
                    }
                }
                Err(e) => tracing::warn!(error = %e, "demo consent client failed"),
            }
        });
        Ok(())
    }
}

/// The demo practice's availability configuration: the appointment types and weekly hours the
/// sandbox's demo seed publishes (`rdv-sandbox` demo.rs, `WEEK`, template `semaine-type`), so a
/// first *Publier* in demo mode extends the seeded series instead of duplicating them.
pub const DEMO_AVAILABILITY: &str = r##"
timeZone = "Europe/Paris"

[[appointmentTypes]]
id = "consultation"
name = "Consultation"
durationMinutes = 30
colour = "#2f6fb3"
minNoticeMinutes = 120
horizonDays = 60

[[appointmentTypes]]
id = "premiere-consultation"
name = "Première consultation"
durationMinutes = 60
colour = "#8a4fb5"
bufferAfterMinutes = 10
minNoticeMinutes = 1440
horizonDays = 60
maxPerDay = 3

[[appointmentTypes]]
id = "suivi"
name = "Suivi"
durationMinutes = 20
colour = "#2e8b57"
slotIntervalMinutes = 20
horizonDays = 60

[[templates]]
id = "semaine-type"
name = "Semaine type"

[[templates.ranges]]
days = ["lundi", "jeudi"]
start = "09:00"
end = "12:30"

[[templates.ranges]]
days = ["lundi", "jeudi"]
start = "14:00"
end = "19:00"

[[templates.ranges]]
days = ["mardi"]
start = "09:00"
end = "13:00"

[[templates.ranges]]
days = ["mercredi"]
start = "14:00"
end = "18:00"
types = ["consultation", "suivi"]

[[templates.ranges]]
days = ["vendredi"]
start = "08:30"
end = "12:00"
types = ["consultation", "suivi"]

[[templates.ranges]]
days = ["samedi"]
start = "09:00"
end = "12:00"
"##;

/// The demo practitioner published her configuration before the demo starts: the demo
/// calendar holds it in its configuration event, as a real calendar published from RDV
/// Compagnon does, so every installation's editor — hers, her secretary's — starts from it.
/// Public for tests and support, with a standalone sandbox started on the demo seed.
pub fn publish_demo_configuration(
    sandbox: &Sandbox,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), AppError> {
    use rdv_core::availability::publish::shared::{SharedConfig, config_event_id, config_resource};
    use rdv_core::availability::{FileFormat, PracticeConfig, zone};
    let config =
        PracticeConfig::parse(DEMO_AVAILABILITY, FileFormat::Toml).map_err(AppError::internal)?;
    let today = zone::local_date(config.time_zone, now);
    let calendar = rdv_sandbox::PRACTITIONER;
    let shared = SharedConfig {
        config,
        window_from: crate::availability::monday(today),
        published_at: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        published_by: calendar.to_owned(),
    };
    let event =
        config_resource(&shared, Some(&config_event_id(calendar))).map_err(AppError::internal)?;
    // The sandbox plays Google: it takes the resource as JSON, as Google would.
    let json = serde_json::to_value(&event).map_err(AppError::internal)?;
    sandbox
        .seed_event(calendar, json)
        .map_err(AppError::internal)?;
    Ok(())
}

impl crate::App {
    /// Links the account a standalone sandbox at `base_url` approves (started with
    /// `--consent approve:EMAIL`), through the same OAuth code. For support staff and tests; the
    /// account is marked as a demo account.
    pub fn link_sandbox<'a>(
        &'a self,
        base_url: &'a str,
    ) -> crate::Task<'a, Result<crate::ipc::AccountState, AppError>> {
        Box::pin(async move {
            let connection = connect_to(base_url)?;
            self.link_with(connection, Arc::new(HeadlessConsent)).await
        })
    }

    /// In demo mode, the embedded sandbox's control handle (for tests: add a booking "from the
    /// site", inject faults). `None` outside demo mode. Only with the `testing` feature, which
    /// the shell never enables.
    #[cfg(feature = "testing")]
    pub async fn sandbox_control(&self) -> Option<rdv_sandbox::Control> {
        let guard = self.session.lock().await;
        guard
            .as_ref()?
            .connection
            .sandbox
            .as_ref()
            .map(rdv_sandbox::Sandbox::control)
    }
}
