use crate::ipc::{ErrorCode, IpcError};
use rdv_core::ports::{NotifyError, SecretStoreError};
use rdv_google::oauth::OAuthError;
use rdv_store::StoreError;

/// What can go wrong in a use case. Messages are for the user; none carries a token or patient
/// data.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AppError {
    /// The local database failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The OS keychain could not be used.
    #[error(transparent)]
    Secrets(#[from] SecretStoreError),
    /// A notification could not be shown.
    #[error(transparent)]
    Notify(#[from] NotifyError),
    /// Signing in with Google failed.
    #[error(transparent)]
    OAuth(#[from] OAuthError),
    /// The Calendar API failed.
    #[error(transparent)]
    Calendar(#[from] rdv_google::calendar::CalendarError),
    /// No Google account is linked.
    #[error("no Google account is linked")]
    NoAccount,
    /// Google refused the stored grant; the user must link again.
    #[error("Google refused the stored access: reconnect the account")]
    ReconnectNeeded,
    /// The browser step was cancelled or timed out.
    #[error("the connection to Google was cancelled or not finished in time")]
    LinkCancelled,
    /// The user unticked the calendar permission on the consent page.
    #[error(
        "access to Google Calendar was not granted: tick the calendar permission on Google's page"
    )]
    CalendarScopeMissing,
    /// This build has no Google OAuth client configured.
    #[error(
        "this installation has no Google OAuth client configured (see README: Google account); the demo mode works without one"
    )]
    NotConfigured,
    /// The browser could not be opened.
    #[error("cannot open the web browser: {0}")]
    Browser(String),
    /// Unlinked locally, but Google could not be told.
    #[error(
        "the account was unlinked on this computer, but Google could not be reached to revoke the access ({0}); you can revoke it from your Google account's security page"
    )]
    RevokeFailed(String),
    /// The user's role on the calendar does not allow it (PRODUCT.md art. 4.3).
    #[error(transparent)]
    Forbidden(#[from] rdv_core::availability::Forbidden),
    /// The user's role does not allow this; the message says what they may do.
    #[error("{0}")]
    NotAllowed(String),
    /// What the user gave cannot be used (a file, a configuration): the message says why.
    #[error("{0}")]
    InvalidInput(String),
    /// A move to a time that is not a free slot of the booking's type (the user may force it).
    #[error("{0}")]
    SlotUnavailable(String),
    /// The publish plan changed between the preview and the confirmation.
    #[error(
        "l'agenda ou les disponibilités ont changé depuis l'aperçu : revoyez le plan avant de publier"
    )]
    PlanChanged,
    /// The publish plan deletes more published availability than it keeps and the user has not
    /// confirmed it a second time; the message says what would go.
    #[error("{0}")]
    RemovalNotConfirmed(String),
    /// The booking site cannot be reached.
    #[error("le site de réservation est injoignable : {0}")]
    SiteOffline(String),
    /// The app is locked: personal data waits for the PIN.
    #[error("l'application est verrouillée : saisissez votre code")]
    Locked,
    /// A wrong PIN, or too many attempts (the message says how long to wait).
    #[error("{0}")]
    WrongPin(String),
    /// Anything else.
    #[error("{0}")]
    Internal(String),
}

impl AppError {
    /// A network failure: the app works from its cache.
    pub fn is_offline(&self) -> bool {
        match self {
            Self::OAuth(OAuthError::Network(_)) => true,
            Self::Calendar(e) => e.is_offline(),
            Self::SiteOffline(_) => true,
            _ => false,
        }
    }
}

impl From<AppError> for IpcError {
    fn from(error: AppError) -> Self {
        let code = match &error {
            e if e.is_offline() => ErrorCode::Offline,
            AppError::Secrets(SecretStoreError::Locked(_)) => ErrorCode::KeychainLocked,
            AppError::Secrets(_) => ErrorCode::KeychainUnavailable,
            AppError::Notify(_) => ErrorCode::NotificationsUnavailable,
            AppError::OAuth(OAuthError::Denied) => ErrorCode::OauthDenied,
            AppError::OAuth(OAuthError::InvalidGrant(_)) | AppError::ReconnectNeeded => {
                ErrorCode::ReconnectNeeded
            }
            AppError::LinkCancelled | AppError::OAuth(OAuthError::Timeout) => {
                ErrorCode::OauthCancelled
            }
            AppError::NoAccount => ErrorCode::NoAccount,
            AppError::NotConfigured => ErrorCode::NotConfigured,
            AppError::Forbidden(_) | AppError::NotAllowed(_) => ErrorCode::Forbidden,
            AppError::InvalidInput(_) => ErrorCode::InvalidInput,
            AppError::PlanChanged => ErrorCode::PlanChanged,
            AppError::RemovalNotConfirmed(_) => ErrorCode::RemovalNotConfirmed,
            AppError::SlotUnavailable(_) => ErrorCode::SlotUnavailable,
            AppError::Locked => ErrorCode::AppLocked,
            AppError::WrongPin(_) => ErrorCode::WrongPin,
            _ => ErrorCode::Internal,
        };
        IpcError {
            code,
            message: error.to_string(),
        }
    }
}
