//! What can go wrong while linking an account or renewing its tokens.

use oauth2::basic::BasicErrorResponseType;
use oauth2::{RequestTokenError, StandardErrorResponse};

/// An OAuth failure, phrased so the user (or the use case) knows what to do next. No variant
/// ever carries a token, a code or a response body.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum OAuthError {
    /// Google no longer accepts the grant: the refresh token was revoked or expired, or the
    /// authorization code was bad, reused or expired, or the PKCE verifier did not match. The app
    /// forgets the tokens and asks the user to reconnect (with `prompt=consent`).
    #[error("the Google account must be reconnected (reconnexion nécessaire): {0}")]
    InvalidGrant(String),
    /// The user refused access on Google's consent page.
    #[error("access to the Google account was refused on Google's page")]
    Denied,
    /// The browser came back with a `state` that is not the one this attempt sent: possibly a
    /// forged request. Start the connection again.
    #[error("Google's answer did not belong to this connection attempt; please try again")]
    StateMismatch,
    /// Nobody came back from Google's page in time.
    #[error("no answer from Google's page in time; please try connecting again")]
    Timeout,
    /// Google does not know this application (client id or secret wrong, client deleted).
    #[error("Google refused this application's identity ({0}); an update of the app is needed")]
    InvalidClient(String),
    /// The access token was refused (expired or revoked): refresh it, then retry.
    #[error("the Google access token was refused; it must be refreshed")]
    Unauthorized,
    /// Google could not be reached (offline, DNS, TLS, timeout).
    #[error("Google could not be reached ({0}); check the Internet connection")]
    Network(String),
    /// Google answered with a server error or an unreadable answer; try again later.
    #[error("Google's sign-in service failed ({0}); try again later")]
    Server(String),
    /// The local port that receives Google's answer could not be opened.
    #[error("cannot receive Google's answer on this computer: {0}")]
    Loopback(String),
    /// Anything else Google refused (e.g. `redirect_uri_mismatch`, `invalid_scope`).
    #[error("Google refused the sign-in: {0}")]
    Other(String),
}

/// The error our HTTP adapter hands to the `oauth2` crate; it never holds a request or body.
#[derive(Debug, thiserror::Error)]
pub(crate) enum TransportError {
    /// Could not reach the server or read its answer.
    #[error("{0}")]
    Network(String),
    /// The server answered 5xx.
    #[error("HTTP {0}")]
    Server(u16),
}

pub(crate) use crate::describe_transport as describe_reqwest;

/// Maps an `oauth2` token-endpoint failure. `Parse` errors hold the raw body (possibly with a
/// token): only the fact that it was unreadable is kept.
pub(crate) fn from_token_error(
    e: RequestTokenError<TransportError, StandardErrorResponse<BasicErrorResponseType>>,
) -> OAuthError {
    match e {
        RequestTokenError::ServerResponse(resp) => from_error_code(
            resp.error().as_ref(),
            resp.error_description().map(|s| s.as_str()),
        ),
        RequestTokenError::Request(TransportError::Network(m)) => OAuthError::Network(m),
        RequestTokenError::Request(TransportError::Server(status)) => {
            OAuthError::Server(format!("HTTP {status}"))
        }
        RequestTokenError::Parse(..) => {
            OAuthError::Server("unreadable answer from the token endpoint".into())
        }
        RequestTokenError::Other(m) => OAuthError::Server(short(&m)),
    }
}

/// Maps an RFC 6749 error code (`invalid_grant`, …) and its description.
pub(crate) fn from_error_code(code: &str, description: Option<&str>) -> OAuthError {
    let text = match description {
        Some(d) if !d.is_empty() => format!("{code}: {}", short(d)),
        _ => code.to_owned(),
    };
    match code {
        "invalid_grant" => OAuthError::InvalidGrant(text),
        "invalid_client" | "unauthorized_client" | "deleted_client" => {
            OAuthError::InvalidClient(text)
        }
        "access_denied" => OAuthError::Denied,
        "server_error" | "temporarily_unavailable" => OAuthError::Server(text),
        _ => OAuthError::Other(text),
    }
}

pub(crate) use crate::short_text as short;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn google_token_errors_map_to_what_the_app_does_next() {
        assert!(matches!(
            from_error_code("invalid_grant", Some("Token has been expired or revoked.")),
            OAuthError::InvalidGrant(m) if m.contains("expired or revoked")
        ));
        assert!(matches!(
            from_error_code("invalid_client", Some("The OAuth client was not found.")),
            OAuthError::InvalidClient(_)
        ));
        assert!(matches!(
            from_error_code("redirect_uri_mismatch", Some("Bad Request")),
            OAuthError::Other(_)
        ));
        assert_eq!(from_error_code("access_denied", None), OAuthError::Denied);
    }

    #[test]
    fn the_reconnect_message_says_so_in_french() {
        let msg = OAuthError::InvalidGrant("invalid_grant".into()).to_string();
        assert!(msg.contains("reconnexion nécessaire"), "{msg}");
    }

    #[test]
    fn server_texts_are_cut_short_and_kept_on_one_line() {
        let long = format!("line1\nline2{}", "x".repeat(500));
        let s = short(&long);
        assert!(!s.contains('\n'));
        assert!(s.chars().count() <= 200);
    }
}
