import type { Backend, OpenBookingTarget, Unlisten } from "./backend";
import type {
  AccessRole,
  AccountState,
  ActionOutcome,
  ActionState,
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
  RemovalWarning,
  PublishProgress,
  PurgeEntry,
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
import {
  ACTION_MESSAGES,
  NOTE_MAX_CHARS,
  conflictMessage,
  freeStarts,
  isDay,
  normalizeAction,
  slotProblem,
  zonedStart,
  type RemoteChange,
} from "./mock-actions";
import {
  SHARING_MESSAGES,
  normalizeEmail,
  shareEntries,
  userRule,
  type AclRule,
} from "./mock-sharing";
import {
  DEFAULT_REMINDER_PREFS,
  MockLock,
  checkReminderPrefs,
  dndUntil,
} from "./mock-reminders";
import {
  DEFAULT_RETENTION_DAYS,
  RETENTION_PERIODS,
  anonymousTitle,
  bookingHolds,
  cutoffOf,
  demoPastBookings,
  erasureReportText,
  heldBefore,
  isPerson,
  logEntry,
  matchesOf,
  pastRecord,
  personQuery,
  stamp as utcInstant,
  type MockPastBooking,
  type PastRecord,
  type PersonQuery,
} from "./mock-privacy";
import { DEMO_SITE, MockSite, SITE_MESSAGES, checkSmsText, type MockSiteOptions } from "./mock-site";
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
  /**
   * Linking and the demo start-up wait until {@link MockBackend.finishLinking} (the browser step
   * done), whatever `delayMs`: tests see the progress for as long as they need, on any machine.
   */
  holdLinking?: boolean;
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
  /**
   * A canned `removal` for every plan (the core decides it; the mock does not): the plan then
   * needs the second confirmation, and a publish without it is refused.
   */
  publishRemoval?: RemovalWarning;
  /**
   * Google's ACL rules by calendar id (default, with generated agendas: the practitioner's
   * calendar shared with her front desk as *Secrétaire* and a locum as *Consultation*). An owned
   * calendar without rules has its owner's only.
   */
  sharing?: Record<string, AclRule[]>;
  /** When set, the sharing commands reject with this error (after the role check). */
  sharingError?: IpcError;
  /** The activity log at start-up, newest first (default, with generated agendas: a few lines). */
  activity?: ActivityEntry[];
  /** The reminder preferences at start-up (default: 10 minutes before, privacy on, alerts on). */
  reminders?: Partial<ReminderPrefs>;
  /** The app lock at start-up: a PIN (default none), locked (needs a PIN), the delay in seconds. */
  lock?: { pin?: string | null; locked?: boolean; delaySeconds?: number };
  /** Whether the app starts with the desktop session (default false). */
  autostart?: boolean;
  /** When set, `autostartStatus` and `setAutostart` reject with this error. */
  autostartError?: IpcError;
  /** Personal-data retention at start-up (default: 120 days, not confirmed, empty log). */
  retention?: { days?: number; confirmed?: boolean; log?: PurgeEntry[] };
  /**
   * Past bookings held in the cache, beyond the agenda's window (default, with generated agendas:
   * two a week from 3 to 36 weeks back, of patients who also have a booking now).
   */
  pastBookings?: MockPastBooking[];
  /** The booking site (default: none linked; see {@link MockSiteOptions}). */
  site?: MockSiteOptions;
}

/** A booking edit in the mock's outbox. */
interface MockEdit {
  seq: number;
  calendarId: string;
  eventId: string;
  action: BookingAction;
  /** When it was made, and by whom (`rdv.actionAt`, `rdv.actor`). */
  created: string;
  actor: string;
  failed: boolean;
  error: string | null;
  attempts: number;
  /** The booking's version (ETag) it was made on; `null`: none (the booking left the cache). */
  base: number | null;
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

/** The PIN of the browser preview's lock (`?lock=1`). */
export const PREVIEW_PIN = "1234";

const error = (code: ErrorCode, message = SIMULATED): IpcError => ({ code, message });

/** An RFC 3339 instant as the Rust store writes it: UTC, whole seconds (`…T09:00:00Z`). */
const utcStamp = (value: string) => new Date(value).toISOString().replace(/\.\d{3}Z$/, "Z");

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
  "outbox-changed": Set<() => void>;
  "lock-changed": Set<(locked: boolean) => void>;
  "open-booking": Set<(target: OpenBookingTarget) => void>;
};

/** The key of a booking in the mock's maps. */
const keyOf = (calendarId: string, eventId: string) => `${calendarId}\n${eventId}`;

