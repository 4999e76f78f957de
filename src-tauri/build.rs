//! Tauri build script: generates the context and, from the list below, one permission per app
//! command (`allow-<command>`), so a command is callable only where a capability grants it.

/// Every IPC command of the app. Keep in sync with `src/commands.rs` (the build fails on a
/// command that has no permission).
const COMMANDS: &[&str] = &[
    "get_settings",
    "set_language",
    "app_info",
    "keychain_status",
    "send_test_notification",
    "account_status",
    "link_google_account",
    "cancel_linking",
    "start_demo",
    "unlink_account",
    "list_calendars",
    "set_calendar_selected",
    "sync_now",
    "sync_status",
    "agenda_events",
    "upcoming_bookings",
    "open_contact_link",
    "get_availability",
    "save_availability",
    "preview_slots",
    "availability_holidays",
    "plan_publish",
    "publish_availability",
    "import_availability",
    "export_availability",
    "list_sharing",
    "grant_access",
    "change_access",
    "revoke_access",
    "booking_action",
    "move_options",
    "outbox_items",
    "retry_outbox_item",
    "discard_outbox_item",
    "activity_log",
    "booking_details",
    "reminder_prefs",
    "set_reminder_prefs",
    "set_do_not_disturb",
    "lock_status",
    "set_lock_pin",
    "remove_lock_pin",
    "set_lock_delay",
    "lock_app",
    "unlock_app",
    "autostart_status",
    "set_autostart",
    "retention_state",
    "set_retention_days",
    "retention_preview",
    "confirm_retention",
    "scrub_google_past",
    "find_person",
    "erase_person",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}
