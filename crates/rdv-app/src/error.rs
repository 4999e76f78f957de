//! What can go wrong in a use case, and the one rule for what the user reads about it: every
//! error has a French and an English sentence ([`AppError::text`]); the IPC boundary
//! ([`crate::api`]) picks the one of the user's language ([`AppError::into_ipc`]).

use crate::ipc::{ErrorCode, IpcError};
use rdv_core::ports::{NotifyError, SecretStoreError};
use rdv_core::{Language, Text};
use rdv_google::calendar::{CalendarError, PagingError};
use rdv_google::oauth::OAuthError;
use rdv_store::StoreError;
use std::fmt;

/// What can go wrong in a use case. Messages are for the user, in French and English
/// ([`AppError::text`]); none carries a token or patient data. `Display` writes the French one.
#[derive(Debug)]
#[non_exhaustive]
pub enum AppError {
    /// The local database failed.
    Store(StoreError),
    /// The OS keychain could not be used.
    Secrets(SecretStoreError),
    /// A notification could not be shown.
    Notify(NotifyError),
    /// Signing in with Google failed.
    OAuth(OAuthError),
    /// The Calendar API failed.
    Calendar(CalendarError),
    /// No Google account is linked.
    NoAccount,
    /// Google refused the stored grant; the user must link again.
    ReconnectNeeded,
    /// The browser step was cancelled or timed out.
    LinkCancelled,
    /// The user unticked the calendar permission on the consent page.
    CalendarScopeMissing,
    /// This build has no Google OAuth client configured.
    NotConfigured,
    /// The browser could not be opened (the system's reason).
    Browser(String),
    /// Unlinked locally, but Google could not be told (why).
    RevokeFailed(String),
    /// The user's role on the calendar does not allow it (PRODUCT.md art. 4.3).
    Forbidden(rdv_core::availability::Forbidden),
    /// The user's role does not allow this; the message says what they may do.
    NotAllowed(Text),
    /// What the user gave cannot be used (a file, a configuration): the message says why.
    InvalidInput(Text),
    /// A move to a time that is not a free slot of the booking's type (the user may force it).
    SlotUnavailable(Text),
    /// The publish plan changed between the preview and the confirmation.
    PlanChanged,
    /// The publish plan deletes more published availability than it keeps and the user has not
    /// confirmed it a second time; the message says what would go.
    RemovalNotConfirmed(Text),
    /// The booking site cannot be reached (the network's reason).
    SiteOffline(String),
    /// The app is locked: personal data waits for the PIN.
    Locked,
    /// A wrong PIN, or too many attempts (the message says how long to wait).
    WrongPin(Text),
    /// Anything else.
    Internal(Text),
}

impl AppError {
    /// [`AppError::InvalidInput`] with its French (`fr`) and English (`en`) message.
    pub fn invalid(fr: impl Into<String>, en: impl Into<String>) -> Self {
        Self::InvalidInput(Text::new(fr, en))
    }

    /// [`AppError::Internal`] for an unexpected failure described by `detail` (technical, never
    /// personal data).
    pub fn internal(detail: impl fmt::Display) -> Self {
        Self::Internal(Text::new(
            format!("Erreur inattendue : {detail}"),
            format!("Unexpected error: {detail}"),
        ))
    }

    /// A network failure: the app works from its cache.
    pub fn is_offline(&self) -> bool {
        match self {
            Self::OAuth(OAuthError::Network(_)) => true,
            Self::Calendar(e) => e.is_offline(),
            Self::SiteOffline(_) => true,
            _ => false,
        }
    }

