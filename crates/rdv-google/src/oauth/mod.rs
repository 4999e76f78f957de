//! OAuth 2.0 for installed apps: linking the practitioner's (or secretary's) Google account.
//!
//! The flow (Google's "OAuth 2.0 for Mobile & Desktop Apps", RFC 8252, RFC 7636):
//! 1. [`LoopbackListener::bind`] opens `http://127.0.0.1:<port>`;
//! 2. [`OAuthClient::authorization`] builds the consent URL with PKCE (S256), a random `state`,
//!    every [`SCOPES`] up front (incremental authorization does not exist for installed apps),
//!    `access_type=offline`, and `prompt=consent` when re-linking after `invalid_grant`;
//! 3. the shell opens that URL in the **system browser** (embedded webviews are refused by Google);
//! 4. [`LoopbackListener::wait`] receives the redirect and returns the code;
//! 5. [`OAuthClient::exchange`] trades it (with the verifier and the same redirect URI) for
//!    [`Tokens`]; the account comes from the `id_token` ([`Tokens::account`]) or
//!    [`OAuthClient::userinfo`];
//! 6. later: [`OAuthClient::refresh`] before expiry or after a `401`, [`OAuthClient::revoke`] on
//!    unlink.
//!
//! ## Why the full `calendar` scope
//! The narrower scopes do not cover what the product does: managing who can see an agenda (ACL
//! insert/patch/delete, PRODUCT.md feature 3) requires `calendar` or `calendar.acls`, and a
//! secretary must read and write events on calendars *shared with them*, list those calendars and
//! query free/busy. The combination `calendar.events` + `calendar.calendarlist.readonly` +
//! `calendar.acls` + `calendar.freebusy` would do, but on Google's granular consent screen the
//! user can untick each of them separately, leaving the app half-working in ways that are hard to
//! explain; `calendar` is one box. `openid email` give the account's email without an extra
//! request. The granted set is still checked ([`Tokens::has_calendar_access`]): a user may untick
//! the calendar box.
//!
//! ## The client secret
//! A Desktop client's secret is not confidential (RFC 8252 §8.5): it ships in the binary. Google
//! nevertheless refuses a code exchange or refresh without it, so it is sent in the form body
//! (`client_secret_post`). Security rests on PKCE, `state` and the loopback redirect.
//!
//! The `oauth2` crate builds the authorization URL and runs the code exchange and refresh.
//! Revocation and userinfo are plain requests: `oauth2` refuses a non-`https` revocation URL,
//! which would rule out the local sandbox, and Google documents revocation as a bare
//! `token=<token>` form.

mod error;
mod id_token;
mod loopback;

pub use error::OAuthError;
pub use loopback::LoopbackListener;

use crate::{EndpointError, Endpoints, USER_AGENT, ensure_secure};
use error::{TransportError, describe_reqwest, from_error_code, from_token_error};
use oauth2::basic::{
    BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse,
    BasicTokenType,
};
use oauth2::{
    AuthType, AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointNotSet,
    EndpointSet, ExtraTokenFields, HttpRequest, HttpResponse, PkceCodeChallenge, PkceCodeVerifier,
    RedirectUrl, RefreshToken, Scope, StandardRevocableToken, StandardTokenResponse, TokenResponse,
    TokenUrl,
};
use rdv_core::Sensitive;
use rdv_core::ports::{Clock, SystemClock};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::{Duration, SystemTime};
use url::Url;

/// The scopes requested, all at once: identity (`openid email`) and the full Calendar scope (see
/// the module documentation for why not narrower ones).
pub const SCOPES: [&str; 3] = ["openid", "email", CALENDAR_SCOPE];

/// The full Calendar scope.
pub const CALENDAR_SCOPE: &str = "https://www.googleapis.com/auth/calendar";

/// How much earlier than Google says an access token is considered expired, so a request never
/// leaves with a token that dies in flight (clock skew, slow networks).
pub const EXPIRY_SKEW: Duration = Duration::from_secs(60);

/// Assumed lifetime when Google omits `expires_in` (it always sends ~3599 s in practice).
const DEFAULT_LIFETIME: Duration = Duration::from_secs(3600);

/// The most an OAuth answer (token, revocation, userinfo) may hold. Google's are a few KiB; a
/// larger one is refused as it is read, like every other answer (`rdv_http::receive`).
pub const MAX_OAUTH_BODY: usize = 64 * 1024;

