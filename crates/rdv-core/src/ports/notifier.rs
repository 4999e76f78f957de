/// A desktop notification, already translated and already stripped of whatever the privacy
/// settings hide.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notification {
    /// One short line (the summary).
    pub title: String,
    /// The body text.
    pub body: String,
    /// What a click opens, where the platform supports actions: an appointment's
    /// `calendarId/occurrenceId`.
    pub open: Option<String>,
}

/// Why a notification could not be shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NotifyError {
    /// No notification service is running in the desktop session.
    #[error("no notification service is available in this desktop session: {0}")]
    Unavailable(String),
}

/// Shows desktop notifications.
pub trait Notifier: Send + Sync {
    /// Shows one notification.
    fn notify(&self, notification: &Notification) -> Result<(), NotifyError>;
}
