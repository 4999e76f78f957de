import type { Backend, Unlisten } from "./backend";
import type {
  AccountState,
  AgendaEvent,
  AppInfo,
  AvailabilityState,
  Booking,
  CalendarInfo,
  ErrorCode,
  HolidayInfo,
  IpcError,
  KeychainStatus,
  Language,
  PracticeConfig,
  PublishOutcome,
  PublishPreview,
  PublishProgress,
  Settings,
  SlotPreview,
  SyncStatus,
} from "./bindings";
import { DEMO_EMAIL, LINKED_EMAIL, demoData, type DemoData } from "./demo-data";
import {
  PUBLISH_WEEKS,
  colleagueConfig,
  demoConfig,
  exampleFileConfig,
  holidaysBetween,
  isDate,
  opensNewTime,
  planOf,
  plannedEvents,
  previewWeek,
  shapeError,
  validateConfig,
  type BusyTime,
  type PlannedEvent,
} from "./mock-availability";
import { emptyConfig, sameConfig } from "../availability/model";
import { DEFAULT_TIME_ZONE, addDays, dayOf, instantAt, startOfWeek } from "../time/zoned";

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
  /**
   * Saved availability configurations by calendar id (default: the demo practitioner's and her
   * colleague's, saved and published, when the agendas are generated; none otherwise).
   */
  availability?: Record<string, MockAvailabilitySeed>;
  /**
   * What `importAvailability` reads, as if the user picked a file: a configuration, `null` (the
   * user cancelled the dialog) or an error (a file that cannot be read). Default: the complete
   * example of docs/templates.md.
   */
  importResult?: PracticeConfig | null | IpcError;
  /** What `exportAvailability` answers: the path written, `null` (cancelled) or an error. */
  exportResult?: string | null | IpcError;
  /** Pause between two `publish-progress` events, in ms (default 0). */
  publishStepMs?: number;
}

/** A calendar's availability at start-up in a {@link MockBackend}. */
export interface MockAvailabilitySeed {
  config: PracticeConfig;
  /** When it was saved (default: a day before `now`). */
  savedAt?: string | null;
  /** Already published as it is (default false). */
  published?: boolean;
  /** When it was published (default: a day before `now`, when `published`). */
  publishedAt?: string | null;
}

/** A calendar's availability as the mock keeps it. */
interface MockAvailability {
  config: PracticeConfig;
  savedAt: string | null;
  /** The configuration last published, and the events it wrote. */
  publishedConfig: PracticeConfig | null;
  publishedEvents: Map<string, PlannedEvent>;
  publishedAt: string | null;
  windowFrom: string | null;
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
  "publish-progress": Set<(progress: PublishProgress) => void>;
};

