//! The Google account: linking it (OAuth 2.0 for installed apps, loopback redirect + PKCE),
//! keeping its refresh token in the OS keychain, renewing access tokens before they expire,
//! noticing when Google refuses the grant (*reconnexion nécessaire*), and unlinking.
//!
//! Scopes (see `rdv_google::oauth::SCOPES`): `openid email` to show which account is linked, and
//! the full `calendar` scope — sharing (ACL insert/patch/delete) needs `calendar` or
//! `calendar.acls`, and a secretary edits events on calendars shared with them, which the
//! narrower `calendar.events.owned` does not cover; with granular consent each narrow scope could
//! be unticked separately, so one scope that covers the product is also the clearer request.

use crate::ipc::AccountState;
use crate::{App, AppError};
use rdv_core::Sensitive;
use rdv_core::ports::SecretKey;
use rdv_google::Endpoints;
use rdv_google::oauth::{LoopbackListener, OAuthClient, OAuthError};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// How long the user has to finish on Google's page.
pub const CONSENT_TIMEOUT: Duration = Duration::from_secs(5 * 60);

/// The OAuth client of a Google Cloud "Desktop app" (not confidential: see README).
#[derive(Clone)]
pub struct GoogleClientConfig {
    /// `….apps.googleusercontent.com`.
    pub client_id: String,
    /// The desktop client's secret (Google requires it even though it cannot be kept secret).
    pub client_secret: Sensitive<String>,
}

impl std::fmt::Debug for GoogleClientConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GoogleClientConfig")
            .field("client_id", &self.client_id)
            .finish_non_exhaustive()
    }
}

/// Where Google is and who we are to it: the real service, or the embedded sandbox.
pub(crate) struct Connection {
    pub(crate) endpoints: Endpoints,
    pub(crate) oauth: OAuthClient,
    /// The in-process sandbox in demo mode (kept alive as long as the session).
    pub(crate) sandbox: Option<rdv_sandbox::Sandbox>,
}

/// The linked account while the app runs.
pub(crate) struct Session {
    pub(crate) connection: Connection,
    pub(crate) email: String,
    pub(crate) access: Option<(Sensitive<String>, SystemTime)>,
}

impl Session {
    pub(crate) fn demo(&self) -> bool {
        self.connection.sandbox.is_some() || self.connection.endpoints.token.scheme() == "http"
    }
}

pub(crate) const EMAIL: &str = "account.email";
pub(crate) const DEMO: &str = "account.demo";
pub(crate) const RECONNECT: &str = "account.reconnect";
pub(crate) const SANDBOX_URL: &str = "account.sandboxUrl";

/// The settings that belong to this computer rather than to the linked account, kept when the
/// account is unlinked or replaced: the interface language, the lock delay, the lock's wrong
/// attempts and the wait they earned (unlinking must not reset them), and the reminder
/// preferences (the lock PIN lives in the keychain and stays too). Everything else — the
/// account, sync, site, retention and reminder-state settings — goes with the account.
pub const DEVICE_SETTINGS: [&str; 5] = [
    rdv_store::LANGUAGE_KEY,
    crate::lock::DELAY,
    crate::lock::FAILURES,
    crate::lock::BLOCKED_UNTIL,
    crate::reminders::PREFS,
];

/// The keychain entry of an account's refresh token.
pub(crate) fn refresh_key(email: &str, demo: bool) -> SecretKey {
    let prefix = if demo {
        "demo.refresh-token"
    } else {
        "google.refresh-token"
    };
    SecretKey::new(format!("{prefix}:{email}"))
}

impl App {
    /// The account state, from the store (no network).
    pub fn account_state(&self) -> Result<AccountState, AppError> {
        let Some(email) = self.store.setting(EMAIL)? else {
            return Ok(AccountState::None);
        };
        let demo = self.store.setting(DEMO)?.as_deref() == Some("1");
        Ok(if self.store.setting(RECONNECT)?.as_deref() == Some("1") {
            AccountState::ReconnectNeeded { email, demo }
        } else {
            AccountState::Linked { email, demo }
        })
    }

