import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { AccountState, ErrorCode, IpcError, PublishProgress, StartupState, SyncStatus } from "./bindings";
import { commandClient, type Call, type Commands } from "./commands";
import { httpTransport } from "./http-transport";

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

/** The app's events, the same names over every transport (rdv-app `ports::events`). */
export interface BackendEvents {
  /** `sync-status`: the sync status changed. */
  onSyncStatus(callback: (status: SyncStatus) => void): Unlisten;
  /** `account-state`: the account was linked, unlinked or needs reconnecting. */
  onAccountState(callback: (account: AccountState) => void): Unlisten;
  /** `data-changed`: the cache changed; reload what is on screen. */
  onDataChanged(callback: () => void): Unlisten;
  /** `publish-progress`: a publish made `done` of its `total` writes. */
  onPublishProgress(callback: (progress: PublishProgress) => void): Unlisten;
  /** `outbox-changed`: an edit was queued, applied, refused or discarded. */
  onOutboxChanged(callback: () => void): Unlisten;
  /** `lock-changed`: `true` when the app was locked, `false` when unlocked. */
  onLockChanged(callback: (locked: boolean) => void): Unlisten;
  /** `open-booking`: show that booking's details (tray menu, click on a reminder). */
  onOpenBooking(callback: (target: OpenBookingTarget) => void): Unlisten;
}

/**
 * Everything the UI can ask of the Rust core: the commands of rdv-app's command table (generated
 * in `commands.ts`) and its events. Every command rejects with an {@link IpcError}, never with
 * anything else.
 */
export type Backend = Commands & BackendEvents;

/**
 * How the UI reaches the Rust core: the Tauri shell's IPC inside the app ({@link tauriTransport}),
 * HTTP to `rdv-server` in a plain browser ({@link httpTransport}). A transport carries commands
 * and events; it never decides anything.
 */
export interface Transport {
  /** Sends a command; rejects with an {@link IpcError} only. */
  call: Call;
  /** Listens to an app event; the returned function stops listening. */
  subscribe<T>(event: string, callback: (payload: T) => void): Unlisten;
}

/** The backend over a transport: the generated client and the events. */
export function backendOver(transport: Transport): Backend {
  const on = <T>(event: string, callback: (payload: T) => void) => transport.subscribe<T>(event, callback);
  return {
    ...commandClient(transport.call),
    onSyncStatus: (callback) => on<SyncStatus>(BACKEND_EVENTS.syncStatus, callback),
    onAccountState: (callback) => on<AccountState>(BACKEND_EVENTS.accountState, callback),
    onDataChanged: (callback) => on<unknown>(BACKEND_EVENTS.dataChanged, () => callback()),
    onPublishProgress: (callback) => on<PublishProgress>(BACKEND_EVENTS.publishProgress, callback),
    onOutboxChanged: (callback) => on<unknown>(BACKEND_EVENTS.outboxChanged, () => callback()),
    onLockChanged: (callback) => on<boolean>(BACKEND_EVENTS.lockChanged, (locked) => callback(locked === true)),
    onOpenBooking: (callback) =>
      on<OpenBookingTarget>(BACKEND_EVENTS.openBooking, (target) => {
        // Only a well-formed target is acted on.
        if (typeof target?.calendarId === "string" && typeof target.id === "string") {
          callback({ calendarId: target.calendarId, id: target.id });
        }
      }),
  };
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


/** Inside the app: Tauri's IPC, the only place in the UI that calls `invoke`. */
export const tauriTransport: Transport = {
  async call(command, params) {
    try {
      return await invoke(command, params);
    } catch (reason) {
      throw toIpcError(reason);
    }
  },
  subscribe: tauriSubscribe,
};

/**
 * Listens to a Tauri event and returns a synchronous stop function, so components can
 * unsubscribe in their cleanup even before `listen` has resolved.
 */
function tauriSubscribe<T>(event: string, callback: (payload: T) => void): Unlisten {
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

/**
 * Start-up, asked before anything else: whether the app runs, or the database could not be opened
 * and the recovery screen shows (the shell's `startup_state`, `recovery_retry`, `recovery_rebuild`,
 * which answer before the app's commands do). Every method rejects with an {@link IpcError} only.
 */
export interface Startup {
  /** Whether the app runs or the recovery screen shows. */
  state(): Promise<StartupState>;
  /** *Réessayer*: opens the database again; `ready` once the app runs. */
  retry(): Promise<StartupState>;
  /** Moves the file aside and rebuilds from Google (after the user confirmed). */
  rebuild(): Promise<StartupState>;
}

/** Inside the app, the shell's start-up commands; in a plain browser the app always runs. */
export function createStartup(): Startup {
  if (!isInsideTauri()) {
    const ready = () => Promise.resolve<StartupState>({ state: "ready" });
    return { state: ready, retry: ready, rebuild: ready };
  }
  const call = async (command: string) => {
    try {
      return (await invoke(command)) as StartupState;
    } catch (reason) {
      throw toIpcError(reason);
    }
  };
  return {
    state: () => call("startup_state"),
    retry: () => call("recovery_retry"),
    rebuild: () => call("recovery_rebuild"),
  };
}

/** True inside the Tauri webview (the shell injects `__TAURI_INTERNALS__`). */
export function isInsideTauri(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}

/**
 * Inside the app, the Tauri transport; in a plain browser (`npm run dev`), HTTP to `rdv-server`
 * (the same Rust use cases over the embedded sandbox; `make browser`).
 */
export function createBackend(): Backend {
  return backendOver(isInsideTauri() ? tauriTransport : httpTransport(""));
}
