import { invoke } from "@tauri-apps/api/core";
import type { AppInfo, ErrorCode, IpcError, KeychainStatus, Language, Settings } from "./bindings";
import { MockBackend } from "./mock-backend";

export { MockBackend } from "./mock-backend";

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
}

// A record, not a list: a code added on the Rust side fails the type check until listed here.
const ERROR_CODES: Record<ErrorCode, true> = {
  keychainLocked: true,
  keychainUnavailable: true,
  notificationsUnavailable: true,
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
