// This file is generated from rdv-app's command table (crates/rdv-app/src/api/table.rs) by `make bindings`. Do not edit.
import type { AccessRole, AccountState, ActionOutcome, ActivityEntry, AddedCalendar, AgendaEvent, AppInfo, AppointmentPolicy, AvailabilityState, Booking, BookingAction, BookingCalendar, BookingSlots, CalendarInfo, ConfigProblem, DaySheet, DoNotDisturb, DraftProblem, ErasureMatch, ErasureReport, HolidayInfo, KeychainStatus, Language, LockStatus, NewBookingDraft, NewBookingOutcome, OutboxItem, PatientHistory, PracticeConfig, PublishOutcome, PublishPreview, ReminderPrefs, RetentionPreview, RetentionState, SeriesOutcome, SeriesPlan, Settings, ShareEntry, SheetFormat, SiteState, SlotPreview, SmsCheck, SmsTextsState, SmsUsageView, SyncStatus } from "./bindings";

/**
 * Sends one command with its arguments (camelCase names) to the Rust core and settles with its
 * answer; a transport rejects with an `IpcError` only.
 */
export type Call = (command: CommandName, params: Record<string, unknown>) => Promise<unknown>;

/** Every command's name, as the Rust core knows it. */
export const COMMAND_NAMES = [
  "get_settings",
  "set_language",
  "app_info",
  "keychain_status",
  "send_test_notification",
  "autostart_status",
  "set_autostart",
  "account_status",
  "link_google_account",
  "cancel_linking",
  "start_demo",
  "unlink_account",
  "list_calendars",
  "set_calendar_selected",
  "sync_now",
  "sync_status",
  "set_appointment_policy",
  "add_shared_calendar",
  "agenda_events",
  "upcoming_bookings",
  "booking_details",
  "open_contact_link",
  "booking_action",
  "move_options",
  "day_sheet",
  "export_day_sheet",
  "patient_history",
  "booking_calendars",
  "booking_slots",
  "check_new_booking",
  "create_booking",
  "plan_series",
  "create_series",
  "outbox_items",
  "retry_outbox_item",
  "discard_outbox_item",
  "activity_log",
  "get_availability",
  "check_availability",
  "save_availability",
  "preview_slots",
  "availability_holidays",
  "plan_publish",
  "publish_availability",
  "import_availability",
  "export_availability",
  "bookings_affected",
  "list_sharing",
  "grant_access",
  "change_access",
  "revoke_access",
  "reminder_prefs",
  "set_reminder_prefs",
  "set_do_not_disturb",
  "lock_status",
  "set_lock_pin",
  "remove_lock_pin",
  "set_lock_delay",
  "lock_app",
  "unlock_app",
  "retention_state",
  "set_retention_days",
  "retention_preview",
  "dismiss_retention_notice",
  "scrub_google_past",
  "find_person",
  "erase_person",
  "site_state",
  "link_site",
  "link_demo_site",
  "unlink_site",
  "sync_site",
  "sms_texts",
  "check_sms_text",
  "validate_sms_texts",
  "sms_usage",
] as const;

/** A command's name. */
export type CommandName = (typeof COMMAND_NAMES)[number];

