//! Texts the Rust side shows outside the web view (notifications, tray), per language. The web
//! view has its own catalogues in `ui/src/lib/i18n/`.

use crate::ipc::{SyncState, SyncStatus};
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
        ..Default::default()
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
    /// The *Ne pas déranger* submenu.
    pub dnd: &'static str,
    /// … for one hour.
    pub dnd_hour: &'static str,
    /// … until tomorrow.
    pub dnd_tomorrow: &'static str,
    /// … off again.
    pub dnd_off: &'static str,
    /// Title of the day's next appointments.
    pub today: &'static str,
    /// When there is none left.
    pub none_today: &'static str,
}

/// The tray menu in the given language.
pub fn tray_labels(language: Language) -> TrayLabels {
    match language {
        Language::Fr => TrayLabels {
            open: "Ouvrir",
            sync_now: "Synchroniser maintenant",
            quit: "Quitter",
            dnd: "Ne pas déranger",
            dnd_hour: "Pendant 1 heure",
            dnd_tomorrow: "Jusqu'à demain",
            dnd_off: "Réactiver les notifications",
            today: "Aujourd'hui",
            none_today: "Plus de rendez-vous aujourd'hui",
        },
        Language::En => TrayLabels {
            open: "Open",
            sync_now: "Sync now",
            quit: "Quit",
            dnd: "Do not disturb",
            dnd_hour: "For 1 hour",
            dnd_tomorrow: "Until tomorrow",
            dnd_off: "Notifications back on",
            today: "Today",
            none_today: "No more appointments today",
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
        ..Default::default()
    }
}

/// The tray tooltip for a sync status.
pub fn tray_tooltip(language: Language, status: &SyncStatus) -> String {
    let state = match (language, status.state) {
        (Language::Fr, SyncState::NoAccount) => "aucun compte lié",
        (Language::Fr, SyncState::Idle) => "à jour",
        (Language::Fr, SyncState::Syncing) => "synchronisation…",
        (Language::Fr, SyncState::Offline) => "hors ligne",
        (Language::Fr, SyncState::Error) => "erreur de synchronisation",
        (Language::En, SyncState::NoAccount) => "no account linked",
        (Language::En, SyncState::Idle) => "up to date",
        (Language::En, SyncState::Syncing) => "syncing…",
        (Language::En, SyncState::Offline) => "offline",
        (Language::En, SyncState::Error) => "sync error",
    };
    format!("RDV Compagnon — {state}")
}

/// The tray tooltip when the account must be re-linked.
pub fn tray_reconnect(language: Language) -> String {
    match language {
        Language::Fr => "RDV Compagnon — reconnexion nécessaire".into(),
        Language::En => "RDV Compagnon — reconnection needed".into(),
    }
}

/// The flag after a tray appointment whose patient repeatedly missed appointments without
/// excuse (`rdv_core::history::is_repeated`): a sign and words, not a colour alone.
pub(crate) fn repeated_no_shows(language: Language, no_shows: u32) -> String {
    match language {
        Language::Fr => format!("⚠ {no_shows} absences non excusées"),
        Language::En => format!("⚠ {no_shows} unexcused no-shows"),
    }
}
