//! Settings, this installation and the Google account.

use rdv_core::Language;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The user's preferences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// The interface language.
    pub language: Language,
}

/// Where the app keeps its files, for the *À propos* section and for support.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppInfo {
    /// "RDV Compagnon".
    pub name: String,
    /// The app's version.
    pub version: String,
    /// The folder of the local database.
    pub data_dir: String,
    /// The folder of the log files.
    pub log_dir: String,
}

/// Whether the OS keychain can hold the app's secrets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "state", rename_all = "camelCase")]
pub enum KeychainStatus {
    /// Secrets can be written and read.
    Available,
    /// The keychain exists but is locked.
    Locked {
        /// What the keychain said.
        message: String,
    },
    /// No keychain answers in this session.
    Unavailable {
        /// What went wrong.
        message: String,
    },
}

/// The Google account of this installation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "state",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum AccountState {
    /// No account linked yet: show the onboarding.
    None,
    /// Waiting for the user to finish on Google's consent page in the browser.
    Linking,
    /// Linked and working.
    Linked {
        /// The account's email address.
        email: String,
        /// True in demo mode (the embedded sandbox, not Google).
        demo: bool,
    },
    /// Google refused the stored authorisation (`invalid_grant`): the user must re-link.
    ReconnectNeeded {
        /// The account's email address.
        email: String,
        /// True in demo mode.
        demo: bool,
    },
}
