//! Google's OAuth 2.0 for installed apps, as google-oauth-desktop-notes.md describes it
//! ("What a fake authorization server must do"): authorization endpoint with loopback redirect,
//! PKCE S256 and state; token endpoint (code exchange, refresh); revocation; userinfo.
//! Plus a second, *web server* client (OAuth 2.0 for Web Server Applications): a client secret,
//! redirect URIs registered in advance (exact match), PKCE optional, and a refresh token only
//! with `access_type=offline` — the first time, or again with `prompt=consent`.

mod authorize;
mod token;

pub(crate) use authorize::{authorize, decision, escape};
pub(crate) use token::{bearer, revoke, token, userinfo};

use std::collections::HashMap;

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use serde_json::json;

use crate::world::World;

/// Google's identity scopes and the prefix of API scopes.
pub(crate) const SCOPE_PREFIX: &str = "https://www.googleapis.com/auth/";
pub(crate) const USERINFO_EMAIL: &str = "https://www.googleapis.com/auth/userinfo.email";
pub(crate) const USERINFO_PROFILE: &str = "https://www.googleapis.com/auth/userinfo.profile";
/// The issuer Google puts in id_tokens (and in the redirect's `iss`).
pub(crate) const ISSUER: &str = "https://accounts.google.com";
/// Access-token lifetime, as Google's `expires_in`.
pub(crate) const ACCESS_TTL_SECS: i64 = 3599;
/// Authorization-code lifetime.
pub(crate) const CODE_TTL_SECS: i64 = 600;

/// The two OAuth clients the sandbox knows, as in a Google Cloud console.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Client {
    /// The app: a Desktop-app client ([`crate::CLIENT_ID`]), loopback redirects, PKCE.
    Desktop,
    /// The booking site: a Web-application client ([`crate::WEB_CLIENT_ID`]), registered
    /// redirect URIs.
    Web,
}

impl Client {
    /// The client a `client_id` names.
    pub(crate) fn from_id(id: &str) -> Option<Self> {
        match id {
            crate::CLIENT_ID => Some(Self::Desktop),
            crate::WEB_CLIENT_ID => Some(Self::Web),
            _ => None,
        }
    }

