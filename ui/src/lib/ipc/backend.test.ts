import { emit } from "@tauri-apps/api/event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { MockBackend, TauriBackend, createBackend, toIpcError } from "./backend";
import type { IpcError } from "./bindings";
import { emptyConfig } from "../availability/model";

type Sent = { cmd: string; args: unknown };

/** Installs a fake Tauri IPC that records each call and answers with `reply`. */
function recordIpc(reply: (cmd: string) => unknown): Sent[] {
  const sent: Sent[] = [];
  mockIPC((cmd, args) => {
    sent.push({ cmd, args });
    return reply(cmd);
  });
  return sent;
}

afterEach(() => {
  clearMocks();
  delete (window as unknown as Record<string, unknown>).__TAURI_INTERNALS__;
});

describe("TauriBackend", () => {
  it("sends each command under its snake_case name with camelCase args", async () => {
    const sent = recordIpc((cmd) => {
      switch (cmd) {
        case "get_settings":
          return { language: "fr" };
        case "set_language":
          return { language: "en" };
        case "app_info":
          return { name: "RDV Compagnon", version: "1.2.3", dataDir: "/d", logDir: "/l" };
        case "keychain_status":
          return { state: "available" };
        default:
          return null;
      }
    });
    const backend = new TauriBackend();

    expect(await backend.getSettings()).toEqual({ language: "fr" });
    expect(await backend.setLanguage("en")).toEqual({ language: "en" });
    expect((await backend.appInfo()).version).toBe("1.2.3");
    expect(await backend.keychainStatus()).toEqual({ state: "available" });
    await expect(backend.sendTestNotification()).resolves.toBeUndefined();

    expect(sent.map((s) => s.cmd)).toEqual([
      "get_settings",
      "set_language",
      "app_info",
      "keychain_status",
      "send_test_notification",
    ]);
    // The Rust command takes `language`; any other key would be ignored by serde.
    expect(sent[1].args).toEqual({ language: "en" });
  });

  it("sends the account, calendar, sync and data commands with their arguments", async () => {
    const sent = recordIpc((cmd) =>
      cmd.endsWith("_calendars") ||
      cmd.includes("bookings") ||
      cmd.includes("events") ||
      cmd === "set_calendar_selected"
        ? []
        : null,
    );
    const backend = new TauriBackend();

    await backend.accountStatus();
    await backend.linkGoogleAccount();
    await backend.cancelLinking();
    await backend.startDemo();
    await backend.unlinkAccount();
    await backend.listCalendars();
    await backend.setCalendarSelected("cal@example.fr", false);
    await backend.syncNow();
    await backend.syncStatus();
    await backend.agendaEvents("2026-11-23T00:00:00+01:00", "2026-11-30T00:00:00+01:00");
    await backend.upcomingBookings("martin");
    await backend.upcomingBookings(null);

    expect(sent).toEqual([
      { cmd: "account_status", args: {} },
      { cmd: "link_google_account", args: {} },
      { cmd: "cancel_linking", args: {} },
      { cmd: "start_demo", args: {} },
      { cmd: "unlink_account", args: {} },
      { cmd: "list_calendars", args: {} },
      // Tauri maps camelCase keys to the Rust command's snake_case parameters.
      { cmd: "set_calendar_selected", args: { calendarId: "cal@example.fr", selected: false } },
      { cmd: "sync_now", args: {} },
      { cmd: "sync_status", args: {} },
      {
        cmd: "agenda_events",
        args: { from: "2026-11-23T00:00:00+01:00", to: "2026-11-30T00:00:00+01:00" },
      },
      { cmd: "upcoming_bookings", args: { query: "martin" } },
      // `null`, not a missing key: the Rust side takes `Option<String>`.
      { cmd: "upcoming_bookings", args: { query: null } },
    ]);
  });

  it("sends the availability commands with their camelCase arguments", async () => {
    const sent = recordIpc((cmd) => (cmd === "availability_holidays" ? [] : null));
    const backend = new TauriBackend();
    const config = emptyConfig();

    await backend.getAvailability("cal");
    await backend.saveAvailability("cal", config);
    await backend.previewSlots("cal", config, "2027-03-28");
    await backend.availabilityHolidays(config, "2027-05-01", "2027-05-31");
    await backend.planPublish("cal");
    await backend.publishAvailability("cal", "f00d", false);
    await backend.importAvailability("cal");
    await backend.exportAvailability("cal");

    expect(sent).toEqual([
      { cmd: "get_availability", args: { calendarId: "cal" } },
      { cmd: "save_availability", args: { calendarId: "cal", config } },
      { cmd: "preview_slots", args: { calendarId: "cal", config, day: "2027-03-28" } },
      { cmd: "availability_holidays", args: { config, from: "2027-05-01", to: "2027-05-31" } },
      { cmd: "plan_publish", args: { calendarId: "cal" } },
      { cmd: "publish_availability", args: { calendarId: "cal", fingerprint: "f00d", confirmRemoval: false } },
      { cmd: "import_availability", args: { calendarId: "cal" } },
      { cmd: "export_availability", args: { calendarId: "cal" } },
    ]);
  });

  it("sends the sharing, booking action, outbox and activity commands with their arguments", async () => {
    const sent = recordIpc((cmd) => (cmd === "booking_details" ? null : []));
    const backend = new TauriBackend();

    await backend.listSharing("cal");
    await backend.grantAccess("cal", "accueil@cabinet.fr", "writer");
    await backend.changeAccess("cal", "user:accueil@cabinet.fr", "reader");
    await backend.revokeAccess("cal", "user:accueil@cabinet.fr");
    await backend.bookingAction("cal", "evt", { kind: "move", start: "2026-11-27T10:00:00+01:00", force: true });
    await backend.bookingAction("cal", "evt", { kind: "attendance", status: null });
    await backend.moveOptions("cal", "evt", "2026-11-27");
    await backend.outboxItems();
    await backend.retryOutboxItem(3);
    await backend.discardOutboxItem(4);
    await backend.activityLog(100);
    expect(await backend.bookingDetails("cal", "evt_20261127T090000Z")).toBeNull();

    expect(sent).toEqual([
      { cmd: "list_sharing", args: { calendarId: "cal" } },
      { cmd: "grant_access", args: { calendarId: "cal", email: "accueil@cabinet.fr", role: "writer" } },
      { cmd: "change_access", args: { calendarId: "cal", ruleId: "user:accueil@cabinet.fr", role: "reader" } },
      { cmd: "revoke_access", args: { calendarId: "cal", ruleId: "user:accueil@cabinet.fr" } },
      {
        cmd: "booking_action",
        args: {
          calendarId: "cal",
          eventId: "evt",
          // Serde's tagged enum: `kind` plus the variant's fields.
          action: { kind: "move", start: "2026-11-27T10:00:00+01:00", force: true },
        },
      },
      {
        cmd: "booking_action",
        args: { calendarId: "cal", eventId: "evt", action: { kind: "attendance", status: null } },
      },
      { cmd: "move_options", args: { calendarId: "cal", eventId: "evt", day: "2026-11-27" } },
      { cmd: "outbox_items", args: {} },
      { cmd: "retry_outbox_item", args: { seq: 3 } },
      { cmd: "discard_outbox_item", args: { seq: 4 } },
      { cmd: "activity_log", args: { limit: 100 } },
      { cmd: "booking_details", args: { calendarId: "cal", id: "evt_20261127T090000Z" } },
    ]);
  });

  it("sends the reminder, lock, start-up, retention and erasure commands with their arguments", async () => {
    const sent = recordIpc(() => null);
    const backend = new TauriBackend();
    const prefs = {
      offsets: [10, 60],
      quietStart: "20:00",
      quietEnd: "07:30",
      privacy: true,
      dailySummary: null,
      alerts: false,
      dndUntil: null,
    };

    await backend.reminderPrefs();
    await backend.setReminderPrefs(prefs);
    await backend.setDoNotDisturb("untilTomorrow");
    await backend.lockStatus();
    await backend.setLockPin(null, "2468");
    await backend.setLockPin("2468", "1357");
    await backend.removeLockPin("1357");
    await backend.setLockDelay(900);
    await backend.lockApp();
    await backend.unlockApp("2468");
    await backend.autostartStatus();
    await backend.setAutostart(true);
    await backend.retentionState();
    await backend.setRetentionDays(240);
    await backend.retentionPreview();
    await backend.confirmRetention();
    await backend.scrubGooglePast();
    await backend.findPerson("jeanne@orange.fr", null);
    await backend.erasePerson(null, "0612345678");

    expect(sent).toEqual([
      { cmd: "reminder_prefs", args: {} },
      { cmd: "set_reminder_prefs", args: { prefs } },
      { cmd: "set_do_not_disturb", args: { choice: "untilTomorrow" } },
      { cmd: "lock_status", args: {} },
      // `null`, not a missing key: no PIN yet.
      { cmd: "set_lock_pin", args: { current: null, pin: "2468" } },
      { cmd: "set_lock_pin", args: { current: "2468", pin: "1357" } },
      { cmd: "remove_lock_pin", args: { current: "1357" } },
      { cmd: "set_lock_delay", args: { seconds: 900 } },
      { cmd: "lock_app", args: {} },
      { cmd: "unlock_app", args: { pin: "2468" } },
      { cmd: "autostart_status", args: {} },
      { cmd: "set_autostart", args: { enabled: true } },
      { cmd: "retention_state", args: {} },
      { cmd: "set_retention_days", args: { days: 240 } },
      { cmd: "retention_preview", args: {} },
      { cmd: "confirm_retention", args: {} },
      { cmd: "scrub_google_past", args: {} },
      { cmd: "find_person", args: { email: "jeanne@orange.fr", phone: null } },
      { cmd: "erase_person", args: { email: null, phone: "0612345678" } },
    ]);
  });

  it("sends the booking site and SMS commands with camelCase arguments", async () => {
    const sent = recordIpc(() => null);
    const backend = new TauriBackend();

    await backend.siteState();
    await backend.linkSite("https://cabinet.fr", "cabinet", "abcd efgh");
    await backend.linkDemoSite();
    await backend.unlinkSite();
    await backend.syncSite();
    await backend.smsTexts();
    await backend.checkSmsText("Bonjour {prenom}", "Dr Laurent");
    await backend.validateSmsTexts("a", "b", "c");
    await backend.smsUsage();

    expect(sent).toEqual([
      { cmd: "site_state", args: {} },
      { cmd: "link_site", args: { url: "https://cabinet.fr", user: "cabinet", appPassword: "abcd efgh" } },
      { cmd: "link_demo_site", args: {} },
      { cmd: "unlink_site", args: {} },
      { cmd: "sync_site", args: {} },
      { cmd: "sms_texts", args: {} },
      { cmd: "check_sms_text", args: { text: "Bonjour {prenom}", practitioner: "Dr Laurent" } },
      { cmd: "validate_sms_texts", args: { confirmation: "a", reminder: "b", cancellation: "c" } },
      { cmd: "sms_usage", args: {} },
    ]);
  });

  it("delivers lock-changed and open-booking events", async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    const backend = new TauriBackend();
    const locks: boolean[] = [];
    const opened: unknown[] = [];
    const stopLock = backend.onLockChanged((locked) => locks.push(locked));
    const stopOpen = backend.onOpenBooking((target) => opened.push(target));
    await Promise.all([stopLock.ready, stopOpen.ready]);

    await emit("lock-changed", true);
    await emit("lock-changed", false);
    await emit("open-booking", { calendarId: "cal", id: "evt_1" });
    // A malformed payload is not acted on.
    await emit("open-booking", { calendarId: "cal" });

    expect(locks).toEqual([true, false]);
    expect(opened).toEqual([{ calendarId: "cal", id: "evt_1" }]);
    stopLock();
    stopOpen();
  });

  it("delivers outbox-changed events, which carry no payload", async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    let changes = 0;
    const stop = new TauriBackend().onOutboxChanged(() => changes++);
    await stop.ready;
    await emit("outbox-changed");
    expect(changes).toBe(1);
    stop();
    await emit("outbox-changed");
    expect(changes).toBe(1);
  });

  it("delivers publish-progress events", async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    const progress: unknown[] = [];
    const stop = new TauriBackend().onPublishProgress((p) => progress.push(p));
    await stop.ready;
    await emit("publish-progress", { calendarId: "cal", done: 3, total: 11 });
    expect(progress).toEqual([{ calendarId: "cal", done: 3, total: 11 }]);
    stop();
  });

  it("delivers the backend's events to subscribers until they stop listening", async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    const backend = new TauriBackend();
    const statuses: unknown[] = [];
    const accounts: unknown[] = [];
    let changes = 0;

    const stopStatus = backend.onSyncStatus((status) => statuses.push(status));
    backend.onAccountState((account) => accounts.push(account));
    backend.onDataChanged(() => changes++);
    await vi.waitFor(async () => {
      await emit("data-changed");
      expect(changes).toBeGreaterThan(0);
    });

    const status = { state: "offline", lastSuccessAt: null, message: "no network" };
    await emit("sync-status", status);
    await emit("account-state", { state: "none" });
    expect(statuses).toEqual([status]);
    expect(accounts).toEqual([{ state: "none" }]);

    stopStatus();
    await emit("sync-status", status);
    expect(statuses).toHaveLength(1);
  });

  it("passes an IpcError from Rust through unchanged", async () => {
    const error: IpcError = { code: "notificationsUnavailable", message: "no D-Bus" };
    recordIpc(() => {
      throw error;
    });

    await expect(new TauriBackend().sendTestNotification()).rejects.toEqual(error);
  });

  it("turns a bare string rejection into an internal IpcError", async () => {
    // Tauri rejects with a plain string when, e.g., a command is not registered.
    recordIpc(() => {
      throw "command keychain_status not found";
    });

    await expect(new TauriBackend().keychainStatus()).rejects.toEqual({
      code: "internal",
      message: "command keychain_status not found",
    });
  });
});

