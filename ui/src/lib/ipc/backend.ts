import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type {
  AccessRole,
  AccountState,
  ActionOutcome,
  ActivityEntry,
  AgendaEvent,
  AppInfo,
  AvailabilityState,
  Booking,
  BookingAction,
  CalendarInfo,
  DoNotDisturb,
  ErasureMatch,
  ErasureReport,
  ErrorCode,
  HolidayInfo,
  IpcError,
  KeychainStatus,
  Language,
  LockStatus,
  OutboxItem,
  PracticeConfig,
  PublishOutcome,
  PublishPreview,
  PublishProgress,
  ReminderPrefs,
  RetentionPreview,
  RetentionState,
  Settings,
  ShareEntry,
  SiteState,
  SlotPreview,
  SmsCheck,
  SmsTextsState,
  SmsUsageView,
  SyncStatus,
} from "./bindings";
import { MockBackend } from "./mock-backend";

export { MockBackend } from "./mock-backend";

/** Stops listening to a backend event. Safe to call more than once. */
export type Unlisten = (() => void) & {
  /**
   * Settles once the subscription is in place (Tauri registers listeners asynchronously).
   * Read state only after it, or a change made in between would be missed.
   */
  ready?: Promise<void>;
};

/** The events the Rust core sends to the UI, by Tauri event name. */
export const BACKEND_EVENTS = {
  syncStatus: "sync-status",
  accountState: "account-state",
  dataChanged: "data-changed",
  publishProgress: "publish-progress",
  outboxChanged: "outbox-changed",
  lockChanged: "lock-changed",
  openBooking: "open-booking",
} as const;

/**
 * The booking an `open-booking` event asks to show (a tray menu item or a click on a reminder):
 * what `booking_details` takes (`id` is the agenda event's id).
 */
export interface OpenBookingTarget {
  calendarId: string;
  id: string;
}

/**
 * Everything the UI can ask of the Rust core, one typed method per Tauri command.
 * Every method rejects with an {@link IpcError}, never with anything else.
 */
export interface Backend {
  /** `get_settings`: the persisted user settings. */
  getSettings(): Promise<Settings>;
  /** `set_language`: persists the UI language and returns the updated settings. */
  setLanguage(language: Language): Promise<Settings>;
  /** `app_info`: name, version and the folders the app writes to. */
  appInfo(): Promise<AppInfo>;
  /** `keychain_status`: whether the OS keychain can hold the account secrets. */
  keychainStatus(): Promise<KeychainStatus>;
  /** `send_test_notification`: shows a desktop notification. */
  sendTestNotification(): Promise<void>;

  /** `account_status`: the Google account of this installation. */
  accountStatus(): Promise<AccountState>;
  /**
   * `link_google_account`: opens Google's consent page in the system browser and waits
   * (up to 5 minutes) for the redirect. Rejects with `oauthDenied`, `oauthCancelled`,
   * `offline`, `keychainLocked` or `keychainUnavailable`.
   */
  linkGoogleAccount(): Promise<AccountState>;
  /** `cancel_linking`: stops a pending {@link linkGoogleAccount}, which then rejects. */
  cancelLinking(): Promise<void>;
  /** `start_demo`: links the embedded sandbox account (demo mode) and syncs it. */
  startDemo(): Promise<AccountState>;
  /** `unlink_account`: revokes access at Google, deletes the tokens and the local cache. */
  unlinkAccount(): Promise<AccountState>;
  /** `list_calendars`: the account's calendars, selected or not. */
  listCalendars(): Promise<CalendarInfo[]>;
  /** `set_calendar_selected`: syncs and shows a calendar, or stops; returns the new list. */
  setCalendarSelected(calendarId: string, selected: boolean): Promise<CalendarInfo[]>;
  /** `sync_now`: synchronises at once and returns the resulting status. */
  syncNow(): Promise<SyncStatus>;
  /** `sync_status`: where synchronisation stands. */
  syncStatus(): Promise<SyncStatus>;
  /** `agenda_events`: events of the selected calendars overlapping `[from, to)` (RFC 3339). */
  agendaEvents(from: string, to: string): Promise<AgendaEvent[]>;
  /**
   * `upcoming_bookings`: bookings from now on, sorted by start; `query` (name, phone or
   * email) filters them, `null` lists them all.
   */
  upcomingBookings(query: string | null): Promise<Booking[]>;
  /**
   * `open_contact_link`: hands a patient's `tel:` or `mailto:` link to the system (softphone,
   * mail client); the backend refuses any other scheme.
   */
  openContactLink(url: string): Promise<void>;