    /// What the UI does differently for this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            e if e.is_offline() => ErrorCode::Offline,
            Self::Secrets(SecretStoreError::Locked(_)) => ErrorCode::KeychainLocked,
            Self::Secrets(_) => ErrorCode::KeychainUnavailable,
            Self::Notify(_) => ErrorCode::NotificationsUnavailable,
            Self::OAuth(OAuthError::Denied) => ErrorCode::OauthDenied,
            Self::OAuth(OAuthError::InvalidGrant(_)) | Self::ReconnectNeeded => {
                ErrorCode::ReconnectNeeded
            }
            Self::LinkCancelled | Self::OAuth(OAuthError::Timeout) => ErrorCode::OauthCancelled,
            Self::NoAccount => ErrorCode::NoAccount,
            Self::NotConfigured => ErrorCode::NotConfigured,
            Self::Forbidden(_) | Self::NotAllowed(_) => ErrorCode::Forbidden,
            Self::InvalidInput(_) => ErrorCode::InvalidInput,
            Self::PlanChanged => ErrorCode::PlanChanged,
            Self::RemovalNotConfirmed(_) => ErrorCode::RemovalNotConfirmed,
            Self::SlotUnavailable(_) => ErrorCode::SlotUnavailable,
            Self::Locked => ErrorCode::AppLocked,
            Self::WrongPin(_) => ErrorCode::WrongPin,
            _ => ErrorCode::Internal,
        }
    }

    /// What the user reads, in French and English: the one place each error gets its words.
    pub fn text(&self) -> Text {
        match self {
            Self::Store(e) => Text::new(
                format!("La base de données locale a échoué : {e}"),
                format!("The local database failed: {e}"),
            ),
            Self::Secrets(e) => secrets_text(e),
            Self::Notify(NotifyError::Unavailable(why)) => Text::new(
                format!(
                    "Aucun service de notification n'est disponible dans cette session ({why})."
                ),
                format!("No notification service is available in this desktop session ({why})."),
            ),
            Self::Notify(e) => Text::new(
                format!("La notification n'a pas pu s'afficher : {e}"),
                format!("The notification could not be shown: {e}"),
            ),
            Self::OAuth(e) => oauth_text(e),
            Self::Calendar(e) if e.is_offline() => Text::new(
                format!("Google est injoignable : vérifiez la connexion à Internet ({e})."),
                format!("Google cannot be reached: check the Internet connection ({e})."),
            ),
            Self::Calendar(CalendarError::Paging(PagingError::TooManyPages(pages))) => Text::new(
                format!(
                    "Google Agenda annonce des pages sans fin (plus de {pages} pages pour une seule liste) : la lecture est arrêtée, rien de cette liste n'est utilisé."
                ),
                format!(
                    "Google Calendar announces pages without end (more than {pages} pages in one listing): reading stopped, nothing of that listing is used."
                ),
            ),
            Self::Calendar(CalendarError::Paging(PagingError::RepeatedToken)) => Text::new(
                "Google Agenda renvoie une page déjà lue (la liste tourne en rond) : la lecture est arrêtée, rien de cette liste n'est utilisé.",
                "Google Calendar hands back a page already read (the listing goes round in circles): reading stopped, nothing of that listing is used.",
            ),
            Self::Calendar(e) => Text::new(
                format!("Google Agenda a refusé la demande : {e}"),
                format!("Google Calendar refused the request: {e}"),
            ),
            Self::NoAccount => Text::new(
                "Aucun compte Google n'est lié.",
                "No Google account is linked.",
            ),
            Self::ReconnectNeeded => Text::new(
                "Google a refusé l'accès enregistré : reconnectez le compte.",
                "Google refused the stored access: reconnect the account.",
            ),
            Self::LinkCancelled => Text::new(
                "La connexion à Google a été annulée ou ne s'est pas terminée à temps.",
                "The connection to Google was cancelled or not finished in time.",
            ),
            Self::CalendarScopeMissing => Text::new(
                "L'accès à Google Agenda n'a pas été accordé : cochez l'autorisation d'agenda sur \
                 la page de Google.",
                "Access to Google Calendar was not granted: tick the calendar permission on \
                 Google's page.",
            ),
            Self::NotConfigured => Text::new(
                "Cette installation n'a pas de client OAuth Google configuré (voir le README : \
                 compte Google) ; le mode démo fonctionne sans.",
                "This installation has no Google OAuth client configured (see README: Google \
                 account); the demo mode works without one.",
            ),
            Self::Browser(why) => Text::new(
                format!("Impossible d'ouvrir le navigateur web : {why}"),
                format!("Cannot open the web browser: {why}"),
            ),
            Self::RevokeFailed(why) => Text::new(
                format!(
                    "Le compte est délié sur cet ordinateur, mais Google n'a pas pu être joint pour \
                     révoquer l'accès ({why}) ; vous pouvez le révoquer depuis la page Sécurité de \
                     votre compte Google."
                ),
                format!(
                    "The account was unlinked on this computer, but Google could not be reached to \
                     revoke the access ({why}); you can revoke it from your Google account's \
                     security page."
                ),
            ),
            Self::Forbidden(f) => f.text(),
            Self::NotAllowed(t)
            | Self::InvalidInput(t)
            | Self::SlotUnavailable(t)
            | Self::RemovalNotConfirmed(t)
            | Self::WrongPin(t)
            | Self::Internal(t) => t.clone(),
            Self::PlanChanged => Text::new(
                "L'agenda ou les disponibilités ont changé depuis l'aperçu : revoyez le plan avant \
                 de publier.",
                "The calendar or the availability changed since the preview: review the plan \
                 before publishing.",
            ),
            Self::SiteOffline(why) => Text::new(
                format!("Le site de réservation est injoignable : {why}"),
                format!("The booking site cannot be reached: {why}"),
            ),
            Self::Locked => Text::new(
                "L'application est verrouillée : saisissez votre code.",
                "The app is locked: enter your PIN.",
            ),
        }
    }

    /// The error as the UI receives it, its message in `language`: what [`crate::api`] calls
    /// for every failed command.
    pub fn into_ipc(self, language: Language) -> IpcError {
        IpcError {
            code: self.code(),
            message: self.text().get(language).to_owned(),
        }
    }
}

