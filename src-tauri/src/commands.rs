//! IPC commands: each takes the state, calls one use case, and maps the error to `{code, message}`.
//! Listed in `build.rs` (one permission each) and granted in `capabilities/main.json`.

use crate::tray;
use rdv_app::App;
use rdv_app::ipc::{AppInfo, IpcError, KeychainStatus, Settings};
use rdv_core::Language;
use tauri::{AppHandle, Runtime, State};

type Result<T> = std::result::Result<T, IpcError>;

/// The command table handed to the builder.
pub(crate) fn handler<R: Runtime>() -> impl Fn(tauri::ipc::Invoke<R>) -> bool + Send + Sync + 'static
{
    tauri::generate_handler![
        get_settings,
        set_language,
        app_info,
        keychain_status,
        send_test_notification
    ]
}

#[tauri::command]
fn get_settings(app: State<'_, App>) -> Result<Settings> {
    Ok(app.settings()?)
}

#[tauri::command]
fn set_language<R: Runtime>(
    handle: AppHandle<R>,
    app: State<'_, App>,
    language: Language,
) -> Result<Settings> {
    let settings = app.set_language(language)?;
    tray::relabel(&handle, settings.language);
    Ok(settings)
}

#[tauri::command]
fn app_info(app: State<'_, App>) -> AppInfo {
    app.info().clone()
}

/// Async: the keychain round trip talks D-Bus and must not block the UI thread.
#[tauri::command]
async fn keychain_status(app: State<'_, App>) -> Result<KeychainStatus> {
    Ok(app.keychain_status())
}

#[tauri::command]
async fn send_test_notification(app: State<'_, App>) -> Result<()> {
    Ok(app.send_test_notification()?)
}
