//! What a contract test needs from the booking site under test, whichever it is: the sandbox's
//! stand-in (binary `site`) or the real WordPress plugin (binary `plugin`). Each binary includes
//! the contract modules (`status`, `config`, `bookings`) with `#[path]` and defines `Sut`, the
//! site it runs them against, with `fresh_site()` and `demo_site(now)`.

use std::time::Duration;

use chrono::{DateTime, Utc};
use rdv_core::Sensitive;
use rdv_sandbox::{SiteBooking, SiteSmsKind, SiteSmsStatus};
use rdv_site::{RetryPolicy, SiteClient};
use serde_json::Value;

/// The instant every contract test starts at (Monday 2 March 2026, 10:00 in Paris): the site's
/// clock is set to it by `fresh_site()`, and tests place their times from it, never from the
/// wall clock.
pub fn now() -> DateTime<Utc> {
    "2026-03-02T09:00:00Z".parse().expect("an instant")
}

/// One SMS in the site's log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedSms {
    /// `confirmation`, `reminder` or `cancellation`.
    pub kind: String,
    /// The number it went to (`None` once erased).
    pub phone: Option<String>,
    /// The text as sent (`None` once erased).
    pub text: Option<String>,
    /// Billed segments.
    pub segments: u32,
}

/// The knobs a contract test turns on the site under test (the stand-in's `Control`, or the
/// plugin's test-control routes `rdv-test/v1/…`).
#[allow(async_fn_in_trait)]
pub trait SiteUnderTest {
    /// The site's address, as the app is given it (`http://127.0.0.1:P/`).
    fn base_url(&self) -> String;
    /// The WordPress user the app uses and its application password.
    fn credentials(&self) -> (String, String);
    /// Adds a WordPress user with this application password; `can_manage = false`: without
    /// the plugin's capability.
    async fn add_user(&self, login: &str, app_password: &str, can_manage: bool);
    /// Activates or deactivates the plugin.
    async fn set_plugin_active(&self, active: bool);
    /// Adds a booking record, as if the site's form had just saved it.
    async fn add_booking(&self, booking: SiteBooking);
    /// Changes one SMS status of a record (the SMS platform reporting back).
    async fn set_sms_status(&self, event_id: &str, kind: SiteSmsKind, status: SiteSmsStatus);
    /// The site sends one SMS of a record now, whatever the options say.
    async fn send_sms(&self, event_id: &str, kind: SiteSmsKind) -> LoggedSms;
    /// Every SMS the site sent, oldest first.
    async fn sms_sent(&self) -> Vec<LoggedSms>;
    /// Adds to a month's SMS counters.
    async fn add_sms_usage(&self, month: &str, kind: SiteSmsKind, messages: u32, segments: u32);
    /// Every cursor handed out so far expires.
    async fn expire_cursors(&self);
    /// The site's clock moves on.
    async fn advance_time(&self, by: Duration);
    /// Sets the site's clock to `now` (`fresh_site()` does, at [`now`]).
    async fn start_clock_at(&self, now: DateTime<Utc>);
    /// The configuration document as `GET /config` returns it.
    async fn config(&self) -> Value;
    /// Replaces the configuration as the settings page would (read-only fields included).
    async fn set_config(&self, config: Value);
    /// The back-office reason of a live record's cancellation.
    async fn cancel_reason(&self, event_id: &str) -> Option<String>;
    /// The site becomes another installation (its cursors are foreign to the old one).
    async fn new_installation(&mut self);
    /// The practitioner's Google calendar exists and the site may write to it (its Google
    /// access is linked).
    async fn with_calendar(&self);
    /// The Google (sandbox) the site books into.
    fn google(&self) -> rdv_sandbox::Control;

    /// The client as the app builds it.
    fn client(&self, retry: RetryPolicy) -> SiteClient {
        let (user, password) = self.credentials();
        self.client_as(&user, &password, retry)
    }

    /// The client with other credentials.
    fn client_as(&self, user: &str, password: &str, retry: RetryPolicy) -> SiteClient {
        SiteClient::new(
            &self.base_url(),
            user,
            Sensitive::new(password.to_owned()),
            retry,
        )
        .expect("http://127.0.0.1 is accepted")
    }
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
