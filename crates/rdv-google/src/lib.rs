//! # rdv-google — talking to Google
//!
//! Responsibility: every HTTP exchange with Google — OAuth 2.0 for installed apps (loopback
//! redirect, PKCE, refresh, revoke) and the typed Calendar v3 client (calendar list, events with
//! sync tokens and ETags, ACL, free/busy). Nothing else in the workspace speaks HTTP to Google.
//!
//! Public surface:
//! - [`Endpoints`], the base URLs of the services, and the rule that they must be `https://` — or
//!   plain `http://` on the loopback address `127.0.0.1`, where the local sandbox (`rdv-sandbox`)
//!   answers in demo mode and tests ([`check`]). Both clients refuse any other endpoint;
//! - [`oauth`]: linking a Google account — [`oauth::LoopbackListener`] receives Google's redirect,
//!   [`oauth::OAuthClient`] builds the consent URL (PKCE S256, `state`) and exchanges, refreshes and
//!   revokes tokens;
//! - [`calendar`]: [`calendar::CalendarClient`], the typed Calendar v3 client (calendar list,
//!   events with sync tokens and ETags, ACL, free/busy) with Google's retry strategy and errors the
//!   sync engine can act on ([`calendar::CalendarError`]).
//!
//! HTTP itself — the client's settings, the call and its size-capped answer, the retry loop with
//! Google's backoff policy — is `rdv-http`'s, shared with the booking-site client; this crate
//! decides what Google's answers mean and which of them are retried. Google's event resource is
//! `rdv_core::google::Event` (re-exported in [`calendar`]).
//!
//! Secrets (tokens, the client secret, the authorization code, the PKCE verifier) and patient data
//! (event titles, descriptions, private properties) travel as [`rdv_core::Sensitive`]; no error
//! message of this crate ever carries a token or a response body.

pub mod calendar;
pub mod oauth;

// The redaction rules for server texts and transport errors, shared with the booking-site client.
pub(crate) use rdv_http::{describe_transport, short_text};
use url::Url;

/// The `User-Agent` of every request. Google compresses responses only when the user agent
/// contains `gzip` (and `Accept-Encoding: gzip` is sent, which reqwest does).
pub const USER_AGENT: &str = concat!("rdv-compagnon/", env!("CARGO_PKG_VERSION"), " (gzip)");

/// Where Google's services are reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// The consent page (OAuth authorization endpoint).
    pub authorize: Url,
    /// The token endpoint (code exchange and refresh).
    pub token: Url,
    /// The revocation endpoint.
    pub revoke: Url,
    /// The OpenID Connect userinfo endpoint (the linked account's email).
    pub userinfo: Url,
    /// The root of the Calendar v3 API (`…/calendar/v3/`).
    pub calendar: Url,
}

/// A base URL the client refuses to use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EndpointError {
    /// Not a URL at all.
    #[error("{0:?} is not a valid URL")]
    Invalid(String),
    /// Plain HTTP to anything but the local sandbox would expose tokens and patient data.
    #[error(
        "{0} is refused: Google must be reached over https:// (plain http is only allowed on 127.0.0.1)"
    )]
    Insecure(Url),
    /// The HTTP client could not be set up (TLS initialisation failed).
    #[error("the HTTP client could not start: {0}")]
    Client(String),
}

impl Endpoints {
    /// Google's production endpoints.
    pub fn google() -> Self {
        let parse = |s: &str| Url::parse(s).expect("static Google URL");
        Self {
            authorize: parse("https://accounts.google.com/o/oauth2/v2/auth"),
            token: parse("https://oauth2.googleapis.com/token"),
            revoke: parse("https://oauth2.googleapis.com/revoke"),
            userinfo: parse("https://openidconnect.googleapis.com/v1/userinfo"),
            calendar: parse("https://www.googleapis.com/calendar/v3/"),
        }
    }

    /// The endpoints of a stand-in serving Google's paths under one base URL (the sandbox).
    pub fn under(base: &str) -> Result<Self, EndpointError> {
        let base = check(base)?;
        let join = |p: &str| {
            base.join(p)
                .map_err(|_| EndpointError::Invalid(p.to_owned()))
        };
        Ok(Self {
            authorize: join("o/oauth2/v2/auth")?,
            token: join("token")?,
            revoke: join("revoke")?,
            userinfo: join("v1/userinfo")?,
            calendar: join("calendar/v3/")?,
        })
    }
}

/// Parses a base URL and applies the transport rule: `https://`, or `http://127.0.0.1`.
pub fn check(url: &str) -> Result<Url, EndpointError> {
    let mut parsed = Url::parse(url).map_err(|_| EndpointError::Invalid(url.to_owned()))?;
    ensure_secure(&parsed)?;
    if !parsed.path().ends_with('/') {
        let path = format!("{}/", parsed.path());
        parsed.set_path(&path);
    }
    Ok(parsed)
}

/// Applies the transport rule to an already parsed URL, without changing it: `https://`, or
/// `http://127.0.0.1`.
pub fn ensure_secure(url: &Url) -> Result<(), EndpointError> {
    if rdv_http::is_secure(url) {
        Ok(())
    } else {
        Err(EndpointError::Insecure(url.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn production_endpoints_are_all_https() {
        let e = Endpoints::google();
        for url in [&e.authorize, &e.token, &e.revoke, &e.userinfo, &e.calendar] {
            assert_eq!(url.scheme(), "https", "{url}");
        }
    }

    #[test]
    fn the_local_sandbox_may_use_plain_http_on_127_0_0_1_only() {
        let e = Endpoints::under("http://127.0.0.1:8787").unwrap();
        assert_eq!(e.calendar.as_str(), "http://127.0.0.1:8787/calendar/v3/");
        assert_eq!(e.token.as_str(), "http://127.0.0.1:8787/token");
        for insecure in [
            "http://localhost:8787",
            "http://10.0.0.5",
            "http://example.com",
            "ftp://127.0.0.1",
        ] {
            assert!(
                matches!(Endpoints::under(insecure), Err(EndpointError::Insecure(_))),
                "{insecure} must be refused"
            );
        }
        assert!(matches!(check("not a url"), Err(EndpointError::Invalid(_))));
    }
}