    fn publish_account(&self) {
        match self.account_state() {
            Ok(state) => self.sink.account_state(&state),
            Err(e) => tracing::warn!(error = %e, "cannot read the account state"),
        }
    }

    /// *Lier mon compte Google* (and *Reconnecter*): the browser flow against Google.
    pub fn link_google_account(&self) -> crate::Task<'_, Result<AccountState, AppError>> {
        Box::pin(self.link_google_account_inner())
    }

    async fn link_google_account_inner(&self) -> Result<AccountState, AppError> {
        self.ensure_unlocked()?;
        let config = self.google.clone().ok_or(AppError::NotConfigured)?;
        let endpoints = Endpoints::google();
        let oauth = OAuthClient::new(&endpoints, config.client_id, config.client_secret)
            .map_err(AppError::internal)?;
        let browser = self.browser.clone();
        self.link(
            Connection {
                endpoints,
                oauth,
                sandbox: None,
            },
            browser,
        )
        .await
    }

    /// *Essayer le mode démo*: starts the embedded sandbox (a stand-in for Google with a
    /// practitioner's realistic data) and links its demo account through the same OAuth code.
    /// The sandbox plays Google's consent page too, approving at once (see [`crate::demo`]).
    pub fn start_demo(&self) -> crate::Task<'_, Result<AccountState, AppError>> {
        Box::pin(self.start_demo_inner())
    }

    async fn start_demo_inner(&self) -> Result<AccountState, AppError> {
        let (connection, browser) = crate::demo::connect(self.clock.now()).await?;
        self.link(connection, browser).await
    }

    /// Cancels a linking waiting for the browser.
    pub fn cancel_linking(&self) {
        if let Some(cancel) = self.linking.lock().expect("linking lock").take() {
            let _ = cancel.send(());
        }
    }

    pub(crate) async fn link_with(
        &self,
        connection: Connection,
        browser: Arc<dyn crate::ports::Browser>,
    ) -> Result<AccountState, AppError> {
        self.link(connection, browser).await
    }

    async fn link(
        &self,
        connection: Connection,
        browser: Arc<dyn crate::ports::Browser>,
    ) -> Result<AccountState, AppError> {
        // Fail before the browser dance if the tokens could not be kept.
        use crate::ipc::KeychainStatus;
        use rdv_core::ports::SecretStoreError;
        match self.keychain_status() {
            KeychainStatus::Available => {}
            KeychainStatus::Locked { message } => {
                return Err(SecretStoreError::Locked(message).into());
            }
            KeychainStatus::Unavailable { message } => {
                return Err(SecretStoreError::Unavailable(message).into());
            }
        }
        let previous = self.account_state()?;
        let (hint, relink) = match &previous {
            AccountState::ReconnectNeeded { email, .. } => (Some(email.clone()), true),
            AccountState::Linked { email, .. } => (Some(email.clone()), false),
            _ => (None, false),
        };
        let result = self
            .run_consent(&connection, browser, hint.as_deref(), relink)
            .await;
        let (email, refresh, access) = match result {
            Ok(done) => done,
            Err(e) => {
                self.sink.account_state(&previous);
                return Err(e);
            }
        };
        let demo = connection.sandbox.is_some() || connection.endpoints.token.scheme() == "http";
        // Another account than before: forget the previous one's secret and cache.
        if let AccountState::Linked {
            email: old,
            demo: old_demo,
        }
        | AccountState::ReconnectNeeded {
            email: old,
            demo: old_demo,
        } = &previous
            && (old != &email || *old_demo != demo)
        {
            self.secrets.delete(&refresh_key(old, *old_demo))?;
            self.forget_account_data()?;
        }
        self.secrets.set(&refresh_key(&email, demo), &refresh)?;
        self.store.set_setting(EMAIL, &email)?;
        self.store.set_setting(DEMO, if demo { "1" } else { "0" })?;
        self.store.set_setting(RECONNECT, "0")?;
        match (&connection.sandbox, connection.endpoints.token.scheme()) {
            // A standalone sandbox: remembered, so the next start reconnects to it.
            (None, "http") => self.store.set_setting(
                SANDBOX_URL,
                connection
                    .endpoints
                    .token
                    .as_str()
                    .trim_end_matches("token"),
            )?,
            _ => self.store.delete_setting(SANDBOX_URL)?,
        }
        *self.session.lock().await = Some(Session {
            connection,
            email,
            access: Some(access),
        });
        tracing::info!(demo, "Google account linked");
        self.publish_account();
        self.wake_sync();
        self.account_state()
    }

    /// Browser, loopback, code exchange: returns the account's email, refresh token and access.
    async fn run_consent(
        &self,
        connection: &Connection,
        browser: Arc<dyn crate::ports::Browser>,
        hint: Option<&str>,
        force_consent: bool,
    ) -> Result<(String, Sensitive<String>, (Sensitive<String>, SystemTime)), AppError> {
        let listener = LoopbackListener::bind()?;
        let auth = connection
            .oauth
            .authorization(&listener.redirect_uri(), hint, force_consent)?;
        let (cancel, cancelled) = tokio::sync::oneshot::channel();
        *self.linking.lock().expect("linking lock") = Some(cancel);
        self.sink.account_state(&AccountState::Linking);
        browser.open(auth.url.as_str()).map_err(AppError::Browser)?;
        let code = tokio::select! {
            code = listener.wait(&auth.state, CONSENT_TIMEOUT) => code,
            _ = cancelled => Err(OAuthError::Timeout),
        };
        self.linking.lock().expect("linking lock").take();
        let code = code.map_err(|e| match e {
            OAuthError::Timeout => AppError::LinkCancelled,
            other => AppError::from(other),
        })?;
        let tokens = connection
            .oauth
            .exchange(&code, &auth.verifier, &auth.redirect_uri)
            .await?;
        if !tokens.has_calendar_access() {
            return Err(AppError::CalendarScopeMissing);
        }
        let email = match tokens.email.clone() {
            Some(email) => email,
            None => connection.oauth.userinfo(&tokens.access_token).await?.email,
        };
        let refresh = tokens
            .refresh_token
            .clone()
            .ok_or_else(|| AppError::internal("Google returned no refresh token"))?;
        Ok((email, refresh, (tokens.access_token, tokens.expires_at)))
    }

    /// A valid access token, renewed with the refresh token from the keychain when it is about to
    /// expire. `invalid_grant` puts the account in *reconnexion nécessaire*.
    pub(crate) async fn access_token(&self) -> Result<Sensitive<String>, AppError> {
        self.ensure_session().await?;
        let mut guard = self.session.lock().await;
        let session = guard.as_mut().ok_or(AppError::NoAccount)?;
        let now = self.clock.now();
        if let Some((token, expires)) = &session.access
            && now < *expires
        {
            return Ok(token.clone());
        }
        let key = refresh_key(&session.email, session.demo());
        let refresh = self.secrets.get(&key)?.ok_or(AppError::ReconnectNeeded)?;
        match session.connection.oauth.refresh(&refresh).await {
            Ok(tokens) => {
                if let Some(new_refresh) = tokens.refresh_token.as_ref().filter(|r| *r != &refresh)
                {
                    self.secrets.set(&key, new_refresh)?;
                }
                session.access = Some((tokens.access_token.clone(), tokens.expires_at));
                Ok(tokens.access_token)
            }
            Err(OAuthError::InvalidGrant(_)) => {
                session.access = None;
                drop(guard);
                self.mark_reconnect_needed()?;
                Err(AppError::ReconnectNeeded)
            }
            Err(e) => Err(e.into()),
        }
    }

    /// Forgets the access token (after a 401) so the next call refreshes it.
    pub(crate) async fn drop_access_token(&self) {
        if let Some(s) = self.session.lock().await.as_mut() {
            s.access = None;
        }
    }

    fn mark_reconnect_needed(&self) -> Result<(), AppError> {
        if let AccountState::Linked { email, demo } = self.account_state()? {
            self.secrets.delete(&refresh_key(&email, demo))?;
            self.store.set_setting(RECONNECT, "1")?;
            tracing::warn!("Google refused the stored grant: reconnection needed");
            self.publish_account();
        }
        Ok(())
    }

    /// Builds the session of a linked account at start-up (demo mode restarts its sandbox and
    /// links again: the sandbox's state lives in memory).
    pub(crate) async fn ensure_session(&self) -> Result<(), AppError> {
        if self.session.lock().await.is_some() {
            return Ok(());
        }
        match self.account_state()? {
            AccountState::None | AccountState::Linking => Err(AppError::NoAccount),
            AccountState::ReconnectNeeded { .. } => Err(AppError::ReconnectNeeded),
            AccountState::Linked { demo: true, email } => {
                match self.store.setting(SANDBOX_URL)? {
                    // Linked to a standalone sandbox (`--sandbox`): reconnect to it with the
                    // refresh token from the keychain, as with Google.
                    Some(url) => {
                        let connection = crate::demo::connect_to(&url)?;
                        let mut guard = self.session.lock().await;
                        if guard.is_none() {
                            *guard = Some(Session {
                                connection,
                                email,
                                access: None,
                            });
                        }
                        Ok(())
                    }
                    None => self.start_demo_inner().await.map(|_| ()),
                }
            }
            AccountState::Linked { email, demo: false } => {
                let config = self.google.clone().ok_or(AppError::NotConfigured)?;
                let endpoints = Endpoints::google();
                let oauth = OAuthClient::new(&endpoints, config.client_id, config.client_secret)
                    .map_err(AppError::internal)?;
                let mut guard = self.session.lock().await;
                if guard.is_none() {
                    *guard = Some(Session {
                        connection: Connection {
                            endpoints,
                            oauth,
                            sandbox: None,
                        },
                        email,
                        access: None,
                    });
                }
                Ok(())
            }
        }
    }

    /// Forgets everything of the linked account on this computer, in one store transaction
    /// (calendars, events, outbox, activity, site records and link, availability, purge log,
    /// erasures, reminder state, the account's settings — [`DEVICE_SETTINGS`] stay), after
    /// deleting the booking site's password from the keychain.
    fn forget_account_data(&self) -> Result<(), AppError> {
        self.forget_site_password()?;
        self.store.forget_account(&DEVICE_SETTINGS)?;
        Ok(())
    }

    /// *Délier le compte*: revokes the grant at Google, deletes the refresh token (and the
    /// booking site's password) from the keychain and forgets everything of the account on this
    /// computer ([`DEVICE_SETTINGS`] stay). Local clean-up happens even when Google cannot be
    /// reached; the error then says revocation must be done from the Google account page.
    pub fn unlink_account(&self) -> crate::Task<'_, Result<AccountState, AppError>> {
        Box::pin(self.unlink_account_inner())
    }

    async fn unlink_account_inner(&self) -> Result<AccountState, AppError> {
        self.ensure_unlocked()?;
        let state = self.account_state()?;
        let (email, demo) = match &state {
            AccountState::Linked { email, demo }
            | AccountState::ReconnectNeeded { email, demo } => (email.clone(), *demo),
            _ => return Ok(AccountState::None),
        };
        let key = refresh_key(&email, demo);
        let refresh = self.secrets.get(&key)?;
        let session = self.session.lock().await.take();
        let revoked = match (&refresh, &session) {
            (Some(token), Some(s)) => s.connection.oauth.revoke(token).await,
            (Some(token), None) if !demo => match &self.google {
                Some(c) => match OAuthClient::new(
                    &Endpoints::google(),
                    c.client_id.clone(),
                    c.client_secret.clone(),
                ) {
                    Ok(oauth) => oauth.revoke(token).await,
                    Err(e) => Err(OAuthError::Other(e.to_string())),
                },
                None => Ok(()),
            },
            _ => Ok(()),
        };
        self.secrets.delete(&key)?;
        self.forget_account_data()?;
        if let Some(s) = session
            && let Some(sandbox) = s.connection.sandbox
        {
            sandbox.stop().await;
        }
        self.reset_sync_status();
        self.publish_account();
        self.sink.data_changed();
        tracing::info!("Google account unlinked");
        match revoked {
            Ok(()) => Ok(AccountState::None),
            Err(e) => Err(AppError::RevokeFailed(e.to_string())),
        }
    }
}
