//! IPC commands: each takes the state, calls one use case, and maps the error to `{code, message}`.
//! Listed in `build.rs` (one permission each) and granted in `capabilities/main.json`.

use crate::tray;
use rdv_app::App;
use rdv_app::ipc::{
    AccessRole, AccountState, ActionOutcome, ActivityEntry, AgendaEvent, AppInfo,
    AvailabilityState, Booking, BookingAction, CalendarInfo, DoNotDisturb, ErasureMatch,
    ErasureReport, HolidayInfo, IpcError, KeychainStatus, LockStatus, OutboxItem, PracticeConfig,
    PublishOutcome, PublishPreview, ReminderPrefs, RetentionPreview, RetentionState, Settings,
    ShareEntry, SiteState, SlotPreview, SmsCheck, SmsTextsState, SmsUsageView, SyncStatus,
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
        open_contact_link,
        get_availability,
        save_availability,
        preview_slots,
        availability_holidays,
        plan_publish,
        publish_availability,
        import_availability,
        export_availability,
        list_sharing,
        grant_access,
        change_access,
        revoke_access,
        booking_action,
        move_options,
        outbox_items,
        retry_outbox_item,
        discard_outbox_item,
        activity_log,
        booking_details,
        reminder_prefs,
        set_reminder_prefs,
        set_do_not_disturb,
        lock_status,
        set_lock_pin,
        remove_lock_pin,
        set_lock_delay,
        lock_app,
        unlock_app,
        autostart_status,
        set_autostart,
        retention_state,
        set_retention_days,
        retention_preview,
        confirm_retention,
        scrub_google_past,
        find_person,
        erase_person,
        site_state,
        link_site,
        link_demo_site,
        unlink_site,
        sync_site,
        sms_texts,
        check_sms_text,
        validate_sms_texts,
        sms_usage
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
    crate::set_web_language(&handle, settings.language);
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

/// A date argument `YYYY-MM-DD`.
fn date(value: &str) -> Result<chrono::NaiveDate> {
    value.parse().map_err(|_| IpcError {
        code: rdv_app::ipc::ErrorCode::InvalidInput,
        message: format!("date invalide « {value} » (attendu AAAA-MM-JJ)"),
    })
}

/// Reads what the calendar holds as published (Google), so async.
#[tauri::command]
async fn get_availability(app: State<'_, App>, calendar_id: String) -> Result<AvailabilityState> {
    Ok(app.availability(&calendar_id).await?)
}

/// Saves a calendar's availability; the use case refuses what the user's role does not allow
/// (a secretary opening new time) — the rule is enforced here, not by the UI.
#[tauri::command]
fn save_availability(
    app: State<'_, App>,
    calendar_id: String,
    config: PracticeConfig,
) -> Result<AvailabilityState> {
    Ok(app.save_availability(&calendar_id, config)?)
}

#[tauri::command]
fn preview_slots(
    app: State<'_, App>,
    calendar_id: String,
    config: PracticeConfig,
    day: String,
) -> Result<SlotPreview> {
    Ok(app.preview_slots(&calendar_id, &config, date(&day)?)?)
}

#[tauri::command]
fn availability_holidays(
    config: PracticeConfig,
    from: String,
    to: String,
) -> Result<Vec<HolidayInfo>> {
    Ok(App::availability_holidays(
        &config,
        date(&from)?,
        date(&to)?,
    ))
}

#[tauri::command]
async fn plan_publish(app: State<'_, App>, calendar_id: String) -> Result<PublishPreview> {
    Ok(app.plan_publish(&calendar_id).await?)
}

#[tauri::command]
async fn publish_availability(
    app: State<'_, App>,
    calendar_id: String,
    fingerprint: String,
    confirm_removal: bool,
) -> Result<PublishOutcome> {
    Ok(app
        .publish_availability(&calendar_id, &fingerprint, confirm_removal)
        .await?)
}

/// Asks for a TOML or JSON file (native dialog) and imports it; `None` when the user cancels.
/// Async so the dialog does not block the main thread.
#[tauri::command]
async fn import_availability<R: Runtime>(
    handle: AppHandle<R>,
    app: State<'_, App>,
    calendar_id: String,
) -> Result<Option<AvailabilityState>> {
    use tauri_plugin_dialog::DialogExt;
    let picked = handle
        .dialog()
        .file()
        .set_title("Importer des disponibilités")
        .add_filter("Disponibilités (TOML, JSON)", &["toml", "json"])
        .blocking_pick_file();
    let Some(path) = picked.and_then(|p| p.into_path().ok()) else {
        return Ok(None);
    };
    Ok(Some(app.import_availability(&calendar_id, &path)?))
}

/// Asks where to save (native dialog) and exports; the path written, `None` when cancelled.
#[tauri::command]
async fn export_availability<R: Runtime>(
    handle: AppHandle<R>,
    app: State<'_, App>,
    calendar_id: String,
) -> Result<Option<String>> {
    use tauri_plugin_dialog::DialogExt;
    let picked = handle
        .dialog()
        .file()
        .set_title("Exporter les disponibilités")
        .set_file_name("disponibilites.toml")
        .add_filter("TOML", &["toml"])
        .add_filter("JSON", &["json"])
        .blocking_save_file();
    let Some(path) = picked.and_then(|p| p.into_path().ok()) else {
        return Ok(None);
    };
    app.export_availability(&calendar_id, &path)?;
    Ok(Some(path.display().to_string()))
}

/// Who has access to an owned calendar (re-read from Google).
#[tauri::command]
async fn list_sharing(app: State<'_, App>, calendar_id: String) -> Result<Vec<ShareEntry>> {
    Ok(app.list_sharing(&calendar_id).await?)
}

#[tauri::command]
async fn grant_access(
    app: State<'_, App>,
    calendar_id: String,
    email: String,
    role: AccessRole,
) -> Result<Vec<ShareEntry>> {
    Ok(app.grant_access(&calendar_id, &email, role).await?)
}

#[tauri::command]
async fn change_access(
    app: State<'_, App>,
    calendar_id: String,
    rule_id: String,
    role: AccessRole,
) -> Result<Vec<ShareEntry>> {
    Ok(app.change_access(&calendar_id, &rule_id, role).await?)
}

#[tauri::command]
async fn revoke_access(
    app: State<'_, App>,
    calendar_id: String,
    rule_id: String,
) -> Result<Vec<ShareEntry>> {
    Ok(app.revoke_access(&calendar_id, &rule_id).await?)
}

/// Cancel, move, mark or annotate a booking; the role is checked by the use case.
#[tauri::command]
async fn booking_action(
    app: State<'_, App>,
    calendar_id: String,
    event_id: String,
    action: BookingAction,
) -> Result<ActionOutcome> {
    Ok(app.act_on_booking(&calendar_id, &event_id, action).await?)
}

#[tauri::command]
fn move_options(
    app: State<'_, App>,
    calendar_id: String,
    event_id: String,
    day: String,
) -> Result<Vec<String>> {
    Ok(app.move_options(&calendar_id, &event_id, date(&day)?)?)
}

#[tauri::command]
fn outbox_items(app: State<'_, App>) -> Result<Vec<OutboxItem>> {
    Ok(app.outbox_items()?)
}

#[tauri::command]
async fn retry_outbox_item(app: State<'_, App>, seq: i64) -> Result<Vec<OutboxItem>> {
    Ok(app.retry_outbox_item(seq).await?)
}

#[tauri::command]
fn discard_outbox_item(app: State<'_, App>, seq: i64) -> Result<Vec<OutboxItem>> {
    Ok(app.discard_outbox_item(seq)?)
}

#[tauri::command]
fn activity_log(app: State<'_, App>, limit: Option<u32>) -> Result<Vec<ActivityEntry>> {
    Ok(app.activity_log(limit.unwrap_or(200) as usize)?)
}

#[tauri::command]
fn booking_details(
    app: State<'_, App>,
    calendar_id: String,
    id: String,
) -> Result<Option<Booking>> {
    Ok(app.booking_details(&calendar_id, &id)?)
}

#[tauri::command]
fn reminder_prefs(app: State<'_, App>) -> Result<ReminderPrefs> {
    Ok(app.reminder_prefs()?)
}

#[tauri::command]
fn set_reminder_prefs<R: Runtime>(
    handle: AppHandle<R>,
    app: State<'_, App>,
    prefs: ReminderPrefs,
) -> Result<ReminderPrefs> {
    let saved = app.set_reminder_prefs(prefs)?;
    tray::refresh(&handle);
    Ok(saved)
}

#[tauri::command]
fn set_do_not_disturb<R: Runtime>(
    handle: AppHandle<R>,
    app: State<'_, App>,
    choice: DoNotDisturb,
) -> Result<ReminderPrefs> {
    let saved = app.set_do_not_disturb(choice)?;
    tray::refresh(&handle);
    Ok(saved)
}

/// Async: reading the PIN's presence talks to the keychain over D-Bus.
#[tauri::command]
async fn lock_status(app: State<'_, App>) -> Result<LockStatus> {
    Ok(app.lock_status()?)
}

#[tauri::command]
async fn set_lock_pin(
    app: State<'_, App>,
    current: Option<String>,
    pin: String,
) -> Result<LockStatus> {
    Ok(app.set_lock_pin(current.as_deref(), &pin)?)
}

#[tauri::command]
async fn remove_lock_pin(app: State<'_, App>, current: String) -> Result<LockStatus> {
    Ok(app.remove_lock_pin(&current)?)
}

#[tauri::command]
async fn set_lock_delay(app: State<'_, App>, seconds: u32) -> Result<LockStatus> {
    Ok(app.set_lock_delay(seconds)?)
}

#[tauri::command]
async fn lock_app(app: State<'_, App>) -> Result<LockStatus> {
    Ok(app.lock()?)
}

/// Argon2 verification takes a few tens of milliseconds: off the UI thread.
#[tauri::command]
async fn unlock_app(app: State<'_, App>, pin: String) -> Result<LockStatus> {
    Ok(app.unlock(&pin)?)
}

/// Whether the app starts with the desktop session.
#[tauri::command]
fn autostart_status<R: Runtime>(handle: AppHandle<R>) -> Result<bool> {
    use tauri_plugin_autostart::ManagerExt;
    handle.autolaunch().is_enabled().map_err(|e| IpcError {
        code: rdv_app::ipc::ErrorCode::Internal,
        message: format!("cannot read the session start-up setting: {e}"),
    })
}

/// *Lancer au démarrage de la session* (started minimised in the tray).
#[tauri::command]
fn set_autostart<R: Runtime>(handle: AppHandle<R>, enabled: bool) -> Result<bool> {
    use tauri_plugin_autostart::ManagerExt;
    let launcher = handle.autolaunch();
    let done = if enabled {
        launcher.enable()
    } else {
        launcher.disable()
    };
    done.and_then(|()| launcher.is_enabled())
        .map_err(|e| IpcError {
            code: rdv_app::ipc::ErrorCode::Internal,
            message: format!("cannot change the session start-up setting: {e}"),
        })
}

#[tauri::command]
fn retention_state(app: State<'_, App>) -> Result<RetentionState> {
    Ok(app.retention_state()?)
}

/// Sets the retention period and shares it with the booking site when one is linked (the
/// local setting stays even if the site cannot be reached; the message says so).
#[tauri::command]
async fn set_retention_days(app: State<'_, App>, days: u32) -> Result<RetentionState> {
    Ok(app.set_retention_days(days).await?)
}

#[tauri::command]
fn retention_preview(app: State<'_, App>) -> Result<RetentionPreview> {
    Ok(app.retention_preview()?)
}

#[tauri::command]
fn confirm_retention(app: State<'_, App>) -> Result<RetentionState> {
    Ok(app.confirm_retention()?)
}

/// Removes patient data from the past Google events beyond the period (user-confirmed).
#[tauri::command]
async fn scrub_google_past(app: State<'_, App>) -> Result<u32> {
    Ok(app.scrub_google_past().await?)
}

#[tauri::command]
async fn find_person(
    app: State<'_, App>,
    email: Option<String>,
    phone: Option<String>,
) -> Result<Vec<ErasureMatch>> {
    Ok(app.find_person(email.as_deref(), phone.as_deref()).await?)
}

#[tauri::command]
async fn erase_person(
    app: State<'_, App>,
    email: Option<String>,
    phone: Option<String>,
) -> Result<ErasureReport> {
    Ok(app.erase_person(email.as_deref(), phone.as_deref()).await?)
}

#[tauri::command]
fn site_state(app: State<'_, App>) -> Result<SiteState> {
    Ok(app.site_state()?)
}

/// Tests the site's address, user and application password, then saves them.
#[tauri::command]
async fn link_site(
    app: State<'_, App>,
    url: String,
    user: String,
    app_password: String,
) -> Result<SiteState> {
    Ok(app.link_site(&url, &user, &app_password).await?)
}

#[tauri::command]
async fn link_demo_site(app: State<'_, App>) -> Result<SiteState> {
    Ok(app.link_demo_site().await?)
}

#[tauri::command]
fn unlink_site(app: State<'_, App>) -> Result<SiteState> {
    Ok(app.unlink_site()?)
}

#[tauri::command]
async fn sync_site(app: State<'_, App>) -> Result<u32> {
    Ok(app.sync_site().await?)
}

#[tauri::command]
async fn sms_texts(app: State<'_, App>) -> Result<SmsTextsState> {
    Ok(app.sms_texts().await?)
}

/// The live counter: checks and counts a text as it is typed (no network).
#[tauri::command]
fn check_sms_text(app: State<'_, App>, text: String, practitioner: String) -> SmsCheck {
    app.check_sms_text(&text, &practitioner)
}

/// The practitioner validates the texts: pushed to the site.
#[tauri::command]
async fn validate_sms_texts(
    app: State<'_, App>,
    confirmation: String,
    reminder: String,
    cancellation: String,
) -> Result<SmsTextsState> {
    Ok(app
        .validate_sms_texts(&confirmation, &reminder, &cancellation)
        .await?)
}

#[tauri::command]
async fn sms_usage(app: State<'_, App>) -> Result<SmsUsageView> {
    Ok(app.sms_usage().await?)
}
