//! In-memory adapters of the ports, for tests only (feature `testing`). The app never uses them.

use super::{Clock, Notification, Notifier, NotifyError, SecretKey, SecretStore, SecretStoreError};
use crate::Sensitive;
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::SystemTime;

/// A clock that says what it is told.
#[derive(Debug)]
pub struct FixedClock(Mutex<SystemTime>);

impl FixedClock {
    /// A clock stopped at `at`.
    pub fn new(at: SystemTime) -> Self {
        Self(Mutex::new(at))
    }

    /// Moves the clock to `at` (forwards or backwards, like a real clock jump).
    pub fn set(&self, at: SystemTime) {
        *self.0.lock().expect("clock lock") = at;
    }
}

impl Clock for FixedClock {
    fn now(&self) -> SystemTime {
        *self.0.lock().expect("clock lock")
    }
}

/// A secret store in memory, which can be switched to behave like a locked keychain.
#[derive(Debug, Default)]
pub struct MemorySecretStore {
    values: Mutex<HashMap<SecretKey, String>>,
    locked: Mutex<bool>,
}

impl MemorySecretStore {
    /// Makes every further call fail with [`SecretStoreError::Locked`] (or work again).
    pub fn set_locked(&self, locked: bool) {
        *self.locked.lock().expect("lock") = locked;
    }

    fn check(&self) -> Result<(), SecretStoreError> {
        if *self.locked.lock().expect("lock") {
            Err(SecretStoreError::Locked("test keychain locked".into()))
        } else {
            Ok(())
        }
    }
}

impl SecretStore for MemorySecretStore {
    fn get(&self, key: &SecretKey) -> Result<Option<Sensitive<String>>, SecretStoreError> {
        self.check()?;
        Ok(self
            .values
            .lock()
            .expect("lock")
            .get(key)
            .cloned()
            .map(Sensitive::new))
    }

    fn set(&self, key: &SecretKey, value: &Sensitive<String>) -> Result<(), SecretStoreError> {
        self.check()?;
        self.values
            .lock()
            .expect("lock")
            .insert(key.clone(), value.expose().clone());
        Ok(())
    }

    fn delete(&self, key: &SecretKey) -> Result<(), SecretStoreError> {
        self.check()?;
        self.values.lock().expect("lock").remove(key);
        Ok(())
    }
}

/// A notifier that records what it was asked to show.
#[derive(Debug, Default)]
pub struct RecordingNotifier {
    shown: Mutex<Vec<Notification>>,
    unavailable: Mutex<bool>,
}

impl RecordingNotifier {
    /// The notifications shown so far, oldest first.
    pub fn shown(&self) -> Vec<Notification> {
        self.shown.lock().expect("lock").clone()
    }

    /// Makes further calls fail as if no notification daemon were running.
    pub fn set_unavailable(&self, unavailable: bool) {
        *self.unavailable.lock().expect("lock") = unavailable;
    }
}

impl Notifier for RecordingNotifier {
    fn notify(&self, notification: &Notification) -> Result<(), NotifyError> {
        if *self.unavailable.lock().expect("lock") {
            return Err(NotifyError::Unavailable("test daemon stopped".into()));
        }
        self.shown.lock().expect("lock").push(notification.clone());
        Ok(())
    }
}