/// The keychain's failures, in both languages.
fn secrets_text(e: &SecretStoreError) -> Text {
    match e {
        SecretStoreError::Locked(why) => Text::new(
            format!(
                "Le trousseau du système est verrouillé : déverrouillez-le puis réessayez ({why})."
            ),
            format!("The system keychain is locked: unlock it and try again ({why})."),
        ),
        SecretStoreError::Unavailable(why) => Text::new(
            format!("Aucun trousseau système n'est disponible ({why})."),
            format!("No system keychain is available ({why})."),
        ),
        e => Text::new(
            format!("Le trousseau du système a échoué : {e}"),
            format!("The system keychain failed: {e}"),
        ),
    }
}

/// Google's sign-in failures, in both languages.
fn oauth_text(e: &OAuthError) -> Text {
    match e {
        OAuthError::Denied => Text::new(
            "L'accès au compte Google a été refusé sur la page de Google.",
            "Access to the Google account was refused on Google's page.",
        ),
        OAuthError::Timeout => Text::new(
            "Pas de réponse de la page de Google à temps : recommencez la connexion.",
            "No answer from Google's page in time: try connecting again.",
        ),
        OAuthError::InvalidGrant(_) => Text::new(
            "Le compte Google doit être reconnecté.",
            "The Google account must be reconnected.",
        ),
        OAuthError::Network(why) => Text::new(
            format!("Google est injoignable ({why}) : vérifiez la connexion à Internet."),
            format!("Google could not be reached ({why}): check the Internet connection."),
        ),
        e => Text::new(
            format!("La connexion à Google a échoué : {e}"),
            format!("Signing in with Google failed: {e}"),
        ),
    }
}

impl fmt::Display for AppError {
    /// The French message (French is the default language).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().fr)
    }
}

impl std::error::Error for AppError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::Store(e) => Some(e),
            Self::Secrets(e) => Some(e),
            Self::Notify(e) => Some(e),
            Self::OAuth(e) => Some(e),
            Self::Calendar(e) => Some(e),
            Self::Forbidden(e) => Some(e),
            _ => None,
        }
    }
}

macro_rules! from_source {
    ($($variant:ident($source:ty)),* $(,)?) => {$(
        impl From<$source> for AppError {
            fn from(e: $source) -> Self {
                Self::$variant(e)
            }
        }
    )*};
}

