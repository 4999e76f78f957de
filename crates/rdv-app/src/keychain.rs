//! Checking that the OS keychain can hold our secrets.

use crate::App;
use crate::ipc::KeychainStatus;
use rdv_core::Sensitive;
use rdv_core::ports::{SecretKey, SecretStore, SecretStoreError};

/// The key of the throw-away secret written to check the keychain.
const PROBE: &str = "keychain-check";

impl App {
    /// Whether the OS keychain can hold the app's secrets (see [`check_secret_store`]).
    pub fn keychain_status(&self) -> KeychainStatus {
        check_secret_store(self.secrets.as_ref())
    }
}

/// Writes, reads back and deletes a throw-away secret. Only a full round trip proves the
/// keychain is usable: a locked Secret Service collection still answers searches.
pub fn check_secret_store(secrets: &dyn SecretStore) -> KeychainStatus {
    let key = SecretKey::new(PROBE);
    let value = Sensitive::new(String::from("ok"));
    let round_trip = secrets
        .set(&key, &value)
        .and_then(|()| secrets.get(&key))
        .and_then(|read| {
            secrets.delete(&key)?;
            match read {
                Some(v) if v == value => Ok(()),
                _ => Err(SecretStoreError::Failed(
                    "the check value did not read back".into(),
                )),
            }
        });
    match round_trip {
        Ok(()) => KeychainStatus::Available,
        Err(e) => {
            tracing::warn!(error = %e, "system keychain not usable");
            match e {
                SecretStoreError::Locked(_) => KeychainStatus::Locked {
                    message: e.to_string(),
                },
                _ => KeychainStatus::Unavailable {
                    message: e.to_string(),
                },
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::ipc::KeychainStatus;
    use crate::tests::app_with;
    use rdv_core::ports::testing::MemorySecretStore;
    use rdv_core::ports::{SecretKey, SecretStore};
    use std::sync::Arc;

    #[test]
    fn a_working_keychain_is_available_and_keeps_no_probe_behind() {
        let secrets = Arc::new(MemorySecretStore::default());
        let app = app_with(secrets.clone(), Default::default());
        assert_eq!(app.keychain_status(), KeychainStatus::Available);
        assert_eq!(secrets.get(&SecretKey::new(super::PROBE)).unwrap(), None);
    }

    #[test]
    fn a_locked_keychain_is_reported_as_locked_with_a_message() {
        let secrets = Arc::new(MemorySecretStore::default());
        secrets.set_locked(true);
        let app = app_with(secrets, Default::default());
        match app.keychain_status() {
            KeychainStatus::Locked { message } => assert!(message.contains("locked"), "{message}"),
            other => panic!("expected Locked, got {other:?}"),
        }
    }
}