describe("toIpcError", () => {
  it("keeps only code and message of a well-formed error", () => {
    expect(toIpcError({ code: "keychainLocked", message: "locked", extra: 1 })).toEqual({
      code: "keychainLocked",
      message: "locked",
    });
  });

  it("knows the account, sync and availability codes the UI acts on", () => {
    for (const code of [
      "reconnectNeeded",
      "offline",
      "oauthDenied",
      "oauthCancelled",
      "noAccount",
      "forbidden",
      "invalidInput",
      "planChanged",
      "slotUnavailable",
    ]) {
      expect(toIpcError({ code, message: "m" }).code).toBe(code);
    }
  });

  it("treats unknown codes, Error objects and other values as internal", () => {
    expect(toIpcError({ code: "nope", message: "m" })).toEqual({ code: "internal", message: "m" });
    expect(toIpcError(new Error("boom"))).toEqual({ code: "internal", message: "boom" });
    expect(toIpcError(undefined)).toEqual({ code: "internal", message: "undefined" });
  });
});

describe("createBackend", () => {
  it("uses the mock in a plain browser", () => {
    expect(createBackend()).toBeInstanceOf(MockBackend);
  });

  it("uses Tauri when the shell has injected its internals", () => {
    mockIPC(() => null);
    expect(createBackend()).toBeInstanceOf(TauriBackend);
  });
});

