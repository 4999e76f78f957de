use super::*;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rdv_http::testing::{Reply, TestServer};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::collections::HashMap;

const CLIENT_ID: &str = "123-test.apps.googleusercontent.com";
const NOW: Duration = Duration::from_secs(1_800_000_000);

struct FixedClock;
impl Clock for FixedClock {
    fn now(&self) -> SystemTime {
        SystemTime::UNIX_EPOCH + NOW
    }
}

fn client(base: &str) -> OAuthClient {
    OAuthClient::new(
        &Endpoints::under(base).unwrap(),
        CLIENT_ID.into(),
        Sensitive::new("GOCSPX-secret".into()),
    )
    .unwrap()
    .with_clock(Arc::new(FixedClock))
}

fn s256(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn form(body: &str) -> HashMap<String, String> {
    url::form_urlencoded::parse(body.as_bytes())
        .into_owned()
        .collect()
}

#[test]
fn the_s256_helper_matches_rfc_7636_appendix_b() {
    assert_eq!(
        s256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    );
}

#[test]
fn the_consent_url_carries_pkce_s256_state_scopes_and_the_redirect() {
    let c = client("https://accounts.example/");
    let auth = c
        .authorization("http://127.0.0.1:53117", Some("dr.durand@example.fr"), true)
        .unwrap();
    let q: HashMap<String, String> = auth.url.query_pairs().into_owned().collect();
    assert_eq!(auth.url.path(), "/o/oauth2/v2/auth");
    assert_eq!(q["client_id"], CLIENT_ID);
    assert_eq!(q["response_type"], "code");
    assert_eq!(q["redirect_uri"], "http://127.0.0.1:53117");
    assert_eq!(
        q["scope"], "openid email https://www.googleapis.com/auth/calendar",
        "every scope up front: installed apps get no incremental authorization"
    );
    assert_eq!(q["code_challenge_method"], "S256");
    assert_eq!(
        q["code_challenge"],
        s256(auth.verifier.expose()),
        "the challenge is SHA-256 of the verifier we keep"
    );
    assert_eq!(q["state"], auth.state);
    assert_eq!(q["access_type"], "offline");
    assert_eq!(q["prompt"], "consent");
    assert_eq!(q["login_hint"], "dr.durand@example.fr");
    let v = auth.verifier.expose();
    assert!(
        (43..=128).contains(&v.len())
            && v.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-._~".contains(&b)),
        "RFC 7636 verifier alphabet and length"
    );
    assert!(auth.state.len() >= 16, "the state is unguessable");
    assert!(
        !format!("{auth:?}").contains(v),
        "the verifier never prints"
    );
}

#[test]
fn each_attempt_gets_a_fresh_state_and_verifier_and_no_prompt_unless_forced() {
    let c = client("https://accounts.example/");
    let a = c.authorization("http://127.0.0.1:1", None, false).unwrap();
    let b = c.authorization("http://127.0.0.1:1", None, false).unwrap();
    assert_ne!(a.state, b.state);
    assert_ne!(a.verifier.expose(), b.verifier.expose());
    assert!(
        !a.url
            .query_pairs()
            .any(|(k, _)| k == "prompt" || k == "login_hint")
    );
}

#[test]
fn insecure_endpoints_are_refused() {
    let mut e = Endpoints::google();
    e.token = Url::parse("http://oauth2.example/token").unwrap();
    assert!(matches!(
        OAuthClient::new(&e, "x".into(), Sensitive::new("y".into())),
        Err(EndpointError::Insecure(_))
    ));
}

#[tokio::test]
async fn the_exchange_posts_code_verifier_secret_and_redirect_and_reads_the_id_token() {
    let id_token = id_token::encode_for_tests(&json!({
        "iss": "https://accounts.google.com", "aud": CLIENT_ID,
        "sub": "110169484474386276334", "email": "dr.durand@example.fr", "email_verified": true
    }));
    let server = TestServer::start(vec![Reply::json(
        200,
        json!({
            "access_token": "ya29.access", "expires_in": 3599, "token_type": "Bearer",
            "scope": "openid https://www.googleapis.com/auth/userinfo.email https://www.googleapis.com/auth/calendar",
            "refresh_token": "1//refresh", "id_token": id_token, "unknown_field": 1
        })
        .to_string(),
    )])
    .await;
    let tokens = client(&server.base)
        .exchange(
            &Sensitive::new("4/0Axx".into()),
            &Sensitive::new("verifier-123".into()),
            "http://127.0.0.1:5555",
        )
        .await
        .unwrap();
    assert_eq!(tokens.access_token.expose(), "ya29.access");
    assert_eq!(
        tokens.refresh_token.as_ref().unwrap().expose(),
        "1//refresh"
    );
    assert_eq!(
        tokens.expires_at,
        SystemTime::UNIX_EPOCH + NOW + Duration::from_secs(3599) - EXPIRY_SKEW
    );
    assert!(tokens.has_calendar_access());
    assert_eq!(
        tokens.account(),
        Some(Account {
            email: "dr.durand@example.fr".into(),
            sub: "110169484474386276334".into()
        })
    );
    let printed = format!("{tokens:?}");
    assert!(
        !printed.contains("ya29") && !printed.contains("1//"),
        "{printed}"
    );

    let sent = &server.requests()[0];
    assert_eq!(sent.method, "POST");
    assert_eq!(sent.target, "/token");
    let f = form(&sent.body);
    assert_eq!(f["grant_type"], "authorization_code");
    assert_eq!(
        f["code"], "4/0Axx",
        "the code is sent as received, encoded once by the form"
    );
    assert_eq!(f["code_verifier"], "verifier-123");
    assert_eq!(f["redirect_uri"], "http://127.0.0.1:5555");
    assert_eq!(f["client_id"], CLIENT_ID);
    assert_eq!(
        f["client_secret"], "GOCSPX-secret",
        "Google requires it, in the body"
    );
    assert!(sent.header("authorization").is_none(), "no Basic auth");
}

#[tokio::test]
async fn a_refresh_keeps_the_old_refresh_token_when_google_sends_none() {
    let server = TestServer::start(vec![Reply::json(
        200,
        r#"{"access_token":"ya29.new","expires_in":3599,"token_type":"Bearer","scope":"https://www.googleapis.com/auth/calendar"}"#,
    )])
    .await;
    let old = Sensitive::new("1//old".to_string());
    let tokens = client(&server.base).refresh(&old).await.unwrap();
    assert_eq!(tokens.access_token.expose(), "ya29.new");
    assert_eq!(tokens.refresh_token.unwrap().expose(), "1//old");
    assert_eq!(tokens.email, None, "no id_token on refresh");
    let f = form(&server.requests()[0].body);
    assert_eq!(f["grant_type"], "refresh_token");
    assert_eq!(f["refresh_token"], "1//old");
    assert_eq!(f["client_secret"], "GOCSPX-secret");
}

#[tokio::test]
async fn token_endpoint_errors_map_without_leaking_anything() {
    let server = TestServer::start(vec![
        Reply::json(
            400,
            r#"{"error":"invalid_grant","error_description":"Token has been expired or revoked."}"#,
        ),
        Reply::json(
            401,
            r#"{"error":"invalid_client","error_description":"The OAuth client was not found."}"#,
        ),
        Reply::Http(503, vec![], "<html>unavailable</html>".into()),
        Reply::json(
            200,
            r#"{"access_token":"ya29.LEAK","token_type":"Bearer","expires_in":"soon"}"#,
        ),
    ])
    .await;
    let c = client(&server.base);
    let rt = Sensitive::new("1//secret-refresh".to_string());
    let e = c.refresh(&rt).await.unwrap_err();
    assert!(matches!(e, OAuthError::InvalidGrant(_)), "{e:?}");
    assert!(matches!(
        c.refresh(&rt).await,
        Err(OAuthError::InvalidClient(_))
    ));
    assert!(matches!(c.refresh(&rt).await, Err(OAuthError::Server(_))));
    let e = c.refresh(&rt).await.unwrap_err();
    assert!(matches!(e, OAuthError::Server(_)), "{e:?}");
    assert!(
        !e.to_string().contains("LEAK"),
        "a malformed body is never quoted: {e}"
    );
}

#[tokio::test]
async fn an_unreachable_token_endpoint_is_a_network_error() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let c = client(&format!("http://127.0.0.1:{port}/"));
    let e = c.refresh(&Sensitive::new("1//x".into())).await.unwrap_err();
    assert!(matches!(e, OAuthError::Network(_)), "{e:?}");
}

