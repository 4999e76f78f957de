//! App lock (PRODUCT.md art. 7.3/8.4: sessions closed when the user is away). After the
//! inactivity delay the UI calls [`App::lock`]; while locked, every use case that returns
//! personal data refuses (`appLocked`) — the lock is enforced here, not only drawn over the
//! window. The PIN (4 to 8 digits) is kept only as an Argon2id hash, in the OS keychain; wrong
//! attempts are rate-limited (after 3, a wait that doubles from 30 s up to 5 minutes).
//!
//! The lock survives a restart: an app whose keychain holds a PIN starts locked (it asks the
//! keychain at the first question, and refuses personal data while it cannot tell), and the
//! wrong attempts and the wait they earned are kept in the store's settings
//! ([`FAILURES`], [`BLOCKED_UNTIL`], an instant read from the `Clock` port), so quitting gives
//! no attempt back.

use crate::ipc::LockStatus;
use crate::{App, AppError};
use argon2::Argon2;
use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use chrono::{DateTime, SecondsFormat, Utc};
use rdv_core::Sensitive;
use rdv_core::Text;
use rdv_core::ports::SecretKey;
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

/// The keychain entry holding the PIN's Argon2id hash.
pub const PIN_KEY: &str = "app-lock.pin-hash";
pub(crate) const DELAY: &str = "lock.delaySeconds";
/// Setting: wrong PINs since the last right one.
pub(crate) const FAILURES: &str = "lock.failures";
/// Setting: no PIN is checked before this instant (RFC 3339, UTC, from the `Clock` port).
pub(crate) const BLOCKED_UNTIL: &str = "lock.blockedUntil";
/// Default inactivity delay: 10 minutes.
pub const DEFAULT_DELAY_SECONDS: u32 = 600;
/// Free attempts before the first wait.
const FREE_ATTEMPTS: u32 = 3;
/// The first wait; it doubles with each wrong PIN after it, up to [`LONGEST_WAIT`].
const FIRST_WAIT: Duration = Duration::from_secs(30);
/// The longest wait, whatever the count (and whatever the clock did meanwhile).
const LONGEST_WAIT: Duration = Duration::from_secs(300);

/// The lock while the app runs.
#[derive(Debug, Default)]
pub(crate) struct LockState {
    /// Locked or not; `None` until the keychain has said whether a PIN is set (the app then
    /// starts locked).
    locked: Mutex<Option<bool>>,
    /// One PIN check at a time: the persisted count is read and written under it.
    attempts: Mutex<()>,
}

/// Wrong PINs and the wait they earned, as kept in the settings.
#[derive(Debug, Default)]
struct Attempts {
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
        Err(AppError::invalid(
            "Le code doit comporter de 4 à 8 chiffres.",
            "The PIN must have 4 to 8 digits.",
        ))
    }
}