/** Everything the UI can ask of the Rust core, one typed method per command. */
export interface Commands {
  /**
   * `get_settings`:  The persisted user settings.
   */
  getSettings(): Promise<Settings>;
  /**
   * `set_language`:  Persists the interface language and returns the updated settings.
   */
  setLanguage(language: Language): Promise<Settings>;
  /**
   * `app_info`:  Name, version and the folders the app writes to.
   */
  appInfo(): Promise<AppInfo>;
  /**
   * `keychain_status`:  Whether the OS keychain can hold the account secrets.
   */
  keychainStatus(): Promise<KeychainStatus>;
  /**
   * `send_test_notification`:  Shows a desktop notification.
   */
  sendTestNotification(): Promise<null>;
  /**
   * `autostart_status`:  Whether the app starts with the desktop session.
   */
  autostartStatus(): Promise<boolean>;
  /**
   * `set_autostart`:  Starts the app with the desktop session (minimised) or stops; the new setting.
   */
  setAutostart(enabled: boolean): Promise<boolean>;
  /**
   * `account_status`:  The Google account of this installation.
   */
  accountStatus(): Promise<AccountState>;
  /**
   * `link_google_account`:  Opens Google's consent page in the system browser and waits (up to 5 minutes) for the
   * redirect. Fails with `oauthDenied`, `oauthCancelled`, `offline`, `keychainLocked` or
   * `keychainUnavailable`.
   */
  linkGoogleAccount(): Promise<AccountState>;
  /**
   * `cancel_linking`:  Stops a pending `link_google_account`, which then fails.
   */
  cancelLinking(): Promise<null>;
  /**
   * `start_demo`:  Links the embedded sandbox account (demo mode) and syncs it.
   */
  startDemo(): Promise<AccountState>;
  /**
   * `unlink_account`:  Revokes access at Google, deletes the tokens and the local cache.
   */
  unlinkAccount(): Promise<AccountState>;
  /**
   * `list_calendars`:  The account's calendars, selected or not.
   */
  listCalendars(): Promise<Array<CalendarInfo>>;
  /**
   * `set_calendar_selected`:  Syncs and shows a calendar, or stops; the new list.
   */
  setCalendarSelected(calendarId: string, selected: boolean): Promise<Array<CalendarInfo>>;
  /**
   * `sync_now`:  Synchronises at once and returns the resulting status.
   */
  syncNow(): Promise<SyncStatus>;
  /**
   * `sync_status`:  Where synchronisation stands.
   */
  syncStatus(): Promise<SyncStatus>;
  /**
   * `set_appointment_policy`:  Chooses what counts as an appointment on a calendar; the new list.
   */
  setAppointmentPolicy(calendarId: string, policy: AppointmentPolicy): Promise<Array<CalendarInfo>>;
  /**
   * `add_shared_calendar`:  Adds a calendar shared with the account to its list (by the owner's address or the
   * calendar id), selects and syncs it.
   */
  addSharedCalendar(calendarOrEmail: string): Promise<AddedCalendar>;
  /**
   * `agenda_events`:  Events of the selected calendars overlapping `[from, to)` (RFC 3339).
   */
  agendaEvents(from: string, to: string): Promise<Array<AgendaEvent>>;
  /**
   * `upcoming_bookings`:  Bookings from now on, sorted by start; `query` (name, phone or e-mail) filters them and
   * also finds past ones within the retention period; `null` lists the upcoming ones.
   */
  upcomingBookings(query: string | null): Promise<Array<Booking>>;
  /**
   * `booking_details`:  One booking, with everything the details panel shows; `null` when it is gone.
   */
  bookingDetails(calendarId: string, id: string): Promise<Booking | null>;
  /**
   * `open_contact_link`:  Hands a patient's `tel:` or `mailto:` link to the system; any other scheme is refused.
   */
  openContactLink(url: string): Promise<null>;
  /**
   * `booking_action`:  Cancel, move, mark or annotate a booking; the role is checked by the use case.
   */
  bookingAction(calendarId: string, eventId: string, action: BookingAction): Promise<ActionOutcome>;
  /**
   * `move_options`:  The free start times (RFC 3339) a booking can move to on `day` (`YYYY-MM-DD`).
   */
  moveOptions(calendarId: string, eventId: string, day: string): Promise<Array<string>>;
  /**
   * `day_sheet`:  The day's sheet of `calendar_ids` from `from` to `to` (`YYYY-MM-DD`, both included), for
   * the print view.
   */
  daySheet(calendarIds: Array<string>, from: string, to: string): Promise<DaySheet>;
  /**
   * `export_day_sheet`:  Asks where to save and exports the day's sheet as CSV or PDF; the path written, `null`
   * when the user cancels.
   */
  exportDaySheet(calendarIds: Array<string>, from: string, to: string, format: SheetFormat): Promise<string | null>;
  /**
   * `patient_history`:  The history of booking `id`'s patient (found by e-mail or phone): appointments newest
   * first, no-shows counted; `null` when the booking is gone.
   */
  patientHistory(calendarId: string, id: string): Promise<PatientHistory | null>;
  /**
   * `booking_calendars`:  The agendas the account may book on (*Nouveau rendez-vous*), with their appointment types.
   */
  bookingCalendars(): Promise<Array<BookingCalendar>>;
  /**
   * `booking_slots`:  The free slots of a type: the next ones from `day` (`YYYY-MM-DD`) and those of `day`.
   */
  bookingSlots(calendarId: string, typeId: string, day: string): Promise<BookingSlots>;
  /**
   * `check_new_booking`:  What is wrong with a new booking, field by field (the form asks; a reader is refused).
   */
  checkNewBooking(draft: NewBookingDraft): Promise<Array<DraftProblem>>;
  /**
   * `create_booking`:  Books: one check against Google, then one write (queued offline; taken meanwhile →
   * nothing written, the next free slots).
   */
  createBooking(draft: NewBookingDraft): Promise<NewBookingOutcome>;
  /**
   * `plan_series`:  A series of `count` bookings every `every_weeks` weeks, each checked, before writing.
   */
  planSeries(draft: NewBookingDraft, count: number, everyWeeks: number): Promise<SeriesPlan>;
  /**
   * `create_series`:  Books a series as separate bookings; with conflicts, only when `skip_conflicts`.
   */
  createSeries(draft: NewBookingDraft, count: number, everyWeeks: number, skipConflicts: boolean): Promise<SeriesOutcome>;
  /**
   * `outbox_items`:  The booking edits not yet written to Google.
   */
  outboxItems(): Promise<Array<OutboxItem>>;
  /**
   * `retry_outbox_item`:  Tries a failed edit again; the outbox after.
   */
  retryOutboxItem(seq: number): Promise<Array<OutboxItem>>;
  /**
   * `discard_outbox_item`:  Gives up a pending edit; the outbox after.
   */
  discardOutboxItem(seq: number): Promise<Array<OutboxItem>>;
  /**
   * `activity_log`:  Who did what, newest first (`limit` entries, 200 when `null`).
   */
  activityLog(limit: number | null): Promise<Array<ActivityEntry>>;
  /**
   * `get_availability`:  A calendar's availability: what the calendar holds as published, and the draft.
   */
  getAvailability(calendarId: string): Promise<AvailabilityState>;
  /**
   * `check_availability`:  The problems a calendar's availability would have, without saving it (the forms ask).
   */
  checkAvailability(calendarId: string, config: PracticeConfig): Promise<Array<ConfigProblem>>;
  /**
   * `save_availability`:  Saves a calendar's availability; refuses what the user's role does not allow (a
   * secretary opening new time).
   */
  saveAvailability(calendarId: string, config: PracticeConfig): Promise<AvailabilityState>;
  /**
   * `preview_slots`:  The slots `config` gives on `day` (`YYYY-MM-DD`), for the week preview.
   */
  previewSlots(calendarId: string, config: PracticeConfig, day: string): Promise<SlotPreview>;
  /**
   * `availability_holidays`:  The public holidays between `from` and `to` (`YYYY-MM-DD`) and what `config` does on them.
   */
  availabilityHolidays(config: PracticeConfig, from: string, to: string): Promise<Array<HolidayInfo>>;
  /**
   * `plan_publish`:  The writes a publish would make, and its fingerprint.
   */
  planPublish(calendarId: string): Promise<PublishPreview>;
  /**
   * `publish_availability`:  Publishes the plan whose fingerprint was previewed (`confirm_removal` when it removes
   * most of the published availability).
   */
  publishAvailability(calendarId: string, fingerprint: string, confirmRemoval: boolean): Promise<PublishOutcome>;
  /**
   * `import_availability`:  Asks for a TOML or JSON file and imports it; `null` when the user cancels.
   */
  importAvailability(calendarId: string): Promise<AvailabilityState | null>;
  /**
   * `export_availability`:  Asks where to save and exports; the path written, `null` when the user cancels.
   */
  exportAvailability(calendarId: string): Promise<string | null>;
  /**
   * `bookings_affected`:  The bookings, not yet over, that the published availability covers and `config` (the
   * draft) no longer does: who to call before publishing a closure or a shorter range.
   */
  bookingsAffected(calendarId: string, config: PracticeConfig): Promise<Array<Booking>>;
  /**
   * `list_sharing`:  Who has access to an owned calendar (re-read from Google).
   */
  listSharing(calendarId: string): Promise<Array<ShareEntry>>;
  /**
   * `grant_access`:  Shares a calendar with `email`; the list after.
   */
  grantAccess(calendarId: string, email: string, role: AccessRole): Promise<Array<ShareEntry>>;
  /**
   * `change_access`:  Changes someone's access; the list after.
   */
  changeAccess(calendarId: string, ruleId: string, role: AccessRole): Promise<Array<ShareEntry>>;
  /**
   * `revoke_access`:  Removes someone's access; the list after.
   */
  revokeAccess(calendarId: string, ruleId: string): Promise<Array<ShareEntry>>;
  /**
   * `reminder_prefs`:  The reminder preferences.
   */
  reminderPrefs(): Promise<ReminderPrefs>;
  /**
   * `set_reminder_prefs`:  Saves the reminder preferences after checking them.
   */
  setReminderPrefs(prefs: ReminderPrefs): Promise<ReminderPrefs>;
  /**
   * `set_do_not_disturb`:  *Ne pas déranger*: off, for one hour, or until tomorrow morning.
   */
  setDoNotDisturb(choice: DoNotDisturb): Promise<ReminderPrefs>;
  /**
   * `lock_status`:  Whether a PIN is set, the app locked, and the wait after wrong attempts.
   */
  lockStatus(): Promise<LockStatus>;
  /**
   * `set_lock_pin`:  Sets or changes the PIN (`current` when one is set).
   */
  setLockPin(current: string | null, pin: string): Promise<LockStatus>;
  /**
   * `remove_lock_pin`:  Removes the PIN.
   */
  removeLockPin(current: string): Promise<LockStatus>;
  /**
   * `set_lock_delay`:  Locks after `seconds` without use.
   */
  setLockDelay(seconds: number): Promise<LockStatus>;
  /**
   * `lock_app`:  Locks now.
   */
  lockApp(): Promise<LockStatus>;
  /**
   * `unlock_app`:  Unlocks with the PIN (Argon2 verification: tens of milliseconds).
   */
  unlockApp(pin: string): Promise<LockStatus>;
  /**
   * `retention_state`:  The retention period and the purge log.
   */
  retentionState(): Promise<RetentionState>;
  /**
   * `set_retention_days`:  Sets the retention period and shares it with the linked booking site (the local setting
   * stays when the site cannot be reached; the message says so).
   */
  setRetentionDays(days: number): Promise<RetentionState>;
  /**
   * `retention_preview`:  What the first purge would delete (the dry run).
   */
  retentionPreview(): Promise<RetentionPreview>;
  /**
   * `dismiss_retention_notice`:  Dismisses the notice of the first purge.
   */
  dismissRetentionNotice(): Promise<RetentionState>;
  /**
   * `scrub_google_past`:  Removes patient data from the past Google events beyond the period (user-confirmed).
   */
  scrubGooglePast(): Promise<number>;
  /**
   * `find_person`:  Everything held about a person (by e-mail and/or phone).
   */
  findPerson(email: string | null, phone: string | null): Promise<Array<ErasureMatch>>;
  /**
   * `erase_person`:  Erases a person everywhere (store, calendar, site); the report.
   */
  erasePerson(email: string | null, phone: string | null): Promise<ErasureReport>;
  /**
   * `site_state`:  The linked booking site, if any.
   */
  siteState(): Promise<SiteState>;
  /**
   * `link_site`:  Tests the site's address, user and application password, then saves them.
   */
  linkSite(url: string, user: string, appPassword: string): Promise<SiteState>;
  /**
   * `link_demo_site`:  Links the demo booking site of the embedded sandbox.
   */
  linkDemoSite(): Promise<SiteState>;
  /**
   * `unlink_site`:  Forgets the site and its password.
   */
  unlinkSite(): Promise<SiteState>;
  /**
   * `sync_site`:  Reads the site's new bookings and statuses now; how many changed.
   */
  syncSite(): Promise<number>;
  /**
   * `sms_texts`:  The SMS texts the site sends, as validated.
   */
  smsTexts(): Promise<SmsTextsState>;
  /**
   * `check_sms_text`:  The live counter: checks and counts a text as it is typed (no network).
   */
  checkSmsText(text: string, practitioner: string): Promise<SmsCheck>;
  /**
   * `validate_sms_texts`:  The practitioner validates the texts: pushed to the site.
   */
  validateSmsTexts(confirmation: string, reminder: string, cancellation: string): Promise<SmsTextsState>;
  /**
   * `sms_usage`:  The SMS sent per month (billing).
   */
  smsUsage(): Promise<SmsUsageView>;
}