/// The body of an OAuth answer, at most [`MAX_OAUTH_BODY`] bytes.
async fn capped(response: reqwest::Response) -> Result<Vec<u8>, TransportError> {
    match rdv_http::receive(response, MAX_OAUTH_BODY).await {
        Ok(received) => Ok(received.body),
        Err(rdv_http::ReceiveError::Network { message, .. }) => {
            Err(TransportError::Network(message))
        }
        Err(rdv_http::ReceiveError::TooLarge) => Err(TransportError::Network(format!(
            "the answer is larger than {MAX_OAUTH_BODY} bytes"
        ))),
    }
}

/// What the shell needs to send the user to Google's consent page.
#[derive(Debug, Clone)]
pub struct Authorization {
    /// The consent page URL, to open in the system browser.
    pub url: Url,
    /// The `state` sent; [`LoopbackListener::wait`] accepts only a callback carrying it.
    pub state: String,
    /// The PKCE code verifier, needed by [`OAuthClient::exchange`]; never leaves the machine
    /// before that.
    pub verifier: Sensitive<String>,
    /// The redirect URI used, to repeat exactly at the exchange.
    pub redirect_uri: String,
}

/// The tokens of a linked account.
#[derive(Debug, Clone)]
pub struct Tokens {
    /// The bearer token for API calls (about one hour).
    pub access_token: Sensitive<String>,
    /// The long-lived token that obtains new access tokens; goes to the keychain only. After a
    /// refresh it is the previous one when Google sent none (the normal case).
    pub refresh_token: Option<Sensitive<String>>,
    /// When to stop using `access_token`: Google's `expires_in` minus [`EXPIRY_SKEW`], from the
    /// client's clock at reception.
    pub expires_at: SystemTime,
    /// The scopes Google says it granted (space-split `scope`); empty when Google did not say.
    pub scopes: Vec<String>,
    /// The account's email, from the `id_token` when Google sent one.
    pub email: Option<String>,
    /// Google's stable account id (`sub`), from the `id_token` when Google sent one.
    pub subject: Option<String>,
}

impl Tokens {
    /// Whether the access token should be refreshed before use at `now`.
    pub fn is_expired(&self, now: SystemTime) -> bool {
        now >= self.expires_at
    }

    /// Whether the user left the Calendar scope ticked. When `false` the app must explain and
    /// ask again; the Calendar API would answer `403 insufficientPermissions` to everything.
    pub fn has_calendar_access(&self) -> bool {
        self.scopes.iter().any(|s| s == CALENDAR_SCOPE)
    }

    /// The account, when the `id_token` named it.
    pub fn account(&self) -> Option<Account> {
        Some(Account {
            email: self.email.clone()?,
            sub: self.subject.clone()?,
        })
    }
}

/// The Google account a set of tokens belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Account {
    /// The account's email address.
    pub email: String,
    /// Google's stable, never reused account id; key accounts on it, not on the email.
    pub sub: String,
}

/// The `id_token` field of Google's token response (OpenID Connect).
#[derive(Clone, Serialize, Deserialize)]
struct IdTokenField {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    id_token: Option<String>,
}

impl fmt::Debug for IdTokenField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("IdTokenField([redacted])")
    }
}

impl ExtraTokenFields for IdTokenField {}

type GoogleTokenResponse = StandardTokenResponse<IdTokenField, BasicTokenType>;

type Oauth2Client = oauth2::Client<
    BasicErrorResponse,
    GoogleTokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointSet,
>;

/// Google's OAuth endpoints for one installed-app client id.
#[derive(Clone)]
pub struct OAuthClient {
    inner: Oauth2Client,
    client_id: String,
    revoke: Url,
    userinfo: Url,
    http: reqwest::Client,
    clock: Arc<dyn Clock>,
}

impl fmt::Debug for OAuthClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuthClient")
            .field("client_id", &self.client_id)
            .field("revoke", &self.revoke.as_str())
            .field("userinfo", &self.userinfo.as_str())
            .finish_non_exhaustive()
    }
}

impl OAuthClient {
    /// A client for `endpoints` (refused unless every one is `https://`, or `http://127.0.0.1`).
    /// Its HTTP client follows no redirects, as `oauth2` requires against SSRF.
    pub fn new(
        endpoints: &Endpoints,
        client_id: String,
        client_secret: Sensitive<String>,
    ) -> Result<Self, EndpointError> {
        for url in [
            &endpoints.authorize,
            &endpoints.token,
            &endpoints.revoke,
            &endpoints.userinfo,
        ] {
            ensure_secure(url)?;
        }
        let inner = oauth2::Client::new(ClientId::new(client_id.clone()))
            .set_client_secret(ClientSecret::new(client_secret.into_inner()))
            .set_auth_type(AuthType::RequestBody)
            .set_auth_uri(AuthUrl::from_url(endpoints.authorize.clone()))
            .set_token_uri(TokenUrl::from_url(endpoints.token.clone()));
        let http = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(USER_AGENT)
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .build()
            .map_err(|e| EndpointError::Client(describe_reqwest(&e)))?;
        Ok(Self {
            inner,
            client_id,
            revoke: endpoints.revoke.clone(),
            userinfo: endpoints.userinfo.clone(),
            http,
            clock: Arc::new(SystemClock),
        })
    }

