//! # The command surface: one table, every transport
//!
//! Every command the UI can call is one entry of the table in [`table`]: its name, arguments,
//! result, guard and the one use case it calls. From that table come:
//! - [`call`], one typed function per command (logging its error at the boundary);
//! - [`dispatch`], `{command, params}` as JSON in, the answer as JSON out — what both transports
//!   run: the Tauri shell (one Tauri command per entry, forwarding its arguments here) and the
//!   browser server (`rdv-server`, `POST /api/call`);
//! - [`COMMANDS`], the table as data: the generated TypeScript client
//!   (`ui/src/lib/ipc/commands.ts`), the shell's permission list (`src-tauri/commands.list`, read
//!   by its `build.rs`) and capability (`src-tauri/capabilities/main.json`) are written from it
//!   by `make bindings`, and a test fails when a committed copy drifts;
//! - [`with_command_names!`](crate::with_command_names), the names for the shell's
//!   `generate_handler!`.

use crate::ipc::IpcError;
use crate::{App, AppError};
use serde::de::DeserializeOwned;
use serde_json::Value;

mod table;

#[cfg(test)]
mod generate;

pub use table::{COMMANDS, call, dispatch};

/// The shell's start-up commands (src-tauri `startup.rs`), outside the table because they answer
/// before an [`App`](crate::App) exists (the database could not be opened: the recovery screen).
/// They get a permission and a place in the capability like the table's commands; the browser
/// server has none (its store is in memory).
pub const STARTUP_COMMANDS: [&str; 3] = ["startup_state", "recovery_retry", "recovery_rebuild"];

/// What a command needs before it runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guard {
    /// Always callable (settings, the lock itself, what names no one).
    Open,
    /// Reads or changes personal data: refused while the app is locked.
    Unlocked,
}

/// One argument of a command.
#[derive(Debug, Clone, Copy)]
pub struct Param {
    /// Its Rust name (snake_case); the wire name is its camelCase form.
    pub name: &'static str,
    /// Its TypeScript type (ts-rs).
    pub ts: fn(&ts_rs::Config) -> String,
}

/// One entry of the command table, as data.
#[derive(Debug, Clone, Copy)]
pub struct CommandSpec {
    /// The command's name (snake_case), as sent on the wire.
    pub name: &'static str,
    /// Its documentation (the table's doc comment).
    pub doc: &'static str,
    /// Its arguments, in order.
    pub params: &'static [Param],
    /// The TypeScript type of its answer.
    pub result: fn(&ts_rs::Config) -> String,
    /// What it needs before it runs.
    pub guard: Guard,
}

impl CommandSpec {
    /// The shell's permission for this command (`allow-get-settings`).
    pub fn permission(&self) -> String {
        format!("allow-{}", self.name.replace('_', "-"))
    }
}

/// Refuses a guarded command while the app is locked.
fn check_guard(app: &App, guard: Guard) -> Result<(), AppError> {
    match guard {
        Guard::Open => Ok(()),
        Guard::Unlocked => app.ensure_unlocked(),
    }
}

/// Where a use case's error becomes what the UI receives: its message in the user's language
/// (the stored setting; French when it cannot be read).
fn to_ipc(app: &App, error: AppError) -> IpcError {
    let language = app.settings().map(|s| s.language).unwrap_or_default();
    error.into_ipc(language)
}

/// Reads a command's arguments (`null` when it takes none).
fn params<P: DeserializeOwned>(command: &str, params: Value) -> Result<P, AppError> {
    let params = if params.is_null() {
        Value::Object(Default::default())
    } else {
        params
    };
    serde_json::from_value(params).map_err(|e| {
        AppError::invalid(
            format!("arguments invalides pour « {command} » : {e}"),
            format!("invalid arguments for “{command}”: {e}"),
        )
    })
}

/// Writes a command's answer.
fn answer<T: serde::Serialize>(value: T) -> Result<Value, AppError> {
    serde_json::to_value(value).map_err(|e| {
        AppError::Internal(rdv_core::Text::new(
            format!("réponse illisible : {e}"),
            format!("unreadable answer: {e}"),
        ))
    })
}

/// Logs a failed command at the boundary: its name and error code (never its message or
/// arguments, which may name a patient).
fn logged<T>(command: &str, result: Result<T, IpcError>) -> Result<T, IpcError> {
    if let Err(e) = &result {
        tracing::warn!(command, code = ?e.code, "command failed");
    }
    result
}

/// A date argument `YYYY-MM-DD`.
fn date(value: &str) -> Result<chrono::NaiveDate, AppError> {
    value.parse().map_err(|_| {
        AppError::invalid(
            format!("date invalide « {value} » (attendu AAAA-MM-JJ)"),
            format!("invalid date “{value}” (expected YYYY-MM-DD)"),
        )
    })
}

/// Declares the command table (see the module's documentation). `$d` is a `$` token, so the
/// table can declare [`with_command_names!`](crate::with_command_names) too.
macro_rules! command_table {
    ($d:tt $(
        $(#[doc = $doc:literal])*
        fn $name:ident ( $($arg:ident : $ty:ty),* $(,)? ) -> $ret:ty, $guard:ident
            => |$app:ident| $body:expr;
    )*) => {
        /// One typed function per command: the guard, then the one use case it calls.
        pub mod call {
            #[allow(unused_imports)]
            use super::*;
            $(
                $(#[doc = $doc])*
                #[allow(clippy::unused_async)]
                pub async fn $name(app: &App, $($arg: $ty),*) -> Result<$ret, crate::ipc::IpcError> {
                    let run = async move {
                        crate::api::check_guard(app, crate::api::Guard::$guard)?;
                        let $app = app;
                        let result: Result<$ret, crate::AppError> = $body;
                        result
                    };
                    let result = run.await.map_err(|e| crate::api::to_ipc(app, e));
                    crate::api::logged(stringify!($name), result)
                }
            )*
        }

        /// Runs `command` with its JSON `params` (camelCase names) and answers in JSON: what
        /// every transport calls.
        pub async fn dispatch(
            app: &App,
            command: &str,
            params: serde_json::Value,
        ) -> Result<serde_json::Value, crate::ipc::IpcError> {
            match command {
                $(
                    stringify!($name) => {
                        #[derive(serde::Deserialize)]
                        #[serde(rename_all = "camelCase", deny_unknown_fields)]
                        struct Params { $($arg: $ty),* }
                        let Params { $($arg),* } = crate::api::params(command, params)
                            .map_err(|e| crate::api::to_ipc(app, e))?;
                        crate::api::answer(call::$name(app, $($arg),*).await?)
                            .map_err(|e| crate::api::to_ipc(app, e))
                    }
                )*
                _ => Err(crate::api::to_ipc(app, crate::AppError::invalid(
                    format!("commande inconnue « {command} »"),
                    format!("unknown command “{command}”"),
                ))),
            }
        }

        /// The table as data.
        pub const COMMANDS: &[crate::api::CommandSpec] = &[
            $(
                crate::api::CommandSpec {
                    name: stringify!($name),
                    doc: concat!($($doc, "\n"),*),
                    params: &[$(crate::api::Param {
                        name: stringify!($arg),
                        ts: <$ty as ts_rs::TS>::name,
                    }),*],
                    result: <$ret as ts_rs::TS>::name,
                    guard: crate::api::Guard::$guard,
                },
            )*
        ];

        /// Calls `$callback! { name, name, … }` with every command's name (the Tauri shell's
        /// `generate_handler!`).
        #[macro_export]
        macro_rules! with_command_names {
            ($d callback:ident) => {
                $d callback! { $($name),* }
            };
        }
    };
}
use command_table;