impl App {
    fn locked_flag(&self) -> MutexGuard<'_, Option<bool>> {
        self.lock.locked.lock().expect("lock state")
    }

    /// Whether the app is locked. The first time, the keychain says: a PIN is set, so the app
    /// starts locked. A keychain that cannot answer is an error (asked again next time): the
    /// app cannot tell whether a PIN protects the data.
    fn is_locked(&self) -> Result<bool, AppError> {
        let mut locked = self.locked_flag();
        if let Some(locked) = *locked {
            return Ok(locked);
        }
        let pin_set = self.secrets.get(&pin_key())?.is_some();
        if pin_set {
            tracing::info!("a PIN is set: the app starts locked");
        }
        *locked = Some(pin_set);
        Ok(pin_set)
    }

    fn set_locked(&self, locked: bool) {
        *self.locked_flag() = Some(locked);
    }

    /// Refuses while the app is locked: every use case returning personal data calls it.
    pub(crate) fn ensure_unlocked(&self) -> Result<(), AppError> {
        if self.is_locked()? {
            Err(AppError::Locked)
        } else {
            Ok(())
        }
    }

    /// The wrong attempts kept in the settings. A wait longer than [`LONGEST_WAIT`] from `now`
    /// (the clock was set back) is brought back to it, and saved so that it ends. A damaged
    /// count is taken as the free attempts used up (the next wrong PIN waits); a damaged instant
    /// is ignored.
    fn attempts(&self, now: SystemTime) -> Result<Attempts, AppError> {
        let failures = match self.store.setting(FAILURES)? {
            None => 0,
            Some(text) => text.parse().unwrap_or_else(|_| {
                tracing::warn!(key = FAILURES, "damaged lock setting, taken as used up");
                FREE_ATTEMPTS - 1
            }),
        };
        let blocked_until = self.store.setting(BLOCKED_UNTIL)?.and_then(|text| {
            let parsed = DateTime::parse_from_rfc3339(&text).ok();
            if parsed.is_none() {
                tracing::warn!(key = BLOCKED_UNTIL, "damaged lock setting, ignored");
            }
            parsed.map(SystemTime::from)
        });
        let mut attempts = Attempts {
            failures,
            blocked_until,
        };
        if let Some(until) = attempts.blocked_until
            && until > now + LONGEST_WAIT
        {
            attempts.blocked_until = Some(now + LONGEST_WAIT);
            self.save_attempts(&attempts)?;
        }
        Ok(attempts)
    }

    fn save_attempts(&self, attempts: &Attempts) -> Result<(), AppError> {
        if attempts.failures == 0 {
            self.store.delete_setting(FAILURES)?;
        } else {
            self.store
                .set_setting(FAILURES, &attempts.failures.to_string())?;
        }
        match attempts.blocked_until {
            None => self.store.delete_setting(BLOCKED_UNTIL)?,
            Some(until) => self.store.set_setting(
                BLOCKED_UNTIL,
                &DateTime::<Utc>::from(until).to_rfc3339_opts(SecondsFormat::Millis, true),
            )?,
        }
        Ok(())
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
        let locked = self.is_locked()?;
        let now = self.clock.now();
        let wait = {
            let _one_check = self.lock.attempts.lock().expect("lock attempts");
            self.attempts(now)?
                .blocked_until
                .and_then(|u| u.duration_since(now).ok())
                .map_or(0, |d| d.as_secs() + u64::from(d.subsec_nanos() > 0))
        };
        Ok(LockStatus {
            pin_set,
            locked,
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
            .map_err(|e| AppError::internal(format_args!("cannot hash the PIN: {e}")))?
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
            return Err(AppError::invalid(
                "Le délai de verrouillage va de 1 minute à 4 heures.",
                "The lock delay goes from 1 minute to 4 hours.",
            ));
        }
        self.store.set_setting(DELAY, &seconds.to_string())?;
        self.lock_status()
    }

    /// Locks now (inactivity, or the user's choice). Without a PIN there is nothing to unlock
    /// with, so nothing happens.
    pub fn lock(&self) -> Result<LockStatus, AppError> {
        if self.secrets.get(&pin_key())?.is_some() {
            self.set_locked(true);
            tracing::info!("app locked");
            self.sink.lock_changed(true);
        }
        self.lock_status()
    }

    /// Unlocks with the PIN; wrong PINs are counted and rate-limited.
    pub fn unlock(&self, pin: &str) -> Result<LockStatus, AppError> {
        self.verify_pin(pin)?;
        self.set_locked(false);
        tracing::info!("app unlocked");
        self.sink.lock_changed(false);
        self.lock_status()
    }

    /// Checks `pin` against the stored hash; wrong PINs are counted in the settings, and after
    /// [`FREE_ATTEMPTS`] each one earns a wait (even the right PIN is refused until it ends).
    fn verify_pin(&self, pin: &str) -> Result<(), AppError> {
        let _one_check = self.lock.attempts.lock().expect("lock attempts");
        let now = self.clock.now();
        let mut attempts = self.attempts(now)?;
        if let Some(until) = attempts.blocked_until
            && now < until
        {
            let wait = until.duration_since(now).unwrap_or_default().as_secs() + 1;
            return Err(AppError::WrongPin(Text::new(
                format!("Trop d'essais : réessayez dans {wait} s."),
                format!("Too many attempts: try again in {wait} s."),
            )));
        }
        let stored = self
            .secrets
            .get(&pin_key())?
            .ok_or_else(|| AppError::invalid("Aucun code n'est défini.", "No PIN is set."))?;
        let ok = PasswordHash::new(stored.expose()).ok().is_some_and(|h| {
            Argon2::default()
                .verify_password(pin.as_bytes(), &h)
                .is_ok()
        });
        if ok {
            self.save_attempts(&Attempts::default())?;
            return Ok(());
        }
        attempts.failures = attempts.failures.saturating_add(1);
        tracing::warn!(failures = attempts.failures, "wrong app lock PIN");
        if attempts.failures >= FREE_ATTEMPTS {
            let doublings = (attempts.failures - FREE_ATTEMPTS).min(4);
            let wait = (FIRST_WAIT * 2u32.pow(doublings)).min(LONGEST_WAIT);
            attempts.blocked_until = Some(now + wait);
            self.save_attempts(&attempts)?;
            let wait = wait.as_secs();
            return Err(AppError::WrongPin(Text::new(
                format!("Code incorrect. Trop d'essais : réessayez dans {wait} s."),
                format!("Wrong PIN. Too many attempts: try again in {wait} s."),
            )));
        }
        self.save_attempts(&attempts)?;
        let left = FREE_ATTEMPTS - attempts.failures;
        let plural = if left > 1 { "s" } else { "" };
        Err(AppError::WrongPin(Text::new(
            format!("Code incorrect ({left} essai{plural} avant une attente)."),
            format!("Wrong PIN ({left} attempt{plural} left before a wait)."),
        )))
    }
}

