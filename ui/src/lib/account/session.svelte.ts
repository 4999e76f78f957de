import { createContext } from "svelte";
import { toIpcError, type Backend, type OpenBookingTarget, type Unlisten } from "../ipc/backend";
import type {
  AccountState,
  AppointmentPolicy,
  CalendarInfo,
  IpcError,
  OutboxItem,
  SyncStatus,
} from "../ipc/bindings";
import { DEFAULT_TIME_ZONE } from "../time/zoned";

/** A long account operation under way, shown as progress where it was started. */
export type AccountTask = "link" | "demo" | "unlink";

/**
 * The account, sync status and calendars, shared by every view and kept up to date from
 * the backend's events. One per app, created by `App` and read with {@link getSession}.
 */
export class Session {
  /** The Google account, as the backend last reported it. */
  account = $state<AccountState>({ state: "none" });
  /** Where synchronisation stands. */
  sync = $state<SyncStatus>({ state: "noAccount", lastSuccessAt: null, message: null });
  /** The account's calendars (empty without an account). */
  calendars = $state<CalendarInfo[]>([]);
  /** True once the calendar list of the current account has been read. */
  calendarsLoaded = $state(false);
  /** Why the calendar list could not be read, if it could not. */
  calendarsError = $state<IpcError | null>(null);
  /** Bumped on each `data-changed` event: views reload when it changes. */
  dataVersion = $state(0);
  /** The booking edits waiting for Google or refused by it, kept up to date from `outbox-changed`. */
  outbox = $state<OutboxItem[]>([]);
  /** Why the outbox could not be read, if it could not. */
  outboxError = $state<IpcError | null>(null);
  /** The operation under way, if any. */
  task = $state<AccountTask | null>(null);
  /** Why the last link, demo start or unlink failed (cleared by the next attempt). */
  taskError = $state<{ task: AccountTask; error: IpcError } | null>(null);
  /** The email being re-linked, kept while the backend reports `linking`. */
  relinkingEmail = $state<string | null>(null);
  /**
   * A booking to show (`open-booking`: a tray item, a click on a reminder), until the agenda has
   * opened it; `seq` tells two requests for the same booking apart.
   */
  openRequest = $state<(OpenBookingTarget & { seq: number }) | null>(null);

  private cancelRequested = false;
  private outboxRequest = 0;
  /** Account and sync-status events received so far: a read answered before one is stale. */
  private accountEvents = 0;
  private syncEvents = 0;
  private openSeq = 0;

  constructor(private readonly backend: Backend) {}

  /** True when an account's data can be shown (linked, or cached while reconnecting). */
  get hasAccount(): boolean {
    const { state } = this.account;
    return state === "linked" || state === "reconnectNeeded" || this.relinkingEmail !== null;
  }

  /** True while the browser consent flow is pending (started here or found at start-up). */
  get linking(): boolean {
    return this.task === "link" || this.account.state === "linking";
  }

  /** The linked account's email, also while re-linking. */
  get email(): string | null {
    const account = this.account;
    if (account.state === "linked" || account.state === "reconnectNeeded") return account.email;
    return this.relinkingEmail;
  }

  /** True for the demo account (the embedded sandbox). */
  get demo(): boolean {
    const account = this.account;
    return (account.state === "linked" || account.state === "reconnectNeeded") && account.demo;
  }

  /** The calendars shown in the Agenda and Rendez-vous views. */
  get selectedCalendars(): CalendarInfo[] {
    return this.calendars.filter((c) => c.selected);
  }

  /**
   * The zone dates are shown in: the primary calendar's if selected, else the first
   * selected calendar's, else `Europe/Paris`.
   */
  get timeZone(): string {
    const selected = this.selectedCalendars;
    return (selected.find((c) => c.primary) ?? selected[0])?.timeZone ?? DEFAULT_TIME_ZONE;
  }

  /**
   * Subscribes to the backend's events; returns the function that unsubscribes, whose
   * `ready` settles once every subscription is in place (then call {@link load}).
   */
  listen(): Unlisten {
    const stops: Unlisten[] = [
      this.backend.onAccountState((account) => {
        this.accountEvents++;
        this.setAccount(account);
      }),
      this.backend.onSyncStatus((status) => {
        this.syncEvents++;
        this.sync = status;
      }),
      this.backend.onDataChanged(() => {
        this.dataVersion++;
        if (this.hasAccount) void this.loadCalendars();
      }),
      this.backend.onOutboxChanged(() => {
        if (this.hasAccount) void this.loadOutbox();
      }),
      this.backend.onOpenBooking((target) => this.requestOpenBooking(target)),
    ];
    const stopAll = () => stops.forEach((stop) => stop());
    return Object.assign(stopAll, {
      ready: Promise.all(stops.map((stop) => stop.ready)).then(() => undefined),
    });
  }

  /**
   * Reads the account and sync status (and calendars when linked). Never rejects. An event that
   * arrives while the reads are under way is newer than their answers, which then give way (a
   * start-up link can finish between the read and its answer).
   */
  async load(): Promise<void> {
    const seen = { account: this.accountEvents, sync: this.syncEvents };
    const [account, sync] = await Promise.allSettled([
      this.backend.accountStatus(),
      this.backend.syncStatus(),
    ]);
    if (account.status === "fulfilled" && this.accountEvents === seen.account) this.account = account.value;
    if (sync.status === "fulfilled" && this.syncEvents === seen.sync) this.sync = sync.value;
    if (this.hasAccount) await Promise.all([this.loadCalendars(), this.loadOutbox()]);
  }