describe("MockBackend", () => {
  it("remembers the language it was given", async () => {
    const backend = new MockBackend();
    await backend.setLanguage("en");
    expect(await backend.getSettings()).toEqual({ language: "en" });
  });

  it("previews availability states from the URL query", async () => {
    const empty = MockBackend.fromQuery("?account=linked&availability=empty&import=fail");
    const calendar = (await empty.listCalendars())[0].id;
    expect((await empty.getAvailability(calendar)).savedAt).toBeNull();
    await expect(empty.importAvailability(calendar)).rejects.toMatchObject({ code: "invalidInput" });

    const broken = MockBackend.fromQuery("?account=linked&availability=problems&export=cancel");
    expect((await broken.getAvailability(calendar)).problems.map((p) => p.code)).toEqual(["range.overlap"]);
    expect(await broken.exportAvailability(calendar)).toBeNull();
  });

  it("previews secretary mode, sharing and the outbox from the URL query", async () => {
    const secretary = MockBackend.fromQuery("?account=linked&secretary=1&sharing=empty&outbox=failed");
    const calendars = await secretary.listCalendars();
    expect(calendars.filter((c) => c.selected).map((c) => c.accessRole)).toEqual(["owner", "writer"]);
    expect(await secretary.listSharing(calendars[0].id)).toEqual([
      expect.objectContaining({ role: "owner", isYou: true }),
    ]);
    const [failed] = await secretary.outboxItems();
    expect(failed).toMatchObject({ action: "cancel", failed: true });
    expect(failed.error).toContain("déplacé entre-temps");

    const queued = MockBackend.fromQuery("?account=linked&outbox=queued");
    expect(await queued.outboxItems()).toEqual([expect.objectContaining({ action: "attendance", failed: false })]);
  });

  it("previews the lock, start-up and retention from the URL query", async () => {
    const locked = MockBackend.fromQuery("?account=linked&lock=locked&autostart=1&retention=confirmed");
    expect(await locked.lockStatus()).toMatchObject({ pinSet: true, locked: true });
    await expect(locked.upcomingBookings(null)).rejects.toMatchObject({ code: "appLocked" });
    expect(await locked.autostartStatus()).toBe(true);
    expect((await locked.retentionState()).log).toEqual([expect.objectContaining({ kind: "retention" })]);
    expect((await locked.unlockApp("1234")).locked).toBe(false);

    const withPin = MockBackend.fromQuery("?account=linked&lock=1");
    expect(await withPin.lockStatus()).toMatchObject({ pinSet: true, locked: false });
    expect((await withPin.retentionState()).confirmed).toBe(false);
  });

  it("can be configured from a URL query for browser previews", async () => {
    const backend = MockBackend.fromQuery("?lang=en&keychain=locked&notifications=fail");
    expect((await backend.getSettings()).language).toBe("en");
    expect((await backend.keychainStatus()).state).toBe("locked");
    await expect(backend.sendTestNotification()).rejects.toMatchObject({
      code: "notificationsUnavailable",
    });
  });
});
