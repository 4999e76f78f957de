use crate::ipc::{ErrorCode, IpcError};
use rdv_core::ports::{NotifyError, SecretStoreError};
use rdv_store::StoreError;

/// What can go wrong in a use case.
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
}

impl From<AppError> for IpcError {
    fn from(error: AppError) -> Self {
        let code = match &error {
            AppError::Secrets(SecretStoreError::Locked(_)) => ErrorCode::KeychainLocked,
            AppError::Secrets(_) => ErrorCode::KeychainUnavailable,
            AppError::Notify(_) => ErrorCode::NotificationsUnavailable,
            AppError::Store(_) => ErrorCode::Internal,
        };
        IpcError {
            code,
            message: error.to_string(),
        }
    }
}