#[cfg(test)]
mod tests {
    use crate::ipc::ErrorCode;
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
            refused.code(),
            ErrorCode::AppLocked,
            "no personal data while locked"
        );
        let wrong = app.unlock("1357").unwrap_err();
        assert_eq!(wrong.code(), ErrorCode::WrongPin);
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
    fn while_the_keychain_cannot_say_whether_a_pin_is_set_personal_data_stays_closed() {
        let secrets = Arc::new(MemorySecretStore::default());
        let app = app_with(secrets.clone(), Arc::new(RecordingNotifier::default()));
        secrets.set_locked(true);
        assert_eq!(
            app.upcoming_bookings(None).unwrap_err().code(),
            ErrorCode::KeychainLocked,
            "a PIN may protect the data: closed, with the keychain's reason"
        );
        secrets.set_locked(false);
        assert!(
            app.upcoming_bookings(None).is_ok(),
            "asked again once the keychain answers: no PIN, open"
        );
    }

    #[test]
    fn a_damaged_attempt_count_makes_the_next_wrong_pin_wait_and_the_right_one_still_unlocks() {
        let app = app_with(Default::default(), Default::default());
        app.set_lock_pin(None, "2468").unwrap();
        app.lock().unwrap();
        app.store()
            .set_setting(super::FAILURES, "beaucoup")
            .unwrap();
        app.store()
            .set_setting(super::BLOCKED_UNTIL, "demain")
            .unwrap();
        assert_eq!(app.lock_status().unwrap().retry_after_seconds, 0);
        let wrong = app.unlock("0000").unwrap_err().to_string();
        assert!(wrong.contains("réessayez dans 30 s"), "{wrong}");

        app.store()
            .set_setting(super::FAILURES, "beaucoup")
            .unwrap();
        app.store().delete_setting(super::BLOCKED_UNTIL).unwrap();
        assert!(!app.unlock("2468").unwrap().locked, "nothing lost");
        assert_eq!(
            app.store().setting(super::FAILURES).unwrap(),
            None,
            "repaired"
        );
    }

    /// The PIN's format and the delay's range are the core's (the UI shows its refusal).
    #[test]
    fn a_pin_has_4_to_8_digits_and_the_delay_goes_up_to_4_hours() {
        let app = app_with(Default::default(), Default::default());
        for short_or_long in ["246", "123456789", ""] {
            assert!(
                app.set_lock_pin(None, short_or_long).is_err(),
                "{short_or_long}"
            );
        }
        assert!(!app.lock_status().unwrap().pin_set, "nothing saved");
        app.set_lock_pin(None, "1234").unwrap();
        app.set_lock_pin(Some("1234"), "12345678").unwrap();
        assert!(app.set_lock_delay(4 * 3600 + 60).is_err());
        assert_eq!(
            app.set_lock_delay(4 * 3600).unwrap().delay_seconds,
            4 * 3600
        );
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
