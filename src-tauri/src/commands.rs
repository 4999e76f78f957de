//! IPC commands: one Tauri command per entry of rdv-app's command table
//! (`crates/rdv-app/src/api/table.rs`), each forwarding its JSON arguments to
//! [`rdv_app::api::dispatch`] — the same entry point the browser server calls — and the three
//! start-up commands of [`crate::startup`] (`rdv_app::api::STARTUP_COMMANDS`), which answer before
//! the app runs. Permissions (`build.rs` from `commands.list`) and the capability are generated
//! from the same lists.

use rdv_app::App;
use rdv_app::ipc::IpcError;
use tauri::ipc::{InvokeBody, Request};
use tauri::{Runtime, State};

/// The arguments of an invoke, as JSON (`null` when there are none).
fn arguments(request: &Request<'_>) -> serde_json::Value {
    match request.body() {
        InvokeBody::Json(value) => value.clone(),
        InvokeBody::Raw(_) => serde_json::Value::Null,
    }
}

/// Declares one Tauri command per name, and the handler listing them all.
macro_rules! tauri_commands {
    ($($name:ident),*) => {
        $(
            #[tauri::command]
            async fn $name(
                app: State<'_, App>,
                request: Request<'_>,
            ) -> Result<serde_json::Value, IpcError> {
                let params = arguments(&request);
                rdv_app::api::dispatch(&app, stringify!($name), params).await
            }
        )*

        /// The command table handed to the builder.
        pub(crate) fn handler<R: Runtime>()
        -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static {
            tauri::generate_handler![
                $($name,)*
                crate::startup::startup_state,
                crate::startup::recovery_retry,
                crate::startup::recovery_rebuild
            ]
        }
    };
}

rdv_app::with_command_names!(tauri_commands);