  /**
   * `get_availability`: the availability configuration of a calendar (a never-saved one is
   * empty, `savedAt: null`), its problems and what the user's role allows on it.
   */
  getAvailability(calendarId: string): Promise<AvailabilityState>;
  /**
   * `save_availability`: saves the configuration, even with problems (returned). Rejects with
   * `forbidden` when the role may not make that change (a secretary opening new time).
   */
  saveAvailability(calendarId: string, config: PracticeConfig): Promise<AvailabilityState>;
  /**
   * `preview_slots`: the slots patients would be offered in the week (Monday–Sunday) of `day`
   * (`YYYY-MM-DD`) by `config` (possibly unsaved), given the calendar's bookings and busy time.
   */
  previewSlots(calendarId: string, config: PracticeConfig, day: string): Promise<SlotPreview>;
  /** `availability_holidays`: public holidays from `from` to `to` (inclusive) under `config`. */
  availabilityHolidays(config: PracticeConfig, from: string, to: string): Promise<HolidayInfo[]>;
  /**
   * `plan_publish`: what publishing the saved configuration would write to Google. Rejects with
   * `invalidInput` (problems to fix first), `forbidden`, `offline` or `noAccount`.
   */
  planPublish(calendarId: string): Promise<PublishPreview>;
  /**
   * `publish_availability`: applies the plan shown (its `fingerprint`); rejects with
   * `planChanged` when the plan changed since, and with `removalNotConfirmed` when the plan
   * removes most published availability (`plan.removal`) and `confirmRemoval` is not the user's
   * second, explicit confirmation. Sends `publish-progress` events meanwhile.
   */
  publishAvailability(
    calendarId: string,
    fingerprint: string,
    confirmRemoval: boolean,
  ): Promise<PublishOutcome>;
  /**
   * `import_availability`: the Rust side asks for a TOML or JSON file (native dialog) and saves
   * it; `null` when the user cancels. Rejects with `invalidInput` (the file is wrong) or
   * `forbidden`.
   */
  importAvailability(calendarId: string): Promise<AvailabilityState | null>;
  /** `export_availability`: asks where to save (native dialog); the path written, or `null`. */
  exportAvailability(calendarId: string): Promise<string | null>;

