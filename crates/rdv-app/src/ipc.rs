//! The types that cross the IPC boundary between the Rust side and the web view.
//!
//! Each is exported to TypeScript in `ui/src/lib/ipc/bindings.ts` by the test
//! `bindings::the_committed_typescript_bindings_are_up_to_date` (run it with
//! `UPDATE_BINDINGS=1` to regenerate after a change; CI fails when the file drifts).

use rdv_core::Language;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The one error shape of every command: `{ code, message }`. `code` tells the UI what to do
/// differently (offer to unlock the keychain, …); `message` is for the user to read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{message}")]
pub struct IpcError {
    /// What kind of failure, for the UI to branch on.
    pub code: ErrorCode,
    /// A sentence the user can act on. Never contains a secret or personal data.
    pub message: String,
}

/// The failures the UI treats differently. Add a code only when the UI does something different.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ErrorCode {
    /// The OS keychain is locked: ask the user to unlock it.
    KeychainLocked,
    /// There is no usable OS keychain in this session.
    KeychainUnavailable,
    /// No desktop notification service answers.
    NotificationsUnavailable,
    /// Anything else: show the message.
    Internal,
}

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

#[cfg(test)]
mod bindings {
    use super::*;
    use std::path::PathBuf;
    use ts_rs::Config;

    const HEADER: &str = "// This file is generated from the Rust types by `cargo test -p rdv-app` (ts-rs). Do not edit.\n";

    /// One declaration, with its Rust doc comment as JSDoc.
    fn declaration<T: TS>(cfg: &Config) -> String {
        let docs = T::docs().unwrap_or_default();
        format!("{docs}export {}", T::decl(cfg))
    }

    fn generated() -> String {
        let cfg = Config::default();
        let mut decls = [
            declaration::<AppInfo>(&cfg),
            declaration::<ErrorCode>(&cfg),
            declaration::<IpcError>(&cfg),
            declaration::<KeychainStatus>(&cfg),
            declaration::<Language>(&cfg),
            declaration::<Settings>(&cfg),
        ];
        decls.sort_by_key(|d| d.split("export type ").nth(1).map(str::to_owned));
        let mut out = String::from(HEADER);
        for decl in decls {
            out.push('\n');
            out.push_str(&decl);
            out.push('\n');
        }
        out
    }

    #[test]
    fn the_committed_typescript_bindings_are_up_to_date() {
        let path =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/ipc/bindings.ts");
        let want = generated();
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            std::fs::write(&path, &want).unwrap();
        }
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            have == want,
            "{} is out of date with the Rust IPC types; regenerate it with \
             `UPDATE_BINDINGS=1 cargo test -p rdv-app bindings` and commit it.\n--- expected:\n{want}",
            path.display()
        );
    }

    #[test]
    fn an_error_serialises_as_code_and_message_only() {
        let e = IpcError {
            code: ErrorCode::KeychainLocked,
            message: "m".into(),
        };
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            serde_json::json!({ "code": "keychainLocked", "message": "m" })
        );
    }

    #[test]
    fn keychain_status_is_tagged_by_state() {
        let s = KeychainStatus::Locked {
            message: "m".into(),
        };
        assert_eq!(
            serde_json::to_value(&s).unwrap(),
            serde_json::json!({ "state": "locked", "message": "m" })
        );
        assert_eq!(
            serde_json::to_value(KeychainStatus::Available).unwrap(),
            serde_json::json!({ "state": "available" })
        );
    }
}