from_source! {
    Store(StoreError),
    Secrets(SecretStoreError),
    Notify(NotifyError),
    OAuth(OAuthError),
    Calendar(CalendarError),
    Forbidden(rdv_core::availability::Forbidden),
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One error of each variant (the free-text ones as their use cases build them).
    fn samples() -> Vec<AppError> {
        vec![
            AppError::Store(StoreError::Corrupt {
                key: "k".into(),
                reason: "r".into(),
            }),
            AppError::Secrets(SecretStoreError::Locked("d-bus".into())),
            AppError::Secrets(SecretStoreError::Unavailable("d-bus".into())),
            AppError::Secrets(SecretStoreError::Failed("d-bus".into())),
            AppError::Notify(NotifyError::Unavailable("d-bus".into())),
            AppError::OAuth(OAuthError::Denied),
            AppError::OAuth(OAuthError::Timeout),
            AppError::OAuth(OAuthError::InvalidGrant("revoked".into())),
            AppError::OAuth(OAuthError::Network("dns".into())),
            AppError::OAuth(OAuthError::Server("500".into())),
            AppError::Calendar(CalendarError::Offline("dns".into())),
            AppError::Calendar(CalendarError::NotFound),
            AppError::NoAccount,
            AppError::ReconnectNeeded,
            AppError::LinkCancelled,
            AppError::CalendarScopeMissing,
            AppError::NotConfigured,
            AppError::Browser("xdg-open".into()),
            AppError::RevokeFailed("dns".into()),
            AppError::Forbidden(rdv_core::availability::Forbidden {
                role: rdv_core::availability::Role::Writer,
                action: rdv_core::availability::Action::CreateAvailability,
            }),
            AppError::Forbidden(rdv_core::availability::Forbidden {
                role: rdv_core::availability::Role::Reader,
                action: rdv_core::availability::Action::ModifyAvailability,
            }),
            AppError::NotAllowed(Text::new("Seul le propriétaire…", "Only the owner…")),
            AppError::invalid("Le code doit…", "The PIN must…"),
            AppError::SlotUnavailable(Text::new("Ce créneau…", "This slot…")),
            AppError::PlanChanged,
            AppError::RemovalNotConfirmed(Text::new("Ce plan…", "This plan…")),
            AppError::SiteOffline("dns".into()),
            AppError::Locked,
            AppError::WrongPin(Text::new("Code incorrect.", "Wrong PIN.")),
            AppError::internal("boom"),
        ]
    }

    #[test]
    fn every_error_reads_in_french_and_in_english() {
        for e in samples() {
            let text = e.text();
            assert!(!text.fr.trim().is_empty(), "{e:?}: no French");
            assert!(!text.en.trim().is_empty(), "{e:?}: no English");
            assert_ne!(text.fr, text.en, "{e:?}: the English is the French");
            assert_eq!(e.to_string(), text.fr, "{e:?}: Display is the French");
        }
    }

    #[test]
    fn the_ipc_error_speaks_the_language_asked() {
        for e in samples() {
            let (code, text) = (e.code(), e.text());
            let fr = AppError::text(&e).fr;
            assert_eq!(fr, text.fr);
            let en = e.into_ipc(Language::En);
            assert_eq!(en.code, code);
            assert_eq!(en.message, text.en);
        }
        let fr = AppError::Locked.into_ipc(Language::Fr);
        assert_eq!(fr.code, ErrorCode::AppLocked);
        assert_eq!(
            fr.message,
            "L'application est verrouillée : saisissez votre code."
        );
    }

    /// What `command` answers, through the command table, to a user whose interface speaks
    /// `language`, after `before` prepared the app.
    fn refusal(
        language: Language,
        before: fn(&crate::App),
        command: &str,
        params: serde_json::Value,
    ) -> IpcError {
        let app = crate::tests::app_with(Default::default(), Default::default());
        app.set_language(language).unwrap();
        before(&app);
        let answer = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(crate::api::dispatch(&app, command, params));
        answer.expect_err(command)
    }

    #[test]
    fn a_french_and_an_english_user_get_the_same_error_each_in_their_language() {
        use serde_json::json;
        fn nothing(_: &crate::App) {}
        fn with_pin(app: &crate::App) {
            app.set_lock_pin(None, "2468").unwrap();
        }
        fn locked(app: &crate::App) {
            with_pin(app);
            app.lock().unwrap();
        }
        type Case = (
            fn(&crate::App),
            &'static str,
            serde_json::Value,
            ErrorCode,
            &'static str,
            &'static str,
        );
        let cases: [Case; 5] = [
            (
                nothing,
                "set_lock_pin",
                json!({ "current": null, "pin": "12" }),
                ErrorCode::InvalidInput,
                "de 4 à 8 chiffres",
                "4 to 8 digits",
            ),
            (
                with_pin,
                "unlock_app",
                json!({ "pin": "1357" }),
                ErrorCode::WrongPin,
                "Code incorrect",
                "Wrong PIN",
            ),
            (
                locked,
                "upcoming_bookings",
                json!({ "query": null }),
                ErrorCode::AppLocked,
                "verrouillée",
                "locked",
            ),
            (
                nothing,
                "set_retention_days",
                json!({ "days": 100 }),
                ErrorCode::InvalidInput,
                "90, 120 ou 240 jours",
                "90, 120 or 240 days",
            ),
            (
                nothing,
                "drop_database",
                json!({}),
                ErrorCode::InvalidInput,
                "commande inconnue",
                "unknown command",
            ),
        ];
        for (before, command, params, code, fr, en) in cases {
            let french = refusal(Language::Fr, before, command, params.clone());
            let english = refusal(Language::En, before, command, params);
            assert_eq!(french.code, code, "{command}: {}", french.message);
            assert_eq!(english.code, code, "{command}: {}", english.message);
            assert!(french.message.contains(fr), "{command}: {}", french.message);
            assert!(
                english.message.contains(en),
                "{command}: {}",
                english.message
            );
        }
    }
}