  /**
   * `list_sharing`: who has access to an owned calendar, re-read from Google: owners first,
   * the linked account marked `isYou`. Rejects with `forbidden` on a calendar the account does
   * not own, `offline` without a connection.
   */
  listSharing(calendarId: string): Promise<ShareEntry[]>;
  /**
   * `grant_access`: shares the calendar with `email` as `writer` (*Secrétaire*), `reader`
   * (*Consultation*) or `freeBusyReader` (*Disponibilités seulement*); an existing rule for
   * that person is changed. Returns the list re-read from Google. Rejects with `invalidInput`
   * (a French message for the field: a bad address, one's own, the `owner` role).
   */
  grantAccess(calendarId: string, email: string, role: AccessRole): Promise<ShareEntry[]>;
  /** `change_access`: gives rule `ruleId` another role; the list re-read from Google. */
  changeAccess(calendarId: string, ruleId: string, role: AccessRole): Promise<ShareEntry[]>;
  /** `revoke_access`: removes rule `ruleId` (the person loses access); the list re-read. */
  revokeAccess(calendarId: string, ruleId: string): Promise<ShareEntry[]>;
  /**
   * `booking_action`: cancels, moves, marks or annotates booking `eventId` (a booking's
   * `eventId`, not its `id`). Queued in the outbox and sent at once when Google can be reached:
   * `applied`, `queued` (offline) or `failed` (someone else changed the booking; the edit stays
   * in the outbox). Rejects with `forbidden` (a reader), `slotUnavailable` (a move to a time
   * that is not a free slot of its type: re-send with `force` once the user confirmed) or
   * `invalidInput`.
   */
  bookingAction(calendarId: string, eventId: string, action: BookingAction): Promise<ActionOutcome>;
  /**
   * `move_options`: the free starts (RFC 3339 with offset) for the booking's type on `day`
   * (`YYYY-MM-DD`), for *Déplacer*.
   */
  moveOptions(calendarId: string, eventId: string, day: string): Promise<string[]>;
  /** `outbox_items`: the edits waiting for Google or refused by it, oldest first. */
  outboxItems(): Promise<OutboxItem[]>;
  /** `retry_outbox_item`: puts a failed edit back in line on the booking as it is now, sends it. */
  retryOutboxItem(seq: number): Promise<OutboxItem[]>;
  /** `discard_outbox_item`: drops a queued or failed edit (the user gave it up). */
  discardOutboxItem(seq: number): Promise<OutboxItem[]>;
  /** `activity_log`: the latest booking edits made here and changes seen in Google, newest first. */
  activityLog(limit: number): Promise<ActivityEntry[]>;
  /**
   * `booking_details`: one booking, past ones too (`id` is the agenda event's id); `null` when
   * it is no longer cached (cancelled, or outside the synced window).
   */
  bookingDetails(calendarId: string, id: string): Promise<Booking | null>;

  /**
   * `reminder_prefs`: offsets before each appointment, quiet hours, privacy mode, alerts, daily
   * summary and *Ne pas déranger* (defaults: 10 minutes, privacy on, alerts on).
   */
  reminderPrefs(): Promise<ReminderPrefs>;
  /**
   * `set_reminder_prefs`: saves them (offsets sorted, duplicates dropped) and returns them.
   * Rejects with `invalidInput` and a French message (more than 5 offsets, one outside 1 minute
   * to 7 days, quiet hours without both ends or with equal ends, a time that is not `HH:MM`).
   */
  setReminderPrefs(prefs: ReminderPrefs): Promise<ReminderPrefs>;
  /** `set_do_not_disturb`: off, one hour, or until tomorrow 07:00; the saved preferences. */
  setDoNotDisturb(choice: DoNotDisturb): Promise<ReminderPrefs>;

  /** `lock_status`: whether a PIN is set, whether locked, the delay, any wait before a new try. */
  lockStatus(): Promise<LockStatus>;
  /**
   * `set_lock_pin`: sets the PIN (4 to 8 digits), or changes it with the `current` one. Rejects
   * with `invalidInput` (format), `wrongPin` (a wrong current PIN) or `appLocked`.
   */
  setLockPin(current: string | null, pin: string): Promise<LockStatus>;
  /** `remove_lock_pin`: removes the PIN (the app no longer locks); `wrongPin` if `current` is wrong. */
  removeLockPin(current: string): Promise<LockStatus>;
  /** `set_lock_delay`: the inactivity delay, 5 to 14 400 seconds (`invalidInput` otherwise). */
  setLockDelay(seconds: number): Promise<LockStatus>;
  /** `lock_app`: locks now if a PIN is set (else nothing happens); sends `lock-changed`. */
  lockApp(): Promise<LockStatus>;
  /**
   * `unlock_app`: unlocks with the PIN; rejects with `wrongPin` and a message that says how many
   * tries are left, or how long to wait (`retryAfterSeconds` of {@link lockStatus}).
   */
  unlockApp(pin: string): Promise<LockStatus>;
  /** `autostart_status`: whether the app starts (minimised in the tray) with the session. */
  autostartStatus(): Promise<boolean>;
  /** `set_autostart`: starts with the session or stops; returns the resulting setting. */
  setAutostart(enabled: boolean): Promise<boolean>;

