import type { Backend, Unlisten } from "./backend";
import type {
  AccountState,
  AgendaEvent,
  AppInfo,
  Booking,
  CalendarInfo,
  ErrorCode,
  IpcError,
  KeychainStatus,
  Language,
  Settings,
  SyncStatus,
} from "./bindings";
import { DEMO_EMAIL, LINKED_EMAIL, demoData, type DemoData } from "./demo-data";
import { DEFAULT_TIME_ZONE, instantAt } from "../time/zoned";

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
  /** The account at start-up (default: none). Data is generated for a linked one. */
  account?: AccountState;
  /** The sync status at start-up (default: up to date two minutes ago, when linked). */
  sync?: SyncStatus;
  /** The agendas served once linked (default: {@link demoData} around `now`). */
  data?: DemoData;
  /** The mock's clock (default: the system clock). */
  now?: () => Date;
  /** How long linking, demo start-up and syncs take, in ms (default 0). */
  delayMs?: number;
  /** When set, `linkGoogleAccount` rejects with this error after the delay. */
  linkError?: IpcError;
  /** When set, `startDemo` rejects with this error. */
  demoError?: IpcError;
  /** When set, `unlinkAccount` rejects with this error. */
  unlinkError?: IpcError;
  /** When set, `upcomingBookings` rejects with this error. */
  bookingsError?: IpcError;
  /** Syncs cannot reach Google: they end `offline` and the cache answers. */
  offline?: boolean;
}

const DEFAULT_APP_INFO: AppInfo = {
  name: "RDV Compagnon",
  version: "0.1.0",
  dataDir: "/home/demo/.local/share/fr.lib-rdv.compagnon",
  logDir: "/home/demo/.local/state/fr.lib-rdv.compagnon/logs",
};

const SIMULATED = "Simulated by the mock backend.";

const error = (code: ErrorCode, message = SIMULATED): IpcError => ({ code, message });

const clone = <T>(value: T): T => structuredClone(value);

/** Lower case without accents, for forgiving searches ("lefevre" finds "Lefèvre"). */
const fold = (text: string) =>
  text
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase();

/** The phone's digits, international (`33612…`) and national (`0612…`) forms. */
function phoneDigits(phone: string): string[] {
  const digits = phone.replace(/\D/g, "");
  return digits.startsWith("33") ? [digits, `0${digits.slice(2)}`] : [digits];
}

/**
 * Whether a booking matches a search: every word must appear in the patient's name or
 * email, or the query's digits in the phone number (`06 12 34` finds `+33612345678`).
 */
export function matchesQuery(booking: Booking, query: string): boolean {
  const { firstName, lastName, email, phone } = booking.patient;
  const digits = query.replace(/[\s.\-+()]/g, "");
  if (/^\d+$/.test(digits)) {
    const wanted = digits.startsWith("33") ? `0${digits.slice(2)}` : digits;
    return (
      phone !== null && phoneDigits(phone).some((d) => d.includes(digits) || d.includes(wanted))
    );
  }
  const haystack = fold([firstName, lastName, email].filter(Boolean).join(" "));
  return fold(query)
    .split(/\s+/)
    .filter(Boolean)
    .every((word) => haystack.includes(word));
}

/** The instant an event bound means: RFC 3339, or a `YYYY-MM-DD` day in Paris. */
function instantOf(value: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(value)
    ? instantAt(value, "00:00", DEFAULT_TIME_ZONE).getTime()
    : new Date(value).getTime();
}

type Listeners = {
  "sync-status": Set<(status: SyncStatus) => void>;
  "account-state": Set<(account: AccountState) => void>;
  "data-changed": Set<() => void>;
};

/**
 * An in-memory {@link Backend} for component tests and for running the UI in a
 * plain browser. It records every call so tests can assert on them, and raises the
 * backend events (`sync-status`, `account-state`, `data-changed`) as the shell would.
 */
export class MockBackend implements Backend {
  /** Every call received, in order, as `[command, args]`. */
  readonly calls: Array<[string, unknown]> = [];
  settings: Settings;
  keychain: KeychainStatus;
  notificationError: IpcError | undefined;
  settingsError: IpcError | undefined;
  languageError: IpcError | undefined;
  linkError: IpcError | undefined;
  demoError: IpcError | undefined;
  unlinkError: IpcError | undefined;
  bookingsError: IpcError | undefined;
  offline: boolean;
  delayMs: number;
  info: AppInfo;
  account: AccountState;
  sync: SyncStatus;
  data: DemoData | null;
  readonly now: () => Date;

  private readonly listeners: Listeners = {
    "sync-status": new Set(),
    "account-state": new Set(),
    "data-changed": new Set(),
  };
  private pendingLink: { cancel: (reason: IpcError) => void } | null = null;

