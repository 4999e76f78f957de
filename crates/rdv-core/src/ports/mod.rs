//! Ports: what the domain and the use cases need from the outside world, as traits.
//!
//! The shell (`src-tauri`) implements them over the OS (keychain, notification daemon, system
//! clock); tests use the in-memory adapters of the `testing` feature. Nothing here does IO.

mod clock;
mod notifier;
mod secrets;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use clock::{Clock, SystemClock};
pub use notifier::{Notification, Notifier, NotifyError};
pub use secrets::{SecretKey, SecretStore, SecretStoreError};