  /** Asks the agenda to open a booking's details. */
  requestOpenBooking(target: OpenBookingTarget): void {
    this.openRequest = { calendarId: target.calendarId, id: target.id, seq: ++this.openSeq };
  }

  /** The pending {@link openRequest}, which is then done with. */
  takeOpenRequest(): OpenBookingTarget | null {
    const request = this.openRequest;
    this.openRequest = null;
    return request && { calendarId: request.calendarId, id: request.id };
  }

  /** Reloads the outbox. */
  async loadOutbox(): Promise<void> {
    // Only the answer to the latest read is kept, whatever order they come back in.
    const request = ++this.outboxRequest;
    try {
      const items = await this.backend.outboxItems();
      if (request !== this.outboxRequest) return;
      this.outbox = items;
      this.outboxError = null;
    } catch (reason) {
      if (request === this.outboxRequest) this.outboxError = toIpcError(reason);
    }
  }

  /** Takes the outbox a command returned (`retry_outbox_item`, `discard_outbox_item`). */
  setOutbox(items: OutboxItem[]): void {
    this.outboxRequest++;
    this.outbox = items;
    this.outboxError = null;
  }

  /** Reloads the calendar list. */
  async loadCalendars(): Promise<void> {
    try {
      this.calendars = await this.backend.listCalendars();
      this.calendarsLoaded = true;
      this.calendarsError = null;
    } catch (reason) {
      this.calendarsError = toIpcError(reason);
    }
  }

  /**
   * Adds a calendar shared with the account to its list (by the owner's address or the
   * calendar id); the backend selects and syncs it. Resolves with the calendar added; rejects
   * with the backend's error (the reason in the user's language).
   */
  async addSharedCalendar(calendarOrEmail: string): Promise<CalendarInfo> {
    const added = await this.backend.addSharedCalendar(calendarOrEmail);
    this.calendars = added.calendars;
    this.calendarsLoaded = true;
    return added.calendar;
  }

  /** Shows or hides a calendar; rejects with the backend's error. */
  async setCalendarSelected(calendarId: string, selected: boolean): Promise<void> {
    this.calendars = await this.backend.setCalendarSelected(calendarId, selected);
    this.dataVersion++;
  }

  /**
   * Chooses what counts as an appointment on a calendar (the bookings only, or also its own
   * timed events); rejects with the backend's error.
   */
  async setAppointmentPolicy(calendarId: string, policy: AppointmentPolicy): Promise<void> {
    this.calendars = await this.backend.setAppointmentPolicy(calendarId, policy);
    this.dataVersion++;
  }

  /** Links (or re-links) the Google account through the system browser. */
  async link(): Promise<void> {
    this.relinkingEmail = this.email;
    await this.run("link", () => this.backend.linkGoogleAccount());
    this.relinkingEmail = null;
  }

  /** Stops a pending link; the pending {@link link} then ends without an error. */
  async cancelLink(): Promise<void> {
    this.cancelRequested = true;
    try {
      await this.backend.cancelLinking();
    } catch (reason) {
      this.taskError = { task: "link", error: toIpcError(reason) };
    }
    // A link found pending at start-up has no promise here to settle it.
    if (this.task !== "link") {
      this.account = await this.backend.accountStatus().catch(() => this.account);
    }
  }

  /** Starts the demo mode. */
  async startDemo(): Promise<void> {
    await this.run("demo", () => this.backend.startDemo());
  }

  /** Unlinks the account: revokes access, deletes the tokens and the cache. */
  async unlink(): Promise<void> {
    await this.run("unlink", () => this.backend.unlinkAccount());
  }

  /** Synchronises now; a failure shows in the sync status. */
  async syncNow(): Promise<void> {
    const previous = this.sync;
    this.sync = { ...previous, state: "syncing", message: null };
    try {
      this.sync = await this.backend.syncNow();
    } catch (reason) {
      const error = toIpcError(reason);
      this.sync = {
        state:
          error.code === "offline" ? "offline" : error.code === "noAccount" ? "noAccount" : "error",
        lastSuccessAt: previous.lastSuccessAt,
        message: error.message,
      };
    }
  }

  private async run(task: AccountTask, operation: () => Promise<AccountState>): Promise<void> {
    this.task = task;
    this.taskError = null;
    this.cancelRequested = false;
    try {
      this.setAccount(await operation());
      this.dataVersion++;
    } catch (reason) {
      const error = toIpcError(reason);
      // Cancelling on purpose is not a failure worth a message.
      if (!(this.cancelRequested && error.code === "oauthCancelled")) {
        this.taskError = { task, error };
      }
    } finally {
      this.task = null;
      this.cancelRequested = false;
    }
  }

  private setAccount(account: AccountState): void {
    const hadAccount = this.account.state === "linked" || this.account.state === "reconnectNeeded";
    this.account = account;
    if (account.state === "none") {
      this.calendars = [];
      this.calendarsLoaded = false;
      this.calendarsError = null;
      this.setOutbox([]);
    } else if ((account.state === "linked" || account.state === "reconnectNeeded") && !hadAccount) {
      void this.loadCalendars();
      void this.loadOutbox();
    }
  }
}

/** The session shared below `App`: `setSession` once there, `getSession()` anywhere below. */
export const [getSession, setSession] = createContext<Session>();
