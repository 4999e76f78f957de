//! # rdv-site — talking to the practitioner's booking site
//!
//! Responsibility: every HTTP exchange with the practitioner's WordPress site, through the
//! plugin's REST API (`/wp-json/rdv-compagnon/v1/`) whose contract is docs/booking-endpoint.md
//! (and docs/booking-endpoint.openapi.yaml). Nothing else in the workspace speaks to the site.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use rdv_core::Sensitive;
//! use rdv_site::{RetryPolicy, SiteClient};
//! let site = SiteClient::new(
//!     "https://cabinet-laurent.fr/",
//!     "cabinet-laurent",
//!     Sensitive::new("Sb4x Rdv9 Cmp2 Dm7o Lc3q Wp8k".to_owned()),
//!     RetryPolicy::google(),
//! )?;
//! let status = site.status().await?;
//! let changes = site.bookings_since(None).await?; // store changes.cursor for next time
//! # let _ = (status, changes);
//! # Ok(()) }
//! ```
//!
//! Public surface:
//! - [`SiteClient`]: status, configuration (ETags), the bookings change feed (cursor,
//!   tombstones), cancellation, SMS usage, erasure;
//! - the bodies ([`model`], re-exported here): [`BookingConfig`] (appointment types are
//!   `rdv_core`'s [`rdv_core::availability::AppointmentType`]), [`BookingRecord`] with patient
//!   fields as [`rdv_core::Sensitive`], [`SmsUsage`] with exact [`Euros`], …;
//! - [`SiteError`], the failures the caller acts on, and [`SetupError`] for a refused address.
//!
//! Transport rule: `https://` only — plain `http://` only to `127.0.0.1`, where the sandbox runs
//! (the same rule as `rdv-google`, [`rdv_http::is_secure`]). Retries: only `429`, `5xx` and network
//! failures, through `rdv-http`'s retry loop and [`RetryPolicy`] (jittered exponential backoff,
//! `Retry-After` honoured), the layer the Google client uses too, so one setting drives both. The application password and patient
//! data travel as [`rdv_core::Sensitive`]; no error or log line of this crate carries either,
//! nor a response body.

mod client;
mod error;
pub mod model;

pub use client::{MAX_PAGE, SiteClient};
pub use error::SiteError;
pub use model::bookings::{
    BookingChange, BookingChanges, BookingRecord, BookingSource, BookingsPage, CancelRequest,
    Cancellation, Consent, Cursor, MoveNotice, Moved, RecordRequest, RecordSource, Recorded,
    SmsStatus, SmsStatuses,
};
pub use model::config::{
    BookingConfig, Practice, Retention, SiteGoogle, SiteGoogleState, SiteStatus, SmsSettings,
    SmsTexts, Versioned,
};
pub use model::money::{Euros, NotAMonth, NotEuros, YearMonth};
pub use model::usage::{Erasure, ErasureRequest, KindUsage, SmsUsage, UsageByKind};
pub use rdv_http::RetryPolicy;

/// The plugin's REST namespace, under `wp-json/`.
pub const NAMESPACE: &str = "rdv-compagnon/v1";

/// The `User-Agent` of every request.
pub const USER_AGENT: &str = concat!("rdv-compagnon/", env!("CARGO_PKG_VERSION"));

/// A site address or user the client refuses.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SetupError {
    /// Not a URL, or one carrying credentials.
    #[error("{0:?} is not a usable site address (expected https://your-site.fr/)")]
    InvalidUrl(String),
    /// Plain HTTP would expose the application password and patient data.
    #[error(
        "{0} is refused: the site must be reached over https:// (plain http is only allowed on 127.0.0.1)"
    )]
    Insecure(String),
    /// An empty WordPress user name, or one with `:` (impossible in Basic credentials).
    #[error("the WordPress user name must not be empty nor contain ':'")]
    InvalidUser,
    /// The HTTP client could not be set up (TLS initialisation failed).
    #[error("the HTTP client could not start: {0}")]
    Client(String),
}

/// The API root for a site address: `https://site/` → `https://site/wp-json/rdv-compagnon/v1/`
/// (an address already ending with the namespace is kept). Applies the transport rule.
///
/// ```
/// let root = rdv_site::api_root("https://cabinet.example.fr").unwrap();
/// assert_eq!(root.as_str(), "https://cabinet.example.fr/wp-json/rdv-compagnon/v1/");
/// assert!(rdv_site::api_root("http://cabinet.example.fr/").is_err());
/// assert!(rdv_site::api_root("http://127.0.0.1:8787/").is_ok());
/// ```
pub fn api_root(site_url: &str) -> Result<url::Url, SetupError> {
    let mut url = url::Url::parse(site_url.trim())
        .map_err(|_| SetupError::InvalidUrl(site_url.to_owned()))?;
    if !url.username().is_empty() || url.password().is_some() || url.cannot_be_a_base() {
        return Err(SetupError::InvalidUrl(short_text(
            url.host_str().unwrap_or(""),
        )));
    }
    if !rdv_http::is_secure(&url) {
        url.set_query(None);
        return Err(SetupError::Insecure(url.to_string()));
    }
    url.set_query(None);
    url.set_fragment(None);
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    let suffix = format!("wp-json/{NAMESPACE}/");
    if url.path().ends_with(&suffix) {
        return Ok(url);
    }
    url.join(&suffix)
        .map_err(|_| SetupError::InvalidUrl(site_url.to_owned()))
}

// Shared with the Google client: the same redaction rules for server texts and transport errors.
pub(crate) use rdv_http::short_text;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_api_root_is_under_the_sites_address() {
        assert_eq!(
            api_root("https://cabinet.example.fr/blog")
                .unwrap()
                .as_str(),
            "https://cabinet.example.fr/blog/wp-json/rdv-compagnon/v1/",
            "WordPress installed in a sub-folder"
        );
        assert_eq!(
            api_root("https://c.fr/wp-json/rdv-compagnon/v1")
                .unwrap()
                .as_str(),
            "https://c.fr/wp-json/rdv-compagnon/v1/"
        );
        assert_eq!(
            api_root("https://c.fr/?p=1#x").unwrap().as_str(),
            "https://c.fr/wp-json/rdv-compagnon/v1/"
        );
        for insecure in ["http://c.fr", "http://localhost:8787", "ftp://127.0.0.1"] {
            assert!(
                matches!(api_root(insecure), Err(SetupError::Insecure(_))),
                "{insecure}"
            );
        }
        assert!(matches!(
            api_root("https://user:secret@c.fr/"),
            Err(SetupError::InvalidUrl(m)) if !m.contains("secret")
        ));
        assert!(matches!(
            api_root("pas une adresse"),
            Err(SetupError::InvalidUrl(_))
        ));
    }
}