  constructor(options: MockOptions = {}) {
    this.settings = { language: options.language ?? "fr" };
    this.keychain = options.keychain ?? { state: "available" };
    this.notificationError = options.notificationError;
    this.settingsError = options.settingsError;
    this.languageError = options.languageError;
    this.linkError = options.linkError;
    this.demoError = options.demoError;
    this.unlinkError = options.unlinkError;
    this.bookingsError = options.bookingsError;
    this.offline = options.offline ?? false;
    this.delayMs = options.delayMs ?? 0;
    this.info = options.appInfo ?? DEFAULT_APP_INFO;
    this.now = options.now ?? (() => new Date());
    this.account = options.account ?? { state: "none" };
    const email =
      this.account.state === "linked" || this.account.state === "reconnectNeeded"
        ? this.account.email
        : null;
    this.data = options.data ?? (email ? demoData(this.now(), email) : null);
    this.sync =
      options.sync ??
      (email
        ? {
            state: "idle",
            lastSuccessAt: new Date(this.now().getTime() - 2 * 60_000).toISOString(),
            message: null,
          }
        : { state: "noAccount", lastSuccessAt: null, message: null });
  }

  /**
   * Builds a mock from a URL query, to preview states in a browser:
   * `?lang=en&keychain=locked&notifications=fail&account=demo&sync=offline&link=denied`.
   * `account` is `none` (default), `linked`, `demo` or `reconnect`; `sync` is `offline`,
   * `error` or `syncing`; `link` makes linking fail with `denied`, `cancelled`, `offline`,
   * `keychainLocked` or `keychainUnavailable`; `delay` sets the duration of long operations.
   */
  static fromQuery(search: string): MockBackend {
    const query = new URLSearchParams(search);
    const keychain = query.get("keychain");
    const message = SIMULATED;
    const accountParam = query.get("account");
    const account: AccountState =
      accountParam === "linked"
        ? { state: "linked", email: LINKED_EMAIL, demo: false }
        : accountParam === "demo"
          ? { state: "linked", email: DEMO_EMAIL, demo: true }
          : accountParam === "reconnect"
            ? { state: "reconnectNeeded", email: LINKED_EMAIL, demo: false }
            : { state: "none" };
    const syncParam = query.get("sync");
    const lastSuccessAt = new Date(Date.now() - 47 * 60_000).toISOString();
    const sync: SyncStatus | undefined =
      account.state === "none"
        ? undefined
        : syncParam === "offline"
          ? { state: "offline", lastSuccessAt, message: "Google est injoignable." }
          : syncParam === "error"
            ? {
                state: "error",
                lastSuccessAt,
                message: "Google a répondu 503 (service indisponible).",
              }
            : syncParam === "syncing"
              ? { state: "syncing", lastSuccessAt, message: null }
              : undefined;
    const linkCodes: Record<string, ErrorCode> = {
      denied: "oauthDenied",
      cancelled: "oauthCancelled",
      offline: "offline",
      keychainLocked: "keychainLocked",
      keychainUnavailable: "keychainUnavailable",
      internal: "internal",
    };
    const linkCode = linkCodes[query.get("link") ?? ""];
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
      account,
      sync,
      offline: syncParam === "offline",
      linkError: linkCode ? { code: linkCode, message } : undefined,
      delayMs: Number(query.get("delay") ?? 1500),
    });
  }

  // ---- settings, keychain, notifications -------------------------------------------------

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

  // ---- account ---------------------------------------------------------------------------

  async accountStatus(): Promise<AccountState> {
    this.calls.push(["account_status", undefined]);
    return clone(this.account);
  }

  async linkGoogleAccount(): Promise<AccountState> {
    this.calls.push(["link_google_account", undefined]);
    const previous = this.account;
    this.emitAccountState({ state: "linking" });
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, this.delayMs);
        this.pendingLink = {
          cancel: (reason) => {
            clearTimeout(timer);
            reject(reason);
          },
        };
      });
      if (this.linkError) throw this.linkError;
    } catch (reason) {
      this.emitAccountState(previous);
      throw reason;
    } finally {
      this.pendingLink = null;
    }
    const relinked = previous.state === "reconnectNeeded" ? previous : null;
    const email = relinked?.email ?? LINKED_EMAIL;
    this.data ??= demoData(this.now(), email);
    this.emitAccountState({ state: "linked", email, demo: relinked?.demo ?? false });
    void this.runSync(0);
    return clone(this.account);
  }

  async cancelLinking(): Promise<void> {
    this.calls.push(["cancel_linking", undefined]);
    this.pendingLink?.cancel(error("oauthCancelled", "La liaison a été annulée."));
  }

  async startDemo(): Promise<AccountState> {
    this.calls.push(["start_demo", undefined]);
    await this.wait(this.delayMs);
    if (this.demoError) throw this.demoError;
    this.data = demoData(this.now(), DEMO_EMAIL);
    this.emitAccountState({ state: "linked", email: DEMO_EMAIL, demo: true });
    this.emitSyncStatus({ state: "idle", lastSuccessAt: this.now().toISOString(), message: null });
    this.emitDataChanged();
    return clone(this.account);
  }

  async unlinkAccount(): Promise<AccountState> {
    this.calls.push(["unlink_account", undefined]);
    await this.wait(Math.min(this.delayMs, 400));
    if (this.unlinkError) throw this.unlinkError;
    this.data = null;
    this.emitAccountState({ state: "none" });
    this.emitSyncStatus({ state: "noAccount", lastSuccessAt: null, message: null });
    this.emitDataChanged();
    return clone(this.account);
  }

  // ---- calendars and sync ----------------------------------------------------------------

  async listCalendars(): Promise<CalendarInfo[]> {
    this.calls.push(["list_calendars", undefined]);
    return clone(this.linkedData().calendars);
  }

  async setCalendarSelected(calendarId: string, selected: boolean): Promise<CalendarInfo[]> {
    this.calls.push(["set_calendar_selected", { calendarId, selected }]);
    const data = this.linkedData();
    data.calendars = data.calendars.map((c) => (c.id === calendarId ? { ...c, selected } : c));
    this.emitDataChanged();
    return clone(data.calendars);
  }

  async syncNow(): Promise<SyncStatus> {
    this.calls.push(["sync_now", undefined]);
    this.linkedData();
    await this.runSync(this.delayMs);
    return clone(this.sync);
  }

  async syncStatus(): Promise<SyncStatus> {
    this.calls.push(["sync_status", undefined]);
    return clone(this.sync);
  }

  // ---- cached data -----------------------------------------------------------------------

  async agendaEvents(from: string, to: string): Promise<AgendaEvent[]> {
    this.calls.push(["agenda_events", { from, to }]);
    const selected = this.selectedIds();
    const [start, end] = [instantOf(from), instantOf(to)];
    return clone(
      this.linkedData().events.filter(
        (e) => selected.has(e.calendarId) && instantOf(e.start) < end && instantOf(e.end) > start,
      ),
    );
  }

  async openContactLink(url: string): Promise<void> {
    this.calls.push(["open_contact_link", { url }]);
  }

  async upcomingBookings(query: string | null): Promise<Booking[]> {
    this.calls.push(["upcoming_bookings", { query }]);
    if (this.bookingsError) throw this.bookingsError;
    const selected = this.selectedIds();
    const now = this.now().getTime();
    return clone(
      this.linkedData()
        .bookings.filter(
          (b) =>
            selected.has(b.calendarId) &&
            new Date(b.end).getTime() > now &&
            (!query?.trim() || matchesQuery(b, query.trim())),
        )
        .sort((a, b) => new Date(a.start).getTime() - new Date(b.start).getTime()),
    );
  }

  // ---- events ----------------------------------------------------------------------------

  onSyncStatus(callback: (status: SyncStatus) => void): Unlisten {
    return this.listen("sync-status", callback);
  }

  onAccountState(callback: (account: AccountState) => void): Unlisten {
    return this.listen("account-state", callback);
  }

  onDataChanged(callback: () => void): Unlisten {
    return this.listen("data-changed", callback);
  }

  /** Sets the sync status and sends the `sync-status` event, as the sync engine would. */
  emitSyncStatus(status: SyncStatus): void {
    this.sync = status;
    for (const callback of this.listeners["sync-status"]) callback(clone(status));
  }

  /** Sets the account and sends the `account-state` event. */
  emitAccountState(account: AccountState): void {
    this.account = account;
    for (const callback of this.listeners["account-state"]) callback(clone(account));
  }

  /** Sends the `data-changed` event. */
  emitDataChanged(): void {
    for (const callback of this.listeners["data-changed"]) callback();
  }

  private listen<K extends keyof Listeners>(
    event: K,
    callback: Listeners[K] extends Set<infer F> ? F : never,
  ): Unlisten {
    const set = this.listeners[event] as Set<typeof callback>;
    set.add(callback);
    return () => set.delete(callback);
  }

  private async runSync(delayMs: number): Promise<void> {
    const previous = this.sync;
    this.emitSyncStatus({ state: "syncing", lastSuccessAt: previous.lastSuccessAt, message: null });
    await this.wait(delayMs);
    if (this.offline) {
      this.emitSyncStatus({
        state: "offline",
        lastSuccessAt: previous.lastSuccessAt,
        message: "Google est injoignable : pas de connexion Internet.",
      });
      return;
    }
    this.emitSyncStatus({ state: "idle", lastSuccessAt: this.now().toISOString(), message: null });
    this.emitDataChanged();
  }

  private wait(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** The data of the linked account; without one, rejects as the Rust side does. */
  private linkedData(): DemoData {
    if (this.account.state === "none" || this.account.state === "linking" || !this.data) {
      throw error("noAccount", "Aucun compte Google n’est lié.");
    }
    return this.data;
  }

  private selectedIds(): Set<string> {
    return new Set(
      this.linkedData()
        .calendars.filter((c) => c.selected)
        .map((c) => c.id),
    );
  }
}
