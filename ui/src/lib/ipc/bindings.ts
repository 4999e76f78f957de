// This file is generated from the Rust types by `cargo test -p rdv-app` (ts-rs). Do not edit.

/**
 * Where the app keeps its files, for the *À propos* section and for support.
 */
export type AppInfo = { 
/**
 * "RDV Compagnon".
 */
name: string, 
/**
 * The app's version.
 */
version: string, 
/**
 * The folder of the local database.
 */
dataDir: string, 
/**
 * The folder of the log files.
 */
logDir: string, };

/**
 * The failures the UI treats differently. Add a code only when the UI does something different.
 */
export type ErrorCode = "keychainLocked" | "keychainUnavailable" | "notificationsUnavailable" | "internal";

/**
 * The one error shape of every command: `{ code, message }`. `code` tells the UI what to do
 * differently (offer to unlock the keychain, …); `message` is for the user to read.
 */
export type IpcError = { 
/**
 * What kind of failure, for the UI to branch on.
 */
code: ErrorCode, 
/**
 * A sentence the user can act on. Never contains a secret or personal data.
 */
message: string, };

/**
 * Whether the OS keychain can hold the app's secrets.
 */
export type KeychainStatus = { "state": "available" } | { "state": "locked", 
/**
 * What the keychain said.
 */
message: string, } | { "state": "unavailable", 
/**
 * What went wrong.
 */
message: string, };

/**
 * A language the interface is translated into.
 */
export type Language = "fr" | "en";

/**
 * The user's preferences.
 */
export type Settings = { 
/**
 * The interface language.
 */
language: Language, };
