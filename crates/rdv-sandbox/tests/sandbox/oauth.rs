//! OAuth 2.0 for installed apps: google-oauth-desktop-notes.md and samples/oauth-google.json.

use base64::Engine;
use rdv_sandbox::{CLIENT_ID, CLIENT_SECRET, Consent, WEB_CLIENT_ID, WEB_CLIENT_SECRET};
use serde_json::Value;

use crate::support::*;

const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
const REDIRECT: &str = "http://127.0.0.1:53117";
const SCOPE: &str = "openid email https://www.googleapis.com/auth/calendar";

fn auth_url(env: &Env, extra: &[(&str, &str)]) -> String {
    let mut params: Vec<(&str, &str)> = vec![
        ("client_id", CLIENT_ID),
        ("redirect_uri", REDIRECT),
        ("response_type", "code"),
        ("scope", SCOPE),
        ("code_challenge", CHALLENGE),
        ("code_challenge_method", "S256"),
        ("state", "af0ifjsldkj"),
        ("access_type", "offline"),
        ("prompt", "consent"),
    ];
    for (k, v) in extra {
        params.retain(|(pk, _)| pk != k);
        if !v.is_empty() {
            params.push((k, v));
        }
    }
    let mut url = url::Url::parse(&env.url("o/oauth2/v2/auth")).unwrap();
    url.query_pairs_mut().extend_pairs(params);
    url.to_string()
}

/// The redirect's query, decoded once.
fn redirect_params(location: &str) -> Vec<(String, String)> {
    url::Url::parse(location)
        .unwrap()
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn param<'a>(params: &'a [(String, String)], name: &str) -> Option<&'a str> {
    params
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

async fn authorize(env: &Env, extra: &[(&str, &str)]) -> Resp {
    into_resp(env.http.get(auth_url(env, extra)).send().await.unwrap()).await
}

/// Runs the approved flow and returns the decoded code.
async fn code_for(env: &Env, email: &str) -> String {
    env.control.set_consent(Consent::Approve(email.into()));
    let r = authorize(env, &[]).await;
    assert_eq!(r.status, 302);
    let params = redirect_params(r.header("location").unwrap());
    param(&params, "code").unwrap().to_owned()
}

async fn token_post(env: &Env, form: &[(&str, &str)]) -> Resp {
    let r = env
        .http
        .post(env.url("token"))
        .form(form)
        .send()
        .await
        .unwrap();
    into_resp(r).await
}

async fn exchange(env: &Env, code: &str) -> Resp {
    token_post(
        env,
        &[
            ("code", code),
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
            ("code_verifier", VERIFIER),
            ("redirect_uri", REDIRECT),
            ("grant_type", "authorization_code"),
        ],
    )
    .await
}

fn assert_oauth_error(r: &Resp, status: u16, error: &str, description: &str) {
    assert_eq!(r.status, status, "{}", r.text);
    assert_eq!(
        r.body,
        serde_json::json!({"error": error, "error_description": description}),
        "the body is exactly Google's {{error, error_description}}"
    );
}

