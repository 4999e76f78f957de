//! rdv-google against rdv-sandbox, the local stand-in for Google: the real OAuth client (through
//! the loopback listener, with a redirect-following HTTP client playing the browser) and the real
//! Calendar client, over HTTP on 127.0.0.1. One binary for the crate (house style).

mod calendar;
mod oauth;

use rdv_core::Sensitive;
use rdv_google::Endpoints;
use rdv_google::calendar::{CalendarClient, RetryPolicy};
use rdv_google::oauth::OAuthClient;
use rdv_sandbox::{CLIENT_ID, CLIENT_SECRET, Consent, Sandbox, SandboxConfig, Seed};

/// A sandbox with no data, answering the consent page as told.
pub async fn sandbox(consent: Consent) -> Sandbox {
    Sandbox::start(SandboxConfig {
        port: 0,
        seed: Seed::Empty,
        consent,
    })
    .await
    .expect("the sandbox starts")
}

/// The sandbox's endpoints, as the app computes them.
pub fn endpoints(sandbox: &Sandbox) -> Endpoints {
    Endpoints::under(&sandbox.base_url()).expect("the sandbox URL is http://127.0.0.1")
}

/// The OAuth client with the sandbox's client identity.
pub fn oauth_client(sandbox: &Sandbox) -> OAuthClient {
    OAuthClient::new(
        &endpoints(sandbox),
        CLIENT_ID.to_owned(),
        Sensitive::new(CLIENT_SECRET.to_owned()),
    )
    .expect("loopback endpoints are accepted")
}

/// A Calendar client on the sandbox with `retry`.
pub fn calendar_client(sandbox: &Sandbox, retry: RetryPolicy) -> CalendarClient {
    CalendarClient::new(endpoints(sandbox).calendar, retry).expect("loopback base is accepted")
}

/// An access token with the full calendar scope for `email` (account created if needed).
pub fn access_token(sandbox: &Sandbox, email: &str) -> Sensitive<String> {
    Sensitive::new(
        sandbox
            .control()
            .issue_tokens(email, &["openid", "email", "calendar"])
            .access_token,
    )
}