    pub(crate) fn id(self) -> &'static str {
        match self {
            Self::Desktop => crate::CLIENT_ID,
            Self::Web => crate::WEB_CLIENT_ID,
        }
    }

    pub(crate) fn secret(self) -> &'static str {
        match self {
            Self::Desktop => crate::CLIENT_SECRET,
            Self::Web => crate::WEB_CLIENT_SECRET,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct AuthRequest {
    pub client: Client,
    pub redirect_uri: String,
    pub state: Option<String>,
    /// `None` only for the web client, which may skip PKCE.
    pub code_challenge: Option<String>,
    /// `access_type=offline` (the desktop client always gets a refresh token).
    pub offline: bool,
    /// `prompt` includes `consent`.
    pub prompt_consent: bool,
    pub requested: Vec<String>,
    pub login_hint: Option<String>,
}

#[derive(Debug, Clone)]
pub(crate) struct AuthCode {
    pub client: Client,
    pub email: String,
    pub redirect_uri: String,
    pub code_challenge: Option<String>,
    /// The exchange returns a refresh token (always for the desktop client).
    pub refresh: bool,
    pub scopes: Vec<String>,
    pub issued: DateTime<Utc>,
    pub used: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct AccessGrant {
    pub email: String,
    pub scopes: Vec<String>,
    pub expires_at: DateTime<Utc>,
    pub revoked: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct RefreshGrant {
    pub client: Client,
    pub email: String,
    pub scopes: Vec<String>,
    pub revoked: bool,
}

/// Every grant the sandbox has handed out.
#[derive(Debug, Default)]
pub(crate) struct OAuthStore {
    pub pending: HashMap<String, AuthRequest>,
    pub codes: HashMap<String, AuthCode>,
    pub access: HashMap<String, AccessGrant>,
    pub refresh: HashMap<String, RefreshGrant>,
    /// The redirect URIs registered for the web client (exact strings).
    pub web_redirects: std::collections::BTreeSet<String>,
}

/// The scopes granted for a request: `email`/`profile` become their `userinfo.*` URLs and bring
/// `openid` along (notes, step 3/4); order kept, duplicates dropped.
pub(crate) fn granted_scopes(requested: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let identity = requested
        .iter()
        .any(|s| matches!(s.as_str(), "openid" | "email" | "profile"));
    if identity {
        out.push("openid".into());
    }
    for s in requested {
        let s = match s.as_str() {
            "openid" => continue,
            "email" => USERINFO_EMAIL.to_owned(),
            "profile" => USERINFO_PROFILE.to_owned(),
            other => other.to_owned(),
        };
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// A scope as tests may write it: `calendar` → `https://www.googleapis.com/auth/calendar`.
#[cfg(feature = "testing")]
pub(crate) fn full_scope(s: &str) -> String {
    if s.contains("://") || matches!(s, "openid" | "email" | "profile") {
        s.to_owned()
    } else {
        format!("{SCOPE_PREFIX}{s}")
    }
}

pub(crate) fn has_scope(scopes: &[String], scope: &str) -> bool {
    scopes.iter().any(|s| s == scope)
}

impl World {
    /// Issues an access token, plus a new refresh token of `client` when `with_refresh` (a
    /// refresh grant answers without one, like Google; so does an online web grant).
    pub(crate) fn issue_tokens(
        &mut self,
        client: Client,
        email: &str,
        scopes: Vec<String>,
        with_refresh: bool,
    ) -> (String, Option<String>) {
        let refresh_token = with_refresh.then(crate::ids::refresh_token);
        if let Some(r) = &refresh_token {
            self.oauth.refresh.insert(
                r.clone(),
                RefreshGrant {
                    client,
                    email: email.to_owned(),
                    scopes: scopes.clone(),
                    revoked: false,
                },
            );
        }
        let access = crate::ids::access_token();
        self.oauth.access.insert(
            access.clone(),
            AccessGrant {
                email: email.to_owned(),
                scopes,
                expires_at: self.now() + chrono::Duration::seconds(ACCESS_TTL_SECS),
                revoked: false,
            },
        );
        (access, refresh_token)
    }

    /// Whether `email` already holds a live refresh token of `client` (Google then returns no
    /// new one for a web client unless the consent is prompted again).
    pub(crate) fn has_refresh_grant(&self, client: Client, email: &str) -> bool {
        self.oauth
            .refresh
            .values()
            .any(|g| g.client == client && g.email == email && !g.revoked)
    }

    /// The live grant behind an access token.
    pub(crate) fn access_grant(&self, token: &str) -> Option<&AccessGrant> {
        self.oauth
            .access
            .get(token)
            .filter(|g| !g.revoked && g.expires_at > self.now())
    }

    /// An id_token: an RS256-shaped JWT with a dummy signature (clients decode it without
    /// verifying, as Google's OIDC page allows for tokens fresh from the token endpoint).
    pub(crate) fn id_token(&self, client: Client, email: &str, scopes: &[String]) -> String {
        let account = self.accounts.get(email);
        let now = self.now().timestamp();
        let mut claims = json!({
            "iss": ISSUER,
            "azp": client.id(),
            "aud": client.id(),
            "sub": account.map(|a| a.sub.clone()).unwrap_or_default(),
            "iat": now,
            "exp": now + 3600,
        });
        if has_scope(scopes, USERINFO_EMAIL) {
            claims["email"] = json!(email);
            claims["email_verified"] = json!(true);
        }
        if has_scope(scopes, USERINFO_PROFILE)
            && let Some(a) = account
        {
            claims["name"] = json!(a.display_name);
        }
        let header = json!({"alg": "RS256", "kid": "rdv-sandbox", "typ": "JWT"});
        format!(
            "{}.{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(claims.to_string()),
            URL_SAFE_NO_PAD.encode("rdv-sandbox-unsigned"),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_granted_as_userinfo_email_with_openid() {
        // google-oauth-desktop-notes.md step 3/4: `email` comes back expanded + openid.
        let granted = granted_scopes(&[
            "email".into(),
            "https://www.googleapis.com/auth/calendar".into(),
        ]);
        assert_eq!(
            granted,
            [
                "openid",
                USERINFO_EMAIL,
                "https://www.googleapis.com/auth/calendar"
            ]
        );
    }

    #[test]
    fn short_scope_names_are_completed() {
        assert_eq!(
            full_scope("calendar.events"),
            format!("{SCOPE_PREFIX}calendar.events")
        );
        assert_eq!(full_scope("openid"), "openid");
    }
}