    /// Uses `clock` to compute [`Tokens::expires_at`] (tests use a fixed clock).
    pub fn with_clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// The client id this client presents.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// Builds the consent URL for one attempt: PKCE S256 with a fresh verifier, a fresh random
    /// `state`, [`SCOPES`], `access_type=offline`, `login_hint` to preselect the account when
    /// re-linking, and `prompt=consent` when `force_consent` (after `invalid_grant`, or to get the
    /// calendar box ticked again).
    pub fn authorization(
        &self,
        redirect_uri: &str,
        login_hint: Option<&str>,
        force_consent: bool,
    ) -> Result<Authorization, OAuthError> {
        let redirect = redirect_url(redirect_uri)?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let mut request = self
            .inner
            .authorize_url(CsrfToken::new_random)
            .set_redirect_uri(Cow::Owned(redirect))
            .add_scopes(SCOPES.iter().map(|s| Scope::new((*s).to_owned())))
            .set_pkce_challenge(challenge)
            .add_extra_param("access_type", "offline");
        if let Some(hint) = login_hint {
            request = request.add_extra_param("login_hint", hint.to_owned());
        }
        if force_consent {
            request = request.add_extra_param("prompt", "consent");
        }
        let (url, state) = request.url();
        Ok(Authorization {
            url,
            state: state.into_secret(),
            verifier: Sensitive::new(verifier.into_secret()),
            redirect_uri: redirect_uri.to_owned(),
        })
    }

    /// Trades the authorization code for tokens (`grant_type=authorization_code`), with the PKCE
    /// verifier and the redirect URI of the same attempt.
    pub async fn exchange(
        &self,
        code: &Sensitive<String>,
        verifier: &Sensitive<String>,
        redirect_uri: &str,
    ) -> Result<Tokens, OAuthError> {
        let redirect = redirect_url(redirect_uri)?;
        let http = self.http();
        let response = self
            .inner
            .exchange_code(AuthorizationCode::new(code.expose().clone()))
            .set_pkce_verifier(PkceCodeVerifier::new(verifier.expose().clone()))
            .set_redirect_uri(Cow::Owned(redirect))
            .request_async(&http)
            .await
            .map_err(from_token_error)?;
        Ok(self.tokens(response, None))
    }

    /// Obtains a new access token. Google normally sends no new refresh token: the given one is
    /// kept in the result. `invalid_grant` → [`OAuthError::InvalidGrant`]: forget the tokens and
    /// re-link with `force_consent`; do not retry.
    pub async fn refresh(&self, refresh_token: &Sensitive<String>) -> Result<Tokens, OAuthError> {
        let http = self.http();
        let response = self
            .inner
            .exchange_refresh_token(&RefreshToken::new(refresh_token.expose().clone()))
            .request_async(&http)
            .await
            .map_err(from_token_error)?;
        Ok(self.tokens(response, Some(refresh_token)))
    }

    /// Revokes a refresh or access token (either revokes the whole grant). A token Google already
    /// considers revoked or expired (`400 invalid_token`) counts as success, so unlinking always
    /// completes.
    pub async fn revoke(&self, token: &Sensitive<String>) -> Result<(), OAuthError> {
        let response = self
            .http
            .post(self.revoke.clone())
            .form(&[("token", token.expose().as_str())])
            .send()
            .await
            .map_err(|e| OAuthError::Network(describe_reqwest(&e)))?;
        let status = response.status();
        if status.is_success() {
            return Ok(());
        }
        let body = capped(response).await.unwrap_or_default();
        match oauth_error_body(&body) {
            Some((code, _)) if code == "invalid_token" => Ok(()),
            Some((code, description)) => Err(from_error_code(&code, description.as_deref())),
            None if status.is_server_error() => Err(OAuthError::Server(format!("HTTP {status}"))),
            None => Err(OAuthError::Other(format!(
                "revocation answered HTTP {status}"
            ))),
        }
    }