/** What one pass over the outbox did (`FlushReport`). */
interface FlushReport {
  applied: number;
  failed: number;
  offline: boolean;
}

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
  private readonly publishRemoval: RemovalWarning | null;
  sharingError: IpcError | undefined;
  /** Google's ACL rules by calendar id. */
  readonly acl = new Map<string, AclRule[]>();
  /** The activity log, newest first. */
  activity: ActivityEntry[] = [];
  /** Availability by calendar id. */
  readonly availability = new Map<string, MockAvailability>();
  info: AppInfo;
  account: AccountState;
  sync: SyncStatus;
  data: DemoData | null;
  readonly now: () => Date;
  /** The reminder preferences as saved. */
  reminders: ReminderPrefs;
  /** The app lock: PIN, locked, delay, wrong tries. */
  readonly appLock: MockLock;
  autostart: boolean;
  autostartError: IpcError | undefined;
  retention: { days: number; confirmed: boolean; log: PurgeEntry[] };
  /** Past bookings (beyond the agenda's window) and where their patient data still is. */
  past: PastRecord[] = [];
  /** The booking site: its link, SMS texts and usage. */
  readonly site: MockSite;

  private readonly listeners: Listeners = {
    "sync-status": new Set(),
    "account-state": new Set(),
    "data-changed": new Set(),
    "publish-progress": new Set(),
    "outbox-changed": new Set(),
    "lock-changed": new Set(),
    "open-booking": new Set(),
  };
  private outbox: MockEdit[] = [];
  private nextSeq = 1;
  /** Each booking's version (its ETag) in the cache; 1 when never edited. */
  private readonly versions = new Map<string, number>();
  /** Changes made in Google that the next sync brings into the cache, by booking. */
  private readonly remote = new Map<string, RemoteChange & { version: number }>();
  private pendingLink: { cancel: (reason: IpcError) => void } | null = null;
  private readonly holdLinking: boolean;
  private releaseLinking: (() => void)[] = [];

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
    this.holdLinking = options.holdLinking ?? false;
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
    this.publishRemoval = options.publishRemoval ?? null;
    this.sharingError = options.sharingError;
    const generated = !options.data && this.data !== null;
    if (options.sharing) {
      for (const [id, rules] of Object.entries(options.sharing)) this.acl.set(id, clone(rules));
    } else if (generated) {
      this.seedDemoSharing();
    }
    if (options.activity) this.activity = clone(options.activity);
    else if (generated) this.seedDemoActivity();
    if (options.availability) {
      for (const [id, seed] of Object.entries(options.availability)) this.seedAvailability(id, seed);
    } else if (!options.data && this.data) {
      this.seedDemoAvailability();
    }
    this.reminders = { ...clone(DEFAULT_REMINDER_PREFS), ...clone(options.reminders ?? {}) };
    this.appLock = new MockLock(this.now, options.lock);
    this.autostart = options.autostart ?? false;
    this.autostartError = options.autostartError;
    this.retention = {
      days: options.retention?.days ?? DEFAULT_RETENTION_DAYS,
      confirmed: options.retention?.confirmed ?? false,
      log: clone(options.retention?.log ?? []),
    };
    this.site = new MockSite(this.now, options.site);
    if (options.pastBookings) this.past = options.pastBookings.map(pastRecord);
    else if (generated) this.seedDemoPast();
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
   * Sharing and edits: `secretary=1` (the colleague's calendar shown too), `sharing=empty`
   * (shared with nobody); `outbox=queued` (an edit made offline, waiting) or `failed` (an edit
   * refused: the booking was moved by someone else).
   * Lock and privacy: `lock=1` (PIN `1234` set) or `locked` (and locked at start-up),
   * `autostart=1`, `retention=confirmed` (the purge already confirmed once).
   * Booking site: `site=linked` (a site linked, its records synced).
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
    const backend = new MockBackend({
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
      lock: query.has("lock") ? { pin: PREVIEW_PIN } : undefined,
      autostart: query.get("autostart") === "1",
    });
    if (backend.data && query.get("secretary") === "1") {
      // Secretary mode: the colleague's calendar shown beside the practitioner's.
      for (const c of backend.data.calendars) if (c.accessRole === "writer") c.selected = true;
    }
    if (account.state !== "none" && query.get("sharing") === "empty") {
      backend.acl.set(account.email, [userRule(account.email, "owner")]);
    }
    const outbox = query.get("outbox");
    if (account.state !== "none" && (outbox === "queued" || outbox === "failed")) {
      backend.seedOutboxPreview(outbox);
    }
    if (query.get("site") === "linked") {
      backend.site.link("https://cabinet-laurent.fr", DEMO_SITE.user, DEMO_SITE.appPassword, "Cabinet du Dr Laurent");
      backend.syncSiteRecords();
    }
    if (query.get("retention") === "confirmed") {
      backend.retention.confirmed = true;
      backend.purgeNow();
    }
    // Locked last: the seeding above reads personal data.
    if (query.get("lock") === "locked") backend.appLock.lock();
    return backend;
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

  async sendTestNotification(): Promise<null> {
    this.calls.push(["send_test_notification", undefined]);
    if (this.notificationError) throw this.notificationError;
    return null;
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
        const timer = this.holdLinking ? undefined : setTimeout(resolve, this.delayMs);
        if (this.holdLinking) this.releaseLinking.push(resolve);
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
      this.account = { state: "linked", email, demo: relinked?.demo ?? false };
      this.seedDemoAvailability();
      this.seedDemoExtras();
    }
    this.emitAccountState({ state: "linked", email, demo: relinked?.demo ?? false });
    void this.runSync(0);
    return clone(this.account);
  }

  async cancelLinking(): Promise<null> {
    this.calls.push(["cancel_linking", undefined]);
    this.pendingLink?.cancel(error("oauthCancelled", "La liaison a été annulée."));
    return null;
  }

  /** With `holdLinking`: the browser step (or the demo start-up) finishes now. */
  finishLinking(): void {
    const waiting = this.releaseLinking;
    this.releaseLinking = [];
    for (const release of waiting) release();
  }

  async startDemo(): Promise<AccountState> {
    this.calls.push(["start_demo", undefined]);
    if (this.holdLinking) await new Promise<void>((resolve) => this.releaseLinking.push(resolve));
    else await this.wait(this.delayMs);
    if (this.demoError) throw this.demoError;
    this.data = demoData(this.now(), DEMO_EMAIL);
    this.account = { state: "linked", email: DEMO_EMAIL, demo: true };
    this.availability.clear();
    this.seedDemoAvailability();
    this.seedDemoExtras();
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
    this.seedDemoExtras();
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
    this.appLock.ensureUnlocked();
    const selected = this.selectedIds();
    const [start, end] = [instantOf(from), instantOf(to)];
    return clone(
      this.linkedData().events.filter(
        (e) => selected.has(e.calendarId) && instantOf(e.start) < end && instantOf(e.end) > start,
      ),
    );
  }

  async openContactLink(url: string): Promise<null> {
    this.calls.push(["open_contact_link", { url }]);
    return null;
  }

  async upcomingBookings(query: string | null): Promise<Booking[]> {
    this.calls.push(["upcoming_bookings", { query }]);
    this.appLock.ensureUnlocked();
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

  async publishAvailability(
    calendarId: string,
    fingerprint: string,
    confirmRemoval: boolean,
  ): Promise<PublishOutcome> {
    this.calls.push(["publish_availability", { calendarId, fingerprint, confirmRemoval }]);
    const { preview, saved, desired, window } = this.preparePublish(calendarId);
    if (preview.fingerprint !== fingerprint) throw error("planChanged", MESSAGES.planChanged);
    if (preview.removal && !confirmRemoval) throw error("removalNotConfirmed", preview.removal.message);
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
    const preview = {
      ...planOf(calendarId, desired, saved.publishedEvents, window, today),
      removal: this.publishRemoval ? clone(this.publishRemoval) : null,
    };
    return { preview, saved, desired, window };
  }

  // ---- sharing ---------------------------------------------------------------------------

  async listSharing(calendarId: string): Promise<ShareEntry[]> {
    this.calls.push(["list_sharing", { calendarId }]);
    this.ensureOwner(calendarId);
    await this.wait(Math.min(this.delayMs, 400));
    this.reachGoogle();
    return this.shareList(calendarId);
  }

  async grantAccess(calendarId: string, email: string, role: AccessRole): Promise<ShareEntry[]> {
    this.calls.push(["grant_access", { calendarId, email, role }]);
    this.ensureOwner(calendarId);
    const checked = normalizeEmail(email);
    if ("error" in checked) throw error("invalidInput", checked.error);
    if (checked.email === this.accountEmail()) throw error("invalidInput", SHARING_MESSAGES.yourself);
    if (role === "owner") throw error("invalidInput", SHARING_MESSAGES.ownRole);
    await this.wait(Math.min(this.delayMs, 400));
    this.reachGoogle();
    const rules = this.aclOf(calendarId);
    const rule = userRule(checked.email, role);
    const existing = rules.findIndex((r) => r.ruleId === rule.ruleId);
    if (existing >= 0) rules[existing] = rule;
    else rules.push(rule);
    return this.shareList(calendarId);
  }

  async changeAccess(calendarId: string, ruleId: string, role: AccessRole): Promise<ShareEntry[]> {
    this.calls.push(["change_access", { calendarId, ruleId, role }]);
    this.ensureOwner(calendarId);
    if (role === "owner") throw error("invalidInput", SHARING_MESSAGES.ownRole);
    await this.wait(Math.min(this.delayMs, 400));
    this.reachGoogle();
    const rule = this.aclOf(calendarId).find((r) => r.ruleId === ruleId);
    if (!rule) throw error("internal", "not found in Google Calendar (deleted, or no access)");
    rule.role = role;
    return this.shareList(calendarId);
  }

  async revokeAccess(calendarId: string, ruleId: string): Promise<ShareEntry[]> {
    this.calls.push(["revoke_access", { calendarId, ruleId }]);
    this.ensureOwner(calendarId);
    await this.wait(Math.min(this.delayMs, 400));
    this.reachGoogle();
    // A rule already gone is not an error.
    this.acl.set(
      calendarId,
      this.aclOf(calendarId).filter((r) => r.ruleId !== ruleId),
    );
    return this.shareList(calendarId);
  }

  /** The owner's role is required to see or change sharing (Google answers 403 otherwise). */
  private ensureOwner(calendarId: string): void {
    const calendar = this.linkedData().calendars.find((c) => c.id === calendarId);
    if (!calendar) throw error("invalidInput", SHARING_MESSAGES.unknownCalendar);
    if (calendar.accessRole !== "owner") throw error("forbidden", SHARING_MESSAGES.notOwner);
  }

  /** Sharing is read from and written to Google: it needs the network. */
  private reachGoogle(): void {
    if (this.sharingError) throw clone(this.sharingError);
    if (this.offline) throw error("offline", MESSAGES.offline);
  }

  /** A calendar's rules; an owned calendar always has its owner's. */
  private aclOf(calendarId: string): AclRule[] {
    let rules = this.acl.get(calendarId);
    if (!rules) {
      const me = this.accountEmail();
      rules = me ? [userRule(me, "owner")] : [];
      this.acl.set(calendarId, rules);
    }
    return rules;
  }

  private shareList(calendarId: string): ShareEntry[] {
    return shareEntries(this.aclOf(calendarId), this.accountEmail());
  }

  /** The linked account's address, lower case. */
  private accountEmail(): string | null {
    const account = this.account;
    return account.state === "linked" || account.state === "reconnectNeeded"
      ? account.email.toLowerCase()
      : null;
  }

  /** Sharing, marks and activity of freshly generated agendas; an empty outbox. */
  private seedDemoExtras(): void {
    this.acl.clear();
    this.activity = [];
    this.outbox = [];
    this.versions.clear();
    this.remote.clear();
    this.seedDemoSharing();
    this.seedDemoActivity();
    this.seedDemoPast();
    this.emitOutboxChanged();
  }

  /** The practitioner's calendar, shared with her front desk and a locum. */
  private seedDemoSharing(): void {
    const own = this.data?.calendars.find((c) => c.primary && c.accessRole === "owner");
    const me = this.accountEmail();
    if (!own || !me) return;
    this.acl.set(own.id, [
      userRule(me, "owner"),
      userRule("accueil.cabinet.dubois@gmail.com", "writer"),
      userRule("remplacante.osteo@gmail.com", "reader"),
    ]);
  }

  // ---- booking actions -------------------------------------------------------------------

  async bookingAction(
    calendarId: string,
    eventId: string,
    action: BookingAction,
  ): Promise<ActionOutcome> {
    this.calls.push(["booking_action", { calendarId, eventId, action: clone(action) }]);
    const item = this.queueAction(calendarId, eventId, action);
    await this.wait(Math.min(this.delayMs, 400));
    const report = this.flush();
    if (report.applied + report.failed > 0) this.emitDataChanged();
    const after = this.outbox.find((e) => e.seq === item.seq);
    let state: ActionState = "applied";
    let message: string | null = null;
    if (after?.failed) {
      state = "failed";
      message = after.error;
    } else if (after) {
      state = "queued";
      message = report.offline ? ACTION_MESSAGES.queuedOffline : ACTION_MESSAGES.queuedBehind;
    }
    return { state, message, item: this.itemView(after ?? item) };
  }

  async moveOptions(calendarId: string, eventId: string, day: string): Promise<string[]> {
    this.calls.push(["move_options", { calendarId, eventId, day }]);
    if (!isDay(day)) throw error("invalidInput", ACTION_MESSAGES.badDay(day));
    const booking = this.cachedBooking(calendarId, eventId);
    if (!booking) throw error("invalidInput", ACTION_MESSAGES.notFound);
    const duration = new Date(booking.end).getTime() - new Date(booking.start).getTime();
    return freeStarts(
      this.linkedData().events,
      booking,
      duration,
      day,
      this.now().getTime(),
      this.zoneOf(calendarId),
    );
  }

  async outboxItems(): Promise<OutboxItem[]> {
    this.calls.push(["outbox_items", undefined]);
    this.appLock.ensureUnlocked();
    return this.outboxView();
  }

  async retryOutboxItem(seq: number): Promise<OutboxItem[]> {
    this.calls.push(["retry_outbox_item", { seq }]);
    const item = this.outbox.find((e) => e.seq === seq);
    if (!item) throw error("invalidInput", ACTION_MESSAGES.noSuchEdit);
    await this.wait(Math.min(this.delayMs, 400));
    // Look at the booking as it is now, then put the edit back in line on it.
    this.pullRemoteChanges();
    const booking = this.cachedBooking(item.calendarId, item.eventId);
    item.base = booking ? this.versionOf(item.calendarId, item.eventId) : null;
    item.failed = false;
    item.error = null;
    this.emitOutboxChanged();
    this.flush();
    // `retry_outbox_item` syncs before and after: the screen shows Google's version.
    if (!this.offline) this.emitDataChanged();
    return this.outboxView();
  }

  async discardOutboxItem(seq: number): Promise<OutboxItem[]> {
    this.calls.push(["discard_outbox_item", { seq }]);
    this.outbox = this.outbox.filter((e) => e.seq !== seq);
    this.emitOutboxChanged();
    return this.outboxView();
  }

  async activityLog(limit: number): Promise<ActivityEntry[]> {
    this.calls.push(["activity_log", { limit }]);
    this.appLock.ensureUnlocked();
    this.linkedData();
    return clone(this.activity.slice(0, Math.max(0, Math.min(limit, 1000))));
  }

  async bookingDetails(calendarId: string, id: string): Promise<Booking | null> {
    this.calls.push(["booking_details", { calendarId, id }]);
    this.appLock.ensureUnlocked();
    const booking = this.linkedData().bookings.find(
      (b) => b.calendarId === calendarId && b.id === id,
    );
    return booking ? clone(booking) : null;
  }

  /**
   * Simulates someone else changing a booking in Google (moved, cancelled or edited): the
   * cache learns it at the next sync, and an edit made on the old version meanwhile fails.
   */
  simulateRemoteBookingChange(calendarId: string, eventId: string, change: RemoteChange): void {
    const key = keyOf(calendarId, eventId);
    const version = (this.remote.get(key)?.version ?? this.versionOf(calendarId, eventId)) + 1;
    this.remote.set(key, { ...clone(change), version });
  }

  /** An edit waiting in the outbox, or one refused by Google, for browser previews. */
  private seedOutboxPreview(kind: "queued" | "failed"): void {
    const now = this.now().getTime();
    const booking = this.data?.bookings.find(
      (b) => b.calendarId === this.data?.calendars[0]?.id && new Date(b.start).getTime() > now + 86_400_000,
    );
    if (!booking) return;
    if (kind === "failed") {
      const start = new Date(new Date(booking.start).getTime() + 3_600_000).toISOString();
      this.simulateRemoteBookingChange(booking.calendarId, booking.eventId, {
        kind: "move",
        start,
        actor: "accueil.cabinet.dubois@gmail.com",
      });
      this.queueAction(booking.calendarId, booking.eventId, { kind: "cancel", reason: null });
      const offline = this.offline;
      this.offline = false;
      this.flush();
      this.offline = offline;
    } else {
      this.queueAction(booking.calendarId, booking.eventId, { kind: "attendance", status: "excused" });
    }
  }

  /** Checks and queues an edit (`queue_action`); sends `outbox-changed`. */
  private queueAction(calendarId: string, eventId: string, action: BookingAction): MockEdit {
    this.appLock.ensureUnlocked();
    const calendar = this.linkedData().calendars.find((c) => c.id === calendarId);
    if (!calendar) throw error("invalidInput", SHARING_MESSAGES.unknownCalendar);
    if (calendar.accessRole === "reader") throw error("forbidden", MESSAGES.readOnly);
    if (calendar.accessRole === "freeBusyReader") throw error("forbidden", MESSAGES.freeBusy);
    const booking = this.cachedBooking(calendarId, eventId);
    if (!booking) throw error("invalidInput", ACTION_MESSAGES.gone);
    const normalized = normalizeAction(action);
    if (normalized.kind === "move") {
      const start = new Date(normalized.start).getTime();
      if (!/^\d{4}-\d{2}-\d{2}T/.test(normalized.start) || Number.isNaN(start)) {
        throw error("invalidInput", ACTION_MESSAGES.badTime(normalized.start));
      }
      const duration = new Date(booking.end).getTime() - new Date(booking.start).getTime();
      if (!normalized.force) {
        const problem = slotProblem(
          this.linkedData().events,
          booking,
          start,
          start + duration,
          this.now().getTime(),
          calendar.timeZone,
        );
        if (problem) throw error("slotUnavailable", problem);
      }
    }
    if (normalized.kind === "note") {
      const length = [...normalized.text].length;
      if (length > NOTE_MAX_CHARS) throw error("invalidInput", ACTION_MESSAGES.noteTooLong(length));
    }
    const item: MockEdit = {
      seq: this.nextSeq++,
      calendarId,
      eventId,
      action: normalized,
      created: this.stamp(),
      actor: this.accountEmail() ?? "",
      failed: false,
      error: null,
      attempts: 0,
      base: this.versionOf(calendarId, eventId),
    };
    this.outbox.push(item);
    this.emitOutboxChanged();
    return item;
  }

  /**
   * Sends the pending edits in order (`flush_outbox`): each applies on the booking's version it
   * was made on, or fails with what someone else changed; a failed edit holds back the later
   * edits of the same booking; offline, nothing moves.
   */
  private flush(): FlushReport {
    const report: FlushReport = { applied: 0, failed: 0, offline: false };
    if (!this.outbox.some((e) => !e.failed)) return report;
    if (this.offline) {
      report.offline = true;
      return report;
    }
    const blocked = new Set<string>();
    for (const item of [...this.outbox]) {
      const key = keyOf(item.calendarId, item.eventId);
      if (item.failed) {
        blocked.add(key);
        continue;
      }
      if (blocked.has(key)) continue;
      item.attempts++;
      const problem = this.conflictOf(item);
      if (problem) {
        item.failed = true;
        item.error = problem;
        blocked.add(key);
        report.failed++;
        continue;
      }
      this.apply(item);
      report.applied++;
    }
    if (report.applied + report.failed > 0) this.emitOutboxChanged();
    return report;
  }

  /** Why Google refuses `item` (someone else changed or deleted the booking), if it does. */
  private conflictOf(item: MockEdit): string | null {
    const key = keyOf(item.calendarId, item.eventId);
    const remote = this.remote.get(key);
    const booking = this.cachedBooking(item.calendarId, item.eventId);
    if (!booking || item.base === null) return ACTION_MESSAGES.deleted;
    if (remote && remote.version !== item.base) {
      return conflictMessage(remote, this.zoneOf(item.calendarId));
    }
    if (!remote && this.versionOf(item.calendarId, item.eventId) !== item.base) {
      return conflictMessage({ kind: "edit", actor: null }, this.zoneOf(item.calendarId));
    }
    return null;
  }

  /** Applies an edit in Google (here, the cache the next sync would bring) and logs it. */
  private apply(item: MockEdit): void {
    const data = this.linkedData();
    const key = keyOf(item.calendarId, item.eventId);
    const booking = this.cachedBooking(item.calendarId, item.eventId)!;
    const before = booking.start;
    const tz = this.zoneOf(item.calendarId);
    const entry: ActivityEntry = {
      at: item.created,
      actor: item.actor,
      origin: "app",
      calendarId: item.calendarId,
      eventId: item.eventId,
      action: item.action.kind,
      from: utcStamp(before),
      to: null,
      reason: null,
      attendance: null,
    };
    const action = item.action;
    switch (action.kind) {
      case "cancel":
        entry.reason = action.reason;
        data.bookings = data.bookings.filter((b) => b !== booking);
        data.events = data.events.filter(
          (e) => !(e.calendarId === item.calendarId && e.id === booking.id),
        );
        break;
      case "move": {
        const start = new Date(action.start).getTime();
        const duration = new Date(booking.end).getTime() - new Date(booking.start).getTime();
        const [newStart, newEnd] = [zonedStart(action.start, tz), zonedStart(new Date(start + duration).toISOString(), tz)];
        entry.to = newStart;
        booking.start = newStart;
        booking.end = newEnd;
        for (const e of data.events) {
          if (e.calendarId === item.calendarId && e.id === booking.id) {
            e.start = newStart;
            e.end = newEnd;
          }
        }
        break;
      }
      case "attendance":
        entry.attendance = action.status;
        booking.attendance = action.status;
        break;
      case "note":
        booking.note = action.text === "" ? null : action.text;
        break;
    }
    booking.editedBy = item.actor || null;
    booking.editedAt = item.created;
    const version = this.versionOf(item.calendarId, item.eventId);
    this.versions.set(key, version + 1);
    // The next edits of the same booking made on the same version now build on the new one.
    for (const next of this.outbox) {
      if (next.seq > item.seq && !next.failed && keyOf(next.calendarId, next.eventId) === key && next.base === version) {
        next.base = version + 1;
      }
    }
    this.outbox = this.outbox.filter((e) => e !== item);
    this.activity.unshift(entry);
  }

  /** A sync: what others changed in Google reaches the cache, and is logged. */
  private pullRemoteChanges(): boolean {
    if (this.offline || this.remote.size === 0 || !this.data) return false;
    const data = this.data;
    const me = this.accountEmail();
    for (const [key, change] of this.remote) {
      const [calendarId, eventId] = key.split("\n");
      const booking = this.cachedBooking(calendarId, eventId);
      this.remote.delete(key);
      this.versions.set(key, change.version);
      if (!booking) continue;
      const log = (action: string, from: string, to: string | null) => {
        if (change.actor !== null && change.actor.toLowerCase() === me) return;
        this.activity.unshift({
          at: this.stamp(),
          actor: change.actor ?? "Google Agenda",
          origin: "google",
          calendarId,
          eventId,
          action,
          from,
          to,
          reason: null,
          attendance: null,
        });
      };
      if (change.kind === "cancel") {
        data.bookings = data.bookings.filter((b) => b !== booking);
        data.events = data.events.filter((e) => !(e.calendarId === calendarId && e.id === booking.id));
        log("cancelled", utcStamp(booking.start), null);
      } else if (change.kind === "move") {
        const tz = this.zoneOf(calendarId);
        const duration = new Date(booking.end).getTime() - new Date(booking.start).getTime();
        const start = zonedStart(change.start, tz);
        const end = zonedStart(new Date(new Date(change.start).getTime() + duration).toISOString(), tz);
        log("moved", utcStamp(booking.start), utcStamp(start));
        booking.start = start;
        booking.end = end;
        for (const e of data.events) {
          if (e.calendarId === calendarId && e.id === booking.id) {
            e.start = start;
            e.end = end;
          }
        }
      }
      if (change.actor) booking.editedBy = change.actor;
    }
    return true;
  }

  private cachedBooking(calendarId: string, eventId: string): Booking | undefined {
    return this.linkedData().bookings.find(
      (b) => b.calendarId === calendarId && b.eventId === eventId,
    );
  }

  private versionOf(calendarId: string, eventId: string): number {
    return this.versions.get(keyOf(calendarId, eventId)) ?? 1;
  }

  private zoneOf(calendarId: string): string {
    return (
      this.data?.calendars.find((c) => c.id === calendarId)?.timeZone ?? DEFAULT_TIME_ZONE
    );
  }

  private itemView(item: MockEdit): OutboxItem {
    const booking = this.data ? this.cachedBooking(item.calendarId, item.eventId) : undefined;
    return {
      seq: item.seq,
      calendarId: item.calendarId,
      eventId: item.eventId,
      action: item.action.kind,
      created: item.created,
      failed: item.failed,
      error: item.error,
      attempts: item.attempts,
      start: booking ? utcStamp(booking.start) : null,
    };
  }

  private outboxView(): OutboxItem[] {
    return this.outbox.map((item) => this.itemView(item));
  }

  /** A few past bookings marked, an upcoming one annotated, and the log of those edits. */
  private seedDemoActivity(): void {
    const data = this.data;
    const me = this.accountEmail();
    if (!data || !me) return;
    const now = this.now().getTime();
    const own = data.bookings.filter((b) => b.calendarId === data.calendars[0]?.id);
    const past = own.filter((b) => new Date(b.end).getTime() < now);
    const upcoming = own.filter((b) => new Date(b.start).getTime() > now);
    const secretary = "accueil.cabinet.dubois@gmail.com";
    const hoursAgo = (h: number) => new Date(now - h * 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const entries: ActivityEntry[] = [];
    const mark = (
      booking: Booking | undefined,
      actor: string,
      at: string,
      change: Partial<Booking>,
      action: string,
    ) => {
      if (!booking) return;
      Object.assign(booking, change, { editedBy: actor, editedAt: at });
      entries.push({
        at,
        actor,
        origin: "app",
        calendarId: booking.calendarId,
        eventId: booking.eventId,
        action,
        from: utcStamp(booking.start),
        to: null,
        reason: null,
        attendance: change.attendance ?? null,
      });
    };
    mark(past[past.length - 2], me, hoursAgo(1), { attendance: "absent" }, "attendance");
    mark(past[0], secretary, hoursAgo(30), { attendance: "excused" }, "attendance");
    mark(upcoming[1], secretary, hoursAgo(20), { note: "Rappeler la veille pour confirmer l’horaire." }, "note");
    mark(upcoming[4], me, hoursAgo(4), { note: "Vient avec sa fille (prévoir 5 min de plus)." }, "note");
    const moved = upcoming[6];
    if (moved) {
      entries.push({
        at: hoursAgo(26),
        actor: "Google Agenda",
        origin: "google",
        calendarId: moved.calendarId,
        eventId: moved.eventId,
        action: "moved",
        from: utcStamp(new Date(new Date(moved.start).getTime() - 86_400_000).toISOString()),
        to: utcStamp(moved.start),
        reason: null,
        attendance: null,
      });
    }
    this.activity = entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
  }

  // ---- reminders, lock, start-up ---------------------------------------------------------

  async reminderPrefs(): Promise<ReminderPrefs> {
    this.calls.push(["reminder_prefs", undefined]);
    return clone(this.reminders);
  }

  async setReminderPrefs(prefs: ReminderPrefs): Promise<ReminderPrefs> {
    this.calls.push(["set_reminder_prefs", { prefs: clone(prefs) }]);
    const checked = checkReminderPrefs(prefs);
    if ("code" in checked) throw checked;
    this.reminders = clone(checked);
    this.emitDataChanged();
    return clone(this.reminders);
  }

  async setDoNotDisturb(choice: DoNotDisturb): Promise<ReminderPrefs> {
    this.calls.push(["set_do_not_disturb", { choice }]);
    const primary = this.data?.calendars.find((c) => c.primary);
    this.reminders.dndUntil = dndUntil(choice, this.now(), primary?.timeZone ?? DEFAULT_TIME_ZONE);
    this.emitDataChanged();
    return clone(this.reminders);
  }

  async lockStatus(): Promise<LockStatus> {
    this.calls.push(["lock_status", undefined]);
    return this.appLock.status();
  }

  async setLockPin(current: string | null, pin: string): Promise<LockStatus> {
    this.calls.push(["set_lock_pin", { current, pin }]);
    return this.appLock.setPin(current, pin);
  }

  async removeLockPin(current: string): Promise<LockStatus> {
    this.calls.push(["remove_lock_pin", { current }]);
    return this.appLock.removePin(current);
  }

  async setLockDelay(seconds: number): Promise<LockStatus> {
    this.calls.push(["set_lock_delay", { seconds }]);
    return this.appLock.setDelay(seconds);
  }

  async lockApp(): Promise<LockStatus> {
    this.calls.push(["lock_app", undefined]);
    if (this.appLock.lock()) this.emitLockChanged(true);
    return this.appLock.status();
  }

  async unlockApp(pin: string): Promise<LockStatus> {
    this.calls.push(["unlock_app", { pin }]);
    const status = this.appLock.unlock(pin);
    this.emitLockChanged(false);
    return status;
  }

  async autostartStatus(): Promise<boolean> {
    this.calls.push(["autostart_status", undefined]);
    if (this.autostartError) throw clone(this.autostartError);
    return this.autostart;
  }

  async setAutostart(enabled: boolean): Promise<boolean> {
    this.calls.push(["set_autostart", { enabled }]);
    if (this.autostartError) throw clone(this.autostartError);
    this.autostart = enabled;
    return this.autostart;
  }

  /** Locks as the inactivity timer or the tray would (when a PIN is set); sends `lock-changed`. */
  simulateLock(): void {
    if (this.appLock.lock()) this.emitLockChanged(true);
  }

  // ---- retention and erasure -------------------------------------------------------------

  async retentionState(): Promise<RetentionState> {
    this.calls.push(["retention_state", undefined]);
    return this.retentionView();
  }

  async setRetentionDays(days: number): Promise<RetentionState> {
    this.calls.push(["set_retention_days", { days }]);
    if (!(RETENTION_PERIODS as readonly number[]).includes(days)) {
      throw error("invalidInput", "La durée de conservation est de 90, 120 ou 240 jours.");
    }
    this.retention.days = days;
    return this.retentionView();
  }

  async retentionPreview(): Promise<RetentionPreview> {
    this.calls.push(["retention_preview", undefined]);
    this.appLock.ensureUnlocked();
    const cutoff = cutoffOf(this.now(), this.retention.days);
    const starts = [
      ...heldBefore(this.past, cutoff).map((r) => r.start),
      ...this.currentHeldBefore(cutoff).map((b) => utcStamp(b.start)),
    ].sort();
    return { cutoff: utcInstant(cutoff), count: starts.length, starts: starts.slice(0, 500) };
  }

  async confirmRetention(): Promise<RetentionState> {
    this.calls.push(["confirm_retention", undefined]);
    this.retention.confirmed = true;
    this.purgeNow();
    return this.retentionView();
  }

  /** A purge as the scheduler runs it (once confirmed): how many bookings lost their data. */
  purgeNow(): number {
    if (!this.retention.confirmed) return 0;
    const now = this.now();
    const cutoff = cutoffOf(now, this.retention.days);
    let n = 0;
    for (const record of heldBefore(this.past, cutoff)) {
      record.cached = null;
      n++;
    }
    for (const booking of this.currentHeldBefore(cutoff)) {
      this.anonymiseBooking(booking);
      n++;
    }
    this.retention.log.unshift(logEntry("retention", now, cutoff, n));
    if (n > 0) this.emitDataChanged();
    return n;
  }

  async scrubGooglePast(): Promise<number> {
    this.calls.push(["scrub_google_past", undefined]);
    this.appLock.ensureUnlocked();
    this.linkedData();
    await this.wait(Math.min(this.delayMs, 600));
    if (this.offline) throw error("offline", MESSAGES.offline);
    const cutoff = cutoffOf(this.now(), this.retention.days).getTime();
    let changed = 0;
    for (const record of this.past) {
      if (record.google !== null && new Date(record.end).getTime() < cutoff) {
        record.google = null;
        changed++;
      }
    }
    this.emitDataChanged();
    return changed;
  }

  async findPerson(email: string | null, phone: string | null): Promise<ErasureMatch[]> {
    this.calls.push(["find_person", { email, phone }]);
    const who = await this.personOf(email, phone);
    return matchesOf(this.past, this.linkedData().bookings, who);
  }

  async erasePerson(email: string | null, phone: string | null): Promise<ErasureReport> {
    this.calls.push(["erase_person", { email, phone }]);
    const who = await this.personOf(email, phone);
    const now = this.now();
    let [cached, calendar] = [0, 0];
    for (const record of this.past) {
      if (isPerson(record.cached, who)) {
        record.cached = null;
        cached++;
      }
      if (isPerson(record.google, who)) {
        record.google = null;
        calendar++;
      }
    }
    for (const booking of this.linkedData().bookings) {
      if (isPerson(booking.patient, who)) {
        this.anonymiseBooking(booking);
        cached++;
        calendar++;
      }
    }
    this.retention.log.unshift(logEntry("erasure", now, now, cached));
    this.emitDataChanged();
    const label = this.linkedData().calendars.find((c) => c.primary)?.summary ?? "Agenda";
    return {
      erasedAt: utcInstant(now),
      complete: true,
      calendarEvents: calendar,
      cachedBookings: cached,
      siteRecords: null,
      parts: [
        { place: "calendar", label, step: "done", count: calendar, reason: null },
        { place: "cache", label: "Copie locale de l'application", step: "done", count: cached, reason: null },
      ],
      report: erasureReportText(now, [{ label, count: calendar }], cached, null),
    };
  }

  // ---- booking site and SMS -----------------------------------------------------------------

  async siteState(): Promise<SiteState> {
    this.calls.push(["site_state", undefined]);
    return this.site.state();
  }

  async linkSite(url: string, user: string, appPassword: string): Promise<SiteState> {
    this.calls.push(["link_site", { url, user, appPassword }]);
    await this.wait(Math.min(this.delayMs, 600));
    const state = this.site.link(url, user, appPassword);
    this.syncSiteRecords();
    return state;
  }

  async linkDemoSite(): Promise<SiteState> {
    this.calls.push(["link_demo_site", undefined]);
    const demo = this.account.state === "linked" || this.account.state === "reconnectNeeded" ? this.account.demo : false;
    if (!demo) throw error("invalidInput", SITE_MESSAGES.demoOnly);
    await this.wait(Math.min(this.delayMs, 600));
    const state = this.site.link(DEMO_SITE.url, DEMO_SITE.user, DEMO_SITE.appPassword, DEMO_SITE.name);
    this.syncSiteRecords();
    return state;
  }

  async unlinkSite(): Promise<SiteState> {
    this.calls.push(["unlink_site", undefined]);
    for (const booking of this.data?.bookings ?? []) booking.site = null;
    return this.site.unlink();
  }

  async syncSite(): Promise<number> {
    this.calls.push(["sync_site", undefined]);
    this.site.require();
    await this.wait(Math.min(this.delayMs, 600));
    const n = this.syncSiteRecords();
    this.site.lastSync = this.now().toISOString();
    return n;
  }

  async smsTexts(): Promise<SmsTextsState> {
    this.calls.push(["sms_texts", undefined]);
    this.site.require();
    return this.site.textsState();
  }

  async checkSmsText(text: string, practitioner: string): Promise<SmsCheck> {
    this.calls.push(["check_sms_text", { text, practitioner }]);
    return checkSmsText(text, practitioner);
  }

  async validateSmsTexts(confirmation: string, reminder: string, cancellation: string): Promise<SmsTextsState> {
    this.calls.push(["validate_sms_texts", { confirmation, reminder, cancellation }]);
    this.site.require();
    await this.wait(Math.min(this.delayMs, 600));
    return this.site.validate({ confirmation, reminder, cancellation });
  }

  async smsUsage(): Promise<SmsUsageView> {
    this.calls.push(["sms_usage", undefined]);
    this.site.require();
    return clone(this.site.usage);
  }

  /** Brings what the site knows of the bookings made on it (consent, SMS); how many changed. */
  syncSiteRecords(): number {
    let n = 0;
    for (const booking of this.data?.bookings ?? []) {
      if (booking.source !== "site" || booking.site) continue;
      const past = new Date(booking.start).getTime() < this.now().getTime();
      booking.site = {
        source: "site",
        consentAt: booking.bookedAt,
        consentVersion: "2026-09-01",
        smsConfirmation: "delivered",
        smsReminder: past ? "delivered" : "pending",
      };
      n++;
    }
    if (n > 0) this.emitDataChanged();
    return n;
  }

  /** `find_person`'s checks: unlocked, linked, a valid request, Google reachable. */
  private async personOf(email: string | null, phone: string | null): Promise<PersonQuery> {
    this.appLock.ensureUnlocked();
    const who = personQuery(email, phone, normalizeEmail);
    if ("code" in who) throw who;
    this.linkedData();
    await this.wait(Math.min(this.delayMs, 600));
    if (this.offline) throw error("offline", MESSAGES.offline);
    return who;
  }

  private retentionView(): RetentionState {
    return clone({
      days: this.retention.days,
      confirmed: this.retention.confirmed,
      log: this.retention.log.slice(0, 20),
    });
  }

  /** The agenda's bookings ended before `cutoff` that still hold personal data. */
  private currentHeldBefore(cutoff: Date): Booking[] {
    return (this.data?.bookings ?? []).filter(
      (b) => new Date(b.end).getTime() < cutoff.getTime() && bookingHolds(b),
    );
  }

  /** Removes a booking's patient data (its slot and type stay), in the cache and its event. */
  private anonymiseBooking(booking: Booking): void {
    booking.patient = { firstName: null, lastName: null, phone: null, email: null };
    booking.note = null;
    booking.title = anonymousTitle(booking.title);
    for (const e of this.data?.events ?? []) {
      if (e.calendarId === booking.calendarId && e.id === booking.id) {
        e.title = booking.title;
        e.patientName = null;
      }
    }
  }

  /** The demo's past bookings, in the owner's calendar. */
  private seedDemoPast(): void {
    const own = this.data?.calendars.find((c) => c.primary);
    const bookings = (this.data?.bookings ?? []).filter((b) => b.calendarId === own?.id);
    this.past = demoPastBookings(this.now(), bookings).map(pastRecord);
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

  onOutboxChanged(callback: () => void): Unlisten {
    return this.listen("outbox-changed", callback);
  }

  onLockChanged(callback: (locked: boolean) => void): Unlisten {
    return this.listen("lock-changed", callback);
  }

  onOpenBooking(callback: (target: OpenBookingTarget) => void): Unlisten {
    return this.listen("open-booking", callback);
  }

  /** Sends the `lock-changed` event. */
  emitLockChanged(locked: boolean): void {
    for (const callback of this.listeners["lock-changed"]) callback(locked);
  }

  /** Sends the `open-booking` event, as a tray item or a click on a reminder would. */
  emitOpenBooking(target: OpenBookingTarget): void {
    for (const callback of this.listeners["open-booking"]) callback({ ...target });
  }

  /** Sends the `outbox-changed` event. */
  emitOutboxChanged(): void {
    for (const callback of this.listeners["outbox-changed"]) callback();
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
    this.pullRemoteChanges();
    this.emitSyncStatus({ state: "idle", lastSuccessAt: this.now().toISOString(), message: null });
    // The poller flushes the outbox after each successful sync.
    if (this.data) this.flush();
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