  /** `retention_state`: the retention period, whether purges run, the purge log (newest first). */
  retentionState(): Promise<RetentionState>;
  /** `set_retention_days`: 90, 120 or 240 days (`invalidInput` otherwise). */
  setRetentionDays(days: number): Promise<RetentionState>;
  /** `retention_preview`: the dry run of a purge now (cached bookings past the period). */
  retentionPreview(): Promise<RetentionPreview>;
  /** `confirm_retention`: the practitioner saw the dry run; purges now and on schedule. */
  confirmRetention(): Promise<RetentionState>;
  /**
   * `scrub_google_past`: removes patient data from the Google events past the period (the time
   * slots stay); how many events changed. Needs Google (`offline`, `noAccount`).
   */
  scrubGooglePast(): Promise<number>;
  /**
   * `find_person`: the bookings of a person (email and/or phone) in the cache and the calendars.
   * Rejects with `invalidInput` (neither given, or a bad address), `offline`, `appLocked`.
   */
  findPerson(email: string | null, phone: string | null): Promise<ErasureMatch[]>;
  /** `erase_person`: anonymises them everywhere; what was done and the report to send back. */
  erasePerson(email: string | null, phone: string | null): Promise<ErasureReport>;

  /** `site_state`: the linked booking site, if any. */
  siteState(): Promise<SiteState>;
  /**
   * `link_site`: tests the site's address, WordPress user and application password, then saves
   * them. Rejects with `invalidInput` (a French message to show) or `offline`.
   */
  linkSite(url: string, user: string, appPassword: string): Promise<SiteState>;
  /** `link_demo_site`: links the sandbox's site (demo mode only, else `invalidInput`). */
  linkDemoSite(): Promise<SiteState>;
  /** `unlink_site`: forgets the site's password, cursor and records. */
  unlinkSite(): Promise<SiteState>;
  /** `sync_site`: pulls the site's records; how many changed. */
  syncSite(): Promise<number>;
  /** `sms_texts`: the site's SMS texts, each checked and counted. */
  smsTexts(): Promise<SmsTextsState>;
  /** `check_sms_text`: checks and counts one text as typed (local and fast, never rejects). */
  checkSmsText(text: string, practitioner: string): Promise<SmsCheck>;
  /**
   * `validate_sms_texts`: checks the texts again and sends them to the site. Rejects with
   * `invalidInput` when a text has a problem (no practitioner identity…), or `offline`.
   */
  validateSmsTexts(confirmation: string, reminder: string, cancellation: string): Promise<SmsTextsState>;
  /** `sms_usage`: SMS sent and billed this month and the last. */
  smsUsage(): Promise<SmsUsageView>;

  /** `sync-status` event: the sync status changed. */
  onSyncStatus(callback: (status: SyncStatus) => void): Unlisten;
  /** `account-state` event: the account was linked, unlinked or needs reconnecting. */
  onAccountState(callback: (account: AccountState) => void): Unlisten;
  /** `data-changed` event: the cache changed; reload what is on screen. */
  onDataChanged(callback: () => void): Unlisten;
  /** `publish-progress` event: a publish made `done` of its `total` writes. */
  onPublishProgress(callback: (progress: PublishProgress) => void): Unlisten;
  /** `outbox-changed` event: an edit was queued, applied, refused or discarded. */
  onOutboxChanged(callback: () => void): Unlisten;
  /** `lock-changed` event: `true` when the app was locked, `false` when unlocked. */
  onLockChanged(callback: (locked: boolean) => void): Unlisten;
  /** `open-booking` event: show that booking's details (tray menu, click on a reminder). */
  onOpenBooking(callback: (target: OpenBookingTarget) => void): Unlisten;
}

