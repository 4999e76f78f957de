//! `POST /token`, `POST /revoke`, `GET /v1/userinfo` (google-oauth-desktop-notes.md steps 5,
//! refresh, revocation; samples/oauth-google.json for every answer).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{ACCESS_TTL_SECS, CODE_TTL_SECS, Client, USERINFO_EMAIL, USERINFO_PROFILE, has_scope};
use crate::error::{OAuthError, json_body};
use crate::query::Query;
use crate::world::{Shared, World};

fn ok_json(body: Value) -> Response {
    let mut r = (StatusCode::OK, json_body(&body, true)).into_response();
    let h = r.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("no-cache, no-store, max-age=0, must-revalidate"),
    );
    r
}

/// Client credentials from `Authorization: Basic` (client_secret_basic, what the `oauth2` crate
/// sends by default) or from the form (client_secret_post).
fn client_credentials(headers: &HeaderMap, form: &Query) -> (Option<String>, Option<String>) {
    let basic = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Basic ")
                .or_else(|| v.strip_prefix("basic "))
        })
        .and_then(|b| STANDARD.decode(b.trim()).ok())
        .and_then(|b| String::from_utf8(b).ok());
    if let Some(pair) = basic {
        let (id, secret) = pair.split_once(':').unwrap_or((&pair, ""));
        let decode = |s: &str| {
            url::form_urlencoded::parse(format!("v={s}").as_bytes())
                .next()
                .map(|(_, v)| v.into_owned())
                .unwrap_or_default()
        };
        let secret = decode(secret);
        return (Some(decode(id)), (!secret.is_empty()).then_some(secret));
    }
    (
        form.get("client_id").map(str::to_owned),
        form.get("client_secret")
            .filter(|s| !s.is_empty())
            .map(str::to_owned),
    )
}

/// RFC 7636: `BASE64URL-NOPAD(SHA256(verifier))`.
pub(crate) fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// `POST /token`.
pub(crate) async fn token(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let form = Query::parse(std::str::from_utf8(&body).ok());
    let mut world = shared.lock();
    match exchange(&mut world, &headers, &form) {
        Ok(v) => ok_json(v),
        Err(e) => e.into_response(),
    }
}

fn exchange(world: &mut World, headers: &HeaderMap, form: &Query) -> Result<Value, OAuthError> {
    let grant_type = form.get("grant_type").ok_or_else(|| {
        OAuthError::new(
            400,
            "invalid_request",
            "Missing required parameter: grant_type",
        )
    })?;
    if !matches!(grant_type, "authorization_code" | "refresh_token") {
        return Err(OAuthError::new(
            400,
            "unsupported_grant_type",
            &format!("Invalid grant_type: {grant_type}"),
        ));
    }
    let (client_id, secret) = client_credentials(headers, form);
    let client = match client_id.as_deref() {
        None => {
            return Err(OAuthError::new(
                400,
                "invalid_request",
                "Could not determine client ID from request.",
            ));
        }
        Some(id) => Client::from_id(id).ok_or_else(|| {
            OAuthError::new(401, "invalid_client", "The OAuth client was not found.")
        })?,
    };
    match secret.as_deref() {
        None => {
            return Err(OAuthError::new(
                400,
                "invalid_request",
                "client_secret is missing.",
            ));
        }
        Some(s) if s != client.secret() => {
            return Err(OAuthError::new(401, "invalid_client", "Unauthorized"));
        }
        _ => {}
    }
    if grant_type == "refresh_token" {
        return refresh(world, client, form);
    }
    let code = form.get("code").ok_or_else(|| {
        OAuthError::new(400, "invalid_request", "Missing required parameter: code")
    })?;
    if code.contains('%') {
        return Err(OAuthError::invalid_grant("Malformed auth code."));
    }
    let now = world.now();
    let grant = match world.oauth.codes.get_mut(code) {
        Some(c) if !c.used && (now - c.issued).num_seconds() < CODE_TTL_SECS => {
            c.used = true;
            c.clone()
        }
        Some(c) => {
            c.used = true;
            return Err(OAuthError::invalid_grant("Bad Request"));
        }
        None => return Err(OAuthError::invalid_grant("Bad Request")),
    };
    if grant.client != client {
        // A code is bound to the client it was issued to.
        return Err(OAuthError::invalid_grant("Unauthorized"));
    }
    if form.get("redirect_uri") != Some(grant.redirect_uri.as_str()) {
        return Err(OAuthError::new(400, "redirect_uri_mismatch", "Bad Request"));
    }
    if let Some(challenge) = &grant.code_challenge {
        let verifier = form
            .get("code_verifier")
            .ok_or_else(|| OAuthError::invalid_grant("Missing code verifier."))?;
        if s256(verifier) != *challenge {
            return Err(OAuthError::invalid_grant("Invalid code verifier."));
        }
    }
    let (access, refresh) =
        world.issue_tokens(client, &grant.email, grant.scopes.clone(), grant.refresh);
    let mut body = json!({
        "access_token": access,
        "expires_in": ACCESS_TTL_SECS,
        "scope": grant.scopes.join(" "),
        "token_type": "Bearer",
    });
    if let Some(refresh) = refresh {
        body["refresh_token"] = json!(refresh);
    }
    if has_scope(&grant.scopes, "openid") {
        body["id_token"] = json!(world.id_token(client, &grant.email, &grant.scopes));
    }
    Ok(body)
}