/** The messages of the Rust side, for the same situations. */
const MESSAGES = {
  writerCreates:
    "Seul le titulaire de l'agenda peut ouvrir de nouvelles disponibilités. Vous pouvez modifier ou annuler les plages existantes.",
  readOnly: "Votre accès à cet agenda est en lecture seule.",
  freeBusy: "Votre accès à cet agenda ne montre que les périodes occupées.",
  unknownCalendar: "Cet agenda n'est pas (ou plus) accessible avec ce compte.",
  planChanged:
    "l'agenda ou les disponibilités ont changé depuis l'aperçu : revoyez le plan avant de publier",
  offline: "Google est injoignable : pas de connexion Internet.",
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
  importResult: PracticeConfig | null | IpcError;
  exportResult: string | null | IpcError;
  publishStepMs: number;
  /** Availability by calendar id. */
  readonly availability = new Map<string, MockAvailability>();
  info: AppInfo;
  account: AccountState;
  sync: SyncStatus;
  data: DemoData | null;
  readonly now: () => Date;

  private readonly listeners: Listeners = {
    "sync-status": new Set(),
    "account-state": new Set(),
    "data-changed": new Set(),
    "publish-progress": new Set(),
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
    this.importResult =
      options.importResult === undefined
        ? exampleFileConfig(DEFAULT_TIME_ZONE)
        : options.importResult;
    this.exportResult =
      options.exportResult === undefined
        ? "/home/demo/Documents/disponibilites.toml"
        : options.exportResult;
    this.publishStepMs = options.publishStepMs ?? 0;
    if (options.availability) {
      for (const [id, seed] of Object.entries(options.availability)) this.seedAvailability(id, seed);
    } else if (!options.data && this.data) {
      this.seedDemoAvailability();
    }
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
   * Availability: `availability=empty` (nothing saved yet) or `problems` (a saved configuration
   * with overlapping ranges); `import=fail` or `cancel`, `export=fail` or `cancel`.
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
    const availabilityParam = query.get("availability");
    const withProblems = demoConfig(DEFAULT_TIME_ZONE);
    withProblems.templates[0].ranges.push({ days: ["lundi"], start: "12:00", end: "13:00" });
    const availability: Record<string, MockAvailabilitySeed> | undefined =
      account.state === "none" || !availabilityParam
        ? undefined
        : {
            [account.email]: {
              config: availabilityParam === "problems" ? withProblems : emptyConfig(),
              savedAt: availabilityParam === "problems" ? undefined : null,
            },
          };
    const fileError = (text: string): IpcError => ({ code: "invalidInput", message: text });
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
      availability,
      importResult:
        query.get("import") === "fail"
          ? fileError(
              "Fichier non importé — fichier TOML illisible, ligne 4, colonne 19, champ appointmentTypes[0].durationMinutes : invalid type: string \"trente\", expected i32",
            )
          : query.get("import") === "cancel"
            ? null
            : undefined,
      exportResult:
        query.get("export") === "fail"
          ? fileError("Impossible d'écrire le fichier : permission refusée")
          : query.get("export") === "cancel"
            ? null
            : undefined,
      publishStepMs: 150,
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
    if (!this.data) {
      this.data = demoData(this.now(), email);
      this.seedDemoAvailability();
    }
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
    this.availability.clear();
    this.seedDemoAvailability();
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
    this.availability.clear();
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

  // ---- availability ----------------------------------------------------------------------

  async getAvailability(calendarId: string): Promise<AvailabilityState> {
    this.calls.push(["get_availability", { calendarId }]);
    const { role } = this.calendarOf(calendarId);
    return this.availabilityState(calendarId, role);
  }

  async saveAvailability(calendarId: string, config: PracticeConfig): Promise<AvailabilityState> {
    this.calls.push(["save_availability", { calendarId, config: clone(config) }]);
    const { role, tz } = this.calendarOf(calendarId);
    this.ensureReadable(config, "save_availability");
    const saved = this.availabilityOf(calendarId, tz);
    if (!sameConfig(saved.config, config)) this.ensureChange(role, saved.config, config);
    if (!sameConfig(saved.config, config) || saved.savedAt === null) {
      saved.config = clone(config);
      saved.savedAt = this.stamp();
    }
    return this.availabilityState(calendarId, role);
  }

  async previewSlots(calendarId: string, config: PracticeConfig, day: string): Promise<SlotPreview> {
    this.calls.push(["preview_slots", { calendarId, config: clone(config), day }]);
    this.calendarOf(calendarId);
    this.ensureReadable(config, "preview_slots");
    if (!isDate(day)) throw error("invalidInput", `date invalide « ${day} » (attendu AAAA-MM-JJ)`);
    const tz = config.timeZone;
    const monday = startOfWeek(day);
    const [start, end] = [
      instantAt(monday, "00:00", tz).getTime(),
      instantAt(addDays(monday, 7), "00:00", tz).getTime(),
    ];
    const busy: BusyTime[] = this.linkedData()
      .events.filter(
        (e) =>
          e.calendarId === calendarId &&
          e.kind !== "availability" &&
          !e.allDay &&
          instantOf(e.start) < end &&
          instantOf(e.end) > start,
      )
      .map((e) => ({
        start: instantOf(e.start),
        end: instantOf(e.end),
        type: e.kind === "booking" ? e.appointmentType : null,
      }));
    return previewWeek(config, day, busy, this.now());
  }

  async availabilityHolidays(
    config: PracticeConfig,
    from: string,
    to: string,
  ): Promise<HolidayInfo[]> {
    this.calls.push(["availability_holidays", { config: clone(config), from, to }]);
    for (const date of [from, to]) {
      if (!isDate(date)) throw error("invalidInput", `date invalide « ${date} » (attendu AAAA-MM-JJ)`);
    }
    return holidaysBetween(config, from, to);
  }

  async planPublish(calendarId: string): Promise<PublishPreview> {
    this.calls.push(["plan_publish", { calendarId }]);
    await this.wait(Math.min(this.delayMs, 600));
    return this.preparePublish(calendarId).preview;
  }

  async publishAvailability(calendarId: string, fingerprint: string): Promise<PublishOutcome> {
    this.calls.push(["publish_availability", { calendarId, fingerprint }]);
    const { preview, saved, desired, window } = this.preparePublish(calendarId);
    if (preview.fingerprint !== fingerprint) throw error("planChanged", MESSAGES.planChanged);
    for (let done = 1; done <= preview.writes; done++) {
      await this.wait(this.publishStepMs);
      this.emitPublishProgress({ calendarId, done, total: preview.writes });
    }
    saved.publishedConfig = clone(saved.config);
    saved.publishedEvents = new Map(desired.map((e) => [e.key, e]));
    saved.publishedAt = this.stamp();
    saved.windowFrom = window.from;
    this.emitDataChanged();
    return { writes: preview.writes, publishedAt: saved.publishedAt };
  }

  async importAvailability(calendarId: string): Promise<AvailabilityState | null> {
    this.calls.push(["import_availability", { calendarId }]);
    const { role, tz } = this.calendarOf(calendarId);
    const file = this.importResult;
    if (file === null) return null;
    if ("code" in file) throw clone(file);
    const config = clone(file);
    const saved = this.availabilityOf(calendarId, tz);
    this.ensureChange(role, saved.config, config);
    saved.config = config;
    saved.savedAt = this.stamp();
    return this.availabilityState(calendarId, role);
  }

  async exportAvailability(calendarId: string): Promise<string | null> {
    this.calls.push(["export_availability", { calendarId }]);
    this.calendarOf(calendarId);
    const result = this.exportResult;
    if (result !== null && typeof result === "object") throw clone(result);
    return result;
  }

  /**
   * Simulates someone changing the calendar's availability events in Google (one published
   * event deleted): the next plan differs, so a publish of the previous one gets `planChanged`.
   */
  simulateRemoteChange(calendarId: string): void {
    const saved = this.availability.get(calendarId);
    const first = saved?.publishedEvents.keys().next();
    if (saved && first && !first.done) saved.publishedEvents.delete(first.value);
  }

  private seedAvailability(calendarId: string, seed: MockAvailabilitySeed): void {
    const dayBefore = new Date(this.now().getTime() - 86_400_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const entry: MockAvailability = {
      config: clone(seed.config),
      savedAt: seed.savedAt === undefined ? dayBefore : seed.savedAt,
      publishedConfig: null,
      publishedEvents: new Map(),
      publishedAt: null,
      windowFrom: null,
    };
    if (seed.published) {
      const { desired, window } = this.desiredOf(entry);
      entry.publishedConfig = clone(seed.config);
      entry.publishedEvents = new Map(desired.map((e) => [e.key, e]));
      entry.publishedAt = seed.publishedAt === undefined ? dayBefore : seed.publishedAt;
      entry.windowFrom = window.from;
    }
    this.availability.set(calendarId, entry);
  }

  /** The demo practitioner and her colleague: saved and published. */
  private seedDemoAvailability(): void {
    const calendars = this.data?.calendars ?? [];
    const own = calendars.find((c) => c.primary);
    const colleague = calendars.find((c) => c.accessRole === "writer");
    if (own) this.seedAvailability(own.id, { config: demoConfig(own.timeZone), published: true });
    if (colleague) {
      this.seedAvailability(colleague.id, {
        config: colleagueConfig(colleague.timeZone),
        published: true,
      });
    }
  }

  private stamp(): string {
    return this.now().toISOString().replace(/\.\d{3}Z$/, "Z");
  }

  /** The linked account's role on a calendar and its zone; rejects as the Rust side does. */
  private calendarOf(calendarId: string): { role: CalendarInfo["accessRole"]; tz: string } {
    const calendar = this.linkedData().calendars.find((c) => c.id === calendarId);
    if (!calendar) throw error("invalidInput", MESSAGES.unknownCalendar);
    return { role: calendar.accessRole, tz: calendar.timeZone };
  }

  private availabilityOf(calendarId: string, tz: string): MockAvailability {
    let saved = this.availability.get(calendarId);
    if (!saved) {
      saved = {
        config: emptyConfig(tz),
        savedAt: null,
        publishedConfig: null,
        publishedEvents: new Map(),
        publishedAt: null,
        windowFrom: null,
      };
      this.availability.set(calendarId, saved);
    }
    return saved;
  }

  private availabilityState(calendarId: string, role: CalendarInfo["accessRole"]): AvailabilityState {
    const { tz } = this.calendarOf(calendarId);
    const saved = this.availability.get(calendarId) ?? {
      config: emptyConfig(tz),
      savedAt: null,
      publishedConfig: null,
      publishedAt: null,
    };
    return clone({
      calendarId,
      role,
      canCreate: role === "owner",
      canModify: role === "owner" || role === "writer",
      config: saved.config,
      problems: validateConfig(saved.config, this.today(saved.config.timeZone)),
      savedAt: saved.savedAt,
      publishedAt: saved.publishedAt,
      unpublishedChanges:
        saved.publishedConfig === null || !sameConfig(saved.publishedConfig, saved.config),
    });
  }

  private today(timeZone: string): string {
    return dayOf(this.now(), timeZone);
  }

  /** Like serde on the Rust side: a configuration it cannot read fails the command. */
  private ensureReadable(config: PracticeConfig, command: string): void {
    const problem = shapeError(config);
    if (problem) throw error("internal", `invalid args \`config\` for command \`${command}\`: ${problem}`);
  }

  /** PRODUCT.md art. 4.3: a secretary may modify or cancel, never open new time. */
  private ensureChange(
    role: CalendarInfo["accessRole"],
    before: PracticeConfig,
    after: PracticeConfig,
  ): void {
    if (role === "reader") throw error("forbidden", MESSAGES.readOnly);
    if (role === "freeBusyReader") throw error("forbidden", MESSAGES.freeBusy);
    if (role === "owner") return;
    const today = this.today(after.timeZone);
    if (opensNewTime(before, after, today, addDays(today, 366))) {
      throw error("forbidden", MESSAGES.writerCreates);
    }
  }

  private desiredOf(saved: { config: PracticeConfig; windowFrom: string | null }) {
    const today = this.today(saved.config.timeZone);
    const monday = startOfWeek(today);
    const from = saved.windowFrom && saved.windowFrom < monday ? saved.windowFrom : monday;
    const to = addDays(monday, 7 * (PUBLISH_WEEKS + 1));
    const desired = plannedEvents(saved.config, from, to, today);
    return { desired, window: { from, to: addDays(to, -1) }, today };
  }

  private preparePublish(calendarId: string) {
    const { role, tz } = this.calendarOf(calendarId);
    if (this.offline) throw error("offline", MESSAGES.offline);
    const saved = this.availabilityOf(calendarId, tz);
    const problems = validateConfig(saved.config, this.today(saved.config.timeZone));
    if (problems.length > 0) {
      const s = problems.length > 1 ? "s" : "";
      throw error(
        "invalidInput",
        `Corrigez d'abord les disponibilités avant de publier (${problems.length} problème${s}) : ${problems[0].message}`,
      );
    }
    this.ensureChange(role, saved.publishedConfig ?? emptyConfig(saved.config.timeZone), saved.config);
    const { desired, window, today } = this.desiredOf(saved);
    const preview = planOf(calendarId, desired, saved.publishedEvents, window, today);
    return { preview, saved, desired, window };
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

  onPublishProgress(callback: (progress: PublishProgress) => void): Unlisten {
    return this.listen("publish-progress", callback);
  }

  /** Sends the `publish-progress` event. */
  emitPublishProgress(progress: PublishProgress): void {
    for (const callback of this.listeners["publish-progress"]) callback(clone(progress));
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
