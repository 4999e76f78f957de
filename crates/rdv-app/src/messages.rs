//! Texts the Rust side shows outside the web view (notifications, tray), per language. The web
//! view has its own catalogues in `ui/src/lib/i18n/`.

use rdv_core::Language;
use rdv_core::ports::Notification;

/// The notification sent by *Envoyer une notification de test*.
pub(crate) fn test_notification(language: Language) -> Notification {
    let (title, body) = match language {
        Language::Fr => (
            "RDV Compagnon",
            "Les notifications fonctionnent : vos rappels de rendez-vous s'afficheront ainsi.",
        ),
        Language::En => (
            "RDV Compagnon",
            "Notifications work: your appointment reminders will look like this.",
        ),
    };
    Notification {
        title: title.into(),
        body: body.into(),
    }
}

/// The labels of the tray menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrayLabels {
    /// Shows the main window.
    pub open: &'static str,
    /// Runs a sync now.
    pub sync_now: &'static str,
    /// Exits the app.
    pub quit: &'static str,
}

/// The tray menu in the given language.
pub fn tray_labels(language: Language) -> TrayLabels {
    match language {
        Language::Fr => TrayLabels {
            open: "Ouvrir",
            sync_now: "Synchroniser maintenant",
            quit: "Quitter",
        },
        Language::En => TrayLabels {
            open: "Open",
            sync_now: "Sync now",
            quit: "Quit",
        },
    }
}

/// Said when a sync is asked for while no Google account is linked.
pub(crate) fn nothing_to_sync(language: Language) -> Notification {
    let body = match language {
        Language::Fr => {
            "Aucun compte Google n'est lié : il n'y a rien à synchroniser pour l'instant."
        }
        Language::En => "No Google account is linked yet: there is nothing to synchronise.",
    };
    Notification {
        title: "RDV Compagnon".into(),
        body: body.into(),
    }
}