fn refresh(world: &mut World, client: Client, form: &Query) -> Result<Value, OAuthError> {
    let token = form.get("refresh_token").ok_or_else(|| {
        OAuthError::new(
            400,
            "invalid_request",
            "Missing required parameter: refresh_token",
        )
    })?;
    let grant = world
        .oauth
        .refresh
        .get(token)
        .filter(|g| !g.revoked)
        .cloned()
        .ok_or_else(OAuthError::expired_or_revoked)?;
    if grant.client != client {
        return Err(OAuthError::invalid_grant("Unauthorized"));
    }
    let (access, _) = world.issue_tokens(client, &grant.email, grant.scopes.clone(), false);
    Ok(json!({
        "access_token": access,
        "expires_in": ACCESS_TTL_SECS,
        "scope": grant.scopes.join(" "),
        "token_type": "Bearer",
    }))
}

/// `POST /revoke` (form `token=…`, or `?token=`): 200; an unknown or already revoked token →
/// 400 `invalid_token`. Revocation removes the whole grant of that account (every access and
/// refresh token), as Google documents.
pub(crate) async fn revoke(State(shared): State<Arc<Shared>>, uri: Uri, body: Bytes) -> Response {
    let form = Query::parse(std::str::from_utf8(&body).ok());
    let query = Query::parse(uri.query());
    let Some(token) = form.get("token").or_else(|| query.get("token")) else {
        return OAuthError::new(400, "invalid_request", "Missing required parameter: token")
            .into_response();
    };
    let mut world = shared.lock();
    let now = world.now();
    let email = match (
        world.oauth.access.get(token),
        world.oauth.refresh.get(token),
    ) {
        (Some(a), _) if !a.revoked && a.expires_at > now => Some(a.email.clone()),
        (_, Some(r)) if !r.revoked => Some(r.email.clone()),
        _ => None,
    };
    let Some(email) = email else {
        return OAuthError::new(400, "invalid_token", "Token expired or revoked").into_response();
    };
    for a in world.oauth.access.values_mut().filter(|a| a.email == email) {
        a.revoked = true;
    }
    for r in world
        .oauth
        .refresh
        .values_mut()
        .filter(|r| r.email == email)
    {
        r.revoked = true;
    }
    ok_json(json!({}))
}

/// `GET /v1/userinfo`: `sub` always, `email`/`email_verified` with the email scope,
/// `name`/`given_name`/`family_name` with the profile scope.
pub(crate) async fn userinfo(
    State(shared): State<Arc<Shared>>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let world = shared.lock();
    let token = bearer(&headers).or_else(|| {
        Query::parse(uri.query())
            .get("access_token")
            .map(str::to_owned)
    });
    let Some(grant) = token.as_deref().and_then(|t| world.access_grant(t)) else {
        let mut r = OAuthError::new(401, "invalid_request", "Invalid Credentials").into_response();
        r.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static(
                "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"",
            ),
        );
        return r;
    };
    let account = world.accounts.get(&grant.email);
    let mut body = json!({ "sub": account.map(|a| a.sub.clone()).unwrap_or_default() });
    if has_scope(&grant.scopes, USERINFO_EMAIL) {
        body["email"] = json!(grant.email);
        body["email_verified"] = json!(true);
    }
    if has_scope(&grant.scopes, USERINFO_PROFILE)
        && let Some(a) = account
    {
        body["name"] = json!(a.display_name);
        let mut parts = a.display_name.rsplitn(2, ' ');
        let family = parts.next().unwrap_or("");
        let given = parts.next().unwrap_or("");
        body["given_name"] = json!(given);
        body["family_name"] = json!(family);
    }
    ok_json(body)
}

/// The bearer token of a request.
pub(crate) fn bearer(headers: &HeaderMap) -> Option<String> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = v.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s256_matches_the_rfc_7636_test_vector() {
        // google-oauth-desktop-notes.md step 1 (RFC 7636 appendix B).
        assert_eq!(
            s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }
}
