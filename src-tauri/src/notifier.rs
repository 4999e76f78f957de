//! The `Notifier` port over the desktop's notification service (freedesktop notifications on
//! Linux through D-Bus, native centres elsewhere), with notify-rust.

use rdv_core::ports::{Notification, Notifier, NotifyError};

/// The application name the notification daemon shows.
pub const APP_NAME: &str = "RDV Compagnon";

/// What a click on a notification does with its target (`calendarId/occurrenceId`).
pub type OnOpen = std::sync::Arc<dyn Fn(&str) + Send + Sync>;

/// Shows notifications on the desktop. A notification with a target gets a default action
/// where the daemon supports actions (freedesktop), and a click calls `on_open`.
#[derive(Clone, Default)]
pub struct DesktopNotifier {
    /// Called with the target when the user clicks the notification.
    pub on_open: Option<OnOpen>,
}

impl std::fmt::Debug for DesktopNotifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DesktopNotifier").finish_non_exhaustive()
    }
}

impl Notifier for DesktopNotifier {
    fn notify(&self, n: &Notification) -> Result<(), NotifyError> {
        let mut notification = notify_rust::Notification::new();
        // freedesktop daemons read the body as markup (the summary as plain text): escaped.
        #[cfg(all(unix, not(target_os = "macos")))]
        let body = n.markup_body();
        #[cfg(not(all(unix, not(target_os = "macos"))))]
        let body = n.body.clone();
        notification.appname(APP_NAME).summary(&n.title).body(&body);
        #[cfg(all(unix, not(target_os = "macos")))]
        if let (Some(target), Some(on_open)) = (n.open.clone(), self.on_open.clone()) {
            notification.action("default", "Ouvrir");
            let handle = notification
                .show()
                .map_err(|e| NotifyError::Unavailable(e.to_string()))?;
            // Waits for the click (or the close) off the caller's thread.
            std::thread::spawn(move || {
                handle.wait_for_action(|action| {
                    if action == "default" {
                        on_open(&target);
                    }
                });
            });
            return Ok(());
        }
        notification
            .show()
            .map(|_| ())
            .map_err(|e| NotifyError::Unavailable(e.to_string()))
    }
}
