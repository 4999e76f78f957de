//! IPC commands: each takes the state, calls one use case, and maps the error to `{code, message}`.
//! Listed in `build.rs` (one permission each) and granted in `capabilities/main.json`.

use crate::tray;
use rdv_app::App;
use rdv_app::ipc::{
    AccountState, AgendaEvent, AppInfo, Booking, CalendarInfo, IpcError, KeychainStatus, Settings,
    SyncStatus,
};
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
        send_test_notification,
        account_status,
        link_google_account,
        cancel_linking,
        start_demo,
        unlink_account,
        list_calendars,
        set_calendar_selected,
        sync_now,
        sync_status,
        agenda_events,
        upcoming_bookings,
        open_contact_link
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

#[tauri::command]
fn account_status(app: State<'_, App>) -> Result<AccountState> {
    Ok(app.account_state()?)
}

#[tauri::command]
async fn link_google_account(app: State<'_, App>) -> Result<AccountState> {
    Ok(app.link_google_account().await?)
}

#[tauri::command]
fn cancel_linking(app: State<'_, App>) {
    app.cancel_linking();
}

#[tauri::command]
async fn start_demo(app: State<'_, App>) -> Result<AccountState> {
    Ok(app.start_demo().await?)
}

#[tauri::command]
async fn unlink_account(app: State<'_, App>) -> Result<AccountState> {
    Ok(app.unlink_account().await?)
}

#[tauri::command]
fn list_calendars(app: State<'_, App>) -> Result<Vec<CalendarInfo>> {
    Ok(app.calendars()?)
}

#[tauri::command]
fn set_calendar_selected(
    app: State<'_, App>,
    calendar_id: String,
    selected: bool,
) -> Result<Vec<CalendarInfo>> {
    Ok(app.set_calendar_selected(&calendar_id, selected)?)
}

#[tauri::command]
async fn sync_now(app: State<'_, App>) -> Result<SyncStatus> {
    Ok(app.sync_now().await)
}

#[tauri::command]
fn sync_status(app: State<'_, App>) -> SyncStatus {
    app.sync_status()
}

#[tauri::command]
fn agenda_events(app: State<'_, App>, from: String, to: String) -> Result<Vec<AgendaEvent>> {
    Ok(app.agenda_events(&from, &to)?)
}

#[tauri::command]
fn upcoming_bookings(app: State<'_, App>, query: Option<String>) -> Result<Vec<Booking>> {
    Ok(app.upcoming_bookings(query.as_deref())?)
}

/// Opens a patient's `tel:` or `mailto:` link with the system (softphone, mail client). Any other
/// scheme is refused: the web view must never open arbitrary URLs.
#[tauri::command]
fn open_contact_link<R: Runtime>(handle: AppHandle<R>, url: String) -> Result<()> {
    use tauri_plugin_opener::OpenerExt;
    let allowed = (url.starts_with("tel:") || url.starts_with("mailto:"))
        && !url.chars().any(char::is_control)
        && url.len() <= 512;
    if !allowed {
        return Err(IpcError {
            code: rdv_app::ipc::ErrorCode::Internal,
            message: "only tel: and mailto: links can be opened".into(),
        });
    }
    handle
        .opener()
        .open_url(&url, None::<&str>)
        .map_err(|e| IpcError {
            code: rdv_app::ipc::ErrorCode::Internal,
            message: format!("cannot open the link with the system: {e}"),
        })
}
