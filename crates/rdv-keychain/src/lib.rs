//! # rdv-keychain — the `SecretStore` port over the OS keychain
//!
//! Shared by the desktop shell (every secret of the app) and `rdv sheet` (the local database's
//! key, read only), so neither depends on the other and the command line needs no Tauri.
//!
//! The `SecretStore` port over the OS keychain (Secret Service on Linux — GNOME Keyring,
//! KWallet, KeePassXC —, Keychain on macOS, Credential Manager on Windows), through `keyring` 3
//! with a real backend enabled per platform in Cargo.toml. There is no in-memory fallback: a
//! locked or missing keychain is an error the user sees.

use keyring::Entry;
use rdv_core::Sensitive;
use rdv_core::ports::{SecretKey, SecretStore, SecretStoreError};

/// The service name under which every secret of the app is filed in the keychain.
pub const SERVICE: &str = "fr.librdv.compagnon";

/// The OS keychain.
#[derive(Debug, Clone)]
pub struct OsKeychain {
    service: String,
}

impl OsKeychain {
    /// The app's secrets, filed under [`SERVICE`].
    pub fn new() -> Self {
        Self::with_service(SERVICE)
    }

    /// Secrets filed under another service name (tests use their own, to leave no trace).
    pub fn with_service(service: impl Into<String>) -> Self {
        Self {
            service: service.into(),
        }
    }

    fn entry(&self, key: &SecretKey) -> Result<Entry, SecretStoreError> {
        Entry::new(&self.service, key.name()).map_err(map_error)
    }
}

impl Default for OsKeychain {
    fn default() -> Self {
        Self::new()
    }
}

/// Turns keyring's errors into the port's, without ever including a secret (keyring's messages
/// carry none; `BadEncoding` carries bytes, which are dropped here).
fn map_error(e: keyring::Error) -> SecretStoreError {
    use keyring::Error as K;
    match e {
        K::NoStorageAccess(inner) => SecretStoreError::Locked(inner.to_string()),
        K::PlatformFailure(inner) => SecretStoreError::Unavailable(inner.to_string()),
        K::BadEncoding(_) => SecretStoreError::Failed("a stored secret is not valid text".into()),
        other => SecretStoreError::Failed(other.to_string()),
    }
}

impl SecretStore for OsKeychain {
    fn get(&self, key: &SecretKey) -> Result<Option<Sensitive<String>>, SecretStoreError> {
        match self.entry(key)?.get_password() {
            Ok(value) => Ok(Some(Sensitive::new(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(map_error(e)),
        }
    }

    fn set(&self, key: &SecretKey, value: &Sensitive<String>) -> Result<(), SecretStoreError> {
        self.entry(key)?
            .set_password(value.expose())
            .map_err(map_error)
    }

    fn delete(&self, key: &SecretKey) -> Result<(), SecretStoreError> {
        match self.entry(key)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(map_error(e)),
        }
    }
}
