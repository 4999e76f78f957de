import { toIpcError, type Backend } from "../ipc/backend";
import type { AvailabilityState, ConfigProblem, IpcError, PracticeConfig } from "../ipc/bindings";
import { emptyConfig, plainConfig, sameConfig } from "./model";

/**
 * Unsaved drafts by backend and calendar. The app shows one view at a time: leaving the
 * Disponibilités view and coming back finds the edits where they were.
 */
const unsaved = new WeakMap<Backend, Map<string, PracticeConfig>>();

function draftsOf(backend: Backend): Map<string, PracticeConfig> {
  let drafts = unsaved.get(backend);
  if (!drafts) {
    drafts = new Map();
    unsaved.set(backend, drafts);
  }
  return drafts;
}

/**
 * One calendar's availability being edited: the state the backend last returned, and the user's
 * draft. Every edit goes to the draft (nothing is lost while the user works, nor when a save is
 * refused); {@link save} sends it.
 */
export class AvailabilityEditor {
  /** What the backend last returned (saved configuration, role, problems, publish status). */
  state = $state.raw<AvailabilityState | null>(null);
  /** The configuration as the user is editing it. */
  draft = $state.raw<PracticeConfig>(emptyConfig());
  /** Why the configuration could not be read, if it could not. */
  loadError = $state.raw<IpcError | null>(null);
  /** A save is under way. */
  saving = $state(false);
  /** Why the last save was refused (the draft is kept). */
  saveError = $state.raw<IpcError | null>(null);
  /** When the last save from this screen succeeded. */
  savedAt = $state.raw<Date | null>(null);

  /** The draft differs from the saved configuration. */
  readonly dirty = $derived(this.state !== null && !sameConfig(this.draft, this.state.config));
  /** May open new availability (the calendar's owner). */
  readonly canCreate = $derived(this.state?.canCreate ?? false);
  /** May change or cancel availability (owner, secretary). */
  readonly canModify = $derived(this.state?.canModify ?? false);

  constructor(
    private readonly backend: Backend,
    readonly calendarId: string,
  ) {}

  /**
   * Reads the calendar's configuration; the draft starts as it — or as the user left it, when
   * they went to another view with unsaved edits.
   */
  async load(): Promise<void> {
    this.loadError = null;
    try {
      const state = await this.backend.getAvailability(this.calendarId);
      const kept = draftsOf(this.backend).get(this.calendarId);
      this.state = state;
      this.draft = kept && !sameConfig(kept, state.config) ? kept : state.config;
      this.saveError = null;
    } catch (reason) {
      this.loadError = toIpcError(reason);
    }
  }

  /** Keeps the draft for a later visit while it differs from the saved configuration. */
  private remember(): void {
    const drafts = draftsOf(this.backend);
    if (this.state && !sameConfig(this.draft, this.state.config)) {
      drafts.set(this.calendarId, this.draft);
    } else {
      drafts.delete(this.calendarId);
    }
  }

  /**
   * Reads the state again (publish status, problems) without touching the user's edits: the
   * draft follows only when it had none.
   */
  async refresh(): Promise<void> {
    try {
      const state = await this.backend.getAvailability(this.calendarId);
      const clean = !this.dirty;
      this.state = state;
      if (clean) this.draft = state.config;
      this.remember();
    } catch {
      // The screen keeps what it has; the next action reports a lasting problem.
    }
  }

  /** Takes `state` as saved, draft included (after a load or an import). */
  accept(state: AvailabilityState): void {
    this.state = state;
    this.draft = state.config;
    this.saveError = null;
    this.remember();
  }

  /** Applies an edit to the draft. */
  edit(change: (config: PracticeConfig) => PracticeConfig): void {
    this.draft = change(this.draft);
    this.saveError = null;
    this.remember();
  }

  /**
   * The problems `config` would have once saved, without saving it (the core's validation,
   * `check_availability`): the forms ask before changing the draft.
   */
  async check(config: PracticeConfig): Promise<ConfigProblem[]> {
    return this.backend.checkAvailability(this.calendarId, plainConfig(config));
  }

  /** Puts the draft back to the saved configuration. */
  discard(): void {
    if (this.state) this.draft = this.state.config;
    this.saveError = null;
    this.remember();
  }

  /**
   * Saves the draft. On success the saved state comes back (with its problems) and the draft is
   * kept as the user wrote it; on a refusal (`forbidden`, …) the draft is kept and
   * {@link saveError} says why. Returns whether it was saved.
   */
  async save(): Promise<boolean> {
    if (this.saving) return false;
    this.saving = true;
    this.saveError = null;
    const sent = this.draft;
    try {
      const state = await this.backend.saveAvailability(this.calendarId, plainConfig(sent));
      this.state = state;
      // Edits made while saving stay in the draft; otherwise take the saved form.
      if (this.draft === sent) this.draft = state.config;
      this.remember();
      this.savedAt = new Date();
      return true;
    } catch (reason) {
      this.saveError = toIpcError(reason);
      return false;
    } finally {
      this.saving = false;
    }
  }
}
