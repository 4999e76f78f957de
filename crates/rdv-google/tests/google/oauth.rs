//! Linking an account: the whole installed-app flow against the sandbox's OAuth endpoints.

use crate::{calendar_client, endpoints, oauth_client, sandbox};
use rdv_core::Sensitive;
use rdv_google::calendar::{CalendarError, RetryPolicy};
use rdv_google::oauth::{Authorization, LoopbackListener, OAuthClient, OAuthError, Tokens};
use rdv_sandbox::{CLIENT_ID, Consent, PRACTITIONER};
use std::time::{Duration, SystemTime};

/// What the system browser does: follow Google's 302 to our loopback listener and show its page.
fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::limited(5))
        .build()
        .unwrap()
}

/// Starts an attempt: the listener waits while the "browser" visits `url`. Returns the
/// listener's result and the final page (status, HTML).
async fn visit(
    listener: LoopbackListener,
    state: &str,
    url: &str,
) -> (Result<Sensitive<String>, OAuthError>, u16, String) {
    let state = state.to_owned();
    let waiting = tokio::spawn(async move { listener.wait(&state, Duration::from_secs(10)).await });
    let page = browser()
        .get(url)
        .send()
        .await
        .expect("the browser reaches the pages");
    let status = page.status().as_u16();
    let html = page.text().await.unwrap_or_default();
    (waiting.await.unwrap(), status, html)
}

/// The complete flow up to tokens.
async fn link(client: &OAuthClient) -> (Authorization, Tokens) {
    let listener = LoopbackListener::bind().unwrap();
    let auth = client
        .authorization(&listener.redirect_uri(), Some(PRACTITIONER), true)
        .unwrap();
    let (code, status, html) = visit(listener, &auth.state, auth.url.as_str()).await;
    assert_eq!(status, 200, "the browser ends on our page");
    assert!(html.contains("Vous pouvez fermer cet onglet et revenir à RDV Compagnon."));
    let code = code.expect("the listener got the code");
    let tokens = client
        .exchange(&code, &auth.verifier, &auth.redirect_uri)
        .await
        .expect("the code is exchanged");
    (auth, tokens)
}

#[tokio::test]
async fn the_consent_flow_links_the_account_and_its_tokens_reach_the_calendar() {
    let sb = sandbox(Consent::Approve(PRACTITIONER.into())).await;
    let client = oauth_client(&sb);
    let (_, tokens) = link(&client).await;

    assert!(tokens.has_calendar_access(), "granted: {:?}", tokens.scopes);
    assert!(
        tokens.refresh_token.is_some(),
        "installed apps always get a refresh token"
    );
    assert!(tokens.expires_at > SystemTime::now() + Duration::from_secs(3000));
    let account = tokens.account().expect("the id_token names the account");
    assert_eq!(account.email, PRACTITIONER);
    assert_eq!(
        client.userinfo(&tokens.access_token).await.unwrap(),
        account,
        "userinfo and the id_token agree"
    );
    let calendars = calendar_client(&sb, RetryPolicy::fast())
        .calendar_list(&tokens.access_token)
        .await
        .unwrap();
    assert!(
        calendars
            .iter()
            .any(|c| c.is_primary() && c.id.as_deref() == Some(PRACTITIONER))
    );
}

#[tokio::test]
async fn a_code_is_single_use_and_bound_to_its_verifier() {
    let sb = sandbox(Consent::Approve(PRACTITIONER.into())).await;
    let client = oauth_client(&sb);
    let listener = LoopbackListener::bind().unwrap();
    let auth = client
        .authorization(&listener.redirect_uri(), None, false)
        .unwrap();
    let (code, _, _) = visit(listener, &auth.state, auth.url.as_str()).await;
    let code = code.unwrap();
    let wrong = Sensitive::new("x".repeat(43));
    let e = client
        .exchange(&code, &wrong, &auth.redirect_uri)
        .await
        .unwrap_err();
    assert!(
        matches!(e, OAuthError::InvalidGrant(_)),
        "PKCE mismatch: {e:?}"
    );
    let e = client
        .exchange(&code, &auth.verifier, &auth.redirect_uri)
        .await
        .unwrap_err();
    assert!(
        matches!(e, OAuthError::InvalidGrant(_)),
        "a consumed code: {e:?}"
    );
}

#[tokio::test]
async fn refusing_consent_is_reported_as_denied() {
    let sb = sandbox(Consent::Deny).await;
    let client = oauth_client(&sb);
    let listener = LoopbackListener::bind().unwrap();
    let auth = client
        .authorization(&listener.redirect_uri(), None, false)
        .unwrap();
    let (result, status, html) = visit(listener, &auth.state, auth.url.as_str()).await;
    assert_eq!(result.unwrap_err(), OAuthError::Denied);
    assert_eq!(status, 200);
    assert!(
        html.contains("refusé"),
        "the user is told, in French: {html}"
    );
}