    /// The account behind an access token (OpenID Connect userinfo). Prefer
    /// [`Tokens::account`], which needs no request, when the `id_token` was present.
    pub async fn userinfo(&self, access_token: &Sensitive<String>) -> Result<Account, OAuthError> {
        let response = self
            .http
            .get(self.userinfo.clone())
            .bearer_auth(access_token.expose())
            .send()
            .await
            .map_err(|e| OAuthError::Network(describe_reqwest(&e)))?;
        let status = response.status();
        if status == reqwest::StatusCode::UNAUTHORIZED {
            return Err(OAuthError::Unauthorized);
        }
        if status.is_server_error() {
            return Err(OAuthError::Server(format!("HTTP {status}")));
        }
        if !status.is_success() {
            return Err(OAuthError::Other(format!(
                "userinfo answered HTTP {status}"
            )));
        }
        #[derive(Deserialize)]
        struct UserInfo {
            sub: String,
            email: Option<String>,
        }
        let body = capped(response).await.map_err(|e| match e {
            TransportError::Network(m) => OAuthError::Network(m),
            TransportError::Server(code) => OAuthError::Server(format!("HTTP {code}")),
        })?;
        let info: UserInfo = serde_json::from_slice(&body)
            .map_err(|_| OAuthError::Server("unreadable userinfo answer".into()))?;
        let email = info.email.ok_or_else(|| {
            OAuthError::Other(
                "Google did not share the account's email (scope email missing)".into(),
            )
        })?;
        Ok(Account {
            email,
            sub: info.sub,
        })
    }

    /// The `oauth2` crate's HTTP hook: one request on our reqwest client, 5xx and transport
    /// failures told apart, nothing of the request or body kept in errors.
    ///
    /// The HTTP adapter handed to `oauth2`. It owns a clone of the client (cheap: an `Arc`)
    /// rather than borrowing `self`, so its futures are `Send` for any lifetime — a future
    /// borrowing through a closure is not, and Tauri's commands require it.
    fn http(
        &self,
    ) -> impl Fn(HttpRequest) -> Pin<Box<dyn Future<Output = Result<HttpResponse, TransportError>> + Send>>
    {
        let client = self.http.clone();
        move |request| Box::pin(send(client.clone(), request))
    }

    fn tokens(
        &self,
        response: GoogleTokenResponse,
        previous: Option<&Sensitive<String>>,
    ) -> Tokens {
        let lifetime = response.expires_in().unwrap_or(DEFAULT_LIFETIME);
        let expires_at = self.clock.now() + lifetime.saturating_sub(EXPIRY_SKEW);
        let scopes = response
            .scopes()
            .map(|granted| granted.iter().map(|s| s.to_string()).collect())
            .unwrap_or_default();
        let claims = response
            .extra_fields()
            .id_token
            .as_deref()
            .and_then(|t| id_token::claims(t, &self.client_id));
        Tokens {
            access_token: Sensitive::new(response.access_token().secret().clone()),
            refresh_token: response
                .refresh_token()
                .map(|t| Sensitive::new(t.secret().clone()))
                .or_else(|| previous.cloned()),
            expires_at,
            scopes,
            email: claims.as_ref().and_then(|c| c.email.clone()),
            subject: claims.map(|c| c.sub),
        }
    }
}

fn redirect_url(redirect_uri: &str) -> Result<RedirectUrl, OAuthError> {
    RedirectUrl::new(redirect_uri.to_owned())
        .map_err(|_| OAuthError::Other(format!("{redirect_uri:?} is not a valid redirect URI")))
}

/// `{"error": "...", "error_description": "..."}`, if that is what the body is.
fn oauth_error_body(body: &[u8]) -> Option<(String, Option<String>)> {
    #[derive(Deserialize)]
    struct Body {
        error: String,
        error_description: Option<String>,
    }
    let b: Body = serde_json::from_slice(body).ok()?;
    Some((b.error, b.error_description))
}

#[cfg(test)]
mod tests;

async fn send(
    client: reqwest::Client,
    request: HttpRequest,
) -> Result<HttpResponse, TransportError> {
    let request = reqwest::Request::try_from(request)
        .map_err(|_| TransportError::Network("invalid request".into()))?;
    let response = client
        .execute(request)
        .await
        .map_err(|e| TransportError::Network(describe_reqwest(&e)))?;
    let status = response.status();
    let body = capped(response).await?;
    // A 5xx is a server failure whatever its body (an HTML page, or an OAuth-shaped
    // `server_error`): never a verdict on the grant.
    if status.is_server_error() {
        return Err(TransportError::Server(status.as_u16()));
    }
    let mut out = oauth2::http::Response::new(body.to_vec());
    *out.status_mut() = status;
    Ok(out)
}
