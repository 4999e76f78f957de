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

impl Notification {
    /// The body for a freedesktop notification daemon, which reads bodies as markup (`<b>`,
    /// `<a href>`, `<img>`, entities): `&`, `<` and `>` escaped, so a patient's name or a motif
    /// is shown as typed and can add no link, image or formatting. The body itself stays plain
    /// text for the other notifiers (the browser's event stream).
    ///
    /// ```
    /// use rdv_core::ports::Notification;
    /// let n = Notification { body: "<b>Léa</b> & co".into(), ..Notification::default() };
    /// assert_eq!(n.markup_body(), "&lt;b&gt;Léa&lt;/b&gt; &amp; co");
    /// ```
    pub fn markup_body(&self) -> String {
        let mut out = String::with_capacity(self.body.len());
        for c in self.body.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                c => out.push(c),
            }
        }
        out
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_markup_body_shows_hostile_text_as_typed() {
        let n = Notification {
            title: "Rappel".into(),
            body: "10:00 <a href=\"https://evil.fr\">Léa</a> & <img src=x> &amp; fin".into(),
            open: None,
        };
        let body = n.markup_body();
        assert_eq!(
            body,
            "10:00 &lt;a href=\"https://evil.fr\"&gt;Léa&lt;/a&gt; &amp; &lt;img src=x&gt; \
             &amp;amp; fin"
        );
        assert!(!body.contains(['<', '>']));
        assert_eq!(
            n.body,
            "10:00 <a href=\"https://evil.fr\">Léa</a> & <img src=x> &amp; fin"
        );
    }
}
