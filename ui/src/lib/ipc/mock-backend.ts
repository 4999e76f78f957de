import type { Backend } from "./backend";
import type { AppInfo, IpcError, KeychainStatus, Language, Settings } from "./bindings";

/** Initial state of a {@link MockBackend}; every field has a sensible default. */
export interface MockOptions {
  language?: Language;
  keychain?: KeychainStatus;
  /** When set, `sendTestNotification` rejects with this error. */
  notificationError?: IpcError;
  /** When set, `getSettings` rejects with this error. */
  settingsError?: IpcError;
  /** When set, `setLanguage` rejects with this error. */
  languageError?: IpcError;
  appInfo?: AppInfo;
}

const DEFAULT_APP_INFO: AppInfo = {
  name: "RDV Compagnon",
  version: "0.1.0",
  dataDir: "/home/demo/.local/share/fr.lib-rdv.compagnon",
  logDir: "/home/demo/.local/state/fr.lib-rdv.compagnon/logs",
};

/**
 * An in-memory {@link Backend} for component tests and for running the UI in a
 * plain browser. It records every call so tests can assert on them.
 */
export class MockBackend implements Backend {
  /** Every call received, in order, as `[command, args]`. */
  readonly calls: Array<[string, unknown]> = [];
  settings: Settings;
  keychain: KeychainStatus;
  notificationError: IpcError | undefined;
  settingsError: IpcError | undefined;
  languageError: IpcError | undefined;
  info: AppInfo;

  constructor(options: MockOptions = {}) {
    this.settings = { language: options.language ?? "fr" };
    this.keychain = options.keychain ?? { state: "available" };
    this.notificationError = options.notificationError;
    this.settingsError = options.settingsError;
    this.languageError = options.languageError;
    this.info = options.appInfo ?? DEFAULT_APP_INFO;
  }

  /**
   * Builds a mock from a URL query, to preview states in a browser:
   * `?lang=en&keychain=locked&notifications=fail`.
   */
  static fromQuery(search: string): MockBackend {
    const query = new URLSearchParams(search);
    const keychain = query.get("keychain");
    const message = "Simulated by the mock backend.";
    return new MockBackend({
      language: query.get("lang") === "en" ? "en" : "fr",
      keychain:
        keychain === "locked" || keychain === "unavailable"
          ? { state: keychain, message }
          : { state: "available" },
      notificationError:
        query.get("notifications") === "fail"
          ? { code: "notificationsUnavailable", message }
          : undefined,
    });
  }

  async getSettings(): Promise<Settings> {
    this.calls.push(["get_settings", undefined]);
    if (this.settingsError) throw this.settingsError;
    return { ...this.settings };
  }

  async setLanguage(language: Language): Promise<Settings> {
    this.calls.push(["set_language", { language }]);
    if (this.languageError) throw this.languageError;
    this.settings = { ...this.settings, language };
    return { ...this.settings };
  }

  async appInfo(): Promise<AppInfo> {
    this.calls.push(["app_info", undefined]);
    return { ...this.info };
  }

  async keychainStatus(): Promise<KeychainStatus> {
    this.calls.push(["keychain_status", undefined]);
    return { ...this.keychain };
  }

  async sendTestNotification(): Promise<void> {
    this.calls.push(["send_test_notification", undefined]);
    if (this.notificationError) throw this.notificationError;
  }
}