// A record, not a list: a code added on the Rust side fails the type check until listed here.
const ERROR_CODES: Record<ErrorCode, true> = {
  keychainLocked: true,
  keychainUnavailable: true,
  notificationsUnavailable: true,
  reconnectNeeded: true,
  removalNotConfirmed: true,
  offline: true,
  oauthDenied: true,
  oauthCancelled: true,
  noAccount: true,
  notConfigured: true,
  forbidden: true,
  invalidInput: true,
  planChanged: true,
  slotUnavailable: true,
  appLocked: true,
  wrongPin: true,
  internal: true,
};

/** True when `value` already has the `{ code, message }` shape the Rust side sends. */
export function isIpcError(value: unknown): value is IpcError {
  if (typeof value !== "object" || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof code === "string" && Object.hasOwn(ERROR_CODES, code) && typeof message === "string";
}

/** Turns any rejection into an {@link IpcError}; unknown shapes become `internal`. */
export function toIpcError(reason: unknown): IpcError {
  if (isIpcError(reason)) return { code: reason.code, message: reason.message };
  const message = (reason as { message?: unknown } | null)?.message;
  return { code: "internal", message: typeof message === "string" ? message : String(reason) };
}

/** The real backend: the only place in the UI that calls `invoke`. */
export class TauriBackend implements Backend {
  private async call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
    try {
      return await invoke<T>(command, args);
    } catch (reason) {
      throw toIpcError(reason);
    }
  }

  getSettings(): Promise<Settings> {
    return this.call("get_settings");
  }

  setLanguage(language: Language): Promise<Settings> {
    return this.call("set_language", { language });
  }

  appInfo(): Promise<AppInfo> {
    return this.call("app_info");
  }

  keychainStatus(): Promise<KeychainStatus> {
    return this.call("keychain_status");
  }

  async sendTestNotification(): Promise<void> {
    await this.call<null>("send_test_notification");
  }

  accountStatus(): Promise<AccountState> {
    return this.call("account_status");
  }

  linkGoogleAccount(): Promise<AccountState> {
    return this.call("link_google_account");
  }

  async cancelLinking(): Promise<void> {
    await this.call<null>("cancel_linking");
  }

  startDemo(): Promise<AccountState> {
    return this.call("start_demo");
  }

  unlinkAccount(): Promise<AccountState> {
    return this.call("unlink_account");
  }

  listCalendars(): Promise<CalendarInfo[]> {
    return this.call("list_calendars");
  }

  setCalendarSelected(calendarId: string, selected: boolean): Promise<CalendarInfo[]> {
    return this.call("set_calendar_selected", { calendarId, selected });
  }

  syncNow(): Promise<SyncStatus> {
    return this.call("sync_now");
  }

  syncStatus(): Promise<SyncStatus> {
    return this.call("sync_status");
  }

  agendaEvents(from: string, to: string): Promise<AgendaEvent[]> {
    return this.call("agenda_events", { from, to });
  }

  upcomingBookings(query: string | null): Promise<Booking[]> {
    return this.call("upcoming_bookings", { query });
  }

  openContactLink(url: string): Promise<void> {
    return this.call("open_contact_link", { url });
  }

  getAvailability(calendarId: string): Promise<AvailabilityState> {
    return this.call("get_availability", { calendarId });
  }

  saveAvailability(calendarId: string, config: PracticeConfig): Promise<AvailabilityState> {
    return this.call("save_availability", { calendarId, config });
  }

  previewSlots(calendarId: string, config: PracticeConfig, day: string): Promise<SlotPreview> {
    return this.call("preview_slots", { calendarId, config, day });
  }

  availabilityHolidays(config: PracticeConfig, from: string, to: string): Promise<HolidayInfo[]> {
    return this.call("availability_holidays", { config, from, to });
  }

  planPublish(calendarId: string): Promise<PublishPreview> {
    return this.call("plan_publish", { calendarId });
  }

  publishAvailability(
    calendarId: string,
    fingerprint: string,
    confirmRemoval: boolean,
  ): Promise<PublishOutcome> {
    return this.call("publish_availability", { calendarId, fingerprint, confirmRemoval });
  }

  importAvailability(calendarId: string): Promise<AvailabilityState | null> {
    return this.call("import_availability", { calendarId });
  }

  exportAvailability(calendarId: string): Promise<string | null> {
    return this.call("export_availability", { calendarId });
  }

  listSharing(calendarId: string): Promise<ShareEntry[]> {
    return this.call("list_sharing", { calendarId });
  }

  grantAccess(calendarId: string, email: string, role: AccessRole): Promise<ShareEntry[]> {
    return this.call("grant_access", { calendarId, email, role });
  }

  changeAccess(calendarId: string, ruleId: string, role: AccessRole): Promise<ShareEntry[]> {
    return this.call("change_access", { calendarId, ruleId, role });
  }

  revokeAccess(calendarId: string, ruleId: string): Promise<ShareEntry[]> {
    return this.call("revoke_access", { calendarId, ruleId });
  }

  bookingAction(calendarId: string, eventId: string, action: BookingAction): Promise<ActionOutcome> {
    return this.call("booking_action", { calendarId, eventId, action });
  }

  moveOptions(calendarId: string, eventId: string, day: string): Promise<string[]> {
    return this.call("move_options", { calendarId, eventId, day });
  }

  outboxItems(): Promise<OutboxItem[]> {
    return this.call("outbox_items");
  }

  retryOutboxItem(seq: number): Promise<OutboxItem[]> {
    return this.call("retry_outbox_item", { seq });
  }

  discardOutboxItem(seq: number): Promise<OutboxItem[]> {
    return this.call("discard_outbox_item", { seq });
  }

  activityLog(limit: number): Promise<ActivityEntry[]> {
    return this.call("activity_log", { limit });
  }

  bookingDetails(calendarId: string, id: string): Promise<Booking | null> {
    return this.call("booking_details", { calendarId, id });
  }

  reminderPrefs(): Promise<ReminderPrefs> {
    return this.call("reminder_prefs");
  }

  setReminderPrefs(prefs: ReminderPrefs): Promise<ReminderPrefs> {
    return this.call("set_reminder_prefs", { prefs });
  }

  setDoNotDisturb(choice: DoNotDisturb): Promise<ReminderPrefs> {
    return this.call("set_do_not_disturb", { choice });
  }

  lockStatus(): Promise<LockStatus> {
    return this.call("lock_status");
  }

  setLockPin(current: string | null, pin: string): Promise<LockStatus> {
    return this.call("set_lock_pin", { current, pin });
  }

  removeLockPin(current: string): Promise<LockStatus> {
    return this.call("remove_lock_pin", { current });
  }

  setLockDelay(seconds: number): Promise<LockStatus> {
    return this.call("set_lock_delay", { seconds });
  }

  lockApp(): Promise<LockStatus> {
    return this.call("lock_app");
  }

  unlockApp(pin: string): Promise<LockStatus> {
    return this.call("unlock_app", { pin });
  }

  autostartStatus(): Promise<boolean> {
    return this.call("autostart_status");
  }

  setAutostart(enabled: boolean): Promise<boolean> {
    return this.call("set_autostart", { enabled });
  }

  retentionState(): Promise<RetentionState> {
    return this.call("retention_state");
  }

  setRetentionDays(days: number): Promise<RetentionState> {
    return this.call("set_retention_days", { days });
  }

  retentionPreview(): Promise<RetentionPreview> {
    return this.call("retention_preview");
  }

  confirmRetention(): Promise<RetentionState> {
    return this.call("confirm_retention");
  }

  scrubGooglePast(): Promise<number> {
    return this.call("scrub_google_past");
  }

  findPerson(email: string | null, phone: string | null): Promise<ErasureMatch[]> {
    return this.call("find_person", { email, phone });
  }

  erasePerson(email: string | null, phone: string | null): Promise<ErasureReport> {
    return this.call("erase_person", { email, phone });
  }

  siteState(): Promise<SiteState> {
    return this.call("site_state");
  }

  linkSite(url: string, user: string, appPassword: string): Promise<SiteState> {
    return this.call("link_site", { url, user, appPassword });
  }

  linkDemoSite(): Promise<SiteState> {
    return this.call("link_demo_site");
  }

  unlinkSite(): Promise<SiteState> {
    return this.call("unlink_site");
  }

  syncSite(): Promise<number> {
    return this.call("sync_site");
  }

  smsTexts(): Promise<SmsTextsState> {
    return this.call("sms_texts");
  }

  checkSmsText(text: string, practitioner: string): Promise<SmsCheck> {
    return this.call("check_sms_text", { text, practitioner });
  }

  validateSmsTexts(confirmation: string, reminder: string, cancellation: string): Promise<SmsTextsState> {
    return this.call("validate_sms_texts", { confirmation, reminder, cancellation });
  }

  smsUsage(): Promise<SmsUsageView> {
    return this.call("sms_usage");
  }

  onSyncStatus(callback: (status: SyncStatus) => void): Unlisten {
    return subscribe<SyncStatus>(BACKEND_EVENTS.syncStatus, callback);
  }

  onAccountState(callback: (account: AccountState) => void): Unlisten {
    return subscribe<AccountState>(BACKEND_EVENTS.accountState, callback);
  }

  onDataChanged(callback: () => void): Unlisten {
    return subscribe<unknown>(BACKEND_EVENTS.dataChanged, () => callback());
  }

  onPublishProgress(callback: (progress: PublishProgress) => void): Unlisten {
    return subscribe<PublishProgress>(BACKEND_EVENTS.publishProgress, callback);
  }

  onOutboxChanged(callback: () => void): Unlisten {
    return subscribe<unknown>(BACKEND_EVENTS.outboxChanged, () => callback());
  }

  onLockChanged(callback: (locked: boolean) => void): Unlisten {
    return subscribe<boolean>(BACKEND_EVENTS.lockChanged, (locked) => callback(locked === true));
  }

  onOpenBooking(callback: (target: OpenBookingTarget) => void): Unlisten {
    return subscribe<OpenBookingTarget>(BACKEND_EVENTS.openBooking, (target) => {
      // Only a well-formed target is acted on.
      if (typeof target?.calendarId === "string" && typeof target.id === "string") {
        callback({ calendarId: target.calendarId, id: target.id });
      }
    });
  }
}

/**
 * Listens to a Tauri event and returns a synchronous stop function, so components can
 * unsubscribe in their cleanup even before `listen` has resolved.
 */
function subscribe<T>(event: string, callback: (payload: T) => void): Unlisten {
  let stopped = false;
  let unlisten: UnlistenFn | undefined;
  const registered = listen<T>(event, ({ payload }) => {
    if (!stopped) callback(payload);
  }).then(
    (stop) => {
      if (stopped) stop();
      else unlisten = stop;
    },
    (reason: unknown) => {
      // Only a missing `core:event` permission makes this fail: a shell bug, not a user's.
      console.error(`cannot listen to "${event}":`, reason);
    },
  );
  const stop = () => {
    if (stopped) return;
    stopped = true;
    unlisten?.();
  };
  return Object.assign(stop, { ready: registered.then(() => undefined) });
}

/** True inside the Tauri webview (the shell injects `__TAURI_INTERNALS__`). */
export function isInsideTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

/**
 * The Tauri backend inside the app; in a plain browser, an in-memory mock whose
 * states can be chosen from the URL (see {@link MockBackend.fromQuery}).
 */
export function createBackend(): Backend {
  if (isInsideTauri()) return new TauriBackend();
  return MockBackend.fromQuery(window.location.search);
}