#[tokio::test]
async fn a_redirect_with_another_state_is_refused() {
    let sb = sandbox(Consent::Approve(PRACTITIONER.into())).await;
    let client = oauth_client(&sb);
    let listener = LoopbackListener::bind().unwrap();
    let auth = client
        .authorization(&listener.redirect_uri(), None, false)
        .unwrap();
    // A forged authorization request: same client and redirect, attacker's state.
    let mut forged = auth.url.clone();
    let pairs: Vec<(String, String)> = auth
        .url
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == "state" {
                "forged-state".into()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    forged.query_pairs_mut().clear().extend_pairs(pairs);
    let (result, status, _) = visit(listener, &auth.state, forged.as_str()).await;
    assert_eq!(result.unwrap_err(), OAuthError::StateMismatch);
    assert_eq!(status, 400);
}

#[tokio::test]
async fn refresh_renews_the_access_token_and_keeps_the_refresh_token() {
    let sb = sandbox(Consent::Approve(PRACTITIONER.into())).await;
    let client = oauth_client(&sb);
    let (_, tokens) = link(&client).await;
    let refresh = tokens.refresh_token.clone().unwrap();
    sb.control().expire_access_tokens();
    let calendar = calendar_client(&sb, RetryPolicy::fast());
    assert_eq!(
        calendar
            .calendar_list(&tokens.access_token)
            .await
            .unwrap_err(),
        CalendarError::Unauthorized,
        "an expired access token is a 401 the caller answers with one refresh"
    );
    let renewed = client.refresh(&refresh).await.unwrap();
    assert_ne!(renewed.access_token.expose(), tokens.access_token.expose());
    assert_eq!(
        renewed.refresh_token.as_ref(),
        Some(&refresh),
        "Google sent none: kept"
    );
    calendar.calendar_list(&renewed.access_token).await.unwrap();
}

#[tokio::test]
async fn a_revoked_grant_needs_reconnection() {
    let sb = sandbox(Consent::Approve(PRACTITIONER.into())).await;
    let issued = sb
        .control()
        .issue_tokens(PRACTITIONER, &["openid", "email", "calendar"]);
    sb.control().revoke_refresh_tokens(PRACTITIONER);
    let e = oauth_client(&sb)
        .refresh(&Sensitive::new(issued.refresh_token))
        .await
        .unwrap_err();
    assert!(matches!(e, OAuthError::InvalidGrant(_)), "{e:?}");
    assert!(e.to_string().contains("reconnexion nécessaire"));
}

#[tokio::test]
async fn revoking_ends_the_grant_and_revoking_twice_is_fine() {
    let sb = sandbox(Consent::Approve(PRACTITIONER.into())).await;
    let client = oauth_client(&sb);
    let (_, tokens) = link(&client).await;
    let refresh = tokens.refresh_token.unwrap();
    client.revoke(&refresh).await.unwrap();
    assert!(matches!(
        client.refresh(&refresh).await,
        Err(OAuthError::InvalidGrant(_))
    ));
    client
        .revoke(&refresh)
        .await
        .expect("already revoked (400 invalid_token) counts as done");
}

#[tokio::test]
async fn a_wrong_client_secret_is_an_invalid_client() {
    let sb = sandbox(Consent::Approve(PRACTITIONER.into())).await;
    let issued = sb.control().issue_tokens(PRACTITIONER, &["calendar"]);
    let client = OAuthClient::new(
        &endpoints(&sb),
        CLIENT_ID.to_owned(),
        Sensitive::new("wrong".to_owned()),
    )
    .unwrap();
    let e = client
        .refresh(&Sensitive::new(issued.refresh_token))
        .await
        .unwrap_err();
    assert!(matches!(e, OAuthError::InvalidClient(_)), "{e:?}");
}

#[tokio::test]
async fn token_endpoint_outages_are_told_apart_from_a_revoked_grant() {
    let sb = sandbox(Consent::Approve(PRACTITIONER.into())).await;
    let issued = sb.control().issue_tokens(PRACTITIONER, &["calendar"]);
    let refresh = Sensitive::new(issued.refresh_token);
    let client = oauth_client(&sb);
    sb.control().inject(rdv_sandbox::Fault::new(
        "/token",
        rdv_sandbox::FaultKind::DropConnection,
    ));
    assert!(matches!(
        client.refresh(&refresh).await,
        Err(OAuthError::Network(_))
    ));
    sb.control().inject(rdv_sandbox::Fault::new(
        "/token",
        rdv_sandbox::FaultKind::Status {
            status: 503,
            reason: "backendError".into(),
        },
    ));
    let e = client.refresh(&refresh).await.unwrap_err();
    assert!(
        matches!(e, OAuthError::Server(_)),
        "an outage never reads as invalid_grant: {e:?}"
    );
    client
        .refresh(&refresh)
        .await
        .expect("works again afterwards");
}
