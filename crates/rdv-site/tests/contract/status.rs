//! `GET /status` and authentication (docs/booking-endpoint.md § Transport and authentication,
//! § Errors, § Status).

use crate::{SiteUnderTest, fresh_site};
use rdv_site::{RetryPolicy, SiteError};

#[tokio::test]
async fn status_names_the_site_and_the_contract_version() {
    let sb = fresh_site().await;
    let site = sb.client(RetryPolicy::fast());
    let status = site.status().await.unwrap();
    assert_eq!(status.site_url, sb.base_url(), "the site's own address");
    assert_eq!(status.api_version, rdv_sandbox::SITE_API_VERSION);
    assert!(status.is_compatible(), "the client speaks API 1.x");
    assert_eq!(status.time_zone, "Europe/Paris");
    let drift = (status.server_time - crate::support::now())
        .num_seconds()
        .abs();
    assert!(drift < 60, "the site's clock is reported ({drift} s off)");
    assert_eq!(site.requests_made(), 1);
}

#[tokio::test]
async fn application_passwords_are_compared_without_their_spaces() {
    let sb = fresh_site().await;
    let (user, password) = sb.credentials();
    let squeezed = password.replace(' ', "");
    let site = sb.client_as(&user, &squeezed, RetryPolicy::fast());
    site.status()
        .await
        .expect("WordPress ignores the spaces it displays");
}

#[tokio::test]
async fn a_wrong_password_or_user_is_unauthorized_at_once() {
    let sb = fresh_site().await;
    let (user, password) = sb.credentials();
    let site = sb.client_as(&user, "aaaa bbbb cccc dddd eeee ffff", RetryPolicy::fast());
    let err = site.status().await.unwrap_err();
    assert_eq!(
        err,
        SiteError::Unauthorized {
            code: "incorrect_password".into()
        }
    );
    assert!(!err.credentials_stripped(), "the credentials did arrive");
    assert!(
        !err.to_string().contains("aaaa"),
        "the message never quotes the password: {err}"
    );
    assert_eq!(site.requests_made(), 1, "a 401 is never retried");

    let stranger = sb.client_as("inconnu", &password, RetryPolicy::fast());
    assert_eq!(
        stranger.config().await.unwrap_err(),
        SiteError::Unauthorized {
            code: "invalid_username".into()
        }
    );
}

#[tokio::test]
async fn a_user_without_the_plugins_capability_is_forbidden() {
    let sb = fresh_site().await;
    sb.add_user("redacteur", "Abcd Efgh Ijkl Mnop Qrst Uvwx", false)
        .await;
    let site = sb.client_as(
        "redacteur",
        "Abcd Efgh Ijkl Mnop Qrst Uvwx",
        RetryPolicy::fast(),
    );
    let err = site.status().await.unwrap_err();
    assert!(
        matches!(&err, SiteError::Forbidden { code, .. } if code == "rest_forbidden"),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_site_without_the_plugin_is_told_apart_from_a_missing_booking() {
    let sb = fresh_site().await;
    let site = sb.client(RetryPolicy::fast());
    sb.set_plugin_active(false).await;
    let err = site.status().await.unwrap_err();
    assert!(
        err.plugin_missing(),
        "rest_no_route: the plugin is not there ({err:?})"
    );
    assert!(err.to_string().contains("plugin"), "{err}");
    sb.set_plugin_active(true).await;
    let err = site
        .cancel_booking("inconnu", &Default::default())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, SiteError::NotFound { code, .. } if code == "rdv_booking_not_found"),
        "{err:?}"
    );
    assert!(!err.plugin_missing());
}
