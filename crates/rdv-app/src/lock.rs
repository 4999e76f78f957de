//! App lock (PRODUCT.md art. 7.3/8.4: sessions closed when the user is away). After the
//! inactivity delay the UI calls [`App::lock`]; while locked, every use case that returns
//! personal data refuses (`appLocked`) — the lock is enforced here, not only drawn over the
//! window. The PIN (4 to 8 digits) is kept only as an Argon2id hash, in the OS keychain; wrong
//! attempts are rate-limited (after 3, a wait that doubles from 30 s up to 5 minutes).

use crate::ipc::LockStatus;
use crate::{App, AppError};
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use rdv_core::Sensitive;
use rdv_core::ports::SecretKey;
use std::time::{Duration, SystemTime};

const PIN_KEY: &str = "app-lock.pin-hash";
pub(crate) const DELAY: &str = "lock.delaySeconds";
/// Default inactivity delay: 10 minutes.
pub const DEFAULT_DELAY_SECONDS: u32 = 600;
/// Free attempts before the first wait.
const FREE_ATTEMPTS: u32 = 3;

/// The lock's state while the app runs.
#[derive(Debug, Default)]
pub(crate) struct LockState {
    locked: bool,
    failures: u32,
    blocked_until: Option<SystemTime>,
}

fn pin_key() -> SecretKey {
    SecretKey::new(PIN_KEY)
}

fn check_pin_format(pin: &str) -> Result<(), AppError> {
    if (4..=8).contains(&pin.len()) && pin.chars().all(|c| c.is_ascii_digit()) {
        Ok(())
    } else {
        Err(AppError::InvalidInput(
            "Le code doit comporter de 4 à 8 chiffres.".into(),
        ))
    }
}

impl App {
    fn lock_state(&self) -> std::sync::MutexGuard<'_, LockState> {
        self.lock.lock().expect("lock state")
    }

    /// Refuses while the app is locked: every use case returning personal data calls it.
    pub(crate) fn ensure_unlocked(&self) -> Result<(), AppError> {
        if self.lock_state().locked {
            Err(AppError::Locked)
        } else {
            Ok(())
        }
    }

    /// Whether a PIN is set, whether the app is locked, the delay, and any wait before the next
    /// attempt.
    pub fn lock_status(&self) -> Result<LockStatus, AppError> {
        let pin_set = self.secrets.get(&pin_key())?.is_some();
        let delay = self
            .store
            .setting(DELAY)?
            .and_then(|d| d.parse().ok())
            .unwrap_or(DEFAULT_DELAY_SECONDS);
        let state = self.lock_state();
        let wait = state
            .blocked_until
            .and_then(|u| u.duration_since(self.clock.now()).ok())
            .map_or(0, |d| d.as_secs() + u64::from(d.subsec_nanos() > 0));
        Ok(LockStatus {
            pin_set,
            locked: state.locked,
            delay_seconds: delay,
            retry_after_seconds: u32::try_from(wait).unwrap_or(u32::MAX),
        })
    }

    /// Sets (or changes, with the `current` PIN) the PIN.
    pub fn set_lock_pin(
        &self,
        current: Option<&str>,
        new_pin: &str,
    ) -> Result<LockStatus, AppError> {
        self.ensure_unlocked()?;
        check_pin_format(new_pin)?;
        if self.secrets.get(&pin_key())?.is_some() {
            self.verify_pin(current.unwrap_or_default())?;
        }
        let hash = Argon2::default()
            .hash_password(new_pin.as_bytes())
            .map_err(|e| AppError::Internal(format!("cannot hash the PIN: {e}")))?
            .to_string();
        self.secrets.set(&pin_key(), &Sensitive::new(hash))?;
        tracing::info!("app lock PIN set");
        self.lock_status()
    }

    /// Removes the PIN (the app no longer locks), with the current PIN.
    pub fn remove_lock_pin(&self, current: &str) -> Result<LockStatus, AppError> {
        self.ensure_unlocked()?;
        self.verify_pin(current)?;
        self.secrets.delete(&pin_key())?;
        tracing::info!("app lock PIN removed");
        self.lock_status()
    }

    /// Sets the inactivity delay, in seconds (5 s to 4 h; the UI offers minutes).
    pub fn set_lock_delay(&self, seconds: u32) -> Result<LockStatus, AppError> {
        if !(5..=4 * 3600).contains(&seconds) {
            return Err(AppError::InvalidInput(
                "Le délai de verrouillage va de 1 minute à 4 heures.".into(),
            ));
        }
        self.store.set_setting(DELAY, &seconds.to_string())?;
        self.lock_status()
    }

    /// Locks now (inactivity, or the user's choice). Without a PIN there is nothing to unlock
    /// with, so nothing happens.
    pub fn lock(&self) -> Result<LockStatus, AppError> {
        if self.secrets.get(&pin_key())?.is_some() {
            self.lock_state().locked = true;
            tracing::info!("app locked");
            self.sink.lock_changed(true);
        }
        self.lock_status()
    }

    /// Unlocks with the PIN; wrong PINs are counted and rate-limited.
    pub fn unlock(&self, pin: &str) -> Result<LockStatus, AppError> {
        self.verify_pin(pin)?;
        self.lock_state().locked = false;
        tracing::info!("app unlocked");
        self.sink.lock_changed(false);
        self.lock_status()
    }

    fn verify_pin(&self, pin: &str) -> Result<(), AppError> {
        let now = self.clock.now();
        {
            let state = self.lock_state();
            if let Some(until) = state.blocked_until
                && now < until
            {
                let wait = until.duration_since(now).unwrap_or_default().as_secs() + 1;
                return Err(AppError::WrongPin(format!(
                    "Trop d'essais : réessayez dans {wait} s."
                )));
            }
        }
        let stored = self
            .secrets
            .get(&pin_key())?
            .ok_or_else(|| AppError::InvalidInput("Aucun code n'est défini.".into()))?;
        let ok = PasswordHash::new(stored.expose()).ok().is_some_and(|h| {
            Argon2::default()
                .verify_password(pin.as_bytes(), &h)
                .is_ok()
        });
        let mut state = self.lock_state();
        if ok {
            state.failures = 0;
            state.blocked_until = None;
            return Ok(());
        }
        state.failures += 1;
        tracing::warn!(failures = state.failures, "wrong app lock PIN");
        if state.failures >= FREE_ATTEMPTS {
            let doublings = (state.failures - FREE_ATTEMPTS).min(4);
            let wait = Duration::from_secs(30 * 2u64.pow(doublings)).min(Duration::from_secs(300));
            state.blocked_until = Some(now + wait);
            return Err(AppError::WrongPin(format!(
                "Code incorrect. Trop d'essais : réessayez dans {} s.",
                wait.as_secs()
            )));
        }
        let left = FREE_ATTEMPTS - state.failures;
        Err(AppError::WrongPin(format!(
            "Code incorrect ({left} essai{} avant une attente).",
            if left > 1 { "s" } else { "" }
        )))
    }
}

