use crate::Sensitive;
use std::fmt;

/// The name of one secret in the store, e.g. `google.refresh-token:dr.martin@example.fr`.
/// Names are not secret; values are.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SecretKey(String);

impl SecretKey {
    /// A key with the given name.
    pub fn new(name: impl Into<String>) -> Self {
        Self(name.into())
    }

    /// The key's name, as the OS keychain shows it.
    pub fn name(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why the secret store could not be used. Each variant is something the user can act on; there is
/// deliberately no "fall back to memory" case.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SecretStoreError {
    /// The keychain exists but is locked (or the user refused to unlock it).
    #[error("the system keychain is locked: {0}")]
    Locked(String),
    /// No keychain service is reachable (no Secret Service on the session bus, for example).
    #[error("no system keychain is available: {0}")]
    Unavailable(String),
    /// The keychain answered with an error.
    #[error("the system keychain failed: {0}")]
    Failed(String),
}

/// Where secrets (OAuth tokens, application passwords, the PIN hash) live: the OS keychain in the
/// app. Never SQLite, never a file, never memory as a fallback.
pub trait SecretStore: Send + Sync {
    /// Reads a secret; `Ok(None)` when there is none under that key.
    fn get(&self, key: &SecretKey) -> Result<Option<Sensitive<String>>, SecretStoreError>;
    /// Creates or replaces a secret.
    fn set(&self, key: &SecretKey, value: &Sensitive<String>) -> Result<(), SecretStoreError>;
    /// Deletes a secret; deleting a missing one succeeds.
    fn delete(&self, key: &SecretKey) -> Result<(), SecretStoreError>;
}
