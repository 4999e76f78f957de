//! The command table: every command the UI can call, once. Add a command here and run
//! `make bindings`; the TypeScript client, the shell's permission list and its capability follow.

use super::{command_table, date};
use crate::App;
use crate::ipc::{
    AccessRole, AccountState, ActionOutcome, ActivityEntry, AddedCalendar, AgendaEvent, AppInfo,
    AvailabilityState, Booking, BookingAction, BookingCalendar, BookingSlots, CalendarInfo,
    ConfigProblem, DaySheet, DoNotDisturb, DraftProblem, ErasureMatch, ErasureReport, HolidayInfo,
    KeychainStatus, LockStatus, NewBookingDraft, NewBookingOutcome, OutboxItem, PatientHistory,
    PracticeConfig, PublishOutcome, PublishPreview, ReminderPrefs, RetentionPreview,
    RetentionState, SeriesOutcome, SeriesPlan, Settings, ShareEntry, SheetFormat, SiteState,
    SlotPreview, SmsCheck, SmsTextsState, SmsUsageView, SyncStatus,
};
use rdv_core::Language;

command_table! {$
    // ---- Settings and this installation
    /// The persisted user settings.
    fn get_settings() -> Settings, Open => |app| Ok(app.settings()?);
    /// Persists the interface language and returns the updated settings.
    fn set_language(language: Language) -> Settings, Open => |app| Ok(app.set_language(language)?);
    /// Name, version and the folders the app writes to.
    fn app_info() -> AppInfo, Open => |app| Ok(app.info().clone());
    /// Whether the OS keychain can hold the account secrets.
    fn keychain_status() -> KeychainStatus, Open => |app| Ok(app.keychain_status());
    /// Shows a desktop notification.
    fn send_test_notification() -> (), Unlocked => |app| Ok(app.send_test_notification()?);
    /// Whether the app starts with the desktop session.
    fn autostart_status() -> bool, Unlocked => |app| Ok(app.autostart_status()?);
    /// Starts the app with the desktop session (minimised) or stops; the new setting.
    fn set_autostart(enabled: bool) -> bool, Unlocked => |app| Ok(app.set_autostart(enabled)?);

    // ---- The Google account
    /// The Google account of this installation.
    fn account_status() -> AccountState, Open => |app| Ok(app.account_state()?);
    /// Opens Google's consent page in the system browser and waits (up to 5 minutes) for the
    /// redirect. Fails with `oauthDenied`, `oauthCancelled`, `offline`, `keychainLocked` or
    /// `keychainUnavailable`.
    fn link_google_account() -> AccountState, Unlocked => |app| Ok(app.link_google_account().await?);
    /// Stops a pending `link_google_account`, which then fails.
    fn cancel_linking() -> (), Open => |app| {
        app.cancel_linking();
        Ok(())
    };
    /// Links the embedded sandbox account (demo mode) and syncs it.
    fn start_demo() -> AccountState, Unlocked => |app| Ok(app.start_demo().await?);
    /// Revokes access at Google, deletes the tokens and the local cache.
    fn unlink_account() -> AccountState, Unlocked => |app| Ok(app.unlink_account().await?);

    // ---- Calendars and sync
    /// The account's calendars, selected or not.
    fn list_calendars() -> Vec<CalendarInfo>, Unlocked => |app| Ok(app.calendars()?);
    /// Syncs and shows a calendar, or stops; the new list.
    fn set_calendar_selected(calendar_id: String, selected: bool) -> Vec<CalendarInfo>, Unlocked
        => |app| Ok(app.set_calendar_selected(&calendar_id, selected)?);
    /// Synchronises at once and returns the resulting status.
    fn sync_now() -> SyncStatus, Unlocked => |app| Ok(app.sync_now().await);
    /// Where synchronisation stands.
    fn sync_status() -> SyncStatus, Open => |app| Ok(app.sync_status());
    /// Chooses what counts as an appointment on a calendar; the new list.
    fn set_appointment_policy(calendar_id: String, policy: crate::ipc::AppointmentPolicy)
        -> Vec<CalendarInfo>, Unlocked
        => |app| Ok(app.set_appointment_policy(&calendar_id, policy)?);
    /// Adds a calendar shared with the account to its list (by the owner's address or the
    /// calendar id), selects and syncs it.
    fn add_shared_calendar(calendar_or_email: String) -> AddedCalendar, Unlocked
        => |app| Ok(app.add_shared_calendar(&calendar_or_email).await?);

    // ---- Agenda and bookings
    /// Events of the selected calendars overlapping `[from, to)` (RFC 3339).
    fn agenda_events(from: String, to: String) -> Vec<AgendaEvent>, Unlocked
        => |app| Ok(app.agenda_events(&from, &to)?);
    /// Bookings from now on, sorted by start; `query` (name, phone or e-mail) filters them and
    /// also finds past ones within the retention period; `null` lists the upcoming ones.
    fn upcoming_bookings(query: Option<String>) -> Vec<Booking>, Unlocked
        => |app| Ok(app.upcoming_bookings(query.as_deref())?);
    /// One booking, with everything the details panel shows; `null` when it is gone.
    fn booking_details(calendar_id: String, id: String) -> Option<Booking>, Unlocked
        => |app| Ok(app.booking_details(&calendar_id, &id)?);
    /// Hands a patient's `tel:` or `mailto:` link to the system; any other scheme is refused.
    fn open_contact_link(url: String) -> (), Unlocked => |app| Ok(app.open_contact_link(&url)?);
    /// Cancel, move, mark or annotate a booking; the role is checked by the use case.
    fn booking_action(calendar_id: String, event_id: String, action: BookingAction)
        -> ActionOutcome, Unlocked
        => |app| Ok(app.act_on_booking(&calendar_id, &event_id, action).await?);
    /// The free start times (RFC 3339) a booking can move to on `day` (`YYYY-MM-DD`).
    fn move_options(calendar_id: String, event_id: String, day: String) -> Vec<String>, Unlocked
        => |app| Ok(app.move_options(&calendar_id, &event_id, date(&day)?)?);
    /// The day's sheet of `calendar_ids` from `from` to `to` (`YYYY-MM-DD`, both included), for
    /// the print view.
    fn day_sheet(calendar_ids: Vec<String>, from: String, to: String) -> DaySheet, Unlocked
        => |app| Ok(app.day_sheet(&calendar_ids, date(&from)?, date(&to)?)?);
    /// Asks where to save and exports the day's sheet as CSV or PDF; the path written, `null`
    /// when the user cancels.
    fn export_day_sheet(calendar_ids: Vec<String>, from: String, to: String, format: SheetFormat)
        -> Option<String>, Unlocked
        => |app| Ok(app.export_day_sheet_chosen(&calendar_ids, date(&from)?, date(&to)?, format)?);
    /// The history of booking `id`'s patient (found by e-mail or phone): appointments newest
    /// first, no-shows counted; `null` when the booking is gone.
    fn patient_history(calendar_id: String, id: String) -> Option<PatientHistory>, Unlocked
        => |app| Ok(app.patient_history(&calendar_id, &id)?);
    /// The agendas the account may book on (*Nouveau rendez-vous*), with their appointment types.
    fn booking_calendars() -> Vec<BookingCalendar>, Unlocked
        => |app| Ok(app.booking_calendars().await?);
    /// The free slots of a type: the next ones from `day` (`YYYY-MM-DD`) and those of `day`.
    fn booking_slots(calendar_id: String, type_id: String, day: String) -> BookingSlots, Unlocked
        => |app| Ok(app.booking_slots(&calendar_id, &type_id, date(&day)?).await?);
    /// What is wrong with a new booking, field by field (the form asks; a reader is refused).
    fn check_new_booking(draft: NewBookingDraft) -> Vec<DraftProblem>, Unlocked
        => |app| Ok(app.check_new_booking(&draft).await?);
    /// Books: one check against Google, then one write (queued offline; taken meanwhile →
    /// nothing written, the next free slots).
    fn create_booking(draft: NewBookingDraft) -> NewBookingOutcome, Unlocked
        => |app| Ok(app.create_booking(&draft).await?);
    /// A series of `count` bookings every `every_weeks` weeks, each checked, before writing.
    fn plan_series(draft: NewBookingDraft, count: u32, every_weeks: u32) -> SeriesPlan, Unlocked
        => |app| Ok(app.plan_series(&draft, count, every_weeks).await?);
    /// Books a series as separate bookings; with conflicts, only when `skip_conflicts`.
    fn create_series(draft: NewBookingDraft, count: u32, every_weeks: u32, skip_conflicts: bool)
        -> SeriesOutcome, Unlocked
        => |app| Ok(app.create_series(&draft, count, every_weeks, skip_conflicts).await?);

    // ---- The outbox and the activity log
    /// The booking edits not yet written to Google.
    fn outbox_items() -> Vec<OutboxItem>, Unlocked => |app| Ok(app.outbox_items()?);
    /// Tries a failed edit again; the outbox after.
    fn retry_outbox_item(seq: i64) -> Vec<OutboxItem>, Unlocked
        => |app| Ok(app.retry_outbox_item(seq).await?);
    /// Gives up a pending edit; the outbox after.
    fn discard_outbox_item(seq: i64) -> Vec<OutboxItem>, Unlocked
        => |app| Ok(app.discard_outbox_item(seq)?);
    /// Who did what, newest first (`limit` entries, 200 when `null`).
    fn activity_log(limit: Option<u32>) -> Vec<ActivityEntry>, Unlocked
        => |app| Ok(app.activity_log(limit.unwrap_or(200) as usize)?);

    // ---- Availability
    /// A calendar's availability: what the calendar holds as published, and the draft.
    fn get_availability(calendar_id: String) -> AvailabilityState, Unlocked
        => |app| Ok(app.availability(&calendar_id).await?);
    /// The problems a calendar's availability would have, without saving it (the forms ask).
    fn check_availability(calendar_id: String, config: PracticeConfig) -> Vec<ConfigProblem>, Unlocked
        => |app| Ok(app.check_availability(&calendar_id, &config)?);
    /// Saves a calendar's availability; refuses what the user's role does not allow (a
    /// secretary opening new time).
    fn save_availability(calendar_id: String, config: PracticeConfig) -> AvailabilityState, Unlocked
        => |app| Ok(app.save_availability(&calendar_id, config)?);
    /// The slots `config` gives on `day` (`YYYY-MM-DD`), for the week preview.
    fn preview_slots(calendar_id: String, config: PracticeConfig, day: String) -> SlotPreview, Unlocked
        => |app| Ok(app.preview_slots(&calendar_id, &config, date(&day)?)?);
    /// The public holidays between `from` and `to` (`YYYY-MM-DD`) and what `config` does on them.
    fn availability_holidays(config: PracticeConfig, from: String, to: String)
        -> Vec<HolidayInfo>, Unlocked
        => |_app| Ok(App::availability_holidays(&config, date(&from)?, date(&to)?));
    /// The writes a publish would make, and its fingerprint.
    fn plan_publish(calendar_id: String) -> PublishPreview, Unlocked
        => |app| Ok(app.plan_publish(&calendar_id).await?);
    /// Publishes the plan whose fingerprint was previewed (`confirm_removal` when it removes
    /// most of the published availability).
    fn publish_availability(calendar_id: String, fingerprint: String, confirm_removal: bool)
        -> PublishOutcome, Unlocked
        => |app| Ok(app.publish_availability(&calendar_id, &fingerprint, confirm_removal).await?);
    /// Asks for a TOML or JSON file and imports it; `null` when the user cancels.
    fn import_availability(calendar_id: String) -> Option<AvailabilityState>, Unlocked
        => |app| Ok(app.import_availability_chosen(&calendar_id)?);
    /// Asks where to save and exports; the path written, `null` when the user cancels.
    fn export_availability(calendar_id: String) -> Option<String>, Unlocked
        => |app| Ok(app.export_availability_chosen(&calendar_id)?);
    /// The bookings, not yet over, that the published availability covers and `config` (the
    /// draft) no longer does: who to call before publishing a closure or a shorter range.
    fn bookings_affected(calendar_id: String, config: PracticeConfig) -> Vec<Booking>, Unlocked
        => |app| Ok(app.bookings_affected(&calendar_id, &config)?);

    // ---- Sharing
    /// Who has access to an owned calendar (re-read from Google).
    fn list_sharing(calendar_id: String) -> Vec<ShareEntry>, Unlocked
        => |app| Ok(app.list_sharing(&calendar_id).await?);
    /// Shares a calendar with `email`; the list after.
    fn grant_access(calendar_id: String, email: String, role: AccessRole) -> Vec<ShareEntry>, Unlocked
        => |app| Ok(app.grant_access(&calendar_id, &email, role).await?);
    /// Changes someone's access; the list after.
    fn change_access(calendar_id: String, rule_id: String, role: AccessRole) -> Vec<ShareEntry>, Unlocked
        => |app| Ok(app.change_access(&calendar_id, &rule_id, role).await?);
    /// Removes someone's access; the list after.
    fn revoke_access(calendar_id: String, rule_id: String) -> Vec<ShareEntry>, Unlocked
        => |app| Ok(app.revoke_access(&calendar_id, &rule_id).await?);

    // ---- Reminders and the app lock
    /// The reminder preferences.
    fn reminder_prefs() -> ReminderPrefs, Unlocked => |app| Ok(app.reminder_prefs()?);
    /// Saves the reminder preferences after checking them.
    fn set_reminder_prefs(prefs: ReminderPrefs) -> ReminderPrefs, Unlocked
        => |app| Ok(app.set_reminder_prefs(prefs)?);
    /// *Ne pas déranger*: off, for one hour, or until tomorrow morning.
    fn set_do_not_disturb(choice: DoNotDisturb) -> ReminderPrefs, Unlocked
        => |app| Ok(app.set_do_not_disturb(choice)?);
    /// Whether a PIN is set, the app locked, and the wait after wrong attempts.
    fn lock_status() -> LockStatus, Open => |app| Ok(app.lock_status()?);
    /// Sets or changes the PIN (`current` when one is set).
    fn set_lock_pin(current: Option<String>, pin: String) -> LockStatus, Unlocked
        => |app| Ok(app.set_lock_pin(current.as_deref(), &pin)?);
    /// Removes the PIN.
    fn remove_lock_pin(current: String) -> LockStatus, Unlocked
        => |app| Ok(app.remove_lock_pin(&current)?);
    /// Locks after `seconds` without use.
    fn set_lock_delay(seconds: u32) -> LockStatus, Unlocked => |app| Ok(app.set_lock_delay(seconds)?);
    /// Locks now.
    fn lock_app() -> LockStatus, Open => |app| Ok(app.lock()?);
    /// Unlocks with the PIN (Argon2 verification: tens of milliseconds).
    fn unlock_app(pin: String) -> LockStatus, Open => |app| Ok(app.unlock(&pin)?);

    // ---- Retention and erasure
    /// The retention period and the purge log.
    fn retention_state() -> RetentionState, Unlocked => |app| Ok(app.retention_state()?);
    /// Sets the retention period and shares it with the linked booking site (the local setting
    /// stays when the site cannot be reached; the message says so).
    fn set_retention_days(days: u32) -> RetentionState, Unlocked
        => |app| Ok(app.set_retention_days(days).await?);
    /// What the first purge would delete (the dry run).
    fn retention_preview() -> RetentionPreview, Unlocked => |app| Ok(app.retention_preview()?);
    /// Dismisses the notice of the first purge.
    fn dismiss_retention_notice() -> RetentionState, Unlocked
        => |app| Ok(app.dismiss_retention_notice()?);
    /// Removes patient data from the past Google events beyond the period (user-confirmed).
    fn scrub_google_past() -> u32, Unlocked => |app| Ok(app.scrub_google_past().await?);
    /// Everything held about a person (by e-mail and/or phone).
    fn find_person(email: Option<String>, phone: Option<String>) -> Vec<ErasureMatch>, Unlocked
        => |app| Ok(app.find_person(email.as_deref(), phone.as_deref()).await?);
    /// Erases a person everywhere (store, calendar, site); the report.
    fn erase_person(email: Option<String>, phone: Option<String>) -> ErasureReport, Unlocked
        => |app| Ok(app.erase_person(email.as_deref(), phone.as_deref()).await?);

    // ---- The booking site and its texts
    /// The linked booking site, if any.
    fn site_state() -> SiteState, Unlocked => |app| Ok(app.site_state()?);
    /// Tests the site's address, user and application password, then saves them.
    fn link_site(url: String, user: String, app_password: String) -> SiteState, Unlocked
        => |app| Ok(app.link_site(&url, &user, &app_password).await?);
    /// Links the demo booking site of the embedded sandbox.
    fn link_demo_site() -> SiteState, Unlocked => |app| Ok(app.link_demo_site().await?);
    /// Forgets the site and its password.
    fn unlink_site() -> SiteState, Unlocked => |app| Ok(app.unlink_site()?);
    /// Reads the site's new bookings and statuses now; how many changed.
    fn sync_site() -> u32, Unlocked => |app| Ok(app.sync_site().await?);
    /// The SMS texts the site sends, as validated.
    fn sms_texts() -> SmsTextsState, Unlocked => |app| Ok(app.sms_texts().await?);
    /// The live counter: checks and counts a text as it is typed (no network).
    fn check_sms_text(text: String, practitioner: String) -> SmsCheck, Unlocked
        => |app| Ok(app.check_sms_text(&text, &practitioner));
    /// The practitioner validates the texts: pushed to the site.
    fn validate_sms_texts(confirmation: String, reminder: String, cancellation: String)
        -> SmsTextsState, Unlocked
        => |app| Ok(app.validate_sms_texts(&confirmation, &reminder, &cancellation).await?);
    /// The SMS sent per month (billing).
    fn sms_usage() -> SmsUsageView, Unlocked => |app| Ok(app.sms_usage().await?);
}
