//! The `Notifier` port over the desktop's notification service (freedesktop notifications on
//! Linux through D-Bus, native centres elsewhere), with notify-rust.

use rdv_core::ports::{Notification, Notifier, NotifyError};

/// The application name the notification daemon shows.
pub const APP_NAME: &str = "RDV Compagnon";

/// Shows notifications on the desktop.
#[derive(Debug, Clone, Copy, Default)]
pub struct DesktopNotifier;

impl Notifier for DesktopNotifier {
    fn notify(&self, n: &Notification) -> Result<(), NotifyError> {
        notify_rust::Notification::new()
            .appname(APP_NAME)
            .summary(&n.title)
            .body(&n.body)
            .show()
            .map(|_| ())
            .map_err(|e| NotifyError::Unavailable(e.to_string()))
    }
}