/** The typed client over a transport's `call`. */
export function commandClient(call: Call): Commands {
  return {
    getSettings: () => call("get_settings", {}) as Promise<Settings>,
    setLanguage: (language: Language) => call("set_language", { language }) as Promise<Settings>,
    appInfo: () => call("app_info", {}) as Promise<AppInfo>,
    keychainStatus: () => call("keychain_status", {}) as Promise<KeychainStatus>,
    sendTestNotification: () => call("send_test_notification", {}) as Promise<null>,
    autostartStatus: () => call("autostart_status", {}) as Promise<boolean>,
    setAutostart: (enabled: boolean) => call("set_autostart", { enabled }) as Promise<boolean>,
    accountStatus: () => call("account_status", {}) as Promise<AccountState>,
    linkGoogleAccount: () => call("link_google_account", {}) as Promise<AccountState>,
    cancelLinking: () => call("cancel_linking", {}) as Promise<null>,
    startDemo: () => call("start_demo", {}) as Promise<AccountState>,
    unlinkAccount: () => call("unlink_account", {}) as Promise<AccountState>,
    listCalendars: () => call("list_calendars", {}) as Promise<Array<CalendarInfo>>,
    setCalendarSelected: (calendarId: string, selected: boolean) => call("set_calendar_selected", { calendarId, selected }) as Promise<Array<CalendarInfo>>,
    syncNow: () => call("sync_now", {}) as Promise<SyncStatus>,
    syncStatus: () => call("sync_status", {}) as Promise<SyncStatus>,
    setAppointmentPolicy: (calendarId: string, policy: AppointmentPolicy) => call("set_appointment_policy", { calendarId, policy }) as Promise<Array<CalendarInfo>>,
    addSharedCalendar: (calendarOrEmail: string) => call("add_shared_calendar", { calendarOrEmail }) as Promise<AddedCalendar>,
    agendaEvents: (from: string, to: string) => call("agenda_events", { from, to }) as Promise<Array<AgendaEvent>>,
    upcomingBookings: (query: string | null) => call("upcoming_bookings", { query }) as Promise<Array<Booking>>,
    bookingDetails: (calendarId: string, id: string) => call("booking_details", { calendarId, id }) as Promise<Booking | null>,
    openContactLink: (url: string) => call("open_contact_link", { url }) as Promise<null>,
    bookingAction: (calendarId: string, eventId: string, action: BookingAction) => call("booking_action", { calendarId, eventId, action }) as Promise<ActionOutcome>,
    moveOptions: (calendarId: string, eventId: string, day: string) => call("move_options", { calendarId, eventId, day }) as Promise<Array<string>>,
    daySheet: (calendarIds: Array<string>, from: string, to: string) => call("day_sheet", { calendarIds, from, to }) as Promise<DaySheet>,
    exportDaySheet: (calendarIds: Array<string>, from: string, to: string, format: SheetFormat) => call("export_day_sheet", { calendarIds, from, to, format }) as Promise<string | null>,
    patientHistory: (calendarId: string, id: string) => call("patient_history", { calendarId, id }) as Promise<PatientHistory | null>,
    bookingCalendars: () => call("booking_calendars", {}) as Promise<Array<BookingCalendar>>,
    bookingSlots: (calendarId: string, typeId: string, day: string) => call("booking_slots", { calendarId, typeId, day }) as Promise<BookingSlots>,
    checkNewBooking: (draft: NewBookingDraft) => call("check_new_booking", { draft }) as Promise<Array<DraftProblem>>,
    createBooking: (draft: NewBookingDraft) => call("create_booking", { draft }) as Promise<NewBookingOutcome>,
    planSeries: (draft: NewBookingDraft, count: number, everyWeeks: number) => call("plan_series", { draft, count, everyWeeks }) as Promise<SeriesPlan>,
    createSeries: (draft: NewBookingDraft, count: number, everyWeeks: number, skipConflicts: boolean) => call("create_series", { draft, count, everyWeeks, skipConflicts }) as Promise<SeriesOutcome>,
    outboxItems: () => call("outbox_items", {}) as Promise<Array<OutboxItem>>,
    retryOutboxItem: (seq: number) => call("retry_outbox_item", { seq }) as Promise<Array<OutboxItem>>,
    discardOutboxItem: (seq: number) => call("discard_outbox_item", { seq }) as Promise<Array<OutboxItem>>,
    activityLog: (limit: number | null) => call("activity_log", { limit }) as Promise<Array<ActivityEntry>>,
    getAvailability: (calendarId: string) => call("get_availability", { calendarId }) as Promise<AvailabilityState>,
    checkAvailability: (calendarId: string, config: PracticeConfig) => call("check_availability", { calendarId, config }) as Promise<Array<ConfigProblem>>,
    saveAvailability: (calendarId: string, config: PracticeConfig) => call("save_availability", { calendarId, config }) as Promise<AvailabilityState>,
    previewSlots: (calendarId: string, config: PracticeConfig, day: string) => call("preview_slots", { calendarId, config, day }) as Promise<SlotPreview>,
    availabilityHolidays: (config: PracticeConfig, from: string, to: string) => call("availability_holidays", { config, from, to }) as Promise<Array<HolidayInfo>>,
    planPublish: (calendarId: string) => call("plan_publish", { calendarId }) as Promise<PublishPreview>,
    publishAvailability: (calendarId: string, fingerprint: string, confirmRemoval: boolean) => call("publish_availability", { calendarId, fingerprint, confirmRemoval }) as Promise<PublishOutcome>,
    importAvailability: (calendarId: string) => call("import_availability", { calendarId }) as Promise<AvailabilityState | null>,
    exportAvailability: (calendarId: string) => call("export_availability", { calendarId }) as Promise<string | null>,
    bookingsAffected: (calendarId: string, config: PracticeConfig) => call("bookings_affected", { calendarId, config }) as Promise<Array<Booking>>,
    listSharing: (calendarId: string) => call("list_sharing", { calendarId }) as Promise<Array<ShareEntry>>,
    grantAccess: (calendarId: string, email: string, role: AccessRole) => call("grant_access", { calendarId, email, role }) as Promise<Array<ShareEntry>>,
    changeAccess: (calendarId: string, ruleId: string, role: AccessRole) => call("change_access", { calendarId, ruleId, role }) as Promise<Array<ShareEntry>>,
    revokeAccess: (calendarId: string, ruleId: string) => call("revoke_access", { calendarId, ruleId }) as Promise<Array<ShareEntry>>,
    reminderPrefs: () => call("reminder_prefs", {}) as Promise<ReminderPrefs>,
    setReminderPrefs: (prefs: ReminderPrefs) => call("set_reminder_prefs", { prefs }) as Promise<ReminderPrefs>,
    setDoNotDisturb: (choice: DoNotDisturb) => call("set_do_not_disturb", { choice }) as Promise<ReminderPrefs>,
    lockStatus: () => call("lock_status", {}) as Promise<LockStatus>,
    setLockPin: (current: string | null, pin: string) => call("set_lock_pin", { current, pin }) as Promise<LockStatus>,
    removeLockPin: (current: string) => call("remove_lock_pin", { current }) as Promise<LockStatus>,
    setLockDelay: (seconds: number) => call("set_lock_delay", { seconds }) as Promise<LockStatus>,
    lockApp: () => call("lock_app", {}) as Promise<LockStatus>,
    unlockApp: (pin: string) => call("unlock_app", { pin }) as Promise<LockStatus>,
    retentionState: () => call("retention_state", {}) as Promise<RetentionState>,
    setRetentionDays: (days: number) => call("set_retention_days", { days }) as Promise<RetentionState>,
    retentionPreview: () => call("retention_preview", {}) as Promise<RetentionPreview>,
    dismissRetentionNotice: () => call("dismiss_retention_notice", {}) as Promise<RetentionState>,
    scrubGooglePast: () => call("scrub_google_past", {}) as Promise<number>,
    findPerson: (email: string | null, phone: string | null) => call("find_person", { email, phone }) as Promise<Array<ErasureMatch>>,
    erasePerson: (email: string | null, phone: string | null) => call("erase_person", { email, phone }) as Promise<ErasureReport>,
    siteState: () => call("site_state", {}) as Promise<SiteState>,
    linkSite: (url: string, user: string, appPassword: string) => call("link_site", { url, user, appPassword }) as Promise<SiteState>,
    linkDemoSite: () => call("link_demo_site", {}) as Promise<SiteState>,
    unlinkSite: () => call("unlink_site", {}) as Promise<SiteState>,
    syncSite: () => call("sync_site", {}) as Promise<number>,
    smsTexts: () => call("sms_texts", {}) as Promise<SmsTextsState>,
    checkSmsText: (text: string, practitioner: string) => call("check_sms_text", { text, practitioner }) as Promise<SmsCheck>,
    validateSmsTexts: (confirmation: string, reminder: string, cancellation: string) => call("validate_sms_texts", { confirmation, reminder, cancellation }) as Promise<SmsTextsState>,
    smsUsage: () => call("sms_usage", {}) as Promise<SmsUsageView>,
  };
}