fn jwt_claims(id_token: &str) -> Value {
    let payload = id_token
        .split('.')
        .nth(1)
        .expect("header.payload.signature");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

/// google-oauth-desktop-notes.md steps 2–5: loopback redirect with `state`, `code` (`4/0A…`,
/// percent-encoded once), granted `scope` with `email` expanded, `iss`, `authuser`, `prompt`;
/// the exchange with the RFC 7636 appendix B pair returns Google's token response with an
/// id_token whose claims name the account.
#[tokio::test]
async fn the_pkce_flow_returns_googles_redirect_and_token_response() {
    let env = start().await;
    env.control.add_account(A, "Alice Praticienne");
    env.control.set_consent(Consent::Approve(A.into()));
    let r = authorize(&env, &[]).await;
    assert_eq!(r.status, 302, "Approve redirects at once");
    let location = r.header("location").unwrap();
    assert!(
        location.starts_with("http://127.0.0.1:53117/?"),
        "{location}"
    );
    assert!(
        location.contains("code=4%2F0A"),
        "the code's '/' arrives encoded once: {location}"
    );
    assert!(
        location.contains("scope=email%20openid"),
        "spaces as %20: {location}"
    );
    let params = redirect_params(location);
    assert_eq!(
        param(&params, "state"),
        Some("af0ifjsldkj"),
        "state is echoed"
    );
    assert_eq!(param(&params, "iss"), Some("https://accounts.google.com"));
    assert_eq!(param(&params, "authuser"), Some("0"));
    assert_eq!(param(&params, "prompt"), Some("consent"));
    let scope = param(&params, "scope").unwrap();
    for s in [
        "openid",
        "https://www.googleapis.com/auth/userinfo.email",
        "https://www.googleapis.com/auth/calendar",
    ] {
        assert!(scope.split(' ').any(|x| x == s), "{s} granted in {scope}");
    }
    let code = param(&params, "code").unwrap();
    assert!(code.starts_with("4/0A"));

    let t = exchange(&env, code).await;
    assert_eq!(t.status, 200, "{}", t.text);
    let b = &t.body;
    assert!(b["access_token"].as_str().unwrap().starts_with("ya29."));
    assert!(b["refresh_token"].as_str().unwrap().starts_with("1//"));
    assert_eq!(b["expires_in"], 3599);
    assert_eq!(b["token_type"], "Bearer");
    assert_eq!(
        b["scope"],
        "openid https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/calendar",
        "the shape of samples/oauth-google.json token_response_authorization_code"
    );
    let claims = jwt_claims(b["id_token"].as_str().unwrap());
    assert_eq!(claims["iss"], "https://accounts.google.com");
    assert_eq!(claims["aud"], CLIENT_ID);
    assert_eq!(claims["email"], A);
    assert_eq!(claims["email_verified"], true);
    assert_eq!(claims["sub"].as_str().unwrap().len(), 21);

    let cal = env
        .get(b["access_token"].as_str().unwrap(), "users/me/calendarList")
        .await;
    assert_eq!(cal.status, 200, "the access token opens the Calendar API");
}

/// google-oauth-desktop-notes.md "Client type and secrets": client_secret_basic (the `oauth2`
/// crate's default) is accepted as well as client_secret_post.
#[tokio::test]
async fn client_secret_basic_is_accepted() {
    let env = start().await;
    let code = code_for(&env, A).await;
    let r = env
        .http
        .post(env.url("token"))
        .basic_auth(CLIENT_ID, Some(CLIENT_SECRET))
        .form(&[
            ("code", code.as_str()),
            ("code_verifier", VERIFIER),
            ("redirect_uri", REDIRECT),
            ("grant_type", "authorization_code"),
        ])
        .send()
        .await
        .unwrap();
    let r = into_resp(r).await;
    assert_eq!(r.status, 200, "{}", r.text);
}

/// The consent page (Consent::Page): French, lists the accounts, *Autoriser* posts back and
/// redirects with a code, `login_hint` preselects the account.
#[tokio::test]
async fn the_consent_page_lets_the_user_pick_an_account_and_autoriser() {
    let env = start().await;
    env.control.add_account(A, "Alice Praticienne");
    env.control.add_account(B, "Bob Secrétaire");
    let page = authorize(&env, &[("login_hint", B)]).await;
    assert_eq!(page.status, 200);
    for text in [
        "Autoriser",
        "Refuser",
        "Alice Praticienne",
        B,
        "lang=\"fr\"",
    ] {
        assert!(page.text.contains(text), "the page shows {text}");
    }
    assert!(
        page.text.contains(&format!("value=\"{B}\" checked")),
        "login_hint preselects the account"
    );
    let request = page
        .text
        .split("name=\"request\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    let r = env
        .http
        .post(env.url("o/oauth2/v2/auth/decision"))
        .form(&[
            ("request", request.as_str()),
            ("account", B),
            ("decision", "allow"),
        ])
        .send()
        .await
        .unwrap();
    let r = into_resp(r).await;
    assert_eq!(r.status, 302);
    let params = redirect_params(r.header("location").unwrap());
    assert_eq!(param(&params, "state"), Some("af0ifjsldkj"));
    let t = exchange(&env, param(&params, "code").unwrap()).await;
    assert_eq!(jwt_claims(t.body["id_token"].as_str().unwrap())["email"], B);

    let again = env
        .http
        .post(env.url("o/oauth2/v2/auth/decision"))
        .form(&[
            ("request", request.as_str()),
            ("account", B),
            ("decision", "allow"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 400, "a consent request is answered once");
}

/// google-oauth-desktop-notes.md step 3/4: a refusal redirects with `error=access_denied` and
/// the same `state` — from the page's *Refuser* and from Consent::Deny.
#[tokio::test]
async fn refusing_redirects_with_access_denied_and_the_state() {
    let env = start().await;
    env.control.add_account(A, "Alice");
    let page = authorize(&env, &[]).await;
    let request = page
        .text
        .split("name=\"request\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_owned();
    let r = env
        .http
        .post(env.url("o/oauth2/v2/auth/decision"))
        .form(&[
            ("request", request.as_str()),
            ("account", A),
            ("decision", "deny"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 302);
    let loc = r.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(
        loc,
        "http://127.0.0.1:53117/?error=access_denied&state=af0ifjsldkj"
    );

    env.control.set_consent(Consent::Deny);
    let r = authorize(&env, &[]).await;
    assert_eq!(
        r.header("location"),
        Some("http://127.0.0.1:53117/?error=access_denied&state=af0ifjsldkj")
    );
}

/// google-oauth-desktop-notes.md step 2 and "What a fake authorization server must do":
/// unknown client (401 invalid_client), non-loopback or OOB redirect, wrong response_type,
/// missing PKCE or a non-S256 method are shown as an error page, never redirected.
#[tokio::test]
async fn bad_authorization_requests_get_an_error_page_not_a_redirect() {
    let env = start().await;
    env.control.set_consent(Consent::Approve(A.into()));
    type Case<'a> = (&'a [(&'a str, &'a str)], u16, &'a str);
    let cases: &[Case] = &[
        (
            &[("client_id", "someone-else.apps.googleusercontent.com")],
            401,
            "invalid_client",
        ),
        (
            &[("redirect_uri", "https://example.com/cb")],
            400,
            "redirect_uri_mismatch",
        ),
        (
            &[("redirect_uri", "urn:ietf:wg:oauth:2.0:oob")],
            400,
            "invalid_request",
        ),
        (
            &[("response_type", "token")],
            400,
            "unsupported_response_type",
        ),
        (&[("code_challenge", "")], 400, "invalid_request"),
        (
            &[("code_challenge_method", "plain")],
            400,
            "invalid_request",
        ),
        (
            &[("scope", "https://www.googleapis.com/auth/nope!")],
            400,
            "invalid_scope",
        ),
    ];
    for (extra, status, error) in cases {
        let r = authorize(&env, extra).await;
        assert_eq!(r.status, *status, "{extra:?}");
        assert!(
            r.header("location").is_none(),
            "{extra:?} must not redirect"
        );
        assert!(r.text.contains(error), "{extra:?} names {error}");
    }
    for ok in ["http://[::1]:8080/cb", "http://localhost:54219"] {
        let r = authorize(&env, &[("redirect_uri", ok)]).await;
        assert_eq!(r.status, 302, "{ok} is a loopback redirect, any port");
    }
}

/// google-oauth-desktop-notes.md "Client type and secrets" and the token-endpoint error table:
/// no secret → 400 invalid_request "client_secret is missing."; wrong secret → 401
/// invalid_client "Unauthorized"; unknown client → 401 "The OAuth client was not found.".
#[tokio::test]
async fn the_token_endpoint_requires_the_client_secret() {
    let env = start().await;
    let code = code_for(&env, A).await;
    let base = [
        ("code", code.as_str()),
        ("code_verifier", VERIFIER),
        ("redirect_uri", REDIRECT),
        ("grant_type", "authorization_code"),
    ];
    let mut form = base.to_vec();
    form.push(("client_id", CLIENT_ID));
    assert_oauth_error(
        &token_post(&env, &form).await,
        400,
        "invalid_request",
        "client_secret is missing.",
    );
    form.push(("client_secret", "not-it"));
    assert_oauth_error(
        &token_post(&env, &form).await,
        401,
        "invalid_client",
        "Unauthorized",
    );
    let mut form = base.to_vec();
    form.push(("client_id", "other.apps.googleusercontent.com"));
    form.push(("client_secret", CLIENT_SECRET));
    assert_oauth_error(
        &token_post(&env, &form).await,
        401,
        "invalid_client",
        "The OAuth client was not found.",
    );
    let r = token_post(
        &env,
        &[
            ("grant_type", "password"),
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
        ],
    )
    .await;
    assert_eq!(
        (r.status, r.body["error"].as_str()),
        (400, Some("unsupported_grant_type"))
    );
    assert_eq!(
        exchange(&env, &code).await.status,
        200,
        "those failures did not consume the code"
    );
}

/// google-oauth-desktop-notes.md token errors: a reused code → 400 invalid_grant "Bad Request";
/// a double-encoded code → "Malformed auth code.".
#[tokio::test]
async fn an_authorization_code_works_once() {
    let env = start().await;
    let code = code_for(&env, A).await;
    assert_eq!(exchange(&env, &code).await.status, 200);
    assert_oauth_error(
        &exchange(&env, &code).await,
        400,
        "invalid_grant",
        "Bad Request",
    );
    let code = code_for(&env, A).await;
    let double = code.replace('/', "%2F");
    assert_oauth_error(
        &exchange(&env, &double).await,
        400,
        "invalid_grant",
        "Malformed auth code.",
    );
}

/// google-oauth-desktop-notes.md: a verifier from another attempt → 400 invalid_grant
/// "Invalid code verifier."
#[tokio::test]
async fn a_wrong_code_verifier_is_invalid_grant() {
    let env = start().await;
    let code = code_for(&env, A).await;
    let r = token_post(
        &env,
        &[
            ("code", code.as_str()),
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
            (
                "code_verifier",
                "another-verifier-of-at-least-forty-three-characters-x",
            ),
            ("redirect_uri", REDIRECT),
            ("grant_type", "authorization_code"),
        ],
    )
    .await;
    assert_oauth_error(&r, 400, "invalid_grant", "Invalid code verifier.");
}

/// google-oauth-desktop-notes.md step 5: `redirect_uri` must be identical to step 2 → else 400
/// redirect_uri_mismatch.
#[tokio::test]
async fn the_redirect_uri_must_match_exactly() {
    let env = start().await;
    let code = code_for(&env, A).await;
    let r = token_post(
        &env,
        &[
            ("code", code.as_str()),
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
            ("code_verifier", VERIFIER),
            ("redirect_uri", "http://127.0.0.1:53117/"),
            ("grant_type", "authorization_code"),
        ],
    )
    .await;
    assert_oauth_error(&r, 400, "redirect_uri_mismatch", "Bad Request");
}

/// google-oauth-desktop-notes.md "What a fake authorization server must do" 2: short TTL
/// (~10 min) — checked with the sandbox clock, no sleep.
#[tokio::test]
async fn an_authorization_code_expires_after_ten_minutes() {
    let env = start().await;
    let code = code_for(&env, A).await;
    env.control
        .advance_time(std::time::Duration::from_secs(601));
    assert_oauth_error(
        &exchange(&env, &code).await,
        400,
        "invalid_grant",
        "Bad Request",
    );
}

/// google-oauth-desktop-notes.md "Refresh": a new access token, no new refresh token; the new
/// token works. After `revoke_refresh_tokens` → 400 invalid_grant "Token has been expired or
/// revoked."
#[tokio::test]
async fn refresh_gives_a_new_access_token_until_the_refresh_token_is_revoked() {
    let env = start().await;
    let tokens = env
        .control
        .issue_tokens(A, &["openid", "email", "calendar"]);
    let form = [
        ("client_id", CLIENT_ID),
        ("client_secret", CLIENT_SECRET),
        ("refresh_token", tokens.refresh_token.as_str()),
        ("grant_type", "refresh_token"),
    ];
    let r = token_post(&env, &form).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(
        r.body.get("refresh_token").is_none(),
        "no new refresh token (sample token_response_refresh)"
    );
    assert_eq!(
        keys(&r.body),
        keys(&sample("oauth-google.json")["token_response_refresh"]["body"])
    );
    let access = r.body["access_token"].as_str().unwrap();
    assert_ne!(access, tokens.access_token);
    assert_eq!(env.get(access, "users/me/calendarList").await.status, 200);

    env.control.revoke_refresh_tokens(A);
    assert_oauth_error(
        &token_post(&env, &form).await,
        400,
        "invalid_grant",
        "Token has been expired or revoked.",
    );
}

/// google-oauth-desktop-notes.md "Revocation": 200, then 400 invalid_token "Token expired or
/// revoked"; revoking the access token revokes the refresh token too (and the API says 401).
#[tokio::test]
async fn revoking_a_token_ends_the_whole_grant() {
    let env = start().await;
    let tokens = env.control.issue_tokens(A, &["calendar"]);
    let revoke = |t: String| {
        let env = &env;
        async move {
            into_resp(
                env.http
                    .post(env.url("revoke"))
                    .form(&[("token", t)])
                    .send()
                    .await
                    .unwrap(),
            )
            .await
        }
    };
    assert_eq!(revoke(tokens.access_token.clone()).await.status, 200);
    assert_oauth_error(
        &revoke(tokens.access_token.clone()).await,
        400,
        "invalid_token",
        "Token expired or revoked",
    );
    let r = token_post(
        &env,
        &[
            ("client_id", CLIENT_ID),
            ("client_secret", CLIENT_SECRET),
            ("refresh_token", tokens.refresh_token.as_str()),
            ("grant_type", "refresh_token"),
        ],
    )
    .await;
    assert_oauth_error(
        &r,
        400,
        "invalid_grant",
        "Token has been expired or revoked.",
    );
    let api = env.get(&tokens.access_token, "users/me/calendarList").await;
    assert_eq!(api.status, 401);
}

/// google-oauth-desktop-notes.md step 5 (userinfo): `sub` always, `email`/`email_verified` with
/// the email scope, `name` with profile; a bad token → 401.
#[tokio::test]
async fn userinfo_answers_by_granted_scope() {
    let env = start().await;
    env.control.add_account(A, "Alice Praticienne");
    let userinfo = |t: String| {
        let env = &env;
        async move {
            into_resp(
                env.http
                    .get(env.url("v1/userinfo"))
                    .bearer_auth(t)
                    .send()
                    .await
                    .unwrap(),
            )
            .await
        }
    };
    let r = userinfo(
        env.control
            .issue_tokens(A, &["openid", "email"])
            .access_token,
    )
    .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["email"], A);
    assert_eq!(r.body["email_verified"], true);
    assert_eq!(r.body["sub"].as_str().unwrap().len(), 21);
    assert!(r.body.get("name").is_none(), "name needs the profile scope");
    let r = userinfo(
        env.control
            .issue_tokens(A, &["openid", "email", "profile"])
            .access_token,
    )
    .await;
    assert_eq!(r.body["name"], "Alice Praticienne");
    assert_eq!(r.body["given_name"], "Alice");
    assert_eq!(r.body["family_name"], "Praticienne");
    let r = userinfo("ya29.unknown".into()).await;
    assert_eq!(r.status, 401);
}

/// google-oauth-desktop-notes.md "Refresh-token lifetime rules": access tokens last ~1 hour,
/// then the Calendar API answers 401 authError (body of errors-calendar.json 401_authError);
/// `expire_access_tokens` forces it at once.
#[tokio::test]
async fn expired_access_tokens_get_401_auth_error() {
    let env = start().await;
    let t = env.token(A);
    assert_eq!(env.get(&t, "users/me/calendarList").await.status, 200);
    env.control.expire_access_tokens();
    let r = env.get(&t, "users/me/calendarList").await;
    assert_eq!(r.status, 401);
    assert_eq!(r.body, error_sample("401_authError"));
    assert!(
        r.header("www-authenticate")
            .is_some_and(|h| h.starts_with("Bearer"))
    );

    let t = env.token(A);
    env.control
        .advance_time(std::time::Duration::from_secs(3600));
    assert_eq!(
        env.get(&t, "users/me/calendarList").await.status,
        401,
        "3599 s later"
    );
}

// ---- The web server client (the booking site's): OAuth 2.0 for Web Server Applications,
// https://developers.google.com/identity/protocols/oauth2/web-server (cited in
// google-oauth-desktop-notes.md's sources).

const SITE_CALLBACK: &str =
    "http://127.0.0.1:8080/wp-admin/admin-post.php?action=rdv_compagnon_google_callback";

/// Web-server flow, step 1 parameters: no PKCE (optional for a confidential client).
fn web_auth_url(env: &Env, redirect: &str, access_type: &str) -> String {
    let mut url = url::Url::parse(&env.url("o/oauth2/v2/auth")).unwrap();
    url.query_pairs_mut().extend_pairs([
        ("client_id", WEB_CLIENT_ID),
        ("redirect_uri", redirect),
        ("response_type", "code"),
        (
            "scope",
            "openid email https://www.googleapis.com/auth/calendar.events",
        ),
        ("state", "nonce-123"),
        ("access_type", access_type),
        ("prompt", "consent"),
    ]);
    url.to_string()
}

async fn web_code(env: &Env, access_type: &str) -> String {
    env.control.set_consent(Consent::Approve(A.into()));
    let r = into_resp(
        env.http
            .get(web_auth_url(env, SITE_CALLBACK, access_type))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 302, "{}", r.text);
    let location = r.header("location").unwrap();
    assert!(location.starts_with(SITE_CALLBACK), "{location}");
    let params = redirect_params(location);
    assert_eq!(param(&params, "state"), Some("nonce-123"));
    param(&params, "code").unwrap().to_owned()
}

async fn web_exchange(env: &Env, code: &str, secret: Option<&str>) -> Resp {
    let mut form = vec![
        ("code", code),
        ("client_id", WEB_CLIENT_ID),
        ("redirect_uri", SITE_CALLBACK),
        ("grant_type", "authorization_code"),
    ];
    if let Some(s) = secret {
        form.push(("client_secret", s));
    }
    token_post(env, &form).await
}

/// Web-server doc, step 5 "Exchange authorization code for refresh and access tokens": the
/// client_secret is required; with `access_type=offline` the answer holds a refresh token,
/// which refreshes (doc "Refreshing an access token (offline access)") until the user revokes
/// the grant (doc "Revoking a token") → `invalid_grant`.
#[tokio::test]
async fn the_web_client_gets_a_refresh_token_offline_with_its_secret() {
    let env = start().await;
    env.control.register_web_redirect(SITE_CALLBACK);
    let code = web_code(&env, "offline").await;
    assert_oauth_error(
        &web_exchange(&env, &code, None).await,
        400,
        "invalid_request",
        "client_secret is missing.",
    );
    let code = web_code(&env, "offline").await;
    assert_oauth_error(
        &web_exchange(&env, &code, Some(CLIENT_SECRET)).await,
        401,
        "invalid_client",
        "Unauthorized",
    );
    let code = web_code(&env, "offline").await;
    let r = web_exchange(&env, &code, Some(WEB_CLIENT_SECRET)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    let refresh = r.body["refresh_token"]
        .as_str()
        .expect("offline → refresh token");
    assert_eq!(
        jwt_claims(r.body["id_token"].as_str().unwrap())["aud"],
        WEB_CLIENT_ID,
        "the id_token is addressed to the web client"
    );
    let access = r.body["access_token"].as_str().unwrap();
    let events = format!("calendars/{}/events", enc(A));
    assert_eq!(env.get(access, &events).await.status, 200);

    let form = [
        ("client_id", WEB_CLIENT_ID),
        ("client_secret", WEB_CLIENT_SECRET),
        ("refresh_token", refresh),
        ("grant_type", "refresh_token"),
    ];
    assert_eq!(token_post(&env, &form).await.status, 200);
    let desktop_form = [
        ("client_id", CLIENT_ID),
        ("client_secret", CLIENT_SECRET),
        ("refresh_token", refresh),
        ("grant_type", "refresh_token"),
    ];
    assert_eq!(
        token_post(&env, &desktop_form).await.body["error"],
        "invalid_grant",
        "a refresh token belongs to the client it was issued to"
    );

    let revoked = env
        .http
        .post(env.url("revoke"))
        .form(&[("token", refresh)])
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status(), 200);
    assert_oauth_error(
        &token_post(&env, &form).await,
        400,
        "invalid_grant",
        "Token has been expired or revoked.",
    );
}

/// Web-server doc, `access_type`: "online" is the default, and only "offline" makes the first
/// exchange return a refresh token.
#[tokio::test]
async fn an_online_web_grant_has_no_refresh_token() {
    let env = start().await;
    env.control.register_web_redirect(SITE_CALLBACK);
    let code = web_code(&env, "online").await;
    let r = web_exchange(&env, &code, Some(WEB_CLIENT_SECRET)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(r.body.get("refresh_token").is_none(), "{}", r.text);
}

/// Web-server doc, `prompt`/refresh tokens: a web client gets a refresh token the first time the
/// user grants offline access; a later authorization returns one only with `prompt=consent`.
#[tokio::test]
async fn a_second_offline_grant_needs_prompt_consent_for_a_refresh_token() {
    let env = start().await;
    env.control.register_web_redirect(SITE_CALLBACK);
    let code = web_code(&env, "offline").await;
    let first = web_exchange(&env, &code, Some(WEB_CLIENT_SECRET)).await;
    assert!(first.body["refresh_token"].is_string(), "{}", first.text);

    env.control.set_consent(Consent::Approve(A.into()));
    let without_prompt =
        web_auth_url(&env, SITE_CALLBACK, "offline").replace("&prompt=consent", "");
    assert!(!without_prompt.contains("prompt="));
    let r = into_resp(env.http.get(without_prompt).send().await.unwrap()).await;
    let params = redirect_params(r.header("location").unwrap());
    let again = web_exchange(
        &env,
        param(&params, "code").unwrap(),
        Some(WEB_CLIENT_SECRET),
    )
    .await;
    assert_eq!(again.status, 200, "{}", again.text);
    assert!(again.body.get("refresh_token").is_none(), "{}", again.text);

    let code = web_code(&env, "offline").await;
    let prompted = web_exchange(&env, &code, Some(WEB_CLIENT_SECRET)).await;
    assert!(
        prompted.body["refresh_token"].is_string(),
        "prompt=consent: a new one"
    );
}

/// Web-server doc, `redirect_uri`: it "must exactly match one of the authorized redirect URIs
/// for the OAuth 2.0 client, which you configured in the API Console" — else Google shows
/// `Error 400: redirect_uri_mismatch` on its own page and does not redirect.
#[tokio::test]
async fn an_unregistered_web_redirect_is_redirect_uri_mismatch() {
    let env = start().await;
    env.control.set_consent(Consent::Approve(A.into()));
    let send = |redirect: &str| env.http.get(web_auth_url(&env, redirect, "offline")).send();
    let r = into_resp(send(SITE_CALLBACK).await.unwrap()).await;
    assert_eq!(r.status, 400);
    assert!(r.header("location").is_none());
    assert!(r.text.contains("redirect_uri_mismatch"), "{}", r.text);

    env.control.register_web_redirect(SITE_CALLBACK);
    let other_port = SITE_CALLBACK.replace(":8080", ":8081");
    let r = into_resp(send(&other_port).await.unwrap()).await;
    assert_eq!(
        r.status, 400,
        "a loopback URI is not enough for a web client"
    );
    assert!(r.text.contains("redirect_uri_mismatch"));
    assert_eq!(
        into_resp(send(SITE_CALLBACK).await.unwrap()).await.status,
        302
    );
}

/// The consent page works for the web client as for the app: *Autoriser* redirects to the
/// registered callback with a code the web client exchanges.
#[tokio::test]
async fn the_consent_page_serves_the_web_client() {
    let env = start().await;
    env.control.add_account(A, "Alice Praticienne");
    env.control.register_web_redirect(SITE_CALLBACK);
    let page = into_resp(
        env.http
            .get(web_auth_url(&env, SITE_CALLBACK, "offline"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(page.status, 200);
    let id = page
        .text
        .split("name=\"request\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_owned();
    let r = into_resp(
        env.http
            .post(env.url("o/oauth2/v2/auth/decision"))
            .form(&[
                ("request", id.as_str()),
                ("decision", "allow"),
                ("account", A),
            ])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, 302);
    let params = redirect_params(r.header("location").unwrap());
    let code = param(&params, "code").unwrap();
    let r = web_exchange(&env, code, Some(WEB_CLIENT_SECRET)).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(r.body["refresh_token"].is_string());
}

/// `Control::mint_web_refresh_token` hands the site a refresh token of the web client without a
/// browser; it refreshes with the web secret and stops at `revoke_refresh_tokens`.
#[tokio::test]
async fn a_minted_web_refresh_token_refreshes_until_revoked() {
    let env = start().await;
    let refresh = env
        .control
        .mint_web_refresh_token(A, &["openid", "email", "calendar.events"]);
    let form = [
        ("client_id", WEB_CLIENT_ID),
        ("client_secret", WEB_CLIENT_SECRET),
        ("refresh_token", refresh.as_str()),
        ("grant_type", "refresh_token"),
    ];
    let r = token_post(&env, &form).await;
    assert_eq!(r.status, 200, "{}", r.text);
    assert!(
        r.body["scope"]
            .as_str()
            .unwrap()
            .contains("https://www.googleapis.com/auth/calendar.events")
    );
    env.control.revoke_refresh_tokens(A);
    assert_eq!(token_post(&env, &form).await.body["error"], "invalid_grant");
}