#[tokio::test]
async fn revoke_posts_the_token_and_treats_invalid_token_as_done() {
    let server = TestServer::start(vec![
        Reply::Http(200, vec![], String::new()),
        Reply::json(
            400,
            r#"{"error":"invalid_token","error_description":"Token expired or revoked"}"#,
        ),
        Reply::json(
            400,
            r#"{"error":"invalid_request","error_description":"Bad Request"}"#,
        ),
    ])
    .await;
    let c = client(&server.base);
    let t = Sensitive::new("1//r".to_string());
    c.revoke(&t).await.unwrap();
    c.revoke(&t)
        .await
        .expect("already revoked counts as success");
    assert!(matches!(c.revoke(&t).await, Err(OAuthError::Other(_))));
    let sent = &server.requests()[0];
    assert_eq!(
        (sent.method.as_str(), sent.target.as_str()),
        ("POST", "/revoke")
    );
    assert_eq!(form(&sent.body)["token"], "1//r");
}

#[tokio::test]
async fn userinfo_reads_sub_and_email_with_the_bearer_token() {
    let server = TestServer::start(vec![
        Reply::json(
            200,
            r#"{"sub":"42","email":"a@b.fr","email_verified":true,"name":"A"}"#,
        ),
        Reply::json(401, r#"{"error":"invalid_token"}"#),
    ])
    .await;
    let c = client(&server.base);
    let t = Sensitive::new("ya29.x".to_string());
    assert_eq!(
        c.userinfo(&t).await.unwrap(),
        Account {
            email: "a@b.fr".into(),
            sub: "42".into()
        }
    );
    assert_eq!(c.userinfo(&t).await.unwrap_err(), OAuthError::Unauthorized);
    let sent = &server.requests()[0];
    assert_eq!(sent.target, "/v1/userinfo");
    assert_eq!(sent.header("authorization"), Some("Bearer ya29.x"));
}

#[tokio::test]
async fn an_oversized_token_or_userinfo_answer_is_refused_as_it_is_read() {
    let huge = format!(
        r#"{{"access_token":"ya29.x","expires_in":3599,"token_type":"Bearer","padding":"{}"}}"#,
        "a".repeat(MAX_OAUTH_BODY)
    );
    let server = TestServer::start(vec![Reply::json(200, huge.clone())]).await;
    let err = client(&server.base)
        .refresh(&Sensitive::new("1//old".into()))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, OAuthError::Network(m) if m.contains("larger than")),
        "{err:?}"
    );

    let server = TestServer::start(vec![Reply::json(200, huge)]).await;
    let err = client(&server.base)
        .userinfo(&Sensitive::new("ya29.x".into()))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, OAuthError::Network(m) if m.contains("larger than")),
        "{err:?}"
    );
}
