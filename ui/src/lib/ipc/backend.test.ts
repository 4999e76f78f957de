import { emit } from "@tauri-apps/api/event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { afterEach, describe, expect, it, vi } from "vitest";
import { backendOver, tauriTransport, toIpcError } from "./backend";
import type { IpcError } from "./bindings";
import { COMMAND_NAMES } from "./commands";
import { httpTransport } from "./http-transport";

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

// The client itself is generated from rdv-app's command table (commands.ts; the Rust test fails
// when the committed file drifts). These check what the transports add.
describe("the Tauri transport", () => {
  it("sends each command under its table name with camelCase arguments", async () => {
    const sent = recordIpc((cmd) => (cmd === "get_settings" ? { language: "fr" } : []));
    const backend = backendOver(tauriTransport);

    expect(await backend.getSettings()).toEqual({ language: "fr" });
    await backend.setCalendarSelected("cal@x", true);
    await backend.publishAvailability("cal@x", "fp", false);

    expect(sent).toEqual([
      { cmd: "get_settings", args: {} },
      { cmd: "set_calendar_selected", args: { calendarId: "cal@x", selected: true } },
      {
        cmd: "publish_availability",
        args: { calendarId: "cal@x", fingerprint: "fp", confirmRemoval: false },
      },
    ]);
  });

  it("has a method for every command of the table", () => {
    const backend = backendOver(tauriTransport) as unknown as Record<string, unknown>;
    for (const name of COMMAND_NAMES) {
      const method = name.replace(/_(.)/g, (_, c: string) => c.toUpperCase());
      expect(typeof backend[method], name).toBe("function");
    }
  });

  it("delivers lock-changed and open-booking events", async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    const backend = backendOver(tauriTransport);
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
    const stop = backendOver(tauriTransport).onOutboxChanged(() => changes++);
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
    const stop = backendOver(tauriTransport).onPublishProgress((p) => progress.push(p));
    await stop.ready;
    await emit("publish-progress", { calendarId: "cal", done: 3, total: 11 });
    expect(progress).toEqual([{ calendarId: "cal", done: 3, total: 11 }]);
    stop();
  });

  it("delivers the backend's events to subscribers until they stop listening", async () => {
    mockIPC(() => null, { shouldMockEvents: true });
    const backend = backendOver(tauriTransport);
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

    await expect(backendOver(tauriTransport).sendTestNotification()).rejects.toEqual(error);
  });

  it("turns a bare string rejection into an internal IpcError", async () => {
    // Tauri rejects with a plain string when, e.g., a command is not registered.
    recordIpc(() => {
      throw "command keychain_status not found";
    });

    await expect(backendOver(tauriTransport).keychainStatus()).rejects.toEqual({
      code: "internal",
      message: "command keychain_status not found",
    });
  });
});

describe("the HTTP transport", () => {
  it("posts {command, params} and answers the JSON body", async () => {
    const fetcher = vi.fn(async () => new Response(JSON.stringify({ language: "en" }), { status: 200 }));
    const backend = backendOver(httpTransport("http://127.0.0.1:1", fetcher));

    expect(await backend.setLanguage("en")).toEqual({ language: "en" });
    expect(fetcher).toHaveBeenCalledWith("http://127.0.0.1:1/api/call", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ command: "set_language", params: { language: "en" } }),
    });
  });

  it("rejects with the server's IpcError, and with `offline` when the server is gone", async () => {
    const refused: IpcError = { code: "forbidden", message: "réservé au propriétaire" };
    const answer = vi.fn(async () => new Response(JSON.stringify(refused), { status: 422 }));
    await expect(backendOver(httpTransport("", answer)).planPublish("c")).rejects.toEqual(refused);

    const gone = vi.fn(async () => {
      throw new TypeError("Failed to fetch");
    });
    await expect(backendOver(httpTransport("", gone)).syncStatus()).rejects.toMatchObject({
      code: "offline",
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