#[cfg(test)]
mod tests {
    use crate::ipc::{ErrorCode, IpcError};
    use crate::tests::app_with;
    use rdv_core::ports::SecretStore;
    use rdv_core::ports::testing::{MemorySecretStore, RecordingNotifier};
    use std::sync::Arc;

    #[test]
    fn a_pin_is_stored_only_as_an_argon2_hash_and_unlocks_the_app() {
        let secrets = Arc::new(MemorySecretStore::default());
        let app = app_with(secrets.clone(), Arc::new(RecordingNotifier::default()));
        assert!(!app.lock().unwrap().locked, "no PIN: no lock");
        assert!(app.set_lock_pin(None, "12ab").is_err(), "digits only");
        app.set_lock_pin(None, "2468").unwrap();
        let stored = secrets
            .get(&rdv_core::ports::SecretKey::new(super::PIN_KEY))
            .unwrap()
            .unwrap();
        assert!(stored.expose().starts_with("$argon2id$"), "a PHC string");
        assert!(!stored.expose().contains("2468"));

        assert!(app.lock().unwrap().locked);
        let refused = app.upcoming_bookings(None).unwrap_err();
        assert_eq!(
            IpcError::from(refused).code,
            ErrorCode::AppLocked,
            "no personal data while locked"
        );
        let wrong = app.unlock("1357").unwrap_err();
        assert_eq!(IpcError::from(wrong).code, ErrorCode::WrongPin);
        assert!(app.lock_status().unwrap().locked);
        assert!(!app.unlock("2468").unwrap().locked);
        assert!(app.upcoming_bookings(None).is_ok());
    }

    #[test]
    fn wrong_pins_are_rate_limited() {
        let app = app_with(Default::default(), Default::default());
        app.set_lock_pin(None, "2468").unwrap();
        app.lock().unwrap();
        for _ in 0..2 {
            assert!(
                app.unlock("0000")
                    .unwrap_err()
                    .to_string()
                    .contains("Code incorrect")
            );
        }
        let third = app.unlock("0000").unwrap_err().to_string();
        assert!(third.contains("réessayez dans 30 s"), "{third}");
        assert!(app.lock_status().unwrap().retry_after_seconds > 0);
        let during = app.unlock("2468").unwrap_err().to_string();
        assert!(
            during.contains("Trop d'essais"),
            "even the right PIN waits: {during}"
        );
        assert!(app.lock_status().unwrap().locked);
    }

    #[test]
    fn changing_or_removing_the_pin_needs_the_current_one() {
        let app = app_with(Default::default(), Default::default());
        app.set_lock_pin(None, "2468").unwrap();
        assert!(app.set_lock_pin(Some("1111"), "1357").is_err());
        app.set_lock_pin(Some("2468"), "1357").unwrap();
        assert!(app.remove_lock_pin("2468").is_err());
        assert!(!app.remove_lock_pin("1357").unwrap().pin_set);
        assert!(app.set_lock_delay(0).is_err());
        assert_eq!(
            app.lock_status().unwrap().delay_seconds,
            600,
            "10 minutes by default"
        );
        assert_eq!(app.set_lock_delay(300).unwrap().delay_seconds, 300);
    }
}
