//! # rdv-http — the one HTTP layer of RDV Compagnon's API clients
//!
//! Responsibility: what the Google Calendar client (`rdv-google`) and the booking-site client
//! (`rdv-site`) share about HTTP, so that neither borrows from the other:
//! - [`client`]: the settings of a JSON API client (rustls, gzip, no redirects, timeouts, the
//!   caller's user agent) and the transport rule [`is_secure`] (`https://`, or plain `http://` on
//!   `127.0.0.1` only, where the sandbox answers);
//! - [`exchange`]: one call — conditional headers (`If-Match`, `If-None-Match`) and a JSON body on
//!   the way out — and its answer: status, `ETag`, `Retry-After` and a **size-capped** body;
//! - [`retry`]: Google's retry policy (truncated exponential backoff with jitter, `Retry-After`
//!   honoured) and [`retry::run`], the one retry loop, whose waits go through an injectable
//!   [`retry::Sleep`] (tests record them instead of sleeping);
//! - [`describe_transport`] and [`short_text`]: transport errors and server texts made safe for
//!   error messages (no URL, no body, one short line).
//!
//! What an answer *means* (which statuses and reasons are retried, which errors the caller gets)
//! stays with each client: it is their API's contract, not HTTP's.

pub mod exchange;
pub mod retry;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use exchange::{Call, ReceiveError, Received, receive};
pub use retry::{GaveUp, RetryPolicy, Sleep, Step, TokioSleep, parse_retry_after};

use std::time::Duration;
use url::Url;

/// An HTTP client for a JSON API: rustls, gzip, no redirects followed (an API answer never moves;
/// a redirect would carry the credentials elsewhere), a connect timeout of at most 10 s and
/// `timeout` for the whole exchange. The error is described without URL or body.
pub fn client(user_agent: &str, timeout: Duration) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .user_agent(user_agent)
        .use_rustls_tls()
        .gzip(true)
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .timeout(timeout)
        .build()
        .map_err(|e| describe_transport(&e))
}

/// The transport rule of every client: `https://`, or plain `http://` to `127.0.0.1` only (the
/// local sandbox). Anything else would expose tokens, passwords and patient data.
pub fn is_secure(url: &Url) -> bool {
    match url.scheme() {
        "https" => true,
        "http" => url.host_str() == Some("127.0.0.1"),
        _ => false,
    }
}

/// Keeps a server-supplied text short (200 characters) and on one line, for error messages.
pub fn short_text(s: &str) -> String {
    let one_line: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(200)
        .collect();
    one_line.trim().to_owned()
}

/// A reqwest error described without its URL (which could hold query parameters) or body.
pub fn describe_transport(e: &reqwest::Error) -> String {
    let kind = if e.is_timeout() {
        "timed out"
    } else if e.is_connect() {
        "connection failed"
    } else if e.is_body() || e.is_decode() {
        "the answer was cut off"
    } else if e.is_request() {
        "the request could not be sent"
    } else {
        "transport error"
    };
    let mut detail = String::new();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        detail = s.to_string();
        source = s.source();
    }
    if detail.is_empty() {
        kind.to_owned()
    } else {
        format!("{kind}: {detail}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_https_or_plain_http_to_127_0_0_1_is_secure() {
        for ok in ["https://www.googleapis.com/", "http://127.0.0.1:8787/x"] {
            assert!(is_secure(&Url::parse(ok).unwrap()), "{ok}");
        }
        for bad in [
            "http://localhost:8787",
            "http://10.0.0.5",
            "http://example.com",
            "ftp://127.0.0.1",
        ] {
            assert!(!is_secure(&Url::parse(bad).unwrap()), "{bad}");
        }
    }

    #[test]
    fn server_texts_are_kept_short_and_on_one_line() {
        assert_eq!(short_text("  a\nb\tc  "), "a b c");
        assert_eq!(short_text(&"é".repeat(500)).chars().count(), 200);
    }

    #[tokio::test]
    async fn a_refused_connection_is_described_without_its_url() {
        // Port 9 (discard) on 127.0.0.1 has no listener on a test machine; the query holds a
        // would-be secret that must not reach the message.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let http = client("t", Duration::from_secs(5)).unwrap();
        let err = http
            .get(format!("http://127.0.0.1:{port}/?token=s3cr3t"))
            .send()
            .await
            .unwrap_err();
        let text = describe_transport(&err);
        assert!(text.starts_with("connection failed"), "{text}");
        assert!(
            !text.contains("s3cr3t") && !text.contains("127.0.0.1"),
            "{text}"
        );
    }
}
